/* cmd_audit.c - audit verify */
#include <stdio.h>

#include "cli.h"
#include "commands.h"
#include "vigil/audit.h"

/* What was checked, in words a person follows, a line each. */
static void print_report(const vigil_audit_report *r)
{
	printf("audit log intact: %lld entries, in order, each linked to the one before\n"
	       "and matching its own hash.\n",
	       (long long)r->entries);
	printf("Every stored record is as the log last wrote it (%lld in all):\n",
	       (long long)r->records);
	for (size_t i = 0; i < r->nkinds; i++)
		if (r->kinds[i].count)
			printf("  %lld %s\n", (long long)r->kinds[i].count,
			       r->kinds[i].count == 1 ? r->kinds[i].one : r->kinds[i].many);
	printf("head %s\n(note it outside the database: 'vigil audit verify --head' with it later\n"
	       "shows that nothing was cut from the end of the log)\n",
	       r->head);
}

int cmd_audit_verify(struct cli *cli, int argc, char **argv)
{
	const char *head = NULL;
	size_t npos;
	const struct cli_option options[] = { { "--head", &head, NULL }, { NULL, NULL, NULL } };
	int rc = cli_parse(cli, argc, argv, options, NULL, 0, &npos);
	if (rc != EXIT_OK)
		return rc;
	vigil_session session;
	if ((rc = cli_login(cli, &session)) != EXIT_OK)
		return rc;
	vigil_error err;
	vigil_audit_report report;
	vigil_status s = head ? vigil_audit_verify_head(&session, head, &report, &err)
	                      : vigil_audit_verify(&session, &report, &err);
	if (s == VIGIL_OK)
		print_report(&report);
	else if (err.code == VIGIL_ETAMPER)
		rc = cli_error("audit verify failed: %s", err.msg);
	else
		rc = cli_fail(&err);
	cli_logout(&session);
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
