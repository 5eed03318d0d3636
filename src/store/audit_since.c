/* audit_since.c - the audit verify that starts from a checkpoint, and
 * the checkpoint a full verify leaves behind.
 *
 * A checkpoint is an ordinary entry of the log (entity "checkpoint",
 * entity_id the entry it vouches for), signed by the admin whose full
 * verify passed. The verify from it trusts the entries up to that entry
 * and the records they describe, and checks everything after it in full:
 * so it costs what was added since, not the years before. What it cannot
 * see (a record written before the checkpoint and changed since outside
 * vigil, with the append-only triggers dropped and put back) the full
 * verify still catches. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_walk.h"
#include "internal.h"
#include "vigil/audit.h"
#include "vigil/store.h"

/* The audited tables, as audit.c's canonical forms name them; a table
 * keyed by another record's id (a void) is counted, the others' keys
 * grow with each row, so their largest key shows a row added. */
static const struct audited {
	const char *entity, *table, *key;
	bool keyed_by_record;
	const char *one, *many;
} audited[] = {
	{ "user", "users", "id", false, "user", "users" },
	{ "setting", "settings", "id", false, "setting", "settings" },
	{ "scale_def", "scale_defs", "id", false, "installed scale definition",
	  "installed scale definitions" },
	{ "patient", "patients", "id", false, "patient", "patients" },
	{ "assessment", "assessments", "id", false, "assessment with its item scores",
	  "assessments with their item scores" },
	{ "void", "voids", "assessment_id", true, "assessment marked entered in error",
	  "assessments marked entered in error" },
	{ "protocol", "protocols", "id", false, "installed protocol", "installed protocols" },
	{ "monitoring", "monitoring", "id", false, "start or stop of monitoring",
	  "starts and stops of monitoring" },
	{ "not_done", "not_done", "id", false, "reassessment not done", "reassessments not done" },
	{ "not_done_void", "not_done_voids", "not_done_id", true,
	  "not-done record entered in error", "not-done records entered in error" },
	{ "drug_list", "drug_lists", "id", false, "installed drug list", "installed drug lists" },
	{ "chart", "chart_entries", "id", false, "dose, vital signs, note or last use",
	  "doses, vital signs, notes and last uses" },
	{ "chart_void", "chart_voids", "entry_id", true, "chart entry marked entered in error",
	  "chart entries marked entered in error" },
};

#define NAUDITED (sizeof audited / sizeof audited[0])

static int audited_index(const char *entity)
{
	for (size_t i = 0; i < NAUDITED; i++)
		if (strcmp(audited[i].entity, entity) == 0)
			return (int)i;
	return -1;
}

/* ---- the records named since the checkpoint ------------------------------ */

struct ref {
	int kind; /* index into audited */
	int64_t id;
	long long seq; /* the latest entry naming it */
};

struct refs {
	struct ref *v;
	size_t n, cap;
};

static vigil_status note_ref(const char *entity, int64_t id, long long seq, void *ctx,
                             vigil_error *err)
{
	struct refs *refs = ctx;
	if (strcmp(entity, "checkpoint") == 0)
		return VIGIL_OK;
	int kind = audited_index(entity);
	if (kind < 0)
		return vigil_fail(err, VIGIL_ETAMPER,
		                  "audit log row %lld: names '%s', which is no kind of record vigil "
		                  "keeps (written outside vigil)",
		                  seq, entity);
	if (refs->n == refs->cap) {
		size_t cap = refs->cap ? refs->cap * 2 : 256;
		struct ref *grown = realloc(refs->v, cap * sizeof *grown);
		if (!grown)
			return vigil_fail(err, VIGIL_ENOMEM, "out of memory verifying the audit log");
		refs->v = grown, refs->cap = cap;
	}
	refs->v[refs->n++] = (struct ref){ kind, id, seq };
	return VIGIL_OK;
}

static int ref_order(const void *a, const void *b)
{
	const struct ref *x = a, *y = b;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

static vigil_status record_exists(vigil_db *db, const struct audited *a, int64_t id, bool *yes,
                                  vigil_error *err)
{
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT 1 FROM %s WHERE %s = ?", a->table, a->key);
	sqlite3_stmt *stmt;
	vigil_status s = store_prepare_cached(db, &stmt, sql, err);
	if (s != VIGIL_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, id);
	int rc = sqlite3_step(stmt);
	*yes = rc == SQLITE_ROW;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		s = store_fail(db, rc, err, "verifying records");
	store_release(db, stmt);
	return s;
}

/* One record named since: still there, and as the log last wrote it. */
static vigil_status check_record(vigil_db *db, const struct ref *r, vigil_error *err)
{
	const struct audited *a = &audited[r->kind];
	bool there;
	vigil_status s = record_exists(db, a, r->id, &there, err);
	if (s != VIGIL_OK)
		return s;
	if (!there)
		return vigil_fail(err, VIGIL_ETAMPER,
		                  "%s %lld: in the audit log (row %lld) but missing from the database "
		                  "(deleted outside vigil)",
		                  a->entity, (long long)r->id, r->seq);
	s = store_audit_unchanged(db, a->entity, r->id, err);
	if (s == VIGIL_ETAMPER)
		vigil_fail(err, s,
		           "%s %lld: differs from what the audit log says was written (changed "
		           "outside vigil)",
		           a->entity, (long long)r->id);
	return s;
}

static vigil_status check_records(vigil_db *db, struct refs *refs, vigil_audit_report *report,
                                  vigil_error *err)
{
	int64_t count[NAUDITED] = { 0 };
	if (refs->n)
		qsort(refs->v, refs->n, sizeof *refs->v, ref_order);
	for (size_t i = 0; i < refs->n; i++) {
		/* Sorted by record, then entry: the last of a run is the latest. */
		if (i + 1 < refs->n && refs->v[i + 1].kind == refs->v[i].kind &&
		    refs->v[i + 1].id == refs->v[i].id)
			continue;
		vigil_status s = check_record(db, &refs->v[i], err);
		if (s != VIGIL_OK)
			return s;
		count[refs->v[i].kind]++;
		report->records++;
	}
	for (size_t k = 0; k < NAUDITED && report->nkinds < VIGIL_AUDIT_KINDS_MAX; k++) {
		report->kinds[report->nkinds].one = audited[k].one;
		report->kinds[report->nkinds].many = audited[k].many;
		report->kinds[report->nkinds++].count = count[k];
	}
	return VIGIL_OK;
}

/* ---- whole-table guards ------------------------------------------------- */

/* Two numbers from one query; NULL reads as -1. */
static vigil_status two_numbers(vigil_db *db, const char *sql, const char *entity,
                                long long *a, long long *b, vigil_error *err)
{
	sqlite3_stmt *stmt;
	vigil_status s = store_prepare_cached(db, &stmt, sql, err);
	if (s != VIGIL_OK)
		return s;
	if (entity)
		sqlite3_bind_text(stmt, 1, entity, -1, SQLITE_STATIC);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*a = sqlite3_column_type(stmt, 0) == SQLITE_NULL ? -1 : sqlite3_column_int64(stmt, 0);
		*b = sqlite3_column_type(stmt, 1) == SQLITE_NULL ? -1 : sqlite3_column_int64(stmt, 1);
	} else {
		s = store_fail(db, rc == SQLITE_DONE ? SQLITE_ERROR : rc, err, "verifying records");
	}
	store_release(db, stmt);
	return s;
}

/* A table's largest key is the largest the log names (a row added
 * outside vigil takes a new one); a table keyed by another record holds
 * as many rows as the log names records of it. */
static vigil_status guard_table(vigil_db *db, const struct audited *a, vigil_error *err)
{
	char sql[256];
	long long here = -1, logged = -1;
	if (a->keyed_by_record)
		snprintf(sql, sizeof sql,
		         "SELECT (SELECT count(*) FROM %s), (SELECT count(DISTINCT entity_id)"
		         " FROM audit_log WHERE entity = ?)",
		         a->table);
	else
		snprintf(sql, sizeof sql,
		         "SELECT (SELECT max(%s) FROM %s), (SELECT max(entity_id) FROM audit_log"
		         " WHERE entity = ?)",
		         a->key, a->table);
	vigil_status s = two_numbers(db, sql, a->entity, &here, &logged, err);
	if (s != VIGIL_OK || here == logged)
		return s;
	if (a->keyed_by_record)
		return vigil_fail(err, VIGIL_ETAMPER,
		                  "%s: %lld rows, but the audit log names %lld (a row added or removed "
		                  "outside vigil)",
		                  a->table, here < 0 ? 0 : here, logged < 0 ? 0 : logged);
	if (here > logged)
		return vigil_fail(err, VIGIL_ETAMPER, "%s %lld: not in the audit log (added outside vigil)",
		                  a->entity, here);
	return vigil_fail(err, VIGIL_ETAMPER,
	                  "%s %lld: in the audit log but missing from the database (deleted "
	                  "outside vigil)",
	                  a->entity, logged);
}

/* Item rows past the last assessment belong to none. */
static vigil_status guard_items(vigil_db *db, vigil_error *err)
{
	return store_verify_items(db,
	                          "SELECT assessment_id, item FROM assessment_items WHERE"
	                          " assessment_id > (SELECT coalesce(max(id), 0) FROM assessments)"
	                          " LIMIT 1",
	                          err);
}

static vigil_status guard_tables(vigil_db *db, vigil_audit_report *report, vigil_error *err)
{
	vigil_status s = VIGIL_OK;
	for (size_t i = 0; s == VIGIL_OK && i < NAUDITED; i++)
		s = guard_table(db, &audited[i], err);
	if (s == VIGIL_OK)
		s = guard_items(db, err);
	if (s == VIGIL_OK)
		report->tables_guarded = (int64_t)NAUDITED + 1;
	return s;
}

/* ---- the checkpoint ------------------------------------------------------ */

struct checkpoint {
	long long seq, through;
	char hash[WALK_HASH_HEX];
	char by[VIGIL_TEXT_BYTES(VIGIL_USER_NAME_MAX)];
	vigil_time at;
};

static vigil_status latest_checkpoint(vigil_db *db, struct checkpoint *cp, bool *found,
                                      vigil_error *err)
{
	sqlite3_stmt *stmt;
	vigil_status s = store_prepare(
		db, &stmt,
		"SELECT seq, entity_id, json_extract(detail, '$.hash'), actor, at FROM audit_log"
		" WHERE entity = 'checkpoint' ORDER BY entity_id DESC, seq DESC LIMIT 1",
		err);
	if (s != VIGIL_OK)
		return s;
	int rc = sqlite3_step(stmt);
	memset(cp, 0, sizeof *cp);
	*found = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW) {
		cp->seq = sqlite3_column_int64(stmt, 0);
		cp->through = sqlite3_column_int64(stmt, 1);
		store_column_copy(stmt, 2, cp->hash, sizeof cp->hash);
		store_column_copy(stmt, 3, cp->by, sizeof cp->by);
		cp->at = store_column_time(stmt, 4);
	} else if (rc != SQLITE_DONE) {
		s = store_fail(db, rc, err, "reading the audit log");
	}
	sqlite3_finalize(stmt);
	return s;
}

/* The entry the checkpoint names is there, whole, with the hash named:
 * the walk starts from it. */
static vigil_status checkpoint_start(vigil_db *db, const struct checkpoint *cp,
                                     struct walk_pos *pos, vigil_error *err)
{
	bool found = false;
	char hash[WALK_HASH_HEX] = "";
	vigil_status s = cp->through >= 1 && cp->through < cp->seq
	                         ? walk_row_alone(db, cp->through, hash, pos->prev_at, &found, err)
	                         : VIGIL_OK;
	if (s != VIGIL_OK)
		return s;
	if (!found || strcmp(hash, cp->hash) != 0)
		return vigil_fail(err, VIGIL_ETAMPER,
		                  "audit log row %lld: a checkpoint naming entry %lld with a hash that "
		                  "is not that entry's (forged)",
		                  cp->seq, cp->through);
	pos->expect = cp->through + 1;
	memcpy(pos->prev, hash, sizeof pos->prev);
	return VIGIL_OK;
}

/* Witnessed heads at or before the checkpoint's entry: each row checked
 * on its own (the walk covers the later ones). */
static vigil_status early_heads(vigil_db *db, struct walk *w, long long through,
                                vigil_error *err)
{
	for (size_t i = 0; i < w->nheads; i++) {
		const vigil_audit_head *h = &w->heads[i];
		long long seq = h->seq;
		if (seq == 0) {
			sqlite3_stmt *stmt;
			vigil_status s = store_prepare(
				db, &stmt, "SELECT seq FROM audit_log WHERE hash = ? AND seq <= ?", err);
			if (s != VIGIL_OK)
				return s;
			sqlite3_bind_text(stmt, 1, h->hash, -1, SQLITE_STATIC);
			sqlite3_bind_int64(stmt, 2, through);
			seq = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
			sqlite3_finalize(stmt);
		}
		if (seq < 1 || seq > through)
			continue;
		char hash[WALK_HASH_HEX], at[VIGIL_TIME_UTC_LEN];
		bool found;
		vigil_status s = walk_row_alone(db, seq, hash, at, &found, err);
		if (s != VIGIL_OK)
			return s;
		w->head_seen[i] = found && strcmp(hash, h->hash) == 0;
	}
	return VIGIL_OK;
}

static vigil_status verify_since(vigil_db *db, const struct checkpoint *cp, struct walk *w,
                                 vigil_audit_report *report, vigil_error *err)
{
	struct walk_pos pos;
	struct refs refs = { 0 };
	vigil_status s = checkpoint_start(db, cp, &pos, err);
	if (s == VIGIL_OK)
		s = early_heads(db, w, cp->through, err);
	if (s == VIGIL_OK)
		s = walk_users_upto(db, w, cp->through, err);
	if (s == VIGIL_OK)
		s = walk_chain(db, w, &pos, report, note_ref, &refs, err);
	if (s == VIGIL_OK)
		s = walk_finish(w, &pos, report, err);
	if (s == VIGIL_OK)
		s = check_records(db, &refs, report, err);
	if (s == VIGIL_OK)
		s = guard_tables(db, report, err);
	free(refs.v);
	return s;
}

vigil_status vigil_store_audit_verify_since(vigil_db *db, const vigil_audit_head *heads,
                                            size_t nheads, vigil_audit_report *report,
                                            bool *found, vigil_error *err)
{
	memset(report, 0, sizeof *report);
	*found = false;
	/* One read transaction: a consistent snapshot even while nurses record. */
	vigil_status s = store_exec(db, "BEGIN", err);
	if (s != VIGIL_OK)
		return s;
	struct checkpoint cp;
	s = latest_checkpoint(db, &cp, found, err);
	if (s == VIGIL_OK && *found)
		s = store_verify_schema(db, err);
	report->schema_checked = s == VIGIL_OK && *found;
	if (s == VIGIL_OK && *found) {
		struct walk w;
		if ((s = walk_init(&w, heads, nheads, err)) == VIGIL_OK)
			s = verify_since(db, &cp, &w, report, err);
		walk_free(&w);
	}
	if (s == VIGIL_OK && *found) {
		report->from_checkpoint = true;
		report->checkpoint_seq = cp.seq;
		report->checkpoint_through = cp.through;
		report->checkpoint_at = cp.at;
		vigil_copy(report->checkpoint_by, sizeof report->checkpoint_by, cp.by);
	}
	sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);
	return s;
}

/* ---- writing one --------------------------------------------------------- */

static vigil_status head_is_checkpoint(vigil_db *db, bool *yes, vigil_error *err)
{
	sqlite3_stmt *stmt;
	vigil_status s = store_prepare(
		db, &stmt, "SELECT entity = 'checkpoint' FROM audit_log ORDER BY seq DESC LIMIT 1", err);
	if (s != VIGIL_OK)
		return s;
	int rc = sqlite3_step(stmt);
	*yes = rc == SQLITE_ROW && sqlite3_column_int(stmt, 0);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		s = store_fail(db, rc, err, "reading the audit log");
	sqlite3_finalize(stmt);
	return s;
}

vigil_status vigil_store_audit_checkpoint(vigil_db *db, const char *actor,
                                          const vigil_audit_report *report, int64_t *seq,
                                          vigil_error *err)
{
	*seq = 0;
	char detail[320];
	snprintf(detail, sizeof detail,
	         "{\"through\":%lld,\"hash\":\"%s\",\"entries\":%lld,\"signed\":%lld,"
	         "\"records\":%lld}",
	         (long long)report->head_seq, report->head, (long long)report->entries,
	         (long long)report->signed_rows, (long long)report->records);
	vigil_status s = store_write_begin(db, err);
	if (s != VIGIL_OK)
		return s;
	bool already;
	s = head_is_checkpoint(db, &already, err);
	if (s == VIGIL_OK && !already && report->head_seq > 0) {
		s = store_audit_append(db, actor, "checkpoint", "checkpoint", report->head_seq, detail,
		                       err);
		if (s == VIGIL_OK)
			*seq = sqlite3_last_insert_rowid(db->sql);
	}
	return store_write_end(db, s, err);
}
