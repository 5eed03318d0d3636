/* audit_verify.c - walking the audit log: the hash chain, each row's
 * signature against the key its actor had at that point, heads witnessed
 * elsewhere, and the schema as shipped.
 *
 * Keys come from the log itself: a user's audited form carries their
 * public key (element 7), so the walk knows, row by row, which key each
 * actor had. The first row carrying a key starts the signed era; from
 * there every row must be signed, except the login bookkeeping ("-"),
 * which may only count a wrong password up. A key appears either in a row
 * signed by an admin (a new user, a reset), in one signed by the user's
 * old key (a new password), or signed by itself: only for the database's
 * first user (the ward's root key) and for a user from before keys, on
 * their first login after the upgrade (trust on first use). A batch (an
 * import) signs once: its rows go unsigned, and a row signed by the same
 * user ("seal") follows them, covering them through the chain. */
#include <stdlib.h>
#include <string.h>

#include "audit_walk.h"
#include "internal.h"
#include "vigil/auth.h"
#include "vigil/store.h"

#define HASH_HEX WALK_HASH_HEX

static struct known_user *user_by_name(struct walk *w, const char *name)
{
	for (size_t i = 0; name && i < w->n; i++)
		if (strcmp(w->users[i].name, name) == 0)
			return &w->users[i];
	return NULL;
}

static struct known_user *user_by_id(struct walk *w, int64_t id)
{
	for (size_t i = 0; i < w->n; i++)
		if (w->users[i].id == id)
			return &w->users[i];
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 16;
		struct known_user *grown = realloc(w->users, cap * sizeof *grown);
		if (!grown)
			return NULL;
		w->users = grown, w->cap = cap;
	}
	struct known_user *u = &w->users[w->n++];
	memset(u, 0, sizeof *u);
	u->id = id;
	return u;
}

/* A user row's form as the walk reads it (SQL pulls the elements out). */
struct user_form {
	const char *name, *role, *pk, *locked;
	int disabled;
	long long failed;
};

static bool valid_sig(const char *sig_hex, const char *hash, const char *pk_hex)
{
	unsigned char sig[crypto_sign_BYTES], pk[crypto_sign_PUBLICKEYBYTES];
	size_t n;
	if (!sig_hex || !pk_hex ||
	    sodium_hex2bin(sig, sizeof sig, sig_hex, strlen(sig_hex), NULL, &n, NULL) != 0 ||
	    n != sizeof sig ||
	    sodium_hex2bin(pk, sizeof pk, pk_hex, strlen(pk_hex), NULL, &n, NULL) != 0 ||
	    n != sizeof pk)
		return false;
	return crypto_sign_verify_detached(sig, (const unsigned char *)hash, strlen(hash), pk) == 0;
}

/* An unsigned row in the signed era may only count one more wrong
 * password for a user (and lock when the count reaches the limit). */
static bool is_login_try(const struct known_user *before, const struct user_form *f,
                         const char *at)
{
	bool expired = before->locked[0] && strcmp(before->locked, at) <= 0;
	long long expect = expired ? 1 : before->failed + 1;
	return f->failed == expect && strcmp(f->name, before->name) == 0 &&
	       strcmp(f->role, before->role) == 0 && f->disabled == before->disabled &&
	       strcmp(f->pk ? f->pk : "", before->pk) == 0 &&
	       (expect < VIGIL_LOGIN_TRIES || f->locked);
}

struct row {
	long long seq;
	const char *at, *actor, *action, *entity, *hash, *sig;
	int64_t entity_id;
	bool is_user;
	struct user_form form;
};

/* Row r is signed as its actor's key at that point requires, or may go
 * unsigned; VIGIL_ETAMPER naming the row otherwise. */
static vigil_status check_signature(struct walk *w, const struct row *r, vigil_error *err)
{
	struct known_user *actor = user_by_name(w, r->actor);
	struct known_user *subject = r->is_user ? user_by_id(w, r->entity_id) : NULL;
	if (!w->signed_era && !r->sig)
		return VIGIL_OK;
	if (!r->sig) {
		if (strcmp(r->actor, "-") == 0 && subject && subject->name[0] &&
		    is_login_try(subject, &r->form, r->at))
			return VIGIL_OK;
		/* A batch's row: its actor's seal must follow, before anyone
		 * else's signed row. Rows about users are never left to a seal. */
		if (!r->is_user && strcmp(r->actor, "-") != 0 &&
		    (!w->pending[0] || strcmp(w->pending, r->actor) == 0)) {
			if (!w->pending[0]) {
				vigil_copy(w->pending, sizeof w->pending, r->actor);
				w->pending_seq = r->seq;
			}
			return VIGIL_OK;
		}
		return vigil_fail(err, VIGIL_ETAMPER,
		                  "audit log row %lld: not signed (written outside vigil)",
		                  w->pending[0] ? w->pending_seq : r->seq);
	}
	if (w->pending[0] && strcmp(w->pending, r->actor) != 0)
		return vigil_fail(err, VIGIL_ETAMPER,
		                  "audit log row %lld: not signed (written outside vigil)",
		                  w->pending_seq);
	const char *pk = actor && actor->pk[0] ? actor->pk : NULL;
	bool first = subject && w->n == 1 && !subject->name[0];
	if (!pk && r->is_user && r->form.pk && r->form.name && strcmp(r->form.name, r->actor) == 0) {
		/* Signed by the key it introduces: the first user, or one from
		 * before keys. */
		bool legacy = subject && subject->name[0] && !subject->pk[0];
		if (first || legacy)
			pk = r->form.pk;
	}
	if (!pk)
		return vigil_fail(err, VIGIL_ETAMPER,
		                  "audit log row %lld: signed as %s, who has no key at that point "
		                  "(forged)",
		                  r->seq, r->actor);
	if (!valid_sig(r->sig, r->hash, pk))
		return vigil_fail(err, VIGIL_ETAMPER,
		                  "audit log row %lld: the signature is not %s's (forged or edited)",
		                  r->seq, r->actor);
	/* Only an admin adds a user or changes another, or anyone's role or
	 * state; a user may change their own password and key. */
	if (r->is_user && subject && !first && !(actor && strcmp(actor->role, "admin") == 0)) {
		bool own = subject->name[0] && strcmp(subject->name, r->actor) == 0 && r->form.role &&
		           strcmp(r->form.role, subject->role) == 0 &&
		           r->form.disabled == subject->disabled;
		if (!own)
			return vigil_fail(err, VIGIL_ETAMPER,
			                  "audit log row %lld: %s changed user %s without the admin role "
			                  "(forged)",
			                  r->seq, r->actor, r->form.name ? r->form.name : "?");
	}
	w->pending[0] = '\0'; /* sealed: this signature covers them */
	return VIGIL_OK;
}

static void learn_user(struct walk *w, const struct row *r)
{
	struct known_user *u = user_by_id(w, r->entity_id);
	if (!u || !r->form.name)
		return;
	vigil_copy(u->name, sizeof u->name, r->form.name);
	vigil_copy(u->role, sizeof u->role, r->form.role ? r->form.role : "");
	vigil_copy(u->pk, sizeof u->pk, r->form.pk ? r->form.pk : "");
	vigil_copy(u->locked, sizeof u->locked, r->form.locked ? r->form.locked : "");
	u->disabled = r->form.disabled;
	u->failed = r->form.failed;
	if (u->pk[0]) {
		w->signed_era = true;
		if (!w->root_pk[0] && strcmp(u->role, "admin") == 0)
			vigil_copy(w->root_pk, sizeof w->root_pk, u->pk);
	}
}

static void read_row(sqlite3_stmt *stmt, struct row *r)
{
	memset(r, 0, sizeof *r);
	r->seq = sqlite3_column_int64(stmt, 0);
	r->at = (const char *)sqlite3_column_text(stmt, 1);
	r->actor = (const char *)sqlite3_column_text(stmt, 2);
	r->action = (const char *)sqlite3_column_text(stmt, 3);
	r->entity = (const char *)sqlite3_column_text(stmt, 4);
	r->entity_id = sqlite3_column_int64(stmt, 5);
	r->hash = (const char *)sqlite3_column_text(stmt, 8);
	r->sig = (const char *)sqlite3_column_text(stmt, 9);
	r->is_user = r->entity && strcmp(r->entity, "user") == 0;
	if (r->is_user) {
		r->form.name = (const char *)sqlite3_column_text(stmt, 10);
		r->form.role = (const char *)sqlite3_column_text(stmt, 11);
		r->form.disabled = sqlite3_column_int(stmt, 12);
		r->form.pk = (const char *)sqlite3_column_text(stmt, 13);
		r->form.failed = sqlite3_column_int64(stmt, 14);
		r->form.locked = (const char *)sqlite3_column_text(stmt, 15);
	}
}

static vigil_status check_links(const struct row *r, long long expect, const char *prev,
                                const char *hash, const char *stored_prev,
                                const char *prev_at, vigil_error *err)
{
	if (r->seq != expect)
		return vigil_fail(err, VIGIL_ETAMPER,
		                  "audit log: row %lld is missing (row %lld follows row %lld)", expect,
		                  r->seq, expect - 1);
	if (!stored_prev || strcmp(stored_prev, prev) != 0)
		return vigil_fail(err, VIGIL_ETAMPER,
		                  "audit log row %lld: does not link to the row before it", r->seq);
	if (!r->hash || strcmp(r->hash, hash) != 0)
		return vigil_fail(err, VIGIL_ETAMPER,
		                  "audit log row %lld: contents do not match its hash (edited)", r->seq);
	if (!r->at || strcmp(r->at, prev_at) < 0)
		return vigil_fail(err, VIGIL_ETAMPER,
		                  "audit log row %lld: written at %s, before the row above it", r->seq,
		                  r->at ? r->at : "(no time)");
	return VIGIL_OK;
}

static void see_heads(struct walk *w, long long seq, const char *hash)
{
	for (size_t i = 0; i < w->nheads; i++)
		if ((w->heads[i].seq == seq || w->heads[i].seq == 0) &&
		    strcmp(w->heads[i].hash, hash) == 0)
			w->head_seen[i] = true;
}

static vigil_status check_heads(struct walk *w, long long last, vigil_error *err)
{
	for (size_t i = 0; i < w->nheads; i++) {
		const vigil_audit_head *h = &w->heads[i];
		if (w->head_seen[i])
			continue;
		if (h->seq > last)
			return vigil_fail(err, VIGIL_ETAMPER,
			                  "audit log: ends at row %lld, before the witnessed head %lld:%.12s "
			                  "(rows cut from the end, or an older copy of the file)",
			                  last, (long long)h->seq, h->hash);
		if (h->seq)
			return vigil_fail(err, VIGIL_ETAMPER,
			                  "audit log row %lld: differs from the witnessed head "
			                  "%lld:%.12s (the log was rewritten)",
			                  (long long)h->seq, (long long)h->seq, h->hash);
		return vigil_fail(err, VIGIL_ETAMPER,
		                  "audit log: the head noted earlier (%.16s...) is no longer on the "
		                  "chain (rows removed from the end, or the log rewritten)",
		                  h->hash);
	}
	return VIGIL_OK;
}

/* "ab12 cd34 ..." : BLAKE2b-128 of the root public key, for people to
 * compare. */
void store_key_fingerprint(const char *pk_hex, char *out, size_t size)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], fp[16];
	size_t n;
	out[0] = '\0';
	if (sodium_hex2bin(pk, sizeof pk, pk_hex, strlen(pk_hex), NULL, &n, NULL) != 0 ||
	    n != sizeof pk)
		return;
	crypto_generichash(fp, sizeof fp, pk, sizeof pk, NULL, 0);
	size_t len = 0;
	for (size_t i = 0; i < sizeof fp && len + 6 < size; i += 2)
		len += (size_t)snprintf(out + len, size - len, "%s%02x%02x", i ? " " : "", fp[i],
		                        fp[i + 1]);
}

/* The columns every walk reads: the row, and a user row's form or a
 * checkpoint's hash pulled out by SQL. */
#define WALK_COLUMNS                                                                        \
	"SELECT seq, at, actor, action, entity, entity_id, detail, prev_hash, hash, sig,"       \
	" iif(entity = 'user', json_extract(detail, '$[1]'), NULL),"                            \
	" iif(entity = 'user', json_extract(detail, '$[3]'), NULL),"                            \
	" iif(entity = 'user', json_extract(detail, '$[4]'), NULL),"                            \
	" iif(entity = 'user', json_extract(detail, '$[7]'), NULL),"                            \
	" iif(entity = 'user', json_extract(detail, '$[8]'), NULL),"                            \
	" iif(entity = 'user', json_extract(detail, '$[9]'), NULL),"                            \
	" iif(entity = 'checkpoint', json_extract(detail, '$.hash'), NULL)"                     \
	" FROM audit_log"

static void row_hash(sqlite3_stmt *stmt, const struct row *r, const char *prev,
                     char hash[HASH_HEX])
{
	store_audit_row_hash(prev, r->seq, r->at, r->actor, r->action, r->entity,
	                     (long long)r->entity_id, (const char *)sqlite3_column_text(stmt, 6),
	                     hash);
}

/* A checkpoint vouches for the log up to the row it names: written by an
 * admin, after that row, naming that row's hash. The rows before it have
 * been walked (or stand as stored, for the walk from a checkpoint). */
static vigil_status check_checkpoint(vigil_db *db, struct walk *w, const struct row *r,
                                     const char *named_hash, vigil_error *err)
{
	struct known_user *by = user_by_name(w, r->actor);
	if (!by || strcmp(by->role, "admin") != 0)
		return vigil_fail(err, VIGIL_ETAMPER,
		                  "audit log row %lld: a checkpoint by %s, who is not an admin (forged)",
		                  r->seq, r->actor);
	char hash[HASH_HEX] = "";
	sqlite3_stmt *stmt;
	vigil_status s = store_prepare_cached(db, &stmt, "SELECT hash FROM audit_log WHERE seq = ?",
	                                      err);
	if (s != VIGIL_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, r->entity_id);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		store_column_copy(stmt, 0, hash, sizeof hash);
	else if (rc != SQLITE_DONE)
		s = store_fail(db, rc, err, "reading the audit log");
	store_release(db, stmt);
	if (s == VIGIL_OK && (r->entity_id < 1 || r->entity_id >= r->seq || !named_hash ||
	                      strcmp(hash, named_hash) != 0))
		s = vigil_fail(err, VIGIL_ETAMPER,
		               "audit log row %lld: a checkpoint naming entry %lld with a hash that is "
		               "not that entry's (forged)",
		               r->seq, (long long)r->entity_id);
	return s;
}

vigil_status walk_init(struct walk *w, const vigil_audit_head *heads, size_t nheads,
                       vigil_error *err)
{
	memset(w, 0, sizeof *w);
	w->heads = heads;
	w->nheads = nheads;
	w->head_seen = calloc(nheads + 1, sizeof *w->head_seen);
	return w->head_seen ? VIGIL_OK
	                    : vigil_fail(err, VIGIL_ENOMEM, "out of memory verifying the audit log");
}

void walk_free(struct walk *w)
{
	free(w->users);
	free(w->head_seen);
	w->users = NULL;
	w->head_seen = NULL;
}

/* One row of the walk: in its place, as signed, and (a checkpoint) as
 * vouched for. */
static vigil_status walk_row(vigil_db *db, struct walk *w, struct walk_pos *pos,
                             sqlite3_stmt *stmt, const struct row *r, vigil_audit_report *report,
                             vigil_error *err)
{
	char hash[HASH_HEX];
	row_hash(stmt, r, pos->prev, hash);
	vigil_status s = check_links(r, pos->expect, pos->prev, hash,
	                             (const char *)sqlite3_column_text(stmt, 7), pos->prev_at, err);
	if (s == VIGIL_OK)
		s = check_signature(w, r, err);
	if (s == VIGIL_OK && r->entity && strcmp(r->entity, "checkpoint") == 0)
		s = check_checkpoint(db, w, r, (const char *)sqlite3_column_text(stmt, 16), err);
	if (s != VIGIL_OK)
		return s;
	if (r->is_user)
		learn_user(w, r);
	report->signed_rows += r->sig != NULL;
	see_heads(w, r->seq, hash);
	memcpy(pos->prev, hash, HASH_HEX);
	vigil_copy(pos->prev_at, sizeof pos->prev_at, r->at);
	pos->expect++;
	report->entries++;
	return VIGIL_OK;
}

vigil_status walk_chain(vigil_db *db, struct walk *w, struct walk_pos *pos,
                        vigil_audit_report *report, walk_record_fn fn, void *ctx,
                        vigil_error *err)
{
	sqlite3_stmt *stmt;
	vigil_status s = store_prepare(db, &stmt, WALK_COLUMNS " WHERE seq >= ? ORDER BY seq", err);
	if (s != VIGIL_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, pos->expect);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct row r;
		read_row(stmt, &r);
		s = walk_row(db, w, pos, stmt, &r, report, err);
		if (s == VIGIL_OK && fn && r.entity && r.entity[0])
			s = fn(r.entity, r.entity_id, r.seq, ctx, err);
		if (s != VIGIL_OK)
			break;
	}
	if (s == VIGIL_OK && rc != SQLITE_DONE)
		s = store_fail(db, rc, err, "reading the audit log");
	sqlite3_finalize(stmt);
	return s;
}

vigil_status walk_users_upto(vigil_db *db, struct walk *w, long long through,
                             vigil_error *err)
{
	sqlite3_stmt *stmt;
	vigil_status s = store_prepare(
		db, &stmt, WALK_COLUMNS " WHERE entity = 'user' AND seq <= ? ORDER BY seq", err);
	if (s != VIGIL_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, through);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct row r;
		char hash[HASH_HEX];
		read_row(stmt, &r);
		const char *stored_prev = (const char *)sqlite3_column_text(stmt, 7);
		row_hash(stmt, &r, stored_prev ? stored_prev : "", hash);
		if (!r.hash || strcmp(r.hash, hash) != 0)
			s = vigil_fail(err, VIGIL_ETAMPER,
			               "audit log row %lld: contents do not match its hash (edited)", r.seq);
		else
			s = check_signature(w, &r, err);
		if (s != VIGIL_OK)
			break;
		learn_user(w, &r);
	}
	if (s == VIGIL_OK && rc != SQLITE_DONE)
		s = store_fail(db, rc, err, "reading the audit log");
	sqlite3_finalize(stmt);
	return s;
}

vigil_status walk_row_alone(vigil_db *db, long long seq, char hash[HASH_HEX],
                            char at[VIGIL_TIME_UTC_LEN], bool *found, vigil_error *err)
{
	sqlite3_stmt *stmt;
	vigil_status s = store_prepare(db, &stmt, WALK_COLUMNS " WHERE seq = ?", err);
	if (s != VIGIL_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, seq);
	int rc = sqlite3_step(stmt);
	*found = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW) {
		struct row r;
		const char *stored_prev = (const char *)sqlite3_column_text(stmt, 7);
		read_row(stmt, &r);
		row_hash(stmt, &r, stored_prev ? stored_prev : "", hash);
		vigil_copy(at, VIGIL_TIME_UTC_LEN, r.at ? r.at : "");
		if (!r.hash || strcmp(r.hash, hash) != 0)
			s = vigil_fail(err, VIGIL_ETAMPER,
			               "audit log row %lld: contents do not match its hash (edited)", seq);
	} else if (rc != SQLITE_DONE) {
		s = store_fail(db, rc, err, "reading the audit log");
	}
	sqlite3_finalize(stmt);
	return s;
}

vigil_status walk_finish(struct walk *w, const struct walk_pos *pos, vigil_audit_report *report,
                         vigil_error *err)
{
	if (w->pending[0])
		return vigil_fail(err, VIGIL_ETAMPER,
		                  "audit log row %lld: not signed (written outside vigil)",
		                  w->pending_seq);
	vigil_status s = check_heads(w, pos->expect - 1, err);
	if (s != VIGIL_OK)
		return s;
	memcpy(report->head, pos->prev, HASH_HEX);
	report->head_seq = pos->expect - 1;
	store_key_fingerprint(w->root_pk, report->ward_key, sizeof report->ward_key);
	return VIGIL_OK;
}

vigil_status store_verify_chain(vigil_db *db, const vigil_audit_head *heads, size_t nheads,
                                vigil_audit_report *report, vigil_error *err)
{
	struct walk w;
	struct walk_pos pos = { .expect = 1 };
	memset(pos.prev, '0', HASH_HEX - 1);
	vigil_status s = walk_init(&w, heads, nheads, err);
	if (s == VIGIL_OK)
		s = walk_chain(db, &w, &pos, report, NULL, NULL, err);
	if (s == VIGIL_OK)
		s = walk_finish(&w, &pos, report, err);
	walk_free(&w);
	return s;
}
