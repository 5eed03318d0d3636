/* admit.c - the admit, discharge and move dialogs. The core checks the role, the
 * MRN, the name and bed; a refusal is shown in the dialog with what was
 * typed kept. */
#include <stdio.h>

#include "dialog.h"
#include "view.h"

enum { F_MRN, F_NAME, F_BED };

static bool admit_yes(struct tui *t, struct dialog *d)
{
	vigil_patient p;
	vigil_error err;
	if (vigil_patient_admit(&t->session, d->fields[F_MRN].text, d->fields[F_NAME].text,
	                        d->fields[F_BED].text, 0, &p, &err) != VIGIL_OK) {
		snprintf(d->error, sizeof d->error, "%s", err.msg);
		return false;
	}
	board_reload(t);
	board_select(t, p.id);
	tui_info(t, "Admitted %s (%s)%s%s.", p.name, p.mrn, p.bed[0] ? " to bed " : "", p.bed);
	return true;
}

void admit_open(struct tui *t)
{
	vigil_error err;
	if (vigil_require(&t->session, VIGIL_ACT_ADMIT, &err) != VIGIL_OK) {
		tui_error(t, "%s", err.msg);
		return;
	}
	struct dialog *d = dialog_open(t, DIALOG_FORM, "Admit a patient", admit_yes, NULL);
	dialog_para(d, "Admitted as of now. MRN: letters, digits and '-'. Enter moves to the "
	               "next field, then admits; Esc cancels.");
	dialog_field(d, "MRN", VIGIL_MRN_MAX);
	dialog_field(d, "Name", VIGIL_FULL_NAME_MAX);
	dialog_field(d, "Bed", VIGIL_BED_MAX);
}

static bool discharge_yes(struct tui *t, struct dialog *d)
{
	vigil_error err;
	if (vigil_patient_discharge(&t->session, d->patient.mrn, 0, &err) != VIGIL_OK) {
		snprintf(d->error, sizeof d->error, "%s", err.msg);
		return false;
	}
	if (tui_top(t) == VIEW_PATIENT)
		tui_pop(t);
	board_reload(t);
	tui_info(t, "Discharged %s (%s); the records stay.", d->patient.name, d->patient.mrn);
	return true;
}

void discharge_open(struct tui *t, const vigil_patient *p)
{
	vigil_error err;
	if (vigil_require(&t->session, VIGIL_ACT_ADMIT, &err) != VIGIL_OK) {
		tui_error(t, "%s", err.msg);
		return;
	}
	struct dialog *d = dialog_open(t, DIALOG_CONFIRM, "Discharge", discharge_yes, NULL);
	d->only_y = true;
	d->patient = *p;
	dialog_para(d, "Discharge %s (%s), bed %s, now? The patient leaves the board; every "
	               "record stays.", p->name, p->mrn, p->bed[0] ? p->bed : "-");
	dialog_para(d, "%s", "");
	dialog_para(d, "y: discharge    n or Esc: cancel");
}

static bool move_yes(struct tui *t, struct dialog *d)
{
	vigil_error err;
	if (vigil_patient_move(&t->session, d->patient.mrn, d->fields[0].text, &err) !=
	    VIGIL_OK) {
		snprintf(d->error, sizeof d->error, "%s", err.msg);
		return false;
	}
	board_reload(t);
	board_select(t, d->patient.id);
	/* The bed as stored; what was typed if the reload failed. */
	const vigil_patient *p = board_selected(t);
	const char *bed = p && p->id == d->patient.id ? p->bed : d->fields[0].text;
	tui_info(t, "Moved %s (%s) to bed %s.", d->patient.name, d->patient.mrn, bed);
	return true;
}

void move_open(struct tui *t, const vigil_patient *p)
{
	vigil_error err;
	if (vigil_require(&t->session, VIGIL_ACT_ADMIT, &err) != VIGIL_OK) {
		tui_error(t, "%s", err.msg);
		return;
	}
	struct dialog *d = dialog_open(t, DIALOG_FORM, "Move to another bed", move_yes, NULL);
	d->patient = *p;
	dialog_para(d, "Move %s (%s) from bed %s to a free bed. Enter moves; Esc cancels.",
	            p->name, p->mrn, p->bed[0] ? p->bed : "-");
	dialog_field(d, "Bed", VIGIL_BED_MAX);
}
