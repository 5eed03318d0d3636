/* ward.c - the ward board's data: every active scale, the most urgent
 * due, the worst band, a trend */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
	row->by_bed = ps->count - 1;
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
	bool snapshot;
	vigil_status s = vigil_db_read_begin(session->db, &snapshot, err);
	if (s != VIGIL_OK)
		return s;
	s = vigil_patient_list(session, false, add_patient, &ps, err);
	if (s == VIGIL_OK && ps.nomem)
		s = vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	for (size_t i = 0; s == VIGIL_OK && i < ps.count; i++)
		s = load_row(session, protocols, &ps.rows[i], err);
	vigil_db_read_end(session->db, snapshot);
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

/* ---- bands and orders --------------------------------------------------- */

int vigil_ward_band_rank(const vigil_ward_row *row, int *count)
{
	const vigil_patient_state *st = &row->state;
	*count = 0;
	if (st->worst < 0)
		return -1;
	*count = st->scales[st->worst].band_count;
	return st->scales[st->worst].band_rank;
}

vigil_severity vigil_ward_severity(const vigil_ward_row *row)
{
	int count, rank = vigil_ward_band_rank(row, &count);
	return vigil_band_severity(rank, count);
}

const char *vigil_ward_order_name(vigil_ward_order order)
{
	switch (order) {
	case VIGIL_WARD_WORST: return "worst first";
	case VIGIL_WARD_DUE: return "due soonest";
	default: return "bed";
	}
}

/* Soonest due first; overdue ones are the earliest. Rows with no due
 * time go last. */
static int by_due(const vigil_ward_row *a, const vigil_ward_row *b)
{
	if (a->timed != b->timed)
		return a->timed ? -1 : 1;
	if (a->timed && a->due_at + a->grace != b->due_at + b->grace)
		return a->due_at + a->grace < b->due_at + b->grace ? -1 : 1;
	return 0;
}

/* a before b in order at now: -1, 0 or 1. */
static int compare_rows(const vigil_ward_row *a, const vigil_ward_row *b, vigil_ward_order order,
                        vigil_time now)
{
	int c = 0;
	if (order == VIGIL_WARD_WORST) {
		int ca, cb, ra = vigil_ward_band_rank(a, &ca), rb = vigil_ward_band_rank(b, &cb);
		c = vigil_band_compare(ra, ca, rb, cb);
		bool oa = vigil_ward_overdue(a, now), ob = vigil_ward_overdue(b, now);
		if (!c && oa != ob)
			c = oa ? -1 : 1;
	}
	if (!c && order != VIGIL_WARD_BY_BED)
		c = by_due(a, b);
	if (!c)
		c = a->by_bed < b->by_bed ? -1 : a->by_bed > b->by_bed;
	return c;
}

/* An insertion sort of indices: a ward is tens of rows, and the rows
 * stay where they are (a row's warning points into it). */
void vigil_ward_sort(const vigil_ward *ward, vigil_ward_order order, vigil_time now,
                     size_t *index)
{
	for (size_t i = 0; i < ward->count; i++) {
		size_t j = i;
		for (; j > 0 && compare_rows(&ward->rows[i], &ward->rows[index[j - 1]], order, now) < 0;
		     j--)
			index[j] = index[j - 1];
		index[j] = i;
	}
}

/* ---- finding a patient -------------------------------------------------- */

static bool starts_with(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static bool contains(const char *hay, const char *needle)
{
	for (; *hay; hay++)
		if (starts_with(hay, needle))
			return true;
	return false;
}

static bool word_starts_with(const char *name, const char *prefix)
{
	for (const char *w = name; *w; w++)
		if ((w == name || w[-1] == ' ') && starts_with(w, prefix))
			return true;
	return false;
}

vigil_find_rank vigil_ward_find_rank(const vigil_patient *p, const char *query)
{
	if (!query || !*query)
		return VIGIL_FIND_NONE;
	if (strcasecmp(p->bed, query) == 0)
		return VIGIL_FIND_BED;
	if (strcasecmp(p->mrn, query) == 0)
		return VIGIL_FIND_MRN;
	if (word_starts_with(p->name, query) || starts_with(p->mrn, query))
		return VIGIL_FIND_START;
	if (contains(p->name, query) || contains(p->mrn, query) || contains(p->bed, query))
		return VIGIL_FIND_WITHIN;
	return VIGIL_FIND_NONE;
}
