/* cmd_assess.c - record, history, show, amend, void */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "vigil/assessment.h"
#include "vigil/due.h"

#define MAX_WORDS (VIGIL_ITEMS_MAX + 2)

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
	/* Scores are checked before the password is asked, so a typo costs
	 * nothing. */
	if (vigil_scales_lookup(scales, pos[1], &scale, &err) != VIGIL_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	vigil_sheet_init(&sheet, scale);
	int total;
	const vigil_band *band;
	if ((rc = cli_fill_sheet(&sheet, pos + 2, npos - 2)) != EXIT_OK)
		goto out;
	if (vigil_sheet_total(&sheet, &total, &band, &err) != VIGIL_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	if ((rc = cli_login(cli, &session)) != EXIT_OK)
		goto out;
	in.sheet = &sheet;
	int64_t id;
	if (vigil_assessment_record(&session, &in, &id, &err) == VIGIL_OK) {
		printf("assessment %lld\n", (long long)id);
		cli_print_result(scale, total, band);
	} else {
		rc = cli_fail(&err);
	}
	cli_logout(&session);
out:
	vigil_scales_free(scales);
	return rc;
}

/* Not-done records, newest first, printed among the assessments. */
struct not_done_list {
	vigil_not_done *rows;
	size_t n, cap, next;
	bool nomem;
};

struct history {
	const vigil_scales *scales;
	size_t rows;
	bool any_late;
	bool any_other_definition;
	struct not_done_list *nd;
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

static void print_header(struct history *h)
{
	if (h->rows == 0)
		printf("%5s %-17s %-7s %5s %-17s %-10s %s\n", "ID", "PERFORMED", "SCALE", "TOTAL",
		       "BAND", "BY", "STATUS");
}

/* "N3" rows: a reassessment not done, and why, in place of a total. */
static void print_not_done_row(struct history *h, const vigil_not_done *nd)
{
	char when[VIGIL_TIME_LOCAL_LEN], id[24];
	const vigil_scale *s = vigil_scales_find(h->scales, nd->scale);
	vigil_time_format_local(nd->performed_at, when, sizeof when);
	snprintf(id, sizeof id, "N%lld", (long long)nd->id);
	print_header(h);
	printf("%5s %s%c ", id, when, nd->late ? '*' : ' ');
	cli_put_cell(s ? s->name : nd->scale, 7);
	printf(" %5s ", "-");
	char what[40];
	snprintf(what, sizeof what, "not done %s", vigil_not_done_why_name(nd->why));
	cli_put_cell(what, 17);
	putchar(' ');
	cli_put_cell(nd->performer, 10);
	printf(" %s\n", vigil_assess_status_word(nd->status, nd->supersedes != 0));
	h->rows++;
	h->any_late |= nd->late;
}

/* Not-done records performed at or after t come first (newest first). */
static void flush_not_done(struct history *h, vigil_time t)
{
	struct not_done_list *l = h->nd;
	while (l && l->next < l->n && l->rows[l->next].performed_at >= t)
		print_not_done_row(h, &l->rows[l->next++]);
}

/* One line of at most 79 columns: id, time (* when late), scale, total,
 * band, performer, status. */
static int print_history_row(const vigil_assessment *a, void *ctx)
{
	struct history *h = ctx;
	char when[VIGIL_TIME_LOCAL_LEN], total[16];
	const vigil_scale *s = vigil_scales_find(h->scales, a->scale);
	vigil_time_format_local(a->performed_at, when, sizeof when);
	snprintf(total, sizeof total, "%d/%d", a->total, a->max_total);
	flush_not_done(h, a->performed_at);
	print_header(h);
	printf("%5lld %s%c ", (long long)a->id, when, a->late ? '*' : ' ');
	/* "COWS^": scored with a definition other than the built-in one. */
	char name[VIGIL_SCALE_KEY_MAX + 2];
	bool other = !vigil_scales_builtin_definition(h->scales, a->scale, a->definition);
	snprintf(name, sizeof name, "%s%s", s ? s->name : a->scale, other ? "^" : "");
	cli_put_cell(name, 7);
	printf(" %5s ", total);
	cli_put_cell(*a->band ? a->band : "-", 17);
	putchar(' ');
	cli_put_cell(a->performer, 10);
	printf(" %s\n", vigil_assess_status_word(a->status, a->supersedes != 0));
	h->rows++;
	h->any_late |= a->late;
	h->any_other_definition |= other;
	return 0;
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
	if (scale && vigil_scales_lookup(scales, scale, &only, &err) != VIGIL_OK) {
		rc = cli_fail(&err);
	} else if ((rc = cli_login(cli, &session)) == EXIT_OK) {
		vigil_query q = { .mrn = pos[0], .scale = only ? only->key : NULL, .all = all };
		vigil_not_done_query nq = { .mrn = pos[0], .scale = q.scale, .all = all };
		struct not_done_list nd = { 0 };
		struct history h = { .scales = scales, .nd = &nd };
		if (vigil_not_done_query_each(&session, &nq, keep_not_done, &nd, &err) != VIGIL_OK ||
		    (nd.nomem && vigil_fail(&err, VIGIL_ENOMEM, "out of memory")) ||
		    vigil_assessment_query(&session, &q, print_history_row, &h, &err) != VIGIL_OK)
			rc = cli_fail(&err);
		if (rc == EXIT_OK)
			flush_not_done(&h, 0);
		free(nd.rows);
		if (rc == EXIT_OK && h.rows == 0)
			printf("(no assessments)\n");
		if (rc == EXIT_OK && h.rows && h.any_late)
			printf("* entered late: over an hour after it was performed\n");
		if (rc == EXIT_OK && h.rows && h.any_other_definition)
			printf("^ scored with a definition other than this vigil's built-in one "
			       "(vigil show ID names it)\n");
		cli_logout(&session);
	}
	vigil_scales_free(scales);
	return rc;
}
