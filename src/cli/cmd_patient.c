/* cmd_patient.c - patient admit, discharge, list */
#include <stdio.h>

#include "cli.h"
#include "commands.h"
#include "vigil/patient.h"

int cmd_patient_admit(struct cli *cli, int argc, char **argv)
{
	const char *name = NULL, *bed = NULL, *at_text = NULL, *pos[1];
	size_t npos;
	const struct cli_option options[] = { { "--name", &name, NULL },
		                              { "--bed", &bed, NULL },
		                              { "--at", &at_text, NULL },
		                              { NULL, NULL, NULL } };
	int rc = cli_parse(cli, argc, argv, options, pos, 1, &npos);
	if (rc != EXIT_OK)
		return rc;
	if (npos != 1)
		return cli_usage_error(cli, "missing MRN");
	if (!name)
		return cli_usage_error(cli, "missing --name \"Full Name\"");
	vigil_time at = 0;
	if ((rc = cli_parse_time(at_text, "--at", &at)) != EXIT_OK)
		return rc;
	vigil_session session;
	if ((rc = cli_login(cli, &session)) != EXIT_OK)
		return rc;
	vigil_error err;
	vigil_patient p;
	if (vigil_patient_admit(&session, pos[0], name, bed, at, &p, &err) == VIGIL_OK) {
		printf("admitted %s", p.mrn);
		if (*p.bed) {
			printf(" to bed ");
			cli_put_text(p.bed);
		}
		putchar('\n');
	} else {
		rc = cli_fail(&err);
	}
	cli_logout(&session);
	return rc;
}

int cmd_patient_discharge(struct cli *cli, int argc, char **argv)
{
	const char *at_text = NULL, *pos[1];
	size_t npos;
	const struct cli_option options[] = { { "--at", &at_text, NULL }, { NULL, NULL, NULL } };
	int rc = cli_parse(cli, argc, argv, options, pos, 1, &npos);
	if (rc != EXIT_OK)
		return rc;
	if (npos != 1)
		return cli_usage_error(cli, "missing MRN");
	vigil_time at = 0;
	if ((rc = cli_parse_time(at_text, "--at", &at)) != EXIT_OK)
		return rc;
	vigil_session session;
	if ((rc = cli_login(cli, &session)) != EXIT_OK)
		return rc;
	vigil_error err;
	if (vigil_patient_discharge(&session, pos[0], at, &err) == VIGIL_OK)
		printf("discharged %s\n", pos[0]);
	else
		rc = cli_fail(&err);
	cli_logout(&session);
	return rc;
}

static int print_patient(const vigil_patient *p, void *ctx)
{
	(void)ctx;
	char admitted[VIGIL_TIME_LOCAL_LEN], discharged[VIGIL_TIME_LOCAL_LEN] = "";
	vigil_time_format_local(p->admitted_at, admitted, sizeof admitted);
	if (p->discharged_at)
		vigil_time_format_local(p->discharged_at, discharged, sizeof discharged);
	cli_put_cell(p->bed, 6);
	putchar(' ');
	cli_put_cell(p->mrn, 12);
	putchar(' ');
	cli_put_cell(p->name, 24);
	printf(" %s%s%s\n", admitted, *discharged ? "  " : "", discharged);
	return 0;
}

int cmd_patient_list(struct cli *cli, int argc, char **argv)
{
	bool all = false;
	size_t npos;
	const struct cli_option options[] = { { "--all", NULL, &all }, { NULL, NULL, NULL } };
	int rc = cli_parse(cli, argc, argv, options, NULL, 0, &npos);
	if (rc != EXIT_OK)
		return rc;
	vigil_session session;
	if ((rc = cli_login(cli, &session)) != EXIT_OK)
		return rc;
	printf("%-6s %-12s %-24s %s%s\n", "BED", "MRN", "NAME", all ? "ADMITTED          " : "ADMITTED",
	       all ? "DISCHARGED" : "");
	vigil_error err;
	if (vigil_patient_list(&session, all, print_patient, NULL, &err) != VIGIL_OK)
		rc = cli_fail(&err);
	cli_logout(&session);
	return rc;
}

int cmd_patient_move(struct cli *cli, int argc, char **argv)
{
	const char *pos[2];
	size_t npos;
	int rc = cli_parse(cli, argc, argv, NULL, pos, 2, &npos);
	if (rc != EXIT_OK)
		return rc;
	if (npos < 1)
		return cli_usage_error(cli, "missing MRN");
	if (npos < 2)
		return cli_usage_error(cli, "missing BED");
	vigil_session session;
	if ((rc = cli_login(cli, &session)) != EXIT_OK)
		return rc;
	vigil_error err;
	if (vigil_patient_move(&session, pos[0], pos[1], &err) == VIGIL_OK)
		printf("moved %s to bed %s\n", pos[0], pos[1]);
	else
		rc = cli_fail(&err);
	cli_logout(&session);
	return rc;
}
