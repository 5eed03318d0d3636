/* test_record.c - recording assessments through the whole core path (sheet,
 * rules, store, read back): incomplete sheets, times and stays, the late
 * flag, measured heart rates, COWS totals and bands, the history query;
 * and admitting and discharging the patients they belong to. */
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
#include "vigil/auth.h"
#include "vigil/clock.h"
#include "vigil/db.h"
#include "vigil/patient.h"
#include "vigil/scale.h"
#include "vigil/store.h"

#define NOW "2026-11-21T12:00:00Z"
#define NOW_T ((vigil_time)1795262400)
#define HOUR 3600

static char tmpdir[256];
static int file_counter;
static vigil_scales *scales;

/* Per test: a ward db, the nurse, and its path. */
struct ward {
	char path[512];
	vigil_db *db;
	vigil_session nurse;
	vigil_session admin;
};

/* ---- helpers --------------------------------------------------------- */

static void must(vigil_status s, const vigil_error *err, const char *what)
{
	if (s != VIGIL_OK)
		fail_msg("%s: %s (%s)", what, err->msg, vigil_status_name(s));
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

static void raw_text(const char *path, const char *sql, char *buf, size_t size)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) != SQLITE_ROW)
		fail_msg("%s: no row", sql);
	const char *t = (const char *)sqlite3_column_text(st, 0);
	snprintf(buf, size, "%s", t ? t : "");
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

static const vigil_scale *scale_named(const char *key)
{
	const vigil_scale *s = vigil_scales_find(scales, key);
	if (!s)
		fail_msg("no scale %s", key);
	return s;
}

/* A ward: admin boss, nurse nina; MRN1001 admitted 10 h before NOW,
 * MRN1002 admitted 20 h before and discharged 2 h before NOW. */
static int setup_ward(void **state)
{
	struct ward *w = calloc(1, sizeof *w);
	vigil_error err;
	setenv("VIGIL_NOW", NOW, 1);
	snprintf(w->path, sizeof w->path, "%s/%02d.db", tmpdir, ++file_counter);
	if (vigil_db_create(w->path, true, &w->db, &err) != VIGIL_OK ||
	    vigil_init_admin(w->db, "boss", "", "boss-password", &err) != VIGIL_OK)
		return -1;
	w->admin = session_as(w->db, "boss");
	if (vigil_user_add(&w->admin, "nina", VIGIL_ROLE_NURSE, "", "nina-password", &err) !=
	    VIGIL_OK)
		return -1;
	w->nurse = session_as(w->db, "nina");
	if (vigil_patient_admit(&w->nurse, "MRN1001", "Alex Morgan", "1", NOW_T - 10 * HOUR, NULL,
	                        &err) != VIGIL_OK ||
	    vigil_patient_admit(&w->nurse, "MRN1002", "Jordan Ellis", "2", NOW_T - 20 * HOUR, NULL,
	                        &err) != VIGIL_OK ||
	    vigil_patient_discharge(&w->nurse, "MRN1002", NOW_T - 2 * HOUR, &err) != VIGIL_OK)
		return -1;
	*state = w;
	return 0;
}

static int teardown_ward(void **state)
{
	struct ward *w = *state;
	vigil_db_close(w->db);
	free(w);
	return 0;
}

static int setup_group(void **state)
{
	(void)state;
	setenv("TZ", "Europe/London", 1);
	tzset();
	unsetenv("VIGIL_SCALES");
	unsetenv("VIGIL_BUSY_TIMEOUT");
	snprintf(tmpdir, sizeof tmpdir, "%s/vigil-test-record-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	vigil_error err;
	if (!mkdtemp(tmpdir) || vigil_scales_load(&scales, &err) != VIGIL_OK)
		return -1;
	return 0;
}

static int teardown_group(void **state)
{
	(void)state;
	vigil_scales_free(scales);
	char cmd[320];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Fills a sheet from NULL-terminated words. */
static void sheet_of(vigil_sheet *sheet, const char *scale_key, const char *const *words)
{
	vigil_error err;
	vigil_sheet_init(sheet, scale_named(scale_key));
	for (; *words; words++)
		must(vigil_sheet_assign(sheet, *words, &err), &err, *words);
}

/* Fills a COWS (or any) sheet whose total is target (see test_scale.c). */
static void fill_to(vigil_sheet *sheet, int target)
{
	const vigil_scale *s = sheet->scale;
	vigil_error err;
	int left = target;
	for (size_t k = s->nitems; k-- > 0;) {
		const vigil_item *it = &s->items[k];
		int pick = 0;
		for (size_t j = 0; j < it->nscores; j++)
			if (it->scores[j].score <= left)
				pick = it->scores[j].score;
		must(vigil_sheet_set(sheet, k, pick, &err), &err, it->key);
		left -= pick;
	}
	assert_int_equal(left, 0);
}

static vigil_status try_record(struct ward *w, const char *mrn, const vigil_sheet *sheet,
                               vigil_time at, int64_t *id, vigil_error *err)
{
	vigil_record_input in = { .mrn = mrn, .sheet = sheet, .performed_at = at };
	return vigil_assessment_record(&w->nurse, &in, id, err);
}

static int64_t record_total(struct ward *w, const char *scale_key, int total, vigil_time at)
{
	vigil_sheet sheet;
	vigil_error err;
	int64_t id = 0;
	vigil_sheet_init(&sheet, scale_named(scale_key));
	fill_to(&sheet, total);
	must(try_record(w, "MRN1001", &sheet, at, &id, &err), &err, "record");
	return id;
}

static int count(struct ward *w, const char *table)
{
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	return (int)raw_int(w->path, sql);
}

static const char *const cows14[] = { "hr=112",    "sweating=2", "restlessness=3", "pupils=2",
	                              "aches=1",   "nose=1",     "gi=2",           "tremor=1",
	                              "yawning=0", "anxiety=0",  "gooseflesh=0",   NULL };

/* ---- refusals -------------------------------------------------------- */

static void test_incomplete_refused(void **state)
{
	struct ward *w = *state;
	vigil_sheet sheet;
	vigil_error err;
	int64_t id = 0;
	static const char *const partial[] = { "pulse=1", "sweating=2", "restlessness=3",
		                               "pupils=2", "aches=1",   "gi=2",
		                               "tremor=1", "yawning=0", "anxiety=0", NULL };
	sheet_of(&sheet, "cows", partial);
	assert_int_equal(try_record(w, "MRN1001", &sheet, 0, &id, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "COWS: missing items: nose, gooseflesh");
	vigil_sheet_init(&sheet, scale_named("sows"));
	assert_int_equal(try_record(w, "MRN1001", &sheet, 0, &id, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "SOWS: missing items: anxious, yawning, perspiring, tearing, "
	                             "nose, goosebumps, shaking, hot-flushes, cold-flushes, aches, "
	                             "restless, nauseous, vomiting, twitching, cramps, craving");
	/* A sheet tampered with after it was filled (a score the scale does
	 * not allow) is refused too. */
	sheet_of(&sheet, "cows", cows14);
	sheet.items[2].score = 2; /* restlessness allows 0, 1, 3, 5 */
	assert_int_equal(try_record(w, "MRN1001", &sheet, 0, &id, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "restlessness: 2 is not a COWS score (allowed: 0, 1, 3, 5)");
	sheet_of(&sheet, "cows", cows14);
	sheet.items[0].score = 4; /* hr 112 gives 2 */
	assert_int_equal(try_record(w, "MRN1001", &sheet, 0, &id, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "pulse: score 4 does not match hr 112 (which gives 2)");
	assert_int_equal(id, 0);
	assert_int_equal(count(w, "assessments"), 0);
	assert_int_equal(count(w, "assessment_items"), 0);
}

static void test_patient_refused(void **state)
{
	struct ward *w = *state;
	vigil_sheet sheet;
	vigil_error err;
	int64_t id = 0;
	int audit = count(w, "audit_log");
	sheet_of(&sheet, "cows", cows14);
	assert_int_equal(try_record(w, "MRN9999", &sheet, 0, &id, &err), VIGIL_ENOTFOUND);
	assert_string_equal(err.msg, "unknown patient 'MRN9999'");
	assert_int_equal(try_record(w, "MRN 1001", &sheet, 0, &id, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "MRN: ' ' is not allowed (use letters, digits and -)");
	/* An MRN names its patient whatever the case. */
	vigil_patient found;
	assert_int_equal(vigil_patient_get(&w->nurse, "mrn1001", &found, &err), VIGIL_OK);
	assert_string_equal(found.mrn, "MRN1001");
	/* Discharged (at 10:00): refused now and after the discharge; a time
	 * during the stay is a late entry (test_discharged_late_entry). */
	assert_int_equal(try_record(w, "MRN1002", &sheet, 0, &id, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "patient MRN1002 has been discharged");
	assert_int_equal(try_record(w, "MRN1002", &sheet, NOW_T - HOUR, &id, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "time 2026-11-21 11:00 is after MRN1002 was discharged "
	                             "(2026-11-21 10:00)");
	assert_int_equal(try_record(w, "MRN1002", &sheet, NOW_T - 2 * HOUR + 1, &id, &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "time 2026-11-21 10:00 is after MRN1002 was discharged "
	                             "(2026-11-21 10:00)");
	assert_int_equal(try_record(w, "MRN1002", &sheet, NOW_T - 21 * HOUR, &id, &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "time 2026-11-20 15:00 is before MRN1002 was admitted "
	                             "(2026-11-20 16:00)");
	/* Admins do not record. */
	vigil_record_input in = { .mrn = "MRN1001", .sheet = &sheet };
	assert_int_equal(vigil_assessment_record(&w->admin, &in, &id, &err), VIGIL_EPERM);
	assert_string_equal(err.msg, "boss (admin) may not record an assessment: it needs the nurse "
	                             "or clinician role");
	assert_int_equal(id, 0);
	assert_int_equal(count(w, "assessments"), 0);
	assert_int_equal(count(w, "audit_log"), audit);
}

static void test_times_refused(void **state)
{
	struct ward *w = *state;
	vigil_sheet sheet;
	vigil_error err;
	int64_t id = 0;
	sheet_of(&sheet, "cows", cows14);
	/* London is on GMT in November, so local times read as UTC. */
	assert_int_equal(try_record(w, "MRN1001", &sheet, NOW_T + 60, &id, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "time 2026-11-21 12:01 is in the future");
	assert_int_equal(try_record(w, "MRN1001", &sheet, NOW_T + 1, &id, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "time 2026-11-21 12:00 is in the future");
	assert_int_equal(try_record(w, "MRN1001", &sheet, NOW_T - 10 * HOUR - 60, &id, &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "time 2026-11-21 01:59 is before MRN1001 was admitted "
	                             "(2026-11-21 02:00)");
	assert_int_equal(try_record(w, "MRN1001", &sheet, NOW_T - 10 * HOUR - 1, &id, &err),
	                 VIGIL_EINVAL);
	assert_int_equal(count(w, "assessments"), 0);
	/* Exactly at admission and exactly now are fine. */
	must(try_record(w, "MRN1001", &sheet, NOW_T - 10 * HOUR, &id, &err), &err, "at admission");
	assert_int_equal(id, 1);
	must(try_record(w, "MRN1001", &sheet, NOW_T, &id, &err), &err, "now");
	assert_int_equal(id, 2);

	/* Reason and note are checked too. */
	vigil_record_input in = { .mrn = "MRN1001", .sheet = &sheet, .reason = "post\ndose" };
	assert_int_equal(vigil_assessment_record(&w->nurse, &in, &id, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "reason: control character U+000A is not allowed");
	char note[VIGIL_NOTE_MAX + 2];
	memset(note, 'n', sizeof note - 1);
	note[sizeof note - 1] = '\0';
	in.reason = "post-dose";
	in.note = note;
	assert_int_equal(vigil_assessment_record(&w->nurse, &in, &id, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "note: 1001 characters is over the limit of 1000");
	in.note = "bad \xff byte";
	assert_int_equal(vigil_assessment_record(&w->nurse, &in, &id, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "note: not valid UTF-8 text");
	note[VIGIL_NOTE_MAX] = '\0';
	in.note = note;
	must(vigil_assessment_record(&w->nurse, &in, &id, &err), &err, "1000-character note");
	vigil_assessment a;
	must(vigil_assessment_get(&w->nurse, id, &a, &err), &err, "get");
	assert_string_equal(a.reason, "post-dose");
	assert_int_equal(strlen(a.note), VIGIL_NOTE_MAX);
	assert_int_equal(count(w, "assessments"), 3);

	/* A malformed VIGIL_NOW refuses rather than guessing. */
	setenv("VIGIL_NOW", "2026-11-21 25:00", 1);
	assert_int_equal(try_record(w, "MRN1001", &sheet, 0, &id, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "VIGIL_NOW: '2026-11-21 25:00' is not a time (use YYYY-MM-DD "
	                             "HH:MM, optionally with an offset such as +01:00 or Z)");
	setenv("VIGIL_NOW", NOW, 1);
	assert_int_equal(count(w, "assessments"), 3);
}

/* An assessment performed during the stay may be entered after the
 * discharge: stored like any late entry, and amended or voided as usual. */
static void test_discharged_late_entry(void **state)
{
	struct ward *w = *state;
	vigil_sheet sheet;
	vigil_error err;
	vigil_assessment a;
	int64_t id = 0, fix = 0;
	sheet_of(&sheet, "cows", cows14);
	/* MRN1002: admitted 16:00 the day before, discharged 10:00. */
	must(try_record(w, "MRN1002", &sheet, NOW_T - 5 * HOUR, &id, &err), &err, "during stay");
	must(vigil_assessment_get(&w->nurse, id, &a, &err), &err, "get");
	assert_int_equal(a.performed_at, NOW_T - 5 * HOUR);
	assert_int_equal(a.entered_at, NOW_T);
	assert_true(a.late);
	assert_int_equal(a.total, 14);
	assert_int_equal(a.status, VIGIL_ASSESS_FINAL);
	/* The stay's ends are included: admission and the discharge itself. */
	must(try_record(w, "MRN1002", &sheet, NOW_T - 20 * HOUR, &id, &err), &err, "at admission");
	must(try_record(w, "MRN1002", &sheet, NOW_T - 2 * HOUR, &id, &err), &err, "at discharge");
	must(vigil_assessment_get(&w->nurse, id, &a, &err), &err, "get");
	assert_int_equal(a.performed_at, NOW_T - 2 * HOUR);
	assert_true(a.late);
	assert_int_equal(count(w, "assessments"), 3);

	/* Amended: the correction keeps the performed-at and the late mark. */
	must(vigil_sheet_set(&sheet, 2, 5, &err), &err, "restlessness=5");
	must(vigil_assessment_amend(&w->nurse, id, &sheet, "restless all night", &fix, &err), &err,
	     "amend");
	must(vigil_assessment_get(&w->nurse, fix, &a, &err), &err, "get fix");
	assert_int_equal(a.performed_at, NOW_T - 2 * HOUR);
	assert_int_equal(a.supersedes, id);
	assert_true(a.late);
	assert_int_equal(a.total, 16);
	must(vigil_assessment_get(&w->nurse, id, &a, &err), &err, "get old");
	assert_int_equal(a.status, VIGIL_ASSESS_AMENDED);
	/* Voided. */
	must(vigil_assessment_void(&w->nurse, fix, "wrong patient", &err), &err, "void");
	must(vigil_assessment_get(&w->nurse, fix, &a, &err), &err, "get voided");
	assert_int_equal(a.status, VIGIL_ASSESS_VOIDED);
	/* Past the core's checks (another vigil got there first), the store
	 * explains the schema's refusal from the tables, not a trigger's words. */
	char voided[64], amended[64];
	snprintf(voided, sizeof voided, "assessment %lld is already entered in error", (long long)fix);
	snprintf(amended, sizeof amended, "assessment %lld has already been amended", (long long)id);
	assert_int_equal(vigil_store_void_insert(w->db, "nina", fix, NOW_T, "again", &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, voided);
	assert_int_equal(vigil_store_void_insert(w->db, "nina", id, NOW_T, "again", &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, amended);
	vigil_assessment again = a;
	again.supersedes = id;
	assert_int_equal(vigil_store_assessment_insert(w->db, "nina", &again, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, amended);
	again.supersedes = fix;
	assert_int_equal(vigil_store_assessment_insert(w->db, "nina", &again, &err), VIGIL_EINVAL);
	snprintf(voided, sizeof voided, "assessment %lld is entered in error", (long long)fix);
	assert_string_equal(err.msg, voided);

	/* Discharged this minute: "now" is still refused, though a time given
	 * as exactly the discharge is within the stay. */
	must(vigil_patient_discharge(&w->nurse, "MRN1001", 0, &err), &err, "discharge now");
	assert_int_equal(try_record(w, "MRN1001", &sheet, 0, &id, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "patient MRN1001 has been discharged");
	must(try_record(w, "MRN1001", &sheet, NOW_T, &id, &err), &err, "at discharge, now");
	must(try_record(w, "MRN1001", &sheet, NOW_T - HOUR, &id, &err), &err, "an hour before");
	assert_int_equal(count(w, "assessments"), 6);
}

/* ---- what is stored -------------------------------------------------- */

static void test_late_flag(void **state)
{
	struct ward *w = *state;
	vigil_sheet sheet;
	vigil_error err;
	vigil_assessment a;
	int64_t id;
	sheet_of(&sheet, "cows", cows14);
	static const struct {
		vigil_time before; /* seconds before entry */
		bool late;
	} cases[] = { { 0, false },        { 60, false },        { HOUR - 1, false },
		      { HOUR, false },     { HOUR + 1, true },   { 2 * HOUR, true },
		      { 10 * HOUR, true } };
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		must(try_record(w, "MRN1001", &sheet, NOW_T - cases[i].before, &id, &err), &err,
		     "record");
		must(vigil_assessment_get(&w->nurse, id, &a, &err), &err, "get");
		if (a.late != cases[i].late)
			fail_msg("performed %lld s before entry: late=%d", (long long)cases[i].before,
			         a.late);
		assert_int_equal(a.performed_at, NOW_T - cases[i].before);
		assert_int_equal(a.entered_at, NOW_T);
		char sql[96];
		snprintf(sql, sizeof sql, "SELECT late FROM assessments WHERE id = %lld", (long long)id);
		assert_int_equal(raw_int(w->path, sql), cases[i].late);
	}
	/* Entered later as VIGIL_NOW moves on (the log's clock never runs
	 * back): exactly an hour is on time, a second more is late. */
	setenv("VIGIL_NOW", "2026-11-21T13:00:00Z", 1);
	must(try_record(w, "MRN1001", &sheet, NOW_T, &id, &err), &err, "record");
	must(vigil_assessment_get(&w->nurse, id, &a, &err), &err, "get");
	assert_false(a.late);
	setenv("VIGIL_NOW", "2026-11-21T13:00:01Z", 1);
	must(try_record(w, "MRN1001", &sheet, NOW_T, &id, &err), &err, "record");
	must(vigil_assessment_get(&w->nurse, id, &a, &err), &err, "get");
	assert_true(a.late);
	/* A clock set back behind the log is refused, and nothing is saved. */
	setenv("VIGIL_NOW", "2026-11-21T12:59:00Z", 1);
	assert_int_equal(try_record(w, "MRN1001", &sheet, NOW_T, &id, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "the clock is behind the audit log (last entry 2026-11-21 "
	                             "13:00); nothing was saved");
	setenv("VIGIL_NOW", NOW, 1);
}

static void test_heart_rate(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	static const struct {
		int hr, score;
	} cases[] = { { 20, 0 },   { 62, 0 },   { 80, 0 },   { 81, 1 },   { 100, 1 },
		      { 101, 2 },  { 112, 2 },  { 120, 2 },  { 121, 4 },  { 250, 4 } };
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		vigil_sheet sheet;
		char hr[16];
		snprintf(hr, sizeof hr, "hr=%d", cases[i].hr);
		const char *words[] = { hr,          "sweating=0", "restlessness=0", "pupils=0",
			                "aches=0",   "nose=0",     "gi=0",           "tremor=0",
			                "yawning=0", "anxiety=0",  "gooseflesh=5",   NULL };
		sheet_of(&sheet, "cows", words);
		int64_t id;
		must(try_record(w, "MRN1001", &sheet, 0, &id, &err), &err, hr);
		vigil_assessment a;
		must(vigil_assessment_get(&w->nurse, id, &a, &err), &err, "get");
		assert_int_equal(a.total, 5 + cases[i].score);
		bool found = false;
		for (size_t j = 0; j < a.nitems; j++) {
			if (strcmp(a.items[j].key, "pulse") == 0) {
				found = true;
				assert_int_equal(a.items[j].score, cases[i].score);
				assert_true(a.items[j].has_raw);
				assert_int_equal(a.items[j].raw, cases[i].hr);
			} else {
				assert_false(a.items[j].has_raw);
			}
		}
		assert_true(found);
		char sql[160];
		snprintf(sql, sizeof sql,
		         "SELECT score * 1000 + raw_value FROM assessment_items WHERE assessment_id = "
		         "%lld AND item = 'pulse'",
		         (long long)id);
		assert_int_equal(raw_int(w->path, sql), cases[i].score * 1000 + cases[i].hr);
	}
	/* A pulse scored directly has no measured rate: NULL, not 0. */
	vigil_sheet sheet;
	static const char *const direct[] = { "pulse=1",   "sweating=0", "restlessness=0",
		                              "pupils=0",  "aches=0",    "nose=0",
		                              "gi=0",      "tremor=0",   "yawning=0",
		                              "anxiety=0", "gooseflesh=0", NULL };
	sheet_of(&sheet, "cows", direct);
	int64_t id;
	must(try_record(w, "MRN1001", &sheet, 0, &id, &err), &err, "direct");
	char sql[160];
	snprintf(sql, sizeof sql,
	         "SELECT raw_value IS NULL FROM assessment_items WHERE assessment_id = %lld"
	         " AND item = 'pulse'",
	         (long long)id);
	assert_int_equal(raw_int(w->path, sql), 1);
	/* Out of the plausible range: refused when assigned. */
	vigil_sheet_init(&sheet, scale_named("cows"));
	assert_int_equal(vigil_sheet_assign(&sheet, "hr=19", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "hr: 19 bpm is outside the plausible range 20-250 bpm");
	assert_int_equal(vigil_sheet_assign(&sheet, "hr=251", &err), VIGIL_EINVAL);
}

/* Every COWS band boundary, through recording and reading back. */
static void test_cows_bands_recorded(void **state)
{
	struct ward *w = *state;
	static const struct {
		int total;
		const char *band;
	} cases[] = { { 0, "none" },      { 4, "none" },
		      { 5, "mild" },      { 12, "mild" },
		      { 13, "moderate" }, { 24, "moderate" },
		      { 25, "moderately-severe" }, { 36, "moderately-severe" },
		      { 37, "severe" },   { 48, "severe" } };
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t id = record_total(w, "cows", cases[i].total, 0);
		vigil_assessment a;
		vigil_error err;
		must(vigil_assessment_get(&w->nurse, id, &a, &err), &err, "get");
		assert_int_equal(a.total, cases[i].total);
		assert_int_equal(a.max_total, 48);
		assert_string_equal(a.band, cases[i].band);
		assert_string_equal(a.scale, "cows");
		assert_int_equal(a.nitems, 11);
		int sum = 0;
		for (size_t j = 0; j < a.nitems; j++)
			sum += a.items[j].score;
		assert_int_equal(sum, cases[i].total);
		char sql[128], band[32];
		snprintf(sql, sizeof sql, "SELECT total || '/' || max_total || ' ' || band FROM"
		                          " assessments WHERE id = %lld",
		         (long long)id);
		raw_text(w->path, sql, band, sizeof band);
		char expect[48];
		snprintf(expect, sizeof expect, "%d/48 %s", cases[i].total, cases[i].band);
		assert_string_equal(band, expect);
	}
}

static void test_other_scales_recorded(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	vigil_assessment a;
	static const struct {
		const char *scale;
		int total, max;
		const char *band;
	} cases[] = {
		{ "sows", 0, 64, "" },        { "sows", 64, 64, "" },
		{ "ciwa-ar", 9, 67, "mild" }, { "ciwa-ar", 10, 67, "moderate" },
		{ "ciwa-ar", 18, 67, "moderate" }, { "ciwa-ar", 19, 67, "severe" },
		{ "craving", 7, 10, "" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t id = record_total(w, cases[i].scale, cases[i].total, 0);
		must(vigil_assessment_get(&w->nurse, id, &a, &err), &err, "get");
		assert_string_equal(a.scale, cases[i].scale);
		assert_int_equal(a.total, cases[i].total);
		assert_int_equal(a.max_total, cases[i].max);
		assert_string_equal(a.band, cases[i].band);
		assert_int_equal(a.nitems, scale_named(cases[i].scale)->nitems);
	}
}

/* ---- the history query ----------------------------------------------- */

struct seen {
	char ids[256];
	int calls, stop_after;
};

static int see(const vigil_assessment *a, void *ctx)
{
	struct seen *s = ctx;
	char one[32];
	snprintf(one, sizeof one, "%s%lld%s", *s->ids ? " " : "", (long long)a->id,
	         a->status == VIGIL_ASSESS_AMENDED  ? "a"
	         : a->status == VIGIL_ASSESS_VOIDED ? "v"
	                                            : "");
	strcat(s->ids, one);
	s->calls++;
	return s->stop_after && s->calls >= s->stop_after;
}

static const char *query_ids(struct ward *w, const vigil_query *q)
{
	static struct seen s;
	memset(&s, 0, sizeof s);
	vigil_error err;
	must(vigil_assessment_query(&w->nurse, q, see, &s, &err), &err, "query");
	return s.ids;
}

static void test_history_query(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	/* Entered out of order: ids 1..6, performed at these hours before NOW. */
	assert_int_equal(record_total(w, "cows", 10, NOW_T - 6 * HOUR), 1);
	assert_int_equal(record_total(w, "cows", 20, NOW_T - 2 * HOUR), 2);
	assert_int_equal(record_total(w, "craving", 5, NOW_T - 4 * HOUR), 3);
	assert_int_equal(record_total(w, "cows", 15, NOW_T - 4 * HOUR), 4);
	assert_int_equal(record_total(w, "cows", 8, NOW_T - 8 * HOUR), 5);
	assert_int_equal(record_total(w, "craving", 2, NOW_T - 1 * HOUR), 6);
	/* 2 amended by 7; 5 voided. */
	vigil_assessment a;
	vigil_sheet sheet;
	int64_t id;
	must(vigil_assessment_get(&w->nurse, 2, &a, &err), &err, "get 2");
	must(vigil_assessment_sheet(&a, scale_named("cows"), &sheet, &err), &err, "sheet");
	int goose = sheet.items[10].score == 5 ? 3 : 5;
	vigil_sheet_clear(&sheet, 10);
	must(vigil_sheet_set(&sheet, 10, goose, &err), &err, "gooseflesh");
	must(vigil_assessment_amend(&w->nurse, 2, &sheet, "recount", &id, &err), &err, "amend");
	assert_int_equal(id, 7);
	must(vigil_assessment_void(&w->nurse, 5, "wrong patient", &err), &err, "void");

	/* Newest performed first; equal times by id, newest first. */
	vigil_query q = { .mrn = "MRN1001" };
	assert_string_equal(query_ids(w, &q), "6 7 4 3 1");
	q.all = true;
	assert_string_equal(query_ids(w, &q), "6 7 2a 4 3 1 5v");
	q.oldest_first = true;
	assert_string_equal(query_ids(w, &q), "5v 1 3 4 2a 7 6");
	q.oldest_first = false;
	q.all = false;
	q.scale = "cows";
	assert_string_equal(query_ids(w, &q), "7 4 1");
	q.scale = "craving";
	assert_string_equal(query_ids(w, &q), "6 3");
	q.scale = "ciwa-ar";
	assert_string_equal(query_ids(w, &q), "");
	q.scale = NULL;
	q.limit = 2;
	assert_string_equal(query_ids(w, &q), "6 7");
	q.all = true;
	q.limit = 3;
	assert_string_equal(query_ids(w, &q), "6 7 2a");
	q.limit = 0;
	q.all = false;
	/* from is inclusive, to exclusive. */
	q.from = NOW_T - 4 * HOUR;
	q.to = NOW_T - 1 * HOUR;
	assert_string_equal(query_ids(w, &q), "7 4 3");
	q.from = q.to = 0;
	/* All patients; none for the other one. */
	q.mrn = NULL;
	assert_string_equal(query_ids(w, &q), "6 7 4 3 1");
	q.mrn = "MRN1002";
	assert_string_equal(query_ids(w, &q), "");
	/* The callback can stop early. */
	struct seen s = { .stop_after = 2 };
	q.mrn = "MRN1001";
	must(vigil_assessment_query(&w->nurse, &q, see, &s, &err), &err, "query");
	assert_string_equal(s.ids, "6 7");
	/* Unknown or malformed patient. */
	q.mrn = "MRN4040";
	assert_int_equal(vigil_assessment_query(&w->nurse, &q, see, &s, &err), VIGIL_ENOTFOUND);
	assert_string_equal(err.msg, "unknown patient 'MRN4040'");
	q.mrn = "MRN'; DROP TABLE patients; --";
	assert_int_equal(vigil_assessment_query(&w->nurse, &q, see, &s, &err), VIGIL_EINVAL);
	assert_int_equal(count(w, "patients"), 2);
}

static int check_items(const vigil_assessment *a, void *ctx)
{
	int *n = ctx;
	(*n)++;
	assert_int_equal(a->nitems, strcmp(a->scale, "cows") == 0 ? 11 : 1);
	int sum = 0;
	for (size_t i = 0; i < a->nitems; i++)
		sum += a->items[i].score;
	assert_int_equal(sum, a->total);
	return 0;
}

static int check_no_items(const vigil_assessment *a, void *ctx)
{
	(*(int *)ctx)++;
	assert_int_equal(a->nitems, 0);
	return 0;
}

static void test_history_items(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	record_total(w, "cows", 30, NOW_T - 3 * HOUR);
	record_total(w, "craving", 9, NOW_T - 2 * HOUR);
	record_total(w, "cows", 3, NOW_T - 1 * HOUR);
	vigil_query q = { .mrn = "MRN1001", .with_items = true };
	int n = 0;
	must(vigil_assessment_query(&w->nurse, &q, check_items, &n, &err), &err, "with items");
	assert_int_equal(n, 3);
	q.with_items = false;
	n = 0;
	must(vigil_assessment_query(&w->nurse, &q, check_no_items, &n, &err), &err, "no items");
	assert_int_equal(n, 3);
}

/* ---- patients -------------------------------------------------------- */

static int see_patient(const vigil_patient *p, void *ctx)
{
	char *buf = ctx;
	char one[160];
	snprintf(one, sizeof one, "%s%s/%s%s", *buf ? " " : "", p->bed, p->mrn,
	         p->discharged_at ? "(d)" : "");
	strcat(buf, one);
	return 0;
}

static void test_patients(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	vigil_patient p;
	int audit = count(w, "audit_log");
	assert_int_equal(vigil_patient_admit(&w->nurse, "MRN1001", "Again", "", 0, NULL, &err),
	                 VIGIL_EEXIST);
	assert_string_equal(err.msg, "patient MRN1001 is already registered");
	assert_int_equal(vigil_patient_admit(&w->nurse, "MRN1002", "Back", "", 0, NULL, &err),
	                 VIGIL_EEXIST);
	assert_int_equal(vigil_patient_admit(&w->nurse, "MRN2001", "Soon", "", NOW_T + 60, NULL, &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "time 2026-11-21 12:01 is in the future");
	assert_int_equal(vigil_patient_admit(&w->nurse, "MRN2001", "", "", 0, NULL, &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "name: must not be empty");
	assert_int_equal(vigil_patient_admit(&w->nurse, "MRN2001", NULL, "", 0, NULL, &err),
	                 VIGIL_EINVAL);
	assert_int_equal(vigil_patient_admit(&w->nurse, "MRN2001", "Name\tTab", "", 0, NULL, &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "name: control character U+0009 is not allowed");
	assert_int_equal(vigil_patient_admit(&w->nurse, "MRN2001", "Name", "1234567890123", 0, NULL,
	                                     &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "bed: 13 characters is over the limit of 12");
	assert_int_equal(vigil_patient_admit(&w->nurse, "MRN/2001", "Name", "", 0, NULL, &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "MRN: '/' is not allowed (use letters, digits and -)");
	assert_int_equal(count(w, "patients"), 2);
	assert_int_equal(count(w, "audit_log"), audit);

	must(vigil_patient_admit(&w->nurse, "MRN2001", "Zo\xc3\xab K", "10", 0, &p, &err), &err,
	     "admit");
	assert_int_equal(p.admitted_at, NOW_T);
	assert_int_equal(p.discharged_at, 0);
	assert_string_equal(p.name, "Zo\xc3\xab K");
	must(vigil_patient_admit(&w->nurse, "MRN2002", "No Bed", NULL, NOW_T - HOUR, &p, &err), &err,
	     "admit");
	assert_string_equal(p.bed, "");
	assert_int_equal(p.admitted_at, NOW_T - HOUR);

	/* Discharge. */
	assert_int_equal(vigil_patient_discharge(&w->nurse, "MRN1002", 0, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "patient MRN1002 is already discharged");
	assert_int_equal(vigil_patient_discharge(&w->nurse, "MRN1001", NOW_T - 11 * HOUR, &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "patient MRN1001: discharge before admission");
	assert_int_equal(vigil_patient_discharge(&w->nurse, "MRN1001", NOW_T + 1, &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "time 2026-11-21 12:00 is in the future");
	assert_int_equal(vigil_patient_discharge(&w->nurse, "MRN9", 0, &err), VIGIL_ENOTFOUND);
	assert_string_equal(err.msg, "unknown patient 'MRN9'");
	assert_int_equal(vigil_patient_discharge(&w->admin, "MRN1001", 0, &err), VIGIL_EPERM);
	must(vigil_patient_get(&w->nurse, "MRN1001", &p, &err), &err, "get");
	assert_int_equal(p.discharged_at, 0);

	char list[256] = "";
	must(vigil_patient_list(&w->nurse, false, see_patient, list, &err), &err, "list");
	assert_string_equal(list, "/MRN2002 1/MRN1001 10/MRN2001");
	list[0] = '\0';
	must(vigil_patient_list(&w->admin, true, see_patient, list, &err), &err, "list all");
	assert_string_equal(list, "/MRN2002 1/MRN1001 10/MRN2001 2/MRN1002(d)");

	must(vigil_patient_discharge(&w->nurse, "MRN1001", 0, &err), &err, "discharge");
	must(vigil_patient_get(&w->nurse, "MRN1001", &p, &err), &err, "get");
	assert_int_equal(p.discharged_at, NOW_T);
	list[0] = '\0';
	must(vigil_patient_list(&w->nurse, false, see_patient, list, &err), &err, "list");
	assert_string_equal(list, "/MRN2002 10/MRN2001");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_incomplete_refused, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_patient_refused, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_times_refused, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_discharged_late_entry, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_late_flag, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_heart_rate, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_cows_bands_recorded, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_other_scales_recorded, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_history_query, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_history_items, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_patients, setup_ward, teardown_ward),
	};
	return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
