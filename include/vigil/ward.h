/* ward.h - the ward at a glance: for each admitted patient the last
 * assessment, a short trend and when the next assessment is due. Plain
 * data for the board screen (and any other face); no terminal code.
 *
 * The reassessment rule is data, one row per scale that drives it:
 *
 *   scale     next due after the last assessment of that scale
 *   cows      1 h when the total is 13 or more (moderate or worse), else 4 h
 *   ciwa-ar   1 h when the total is 10 or more (moderate or worse), else 4 h
 *
 * The latest current (not amended, not voided) assessment on any of these
 * scales sets the next due time, and is the one the board shows. Other
 * scales (SOWS, craving) do not reset the clock: they do not replace an
 * observer-rated score; the board shows one only for a patient who has no
 * assessment on a scale with a rule. A patient with no assessment on a
 * scale with a rule is due at admission. */
#ifndef VIGIL_WARD_H
#define VIGIL_WARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "vigil/assessment.h"
#include "vigil/auth.h"
#include "vigil/patient.h"

/* Totals kept for a row's trend. */
#define VIGIL_WARD_TREND_MAX 10

typedef struct vigil_reassess_rule {
	const char *scale; /* scale key */
	int high_from;     /* a total at or above this gets the short interval */
	int64_t every;     /* seconds to the next assessment */
	int64_t every_high;/* seconds when the total is high */
	const char *label; /* "4-hourly; hourly from 13 (moderate)" */
} vigil_reassess_rule;

/* The rule table; *count gets its length. */
const vigil_reassess_rule *vigil_reassess_rules(size_t *count);
/* The rule for a scale key, or NULL when the scale does not drive
 * reassessment. */
const vigil_reassess_rule *vigil_reassess_rule_for(const char *scale);
/* When the next assessment is due after one of this scale and total was
 * performed at `at` (a scale without a rule: at + 4 h). */
vigil_time vigil_reassess_due(const char *scale, int total, vigil_time at);

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
	/* The assessment the board shows: the latest on a scale with a rule
	 * (it sets due_at), else the latest on any scale. */
	bool has_last;
	vigil_ward_assessment last;
	bool last_drives;           /* last is on a scale with a rule */
	size_t ntrend;              /* totals of last.scale, oldest first, */
	int trend[VIGIL_WARD_TREND_MAX]; /* ending with last.total */
	vigil_time due_at;          /* next assessment due (admission if none) */
} vigil_ward_row;

typedef struct vigil_ward {
	size_t count;
	vigil_ward_row *rows; /* admitted patients, sorted by bed then MRN */
} vigil_ward;

/* Reads the ward. Per patient, one walk back through the assessments,
 * newest first along the (patient, performed_at) index, that stops once
 * the row is complete (usually after a dozen rows), so the time does not
 * grow with the number of assessments. */
vigil_status vigil_ward_load(vigil_session *session, vigil_ward *out, vigil_error *err);
void vigil_ward_free(vigil_ward *ward);

#endif
