/* entries.c - one chart entry of the patient screen (a dose given, vital
 * signs, a note, a last use): Enter shows it in full, with who, when, its
 * flags and its corrections; a corrects it (what it says, and the time, for
 * a reason: vigil_chart_amend); v marks it entered in error (for a reason:
 * vigil_chart_void). The original always stays, marked. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "view.h"

static void name_of(const vigil_chart_entry *e, char *buf, size_t size)
{
	vigil_chart_entry_name(e->kind, e->id, buf, size);
}

/* "final", "corrected", "amended", "in error": the core's words. */
static const char *status_words(const vigil_chart_entry *e)
{
	return vigil_assess_status_word(e->status, e->supersedes != 0);
}

/* A value flagged by a protocol in force: why ("hr 130 > 120"). */
static bool flag_why(const struct tui *t, vigil_vital v, int value, char *why, size_t size)
{
	for (size_t i = 0; i < vigil_protocols_count(t->protocols); i++)
		if (vigil_protocol_vital_flag(vigil_protocols_at(t->protocols, i), v, value, why,
		                              size))
			return true;
	return false;
}

/* ---- in full -------------------------------------------------------- */

static void vitals_paras(struct tui *t, struct dialog *d, const vigil_chart_entry *e)
{
	for (int v = 0; v < VIGIL_VITAL_COUNT; v++) {
		char value[VIGIL_VITAL_TEXT_MAX], why[VIGIL_VITAL_WHY_MAX] = "";
		if (!e->vitals.has[v])
			continue;
		vigil_vital_value_format((vigil_vital)v, e->vitals.value[v], value, sizeof value);
		bool flag = flag_why(t, (vigil_vital)v, e->vitals.value[v], why, sizeof why);
		dialog_para(d, "%s: %s%s%s", vigil_vital_label((vigil_vital)v), value,
		            flag ? "  ! flagged: " : "", why);
	}
	if (e->vitals.assessment_id)
		dialog_para(d, "Taken with assessment %lld.", (long long)e->vitals.assessment_id);
}

static void what_paras(struct tui *t, struct dialog *d, const vigil_chart_entry *e,
                       const char *name)
{
	char words[200], at[VIGIL_TIME_LOCAL_LEN], entered[VIGIL_TIME_LOCAL_LEN], ago[32];
	const vigil_substance *sub = NULL;
	vigil_time_format_local(e->at, at, sizeof at);
	vigil_time_format_local(e->entered_at, entered, sizeof entered);
	switch (e->kind) {
	case VIGIL_CHART_DOSE:
		vigil_dose_words(&e->dose, words, sizeof words);
		dialog_para(d, "Dose %s: %s given; %s", name, words, status_words(e));
		dialog_para(d, "Given %s by %s; entered %s by %s%s", at, e->performer, entered,
		            e->entered_by, e->late ? " (late entry)" : "");
		if (e->dose.reason[0])
			dialog_para(d, "Reason: %s", e->dose.reason);
		break;
	case VIGIL_CHART_VITALS:
		dialog_para(d, "Vital signs %s: %s", name, status_words(e));
		dialog_para(d, "Taken %s by %s; entered %s by %s%s", at, e->performer, entered,
		            e->entered_by, e->late ? " (late entry)" : "");
		vitals_paras(t, d, e);
		break;
	case VIGIL_CHART_NOTE:
		dialog_para(d, "Note %s: %s", name, status_words(e));
		dialog_para(d, "Written for %s by %s; entered %s by %s%s", at, e->performer, entered,
		            e->entered_by, e->late ? " (late entry)" : "");
		break;
	case VIGIL_CHART_LAST_USE:
		vigil_substances_lookup(vigil_protocols_drugs(t->protocols), e->substance, &sub, NULL);
		vigil_duration_format(t->now - e->at, ago, sizeof ago);
		dialog_para(d, "Last use %s: %s; %s", name, sub ? sub->label : e->substance,
		            status_words(e));
		dialog_para(d, "Last used %s (%s before now); recorded %s by %s", at, ago, entered,
		            e->entered_by);
		break;
	default: break;
	}
}

void chart_entry_detail(struct tui *t, const vigil_chart_entry *e)
{
	char name[32], fixed[VIGIL_TIME_LOCAL_LEN];
	name_of(e, name, sizeof name);
	vigil_time_format_local(e->corrected_at, fixed, sizeof fixed);
	static const char *const titles[VIGIL_CHART_KINDS] = {
		[VIGIL_CHART_DOSE] = "Dose given", [VIGIL_CHART_VITALS] = "Vital signs",
		[VIGIL_CHART_NOTE] = "Note",       [VIGIL_CHART_LAST_USE] = "Last use",
	};
	struct dialog *d = dialog_open(t, DIALOG_TEXT,
	                               e->kind < VIGIL_CHART_KINDS ? titles[e->kind] : "", NULL, NULL);
	what_paras(t, d, e, name);
	if (e->status == VIGIL_ASSESS_AMENDED)
		dialog_para(d, "Amended by %c%lld, %s by %s: %s", vigil_chart_kind_letter(e->kind),
		            (long long)e->superseded_by, fixed, e->corrected_by, e->correction_reason);
	if (e->status == VIGIL_ASSESS_VOIDED)
		dialog_para(d, "Entered in error, %s by %s: %s", fixed, e->corrected_by,
		            e->correction_reason);
	if (e->supersedes)
		dialog_para(d, "Corrects %c%lld: %s", vigil_chart_kind_letter(e->kind),
		            (long long)e->supersedes, e->amend_reason);
	if (e->note[0]) {
		dialog_para(d, "%s", "");
		dialog_para(d, "%s%s", e->kind == VIGIL_CHART_NOTE ? "" : "Note: ", e->note);
	}
}

/* ---- entered in error ----------------------------------------------- */

static bool void_yes(struct tui *t, struct dialog *d)
{
	vigil_error err;
	vigil_chart_entry *e = malloc(sizeof *e);
	vigil_status s = e ? vigil_chart_get(&t->session, d->id, e, &err)
	                   : vigil_fail(&err, VIGIL_ENOMEM, "out of memory");
	if (s == VIGIL_OK)
		s = vigil_chart_void(&t->session, d->id, d->fields[0].text, &err);
	if (s != VIGIL_OK) {
		snprintf(d->error, sizeof d->error, "%s", err.msg);
		free(e);
		return false; /* the reason typed stays */
	}
	char name[32];
	const char *words = vigil_chart_kind_words(e->kind);
	name_of(e, name, sizeof name);
	free(e);
	tui_chart_saved(t, d->id);
	tui_info(t, "Marked %s %s entered in error; it stays readable.", words, name);
	return true;
}

void chart_entry_void(struct tui *t, const vigil_chart_entry *e)
{
	char name[32], when[VIGIL_TIME_LOCAL_LEN], what[VIGIL_TEXT_BYTES(80)];
	name_of(e, name, sizeof name);
	vigil_time_format_local(e->at, when, sizeof when);
	if (e->kind == VIGIL_CHART_DOSE) {
		char words[160];
		vigil_dose_words(&e->dose, words, sizeof words);
		snprintf(what, sizeof what, "%s given", words);
	} else if (e->kind == VIGIL_CHART_VITALS) {
		vigil_vitals_words(&e->vitals, t->protocols, what, sizeof what);
	} else if (e->kind == VIGIL_CHART_LAST_USE) {
		snprintf(what, sizeof what, "last used %s", e->substance);
	} else {
		vigil_copy(what, sizeof what, e->note);
	}
	struct dialog *d = dialog_open(t, DIALOG_FORM, "Entered in error", void_yes, NULL);
	d->id = e->id;
	dialog_para(d, "Mark %s %s (%s, %s by %s) entered in error?",
	            vigil_chart_kind_words(e->kind), name, what, when, e->performer);
	dialog_para(d, "%s", "");
	dialog_para(d, "It stays readable, marked entered-in-error, and no longer counts. Give "
	               "the reason, then Enter; Esc cancels.");
	dialog_field(d, "Reason", VIGIL_REASON_MAX);
}

/* ---- amend ---------------------------------------------------------- */

/* The fields of each kind's correction, in order; the reason is last. */
enum { AD_AMOUNT, AD_UNIT, AD_ROUTE, AD_TIME, AD_REASON };
enum { AV_HR, AV_BP, AV_TEMP, AV_RR, AV_SPO2, AV_TIME, AV_REASON };
enum { AT_NOTE, AT_REASON };
enum { AU_SUBSTANCE, AU_WHEN, AU_REASON };

static const vigil_vital vitals_order[] = { VIGIL_VITAL_HR, VIGIL_VITAL_SYS, VIGIL_VITAL_TEMP,
	                                    VIGIL_VITAL_RR, VIGIL_VITAL_SPO2 };

/* The time typed: the entry's own when it still reads as shown (so its
 * seconds are kept), else as typed. */
static vigil_status typed_time(struct tui *t, const vigil_chart_entry *e, const char *text,
                               bool ago, vigil_time *out, vigil_error *err)
{
	char shown[VIGIL_TIME_LOCAL_LEN];
	vigil_time_format_local(e->at, shown, sizeof shown);
	if (strcmp(shown, text) == 0) {
		*out = e->at;
		return VIGIL_OK;
	}
	return ago ? tui_parse_used_at(t, text, out, err) : tui_parse_when(t, text, out, err);
}

static vigil_status fix_dose(struct tui *t, struct dialog *d, vigil_chart_entry *fix,
                             vigil_error *err)
{
	vigil_dose_input in = { .drug = fix->dose.drug, .amount = d->fields[AD_AMOUNT].text,
		                .unit = d->fields[AD_UNIT].text, .route = d->fields[AD_ROUTE].text,
		                .kind = fix->dose.kind, .reason = fix->dose.reason,
		                .note = fix->note };
	vigil_dose dose;
	vigil_status s = vigil_dose_check(t->protocols, &in, &dose, err);
	if (s == VIGIL_OK)
		s = typed_time(t, fix, d->fields[AD_TIME].text, false, &fix->at, err);
	if (s == VIGIL_OK)
		fix->dose = dose; /* as the core reads it: canonical unit and route */
	return s;
}

static vigil_status fix_vitals(struct tui *t, struct dialog *d, vigil_chart_entry *fix,
                               vigil_error *err)
{
	vigil_vitals_input in = { .note = fix->note, .assessment_id = fix->vitals.assessment_id };
	char bp[sizeof d->fields[0].text + 4];
	vigil_status s = VIGIL_OK;
	for (size_t i = 0; i < sizeof vitals_order / sizeof vitals_order[0]; i++)
		if (vitals_order[i] != VIGIL_VITAL_SYS)
			in.value[vitals_order[i]] = d->fields[i].text;
	if (d->fields[AV_BP].text[0]) {
		snprintf(bp, sizeof bp, "bp=%s", d->fields[AV_BP].text);
		s = vigil_vitals_arg(bp, &in, err);
	}
	vigil_vitals v;
	if (s == VIGIL_OK)
		s = vigil_vitals_check(&in, &v, err);
	if (s == VIGIL_OK)
		s = typed_time(t, fix, d->fields[AV_TIME].text, false, &fix->at, err);
	if (s == VIGIL_OK)
		fix->vitals = v;
	return s;
}

static bool amend_yes(struct tui *t, struct dialog *d)
{
	vigil_error err;
	vigil_chart_entry *fix = malloc(sizeof *fix);
	vigil_status s = fix ? vigil_chart_get(&t->session, d->id, fix, &err)
	                     : vigil_fail(&err, VIGIL_ENOMEM, "out of memory");
	const char *reason = d->fields[d->nfields - 1].text, *key = NULL;
	int64_t new_id = 0;
	if (s == VIGIL_OK) {
		switch (fix->kind) {
		case VIGIL_CHART_DOSE: s = fix_dose(t, d, fix, &err); break;
		case VIGIL_CHART_VITALS: s = fix_vitals(t, d, fix, &err); break;
		case VIGIL_CHART_NOTE: vigil_copy(fix->note, sizeof fix->note, d->fields[AT_NOTE].text); break;
		case VIGIL_CHART_LAST_USE:
			s = tui_parse_substance(t, d->fields[AU_SUBSTANCE].text, &key, &err);
			if (s == VIGIL_OK)
				vigil_copy(fix->substance, sizeof fix->substance, key);
			if (s == VIGIL_OK)
				s = typed_time(t, fix, d->fields[AU_WHEN].text, true, &fix->at, &err);
			break;
		default: break;
		}
	}
	if (s == VIGIL_OK)
		s = vigil_chart_amend(&t->session, t->protocols, d->id, fix, reason, &new_id, &err);
	if (s != VIGIL_OK) {
		snprintf(d->error, sizeof d->error, "%s", err.msg);
		free(fix);
		return false;
	}
	char old[32], now[32];
	vigil_chart_entry_name(fix->kind, d->id, old, sizeof old);
	vigil_chart_entry_name(fix->kind, new_id, now, sizeof now);
	free(fix);
	tui_chart_saved(t, new_id);
	tui_info(t, "%s corrected by %s; %s stays, marked amended.", old, now, old);
	return true;
}

static void amend_fields(struct tui *t, struct dialog *d, const vigil_chart_entry *e)
{
	char when[VIGIL_TIME_LOCAL_LEN], value[VIGIL_TEXT_BYTES(40)];
	vigil_time_format_local(e->at, when, sizeof when);
	switch (e->kind) {
	case VIGIL_CHART_DOSE:
		vigil_amount_format(e->dose.amount, value, sizeof value);
		field_set(dialog_field(d, "Amount", 12), value);
		field_set(dialog_field(d, "Unit", VIGIL_DRUG_UNIT_MAX), e->dose.unit);
		field_set(dialog_field(d, "Route", VIGIL_DRUG_ROUTE_MAX), e->dose.route);
		field_set(dialog_field(d, "Given at", 40), when);
		break;
	case VIGIL_CHART_VITALS:
		for (size_t i = 0; i < sizeof vitals_order / sizeof vitals_order[0]; i++) {
			vigil_vital v = vitals_order[i];
			value[0] = '\0';
			if (e->vitals.has[v] && v == VIGIL_VITAL_SYS)
				snprintf(value, sizeof value, "%d/%d", e->vitals.value[VIGIL_VITAL_SYS],
				         e->vitals.value[VIGIL_VITAL_DIA]);
			else if (e->vitals.has[v])
				vigil_vital_value_format(v, e->vitals.value[v], value, sizeof value);
			field_set(dialog_field(d, v == VIGIL_VITAL_SYS ? "BP" : vigil_vital_label(v), 16),
			          value);
		}
		field_set(dialog_field(d, "Taken at", 40), when);
		break;
	case VIGIL_CHART_NOTE: field_set(dialog_field(d, "Note", VIGIL_NOTE_MAX), e->note); break;
	case VIGIL_CHART_LAST_USE:
		field_set(dialog_field(d, "Substance", VIGIL_DRUG_KEY_MAX), e->substance);
		field_set(dialog_field(d, "When", 40), when);
		break;
	default: break;
	}
	(void)t;
	dialog_field(d, "Reason for the correction", VIGIL_REASON_MAX);
}

void chart_entry_amend(struct tui *t, const vigil_chart_entry *e)
{
	char name[32];
	name_of(e, name, sizeof name);
	struct dialog *d = dialog_open(t, DIALOG_FORM, "Correct", amend_yes, NULL);
	d->id = e->id;
	dialog_para(d, "Correct %s %s: change what was wrong, then give the reason. The original "
	               "stays, marked amended. Enter moves to the next field, then saves; Esc "
	               "cancels.", vigil_chart_kind_words(e->kind), name);
	if (e->kind == VIGIL_CHART_LAST_USE)
		tui_substance_paras(t, d);
	amend_fields(t, d, e);
}
