/* monitor.c - starting and stopping a scale's monitoring, and recording
 * reassessments that were not done (asleep, refused, off the ward). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/correctable.h"
#include "vigil/due.h"
#include "vigil/store.h"

static vigil_status find_scale(const vigil_protocols *protocols, const char *key,
                               const vigil_scale **out, vigil_error *err)
{
	return vigil_scales_lookup(vigil_protocols_scales(protocols), key, out, err);
}

/* The patient, who must be on the ward. */
static vigil_status admitted(vigil_session *session, const char *mrn, vigil_patient *p,
                             vigil_error *err)
{
	vigil_status s = vigil_patient_get(session, mrn, p, err);
	if (s == VIGIL_OK && p->discharged_at)
		s = vigil_fail(err, VIGIL_EINVAL, "patient %s has been discharged", p->mrn);
	return s;
}

/* Whether the scale is active for the patient; *since (may be NULL) gets
 * what its clock runs from: its latest assessment, or the start. */
static vigil_status is_active(vigil_session *session, const vigil_protocols *protocols,
                             const vigil_patient *p, const char *scale, bool *active,
                             vigil_time *since, vigil_error *err)
{
	vigil_patient_state *st = malloc(sizeof *st);
	if (!st)
		return vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	vigil_status s = vigil_patient_state_load(session, protocols, p, st, err);
	*active = false;
	for (size_t i = 0; s == VIGIL_OK && i < st->nscales; i++) {
		const vigil_scale_state *sc = &st->scales[i];
		if (strcmp(sc->scale, scale) != 0)
			continue;
		*active = true;
		if (since)
			*since = sc->has_last ? sc->last_at : sc->active_since;
	}
	free(st);
	return s;
}

static vigil_status change_locked(vigil_session *session, const vigil_protocols *protocols,
                                  const char *mrn, const char *key, bool start,
                                  const char *reason, vigil_error *err)
{
	vigil_status s = vigil_require(session, VIGIL_ACT_MONITOR, err);
	const vigil_scale *scale;
	vigil_patient p;
	bool active;
	if (s == VIGIL_OK && !start)
		s = vigil_text_check("reason", reason, VIGIL_REASON_MAX, true, err);
	if (s == VIGIL_OK)
		s = find_scale(protocols, key, &scale, err);
	if (s == VIGIL_OK)
		s = admitted(session, mrn, &p, err);
	if (s == VIGIL_OK)
		s = is_active(session, protocols, &p, scale->key, &active, NULL, err);
	if (s != VIGIL_OK)
		return s;
	if (start && active)
		return vigil_fail(err, VIGIL_EINVAL, "%s is already monitored for %s", scale->name,
		                  p.mrn);
	if (!start && !active)
		return vigil_fail(err, VIGIL_EINVAL, "%s is not monitored for %s", scale->name, p.mrn);
	vigil_monitor_event e = { .scale = scale->key, .start = start, .reason = reason };
	if ((s = vigil_clock_now(&e.at, err)) != VIGIL_OK)
		return s;
	/* Never behind the patient's latest assessment on the scale, so the
	 * order of events is the order they were made in. */
	return vigil_store_monitor_insert(session->db, session->user.name, p.id, &e, err);
}

/* Whether the scale is active is read under the write lock, so two
 * terminals cannot both start (or stop) it. */
static vigil_status change(vigil_session *session, const vigil_protocols *protocols,
                           const char *mrn, const char *key, bool start, const char *reason,
                           vigil_error *err)
{
	bool began;
	vigil_status s = vigil_db_change_begin(session->db, &began, err);
	if (s != VIGIL_OK)
		return s;
	s = change_locked(session, protocols, mrn, key, start, reason, err);
	return vigil_db_change_end(session->db, began, s, err);
}

vigil_status vigil_monitor_start(vigil_session *session, const vigil_protocols *protocols,
                                 const char *mrn, const char *scale, vigil_error *err)
{
	return change(session, protocols, mrn, scale, true, NULL, err);
}

vigil_status vigil_monitor_stop(vigil_session *session, const vigil_protocols *protocols,
                                const char *mrn, const char *scale, const char *reason,
                                vigil_error *err)
{
	return change(session, protocols, mrn, scale, false, reason, err);
}

/* ---- not done ---------------------------------------------------------- */

static vigil_status check_note(vigil_not_done_why why, const char *note, vigil_error *err)
{
	/* "other" says nothing by itself: the note says what. */
	return vigil_text_check("note", note, VIGIL_NOTE_MAX, why == VIGIL_NOT_DONE_OTHER, err);
}

static vigil_status not_done_locked(vigil_session *session, const vigil_protocols *protocols,
                                    const vigil_not_done_input *in, int64_t *id_out,
                                    vigil_error *err)
{
	vigil_status s = VIGIL_OK;
	const vigil_scale *scale;
	vigil_patient p;
	vigil_time now;
	bool active;
	if (s == VIGIL_OK && in->why >= VIGIL_NOT_DONE_COUNT)
		s = vigil_fail(err, VIGIL_EINVAL, "unknown reason for not done");
	if (s == VIGIL_OK)
		s = check_note(in->why, in->note, err);
	if (s == VIGIL_OK)
		s = find_scale(protocols, in->scale, &scale, err);
	if (s == VIGIL_OK)
		s = vigil_patient_get(session, in->mrn, &p, err);
	if (s == VIGIL_OK)
		s = vigil_clock_now(&now, err);
	vigil_time at = 0;
	if (s == VIGIL_OK)
		s = vigil_patient_check_time(&p, in->performed_at, now, &at, err);
	vigil_time since = 0;
	if (s == VIGIL_OK)
		s = is_active(session, protocols, &p, scale->key, &active, &since, err);
	if (s == VIGIL_OK && !active)
		s = vigil_fail(err, VIGIL_EINVAL, "%s is not monitored for %s: nothing is due",
		               scale->name, p.mrn);
	/* Before the clock's latest start nothing it counts was due: such a
	 * record would change nothing yet count as not done. */
	if (s == VIGIL_OK && at < since) {
		char shown[VIGIL_TIME_LOCAL_LEN], last[VIGIL_TIME_LOCAL_LEN];
		vigil_time_format_local(at, shown, sizeof shown);
		vigil_time_format_local(since, last, sizeof last);
		s = vigil_fail(err, VIGIL_EINVAL,
		               "time %s is before the latest %s assessment or start (%s): nothing "
		               "was due then", shown, scale->name, last);
	}
	if (s != VIGIL_OK)
		return s;
	vigil_not_done nd = { .patient_id = p.id, .why = in->why, .performed_at = at,
		              .entered_at = now, .late = now - at > VIGIL_LATE_SECONDS };
	vigil_copy(nd.scale, sizeof nd.scale, scale->key);
	vigil_copy(nd.performer, sizeof nd.performer, session->user.name);
	vigil_copy(nd.entered_by, sizeof nd.entered_by, session->user.name);
	vigil_copy(nd.note, sizeof nd.note, in->note ? in->note : "");
	s = vigil_store_not_done_insert(session->db, session->user.name, &nd, err);
	if (s == VIGIL_OK && id_out)
		*id_out = nd.id;
	return s;
}

/* The checks (on the ward, the scale active) and the insert run under the
 * write lock, so a discharge or a stop cannot come in between. */
vigil_status vigil_not_done_record(vigil_session *session, const vigil_protocols *protocols,
                                   const vigil_not_done_input *in, int64_t *id_out,
                                   vigil_error *err)
{
	vigil_status s = vigil_require(session, VIGIL_ACT_RECORD, err);
	bool began;
	if (s == VIGIL_OK)
		s = vigil_db_change_begin(session->db, &began, err);
	if (s != VIGIL_OK)
		return s;
	s = not_done_locked(session, protocols, in, id_out, err);
	return vigil_db_change_end(session->db, began, s, err);
}

/* As for assessments: a record changed outside vigil is neither shown nor
 * built on, nor is the correction or mark that gives it its status. */
static vigil_status check_unchanged(vigil_session *session, const vigil_not_done *nd,
                                    vigil_error *err)
{
	char what[96];
	snprintf(what, sizeof what, "not-done record N%lld", (long long)nd->id);
	vigil_status s = vigil_store_audit_check_named(session->db, "not_done", nd->id, what, err);
	if (s == VIGIL_OK && nd->status == VIGIL_ASSESS_VOIDED) {
		snprintf(what, sizeof what, "the entered-in-error mark on not-done record N%lld",
		         (long long)nd->id);
		s = vigil_store_audit_check_named(session->db, "not_done_void", nd->id, what, err);
	} else if (s == VIGIL_OK && nd->status == VIGIL_ASSESS_AMENDED) {
		snprintf(what, sizeof what, "not-done record N%lld (the correction of N%lld)",
		         (long long)nd->superseded_by, (long long)nd->id);
		s = vigil_store_audit_check_named(session->db, "not_done", nd->superseded_by, what,
		                                  err);
	}
	return s;
}

vigil_status vigil_not_done_get(vigil_session *session, int64_t id, vigil_not_done *out,
                                vigil_error *err)
{
	vigil_status s = vigil_require(session, VIGIL_ACT_VIEW, err);
	if (s == VIGIL_OK)
		s = vigil_store_not_done_get(session->db, id, out, err);
	if (s == VIGIL_OK)
		s = check_unchanged(session, out, err);
	return s;
}

/* A current record that the session may correct. */
static vigil_status correctable(vigil_session *session, int64_t id, const char *reason,
                                vigil_not_done *nd, vigil_error *err)
{
	vigil_status s = vigil_require(session, VIGIL_ACT_CORRECT, err);
	if (s == VIGIL_OK)
		s = vigil_text_check("reason", reason, VIGIL_REASON_MAX, true, err);
	if (s == VIGIL_OK)
		s = vigil_not_done_get(session, id, nd, err);
	if (s != VIGIL_OK)
		return s;
	return vigil_not_done_correctable(nd, err);
}

vigil_status vigil_not_done_correctable(const vigil_not_done *nd, vigil_error *err)
{
	char name[48], by[24];
	snprintf(name, sizeof name, "not-done record N%lld", (long long)nd->id);
	snprintf(by, sizeof by, "N%lld", (long long)nd->superseded_by);
	return vigil_correctable(name, nd->status, by, err);
}

vigil_status vigil_not_done_amend(vigil_session *session, int64_t id, vigil_not_done_why why,
                                  const char *note, const char *reason, int64_t *new_id,
                                  vigil_error *err)
{
	vigil_not_done nd;
	vigil_status s = correctable(session, id, reason, &nd, err);
	const char *new_note = note ? note : nd.note;
	if (s == VIGIL_OK && why >= VIGIL_NOT_DONE_COUNT)
		s = vigil_fail(err, VIGIL_EINVAL, "unknown reason for not done");
	if (s == VIGIL_OK)
		s = check_note(why, new_note, err);
	if (s == VIGIL_OK && why == nd.why && !strcmp(new_note, nd.note))
		s = vigil_fail(err, VIGIL_EINVAL, "nothing changed: N%lld already says %s",
		               (long long)id, vigil_not_done_why_name(why));
	vigil_time now;
	if (s == VIGIL_OK)
		s = vigil_clock_now(&now, err);
	if (s != VIGIL_OK)
		return s;
	vigil_not_done fix = nd;
	vigil_copy(fix.note, sizeof fix.note, new_note);
	fix.why = why;
	fix.id = 0;
	fix.entered_at = now;
	vigil_copy(fix.entered_by, sizeof fix.entered_by, session->user.name);
	fix.supersedes = id;
	vigil_copy(fix.amend_reason, sizeof fix.amend_reason, reason);
	fix.late = now - fix.performed_at > VIGIL_LATE_SECONDS;
	s = vigil_store_not_done_insert(session->db, session->user.name, &fix, err);
	if (s == VIGIL_OK && new_id)
		*new_id = fix.id;
	return s;
}

vigil_status vigil_not_done_void(vigil_session *session, int64_t id, const char *reason,
                                 vigil_error *err)
{
	vigil_not_done nd;
	vigil_status s = correctable(session, id, reason, &nd, err);
	vigil_time now;
	if (s == VIGIL_OK)
		s = vigil_clock_now(&now, err);
	if (s == VIGIL_OK)
		s = vigil_store_not_done_void(session->db, session->user.name, id, now, reason, err);
	return s;
}

vigil_status vigil_not_done_query_each(vigil_session *session, const vigil_not_done_query *q,
                                       vigil_not_done_fn fn, void *ctx, vigil_error *err)
{
	vigil_patient p;
	vigil_status s = vigil_require(session, VIGIL_ACT_VIEW, err);
	if (s == VIGIL_OK)
		s = vigil_patient_get(session, q->mrn, &p, err);
	if (s == VIGIL_OK)
		s = vigil_store_not_done_query(session->db, p.id, q, fn, ctx, err);
	return s;
}
