/* audit.c - the hash-chained audit log: appending and verifying.
 *
 * Each row's hash is BLAKE2b over the previous row's hash and the row's own
 * fields. A record's detail is its canonical form, produced by SQL from the
 * stored row (canonical_sql below); verify produces it again from what is
 * stored now and compares, so an edit made with any other program shows. */
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "vigil/audit.h"
#include "vigil/store.h"
#include "vigil/text.h"

#define HASH_BYTES 32
#define HASH_HEX (HASH_BYTES * 2 + 1)
static const char genesis[HASH_HEX] =
	"0000000000000000000000000000000000000000000000000000000000000000";

/* One per audited table: entity name, table, and the canonical form of row
 * e. Password hashes enter only as a digest. */
static const struct canonical {
	const char *entity;
	const char *table;
	const char *id;   /* the row's key column */
	const char *one, *many; /* in a person's words, for the report */
	const char *expr;
} canonical_forms[] = {
	{ "user", "users", "id", "user", "users",
	  "json_array(e.id, e.name, e.full_name, e.role, e.disabled, e.created_at,"
	  " vigil_digest(e.pw_hash), e.sign_pk, e.failed_logins, e.locked_until)" },
	{ "setting", "settings", "id", "setting", "settings",
	  "json_array(e.id, e.key, e.value)" },
	{ "scale_def", "scale_defs", "id", "installed scale definition",
	  "installed scale definitions",
	  "json_array(e.id, e.scale, e.source, e.hash, vigil_digest(e.text), e.installed_at,"
	  " e.installed_by_id)" },
	{ "patient", "patients", "id", "patient", "patients",
	  "json_array(e.id, e.mrn, e.name, e.bed, e.admitted_at, e.discharged_at)" },
	{ "assessment", "assessments", "id", "assessment with its item scores",
	  "assessments with their item scores",
	  /* The definition that scored it joined the form in schema 6; rows
	   * from before keep the form they were logged with. */
	  "(SELECT iif(e.definition IS NULL, j, json_insert(j, '$[#]', e.definition)) FROM"
	  " (SELECT json_array(e.id, e.patient_id, e.scale, e.performed_at, e.entered_at,"
	  " e.performer_id, e.entered_by_id, e.reason, e.note, e.total, e.max_total, e.band,"
	  " e.late, e.supersedes_id, e.amend_reason,"
	  " json((SELECT json_group_array(json_array(item, score, raw_value)) FROM"
	  "  (SELECT item, score, raw_value FROM assessment_items"
	  "   WHERE assessment_id = e.id ORDER BY item)))) AS j))" },
	{ "void", "voids", "assessment_id", "assessment marked entered in error",
	  "assessments marked entered in error",
	  "json_array(e.assessment_id, e.voided_by_id, e.voided_at, e.reason)" },
	{ "protocol", "protocols", "id", "installed protocol", "installed protocols",
	  "json_array(e.id, e.scale, e.source, e.hash, vigil_digest(e.text), e.installed_at,"
	  " e.installed_by_id)" },
	{ "monitoring", "monitoring", "id", "start or stop of monitoring",
	  "starts and stops of monitoring",
	  "json_array(e.id, e.patient_id, e.scale, e.action, e.at, e.by_id, e.reason)" },
	{ "not_done", "not_done", "id", "reassessment not done", "reassessments not done",
	  "json_array(e.id, e.patient_id, e.scale, e.performed_at, e.entered_at, e.performer_id,"
	  " e.entered_by_id, e.why, e.note, e.late, e.supersedes_id, e.amend_reason)" },
	{ "not_done_void", "not_done_voids", "not_done_id", "not-done record entered in error",
	  "not-done records entered in error",
	  "json_array(e.not_done_id, e.voided_by_id, e.voided_at, e.reason)" },
	{ "drug_list", "drug_lists", "id", "installed drug list", "installed drug lists",
	  "json_array(e.id, e.scale, e.source, e.hash, vigil_digest(e.text), e.installed_at,"
	  " e.installed_by_id)" },
	{ "chart", "chart_entries", "id", "dose, vital signs, note or last use",
	  "doses, vital signs, notes and last uses", CHART_CANONICAL },
	{ "chart_void", "chart_voids", "entry_id", "chart entry marked entered in error",
	  "chart entries marked entered in error",
	  "json_array(e.entry_id, e.voided_by_id, e.voided_at, e.reason)" },
};

#define NFORMS (sizeof canonical_forms / sizeof canonical_forms[0])

static vigil_status verify_records(vigil_db *db, const struct canonical *c,
                                   vigil_audit_report *report, vigil_error *err);

static const char *id_column(const struct canonical *c)
{
	return c->id;
}

/* SQL for the detail of the latest audit entry about row e (NULL when the
 * log has none): what verify and the check before an update compare the
 * row's canonical form with. */
static void latest_detail_sql(const struct canonical *c, char *buf, size_t size)
{
	snprintf(buf, size,
	         "(SELECT detail FROM audit_log WHERE entity = '%s' AND entity_id = e.%s"
	         " ORDER BY seq DESC LIMIT 1)",
	         c->entity, id_column(c));
}

static void digest_function(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	unsigned char out[HASH_BYTES];
	char hex[HASH_HEX];
	const unsigned char *in = sqlite3_value_blob(argv[0]);
	int len = sqlite3_value_bytes(argv[0]);
	crypto_generichash(out, sizeof out, in, (unsigned long long)len, NULL, 0);
	sodium_bin2hex(hex, sizeof hex, out, sizeof out);
	sqlite3_result_text(ctx, hex, -1, SQLITE_TRANSIENT);
}

vigil_status store_register_functions(vigil_db *db, vigil_error *err)
{
	if (sodium_init() < 0)
		return vigil_fail(err, VIGIL_EDB, "libsodium failed to initialise");
	int rc = sqlite3_create_function(db->sql, "vigil_digest", 1,
	                                 SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
	                                 digest_function, NULL, NULL);
	return rc == SQLITE_OK ? VIGIL_OK : store_fail(db, rc, err, "setting up");
}

static void hash_field(crypto_generichash_state *st, const char *text)
{
	char len[24];
	size_t n = text ? strlen(text) : 0;
	snprintf(len, sizeof len, "%zu:", n);
	crypto_generichash_update(st, (const unsigned char *)len, strlen(len));
	if (n)
		crypto_generichash_update(st, (const unsigned char *)text, n);
}

/* The hash of one row; fields are length-prefixed so no two rows can be
 * made to hash alike by moving text between fields. */
void store_audit_row_hash(const char *prev, long long seq, const char *at, const char *actor,
                     const char *action, const char *entity, long long entity_id,
                     const char *detail, char out[HASH_HEX])
{
	crypto_generichash_state st;
	unsigned char bin[HASH_BYTES];
	char num[48];
	crypto_generichash_init(&st, NULL, 0, sizeof bin);
	hash_field(&st, prev);
	snprintf(num, sizeof num, "%lld", seq);
	hash_field(&st, num);
	hash_field(&st, at);
	hash_field(&st, actor);
	hash_field(&st, action);
	hash_field(&st, entity);
	snprintf(num, sizeof num, "%lld", entity_id);
	hash_field(&st, num);
	hash_field(&st, detail);
	crypto_generichash_final(&st, bin, sizeof bin);
	sodium_bin2hex(out, HASH_HEX, bin, sizeof bin);
}

static vigil_status last_row(vigil_db *db, long long *seq, char prev[HASH_HEX],
                             vigil_time *last_at, vigil_error *err)
{
	sqlite3_stmt *stmt;
	vigil_status s = store_prepare_cached(
		db, &stmt, "SELECT seq, hash, at FROM audit_log ORDER BY seq DESC LIMIT 1", err);
	if (s != VIGIL_OK)
		return s;
	int rc = sqlite3_step(stmt);
	*seq = 0;
	*last_at = 0;
	memcpy(prev, genesis, HASH_HEX);
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(stmt, 0);
		store_column_copy(stmt, 1, prev, HASH_HEX);
		*last_at = store_column_time(stmt, 2);
	} else if (rc != SQLITE_DONE) {
		s = store_fail(db, rc, err, "reading the audit log");
	}
	store_release(db, stmt);
	return s;
}

static const unsigned char *signer_key(vigil_db *db, const char *actor)
{
	for (size_t i = 0; i < STORE_SIGNERS_MAX; i++)
		if (db->signers[i].name[0] && strcmp(db->signers[i].name, actor) == 0)
			return db->signers[i].sk;
	return NULL;
}

vigil_status store_audit_append(vigil_db *db, const char *actor, const char *action,
                                const char *entity, int64_t id, const char *detail,
                                vigil_error *err)
{
	long long seq;
	char prev[HASH_HEX], hash[HASH_HEX], at[VIGIL_TIME_UTC_LEN];
	vigil_time now, last_at;
	vigil_status s = vigil_clock_now(&now, err);
	if (s == VIGIL_OK)
		s = last_row(db, &seq, prev, &last_at, err);
	if (s != VIGIL_OK)
		return s;
	/* The log's times never run backwards: a clock set back (or a pinned
	 * VIGIL_NOW) cannot slip an entry in before ones already written. */
	if (now < last_at) {
		char shown[VIGIL_TIME_LOCAL_LEN];
		vigil_time_format_local(last_at, shown, sizeof shown);
		return vigil_fail(err, VIGIL_EINVAL,
		                  "the clock is behind the audit log (last entry %s); nothing was saved",
		                  shown);
	}
	/* Rows are signed by the user who acted; only the login bookkeeping
	 * ("-", before anyone is logged in) goes unsigned. */
	bool sign = strcmp(actor, "-") != 0;
	const unsigned char *sk = sign ? signer_key(db, actor) : NULL;
	if (sign && !sk)
		return vigil_fail(err, VIGIL_EAUTH,
		                  "%s has no signing key in this session; nothing was saved", actor);
	/* Inside a batch (an import of thousands of rows) a row's signature
	 * waits for the seal: one row signed by the same user after it, whose
	 * signature covers every row before it through the chain. Rows about
	 * users, which carry keys, are always signed at once. */
	if (sign && db->batch && strcmp(entity, "user") != 0 && !db->sealing) {
		if (db->deferred[0] && strcmp(db->deferred, actor) != 0 &&
		    (s = store_audit_seal(db, err)) != VIGIL_OK)
			return s;
		if ((s = last_row(db, &seq, prev, &last_at, err)) != VIGIL_OK)
			return s;
		vigil_copy(db->deferred, sizeof db->deferred, actor);
		sign = false;
	} else if (sign && db->deferred[0] && strcmp(db->deferred, actor) != 0 && !db->sealing &&
	           (s = store_audit_seal(db, err)) == VIGIL_OK) {
		s = last_row(db, &seq, prev, &last_at, err);
	}
	if (s != VIGIL_OK)
		return s;
	seq++;
	vigil_time_format_utc(now, at, sizeof at);
	store_audit_row_hash(prev, seq, at, actor, action, entity, (long long)id, detail, hash);
	char sig_hex[crypto_sign_BYTES * 2 + 1];
	if (sign) {
		unsigned char sig[crypto_sign_BYTES];
		crypto_sign_detached(sig, NULL, (const unsigned char *)hash, HASH_HEX - 1, sk);
		sodium_bin2hex(sig_hex, sizeof sig_hex, sig, sizeof sig);
	}
	sqlite3_stmt *stmt;
	if ((s = store_prepare_cached(db, &stmt,
	                       "INSERT INTO audit_log (seq, at, actor, action, entity, entity_id,"
	                       " detail, prev_hash, hash, sig) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	                       err)) != VIGIL_OK)
		return s;
	store_bind_text(stmt, 10, sign ? sig_hex : NULL);
	sqlite3_bind_int64(stmt, 1, seq);
	sqlite3_bind_text(stmt, 2, at, -1, SQLITE_TRANSIENT);
	store_bind_text(stmt, 3, actor);
	store_bind_text(stmt, 4, action);
	store_bind_text(stmt, 5, entity);
	sqlite3_bind_int64(stmt, 6, id);
	store_bind_text(stmt, 7, detail);
	sqlite3_bind_text(stmt, 8, prev, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 9, hash, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(stmt);
	store_release(db, stmt);
	return rc == SQLITE_DONE ? VIGIL_OK : store_fail(db, rc, err, "writing the audit log");
}

vigil_status store_audit_seal(vigil_db *db, vigil_error *err)
{
	if (!db->deferred[0])
		return VIGIL_OK;
	char actor[sizeof db->deferred];
	memcpy(actor, db->deferred, sizeof actor);
	db->sealing = true;
	vigil_status s = store_audit_append(db, actor, "seal", "", 0,
	                                    "signs the rows above since its last signed one", err);
	db->sealing = false;
	if (s == VIGIL_OK)
		db->deferred[0] = '\0';
	return s;
}

void vigil_store_set_signer(vigil_db *db, const char *name, const unsigned char *sk)
{
	struct store_signer *free_slot = NULL;
	for (size_t i = 0; i < STORE_SIGNERS_MAX; i++) {
		struct store_signer *k = &db->signers[i];
		if (!name || (k->name[0] && strcmp(k->name, name) == 0)) {
			sodium_memzero(k, sizeof *k);
		}
		if (!k->name[0] && !free_slot)
			free_slot = k;
	}
	/* Full: the oldest login makes room (a face holds one). */
	if (name && sk && !free_slot) {
		memmove(&db->signers[0], &db->signers[1], sizeof db->signers[0] * (STORE_SIGNERS_MAX - 1));
		free_slot = &db->signers[STORE_SIGNERS_MAX - 1];
	}
	if (name && sk) {
		vigil_copy(free_slot->name, sizeof free_slot->name, name);
		memcpy(free_slot->sk, sk, sizeof free_slot->sk);
	}
}

/* Schema 6 logs every user in the form that carries keys and lock-out
 * state, once each ("upgrade"), after checking each still matches the log
 * in the form it had, so the upgrade launders nothing. */
vigil_status store_audit_upgrade_users(vigil_db *db, vigil_error *err)
{
	static const char check_sql[] =
		"SELECT e.id FROM users e WHERE json_array(e.id, e.name, e.full_name, e.role,"
		" e.disabled, e.created_at, vigil_digest(e.pw_hash)) IS NOT"
		" (SELECT detail FROM audit_log WHERE entity = 'user' AND entity_id = e.id"
		" ORDER BY seq DESC LIMIT 1) ORDER BY e.id LIMIT 1";
	sqlite3_stmt *stmt;
	vigil_status s = store_prepare(db, &stmt, check_sql, err);
	if (s != VIGIL_OK)
		return s;
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		s = vigil_fail(err, VIGIL_ETAMPER,
		               "%s: user %lld differs from the audit log (changed outside vigil); "
		               "not upgraded, nothing was changed",
		               db->path, (long long)sqlite3_column_int64(stmt, 0));
	else if (rc != SQLITE_DONE)
		s = store_fail(db, rc, err, "upgrading");
	sqlite3_finalize(stmt);
	if (s != VIGIL_OK || (s = store_prepare(db, &stmt, "SELECT id FROM users ORDER BY id",
	                                        err)) != VIGIL_OK)
		return s;
	while (s == VIGIL_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
		s = store_audit_record(db, "-", "upgrade", "user", sqlite3_column_int64(stmt, 0), err);
	if (s == VIGIL_OK && rc != SQLITE_DONE)
		s = store_fail(db, rc, err, "upgrading");
	sqlite3_finalize(stmt);
	return s;
}

static const struct canonical *form_for(const char *entity)
{
	for (size_t i = 0; i < NFORMS; i++)
		if (strcmp(canonical_forms[i].entity, entity) == 0)
			return &canonical_forms[i];
	return NULL;
}

vigil_status store_audit_record(vigil_db *db, const char *actor, const char *action,
                                const char *entity, int64_t id, vigil_error *err)
{
	const struct canonical *c = form_for(entity);
	char sql[2048];
	snprintf(sql, sizeof sql, "SELECT %s FROM %s e WHERE e.%s = ?", c->expr, c->table,
	         id_column(c));
	sqlite3_stmt *stmt;
	vigil_status s = store_prepare_cached(db, &stmt, sql, err);
	if (s != VIGIL_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, id);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		s = store_audit_append(db, actor, action, entity, id,
		                       (const char *)sqlite3_column_text(stmt, 0), err);
	else
		s = store_fail(db, rc == SQLITE_DONE ? SQLITE_ERROR : rc, err, "reading back a record");
	store_release(db, stmt);
	return s;
}

vigil_status store_audit_unchanged(vigil_db *db, const char *entity, int64_t id,
                                   vigil_error *err)
{
	const struct canonical *c = form_for(entity);
	char sql[2048], latest[256];
	latest_detail_sql(c, latest, sizeof latest);
	snprintf(sql, sizeof sql, "SELECT %s IS %s FROM %s e WHERE e.%s = ?", c->expr, latest,
	         c->table, id_column(c));
	sqlite3_stmt *stmt;
	vigil_status s = store_prepare_cached(db, &stmt, sql, err);
	if (s != VIGIL_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, id);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW && !sqlite3_column_int(stmt, 0))
		s = vigil_fail(err, VIGIL_ETAMPER,
		               "%s %lld differs from the audit log (changed outside vigil); nothing "
		               "was changed: an admin should run 'vigil audit verify'",
		               entity, (long long)id);
	else if (rc != SQLITE_ROW)
		s = store_fail(db, rc == SQLITE_DONE ? SQLITE_ERROR : rc, err, "reading a record");
	store_release(db, stmt);
	return s;
}

void store_canonical_for_test(vigil_db *db, const char *entity, int64_t id, char *buf,
                              size_t size)
{
	const struct canonical *c = form_for(entity);
	char sql[2048];
	sqlite3_stmt *stmt;
	buf[0] = '\0';
	snprintf(sql, sizeof sql, "SELECT %s FROM %s e WHERE e.%s = ?", c->expr, c->table, c->id);
	if (sqlite3_prepare_v2(db->sql, sql, -1, &stmt, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_int64(stmt, 1, id);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		vigil_copy(buf, size, (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
}

vigil_status vigil_store_audit_check(vigil_db *db, const char *entity, int64_t id,
                                     vigil_error *err)
{
	if (!form_for(entity))
		return vigil_fail(err, VIGIL_EINVAL, "no audited records called '%s'", entity);
	return store_audit_unchanged(db, entity, id, err);
}

vigil_status vigil_store_audit_note(vigil_db *db, const char *actor, const char *action,
                                    const char *detail, vigil_error *err)
{
	vigil_status s = store_write_begin(db, err);
	if (s != VIGIL_OK)
		return s;
	s = store_audit_append(db, actor, action, "", 0, detail, err);
	return store_write_end(db, s, err);
}

vigil_status store_verify_items(vigil_db *db, const char *sql, vigil_error *err)
{
	sqlite3_stmt *stmt;
	vigil_status s = store_prepare(db, &stmt, sql, err);
	if (s != VIGIL_OK)
		return s;
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		s = vigil_fail(err, VIGIL_ETAMPER,
		               "assessment_items: item '%s' of assessment %lld has no assessment "
		               "(added or left behind outside vigil)",
		               (const char *)sqlite3_column_text(stmt, 1),
		               (long long)sqlite3_column_int64(stmt, 0));
	else if (rc != SQLITE_DONE)
		s = store_fail(db, rc, err, "verifying records");
	sqlite3_finalize(stmt);
	return s;
}

/* Compares every row of one table with the latest audit entry about it,
 * and every audit entry with the row it names. */
static vigil_status verify_records(vigil_db *db, const struct canonical *c,
                                   vigil_audit_report *report, vigil_error *err)
{
	char sql[2048], latest[256];
	const char *idc = id_column(c);
	latest_detail_sql(c, latest, sizeof latest);
	/* One look-up of the latest entry per row, compared here: none at all
	 * (NULL) means the row was added outside vigil. */
	snprintf(sql, sizeof sql, "SELECT e.%s, %s, %s FROM %s e ORDER BY e.%s", idc, c->expr,
	         latest, c->table, idc);
	sqlite3_stmt *stmt;
	vigil_status s = store_prepare(db, &stmt, sql, err);
	if (s != VIGIL_OK)
		return s;
	int rc;
	int64_t kind_count = 0;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(stmt, 0);
		const char *canon = (const char *)sqlite3_column_text(stmt, 1);
		const char *logged = (const char *)sqlite3_column_text(stmt, 2);
		if (!logged)
			s = vigil_fail(err, VIGIL_ETAMPER,
			               "%s %lld: not in the audit log (added outside vigil)", c->entity, id);
		else if (!canon || strcmp(canon, logged) != 0)
			s = vigil_fail(err, VIGIL_ETAMPER,
			               "%s %lld: differs from what the audit log says was written "
			               "(changed outside vigil)",
			               c->entity, id);
		if (s != VIGIL_OK)
			break;
		report->records++;
		kind_count++;
	}
	if (s == VIGIL_OK && rc != SQLITE_DONE)
		s = store_fail(db, rc, err, "verifying records");
	sqlite3_finalize(stmt);
	if (s != VIGIL_OK)
		return s;
	if (report->nkinds < VIGIL_AUDIT_KINDS_MAX) {
		report->kinds[report->nkinds].one = c->one;
		report->kinds[report->nkinds].many = c->many;
		report->kinds[report->nkinds++].count = kind_count;
	}

	snprintf(sql, sizeof sql,
	         "SELECT a.seq, a.entity_id FROM audit_log a WHERE a.entity = '%s' AND NOT EXISTS"
	         " (SELECT 1 FROM %s e WHERE e.%s = a.entity_id) ORDER BY a.seq LIMIT 1",
	         c->entity, c->table, idc);
	if ((s = store_prepare(db, &stmt, sql, err)) != VIGIL_OK)
		return s;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		s = vigil_fail(err, VIGIL_ETAMPER,
		               "%s %lld: in the audit log (row %lld) but missing from the database "
		               "(deleted outside vigil)",
		               c->entity, (long long)sqlite3_column_int64(stmt, 1),
		               (long long)sqlite3_column_int64(stmt, 0));
	else if (rc != SQLITE_DONE)
		s = store_fail(db, rc, err, "verifying records");
	sqlite3_finalize(stmt);
	return s;
}

vigil_status vigil_store_audit_verify(vigil_db *db, const vigil_audit_head *heads, size_t nheads,
                                      vigil_audit_report *report, vigil_error *err)
{
	memset(report, 0, sizeof *report);
	/* One read transaction: a consistent snapshot even while nurses record. */
	vigil_status s = store_exec(db, "BEGIN", err);
	if (s != VIGIL_OK)
		return s;
	s = store_verify_schema(db, err);
	report->schema_checked = s == VIGIL_OK;
	if (s == VIGIL_OK)
		s = store_verify_chain(db, heads, nheads, report, err);
	for (size_t i = 0; s == VIGIL_OK && i < NFORMS; i++)
		s = verify_records(db, &canonical_forms[i], report, err);
	if (s == VIGIL_OK)
		/* Item rows whose assessment is gone are outside every canonical form. */
		s = store_verify_items(db,
		                       "SELECT i.assessment_id, i.item FROM assessment_items i"
		                       " WHERE NOT EXISTS (SELECT 1 FROM assessments a"
		                       " WHERE a.id = i.assessment_id) LIMIT 1",
		                       err);
	sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);
	return s;
}

vigil_status vigil_store_audit_head(vigil_db *db, char *ward_key, size_t key_size, char *head,
                                    size_t head_size, vigil_error *err)
{
	sqlite3_stmt *stmt;
	vigil_status s = store_prepare(
		db, &stmt,
		"SELECT (SELECT json_extract(detail, '$[7]') FROM audit_log WHERE entity = 'user'"
		" AND json_extract(detail, '$[3]') = 'admin' AND json_extract(detail, '$[7]')"
		" IS NOT NULL ORDER BY seq LIMIT 1), seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
		err);
	if (s != VIGIL_OK)
		return s;
	int rc = sqlite3_step(stmt);
	ward_key[0] = head[0] = '\0';
	if (rc == SQLITE_ROW) {
		const char *pk = (const char *)sqlite3_column_text(stmt, 0);
		store_key_fingerprint(pk ? pk : "", ward_key, key_size);
		snprintf(head, head_size, "%lld:%s", (long long)sqlite3_column_int64(stmt, 1),
		         (const char *)sqlite3_column_text(stmt, 2));
	} else if (rc != SQLITE_DONE) {
		s = store_fail(db, rc, err, "reading the audit log");
	}
	sqlite3_finalize(stmt);
	return s;
}

/* ---- reading the log ---------------------------------------------------- */

/* The rows about a patient: their own row and those of their records,
 * joined through the tables that hold the patient's id. */
#define ABOUT_PATIENT(table, key) \
	" OR (a.entity = '" table "' AND a.entity_id IN (SELECT " key " FROM"

static const char audit_each_sql[] =
	"SELECT a.seq, a.at, a.actor, a.action, a.entity, a.entity_id,"
	" CASE a.entity"
	"  WHEN 'patient' THEN (SELECT mrn FROM patients WHERE id = a.entity_id)"
	"  WHEN 'user' THEN (SELECT name FROM users WHERE id = a.entity_id)"
	"  WHEN 'setting' THEN (SELECT key FROM settings WHERE id = a.entity_id)"
	"  WHEN 'chart' THEN (SELECT kind FROM chart_entries WHERE id = a.entity_id)"
	"  WHEN 'chart_void' THEN (SELECT kind FROM chart_entries WHERE id = a.entity_id)"
	" END, a.detail"
	" FROM audit_log a"
	" WHERE (?1 IS NULL OR a.at >= ?1) AND (?2 IS NULL OR a.at < ?2)"
	" AND (?3 IS NULL OR a.actor = ?3)"
	" AND (?4 IS NULL OR (a.entity = 'patient' AND a.entity_id = (SELECT id FROM patients"
	"  WHERE mrn = ?4))"
	ABOUT_PATIENT("assessment", "id") " assessments WHERE patient_id = (SELECT id FROM"
	"  patients WHERE mrn = ?4)))"
	ABOUT_PATIENT("void", "id") " assessments WHERE patient_id = (SELECT id FROM"
	"  patients WHERE mrn = ?4)))"
	ABOUT_PATIENT("not_done", "id") " not_done WHERE patient_id = (SELECT id FROM"
	"  patients WHERE mrn = ?4)))"
	ABOUT_PATIENT("not_done_void", "id") " not_done WHERE patient_id = (SELECT id FROM"
	"  patients WHERE mrn = ?4)))"
	ABOUT_PATIENT("monitoring", "id") " monitoring WHERE patient_id = (SELECT id FROM"
	"  patients WHERE mrn = ?4)))"
	ABOUT_PATIENT("chart", "id") " chart_entries WHERE patient_id = (SELECT id FROM"
	"  patients WHERE mrn = ?4)))"
	ABOUT_PATIENT("chart_void", "id") " chart_entries WHERE patient_id = (SELECT id FROM"
	"  patients WHERE mrn = ?4))))"
	" ORDER BY a.seq";

static const char *column_or_empty(sqlite3_stmt *stmt, int index)
{
	const char *text = (const char *)sqlite3_column_text(stmt, index);
	return text ? text : "";
}

vigil_status vigil_store_audit_each(vigil_db *db, const vigil_audit_query *query,
                                    vigil_audit_entry_fn fn, void *ctx, vigil_error *err)
{
	sqlite3_stmt *stmt;
	vigil_status s = store_prepare(db, &stmt, audit_each_sql, err);
	if (s != VIGIL_OK)
		return s;
	store_bind_time(stmt, 1, query->since);
	store_bind_time(stmt, 2, query->until);
	store_bind_text(stmt, 3, query->user);
	store_bind_text(stmt, 4, query->mrn);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		vigil_audit_entry e = {
			.seq = sqlite3_column_int64(stmt, 0),
			.at = store_column_time(stmt, 1),
			.actor = column_or_empty(stmt, 2),
			.action = column_or_empty(stmt, 3),
			.entity = column_or_empty(stmt, 4),
			.entity_id = sqlite3_column_int64(stmt, 5),
			.name = column_or_empty(stmt, 6),
			.detail = column_or_empty(stmt, 7),
		};
		if (fn(&e, ctx) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE)
		s = store_fail(db, rc, err, "reading the audit log");
	sqlite3_finalize(stmt);
	return s;
}
