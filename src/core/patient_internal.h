/* patient_internal.h - admission for core modules that have checked a role
 * of their own (core-private). */
#ifndef VIGIL_PATIENT_INTERNAL_H
#define VIGIL_PATIENT_INTERNAL_H

#include "vigil/patient.h"

/* vigil_patient_admit without its VIGIL_ACT_ADMIT check: every other check
 * (MRN, name, bed, time) and the audit entry stay. Import uses it after
 * requiring VIGIL_ACT_IMPORT, which admins have: an admin may load a list
 * of admissions but still may not admit one patient by hand. */
vigil_status patient_admit_checked(vigil_session *session, const char *mrn, const char *name,
                                   const char *bed, vigil_time at, vigil_patient *out,
                                   vigil_error *err);

#endif
