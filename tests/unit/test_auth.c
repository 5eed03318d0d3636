/* test_auth.c - roles and the rules of who may do what, passwords and
 * logins (argon2id, disabled and locked accounts), the clock and time
 * parsing, and the checks on text people type. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "test_login.h"
#include "vigil/assessment.h"
#include "vigil/audit.h"
#include "vigil/auth.h"
#include "vigil/clock.h"
#include "vigil/db.h"
#include "vigil/demo.h"
#include "vigil/patient.h"
#include "vigil/scale.h"
#include "vigil/store.h"
#include "vigil/text.h"

#define NOW "2026-11-21T12:00:00Z"
#define NOW_T ((vigil_time)1795262400) /* NOW as seconds */

static char tmpdir[256];
static int file_counter;

/* ---- helpers --------------------------------------------------------- */

static void must(vigil_status s, const vigil_error *err, const char *what)
{
	if (s != VIGIL_OK)
		fail_msg("%s: %s (%s)", what, err->msg, vigil_status_name(s));
}

static void new_path(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%02d-%s", tmpdir, ++file_counter, name);
}

static void set_now(vigil_time t)
{
	char buf[VIGIL_TIME_UTC_LEN];
	vigil_time_format_utc(t, buf, sizeof buf);
	setenv("VIGIL_NOW", buf, 1);
}

static long long raw_int(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) != SQLITE_ROW)
		fail_msg("%s: no row", sql);
	long long v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* Calls fn(text, ctx) for every value of one column. */
static void raw_each(const char *path, const char *sql, void (*fn)(const char *, void *),
                     void *ctx)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		fn(t ? t : "", ctx);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static vigil_session session_as(vigil_db *db, const char *name)
{
	vigil_session s = { .db = db };
	vigil_error err;
	must(vigil_session_resume(db, name, test_password(name), &s, &err), &err, name);
	return s;
}

/* A ward with boss (admin), nina (nurse), cleo (clinician) and patient
 * MRN1001 admitted an hour ago. */
static vigil_db *make_ward(char *path, size_t size)
{
	vigil_db *db;
	vigil_error err;
	new_path(path, size, "ward.db");
	must(vigil_db_create(path, true, &db, &err), &err, "create");
	must(vigil_init_admin(db, "boss", "Ward Admin", "boss-password", &err), &err, "init");
	vigil_session boss = session_as(db, "boss");
	must(vigil_user_add(&boss, "nina", VIGIL_ROLE_NURSE, "Nina Nurse", "nina-password", &err),
	     &err, "nina");
	must(vigil_user_add(&boss, "cleo", VIGIL_ROLE_CLINICIAN, "", "cleo-password", &err), &err,
	     "cleo");
	vigil_session nina = session_as(db, "nina");
	must(vigil_patient_admit(&nina, "MRN1001", "Alex Morgan", "1", NOW_T - 3600, NULL, &err),
	     &err, "admit");
	return db;
}

static int setup_group(void **state)
{
	(void)state;
	setenv("TZ", "Europe/London", 1);
	tzset();
	setenv("VIGIL_NOW", NOW, 1);
	unsetenv("VIGIL_SCALES");
	unsetenv("VIGIL_BUSY_TIMEOUT");
	snprintf(tmpdir, sizeof tmpdir, "%s/vigil-test-auth-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_group(void **state)
{
	(void)state;
	char cmd[320];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Each test starts at NOW with nothing pinned. */
static int reset_clock(void **state)
{
	(void)state;
	vigil_clock_pin(0);
	setenv("VIGIL_NOW", NOW, 1);
	return 0;
}

/* ---- roles ----------------------------------------------------------- */

static void test_role_names(void **state)
{
	(void)state;
	vigil_role r = 0;
	vigil_error err;
	assert_string_equal(vigil_role_name(VIGIL_ROLE_NURSE), "nurse");
	assert_string_equal(vigil_role_name(VIGIL_ROLE_CLINICIAN), "clinician");
	assert_string_equal(vigil_role_name(VIGIL_ROLE_ADMIN), "admin");
	must(vigil_role_parse("nurse", &r, &err), &err, "nurse");
	assert_int_equal(r, VIGIL_ROLE_NURSE);
	must(vigil_role_parse("clinician", &r, &err), &err, "clinician");
	assert_int_equal(r, VIGIL_ROLE_CLINICIAN);
	must(vigil_role_parse("admin", &r, &err), &err, "admin");
	assert_int_equal(r, VIGIL_ROLE_ADMIN);
	assert_int_equal(vigil_role_parse("doctor", &r, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "unknown role 'doctor' (roles: nurse, clinician, admin)");
	assert_int_equal(vigil_role_parse("Admin", &r, &err), VIGIL_EINVAL);
	assert_int_equal(vigil_role_parse("", &r, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "unknown role '' (roles: nurse, clinician, admin)");
	assert_int_equal(vigil_role_parse(NULL, &r, &err), VIGIL_EINVAL);
}

/* The rules of the issue: nurses and clinicians record, amend, void, admit
 * and discharge; clinicians and admins export; only admins manage users and
 * verify the audit log; admins do not record. */
static const struct {
	vigil_action action;
	bool nurse, clinician, admin;
	const char *name;
	const char *needs;
} matrix[] = {
	{ VIGIL_ACT_VIEW, true, true, true, "view patients and assessments", NULL },
	{ VIGIL_ACT_RECORD, true, true, false, "record an assessment", "nurse or clinician" },
	{ VIGIL_ACT_CORRECT, true, true, false, "amend or void an assessment", "nurse or clinician" },
	{ VIGIL_ACT_ADMIT, true, true, false, "admit or discharge a patient", "nurse or clinician" },
	{ VIGIL_ACT_IMPORT, true, true, true, "import admissions", NULL },
	{ VIGIL_ACT_EXPORT, false, true, true, "export reports", "clinician or admin" },
	{ VIGIL_ACT_MANAGE_USERS, false, false, true, "manage users", "admin" },
	{ VIGIL_ACT_VERIFY_AUDIT, false, false, true, "verify the audit log", "admin" },
	{ VIGIL_ACT_BACKUP, false, false, true, "back up the database", "admin" },
	{ VIGIL_ACT_MONITOR, true, true, false, "start or stop monitoring a scale",
	  "nurse or clinician" },
	{ VIGIL_ACT_PROTOCOL, false, false, true, "install a protocol or scale definition", "admin" },
};

static void test_role_matrix(void **state)
{
	(void)state;
	static const vigil_role roles[] = { VIGIL_ROLE_NURSE, VIGIL_ROLE_CLINICIAN,
		                            VIGIL_ROLE_ADMIN };
	static const char *const names[] = { "nina", "cleo", "boss" };
	for (size_t i = 0; i < sizeof matrix / sizeof matrix[0]; i++) {
		assert_string_equal(vigil_action_name(matrix[i].action), matrix[i].name);
		bool want[3] = { matrix[i].nurse, matrix[i].clinician, matrix[i].admin };
		for (size_t r = 0; r < 3; r++) {
			vigil_session s = { 0 };
			vigil_error err = { 0 };
			s.user.role = roles[r];
			vigil_copy(s.user.name, sizeof s.user.name, names[r]);
			if (vigil_role_may(roles[r], matrix[i].action) != want[r])
				fail_msg("%s may%s %s", vigil_role_name(roles[r]), want[r] ? " not" : "",
				         matrix[i].name);
			vigil_status st = vigil_require(&s, matrix[i].action, &err);
			if (want[r]) {
				assert_int_equal(st, VIGIL_OK);
				continue;
			}
			assert_int_equal(st, VIGIL_EPERM);
			assert_int_equal(err.code, VIGIL_EPERM);
			char expect[256];
			snprintf(expect, sizeof expect, "%s (%s) may not %s: it needs the %s role",
			         names[r], vigil_role_name(roles[r]), matrix[i].name, matrix[i].needs);
			assert_string_equal(err.msg, expect);
		}
	}
	/* An action outside the table is refused to everyone. */
	assert_false(vigil_role_may(VIGIL_ROLE_ADMIN, (vigil_action)99));
	assert_false(vigil_role_may((vigil_role)0, VIGIL_ACT_VIEW));
}

static int count_user(const vigil_user *u, void *ctx)
{
	(void)u;
	++*(int *)ctx;
	return 0;
}

/* The core functions themselves obey the matrix, so no face can skip it. */
static void test_core_enforces_roles(void **state)
{
	(void)state;
	char path[512];
	vigil_db *db = make_ward(path, sizeof path);
	vigil_scales *scales;
	vigil_error err;
	must(vigil_scales_load(&scales, &err), &err, "scales");
	const vigil_scale *craving = vigil_scales_find(scales, "craving");
	assert_non_null(craving);
	vigil_sheet sheet;
	vigil_sheet_init(&sheet, craving);
	must(vigil_sheet_assign(&sheet, "craving=6", &err), &err, "craving");
	vigil_sheet fix;
	vigil_sheet_init(&fix, craving);
	must(vigil_sheet_assign(&fix, "craving=7", &err), &err, "craving");

	static const char *const who[] = { "nina", "cleo", "boss" };
	int next_patient = 2;
	for (size_t r = 0; r < 3; r++) {
		vigil_session s = session_as(db, who[r]);
		bool clinical = s.user.role != VIGIL_ROLE_ADMIN;
		bool admin = s.user.role == VIGIL_ROLE_ADMIN;
		vigil_status want = clinical ? VIGIL_OK : VIGIL_EPERM;
		char mrn[16];
		snprintf(mrn, sizeof mrn, "MRN100%d", next_patient);

		/* admit, discharge */
		assert_int_equal(vigil_patient_admit(&s, mrn, "Test Patient", "", 0, NULL, &err), want);
		if (!clinical) {
			assert_string_equal(err.msg, "boss (admin) may not admit or discharge a patient: "
			                             "it needs the nurse or clinician role");
			vigil_session nina = session_as(db, "nina");
			must(vigil_patient_admit(&nina, mrn, "Test Patient", "", 0, NULL, &err), &err,
			     "admit");
		}
		next_patient++;
		/* record, amend, void */
		vigil_record_input in = { .mrn = mrn, .sheet = &sheet };
		int64_t id = 0, id2 = 0;
		assert_int_equal(vigil_assessment_record(&s, &in, &id, &err), want);
		if (!clinical) {
			assert_string_equal(err.msg, "boss (admin) may not record an assessment: it needs "
			                             "the nurse or clinician role");
			vigil_session nina = session_as(db, "nina");
			must(vigil_assessment_record(&nina, &in, &id, &err), &err, "record");
		}
		assert_int_equal(vigil_assessment_amend(&s, id, &fix, "typo", &id2, &err), want);
		if (!clinical)
			assert_string_equal(err.msg, "boss (admin) may not amend or void an assessment: "
			                             "it needs the nurse or clinician role");
		int64_t current = clinical ? id2 : id;
		assert_int_equal(vigil_assessment_void(&s, current, "wrong patient", &err), want);
		assert_int_equal(vigil_patient_discharge(&s, mrn, 0, &err), want);

		/* everyone views */
		vigil_patient p;
		vigil_assessment a;
		must(vigil_patient_get(&s, mrn, &p, &err), &err, "patient get");
		must(vigil_assessment_get(&s, id, &a, &err), &err, "assessment get");

		/* users and the audit log: admins only */
		vigil_status only_admin = admin ? VIGIL_OK : VIGIL_EPERM;
		vigil_audit_report report;
		assert_int_equal(vigil_audit_verify(&s, &report, &err), only_admin);
		if (!admin) {
			char expect[160];
			snprintf(expect, sizeof expect,
			         "%s (%s) may not verify the audit log: it needs the admin role", who[r],
			         vigil_role_name(s.user.role));
			assert_string_equal(err.msg, expect);
		}
		int64_t users_before = raw_int(path, "SELECT count(*) FROM users");
		char name[16];
		snprintf(name, sizeof name, "temp%zu", r);
		assert_int_equal(vigil_user_add(&s, name, VIGIL_ROLE_NURSE, "", "temp-password", &err),
		                 only_admin);
		assert_int_equal(raw_int(path, "SELECT count(*) FROM users"),
		                 users_before + (admin ? 1 : 0));
		if (!admin) {
			char expect[160];
			snprintf(expect, sizeof expect, "%s (%s) may not manage users: it needs the admin "
			                                "role",
			         who[r], vigil_role_name(s.user.role));
			assert_string_equal(err.msg, expect);
		}
		assert_int_equal(vigil_user_disable(&s, admin ? name : "cleo", &err), only_admin);
		int count = 0;
		assert_int_equal(vigil_user_list(&s, count_user, &count, &err), only_admin);
		assert_int_equal(count, admin ? 4 : 0);
	}
	vigil_scales_free(scales);
	vigil_db_close(db);
}

/* ---- passwords ------------------------------------------------------- */

static void test_password_policy(void **state)
{
	(void)state;
	vigil_error err;
	assert_int_equal(vigil_password_check(NULL, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "password: at least 8 characters are needed");
	assert_int_equal(vigil_password_check("", &err), VIGIL_EINVAL);
	assert_int_equal(vigil_password_check("1234567", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "password: at least 8 characters are needed");
	must(vigil_password_check("12345678", &err), &err, "8 characters");
	/* Characters, not bytes: four two-byte letters are four characters. */
	assert_int_equal(vigil_password_check("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "password: at least 8 characters are needed");
	must(vigil_password_check("p\xc3\xa4sswo\xcc\x88rd", &err), &err, "accents");
	char longest[VIGIL_PASSWORD_MAX + 2];
	memset(longest, 'x', VIGIL_PASSWORD_MAX);
	longest[VIGIL_PASSWORD_MAX] = '\0';
	must(vigil_password_check(longest, &err), &err, "256");
	longest[VIGIL_PASSWORD_MAX] = 'x';
	longest[VIGIL_PASSWORD_MAX + 1] = '\0';
	assert_int_equal(vigil_password_check(longest, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "password: longer than 256 bytes");
	assert_int_equal(vigil_password_check("pass\tword", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "password: control character U+0009 is not allowed");
	assert_int_equal(vigil_password_check("password\n", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "password: control character U+000A is not allowed");
	assert_int_equal(vigil_password_check("pass\x1b[2Jword", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "password: control character U+001B is not allowed");
	assert_int_equal(vigil_password_check("password\x7f", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "password: control character U+007F is not allowed");
	assert_int_equal(vigil_password_check("pass\xffword", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "password: not valid UTF-8 text");
}

struct secret_scan {
	const char *needle;
	int rows, hits;
};

static void scan(const char *text, void *ctx)
{
	struct secret_scan *s = ctx;
	s->rows++;
	if (strstr(text, s->needle))
		s->hits++;
}

static void expect_nowhere(const char *path, const char *needle)
{
	static const char *const columns[] = {
		"SELECT detail FROM audit_log", "SELECT actor FROM audit_log",
		"SELECT name || full_name || pw_hash FROM users",
	};
	for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++) {
		struct secret_scan s = { needle, 0, 0 };
		raw_each(path, columns[i], scan, &s);
		assert_true(s.rows > 0);
		if (s.hits)
			fail_msg("'%s' found by %s", needle, columns[i]);
	}
}

static void test_password_storage(void **state)
{
	(void)state;
	char path[512];
	vigil_db *db = make_ward(path, sizeof path);
	vigil_error err;
	vigil_session boss = session_as(db, "boss");
	/* Two users, one password: the salts make the hashes differ. */
	must(vigil_user_add(&boss, "nora", VIGIL_ROLE_NURSE, "", "nina-password", &err), &err,
	     "nora");
	assert_int_equal(raw_int(path, "SELECT count(*) FROM users WHERE pw_hash LIKE '$vigil-ed25519$%'"),
	                 4);
	assert_int_equal(raw_int(path, "SELECT count(DISTINCT pw_hash) FROM users"), 4);
	expect_nowhere(path, "boss-password");
	expect_nowhere(path, "nina-password");
	expect_nowhere(path, "cleo-password");
	/* The log holds a digest of the hash, never the hash itself. */
	struct secret_scan s = { "$vigil-ed25519$", 0, 0 };
	raw_each(path, "SELECT detail FROM audit_log", scan, &s);
	assert_int_equal(s.hits, 0);

	/* passwd: a new hash, the old password no longer works, the change is
	 * logged and the chain stays valid. */
	vigil_session nina;
	must(vigil_login(db, "nina", "nina-password", &nina, &err), &err, "login");
	assert_int_equal(vigil_user_passwd(&nina, "short", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "password: at least 8 characters are needed");
	must(vigil_user_passwd(&nina, "a-better-passphrase", &err), &err, "passwd");
	assert_int_equal(raw_int(path, "SELECT count(*) FROM audit_log WHERE action = 'passwd'"
	                               " AND entity = 'user' AND entity_id = 2 AND actor = 'nina'"),
	                 1);
	assert_int_equal(raw_int(path, "SELECT count(DISTINCT pw_hash) FROM users"), 4);
	expect_nowhere(path, "a-better-passphrase");
	vigil_session again;
	assert_int_equal(vigil_login(db, "nina", "nina-password", &again, &err), VIGIL_EAUTH);
	must(vigil_login(db, "nina", "a-better-passphrase", &again, &err), &err, "new password");
	vigil_audit_report report;
	must(vigil_audit_verify(&boss, &report, &err), &err, "verify");
	vigil_db_close(db);
}

/* ---- users ----------------------------------------------------------- */

static int list_user(const vigil_user *u, void *ctx)
{
	char *buf = ctx;
	char one[200];
	snprintf(one, sizeof one, "%s%s:%s%s", *buf ? " " : "", u->name, vigil_role_name(u->role),
	         u->disabled ? ":disabled" : "");
	strcat(buf, one);
	return 0;
}

static void test_users(void **state)
{
	(void)state;
	char path[512];
	vigil_db *db = make_ward(path, sizeof path);
	vigil_error err;
	vigil_session boss = session_as(db, "boss"), nina = session_as(db, "nina");
	assert_string_equal(boss.user.full_name, "Ward Admin");
	assert_int_equal(boss.user.created_at, NOW_T);
	long long users = raw_int(path, "SELECT count(*) FROM users");
	long long audit = raw_int(path, "SELECT count(*) FROM audit_log");

	assert_int_equal(vigil_user_add(&boss, "nina", VIGIL_ROLE_CLINICIAN, "", "another-one", &err),
	                 VIGIL_EEXIST);
	assert_string_equal(err.msg, "user 'nina' already exists");
	assert_int_equal(vigil_user_add(&boss, "bad name", VIGIL_ROLE_NURSE, "", "password1", &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "user name: ' ' is not allowed (use letters, digits and ._-)");
	assert_int_equal(vigil_user_add(&boss, "", VIGIL_ROLE_NURSE, "", "password1", &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "user name: must not be empty");
	assert_int_equal(vigil_user_add(&boss, "abcdefghijklmnopqrstuvwxyz0123456", VIGIL_ROLE_NURSE,
	                                "", "password1", &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "user name: 33 characters is over the limit of 32");
	must(vigil_user_add(&boss, "abcdefghijklmnopqrstuvwxyz012345", VIGIL_ROLE_NURSE, "",
	                    "password1", &err),
	     &err, "32 characters");
	users++, audit++;
	assert_int_equal(vigil_user_add(&boss, "eve", VIGIL_ROLE_NURSE, "Eve\x1b[31m", "password1",
	                                &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "full name: control character U+001B is not allowed");
	char long_name[VIGIL_FULL_NAME_MAX + 2];
	memset(long_name, 'n', sizeof long_name - 1);
	long_name[sizeof long_name - 1] = '\0';
	assert_int_equal(vigil_user_add(&boss, "eve", VIGIL_ROLE_NURSE, long_name, "password1", &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "full name: 101 characters is over the limit of 100");
	assert_int_equal(vigil_user_add(&boss, "eve", VIGIL_ROLE_NURSE, "Eve", "seven77", &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "password: at least 8 characters are needed");
	assert_int_equal(vigil_init_admin(db, "root", "", "root-password", &err), VIGIL_EEXIST);
	char expect[600];
	snprintf(expect, sizeof expect, "%s: already has users", path);
	assert_string_equal(err.msg, expect);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM users"), users);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM audit_log"), audit);

	/* disable */
	assert_int_equal(vigil_user_disable(&nina, "cleo", &err), VIGIL_EPERM);
	assert_int_equal(vigil_user_disable(&boss, "boss", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "you may not disable your own account");
	assert_int_equal(vigil_user_disable(&boss, "ghost", &err), VIGIL_ENOTFOUND);
	assert_string_equal(err.msg, "unknown user 'ghost'");
	must(vigil_user_disable(&boss, "cleo", &err), &err, "disable");
	assert_int_equal(vigil_user_disable(&boss, "cleo", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "user 'cleo' is already disabled");
	assert_int_equal(raw_int(path, "SELECT count(*) FROM audit_log WHERE action = 'disable'"
	                               " AND actor = 'boss' AND entity_id = 3"),
	                 1);

	char list[256] = "";
	must(vigil_user_list(&boss, list_user, list, &err), &err, "list");
	assert_string_equal(list, "abcdefghijklmnopqrstuvwxyz012345:nurse boss:admin "
	                          "cleo:clinician:disabled nina:nurse");
	assert_int_equal(vigil_user_list(&nina, list_user, list, &err), VIGIL_EPERM);
	vigil_audit_report report;
	must(vigil_audit_verify(&boss, &report, &err), &err, "verify");
	vigil_db_close(db);
}

/* ---- login ----------------------------------------------------------- */

static void expect_login(vigil_db *db, const char *name, const char *password,
                         vigil_status code, const char *message)
{
	vigil_session s = { 0 };
	vigil_error err = { 0 };
	vigil_status st = vigil_login(db, name, password, &s, &err);
	if (st != code)
		fail_msg("login %s: got %s (%s), wanted %s", name, vigil_status_name(st),
		         st ? err.msg : "", vigil_status_name(code));
	if (code == VIGIL_OK) {
		assert_string_equal(s.user.name, name);
		assert_ptr_equal(s.db, db);
	} else {
		assert_string_equal(err.msg, message);
		assert_null(s.db);
	}
}

static void test_login(void **state)
{
	(void)state;
	char path[512];
	vigil_db *db = make_ward(path, sizeof path);
	vigil_error err;
	vigil_session s;
	must(vigil_login(db, "nina", "nina-password", &s, &err), &err, "login");
	assert_int_equal(s.user.role, VIGIL_ROLE_NURSE);
	assert_string_equal(s.user.full_name, "Nina Nurse");
	assert_false(s.user.disabled);
	assert_int_equal(s.user.locked_until, 0);

	/* Wrong password and unknown user read alike: no user enumeration. */
	expect_login(db, "nina", "nina-passwore", VIGIL_EAUTH, "unknown user or wrong password (or the account is locked or disabled)");
	expect_login(db, "nina", "", VIGIL_EAUTH, "unknown user or wrong password (or the account is locked or disabled)");
	expect_login(db, "Nina", "nina-password", VIGIL_EAUTH, "unknown user or wrong password (or the account is locked or disabled)");
	expect_login(db, "ghost", "nina-password", VIGIL_EAUTH, "unknown user or wrong password (or the account is locked or disabled)");
	expect_login(db, NULL, "nina-password", VIGIL_EAUTH, "unknown user or wrong password (or the account is locked or disabled)");
	assert_int_equal(raw_int(path, "SELECT failed_logins FROM users WHERE name = 'nina'"), 2);
	/* The right password resets the count. */
	expect_login(db, "nina", "nina-password", VIGIL_OK, NULL);
	assert_int_equal(raw_int(path, "SELECT failed_logins FROM users WHERE name = 'nina'"), 0);
	expect_login(db, "nina", NULL, VIGIL_EAUTH, "unknown user or wrong password (or the account is locked or disabled)");
	assert_int_equal(raw_int(path, "SELECT failed_logins FROM users WHERE name = 'nina'"), 1);

	/* Disabled: refused even with the right password. */
	vigil_session boss = session_as(db, "boss");
	must(vigil_user_disable(&boss, "cleo", &err), &err, "disable");
	expect_login(db, "cleo", "cleo-password", VIGIL_EAUTH, "unknown user or wrong password (or the account is locked or disabled)");
	expect_login(db, "cleo", "wrong-password", VIGIL_EAUTH, "unknown user or wrong password (or the account is locked or disabled)");

	/* A malformed VIGIL_NOW stops everything rather than using the wrong
	 * time. */
	setenv("VIGIL_NOW", "next tuesday", 1);
	assert_int_equal(vigil_login(db, "nina", "nina-password", &s, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "VIGIL_NOW: 'next tuesday' is not a time (use YYYY-MM-DD HH:MM, "
	                             "optionally with an offset such as +01:00 or Z)");
	vigil_db_close(db);
}

/* Log rows that locked an account: the wrong password that reached the
 * limit. */
#define LOCKS                                                                                   \
	"SELECT count(*) FROM audit_log WHERE action = 'login-try' AND entity = 'user'"         \
	" AND json_extract(detail, '$[8]') = 3"

static void test_lockout(void **state)
{
	(void)state;
	char path[512];
	vigil_db *db = make_ward(path, sizeof path);
	/* Every refusal reads alike: none says the account is locked. */
	const char *bad = "unknown user or wrong password (or the account is locked or disabled)";
	const char *now_locked = bad, *locked = bad;

	/* Two wrong, one right, two wrong: never three in a row, no lock. */
	expect_login(db, "nina", "wrong-1", VIGIL_EAUTH, bad);
	expect_login(db, "nina", "wrong-2", VIGIL_EAUTH, bad);
	expect_login(db, "nina", "nina-password", VIGIL_OK, NULL);
	expect_login(db, "nina", "wrong-3", VIGIL_EAUTH, bad);
	expect_login(db, "nina", "wrong-4", VIGIL_EAUTH, bad);
	assert_int_equal(raw_int(path, "SELECT locked_until IS NULL FROM users WHERE name = 'nina'"),
	                 1);
	/* The third in a row locks; then even the right password is refused. */
	expect_login(db, "nina", "wrong-5", VIGIL_EAUTH, now_locked);
	expect_login(db, "nina", "nina-password", VIGIL_EAUTH, locked);
	expect_login(db, "nina", "wrong-6", VIGIL_EAUTH, locked);
	assert_int_equal(raw_int(path, LOCKS " AND entity_id = 2 AND actor = '-'"), 1);
	assert_int_equal(raw_int(path, "SELECT locked_until IS NOT NULL FROM users WHERE id = 2"), 1);
	/* Other accounts are not affected. */
	expect_login(db, "cleo", "cleo-password", VIGIL_OK, NULL);

	/* One second before the lock ends: still locked. */
	set_now(NOW_T + VIGIL_LOCK_SECONDS - 1);
	expect_login(db, "nina", "nina-password", VIGIL_EAUTH, locked);
	/* At the end of VIGIL_LOCK_SECONDS it has expired. */
	set_now(NOW_T + VIGIL_LOCK_SECONDS);
	expect_login(db, "nina", "nina-password", VIGIL_OK, NULL);
	assert_int_equal(raw_int(path, "SELECT failed_logins = 0 AND locked_until IS NULL FROM users"
	                               " WHERE name = 'nina'"),
	                 1);

	/* Locked again, then the lock expires without a correct login: the
	 * account gets three fresh tries, not one. */
	expect_login(db, "nina", "wrong-7", VIGIL_EAUTH, bad);
	expect_login(db, "nina", "wrong-8", VIGIL_EAUTH, bad);
	expect_login(db, "nina", "wrong-9", VIGIL_EAUTH, now_locked);
	assert_int_equal(raw_int(path, LOCKS), 2);
	set_now(NOW_T + 2 * VIGIL_LOCK_SECONDS);
	expect_login(db, "nina", "wrong-10", VIGIL_EAUTH, bad);
	expect_login(db, "nina", "wrong-11", VIGIL_EAUTH, bad);
	expect_login(db, "nina", "nina-password", VIGIL_OK, NULL);
	expect_login(db, "nina", "wrong-12", VIGIL_EAUTH, bad);
	expect_login(db, "nina", "wrong-13", VIGIL_EAUTH, bad);
	expect_login(db, "nina", "wrong-14", VIGIL_EAUTH, now_locked);
	/* Every lock is in the audit log, and the log still verifies. */
	assert_int_equal(raw_int(path, LOCKS), 3);
	vigil_session boss = session_as(db, "boss");
	vigil_audit_report report;
	vigil_error err;
	must(vigil_audit_verify(&boss, &report, &err), &err, "verify");
	/* A password change clears the lock. */
	vigil_session nina = session_as(db, "nina");
	must(vigil_user_passwd(&nina, "fresh-password", &err), &err, "passwd");
	expect_login(db, "nina", "fresh-password", VIGIL_OK, NULL);
	vigil_db_close(db);
}

/* A reset: the admin's password must be changed before anything else,
 * the session may do nothing but change it, and the log verifies. */
static void test_reset(void **state)
{
	(void)state;
	char path[512];
	vigil_db *db = make_ward(path, sizeof path);
	vigil_error err;
	vigil_session boss = session_as(db, "boss"), nina = session_as(db, "nina");
	long long audit = raw_int(path, "SELECT count(*) FROM audit_log");
	assert_int_equal(vigil_user_reset(&nina, "cleo", "temp-pass-1", &err), VIGIL_EPERM);
	assert_int_equal(vigil_user_reset(&boss, "boss", "temp-pass-1", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "you may not reset your own password: change it instead");
	assert_int_equal(vigil_user_reset(&boss, "ghost", "temp-pass-1", &err), VIGIL_ENOTFOUND);
	assert_int_equal(vigil_user_reset(&boss, "nina", "short", &err), VIGIL_EINVAL);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM audit_log"), audit);

	expect_login(db, "nina", "wrong-1", VIGIL_EAUTH,
	             "unknown user or wrong password (or the account is locked or disabled)");
	must(vigil_user_reset(&boss, "nina", "temp-pass-1", &err), &err, "reset");
	assert_int_equal(raw_int(path, "SELECT must_change * 10 + failed_logins FROM users"
	                               " WHERE name = 'nina'"),
	                 10);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM audit_log WHERE action = 'reset'"
	                               " AND actor = 'boss'"),
	                 1);
	expect_login(db, "nina", "nina-password", VIGIL_EAUTH,
	             "unknown user or wrong password (or the account is locked or disabled)");
	vigil_session s;
	must(vigil_login(db, "nina", "temp-pass-1", &s, &err), &err, "login after reset");
	assert_true(s.user.must_change);
	assert_string_equal(vigil_user_state(&s.user, NOW_T), "reset");
	/* Nothing but the change: not even viewing. */
	assert_int_equal(vigil_session_ready(&s, &err), VIGIL_EPERM);
	assert_int_equal(vigil_require(&s, VIGIL_ACT_VIEW, &err), VIGIL_EPERM);
	assert_string_equal(err.msg, "nina: the password an admin set must be changed before anything "
	                             "else (with 'vigil passwd', or at vigil's login screen)");
	assert_int_equal(vigil_patient_admit(&s, "MRN9", "Pat Doe", "9", 0, NULL, &err), VIGIL_EPERM);
	vigil_audit_report report;
	must(vigil_audit_verify(&boss, &report, &err), &err, "verify after reset");
	assert_int_equal(vigil_user_passwd(&s, "temp-pass-1", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "password: the new password must differ from the one an admin set");
	must(vigil_user_passwd(&s, "nina-new-pass", &err), &err, "passwd");
	assert_false(s.user.must_change);
	must(vigil_require(&s, VIGIL_ACT_VIEW, &err), &err, "after the change");
	assert_int_equal(raw_int(path, "SELECT must_change FROM users WHERE name = 'nina'"), 0);
	must(vigil_audit_verify(&boss, &report, &err), &err, "verify after passwd");
	vigil_db_close(db);
}

/* The demo accounts are shown only on a training database that has them;
 * the hint names vigil as it was started. */
static void test_demo_hints(void **state)
{
	(void)state;
	char path[512], hint[256];
	vigil_db *db = make_ward(path, sizeof path);
	assert_false(vigil_demo_accounts_here(db)); /* no demo accounts */
	vigil_db_close(db);
	vigil_error err;
	new_path(path, sizeof path, "demo.db");
	must(vigil_db_create(path, true, &db, &err), &err, "create");
	must(vigil_init_admin(db, "admin", "", "admin-password", &err), &err, "init");
	vigil_session admin = session_as(db, "admin");
	must(vigil_user_add(&admin, "nurse", VIGIL_ROLE_NURSE, "", "nurse-password", &err), &err,
	     "nurse");
	assert_false(vigil_demo_accounts_here(db)); /* no clinician yet */
	must(vigil_user_add(&admin, "clinician", VIGIL_ROLE_CLINICIAN, "", "clinician-password",
	                    &err),
	     &err, "clinician");
	assert_true(vigil_demo_accounts_here(db));
	vigil_db_close(db);
	assert_string_equal(vigil_demo_program("build/vigil"), "build/vigil");
	assert_string_equal(vigil_demo_program("/usr/local/bin/vigil"), "/usr/local/bin/vigil");
	assert_string_equal(vigil_demo_program("vigil"), "vigil"); /* found on PATH */
	assert_string_equal(vigil_demo_program(NULL), "vigil");
	assert_true(vigil_demo_hint("build/vigil", "build/demo.db", hint, sizeof hint));
	assert_string_equal(hint, "VIGIL_PASSWORD=demo-nurse build/vigil --db build/demo.db "
	                          "--user nurse history MRN1001");
	assert_false(vigil_demo_hint("vigil", "build/demo.db", hint, 20));
}

/* ---- the clock and times --------------------------------------------- */

static void expect_time(const char *text, vigil_time want)
{
	vigil_time t = -1;
	vigil_error err;
	if (vigil_time_parse(text, &t, &err) != VIGIL_OK)
		fail_msg("'%s': %s", text, err.msg);
	if (t != want)
		fail_msg("'%s' gave %lld, wanted %lld", text, (long long)t, (long long)want);
}

static void expect_bad_time(const char *text)
{
	vigil_time t = 12345;
	vigil_error err;
	if (vigil_time_parse(text, &t, &err) != VIGIL_EINVAL)
		fail_msg("'%s' was accepted as %lld", text, (long long)t);
	char expect[256];
	snprintf(expect, sizeof expect,
	         "'%s' is not a time (use YYYY-MM-DD HH:MM, optionally with an offset such as "
	         "+01:00 or Z)",
	         text);
	assert_string_equal(err.msg, expect);
}

static void test_time_parse(void **state)
{
	(void)state;
	const vigil_time t1430 = 1795271400; /* 2026-11-21T14:30:00Z */
	/* Local time: Europe/London is GMT in November, BST (+1) in July. */
	expect_time("2026-11-21 14:30", t1430);
	expect_time("2026-11-21T14:30", t1430);
	expect_time("2026-11-21t14:30", t1430);
	expect_time("2026-11-21T14:30:00", t1430);
	expect_time("2026-11-21 14:30:59", t1430 + 59);
	expect_time("2026-07-01 12:00", 1782903600);
	expect_time("2026-11-21", t1430 - 14 * 3600 - 1800);
	/* Offsets. */
	expect_time("2026-11-21T14:30Z", t1430);
	expect_time("2026-11-21T14:30z", t1430);
	expect_time("2026-11-21T14:30:00Z", t1430);
	expect_time("2026-11-21T15:30+01:00", t1430);
	expect_time("2026-11-21T15:30+0100", t1430);
	expect_time("2026-11-21T15:30+01", t1430);
	expect_time("2026-11-21 09:30-05:00", t1430);
	expect_time("2026-11-21T20:00+05:30", t1430);
	expect_time("2026-07-01 12:00+01:00", 1782903600);
	/* Leap years. */
	expect_time("2024-02-29T00:00Z", 1709164800);
	expect_time("2000-02-29T00:00Z", 951782400);
	expect_time("1970-01-01T00:00Z", 0);

	expect_bad_time("2026-02-30 10:00");
	expect_bad_time("2025-02-29");
	expect_bad_time("1900-02-29");
	expect_bad_time("2026-04-31");
	expect_bad_time("2026-13-01");
	expect_bad_time("2026-00-10");
	expect_bad_time("2026-11-00");
	expect_bad_time("2026-11-21 24:00");
	expect_bad_time("2026-11-21 14:60");
	expect_bad_time("2026-11-21 14:30:60");
	expect_bad_time("2026-11-21 14");
	expect_bad_time("2026-11-21 14:3");
	expect_bad_time("2026-11-21 1430");
	expect_bad_time("2026-11-21 14:30 ");
	expect_bad_time("2026-11-21 14:30x");
	expect_bad_time("2026-11-21T14:30+24:00");
	expect_bad_time("2026-11-21T14:30+01:60");
	expect_bad_time("2026-11-21T14:30+1");
	expect_bad_time("2026-11-21T14:30UTC");
	expect_bad_time("2026-1-21");
	expect_bad_time("26-11-21");
	expect_bad_time("21/11/2026 14:30");
	expect_bad_time("1969-12-31 23:59");
	expect_bad_time("");
	expect_bad_time("now");
	expect_bad_time(" 2026-11-21 14:30");
}

static void test_time_format(void **state)
{
	(void)state;
	char buf[VIGIL_TIME_ISO_LEN];
	vigil_time t;
	vigil_time_format_utc(1795271400, buf, sizeof buf);
	assert_string_equal(buf, "2026-11-21T14:30:00Z");
	assert_int_equal(vigil_time_parse_utc("2026-11-21T14:30:00Z", &t), 0);
	assert_int_equal(t, 1795271400);
	assert_int_equal(vigil_time_parse_utc("2026-11-21 14:30:00Z", &t), -1);
	assert_int_equal(vigil_time_parse_utc("2026-11-21T14:30:00+00:00", &t), -1);
	assert_int_equal(vigil_time_parse_utc("2026-02-30T14:30:00Z", &t), -1);
	assert_int_equal(vigil_time_parse_utc(NULL, &t), -1);

	vigil_time_format_local(1795271400, buf, sizeof buf);
	assert_string_equal(buf, "2026-11-21 14:30");
	vigil_time_format_local(1782903600, buf, sizeof buf);
	assert_string_equal(buf, "2026-07-01 12:00");
	vigil_time_format_iso(1795271400, buf, sizeof buf);
	assert_string_equal(buf, "2026-11-21T14:30:00+00:00");
	vigil_time_format_iso(1782903600, buf, sizeof buf);
	assert_string_equal(buf, "2026-07-01T12:00:00+01:00");

	vigil_duration_format(0, buf, sizeof buf);
	assert_string_equal(buf, "0m");
	vigil_duration_format(45 * 60 + 59, buf, sizeof buf);
	assert_string_equal(buf, "45m");
	vigil_duration_format(3 * 3600 + 10 * 60, buf, sizeof buf);
	assert_string_equal(buf, "3h 10m");
	vigil_duration_format(3600 + 5 * 60, buf, sizeof buf);
	assert_string_equal(buf, "1h 05m");
	vigil_duration_format(2 * 86400 + 4 * 3600 + 59 * 60, buf, sizeof buf);
	assert_string_equal(buf, "2d 4h");
	vigil_duration_format(-(3 * 3600 + 10 * 60), buf, sizeof buf);
	assert_string_equal(buf, "3h 10m");
}

static void test_clock(void **state)
{
	(void)state;
	vigil_time t;
	vigil_error err;
	must(vigil_clock_now(&t, &err), &err, "now");
	assert_int_equal(t, NOW_T);
	setenv("VIGIL_NOW", "2026-11-21 14:30", 1);
	must(vigil_clock_now(&t, &err), &err, "now");
	assert_int_equal(t, 1795271400);
	setenv("VIGIL_NOW", "2026-02-30T10:00Z", 1);
	assert_int_equal(vigil_clock_now(&t, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "VIGIL_NOW: '2026-02-30T10:00Z' is not a time (use YYYY-MM-DD "
	                             "HH:MM, optionally with an offset such as +01:00 or Z)");
	setenv("VIGIL_NOW", "yesterday", 1);
	assert_int_equal(vigil_clock_now(&t, &err), VIGIL_EINVAL);
	/* A pinned time wins over VIGIL_NOW, even a malformed one. */
	vigil_clock_pin(1000000000);
	must(vigil_clock_now(&t, &err), &err, "pinned");
	assert_int_equal(t, 1000000000);
	vigil_clock_pin(0);
	/* Unset or empty: the real clock. */
	setenv("VIGIL_NOW", "", 1);
	time_t before = time(NULL);
	must(vigil_clock_now(&t, &err), &err, "real");
	assert_true(t >= before && t <= time(NULL));
	unsetenv("VIGIL_NOW");
	must(vigil_clock_now(&t, &err), &err, "real");
	assert_true(t >= before && t <= time(NULL));
}

/* ---- text ------------------------------------------------------------ */

static void expect_text_error(const char *text, size_t max, bool required, const char *message)
{
	vigil_error err;
	assert_int_equal(vigil_text_check("note", text, max, required, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, message);
}

static void test_text_check(void **state)
{
	(void)state;
	vigil_error err;
	must(vigil_text_check("note", "Patient settled, sleeping.", 100, true, &err), &err, "plain");
	must(vigil_text_check("note", "Zo\xc3\xab \xe2\x80\x94 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80",
	                      100, true, &err),
	     &err, "unicode");
	must(vigil_text_check("note", "", 100, false, &err), &err, "optional empty");
	must(vigil_text_check("note", NULL, 100, false, &err), &err, "optional NULL");
	expect_text_error("", 100, true, "note: must not be empty");
	expect_text_error(NULL, 100, true, "note: must not be empty");
	/* Control characters, C0, DEL and C1, wherever they are. */
	expect_text_error("line one\nline two", 100, false,
	                  "note: control character U+000A is not allowed");
	expect_text_error("\tindented", 100, false, "note: control character U+0009 is not allowed");
	expect_text_error("cr\r", 100, false, "note: control character U+000D is not allowed");
	expect_text_error("\x1b]0;owned\x07", 100, false,
	                  "note: control character U+001B is not allowed");
	expect_text_error("del\x7f", 100, false, "note: control character U+007F is not allowed");
	expect_text_error("c1 \xc2\x9b" "31m", 100, false,
	                  "note: control character U+009B is not allowed");
	expect_text_error("nel\xc2\x85", 100, false, "note: control character U+0085 is not allowed");
	/* Not UTF-8: stray bytes, overlong forms, surrogates, beyond U+10FFFF,
	 * cut sequences. */
	expect_text_error("caf\xe9", 100, false, "note: not valid UTF-8 text");
	expect_text_error("\xc0\xaf", 100, false, "note: not valid UTF-8 text");
	expect_text_error("\xe0\x80\xaf", 100, false, "note: not valid UTF-8 text");
	expect_text_error("\xed\xa0\x80", 100, false, "note: not valid UTF-8 text");
	expect_text_error("\xf4\x90\x80\x80", 100, false, "note: not valid UTF-8 text");
	expect_text_error("\xf8\x88\x80\x80\x80", 100, false, "note: not valid UTF-8 text");
	expect_text_error("cut \xe2\x80", 100, false, "note: not valid UTF-8 text");
	expect_text_error("\xff", 100, false, "note: not valid UTF-8 text");
	/* Invisible formatting characters, anywhere in the text, named by
	 * code point: bidi controls, zero-width spaces and joiners, invisible
	 * operators, byte order marks, tag characters. */
	static const struct {
		const char *text, *message;
	} invisible[] = {
		{ "Alex\xe2\x80\xae" "nagroM", "U+202E" }, { "\xe2\x80\xaa" "a", "U+202A" },
		{ "a\xe2\x80\x8e", "U+200E" },            { "a\xe2\x80\x8f", "U+200F" },
		{ "a\xe2\x81\xa6" "b", "U+2066" },         { "a\xe2\x81\xa9", "U+2069" },
		{ "Al\xe2\x80\x8b" "ex", "U+200B" },       { "Al\xe2\x80\x8c" "ex", "U+200C" },
		{ "Al\xe2\x80\x8d" "ex", "U+200D" },       { "Al\xe2\x81\xa0" "ex", "U+2060" },
		{ "a\xe2\x81\xa1" "b", "U+2061" },         { "a\xe2\x81\xa4" "b", "U+2064" },
		{ "\xef\xbb\xbf" "Alex", "U+FEFF" },       { "Alex\xd8\x9c", "U+061C" },
		{ "Al\xe1\xa0\x8e" "ex", "U+180E" },       { "a\xe2\x80\xa8" "b", "U+2028" },
		{ "Alex\xf3\xa0\x80\x81", "U+E0001" },     { "Alex\xf3\xa0\x81\xbf", "U+E007F" },
		{ "Alex\xf3\xa0\x80\x80", "U+E0000" },
	};
	for (size_t i = 0; i < sizeof invisible / sizeof invisible[0]; i++) {
		char want[96];
		snprintf(want, sizeof want, "note: invisible formatting character %s is not allowed",
		         invisible[i].message);
		expect_text_error(invisible[i].text, 100, false, want);
		expect_text_error(invisible[i].text, 100, true, want);
	}
	/* Just outside those ranges is ordinary text. */
	must(vigil_text_check("note", "a\xe2\x80\x90" "b", 100, true, &err), &err, "U+2010 hyphen");
	must(vigil_text_check("note", "a\xe2\x80\xa7" "b", 100, true, &err), &err, "U+2027");
	must(vigil_text_check("note", "\xf3\xa0\x84\x80", 100, false, &err), &err, "U+E0100");
	/* Blank however it is spelt: spaces of every width, fillers, Braille
	 * blank, combining marks or variation selectors with nothing to sit on.
	 * Refused when the text is required, like plain spaces. */
	static const char *const blank[] = {
		" ",
		"   ",
		"\xc2\xa0",                 /* U+00A0 no-break space */
		"\xe3\x85\xa4",             /* U+3164 Hangul filler */
		"\xe3\x85\xa4\xe3\x85\xa4", /* two of them */
		"\xe2\xa0\x80",             /* U+2800 Braille pattern blank */
		"\xe2\x80\x80",             /* U+2000 en quad */
		"\xe2\x80\x83",             /* U+2003 em space */
		"\xe2\x80\x8a",             /* U+200A hair space */
		"\xe2\x80\xaf",             /* U+202F narrow no-break space */
		"\xe2\x81\x9f",             /* U+205F medium mathematical space */
		"\xe3\x80\x80",             /* U+3000 ideographic space */
		"\xe1\x85\x9f",             /* U+115F Hangul choseong filler */
		"\xe1\x85\xa0",             /* U+1160 Hangul jungseong filler */
		"\xef\xbe\xa0",             /* U+FFA0 halfwidth Hangul filler */
		"\xe1\x9a\x80",             /* U+1680 Ogham space mark */
		"\xcc\x81",                 /* U+0301 combining acute, no base */
		"\xcc\x81\xcc\x88\xcd\xaf", /* U+0301 U+0308 U+036F stacked on nothing */
		" \xcc\x81",                /* on a space */
		"\xe3\x85\xa4\xcc\x81",     /* on a filler */
		"\xe2\x83\x9d",             /* U+20DD combining enclosing circle */
		"\xef\xb8\x8f",             /* U+FE0F variation selector-16 */
		" \xc2\xa0\xe3\x80\x80\xe2\xa0\x80 ",
	};
	for (size_t i = 0; i < sizeof blank / sizeof blank[0]; i++) {
		expect_text_error(blank[i], 100, true, "note: must not be blank");
		must(vigil_text_check("note", blank[i], 100, false, &err), &err, blank[i]);
	}
	/* Real names: accents precomposed or as a combining mark after the
	 * letter, other scripts, a no-break space between words, a Hangul
	 * syllable, and a leading mark that has a letter after it. */
	static const char *const names[] = {
		"Jos\xc3\xa9",                                  /* José */
		"Zo\xc3\xab",                                   /* Zoë */
		"Jose\xcc\x81",                                 /* José, e + U+0301 */
		"Zoe\xcc\x88 Ng",                               /* Zoë, e + U+0308 */
		"\xe5\xb1\xb1\xe7\x94\xb0\xe5\xa4\xaa\xe9\x83\x8e", /* 山田太郎 */
		"\xe5\xbc\xa0\xe4\xbc\x9f",                     /* 张伟 */
		"\xea\xb9\x80\xeb\xaf\xbc\xec\xa4\x80",         /* 김민준 */
		"\xd0\x99\xd0\xbe\xd1\x80\xd0\xb4\xd0\xb0\xd0\xbd", /* Йордан */
		"\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d",             /* שלום */
		"Mar\xc3\xad" "a\xc2\xa0" "Garc\xc3\xad" "a",  /* María García, NBSP */
		"\xcc\x81" "a",
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		must(vigil_text_check("name", names[i], VIGIL_FULL_NAME_MAX, true, &err), &err,
		     names[i]);
	/* Limits count characters, not bytes. */
	char buf[512] = "";
	for (int i = 0; i < 100; i++)
		strcat(buf, "\xc3\xa9"); /* 100 characters, 200 bytes */
	must(vigil_text_check("name", buf, VIGIL_FULL_NAME_MAX, true, &err), &err, "100 chars");
	strcat(buf, "e");
	assert_int_equal(vigil_text_check("name", buf, VIGIL_FULL_NAME_MAX, true, &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "name: 101 characters is over the limit of 100");
	char note[VIGIL_NOTE_MAX + 2];
	memset(note, 'a', VIGIL_NOTE_MAX);
	note[VIGIL_NOTE_MAX] = '\0';
	must(vigil_text_check("note", note, VIGIL_NOTE_MAX, false, &err), &err, "1000");
	note[VIGIL_NOTE_MAX] = 'a';
	note[VIGIL_NOTE_MAX + 1] = '\0';
	expect_text_error(note, VIGIL_NOTE_MAX, false, "note: 1001 characters is over the limit of "
	                                               "1000");
	/* The documented limits. */
	assert_int_equal(VIGIL_USER_NAME_MAX, 32);
	assert_int_equal(VIGIL_FULL_NAME_MAX, 100);
	assert_int_equal(VIGIL_MRN_MAX, 20);
	assert_int_equal(VIGIL_BED_MAX, 12);
	assert_int_equal(VIGIL_REASON_MAX, 200);
	assert_int_equal(VIGIL_NOTE_MAX, 1000);
}

static void test_ident_check(void **state)
{
	(void)state;
	vigil_error err;
	must(vigil_ident_check("MRN", "MRN-1001", 20, "-", &err), &err, "mrn");
	must(vigil_mrn_check("12345678901234567890", &err), &err, "20");
	assert_int_equal(vigil_mrn_check("123456789012345678901", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "MRN: 21 characters is over the limit of 20");
	assert_int_equal(vigil_mrn_check("", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "MRN: must not be empty");
	assert_int_equal(vigil_mrn_check(NULL, &err), VIGIL_EINVAL);
	assert_int_equal(vigil_mrn_check("MRN 1", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "MRN: ' ' is not allowed (use letters, digits and -)");
	assert_int_equal(vigil_mrn_check("MRN_1", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "MRN: '_' is not allowed (use letters, digits and -)");
	assert_int_equal(vigil_mrn_check("MRN\x1b", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "MRN: '\\x1b' is not allowed (use letters, digits and -)");
	assert_int_equal(vigil_mrn_check("M\xc3\xa9", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "MRN: '\\xc3' is not allowed (use letters, digits and -)");
	assert_int_equal(vigil_ident_check("key", "a-b", 10, "", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "key: '-' is not allowed (use letters, digits)");
	assert_int_equal(vigil_ident_check("key", "a.b", 10, NULL, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "key: '.' is not allowed (use letters, digits)");
}

static void test_utf8_and_escape(void **state)
{
	(void)state;
	assert_int_equal(vigil_utf8_length(""), 0);
	assert_int_equal(vigil_utf8_length("abc"), 3);
	assert_int_equal(vigil_utf8_length("Zo\xc3\xab"), 3);
	assert_int_equal(vigil_utf8_length("\xe6\x97\xa5\xf0\x9f\x98\x80"), 2);
	assert_int_equal(vigil_utf8_length("bad\xff"), (size_t)-1);
	assert_int_equal(vigil_utf8_length("\xc3"), (size_t)-1);

	char out[64];
	assert_int_equal(vigil_text_escape("plain", out, sizeof out), 5);
	assert_string_equal(out, "plain");
	assert_int_equal(vigil_text_escape("a\nb\tc\rd\\e", out, sizeof out), 13);
	assert_string_equal(out, "a\\nb\\tc\\rd\\\\e");
	vigil_text_escape("\x1b[31mred", out, sizeof out);
	assert_string_equal(out, "\\x1b[31mred");
	vigil_text_escape("bell\x07 del\x7f", out, sizeof out);
	assert_string_equal(out, "bell\\x07 del\\x7f");
	vigil_text_escape("c1\xc2\x9b", out, sizeof out);
	assert_string_equal(out, "c1\\x9b");
	vigil_text_escape("caf\xe9!", out, sizeof out);
	assert_string_equal(out, "caf\\xe9!");
	vigil_text_escape("Zo\xc3\xab", out, sizeof out);
	assert_string_equal(out, "Zo\xc3\xab");
	vigil_text_escape(NULL, out, sizeof out);
	assert_string_equal(out, "");
	/* Invisible formatting characters stored by another program are shown
	 * as escapes, so they cannot reorder or hide what is around them. */
	vigil_text_escape("Alex\xe2\x80\xae" "nagroM", out, sizeof out);
	assert_string_equal(out, "Alex\\u202enagroM");
	vigil_text_escape("\xe2\x81\xa6" "a\xe2\x81\xa9\xe2\x80\x8f", out, sizeof out);
	assert_string_equal(out, "\\u2066a\\u2069\\u200f");
	vigil_text_escape("Al\xe2\x80\x8b" "ex\xef\xbb\xbf\xd8\x9c", out, sizeof out);
	assert_string_equal(out, "Al\\u200bex\\ufeff\\u061c");
	assert_int_equal(vigil_text_escape("a\xf3\xa0\x80\x81", out, sizeof out), 11);
	assert_string_equal(out, "a\\U000e0001");
	/* Blanks and combining marks are text, shown as they are. */
	vigil_text_escape("Jose\xcc\x81\xc2\xa0\xe3\x85\xa4", out, sizeof out);
	assert_string_equal(out, "Jose\xcc\x81\xc2\xa0\xe3\x85\xa4");

	/* Too small: the result is cut between characters, never inside one,
	 * and the return value says how much was needed. */
	char small[5];
	assert_int_equal(vigil_text_escape("ab\xc3\xab\xc3\xab", small, sizeof small), 6);
	assert_string_equal(small, "ab\xc3\xab");
	assert_int_equal(vigil_text_escape("abc\n", small, sizeof small), 5);
	assert_string_equal(small, "abc");
	assert_int_equal(vigil_text_escape("x", out, 0), 1);

	char dst[4];
	assert_true(vigil_copy(dst, sizeof dst, "abc"));
	assert_string_equal(dst, "abc");
	assert_false(vigil_copy(dst, sizeof dst, "abcd"));
	assert_string_equal(dst, "abc");
	assert_true(vigil_copy(dst, sizeof dst, NULL));
	assert_string_equal(dst, "");
	assert_false(vigil_copy(dst, 0, "a"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_role_names, reset_clock),
		cmocka_unit_test_setup(test_role_matrix, reset_clock),
		cmocka_unit_test_setup(test_core_enforces_roles, reset_clock),
		cmocka_unit_test_setup(test_password_policy, reset_clock),
		cmocka_unit_test_setup(test_password_storage, reset_clock),
		cmocka_unit_test_setup(test_users, reset_clock),
		cmocka_unit_test_setup(test_login, reset_clock),
		cmocka_unit_test_setup(test_lockout, reset_clock),
		cmocka_unit_test_setup(test_reset, reset_clock),
		cmocka_unit_test_setup(test_demo_hints, reset_clock),
		cmocka_unit_test_setup(test_time_parse, reset_clock),
		cmocka_unit_test_setup(test_time_format, reset_clock),
		cmocka_unit_test_setup(test_clock, reset_clock),
		cmocka_unit_test_setup(test_text_check, reset_clock),
		cmocka_unit_test_setup(test_ident_check, reset_clock),
		cmocka_unit_test_setup(test_utf8_and_escape, reset_clock),
	};
	return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
