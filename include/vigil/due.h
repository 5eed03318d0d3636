/* due.h - which scales a patient is monitored on, when each is next due and
 * why, and the reassessments that were not done.
 *
 * A scale is active for a patient from its first assessment (or from
 * `monitor start`) until someone stops it with a reason; an assessment
 * performed after a stop starts it again. Each active scale keeps its own
 * clock, set by its protocol (protocol.h) from its own latest current
 * assessment (a correction counts, a voided one does not), then moved by
 * later not-done records (asleep: recheck; refused: still due, flagged)
 * and doses. A scale without a protocol is active but has no due time. */
#ifndef VIGIL_DUE_H
#define VIGIL_DUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "vigil/assessment.h"
#include "vigil/auth.h"
#include "vigil/patient.h"
#include "vigil/protocol.h"

/* ---- monitoring -------------------------------------------------------- */

/* Starts monitoring a scale (nurse, clinician): due at once. Refused when
 * it is already active. */
vigil_status vigil_monitor_start(vigil_session *session, const vigil_protocols *protocols,
                                 const char *mrn, const char *scale, vigil_error *err);
/* Stops it, with a reason (nurse, clinician, audited). */
vigil_status vigil_monitor_stop(vigil_session *session, const vigil_protocols *protocols,
                                const char *mrn, const char *scale, const char *reason,
                                vigil_error *err);

/* ---- not done ---------------------------------------------------------- */

typedef struct vigil_not_done {
	int64_t id;
	int64_t patient_id;
	char mrn[VIGIL_TEXT_BYTES(VIGIL_MRN_MAX)];
	char scale[VIGIL_SCALE_KEY_MAX + 1];
	vigil_time performed_at; /* when it was found not doable */
	vigil_time entered_at;
	char performer[VIGIL_TEXT_BYTES(VIGIL_USER_NAME_MAX)];
	char entered_by[VIGIL_TEXT_BYTES(VIGIL_USER_NAME_MAX)];
	vigil_not_done_why why;
	char note[VIGIL_TEXT_BYTES(VIGIL_NOTE_MAX)];
	bool late;
	int64_t supersedes; /* the record this one corrects, or 0 */
	char amend_reason[VIGIL_TEXT_BYTES(VIGIL_REASON_MAX)];
	vigil_assess_status status;
	int64_t superseded_by;
	char corrected_by[VIGIL_TEXT_BYTES(VIGIL_USER_NAME_MAX)];
	vigil_time corrected_at;
	char correction_reason[VIGIL_TEXT_BYTES(VIGIL_REASON_MAX)];
} vigil_not_done;

typedef struct vigil_not_done_input {
	const char *mrn;
	const char *scale;
	vigil_not_done_why why;
	vigil_time performed_at; /* 0 = now */
	const char *note;        /* optional; required for "other" */
} vigil_not_done_input;

/* Records a timed "not done" (nurse, clinician): no score; the protocol
 * decides what it does to the clock. The scale must be active. */
vigil_status vigil_not_done_record(vigil_session *session, const vigil_protocols *protocols,
                                   const vigil_not_done_input *in, int64_t *id_out,
                                   vigil_error *err);
vigil_status vigil_not_done_get(vigil_session *session, int64_t id, vigil_not_done *out,
                                vigil_error *err);
/* Corrects the reason and note of a current record (same time). */
vigil_status vigil_not_done_amend(vigil_session *session, int64_t id, vigil_not_done_why why,
                                  const char *note, const char *reason, int64_t *new_id,
                                  vigil_error *err);
vigil_status vigil_not_done_void(vigil_session *session, int64_t id, const char *reason,
                                 vigil_error *err);
/* Refused unless nd is current: "not-done record N2 has already been
 * amended (by N3)" (correctable.h). A face asks it before the form. */
vigil_status vigil_not_done_correctable(const vigil_not_done *nd, vigil_error *err);

typedef int (*vigil_not_done_fn)(const vigil_not_done *nd, void *ctx);
/* A patient's records (scale may be NULL), newest first unless
 * oldest_first; all: also amended and voided ones; from/to bound the
 * performed-at time when not 0. */
typedef struct vigil_not_done_query {
	const char *mrn;
	const char *scale;
	vigil_time from, to;
	bool all, oldest_first;
} vigil_not_done_query;
vigil_status vigil_not_done_query_each(vigil_session *session, const vigil_not_done_query *q,
                                       vigil_not_done_fn fn, void *ctx, vigil_error *err);

/* ---- due ------------------------------------------------------------- */

/* One active scale of one patient. */
typedef struct vigil_scale_state {
	char scale[VIGIL_SCALE_KEY_MAX + 1];
	const vigil_scale *def;        /* its definition */
	const vigil_protocol *protocol;/* NULL: not timed */
	vigil_time active_since;
	bool has_last;                 /* a current assessment since then */
	int64_t last_id;
	int last_total, last_max;
	char last_band[VIGIL_BAND_MAX];
	int band_rank;                 /* 0 = lowest band; -1 no band */
	int band_count;
	vigil_time last_at;
	bool timed;                    /* due_at is meaningful */
	vigil_time due_at;
	int64_t every;                 /* the period it repeats at while missed */
	int64_t grace;
	char why[VIGIL_DUE_WHY_MAX];   /* "CIWA-Ar 20 severe: hourly" */
	bool flagged;                  /* refused, off ward...: still due */
	char flag[VIGIL_DUE_WHY_MAX];  /* "refused at 02:00" */
	size_t nwarnings;
	vigil_warning warnings[VIGIL_WARNINGS_MAX];
} vigil_scale_state;

#define VIGIL_ACTIVE_MAX 16

typedef struct vigil_patient_state {
	vigil_patient patient;
	size_t nscales;                           /* active scales, by key */
	vigil_scale_state scales[VIGIL_ACTIVE_MAX];
	int most_urgent;  /* index of the timed scale first missed (due + grace), or -1 */
	int worst;        /* index of the worst current band, or -1 */
	size_t nwarnings; /* over every scale */
	bool flagged;     /* any scale still due after a refusal etc. */
} vigil_patient_state;

/* The state of every active scale of one patient, at the clock's now. */
vigil_status vigil_patient_state_load(vigil_session *session, const vigil_protocols *protocols,
                                      const vigil_patient *patient, vigil_patient_state *out,
                                      vigil_error *err);

/* True when the scale is overdue at now (past due and grace). */
bool vigil_scale_overdue(const vigil_scale_state *s, vigil_time now);

/* One row of `vigil due`: a (patient, scale) pair. */
typedef struct vigil_due_row {
	const vigil_patient *patient;
	const vigil_scale_state *state;
} vigil_due_row;

typedef struct vigil_due_filter {
	bool overdue_only;   /* only past due (and grace) */
	int64_t within;      /* > 0: only due within this long from now (overdue included) */
} vigil_due_filter;

typedef int (*vigil_due_fn)(const vigil_due_row *row, void *ctx);
/* Every timed active scale of every admitted patient, earliest due first
 * (overdue first); fn returns non-zero to stop. */
vigil_status vigil_due_list(vigil_session *session, const vigil_protocols *protocols,
                            const vigil_due_filter *filter, vigil_due_fn fn, void *ctx,
                            vigil_error *err);

/* What the protocol would say of an assessment before it is saved (the
 * entry's review page): warnings and the next due time. performed_at 0
 * = now; replaces: the assessment a correction replaces (0 for a new
 * one), which does not count beside it. */
vigil_status vigil_due_preview(vigil_session *session, const vigil_protocols *protocols,
                               const char *mrn, const vigil_sheet *sheet,
                               vigil_time performed_at, int64_t replaces,
                               vigil_protocol_result *out, vigil_error *err);

/* Missed reassessments of one scale of one patient with due times in
 * [from, to) and realised (due + grace passed without an assessment)
 * before until: each due time once per period it stays missed. *not_done
 * gets the not-done records performed in [from, to). */
vigil_status vigil_due_missed(vigil_session *session, const vigil_protocols *protocols,
                              const vigil_patient *patient, const char *scale,
                              vigil_time from, vigil_time to, vigil_time until, int *missed,
                              int *not_done, vigil_error *err);

#endif
