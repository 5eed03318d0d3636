/* internal.h - shared by the store's files only */
#ifndef VIGIL_STORE_INTERNAL_H
#define VIGIL_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "vigil/clock.h"
#include "vigil/db.h"
#include "vigil/error.h"
#include "vigil/store.h"
#include "vigil/text.h"

/* Prepared statements kept for reads repeated many times a screen (the
 * board asks a few per patient and scale): preparing costs more than the
 * reading. */
#define STORE_CACHE_MAX 48
#define STORE_SIGNERS_MAX 8

struct store_cached {
	char *sql;
	uint64_t hash; /* of sql, compared first */
	sqlite3_stmt *stmt;
	bool in_use;
};

struct vigil_db {
	sqlite3 *sql;
	char *path;
	int tx_depth; /* > 0 inside vigil_db_begin: writes join that transaction */
	bool training; /* a training database (settings: database = training) */
	bool witness_syslog; /* send the head to syslog after each commit */
	int witness_fd;      /* append the head to this file after each commit, or -1 */
	/* The Ed25519 keys of the users logged in on this handle (one for a
	 * face; the demo and the tests log in several): every audit row is
	 * signed with its actor's key (vigil_store_set_signer). */
	struct store_signer {
		char name[VIGIL_TEXT_BYTES(VIGIL_USER_NAME_MAX)];
		unsigned char sk[64];
	} signers[STORE_SIGNERS_MAX];
	/* Inside a batch: the user whose rows wait for a seal ("" if none),
	 * and whether the seal is being written. */
	char deferred[VIGIL_TEXT_BYTES(VIGIL_USER_NAME_MAX)];
	bool sealing;
	bool batch; /* inside vigil_db_begin (import, demo), not one change */
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

/* A record's status from the columns its query joins in after col: the
 * correction that supersedes it (id, who, when, why: col to col + 3), then
 * its entered-in-error mark (when, who, why: col + 4 to col + 6). Not-done
 * records and chart entries are read so. */
void store_read_correction(sqlite3_stmt *st, int col, vigil_assess_status *status,
                           int64_t *superseded_by, vigil_time *at, char *by, size_t by_size,
                           char *reason, size_t reason_size);

/* Appends an audit entry for entity/id whose detail is the record's
 * canonical form read back from the database (so verify can recompute
 * it), inside the current transaction. */
vigil_status store_audit_record(vigil_db *db, const char *actor, const char *action,
                                const char *entity, int64_t id, vigil_error *err);
vigil_status store_audit_append(vigil_db *db, const char *actor, const char *action,
                                const char *entity, int64_t id, const char *detail,
                                vigil_error *err);

/* Writes the signed row that seals the batch's unsigned rows (audit.c);
 * vigil_db_commit calls it before committing. */
vigil_status store_audit_seal(vigil_db *db, vigil_error *err);

/* The hash of one audit row (audit.c); fields are length-prefixed. */
void store_audit_row_hash(const char *prev, long long seq, const char *at, const char *actor,
                          const char *action, const char *entity, long long entity_id,
                          const char *detail, char out[65]);
/* audit_verify.c: the chain, its signatures and witnessed heads. */
struct vigil_audit_report;
struct vigil_audit_head;
vigil_status store_verify_chain(vigil_db *db, const struct vigil_audit_head *heads,
                                size_t nheads, struct vigil_audit_report *report,
                                vigil_error *err);
/* "ab12 cd34 ..." for a public key in hex ("" when it is not one). */
void store_key_fingerprint(const char *pk_hex, char *out, size_t size);
/* schema.c: tables, indexes and triggers exactly as the migrations make
 * them (VIGIL_ETAMPER naming the first difference). */
vigil_status store_verify_schema(vigil_db *db, vigil_error *err);

/* The canonical form of a record as the log would hold it (for the tests
 * that forge rows). */
void store_canonical_for_test(vigil_db *db, const char *entity, int64_t id, char *buf,
                              size_t size);

/* The canonical form of chart entry e (audit.c logs it, audit_check.c
 * checks a list's rows against it): every column, in this order. */
#define CHART_CANONICAL                                                                          \
	"json_array(e.id, e.patient_id, e.kind, e.at, e.entered_at, e.performer_id,"              \
	" e.entered_by_id, e.late, e.note, e.drug, e.amount, e.unit, e.route, e.dose_kind,"      \
	" e.reason, e.hr, e.sys, e.dia, e.temp, e.rr, e.spo2, e.assessment_id, e.substance,"     \
	" e.supersedes_id, e.amend_reason)"

/* SQL functions the canonical record forms use: vigil_digest(text). */
vigil_status store_register_functions(vigil_db *db, vigil_error *err);

/* Before an audited UPDATE: the row must still be what the log last
 * recorded, so a change made outside vigil is never laundered into a new
 * audit entry. VIGIL_ETAMPER otherwise. */
vigil_status store_audit_unchanged(vigil_db *db, const char *entity, int64_t id,
                                   vigil_error *err);

/* audit.c: the first item row sql finds (assessment_id, item), if any, is
 * one that belongs to no assessment: VIGIL_ETAMPER naming it. The full
 * verify looks everywhere, the verify since a checkpoint past the last. */
vigil_status store_verify_items(vigil_db *db, const char *sql, vigil_error *err);

/* Migrations: schema.c. Only create turns an empty file into a database. */
vigil_status store_migrate(vigil_db *db, bool create, vigil_error *err);

/* protocols.c: protocols and scale definitions, stored alike (table
 * "protocols" or "scale_defs", audited as entity). */
vigil_status store_definition_insert(vigil_db *db, const char *table, const char *entity,
                                     const char *actor, const char *action,
                                     const vigil_stored_protocol *p, vigil_error *err);
vigil_status store_definition_each(vigil_db *db, const char *table,
                                   vigil_stored_protocol_fn fn, void *ctx, vigil_error *err);

/* witness.c: after a commit, the log's head to the witnesses set. */
void store_witness_head(vigil_db *db);

/* settings.c: reads whether the database (at schema version) is a
 * training one, and refuses the test overrides (VIGIL_NOW and the like)
 * on a ward's database. */
vigil_status store_read_kind(vigil_db *db, int version, vigil_error *err);
vigil_status store_gate_test_overrides(vigil_db *db, bool training, vigil_error *err);
/* The settings row saying what kind of database a new one is. */
vigil_status store_insert_kind(vigil_db *db, bool training, vigil_error *err);
/* After migrating to schema 6: every user's new audited form, logged. */
vigil_status store_audit_upgrade_users(vigil_db *db, vigil_error *err);

#endif
