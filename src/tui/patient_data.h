/* patient_data.h - what the patient screen reads (patient_data.c) and
 * draws (patient.c): only what it shows. The timeline's newest rows (the
 * scale's assessments and not-done records and the chart's entries,
 * merged by time), read a window at a time and more as the list scrolls;
 * the chart's points and dose marks over the span shown, read again when
 * z zooms; the newest vital signs for the trend; every active scale's
 * state. Each is a query on an index with a limit or a time range, so
 * opening a patient costs the same after years of data as on day one.
 * Everything shown is checked against the audit log first, in one query
 * per kind of record. */
#ifndef VIGIL_TUI_PATIENT_DATA_H
#define VIGIL_TUI_PATIENT_DATA_H

#include "chart.h"
#include "view.h"
#include "vigil/chart.h"
#include "vigil/due.h"

#define TREND_MAX 4  /* vital signs in the trend */
#define WHAT_MAX 120 /* bytes of a chart row's words */
#define PATIENT_WINDOW 64 /* rows of the timeline read on opening: a page or two */



/* The kinds of rows in the timeline. */
enum { ROW_ASSESSMENT, ROW_NOT_DONE, ROW_CHART };

/* A row is checked against the audit log before it is first shown, all
 * those about to be shown at once in one query. */
enum { AUDIT_UNCHECKED, AUDIT_OK, AUDIT_CHANGED };

/* What the list needs of an assessment, a not-done record or a chart
 * entry: small, so a long window stays cheap. */
struct hist_row {
	unsigned char kind;  /* ROW_* */
	unsigned char ckind; /* vigil_chart_kind, for ROW_CHART */
	bool flagged;        /* vital signs a protocol flags */
	bool treats;         /* a dose of a drug that treats the scale shown */
	bool has_note;       /* a note is attached (a chart note is its own words) */
	short hr, sys, dia;  /* vital signs (0: not taken), for the trend */
	char what[WHAT_MAX]; /* a chart entry in words */
	int64_t id;
	vigil_time at;
	int total, max_total;
	vigil_not_done_why why;
	char band[VIGIL_BAND_MAX];
	char performer[VIGIL_TEXT_BYTES(VIGIL_USER_NAME_MAX)];
	vigil_assess_status status;
	bool late;
	int64_t supersedes;
	unsigned char audit; /* AUDIT_* */
};

struct patient_state {
	vigil_patient p;
	const vigil_scale *scale;
	vigil_patient_state st;   /* every active scale, from the core */
	bool has_st;
	const vigil_scale *order[VIGIL_ACTIVE_MAX + 16]; /* what Tab goes through */
	size_t norder;
	struct hist_row *rows;    /* the timeline's newest n rows, newest first */
	size_t n, cap;
	size_t want;              /* rows asked for (0: all) */
	bool more;                /* older rows not read yet */
	chart_point *points;      /* the chart's span: current assessments, checked */
	int64_t *point_ids;
	size_t npoints, pcap, picap;
	vigil_time *doses;        /* doses in the span of a drug that treats the scale */
	int64_t *dose_ids;
	size_t ndoses, dcap, dicap;
	vigil_time span_from;     /* points and doses were read from then on */
	bool has_dose_marks;      /* the chart keeps a row for dose marks */
	struct hist_row trend[TREND_MAX]; /* the newest current vital signs */
	size_t ntrend;
	vigil_readiness ready;    /* induction readiness (decision support) */
	vigil_cap_flags caps;     /* doses at a protocol's 24-hour maximum */
	bool nomem;
	bool last_tampered[VIGIL_ACTIVE_MAX]; /* an active scale's last score is */
	size_t sel, top;
	size_t zoom;              /* chart.h's time spans */
	bool has_detail;
	vigil_assessment detail;  /* the selected assessment, with its items */
	vigil_not_done nd_detail; /* or the selected not-done record */
	vigil_chart_entry cdetail;/* or the selected chart entry */
	vigil_error detail_err;   /* why none loaded (a tampered record, say) */
};

/* Everything the screen shows, read again; the selection stays on the
 * same record when it is still there. */
void patient_data_load(struct tui *t);
/* The chart's points and dose marks, when the span shown starts before
 * those read (z zoomed out). */
void patient_data_span(struct tui *t);
/* Makes row `need` readable when it exists (reads older rows); true when
 * it is. need SIZE_MAX reads them all. */
bool patient_data_reach(struct tui *t, size_t need);
/* Checks the list's rows first..first+count-1 against the audit log. */
void patient_data_check(struct tui *t, size_t first, size_t count);
/* The selected row's record in full (items, detail). */
void patient_data_detail(struct tui *t);
/* The chart's time axis at the zoom chosen (chart_zoom_span), and the
 * stay it zooms in: from the admission to the discharge or now. */
void patient_chart_span(const struct tui *t, vigil_time *from, vigil_time *to);
vigil_time patient_stay(const struct tui *t);
bool patient_row_is(const struct hist_row *r, int kind, int64_t id);
/* A copy cut short may end inside a character: drop what is left of it. */
void patient_cut_whole(char *buf);

#endif
