/* store_scales.h - beside store.h: the scales a patient has been assessed
 * on, found on the (patient, scale, time) index one look-up a scale, so
 * the board and the patient screen need not query every scale in the set
 * to learn that a patient never had it. */
#ifndef VIGIL_STORE_SCALES_H
#define VIGIL_STORE_SCALES_H

#include <stdint.h>

#include "vigil/db.h"
#include "vigil/error.h"
#include "vigil/patient.h"

/* Calls fn with each scale key the patient has any assessment on
 * (amended and voided ones too), in key order; fn returns non-zero to
 * stop. */
vigil_status vigil_store_patient_scales(vigil_db *db, int64_t patient_id,
                                        vigil_scale_key_fn fn, void *ctx, vigil_error *err);

#endif
