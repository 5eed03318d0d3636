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
int cmd_passwd(struct cli *cli, int argc, char **argv);
/* cmd_patient.c */
int cmd_patient_admit(struct cli *cli, int argc, char **argv);
int cmd_patient_discharge(struct cli *cli, int argc, char **argv);
int cmd_patient_list(struct cli *cli, int argc, char **argv);
/* cmd_scale.c */
int cmd_scales(struct cli *cli, int argc, char **argv);
int cmd_score(struct cli *cli, int argc, char **argv);
/* cmd_assess.c */
int cmd_record(struct cli *cli, int argc, char **argv);
int cmd_history(struct cli *cli, int argc, char **argv);
int cmd_show(struct cli *cli, int argc, char **argv);
int cmd_amend(struct cli *cli, int argc, char **argv);
int cmd_void(struct cli *cli, int argc, char **argv);
/* cmd_audit.c */
int cmd_audit_verify(struct cli *cli, int argc, char **argv);
int cmd_backup(struct cli *cli, int argc, char **argv);
/* cmd_import.c */
int cmd_patient_import(struct cli *cli, int argc, char **argv);
/* cmd_export.c */
int cmd_shift(struct cli *cli, int argc, char **argv);
int cmd_export_shift(struct cli *cli, int argc, char **argv);
int cmd_export_observations(struct cli *cli, int argc, char **argv);

#endif
