/* assessment.h - recording, correcting and reading scored assessments.
 * Records are never changed: a correction is a new assessment that
 * supersedes the old one, and "entered in error" voids one without
 * replacing it. The originals stay readable. */
#ifndef VIGIL_ASSESSMENT_H
#define VIGIL_ASSESSMENT_H

#include <stdbool.h>
#include <stdint.h>
#include "vigil/auth.h"
#include "vigil/clock.h"
#include "vigil/scale.h"
#include "vigil/text.h"

/* Performed more than this long before it was entered: marked late. */
#define VIGIL_LATE_SECONDS 3600
#define VIGIL_BAND_MAX 32

typedef enum vigil_assess_status {
	VIGIL_ASSESS_FINAL,   /* current */
	VIGIL_ASSESS_AMENDED, /* superseded by a correction */
	VIGIL_ASSESS_VOIDED   /* entered in error */
} vigil_assess_status;

/* "final", "amended", "entered-in-error" */
const char *vigil_assess_status_name(vigil_assess_status status);
/* The word lists show: "final", "corrected" (a final correction of an
 * earlier one), "amended" or "in error". */
const char *vigil_assess_status_word(vigil_assess_status status, bool corrects);

typedef struct vigil_item_value {
	char key[VIGIL_ITEM_KEY_MAX + 1];
	int score;
	bool has_raw; /* a measured value (COWS pulse: heart rate) */
	int raw;
} vigil_item_value;

typedef struct vigil_assessment {
	int64_t id;
	int64_t patient_id;
	char mrn[VIGIL_TEXT_BYTES(VIGIL_MRN_MAX)];
	char scale[VIGIL_SCALE_KEY_MAX + 1];
	vigil_time performed_at;
	vigil_time entered_at;
	char performer[VIGIL_TEXT_BYTES(VIGIL_USER_NAME_MAX)];  /* who assessed */
	char entered_by[VIGIL_TEXT_BYTES(VIGIL_USER_NAME_MAX)]; /* who typed this row */
	char reason[VIGIL_TEXT_BYTES(VIGIL_REASON_MAX)];
	char note[VIGIL_TEXT_BYTES(VIGIL_NOTE_MAX)];
	int total;
	int max_total;
	char band[VIGIL_BAND_MAX]; /* "" for a total-only scale */
	bool late;
	int64_t supersedes;    /* the assessment this one corrects, or 0 */
	char definition[65];   /* hash of the scale definition that scored it
	                        * ("" for one recorded before definitions were
	                        * kept) */
	char amend_reason[VIGIL_TEXT_BYTES(VIGIL_REASON_MAX)]; /* why, when supersedes */
	/* Filled when status is not final: the correction that replaced or
	 * voided this one. */
	vigil_assess_status status;
	int64_t superseded_by;
	char corrected_by[VIGIL_TEXT_BYTES(VIGIL_USER_NAME_MAX)];
	vigil_time corrected_at;
	char correction_reason[VIGIL_TEXT_BYTES(VIGIL_REASON_MAX)];
	size_t nitems; /* 0 when the query did not ask for items */
	vigil_item_value items[VIGIL_ITEMS_MAX];
} vigil_assessment;

typedef struct vigil_record_input {
	const char *mrn;
	const vigil_sheet *sheet;  /* complete, with its scale */
	vigil_time performed_at;   /* 0 = now */
	const char *reason;        /* why assessed: "4-hourly", "post-dose" (optional) */
	const char *note;          /* optional */
	/* Vital signs taken with it (chart.h; optional): stored as a set of
	 * vital signs linked to the assessment, together with any the sheet
	 * measured (the COWS pulse is a heart rate), so each is typed once. */
	const struct vigil_vitals_input *vitals;
} vigil_record_input;

/* Validates and stores a new assessment; *id_out gets its id. Refuses an
 * incomplete sheet, an unknown or discharged patient, a time in the future,
 * before admission or after discharge. */
vigil_status vigil_assessment_record(vigil_session *session, const vigil_record_input *in,
                                     int64_t *id_out, vigil_error *err);

/* Loads one assessment with its items. Refuses one that differs from the
 * audit log (changed outside vigil: VIGIL_ETAMPER, naming it), and one
 * whose correction or entered-in-error mark does, rather than show it. */
vigil_status vigil_assessment_get(vigil_session *session, int64_t id, vigil_assessment *out,
                                  vigil_error *err);

/* Fills sheet with the stored scores of a (for amending: change some, keep
 * the rest). */
vigil_status vigil_assessment_sheet(const vigil_assessment *a, const vigil_scale *scale,
                                    vigil_sheet *sheet, vigil_error *err);

/* Corrects a current assessment: a new one with the scores in sheet, the
 * same patient, scale and performed-at, superseding id. Refuses an
 * unchanged sheet, an empty reason, an assessment already amended or
 * voided, or changed outside vigil. */
vigil_status vigil_assessment_amend(vigil_session *session, int64_t id, const vigil_sheet *sheet,
                                    const char *reason, int64_t *new_id, vigil_error *err);

/* Marks a current assessment entered in error (not one changed outside
 * vigil). */
vigil_status vigil_assessment_void(vigil_session *session, int64_t id, const char *reason,
                                   vigil_error *err);

/* Which assessments to read. Zero-initialise, then set what matters. */
typedef struct vigil_query {
	const char *mrn;    /* one patient, or NULL for all */
	const char *scale;  /* one scale key, or NULL */
	vigil_time from;    /* performed at or after (0: no bound) */
	vigil_time to;      /* performed before (0: no bound) */
	bool all;           /* include amended and voided ones */
	bool with_items;    /* fill items[] */
	size_t items_for;   /* with_items: only for the first this many rows (0: all) */
	bool oldest_first;  /* default: newest first */
	size_t limit;       /* 0: no limit */
} vigil_query;

/* Calls fn for each matching assessment (memory stays flat); fn returns
 * non-zero to stop early. An unknown MRN is an error. */
typedef int (*vigil_assessment_fn)(const vigil_assessment *a, void *ctx);
vigil_status vigil_assessment_query(vigil_session *session, const vigil_query *q,
                                    vigil_assessment_fn fn, void *ctx, vigil_error *err);

/* Of the assessments (not_done: the not-done records) with these ids,
 * calls fn with each that differs from the audit log (changed outside
 * vigil), so a list can mark it instead of showing what it says: one
 * query for them all, so a list checks the rows it is about to show. fn
 * returns non-zero to stop. */
typedef int (*vigil_tampered_fn)(int64_t id, void *ctx);
vigil_status vigil_assessment_tampered(vigil_session *session, bool not_done, const int64_t *ids,
                                       size_t n, vigil_tampered_fn fn, void *ctx,
                                       vigil_error *err);

#endif
