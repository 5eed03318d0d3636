/* chart.h - a trend chart of totals over time: time on the x axis, score
 * on the y axis, one point per column (the highest total in that span of
 * time). Where a band starts (dotted) and the protocol's decision lines
 * (solid) each have a row of their own, labelled on the right, that no
 * point lands on: a point is above or below a line at a glance. The y
 * axis is scaled to the data and the lines that matter (those the data
 * reach and the first above them) and labelled with values. Under the
 * time axis, a marker under the time of each dose given, with its
 * legend. ASCII when the locale is not UTF-8. */
#ifndef VIGIL_TUI_CHART_H
#define VIGIL_TUI_CHART_H

#include <stdbool.h>
#include <stddef.h>

#include "vigil/clock.h"
#include "vigil/protocol.h"
#include "vigil/scale.h"

typedef struct chart_point {
	vigil_time at;
	int total;
} chart_point;

typedef struct chart {
	const chart_point *points; /* any order */
	size_t npoints;
	vigil_time from, to;       /* the x axis */
	vigil_time now;            /* the right end is labelled "now" when to == now */
	int max;                   /* the scale's highest total: lines above it are left out */
	const vigil_band *bands;
	size_t nbands;
	const vigil_decision_line *lines; /* the protocol's (may be NULL) */
	size_t nlines;
	vigil_time mark;           /* a time marked above the plot, or 0 */
	bool dose_row;             /* a row under the axis for doses given */
	const vigil_time *doses;   /* when each was given (any order) */
	size_t ndoses;
	const char *dose_legend;   /* on the dose row, right, after the marker: "dose given" */
} chart;

/* Lines shown at most, and plot rows used at most. */
#define CHART_LINES_MAX 16
#define CHART_ROWS_MAX 64

/* Draws c in rows x cols at y, x: the plot rows, the axis and, with
 * dose_row, the doses' row. Each line shown needs a row and a row of
 * values on either side: with few rows, the lines nearest the data's
 * highest are kept (decision lines first). */
void chart_draw(const chart *c, int y, int x, int rows, int cols);

/* The time spans z cycles through, as indices: the whole stay, then each
 * of 7 days, 3 days, 24 hours, 8 hours and 2 hours that is clearly
 * shorter than the stay (so z zooms in whatever its length), then the
 * whole stay again. stay: from the admission to the discharge or now. */
size_t chart_zoom_first(vigil_time stay); /* 3 days when shorter, else the whole stay */
size_t chart_zoom_next(size_t zoom, vigil_time stay);
const char *chart_zoom_name(size_t zoom); /* "8 hours", "whole stay" */
/* The x axis of zoom for a stay from admitted to end (the discharge or
 * now): at least an hour wide. */
void chart_zoom_span(size_t zoom, vigil_time admitted, vigil_time end, vigil_time *from,
                     vigil_time *to);

#endif
