/* admit.c - the admit, discharge and move dialogs. The core checks the role, the
 * MRN, the name and bed; a refusal is shown in the dialog with what was
 * typed kept. The admit form also asks, optionally, what the patient last
 * used and when (more may be added later with U). */
#include <stdio.h>

#include "dialog.h"
#include "view.h"
#include "vigil/chart.h"

enum { F_MRN, F_NAME, F_BED, F_USED, F_WHEN };

/* The last use typed, checked before the patient is admitted so that a
 * mistake in it admits nobody: *key NULL when none was typed. */
static vigil_status typed_last_use(struct tui *t, struct dialog *d, const char **key,
                                   vigil_time *at, vigil_error *err)
{
	*key = NULL;
	*at = 0;
	if (!d->fields[F_USED].text[0] && !d->fields[F_WHEN].text[0])
		return VIGIL_OK;
	vigil_status s = tui_parse_substance(t, d->fields[F_USED].text, key, err);
	if (s == VIGIL_OK)
		s = tui_parse_used_at(t, d->fields[F_WHEN].text, at, err);
	if (s == VIGIL_OK && !*at)
		s = vigil_fail(err, VIGIL_EINVAL, "last use of %s: when was it? (a time is needed)",
		               *key);
	if (s == VIGIL_OK && *at > t->now)
		s = vigil_fail(err, VIGIL_EINVAL, "last use of %s is in the future", *key);
	return s;
}

static bool admit_yes(struct tui *t, struct dialog *d)
{
	vigil_patient p;
	vigil_error err;
	const char *key;
	char used_key[VIGIL_DRUG_KEY_MAX + 1] = ""; /* the list it points into is read again below */
	vigil_time at;
	int64_t id = 0;
	if (typed_last_use(t, d, &key, &at, &err) != VIGIL_OK ||
	    vigil_patient_admit(&t->session, d->fields[F_MRN].text, d->fields[F_NAME].text,
	                        d->fields[F_BED].text, 0, &p, &err) != VIGIL_OK) {
		snprintf(d->error, sizeof d->error, "%s", err.msg);
		return false;
	}
	/* Admitted: a refusal of the last use now is said, not undone. */
	const char *used = NULL;
	if (key) {
		vigil_copy(used_key, sizeof used_key, key);
		used = used_key;
	}

	bool used_ok = !used || vigil_last_use_record(&t->session, t->protocols, p.mrn, used, at,
	                                              NULL, &id, &err) == VIGIL_OK;

	board_reload(t);
	board_select(t, p.id);
	if (!used_ok)
		tui_error(t, "Admitted %s (%s), but the last use was not recorded: %s", p.name, p.mrn,
		          err.msg);
	else if (used)
		tui_info(t, "Admitted %s (%s)%s%s; last used %s (U%lld).", p.name, p.mrn,
		         p.bed[0] ? " to bed " : "", p.bed, used, (long long)id);
	else
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
	dialog_para(d, "Admitted as of now. MRN: letters, digits and '-'. Last used (optional): "
	               "the number or the word, and when: how long ago (16h) or the time "
	               "(HH:MM, YYYY-MM-DD HH:MM). Enter moves to the next field, then admits; "
	               "Esc cancels.");
	tui_substance_paras(t, d);
	dialog_field(d, "MRN", VIGIL_MRN_MAX);
	dialog_field(d, "Name", VIGIL_FULL_NAME_MAX);
	dialog_field(d, "Bed", VIGIL_BED_MAX);
	dialog_field(d, "Last used", VIGIL_DRUG_KEY_MAX);
	dialog_field(d, "When", 40);
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
