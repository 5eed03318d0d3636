/* auth.c - roles, the rules of who may do what, passwords and logins */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "vigil/auth.h"
#include "vigil/scale_defs.h"
#include "vigil/store.h"

/* Which roles may do each action: one table, consulted by both faces. */
static const struct rule {
	vigil_action action;
	const char *name;
	bool nurse, clinician, admin;
} rules[] = {
	{ VIGIL_ACT_VIEW, "view patients and assessments", true, true, true },
	{ VIGIL_ACT_RECORD, "record an assessment", true, true, false },
	{ VIGIL_ACT_CORRECT, "amend or void an assessment", true, true, false },
	{ VIGIL_ACT_ADMIT, "admit or discharge a patient", true, true, false },
	{ VIGIL_ACT_IMPORT, "import admissions", true, true, true },
	{ VIGIL_ACT_EXPORT, "export reports", false, true, true },
	{ VIGIL_ACT_MANAGE_USERS, "manage users", false, false, true },
	{ VIGIL_ACT_VERIFY_AUDIT, "verify the audit log", false, false, true },
	{ VIGIL_ACT_BACKUP, "back up the database", false, false, true },
	{ VIGIL_ACT_MONITOR, "start or stop monitoring a scale", true, true, false },
	{ VIGIL_ACT_PROTOCOL, "install a protocol or scale definition", false, false, true },
	{ VIGIL_ACT_SETTINGS, "change settings", false, false, true },
	{ VIGIL_ACT_CHART, "chart a dose, vital signs, a note or last use", true, true, false },
	{ VIGIL_ACT_CHART_CORRECT, "amend or void a dose, vital signs, a note or last use", true,
	  true, false },
	{ VIGIL_ACT_DRUGS, "install a drug list", false, false, true },
};

static const struct rule *rule_for(vigil_action action)
{
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
		if (rules[i].action == action)
			return &rules[i];
	return NULL;
}

const char *vigil_role_name(vigil_role role)
{
	switch (role) {
	case VIGIL_ROLE_NURSE: return "nurse";
	case VIGIL_ROLE_CLINICIAN: return "clinician";
	case VIGIL_ROLE_ADMIN: return "admin";
	}
	return "unknown";
}

vigil_status vigil_role_parse(const char *text, vigil_role *out, vigil_error *err)
{
	static const vigil_role all[] = { VIGIL_ROLE_NURSE, VIGIL_ROLE_CLINICIAN, VIGIL_ROLE_ADMIN };
	for (size_t i = 0; i < 3; i++) {
		if (text && strcmp(text, vigil_role_name(all[i])) == 0) {
			*out = all[i];
			return VIGIL_OK;
		}
	}
	return vigil_fail(err, VIGIL_EINVAL, "unknown role '%s' (roles: nurse, clinician, admin)",
	                  text ? text : "");
}

const char *vigil_action_name(vigil_action action)
{
	const struct rule *r = rule_for(action);
	return r ? r->name : "do that";
}

bool vigil_role_may(vigil_role role, vigil_action action)
{
	const struct rule *r = rule_for(action);
	if (!r)
		return false;
	switch (role) {
	case VIGIL_ROLE_NURSE: return r->nurse;
	case VIGIL_ROLE_CLINICIAN: return r->clinician;
	case VIGIL_ROLE_ADMIN: return r->admin;
	}
	return false;
}

vigil_status vigil_session_ready(const vigil_session *session, vigil_error *err)
{
	/* A password an admin set is known to two people: until its owner
	 * changes it, their session does nothing else. */
	if (session->user.must_change)
		return vigil_fail(err, VIGIL_EPERM,
		                  "%s: the password an admin set must be changed before anything "
		                  "else (with 'vigil passwd', or at vigil's login screen)",
		                  session->user.name);
	return VIGIL_OK;
}

vigil_status vigil_require(const vigil_session *session, vigil_action action, vigil_error *err)
{
	vigil_status s = vigil_session_ready(session, err);
	if (s != VIGIL_OK)
		return s;
	if (vigil_role_may(session->user.role, action))
		return VIGIL_OK;
	const struct rule *r = rule_for(action);
	const char *roles[3];
	size_t n = 0;
	if (r && r->nurse)
		roles[n++] = "nurse";
	if (r && r->clinician)
		roles[n++] = "clinician";
	if (r && r->admin)
		roles[n++] = "admin";
	char need[64] = "";
	for (size_t i = 0; i < n; i++) {
		strcat(need, roles[i]);
		if (i + 2 < n)
			strcat(need, ", ");
		else if (i + 2 == n)
			strcat(need, " or ");
	}
	return vigil_fail(err, VIGIL_EPERM, "%s (%s) may not %s: it needs the %s role",
	                  session->user.name, vigil_role_name(session->user.role),
	                  vigil_action_name(action), need);
}

vigil_status vigil_password_check(const char *password, vigil_error *err)
{
	size_t len = password ? strlen(password) : 0;
	/* The minimum counts characters (invalid UTF-8 counts as huge and is
	 * refused below); the maximum counts bytes, the size of the buffers. */
	if (len < VIGIL_PASSWORD_MIN || vigil_utf8_length(password) < VIGIL_PASSWORD_MIN)
		return vigil_fail(err, VIGIL_EINVAL, "password: at least %d characters are needed",
		                  VIGIL_PASSWORD_MIN);
	if (len > VIGIL_PASSWORD_MAX)
		return vigil_fail(err, VIGIL_EINVAL, "password: longer than %d bytes",
		                  VIGIL_PASSWORD_MAX);
	return vigil_text_check("password", password, VIGIL_PASSWORD_MAX, true, err);
}

/* The password record: "$vigil-ed25519$v=1$o=OPS$m=MEM$SALT$VERIFIER".
 * One argon2id run over the password and salt gives 64 bytes: the first
 * half, hashed, is the verifier stored here; the second half is the seed
 * of the user's Ed25519 signing key, which is never stored. So a login
 * pays for one run and gets both, and a forged audit row needs the
 * password, not just the file. */
#define RECORD_PREFIX "$vigil-ed25519$v=1$"
#define RECORD_BYTES 256
#define SALT_BYTES crypto_pwhash_SALTBYTES

struct user_keys {
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
	unsigned char verifier[32];
};

static vigil_status sodium_ready(vigil_error *err)
{
	if (sodium_init() < 0)
		return vigil_fail(err, VIGIL_ENOMEM, "libsodium failed to initialise");
	return VIGIL_OK;
}

static vigil_status derive_keys(const char *password, const unsigned char salt[SALT_BYTES],
                                unsigned long long ops, size_t mem, struct user_keys *k,
                                vigil_error *err)
{
	unsigned char out[64];
	if (crypto_pwhash(out, sizeof out, password, strlen(password), salt, ops, mem,
	                  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return vigil_fail(err, VIGIL_ENOMEM, "not enough memory to check the password");
	crypto_generichash(k->verifier, sizeof k->verifier, out, 32, NULL, 0);
	crypto_sign_seed_keypair(k->pk, k->sk, out + 32);
	sodium_memzero(out, sizeof out);
	return VIGIL_OK;
}

/* A new record for password, with a fresh salt, and its keys; one an
 * admin set (reset) ends with VIGIL_PASSWORD_RESET_MARK. */
static vigil_status new_record(const char *password, bool reset, char record[RECORD_BYTES],
                               char pk_hex[65], struct user_keys *k, vigil_error *err)
{
	unsigned char salt[SALT_BYTES];
	unsigned long long ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
	size_t mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	vigil_status s = sodium_ready(err);
	if (s != VIGIL_OK)
		return s;
	randombytes_buf(salt, sizeof salt);
	if ((s = derive_keys(password, salt, ops, mem, k, err)) != VIGIL_OK)
		return s;
	char salt_hex[SALT_BYTES * 2 + 1], verifier_hex[65];
	sodium_bin2hex(salt_hex, sizeof salt_hex, salt, sizeof salt);
	sodium_bin2hex(verifier_hex, sizeof verifier_hex, k->verifier, sizeof k->verifier);
	snprintf(record, RECORD_BYTES, RECORD_PREFIX "o=%llu$m=%zu$%s$%s%s", ops, mem, salt_hex,
	         verifier_hex, reset ? VIGIL_PASSWORD_RESET_MARK : "");
	sodium_bin2hex(pk_hex, 65, k->pk, sizeof k->pk);
	return VIGIL_OK;
}

/* Checks password against a record: 1 right (keys filled), 0 wrong,
 * -1 not a record of this kind (an argon2id string from before keys). */
static int check_record(const char *record, const char *password, struct user_keys *k)
{
	unsigned long long ops;
	size_t mem;
	char salt_hex[SALT_BYTES * 2 + 1], verifier_hex[65];
	unsigned char salt[SALT_BYTES], verifier[32];
	if (strncmp(record, RECORD_PREFIX, strlen(RECORD_PREFIX)) != 0 ||
	    sscanf(record + strlen(RECORD_PREFIX), "o=%llu$m=%zu$%32[0-9a-f]$%64[0-9a-f]", &ops,
	           &mem, salt_hex, verifier_hex) != 4 ||
	    sodium_hex2bin(salt, sizeof salt, salt_hex, strlen(salt_hex), NULL, NULL, NULL) != 0 ||
	    sodium_hex2bin(verifier, sizeof verifier, verifier_hex, strlen(verifier_hex), NULL,
	                   NULL, NULL) != 0 ||
	    ops > crypto_pwhash_OPSLIMIT_SENSITIVE || mem > crypto_pwhash_MEMLIMIT_SENSITIVE)
		return -1;
	if (derive_keys(password, salt, ops, mem, k, NULL) != VIGIL_OK)
		return 0;
	return sodium_memcmp(verifier, k->verifier, sizeof verifier) == 0 ? 1 : 0;
}

/* The same work as a real check, so a refusal takes as long whether or
 * not the account exists. */
static void spend_like_a_check(const char *password)
{
	static const unsigned char salt[SALT_BYTES] = { 0 };
	struct user_keys k;
	derive_keys(password ? password : "", salt, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	            crypto_pwhash_MEMLIMIT_INTERACTIVE, &k, NULL);
	sodium_memzero(&k, sizeof k);
}

static vigil_status check_user_fields(const char *name, const char *full_name,
                                      const char *password, vigil_error *err)
{
	vigil_status s = vigil_ident_check("user name", name, VIGIL_USER_NAME_MAX, "._-", err);
	if (s == VIGIL_OK)
		s = vigil_text_check("full name", full_name, VIGIL_FULL_NAME_MAX, false, err);
	if (s == VIGIL_OK)
		s = vigil_password_check(password, err);
	return s;
}

/* keys, when not NULL, receives the new user's keys (init: the first
 * admin signs their own creation). */
static vigil_status add_user(vigil_db *db, const char *actor, const char *name, vigil_role role,
                             const char *full_name, const char *password, struct user_keys *keys,
                             vigil_error *err)
{
	vigil_status s = check_user_fields(name, full_name, password, err);
	if (s != VIGIL_OK)
		return s;
	vigil_user u = { 0 };
	vigil_copy(u.name, sizeof u.name, name);
	vigil_copy(u.full_name, sizeof u.full_name, full_name ? full_name : "");
	u.role = role;
	char record[RECORD_BYTES];
	struct user_keys k;
	if ((s = vigil_clock_now(&u.created_at, err)) != VIGIL_OK ||
	    (s = new_record(password, false, record, u.sign_pk, &k, err)) != VIGIL_OK)
		return s;
	if (keys)
		vigil_store_set_signer(db, name, k.sk);
	s = vigil_store_user_insert(db, actor ? actor : name, &u, record, err);
	sodium_memzero(&k, sizeof k);
	return s;
}

vigil_status vigil_init_admin(vigil_db *db, const char *name, const char *full_name,
                              const char *password, vigil_error *err)
{
	int64_t count;
	vigil_status s = vigil_store_user_count(db, &count, err);
	if (s != VIGIL_OK)
		return s;
	if (count > 0)
		return vigil_fail(err, VIGIL_EEXIST, "%s: already has users", vigil_db_path(db));
	struct user_keys k;
	/* The first admin's key is the ward's root: it signs its own creation
	 * and the kind of database (ward or training). */
	if ((s = add_user(db, NULL, name, VIGIL_ROLE_ADMIN, full_name, password, &k, err)) ==
	    VIGIL_OK)
		s = vigil_store_setting_audit(db, name, "init", "database", err);
	/* The scale definitions the ward starts with are pinned in it. */
	if (s == VIGIL_OK)
		s = vigil_scales_pin(db, name, err);
	vigil_store_set_signer(db, name, NULL);
	return s;
}

vigil_status vigil_user_add(vigil_session *session, const char *name, vigil_role role,
                            const char *full_name, const char *password, vigil_error *err)
{
	vigil_status s = vigil_require(session, VIGIL_ACT_MANAGE_USERS, err);
	if (s != VIGIL_OK)
		return s;
	return add_user(session->db, session->user.name, name, role, full_name, password, NULL, err);
}

/* One message for every refusal: it never says whether the account
 * exists, is disabled or is locked. */
static vigil_status refused(vigil_error *err)
{
	return vigil_fail(err, VIGIL_EAUTH,
	                  "unknown user or wrong password (or the account is locked or disabled)");
}

/* A user from before keys: the argon2id string is checked, and on success
 * replaced by a record with a key (the one extra run, once per user). */
static int check_legacy(vigil_db *db, const vigil_user *u, const char *record,
                        const char *password, struct user_keys *k, vigil_error *err,
                        vigil_status *s)
{
	if (crypto_pwhash_str_verify(record, password, strlen(password)) != 0)
		return 0;
	char fresh[RECORD_BYTES], pk_hex[65];
	if ((*s = new_record(password, false, fresh, pk_hex, k, err)) != VIGIL_OK)
		return -1;
	vigil_store_set_signer(db, u->name, k->sk);
	*s = vigil_store_user_set_password(db, u->name, "key", u->id, fresh, pk_hex, err);
	return *s == VIGIL_OK ? 1 : -1;
}

vigil_status vigil_login(vigil_db *db, const char *name, const char *password,
                         vigil_session *out, vigil_error *err)
{
	char record[RECORD_BYTES];
	vigil_user u;
	vigil_time now;
	vigil_login_claim claim = { 0 };
	vigil_status s = vigil_clock_now(&now, err);
	if (s == VIGIL_OK)
		s = sodium_ready(err);
	if (s != VIGIL_OK)
		return s;
	s = vigil_store_user_find(db, name ? name : "", &u, record, sizeof record, err);
	if (s != VIGIL_OK && s != VIGIL_ENOTFOUND)
		return s;
	/* A role or password changed behind vigil's back must not log in. */
	if (s == VIGIL_OK && (s = vigil_store_audit_check(db, "user", u.id, err)) != VIGIL_OK)
		return s;
	if (s == VIGIL_OK && !u.disabled &&
	    (s = vigil_store_user_claim_try(db, u.id, now, &claim, err)) != VIGIL_OK)
		return s;
	if (!claim.claimed || !password) {
		spend_like_a_check(password);
		vigil_store_user_try_end(db, "-", u.id, false, &claim, NULL);
		return refused(err);
	}
	struct user_keys k;
	int ok = check_record(record, password, &k);
	if (ok < 0)
		claim.keep = (ok = check_legacy(db, &u, record, password, &k, err, &s)) == 1;
	sodium_memzero(record, sizeof record);
	if (ok == 1)
		vigil_store_set_signer(db, u.name, k.sk);
	sodium_memzero(&k, sizeof k);
	vigil_status end = vigil_store_user_try_end(db, u.name, u.id, ok == 1, &claim,
	                                            ok < 0 ? NULL : err);
	if (ok != 1 || end != VIGIL_OK) {
		vigil_store_set_signer(db, u.name, NULL);
		return ok < 0 ? s : end != VIGIL_OK ? end : refused(err);
	}
	out->db = db;
	out->user = u;
	out->user.locked_until = 0;
	out->user.failed_logins = 0;
	return VIGIL_OK;
}

/* The tests resume the same users again and again on copies of one
 * database: the same record and password give the same keys, so the
 * argon2id run is remembered for the process. */
static int resume_cached(const char *record, const char *password, struct user_keys *k)
{
	static struct {
		unsigned char id[32];
		struct user_keys keys;
	} cache[16];
	static size_t used;
	unsigned char id[32];
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, sizeof id);
	crypto_generichash_update(&st, (const unsigned char *)record, strlen(record) + 1);
	crypto_generichash_update(&st, (const unsigned char *)password, strlen(password));
	crypto_generichash_final(&st, id, sizeof id);
	for (size_t i = 0; i < used; i++)
		if (sodium_memcmp(cache[i].id, id, sizeof id) == 0) {
			*k = cache[i].keys;
			return 1;
		}
	int ok = check_record(record, password, k);
	if (ok == 1) {
		size_t slot = used < 16 ? used++ : 0;
		memcpy(cache[slot].id, id, sizeof id);
		cache[slot].keys = *k;
	}
	return ok;
}

vigil_status vigil_session_resume(vigil_db *db, const char *name, const char *password,
                                  vigil_session *out, vigil_error *err)
{
	char record[RECORD_BYTES];
	struct user_keys k;
	vigil_status s = sodium_ready(err);
	if (s == VIGIL_OK)
		s = vigil_store_user_find(db, name, &out->user, record, sizeof record, err);
	if (s != VIGIL_OK)
		return s;
	int ok = resume_cached(record, password ? password : "", &k);
	sodium_memzero(record, sizeof record);
	if (ok == 1)
		vigil_store_set_signer(db, name, k.sk);
	sodium_memzero(&k, sizeof k);
	out->db = db;
	return ok == 1 ? VIGIL_OK : refused(err);
}

/* The user an admin manages, after the role check. */
static vigil_status managed_user(vigil_session *session, const char *name, vigil_user *u,
                                 vigil_error *err)
{
	vigil_status s = vigil_require(session, VIGIL_ACT_MANAGE_USERS, err);
	if (s == VIGIL_OK)
		s = vigil_store_user_find(session->db, name, u, NULL, 0, err);
	return s;
}

vigil_status vigil_user_enable(vigil_session *session, const char *name, vigil_error *err)
{
	vigil_user u;
	vigil_status s = managed_user(session, name, &u, err);
	if (s != VIGIL_OK)
		return s;
	if (!u.disabled)
		return vigil_fail(err, VIGIL_EINVAL, "user '%s' is not disabled", u.name);
	return vigil_store_user_set_enabled(session->db, session->user.name, u.id, err);
}

vigil_status vigil_user_unlock(vigil_session *session, const char *name, vigil_error *err)
{
	vigil_user u;
	vigil_status s = managed_user(session, name, &u, err);
	if (s != VIGIL_OK)
		return s;
	if (!u.locked_until && u.failed_logins == 0)
		return vigil_fail(err, VIGIL_EINVAL, "user '%s' is not locked (no wrong passwords)",
		                  u.name);
	return vigil_store_user_unlock(session->db, session->user.name, u.id, err);
}

vigil_status vigil_user_reset(vigil_session *session, const char *name,
                              const char *new_password, vigil_error *err)
{
	vigil_user u;
	vigil_status s = managed_user(session, name, &u, err);
	if (s != VIGIL_OK)
		return s;
	if (u.id == session->user.id)
		return vigil_fail(err, VIGIL_EINVAL,
		                  "you may not reset your own password: change it instead");
	char record[RECORD_BYTES], pk_hex[65];
	struct user_keys k;
	if ((s = vigil_password_check(new_password, err)) == VIGIL_OK &&
	    (s = new_record(new_password, true, record, pk_hex, &k, err)) == VIGIL_OK) {
		sodium_memzero(&k, sizeof k);
		s = vigil_store_user_set_password(session->db, session->user.name, "reset", u.id,
		                                  record, pk_hex, err);
	}
	return s;
}

const char *vigil_user_state(const vigil_user *user, vigil_time now)
{
	if (user->disabled)
		return "disabled";
	if (user->locked_until > now)
		return "locked";
	if (user->must_change)
		return "reset";
	return "active";
}

vigil_status vigil_user_disable(vigil_session *session, const char *name, vigil_error *err)
{
	vigil_status s = vigil_require(session, VIGIL_ACT_MANAGE_USERS, err);
	if (s != VIGIL_OK)
		return s;
	vigil_user u;
	if ((s = vigil_store_user_find(session->db, name, &u, NULL, 0, err)) != VIGIL_OK)
		return s;
	if (u.id == session->user.id)
		return vigil_fail(err, VIGIL_EINVAL, "you may not disable your own account");
	if (u.disabled)
		return vigil_fail(err, VIGIL_EINVAL, "user '%s' is already disabled", name);
	return vigil_store_user_set_disabled(session->db, session->user.name, u.id, err);
}

/* The password an admin set may not be kept: the new one must differ. */
static vigil_status differs_from_reset(vigil_session *session, const char *new_password,
                                       vigil_error *err)
{
	char record[RECORD_BYTES];
	vigil_user u;
	struct user_keys k;
	vigil_status s = vigil_store_user_find(session->db, session->user.name, &u, record,
	                                       sizeof record, err);
	if (s != VIGIL_OK)
		return s;
	int same = u.must_change ? check_record(record, new_password, &k) : 0;
	sodium_memzero(record, sizeof record);
	sodium_memzero(&k, sizeof k);
	if (same == 1)
		return vigil_fail(err, VIGIL_EINVAL,
		                  "password: the new password must differ from the one an admin set");
	return VIGIL_OK;
}

vigil_status vigil_user_passwd(vigil_session *session, const char *new_password,
                               vigil_error *err)
{
	vigil_status s = vigil_password_check(new_password, err);
	char record[RECORD_BYTES], pk_hex[65];
	struct user_keys k;
	if (s == VIGIL_OK && session->user.must_change)
		s = differs_from_reset(session, new_password, err);
	if (s != VIGIL_OK ||
	    (s = new_record(new_password, false, record, pk_hex, &k, err)) != VIGIL_OK)
		return s;
	/* Signed by the old key; the session signs with the new one after. */
	s = vigil_store_user_set_password(session->db, session->user.name, "passwd",
	                                  session->user.id, record, pk_hex, err);
	if (s == VIGIL_OK) {
		vigil_store_set_signer(session->db, session->user.name, k.sk);
		vigil_copy(session->user.sign_pk, sizeof session->user.sign_pk, pk_hex);
		session->user.must_change = false;
	}
	sodium_memzero(&k, sizeof k);
	return s;
}

vigil_status vigil_user_list(vigil_session *session, vigil_user_fn fn, void *ctx,
                             vigil_error *err)
{
	vigil_status s = vigil_require(session, VIGIL_ACT_MANAGE_USERS, err);
	if (s != VIGIL_OK)
		return s;
	return vigil_store_user_each(session->db, fn, ctx, err);
}
