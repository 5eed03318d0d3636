/* cmd_assess.c - record, history, show, amend, void */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "vigil/assessment.h"
#include "vigil/chart.h"
#include "vigil/due.h"
#include "vigil/legend.h"

#define MAX_WORDS (VIGIL_ITEMS_MAX + 2)
/* The history's band column: "no active withdrawal" whole. */
#define BAND_WIDTH 20

/* The words that are vital signs the scale has no item for (CIWA-Ar's
 * hr and bp; COWS's hr stays its pulse measurement) go to vitals, the
 * rest to sheet_words. */
static void split_words(const vigil_scale *scale, const char *const *words, size_t n,
                        const char **sheet_words, size_t *nsheet, const char **vitals,
                        size_t *nvitals)
{
	*nsheet = *nvitals = 0;
	for (size_t i = 0; i < n; i++) {
		char key[VIGIL_ITEM_KEY_MAX + 1] = "";
		const char *eq = strchr(words[i], '=');
		if (eq && (size_t)(eq - words[i]) < sizeof key)
			memcpy(key, words[i], (size_t)(eq - words[i]));
		bool vital = cli_is_vital_key(words[i]) && !vigil_scale_item(scale, key, NULL) &&
		             !vigil_scale_raw_item(scale, key, NULL);
		if (vital)
			vitals[(*nvitals)++] = words[i];
		else
			sheet_words[(*nsheet)++] = words[i];
	}
}

static int take_first(const vigil_chart_entry *e, void *ctx)
{
	*(vigil_chart_entry *)ctx = *e;
	return 1;
}

/* After an assessment's score: the doses the protocol allows for it
 * (decision support, never an order), and the vital signs typed beside
 * the sheet, as stored with it. */
static int print_after_score(vigil_session *session, const vigil_scales *scales,
                             const char *mrn, int64_t id, const vigil_scale *scale, int total,
                             bool vitals)
{
	vigil_protocols *protocols;
	vigil_chart_entry e = { .id = 0 };
	vigil_chart_query q = { .mrn = mrn, .kinds = 1u << VIGIL_CHART_VITALS,
		                .assessment_id = id, .limit = 1 };
	vigil_time now;
	vigil_error err;
	int rc = cli_protocols_load(session, scales, &protocols);
	if (rc != EXIT_OK)
		return rc;
	const vigil_protocol *p = vigil_protocols_find(protocols, scale->key);
	const vigil_dose_range *range = p ? vigil_protocol_dose_range(p, total) : NULL;
	if (range) {
		char words[VIGIL_DOSE_WORDS_MAX];
		vigil_protocol_dose_range_words(p, scale, range, words, sizeof words);
		printf("the protocol's doses (decision support): %s\n", words);
	}
	if (vitals && (vigil_chart_each(session, &q, take_first, &e, &err) != VIGIL_OK ||
	               vigil_clock_now(&now, &err) != VIGIL_OK))
		rc = cli_fail(&err);
	else if (vitals && e.id)
		cli_chart_print_saved(&e, protocols, now);
	vigil_protocols_free(protocols);
	return rc;
}

int cmd_record(struct cli *cli, int argc, char **argv)
{
	const char *at_text = NULL, *reason = NULL, *note = NULL, *pos[MAX_WORDS + 1];
	size_t npos;
	const struct cli_option options[] = { { "--at", &at_text, NULL },
		                              { "--reason", &reason, NULL },
		                              { "--note", &note, NULL },
		                              { NULL, NULL, NULL } };
	int rc = cli_parse(cli, argc, argv, options, pos, MAX_WORDS + 1, &npos);
	if (rc != EXIT_OK)
		return rc;
	if (npos < 1)
		return cli_usage_error(cli, "missing MRN");
	if (npos < 2)
		return cli_usage_error(cli, "missing SCALE");
	if (npos < 3)
		return cli_usage_error(cli, "missing ITEM=SCORE");
	vigil_record_input in = { .mrn = pos[0], .reason = reason, .note = note };
	if ((rc = cli_parse_time(at_text, "--at", &in.performed_at)) != EXIT_OK)
		return rc;
	vigil_scales *scales;
	if ((rc = cli_load_scales(&scales)) != EXIT_OK)
		return rc;
	const vigil_scale *scale;
	vigil_error err;
	vigil_sheet sheet;
	vigil_session session = { 0 };
	const char *sheet_words[MAX_WORDS + 1], *vital_words[MAX_WORDS + 1];
	size_t nsheet, nvitals;
	char copies[MAX_WORDS + 1][CLI_VITAL_WORD_BYTES];
	vigil_vitals_input vitals = { .mrn = pos[0] };
	vigil_vitals checked;
	/* Scores and vital signs are checked before the password is asked, so
	 * a typo costs nothing. */
	if (vigil_scales_lookup(scales, pos[1], &scale, &err) != VIGIL_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	split_words(scale, pos + 2, npos - 2, sheet_words, &nsheet, vital_words, &nvitals);
	vigil_sheet_init(&sheet, scale);
	int total;
	const vigil_band *band;
	if ((rc = cli_fill_sheet(&sheet, sheet_words, nsheet)) != EXIT_OK)
		goto out;
	if (vigil_sheet_total(&sheet, &total, &band, &err) != VIGIL_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	if (nvitals) {
		if ((rc = cli_vital_words(vital_words, nvitals, copies, &vitals)) != EXIT_OK)
			goto out;
		if (vigil_vitals_check(&vitals, &checked, &err) != VIGIL_OK) {
			rc = cli_fail(&err);
			goto out;
		}
		in.vitals = &vitals;
	}
	if ((rc = cli_login(cli, &session)) != EXIT_OK)
		goto out;
	in.sheet = &sheet;
	int64_t id;
	if (vigil_assessment_record(&session, &in, &id, &err) == VIGIL_OK) {
		printf("assessment %lld\n", (long long)id);
		cli_print_result(scale, total, band);
		rc = print_after_score(&session, scales, pos[0], id, scale, total, nvitals > 0);
	} else {
		rc = cli_fail(&err);
	}
	cli_logout(&session);
out:
	vigil_scales_free(scales);
	return rc;
}

/* Not-done records and chart entries, newest first, printed among the
 * assessments by time. */
struct not_done_list {
	vigil_not_done *rows;
	size_t n, cap, next;
	bool nomem;
};

struct chart_list {
	vigil_chart_entry *rows;
	size_t n, cap, next;
	bool nomem;
};

struct history {
	const vigil_scales *scales;
	const vigil_protocols *protocols;
	size_t rows;
	char marks[8];         /* the legend's marks shown, for the lines under the list */
	bool any_other_definition;
	bool any_flagged;
	struct not_done_list *nd;
	struct chart_list *chart;
};

static int keep_not_done(const vigil_not_done *nd, void *ctx)
{
	struct not_done_list *l = ctx;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		vigil_not_done *rows = realloc(l->rows, cap * sizeof *rows);
		if (!rows) {
			l->nomem = true;
			return 1;
		}
		l->rows = rows;
		l->cap = cap;
	}
	l->rows[l->n++] = *nd;
	return 0;
}

static int keep_chart(const vigil_chart_entry *e, void *ctx)
{
	struct chart_list *l = ctx;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		vigil_chart_entry *rows = realloc(l->rows, cap * sizeof *rows);
		if (!rows) {
			l->nomem = true;
			return 1;
		}
		l->rows = rows;
		l->cap = cap;
	}
	l->rows[l->n++] = *e;
	return 0;
}

static void print_header(struct history *h)
{
	if (h->rows == 0)
		printf("%5s %-16s %3s %-7s %5s %-*s %s\n", "ID", "PERFORMED", "", "SCALE", "TOTAL",
		       BAND_WIDTH, "BAND", "BY");
}

/* A row's start: its id, when it was performed and beside it the
 * legend's marks (legend.h: late, corrected/amended/entered in error, a
 * note), each remembered for the legend under the list. */
static void print_lead(struct history *h, const char *id, vigil_time at, bool late,
                       vigil_assess_status status, bool corrects, bool has_note)
{
	char when[VIGIL_TIME_LOCAL_LEN], marks[VIGIL_MARKS_LEN];
	vigil_time_format_local(at, when, sizeof when);
	vigil_marks(late, vigil_standing_of(status, corrects), has_note, marks);
	print_header(h);
	printf("%5s %s %s ", id, when, marks);
	for (const char *m = marks; *m; m++) {
		size_t len = strlen(h->marks);
		if (*m != ' ' && !strchr(h->marks, *m) && len + 1 < sizeof h->marks) {
			h->marks[len] = *m;
			h->marks[len + 1] = '\0';
		}
	}
}

/* The performer, last on the line: cut to width, never padded. */
static void print_by(const char *performer)
{
	if (cli_text_width(performer) <= 10)
		cli_put_text(performer);
	else
		cli_put_cell(performer, 10);
	putchar('\n');
}

/* "N3" rows: a reassessment not done, and why, in place of a total. */
static void print_not_done_row(struct history *h, const vigil_not_done *nd)
{
	char id[24];
	const vigil_scale *s = vigil_scales_find(h->scales, nd->scale);
	snprintf(id, sizeof id, "N%lld", (long long)nd->id);
	print_lead(h, id, nd->performed_at, nd->late, nd->status, nd->supersedes != 0, *nd->note);
	cli_put_cell(s ? s->name : nd->scale, 7);
	printf(" %5s ", "-");
	char what[40];
	snprintf(what, sizeof what, "not done %s", vigil_not_done_why_name(nd->why));
	cli_put_cell(what, BAND_WIDTH);
	putchar(' ');
	print_by(nd->performer);
	h->rows++;
}

/* The columns of scale, total and band together, and where they start. */
#define CHART_WHAT_WIDTH (14 + BAND_WIDTH)
#define WHAT_X 27

/* "D12" rows: a dose given, vital signs (flagged values with '!'), a note
 * or a last use, in the columns of scale, total and band; cut there with
 * '~' when longer, and then whole on lines of their own below. */
static void print_chart_row(struct history *h, const vigil_chart_entry *e)
{
	char name[24], what[VIGIL_TEXT_BYTES(VIGIL_NOTE_MAX) + 16];
	vigil_chart_entry_name(e->kind, e->id, name, sizeof name);
	cli_chart_what(e, h->protocols, what, sizeof what);
	bool fits = cli_text_width(what) <= CHART_WHAT_WIDTH;
	/* A note's text is what the row shows: its mark is for a note beside
	 * a record. */
	print_lead(h, name, e->at, e->late, e->status, e->supersedes != 0,
	           e->kind != VIGIL_CHART_NOTE && *e->note);
	cli_put_cell(what, CHART_WHAT_WIDTH);
	putchar(' ');
	print_by(e->performer);
	if (!fits) /* whole, below, within 79 columns */
		cli_put_wrapped(what, WHAT_X, 79 - WHAT_X);
	h->rows++;
	h->any_flagged |= e->kind == VIGIL_CHART_VITALS &&
	                  vigil_vitals_flagged(&e->vitals, h->protocols, NULL, 0);
}

/* Not-done records performed at or after t, and chart entries after t
 * (one at the time of an assessment, such as the vital signs taken with
 * it, follows it), newest first. */
static void flush_rows(struct history *h, vigil_time t)
{
	struct not_done_list *l = h->nd;
	struct chart_list *c = h->chart;
	for (;;) {
		const vigil_not_done *nd = l && l->next < l->n && l->rows[l->next].performed_at >= t
		                                   ? &l->rows[l->next]
		                                   : NULL;
		const vigil_chart_entry *e = c && c->next < c->n && c->rows[c->next].at > t
		                                     ? &c->rows[c->next]
		                                     : NULL;
		if (nd && (!e || nd->performed_at >= e->at)) {
			print_not_done_row(h, nd);
			l->next++;
		} else if (e) {
			print_chart_row(h, e);
			c->next++;
		} else {
			return;
		}
	}
}

/* One line of at most 79 columns: id, time and the legend's marks,
 * scale, total, band, performer. */
static int print_history_row(const vigil_assessment *a, void *ctx)
{
	struct history *h = ctx;
	char total[16], id[24];
	const vigil_scale *s = vigil_scales_find(h->scales, a->scale);
	snprintf(total, sizeof total, "%d/%d", a->total, a->max_total);
	snprintf(id, sizeof id, "%lld", (long long)a->id);
	flush_rows(h, a->performed_at);
	print_lead(h, id, a->performed_at, a->late, a->status, a->supersedes != 0, *a->note);
	/* "COWS^": scored with a definition other than the built-in one. */
	char name[VIGIL_SCALE_KEY_MAX + 2];
	bool other = !vigil_scales_builtin_definition(h->scales, a->scale, a->definition);
	snprintf(name, sizeof name, "%s%s", s ? s->name : a->scale, other ? "^" : "");
	cli_put_cell(name, 7);
	printf(" %5s ", total);
	/* The scale's own words for the band ("no active withdrawal"); the
	 * CSV keeps the key. */
	char band[VIGIL_BAND_WORDS_MAX];
	cli_put_cell(*a->band ? vigil_scale_band_words(s, a->band, band, sizeof band) : "-",
	             BAND_WIDTH);
	putchar(' ');
	print_by(a->performer);
	h->rows++;
	h->any_other_definition |= other;
	return 0;
}

static void print_legend(const struct history *h)
{
	if (h->rows == 0)
		printf("(no assessments)\n");
	/* The legend's marks shown, in the legend's order and words. */
	size_t n;
	const vigil_legend_entry *legend = vigil_legend(&n);
	for (size_t i = 0; i < n; i++)
		if (strchr(h->marks, legend[i].mark))
			printf("%c %s\n", legend[i].mark, legend[i].meaning);
	if (h->rows && h->any_other_definition)
		printf("^ scored with a definition other than this vigil's built-in one "
		       "(vigil show ID names it)\n");
	if (h->any_flagged)
		printf("! outside a protocol's limits for vital signs\n");
}

/* Everything the history shows, collected and printed newest first. */
static vigil_status history_rows(vigil_session *session, const char *mrn,
                                 const vigil_scale *only, bool all, struct history *h,
                                 vigil_error *err)
{
	vigil_query q = { .mrn = mrn, .scale = only ? only->key : NULL, .all = all };
	vigil_not_done_query nq = { .mrn = mrn, .scale = q.scale, .all = all };
	/* --scale shows that scale's assessments alone, no chart rows. */
	vigil_chart_query cq = { .mrn = mrn, .all = all };
	vigil_status s = vigil_not_done_query_each(session, &nq, keep_not_done, h->nd, err);
	if (s == VIGIL_OK && h->nd->nomem)
		s = vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	if (s == VIGIL_OK && !only)
		s = vigil_chart_each(session, &cq, keep_chart, h->chart, err);
	if (s == VIGIL_OK && h->chart->nomem)
		s = vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	if (s == VIGIL_OK)
		s = vigil_assessment_query(session, &q, print_history_row, h, err);
	if (s == VIGIL_OK)
		flush_rows(h, 0);
	return s;
}

int cmd_history(struct cli *cli, int argc, char **argv)
{
	const char *scale = NULL, *pos[1];
	bool all = false;
	size_t npos;
	const struct cli_option options[] = {
		{ "--scale", &scale, NULL }, { "--all", NULL, &all }, { NULL, NULL, NULL }
	};
	int rc = cli_parse(cli, argc, argv, options, pos, 1, &npos);
	if (rc != EXIT_OK)
		return rc;
	if (npos != 1)
		return cli_usage_error(cli, "missing MRN");
	vigil_scales *scales;
	if ((rc = cli_load_scales(&scales)) != EXIT_OK)
		return rc;
	vigil_error err;
	const vigil_scale *only = NULL;
	vigil_session session = { 0 };
	vigil_protocols *protocols = NULL;
	if (scale && vigil_scales_lookup(scales, scale, &only, &err) != VIGIL_OK) {
		rc = cli_fail(&err);
	} else if ((rc = cli_login(cli, &session)) == EXIT_OK) {
		struct not_done_list nd = { 0 };
		struct chart_list chart = { 0 };
		struct history h = { .scales = scales, .nd = &nd, .chart = &chart };
		if (!only && (rc = cli_protocols_load(&session, scales, &protocols)) == EXIT_OK)
			h.protocols = protocols;
		if (rc == EXIT_OK && history_rows(&session, pos[0], only, all, &h, &err) != VIGIL_OK)
			rc = cli_fail(&err);
		if (rc == EXIT_OK)
			print_legend(&h);
		free(nd.rows);
		free(chart.rows);
		vigil_protocols_free(protocols);
		cli_logout(&session);
	}
	vigil_scales_free(scales);
	return rc;
}
