/* cmd_correct.c - show one assessment; amend and void (not-done records
 * and chart entries go to cmd_due.c and cmd_chart.c) */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "vigil/legend.h"
#include "vigil/assessment.h"

static void print_when(const char *label, vigil_time t)
{
	char when[VIGIL_TIME_LOCAL_LEN];
	vigil_time_format_local(t, when, sizeof when);
	printf("%-13s %s\n", label, when);
}

static void print_field(const char *label, const char *text)
{
	if (!*text)
		return;
	printf("%-13s ", label);
	cli_put_text(text);
	putchar('\n');
}

static void print_items(const vigil_assessment *a, const vigil_scale *s)
{
	for (size_t i = 0; s && i < s->nitems; i++) {
		const vigil_item *it = &s->items[i];
		for (size_t j = 0; j < a->nitems; j++) {
			if (strcmp(a->items[j].key, it->key) != 0)
				continue;
			printf("  %-14s %2d", it->key, a->items[j].score);
			if (a->items[j].has_raw)
				printf("  (%s %d %s)", it->raw_key ? it->raw_key : "raw", a->items[j].raw,
				       it->raw_unit ? it->raw_unit : "");
			putchar('\n');
		}
	}
	if (!s) /* scale no longer defined here: show what was stored */
		for (size_t j = 0; j < a->nitems; j++)
			printf("  %-14s %2d\n", a->items[j].key, a->items[j].score);
}

static void print_assessment(const vigil_assessment *a, const vigil_scales *scales)
{
	const vigil_scale *s = vigil_scales_find(scales, a->scale);
	char words[VIGIL_BAND_WORDS_MAX];
	printf("assessment %lld: %s %d/%d%s%s\n", (long long)a->id, s ? s->name : a->scale,
	       a->total, a->max_total, *a->band ? " " : "",
	       *a->band ? vigil_scale_band_words(s, a->band, words, sizeof words) : "");
	printf("%-13s %s\n", "patient", a->mrn);
	print_when("performed", a->performed_at);
	print_when("entered", a->entered_at);
	if (a->late)
		printf("%-13s yes: %s\n", "late", vigil_mark_meaning(VIGIL_MARK_LATE));
	print_field("performed by", a->performer);
	if (strcmp(a->performer, a->entered_by) != 0)
		print_field("entered by", a->entered_by);
	print_field("reason", a->reason);
	print_field("note", a->note);
	if (a->supersedes) {
		printf("%-13s %lld\n", "corrects", (long long)a->supersedes);
		print_field("because", a->amend_reason);
	}
	/* The full name of the status; a current correction says so, as the
	 * history list does. */
	vigil_standing standing = vigil_standing_of(a->status, a->supersedes != 0);
	printf("%-13s %s\n", "status", vigil_standing_word(standing));
	if (a->status == VIGIL_ASSESS_AMENDED)
		printf("%-13s %lld\n", "amended by", (long long)a->superseded_by);
	if (a->status != VIGIL_ASSESS_FINAL) {
		/* "corrected by", or "marked by" (in error): what was done to it */
		char by[40], at[40];
		snprintf(by, sizeof by, "%s by", vigil_standing_by_word(standing));
		snprintf(at, sizeof at, "%s at", vigil_standing_by_word(standing));
		print_field(by, a->corrected_by);
		print_when(at, a->corrected_at);
		print_field("because", a->correction_reason);
	}
	/* Which definition scored it, when not this vigil's built-in one. */
	if (!vigil_scales_builtin_definition(scales, a->scale, a->definition)) {
		printf("%-13s %.*s, not this vigil's built-in one", "definition",
		       VIGIL_DEFINITION_SHOWN, a->definition);
		if (s && strcmp(s->hash, a->definition) == 0) {
			fputs(" (", stdout);
			cli_put_text(vigil_scales_origin(scales, s));
			putchar(')');
		}
		putchar('\n');
	}
	print_items(a, s);
}

/* Loads assessment pos into *a after login; shared by show and amend. */
static int load(struct cli *cli, vigil_session *session, const char *id_text,
                vigil_assessment *a)
{
	int64_t id;
	int rc = cli_parse_id(cli, id_text, &id);
	if (rc != EXIT_OK)
		return rc;
	if ((rc = cli_login(cli, session)) != EXIT_OK)
		return rc;
	vigil_error err;
	if (vigil_assessment_get(session, id, a, &err) != VIGIL_OK) {
		cli_logout(session);
		return cli_fail(&err);
	}
	return EXIT_OK;
}

int cmd_show(struct cli *cli, int argc, char **argv)
{
	const char *pos[1];
	size_t npos;
	int rc = cli_parse(cli, argc, argv, NULL, pos, 1, &npos);
	if (rc != EXIT_OK)
		return rc;
	if (npos != 1)
		return cli_usage_error(cli, "missing assessment ID");
	if (cli_is_not_done_id(pos[0]))
		return cli_not_done_show(cli, pos[0]);
	if (cli_is_chart_name(pos[0]))
		return cli_chart_show(cli, pos[0]);
	vigil_scales *scales;
	if ((rc = cli_load_scales(&scales)) != EXIT_OK)
		return rc;
	vigil_session session;
	vigil_assessment a;
	if ((rc = load(cli, &session, pos[0], &a)) == EXIT_OK) {
		print_assessment(&a, scales);
		cli_logout(&session);
	}
	vigil_scales_free(scales);
	return rc;
}

/* Builds the corrected sheet: stored scores, then the words given. */
static int corrected_sheet(const vigil_assessment *a, const vigil_scales *scales,
                           const char *const *words, size_t n, vigil_sheet *sheet)
{
	const vigil_scale *s;
	vigil_error err;
	if (vigil_scales_lookup(scales, a->scale, &s, &err) != VIGIL_OK ||
	    vigil_assessment_sheet(a, s, sheet, &err) != VIGIL_OK)
		return cli_fail(&err);
	/* The words go on a sheet of their own, so an item named twice ("gi=1
	 * gi=3", "pulse=1 hr=90") is refused as in record; each one given then
	 * replaces the stored score. */
	vigil_sheet given;
	vigil_sheet_init(&given, s);
	for (size_t i = 0; i < n; i++)
		if (vigil_sheet_assign(&given, words[i], &err) != VIGIL_OK)
			return cli_fail(&err);
	for (size_t i = 0; i < s->nitems; i++)
		if (given.items[i].set)
			sheet->items[i] = given.items[i];
	return EXIT_OK;
}

int cmd_amend(struct cli *cli, int argc, char **argv)
{
	const char *pos[VIGIL_ITEMS_MAX + 2];
	struct cli_chart_fix fix = { .at = NULL };
	size_t npos;
	const struct cli_option options[] = { { "--reason", &fix.reason, NULL },
		                              { "--why", &fix.why, NULL },
		                              { "--note", &fix.note, NULL },
		                              { "--at", &fix.at, NULL },
		                              { "--drug", &fix.drug, NULL },
		                              { "--amount", &fix.amount, NULL },
		                              { "--unit", &fix.unit, NULL },
		                              { "--route", &fix.route, NULL },
		                              { "--prn", NULL, &fix.prn },
		                              { "--scheduled", NULL, &fix.scheduled },
		                              { "--text", &fix.text, NULL },
		                              { "--kind", &fix.kind, NULL },
		                              { NULL, NULL, NULL } };
	int rc = cli_parse(cli, argc, argv, options, pos, VIGIL_ITEMS_MAX + 2, &npos);
	if (rc != EXIT_OK)
		return rc;
	if (npos < 1)
		return cli_usage_error(cli, "missing assessment ID");
	if (cli_is_chart_name(pos[0]))
		return cli_chart_amend(cli, pos[0], &fix, pos + 1, npos - 1);
	const char *chart_only = cli_chart_fix_option(&fix, true);
	if (chart_only)
		return cli_usage_error(cli, "%s corrects chart entries (D12, V12, T12, U12)",
		                       chart_only);
	const char *reason = fix.reason;
	if (cli_is_not_done_id(pos[0])) {
		if (npos > 1)
			return cli_usage_error(cli, "a not-done record has no item scores");
		if (!reason)
			return cli_usage_error(cli, "missing --reason TEXT");
		return cli_not_done_amend(cli, pos[0], fix.why, fix.note, reason);
	}
	if (fix.why || fix.note)
		return cli_usage_error(cli, "--why and --note correct not-done records (N12)");
	if (npos < 2)
		return cli_usage_error(cli, "missing ITEM=SCORE (what changes)");
	if (!reason)
		return cli_usage_error(cli, "missing --reason TEXT");
	vigil_scales *scales;
	if ((rc = cli_load_scales(&scales)) != EXIT_OK)
		return rc;
	vigil_session session;
	vigil_assessment a;
	vigil_sheet sheet;
	vigil_error err;
	if ((rc = load(cli, &session, pos[0], &a)) != EXIT_OK)
		goto out;
	rc = corrected_sheet(&a, scales, pos + 1, npos - 1, &sheet);
	int64_t new_id;
	int total;
	const vigil_band *band;
	if (rc == EXIT_OK &&
	    (vigil_assessment_amend(&session, a.id, &sheet, reason, &new_id, &err) != VIGIL_OK ||
	     vigil_sheet_total(&sheet, &total, &band, &err) != VIGIL_OK))
		rc = cli_fail(&err);
	if (rc == EXIT_OK) {
		printf("assessment %lld (corrects %lld)\n", (long long)new_id, (long long)a.id);
		cli_print_result(sheet.scale, total, band);
	}
	cli_logout(&session);
out:
	vigil_scales_free(scales);
	return rc;
}

int cmd_void(struct cli *cli, int argc, char **argv)
{
	const char *reason = NULL, *pos[1];
	size_t npos;
	const struct cli_option options[] = { { "--reason", &reason, NULL }, { NULL, NULL, NULL } };
	int rc = cli_parse(cli, argc, argv, options, pos, 1, &npos);
	if (rc != EXIT_OK)
		return rc;
	if (npos != 1)
		return cli_usage_error(cli, "missing assessment ID");
	if (!reason)
		return cli_usage_error(cli, "missing --reason TEXT");
	if (cli_is_not_done_id(pos[0]))
		return cli_not_done_void(cli, pos[0], reason);
	if (cli_is_chart_name(pos[0]))
		return cli_chart_void(cli, pos[0], reason);
	int64_t id;
	if ((rc = cli_parse_id(cli, pos[0], &id)) != EXIT_OK)
		return rc;
	vigil_session session;
	if ((rc = cli_login(cli, &session)) != EXIT_OK)
		return rc;
	vigil_error err;
	if (vigil_assessment_void(&session, id, reason, &err) == VIGIL_OK)
		printf("assessment %lld marked entered in error\n", (long long)id);
	else
		rc = cli_fail(&err);
	cli_logout(&session);
	return rc;
}
