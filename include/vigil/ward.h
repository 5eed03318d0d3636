/* ward.h - the ward at a glance: for each admitted patient every active
 * scale (due.h), the most urgent due time and the worst current band, a
 * short trend, and the warnings in force. Plain data for the board screen
 * (and any other face); no terminal code.
 *
 * The board never hides a worse or earlier-due scale behind a later,
 * milder one: due_* is the earliest due time of any timed active scale
 * (overdue ones are the earliest), shown_* the scale whose current band is
 * the worst (else the latest assessed), each naming its scale. */
#ifndef VIGIL_WARD_H
#define VIGIL_WARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "vigil/assessment.h"
#include "vigil/auth.h"
#include "vigil/due.h"
#include "vigil/patient.h"

/* Totals kept for a row's trend. */
#define VIGIL_WARD_TREND_MAX 10

/* A short summary of one assessment. */
typedef struct vigil_ward_assessment {
	int64_t id;
	char scale[VIGIL_SCALE_KEY_MAX + 1];
	int total;
	int max_total;
	char band[VIGIL_BAND_MAX];
	vigil_time performed_at;
} vigil_ward_assessment;

typedef struct vigil_ward_row {
	vigil_patient patient;
	size_t by_bed;              /* its place in bed order (as loaded) */
	vigil_patient_state state;  /* every active scale */
	/* The assessment the board shows: the latest on the scale with the
	 * worst current band, else the latest on any active scale. */
	bool has_last;
	vigil_ward_assessment last;
	size_t ntrend;              /* totals of last.scale, oldest first, */
	int trend[VIGIL_WARD_TREND_MAX]; /* ending with last.total */
	/* The most urgent due time, when any active scale is timed. */
	bool timed;
	vigil_time due_at;          /* when; overdue from due_at + grace */
	int64_t grace;
	char due_scale[VIGIL_SCALE_KEY_MAX + 1];
	char due_why[VIGIL_DUE_WHY_MAX];
	bool flagged;               /* a scale is still due after a refusal etc. */
	size_t nwarnings;           /* over every active scale */
	const char *warning;        /* the first, or NULL (points into state) */
} vigil_ward_row;

typedef struct vigil_ward {
	size_t count;
	vigil_ward_row *rows; /* admitted patients, sorted by bed then MRN */
} vigil_ward;

/* Reads the ward: per patient and active scale a few look-ups along the
 * (patient, scale, performed_at) index, so the time does not grow with
 * the number of assessments. */
vigil_status vigil_ward_load(vigil_session *session, const vigil_protocols *protocols,
                             vigil_ward *out, vigil_error *err);
void vigil_ward_free(vigil_ward *ward);
/* True when the row's most urgent scale is overdue at now. */
bool vigil_ward_overdue(const vigil_ward_row *row, vigil_time now);

/* The band of the row's shown assessment: its place in its scale's bands
 * (0 the lowest, -1 none) of how many, and how severe (scale.h). */
int vigil_ward_band_rank(const vigil_ward_row *row, int *count);
vigil_severity vigil_ward_severity(const vigil_ward_row *row);

/* The orders the board offers. */
typedef enum vigil_ward_order {
	VIGIL_WARD_BY_BED,   /* bed, then MRN (as loaded) */
	VIGIL_WARD_WORST,    /* the worst band first (vigil_band_compare), then the
	                      * most overdue, then the soonest due, then bed */
	VIGIL_WARD_DUE,      /* the soonest due first (overdue the longest first),
	                      * those without a due time last, then bed */
	VIGIL_WARD_ORDERS
} vigil_ward_order;
/* "bed", "worst first", "due soonest" */
const char *vigil_ward_order_name(vigil_ward_order order);
/* The rows in order at now, as indices into ward->rows (index holds
 * ward->count); rows that compare equal keep bed order. */
void vigil_ward_sort(const vigil_ward *ward, vigil_ward_order order, vigil_time now,
                     size_t *index);

/* How well a patient matches a search, best first: a bed typed in full
 * beats an MRN that merely contains the digits ("10" is bed 10, not
 * MRN1001). Case never matters. */
typedef enum vigil_find_rank {
	VIGIL_FIND_NONE,
	VIGIL_FIND_BED,    /* the bed, exactly */
	VIGIL_FIND_MRN,    /* the MRN, exactly */
	VIGIL_FIND_START,  /* the start of the name, of a word in it, or of the MRN */
	VIGIL_FIND_WITHIN, /* anywhere in the name, MRN or bed */
	VIGIL_FIND_RANKS
} vigil_find_rank;
/* How p matches query (NONE for an empty query). */
vigil_find_rank vigil_ward_find_rank(const vigil_patient *p, const char *query);

#endif
