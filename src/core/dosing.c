/* dosing.c - what a dose sets off: the reassessments it makes due and the
 * protocol's 24-hour maximum; and vital signs in words with their flags.
 * The rules are the protocols' (protocol.h); this file applies them to
 * the chart (chart.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chart_internal.h"
#include "vigil/due.h"
#include "vigil/store.h"

/* ---- totals over 24 hours ---------------------------------------------- */

struct sum {
	const char *unit;
	int64_t total;
	bool overflow;
};

static int add_unit(const char *unit, int64_t total, void *ctx)
{
	struct sum *sum = ctx;
	int64_t in;
	/* Only amounts that convert exactly count (mL does not become mg). */
	if (vigil_amount_convert(total, unit, sum->unit, &in)) {
		if (in > INT64_MAX - sum->total)
			sum->overflow = true;
		else
			sum->total += in;
	}
	return 0;
}

static vigil_status total_24h(vigil_session *session, int64_t patient_id, const char *drug,
                              const char *unit, vigil_time at, int64_t *total,
                              vigil_error *err)
{
	struct sum sum = { .unit = unit };
	vigil_status s = vigil_store_dose_sums(session->db, patient_id, drug, at - 24 * 3600 + 1,
	                                       at, add_unit, &sum, err);
	*total = sum.overflow ? INT64_MAX : sum.total;
	return s;
}

vigil_status vigil_dose_total_24h(vigil_session *session, const char *mrn, const char *drug,
                                  const char *unit, vigil_time at, int64_t *total,
                                  vigil_error *err)
{
	vigil_patient p;
	vigil_status s = vigil_require(session, VIGIL_ACT_VIEW, err);
	if (s == VIGIL_OK)
		s = vigil_patient_get(session, mrn, &p, err);
	if (s == VIGIL_OK)
		s = total_24h(session, p.id, drug, unit, at, total, err);
	return s;
}

/* The first max-24h line for the drug among the protocols in force. */
static const vigil_dose_cap *cap_for(const vigil_protocols *protocols, const char *drug)
{
	for (size_t i = 0; i < vigil_protocols_count(protocols); i++) {
		const vigil_dose_cap *cap = vigil_protocol_dose_cap(vigil_protocols_at(protocols, i),
		                                                    drug);
		if (cap)
			return cap;
	}
	return NULL;
}

/* "lorazepam 13 mg in 24 h: over the protocol's 12 mg: tell the clinician" */
static void cap_words(const vigil_dose_cap *cap, int64_t total, char *buf, size_t size)
{
	char given[VIGIL_AMOUNT_TEXT_MAX], most[VIGIL_AMOUNT_TEXT_MAX];
	vigil_amount_format(total, given, sizeof given);
	vigil_amount_format(cap->amount, most, sizeof most);
	snprintf(buf, size, "%s %s %s in 24 h: %s the protocol's %s %s: tell the clinician",
	         cap->drug, given, cap->unit, total > cap->amount ? "over" : "reaches", most,
	         cap->unit);
}

vigil_status vigil_dose_caps(vigil_session *session, const vigil_protocols *protocols,
                             const vigil_patient *patient, vigil_time now, vigil_cap_flags *out,
                             vigil_error *err)
{
	memset(out, 0, sizeof *out);
	const char *seen[VIGIL_PROTOCOL_DOSE_RULES_MAX * 4];
	size_t nseen = 0;
	vigil_status s = VIGIL_OK;
	for (size_t i = 0; s == VIGIL_OK && i < vigil_protocols_count(protocols); i++) {
		const vigil_protocol *p = vigil_protocols_at(protocols, i);
		for (size_t c = 0; s == VIGIL_OK && c < p->ndose_caps; c++) {
			const vigil_dose_cap *cap = &p->dose_caps[c];
			bool dup = false;
			for (size_t k = 0; k < nseen; k++)
				dup |= !strcasecmp(seen[k], cap->drug);
			if (dup || nseen == sizeof seen / sizeof seen[0])
				continue;
			seen[nseen++] = cap->drug;
			int64_t total;
			s = total_24h(session, patient->id, cap->drug, cap->unit, now, &total, err);
			if (s == VIGIL_OK && total >= cap->amount && out->n < VIGIL_CAP_FLAGS_MAX)
				cap_words(cap, total, out->text[out->n++], sizeof out->text[0]);
		}
	}
	return s;
}

/* ---- recording a dose -------------------------------------------------- */

/* What the dose just saved makes due: each monitored scale the drug
 * treats, at the time the patient's state now gives it. */
static vigil_status due_effects(vigil_session *session, const vigil_protocols *protocols,
                                const vigil_patient *p, const vigil_chart_entry *e,
                                vigil_dose_effects *fx, vigil_error *err)
{
	const vigil_drug *drug = vigil_drugs_find(vigil_protocols_drugs(protocols), e->dose.drug);
	vigil_patient_state *st = malloc(sizeof *st);
	if (!st)
		return vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	vigil_status s = vigil_patient_state_load(session, protocols, p, st, err);
	char dose[80], at[VIGIL_TIME_LOCAL_LEN], due[VIGIL_TIME_LOCAL_LEN];
	vigil_dose_words(&e->dose, dose, sizeof dose);
	vigil_time_format_local(e->at, at, sizeof at);
	for (size_t i = 0; s == VIGIL_OK && i < st->nscales; i++) {
		const vigil_scale_state *sc = &st->scales[i];
		if (!sc->timed || !vigil_drug_treats(drug, sc->scale) ||
		    fx->ndue == VIGIL_DOSE_EFFECTS_MAX)
			continue;
		char *line = fx->due[fx->ndue++];
		size_t size = sizeof fx->due[0];
		/* Charted late, before the scale's latest assessment: that
		 * assessment was its reassessment, and the clock runs from it. */
		vigil_time base = sc->has_last ? sc->last_at : sc->active_since;
		if (e->at < base) {
			vigil_time_format_local(base, due, sizeof due);
			char next[VIGIL_TIME_LOCAL_LEN], text[400];
			vigil_time_format_local(sc->due_at, next, sizeof next);
			snprintf(text, sizeof text, "%s at %s was before the latest %s (%s): %s due %s",
			         dose, at + 11, sc->def->name, due + 11, sc->def->name,
			         strncmp(next, at, 10) ? next : next + 11);
			vigil_copy(line, size, text);
			continue;
		}
		/* The dose's own reassessment, and the scale's due time when that
		 * comes first (an assessment already overdue stays so). */
		vigil_time own = e->at + vigil_protocol_after_dose(sc->protocol, e->dose.drug);
		vigil_time_format_local(own, due, sizeof due);
		int len = snprintf(line, size, "after %s at %s: %s due %s", dose, at + 11,
		                   sc->def->name, strncmp(due, at, 10) ? due : due + 11);
		if (sc->due_at < own && len > 0 && (size_t)len < size) {
			vigil_time_format_local(sc->due_at, due, sizeof due);
			snprintf(line + len, size - (size_t)len, " (already due %s)",
			         strncmp(due, at, 10) ? due : due + 11);
		}
	}
	free(st);
	return s;
}

static vigil_status cap_effect(vigil_session *session, const vigil_protocols *protocols,
                               const vigil_chart_entry *e, vigil_dose_effects *fx,
                               vigil_error *err)
{
	const vigil_dose_cap *cap = cap_for(protocols, e->dose.drug);
	if (!cap)
		return VIGIL_OK;
	int64_t total;
	vigil_status s = total_24h(session, e->patient_id, cap->drug, cap->unit, e->at, &total,
	                           err);
	if (s == VIGIL_OK && total >= cap->amount) {
		fx->over_cap = true;
		cap_words(cap, total, fx->cap, sizeof fx->cap);
	}
	return s;
}

vigil_status vigil_dose_record(vigil_session *session, const vigil_protocols *protocols,
                               const vigil_dose_input *in, int64_t *id_out,
                               vigil_dose_effects *effects, vigil_error *err)
{
	vigil_dose dose;
	vigil_chart_entry e;
	vigil_dose_effects fx = { .ndue = 0 };
	vigil_patient p;
	bool began;
	vigil_status s = vigil_require(session, VIGIL_ACT_CHART, err);
	if (s == VIGIL_OK)
		s = vigil_dose_check(protocols, in, &dose, err);
	if (s == VIGIL_OK)
		s = vigil_db_change_begin(session->db, &began, err);
	if (s != VIGIL_OK)
		return s;
	s = chart_new_entry(session, in->mrn, VIGIL_CHART_DOSE, in->at, &e, err);
	if (s == VIGIL_OK) {
		e.dose = dose;
		vigil_copy(e.note, sizeof e.note, in->note ? in->note : "");
		s = vigil_store_chart_insert(session->db, session->user.name, &e, err);
	}
	s = vigil_db_change_end(session->db, began, s, err);
	/* Saved: what follows only reads, and its failure does not undo it. */
	if (s == VIGIL_OK && id_out)
		*id_out = e.id;
	if (s == VIGIL_OK && effects) {
		vigil_error ignored;
		if (vigil_patient_get(session, e.mrn, &p, &ignored) == VIGIL_OK &&
		    due_effects(session, protocols, &p, &e, &fx, &ignored) == VIGIL_OK)
			cap_effect(session, protocols, &e, &fx, &ignored);
		*effects = fx;
	}
	return s;
}

/* ---- vital signs in words ---------------------------------------------- */

bool vigil_vitals_flagged(const vigil_vitals *v, const vigil_protocols *protocols, char *why,
                          size_t size)
{
	if (why && size)
		why[0] = '\0';
	for (int k = 0; k < VIGIL_VITAL_COUNT; k++) {
		if (!v->has[k])
			continue;
		for (size_t i = 0; i < vigil_protocols_count(protocols); i++)
			if (vigil_protocol_vital_flag(vigil_protocols_at(protocols, i), (vigil_vital)k,
			                              v->value[k], why, size))
				return true;
	}
	return false;
}

static bool value_flagged(const vigil_protocols *protocols, vigil_vital k, int value)
{
	for (size_t i = 0; i < vigil_protocols_count(protocols); i++)
		if (vigil_protocol_vital_flag(vigil_protocols_at(protocols, i), k, value, NULL, 0))
			return true;
	return false;
}

void vigil_vitals_words(const vigil_vitals *v, const vigil_protocols *protocols, char *buf,
                        size_t size)
{
	static const char *const label[VIGIL_VITAL_COUNT] = {
		[VIGIL_VITAL_HR] = "HR", [VIGIL_VITAL_SYS] = "BP", [VIGIL_VITAL_DIA] = "",
		[VIGIL_VITAL_TEMP] = "T", [VIGIL_VITAL_RR] = "RR", [VIGIL_VITAL_SPO2] = "SpO2",
	};
	size_t len = 0;
	buf[0] = '\0';
	for (int k = 0; k < VIGIL_VITAL_COUNT && len < size; k++) {
		if (!v->has[k])
			continue;
		char value[VIGIL_VITAL_TEXT_MAX];
		vigil_vital_value_format((vigil_vital)k, v->value[k], value, sizeof value);
		const char *mark = value_flagged(protocols, (vigil_vital)k, v->value[k]) ? "!" : "";
		if (k == VIGIL_VITAL_DIA)
			len += (size_t)snprintf(buf + len, size - len, "/%s%s", value, mark);
		else
			len += (size_t)snprintf(buf + len, size - len, "%s%s %s%s", len ? "  " : "",
			                        label[k], value, mark);
	}
}
