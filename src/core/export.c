/* export.c - the shift summary and observations as CSV (columns in
 * vigil-csv(5)), and the witness summaries and exports print. Each export
 * streams: one row in memory at a time. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "csvout.h"
#include "vigil/audit.h"
#include "vigil/db.h"
#include "vigil/export.h"

/* ---- what every export shares ---------------------------------------- */

struct job {
	csv_file file;
	csv_out out;
	size_t rows;
	bool training; /* every row starts with the training column */
};

static vigil_status job_open(vigil_session *session, const vigil_export_dest *dest,
                             struct job *job, vigil_error *err)
{
	memset(job, 0, sizeof *job);
	job->training = vigil_db_training(session->db);
	vigil_status s = csvfile_open(dest, &job->file, err);
	if (s == VIGIL_OK)
		csvout_init(&job->out, job->file.fp);
	return s;
}

static const char *job_name(const struct job *job)
{
	return job->file.path ? job->file.path : "standard output";
}

/* Finishes a job whose rows are all written: everything on disk, then the
 * audit entry, then the file in place. A file nobody has been told about
 * is never left behind; an audit failure removes the file. */
static vigil_status job_finish(vigil_session *session, struct job *job, const char *what,
                               vigil_status s, vigil_error *err)
{
	if (s == VIGIL_OK)
		s = csvout_finish(&job->out, job_name(job), err);
	if (s == VIGIL_OK)
		s = csvfile_sync(&job->file, err);
	if (s == VIGIL_OK) {
		const char *to = job_name(job);
		size_t n = strlen(what) + strlen(to) + 64;
		char *detail = malloc(n);
		if (!detail)
			s = vigil_fail(err, VIGIL_ENOMEM, "out of memory");
		else {
			snprintf(detail, n, "%s: %zu row%s to %s", what, job->rows,
			         job->rows == 1 ? "" : "s", to);
			s = vigil_audit_note(session, "export", detail, err);
			free(detail);
		}
	}
	if (s == VIGIL_OK && (s = csvfile_publish(&job->file, err)) != VIGIL_OK) {
		/* The log already says the file was written: say it did not land. */
		char detail[sizeof err->msg + 32];
		snprintf(detail, sizeof detail, "failed: %s", err->msg);
		vigil_audit_note(session, "export", detail, NULL);
	}
	csvfile_close(&job->file);
	csvout_free(&job->out);
	return s;
}

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
static void put_header(struct job *job, const char *const *names)
{
	if (job->training)
		csvout_text(&job->out, "training");
	for (; *names; names++)
		csvout_text(&job->out, *names);
}

static void start_row(struct job *job)
{
	if (job->training)
		csvout_text(&job->out, "TRAINING");
}

/* ---- shift summary --------------------------------------------------- */

static const char *const shift_columns[] = {
	"shift", "date", "bed", "mrn", "name", "scale", "assessments", "first", "last", "lowest",
	"highest", "mean", "last_band", "highest_at", "performers", "missed", "not_done", NULL
};

static int write_shift_row(const vigil_shift_row *r, void *ctx)
{
	struct job *job = ctx;
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
	csvout_end_row(w);
	job->rows++;
	return w->errnum != 0;
}

vigil_status vigil_export_shifts(vigil_session *session, const vigil_protocols *protocols,
                                 const vigil_shift *shifts, size_t nshifts,
                                 const vigil_export_dest *dest, size_t *rows, vigil_error *err)
{
	struct job job;
	vigil_status s = vigil_require(session, VIGIL_ACT_EXPORT, err);
	if (s == VIGIL_OK)
		s = job_open(session, dest, &job, err);
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
	s = job_finish(session, &job, what, s, err);
	if (s == VIGIL_OK && rows)
		*rows = n;
	return s;
}

/* ---- observations ---------------------------------------------------- */

static const char *const obs_columns[] = {
	"id", "mrn", "scale", "performed_at", "entered_at", "performer", "entered_by", "total",
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
	struct job job;
	const vigil_scales *scales; /* to tell the built-in definitions */
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

static void put_obs_fields(csv_out *w, const vigil_scales *set, const vigil_assessment *a)
{
	csvout_int(w, a->id);
	csvout_text(w, a->mrn);
	csvout_text(w, a->scale);
	put_time(w, a->performed_at);
	put_time(w, a->entered_at);
	csvout_text(w, a->performer);
	csvout_text(w, a->entered_by);
	csvout_int(w, a->total);
	csvout_int(w, a->max_total);
	csvout_text(w, a->band);
	csvout_text(w, vigil_assess_status_name(a->status));
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
	put_obs_fields(&o->job.out, o->scales, a);
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
	if (s == VIGIL_OK && filter->mrn)
		s = vigil_patient_get(session, filter->mrn, &p, err);
	if (s == VIGIL_OK)
		s = obs_blocks(&o, set, filter, err);
	if (s == VIGIL_OK && (s = job_open(session, dest, &o.job, err)) == VIGIL_OK) {
		char what[512];
		s = obs_run(session, &o, filter, err);
		describe(filter, filter->scale ? o.blocks[0].scale->key : NULL, what, sizeof what);
		size_t n = o.job.rows;
		s = job_finish(session, &o.job, what, s, err);
		if (s == VIGIL_OK && rows)
			*rows = n;
	}
	free(o.blocks);
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
