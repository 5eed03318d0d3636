/* users.c - the users table */
#include <string.h>

#include "internal.h"
#include "vigil/store.h"

#define USER_COLUMNS \
	"id, name, full_name, role, disabled, created_at, locked_until, pw_hash, failed_logins"

static void read_user(sqlite3_stmt *stmt, vigil_user *u)
{
	memset(u, 0, sizeof *u);
	u->id = sqlite3_column_int64(stmt, 0);
	store_column_copy(stmt, 1, u->name, sizeof u->name);
	store_column_copy(stmt, 2, u->full_name, sizeof u->full_name);
	const char *role = (const char *)sqlite3_column_text(stmt, 3);
	if (vigil_role_parse(role ? role : "", &u->role, NULL) != VIGIL_OK)
		u->role = VIGIL_ROLE_NURSE; /* the CHECK constraint makes this unreachable */
	u->disabled = sqlite3_column_int(stmt, 4) != 0;
	u->created_at = store_column_time(stmt, 5);
	u->locked_until = store_column_time(stmt, 6);
	u->failed_logins = sqlite3_column_int(stmt, 8);
}

vigil_status vigil_store_user_insert(vigil_db *db, const char *actor, vigil_user *user,
                                     const char *pw_hash, vigil_error *err)
{
	vigil_status s = store_write_begin(db, err);
	if (s != VIGIL_OK)
		return s;
	sqlite3_stmt *stmt;
	if ((s = store_prepare(db, &stmt,
	                       "INSERT INTO users (name, full_name, role, pw_hash, created_at)"
	                       " VALUES (?, ?, ?, ?, ?)",
	                       err)) == VIGIL_OK) {
		store_bind_text(stmt, 1, user->name);
		store_bind_text(stmt, 2, user->full_name);
		store_bind_text(stmt, 3, vigil_role_name(user->role));
		store_bind_text(stmt, 4, pw_hash);
		store_bind_time(stmt, 5, user->created_at);
		int rc = sqlite3_step(stmt);
		if (rc == SQLITE_CONSTRAINT_UNIQUE)
			s = vigil_fail(err, VIGIL_EEXIST, "user '%s' already exists", user->name);
		else if (rc != SQLITE_DONE)
			s = store_fail(db, rc, err, "adding a user");
		sqlite3_finalize(stmt);
	}
	if (s == VIGIL_OK) {
		user->id = sqlite3_last_insert_rowid(db->sql);
		s = store_audit_record(db, actor, "create", "user", user->id, err);
	}
	return store_write_end(db, s, err);
}

vigil_status vigil_store_user_find(vigil_db *db, const char *name, vigil_user *user,
                                   char *pw_hash, size_t hash_size, vigil_error *err)
{
	sqlite3_stmt *stmt;
	vigil_status s =
		store_prepare(db, &stmt, "SELECT " USER_COLUMNS " FROM users WHERE name = ?", err);
	if (s != VIGIL_OK)
		return s;
	store_bind_text(stmt, 1, name);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		read_user(stmt, user);
		if (pw_hash)
			store_column_copy(stmt, 7, pw_hash, hash_size);
	} else if (rc == SQLITE_DONE) {
		s = vigil_fail(err, VIGIL_ENOTFOUND, "unknown user '%s'", name);
	} else {
		s = store_fail(db, rc, err, "reading users");
	}
	sqlite3_finalize(stmt);
	return s;
}

/* One UPDATE of the users row plus its audit entry. */
static vigil_status update_user(vigil_db *db, const char *actor, const char *action, int64_t id,
                                const char *sql, const char *text, vigil_error *err)
{
	vigil_status s = store_write_begin(db, err);
	if (s != VIGIL_OK)
		return s;
	sqlite3_stmt *stmt;
	if ((s = store_audit_unchanged(db, "user", id, err)) == VIGIL_OK &&
	    (s = store_prepare(db, &stmt, sql, err)) == VIGIL_OK) {
		int last = 1;
		if (text)
			store_bind_text(stmt, last++, text);
		sqlite3_bind_int64(stmt, last, id);
		int rc = sqlite3_step(stmt);
		if (rc != SQLITE_DONE)
			s = store_fail(db, rc, err, "updating a user");
		sqlite3_finalize(stmt);
	}
	if (s == VIGIL_OK)
		s = store_audit_record(db, actor, action, "user", id, err);
	return store_write_end(db, s, err);
}

vigil_status vigil_store_user_set_disabled(vigil_db *db, const char *actor, int64_t id,
                                           vigil_error *err)
{
	return update_user(db, actor, "disable", id, "UPDATE users SET disabled = 1 WHERE id = ?",
	                   NULL, err);
}

vigil_status vigil_store_user_set_enabled(vigil_db *db, const char *actor, int64_t id,
                                          vigil_error *err)
{
	return update_user(db, actor, "enable", id, "UPDATE users SET disabled = 0 WHERE id = ?",
	                   NULL, err);
}

vigil_status vigil_store_user_unlock(vigil_db *db, const char *actor, int64_t id,
                                     vigil_error *err)
{
	return update_user(db, actor, "unlock", id,
	                   "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?",
	                   NULL, err);
}

vigil_status vigil_store_user_set_password(vigil_db *db, const char *actor, int64_t id,
                                           const char *pw_hash, vigil_error *err)
{
	return update_user(db, actor, "passwd", id,
	                   "UPDATE users SET pw_hash = ?, failed_logins = 0, locked_until = NULL"
	                   " WHERE id = ?",
	                   pw_hash, err);
}

vigil_status vigil_store_user_login_result(vigil_db *db, int64_t id, bool ok, vigil_time now,
                                           bool *locked, vigil_error *err)
{
	bool locked_now = false;
	vigil_status s = store_write_begin(db, err);
	if (s != VIGIL_OK)
		return s;
	sqlite3_stmt *stmt;
	/* A lock that has run out (locked_until <= now, ?4) starts the count
	 * afresh: three more tries, and a new lock is logged again. */
	const char *sql = ok ? "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?1"
	                     : "UPDATE users SET failed_logins = CASE WHEN locked_until <= ?4 THEN 1"
	                       " ELSE failed_logins + 1 END,"
	                       " locked_until = CASE WHEN (CASE WHEN locked_until <= ?4 THEN 1"
	                       " ELSE failed_logins + 1 END) >= ?2 THEN ?3"
	                       " WHEN locked_until <= ?4 THEN NULL"
	                       " ELSE locked_until END WHERE id = ?1 RETURNING locked_until IS NOT"
	                       " NULL AND failed_logins = ?2";
	if ((s = store_prepare(db, &stmt, sql, err)) == VIGIL_OK) {
		sqlite3_bind_int64(stmt, 1, id);
		if (!ok) {
			sqlite3_bind_int(stmt, 2, VIGIL_LOGIN_TRIES);
			store_bind_time(stmt, 3, now + VIGIL_LOCK_SECONDS);
			store_bind_time(stmt, 4, now);
		}
		int rc = sqlite3_step(stmt);
		locked_now = rc == SQLITE_ROW && sqlite3_column_int(stmt, 0);
		if (rc == SQLITE_ROW)
			rc = sqlite3_step(stmt);
		if (rc != SQLITE_DONE)
			s = store_fail(db, rc, err, "recording a login");
		sqlite3_finalize(stmt);
		if (s == VIGIL_OK && locked_now &&
		    (s = store_audit_unchanged(db, "user", id, err)) == VIGIL_OK)
			s = store_audit_record(db, "-", "lock", "user", id, err);
	}
	s = store_write_end(db, s, err);
	*locked = s == VIGIL_OK && locked_now;
	return s;
}

vigil_status vigil_store_user_count(vigil_db *db, int64_t *count, vigil_error *err)
{
	sqlite3_stmt *stmt;
	vigil_status s = store_prepare(db, &stmt, "SELECT count(*) FROM users", err);
	if (s != VIGIL_OK)
		return s;
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*count = sqlite3_column_int64(stmt, 0);
	else
		s = store_fail(db, rc, err, "counting users");
	sqlite3_finalize(stmt);
	return s;
}

vigil_status vigil_store_user_each(vigil_db *db, vigil_user_fn fn, void *ctx, vigil_error *err)
{
	sqlite3_stmt *stmt;
	vigil_status s =
		store_prepare(db, &stmt, "SELECT " USER_COLUMNS " FROM users ORDER BY name", err);
	if (s != VIGIL_OK)
		return s;
	int rc;
	vigil_user u;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		read_user(stmt, &u);
		if (fn(&u, ctx))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		s = store_fail(db, rc, err, "reading users");
	sqlite3_finalize(stmt);
	return s;
}
