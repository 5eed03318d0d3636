/* core_bench.c - vigil's own cost in one process, without the per-command
 * start-up and argon2id login, against the SQLite C API alone doing the
 * same (raw_ref.c), in the same process and run, on two copies of one
 * database:
 *   core_bench VIGIL-DB RAW-DB USER PASSWORD MRN-RECORD MRN-HISTORY N ROUNDS
 * Each round times N durable records (vigil_assessment_record of a COWS
 * with its heart rate and raw_record, taking turns) and one history read of
 * MRN-HISTORY (what `vigil history` reads through the core: its not-done
 * records, chart entries and assessments; then raw_history), each side in
 * turn. Prints the medians over ROUNDS:
 *   record_ms VIGIL RAW
 *   history_ms VIGIL RAW ROWS
 *   history_format_ms VIGIL   (the same read, each row formatted as
 *                              `vigil history` prints it, to /dev/null)
 *   record_cpu_ms VIGIL RAW   (the CPU time of the same: what is left
 *   history_cpu_ms VIGIL RAW   when waiting for the disk is taken out) */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "raw_ref.h"
#include "vigil/assessment.h"
#include "vigil/auth.h"
#include "vigil/chart.h"
#include "vigil/db.h"
#include "vigil/due.h"
#include "vigil/scale.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, by_value);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

struct sink {
	FILE *out; /* NULL: only count */
	long rows;
	unsigned long long sum;
};

/* What `vigil history` does per row (without its column padding). */
static int take_assessment(const vigil_assessment *a, void *ctx)
{
	struct sink *k = ctx;
	k->rows++;
	k->sum += (unsigned long long)a->id + (unsigned)a->total + (unsigned char)a->performer[0];
	if (k->out) {
		char when[VIGIL_TIME_LOCAL_LEN];
		vigil_time_format_local(a->performed_at, when, sizeof when);
		fprintf(k->out, "%5lld %s%c %-7s %2d/%d %-17s %-10s %s\n", (long long)a->id, when,
		        a->late ? '*' : ' ', a->scale, a->total, a->max_total, a->band, a->performer,
		        vigil_assess_status_word(a->status, a->supersedes != 0));
	}
	return 0;
}

static int take_chart(const vigil_chart_entry *e, void *ctx)
{
	((struct sink *)ctx)->sum += (unsigned long long)e->id;
	return 0;
}

static int take_not_done(const vigil_not_done *nd, void *ctx)
{
	((struct sink *)ctx)->sum += (unsigned long long)nd->id;
	return 0;
}

/* The reads of `vigil history MRN` (src/cli/cmd_assess.c history_rows). */
static vigil_status vigil_history(vigil_session *session, const char *mrn, struct sink *k,
                                  vigil_error *err)
{
	vigil_not_done_query nq = { .mrn = mrn };
	vigil_chart_query cq = { .mrn = mrn };
	vigil_query q = { .mrn = mrn };
	k->rows = 0;
	vigil_status s = vigil_not_done_query_each(session, &nq, take_not_done, k, err);
	if (s == VIGIL_OK)
		s = vigil_chart_each(session, &cq, take_chart, k, err);
	if (s == VIGIL_OK)
		s = vigil_assessment_query(session, &q, take_assessment, k, err);
	return s;
}

static int fail(const vigil_error *err)
{
	fprintf(stderr, "core_bench: %s\n", err->msg);
	return 1;
}

struct bench {
	vigil_session session;
	vigil_record_input in;
	raw_ref *raw;
	const char *history_mrn;
	int n;
};

/* Wall and CPU time now, in ms. */
struct clock_pair {
	double wall, cpu;
};

static struct clock_pair clocks(void)
{
	struct timespec cpu;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
	return (struct clock_pair){ now_ms(), cpu.tv_sec * 1e3 + cpu.tv_nsec / 1e6 };
}

/* Adds the time since start to t[0] (wall) and t[1] (CPU); returns now. */
static struct clock_pair lap(struct clock_pair start, double *wall, double *cpu)
{
	struct clock_pair now = clocks();
	*wall += now.wall - start.wall;
	*cpu += now.cpu - start.cpu;
	return now;
}

enum { REC_V, REC_R, HIS_V, HIS_R, FMT_V, REC_V_CPU, REC_R_CPU, HIS_V_CPU, HIS_R_CPU, NT };

/* One round: N records each side, one history read each side, and one
 * formatted read; the times in ms (per record for the records). */
static int round_once(struct bench *b, double t[NT], long *rows, vigil_error *err)
{
	for (int i = 0; i < NT; i++)
		t[i] = 0;
	/* Taking turns record by record, so both meet the same disk. */
	for (int i = 0; i < b->n; i++) {
		struct clock_pair start = clocks();
		if (vigil_assessment_record(&b->session, &b->in, NULL, err) != VIGIL_OK)
			return fail(err);
		start = lap(start, &t[REC_V], &t[REC_V_CPU]);
		if (raw_record(b->raw) != 0)
			return 1;
		lap(start, &t[REC_R], &t[REC_R_CPU]);
	}
	t[REC_V] /= b->n;
	t[REC_R] /= b->n;
	t[REC_V_CPU] /= b->n;
	t[REC_R_CPU] /= b->n;
	struct sink k = { 0 };
	struct clock_pair start = clocks();
	if (vigil_history(&b->session, b->history_mrn, &k, err) != VIGIL_OK)
		return fail(err);
	start = lap(start, &t[HIS_V], &t[HIS_V_CPU]);
	long raw_rows = raw_history(b->raw, b->history_mrn);
	start = lap(start, &t[HIS_R], &t[HIS_R_CPU]);
	if (raw_rows != k.rows) {
		fprintf(stderr, "core_bench: vigil read %ld assessments, the reference %ld\n", k.rows,
		        raw_rows);
		return 1;
	}
	*rows = k.rows;
	k.out = fopen("/dev/null", "w");
	if (!k.out) {
		perror("core_bench: /dev/null");
		return 1;
	}
	start = clocks();
	vigil_status s = vigil_history(&b->session, b->history_mrn, &k, err);
	double unused = 0;
	lap(start, &t[FMT_V], &unused);
	fclose(k.out);
	return s == VIGIL_OK ? 0 : fail(err);
}

int main(int argc, char **argv)
{
	if (argc != 9) {
		fprintf(stderr, "usage: core_bench VIGIL-DB RAW-DB USER PASSWORD MRN-RECORD"
		                " MRN-HISTORY N ROUNDS\n");
		return 2;
	}
	struct bench b = { .history_mrn = argv[6], .n = atoi(argv[7]) };
	int rounds = atoi(argv[8]);
	if (b.n < 1 || rounds < 1 || rounds > 1000) {
		fprintf(stderr, "core_bench: N and ROUNDS must be at least 1 (ROUNDS at most 1000)\n");
		return 2;
	}
	vigil_error err;
	vigil_db *db;
	vigil_scales *scales;
	if (vigil_scales_load(&scales, &err) != VIGIL_OK || vigil_db_open(argv[1], &db, &err) ||
	    vigil_login(db, argv[3], argv[4], &b.session, &err))
		return fail(&err);
	if (!(b.raw = raw_open(argv[2], argv[5], argv[3])))
		return 1;
	const vigil_scale *cows = vigil_scales_find(scales, "cows");
	static const char *const words[] = { "hr=96", "sweating=1", "restlessness=3", "pupils=1",
		                             "aches=1", "nose=2", "gi=1", "tremor=1", "yawning=1",
		                             "anxiety=2", "gooseflesh=3" };
	vigil_sheet sheet;
	vigil_sheet_init(&sheet, cows);
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (vigil_sheet_assign(&sheet, words[i], &err) != VIGIL_OK)
			return fail(&err);
	b.in = (vigil_record_input){ .mrn = argv[5], .sheet = &sheet, .reason = "bench" };
	static double t[NT][1000];
	long rows = 0;
	for (int r = 0; r < rounds; r++) {
		double one[NT];
		if (round_once(&b, one, &rows, &err) != 0)
			return 1;
		for (int i = 0; i < NT; i++)
			t[i][r] = one[i];
	}
	printf("record_ms %.4f %.4f\n", median(t[REC_V], rounds), median(t[REC_R], rounds));
	printf("history_ms %.3f %.3f %ld\n", median(t[HIS_V], rounds), median(t[HIS_R], rounds),
	       rows);
	printf("history_format_ms %.3f\n", median(t[FMT_V], rounds));
	printf("record_cpu_ms %.4f %.4f\n", median(t[REC_V_CPU], rounds),
	       median(t[REC_R_CPU], rounds));
	printf("history_cpu_ms %.3f %.3f\n", median(t[HIS_V_CPU], rounds),
	       median(t[HIS_R_CPU], rounds));
	raw_close(b.raw);
	vigil_db_close(db);
	vigil_scales_free(scales);
	return 0;
}
