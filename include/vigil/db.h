/* db.h - opening the one SQLite file that holds a ward. Faces use only this
 * opaque handle; the SQL lives in src/store/. */
#ifndef VIGIL_DB_H
#define VIGIL_DB_H

#include <stdbool.h>
#include <stddef.h>
#include "vigil/error.h"

typedef struct vigil_db vigil_db;

/* The schema version this vigil writes (PRAGMA user_version). */
#define VIGIL_SCHEMA_VERSION 8

/* $VIGIL_DB, else $XDG_DATA_HOME/vigil/vigil.db, else
 * ~/.local/share/vigil/vigil.db. */
vigil_status vigil_db_default_path(char *buf, size_t size, vigil_error *err);

/* Opens an existing vigil database and migrates it forward. A missing file,
 * a file that is not a vigil database, a corrupt one or one from a newer
 * vigil is refused with a message naming the path; nothing is modified. */
vigil_status vigil_db_open(const char *path, vigil_db **out, vigil_error *err);

/* Creates a new database (mode 0600, parent folders 0700); fails with
 * VIGIL_EEXIST when the file is already there. A training database
 * honours the test overrides (VIGIL_NOW, VIGIL_SCALES, VIGIL_IDLE_SECONDS)
 * and says TRAINING on every screen and report; a ward's refuses to open
 * while one of them is set. Which it is, is fixed here for good. */
vigil_status vigil_db_create(const char *path, bool training, vigil_db **out,
                             vigil_error *err);

/* True for a training database. */
bool vigil_db_training(const vigil_db *db);

void vigil_db_close(vigil_db *db);

/* After every commit, the audit log's head ("SEQ:HASH") goes to syslog
 * (to_syslog) and is appended to file (when not NULL: created 0600,
 * opened now, so one that cannot be written is an error here). */
vigil_status vigil_db_witness(vigil_db *db, bool to_syslog, const char *file,
                              vigil_error *err);
const char *vigil_db_path(const vigil_db *db);

/* Groups many writes into one transaction (all or nothing): import, demo.
 * Writes made between begin and commit do not commit on their own. */
vigil_status vigil_db_begin(vigil_db *db, vigil_error *err);
vigil_status vigil_db_commit(vigil_db *db, vigil_error *err);
void vigil_db_rollback(vigil_db *db);

/* Many reads as one snapshot (a screen's whole load): one read
 * transaction instead of one per query, so every row comes from the same
 * moment and the file's locks are taken once. Nothing is written between
 * them. Inside a transaction already open it does nothing; *began says
 * whether it began one, for vigil_db_read_end. */
vigil_status vigil_db_read_begin(vigil_db *db, bool *began, vigil_error *err);
void vigil_db_read_end(vigil_db *db, bool began);

/* One change whose checks read other rows (is the patient discharged, what
 * was the last assessment): the checks and the write run under the write
 * lock, so no other program can change what was checked in between. Joins
 * a transaction already open. Pass end the status of the change: it
 * commits on VIGIL_OK, rolls back otherwise, and returns the outcome. */
vigil_status vigil_db_change_begin(vigil_db *db, bool *began, vigil_error *err);
vigil_status vigil_db_change_end(vigil_db *db, bool began, vigil_status status,
                                 vigil_error *err);

/* Writes a consistent copy of the whole database, -wal included, to a new
 * file at path (mode 0600; an existing file is refused), while others go
 * on working. Use the faces' `backup`, which checks the role and audits. */
vigil_status vigil_db_backup(vigil_db *db, const char *path, vigil_error *err);

/* Asks a long query running on db to stop (safe from a signal handler). */
void vigil_db_interrupt(vigil_db *db);

#endif
