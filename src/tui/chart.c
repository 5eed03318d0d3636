/* chart.c - the patient screen's trend chart, built to answer "above or
 * below this line?" at a glance: each line (where a band starts, or a
 * protocol's decision line) has a row of its own that no point lands on,
 * so a point is plainly above or below it. The y axis is scaled to the
 * data and the lines that matter (those the data reach and the first one
 * above them), each band between lines gets rows by its share of the
 * values shown, and the axis is labelled with the values where they
 * change. Also the time spans z cycles through. */
#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "draw.h"

#define AXIS_W 4   /* "48 |" */
#define LABEL_W 16 /* "25+ mod. severe" on the right */
#define LINE_LABEL_MAX 40 /* with decision lines: "8 induction threshold (COWS 8)" */
#define PLOT_MIN 40       /* columns kept for the points when labels widen */
#define LABELS_BYTES 160
#define COLS_MAX 512
#define HOUR 3600
#define DAY (24 * HOUR)

/* ---- the y axis --------------------------------------------------------- */

/* A line: where a band starts (dotted) and/or a decision line (solid). */
struct line {
	int total;
	bool band, decision;
	char label[LABELS_BYTES];
};

/* What each plot row shows, from the top: a line, or the values lo..hi. */
struct yrow {
	int line; /* index into lines, or -1 */
	int lo, hi;
};

struct yaxis {
	struct line lines[CHART_LINES_MAX];
	size_t nlines;
	struct yrow rows[CHART_ROWS_MAX];
	int nrows;
};

/* "25+ moderately severe", cut short to "25+ mod. severe" when long. */
static void band_label(const vigil_band *b, char *buf, size_t size)
{
	char words[VIGIL_BAND_WORDS_MAX];
	vigil_scale_band_words(NULL, b->key, words, sizeof words);
	if (*b->label)
		snprintf(words, sizeof words, "%s", b->label);
	const char *space = strchr(words, ' ');
	if (strlen(words) > 11 && space && space - words > 4)
		snprintf(buf, size, "%d+ %.3s.%s", b->lo, words, space);
	else
		snprintf(buf, size, "%d+ %s", b->lo, words);
}

static struct line *line_at(struct yaxis *ax, int total)
{
	for (size_t i = 0; i < ax->nlines; i++)
		if (ax->lines[i].total == total)
			return &ax->lines[i];
	if (ax->nlines == CHART_LINES_MAX)
		return NULL;
	struct line *l = &ax->lines[ax->nlines++];
	memset(l, 0, sizeof *l);
	l->total = total;
	return l;
}

static void add_label(struct line *l, const char *text)
{
	size_t n = strlen(l->label);
	snprintf(l->label + n, sizeof l->label - n, "%s%s", n ? ", " : "", text);
}

/* Every line inside 1..max, ascending; a decision line's label first. */
static void collect_lines(const chart *c, struct yaxis *ax)
{
	ax->nlines = 0;
	for (size_t i = 0; i < c->nlines; i++) {
		struct line *l;
		int total = c->lines[i].total;
		if (total <= 0 || total > c->max || !(l = line_at(ax, total)))
			continue;
		char label[LABELS_BYTES];
		snprintf(label, sizeof label, "%d %s", total, c->lines[i].label);
		add_label(l, label);
		l->decision = true;
	}
	for (size_t b = 0; b < c->nbands; b++) {
		struct line *l;
		int lo = c->bands[b].lo;
		if (lo <= 0 || lo > c->max || !(l = line_at(ax, lo)))
			continue;
		char label[LABELS_BYTES];
		band_label(&c->bands[b], label, sizeof label);
		add_label(l, label);
		l->band = true;
	}
	for (size_t i = 1; i < ax->nlines; i++) /* few: insertion sort */
		for (size_t j = i; j > 0 && ax->lines[j].total < ax->lines[j - 1].total; j--) {
			struct line tmp = ax->lines[j];
			ax->lines[j] = ax->lines[j - 1];
			ax->lines[j - 1] = tmp;
		}
}

/* The highest total in the span, or -1 when there is none. */
static int data_max(const chart *c)
{
	int top = -1;
	for (size_t i = 0; i < c->npoints; i++)
		if (c->points[i].at >= c->from && c->points[i].at <= c->to && c->points[i].total > top)
			top = c->points[i].total;
	return top;
}

/* How much a line matters, 0 the most: a decision line, the highest the
 * data reach (the band its peak is in), the first above it, then the
 * others below, the nearest first. -1: not at all (above the first above). */
static long importance(const struct yaxis *ax, size_t i, size_t above)
{
	if (ax->lines[i].decision)
		return 0;
	if (i + 1 == above)
		return 1;
	if (i == above)
		return 2;
	return i < above ? 3 + (long)(above - 1 - i) : -1;
}

/* Keeps the lines that matter and fit: each needs its row and a row of
 * values on both sides. above: how many lines the data reach. */
static void keep_lines(struct yaxis *ax, int top, int rows)
{
	size_t above = 0, n = ax->nlines;
	while (above < n && ax->lines[above].total <= top)
		above++;
	bool keep[CHART_LINES_MAX] = { false };
	size_t room = rows > 1 ? (size_t)(rows - 1) / 2 : 0;
	for (size_t kept = 0; kept < room; kept++) {
		size_t best = n;
		for (size_t i = 0; i < n; i++)
			if (!keep[i] && importance(ax, i, above) >= 0 &&
			    (best == n || importance(ax, i, above) < importance(ax, best, above)))
				best = i;
		if (best == n)
			break;
		keep[best] = true;
	}
	size_t out = 0;
	for (size_t i = 0; i < n; i++)
		if (keep[i])
			ax->lines[out++] = ax->lines[i];
	ax->nlines = out;
}

/* Rows for each stretch of values between lines: one each, then the rest
 * by their share of the values (largest remainder), never more rows than
 * values. */
static void share_rows(const int *lo, const int *hi, size_t n, int spare, int *rows)
{
	for (size_t i = 0; i < n; i++)
		rows[i] = 1;
	while (spare > 0) {
		size_t best = n;
		long best_need = 0;
		for (size_t i = 0; i < n; i++) {
			long values = hi[i] - lo[i] + 1;
			if (rows[i] >= values)
				continue;
			/* values a row would cover with one more, the most first */
			long need = values * 1000 / (rows[i] + 1);
			if (best == n || need > best_need) {
				best = i;
				best_need = need;
			}
		}
		if (best == n)
			break;
		rows[best]++;
		spare--;
	}
}

/* Lays out rows plot rows, the top first: the values above the highest
 * line, that line, the values below it, ... down to the values from 0. */
static void lay_out_y(const chart *c, struct yaxis *ax, int rows)
{
	collect_lines(c, ax);
	int top = data_max(c);
	keep_lines(ax, top < 0 ? 0 : top, rows);
	size_t n = ax->nlines + 1;
	int lo[CHART_LINES_MAX + 1], hi[CHART_LINES_MAX + 1], got[CHART_LINES_MAX + 1];
	for (size_t i = 0; i < n; i++) {
		lo[i] = i ? ax->lines[i - 1].total : 0;
		hi[i] = i < ax->nlines ? ax->lines[i].total - 1 : 0;
	}
	/* The top stretch: up to the data, or one row's worth above its line. */
	hi[n - 1] = top > lo[n - 1] ? top : lo[n - 1];
	if (top < 0 && !ax->nlines)
		hi[0] = c->max;
	int spare = rows - (int)ax->nlines - (int)n;
	share_rows(lo, hi, n, spare > 0 ? spare : 0, got);
	ax->nrows = 0;
	for (size_t s = n; s-- > 0;) {
		int span = hi[s] - lo[s] + 1;
		for (int r = got[s]; r-- > 0 && ax->nrows < CHART_ROWS_MAX;) {
			struct yrow *y = &ax->rows[ax->nrows++];
			y->line = -1;
			y->lo = lo[s] + r * span / got[s];
			y->hi = lo[s] + (r + 1) * span / got[s] - 1;
		}
		if (s && ax->nrows < CHART_ROWS_MAX)
			ax->rows[ax->nrows++] = (struct yrow){ (int)s - 1, 0, 0 };
	}
}

/* The row total lands on: the values row holding it, else the nearest. */
static int row_of(const struct yaxis *ax, int total)
{
	int last = 0;
	for (int r = 0; r < ax->nrows; r++) {
		if (ax->rows[r].line >= 0)
			continue;
		if (total >= ax->rows[r].lo)
			return r;
		last = r;
	}
	return last;
}

/* ---- drawing ------------------------------------------------------------ */

/* The highest total per column, -1 where there is none. */
static void bucket(const chart *c, int *vals, int w)
{
	for (int i = 0; i < w; i++)
		vals[i] = -1;
	vigil_time span = c->to - c->from;
	if (span <= 0)
		return;
	for (size_t i = 0; i < c->npoints; i++) {
		const chart_point *p = &c->points[i];
		if (p->at < c->from || p->at > c->to)
			continue;
		int col = (int)((p->at - c->from) * w / span);
		col = col >= w ? w - 1 : col;
		if (p->total > vals[col])
			vals[col] = p->total;
	}
}

/* The axis's values: each line's total, the top row's highest value and
 * 0 on the bottom row. */
static void draw_y_labels(const struct yaxis *ax, int y, int x)
{
	char num[16];
	for (int r = 0; r < ax->nrows; r++) {
		const struct yrow *row = &ax->rows[r];
		if (row->line >= 0)
			snprintf(num, sizeof num, "%d", ax->lines[row->line].total);
		else if (r == 0 && row->hi > row->lo) /* else its line says it */
			snprintf(num, sizeof num, "%d", row->hi);
		else if (r == ax->nrows - 1)
			snprintf(num, sizeof num, "%d", row->lo);
		else
			continue;
		draw_text_right(y + r, x, AXIS_W - 1, row->line >= 0 ? ST_BOLD : ST_NORMAL, num);
	}
}

/* Each line across the plot, dotted for a band's start and solid for a
 * decision line, labelled on the right. */
static void draw_lines(const struct yaxis *ax, int y, int x, int w, int label_w)
{
	for (int r = 0; r < ax->nrows; r++) {
		if (ax->rows[r].line < 0)
			continue;
		const struct line *l = &ax->lines[ax->rows[r].line];
		for (int i = 0; i < w; i++)
			draw_glyph(y + r, x + i, l->decision ? GLYPH_HLINE : GLYPH_DOTTED,
			           l->decision ? ST_BOLD : STYLE_DIM);
		draw_data(y + r, x + w + 1, label_w - 1, l->decision ? ST_BOLD : STYLE_DIM, l->label);
	}
}

static void draw_points(const struct yaxis *ax, const int *vals, int y, int x, int w)
{
	for (int i = 0; i < w; i++)
		if (vals[i] >= 0)
			draw_glyph(y + row_of(ax, vals[i]), x + i, GLYPH_POINT, ST_BOLD);
}

static void time_label(vigil_time t, vigil_time now, char *buf, size_t size)
{
	char local[VIGIL_TIME_LOCAL_LEN];
	if (t == now) {
		snprintf(buf, size, " now ");
		return;
	}
	vigil_time_format_local(t, local, sizeof local);
	snprintf(buf, size, " %s ", local + 5); /* "11-21 14:30" */
}

static void draw_axis(const chart *c, int y, int x, int w)
{
	char label[32];
	draw_glyph(y, x - 1, GLYPH_CORNER, ST_NORMAL);
	for (int i = 0; i < w; i++)
		draw_glyph(y, x + i, GLYPH_HLINE, ST_NORMAL);
	time_label(c->from, c->now, label, sizeof label);
	draw_text(y, x + 1, w / 3, ST_NORMAL, label);
	time_label(c->from + (c->to - c->from) / 2, c->now, label, sizeof label);
	int lw = draw_width(label);
	draw_text(y, x + (w - lw) / 2, lw, ST_NORMAL, label);
	time_label(c->to, c->now, label, sizeof label);
	draw_text_right(y, x + w - w / 3 - 1, w / 3, ST_NORMAL, label);
}

/* Each dose given in the span: a marker in the row under the axis, in the
 * column of its time; the legend at the right, under the labels. */
static void draw_doses(const chart *c, int y, int x, int w, int label_w)
{
	vigil_time span = c->to - c->from;
	for (size_t i = 0; i < c->ndoses && span > 0; i++) {
		if (c->doses[i] < c->from || c->doses[i] > c->to)
			continue;
		int col = (int)((c->doses[i] - c->from) * w / span);
		draw_glyph(y, x + (col >= w ? w - 1 : col), GLYPH_DOSE, ST_BOLD);
	}
	if (c->dose_legend && label_w > 4) { /* apart from a marker in the last column */
		draw_glyph(y, x + w + 2, GLYPH_DOSE, ST_BOLD);
		draw_text(y, x + w + 3, label_w - 3, ST_NORMAL, c->dose_legend);
	}
}

/* The selected assessment: an arrow in the top row, over its column. */
static void draw_mark(const chart *c, int y, int x, int w)
{
	vigil_time span = c->to - c->from;
	if (c->mark >= c->from && c->mark <= c->to && span > 0) {
		int col = (int)((c->mark - c->from) * w / span);
		draw_glyph(y, x + (col >= w ? w - 1 : col), GLYPH_DOWN, ST_BOLD | ST_REVERSE);
	}
}

/* Wide enough for the longest line label, while the plot keeps PLOT_MIN
 * columns. */
static int label_width(const struct yaxis *ax, int cols)
{
	int label_w = LABEL_W;
	for (size_t i = 0; i < ax->nlines; i++) {
		int need = draw_width(ax->lines[i].label) + 1;
		need = need > LINE_LABEL_MAX ? LINE_LABEL_MAX : need;
		label_w = need > label_w ? need : label_w;
	}
	if (cols - AXIS_W - label_w < PLOT_MIN)
		label_w = cols - AXIS_W - PLOT_MIN > LABEL_W ? cols - AXIS_W - PLOT_MIN : LABEL_W;
	return label_w;
}

void chart_draw(const chart *c, int y, int x, int rows, int cols)
{
	int plot = rows - 1 - (c->dose_row ? 1 : 0);
	if (plot < 1 || c->max <= 0)
		return;
	plot = plot > CHART_ROWS_MAX ? CHART_ROWS_MAX : plot;
	struct yaxis ax;
	lay_out_y(c, &ax, plot);
	int label_w = label_width(&ax, cols), w = cols - AXIS_W - label_w;
	if (w < 10)
		return;
	w = w > COLS_MAX ? COLS_MAX : w;
	int vals[COLS_MAX], px = x + AXIS_W;
	for (int r = 0; r < plot; r++)
		draw_glyph(y + r, px - 1, GLYPH_VLINE, ST_NORMAL);
	draw_y_labels(&ax, y, x);
	bucket(c, vals, w);
	draw_lines(&ax, y, px, w, label_w);
	draw_points(&ax, vals, y, px, w);
	draw_axis(c, y + plot, px, w);
	if (c->dose_row)
		draw_doses(c, y + plot + 1, px, w, label_w);
	draw_mark(c, y, px, w);
}

/* ---- time spans --------------------------------------------------------- */

static const struct {
	const char *name;
	vigil_time span; /* 0: the whole stay */
} zooms[] = {
	{ "whole stay", 0 }, { "7 days", 7 * DAY }, { "3 days", 3 * DAY },
	{ "24 hours", DAY }, { "8 hours", 8 * HOUR }, { "2 hours", 2 * HOUR },
};
#define NZOOMS (sizeof zooms / sizeof zooms[0])

/* A span shows less than the whole stay only when it is clearly shorter. */
static bool zooms_in(size_t zoom, vigil_time stay)
{
	return zooms[zoom].span && zooms[zoom].span * 5 < stay * 4;
}

size_t chart_zoom_first(vigil_time stay)
{
	for (size_t z = 0; z < NZOOMS; z++)
		if (zooms[z].span == 3 * DAY && zooms_in(z, stay))
			return z;
	return 0;
}

size_t chart_zoom_next(size_t zoom, vigil_time stay)
{
	for (size_t z = zoom + 1; z < NZOOMS; z++)
		if (zooms_in(z, stay))
			return z;
	return 0;
}

const char *chart_zoom_name(size_t zoom)
{
	return zooms[zoom < NZOOMS ? zoom : 0].name;
}

void chart_zoom_span(size_t zoom, vigil_time admitted, vigil_time end, vigil_time *from,
                     vigil_time *to)
{
	vigil_time span = zooms[zoom < NZOOMS ? zoom : 0].span;
	*to = end;
	*from = span ? end - span : admitted;
	if (*to - *from < HOUR) /* a stay just begun: an hour wide */
		*from = *to - HOUR;
}
