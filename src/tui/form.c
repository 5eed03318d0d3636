/* form.c - the fields of the dose and vital-signs forms */
#include <ctype.h>
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "draw.h"
#include "form.h"

void form_clear(form *f)
{
	for (size_t i = 0; i < FORM_ITEMS_MAX; i++)
		field_wipe(&f->items[i].field);
	memset(f, 0, sizeof *f);
}

form_item *form_text(form *f, const char *label, size_t max_chars)
{
	if (f->n == FORM_ITEMS_MAX)
		return NULL;
	form_item *it = &f->items[f->n++];
	memset(it, 0, sizeof *it);
	field_init(&it->field, label, max_chars, false);
	return it;
}

form_item *form_choice(form *f, const char *label)
{
	form_item *it = form_text(f, label, FORM_OPTION_BYTES - 1);
	return it;
}

void form_option(form_item *it, const char *option)
{
	if (!it || it->noptions == FORM_OPTIONS_MAX)
		return;
	vigil_copy(it->options[it->noptions++], FORM_OPTION_BYTES, option);
	if (it->noptions == 1)
		field_set(&it->field, it->options[0]);
}

const char *form_value(const form_item *it)
{
	return it->noptions ? it->options[it->option] : it->field.text;
}

void form_offer(form_item *it, const char *text)
{
	field_set(&it->field, text);
	it->offered = true;
}

static void choose(form_item *it, size_t option)
{
	it->option = option % it->noptions;
	field_set(&it->field, it->options[it->option]);
}

/* A letter on a choice: the next option starting with it. */
static form_result choose_letter(form_item *it, int code, char *msg, size_t size)
{
	for (size_t k = 1; k <= it->noptions; k++) {
		size_t o = (it->option + k) % it->noptions;
		if (code < 128 && tolower((unsigned char)it->options[o][0]) == tolower(code)) {
			choose(it, o);
			return FORM_CHANGED;
		}
	}
	size_t len = (size_t)snprintf(msg, size, "%s: ", it->field.label);
	for (size_t o = 0; o < it->noptions && len < size; o++)
		len += (size_t)snprintf(msg + len, size - len, "%s%s", o ? ", " : "", it->options[o]);
	if (len < size)
		snprintf(msg + len, size - len, " (Left or Right changes it)");
	return FORM_REFUSED;
}

static form_result edit_text(form_item *it, tui_action action, const tui_key *key, char *msg,
                             size_t size)
{
	if (it->offered && (action == ACT_TEXT || action == ACT_DELETE))
		field_wipe(&it->field); /* the offer goes as a whole */
	bool was_offered = it->offered;
	it->offered = false;
	if (was_offered && action == ACT_DELETE)
		return FORM_CHANGED;
	switch (field_edit(&it->field, action, key)) {
	case FIELD_CHANGED: return FORM_CHANGED;
	case FIELD_FULL:
		snprintf(msg, size, "%s: at most %zu characters", it->field.label,
		         it->field.max_chars);
		return FORM_REFUSED;
	case FIELD_IGNORED: break;
	}
	return FORM_IGNORED;
}

form_result form_key(form *f, tui_action action, const tui_key *key, char *msg, size_t size)
{
	if (!f->n)
		return FORM_IGNORED;
	form_item *it = &f->items[f->focus];
	msg[0] = '\0';
	switch (action) {
	case ACT_NEXT_FIELD: f->focus = (f->focus + 1) % f->n; return FORM_MOVED;
	case ACT_PREV_FIELD: f->focus = (f->focus + f->n - 1) % f->n; return FORM_MOVED;
	case ACT_CHOICE:
		if (!it->noptions) {
			snprintf(msg, size, "%s is typed; Left and Right change a choice",
			         it->field.label);
			return FORM_REFUSED;
		}
		choose(it, it->option + (key && key->fn && key->code == KEY_LEFT ? it->noptions - 1
		                                                                  : 1));
		return FORM_CHANGED;
	case ACT_TEXT:
		if (it->noptions)
			return choose_letter(it, key->code, msg, size);
		if (it->space_moves && key->code == ' ') {
			f->focus = (f->focus + 1) % f->n;
			return FORM_MOVED;
		}
		return edit_text(it, action, key, msg, size);
	case ACT_DELETE:
	case ACT_CLEAR:
		return it->noptions ? FORM_IGNORED : edit_text(it, action, key, msg, size);
	default: return FORM_IGNORED;
	}
}

void form_draw(const form *f, int y, int x, int label_width, int field_width, int width)
{
	for (size_t i = 0; i < f->n; i++, y++) {
		const form_item *it = &f->items[i];
		bool focus = i == f->focus;
		if (it->noptions) {
			draw_text(y, x, label_width, focus ? ST_BOLD : ST_NORMAL, it->field.label);
			draw_fill(y, x + label_width, field_width - 1, STYLE_FIELD);
			draw_data(y, x + label_width, field_width - 1,
			          STYLE_FIELD | (focus ? ST_REVERSE : 0), form_value(it));
		} else {
			field_draw(&it->field, y, x, label_width, label_width + field_width, focus);
		}
		int hx = x + label_width + field_width + 1;
		if (it->hint[0] && hx < x + width)
			draw_data(y, hx, x + width - hx, it->hint_style, it->hint);
	}
}
