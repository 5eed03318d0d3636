/* patient.c - admitting and discharging patients */
#include <strings.h>

#include "vigil/patient.h"
#include "vigil/store.h"
#include "vigil/store_scales.h"
#include "patient_internal.h"

vigil_status vigil_mrn_check(const char *mrn, vigil_error *err)
{
	return vigil_ident_check("MRN", mrn, VIGIL_MRN_MAX, "-", err);
}

/* A time given for an event: now when 0, never in the future. */
static vigil_status event_time(vigil_time at, vigil_time *out, vigil_error *err)
{
	vigil_time now;
	vigil_status s = vigil_clock_now(&now, err);
	if (s != VIGIL_OK)
		return s;
	if (at > now) {
		char shown[VIGIL_TIME_LOCAL_LEN];
		vigil_time_format_local(at, shown, sizeof shown);
		return vigil_fail(err, VIGIL_EINVAL, "time %s is in the future", shown);
	}
	*out = at ? at : now;
	return VIGIL_OK;
}

vigil_status vigil_patient_admit(vigil_session *session, const char *mrn, const char *name,
                                 const char *bed, vigil_time at, vigil_patient *out,
                                 vigil_error *err)
{
	vigil_status s = vigil_require(session, VIGIL_ACT_ADMIT, err);
	if (s != VIGIL_OK)
		return s;
	return patient_admit_checked(session, mrn, name, bed, at, out, err);
}

/* A bed holds one patient: refused naming who is in it. Read under the
 * write lock with the change it allows. */
static vigil_status bed_free(vigil_session *session, const char *bed, vigil_error *err)
{
	vigil_patient in_bed;
	bool taken = false;
	vigil_status s = VIGIL_OK;
	if (bed && *bed)
		s = vigil_store_patient_in_bed(session->db, bed, &in_bed, &taken, err);
	if (s == VIGIL_OK && taken)
		s = vigil_fail(err, VIGIL_EINVAL, "bed %s is taken by %s (%s); move or discharge them "
		                                  "first", in_bed.bed, in_bed.name, in_bed.mrn);
	return s;
}

static vigil_status admit_locked(vigil_session *session, const char *mrn, const char *name,
                                 const char *bed, vigil_time at, vigil_patient *out,
                                 vigil_error *err)
{
	vigil_status s = vigil_mrn_check(mrn, err);
	if (s == VIGIL_OK)
		s = vigil_text_check("name", name, VIGIL_FULL_NAME_MAX, true, err);
	if (s == VIGIL_OK)
		s = vigil_text_check("bed", bed, VIGIL_BED_MAX, false, err);
	vigil_patient p = { 0 };
	if (s == VIGIL_OK)
		s = event_time(at, &p.admitted_at, err);
	if (s == VIGIL_OK)
		s = bed_free(session, bed, err);
	if (s != VIGIL_OK)
		return s;
	vigil_copy(p.mrn, sizeof p.mrn, mrn);
	vigil_copy(p.name, sizeof p.name, name);
	vigil_copy(p.bed, sizeof p.bed, bed ? bed : "");
	s = vigil_store_patient_insert(session->db, session->user.name, &p, err);
	if (s == VIGIL_OK && out)
		*out = p;
	return s;
}

vigil_status patient_admit_checked(vigil_session *session, const char *mrn, const char *name,
                                   const char *bed, vigil_time at, vigil_patient *out,
                                   vigil_error *err)
{
	bool began;
	vigil_status s = vigil_db_change_begin(session->db, &began, err);
	if (s != VIGIL_OK)
		return s;
	s = admit_locked(session, mrn, name, bed, at, out, err);
	return vigil_db_change_end(session->db, began, s, err);
}

static vigil_status move_locked(vigil_session *session, const char *mrn, const char *bed,
                                vigil_error *err)
{
	vigil_patient p;
	vigil_status s = vigil_mrn_check(mrn, err);
	if (s == VIGIL_OK)
		s = vigil_text_check("bed", bed, VIGIL_BED_MAX, true, err);
	if (s == VIGIL_OK)
		s = vigil_store_patient_find(session->db, mrn, &p, err);
	if (s != VIGIL_OK)
		return s;
	if (p.discharged_at)
		return vigil_fail(err, VIGIL_EINVAL, "patient %s has been discharged", p.mrn);
	if (strcasecmp(p.bed, bed) == 0)
		return vigil_fail(err, VIGIL_EINVAL, "patient %s is already in bed %s", p.mrn, p.bed);
	if ((s = bed_free(session, bed, err)) != VIGIL_OK)
		return s;
	return vigil_store_patient_move(session->db, session->user.name, p.id, bed, err);
}

vigil_status vigil_patient_move(vigil_session *session, const char *mrn, const char *bed,
                                vigil_error *err)
{
	vigil_status s = vigil_require(session, VIGIL_ACT_ADMIT, err);
	bool began;
	if (s == VIGIL_OK)
		s = vigil_db_change_begin(session->db, &began, err);
	if (s != VIGIL_OK)
		return s;
	s = move_locked(session, mrn, bed, err);
	return vigil_db_change_end(session->db, began, s, err);
}

static int take_first(const vigil_assessment *a, void *ctx)
{
	*(vigil_time *)ctx = a->performed_at;
	return 1;
}

/* A discharge time before the latest current assessment would leave
 * records outside the stay. */
static vigil_status check_after_last_assessment(vigil_session *session, const vigil_patient *p,
                                                vigil_time when, vigil_error *err)
{
	vigil_time last = 0;
	vigil_query q = { .mrn = p->mrn, .limit = 1 };
	vigil_status s = vigil_store_assessment_query(session->db, &q, take_first, &last, err);
	if (s == VIGIL_OK && last > when) {
		char shown[VIGIL_TIME_LOCAL_LEN];
		vigil_time_format_local(last, shown, sizeof shown);
		return vigil_fail(err, VIGIL_EINVAL,
		                  "patient %s: discharge time is before their last assessment (%s)",
		                  p->mrn, shown);
	}
	return s;
}

/* Under the write lock: no assessment can be recorded between the check
 * of the last one and the discharge. */
static vigil_status discharge_locked(vigil_session *session, const char *mrn, vigil_time at,
                                     vigil_error *err)
{
	vigil_patient p;
	vigil_time when;
	vigil_status s = vigil_store_patient_find(session->db, mrn, &p, err);
	if (s == VIGIL_OK)
		s = event_time(at, &when, err);
	if (s != VIGIL_OK)
		return s;
	if (p.discharged_at)
		return vigil_fail(err, VIGIL_EINVAL, "patient %s is already discharged", mrn);
	if (when < p.admitted_at)
		return vigil_fail(err, VIGIL_EINVAL, "patient %s: discharge before admission", mrn);
	if ((s = check_after_last_assessment(session, &p, when, err)) != VIGIL_OK)
		return s;
	return vigil_store_patient_discharge(session->db, session->user.name, p.id, when, err);
}

vigil_status vigil_patient_discharge(vigil_session *session, const char *mrn, vigil_time at,
                                     vigil_error *err)
{
	vigil_status s = vigil_require(session, VIGIL_ACT_ADMIT, err);
	bool began;
	if (s == VIGIL_OK)
		s = vigil_mrn_check(mrn, err);
	if (s == VIGIL_OK)
		s = vigil_db_change_begin(session->db, &began, err);
	if (s != VIGIL_OK)
		return s;
	s = discharge_locked(session, mrn, at, err);
	return vigil_db_change_end(session->db, began, s, err);
}

vigil_status vigil_patient_get(vigil_session *session, const char *mrn, vigil_patient *out,
                               vigil_error *err)
{
	vigil_status s = vigil_require(session, VIGIL_ACT_VIEW, err);
	if (s == VIGIL_OK)
		s = vigil_mrn_check(mrn, err);
	if (s == VIGIL_OK)
		s = vigil_store_patient_find(session->db, mrn, out, err);
	return s;
}

vigil_status vigil_patient_list(vigil_session *session, bool all, vigil_patient_fn fn, void *ctx,
                                vigil_error *err)
{
	vigil_status s = vigil_require(session, VIGIL_ACT_VIEW, err);
	if (s != VIGIL_OK)
		return s;
	return vigil_store_patient_each(session->db, all, fn, ctx, err);
}

vigil_status vigil_patient_check_time(const vigil_patient *p, vigil_time given, vigil_time now,
                                      vigil_time *out, vigil_error *err)
{
	/* After discharge only a time during the stay may be entered (a late
	 * entry): "now" is after it. */
	if (p->discharged_at && !given)
		return vigil_fail(err, VIGIL_EINVAL, "patient %s has been discharged", p->mrn);
	vigil_time at = given ? given : now;
	char shown[VIGIL_TIME_LOCAL_LEN], bound[VIGIL_TIME_LOCAL_LEN];
	vigil_time_format_local(at, shown, sizeof shown);
	if (at > now)
		return vigil_fail(err, VIGIL_EINVAL, "time %s is in the future", shown);
	if (at < p->admitted_at) {
		vigil_time_format_local(p->admitted_at, bound, sizeof bound);
		return vigil_fail(err, VIGIL_EINVAL, "time %s is before %s was admitted (%s)", shown,
		                  p->mrn, bound);
	}
	if (p->discharged_at && at > p->discharged_at) {
		vigil_time_format_local(p->discharged_at, bound, sizeof bound);
		return vigil_fail(err, VIGIL_EINVAL, "time %s is after %s was discharged (%s)", shown,
		                  p->mrn, bound);
	}
	*out = at;
	return VIGIL_OK;
}

vigil_status vigil_patient_scales_assessed(vigil_session *session, const vigil_patient *p,
                                           vigil_scale_key_fn fn, void *ctx, vigil_error *err)
{
	vigil_status s = vigil_require(session, VIGIL_ACT_VIEW, err);
	return s == VIGIL_OK ? vigil_store_patient_scales(session->db, p->id, fn, ctx, err) : s;
}
