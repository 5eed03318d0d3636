/* make_ward.c - fills a ward's database with assessments through the core
 * (vigil_assessment_record), so every row is audited, signed and passes
 * `vigil audit verify`: the large databases of the benchmarks.
 *
 *   make_ward [-v] DB USER PASSWORD PER-PATIENT MRN...
 *
 * Each MRN (admitted already, e.g. with `vigil patient import`) gets
 * PER-PATIENT COWS assessments with all 11 items, 15 minutes apart from a
 * minute after its admission, the patients taking turns so the file grows
 * as a ward's does. With -v the pulse is measured (hr=60..119), so each
 * assessment also writes its linked vital-signs chart entry, as a nurse's
 * does; without it the pulse is scored directly and no chart entry is
 * written. USER must be allowed to record (a nurse). Writes go in
 * transactions of BATCH records (vigil_db_begin: one signature seals
 * each). Prints the number of assessments written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/assessment.h"
#include "vigil/auth.h"
#include "vigil/db.h"
#include "vigil/patient.h"
#include "vigil/scale.h"

#define BATCH 1000
#define STEP_SECONDS (15 * 60)

static int fail(const vigil_error *err)
{
	fprintf(stderr, "make_ward: %s\n", err->msg);
	return 1;
}

/* Scores that vary with k, each allowed by COWS. */
static vigil_status fill_sheet(vigil_sheet *sheet, const vigil_scale *cows, long k, bool vitals,
                               vigil_error *err)
{
	char words[11][32];
	static const char *const keys[] = { "sweating", "restlessness", "pupils", "aches", "nose",
		                             "gi", "tremor", "yawning", "anxiety", "gooseflesh" };
	static const int allowed[][3] = { { 0, 1, 2 }, { 0, 1, 3 }, { 0, 1, 2 }, { 0, 1, 2 },
		                          { 0, 1, 2 }, { 0, 1, 2 }, { 0, 1, 2 }, { 0, 1, 2 },
		                          { 0, 1, 2 }, { 0, 3, 5 } };
	if (vitals)
		snprintf(words[0], sizeof words[0], "hr=%ld", 60 + k % 60);
	else
		snprintf(words[0], sizeof words[0], "pulse=%ld", k % 3);
	for (int i = 0; i < 10; i++)
		snprintf(words[i + 1], sizeof words[i + 1], "%s=%d", keys[i], allowed[i][(k + i) % 3]);
	vigil_sheet_init(sheet, cows);
	for (int i = 0; i < 11; i++) {
		vigil_status s = vigil_sheet_assign(sheet, words[i], err);
		if (s != VIGIL_OK)
			return s;
	}
	return VIGIL_OK;
}

int main(int argc, char **argv)
{
	bool vitals = argc > 1 && strcmp(argv[1], "-v") == 0;
	if (vitals) {
		argv++;
		argc--;
	}
	if (argc < 6) {
		fprintf(stderr, "usage: make_ward [-v] DB USER PASSWORD PER-PATIENT MRN...\n");
		return 2;
	}
	long per = atol(argv[4]);
	int npatients = argc - 5;
	char **mrns = argv + 5;
	vigil_error err;
	vigil_db *db;
	vigil_scales *scales;
	vigil_session session;
	if (vigil_scales_load(&scales, &err) != VIGIL_OK || vigil_db_open(argv[1], &db, &err) ||
	    vigil_session_resume(db, argv[2], argv[3], &session, &err))
		return fail(&err);
	const vigil_scale *cows = vigil_scales_find(scales, "cows");
	vigil_time *admitted = calloc((size_t)npatients, sizeof *admitted);
	if (!cows || !admitted) {
		fprintf(stderr, "make_ward: no COWS scale, or out of memory\n");
		return 1;
	}
	for (int p = 0; p < npatients; p++) {
		vigil_patient pt;
		if (vigil_patient_get(&session, mrns[p], &pt, &err) != VIGIL_OK)
			return fail(&err);
		admitted[p] = pt.admitted_at;
	}
	long written = 0;
	vigil_sheet sheet;
	for (long k = 0; k < per; k++) {
		for (int p = 0; p < npatients; p++) {
			if (written % BATCH == 0 && vigil_db_begin(db, &err) != VIGIL_OK)
				return fail(&err);
			if (fill_sheet(&sheet, cows, k + p, vitals, &err) != VIGIL_OK)
				return fail(&err);
			vigil_record_input in = { .mrn = mrns[p],
				                  .sheet = &sheet,
				                  .performed_at = admitted[p] + 60 + k * STEP_SECONDS,
				                  .reason = "4-hourly" };
			if (vigil_assessment_record(&session, &in, NULL, &err) != VIGIL_OK)
				return fail(&err);
			if (++written % BATCH == 0 && vigil_db_commit(db, &err) != VIGIL_OK)
				return fail(&err);
		}
	}
	if (written % BATCH != 0 && vigil_db_commit(db, &err) != VIGIL_OK)
		return fail(&err);
	printf("%ld\n", written);
	free(admitted);
	vigil_db_close(db);
	vigil_scales_free(scales);
	return 0;
}
