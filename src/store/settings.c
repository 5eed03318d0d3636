/* settings.c - the settings table: what kind of database this is, and the
 * settings an admin changes (audited like any record). */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "vigil/clock.h"
#include "vigil/store.h"
#include "vigil/text.h"

/* Environment variables that change what vigil records or how safely it
 * runs: honoured on a training database only. */
static const char *const test_overrides[] = { "VIGIL_NOW", "VIGIL_SCALES",
	                                      "VIGIL_IDLE_SECONDS" };

/* A database whose init did not finish has no log yet: nobody can log
 * in to it, and its kind is read as it is. */
static bool log_is_empty(vigil_db *db)
{
	sqlite3_stmt *stmt;
	if (store_prepare(db, &stmt, "SELECT NOT EXISTS (SELECT 1 FROM audit_log)", NULL) !=
	    VIGIL_OK)
		return false;
	bool empty = sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return empty;
}

static vigil_status setting_read_unchecked(vigil_db *db, const char *key, char *buf,
                                           size_t size, bool *found, int64_t *id,
                                           vigil_error *err);

/* A setting as stored, checked against its audit entry: one changed with
 * another program (the kind of database, an idle lock of 0) is refused,
 * never acted on. */
static vigil_status setting_read_unchecked(vigil_db *db, const char *key, char *buf,
                                           size_t size, bool *found, int64_t *id,
                                           vigil_error *err)
{
	sqlite3_stmt *stmt;
	vigil_status s =
		store_prepare_cached(db, &stmt, "SELECT id, value FROM settings WHERE key = ?", err);
	if (s != VIGIL_OK)
		return s;
	store_bind_text(stmt, 1, key);
	int rc = sqlite3_step(stmt);
	*found = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(stmt, 0);
		store_column_copy(stmt, 1, buf, size);
	} else if (rc != SQLITE_DONE) {
		s = store_fail(db, rc, err, "reading settings");
	}
	store_release(db, stmt);
	return s;
}

static vigil_status setting_read(vigil_db *db, const char *key, char *buf, size_t size,
                                 bool *found, vigil_error *err)
{
	int64_t id = 0;
	vigil_status s = setting_read_unchecked(db, key, buf, size, found, &id, err);
	if (s == VIGIL_OK && *found)
		s = store_audit_unchanged(db, "setting", id, err);
	return s;
}

vigil_status store_gate_test_overrides(vigil_db *db, bool training, vigil_error *err)
{
	db->training = training;
	vigil_training_set(training);
	if (training)
		return VIGIL_OK;
	for (size_t i = 0; i < sizeof test_overrides / sizeof test_overrides[0]; i++) {
		const char *v = getenv(test_overrides[i]);
		if (v && *v)
			return vigil_fail(err, VIGIL_EINVAL,
			                  "%s is a ward's database: %s works only on a training "
			                  "database; unset it (nothing was changed)",
			                  db->path, test_overrides[i]);
	}
	return VIGIL_OK;
}

vigil_status store_read_kind(vigil_db *db, int version, vigil_error *err)
{
	bool training = false;
	if (version >= 6) {
		char kind[16];
		bool found;
		int64_t id;
		vigil_status s = log_is_empty(db) ? setting_read_unchecked(db, "database", kind,
		                                                            sizeof kind, &found, &id,
		                                                            err)
		                                  : setting_read(db, "database", kind, sizeof kind,
		                                                 &found, err);
		if (s != VIGIL_OK)
			return s;
		training = found && strcmp(kind, "training") == 0;
	}
	return store_gate_test_overrides(db, training, err);
}

bool vigil_db_training(const vigil_db *db)
{
	return db->training;
}

vigil_status vigil_store_setting_get(vigil_db *db, const char *key, char *buf, size_t size,
                                     bool *found, vigil_error *err)
{
	return setting_read(db, key, buf, size, found, err);
}

vigil_status vigil_store_setting_set(vigil_db *db, const char *actor, const char *key,
                                     const char *value, vigil_error *err)
{
	vigil_status s = store_write_begin(db, err);
	if (s != VIGIL_OK)
		return s;
	sqlite3_stmt *stmt;
	int64_t id = 0;
	if ((s = store_prepare(db, &stmt, "SELECT id FROM settings WHERE key = ?", err)) == VIGIL_OK) {
		store_bind_text(stmt, 1, key);
		int rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW)
			id = sqlite3_column_int64(stmt, 0);
		else if (rc != SQLITE_DONE)
			s = store_fail(db, rc, err, "reading settings");
		sqlite3_finalize(stmt);
	}
	if (s == VIGIL_OK && id)
		s = store_audit_unchanged(db, "setting", id, err);
	if (s == VIGIL_OK)
		s = store_prepare(db, &stmt,
		                  id ? "UPDATE settings SET value = ?2 WHERE id = ?1"
		                     : "INSERT INTO settings (key, value) VALUES (?3, ?2)",
		                  err);
	if (s == VIGIL_OK) {
		if (id)
			sqlite3_bind_int64(stmt, 1, id);
		store_bind_text(stmt, 2, value);
		if (!id)
			store_bind_text(stmt, 3, key);
		int rc = sqlite3_step(stmt);
		if (rc != SQLITE_DONE)
			s = store_fail(db, rc, err, "changing a setting");
		sqlite3_finalize(stmt);
		if (!id)
			id = sqlite3_last_insert_rowid(db->sql);
	}
	if (s == VIGIL_OK)
		s = store_audit_record(db, actor, "set", "setting", id, err);
	return store_write_end(db, s, err);
}

vigil_status store_insert_kind(vigil_db *db, bool training, vigil_error *err)
{
	sqlite3_stmt *stmt;
	vigil_status s = store_prepare(
		db, &stmt, "INSERT INTO settings (key, value) VALUES ('database', ?)", err);
	if (s != VIGIL_OK)
		return s;
	store_bind_text(stmt, 1, training ? "training" : "ward");
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? VIGIL_OK : store_fail(db, rc, err, "creating the database");
}

vigil_status vigil_store_setting_audit(vigil_db *db, const char *actor, const char *action,
                                       const char *key, vigil_error *err)
{
	vigil_status s = store_write_begin(db, err);
	if (s != VIGIL_OK)
		return s;
	sqlite3_stmt *stmt;
	if ((s = store_prepare(db, &stmt, "SELECT id FROM settings WHERE key = ?", err)) == VIGIL_OK) {
		store_bind_text(stmt, 1, key);
		int rc = sqlite3_step(stmt);
		int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
		if (rc != SQLITE_ROW)
			s = store_fail(db, rc == SQLITE_DONE ? SQLITE_ERROR : rc, err, "reading settings");
		sqlite3_finalize(stmt);
		if (s == VIGIL_OK)
			s = store_audit_record(db, actor, action, "setting", id, err);
	}
	return store_write_end(db, s, err);
}
