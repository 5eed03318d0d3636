/* users.c - the users table */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "vigil/store.h"

#define USER_COLUMNS                                                                            \
	"id, name, full_name, role, disabled, created_at, locked_until, pw_hash, failed_logins,"  \
	" sign_pk, must_change"

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
	store_column_copy(stmt, 9, u->sign_pk, sizeof u->sign_pk);
	u->must_change = sqlite3_column_int(stmt, 10) != 0;
}

vigil_status vigil_store_user_insert(vigil_db *db, const char *actor, vigil_user *user,
                                     const char *pw_hash, vigil_error *err)
{
	vigil_status s = store_write_begin(db, err);
	if (s != VIGIL_OK)
		return s;
	sqlite3_stmt *stmt;
	if ((s = store_prepare(db, &stmt,
	                       "INSERT INTO users (name, full_name, role, pw_hash, created_at,"
	                       " sign_pk) VALUES (?, ?, ?, ?, ?, ?)",
	                       err)) == VIGIL_OK) {
		store_bind_text(stmt, 1, user->name);
		store_bind_text(stmt, 2, user->full_name);
		store_bind_text(stmt, 3, vigil_role_name(user->role));
		store_bind_text(stmt, 4, pw_hash);
		store_bind_time(stmt, 5, user->created_at);
		store_bind_text(stmt, 6, user->sign_pk[0] ? user->sign_pk : NULL);
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
                                const char *sql, const char *text, const char *text2,
                                vigil_error *err)
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
		if (text2)
			store_bind_text(stmt, last++, text2);
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
	                   NULL, NULL, err);
}

vigil_status vigil_store_user_set_enabled(vigil_db *db, const char *actor, int64_t id,
                                          vigil_error *err)
{
	return update_user(db, actor, "enable", id, "UPDATE users SET disabled = 0 WHERE id = ?",
	                   NULL, NULL, err);
}

vigil_status vigil_store_user_unlock(vigil_db *db, const char *actor, int64_t id,
                                     vigil_error *err)
{
	return update_user(db, actor, "unlock", id,
	                   "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?",
	                   NULL, NULL, err);
}

vigil_status vigil_store_user_set_password(vigil_db *db, const char *actor, const char *action,
                                           int64_t id, const char *pw_hash, const char *sign_pk,
                                           vigil_error *err)
{
	return update_user(db, actor, action, id,
	                   "UPDATE users SET pw_hash = ?, sign_pk = ?, failed_logins = 0,"
	                   " locked_until = NULL WHERE id = ?",
	                   pw_hash, sign_pk, err);
}

/* One user's login lock: a write lock on byte `id` of the file beside
 * the database ("ward.db-login", as private as the database), held while
 * that user's password is checked and the result counted. Tries at one
 * account thus take turns, so no more than VIGIL_LOGIN_TRIES wrong ones
 * are ever checked, while other users and every other write go on: the
 * database's own write lock is taken only for the moment a count is
 * written. A lock of a killed process goes with it. -1 when the file
 * cannot be had (a folder vigil may not write): the caller falls back to
 * the database's write lock. */
static int user_login_lock(vigil_db *db, int64_t id)
{
	char path[4200];
	struct stat st;
	if (!db->path || snprintf(path, sizeof path, "%s-login", db->path) >= (int)sizeof path ||
	    stat(db->path, &st) != 0)
		return -1;
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, st.st_mode & 0660);
	if (fd < 0)
		return -1;
	fchmod(fd, st.st_mode & 0660); /* whatever the umask (fails unless ours: no matter) */
	struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = (off_t)id,
		              .l_len = 1 };
	int rc;
	while ((rc = fcntl(fd, F_SETLKW, &lock)) != 0 && errno == EINTR)
		;
	if (rc != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void user_login_unlock(vigil_login_claim *claim)
{
	if (claim->user_locked)
		close(claim->lock_fd); /* releases the lock */
	claim->user_locked = false;
}

/* The count of wrong passwords and any lock, read with the user's login
 * lock held. */
static vigil_status read_tries(vigil_db *db, int64_t id, vigil_login_claim *claim,
                               vigil_time *locked, vigil_error *err)
{
	sqlite3_stmt *stmt;
	vigil_status s = store_audit_unchanged(db, "user", id, err);
	if (s == VIGIL_OK)
		s = store_prepare(db, &stmt, "SELECT failed_logins, locked_until FROM users WHERE id = ?",
		                  err);
	if (s != VIGIL_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, id);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		claim->had_failures = sqlite3_column_int(stmt, 0) > 0 ||
		                      sqlite3_column_type(stmt, 1) != SQLITE_NULL;
		*locked = store_column_time(stmt, 1);
	} else {
		s = store_fail(db, rc == SQLITE_DONE ? SQLITE_ERROR : rc, err, "reading users");
	}
	sqlite3_finalize(stmt);
	return s;
}

vigil_status vigil_store_user_claim_try(vigil_db *db, int64_t id, vigil_time now,
                                        vigil_login_claim *claim, vigil_error *err)
{
	memset(claim, 0, sizeof *claim);
	claim->lock_fd = -1;
	/* A file vigil may only read records nothing, and guessing at it
	 * gains nothing over reading the password record itself. */
	if (sqlite3_db_readonly(db->sql, "main") == 1) {
		claim->claimed = true;
		return VIGIL_OK;
	}
	if ((claim->lock_fd = user_login_lock(db, id)) >= 0) {
		claim->user_locked = true;
		vigil_time locked = 0;
		vigil_status s = read_tries(db, id, claim, &locked, err);
		if (s != VIGIL_OK || locked > now) {
			user_login_unlock(claim);
			return s;
		}
		claim->now = now;
		claim->claimed = true;
		return VIGIL_OK;
	}
	vigil_status s = store_write_begin(db, err);
	if (s == VIGIL_EBUSY) {
		/* Another program holds the write lock for longer than the busy
		 * timeout: reading goes on, unclaimed (whoever holds the lock has
		 * the file, and with it the password record). */
		claim->claimed = true;
		return VIGIL_OK;
	}
	if (s != VIGIL_OK)
		return s;
	sqlite3_stmt *stmt;
	vigil_time locked = 0;
	if ((s = store_audit_unchanged(db, "user", id, err)) == VIGIL_OK &&
	    (s = store_prepare(db, &stmt,
	                       "SELECT failed_logins, locked_until FROM users WHERE id = ?",
	                       err)) == VIGIL_OK) {
		sqlite3_bind_int64(stmt, 1, id);
		int rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW) {
			claim->had_failures = sqlite3_column_int(stmt, 0) > 0 ||
			                      sqlite3_column_type(stmt, 1) != SQLITE_NULL;
			locked = store_column_time(stmt, 1);
		} else {
			s = store_fail(db, rc == SQLITE_DONE ? SQLITE_ERROR : rc, err, "reading users");
		}
		sqlite3_finalize(stmt);
	}
	if (s != VIGIL_OK || locked > now)
		return store_write_end(db, s, err);
	claim->now = now;
	/* Held open while the password is checked: writes made meanwhile (a
	 * key for a user from before keys) join it. */
	claim->claimed = claim->open = true;
	db->tx_depth++;
	return VIGIL_OK;
}

/* Counts a try inside the caller's change: a wrong one counts (a lock
 * that has run out starts the count afresh); a right one clears it. */
static vigil_status count_try(vigil_db *db, const char *actor, int64_t id, bool ok,
                              const vigil_login_claim *claim, vigil_error *err)
{
	vigil_status s;
	/* ?3 is now: a lock that has run out starts the count afresh. */
	const char *sql = ok ? "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?1"
	                     : "UPDATE users SET"
	                       " failed_logins = CASE WHEN locked_until <= ?3 THEN 1"
	                       " ELSE failed_logins + 1 END,"
	                       " locked_until = CASE WHEN (CASE WHEN locked_until <= ?3 THEN 1"
	                       " ELSE failed_logins + 1 END) >= ?2 THEN ?4"
	                       " WHEN locked_until <= ?3 THEN NULL ELSE locked_until END"
	                       " WHERE id = ?1";
	sqlite3_stmt *stmt;
	if ((s = store_prepare(db, &stmt, sql, err)) == VIGIL_OK) {
		sqlite3_bind_int64(stmt, 1, id);
		if (!ok) {
			sqlite3_bind_int(stmt, 2, VIGIL_LOGIN_TRIES);
			store_bind_time(stmt, 3, claim->now);
			store_bind_time(stmt, 4, claim->now + VIGIL_LOCK_SECONDS);
		}
		int rc = sqlite3_step(stmt);
		if (rc != SQLITE_DONE)
			s = store_fail(db, rc, err, "recording a login");
		sqlite3_finalize(stmt);
	}
	if (s == VIGIL_OK)
		s = store_audit_record(db, ok ? actor : "-", ok ? "login" : "login-try", "user", id,
		                       err);
	return s;
}

vigil_status vigil_store_user_try_end(vigil_db *db, const char *actor, int64_t id, bool ok,
                                      vigil_login_claim *claim, vigil_error *err)
{
	vigil_status s = VIGIL_OK;
	if (claim->user_locked) {
		/* A good login after good ones writes nothing of its own. */
		if (!(ok && !claim->had_failures) && (s = store_write_begin(db, err)) == VIGIL_OK)
			s = store_write_end(db, count_try(db, actor, id, ok, claim, err), err);
		user_login_unlock(claim);
		return s;
	}
	if (!claim->open)
		return VIGIL_OK;
	db->tx_depth--;
	if (ok && !claim->had_failures) {
		/* A good login after good ones writes nothing of its own. */
		if (claim->keep)
			return store_write_end(db, VIGIL_OK, err);
		store_write_end(db, VIGIL_EINVAL, NULL);
		return VIGIL_OK;
	}
	return store_write_end(db, count_try(db, actor, id, ok, claim, err), err);
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
