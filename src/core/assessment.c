/* assessment.c - the rules for recording and correcting assessments */
#include <stdio.h>
#include <string.h>

#include "chart_internal.h"
#include "vigil/assessment.h"
#include "vigil/correctable.h"
#include "vigil/patient.h"
#include "vigil/store.h"

const char *vigil_assess_status_name(vigil_assess_status status)
{
	switch (status) {
	case VIGIL_ASSESS_FINAL: return "final";
	case VIGIL_ASSESS_AMENDED: return "amended";
	case VIGIL_ASSESS_VOIDED: return "entered-in-error";
	}
	return "unknown";
}

const char *vigil_assess_status_word(vigil_assess_status status, bool corrects)
{
	switch (status) {
	case VIGIL_ASSESS_AMENDED: return "amended";
	case VIGIL_ASSESS_VOIDED: return "in error";
	case VIGIL_ASSESS_FINAL: break;
	}
	return corrects ? "corrected" : "final";
}

/* Copies a complete sheet's scores, total and band into a. */
static vigil_status fill_scores(vigil_assessment *a, const vigil_sheet *sheet, vigil_error *err)
{
	const vigil_scale *scale = sheet->scale;
	const vigil_band *band;
	vigil_status s = vigil_sheet_total(sheet, &a->total, &band, err);
	if (s != VIGIL_OK)
		return s;
	if (strlen(scale->key) > VIGIL_SCALE_KEY_MAX)
		return vigil_fail(err, VIGIL_EINVAL, "scale key '%s' is too long", scale->key);
	vigil_copy(a->scale, sizeof a->scale, scale->key);
	a->max_total = scale->max_total;
	vigil_copy(a->band, sizeof a->band, band ? band->key : "");
	vigil_copy(a->definition, sizeof a->definition, scale->hash);
	a->nitems = scale->nitems;
	for (size_t i = 0; i < scale->nitems; i++) {
		vigil_item_value *v = &a->items[i];
		vigil_copy(v->key, sizeof v->key, scale->items[i].key);
		v->score = sheet->items[i].score;
		v->has_raw = sheet->items[i].has_raw;
		v->raw = sheet->items[i].raw;
	}
	return VIGIL_OK;
}

/* The checks against the patient and the insert: called under the write
 * lock, so a discharge cannot slip in between. */
static vigil_status record_locked(vigil_session *session, const vigil_record_input *in,
                                  int64_t *id_out, vigil_error *err)
{
	vigil_patient p;
	vigil_time now;
	vigil_status s = vigil_patient_get(session, in->mrn, &p, err);
	if (s == VIGIL_OK)
		s = vigil_clock_now(&now, err);
	vigil_time performed = 0;
	if (s == VIGIL_OK)
		s = vigil_patient_check_time(&p, in->performed_at, now, &performed, err);
	vigil_assessment a;
	memset(&a, 0, sizeof a);
	if (s == VIGIL_OK)
		s = fill_scores(&a, in->sheet, err);
	if (s != VIGIL_OK)
		return s;
	a.patient_id = p.id;
	a.performed_at = performed;
	a.entered_at = now;
	a.late = now - performed > VIGIL_LATE_SECONDS;
	vigil_copy(a.performer, sizeof a.performer, session->user.name);
	vigil_copy(a.entered_by, sizeof a.entered_by, session->user.name);
	vigil_copy(a.reason, sizeof a.reason, in->reason ? in->reason : "");
	vigil_copy(a.note, sizeof a.note, in->note ? in->note : "");
	s = vigil_store_assessment_insert(session->db, session->user.name, &a, err);
	if (s == VIGIL_OK)
		s = chart_vitals_of_assessment(session, &a, in->sheet->scale, in->vitals, err);
	if (s == VIGIL_OK && id_out)
		*id_out = a.id;
	return s;
}

vigil_status vigil_assessment_record(vigil_session *session, const vigil_record_input *in,
                                     int64_t *id_out, vigil_error *err)
{
	vigil_status s = vigil_require(session, VIGIL_ACT_RECORD, err);
	bool began;
	if (s == VIGIL_OK)
		s = vigil_text_check("reason", in->reason, VIGIL_REASON_MAX, false, err);
	if (s == VIGIL_OK)
		s = vigil_text_check("note", in->note, VIGIL_NOTE_MAX, false, err);
	if (s == VIGIL_OK)
		s = vigil_db_change_begin(session->db, &began, err);
	if (s != VIGIL_OK)
		return s;
	s = record_locked(session, in, id_out, err);
	return vigil_db_change_end(session->db, began, s, err);
}

/* A record changed outside vigil is neither shown nor built on. The
 * correction or entered-in-error mark that gives a its status is checked
 * too: show prints who made it and why. */
static vigil_status check_unchanged(vigil_session *session, const vigil_assessment *a,
                                    vigil_error *err)
{
	char what[96];
	snprintf(what, sizeof what, "assessment %lld", (long long)a->id);
	vigil_status s = vigil_store_audit_check_named(session->db, "assessment", a->id, what, err);
	if (s == VIGIL_OK && a->status == VIGIL_ASSESS_VOIDED) {
		snprintf(what, sizeof what, "the entered-in-error mark on assessment %lld",
		         (long long)a->id);
		s = vigil_store_audit_check_named(session->db, "void", a->id, what, err);
	} else if (s == VIGIL_OK && a->status == VIGIL_ASSESS_AMENDED) {
		snprintf(what, sizeof what, "assessment %lld (the correction of %lld)",
		         (long long)a->superseded_by, (long long)a->id);
		s = vigil_store_audit_check_named(session->db, "assessment", a->superseded_by, what,
		                                  err);
	}
	return s;
}

/* Loads id and checks it against the audit log. */
static vigil_status load_checked(vigil_session *session, int64_t id, vigil_assessment *a,
                                 vigil_error *err)
{
	vigil_status s = vigil_store_assessment_get(session->db, id, a, err);
	return s == VIGIL_OK ? check_unchanged(session, a, err) : s;
}

vigil_status vigil_assessment_get(vigil_session *session, int64_t id, vigil_assessment *out,
                                  vigil_error *err)
{
	vigil_status s = vigil_require(session, VIGIL_ACT_VIEW, err);
	if (s != VIGIL_OK)
		return s;
	return load_checked(session, id, out, err);
}

vigil_status vigil_assessment_sheet(const vigil_assessment *a, const vigil_scale *scale,
                                    vigil_sheet *sheet, vigil_error *err)
{
	if (strcmp(a->scale, scale->key) != 0)
		return vigil_fail(err, VIGIL_EINVAL, "assessment %lld is %s, not %s", (long long)a->id,
		                  a->scale, scale->key);
	vigil_sheet_init(sheet, scale);
	for (size_t i = 0; i < a->nitems; i++) {
		size_t index;
		if (!vigil_scale_item(scale, a->items[i].key, &index))
			return vigil_fail(err, VIGIL_EINVAL, "assessment %lld: item '%s' is not in %s",
			                  (long long)a->id, a->items[i].key, scale->name);
		vigil_status s = vigil_sheet_set(sheet, index, a->items[i].score, err);
		if (s != VIGIL_OK)
			return s;
		sheet->items[index].has_raw = a->items[i].has_raw;
		sheet->items[index].raw = a->items[i].raw;
	}
	return VIGIL_OK;
}

/* Loads id and checks it is current (final), the only state a correction
 * may start from, and as the audit log last wrote it. */
static vigil_status load_current(vigil_session *session, int64_t id, vigil_assessment *a,
                                 vigil_error *err)
{
	vigil_status s = load_checked(session, id, a, err);
	if (s != VIGIL_OK)
		return s;
	if (a->status == VIGIL_ASSESS_AMENDED) {
		vigil_assessment fix;
		if (vigil_store_assessment_get(session->db, a->superseded_by, &fix, NULL) == VIGIL_OK &&
		    fix.status == VIGIL_ASSESS_VOIDED)
			return vigil_fail(err, VIGIL_EINVAL,
			                  "assessment %lld was corrected by %lld, which was then entered "
			                  "in error; record the assessment again, at the time it was "
			                  "performed",
			                  (long long)id, (long long)a->superseded_by);
	}
	/* The one rule, in the words the patient screen shows too. */
	return vigil_assessment_correctable(a, err);
}

static bool same_scores(const vigil_assessment *old, const vigil_assessment *new_)
{
	for (size_t i = 0; i < new_->nitems; i++) {
		bool found = false;
		for (size_t j = 0; j < old->nitems; j++) {
			if (strcmp(old->items[j].key, new_->items[i].key) == 0) {
				const vigil_item_value *a = &old->items[j], *b = &new_->items[i];
				if (a->score != b->score || a->has_raw != b->has_raw ||
				    (a->has_raw && a->raw != b->raw))
					return false;
				found = true;
			}
		}
		if (!found)
			return false;
	}
	return old->nitems == new_->nitems;
}

static vigil_status check_reason(const char *reason, vigil_error *err)
{
	if (!reason || !*reason)
		return vigil_fail(err, VIGIL_EINVAL, "a reason is required");
	return vigil_text_check("reason", reason, VIGIL_REASON_MAX, true, err);
}

vigil_status vigil_assessment_amend(vigil_session *session, int64_t id, const vigil_sheet *sheet,
                                    const char *reason, int64_t *new_id, vigil_error *err)
{
	vigil_assessment old, fix;
	vigil_time now;
	vigil_status s = vigil_require(session, VIGIL_ACT_CORRECT, err);
	if (s == VIGIL_OK)
		s = check_reason(reason, err);
	if (s == VIGIL_OK)
		s = load_current(session, id, &old, err);
	if (s == VIGIL_OK && strcmp(old.scale, sheet->scale->key) != 0)
		s = vigil_fail(err, VIGIL_EINVAL, "assessment %lld is %s, not %s", (long long)id,
		               old.scale, sheet->scale->key);
	memset(&fix, 0, sizeof fix);
	if (s == VIGIL_OK)
		s = fill_scores(&fix, sheet, err);
	if (s == VIGIL_OK && same_scores(&old, &fix))
		s = vigil_fail(err, VIGIL_EINVAL, "assessment %lld: no score changed", (long long)id);
	if (s == VIGIL_OK)
		s = vigil_clock_now(&now, err);
	if (s != VIGIL_OK)
		return s;
	fix.patient_id = old.patient_id;
	fix.performed_at = old.performed_at;
	fix.entered_at = now;
	fix.late = old.late;
	fix.supersedes = id;
	vigil_copy(fix.performer, sizeof fix.performer, old.performer);
	vigil_copy(fix.entered_by, sizeof fix.entered_by, session->user.name);
	vigil_copy(fix.reason, sizeof fix.reason, old.reason);
	vigil_copy(fix.note, sizeof fix.note, old.note);
	vigil_copy(fix.amend_reason, sizeof fix.amend_reason, reason);
	bool began;
	if ((s = vigil_db_change_begin(session->db, &began, err)) != VIGIL_OK)
		return s;
	s = vigil_store_assessment_insert(session->db, session->user.name, &fix, err);
	if (s == VIGIL_OK)
		s = chart_vitals_follow_amend(session, id, &fix, sheet->scale, reason, err);
	s = vigil_db_change_end(session->db, began, s, err);
	if (s == VIGIL_OK && new_id)
		*new_id = fix.id;
	return s;
}

vigil_status vigil_assessment_void(vigil_session *session, int64_t id, const char *reason,
                                   vigil_error *err)
{
	vigil_assessment a;
	vigil_time now;
	vigil_status s = vigil_require(session, VIGIL_ACT_CORRECT, err);
	if (s == VIGIL_OK)
		s = check_reason(reason, err);
	if (s == VIGIL_OK)
		s = load_current(session, id, &a, err);
	if (s == VIGIL_OK)
		s = vigil_clock_now(&now, err);
	bool began;
	if (s == VIGIL_OK)
		s = vigil_db_change_begin(session->db, &began, err);
	if (s != VIGIL_OK)
		return s;
	s = vigil_store_void_insert(session->db, session->user.name, id, now, reason, err);
	if (s == VIGIL_OK)
		s = chart_vitals_follow_void(session, id, reason, err);
	return vigil_db_change_end(session->db, began, s, err);
}

vigil_status vigil_assessment_query(vigil_session *session, const vigil_query *q,
                                    vigil_assessment_fn fn, void *ctx, vigil_error *err)
{
	vigil_status s = vigil_require(session, VIGIL_ACT_VIEW, err);
	vigil_patient p;
	if (s == VIGIL_OK && q->mrn)
		s = vigil_patient_get(session, q->mrn, &p, err);
	if (s != VIGIL_OK)
		return s;
	return vigil_store_assessment_query(session->db, q, fn, ctx, err);
}

vigil_status vigil_assessment_tampered(vigil_session *session, bool not_done, const int64_t *ids,
                                       size_t n, vigil_tampered_fn fn, void *ctx,
                                       vigil_error *err)
{
	vigil_status s = vigil_require(session, VIGIL_ACT_VIEW, err);
	if (s != VIGIL_OK)
		return s;
	return vigil_store_audit_tampered(session->db, not_done ? "not_done" : "assessment", ids, n,
	                                  fn, ctx, err);
}
