/* chart_bench.c - the patient screen's data with the rest of the chart
 * (issue 9), for bench/chart.sh. Everything goes through the core, with
 * the clock pinned, so the files are what a ward would hold (audited,
 * signed, the COWS pulse stored as a heart rate linked to its assessment):
 *   chart_bench base DB    a new training ward (admin "admin", nurse "nurse",
 *                          passwords bench-admin and bench-nurse) with one
 *                          patient, C0001, admitted 5,001 hours before
 *                          2026-11-21 12:00 UTC and assessed on COWS every
 *                          hour: 5,000 assessments, each with its pulse
 *   chart_bench chart DB   adds to it, charted at 12:00 (late entries, as
 *                          the copy is made after the assessments): 2,000
 *                          doses every 2.5 hours over the stay (8 drugs in
 *                          turn) and 5,000 sets of vital signs, one an hour
 *                          (HR, BP, T, RR, SpO2, some flagged)
 *   chart_bench time DB RUNS [board]
 *                          logs in as the nurse once, loads the scales and
 *                          protocols once (the TUI holds them), then times
 *                          RUNS runs after one untimed warm-up of:
 *     screen_ms    what the patient screen read before issue 9
 *                  (src/tui/patient.c at 8665591, opened on COWS): the
 *                  patient, every active scale's state (due.h), each
 *                  active scale's last assessment checked on its own, the
 *                  COWS history (all, amended and voided too) and not-done
 *                  records into small rows, a one-row look for each other
 *                  scale (the Tab order), the newest one with its items;
 *     chart_ms     what the screen reads for the rest of the chart: every
 *                  chart entry of the patient (vigil_chart_each, all, so
 *                  amended and voided ones too) into small rows with the
 *                  entry in words (vigil_dose_words, vigil_vitals_words
 *                  with the protocols' flags);
 *     support_ms   induction readiness and the 24-hour maximums
 *                  (vigil_readiness_get, vigil_dose_caps);
 *     total_ms     the three together, as one screen load;
 *     board_ms     with "board": the board's reload after the protocols
 *                  (vigil_ward_load: every admitted patient's active
 *                  scales, each scale's clock moved by the doses since
 *                  its last assessment).
 * Each figure: "NAME_all" with every run's milliseconds, then "NAME
 * MEDIAN MIN MAX"; lines after "#" tell what was read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vigil/assessment.h"
#include "vigil/auth.h"
#include "vigil/chart.h"
#include "vigil/clock.h"
#include "vigil/db.h"
#include "vigil/due.h"
#include "vigil/patient.h"
#include "vigil/protocol.h"
#include "vigil/scale.h"
#include "vigil/text.h"
#include "vigil/ward.h"

#define RUNS_MAX 1000
#define HOUR 3600
#define MINUTE 60
#define MRN "C0001"
#define ASSESSMENTS 5000
#define DOSES 2000
#define VITALS 5000

/* ---- timing ---------------------------------------------------------- */

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void report(const char *name, double *v, int n)
{
	printf("%s_all", name); /* in run order, for pooling over processes */
	for (int i = 0; i < n; i++)
		printf(" %.3f", v[i]);
	putchar('\n');
	qsort(v, (size_t)n, sizeof *v, cmp);
	double median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	printf("%s %.3f %.3f %.3f\n", name, median, v[0], v[n - 1]);
}

static int fail(const char *what, const vigil_error *err)
{
	fprintf(stderr, "chart_bench: %s: %s\n", what, err->msg);
	return 1;
}

/* 2026-11-21 12:00 UTC, the end of the stay. */
static vigil_time end_of_stay(void)
{
	vigil_time t = 0;
	vigil_error err;
	if (vigil_time_parse("2026-11-21T12:00:00Z", &t, &err) != VIGIL_OK)
		fail("time", &err);
	return t;
}

static vigil_time admitted_at(void)
{
	return end_of_stay() - (ASSESSMENTS + 1) * (vigil_time)HOUR;
}

/* ---- building the files ------------------------------------------------ */

/* A COWS sheet whose unmeasured items add up to target (each item the
 * highest score that still fits, in the scale's order), with the pulse
 * measured at hr. */
static vigil_status cows_sheet(const vigil_scale *cows, int target, int hr, vigil_sheet *sheet,
                               vigil_error *err)
{
	vigil_status s = VIGIL_OK;
	int left = target;
	vigil_sheet_init(sheet, cows);
	for (size_t k = 0; s == VIGIL_OK && k < cows->nitems; k++) {
		const vigil_item *it = &cows->items[k];
		if (it->raw_key) {
			s = vigil_sheet_set_raw(sheet, k, hr, err);
			continue;
		}
		int pick = 0;
		for (size_t j = 0; j < it->nscores; j++)
			if (it->scores[j].score <= left)
				pick = it->scores[j].score;
		s = vigil_sheet_set(sheet, k, pick, err);
		left -= pick;
	}
	return s;
}

static int build_base(const char *path)
{
	vigil_db *db;
	vigil_session admin, nurse;
	vigil_scales *scales;
	vigil_error err;
	vigil_time admit = admitted_at();
	vigil_clock_pin(admit - HOUR);
	if (vigil_scales_load(&scales, &err) != VIGIL_OK)
		return fail("scales", &err);
	if (vigil_db_create(path, true, &db, &err) != VIGIL_OK ||
	    vigil_init_admin(db, "admin", "", "bench-admin", &err) != VIGIL_OK ||
	    vigil_session_resume(db, "admin", "bench-admin", &admin, &err) != VIGIL_OK ||
	    vigil_user_add(&admin, "nurse", VIGIL_ROLE_NURSE, "", "bench-nurse", &err) != VIGIL_OK ||
	    vigil_session_resume(db, "nurse", "bench-nurse", &nurse, &err) != VIGIL_OK)
		return fail("ward", &err);
	vigil_clock_pin(admit);
	if (vigil_patient_admit(&nurse, MRN, "Chart Bench", "01", 0, NULL, &err) != VIGIL_OK)
		return fail("admit", &err);
	const vigil_scale *cows = vigil_scales_find(scales, "cows");
	if (vigil_db_begin(db, &err) != VIGIL_OK)
		return fail("begin", &err);
	for (int i = 0; i < ASSESSMENTS; i++) {
		/* Severity rises and falls over three days; the pulse with it. */
		int phase = i % 72, level = phase < 36 ? phase : 72 - phase;
		int target = level * 20 / 36 + i % 3;
		int hr = 62 + level * 2 + (i * 37) % 11;
		vigil_sheet sheet;
		if (cows_sheet(cows, target, hr, &sheet, &err) != VIGIL_OK)
			return fail("sheet", &err);
		vigil_clock_pin(admit + 30 * MINUTE + (vigil_time)i * HOUR);
		vigil_record_input in = { .mrn = MRN, .sheet = &sheet, .reason = "hourly" };
		if (vigil_assessment_record(&nurse, &in, NULL, &err) != VIGIL_OK)
			return fail("record", &err);
	}
	if (vigil_db_commit(db, &err) != VIGIL_OK)
		return fail("commit", &err);
	vigil_db_close(db);
	vigil_scales_free(scales);
	return 0;
}

static const struct given {
	const char *drug, *amount, *unit, *route;
	vigil_dose_kind kind;
	const char *reason;
} given[] = {
	{ "buprenorphine", "4", "mg", "SL", VIGIL_DOSE_PRN, "COWS 14" },
	{ "clonidine", "100", "mcg", "PO", VIGIL_DOSE_SCHEDULED, NULL },
	{ "ibuprofen", "400", "mg", "PO", VIGIL_DOSE_PRN, "aches" },
	{ "buprenorphine", "2", "mg", "SL", VIGIL_DOSE_PRN, "COWS 9" },
	{ "loperamide", "4", "mg", "PO", VIGIL_DOSE_PRN, "loose stools" },
	{ "ondansetron", "4", "mg", "PO", VIGIL_DOSE_PRN, "nausea" },
	{ "paracetamol", "1", "g", "PO", VIGIL_DOSE_UNSPECIFIED, NULL },
	{ "methadone", "10", "mg", "PO", VIGIL_DOSE_SCHEDULED, NULL },
};
#define NGIVEN (sizeof given / sizeof given[0])

static int add_chart(const char *path)
{
	vigil_db *db;
	vigil_session nurse;
	vigil_scales *scales;
	vigil_protocols *protocols;
	vigil_error err;
	vigil_time admit = admitted_at();
	vigil_clock_pin(end_of_stay());
	if (vigil_scales_load(&scales, &err) != VIGIL_OK ||
	    vigil_db_open(path, &db, &err) != VIGIL_OK ||
	    vigil_session_resume(db, "nurse", "bench-nurse", &nurse, &err) != VIGIL_OK ||
	    vigil_protocols_load(&nurse, scales, &protocols, &err) != VIGIL_OK)
		return fail("open", &err);
	if (vigil_db_begin(db, &err) != VIGIL_OK)
		return fail("begin", &err);
	for (int j = 0; j < DOSES; j++) {
		const struct given *g = &given[(size_t)j % NGIVEN];
		vigil_dose_input in = { .mrn = MRN, .drug = g->drug, .amount = g->amount,
			                .unit = g->unit, .route = g->route, .kind = g->kind,
			                .reason = g->reason,
			                .at = admit + 45 * MINUTE + (vigil_time)j * 9000 };
		if (vigil_dose_record(&nurse, protocols, &in, NULL, NULL, &err) != VIGIL_OK)
			return fail("dose", &err);
	}
	for (int i = 0; i < VITALS; i++) {
		char hr[8], bp_s[8], bp_d[8], temp[8], rr[8], spo2[8];
		snprintf(hr, sizeof hr, "%d", 58 + (i * 37) % 70);
		snprintf(bp_s, sizeof bp_s, "%d", 100 + (i * 13) % 90);
		snprintf(bp_d, sizeof bp_d, "%d", 60 + (i * 7) % 35);
		snprintf(temp, sizeof temp, "%d.%d", 36 + (i % 25) / 10, (i % 25) % 10);
		snprintf(rr, sizeof rr, "%d", 10 + i % 12);
		snprintf(spo2, sizeof spo2, "%d", 90 + i % 10);
		vigil_vitals_input in = { .mrn = MRN,
			                  .value = { [VIGIL_VITAL_HR] = hr, [VIGIL_VITAL_SYS] = bp_s,
			                             [VIGIL_VITAL_DIA] = bp_d, [VIGIL_VITAL_TEMP] = temp,
			                             [VIGIL_VITAL_RR] = rr, [VIGIL_VITAL_SPO2] = spo2 },
			                  .at = admit + 50 * MINUTE + (vigil_time)i * HOUR };
		if (vigil_vitals_record(&nurse, protocols, &in, NULL, &err) != VIGIL_OK)
			return fail("vitals", &err);
	}
	if (vigil_db_commit(db, &err) != VIGIL_OK)
		return fail("commit", &err);
	vigil_protocols_free(protocols);
	vigil_db_close(db);
	vigil_scales_free(scales);
	return 0;
}

/* ---- a whole ward ----------------------------------------------------- */

/* chart_bench ward DB N: 40 patients over the same 5,001-hour stay. C0001
 * is base + chart above (5,000 COWS, 2,000 doses, 5,000 sets of vital
 * signs); C0002..C0040 share the other N - 5,000 assessments, with a dose
 * for every 10 assessments and a set of vital signs for every 5 (so
 * 1,000,000 assessments come with about 100,000 doses and 200,000 sets
 * typed on their own, beside the COWS pulses). Every fifth of them is on
 * CIWA-Ar with a craving rating every third time (lorazepam and
 * chlordiazepoxide), the others on COWS with a craving rating every
 * fourth time (the opioid drugs); a note every 50 assessments. Each entry
 * is recorded at its own time (the clock pinned to it), the patients'
 * entries merged in time order, 2,000 to a transaction. */
#define WARD_FORMAT 1 /* raise it when the ward made changes: the cached files are remade */
#define WARD_PATIENTS 40
#define WARD_BATCH 2000
enum { EV_ASSESS, EV_DOSE, EV_VITALS, EV_KINDS };

struct ward_plan {
	long long count[WARD_PATIENTS][EV_KINDS], done[WARD_PATIENTS][EV_KINDS];
	vigil_time start[WARD_PATIENTS][EV_KINDS], step[WARD_PATIENTS][EV_KINDS];
};

static const struct given alcohol[] = {
	{ "lorazepam", "1", "mg", "PO", VIGIL_DOSE_PRN, "CIWA-Ar 12" },
	{ "chlordiazepoxide", "25", "mg", "PO", VIGIL_DOSE_SCHEDULED, NULL },
	{ "thiamine", "100", "mg", "PO", VIGIL_DOSE_SCHEDULED, NULL },
};

static void ward_plan_make(struct ward_plan *w, long long n)
{
	const vigil_time stay = ASSESSMENTS * (vigil_time)HOUR, admit = admitted_at();
	long long rest = n > ASSESSMENTS ? n - ASSESSMENTS : 0;
	memset(w, 0, sizeof *w);
	for (int p = 0; p < WARD_PATIENTS; p++) {
		long long a = p == 0 ? ASSESSMENTS
		                     : rest / (WARD_PATIENTS - 1) + (p <= rest % (WARD_PATIENTS - 1));
		w->count[p][EV_ASSESS] = a;
		w->count[p][EV_DOSE] = p == 0 ? DOSES : a / 10;
		w->count[p][EV_VITALS] = p == 0 ? VITALS : a / 5;
		for (int k = 0; k < EV_KINDS; k++) {
			long long c = w->count[p][k] ? w->count[p][k] : 1;
			w->step[p][k] = stay / c > 60 ? stay / c : 60;
			w->start[p][k] = admit + (k + 1) * 15 * MINUTE / (EV_KINDS + 1) + p * 7;
		}
		if (p == 0) { /* as base and chart: COWS at :30, doses at :45, vitals at :50 */
			w->step[p][EV_ASSESS] = HOUR;
			w->start[p][EV_ASSESS] = admit + 30 * MINUTE;
			w->step[p][EV_DOSE] = 9000;
			w->start[p][EV_DOSE] = admit + 45 * MINUTE;
			w->step[p][EV_VITALS] = HOUR;
			w->start[p][EV_VITALS] = admit + 50 * MINUTE;
		}
	}
}

/* The next entry in time over the ward: its patient and kind; false when
 * every one is recorded. */
static bool ward_next(const struct ward_plan *w, int *pp, int *kk, vigil_time *at)
{
	bool any_left = false;
	for (int p = 0; p < WARD_PATIENTS; p++)
		for (int k = 0; k < EV_KINDS; k++) {
			if (w->done[p][k] >= w->count[p][k])
				continue;
			vigil_time t = w->start[p][k] + (vigil_time)w->done[p][k] * w->step[p][k];
			if (!any_left || t < *at) {
				*pp = p, *kk = k, *at = t;
				any_left = true;
			}
		}
	return any_left;
}

/* A sheet for any scale: every item at a level that rises and falls over
 * three days; a measured item (the COWS pulse) a value its score allows. */
static vigil_status ward_sheet(const vigil_scale *sc, long long i, int p, vigil_sheet *sheet,
                               vigil_error *err)
{
	int phase = (int)((i / 6 + p * 5) % 72), level = phase < 36 ? phase : 72 - phase;
	vigil_status s = VIGIL_OK;
	vigil_sheet_init(sheet, sc);
	for (size_t k = 0; s == VIGIL_OK && k < sc->nitems; k++) {
		const vigil_item *it = &sc->items[k];
		size_t idx = (size_t)(level * (int)(it->nscores - 1) / 70 + (i + (long long)k) % 2);
		idx = idx >= it->nscores ? it->nscores - 1 : idx;
		if (it->raw_key && it->nderive) {
			const vigil_derive *d = &it->derive[0];
			for (size_t r = 0; r < it->nderive; r++)
				if (it->derive[r].score == it->scores[idx].score)
					d = &it->derive[r];
			int lo = d->lo < it->raw_min ? it->raw_min : d->lo;
			int hi = d->hi > it->raw_max ? it->raw_max : d->hi;
			s = vigil_sheet_set_raw(sheet, k, lo + (int)(i % (hi - lo + 1)), err);
		} else {
			s = vigil_sheet_set(sheet, k, it->scores[idx].score, err);
		}
	}
	return s;
}

struct ward_ctx {
	vigil_session *nurse;
	const vigil_protocols *protocols;
	const vigil_scale *cows, *ciwa, *craving;
	char mrn[WARD_PATIENTS][8];
};

static vigil_status ward_assess(struct ward_ctx *c, int p, long long i, vigil_error *err)
{
	bool alcohol_p = p % 5 == 0 && p > 0;
	const vigil_scale *sc = alcohol_p ? (i % 3 == 2 ? c->craving : c->ciwa)
	                        : p > 0 && i % 4 == 3 ? c->craving : c->cows;
	vigil_sheet sheet;
	vigil_status s;
	if (p == 0) {
		int phase = (int)(i % 72), level = phase < 36 ? phase : 72 - phase;
		s = cows_sheet(c->cows, level * 20 / 36 + (int)(i % 3), 62 + level * 2 + (int)((i * 37) % 11),
		               &sheet, err);
	} else {
		s = ward_sheet(sc, i, p, &sheet, err);
	}
	vigil_record_input in = { .mrn = c->mrn[p], .sheet = &sheet, .reason = "hourly",
		                  .note = i % 50 == 7 ? "Restless, slept little" : NULL };
	return s == VIGIL_OK ? vigil_assessment_record(c->nurse, &in, NULL, err) : s;
}

static vigil_status ward_dose(struct ward_ctx *c, int p, long long j, vigil_time at,
                              vigil_error *err)
{
	bool alcohol_p = p % 5 == 0 && p > 0;
	const struct given *g = alcohol_p ? &alcohol[(size_t)j % (sizeof alcohol / sizeof alcohol[0])]
	                                  : &given[(size_t)j % NGIVEN];
	vigil_dose_input in = { .mrn = c->mrn[p], .drug = g->drug, .amount = g->amount,
		                .unit = g->unit, .route = g->route, .kind = g->kind,
		                .reason = g->reason, .at = at };
	return vigil_dose_record(c->nurse, c->protocols, &in, NULL, NULL, err);
}

static vigil_status ward_vitals(struct ward_ctx *c, int p, long long i, vigil_time at,
                                vigil_error *err)
{
	char hr[8], bp_s[8], bp_d[8], temp[8], rr[8], spo2[8];
	snprintf(hr, sizeof hr, "%d", 58 + (int)((i * 37 + p) % 70));
	snprintf(bp_s, sizeof bp_s, "%d", 100 + (int)((i * 13) % 90));
	snprintf(bp_d, sizeof bp_d, "%d", 60 + (int)((i * 7) % 35));
	snprintf(temp, sizeof temp, "%d.%d", 36 + (int)(i % 25) / 10, (int)(i % 25) % 10);
	snprintf(rr, sizeof rr, "%d", 10 + (int)(i % 12));
	snprintf(spo2, sizeof spo2, "%d", 90 + (int)(i % 10));
	vigil_vitals_input in = { .mrn = c->mrn[p],
		                  .value = { [VIGIL_VITAL_HR] = hr, [VIGIL_VITAL_SYS] = bp_s,
		                             [VIGIL_VITAL_DIA] = bp_d, [VIGIL_VITAL_TEMP] = temp,
		                             [VIGIL_VITAL_RR] = rr, [VIGIL_VITAL_SPO2] = spo2 },
		                  .at = at };
	return vigil_vitals_record(c->nurse, c->protocols, &in, NULL, err);
}

static vigil_status ward_admit(vigil_db *db, struct ward_ctx *c, vigil_error *err)
{
	vigil_session admin;
	vigil_status s = vigil_init_admin(db, "admin", "", "bench-admin", err);
	if (s == VIGIL_OK)
		s = vigil_session_resume(db, "admin", "bench-admin", &admin, err);
	if (s == VIGIL_OK)
		s = vigil_user_add(&admin, "nurse", VIGIL_ROLE_NURSE, "", "bench-nurse", err);
	if (s == VIGIL_OK)
		s = vigil_session_resume(db, "nurse", "bench-nurse", c->nurse, err);
	vigil_clock_pin(admitted_at());
	for (int p = 0; s == VIGIL_OK && p < WARD_PATIENTS; p++) {
		char name[32], bed[4];
		snprintf(c->mrn[p], sizeof c->mrn[p], "C%04d", p + 1);
		snprintf(name, sizeof name, p ? "Ward Patient %d" : "Chart Bench", p + 1);
		snprintf(bed, sizeof bed, "%02d", p + 1);
		s = vigil_patient_admit(c->nurse, c->mrn[p], name, bed, 0, NULL, err);
	}
	return s;
}

static int build_ward(const char *path, long long n)
{
	static struct ward_plan w;
	vigil_db *db;
	vigil_session nurse;
	vigil_scales *scales;
	vigil_protocols *protocols = NULL;
	vigil_error err;
	struct ward_ctx c = { .nurse = &nurse };
	double start = now_ms();
	vigil_clock_pin(admitted_at() - HOUR);
	if (vigil_scales_load(&scales, &err) != VIGIL_OK ||
	    vigil_db_create(path, true, &db, &err) != VIGIL_OK || ward_admit(db, &c, &err) != VIGIL_OK ||
	    vigil_protocols_load(&nurse, scales, &protocols, &err) != VIGIL_OK)
		return fail("ward", &err);
	c.protocols = protocols;
	c.cows = vigil_scales_find(scales, "cows");
	c.ciwa = vigil_scales_find(scales, "ciwa-ar");
	c.craving = vigil_scales_find(scales, "craving");
	ward_plan_make(&w, n);
	long long made = 0;
	int p = 0, k = 0;
	vigil_time at = 0;
	while (ward_next(&w, &p, &k, &at)) {
		long long i = w.done[p][k]++;
		vigil_status s = VIGIL_OK;
		if (made % WARD_BATCH == 0)
			s = vigil_db_begin(db, &err);
		vigil_clock_pin(at);
		if (s == VIGIL_OK)
			s = k == EV_ASSESS ? ward_assess(&c, p, i, &err)
			    : k == EV_DOSE ? ward_dose(&c, p, i, at, &err)
			                   : ward_vitals(&c, p, i, at, &err);
		if (s == VIGIL_OK && ++made % WARD_BATCH == 0)
			s = vigil_db_commit(db, &err);
		if (s != VIGIL_OK)
			return fail(c.mrn[p], &err);
		if (made % 100000 == 0)
			fprintf(stderr, "chart_bench: ward: %lld entries, %.0f s\n", made,
			        (now_ms() - start) / 1000);
	}
	if (made % WARD_BATCH && vigil_db_commit(db, &err) != VIGIL_OK)
		return fail("commit", &err);
	vigil_protocols_free(protocols);
	vigil_db_close(db);
	vigil_scales_free(scales);
	printf("# ward: %lld entries recorded through the core in %.0f s\n", made,
	       (now_ms() - start) / 1000);
	return 0;
}

/* ---- the patient screen's reads -------------------------------------- */

/* What a list row keeps (src/tui/patient.c's hist_row, in short). */
struct row {
	int64_t id;
	vigil_time at;
	int kind, total;
	vigil_assess_status status;
	bool flagged;
	char what[120];
};

struct rows {
	struct row *v;
	size_t n, cap;
	const vigil_protocols *protocols;
	size_t kinds[VIGIL_CHART_KINDS], linked;
};

static struct row *new_row(struct rows *r)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 256;
		struct row *v = realloc(r->v, cap * sizeof *v);
		if (!v)
			return NULL;
		r->v = v;
		r->cap = cap;
	}
	struct row *row = &r->v[r->n++];
	memset(row, 0, sizeof *row);
	return row;
}

static int add_assessment(const vigil_assessment *a, void *ctx)
{
	struct row *row = new_row(ctx);
	if (!row)
		return 1;
	row->id = a->id;
	row->at = a->performed_at;
	row->total = a->total;
	row->status = a->status;
	return 0;
}

static int add_not_done(const vigil_not_done *nd, void *ctx)
{
	struct row *row = new_row(ctx);
	if (!row)
		return 1;
	row->id = nd->id;
	row->at = nd->performed_at;
	row->kind = -1;
	row->status = nd->status;
	return 0;
}

static int add_entry(const vigil_chart_entry *e, void *ctx)
{
	struct rows *r = ctx;
	struct row *row = new_row(r);
	if (!row)
		return 1;
	row->id = e->id;
	row->at = e->at;
	row->kind = (int)e->kind;
	row->status = e->status;
	r->kinds[e->kind]++;
	switch (e->kind) {
	case VIGIL_CHART_DOSE:
		vigil_dose_words(&e->dose, row->what, sizeof row->what);
		break;
	case VIGIL_CHART_VITALS:
		vigil_vitals_words(&e->vitals, r->protocols, row->what, sizeof row->what);
		row->flagged = vigil_vitals_flagged(&e->vitals, r->protocols, NULL, 0);
		r->linked += e->vitals.assessment_id != 0;
		break;
	default:
		vigil_copy(row->what, sizeof row->what,
		           e->kind == VIGIL_CHART_NOTE ? e->note : e->substance);
	}
	return 0;
}

static int any(const vigil_assessment *a, void *ctx)
{
	(void)a;
	*(bool *)ctx = true;
	return 1;
}

struct screen {
	vigil_session *session;
	const vigil_protocols *protocols;
	const vigil_scales *scales;
	vigil_patient patient;
	vigil_patient_state *state;
	vigil_assessment *detail;
	struct rows history, chart;
};

/* What src/tui/patient.c (8665591) read on opening the patient on COWS. */
static vigil_status screen_reads(struct screen *s, vigil_error *err)
{
	vigil_status st = vigil_patient_get(s->session, MRN, &s->patient, err);
	if (st == VIGIL_OK)
		st = vigil_patient_state_load(s->session, s->protocols, &s->patient, s->state, err);
	for (size_t i = 0; st == VIGIL_OK && i < s->state->nscales; i++)
		if (s->state->scales[i].has_last)
			st = vigil_assessment_get(s->session, s->state->scales[i].last_id, s->detail, err);
	s->history.n = 0;
	vigil_query q = { .mrn = MRN, .scale = "cows", .all = true };
	vigil_not_done_query nq = { .mrn = MRN, .scale = "cows", .all = true };
	if (st == VIGIL_OK)
		st = vigil_assessment_query(s->session, &q, add_assessment, &s->history, err);
	if (st == VIGIL_OK)
		st = vigil_not_done_query_each(s->session, &nq, add_not_done, &s->history, err);
	for (size_t i = 0; st == VIGIL_OK && i < vigil_scales_count(s->scales); i++) {
		const vigil_scale *sc = vigil_scales_at(s->scales, i);
		bool had = false;
		vigil_query one = { .mrn = MRN, .scale = sc->key, .all = true, .limit = 1 };
		if (strcmp(sc->key, "cows") != 0)
			st = vigil_assessment_query(s->session, &one, any, &had, err);
	}
	if (st == VIGIL_OK && s->history.n)
		st = vigil_assessment_get(s->session, s->history.v[0].id, s->detail, err);
	return st;
}

static vigil_status chart_reads(struct screen *s, vigil_error *err)
{
	s->chart.n = s->chart.linked = 0;
	memset(s->chart.kinds, 0, sizeof s->chart.kinds);
	vigil_chart_query q = { .mrn = MRN, .all = true };
	return vigil_chart_each(s->session, &q, add_entry, &s->chart, err);
}

static vigil_status support_reads(struct screen *s, vigil_time now, vigil_readiness *ready,
                                  vigil_cap_flags *caps, vigil_error *err)
{
	vigil_status st = vigil_readiness_get(s->session, s->state, now, ready, err);
	if (st == VIGIL_OK)
		st = vigil_dose_caps(s->session, s->protocols, &s->patient, now, caps, err);
	return st;
}

/* The board's reload, less the protocols: how many patients it showed. */
static vigil_status board_reads(struct screen *s, size_t *patients, vigil_error *err)
{
	vigil_ward ward;
	vigil_status st = vigil_ward_load(s->session, s->protocols, &ward, err);
	if (st == VIGIL_OK) {
		*patients = ward.count;
		vigil_ward_free(&ward);
	}
	return st;
}

static int time_screen(const char *path, int runs, bool board)
{
	static double t_screen[RUNS_MAX], t_chart[RUNS_MAX], t_support[RUNS_MAX], t_total[RUNS_MAX],
		t_board[RUNS_MAX];
	size_t patients = 0;
	vigil_db *db;
	vigil_session nurse;
	vigil_scales *scales;
	vigil_protocols *protocols;
	vigil_error err;
	vigil_time now;
	if (vigil_db_open(path, &db, &err) != VIGIL_OK ||
	    vigil_session_resume(db, "nurse", "bench-nurse", &nurse, &err) != VIGIL_OK ||
	    vigil_scales_load(&scales, &err) != VIGIL_OK ||
	    vigil_protocols_load(&nurse, scales, &protocols, &err) != VIGIL_OK ||
	    vigil_clock_now(&now, &err) != VIGIL_OK)
		return fail("open", &err);
	struct screen s = { .session = &nurse, .protocols = protocols, .scales = scales,
		            .state = malloc(sizeof *s.state), .detail = malloc(sizeof *s.detail),
		            .chart.protocols = protocols };
	if (!s.state || !s.detail) {
		fprintf(stderr, "chart_bench: out of memory\n");
		return 1;
	}
	vigil_readiness ready;
	vigil_cap_flags caps;
	for (int i = -1; i < runs; i++) { /* run -1: the warm-up */
		double t0 = now_ms();
		if (screen_reads(&s, &err) != VIGIL_OK)
			return fail("screen", &err);
		double t1 = now_ms();
		if (chart_reads(&s, &err) != VIGIL_OK)
			return fail("chart", &err);
		double t2 = now_ms();
		if (support_reads(&s, now, &ready, &caps, &err) != VIGIL_OK)
			return fail("readiness", &err);
		double t3 = now_ms();
		if (board && board_reads(&s, &patients, &err) != VIGIL_OK)
			return fail("board", &err);
		double t4 = now_ms();
		if (i >= 0) {
			t_screen[i] = t1 - t0;
			t_chart[i] = t2 - t1;
			t_support[i] = t3 - t2;
			t_total[i] = t3 - t0;
			t_board[i] = t4 - t3;
		}
	}
	report("screen_ms", t_screen, runs);
	report("chart_ms", t_chart, runs);
	report("support_ms", t_support, runs);
	report("total_ms", t_total, runs);
	if (board) {
		report("board_ms", t_board, runs);
		printf("# board: %zu patients\n", patients);
	}
	printf("# %zu COWS rows; %zu chart entries: %zu doses, %zu vital signs (%zu linked to an "
	       "assessment), %zu notes, %zu last uses; readiness: %s; %zu cap flags\n",
	       s.history.n, s.chart.n, s.chart.kinds[VIGIL_CHART_DOSE],
	       s.chart.kinds[VIGIL_CHART_VITALS], s.chart.linked, s.chart.kinds[VIGIL_CHART_NOTE],
	       s.chart.kinds[VIGIL_CHART_LAST_USE], ready.line, caps.n);
	free(s.history.v);
	free(s.chart.v);
	free(s.state);
	free(s.detail);
	vigil_protocols_free(protocols);
	vigil_scales_free(scales);
	vigil_db_close(db);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "base"))
		return build_base(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "chart"))
		return add_chart(argv[2]);
	if (argc == 2 && !strcmp(argv[1], "ward-format"))
		return printf("%d\n", WARD_FORMAT) < 0;
	if (argc == 4 && !strcmp(argv[1], "ward") && atoll(argv[3]) >= ASSESSMENTS)
		return build_ward(argv[2], atoll(argv[3]));
	if ((argc == 4 || (argc == 5 && !strcmp(argv[4], "board"))) && !strcmp(argv[1], "time")) {
		int runs = atoi(argv[3]);
		if (runs < 1 || runs > RUNS_MAX) {
			fprintf(stderr, "chart_bench: RUNS must be 1 to %d\n", RUNS_MAX);
			return 2;
		}
		return time_screen(argv[2], runs, argc == 5);
	}
	fprintf(stderr, "usage: chart_bench base DB | chart DB | ward DB N (N >= %d) | ward-format | "
	                "time DB RUNS [board]\n", ASSESSMENTS);
	return 2;
}
