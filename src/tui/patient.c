/* patient.c - one patient: every active scale with its last score, due
 * time and why (due.h), the latest vital signs with their flags and a
 * short trend, buprenorphine induction readiness (decision support), the
 * warnings in force and the doses at a protocol's 24-hour maximum, a
 * trend chart of one scale's totals over time with its bands, the
 * protocol's decision lines and a marker under the time of each dose
 * given of a drug that treats it, and the timeline: that scale's
 * assessments (amended and voided ones too, marked, and the reassessments
 * not done) interleaved by time with the chart's doses (D), vital signs
 * (V), notes (T) and last uses (U); the selected entry's items or detail,
 * and from here new, not done, dose, vital signs, note, last use, amend
 * and void. A record changed outside vigil is marked in the list and left
 * out of the chart, never shown as it reads. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "draw.h"
#include "patient_data.h"
#include "vigil/correctable.h"
#include "vigil/legend.h"

#define RIGHT_W 23     /* the item pane */
#define HISTORY_MIN 11 /* list rows kept: a COWS's 11 items fit beside it */
#define CHART_MIN 5
#define CHART_MAX 13
#define SCALE_LINES_MAX 6
#define WARN_LINES_MAX 3
#define READY_LINES_MAX 2

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
		free(t->patient->point_ids);
		free(t->patient->doses);
		free(t->patient->dose_ids);
	}
	free(t->patient);
	t->patient = NULL;
}

/* ---- loading (patient_data.c) --------------------------------------- */

static void load(struct tui *t)
{
	patient_data_load(t);
}

/* The scale to open on: the one asked for, else the most urgent due. */
static const vigil_scale *first_scale(struct tui *t, const vigil_patient *p, const char *scale)
{
	const vigil_scale *sc = scale ? vigil_scales_find(t->scales, scale) : NULL;
	vigil_patient_state st;
	vigil_error err;
	if (!sc && vigil_patient_state_load(&t->session, t->protocols, p, &st, &err) == VIGIL_OK &&
	    st.nscales)
		sc = st.scales[st.most_urgent >= 0 ? st.most_urgent : 0].def;
	if (!sc)
		sc = vigil_scales_find(t->scales, "cows");
	return sc ? sc : vigil_scales_at(t->scales, 0);
}

/* Opens the scale from the newest rows, the chart at its first zoom. */
static void open_scale(struct tui *t, const vigil_scale *scale)
{
	struct patient_state *s = t->patient;
	s->scale = scale;
	s->n = 0;
	s->sel = s->top = 0;
	s->want = PATIENT_WINDOW;
	load(t);
}

void patient_open(struct tui *t, const vigil_patient *p, const char *scale)
{
	struct patient_state *s = t->patient;
	s->p = *p;
	s->zoom = chart_zoom_first(patient_stay(t));
	open_scale(t, first_scale(t, p, scale));
	tui_push(t, VIEW_PATIENT);
}

void patient_reload(struct tui *t)
{
	load(t);
}

/* Selects a record just saved: among the rows read, else (charted late,
 * older than them) after reading the rest. */
static void select_row(struct tui *t, int kind, int64_t id)
{
	struct patient_state *s = t->patient;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < s->n; i++) {
			if (!patient_row_is(&s->rows[i], kind, id))
				continue;
			if (s->sel != i) {
				s->sel = i;
				patient_data_detail(t);
			}
			return;
		}
		if (pass == 0 && !(s->more && patient_data_reach(t, SIZE_MAX)))
			return;
	}
}

void patient_select(struct tui *t, int64_t id)
{
	select_row(t, ROW_ASSESSMENT, id);
}

void patient_select_chart(struct tui *t, int64_t id)
{
	select_row(t, ROW_CHART, id);
}

size_t patient_count(const struct tui *t)
{
	return t->patient->n;
}

/* ---- layout --------------------------------------------------------- */

struct plan {
	int scales, vitals, ready, warns, chart, list; /* rows of each part */
};

/* The protocols' warnings and the doses at a 24-hour maximum. */
static size_t warning_count(const struct patient_state *s)
{
	return (s->has_st ? s->st.nwarnings : 0) + s->caps.n;
}

/* "induction readiness (decision support): criteria not met: COWS 6 < 8;
 * last use not recorded (COWS: 4-hourly...)", or "" when no scale of the
 * patient's has induction criteria. */
static void ready_text(const struct patient_state *s, char *buf, size_t size)
{
	if (!s->ready.applies) {
		buf[0] = '\0';
		return;
	}
	snprintf(buf, size, "induction readiness (decision support): %s. Protocol: %s.",
	         s->ready.line, s->ready.protocol);
	if (draw_width(buf) > draw_cols() - 2) /* help names the protocols in force */
		snprintf(buf, size, "induction readiness (decision support): %s", s->ready.line);
}

static int ready_rows(const struct patient_state *s)
{
	char text[sizeof s->ready.line + sizeof s->ready.protocol + 64];
	ready_text(s, text, sizeof text);
	if (!text[0])
		return 0;
	int n = draw_wrap_rows(draw_cols() - 2, text);
	return n < 1 ? 1 : n > READY_LINES_MAX ? READY_LINES_MAX : n;
}

/* Rows from the top of the body: the info line, a line per active scale,
 * the vital signs, induction readiness, the warnings, the chart, the
 * history's header and its lines. The chart gives way first, down to
 * CHART_MIN. */
static struct plan plan(const struct patient_state *s)
{
	struct plan p;
	size_t ns = s->has_st ? s->st.nscales : 0, nw = warning_count(s);
	p.scales = ns == 0 ? 1 : ns > SCALE_LINES_MAX ? SCALE_LINES_MAX : (int)ns;
	p.vitals = 1;
	p.ready = ready_rows(s);
	p.warns = nw > WARN_LINES_MAX ? WARN_LINES_MAX : (int)nw;
	int room = tui_body_rows() - 1 - p.scales - p.vitals - p.ready - p.warns - 1;
	p.chart = room - HISTORY_MIN;
	p.chart = p.chart < CHART_MIN ? CHART_MIN : p.chart > CHART_MAX ? CHART_MAX : p.chart;
	p.list = room - p.chart;
	return p;
}

static int list_rows(const struct patient_state *s)
{
	return plan(s).list;
}

/* ---- drawing -------------------------------------------------------- */

static void draw_info(struct tui *t, int y)
{
	struct patient_state *s = t->patient;
	char info[600], admitted[VIGIL_TIME_LOCAL_LEN], right[96];
	vigil_time_format_local(s->p.admitted_at, admitted, sizeof admitted);
	snprintf(info, sizeof info, "%s  %s  bed %s  admitted %s%s", s->p.name, s->p.mrn,
	         s->p.bed[0] ? s->p.bed : "-", admitted, s->p.discharged_at ? "  DISCHARGED" : "");
	snprintf(right, sizeof right, "%s, %s", s->scale->name, chart_zoom_name(s->zoom));
	int rw = draw_width(right), cols = draw_cols();
	draw_data(y, 1, cols - rw - 3, ST_BOLD, info);
	draw_text(y, cols - rw - 1, rw, ST_REVERSE, right);
}

/* "mod-severe" for "moderately-severe". */
static void band_short(const char *band, char *out, size_t size)
{
	const char *dash = strchr(band, '-');
	if (strlen(band) <= 10 || !dash)
		snprintf(out, size, "%s", band);
	else
		snprintf(out, size, "%.3s-%s", band, dash + 1);
}

/* "09:30" today, "11-21 09:30" another day. */
static void when_short(const struct tui *t, vigil_time at, char *buf, size_t size)
{
	char when[VIGIL_TIME_LOCAL_LEN], today[VIGIL_TIME_LOCAL_LEN];
	vigil_time_format_local(at, when, sizeof when);
	vigil_time_format_local(t->now, today, sizeof today);
	snprintf(buf, size, "%s", strncmp(when, today, 10) ? when + 5 : when + 11);
}

/* One active scale's parts, measured first so the lines line up. */
struct scale_line {
	char total[24], band[VIGIL_BAND_MAX], when[24], due[64];
	bool overdue;
};

static void scale_line(struct tui *t, const vigil_scale_state *st, struct scale_line *l)
{
	char due[VIGIL_TIME_LOCAL_LEN], words[40];
	memset(l, 0, sizeof *l);
	if (st->has_last) {
		snprintf(l->total, sizeof l->total, "%d/%d", st->last_total, st->last_max);
		band_short(st->last_band, l->band, sizeof l->band);
		when_short(t, st->last_at, l->when, sizeof l->when);
	} else {
		snprintf(l->total, sizeof l->total, "-");
		snprintf(l->when, sizeof l->when, "none yet");
	}
	if (!st->timed) {
		snprintf(l->due, sizeof l->due, "not timed");
		return;
	}
	l->overdue = vigil_scale_overdue(st, t->now);
	vigil_time_format_local(st->due_at, due, sizeof due);
	board_due_words(st->due_at, l->overdue, t->now, words, sizeof words);
	snprintf(l->due, sizeof l->due, "due %s (%s)", due + 11, words);
}

static int widest(int w, const char *text)
{
	int n = draw_width(text);
	return n > w ? n : w;
}

/* A line per active scale: '!' overdue, '*' warnings, the scale shown
 * marked, name, last total and band, when, the due time ('#' when not
 * done and still due) and why. */
static void draw_scales(struct tui *t, int y, int rows)
{
	struct patient_state *s = t->patient;
	struct scale_line lines[SCALE_LINES_MAX];
	size_t n = s->has_st ? s->st.nscales : 0, shown = n < (size_t)rows ? n : (size_t)rows;
	int cols = draw_cols(), wn = 4, wt = 1, wb = 0, ww = 5, wd = 9;
	bool flags = false;
	if (!n) {
		draw_text(y, 1, cols - 2, STYLE_DIM,
		          "On no scale: nothing is due. n records one (the scale becomes active).");
		return;
	}
	if (shown < n) /* the last line says how many more */
		shown--;
	for (size_t i = 0; i < shown; i++) {
		wn = widest(wn, s->st.scales[i].def->name);
		if (s->last_tampered[i]) { /* nothing from it counts, not even overdue */
			memset(&lines[i], 0, sizeof lines[i]);
			continue;
		}
		scale_line(t, &s->st.scales[i], &lines[i]);
		wt = widest(wt, lines[i].total);
		wb = widest(wb, lines[i].band);
		ww = widest(ww, lines[i].when);
		wd = widest(wd, lines[i].due);
		flags |= s->st.scales[i].flagged;
	}
	wn = wn > 12 ? 12 : wn;
	for (size_t i = 0; i < shown; i++, y++) {
		const vigil_scale_state *st = &s->st.scales[i];
		const struct scale_line *l = &lines[i];
		int style = l->overdue ? STYLE_OVERDUE : ST_NORMAL, x = 4;
		draw_text(y, 0, 1, style, l->overdue ? "!" : " ");
		if (st->nwarnings)
			draw_text(y, 1, 1, STYLE_OVERDUE, "*");
		if (st->def == s->scale)
			draw_glyph(y, 2, GLYPH_MARK, ST_BOLD);
		draw_data(y, x, wn, style | (st->def == s->scale ? ST_BOLD : 0), st->def->name);
		x += wn + 1;
		if (s->last_tampered[i]) { /* its score, time and what is due from it */
			draw_text(y, x, cols - 1 - x, STYLE_ERROR,
			          "last assessment changed outside vigil: not shown");
			continue;
		}
		draw_text_right(y, x, wt, style, l->total);
		x += wt + 1;
		draw_data(y, x, wb, style, l->band);
		x += wb + 1;
		draw_text(y, x, ww, style, l->when);
		x += ww + 1;
		if (st->flagged)
			draw_text(y, x, 1, STYLE_OVERDUE, "#");
		x += flags;
		draw_text(y, x, wd, style, l->due);
		x += wd + 2;
		char why[2 * VIGIL_DUE_WHY_MAX + 4];
		snprintf(why, sizeof why, "%s%s%s", st->flagged ? st->flag : "",
		         st->flagged && st->why[0] ? "; " : "", st->why);
		if (x < cols - 1)
			draw_data(y, x, cols - 1 - x, STYLE_DIM, why);
	}
	if (shown < n) {
		char more[64];
		snprintf(more, sizeof more, "+%zu more active scales: Tab shows each", n - shown);
		draw_text(y, 4, cols - 5, STYLE_DIM, more);
	}
}

/* Whether a protocol in force flags one vital value. */
static bool value_flagged(const struct tui *t, vigil_vital v, int value)
{
	for (size_t i = 0; i < vigil_protocols_count(t->protocols); i++)
		if (vigil_protocol_vital_flag(vigil_protocols_at(t->protocols, i), v, value, NULL, 0))
			return true;
	return false;
}

/* " HR 88 96 130!": the last k values of one vital, oldest first. */
static void trend_words(const struct tui *t, bool bp, size_t k, char *buf, size_t size)
{
	const struct patient_state *s = t->patient;
	size_t have = 0, len = 0;
	size_t idx[TREND_MAX];
	for (size_t i = 0; i < s->ntrend; i++) {
		const struct hist_row *r = &s->trend[i];
		if (r->audit == AUDIT_OK && (bp ? r->sys > 0 : r->hr > 0) && have < k)
			idx[have++] = i;
	}
	buf[0] = '\0';
	if (have < 2)
		return; /* one value is not a trend */
	len = (size_t)snprintf(buf, size, " %s", bp ? "BP" : "HR");
	for (size_t j = have; j-- > 0 && len < size;) {
		const struct hist_row *r = &s->trend[idx[j]];
		bool flag = bp ? value_flagged(t, VIGIL_VITAL_SYS, r->sys) ||
		                         value_flagged(t, VIGIL_VITAL_DIA, r->dia)
		               : value_flagged(t, VIGIL_VITAL_HR, r->hr);
		if (bp)
			len += (size_t)snprintf(buf + len, size - len, " %d/%d%s", r->sys, r->dia,
			                        flag ? "!" : "");
		else
			len += (size_t)snprintf(buf + len, size - len, " %d%s", r->hr, flag ? "!" : "");
	}
}

/* The latest vital signs ('!' after a flagged value), then a short trend
 * of heart rate and blood pressure, as many as fit. */
static void draw_vitals(struct tui *t, int y)
{
	struct patient_state *s = t->patient;
	int cols = draw_cols();
	char line[WHAT_MAX + 256], when[24], hr[96], bp[96];
	if (!s->ntrend) {
		draw_text(y, 1, cols - 2, STYLE_DIM, "Vitals: none recorded (V records a set)");
		return;
	}
	const struct hist_row *r = &s->trend[0];
	if (r->audit != AUDIT_OK) {
		snprintf(line, sizeof line, "Vitals: V%lld changed outside vigil: not shown",
		         (long long)r->id);
		draw_text(y, 1, cols - 2, STYLE_ERROR, line);
		return;
	}
	when_short(t, r->at, when, sizeof when);
	for (size_t k = TREND_MAX; k >= 1; k--) {
		trend_words(t, false, k, hr, sizeof hr);
		trend_words(t, true, k, bp, sizeof bp);
		snprintf(line, sizeof line, "Vitals %s: %s%s%s%s", when, r->what,
		         hr[0] || bp[0] ? "  trend" : "", hr, bp);
		if (draw_width(line) <= cols - 2 || k == 1)
			break;
	}
	if (draw_width(line) > cols - 2) /* no room for a trend at all */
		snprintf(line, sizeof line, "Vitals %s: %s", when, r->what);
	draw_data(y, 1, cols - 2, r->flagged ? STYLE_ERROR : ST_NORMAL, line);
}

static void draw_ready(struct tui *t, int y, int rows)
{
	struct patient_state *s = t->patient;
	char text[sizeof s->ready.line + sizeof s->ready.protocol + 64];
	if (!rows)
		return;
	ready_text(s, text, sizeof text);
	draw_wrap(y, 1, draw_cols() - 2, rows, s->ready.met ? ST_BOLD : ST_NORMAL, text);
}

/* The warnings in force over every active scale, '*' and bold: the scale
 * shown first, so Tab brings each scale's own warnings to the top; then
 * the doses at a protocol's 24-hour maximum. */
static void draw_warnings(struct tui *t, int y, int rows)
{
	struct patient_state *s = t->patient;
	size_t total = warning_count(s), done = 0, n = s->has_st ? s->st.nscales : 0;
	size_t order[VIGIL_ACTIVE_MAX], no = 0;
	const char *lines[VIGIL_ACTIVE_MAX * VIGIL_WARNINGS_MAX + VIGIL_CAP_FLAGS_MAX];
	size_t nl = 0;
	for (size_t i = 0; i < n; i++)
		if (s->st.scales[i].def == s->scale)
			order[no++] = i;
	for (size_t i = 0; i < n; i++)
		if (s->st.scales[i].def != s->scale)
			order[no++] = i;
	for (size_t o = 0; o < no; o++)
		for (size_t k = 0; k < s->st.scales[order[o]].nwarnings; k++)
			lines[nl++] = s->st.scales[order[o]].warnings[k].text;
	for (size_t k = 0; k < s->caps.n; k++)
		lines[nl++] = s->caps.text[k];
	int cols = draw_cols();
	for (; done < nl && (int)done < rows; done++, y++) {
		bool last = (int)done + 1 == rows && done + 1 < total;
		draw_text(y, 1, 1, STYLE_ERROR, "*");
		if (last) {
			char more[48];
			snprintf(more, sizeof more, " (+%zu more: Tab)", total - done - 1);
			int mw = draw_width(more);
			draw_data(y, 3, cols - 4 - mw, STYLE_ERROR, lines[done]);
			draw_text(y, cols - 1 - mw, mw, STYLE_ERROR, more);
		} else {
			draw_data(y, 3, cols - 4, STYLE_ERROR, lines[done]);
		}
	}
}

static void draw_chart(struct tui *t, int y, int rows)
{
	struct patient_state *s = t->patient;
	const vigil_protocol *pr = vigil_protocols_find(t->protocols, s->scale->key);
	chart c = { .points = s->points, .npoints = s->npoints, .now = t->now,
		    .max = s->scale->max_total, .bands = s->scale->bands,
		    .nbands = s->scale->nbands, .lines = pr ? pr->chart_lines : NULL,
		    .nlines = pr ? pr->nchart_lines : 0, .dose_row = s->has_dose_marks,
		    .doses = s->doses, .ndoses = s->ndoses, .dose_legend = ": dose given" };
	patient_chart_span(t, &c.from, &c.to);
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
	[H_TIME] = { "Time", 0, 11 },   [H_FLAG] = { "", 11, 3 },  [H_TOTAL] = { "Total", 14, 5 },
	[H_BAND] = { "Band", 20, 12 },  [H_BY] = { "By", 33, 8 },  [H_STATUS] = { "Status", 42, 14 },
};

static void draw_hist_header(int y, int w)
{
	draw_fill(y, 0, w, ST_UNDERLINE);
	for (int c = 0; c < NH; c++)
		draw_text(y, hcols[c].x, hcols[c].w, ST_BOLD | ST_UNDERLINE, hcols[c].title);
}

/* A chart entry's row: its letter, its words ('!' after a flagged value)
 * over the total, band, performer and status columns, and at the right
 * its status when it is not the current one. */
#define CHART_STATUS_W 9 /* "corrected" */
static void draw_chart_row(const struct hist_row *r, int y, int w, int style)
{
	char letter[2] = { vigil_chart_kind_letter((vigil_chart_kind)r->ckind), '\0' };
	bool final = r->status == VIGIL_ASSESS_FINAL;
	int end = final ? w : w - CHART_STATUS_W - 1, x = hcols[H_TOTAL].x;
	int wstyle = r->flagged && !(style & STYLE_SELECTED) && final ? STYLE_ERROR : style;
	if (!final)
		draw_text(y, end + 1, CHART_STATUS_W, style | ST_BOLD,
		          vigil_assess_status_word(r->status, r->supersedes != 0));
	draw_text(y, x, 1, style | ST_BOLD, letter);
	x += 2;
	/* A dose too long for the row is cut before " given", which stays. */
	static const char given[] = " given";
	size_t len = strlen(r->what), glen = sizeof given - 1;
	if (draw_width(r->what) > end - x && len > glen && !strcmp(r->what + len - glen, given)) {
		char what[WHAT_MAX];
		vigil_copy(what, sizeof what, r->what);
		what[len - glen] = '\0';
		x += draw_data(y, x, end - x - (int)glen, wstyle, what);
		draw_text(y, x, (int)glen, wstyle, given);
		return;
	}
	draw_data(y, x, end - x, wstyle, r->what);
}

static void draw_hist_row(const struct hist_row *r, int y, int w, bool selected)
{
	char when[VIGIL_TIME_LOCAL_LEN], total[80];
	int style = selected ? STYLE_SELECTED : 0;
	if (r->status != VIGIL_ASSESS_FINAL)
		style |= ST_DIM;
	if (selected)
		draw_fill(y, 0, w, style);
	vigil_time_format_local(r->at, when, sizeof when);
	draw_text(y, hcols[H_TIME].x, hcols[H_TIME].w, style, when + 5);
	if (r->audit != AUDIT_OK) { /* where it sits, and which; nothing it says */
		char letter = r->kind == ROW_NOT_DONE ? 'N'
		              : r->kind == ROW_CHART  ? vigil_chart_kind_letter((vigil_chart_kind)r->ckind)
		                                      : '#';
		snprintf(total, sizeof total, "%c%lld %s", letter, (long long)r->id,
		         r->audit == AUDIT_CHANGED ? "changed outside vigil: not shown"
		                                   : "not checked against the audit log");
		draw_text(y, hcols[H_FLAG].x + 1, 1, style | ST_BOLD, "!");
		draw_text(y, hcols[H_TOTAL].x, w - hcols[H_TOTAL].x,
		          selected ? style | ST_BOLD : STYLE_ERROR, total);
		return;
	}
	/* The legend's marks (legend.h): late, standing, note. */
	char marks[VIGIL_MARKS_LEN];
	vigil_marks(r->late, vigil_standing_of(r->status, r->supersedes != 0), r->has_note, marks);
	draw_text(y, hcols[H_FLAG].x, hcols[H_FLAG].w, style | ST_BOLD, marks);
	if (r->kind == ROW_CHART) {
		draw_chart_row(r, y, w, style);
		return;
	}
	if (r->kind == ROW_NOT_DONE) {
		snprintf(total, sizeof total, "not done: %s", vigil_not_done_why_name(r->why));
		draw_text(y, hcols[H_TOTAL].x, hcols[H_BY].x - 1 - hcols[H_TOTAL].x, style, total);
	} else {
		snprintf(total, sizeof total, "%d/%d", r->total, r->max_total);
		draw_text_right(y, hcols[H_TOTAL].x, hcols[H_TOTAL].w, style, total);
		draw_data(y, hcols[H_BAND].x, hcols[H_BAND].w, style, r->band);
	}
	draw_data(y, hcols[H_BY].x, hcols[H_BY].w, style, r->performer);
	draw_text(y, hcols[H_STATUS].x, w - hcols[H_STATUS].x,
	          style | (r->status == VIGIL_ASSESS_FINAL ? 0 : ST_BOLD),
	          vigil_assess_status_word(r->status, r->supersedes != 0));
}

/* The stored value of a scale's i-th item, or NULL. */
static const vigil_item_value *item_value(const vigil_assessment *a, const vigil_item *item)
{
	for (size_t k = 0; k < a->nitems; k++)
		if (strcmp(a->items[k].key, item->key) == 0)
			return &a->items[k];
	return NULL;
}

static void draw_not_done_pane(const vigil_not_done *nd, int y, int x, int rows)
{
	char line[64];
	snprintf(line, sizeof line, "N%lld not done", (long long)nd->id);
	draw_text(y, x, RIGHT_W, ST_BOLD | ST_UNDERLINE, line);
	if (rows < 3)
		return;
	draw_text(y + 1, x, RIGHT_W, ST_BOLD, vigil_not_done_why_name(nd->why));
	if (nd->note[0] && rows > 3)
		draw_wrap(y + 2, x, RIGHT_W, rows - 2, ST_NORMAL, nd->note);
}

/* "HR", "BP", "T", "RR", "SpO2", as the core words a set. */
static const char *const vital_short[VIGIL_VITAL_COUNT] = {
	[VIGIL_VITAL_HR] = "HR",  [VIGIL_VITAL_SYS] = "BP", [VIGIL_VITAL_DIA] = "",
	[VIGIL_VITAL_TEMP] = "T", [VIGIL_VITAL_RR] = "RR",  [VIGIL_VITAL_SPO2] = "SpO2",
};

/* Lines of the selected chart entry's pane, one value or fact each. */
static size_t chart_pane_lines(struct tui *t, const vigil_chart_entry *e, char (*lines)[200],
                               size_t max)
{
	size_t n = 0;
	char when[24];
	when_short(t, e->at, when, sizeof when);
	switch (e->kind) {
	case VIGIL_CHART_DOSE: {
		char amount[VIGIL_AMOUNT_TEXT_MAX];
		vigil_amount_format(e->dose.amount, amount, sizeof amount);
		snprintf(lines[n++], 200, "%s", e->dose.drug);
		snprintf(lines[n++], 200, "%s %s %s%s%s", amount, e->dose.unit, e->dose.route,
		         e->dose.kind ? " " : "", e->dose.kind == VIGIL_DOSE_PRN ? "PRN"
		                                  : e->dose.kind ? "scheduled" : "");
		snprintf(lines[n++], 200, "given %s", when);
		snprintf(lines[n++], 200, "by %s", e->performer);
		if (e->dose.reason[0] && n < max) {
			snprintf(lines[n], 200, "for ");
			vigil_copy(lines[n] + 4, 196, e->dose.reason);
			patient_cut_whole(lines[n++]);
		}
		break;
	}
	case VIGIL_CHART_VITALS:
		for (int v = 0; v < VIGIL_VITAL_COUNT && n < max; v++) {
			char value[VIGIL_VITAL_TEXT_MAX];
			if (!e->vitals.has[v] || v == VIGIL_VITAL_DIA)
				continue;
			vigil_vital_value_format((vigil_vital)v, e->vitals.value[v], value, sizeof value);
			bool flag = value_flagged(t, (vigil_vital)v, e->vitals.value[v]);
			if (v == VIGIL_VITAL_SYS) {
				char dia[VIGIL_VITAL_TEXT_MAX];
				vigil_vital_value_format(VIGIL_VITAL_DIA, e->vitals.value[VIGIL_VITAL_DIA],
				                         dia, sizeof dia);
				flag |= value_flagged(t, VIGIL_VITAL_DIA, e->vitals.value[VIGIL_VITAL_DIA]);
				snprintf(lines[n++], 200, "%-6s%s/%s%s", "BP", value, dia, flag ? " !" : "");
			} else {
				snprintf(lines[n++], 200, "%-6s%s%s", vital_short[v], value, flag ? " !" : "");
			}
		}
		if (n < max)
			snprintf(lines[n++], 200, "taken %s", when);
		break;
	case VIGIL_CHART_NOTE:
		snprintf(lines[n++], 200, "%s by %s", when, e->performer);
		break;
	case VIGIL_CHART_LAST_USE:
		snprintf(lines[n++], 200, "%s", e->substance);
		snprintf(lines[n++], 200, "used %s", when);
		break;
	default: break;
	}
	return n;
}

static void draw_chart_pane(struct tui *t, const vigil_chart_entry *e, int y, int x, int rows)
{
	char head[64], lines[12][200];
	vigil_chart_entry_name(e->kind, e->id, head, sizeof head);
	size_t len = strlen(head);
	snprintf(head + len, sizeof head - len, " %s%s", vigil_chart_kind_words(e->kind),
	         e->kind == VIGIL_CHART_DOSE ? " given" : "");
	draw_text(y, x, RIGHT_W, ST_BOLD | ST_UNDERLINE, head);
	size_t n = chart_pane_lines(t, e, lines, sizeof lines / sizeof lines[0]);
	int row = y + 1, end = y + rows;
	for (size_t i = 0; i < n && row < end; i++, row++)
		draw_data(row, x, RIGHT_W, ST_NORMAL, lines[i]);
	if (e->note[0] && row < end)
		draw_wrap(row, x, RIGHT_W, end - row, e->kind == VIGIL_CHART_NOTE ? ST_BOLD : STYLE_DIM,
		          e->note);
}

static void draw_items(struct tui *t, int y, int x, int rows)
{
	struct patient_state *s = t->patient;
	const vigil_scale *scale = s->scale;
	char line[64];
	if (!s->has_detail || s->sel >= s->n)
		return;
	if (s->rows[s->sel].kind == ROW_NOT_DONE) {
		draw_not_done_pane(&s->nd_detail, y, x, rows);
		return;
	}
	if (s->rows[s->sel].kind == ROW_CHART) {
		draw_chart_pane(t, &s->cdetail, y, x, rows);
		return;
	}
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

static void patient_draw(struct tui *t)
{
	struct patient_state *s = t->patient;
	int y = tui_body_top(), cols = draw_cols(), lw = cols - RIGHT_W - 1;
	struct plan p = plan(s);
	int rows = p.list;
	if (s->sel < s->top)
		s->top = s->sel;
	if (rows > 0 && s->sel >= s->top + (size_t)rows)
		s->top = s->sel - (size_t)rows + 1;
	patient_data_check(t, s->top, rows > 0 ? (size_t)rows : 0);
	patient_data_span(t);
	draw_info(t, y++);
	draw_scales(t, y, p.scales);
	y += p.scales;
	draw_vitals(t, y);
	y += p.vitals;
	draw_ready(t, y, p.ready);
	y += p.ready;
	draw_warnings(t, y, p.warns);
	y += p.warns;
	draw_chart(t, y, p.chart);
	int hy = y + p.chart;
	draw_hist_header(hy, lw);
	for (size_t i = s->top; i < s->n && (int)(i - s->top) < rows; i++)
		draw_hist_row(&s->rows[i], hy + 1 + (int)(i - s->top), lw, i == s->sel);
	if (!s->n)
		draw_text(hy + 2, 2, lw - 2, ST_NORMAL, "No assessments on this scale. n: new one.");
	for (int r = 0; r <= rows; r++)
		draw_glyph(hy + r, lw, GLYPH_VLINE, ST_NORMAL);
	draw_items(t, hy, lw + 1, rows + 1);
	/* The frame last: a message of two lines (a refusal naming a record)
	 * covers the list's last row instead of mixing with it. */
	tui_draw_frame(t, "Patient", SCOPE_PATIENT);
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

static void open_not_done_detail(struct tui *t)
{
	struct patient_state *s = t->patient;
	const vigil_not_done *nd = &s->nd_detail;
	char performed[VIGIL_TIME_LOCAL_LEN], entered[VIGIL_TIME_LOCAL_LEN], fixed[VIGIL_TIME_LOCAL_LEN];
	vigil_time_format_local(nd->performed_at, performed, sizeof performed);
	vigil_time_format_local(nd->entered_at, entered, sizeof entered);
	vigil_time_format_local(nd->corrected_at, fixed, sizeof fixed);
	struct dialog *d = dialog_open(t, DIALOG_TEXT, "Not done", NULL, NULL);
	dialog_para(d, "Not done N%lld: %s, %s, %s", (long long)nd->id, s->scale->name,
	            vigil_not_done_why_name(nd->why),
	            vigil_assess_status_word(nd->status, nd->supersedes != 0));
	dialog_para(d, "Found not doable %s by %s; entered %s by %s%s", performed, nd->performer,
	            entered, nd->entered_by, nd->late ? " (late entry)" : "");
	if (nd->status == VIGIL_ASSESS_AMENDED)
		dialog_para(d, "Amended by N%lld, %s by %s: %s", (long long)nd->superseded_by, fixed,
		            nd->corrected_by, nd->correction_reason);
	if (nd->status == VIGIL_ASSESS_VOIDED)
		dialog_para(d, "Entered in error, %s by %s: %s", fixed, nd->corrected_by,
		            nd->correction_reason);
	if (nd->supersedes)
		dialog_para(d, "Corrects N%lld: %s", (long long)nd->supersedes, nd->amend_reason);
	if (nd->note[0])
		dialog_para(d, "Note: %s", nd->note);
}

/* Nothing selected, or the selected record refused when it was loaded
 * (changed outside vigil): say which. */
static void no_detail(struct tui *t)
{
	struct patient_state *s = t->patient;
	if (s->sel < s->n)
		tui_error(t, "%s", s->detail_err.msg);
	else
		tui_error(t, "no assessment selected");
}

static bool selected_kind(const struct patient_state *s, int kind)
{
	return s->has_detail && s->sel < s->n && s->rows[s->sel].kind == kind;
}

static bool selected_not_done(const struct patient_state *s)
{
	return selected_kind(s, ROW_NOT_DONE);
}

static bool selected_chart(const struct patient_state *s)
{
	return selected_kind(s, ROW_CHART);
}

static void open_detail(struct tui *t)
{
	struct patient_state *s = t->patient;
	const vigil_assessment *a = &s->detail;
	char performed[VIGIL_TIME_LOCAL_LEN], entered[VIGIL_TIME_LOCAL_LEN], fixed[VIGIL_TIME_LOCAL_LEN];
	if (!s->has_detail) {
		no_detail(t);
		return;
	}
	if (selected_not_done(s)) {
		open_not_done_detail(t);
		return;
	}
	if (selected_chart(s)) {
		chart_entry_detail(t, &s->cdetail);
		return;
	}
	vigil_time_format_local(a->performed_at, performed, sizeof performed);
	vigil_time_format_local(a->entered_at, entered, sizeof entered);
	vigil_time_format_local(a->corrected_at, fixed, sizeof fixed);
	struct dialog *d = dialog_open(t, DIALOG_TEXT, "Assessment", NULL, NULL);
	dialog_para(d, "Assessment %lld: %s %d/%d %s, %s", (long long)a->id, s->scale->name, a->total,
	            a->max_total, a->band,
	            vigil_assess_status_word(a->status, a->supersedes != 0));
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

/* The selected record may be corrected: the session's role and the
 * core's rule (only a current record), in the core's words, asked before
 * the form is offered; the core asks again when it is saved. */
static bool selected_current(struct tui *t)
{
	struct patient_state *s = t->patient;
	vigil_error err;
	vigil_status st = vigil_require(&t->session, VIGIL_ACT_CORRECT, &err);
	if (st == VIGIL_OK && !s->has_detail) {
		no_detail(t);
		return false;
	}
	if (st == VIGIL_OK)
		st = selected_chart(s)      ? vigil_chart_correctable(&s->cdetail, &err)
		     : selected_not_done(s) ? vigil_not_done_correctable(&s->nd_detail, &err)
		                            : vigil_assessment_correctable(&s->detail, &err);
	if (st != VIGIL_OK)
		tui_error(t, "%s", err.msg);
	return st == VIGIL_OK;
}

static bool void_yes(struct tui *t, struct dialog *d)
{
	struct patient_state *s = t->patient;
	vigil_error err;
	bool nd = selected_not_done(s);
	vigil_status st = nd ? vigil_not_done_void(&t->session, d->id, d->fields[0].text, &err)
	                     : vigil_assessment_void(&t->session, d->id, d->fields[0].text, &err);
	if (st != VIGIL_OK) {
		snprintf(d->error, sizeof d->error, "%s", err.msg);
		return false; /* the reason typed stays */
	}
	load(t);
	if (nd)
		tui_info(t, "Not-done record N%lld marked entered in error.", (long long)d->id);
	else
		tui_info(t, "Assessment %lld marked entered in error.", (long long)d->id);
	return true;
}

static void open_void(struct tui *t)
{
	struct patient_state *s = t->patient;
	if (!selected_current(t))
		return;
	if (selected_chart(s)) {
		chart_entry_void(t, &s->cdetail);
		return;
	}
	char when[VIGIL_TIME_LOCAL_LEN];
	struct dialog *d = dialog_open(t, DIALOG_FORM, "Entered in error", void_yes, NULL);
	if (selected_not_done(s)) {
		vigil_time_format_local(s->nd_detail.performed_at, when, sizeof when);
		d->id = s->nd_detail.id;
		dialog_para(d, "Mark not-done record N%lld (%s %s, %s by %s) entered in error?",
		            (long long)d->id, s->scale->name,
		            vigil_not_done_why_name(s->nd_detail.why), when, s->nd_detail.performer);
	} else {
		vigil_time_format_local(s->detail.performed_at, when, sizeof when);
		d->id = s->detail.id;
		dialog_para(d, "Mark assessment %lld (%s %d/%d, %s by %s) entered in error?",
		            (long long)d->id, s->scale->name, s->detail.total, s->detail.max_total,
		            when, s->detail.performer);
	}
	dialog_para(d, "%s", "");
	dialog_para(d, "It stays readable, marked entered-in-error, and no longer counts. Give "
	               "the reason, then Enter; Esc cancels.");
	dialog_field(d, "Reason", VIGIL_REASON_MAX);
}

/* Amending a not-done record: its reason and note, with why. */
enum { NA_WHY, NA_NOTE, NA_REASON };

static bool amend_not_done_yes(struct tui *t, struct dialog *d)
{
	vigil_error err;
	vigil_not_done_why why;
	int64_t id = 0;
	const char *w = d->fields[NA_WHY].text;
	vigil_status st;
	if (w[0] >= '1' && w[0] < '1' + VIGIL_NOT_DONE_COUNT && w[1] == '\0') {
		why = (vigil_not_done_why)(w[0] - '1');
		st = VIGIL_OK;
	} else {
		st = vigil_not_done_why_parse(w, &why, &err);
	}
	if (st == VIGIL_OK)
		st = vigil_not_done_amend(&t->session, d->id, why, d->fields[NA_NOTE].text,
		                          d->fields[NA_REASON].text, &id, &err);
	if (st != VIGIL_OK) {
		snprintf(d->error, sizeof d->error, "%s", err.msg);
		return false;
	}
	load(t);
	select_row(t, ROW_NOT_DONE, id);
	tui_info(t, "Not-done record N%lld corrected by N%lld: %s.", (long long)d->id,
	         (long long)id, vigil_not_done_why_name(why));
	return true;
}

static void open_amend_not_done(struct tui *t)
{
	struct patient_state *s = t->patient;
	const vigil_not_done *nd = &s->nd_detail;
	struct dialog *d = dialog_open(t, DIALOG_FORM, "Correct not done", amend_not_done_yes, NULL);
	d->id = nd->id;
	dialog_para(d, "Correct not-done record N%lld (%s, %s): the reason or the note; the time "
	               "stays.", (long long)nd->id, s->scale->name, vigil_not_done_why_name(nd->why));
	dialog_para(d, "Why: 1 asleep, 2 refused, 3 off-ward, 4 other (the number or the word).");
	field_set(dialog_field(d, "Why", 16), vigil_not_done_why_name(nd->why));
	field_set(dialog_field(d, "Note", VIGIL_NOTE_MAX), nd->note);
	dialog_field(d, "Reason for the correction", VIGIL_REASON_MAX);
}

static void open_amend(struct tui *t)
{
	struct patient_state *s = t->patient;
	if (!selected_current(t))
		return;
	if (selected_chart(s))
		chart_entry_amend(t, &s->cdetail);
	else if (selected_not_done(s))
		open_amend_not_done(t);
	else
		entry_start_amend(t, &s->p, &s->detail);
}

/* ---- keys ----------------------------------------------------------- */

static void move(struct tui *t, tui_action action)
{
	struct patient_state *s = t->patient;
	int lr = list_rows(s);
	size_t page = (size_t)(lr > 1 ? lr - 1 : 1), old = s->sel;
	if (!s->n)
		return;
	/* Older rows are read as the list reaches them: a page ahead, and all
	 * of them for End. */
	if (action == ACT_DOWN || action == ACT_PAGE_DOWN)
		patient_data_reach(t, s->sel + 2 * page);
	else if (action == ACT_END)
		patient_data_reach(t, SIZE_MAX);
	size_t n = s->n;
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
		patient_data_detail(t);
}

/* The next of the patient's scales: active ones, then the others they
 * were assessed on; never one they have not had. */
static void next_scale(struct tui *t)
{
	struct patient_state *s = t->patient;
	size_t i = 0;
	while (i < s->norder && s->order[i] != s->scale)
		i++;
	const vigil_scale *next = !s->norder ? s->scale
	                                     : s->order[i < s->norder ? (i + 1) % s->norder : 0];
	if (!s->norder)
		tui_info(t, "%s has been on no scale yet: n records one.", s->p.name);
	else if (next == s->scale)
		tui_info(t, "%s is the only scale %s has been on.", s->scale->name, s->p.name);
	else
		open_scale(t, next);
}

static void patient_key(struct tui *t, tui_action action, const tui_key *key)
{
	struct patient_state *s = t->patient;
	(void)key;
	switch (action) {
	case ACT_DETAIL: open_detail(t); break;
	case ACT_NEW: entry_start(t, &s->p, s->scale->key); break;
	case ACT_NOT_DONE: notdone_open(t, &s->p, s->scale->key); break;
	case ACT_DOSE: dose_open(t, &s->p); break;
	case ACT_VITALS: vitals_open(t, &s->p); break;
	case ACT_NOTE: note_open(t, &s->p); break;
	case ACT_LAST_USE: last_use_open(t, &s->p); break;
	case ACT_AMEND: open_amend(t); break;
	case ACT_VOID: open_void(t); break;
	case ACT_SCALE: next_scale(t); break;
	case ACT_ZOOM: s->zoom = chart_zoom_next(s->zoom, patient_stay(t)); break;
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
