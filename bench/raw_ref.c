/* raw_ref.c - what a program using only the SQLite C API would do to write
 * and read vigil's rows (raw_ref.h): prepared statements made once, WAL,
 * synchronous=FULL, foreign keys on, one transaction per record. What it
 * leaves out is vigil's own work: the checks, reading the record back for
 * its canonical form, the audit chain's hash and the Ed25519 signature
 * (their columns are filled with text of the right length), and copying
 * rows into structs.
 *
 * The SQL of the reads is the store's (src/store/assessments.c, chart.c,
 * protocols.c) as `vigil history` builds it; keep them in step. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "raw_ref.h"

enum { BEGIN, COMMIT, ASSESSMENT, ITEM, CHART, AUDIT, PATIENT, Q_NOT_DONE, Q_CHART,
       Q_ASSESSMENTS, NSTMTS };

struct raw_ref {
	sqlite3 *db;
	sqlite3_stmt *stmt[NSTMTS];
	long long patient_id, user_id;
	char user[64];
	unsigned long long sink; /* what was read, so no read is optimised away */
};

/* One COWS sheet as core_bench records it, in the scale's order. */
static const struct {
	const char *key;
	int score, raw;
} items[] = { { "pulse", 1, 96 }, { "sweating", 1, -1 },   { "restlessness", 3, -1 },
	      { "pupils", 1, -1 }, { "aches", 1, -1 },      { "nose", 2, -1 },
	      { "gi", 1, -1 },     { "tremor", 1, -1 },     { "yawning", 1, -1 },
	      { "anxiety", 2, -1 }, { "gooseflesh", 3, -1 } };
#define NITEMS (sizeof items / sizeof items[0])

/* The definition's hash, and an audit row's hash and signature: hex of
 * the lengths vigil writes (BLAKE2b-256, Ed25519). */
#define HEX64 "93c4f98db14d5a8576a5e9a118c2558a588cb28957bde7af0d6a2ee43a2a2830"
static const char definition[] = HEX64, prev_hash[] = HEX64, row_hash[] = HEX64,
		  signature[] = HEX64 HEX64;

static const char assessment_columns[] =
	"SELECT a.id, a.patient_id, p.mrn, a.scale, a.performed_at, a.entered_at, pu.name,"
	" eu.name, a.reason, a.note, a.total, a.max_total, a.band, a.late, a.supersedes_id,"
	" a.amend_reason, s.id, su.name, s.entered_at, s.amend_reason, v.voided_at, vu.name,"
	" v.reason, a.definition"
	" FROM assessments a JOIN patients p ON p.id = a.patient_id"
	" JOIN users pu ON pu.id = a.performer_id JOIN users eu ON eu.id = a.entered_by_id"
	" LEFT JOIN assessments s ON s.supersedes_id = a.id"
	" LEFT JOIN users su ON su.id = s.entered_by_id"
	" LEFT JOIN voids v ON v.assessment_id = a.id"
	" LEFT JOIN users vu ON vu.id = v.voided_by_id"
	" WHERE 1 AND a.patient_id = (SELECT id FROM patients WHERE mrn = ?1 COLLATE NOCASE)"
	" AND s.id IS NULL AND v.assessment_id IS NULL ORDER BY a.performed_at DESC, a.id DESC";

static const char chart_columns[] =
	"SELECT c.id, c.patient_id, p.mrn, c.kind, c.at, c.entered_at, pu.name, eu.name, c.late,"
	" c.note, c.drug, c.amount, c.unit, c.route, c.dose_kind, c.reason,"
	" c.hr, c.sys, c.dia, c.temp, c.rr, c.spo2, c.assessment_id, c.substance,"
	" c.supersedes_id, c.amend_reason,"
	" s.id, su.name, s.entered_at, s.amend_reason, v.voided_at, vu.name, v.reason"
	" FROM chart_entries c JOIN patients p ON p.id = c.patient_id"
	" JOIN users pu ON pu.id = c.performer_id JOIN users eu ON eu.id = c.entered_by_id"
	" LEFT JOIN chart_entries s ON s.supersedes_id = c.id"
	" LEFT JOIN users su ON su.id = s.entered_by_id"
	" LEFT JOIN chart_voids v ON v.entry_id = c.id"
	" LEFT JOIN users vu ON vu.id = v.voided_by_id"
	" WHERE 1 AND c.patient_id = :patient AND s.id IS NULL AND v.entry_id IS NULL"
	" ORDER BY c.at DESC, c.id DESC";

static const char not_done_columns[] =
	"SELECT n.id, n.patient_id, p.mrn, n.scale, n.performed_at, n.entered_at, pu.name,"
	" eu.name, n.why, n.note, n.late, n.supersedes_id, n.amend_reason,"
	" s.id, su.name, s.entered_at, s.amend_reason, v.voided_at, vu.name, v.reason"
	" FROM not_done n JOIN patients p ON p.id = n.patient_id"
	" JOIN users pu ON pu.id = n.performer_id JOIN users eu ON eu.id = n.entered_by_id"
	" LEFT JOIN not_done s ON s.supersedes_id = n.id"
	" LEFT JOIN users su ON su.id = s.entered_by_id"
	" LEFT JOIN not_done_voids v ON v.not_done_id = n.id"
	" LEFT JOIN users vu ON vu.id = v.voided_by_id"
	" WHERE n.patient_id = ?1 AND (?2 IS NULL OR n.scale = ?2)"
	" AND (?3 IS NULL OR n.performed_at >= ?3) AND (?4 IS NULL OR n.performed_at < ?4)"
	" AND s.id IS NULL AND v.not_done_id IS NULL ORDER BY n.performed_at DESC, n.id DESC";

static const char *const sql[NSTMTS] = {
	[BEGIN] = "BEGIN IMMEDIATE",
	[COMMIT] = "COMMIT",
	[ASSESSMENT] = "INSERT INTO assessments (patient_id, scale, performed_at, entered_at,"
		       " performer_id, entered_by_id, reason, note, total, max_total, band, late,"
		       " supersedes_id, amend_reason, definition)"
		       " VALUES (?, 'cows', ?, ?, ?, ?, 'bench', '', 17, 48, 'moderate', 0, NULL,"
		       " '', ?)",
	[ITEM] = "INSERT INTO assessment_items (assessment_id, item, score, raw_value)"
		 " VALUES (?, ?, ?, ?)",
	[CHART] = "INSERT INTO chart_entries (patient_id, kind, at, entered_at, performer_id,"
		  " entered_by_id, late, note, hr, assessment_id, amend_reason)"
		  " VALUES (?, 'vitals', ?, ?, ?, ?, 0, '', 96, ?, '')",
	[AUDIT] = "INSERT INTO audit_log (at, actor, action, entity, entity_id, detail,"
		  " prev_hash, hash, sig) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[PATIENT] = "SELECT id FROM patients WHERE mrn = ? COLLATE NOCASE",
	[Q_NOT_DONE] = not_done_columns,
	[Q_CHART] = chart_columns,
	[Q_ASSESSMENTS] = assessment_columns,
};

static int fail(raw_ref *r, const char *what)
{
	fprintf(stderr, "raw_ref: %s: %s\n", what, sqlite3_errmsg(r->db));
	return -1;
}

static int step_done(raw_ref *r, int which)
{
	sqlite3_stmt *st = r->stmt[which];
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : fail(r, sql[which]);
}

static long long lookup_id(raw_ref *r, const char *q, const char *name)
{
	sqlite3_stmt *st;
	long long id = -1;
	if (sqlite3_prepare_v2(r->db, q, -1, &st, NULL) != SQLITE_OK)
		return fail(r, q);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (id < 0)
		fprintf(stderr, "raw_ref: no %s\n", name);
	return id;
}

raw_ref *raw_open(const char *path, const char *record_mrn, const char *user)
{
	raw_ref *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	snprintf(r->user, sizeof r->user, "%s", user);
	if (sqlite3_open_v2(path, &r->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    sqlite3_exec(r->db,
	                 "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;"
	                 " PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY;",
	                 NULL, NULL, NULL) != SQLITE_OK) {
		fail(r, path);
		raw_close(r);
		return NULL;
	}
	sqlite3_busy_timeout(r->db, 5000);
	for (int i = 0; i < NSTMTS; i++) {
		if (sqlite3_prepare_v3(r->db, sql[i], -1, SQLITE_PREPARE_PERSISTENT, &r->stmt[i],
		                       NULL) != SQLITE_OK) {
			fail(r, sql[i]);
			raw_close(r);
			return NULL;
		}
	}
	r->patient_id = lookup_id(r, "SELECT id FROM patients WHERE mrn = ?", record_mrn);
	r->user_id = lookup_id(r, "SELECT id FROM users WHERE name = ?", user);
	if (r->patient_id < 0 || r->user_id < 0) {
		raw_close(r);
		return NULL;
	}
	return r;
}

/* The audit row for entity/id, its detail the record's canonical form. */
static int audit_row(raw_ref *r, const char *at, const char *action, const char *entity,
                     long long id, const char *detail)
{
	sqlite3_stmt *st = r->stmt[AUDIT];
	sqlite3_bind_text(st, 1, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->user, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, entity, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, id);
	sqlite3_bind_text(st, 6, detail, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, prev_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, row_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, signature, -1, SQLITE_STATIC);
	return step_done(r, AUDIT);
}

static int insert_assessment(raw_ref *r, const char *at, long long *id)
{
	sqlite3_stmt *st = r->stmt[ASSESSMENT];
	sqlite3_bind_int64(st, 1, r->patient_id);
	sqlite3_bind_text(st, 2, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, at, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, r->user_id);
	sqlite3_bind_int64(st, 5, r->user_id);
	sqlite3_bind_text(st, 6, definition, -1, SQLITE_STATIC);
	if (step_done(r, ASSESSMENT))
		return -1;
	*id = sqlite3_last_insert_rowid(r->db);
	st = r->stmt[ITEM];
	for (size_t i = 0; i < NITEMS; i++) {
		sqlite3_bind_int64(st, 1, *id);
		sqlite3_bind_text(st, 2, items[i].key, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, items[i].score);
		if (items[i].raw >= 0)
			sqlite3_bind_int(st, 4, items[i].raw);
		else
			sqlite3_bind_null(st, 4);
		if (step_done(r, ITEM))
			return -1;
	}
	return 0;
}

static int insert_vitals(raw_ref *r, const char *at, long long assessment, long long *id)
{
	sqlite3_stmt *st = r->stmt[CHART];
	sqlite3_bind_int64(st, 1, r->patient_id);
	sqlite3_bind_text(st, 2, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, at, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, r->user_id);
	sqlite3_bind_int64(st, 5, r->user_id);
	sqlite3_bind_int64(st, 6, assessment);
	if (step_done(r, CHART))
		return -1;
	*id = sqlite3_last_insert_rowid(r->db);
	return 0;
}

int raw_record(raw_ref *r)
{
	char at[32], detail[1024];
	time_t now = time(NULL);
	struct tm tm;
	strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
	long long aid, cid;
	if (step_done(r, BEGIN))
		return -1;
	int rc = insert_assessment(r, at, &aid);
	if (rc == 0) {
		/* The items in the canonical form's order (by key). */
		snprintf(detail, sizeof detail,
		         "[%lld,%lld,\"cows\",\"%s\",\"%s\",%lld,%lld,\"bench\",\"\",17,48,"
		         "\"moderate\",0,null,\"\",[[\"aches\",1,null],[\"anxiety\",2,null],"
		         "[\"gi\",1,null],[\"gooseflesh\",3,null],[\"nose\",2,null],"
		         "[\"pulse\",1,96],[\"pupils\",1,null],[\"restlessness\",3,null],"
		         "[\"sweating\",1,null],[\"tremor\",1,null],[\"yawning\",1,null]],\"%s\"]",
		         aid, r->patient_id, at, at, r->user_id, r->user_id, definition);
		rc = audit_row(r, at, "record", "assessment", aid, detail);
	}
	if (rc == 0)
		rc = insert_vitals(r, at, aid, &cid);
	if (rc == 0) {
		snprintf(detail, sizeof detail,
		         "[%lld,%lld,\"vitals\",\"%s\",\"%s\",%lld,%lld,0,\"\",null,null,null,null,"
		         "null,null,96,null,null,null,null,null,%lld,null,null,\"\"]",
		         cid, r->patient_id, at, at, r->user_id, r->user_id, aid);
		rc = audit_row(r, at, "vitals", "chart", cid, detail);
	}
	if (rc == 0)
		return step_done(r, COMMIT);
	sqlite3_exec(r->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* Steps st to its end reading every column of every row once, as the
 * store's readers do: INTEGER columns as numbers (NULL reads as 0), the
 * others as text (NULL reads as a null pointer); one call a column. */
static long read_all(raw_ref *r, sqlite3_stmt *st)
{
	enum { MAXCOLS = 64 };
	bool number[MAXCOLS];
	long rows = 0;
	int rc, n = sqlite3_column_count(st);
	if (n > MAXCOLS)
		n = MAXCOLS;
	for (int i = 0; i < n; i++) {
		const char *type = sqlite3_column_decltype(st, i);
		number[i] = type && strcmp(type, "INTEGER") == 0;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < n; i++) {
			if (number[i]) {
				r->sink += (unsigned long long)sqlite3_column_int64(st, i);
			} else {
				const unsigned char *text = sqlite3_column_text(st, i);
				r->sink += text ? *text : 0;
			}
		}
		rows++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? rows : fail(r, sqlite3_sql(st));
}

long raw_history(raw_ref *r, const char *mrn)
{
	sqlite3_stmt *st = r->stmt[PATIENT];
	sqlite3_bind_text(st, 1, mrn, -1, SQLITE_STATIC);
	long long pid = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	if (pid < 0) {
		fprintf(stderr, "raw_ref: no patient %s\n", mrn);
		return -1;
	}
	sqlite3_bind_int64(r->stmt[Q_NOT_DONE], 1, pid);
	sqlite3_bind_int64(r->stmt[Q_CHART], 1, pid);
	sqlite3_bind_text(r->stmt[Q_ASSESSMENTS], 1, mrn, -1, SQLITE_STATIC);
	if (read_all(r, r->stmt[Q_NOT_DONE]) < 0 || read_all(r, r->stmt[Q_CHART]) < 0)
		return -1;
	return read_all(r, r->stmt[Q_ASSESSMENTS]);
}

void raw_close(raw_ref *r)
{
	if (!r)
		return;
	for (int i = 0; i < NSTMTS; i++)
		sqlite3_finalize(r->stmt[i]);
	sqlite3_close_v2(r->db);
	free(r);
}
