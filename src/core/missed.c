/* missed.c - the reassessments missed on one scale of one patient, as the
 * shift summary and its CSV count them (vigil-csv(5)).
 *
 * The scale's clock is walked through time, oldest first, by the protocol
 * in force now:
 *
 * - Only an active scale has due times: from its first assessment or a
 *   `monitor start`, until a `monitor stop`. Admission alone is not a due
 *   time.
 * - After a current assessment at A the next one is due at D = A + every
 *   (the protocol's interval for its total and, for step-downs, the totals
 *   before it since the last stop), and then again every P = every while
 *   it stays missed: D, D + P, D + 2P...
 * - A start with no assessment since makes it due at the start, with P the
 *   interval of the base rule that covers total 0.
 * - A dose, at G, of a drug that treats the scale makes it due at G plus
 *   the protocol's after-dose interval when that comes before the due time
 *   running (as on the board): missed like any other due time.
 * - A not-done record whose rule is "recheck T", at N, makes it due at
 *   N + T with P = T; one whose rule is "due" (refused, off ward...) leaves
 *   the due times as they were: they are still missed if nothing is done.
 * - A stop ends the due times; an assessment after it starts the scale
 *   again (and the totals before the stop no longer count for step-downs).
 * - Nothing is due after discharge.
 *
 * A due time X is missed when no assessment was performed by X + grace:
 * X + grace is before the next event that sets the clock again (an
 * assessment, a recheck, a stop) and before until. It is counted when
 * from <= X < to. A long neglect is thus one miss per period: an hourly
 * assessment not done for 5 hours is 5 misses. A scale without a protocol
 * is never missed.
 *
 * The walk starts at the latest assessment before from (with the totals
 * before it that the step-downs need), not at the patient's first one; a
 * clock left running since then is counted by arithmetic, not step by
 * step. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/chart.h"
#include "vigil/due.h"
#include "vigil/store.h"

/* At one time: a start before an assessment (a start is refused once the
 * scale is active), a stop after everything else. */
enum event_kind { EV_START, EV_ASSESS, EV_NOT_DONE, EV_DOSE, EV_STOP };

struct event {
	vigil_time at;
	enum event_kind kind;
	int total;              /* EV_ASSESS */
	vigil_not_done_why why; /* EV_NOT_DONE */
	int64_t after;          /* EV_DOSE: the protocol's after-dose interval */
	size_t seq;             /* order read, for equal times and kinds */
};

struct events {
	struct event *v;
	size_t n, cap;
	bool nomem;
};

static bool add_event(struct events *e, struct event ev)
{
	if (e->n == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 16;
		struct event *v = realloc(e->v, cap * sizeof *v);
		if (!v) {
			e->nomem = true;
			return false;
		}
		e->v = v;
		e->cap = cap;
	}
	ev.seq = e->n;
	e->v[e->n++] = ev;
	return true;
}

static int by_time(const void *a, const void *b)
{
	const struct event *x = a, *y = b;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	/* A start and a stop at one time: in the order they were made, as
	 * the board reads them. */
	bool monitor_x = x->kind == EV_START || x->kind == EV_STOP;
	bool monitor_y = y->kind == EV_START || y->kind == EV_STOP;
	if (monitor_x && monitor_y)
		return x->seq < y->seq ? -1 : x->seq > y->seq;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* ---- the walk ------------------------------------------------------------ */

struct walk {
	const vigil_protocol *p;
	const vigil_drugs *drugs;
	const vigil_scale *def;
	vigil_time from, to, until;
	bool active, timed;
	vigil_time due;
	int64_t period;
	long long missed;
	/* The latest totals since the last stop, for step-downs: a ring of
	 * needs_history rows, and hist newest first for the evaluation. */
	vigil_assessment *ring;
	const vigil_assessment **hist;
	size_t cap, head, n;
};

static vigil_time earlier(vigil_time a, vigil_time b)
{
	return a < b ? a : b;
}

/* How many of due, due + period, ... lie in [from, hi). */
static long long count_due(vigil_time due, int64_t period, vigil_time from, vigil_time hi)
{
	vigil_time lo = due > from ? due : from;
	if (hi <= lo)
		return 0;
	if (period <= 0)
		return lo == due ? 1 : 0;
	/* k from ceil((lo - due) / period) up to, not with, ceil((hi - due) / period) */
	long long first = (lo - due + period - 1) / period;
	long long end = (hi - due + period - 1) / period;
	return end - first;
}

/* The due times running until end (the next event that sets the clock,
 * or the end of the walk): those whose grace ran out before it. */
static void close_due(struct walk *w, vigil_time end)
{
	if (!w->timed)
		return;
	end = earlier(end, w->until);
	w->missed += count_due(w->due, w->period, w->from, earlier(w->to, end - w->p->grace));
	w->timed = false;
}

static void set_due(struct walk *w, vigil_time due, int64_t period)
{
	w->timed = period > 0;
	w->due = due;
	w->period = period;
}

static void push_total(struct walk *w, vigil_time at, int total)
{
	vigil_assessment *a = &w->ring[w->head];
	a->performed_at = at;
	a->total = total;
	w->head = (w->head + 1) % w->cap;
	if (w->n < w->cap)
		w->n++;
}

static void on_assessment(struct walk *w, vigil_time at, int total)
{
	close_due(w, at);
	push_total(w, at, total);
	for (size_t i = 0; i < w->n; i++)
		w->hist[i] = &w->ring[(w->head + w->cap - 1 - i) % w->cap];
	vigil_protocol_result r;
	vigil_protocol_evaluate(w->p, w->def, w->hist, w->n, &r);
	set_due(w, at + r.every, r.every);
	w->active = true;
}

static void on_event(struct walk *w, const struct event *e)
{
	switch (e->kind) {
	case EV_START:
		if (!w->active)
			set_due(w, e->at, vigil_protocol_start_interval(w->p));
		w->active = true;
		break;
	case EV_ASSESS:
		on_assessment(w, e->at, e->total);
		break;
	case EV_NOT_DONE:
		/* A recheck sets the clock only once it was due: it never pushes
		 * a due time back (as the board, due.c). */
		if (w->active && e->why < VIGIL_NOT_DONE_COUNT && w->p->not_done[e->why].recheck &&
		    (!w->timed || e->at >= w->due)) {
			int64_t after = w->p->not_done[e->why].after;
			close_due(w, e->at);
			set_due(w, e->at + after, after);
		}
		break;
	case EV_DOSE:
		/* Due sooner, never later, than the clock running. */
		if (w->active && (!w->timed || e->at + e->after < w->due)) {
			int64_t period = w->timed ? w->period : e->after;
			close_due(w, e->at);
			set_due(w, e->at + e->after, period);
		}
		break;
	case EV_STOP:
		close_due(w, e->at);
		w->active = false;
		w->n = w->head = 0;
		break;
	}
}

/* ---- reading the events --------------------------------------------------- */

static int take_monitor(const vigil_monitor_event *e, void *ctx)
{
	struct events *m = ctx;
	struct event ev = { .at = e->at, .kind = e->start ? EV_START : EV_STOP };
	return add_event(m, ev) ? 0 : 1;
}

/* The latest assessments before from, newest first. */
struct before {
	vigil_time *at;
	int *total;
	size_t n, cap;
};

static int take_before(const vigil_assessment *a, void *ctx)
{
	struct before *b = ctx;
	if (b->n == b->cap)
		return 1;
	b->at[b->n] = a->performed_at;
	b->total[b->n++] = a->total;
	return 0;
}

static int take_assessment(const vigil_assessment *a, void *ctx)
{
	struct event ev = { .at = a->performed_at, .kind = EV_ASSESS, .total = a->total };
	return add_event(ctx, ev) ? 0 : 1;
}

struct not_done_take {
	struct events *events;
	vigil_time from, to, walk_end;
	int count; /* performed in [from, to) */
};

static int take_not_done(const vigil_not_done *nd, void *ctx)
{
	struct not_done_take *t = ctx;
	if (nd->performed_at >= t->from && nd->performed_at < t->to)
		t->count++;
	if (nd->performed_at >= t->walk_end)
		return 0;
	struct event ev = { .at = nd->performed_at, .kind = EV_NOT_DONE, .why = nd->why };
	return add_event(t->events, ev) ? 0 : 1;
}

struct dose_take {
	struct events *events;
	const vigil_protocol *p;
	const vigil_drugs *drugs;
	const char *scale;
};

static int take_dose(const vigil_chart_entry *e, void *ctx)
{
	struct dose_take *t = ctx;
	if (!vigil_drug_treats(vigil_drugs_find(t->drugs, e->dose.drug), t->scale))
		return 0;
	struct event ev = { .at = e->at, .kind = EV_DOSE,
		            .after = vigil_protocol_after_dose(t->p, e->dose.drug) };
	return add_event(t->events, ev) ? 0 : 1;
}

/* The first recheck not-done: it sets the clock again. */
struct first_recheck {
	const vigil_protocol *p;
	vigil_time due; /* one before it changes nothing */
	bool found;
	vigil_time at;
};

static int find_recheck(const vigil_not_done *nd, void *ctx)
{
	struct first_recheck *f = ctx;
	if (nd->why >= VIGIL_NOT_DONE_COUNT || !f->p->not_done[nd->why].recheck ||
	    nd->performed_at < f->due)
		return 0;
	f->found = true;
	f->at = nd->performed_at;
	return 1;
}

static int first_assessment(const vigil_assessment *a, void *ctx)
{
	*(vigil_time *)ctx = a->performed_at;
	return 1;
}

/* The time the clock running at `start` is next set again, before until:
 * an assessment, a recheck or a stop; else until. */
static vigil_status next_reset(vigil_session *session, const vigil_patient *pt,
                               const char *scale, const vigil_protocol *p,
                               const struct events *monitor, vigil_time start, vigil_time due,
                               vigil_time until, vigil_time *out, vigil_error *err)
{
	*out = until;
	for (size_t i = 0; i < monitor->n; i++) {
		const struct event *e = &monitor->v[i];
		if (e->kind == EV_STOP && e->at >= start && e->at < *out) {
			*out = e->at;
			break;
		}
	}
	vigil_time at = 0;
	vigil_query q = { .mrn = pt->mrn, .scale = scale, .from = start, .to = *out,
		          .oldest_first = true, .limit = 1 };
	vigil_status s = vigil_assessment_query(session, &q, first_assessment, &at, err);
	if (s == VIGIL_OK && at)
		*out = at;
	struct first_recheck f = { .p = p, .due = due };
	vigil_not_done_query nq = { .mrn = pt->mrn, .scale = scale, .from = start, .to = *out,
		                    .oldest_first = true };
	if (s == VIGIL_OK && *out > start)
		s = vigil_not_done_query_each(session, &nq, find_recheck, &f, err);
	if (s == VIGIL_OK && f.found)
		*out = f.at;
	return s;
}

/* ---- one scale ------------------------------------------------------------- */

static vigil_status walk_scale(vigil_session *session, const vigil_patient *pt,
                               const char *scale, struct walk *w, int *not_done,
                               vigil_error *err)
{
	size_t want = (size_t)(w->p->needs_history > 0 ? w->p->needs_history : 1);
	struct events monitor = { 0 }, ev = { 0 };
	struct before before = { .cap = want };
	before.at = calloc(want, sizeof *before.at);
	before.total = calloc(want, sizeof *before.total);
	w->ring = calloc(want, sizeof *w->ring);
	w->hist = calloc(want, sizeof *w->hist);
	w->cap = want;
	vigil_status s = VIGIL_OK;
	if (!before.at || !before.total || !w->ring || !w->hist)
		s = vigil_fail(err, VIGIL_ENOMEM, "out of memory");

	/* Every start and stop of the scale (a few), and the latest
	 * assessments before from. */
	if (s == VIGIL_OK)
		s = vigil_store_monitor_each(session->db, pt->id, scale, take_monitor, &monitor, err);
	vigil_query bq = { .mrn = pt->mrn, .scale = scale, .to = w->from, .limit = want };
	if (s == VIGIL_OK && !monitor.nomem)
		s = vigil_assessment_query(session, &bq, take_before, &before, err);

	/* The walk starts at the latest of them: the totals before it since
	 * the last stop fill the ring. */
	vigil_time start = before.n ? before.at[0] : 0;
	if (s == VIGIL_OK && before.n) {
		vigil_time stop = 0;
		for (size_t i = 0; i < monitor.n; i++)
			if (monitor.v[i].kind == EV_STOP && monitor.v[i].at < start)
				stop = monitor.v[i].at;
		for (size_t i = before.n; i-- > 1;)
			if (before.at[i] > stop)
				push_total(w, before.at[i], before.total[i]);
		add_event(&ev, (struct event){ .at = start, .kind = EV_ASSESS,
			                       .total = before.total[0] });
	}
	vigil_time walk_end = earlier(w->to, w->until);
	for (size_t i = 0; s == VIGIL_OK && i < monitor.n; i++)
		if (monitor.v[i].at >= start && monitor.v[i].at < walk_end)
			add_event(&ev, monitor.v[i]);
	vigil_query aq = { .mrn = pt->mrn, .scale = scale, .from = w->from, .to = walk_end,
		           .oldest_first = true };
	if (s == VIGIL_OK && !ev.nomem && walk_end > w->from)
		s = vigil_assessment_query(session, &aq, take_assessment, &ev, err);
	struct not_done_take nt = { .events = &ev, .from = w->from, .to = w->to,
		                    .walk_end = walk_end };
	vigil_not_done_query nq = { .mrn = pt->mrn, .scale = scale, .from = start, .to = w->to,
		                    .oldest_first = true };
	if (s == VIGIL_OK && !ev.nomem)
		s = vigil_not_done_query_each(session, &nq, take_not_done, &nt, err);
	struct dose_take dt = { .events = &ev, .p = w->p, .drugs = w->drugs, .scale = scale };
	vigil_chart_query dq = { .kinds = 1u << VIGIL_CHART_DOSE, .from = start, .to = walk_end,
		                 .oldest_first = true };
	if (s == VIGIL_OK && !ev.nomem && walk_end > start)
		s = vigil_store_chart_query(session->db, pt->id, &dq, take_dose, &dt, err);
	if (s == VIGIL_OK && (ev.nomem || monitor.nomem))
		s = vigil_fail(err, VIGIL_ENOMEM, "out of memory");

	if (s == VIGIL_OK) {
		if (ev.n)
			qsort(ev.v, ev.n, sizeof *ev.v, by_time);
		for (size_t i = 0; i < ev.n; i++)
			on_event(w, &ev.v[i]);
		/* A clock still running: until the next event after the
		 * walk that sets it again. */
		vigil_time end = w->until;
		if (w->timed && walk_end < w->until)
			s = next_reset(session, pt, scale, w->p, &monitor, walk_end, w->due, w->until,
			               &end, err);
		if (s == VIGIL_OK)
			close_due(w, end);
		*not_done = nt.count;
	}
	free(monitor.v);
	free(ev.v);
	free(before.at);
	free(before.total);
	free(w->ring);
	free(w->hist);
	return s;
}

/* The not-done records of a scale without a protocol: counted, never a
 * due time. */
static int count_not_done(const vigil_not_done *nd, void *ctx)
{
	(void)nd;
	(*(int *)ctx)++;
	return 0;
}

vigil_status vigil_due_missed(vigil_session *session, const vigil_protocols *protocols,
                              const vigil_patient *patient, const char *scale,
                              vigil_time from, vigil_time to, vigil_time until, int *missed,
                              int *not_done, vigil_error *err)
{
	*missed = *not_done = 0;
	const vigil_scale *def;
	vigil_status s = vigil_require(session, VIGIL_ACT_VIEW, err);
	if (s == VIGIL_OK)
		s = vigil_scales_lookup(vigil_protocols_scales(protocols), scale, &def, err);
	if (s != VIGIL_OK || to <= from)
		return s;
	const vigil_protocol *p = vigil_protocols_find(protocols, def->key);
	if (patient->discharged_at && patient->discharged_at < until)
		until = patient->discharged_at;
	if (!p || p->nintervals == 0) {
		vigil_not_done_query q = { .mrn = patient->mrn, .scale = def->key, .from = from,
			                   .to = to };
		return vigil_not_done_query_each(session, &q, count_not_done, not_done, err);
	}
	struct walk w = { .p = p, .drugs = vigil_protocols_drugs(protocols), .def = def,
		          .from = from, .to = to, .until = until };
	s = walk_scale(session, patient, def->key, &w, not_done, err);
	if (s == VIGIL_OK)
		*missed = w.missed > INT_MAX ? INT_MAX : (int)w.missed;
	return s;
}
