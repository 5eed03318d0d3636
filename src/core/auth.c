/* auth.c - roles, the rules of who may do what, passwords and logins */
#include <sodium.h>
#include <string.h>

#include "vigil/auth.h"
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
	{ VIGIL_ACT_PROTOCOL, "install a protocol", false, false, true },
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

vigil_status vigil_require(const vigil_session *session, vigil_action action, vigil_error *err)
{
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

/* argon2id with libsodium's interactive limits: about 0.1 s and 64 MiB. */
static vigil_status hash_password(const char *password, char out[crypto_pwhash_STRBYTES],
                                  vigil_error *err)
{
	if (sodium_init() < 0)
		return vigil_fail(err, VIGIL_ENOMEM, "libsodium failed to initialise");
	if (crypto_pwhash_str_alg(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                          crypto_pwhash_MEMLIMIT_INTERACTIVE,
	                          crypto_pwhash_ALG_ARGON2ID13) != 0)
		return vigil_fail(err, VIGIL_ENOMEM, "not enough memory to hash the password");
	return VIGIL_OK;
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

static vigil_status add_user(vigil_db *db, const char *actor, const char *name, vigil_role role,
                             const char *full_name, const char *password, vigil_error *err)
{
	vigil_status s = check_user_fields(name, full_name, password, err);
	if (s != VIGIL_OK)
		return s;
	vigil_user u = { 0 };
	vigil_copy(u.name, sizeof u.name, name);
	vigil_copy(u.full_name, sizeof u.full_name, full_name ? full_name : "");
	u.role = role;
	char hash[crypto_pwhash_STRBYTES];
	if ((s = vigil_clock_now(&u.created_at, err)) != VIGIL_OK ||
	    (s = hash_password(password, hash, err)) != VIGIL_OK)
		return s;
	s = vigil_store_user_insert(db, actor ? actor : name, &u, hash, err);
	sodium_memzero(hash, sizeof hash);
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
	return add_user(db, NULL, name, VIGIL_ROLE_ADMIN, full_name, password, err);
}

vigil_status vigil_user_add(vigil_session *session, const char *name, vigil_role role,
                            const char *full_name, const char *password, vigil_error *err)
{
	vigil_status s = vigil_require(session, VIGIL_ACT_MANAGE_USERS, err);
	if (s != VIGIL_OK)
		return s;
	return add_user(session->db, session->user.name, name, role, full_name, password, err);
}

vigil_status vigil_login(vigil_db *db, const char *name, const char *password,
                         vigil_session *out, vigil_error *err)
{
	char hash[crypto_pwhash_STRBYTES + 1];
	vigil_user u;
	vigil_time now;
	vigil_status s = vigil_clock_now(&now, err);
	if (s != VIGIL_OK)
		return s;
	s = vigil_store_user_find(db, name ? name : "", &u, hash, sizeof hash, err);
	if (s == VIGIL_ENOTFOUND)
		return vigil_fail(err, VIGIL_EAUTH, "unknown user or wrong password");
	if (s != VIGIL_OK)
		return s;
	if (u.disabled)
		return vigil_fail(err, VIGIL_EAUTH, "user '%s' is disabled", u.name);
	if (u.locked_until > now) {
		char until[VIGIL_TIME_LOCAL_LEN];
		vigil_time_format_local(u.locked_until, until, sizeof until);
		return vigil_fail(err, VIGIL_EAUTH,
		                  "user '%s' is locked after %d wrong passwords until %s", u.name,
		                  VIGIL_LOGIN_TRIES, until);
	}
	if (sodium_init() < 0)
		return vigil_fail(err, VIGIL_ENOMEM, "libsodium failed to initialise");
	/* A role or password changed behind vigil's back must not log in. */
	if ((s = vigil_store_audit_check(db, "user", u.id, err)) != VIGIL_OK)
		return s;
	bool ok = password && crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
	sodium_memzero(hash, sizeof hash);
	/* A good password after no failures writes nothing, so reading works
	 * on a read-only or briefly locked database. */
	bool locked = false;
	if ((!ok || u.failed_logins > 0 || u.locked_until) &&
	    (s = vigil_store_user_login_result(db, u.id, ok, now, &locked, err)) != VIGIL_OK)
		return s;
	if (!ok) {
		if (locked)
			return vigil_fail(err, VIGIL_EAUTH,
			                  "wrong password; user '%s' is now locked for %d minutes", u.name,
			                  VIGIL_LOCK_SECONDS / 60);
		return vigil_fail(err, VIGIL_EAUTH, "unknown user or wrong password");
	}
	out->db = db;
	out->user = u;
	out->user.locked_until = 0;
	out->user.failed_logins = 0;
	return VIGIL_OK;
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

const char *vigil_user_state(const vigil_user *user, vigil_time now)
{
	if (user->disabled)
		return "disabled";
	if (user->locked_until > now)
		return "locked";
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

vigil_status vigil_user_passwd(vigil_session *session, const char *new_password,
                               vigil_error *err)
{
	vigil_status s = vigil_password_check(new_password, err);
	char hash[crypto_pwhash_STRBYTES];
	if (s == VIGIL_OK && (s = hash_password(new_password, hash, err)) == VIGIL_OK) {
		s = vigil_store_user_set_password(session->db, session->user.name, session->user.id,
		                                  hash, err);
		sodium_memzero(hash, sizeof hash);
	}
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
