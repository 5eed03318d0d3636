/* cmd_export.c - shift (the handover on the terminal, or printed pages
 * with -o), export shift, export observations, export doses, export
 * vitals and export notes. Each ends with the witness: the ward key and
 * the head of the audit log once it is done, so a printed or filed copy
 * shows later that the log was not cut or rewritten (vigil audit verify
 * --witness); a summary from a training database starts by saying so. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "commands.h"
#include "vigil/config.h"
#include "vigil/db.h"
#include "vigil/export.h"
#include "vigil/handover.h"

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
		{ "-o", out_path, NULL },
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

/* ---- shift: the handover on the terminal ----------------------------- */

/* Arrows and ellipses only where the terminal can show them. */
static bool ascii_only(void)
{
	return MB_CUR_MAX == 1;
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

static bool to_stream(const vigil_export_dest *dest)
{
	return !dest->path || strcmp(dest->path, "-") == 0;
}

/* -o, when given, names a file. */
static int dest_args(const struct cli *cli, const vigil_export_dest *dest)
{
	if (dest->path && !*dest->path)
		return cli_usage_error(cli, "-o needs a file name");
	return EXIT_OK;
}

/* What the row exports share: -o, --from and --to as times, and the
 * filter's own rule, which is the core's (To later than From). */
static int filter_args(const struct cli *cli, const char *from, const char *to,
                       vigil_export_filter *f, const vigil_export_dest *dest)
{
	vigil_error err;
	int rc = dest_args(cli, dest);
	if (rc == EXIT_OK && (rc = cli_parse_time(from, "--from", &f->from)) == EXIT_OK &&
	    (rc = cli_parse_time(to, "--to", &f->to)) == EXIT_OK &&
	    vigil_export_filter_check(f, &err) != VIGIL_OK)
		rc = cli_usage_error(cli, "%s", err.msg);
	return rc;
}

/* Says what was written, then the witness, whose head is the export's own
 * audit entry or a later one. Standard output may carry the CSV itself:
 * then nothing else goes there, and the witness goes to standard error. */
static int report(vigil_session *session, const vigil_export_dest *dest, size_t rows,
                  const char *noun)
{
	if (to_stream(dest)) {
		fflush(stdout);
		return print_witness(session, stderr);
	}
	printf("exported %zu %s%s to ", rows, noun, rows == 1 ? "" : "s");
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
	if (rc == EXIT_OK)
		rc = dest_args(cli, &dest);
	if (rc != EXIT_OK)
		return rc;
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
				rc = report(&session, &dest, rows, "row");
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
	if (rc == EXIT_OK)
		rc = filter_args(cli, from, to, &f, &dest);
	if (rc != EXIT_OK)
		return rc;
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
			rc = report(&session, &dest, rows, "row");
		else
			rc = export_failed(&err);
		cli_logout(&session);
	}
	vigil_scales_free(scales);
	return rc;
}

/* ---- shift: the handover ----------------------------------------------- */

/* The handover on the terminal: every role (nurses hand over). */
static int shift_on_screen(vigil_session *session, const vigil_protocols *protocols,
                           const vigil_config *cfg, const vigil_shift *shifts, size_t n)
{
	vigil_error err;
	if (vigil_handover_print(session, protocols, cfg, shifts, n, ascii_only(), false, stdout,
	                         NULL, &err) != VIGIL_OK)
		return cli_fail(&err);
	return EXIT_OK;
}

/* -o FILE: the same as pages to print, an export (clinician, admin). */
static int shift_to_file(vigil_session *session, const vigil_protocols *protocols,
                         const vigil_config *cfg, const vigil_shift *shifts, size_t n,
                         const vigil_export_dest *dest)
{
	vigil_error err;
	size_t patients = 0;
	catch_signals(session->db);
	vigil_status s = vigil_export_handover(session, protocols, cfg, shifts, n, ascii_only(), dest,
	                                       &patients, &err);
	release_signals();
	if (s != VIGIL_OK)
		return export_failed(&err);
	if (to_stream(dest)) {
		fflush(stdout);
		return EXIT_OK; /* the pages end with the witness */
	}
	printf("exported the handover of %zu patient%s to ", patients, patients == 1 ? "" : "s");
	cli_put_text(dest->path);
	putchar('\n');
	return print_witness(session, stdout);
}

int cmd_shift(struct cli *cli, int argc, char **argv)
{
	vigil_shift shifts[VIGIL_SHIFTS_MAX];
	size_t n;
	vigil_config cfg;
	vigil_export_dest dest = { .out = stdout };
	int rc = shift_args(cli, argc, argv, &dest.path, &dest.force, shifts, &n, &cfg);
	if (rc == EXIT_OK)
		rc = dest_args(cli, &dest);
	if (rc != EXIT_OK)
		return rc;
	if (dest.force && !dest.path)
		return cli_usage_error(cli, "--force goes with -o FILE");
	vigil_scales *scales;
	if ((rc = cli_load_scales(&scales)) != EXIT_OK)
		return rc;
	vigil_session session;
	vigil_protocols *protocols = NULL;
	if ((rc = cli_login(cli, &session)) == EXIT_OK) {
		rc = load_protocols(&session, scales, &protocols);
		if (rc == EXIT_OK && dest.path)
			rc = shift_to_file(&session, protocols, &cfg, shifts, n, &dest);
		else if (rc == EXIT_OK)
			rc = shift_on_screen(&session, protocols, &cfg, shifts, n);
		cli_logout(&session);
	}
	vigil_protocols_free(protocols);
	vigil_scales_free(scales);
	return rc;
}

/* ---- doses, vital signs, notes ----------------------------------------- */

typedef enum { CHART_DOSES, CHART_VITALS, CHART_NOTES } chart_export;

static vigil_status run_chart_export(vigil_session *session, const vigil_protocols *protocols,
                                     chart_export what, const vigil_export_filter *f,
                                     const vigil_export_dest *dest, size_t *rows,
                                     vigil_error *err)
{
	switch (what) {
	case CHART_DOSES: return vigil_export_doses(session, protocols, f, dest, rows, err);
	case CHART_VITALS: return vigil_export_vitals(session, protocols, f, dest, rows, err);
	default: return vigil_export_notes(session, f, dest, rows, err);
	}
}

/* The options the observations take (but --scale), and --drug for doses. */
static int chart_export_cmd(struct cli *cli, int argc, char **argv, chart_export what)
{
	const char *from = NULL, *to = NULL;
	vigil_export_filter f = { 0 };
	vigil_export_dest dest = { .out = stdout };
	size_t npos, rows = 0;
	const struct cli_option options[] = {
		{ "--from", &from, NULL },      { "--to", &to, NULL },
		{ "--patient", &f.mrn, NULL },  { "--all", NULL, &f.all },
		{ "-o", &dest.path, NULL },     { "--force", NULL, &dest.force },
		{ what == CHART_DOSES ? "--drug" : NULL, &f.drug, NULL }, { NULL, NULL, NULL },
	};
	int rc = cli_parse(cli, argc, argv, options, NULL, 0, &npos);
	if (rc == EXIT_OK)
		rc = filter_args(cli, from, to, &f, &dest);
	if (rc != EXIT_OK)
		return rc;
	vigil_scales *scales;
	if ((rc = cli_load_scales(&scales)) != EXIT_OK)
		return rc;
	vigil_session session;
	vigil_protocols *protocols = NULL;
	if ((rc = cli_login(cli, &session)) == EXIT_OK) {
		vigil_error err;
		if ((rc = load_protocols(&session, scales, &protocols)) == EXIT_OK) {
			catch_signals(session.db);
			vigil_status s = run_chart_export(&session, protocols, what, &f, &dest, &rows,
			                                  &err);
			release_signals();
			rc = s == VIGIL_OK ? report(&session, &dest, rows, "row") : export_failed(&err);
		}
		cli_logout(&session);
	}
	vigil_protocols_free(protocols);
	vigil_scales_free(scales);
	return rc;
}

int cmd_export_doses(struct cli *cli, int argc, char **argv)
{
	return chart_export_cmd(cli, argc, argv, CHART_DOSES);
}

int cmd_export_vitals(struct cli *cli, int argc, char **argv)
{
	return chart_export_cmd(cli, argc, argv, CHART_VITALS);
}

int cmd_export_notes(struct cli *cli, int argc, char **argv)
{
	return chart_export_cmd(cli, argc, argv, CHART_NOTES);
}
