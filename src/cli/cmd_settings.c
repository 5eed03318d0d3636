/* cmd_settings.c - settings (list them) and settings set (admin) */
#include <stdio.h>

#include "cli.h"
#include "commands.h"
#include "vigil/settings.h"

static int print_setting(const vigil_setting *st, void *ctx)
{
	(void)ctx;
	char value[VIGIL_SETTING_VALUE_BYTES + 16];
	snprintf(value, sizeof value, "%s%s", st->value, st->is_default ? " (default)" : "");
	printf("%-10s %-16s %s\n", st->name, value, st->description);
	return 0;
}

int cmd_settings(struct cli *cli, int argc, char **argv)
{
	size_t npos;
	int rc = cli_parse(cli, argc, argv, NULL, NULL, 0, &npos);
	if (rc != EXIT_OK)
		return rc;
	vigil_session session;
	vigil_error err;
	if ((rc = cli_login(cli, &session)) != EXIT_OK)
		return rc;
	if (vigil_settings_each(&session, print_setting, NULL, &err) != VIGIL_OK)
		rc = cli_fail(&err);
	cli_logout(&session);
	return rc;
}

int cmd_settings_set(struct cli *cli, int argc, char **argv)
{
	const char *pos[2];
	size_t npos;
	int rc = cli_parse(cli, argc, argv, NULL, pos, 2, &npos);
	if (rc != EXIT_OK)
		return rc;
	if (npos < 2)
		return cli_usage_error(cli, npos ? "missing VALUE" : "missing NAME and VALUE");
	char canonical[VIGIL_SETTING_VALUE_BYTES];
	vigil_session session;
	vigil_error err;
	/* A typo is refused before the password is asked. */
	if (vigil_setting_check(pos[0], pos[1], canonical, sizeof canonical, &err) != VIGIL_OK)
		return cli_fail(&err);
	if ((rc = cli_login(cli, &session)) != EXIT_OK)
		return rc;
	if (vigil_setting_set(&session, pos[0], pos[1], &err) == VIGIL_OK)
		printf("%s set to %s; a terminal interface takes it when it is next started\n",
		       pos[0], canonical);
	else
		rc = cli_fail(&err);
	cli_logout(&session);
	return rc;
}
