/* commands.h - one function per command; each file implements a group */
#ifndef VIGIL_CLI_COMMANDS_H
#define VIGIL_CLI_COMMANDS_H

#include "cli.h"
#include "vigil/chart.h"

/* cmd_setup.c */
int cmd_init(struct cli *cli, int argc, char **argv);
int cmd_demo(struct cli *cli, int argc, char **argv);
/* cmd_user.c */
int cmd_user_add(struct cli *cli, int argc, char **argv);
int cmd_user_list(struct cli *cli, int argc, char **argv);
int cmd_user_disable(struct cli *cli, int argc, char **argv);
int cmd_user_enable(struct cli *cli, int argc, char **argv);
int cmd_user_unlock(struct cli *cli, int argc, char **argv);
int cmd_user_reset(struct cli *cli, int argc, char **argv);
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
/* cmd_chart.c */
int cmd_vitals(struct cli *cli, int argc, char **argv);
int cmd_note(struct cli *cli, int argc, char **argv);
/* Chart entries named D12, V12, T12, U12: show, amend and void send them
 * here. */
bool cli_is_chart_name(const char *text);
int cli_chart_show(struct cli *cli, const char *name);
int cli_chart_void(struct cli *cli, const char *name, const char *reason);
/* What amend may change in a chart entry, as given (NULL: unchanged). */
struct cli_chart_fix {
	const char *at;       /* every kind */
	vigil_time at_time;   /* at, parsed */
	const char *drug, *amount, *unit, *route, *why; /* a dose (why: the reason given) */
	bool prn, scheduled;
	const char *note;     /* a dose, vital signs, a last use */
	const char *text;     /* a note's text */
	const char *kind;     /* a last use's substance */
	const char *reason;   /* why it is corrected */
};
/* words: vital signs (hr=90) for V12. */
int cli_chart_amend(struct cli *cli, const char *name, struct cli_chart_fix *fix,
                    const char *const *words, size_t n);
/* The first option given that only chart entries take (chart_only: not
 * --why or --note, which correct not-done records too), or NULL. */
const char *cli_chart_fix_option(const struct cli_chart_fix *fix, bool chart_only);
/* "given buprenorphine 4 mg SL", "HR 130!  BP 120/80", a note's text,
 * "last use fentanyl": one entry in a line, as history lists it. */
void cli_chart_what(const vigil_chart_entry *e, const vigil_protocols *protocols, char *buf,
                    size_t size);
/* "dose D12 given: buprenorphine 4 mg SL at 10:05", "vital signs V13
 * (corrects V12) at 10:05: HR 90" and its flag, "note T12 at 10:05",
 * "last use U12: fentanyl at 2026-11-20 18:00". */
void cli_chart_print_saved(const vigil_chart_entry *e, const vigil_protocols *protocols,
                           vigil_time now);
/* Reads the entry id just saved and prints it as cli_chart_print_saved. */
int cli_chart_print_id(vigil_session *session, const vigil_protocols *protocols, int64_t id);
/* Reads hr=88 bp=120/80 ... into in (values point into copies, which must
 * outlive it); a vital sign given twice is refused. */
#define CLI_VITAL_WORD_BYTES 64
int cli_vital_words(const char *const *words, size_t n, char (*copies)[CLI_VITAL_WORD_BYTES],
                    vigil_vitals_input *in);
/* Whether word ("hr=100") names a vital sign: hr, bp, temp, rr, spo2. */
bool cli_is_vital_key(const char *word);
/* cmd_dose.c */
int cmd_dose(struct cli *cli, int argc, char **argv);
int cmd_patient_last_use(struct cli *cli, int argc, char **argv);
int cmd_readiness(struct cli *cli, int argc, char **argv);
int cmd_drugs(struct cli *cli, int argc, char **argv);
int cmd_drugs_install(struct cli *cli, int argc, char **argv);
/* Applies a dose's options to fix (the stored dose), checked as a new
 * dose would be. */
int cli_dose_fix(const struct cli_chart_fix *f, const vigil_protocols *protocols,
                 vigil_chart_entry *fix);
/* cmd_audit.c */
int cmd_audit_verify(struct cli *cli, int argc, char **argv);
int cmd_audit_log(struct cli *cli, int argc, char **argv);
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
int cmd_export_doses(struct cli *cli, int argc, char **argv);
int cmd_export_vitals(struct cli *cli, int argc, char **argv);
int cmd_export_notes(struct cli *cli, int argc, char **argv);

#endif
