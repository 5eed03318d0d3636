/* cmd_audit.c - audit verify */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "commands.h"
#include "vigil/audit.h"

/* What was checked, in words a person follows, a line each. */
static void print_report(const vigil_audit_report *r, size_t nheads)
{
	printf("audit log intact: %lld entries, in order, each linked to the one before\n"
	       "and matching its own hash; %lld signed, every signature by the key its\n"
	       "user had at that point.\n",
	       (long long)r->entries, (long long)r->signed_rows);
	if (r->schema_checked)
		printf("Tables, indexes and triggers are as shipped.\n");
	printf("Every stored record is as the log last wrote it (%lld in all):\n",
	       (long long)r->records);
	for (size_t i = 0; i < r->nkinds; i++)
		if (r->kinds[i].count)
			printf("  %lld %s\n", (long long)r->kinds[i].count,
			       r->kinds[i].count == 1 ? r->kinds[i].one : r->kinds[i].many);
	if (nheads)
		printf("All %zu witnessed head%s still on the chain: nothing before them was cut,\n"
		       "rolled back or rewritten.\n",
		       nheads, nheads == 1 ? " is" : "s are");
	printf("ward key %s\n", r->ward_key[0] ? r->ward_key : "(none yet: no one has logged in "
	                                                        "since the upgrade)");
	printf("head %lld:%s\n(keep it outside the database: 'vigil audit verify --witness FILE'\n"
	       "with it later shows that nothing was cut, rolled back or rewritten)\n",
	       (long long)r->head_seq, r->head);
}

int cmd_audit_verify(struct cli *cli, int argc, char **argv)
{
	const char *head = NULL, *witness = NULL;
	size_t npos;
	const struct cli_option options[] = { { "--head", &head, NULL },
		                              { "--witness", &witness, NULL },
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
		if (vigil_audit_verify_heads(&session, heads, nheads, &report, &err) == VIGIL_OK)
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
