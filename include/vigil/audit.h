/* audit.h - the hash-chained audit log */
#ifndef VIGIL_AUDIT_H
#define VIGIL_AUDIT_H

#include <stddef.h>
#include <stdint.h>
#include "vigil/auth.h"

#define VIGIL_AUDIT_KINDS_MAX 12

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
} vigil_audit_report;

/* Re-walks the chain and compares every stored record with what the log
 * says was written. Returns VIGIL_ETAMPER naming the first mismatch. */
vigil_status vigil_audit_verify(vigil_session *session, vigil_audit_report *report,
                                vigil_error *err);

/* The same, and a head hash noted from an earlier verify (kept outside the
 * database, e.g. in the handover book) must still be on the chain: this
 * catches the last rows removed together with their records. */
vigil_status vigil_audit_verify_head(vigil_session *session, const char *expect_head,
                                     vigil_audit_report *report, vigil_error *err);

/* Copies the database to a new file (admin), audited: see vigil_db_backup. */
vigil_status vigil_backup(vigil_session *session, const char *path, vigil_error *err);

/* Appends an entry for an action that writes no record (an export):
 * action "export", detail a short description. */
vigil_status vigil_audit_note(vigil_session *session, const char *action, const char *detail,
                              vigil_error *err);

#endif
