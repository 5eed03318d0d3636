/* raw_ref.h - the reference for core_bench: the rows one durable
 * vigil_assessment_record writes and the rows `vigil history` reads,
 * written and read with the SQLite C API alone (raw_ref.c). */
#ifndef VIGIL_BENCH_RAW_REF_H
#define VIGIL_BENCH_RAW_REF_H

typedef struct raw_ref raw_ref;

/* Opens path with vigil's settings and prepares every statement once;
 * record_mrn is the patient raw_record writes for, user its performer.
 * NULL on failure (the reason on stderr). */
raw_ref *raw_open(const char *path, const char *record_mrn, const char *user);

/* One durable record of COWS (the items of core_bench's sheet, pulse
 * measured as hr=96) in one transaction: the assessment, its 11 items, the
 * linked vital-signs chart entry, and the two audit rows (the assessment's
 * and the entry's) with canonical details built for them and hash and
 * signature columns of the right length. 0 on success. */
int raw_record(raw_ref *r);

/* Reads what `vigil history MRN` reads (its not-done records, chart
 * entries and current assessments, newest first, with the same columns,
 * joins and order as the store's queries), every column of every row.
 * Returns the number of assessment rows, or -1. */
long raw_history(raw_ref *r, const char *mrn);

void raw_close(raw_ref *r);

#endif
