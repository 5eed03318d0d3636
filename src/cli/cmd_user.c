/* cmd_user.c - user add, list, disable, enable, unlock, reset; passwd */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

int cmd_user_add(struct cli *cli, int argc, char **argv)
{
	const char *role_text = NULL, *full_name = NULL, *pos[1];
	size_t npos;
	const struct cli_option options[] = {
		{ "--role", &role_text, NULL }, { "--name", &full_name, NULL }, { NULL, NULL, NULL }
	};
	int rc = cli_parse(cli, argc, argv, options, pos, 1, &npos);
	if (rc != EXIT_OK)
		return rc;
	if (npos != 1)
		return cli_usage_error(cli, "missing user NAME");
	if (!role_text)
		return cli_usage_error(cli, "missing --role (nurse, clinician or admin)");
	vigil_role role;
	vigil_error err;
	if (vigil_role_parse(role_text, &role, &err) != VIGIL_OK)
		return cli_fail(&err);
	vigil_session session;
	if ((rc = cli_login(cli, &session)) != EXIT_OK)
		return rc;
	/* Check the role before asking for the new user's password. */
	if (vigil_require(&session, VIGIL_ACT_MANAGE_USERS, &err) != VIGIL_OK) {
		cli_logout(&session);
		return cli_fail(&err);
	}
	char password[VIGIL_PASSWORD_MAX + 2];
	rc = cli_new_password(password, sizeof password);
	if (rc == EXIT_OK) {
		if (vigil_user_add(&session, pos[0], role, full_name, password, &err) == VIGIL_OK)
			printf("added %s (%s)\n", pos[0], vigil_role_name(role));
		else
			rc = cli_fail(&err);
	}
	explicit_bzero(password, sizeof password);
	cli_logout(&session);
	return rc;
}

static int print_user(const vigil_user *u, void *ctx)
{
	char created[VIGIL_TIME_LOCAL_LEN];
	vigil_time_format_local(u->created_at, created, sizeof created);
	cli_put_cell(u->name, 16);
	printf(" %-9s %-8s %s  ", vigil_role_name(u->role),
	       vigil_user_state(u, *(const vigil_time *)ctx), created);
	cli_put_text(u->full_name);
	putchar('\n');
	return 0;
}

int cmd_user_list(struct cli *cli, int argc, char **argv)
{
	size_t npos;
	int rc = cli_parse(cli, argc, argv, NULL, NULL, 0, &npos);
	if (rc != EXIT_OK)
		return rc;
	vigil_session session;
	if ((rc = cli_login(cli, &session)) != EXIT_OK)
		return rc;
	vigil_error err;
	if (vigil_require(&session, VIGIL_ACT_MANAGE_USERS, &err) == VIGIL_OK)
		printf("%-16s %-9s %-8s %-16s  NAME\n", "USER", "ROLE", "STATE", "CREATED");
	vigil_time now;
	if (vigil_clock_now(&now, &err) != VIGIL_OK ||
	    vigil_user_list(&session, print_user, &now, &err) != VIGIL_OK)
		rc = cli_fail(&err);
	cli_logout(&session);
	return rc;
}

/* The one NAME a user command takes, then the login. */
static int name_and_login(struct cli *cli, int argc, char **argv, const char **name,
                          vigil_session *session)
{
	size_t npos;
	int rc = cli_parse(cli, argc, argv, NULL, name, 1, &npos);
	if (rc != EXIT_OK)
		return rc;
	if (npos != 1)
		return cli_usage_error(cli, "missing user NAME");
	return cli_login(cli, session);
}

/* user disable, enable, unlock: one NAME, one core call, one line. */
static int manage(struct cli *cli, int argc, char **argv,
                  vigil_status (*change)(vigil_session *, const char *, vigil_error *),
                  const char *done)
{
	const char *pos[1];
	vigil_session session;
	int rc = name_and_login(cli, argc, argv, pos, &session);
	if (rc != EXIT_OK)
		return rc;
	vigil_error err;
	if (change(&session, pos[0], &err) == VIGIL_OK)
		printf("%s %s\n", done, pos[0]);
	else
		rc = cli_fail(&err);
	cli_logout(&session);
	return rc;
}

int cmd_user_disable(struct cli *cli, int argc, char **argv)
{
	return manage(cli, argc, argv, vigil_user_disable, "disabled");
}

int cmd_user_enable(struct cli *cli, int argc, char **argv)
{
	return manage(cli, argc, argv, vigil_user_enable, "enabled");
}

int cmd_user_unlock(struct cli *cli, int argc, char **argv)
{
	return manage(cli, argc, argv, vigil_user_unlock, "unlocked");
}

/* user reset NAME: the role is checked before the new password is asked. */
int cmd_user_reset(struct cli *cli, int argc, char **argv)
{
	const char *pos[1];
	vigil_session session;
	int rc = name_and_login(cli, argc, argv, pos, &session);
	if (rc != EXIT_OK)
		return rc;
	vigil_error err;
	char password[VIGIL_PASSWORD_MAX + 2];
	if (vigil_require(&session, VIGIL_ACT_MANAGE_USERS, &err) != VIGIL_OK)
		rc = cli_fail(&err);
	else if ((rc = cli_new_password(password, sizeof password)) == EXIT_OK) {
		if (vigil_user_reset(&session, pos[0], password, &err) == VIGIL_OK)
			printf("reset the password of %s: it must be changed at the next login\n",
			       pos[0]);
		else
			rc = cli_fail(&err);
	}
	explicit_bzero(password, sizeof password);
	cli_logout(&session);
	return rc;
}

int cmd_passwd(struct cli *cli, int argc, char **argv)
{
	size_t npos;
	int rc = cli_parse(cli, argc, argv, NULL, NULL, 0, &npos);
	if (rc != EXIT_OK)
		return rc;
	vigil_session session;
	if ((rc = cli_login(cli, &session)) != EXIT_OK)
		return rc;
	char password[VIGIL_PASSWORD_MAX + 2];
	vigil_error err;
	rc = cli_new_password(password, sizeof password);
	if (rc == EXIT_OK) {
		if (vigil_user_passwd(&session, password, &err) == VIGIL_OK)
			printf("password changed for %s\n", session.user.name);
		else
			rc = cli_fail(&err);
	}
	explicit_bzero(password, sizeof password);
	cli_logout(&session);
	return rc;
}
