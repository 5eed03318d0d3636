/* audit.h - the hash-chained audit log */
#ifndef VIGIL_AUDIT_H
#define VIGIL_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "vigil/auth.h"
#include "vigil/clock.h"
#include "vigil/text.h"

#define VIGIL_AUDIT_KINDS_MAX 16

typedef struct vigil_audit_report {
	int64_t entries;      /* log rows walked */
	int64_t records;      /* stored records compared with the log */
	size_t nkinds;        /* records by kind, in a person's words: */
	struct {
		const char *one, *many; /* "user", "users" */
		int64_t count;
	} kinds[VIGIL_AUDIT_KINDS_MAX];
	char head[65];        /* hash of the last row, hex: note it elsewhere to
	                       * detect a truncated tail later */
	int64_t head_seq;     /* ... and its number: "SEQ:HASH" is a head */
	int64_t signed_rows;  /* rows whose signature was checked */
	char ward_key[48];    /* fingerprint of the ward's root key, "" before keys */
	bool schema_checked;  /* tables, indexes and triggers as shipped */
	/* A verify from a checkpoint (vigil_audit_verify_since): entries,
	 * signed_rows, records and kinds then count what came after it. */
	bool from_checkpoint;
	int64_t checkpoint_seq;     /* the checkpoint's own entry */
	int64_t checkpoint_through; /* the entry it vouches for: the walk starts after */
	vigil_time checkpoint_at;   /* when the full verify behind it passed */
	char checkpoint_by[VIGIL_TEXT_BYTES(VIGIL_USER_NAME_MAX)];
	int64_t tables_guarded;     /* tables whose rows were counted against the log */
	/* A full verify that passed (vigil_audit_verify_full): the checkpoint
	 * entry it wrote, or 0 and why none was. */
	int64_t checkpoint_written;
	char checkpoint_failed[512];
} vigil_audit_report;

/* A head witnessed elsewhere (a handover book, syslog, a copy of an
 * earlier verify): row seq had this hash. seq 0: anywhere on the chain. */
typedef struct vigil_audit_head {
	int64_t seq;
	char hash[65];
} vigil_audit_head;

#define VIGIL_AUDIT_HEADS_MAX 4096

/* Parses "SEQ:HASH" (or a bare 64-digit HASH). */
vigil_status vigil_audit_head_parse(const char *text, vigil_audit_head *out, vigil_error *err);

/* Reads a witness file: one head per line; blank lines and lines starting
 * with '#' are skipped. *out is malloc'ed. */
vigil_status vigil_audit_witness_read(const char *path, vigil_audit_head **out, size_t *n,
                                      vigil_error *err);

/* Re-walks the chain and compares every stored record with what the log
 * says was written. Returns VIGIL_ETAMPER naming the first mismatch. */
vigil_status vigil_audit_verify(vigil_session *session, vigil_audit_report *report,
                                vigil_error *err);

/* The same, and heads witnessed earlier (kept outside the database) must
 * still be on the chain: this catches rows cut from the end, an older
 * copy of the file put back, and a rewritten log. */
vigil_status vigil_audit_verify_heads(vigil_session *session, const vigil_audit_head *heads,
                                      size_t nheads, vigil_audit_report *report,
                                      vigil_error *err);

/* The full verify (vigil_audit_verify_heads) and, when it passes, a
 * checkpoint: an entry in the log, signed by the admin, saying that the
 * log up to its last entry was verified (entity "checkpoint", entity_id
 * that entry, detail {"through", "hash", "entries", "signed",
 * "records"}). A checkpoint that cannot be written (a read-only file)
 * does not fail the verify: report->checkpoint_failed says why. None is
 * written when the last entry is a checkpoint already. */
vigil_status vigil_audit_verify_full(vigil_session *session, const vigil_audit_head *heads,
                                     size_t nheads, vigil_audit_report *report,
                                     vigil_error *err);

/* The verify from the latest checkpoint: its signature (an admin's key)
 * and that the entry it names still has the hash it names; then every
 * entry after that entry (order, links, hashes, signatures), every record
 * those entries name as the log last wrote it, each table's largest key
 * (and, for the tables keyed by another record, its row count) as the log
 * says, the schema as shipped and the witnessed heads. Records written
 * before the checkpoint and not named since are not compared: the full
 * verify does that. With no checkpoint yet, it is the full verify
 * (report->from_checkpoint false) and writes one. */
vigil_status vigil_audit_verify_since(vigil_session *session, const vigil_audit_head *heads,
                                      size_t nheads, vigil_audit_report *report,
                                      vigil_error *err);

/* The ward's key fingerprint and the current head, "SEQ:HASH", as every
 * report prints them, without a full verify. */
vigil_status vigil_audit_head_now(vigil_db *db, char *ward_key, size_t key_size, char *head,
                                  size_t head_size, vigil_error *err);

/* Copies the database to a new file (admin), audited: see vigil_db_backup. */
vigil_status vigil_backup(vigil_session *session, const char *path, vigil_error *err);

/* Appends an entry for an action that writes no record (an export):
 * action "export", detail a short description. */
vigil_status vigil_audit_note(vigil_session *session, const char *action, const char *detail,
                              vigil_error *err);

/* ---- reading the log (vigil audit log) --------------------------------- */

/* One row of the log as a person reads it. The strings live until the
 * callback returns. */
typedef struct vigil_audit_entry {
	int64_t seq;
	vigil_time at;
	const char *actor;   /* a user name; "-" for login bookkeeping */
	const char *action;  /* "admit", "login-try", "export", ... */
	const char *entity;  /* "patient", "chart", ...; "" for a note (export) */
	int64_t entity_id;
	const char *name;    /* the record's own name where it has one: a
	                      * patient's MRN, a user's name, a setting's key,
	                      * a chart entry's kind ("dose"); else "" */
	const char *detail;  /* the record as logged, or a note's words */
} vigil_audit_entry;

/* Which rows to read. Zero-initialise, then set what matters. */
typedef struct vigil_audit_query {
	vigil_time since;  /* at or after (0: no bound) */
	vigil_time until;  /* before (0: no bound) */
	const char *user;  /* rows by this user, or NULL */
	const char *mrn;   /* rows about this patient and their records, or NULL */
} vigil_audit_query;

typedef int (*vigil_audit_entry_fn)(const vigil_audit_entry *entry, void *ctx);

/* Calls fn for each row, oldest first (fn returns non-zero to stop):
 * admin only. An unknown user or MRN is refused. Reading changes nothing. */
vigil_status vigil_audit_log_each(vigil_session *session, const vigil_audit_query *query,
                                  vigil_audit_entry_fn fn, void *ctx, vigil_error *err);

/* Who acted, in a person's words: the user's name, "(wrong password)" for
 * a failed login, "(vigil)" for other bookkeeping. */
const char *vigil_audit_actor_words(const vigil_audit_entry *entry);

/* What the row is about, in a person's words: "patient MRN1001",
 * "assessment 12", "dose D4", "user ann"; a note (an export) its words. */
void vigil_audit_what_words(const vigil_audit_entry *entry, char *buf, size_t size);

/* The rows as CSV (columns in vigil-csv(5)), written as every export is
 * (export.h: vigil_export_dest) and audited as one; *rows gets the rows. */
struct vigil_export_dest;
vigil_status vigil_audit_log_export(vigil_session *session, const vigil_audit_query *query,
                                    const struct vigil_export_dest *dest, size_t *rows,
                                    vigil_error *err);

/* The store's reader (src/store/audit.c), behind vigil_audit_log_each:
 * query->user and ->mrn are matched as given, unknown ones match nothing. */
vigil_status vigil_store_audit_each(vigil_db *db, const vigil_audit_query *query,
                                    vigil_audit_entry_fn fn, void *ctx, vigil_error *err);

/* The store's side (src/store/audit_since.c). *found is false when the
 * log holds no checkpoint (nothing was checked). */
vigil_status vigil_store_audit_verify_since(vigil_db *db, const vigil_audit_head *heads,
                                            size_t nheads, vigil_audit_report *report,
                                            bool *found, vigil_error *err);
/* Appends the checkpoint for a full verify that passed (report), signed
 * by actor; *seq gets its entry, 0 when the head is a checkpoint already. */
vigil_status vigil_store_audit_checkpoint(vigil_db *db, const char *actor,
                                          const vigil_audit_report *report, int64_t *seq,
                                          vigil_error *err);

#endif
