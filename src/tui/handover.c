/* handover.c - the shift summary on screen, for handing over to the next
 * shift: the rows of the shift CSV (vigil_shift_summary, the same core
 * call), two lines each so they fit 80 columns, the shift under way by
 * default and the ones before it with Left and Right. Like `vigil shift`
 * it starts by saying when the database is a training one and ends with
 * the witness: the ward key and the head of the audit log when it was
 * loaded. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "view.h"
#include "vigil/export.h"

enum { H_BED, H_MRN, H_NAME, H_SCALE, H_N, H_FIRST, H_LAST, H_LOW, H_MEAN, H_HIGH, H_AT,
       H_MISSED, NH };

static const struct column {
	const char *title;
	int width; /* 0: takes the room left */
	int max;
	bool right; /* numbers, right-aligned */
} columns[NH] = {
	[H_BED] = { "Bed", 4, 12, false },    [H_MRN] = { "MRN", 8, 20, false },
	[H_NAME] = { "Name", 0, 40, false },  [H_SCALE] = { "Scale", 7, 7, false },
	[H_N] = { "N", 3, 3, true },          [H_FIRST] = { "First", 5, 5, true },
	[H_LAST] = { "Last", 4, 4, true },    [H_LOW] = { "Low", 3, 3, true },
	[H_MEAN] = { "Mean", 5, 5, true },    [H_HIGH] = { "High", 4, 4, true },
	[H_AT] = { "At", 5, 5, false },       [H_MISSED] = { "Missed", 6, 6, true },
};

#define ENTRY_ROWS 2   /* screen rows per summary row */
#define WITNESS_ROWS 2 /* the ward key, the head */

struct layout {
	int x[NH], w[NH];
};

/* One row of the summary, copied out of the core's callback. */
struct ho_row {
	vigil_patient patient;
	char scale[VIGIL_SCALE_KEY_MAX + 1];
	int count, first, last, lowest, highest, missed, not_done;
	double mean;
	char band[VIGIL_BAND_MAX];
	vigil_time highest_at;
	char *performers;
};

struct ho_rows {
	struct ho_row *v;
	size_t n, cap;
	bool nomem;
};

struct handover_state {
	vigil_config cfg;
	vigil_shift shift;
	struct ho_rows rows;
	vigil_witness witness; /* read with the rows; head "" when unknown */
	size_t sel, top;
};

int handover_init(struct tui *t)
{
	t->handover = calloc(1, sizeof *t->handover);
	return t->handover ? 0 : -1;
}

static void free_rows(struct ho_rows *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].performers);
	free(r->v);
	memset(r, 0, sizeof *r);
}

void handover_free(struct tui *t)
{
	if (t->handover)
		free_rows(&t->handover->rows);
	free(t->handover);
	t->handover = NULL;
}

/* ---- loading -------------------------------------------------------- */

static int add_row(const vigil_shift_row *r, void *ctx)
{
	struct ho_rows *rows = ctx;
	if (rows->n == rows->cap) {
		size_t cap = rows->cap ? rows->cap * 2 : 32;
		struct ho_row *v = realloc(rows->v, cap * sizeof *v);
		if (!v) {
			rows->nomem = true;
			return 1;
		}
		rows->v = v;
		rows->cap = cap;
	}
	struct ho_row *h = &rows->v[rows->n];
	memset(h, 0, sizeof *h);
	if (!(h->performers = strdup(r->performers))) {
		rows->nomem = true;
		return 1;
	}
	rows->n++;
	h->patient = *r->patient;
	vigil_copy(h->scale, sizeof h->scale, r->scale);
	h->count = r->count;
	h->first = r->first, h->last = r->last;
	h->lowest = r->lowest, h->highest = r->highest;
	h->mean = r->mean;
	h->missed = r->missed;
	h->not_done = r->not_done;
	vigil_copy(h->band, sizeof h->band, r->last_band);
	h->highest_at = r->highest_at;
	return 0;
}

/* Loads the summary of sh; on failure says why and keeps what is shown. */
static bool load(struct tui *t, const vigil_shift *sh)
{
	struct handover_state *s = t->handover;
	struct ho_rows rows = { 0 };
	vigil_error err;
	if (!t->protocols) {
		tui_error(t, "the protocols are not loaded: the summary is not shown");
		return false;
	}
	if (vigil_shift_summary(&t->session, t->protocols, sh, add_row, &rows, &err) != VIGIL_OK) {
		tui_error(t, "%s", err.msg);
		free_rows(&rows);
		return false;
	}
	if (rows.nomem) {
		tui_error(t, "out of memory: the summary is not shown");
		free_rows(&rows);
		return false;
	}
	free_rows(&s->rows);
	s->rows = rows;
	s->shift = *sh;
	s->sel = s->top = 0;
	/* After the rows, so the head covers what they show. */
	if (vigil_witness_now(&t->session, &s->witness, &err) != VIGIL_OK) {
		s->witness.head[0] = '\0';
		tui_error(t, "%s: the head of the audit log is not shown", err.msg);
	}
	return true;
}

static void select_patient(struct handover_state *s, int64_t patient_id)
{
	for (size_t i = 0; patient_id && i < s->rows.n; i++) {
		if (s->rows.v[i].patient.id == patient_id) {
			s->sel = i;
			return;
		}
	}
}

void handover_open(struct tui *t, int64_t patient_id)
{
	struct handover_state *s = t->handover;
	vigil_error err;
	vigil_shift now;
	if (vigil_config_load(NULL, &s->cfg, &err) != VIGIL_OK ||
	    vigil_shift_at(&s->cfg, t->now, &now, &err) != VIGIL_OK) {
		tui_error(t, "%s", err.msg);
		return;
	}
	if (!load(t, &now))
		return;
	select_patient(s, patient_id);
	tui_raise(t, VIEW_HANDOVER);
}

/* The shift before (dir < 0) or after the one shown, or the one under
 * way (dir 0); the core knows where shifts start. */
static void go_shift(struct tui *t, int dir)
{
	struct handover_state *s = t->handover;
	vigil_error err;
	vigil_shift sh;
	if (dir > 0 && s->shift.end > t->now) {
		tui_error(t, "this is the shift under way: no later one yet");
		return;
	}
	vigil_time at = dir < 0 ? s->shift.start - 1 : dir > 0 ? s->shift.end : t->now;
	if (vigil_shift_at(&s->cfg, at, &sh, &err) != VIGIL_OK) {
		tui_error(t, "%s", err.msg);
		return;
	}
	int64_t keep = s->sel < s->rows.n ? s->rows.v[s->sel].patient.id : 0;
	if (load(t, &sh))
		select_patient(s, keep);
}

/* ---- drawing -------------------------------------------------------- */

static void lay_out(int cols, struct layout *l)
{
	int fixed = NH - 1;
	for (int c = 0; c < NH; c++) {
		l->w[c] = columns[c].width;
		fixed += l->w[c];
	}
	int spare = cols - fixed;
	int name = spare < columns[H_NAME].max ? spare : columns[H_NAME].max;
	l->w[H_NAME] = name > 4 ? name : 4;
	spare -= name;
	static const int growing[] = { H_MRN, H_BED };
	for (size_t i = 0; i < sizeof growing / sizeof growing[0] && spare > 0; i++) {
		int c = growing[i], grow = columns[c].max - l->w[c];
		grow = grow < spare ? grow : spare;
		l->w[c] += grow;
		spare -= grow;
	}
	for (int c = 0, x = 0; c < NH; c++) {
		l->x[c] = x;
		x += l->w[c] + 1;
	}
}

static void cell(const struct layout *l, int c, int y, int style, const char *text)
{
	if (columns[c].right)
		draw_text_right(y, l->x[c], l->w[c], style, text);
	else
		draw_text(y, l->x[c], l->w[c], style, text);
}

static void cell_int(const struct layout *l, int c, int y, int style, int v)
{
	char text[16];
	snprintf(text, sizeof text, "%d", v);
	cell(l, c, y, style, text);
}

/* Line 1: who, then the numbers. */
static void draw_numbers(struct tui *t, const struct ho_row *r, int y, const struct layout *l,
                         int style)
{
	char text[VIGIL_TIME_LOCAL_LEN];
	draw_data(y, l->x[H_BED], l->w[H_BED], style, r->patient.bed);
	draw_data(y, l->x[H_MRN], l->w[H_MRN], style, r->patient.mrn);
	draw_data(y, l->x[H_NAME], l->w[H_NAME], style, r->patient.name);
	cell_int(l, H_MISSED, y, style | (r->missed ? ST_BOLD : 0), r->missed);
	cell_int(l, H_N, y, style, r->count);
	if (!*r->scale) {
		cell(l, H_SCALE, y, style, "-");
		return;
	}
	draw_data(y, l->x[H_SCALE], l->w[H_SCALE], style, tui_scale_name(t, r->scale));
	if (r->count == 0)
		return;
	cell_int(l, H_FIRST, y, style, r->first);
	cell_int(l, H_LAST, y, style, r->last);
	cell_int(l, H_LOW, y, style, r->lowest);
	snprintf(text, sizeof text, "%.1f", r->mean);
	cell(l, H_MEAN, y, style, text);
	cell_int(l, H_HIGH, y, style, r->highest);
	vigil_time_format_local(r->highest_at, text, sizeof text);
	cell(l, H_AT, y, style, text + 11); /* "2026-11-21 08:27": the time */
}

/* Line 2, under the name: the band of the last, who assessed, and the
 * reassessments not done. */
static void draw_detail(const struct ho_row *r, int y, const struct layout *l, int style)
{
	int x = l->x[H_NAME], w = draw_cols() - x;
	char nd[32] = "";
	if (r->not_done)
		snprintf(nd, sizeof nd, "Not done %d", r->not_done);
	if (r->count == 0) {
		const char *none = "no assessment during this shift";
		char text[96];
		snprintf(text, sizeof text, "%s%s%s", none, *nd ? "; " : "", nd);
		draw_text(y, x, w, style | (*nd ? ST_BOLD : ST_DIM), text);
		return;
	}
	size_t n = strlen(r->band) + strlen(r->performers) + sizeof nd + 32;
	char *text = malloc(n);
	if (!text)
		return;
	snprintf(text, n, "%s%s%sby %s%s%s", r->band[0] ? "last band " : "", r->band,
	         r->band[0] ? "; " : "", r->performers, *nd ? "; " : "", nd);
	draw_data(y, x, w, style, text);
	free(text);
}

static void draw_title(struct tui *t, int y)
{
	const vigil_shift *sh = &t->handover->shift;
	char span[160], title[200], count[48];
	tui_shift_span(sh, span, sizeof span);
	snprintf(title, sizeof title, "%s%s", span,
	         sh->start <= t->now && t->now < sh->end ? ", under way" : "");
	size_t n = t->handover->rows.n;
	snprintf(count, sizeof count, "%zu row%s", n, n == 1 ? "" : "s");
	int cw = draw_width(count), cols = draw_cols();
	draw_data(y, 0, cols - cw - 2, ST_BOLD, title);
	draw_text(y, cols - cw - 1, cw, ST_NORMAL, count);
}

/* Body rows above the list: the training banner, the title, the column
 * titles. */
static int rows_above(const struct tui *t)
{
	return (t->training ? 1 : 0) + 2;
}

static int page_entries(const struct tui *t)
{
	int n = (tui_body_rows() - rows_above(t) - WITNESS_ROWS) / ENTRY_ROWS;
	return n > 1 ? n : 1;
}

static void keep_visible(const struct tui *t, struct handover_state *s)
{
	size_t page = (size_t)page_entries(t);
	if (s->sel < s->top)
		s->top = s->sel;
	if (s->sel >= s->top + page)
		s->top = s->sel - page + 1;
}

static void draw_list(struct tui *t, int y, const struct layout *l)
{
	struct handover_state *s = t->handover;
	int cols = draw_cols(), page = page_entries(t), top = y;
	keep_visible(t, s);
	size_t i = s->top;
	for (; i < s->rows.n && (int)(i - s->top) < page; i++, y += ENTRY_ROWS) {
		const struct ho_row *r = &s->rows.v[i];
		int style = i == s->sel ? STYLE_SELECTED : ST_NORMAL;
		if (i == s->sel) {
			draw_fill(y, 0, cols, style);
			draw_fill(y + 1, 0, cols, style);
		}
		draw_numbers(t, r, y, l, style);
		draw_detail(r, y + 1, l, style);
	}
	if (s->top > 0)
		draw_glyph(top, cols - 1, GLYPH_UP, ST_BOLD);
	if (i < s->rows.n)
		draw_glyph(top + page * ENTRY_ROWS - 1, cols - 1, GLYPH_DOWN, ST_BOLD);
}

/* The last body rows, as `vigil shift` ends: copied into the handover
 * book, they witness the log (vigil audit verify --witness). */
static void draw_witness(struct tui *t)
{
	const vigil_witness *w = &t->handover->witness;
	char line[160];
	int y = tui_body_top() + tui_body_rows() - WITNESS_ROWS, cols = draw_cols();
	if (!w->head[0])
		return;
	snprintf(line, sizeof line, "ward key %s", vigil_witness_key(w));
	draw_text(y, 0, cols, ST_NORMAL, line);
	snprintf(line, sizeof line, "head %s", w->head);
	draw_text(y + 1, 0, cols, ST_NORMAL, line);
}

static void handover_draw(struct tui *t)
{
	struct handover_state *s = t->handover;
	tui_draw_frame(t, "Handover", SCOPE_HANDOVER);
	struct layout l;
	lay_out(draw_cols() - 2, &l); /* the last column: the scroll marks */
	int y = tui_body_top();
	if (t->training)
		draw_text(y++, 0, draw_cols(), ST_BOLD | ST_REVERSE, VIGIL_TRAINING_BANNER);
	draw_title(t, y);
	for (int c = 0; c < NH; c++)
		cell(&l, c, y + 1, ST_BOLD | ST_UNDERLINE, columns[c].title);
	if (!s->rows.n)
		draw_text(y + 3, 2, draw_cols() - 4, ST_NORMAL,
		          "No patients on the ward during this shift.");
	draw_list(t, y + 2, &l);
	draw_witness(t);
}

/* ---- keys ----------------------------------------------------------- */

static void move(const struct tui *t, struct handover_state *s, tui_action action)
{
	size_t n = s->rows.n, page = (size_t)page_entries(t);
	if (!n)
		return;
	switch (action) {
	case ACT_UP: s->sel = s->sel ? s->sel - 1 : 0; break;
	case ACT_DOWN: s->sel = s->sel + 1 < n ? s->sel + 1 : n - 1; break;
	case ACT_PAGE_UP: s->sel = s->sel > page ? s->sel - page : 0; break;
	case ACT_PAGE_DOWN: s->sel = s->sel + page < n ? s->sel + page : n - 1; break;
	case ACT_HOME: s->sel = 0; break;
	case ACT_END: s->sel = n - 1; break;
	default: break;
	}
}

static void open_patient(struct tui *t)
{
	struct handover_state *s = t->handover;
	if (s->sel >= s->rows.n) {
		tui_error(t, "no patient on the ward during this shift");
		return;
	}
	const struct ho_row *r = &s->rows.v[s->sel];
	vigil_patient p = r->patient;
	patient_open(t, &p, r->count ? r->scale : NULL);
}

static void handover_key(struct tui *t, tui_action action, const tui_key *key)
{
	struct handover_state *s = t->handover;
	(void)key;
	switch (action) {
	case ACT_OPEN: open_patient(t); break;
	case ACT_PREV_SHIFT: go_shift(t, -1); break;
	case ACT_NEXT_SHIFT: go_shift(t, 1); break;
	case ACT_THIS_SHIFT: go_shift(t, 0); break;
	case ACT_EXPORT: export_open(t, &s->shift, NULL); break;
	case ACT_RELOAD: {
		vigil_shift sh = s->shift;
		size_t sel = s->sel;
		if (load(t, &sh))
			s->sel = sel < s->rows.n ? sel : 0;
		break;
	}
	case ACT_BACK:
		tui_pop(t);
		if (tui_top(t) == VIEW_BOARD)
			board_reload(t);
		break;
	default: move(t, s, action); break;
	}
}

const tui_view handover_view = {
	.name = "handover",
	.scope = SCOPE_HANDOVER,
	.draw = handover_draw,
	.key = handover_key,
};
