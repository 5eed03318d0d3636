/* test_due.c - each active scale's clock, through the whole core path
 * (record, amend, void, monitor, not done, the store, read back): a
 * patient on two scales, corrections that move or remove a due time,
 * starting and stopping monitoring, reassessments not done, who may do
 * what, due times across midnight and the autumn clock change, a unit's
 * own protocol seen by a second process, and the due list.
 *
 * The clock is pinned (vigil_clock_pin) and moved forward as the story
 * goes; London is on GMT in November. */
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
#include "vigil/due.h"
#include "vigil/patient.h"
#include "vigil/protocol.h"
#include "vigil/scale.h"
#include "vigil/store.h"
#include "vigil/ward.h"

#define HOUR 3600
#define MINUTE 60

static char tmpdir[256];
static int file_counter;
static vigil_scales *scales;

/* Per test: a ward db, its people and the protocols in force. */
struct ward {
	char path[512];
	vigil_db *db;
	vigil_session admin, nurse, clinician;
	vigil_protocols *protocols;
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

static int count(struct ward *w, const char *table)
{
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	return (int)raw_int(w->path, sql);
}

/* Every record written so far matches the audit log. */
static void audit_intact(struct ward *w)
{
	vigil_audit_report report;
	vigil_error err;
	must(vigil_audit_verify(&w->admin, &report, &err), &err, "audit verify");
	assert_true(report.records > 0);
}

/* A local time ("2026-11-21 09:30") as an instant. */
static vigil_time at(const char *local)
{
	vigil_time t;
	vigil_error err;
	must(vigil_time_parse(local, &t, &err), &err, local);
	return t;
}

/* An instant as local time, in one of a few rotating buffers. */
static const char *local(vigil_time t)
{
	static char bufs[4][VIGIL_TIME_LOCAL_LEN];
	static int next;
	char *b = bufs[next++ % 4];
	vigil_time_format_local(t, b, VIGIL_TIME_LOCAL_LEN);
	return b;
}

/* The clock on the ward's wall. */
static void clock_at(const char *when)
{
	vigil_clock_pin(at(when));
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

/* The people, made once (a password hash takes a while) in a template
 * database that every ward starts as a copy of: admin boss, nurse nina,
 * clinician cleo, added at 05:00 on 2026-10-24, before any test's day. */
static char template_path[300];

static int make_template(void)
{
	vigil_db *db;
	vigil_error err;
	vigil_clock_pin(at("2026-10-24 05:00"));
	snprintf(template_path, sizeof template_path, "%s/template.db", tmpdir);
	if (vigil_db_create(template_path, true, &db, &err) != VIGIL_OK ||
	    vigil_init_admin(db, "boss", "", "boss-password", &err) != VIGIL_OK)
		return -1;
	vigil_session admin;
	int rc = vigil_session_resume(db, "boss", "boss-password", &admin, &err) ||
	         vigil_user_add(&admin, "nina", VIGIL_ROLE_NURSE, "", "nina-password", &err) ||
	         vigil_user_add(&admin, "cleo", VIGIL_ROLE_CLINICIAN, "", "cleo-password", &err);
	vigil_db_close(db);
	vigil_clock_pin(0);
	return rc ? -1 : 0;
}

static int copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	char buf[65536];
	size_t n;
	int rc = in && out ? 0 : -1;
	while (rc == 0 && (n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			rc = -1;
	if (in)
		fclose(in);
	if (out && fclose(out) != 0)
		rc = -1;
	return rc;
}

/* at(day + " " + hhmm) */
static vigil_time on(const char *day, const char *hhmm)
{
	char text[40];
	snprintf(text, sizeof text, "%s %s", day, hhmm);
	return at(text);
}

/* A ward opened at 06:00 on 2026-11-21 (or on the day given as the test's
 * prestate), staffed by the template's people; MRN1001 (bed 1), MRN1002
 * (bed 2) and MRN1003 (bed 3) admitted at 06:00, MRN1003 discharged at
 * 06:30. The clock then reads 09:00; it never goes back (the audit log
 * refuses a clock behind it). */
static int setup_ward(void **state)
{
	const char *day = *state ? *state : "2026-11-21";
	struct ward *w = calloc(1, sizeof *w);
	vigil_error err;
	snprintf(w->path, sizeof w->path, "%s/%02d.db", tmpdir, ++file_counter);
	if (copy_file(template_path, w->path) != 0 ||
	    vigil_db_open(w->path, &w->db, &err) != VIGIL_OK)
		return -1;
	w->admin = session_as(w->db, "boss");
	w->nurse = session_as(w->db, "nina");
	w->clinician = session_as(w->db, "cleo");
	vigil_clock_pin(on(day, "06:00"));
	if (vigil_patient_admit(&w->nurse, "MRN1001", "Alex Morgan", "1", 0, NULL, &err) ||
	    vigil_patient_admit(&w->nurse, "MRN1002", "Jordan Ellis", "2", 0, NULL, &err) ||
	    vigil_patient_admit(&w->nurse, "MRN1003", "Sam Okafor", "3", 0, NULL, &err))
		return -1;
	vigil_clock_pin(on(day, "06:30"));
	if (vigil_patient_discharge(&w->nurse, "MRN1003", 0, &err) ||
	    vigil_protocols_load(&w->nurse, scales, &w->protocols, &err))
		return -1;
	vigil_clock_pin(on(day, "09:00"));
	*state = w;
	return 0;
}

static int teardown_ward(void **state)
{
	struct ward *w = *state;
	vigil_protocols_free(w->protocols);
	vigil_db_close(w->db);
	free(w);
	vigil_clock_pin(0);
	return 0;
}

static int setup_group(void **state)
{
	(void)state;
	setenv("TZ", "Europe/London", 1);
	tzset();
	unsetenv("VIGIL_NOW");
	unsetenv("VIGIL_SCALES");
	unsetenv("VIGIL_BUSY_TIMEOUT");
	snprintf(tmpdir, sizeof tmpdir, "%s/vigil-test-due-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	vigil_error err;
	if (!mkdtemp(tmpdir) || vigil_scales_load(&scales, &err) != VIGIL_OK)
		return -1;
	return make_template();
}

static int teardown_group(void **state)
{
	(void)state;
	vigil_scales_free(scales);
	char cmd[320];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A complete sheet whose total is target, filled item by item in the
 * scale's order (a measured item, the COWS pulse, last; no measure): the
 * CIWA-Ar items a warning watches are reached only past 35. */
static void fill(vigil_sheet *sheet, const char *scale_key, int target)
{
	const vigil_scale *s = scale_named(scale_key);
	vigil_error err;
	int left = target;
	vigil_sheet_init(sheet, s);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t k = 0; k < s->nitems; k++) {
			const vigil_item *it = &s->items[k];
			if ((it->raw_key != NULL) != (pass == 1))
				continue;
			int pick = 0;
			for (size_t j = 0; j < it->nscores; j++)
				if (it->scores[j].score <= left)
					pick = it->scores[j].score;
			must(vigil_sheet_set(sheet, k, pick, &err), &err, it->key);
			left -= pick;
		}
	}
	assert_int_equal(left, 0);
}

/* The nurse assesses now, at when (the clock moves there first). */
static int64_t record(struct ward *w, const char *mrn, const char *scale_key, int total,
                      const char *when)
{
	vigil_sheet sheet;
	vigil_error err;
	int64_t id = 0;
	clock_at(when);
	fill(&sheet, scale_key, total);
	vigil_record_input in = { .mrn = mrn, .sheet = &sheet };
	must(vigil_assessment_record(&w->nurse, &in, &id, &err), &err, "record");
	return id;
}

static vigil_patient patient(struct ward *w, const char *mrn)
{
	vigil_patient p;
	vigil_error err;
	must(vigil_patient_get(&w->nurse, mrn, &p, &err), &err, mrn);
	return p;
}

/* The patient's state at the clock's now, as the nurse sees it. */
static void load_state(struct ward *w, const char *mrn, vigil_patient_state *ps)
{
	vigil_error err;
	vigil_patient p = patient(w, mrn);
	must(vigil_patient_state_load(&w->nurse, w->protocols, &p, ps, &err), &err, "state");
}

/* The active scale of that key, or NULL when it is not active. */
static const vigil_scale_state *scale_in(const vigil_patient_state *ps, const char *key)
{
	for (size_t i = 0; i < ps->nscales; i++)
		if (!strcmp(ps->scales[i].scale, key))
			return &ps->scales[i];
	return NULL;
}

/* One active scale, which must be there. */
static vigil_scale_state active(struct ward *w, const char *mrn, const char *key)
{
	vigil_patient_state *ps = malloc(sizeof *ps);
	load_state(w, mrn, ps);
	const vigil_scale_state *s = scale_in(ps, key);
	if (!s)
		fail_msg("%s is not active for %s", key, mrn);
	vigil_scale_state copy = *s;
	free(ps);
	return copy;
}

static bool is_active(struct ward *w, const char *mrn, const char *key)
{
	vigil_patient_state *ps = malloc(sizeof *ps);
	load_state(w, mrn, ps);
	bool yes = scale_in(ps, key) != NULL;
	free(ps);
	return yes;
}

static vigil_status not_done(struct ward *w, vigil_session *who, const char *mrn, const char *key,
                         vigil_not_done_why why, const char *note, int64_t *id,
                         vigil_error *err)
{
	vigil_not_done_input in = { .mrn = mrn, .scale = key, .why = why, .note = note };
	return vigil_not_done_record(who, w->protocols, &in, id, err);
}

/* The due list as text: "MRN1001 ciwa-ar 10:30!|..." (! = overdue). */
struct listing {
	char text[1024];
	vigil_time now;
	int stop_after;
	int rows;
};

static int list_row(const vigil_due_row *row, void *ctx)
{
	struct listing *l = ctx;
	size_t n = strlen(l->text);
	snprintf(l->text + n, sizeof l->text - n, "%s%s %s %s%s", n ? "|" : "", row->patient->mrn,
	         row->state->scale, local(row->state->due_at) + 11,
	         vigil_scale_overdue(row->state, l->now) ? "!" : "");
	return ++l->rows == l->stop_after;
}

static const char *due_list(struct ward *w, bool overdue_only, int64_t within, int stop_after)
{
	static struct listing l;
	vigil_error err;
	memset(&l, 0, sizeof l);
	l.stop_after = stop_after;
	must(vigil_clock_now(&l.now, &err), &err, "now");
	vigil_due_filter f = { .overdue_only = overdue_only, .within = within };
	must(vigil_due_list(&w->nurse, w->protocols, &f, list_row, &l, &err), &err, "due list");
	return l.text;
}

/* ---- a patient on two scales ------------------------------------------- */

static void test_mixed_scales(void **state)
{
	struct ward *w = *state;
	/* Severe alcohol withdrawal at 09:30 and barely any opioid withdrawal
	 * at 09:45: by 10:45 the CIWA-Ar is a quarter of an hour overdue. */
	record(w, "MRN1002", "ciwa-ar", 5, "2026-11-21 07:00");
	record(w, "MRN1001", "ciwa-ar", 20, "2026-11-21 09:30");
	record(w, "MRN1001", "cows", 3, "2026-11-21 09:45");
	record(w, "MRN1002", "cows", 30, "2026-11-21 10:30");
	clock_at("2026-11-21 10:45");
	vigil_time now = at("2026-11-21 10:45");
	vigil_patient_state ps;
	load_state(w, "MRN1001", &ps);
	assert_int_equal(ps.nscales, 2);
	const vigil_scale_state *ciwa = scale_in(&ps, "ciwa-ar"), *cows = scale_in(&ps, "cows");
	assert_non_null(ciwa);
	assert_non_null(cows);
	assert_true(ciwa->timed);
	assert_true(ciwa->has_last);
	assert_int_equal(ciwa->last_total, 20);
	assert_int_equal(ciwa->last_max, 67);
	assert_string_equal(ciwa->last_band, "severe");
	assert_string_equal(local(ciwa->due_at), "2026-11-21 10:30");
	assert_int_equal(ciwa->every, HOUR);
	assert_string_equal(ciwa->why, "CIWA-Ar 20 severe: hourly");
	assert_true(vigil_scale_overdue(ciwa, now));
	assert_false(vigil_scale_overdue(ciwa, at("2026-11-21 10:29")));
	assert_int_equal(ciwa->nwarnings, 1);
	assert_string_equal(ciwa->warnings[0].text, "CIWA-Ar 20 (severe): tell the clinician");
	assert_string_equal(local(cows->due_at), "2026-11-21 13:45");
	assert_string_equal(cows->why, "COWS 3 no active withdrawal: 4-hourly");
	assert_false(vigil_scale_overdue(cows, now));
	assert_int_equal(cows->nwarnings, 0);
	/* The most urgent and the worst are both the CIWA-Ar. */
	assert_ptr_equal(&ps.scales[ps.most_urgent], ciwa);
	assert_ptr_equal(&ps.scales[ps.worst], ciwa);
	assert_int_equal(ps.nwarnings, 1);

	/* MRN1002: mild CIWA-Ar at 07:00 (due 11:00), moderately severe COWS
	 * at 10:30 (due 11:30): the board shows the COWS but times the CIWA-Ar. */
	vigil_patient_state two;
	load_state(w, "MRN1002", &two);
	assert_string_equal(two.scales[two.most_urgent].scale, "ciwa-ar");
	assert_string_equal(two.scales[two.worst].scale, "cows");

	vigil_ward ward;
	vigil_error err;
	must(vigil_ward_load(&w->nurse, w->protocols, &ward, &err), &err, "ward");
	assert_int_equal(ward.count, 2); /* MRN1003 went home */
	const vigil_ward_row *r1 = &ward.rows[0], *r2 = &ward.rows[1];
	assert_string_equal(r1->patient.mrn, "MRN1001");
	assert_true(r1->timed);
	assert_string_equal(r1->due_scale, "ciwa-ar");
	assert_string_equal(local(r1->due_at), "2026-11-21 10:30");
	assert_string_equal(r1->due_why, "CIWA-Ar 20 severe: hourly");
	assert_true(vigil_ward_overdue(r1, now));
	assert_true(r1->has_last);
	assert_string_equal(r1->last.scale, "ciwa-ar");
	assert_int_equal(r1->nwarnings, 1);
	assert_string_equal(r1->warning, "CIWA-Ar 20 (severe): tell the clinician");
	assert_string_equal(r2->due_scale, "ciwa-ar");
	assert_string_equal(r2->last.scale, "cows");
	assert_int_equal(r2->last.total, 30);
	assert_false(vigil_ward_overdue(r2, now));
	vigil_ward_free(&ward);
}

/* ---- corrections ------------------------------------------------------- */

static void test_amend_moves_due(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	int64_t first = record(w, "MRN1001", "ciwa-ar", 20, "2026-11-21 09:30");
	clock_at("2026-11-21 10:00");
	vigil_scale_state s = active(w, "MRN1001", "ciwa-ar");
	assert_string_equal(local(s.due_at), "2026-11-21 10:30");
	/* It was a 5, miscounted: 4-hourly from the same 09:30. */
	vigil_sheet sheet;
	fill(&sheet, "ciwa-ar", 5);
	int64_t fixed = 0;
	must(vigil_assessment_amend(&w->nurse, first, &sheet, "recount", &fixed, &err), &err,
	     "amend");
	s = active(w, "MRN1001", "ciwa-ar");
	assert_int_equal(s.last_id, fixed);
	assert_int_equal(s.last_total, 5);
	assert_string_equal(local(s.last_at), "2026-11-21 09:30");
	assert_string_equal(local(s.due_at), "2026-11-21 13:30");
	assert_string_equal(s.why, "CIWA-Ar 5 mild: 4-hourly");
	assert_int_equal(s.nwarnings, 0);
	/* And up again: 15 is hourly from 09:30, already overdue at 10:40. */
	fill(&sheet, "ciwa-ar", 15);
	int64_t again = 0;
	clock_at("2026-11-21 10:40");
	must(vigil_assessment_amend(&w->clinician, fixed, &sheet, "second look", &again, &err), &err,
	     "amend");
	s = active(w, "MRN1001", "ciwa-ar");
	assert_string_equal(local(s.due_at), "2026-11-21 10:30");
	assert_true(vigil_scale_overdue(&s, at("2026-11-21 10:40")));
}

static void test_void_removes_due(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	record(w, "MRN1002", "ciwa-ar", 12, "2026-11-21 07:00");
	/* MRN1001's only CIWA-Ar was another patient's: nothing is due any more. */
	int64_t wrong = record(w, "MRN1001", "ciwa-ar", 20, "2026-11-21 09:30");
	clock_at("2026-11-21 09:40");
	must(vigil_assessment_void(&w->nurse, wrong, "wrong patient", &err), &err, "void");
	vigil_patient_state ps;
	load_state(w, "MRN1001", &ps);
	assert_int_equal(ps.nscales, 0);
	assert_int_equal(ps.most_urgent, -1);
	assert_int_equal(ps.worst, -1);
	assert_string_equal(due_list(w, false, 0, 0), "MRN1002 ciwa-ar 08:00!");

	/* MRN1002 had a 12 at 07:00 before the voided 3: hourly from then on. */
	int64_t typo = record(w, "MRN1002", "ciwa-ar", 3, "2026-11-21 09:45");
	clock_at("2026-11-21 09:50");
	assert_string_equal(local(active(w, "MRN1002", "ciwa-ar").due_at), "2026-11-21 13:45");
	must(vigil_assessment_void(&w->nurse, typo, "typed into the wrong row", &err), &err, "void");
	vigil_scale_state s = active(w, "MRN1002", "ciwa-ar");
	assert_int_equal(s.last_total, 12);
	assert_string_equal(local(s.due_at), "2026-11-21 08:00");
	assert_string_equal(s.why, "CIWA-Ar 12 moderate: hourly");
	assert_true(vigil_scale_overdue(&s, at("2026-11-21 09:50")));

	/* Monitoring started at 10:00, the one assessment voided: the first
	 * assessment is still owed from 10:00. */
	clock_at("2026-11-21 10:00");
	must(vigil_monitor_start(&w->nurse, w->protocols, "MRN1001", "cows", &err), &err, "start");
	int64_t only = record(w, "MRN1001", "cows", 14, "2026-11-21 10:10");
	clock_at("2026-11-21 10:20");
	must(vigil_assessment_void(&w->nurse, only, "wrong scale", &err), &err, "void");
	s = active(w, "MRN1001", "cows");
	assert_false(s.has_last);
	assert_string_equal(local(s.active_since), "2026-11-21 10:00");
	assert_string_equal(local(s.due_at), "2026-11-21 10:00");
	assert_string_equal(s.why, "COWS monitoring started 10:00: first assessment");
}

/* ---- monitoring -------------------------------------------------------- */

static void test_monitor_start_stop(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	int audit = count(w, "audit_log");
	/* Started at 08:00 (no assessment yet): due at once. */
	clock_at("2026-11-21 08:00");
	must(vigil_monitor_start(&w->nurse, w->protocols, "MRN1001", "COWS", &err), &err, "start");
	assert_int_equal(count(w, "monitoring"), 1);
	assert_int_equal(count(w, "audit_log"), audit + 1);
	vigil_scale_state s = active(w, "MRN1001", "cows");
	assert_true(s.timed);
	assert_false(s.has_last);
	assert_int_equal(s.band_rank, -1);
	assert_string_equal(local(s.active_since), "2026-11-21 08:00");
	assert_string_equal(local(s.due_at), "2026-11-21 08:00");
	assert_int_equal(s.every, 4 * HOUR);
	assert_string_equal(s.why, "COWS monitoring started 08:00: first assessment");
	assert_true(vigil_scale_overdue(&s, at("2026-11-21 08:00")));
	assert_string_equal(due_list(w, false, 0, 0), "MRN1001 cows 08:00!");
	/* Twice is refused. */
	assert_int_equal(vigil_monitor_start(&w->clinician, w->protocols, "MRN1001", "cows", &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "COWS is already monitored for MRN1001");
	/* The first COWS at 08:20 sets the clock. */
	record(w, "MRN1001", "cows", 8, "2026-11-21 08:20");
	s = active(w, "MRN1001", "cows");
	assert_true(s.has_last);
	assert_string_equal(local(s.due_at), "2026-11-21 12:20");
	assert_string_equal(s.why, "COWS 8 mild: 4-hourly");

	/* Stopped at 09:00 with a reason: no longer listed, nothing due. */
	clock_at("2026-11-21 09:00");
	assert_int_equal(vigil_monitor_stop(&w->nurse, w->protocols, "MRN1001", "cows", "", &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "reason: must not be empty");
	assert_int_equal(vigil_monitor_stop(&w->nurse, w->protocols, "MRN1001", "cows", NULL, &err),
	                 VIGIL_EINVAL);
	must(vigil_monitor_stop(&w->clinician, w->protocols, "MRN1001", "cows",
	                        "no opioid withdrawal: alcohol only", &err),
	     &err, "stop");
	assert_int_equal(count(w, "monitoring"), 2);
	assert_false(is_active(w, "MRN1001", "cows"));
	assert_string_equal(due_list(w, false, 0, 0), "");
	assert_int_equal(vigil_monitor_stop(&w->nurse, w->protocols, "MRN1001", "cows", "again",
	                                    &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "COWS is not monitored for MRN1001");
	int64_t id = 0;
	assert_int_equal(not_done(w, &w->nurse, "MRN1001", "cows", VIGIL_NOT_DONE_ASLEEP, NULL, &id,
	                      &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "COWS is not monitored for MRN1001: nothing is due");
	assert_int_equal(id, 0);

	/* An assessment after the stop starts it again, from that one only. */
	record(w, "MRN1001", "cows", 14, "2026-11-21 10:00");
	s = active(w, "MRN1001", "cows");
	assert_string_equal(local(s.due_at), "2026-11-21 11:00");
	assert_string_equal(s.why, "COWS 14 moderate: hourly");
	assert_string_equal(due_list(w, false, 0, 0), "MRN1001 cows 11:00");

	/* A scale with no protocol is monitored but not timed, and not listed. */
	must(vigil_monitor_start(&w->nurse, w->protocols, "MRN1002", "sows", &err), &err, "sows");
	s = active(w, "MRN1002", "sows");
	assert_false(s.timed);
	assert_null(s.protocol);
	assert_string_equal(due_list(w, false, 0, 0), "MRN1001 cows 11:00");

	/* Who and what: unknown, misspelt, gone home. */
	assert_int_equal(vigil_monitor_start(&w->nurse, w->protocols, "MRN9", "cows", &err),
	                 VIGIL_ENOTFOUND);
	assert_string_equal(err.msg, "unknown patient 'MRN9'");
	assert_int_equal(vigil_monitor_start(&w->nurse, w->protocols, "MRN1002", "ciwa", &err),
	                 VIGIL_ENOTFOUND);
	assert_string_equal(err.msg, "unknown scale 'ciwa' (known: ciwa-ar, cows, craving, sows)");
	assert_int_equal(vigil_monitor_start(&w->nurse, w->protocols, "MRN1003", "cows", &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "patient MRN1003 has been discharged");
	assert_int_equal(count(w, "monitoring"), 3);
	audit_intact(w);
}

/* ---- not done ---------------------------------------------------------- */

static void test_not_done_asleep(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	record(w, "MRN1001", "ciwa-ar", 20, "2026-11-21 09:30");
	/* Asleep at 10:35: recheck at 12:35. */
	clock_at("2026-11-21 10:35");
	int audit = count(w, "audit_log");
	int64_t n1 = 0;
	must(not_done(w, &w->nurse, "MRN1001", "ciwa-ar", VIGIL_NOT_DONE_ASLEEP, NULL, &n1, &err), &err,
	     "asleep");
	assert_true(n1 > 0);
	assert_int_equal(count(w, "audit_log"), audit + 1);
	vigil_scale_state s = active(w, "MRN1001", "ciwa-ar");
	assert_string_equal(local(s.due_at), "2026-11-21 12:35");
	assert_int_equal(s.every, 2 * HOUR);
	assert_string_equal(s.why, "asleep at 10:35: recheck 2 h");
	assert_false(s.flagged);
	assert_false(vigil_scale_overdue(&s, at("2026-11-21 10:35")));
	/* The last assessment and its warning stay in force. */
	assert_int_equal(s.last_total, 20);
	assert_int_equal(s.nwarnings, 1);

	vigil_not_done nd;
	must(vigil_not_done_get(&w->nurse, n1, &nd, &err), &err, "get");
	assert_string_equal(nd.mrn, "MRN1001");
	assert_string_equal(nd.scale, "ciwa-ar");
	assert_int_equal(nd.why, VIGIL_NOT_DONE_ASLEEP);
	assert_string_equal(local(nd.performed_at), "2026-11-21 10:35");
	assert_string_equal(nd.performer, "nina");
	assert_false(nd.late);
	assert_int_equal(nd.status, VIGIL_ASSESS_FINAL);

	/* Entered in error (it was another patient): back to 10:30, overdue. */
	clock_at("2026-11-21 10:50");
	must(vigil_not_done_void(&w->nurse, n1, "wrong patient", &err), &err, "void");
	s = active(w, "MRN1001", "ciwa-ar");
	assert_string_equal(local(s.due_at), "2026-11-21 10:30");
	assert_string_equal(s.why, "CIWA-Ar 20 severe: hourly");
	assert_true(vigil_scale_overdue(&s, at("2026-11-21 10:50")));
	must(vigil_not_done_get(&w->nurse, n1, &nd, &err), &err, "get");
	assert_int_equal(nd.status, VIGIL_ASSESS_VOIDED);
	assert_string_equal(nd.corrected_by, "nina");
	assert_string_equal(nd.correction_reason, "wrong patient");
	assert_int_equal(vigil_not_done_void(&w->nurse, n1, "again", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "not-done record N1 is entered in error");

	/* An assessment after a not-done sets the clock again. */
	int64_t n2 = 0;
	must(not_done(w, &w->nurse, "MRN1001", "ciwa-ar", VIGIL_NOT_DONE_ASLEEP, NULL, &n2, &err), &err,
	     "asleep");
	record(w, "MRN1001", "ciwa-ar", 8, "2026-11-21 11:30");
	s = active(w, "MRN1001", "ciwa-ar");
	assert_string_equal(local(s.due_at), "2026-11-21 15:30");
	assert_string_equal(s.why, "CIWA-Ar 8 mild: 4-hourly");
}

static void test_not_done_refused(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	record(w, "MRN1001", "cows", 3, "2026-11-21 09:45");
	/* Refused at 13:50: still due at 13:45, and flagged. */
	clock_at("2026-11-21 13:50");
	int64_t n1 = 0;
	must(not_done(w, &w->nurse, "MRN1001", "cows", VIGIL_NOT_DONE_REFUSED, NULL, &n1, &err), &err,
	     "refused");
	vigil_scale_state s = active(w, "MRN1001", "cows");
	assert_string_equal(local(s.due_at), "2026-11-21 13:45");
	assert_string_equal(s.why, "COWS 3 no active withdrawal: 4-hourly");
	assert_true(s.flagged);
	assert_string_equal(s.flag, "refused at 13:50: still due");
	assert_true(vigil_scale_overdue(&s, at("2026-11-21 13:50")));
	vigil_ward ward;
	must(vigil_ward_load(&w->nurse, w->protocols, &ward, &err), &err, "ward");
	assert_true(ward.rows[0].flagged);
	vigil_ward_free(&ward);

	/* It was sleep, not a refusal: amended, the recheck runs from 13:50. */
	clock_at("2026-11-21 14:00");
	int64_t n2 = 0;
	must(vigil_not_done_amend(&w->nurse, n1, VIGIL_NOT_DONE_ASLEEP, NULL, "asleep, not refusing",
	                          &n2, &err),
	     &err, "amend");
	assert_true(n2 > n1);
	s = active(w, "MRN1001", "cows");
	assert_false(s.flagged);
	assert_string_equal(local(s.due_at), "2026-11-21 15:50");
	assert_string_equal(s.why, "asleep at 13:50: recheck 2 h");
	vigil_not_done nd;
	must(vigil_not_done_get(&w->nurse, n1, &nd, &err), &err, "get");
	assert_int_equal(nd.status, VIGIL_ASSESS_AMENDED);
	assert_int_equal(nd.superseded_by, n2);
	must(vigil_not_done_get(&w->nurse, n2, &nd, &err), &err, "get");
	assert_int_equal(nd.supersedes, n1);
	assert_int_equal(nd.why, VIGIL_NOT_DONE_ASLEEP);
	assert_string_equal(local(nd.performed_at), "2026-11-21 13:50");
	assert_string_equal(nd.amend_reason, "asleep, not refusing");
	/* The original cannot be corrected twice; the correction unchanged is
	 * no correction. */
	assert_int_equal(vigil_not_done_amend(&w->nurse, n1, VIGIL_NOT_DONE_OFF_WARD, NULL, "x",
	                                      NULL, &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "not-done record N1 has already been amended (by N2)");
	assert_int_equal(vigil_not_done_amend(&w->nurse, n2, VIGIL_NOT_DONE_ASLEEP, NULL, "x", NULL,
	                                      &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "nothing changed: N2 already says asleep");
	assert_int_equal(vigil_not_done_amend(&w->nurse, n2, VIGIL_NOT_DONE_REFUSED, NULL, "", NULL,
	                                      &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "reason: must not be empty");
	/* "other" says nothing by itself: it needs a note. */
	assert_int_equal(vigil_not_done_amend(&w->nurse, n2, VIGIL_NOT_DONE_OTHER, NULL, "x", NULL,
	                                      &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "note: must not be empty");
	/* Voiding the correction leaves nothing in force: back to 13:45. */
	must(vigil_not_done_void(&w->nurse, n2, "not this patient", &err), &err, "void");
	/* Past the core's checks (another vigil got there first), the store
	 * explains the schema's refusal from the tables, not the trigger's
	 * words: a second correction, a correction of one voided, a second
	 * mark, a mark of one amended. */
	vigil_not_done again = nd;
	again.supersedes = n1;
	assert_int_equal(vigil_store_not_done_insert(w->db, "nina", &again, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "not-done record N1 has already been amended");
	again.supersedes = n2;
	assert_int_equal(vigil_store_not_done_insert(w->db, "nina", &again, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "not-done record N2 is entered in error");
	assert_int_equal(vigil_store_not_done_void(w->db, "nina", n2, 0, "again", &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "not-done record N2 is already entered in error");
	assert_int_equal(vigil_store_not_done_void(w->db, "nina", n1, 0, "again", &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "not-done record N1 has already been amended");
	s = active(w, "MRN1001", "cows");
	assert_false(s.flagged);
	assert_string_equal(local(s.due_at), "2026-11-21 13:45");

	/* Off the ward and other: still due, flagged; other needs its note. */
	int64_t id = 0;
	assert_int_equal(not_done(w, &w->nurse, "MRN1001", "cows", VIGIL_NOT_DONE_OTHER, NULL, &id, &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "note: must not be empty");
	assert_int_equal(not_done(w, &w->nurse, "MRN1001", "cows", VIGIL_NOT_DONE_OTHER, "  ", &id, &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "note: must not be blank");
	clock_at("2026-11-21 14:10");
	must(not_done(w, &w->clinician, "MRN1001", "cows", VIGIL_NOT_DONE_OFF_WARD, NULL, &id, &err),
	     &err, "off ward");
	s = active(w, "MRN1001", "cows");
	assert_string_equal(s.flag, "off-ward at 14:10: still due");
	clock_at("2026-11-21 14:20");
	must(not_done(w, &w->nurse, "MRN1001", "cows", VIGIL_NOT_DONE_OTHER, "in the shower", &id, &err),
	     &err, "other");
	s = active(w, "MRN1001", "cows");
	assert_string_equal(s.flag, "other at 14:20: still due");
	assert_string_equal(local(s.due_at), "2026-11-21 13:45");

	/* Every record stays, and each is in the audit log: the refusal, its
	 * correction and the void, off ward, other. */
	assert_int_equal(count(w, "not_done"), 4);
	assert_int_equal(count(w, "not_done_voids"), 1);
	audit_intact(w);
}

static int collect_ids(const vigil_not_done *nd, void *ctx)
{
	char *s = ctx;
	size_t n = strlen(s);
	snprintf(s + n, 128 - n, "%sN%lld", n ? " " : "", (long long)nd->id);
	return 0;
}

static void test_not_done_times(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	record(w, "MRN1001", "ciwa-ar", 12, "2026-11-21 09:00");
	clock_at("2026-11-21 12:00");
	/* Entered now, found asleep at 10:00: late, and the recheck runs from
	 * when it was found. */
	vigil_not_done_input in = { .mrn = "MRN1001", .scale = "ciwa-ar",
		                    .why = VIGIL_NOT_DONE_ASLEEP,
		                    .performed_at = at("2026-11-21 10:00") };
	int64_t late = 0;
	must(vigil_not_done_record(&w->nurse, w->protocols, &in, &late, &err), &err, "late");
	vigil_not_done nd;
	must(vigil_not_done_get(&w->nurse, late, &nd, &err), &err, "get");
	assert_true(nd.late);
	assert_string_equal(local(nd.entered_at), "2026-11-21 12:00");
	vigil_scale_state s = active(w, "MRN1001", "ciwa-ar");
	assert_string_equal(local(s.due_at), "2026-11-21 12:00");
	assert_string_equal(s.why, "asleep at 10:00: recheck 2 h");
	/* Not in the future, not before admission. */
	in.performed_at = at("2026-11-21 12:01");
	assert_int_equal(vigil_not_done_record(&w->nurse, w->protocols, &in, NULL, &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "time 2026-11-21 12:01 is in the future");
	in.performed_at = at("2026-11-21 05:59");
	assert_int_equal(vigil_not_done_record(&w->nurse, w->protocols, &in, NULL, &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "time 2026-11-21 05:59 is before MRN1001 was admitted "
	                             "(2026-11-21 06:00)");
	/* Unknown patient, unknown scale, a scale not monitored. */
	in.performed_at = 0;
	in.mrn = "MRN9";
	assert_int_equal(vigil_not_done_record(&w->nurse, w->protocols, &in, NULL, &err),
	                 VIGIL_ENOTFOUND);
	assert_string_equal(err.msg, "unknown patient 'MRN9'");
	in.mrn = "MRN1001";
	in.scale = "ciwa";
	assert_int_equal(vigil_not_done_record(&w->nurse, w->protocols, &in, NULL, &err),
	                 VIGIL_ENOTFOUND);
	assert_string_equal(err.msg, "unknown scale 'ciwa' (known: ciwa-ar, cows, craving, sows)");
	in.scale = "cows";
	assert_int_equal(vigil_not_done_record(&w->nurse, w->protocols, &in, NULL, &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "COWS is not monitored for MRN1001: nothing is due");
	in.why = VIGIL_NOT_DONE_COUNT;
	assert_int_equal(vigil_not_done_record(&w->nurse, w->protocols, &in, NULL, &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "unknown reason for not done");
	assert_int_equal(count(w, "not_done"), 1);

	/* Two more, then the list: newest first, or oldest first. */
	clock_at("2026-11-21 12:10");
	int64_t refused = 0;
	must(not_done(w, &w->nurse, "MRN1001", "ciwa-ar", VIGIL_NOT_DONE_REFUSED, NULL, &refused, &err),
	     &err, "refused");
	must(vigil_not_done_void(&w->nurse, late, "was awake", &err), &err, "void");
	char ids[128] = "";
	vigil_not_done_query q = { .mrn = "MRN1001" };
	must(vigil_not_done_query_each(&w->nurse, &q, collect_ids, ids, &err), &err, "query");
	assert_string_equal(ids, "N2");
	ids[0] = '\0';
	q.all = true;
	q.oldest_first = true;
	must(vigil_not_done_query_each(&w->nurse, &q, collect_ids, ids, &err), &err, "query");
	assert_string_equal(ids, "N1 N2");
	ids[0] = '\0';
	q.scale = "cows";
	must(vigil_not_done_query_each(&w->nurse, &q, collect_ids, ids, &err), &err, "query");
	assert_string_equal(ids, "");
	/* Voided the asleep: still due 10:00, refused at 12:10. */
	s = active(w, "MRN1001", "ciwa-ar");
	assert_string_equal(local(s.due_at), "2026-11-21 10:00");
	assert_string_equal(s.flag, "refused at 12:10: still due");

	/* MRN1003 went home at 06:30: a not-done now is refused as a record
	 * now is; one timed during the stay is still accepted (late). */
	vigil_not_done_input gone = { .mrn = "MRN1003", .scale = "cows",
		                      .why = VIGIL_NOT_DONE_REFUSED };
	assert_int_equal(vigil_not_done_record(&w->nurse, w->protocols, &gone, NULL, &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "patient MRN1003 has been discharged");
	gone.performed_at = at("2026-11-21 12:00");
	assert_int_equal(vigil_not_done_record(&w->nurse, w->protocols, &gone, NULL, &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "time 2026-11-21 12:00 is after MRN1003 was discharged "
	                             "(2026-11-21 06:30)");
}

/* ---- roles ------------------------------------------------------------- */

static void test_roles(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	int audit = count(w, "audit_log");
	/* An admin keeps the system, not the patients. */
	assert_int_equal(vigil_monitor_start(&w->admin, w->protocols, "MRN1001", "cows", &err),
	                 VIGIL_EPERM);
	assert_string_equal(err.msg, "boss (admin) may not start or stop monitoring a scale: it "
	                             "needs the nurse or clinician role");
	assert_int_equal(vigil_monitor_stop(&w->admin, w->protocols, "MRN1001", "cows", "x", &err),
	                 VIGIL_EPERM);
	record(w, "MRN1001", "cows", 14, "2026-11-21 09:10");
	int64_t id = 0;
	assert_int_equal(not_done(w, &w->admin, "MRN1001", "cows", VIGIL_NOT_DONE_ASLEEP, NULL, &id, &err),
	                 VIGIL_EPERM);
	assert_string_equal(err.msg, "boss (admin) may not record an assessment: it needs the nurse "
	                             "or clinician role");
	must(not_done(w, &w->nurse, "MRN1001", "cows", VIGIL_NOT_DONE_ASLEEP, NULL, &id, &err), &err,
	     "skip");
	assert_int_equal(vigil_not_done_void(&w->admin, id, "x", &err), VIGIL_EPERM);
	assert_int_equal(vigil_not_done_amend(&w->admin, id, VIGIL_NOT_DONE_REFUSED, NULL, "x", NULL,
	                                      &err),
	                 VIGIL_EPERM);
	/* ...but may look. */
	vigil_not_done nd;
	must(vigil_not_done_get(&w->admin, id, &nd, &err), &err, "admin get");
	vigil_patient p = patient(w, "MRN1001");
	vigil_patient_state ps;
	must(vigil_patient_state_load(&w->admin, w->protocols, &p, &ps, &err), &err, "admin state");
	assert_int_equal(ps.nscales, 1);
	/* Nurses and clinicians do not install protocols. */
	const char *text = "protocol cows\nevery 0-48 1h\n";
	assert_int_equal(vigil_protocol_install(&w->nurse, scales, "ours.protocol", text, &err),
	                 VIGIL_EPERM);
	assert_string_equal(err.msg, "nina (nurse) may not install a protocol or scale definition: it needs the admin "
	                             "role");
	assert_int_equal(vigil_protocol_install(&w->clinician, scales, "ours.protocol", text, &err),
	                 VIGIL_EPERM);
	assert_string_equal(err.msg, "cleo (clinician) may not install a protocol or scale definition: it needs the "
	                             "admin role");
	assert_int_equal(count(w, "protocols"), 0);
	/* The clinician monitors. Only the record, the skip and the start
	 * were written. */
	must(vigil_monitor_start(&w->clinician, w->protocols, "MRN1001", "ciwa-ar", &err), &err,
	     "clinician");
	assert_int_equal(count(w, "audit_log"), audit + 3);
}

/* ---- clocks ------------------------------------------------------------ */

static void test_due_across_midnight(void **state)
{
	struct ward *w = *state;
	record(w, "MRN1001", "cows", 3, "2026-11-21 22:00");
	record(w, "MRN1001", "ciwa-ar", 25, "2026-11-21 23:30");
	vigil_scale_state s = active(w, "MRN1001", "cows");
	assert_string_equal(local(s.due_at), "2026-11-22 02:00");
	s = active(w, "MRN1001", "ciwa-ar");
	assert_string_equal(local(s.due_at), "2026-11-22 00:30");
	clock_at("2026-11-22 00:45");
	assert_string_equal(due_list(w, false, 0, 0),
	                    "MRN1001 ciwa-ar 00:30!|MRN1001 cows 02:00");
}

static void test_due_across_clock_change(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	/* Saturday 24 October 2026: the clocks go back from 02:00 BST to 01:00
	 * GMT that night. */
	/* 4-hourly after 23:30 BST is four real hours on: 02:30 GMT. */
	record(w, "MRN1001", "ciwa-ar", 5, "2026-10-24 23:30");
	vigil_scale_state s = active(w, "MRN1001", "ciwa-ar");
	assert_int_equal(s.due_at - s.last_at, 4 * HOUR);
	assert_int_equal(s.due_at, at("2026-10-25T02:30:00Z"));
	assert_string_equal(local(s.due_at), "2026-10-25 02:30");
	/* Hourly through the repeated hour: 00:30 BST, 01:30 BST, 01:30 GMT. */
	record(w, "MRN1001", "ciwa-ar", 12, "2026-10-25T00:30:00+01:00");
	s = active(w, "MRN1001", "ciwa-ar");
	assert_int_equal(s.due_at, at("2026-10-25T01:30:00+01:00"));
	clock_at("2026-10-25T01:30:00+01:00");
	record(w, "MRN1001", "ciwa-ar", 12, "2026-10-25T01:30:00+01:00");
	s = active(w, "MRN1001", "ciwa-ar");
	assert_int_equal(s.due_at, at("2026-10-25T01:30:00Z"));
	assert_int_equal(s.due_at - s.last_at, HOUR);
	assert_string_equal(local(s.due_at), "2026-10-25 01:30");
	/* Asleep at 01:15 GMT, before it was due: nothing moves (a recheck
	 * never pushes a due time back). */
	clock_at("2026-10-25T01:15:00Z");
	int64_t id;
	must(not_done(w, &w->nurse, "MRN1001", "ciwa-ar", VIGIL_NOT_DONE_ASLEEP, NULL, &id, &err), &err,
	     "asleep early");
	s = active(w, "MRN1001", "ciwa-ar");
	assert_int_equal(s.due_at, at("2026-10-25T01:30:00Z"));
	/* Asleep at 01:45 GMT, when it was due: the recheck is two real hours
	 * on, 03:45. */
	clock_at("2026-10-25T01:45:00Z");
	must(not_done(w, &w->nurse, "MRN1001", "ciwa-ar", VIGIL_NOT_DONE_ASLEEP, NULL, &id, &err), &err,
	     "asleep");
	s = active(w, "MRN1001", "ciwa-ar");
	assert_int_equal(s.due_at, at("2026-10-25T03:45:00Z"));
	assert_false(vigil_scale_overdue(&s, at("2026-10-25T03:44:00Z")));
	assert_true(vigil_scale_overdue(&s, at("2026-10-25T03:45:00Z")));
}

/* ---- a unit's own protocol ------------------------------------------- */

static const char ward7_ciwa[] =
	"# Ward 7: step down after three low scores\n"
	"protocol ciwa-ar\n"
	"name Ward 7 CIWA-Ar\n"
	"every 0-9 4h\n"
	"every 10-67 1h\n"
	"every 0-7 8h after 3 in a row\n"
	"grace 15m\n"
	"warn total >= 15: CIWA-Ar {total}: tell the clinician\n";

static void test_installed_protocol(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	/* A second terminal on the same ward, open before the install. */
	vigil_db *db2 = NULL;
	must(vigil_db_open(w->path, &db2, &err), &err, "second connection");
	vigil_session nurse2 = session_as(db2, "nina");

	/* A bad file is refused whole with its line; nothing is written. */
	int audit = count(w, "audit_log");
	assert_int_equal(vigil_protocol_install(&w->admin, scales, "/home/boss/bad.protocol",
	                                        "protocol ciwa-ar\nevery 0-9 4h\nevery 10-66 1h\n",
	                                        &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "/home/boss/bad.protocol:1: no 'every' line covers total 67 "
	                             "(each total 0-67 needs an interval)");
	assert_int_equal(count(w, "protocols"), 0);
	assert_int_equal(count(w, "audit_log"), audit);

	clock_at("2026-11-21 09:05");
	must(vigil_protocol_install(&w->admin, scales, "/home/boss/ward7-ciwa.protocol", ward7_ciwa,
	                            &err),
	     &err, "install");
	assert_int_equal(count(w, "protocols"), 1);
	assert_int_equal(count(w, "audit_log"), audit + 1);

	/* The second process reads it from the database. */
	vigil_protocols *set2 = NULL;
	must(vigil_protocols_load(&nurse2, scales, &set2, &err), &err, "load");
	const vigil_protocol *p = vigil_protocols_find(set2, "ciwa-ar");
	assert_non_null(p);
	assert_string_equal(p->name, "Ward 7 CIWA-Ar");
	assert_string_equal(p->source, "installed:ward7-ciwa.protocol");
	assert_string_equal(p->origin, "installed 2026-11-21 09:05 by boss from ward7-ciwa.protocol");
	assert_string_equal(p->text, ward7_ciwa);
	assert_int_equal(p->grace, 15 * MINUTE);
	/* COWS keeps its built-in protocol. */
	assert_string_equal(vigil_protocols_find(set2, "cows")->origin, "built in");

	/* Three lows in a row on the first terminal: 8-hourly on the second. */
	record(w, "MRN1001", "ciwa-ar", 5, "2026-11-21 09:10");
	record(w, "MRN1001", "ciwa-ar", 6, "2026-11-21 13:10");
	record(w, "MRN1001", "ciwa-ar", 3, "2026-11-21 17:10");
	vigil_patient pt;
	must(vigil_patient_get(&nurse2, "MRN1001", &pt, &err), &err, "get");
	vigil_patient_state ps;
	must(vigil_patient_state_load(&nurse2, set2, &pt, &ps, &err), &err, "state");
	const vigil_scale_state *s = scale_in(&ps, "ciwa-ar");
	assert_non_null(s);
	assert_string_equal(local(s->due_at), "2026-11-22 01:10");
	assert_string_equal(s->why, "CIWA-Ar 3 mild, 3 in a row at 0-7: 8-hourly");
	assert_int_equal(s->grace, 15 * MINUTE);
	/* The grace: due 01:10, overdue from 01:25. */
	assert_false(vigil_scale_overdue(s, at("2026-11-22 01:24")));
	assert_true(vigil_scale_overdue(s, at("2026-11-22 01:25")));
	/* The first terminal, still on the protocols it loaded, says 4-hourly:
	 * loading again brings it up to date. */
	assert_string_equal(local(active(w, "MRN1001", "ciwa-ar").due_at), "2026-11-21 21:10");
	vigil_protocols_free(w->protocols);
	must(vigil_protocols_load(&w->nurse, scales, &w->protocols, &err), &err, "reload");
	assert_string_equal(local(active(w, "MRN1001", "ciwa-ar").due_at), "2026-11-22 01:10");

	/* A later install replaces it for everyone; the first stays on record. */
	clock_at("2026-11-21 18:00");
	must(vigil_protocol_install(&w->admin, scales, "v2.protocol",
	                            "protocol ciwa-ar\nevery 0-67 2h\n", &err),
	     &err, "install v2");
	assert_int_equal(count(w, "protocols"), 2);
	vigil_protocols_free(set2);
	must(vigil_protocols_load(&nurse2, scales, &set2, &err), &err, "load");
	p = vigil_protocols_find(set2, "ciwa-ar");
	assert_string_equal(p->origin, "installed 2026-11-21 18:00 by boss from v2.protocol");
	assert_int_equal(p->nintervals, 1);
	audit_intact(w);
	vigil_protocols_free(set2);
	vigil_db_close(db2);
}

/* ---- the due list ------------------------------------------------------ */

/* Every timed active scale of every admitted patient, earliest first. */
static void test_due_list_filters(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	must(vigil_patient_admit(&w->nurse, "MRN0999", "Lee Park", "4", 0, NULL, &err), &err,
	     "admit");
	record(w, "MRN1001", "ciwa-ar", 20, "2026-11-21 09:30"); /* due 10:30 */
	record(w, "MRN1001", "cows", 3, "2026-11-21 09:45");     /* due 13:45 */
	record(w, "MRN1002", "cows", 14, "2026-11-21 10:00");    /* due 11:00 */
	record(w, "MRN1002", "craving", 6, "2026-11-21 10:00");  /* not timed */
	record(w, "MRN0999", "ciwa-ar", 11, "2026-11-21 10:00");  /* due 11:00 */
	/* At 10:45: the overdue one first, then by due time, two due at the
	 * same time by MRN; the craving score and the discharged MRN1003 are
	 * not in it. */
	clock_at("2026-11-21 10:45");
	assert_string_equal(due_list(w, false, 0, 0),
	                    "MRN1001 ciwa-ar 10:30!|MRN0999 ciwa-ar 11:00|MRN1002 cows 11:00|"
	                    "MRN1001 cows 13:45");
	assert_string_equal(due_list(w, true, 0, 0), "MRN1001 ciwa-ar 10:30!");
	assert_string_equal(due_list(w, false, HOUR, 0),
	                    "MRN1001 ciwa-ar 10:30!|MRN0999 ciwa-ar 11:00|MRN1002 cows 11:00");
	assert_string_equal(due_list(w, false, 15 * MINUTE, 0),
	                    "MRN1001 ciwa-ar 10:30!|MRN0999 ciwa-ar 11:00|MRN1002 cows 11:00");
	assert_string_equal(due_list(w, false, 14 * MINUTE, 0), "MRN1001 ciwa-ar 10:30!");
	/* Due exactly at the end of the window: in it. */
	assert_string_equal(due_list(w, false, 3 * HOUR, 0),
	                    "MRN1001 ciwa-ar 10:30!|MRN0999 ciwa-ar 11:00|MRN1002 cows 11:00|"
	                    "MRN1001 cows 13:45");
	assert_string_equal(due_list(w, false, 3 * HOUR - MINUTE, 0),
	                    "MRN1001 ciwa-ar 10:30!|MRN0999 ciwa-ar 11:00|MRN1002 cows 11:00");
	assert_string_equal(due_list(w, true, HOUR, 0), "MRN1001 ciwa-ar 10:30!");
	/* The reader may stop early. */
	assert_string_equal(due_list(w, false, 0, 2), "MRN1001 ciwa-ar 10:30!|MRN0999 ciwa-ar 11:00");
	/* At 11:20 three are overdue. */
	clock_at("2026-11-21 11:20");
	assert_string_equal(due_list(w, true, 0, 0),
	                    "MRN1001 ciwa-ar 10:30!|MRN0999 ciwa-ar 11:00!|MRN1002 cows 11:00!");
	/* Discharging a patient takes their rows off. */
	must(vigil_patient_discharge(&w->nurse, "MRN1002", 0, &err), &err, "discharge");
	assert_string_equal(due_list(w, true, 0, 0),
	                    "MRN1001 ciwa-ar 10:30!|MRN0999 ciwa-ar 11:00!");
	/* An admin may read the list. */
	struct listing l = { .now = at("2026-11-21 11:20") };
	vigil_due_filter f = { 0 };
	must(vigil_due_list(&w->admin, w->protocols, &f, list_row, &l, &err), &err, "admin");
	assert_int_equal(l.rows, 3);
}

/* ---- look-backs through the store -------------------------------------- */

/* "for 48h" reads back to the first assessment at least 48 h before the
 * latest (vigil-protocol(5)), so the note stays while the patient stays
 * under 8, whenever the checks fall (it once showed only when a check fell
 * exactly 48 h back). */
static void test_low_for_48h_stays(void **state)
{
	struct ward *w = *state;
	const char *stop = "CIWA-Ar under 8 for 48 h: the clinician may stop monitoring";
	/* 4-hourly checks under 8 from 08:00 on the 19th to 08:00 on the 21st. */
	for (vigil_time t = at("2026-11-19 08:00"); t <= at("2026-11-21 08:00"); t += 4 * HOUR)
		record(w, "MRN1001", "ciwa-ar", 4, local(t));
	vigil_scale_state s = active(w, "MRN1001", "ciwa-ar");
	assert_int_equal(s.nwarnings, 1);
	assert_string_equal(s.warnings[0].text, stop);
	/* One more low at 09:30: under 8 for 49.5 h now. */
	record(w, "MRN1001", "ciwa-ar", 3, "2026-11-21 09:30");
	s = active(w, "MRN1001", "ciwa-ar");
	assert_int_equal(s.nwarnings, 1);
	assert_string_equal(s.warnings[0].text, stop);
}

/* ---- the entry's review page ---------------------------------------- */

static vigil_protocol_result preview(struct ward *w, const char *mrn, const char *scale_key,
                                     int total)
{
	vigil_sheet sheet;
	vigil_error err;
	vigil_protocol_result r;
	fill(&sheet, scale_key, total);
	must(vigil_due_preview(&w->nurse, w->protocols, mrn, &sheet, 0, 0, &r, &err), &err,
	     "preview");
	return r;
}

static void test_preview(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	const char *twice = "CIWA-Ar 18 or more on two consecutive assessments: tell the clinician";
	/* An 18 at 09:00; before saving another 18 at 10:00 the nurse sees
	 * the warning and the next due time, as the saved one will have them. */
	record(w, "MRN1001", "ciwa-ar", 18, "2026-11-21 09:00");
	clock_at("2026-11-21 10:00");
	vigil_protocol_result r = preview(w, "MRN1001", "ciwa-ar", 18);
	assert_int_equal(r.every, HOUR);
	assert_string_equal(r.why, "CIWA-Ar 18 moderate: hourly");
	assert_int_equal(r.nwarnings, 1);
	assert_string_equal(r.warnings[0].text, twice);
	record(w, "MRN1001", "ciwa-ar", 18, "2026-11-21 10:00");
	vigil_scale_state s = active(w, "MRN1001", "ciwa-ar");
	assert_int_equal(s.nwarnings, 1);
	assert_string_equal(s.warnings[0].text, twice);
	/* A pulse of 36 on the sheet: checked before it is saved. */
	vigil_sheet sheet;
	fill(&sheet, "cows", 5);
	must(vigil_sheet_set_raw(&sheet, 0, 36, &err), &err, "hr");
	must(vigil_due_preview(&w->nurse, w->protocols, "MRN1002", &sheet, 0, 0, &r, &err), &err,
	     "preview");
	assert_int_equal(r.nwarnings, 1);
	assert_string_equal(r.warnings[0].text, "COWS pulse 36: check: bradycardia or typo?");
	/* A scale without a protocol: nothing to say. */
	r = preview(w, "MRN1001", "craving", 9);
	assert_int_equal(r.every, 0);
	assert_int_equal(r.nwarnings, 0);
}

/* The review page, like the board, counts nothing from before a stop
 * (vigil-protocol(5)): no warning of "two consecutive" 18s that the board,
 * once saved, would not show. */
static void test_preview_after_stop(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	record(w, "MRN1001", "ciwa-ar", 18, "2026-11-21 09:00");
	clock_at("2026-11-21 09:30");
	must(vigil_monitor_stop(&w->clinician, w->protocols, "MRN1001", "ciwa-ar",
	                        "settled, per the clinician", &err),
	     &err, "stop");
	clock_at("2026-11-21 12:00");
	vigil_protocol_result r = preview(w, "MRN1001", "ciwa-ar", 18);
	record(w, "MRN1001", "ciwa-ar", 18, "2026-11-21 12:00");
	vigil_scale_state s = active(w, "MRN1001", "ciwa-ar");
	assert_int_equal(s.nwarnings, 0);
	assert_int_equal(r.nwarnings, s.nwarnings);
}

/* After a stop, "only assessments and not-done records after it count: a
 * step-down or a look-back starts afresh" (vigil-protocol(5)), whether an
 * assessment or `monitor start` restarts it (the second once counted the
 * assessments from before the stop again). */
static void test_restart_starts_afresh(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	const char *twice = "CIWA-Ar 18 or more on two consecutive assessments: tell the clinician";
	/* Both patients score 18 at 09:00; monitoring stops at 09:30. */
	record(w, "MRN1001", "ciwa-ar", 18, "2026-11-21 09:00");
	record(w, "MRN1002", "ciwa-ar", 18, "2026-11-21 09:00");
	clock_at("2026-11-21 09:30");
	must(vigil_monitor_stop(&w->clinician, w->protocols, "MRN1001", "ciwa-ar",
	                        "settled, per the clinician", &err),
	     &err, "stop");
	must(vigil_monitor_stop(&w->clinician, w->protocols, "MRN1002", "ciwa-ar",
	                        "settled, per the clinician", &err),
	     &err, "stop");
	/* MRN1001 restarts with an assessment at 12:00: one 18 since the stop,
	 * no "two consecutive". */
	record(w, "MRN1001", "ciwa-ar", 18, "2026-11-21 12:00");
	vigil_scale_state s = active(w, "MRN1001", "ciwa-ar");
	assert_int_equal(s.nwarnings, 0);
	/* MRN1002 is restarted with `monitor start` at 12:00, then scores 18
	 * at 12:10: one 18 since the stop, as for MRN1001. */
	clock_at("2026-11-21 12:00");
	must(vigil_monitor_start(&w->nurse, w->protocols, "MRN1002", "ciwa-ar", &err), &err,
	     "start");
	s = active(w, "MRN1002", "ciwa-ar");
	assert_false(s.has_last);
	assert_string_equal(s.why, "CIWA-Ar monitoring started 12:00: first assessment");
	record(w, "MRN1002", "ciwa-ar", 18, "2026-11-21 12:10");
	s = active(w, "MRN1002", "ciwa-ar");
	assert_string_equal(s.why, "CIWA-Ar 18 moderate: hourly");
	for (size_t i = 0; i < s.nwarnings; i++)
		assert_string_not_equal(s.warnings[i].text, twice);
	assert_int_equal(s.nwarnings, 0);
}

/* "The look-back counts current assessments ... at most the latest 200"
 * (vigil-protocol(5)): half-hourly checks under 8 for three days, 145 of
 * them, set off a "for 3d" note (the history once stopped at 128). */
static void test_lookback_reads_200(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	clock_at("2026-11-17 06:45");
	must(vigil_protocol_install(&w->admin, scales, "halfhourly.protocol",
	                            "protocol ciwa-ar\nevery 0-67 30m\n"
	                            "warn total <= 7 for 3d: CIWA-Ar under 8 for 3 days\n",
	                            &err),
	     &err, "install");
	vigil_protocols_free(w->protocols);
	must(vigil_protocols_load(&w->nurse, scales, &w->protocols, &err), &err, "load");
	/* One transaction for the lot, as the demo ward does: quicker. */
	must(vigil_db_begin(w->db, &err), &err, "begin");
	for (vigil_time t = at("2026-11-17 07:00"); t <= at("2026-11-20 07:00"); t += 30 * MINUTE)
		record(w, "MRN1001", "ciwa-ar", 2, local(t));
	must(vigil_db_commit(w->db, &err), &err, "commit");
	assert_int_equal(count(w, "assessments"), 145);
	vigil_scale_state s = active(w, "MRN1001", "ciwa-ar");
	assert_string_equal(s.why, "CIWA-Ar 2 mild: every 30 min");
	assert_int_equal(s.nwarnings, 1);
	assert_string_equal(s.warnings[0].text, "CIWA-Ar under 8 for 3 days");
}


/* ---- found in review ------------------------------------------------- */

/* A longer grace on one scale never hides an earlier miss on another: the
 * most urgent is the first to be missed (due time and grace together). */
static void test_grace_does_not_hide_a_miss(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	vigil_protocols *set = NULL;
	clock_at("2026-11-21 08:55");
	must(vigil_protocol_install(&w->admin, scales, "cows-grace.protocol",
	                            "protocol cows\nevery 0-12 4h\nevery 13-48 1h\ngrace 1h\n", &err),
	     &err, "install");
	must(vigil_protocols_load(&w->nurse, scales, &set, &err), &err, "load");
	record(w, "MRN1001", "cows", 16, "2026-11-21 09:00");    /* due 10:00, missed 11:00 */
	record(w, "MRN1001", "ciwa-ar", 12, "2026-11-21 09:30"); /* due 10:30, missed 10:30 */
	clock_at("2026-11-21 10:45");
	vigil_patient p = patient(w, "MRN1001");
	vigil_patient_state *ps = malloc(sizeof *ps);
	must(vigil_patient_state_load(&w->nurse, set, &p, ps, &err), &err, "state");
	assert_true(ps->most_urgent >= 0);
	assert_string_equal(ps->scales[ps->most_urgent].scale, "ciwa-ar");
	assert_true(vigil_scale_overdue(&ps->scales[ps->most_urgent], at("2026-11-21 10:45")));
	free(ps);
	vigil_ward ward;
	must(vigil_ward_load(&w->nurse, set, &ward, &err), &err, "ward");
	for (size_t i = 0; i < ward.count; i++) {
		if (strcmp(ward.rows[i].patient.mrn, "MRN1001") != 0)
			continue;
		assert_string_equal(ward.rows[i].due_scale, "ciwa-ar");
		assert_true(vigil_ward_overdue(&ward.rows[i], at("2026-11-21 10:45")));
	}
	vigil_ward_free(&ward);
	vigil_protocols_free(set);
}

/* The review page of a correction does not count the assessment it
 * replaces beside it ("18 or more on two consecutive" from one 20). */
static void test_preview_of_a_correction(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	int64_t first = record(w, "MRN1001", "ciwa-ar", 20, "2026-11-21 09:00");
	clock_at("2026-11-21 09:10");
	vigil_sheet sheet;
	fill(&sheet, "ciwa-ar", 19);
	vigil_protocol_result r;
	must(vigil_due_preview(&w->nurse, w->protocols, "MRN1001", &sheet, at("2026-11-21 09:00"),
	                       first, &r, &err),
	     &err, "preview");
	for (size_t i = 0; i < r.nwarnings; i++)
		assert_null(strstr(r.warnings[i].text, "two consecutive"));
	/* As a new assessment beside the first, the two do count. */
	must(vigil_due_preview(&w->nurse, w->protocols, "MRN1001", &sheet, 0, 0, &r, &err), &err,
	     "preview new");
	bool twice = false;
	for (size_t i = 0; i < r.nwarnings; i++)
		twice |= strstr(r.warnings[i].text, "two consecutive") != NULL;
	assert_true(twice);
}

/* A not-done record timed before the latest assessment would change
 * nothing yet count as not done: refused. */
static void test_not_done_before_the_clock(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	record(w, "MRN1001", "cows", 3, "2026-11-21 09:45");
	clock_at("2026-11-21 10:00");
	vigil_not_done_input in = { .mrn = "MRN1001", .scale = "cows",
		                    .why = VIGIL_NOT_DONE_ASLEEP,
		                    .performed_at = at("2026-11-21 09:00") };
	assert_int_equal(vigil_not_done_record(&w->nurse, w->protocols, &in, NULL, &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "time 2026-11-21 09:00 is before the latest COWS assessment or "
	                             "start (2026-11-21 09:45): nothing was due then");
	assert_int_equal(count(w, "not_done"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mixed_scales, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_amend_moves_due, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_void_removes_due, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_monitor_start_stop, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_not_done_asleep, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_not_done_refused, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_not_done_times, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_roles, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_due_across_midnight, setup_ward, teardown_ward),
		cmocka_unit_test_prestate_setup_teardown(test_due_across_clock_change, setup_ward,
		                                         teardown_ward, (void *)"2026-10-24"),
		cmocka_unit_test_setup_teardown(test_installed_protocol, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_due_list_filters, setup_ward, teardown_ward),
		cmocka_unit_test_prestate_setup_teardown(test_low_for_48h_stays, setup_ward,
		                                         teardown_ward, (void *)"2026-11-19"),
		cmocka_unit_test_setup_teardown(test_preview, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_preview_after_stop, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_restart_starts_afresh, setup_ward, teardown_ward),
		cmocka_unit_test_prestate_setup_teardown(test_lookback_reads_200, setup_ward,
		                                         teardown_ward, (void *)"2026-11-17"),
		cmocka_unit_test_setup_teardown(test_grace_does_not_hide_a_miss, setup_ward,
		                                teardown_ward),
		cmocka_unit_test_setup_teardown(test_preview_of_a_correction, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_not_done_before_the_clock, setup_ward,
		                                teardown_ward),
	};
	return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
