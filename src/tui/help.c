/* help.c - the help screen, generated from the key table (keys.c): the
 * keys of the screen it was opened from first, then every other screen's,
 * and a legend for the board and the patient screen. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "keys.h"
#include "view.h"
#include "vigil/ward.h"

#define HELP_LINES_MAX 320
#define KEYS_W 18

struct help_line {
	char keys[64];
	char text[200];
	bool title;
};

struct help_state {
	struct help_line lines[HELP_LINES_MAX];
	size_t n, top;
	const vigil_protocols *protocols;
};

int help_init(struct tui *t)
{
	t->help = calloc(1, sizeof *t->help);
	return t->help ? 0 : -1;
}

void help_free(struct tui *t)
{
	free(t->help);
	t->help = NULL;
}

static void add(struct help_state *h, const char *keys, const char *text, bool title)
{
	if (h->n == HELP_LINES_MAX)
		return;
	struct help_line *l = &h->lines[h->n++];
	snprintf(l->keys, sizeof l->keys, "%s", keys);
	snprintf(l->text, sizeof l->text, "%s", text);
	l->title = title;
}

static void add_key(const char *keys, const char *help, void *ctx)
{
	add(ctx, keys, help, false);
}

static void add_legend(struct help_state *h, tui_scope scope)
{
	if (scope == SCOPE_BOARD) {
		add(h, "!", "the next assessment is overdue (the row is bold, and says \"over\")", false);
		add(h, "Trend", "the last totals of the last scale, oldest on the left", false);
		for (size_t i = 0; i < vigil_protocols_count(h->protocols); i++) {
			const vigil_protocol *p = vigil_protocols_at(h->protocols, i);
			char text[200];
			snprintf(text, sizeof text, "%s: %s", p->scale, *p->name ? p->name : p->source);
			add(h, "Next due", text, false);
		}
		add(h, "Next due", "the most urgent of the patient's active scales", false);
	} else if (scope == SCOPE_PATIENT) {
		add(h, "Chart", "the highest total in each column's span of time; dotted lines "
		                "mark where each band starts; the selected assessment is marked "
		                "under the axis", false);
		add(h, "L, *", "in the history: a late entry; a correction of an earlier one", false);
	} else if (scope == SCOPE_HANDOVER) {
		add(h, "N", "assessments performed during the shift on that scale (current ones: "
		            "amended and entered-in-error ones do not count)", false);
		add(h, "First ... High", "the first, last, lowest, mean and highest total", false);
		add(h, "At", "when the highest was performed", false);
		add(h, "Over", "reassessments overdue during the shift (bold when not 0)", false);
	}
}

static void add_scope(struct help_state *h, tui_scope scope)
{
	if (h->n)
		add(h, "", "", false);
	add(h, "", keys_scope_title(scope), true);
	keys_each_help(scope, add_key, h);
	add_legend(h, scope);
}

void help_open(struct tui *t, tui_scope scope)
{
	struct help_state *h = t->help;
	h->n = h->top = 0;
	h->protocols = t->protocols;
	add_scope(h, scope);
	add_scope(h, SCOPE_GLOBAL);
	for (int s = 0; s < SCOPE_COUNT; s++)
		if (s != (int)scope && s != SCOPE_GLOBAL)
			add_scope(h, (tui_scope)s);
	tui_push(t, VIEW_HELP);
}

static int page(void)
{
	return tui_body_rows();
}

static void help_draw(struct tui *t)
{
	struct help_state *h = t->help;
	tui_draw_frame(t, "Help: keys", SCOPE_HELP);
	int top = tui_body_top(), end = top + page(), cols = draw_cols(), y = top;
	int tw = cols - KEYS_W - 3;
	size_t i = h->top;
	for (; i < h->n && y < end; i++) {
		const struct help_line *l = &h->lines[i];
		if (l->title) {
			draw_text(y++, 1, cols - 2, ST_BOLD | ST_UNDERLINE, l->text);
			continue;
		}
		draw_text(y, 2, KEYS_W - 1, STYLE_KEY, l->keys);
		int n = draw_wrap(y, 2 + KEYS_W, tw, end - y, ST_NORMAL, l->text);
		y += n > 0 ? n : 1;
	}
	if (i < h->n)
		draw_glyph(end - 1, cols - 1, GLYPH_DOWN, ST_BOLD);
	if (h->top > 0)
		draw_glyph(top, cols - 1, GLYPH_UP, ST_BOLD);
}

static void help_key(struct tui *t, tui_action action, const tui_key *key)
{
	struct help_state *h = t->help;
	size_t rows = (size_t)page(), last = h->n > rows ? h->n - rows : 0;
	(void)key;
	switch (action) {
	case ACT_UP: h->top = h->top ? h->top - 1 : 0; break;
	case ACT_DOWN: h->top = h->top < last ? h->top + 1 : last; break;
	case ACT_PAGE_UP: h->top = h->top > rows ? h->top - rows : 0; break;
	case ACT_PAGE_DOWN: h->top = h->top + rows < last ? h->top + rows : last; break;
	case ACT_HOME: h->top = 0; break;
	case ACT_END: h->top = last; break;
	case ACT_BACK: tui_pop(t); break;
	default: break;
	}
}

const tui_view help_view = {
	.name = "help",
	.scope = SCOPE_HELP,
	.draw = help_draw,
	.key = help_key,
};
