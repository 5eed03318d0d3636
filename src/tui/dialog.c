/* dialog.c - modal dialogs: a question, a small form, a page of text */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "draw.h"

#define DIALOG_WIDTH 72

int dialog_init(struct tui *t)
{
	t->dialog = calloc(1, sizeof *t->dialog);
	return t->dialog ? 0 : -1;
}

static void clear_paras(struct dialog *d)
{
	for (size_t i = 0; i < d->nparas; i++)
		free(d->paras[i]);
	d->nparas = 0;
}

void dialog_free(struct tui *t)
{
	if (!t->dialog)
		return;
	dialog_close(t);
	free(t->dialog);
	t->dialog = NULL;
}

struct dialog *dialog_open(struct tui *t, dialog_kind kind, const char *title,
                           dialog_yes_fn on_yes, dialog_no_fn on_no)
{
	struct dialog *d = t->dialog;
	dialog_close(t);
	d->open = true;
	d->gen++;
	d->kind = kind;
	d->owner = tui_top(t);
	vigil_copy(d->title, sizeof d->title, title);
	d->on_yes = on_yes;
	d->on_no = on_no;
	return d;
}

void dialog_para(struct dialog *d, const char *fmt, ...)
{
	if (d->nparas == DIALOG_PARAS_MAX)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *p = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (!p)
		return;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	d->paras[d->nparas++] = p;
}

tui_field *dialog_field(struct dialog *d, const char *label, size_t max_chars)
{
	if (d->nfields == DIALOG_FIELDS_MAX)
		return NULL;
	tui_field *f = &d->fields[d->nfields++];
	field_init(f, label, max_chars, false);
	return f;
}

void dialog_close(struct tui *t)
{
	struct dialog *d = t->dialog;
	if (!d)
		return;
	clear_paras(d);
	for (size_t i = 0; i < d->nfields; i++)
		field_wipe(&d->fields[i]);
	d->nfields = d->focus = d->scroll = 0;
	d->error[0] = '\0';
	d->open = false;
	d->only_y = false;
	d->enter_submits = false;
	d->id = 0;
	memset(&d->patient, 0, sizeof d->patient);
}

bool dialog_active(const struct tui *t)
{
	return t->dialog && t->dialog->open && t->dialog->owner == tui_top(t);
}

tui_scope dialog_scope(const struct tui *t)
{
	switch (t->dialog->kind) {
	case DIALOG_CONFIRM: return SCOPE_DIALOG;
	case DIALOG_FORM: return SCOPE_FIELD;
	case DIALOG_TEXT: return SCOPE_HELP;
	}
	return SCOPE_DIALOG;
}

/* ---- drawing -------------------------------------------------------- */

static int paras_rows(const struct dialog *d, size_t from, int width)
{
	int rows = 0;
	for (size_t i = from; i < d->nparas; i++) {
		int n = draw_wrap_rows(width, d->paras[i]);
		rows += n > 0 ? n : 1; /* an empty paragraph is a blank line */
	}
	return rows;
}

static int label_width(const struct dialog *d)
{
	int w = 0;
	for (size_t i = 0; i < d->nfields; i++) {
		int n = draw_width(d->fields[i].label);
		w = n > w ? n : w;
	}
	return w + 2;
}

void dialog_draw(struct tui *t)
{
	struct dialog *d = t->dialog;
	int cols = draw_cols(), rows = draw_rows();
	int w = cols - 4 < DIALOG_WIDTH ? cols - 4 : DIALOG_WIDTH, inner = w - 4;
	int max_h = rows - 4;
	int err_rows = d->error[0] ? draw_wrap_rows(inner, d->error) : 0;
	int body = paras_rows(d, d->scroll, inner);
	int fixed = 2 + (d->nfields ? (int)d->nfields + 1 : 0) + (err_rows ? err_rows + 1 : 0);
	if (body > max_h - fixed)
		body = max_h - fixed;
	int h = body + fixed, y0 = (rows - h) / 2, x0 = (cols - w) / 2;
	draw_box(y0, x0, h, w, ST_NORMAL);
	char title[160];
	snprintf(title, sizeof title, " %s ", d->title);
	draw_text(y0, x0 + 2, w - 4, ST_BOLD, title);
	int y = y0 + 1, end = y0 + 1 + body;
	for (size_t i = d->scroll; i < d->nparas && y < end; i++) {
		int n = draw_wrap(y, x0 + 2, inner, end - y, ST_NORMAL, d->paras[i]);
		y += n > 0 ? n : 1;
	}
	if (d->kind == DIALOG_TEXT && paras_rows(d, d->scroll, inner) > body)
		draw_glyph(end - 1, x0 + w - 2, GLYPH_DOWN, ST_BOLD);
	if (d->kind == DIALOG_TEXT && d->scroll > 0)
		draw_glyph(y0 + 1, x0 + w - 2, GLYPH_UP, ST_BOLD);
	y = end + (d->nfields ? 1 : 0);
	int lw = label_width(d);
	for (size_t i = 0; i < d->nfields; i++, y++)
		field_draw(&d->fields[i], y, x0 + 2, lw, inner, i == d->focus);
	if (err_rows)
		draw_wrap(y, x0 + 2, inner, err_rows, STYLE_ERROR, d->error);
}

/* ---- keys ----------------------------------------------------------- */

static void answer(struct tui *t, bool yes)
{
	struct dialog *d = t->dialog;
	unsigned gen = d->gen; /* a callback may open the next dialog */
	bool close = true;
	if (yes) {
		d->error[0] = '\0';
		if (d->on_yes)
			close = d->on_yes(t, d);
	} else if (d->on_no) {
		d->on_no(t, d);
	}
	if (close && d->gen == gen)
		dialog_close(t);
}

static void form_key(struct tui *t, tui_action action, const tui_key *key)
{
	struct dialog *d = t->dialog;
	tui_field *f = &d->fields[d->focus];
	switch (action) {
	case ACT_NEXT_FIELD: d->focus = (d->focus + 1) % d->nfields; return;
	case ACT_PREV_FIELD: d->focus = (d->focus + d->nfields - 1) % d->nfields; return;
	case ACT_SUBMIT:
		if (d->focus + 1 < d->nfields && !d->enter_submits)
			d->focus++;
		else
			answer(t, true);
		return;
	case ACT_CANCEL: answer(t, false); return;
	default: break;
	}
	if (field_edit(f, action, key) == FIELD_FULL)
		snprintf(d->error, sizeof d->error, "%s: at most %zu characters", f->label,
		         f->max_chars);
}

static void text_key(struct tui *t, tui_action action)
{
	struct dialog *d = t->dialog;
	switch (action) {
	case ACT_UP:
	case ACT_PAGE_UP:
		if (d->scroll > 0)
			d->scroll--;
		break;
	case ACT_DOWN:
	case ACT_PAGE_DOWN:
		if (d->scroll + 1 < d->nparas)
			d->scroll++;
		break;
	case ACT_HOME: d->scroll = 0; break;
	case ACT_END: d->scroll = d->nparas ? d->nparas - 1 : 0; break;
	case ACT_BACK: answer(t, false); break;
	default: break;
	}
}

void dialog_key(struct tui *t, tui_action action, const tui_key *key)
{
	struct dialog *d = t->dialog;
	switch (d->kind) {
	case DIALOG_CONFIRM:
		if (action == ACT_YES && d->only_y && !(key && !key->fn && key->code == 'y')) {
			snprintf(d->error, sizeof d->error, "press y to confirm, n or Esc to go back");
			break;
		}
		if (action == ACT_YES || action == ACT_NO)
			answer(t, action == ACT_YES);
		break;
	case DIALOG_FORM: form_key(t, action, key); break;
	case DIALOG_TEXT: text_key(t, action); break;
	}
}
