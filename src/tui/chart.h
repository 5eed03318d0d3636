/* chart.h - a trend chart of totals over time: time on the x axis, score
 * on the y axis, one bar per column (the highest total in that span of
 * time), band thresholds as dotted lines and the protocol's decision
 * lines as solid ones, labelled on the right; under the time axis, a
 * marker under the time of each dose given, with its legend. Block
 * characters, with an ASCII ramp when the locale is not UTF-8. */
#ifndef VIGIL_TUI_CHART_H
#define VIGIL_TUI_CHART_H

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
	int max;                   /* the y axis: 0..max */
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

/* Draws c in rows x cols at y, x: the rows of bars, the axis and, with
 * dose_row, the doses' row. */
void chart_draw(const chart *c, int y, int x, int rows, int cols);

#endif
