/* chart_internal.h - shared by chart.c and dosing.c only */
#ifndef VIGIL_CHART_INTERNAL_H
#define VIGIL_CHART_INTERNAL_H

#include "vigil/chart.h"

/* A new entry of the kind for the patient at the time given (0: now), by
 * the session's user, the time checked against the stay as an
 * assessment's is. Call inside the change that inserts it. */
vigil_status chart_new_entry(vigil_session *session, const char *mrn, vigil_chart_kind kind,
                             vigil_time at, vigil_chart_entry *e, vigil_error *err);

/* Vital signs taken with an assessment: the sheet's measured values that
 * are vital signs (the COWS pulse, "hr") and any given in extra (may be
 * NULL), stored linked to a, in the change that stored a. Nothing when
 * there are none; refused when extra gives a value the sheet measured
 * differently. */
vigil_status chart_vitals_of_assessment(vigil_session *session, const vigil_assessment *a,
                                        const vigil_scale *scale,
                                        const vigil_vitals_input *extra, vigil_error *err);
/* After assessment old_id is corrected by fix (in the same change): its
 * linked vital signs follow the measured values. */
vigil_status chart_vitals_follow_amend(vigil_session *session, int64_t old_id,
                                       const vigil_assessment *fix, const vigil_scale *scale,
                                       const char *reason, vigil_error *err);
/* After assessment id is marked entered in error: so are its vital signs. */
vigil_status chart_vitals_follow_void(vigil_session *session, int64_t id, const char *reason,
                                      vigil_error *err);

#endif
