/* patient_data.c - what the patient screen reads: only what it shows
 * (patient_data.h). The list reads the timeline's newest rows a window at
 * a time: each of its three sources (the scale's assessments, its
 * not-done records, the chart's entries) newest first with a limit, then
 * merged by time and cut to the window; scrolling past the window reads a
 * larger one. The chart reads its span, the trend the newest four sets of
 * vital signs. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "patient_data.h"



/* Makes room for need elements of size in *v (capacity *cap). */
static bool grow(void **v, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return true;
	size_t c = *cap ? *cap : 64;
	while (c < need)
		c *= 2;
	void *p = realloc(*v, c * size);
	if (!p)
		return false;
	*v = p;
	*cap = c;
	return true;
}

void patient_cut_whole(char *buf)
{
	size_t n = strlen(buf), lead = n;
	while (lead > 0 && ((unsigned char)buf[lead - 1] & 0xc0) == 0x80)
		lead--;
	if (lead == 0 || (unsigned char)buf[lead - 1] < 0xc0)
		return; /* ends in ASCII, or nothing but continuations */
	unsigned char c = (unsigned char)buf[lead - 1];
	size_t want = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
	if (n - (lead - 1) < want)
		buf[lead - 1] = '\0';
}

bool patient_row_is(const struct hist_row *r, int kind, int64_t id)
{
	return r->kind == kind && r->id == id;
}

static vigil_time stay_end(const struct tui *t)
{
	const struct patient_state *s = t->patient;
	return s->p.discharged_at ? s->p.discharged_at : t->now;
}

vigil_time patient_stay(const struct tui *t)
{
	return stay_end(t) - t->patient->p.admitted_at;
}

void patient_chart_span(const struct tui *t, vigil_time *from, vigil_time *to)
{
	chart_zoom_span(t->patient->zoom, t->patient->p.admitted_at, stay_end(t), from, to);
}

/* ---- the list's rows -------------------------------------------------- */

/* A source's rows: the screen, and how many it gave against its limit. */
struct source {
	struct tui *t;
	size_t got, limit;
};

static struct hist_row *new_row(struct source *src)
{
	struct patient_state *s = src->t->patient;
	if (!grow((void **)&s->rows, &s->cap, s->n + 1, sizeof *s->rows)) {
		s->nomem = true;
		return NULL;
	}
	struct hist_row *r = &s->rows[s->n++];
	memset(r, 0, sizeof *r);
	src->got++;
	return r;
}

/* Whether a source has given its limit: stop, there may be more. */
static int full(struct source *src)
{
	return src->limit && src->got >= src->limit;
}

static int add_assessment(const vigil_assessment *a, void *ctx)
{
	struct hist_row *r = new_row(ctx);
	if (!r)
		return 1;
	r->id = a->id;
	r->at = a->performed_at;
	r->total = a->total;
	r->max_total = a->max_total;
	vigil_copy(r->band, sizeof r->band, a->band);
	vigil_copy(r->performer, sizeof r->performer, a->performer);
	r->status = a->status;
	r->late = a->late;
	r->supersedes = a->supersedes;
	r->has_note = a->note[0] != '\0';
	return full(ctx);
}

static int add_not_done(const vigil_not_done *nd, void *ctx)
{
	struct hist_row *r = new_row(ctx);
	if (!r)
		return 1;
	r->kind = ROW_NOT_DONE;
	r->id = nd->id;
	r->at = nd->performed_at;
	r->why = nd->why;
	vigil_copy(r->performer, sizeof r->performer, nd->performer);
	r->status = nd->status;
	r->late = nd->late;
	r->supersedes = nd->supersedes;
	r->has_note = nd->note[0] != '\0';
	return full(ctx);
}

/* A chart entry in the list's words: "lorazepam 1 mg PO PRN given",
 * "HR 130! BP 120/80" (flags marked), the note, "last used: fentanyl". */
static void chart_what(const vigil_chart_entry *e, const vigil_protocols *protocols, char *buf,
                       size_t size)
{
	char words[WHAT_MAX - 8]; /* with " given" */
	switch (e->kind) {
	case VIGIL_CHART_DOSE:
		vigil_dose_words(&e->dose, words, sizeof words);
		snprintf(buf, size, "%s given", words);
		break;
	case VIGIL_CHART_VITALS:
		vigil_vitals_words(&e->vitals, protocols, words, sizeof words);
		/* one space between values: the list is narrow */
		for (char *p = words; (p = strstr(p, "  ")) != NULL;)
			memmove(p, p + 1, strlen(p + 1) + 1);
		vigil_copy(buf, size, words);
		break;
	case VIGIL_CHART_NOTE: vigil_copy(buf, size, e->note); break;
	case VIGIL_CHART_LAST_USE: snprintf(buf, size, "last used: %s", e->substance); break;
	default: buf[0] = '\0'; break;
	}
	patient_cut_whole(buf);
}

/* A chart entry as a row (r zeroed). */
static void chart_row(struct tui *t, const vigil_chart_entry *e, struct hist_row *r)
{
	struct patient_state *s = t->patient;
	r->kind = ROW_CHART;
	r->ckind = (unsigned char)e->kind;
	r->id = e->id;
	r->at = e->at;
	vigil_copy(r->performer, sizeof r->performer, e->performer);
	r->status = e->status;
	r->late = e->late;
	r->supersedes = e->supersedes;
	r->has_note = e->kind != VIGIL_CHART_NOTE && e->note[0] != '\0';
	chart_what(e, t->protocols, r->what, sizeof r->what);
	if (e->kind == VIGIL_CHART_DOSE) {
		const vigil_drug *d = vigil_drugs_find(vigil_protocols_drugs(t->protocols), e->dose.drug);
		r->treats = d && vigil_drug_treats(d, s->scale->key);
	}
	if (e->kind == VIGIL_CHART_VITALS) {
		const vigil_vitals *v = &e->vitals;
		r->flagged = vigil_vitals_flagged(v, t->protocols, NULL, 0);
		r->hr = (short)(v->has[VIGIL_VITAL_HR] ? v->value[VIGIL_VITAL_HR] : 0);
		r->sys = (short)(v->has[VIGIL_VITAL_SYS] ? v->value[VIGIL_VITAL_SYS] : 0);
		r->dia = (short)(v->has[VIGIL_VITAL_DIA] ? v->value[VIGIL_VITAL_DIA] : 0);
	}
}

static int add_chart(const vigil_chart_entry *e, void *ctx)
{
	struct source *src = ctx;
	struct hist_row *r = new_row(src);
	if (!r)
		return 1;
	chart_row(src->t, e, r);
	return full(src);
}

/* Newest first; at the same time an assessment, then the chart's
 * entries, then not-done records; then the later entry first. */
static int by_time(const void *x, const void *y)
{
	static const int rank[] = { [ROW_ASSESSMENT] = 0, [ROW_CHART] = 1, [ROW_NOT_DONE] = 2 };
	const struct hist_row *a = x, *b = y;
	if (a->at != b->at)
		return a->at > b->at ? -1 : 1;
	if (a->kind != b->kind)
		return rank[a->kind] < rank[b->kind] ? -1 : 1;
	return a->id > b->id ? -1 : a->id < b->id;
}

/* The newest s->want rows of the timeline (every row when want is 0):
 * each source's newest want, merged; when a source had more, the merge is
 * cut to want (beyond it a row of that source could be missing). */
static vigil_status read_rows(struct tui *t, vigil_error *err)
{
	struct patient_state *s = t->patient;
	size_t want = s->want;
	struct source a = { t, 0, want }, nd = { t, 0, want }, ch = { t, 0, want };
	vigil_query q = { .mrn = s->p.mrn, .scale = s->scale->key, .all = true, .limit = want };
	vigil_not_done_query nq = { .mrn = s->p.mrn, .scale = s->scale->key, .all = true };
	vigil_chart_query cq = { .mrn = s->p.mrn, .all = true, .limit = want };
	s->n = 0;
	s->more = false;
	vigil_status st = vigil_assessment_query(&t->session, &q, add_assessment, &a, err);
	if (st == VIGIL_OK)
		st = vigil_not_done_query_each(&t->session, &nq, add_not_done, &nd, err);
	if (st == VIGIL_OK)
		st = vigil_chart_each(&t->session, &cq, add_chart, &ch, err);
	if (s->n)
		qsort(s->rows, s->n, sizeof *s->rows, by_time);
	s->more = full(&a) || full(&nd) || full(&ch);
	if (s->more && s->n > want)
		s->n = want;
	return st;
}

/* ---- checking against the audit log ------------------------------------ */

/* Ids waiting for the check, and what to mark when one differs. */
struct pending {
	int64_t *ids;
	unsigned char **audit; /* each id's mark */
	size_t n;
};

static int mark_changed(int64_t id, void *ctx)
{
	struct pending *p = ctx;
	for (size_t k = 0; k < p->n; k++)
		if (p->ids[k] == id)
			*p->audit[k] = AUDIT_CHANGED;
	return 0;
}

/* Checks the rows among rows[0..n) of one kind not checked yet: one query. */
static vigil_status check_rows(struct tui *t, struct hist_row *rows, size_t n, int kind,
                               vigil_error *err)
{
	struct pending p = { malloc((n ? n : 1) * sizeof *p.ids),
		             malloc((n ? n : 1) * sizeof *p.audit), 0 };
	vigil_status st = VIGIL_OK;
	if (!p.ids || !p.audit)
		st = vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	for (size_t i = 0; st == VIGIL_OK && i < n; i++) {
		if (rows[i].kind == kind && rows[i].audit == AUDIT_UNCHECKED) {
			p.ids[p.n] = rows[i].id;
			p.audit[p.n++] = &rows[i].audit;
			rows[i].audit = AUDIT_OK;
		}
	}
	if (st == VIGIL_OK && p.n)
		st = kind == ROW_CHART
		             ? vigil_chart_tampered(&t->session, p.ids, p.n, mark_changed, &p, err)
		             : vigil_assessment_tampered(&t->session, kind == ROW_NOT_DONE, p.ids, p.n,
		                                         mark_changed, &p, err);
	for (size_t k = 0; st != VIGIL_OK && k < p.n; k++)
		*p.audit[k] = AUDIT_UNCHECKED; /* tried again next time */
	free(p.ids);
	free(p.audit);
	return st;
}

static vigil_status check_all_kinds(struct tui *t, struct hist_row *rows, size_t n,
                                    vigil_error *err)
{
	vigil_status st = VIGIL_OK;
	for (int kind = ROW_ASSESSMENT; st == VIGIL_OK && kind <= ROW_CHART; kind++)
		st = check_rows(t, rows, n, kind, err);
	return st;
}

void patient_data_check(struct tui *t, size_t first, size_t count)
{
	struct patient_state *s = t->patient;
	vigil_error err;
	if (first >= s->n)
		return;
	if (count > s->n - first)
		count = s->n - first;
	if (check_all_kinds(t, s->rows + first, count, &err) != VIGIL_OK)
		tui_error(t, "%s", err.msg);
}

/* Drops the ids (and their values) that mark_ids found changed. */
struct id_marks {
	const int64_t *ids;
	size_t n;
	bool *changed;
};

static int mark_id(int64_t id, void *ctx)
{
	struct id_marks *m = ctx;
	for (size_t k = 0; k < m->n; k++)
		if (m->ids[k] == id)
			m->changed[k] = true;
	return 0;
}

/* ---- the chart's span ---------------------------------------------- */

static int add_point(const vigil_assessment *a, void *ctx)
{
	struct patient_state *s = ctx;
	if (!grow((void **)&s->points, &s->pcap, s->npoints + 1, sizeof *s->points) ||
	    !grow((void **)&s->point_ids, &s->picap, s->npoints + 1, sizeof *s->point_ids)) {
		s->nomem = true;
		return 1;
	}
	s->point_ids[s->npoints] = a->id;
	s->points[s->npoints++] = (chart_point){ a->performed_at, a->total };
	return 0;
}

static int add_dose(const vigil_chart_entry *e, void *ctx)
{
	struct tui *t = ctx;
	struct patient_state *s = t->patient;
	const vigil_drug *d = vigil_drugs_find(vigil_protocols_drugs(t->protocols), e->dose.drug);
	if (!d || !vigil_drug_treats(d, s->scale->key))
		return 0;
	if (!grow((void **)&s->doses, &s->dcap, s->ndoses + 1, sizeof *s->doses) ||
	    !grow((void **)&s->dose_ids, &s->dicap, s->ndoses + 1, sizeof *s->dose_ids)) {
		s->nomem = true;
		return 1;
	}
	s->dose_ids[s->ndoses] = e->id;
	s->doses[s->ndoses++] = e->at;
	return 0;
}

/* Keeps, of n values (and their ids: chart entries or assessments),
 * those the audit log does not disown. */
static vigil_status keep_checked(struct tui *t, bool entries, int64_t *ids, void *values,
                                 size_t size, size_t *n, vigil_error *err)
{
	bool *changed = calloc(*n ? *n : 1, sizeof *changed);
	struct id_marks m = { ids, *n, changed };
	if (!changed)
		return vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	vigil_status st = !*n ? VIGIL_OK
	                  : entries ? vigil_chart_tampered(&t->session, ids, *n, mark_id, &m, err)
	                          : vigil_assessment_tampered(&t->session, false, ids, *n, mark_id,
	                                                      &m, err);
	size_t kept = 0;
	for (size_t i = 0; i < *n; i++) {
		if (changed[i] || st != VIGIL_OK)
			continue; /* nothing unchecked is drawn */
		ids[kept] = ids[i];
		memmove((char *)values + kept * size, (char *)values + i * size, size);
		kept++;
	}
	*n = kept;
	free(changed);
	return st;
}

/* The current assessments of the scale shown and the doses of a drug
 * that treats it, over the chart's span, checked. */
static vigil_status read_span(struct tui *t, vigil_error *err)
{
	struct patient_state *s = t->patient;
	vigil_time from, to;
	patient_chart_span(t, &from, &to);
	s->npoints = s->ndoses = 0;
	s->span_from = from;
	vigil_query q = { .mrn = s->p.mrn, .scale = s->scale->key, .from = from };
	vigil_chart_query cq = { .mrn = s->p.mrn, .kinds = 1u << VIGIL_CHART_DOSE, .from = from };
	vigil_status st = vigil_assessment_query(&t->session, &q, add_point, s, err);
	if (st == VIGIL_OK)
		st = vigil_chart_each(&t->session, &cq, add_dose, t, err);
	if (st == VIGIL_OK)
		st = keep_checked(t, false, s->point_ids, s->points, sizeof *s->points, &s->npoints,
		                  err);
	if (st == VIGIL_OK)
		st = keep_checked(t, true, s->dose_ids, s->doses, sizeof *s->doses, &s->ndoses, err);
	return st;
}

/* Whether any dose of a drug that treats the scale is on the chart or
 * the list: the chart keeps a row for the marks. */
static void find_dose_marks(struct patient_state *s)
{
	s->has_dose_marks = s->ndoses > 0;
	for (size_t i = 0; i < s->n && !s->has_dose_marks; i++)
		s->has_dose_marks = s->rows[i].kind == ROW_CHART && s->rows[i].treats;
}

void patient_data_span(struct tui *t)
{
	struct patient_state *s = t->patient;
	vigil_time from, to;
	vigil_error err;
	patient_chart_span(t, &from, &to);
	if (s->span_from <= from)
		return; /* read from then on: a narrower zoom, or the clock moving on */
	if (read_span(t, &err) != VIGIL_OK)
		tui_error(t, "%s", err.msg);
	find_dose_marks(s);
}

/* ---- the vital signs' trend ------------------------------------------ */

static int add_trend(const vigil_chart_entry *e, void *ctx)
{
	struct tui *t = ctx;
	struct patient_state *s = t->patient;
	struct hist_row *r = &s->trend[s->ntrend++];
	memset(r, 0, sizeof *r);
	chart_row(t, e, r);
	return s->ntrend == TREND_MAX;
}

static vigil_status read_trend(struct tui *t, vigil_error *err)
{
	struct patient_state *s = t->patient;
	vigil_chart_query q = { .mrn = s->p.mrn, .kinds = 1u << VIGIL_CHART_VITALS,
		                .limit = TREND_MAX };
	s->ntrend = 0;
	vigil_status st = vigil_chart_each(&t->session, &q, add_trend, t, err);
	return st == VIGIL_OK ? check_rows(t, s->trend, s->ntrend, ROW_CHART, err) : st;
}

/* ---- the rest: state, readiness, Tab's scales, the selected record ---- */

void patient_data_detail(struct tui *t)
{
	struct patient_state *s = t->patient;
	vigil_error err;
	vigil_status st;
	s->has_detail = false;
	if (s->sel >= s->n)
		return;
	const struct hist_row *r = &s->rows[s->sel];
	if (r->kind == ROW_NOT_DONE)
		st = vigil_not_done_get(&t->session, r->id, &s->nd_detail, &err);
	else if (r->kind == ROW_CHART)
		st = vigil_chart_get(&t->session, r->id, &s->cdetail, &err);
	else
		st = vigil_assessment_get(&t->session, r->id, &s->detail, &err);
	if (st != VIGIL_OK) {
		s->detail_err = err;
		tui_error(t, "%s", err.msg);
	} else {
		s->has_detail = true;
	}
}

static bool is_active(const struct patient_state *s, const vigil_scale *scale)
{
	for (size_t i = 0; s->has_st && i < s->st.nscales; i++)
		if (s->st.scales[i].def == scale)
			return true;
	return false;
}

/* Adds a scale the patient was assessed on to what Tab goes through,
 * when it is not there already (an active one). */
static int add_had(const char *key, void *ctx)
{
	struct tui *t = ctx;
	struct patient_state *s = t->patient;
	const vigil_scale *sc = vigil_scales_find(t->scales, key);
	if (!sc || is_active(s, sc))
		return 0;
	if (s->norder == sizeof s->order / sizeof s->order[0])
		return 1;
	s->order[s->norder++] = sc;
	return 0;
}

/* The scales Tab goes through: the active ones, then any other the
 * patient was ever assessed on (found on the index, one look-up a scale);
 * none when the patient has had none. */
static void load_order(struct tui *t)
{
	struct patient_state *s = t->patient;
	size_t max = sizeof s->order / sizeof s->order[0];
	vigil_error err;
	s->norder = 0;
	for (size_t i = 0; s->has_st && i < s->st.nscales && s->norder < max; i++)
		s->order[s->norder++] = s->st.scales[i].def;
	if (vigil_patient_scales_assessed(&t->session, &s->p, add_had, t, &err) != VIGIL_OK)
		tui_error(t, "%s", err.msg);
}

/* Each active scale's last score is checked on its own (a few records),
 * so the scale lines never show a forged one either. */
static void check_last_scores(struct tui *t)
{
	struct patient_state *s = t->patient;
	int64_t ids[VIGIL_ACTIVE_MAX];
	bool changed[VIGIL_ACTIVE_MAX] = { false };
	size_t n = 0;
	vigil_error err;
	for (size_t i = 0; i < s->st.nscales && i < VIGIL_ACTIVE_MAX; i++)
		if (s->st.scales[i].has_last)
			ids[n++] = s->st.scales[i].last_id;
	struct id_marks m = { ids, n, changed };
	bool ok = !n || vigil_assessment_tampered(&t->session, false, ids, n, mark_id, &m, &err) ==
	                        VIGIL_OK;
	for (size_t i = 0, k = 0; i < s->st.nscales && i < VIGIL_ACTIVE_MAX; i++) {
		bool has = s->st.scales[i].has_last;
		s->last_tampered[i] = has && (!ok || changed[k]);
		k += has;
	}
}

/* Induction readiness and the doses at a protocol's 24-hour maximum,
 * from the state just loaded. */
static vigil_status load_support(struct tui *t, vigil_error *err)
{
	struct patient_state *s = t->patient;
	vigil_status st = vigil_readiness_get(&t->session, &s->st, t->now, &s->ready, err);
	if (st == VIGIL_OK)
		st = vigil_dose_caps(&t->session, t->protocols, &s->p, t->now, &s->caps, err);
	return st;
}

static void select_kept(struct tui *t, int kind, int64_t id)
{
	struct patient_state *s = t->patient;
	s->sel = 0;
	for (size_t i = 0; id && i < s->n; i++)
		if (patient_row_is(&s->rows[i], kind, id))
			s->sel = i;
}

void patient_data_load(struct tui *t)
{
	struct patient_state *s = t->patient;
	vigil_error err;
	int keep_kind = s->sel < s->n ? s->rows[s->sel].kind : ROW_ASSESSMENT;
	int64_t keep = s->sel < s->n ? s->rows[s->sel].id : 0;
	/* Enough rows that the one selected stays read (a new one above it). */
	if (s->want && s->want < s->sel + PATIENT_WINDOW)
		s->want = s->sel + PATIENT_WINDOW;
	s->n = s->npoints = s->ndoses = s->ntrend = 0;
	s->nomem = false;
	memset(&s->ready, 0, sizeof s->ready);
	memset(&s->caps, 0, sizeof s->caps);
	/* One snapshot for the whole screen: its parts agree, and the file's
	 * locks are taken once (if it cannot begin, each read stands alone). */
	bool snapshot = false;
	vigil_db_read_begin(t->db, &snapshot, NULL);
	s->has_st = vigil_patient_get(&t->session, s->p.mrn, &s->p, &err) == VIGIL_OK &&
	            vigil_patient_state_load(&t->session, t->protocols, &s->p, &s->st, &err) ==
	                    VIGIL_OK;
	if (s->has_st)
		check_last_scores(t);
	if (!s->has_st || load_support(t, &err) != VIGIL_OK || read_rows(t, &err) != VIGIL_OK ||
	    read_span(t, &err) != VIGIL_OK || read_trend(t, &err) != VIGIL_OK)
		tui_error(t, "%s", err.msg);
	else if (s->nomem)
		tui_error(t, "out of memory: only the first %zu entries read are shown", s->n);
	vigil_db_read_end(t->db, snapshot);
	find_dose_marks(s);
	load_order(t);
	select_kept(t, keep_kind, keep);
	patient_data_detail(t);
}

bool patient_data_reach(struct tui *t, size_t need)
{
	struct patient_state *s = t->patient;
	vigil_error err;
	if (need < s->n || !s->more)
		return need < s->n;
	int kind = s->sel < s->n ? s->rows[s->sel].kind : ROW_ASSESSMENT;
	int64_t id = s->sel < s->n ? s->rows[s->sel].id : 0;
	size_t want = s->want * 2;
	s->want = need == SIZE_MAX ? 0 : want > need + PATIENT_WINDOW ? want : need + PATIENT_WINDOW;
	s->nomem = false;
	if (read_rows(t, &err) != VIGIL_OK)
		tui_error(t, "%s", err.msg);
	else if (s->nomem)
		tui_error(t, "out of memory: only the first %zu entries read are shown", s->n);
	find_dose_marks(s);
	select_kept(t, kind, id);
	return need < s->n;
}
