/* audit.h - the hash-chained audit log */
#ifndef VIGIL_AUDIT_H
#define VIGIL_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "vigil/auth.h"

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

#endif
