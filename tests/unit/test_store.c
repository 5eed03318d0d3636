/* test_store.c - the SQLite store: creating and migrating the schema,
 * refusing files it must not touch, the append-only triggers, amendments
 * and voids, and the hash-chained audit log catching changes made behind
 * vigil's back with a raw SQLite connection (as the sqlite3 shell would). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "test_login.h"
#include "../store/internal.h"
#include "vigil/assessment.h"
#include "vigil/audit.h"
#include "vigil/auth.h"
#include "vigil/db.h"
#include "vigil/patient.h"
#include "vigil/scale.h"
#include "vigil/scale_defs.h"
#include "vigil/store.h"

#define NOW "2026-11-21T12:00:00Z"
#define APP_ID 0x5647494C /* 'VGIL' */

static char tmpdir[256];
static char base_db[512]; /* the fixture ward, built once, copied per test */
static vigil_scales *scales;
static int file_counter;

/* ---- helpers --------------------------------------------------------- */

static void must(vigil_status s, const vigil_error *err, const char *what)
{
	if (s != VIGIL_OK)
		fail_msg("%s: %s (%s)", what, err->msg, vigil_status_name(s));
}

/* A fresh path in the test directory. */
static void new_path(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%02d-%s", tmpdir, ++file_counter, name);
}

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static unsigned char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("reading %s: %s", path, strerror(errno));
	unsigned char *buf = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	*len = n;
	return buf;
}

static void write_all(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		fail_msg("writing %s", path);
}

static void copy_file(const char *from, const char *to)
{
	size_t len;
	unsigned char *buf = read_all(from, &len);
	write_all(to, buf, len);
	free(buf);
}

/* Asserts that path still holds exactly the bytes in (data, len) and that
 * no WAL or shared-memory file was left beside it. */
static void assert_unchanged(const char *path, const unsigned char *data, size_t len)
{
	size_t now_len;
	unsigned char *now = read_all(path, &now_len);
	assert_int_equal(now_len, len);
	assert_memory_equal(now, data, len);
	free(now);
	char side[600];
	snprintf(side, sizeof side, "%s-wal", path);
	assert_false(exists(side));
	snprintf(side, sizeof side, "%s-shm", path);
	assert_false(exists(side));
}

/* A raw connection, as another program (the sqlite3 shell) would open. */
static sqlite3 *raw_open(const char *path)
{
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK)
		fail_msg("raw open %s: %s", path, sqlite3_errmsg(db));
	return db;
}

/* Runs sql on its own connection; returns SQLite's result code and copies
 * its error message. */
static int raw_exec(const char *path, const char *sql, char *msg, size_t size)
{
	sqlite3 *db = raw_open(path);
	char *errmsg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &errmsg);
	if (msg)
		snprintf(msg, size, "%s", errmsg ? errmsg : "");
	sqlite3_free(errmsg);
	sqlite3_close(db);
	return rc;
}

static void raw_ok(const char *path, const char *sql)
{
	char msg[512];
	if (raw_exec(path, sql, msg, sizeof msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
}

static long long raw_int(const char *path, const char *sql)
{
	sqlite3 *db = raw_open(path);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) != SQLITE_ROW)
		fail_msg("%s: no row", sql);
	long long v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static void raw_text(const char *path, const char *sql, char *buf, size_t size)
{
	sqlite3 *db = raw_open(path);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) != SQLITE_ROW)
		fail_msg("%s: no row", sql);
	const char *t = (const char *)sqlite3_column_text(st, 0);
	snprintf(buf, size, "%s", t ? t : "");
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* A session without the argon2 cost of a login: the store tests are about
 * the store, test_auth covers logging in. */
static vigil_session session_for(vigil_db *db, const char *name)
{
	vigil_session s = { .db = db };
	vigil_error err;
	must(vigil_session_resume(db, name, test_password(name), &s, &err), &err, name);
	return s;
}

static const vigil_scale *scale_named(const char *key)
{
	const vigil_scale *s;
	vigil_error err;
	must(vigil_scales_lookup(scales, key, &s, &err), &err, key);
	return s;
}

/* Fills sheet from NULL-terminated "item=score" words. */
static void sheet_of(vigil_sheet *sheet, const char *scale_key, const char *const *words)
{
	vigil_error err;
	vigil_sheet_init(sheet, scale_named(scale_key));
	for (; *words; words++)
		must(vigil_sheet_assign(sheet, *words, &err), &err, *words);
}

static vigil_time at(const char *text)
{
	vigil_time t;
	vigil_error err;
	must(vigil_time_parse(text, &t, &err), &err, text);
	return t;
}

static int64_t record(vigil_session *s, const char *mrn, const char *scale_key,
                      const char *const *words, const char *when)
{
	vigil_sheet sheet;
	vigil_error err;
	int64_t id = 0;
	sheet_of(&sheet, scale_key, words);
	vigil_record_input in = { .mrn = mrn, .sheet = &sheet, .performed_at = when ? at(when) : 0,
		                  .reason = "4-hourly" };
	must(vigil_assessment_record(s, &in, &id, &err), &err, "record");
	return id;
}

/* COWS 14 moderate, pulse derived from hr=112 (score 2). */
static const char *const cows14[] = { "hr=112",   "sweating=2", "restlessness=3", "pupils=2",
	                              "aches=1",  "nose=1",     "gi=2",           "tremor=1",
	                              "yawning=0", "anxiety=0", "gooseflesh=0",   NULL };
/* COWS 5 mild. */
static const char *const cows5[] = { "pulse=1", "sweating=1", "restlessness=1", "pupils=1",
	                             "aches=1", "nose=0",     "gi=0",           "tremor=0",
	                             "yawning=0", "anxiety=0", "gooseflesh=0",  NULL };
/* SOWS: every item 1, total 16. */
static const char *const sows16[] = { "anxious=1",  "yawning=1",  "perspiring=1", "tearing=1",
	                              "nose=1",     "goosebumps=1", "shaking=1",  "hot-flushes=1",
	                              "cold-flushes=1",     "aches=1",    "restless=1",   "nauseous=1",
	                              "vomiting=1", "twitching=1",   "cramps=1",     "craving=1",
	                              NULL };

/* The fixture ward (ids are deterministic):
 *   users 1 boss (admin), 2 nina (nurse), 3 cleo (clinician)
 *   patients 1 MRN1001, 2 MRN1002
 *   assessments 1 MRN1001 COWS 14 (late), 2 MRN1001 COWS 5, 3 MRN1002 SOWS 16,
 *               4 amends 1 (gi=5, COWS 17) by cleo; 2 voided by nina
 *   audit log rows 1-10, one per change in that order. */
static void build_fixture(const char *path)
{
	vigil_db *db;
	vigil_error err;
	must(vigil_db_create(path, true, &db, &err), &err, "create");
	must(vigil_init_admin(db, "boss", "Ward Admin", "boss-password", &err), &err, "init");
	vigil_session boss = session_for(db, "boss");
	must(vigil_user_add(&boss, "nina", VIGIL_ROLE_NURSE, "Nina Nurse", "nina-password", &err),
	     &err, "add nina");
	must(vigil_user_add(&boss, "cleo", VIGIL_ROLE_CLINICIAN, "Cleo Clin", "cleo-password",
	                    &err),
	     &err, "add cleo");
	vigil_session nina = session_for(db, "nina"), cleo = session_for(db, "cleo");
	must(vigil_patient_admit(&nina, "MRN1001", "Alex Morgan", "1", at("2026-11-21T02:00:00Z"),
	                         NULL, &err),
	     &err, "admit 1");
	must(vigil_patient_admit(&nina, "MRN1002", "Jordan Ellis", "2",
	                         at("2026-11-21T04:00:00Z"), NULL, &err),
	     &err, "admit 2");
	assert_int_equal(record(&nina, "MRN1001", "cows", cows14, "2026-11-21T08:00:00Z"), 1);
	assert_int_equal(record(&nina, "MRN1001", "cows", cows5, "2026-11-21T10:00:00Z"), 2);
	assert_int_equal(record(&cleo, "MRN1002", "sows", sows16, NULL), 3);
	vigil_assessment a;
	vigil_sheet sheet;
	int64_t id;
	must(vigil_assessment_get(&cleo, 1, &a, &err), &err, "get 1");
	must(vigil_assessment_sheet(&a, scale_named("cows"), &sheet, &err), &err, "sheet");
	vigil_sheet_clear(&sheet, 6);
	must(vigil_sheet_assign(&sheet, "gi=5", &err), &err, "gi=5");
	must(vigil_assessment_amend(&cleo, 1, &sheet, "gi miscounted", &id, &err), &err, "amend");
	assert_int_equal(id, 4);
	must(vigil_assessment_void(&nina, 2, "wrong patient", &err), &err, "void");
	vigil_db_close(db);
}

static int setup_group(void **state)
{
	(void)state;
	setenv("TZ", "Europe/London", 1);
	tzset();
	setenv("VIGIL_NOW", NOW, 1);
	unsetenv("VIGIL_BUSY_TIMEOUT");
	unsetenv("VIGIL_SCALES");
	snprintf(tmpdir, sizeof tmpdir, "%s/vigil-test-store-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmpdir))
		return -1;
	vigil_error err;
	if (vigil_scales_load(&scales, &err) != VIGIL_OK)
		return -1;
	snprintf(base_db, sizeof base_db, "%s/base.db", tmpdir);
	build_fixture(base_db);
	return 0;
}

static int teardown_group(void **state)
{
	(void)state;
	vigil_scales_free(scales);
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A private copy of the fixture for one test. */
static void fixture_copy(char *buf, size_t size, const char *name)
{
	new_path(buf, size, name);
	copy_file(base_db, buf);
}

/* An edit made the way an attacker with the file would: drop the
 * append-only triggers, change the rows, and put the triggers back as
 * shipped (from the fixture), so only the records and the log tell. */
static void tamper(const char *path, const char *sql)
{
	raw_ok(path, sql);
	sqlite3 *base, *db;
	sqlite3_stmt *st;
	if (sqlite3_open_v2(base_db, &base, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_prepare_v2(base, "SELECT sql FROM sqlite_schema WHERE type = 'trigger'", -1, &st,
	                       NULL) != SQLITE_OK)
		fail_msg("tamper: %s", sqlite3_errmsg(base));
	while (sqlite3_step(st) == SQLITE_ROW) {
		/* Those still there fail to be made again: that is fine. */
		sqlite3_exec(db, (const char *)sqlite3_column_text(st, 0), NULL, NULL, NULL);
	}
	sqlite3_finalize(st);
	sqlite3_close(base);
	sqlite3_close(db);
}

static vigil_db *open_ok(const char *path)
{
	vigil_db *db;
	vigil_error err;
	must(vigil_db_open(path, &db, &err), &err, path);
	return db;
}

/* Opens path, runs audit verify as the admin and returns the status;
 * msg receives the message. */
static vigil_status verify(const char *path, vigil_audit_report *report, char *msg, size_t size)
{
	vigil_db *db = open_ok(path);
	vigil_session boss = session_for(db, "boss");
	vigil_error err = { 0 };
	vigil_audit_report local;
	vigil_status s = vigil_audit_verify(&boss, report ? report : &local, &err);
	snprintf(msg, size, "%s", s == VIGIL_OK ? "" : err.msg);
	vigil_db_close(db);
	return s;
}

static void expect_verify_ok(const char *path)
{
	char msg[512];
	vigil_status s = verify(path, NULL, msg, sizeof msg);
	if (s != VIGIL_OK)
		fail_msg("audit verify failed: %s", msg);
}

static void expect_tamper(const char *path, const char *message)
{
	char msg[512];
	assert_int_equal(verify(path, NULL, msg, sizeof msg), VIGIL_ETAMPER);
	assert_string_equal(msg, message);
}

/* ---- schema and migration -------------------------------------------- */

static void test_create_fresh(void **state)
{
	(void)state;
	char dir[512], path[600];
	new_path(dir, sizeof dir, "nested");
	snprintf(path, sizeof path, "%s/a/b/ward.db", dir);
	vigil_db *db;
	vigil_error err;
	mode_t old = umask(022); /* the file must be private whatever the umask */
	must(vigil_db_create(path, true, &db, &err), &err, "create");
	umask(old);
	assert_string_equal(vigil_db_path(db), path);
	vigil_db_close(db);

	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	char parent[600];
	snprintf(parent, sizeof parent, "%s/a/b", dir);
	assert_int_equal(stat(parent, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);

	assert_int_equal(raw_int(path, "PRAGMA user_version"), VIGIL_SCHEMA_VERSION);
	assert_int_equal(raw_int(path, "PRAGMA application_id"), APP_ID);
	char mode[32];
	raw_text(path, "PRAGMA journal_mode", mode, sizeof mode);
	assert_string_equal(mode, "wal");
	assert_int_equal(raw_int(path, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
	                               " AND name IN ('users', 'patients', 'assessments',"
	                               " 'assessment_items', 'voids', 'audit_log')"),
	                 6);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM users"), 0);

	/* Opening it again leaves the version alone. */
	db = open_ok(path);
	vigil_db_close(db);
	assert_int_equal(raw_int(path, "PRAGMA user_version"), VIGIL_SCHEMA_VERSION);

	/* Creating over an existing file is refused and changes nothing. */
	size_t len;
	unsigned char *before = read_all(path, &len);
	vigil_db *again = NULL;
	assert_int_equal(vigil_db_create(path, true, &again, &err), VIGIL_EEXIST);
	assert_null(again);
	char expect[700];
	snprintf(expect, sizeof expect, "%s: a database is already there; it was not changed", path);
	assert_string_equal(err.msg, expect);
	assert_unchanged(path, before, len);
	free(before);
}

/* A file marked as vigil's but still at version 0 (no tables) is migrated
 * to the latest schema on open. */
/* An empty SQLite file is not a ward: only init (vigil_db_create) turns a
 * file into one, and opening leaves it as it was. */
static void test_migrate_from_empty(void **state)
{
	(void)state;
	char path[512];
	new_path(path, sizeof path, "v0.db");
	raw_ok(path, "PRAGMA application_id = 1447512396");
	size_t len;
	unsigned char *before = read_all(path, &len);
	vigil_db *db = NULL;
	vigil_error err;
	assert_int_equal(vigil_db_open(path, &db, &err), VIGIL_EDB);
	assert_null(db);
	char expect[600];
	snprintf(expect, sizeof expect, "%s: not a vigil database", path);
	assert_string_equal(err.msg, expect);
	assert_unchanged(path, before, len);
	free(before);
}

/* Loads an SQL dump (sqlite3 .dump) into a new file at path. */
static void load_dump(const char *path, const char *dump)
{
	size_t len;
	unsigned char *sql = read_all(dump, &len);
	char *text = realloc(sql, len + 1);
	assert_non_null(text);
	text[len] = '\0';
	raw_ok(path, text);
	free(text);
}

/* A ward's database written by the vigil before keys (schema 5:
 * tests/fixtures/v5-ward.sql holds boss, nina, a patient, an assessment
 * and its correction) upgrades in place: the records still verify by
 * their hash chain, each user is logged once in the form with keys, and
 * each user's first login introduces their key, signed by it. */
static void test_migrate_forward(void **state)
{
	(void)state;
	char path[512];
	new_path(path, sizeof path, "v5.db");
	load_dump(path, "tests/fixtures/v5-ward.sql");
	raw_ok(path, "PRAGMA application_id = 1447512396; PRAGMA user_version = 5;"
	             " PRAGMA journal_mode = WAL");
	/* A ward's database: the test clock is refused, untouched. */
	size_t len;
	unsigned char *before = read_all(path, &len);
	vigil_db *db = NULL;
	vigil_error err;
	assert_int_equal(vigil_db_open(path, &db, &err), VIGIL_EINVAL);
	assert_non_null(strstr(err.msg, "is a ward's database: VIGIL_NOW works only on a training "
	                                "database"));
	assert_unchanged(path, before, len);
	free(before);

	unsetenv("VIGIL_NOW");
	db = open_ok(path);
	assert_int_equal(raw_int(path, "PRAGMA user_version"), VIGIL_SCHEMA_VERSION);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM audit_log WHERE action = 'upgrade'"), 2);
	assert_false(vigil_db_training(db));
	vigil_session boss, nina;
	must(vigil_login(db, "boss", "boss-password", &boss, &err), &err, "boss");
	must(vigil_login(db, "nina", "nina-password", &nina, &err), &err, "nina");
	assert_int_equal(raw_int(path, "SELECT count(*) FROM users WHERE sign_pk IS NOT NULL AND"
	                               " pw_hash LIKE '$vigil-ed25519$%'"),
	                 2);
	vigil_audit_report report;
	must(vigil_audit_verify(&boss, &report, &err), &err, "verify");
	assert_int_equal(report.records, 5);
	assert_int_equal(report.signed_rows, 2); /* each user's key, signed by it */
	assert_int_equal(strlen(report.ward_key), 39);
	/* From here every row is signed: one appended unsigned is caught. */
	vigil_db_close(db);
	raw_ok(path, "INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, detail,"
	             " prev_hash, hash) SELECT seq + 1, at, 'nina', 'note', '', 0, 'x', hash, 'y'"
	             " FROM audit_log ORDER BY seq DESC LIMIT 1");
	db = open_ok(path);
	must(vigil_login(db, "boss", "boss-password", &boss, &err), &err, "boss again");
	assert_int_equal(vigil_audit_verify(&boss, &report, &err), VIGIL_ETAMPER);
	vigil_db_close(db);
	setenv("VIGIL_NOW", NOW, 1);

	/* A migration step that fails (its trigger already exists) rolls the
	 * whole migration back: the version and every byte stay as they were. */
	char broken[512];
	fixture_copy(broken, sizeof broken, "v1-broken.db");
	raw_ok(broken, "PRAGMA user_version = 1");
	unsetenv("VIGIL_NOW"); /* version 1 knows no training databases */
	size_t len2;
	unsigned char *before2 = read_all(broken, &len2);
	vigil_db *db2 = NULL;
	assert_int_equal(vigil_db_open(broken, &db2, &err), VIGIL_EDB);
	assert_null(db2);
	assert_non_null(strstr(err.msg, "already exists"));
	assert_unchanged(broken, before2, len2);
	free(before2);
	setenv("VIGIL_NOW", NOW, 1);
}

static void test_newer_version_refused(void **state)
{
	(void)state;
	char path[512];
	fixture_copy(path, sizeof path, "newer.db");
	raw_ok(path, "PRAGMA user_version = 99");
	size_t len;
	unsigned char *before = read_all(path, &len);
	vigil_db *db = NULL;
	vigil_error err;
	assert_int_equal(vigil_db_open(path, &db, &err), VIGIL_EVERSION);
	assert_null(db);
	assert_int_equal(err.code, VIGIL_EVERSION);
	char expect[700];
	snprintf(expect, sizeof expect,
	         "%s: written by a newer vigil (schema 99; this vigil knows up to %d); upgrade "
	         "vigil, the file was not changed",
	         path, VIGIL_SCHEMA_VERSION);
	assert_string_equal(err.msg, expect);
	assert_unchanged(path, before, len);
	free(before);
}

static void expect_open_refused(const char *path, vigil_status code, const char *suffix)
{
	size_t len;
	unsigned char *before = read_all(path, &len);
	vigil_db *db = NULL;
	vigil_error err;
	assert_int_equal(vigil_db_open(path, &db, &err), code);
	assert_null(db);
	char expect[700];
	snprintf(expect, sizeof expect, "%s: %s", path, suffix);
	assert_string_equal(err.msg, expect);
	assert_unchanged(path, before, len);
	free(before);
}

static void test_foreign_file_refused(void **state)
{
	(void)state;
	char path[512];
	/* Another program's SQLite file: tables of its own, version 0. */
	new_path(path, sizeof path, "other.db");
	raw_ok(path, "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup')");
	expect_open_refused(path, VIGIL_EDB, "not a vigil database");
	assert_int_equal(raw_int(path, "SELECT count(*) FROM sqlite_schema"), 1);

	/* Another application id, even with a plausible version. */
	new_path(path, sizeof path, "other-app.db");
	raw_ok(path, "PRAGMA application_id = 42; PRAGMA user_version = 1;"
	             " CREATE TABLE users (id INTEGER)");
	expect_open_refused(path, VIGIL_EDB, "not a vigil database");

	/* A vigil file reset to version 0 but full of tables is not "fresh". */
	fixture_copy(path, 512, "reset.db");
	raw_ok(path, "PRAGMA user_version = 0");
	expect_open_refused(path, VIGIL_EDB, "not a vigil database");
}

static void test_corrupt_refused(void **state)
{
	(void)state;
	char path[512];
	new_path(path, sizeof path, "garbage.db");
	unsigned char junk[8192];
	unsigned x = 12345;
	for (size_t i = 0; i < sizeof junk; i++) {
		x = x * 1103515245u + 12345u;
		junk[i] = (unsigned char)(x >> 16);
	}
	write_all(path, junk, sizeof junk);
	expect_open_refused(path, VIGIL_EDB, "not a vigil database, or it is corrupt");

	/* A text file. */
	new_path(path, sizeof path, "notes.db");
	const char *text = "these are not the records you are looking for\n";
	write_all(path, text, strlen(text));
	expect_open_refused(path, VIGIL_EDB, "not a vigil database, or it is corrupt");

	/* A real vigil database whose header survived but whose pages were
	 * overwritten: refused on open, not later halfway through a write. */
	fixture_copy(path, sizeof path, "smashed.db");
	size_t len;
	unsigned char *bytes = read_all(path, &len);
	assert_true(len > 8192);
	memset(bytes + 100, 0xA5, len - 100);
	write_all(path, bytes, len);
	free(bytes);
	expect_open_refused(path, VIGIL_EDB, "not a vigil database, or it is corrupt");
}

static void test_open_errors(void **state)
{
	(void)state;
	char path[512], expect[700];
	vigil_db *db = NULL;
	vigil_error err;

	new_path(path, sizeof path, "missing.db");
	assert_int_equal(vigil_db_open(path, &db, &err), VIGIL_ENOTFOUND);
	snprintf(expect, sizeof expect,
	         "%s: no database here; create one with 'vigil init' or 'vigil demo'", path);
	assert_string_equal(err.msg, expect);
	assert_false(exists(path)); /* opening never creates */

	new_path(path, sizeof path, "a-directory");
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(vigil_db_open(path, &db, &err), VIGIL_EIO);
	snprintf(expect, sizeof expect, "%s: not a regular file", path);
	assert_string_equal(err.msg, expect);

	new_path(path, sizeof path, "empty.db");
	write_all(path, "", 0);
	assert_int_equal(vigil_db_open(path, &db, &err), VIGIL_EDB);
	snprintf(expect, sizeof expect, "%s: empty file, not a vigil database", path);
	assert_string_equal(err.msg, expect);
	assert_null(db);
}

static void test_default_path(void **state)
{
	(void)state;
	char buf[256];
	vigil_error err;
	char *home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	setenv("VIGIL_DB", "/srv/ward.db", 1);
	setenv("XDG_DATA_HOME", "/xdg", 1);
	must(vigil_db_default_path(buf, sizeof buf, &err), &err, "default");
	assert_string_equal(buf, "/srv/ward.db");
	unsetenv("VIGIL_DB");
	must(vigil_db_default_path(buf, sizeof buf, &err), &err, "default");
	assert_string_equal(buf, "/xdg/vigil/vigil.db");
	setenv("XDG_DATA_HOME", "", 1);
	setenv("HOME", "/home/nurse", 1);
	must(vigil_db_default_path(buf, sizeof buf, &err), &err, "default");
	assert_string_equal(buf, "/home/nurse/.local/share/vigil/vigil.db");
	unsetenv("XDG_DATA_HOME");
	unsetenv("HOME");
	assert_int_equal(vigil_db_default_path(buf, sizeof buf, &err), VIGIL_ENOTFOUND);
	assert_string_equal(err.msg, "no database path: VIGIL_DB, XDG_DATA_HOME and HOME are unset");
	setenv("VIGIL_DB", "/a/path/much/longer/than/the/buffer", 1);
	assert_int_equal(vigil_db_default_path(buf, 10, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "database path is too long");
	unsetenv("VIGIL_DB");
	if (home) {
		setenv("HOME", home, 1);
		free(home);
	}
}

/* Another program holding the write lock: a write waits VIGIL_BUSY_TIMEOUT
 * and then fails saying so, storing nothing. */
static void test_locked(void **state)
{
	(void)state;
	char path[512], expect[700];
	fixture_copy(path, sizeof path, "locked.db");
	vigil_error err;
	vigil_db *db = NULL;

	setenv("VIGIL_BUSY_TIMEOUT", "soon", 1);
	assert_int_equal(vigil_db_open(path, &db, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "VIGIL_BUSY_TIMEOUT: 'soon' is not a number of milliseconds");
	setenv("VIGIL_BUSY_TIMEOUT", "50", 1);

	sqlite3 *holder = raw_open(path);
	assert_int_equal(sqlite3_exec(holder, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	db = open_ok(path);
	vigil_session nina = session_for(db, "nina");
	vigil_sheet sheet;
	sheet_of(&sheet, "cows", cows5);
	vigil_record_input in = { .mrn = "MRN1001", .sheet = &sheet };
	int64_t id = 0;
	/* How long it waited is not asserted: the machines here are shared. */
	assert_int_equal(vigil_assessment_record(&nina, &in, &id, &err), VIGIL_EBUSY);
	snprintf(expect, sizeof expect, "%s: database is locked by another program; try again",
	         path);
	assert_string_equal(err.msg, expect);
	assert_int_equal(id, 0);
	sqlite3_exec(holder, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(holder);
	/* Released: the same write now succeeds. */
	must(vigil_assessment_record(&nina, &in, &id, &err), &err, "record after unlock");
	assert_int_equal(id, 5);
	vigil_db_close(db);
	unsetenv("VIGIL_BUSY_TIMEOUT");
	assert_int_equal(raw_int(path, "SELECT count(*) FROM assessments"), 5);
	expect_verify_ok(path);
}

/* vigil_db_begin groups writes: rolled back, none of them (nor their audit
 * entries) remain. */
static void test_transactions(void **state)
{
	(void)state;
	char path[512];
	fixture_copy(path, sizeof path, "tx.db");
	vigil_db *db = open_ok(path);
	vigil_session nina = session_for(db, "nina");
	vigil_error err;
	must(vigil_db_begin(db, &err), &err, "begin");
	assert_int_equal(vigil_db_begin(db, &err), VIGIL_EINVAL);
	must(vigil_patient_admit(&nina, "MRN2001", "Temp One", "", 0, NULL, &err), &err, "admit");
	must(vigil_patient_admit(&nina, "MRN2002", "Temp Two", "", 0, NULL, &err), &err, "admit");
	/* A failing write inside the transaction undoes only itself. */
	assert_int_equal(vigil_patient_admit(&nina, "MRN2001", "Again", "", 0, NULL, &err),
	                 VIGIL_EEXIST);
	vigil_db_rollback(db);
	vigil_db_close(db);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM patients"), 2);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM audit_log"), 17);

	db = open_ok(path);
	nina = session_for(db, "nina");
	must(vigil_db_begin(db, &err), &err, "begin");
	must(vigil_patient_admit(&nina, "MRN2001", "Temp One", "", 0, NULL, &err), &err, "admit");
	assert_int_equal(vigil_patient_admit(&nina, "MRN2001", "Again", "", 0, NULL, &err),
	                 VIGIL_EEXIST);
	must(vigil_patient_admit(&nina, "MRN2002", "Temp Two", "", 0, NULL, &err), &err, "admit");
	must(vigil_db_commit(db, &err), &err, "commit");
	vigil_db_close(db);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM patients"), 4);
	/* Two admissions and the seal that signs them both. */
	assert_int_equal(raw_int(path, "SELECT count(*) FROM audit_log"), 20);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM audit_log WHERE seq > 17 AND sig IS NULL"),
	                 2);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM audit_log WHERE action = 'seal'"
	                               " AND actor = 'nina' AND sig IS NOT NULL"),
	                 1);
	expect_verify_ok(path);
}

/* The statement cache: one statement per SQL text, told apart even when
 * texts share a long first part; one asked for while in use is a fresh one
 * of its own; and a change's BEGIN, SAVEPOINT and COMMIT from it still
 * commit and roll back as before. */
static void test_statement_cache(void **state)
{
	(void)state;
	char path[512];
	fixture_copy(path, sizeof path, "cache.db");
	vigil_db *db = open_ok(path);
	vigil_error err;
	char a[600], b[600];
	snprintf(a, sizeof a, "SELECT 1 %*s+ 10", 500, "");
	snprintf(b, sizeof b, "SELECT 1 %*s+ 11", 500, "");
	sqlite3_stmt *s1, *s2, *s3, *again;
	must(store_prepare_cached(db, &s1, a, &err), &err, "prepare a");
	must(store_prepare_cached(db, &s2, b, &err), &err, "prepare b");
	assert_ptr_not_equal(s1, s2);
	must(store_prepare_cached(db, &s3, a, &err), &err, "prepare a in use");
	assert_ptr_not_equal(s3, s1);
	assert_int_equal(sqlite3_step(s2), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s2, 0), 12);
	store_release(db, s3);
	store_release(db, s2);
	store_release(db, s1);
	must(store_prepare_cached(db, &again, a, &err), &err, "prepare a again");
	assert_ptr_equal(again, s1);
	assert_int_equal(sqlite3_step(again), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(again, 0), 11);
	store_release(db, again);

	vigil_session nina = session_for(db, "nina");
	bool began;
	must(vigil_db_change_begin(db, &began, &err), &err, "change");
	must(vigil_patient_admit(&nina, "MRN3001", "Kept", "", 0, NULL, &err), &err, "admit");
	must(vigil_db_change_end(db, began, VIGIL_OK, &err), &err, "commit");
	must(vigil_db_change_begin(db, &began, &err), &err, "change");
	must(vigil_patient_admit(&nina, "MRN3002", "Undone", "", 0, NULL, &err), &err, "admit");
	assert_int_equal(vigil_db_change_end(db, began, VIGIL_EINVAL, &err), VIGIL_EINVAL);
	must(vigil_patient_admit(&nina, "MRN3003", "Alone", "", 0, NULL, &err), &err, "admit");
	vigil_db_close(db);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM patients WHERE mrn LIKE 'MRN300%'"), 2);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM patients WHERE mrn = 'MRN3002'"), 0);
	expect_verify_ok(path);
}

/* A read snapshot: every read between begin and end sees one moment, a
 * write by another program in between is seen only after it, and inside a
 * transaction already open it begins nothing. */
static int count_patients(const vigil_patient *p, void *ctx)
{
	(void)p;
	++*(int *)ctx;
	return 0;
}

static int patients_seen(vigil_session *s)
{
	int n = 0;
	vigil_error err;
	must(vigil_patient_list(s, true, count_patients, &n, &err), &err, "list");
	return n;
}

static void test_read_snapshot(void **state)
{
	(void)state;
	char path[512];
	fixture_copy(path, sizeof path, "snapshot.db");
	vigil_db *db = open_ok(path);
	vigil_session nina = session_for(db, "nina");
	vigil_error err;
	bool began;
	int before = patients_seen(&nina);
	must(vigil_db_read_begin(db, &began, &err), &err, "read begin");
	assert_true(began);
	assert_int_equal(patients_seen(&nina), before);
	raw_ok(path, "INSERT INTO patients (mrn, name, bed, admitted_at)"
	             " VALUES ('MRN4001', 'Elsewhere', '', '2026-11-21T08:00:00Z')");
	assert_int_equal(patients_seen(&nina), before); /* the same moment */
	vigil_db_read_end(db, began);
	assert_int_equal(patients_seen(&nina), before + 1);
	/* Within a batch it joins it: nothing begun, nothing ended early. */
	must(vigil_db_begin(db, &err), &err, "batch");
	must(vigil_db_read_begin(db, &began, &err), &err, "read in batch");
	assert_false(began);
	must(vigil_patient_admit(&nina, "MRN4002", "In batch", "", 0, NULL, &err), &err, "admit");
	vigil_db_read_end(db, began);
	must(vigil_db_commit(db, &err), &err, "commit");
	assert_int_equal(patients_seen(&nina), before + 2);
	vigil_db_close(db);
}

/* ---- append-only ----------------------------------------------------- */

static void expect_refused(const char *path, const char *sql, const char *table)
{
	char msg[512], expect[128];
	int rc = raw_exec(path, sql, msg, sizeof msg);
	if (rc == SQLITE_OK)
		fail_msg("'%s' was allowed", sql);
	assert_int_equal(rc, SQLITE_CONSTRAINT);
	snprintf(expect, sizeof expect, "%s is append-only", table);
	assert_string_equal(msg, expect);
}

static void test_append_only(void **state)
{
	(void)state;
	char path[512];
	fixture_copy(path, sizeof path, "append.db");
	char before[128], after[128];
	raw_text(path,
	         "SELECT (SELECT group_concat(id || ':' || total) FROM assessments) || '|' ||"
	         " (SELECT group_concat(score) FROM assessment_items) || '|' ||"
	         " (SELECT count(*) FROM voids) || '|' || (SELECT max(seq) FROM audit_log)",
	         before, sizeof before);

	expect_refused(path, "UPDATE assessments SET total = 0 WHERE id = 1", "assessments");
	expect_refused(path, "DELETE FROM assessments WHERE id = 3", "assessments");
	expect_refused(path, "DELETE FROM assessments", "assessments");
	expect_refused(path, "UPDATE assessment_items SET score = 0", "assessment_items");
	expect_refused(path, "DELETE FROM assessment_items WHERE assessment_id = 1",
	               "assessment_items");
	expect_refused(path, "UPDATE voids SET reason = 'x'", "voids");
	expect_refused(path, "DELETE FROM voids", "voids");
	expect_refused(path, "UPDATE audit_log SET detail = 'x' WHERE seq = 2", "audit_log");
	expect_refused(path, "DELETE FROM audit_log WHERE seq = 10", "audit_log");
	/* An upsert is an update. */
	expect_refused(path,
	               "INSERT INTO voids SELECT * FROM voids WHERE true"
	               " ON CONFLICT (assessment_id) DO UPDATE SET reason = 'x'",
	               "voids");
	/* REPLACE deletes the old row without firing delete triggers: the
	 * insert triggers stop it. */
	expect_refused(path,
	               "INSERT OR REPLACE INTO assessments SELECT id, patient_id, scale,"
	               " performed_at, entered_at, performer_id, entered_by_id, reason, note, 0,"
	               " max_total, band, late, supersedes_id, amend_reason, definition"
	               " FROM assessments WHERE id = 3",
	               "assessments");
	expect_refused(path,
	               "REPLACE INTO assessment_items SELECT assessment_id, item, 0, raw_value"
	               " FROM assessment_items WHERE assessment_id = 1 AND item = 'gi'",
	               "assessment_items");
	expect_refused(path, "REPLACE INTO voids SELECT assessment_id, voided_by_id, voided_at, 'x'"
	                     " FROM voids",
	               "voids");
	expect_refused(path, "REPLACE INTO audit_log SELECT seq, at, actor, action, entity,"
	                     " entity_id, 'x', prev_hash, hash, sig FROM audit_log WHERE seq = 2",
	               "audit_log");

	raw_text(path,
	         "SELECT (SELECT group_concat(id || ':' || total) FROM assessments) || '|' ||"
	         " (SELECT group_concat(score) FROM assessment_items) || '|' ||"
	         " (SELECT count(*) FROM voids) || '|' || (SELECT max(seq) FROM audit_log)",
	         after, sizeof after);
	assert_string_equal(after, before);
	expect_verify_ok(path);
	/* New rows still go in. */
	vigil_db *db = open_ok(path);
	vigil_session nina = session_for(db, "nina");
	assert_int_equal(record(&nina, "MRN1002", "cows", cows5, NULL), 5);
	vigil_db_close(db);
	expect_verify_ok(path);
}

/* ---- amendments and voids -------------------------------------------- */

static int count_rows(const char *path, const char *table)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	return (int)raw_int(path, sql);
}

static const vigil_item_value *item_in(const vigil_assessment *a, const char *key)
{
	for (size_t i = 0; i < a->nitems; i++)
		if (strcmp(a->items[i].key, key) == 0)
			return &a->items[i];
	fail_msg("assessment %lld has no item %s", (long long)a->id, key);
	return NULL;
}

static void test_amend(void **state)
{
	(void)state;
	char path[512];
	fixture_copy(path, sizeof path, "amend.db");
	vigil_db *db = open_ok(path);
	vigil_session nina = session_for(db, "nina"), boss = session_for(db, "boss");
	vigil_error err;
	vigil_assessment a;

	/* The original stays readable, marked amended, with who/when/why. */
	must(vigil_assessment_get(&nina, 1, &a, &err), &err, "get 1");
	assert_int_equal(a.status, VIGIL_ASSESS_AMENDED);
	assert_string_equal(vigil_assess_status_name(a.status), "amended");
	assert_int_equal(a.superseded_by, 4);
	assert_string_equal(a.corrected_by, "cleo");
	assert_int_equal(a.corrected_at, at(NOW));
	assert_string_equal(a.correction_reason, "gi miscounted");
	assert_int_equal(a.total, 14);
	assert_string_equal(a.band, "moderate");
	assert_int_equal(item_in(&a, "gi")->score, 2);
	assert_int_equal(a.nitems, 11);

	/* The correction: same patient, scale, performed-at, performer and
	 * late flag; entered by the corrector; unchanged items kept. */
	vigil_assessment fix;
	must(vigil_assessment_get(&nina, 4, &fix, &err), &err, "get 4");
	assert_int_equal(fix.status, VIGIL_ASSESS_FINAL);
	assert_int_equal(fix.supersedes, 1);
	assert_string_equal(fix.amend_reason, "gi miscounted");
	assert_string_equal(fix.mrn, "MRN1001");
	assert_string_equal(fix.scale, "cows");
	assert_int_equal(fix.performed_at, a.performed_at);
	assert_int_equal(fix.entered_at, at(NOW));
	assert_string_equal(fix.performer, "nina");
	assert_string_equal(fix.entered_by, "cleo");
	assert_string_equal(fix.reason, "4-hourly");
	assert_true(fix.late);
	assert_int_equal(fix.total, 17);
	assert_int_equal(fix.max_total, 48);
	assert_string_equal(fix.band, "moderate");
	assert_int_equal(item_in(&fix, "gi")->score, 5);
	assert_int_equal(item_in(&fix, "sweating")->score, 2);
	assert_int_equal(item_in(&fix, "pulse")->score, 2);
	assert_true(item_in(&fix, "pulse")->has_raw);
	assert_int_equal(item_in(&fix, "pulse")->raw, 112);

	int n_assess = count_rows(path, "assessments"), n_audit = count_rows(path, "audit_log");
	vigil_sheet sheet;
	int64_t id = 0;

	/* Amending the amended one again is refused: correct the correction. */
	must(vigil_assessment_sheet(&a, scale_named("cows"), &sheet, &err), &err, "sheet");
	vigil_sheet_clear(&sheet, 1);
	must(vigil_sheet_assign(&sheet, "sweating=4", &err), &err, "sweating");
	assert_int_equal(vigil_assessment_amend(&nina, 1, &sheet, "again", &id, &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "assessment 1 has already been amended (by assessment 4)");

	/* A voided one cannot be amended. */
	vigil_assessment voided;
	must(vigil_assessment_get(&nina, 2, &voided, &err), &err, "get 2");
	must(vigil_assessment_sheet(&voided, scale_named("cows"), &sheet, &err), &err, "sheet");
	vigil_sheet_clear(&sheet, 0);
	must(vigil_sheet_assign(&sheet, "pulse=4", &err), &err, "pulse");
	assert_int_equal(vigil_assessment_amend(&nina, 2, &sheet, "late fix", &id, &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "assessment 2 is entered in error");

	/* No change, no reason, a bad reason, another scale, unknown id, a
	 * role that may not. */
	must(vigil_assessment_sheet(&fix, scale_named("cows"), &sheet, &err), &err, "sheet");
	assert_int_equal(vigil_assessment_amend(&nina, 4, &sheet, "nothing", &id, &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "assessment 4: no score changed");
	vigil_sheet_clear(&sheet, 9);
	must(vigil_sheet_assign(&sheet, "anxiety=2", &err), &err, "anxiety");
	assert_int_equal(vigil_assessment_amend(&nina, 4, &sheet, NULL, &id, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "a reason is required");
	assert_int_equal(vigil_assessment_amend(&nina, 4, &sheet, "", &id, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "a reason is required");
	assert_int_equal(vigil_assessment_amend(&nina, 4, &sheet, "bad\nreason", &id, &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "reason: control character U+000A is not allowed");
	char long_reason[VIGIL_REASON_MAX + 2];
	memset(long_reason, 'r', sizeof long_reason - 1);
	long_reason[sizeof long_reason - 1] = '\0';
	assert_int_equal(vigil_assessment_amend(&nina, 4, &sheet, long_reason, &id, &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "reason: 201 characters is over the limit of 200");
	assert_int_equal(vigil_assessment_amend(&boss, 4, &sheet, "admin fix", &id, &err),
	                 VIGIL_EPERM);
	assert_string_equal(err.msg, "boss (admin) may not amend or void an assessment: it needs "
	                             "the nurse or clinician role");
	assert_int_equal(vigil_assessment_amend(&nina, 99, &sheet, "ghost", &id, &err),
	                 VIGIL_ENOTFOUND);
	assert_string_equal(err.msg, "no assessment with id 99");
	vigil_sheet other;
	sheet_of(&other, "sows", sows16);
	assert_int_equal(vigil_assessment_amend(&nina, 4, &other, "wrong scale", &id, &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "assessment 4 is cows, not sows");
	vigil_sheet partial;
	vigil_sheet_init(&partial, scale_named("cows"));
	must(vigil_sheet_assign(&partial, "gi=3", &err), &err, "gi");
	assert_int_equal(vigil_assessment_amend(&nina, 4, &partial, "partial", &id, &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "COWS: missing items: pulse, sweating, restlessness, pupils, "
	                             "aches, nose, tremor, yawning, anxiety, gooseflesh");
	assert_int_equal(id, 0);
	assert_int_equal(count_rows(path, "assessments"), n_assess);
	assert_int_equal(count_rows(path, "audit_log"), n_audit);

	/* The correction can itself be corrected: 4 -> 5. */
	must(vigil_assessment_amend(&nina, 4, &sheet, "anxiety seen", &id, &err), &err, "amend 4");
	assert_int_equal(id, 5);
	must(vigil_assessment_get(&nina, 4, &fix, &err), &err, "get 4");
	assert_int_equal(fix.status, VIGIL_ASSESS_AMENDED);
	assert_int_equal(fix.superseded_by, 5);
	assert_string_equal(fix.corrected_by, "nina");
	must(vigil_assessment_get(&nina, 5, &fix, &err), &err, "get 5");
	assert_int_equal(fix.total, 19);
	assert_int_equal(fix.supersedes, 4);
	assert_string_equal(fix.performer, "nina");
	vigil_db_close(db);
	expect_verify_ok(path);
}

static int collect_ids(const vigil_assessment *a, void *ctx)
{
	char *buf = ctx;
	char one[32];
	snprintf(one, sizeof one, "%s%lld%s", *buf ? " " : "", (long long)a->id,
	         a->status == VIGIL_ASSESS_AMENDED  ? "a"
	         : a->status == VIGIL_ASSESS_VOIDED ? "v"
	                                            : "");
	strcat(buf, one);
	return 0;
}

static void test_void(void **state)
{
	(void)state;
	char path[512];
	fixture_copy(path, sizeof path, "void.db");
	vigil_db *db = open_ok(path);
	vigil_session nina = session_for(db, "nina"), boss = session_for(db, "boss");
	vigil_error err;
	vigil_assessment a;
	must(vigil_assessment_get(&nina, 2, &a, &err), &err, "get 2");
	assert_int_equal(a.status, VIGIL_ASSESS_VOIDED);
	assert_string_equal(vigil_assess_status_name(a.status), "entered-in-error");
	assert_string_equal(a.corrected_by, "nina");
	assert_int_equal(a.corrected_at, at(NOW));
	assert_string_equal(a.correction_reason, "wrong patient");
	assert_int_equal(a.superseded_by, 0);
	assert_int_equal(a.total, 5); /* still readable as it was */
	assert_string_equal(a.band, "mild");

	int n_voids = count_rows(path, "voids"), n_audit = count_rows(path, "audit_log");
	assert_int_equal(vigil_assessment_void(&nina, 2, "twice", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "assessment 2 is entered in error");
	assert_int_equal(vigil_assessment_void(&nina, 1, "amended one", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "assessment 1 has already been amended (by assessment 4)");
	assert_int_equal(vigil_assessment_void(&nina, 42, "ghost", &err), VIGIL_ENOTFOUND);
	assert_string_equal(err.msg, "no assessment with id 42");
	assert_int_equal(vigil_assessment_void(&nina, 3, "", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "a reason is required");
	assert_int_equal(vigil_assessment_void(&nina, 3, "tab\there", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "reason: control character U+0009 is not allowed");
	assert_int_equal(vigil_assessment_void(&boss, 3, "admin", &err), VIGIL_EPERM);
	assert_int_equal(count_rows(path, "voids"), n_voids);
	assert_int_equal(count_rows(path, "audit_log"), n_audit);

	/* Current rows only by default; all shows amended and voided too. */
	char ids[128] = "";
	vigil_query q = { .mrn = "MRN1001" };
	must(vigil_assessment_query(&nina, &q, collect_ids, ids, &err), &err, "query");
	assert_string_equal(ids, "4");
	ids[0] = '\0';
	q.all = true;
	must(vigil_assessment_query(&nina, &q, collect_ids, ids, &err), &err, "query all");
	assert_string_equal(ids, "2v 4 1a"); /* newest performed first; 4 and 1 share a time */

	/* Voiding the current correction leaves the patient with none. */
	must(vigil_assessment_void(&nina, 4, "duplicate entry", &err), &err, "void 4");
	ids[0] = '\0';
	q.all = false;
	must(vigil_assessment_query(&nina, &q, collect_ids, ids, &err), &err, "query");
	assert_string_equal(ids, "");
	vigil_db_close(db);
	expect_verify_ok(path);
}

/* ---- the audit chain ------------------------------------------------- */

static void test_verify_good(void **state)
{
	(void)state;
	char path[512], msg[512], head[80];
	fixture_copy(path, sizeof path, "good.db");
	vigil_audit_report report;
	assert_int_equal(verify(path, &report, msg, sizeof msg), VIGIL_OK);
	assert_int_equal(report.entries, 17);
	/* 3 users, the kind of database, 4 pinned scale definitions, 2
	 * patients, 4 assessments, the heart rate the COWS pulse measured
	 * (a vital sign linked to it, and again to its correction), 1 void */
	assert_int_equal(report.records, 17);
	assert_int_equal(report.signed_rows, 17);
	assert_int_equal(report.head_seq, 17);
	assert_true(report.schema_checked);
	raw_text(path, "SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1", head, sizeof head);
	assert_string_equal(report.head, head);
	assert_int_equal(strlen(report.head), 64);
	char first[80];
	raw_text(path, "SELECT prev_hash FROM audit_log WHERE seq = 1", first, sizeof first);
	assert_string_equal(first, "0000000000000000000000000000000000000000000000000000000000000000");

	/* Only admins verify. */
	vigil_db *db = open_ok(path);
	vigil_session nina = session_for(db, "nina");
	vigil_error err;
	assert_int_equal(vigil_audit_verify(&nina, &report, &err), VIGIL_EPERM);
	assert_string_equal(err.msg, "nina (nurse) may not verify the audit log: it needs the admin "
	                             "role");
	/* A note (an export) joins the chain and keeps it valid. */
	must(vigil_audit_note(&nina, "export", "history MRN1001", &err), &err, "note");
	vigil_db_close(db);
	assert_int_equal(verify(path, &report, msg, sizeof msg), VIGIL_OK);
	assert_int_equal(report.entries, 18);
	assert_int_equal(report.records, 17);
	assert_string_not_equal(report.head, head);
}

static void test_tamper_audit_detail(void **state)
{
	(void)state;
	char path[512];
	fixture_copy(path, sizeof path, "t-detail.db");
	long long seq = raw_int(path, "SELECT seq FROM audit_log WHERE entity = 'patient'"
	                              " AND instr(detail, 'Alex') > 0");
	tamper(path, "DROP TRIGGER audit_log_no_update;"
	             " UPDATE audit_log SET detail = replace(detail, 'Alex', 'Alan')"
	             " WHERE entity = 'patient' AND instr(detail, 'Alex') > 0");
	char want[128];
	snprintf(want, sizeof want, "audit log row %lld: contents do not match its hash (edited)",
	         seq);
	expect_tamper(path, want);

	/* Every field of a row is hashed, not only the detail: here, who. */
	fixture_copy(path, sizeof path, "t-actor.db");
	seq = raw_int(path, "SELECT min(seq) FROM audit_log WHERE actor = 'nina'");
	tamper(path, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'boss'"
	             " WHERE seq = (SELECT min(seq) FROM audit_log WHERE actor = 'nina')");
	snprintf(want, sizeof want, "audit log row %lld: contents do not match its hash (edited)",
	         seq);
	expect_tamper(path, want);
}

static void test_tamper_audit_rows(void **state)
{
	(void)state;
	char path[512];
	fixture_copy(path, sizeof path, "t-delete-middle.db");
	tamper(path, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 5");
	expect_tamper(path, "audit log: row 5 is missing (row 6 follows row 4)");

	/* Renumbering after the deletion breaks the links instead. */
	fixture_copy(path, sizeof path, "t-renumber.db");
	tamper(path, "DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_no_update;"
	             " DELETE FROM audit_log WHERE seq = 5;"
	             " UPDATE audit_log SET seq = seq - 1 WHERE seq > 5");
	expect_tamper(path, "audit log row 5: does not link to the row before it");

	/* Cutting the tail: the last entry's record is then unaccounted for. */
	fixture_copy(path, sizeof path, "t-delete-last.db");
	tamper(path, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 17");
	expect_tamper(path, "void 2: not in the audit log (added outside vigil)");
}

static void test_tamper_assessment(void **state)
{
	(void)state;
	char path[512];
	fixture_copy(path, sizeof path, "t-total.db");
	tamper(path, "DROP TRIGGER assessments_no_update;"
	             " UPDATE assessments SET total = 3, band = 'none' WHERE id = 3");
	expect_tamper(path, "assessment 3: differs from what the audit log says was written "
	                    "(changed outside vigil)");

	fixture_copy(path, sizeof path, "t-item.db");
	tamper(path, "DROP TRIGGER assessment_items_no_update;"
	             " UPDATE assessment_items SET score = 0 WHERE assessment_id = 4 AND item = 'gi'");
	expect_tamper(path, "assessment 4: differs from what the audit log says was written "
	                    "(changed outside vigil)");

	fixture_copy(path, sizeof path, "t-raw.db");
	tamper(path, "DROP TRIGGER assessment_items_no_update;"
	             " UPDATE assessment_items SET raw_value = 80 WHERE assessment_id = 1"
	             " AND item = 'pulse'");
	expect_tamper(path, "assessment 1: differs from what the audit log says was written "
	                    "(changed outside vigil)");

	fixture_copy(path, sizeof path, "t-time.db");
	tamper(path, "DROP TRIGGER assessments_no_update;"
	             " UPDATE assessments SET performed_at = '2026-11-21T11:00:00Z', late = 0"
	             " WHERE id = 1");
	expect_tamper(path, "assessment 1: differs from what the audit log says was written "
	                    "(changed outside vigil)");

	fixture_copy(path, sizeof path, "t-del-assess.db");
	tamper(path, "DROP TRIGGER assessments_no_delete; DELETE FROM assessments WHERE id = 3");
	expect_tamper(path, "assessment 3: in the audit log (row 14) but missing from the database "
	                    "(deleted outside vigil)");

	fixture_copy(path, sizeof path, "t-insert.db");
	raw_ok(path, "INSERT INTO assessments (patient_id, scale, performed_at, entered_at,"
	             " performer_id, entered_by_id, total, max_total, band, late)"
	             " VALUES (1, 'cows', '2026-11-21T11:00:00Z', '2026-11-21T11:00:00Z', 2, 2, 3,"
	             " 48, 'none', 0)");
	expect_tamper(path, "assessment 5: not in the audit log (added outside vigil)");

	fixture_copy(path, sizeof path, "t-void.db");
	tamper(path, "DROP TRIGGER voids_no_delete; DELETE FROM voids");
	expect_tamper(path, "void 2: in the audit log (row 17) but missing from the database "
	                    "(deleted outside vigil)");
}

static void test_tamper_patient(void **state)
{
	(void)state;
	char path[512];
	fixture_copy(path, sizeof path, "t-name.db");
	raw_ok(path, "UPDATE patients SET name = 'Someone Else' WHERE mrn = 'MRN1002'");
	expect_tamper(path, "patient 2: differs from what the audit log says was written "
	                    "(changed outside vigil)");

	fixture_copy(path, sizeof path, "t-discharge.db");
	raw_ok(path, "UPDATE patients SET discharged_at = '2026-11-21T09:00:00Z' WHERE id = 1");
	expect_tamper(path, "patient 1: differs from what the audit log says was written "
	                    "(changed outside vigil)");

	fixture_copy(path, sizeof path, "t-del-patient.db");
	raw_ok(path, "DELETE FROM patients WHERE id = 2");
	expect_tamper(path, "patient 2: in the audit log (row 10) but missing from the database "
	                    "(deleted outside vigil)");
}

static void test_tamper_user(void **state)
{
	(void)state;
	char path[512];
	fixture_copy(path, sizeof path, "t-role.db");
	raw_ok(path, "UPDATE users SET role = 'admin' WHERE name = 'nina'");
	expect_tamper(path, "user 2: differs from what the audit log says was written "
	                    "(changed outside vigil)");

	/* Someone gives nina boss's password by copying the hash. */
	fixture_copy(path, sizeof path, "t-hash.db");
	raw_ok(path, "UPDATE users SET pw_hash = (SELECT pw_hash FROM users WHERE name = 'boss')"
	             " WHERE name = 'nina'");
	expect_tamper(path, "user 2: differs from what the audit log says was written "
	                    "(changed outside vigil)");

	fixture_copy(path, sizeof path, "t-enable.db");
	raw_ok(path, "UPDATE users SET disabled = 1 WHERE name = 'cleo'");
	expect_tamper(path, "user 3: differs from what the audit log says was written "
	                    "(changed outside vigil)");

	/* The lock-out state is in the log too: resetting a count shows. */
	fixture_copy(path, sizeof path, "t-counter.db");
	raw_ok(path, "UPDATE users SET failed_logins = 2 WHERE name = 'nina'");
	expect_tamper(path, "user 2: differs from what the audit log says was written "
	                    "(changed outside vigil)");
}

/* The forger's tool: appends a row to the log exactly as vigil hashes one
 * (store_audit_row_hash), optionally signed with a key of the forger's. */
static void forge_row(const char *path, const char *actor, const char *entity, int64_t id,
                      const char *detail_sql, bool sign)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char sql[1024];
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	snprintf(sql, sizeof sql,
	         "SELECT seq, at, hash, (%s) FROM audit_log ORDER BY seq DESC LIMIT 1", detail_sql);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long long seq = sqlite3_column_int64(st, 0) + 1;
	char at[32], prev[65], detail[2048], hash[65], sig_hex[129] = "";
	snprintf(at, sizeof at, "%s", sqlite3_column_text(st, 1));
	snprintf(prev, sizeof prev, "%s", sqlite3_column_text(st, 2));
	snprintf(detail, sizeof detail, "%s", sqlite3_column_text(st, 3));
	sqlite3_finalize(st);
	store_audit_row_hash(prev, seq, at, actor, "update", entity, (long long)id, detail, hash);
	if (sign) {
		unsigned char pk[32], sk[64], sig[64];
		crypto_sign_keypair(pk, sk);
		crypto_sign_detached(sig, NULL, (const unsigned char *)hash, 64, sk);
		sodium_bin2hex(sig_hex, sizeof sig_hex, sig, sizeof sig);
	}
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "INSERT INTO audit_log (seq, at, actor, action, entity,"
	                                    " entity_id, detail, prev_hash, hash, sig)"
	                                    " VALUES (?, ?, ?, 'update', ?, ?, ?, ?, ?, ?)",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, at, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, actor, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, entity, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 5, id);
	sqlite3_bind_text(st, 6, detail, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, prev, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 8, hash, -1, SQLITE_TRANSIENT);
	if (sign)
		sqlite3_bind_text(st, 9, sig_hex, -1, SQLITE_TRANSIENT);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

#define USER_FORM                                                                               \
	"SELECT json_array(e.id, e.name, e.full_name, e.role, e.disabled, e.created_at,"         \
	" vigil_digest(e.pw_hash), e.sign_pk, e.failed_logins, e.locked_until)"                  \
	" FROM users e WHERE e.id = 2"

/* Issue 8's attacks with the file and no password: each edit comes with a
 * log row hashed exactly as vigil hashes one, so only the signatures (or
 * their absence) tell. */
static void test_forged_rows(void **state)
{
	(void)state;
	char path[512];
	/* nina made admin, the row unsigned. vigil_digest is vigil's own SQL
	 * function: the forger computes the form through vigil's handle. */
	fixture_copy(path, sizeof path, "f-role.db");
	raw_ok(path, "UPDATE users SET role = 'admin' WHERE name = 'nina'");
	vigil_db *db = open_ok(path);
	char detail[1024];
	store_canonical_for_test(db, "user", 2, detail, sizeof detail);
	vigil_db_close(db);
	char lit[1100];
	snprintf(lit, sizeof lit, "'%s'", detail);
	forge_row(path, "boss", "user", 2, lit, false);
	expect_tamper(path, "audit log row 18: not signed (written outside vigil)");

	/* The same, signed with a key of the forger's own. */
	fixture_copy(path, sizeof path, "f-role-signed.db");
	raw_ok(path, "UPDATE users SET role = 'admin' WHERE name = 'nina'");
	forge_row(path, "boss", "user", 2, lit, true);
	expect_tamper(path, "audit log row 18: the signature is not boss's (forged or edited)");

	/* A rewritten item score with its row. */
	fixture_copy(path, sizeof path, "f-score.db");
	tamper(path, "DROP TRIGGER assessment_items_no_update;"
	             " UPDATE assessment_items SET score = 0 WHERE assessment_id = 1");
	db = open_ok(path);
	store_canonical_for_test(db, "assessment", 1, detail, sizeof detail);
	vigil_db_close(db);
	snprintf(lit, sizeof lit, "'%s'", detail);
	forge_row(path, "nina", "assessment", 1, lit, true);
	expect_tamper(path, "audit log row 18: the signature is not nina's (forged or edited)");

	/* An unsigned row slipped in as nina's, then a real change by boss:
	 * nina's seal never came. */
	fixture_copy(path, sizeof path, "f-unsealed.db");
	forge_row(path, "nina", "", 0, "'x'", false);
	db = open_ok(path);
	vigil_session boss = session_for(db, "boss");
	vigil_error err;
	must(vigil_audit_note(&boss, "export", "something real", &err), &err, "note");
	vigil_db_close(db);
	expect_tamper(path, "audit log row 18: not signed (written outside vigil)");

	/* A user who never was: signed by their own new key. */
	fixture_copy(path, sizeof path, "f-user.db");
	forge_row(path, "mallory", "", 0, "'x'", true);
	expect_tamper(path, "audit log row 18: signed as mallory, who has no key at that point "
	                    "(forged)");
}

/* A later vigil whose built-in COWS differs finds the ward's pinned one
 * and keeps using it, saying so. */
static void test_pinned_definition_kept(void **state)
{
	(void)state;
	char path[512];
	fixture_copy(path, sizeof path, "pinned.db");
	vigil_db *db = open_ok(path);
	vigil_session boss = session_for(db, "boss");
	vigil_error err;
	size_t len;
	unsigned char *file = read_all("data/scales/cows.scale", &len);
	char *text = calloc(1, len + 16), *band = NULL;
	assert_non_null(text);
	memcpy(text, file, len);
	free(file);
	assert_non_null(band = strstr(text, "band 5 12 mild\n"));
	memmove(band + 18, band + 14, strlen(band + 14) + 1);
	memcpy(band + 14, "-old", 4);
	vigil_scale *pinned;
	must(vigil_scale_parse("builtin:cows.scale", text, &pinned, &err), &err, "parse");
	vigil_stored_protocol d = { .scale = "cows", .source = "builtin:cows.scale", .text = text,
		                    .hash = pinned->hash, .installed_at = at(NOW) };
	must(vigil_store_scale_def_insert(boss.db, "boss", "pin", &d, &err), &err, "pin");
	vigil_scales *set;
	must(vigil_scales_load(&set, &err), &err, "load");
	must(vigil_scales_apply_db(set, db, &err), &err, "apply");
	const vigil_scale *cows = vigil_scales_find(set, "cows");
	assert_false(cows->builtin);
	assert_string_equal(cows->hash, pinned->hash);
	assert_string_equal(vigil_scale_band(cows, 10)->key, "mild-old");
	assert_non_null(strstr(vigil_scales_origin(set, cows),
	                       "differs from this vigil's built-in one: the ward's is used"));
	assert_false(vigil_scales_builtin_definition(set, "cows", pinned->hash));
	assert_true(vigil_scales_find(set, "ciwa-ar")->builtin);
	vigil_scales_free(set);
	vigil_scale_free(pinned);
	free(text);
	vigil_db_close(db);
	expect_verify_ok(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_fresh),
		cmocka_unit_test(test_migrate_from_empty),
		cmocka_unit_test(test_migrate_forward),
		cmocka_unit_test(test_newer_version_refused),
		cmocka_unit_test(test_foreign_file_refused),
		cmocka_unit_test(test_corrupt_refused),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_default_path),
		cmocka_unit_test(test_locked),
		cmocka_unit_test(test_transactions),
		cmocka_unit_test(test_statement_cache),
		cmocka_unit_test(test_read_snapshot),
		cmocka_unit_test(test_append_only),
		cmocka_unit_test(test_amend),
		cmocka_unit_test(test_void),
		cmocka_unit_test(test_verify_good),
		cmocka_unit_test(test_tamper_audit_detail),
		cmocka_unit_test(test_tamper_audit_rows),
		cmocka_unit_test(test_tamper_assessment),
		cmocka_unit_test(test_tamper_patient),
		cmocka_unit_test(test_tamper_user),
		cmocka_unit_test(test_forged_rows),
		cmocka_unit_test(test_pinned_definition_kept),
	};
	return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
