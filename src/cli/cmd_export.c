/* cmd_export.c - shift (the summary on the terminal), export shift and
 * export observations. Each ends with the witness: the ward key and the
 * head of the audit log once it is done, so a printed or filed copy shows
 * later that the log was not cut or rewritten (vigil audit verify
 * --witness); a summary from a training database starts by saying so. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "commands.h"
#include "vigil/config.h"
#include "vigil/db.h"
#include "vigil/export.h"

static int load_config(const struct cli *cli, vigil_config *cfg)
{
	vigil_error err;
	if (cli->config_path && !*cli->config_path)
		return cli_usage_error(cli, "--config needs a path");
	if (vigil_config_load(cli->config_path, cfg, &err) != VIGIL_OK)
		return cli_fail(&err);
	return EXIT_OK;
}

/* The shifts asked for: --date and --shift pick one; --date alone every
 * shift of that date; --shift alone the latest one of that name to have
 * started; neither the shift under way. */
static int pick_shifts(const vigil_config *cfg, const char *date, const char *name,
                       vigil_shift shifts[VIGIL_SHIFTS_MAX], size_t *n)
{
	vigil_error err;
	vigil_time now;
	vigil_status s = VIGIL_OK;
	*n = 1;
	if (date && name) {
		s = vigil_shift_on(cfg, date, name, &shifts[0], &err);
	} else if (date) {
		for (size_t i = 0; s == VIGIL_OK && i < cfg->nshifts; i++)
			s = vigil_shift_on(cfg, date, cfg->shifts[i].name, &shifts[i], &err);
		*n = cfg->nshifts;
	} else if ((s = vigil_clock_now(&now, &err)) == VIGIL_OK) {
		s = name ? vigil_shift_latest(cfg, name, now, &shifts[0], &err)
		         : vigil_shift_at(cfg, now, &shifts[0], &err);
	}
	return s == VIGIL_OK ? EXIT_OK : cli_fail(&err);
}

/* Options every shift command shares, then the config and the shifts. */
static int shift_args(struct cli *cli, int argc, char **argv, const char **out_path,
                      bool *force, vigil_shift shifts[VIGIL_SHIFTS_MAX], size_t *n,
                      vigil_config *cfg)
{
	const char *date = NULL, *name = NULL;
	size_t npos;
	const struct cli_option options[] = {
		{ "--date", &date, NULL },
		{ "--shift", &name, NULL },
		/* shift takes neither -o nor --force: for it the table ends here */
		{ out_path ? "-o" : NULL, out_path, NULL },
		{ "--force", NULL, force },
		{ NULL, NULL, NULL },
	};
	int rc = cli_parse(cli, argc, argv, options, NULL, 0, &npos);
	if (rc != EXIT_OK)
		return rc;
	if ((rc = load_config(cli, cfg)) != EXIT_OK)
		return rc;
	return pick_shifts(cfg, date, name, shifts, n);
}

/* ---- the witness ------------------------------------------------------- */

/* "ward key ab12 ..." and "head SEQ:HASH" on two lines, as audit verify
 * prints them (one line would not fit 80 columns), read after the work so
 * the head covers it. The work is done by then: a failure here says so. */
static int print_witness(vigil_session *session, FILE *out)
{
	vigil_witness w;
	vigil_error err;
	if (vigil_witness_now(session, &w, &err) != VIGIL_OK)
		return cli_error("%s: the ward key and head cannot be read; the rest was done",
		                 err.msg);
	fprintf(out, "ward key %s\nhead %s\n", vigil_witness_key(&w), w.head);
	return EXIT_OK;
}

/* ---- shift: the summary on the terminal ------------------------------ */

struct view {
	const vigil_scales *scales;
	size_t rows;
};

static void print_shift_title(const vigil_config *cfg, const vigil_shift *sh)
{
	char from[VIGIL_TIME_LOCAL_LEN], to[VIGIL_TIME_LOCAL_LEN], length[32];
	vigil_time_format_local(sh->start, from, sizeof from);
	vigil_time_format_local(sh->end, to, sizeof to);
	vigil_duration_format(sh->end - sh->start, length, sizeof length);
	if (*cfg->ward) {
		cli_put_text(cfg->ward);
		fputs(": ", stdout);
	}
	printf("%s shift of %s, %s to %s (%s)\n", sh->name, sh->date, from, to, length);
}

/* "3 missed; 1 not done", after what the line already says (sep). */
static void put_missed(const vigil_shift_row *r, const char *sep)
{
	if (r->missed) {
		printf("%s%d missed", sep, r->missed);
		sep = "; ";
	}
	if (r->not_done)
		printf("%s%d not done", sep, r->not_done);
}

/* Fits 80 columns: long names are cut with '~' (the CSV has them whole);
 * the band of the last, the performers and the reassessments missed or
 * not done follow on a line of their own. */
static int print_row(const vigil_shift_row *r, void *ctx)
{
	struct view *v = ctx;
	if (v->rows++ == 0)
		printf("%-5s %-10s %-17s %-7s %3s %5s %4s %3s %4s %4s %s\n", "BED", "MRN", "NAME",
		       "SCALE", "N", "FIRST", "LAST", "LOW", "MEAN", "HIGH", "AT");
	cli_put_cell(r->patient->bed, 5);
	putchar(' ');
	cli_put_cell(r->patient->mrn, 10);
	putchar(' ');
	cli_put_cell(r->patient->name, 17);
	putchar(' ');
	const vigil_scale *s = vigil_scales_find(v->scales, r->scale);
	if (r->count == 0) {
		/* No assessment: the scale when reassessments were missed or
		 * not done on it, else "-". */
		if (*r->scale)
			cli_put_cell(s ? s->name : r->scale, 7);
		else
			printf("%-7s", "-");
		printf(" %3d\n", 0);
		if (r->missed || r->not_done) {
			printf("%6s", "");
			put_missed(r, "");
			putchar('\n');
		}
		return 0;
	}
	char at[8];
	time_t t = (time_t)r->highest_at;
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(at, sizeof at, "%H:%M", &tm);
	cli_put_cell(s ? s->name : r->scale, 7);
	printf(" %3d %5d %4d %3d %4.1f %4d %s\n%6s", r->count, r->first, r->last, r->lowest,
	       r->mean, r->highest, at, "");
	if (*r->last_band) {
		printf("last band ");
		cli_put_text(r->last_band);
		printf("; ");
	}
	printf("by ");
	cli_put_text(r->performers);
	put_missed(r, "; ");
	putchar('\n');
	return 0;
}

/* The protocols in force, after login: they set the due times. */
static int load_protocols(vigil_session *session, const vigil_scales *scales,
                          vigil_protocols **out)
{
	vigil_error err;
	if (vigil_protocols_load(session, scales, out, &err) != VIGIL_OK)
		return cli_fail(&err);
	return EXIT_OK;
}

int cmd_shift(struct cli *cli, int argc, char **argv)
{
	vigil_shift shifts[VIGIL_SHIFTS_MAX];
	size_t n;
	vigil_config cfg;
	int rc = shift_args(cli, argc, argv, NULL, NULL, shifts, &n, &cfg);
	vigil_scales *scales;
	if (rc != EXIT_OK || (rc = cli_load_scales(&scales)) != EXIT_OK)
		return rc;
	vigil_session session;
	vigil_protocols *protocols = NULL;
	if ((rc = cli_login(cli, &session)) == EXIT_OK) {
		vigil_error err;
		rc = load_protocols(&session, scales, &protocols);
		if (rc == EXIT_OK && vigil_db_training(session.db))
			printf("%s\n", VIGIL_TRAINING_BANNER);
		for (size_t i = 0; rc == EXIT_OK && i < n; i++) {
			struct view v = { .scales = scales };
			if (i)
				putchar('\n');
			print_shift_title(&cfg, &shifts[i]);
			if (vigil_shift_summary(&session, protocols, &shifts[i], print_row, &v, &err) !=
			    VIGIL_OK)
				rc = cli_fail(&err);
			else if (v.rows == 0)
				printf("(no patients on the ward during this shift)\n");
		}
		if (rc == EXIT_OK) {
			putchar('\n');
			rc = print_witness(&session, stdout);
		}
		cli_logout(&session);
	}
	vigil_protocols_free(protocols);
	vigil_scales_free(scales);
	return rc;
}

/* ---- exports ----------------------------------------------------------- */

/* Ctrl-C (or a hangup, or kill) stops the query, so the export fails the
 * ordinary way and its temporary file is removed; the handler does nothing
 * but ask SQLite to stop, which is safe there (the sqlite3 shell does the
 * same). A second signal kills at once. */
static vigil_db *volatile interrupt_db;

static void on_signal(int sig)
{
	(void)sig;
	vigil_db_interrupt(interrupt_db);
}

static void catch_signals(vigil_db *db)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	interrupt_db = db;
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
}

static void release_signals(void)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	interrupt_db = NULL;
}

static int export_failed(const vigil_error *err)
{
	if (err->code == VIGIL_EEXIST)
		return cli_error("%s (--force replaces it)", err->msg);
	return cli_fail(err);
}

/* Says what was written, then the witness, whose head is the export's own
 * audit entry or a later one. Standard output may carry the CSV itself:
 * then nothing else goes there, and the witness goes to standard error. */
static int report(vigil_session *session, const vigil_export_dest *dest, size_t rows)
{
	if (!dest->path || strcmp(dest->path, "-") == 0) {
		fflush(stdout);
		return print_witness(session, stderr);
	}
	printf("exported %zu row%s to ", rows, rows == 1 ? "" : "s");
	cli_put_text(dest->path);
	putchar('\n');
	return print_witness(session, stdout);
}

int cmd_export_shift(struct cli *cli, int argc, char **argv)
{
	vigil_shift shifts[VIGIL_SHIFTS_MAX];
	size_t n, rows = 0;
	vigil_config cfg;
	vigil_export_dest dest = { .out = stdout };
	int rc = shift_args(cli, argc, argv, &dest.path, &dest.force, shifts, &n, &cfg);
	if (rc != EXIT_OK)
		return rc;
	if (dest.path && !*dest.path)
		return cli_usage_error(cli, "-o needs a file name");
	vigil_scales *scales;
	if ((rc = cli_load_scales(&scales)) != EXIT_OK)
		return rc;
	vigil_session session;
	vigil_protocols *protocols = NULL;
	if ((rc = cli_login(cli, &session)) == EXIT_OK) {
		vigil_error err;
		if ((rc = load_protocols(&session, scales, &protocols)) == EXIT_OK) {
			catch_signals(session.db);
			vigil_status s = vigil_export_shifts(&session, protocols, shifts, n, &dest,
			                                     &rows, &err);
			release_signals();
			if (s == VIGIL_OK)
				rc = report(&session, &dest, rows);
			else
				rc = export_failed(&err);
		}
		cli_logout(&session);
	}
	vigil_protocols_free(protocols);
	vigil_scales_free(scales);
	return rc;
}

int cmd_export_observations(struct cli *cli, int argc, char **argv)
{
	const char *from = NULL, *to = NULL;
	vigil_export_filter f = { 0 };
	vigil_export_dest dest = { .out = stdout };
	size_t npos, rows = 0;
	const struct cli_option options[] = {
		{ "--from", &from, NULL },      { "--to", &to, NULL },
		{ "--patient", &f.mrn, NULL },  { "--scale", &f.scale, NULL },
		{ "--all", NULL, &f.all },      { "-o", &dest.path, NULL },
		{ "--force", NULL, &dest.force }, { NULL, NULL, NULL },
	};
	int rc = cli_parse(cli, argc, argv, options, NULL, 0, &npos);
	if (rc != EXIT_OK)
		return rc;
	if (dest.path && !*dest.path)
		return cli_usage_error(cli, "-o needs a file name");
	if ((rc = cli_parse_time(from, "--from", &f.from)) != EXIT_OK ||
	    (rc = cli_parse_time(to, "--to", &f.to)) != EXIT_OK)
		return rc;
	if (from && to && f.to <= f.from)
		return cli_usage_error(cli, "--to must be later than --from");
	vigil_scales *scales;
	if ((rc = cli_load_scales(&scales)) != EXIT_OK)
		return rc;
	vigil_session session;
	if ((rc = cli_login(cli, &session)) == EXIT_OK) {
		vigil_error err;
		catch_signals(session.db);
		vigil_status s = vigil_export_observations(&session, scales, &f, &dest, &rows, &err);
		release_signals();
		if (s == VIGIL_OK)
			rc = report(&session, &dest, rows);
		else
			rc = export_failed(&err);
		cli_logout(&session);
	}
	vigil_scales_free(scales);
	return rc;
}
