/* commands.c - the command table: dispatch, usage and --help come from it */
#include "cli.h"
#include "commands.h"

const struct cli_command cli_commands[] = {
	{ "init", cmd_init, "--admin NAME [--name \"Full Name\"]",
	  "create the database and its first admin" },
	{ "demo", cmd_demo, "", "create a new database holding a realistic demo ward" },
	{ "user add", cmd_user_add, "NAME --role ROLE [--name \"Full Name\"]", "add a user (admin)" },
	{ "user list", cmd_user_list, "", "list users (admin)" },
	{ "user disable", cmd_user_disable, "NAME", "disable a user (admin)" },
	{ "passwd", cmd_passwd, "", "change your own password" },
	{ "patient admit", cmd_patient_admit, "MRN --name \"Full Name\" [--bed BED] [--at TIME]",
	  "admit a patient" },
	{ "patient discharge", cmd_patient_discharge, "MRN [--at TIME]", "discharge a patient" },
	{ "patient list", cmd_patient_list, "[--all]",
	  "patients on the ward (--all: discharged too)" },
	{ "scales", cmd_scales, "[SCALE]", "list scales, or one scale's items, scores and anchors" },
	{ "score", cmd_score, "SCALE ITEM=SCORE...", "calculate a total without saving" },
	{ "record", cmd_record,
	  "MRN SCALE ITEM=SCORE... [--at TIME] [--reason TEXT] [--note TEXT]",
	  "record an assessment" },
	{ "history", cmd_history, "MRN [--scale SCALE] [--all]",
	  "a patient's assessments, newest first" },
	{ "show", cmd_show, "ID", "one assessment with every item score" },
	{ "amend", cmd_amend, "ID ITEM=SCORE... --reason TEXT",
	  "correct an assessment (items not named keep their score)" },
	{ "void", cmd_void, "ID --reason TEXT", "mark an assessment entered in error" },
	{ "audit verify", cmd_audit_verify, "[--head HASH]", "check the audit log and every record (admin)" },
	{ "backup", cmd_backup, "FILE", "a consistent copy of the database, in use or not (admin)" },
	{ "patient import", cmd_patient_import, "FILE",
	  "admit the patients in a CSV file, all or none" },
	{ "shift", cmd_shift, "[--date DATE] [--shift NAME]",
	  "a shift's summary per patient and scale" },
	{ "export shift", cmd_export_shift, "[--date DATE] [--shift NAME] [-o FILE] [--force]",
	  "the shift summary as CSV (clinician, admin)" },
	{ "export observations", cmd_export_observations,
	  "[--from TIME] [--to TIME] [--patient MRN] [--scale SCALE] [--all] [-o FILE] [--force]",
	  "assessments as CSV, a column per item (clinician, admin)" },
};

const size_t cli_command_count = sizeof cli_commands / sizeof cli_commands[0];
