/* protocol.h - reassessment protocols as data (format in vigil-protocol(5)).
 *
 * A protocol belongs to one scale and says, for the patient's latest
 * current assessment on that scale: how long until the next one is due
 * (by range of totals, stepping down after N totals in a row in a range),
 * what a dose or a "not done" does to that due time, how long a due time
 * may pass before it counts as missed, which findings put a warning on
 * every screen, and which decision lines the chart draws. It may also
 * carry the unit's decision support: the doses allowed by range of
 * totals, the most of a drug allowed over 24 hours, the criteria for
 * starting buprenorphine, and the vital signs to flag.
 *
 * The protocols compiled into vigil (data/protocols) are the defaults; an
 * admin installs a unit's own into the database (audited, the file's text
 * kept), and from then on it governs every terminal on that database. A
 * scale without a protocol is monitored but not timed. */
#ifndef VIGIL_PROTOCOL_H
#define VIGIL_PROTOCOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "vigil/assessment.h"
#include "vigil/auth.h"
#include "vigil/clock.h"
#include "vigil/measure.h"
#include "vigil/scale.h"

#define VIGIL_PROTOCOL_RULES_MAX 16
#define VIGIL_PROTOCOL_WARNS_MAX 16
#define VIGIL_PROTOCOL_LINES_MAX 4
#define VIGIL_PROTOCOL_DOSE_RULES_MAX 16
#define VIGIL_WARN_SUBJECTS_MAX 8
#define VIGIL_DOSE_RANGES_MAX 8
#define VIGIL_DOSE_OPTIONS_MAX 4
#define VIGIL_DOSE_CAPS_MAX 8
#define VIGIL_READY_AFTER_MAX 8
#define VIGIL_VITAL_LIMITS_MAX 16
/* Bytes of one warning as shown: a message of up to 120 characters of 4
 * bytes, or of placeholders each standing for at most 4 times its length. */
#define VIGIL_WARNING_MAX 484
#define VIGIL_DUE_WHY_MAX 160   /* bytes of "CIWA-Ar 20 severe: hourly" */
#define VIGIL_PROTOCOL_TEXT_LIMIT (64 * 1024)

/* Why a reassessment was not done. */
typedef enum vigil_not_done_why {
	VIGIL_NOT_DONE_ASLEEP,
	VIGIL_NOT_DONE_REFUSED,
	VIGIL_NOT_DONE_OFF_WARD,
	VIGIL_NOT_DONE_OTHER,
	VIGIL_NOT_DONE_COUNT
} vigil_not_done_why;

/* "asleep", "refused", "off-ward", "other" */
const char *vigil_not_done_why_name(vigil_not_done_why why);
/* Case-insensitive; "unknown reason 'x' (use asleep, refused, off-ward or other)". */
vigil_status vigil_not_done_why_parse(const char *text, vigil_not_done_why *out,
                                      vigil_error *err);

/* every LO-HI DURATION [after N in a row] */
typedef struct vigil_interval_rule {
	int lo, hi;
	int64_t every;  /* seconds */
	int in_a_row;   /* 0: the base rule for the range; N: a step-down that
	                 * applies once the last N totals are all in lo..hi */
	int line;
} vigil_interval_rule;

/* What a warning looks at. */
typedef enum vigil_subject_kind {
	VIGIL_SUBJECT_TOTAL,
	VIGIL_SUBJECT_ITEM,    /* an item's score */
	VIGIL_SUBJECT_MEASURE  /* an item's measured value (COWS hr) */
} vigil_subject_kind;

/* warn SUBJECT[,SUBJECT...] TEST [for N in a row | for DURATION]: MESSAGE */
typedef struct vigil_warn_rule {
	vigil_subject_kind kind;
	size_t nsubjects;                         /* items or measures; 1 "total" */
	const char *subjects[VIGIL_WARN_SUBJECTS_MAX];
	int lo, hi;                               /* the value is in lo..hi */
	int in_a_row;                             /* >= 1 */
	int64_t for_seconds;                      /* 0, or held this long */
	const char *message;                      /* with {total} {item} {score} {value} */
	int line;
} vigil_warn_rule;

/* after-dose [DRUG] DURATION */
typedef struct vigil_dose_rule {
	const char *drug; /* NULL: any drug */
	int64_t after;
} vigil_dose_rule;

/* not-done WHY recheck DURATION | not-done WHY due */
typedef struct vigil_not_done_rule {
	bool recheck;  /* false: still due, and flagged */
	int64_t after; /* recheck this long after */
} vigil_not_done_rule;

/* line TOTAL LABEL: a decision line on the chart */
typedef struct vigil_decision_line {
	int total;
	const char *label;
	int line;
} vigil_decision_line;

/* One drug of a dose line: DRUG MIN-MAX UNIT (or DRUG AMOUNT UNIT, min
 * equal to max). */
typedef struct vigil_dose_option {
	const char *drug;   /* lower case: "lorazepam" */
	int64_t min, max;   /* thousandths of unit (measure.h), min <= max */
	const char *unit;   /* canonical: "mg", "mcg", "g", "mL" */
} vigil_dose_option;

/* dose LO-HI OPTION [or OPTION]...: the doses the unit's protocol allows
 * after a total from lo to hi. Decision support, shown beside a score. */
typedef struct vigil_dose_range {
	int lo, hi;
	size_t noptions;   /* 1..VIGIL_DOSE_OPTIONS_MAX */
	vigil_dose_option options[VIGIL_DOSE_OPTIONS_MAX];
	int line;
} vigil_dose_range;

/* max-24h DRUG AMOUNT UNIT: the most of one drug over any 24 hours. */
typedef struct vigil_dose_cap {
	const char *drug;  /* lower case */
	int64_t amount;    /* thousandths of unit */
	const char *unit;  /* canonical */
	int line;
} vigil_dose_cap;

/* ready after KIND DURATION: buprenorphine induction waits at least this
 * long after the last use of an opioid of this kind. */
typedef struct vigil_ready_after {
	const char *kind;  /* lower case: "short-acting", "fentanyl" */
	int64_t after;     /* seconds */
	int line;
} vigil_ready_after;

/* The test of a vital line. */
typedef enum vigil_vital_op {
	VIGIL_VITAL_LT, /* <  */
	VIGIL_VITAL_LE, /* <= */
	VIGIL_VITAL_GT, /* >  */
	VIGIL_VITAL_GE  /* >= */
} vigil_vital_op;

/* "<", "<=", ">", ">=" */
const char *vigil_vital_op_name(vigil_vital_op op);

/* vital KEY OP VALUE: a plausible but abnormal value to flag. */
typedef struct vigil_vital_limit {
	vigil_vital vital;
	vigil_vital_op op;
	int value;         /* in the vital's unit (tenths of a degree for temp) */
	int line;
} vigil_vital_limit;

typedef struct vigil_protocol {
	const char *scale;  /* scale key */
	const char *name;   /* "CIWA-Ar symptom-triggered" ("" when not given) */
	const char *source; /* file name, for messages: "ciwa-ar.protocol" */
	const char *origin; /* "built in", or "installed 2026-11-30 14:02 by boss" */
	const char *text;   /* the file's text */
	char hash[65];      /* BLAKE2b-256 of text, hex */
	size_t nintervals;
	vigil_interval_rule intervals[VIGIL_PROTOCOL_RULES_MAX];
	size_t ndose;
	vigil_dose_rule dose[VIGIL_PROTOCOL_DOSE_RULES_MAX];
	vigil_not_done_rule not_done[VIGIL_NOT_DONE_COUNT];
	int64_t grace;      /* seconds a due time may pass before it is missed */
	size_t nwarns;
	vigil_warn_rule warns[VIGIL_PROTOCOL_WARNS_MAX];
	size_t nchart_lines;
	vigil_decision_line chart_lines[VIGIL_PROTOCOL_LINES_MAX];
	size_t ndose_ranges;  /* dose lines, none overlapping */
	vigil_dose_range dose_ranges[VIGIL_DOSE_RANGES_MAX];
	size_t ndose_caps;    /* max-24h lines, one per drug */
	vigil_dose_cap dose_caps[VIGIL_DOSE_CAPS_MAX];
	int ready_total;      /* ready total >= N: N, when ready_total_line */
	int ready_total_line; /* 0: no such line */
	size_t nready_after;  /* ready after lines, one per kind */
	vigil_ready_after ready_after[VIGIL_READY_AFTER_MAX];
	size_t nvital_limits; /* vital lines */
	vigil_vital_limit vital_limits[VIGIL_VITAL_LIMITS_MAX];
	int needs_history;  /* assessments the rules look back over (>= 1) */
	int64_t needs_span; /* and the longest "for DURATION" */
	int needs_items;    /* of those, how many an item or measure rule reads */
} vigil_protocol;

/* Parses one protocol file and checks it against its scale (items,
 * measures, totals). source names it in messages "source:line: reason".
 * scales may be NULL to skip the check (then nothing refers to a scale). */
vigil_status vigil_protocol_parse(const char *source, const char *text,
                                  const vigil_scales *scales, vigil_protocol **out,
                                  vigil_error *err);
void vigil_protocol_free(vigil_protocol *p);

/* "4h" -> "4-hourly", "1h" -> "hourly", "30m" -> "every 30 min". */
void vigil_every_words(int64_t seconds, char *buf, size_t size);
/* "30m", "4h", "1h30m", "2d", "90min"... into seconds (> 0, up to 30 days). */
vigil_status vigil_duration_parse(const char *text, int64_t *out, vigil_error *err);

/* The protocols in force: built in, replaced by any installed in the
 * database. Keeps a pointer to scales, which must outlive it. */
typedef struct vigil_protocols vigil_protocols;
vigil_status vigil_protocols_load(vigil_session *session, const vigil_scales *scales,
                                  vigil_protocols **out, vigil_error *err);
/* Only the built-in ones (no database), e.g. for `vigil scales`. */
vigil_status vigil_protocols_builtin(const vigil_scales *scales, vigil_protocols **out,
                                     vigil_error *err);
void vigil_protocols_free(vigil_protocols *set);
const vigil_scales *vigil_protocols_scales(const vigil_protocols *set);
size_t vigil_protocols_count(const vigil_protocols *set);
const vigil_protocol *vigil_protocols_at(const vigil_protocols *set, size_t i);
/* The protocol for a scale key, or NULL (the scale is not timed). */
const vigil_protocol *vigil_protocols_find(const vigil_protocols *set, const char *scale);

/* Installs the protocol in text (from file source) for every terminal on
 * this database: admin only, audited with the text kept. Refused whole
 * with "source:line: reason". */
vigil_status vigil_protocol_install(vigil_session *session, const vigil_scales *scales,
                                    const char *source, const char *text,
                                    vigil_error *err);

/* ---- evaluating ------------------------------------------------------ */

/* A warning fired by one rule. */
typedef struct vigil_warning {
	char text[VIGIL_WARNING_MAX];
	int rule_line;
} vigil_warning;

#define VIGIL_WARNINGS_MAX 8

/* What the protocol says after a patient's assessments on its scale,
 * given newest first (hist[0] the latest current one, with items). */
typedef struct vigil_protocol_result {
	int64_t every;                 /* the interval to the next one */
	const vigil_interval_rule *rule;
	char why[VIGIL_DUE_WHY_MAX];   /* "CIWA-Ar 20 severe: hourly" */
	size_t nwarnings;
	vigil_warning warnings[VIGIL_WARNINGS_MAX];
} vigil_protocol_result;

void vigil_protocol_evaluate(const vigil_protocol *p, const vigil_scale *scale,
                             const vigil_assessment *const *hist, size_t n,
                             vigil_protocol_result *out);

/* Whether a look-back over time ("for 48h") could still need assessments
 * older than a: false once a meets none of those rules' conditions (the
 * run they look for is broken there), so a reader can stop. */
bool vigil_protocol_span_continues(const vigil_protocol *p, const vigil_scale *scale,
                                   const vigil_assessment *a);

/* The interval after monitoring starts with no assessment yet: the base
 * rule's for a total of 0. */
int64_t vigil_protocol_start_interval(const vigil_protocol *p);

/* The after-dose interval for a drug key. */
int64_t vigil_protocol_after_dose(const vigil_protocol *p, const char *drug);

/* ---- decision support ------------------------------------------------ */

/* Bytes of "CIWA-Ar 8-10: chlordiazepoxide 25-50 mg or lorazepam 1-2 mg"
 * at its longest. */
#define VIGIL_DOSE_WORDS_MAX 400

/* The dose line whose range holds total, or NULL. */
const vigil_dose_range *vigil_protocol_dose_range(const vigil_protocol *p, int total);
/* "CIWA-Ar 8-10: chlordiazepoxide 25-50 mg or lorazepam 1-2 mg" (scale's
 * short name; the protocol's scale key when scale is NULL; "CIWA-Ar 20:"
 * for a range of one, "lorazepam 2 mg" for a dose of one amount). */
void vigil_protocol_dose_range_words(const vigil_protocol *p, const vigil_scale *scale,
                                     const vigil_dose_range *r, char *buf, size_t size);
/* The max-24h line for a drug key (case-insensitive), or NULL. */
const vigil_dose_cap *vigil_protocol_dose_cap(const vigil_protocol *p, const char *drug);

/* Whether the protocol has any ready line (buprenorphine induction). */
bool vigil_protocol_has_readiness(const vigil_protocol *p);
/* The least total that meets the criteria (ready total >= N), or -1. */
int vigil_protocol_ready_total(const vigil_protocol *p);
/* The wait after last use of an opioid of this kind (case-insensitive),
 * or NULL when the protocol names none for it. */
const vigil_ready_after *vigil_protocol_ready_after(const vigil_protocol *p, const char *kind);

/* Bytes of "temp 38.2 >= 38.0" at its longest. */
#define VIGIL_VITAL_WHY_MAX 48
/* For a vital value: true if any vital line flags it, with why (when not
 * NULL) set to the first such line's reading, as "hr 130 > 120" or
 * "temp 38.2 >= 38.0"; false with why "" otherwise. */
bool vigil_protocol_vital_flag(const vigil_protocol *p, vigil_vital v, int value, char *why,
                               size_t size);

#endif
