/* internal.h - shared by the store's files only */
#ifndef VIGIL_STORE_INTERNAL_H
#define VIGIL_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>

#include "vigil/clock.h"
#include "vigil/db.h"
#include "vigil/error.h"

/* Prepared statements kept for reads repeated many times a screen (the
 * board asks a few per patient and scale): preparing costs more than the
 * reading. */
#define STORE_CACHE_MAX 24

struct store_cached {
	char *sql;
	sqlite3_stmt *stmt;
	bool in_use;
};

struct vigil_db {
	sqlite3 *sql;
	char *path;
	int tx_depth; /* > 0 inside vigil_db_begin: writes join that transaction */
	struct store_cached cache[STORE_CACHE_MAX];
};

/* Turns a SQLite failure into a vigil error naming the database. */
vigil_status store_fail(vigil_db *db, int rc, vigil_error *err, const char *what);

/* Prepares a statement; on failure fills err. */
vigil_status store_prepare(vigil_db *db, sqlite3_stmt **stmt, const char *sql, vigil_error *err);

/* A statement from the cache (prepared once per connection); give it back
 * with store_release, never sqlite3_finalize. One already in use (a read
 * inside another's callback) is prepared afresh and finalized on release. */
vigil_status store_prepare_cached(vigil_db *db, sqlite3_stmt **stmt, const char *sql,
                                  vigil_error *err);
void store_release(vigil_db *db, sqlite3_stmt *stmt);

/* Runs SQL that returns no rows. */
vigil_status store_exec(vigil_db *db, const char *sql, vigil_error *err);

/* A write transaction around one change: joins an outer vigil_db_begin. */
vigil_status store_write_begin(vigil_db *db, vigil_error *err);
vigil_status store_write_end(vigil_db *db, vigil_status status, vigil_error *err);

/* Binds text or NULL. */
int store_bind_text(sqlite3_stmt *stmt, int index, const char *text);
int store_bind_time(sqlite3_stmt *stmt, int index, vigil_time t); /* 0 -> NULL */
vigil_time store_column_time(sqlite3_stmt *stmt, int index);       /* NULL -> 0 */
void store_column_copy(sqlite3_stmt *stmt, int index, char *buf, size_t size);

/* Appends an audit entry for entity/id whose detail is the record's
 * canonical form read back from the database (so verify can recompute
 * it), inside the current transaction. */
vigil_status store_audit_record(vigil_db *db, const char *actor, const char *action,
                                const char *entity, int64_t id, vigil_error *err);
vigil_status store_audit_append(vigil_db *db, const char *actor, const char *action,
                                const char *entity, int64_t id, const char *detail,
                                vigil_error *err);

/* SQL functions the canonical record forms use: vigil_digest(text). */
vigil_status store_register_functions(vigil_db *db, vigil_error *err);

/* Before an audited UPDATE: the row must still be what the log last
 * recorded, so a change made outside vigil is never laundered into a new
 * audit entry. VIGIL_ETAMPER otherwise. */
vigil_status store_audit_unchanged(vigil_db *db, const char *entity, int64_t id,
                                   vigil_error *err);

/* Migrations: schema.c */
vigil_status store_migrate(vigil_db *db, vigil_error *err);

#endif
