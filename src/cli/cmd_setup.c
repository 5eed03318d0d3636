/* cmd_setup.c - init and demo: creating a database */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "commands.h"
#include "vigil/audit.h"
#include "vigil/db.h"
#include "vigil/demo.h"

#define PATH_BYTES 4096

int cmd_init(struct cli *cli, int argc, char **argv)
{
	const char *admin = NULL, *full_name = NULL;
	bool training = false;
	size_t npos;
	const struct cli_option options[] = { { "--admin", &admin, NULL },
		                              { "--name", &full_name, NULL },
		                              { "--training", NULL, &training },
		                              { NULL, NULL, NULL } };
	int rc = cli_parse(cli, argc, argv, options, NULL, 0, &npos);
	if (rc != EXIT_OK)
		return rc;
	if (!admin)
		return cli_usage_error(cli, "missing --admin NAME");
	vigil_error err;
	if (vigil_ident_check("user name", admin, VIGIL_USER_NAME_MAX, "._-", &err) != VIGIL_OK ||
	    vigil_text_check("full name", full_name, VIGIL_FULL_NAME_MAX, false, &err) != VIGIL_OK)
		return cli_fail(&err);
	char path[PATH_BYTES], password[VIGIL_PASSWORD_MAX + 2];
	if ((rc = cli_db_path(cli, path, sizeof path)) != EXIT_OK)
		return rc;
	/* Refuse an existing database before asking for a password. */
	struct stat st;
	if (stat(path, &st) == 0)
		return cli_error(S_ISDIR(st.st_mode) ? "%s: is a folder; give a file path"
		                                    : "%s: a database is already there; it was not "
		                                      "changed",
		                 path);
	if ((rc = cli_new_password(password, sizeof password)) != EXIT_OK)
		return rc;
	vigil_db *db;
	if (vigil_db_create(path, training, &db, &err) != VIGIL_OK) {
		explicit_bzero(password, sizeof password);
		return cli_fail(&err);
	}
	vigil_status s = vigil_init_admin(db, admin, full_name, password, &err);
	explicit_bzero(password, sizeof password);
	vigil_db_close(db);
	if (s != VIGIL_OK) {
		remove(path);
		return cli_fail(&err);
	}
	char key[48] = "", head[96];
	if (vigil_db_open(path, &db, &err) == VIGIL_OK) {
		if (vigil_audit_head_now(db, key, sizeof key, head, sizeof head, &err) != VIGIL_OK)
			key[0] = '\0';
		vigil_db_close(db);
	}
	printf("created %s with admin %s\n", path, admin);
	/* A training database's key witnesses nothing anyone relies on. */
	if (!training && key[0])
		printf("ward key %s (keep it outside the database, with each head that\n"
		       "'vigil audit verify' prints: they show the log was not rewritten)\n",
		       key);
	return EXIT_OK;
}

int cmd_demo(struct cli *cli, int argc, char **argv)
{
	size_t npos;
	int rc = cli_parse(cli, argc, argv, NULL, NULL, 0, &npos);
	if (rc != EXIT_OK)
		return rc;
	char path[PATH_BYTES];
	if ((rc = cli_db_path(cli, path, sizeof path)) != EXIT_OK)
		return rc;
	vigil_error err;
	vigil_demo_summary sum;
	if (vigil_demo_create(path, &sum, &err) != VIGIL_OK)
		return cli_fail(&err);
	printf("created demo ward %s: %d patients, %d assessments, %d doses given, %d sets of "
	       "vital signs, %d notes\n", path, sum.patients, sum.assessments, sum.doses, sum.vitals,
	       sum.notes);
	printf("log in as one of (user / password / role):\n");
	for (size_t i = 0; i < vigil_demo_account_count; i++)
		printf("  %-10s %-15s %s\n", vigil_demo_accounts[i].name,
		       vigil_demo_accounts[i].password, vigil_demo_accounts[i].role);
	/* Named as vigil was started (build/vigil), not a vigil not on PATH. */
	char hint[PATH_BYTES + 128];
	if (vigil_demo_hint(cli->program, path, hint, sizeof hint))
		printf("for example: %s\n", hint);
	return EXIT_OK;
}
