/* correctable.h - only a record in force may be corrected (amended, or
 * marked entered in error): an assessment, a reassessment not done or a
 * chart entry. The core applies the rule when a correction is made; a
 * face may ask it first, before it offers the form, and shows its words. */
#ifndef VIGIL_CORRECTABLE_H
#define VIGIL_CORRECTABLE_H

#include <stdint.h>

#include "vigil/assessment.h"
#include "vigil/error.h"

/* VIGIL_OK for a current record; else refused: "D1 has already been
 * amended (by D2)", "not-done record N2 is entered in error". name names
 * the record ("assessment 17", "D1", "not-done record N2"), by the one
 * that amended it ("assessment 18", "D2", "N3"; used when amended). */
vigil_status vigil_correctable(const char *name, vigil_assess_status status, const char *by,
                               vigil_error *err);
/* The same for an assessment: "assessment 17 has already been amended (by
 * assessment 18)". The chart's entries and not-done records: chart.h, due.h. */
vigil_status vigil_assessment_correctable(const vigil_assessment *a, vigil_error *err);

#endif
