/* help.c - the help screen, generated from the key table (keys.c): the
 * keys of the screen it was opened from first, then every other screen's,
 * and a legend for the board (its marks and each protocol in force, as
 * loaded from the database), the patient screen and the review page. */
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
	char text[1024];
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

/* "0-9 4-hourly; 10-67 hourly; 0-7 8-hourly after 3 in a row" */
static void intervals_words(const vigil_protocol *p, char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < p->nintervals && n < size; i++) {
		const vigil_interval_rule *r = &p->intervals[i];
		char every[40];
		vigil_every_words(r->every, every, sizeof every);
		n += (size_t)snprintf(buf + n, size - n, "%s%d-%d %s", i ? "; " : "", r->lo, r->hi,
		                      every);
		if (r->in_a_row && n < size)
			n += (size_t)snprintf(buf + n, size - n, " after %d in a row", r->in_a_row);
	}
}

/* "asleep: recheck in 2h 00m; refused, off-ward, other: still due" */
static void not_done_words(const vigil_protocol *p, char *buf, size_t size)
{
	size_t n = 0;
	bool due = false;
	buf[0] = '\0';
	for (int w = 0; w < VIGIL_NOT_DONE_COUNT && n < size; w++) {
		char after[32];
		if (!p->not_done[w].recheck)
			continue;
		vigil_duration_format(p->not_done[w].after, after, sizeof after);
		n += (size_t)snprintf(buf + n, size - n, "%s%s: recheck in %s", n ? "; " : "",
		                      vigil_not_done_why_name((vigil_not_done_why)w), after);
	}
	for (int w = 0; w < VIGIL_NOT_DONE_COUNT && n < size; w++) {
		if (p->not_done[w].recheck)
			continue;
		n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? (due ? ", " : "; ") : "",
		                      vigil_not_done_why_name((vigil_not_done_why)w));
		due = true;
	}
	if (due && n < size)
		snprintf(buf + n, size - n, ": still due, marked #");
}

/* Each protocol in force: what it is, where it comes from, and its
 * intervals, not-done rules and grace. */
static void add_protocols(struct help_state *h)
{
	size_t n = vigil_protocols_count(h->protocols);
	if (!n) {
		add(h, "Protocols", "none in force: no scale is timed", false);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const vigil_protocol *p = vigil_protocols_at(h->protocols, i);
		const vigil_scale *sc = vigil_scales_find(vigil_protocols_scales(h->protocols), p->scale);
		char text[1024], every[300], nd[200], grace[32], over[64];
		intervals_words(p, every, sizeof every);
		not_done_words(p, nd, sizeof nd);
		vigil_duration_format(p->grace, grace, sizeof grace);
		if (p->grace)
			snprintf(over, sizeof over, "%s after the due time", grace);
		else
			snprintf(over, sizeof over, "at the due time");
		snprintf(text, sizeof text, "%s (%s). Next due by the last total: %s. Not done: %s. "
		         "Overdue %s.%s", *p->name ? p->name : p->source, p->origin, every, nd, over,
		         p->nwarns ? " Its warnings are marked *." : "");
		add(h, sc ? sc->name : p->scale, text, false);
	}
}

static void add_legend(struct help_state *h, tui_scope scope)
{
	if (scope == SCOPE_BOARD) {
		add(h, "!", "the most urgent due time is overdue (past due and the protocol's "
		            "grace): the row is bold and says \"over\"", false);
		add(h, "*", "a warning is in force on one of the patient's active scales, or a dose "
		            "reaches a protocol's most over 24 hours (\"lorazepam 13 mg in 24 h: "
		            "over the protocol's 12 mg\"); the selected row's first warning is shown "
		            "in the status line", false);
		add(h, "+, -", "buprenorphine induction readiness, as decision support, never an "
		               "order: + the unit's criteria are met, - not met (what is missing is in "
		               "the status line for the selected row); only for a patient on a scale "
		               "whose protocol has induction criteria", false);
		add(h, draw_utf8() ? "\u2583 \u2585 \u2588" : ". o O",
		    "how severe the band in Last is, by its place in its scale's bands: nothing "
		    "for the lowest (no active withdrawal, CIWA-Ar mild), then higher for worse, "
		    "full for the highest; with colour, green to red", false);
		add(h, "#", "before the due time: the most urgent assessment was not done "
		            "(refused, off ward, other) and stays due", false);
		add(h, "Last", "the worst current band across the patient's active scales, naming "
		               "the scale, in the scale's own words; \"no scale\": on no scale, "
		               "nothing is due", false);
		add(h, "Sort", "the header says the order (by bed, worst first, due soonest), and "
		               "the sorted column's title is in reverse; s changes it", false);
		add(h, "Trend", "the last totals of that scale, oldest on the left", false);
		add(h, "Next due", "the most urgent due time of any active scale, naming it "
		                   "(earliest, overdue first); \"not timed\": no protocol", false);
		add(h, "/10", "finds bed 10 before the patient whose MRN1001 contains 10: the "
		              "status line says \"match 1 of 3 for '10'\"; ] and [ go to the "
		              "next and previous match, wrapping", false);
		add(h, "", "Protocols in force (an installed one replaces the built-in one at the "
		           "next refresh):", false);
		add_protocols(h);
	} else if (scope == SCOPE_PATIENT) {
		add(h, "Scales", "a line per active scale: last total and band, when, the due time "
		                 "and why; the scale shown is marked, '!' overdue, '*' warnings, "
		                 "'#' not done and still due; the warnings in force are listed "
		                 "under them", false);
		add(h, "Chart", "a point for the highest total in each column's span of time; "
		                "dotted lines where a band starts, solid ones the protocol's "
		                "decision lines, each on its own row that no point lands on, so a "
		                "point is above or below it; the y axis is scaled to the data and "
		                "the lines that matter, labelled with their values; the selected "
		                "entry is marked above the chart", false);
		add(h, "Vitals", "the latest vital signs, '!' after a value a protocol flags, then a "
		                 "short trend of heart rate and blood pressure (as many as fit)",
		    false);
		add(h, "induction", "buprenorphine induction readiness (decision support, never an "
		                    "order): the unit's criteria met, or what is missing", false);
		add(h, draw_utf8() ? "\u25b2" : "^", "under the chart's time axis: a dose given, of a drug that treats "
		                  "the scale shown, under the time it was given", false);
		add(h, "D, V, T, U", "in the history, by time with the assessments: a dose given, "
		                     "vital signs ('!' flagged), a note, a last use; Enter shows one in "
		                     "full, a corrects it, v marks it entered in error", false);
		add(h, "L, *", "in the history: a late entry; a correction of an earlier one", false);
		add(h, "not done", "in the history: a reassessment not done, with why (Enter shows "
		                   "the note)", false);
	} else if (scope == SCOPE_REVIEW) {
		add(h, "Next due", "when the protocol in force would want the next one, and why, "
		                   "if this assessment is saved at the time given", false);
		add(h, "*", "the protocol's warnings for these scores", false);
		add(h, "Bands", "where the scale's band cut-offs come from", false);
	} else if (scope == SCOPE_PICK) {
		add(h, "First", "the drug last given to the patient, else the first that treats the "
		                "scale due first; 3 keys from the board record its usual dose (D, "
		                "Enter, Enter)", false);
	} else if (scope == SCOPE_FORM) {
		add(h, "Dose", "the usual dose is offered: the first key typed replaces it. Before "
		               "Enter: what was given of the drug in the last 24 hours, the "
		               "protocol's dose range for the latest score, induction readiness for "
		               "buprenorphine, and '*' when this dose would reach the protocol's "
		               "24-hour maximum (recorded all the same: it was given). Decision "
		               "support, never an order", false);
		add(h, "Vitals", "any of heart rate, BP as 120/80, temperature, respiratory rate, "
		                 "SpO2; a space moves to the next value; '!' marks a value a protocol "
		                 "flags, and a value out of the plausible range is refused", false);
	} else if (scope == SCOPE_HANDOVER) {
		add(h, "N", "assessments performed during the shift on that scale (current ones: "
		            "amended and entered-in-error ones do not count)", false);
		add(h, "First ... High", "the first, last, lowest, mean and highest total", false);
		add(h, "At", "when the highest was performed", false);
		add(h, "Missed", "due times of the scale missed in the shift, once per interval "
		                 "(bold when not 0)", false);
		add(h, "Not done", "reassessments recorded as not done, and why", false);
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
