/* cmd_audit.c - audit verify, audit log, backup */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "vigil/audit.h"
#include "vigil/db.h"
#include "vigil/export.h"

/* 1234567 as "1,234,567": entry numbers in the millions, read aloud. */
static const char *grouped(long long n, char buf[32])
{
	char plain[24];
	int len = snprintf(plain, sizeof plain, "%lld", n < 0 ? 0 : n);
	size_t o = 0;
	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = plain[i];
	}
	buf[o] = '\0';
	return buf;
}

static void print_kinds(const vigil_audit_report *r)
{
	for (size_t i = 0; i < r->nkinds; i++)
		if (r->kinds[i].count)
			printf("  %lld %s\n", (long long)r->kinds[i].count,
			       r->kinds[i].count == 1 ? r->kinds[i].one : r->kinds[i].many);
}

static void print_walk(const vigil_audit_report *r)
{
	char at[VIGIL_TIME_LOCAL_LEN], n1[32], n2[32];
	if (!r->from_checkpoint) {
		printf("audit log intact: %lld entries, in order, each linked to the one before\n"
		       "and matching its own hash; %lld signed, every signature by the key its\n"
		       "user had at that point.\n",
		       (long long)r->entries, (long long)r->signed_rows);
		return;
	}
	vigil_time_format_local(r->checkpoint_at, at, sizeof at);
	printf("audit log intact from the checkpoint at entry %s (full verify passed %s\n"
	       "by %s): %s entr%s since, in order, each linked to the one before and\n"
	       "matching its own hash; %lld signed, every signature by the key its user had\n"
	       "at that point, the checkpoint's an admin's.\n",
	       grouped(r->checkpoint_through, n1), at, r->checkpoint_by, grouped(r->entries, n2),
	       r->entries == 1 ? "y" : "ies", (long long)r->signed_rows);
}

static void print_records(const vigil_audit_report *r)
{
	if (!r->from_checkpoint) {
		printf("Every stored record is as the log last wrote it (%lld in all):\n",
		       (long long)r->records);
		print_kinds(r);
		return;
	}
	printf("Every record written or changed since is as the log last wrote it (%lld):\n",
	       (long long)r->records);
	print_kinds(r);
	printf("No row added to any of the %lld tables outside vigil: each table's last key\n"
	       "(its row count, for the marks of entries in error) is the log's.\n"
	       "Not compared: records written before the checkpoint and not named since\n"
	       "('vigil audit verify' compares every record).\n",
	       (long long)r->tables_guarded);
}

static void print_checkpoint(const vigil_audit_report *r)
{
	char n[32];
	if (r->from_checkpoint)
		return;
	if (r->checkpoint_written)
		printf("checkpoint written: entry %s ('vigil audit verify --since-checkpoint'\n"
		       "starts from it)\n",
		       grouped(r->checkpoint_written, n));
	else if (r->checkpoint_failed[0])
		printf("no checkpoint written (%s): a verify --since-checkpoint\n"
		       "starts from an earlier one\n",
		       r->checkpoint_failed);
}

/* What was checked, in words a person follows, a line each. */
static void print_report(const vigil_audit_report *r, size_t nheads)
{
	print_walk(r);
	if (r->schema_checked)
		printf("Tables, indexes and triggers are as shipped.\n");
	print_records(r);
	if (nheads)
		printf("All %zu witnessed head%s still on the chain: nothing before them was cut,\n"
		       "rolled back or rewritten.\n",
		       nheads, nheads == 1 ? " is" : "s are");
	printf("ward key %s\n", r->ward_key[0] ? r->ward_key : "(none yet: no one has logged in "
	                                                        "since the upgrade)");
	printf("head %lld:%s\n(keep it outside the database: 'vigil audit verify --witness FILE'\n"
	       "with it later shows that nothing was cut, rolled back or rewritten)\n",
	       (long long)r->head_seq, r->head);
	print_checkpoint(r);
}

int cmd_audit_verify(struct cli *cli, int argc, char **argv)
{
	const char *head = NULL, *witness = NULL;
	bool since = false;
	size_t npos;
	const struct cli_option options[] = { { "--head", &head, NULL },
		                              { "--witness", &witness, NULL },
		                              { "--since-checkpoint", NULL, &since },
		                              { NULL, NULL, NULL } };
	int rc = cli_parse(cli, argc, argv, options, NULL, 0, &npos);
	if (rc != EXIT_OK)
		return rc;
	vigil_error err;
	vigil_audit_head one, *heads = NULL;
	size_t nheads = 0;
	if (head) {
		if (vigil_audit_head_parse(head, &one, &err) != VIGIL_OK)
			return cli_error("--head: %s", err.msg);
		heads = &one, nheads = 1;
	} else if (witness && vigil_audit_witness_read(witness, &heads, &nheads, &err) != VIGIL_OK) {
		return cli_fail(&err);
	}
	vigil_session session;
	if ((rc = cli_login(cli, &session)) == EXIT_OK) {
		vigil_audit_report report;
		vigil_status s = since ? vigil_audit_verify_since(&session, heads, nheads, &report, &err)
		                       : vigil_audit_verify_full(&session, heads, nheads, &report, &err);
		if (s == VIGIL_OK && since && !report.from_checkpoint)
			printf("No checkpoint yet: the whole log was checked.\n");
		if (s == VIGIL_OK)
			print_report(&report, nheads);
		else if (err.code == VIGIL_ETAMPER)
			rc = cli_error("audit verify failed: %s", err.msg);
		else
			rc = cli_fail(&err);
		cli_logout(&session);
	}
	if (heads != &one)
		free(heads);
	return rc;
}

int cmd_backup(struct cli *cli, int argc, char **argv)
{
	const char *pos[1];
	size_t npos;
	int rc = cli_parse(cli, argc, argv, NULL, pos, 1, &npos);
	if (rc != EXIT_OK)
		return rc;
	if (npos != 1)
		return cli_usage_error(cli, "missing FILE");
	vigil_session session;
	if ((rc = cli_login(cli, &session)) != EXIT_OK)
		return rc;
	vigil_error err;
	if (vigil_backup(&session, pos[0], &err) == VIGIL_OK)
		printf("backed up %s to %s\n", vigil_db_path(session.db), pos[0]);
	else
		rc = cli_fail(&err);
	cli_logout(&session);
	return rc;
}

/* ---- audit log ----------------------------------------------------------- */

/* The columns of the listing: 80 in all, what takes the rest. */
#define LOG_SEQ_WIDTH 5
#define LOG_TIME_WIDTH 16
#define LOG_USER_WIDTH 16
#define LOG_ACTION_WIDTH 13
#define LOG_WHAT_WIDTH (80 - LOG_SEQ_WIDTH - LOG_TIME_WIDTH - LOG_USER_WIDTH - \
                        LOG_ACTION_WIDTH - 4)

/* The last column is cut, never padded: no trailing blanks. */
static void put_last_cell(const char *text, int width)
{
	if (cli_text_width(text) <= width)
		cli_put_text(text);
	else
		cli_put_cell(text, width);
}

/* The heading, once: after the core has let the user read the log. */
static void print_log_heading(bool *printed)
{
	if (*printed)
		return;
	*printed = true;
	printf("%*s %-*s %-*s %-*s %s\n", LOG_SEQ_WIDTH, "seq", LOG_TIME_WIDTH, "time",
	       LOG_USER_WIDTH, "user", LOG_ACTION_WIDTH, "action", "what");
}

static int print_log_row(const vigil_audit_entry *e, void *ctx)
{
	char when[VIGIL_TIME_LOCAL_LEN], what[1024];
	print_log_heading(ctx);
	vigil_time_format_local(e->at, when, sizeof when);
	vigil_audit_what_words(e, what, sizeof what);
	printf("%*lld %-*s ", LOG_SEQ_WIDTH, (long long)e->seq, LOG_TIME_WIDTH, when);
	cli_put_cell(vigil_audit_actor_words(e), LOG_USER_WIDTH);
	putchar(' ');
	cli_put_cell(e->action, LOG_ACTION_WIDTH);
	putchar(' ');
	put_last_cell(what, LOG_WHAT_WIDTH);
	putchar('\n');
	return 0;
}

/* On the terminal: reading only, nothing is logged (but the login). */
static int log_on_screen(vigil_session *session, const vigil_audit_query *q)
{
	vigil_error err;
	bool printed = false;
	if (vigil_audit_log_each(session, q, print_log_row, &printed, &err) != VIGIL_OK)
		return cli_fail(&err);
	print_log_heading(&printed);
	return EXIT_OK;
}

/* Ctrl-C stops the query, so the export fails the ordinary way and its
 * temporary file is removed (as cmd_export.c does). */
static vigil_db *volatile interrupt_db;

static void on_signal(int sig)
{
	(void)sig;
	vigil_db_interrupt(interrupt_db);
}

static void catch_signals(vigil_db *db, bool on)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on ? on_signal : SIG_DFL;
	sa.sa_flags = on ? SA_RESETHAND : 0;
	sigemptyset(&sa.sa_mask);
	interrupt_db = on ? db : NULL;
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
}

/* -o FILE: CSV, an export like the others: audited, then what was written
 * and the witness (on standard error when the CSV is on standard output). */
static int log_to_file(vigil_session *session, const vigil_audit_query *q,
                       const vigil_export_dest *dest)
{
	vigil_error err;
	size_t rows = 0;
	catch_signals(session->db, true);
	vigil_status s = vigil_audit_log_export(session, q, dest, &rows, &err);
	catch_signals(session->db, false);
	if (s != VIGIL_OK && err.code == VIGIL_EEXIST)
		return cli_error("%s (--force replaces it)", err.msg);
	if (s != VIGIL_OK)
		return cli_fail(&err);
	FILE *out = stdout;
	if (strcmp(dest->path, "-") == 0) {
		fflush(stdout);
		out = stderr;
	} else {
		printf("exported %zu row%s to ", rows, rows == 1 ? "" : "s");
		cli_put_text(dest->path);
		putchar('\n');
	}
	vigil_witness w;
	if (vigil_witness_now(session, &w, &err) != VIGIL_OK)
		return cli_error("%s: the ward key and head cannot be read; the rest was done",
		                 err.msg);
	fprintf(out, "ward key %s\nhead %s\n", vigil_witness_key(&w), w.head);
	return EXIT_OK;
}

int cmd_audit_log(struct cli *cli, int argc, char **argv)
{
	const char *since = NULL, *until = NULL;
	vigil_audit_query q = { 0 };
	vigil_export_dest dest = { .out = stdout };
	size_t npos;
	const struct cli_option options[] = {
		{ "--since", &since, NULL },  { "--until", &until, NULL },
		{ "--user", &q.user, NULL },  { "--patient", &q.mrn, NULL },
		{ "-o", &dest.path, NULL },   { "--force", NULL, &dest.force },
		{ NULL, NULL, NULL },
	};
	int rc = cli_parse(cli, argc, argv, options, NULL, 0, &npos);
	if (rc != EXIT_OK)
		return rc;
	if (dest.path && !*dest.path)
		return cli_usage_error(cli, "-o needs a file name");
	if (dest.force && !dest.path)
		return cli_usage_error(cli, "--force goes with -o FILE");
	if ((rc = cli_parse_time(since, "--since", &q.since)) != EXIT_OK ||
	    (rc = cli_parse_time(until, "--until", &q.until)) != EXIT_OK)
		return rc;
	if (since && until && q.until <= q.since)
		return cli_usage_error(cli, "--until must be later than --since");
	vigil_session session;
	if ((rc = cli_login(cli, &session)) != EXIT_OK)
		return rc;
	rc = dest.path ? log_to_file(&session, &q, &dest) : log_on_screen(&session, &q);
	cli_logout(&session);
	return rc;
}
