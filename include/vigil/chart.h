/* chart.h - the rest of a patient's detox chart beside the scores: doses
 * given, vital signs, nursing notes and the substances last used.
 *
 * Each is a timed chart entry, append-only and audited like an
 * assessment: a correction is a new entry that supersedes the old one, and
 * "entered in error" voids one without replacing it; the originals stay
 * readable. Entries are named by a letter for their kind and a number:
 * D12 a dose, V12 a set of vital signs, T12 a note, U12 a last use.
 *
 * A dose is a record of what was given, never an order: the drug list
 * (drugs.h) bounds what can be typed, the protocols (protocol.h) say what
 * a dose makes due and how much of a drug over 24 hours needs a clinician
 * told. */
#ifndef VIGIL_CHART_H
#define VIGIL_CHART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "vigil/assessment.h"
#include "vigil/drugs.h"
#include "vigil/measure.h"
#include "vigil/patient.h"
#include "vigil/protocol.h"

typedef enum vigil_chart_kind {
	VIGIL_CHART_DOSE,
	VIGIL_CHART_VITALS,
	VIGIL_CHART_NOTE,
	VIGIL_CHART_LAST_USE,
	VIGIL_CHART_KINDS
} vigil_chart_kind;

/* "dose", "vitals", "note", "last-use": as stored and exported. */
const char *vigil_chart_kind_key(vigil_chart_kind kind);
/* "dose", "vital signs", "note", "last use": in a person's words. */
const char *vigil_chart_kind_words(vigil_chart_kind kind);
/* 'D', 'V', 'T', 'U' */
char vigil_chart_kind_letter(vigil_chart_kind kind);
/* "D12" into buf. */
void vigil_chart_entry_name(vigil_chart_kind kind, int64_t id, char *buf, size_t size);
/* Reads "D12" (or "d12"): *kind and *id; false when text is not such a
 * name. */
bool vigil_chart_name_parse(const char *text, vigil_chart_kind *kind, int64_t *id);

typedef enum vigil_dose_kind {
	VIGIL_DOSE_UNSPECIFIED,
	VIGIL_DOSE_PRN,       /* as needed */
	VIGIL_DOSE_SCHEDULED
} vigil_dose_kind;

/* "", "prn", "scheduled" */
const char *vigil_dose_kind_key(vigil_dose_kind kind);

typedef struct vigil_dose {
	char drug[VIGIL_DRUG_KEY_MAX + 1];
	int64_t amount;                     /* thousandths of unit */
	char unit[VIGIL_DRUG_UNIT_MAX];
	char route[VIGIL_DRUG_ROUTE_MAX];
	vigil_dose_kind kind;
	char reason[VIGIL_TEXT_BYTES(VIGIL_REASON_MAX)]; /* why given ("COWS 14") */
} vigil_dose;

/* A set of vital signs: any of them, at least one. */
typedef struct vigil_vitals {
	bool has[VIGIL_VITAL_COUNT];
	int value[VIGIL_VITAL_COUNT];       /* temperature in tenths of a degree */
	int64_t assessment_id;              /* taken with this assessment, or 0 */
} vigil_vitals;

typedef struct vigil_chart_entry {
	int64_t id;
	int64_t patient_id;
	char mrn[VIGIL_TEXT_BYTES(VIGIL_MRN_MAX)];
	vigil_chart_kind kind;
	vigil_time at;           /* given, taken, written, or last used */
	vigil_time entered_at;
	char performer[VIGIL_TEXT_BYTES(VIGIL_USER_NAME_MAX)];
	char entered_by[VIGIL_TEXT_BYTES(VIGIL_USER_NAME_MAX)];
	bool late;
	char note[VIGIL_TEXT_BYTES(VIGIL_NOTE_MAX)]; /* a note's text; else optional */
	vigil_dose dose;                         /* kind dose */
	vigil_vitals vitals;                     /* kind vitals */
	char substance[VIGIL_DRUG_KEY_MAX + 1];  /* kind last-use */
	int64_t supersedes;
	char amend_reason[VIGIL_TEXT_BYTES(VIGIL_REASON_MAX)];
	vigil_assess_status status;
	int64_t superseded_by;
	char corrected_by[VIGIL_TEXT_BYTES(VIGIL_USER_NAME_MAX)];
	vigil_time corrected_at;
	char correction_reason[VIGIL_TEXT_BYTES(VIGIL_REASON_MAX)];
} vigil_chart_entry;

/* ---- entering ---------------------------------------------------------- */

/* What a face passes as typed: the core parses and checks it all, so the
 * command line and the TUI accept the same. Times: 0 = now. */
typedef struct vigil_dose_input {
	const char *mrn;
	const char *drug;    /* a key of the drug list, any case */
	const char *amount;  /* "4", "0.5" */
	const char *unit;    /* "mg", any case */
	const char *route;   /* "SL", any case */
	vigil_dose_kind kind;
	const char *reason;  /* optional */
	const char *note;    /* optional */
	vigil_time at;
} vigil_dose_input;

typedef struct vigil_vitals_input {
	const char *mrn;
	const char *value[VIGIL_VITAL_COUNT]; /* NULL or "" = not taken */
	const char *note;
	vigil_time at;
	int64_t assessment_id;                /* taken with this assessment */
} vigil_vitals_input;

/* Reads "hr=88", "bp=120/80", "temp=37.5", "rr=16", "spo2=97" into in
 * (pointers into arg, which must outlive in). "unknown vital sign 'x'
 * (use hr, bp, temp, rr or spo2)". */
vigil_status vigil_vitals_arg(char *arg, vigil_vitals_input *in, vigil_error *err);

/* Checks a set of vital signs as typed (at least one, each plausible,
 * systolic above diastolic) into out. */
vigil_status vigil_vitals_check(const vigil_vitals_input *in, vigil_vitals *out,
                                vigil_error *err);

/* What a saved dose set off, for the face to show. */
#define VIGIL_DOSE_EFFECTS_MAX 4
typedef struct vigil_dose_effects {
	size_t ndue;                                   /* "after buprenorphine 4 mg at 10:05: COWS due 11:05" */
	char due[VIGIL_DOSE_EFFECTS_MAX][VIGIL_DUE_WHY_MAX];
	bool over_cap;                                 /* at or over the protocol's 24-hour maximum */
	char cap[VIGIL_WARNING_MAX];                   /* "lorazepam 13 mg in 24 h: over ..." */
} vigil_dose_effects;

/* Records a dose given (nurse, clinician): the drug on the list, its unit
 * and route ones the list allows, the amount above zero and no more than
 * the plausible single maximum, else refused with the allowed values and
 * nothing stored. effects (may be NULL) gets the reassessments it makes
 * due and whether it reaches the protocol's 24-hour maximum (recorded all
 * the same: it was given). */
vigil_status vigil_dose_record(vigil_session *session, const vigil_protocols *protocols,
                               const vigil_dose_input *in, int64_t *id_out,
                               vigil_dose_effects *effects, vigil_error *err);
/* Checks a dose as typed without saving it (the TUI's form, before Enter):
 * out gets it parsed. */
vigil_status vigil_dose_check(const vigil_protocols *protocols, const vigil_dose_input *in,
                              vigil_dose *out, vigil_error *err);

vigil_status vigil_vitals_record(vigil_session *session, const vigil_protocols *protocols,
                                 const vigil_vitals_input *in, int64_t *id_out,
                                 vigil_error *err);

/* A timed nursing note (nurse, clinician). */
vigil_status vigil_note_record(vigil_session *session, const char *mrn, const char *text,
                               vigil_time at, int64_t *id_out, vigil_error *err);

/* The substance a patient last used and when (nurse, clinician); a kind
 * of the drug list's substances; more than one may be recorded. */
vigil_status vigil_last_use_record(vigil_session *session, const vigil_protocols *protocols,
                                   const char *mrn, const char *substance, vigil_time at,
                                   const char *note, int64_t *id_out, vigil_error *err);

/* ---- reading and correcting ------------------------------------------- */

/* One entry by id; refused when it (or the correction or mark that gives
 * it its status) differs from the audit log. */
vigil_status vigil_chart_get(vigil_session *session, int64_t id, vigil_chart_entry *out,
                             vigil_error *err);

/* Corrects a current entry (nurse, clinician): fix is the whole entry as it
 * should read (same patient and kind; its time, values and note may
 * differ), checked as a new one would be. */
vigil_status vigil_chart_amend(vigil_session *session, const vigil_protocols *protocols,
                               int64_t id, const vigil_chart_entry *fix, const char *reason,
                               int64_t *new_id, vigil_error *err);
/* Refused unless e is current, the only entry a correction may start
 * from: "D1 has already been amended (by D2)", "D2 is entered in error"
 * (correctable.h). A face asks it before it offers the form. */
vigil_status vigil_chart_correctable(const vigil_chart_entry *e, vigil_error *err);
/* Marks a current entry entered in error, with a reason. */
vigil_status vigil_chart_void(vigil_session *session, int64_t id, const char *reason,
                              vigil_error *err);

typedef int (*vigil_chart_fn)(const vigil_chart_entry *e, void *ctx);
typedef struct vigil_chart_query {
	const char *mrn;        /* NULL: every patient (exports) */
	unsigned kinds;         /* bit (1u << kind); 0 = every kind */
	const char *drug;       /* doses of this drug only (NULL: any) */
	vigil_time from, to;    /* bound the entry's time when not 0: [from, to) */
	bool all;               /* also amended and voided entries */
	bool oldest_first;
	size_t limit;           /* 0: no limit */
	int64_t assessment_id;  /* vital signs taken with this assessment only (0: any) */
} vigil_chart_query;
vigil_status vigil_chart_each(vigil_session *session, const vigil_chart_query *q,
                              vigil_chart_fn fn, void *ctx, vigil_error *err);

/* The entries among ids that differ from the audit log (changed outside
 * vigil), so a list can mark them instead of showing what they say: one
 * query for them all. fn returns non-zero to stop. */
vigil_status vigil_chart_tampered(vigil_session *session, const int64_t *ids, size_t n,
                                  vigil_tampered_fn fn, void *ctx, vigil_error *err);

/* ---- what the chart says --------------------------------------------- */

/* "buprenorphine 4 mg SL", with "PRN" when it was. */
void vigil_dose_words(const vigil_dose *d, char *buf, size_t size);
/* "HR 88  BP 120/80  T 37.5  RR 16  SpO2 97", each value that a `vital`
 * line of any protocol in force flags followed by '!' (protocols may be
 * NULL: no flags). */
void vigil_vitals_words(const vigil_vitals *v, const vigil_protocols *protocols, char *buf,
                        size_t size);
/* Whether any value is flagged by any protocol in force (the limits are
 * the ward's, whichever scale they are written under); why gets the first
 * ("hr 130 > 120"). */
bool vigil_vitals_flagged(const vigil_vitals *v, const vigil_protocols *protocols, char *why,
                          size_t size);

/* The total of one drug given to the patient in the 24 hours up to `at`
 * (doses at or before it), in unit; and whether it reaches the protocol's
 * maximum (words in msg, as shown on entry, on the board and in due). */
vigil_status vigil_dose_total_24h(vigil_session *session, const char *mrn, const char *drug,
                                  const char *unit, vigil_time at, int64_t *total,
                                  vigil_error *err);

/* Doses at or over a protocol's 24-hour maximum for a patient now, one
 * message each ("lorazepam 13 mg in 24 h: over the protocol's 12 mg: tell
 * the clinician"). */
#define VIGIL_CAP_FLAGS_MAX 4
typedef struct vigil_cap_flags {
	size_t n;
	char text[VIGIL_CAP_FLAGS_MAX][VIGIL_WARNING_MAX];
} vigil_cap_flags;
vigil_status vigil_dose_caps(vigil_session *session, const vigil_protocols *protocols,
                             const vigil_patient *patient, vigil_time now, vigil_cap_flags *out,
                             vigil_error *err);

/* ---- induction readiness --------------------------------------------- */

/* Buprenorphine induction readiness as decision support, never an order:
 * for a patient monitored on a scale whose protocol has `ready` lines.
 * applies false: no such scale is active (line says why). */
typedef struct vigil_readiness {
	bool applies;
	bool met;
	char protocol[160];  /* the protocol in force, by name */
	char line[400];      /* "meets unit criteria: COWS 11 >= 8, 16 h since
	                      * short-acting use >= 12 h" or "criteria not met:
	                      * COWS 6 < 8; last use not recorded" (ASCII, for
	                      * every terminal) */
} vigil_readiness;
struct vigil_patient_state;
/* From the patient's state (due.h) as the caller loaded it at now. */
vigil_status vigil_readiness_get(vigil_session *session,
                                 const struct vigil_patient_state *state, vigil_time now,
                                 vigil_readiness *out, vigil_error *err);

#endif
