/* test_missed.c - missed reassessments counted per scale (vigil_due_missed):
 * a long neglect counted once per period, grace, not-done records (asleep
 * rechecks, refused stays due), monitoring stopped and started, two scales
 * on their own clocks, a walk that starts long before the count, due times
 * across midnight and across the autumn daylight-saving change.
 *
 * The ward is in Europe/London; MRN1 was admitted on 20 October 2026. The
 * built-in CIWA-Ar protocol: 4-hourly for 0-9, hourly from 10; asleep
 * rechecks in 2 hours, refused stays due. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "test_login.h"
#include "vigil/assessment.h"
#include "vigil/auth.h"
#include "vigil/clock.h"
#include "vigil/config.h"
#include "vigil/db.h"
#include "vigil/chart.h"
#include "vigil/due.h"
#include "vigil/export.h"
#include "vigil/patient.h"
#include "vigil/protocol.h"
#include "vigil/scale.h"
#include "vigil/store.h"

static char tmpdir[256];
static int file_counter;
static vigil_scales *scales;

struct ward {
	char path[512];
	vigil_db *db;
	vigil_session admin, nurse;
	vigil_protocols *protocols;
};

/* ---- helpers --------------------------------------------------------- */

static void must(vigil_status s, const vigil_error *err, const char *what)
{
	if (s != VIGIL_OK)
		fail_msg("%s: %s (%s)", what, err->msg, vigil_status_name(s));
}

/* Local time ("2026-11-20 09:00") or with an offset. */
static vigil_time at(const char *text)
{
	vigil_time t;
	vigil_error err;
	must(vigil_time_parse(text, &t, &err), &err, text);
	return t;
}

static vigil_session session_as(vigil_db *db, const char *name)
{
	vigil_session s = { .db = db };
	vigil_error err;
	must(vigil_session_resume(db, name, test_password(name), &s, &err), &err, name);
	return s;
}

static void load_protocols(struct ward *w)
{
	vigil_error err;
	vigil_protocols_free(w->protocols);
	must(vigil_protocols_load(&w->admin, scales, &w->protocols, &err), &err, "protocols");
}

static int setup_ward(void **state)
{
	struct ward *w = calloc(1, sizeof *w);
	vigil_error err;
	snprintf(w->path, sizeof w->path, "%s/%02d.db", tmpdir, ++file_counter);
	vigil_clock_pin(at("2026-10-20 12:00"));
	if (vigil_db_create(w->path, true, &w->db, &err) != VIGIL_OK ||
	    vigil_init_admin(w->db, "boss", "", "boss-password", &err) != VIGIL_OK)
		return -1;
	w->admin = session_as(w->db, "boss");
	if (vigil_user_add(&w->admin, "nina", VIGIL_ROLE_NURSE, "", "nina-password", &err) !=
	    VIGIL_OK)
		return -1;
	w->nurse = session_as(w->db, "nina");
	if (vigil_patient_admit(&w->nurse, "MRN1", "Alex Morgan", "1", at("2026-10-20 08:00"),
	                        NULL, &err) != VIGIL_OK)
		return -1;
	load_protocols(w);
	*state = w;
	return 0;
}

static int teardown_ward(void **state)
{
	struct ward *w = *state;
	vigil_protocols_free(w->protocols);
	vigil_db_close(w->db);
	vigil_clock_pin(0);
	free(w);
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
	snprintf(tmpdir, sizeof tmpdir, "%s/vigil-test-missed-XXXXXX",
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

/* Records an assessment of scale_key with this total at when (the clock
 * then reads when). */
static void record(struct ward *w, const char *scale_key, int total, const char *when)
{
	const vigil_scale *s = vigil_scales_find(scales, scale_key);
	vigil_sheet sheet;
	vigil_error err;
	assert_non_null(s);
	vigil_sheet_init(&sheet, s);
	int left = total;
	for (size_t k = s->nitems; k-- > 0;) {
		const vigil_item *it = &s->items[k];
		int pick = 0;
		for (size_t j = 0; j < it->nscores; j++)
			if (it->scores[j].score <= left)
				pick = it->scores[j].score;
		must(vigil_sheet_set(&sheet, k, pick, &err), &err, it->key);
		left -= pick;
	}
	assert_int_equal(left, 0);
	vigil_clock_pin(at(when));
	vigil_record_input in = { .mrn = "MRN1", .sheet = &sheet, .performed_at = at(when) };
	must(vigil_assessment_record(&w->nurse, &in, NULL, &err), &err, "record");
}

static void not_done(struct ward *w, const char *scale, vigil_not_done_why why,
                     const char *when)
{
	vigil_error err;
	vigil_clock_pin(at(when));
	vigil_not_done_input in = { .mrn = "MRN1", .scale = scale, .why = why,
		                    .performed_at = at(when) };
	must(vigil_not_done_record(&w->nurse, w->protocols, &in, NULL, &err), &err, "not done");
}

static void monitor(struct ward *w, const char *scale, bool start, const char *when)
{
	vigil_error err;
	vigil_clock_pin(at(when));
	if (start)
		must(vigil_monitor_start(&w->nurse, w->protocols, "MRN1", scale, &err), &err,
		     "start");
	else
		must(vigil_monitor_stop(&w->nurse, w->protocols, "MRN1", scale, "settled", &err),
		     &err, "stop");
}

/* Missed due times in [from, to) realised before until; *nd the not-done
 * records (may be NULL). */
static int missed_nd(struct ward *w, const char *scale, const char *from, const char *to,
                     const char *until, int *nd)
{
	vigil_patient p;
	vigil_error err;
	int missed = -1, n = -1;
	must(vigil_patient_get(&w->nurse, "MRN1", &p, &err), &err, "patient");
	must(vigil_due_missed(&w->nurse, w->protocols, &p, scale, at(from), at(to), at(until),
	                      &missed, &n, &err),
	     &err, "missed");
	if (nd)
		*nd = n;
	return missed;
}

static int missed(struct ward *w, const char *scale, const char *from, const char *to,
                  const char *until)
{
	return missed_nd(w, scale, from, to, until, NULL);
}

#define DAY_FROM "2026-11-20 07:00"
#define DAY_TO "2026-11-20 19:00"

/* ---- tests ------------------------------------------------------------- */

/* Hourly from 10: not done for 5 hours is 5 misses (10:00 to 14:00), each
 * once it has passed; the one at 15:00 is met by the assessment then. */
static void test_hourly_neglect(void **state)
{
	struct ward *w = *state;
	record(w, "ciwa-ar", 20, "2026-11-20 09:00");
	record(w, "craving", 7, "2026-11-20 09:05");
	assert_int_equal(missed(w, "ciwa-ar", DAY_FROM, DAY_TO, "2026-11-20 09:30"), 0);
	assert_int_equal(missed(w, "ciwa-ar", DAY_FROM, DAY_TO, "2026-11-20 10:00"), 0);
	assert_int_equal(missed(w, "ciwa-ar", DAY_FROM, DAY_TO, "2026-11-20 10:01"), 1);
	assert_int_equal(missed(w, "ciwa-ar", DAY_FROM, DAY_TO, "2026-11-20 14:30"), 5);
	record(w, "ciwa-ar", 5, "2026-11-20 15:00"); /* then 4-hourly: 19:00 */
	int nd;
	assert_int_equal(missed_nd(w, "ciwa-ar", DAY_FROM, DAY_TO, "2026-11-20 22:00", &nd), 5);
	assert_int_equal(nd, 0);
	/* Only the due times in [from, to). */
	assert_int_equal(missed(w, "ciwa-ar", "2026-11-20 11:00", "2026-11-20 13:00",
	                        "2026-11-20 22:00"), 2);
	/* Another scale was never started: nothing is due on it, and the
	 * admission is not a due time. */
	assert_int_equal(missed(w, "cows", DAY_FROM, DAY_TO, "2026-11-20 22:00"), 0);
	assert_int_equal(missed(w, "cows", "2026-10-20 00:00", DAY_TO, "2026-11-20 22:00"), 0);
	/* A scale without a protocol is never missed. */
	assert_int_equal(missed(w, "craving", DAY_FROM, DAY_TO, "2026-11-20 22:00"), 0);
}

static const char grace_text[] =
	"protocol ciwa-ar\n"
	"name CIWA-Ar with 15 minutes' grace\n"
	"every 0-9 4h\n"
	"every 10-67 1h\n"
	"grace 15m\n"
	"not-done asleep recheck 2h\n"
	"not-done refused due\n"
	"not-done off-ward due\n"
	"not-done other due\n";

/* 09:00 20 (due 10:00), 10:10 20 (due 11:10), nothing after. Without
 * grace 10:00 is missed at once; with 15 minutes 10:10 is in time, and
 * 11:10 is missed only from 11:25. */
static void test_grace(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	record(w, "ciwa-ar", 20, "2026-11-20 09:00");
	record(w, "ciwa-ar", 20, "2026-11-20 10:10");
	assert_int_equal(missed(w, "ciwa-ar", DAY_FROM, DAY_TO, "2026-11-20 11:20"), 2);
	assert_int_equal(missed(w, "ciwa-ar", DAY_FROM, DAY_TO, "2026-11-20 12:00"), 2);
	vigil_clock_pin(at("2026-11-20 12:00"));
	must(vigil_protocol_install(&w->admin, scales, "grace.protocol", grace_text, &err), &err,
	     "install");
	load_protocols(w);
	assert_int_equal(vigil_protocols_find(w->protocols, "ciwa-ar")->grace, 15 * 60);
	assert_int_equal(missed(w, "ciwa-ar", DAY_FROM, DAY_TO, "2026-11-20 11:20"), 0);
	assert_int_equal(missed(w, "ciwa-ar", DAY_FROM, DAY_TO, "2026-11-20 11:25"), 0);
	assert_int_equal(missed(w, "ciwa-ar", DAY_FROM, DAY_TO, "2026-11-20 11:26"), 1);
	assert_int_equal(missed(w, "ciwa-ar", DAY_FROM, DAY_TO, "2026-11-20 12:00"), 1);
	/* A due time just before the shift ends is counted in it once its
	 * grace has run out after the end. */
	assert_int_equal(missed(w, "ciwa-ar", DAY_FROM, "2026-11-20 11:15", "2026-11-20 12:00"),
	                 1);
	assert_int_equal(missed(w, "ciwa-ar", "2026-11-20 11:15", DAY_TO, "2026-11-20 12:00"), 0);
}

static const char *const step_text =
	"protocol ciwa-ar\n"
	"every 0-9 4h\n"
	"every 10-67 1h\n"
	"every 0-7 8h after 3 in a row\n";

/* Step-downs look back over the totals before the count starts: three
 * under 8 in a row by 09:00 make the next due 17:00, not 13:00. */
static void test_step_down_history(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	vigil_clock_pin(at("2026-11-20 00:00"));
	must(vigil_protocol_install(&w->admin, scales, "step.protocol", step_text, &err), &err,
	     "install");
	load_protocols(w);
	record(w, "ciwa-ar", 5, "2026-11-20 01:00");
	record(w, "ciwa-ar", 6, "2026-11-20 05:00");
	record(w, "ciwa-ar", 7, "2026-11-20 09:00");
	assert_int_equal(missed(w, "ciwa-ar", DAY_FROM, DAY_TO, "2026-11-20 20:00"), 1);
	assert_int_equal(missed(w, "ciwa-ar", "2026-11-20 10:00", DAY_TO, "2026-11-20 20:00"), 1);
	assert_int_equal(missed(w, "ciwa-ar", "2026-11-20 19:00", "2026-11-21 07:00",
	                        "2026-11-21 08:00"), 1); /* 01:00 */
	/* A stop and start: the totals before the stop no longer count. */
	monitor(w, "ciwa-ar", false, "2026-11-21 08:00");
	monitor(w, "ciwa-ar", true, "2026-11-21 08:30"); /* due 08:30, then 4-hourly */
	record(w, "ciwa-ar", 5, "2026-11-21 09:00");     /* due 13:00 */
	assert_int_equal(missed(w, "ciwa-ar", "2026-11-21 07:00", "2026-11-21 19:00",
	                        "2026-11-21 17:30"), 3); /* 08:30, 13:00, 17:00 */
}

/* Asleep at the due time: a recheck in 2 hours, nothing missed; the
 * recheck itself missed, then every 2 hours. */
static void test_asleep_recheck(void **state)
{
	struct ward *w = *state;
	int nd;
	record(w, "ciwa-ar", 20, "2026-11-20 09:00");
	not_done(w, "ciwa-ar", VIGIL_NOT_DONE_ASLEEP, "2026-11-20 10:00");
	assert_int_equal(missed_nd(w, "ciwa-ar", DAY_FROM, DAY_TO, "2026-11-20 11:59", &nd), 0);
	assert_int_equal(nd, 1);
	assert_int_equal(missed(w, "ciwa-ar", DAY_FROM, DAY_TO, "2026-11-20 12:01"), 1);
	assert_int_equal(missed(w, "ciwa-ar", DAY_FROM, DAY_TO, "2026-11-20 16:30"), 3);
	/* Found asleep late: the due time it passed is missed all the same. */
	record(w, "ciwa-ar", 20, "2026-11-20 17:00");
	not_done(w, "ciwa-ar", VIGIL_NOT_DONE_ASLEEP, "2026-11-20 18:20");
	assert_int_equal(missed_nd(w, "ciwa-ar", DAY_FROM, DAY_TO, "2026-11-20 18:30", &nd), 4);
	assert_int_equal(nd, 2);
	/* Not-done records count by when they were found, in [from, to). */
	assert_int_equal(missed_nd(w, "ciwa-ar", "2026-11-20 12:01", DAY_TO, "2026-11-20 18:30",
	                           &nd), 3);
	assert_int_equal(nd, 1);
}

/* Refused: still due, so missed if nothing is done; counted as not done
 * too. */
static void test_refused_still_due(void **state)
{
	struct ward *w = *state;
	int nd;
	record(w, "ciwa-ar", 20, "2026-11-20 09:00");
	not_done(w, "ciwa-ar", VIGIL_NOT_DONE_REFUSED, "2026-11-20 10:00");
	assert_int_equal(missed_nd(w, "ciwa-ar", DAY_FROM, DAY_TO, "2026-11-20 10:30", &nd), 1);
	assert_int_equal(nd, 1);
	record(w, "ciwa-ar", 5, "2026-11-20 10:40"); /* next due 14:40 */
	assert_int_equal(missed_nd(w, "ciwa-ar", DAY_FROM, DAY_TO, "2026-11-20 14:00", &nd), 1);
	assert_int_equal(nd, 1);
	assert_int_equal(missed(w, "ciwa-ar", DAY_FROM, DAY_TO, "2026-11-20 15:00"), 2);
}

static void give(struct ward *w, const char *drug, const char *amount, const char *route,
                 const char *when)
{
	vigil_error err;
	vigil_clock_pin(at(when));
	vigil_dose_input in = { .mrn = "MRN1", .drug = drug, .amount = amount, .unit = "mg",
		                .route = route, .at = at(when) };
	must(vigil_dose_record(&w->nurse, w->protocols, &in, NULL, NULL, &err), &err, "dose");
}

/* A dose makes the scales it treats due an hour later (the after-dose
 * rule), sooner than the 4-hourly clock running: missed like any due
 * time, then every 4 hours while nothing is done. A dose of a drug that
 * treats another scale, or none, changes nothing. */
static void test_post_dose_missed(void **state)
{
	struct ward *w = *state;
	record(w, "cows", 3, "2026-11-20 09:00");            /* due 13:00 */
	give(w, "ibuprofen", "400", "PO", "2026-11-20 09:30"); /* treats no scale */
	give(w, "lorazepam", "1", "PO", "2026-11-20 09:40");   /* treats CIWA-Ar */
	assert_int_equal(missed(w, "cows", DAY_FROM, DAY_TO, "2026-11-20 12:30"), 0);
	give(w, "buprenorphine", "4", "SL", "2026-11-20 10:00"); /* COWS due 11:00 */
	assert_int_equal(missed(w, "cows", DAY_FROM, DAY_TO, "2026-11-20 10:55"), 0);
	assert_int_equal(missed(w, "cows", DAY_FROM, DAY_TO, "2026-11-20 12:30"), 1);
	/* Still not done: due again 4 hours on (15:00). */
	assert_int_equal(missed(w, "cows", DAY_FROM, DAY_TO, "2026-11-20 16:00"), 2);
	/* Reassessed at 12:00: only the post-dose one was missed. */
	record(w, "cows", 2, "2026-11-20 12:00");
	assert_int_equal(missed(w, "cows", DAY_FROM, DAY_TO, "2026-11-20 16:00"), 1);
}

/* Stopped: nothing is due. Started again: due at once, then 4-hourly (the
 * base rule covering 0). An assessment after a stop starts it too. */
static void test_stop_start(void **state)
{
	struct ward *w = *state;
	record(w, "ciwa-ar", 20, "2026-11-20 09:00");
	monitor(w, "ciwa-ar", false, "2026-11-20 09:30");
	assert_int_equal(missed(w, "ciwa-ar", DAY_FROM, DAY_TO, "2026-11-20 23:00"), 0);
	assert_int_equal(missed(w, "ciwa-ar", "2026-11-21 07:00", "2026-11-21 19:00",
	                        "2026-11-21 23:00"), 0);
	monitor(w, "ciwa-ar", true, "2026-11-20 13:00");
	/* 13:00 and 17:00 */
	assert_int_equal(missed(w, "ciwa-ar", DAY_FROM, DAY_TO, "2026-11-20 18:00"), 2);
	monitor(w, "ciwa-ar", false, "2026-11-20 18:30");
	assert_int_equal(missed(w, "ciwa-ar", DAY_FROM, DAY_TO, "2026-11-21 07:00"), 2);
	record(w, "ciwa-ar", 12, "2026-11-21 08:00"); /* hourly again */
	assert_int_equal(missed(w, "ciwa-ar", "2026-11-21 07:00", "2026-11-21 19:00",
	                        "2026-11-21 11:30"), 3);
}

/* Two scales, two clocks: COWS done on time does not hide a missed
 * CIWA-Ar, and the shift summary shows it on the CIWA-Ar row. */
struct rows {
	char text[8][160];
	size_t n;
};

static int take_row(const vigil_shift_row *r, void *ctx)
{
	struct rows *rows = ctx;
	if (rows->n < 8)
		snprintf(rows->text[rows->n++], sizeof rows->text[0], "%s %s n=%d missed=%d nd=%d",
		         r->patient->mrn, r->scale, r->count, r->missed, r->not_done);
	return 0;
}

static void test_two_scales(void **state)
{
	struct ward *w = *state;
	vigil_error err;
	record(w, "ciwa-ar", 20, "2026-11-20 09:30");
	record(w, "cows", 3, "2026-11-20 09:45");
	assert_int_equal(missed(w, "ciwa-ar", DAY_FROM, DAY_TO, "2026-11-20 10:30"), 0);
	assert_int_equal(missed(w, "ciwa-ar", DAY_FROM, DAY_TO, "2026-11-20 10:46"), 1);
	assert_int_equal(missed(w, "cows", DAY_FROM, DAY_TO, "2026-11-20 10:46"), 0);
	vigil_config cfg;
	vigil_shift day;
	vigil_config_defaults(&cfg);
	must(vigil_shift_on(&cfg, "2026-11-20", "day", &day, &err), &err, "shift");
	vigil_clock_pin(at("2026-11-20 10:46"));
	struct rows rows = { 0 };
	must(vigil_shift_summary(&w->nurse, w->protocols, &day, take_row, &rows, &err), &err,
	     "summary");
	assert_int_equal(rows.n, 2);
	assert_string_equal(rows.text[0], "MRN1 ciwa-ar n=1 missed=1 nd=0");
	assert_string_equal(rows.text[1], "MRN1 cows n=1 missed=0 nd=0");
	/* The next day nothing is done: each active scale still has its row. */
	vigil_shift next;
	must(vigil_shift_on(&cfg, "2026-11-21", "day", &next, &err), &err, "shift");
	vigil_clock_pin(at("2026-11-21 20:00"));
	memset(&rows, 0, sizeof rows);
	must(vigil_shift_summary(&w->nurse, w->protocols, &next, take_row, &rows, &err), &err,
	     "summary");
	assert_int_equal(rows.n, 2);
	assert_string_equal(rows.text[0], "MRN1 ciwa-ar n=0 missed=12 nd=0");
	assert_string_equal(rows.text[1], "MRN1 cows n=0 missed=3 nd=0"); /* 09:45, 13:45, 17:45 */
}

/* A night across midnight, and a walk from an assessment weeks before. */
static void test_midnight_and_long_ago(void **state)
{
	struct ward *w = *state;
	record(w, "ciwa-ar", 5, "2026-11-01 10:00"); /* then 14:00, 18:00, ... */
	/* Every day 02:00, 06:00, 10:00, 14:00, 18:00, 22:00. */
	assert_int_equal(missed(w, "ciwa-ar", "2026-11-20 19:00", "2026-11-21 07:00",
	                        "2026-11-21 08:00"), 3);
	assert_int_equal(missed(w, "ciwa-ar", "2026-11-21 01:00", "2026-11-21 07:00",
	                        "2026-11-21 08:00"), 2);
	assert_int_equal(missed(w, "ciwa-ar", DAY_FROM, DAY_TO, "2026-11-20 20:00"), 3);
	record(w, "ciwa-ar", 5, "2026-11-20 23:30"); /* 03:30, 07:30 */
	assert_int_equal(missed(w, "ciwa-ar", "2026-11-20 19:00", "2026-11-21 07:00",
	                        "2026-11-21 08:00"), 2); /* 22:00, 03:30 */
	assert_int_equal(missed(w, "ciwa-ar", "2026-11-20 19:00", "2026-11-21 07:00",
	                        "2026-11-21 03:30"), 1); /* 03:30 not yet */
}

/* The clocks go back at 02:00 BST on 25 October 2026 (01:00 to 02:00
 * happens twice): a 4-hourly due time is 4 real hours later. */
static void test_daylight_saving(void **state)
{
	struct ward *w = *state;
	record(w, "ciwa-ar", 5, "2026-10-24 23:30"); /* 22:30Z */
	/* Due 02:30Z, which is 02:30 GMT, not 03:30 on the wall clock. */
	assert_int_equal(missed(w, "ciwa-ar", "2026-10-25T02:30Z", "2026-10-25T02:31Z",
	                        "2026-10-25T12:00Z"), 1);
	assert_int_equal(missed(w, "ciwa-ar", "2026-10-25 03:30", "2026-10-25 03:31",
	                        "2026-10-25T12:00Z"), 0);
	/* The night of 24 October is 13 hours: 02:30 and 06:30 GMT. */
	assert_int_equal(missed(w, "ciwa-ar", "2026-10-24 19:00", "2026-10-25 07:00",
	                        "2026-10-25 08:00"), 2);
	/* 20 at 00:30 BST: hourly across the repeated hour, 01:30 BST, 01:30
	 * GMT and 02:30 GMT all missed by 03:00 GMT (the wall clock would
	 * have seen 01:30 once). */
	record(w, "ciwa-ar", 20, "2026-10-24T23:30:00Z");
	assert_int_equal(missed(w, "ciwa-ar", "2026-10-24 19:00", "2026-10-25 07:00",
	                        "2026-10-25T03:00Z"), 3);
	assert_int_equal(missed(w, "ciwa-ar", "2026-10-25T01:00Z", "2026-10-25T02:00Z",
	                        "2026-10-25T03:00Z"), 1); /* 01:30 GMT */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_hourly_neglect, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_grace, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_post_dose_missed, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_step_down_history, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_asleep_recheck, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_refused_still_due, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_stop_start, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_two_scales, setup_ward, teardown_ward),
		cmocka_unit_test_setup_teardown(test_midnight_and_long_ago, setup_ward,
		                                teardown_ward),
		cmocka_unit_test_setup_teardown(test_daylight_saving, setup_ward, teardown_ward),
	};
	return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
