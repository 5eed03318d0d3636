/* assessments.c - assessments, their items and voids (all append-only) */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "standing.h"
#include "vigil/store.h"

/* Item rows already waiting for a new assessment's id were put there by
 * another program; saving now would write them into the audit log. */
static vigil_status check_no_items(vigil_db *db, int64_t id, vigil_error *err)
{
	sqlite3_stmt *stmt;
	vigil_status s = store_prepare_cached(
		db, &stmt, "SELECT count(*) FROM assessment_items WHERE assessment_id = ?", err);
	if (s != VIGIL_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, id);
	int rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW)
		s = store_fail(db, rc, err, "saving assessment items");
	else if (sqlite3_column_int(stmt, 0) > 0)
		s = vigil_fail(err, VIGIL_ETAMPER,
		               "assessment_items already holds rows for assessment %lld (added outside "
		               "vigil); nothing was saved: an admin should run 'vigil audit verify'",
		               (long long)id);
	store_release(db, stmt);
	return s;
}

static vigil_status insert_items(vigil_db *db, const vigil_assessment *a, vigil_error *err)
{
	sqlite3_stmt *stmt;
	vigil_status s = check_no_items(db, a->id, err);
	if (s != VIGIL_OK)
		return s;
	s = store_prepare_cached(db, &stmt,
	                         "INSERT INTO assessment_items (assessment_id, item, score,"
	                         " raw_value) VALUES (?, ?, ?, ?)",
	                         err);
	for (size_t i = 0; s == VIGIL_OK && i < a->nitems; i++) {
		const vigil_item_value *v = &a->items[i];
		sqlite3_bind_int64(stmt, 1, a->id);
		store_bind_text(stmt, 2, v->key);
		sqlite3_bind_int(stmt, 3, v->score);
		if (v->has_raw)
			sqlite3_bind_int(stmt, 4, v->raw);
		else
			sqlite3_bind_null(stmt, 4);
		int rc = sqlite3_step(stmt);
		if (rc != SQLITE_DONE)
			s = store_fail(db, rc, err, "saving assessment items");
		sqlite3_reset(stmt);
	}
	store_release(db, stmt);
	return s;
}

static vigil_status insert_row(vigil_db *db, vigil_assessment *a, vigil_error *err)
{
	sqlite3_stmt *stmt;
	vigil_status s = store_prepare_cached(
		db, &stmt,
		"INSERT INTO assessments (patient_id, scale, performed_at, entered_at, performer_id,"
		" entered_by_id, reason, note, total, max_total, band, late, supersedes_id, amend_reason,"
		" definition) VALUES (?1, ?2, ?3, ?4, (SELECT id FROM users WHERE name = ?5),"
		" (SELECT id FROM users WHERE name = ?6), ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
		err);
	if (s != VIGIL_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, a->patient_id);
	store_bind_text(stmt, 2, a->scale);
	store_bind_time(stmt, 3, a->performed_at);
	store_bind_time(stmt, 4, a->entered_at);
	store_bind_text(stmt, 5, a->performer);
	store_bind_text(stmt, 6, a->entered_by);
	store_bind_text(stmt, 7, a->reason);
	store_bind_text(stmt, 8, a->note);
	sqlite3_bind_int(stmt, 9, a->total);
	sqlite3_bind_int(stmt, 10, a->max_total);
	store_bind_text(stmt, 11, a->band);
	sqlite3_bind_int(stmt, 12, a->late ? 1 : 0);
	if (a->supersedes)
		sqlite3_bind_int64(stmt, 13, a->supersedes);
	else
		sqlite3_bind_null(stmt, 13);
	store_bind_text(stmt, 14, a->amend_reason);
	store_bind_text(stmt, 15, a->definition[0] ? a->definition : NULL);
	int rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE && a->supersedes) {
		char name[40];
		snprintf(name, sizeof name, "assessment %lld", (long long)a->supersedes);
		s = store_refused_change(db, STORE_ASSESSMENT, a->supersedes, name, false, rc,
		                         "saving the assessment", err);
	} else if (rc != SQLITE_DONE)
		s = store_fail(db, rc, err, "saving the assessment");
	else
		a->id = sqlite3_last_insert_rowid(db->sql);
	store_release(db, stmt);
	return s;
}

vigil_status vigil_store_assessment_insert(vigil_db *db, const char *actor, vigil_assessment *a,
                                           vigil_error *err)
{
	vigil_status s = store_write_begin(db, err);
	if (s != VIGIL_OK)
		return s;
	if ((s = insert_row(db, a, err)) == VIGIL_OK && (s = insert_items(db, a, err)) == VIGIL_OK)
		s = store_audit_record(db, actor, a->supersedes ? "amend" : "record", "assessment", a->id,
		                       err);
	return store_write_end(db, s, err);
}

vigil_status vigil_store_void_insert(vigil_db *db, const char *actor, int64_t id, vigil_time at,
                                     const char *reason, vigil_error *err)
{
	vigil_status s = store_write_begin(db, err);
	if (s != VIGIL_OK)
		return s;
	sqlite3_stmt *stmt;
	if ((s = store_prepare_cached(db, &stmt,
	                              "INSERT INTO voids (assessment_id, voided_by_id, voided_at,"
	                              " reason) VALUES (?, (SELECT id FROM users WHERE name = ?),"
	                              " ?, ?)",
	                              err)) == VIGIL_OK) {
		sqlite3_bind_int64(stmt, 1, id);
		store_bind_text(stmt, 2, actor);
		store_bind_time(stmt, 3, at);
		store_bind_text(stmt, 4, reason);
		int rc = sqlite3_step(stmt);
		if (rc != SQLITE_DONE) {
			char name[40];
			snprintf(name, sizeof name, "assessment %lld", (long long)id);
			s = store_refused_change(db, STORE_ASSESSMENT, id, name, true, rc,
			                         "marking the assessment entered in error", err);
		}
		store_release(db, stmt);
	}
	if (s == VIGIL_OK)
		s = store_audit_record(db, actor, "void", "void", id, err);
	return store_write_end(db, s, err);
}

/* Columns read by read_row, in order. The LEFT JOINs find the correction
 * (if any) that replaced or voided each row. */
static const char select_columns[] =
	"SELECT a.id, a.patient_id, p.mrn, a.scale, a.performed_at, a.entered_at, pu.name,"
	" eu.name, a.reason, a.note, a.total, a.max_total, a.band, a.late, a.supersedes_id,"
	" a.amend_reason, s.id, su.name, s.entered_at, s.amend_reason, v.voided_at, vu.name,"
	" v.reason, a.definition"
	" FROM assessments a JOIN patients p ON p.id = a.patient_id"
	" JOIN users pu ON pu.id = a.performer_id JOIN users eu ON eu.id = a.entered_by_id"
	" LEFT JOIN assessments s ON s.supersedes_id = a.id"
	" LEFT JOIN users su ON su.id = s.entered_by_id"
	" LEFT JOIN voids v ON v.assessment_id = a.id"
	" LEFT JOIN users vu ON vu.id = v.voided_by_id";

/* Every field is written, not the whole struct cleared first: that was
 * 7 KiB a row, 70 MB of clearing for a history of 10,000. */
static void read_row(sqlite3_stmt *st, vigil_assessment *a)
{
	a->superseded_by = 0;
	a->corrected_at = 0;
	a->corrected_by[0] = a->correction_reason[0] = '\0';
	a->id = sqlite3_column_int64(st, 0);
	a->patient_id = sqlite3_column_int64(st, 1);
	store_column_copy(st, 2, a->mrn, sizeof a->mrn);
	store_column_copy(st, 3, a->scale, sizeof a->scale);
	a->performed_at = store_column_time(st, 4);
	a->entered_at = store_column_time(st, 5);
	store_column_copy(st, 6, a->performer, sizeof a->performer);
	store_column_copy(st, 7, a->entered_by, sizeof a->entered_by);
	store_column_copy(st, 8, a->reason, sizeof a->reason);
	store_column_copy(st, 9, a->note, sizeof a->note);
	a->total = sqlite3_column_int(st, 10);
	a->max_total = sqlite3_column_int(st, 11);
	store_column_copy(st, 12, a->band, sizeof a->band);
	a->late = sqlite3_column_int(st, 13) != 0;
	a->supersedes = sqlite3_column_int64(st, 14);
	store_column_copy(st, 15, a->amend_reason, sizeof a->amend_reason);
	store_column_copy(st, 23, a->definition, sizeof a->definition);
	a->status = VIGIL_ASSESS_FINAL;
	if (sqlite3_column_type(st, 20) != SQLITE_NULL) {
		a->status = VIGIL_ASSESS_VOIDED;
		a->corrected_at = store_column_time(st, 20);
		store_column_copy(st, 21, a->corrected_by, sizeof a->corrected_by);
		store_column_copy(st, 22, a->correction_reason, sizeof a->correction_reason);
	} else if (sqlite3_column_type(st, 16) != SQLITE_NULL) {
		a->status = VIGIL_ASSESS_AMENDED;
		a->superseded_by = sqlite3_column_int64(st, 16);
		store_column_copy(st, 17, a->corrected_by, sizeof a->corrected_by);
		a->corrected_at = store_column_time(st, 18);
		store_column_copy(st, 19, a->correction_reason, sizeof a->correction_reason);
	}
}

static vigil_status read_items(vigil_db *db, sqlite3_stmt *items, vigil_assessment *a,
                               vigil_error *err)
{
	sqlite3_bind_int64(items, 1, a->id);
	int rc;
	a->nitems = 0;
	while ((rc = sqlite3_step(items)) == SQLITE_ROW && a->nitems < VIGIL_ITEMS_MAX) {
		vigil_item_value *v = &a->items[a->nitems++];
		store_column_copy(items, 0, v->key, sizeof v->key);
		v->score = sqlite3_column_int(items, 1);
		v->has_raw = sqlite3_column_type(items, 2) != SQLITE_NULL;
		v->raw = v->has_raw ? sqlite3_column_int(items, 2) : 0;
	}
	sqlite3_reset(items);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(db, rc, err, "reading assessment items");
	return VIGIL_OK;
}

static vigil_status prepare_items_cached(vigil_db *db, sqlite3_stmt **stmt, vigil_error *err)
{
	return store_prepare_cached(db, stmt,
	                            "SELECT item, score, raw_value FROM assessment_items"
	                            " WHERE assessment_id = ? ORDER BY item",
	                            err);
}

vigil_status vigil_store_assessment_get(vigil_db *db, int64_t id, vigil_assessment *a,
                                        vigil_error *err)
{
	char sql[sizeof select_columns + 32];
	snprintf(sql, sizeof sql, "%s WHERE a.id = ?", select_columns);
	sqlite3_stmt *stmt, *items = NULL;
	vigil_status s = store_prepare_cached(db, &stmt, sql, err);
	if (s != VIGIL_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, id);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		read_row(stmt, a);
		if ((s = prepare_items_cached(db, &items, err)) == VIGIL_OK)
			s = read_items(db, items, a, err);
	} else if (rc == SQLITE_DONE) {
		s = vigil_fail(err, VIGIL_ENOTFOUND, "no assessment with id %lld", (long long)id);
	} else {
		s = store_fail(db, rc, err, "reading an assessment");
	}
	store_release(db, items);
	store_release(db, stmt);
	return s;
}

/* Builds the WHERE clause with numbered parameters bound in bind_query. */
static void query_sql(const vigil_query *q, char *sql, size_t size)
{
	int n = snprintf(sql, size, "%s WHERE 1", select_columns);
	if (q->mrn)
		n += snprintf(sql + n, size - n, " AND a.patient_id = (SELECT id FROM patients"
		                                 " WHERE mrn = ?1 COLLATE NOCASE)");
	if (q->scale)
		n += snprintf(sql + n, size - n, " AND a.scale = ?2");
	if (q->from)
		n += snprintf(sql + n, size - n, " AND a.performed_at >= ?3");
	if (q->to)
		n += snprintf(sql + n, size - n, " AND a.performed_at < ?4");
	if (!q->all)
		n += snprintf(sql + n, size - n, " AND s.id IS NULL AND v.assessment_id IS NULL");
	n += snprintf(sql + n, size - n,
	              q->oldest_first ? " ORDER BY a.performed_at, a.id"
	                              : " ORDER BY a.performed_at DESC, a.id DESC");
	if (q->limit)
		snprintf(sql + n, size - n, " LIMIT ?5");
}

vigil_status vigil_store_assessment_query(vigil_db *db, const vigil_query *q,
                                          vigil_assessment_fn fn, void *ctx, vigil_error *err)
{
	char sql[sizeof select_columns + 512];
	query_sql(q, sql, sizeof sql);
	sqlite3_stmt *stmt, *items = NULL;
	vigil_status s = store_prepare_cached(db, &stmt, sql, err);
	if (s != VIGIL_OK)
		return s;
	if (q->with_items && (s = prepare_items_cached(db, &items, err)) != VIGIL_OK) {
		store_release(db, stmt);
		return s;
	}
	store_bind_text(stmt, 1, q->mrn);
	store_bind_text(stmt, 2, q->scale);
	store_bind_time(stmt, 3, q->from);
	store_bind_time(stmt, 4, q->to);
	sqlite3_bind_int64(stmt, 5, (sqlite3_int64)q->limit);
	/* One struct reused for every row keeps memory flat for any count. */
	vigil_assessment row;
	size_t seen = 0;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		read_row(stmt, &row);
		row.nitems = 0;
		if (items && (q->items_for == 0 || seen < q->items_for) &&
		    (s = read_items(db, items, &row, err)) != VIGIL_OK)
			break;
		seen++;
		if (fn(&row, ctx))
			break;
	}
	if (s == VIGIL_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		s = store_fail(db, rc, err, "reading assessments");
	store_release(db, items);
	store_release(db, stmt);
	return s;
}
