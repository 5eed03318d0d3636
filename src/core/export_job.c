/* export_job.c - what every CSV export shares (export_job.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export_job.h"
#include "vigil/audit.h"
#include "vigil/db.h"

vigil_status export_job_open(vigil_session *session, const vigil_export_dest *dest,
                             struct export_job *job, vigil_error *err)
{
	memset(job, 0, sizeof *job);
	job->training = vigil_db_training(session->db);
	vigil_status s = csvfile_open(dest, &job->file, err);
	if (s == VIGIL_OK)
		csvout_init(&job->out, job->file.fp);
	return s;
}

const char *export_job_name(const struct export_job *job)
{
	return job->file.path ? job->file.path : "standard output";
}

vigil_status export_job_finish(vigil_session *session, struct export_job *job, const char *what,
                               vigil_status s, vigil_error *err)
{
	if (s == VIGIL_OK)
		s = csvout_finish(&job->out, export_job_name(job), err);
	if (s == VIGIL_OK)
		s = csvfile_sync(&job->file, err);
	if (s == VIGIL_OK) {
		const char *to = export_job_name(job);
		size_t n = strlen(what) + strlen(to) + 64;
		char *detail = malloc(n);
		if (!detail)
			s = vigil_fail(err, VIGIL_ENOMEM, "out of memory");
		else {
			snprintf(detail, n, "%s: %zu %s%s to %s", what, job->rows,
			         job->noun ? job->noun : "row", job->rows == 1 ? "" : "s", to);
			s = vigil_audit_note(session, "export", detail, err);
			free(detail);
		}
	}
	if (s == VIGIL_OK && (s = csvfile_publish(&job->file, err)) != VIGIL_OK) {
		/* The log already says the file was written: say it did not land. */
		char detail[sizeof err->msg + 32];
		snprintf(detail, sizeof detail, "failed: %s", err->msg);
		vigil_audit_note(session, "export", detail, NULL);
	}
	csvfile_close(&job->file);
	csvout_free(&job->out);
	return s;
}
