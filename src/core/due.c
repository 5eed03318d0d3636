/* due.c - each active scale's clock: which scales a patient is on, when
 * each is next due and why, the warnings in force, and the reassessments
 * missed. The rules are the protocol's (protocol_eval.c); this file finds
 * the events they apply to. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/chart.h"
#include "vigil/due.h"
#include "vigil/store.h"
#include "vigil/store_scales.h"

/* Assessments kept to evaluate a look-back ("for 48h" at hourly checks). */
#define HISTORY_CAP 200

bool vigil_scale_overdue(const vigil_scale_state *s, vigil_time now)
{
	return s->timed && now >= s->due_at + s->grace;
}

/* ---- the history of one scale ------------------------------------------ */

struct history {
	vigil_assessment *rows;
	size_t n, cap, want;
	int64_t span;       /* keep going back this far from the newest */
	vigil_time after;   /* only assessments performed after this (0: all) */
	const vigil_protocol *protocol;
	const vigil_scale *def;
	bool run_broken;    /* a row met no look-back over time: none goes further */
	bool nomem;
};

static int take_history(const vigil_assessment *a, void *ctx)
{
	struct history *h = ctx;
	if (h->after && a->performed_at <= h->after)
		return 1;
	/* Enough once there are `want` rows and, for a look-back over time, one
	 * at least `span` before the newest (it tells whether the run of
	 * findings reaches that far back). */
	if (h->n >= h->want &&
	    (h->span == 0 || h->run_broken ||
	     h->rows[0].performed_at - h->rows[h->n - 1].performed_at >= h->span))
		return 1;
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 4;
		if (cap > HISTORY_CAP)
			cap = HISTORY_CAP;
		if (cap == h->cap)
			return 1;
		vigil_assessment *rows = realloc(h->rows, cap * sizeof *rows);
		if (!rows) {
			h->nomem = true;
			return 1;
		}
		h->rows = rows;
		h->cap = cap;
	}
	h->rows[h->n++] = *a;
	if (h->span && !vigil_protocol_span_continues(h->protocol, h->def, a))
		h->run_broken = true;
	return 0;
}

/* The latest current assessments of one scale, newest first: as many as
 * the protocol's rules look back over, with items only where a rule reads
 * them (the reads that cost most). */
static vigil_status load_history(vigil_session *session, const char *mrn,
                                 const vigil_scale *def, const vigil_protocol *p,
                                 vigil_time after, struct history *h, vigil_error *err)
{
	memset(h, 0, sizeof *h);
	h->want = p ? (size_t)p->needs_history : 1;
	h->span = p ? p->needs_span : 0;
	h->after = after;
	h->protocol = p;
	h->def = def;
	vigil_query q = { .mrn = mrn, .scale = def->key, .with_items = p && p->needs_items > 0,
		          .items_for = p ? (size_t)p->needs_items : 0 };
	vigil_status s = vigil_assessment_query(session, &q, take_history, h, err);
	if (s == VIGIL_OK && h->nomem)
		s = vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	return s;
}

/* ---- monitoring events -------------------------------------------------- */

/* The last start or stop of each scale of one patient, read in one pass. */
struct last_event {
	char scale[VIGIL_SCALE_KEY_MAX + 1];
	bool start;
	vigil_time at;
	vigil_time stopped_at; /* the last stop, 0 if never */
};

struct events {
	struct last_event last[64]; /* as many as a scale set holds */
	size_t n;
};

static int take_event(const vigil_monitor_event *e, void *ctx)
{
	struct events *ev = ctx;
	size_t i = 0;
	while (i < ev->n && strcmp(ev->last[i].scale, e->scale) != 0)
		i++;
	if (i == ev->n) {
		if (ev->n == sizeof ev->last / sizeof ev->last[0])
			return 0; /* more scales than any set holds: not one of ours */
		vigil_copy(ev->last[ev->n++].scale, sizeof ev->last[0].scale, e->scale);
	}
	ev->last[i].start = e->start;
	ev->last[i].at = e->at;
	if (!e->start)
		ev->last[i].stopped_at = e->at;
	return 0;
}

static const struct last_event *last_event_of(const struct events *ev, const char *scale)
{
	for (size_t i = 0; i < ev->n; i++)
		if (!strcmp(ev->last[i].scale, scale))
			return &ev->last[i];
	return NULL;
}

/* ---- one scale's state -------------------------------------------------- */

static void band_rank(const vigil_scale *def, int total, int *rank, int *count)
{
	*rank = -1;
	*count = def ? (int)def->nbands : 0;
	for (size_t i = 0; def && i < def->nbands; i++)
		if (total >= def->bands[i].lo && total <= def->bands[i].hi)
			*rank = (int)i;
}

/* "2 h", "30 min", "1 h 30 min" */
static void short_duration(int64_t seconds, char *buf, size_t size)
{
	long long h = seconds / 3600, m = seconds % 3600 / 60;
	if (h && m)
		snprintf(buf, size, "%lld h %lld min", h, m);
	else if (h)
		snprintf(buf, size, "%lld h", h);
	else
		snprintf(buf, size, "%lld min", m);
}

struct not_done_walk {
	vigil_scale_state *st;
	const vigil_protocol *p;
};

static int apply_not_done(const vigil_not_done *nd, void *ctx)
{
	struct not_done_walk *w = ctx;
	vigil_scale_state *st = w->st;
	const vigil_not_done_rule *r = &w->p->not_done[nd->why];
	char when[VIGIL_TIME_LOCAL_LEN], words[40];
	vigil_time_format_local(nd->performed_at, when, sizeof when);
	const char *hhmm = when + 11;
	/* Asleep before it was due changes nothing: the reassessment stays
	 * due when it was (a recheck never pushes a due time back). */
	if (r->recheck && nd->performed_at >= st->due_at) {
		short_duration(r->after, words, sizeof words);
		st->due_at = nd->performed_at + r->after;
		st->every = r->after;
		snprintf(st->why, sizeof st->why, "%s at %s: recheck %s",
		         vigil_not_done_why_name(nd->why), hhmm, words);
		st->flagged = false;
		st->flag[0] = '\0';
	} else if (!r->recheck) {
		st->flagged = true;
		snprintf(st->flag, sizeof st->flag, "%s at %s: still due",
		         vigil_not_done_why_name(nd->why), hhmm);
	}
	return 0;
}

struct dose_walk {
	vigil_scale_state *st;
	const vigil_protocol *p;
	const vigil_drugs *drugs;
};

/* A dose of a drug that treats this scale makes it due by the protocol's
 * after-dose rule, unless it is due sooner anyway. */
static int apply_dose(const vigil_chart_entry *e, void *ctx)
{
	struct dose_walk *w = ctx;
	vigil_scale_state *st = w->st;
	if (!vigil_drug_treats(vigil_drugs_find(w->drugs, e->dose.drug), st->scale))
		return 0;
	vigil_time due = e->at + vigil_protocol_after_dose(w->p, e->dose.drug);
	if (due >= st->due_at)
		return 0;
	char when[VIGIL_TIME_LOCAL_LEN], dose[80];
	vigil_time_format_local(e->at, when, sizeof when);
	vigil_dose_words(&e->dose, dose, sizeof dose);
	st->due_at = due;
	snprintf(st->why, sizeof st->why, "after %s at %s", dose, when + 11);
	return 0;
}

/* The clock of a timed scale: from its latest assessment (or from the
 * start of monitoring), then moved by not-done records and doses since. */
static vigil_status set_clock(vigil_session *session, const vigil_patient *pt,
                              const vigil_drugs *drugs, vigil_scale_state *st,
                              const struct history *h, vigil_error *err)
{
	const vigil_protocol *p = st->protocol;
	vigil_time base;
	st->timed = true;
	st->grace = p->grace;
	if (st->has_last) {
		const vigil_assessment *hist[HISTORY_CAP];
		for (size_t i = 0; i < h->n; i++)
			hist[i] = &h->rows[i];
		vigil_protocol_result r;
		vigil_protocol_evaluate(p, st->def, hist, h->n, &r);
		st->due_at = st->last_at + r.every;
		st->every = r.every;
		vigil_copy(st->why, sizeof st->why, r.why);
		st->nwarnings = r.nwarnings;
		memcpy(st->warnings, r.warnings, sizeof r.warnings);
		base = st->last_at;
	} else {
		char when[VIGIL_TIME_LOCAL_LEN];
		vigil_time_format_local(st->active_since, when, sizeof when);
		st->due_at = st->active_since;
		st->every = vigil_protocol_start_interval(p);
		snprintf(st->why, sizeof st->why, "%s monitoring started %s: first assessment",
		         st->def->name, when + 11);
		base = st->active_since;
	}
	struct not_done_walk w = { st, p };
	vigil_not_done_query q = { .scale = st->scale, .from = base + 1, .oldest_first = true };
	vigil_status s = vigil_store_not_done_query(session->db, pt->id, &q, apply_not_done, &w,
	                                            err);
	struct dose_walk dw = { st, p, drugs };
	/* A dose charted at the minute of the latest assessment counts: one
	 * scores, then gives. */
	vigil_chart_query dq = { .kinds = 1u << VIGIL_CHART_DOSE, .from = base,
		                 .oldest_first = true };
	if (s == VIGIL_OK)
		s = vigil_store_chart_query(session->db, pt->id, &dq, apply_dose, &dw, err);
	return s;
}

/* The scales a patient has been assessed on (store_scales.h), so that a
 * scale never had costs no query. */
struct assessed {
	char scale[64][VIGIL_SCALE_KEY_MAX + 1]; /* as many as a scale set holds */
	size_t n;
	bool all; /* more than that: treat every scale as assessed */
};

static int take_assessed(const char *scale, void *ctx)
{
	struct assessed *a = ctx;
	if (a->n == sizeof a->scale / sizeof a->scale[0]) {
		a->all = true;
		return 1;
	}
	vigil_copy(a->scale[a->n++], sizeof a->scale[0], scale);
	return 0;
}

static bool was_assessed(const struct assessed *a, const char *scale)
{
	for (size_t i = 0; i < a->n; i++)
		if (!strcmp(a->scale[i], scale))
			return true;
	return a->all;
}

/* Fills st when the scale is active; *active says. */
static vigil_status load_scale(vigil_session *session, const vigil_protocols *protocols,
                               const vigil_patient *pt, const vigil_scale *def,
                               const struct events *ev, const struct assessed *had,
                               vigil_scale_state *st, bool *active, vigil_error *err)
{
	const struct last_event *e = last_event_of(ev, def->key);
	struct last_event le = { .start = false };
	bool any = e != NULL;
	if (e)
		le = *e;
	const vigil_protocol *p = vigil_protocols_find(protocols, def->key);
	/* After a stop, only what came after it counts. */
	struct history h = { .n = 0 };
	vigil_status s = VIGIL_OK;
	if (was_assessed(had, def->key))
		s = load_history(session, pt->mrn, def, p, any ? le.stopped_at : 0, &h, err);
	if (s != VIGIL_OK)
		return s;
	*active = (any && le.start) || h.n > 0;
	memset(st, 0, sizeof *st);
	if (*active) {
		vigil_copy(st->scale, sizeof st->scale, def->key);
		st->def = def;
		st->protocol = p;
		if (h.n > 0 && !(any && le.start && le.at > h.rows[0].performed_at)) {
			const vigil_assessment *a = &h.rows[0];
			st->has_last = true;
			st->last_id = a->id;
			st->last_total = a->total;
			st->last_max = a->max_total;
			vigil_copy(st->last_band, sizeof st->last_band, a->band);
			st->last_at = a->performed_at;
			band_rank(def, a->total, &st->band_rank, &st->band_count);
		} else {
			st->active_since = le.at;
			st->band_rank = -1;
		}
		if (p)
			s = set_clock(session, pt, vigil_protocols_drugs(protocols), st, &h, err);
	}
	free(h.rows);
	return s;
}

/* a is worse than b: a higher place in its scale's bands, as a fraction
 * of the way from the lowest band to the highest. */
static bool worse(const vigil_scale_state *a, const vigil_scale_state *b)
{
	if (a->band_rank < 0)
		return false;
	if (b->band_rank < 0)
		return true;
	long long fa = (long long)a->band_rank * (b->band_count > 1 ? b->band_count - 1 : 1);
	long long fb = (long long)b->band_rank * (a->band_count > 1 ? a->band_count - 1 : 1);
	return fa > fb;
}

vigil_status vigil_patient_state_load(vigil_session *session, const vigil_protocols *protocols,
                                      const vigil_patient *patient, vigil_patient_state *out,
                                      vigil_error *err)
{
	const vigil_scales *scales = vigil_protocols_scales(protocols);
	memset(out, 0, sizeof *out);
	out->patient = *patient;
	out->most_urgent = out->worst = -1;
	struct events ev = { .n = 0 };
	vigil_status s = vigil_require(session, VIGIL_ACT_VIEW, err);
	if (s == VIGIL_OK)
		s = vigil_store_monitor_each(session->db, patient->id, NULL, take_event, &ev, err);
	vigil_scale_state *loaded = malloc(sizeof *loaded);
	struct assessed *had = calloc(1, sizeof *had);
	if (!loaded || !had) {
		free(loaded);
		free(had);
		return vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	}
	if (s == VIGIL_OK)
		s = vigil_store_patient_scales(session->db, patient->id, take_assessed, had, err);
	for (size_t i = 0; s == VIGIL_OK && i < vigil_scales_count(scales); i++) {
		bool active;
		s = load_scale(session, protocols, patient, vigil_scales_at(scales, i), &ev, had,
		               loaded, &active, err);
		if (s != VIGIL_OK || !active)
			continue;
		if (out->nscales == VIGIL_ACTIVE_MAX) {
			/* Never drop one silently: a hidden scale is a missed one. */
			s = vigil_fail(err, VIGIL_EINVAL, "%s is monitored on more than %d scales",
			               patient->mrn, VIGIL_ACTIVE_MAX);
			break;
		}
		int k = (int)out->nscales++;
		vigil_scale_state *st = &out->scales[k];
		*st = *loaded;
		out->nwarnings += st->nwarnings;
		/* The most urgent is the first to be missed: due time and grace
		 * together (a longer grace must not hide an earlier miss). */
		if (st->timed && (out->most_urgent < 0 ||
		                  st->due_at + st->grace < out->scales[out->most_urgent].due_at +
		                                                   out->scales[out->most_urgent].grace))
			out->most_urgent = k;
		out->flagged |= st->flagged;
		if (st->band_rank >= 0 && (out->worst < 0 || worse(st, &out->scales[out->worst])))
			out->worst = k;
	}
	free(loaded);
	free(had);
	return s;
}

/* ---- the due list ------------------------------------------------------- */

struct admitted {
	vigil_patient_state *states;
	size_t n, cap;
	bool nomem;
};

static int keep_admitted(const vigil_patient *p, void *ctx)
{
	struct admitted *a = ctx;
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 16;
		vigil_patient_state *grown = realloc(a->states, cap * sizeof *grown);
		if (!grown) {
			a->nomem = true;
			return 1;
		}
		a->states = grown;
		a->cap = cap;
	}
	a->states[a->n++].patient = *p;
	return 0;
}

static int by_due(const void *x, const void *y)
{
	const vigil_due_row *a = x, *b = y;
	vigil_time ma = a->state->due_at + a->state->grace, mb = b->state->due_at + b->state->grace;
	if (ma != mb)
		return ma < mb ? -1 : 1;
	return strcmp(a->patient->mrn, b->patient->mrn);
}

static bool wanted(const vigil_due_filter *f, const vigil_scale_state *st, vigil_time now)
{
	if (!st->timed)
		return false;
	if (f && f->overdue_only && !vigil_scale_overdue(st, now))
		return false;
	if (f && f->within > 0 && st->due_at > now + f->within)
		return false;
	return true;
}

vigil_status vigil_due_list(vigil_session *session, const vigil_protocols *protocols,
                            const vigil_due_filter *filter, vigil_due_fn fn, void *ctx,
                            vigil_error *err)
{
	struct admitted ad = { 0 };
	vigil_due_row *rows = NULL;
	size_t nrows = 0;
	vigil_time now;
	vigil_status s = vigil_clock_now(&now, err);
	if (s == VIGIL_OK)
		s = vigil_patient_list(session, false, keep_admitted, &ad, err);
	if (s == VIGIL_OK && ad.nomem)
		s = vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	for (size_t i = 0; s == VIGIL_OK && i < ad.n; i++) {
		vigil_patient p = ad.states[i].patient;
		s = vigil_patient_state_load(session, protocols, &p, &ad.states[i], err);
	}
	if (s == VIGIL_OK && ad.n && !(rows = calloc(ad.n * VIGIL_ACTIVE_MAX, sizeof *rows)))
		s = vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	for (size_t i = 0; s == VIGIL_OK && i < ad.n; i++)
		for (size_t k = 0; k < ad.states[i].nscales; k++)
			if (wanted(filter, &ad.states[i].scales[k], now))
				rows[nrows++] = (vigil_due_row){ &ad.states[i].patient,
					                         &ad.states[i].scales[k] };
	if (s == VIGIL_OK && nrows)
		qsort(rows, nrows, sizeof *rows, by_due);
	for (size_t i = 0; s == VIGIL_OK && i < nrows; i++)
		if (fn(&rows[i], ctx))
			break;
	free(rows);
	free(ad.states);
	return s;
}

/* ---- preview ------------------------------------------------------------ */

vigil_status vigil_due_preview(vigil_session *session, const vigil_protocols *protocols,
                               const char *mrn, const vigil_sheet *sheet,
                               vigil_time performed_at, int64_t replaces,
                               vigil_protocol_result *out, vigil_error *err)
{
	memset(out, 0, sizeof *out);
	const vigil_scale *scale = sheet->scale;
	const vigil_protocol *p = vigil_protocols_find(protocols, scale->key);
	vigil_status s = vigil_require(session, VIGIL_ACT_VIEW, err);
	if (s != VIGIL_OK || !p)
		return s;
	vigil_assessment *now_row = calloc(1, sizeof *now_row);
	if (!now_row)
		return vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	const vigil_band *band;
	if ((s = vigil_sheet_total(sheet, &now_row->total, &band, err)) == VIGIL_OK &&
	    (s = performed_at ? VIGIL_OK : vigil_clock_now(&performed_at, err)) == VIGIL_OK) {
		now_row->performed_at = performed_at;
		vigil_copy(now_row->scale, sizeof now_row->scale, scale->key);
		vigil_copy(now_row->band, sizeof now_row->band, band ? band->key : "");
		now_row->nitems = scale->nitems;
		for (size_t i = 0; i < scale->nitems; i++) {
			vigil_item_value *v = &now_row->items[i];
			vigil_copy(v->key, sizeof v->key, scale->items[i].key);
			v->score = sheet->items[i].score;
			v->has_raw = sheet->items[i].has_raw;
			v->raw = sheet->items[i].raw;
		}
	}
	/* As on the board: nothing from before the last stop counts. */
	struct history h = { 0 };
	struct events ev = { .n = 0 };
	vigil_patient pt;
	if (s == VIGIL_OK)
		s = vigil_patient_get(session, mrn, &pt, err);
	if (s == VIGIL_OK)
		s = vigil_store_monitor_each(session->db, pt.id, scale->key, take_event, &ev, err);
	const struct last_event *le = last_event_of(&ev, scale->key);
	if (s == VIGIL_OK)
		s = load_history(session, mrn, scale, p, le ? le->stopped_at : 0, &h, err);
	if (s == VIGIL_OK) {
		/* The new one first, then the stored ones performed before it. */
		const vigil_assessment *hist[HISTORY_CAP + 1];
		size_t n = 0;
		hist[n++] = now_row;
		for (size_t i = 0; i < h.n; i++)
			if (h.rows[i].performed_at <= performed_at && h.rows[i].id != replaces)
				hist[n++] = &h.rows[i];
		vigil_protocol_evaluate(p, scale, hist, n, out);
	}
	free(h.rows);
	free(now_row);
	return s;
}
