/* commands.h - one function per command; each file implements a group */
#ifndef VIGIL_CLI_COMMANDS_H
#define VIGIL_CLI_COMMANDS_H

#include "cli.h"

/* cmd_setup.c */
int cmd_init(struct cli *cli, int argc, char **argv);
int cmd_demo(struct cli *cli, int argc, char **argv);
/* cmd_user.c */
int cmd_user_add(struct cli *cli, int argc, char **argv);
int cmd_user_list(struct cli *cli, int argc, char **argv);
int cmd_user_disable(struct cli *cli, int argc, char **argv);
int cmd_user_enable(struct cli *cli, int argc, char **argv);
int cmd_user_unlock(struct cli *cli, int argc, char **argv);
int cmd_passwd(struct cli *cli, int argc, char **argv);
/* cmd_patient.c */
int cmd_patient_admit(struct cli *cli, int argc, char **argv);
int cmd_patient_discharge(struct cli *cli, int argc, char **argv);
int cmd_patient_move(struct cli *cli, int argc, char **argv);
int cmd_patient_list(struct cli *cli, int argc, char **argv);
/* cmd_scale.c */
int cmd_scales(struct cli *cli, int argc, char **argv);
int cmd_scales_install(struct cli *cli, int argc, char **argv);
int cmd_score(struct cli *cli, int argc, char **argv);
/* cmd_assess.c */
int cmd_record(struct cli *cli, int argc, char **argv);
int cmd_history(struct cli *cli, int argc, char **argv);
int cmd_show(struct cli *cli, int argc, char **argv);
int cmd_amend(struct cli *cli, int argc, char **argv);
int cmd_void(struct cli *cli, int argc, char **argv);
/* cmd_due.c */
int cmd_due(struct cli *cli, int argc, char **argv);
int cmd_monitor(struct cli *cli, int argc, char **argv);
int cmd_skip(struct cli *cli, int argc, char **argv);
int cmd_protocol_install(struct cli *cli, int argc, char **argv);
int cmd_protocol_show(struct cli *cli, int argc, char **argv);
/* Not-done records, named N12: show, amend and void send them here. */
bool cli_is_not_done_id(const char *text);
int cli_not_done_show(struct cli *cli, const char *id_text);
int cli_not_done_amend(struct cli *cli, const char *id_text, const char *why_text,
                       const char *note, const char *reason);
int cli_not_done_void(struct cli *cli, const char *id_text, const char *reason);
/* cmd_audit.c */
int cmd_audit_verify(struct cli *cli, int argc, char **argv);
int cmd_backup(struct cli *cli, int argc, char **argv);
/* cmd_settings.c */
int cmd_settings(struct cli *cli, int argc, char **argv);
int cmd_settings_set(struct cli *cli, int argc, char **argv);
/* cmd_import.c */
int cmd_patient_import(struct cli *cli, int argc, char **argv);
/* cmd_export.c */
int cmd_shift(struct cli *cli, int argc, char **argv);
int cmd_export_shift(struct cli *cli, int argc, char **argv);
int cmd_export_observations(struct cli *cli, int argc, char **argv);

#endif
