/* handover.c - the handover of each patient (handover.h): what the shift
 * did and what stands now, gathered from the core's own calls, then laid
 * out as lines of a given width and cut to a page when asked.
 *
 * A handover is built in two steps: each part collects its entries as
 * whole sentences, then the layout wraps them under the part's label and,
 * for a page, drops the entries that fit least (the oldest notes first)
 * with a line that says how many were left out. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* wcwidth */
#endif
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "vigil/chart.h"
#include "vigil/db.h"
#include "vigil/due.h"
#include "vigil/export.h"
#include "vigil/handover.h"

static const char *const labels[VIGIL_HO_PARTS] = {
	[VIGIL_HO_PATIENT] = "",          [VIGIL_HO_SCORES] = "Scores",
	[VIGIL_HO_MISSED] = "Missed",     [VIGIL_HO_DOSES] = "Doses given",
	[VIGIL_HO_VITALS] = "Vital signs", [VIGIL_HO_READINESS] = "Readiness",
	[VIGIL_HO_DUE] = "Due next",      [VIGIL_HO_CAPS] = "24-h limits",
	[VIGIL_HO_NOTES] = "Notes",
};

const char *vigil_handover_part_label(vigil_handover_part part)
{
	return part < VIGIL_HO_PARTS ? labels[part] : "";
}

/* ---- text that grows -------------------------------------------------- */

struct text {
	char *p;
	size_t len, cap;
	bool nomem;
};

static void text_add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void text_add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	if (t->nomem)
		return;
	va_start(ap, fmt);
	int n = vsnprintf(t->p ? t->p + t->len : NULL, t->p ? t->cap - t->len : 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (!t->p || t->len + (size_t)n >= t->cap) {
		size_t cap = (t->len + (size_t)n + 1) * 2;
		char *p = realloc(t->p, cap);
		if (!p) {
			t->nomem = true;
			return;
		}
		t->p = p;
		t->cap = cap;
		va_start(ap, fmt);
		vsnprintf(t->p + t->len, t->cap - t->len, fmt, ap);
		va_end(ap);
	}
	t->len += (size_t)n;
}

/* Stored text as it may be shown: control and invisible characters
 * escaped (text.h). */
static void text_add_data(struct text *t, const char *data)
{
	char buf[VIGIL_TEXT_BYTES(VIGIL_NOTE_MAX) * 4];
	vigil_text_escape(data, buf, sizeof buf);
	text_add(t, "%s", buf);
}

/* ---- the parts: entries before they are laid out ---------------------- */

struct entry {
	char *text;
	vigil_handover_mark mark;
};

struct part {
	struct entry *v;
	size_t n, cap;
	size_t keep;        /* entries shown after cutting for a page */
	bool drop_front;    /* a cut drops the first entries (the oldest), not the last */
	char *tail;         /* shown after them and never cut (dose totals) */
	const char *noun;   /* what a cut leaves out: "note", "dose"... */
	const char *nouns;
	const char *see;    /* where to read the rest */
};

struct build {
	vigil_session *session;
	const vigil_protocols *protocols;
	const vigil_shift *shift;
	const vigil_patient *patient;
	const vigil_handover_layout *layout;
	vigil_time now;
	vigil_patient_state *state; /* NULL once discharged */
	struct part parts[VIGIL_HO_PARTS];
	char first_scale[VIGIL_SCALE_KEY_MAX + 1];
	bool nomem;
};

static void part_add(struct build *b, vigil_handover_part part, vigil_handover_mark mark,
                     struct text *t)
{
	struct part *p = &b->parts[part];
	if (t->nomem || !t->p) {
		free(t->p);
		b->nomem = true;
		return;
	}
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 8;
		struct entry *v = realloc(p->v, cap * sizeof *v);
		if (!v) {
			free(t->p);
			b->nomem = true;
			return;
		}
		p->v = v;
		p->cap = cap;
	}
	p->v[p->n++] = (struct entry){ .text = t->p, .mark = mark };
	p->keep = p->n;
	memset(t, 0, sizeof *t);
}

/* One entry from a format: the common case. */
static void part_say(struct build *b, vigil_handover_part part, vigil_handover_mark mark,
                     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void part_say(struct build *b, vigil_handover_part part, vigil_handover_mark mark,
                     const char *fmt, ...)
{
	struct text t = { 0 };
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	text_add(&t, "%s", buf);
	part_add(b, part, mark, &t);
}

static void parts_free(struct build *b)
{
	for (int k = 0; k < VIGIL_HO_PARTS; k++) {
		for (size_t i = 0; i < b->parts[k].n; i++)
			free(b->parts[k].v[i].text);
		free(b->parts[k].v);
		free(b->parts[k].tail);
	}
}

/* ---- times ------------------------------------------------------------- */

/* "08:27" for a time in the shift, else "2026-11-21 08:27". */
static void shift_time(const struct build *b, vigil_time t, char *buf, size_t size)
{
	char local[VIGIL_TIME_LOCAL_LEN];
	vigil_time_format_local(t, local, sizeof local);
	bool inside = b->shift->start <= t && t < b->shift->end;
	vigil_copy(buf, size, inside ? local + 11 : local);
}

/* "15:05" on the day it is now, else with the date. */
static void now_time(const struct build *b, vigil_time t, char *buf, size_t size)
{
	char local[VIGIL_TIME_LOCAL_LEN], today[VIGIL_TIME_LOCAL_LEN];
	vigil_time_format_local(t, local, sizeof local);
	vigil_time_format_local(b->now, today, sizeof today);
	vigil_copy(buf, size, strncmp(local, today, 10) == 0 ? local + 11 : local);
}

static const char *scale_name(const struct build *b, const char *key)
{
	const vigil_scale *s = vigil_scales_find(vigil_protocols_scales(b->protocols), key);
	return s ? s->name : key;
}

/* ---- the patient ------------------------------------------------------ */

static void part_patient(struct build *b)
{
	const vigil_patient *p = b->patient;
	char when[VIGIL_TIME_LOCAL_LEN];
	struct text t = { 0 };
	if (*p->bed) {
		text_add(&t, "Bed ");
		text_add_data(&t, p->bed);
	} else {
		text_add(&t, "No bed");
	}
	text_add(&t, "  ");
	text_add_data(&t, p->mrn);
	text_add(&t, "  ");
	text_add_data(&t, p->name);
	if (p->admitted_at >= b->shift->start) {
		shift_time(b, p->admitted_at, when, sizeof when);
		text_add(&t, "  (admitted %s)", when);
	}
	if (p->discharged_at) {
		shift_time(b, p->discharged_at, when, sizeof when);
		text_add(&t, "  (discharged %s)", when);
	}
	part_add(b, VIGIL_HO_PATIENT, VIGIL_HO_PLAIN, &t);
}

/* ---- scores ------------------------------------------------------------ */

/* One scale's current assessments during the shift, oldest first. */
struct trend {
	char scale[VIGIL_SCALE_KEY_MAX + 1];
	int *totals;
	size_t n, cap;
	int highest;
	vigil_time highest_at, last_at;
	char band[VIGIL_BAND_MAX];
	struct text who; /* "ann, bob" */
};

struct trends {
	struct trend *v;
	size_t n, cap;
	bool nomem;
};

static struct trend *trend_for(struct trends *ts, const char *scale)
{
	for (size_t i = 0; i < ts->n; i++)
		if (strcmp(ts->v[i].scale, scale) == 0)
			return &ts->v[i];
	if (ts->n == ts->cap) {
		size_t cap = ts->cap ? ts->cap * 2 : 4;
		struct trend *v = realloc(ts->v, cap * sizeof *v);
		if (!v)
			return NULL;
		ts->v = v;
		ts->cap = cap;
	}
	struct trend *t = &ts->v[ts->n++];
	memset(t, 0, sizeof *t);
	vigil_copy(t->scale, sizeof t->scale, scale);
	return t;
}

static bool has_name(const struct text *who, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = who->p; p && *p;) {
		const char *end = strstr(p, ", ");
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && strncmp(p, name, n) == 0)
			return true;
		p += len + (end ? 2 : 0);
	}
	return false;
}

static int add_score(const vigil_assessment *a, void *ctx)
{
	struct trends *ts = ctx;
	struct trend *t = trend_for(ts, a->scale);
	if (t && t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 8;
		int *v = realloc(t->totals, cap * sizeof *v);
		if (v) {
			t->totals = v;
			t->cap = cap;
		}
	}
	if (!t || t->n == t->cap) {
		ts->nomem = true;
		return 1;
	}
	if (t->n == 0 || a->total > t->highest) {
		t->highest = a->total;
		t->highest_at = a->performed_at;
	}
	t->totals[t->n++] = a->total;
	t->last_at = a->performed_at;
	vigil_copy(t->band, sizeof t->band, a->band);
	if (!has_name(&t->who, a->performer)) {
		text_add(&t->who, "%s", t->who.len ? ", " : "");
		text_add_data(&t->who, a->performer);
	}
	ts->nomem = t->who.nomem;
	return ts->nomem;
}

static void trends_free(struct trends *ts)
{
	for (size_t i = 0; i < ts->n; i++) {
		free(ts->v[i].totals);
		free(ts->v[i].who.p);
	}
	free(ts->v);
}

/* "14 → 11 → 7"; more than 7 keep the first and the last five. */
static void put_trend(struct text *t, const struct trend *tr, bool ascii)
{
	const char *arrow = ascii ? " -> " : " \u2192 ", *gap = ascii ? "..." : "\u2026";
	for (size_t i = 0; i < tr->n; i++) {
		if (tr->n > 7 && i == 1) {
			text_add(t, "%s%s", arrow, gap);
			i = tr->n - 6;
			continue;
		}
		text_add(t, "%s%d", i ? arrow : "", tr->totals[i]);
	}
}

static void say_trend(struct build *b, const struct trend *tr)
{
	char at[VIGIL_TIME_LOCAL_LEN], band[VIGIL_BAND_MAX * 4];
	struct text t = { 0 };
	vigil_text_escape(tr->band, band, sizeof band);
	text_add(&t, "%s ", scale_name(b, tr->scale));
	put_trend(&t, tr, b->layout->ascii);
	if (tr->n == 1) {
		shift_time(b, tr->last_at, at, sizeof at);
		text_add(&t, " at %s (%s%sby %s)", at, band, *band ? "; " : "", tr->who.p);
	} else {
		shift_time(b, tr->highest_at, at, sizeof at);
		text_add(&t, " (%zu scores; %s%s%shighest %d at %s; by %s)", tr->n,
		         *band ? "last " : "", band, *band ? "; " : "", tr->highest, at, tr->who.p);
	}
	part_add(b, VIGIL_HO_SCORES, VIGIL_HO_PLAIN, &t);
}

/* Whether the scale is active now. */
static bool active_now(const struct build *b, const char *scale)
{
	for (size_t i = 0; b->state && i < b->state->nscales; i++)
		if (strcmp(b->state->scales[i].scale, scale) == 0)
			return true;
	return false;
}

static vigil_status part_scores(struct build *b, vigil_error *err)
{
	struct trends ts = { 0 };
	vigil_query q = { .mrn = b->patient->mrn, .from = b->shift->start, .to = b->shift->end,
		          .oldest_first = true };
	vigil_status s = vigil_assessment_query(b->session, &q, add_score, &ts, err);
	if (s == VIGIL_OK && ts.nomem)
		s = vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	/* Scales by key: those scored in the shift, and those active now
	 * without a score in it, which say so. */
	const vigil_scales *set = vigil_protocols_scales(b->protocols);
	for (size_t i = 0; s == VIGIL_OK && i < vigil_scales_count(set); i++) {
		const char *key = vigil_scales_at(set, i)->key;
		struct trend *tr = NULL;
		for (size_t k = 0; k < ts.n && !tr; k++)
			tr = strcmp(ts.v[k].scale, key) == 0 ? &ts.v[k] : NULL;
		if (tr)
			say_trend(b, tr);
		else if (active_now(b, key))
			part_say(b, VIGIL_HO_SCORES, VIGIL_HO_PLAIN, "%s no score this shift",
			         scale_name(b, key));
		if (tr && !b->first_scale[0])
			vigil_copy(b->first_scale, sizeof b->first_scale, key);
	}
	if (s == VIGIL_OK && b->parts[VIGIL_HO_SCORES].n == 0)
		part_say(b, VIGIL_HO_SCORES, VIGIL_HO_NOTHING, "no scores this shift");
	trends_free(&ts);
	return s;
}

/* ---- missed and not done ------------------------------------------------ */

static int say_not_done(const vigil_not_done *nd, void *ctx)
{
	struct build *b = ctx;
	char at[VIGIL_TIME_LOCAL_LEN];
	struct text t = { 0 };
	shift_time(b, nd->performed_at, at, sizeof at);
	text_add(&t, "%s not done at %s: %s", scale_name(b, nd->scale), at,
	         vigil_not_done_why_name(nd->why));
	if (*nd->note) {
		text_add(&t, " (");
		text_add_data(&t, nd->note);
		text_add(&t, ")");
	}
	part_add(b, VIGIL_HO_MISSED, VIGIL_HO_ATTENTION, &t);
	return b->nomem;
}

static vigil_status part_missed(struct build *b, vigil_error *err)
{
	const vigil_scales *set = vigil_protocols_scales(b->protocols);
	vigil_status s = VIGIL_OK;
	for (size_t i = 0; s == VIGIL_OK && i < vigil_scales_count(set); i++) {
		const vigil_scale *scale = vigil_scales_at(set, i);
		int missed, not_done;
		s = vigil_due_missed(b->session, b->protocols, b->patient, scale->key, b->shift->start,
		                     b->shift->end, b->now, &missed, &not_done, err);
		if (s == VIGIL_OK && missed)
			part_say(b, VIGIL_HO_MISSED, VIGIL_HO_ATTENTION, "%s %d reassessment%s missed",
			         scale->name, missed, missed == 1 ? "" : "s");
	}
	vigil_not_done_query q = { .mrn = b->patient->mrn, .from = b->shift->start,
		                   .to = b->shift->end, .oldest_first = true };
	if (s == VIGIL_OK)
		s = vigil_not_done_query_each(b->session, &q, say_not_done, b, err);
	if (s == VIGIL_OK && b->parts[VIGIL_HO_MISSED].n == 0)
		part_say(b, VIGIL_HO_MISSED, VIGIL_HO_NOTHING, "none missed or not done");
	return s;
}

/* ---- doses given ---------------------------------------------------------- */

struct doses {
	struct build *b;
	vigil_shift_drug *drugs;
	size_t ndrugs, cap;
};

static int say_dose(const vigil_chart_entry *e, void *ctx)
{
	struct doses *d = ctx;
	struct build *b = d->b;
	char at[VIGIL_TIME_LOCAL_LEN], words[160];
	struct text t = { 0 };
	shift_time(b, e->at, at, sizeof at);
	vigil_dose_words(&e->dose, words, sizeof words);
	text_add(&t, "%s %s by ", at, words);
	text_add_data(&t, e->performer);
	if (*e->dose.reason) {
		text_add(&t, " (");
		text_add_data(&t, e->dose.reason);
		text_add(&t, ")");
	}
	part_add(b, VIGIL_HO_DOSES, VIGIL_HO_PLAIN, &t);
	if (!vigil_shift_drugs_add(&d->drugs, &d->ndrugs, &d->cap, &e->dose))
		b->nomem = true;
	return b->nomem;
}

static vigil_status part_doses(struct build *b, vigil_error *err)
{
	struct doses d = { .b = b };
	vigil_chart_query q = { .mrn = b->patient->mrn, .kinds = 1u << VIGIL_CHART_DOSE,
		                .from = b->shift->start, .to = b->shift->end, .oldest_first = true };
	vigil_status s = vigil_chart_each(b->session, &q, say_dose, &d, err);
	if (s == VIGIL_OK && b->parts[VIGIL_HO_DOSES].n == 0)
		part_say(b, VIGIL_HO_DOSES, VIGIL_HO_NOTHING, "no doses given this shift");
	if (s == VIGIL_OK && d.ndrugs) {
		char words[4096];
		vigil_shift_drugs_sort(d.drugs, d.ndrugs);
		vigil_shift_drugs_words(d.drugs, d.ndrugs, words, sizeof words);
		struct text t = { 0 };
		text_add(&t, "total: %s", words);
		b->parts[VIGIL_HO_DOSES].tail = t.p;
		b->nomem |= t.nomem;
	}
	free(d.drugs);
	return s;
}

/* ---- vital signs ---------------------------------------------------------- */

void vigil_vitals_flags(const vigil_vitals *v, const vigil_protocols *protocols, char *buf,
                        size_t size)
{
	size_t len = 0;
	if (size)
		buf[0] = '\0';
	for (int k = 0; k < VIGIL_VITAL_COUNT && len < size; k++) {
		char why[96];
		bool flagged = false;
		for (size_t i = 0; protocols && v->has[k] && !flagged &&
		                   i < vigil_protocols_count(protocols); i++)
			flagged = vigil_protocol_vital_flag(vigil_protocols_at(protocols, i),
			                                    (vigil_vital)k, v->value[k], why, sizeof why);
		if (flagged)
			len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? "; " : "", why);
	}
}

struct vitals {
	vigil_chart_entry last;
	size_t n;
};

static int take_vitals(const vigil_chart_entry *e, void *ctx)
{
	struct vitals *v = ctx;
	if (v->n++ == 0)
		v->last = *e; /* newest first */
	return 0;
}

static vigil_status part_vitals(struct build *b, vigil_error *err)
{
	struct vitals *v = malloc(sizeof *v);
	if (!v)
		return vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	v->n = 0;
	vigil_chart_query q = { .mrn = b->patient->mrn, .kinds = 1u << VIGIL_CHART_VITALS,
		                .from = b->shift->start, .to = b->shift->end };
	vigil_status s = vigil_chart_each(b->session, &q, take_vitals, v, err);
	if (s == VIGIL_OK && v->n == 0)
		part_say(b, VIGIL_HO_VITALS, VIGIL_HO_NOTHING, "no vital signs this shift");
	if (s == VIGIL_OK && v->n) {
		char at[VIGIL_TIME_LOCAL_LEN], words[160], flags[512];
		struct text t = { 0 };
		shift_time(b, v->last.at, at, sizeof at);
		vigil_vitals_words(&v->last.vitals, b->protocols, words, sizeof words);
		vigil_vitals_flags(&v->last.vitals, b->protocols, flags, sizeof flags);
		text_add(&t, "%s %s", at, words);
		if (*flags)
			text_add(&t, " (flagged: %s)", flags);
		if (v->n > 1)
			text_add(&t, "; the last of %zu sets this shift", v->n);
		part_add(b, VIGIL_HO_VITALS, *flags ? VIGIL_HO_ATTENTION : VIGIL_HO_PLAIN, &t);
	}
	free(v);
	return s;
}

/* ---- what stands now: readiness, due, 24-hour limits -------------------- */

static vigil_status part_readiness(struct build *b, vigil_error *err)
{
	if (!b->state) {
		part_say(b, VIGIL_HO_READINESS, VIGIL_HO_NOTHING, "not applicable: discharged");
		return VIGIL_OK;
	}
	vigil_readiness r;
	vigil_status s = vigil_readiness_get(b->session, b->state, b->now, &r, err);
	if (s != VIGIL_OK)
		return s;
	if (r.applies)
		part_say(b, VIGIL_HO_READINESS, VIGIL_HO_PLAIN, "decision support (%s): %s",
		         r.protocol, r.line);
	else
		part_say(b, VIGIL_HO_READINESS, VIGIL_HO_NOTHING, "not applicable: %s", r.line);
	return VIGIL_OK;
}

static void say_due(struct build *b, const vigil_scale_state *sc)
{
	char due[VIGIL_TIME_LOCAL_LEN];
	struct text t = { 0 };
	bool late = sc->timed && vigil_scale_overdue(sc, b->now);
	if (sc->timed) {
		now_time(b, sc->due_at, due, sizeof due);
		text_add(&t, "%s %s %s (%s)", sc->def->name, late ? "overdue since" : "due", due,
		         sc->why);
	} else {
		text_add(&t, "%s not timed (no protocol)", sc->def->name);
	}
	if (sc->flagged)
		text_add(&t, "; %s", sc->flag);
	part_add(b, VIGIL_HO_DUE, late || sc->flagged ? VIGIL_HO_ATTENTION : VIGIL_HO_PLAIN, &t);
	for (size_t w = 0; w < sc->nwarnings; w++)
		part_say(b, VIGIL_HO_DUE, VIGIL_HO_ATTENTION, "%s", sc->warnings[w].text);
}

static void part_due(struct build *b)
{
	if (!b->state) {
		part_say(b, VIGIL_HO_DUE, VIGIL_HO_NOTHING, "nothing due: discharged");
		return;
	}
	for (size_t i = 0; i < b->state->nscales; i++)
		say_due(b, &b->state->scales[i]);
	if (b->state->nscales == 0)
		part_say(b, VIGIL_HO_DUE, VIGIL_HO_NOTHING, "nothing due: no scale monitored");
}

static vigil_status part_caps(struct build *b, vigil_error *err)
{
	vigil_cap_flags caps;
	vigil_status s = vigil_dose_caps(b->session, b->protocols, b->patient, b->now, &caps, err);
	for (size_t i = 0; s == VIGIL_OK && i < caps.n; i++)
		part_say(b, VIGIL_HO_CAPS, VIGIL_HO_ATTENTION, "%s", caps.text[i]);
	if (s == VIGIL_OK && caps.n == 0)
		part_say(b, VIGIL_HO_CAPS, VIGIL_HO_NOTHING, "no drug at its 24-hour maximum");
	return s;
}

/* ---- notes ------------------------------------------------------------------ */

static int say_note(const vigil_chart_entry *e, void *ctx)
{
	struct build *b = ctx;
	char at[VIGIL_TIME_LOCAL_LEN];
	struct text t = { 0 };
	shift_time(b, e->at, at, sizeof at);
	text_add(&t, "%s ", at);
	text_add_data(&t, e->performer);
	text_add(&t, ": ");
	text_add_data(&t, e->note);
	part_add(b, VIGIL_HO_NOTES, VIGIL_HO_PLAIN, &t);
	return b->nomem;
}

/* Newest first: a page cut keeps the latest. */
static vigil_status part_notes(struct build *b, vigil_error *err)
{
	vigil_chart_query q = { .mrn = b->patient->mrn, .kinds = 1u << VIGIL_CHART_NOTE,
		                .from = b->shift->start, .to = b->shift->end };
	vigil_status s = vigil_chart_each(b->session, &q, say_note, b, err);
	if (s == VIGIL_OK && b->parts[VIGIL_HO_NOTES].n == 0)
		part_say(b, VIGIL_HO_NOTES, VIGIL_HO_NOTHING, "no notes this shift");
	return s;
}

/* ---- layout --------------------------------------------------------------- */

/* Columns of one code point; bytes it takes in *len. */
static int cp_width(const char *s, size_t *len)
{
	mbstate_t st;
	wchar_t wc;
	memset(&st, 0, sizeof st);
	size_t n = mbrtowc(&wc, s, strlen(s), &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		/* Not in this locale: one column for the whole UTF-8 sequence. */
		const unsigned char u = (unsigned char)*s;
		size_t k = u >= 0xf0 ? 4 : u >= 0xe0 ? 3 : u >= 0xc0 ? 2 : 1;
		for (*len = 1; *len < k && (s[*len] & 0xc0) == 0x80; (*len)++)
			;
		return 1;
	}
	*len = n;
	int w = wcwidth(wc);
	return w < 0 ? 1 : w;
}

static int width_of(const char *s, size_t bytes)
{
	int w = 0;
	for (size_t i = 0, len; i < bytes && s[i]; i += len)
		w += cp_width(s + i, &len);
	return w;
}

/* Emits the lines of one entry: the first after `lead` (the label column),
 * the others indented by `indent`, each at most width columns, broken at
 * spaces, a word too long for a line broken where it must be. */
typedef bool (*line_fn)(void *ctx, const char *lead, int lead_cols, const char *text,
                        size_t bytes);

static bool wrap(const char *text, const char *lead, int indent, int width, line_fn fn,
                 void *ctx)
{
	int lead_cols = width_of(lead, strlen(lead));
	const char *p = text;
	bool first = true;
	do {
		int room = width - (first ? lead_cols : indent);
		size_t end = 0, brk = 0;
		int used = 0;
		while (p[end]) {
			size_t len;
			int w = cp_width(p + end, &len);
			if (used + w > room)
				break;
			used += w;
			end += len;
			if (p[end] == ' ')
				brk = end;
		}
		if (p[end] && brk)
			end = brk; /* at the last space that fits */
		else if (p[end] && end == 0)
			cp_width(p, &end); /* too narrow for one character: it goes all the same */
		if (!fn(ctx, first ? lead : "", first ? lead_cols : indent, p, end))
			return false;
		p += end;
		while (*p == ' ')
			p++;
		first = false;
	} while (*p);
	return true;
}

struct lines {
	vigil_handover *h;
	size_t cap;
	vigil_handover_part part;
	vigil_handover_mark mark;
	bool first;       /* the next line is the part's first */
	bool count_only;
	size_t counted;
};

static bool add_line(void *ctx, const char *lead, int lead_cols, const char *text, size_t bytes)
{
	struct lines *l = ctx;
	if (l->count_only) {
		l->counted++;
		return true;
	}
	vigil_handover *h = l->h;
	if (h->nlines == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		vigil_handover_line *v = realloc(h->lines, cap * sizeof *v);
		if (!v)
			return false;
		h->lines = v;
		l->cap = cap;
	}
	size_t lead_bytes = strlen(lead), pad = *lead ? 0 : (size_t)lead_cols;
	char *line = malloc(lead_bytes + pad + bytes + 1);
	if (!line)
		return false;
	memcpy(line, lead, lead_bytes);
	memset(line + lead_bytes, ' ', pad);
	memcpy(line + lead_bytes + pad, text, bytes);
	line[lead_bytes + pad + bytes] = '\0';
	h->lines[h->nlines++] = (vigil_handover_line){ .part = l->part, .mark = l->mark,
		                                        .first = l->first, .text = line };
	l->first = false;
	return true;
}

/* "  Doses given " for a part's first entry, spaces for the others; the
 * patient's line has none. */
static void lead_of(vigil_handover_part part, bool first, char *buf, size_t size)
{
	if (part == VIGIL_HO_PATIENT)
		buf[0] = '\0';
	else
		snprintf(buf, size, "  %-*s", VIGIL_HANDOVER_LABEL - 2, first ? labels[part] : "");
}

/* Lines an entry takes (or makes, when l is not counting). */
static bool entry_lines(struct lines *l, const struct build *b, vigil_handover_part part,
                        bool first, const char *text)
{
	char lead[VIGIL_HANDOVER_LABEL + 1];
	int indent = part == VIGIL_HO_PATIENT ? 2 : VIGIL_HANDOVER_LABEL + 2;
	lead_of(part, first, lead, sizeof lead);
	return wrap(text, lead, indent, b->layout->width, add_line, l);
}

/* "(3 more notes: see vigil history)" after a cut part, or "(2 earlier
 * doses: ...)" before one cut at its start. */
static void cut_words(const struct part *p, char *buf, size_t size)
{
	size_t left = p->n - p->keep;
	snprintf(buf, size, "(%zu %s%s: see %s)", left,
	         !p->keep ? "" : p->drop_front ? "earlier " : "more ",
	         left == 1 ? p->noun : p->nouns, p->see);
}

/* One line or more, its mark given. */
static bool say_lines(struct lines *l, const struct build *b, vigil_handover_mark mark,
                      bool *first, const char *text)
{
	l->mark = mark;
	bool done = entry_lines(l, b, l->part, *first, text);
	*first = false;
	return done;
}

/* A part: the entries kept, the cut said where it was made, the tail. */
static bool lay_out_part(struct lines *l, const struct build *b, const struct part *p)
{
	char cut[160];
	bool first = true, was_cut = p->keep < p->n;
	size_t from = p->drop_front ? p->n - p->keep : 0;
	if (was_cut)
		cut_words(p, cut, sizeof cut);
	if (was_cut && p->drop_front && !say_lines(l, b, VIGIL_HO_PLAIN, &first, cut))
		return false;
	for (size_t i = from; i < from + p->keep; i++)
		if (!say_lines(l, b, p->v[i].mark, &first, p->v[i].text))
			return false;
	if (was_cut && !p->drop_front && !say_lines(l, b, VIGIL_HO_PLAIN, &first, cut))
		return false;
	return !p->tail || say_lines(l, b, VIGIL_HO_PLAIN, &first, p->tail);
}

/* Lays out every part, or counts the lines it would take. */
static bool lay_out(struct lines *l, const struct build *b)
{
	for (int k = 0; k < VIGIL_HO_PARTS; k++) {
		l->part = (vigil_handover_part)k;
		l->first = true;
		if (!lay_out_part(l, b, &b->parts[k]))
			return false;
	}
	return true;
}

static size_t count_lines(const struct build *b)
{
	struct lines l = { .count_only = true };
	lay_out(&l, b);
	return l.counted;
}

/* For a page: drops entries until it fits, the oldest first: notes (they
 * come newest first, so from the end), then doses and not-done records
 * (oldest first, so from the start), then scales and what is due. */
static void cut_to(struct build *b, size_t max)
{
	static const struct {
		vigil_handover_part part;
		bool drop_front;
		const char *noun, *nouns, *see;
	} order[] = {
		{ VIGIL_HO_NOTES, false, "note", "notes", "vigil history" },
		{ VIGIL_HO_DOSES, true, "dose", "doses", "vigil history" },
		{ VIGIL_HO_MISSED, true, "entry", "entries", "vigil history" },
		{ VIGIL_HO_SCORES, false, "scale", "scales", "vigil history" },
		{ VIGIL_HO_DUE, false, "line", "lines", "vigil due" },
	};
	for (size_t o = 0; o < sizeof order / sizeof order[0]; o++) {
		struct part *p = &b->parts[order[o].part];
		p->drop_front = order[o].drop_front;
		p->noun = order[o].noun;
		p->nouns = order[o].nouns;
		p->see = order[o].see;
		while (p->keep > 0 && count_lines(b) > max)
			p->keep--;
	}
}

/* ---- building ------------------------------------------------------------- */

static vigil_status gather(struct build *b, vigil_error *err)
{
	vigil_status s = vigil_clock_now(&b->now, err);
	if (s == VIGIL_OK && !b->patient->discharged_at) {
		if (!(b->state = malloc(sizeof *b->state)))
			return vigil_fail(err, VIGIL_ENOMEM, "out of memory");
		s = vigil_patient_state_load(b->session, b->protocols, b->patient, b->state, err);
	}
	if (s == VIGIL_OK)
		part_patient(b);
	if (s == VIGIL_OK)
		s = part_scores(b, err);
	if (s == VIGIL_OK)
		s = part_missed(b, err);
	if (s == VIGIL_OK)
		s = part_doses(b, err);
	if (s == VIGIL_OK)
		s = part_vitals(b, err);
	if (s == VIGIL_OK)
		s = part_readiness(b, err);
	if (s == VIGIL_OK)
		part_due(b);
	if (s == VIGIL_OK)
		s = part_caps(b, err);
	if (s == VIGIL_OK)
		s = part_notes(b, err);
	if (s == VIGIL_OK && b->nomem)
		s = vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	return s;
}

vigil_status vigil_handover_patient(vigil_session *session, const vigil_protocols *protocols,
                                    const vigil_shift *shift, const vigil_patient *patient,
                                    const vigil_handover_layout *layout, vigil_handover *out,
                                    vigil_error *err)
{
	struct build b = { .session = session, .protocols = protocols, .shift = shift,
		           .patient = patient, .layout = layout };
	memset(out, 0, sizeof *out);
	out->patient = *patient;
	vigil_status s = vigil_require(session, VIGIL_ACT_VIEW, err);
	if (s == VIGIL_OK && layout->width < VIGIL_HANDOVER_MIN_WIDTH)
		s = vigil_fail(err, VIGIL_EINVAL, "a handover needs at least %d columns",
		               VIGIL_HANDOVER_MIN_WIDTH);
	if (s == VIGIL_OK)
		s = gather(&b, err);
	if (s == VIGIL_OK && layout->max_lines > 0)
		cut_to(&b, (size_t)layout->max_lines);
	struct lines l = { .h = out };
	if (s == VIGIL_OK && !lay_out(&l, &b))
		s = vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	/* Past every cut: a page never runs over. */
	while (s == VIGIL_OK && layout->max_lines > 0 && out->nlines > (size_t)layout->max_lines)
		free(out->lines[--out->nlines].text);
	if (s == VIGIL_OK)
		vigil_copy(out->first_scale, sizeof out->first_scale, b.first_scale);
	else
		vigil_handover_free(out);
	parts_free(&b);
	free(b.state);
	return s;
}

void vigil_handover_free(vigil_handover *h)
{
	for (size_t i = 0; i < h->nlines; i++)
		free(h->lines[i].text);
	free(h->lines);
	h->lines = NULL;
	h->nlines = 0;
}

/* ---- every patient -------------------------------------------------------- */

struct each {
	vigil_session *session;
	const vigil_protocols *protocols;
	const vigil_shift *shift;
	const vigil_handover_layout *layout;
	vigil_handover_fn fn;
	void *ctx;
	vigil_error *err;
	vigil_status s;
};

static int each_patient(const vigil_patient *p, void *ctx)
{
	struct each *e = ctx;
	vigil_handover h;
	e->s = vigil_handover_patient(e->session, e->protocols, e->shift, p, e->layout, &h, e->err);
	if (e->s != VIGIL_OK)
		return 1;
	int stop = e->fn(&h, e->ctx);
	vigil_handover_free(&h);
	return stop;
}

vigil_status vigil_handover_each(vigil_session *session, const vigil_protocols *protocols,
                                 const vigil_shift *shift, const vigil_handover_layout *layout,
                                 vigil_handover_fn fn, void *ctx, vigil_error *err)
{
	struct each e = { .session = session, .protocols = protocols, .shift = shift,
		          .layout = layout, .fn = fn, .ctx = ctx, .err = err, .s = VIGIL_OK };
	vigil_status s = vigil_shift_patients(session, shift, each_patient, &e, err);
	return s == VIGIL_OK ? e.s : s;
}

/* ---- as text ---------------------------------------------------------------- */

#define TEXT_WIDTH 80
/* The witness: a blank line, the ward key, the head. */
#define WITNESS_LINES 3

struct printer {
	FILE *out;
	bool pages, training;
	char title[512];
	size_t pages_out; /* pages started */
	size_t patients;  /* written, over every shift */
	size_t in_shift;
};

/* Cuts text to the columns that fit (a ward's long name). */
static void cut_to_width(char *text, int width)
{
	size_t bytes = 0, len;
	for (int used = 0; text[bytes]; bytes += len) {
		int cols = cp_width(text + bytes, &len);
		if (used + cols > width)
			break;
		used += cols;
	}
	text[bytes] = '\0';
}

/* A page's head: the banner on a training database, the shift, a blank. */
static int head_lines(const struct printer *pr)
{
	return (pr->training ? 1 : 0) + 2;
}

static void new_page(struct printer *pr)
{
	if (pr->pages_out++)
		fputc('\f', pr->out);
	if (pr->training)
		fprintf(pr->out, "%s\n", VIGIL_TRAINING_BANNER);
	fprintf(pr->out, "%s\n\n", pr->title);
}

static int print_patient(const vigil_handover *h, void *ctx)
{
	struct printer *pr = ctx;
	if (pr->pages)
		new_page(pr);
	else if (pr->in_shift)
		fputc('\n', pr->out);
	for (size_t i = 0; i < h->nlines; i++)
		fprintf(pr->out, "%s\n", h->lines[i].text);
	pr->patients++;
	pr->in_shift++;
	return ferror(pr->out) != 0;
}

static vigil_status print_witness(vigil_session *session, FILE *out, vigil_error *err)
{
	vigil_witness w;
	vigil_status s = vigil_witness_now(session, &w, err);
	if (s == VIGIL_OK)
		fprintf(out, "\nward key %s\nhead %s\n", vigil_witness_key(&w), w.head);
	return s;
}

static vigil_status print_shift(vigil_session *session, const vigil_protocols *protocols,
                                const vigil_config *cfg, const vigil_shift *shift, bool ascii,
                                struct printer *pr, vigil_error *err)
{
	vigil_shift_title(cfg, shift, pr->title, sizeof pr->title);
	cut_to_width(pr->title, TEXT_WIDTH);
	pr->in_shift = 0;
	/* A page holds its head, the patient and room for the witness. */
	vigil_handover_layout layout = { .width = TEXT_WIDTH, .ascii = ascii };
	if (pr->pages)
		layout.max_lines = VIGIL_HANDOVER_PAGE_LINES - head_lines(pr) - WITNESS_LINES;
	else
		fprintf(pr->out, "%s\n\n", pr->title);
	vigil_status s = vigil_handover_each(session, protocols, shift, &layout, print_patient, pr,
	                                     err);
	if (s == VIGIL_OK && pr->in_shift == 0) {
		if (pr->pages)
			new_page(pr);
		fprintf(pr->out, "(no patients on the ward during this shift)\n");
	}
	return s;
}

vigil_status vigil_handover_print(vigil_session *session, const vigil_protocols *protocols,
                                  const vigil_config *cfg, const vigil_shift *shifts,
                                  size_t nshifts, bool ascii, bool pages, FILE *out,
                                  size_t *patients, vigil_error *err)
{
	struct printer pr = { .out = out, .pages = pages,
		              .training = vigil_db_training(session->db) };
	vigil_status s = vigil_require(session, VIGIL_ACT_VIEW, err);
	if (s == VIGIL_OK && pr.training && !pages)
		fprintf(out, "%s\n", VIGIL_TRAINING_BANNER);
	for (size_t i = 0; s == VIGIL_OK && i < nshifts; i++) {
		if (i && !pages)
			fputc('\n', out);
		s = print_shift(session, protocols, cfg, &shifts[i], ascii, &pr, err);
	}
	if (s == VIGIL_OK)
		s = print_witness(session, out, err);
	if (s == VIGIL_OK && patients)
		*patients = pr.patients;
	return s;
}
