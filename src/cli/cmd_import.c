/* cmd_import.c - patient import: admissions from a CSV file */
#include <stdio.h>

#include "cli.h"
#include "commands.h"
#include "vigil/import.h"

/* Compiler style, one per line, so editors can jump to them. */
static void print_problem(const char *message, void *ctx)
{
	(void)ctx;
	char shown[2048];
	vigil_text_escape(message, shown, sizeof shown);
	fprintf(stderr, "%s\n", shown);
}

struct listing {
	const char *path;
	const vigil_import_result *result;
	bool started;
};

/* The core reports admissions after the commit, when the count is known. */
static void print_admitted(const vigil_patient *p, void *ctx)
{
	struct listing *l = ctx;
	if (!l->started) {
		l->started = true;
		printf("admitted %zu patient%s from ", l->result->admitted,
		       l->result->admitted == 1 ? "" : "s");
		cli_put_text(l->path);
		printf(":\n");
	}
	printf("  ");
	cli_put_cell(*p->bed ? p->bed : "-", 6);
	putchar(' ');
	cli_put_cell(p->mrn, 12);
	putchar(' ');
	cli_put_text(p->name);
	putchar('\n');
}

int cmd_patient_import(struct cli *cli, int argc, char **argv)
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
	vigil_import_result result;
	struct listing listing = { pos[0], &result, false };
	vigil_import_hooks hooks = { print_problem, print_admitted, &listing };
	vigil_error err;
	if (vigil_patient_import(&session, pos[0], &hooks, &result, &err) != VIGIL_OK) {
		rc = cli_fail(&err);
	} else if (result.admitted == 0) {
		printf("no patients in ");
		cli_put_text(pos[0]);
		printf("; nothing was admitted\n");
	}
	cli_logout(&session);
	return rc;
}
