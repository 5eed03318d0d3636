/* patient.c - one patient: a trend chart of one scale's totals over time,
 * the history of that scale (amended and voided ones too, marked), every
 * item of the selected assessment, and from here new, amend and void. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "dialog.h"
#include "draw.h"
#include "view.h"

#define RIGHT_W 23    /* the item pane */
#define HISTORY_MIN 12/* rows kept for the list: a COWS's 11 items fit beside it */
#define CHART_MAX 13
#define DAY 86400

static const struct zoom {
	const char *name;
	vigil_time span; /* 0: the whole stay */
} zooms[] = { { "24 hours", DAY }, { "3 days", 3 * DAY }, { "7 days", 7 * DAY },
	      { "whole stay", 0 } };
#define NZOOMS (sizeof zooms / sizeof zooms[0])
#define ZOOM_DEFAULT 1

/* What the list needs of an assessment: small, so thousands stay cheap. */
struct hist_row {
	int64_t id;
	vigil_time at;
	int total, max_total;
	char band[VIGIL_BAND_MAX];
	char performer[VIGIL_TEXT_BYTES(VIGIL_USER_NAME_MAX)];
	vigil_assess_status status;
	bool late;
	int64_t supersedes;
};

struct patient_state {
	vigil_patient p;
	const vigil_scale *scale;
	struct hist_row *rows; /* newest first */
	chart_point *points;   /* the current (final) ones, for the chart */
	size_t n, npoints, cap;
	bool nomem;
	size_t sel, top;
	size_t zoom;
	bool has_detail;
	vigil_assessment detail; /* the selected one, with its items */
};

int patient_init(struct tui *t)
{
	t->patient = calloc(1, sizeof *t->patient);
	return t->patient ? 0 : -1;
}

void patient_free(struct tui *t)
{
	if (t->patient) {
		free(t->patient->rows);
		free(t->patient->points);
	}
	free(t->patient);
	t->patient = NULL;
}

/* ---- loading -------------------------------------------------------- */

static int add_row(const vigil_assessment *a, void *ctx)
{
	struct patient_state *s = ctx;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		struct hist_row *rows = realloc(s->rows, cap * sizeof *rows);
		chart_point *points = rows ? realloc(s->points, cap * sizeof *points) : NULL;
		if (rows)
			s->rows = rows;
		if (points)
			s->points = points;
		if (!rows || !points) {
			s->nomem = true;
			return 1;
		}
		s->cap = cap;
	}
	struct hist_row *r = &s->rows[s->n++];
	r->id = a->id;
	r->at = a->performed_at;
	r->total = a->total;
	r->max_total = a->max_total;
	vigil_copy(r->band, sizeof r->band, a->band);
	vigil_copy(r->performer, sizeof r->performer, a->performer);
	r->status = a->status;
	r->late = a->late;
	r->supersedes = a->supersedes;
	if (a->status == VIGIL_ASSESS_FINAL)
		s->points[s->npoints++] = (chart_point){ a->performed_at, a->total };
	return 0;
}

static void load_detail(struct tui *t)
{
	struct patient_state *s = t->patient;
	vigil_error err;
	s->has_detail = false;
	if (s->sel >= s->n)
		return;
	if (vigil_assessment_get(&t->session, s->rows[s->sel].id, &s->detail, &err) != VIGIL_OK)
		tui_error(t, "%s", err.msg);
	else
		s->has_detail = true;
}

static void load(struct tui *t)
{
	struct patient_state *s = t->patient;
	vigil_error err;
	int64_t keep = s->sel < s->n ? s->rows[s->sel].id : 0;
	vigil_query q = { .mrn = s->p.mrn, .scale = s->scale->key, .all = true };
	s->n = s->npoints = 0;
	s->nomem = false;
	if (vigil_patient_get(&t->session, s->p.mrn, &s->p, &err) != VIGIL_OK ||
	    vigil_assessment_query(&t->session, &q, add_row, s, &err) != VIGIL_OK)
		tui_error(t, "%s", err.msg);
	else if (s->nomem)
		tui_error(t, "out of memory: only the newest %zu assessments are shown", s->n);
	s->sel = 0;
	for (size_t i = 0; keep && i < s->n; i++)
		if (s->rows[i].id == keep)
			s->sel = i;
	load_detail(t);
}

void patient_open(struct tui *t, const vigil_patient *p, const char *scale)
{
	struct patient_state *s = t->patient;
	s->p = *p;
	s->scale = vigil_scales_find(t->scales, scale ? scale : "cows");
	if (!s->scale)
		s->scale = vigil_scales_at(t->scales, 0);
	s->n = s->npoints = 0;
	s->sel = s->top = 0;
	s->zoom = ZOOM_DEFAULT;
	load(t);
	tui_push(t, VIEW_PATIENT);
}

void patient_reload(struct tui *t)
{
	load(t);
}

void patient_select(struct tui *t, int64_t id)
{
	struct patient_state *s = t->patient;
	for (size_t i = 0; i < s->n; i++) {
		if (s->rows[i].id == id && s->sel != i) {
			s->sel = i;
			load_detail(t);
		}
	}
}

size_t patient_count(const struct tui *t)
{
	return t->patient->n;
}

/* ---- drawing -------------------------------------------------------- */

static int chart_rows(void)
{
	int rows = draw_rows() - 3 - 1 - 1 - HISTORY_MIN; /* frame, info, list header */
	return rows > CHART_MAX ? CHART_MAX : rows;
}

static void draw_info(struct tui *t, int y)
{
	struct patient_state *s = t->patient;
	char info[600], admitted[VIGIL_TIME_LOCAL_LEN], right[96];
	vigil_time_format_local(s->p.admitted_at, admitted, sizeof admitted);
	snprintf(info, sizeof info, "%s  %s  bed %s  admitted %s%s", s->p.name, s->p.mrn,
	         s->p.bed[0] ? s->p.bed : "-", admitted, s->p.discharged_at ? "  DISCHARGED" : "");
	snprintf(right, sizeof right, "%s, %s", s->scale->name, zooms[s->zoom].name);
	int rw = draw_width(right), cols = draw_cols();
	draw_data(y, 1, cols - rw - 3, ST_BOLD, info);
	draw_text(y, cols - rw - 1, rw, ST_REVERSE, right);
}

static void draw_chart(struct tui *t, int y, int rows)
{
	struct patient_state *s = t->patient;
	vigil_time to = s->p.discharged_at ? s->p.discharged_at : t->now;
	vigil_time span = zooms[s->zoom].span ? zooms[s->zoom].span : to - s->p.admitted_at;
	chart c = { .points = s->points, .npoints = s->npoints, .to = to, .now = t->now,
		    .max = s->scale->max_total, .bands = s->scale->bands,
		    .nbands = s->scale->nbands };
	c.from = to - (span > 3600 ? span : 3600);
	if (c.from < s->p.admitted_at && to - s->p.admitted_at >= 3600)
		c.from = s->p.admitted_at; /* no empty days before the admission */
	c.mark = s->sel < s->n ? s->rows[s->sel].at : 0;
	chart_draw(&c, y, 0, rows, draw_cols());
	if (!s->npoints)
		draw_text(y + rows / 2, 8, draw_cols() - 24, STYLE_DIM,
		          "no current assessments on this scale");
}

/* The history list's columns: x and width. */
enum { H_TIME, H_FLAG, H_TOTAL, H_BAND, H_BY, H_STATUS, NH };
static const struct {
	const char *title;
	int x, w;
} hcols[NH] = {
	[H_TIME] = { "Time", 0, 11 },   [H_FLAG] = { "", 12, 1 },  [H_TOTAL] = { "Total", 14, 5 },
	[H_BAND] = { "Band", 20, 10 },  [H_BY] = { "By", 31, 8 },  [H_STATUS] = { "Status", 40, 16 },
};

static void draw_hist_header(int y, int w)
{
	draw_fill(y, 0, w, ST_UNDERLINE);
	for (int c = 0; c < NH; c++)
		draw_text(y, hcols[c].x, hcols[c].w, ST_BOLD | ST_UNDERLINE, hcols[c].title);
}

static void draw_hist_row(const struct hist_row *r, int y, int w, bool selected)
{
	char when[VIGIL_TIME_LOCAL_LEN], total[24];
	int style = selected ? STYLE_SELECTED : 0;
	if (r->status != VIGIL_ASSESS_FINAL)
		style |= ST_DIM;
	if (selected)
		draw_fill(y, 0, w, style);
	vigil_time_format_local(r->at, when, sizeof when);
	snprintf(total, sizeof total, "%d/%d", r->total, r->max_total);
	draw_text(y, hcols[H_TIME].x, hcols[H_TIME].w, style, when + 5);
	draw_text(y, hcols[H_FLAG].x, 1, style | ST_BOLD, r->late ? "L" : r->supersedes ? "*" : " ");
	draw_text_right(y, hcols[H_TOTAL].x, hcols[H_TOTAL].w, style, total);
	draw_data(y, hcols[H_BAND].x, hcols[H_BAND].w, style, r->band);
	draw_data(y, hcols[H_BY].x, hcols[H_BY].w, style, r->performer);
	draw_text(y, hcols[H_STATUS].x, w - hcols[H_STATUS].x,
	          style | (r->status == VIGIL_ASSESS_FINAL ? 0 : ST_BOLD), vigil_assess_status_word(r->status, r->supersedes != 0));
}

/* The stored value of a scale's i-th item, or NULL. */
static const vigil_item_value *item_value(const vigil_assessment *a, const vigil_item *item)
{
	for (size_t k = 0; k < a->nitems; k++)
		if (strcmp(a->items[k].key, item->key) == 0)
			return &a->items[k];
	return NULL;
}

static void draw_items(struct tui *t, int y, int x, int rows)
{
	struct patient_state *s = t->patient;
	const vigil_scale *scale = s->scale;
	char line[64];
	if (!s->has_detail)
		return;
	snprintf(line, sizeof line, "#%lld items", (long long)s->detail.id);
	draw_text(y, x, RIGHT_W, ST_BOLD | ST_UNDERLINE, line);
	for (size_t i = 0; i < scale->nitems && (int)i + 1 < rows; i++) {
		const vigil_item_value *v = item_value(&s->detail, &scale->items[i]);
		int row = y + 1 + (int)i;
		if ((int)i + 2 == rows && i + 1 < scale->nitems) {
			snprintf(line, sizeof line, "+%zu more: Enter", scale->nitems - i);
			draw_text(row, x, RIGHT_W, STYLE_DIM, line);
			break;
		}
		draw_data(row, x, 12, ST_NORMAL, scale->items[i].key);
		if (!v)
			continue;
		snprintf(line, sizeof line, "%2d", v->score);
		draw_text(row, x + 13, 2, ST_BOLD, line);
		if (v->has_raw) {
			snprintf(line, sizeof line, "%s %d", scale->items[i].raw_key, v->raw);
			draw_data(row, x + 16, RIGHT_W - 16, STYLE_DIM, line);
		}
	}
}

static int list_rows(void)
{
	return draw_rows() - 3 - 1 - chart_rows() - 1;
}

static void patient_draw(struct tui *t)
{
	struct patient_state *s = t->patient;
	tui_draw_frame(t, "Patient", SCOPE_PATIENT);
	int y = tui_body_top(), cols = draw_cols(), lw = cols - RIGHT_W - 1;
	draw_info(t, y);
	int ch = chart_rows();
	draw_chart(t, y + 1, ch);
	int hy = y + 1 + ch;
	draw_hist_header(hy, lw);
	int rows = list_rows();
	if (s->sel < s->top)
		s->top = s->sel;
	if (rows > 0 && s->sel >= s->top + (size_t)rows)
		s->top = s->sel - (size_t)rows + 1;
	for (size_t i = s->top; i < s->n && (int)(i - s->top) < rows; i++)
		draw_hist_row(&s->rows[i], hy + 1 + (int)(i - s->top), lw, i == s->sel);
	if (!s->n)
		draw_text(hy + 2, 2, lw - 2, ST_NORMAL, "No assessments on this scale. n: new one.");
	for (int r = 0; r <= rows; r++)
		draw_glyph(hy + r, lw, GLYPH_VLINE, ST_NORMAL);
	draw_items(t, hy, lw + 1, rows + 1);
}

/* ---- the selected assessment in full -------------------------------- */

static void detail_items(struct dialog *d, const vigil_scale *scale, const vigil_assessment *a)
{
	for (size_t i = 0; i < scale->nitems; i++) {
		const vigil_item *item = &scale->items[i];
		const vigil_item_value *v = item_value(a, item);
		if (!v)
			continue;
		const char *anchor = "";
		for (size_t k = 0; k < item->nscores; k++)
			if (item->scores[k].score == v->score)
				anchor = item->scores[k].text;
		char raw[64] = "";
		if (v->has_raw)
			snprintf(raw, sizeof raw, " (%s %d %s)", item->raw_key, v->raw,
			         item->raw_unit ? item->raw_unit : "");
		dialog_para(d, "%s: %d%s%s%s", item->label, v->score, raw, anchor[0] ? " - " : "",
		            anchor);
	}
}

static void open_detail(struct tui *t)
{
	struct patient_state *s = t->patient;
	const vigil_assessment *a = &s->detail;
	char performed[VIGIL_TIME_LOCAL_LEN], entered[VIGIL_TIME_LOCAL_LEN], fixed[VIGIL_TIME_LOCAL_LEN];
	if (!s->has_detail) {
		tui_error(t, "no assessment selected");
		return;
	}
	vigil_time_format_local(a->performed_at, performed, sizeof performed);
	vigil_time_format_local(a->entered_at, entered, sizeof entered);
	vigil_time_format_local(a->corrected_at, fixed, sizeof fixed);
	struct dialog *d = dialog_open(t, DIALOG_TEXT, "Assessment", NULL, NULL);
	dialog_para(d, "Assessment %lld: %s %d/%d %s, %s", (long long)a->id, s->scale->name, a->total,
	            a->max_total, a->band,
	            a->status == VIGIL_ASSESS_FINAL && a->supersedes
	                    ? "corrected"
	                    : vigil_assess_status_name(a->status));
	dialog_para(d, "Performed %s by %s; entered %s by %s%s", performed, a->performer, entered,
	            a->entered_by, a->late ? " (late entry)" : "");
	if (a->status == VIGIL_ASSESS_AMENDED)
		dialog_para(d, "Amended by assessment %lld, %s by %s: %s", (long long)a->superseded_by,
		            fixed, a->corrected_by, a->correction_reason);
	if (a->status == VIGIL_ASSESS_VOIDED)
		dialog_para(d, "Entered in error, %s by %s: %s", fixed, a->corrected_by,
		            a->correction_reason);
	if (a->supersedes)
		dialog_para(d, "Corrects assessment %lld: %s", (long long)a->supersedes, a->amend_reason);
	if (a->reason[0])
		dialog_para(d, "Reason: %s", a->reason);
	if (a->note[0])
		dialog_para(d, "Note: %s", a->note);
	dialog_para(d, "%s", "");
	detail_items(d, s->scale, a);
}

/* ---- amend and void ------------------------------------------------- */

static bool selected_current(struct tui *t, const char *what)
{
	struct patient_state *s = t->patient;
	vigil_error err;
	if (vigil_require(&t->session, VIGIL_ACT_CORRECT, &err) != VIGIL_OK) {
		tui_error(t, "%s", err.msg);
		return false;
	}
	if (!s->has_detail) {
		tui_error(t, "no assessment selected");
		return false;
	}
	if (s->detail.status != VIGIL_ASSESS_FINAL) {
		tui_error(t, "assessment %lld is %s: %s the current one instead",
		          (long long)s->detail.id, vigil_assess_status_name(s->detail.status), what);
		return false;
	}
	return true;
}

static bool void_yes(struct tui *t, struct dialog *d)
{
	vigil_error err;
	if (vigil_assessment_void(&t->session, d->id, d->fields[0].text, &err) != VIGIL_OK) {
		snprintf(d->error, sizeof d->error, "%s", err.msg);
		return false; /* the reason typed stays */
	}
	load(t);
	tui_info(t, "Assessment %lld marked entered in error.", (long long)d->id);
	return true;
}

static void open_void(struct tui *t)
{
	struct patient_state *s = t->patient;
	if (!selected_current(t, "void"))
		return;
	char when[VIGIL_TIME_LOCAL_LEN];
	vigil_time_format_local(s->detail.performed_at, when, sizeof when);
	struct dialog *d = dialog_open(t, DIALOG_FORM, "Entered in error", void_yes, NULL);
	d->id = s->detail.id;
	dialog_para(d, "Mark assessment %lld (%s %d/%d, %s by %s) entered in error?",
	            (long long)d->id, s->scale->name, s->detail.total, s->detail.max_total, when,
	            s->detail.performer);
	dialog_para(d, "%s", "");
	dialog_para(d, "It stays readable, marked entered-in-error, and no longer counts. Give "
	               "the reason, then Enter; Esc cancels.");
	dialog_field(d, "Reason", VIGIL_REASON_MAX);
}

static void open_amend(struct tui *t)
{
	struct patient_state *s = t->patient;
	if (selected_current(t, "amend"))
		entry_start_amend(t, &s->p, &s->detail);
}

/* ---- keys ----------------------------------------------------------- */

static void move(struct tui *t, tui_action action)
{
	struct patient_state *s = t->patient;
	size_t n = s->n, page = (size_t)(list_rows() > 1 ? list_rows() - 1 : 1), old = s->sel;
	if (!n)
		return;
	switch (action) {
	case ACT_UP: s->sel = s->sel ? s->sel - 1 : 0; break;
	case ACT_DOWN: s->sel = s->sel + 1 < n ? s->sel + 1 : n - 1; break;
	case ACT_PAGE_UP: s->sel = s->sel > page ? s->sel - page : 0; break;
	case ACT_PAGE_DOWN: s->sel = s->sel + page < n ? s->sel + page : n - 1; break;
	case ACT_HOME: s->sel = 0; break;
	case ACT_END: s->sel = n - 1; break;
	default: return;
	}
	if (s->sel != old)
		load_detail(t);
}

static void next_scale(struct tui *t)
{
	struct patient_state *s = t->patient;
	size_t n = vigil_scales_count(t->scales), i = 0;
	while (i < n && vigil_scales_at(t->scales, i) != s->scale)
		i++;
	s->scale = vigil_scales_at(t->scales, (i + 1) % n);
	s->n = 0;
	s->sel = s->top = 0;
	load(t);
}

static void patient_key(struct tui *t, tui_action action, const tui_key *key)
{
	struct patient_state *s = t->patient;
	(void)key;
	switch (action) {
	case ACT_DETAIL: open_detail(t); break;
	case ACT_NEW: entry_start(t, &s->p, s->scale->key); break;
	case ACT_AMEND: open_amend(t); break;
	case ACT_VOID: open_void(t); break;
	case ACT_SCALE: next_scale(t); break;
	case ACT_ZOOM: s->zoom = (s->zoom + 1) % NZOOMS; break;
	case ACT_DISCHARGE: discharge_open(t, &s->p); break;
	case ACT_EXPORT: export_open(t, NULL, s->p.mrn); break;
	case ACT_HANDOVER: handover_open(t, s->p.id); break;
	case ACT_RELOAD: load(t); break;
	case ACT_BACK:
		tui_pop(t);
		board_reload(t);
		break;
	default: move(t, action); break;
	}
}

const tui_view patient_view = {
	.name = "patient",
	.scope = SCOPE_PATIENT,
	.draw = patient_draw,
	.key = patient_key,
};
