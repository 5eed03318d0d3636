/* export.c - the shift summary and observations as CSV (columns in
 * vigil-csv(5)), and the witness summaries and exports print. Each export
 * streams: one row in memory at a time. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "csvout.h"
#include "export_job.h"
#include "vigil/audit.h"
#include "vigil/db.h"
#include "vigil/export.h"
#include "vigil/legend.h"
#include "vigil/handover.h"

/* ---- what every export shares: export_job.h ------------------------- */

static void put_time(csv_out *w, vigil_time t)
{
	char iso[VIGIL_TIME_ISO_LEN];
	if (!t) {
		csvout_empty(w);
		return;
	}
	vigil_time_format_iso(t, iso, sizeof iso);
	csvout_text(w, iso);
}

/* A training database's files say so in a first column of their own, on
 * every row: a program reading a ward's columns by position or by name
 * finds the wrong ones, and no row cut or copied out of the file loses the
 * mark. A ward's files are as they always were. */
static void put_header(struct export_job *job, const char *const *names)
{
	if (job->training)
		csvout_text(&job->out, "training");
	for (; *names; names++)
		csvout_text(&job->out, *names);
}

static void start_row(struct export_job *job)
{
	if (job->training)
		csvout_text(&job->out, "TRAINING");
}

/* ---- shift summary --------------------------------------------------- */

static const char *const shift_columns[] = {
	"shift", "date", "bed", "mrn", "name", "scale", "assessments", "first", "last", "lowest",
	"highest", "mean", "last_band", "highest_at", "performers", "missed", "not_done", "doses",
	"dose_totals", NULL
};

/* The patient's doses on their first row only, so that a sum of the
 * column counts each dose once. */
static void put_shift_doses(csv_out *w, const vigil_shift_row *r)
{
	if (!r->patient_first) {
		csvout_empty(w);
		csvout_empty(w);
		return;
	}
	char words[4096];
	vigil_shift_drugs_words(r->drugs, r->ndrugs, words, sizeof words);
	csvout_int(w, r->doses);
	csvout_text(w, words);
}

static int write_shift_row(const vigil_shift_row *r, void *ctx)
{
	struct export_job *job = ctx;
	csv_out *w = &job->out;
	start_row(job);
	csvout_text(w, r->shift->name);
	csvout_text(w, r->shift->date);
	csvout_text(w, r->patient->bed);
	csvout_text(w, r->patient->mrn);
	csvout_text(w, r->patient->name);
	if (r->count == 0) {
		/* A scale with reassessments missed or not done, or none. */
		if (*r->scale)
			csvout_text(w, r->scale);
		else
			csvout_empty(w);
		csvout_int(w, 0);
		for (int i = 0; i < 8; i++) /* first .. performers */
			csvout_empty(w);
	} else {
		csvout_text(w, r->scale);
		csvout_int(w, r->count);
		csvout_int(w, r->first);
		csvout_int(w, r->last);
		csvout_int(w, r->lowest);
		csvout_int(w, r->highest);
		csvout_decimal(w, r->mean);
		csvout_text(w, r->last_band);
		put_time(w, r->highest_at);
		csvout_text(w, r->performers);
	}
	csvout_int(w, r->missed);
	csvout_int(w, r->not_done);
	put_shift_doses(w, r);
	csvout_end_row(w);
	job->rows++;
	return w->errnum != 0;
}

vigil_status vigil_export_shifts(vigil_session *session, const vigil_protocols *protocols,
                                 const vigil_shift *shifts, size_t nshifts,
                                 const vigil_export_dest *dest, size_t *rows, vigil_error *err)
{
	struct export_job job;
	vigil_status s = vigil_require(session, VIGIL_ACT_EXPORT, err);
	if (s == VIGIL_OK)
		s = export_job_open(session, dest, &job, err);
	if (s != VIGIL_OK)
		return s;
	put_header(&job, shift_columns);
	csvout_end_row(&job.out);
	for (size_t i = 0; s == VIGIL_OK && i < nshifts && !job.out.errnum; i++)
		s = vigil_shift_summary(session, protocols, &shifts[i], write_shift_row, &job, err);
	char what[160];
	if (nshifts == 1)
		snprintf(what, sizeof what, "shift summary %s %s", shifts[0].name, shifts[0].date);
	else
		snprintf(what, sizeof what, "shift summary, %zu shifts from %s %s", nshifts,
		         nshifts ? shifts[0].name : "", nshifts ? shifts[0].date : "");
	size_t n = job.rows;
	s = export_job_finish(session, &job, what, s, err);
	if (s == VIGIL_OK && rows)
		*rows = n;
	return s;
}

/* ---- patients by id: the name and bed of each row ------------------------ */

struct ward_patients {
	vigil_patient *v; /* every patient, discharged too, by id */
	size_t n, cap;
	bool nomem;
};

static int keep_patient(const vigil_patient *p, void *ctx)
{
	struct ward_patients *w = ctx;
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64;
		vigil_patient *v = realloc(w->v, cap * sizeof *v);
		if (!v) {
			w->nomem = true;
			return 1;
		}
		w->v = v;
		w->cap = cap;
	}
	w->v[w->n++] = *p;
	return 0;
}

static int by_id(const void *a, const void *b)
{
	int64_t x = ((const vigil_patient *)a)->id, y = ((const vigil_patient *)b)->id;
	return x < y ? -1 : x > y;
}

/* Memory grows with the patients, not with the rows exported. */
static vigil_status patients_load(vigil_session *session, struct ward_patients *w,
                                  vigil_error *err)
{
	vigil_status s = vigil_patient_list(session, true, keep_patient, w, err);
	if (s == VIGIL_OK && w->nomem)
		s = vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	if (s == VIGIL_OK && w->n)
		qsort(w->v, w->n, sizeof *w->v, by_id);
	return s;
}

static const vigil_patient *patient_of(const struct ward_patients *w, int64_t id)
{
	vigil_patient key = { .id = id };
	return w->n ? bsearch(&key, w->v, w->n, sizeof key, by_id) : NULL;
}

vigil_status vigil_export_filter_check(const vigil_export_filter *f, vigil_error *err)
{
	if (f->from && f->to && f->to <= f->from)
		return vigil_fail(err, VIGIL_EINVAL, "To must be later than From");
	return VIGIL_OK;
}

/* ---- observations -------------------------------------------------------- */

static const char *const obs_columns[] = {
	"id", "mrn", "name", "bed", "scale", "performed_at", "entered_at", "performer", "entered_by", "total",
	"max_total", "band", "status", "late", "supersedes", "amend_reason", "void_reason",
	"reason", "note", "definition", NULL
};

/* The item columns of one scale: each item's score, then its measurement
 * when it has one ("cows.pulse", "cows.pulse.hr"). */
struct block {
	const vigil_scale *scale;
	/* The scale's items in the order the store returns a row's items (by
	 * key), so matching a row costs one comparison per item. */
	size_t by_key[VIGIL_ITEMS_MAX];
};

struct obs {
	struct export_job job;
	const vigil_scales *scales; /* to tell the built-in definitions */
	struct ward_patients ward;  /* name and bed */
	struct block *blocks;
	size_t nblocks;
	const struct block *last; /* the block of the previous row */
	/* The row being written: item scores by the scale's item index. */
	bool set[VIGIL_ITEMS_MAX], has_raw[VIGIL_ITEMS_MAX];
	int score[VIGIL_ITEMS_MAX], raw[VIGIL_ITEMS_MAX];
	vigil_error *err;
	vigil_status failed; /* a row that cannot be written: unknown scale or item */
};

static int key_order(const vigil_scale *scale, size_t a, size_t b)
{
	return strcmp(scale->items[a].key, scale->items[b].key);
}

static void block_init(struct block *b, const vigil_scale *scale)
{
	b->scale = scale;
	for (size_t i = 0; i < scale->nitems; i++) {
		size_t j = i;
		for (; j > 0 && key_order(scale, b->by_key[j - 1], i) > 0; j--)
			b->by_key[j] = b->by_key[j - 1];
		b->by_key[j] = i;
	}
}

static void put_block_header(csv_out *w, const vigil_scale *scale)
{
	for (size_t i = 0; i < scale->nitems; i++) {
		const vigil_item *item = &scale->items[i];
		/* Keys are short (vigil-scale(5)), so the names always fit. */
		char name[VIGIL_SCALE_KEY_MAX + 2 * VIGIL_ITEM_KEY_MAX + 4];
		snprintf(name, sizeof name, "%s.%s", scale->key, item->key);
		csvout_text(w, name);
		if (item->raw_key) {
			snprintf(name, sizeof name, "%s.%s.%s", scale->key, item->key, item->raw_key);
			csvout_text(w, name);
		}
	}
}

static const struct block *block_for(struct obs *o, const char *scale)
{
	if (o->last && strcmp(o->last->scale->key, scale) == 0)
		return o->last;
	for (size_t i = 0; i < o->nblocks; i++)
		if (strcmp(o->blocks[i].scale->key, scale) == 0)
			return o->last = &o->blocks[i];
	return NULL;
}

/* Places a row's items by the scale's item index. */
static bool place_items(struct obs *o, const struct block *b, const vigil_assessment *a)
{
	const vigil_scale *scale = b->scale;
	memset(o->set, 0, sizeof o->set);
	for (size_t k = 0; k < a->nitems; k++) {
		const vigil_item_value *v = &a->items[k];
		size_t i = k < scale->nitems ? b->by_key[k] : 0;
		if (k >= scale->nitems || strcmp(scale->items[i].key, v->key) != 0) {
			if (!vigil_scale_item(scale, v->key, &i)) {
				o->failed = vigil_fail(o->err, VIGIL_EINVAL,
				                       "assessment %lld: item '%s' is not on scale %s",
				                       (long long)a->id, v->key, scale->key);
				return false;
			}
		}
		o->set[i] = true;
		o->score[i] = v->score;
		o->has_raw[i] = v->has_raw;
		o->raw[i] = v->raw;
	}
	return true;
}

static void put_items(struct obs *o, const struct block *row_block)
{
	csv_out *w = &o->job.out;
	for (size_t bi = 0; bi < o->nblocks; bi++) {
		const struct block *b = &o->blocks[bi];
		for (size_t i = 0; i < b->scale->nitems; i++) {
			bool mine = b == row_block && o->set[i];
			if (mine)
				csvout_int(w, o->score[i]);
			else
				csvout_empty(w);
			if (!b->scale->items[i].raw_key)
				continue;
			if (mine && o->has_raw[i])
				csvout_int(w, o->raw[i]);
			else
				csvout_empty(w);
		}
	}
}

static void put_obs_fields(csv_out *w, const struct obs *o, const vigil_assessment *a)
{
	const vigil_scales *set = o->scales;
	const vigil_patient *p = patient_of(&o->ward, a->patient_id);
	csvout_int(w, a->id);
	csvout_text(w, a->mrn);
	csvout_text(w, p ? p->name : "");
	csvout_text(w, p ? p->bed : "");
	csvout_text(w, a->scale);
	put_time(w, a->performed_at);
	put_time(w, a->entered_at);
	csvout_text(w, a->performer);
	csvout_text(w, a->entered_by);
	csvout_int(w, a->total);
	csvout_int(w, a->max_total);
	csvout_text(w, a->band);
	csvout_text(w, vigil_standing_key(vigil_standing_of(a->status, a->supersedes != 0)));
	csvout_int(w, a->late);
	if (a->supersedes)
		csvout_int(w, a->supersedes);
	else
		csvout_empty(w);
	csvout_text(w, a->supersedes ? a->amend_reason : "");
	csvout_text(w, a->status == VIGIL_ASSESS_VOIDED ? a->correction_reason : "");
	csvout_text(w, a->reason);
	csvout_text(w, a->note);
	/* The definition that scored it, when not this vigil's built-in one. */
	csvout_text(w, vigil_scales_builtin_definition(set, a->scale, a->definition) ? ""
	                                                                            : a->definition);
}

static int write_obs_row(const vigil_assessment *a, void *ctx)
{
	struct obs *o = ctx;
	const struct block *b = block_for(o, a->scale);
	if (!b) {
		o->failed = vigil_fail(o->err, VIGIL_ENOTFOUND,
		                       "assessment %lld is on scale '%s', which this vigil does not "
		                       "know (add its file to $VIGIL_SCALES)",
		                       (long long)a->id, a->scale);
		return 1;
	}
	if (!place_items(o, b, a))
		return 1;
	start_row(&o->job);
	put_obs_fields(&o->job.out, o, a);
	put_items(o, b);
	csvout_end_row(&o->job.out);
	o->job.rows++;
	return o->job.out.errnum != 0;
}

/* The scales whose columns appear: the one asked for, or all of them. */
static vigil_status obs_blocks(struct obs *o, const vigil_scales *set,
                               const vigil_export_filter *f, vigil_error *err)
{
	const vigil_scale *only = NULL;
	if (f->scale) {
		vigil_status s = vigil_scales_lookup(set, f->scale, &only, err);
		if (s != VIGIL_OK)
			return s;
	}
	o->nblocks = only ? 1 : vigil_scales_count(set);
	o->blocks = calloc(o->nblocks ? o->nblocks : 1, sizeof *o->blocks);
	if (!o->blocks)
		return vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	for (size_t i = 0; i < o->nblocks; i++)
		block_init(&o->blocks[i], only ? only : vigil_scales_at(set, i));
	return VIGIL_OK;
}

/* "observations (scale cows, patient MRN1, from ..., with amended and
 * voided)" for the audit log. */
static void describe(const vigil_export_filter *f, const char *scale, char *buf, size_t size)
{
	char from[VIGIL_TIME_ISO_LEN] = "", to[VIGIL_TIME_ISO_LEN] = "";
	if (f->from)
		vigil_time_format_iso(f->from, from, sizeof from);
	if (f->to)
		vigil_time_format_iso(f->to, to, sizeof to);
	snprintf(buf, size, "observations (%s%s%s%s%s%s%s%s%s)", scale ? "scale " : "all scales",
	         scale ? scale : "", f->mrn ? ", patient " : "", f->mrn ? f->mrn : "",
	         f->from ? ", from " : "", from, f->to ? ", before " : "", to,
	         f->all ? ", with amended and entered-in-error" : "");
}

static vigil_status obs_run(vigil_session *session, struct obs *o, const vigil_export_filter *f,
                            vigil_error *err)
{
	csv_out *w = &o->job.out;
	put_header(&o->job, obs_columns);
	for (size_t i = 0; i < o->nblocks; i++)
		put_block_header(w, o->blocks[i].scale);
	csvout_end_row(w);
	vigil_query q = { .mrn = f->mrn, .scale = o->nblocks == 1 && f->scale ?
		                                  o->blocks[0].scale->key : NULL,
		          .from = f->from, .to = f->to, .all = f->all, .with_items = true,
		          .oldest_first = true };
	vigil_status s = vigil_assessment_query(session, &q, write_obs_row, o, err);
	return s == VIGIL_OK ? o->failed : s;
}

vigil_status vigil_export_observations(vigil_session *session, const vigil_scales *set,
                                       const vigil_export_filter *filter,
                                       const vigil_export_dest *dest, size_t *rows,
                                       vigil_error *err)
{
	struct obs o = { .err = err, .scales = set };
	vigil_patient p;
	vigil_status s = vigil_require(session, VIGIL_ACT_EXPORT, err);
	/* Checked before the file is created, so a typo leaves nothing. */
	if (s == VIGIL_OK)
		s = vigil_export_filter_check(filter, err);
	if (s == VIGIL_OK && filter->mrn)
		s = vigil_patient_get(session, filter->mrn, &p, err);
	if (s == VIGIL_OK)
		s = obs_blocks(&o, set, filter, err);
	if (s == VIGIL_OK)
		s = patients_load(session, &o.ward, err);
	if (s == VIGIL_OK && (s = export_job_open(session, dest, &o.job, err)) == VIGIL_OK) {
		char what[512];
		s = obs_run(session, &o, filter, err);
		describe(filter, filter->scale ? o.blocks[0].scale->key : NULL, what, sizeof what);
		size_t n = o.job.rows;
		s = export_job_finish(session, &o.job, what, s, err);
		if (s == VIGIL_OK && rows)
			*rows = n;
	}
	free(o.blocks);
	free(o.ward.v);
	return s;
}

/* ---- chart entries: doses, vital signs, notes -------------------------- */

static const char *const dose_columns[] = {
	"id", "mrn", "name", "bed", "given_at", "drug", "amount", "unit", "route", "kind", "reason",
	"note", "given_by", "entered_at", "entered_by", "late", "status", "supersedes",
	"amend_reason", "void_reason", NULL
};

static const char *const vitals_columns[] = {
	"id", "mrn", "name", "bed", "taken_at", "hr", "sys", "dia", "temp", "rr", "spo2", "flags",
	"assessment", "note", "taken_by", "entered_at", "entered_by", "late", "status", "supersedes",
	"amend_reason", "void_reason", NULL
};

static const char *const note_columns[] = {
	"id", "mrn", "name", "bed", "written_at", "text", "written_by", "entered_at", "entered_by",
	"late", "status", "supersedes", "amend_reason", "void_reason", NULL
};

struct chart_job {
	struct export_job job;
	const vigil_protocols *protocols; /* the vital signs' flags */
	vigil_chart_kind kind;
	struct ward_patients ward;        /* name and bed */
};

/* "D12": an entry as vigil names it, or empty for none. */
static void put_entry_name(csv_out *w, vigil_chart_kind kind, int64_t id)
{
	char name[32];
	if (!id) {
		csvout_empty(w);
		return;
	}
	vigil_chart_entry_name(kind, id, name, sizeof name);
	csvout_text(w, name);
}

/* id, mrn, name, bed: the patient's bed now (or when they left). */
static void put_entry_head(struct chart_job *c, const vigil_chart_entry *e)
{
	csv_out *w = &c->job.out;
	const vigil_patient *p = patient_of(&c->ward, e->patient_id);
	put_entry_name(w, e->kind, e->id);
	csvout_text(w, e->mrn);
	csvout_text(w, p ? p->name : "");
	csvout_text(w, p ? p->bed : "");
	put_time(w, e->at);
}

/* entered_at ... void_reason, as the observations have them. */
static void put_entry_tail(csv_out *w, const vigil_chart_entry *e)
{
	put_time(w, e->entered_at);
	csvout_text(w, e->entered_by);
	csvout_int(w, e->late);
	csvout_text(w, vigil_standing_key(vigil_standing_of(e->status, e->supersedes != 0)));
	put_entry_name(w, e->kind, e->supersedes);
	csvout_text(w, e->supersedes ? e->amend_reason : "");
	csvout_text(w, e->status == VIGIL_ASSESS_VOIDED ? e->correction_reason : "");
}

static void put_dose(csv_out *w, const vigil_chart_entry *e)
{
	char amount[VIGIL_AMOUNT_TEXT_MAX];
	vigil_amount_format(e->dose.amount, amount, sizeof amount);
	csvout_text(w, e->dose.drug);
	csvout_number(w, amount);
	csvout_text(w, e->dose.unit);
	csvout_text(w, e->dose.route);
	csvout_text(w, vigil_dose_kind_key(e->dose.kind));
	csvout_text(w, e->dose.reason);
	csvout_text(w, e->note);
	csvout_text(w, e->performer);
}

static void put_vitals(csv_out *w, const vigil_protocols *protocols, const vigil_chart_entry *e)
{
	const vigil_vitals *v = &e->vitals;
	char flags[512];
	for (int k = 0; k < VIGIL_VITAL_COUNT; k++) {
		if (!v->has[k])
			csvout_empty(w);
		else if (k == VIGIL_VITAL_TEMP)
			csvout_decimal(w, v->value[k] / 10.0);
		else
			csvout_int(w, v->value[k]);
	}
	vigil_vitals_flags(v, protocols, flags, sizeof flags);
	csvout_text(w, flags);
	if (v->assessment_id)
		csvout_int(w, v->assessment_id);
	else
		csvout_empty(w);
	csvout_text(w, e->note);
	csvout_text(w, e->performer);
}

static int write_chart_row(const vigil_chart_entry *e, void *ctx)
{
	struct chart_job *c = ctx;
	csv_out *w = &c->job.out;
	start_row(&c->job);
	put_entry_head(c, e);
	if (e->kind == VIGIL_CHART_DOSE) {
		put_dose(w, e);
	} else if (e->kind == VIGIL_CHART_VITALS) {
		put_vitals(w, c->protocols, e);
	} else {
		csvout_text(w, e->note);
		csvout_text(w, e->performer);
	}
	put_entry_tail(w, e);
	csvout_end_row(w);
	c->job.rows++;
	return w->errnum != 0;
}

/* "doses (patient M1, drug lorazepam, from ..., before ..., with amended
 * and entered-in-error)" for the audit log. */
static void describe_chart(const char *what, const vigil_export_filter *f, const char *drug,
                           char *buf, size_t size)
{
	char from[VIGIL_TIME_ISO_LEN] = "", to[VIGIL_TIME_ISO_LEN] = "";
	if (f->from)
		vigil_time_format_iso(f->from, from, sizeof from);
	if (f->to)
		vigil_time_format_iso(f->to, to, sizeof to);
	size_t len = (size_t)snprintf(buf, size, "%s", what);
	const char *sep = " (";
	const char *parts[][2] = {
		{ "patient ", f->mrn }, { "drug ", drug }, { "from ", f->from ? from : NULL },
		{ "before ", f->to ? to : NULL },
		{ "with amended and entered-in-error", f->all ? "" : NULL },
	};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0] && len < size; i++) {
		if (!parts[i][1])
			continue;
		len += (size_t)snprintf(buf + len, size - len, "%s%s%s", sep, parts[i][0], parts[i][1]);
		sep = ", ";
	}
	if (*sep == ',' && len < size)
		snprintf(buf + len, size - len, ")");
}

static vigil_status export_chart(vigil_session *session, const vigil_protocols *protocols,
                                 vigil_chart_kind kind, const char *const *columns,
                                 const vigil_export_filter *filter,
                                 const vigil_export_dest *dest, size_t *rows, vigil_error *err)
{
	struct chart_job c = { .protocols = protocols, .kind = kind };
	const char *drug = NULL;
	vigil_patient p;
	vigil_status s = vigil_require(session, VIGIL_ACT_EXPORT, err);
	/* Checked before the file is created, so a typo leaves nothing. */
	if (s == VIGIL_OK)
		s = vigil_export_filter_check(filter, err);
	if (s == VIGIL_OK && filter->mrn)
		s = vigil_patient_get(session, filter->mrn, &p, err);
	if (s == VIGIL_OK && kind == VIGIL_CHART_DOSE && filter->drug) {
		const vigil_drug *d;
		s = vigil_drugs_lookup(vigil_protocols_drugs(protocols), filter->drug, &d, err);
		drug = s == VIGIL_OK ? d->key : NULL;
	}
	if (s == VIGIL_OK)
		s = patients_load(session, &c.ward, err);
	if (s == VIGIL_OK && (s = export_job_open(session, dest, &c.job, err)) == VIGIL_OK) {
		static const char *const what[] = { [VIGIL_CHART_DOSE] = "doses",
			                            [VIGIL_CHART_VITALS] = "vital signs",
			                            [VIGIL_CHART_NOTE] = "notes",
			                            [VIGIL_CHART_LAST_USE] = "last use" };
		char detail[512];
		put_header(&c.job, columns);
		csvout_end_row(&c.job.out);
		vigil_chart_query q = { .mrn = filter->mrn, .kinds = 1u << kind, .drug = drug,
			                .from = filter->from, .to = filter->to, .all = filter->all,
			                .oldest_first = true };
		s = vigil_chart_each(session, &q, write_chart_row, &c, err);
		describe_chart(what[kind], filter, drug, detail, sizeof detail);
		size_t n = c.job.rows;
		s = export_job_finish(session, &c.job, detail, s, err);
		if (s == VIGIL_OK && rows)
			*rows = n;
	}
	free(c.ward.v);
	return s;
}

vigil_status vigil_export_doses(vigil_session *session, const vigil_protocols *protocols,
                                const vigil_export_filter *filter,
                                const vigil_export_dest *dest, size_t *rows, vigil_error *err)
{
	return export_chart(session, protocols, VIGIL_CHART_DOSE, dose_columns, filter, dest, rows,
	                    err);
}

vigil_status vigil_export_vitals(vigil_session *session, const vigil_protocols *protocols,
                                 const vigil_export_filter *filter,
                                 const vigil_export_dest *dest, size_t *rows, vigil_error *err)
{
	return export_chart(session, protocols, VIGIL_CHART_VITALS, vitals_columns, filter, dest,
	                    rows, err);
}

vigil_status vigil_export_notes(vigil_session *session, const vigil_export_filter *filter,
                                const vigil_export_dest *dest, size_t *rows, vigil_error *err)
{
	return export_chart(session, NULL, VIGIL_CHART_NOTE, note_columns, filter, dest, rows, err);
}

/* ---- the handover as text ---------------------------------------------- */

vigil_status vigil_export_handover(vigil_session *session, const vigil_protocols *protocols,
                                   const vigil_config *cfg, const vigil_shift *shifts,
                                   size_t nshifts, bool ascii, const vigil_export_dest *dest,
                                   size_t *patients, vigil_error *err)
{
	struct export_job job;
	vigil_status s = vigil_require(session, VIGIL_ACT_EXPORT, err);
	if (s == VIGIL_OK)
		s = export_job_open(session, dest, &job, err);
	if (s != VIGIL_OK)
		return s;
	job.noun = "patient";
	s = vigil_handover_print(session, protocols, cfg, shifts, nshifts, ascii, true,
	                         job.file.fp, &job.rows, err);
	char what[160];
	if (nshifts == 1)
		snprintf(what, sizeof what, "handover %s %s", shifts[0].name, shifts[0].date);
	else
		snprintf(what, sizeof what, "handover, %zu shifts from %s %s", nshifts,
		         nshifts ? shifts[0].name : "", nshifts ? shifts[0].date : "");
	size_t n = job.rows;
	s = export_job_finish(session, &job, what, s, err);
	if (s == VIGIL_OK && patients)
		*patients = n;
	return s;
}

/* ---- the witness ----------------------------------------------------- */

vigil_status vigil_witness_now(vigil_session *session, vigil_witness *out, vigil_error *err)
{
	memset(out, 0, sizeof *out);
	out->training = vigil_db_training(session->db);
	return vigil_audit_head_now(session->db, out->ward_key, sizeof out->ward_key, out->head,
	                            sizeof out->head, err);
}

const char *vigil_witness_key(const vigil_witness *w)
{
	return w->ward_key[0] ? w->ward_key : "none yet (no admin has logged in since the upgrade)";
}
