/* export_job.h - what every CSV export shares (core-private): the file
 * opened where the export goes, its rows streamed, then finished in one
 * order: everything on disk, the audit entry, the file in place. */
#ifndef VIGIL_EXPORT_JOB_H
#define VIGIL_EXPORT_JOB_H

#include <stdbool.h>
#include <stddef.h>

#include "csvout.h"
#include "vigil/auth.h"
#include "vigil/export.h"

struct export_job {
	csv_file file;
	csv_out out;
	size_t rows;
	const char *noun; /* what rows count in the audit entry: "row" by default */
	bool training;    /* every row starts with the training column */
};

vigil_status export_job_open(vigil_session *session, const vigil_export_dest *dest,
                             struct export_job *job, vigil_error *err);
/* Where the rows go: the file's path, or "standard output". */
const char *export_job_name(const struct export_job *job);
/* Finishes a job whose rows are all written (s: how writing them went),
 * logging "WHAT: N rows to PATH". A file nobody has been told about is
 * never left behind; an audit failure removes the file. */
vigil_status export_job_finish(vigil_session *session, struct export_job *job, const char *what,
                               vigil_status s, vigil_error *err);

#endif
