/* audit.c - the audit log as the faces see it */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvout.h"
#include "export_job.h"
#include "vigil/audit.h"
#include "vigil/chart.h"
#include "vigil/db.h"
#include "vigil/export.h"
#include "vigil/patient.h"
#include "vigil/store.h"

vigil_status vigil_audit_verify(vigil_session *session, vigil_audit_report *report,
                                vigil_error *err)
{
	return vigil_audit_verify_heads(session, NULL, 0, report, err);
}

vigil_status vigil_audit_verify_heads(vigil_session *session, const vigil_audit_head *heads,
                                      size_t nheads, vigil_audit_report *report,
                                      vigil_error *err)
{
	vigil_status s = vigil_require(session, VIGIL_ACT_VERIFY_AUDIT, err);
	if (s != VIGIL_OK)
		return s;
	return vigil_store_audit_verify(session->db, heads, nheads, report, err);
}

vigil_status vigil_audit_verify_full(vigil_session *session, const vigil_audit_head *heads,
                                     size_t nheads, vigil_audit_report *report,
                                     vigil_error *err)
{
	vigil_status s = vigil_audit_verify_heads(session, heads, nheads, report, err);
	if (s != VIGIL_OK)
		return s;
	/* The verify has passed whatever happens next: a file that cannot be
	 * written only means the next verify from a checkpoint starts from an
	 * earlier one. */
	vigil_error sub;
	if (vigil_store_audit_checkpoint(session->db, session->user.name, report,
	                                 &report->checkpoint_written, &sub) != VIGIL_OK)
		vigil_copy(report->checkpoint_failed, sizeof report->checkpoint_failed, sub.msg);
	return VIGIL_OK;
}

vigil_status vigil_audit_verify_since(vigil_session *session, const vigil_audit_head *heads,
                                      size_t nheads, vigil_audit_report *report,
                                      vigil_error *err)
{
	vigil_status s = vigil_require(session, VIGIL_ACT_VERIFY_AUDIT, err);
	bool found = false;
	if (s == VIGIL_OK)
		s = vigil_store_audit_verify_since(session->db, heads, nheads, report, &found, err);
	if (s == VIGIL_OK && !found)
		return vigil_audit_verify_full(session, heads, nheads, report, err);
	return s;
}

static bool is_hash(const char *text, size_t len)
{
	return len == 64 && strspn(text, "0123456789abcdef") >= 64;
}

vigil_status vigil_audit_head_parse(const char *text, vigil_audit_head *out, vigil_error *err)
{
	const char *colon = text ? strchr(text, ':') : NULL;
	memset(out, 0, sizeof *out);
	if (text && !colon && is_hash(text, strlen(text))) {
		memcpy(out->hash, text, 65);
		return VIGIL_OK;
	}
	if (colon && colon > text && colon - text < 19 &&
	    strspn(text, "0123456789") == (size_t)(colon - text) &&
	    is_hash(colon + 1, strlen(colon + 1))) {
		out->seq = strtoll(text, NULL, 10);
		memcpy(out->hash, colon + 1, 65);
		if (out->seq > 0)
			return VIGIL_OK;
	}
	return vigil_fail(err, VIGIL_EINVAL,
	                  "'%.80s' is not a head (SEQ:HASH, as an audit verify prints it)",
	                  text ? text : "");
}

vigil_status vigil_audit_witness_read(const char *path, vigil_audit_head **out, size_t *n,
                                      vigil_error *err)
{
	*out = NULL;
	*n = 0;
	FILE *f = fopen(path, "r");
	if (!f)
		return vigil_fail(err, VIGIL_EIO, "%s: %s", path, strerror(errno));
	vigil_audit_head *heads = calloc(VIGIL_AUDIT_HEADS_MAX, sizeof *heads);
	vigil_status s = heads ? VIGIL_OK : vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	char line[256];
	for (int lineno = 1; s == VIGIL_OK && fgets(line, sizeof line, f); lineno++) {
		line[strcspn(line, "\r\n")] = '\0';
		const char *p = line + strspn(line, " \t");
		if (!*p || *p == '#')
			continue;
		vigil_error sub;
		if (*n == VIGIL_AUDIT_HEADS_MAX)
			s = vigil_fail(err, VIGIL_EINVAL, "%s:%d: more than %d heads", path, lineno,
			               VIGIL_AUDIT_HEADS_MAX);
		else if (vigil_audit_head_parse(p, &heads[*n], &sub) != VIGIL_OK)
			s = vigil_fail(err, VIGIL_EINVAL, "%s:%d: %s", path, lineno, sub.msg);
		else
			(*n)++;
	}
	if (s == VIGIL_OK && ferror(f))
		s = vigil_fail(err, VIGIL_EIO, "%s: %s", path, strerror(errno));
	fclose(f);
	if (s == VIGIL_OK && *n == 0)
		s = vigil_fail(err, VIGIL_EINVAL, "%s: no heads in it", path);
	if (s != VIGIL_OK) {
		free(heads);
		*n = 0;
		return s;
	}
	*out = heads;
	return VIGIL_OK;
}

vigil_status vigil_audit_head_now(vigil_db *db, char *ward_key, size_t key_size, char *head,
                                  size_t head_size, vigil_error *err)
{
	return vigil_store_audit_head(db, ward_key, key_size, head, head_size, err);
}

vigil_status vigil_audit_note(vigil_session *session, const char *action, const char *detail,
                              vigil_error *err)
{
	return vigil_store_audit_note(session->db, session->user.name, action, detail, err);
}

vigil_status vigil_backup(vigil_session *session, const char *path, vigil_error *err)
{
	vigil_status s = vigil_require(session, VIGIL_ACT_BACKUP, err);
	if (s != VIGIL_OK)
		return s;
	/* Logged first, so the copy holds the entry that says it was made. */
	char detail[4200];
	snprintf(detail, sizeof detail, "backup to %s", path);
	if ((s = vigil_store_audit_note(session->db, session->user.name, "backup", detail, err)) !=
	    VIGIL_OK)
		return s;
	return vigil_db_backup(session->db, path, err);
}

/* ---- reading the log ---------------------------------------------------- */

/* Admin only; an unknown user or patient is refused rather than listing
 * nothing, and the patient's MRN is the one stored. */
static vigil_status audit_query_check(vigil_session *session, const vigil_audit_query *query,
                                      vigil_audit_query *checked, vigil_patient *patient,
                                      vigil_error *err)
{
	/* The admin's right to verify the log, named as what is done here. */
	vigil_status s = vigil_require(session, VIGIL_ACT_VERIFY_AUDIT, err);
	if (s == VIGIL_EPERM)
		vigil_fail(err, s, "%s (%s) may not read the audit log: it needs the admin role",
		           session->user.name, vigil_role_name(session->user.role));
	*checked = *query;
	if (s == VIGIL_OK && query->user) {
		vigil_user u;
		s = vigil_store_user_find(session->db, query->user, &u, NULL, 0, err);
	}
	if (s == VIGIL_OK && query->mrn &&
	    (s = vigil_patient_get(session, query->mrn, patient, err)) == VIGIL_OK)
		checked->mrn = patient->mrn;
	return s;
}

vigil_status vigil_audit_log_each(vigil_session *session, const vigil_audit_query *query,
                                  vigil_audit_entry_fn fn, void *ctx, vigil_error *err)
{
	vigil_audit_query checked;
	vigil_patient patient;
	vigil_status s = audit_query_check(session, query, &checked, &patient, err);
	if (s != VIGIL_OK)
		return s;
	return vigil_store_audit_each(session->db, &checked, fn, ctx, err);
}

const char *vigil_audit_actor_words(const vigil_audit_entry *entry)
{
	if (strcmp(entry->actor, "-") != 0)
		return entry->actor;
	/* The failed try is logged before anyone is logged in, by no one. */
	return strcmp(entry->action, "login-try") == 0 ? "(wrong password)" : "(vigil)";
}

/* A chart entry's kind from its stored key ("dose"). */
static bool chart_kind_of(const char *key, vigil_chart_kind *kind)
{
	for (int k = 0; k < VIGIL_CHART_KINDS; k++)
		if (strcmp(vigil_chart_kind_key((vigil_chart_kind)k), key) == 0) {
			*kind = (vigil_chart_kind)k;
			return true;
		}
	return false;
}

/* Records known by a number of their own, in a person's words. */
static const struct {
	const char *entity, *words;
} numbered[] = {
	{ "assessment", "assessment " }, { "void", "assessment " },
	{ "not_done", "not-done N" },    { "not_done_void", "not-done N" },
	{ "monitoring", "monitoring " }, { "scale_def", "scale definition " },
	{ "protocol", "protocol " },     { "drug_list", "drug list " },
};

void vigil_audit_what_words(const vigil_audit_entry *e, char *buf, size_t size)
{
	vigil_chart_kind kind;
	if (!e->entity[0]) {
		snprintf(buf, size, "%s", e->detail);
		return;
	}
	if (strcmp(e->entity, "checkpoint") == 0) {
		snprintf(buf, size, "verified through entry %lld", (long long)e->entity_id);
		return;
	}
	if (e->name[0] && (strcmp(e->entity, "patient") == 0 || strcmp(e->entity, "user") == 0 ||
	                   strcmp(e->entity, "setting") == 0)) {
		snprintf(buf, size, "%s %s", e->entity, e->name);
		return;
	}
	if ((strcmp(e->entity, "chart") == 0 || strcmp(e->entity, "chart_void") == 0) &&
	    chart_kind_of(e->name, &kind)) {
		char name[32];
		vigil_chart_entry_name(kind, e->entity_id, name, sizeof name);
		snprintf(buf, size, "%s %s", vigil_chart_kind_words(kind), name);
		return;
	}
	for (size_t i = 0; i < sizeof numbered / sizeof numbered[0]; i++)
		if (strcmp(e->entity, numbered[i].entity) == 0) {
			snprintf(buf, size, "%s%lld", numbered[i].words, (long long)e->entity_id);
			return;
		}
	snprintf(buf, size, "%s %lld", e->entity, (long long)e->entity_id);
}

/* ---- the log as CSV ------------------------------------------------------- */

static const char *const log_columns[] = { "seq",       "at",   "user",   "action",
	                                   "entity",    "entity_id", "what", "detail",
	                                   NULL };

static void put_time(csv_out *w, vigil_time t)
{
	char iso[VIGIL_TIME_ISO_LEN];
	vigil_time_format_iso(t, iso, sizeof iso);
	csvout_text(w, iso);
}

static int write_log_row(const vigil_audit_entry *e, void *ctx)
{
	struct export_job *job = ctx;
	csv_out *w = &job->out;
	char what[1024];
	vigil_audit_what_words(e, what, sizeof what);
	if (job->training)
		csvout_text(w, "TRAINING");
	csvout_int(w, e->seq);
	put_time(w, e->at);
	csvout_text(w, vigil_audit_actor_words(e));
	csvout_text(w, e->action);
	csvout_text(w, e->entity);
	if (e->entity[0])
		csvout_int(w, e->entity_id);
	else
		csvout_empty(w);
	csvout_text(w, what);
	csvout_text(w, e->detail);
	csvout_end_row(w);
	job->rows++;
	return 0;
}

/* "audit log (user ann, patient M1, from ..., before ...)" for the log. */
static void describe_log(const vigil_audit_query *q, char *buf, size_t size)
{
	char from[VIGIL_TIME_ISO_LEN] = "", to[VIGIL_TIME_ISO_LEN] = "";
	if (q->since)
		vigil_time_format_iso(q->since, from, sizeof from);
	if (q->until)
		vigil_time_format_iso(q->until, to, sizeof to);
	const char *parts[][2] = {
		{ "user ", q->user }, { "patient ", q->mrn },
		{ "from ", q->since ? from : NULL }, { "before ", q->until ? to : NULL },
	};
	size_t len = (size_t)snprintf(buf, size, "audit log");
	const char *sep = " (";
	for (size_t i = 0; i < sizeof parts / sizeof parts[0] && len < size; i++) {
		if (!parts[i][1])
			continue;
		len += (size_t)snprintf(buf + len, size - len, "%s%s%s", sep, parts[i][0], parts[i][1]);
		sep = ", ";
	}
	if (*sep == ',' && len < size)
		snprintf(buf + len, size - len, ")");
}

vigil_status vigil_audit_log_export(vigil_session *session, const vigil_audit_query *query,
                                    const vigil_export_dest *dest, size_t *rows,
                                    vigil_error *err)
{
	vigil_audit_query checked;
	vigil_patient patient;
	struct export_job job;
	/* Checked before the file is created, so a typo leaves nothing. */
	vigil_status s = audit_query_check(session, query, &checked, &patient, err);
	if (s != VIGIL_OK || (s = export_job_open(session, dest, &job, err)) != VIGIL_OK)
		return s;
	if (job.training)
		csvout_text(&job.out, "training");
	for (const char *const *c = log_columns; *c; c++)
		csvout_text(&job.out, *c);
	csvout_end_row(&job.out);
	s = vigil_store_audit_each(session->db, &checked, write_log_row, &job, err);
	char what[512];
	describe_log(&checked, what, sizeof what);
	size_t n = job.rows;
	s = export_job_finish(session, &job, what, s, err);
	if (s == VIGIL_OK && rows)
		*rows = n;
	return s;
}
