/* ward.c - the ward board's data: every active scale, the most urgent
 * due, the worst band, a trend */
#include <stdlib.h>
#include <string.h>

#include "vigil/ward.h"

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

/* Newest first from the query; stored oldest first. */
static int take_trend(const vigil_assessment *a, void *ctx)
{
	vigil_ward_row *row = ctx;
	if (row->ntrend == VIGIL_WARD_TREND_MAX)
		return 1;
	memmove(row->trend + 1, row->trend, row->ntrend * sizeof row->trend[0]);
	row->trend[0] = a->total;
	row->ntrend++;
	if (row->ntrend == 1) {
		vigil_ward_assessment *l = &row->last;
		l->id = a->id;
		vigil_copy(l->scale, sizeof l->scale, a->scale);
		l->total = a->total;
		l->max_total = a->max_total;
		vigil_copy(l->band, sizeof l->band, a->band);
		l->performed_at = a->performed_at;
		row->has_last = true;
	}
	return 0;
}

/* The scale the row shows: the worst band, else the latest assessed. */
static const vigil_scale_state *shown_scale(const vigil_patient_state *st)
{
	if (st->worst >= 0)
		return &st->scales[st->worst];
	const vigil_scale_state *latest = NULL;
	for (size_t i = 0; i < st->nscales; i++)
		if (st->scales[i].has_last && (!latest || st->scales[i].last_at > latest->last_at))
			latest = &st->scales[i];
	return latest;
}

static vigil_status load_row(vigil_session *session, const vigil_protocols *protocols,
                             vigil_ward_row *row, vigil_error *err)
{
	vigil_status s = vigil_patient_state_load(session, protocols, &row->patient, &row->state,
	                                          err);
	if (s != VIGIL_OK)
		return s;
	const vigil_patient_state *st = &row->state;
	if (st->most_urgent >= 0) {
		const vigil_scale_state *u = &st->scales[st->most_urgent];
		row->timed = true;
		row->due_at = u->due_at;
		row->grace = u->grace;
		row->flagged = st->flagged;
		vigil_copy(row->due_scale, sizeof row->due_scale, u->scale);
		vigil_copy(row->due_why, sizeof row->due_why, u->why);
	}
	row->nwarnings = st->nwarnings;
	for (size_t i = 0; i < st->nscales && !row->warning; i++)
		if (st->scales[i].nwarnings)
			row->warning = st->scales[i].warnings[0].text;
	const vigil_scale_state *shown = shown_scale(st);
	if (!shown)
		return VIGIL_OK;
	/* The rows stay where they are from here on (every patient was added
	 * before the first was loaded), so warning may point into state. */
	vigil_query q = { .mrn = row->patient.mrn, .scale = shown->scale,
		          .limit = VIGIL_WARD_TREND_MAX };
	return vigil_assessment_query(session, &q, take_trend, row, err);
}

vigil_status vigil_ward_load(vigil_session *session, const vigil_protocols *protocols,
                             vigil_ward *out, vigil_error *err)
{
	struct patients ps = { 0 };
	memset(out, 0, sizeof *out);
	vigil_status s = vigil_patient_list(session, false, add_patient, &ps, err);
	if (s == VIGIL_OK && ps.nomem)
		s = vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	for (size_t i = 0; s == VIGIL_OK && i < ps.count; i++)
		s = load_row(session, protocols, &ps.rows[i], err);
	if (s != VIGIL_OK) {
		free(ps.rows);
		return s;
	}
	out->count = ps.count;
	out->rows = ps.rows;
	return VIGIL_OK;
}

bool vigil_ward_overdue(const vigil_ward_row *row, vigil_time now)
{
	return row->timed && now >= row->due_at + row->grace;
}

void vigil_ward_free(vigil_ward *ward)
{
	if (!ward)
		return;
	free(ward->rows);
	ward->rows = NULL;
	ward->count = 0;
}
