/* chart.c - doses given, vital signs, notes and last use (chart.h):
 * checking what was typed, recording it, reading it back and correcting
 * it. What a dose sets off (reassessments due, the 24-hour maximum) is in
 * dosing.c; induction readiness in readiness.c. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chart_internal.h"
#include "vigil/correctable.h"
#include "vigil/due.h"
#include "vigil/store.h"

static void measured_vitals(const vigil_assessment *a, const vigil_scale *scale,
                            vigil_vitals *v);

static const struct {
	const char *key, *words;
	char letter;
} kinds[VIGIL_CHART_KINDS] = {
	[VIGIL_CHART_DOSE] = { "dose", "dose", 'D' },
	[VIGIL_CHART_VITALS] = { "vitals", "vital signs", 'V' },
	[VIGIL_CHART_NOTE] = { "note", "note", 'T' },
	[VIGIL_CHART_LAST_USE] = { "last-use", "last use", 'U' },
};

const char *vigil_chart_kind_key(vigil_chart_kind kind)
{
	return kind < VIGIL_CHART_KINDS ? kinds[kind].key : "";
}

const char *vigil_chart_kind_words(vigil_chart_kind kind)
{
	return kind < VIGIL_CHART_KINDS ? kinds[kind].words : "";
}

char vigil_chart_kind_letter(vigil_chart_kind kind)
{
	return kind < VIGIL_CHART_KINDS ? kinds[kind].letter : '?';
}

void vigil_chart_entry_name(vigil_chart_kind kind, int64_t id, char *buf, size_t size)
{
	snprintf(buf, size, "%c%lld", vigil_chart_kind_letter(kind), (long long)id);
}

bool vigil_chart_name_parse(const char *text, vigil_chart_kind *kind, int64_t *id)
{
	if (!text || !text[0] || !isdigit((unsigned char)text[1]))
		return false;
	int k = 0;
	while (k < VIGIL_CHART_KINDS && toupper((unsigned char)text[0]) != kinds[k].letter)
		k++;
	if (k == VIGIL_CHART_KINDS)
		return false;
	long long n = 0;
	for (const char *p = text + 1; *p; p++) {
		if (!isdigit((unsigned char)*p) || n > (INT64_MAX - (*p - '0')) / 10)
			return false;
		n = n * 10 + (*p - '0');
	}
	if (n <= 0)
		return false;
	*kind = (vigil_chart_kind)k;
	*id = n;
	return true;
}

const char *vigil_dose_kind_key(vigil_dose_kind kind)
{
	return kind == VIGIL_DOSE_PRN ? "prn" : kind == VIGIL_DOSE_SCHEDULED ? "scheduled" : "";
}

/* ---- checking what was typed ------------------------------------------- */

static vigil_status optional_text(const char *field, const char *text, size_t max,
                                  vigil_error *err)
{
	return text && *text ? vigil_text_check(field, text, max, false, err) : VIGIL_OK;
}

vigil_status vigil_dose_check(const vigil_protocols *protocols, const vigil_dose_input *in,
                              vigil_dose *out, vigil_error *err)
{
	const vigil_drugs *drugs = vigil_protocols_drugs(protocols);
	const vigil_drug *drug;
	const vigil_drug_unit *unit;
	const char *route;
	char shown[VIGIL_AMOUNT_TEXT_MAX], most[VIGIL_AMOUNT_TEXT_MAX];
	memset(out, 0, sizeof *out);
	vigil_status s = vigil_drugs_lookup(drugs, in->drug, &drug, err);
	if (s == VIGIL_OK && (!in->amount || !*in->amount))
		s = vigil_fail(err, VIGIL_EINVAL, "%s: the amount given is missing", drug->key);
	if (s == VIGIL_OK && vigil_amount_parse(in->amount, &out->amount, err) != VIGIL_OK) {
		char why[sizeof err->msg];
		vigil_copy(why, sizeof why, err->msg);
		s = vigil_fail(err, VIGIL_EINVAL, "%s: %s", drug->key, why);
	}
	if (s == VIGIL_OK)
		s = vigil_drug_unit_lookup(drug, in->unit, &unit, err);
	if (s == VIGIL_OK && !(in->route && *in->route)) {
		char routes[VIGIL_DRUG_ROUTES_MAX * (VIGIL_DRUG_ROUTE_MAX + 4)] = "";
		size_t len = 0;
		for (size_t i = 0; i < drug->nroutes && len < sizeof routes; i++)
			len += (size_t)snprintf(routes + len, sizeof routes - len, "%s%s",
			                        i == 0 ? "" : i + 1 == drug->nroutes ? " or " : ", ",
			                        drug->routes[i]);
		s = vigil_fail(err, VIGIL_EINVAL, "%s: the route is missing (use %s)", drug->key,
		               routes);
	}
	if (s == VIGIL_OK)
		s = vigil_drug_route_lookup(drug, in->route, &route, err);
	if (s == VIGIL_OK && out->amount > unit->max) {
		vigil_amount_format(out->amount, shown, sizeof shown);
		vigil_amount_format(unit->max, most, sizeof most);
		s = vigil_fail(err, VIGIL_EINVAL,
		               "%s %s %s is more than the largest plausible single dose (%s %s): "
		               "check the amount", drug->key, shown, unit->unit, most, unit->unit);
	}
	if (s == VIGIL_OK && in->kind > VIGIL_DOSE_SCHEDULED)
		s = vigil_fail(err, VIGIL_EINVAL, "unknown kind of dose");
	if (s == VIGIL_OK)
		s = optional_text("reason", in->reason, VIGIL_REASON_MAX, err);
	if (s == VIGIL_OK)
		s = optional_text("note", in->note, VIGIL_NOTE_MAX, err);
	if (s != VIGIL_OK)
		return s;
	vigil_copy(out->drug, sizeof out->drug, drug->key);
	vigil_copy(out->unit, sizeof out->unit, unit->unit);
	vigil_copy(out->route, sizeof out->route, route);
	out->kind = in->kind;
	vigil_copy(out->reason, sizeof out->reason, in->reason ? in->reason : "");
	return VIGIL_OK;
}

vigil_status vigil_vitals_arg(char *arg, vigil_vitals_input *in, vigil_error *err)
{
	char *eq = strchr(arg, '=');
	char key[16] = "";
	if (eq && (size_t)(eq - arg) < sizeof key)
		memcpy(key, arg, (size_t)(eq - arg));
	if (!eq || !key[0])
		return vigil_fail(err, VIGIL_EINVAL, "'%.40s' is not a vital sign (like hr=88, "
		                  "bp=120/80, temp=37.5, rr=16, spo2=97)", arg);
	char *value = eq + 1;
	if (!strcasecmp(key, "bp")) {
		char *slash = strchr(value, '/');
		if (!slash)
			return vigil_fail(err, VIGIL_EINVAL, "blood pressure: '%.20s' is not "
			                  "SYSTOLIC/DIASTOLIC (like 120/80)", value);
		*slash = '\0';
		in->value[VIGIL_VITAL_SYS] = value;
		in->value[VIGIL_VITAL_DIA] = slash + 1;
		return VIGIL_OK;
	}
	vigil_vital v;
	if (vigil_vital_key_parse(key, &v, NULL) != VIGIL_OK || v == VIGIL_VITAL_SYS ||
	    v == VIGIL_VITAL_DIA)
		return vigil_fail(err, VIGIL_EINVAL, "unknown vital sign '%.15s' (use hr, bp, temp, "
		                  "rr or spo2)", key);
	in->value[v] = value;
	return VIGIL_OK;
}

vigil_status vigil_vitals_check(const vigil_vitals_input *in, vigil_vitals *out,
                                vigil_error *err)
{
	memset(out, 0, sizeof *out);
	bool any = false;
	for (int v = 0; v < VIGIL_VITAL_COUNT; v++) {
		const char *text = in->value[v];
		if (!text || !*text)
			continue;
		vigil_status s = vigil_vital_value_parse((vigil_vital)v, text, &out->value[v], err);
		if (s != VIGIL_OK)
			return s;
		out->has[v] = any = true;
	}
	if (!any)
		return vigil_fail(err, VIGIL_EINVAL, "no vital signs given (hr, bp, temp, rr or "
		                  "spo2)");
	if (out->has[VIGIL_VITAL_SYS] != out->has[VIGIL_VITAL_DIA])
		return vigil_fail(err, VIGIL_EINVAL, "blood pressure needs both systolic and "
		                  "diastolic (like 120/80)");
	if (out->has[VIGIL_VITAL_SYS] && out->value[VIGIL_VITAL_SYS] <= out->value[VIGIL_VITAL_DIA])
		return vigil_fail(err, VIGIL_EINVAL, "blood pressure %d/%d: systolic must be above "
		                  "diastolic", out->value[VIGIL_VITAL_SYS],
		                  out->value[VIGIL_VITAL_DIA]);
	out->assessment_id = in->assessment_id;
	return optional_text("note", in->note, VIGIL_NOTE_MAX, err);
}

/* ---- recording --------------------------------------------------------- */

vigil_status chart_new_entry(vigil_session *session, const char *mrn, vigil_chart_kind kind,
                              vigil_time at, vigil_chart_entry *e, vigil_error *err)
{
	vigil_patient p;
	vigil_time now;
	memset(e, 0, sizeof *e);
	vigil_status s = vigil_patient_get(session, mrn, &p, err);
	if (s == VIGIL_OK)
		s = vigil_clock_now(&now, err);
	if (s == VIGIL_OK)
		s = vigil_patient_check_time(&p, at, now, &e->at, err);
	if (s != VIGIL_OK)
		return s;
	e->patient_id = p.id;
	vigil_copy(e->mrn, sizeof e->mrn, p.mrn);
	e->kind = kind;
	e->entered_at = now;
	e->late = now - e->at > VIGIL_LATE_SECONDS;
	vigil_copy(e->performer, sizeof e->performer, session->user.name);
	vigil_copy(e->entered_by, sizeof e->entered_by, session->user.name);
	return VIGIL_OK;
}

vigil_status vigil_vitals_record(vigil_session *session, const vigil_protocols *protocols,
                                 const vigil_vitals_input *in, int64_t *id_out,
                                 vigil_error *err)
{
	(void)protocols;
	vigil_vitals v;
	vigil_chart_entry e;
	bool began;
	vigil_status s = vigil_require(session, VIGIL_ACT_CHART, err);
	if (s == VIGIL_OK)
		s = vigil_vitals_check(in, &v, err);
	if (s == VIGIL_OK)
		s = vigil_db_change_begin(session->db, &began, err);
	if (s != VIGIL_OK)
		return s;
	s = chart_new_entry(session, in->mrn, VIGIL_CHART_VITALS, in->at, &e, err);
	if (s == VIGIL_OK) {
		e.vitals = v;
		vigil_copy(e.note, sizeof e.note, in->note ? in->note : "");
		s = vigil_store_chart_insert(session->db, session->user.name, &e, err);
	}
	s = vigil_db_change_end(session->db, began, s, err);
	if (s == VIGIL_OK && id_out)
		*id_out = e.id;
	return s;
}

vigil_status vigil_note_record(vigil_session *session, const char *mrn, const char *text,
                               vigil_time at, int64_t *id_out, vigil_error *err)
{
	vigil_chart_entry e;
	bool began;
	vigil_status s = vigil_require(session, VIGIL_ACT_CHART, err);
	if (s == VIGIL_OK)
		s = vigil_text_check("note", text, VIGIL_NOTE_MAX, true, err);
	if (s == VIGIL_OK)
		s = vigil_db_change_begin(session->db, &began, err);
	if (s != VIGIL_OK)
		return s;
	s = chart_new_entry(session, mrn, VIGIL_CHART_NOTE, at, &e, err);
	if (s == VIGIL_OK) {
		vigil_copy(e.note, sizeof e.note, text);
		s = vigil_store_chart_insert(session->db, session->user.name, &e, err);
	}
	s = vigil_db_change_end(session->db, began, s, err);
	if (s == VIGIL_OK && id_out)
		*id_out = e.id;
	return s;
}

vigil_status vigil_last_use_record(vigil_session *session, const vigil_protocols *protocols,
                                   const char *mrn, const char *substance, vigil_time at,
                                   const char *note, int64_t *id_out, vigil_error *err)
{
	const vigil_substance *sub;
	vigil_chart_entry e;
	bool began;
	vigil_status s = vigil_require(session, VIGIL_ACT_CHART, err);
	if (s == VIGIL_OK)
		s = vigil_substances_lookup(vigil_protocols_drugs(protocols), substance, &sub, err);
	if (s == VIGIL_OK && !at)
		s = vigil_fail(err, VIGIL_EINVAL, "last use of %s: when was it? (a time is needed)",
		               sub->key);
	if (s == VIGIL_OK)
		s = optional_text("note", note, VIGIL_NOTE_MAX, err);
	if (s == VIGIL_OK)
		s = vigil_db_change_begin(session->db, &began, err);
	if (s != VIGIL_OK)
		return s;
	s = chart_new_entry(session, mrn, VIGIL_CHART_LAST_USE, 0, &e, err);
	vigil_time now = e.entered_at;
	/* Use before admission is the point: only the future is refused. */
	if (s == VIGIL_OK && at > now)
		s = vigil_fail(err, VIGIL_EINVAL, "last use of %s is in the future", sub->key);
	if (s == VIGIL_OK) {
		e.at = at;
		e.late = false;
		vigil_copy(e.substance, sizeof e.substance, sub->key);
		vigil_copy(e.note, sizeof e.note, note ? note : "");
		s = vigil_store_chart_insert(session->db, session->user.name, &e, err);
	}
	s = vigil_db_change_end(session->db, began, s, err);
	if (s == VIGIL_OK && id_out)
		*id_out = e.id;
	return s;
}

/* ---- reading and correcting -------------------------------------------- */

/* As for assessments: an entry changed outside vigil is neither shown nor
 * built on, nor is the correction or mark that gives it its status. */
static vigil_status check_unchanged(vigil_session *session, const vigil_chart_entry *e,
                                    vigil_error *err)
{
	char name[32], what[96];
	vigil_chart_entry_name(e->kind, e->id, name, sizeof name);
	snprintf(what, sizeof what, "%s %s", vigil_chart_kind_words(e->kind), name);
	vigil_status s = vigil_store_audit_check_named(session->db, "chart", e->id, what, err);
	if (s == VIGIL_OK && e->status == VIGIL_ASSESS_VOIDED) {
		snprintf(what, sizeof what, "the entered-in-error mark on %s", name);
		s = vigil_store_audit_check_named(session->db, "chart_void", e->id, what, err);
	} else if (s == VIGIL_OK && e->status == VIGIL_ASSESS_AMENDED) {
		snprintf(what, sizeof what, "%c%lld (the correction of %s)",
		         vigil_chart_kind_letter(e->kind), (long long)e->superseded_by, name);
		s = vigil_store_audit_check_named(session->db, "chart", e->superseded_by, what, err);
	}
	return s;
}

vigil_status vigil_chart_get(vigil_session *session, int64_t id, vigil_chart_entry *out,
                             vigil_error *err)
{
	vigil_status s = vigil_require(session, VIGIL_ACT_VIEW, err);
	if (s == VIGIL_OK)
		s = vigil_store_chart_get(session->db, id, out, err);
	if (s == VIGIL_OK)
		s = check_unchanged(session, out, err);
	return s;
}

vigil_status vigil_chart_correctable(const vigil_chart_entry *e, vigil_error *err)
{
	char name[32], by[32];
	vigil_chart_entry_name(e->kind, e->id, name, sizeof name);
	vigil_chart_entry_name(e->kind, e->superseded_by, by, sizeof by);
	return vigil_correctable(name, e->status, by, err);
}

/* A current entry that the session may correct. */
static vigil_status correctable(vigil_session *session, int64_t id, const char *reason,
                                vigil_chart_entry *e, vigil_error *err)
{
	vigil_status s = vigil_require(session, VIGIL_ACT_CHART_CORRECT, err);
	if (s == VIGIL_OK)
		s = vigil_text_check("reason", reason, VIGIL_REASON_MAX, true, err);
	if (s == VIGIL_OK)
		s = vigil_chart_get(session, id, e, err);
	if (s != VIGIL_OK)
		return s;
	return vigil_chart_correctable(e, err);
}

/* The kind's own checks on a corrected entry, as a new one gets them;
 * *canon gets it as the lists spell it (the drug list's key, unit and
 * route; the substance's key), so totals and look-ups match it. */
static vigil_status check_fix(const vigil_protocols *protocols, const vigil_chart_entry *fix,
                              vigil_chart_entry *canon, vigil_error *err)
{
	*canon = *fix;
	char amount[VIGIL_AMOUNT_TEXT_MAX], values[VIGIL_VITAL_COUNT][VIGIL_VITAL_TEXT_MAX];
	switch (fix->kind) {
	case VIGIL_CHART_DOSE: {
		vigil_amount_format(fix->dose.amount, amount, sizeof amount);
		vigil_dose_input in = { .drug = fix->dose.drug, .amount = amount,
			                .unit = fix->dose.unit, .route = fix->dose.route,
			                .kind = fix->dose.kind, .reason = fix->dose.reason,
			                .note = fix->note };
		return vigil_dose_check(protocols, &in, &canon->dose, err);
	}
	case VIGIL_CHART_VITALS: {
		vigil_vitals_input in = { .note = fix->note };
		for (int v = 0; v < VIGIL_VITAL_COUNT; v++)
			if (fix->vitals.has[v]) {
				vigil_vital_value_format((vigil_vital)v, fix->vitals.value[v], values[v],
				                         sizeof values[v]);
				in.value[v] = values[v];
			}
		vigil_vitals vv;
		vigil_status s = vigil_vitals_check(&in, &vv, err);
		vv.assessment_id = fix->vitals.assessment_id;
		if (s == VIGIL_OK)
			canon->vitals = vv;
		return s;
	}
	case VIGIL_CHART_NOTE:
		return vigil_text_check("note", fix->note, VIGIL_NOTE_MAX, true, err);
	case VIGIL_CHART_LAST_USE: {
		const vigil_substance *sub;
		vigil_status s = vigil_substances_lookup(vigil_protocols_drugs(protocols),
		                                         fix->substance, &sub, err);
		if (s == VIGIL_OK)
			vigil_copy(canon->substance, sizeof canon->substance, sub->key);
		return s == VIGIL_OK ? optional_text("note", fix->note, VIGIL_NOTE_MAX, err) : s;
	}
	default:
		return vigil_fail(err, VIGIL_EINVAL, "unknown kind of chart entry");
	}
}

static bool same_content(const vigil_chart_entry *a, const vigil_chart_entry *b)
{
	return a->at == b->at && !strcmp(a->note, b->note) &&
	       !memcmp(&a->dose, &b->dose, sizeof a->dose) &&
	       !memcmp(a->vitals.has, b->vitals.has, sizeof a->vitals.has) &&
	       !memcmp(a->vitals.value, b->vitals.value, sizeof a->vitals.value) &&
	       !strcmp(a->substance, b->substance);
}

/* Vital signs taken with an assessment that is still current: what that
 * assessment measured (the COWS pulse: a heart rate) is corrected through
 * it, never apart from it; *a gets it. False when not linked, or the
 * assessment was itself corrected or voided. */
static bool linked_to_current(vigil_session *session, const vigil_chart_entry *e,
                              vigil_assessment *a)
{
	return e->kind == VIGIL_CHART_VITALS && e->vitals.assessment_id &&
	       vigil_store_assessment_get(session->db, e->vitals.assessment_id, a, NULL) ==
	               VIGIL_OK &&
	       a->status == VIGIL_ASSESS_FINAL;
}

/* A correction of linked vital signs may change what was typed beside the
 * sheet (a blood pressure), not what the sheet measured. */
static vigil_status check_linked_fix(vigil_session *session, const vigil_protocols *protocols,
                                     const vigil_chart_entry *old, const vigil_chart_entry *fix,
                                     const char *name, vigil_error *err)
{
	vigil_assessment *a = malloc(sizeof *a);
	if (!a)
		return vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	vigil_status s = VIGIL_OK;
	const vigil_scale *scale;
	if (linked_to_current(session, old, a) &&
	    (scale = vigil_scales_find(vigil_protocols_scales(protocols), a->scale)) != NULL) {
		vigil_vitals measured;
		measured_vitals(a, scale, &measured);
		for (int k = 0; s == VIGIL_OK && k < VIGIL_VITAL_COUNT; k++)
			if (measured.has[k] && (!fix->vitals.has[k] ||
			                        fix->vitals.value[k] != old->vitals.value[k]))
				s = vigil_fail(err, VIGIL_EINVAL,
				               "%s: the %s was measured by assessment %lld (%s): correct "
				               "that assessment", name, vigil_vital_label((vigil_vital)k),
				               (long long)a->id, scale->name);
	}
	free(a);
	return s;
}

vigil_status vigil_chart_amend(vigil_session *session, const vigil_protocols *protocols,
                               int64_t id, const vigil_chart_entry *fix, const char *reason,
                               int64_t *new_id, vigil_error *err)
{
	vigil_chart_entry old, e, canon;
	char name[32];
	vigil_status s = correctable(session, id, reason, &old, err);
	if (s != VIGIL_OK)
		return s;
	vigil_chart_entry_name(old.kind, id, name, sizeof name);
	if (s == VIGIL_OK && fix->kind != old.kind)
		s = vigil_fail(err, VIGIL_EINVAL, "%s is a %s, not a %s", name,
		               vigil_chart_kind_words(old.kind), vigil_chart_kind_words(fix->kind));
	if (s == VIGIL_OK)
		s = check_fix(protocols, fix, &canon, err);
	if (s == VIGIL_OK)
		s = check_linked_fix(session, protocols, &old, &canon, name, err);
	fix = &canon;
	if (s == VIGIL_OK && same_content(fix, &old))
		s = vigil_fail(err, VIGIL_EINVAL, "nothing changed: %s already says that", name);
	vigil_patient p;
	vigil_time now, at = fix->at;
	if (s == VIGIL_OK)
		s = vigil_patient_get(session, old.mrn, &p, err);
	if (s == VIGIL_OK)
		s = vigil_clock_now(&now, err);
	if (s == VIGIL_OK && fix->at != old.at && old.kind != VIGIL_CHART_LAST_USE)
		s = vigil_patient_check_time(&p, fix->at, now, &at, err);
	if (s == VIGIL_OK && old.kind == VIGIL_CHART_LAST_USE && fix->at > now)
		s = vigil_fail(err, VIGIL_EINVAL, "last use of %s is in the future", fix->substance);
	if (s != VIGIL_OK)
		return s;
	e = old;
	e.at = at;
	vigil_copy(e.note, sizeof e.note, fix->note);
	e.dose = fix->dose;
	e.vitals = fix->vitals;
	vigil_copy(e.substance, sizeof e.substance, fix->substance);
	e.id = 0;
	e.entered_at = now;
	vigil_copy(e.entered_by, sizeof e.entered_by, session->user.name);
	e.supersedes = id;
	vigil_copy(e.amend_reason, sizeof e.amend_reason, reason);
	e.late = old.kind != VIGIL_CHART_LAST_USE && now - e.at > VIGIL_LATE_SECONDS;
	e.status = VIGIL_ASSESS_FINAL;
	s = vigil_store_chart_insert(session->db, session->user.name, &e, err);
	if (s == VIGIL_OK && new_id)
		*new_id = e.id;
	return s;
}

vigil_status vigil_chart_void(vigil_session *session, int64_t id, const char *reason,
                              vigil_error *err)
{
	vigil_chart_entry e;
	vigil_status s = correctable(session, id, reason, &e, err);
	vigil_assessment *a = s == VIGIL_OK ? malloc(sizeof *a) : NULL;
	if (s == VIGIL_OK && !a)
		s = vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	/* They stand or fall with their assessment. */
	if (s == VIGIL_OK && linked_to_current(session, &e, a))
		s = vigil_fail(err, VIGIL_EINVAL,
		               "V%lld was taken with assessment %lld: mark that assessment entered "
		               "in error (its vital signs go with it), or correct these",
		               (long long)id, (long long)a->id);
	free(a);
	vigil_time now;
	if (s == VIGIL_OK)
		s = vigil_clock_now(&now, err);
	if (s == VIGIL_OK)
		s = vigil_store_chart_void(session->db, session->user.name, id, now, reason, err);
	return s;
}

vigil_status vigil_chart_each(vigil_session *session, const vigil_chart_query *q,
                              vigil_chart_fn fn, void *ctx, vigil_error *err)
{
	vigil_patient p = { .id = 0 };
	vigil_status s = vigil_require(session, VIGIL_ACT_VIEW, err);
	if (s == VIGIL_OK && q->mrn)
		s = vigil_patient_get(session, q->mrn, &p, err);
	if (s == VIGIL_OK)
		s = vigil_store_chart_query(session->db, p.id, q, fn, ctx, err);
	return s;
}

vigil_status vigil_chart_tampered(vigil_session *session, const int64_t *ids, size_t n,
                                  vigil_tampered_fn fn, void *ctx, vigil_error *err)
{
	vigil_status s = vigil_require(session, VIGIL_ACT_VIEW, err);
	if (s != VIGIL_OK)
		return s;
	return vigil_store_audit_tampered(session->db, "chart", ids, n, fn, ctx, err);
}

/* ---- words ------------------------------------------------------------- */

void vigil_dose_words(const vigil_dose *d, char *buf, size_t size)
{
	char amount[VIGIL_AMOUNT_TEXT_MAX];
	vigil_amount_format(d->amount, amount, sizeof amount);
	snprintf(buf, size, "%s %s %s %s%s", d->drug, amount, d->unit, d->route,
	         d->kind == VIGIL_DOSE_PRN ? " PRN" : "");
}

/* ---- vital signs taken with an assessment ------------------------------ */

/* The sheet's measured values that are vital signs (by the item's raw
 * key: COWS pulse measures "hr"); a's items in any order. */
static void measured_vitals(const vigil_assessment *a, const vigil_scale *scale,
                            vigil_vitals *v)
{
	memset(v, 0, sizeof *v);
	for (size_t i = 0; i < a->nitems; i++) {
		vigil_vital k;
		const vigil_item *item = vigil_scale_item(scale, a->items[i].key, NULL);
		const char *raw_key = item ? item->raw_key : NULL;
		if (a->items[i].has_raw && raw_key &&
		    vigil_vital_key_parse(raw_key, &k, NULL) == VIGIL_OK) {
			v->has[k] = true;
			v->value[k] = a->items[i].raw;
		}
	}
}

static bool any_vital(const vigil_vitals *v)
{
	for (int k = 0; k < VIGIL_VITAL_COUNT; k++)
		if (v->has[k])
			return true;
	return false;
}

/* Adds extra's values to v; a value both give must agree. */
static vigil_status merge_vitals(vigil_vitals *v, const vigil_vitals_input *extra,
                                 vigil_error *err)
{
	vigil_vitals given;
	bool none = true;
	for (int k = 0; k < VIGIL_VITAL_COUNT; k++)
		none &= !(extra->value[k] && *extra->value[k]);
	if (none)
		return VIGIL_OK;
	vigil_status s = vigil_vitals_check(extra, &given, err);
	for (int k = 0; s == VIGIL_OK && k < VIGIL_VITAL_COUNT; k++) {
		if (!given.has[k])
			continue;
		if (v->has[k] && v->value[k] != given.value[k])
			return vigil_fail(err, VIGIL_EINVAL, "%s: %d given twice, differently (%d)",
			                  vigil_vital_label((vigil_vital)k), given.value[k], v->value[k]);
		v->has[k] = true;
		v->value[k] = given.value[k];
	}
	return s;
}

vigil_status chart_vitals_of_assessment(vigil_session *session, const vigil_assessment *a,
                                        const vigil_scale *scale,
                                        const vigil_vitals_input *extra, vigil_error *err)
{
	vigil_chart_entry e;
	vigil_vitals v;
	measured_vitals(a, scale, &v);
	vigil_status s = extra ? merge_vitals(&v, extra, err) : VIGIL_OK;
	if (s != VIGIL_OK || !any_vital(&v))
		return s;
	memset(&e, 0, sizeof e);
	e.patient_id = a->patient_id;
	e.kind = VIGIL_CHART_VITALS;
	e.at = a->performed_at;
	e.entered_at = a->entered_at;
	e.late = a->late;
	vigil_copy(e.performer, sizeof e.performer, a->performer);
	vigil_copy(e.entered_by, sizeof e.entered_by, a->entered_by);
	e.vitals = v;
	e.vitals.assessment_id = a->id;
	vigil_copy(e.note, sizeof e.note, extra && extra->note ? extra->note : "");
	return vigil_store_chart_insert(session->db, session->user.name, &e, err);
}

/* The current vital signs linked to an assessment, if any. */
struct linked {
	vigil_chart_entry e;
	bool found;
};

static int take_linked(const vigil_chart_entry *e, void *ctx)
{
	struct linked *l = ctx;
	l->e = *e;
	l->found = true;
	return 1;
}

static vigil_status find_linked(vigil_session *session, int64_t assessment_id,
                                struct linked *l, vigil_error *err)
{
	vigil_chart_query q = { .kinds = 1u << VIGIL_CHART_VITALS, .assessment_id = assessment_id };
	l->found = false;
	return vigil_store_chart_query(session->db, 0, &q, take_linked, l, err);
}

vigil_status chart_vitals_follow_amend(vigil_session *session, int64_t old_id,
                                       const vigil_assessment *fix, const vigil_scale *scale,
                                       const char *reason, vigil_error *err)
{
	struct linked l;
	vigil_vitals measured;
	measured_vitals(fix, scale, &measured);
	vigil_status s = find_linked(session, old_id, &l, err);
	if (s != VIGIL_OK)
		return s;
	if (!l.found)
		return chart_vitals_of_assessment(session, fix, scale, NULL, err);
	/* The linked set keeps what was typed beside the sheet (BP, say) and
	 * takes the corrected measurements. */
	vigil_chart_entry e = l.e;
	for (int k = 0; k < VIGIL_VITAL_COUNT; k++) {
		if (measured.has[k]) {
			e.vitals.has[k] = true;
			e.vitals.value[k] = measured.value[k];
		}
	}

	/* Unchanged values still follow the correction: the superseded
	 * assessment's vital signs would otherwise outlive a void of it. */
	e.supersedes = e.id;
	e.id = 0;
	e.entered_at = fix->entered_at;
	vigil_copy(e.entered_by, sizeof e.entered_by, session->user.name);
	vigil_copy(e.amend_reason, sizeof e.amend_reason, reason);
	e.vitals.assessment_id = fix->id;
	return vigil_store_chart_insert(session->db, session->user.name, &e, err);
}

vigil_status chart_vitals_follow_void(vigil_session *session, int64_t id, const char *reason,
                                      vigil_error *err)
{
	struct linked l;
	vigil_time now;
	vigil_status s = find_linked(session, id, &l, err);
	if (s == VIGIL_OK && l.found)
		s = vigil_clock_now(&now, err);
	if (s == VIGIL_OK && l.found)
		s = vigil_store_chart_void(session->db, session->user.name, l.e.id, now, reason, err);
	return s;
}
