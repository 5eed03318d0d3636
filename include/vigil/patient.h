/* patient.h - admissions to the ward */
#ifndef VIGIL_PATIENT_H
#define VIGIL_PATIENT_H

#include <stdbool.h>
#include <stdint.h>
#include "vigil/auth.h"
#include "vigil/clock.h"
#include "vigil/text.h"

typedef struct vigil_patient {
	int64_t id;
	char mrn[VIGIL_TEXT_BYTES(VIGIL_MRN_MAX)];
	char name[VIGIL_TEXT_BYTES(VIGIL_FULL_NAME_MAX)];
	char bed[VIGIL_TEXT_BYTES(VIGIL_BED_MAX)];
	vigil_time admitted_at;
	vigil_time discharged_at; /* 0 while on the ward */
} vigil_patient;

/* MRN: letters, digits and '-', up to VIGIL_MRN_MAX. */
vigil_status vigil_mrn_check(const char *mrn, vigil_error *err);

/* Admits a patient; at == 0 means now; a time in the future is refused,
 * and so is a bed another patient on the ward is in (naming them).
 * out (may be NULL) receives the stored patient. */
vigil_status vigil_patient_admit(vigil_session *session, const char *mrn, const char *name,
                                 const char *bed, vigil_time at, vigil_patient *out,
                                 vigil_error *err);
/* Moves a patient on the ward to another bed, which must be free
 * (audited). */
vigil_status vigil_patient_move(vigil_session *session, const char *mrn, const char *bed,
                                vigil_error *err);
vigil_status vigil_patient_discharge(vigil_session *session, const char *mrn, vigil_time at,
                                     vigil_error *err);
/* "unknown patient 'MRN9'" when there is none. */
vigil_status vigil_patient_get(vigil_session *session, const char *mrn, vigil_patient *out,
                               vigil_error *err);

/* Each scale key the patient has an assessment on (amended and voided
 * ones too), in key order: a look-up on the index a scale, whatever the
 * number of assessments. fn returns non-zero to stop. */
typedef int (*vigil_scale_key_fn)(const char *scale, void *ctx);
vigil_status vigil_patient_scales_assessed(vigil_session *session, const vigil_patient *p,
                                           vigil_scale_key_fn fn, void *ctx, vigil_error *err);

/* When something was observed on the ward (an assessment, a reassessment
 * not done): not in the future and within the stay. A discharged patient
 * takes only a time given during the stay (a late entry); `at` 0 means
 * now, which for them is refused. *out gets the time. */
vigil_status vigil_patient_check_time(const vigil_patient *p, vigil_time at, vigil_time now,
                                      vigil_time *out, vigil_error *err);

typedef int (*vigil_patient_fn)(const vigil_patient *patient, void *ctx);
/* Patients on the ward sorted by bed then MRN; all = also discharged ones. */
vigil_status vigil_patient_list(vigil_session *session, bool all, vigil_patient_fn fn, void *ctx,
                                vigil_error *err);

#endif
