/* scale_defs.c - the scale definitions a ward uses, pinned in its database
 * (append-only: the latest row of a scale governs; each write audited) */
#include <string.h>

#include "internal.h"
#include "vigil/store.h"

vigil_status vigil_store_scale_def_insert(vigil_db *db, const char *actor, const char *action,
                                          const vigil_stored_protocol *d, vigil_error *err)
{
	vigil_status s = store_write_begin(db, err);
	if (s != VIGIL_OK)
		return s;
	sqlite3_stmt *stmt;
	if ((s = store_prepare(db, &stmt,
	                       "INSERT INTO scale_defs (scale, source, text, hash, installed_at,"
	                       " installed_by_id) VALUES (?, ?, ?, ?, ?,"
	                       " (SELECT id FROM users WHERE name = ?))",
	                       err)) == VIGIL_OK) {
		store_bind_text(stmt, 1, d->scale);
		store_bind_text(stmt, 2, d->source);
		store_bind_text(stmt, 3, d->text);
		store_bind_text(stmt, 4, d->hash);
		store_bind_time(stmt, 5, d->installed_at);
		store_bind_text(stmt, 6, actor);
		int rc = sqlite3_step(stmt);
		if (rc != SQLITE_DONE)
			s = store_fail(db, rc, err, "storing the scale definition");
		sqlite3_finalize(stmt);
	}
	if (s == VIGIL_OK)
		s = store_audit_record(db, actor, action, "scale_def",
		                       sqlite3_last_insert_rowid(db->sql), err);
	return store_write_end(db, s, err);
}

vigil_status vigil_store_scale_def_each(vigil_db *db, vigil_stored_protocol_fn fn, void *ctx,
                                        vigil_error *err)
{
	sqlite3_stmt *stmt;
	vigil_status s = store_prepare(
		db, &stmt,
		"SELECT d.id, d.scale, d.source, d.text, d.hash, d.installed_at, u.name"
		" FROM scale_defs d LEFT JOIN users u ON u.id = d.installed_by_id"
		" WHERE d.id = (SELECT max(id) FROM scale_defs e WHERE e.scale = d.scale)"
		" ORDER BY d.scale",
		err);
	if (s != VIGIL_OK)
		return s;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		vigil_stored_protocol d = {
			.id = sqlite3_column_int64(stmt, 0),
			.scale = (const char *)sqlite3_column_text(stmt, 1),
			.source = (const char *)sqlite3_column_text(stmt, 2),
			.text = (const char *)sqlite3_column_text(stmt, 3),
			.hash = (const char *)sqlite3_column_text(stmt, 4),
			.installed_at = store_column_time(stmt, 5),
			.installed_by = (const char *)sqlite3_column_text(stmt, 6),
		};
		if (!d.scale || !d.source || !d.text || !d.hash) {
			rc = SQLITE_CORRUPT;
			break;
		}
		if (!d.installed_by)
			d.installed_by = "-";
		if (fn(&d, ctx))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		s = store_fail(db, rc, err, "reading the scale definitions");
	sqlite3_finalize(stmt);
	return s;
}
