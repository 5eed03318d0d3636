/* db.c - opening, creating and transactions for the vigil SQLite file */
#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "internal.h"
#include "vigil/db.h"
#include "vigil/text.h"

#define DEFAULT_BUSY_MS 5000

vigil_status vigil_db_default_path(char *buf, size_t size, vigil_error *err)
{
	const char *env = getenv("VIGIL_DB");
	int n;
	if (env && *env) {
		n = snprintf(buf, size, "%s", env);
	} else if ((env = getenv("XDG_DATA_HOME")) && *env) {
		n = snprintf(buf, size, "%s/vigil/vigil.db", env);
	} else if ((env = getenv("HOME")) && *env) {
		n = snprintf(buf, size, "%s/.local/share/vigil/vigil.db", env);
	} else {
		return vigil_fail(err, VIGIL_ENOTFOUND,
		                  "no database path: VIGIL_DB, XDG_DATA_HOME and HOME are unset");
	}
	if (n < 0 || (size_t)n >= size)
		return vigil_fail(err, VIGIL_EINVAL, "database path is too long");
	return VIGIL_OK;
}

vigil_status store_fail(vigil_db *db, int rc, vigil_error *err, const char *what)
{
	const char *path = db && db->path ? db->path : "database";
	const char *detail = db && db->sql ? sqlite3_errmsg(db->sql) : sqlite3_errstr(rc);
	/* SQLite reports a full disk met while opening its -wal or -shm file as
	 * an I/O error: the OS error says what it really was. */
	if (db && db->sql && sqlite3_system_errno(db->sql) == ENOSPC)
		rc = SQLITE_FULL;
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return vigil_fail(err, VIGIL_EBUSY,
		                  "%s: database is locked by another program; try again", path);
	case SQLITE_READONLY:
		return vigil_fail(err, VIGIL_EDB, "%s: database is read-only", path);
	case SQLITE_FULL:
		return vigil_fail(err, VIGIL_EDB, "%s: disk is full; nothing was saved", path);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return vigil_fail(err, VIGIL_EDB, "%s: not a vigil database, or it is corrupt", path);
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
	case SQLITE_IOERR:
		return vigil_fail(err, VIGIL_EDB, "%s: cannot open or write the database (%s)", path,
		                  detail);
	case SQLITE_INTERRUPT:
		return vigil_fail(err, VIGIL_EDB, "%s: interrupted", path);
	case SQLITE_CONSTRAINT:
		return vigil_fail(err, VIGIL_EDB, "%s: %s refused: %s", path, what, detail);
	default:
		return vigil_fail(err, VIGIL_EDB, "%s: %s failed: %s", path, what, detail);
	}
}

vigil_status store_prepare(vigil_db *db, sqlite3_stmt **stmt, const char *sql, vigil_error *err)
{
	int rc = sqlite3_prepare_v2(db->sql, sql, -1, stmt, NULL);
	if (rc != SQLITE_OK) {
		*stmt = NULL;
		return store_fail(db, rc, err, "query");
	}
	return VIGIL_OK;
}

/* FNV-1a: many of the store's statements share a long first part (the
 * columns of a joined read), so slots are told apart by hash first. */
static uint64_t sql_hash(const char *sql)
{
	uint64_t h = 14695981039346656037u;
	for (const unsigned char *p = (const unsigned char *)sql; *p; p++)
		h = (h ^ *p) * 1099511628211u;
	return h;
}

vigil_status store_prepare_cached(vigil_db *db, sqlite3_stmt **stmt, const char *sql,
                                  vigil_error *err)
{
	struct store_cached *free_slot = NULL;
	uint64_t hash = sql_hash(sql);
	for (size_t i = 0; i < STORE_CACHE_MAX; i++) {
		struct store_cached *c = &db->cache[i];
		if (!c->sql) {
			if (!free_slot)
				free_slot = c;
		} else if (!c->in_use && c->hash == hash && strcmp(c->sql, sql) == 0) {
			c->in_use = true;
			*stmt = c->stmt;
			return VIGIL_OK;
		}
	}
	size_t len = strlen(sql) + 1;
	char *copy = free_slot ? malloc(len) : NULL;
	int rc = sqlite3_prepare_v3(db->sql, sql, -1, copy ? SQLITE_PREPARE_PERSISTENT : 0, stmt,
	                            NULL);
	if (rc != SQLITE_OK) {
		free(copy);
		*stmt = NULL;
		return store_fail(db, rc, err, "query");
	}
	if (copy) {
		memcpy(copy, sql, len);
		*free_slot = (struct store_cached){ copy, hash, *stmt, true };
	}
	return VIGIL_OK;
}

void store_release(vigil_db *db, sqlite3_stmt *stmt)
{
	if (!stmt)
		return;
	for (size_t i = 0; i < STORE_CACHE_MAX; i++) {
		if (db->cache[i].stmt == stmt) {
			sqlite3_reset(stmt);
			sqlite3_clear_bindings(stmt);
			db->cache[i].in_use = false;
			return;
		}
	}
	sqlite3_finalize(stmt);
}

vigil_status store_exec(vigil_db *db, const char *sql, vigil_error *err)
{
	int rc = sqlite3_exec(db->sql, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? VIGIL_OK : store_fail(db, rc, err, "update");
}

/* One statement that returns no rows, prepared once per connection: the
 * BEGIN, SAVEPOINT and COMMIT around every change. */
static vigil_status store_run(vigil_db *db, const char *sql, vigil_error *err)
{
	sqlite3_stmt *stmt;
	vigil_status s = store_prepare_cached(db, &stmt, sql, err);
	if (s != VIGIL_OK)
		return s;
	int rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE)
		s = store_fail(db, rc, err, "update");
	store_release(db, stmt);
	return s;
}

int store_bind_text(sqlite3_stmt *stmt, int index, const char *text)
{
	if (!text)
		return sqlite3_bind_null(stmt, index);
	return sqlite3_bind_text(stmt, index, text, -1, SQLITE_TRANSIENT);
}

int store_bind_time(sqlite3_stmt *stmt, int index, vigil_time t)
{
	if (!t)
		return sqlite3_bind_null(stmt, index);
	char buf[VIGIL_TIME_UTC_LEN];
	vigil_time_format_utc(t, buf, sizeof buf);
	return sqlite3_bind_text(stmt, index, buf, -1, SQLITE_TRANSIENT);
}

vigil_time store_column_time(sqlite3_stmt *stmt, int index)
{
	vigil_time t = 0;
	const char *text = (const char *)sqlite3_column_text(stmt, index);
	if (text && vigil_time_parse_utc(text, &t) != 0)
		t = 0;
	return t;
}

void store_column_copy(sqlite3_stmt *stmt, int index, char *buf, size_t size)
{
	const char *text = (const char *)sqlite3_column_text(stmt, index);
	vigil_copy(buf, size, text ? text : "");
}

/* Settings every connection needs: durable WAL commits, foreign keys, and
 * a bounded wait for a lock held by another vigil. Temporary data stays in
 * memory: the savepoint journal of each change inside a long transaction
 * (an import admits every patient in one) went to a temporary file once it
 * grew, costing a 100,000-row import a million writes under the write
 * lock, and putting patient data in /var/tmp. */
static vigil_status configure(vigil_db *db, vigil_error *err)
{
	int busy_ms = DEFAULT_BUSY_MS;
	const char *env = getenv("VIGIL_BUSY_TIMEOUT");
	if (env && *env) {
		char *end;
		long v = strtol(env, &end, 10);
		if (*end || v < 0 || v > 600000)
			return vigil_fail(err, VIGIL_EINVAL,
			                  "VIGIL_BUSY_TIMEOUT: '%s' is not a number of milliseconds", env);
		busy_ms = (int)v;
	}
	sqlite3_busy_timeout(db->sql, busy_ms);
	sqlite3_extended_result_codes(db->sql, 1);
	vigil_status s = store_register_functions(db, err);
	if (s != VIGIL_OK)
		return s;
	return store_exec(db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;"
	                      " PRAGMA temp_store = MEMORY;", err);
}

static vigil_status open_handle(const char *path, int flags, vigil_db **out, vigil_error *err)
{
	vigil_db *db = calloc(1, sizeof *db);
	if (!db || !(db->path = strdup(path))) {
		free(db);
		return vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	}
	db->witness_fd = -1;
	int rc = sqlite3_open_v2(path, &db->sql, flags, NULL);
	if (rc != SQLITE_OK) {
		vigil_status st = store_fail(db, rc, err, "open");
		vigil_db_close(db);
		return st;
	}
	*out = db;
	return VIGIL_OK;
}

vigil_status vigil_db_open(const char *path, vigil_db **out, vigil_error *err)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		if (errno == ENOENT)
			return vigil_fail(err, VIGIL_ENOTFOUND,
			                  "%s: no database here; create one with 'vigil init' or "
			                  "'vigil demo'",
			                  path);
		return vigil_fail(err, VIGIL_EIO, "%s: %s", path, strerror(errno));
	}
	if (!S_ISREG(st.st_mode))
		return vigil_fail(err, VIGIL_EIO, "%s: not a regular file", path);
	if (st.st_size == 0)
		return vigil_fail(err, VIGIL_EDB, "%s: empty file, not a vigil database", path);
	if (access(path, R_OK) != 0)
		return vigil_fail(err, VIGIL_EIO, "%s: %s", path, strerror(errno));
	vigil_db *db;
	vigil_status s = open_handle(path, SQLITE_OPEN_READWRITE, &db, err);
	if (s != VIGIL_OK)
		return s;
	if ((s = configure(db, err)) != VIGIL_OK || (s = store_migrate(db, false, err)) != VIGIL_OK) {
		vigil_db_close(db);
		return s;
	}
	*out = db;
	return VIGIL_OK;
}

/* mkdir -p for the folders above path, private to the user. */
static vigil_status make_parents(const char *path, vigil_error *err)
{
	char *copy = strdup(path);
	if (!copy)
		return vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	for (char *p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0700) != 0 && errno != EEXIST) {
			vigil_status s = vigil_fail(err, VIGIL_EIO, "%s: %s", copy, strerror(errno));
			free(copy);
			return s;
		}
		*p = '/';
	}
	free(copy);
	return VIGIL_OK;
}

/* Whether path's folder is a group's setgid folder. */
static bool shared_folder(const char *path)
{
	char *copy = strdup(path);
	if (!copy)
		return false;
	char *slash = strrchr(copy, '/');
	const char *dir = slash ? (slash == copy ? "/" : (*slash = '\0', copy)) : ".";
	struct stat st;
	bool shared = stat(dir, &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & S_ISGID);
	free(copy);
	return shared;
}

vigil_status vigil_db_create(const char *path, bool training, vigil_db **out, vigil_error *err)
{
	vigil_db probe = { .path = (char *)path };
	vigil_status s = store_gate_test_overrides(&probe, training, err);
	if (s == VIGIL_OK)
		s = make_parents(path, err);
	if (s != VIGIL_OK)
		return s;
	/* Create the file ourselves so it is 0600 from the first byte; SQLite
	 * gives its -wal and -shm files the same mode. In a setgid folder (the
	 * deployment of vigil(1), THREAT MODEL: a vigil group, a setgid
	 * binary, the folder 2770) it is 0660, for the group's vigil only. */
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, shared_folder(path) ? 0660 : 0600);
	if (fd >= 0 && shared_folder(path))
		fchmod(fd, 0660); /* whatever the umask */
	if (fd < 0) {
		if (errno == EEXIST)
			return vigil_fail(err, VIGIL_EEXIST,
			                  "%s: a database is already there; it was not changed", path);
		return vigil_fail(err, VIGIL_EIO, "%s: %s", path, strerror(errno));
	}
	close(fd);
	vigil_db *db;
	s = open_handle(path, SQLITE_OPEN_READWRITE, &db, err);
	if (s == VIGIL_OK) {
		if ((s = configure(db, err)) == VIGIL_OK &&
		    (s = store_exec(db, "PRAGMA journal_mode = WAL;", err)) == VIGIL_OK)
			s = store_migrate(db, true, err);
		if (s == VIGIL_OK)
			s = store_insert_kind(db, training, err);
		db->training = training;
		if (s != VIGIL_OK)
			vigil_db_close(db);
	}
	if (s != VIGIL_OK) {
		unlink(path);
		return s;
	}
	*out = db;
	return VIGIL_OK;
}

void vigil_db_close(vigil_db *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < STORE_CACHE_MAX; i++) {
		sqlite3_finalize(db->cache[i].stmt);
		free(db->cache[i].sql);
	}
	sqlite3_close_v2(db->sql);
	if (db->witness_fd >= 0)
		close(db->witness_fd);
	sodium_memzero(db->signers, sizeof db->signers);
	free(db->path);
	free(db);
}

const char *vigil_db_path(const vigil_db *db)
{
	return db->path;
}

static vigil_status begin_tx(vigil_db *db, bool batch, vigil_error *err)
{
	if (db->tx_depth > 0)
		return vigil_fail(err, VIGIL_EINVAL, "a transaction is already open");
	vigil_status s = store_run(db, "BEGIN IMMEDIATE", err);
	if (s == VIGIL_OK) {
		db->tx_depth = 1;
		db->batch = batch;
	}
	return s;
}

vigil_status vigil_db_begin(vigil_db *db, vigil_error *err)
{
	return begin_tx(db, true, err);
}

vigil_status vigil_db_commit(vigil_db *db, vigil_error *err)
{
	vigil_status s = store_audit_seal(db, err);
	if (s != VIGIL_OK) {
		vigil_db_rollback(db);
		return s;
	}
	s = store_run(db, "COMMIT", err);
	if (s != VIGIL_OK) {
		vigil_db_rollback(db);
		return s;
	}
	db->tx_depth = 0;
	db->batch = false;
	store_witness_head(db);
	return VIGIL_OK;
}

void vigil_db_rollback(vigil_db *db)
{
	if (!sqlite3_get_autocommit(db->sql))
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
	db->tx_depth = 0;
	db->batch = false;
	db->deferred[0] = '\0';
}

vigil_status vigil_db_read_begin(vigil_db *db, bool *began, vigil_error *err)
{
	*began = false;
	if (db->tx_depth > 0 || !sqlite3_get_autocommit(db->sql))
		return VIGIL_OK;
	vigil_status s = store_run(db, "BEGIN", err);
	*began = s == VIGIL_OK;
	return s;
}

void vigil_db_read_end(vigil_db *db, bool began)
{
	/* A read transaction has nothing to keep: COMMIT only lets go. */
	if (began && !sqlite3_get_autocommit(db->sql))
		sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);
}

vigil_status vigil_db_change_begin(vigil_db *db, bool *began, vigil_error *err)
{
	*began = false;
	if (db->tx_depth > 0)
		return VIGIL_OK;
	vigil_status s = begin_tx(db, false, err);
	*began = s == VIGIL_OK;
	return s;
}

vigil_status vigil_db_change_end(vigil_db *db, bool began, vigil_status status,
                                 vigil_error *err)
{
	if (!began)
		return status;
	if (status != VIGIL_OK) {
		vigil_db_rollback(db);
		return status;
	}
	return vigil_db_commit(db, err);
}

/* ---- backup: a new file written whole ---------------------------------- */

/* The backup is written beside its destination under a temporary name:
 * hidden, named after the file it is to become, and random
 * (".ward.db.partial-Ab12Cd"), then moved into place once complete. A
 * killed backup leaves no half file at the destination, and what it does
 * leave says what it is and never stands in the way of a retry. */
static char *partial_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	int dir = slash ? (int)(slash - path + 1) : 0;
	size_t n = strlen(path) + sizeof ".partial-XXXXXX" + 1;
	char *name = malloc(n);
	if (name)
		snprintf(name, n, "%.*s.%s.partial-XXXXXX", dir, path, path + dir);
	return name;
}

static vigil_status refuse_existing(const char *path, vigil_error *err)
{
	return vigil_fail(err, VIGIL_EEXIST, "%s: the file already exists; it was not replaced",
	                  path);
}

/* Creates the empty temporary file, mode 0600: mkstemp's 0600 is less the
 * umask, which could leave the file unwritable even to its owner. */
static vigil_status create_partial(const char *path, char *tmp, vigil_error *err)
{
	int fd = mkstemp(tmp);
	if (fd < 0)
		return vigil_fail(err, VIGIL_EIO, "%s: %s", path, strerror(errno));
	vigil_status s = VIGIL_OK;
	if (fchmod(fd, 0600) != 0) {
		s = vigil_fail(err, VIGIL_EIO, "%s: %s", path, strerror(errno));
		unlink(tmp);
	}
	close(fd);
	return s;
}

/* Copies the database into the empty file tmp. */
static vigil_status copy_into(vigil_db *db, const char *path, const char *tmp,
                              vigil_error *err)
{
	sqlite3 *copy;
	int rc = sqlite3_open_v2(tmp, &copy, SQLITE_OPEN_READWRITE, NULL);
	/* No rollback journal while the copy is made: a copy cut short is
	 * thrown away whole, and a kill leaves one file behind, not two. */
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(copy, "PRAGMA journal_mode = OFF", NULL, NULL, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_backup *b = sqlite3_backup_init(copy, "main", db->sql, "main");
		if (b) {
			/* All in one step: a consistent snapshot of one moment. */
			rc = sqlite3_backup_step(b, -1);
			sqlite3_backup_finish(b);
			rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
		} else {
			rc = sqlite3_errcode(copy);
		}
	}
	/* The copy is a single self-contained file: no -wal beside it. */
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(copy, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
	vigil_status s = VIGIL_OK;
	if (rc != SQLITE_OK)
		s = vigil_fail(err, rc == SQLITE_FULL ? VIGIL_EDB : VIGIL_EIO, "%s: backup failed: %s",
		               path, copy ? sqlite3_errmsg(copy) : sqlite3_errstr(rc));
	sqlite3_close(copy);
	return s;
}

static vigil_status sync_file(const char *path, const char *tmp, vigil_error *err)
{
	int fd = open(tmp, O_RDWR | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return vigil_fail(err, VIGIL_EIO, "%s: %s", path, strerror(e));
	}
	close(fd);
	return VIGIL_OK;
}

/* Without replacing: link() refuses an existing path atomically where
 * rename() would replace it. Folders that cannot hold links get a checked
 * rename instead. */
static int place_new(const char *tmp, const char *path)
{
	if (link(tmp, path) == 0) {
		unlink(tmp);
		return 0;
	}
	if (errno == EEXIST)
		return -1;
	struct stat st;
	if (lstat(path, &st) == 0) {
		errno = EEXIST;
		return -1;
	}
	return rename(tmp, path);
}

/* Moves the complete copy into place, then syncs the folder so the name
 * lasts as well as the data. */
static vigil_status publish(const char *path, const char *tmp, vigil_error *err)
{
	if (place_new(tmp, path) != 0)
		return errno == EEXIST ? refuse_existing(path, err)
		                       : vigil_fail(err, VIGIL_EIO, "%s: %s", path, strerror(errno));
	const char *slash = strrchr(path, '/');
	char dir[4096];
	if (slash)
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path) + 1, path);
	else
		snprintf(dir, sizeof dir, ".");
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd); /* best effort: the data itself is already synced */
		close(fd);
	}
	return VIGIL_OK;
}

vigil_status vigil_db_backup(vigil_db *db, const char *path, vigil_error *err)
{
	/* Checked first so a refusal costs no work; publish checks again. */
	struct stat st;
	if (lstat(path, &st) == 0)
		return refuse_existing(path, err);
	char *tmp = partial_name(path);
	if (!tmp)
		return vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	vigil_status s = create_partial(path, tmp, err);
	if (s == VIGIL_OK) {
		if ((s = copy_into(db, path, tmp, err)) == VIGIL_OK &&
		    (s = sync_file(path, tmp, err)) == VIGIL_OK)
			s = publish(path, tmp, err);
		if (s != VIGIL_OK)
			unlink(tmp);
	}
	free(tmp);
	return s;
}

void vigil_db_interrupt(vigil_db *db)
{
	if (db && db->sql)
		sqlite3_interrupt(db->sql);
}

vigil_status store_write_begin(vigil_db *db, vigil_error *err)
{
	if (db->tx_depth > 0)
		return store_run(db, "SAVEPOINT change", err);
	return store_run(db, "BEGIN IMMEDIATE", err);
}

vigil_status store_write_end(vigil_db *db, vigil_status status, vigil_error *err)
{
	if (db->tx_depth > 0) {
		if (status == VIGIL_OK)
			return store_run(db, "RELEASE change", err);
		sqlite3_exec(db->sql, "ROLLBACK TO change; RELEASE change", NULL, NULL, NULL);
		return status;
	}
	if (status == VIGIL_OK) {
		vigil_status s = store_run(db, "COMMIT", err);
		if (s != VIGIL_OK)
			sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
		else
			store_witness_head(db);
		return s;
	}
	if (!sqlite3_get_autocommit(db->sql))
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
	return status;
}

void store_read_correction(sqlite3_stmt *st, int col, vigil_assess_status *status,
                           int64_t *superseded_by, vigil_time *at, char *by, size_t by_size,
                           char *reason, size_t reason_size)
{
	*status = VIGIL_ASSESS_FINAL;
	if (sqlite3_column_type(st, col + 4) != SQLITE_NULL) {
		*status = VIGIL_ASSESS_VOIDED;
		*at = store_column_time(st, col + 4);
		store_column_copy(st, col + 5, by, by_size);
		store_column_copy(st, col + 6, reason, reason_size);
	} else if (sqlite3_column_type(st, col) != SQLITE_NULL) {
		*status = VIGIL_ASSESS_AMENDED;
		*superseded_by = sqlite3_column_int64(st, col);
		store_column_copy(st, col + 1, by, by_size);
		*at = store_column_time(st, col + 2);
		store_column_copy(st, col + 3, reason, reason_size);
	}
}
