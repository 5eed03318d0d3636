/* board.c - the ward board (home screen): every admitted patient by bed,
 * the worst current band across their active scales, a trend, and the
 * most urgent due time, each naming its scale (ward.h). Marks, never
 * colour only: '!' overdue (the row bold, "over"), '*' a warning in force
 * or a dose at the protocol's 24-hour maximum (the selected row's first
 * in the status line), '+' or '-' buprenorphine induction criteria met or
 * not (decision support, the selected row's readiness line in the status
 * line), '#' before the due time when the most urgent one was not done
 * (refused, off ward) and stays due. Also the "not done" picker (N),
 * shared with the entry and patient screens; D, V, T and U open the
 * patient's dose, vital-signs, note and last-use forms. '/' finds a
 * patient, ranked by the core (vigil_ward_find_rank); ] and [ go to the
 * next and previous match. The band of each row by a mark and, with
 * colour, by colour; 's' sorts by bed, worst first or due soonest (the
 * header says which). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dialog.h"
#include "draw.h"
#include "field.h"
#include "keys.h"
#include "view.h"
#include "vigil/chart.h"
#include "vigil/due.h"
#include "vigil/ward.h"

enum { C_MARK, C_BED, C_NAME, C_MRN, C_LAST, C_AGO, C_TREND, C_DUE, NCOLS };

/* The name, the trend and the last band share the room left: the band's
 * words whole first (the name keeping NAME_MIN), then the name up to
 * NAME_WANT, then the trend. */
#define NAME_WANT 12
#define NAME_MIN 9
#define LAST_TEXT (VIGIL_BAND_WORDS_MAX + 48)

static const struct column {
	const char *title;
	int width; /* the least */
	int max;
} columns[NCOLS] = {
	[C_MARK] = { "", 4, 4 },           [C_BED] = { "Bed", 3, 12 },
	[C_NAME] = { "Name", 4, 40 },      [C_MRN] = { "MRN", 3, 20 },
	[C_LAST] = { "Last", 16, 60 },     [C_AGO] = { "Ago", 6, 6 },
	[C_TREND] = { "Trend", 5, 10 },    [C_DUE] = { "Next due", 20, 20 },
};

struct layout {
	int x[NCOLS], w[NCOLS];
};

/* What the board shows of a row's chart and band, read once per reload. */
struct row_chart {
	vigil_readiness ready;
	vigil_cap_flags caps;
	char last[LAST_TEXT];  /* "COWS 30 moderately severe" */
	char brief[LAST_TEXT]; /* "COWS 30 mod. severe": when the whole does not fit */
};

struct board_state {
	vigil_ward ward;
	struct row_chart *chart; /* one per row of ward */
	vigil_ward_order order;
	size_t *index;           /* the rows in order: position -> row of ward */
	size_t sel, top;         /* positions */
	int note_rows;           /* the selected row's notes, as last drawn */
	bool finding, find_failed;
	size_t find_from;
	tui_field find;
	char find_last[VIGIL_FULL_NAME_MAX + 1]; /* what ] and [ search for again */
	char nd_scale[VIGIL_SCALE_KEY_MAX + 1]; /* the not-done dialog's scale */
};

/* The header (tui.c) names the ward on every screen, the login too, so a
 * training database's mark goes in front of the ward's name: every screen
 * says TRAINING, in the header's reverse video, and a narrow header cuts
 * the name before the mark. The board is set up once, at start. */
static void mark_training(struct tui *t)
{
	static const char mark[] = "TRAINING | ";
	char name[sizeof t->ward - sizeof mark + 1];
	if (!t->training)
		return;
	vigil_copy(name, sizeof name, t->ward);
	snprintf(t->ward, sizeof t->ward, "%s%s", mark, name);
}

int board_init(struct tui *t)
{
	mark_training(t);
	t->board = calloc(1, sizeof *t->board);
	if (!t->board)
		return -1;
	field_init(&t->board->find, "Find: ", VIGIL_FULL_NAME_MAX, false);
	return 0;
}

void board_free(struct tui *t)
{
	if (t->board) {
		vigil_ward_free(&t->board->ward);
		free(t->board->chart);
		free(t->board->index);
	}
	free(t->board);
	t->board = NULL;
}

/* The row of ward shown at position pos. */
static size_t row_at(const struct board_state *b, size_t pos)
{
	return b->index && pos < b->ward.count ? b->index[pos] : pos;
}

static const vigil_ward_row *selected_row(const struct board_state *b)
{
	return b->sel < b->ward.count ? &b->ward.rows[row_at(b, b->sel)] : NULL;
}

const vigil_patient *board_selected(const struct tui *t)
{
	const vigil_ward_row *r = selected_row(t->board);
	return r ? &r->patient : NULL;
}

void board_select(struct tui *t, int64_t patient_id)
{
	struct board_state *b = t->board;
	for (size_t pos = 0; pos < b->ward.count; pos++)
		if (b->ward.rows[row_at(b, pos)].patient.id == patient_id)
			b->sel = pos;
}

size_t board_count(const struct tui *t)
{
	return t->board->ward.count;
}

/* "moderately severe" is "mod. severe" when the whole does not fit: the
 * first word's first three letters, then the rest. */
static void words_brief(const char *words, char *out, size_t size)
{
	const char *space = strchr(words, ' ');
	if (strlen(words) <= 12 || !space || space - words <= 4)
		snprintf(out, size, "%s", words);
	else
		snprintf(out, size, "%.3s.%s", words, space);
}

/* "COWS 30 moderately severe": the scale, the total and the band's words
 * from the definition in force (the scale's own label). */
static void last_words(const struct tui *t, const vigil_ward_row *r, struct row_chart *c)
{
	char words[VIGIL_BAND_WORDS_MAX], brief[VIGIL_BAND_WORDS_MAX];
	const vigil_patient_state *st = &r->state;
	const vigil_scale *def = st->worst >= 0 ? st->scales[st->worst].def : NULL;
	if (!def || strcmp(def->key, r->last.scale))
		def = vigil_scales_find(t->scales, r->last.scale);
	vigil_scale_band_words(def, r->last.band, words, sizeof words);
	words_brief(words, brief, sizeof brief);
	const char *name = tui_scale_name(t, r->last.scale);
	snprintf(c->last, sizeof c->last, "%s %d%s%s", name, r->last.total, *words ? " " : "", words);
	snprintf(c->brief, sizeof c->brief, "%s %d%s%s", name, r->last.total, *brief ? " " : "",
	         brief);
}

/* Each row's induction readiness and the doses at a protocol's 24-hour
 * maximum: two look-ups a patient, once per reload (not per frame). A
 * failure is said once and leaves the rows without them. */
static void load_chart(struct tui *t)
{
	struct board_state *b = t->board;
	vigil_error err;
	free(b->chart);
	b->chart = b->ward.count ? calloc(b->ward.count, sizeof *b->chart) : NULL;
	if (b->ward.count && !b->chart) {
		tui_error(t, "out of memory: readiness and dose maximums not shown");
		return;
	}
	for (size_t i = 0; i < b->ward.count; i++) {
		const vigil_ward_row *r = &b->ward.rows[i];
		struct row_chart *c = &b->chart[i];
		if (vigil_readiness_get(&t->session, &r->state, t->now, &c->ready, &err) != VIGIL_OK ||
		    vigil_dose_caps(&t->session, t->protocols, &r->patient, t->now, &c->caps, &err) !=
		            VIGIL_OK) {
			memset(c, 0, sizeof *c);
			tui_error(t, "%s", err.msg);
		}
		if (r->has_last)
			last_words(t, r, c);
	}
}

/* The rows in the order chosen, at the time of the reload. */
static void sort_rows(struct tui *t)
{
	struct board_state *b = t->board;
	free(b->index);
	b->index = b->ward.count ? malloc(b->ward.count * sizeof *b->index) : NULL;
	if (b->index)
		vigil_ward_sort(&b->ward, b->order, t->now, b->index);
	else if (b->ward.count)
		tui_error(t, "out of memory: the board is by bed");
}

static const struct row_chart *row_chart(const struct board_state *b, size_t i)
{
	static const struct row_chart none;
	return b->chart && i < b->ward.count ? &b->chart[i] : &none;
}

/* Reloads the protocols in force and the ward, keeping the same patient
 * selected. */
void board_reload(struct tui *t)
{
	struct board_state *b = t->board;
	int64_t id = board_selected(t) ? board_selected(t)->id : 0;
	vigil_ward w;
	vigil_error err;
	keys_set_role(t->session.user.role); /* after every login */
	if (tui_reload_protocols(t) != 0)
		return;
	if (vigil_ward_load(&t->session, t->protocols, &w, &err) != VIGIL_OK) {
		tui_error(t, "%s", err.msg);
		return;
	}
	vigil_ward_free(&b->ward);
	b->ward = w;
	load_chart(t);
	sort_rows(t);
	if (b->sel >= w.count)
		b->sel = w.count ? w.count - 1 : 0;
	board_select(t, id);
}

/* ---- drawing -------------------------------------------------------- */

/* The MRN and bed are shown whole (they say who the row is: similar MRNs
 * must not look alike), as wide as the longest on the ward; so is the last
 * band's text when there is room (the name keeping NAME_MIN), then the
 * name and the trend take the rest, and the name is the one cut. */
static void lay_out(const struct board_state *b, int cols, struct layout *l)
{
	const vigil_ward *ward = &b->ward;
	int mrn = columns[C_MRN].width, bed = columns[C_BED].width, last = columns[C_LAST].width;
	for (size_t i = 0; i < ward->count; i++) {
		int m = draw_width(ward->rows[i].patient.mrn), w = draw_width(ward->rows[i].patient.bed);
		int t = draw_width(row_chart(b, i)->last);
		mrn = m > mrn ? m : mrn;
		bed = w > bed ? w : bed;
		last = t > last ? t : last;
	}
	int fixed = NCOLS - 1;
	for (int c = 0; c < NCOLS; c++) {
		l->w[c] = columns[c].width;
		if (c == C_MRN)
			l->w[c] = mrn < columns[c].max ? mrn : columns[c].max;
		if (c == C_BED)
			l->w[c] = bed < columns[c].max ? bed : columns[c].max;
		if (c != C_NAME && c != C_TREND && c != C_LAST)
			fixed += l->w[c];
	}
	int room = cols - fixed, most = room - NAME_MIN - columns[C_TREND].width;
	last = last < columns[C_LAST].max ? last : columns[C_LAST].max;
	l->w[C_LAST] = last < most ? last : most > columns[C_LAST].width ? most : columns[C_LAST].width;
	room -= l->w[C_LAST];
	int trend = room - NAME_WANT;
	trend = trend < columns[C_TREND].width ? columns[C_TREND].width
	        : trend > columns[C_TREND].max ? columns[C_TREND].max : trend;
	int name = room - trend;
	name = name < columns[C_NAME].max ? name : columns[C_NAME].max;
	l->w[C_TREND] = trend;
	l->w[C_NAME] = name > columns[C_NAME].width ? name : columns[C_NAME].width;
	int x = 0;
	for (int c = 0; c < NCOLS; c++) {
		l->x[c] = x;
		x += l->w[c] + 1;
	}
}

/* A band's severity as a mark, by height, and with colour as colour:
 * none for the lowest band ("no active withdrawal", CIWA-Ar's mild). */
static const struct {
	glyph_id glyph;
	int colour;
} severities[] = {
	[VIGIL_SEVERITY_LOWEST] = { GLYPH_COUNT, ST_GREEN },
	[VIGIL_SEVERITY_LOW] = { GLYPH_SEV_LOW, ST_YELLOW },
	[VIGIL_SEVERITY_HIGH] = { GLYPH_SEV_HIGH, ST_YELLOW | ST_BOLD },
	[VIGIL_SEVERITY_HIGHEST] = { GLYPH_SEV_HIGHEST, ST_RED | ST_BOLD },
};

/* The colour a row's band words and mark take (0 without a band). */
static int severity_style(vigil_severity sev)
{
	return sev == VIGIL_SEVERITY_NONE ? 0 : severities[sev].colour;
}

static void draw_trend(const vigil_ward_row *r, int y, int x, int width, int style)
{
	int max = r->last.max_total > 0 ? r->last.max_total : 1;
	size_t from = r->ntrend > (size_t)width ? r->ntrend - (size_t)width : 0;
	for (size_t i = from; i < r->ntrend; i++) {
		int v = r->trend[i] < 0 ? 0 : r->trend[i] > max ? max : r->trend[i];
		draw_spark(y, x++, (v * 7 + max / 2) / max, style);
	}
}

/* The worst current band across the active scales, naming its scale, in
 * the band's colour: whole, else with its first word cut short, else cut
 * with the marker. */
static void draw_last(struct tui *t, const vigil_ward_row *r, const struct row_chart *c, int y,
                      const struct layout *l, int style)
{
	char ago[32];
	if (!r->has_last) {
		draw_text(y, l->x[C_LAST], l->w[C_LAST], style | ST_DIM,
		          r->state.nscales ? "no assessment yet" : "no scale");
		return;
	}
	const char *text = draw_width(c->last) <= l->w[C_LAST] ? c->last : c->brief;
	draw_data(y, l->x[C_LAST], l->w[C_LAST], style | severity_style(vigil_ward_severity(r)),
	          text);
	vigil_time since = t->now - r->last.performed_at;
	vigil_duration_format(since > 0 ? since : 0, ago, sizeof ago);
	draw_text(y, l->x[C_AGO], l->w[C_AGO], style, ago);
	draw_trend(r, y, l->x[C_TREND], l->w[C_TREND], style);
}

/* "in 45m"; "due now" within a minute of the due time, or past it but
 * within the protocol's grace; "over 15m" (from the due time). */
void board_due_words(vigil_time due_at, bool overdue, vigil_time now, char *buf, size_t size)
{
	char dur[32];
	vigil_duration_format(due_at - now, dur, sizeof dur);
	if (due_at - now < 60 && (!overdue || now - due_at < 60))
		snprintf(buf, size, "due now");
	else if (overdue)
		snprintf(buf, size, "over %s", dur);
	else
		snprintf(buf, size, "in %s", dur);
}

/* "CIWA-Ar over 15m": the most urgent due time of any active scale. The
 * time is never cut; a long scale name is. A '#' before it when that due
 * time was not done (refused, off ward) and stays due. */
static void draw_due(struct tui *t, const vigil_ward_row *r, int y, const struct layout *l,
                     int style, bool overdue)
{
	int x = l->x[C_DUE] + 1, w = l->w[C_DUE] - 1;
	char when[40];
	if (!r->timed) {
		if (r->state.nscales)
			draw_text(y, x, w, style | ST_DIM, "not timed");
		return;
	}
	if (r->flagged)
		draw_text(y, l->x[C_DUE], 1, style | STYLE_OVERDUE, "#");
	board_due_words(r->due_at, overdue, t->now, when, sizeof when);
	int tw = draw_width(when);
	x += draw_data(y, x, w - tw - 1, style, tui_scale_name(t, r->due_scale));
	draw_text(y, x + 1, tw, style, when);
}

static void draw_row(struct tui *t, const vigil_ward_row *r, const struct row_chart *c, int y,
                     const struct layout *l, bool selected)
{
	bool overdue = vigil_ward_overdue(r, t->now);
	int style = (selected ? STYLE_SELECTED : 0) | (overdue ? STYLE_OVERDUE : 0);
	if (selected)
		draw_fill(y, 0, draw_cols(), style);
	draw_text(y, l->x[C_MARK], 1, style, overdue ? "!" : " ");
	if (r->nwarnings || c->caps.n)
		draw_text(y, l->x[C_MARK] + 1, 1, style | STYLE_OVERDUE, "*");
	if (c->ready.applies)
		draw_text(y, l->x[C_MARK] + 2, 1, style | ST_BOLD, c->ready.met ? "+" : "-");
	vigil_severity sev = vigil_ward_severity(r);
	if (sev > VIGIL_SEVERITY_LOWEST)
		draw_glyph(y, l->x[C_MARK] + 3, severities[sev].glyph, style | severities[sev].colour);
	draw_data(y, l->x[C_BED], l->w[C_BED], style, r->patient.bed);
	draw_data(y, l->x[C_NAME], l->w[C_NAME], style, r->patient.name);
	draw_data(y, l->x[C_MRN], l->w[C_MRN], style, r->patient.mrn);
	draw_last(t, r, c, y, l, style);
	draw_due(t, r, y, l, style, overdue);
}

/* The list's rows: the body less its column titles, and less the row the
 * selected patient's notes take above the status line when they need two
 * (so they never draw over the last patient). */
static int list_rows(const struct board_state *b)
{
	return tui_body_rows() - 1 - (b->note_rows > 1 ? b->note_rows - 1 : 0);
}

static void keep_visible(struct board_state *b)
{
	size_t rows = (size_t)(list_rows(b) > 1 ? list_rows(b) : 1);
	if (b->sel < b->top)
		b->top = b->sel;
	if (b->sel >= b->top + rows)
		b->top = b->sel - rows + 1;
}

/* The selected row's notes: its first warning (a protocol's, else a dose
 * at the 24-hour maximum) and its not-done flag in line, its induction
 * readiness in ready; returns the rows they take (0 to 2). */
struct row_notes {
	char line[1200];
	char ready[640]; /* the readiness's line (400) and words around it */
};

static int row_notes(const vigil_ward_row *r, const struct row_chart *c, struct row_notes *o)
{
	char *line = o->line, *ready = o->ready;
	size_t n = 0, warnings = r->nwarnings + c->caps.n;
	line[0] = ready[0] = '\0';
	const char *first = r->warning ? r->warning : c->caps.n ? c->caps.text[0] : NULL;
	if (first)
		n += (size_t)snprintf(line, sizeof o->line, "* %s", first);
	if (warnings > 1 && n < sizeof o->line)
		n += (size_t)snprintf(line + n, sizeof o->line - n, " (%zu more: Enter)", warnings - 1);
	if (r->flagged && r->state.most_urgent >= 0 && n < sizeof o->line)
		snprintf(line + n, sizeof o->line - n, "%s# %s", n ? "  " : "",
		         r->state.scales[r->state.most_urgent].flag);
	if (c->ready.applies)
		snprintf(ready, sizeof o->ready, "%s induction readiness (decision support): %s",
		         c->ready.met ? "+" : "-", c->ready.line);
	if (!line[0] && !ready[0])
		return 0;
	return line[0] && ready[0] ? 2 : draw_width(line[0] ? line : ready) > draw_cols() ? 2 : 1;
}

/* The notes in the status line when nothing else is said there: two rows
 * at most, the warnings first. */
static void draw_row_notes(const struct row_notes *o, int lines)
{
	const char *line = o->line, *ready = o->ready;
	int cols = draw_cols(), y = draw_rows() - 1 - lines;
	if (!lines)
		return;
	for (int i = 0; i < lines; i++)
		draw_fill(y + i, 0, cols, ST_NORMAL);
	if (line[0])
		y += draw_wrap(y, 0, cols, ready[0] ? 1 : lines, STYLE_ERROR, line);
	if (ready[0])
		draw_wrap(y, 0, cols, line[0] ? 1 : lines, ST_BOLD, ready);
}

static void board_draw(struct tui *t)
{
	struct board_state *b = t->board;
	size_t overdue = 0;
	for (size_t i = 0; i < b->ward.count; i++)
		overdue += vigil_ward_overdue(&b->ward.rows[i], t->now);
	char title[128];
	snprintf(title, sizeof title, "Board: %zu patient%s, %zu overdue, by %s", b->ward.count,
	         b->ward.count == 1 ? "" : "s", overdue, vigil_ward_order_name(b->order));
	tui_draw_frame(t, title, b->finding ? SCOPE_FIELD : SCOPE_BOARD);
	struct layout l;
	lay_out(b, draw_cols(), &l);
	struct row_notes notes;
	bool notes_shown = !b->finding && !t->msg[0] && !dialog_active(t) && b->sel < b->ward.count;
	b->note_rows = notes_shown ? row_notes(selected_row(b), row_chart(b, row_at(b, b->sel)), &notes)
	                           : 0;
	int y = tui_body_top();
	/* As htop does: the column the rows are sorted by, in reverse. */
	int sorted = b->order == VIGIL_WARD_WORST ? C_LAST : b->order == VIGIL_WARD_DUE ? C_DUE : C_BED;
	for (int c = 0; c < NCOLS; c++)
		draw_text(y, l.x[c] + (c == C_DUE), l.w[c] - (c == C_DUE),
		          ST_BOLD | (c == sorted ? ST_REVERSE : ST_UNDERLINE), columns[c].title);
	if (!b->ward.count)
		draw_text(y + 2, 2, draw_cols() - 4, ST_NORMAL,
		          "No patients on the ward. Press a to admit one.");
	keep_visible(b);
	for (size_t i = b->top; i < b->ward.count && (int)(i - b->top) < list_rows(b); i++)
		draw_row(t, &b->ward.rows[row_at(b, i)], row_chart(b, row_at(b, i)),
		         y + 1 + (int)(i - b->top), &l, i == b->sel);
	draw_row_notes(&notes, b->note_rows);
	if (b->finding)
		draw_fill(draw_rows() - 2, 0, draw_cols(), ST_NORMAL);
	if (b->finding)
		field_draw(&b->find, draw_rows() - 2, 0, 6, draw_cols() - 12, true);
	if (b->finding && b->find_failed)
		draw_text(draw_rows() - 2, draw_cols() - 12, 12, STYLE_ERROR, " no match ");
}

/* ---- find ----------------------------------------------------------- */

/* The matches in order, best rank first (vigil_ward_find_rank) and in
 * the board's order within a rank: calls fn(position, ordinal) for each
 * until it returns true; returns the count. */
typedef bool (*find_fn)(size_t pos, size_t ordinal, void *ctx);

static size_t find_each(const struct board_state *b, const char *q, find_fn fn, void *ctx)
{
	size_t n = 0;
	for (int r = VIGIL_FIND_BED; r < VIGIL_FIND_RANKS; r++)
		for (size_t pos = 0; pos < b->ward.count; pos++)
			if (vigil_ward_find_rank(&b->ward.rows[row_at(b, pos)].patient, q) ==
			    (vigil_find_rank)r) {
				if (fn && fn(pos, n, ctx))
					fn = NULL; /* found: go on counting */
				n++;
			}
	return n;
}

struct find_pos {
	size_t want; /* a position to find the ordinal of, or an ordinal the position of */
	size_t got;
	bool by_row, found;
};

static bool find_pos_fn(size_t row, size_t ordinal, void *ctx)
{
	struct find_pos *f = ctx;
	if ((f->by_row ? row : ordinal) != f->want)
		return false;
	f->got = f->by_row ? ordinal : row;
	f->found = true;
	return true;
}

/* Selects match number ordinal of q (wrapping); says which of how many,
 * or that none matches (the selection stays). */
static void find_select(struct tui *t, const char *q, size_t ordinal)
{
	struct board_state *b = t->board;
	struct find_pos f = { .want = 0 };
	size_t n = find_each(b, q, NULL, NULL);
	if (!n) {
		tui_error(t, "no patient matches '%s'", q);
		return;
	}
	f.want = ordinal % n;
	find_each(b, q, find_pos_fn, &f);
	b->sel = f.got;
	/* The only match: the status line keeps what it says of the patient
	 * (a warning, a flag); a count is worth saying only when there is a
	 * next. */
	if (n > 1)
		tui_info(t, "match %zu of %zu for '%s'", f.want + 1, n, q);
}

/* The next (step 1) or previous (step -1) match of the last search, from
 * the selected patient: the first or last when it is not a match. */
static void find_again(struct tui *t, int step)
{
	struct board_state *b = t->board;
	const char *q = b->find_last;
	if (!*q) {
		tui_error(t, "nothing searched yet: press / to find a patient");
		return;
	}
	struct find_pos f = { .want = b->sel, .by_row = true };
	size_t n = find_each(b, q, find_pos_fn, &f);
	if (!n || !f.found)
		find_select(t, q, step > 0 || !n ? 0 : n - 1);
	else
		find_select(t, q, step > 0 ? f.got + 1 : f.got + n - 1);
}

/* While typing: the best match, else back where the search started. */
static void find_update(struct board_state *b)
{
	const char *q = b->find.text;
	struct find_pos f = { .want = 0 };
	b->sel = b->find_from;
	b->find_failed = *q && !find_each(b, q, find_pos_fn, &f);
	if (f.found)
		b->sel = f.got;
}

static void find_key(struct tui *t, tui_action action, const tui_key *key)
{
	struct board_state *b = t->board;
	switch (action) {
	case ACT_SUBMIT:
		b->finding = false;
		if (!b->find.text[0]) { /* as in less: / Enter repeats the last search */
			find_again(t, 1);
			return;
		}
		vigil_copy(b->find_last, sizeof b->find_last, b->find.text);
		find_select(t, b->find_last, 0);
		return;
	case ACT_CANCEL:
		b->finding = false;
		b->sel = b->find_from;
		return;
	default: break;
	}
	if (field_edit(&b->find, action, key) == FIELD_CHANGED)
		find_update(b);
}

/* ---- not done ------------------------------------------------------ */

enum { ND_WHY, ND_NOTE, ND_TIME };

/* "1".."4" in the order of vigil_not_done_why, else the word (the core
 * reads it and words the refusal). */
static vigil_status parse_why(const char *text, vigil_not_done_why *why, vigil_error *err)
{
	while (*text == ' ')
		text++;
	if (text[0] >= '1' && text[0] < '1' + VIGIL_NOT_DONE_COUNT &&
	    (text[1] == '\0' || text[1] == ' ')) {
		*why = (vigil_not_done_why)(text[0] - '1');
		return VIGIL_OK;
	}
	return vigil_not_done_why_parse(text, why, err);
}

/* After it is recorded: when the scale is due now, from the core. */
static void say_next_due(struct tui *t, const vigil_patient *p, const char *scale,
                         const char *what)
{
	vigil_patient_state st;
	vigil_error err;
	char due[VIGIL_TIME_LOCAL_LEN], words[40];
	if (vigil_patient_state_load(&t->session, t->protocols, p, &st, &err) == VIGIL_OK)
		for (size_t i = 0; i < st.nscales; i++) {
			const vigil_scale_state *s = &st.scales[i];
			if (strcmp(s->scale, scale) || !s->timed)
				continue;
			vigil_time_format_local(s->due_at, due, sizeof due);
			board_due_words(s->due_at, vigil_scale_overdue(s, t->now), t->now, words,
			                sizeof words);
			tui_info(t, "%s. Next %s due %s (%s): %s%s%s.", what, s->def->name, due + 11,
			         words, s->why, s->flagged ? "; " : "", s->flag);
			return;
		}
	tui_info(t, "%s.", what);
}

static bool notdone_yes(struct tui *t, struct dialog *d)
{
	struct board_state *b = t->board;
	vigil_error err;
	vigil_not_done_input in = { .mrn = d->patient.mrn, .scale = b->nd_scale,
		                    .note = d->fields[ND_NOTE].text };
	int64_t id = 0;
	if (parse_why(d->fields[ND_WHY].text, &in.why, &err) != VIGIL_OK ||
	    (d->fields[ND_TIME].text[0] &&
	     tui_parse_when(t, d->fields[ND_TIME].text, &in.performed_at, &err) != VIGIL_OK) ||
	    vigil_not_done_record(&t->session, t->protocols, &in, &id, &err) != VIGIL_OK) {
		snprintf(d->error, sizeof d->error, "%s", err.msg);
		return false; /* what was typed stays */
	}
	vigil_patient p = d->patient;
	char what[1200];
	snprintf(what, sizeof what, "Recorded N%lld: %s not done for %s (%s), %s", (long long)id,
	         tui_scale_name(t, b->nd_scale), p.name, p.mrn, vigil_not_done_why_name(in.why));
	if (tui_top(t) == VIEW_ENTRY)
		entry_discard(t); /* nothing was scored: it is what was not done */
	board_reload(t);
	if (tui_top(t) == VIEW_PATIENT)
		patient_reload(t);
	say_next_due(t, &p, b->nd_scale, what);
	return true;
}

void notdone_open(struct tui *t, const vigil_patient *p, const char *scale)
{
	vigil_error err;
	if (vigil_require(&t->session, VIGIL_ACT_RECORD, &err) != VIGIL_OK) {
		tui_error(t, "%s", err.msg);
		return;
	}
	if (!scale) {
		tui_error(t, "%s (%s) is on no scale: nothing is due", p->name, p->mrn);
		return;
	}
	struct board_state *b = t->board;
	vigil_copy(b->nd_scale, sizeof b->nd_scale, scale);
	const vigil_protocol *pr = vigil_protocols_find(t->protocols, scale);
	struct dialog *d = dialog_open(t, DIALOG_FORM, "Not done", notdone_yes, NULL);
	d->patient = *p;
	dialog_para(d, "%s for %s (%s), bed %s: not done. Why?", tui_scale_name(t, scale),
	            p->name, p->mrn, p->bed[0] ? p->bed : "-");
	for (int w = 0; w < VIGIL_NOT_DONE_COUNT; w++) {
		char then[80] = "";
		if (pr && pr->not_done[w].recheck) {
			char after[32];
			vigil_duration_format(pr->not_done[w].after, after, sizeof after);
			snprintf(then, sizeof then, ": recheck in %s", after);
		} else if (pr) {
			snprintf(then, sizeof then, ": still due, marked #");
		}
		dialog_para(d, "  %d %s%s%s", w + 1, vigil_not_done_why_name((vigil_not_done_why)w),
		            then, w == VIGIL_NOT_DONE_OTHER ? " (say what in the note)" : "");
	}
	dialog_para(d, "%s", "");
	dialog_para(d, "Type the number or the word; a note is optional except for other. Time: "
	               "blank for now, HH:MM or YYYY-MM-DD HH:MM. Enter records it; Esc cancels.");
	dialog_field(d, "Why", 16);
	dialog_field(d, "Note", VIGIL_NOTE_MAX);
	dialog_field(d, "Time", 40);
}

/* ---- keys ----------------------------------------------------------- */

static void move(struct board_state *b, tui_action action)
{
	size_t n = b->ward.count, page = (size_t)(list_rows(b) > 1 ? list_rows(b) - 1 : 1);
	if (!n)
		return;
	switch (action) {
	case ACT_UP: b->sel = b->sel ? b->sel - 1 : 0; break;
	case ACT_DOWN: b->sel = b->sel + 1 < n ? b->sel + 1 : n - 1; break;
	case ACT_PAGE_UP: b->sel = b->sel > page ? b->sel - page : 0; break;
	case ACT_PAGE_DOWN: b->sel = b->sel + page < n ? b->sel + page : n - 1; break;
	case ACT_HOME: b->sel = 0; break;
	case ACT_END: b->sel = n - 1; break;
	default: break;
	}
}

static void on_patient(struct tui *t, tui_action action)
{
	const vigil_patient *p = board_selected(t);
	if (!p) {
		tui_error(t, "no patient on the ward: press a to admit one");
		return;
	}
	vigil_patient copy = *p;
	const vigil_ward_row *r = selected_row(t->board);
	if (action == ACT_OPEN)
		patient_open(t, &copy, r->has_last ? r->last.scale : NULL);
	else if (action == ACT_NEW) /* the scale the patient is followed on */
		entry_start(t, &copy, r->timed ? r->due_scale : r->has_last ? r->last.scale : NULL);
	else if (action == ACT_NOT_DONE) /* the most urgent due */
		notdone_open(t, &copy, r->timed ? r->due_scale
		                       : r->state.nscales ? r->state.scales[0].scale : NULL);
	else if (action == ACT_MOVE)
		move_open(t, &copy);
	else if (action == ACT_DOSE)
		dose_open(t, &copy);
	else if (action == ACT_VITALS)
		vitals_open(t, &copy);
	else if (action == ACT_NOTE)
		note_open(t, &copy);
	else if (action == ACT_LAST_USE)
		last_use_open(t, &copy);
	else
		discharge_open(t, &copy);
}

static void board_key(struct tui *t, tui_action action, const tui_key *key)
{
	struct board_state *b = t->board;
	if (b->finding) {
		find_key(t, action, key);
		return;
	}
	switch (action) {
	case ACT_OPEN:
	case ACT_NEW:
	case ACT_NOT_DONE:
	case ACT_DISCHARGE:
	case ACT_MOVE:
	case ACT_DOSE:
	case ACT_VITALS:
	case ACT_NOTE:
	case ACT_LAST_USE: on_patient(t, action); break;
	case ACT_FIND:
		b->finding = true;
		b->find_failed = false;
		b->find_from = b->sel;
		field_wipe(&b->find);
		break;
	/* ] and [: the key table has no find actions of its own (view.h). */
	case ACT_NEXT_ITEM: find_again(t, 1); break;
	case ACT_PREV_ITEM: find_again(t, -1); break;
	case ACT_SORT: /* the same patient stays selected */
	{
		int64_t id = board_selected(t) ? board_selected(t)->id : 0;
		b->order = (vigil_ward_order)((b->order + 1) % VIGIL_WARD_ORDERS);
		sort_rows(t);
		board_select(t, id);
		tui_info(t, "Sorted by %s.", vigil_ward_order_name(b->order));
		break;
	}
	case ACT_ADMIT: admit_open(t); break;
	case ACT_EXPORT: export_open(t, NULL, NULL); break;
	case ACT_HANDOVER: handover_open(t, board_selected(t) ? board_selected(t)->id : 0); break;
	case ACT_RELOAD:
		board_reload(t);
		if (!t->msg[0])
			tui_info(t, "Ward reloaded.");
		break;
	case ACT_QUIT: t->quit = true; break;
	default: move(b, action); break;
	}
}

static tui_scope board_scope(struct tui *t)
{
	return t->board->finding ? SCOPE_FIELD : SCOPE_BOARD;
}

const tui_view board_view = {
	.name = "board",
	.scope = SCOPE_BOARD,
	.scope_of = board_scope,
	.enter = board_reload,
	.draw = board_draw,
	.key = board_key,
};
