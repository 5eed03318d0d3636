/* due_bench.c - the ward board's data and `vigil due`'s list, in one
 * process, without start-up and without the argon2id login (bench/due.sh):
 *   due_bench DB USER PASSWORD RUNS
 * Logs in once, then times RUNS runs of each after one untimed warm-up:
 *   board_ms   what the board does on every reload (board_reload):
 *              vigil_protocols_load, then vigil_ward_load with them;
 *   ward_ms    vigil_ward_load alone (the protocols already loaded);
 *   protocols_ms  vigil_protocols_load alone;
 *   due_ms     vigil_due_list of every timed active scale, each row
 *              formatted into a sink the way `vigil due` does.
 * Built with -DVIGIL_BENCH_OLD against the headers and libvigil.a of
 * commit 7a5bf59 (one rule table, no protocols), it times only the old
 * vigil_ward_load(session, ward, err), printed as old_ward_ms.
 * Each figure: "NAME MEDIAN MIN MAX" in milliseconds, after a line
 * "NAME_all" with every run's; login_ms is one login (argon2id); the
 * counts after "#" tell what was read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vigil/auth.h"
#include "vigil/db.h"
#include "vigil/ward.h"
#ifndef VIGIL_BENCH_OLD
#include "vigil/due.h"
#include "vigil/protocol.h"
#include "vigil/scale.h"
#endif

#define RUNS_MAX 1000

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void report(const char *name, double *v, int n)
{
	printf("%s_all", name); /* in run order, for pooling over processes */
	for (int i = 0; i < n; i++)
		printf(" %.3f", v[i]);
	putchar('\n');
	qsort(v, (size_t)n, sizeof *v, cmp);
	double median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	printf("%s %.3f %.3f %.3f\n", name, median, v[0], v[n - 1]);
}

static int fail(const char *what, const vigil_error *err)
{
	fprintf(stderr, "due_bench: %s: %s\n", what, err->msg);
	return 1;
}

#ifndef VIGIL_BENCH_OLD
struct sink {
	FILE *out;
	size_t rows, overdue;
	vigil_time now;
};

/* What `vigil due` prints per row, into /dev/null. */
static int format_due(const vigil_due_row *row, void *ctx)
{
	struct sink *s = ctx;
	const vigil_scale_state *st = row->state;
	char when[VIGIL_TIME_LOCAL_LEN];
	vigil_time_format_local(st->due_at, when, sizeof when);
	bool over = vigil_scale_overdue(st, s->now);
	fprintf(s->out, "%c %-4s %-10s %-8s %-16s %s\n", over ? '!' : ' ', row->patient->bed,
	        row->patient->mrn, st->def ? st->def->name : st->scale, when, st->why);
	s->rows++;
	s->overdue += over;
	return 0;
}
#endif

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: due_bench DB USER PASSWORD RUNS\n");
		return 2;
	}
	int runs = atoi(argv[4]);
	if (runs < 1 || runs > RUNS_MAX) {
		fprintf(stderr, "due_bench: RUNS must be 1 to %d\n", RUNS_MAX);
		return 2;
	}
	static double t_board[RUNS_MAX], t_ward[RUNS_MAX], t_prot[RUNS_MAX], t_due[RUNS_MAX];
	vigil_error err;
	vigil_db *db;
	vigil_session session;
	if (vigil_db_open(argv[1], &db, &err) != VIGIL_OK)
		return fail("open", &err);
	double t0 = now_ms();
	if (vigil_login(db, argv[2], argv[3], &session, &err) != VIGIL_OK)
		return fail("login", &err);
	printf("login_ms %.3f\n", now_ms() - t0);
	vigil_ward ward;
#ifdef VIGIL_BENCH_OLD
	size_t patients = 0, shown = 0;
	for (int i = -1; i < runs; i++) { /* run -1: the warm-up */
		t0 = now_ms();
		if (vigil_ward_load(&session, &ward, &err) != VIGIL_OK)
			return fail("ward", &err);
		double t = now_ms() - t0;
		if (i >= 0)
			t_ward[i] = t;
		patients = ward.count;
		shown = 0;
		for (size_t k = 0; k < ward.count; k++)
			shown += ward.rows[k].has_last;
		vigil_ward_free(&ward);
	}
	report("old_ward_ms", t_ward, runs);
	printf("# old board: %zu patients, %zu with a last assessment shown\n", patients, shown);
#else
	vigil_scales *scales;
	vigil_protocols *protocols = NULL;
	if (vigil_scales_load(&scales, &err) != VIGIL_OK)
		return fail("scales", &err);
	FILE *out = fopen("/dev/null", "w");
	if (!out) {
		perror("due_bench: /dev/null");
		return 1;
	}
	struct sink s = { .out = out };
	if (vigil_clock_now(&s.now, &err) != VIGIL_OK)
		return fail("clock", &err);
	size_t patients = 0, active = 0, timed = 0, warnings = 0;
	for (int i = -1; i < runs; i++) {
		/* The board's reload: the protocols in force, then the ward. */
		vigil_protocols_free(protocols);
		t0 = now_ms();
		if (vigil_protocols_load(&session, scales, &protocols, &err) != VIGIL_OK)
			return fail("protocols", &err);
		double t1 = now_ms();
		if (vigil_ward_load(&session, protocols, &ward, &err) != VIGIL_OK)
			return fail("ward", &err);
		double t2 = now_ms();
		patients = ward.count;
		active = timed = warnings = 0;
		for (size_t k = 0; k < ward.count; k++) {
			active += ward.rows[k].state.nscales;
			timed += ward.rows[k].timed;
			warnings += ward.rows[k].nwarnings;
		}
		vigil_ward_free(&ward);
		s.rows = s.overdue = 0;
		double t3 = now_ms();
		if (vigil_due_list(&session, protocols, NULL, format_due, &s, &err) != VIGIL_OK)
			return fail("due", &err);
		double t4 = now_ms();
		if (i >= 0) {
			t_prot[i] = t1 - t0;
			t_ward[i] = t2 - t1;
			t_board[i] = t2 - t0;
			t_due[i] = t4 - t3;
		}
	}
	report("board_ms", t_board, runs);
	report("ward_ms", t_ward, runs);
	report("protocols_ms", t_prot, runs);
	report("due_ms", t_due, runs);
	printf("# board: %zu patients, %zu active scales, %zu with a due time, %zu warnings;"
	       " due: %zu rows, %zu overdue\n",
	       patients, active, timed, warnings, s.rows, s.overdue);
	fclose(out);
	vigil_protocols_free(protocols);
	vigil_scales_free(scales);
#endif
	vigil_db_close(db);
	return 0;
}
