/* demo.c - builds a plausible demo ward through the ordinary core calls,
 * with the clock pinned to each entry's time so nothing is marked late. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/assessment.h"
#include "vigil/demo.h"
#include "vigil/patient.h"
#include "vigil/store.h"

const vigil_demo_account vigil_demo_accounts[] = {
	{ "admin", "admin", "demo-admin" },
	{ "nurse", "nurse", "demo-nurse" },
	{ "clinician", "clinician", "demo-clinician" },
};
const size_t vigil_demo_account_count = 3;

static const struct demo_patient {
	const char *mrn, *name, *bed;
	int hours_ago; /* admitted */
	int peak;      /* highest total the course reaches */
	bool alcohol;  /* CIWA-Ar instead of COWS */
	int cows_peak; /* an alcohol patient also in opioid withdrawal: COWS too */
} patients[] = {
	{ "MRN1001", "Alex Morgan", "1", 70, 22, false, 0 },
	{ "MRN1002", "Jordan Ellis", "2", 52, 30, false, 0 },
	{ "MRN1003", "Sam Okafor", "3", 66, 14, false, 0 },
	{ "MRN1004", "Riley Chen", "4", 30, 18, false, 0 },
	{ "MRN1005", "Casey Novak", "5", 60, 24, true, 0 },
	{ "MRN1006", "Taylor Brooks", "6", 44, 11, false, 0 },
	{ "MRN1007", "Morgan Silva", "7", 20, 26, false, 0 },
	{ "MRN1008", "Jamie O'Neill", "8", 58, 16, true, 9 },
	{ "MRN1009", "Drew Kowalski", "10", 36, 9, false, 0 },
	{ "MRN1010", "Robin Haddad", "11", 26, 20, false, 0 },
};

/* A small deterministic generator: the same ward every run. */
static unsigned next_random(unsigned *state)
{
	*state = *state * 1103515245u + 12345u;
	return (*state >> 16) & 0x7fff;
}

/* Withdrawal rising to a peak about a day after admission, then easing
 * over the next two days as treatment works. */
static double course(double hours, int peak)
{
	double x = hours / 24.0;
	return peak * x * x * exp(2.0 * (1.0 - x));
}

/* Picks an allowed score for each item so the total lands near target. */
static vigil_status fill_sheet(vigil_sheet *sheet, int target, unsigned *rnd, vigil_error *err)
{
	const vigil_scale *s = sheet->scale;
	double share = s->max_total ? (double)target / s->max_total : 0;
	for (size_t i = 0; i < s->nitems; i++) {
		const vigil_item *it = &s->items[i];
		double want = share * vigil_item_max(it) + ((int)next_random(rnd) % 100 - 50) / 60.0;
		size_t best = 0;
		for (size_t j = 1; j < it->nscores; j++)
			if (fabs(it->scores[j].score - want) < fabs(it->scores[best].score - want))
				best = j;
		vigil_status st;
		if (it->raw_key) {
			int rate = 72 + (int)(share * 70) + (int)(next_random(rnd) % 9);
			st = vigil_sheet_set_raw(sheet, i, rate, err);
		} else {
			st = vigil_sheet_set(sheet, i, it->scores[best].score, err);
		}
		if (st != VIGIL_OK)
			return st;
	}
	return VIGIL_OK;
}

/* One thing that happens on the ward; all of them are replayed in time
 * order so the audit log, like a real one, never runs backwards. */
struct demo_event {
	vigil_time entered; /* when it is typed in: the replay order */
	vigil_time at;      /* when it happened */
	const struct demo_patient *patient;
	enum { ADMIT, ASSESS, CRAVING } kind;
	const char *scale; /* ASSESS: the scale's key */
	int target;
	const char *reason;
	unsigned seed;
};

#define MAX_EVENTS 1024

static vigil_status replay(vigil_session *nurse, const vigil_scales *scales,
                           const struct demo_event *e, vigil_error *err)
{
	const struct demo_patient *p = e->patient;
	vigil_clock_pin(e->entered);
	if (e->kind == ADMIT)
		return vigil_patient_admit(nurse, p->mrn, p->name, p->bed, e->at, NULL, err);
	const char *key = e->kind == CRAVING ? "craving" : e->scale;
	const vigil_scale *scale = vigil_scales_find(scales, key);
	if (!scale)
		return vigil_fail(err, VIGIL_ENOTFOUND, "demo: the built-in scale %s is missing", key);
	vigil_sheet sheet;
	unsigned rnd = e->seed;
	vigil_sheet_init(&sheet, scale);
	vigil_status s = fill_sheet(&sheet, e->target, &rnd, err);
	if (s != VIGIL_OK)
		return s;
	vigil_clock_pin(e->entered);
	vigil_record_input in = { .mrn = p->mrn, .sheet = &sheet, .performed_at = e->at,
		                  .reason = e->reason, .note = "" };
	int64_t id;
	return vigil_assessment_record(nurse, &in, &id, err);
}

static void add_event(struct demo_event *events, size_t *n, struct demo_event e)
{
	if (*n < MAX_EVENTS)
		events[(*n)++] = e;
}

/* One course of assessments on one scale: every 4 hours (hourly while
 * high), a craving score with every other one when `craving`. */
static void plan_course(const struct demo_patient *p, const char *scale, int peak, int offset,
                        bool craving, vigil_time now, struct demo_event *events, size_t *n)
{
	unsigned rnd = (unsigned)(p->mrn[6] * 7919 + peak);
	vigil_time admitted = now - p->hours_ago * 3600;
	vigil_time t = admitted + offset * 60;
	for (int k = 0; t < now - 20 * 60; k++) {
		double hours = (double)(t - admitted) / 3600.0;
		int target = (int)lround(course(hours, peak));
		const char *reason = k == 0 ? "admission" : target >= 13 ? "hourly while high" : "4-hourly";
		/* Each is entered a few minutes after it was performed. */
		unsigned seed = next_random(&rnd);
		add_event(events, n, (struct demo_event){ t + 60 * (int)(seed % 9 + 1), t, p, ASSESS,
		                                          scale, target, reason, seed });
		if (craving && k % 2 == 0) {
			vigil_time c = t + 15 * 60;
			seed = next_random(&rnd);
			add_event(events, n,
			          (struct demo_event){ c + 60 * (int)(seed % 5 + 1), c, p, CRAVING, "craving",
			                               target * 10 / (peak + 4), reason, seed });
		}
		/* Mostly on time, now and then a little late. */
		t += (target >= 13 ? 1 : 4) * 3600 - 20 * 60 + (int)(next_random(&rnd) % 30) * 60;
	}
}

/* One patient's stay: admission, then their course on COWS or CIWA-Ar,
 * and COWS as well for one in alcohol and opioid withdrawal at once. */
static void plan_stay(const struct demo_patient *p, vigil_time now, struct demo_event *events,
                      size_t *n)
{
	vigil_time admitted = now - p->hours_ago * 3600;
	add_event(events, n, (struct demo_event){ admitted, admitted, p, ADMIT, "", 0, "", 0 });
	plan_course(p, p->alcohol ? "ciwa-ar" : "cows", p->peak, 15, true, now, events, n);
	if (p->cows_peak)
		plan_course(p, "cows", p->cows_peak, 40, false, now, events, n);
}

static int by_time(const void *a, const void *b)
{
	const struct demo_event *x = a, *y = b;
	return (x->entered > y->entered) - (x->entered < y->entered);
}

static vigil_status demo_accounts(vigil_db *db, vigil_time now, vigil_session *nurse,
                                  vigil_error *err)
{
	vigil_clock_pin(now - 4 * 86400);
	vigil_status s = vigil_init_admin(db, "admin", "Demo Administrator", "demo-admin", err);
	vigil_session admin;
	/* Logged in like anyone, so every row the demo writes is signed. */
	if (s == VIGIL_OK)
		s = vigil_login(db, "admin", "demo-admin", &admin, err);
	if (s == VIGIL_OK)
		s = vigil_user_add(&admin, "nurse", VIGIL_ROLE_NURSE, "Demo Nurse", "demo-nurse", err);
	if (s == VIGIL_OK)
		s = vigil_user_add(&admin, "clinician", VIGIL_ROLE_CLINICIAN, "Demo Clinician",
		                   "demo-clinician", err);
	if (s == VIGIL_OK)
		s = vigil_login(db, "nurse", "demo-nurse", nurse, err);
	return s;
}

vigil_status vigil_demo_create(const char *path, vigil_demo_summary *summary, vigil_error *err)
{
	vigil_time now;
	vigil_db *db;
	vigil_status s = vigil_db_create(path, true, &db, err);
	if (s != VIGIL_OK)
		return s;
	vigil_scales *scales;
	if ((s = vigil_clock_now(&now, err)) != VIGIL_OK ||
	    (s = vigil_scales_load(&scales, err)) != VIGIL_OK) {
		vigil_db_close(db);
		remove(path);
		return s;
	}
	memset(summary, 0, sizeof *summary);
	vigil_session nurse;
	static struct demo_event events[MAX_EVENTS];
	size_t n = 0;
	for (size_t i = 0; i < sizeof patients / sizeof patients[0]; i++)
		plan_stay(&patients[i], now, events, &n);
	qsort(events, n, sizeof events[0], by_time);
	if ((s = vigil_db_begin(db, err)) == VIGIL_OK &&
	    (s = demo_accounts(db, now, &nurse, err)) == VIGIL_OK)
		for (size_t i = 0; s == VIGIL_OK && i < n; i++) {
			s = replay(&nurse, scales, &events[i], err);
			if (events[i].kind == ADMIT)
				summary->patients++;
			else
				summary->assessments++;
		}
	vigil_clock_pin(0);
	if (s == VIGIL_OK)
		s = vigil_db_commit(db, err);
	else
		vigil_db_rollback(db);
	vigil_db_close(db);
	vigil_scales_free(scales);
	if (s != VIGIL_OK) {
		char side[4200];
		remove(path);
		snprintf(side, sizeof side, "%s-wal", path);
		remove(side);
		snprintf(side, sizeof side, "%s-shm", path);
		remove(side);
	}
	return s;
}
