/* test_chart.c - the rest of the detox chart (issue 9) through the whole
 * core path (check, record, the store, the audit log, read back): doses
 * given and every way one is refused, with nothing stored; the
 * reassessment a dose makes due and the lines that say so; the protocol's
 * 24-hour maximum, with corrections counted once; vital signs typed, taken
 * with an assessment (the COWS pulse, CIWA-Ar pulse and blood pressure),
 * flagged by the protocols' limits and carried along when the assessment
 * is corrected; notes and last use; buprenorphine induction readiness;
 * amending and voiding an entry; an entry changed outside vigil; a unit's
 * own drug list; the chart query's filters; and entry names.
 *
 * Each test starts from a copy of one template database (the people),
 * with the clock pinned (vigil_clock_pin) and moved forward as the story
 * goes; London is on GMT in November. "Nothing stored" is checked by
 * counting rows before and after. */
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
#include "vigil/correctable.h"
#include "vigil/audit.h"
#include "vigil/auth.h"
#include "vigil/chart.h"
#include "vigil/clock.h"
#include "vigil/db.h"
#include "vigil/drugs.h"
#include "vigil/due.h"
#include "vigil/measure.h"
#include "vigil/patient.h"
#include "vigil/protocol.h"
#include "vigil/scale.h"
#include "vigil/store.h"

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

static void raw_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	char *msg = NULL;
	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : sqlite3_errmsg(db));
	sqlite3_close(db);
}

/* The CREATE statement of a trigger, to put it back after a tamper. */
static void raw_trigger_sql(const char *path, const char *name, char *buf, size_t size)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?",
	                       -1, &st, NULL) != SQLITE_OK)
		fail_msg("trigger %s: %s", name, sqlite3_errmsg(db));
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW)
		fail_msg("no trigger %s", name);
	snprintf(buf, size, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static int count(struct ward *w, const char *table)
{
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	return (int)raw_int(w->path, sql);
}

/* What a refusal must leave as it was. */
struct snap {
	int chart, voids, assessments, audit, drug_lists;
};

static struct snap snapshot(struct ward *w)
{
	struct snap s = { count(w, "chart_entries"), count(w, "chart_voids"),
		          count(w, "assessments"), count(w, "audit_log"),
		          count(w, "drug_lists") };
	return s;
}

static void unchanged_at(int line, struct ward *w, struct snap before)
{
	struct snap now = snapshot(w);
	if (memcmp(&now, &before, sizeof now) != 0)
		fail_msg("line %d: the database changed: chart %d->%d, voids %d->%d, assessments "
		         "%d->%d, audit %d->%d, drug lists %d->%d",
		         line, before.chart, now.chart, before.voids, now.voids, before.assessments,
		         now.assessments, before.audit, now.audit, before.drug_lists, now.drug_lists);
}
#define UNCHANGED(w, before) unchanged_at(__LINE__, (w), (before))

/* A refusal with exactly this status and message. */
static void refused_at(int line, vigil_status got, const vigil_error *err, vigil_status code,
                       const char *message)
{
	if (got == VIGIL_OK)
		fail_msg("line %d: accepted, wanted: %s", line, message);
	if (got != code || strcmp(err->msg, message) != 0)
		fail_msg("line %d: refused with (%s) %s\n  wanted (%s) %s", line,
		         vigil_status_name(got), err->msg, vigil_status_name(code), message);
}
#define REFUSED(call, err, code, message) refused_at(__LINE__, (call), (err), (code), (message))

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

static vigil_time clock_now(void)
{
	vigil_time t;
	vigil_error err;
	must(vigil_clock_now(&t, &err), &err, "now");
	return t;
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

/* A ward on 2026-11-21 staffed by the template's people: MRN1001 (bed 1),
 * MRN1002 (bed 2) and MRN1003 (bed 3) admitted at 06:00, MRN1003
 * discharged at 06:30. The clock then reads 09:00; it never goes back
 * (the audit log refuses a clock behind it). */
static int setup_ward(void **state)
{
	struct ward *w = calloc(1, sizeof *w);
	vigil_error err;
	snprintf(w->path, sizeof w->path, "%s/%02d.db", tmpdir, ++file_counter);
	if (!w || copy_file(template_path, w->path) != 0 ||
	    vigil_db_open(w->path, &w->db, &err) != VIGIL_OK)
		return -1;
	w->admin = session_as(w->db, "boss");
	w->nurse = session_as(w->db, "nina");
	w->clinician = session_as(w->db, "cleo");
	vigil_clock_pin(at("2026-11-21 06:00"));
	if (vigil_patient_admit(&w->nurse, "MRN1001", "Alex Morgan", "1", 0, NULL, &err) ||
	    vigil_patient_admit(&w->nurse, "MRN1002", "Jordan Ellis", "2", 0, NULL, &err) ||
	    vigil_patient_admit(&w->nurse, "MRN1003", "Sam Okafor", "3", 0, NULL, &err))
		return -1;
	vigil_clock_pin(at("2026-11-21 06:30"));
	if (vigil_patient_discharge(&w->nurse, "MRN1003", 0, &err) ||
	    vigil_protocols_load(&w->nurse, scales, &w->protocols, &err))
		return -1;
	vigil_clock_pin(at("2026-11-21 09:00"));
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
	snprintf(tmpdir, sizeof tmpdir, "%s/vigil-test-chart-XXXXXX",
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
 * scale's order, the measured item (the COWS pulse) last and with no
 * measure. */
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

static size_t item_index(const char *scale_key, const char *item)
{
	const vigil_scale *s = scale_named(scale_key);
	for (size_t k = 0; k < s->nitems; k++)
		if (!strcmp(s->items[k].key, item))
			return k;
	fail_msg("%s has no item %s", scale_key, item);
	return 0;
}

/* A COWS sheet of total 3 (the pulse not counted) with the pulse measured:
 * 112 scores 2, 96 scores 1. */
static void cows_with_pulse(vigil_sheet *sheet, int hr)
{
	vigil_error err;
	fill(sheet, "cows", 3);
	must(vigil_sheet_set_raw(sheet, item_index("cows", "pulse"), hr, &err), &err, "pulse");
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

static int64_t record_sheet(struct ward *w, const char *mrn, const vigil_sheet *sheet,
                            const vigil_vitals_input *vitals)
{
	vigil_error err;
	int64_t id = 0;
	vigil_record_input in = { .mrn = mrn, .sheet = sheet, .vitals = vitals };
	must(vigil_assessment_record(&w->nurse, &in, &id, &err), &err, "record");
	return id;
}

/* A dose the nurse gives now unless in->at says when; must be saved. */
static int64_t give(struct ward *w, vigil_dose_input in, vigil_dose_effects *fx)
{
	vigil_error err;
	int64_t id = 0;
	must(vigil_dose_record(&w->nurse, w->protocols, &in, &id, fx, &err), &err, in.drug);
	assert_true(id > 0);
	return id;
}

static vigil_chart_entry *entry(struct ward *w, int64_t id)
{
	static vigil_chart_entry e[2];
	static int next;
	vigil_chart_entry *out = &e[next++ % 2];
	vigil_error err;
	must(vigil_chart_get(&w->nurse, id, out, &err), &err, "chart get");
	return out;
}

static vigil_patient patient(struct ward *w, const char *mrn)
{
	vigil_patient p;
	vigil_error err;
	must(vigil_patient_get(&w->nurse, mrn, &p, &err), &err, mrn);
	return p;
}

/* One active scale at the clock's now, which must be there. */
static vigil_scale_state active(struct ward *w, const char *mrn, const char *key)
{
	vigil_error err;
	vigil_patient p = patient(w, mrn);
	vigil_patient_state *ps = malloc(sizeof *ps);
	assert_non_null(ps);
	must(vigil_patient_state_load(&w->nurse, w->protocols, &p, ps, &err), &err, "state");
	for (size_t i = 0; i < ps->nscales; i++) {
		if (!strcmp(ps->scales[i].scale, key)) {
			vigil_scale_state copy = ps->scales[i];
			free(ps);
			return copy;
		}
	}
	free(ps);
	fail_msg("%s is not active for %s", key, mrn);
	return (vigil_scale_state){ .timed = false };
}

/* The entries a query gives, by name: "D7 D5 T3" (a '*' after an amended
 * or voided one). */
struct names {
	char text[512];
	int stop_after;
	int n;
};

static int add_name(const vigil_chart_entry *e, void *ctx)
{
	struct names *l = ctx;
	char name[32];
	size_t len = strlen(l->text);
	vigil_chart_entry_name(e->kind, e->id, name, sizeof name);
	snprintf(l->text + len, sizeof l->text - len, "%s%s%s", len ? " " : "", name,
	         e->status == VIGIL_ASSESS_FINAL ? "" : "*");
	return ++l->n == l->stop_after;
}

static const char *names_of(struct ward *w, vigil_chart_query q)
{
	static struct names l;
	vigil_error err;
	memset(&l, 0, sizeof l);
	must(vigil_chart_each(&w->nurse, &q, add_name, &l, &err), &err, "chart each");
	return l.text;
}

static const char *name_of(vigil_chart_kind kind, int64_t id)
{
	static char bufs[4][32];
	static int next;
	char *b = bufs[next++ % 4];
	vigil_chart_entry_name(kind, id, b, 32);
	return b;
}

/* The current vital signs taken with an assessment: how many, the last in *out. */
static int take_entry(const vigil_chart_entry *e, void *ctx)
{
	*(vigil_chart_entry *)ctx = *e;
	return 0;
}

static int linked_vitals(struct ward *w, int64_t assessment_id, vigil_chart_entry *out)
{
	vigil_error err;
	struct names l = { .n = 0 };
	vigil_chart_query q = { .kinds = 1u << VIGIL_CHART_VITALS, .assessment_id = assessment_id };
	must(vigil_chart_each(&w->nurse, &q, add_name, &l, &err), &err, "linked");
	if (out && l.n)
		must(vigil_chart_each(&w->nurse, &q, take_entry, out, &err), &err, "linked");
	return l.n;
}

static int64_t total_24h(struct ward *w, const char *mrn, const char *drug, const char *unit,
                         vigil_time when)
{
	int64_t total = -1;
	vigil_error err;
	must(vigil_dose_total_24h(&w->nurse, mrn, drug, unit, when, &total, &err), &err, "total");
	return total;
}

static vigil_cap_flags caps(struct ward *w, const char *mrn)
{
	vigil_cap_flags f;
	vigil_error err;
	vigil_patient p = patient(w, mrn);
	must(vigil_dose_caps(&w->nurse, w->protocols, &p, clock_now(), &f, &err), &err, "caps");
	return f;
}

/* The readiness line at the clock's now. */
static vigil_readiness readiness(struct ward *w, const char *mrn)
{
	vigil_readiness r;
	vigil_error err;
	vigil_patient p = patient(w, mrn);
	vigil_patient_state *ps = malloc(sizeof *ps);
	assert_non_null(ps);
	must(vigil_patient_state_load(&w->nurse, w->protocols, &p, ps, &err), &err, "state");
	must(vigil_readiness_get(&w->nurse, ps, clock_now(), &r, &err), &err, "readiness");
	free(ps);
	return r;
}

static int64_t last_use(struct ward *w, const char *mrn, const char *substance, const char *when)
{
	int64_t id = 0;
	vigil_error err;
	must(vigil_last_use_record(&w->nurse, w->protocols, mrn, substance, at(when), NULL, &id,
	                           &err),
	     &err, substance);
	return id;
}

/* ---- doses: every refusal, nothing stored ------------------------------ */

/* A dose as typed: the fields given, the rest (left NULL) from a default
 * for MRN1001 now. */
static vigil_dose_input dose_in(vigil_dose_input in, const char *drug, const char *amount,
                                const char *route)
{
	in.mrn = in.mrn ? in.mrn : "MRN1001";
	in.drug = in.drug ? in.drug : drug;
	in.amount = in.amount ? in.amount : amount;
	in.unit = in.unit ? in.unit : "mg";
	in.route = in.route ? in.route : route;
	return in;
}

/* Buprenorphine 4 mg SL, with the fields given changed; BUP_NOW as it is. */
#define BUP(...) dose_in((vigil_dose_input){ __VA_ARGS__ }, "buprenorphine", "4", "SL")
#define BUP_NOW BUP(.at = 0)

/* Refused by both vigil_dose_check (the form, before Enter) and
 * vigil_dose_record (nothing stored). */
static void refuse_dose_at(int line, struct ward *w, vigil_dose_input in, const char *message)
{
	struct snap before = snapshot(w);
	vigil_error err = { 0 };
	vigil_dose parsed;
	int64_t id = -1;
	refused_at(line, vigil_dose_check(w->protocols, &in, &parsed, &err), &err, VIGIL_EINVAL,
	           message);
	memset(&err, 0, sizeof err);
	refused_at(line, vigil_dose_record(&w->nurse, w->protocols, &in, &id, NULL, &err), &err,
	           VIGIL_EINVAL, message);
	if (id != -1)
		fail_msg("line %d: an id was given for a refused dose", line);
	unchanged_at(line, w, before);
}
#define REFUSE_DOSE(w, in, message) refuse_dose_at(__LINE__, (w), (in), (message))

static void test_dose_refusals(void **state)
{
	struct ward *w = *state;
	char long_reason[VIGIL_REASON_MAX + 2], long_note[VIGIL_NOTE_MAX + 2];
	memset(long_reason, 'r', sizeof long_reason - 1);
	long_reason[sizeof long_reason - 1] = '\0';
	memset(long_note, 'n', sizeof long_note - 1);
	long_note[sizeof long_note - 1] = '\0';

	REFUSE_DOSE(w, BUP(.drug = "heroin"),
	            "unknown drug 'heroin' (use buprenorphine, buprenorphine-naloxone, methadone, "
	            "lofexidine, clonidine, loperamide, ondansetron, ibuprofen, paracetamol, "
	            "chlordiazepoxide, diazepam, lorazepam or thiamine)");
	REFUSE_DOSE(w, BUP(.drug = ""), "unknown drug '' (use buprenorphine, buprenorphine-naloxone, "
	                                "methadone, lofexidine, clonidine, loperamide, ondansetron, "
	                                "ibuprofen, paracetamol, chlordiazepoxide, diazepam, "
	                                "lorazepam or thiamine)");
	REFUSE_DOSE(w, BUP(.drug = "lofexidine", .unit = "mcg", .amount = "0.2", .route = "PO"),
	            "'mcg' is not a unit for lofexidine (use mg)");
	REFUSE_DOSE(w, BUP(.drug = "clonidine", .unit = "mL", .amount = "1", .route = "PO"),
	            "'mL' is not a unit for clonidine (use mcg or mg)");
	REFUSE_DOSE(w, BUP(.unit = "ug"), "'ug' is not a unit for buprenorphine (use mg)");
	REFUSE_DOSE(w, BUP(.route = "IV"), "'IV' is not a route for buprenorphine (use SL or BUCCAL)");
	REFUSE_DOSE(w, BUP(.drug = "thiamine", .amount = "100", .route = "SL"),
	            "'SL' is not a route for thiamine (use PO, IM or IV)");
	REFUSE_DOSE(w, BUP(.route = ""),
	            "buprenorphine: the route is missing (use SL or BUCCAL)");
	REFUSE_DOSE(w, ((vigil_dose_input){ .mrn = "MRN1001", .drug = "methadone", .amount = "10",
	                                    .unit = "mg" }),
	            "methadone: the route is missing (use PO)");
	REFUSE_DOSE(w, BUP(.amount = "0"), "buprenorphine: '0' is not an amount above zero");
	REFUSE_DOSE(w, BUP(.amount = "0.000"), "buprenorphine: '0.000' is not an amount above zero");
	REFUSE_DOSE(w, BUP(.amount = "-4"), "buprenorphine: '-4' is not an amount above zero");
	REFUSE_DOSE(w, BUP(.amount = "four"),
	            "buprenorphine: 'four' is not an amount (use digits, like 4 or 0.5)");
	REFUSE_DOSE(w, BUP(.amount = "1e3"),
	            "buprenorphine: '1e3' is not an amount (use digits, like 4 or 0.5)");
	REFUSE_DOSE(w, BUP(.amount = "4,5"),
	            "buprenorphine: '4,5' is not an amount (use digits, like 4 or 0.5)");
	REFUSE_DOSE(w, BUP(.amount = ".5"), "buprenorphine: '.5' needs a leading zero (0.5)");
	REFUSE_DOSE(w, BUP(.amount = "0.0005"), "buprenorphine: '0.0005' has more than 3 decimals");
	REFUSE_DOSE(w, BUP(.amount = ""), "buprenorphine: the amount given is missing");
	REFUSE_DOSE(w, ((vigil_dose_input){ .mrn = "MRN1001", .drug = "buprenorphine", .unit = "mg",
	                                    .route = "SL" }),
	            "buprenorphine: the amount given is missing");
	/* Plausible maximum: 32 mg of buprenorphine at once, 0.8 mg of
	 * lofexidine, 300 mcg or 0.3 mg of clonidine (each unit its own). */
	REFUSE_DOSE(w, BUP(.amount = "32.001"),
	            "buprenorphine 32.001 mg is more than the largest plausible single dose (32 mg): "
	            "check the amount");
	REFUSE_DOSE(w, BUP(.amount = "40"),
	            "buprenorphine 40 mg is more than the largest plausible single dose (32 mg): "
	            "check the amount");
	REFUSE_DOSE(w, BUP(.drug = "lofexidine", .amount = "0.9", .route = "PO"),
	            "lofexidine 0.9 mg is more than the largest plausible single dose (0.8 mg): "
	            "check the amount");
	REFUSE_DOSE(w, BUP(.drug = "clonidine", .amount = "0.4", .route = "PO"),
	            "clonidine 0.4 mg is more than the largest plausible single dose (0.3 mg): "
	            "check the amount");
	REFUSE_DOSE(w, BUP(.drug = "clonidine", .amount = "400", .unit = "mcg", .route = "PO"),
	            "clonidine 400 mcg is more than the largest plausible single dose (300 mcg): "
	            "check the amount");
	REFUSE_DOSE(w, BUP(.reason = long_reason), "reason: 201 characters is over the limit of 200");
	REFUSE_DOSE(w, BUP(.note = long_note), "note: 1001 characters is over the limit of 1000");
	REFUSE_DOSE(w, BUP(.note = "gave it\a"), "note: control character U+0007 is not allowed");
	REFUSE_DOSE(w, BUP(.note = "line one\nline two"),
	            "note: control character U+000A is not allowed");
	REFUSE_DOSE(w, BUP(.reason = "COWS\t14"), "reason: control character U+0009 is not allowed");
	REFUSE_DOSE(w, BUP(.kind = (vigil_dose_kind)7), "unknown kind of dose");
	assert_int_equal(count(w, "chart_entries"), 0);

	/* At the limits: accepted. */
	vigil_dose d;
	vigil_error err;
	vigil_dose_input in = BUP(.amount = "32", .reason = long_reason + 1, .note = long_note + 1);
	must(vigil_dose_check(w->protocols, &in, &d, &err), &err, "32 mg");
	assert_int_equal(d.amount, 32000);
	in = BUP(.drug = "lofexidine", .amount = "0.8", .route = "po");
	must(vigil_dose_check(w->protocols, &in, &d, &err), &err, "0.8 mg");
	assert_int_equal(d.amount, 800);
	assert_string_equal(d.route, "PO");
}

/* Drug, unit and route are matched without regard to case and stored as
 * the list spells them. */
static void test_dose_case_and_words(void **state)
{
	struct ward *w = *state;
	vigil_dose d;
	vigil_error err;
	vigil_dose_input in = BUP(.drug = "Buprenorphine", .unit = "Mg", .route = "sl",
	                          .kind = VIGIL_DOSE_PRN, .reason = "COWS 14");
	must(vigil_dose_check(w->protocols, &in, &d, &err), &err, "check");
	assert_string_equal(d.drug, "buprenorphine");
	assert_string_equal(d.unit, "mg");
	assert_string_equal(d.route, "SL");
	assert_int_equal(d.amount, 4000);
	assert_int_equal(d.kind, VIGIL_DOSE_PRN);
	assert_string_equal(d.reason, "COWS 14");
	char words[80];
	vigil_dose_words(&d, words, sizeof words);
	assert_string_equal(words, "buprenorphine 4 mg SL PRN");

	int64_t id = give(w, in, NULL);
	vigil_chart_entry *e = entry(w, id);
	assert_int_equal(e->kind, VIGIL_CHART_DOSE);
	assert_string_equal(e->mrn, "MRN1001");
	assert_string_equal(e->dose.drug, "buprenorphine");
	assert_string_equal(e->dose.unit, "mg");
	assert_string_equal(e->dose.route, "SL");
	assert_int_equal(e->dose.amount, 4000);
	assert_int_equal(e->dose.kind, VIGIL_DOSE_PRN);
	assert_string_equal(e->dose.reason, "COWS 14");
	assert_string_equal(local(e->at), "2026-11-21 09:00");
	assert_int_equal(e->at, e->entered_at);
	assert_false(e->late);
	assert_string_equal(e->performer, "nina");
	assert_int_equal(e->status, VIGIL_ASSESS_FINAL);
	assert_int_equal(raw_int(w->path, "SELECT count(*) FROM chart_entries WHERE drug ="
	                                  " 'buprenorphine' AND unit = 'mg' AND route = 'SL'"
	                                  " AND dose_kind = 'prn' AND amount = 4000"),
	                 1);

	in = BUP(.drug = "CLONIDINE", .amount = "0.05", .unit = "MCG", .route = "td",
	         .kind = VIGIL_DOSE_SCHEDULED);
	must(vigil_dose_check(w->protocols, &in, &d, &err), &err, "clonidine");
	vigil_dose_words(&d, words, sizeof words);
	assert_string_equal(words, "clonidine 0.05 mcg TD");
	assert_string_equal(vigil_dose_kind_key(VIGIL_DOSE_SCHEDULED), "scheduled");
	assert_string_equal(vigil_dose_kind_key(VIGIL_DOSE_PRN), "prn");
	assert_string_equal(vigil_dose_kind_key(VIGIL_DOSE_UNSPECIFIED), "");
	audit_intact(w);
}

static void test_dose_who_and_when(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	struct snap before = snapshot(w);
	vigil_dose_input in = BUP_NOW;
	/* An admin does not chart doses. */
	REFUSED(vigil_dose_record(&w->admin, w->protocols, &in, NULL, NULL, &err), &err, VIGIL_EPERM,
	        "boss (admin) may not chart a dose, vital signs, a note or last use: it needs the "
	        "nurse or clinician role");
	UNCHANGED(w, before);
	in = BUP(.mrn = "MRN9999");
	REFUSED(vigil_dose_record(&w->nurse, w->protocols, &in, NULL, NULL, &err),
	        &err, VIGIL_ENOTFOUND, "unknown patient 'MRN9999'");
	UNCHANGED(w, before);
	/* Discharged at 06:30: not now, not after; during the stay is a late
	 * entry. */
	in = BUP(.mrn = "MRN1003");
	REFUSED(vigil_dose_record(&w->nurse, w->protocols, &in, NULL, NULL, &err), &err, VIGIL_EINVAL,
	        "patient MRN1003 has been discharged");
	in.at = at("2026-11-21 07:00");
	REFUSED(vigil_dose_record(&w->nurse, w->protocols, &in, NULL, NULL, &err), &err, VIGIL_EINVAL,
	        "time 2026-11-21 07:00 is after MRN1003 was discharged (2026-11-21 06:30)");
	in = BUP(.at = at("2026-11-21 09:01"));
	REFUSED(vigil_dose_record(&w->nurse, w->protocols, &in, NULL, NULL, &err), &err, VIGIL_EINVAL,
	        "time 2026-11-21 09:01 is in the future");
	in = BUP(.at = at("2026-11-21 05:59"));
	REFUSED(vigil_dose_record(&w->clinician, w->protocols, &in, NULL, NULL, &err), &err,
	        VIGIL_EINVAL, "time 2026-11-21 05:59 is before MRN1001 was admitted (2026-11-21 06:00)");
	UNCHANGED(w, before);

	/* Nurse and clinician may; a dose given during the discharged
	 * patient's stay is charted late. */
	int64_t by_nurse = give(w, BUP_NOW, NULL), by_clin = 0, late_id = 0;
	in = BUP(.mrn = "MRN1002", .drug = "ibuprofen", .amount = "400", .unit = "mg", .route = "PO");
	must(vigil_dose_record(&w->clinician, w->protocols, &in, &by_clin, NULL, &err), &err,
	     "clinician");
	in = BUP(.mrn = "MRN1003", .at = at("2026-11-21 06:10"));
	must(vigil_dose_record(&w->nurse, w->protocols, &in, &late_id, NULL, &err), &err, "late");
	assert_string_equal(entry(w, by_nurse)->performer, "nina");
	assert_false(entry(w, by_nurse)->late);
	assert_string_equal(entry(w, by_clin)->performer, "cleo");
	assert_string_equal(entry(w, by_clin)->entered_by, "cleo");
	vigil_chart_entry *e = entry(w, late_id);
	assert_true(e->late);
	assert_string_equal(local(e->at), "2026-11-21 06:10");
	assert_string_equal(local(e->entered_at), "2026-11-21 09:00");
	assert_int_equal(count(w, "chart_entries"), 3);
	/* Each audited as a chart entry. */
	assert_int_equal(raw_int(w->path, "SELECT count(*) FROM audit_log WHERE entity = 'chart'"
	                                  " AND action = 'dose'"),
	                 3);
	audit_intact(w);
}

/* ---- what a dose makes due --------------------------------------------- */

static void test_post_dose_due(void **state)
{
	struct ward *w = *state;
	vigil_dose_effects fx;
	vigil_error err;
	/* COWS 3 at 09:00: 4-hourly, due 13:00. */
	record(w, "MRN1001", "cows", 3, "2026-11-21 09:00");
	vigil_scale_state s = active(w, "MRN1001", "cows");
	assert_string_equal(local(s.due_at), "2026-11-21 13:00");
	assert_string_equal(s.why, "COWS 3 no active withdrawal: 4-hourly");

	/* Ibuprofen treats no withdrawal scale: nothing moves. */
	clock_at("2026-11-21 09:40");
	give(w, BUP(.drug = "ibuprofen", .amount = "400", .route = "PO"), &fx);
	assert_int_equal(fx.ndue, 0);
	assert_false(fx.over_cap);
	assert_string_equal(fx.cap, "");
	s = active(w, "MRN1001", "cows");
	assert_string_equal(local(s.due_at), "2026-11-21 13:00");
	assert_string_equal(s.why, "COWS 3 no active withdrawal: 4-hourly");

	/* Buprenorphine 4 mg SL at 10:05: the COWS is due an hour after. */
	clock_at("2026-11-21 10:05");
	give(w, BUP_NOW, &fx);
	assert_int_equal(fx.ndue, 1);
	assert_string_equal(fx.due[0], "after buprenorphine 4 mg SL at 10:05: COWS due 11:05");
	assert_false(fx.over_cap);
	s = active(w, "MRN1001", "cows");
	assert_string_equal(local(s.due_at), "2026-11-21 11:05");
	assert_string_equal(s.why, "after buprenorphine 4 mg SL at 10:05");
	/* The other patient's clock is their own. */
	record(w, "MRN1002", "cows", 3, "2026-11-21 10:05");
	assert_string_equal(local(active(w, "MRN1002", "cows").due_at), "2026-11-21 14:05");

	/* The reassessment after the dose resets the clock. */
	record(w, "MRN1001", "cows", 3, "2026-11-21 10:50");
	s = active(w, "MRN1001", "cows");
	assert_string_equal(local(s.due_at), "2026-11-21 14:50");
	assert_string_equal(s.why, "COWS 3 no active withdrawal: 4-hourly");

	/* Another dose, then voided: it no longer moves the clock. */
	clock_at("2026-11-21 11:00");
	int64_t second = give(w, BUP(.amount = "2", .kind = VIGIL_DOSE_PRN), &fx);
	assert_string_equal(fx.due[0], "after buprenorphine 2 mg SL PRN at 11:00: COWS due 12:00");
	assert_string_equal(active(w, "MRN1001", "cows").why,
	                    "after buprenorphine 2 mg SL PRN at 11:00");
	clock_at("2026-11-21 11:10");
	must(vigil_chart_void(&w->nurse, second, "wrong patient", &err), &err, "void");
	s = active(w, "MRN1001", "cows");
	assert_string_equal(local(s.due_at), "2026-11-21 14:50");
	assert_string_equal(s.why, "COWS 3 no active withdrawal: 4-hourly");

	/* Corrected to later, a dose's reassessment moves with it. */
	clock_at("2026-11-21 11:20");
	int64_t third = give(w, BUP(.at = at("2026-11-21 11:15")), &fx);
	assert_string_equal(local(active(w, "MRN1001", "cows").due_at), "2026-11-21 12:15");
	vigil_chart_entry fix = *entry(w, third);
	fix.at = at("2026-11-21 11:18");
	must(vigil_chart_amend(&w->nurse, w->protocols, third, &fix, "time misread", NULL, &err),
	     &err, "amend");
	s = active(w, "MRN1001", "cows");
	assert_string_equal(local(s.due_at), "2026-11-21 12:18");
	assert_string_equal(s.why, "after buprenorphine 4 mg SL at 11:18");
	audit_intact(w);
}

static void test_dose_effect_lines(void **state)
{
	struct ward *w = *state;
	vigil_dose_effects fx;
	/* COWS 16 at 09:00 is hourly: due 10:00, before a 09:30 dose's 10:30. */
	record(w, "MRN1001", "cows", 16, "2026-11-21 09:00");
	clock_at("2026-11-21 09:30");
	give(w, BUP_NOW, &fx);
	assert_int_equal(fx.ndue, 1);
	assert_string_equal(fx.due[0],
	                    "after buprenorphine 4 mg SL at 09:30: COWS due 10:30 (already due 10:00)");
	assert_string_equal(local(active(w, "MRN1001", "cows").due_at), "2026-11-21 10:00");

	/* A drug for both opioid scales on a patient on COWS and CIWA-Ar: only
	 * the COWS (SOWS is not monitored); lorazepam the CIWA-Ar only. */
	record(w, "MRN1002", "cows", 3, "2026-11-21 09:30");
	record(w, "MRN1002", "ciwa-ar", 3, "2026-11-21 09:35");
	clock_at("2026-11-21 09:40");
	give(w, BUP(.mrn = "MRN1002", .drug = "buprenorphine-naloxone", .route = "buccal"), &fx);
	assert_int_equal(fx.ndue, 1);
	assert_string_equal(fx.due[0],
	                    "after buprenorphine-naloxone 4 mg BUCCAL at 09:40: COWS due 10:40");
	give(w, BUP(.mrn = "MRN1002", .drug = "lorazepam", .amount = "1", .route = "PO"), &fx);
	assert_int_equal(fx.ndue, 1);
	assert_string_equal(fx.due[0], "after lorazepam 1 mg PO at 09:40: CIWA-Ar due 10:40");
	assert_string_equal(local(active(w, "MRN1002", "ciwa-ar").due_at), "2026-11-21 10:40");
	assert_string_equal(local(active(w, "MRN1002", "cows").due_at), "2026-11-21 10:40");

	/* A patient on no scale: nothing to say. */
	vigil_dose_input in = BUP(.mrn = "MRN1003", .at = at("2026-11-21 06:20"));
	give(w, in, &fx);
	assert_int_equal(fx.ndue, 0);

	/* Across midnight the due time carries its date. */
	record(w, "MRN1001", "cows", 3, "2026-11-21 23:00");
	clock_at("2026-11-21 23:30");
	give(w, BUP_NOW, &fx);
	assert_string_equal(fx.due[0],
	                    "after buprenorphine 4 mg SL at 23:30: COWS due 2026-11-22 00:30");
}

/* A dose charted late, given before the scale's latest assessment, makes
 * nothing due (the clock runs from that assessment): its effect line says
 * so and gives the due time `vigil due` and the board show. (Found here:
 * the line once said "COWS due 10:30"; fixed in 537083b.) */
static void test_late_dose_effects_match_due(void **state)
{
	struct ward *w = *state;
	vigil_dose_effects fx;
	record(w, "MRN1001", "cows", 3, "2026-11-21 10:00");
	clock_at("2026-11-21 10:15");
	give(w, BUP(.at = at("2026-11-21 09:30")), &fx);
	vigil_scale_state s = active(w, "MRN1001", "cows");
	assert_string_equal(local(s.due_at), "2026-11-21 14:00");
	assert_string_equal(s.why, "COWS 3 no active withdrawal: 4-hourly");
	assert_int_equal(fx.ndue, 1);
	assert_string_equal(fx.due[0], "buprenorphine 4 mg SL at 09:30 was before the latest COWS "
	                               "(10:00): COWS due 14:00");
	/* Given at the assessment's very minute (scored, then given): the
	 * dose's own reassessment. */
	give(w, BUP(.at = at("2026-11-21 10:00")), &fx);
	assert_string_equal(fx.due[0], "after buprenorphine 4 mg SL at 10:00: COWS due 11:00");
	assert_string_equal(local(active(w, "MRN1001", "cows").due_at), "2026-11-21 11:00");
}

/* ---- the 24-hour maximum ----------------------------------------------- */

/* Lorazepam 3 mg PO, with the fields given changed; LORAZEPAM_NOW as it is. */
#define LORAZEPAM(...) dose_in((vigil_dose_input){ __VA_ARGS__ }, "lorazepam", "3", "PO")
#define LORAZEPAM_NOW LORAZEPAM(.at = 0)

static void test_cap_24h(void **state)
{
	struct ward *w = *state;
	vigil_dose_effects fx;
	const char *times[] = { "2026-11-21 09:00", "2026-11-21 10:00", "2026-11-21 11:00" };
	for (size_t i = 0; i < 3; i++) {
		clock_at(times[i]);
		give(w, LORAZEPAM_NOW, &fx);
		assert_false(fx.over_cap);
		assert_string_equal(fx.cap, "");
	}
	assert_int_equal(total_24h(w, "MRN1001", "lorazepam", "mg", clock_now()), 9000);
	assert_int_equal(caps(w, "MRN1001").n, 0);
	/* The fourth reaches the protocol's 12 mg. */
	clock_at("2026-11-21 12:00");
	give(w, LORAZEPAM_NOW, &fx);
	assert_true(fx.over_cap);
	assert_string_equal(fx.cap,
	                    "lorazepam 12 mg in 24 h: reaches the protocol's 12 mg: tell the clinician");
	vigil_cap_flags f = caps(w, "MRN1001");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.text[0],
	                    "lorazepam 12 mg in 24 h: reaches the protocol's 12 mg: tell the clinician");
	/* One more mg passes it; it is still recorded (it was given). */
	clock_at("2026-11-21 13:00");
	int64_t fifth = give(w, LORAZEPAM(.amount = "1"), &fx);
	assert_true(fx.over_cap);
	assert_string_equal(fx.cap,
	                    "lorazepam 13 mg in 24 h: over the protocol's 12 mg: tell the clinician");
	assert_int_equal(entry(w, fifth)->dose.amount, 1000);
	assert_int_equal(total_24h(w, "MRN1001", "lorazepam", "mg", clock_now()), 13000);
	assert_int_equal(total_24h(w, "MRN1001", "lorazepam", "g", clock_now()), 13);
	assert_int_equal(total_24h(w, "MRN1001", "lorazepam", "mcg", clock_now()), 13000000);
	/* Chlordiazepoxide's cap is counted on its own. */
	clock_at("2026-11-21 13:05");
	give(w, LORAZEPAM(.drug = "chlordiazepoxide", .amount = "100"), &fx);
	assert_false(fx.over_cap);
	give(w, LORAZEPAM(.drug = "chlordiazepoxide", .amount = "50"), &fx);
	assert_string_equal(fx.cap, "chlordiazepoxide 150 mg in 24 h: reaches the protocol's 150 mg: "
	                            "tell the clinician");
	f = caps(w, "MRN1001");
	assert_int_equal(f.n, 2);
	assert_string_equal(f.text[0],
	                    "lorazepam 13 mg in 24 h: over the protocol's 12 mg: tell the clinician");
	assert_string_equal(f.text[1], "chlordiazepoxide 150 mg in 24 h: reaches the protocol's "
	                               "150 mg: tell the clinician");
	/* Another patient's doses are not this one's. */
	assert_int_equal(caps(w, "MRN1002").n, 0);
	assert_int_equal(total_24h(w, "MRN1002", "lorazepam", "mg", clock_now()), 0);

	/* 24 hours on, the 09:00 dose drops out: at 08:59:59 it still counts. */
	vigil_time cut = at("2026-11-22 09:00");
	assert_int_equal(total_24h(w, "MRN1001", "lorazepam", "mg", cut - 1), 13000);
	assert_int_equal(total_24h(w, "MRN1001", "lorazepam", "mg", cut), 10000);
	/* A total up to a time counts no dose after it. */
	assert_int_equal(total_24h(w, "MRN1001", "lorazepam", "mg", at("2026-11-21 10:59")), 6000);
	assert_int_equal(total_24h(w, "MRN1001", "lorazepam", "mg", at("2026-11-21 11:00")), 9000);
	clock_at("2026-11-22 09:00");
	f = caps(w, "MRN1001");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.text[0], "chlordiazepoxide 150 mg in 24 h: reaches the protocol's "
	                               "150 mg: tell the clinician");
	clock_at("2026-11-22 11:59");
	assert_int_equal(total_24h(w, "MRN1001", "lorazepam", "mg", clock_now()), 4000);
	clock_at("2026-11-22 13:05");
	assert_int_equal(total_24h(w, "MRN1001", "lorazepam", "mg", clock_now()), 0);
	assert_int_equal(caps(w, "MRN1001").n, 0);
}

static void test_cap_counts_corrections_once(void **state)
{
	struct ward *w = *state;
	vigil_dose_effects fx;
	vigil_error err;
	int64_t ids[4];
	const char *times[] = { "2026-11-21 09:00", "2026-11-21 10:00", "2026-11-21 11:00",
		                "2026-11-21 12:00" };
	for (size_t i = 0; i < 4; i++) {
		clock_at(times[i]);
		ids[i] = give(w, LORAZEPAM_NOW, &fx);
	}
	assert_true(fx.over_cap);
	/* The fourth was 2 mg, not 3: amended, it counts once at 2. */
	clock_at("2026-11-21 12:10");
	vigil_chart_entry fix = *entry(w, ids[3]);
	fix.dose.amount = 2000;
	int64_t fixed = 0;
	must(vigil_chart_amend(&w->nurse, w->protocols, ids[3], &fix, "it was 2 mg", &fixed, &err),
	     &err, "amend");
	assert_int_equal(total_24h(w, "MRN1001", "lorazepam", "mg", clock_now()), 11000);
	assert_int_equal(caps(w, "MRN1001").n, 0);
	/* 1 mg more reaches 12 again. */
	clock_at("2026-11-21 13:00");
	int64_t extra = give(w, LORAZEPAM(.amount = "1"), &fx);
	assert_true(fx.over_cap);
	assert_string_equal(fx.cap,
	                    "lorazepam 12 mg in 24 h: reaches the protocol's 12 mg: tell the clinician");
	/* Voided, it counts not at all. */
	clock_at("2026-11-21 13:10");
	must(vigil_chart_void(&w->nurse, extra, "charted twice", &err), &err, "void");
	assert_int_equal(total_24h(w, "MRN1001", "lorazepam", "mg", clock_now()), 11000);
	assert_int_equal(caps(w, "MRN1001").n, 0);
	must(vigil_chart_void(&w->nurse, ids[1], "not given", &err), &err, "void");
	assert_int_equal(total_24h(w, "MRN1001", "lorazepam", "mg", clock_now()), 8000);

	/* Amounts in units that convert add up; mL never becomes mg. */
	give(w, BUP(.drug = "clonidine", .amount = "100", .unit = "mcg", .route = "PO"), NULL);
	give(w, BUP(.drug = "clonidine", .amount = "0.1", .unit = "mg", .route = "PO"), NULL);
	assert_int_equal(total_24h(w, "MRN1001", "clonidine", "mcg", clock_now()), 200000);
	assert_int_equal(total_24h(w, "MRN1001", "clonidine", "mg", clock_now()), 200);
	give(w, BUP(.drug = "paracetamol", .amount = "1", .unit = "g", .route = "PO"), NULL);
	give(w, BUP(.drug = "paracetamol", .amount = "500", .unit = "mg", .route = "PR"), NULL);
	assert_int_equal(total_24h(w, "MRN1001", "paracetamol", "mg", clock_now()), 1500000);
	assert_int_equal(total_24h(w, "MRN1001", "paracetamol", "mL", clock_now()), 0);
	audit_intact(w);
}

/* ---- vital signs ------------------------------------------------------- */

static void vitals_arg_refused_at(int line, const char *text, const char *message)
{
	char arg[64];
	vigil_vitals_input in = { .mrn = NULL };
	vigil_error err = { 0 };
	snprintf(arg, sizeof arg, "%s", text);
	refused_at(line, vigil_vitals_arg(arg, &in, &err), &err, VIGIL_EINVAL, message);
	for (int v = 0; v < VIGIL_VITAL_COUNT; v++)
		if (in.value[v])
			fail_msg("line %d: %s set by a refused argument", line,
			         vigil_vital_key((vigil_vital)v));
}
#define VITALS_ARG_REFUSED(text, message) vitals_arg_refused_at(__LINE__, (text), (message))

static void test_vitals_arg(void **state)
{
	(void)state;
	char hr[] = "hr=88", bp[] = "bp=120/80", temp[] = "temp=37.5", rr[] = "rr=16",
	     spo2[] = "spo2=97", upper[] = "HR=90", bp2[] = "BP=130/85";
	vigil_vitals_input in = { .mrn = "MRN1001" };
	vigil_error err;
	must(vigil_vitals_arg(hr, &in, &err), &err, hr);
	must(vigil_vitals_arg(bp, &in, &err), &err, bp);
	must(vigil_vitals_arg(temp, &in, &err), &err, temp);
	must(vigil_vitals_arg(rr, &in, &err), &err, rr);
	must(vigil_vitals_arg(spo2, &in, &err), &err, spo2);
	assert_string_equal(in.value[VIGIL_VITAL_HR], "88");
	assert_string_equal(in.value[VIGIL_VITAL_SYS], "120");
	assert_string_equal(in.value[VIGIL_VITAL_DIA], "80");
	assert_string_equal(in.value[VIGIL_VITAL_TEMP], "37.5");
	assert_string_equal(in.value[VIGIL_VITAL_RR], "16");
	assert_string_equal(in.value[VIGIL_VITAL_SPO2], "97");
	vigil_vitals v;
	must(vigil_vitals_check(&in, &v, &err), &err, "check");
	int want[VIGIL_VITAL_COUNT] = { 88, 120, 80, 375, 16, 97 };
	for (int k = 0; k < VIGIL_VITAL_COUNT; k++) {
		assert_true(v.has[k]);
		assert_int_equal(v.value[k], want[k]);
	}
	/* Keys in any case; a later value replaces an earlier one. */
	must(vigil_vitals_arg(upper, &in, &err), &err, upper);
	must(vigil_vitals_arg(bp2, &in, &err), &err, bp2);
	assert_string_equal(in.value[VIGIL_VITAL_HR], "90");
	assert_string_equal(in.value[VIGIL_VITAL_SYS], "130");
	assert_string_equal(in.value[VIGIL_VITAL_DIA], "85");

	VITALS_ARG_REFUSED("pulse=88", "unknown vital sign 'pulse' (use hr, bp, temp, rr or spo2)");
	VITALS_ARG_REFUSED("sys=120", "unknown vital sign 'sys' (use hr, bp, temp, rr or spo2)");
	VITALS_ARG_REFUSED("dia=80", "unknown vital sign 'dia' (use hr, bp, temp, rr or spo2)");
	VITALS_ARG_REFUSED("bp=120", "blood pressure: '120' is not SYSTOLIC/DIASTOLIC (like 120/80)");
	VITALS_ARG_REFUSED("bp=120-80",
	                   "blood pressure: '120-80' is not SYSTOLIC/DIASTOLIC (like 120/80)");
	VITALS_ARG_REFUSED("88", "'88' is not a vital sign (like hr=88, bp=120/80, temp=37.5, "
	                         "rr=16, spo2=97)");
	VITALS_ARG_REFUSED("=88", "'=88' is not a vital sign (like hr=88, bp=120/80, temp=37.5, "
	                          "rr=16, spo2=97)");
}

static void refuse_vitals_at(int line, struct ward *w, const char *const *args,
                             const char *message)
{
	char buf[8][32];
	vigil_vitals_input in = { .mrn = "MRN1001" };
	vigil_error err = { 0 };
	for (size_t i = 0; args[i]; i++) {
		snprintf(buf[i], sizeof buf[i], "%s", args[i]);
		must(vigil_vitals_arg(buf[i], &in, &err), &err, args[i]);
	}
	struct snap before = snapshot(w);
	vigil_vitals v;
	refused_at(line, vigil_vitals_check(&in, &v, &err), &err, VIGIL_EINVAL, message);
	memset(&err, 0, sizeof err);
	refused_at(line, vigil_vitals_record(&w->nurse, w->protocols, &in, NULL, &err), &err,
	           VIGIL_EINVAL, message);
	unchanged_at(line, w, before);
}
#define REFUSE_VITALS(w, message, ...)                                                          \
	refuse_vitals_at(__LINE__, (w), (const char *const[]){ __VA_ARGS__, NULL }, (message))

static void test_vitals_refusals(void **state)
{
	struct ward *w = *state;
	REFUSE_VITALS(w, "blood pressure 80/80: systolic must be above diastolic", "bp=80/80");
	REFUSE_VITALS(w, "blood pressure 90/120: systolic must be above diastolic", "bp=90/120");
	REFUSE_VITALS(w, "heart rate: 19 is not plausible (20-250)", "hr=19");
	REFUSE_VITALS(w, "heart rate: 251 is not plausible (20-250)", "hr=251");
	REFUSE_VITALS(w, "heart rate: '12o' is not a whole number", "hr=12o");
	REFUSE_VITALS(w, "heart rate: '88.5' is not a whole number", "hr=88.5");
	REFUSE_VITALS(w, "heart rate: -5 is not plausible (20-250)", "hr=-5");
	REFUSE_VITALS(w, "systolic: 49 is not plausible (50-300)", "bp=49/30");
	REFUSE_VITALS(w, "systolic: 301 is not plausible (50-300)", "bp=301/80");
	REFUSE_VITALS(w, "diastolic: 19 is not plausible (20-200)", "bp=120/19");
	REFUSE_VITALS(w, "diastolic: 201 is not plausible (20-200)", "bp=250/201");
	REFUSE_VITALS(w, "blood pressure needs both systolic and diastolic (like 120/80)", "bp=120/");
	REFUSE_VITALS(w, "temperature: 29.9 is not plausible (30.0-45.0)", "temp=29.9");
	REFUSE_VITALS(w, "temperature: 45.1 is not plausible (30.0-45.0)", "temp=45.1");
	REFUSE_VITALS(w, "temperature: '37.55' has more than one decimal", "temp=37.55");
	REFUSE_VITALS(w, "respiratory rate: 3 is not plausible (4-80)", "rr=3");
	REFUSE_VITALS(w, "respiratory rate: 81 is not plausible (4-80)", "rr=81");
	REFUSE_VITALS(w, "SpO2: 49 is not plausible (50-100)", "spo2=49");
	REFUSE_VITALS(w, "SpO2: 101 is not plausible (50-100)", "spo2=101");
	/* The first fault is named; nothing of the set is kept. */
	REFUSE_VITALS(w, "SpO2: 101 is not plausible (50-100)", "hr=88", "spo2=101", "rr=16");
	/* None given. */
	struct snap before = snapshot(w);
	vigil_vitals_input none = { .mrn = "MRN1001", .note = "could not get a reading" };
	vigil_error err;
	REFUSED(vigil_vitals_record(&w->nurse, w->protocols, &none, NULL, &err), &err, VIGIL_EINVAL,
	        "no vital signs given (hr, bp, temp, rr or spo2)");
	none.value[VIGIL_VITAL_HR] = "";
	REFUSED(vigil_vitals_record(&w->nurse, w->protocols, &none, NULL, &err), &err, VIGIL_EINVAL,
	        "no vital signs given (hr, bp, temp, rr or spo2)");
	/* Half a blood pressure (a face that fills the fields itself). */
	vigil_vitals_input half = { .mrn = "MRN1001", .value = { [VIGIL_VITAL_SYS] = "120" } };
	REFUSED(vigil_vitals_record(&w->nurse, w->protocols, &half, NULL, &err), &err, VIGIL_EINVAL,
	        "blood pressure needs both systolic and diastolic (like 120/80)");
	vigil_vitals_input ok = { .mrn = "MRN1001", .value = { [VIGIL_VITAL_HR] = "88" },
		                  .note = "bad\x1b[2Jnote" };
	REFUSED(vigil_vitals_record(&w->nurse, w->protocols, &ok, NULL, &err), &err, VIGIL_EINVAL,
	        "note: control character U+001B is not allowed");
	ok.note = NULL;
	REFUSED(vigil_vitals_record(&w->admin, w->protocols, &ok, NULL, &err), &err, VIGIL_EPERM,
	        "boss (admin) may not chart a dose, vital signs, a note or last use: it needs the "
	        "nurse or clinician role");
	ok.mrn = "MRN1003";
	REFUSED(vigil_vitals_record(&w->nurse, w->protocols, &ok, NULL, &err), &err, VIGIL_EINVAL,
	        "patient MRN1003 has been discharged");
	UNCHANGED(w, before);

	/* At the ends of each range: accepted and stored as typed. */
	char a1[] = "hr=20", a2[] = "bp=300/200", a3[] = "temp=30", a4[] = "rr=80", a5[] = "spo2=50";
	vigil_vitals_input edge = { .mrn = "MRN1001", .note = "edge of every range" };
	must(vigil_vitals_arg(a1, &edge, &err), &err, a1);
	must(vigil_vitals_arg(a2, &edge, &err), &err, a2);
	must(vigil_vitals_arg(a3, &edge, &err), &err, a3);
	must(vigil_vitals_arg(a4, &edge, &err), &err, a4);
	must(vigil_vitals_arg(a5, &edge, &err), &err, a5);
	int64_t id = 0;
	must(vigil_vitals_record(&w->clinician, w->protocols, &edge, &id, &err), &err, "edge");
	vigil_chart_entry *e = entry(w, id);
	assert_int_equal(e->kind, VIGIL_CHART_VITALS);
	assert_string_equal(e->note, "edge of every range");
	assert_string_equal(e->performer, "cleo");
	assert_int_equal(e->vitals.value[VIGIL_VITAL_TEMP], 300);
	assert_int_equal(e->vitals.value[VIGIL_VITAL_SYS], 300);
	assert_int_equal(e->vitals.value[VIGIL_VITAL_DIA], 200);
	assert_int_equal(e->vitals.assessment_id, 0);
	/* Only what was taken is stored. */
	vigil_vitals_input one = { .mrn = "MRN1001", .value = { [VIGIL_VITAL_SPO2] = "96" } };
	must(vigil_vitals_record(&w->nurse, w->protocols, &one, &id, &err), &err, "spo2");
	e = entry(w, id);
	for (int k = 0; k < VIGIL_VITAL_COUNT; k++)
		assert_int_equal(e->vitals.has[k], k == VIGIL_VITAL_SPO2);
	assert_int_equal(raw_int(w->path, "SELECT count(*) FROM chart_entries WHERE hr IS NULL AND"
	                                  " sys IS NULL AND spo2 = 96"),
	                 1);
	audit_intact(w);
}

static vigil_vitals vitals_of(const char *const *args)
{
	char buf[8][32];
	vigil_vitals_input in = { .mrn = "MRN1001" };
	vigil_vitals v;
	vigil_error err;
	for (size_t i = 0; args[i]; i++) {
		snprintf(buf[i], sizeof buf[i], "%s", args[i]);
		must(vigil_vitals_arg(buf[i], &in, &err), &err, args[i]);
	}
	must(vigil_vitals_check(&in, &v, &err), &err, "vitals");
	return v;
}
#define VITALS(...) vitals_of((const char *const[]){ __VA_ARGS__, NULL })

static void words_are_at(int line, const vigil_protocols *p, vigil_vitals v, const char *words,
                         const char *why)
{
	char buf[160], reason[VIGIL_VITAL_WHY_MAX];
	vigil_vitals_words(&v, p, buf, sizeof buf);
	if (strcmp(buf, words) != 0)
		fail_msg("line %d: words '%s', wanted '%s'", line, buf, words);
	bool flagged = vigil_vitals_flagged(&v, p, reason, sizeof reason);
	if (flagged != (why[0] != '\0') || strcmp(reason, why) != 0)
		fail_msg("line %d: flagged %d why '%s', wanted '%s'", line, flagged, reason, why);
}
#define WORDS_ARE(p, v, words, why) words_are_at(__LINE__, (p), (v), (words), (why))

static void test_vitals_words_and_flags(void **state)
{
	struct ward *w = *state;
	const vigil_protocols *p = w->protocols;
	WORDS_ARE(p, VITALS("hr=88", "bp=120/80", "temp=37.5", "rr=16", "spo2=97"),
	          "HR 88  BP 120/80  T 37.5  RR 16  SpO2 97", "");
	WORDS_ARE(p, VITALS("hr=130", "bp=185/95", "temp=38.2", "rr=10", "spo2=90"),
	          "HR 130!  BP 185!/95  T 38.2!  RR 10!  SpO2 90!", "hr 130 > 120");
	/* Without protocols, no marks. */
	WORDS_ARE(NULL, VITALS("hr=130", "bp=185/95", "temp=38.2", "rr=10", "spo2=90"),
	          "HR 130  BP 185/95  T 38.2  RR 10  SpO2 90", "");
	/* Every shipped limit at its edge: hr > 120 and < 50, sys > 180 and
	 * < 90, temp >= 38.0, rr < 12, spo2 < 92. */
	WORDS_ARE(p, VITALS("hr=120"), "HR 120", "");
	WORDS_ARE(p, VITALS("hr=121"), "HR 121!", "hr 121 > 120");
	WORDS_ARE(p, VITALS("hr=50"), "HR 50", "");
	WORDS_ARE(p, VITALS("hr=49"), "HR 49!", "hr 49 < 50");
	WORDS_ARE(p, VITALS("bp=180/100"), "BP 180/100", "");
	WORDS_ARE(p, VITALS("bp=181/100"), "BP 181!/100", "sys 181 > 180");
	WORDS_ARE(p, VITALS("bp=90/60"), "BP 90/60", "");
	WORDS_ARE(p, VITALS("bp=89/60"), "BP 89!/60", "sys 89 < 90");
	WORDS_ARE(p, VITALS("temp=37.9"), "T 37.9", "");
	WORDS_ARE(p, VITALS("temp=38"), "T 38.0!", "temp 38.0 >= 38.0");
	WORDS_ARE(p, VITALS("rr=12"), "RR 12", "");
	WORDS_ARE(p, VITALS("rr=11"), "RR 11!", "rr 11 < 12");
	WORDS_ARE(p, VITALS("spo2=92"), "SpO2 92", "");
	WORDS_ARE(p, VITALS("spo2=91"), "SpO2 91!", "spo2 91 < 92");
	/* The first flagged value in order is the one named. */
	WORDS_ARE(p, VITALS("temp=39.1", "spo2=88"), "T 39.1!  SpO2 88!", "temp 39.1 >= 38.0");
	WORDS_ARE(p, VITALS("hr=88", "spo2=88"), "HR 88  SpO2 88!", "spo2 88 < 92");
}

static void test_cows_pulse_is_a_vital(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	vigil_sheet sheet;
	/* COWS with a pulse of 112: a heart-rate vital linked to it. */
	cows_with_pulse(&sheet, 112);
	int64_t first = record_sheet(w, "MRN1001", &sheet, NULL);
	assert_int_equal(count(w, "chart_entries"), 1);
	vigil_chart_entry v;
	assert_int_equal(linked_vitals(w, first, &v), 1);
	assert_int_equal(v.kind, VIGIL_CHART_VITALS);
	assert_string_equal(v.mrn, "MRN1001");
	assert_true(v.vitals.has[VIGIL_VITAL_HR]);
	assert_int_equal(v.vitals.value[VIGIL_VITAL_HR], 112);
	for (int k = 1; k < VIGIL_VITAL_COUNT; k++)
		assert_false(v.vitals.has[k]);
	assert_int_equal(v.vitals.assessment_id, first);
	assert_string_equal(local(v.at), "2026-11-21 09:00");
	assert_string_equal(v.performer, "nina");
	int64_t first_v = v.id;
	/* A COWS without a measured pulse adds none. */
	record(w, "MRN1002", "cows", 3, "2026-11-21 09:01");
	assert_int_equal(count(w, "chart_entries"), 1);

	/* Amending the pulse to 96 moves the vital along: the old one
	 * amended, a new one with the new rate linked to the correction. */
	clock_at("2026-11-21 09:10");
	vigil_assessment *a = malloc(sizeof *a);
	assert_non_null(a);
	must(vigil_assessment_get(&w->nurse, first, a, &err), &err, "get");
	must(vigil_assessment_sheet(a, scale_named("cows"), &sheet, &err), &err, "sheet");
	must(vigil_sheet_set_raw(&sheet, item_index("cows", "pulse"), 96, &err), &err, "96");
	int64_t second = 0;
	must(vigil_assessment_amend(&w->nurse, first, &sheet, "pulse recounted", &second, &err), &err,
	     "amend");
	assert_int_equal(count(w, "chart_entries"), 2);
	vigil_chart_entry *old = entry(w, first_v);
	assert_int_equal(old->status, VIGIL_ASSESS_AMENDED);
	assert_int_equal(old->vitals.value[VIGIL_VITAL_HR], 112);
	int64_t second_v = old->superseded_by;
	assert_true(second_v > first_v);
	assert_int_equal(linked_vitals(w, first, NULL), 0);
	assert_int_equal(linked_vitals(w, second, &v), 1);
	assert_int_equal(v.id, second_v);
	assert_int_equal(v.vitals.value[VIGIL_VITAL_HR], 96);
	assert_int_equal(v.vitals.assessment_id, second);
	assert_int_equal(v.supersedes, first_v);
	assert_string_equal(v.amend_reason, "pulse recounted");
	assert_string_equal(local(v.at), "2026-11-21 09:00");
	assert_string_equal(local(v.entered_at), "2026-11-21 09:10");

	/* Voiding the assessment voids its vital sign. */
	clock_at("2026-11-21 09:20");
	must(vigil_assessment_void(&w->nurse, second, "wrong patient", &err), &err, "void");
	vigil_chart_entry *gone = entry(w, second_v);
	assert_int_equal(gone->status, VIGIL_ASSESS_VOIDED);
	assert_string_equal(gone->correction_reason, "wrong patient");
	assert_string_equal(gone->corrected_by, "nina");
	assert_int_equal(linked_vitals(w, second, NULL), 0);
	assert_string_equal(names_of(w, (vigil_chart_query){ .mrn = "MRN1001" }), "");
	assert_int_equal(count(w, "chart_voids"), 1);
	free(a);
	audit_intact(w);
}

static void test_ciwa_vitals_with_assessment(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	vigil_sheet sheet;
	char hr[] = "hr=104", bp[] = "bp=150/95";
	vigil_vitals_input vin = { .mrn = "MRN1001" };
	must(vigil_vitals_arg(hr, &vin, &err), &err, hr);
	must(vigil_vitals_arg(bp, &vin, &err), &err, bp);
	fill(&sheet, "ciwa-ar", 12);
	int64_t a = record_sheet(w, "MRN1001", &sheet, &vin);
	vigil_chart_entry v;
	assert_int_equal(linked_vitals(w, a, &v), 1);
	char words[160];
	vigil_vitals_words(&v.vitals, w->protocols, words, sizeof words);
	assert_string_equal(words, "HR 104  BP 150/95");
	assert_int_equal(v.vitals.assessment_id, a);
	assert_string_equal(local(v.at), "2026-11-21 09:00");

	/* A pulse the sheet measured and given again differently: refused,
	 * and neither the assessment nor any vital is stored. */
	struct snap before = snapshot(w);
	cows_with_pulse(&sheet, 112);
	char hr2[] = "hr=100";
	vigil_vitals_input twice = { .mrn = "MRN1001" };
	must(vigil_vitals_arg(hr2, &twice, &err), &err, hr2);
	vigil_record_input in = { .mrn = "MRN1001", .sheet = &sheet, .vitals = &twice };
	REFUSED(vigil_assessment_record(&w->nurse, &in, NULL, &err), &err, VIGIL_EINVAL,
	        "heart rate: 100 given twice, differently (112)");
	UNCHANGED(w, before);
	/* A bad blood pressure with it: likewise. */
	char bad[] = "bp=80/90";
	vigil_vitals_input badbp = { .mrn = "MRN1001" };
	must(vigil_vitals_arg(bad, &badbp, &err), &err, bad);
	in.vitals = &badbp;
	REFUSED(vigil_assessment_record(&w->nurse, &in, NULL, &err), &err, VIGIL_EINVAL,
	        "blood pressure 80/90: systolic must be above diastolic");
	UNCHANGED(w, before);
	/* The same rate twice is one value; the blood pressure joins it. */
	char hr3[] = "hr=112", bp3[] = "bp=128/82";
	vigil_vitals_input same = { .mrn = "MRN1001" };
	must(vigil_vitals_arg(hr3, &same, &err), &err, hr3);
	must(vigil_vitals_arg(bp3, &same, &err), &err, bp3);
	clock_at("2026-11-21 09:05");
	int64_t c = record_sheet(w, "MRN1001", &sheet, &same);
	assert_int_equal(linked_vitals(w, c, &v), 1);
	vigil_vitals_words(&v.vitals, w->protocols, words, sizeof words);
	assert_string_equal(words, "HR 112  BP 128/82");
	assert_int_equal(count(w, "chart_entries"), 2);
	audit_intact(w);
}

/* A correction that leaves the measured values as they were (a CIWA-Ar,
 * which measures none, or a COWS whose pulse is unchanged) still carries
 * the linked vital signs to the correction, so voiding it voids them.
 * (Found here: they stayed linked to the superseded assessment and current
 * after the void; fixed in 537083b.) */
static void test_vitals_follow_a_correction_that_keeps_them(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	vigil_sheet sheet;
	char hr[] = "hr=104", bp[] = "bp=150/95";
	vigil_vitals_input vin = { .mrn = "MRN1001" };
	must(vigil_vitals_arg(hr, &vin, &err), &err, hr);
	must(vigil_vitals_arg(bp, &vin, &err), &err, bp);
	fill(&sheet, "ciwa-ar", 12);
	int64_t a = record_sheet(w, "MRN1001", &sheet, &vin);
	clock_at("2026-11-21 09:10");
	fill(&sheet, "ciwa-ar", 13);
	int64_t b = 0;
	must(vigil_assessment_amend(&w->nurse, a, &sheet, "recount", &b, &err), &err, "amend");
	vigil_chart_entry v;
	assert_int_equal(linked_vitals(w, a, NULL), 0);
	assert_int_equal(linked_vitals(w, b, &v), 1);
	char words[160];
	vigil_vitals_words(&v.vitals, w->protocols, words, sizeof words);
	assert_string_equal(words, "HR 104  BP 150/95");
	assert_int_equal(entry(w, v.supersedes)->status, VIGIL_ASSESS_AMENDED);
	clock_at("2026-11-21 09:20");
	must(vigil_assessment_void(&w->nurse, b, "wrong patient", &err), &err, "void");
	assert_string_equal(names_of(w, (vigil_chart_query){ .mrn = "MRN1001",
	                                                     .kinds = 1u << VIGIL_CHART_VITALS }),
	                    "");
	assert_int_equal(entry(w, v.id)->status, VIGIL_ASSESS_VOIDED);

	/* A COWS corrected on another item: the pulse's heart rate follows. */
	clock_at("2026-11-21 09:30");
	cows_with_pulse(&sheet, 112);
	int64_t c = record_sheet(w, "MRN1002", &sheet, NULL);
	vigil_assessment *got = malloc(sizeof *got);
	assert_non_null(got);
	must(vigil_assessment_get(&w->nurse, c, got, &err), &err, "get");
	must(vigil_assessment_sheet(got, scale_named("cows"), &sheet, &err), &err, "sheet");
	size_t gi = item_index("cows", "gi");
	vigil_sheet_clear(&sheet, gi);
	must(vigil_sheet_set(&sheet, gi, 5, &err), &err, "gi");
	int64_t d = 0;
	must(vigil_assessment_amend(&w->nurse, c, &sheet, "vomited", &d, &err), &err, "amend");
	assert_int_equal(linked_vitals(w, d, &v), 1);
	assert_int_equal(v.vitals.value[VIGIL_VITAL_HR], 112);
	must(vigil_assessment_void(&w->nurse, d, "wrong patient", &err), &err, "void");
	assert_int_equal(linked_vitals(w, d, NULL), 0);
	assert_string_equal(names_of(w, (vigil_chart_query){ .mrn = "MRN1002" }), "");
	free(got);
	audit_intact(w);
}

/* Vital signs taken with a current assessment stand with it: what the
 * sheet measured (the COWS pulse's heart rate) is corrected through the
 * assessment, and they are voided with it, not apart; what was typed
 * beside it (a blood pressure) may be corrected on its own. */
static void test_linked_vitals_stand_with_their_assessment(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	vigil_sheet sheet;
	cows_with_pulse(&sheet, 112);
	char bp[] = "bp=150/95";
	vigil_vitals_input vin = { .mrn = "MRN1001" };
	must(vigil_vitals_arg(bp, &vin, &err), &err, bp);
	clock_at("2026-11-21 09:00");
	int64_t a = record_sheet(w, "MRN1001", &sheet, &vin);
	vigil_chart_entry v;
	assert_int_equal(linked_vitals(w, a, &v), 1);
	clock_at("2026-11-21 09:10");
	char expect[200];
	snprintf(expect, sizeof expect,
	         "V%lld: the heart rate was measured by assessment %lld (COWS): correct that "
	         "assessment", (long long)v.id, (long long)a);
	vigil_chart_entry fix = v;
	fix.vitals.value[VIGIL_VITAL_HR] = 90;
	struct snap before = snapshot(w);
	REFUSED(vigil_chart_amend(&w->nurse, w->protocols, v.id, &fix, "misread", NULL, &err), &err,
	        VIGIL_EINVAL, expect);
	snprintf(expect, sizeof expect,
	         "V%lld was taken with assessment %lld: mark that assessment entered in error "
	         "(its vital signs go with it), or correct these", (long long)v.id, (long long)a);
	REFUSED(vigil_chart_void(&w->nurse, v.id, "wrong", &err), &err, VIGIL_EINVAL, expect);
	UNCHANGED(w, before);
	/* The blood pressure typed beside it is corrected on its own. */
	fix = v;
	fix.vitals.value[VIGIL_VITAL_SYS] = 140;
	int64_t fixed = 0;
	must(vigil_chart_amend(&w->nurse, w->protocols, v.id, &fix, "misheard", &fixed, &err), &err,
	     "amend the blood pressure");
	assert_int_equal(entry(w, fixed)->vitals.value[VIGIL_VITAL_SYS], 140);
	assert_int_equal(entry(w, fixed)->vitals.value[VIGIL_VITAL_HR], 112);
	/* Once the assessment is voided, so are they. */
	must(vigil_assessment_void(&w->nurse, a, "wrong patient", &err), &err, "void");
	assert_int_equal(entry(w, fixed)->status, VIGIL_ASSESS_VOIDED);
}

/* ---- notes and last use ------------------------------------------------ */

static void test_notes(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	struct snap before = snapshot(w);
	char long_note[VIGIL_NOTE_MAX + 2];
	memset(long_note, 'n', sizeof long_note - 1);
	long_note[sizeof long_note - 1] = '\0';
	REFUSED(vigil_note_record(&w->nurse, "MRN1001", "", 0, NULL, &err), &err, VIGIL_EINVAL,
	        "note: must not be empty");
	REFUSED(vigil_note_record(&w->nurse, "MRN1001", NULL, 0, NULL, &err), &err, VIGIL_EINVAL,
	        "note: must not be empty");
	REFUSED(vigil_note_record(&w->nurse, "MRN1001", "   ", 0, NULL, &err), &err, VIGIL_EINVAL,
	        "note: must not be blank");
	REFUSED(vigil_note_record(&w->nurse, "MRN1001", long_note, 0, NULL, &err), &err,
	        VIGIL_EINVAL, "note: 1001 characters is over the limit of 1000");
	REFUSED(vigil_note_record(&w->nurse, "MRN1001", "ok\rnot", 0, NULL, &err), &err,
	        VIGIL_EINVAL, "note: control character U+000D is not allowed");
	REFUSED(vigil_note_record(&w->nurse, "MRN1001", "right\xe2\x80\xaeleft", 0, NULL, &err),
	        &err, VIGIL_EINVAL, "note: invisible formatting character U+202E is not allowed");
	REFUSED(vigil_note_record(&w->admin, "MRN1001", "settled", 0, NULL, &err), &err, VIGIL_EPERM,
	        "boss (admin) may not chart a dose, vital signs, a note or last use: it needs the "
	        "nurse or clinician role");
	REFUSED(vigil_note_record(&w->nurse, "MRN9999", "settled", 0, NULL, &err), &err,
	        VIGIL_ENOTFOUND, "unknown patient 'MRN9999'");
	REFUSED(vigil_note_record(&w->nurse, "MRN1001", "settled", at("2026-11-21 09:30"), NULL,
	                          &err),
	        &err, VIGIL_EINVAL, "time 2026-11-21 09:30 is in the future");
	UNCHANGED(w, before);

	int64_t id = 0;
	long_note[VIGIL_NOTE_MAX] = '\0';
	must(vigil_note_record(&w->nurse, "MRN1001", long_note, 0, &id, &err), &err, "1000");
	must(vigil_note_record(&w->clinician, "MRN1001", "Settled, slept 4 h. Family visited.",
	                       at("2026-11-21 07:30"), &id, &err),
	     &err, "note");
	vigil_chart_entry *e = entry(w, id);
	assert_int_equal(e->kind, VIGIL_CHART_NOTE);
	assert_string_equal(e->note, "Settled, slept 4 h. Family visited.");
	assert_string_equal(e->performer, "cleo");
	assert_string_equal(local(e->at), "2026-11-21 07:30");
	assert_true(e->late);
	assert_string_equal(name_of(e->kind, e->id), "T2");
	audit_intact(w);
}

static void test_last_use(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	struct snap before = snapshot(w);
	REFUSED(vigil_last_use_record(&w->nurse, w->protocols, "MRN1001", "heroin",
	                              at("2026-11-20 20:00"), NULL, NULL, &err),
	        &err, VIGIL_EINVAL,
	        "unknown substance 'heroin' (use short-acting, fentanyl, methadone, long-acting, "
	        "alcohol or benzodiazepine)");
	REFUSED(vigil_last_use_record(&w->nurse, w->protocols, "MRN1001", "fentanyl",
	                              at("2026-11-21 09:01"), NULL, NULL, &err),
	        &err, VIGIL_EINVAL, "last use of fentanyl is in the future");
	REFUSED(vigil_last_use_record(&w->nurse, w->protocols, "MRN1001", "fentanyl", 0, NULL, NULL,
	                              &err),
	        &err, VIGIL_EINVAL, "last use of fentanyl: when was it? (a time is needed)");
	REFUSED(vigil_last_use_record(&w->nurse, w->protocols, "MRN1001", "fentanyl",
	                              at("2026-11-20 20:00"), "a\tb", NULL, &err),
	        &err, VIGIL_EINVAL, "note: control character U+0009 is not allowed");
	REFUSED(vigil_last_use_record(&w->admin, w->protocols, "MRN1001", "fentanyl",
	                              at("2026-11-20 20:00"), NULL, NULL, &err),
	        &err, VIGIL_EPERM,
	        "boss (admin) may not chart a dose, vital signs, a note or last use: it needs the "
	        "nurse or clinician role");
	REFUSED(vigil_last_use_record(&w->nurse, w->protocols, "MRN1003", "fentanyl",
	                              at("2026-11-20 20:00"), NULL, NULL, &err),
	        &err, VIGIL_EINVAL, "patient MRN1003 has been discharged");
	UNCHANGED(w, before);

	/* Before admission is the point; any case; more than one kind. */
	int64_t id = 0;
	must(vigil_last_use_record(&w->nurse, w->protocols, "MRN1001", "Fentanyl",
	                           at("2026-11-20 20:00"), "smoked", &id, &err),
	     &err, "fentanyl");
	vigil_chart_entry *e = entry(w, id);
	assert_int_equal(e->kind, VIGIL_CHART_LAST_USE);
	assert_string_equal(e->substance, "fentanyl");
	assert_string_equal(e->note, "smoked");
	assert_string_equal(local(e->at), "2026-11-20 20:00");
	assert_string_equal(local(e->entered_at), "2026-11-21 09:00");
	assert_false(e->late);
	last_use(w, "MRN1001", "alcohol", "2026-11-21 09:00");
	assert_string_equal(names_of(w, (vigil_chart_query){ .mrn = "MRN1001" }), "U2 U1");
	audit_intact(w);
}

/* ---- induction readiness ------------------------------------------------ */

#define NOT_MONITORED "not monitored on a scale whose protocol has induction criteria"

static void readiness_is_at(int line, struct ward *w, const char *mrn, bool applies, bool met,
                            const char *text)
{
	vigil_readiness r = readiness(w, mrn);
	if (r.applies != applies || r.met != met || strcmp(r.line, text) != 0)
		fail_msg("line %d: applies %d met %d '%s'\n  wanted applies %d met %d '%s'", line,
		         r.applies, r.met, r.line, applies, met, text);
	if (applies && strcmp(r.protocol, "COWS: 4-hourly, hourly from moderate") != 0)
		fail_msg("line %d: protocol '%s'", line, r.protocol);
}
#define READINESS(w, mrn, applies, met, text)                                                   \
	readiness_is_at(__LINE__, (w), (mrn), (applies), (met), (text))

static void test_readiness(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	/* Not on COWS: nothing to say, whatever else there is. */
	READINESS(w, "MRN1001", false, false, NOT_MONITORED);
	record(w, "MRN1002", "ciwa-ar", 5, "2026-11-21 09:00");
	last_use(w, "MRN1002", "short-acting", "2026-11-20 12:00");
	READINESS(w, "MRN1002", false, false, NOT_MONITORED);

	/* Monitoring started, nothing yet. */
	must(vigil_monitor_start(&w->nurse, w->protocols, "MRN1001", "cows", &err), &err, "start");
	READINESS(w, "MRN1001", true, false,
	          "criteria not met: no COWS score yet; last use not recorded");
	record(w, "MRN1001", "cows", 6, "2026-11-21 10:00");
	READINESS(w, "MRN1001", true, false, "criteria not met: COWS 6 < 8; last use not recorded");
	record(w, "MRN1001", "cows", 11, "2026-11-21 10:30");
	READINESS(w, "MRN1001", true, false,
	          "criteria not met: last use not recorded (met: COWS 11 >= 8)");
	/* Alcohol is not an opioid the criteria wait for. */
	last_use(w, "MRN1001", "alcohol", "2026-11-21 05:00");
	READINESS(w, "MRN1001", true, false,
	          "criteria not met: last use not recorded (met: COWS 11 >= 8)");
	/* Short-acting 16 h ago. */
	last_use(w, "MRN1001", "short-acting", "2026-11-20 18:30");
	READINESS(w, "MRN1001", true, true,
	          "meets unit criteria: COWS 11 >= 8, 16 h since short-acting use >= 12 h");
	/* And fentanyl 20 h ago: the one too soon is named. */
	last_use(w, "MRN1001", "fentanyl", "2026-11-20 14:30");
	READINESS(w, "MRN1001", true, false,
	          "criteria not met: 20 h since fentanyl use < 24 h (met: COWS 11 >= 8, 16 h "
	          "since short-acting use >= 12 h)");
	/* Four hours on, both waits are over. */
	record(w, "MRN1001", "cows", 11, "2026-11-21 14:30");
	READINESS(w, "MRN1001", true, true,
	          "meets unit criteria: COWS 11 >= 8, 20 h since short-acting use >= 12 h, "
	          "24 h since fentanyl use >= 24 h");
	/* A later use of a kind replaces the earlier: only the latest counts. */
	int64_t recent = last_use(w, "MRN1001", "short-acting", "2026-11-21 12:45");
	READINESS(w, "MRN1001", true, false,
	          "criteria not met: 1 h since short-acting use < 12 h (met: COWS 11 >= 8, 24 h "
	          "since fentanyl use >= 24 h)");
	/* Entered in error, it no longer counts. */
	must(vigil_chart_void(&w->nurse, recent, "another patient's", &err), &err, "void");
	READINESS(w, "MRN1001", true, true,
	          "meets unit criteria: COWS 11 >= 8, 20 h since short-acting use >= 12 h, "
	          "24 h since fentanyl use >= 24 h");
	/* Under 8 again: the score is what is missing. */
	record(w, "MRN1001", "cows", 7, "2026-11-21 14:40");
	READINESS(w, "MRN1001", true, false,
	          "criteria not met: COWS 7 < 8 (met: 20 h since short-acting use >= 12 h, 24 h "
	          "since fentanyl use >= 24 h)");
}

static void test_readiness_methadone(void **state)
{
	struct ward *w = *state;
	record(w, "MRN1002", "cows", 11, "2026-11-21 09:00");
	last_use(w, "MRN1002", "methadone", "2026-11-19 22:00");
	READINESS(w, "MRN1002", true, false,
	          "criteria not met: 35 h since methadone use < 36 h (met: COWS 11 >= 8)");
	clock_at("2026-11-21 09:59");
	READINESS(w, "MRN1002", true, false,
	          "criteria not met: 35 h since methadone use < 36 h (met: COWS 11 >= 8)");
	clock_at("2026-11-21 10:00");
	READINESS(w, "MRN1002", true, true,
	          "meets unit criteria: COWS 11 >= 8, 36 h since methadone use >= 36 h");
	/* Minutes when under an hour; long-acting waits 24 h. */
	last_use(w, "MRN1002", "long-acting", "2026-11-21 09:20");
	READINESS(w, "MRN1002", true, false,
	          "criteria not met: 40 min since long-acting use < 24 h (met: COWS 11 >= 8, 36 h "
	          "since methadone use >= 36 h)");
}

/* ---- amending and voiding an entry ------------------------------------- */

static void test_chart_amend_and_void(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	clock_at("2026-11-21 09:30");
	int64_t d1 = give(w, LORAZEPAM(.amount = "2"), NULL);
	assert_int_equal(d1, 1);
	clock_at("2026-11-21 09:40");
	vigil_chart_entry fix = *entry(w, d1);
	fix.dose.amount = 3000;
	int64_t d2 = 0;
	must(vigil_chart_amend(&w->clinician, w->protocols, d1, &fix, "it was 3 mg", &d2, &err),
	     &err, "amend");
	assert_int_equal(d2, 2);
	vigil_chart_entry *old = entry(w, d1);
	assert_int_equal(old->status, VIGIL_ASSESS_AMENDED);
	assert_int_equal(old->superseded_by, d2);
	assert_int_equal(old->dose.amount, 2000);
	assert_string_equal(old->corrected_by, "cleo");
	assert_string_equal(local(old->corrected_at), "2026-11-21 09:40");
	assert_string_equal(old->correction_reason, "it was 3 mg");
	vigil_chart_entry *nu = entry(w, d2);
	assert_int_equal(nu->status, VIGIL_ASSESS_FINAL);
	assert_int_equal(nu->supersedes, d1);
	assert_int_equal(nu->dose.amount, 3000);
	assert_string_equal(nu->amend_reason, "it was 3 mg");
	assert_string_equal(local(nu->at), "2026-11-21 09:30");
	assert_string_equal(nu->performer, "nina");
	assert_string_equal(nu->entered_by, "cleo");
	assert_int_equal(raw_int(w->path, "SELECT count(*) FROM audit_log WHERE entity = 'chart'"
	                                  " AND action = 'amend' AND entity_id = 2"),
	                 1);

	struct snap before = snapshot(w);
	/* The original is no longer current: neither amended nor voided again. */
	fix = *entry(w, d1);
	fix.dose.amount = 1000;
	REFUSED(vigil_chart_amend(&w->nurse, w->protocols, d1, &fix, "again", NULL, &err), &err,
	        VIGIL_EINVAL, "D1 has already been amended (by D2)");
	REFUSED(vigil_chart_void(&w->nurse, d1, "not given", &err), &err, VIGIL_EINVAL,
	        "D1 has already been amended (by D2)");
	/* Nothing changed; another kind; a fix the kind's checks refuse. */
	fix = *entry(w, d2);
	REFUSED(vigil_chart_amend(&w->nurse, w->protocols, d2, &fix, "same", NULL, &err), &err,
	        VIGIL_EINVAL, "nothing changed: D2 already says that");
	fix.kind = VIGIL_CHART_NOTE;
	snprintf(fix.note, sizeof fix.note, "a note");
	REFUSED(vigil_chart_amend(&w->nurse, w->protocols, d2, &fix, "kind", NULL, &err), &err,
	        VIGIL_EINVAL, "D2 is a dose, not a note");
	fix = *entry(w, d2);
	fix.dose.amount = 5000;
	REFUSED(vigil_chart_amend(&w->nurse, w->protocols, d2, &fix, "more", NULL, &err), &err,
	        VIGIL_EINVAL,
	        "lorazepam 5 mg is more than the largest plausible single dose (4 mg): check the amount");
	fix = *entry(w, d2);
	snprintf(fix.dose.route, sizeof fix.dose.route, "SC");
	REFUSED(vigil_chart_amend(&w->nurse, w->protocols, d2, &fix, "route", NULL, &err), &err,
	        VIGIL_EINVAL, "'SC' is not a route for lorazepam (use PO, SL, IM or IV)");
	fix = *entry(w, d2);
	fix.at = at("2026-11-21 09:41");
	REFUSED(vigil_chart_amend(&w->nurse, w->protocols, d2, &fix, "later", NULL, &err), &err,
	        VIGIL_EINVAL, "time 2026-11-21 09:41 is in the future");
	fix.at = at("2026-11-21 05:00");
	REFUSED(vigil_chart_amend(&w->nurse, w->protocols, d2, &fix, "earlier", NULL, &err), &err,
	        VIGIL_EINVAL, "time 2026-11-21 05:00 is before MRN1001 was admitted (2026-11-21 06:00)");
	fix = *entry(w, d2);
	fix.dose.amount = 1000;
	REFUSED(vigil_chart_amend(&w->nurse, w->protocols, d2, &fix, "", NULL, &err), &err,
	        VIGIL_EINVAL, "reason: must not be empty");
	REFUSED(vigil_chart_void(&w->nurse, d2, "  ", &err), &err, VIGIL_EINVAL,
	        "reason: must not be blank");
	REFUSED(vigil_chart_amend(&w->admin, w->protocols, d2, &fix, "admin", NULL, &err), &err,
	        VIGIL_EPERM,
	        "boss (admin) may not amend or void a dose, vital signs, a note or last use: it needs "
	        "the nurse or clinician role");
	REFUSED(vigil_chart_void(&w->admin, d2, "admin", &err), &err, VIGIL_EPERM,
	        "boss (admin) may not amend or void a dose, vital signs, a note or last use: it needs "
	        "the nurse or clinician role");
	REFUSED(vigil_chart_amend(&w->nurse, w->protocols, 99, &fix, "none", NULL, &err), &err,
	        VIGIL_ENOTFOUND, "no chart entry 99");
	REFUSED(vigil_chart_void(&w->nurse, 99, "none", &err), &err, VIGIL_ENOTFOUND,
	        "no chart entry 99");
	UNCHANGED(w, before);

	/* Voided, then neither amended nor voided again. */
	clock_at("2026-11-21 09:50");
	must(vigil_chart_void(&w->nurse, d2, "given to another patient", &err), &err, "void");
	vigil_chart_entry *v = entry(w, d2);
	assert_int_equal(v->status, VIGIL_ASSESS_VOIDED);
	assert_string_equal(v->corrected_by, "nina");
	assert_string_equal(local(v->corrected_at), "2026-11-21 09:50");
	assert_string_equal(v->correction_reason, "given to another patient");
	before = snapshot(w);
	fix = *entry(w, d2);
	fix.dose.amount = 1000;
	REFUSED(vigil_chart_amend(&w->nurse, w->protocols, d2, &fix, "after void", NULL, &err),
	        &err, VIGIL_EINVAL, "D2 is entered in error");
	REFUSED(vigil_chart_void(&w->nurse, d2, "twice", &err), &err, VIGIL_EINVAL,
	        "D2 is entered in error");
	UNCHANGED(w, before);

	/* Every kind corrects alike: a note, vital signs, a last use. */
	int64_t t = 0, v1 = 0, u = 0;
	must(vigil_note_record(&w->nurse, "MRN1001", "Slept well", 0, &t, &err), &err, "note");
	fix = *entry(w, t);
	snprintf(fix.note, sizeof fix.note, "Slept poorly");
	int64_t t2 = 0;
	must(vigil_chart_amend(&w->nurse, w->protocols, t, &fix, "misheard", &t2, &err), &err, "note");
	assert_string_equal(entry(w, t2)->note, "Slept poorly");
	fix = *entry(w, t2);
	fix.note[0] = '\0';
	REFUSED(vigil_chart_amend(&w->nurse, w->protocols, t2, &fix, "empty", NULL, &err), &err,
	        VIGIL_EINVAL, "note: must not be empty");
	vigil_vitals_input vin = { .mrn = "MRN1001", .value = { [VIGIL_VITAL_HR] = "88" } };
	must(vigil_vitals_record(&w->nurse, w->protocols, &vin, &v1, &err), &err, "vitals");
	fix = *entry(w, v1);
	fix.vitals.value[VIGIL_VITAL_HR] = 300;
	REFUSED(vigil_chart_amend(&w->nurse, w->protocols, v1, &fix, "typo", NULL, &err), &err,
	        VIGIL_EINVAL, "heart rate: 300 is not plausible (20-250)");
	fix.vitals.value[VIGIL_VITAL_HR] = 98;
	int64_t v2 = 0;
	must(vigil_chart_amend(&w->nurse, w->protocols, v1, &fix, "typo", &v2, &err), &err, "vitals");
	assert_int_equal(entry(w, v2)->vitals.value[VIGIL_VITAL_HR], 98);
	u = last_use(w, "MRN1001", "fentanyl", "2026-11-20 22:00");
	fix = *entry(w, u);
	fix.at = at("2026-11-21 09:51");
	REFUSED(vigil_chart_amend(&w->nurse, w->protocols, u, &fix, "later", NULL, &err), &err,
	        VIGIL_EINVAL, "last use of fentanyl is in the future");
	snprintf(fix.substance, sizeof fix.substance, "heroin");
	fix.at = at("2026-11-20 22:00");
	REFUSED(vigil_chart_amend(&w->nurse, w->protocols, u, &fix, "kind", NULL, &err), &err,
	        VIGIL_EINVAL,
	        "unknown substance 'heroin' (use short-acting, fentanyl, methadone, long-acting, "
	        "alcohol or benzodiazepine)");
	fix = *entry(w, u);
	fix.at = at("2026-11-19 22:00");
	int64_t u2 = 0;
	must(vigil_chart_amend(&w->nurse, w->protocols, u, &fix, "the day before", &u2, &err), &err,
	     "last use");
	assert_string_equal(local(entry(w, u2)->at), "2026-11-19 22:00");
	assert_false(entry(w, u2)->late);
	audit_intact(w);
}

/* A correction is stored as the drug list spells it, as a new dose is
 * (test_dose_case_and_words), so the 24-hour total (which matches the drug
 * key exactly) counts it. (Found here: "Lorazepam"/"MG"/"po" were stored
 * as typed and the total missed the dose; fixed in 537083b.) */
static void test_amend_stores_the_list_spelling(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	int64_t d1 = give(w, LORAZEPAM_NOW, NULL);
	clock_at("2026-11-21 09:10");
	vigil_chart_entry fix = *entry(w, d1);
	snprintf(fix.dose.drug, sizeof fix.dose.drug, "Lorazepam");
	snprintf(fix.dose.unit, sizeof fix.dose.unit, "MG");
	snprintf(fix.dose.route, sizeof fix.dose.route, "po");
	fix.dose.amount = 2000;
	int64_t d2 = 0;
	must(vigil_chart_amend(&w->nurse, w->protocols, d1, &fix, "it was 2 mg", &d2, &err), &err,
	     "amend");
	assert_int_equal(total_24h(w, "MRN1001", "lorazepam", "mg", clock_now()), 2000);
	vigil_chart_entry *e = entry(w, d2);
	assert_string_equal(e->dose.drug, "lorazepam");
	assert_string_equal(e->dose.unit, "mg");
	assert_string_equal(e->dose.route, "PO");
}

/* ---- an entry changed outside vigil ------------------------------------ */

/* Runs sql on the file with the sqlite3 library, the append-only trigger
 * dropped first and put back after, as someone with the shell would. */
static void tamper(struct ward *w, const char *trigger_name, const char *sql)
{
	char trigger[512], all[1200];
	raw_trigger_sql(w->path, trigger_name, trigger, sizeof trigger);
	snprintf(all, sizeof all, "DROP TRIGGER %s; %s; %s;", trigger_name, sql, trigger);
	raw_exec(w->path, all);
}

#define NOT_SHOWN "does not match the audit log (changed outside vigil); not shown or changed: " \
                  "an admin should verify the audit log"

static void test_chart_tamper(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	vigil_chart_entry e;
	/* D1 1 mg; D2 2 mg corrected by D3; D4 voided. */
	int64_t d1 = give(w, LORAZEPAM(.amount = "1"), NULL);
	int64_t d2 = give(w, LORAZEPAM(.amount = "2"), NULL);
	vigil_chart_entry fix = *entry(w, d2);
	fix.dose.amount = 2500;
	int64_t d3 = 0;
	must(vigil_chart_amend(&w->nurse, w->protocols, d2, &fix, "2.5 mg", &d3, &err), &err, "D3");
	int64_t d4 = give(w, LORAZEPAM(.amount = "1"), NULL);
	must(vigil_chart_void(&w->nurse, d4, "charted twice", &err), &err, "void D4");
	assert_int_equal(d3, 3);
	assert_int_equal(d4, 4);
	audit_intact(w);

	/* 1 mg made 4 with the sqlite3 shell. */
	tamper(w, "chart_entries_no_update", "UPDATE chart_entries SET amount = 4000 WHERE id = 1");
	assert_int_equal(raw_int(w->path, "SELECT amount FROM chart_entries WHERE id = 1"), 4000);
	REFUSED(vigil_chart_get(&w->nurse, d1, &e, &err), &err, VIGIL_ETAMPER, "dose D1 " NOT_SHOWN);
	struct snap before = snapshot(w);
	fix = *entry(w, d3);
	REFUSED(vigil_chart_amend(&w->nurse, w->protocols, d1, &fix, "fix", NULL, &err), &err,
	        VIGIL_ETAMPER, "dose D1 " NOT_SHOWN);
	REFUSED(vigil_chart_void(&w->nurse, d1, "void", &err), &err, VIGIL_ETAMPER,
	        "dose D1 " NOT_SHOWN);
	UNCHANGED(w, before);
	/* Admins verify the log: it names the entry by its row. */
	vigil_audit_report report;
	REFUSED(vigil_audit_verify(&w->admin, &report, &err), &err, VIGIL_ETAMPER,
	        "chart 1: differs from what the audit log says was written (changed outside vigil)");

	/* The correction that gives D2 its status, changed: D2 is not shown
	 * either (it would say "amended by D3" of a forged D3). */
	tamper(w, "chart_entries_no_update", "UPDATE chart_entries SET amount = 500 WHERE id = 3");
	REFUSED(vigil_chart_get(&w->nurse, d3, &e, &err), &err, VIGIL_ETAMPER, "dose D3 " NOT_SHOWN);
	REFUSED(vigil_chart_get(&w->nurse, d2, &e, &err), &err, VIGIL_ETAMPER,
	        "D3 (the correction of D2) " NOT_SHOWN);
	/* The entered-in-error mark, changed. */
	tamper(w, "chart_voids_no_update", "UPDATE chart_voids SET reason = 'x' WHERE entry_id = 4");
	REFUSED(vigil_chart_get(&w->nurse, d4, &e, &err), &err, VIGIL_ETAMPER,
	        "the entered-in-error mark on D4 " NOT_SHOWN);
	/* A row added with the shell is not in the log. */
	raw_exec(w->path, "INSERT INTO chart_entries (patient_id, kind, at, entered_at, performer_id,"
	                  " entered_by_id, late, note) VALUES (1, 'note', '2026-11-21T09:00:00Z',"
	                  " '2026-11-21T09:00:00Z', 2, 2, 0, 'forged')");
	REFUSED(vigil_chart_get(&w->nurse, 5, &e, &err), &err, VIGIL_ETAMPER, "note T5 " NOT_SHOWN);
}

/* ---- a unit's own drug list -------------------------------------------- */

static void test_drug_list_install(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	const char *list = "# our unit\n"
	                   "drug lorazepam Lorazepam\n"
	                   "unit mg max 2 usual 1\n"
	                   "route PO IV\n"
	                   "for ciwa-ar\n"
	                   "\n"
	                   "substance alcohol alcohol\n";
	struct snap before = snapshot(w);
	REFUSED(vigil_drugs_install(&w->nurse, "unit.drugs", list, &err), &err, VIGIL_EPERM,
	        "nina (nurse) may not install a drug list: it needs the admin role");
	REFUSED(vigil_drugs_install(&w->clinician, "unit.drugs", list, &err), &err, VIGIL_EPERM,
	        "cleo (clinician) may not install a drug list: it needs the admin "
	        "role");
	/* A fault anywhere refuses the whole list, naming file and line. */
	REFUSED(vigil_drugs_install(&w->admin, "bad.drugs",
	                            "drug lorazepam Lorazepam\nunit mg max 2\nroute PO XX\n", &err),
	        &err, VIGIL_EINVAL,
	        "bad.drugs:3: drug lorazepam: unknown route 'XX' (use PO, SL, BUCCAL, IM, IV, SC, TD or "
	        "PR)");
	REFUSED(vigil_drugs_install(&w->admin, "bad.drugs",
	                            "drug lorazepam Lorazepam\nunit mg max 2 usual 3\nroute PO\n", &err),
	        &err, VIGIL_EINVAL, "bad.drugs:2: drug lorazepam: the usual dose is above the maximum");
	REFUSED(vigil_drugs_install(&w->admin, "bad.drugs", "drug lorazepam Lorazepam\nroute PO\n",
	                            &err),
	        &err, VIGIL_EINVAL, "bad.drugs:1: drug lorazepam has no 'unit' line");
	REFUSED(vigil_drugs_install(&w->admin, "bad.drugs", "# nothing\n", &err), &err, VIGIL_EINVAL,
	        "bad.drugs: no drugs in the list");
	REFUSED(vigil_drugs_install(&w->admin, "bad.drugs", "dose lorazepam\n", &err), &err,
	        VIGIL_EINVAL,
	        "bad.drugs:1: unknown keyword 'dose' (use drug, unit, route, for or substance)");
	UNCHANGED(w, before);

	clock_at("2026-11-21 09:05");
	must(vigil_drugs_install(&w->admin, "/etc/vigil/unit.drugs", list, &err), &err, "install");
	assert_int_equal(count(w, "drug_lists"), 1);
	assert_int_equal(raw_int(w->path, "SELECT count(*) FROM audit_log WHERE entity ="
	                                  " 'drug_list' AND actor = 'boss'"),
	                 1);
	audit_intact(w);

	/* The protocols loaded before still hold the built-in list; a fresh
	 * load holds the unit's. */
	vigil_dose d;
	vigil_dose_input in = LORAZEPAM_NOW;
	must(vigil_dose_check(w->protocols, &in, &d, &err), &err, "old list");
	vigil_protocols *fresh = NULL;
	must(vigil_protocols_load(&w->nurse, scales, &fresh, &err), &err, "load");
	const vigil_drugs *drugs = vigil_protocols_drugs(fresh);
	assert_int_equal(vigil_drugs_count(drugs), 1);
	assert_int_equal(vigil_substances_count(drugs), 1);
	assert_string_equal(vigil_drugs_origin(drugs),
	                    "installed 2026-11-21 09:05 by boss from unit.drugs");
	assert_string_equal(vigil_drugs_text(drugs), list);
	REFUSED(vigil_dose_check(fresh, &in, &d, &err), &err, VIGIL_EINVAL,
	        "lorazepam 3 mg is more than the largest plausible single dose (2 mg): check the "
	        "amount");
	in = BUP_NOW;
	REFUSED(vigil_dose_check(fresh, &in, &d, &err), &err, VIGIL_EINVAL,
	        "unknown drug 'buprenorphine' (use lorazepam)");
	in = LORAZEPAM(.amount = "2", .route = "SL");
	REFUSED(vigil_dose_check(fresh, &in, &d, &err), &err, VIGIL_EINVAL,
	        "'SL' is not a route for lorazepam (use PO or IV)");
	before = snapshot(w);
	REFUSED(vigil_dose_record(&w->nurse, fresh, &in, NULL, NULL, &err), &err, VIGIL_EINVAL,
	        "'SL' is not a route for lorazepam (use PO or IV)");
	REFUSED(vigil_last_use_record(&w->nurse, fresh, "MRN1001", "fentanyl", at("2026-11-20 20:00"),
	                              NULL, NULL, &err),
	        &err, VIGIL_EINVAL, "unknown substance 'fentanyl' (use alcohol)");
	UNCHANGED(w, before);
	in = LORAZEPAM(.amount = "2", .route = "iv");
	int64_t id = 0;
	must(vigil_dose_record(&w->nurse, fresh, &in, &id, NULL, &err), &err, "dose");
	assert_string_equal(entry(w, id)->dose.route, "IV");
	vigil_protocols_free(fresh);
	audit_intact(w);
}

/* ---- the chart query --------------------------------------------------- */

static void test_chart_each_filters(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	vigil_vitals_input vin = { .mrn = "MRN1001", .value = { [VIGIL_VITAL_HR] = "88" },
		                   .at = at("2026-11-21 07:30") };
	int64_t id = 0;
	/* MRN1001: D1 lorazepam 07:00, V2 07:30, T3 08:00, U4 the evening
	 * before, D5 ibuprofen 08:30, D6 lorazepam 08:45 amended by D7, T8
	 * 08:50 voided; MRN1002: D9 lorazepam 08:00. */
	assert_int_equal(give(w, LORAZEPAM(.amount = "1", .at = at("2026-11-21 07:00")), NULL), 1);
	must(vigil_vitals_record(&w->nurse, w->protocols, &vin, &id, &err), &err, "V2");
	must(vigil_note_record(&w->nurse, "MRN1001", "Restless", at("2026-11-21 08:00"), &id, &err),
	     &err, "T3");
	last_use(w, "MRN1001", "short-acting", "2026-11-20 22:00");
	give(w, BUP(.drug = "ibuprofen", .amount = "400", .route = "PO",
	            .at = at("2026-11-21 08:30")),
	     NULL);
	int64_t d6 = give(w, LORAZEPAM(.amount = "2", .at = at("2026-11-21 08:45")), NULL);
	vigil_chart_entry fix = *entry(w, d6);
	fix.dose.amount = 3000;
	must(vigil_chart_amend(&w->nurse, w->protocols, d6, &fix, "3 mg", &id, &err), &err, "D7");
	must(vigil_note_record(&w->nurse, "MRN1001", "Wrong bed", at("2026-11-21 08:50"), &id, &err),
	     &err, "T8");
	must(vigil_chart_void(&w->nurse, id, "wrong patient", &err), &err, "void T8");
	give(w, LORAZEPAM(.mrn = "MRN1002", .amount = "1", .at = at("2026-11-21 08:00")), NULL);

	/* Current entries, newest first by the time they say. */
	assert_string_equal(names_of(w, (vigil_chart_query){ .mrn = "MRN1001" }),
	                    "D7 D5 T3 V2 D1 U4");
	assert_string_equal(names_of(w, (vigil_chart_query){ .mrn = "MRN1001", .all = true }),
	                    "T8* D7 D6* D5 T3 V2 D1 U4");
	assert_string_equal(names_of(w, (vigil_chart_query){ .mrn = "MRN1001", .oldest_first = true }),
	                    "U4 D1 V2 T3 D5 D7");
	assert_string_equal(names_of(w, (vigil_chart_query){ .mrn = "MRN1001", .all = true,
	                                                     .oldest_first = true }),
	                    "U4 D1 V2 T3 D5 D6* D7 T8*");
	/* By kind. */
	assert_string_equal(names_of(w, (vigil_chart_query){ .mrn = "MRN1001",
	                                                     .kinds = 1u << VIGIL_CHART_DOSE }),
	                    "D7 D5 D1");
	assert_string_equal(names_of(w, (vigil_chart_query){
	                            .mrn = "MRN1001",
	                            .kinds = 1u << VIGIL_CHART_VITALS | 1u << VIGIL_CHART_NOTE }),
	                    "T3 V2");
	assert_string_equal(names_of(w, (vigil_chart_query){ .mrn = "MRN1001",
	                                                     .kinds = 1u << VIGIL_CHART_LAST_USE }),
	                    "U4");
	assert_string_equal(names_of(w, (vigil_chart_query){ .mrn = "MRN1001", .all = true,
	                                                     .kinds = 1u << VIGIL_CHART_NOTE }),
	                    "T8* T3");
	/* By drug (doses only). */
	assert_string_equal(names_of(w, (vigil_chart_query){ .mrn = "MRN1001", .drug = "lorazepam" }),
	                    "D7 D1");
	assert_string_equal(names_of(w, (vigil_chart_query){ .mrn = "MRN1001", .drug = "lorazepam",
	                                                     .all = true }),
	                    "D7 D6* D1");
	assert_string_equal(names_of(w, (vigil_chart_query){ .mrn = "MRN1001", .drug = "diazepam" }),
	                    "");
	/* By time: [from, to). */
	assert_string_equal(names_of(w, (vigil_chart_query){ .mrn = "MRN1001",
	                                                     .from = at("2026-11-21 07:30"),
	                                                     .to = at("2026-11-21 08:30") }),
	                    "T3 V2");
	assert_string_equal(names_of(w, (vigil_chart_query){ .mrn = "MRN1001",
	                                                     .from = at("2026-11-21 08:00") }),
	                    "D7 D5 T3");
	assert_string_equal(names_of(w, (vigil_chart_query){ .mrn = "MRN1001",
	                                                     .to = at("2026-11-21 07:00") }),
	                    "U4");
	/* The newest few. */
	assert_string_equal(names_of(w, (vigil_chart_query){ .mrn = "MRN1001", .limit = 2 }),
	                    "D7 D5");
	assert_string_equal(names_of(w, (vigil_chart_query){ .mrn = "MRN1001", .limit = 2,
	                                                     .oldest_first = true }),
	                    "U4 D1");
	/* Every patient (exports). */
	assert_string_equal(names_of(w, (vigil_chart_query){ .kinds = 1u << VIGIL_CHART_DOSE }),
	                    "D7 D5 D9 D1");
	assert_string_equal(names_of(w, (vigil_chart_query){ .drug = "lorazepam", .all = true,
	                                                     .oldest_first = true }),
	                    "D1 D9 D6* D7");
	assert_string_equal(names_of(w, (vigil_chart_query){ .mrn = "MRN1002" }), "D9");
	/* The reader may stop early. */
	struct names l = { .stop_after = 3 };
	vigil_chart_query q = { .mrn = "MRN1001" };
	must(vigil_chart_each(&w->nurse, &q, add_name, &l, &err), &err, "stop");
	assert_string_equal(l.text, "D7 D5 T3");
	/* Every role reads; an unknown patient is refused. */
	memset(&l, 0, sizeof l);
	must(vigil_chart_each(&w->admin, &q, add_name, &l, &err), &err, "admin");
	assert_int_equal(l.n, 6);
	q.mrn = "MRN9999";
	REFUSED(vigil_chart_each(&w->nurse, &q, add_name, &l, &err), &err, VIGIL_ENOTFOUND,
	        "unknown patient 'MRN9999'");
	/* What each row carries. */
	vigil_chart_entry *e = entry(w, 1);
	assert_true(e->late);
	assert_string_equal(e->mrn, "MRN1001");
	e = entry(w, 4);
	assert_string_equal(e->substance, "short-acting");
}

/* ---- names ----------------------------------------------------------- */

static void parses_at(int line, const char *text, vigil_chart_kind kind, int64_t id)
{
	vigil_chart_kind k = VIGIL_CHART_KINDS;
	int64_t n = 0;
	if (!vigil_chart_name_parse(text, &k, &n) || k != kind || n != id)
		fail_msg("line %d: '%s' read as %d %lld", line, text, (int)k, (long long)n);
}
#define PARSES(text, kind, id) parses_at(__LINE__, (text), (kind), (id))

static void refused_name_at(int line, const char *text)
{
	vigil_chart_kind k = VIGIL_CHART_KINDS;
	int64_t n = -7;
	if (vigil_chart_name_parse(text, &k, &n))
		fail_msg("line %d: '%s' read as %d %lld", line, text ? text : "(null)", (int)k,
		         (long long)n);
	if (k != VIGIL_CHART_KINDS || n != -7)
		fail_msg("line %d: '%s' refused but wrote its outputs", line, text ? text : "(null)");
}
#define NOT_A_NAME(text) refused_name_at(__LINE__, (text))

/* Only a current record may be corrected: one rule, one set of words,
 * for every kind (the TUI asks it before it offers the form). */
static void test_correctable(void **state)
{
	(void)state;
	vigil_error err;
	assert_int_equal(vigil_correctable("D1", VIGIL_ASSESS_FINAL, "", &err), VIGIL_OK);
	assert_int_equal(vigil_correctable("D1", VIGIL_ASSESS_AMENDED, "D2", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "D1 has already been amended (by D2)");
	assert_int_equal(vigil_correctable("not-done record N2", VIGIL_ASSESS_VOIDED, "", &err),
	                 VIGIL_EINVAL);
	assert_string_equal(err.msg, "not-done record N2 is entered in error");
	vigil_assessment *a = calloc(1, sizeof *a);
	assert_non_null(a);
	a->id = 17;
	a->superseded_by = 18;
	a->status = VIGIL_ASSESS_AMENDED;
	assert_int_equal(vigil_assessment_correctable(a, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "assessment 17 has already been amended (by assessment 18)");
	a->status = VIGIL_ASSESS_FINAL;
	a->supersedes = 16; /* a correction in force may be corrected in turn */
	assert_int_equal(vigil_assessment_correctable(a, &err), VIGIL_OK);
	free(a);
	vigil_not_done nd = { .id = 2, .superseded_by = 3, .status = VIGIL_ASSESS_AMENDED };
	assert_int_equal(vigil_not_done_correctable(&nd, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "not-done record N2 has already been amended (by N3)");
	vigil_chart_entry *e = calloc(1, sizeof *e);
	assert_non_null(e);
	e->kind = VIGIL_CHART_DOSE;
	e->id = 5;
	e->status = VIGIL_ASSESS_VOIDED;
	assert_int_equal(vigil_chart_correctable(e, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "D5 is entered in error");
	free(e);
}

static void test_chart_names(void **state)
{
	(void)state;
	assert_string_equal(vigil_chart_kind_key(VIGIL_CHART_DOSE), "dose");
	assert_string_equal(vigil_chart_kind_key(VIGIL_CHART_VITALS), "vitals");
	assert_string_equal(vigil_chart_kind_key(VIGIL_CHART_NOTE), "note");
	assert_string_equal(vigil_chart_kind_key(VIGIL_CHART_LAST_USE), "last-use");
	assert_string_equal(vigil_chart_kind_key(VIGIL_CHART_KINDS), "");
	assert_string_equal(vigil_chart_kind_words(VIGIL_CHART_VITALS), "vital signs");
	assert_string_equal(vigil_chart_kind_words(VIGIL_CHART_LAST_USE), "last use");
	const char letters[] = "DVTU";
	for (int k = 0; k < VIGIL_CHART_KINDS; k++) {
		assert_int_equal(vigil_chart_kind_letter((vigil_chart_kind)k), letters[k]);
		/* Round trip. */
		int64_t ids[] = { 1, 12, 999999, INT64_C(9223372036854775799) };
		for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
			char name[32];
			vigil_chart_entry_name((vigil_chart_kind)k, ids[i], name, sizeof name);
			PARSES(name, (vigil_chart_kind)k, ids[i]);
		}
	}
	assert_string_equal(name_of(VIGIL_CHART_DOSE, 12), "D12");
	assert_string_equal(name_of(VIGIL_CHART_VITALS, 3), "V3");
	assert_string_equal(name_of(VIGIL_CHART_NOTE, 40), "T40");
	assert_string_equal(name_of(VIGIL_CHART_LAST_USE, 7), "U7");
	PARSES("d12", VIGIL_CHART_DOSE, 12);
	PARSES("v3", VIGIL_CHART_VITALS, 3);
	PARSES("D012", VIGIL_CHART_DOSE, 12);
	NOT_A_NAME("D0");
	NOT_A_NAME("D00");
	NOT_A_NAME("X12");
	NOT_A_NAME("A12");
	NOT_A_NAME("D");
	NOT_A_NAME("D12x");
	NOT_A_NAME("D-1");
	NOT_A_NAME("D+1");
	NOT_A_NAME("D 12");
	NOT_A_NAME(" D12");
	NOT_A_NAME("12");
	NOT_A_NAME("DD12");
	NOT_A_NAME("");
	NOT_A_NAME(NULL);
	NOT_A_NAME("D9223372036854775808");
	NOT_A_NAME("D99999999999999999999");
	NOT_A_NAME("D123456789012345678901234567890");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_dose_refusals, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_dose_case_and_words, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_dose_who_and_when, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_post_dose_due, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_dose_effect_lines, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_late_dose_effects_match_due, setup_ward,
		                                teardown_ward),
		cmocka_unit_test_setup_teardown(test_cap_24h, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_cap_counts_corrections_once, setup_ward,
		                                teardown_ward),
		cmocka_unit_test(test_vitals_arg),
		cmocka_unit_test_setup_teardown(test_vitals_refusals, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_vitals_words_and_flags, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_cows_pulse_is_a_vital, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_ciwa_vitals_with_assessment, setup_ward,
		                                teardown_ward),
		cmocka_unit_test_setup_teardown(test_linked_vitals_stand_with_their_assessment,
		                                setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_vitals_follow_a_correction_that_keeps_them,
		                                setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_notes, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_last_use, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_readiness, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_readiness_methadone, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_chart_amend_and_void, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_amend_stores_the_list_spelling, setup_ward,
		                                teardown_ward),
		cmocka_unit_test_setup_teardown(test_chart_tamper, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_drug_list_install, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_chart_each_filters, setup_ward, teardown_ward),
		cmocka_unit_test(test_chart_names),
		cmocka_unit_test(test_correctable),
	};
	return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
