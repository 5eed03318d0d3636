/* protocols.c - installed protocols, monitoring events and reassessments
 * not done (all append-only, each write audited in its transaction) */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "standing.h"
#include "vigil/store.h"

/* ---- protocols --------------------------------------------------------- */

/* Protocols and scale definitions are stored alike: a text with its
 * source and hash, who installed it and when; the latest of a scale
 * governs. table is one of the two, never text from outside. */
vigil_status store_definition_insert(vigil_db *db, const char *table, const char *entity,
                                     const char *actor, const char *action,
                                     const vigil_stored_protocol *p, vigil_error *err)
{
	vigil_status s = store_write_begin(db, err);
	if (s != VIGIL_OK)
		return s;
	char sql[256];
	snprintf(sql, sizeof sql,
	         "INSERT INTO %s (scale, source, text, hash, installed_at, installed_by_id)"
	         " VALUES (?, ?, ?, ?, ?, (SELECT id FROM users WHERE name = ?))",
	         table);
	sqlite3_stmt *stmt;
	if ((s = store_prepare(db, &stmt, sql, err)) == VIGIL_OK) {
		store_bind_text(stmt, 1, p->scale);
		store_bind_text(stmt, 2, p->source);
		store_bind_text(stmt, 3, p->text);
		store_bind_text(stmt, 4, p->hash);
		store_bind_time(stmt, 5, p->installed_at);
		store_bind_text(stmt, 6, actor);
		int rc = sqlite3_step(stmt);
		if (rc != SQLITE_DONE)
			s = store_fail(db, rc, err, "storing the definition");
		sqlite3_finalize(stmt);
	}
	if (s == VIGIL_OK)
		s = store_audit_record(db, actor, action, entity, sqlite3_last_insert_rowid(db->sql),
		                       err);
	return store_write_end(db, s, err);
}

vigil_status store_definition_each(vigil_db *db, const char *table, vigil_stored_protocol_fn fn,
                                   void *ctx, vigil_error *err)
{
	char sql[512];
	snprintf(sql, sizeof sql,
	         "SELECT p.id, p.scale, p.source, p.text, p.hash, p.installed_at, u.name"
	         " FROM %s p JOIN users u ON u.id = p.installed_by_id"
	         " WHERE p.id = (SELECT max(id) FROM %s q WHERE q.scale = p.scale)"
	         " ORDER BY p.scale",
	         table, table);
	sqlite3_stmt *stmt;
	vigil_status s = store_prepare(db, &stmt, sql, err);
	if (s != VIGIL_OK)
		return s;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		vigil_stored_protocol p = {
			.id = sqlite3_column_int64(stmt, 0),
			.scale = (const char *)sqlite3_column_text(stmt, 1),
			.source = (const char *)sqlite3_column_text(stmt, 2),
			.text = (const char *)sqlite3_column_text(stmt, 3),
			.hash = (const char *)sqlite3_column_text(stmt, 4),
			.installed_at = store_column_time(stmt, 5),
			.installed_by = (const char *)sqlite3_column_text(stmt, 6),
		};
		if (!p.scale || !p.source || !p.text || !p.hash || !p.installed_by) {
			rc = SQLITE_CORRUPT;
			break;
		}
		if (fn(&p, ctx))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		s = store_fail(db, rc, err, "reading the installed definitions");
	sqlite3_finalize(stmt);
	return s;
}

vigil_status vigil_store_protocol_insert(vigil_db *db, const char *actor,
                                         const vigil_stored_protocol *p, vigil_error *err)
{
	return store_definition_insert(db, "protocols", "protocol", actor, "install", p, err);
}

vigil_status vigil_store_protocol_each(vigil_db *db, vigil_stored_protocol_fn fn, void *ctx,
                                       vigil_error *err)
{
	return store_definition_each(db, "protocols", fn, ctx, err);
}

/* ---- monitoring -------------------------------------------------------- */

vigil_status vigil_store_monitor_insert(vigil_db *db, const char *actor, int64_t patient_id,
                                        const vigil_monitor_event *e, vigil_error *err)
{
	vigil_status s = store_write_begin(db, err);
	if (s != VIGIL_OK)
		return s;
	sqlite3_stmt *stmt;
	if ((s = store_prepare(db, &stmt,
	                       "INSERT INTO monitoring (patient_id, scale, action, at, by_id, reason)"
	                       " VALUES (?, ?, ?, ?, (SELECT id FROM users WHERE name = ?), ?)",
	                       err)) == VIGIL_OK) {
		sqlite3_bind_int64(stmt, 1, patient_id);
		store_bind_text(stmt, 2, e->scale);
		store_bind_text(stmt, 3, e->start ? "start" : "stop");
		store_bind_time(stmt, 4, e->at);
		store_bind_text(stmt, 5, actor);
		store_bind_text(stmt, 6, e->reason ? e->reason : "");
		int rc = sqlite3_step(stmt);
		if (rc != SQLITE_DONE)
			s = store_fail(db, rc, err, "saving the monitoring change");
		sqlite3_finalize(stmt);
	}
	if (s == VIGIL_OK)
		s = store_audit_record(db, actor, e->start ? "monitor start" : "monitor stop",
		                       "monitoring", sqlite3_last_insert_rowid(db->sql), err);
	return store_write_end(db, s, err);
}

vigil_status vigil_store_monitor_each(vigil_db *db, int64_t patient_id, const char *scale,
                                      vigil_monitor_fn fn, void *ctx, vigil_error *err)
{
	sqlite3_stmt *stmt;
	vigil_status s = store_prepare_cached(
		db, &stmt,
		"SELECT m.scale, m.action, m.at, u.name, m.reason FROM monitoring m"
		" JOIN users u ON u.id = m.by_id WHERE m.patient_id = ?1"
		" AND (?2 IS NULL OR m.scale = ?2) ORDER BY m.at, m.id",
		err);
	if (s != VIGIL_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, patient_id);
	store_bind_text(stmt, 2, scale);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *action = (const char *)sqlite3_column_text(stmt, 1);
		vigil_monitor_event e = {
			.scale = (const char *)sqlite3_column_text(stmt, 0),
			.start = action && !strcmp(action, "start"),
			.at = store_column_time(stmt, 2),
			.by = (const char *)sqlite3_column_text(stmt, 3),
			.reason = (const char *)sqlite3_column_text(stmt, 4),
		};
		if (!e.scale || !e.by || !e.reason) {
			rc = SQLITE_CORRUPT;
			break;
		}
		if (fn(&e, ctx))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		s = store_fail(db, rc, err, "reading monitoring");
	store_release(db, stmt);
	return s;
}

/* ---- not done ---------------------------------------------------------- */

/* A correction or mark of not-done record N<id> the schema refused. */
static vigil_status refused(vigil_db *db, int64_t id, bool voiding, int rc, const char *doing,
                            vigil_error *err)
{
	char name[40];
	snprintf(name, sizeof name, "not-done record N%lld", (long long)id);
	return store_refused_change(db, STORE_NOT_DONE, id, name, voiding, rc, doing, err);
}

vigil_status vigil_store_not_done_insert(vigil_db *db, const char *actor, vigil_not_done *nd,
                                         vigil_error *err)
{
	vigil_status s = store_write_begin(db, err);
	if (s != VIGIL_OK)
		return s;
	sqlite3_stmt *stmt;
	if ((s = store_prepare(
		     db, &stmt,
		     "INSERT INTO not_done (patient_id, scale, performed_at, entered_at, performer_id,"
		     " entered_by_id, why, note, late, supersedes_id, amend_reason)"
		     " VALUES (?1, ?2, ?3, ?4, (SELECT id FROM users WHERE name = ?5),"
		     " (SELECT id FROM users WHERE name = ?6), ?7, ?8, ?9, ?10, ?11)",
		     err)) == VIGIL_OK) {
		sqlite3_bind_int64(stmt, 1, nd->patient_id);
		store_bind_text(stmt, 2, nd->scale);
		store_bind_time(stmt, 3, nd->performed_at);
		store_bind_time(stmt, 4, nd->entered_at);
		store_bind_text(stmt, 5, nd->performer);
		store_bind_text(stmt, 6, nd->entered_by);
		store_bind_text(stmt, 7, vigil_not_done_why_name(nd->why));
		store_bind_text(stmt, 8, nd->note);
		sqlite3_bind_int(stmt, 9, nd->late ? 1 : 0);
		if (nd->supersedes)
			sqlite3_bind_int64(stmt, 10, nd->supersedes);
		else
			sqlite3_bind_null(stmt, 10);
		store_bind_text(stmt, 11, nd->amend_reason);
		int rc = sqlite3_step(stmt);
		if (rc != SQLITE_DONE && nd->supersedes)
			s = refused(db, nd->supersedes, false, rc, "saving the not-done record", err);
		else if (rc != SQLITE_DONE)
			s = store_fail(db, rc, err, "saving the not-done record");
		else
			nd->id = sqlite3_last_insert_rowid(db->sql);
		sqlite3_finalize(stmt);
	}
	if (s == VIGIL_OK)
		s = store_audit_record(db, actor, nd->supersedes ? "amend" : "not done", "not_done",
		                       nd->id, err);
	return store_write_end(db, s, err);
}

vigil_status vigil_store_not_done_void(vigil_db *db, const char *actor, int64_t id,
                                       vigil_time at, const char *reason, vigil_error *err)
{
	vigil_status s = store_write_begin(db, err);
	if (s != VIGIL_OK)
		return s;
	sqlite3_stmt *stmt;
	if ((s = store_prepare(db, &stmt,
	                       "INSERT INTO not_done_voids (not_done_id, voided_by_id, voided_at,"
	                       " reason) VALUES (?, (SELECT id FROM users WHERE name = ?), ?, ?)",
	                       err)) == VIGIL_OK) {
		sqlite3_bind_int64(stmt, 1, id);
		store_bind_text(stmt, 2, actor);
		store_bind_time(stmt, 3, at);
		store_bind_text(stmt, 4, reason);
		int rc = sqlite3_step(stmt);
		if (rc != SQLITE_DONE)
			s = refused(db, id, true, rc, "marking the record entered in error", err);
		sqlite3_finalize(stmt);
	}
	if (s == VIGIL_OK)
		s = store_audit_record(db, actor, "void", "not_done_void", id, err);
	return store_write_end(db, s, err);
}

static const char not_done_columns[] =
	"SELECT n.id, n.patient_id, p.mrn, n.scale, n.performed_at, n.entered_at, pu.name,"
	" eu.name, n.why, n.note, n.late, n.supersedes_id, n.amend_reason,"
	" s.id, su.name, s.entered_at, s.amend_reason, v.voided_at, vu.name, v.reason"
	" FROM not_done n JOIN patients p ON p.id = n.patient_id"
	" JOIN users pu ON pu.id = n.performer_id JOIN users eu ON eu.id = n.entered_by_id"
	" LEFT JOIN not_done s ON s.supersedes_id = n.id"
	" LEFT JOIN users su ON su.id = s.entered_by_id"
	" LEFT JOIN not_done_voids v ON v.not_done_id = n.id"
	" LEFT JOIN users vu ON vu.id = v.voided_by_id";

static void read_not_done(sqlite3_stmt *st, vigil_not_done *nd)
{
	memset(nd, 0, sizeof *nd);
	nd->id = sqlite3_column_int64(st, 0);
	nd->patient_id = sqlite3_column_int64(st, 1);
	store_column_copy(st, 2, nd->mrn, sizeof nd->mrn);
	store_column_copy(st, 3, nd->scale, sizeof nd->scale);
	nd->performed_at = store_column_time(st, 4);
	nd->entered_at = store_column_time(st, 5);
	store_column_copy(st, 6, nd->performer, sizeof nd->performer);
	store_column_copy(st, 7, nd->entered_by, sizeof nd->entered_by);
	const char *why = (const char *)sqlite3_column_text(st, 8);
	if (vigil_not_done_why_parse(why, &nd->why, NULL) != VIGIL_OK)
		nd->why = VIGIL_NOT_DONE_OTHER;
	store_column_copy(st, 9, nd->note, sizeof nd->note);
	nd->late = sqlite3_column_int(st, 10) != 0;
	nd->supersedes = sqlite3_column_int64(st, 11);
	store_column_copy(st, 12, nd->amend_reason, sizeof nd->amend_reason);
	store_read_correction(st, 13, &nd->status, &nd->superseded_by, &nd->corrected_at,
	                      nd->corrected_by, sizeof nd->corrected_by, nd->correction_reason,
	                      sizeof nd->correction_reason);
}

vigil_status vigil_store_not_done_get(vigil_db *db, int64_t id, vigil_not_done *nd,
                                      vigil_error *err)
{
	char sql[sizeof not_done_columns + 32];
	snprintf(sql, sizeof sql, "%s WHERE n.id = ?", not_done_columns);
	sqlite3_stmt *stmt;
	vigil_status s = store_prepare(db, &stmt, sql, err);
	if (s != VIGIL_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, id);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		read_not_done(stmt, nd);
	else if (rc == SQLITE_DONE)
		s = vigil_fail(err, VIGIL_ENOTFOUND, "no not-done record N%lld", (long long)id);
	else
		s = store_fail(db, rc, err, "reading a not-done record");
	sqlite3_finalize(stmt);
	return s;
}

vigil_status vigil_store_not_done_query(vigil_db *db, int64_t patient_id,
                                        const vigil_not_done_query *q, vigil_not_done_fn fn,
                                        void *ctx, vigil_error *err)
{
	char sql[sizeof not_done_columns + 400];
	snprintf(sql, sizeof sql,
	         "%s WHERE n.patient_id = ?1 AND (?2 IS NULL OR n.scale = ?2)"
	         " AND (?3 IS NULL OR n.performed_at >= ?3) AND (?4 IS NULL OR n.performed_at < ?4)"
	         "%s ORDER BY n.performed_at %s, n.id %s",
	         not_done_columns, q->all ? "" : " AND s.id IS NULL AND v.not_done_id IS NULL",
	         q->oldest_first ? "" : "DESC", q->oldest_first ? "" : "DESC");
	sqlite3_stmt *stmt;
	vigil_status s = store_prepare_cached(db, &stmt, sql, err);
	if (s != VIGIL_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, patient_id);
	store_bind_text(stmt, 2, q->scale);
	store_bind_time(stmt, 3, q->from);
	store_bind_time(stmt, 4, q->to);
	vigil_not_done nd;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		read_not_done(stmt, &nd);
		if (fn(&nd, ctx))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		s = store_fail(db, rc, err, "reading not-done records");
	store_release(db, stmt);
	return s;
}
