/* shift.c - shifts as spans of local time, and the shift summary.
 *
 * Wall-clock times are turned into instants as the ward's clocks show them,
 * so a night across a daylight-saving change is 11 or 13 hours long, as it
 * is on the ward (wall_time says which instant a repeated or skipped wall
 * time is). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "vigil/chart.h"
#include "vigil/due.h"
#include "vigil/export.h"

/* ---- shifts ------------------------------------------------------------ */

/* One reading of a wall clock (isdst 0: standard time, 1: summer time):
 * true when it exists, that is when the instant shows that wall clock
 * again. */
static bool wall_reading(const struct tm *want, int isdst, time_t *out)
{
	struct tm tm = *want, back;
	tm.tm_isdst = isdst;
	*out = mktime(&tm);
	return *out != (time_t)-1 && localtime_r(out, &back) && back.tm_year == want->tm_year &&
	       back.tm_mon == want->tm_mon && back.tm_mday == want->tm_mday &&
	       back.tm_hour == want->tm_hour && back.tm_min == want->tm_min;
}

/* The instant of local wall time `minutes` after midnight on y-m-d; day may
 * be out of range (d + 1, d - 1). A time the clocks going back make happen
 * twice is the first of the two, always (mktime's own guess depends on its
 * previous call, so one shift's end and the next one's start could come
 * out an hour apart); a time skipped when they go forward is the moment
 * they do, so the shifts stay in the order of the day. */
static vigil_time wall_time(int y, int m, int d, int minutes)
{
	struct tm tm = { 0 };
	tm.tm_year = y - 1900, tm.tm_mon = m - 1, tm.tm_mday = d, tm.tm_hour = 12;
	time_t noon = timegm(&tm); /* the date, normalised */
	gmtime_r(&noon, &tm);
	tm.tm_hour = minutes / 60, tm.tm_min = minutes % 60, tm.tm_sec = 0;
	time_t standard, summer;
	bool as_standard = wall_reading(&tm, 0, &standard);
	bool as_summer = wall_reading(&tm, 1, &summer);
	if (as_standard && as_summer)
		return (vigil_time)(standard < summer ? standard : summer);
	if (as_standard || as_summer)
		return (vigil_time)(as_standard ? standard : summer);
	/* Skipped: the summer reading falls before the change, the standard
	 * one after it; the change itself lies between them. */
	struct tm at;
	if (standard == (time_t)-1 || summer == (time_t)-1 || summer >= standard ||
	    !localtime_r(&standard, &at))
		return (vigil_time)standard;
	long after = at.tm_gmtoff;
	while (standard - summer > 1) {
		time_t mid = summer + (standard - summer) / 2;
		if (!localtime_r(&mid, &at))
			break;
		if (at.tm_gmtoff == after)
			standard = mid;
		else
			summer = mid;
	}
	return (vigil_time)standard;
}

/* The normalised date of y-m-d as "YYYY-MM-DD" (taken at noon, which every
 * day has whatever its daylight-saving change). */
static void date_text(int y, int m, int d, char out[VIGIL_DATE_LEN])
{
	time_t noon = (time_t)wall_time(y, m, d, 12 * 60);
	struct tm tm;
	localtime_r(&noon, &tm);
	strftime(out, VIGIL_DATE_LEN, "%Y-%m-%d", &tm);
}

/* Shift i of cfg starting on y-m-d. */
static void occurrence(const vigil_config *cfg, int y, int m, int d, size_t i, vigil_shift *out)
{
	memset(out, 0, sizeof *out);
	vigil_copy(out->name, sizeof out->name, cfg->shifts[i].name);
	date_text(y, m, d, out->date);
	out->start = wall_time(y, m, d, cfg->shifts[i].start);
	if (i + 1 < cfg->nshifts)
		out->end = wall_time(y, m, d, cfg->shifts[i + 1].start);
	else
		out->end = wall_time(y, m, d + 1, cfg->shifts[0].start);
}

static void local_date(vigil_time t, int *y, int *m, int *d)
{
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	*y = tm.tm_year + 1900, *m = tm.tm_mon + 1, *d = tm.tm_mday;
}

static vigil_status find_def(const vigil_config *cfg, const char *name, size_t *index,
                             vigil_error *err)
{
	char known[VIGIL_SHIFTS_MAX * (VIGIL_SHIFT_NAME_MAX + 2) + 1] = "";
	for (size_t i = 0; i < cfg->nshifts; i++) {
		if (name && strcasecmp(cfg->shifts[i].name, name) == 0) {
			*index = i;
			return VIGIL_OK;
		}
		strcat(known, i ? ", " : "");
		strcat(known, cfg->shifts[i].name);
	}
	return vigil_fail(err, VIGIL_ENOTFOUND, "unknown shift '%s' (shifts: %s)", name ? name : "",
	                  known);
}

vigil_status vigil_shift_at(const vigil_config *cfg, vigil_time t, vigil_shift *out,
                            vigil_error *err)
{
	int y, m, d;
	local_date(t, &y, &m, &d);
	/* The latest start at or before t: today's, else yesterday's last. */
	for (int back = 0; back <= 1; back++) {
		for (size_t i = cfg->nshifts; i-- > 0;) {
			occurrence(cfg, y, m, d - back, i, out);
			if (out->start <= t)
				return VIGIL_OK;
		}
	}
	return vigil_fail(err, VIGIL_EINVAL, "no shift holds that time");
}

vigil_status vigil_shift_latest(const vigil_config *cfg, const char *name, vigil_time t,
                                vigil_shift *out, vigil_error *err)
{
	size_t i;
	vigil_status s = find_def(cfg, name, &i, err);
	if (s != VIGIL_OK)
		return s;
	int y, m, d;
	local_date(t, &y, &m, &d);
	occurrence(cfg, y, m, d, i, out);
	if (out->start > t)
		occurrence(cfg, y, m, d - 1, i, out);
	return VIGIL_OK;
}

/* "YYYY-MM-DD" naming a real date. */
static bool parse_date(const char *text, int *y, int *m, int *d)
{
	if (!text || strlen(text) != 10 || text[4] != '-' || text[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9'))
			return false;
	*y = atoi(text), *m = atoi(text + 5), *d = atoi(text + 8);
	if (*y < 1970 || *m < 1 || *m > 12 || *d < 1)
		return false;
	char back[VIGIL_DATE_LEN];
	date_text(*y, *m, *d, back); /* 2026-02-30 comes back as March */
	return strcmp(back, text) == 0;
}

vigil_status vigil_shift_on(const vigil_config *cfg, const char *date, const char *name,
                            vigil_shift *out, vigil_error *err)
{
	int y, m, d;
	if (!parse_date(date, &y, &m, &d))
		return vigil_fail(err, VIGIL_EINVAL, "'%s' is not a date (use YYYY-MM-DD)",
		                  date ? date : "");
	size_t i;
	vigil_status s = find_def(cfg, name, &i, err);
	if (s == VIGIL_OK)
		occurrence(cfg, y, m, d, i, out);
	return s;
}

void vigil_shift_title(const vigil_config *cfg, const vigil_shift *shift, char *buf,
                       size_t size)
{
	char ward[sizeof cfg->ward * 4], from[VIGIL_TIME_LOCAL_LEN], to[VIGIL_TIME_LOCAL_LEN];
	char length[32];
	vigil_text_escape(cfg->ward, ward, sizeof ward);
	vigil_time_format_local(shift->start, from, sizeof from);
	vigil_time_format_local(shift->end, to, sizeof to);
	vigil_duration_format(shift->end - shift->start, length, sizeof length);
	snprintf(buf, size, "%s%s%s shift of %s, %s to %s (%s)", ward, *ward ? ": " : "",
	         shift->name, shift->date, from, to, length);
}

/* ---- the summary --------------------------------------------------------- */

/* What one scale's assessments of one patient add up to. */
struct tally {
	char scale[VIGIL_SCALE_KEY_MAX + 1];
	int count, first, last, lowest, highest;
	long long sum;
	char last_band[VIGIL_BAND_MAX];
	vigil_time highest_at;
	char *performers; /* "ann, bob", grown as needed */
	size_t plen, pcap;
	int missed, not_done;
};

struct summary {
	const vigil_protocols *protocols;
	const vigil_shift *shift;
	vigil_time now;
	vigil_patient *patients; /* on the ward during the shift */
	size_t npatients, cap;
	struct tally *tallies;   /* of the patient being summarised */
	size_t ntallies, tcap;
	vigil_shift_drug *drugs; /* the patient's doses, per drug and unit */
	size_t ndrugs, dcap;
	int doses;
	bool nomem;
};

/* Room for one more element: the (maybe moved) array, or NULL with the
 * array left as it was. */
static void *make_room(void *array, size_t *cap, size_t count, size_t size)
{
	if (count < *cap)
		return array;
	size_t n = *cap ? *cap * 2 : 16;
	void *p = realloc(array, n * size);
	if (p)
		*cap = n;
	return p;
}

static bool on_ward_during(const vigil_patient *p, const vigil_shift *shift)
{
	return p->admitted_at < shift->end && !(p->discharged_at && p->discharged_at <= shift->start);
}

static int keep_patient(const vigil_patient *p, void *ctx)
{
	struct summary *sm = ctx;
	if (!on_ward_during(p, sm->shift))
		return 0;
	vigil_patient *room = make_room(sm->patients, &sm->cap, sm->npatients, sizeof *room);
	if (!room) {
		sm->nomem = true;
		return 1;
	}
	sm->patients = room;
	sm->patients[sm->npatients++] = *p;
	return 0;
}

/* Beds as the ward list sorts them: "2" before "10", then MRN. */
static int by_bed(const void *a, const void *b)
{
	const vigil_patient *p = a, *q = b;
	size_t lp = strlen(p->bed), lq = strlen(q->bed);
	if (lp != lq)
		return lp < lq ? -1 : 1;
	int c = strcmp(p->bed, q->bed);
	return c ? c : strcmp(p->mrn, q->mrn);
}

static int by_scale(const void *a, const void *b)
{
	return strcmp(((const struct tally *)a)->scale, ((const struct tally *)b)->scale);
}

/* Adds name to the performers unless it is there already. */
static bool add_performer(struct tally *t, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = t->performers; p && *p;) {
		const char *end = strstr(p, ", ");
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && strncmp(p, name, n) == 0)
			return true;
		p += len + (end ? 2 : 0);
	}
	size_t need = t->plen + n + 3;
	if (need > t->pcap) {
		char *grown = realloc(t->performers, need * 2);
		if (!grown)
			return false;
		t->performers = grown;
		t->pcap = need * 2;
	}
	t->plen += (size_t)sprintf(t->performers + t->plen, "%s%s", t->plen ? ", " : "", name);
	return true;
}

static struct tally *find_tally(struct summary *sm, const char *scale)
{
	for (size_t i = 0; i < sm->ntallies; i++)
		if (strcmp(sm->tallies[i].scale, scale) == 0)
			return &sm->tallies[i];
	return NULL;
}

static struct tally *tally_for(struct summary *sm, const char *scale)
{
	struct tally *found = find_tally(sm, scale);
	if (found)
		return found;
	struct tally *room = make_room(sm->tallies, &sm->tcap, sm->ntallies, sizeof *room);
	if (!room)
		return NULL;
	sm->tallies = room;
	struct tally *t = &sm->tallies[sm->ntallies++];
	memset(t, 0, sizeof *t);
	vigil_copy(t->scale, sizeof t->scale, scale);
	return t;
}

/* Assessments come oldest first. */
static int add_assessment(const vigil_assessment *a, void *ctx)
{
	struct summary *sm = ctx;
	struct tally *t = tally_for(sm, a->scale);
	if (!t || !add_performer(t, a->performer)) {
		sm->nomem = true;
		return 1;
	}
	if (t->count == 0 || a->total > t->highest) {
		t->highest = a->total;
		t->highest_at = a->performed_at;
	}
	if (t->count == 0 || a->total < t->lowest)
		t->lowest = a->total;
	if (t->count == 0)
		t->first = a->total;
	t->last = a->total;
	vigil_copy(t->last_band, sizeof t->last_band, a->band);
	t->sum += a->total;
	t->count++;
	return 0;
}

static int emit_patient(struct summary *sm, const vigil_patient *p, vigil_shift_row_fn fn,
                        void *ctx)
{
	vigil_shift_row row = { .shift = sm->shift, .patient = p, .scale = "", .last_band = "",
		                .performers = "", .patient_first = true, .doses = sm->doses,
		                .ndrugs = sm->ndrugs, .drugs = sm->drugs };
	if (sm->ntallies == 0)
		return fn(&row, ctx);
	qsort(sm->tallies, sm->ntallies, sizeof *sm->tallies, by_scale);
	for (size_t i = 0; i < sm->ntallies; i++) {
		const struct tally *t = &sm->tallies[i];
		row.scale = t->scale;
		row.count = t->count;
		row.first = t->first, row.last = t->last;
		row.lowest = t->lowest, row.highest = t->highest;
		row.mean = t->count ? (double)t->sum / t->count : 0;
		row.last_band = t->last_band;
		row.highest_at = t->highest_at;
		row.performers = t->performers ? t->performers : "";
		row.missed = t->missed;
		row.not_done = t->not_done;
		row.patient_first = i == 0;
		if (fn(&row, ctx))
			return 1;
	}
	return 0;
}

static void clear_tallies(struct summary *sm)
{
	for (size_t i = 0; i < sm->ntallies; i++)
		free(sm->tallies[i].performers);
	sm->ntallies = 0;
	sm->ndrugs = 0;
	sm->doses = 0;
}

/* ---- doses given ------------------------------------------------------- */

static int by_drug(const void *a, const void *b)
{
	const vigil_shift_drug *p = a, *q = b;
	int c = strcmp(p->drug, q->drug);
	return c ? c : strcmp(p->unit, q->unit);
}

bool vigil_shift_drugs_add(vigil_shift_drug **drugs, size_t *n, size_t *cap,
                           const vigil_dose *d)
{
	for (size_t i = 0; i < *n; i++) {
		vigil_shift_drug *t = &(*drugs)[i];
		int64_t in;
		if (strcmp(t->drug, d->drug) != 0 || !vigil_amount_convert(d->amount, d->unit,
		                                                          t->unit, &in))
			continue;
		t->count++;
		t->total = in > INT64_MAX - t->total ? INT64_MAX : t->total + in;
		return true;
	}
	vigil_shift_drug *room = make_room(*drugs, cap, *n, sizeof *room);
	if (!room)
		return false;
	*drugs = room;
	vigil_shift_drug *t = &room[(*n)++];
	memset(t, 0, sizeof *t);
	vigil_copy(t->drug, sizeof t->drug, d->drug);
	vigil_copy(t->unit, sizeof t->unit, d->unit);
	t->count = 1;
	t->total = d->amount;
	return true;
}

static int add_dose(const vigil_chart_entry *e, void *ctx)
{
	struct summary *sm = ctx;
	if (!vigil_shift_drugs_add(&sm->drugs, &sm->ndrugs, &sm->dcap, &e->dose)) {
		sm->nomem = true;
		return 1;
	}
	sm->doses++;
	return 0;
}

static vigil_status add_doses(vigil_session *session, struct summary *sm,
                              const vigil_patient *p, vigil_error *err)
{
	vigil_chart_query q = { .mrn = p->mrn, .kinds = 1u << VIGIL_CHART_DOSE,
		                .from = sm->shift->start, .to = sm->shift->end,
		                .oldest_first = true };
	vigil_status s = vigil_chart_each(session, &q, add_dose, sm, err);
	if (s == VIGIL_OK && sm->nomem)
		s = vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	if (s == VIGIL_OK)
		vigil_shift_drugs_sort(sm->drugs, sm->ndrugs);
	return s;
}

void vigil_shift_drugs_sort(vigil_shift_drug *drugs, size_t n)
{
	if (n > 1)
		qsort(drugs, n, sizeof *drugs, by_drug);
}

void vigil_shift_drugs_words(const vigil_shift_drug *drugs, size_t n, char *buf, size_t size)
{
	size_t len = 0;
	if (size)
		buf[0] = '\0';
	for (size_t i = 0; i < n && len < size; i++) {
		char amount[VIGIL_AMOUNT_TEXT_MAX];
		vigil_amount_format(drugs[i].total, amount, sizeof amount);
		int k = snprintf(buf + len, size - len, "%s%s %d dose%s %s %s", i ? "; " : "",
		                 drugs[i].drug, drugs[i].count, drugs[i].count == 1 ? "" : "s",
		                 amount, drugs[i].unit);
		if (k < 0)
			break;
		len += (size_t)k;
	}
}

/* The reassessments missed and not done on each scale during the shift
 * (vigil_due_missed): a scale with any has a row even when nothing was
 * assessed on it, so a neglect shows. */
static vigil_status add_missed(vigil_session *session, struct summary *sm, const vigil_patient *p,
                               vigil_error *err)
{
	const vigil_scales *set = vigil_protocols_scales(sm->protocols);
	vigil_status s = VIGIL_OK;
	for (size_t i = 0; s == VIGIL_OK && i < vigil_scales_count(set); i++) {
		const char *key = vigil_scales_at(set, i)->key;
		int missed, not_done;
		s = vigil_due_missed(session, sm->protocols, p, key, sm->shift->start, sm->shift->end,
		                     sm->now, &missed, &not_done, err);
		if (s != VIGIL_OK || (!missed && !not_done && !find_tally(sm, key)))
			continue;
		struct tally *t = tally_for(sm, key);
		if (!t)
			return vigil_fail(err, VIGIL_ENOMEM, "out of memory");
		t->missed = missed;
		t->not_done = not_done;
	}
	return s;
}

static vigil_status summarise(vigil_session *session, struct summary *sm, vigil_shift_row_fn fn,
                              void *ctx, vigil_error *err)
{
	vigil_status s = vigil_patient_list(session, true, keep_patient, sm, err);
	if (s == VIGIL_OK && sm->nomem)
		return vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	if (s != VIGIL_OK)
		return s;
	if (sm->npatients) /* qsort wants a real array even for none */
		qsort(sm->patients, sm->npatients, sizeof *sm->patients, by_bed);
	for (size_t i = 0; i < sm->npatients; i++) {
		vigil_query q = { .mrn = sm->patients[i].mrn, .from = sm->shift->start,
			          .to = sm->shift->end, .oldest_first = true };
		s = vigil_assessment_query(session, &q, add_assessment, sm, err);
		if (s == VIGIL_OK && sm->nomem)
			s = vigil_fail(err, VIGIL_ENOMEM, "out of memory");
		if (s == VIGIL_OK)
			s = add_missed(session, sm, &sm->patients[i], err);
		if (s == VIGIL_OK)
			s = add_doses(session, sm, &sm->patients[i], err);
		int stop = s == VIGIL_OK ? emit_patient(sm, &sm->patients[i], fn, ctx) : 1;
		clear_tallies(sm);
		if (stop)
			break;
	}
	return s;
}

vigil_status vigil_shift_summary(vigil_session *session, const vigil_protocols *protocols,
                                 const vigil_shift *shift, vigil_shift_row_fn fn, void *ctx,
                                 vigil_error *err)
{
	/* Every role reads the summary on screen (nurses hand over); writing
	 * it to a file is an export, checked in export.c. */
	struct summary sm = { .protocols = protocols, .shift = shift };
	vigil_status s = vigil_require(session, VIGIL_ACT_VIEW, err);
	if (s == VIGIL_OK)
		s = vigil_clock_now(&sm.now, err);
	if (s != VIGIL_OK)
		return s;
	s = summarise(session, &sm, fn, ctx, err);
	clear_tallies(&sm);
	free(sm.tallies);
	free(sm.drugs);
	free(sm.patients);
	return s;
}

vigil_status vigil_shift_patients(vigil_session *session, const vigil_shift *shift,
                                  vigil_patient_fn fn, void *ctx, vigil_error *err)
{
	struct summary sm = { .shift = shift };
	vigil_status s = vigil_require(session, VIGIL_ACT_VIEW, err);
	if (s == VIGIL_OK)
		s = vigil_patient_list(session, true, keep_patient, &sm, err);
	if (s == VIGIL_OK && sm.nomem)
		s = vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	if (s == VIGIL_OK && sm.npatients)
		qsort(sm.patients, sm.npatients, sizeof *sm.patients, by_bed);
	for (size_t i = 0; s == VIGIL_OK && i < sm.npatients; i++)
		if (fn(&sm.patients[i], ctx))
			break;
	free(sm.patients);
	return s;
}
