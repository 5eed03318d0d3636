/* core_bench.c - vigil's own cost, in one process, without the per-command
 * start-up and argon2id login: N durable recordings and M history reads.
 *   core_bench DB USER PASSWORD MRN-RECORD MRN-HISTORY N M
 * Prints "record_ms MEAN" and "history_ms MEAN". */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "vigil/assessment.h"
#include "vigil/db.h"
#include "vigil/scale.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* What `vigil history` does per row, into a sink. */
static int format_row(const vigil_assessment *a, void *ctx)
{
	char when[VIGIL_TIME_LOCAL_LEN], line[256];
	vigil_time_format_local(a->performed_at, when, sizeof when);
	snprintf(line, sizeof line, "%5lld %s%c %-7s %2d/%d %-17s %-10s %s\n", (long long)a->id,
	         when, a->late ? '*' : ' ', a->scale, a->total, a->max_total, a->band, a->performer,
	         vigil_assess_status_word(a->status, a->supersedes != 0));
	fputs(line, (FILE *)ctx);
	return 0;
}

static int fail(const vigil_error *err)
{
	fprintf(stderr, "core_bench: %s\n", err->msg);
	return 1;
}

int main(int argc, char **argv)
{
	if (argc != 8) {
		fprintf(stderr, "usage: core_bench DB USER PASSWORD MRN-RECORD MRN-HISTORY N M\n");
		return 2;
	}
	int n = atoi(argv[6]), m = atoi(argv[7]);
	vigil_error err;
	vigil_db *db;
	vigil_scales *scales;
	vigil_session session;
	if (vigil_scales_load(&scales, &err) != VIGIL_OK || vigil_db_open(argv[1], &db, &err) ||
	    vigil_login(db, argv[2], argv[3], &session, &err))
		return fail(&err);
	const vigil_scale *cows = vigil_scales_find(scales, "cows");
	static const char *const words[] = { "hr=96", "sweating=1", "restlessness=3", "pupils=1",
		                             "aches=1", "nose=2", "gi=1", "tremor=1", "yawning=1",
		                             "anxiety=2", "gooseflesh=3" };
	vigil_sheet sheet;
	vigil_sheet_init(&sheet, cows);
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (vigil_sheet_assign(&sheet, words[i], &err) != VIGIL_OK)
			return fail(&err);
	vigil_record_input in = { .mrn = argv[4], .sheet = &sheet, .reason = "bench" };
	double start = now_ms();
	for (int i = 0; i < n; i++) {
		int64_t id;
		if (vigil_assessment_record(&session, &in, &id, &err) != VIGIL_OK)
			return fail(&err);
	}
	if (n > 0)
		printf("record_ms %.3f\n", (now_ms() - start) / n);
	FILE *sink = fopen("/dev/null", "w");
	if (!sink) {
		perror("core_bench: /dev/null");
		return 1;
	}
	vigil_query q = { .mrn = argv[5] };
	start = now_ms();
	for (int i = 0; i < m; i++)
		if (vigil_assessment_query(&session, &q, format_row, sink, &err) != VIGIL_OK)
			return fail(&err);
	if (m > 0)
		printf("history_ms %.3f\n", (now_ms() - start) / m);
	fclose(sink);
	vigil_db_close(db);
	vigil_scales_free(scales);
	return 0;
}
