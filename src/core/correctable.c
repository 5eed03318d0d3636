/* correctable.c - only a record in force may be corrected (correctable.h):
 * one rule, and one set of words, for every kind of record and face. */
#include <stdio.h>

#include "vigil/correctable.h"

vigil_status vigil_correctable(const char *name, vigil_assess_status status, const char *by,
                               vigil_error *err)
{
	if (status == VIGIL_ASSESS_AMENDED)
		return vigil_fail(err, VIGIL_EINVAL, "%s has already been amended (by %s)", name, by);
	if (status == VIGIL_ASSESS_VOIDED)
		return vigil_fail(err, VIGIL_EINVAL, "%s is entered in error", name);
	return VIGIL_OK;
}

vigil_status vigil_assessment_correctable(const vigil_assessment *a, vigil_error *err)
{
	char name[40], by[40];
	snprintf(name, sizeof name, "assessment %lld", (long long)a->id);
	snprintf(by, sizeof by, "assessment %lld", (long long)a->superseded_by);
	return vigil_correctable(name, a->status, by, err);
}
