/* import.h - admitting patients from a CSV file (format in vigil-csv(5)):
 * a header naming the columns mrn, name and bed in any order, then one
 * patient per row. All rows are admitted in one transaction, or none. */
#ifndef VIGIL_IMPORT_H
#define VIGIL_IMPORT_H

#include <stddef.h>
#include <stdio.h>
#include "vigil/auth.h"
#include "vigil/patient.h"

typedef struct vigil_import_hooks {
	/* Each problem, "FILE:LINE: reason", as it is found (may be NULL). */
	void (*problem)(const char *message, void *ctx);
	/* Each patient admitted, once the transaction has committed (may be
	 * NULL). */
	void (*admitted)(const vigil_patient *patient, void *ctx);
	void *ctx;
} vigil_import_hooks;

typedef struct vigil_import_result {
	size_t rows;     /* data rows read */
	size_t admitted; /* 0 unless every row was good */
	size_t problems;
} vigil_import_result;

/* Imports the file at path ("-": standard input). Nurses, clinicians and
 * admins may import. With any problem nothing is admitted and the result
 * is VIGIL_EINVAL, err saying how many problems there were; a file that
 * cannot be read or a failing database ends the import at once. */
vigil_status vigil_patient_import(vigil_session *session, const char *path,
                                  const vigil_import_hooks *hooks, vigil_import_result *result,
                                  vigil_error *err);

/* The same from an open stream; source names it in messages. */
vigil_status vigil_patient_import_stream(vigil_session *session, FILE *in, const char *source,
                                         const vigil_import_hooks *hooks,
                                         vigil_import_result *result, vigil_error *err);

#endif
