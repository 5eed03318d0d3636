/* bench.c - VIGIL_TUI_BENCH=MRN times the board and the patient screen:
 * the real core calls (the board reloads the protocols in force and every
 * patient's active scales), then a full repaint into an 80x24 curses screen
 * whose output goes to /dev/null. VIGIL_TUI_BENCH_RUNS sets the runs
 * (default 20); the median, min and max are printed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "draw.h"
#include "tty.h"

#define RUNS_DEFAULT 20
#define RUNS_MAX 1000

struct timing {
	double load[RUNS_MAX], draw[RUNS_MAX];
};

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void report(const char *what, double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp);
	printf("  %-5s median %7.2f ms  min %7.2f  max %7.2f\n", what, v[n / 2] * 1e3, v[0] * 1e3,
	       v[n - 1] * 1e3);
}

static void draw_timed(struct tui *t, double *out)
{
	double t0 = tty_monotonic();
	draw_touch(); /* a full repaint every time, as on first display */
	tui_draw(t);
	*out = tty_monotonic() - t0;
}

static void bench_board(struct tui *t, struct timing *tm, int runs)
{
	for (int i = 0; i < runs; i++) {
		double t0 = tty_monotonic();
		board_reload(t);
		tm->load[i] = tty_monotonic() - t0;
		draw_timed(t, &tm->draw[i]);
	}
}

static void bench_patient(struct tui *t, const vigil_patient *p, struct timing *tm, int runs)
{
	for (int i = 0; i < runs; i++) {
		tui_reset_to_board(t);
		double t0 = tty_monotonic();
		patient_open(t, p, "cows");
		tm->load[i] = tty_monotonic() - t0;
		draw_timed(t, &tm->draw[i]);
	}
}

static int runs_wanted(void)
{
	const char *env = getenv("VIGIL_TUI_BENCH_RUNS");
	int n = env ? atoi(env) : RUNS_DEFAULT;
	return n < 1 ? 1 : n > RUNS_MAX ? RUNS_MAX : n;
}

int tui_bench(struct tui *t, const char *mrn)
{
	static struct timing board, patient;
	char msg[256];
	vigil_patient p;
	vigil_error err;
	int runs = runs_wanted();
	if (tty_start_virtual(24, 80, msg, sizeof msg) != 0) {
		fprintf(stderr, "vigil: %s\n", msg);
		return 1;
	}
	login_auto(t);
	bool ok = t->logged_in && vigil_patient_get(&t->session, mrn, &p, &err) == VIGIL_OK;
	if (ok) {
		bench_board(t, &board, runs);
		bench_patient(t, &p, &patient, runs);
	}
	tty_stop();
	if (!ok) {
		fprintf(stderr, "vigil: bench: %s\n", t->logged_in ? err.msg
		                                                   : "set VIGIL_USER and VIGIL_PASSWORD");
		return 1;
	}
	printf("board: %zu patients, %d runs (load = the protocols in force and vigil_ward_load: "
	       "every active scale; draw = full 80x24 repaint)\n", board_count(t), runs);
	report("load", board.load, runs);
	report("draw", board.draw, runs);
	printf("patient %s: %zu COWS entries, %d runs (load = active scales' state + assessment and "
	       "not-done queries + selected item detail)\n", mrn, patient_count(t), runs);
	report("load", patient.load, runs);
	report("draw", patient.draw, runs);
	return 0;
}
