/* export.h - the shift summary (handover) and the CSV exports. The columns
 * and the CSV rules are documented in vigil-csv(5).
 *
 * Every role may read the shift summary; only clinicians and admins may
 * export, and every export is written to the audit log with the number of
 * rows. */
#ifndef VIGIL_EXPORT_H
#define VIGIL_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "vigil/assessment.h"
#include "vigil/auth.h"
#include "vigil/chart.h"
#include "vigil/config.h"
#include "vigil/patient.h"
#include "vigil/protocol.h"
#include "vigil/scale.h"

/* The doses of one drug given to a patient during a shift: current
 * entries only (an amended dose counts through its correction, one
 * entered in error not at all), in one unit (mg and g add up; mL and mg
 * are kept apart). */
typedef struct vigil_shift_drug {
	char drug[VIGIL_DRUG_KEY_MAX + 1];
	char unit[VIGIL_DRUG_UNIT_MAX];
	int count;
	int64_t total; /* thousandths of unit */
} vigil_shift_drug;

/* Adds a dose to a tally (*drugs grows; false when out of memory): in the
 * unit its drug was first tallied in when the amount converts exactly,
 * else under a unit of its own. */
bool vigil_shift_drugs_add(vigil_shift_drug **drugs, size_t *n, size_t *cap,
                           const vigil_dose *dose);
/* By drug key, then unit. */
void vigil_shift_drugs_sort(vigil_shift_drug *drugs, size_t n);
/* "buprenorphine 3 doses 12 mg; lorazepam 1 dose 2 mg" ("" for none). */
void vigil_shift_drugs_words(const vigil_shift_drug *drugs, size_t n, char *buf, size_t size);

/* One row of a shift summary: a patient on the ward during the shift and
 * one scale that was assessed during it (current assessments only:
 * amended and entered-in-error ones do not count), or that had
 * reassessments missed or not done during it (then count may be 0: a
 * neglect still has its row). A patient with no such scale has one row
 * with scale "" and count 0. When count is 0 the totals are meaningless. */
typedef struct vigil_shift_row {
	const vigil_shift *shift;
	const vigil_patient *patient;
	const char *scale;      /* scale key, "" for a patient's only, empty row */
	int count;              /* assessments performed during the shift */
	int first, last, lowest, highest;
	double mean;
	const char *last_band;  /* band of the last, "" for a total-only scale */
	vigil_time highest_at;  /* performed-at of the first one at highest */
	const char *performers; /* distinct, in order of first assessment: "ann, bob" */
	int missed;             /* due times on this scale during the shift that
	                         * passed (and their grace) without an
	                         * assessment, each once per period it stayed
	                         * missed, up to now (vigil_due_missed) */
	int not_done;           /* not-done records on this scale during the shift */
	/* The patient's, not the scale's: the same on each of their rows. */
	bool patient_first;     /* the patient's first row */
	int doses;              /* doses given to the patient during the shift */
	size_t ndrugs;          /* ... per drug and unit, by drug key */
	const vigil_shift_drug *drugs;
} vigil_shift_row;

/* Calls fn for each row: patients by bed then MRN, each patient's scales
 * by key. The due times are those of the protocols in force. fn returns
 * non-zero to stop. Memory grows with the patients on the ward, not with
 * the assessments. */
typedef int (*vigil_shift_row_fn)(const vigil_shift_row *row, void *ctx);
vigil_status vigil_shift_summary(vigil_session *session, const vigil_protocols *protocols,
                                 const vigil_shift *shift, vigil_shift_row_fn fn, void *ctx,
                                 vigil_error *err);

/* "Ward 7: night shift of 2026-10-24, 2026-10-24 19:00 to 2026-10-25
 * 07:00 (13h 00m)": the ward's name when the config gives one, escaped. */
void vigil_shift_title(const vigil_config *cfg, const vigil_shift *shift, char *buf,
                       size_t size);

/* Calls fn for each patient on the ward during the shift (admitted before
 * it ended, not discharged before it began), by bed then MRN. */
vigil_status vigil_shift_patients(vigil_session *session, const vigil_shift *shift,
                                  vigil_patient_fn fn, void *ctx, vigil_error *err);

/* Where an export goes. A file is written to a temporary file in the same
 * folder, flushed to disk and renamed, mode 0600: it appears complete or
 * not at all. */
typedef struct vigil_export_dest {
	const char *path; /* the file, or NULL or "-" for out */
	FILE *out;        /* standard output, for path NULL or "-" */
	bool force;       /* replace an existing file (else refused) */
} vigil_export_dest;

/* Which assessments or chart entries to export. Zero-initialise, then set
 * what matters. */
typedef struct vigil_export_filter {
	const char *mrn;    /* one patient, or NULL */
	const char *scale;  /* observations: one scale key (its item columns only), or NULL */
	const char *drug;   /* doses: one drug of the list in force, or NULL */
	vigil_time from;    /* performed, given, taken or written at or after (0: no bound) */
	vigil_time to;      /* ... before (0: no bound) */
	bool all;           /* also amended and entered-in-error rows */
} vigil_export_filter;

/* The filter's own rule, which every export below checks first and a
 * face may ask before anything else: To, when given with From, must be
 * later than it ("To must be later than From"). */
vigil_status vigil_export_filter_check(const vigil_export_filter *f, vigil_error *err);

/* The shift summary of each shift as CSV; *rows gets the data rows. On a
 * training database every export's first column is "training", TRAINING
 * on every row; a ward's exports have no such column. */
vigil_status vigil_export_shifts(vigil_session *session, const vigil_protocols *protocols,
                                 const vigil_shift *shifts, size_t nshifts,
                                 const vigil_export_dest *dest, size_t *rows, vigil_error *err);

/* One row per assessment, oldest first: the patient's MRN, name and bed
 * (now, or when they left), then one column per item of the scales in set
 * (only filter->scale's when given). Memory grows with the patients, not
 * with the rows. */
vigil_status vigil_export_observations(vigil_session *session, const vigil_scales *set,
                                       const vigil_export_filter *filter,
                                       const vigil_export_dest *dest, size_t *rows,
                                       vigil_error *err);

/* One row per dose given (D12), oldest first: drug, amount, unit, route,
 * PRN or scheduled, who gave it, its status. Memory grows with the
 * patients, not with the rows. */
vigil_status vigil_export_doses(vigil_session *session, const vigil_protocols *protocols,
                                const vigil_export_filter *filter,
                                const vigil_export_dest *dest, size_t *rows, vigil_error *err);

/* One row per set of vital signs (V12), oldest first, each value in its
 * column and the flags the protocols in force raise on it. */
vigil_status vigil_export_vitals(vigil_session *session, const vigil_protocols *protocols,
                                 const vigil_export_filter *filter,
                                 const vigil_export_dest *dest, size_t *rows,
                                 vigil_error *err);

/* One row per nursing note (T12), oldest first. */
vigil_status vigil_export_notes(vigil_session *session, const vigil_export_filter *filter,
                                const vigil_export_dest *dest, size_t *rows, vigil_error *err);

/* The handover of each shift (handover.h) as plain text for printing: a
 * page per patient, at most VIGIL_HANDOVER_PAGE_LINES lines, a form feed
 * between pages; the training banner and the shift on each page, the
 * witness at the end. An export: clinicians and admins, audited, the file
 * written as a CSV export's is. *patients gets the patients written. */
vigil_status vigil_export_handover(vigil_session *session, const vigil_protocols *protocols,
                                   const vigil_config *cfg, const vigil_shift *shifts,
                                   size_t nshifts, bool ascii, const vigil_export_dest *dest,
                                   size_t *patients, vigil_error *err);

/* What a shift summary or an export carries so that a copy kept elsewhere
 * (the handover book, a printed summary) witnesses the log, and so that
 * training data never passes for a ward's. */
typedef struct vigil_witness {
	bool training;      /* a training database (vigil init --training, demo) */
	char ward_key[48];  /* the ward key's fingerprint; "" when no admin has a
	                     * key yet (an upgraded database before their login) */
	char head[96];      /* "SEQ:HASH" of the last audit entry */
} vigil_witness;

/* The first line of a summary read from a training database. */
#define VIGIL_TRAINING_BANNER "TRAINING DATABASE: not patient data"

/* The witness as it stands now: read it after the summary or export, so the
 * head covers everything it shows (and an export's own audit entry). */
vigil_status vigil_witness_now(vigil_session *session, vigil_witness *out, vigil_error *err);

/* The ward key as summaries print it after "ward key ": the fingerprint,
 * or "none yet (...)". */
const char *vigil_witness_key(const vigil_witness *w);

#endif
