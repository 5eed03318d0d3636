/* ward.c - the ward board's data: last assessment, trend, next due */
#include <stdlib.h>
#include <string.h>

#include "vigil/ward.h"

#define HOUR 3600

/* The reassessment rule (see ward.h). Thresholds follow the bands: COWS
 * 13 is where "moderate" starts, CIWA-Ar 10 likewise (ASAM 2020). */
static const vigil_reassess_rule rules[] = {
	{ "cows", 13, 4 * HOUR, 1 * HOUR, "4-hourly; hourly from 13 (moderate)" },
	{ "ciwa-ar", 10, 4 * HOUR, 1 * HOUR, "4-hourly; hourly from 10 (moderate)" },
};

#define NRULES (sizeof rules / sizeof rules[0])
#define DEFAULT_EVERY (4 * HOUR)

const vigil_reassess_rule *vigil_reassess_rules(size_t *count)
{
	*count = NRULES;
	return rules;
}

const vigil_reassess_rule *vigil_reassess_rule_for(const char *scale)
{
	for (size_t i = 0; i < NRULES; i++)
		if (scale && strcmp(rules[i].scale, scale) == 0)
			return &rules[i];
	return NULL;
}

vigil_time vigil_reassess_due(const char *scale, int total, vigil_time at)
{
	const vigil_reassess_rule *r = vigil_reassess_rule_for(scale);
	if (!r)
		return at + DEFAULT_EVERY;
	return at + (total >= r->high_from ? r->every_high : r->every);
}

/* ---- loading ---------------------------------------------------------- */

struct patients {
	size_t count, cap;
	vigil_ward_row *rows;
	bool nomem;
};

static int add_patient(const vigil_patient *p, void *ctx)
{
	struct patients *ps = ctx;
	if (ps->count == ps->cap) {
		size_t cap = ps->cap ? ps->cap * 2 : 32;
		vigil_ward_row *rows = realloc(ps->rows, cap * sizeof *rows);
		if (!rows) {
			ps->nomem = true;
			return 1;
		}
		ps->rows = rows;
		ps->cap = cap;
	}
	vigil_ward_row *row = &ps->rows[ps->count++];
	memset(row, 0, sizeof *row);
	row->patient = *p;
	return 0;
}

static void summarise(const vigil_assessment *a, vigil_ward_assessment *out)
{
	out->id = a->id;
	vigil_copy(out->scale, sizeof out->scale, a->scale);
	out->total = a->total;
	out->max_total = a->max_total;
	vigil_copy(out->band, sizeof out->band, a->band);
	out->performed_at = a->performed_at;
}

static int take_one(const vigil_assessment *a, void *ctx)
{
	summarise(a, ctx);
	return 1;
}

/* Newest first from the query; stored oldest first. */
static void push_trend(vigil_ward_row *row, int total)
{
	memmove(row->trend + 1, row->trend, row->ntrend * sizeof row->trend[0]);
	row->trend[0] = total;
	row->ntrend++;
}

static int take_trend(const vigil_assessment *a, void *ctx)
{
	vigil_ward_row *row = ctx;
	if (row->ntrend == VIGIL_WARD_TREND_MAX)
		return 1;
	push_trend(row, a->total);
	return 0;
}

/* The latest assessment of one scale, if any; *found tells. */
static vigil_status latest(vigil_session *session, const char *mrn, const char *scale,
                           vigil_ward_assessment *out, bool *found, vigil_error *err)
{
	vigil_query q = { .mrn = mrn, .scale = scale, .limit = 1 };
	out->id = 0;
	vigil_status s = vigil_assessment_query(session, &q, take_one, out, err);
	*found = s == VIGIL_OK && out->id != 0;
	return s;
}

/* One walk back through a patient's assessments, newest first, stopping
 * as soon as the row is known: the first on a scale with a rule, then the
 * totals of that scale for the trend. WALK_MAX bounds it for a patient
 * with many assessments on other scales. */
#define WALK_MAX 200

struct walk {
	vigil_ward_row *row;
	size_t seen;
	bool has_any;
	vigil_ward_assessment any; /* the newest, any scale */
};

static int walk_one(const vigil_assessment *a, void *ctx)
{
	struct walk *w = ctx;
	vigil_ward_row *row = w->row;
	if (!w->has_any) {
		summarise(a, &w->any);
		w->has_any = true;
	}
	if (!row->last_drives && vigil_reassess_rule_for(a->scale)) {
		summarise(a, &row->last);
		row->has_last = row->last_drives = true;
	}
	if (row->last_drives && strcmp(a->scale, row->last.scale) == 0)
		push_trend(row, a->total);
	if (row->last_drives && row->ntrend == VIGIL_WARD_TREND_MAX)
		return 1;
	return ++w->seen >= WALK_MAX;
}

/* When the walk stopped early: the latest on each scale with a rule. */
static vigil_status find_driver(vigil_session *session, vigil_ward_row *row, vigil_error *err)
{
	for (size_t i = 0; i < NRULES; i++) {
		vigil_ward_assessment a;
		bool found;
		vigil_status s = latest(session, row->patient.mrn, rules[i].scale, &a, &found, err);
		if (s != VIGIL_OK)
			return s;
		if (found && (!row->last_drives || a.performed_at > row->last.performed_at)) {
			row->has_last = row->last_drives = true;
			row->last = a;
		}
	}
	return VIGIL_OK;
}

static vigil_status load_row(vigil_session *session, vigil_ward_row *row, vigil_error *err)
{
	struct walk w = { .row = row };
	vigil_query q = { .mrn = row->patient.mrn };
	vigil_status s = vigil_assessment_query(session, &q, walk_one, &w, err);
	bool capped = w.seen >= WALK_MAX;
	if (s == VIGIL_OK && capped && !row->last_drives)
		s = find_driver(session, row, err);
	if (s == VIGIL_OK && !row->last_drives && w.has_any) {
		row->has_last = true;
		row->last = w.any;
	}
	/* The walk did not gather the whole trend: ask for it by scale. */
	if (s == VIGIL_OK && row->has_last && row->ntrend < VIGIL_WARD_TREND_MAX &&
	    (capped || !row->last_drives)) {
		vigil_query t = { .mrn = row->patient.mrn, .scale = row->last.scale,
		                  .limit = VIGIL_WARD_TREND_MAX };
		row->ntrend = 0;
		s = vigil_assessment_query(session, &t, take_trend, row, err);
	}
	if (s != VIGIL_OK)
		return s;
	if (row->last_drives)
		row->due_at = vigil_reassess_due(row->last.scale, row->last.total,
		                                 row->last.performed_at);
	else
		row->due_at = row->patient.admitted_at;
	return VIGIL_OK;
}

vigil_status vigil_ward_load(vigil_session *session, vigil_ward *out, vigil_error *err)
{
	struct patients ps = { 0 };
	memset(out, 0, sizeof *out);
	vigil_status s = vigil_patient_list(session, false, add_patient, &ps, err);
	if (s == VIGIL_OK && ps.nomem)
		s = vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	for (size_t i = 0; s == VIGIL_OK && i < ps.count; i++)
		s = load_row(session, &ps.rows[i], err);
	if (s != VIGIL_OK) {
		free(ps.rows);
		return s;
	}
	out->count = ps.count;
	out->rows = ps.rows;
	return VIGIL_OK;
}

void vigil_ward_free(vigil_ward *ward)
{
	if (!ward)
		return;
	free(ward->rows);
	ward->rows = NULL;
	ward->count = 0;
}
