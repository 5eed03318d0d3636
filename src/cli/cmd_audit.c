/* cmd_audit.c - audit verify */
#include <stdio.h>

#include "cli.h"
#include "commands.h"
#include "vigil/audit.h"

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
		printf("audit log intact: %lld entries, %lld records match\nhead %s\n",
		       (long long)report.entries, (long long)report.records, report.head);
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
