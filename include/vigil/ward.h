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

#endif
