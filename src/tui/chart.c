/* chart.c - the patient screen's trend chart */
#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "draw.h"

#define AXIS_W 4   /* "48 |" */
#define LABEL_W 15 /* "25+ mod-severe" on the right */
#define LINE_LABEL_MAX 40 /* with decision lines: "8 induction threshold (COWS 8)" */
#define PLOT_MIN 40       /* columns kept for the bars when labels widen */
#define ROWS_MAX 64
#define LABELS_BYTES 160
#define COLS_MAX 512

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

/* Height in eighths of a cell; any total, even 0, shows at least one. */
static int eighths(int total, int max, int rows)
{
	int h = (total * rows * 8 + max - 1) / max;
	return h < 1 ? 1 : h > rows * 8 ? rows * 8 : h;
}

/* The row a total starts on, counting from the top. */
static int row_of(int total, int max, int rows)
{
	int level = total * rows * 8 / max; /* eighths from the bottom */
	int row = rows - 1 - level / 8;
	return row < 0 ? 0 : row;
}

static void add_label(char (*labels)[LABELS_BYTES], int row, const char *text)
{
	size_t n = strlen(labels[row]);
	snprintf(labels[row] + n, LABELS_BYTES - n, "%s%s", n ? ", " : "", text);
}

/* Where each band starts (dotted, dim) and the protocol's decision lines
 * (solid, bold), labelled on the right; a row with both is solid and names
 * both, the short band label first so that both show. */
static void draw_thresholds(const chart *c, int y, int x, int rows, int w, int label_w)
{
	char labels[ROWS_MAX][LABELS_BYTES];
	bool solid[ROWS_MAX];
	for (int r = 0; r < rows && r < ROWS_MAX; r++) {
		labels[r][0] = '\0';
		solid[r] = false;
	}
	for (size_t b = 0; b < c->nbands; b++) {
		int lo = c->bands[b].lo, row = row_of(lo, c->max, rows);
		if (lo <= 0 || lo > c->max || row >= ROWS_MAX)
			continue;
		char label[64];
		const char *key = c->bands[b].key, *dash = strchr(key, '-');
		if (strlen(key) > 8 && dash)
			snprintf(label, sizeof label, "%d+ %.3s-%s", lo, key, dash + 1);
		else
			snprintf(label, sizeof label, "%d+ %s", lo, key);
		add_label(labels, row, label);
		for (int i = 0; i < w; i++)
			draw_glyph(y + row, x + i, GLYPH_DOTTED, STYLE_DIM);
	}
	for (size_t i = 0; i < c->nlines; i++) {
		int total = c->lines[i].total, row = row_of(total, c->max, rows);
		if (total <= 0 || total > c->max || row >= ROWS_MAX)
			continue;
		char label[LABELS_BYTES];
		snprintf(label, sizeof label, "%d %s", total, c->lines[i].label);
		add_label(labels, row, label);
		solid[row] = true;
	}
	for (int r = 0; r < rows && r < ROWS_MAX; r++) {
		if (solid[r])
			for (int i = 0; i < w; i++)
				draw_glyph(y + r, x + i, GLYPH_HLINE, ST_BOLD);
		if (labels[r][0])
			draw_data(y + r, x + w + 1, label_w - 1, solid[r] ? ST_BOLD : STYLE_DIM,
			          labels[r]);
	}
}

static void draw_bars(const int *vals, int max, int y, int x, int rows, int w)
{
	for (int i = 0; i < w; i++) {
		if (vals[i] < 0)
			continue;
		int h = eighths(vals[i], max, rows);
		for (int r = 0; r < rows && h > 0; r++, h -= 8)
			draw_block(y + rows - 1 - r, x + i, h >= 8 ? 8 : h, ST_BOLD);
	}
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

void chart_draw(const chart *c, int y, int x, int rows, int cols)
{
	/* Wide enough for the longest decision line's label, while the plot
	 * keeps PLOT_MIN columns. */
	int label_w = LABEL_W;
	for (size_t i = 0; i < c->nlines; i++) {
		char label[LABELS_BYTES];
		snprintf(label, sizeof label, "%d %s", c->lines[i].total, c->lines[i].label);
		int need = draw_width(label) + 1;
		need = need > LINE_LABEL_MAX ? LINE_LABEL_MAX : need;
		if (need > label_w)
			label_w = need;
	}
	if (cols - AXIS_W - label_w < PLOT_MIN)
		label_w = cols - AXIS_W - PLOT_MIN > LABEL_W ? cols - AXIS_W - PLOT_MIN : LABEL_W;
	int plot = rows - 1 - (c->dose_row ? 1 : 0), w = cols - AXIS_W - label_w;
	if (plot < 1 || w < 10 || c->max <= 0)
		return;
	w = w > COLS_MAX ? COLS_MAX : w;
	int vals[COLS_MAX], px = x + AXIS_W;
	char num[16];
	for (int r = 0; r < plot; r++)
		draw_glyph(y + r, px - 1, GLYPH_VLINE, ST_NORMAL);
	snprintf(num, sizeof num, "%d", c->max);
	draw_text_right(y, x, AXIS_W - 1, ST_NORMAL, num);
	draw_text_right(y + plot - 1, x, AXIS_W - 1, ST_NORMAL, "0");
	bucket(c, vals, w);
	draw_thresholds(c, y, px, plot, w, label_w);
	draw_bars(vals, c->max, y, px, plot, w);
	draw_axis(c, y + plot, px, w);
	if (c->dose_row)
		draw_doses(c, y + plot + 1, px, w, label_w);
	draw_mark(c, y, px, w);
}
