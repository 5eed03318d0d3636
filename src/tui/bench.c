/* bench.c - VIGIL_TUI_BENCH=MRN times the board and the patient screen:
 * the real core calls (the board reloads the protocols in force and every
 * patient's active scales; the patient screen reads what it shows, opened
 * on COWS), then a full repaint into an 80x24 curses screen whose output
 * goes to /dev/null. VIGIL_TUI_BENCH_RUNS sets the runs (default 20),
 * after one untimed warm-up of each. Each figure is the wall-clock time
 * and this thread's CPU time (what other work on the machine inflates
 * least); the median, min and max are printed, then a line per screen for
 * scripts: "bench board|patient WALL_MEDIAN CPU_MEDIAN" (load + draw, ms). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "draw.h"
#include "tty.h"

#define RUNS_DEFAULT 20
#define RUNS_MAX 1000

enum { LOAD, DRAW, TOTAL, PARTS };

struct timing {
	double wall[PARTS][RUNS_MAX], cpu[PARTS][RUNS_MAX];
};

struct stamp {
	double wall, cpu;
};

static struct stamp stamp(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (struct stamp){ tty_monotonic(), (double)ts.tv_sec + (double)ts.tv_nsec / 1e9 };
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp);
	return (n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2) * 1e3;
}

static void report(const char *screen, struct timing *tm, int n)
{
	static const char *const names[PARTS] = { "load", "draw", "total" };
	double total[2] = { 0, 0 };
	for (int p = 0; p < PARTS; p++) {
		double cpu = median(tm->cpu[p], n), wall = median(tm->wall[p], n);
		printf("  %-5s median %7.2f ms  min %7.2f  max %7.2f  (CPU median %7.2f ms)\n",
		       names[p], wall, tm->wall[p][0] * 1e3, tm->wall[p][n - 1] * 1e3, cpu);
		if (p == TOTAL)
			total[0] = wall, total[1] = cpu;
	}
	printf("bench %s %.3f %.3f\n", screen, total[0], total[1]);
}

/* Run i (-1: the warm-up, not kept): load() then a full repaint. */
static void run(struct tui *t, void (*load)(struct tui *, const vigil_patient *),
                const vigil_patient *p, struct timing *tm, int i)
{
	struct stamp a = stamp();
	load(t, p);
	struct stamp b = stamp();
	draw_touch(); /* a full repaint every time, as on first display */
	tui_draw(t);
	struct stamp c = stamp();
	if (i < 0)
		return;
	tm->wall[LOAD][i] = b.wall - a.wall, tm->cpu[LOAD][i] = b.cpu - a.cpu;
	tm->wall[DRAW][i] = c.wall - b.wall, tm->cpu[DRAW][i] = c.cpu - b.cpu;
	tm->wall[TOTAL][i] = c.wall - a.wall, tm->cpu[TOTAL][i] = c.cpu - a.cpu;
}

static void load_board(struct tui *t, const vigil_patient *p)
{
	(void)p;
	board_reload(t);
}

static void load_patient(struct tui *t, const vigil_patient *p)
{
	patient_open(t, p, "cows");
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
	for (int i = -1; ok && i < runs; i++)
		run(t, load_board, NULL, &board, i);
	for (int i = -1; ok && i < runs; i++) {
		tui_reset_to_board(t);
		run(t, load_patient, &p, &patient, i);
	}
	tty_stop();
	if (!ok) {
		fprintf(stderr, "vigil: bench: %s\n", t->logged_in ? err.msg
		                                                   : "set VIGIL_USER and VIGIL_PASSWORD");
		return 1;
	}
	printf("board: %zu patients, %d runs (load = the protocols in force and vigil_ward_load: "
	       "every active scale; draw = full 80x24 repaint)\n", board_count(t), runs);
	report("board", &board, runs);
	printf("patient %s: %zu rows of the timeline read, %d runs (load = the active scales' "
	       "state, the list's newest rows, the chart's span, the vital signs' trend, the "
	       "selected record; draw = full repaint, checking the rows shown)\n", mrn,
	       patient_count(t), runs);
	report("patient", &patient, runs);
	return 0;
}
