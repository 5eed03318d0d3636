/* auth.h - users, roles, passwords and the rules of who may do what.
 * Every core function that changes or reveals records takes a session and
 * checks its role here, so both faces obey the same rules. */
#ifndef VIGIL_AUTH_H
#define VIGIL_AUTH_H

#include <stdbool.h>
#include <stdint.h>
#include "vigil/clock.h"
#include "vigil/db.h"
#include "vigil/error.h"
#include "vigil/text.h"

typedef enum vigil_role {
	VIGIL_ROLE_NURSE = 1,
	VIGIL_ROLE_CLINICIAN,
	VIGIL_ROLE_ADMIN
} vigil_role;

typedef enum vigil_action {
	VIGIL_ACT_VIEW,        /* read patients and assessments: every role */
	VIGIL_ACT_RECORD,      /* record an assessment: nurse, clinician */
	VIGIL_ACT_CORRECT,     /* amend or mark entered in error: nurse, clinician */
	VIGIL_ACT_ADMIT,       /* admit, discharge, import admissions: nurse, clinician (import: admin too) */
	VIGIL_ACT_IMPORT,      /* import admissions from CSV: every role */
	VIGIL_ACT_EXPORT,      /* CSV and summary files: clinician, admin (all read the handover) */
	VIGIL_ACT_MANAGE_USERS,/* add, list, disable users: admin */
	VIGIL_ACT_VERIFY_AUDIT,/* audit verify: admin */
	VIGIL_ACT_BACKUP,      /* copy the database: admin */
	VIGIL_ACT_MONITOR,     /* start or stop monitoring a scale: nurse, clinician */
	VIGIL_ACT_PROTOCOL,    /* install a reassessment protocol: admin */
	VIGIL_ACT_SETTINGS,    /* change the ward's settings (idle lock): admin */
	VIGIL_ACT_CHART,       /* chart a dose, vital signs, a note, last use: nurse, clinician */
	VIGIL_ACT_CHART_CORRECT, /* amend or mark entered in error a chart entry: nurse, clinician */
	VIGIL_ACT_DRUGS        /* install a unit's drug list: admin */
} vigil_action;

typedef struct vigil_user {
	int64_t id;
	char name[VIGIL_TEXT_BYTES(VIGIL_USER_NAME_MAX)];
	char full_name[VIGIL_TEXT_BYTES(VIGIL_FULL_NAME_MAX)];
	vigil_role role;
	bool disabled;
	vigil_time created_at;
	vigil_time locked_until; /* 0 unless locked after failed logins */
	int failed_logins;       /* wrong passwords in a row */
	char sign_pk[65];        /* Ed25519 public key, hex; "" before the first
	                          * login after the upgrade to keys */
	bool must_change;        /* the password was set by an admin (a reset):
	                          * the user changes it before anything else */
} vigil_user;

/* A logged-in user and their database. */
typedef struct vigil_session {
	vigil_db *db;
	vigil_user user;
} vigil_session;

/* Consecutive wrong passwords that lock an account, and for how long. */
#define VIGIL_LOGIN_TRIES 3
#define VIGIL_LOCK_SECONDS (5 * 60)

const char *vigil_role_name(vigil_role role);
vigil_status vigil_role_parse(const char *text, vigil_role *out, vigil_error *err);
/* "record an assessment" */
const char *vigil_action_name(vigil_action action);
bool vigil_role_may(vigil_role role, vigil_action action);
/* "alice (admin) may not record an assessment: it needs the nurse or
 * clinician role"; and nothing at all for a session whose password an
 * admin reset, until it is changed (vigil_user_passwd). */
vigil_status vigil_require(const vigil_session *session, vigil_action action,
                           vigil_error *err);
/* VIGIL_EPERM, saying so, for a session whose password an admin reset and
 * which must change it before anything else (vigil_require checks it
 * first); VIGIL_OK otherwise. A face may ask it straight after login. */
vigil_status vigil_session_ready(const vigil_session *session, vigil_error *err);

/* Password policy: VIGIL_PASSWORD_MIN..MAX bytes, no control characters. */
vigil_status vigil_password_check(const char *password, vigil_error *err);

/* Checks name and password (argon2id, one run, which also gives the
 * user's Ed25519 signing key: every audit row of the session is signed).
 * Each try is claimed under the write lock before the password is checked,
 * so at most VIGIL_LOGIN_TRIES wrong passwords are ever checked per lock,
 * however many run at once. Every refusal (unknown user, wrong password,
 * disabled, locked) gives the same message, so none says whether an
 * account exists. */
vigil_status vigil_login(vigil_db *db, const char *name, const char *password,
                         vigil_session *out, vigil_error *err);

/* Checks name's password and gives the handle that user's signing key,
 * without the login bookkeeping (no try claimed, nothing written): for
 * programs that hold the file already, such as the tests and benchmarks,
 * which could read the password record anyway. The faces use vigil_login. */
vigil_status vigil_session_resume(vigil_db *db, const char *name, const char *password,
                                  vigil_session *out, vigil_error *err);

/* Creates the first admin in a freshly created database. */
vigil_status vigil_init_admin(vigil_db *db, const char *name, const char *full_name,
                              const char *password, vigil_error *err);

vigil_status vigil_user_add(vigil_session *session, const char *name, vigil_role role,
                            const char *full_name, const char *password, vigil_error *err);
vigil_status vigil_user_disable(vigil_session *session, const char *name, vigil_error *err);
/* Lets a disabled user log in again (admin, audited). */
vigil_status vigil_user_enable(vigil_session *session, const char *name, vigil_error *err);
/* Lifts a lock after wrong passwords, and the count towards one (admin,
 * audited); refused when there is nothing to lift. */
vigil_status vigil_user_unlock(vigil_session *session, const char *name, vigil_error *err);
/* Sets a new password for another user (admin, audited as "reset"), which
 * they must change at their next login; lifts any lock too. The mark is
 * part of the password record, which the audit log covers, so it cannot
 * be cleared outside vigil unseen. */
vigil_status vigil_user_reset(vigil_session *session, const char *name,
                              const char *new_password, vigil_error *err);
/* Ends a password record that must be changed (schema 8 reads it). */
#define VIGIL_PASSWORD_RESET_MARK "$must-change"
/* "disabled", "locked" (until a time after now), "reset" (the password
 * an admin set must be changed) or "active". */
const char *vigil_user_state(const vigil_user *user, vigil_time now);
/* Changes the session user's own password (the one thing a session of a
 * user whose password was reset may do; the new one must differ). */
vigil_status vigil_user_passwd(vigil_session *session, const char *new_password,
                               vigil_error *err);

typedef int (*vigil_user_fn)(const vigil_user *user, void *ctx);
vigil_status vigil_user_list(vigil_session *session, vigil_user_fn fn, void *ctx,
                             vigil_error *err);

#endif
