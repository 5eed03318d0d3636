/* demo.c - builds a plausible demo ward through the ordinary core calls,
 * with the clock pinned to each entry's time so nothing is marked late. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/assessment.h"
#include "vigil/chart.h"
#include "vigil/demo.h"
#include "vigil/patient.h"
#include "vigil/store.h"

const vigil_demo_account vigil_demo_accounts[] = {
	{ "admin", "admin", "demo-admin" },
	{ "nurse", "nurse", "demo-nurse" },
	{ "clinician", "clinician", "demo-clinician" },
};
const size_t vigil_demo_account_count = 3;

bool vigil_demo_accounts_here(vigil_db *db)
{
	if (!vigil_db_training(db))
		return false;
	for (size_t i = 0; i < vigil_demo_account_count; i++) {
		vigil_user u;
		vigil_role role;
		if (vigil_store_user_find(db, vigil_demo_accounts[i].name, &u, NULL, 0, NULL) !=
		            VIGIL_OK ||
		    vigil_role_parse(vigil_demo_accounts[i].role, &role, NULL) != VIGIL_OK ||
		    u.role != role)
			return false;
	}
	return true;
}

const char *vigil_demo_program(const char *argv0)
{
	return argv0 && strchr(argv0, '/') ? argv0 : "vigil";
}

bool vigil_demo_hint(const char *argv0, const char *db_path, char *buf, size_t size)
{
	int n = snprintf(buf, size, "VIGIL_PASSWORD=demo-nurse %s --db %s --user nurse history MRN1001",
	                 vigil_demo_program(argv0), db_path);
	return n >= 0 && (size_t)n < size;
}

static const struct demo_patient {
	const char *mrn, *name, *bed;
	int hours_ago; /* admitted */
	int peak;      /* highest total the course reaches */
	bool alcohol;  /* CIWA-Ar instead of COWS */
	int cows_peak; /* an alcohol patient also in opioid withdrawal: COWS too */
	const char *used; /* the substance last used, recorded at admission */
	int used_hours;   /* that long before admission */
} patients[] = {
	{ "MRN1001", "Alex Morgan", "1", 70, 22, false, 0, "short-acting", 8 },
	{ "MRN1002", "Jordan Ellis", "2", 52, 30, false, 0, "fentanyl", 6 },
	{ "MRN1003", "Sam Okafor", "3", 66, 14, false, 0, "short-acting", 10 },
	{ "MRN1004", "Riley Chen", "4", 30, 18, false, 0, "methadone", 4 },
	{ "MRN1005", "Casey Novak", "5", 60, 24, true, 0, "alcohol", 5 },
	{ "MRN1006", "Taylor Brooks", "6", 44, 11, false, 0, "short-acting", 14 },
	{ "MRN1007", "Morgan Silva", "7", 20, 26, false, 0, "short-acting", 3 },
	{ "MRN1008", "Jamie O'Neill", "8", 58, 16, true, 9, "alcohol", 7 },
	{ "MRN1009", "Drew Kowalski", "10", 36, 9, false, 0, "long-acting", 12 },
	{ "MRN1010", "Robin Haddad", "11", 26, 20, false, 0, NULL, 0 },
};

/* Nursing notes, one picked by each note event. */
static const char *const demo_notes[] = {
	"Settled on the ward; oriented; plan for the stay discussed.",
	"Restless overnight, slept about 2 hours; fluids encouraged.",
	"Vomited once after lunch; eating small amounts since.",
	"Family visited; calmer afterwards.",
	"Asking about discharge plans; referred to the key worker.",
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
	enum { ADMIT, ASSESS, CRAVING, DOSE, VITALS, NOTE, LAST_USE } kind;
	const char *scale; /* ASSESS: the scale's key; DOSE: the drug */
	int target;        /* ASSESS: the total; DOSE: the amount; VITALS: severity 0-100 */
	const char *reason;
	unsigned seed;
	char why[24];      /* DOSE: the score it was given for ("COWS 14") */
};

#define MAX_EVENTS 2048

/* Vital signs that rise with withdrawal (severity 0-100), a little noise. */
static vigil_status replay_vitals(vigil_session *nurse, const vigil_protocols *protocols,
                                  const struct demo_event *e, vigil_error *err)
{
	unsigned rnd = e->seed;
	char hr[16], sys[16], dia[16], temp[24], rr[16], spo2[16];
	int sev = e->target;
	snprintf(hr, sizeof hr, "%d", 70 + sev * 45 / 100 + (int)(next_random(&rnd) % 7));
	snprintf(sys, sizeof sys, "%d", 118 + sev * 40 / 100 + (int)(next_random(&rnd) % 9));
	snprintf(dia, sizeof dia, "%d", 74 + sev * 18 / 100 + (int)(next_random(&rnd) % 6));
	snprintf(temp, sizeof temp, "%d.%d", 36 + (sev > 70), (int)(next_random(&rnd) % 10));
	snprintf(rr, sizeof rr, "%d", 14 + sev * 8 / 100);
	snprintf(spo2, sizeof spo2, "%d", 98 - (int)(next_random(&rnd) % 3));
	vigil_vitals_input in = { .mrn = e->patient->mrn, .at = e->at };
	/* A COWS patient's heart rate comes with the COWS pulse. */
	in.value[VIGIL_VITAL_HR] = e->patient->alcohol ? hr : NULL;
	in.value[VIGIL_VITAL_SYS] = sys;
	in.value[VIGIL_VITAL_DIA] = dia;
	in.value[VIGIL_VITAL_TEMP] = temp;
	in.value[VIGIL_VITAL_RR] = rr;
	in.value[VIGIL_VITAL_SPO2] = spo2;
	return vigil_vitals_record(nurse, protocols, &in, NULL, err);
}

static vigil_status replay_chart(vigil_session *nurse, const vigil_protocols *protocols,
                                 const struct demo_event *e, vigil_error *err)
{
	const struct demo_patient *p = e->patient;
	char amount[16];
	switch (e->kind) {
	case DOSE: {
		snprintf(amount, sizeof amount, "%d", e->target);
		vigil_dose_input in = { .mrn = p->mrn, .drug = e->scale, .amount = amount,
			                .unit = "mg", .route = p->alcohol ? "PO" : "SL",
			                .kind = VIGIL_DOSE_PRN, .reason = e->why, .at = e->at };
		return vigil_dose_record(nurse, protocols, &in, NULL, NULL, err);
	}
	case VITALS:
		return replay_vitals(nurse, protocols, e, err);
	case NOTE:
		return vigil_note_record(nurse, p->mrn, demo_notes[e->seed % 5], e->at, NULL, err);
	case LAST_USE:
		return vigil_last_use_record(nurse, protocols, p->mrn, p->used, e->at, NULL, NULL, err);
	default:
		return vigil_fail(err, VIGIL_EINVAL, "demo: unknown event");
	}
}

static vigil_status replay(vigil_session *nurse, const vigil_protocols *protocols,
                           const struct demo_event *e, vigil_error *err)
{
	const vigil_scales *scales = vigil_protocols_scales(protocols);
	const struct demo_patient *p = e->patient;
	vigil_clock_pin(e->entered);
	if (e->kind == ADMIT)
		return vigil_patient_admit(nurse, p->mrn, p->name, p->bed, e->at, NULL, err);
	if (e->kind != ASSESS && e->kind != CRAVING)
		return replay_chart(nurse, protocols, e, err);
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

/* What follows a main-scale assessment: a PRN dose by the protocol's
 * ranges when the score calls for one (at most every other hour), vital
 * signs with every other assessment, and now and then a note. */
static void plan_treatment(const struct demo_patient *p, const char *scale, int k, int target,
                           vigil_time t, vigil_time now, struct demo_event *events, size_t *n)
{
	/* Only while reassessed hourly, so each dose's reassessment is done
	 * in time; no more often than a unit's PRN interval. */
	static vigil_time last_dose[sizeof patients / sizeof patients[0]];
	size_t who = (size_t)(p - patients);
	vigil_time d = t + 12 * 60;
	int64_t every = (p->alcohol ? 6 : 4) * 3600;
	if (target >= 13 && d - last_dose[who] >= every && d < now - 5 * 60) {
		int mg = p->alcohol ? (target >= 16 ? 50 : 25) : (target >= 20 ? 4 : 2);
		last_dose[who] = d;
		struct demo_event dose = { d + 120, d, p, DOSE,
			                   p->alcohol ? "chlordiazepoxide" : "buprenorphine", mg, "", 0,
			                   "" };
		snprintf(dose.why, sizeof dose.why, "%s %d", p->alcohol ? "CIWA-Ar" : "COWS", target);
		add_event(events, n, dose);
	}
	vigil_time v = t + 5 * 60;
	if (k % 2 == 0 && v < now - 5 * 60) {
		int sev = target * 100 / (p->alcohol ? 67 : 48) * 2;
		add_event(events, n, (struct demo_event){ v + 60, v, p, VITALS, scale,
		                                          sev > 100 ? 100 : sev, "", (unsigned)(k * 31 + target), "" });
	}
	vigil_time nt = t + 30 * 60;
	if (k % 5 == 1 && nt < now - 5 * 60)
		add_event(events, n, (struct demo_event){ nt + 60, nt, p, NOTE, scale, 0, "",
		                                          (unsigned)(k / 5 + p->mrn[6]), "" });
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
		                                          scale, target, reason, seed, "" });
		if (craving)
			plan_treatment(p, scale, k, target, t, now, events, n);
		if (craving && k % 2 == 0) {
			vigil_time c = t + 15 * 60;
			seed = next_random(&rnd);
			add_event(events, n,
			          (struct demo_event){ c + 60 * (int)(seed % 5 + 1), c, p, CRAVING, "craving",
			                               target * 10 / (peak + 4), reason, seed, "" });
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
	add_event(events, n, (struct demo_event){ admitted, admitted, p, ADMIT, "", 0, "", 0, "" });
	if (p->used)
		add_event(events, n, (struct demo_event){ admitted + 60, admitted - p->used_hours * 3600,
		                                          p, LAST_USE, "", 0, "", 0, "" });
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

static void count_event(const struct demo_event *e, vigil_demo_summary *summary)
{
	switch (e->kind) {
	case ADMIT: summary->patients++; break;
	case ASSESS: case CRAVING: summary->assessments++; break;
	case DOSE: summary->doses++; break;
	case VITALS: summary->vitals++; break;
	case NOTE: summary->notes++; break;
	case LAST_USE: break;
	}
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
	vigil_protocols *protocols = NULL;
	if ((s = vigil_db_begin(db, err)) == VIGIL_OK &&
	    (s = demo_accounts(db, now, &nurse, err)) == VIGIL_OK &&
	    (s = vigil_protocols_load(&nurse, scales, &protocols, err)) == VIGIL_OK)
		for (size_t i = 0; s == VIGIL_OK && i < n; i++) {
			s = replay(&nurse, protocols, &events[i], err);
			count_event(&events[i], summary);
		}
	vigil_protocols_free(protocols);
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
