/* audit_check.c - a record checked against the audit log before it is
 * shown or built on (issue 8): one record by name, or the rows a list is
 * about to show in one query. audit.c keeps the canonical forms and the
 * single-record check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "vigil/store.h"

vigil_status vigil_store_audit_check_named(vigil_db *db, const char *entity, int64_t id,
                                           const char *what, vigil_error *err)
{
	vigil_status s = vigil_store_audit_check(db, entity, id, err);
	/* The store's own message names the table and tells the CLI user a
	 * command; this one names the record as the ward knows it, for any
	 * face. */
	if (s == VIGIL_ETAMPER)
		s = vigil_fail(err, VIGIL_ETAMPER,
		               "%s does not match the audit log (changed outside vigil); not shown "
		               "or changed: an admin should verify the audit log",
		               what);
	return s;
}

/* The canonical forms of the two kinds a patient's history lists, for one
 * query over many rows. They must stay as canonical_forms in audit.c has
 * them (a copy: audit.c keeps its table to itself). Each row this query
 * flags is confirmed there (vigil_store_audit_check) before it is
 * reported, so a copy that drifted never marks a good record, but it could
 * miss a change to a field it lacks: change both together. */
static const struct history_form {
	const char *entity, *table, *expr;
} history_forms[] = {
	{ "assessment", "assessments",
	  "(SELECT iif(e.definition IS NULL, j, json_insert(j, '$[#]', e.definition)) FROM"
	  " (SELECT json_array(e.id, e.patient_id, e.scale, e.performed_at, e.entered_at,"
	  " e.performer_id, e.entered_by_id, e.reason, e.note, e.total, e.max_total, e.band,"
	  " e.late, e.supersedes_id, e.amend_reason,"
	  " json((SELECT json_group_array(json_array(item, score, raw_value)) FROM"
	  "  (SELECT item, score, raw_value FROM assessment_items"
	  "   WHERE assessment_id = e.id ORDER BY item)))) AS j))" },
	{ "not_done", "not_done",
	  "json_array(e.id, e.patient_id, e.scale, e.performed_at, e.entered_at, e.performer_id,"
	  " e.entered_by_id, e.why, e.note, e.late, e.supersedes_id, e.amend_reason)" },
	{ "chart", "chart_entries", CHART_CANONICAL },
};

static const struct history_form *history_form(const char *entity)
{
	for (size_t i = 0; i < sizeof history_forms / sizeof history_forms[0]; i++)
		if (strcmp(history_forms[i].entity, entity) == 0)
			return &history_forms[i];
	return NULL;
}

/* The ids as a JSON array, for json_each: one statement for any number. */
static char *ids_json(const int64_t *ids, size_t n)
{
	size_t size = n * 21 + 3, len = 1;
	char *text = malloc(size);
	if (!text)
		return NULL;
	text[0] = '[';
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(text + len, size - len, "%s%lld", i ? "," : "",
		                        (long long)ids[i]);
	snprintf(text + len, size - len, "]");
	return text;
}

/* The suspects: rows whose canonical form is not the detail of the latest
 * audit entry about them (none at all: added outside vigil). The look-up
 * is the audit_by_entity index, one probe per row. */
static vigil_status prepare_suspects(vigil_db *db, const struct history_form *f,
                                     sqlite3_stmt **stmt, vigil_error *err)
{
	char sql[2048];
	snprintf(sql, sizeof sql,
	         "SELECT e.id FROM %s e WHERE e.id IN (SELECT value FROM json_each(?1))"
	         " AND %s IS NOT (SELECT detail FROM audit_log WHERE entity = '%s'"
	         " AND entity_id = e.id ORDER BY seq DESC LIMIT 1)",
	         f->table, f->expr, f->entity);
	return store_prepare_cached(db, stmt, sql, err);
}

/* Each suspect is confirmed by the check itself before it is reported. */
static vigil_status each_suspect(vigil_db *db, const struct history_form *f,
                                 sqlite3_stmt *stmt, vigil_store_id_fn fn, void *ctx,
                                 vigil_error *err)
{
	vigil_status s = VIGIL_OK;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(stmt, 0);
		s = vigil_store_audit_check(db, f->entity, id, err);
		if (s == VIGIL_ETAMPER) {
			s = VIGIL_OK;
			if (fn(id, ctx))
				break;
		} else if (s != VIGIL_OK) {
			break;
		}
	}
	if (s == VIGIL_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		s = store_fail(db, rc, err, "checking records against the audit log");
	return s;
}

vigil_status vigil_store_audit_tampered(vigil_db *db, const char *entity, const int64_t *ids,
                                        size_t n, vigil_store_id_fn fn, void *ctx,
                                        vigil_error *err)
{
	const struct history_form *f = history_form(entity);
	if (!f)
		return vigil_fail(err, VIGIL_EINVAL, "no patient records called '%s'", entity);
	if (!n)
		return VIGIL_OK;
	char *text = ids_json(ids, n);
	if (!text)
		return vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	sqlite3_stmt *stmt;
	vigil_status s = prepare_suspects(db, f, &stmt, err);
	if (s == VIGIL_OK) {
		sqlite3_bind_text(stmt, 1, text, -1, SQLITE_STATIC);
		s = each_suspect(db, f, stmt, fn, ctx, err);
		store_release(db, stmt);
	}
	free(text);
	return s;
}
