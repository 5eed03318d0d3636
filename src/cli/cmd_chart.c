/* cmd_chart.c - the rest of the chart beside the scores: vital signs and
 * notes; show, amend and void of a chart entry (D12, V12, T12, U12).
 * Doses, the drug list, last use and induction readiness are in
 * cmd_dose.c. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "commands.h"
#include "vigil/legend.h"
#include "vigil/chart.h"
#include "vigil/due.h"
#include "vigil/text.h"

/* ---- what an entry says ------------------------------------------------ */

void cli_chart_what(const vigil_chart_entry *e, const vigil_protocols *protocols, char *buf,
                    size_t size)
{
	char words[160];
	buf[0] = '\0';
	switch (e->kind) {
	case VIGIL_CHART_DOSE:
		vigil_dose_words(&e->dose, words, sizeof words);
		snprintf(buf, size, "given %s", words);
		break;
	case VIGIL_CHART_VITALS:
		vigil_vitals_words(&e->vitals, protocols, buf, size);
		break;
	case VIGIL_CHART_NOTE:
		vigil_copy(buf, size, e->note);
		break;
	case VIGIL_CHART_LAST_USE:
		snprintf(buf, size, "last use %s", e->substance);
		break;
	default:
		break;
	}
}

static void print_flag(const vigil_vitals *v, const vigil_protocols *protocols)
{
	char why[VIGIL_VITAL_WHY_MAX];
	if (vigil_vitals_flagged(v, protocols, why, sizeof why))
		printf("! flagged: %s\n", why);
}

void cli_chart_print_saved(const vigil_chart_entry *e, const vigil_protocols *protocols,
                           vigil_time now)
{
	char name[32], old[32], when[VIGIL_TIME_LOCAL_LEN], what[400];
	vigil_chart_entry_name(e->kind, e->id, name, sizeof name);
	cli_time_near(e->at, now, when, sizeof when);
	printf("%s %s", vigil_chart_kind_words(e->kind), name);
	if (e->supersedes) {
		vigil_chart_entry_name(e->kind, e->supersedes, old, sizeof old);
		printf(" (corrects %s)", old);
	}
	switch (e->kind) {
	case VIGIL_CHART_DOSE:
		vigil_dose_words(&e->dose, what, sizeof what);
		printf(" given: %s at %s\n", what, when);
		break;
	case VIGIL_CHART_VITALS:
		vigil_vitals_words(&e->vitals, protocols, what, sizeof what);
		printf(" at %s: %s\n", when, what);
		print_flag(&e->vitals, protocols);
		break;
	case VIGIL_CHART_NOTE:
		printf(" at %s\n", when);
		break;
	default:
		printf(": %s at %s\n", e->substance, when);
		break;
	}
}

int cli_chart_print_id(vigil_session *session, const vigil_protocols *protocols, int64_t id)
{
	vigil_chart_entry e;
	vigil_time now;
	vigil_error err;
	if (vigil_chart_get(session, id, &e, &err) != VIGIL_OK ||
	    vigil_clock_now(&now, &err) != VIGIL_OK)
		return cli_fail(&err);
	cli_chart_print_saved(&e, protocols, now);
	return EXIT_OK;
}

/* ---- vital signs as typed ---------------------------------------------- */

/* "bp=" sets both halves empty (amend: removes it). */
int cli_vital_words(const char *const *words, size_t n, char (*copies)[CLI_VITAL_WORD_BYTES],
                    vigil_vitals_input *in)
{
	vigil_error err;
	for (size_t i = 0; i < n; i++) {
		if (!vigil_copy(copies[i], CLI_VITAL_WORD_BYTES, words[i])) {
			char shown[24];
			vigil_text_escape(words[i], shown, sizeof shown);
			return cli_error("'%s...' is not a vital sign (too long)", shown);
		}
		const char *before[VIGIL_VITAL_COUNT];
		memcpy(before, in->value, sizeof before);
		if (!strcasecmp(copies[i], "bp=")) {
			in->value[VIGIL_VITAL_SYS] = in->value[VIGIL_VITAL_DIA] = "";
		} else if (vigil_vitals_arg(copies[i], in, &err) != VIGIL_OK) {
			return cli_fail(&err);
		}
		for (int k = 0; k < VIGIL_VITAL_COUNT; k++)
			if (before[k] && in->value[k] != before[k])
				return cli_error("%s given twice",
				                 k == VIGIL_VITAL_SYS || k == VIGIL_VITAL_DIA
				                         ? "blood pressure"
				                         : vigil_vital_label((vigil_vital)k));
	}
	return EXIT_OK;
}

bool cli_is_vital_key(const char *word)
{
	static const char *const keys[] = { "hr", "bp", "temp", "rr", "spo2" };
	const char *eq = strchr(word, '=');
	size_t len = eq ? (size_t)(eq - word) : strlen(word);
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (len == strlen(keys[i]) && !strncasecmp(word, keys[i], len))
			return true;
	return false;
}

/* ---- vigil vitals ------------------------------------------------------ */

int cmd_vitals(struct cli *cli, int argc, char **argv)
{
	enum { WORDS = 8 };
	const char *at_text = NULL, *note = NULL, *pos[WORDS + 1];
	size_t npos;
	const struct cli_option options[] = { { "--at", &at_text, NULL },
		                              { "--note", &note, NULL },
		                              { NULL, NULL, NULL } };
	int rc = cli_parse(cli, argc, argv, options, pos, WORDS + 1, &npos);
	if (rc != EXIT_OK)
		return rc;
	if (npos < 1)
		return cli_usage_error(cli, "missing MRN");
	if (npos < 2)
		return cli_usage_error(cli, "missing a vital sign (hr=N, bp=SYS/DIA, temp=C, rr=N, "
		                            "spo2=N)");
	char copies[WORDS][CLI_VITAL_WORD_BYTES];
	vigil_vitals_input in = { .mrn = pos[0], .note = note };
	vigil_vitals checked;
	vigil_error err;
	if ((rc = cli_parse_time(at_text, "--at", &in.at)) != EXIT_OK ||
	    (rc = cli_vital_words(pos + 1, npos - 1, copies, &in)) != EXIT_OK)
		return rc;
	/* Values are checked before the password is asked. */
	if (vigil_vitals_check(&in, &checked, &err) != VIGIL_OK)
		return cli_fail(&err);
	vigil_session session;
	struct cli_rules r;
	if ((rc = cli_login(cli, &session)) != EXIT_OK)
		return rc;
	if ((rc = cli_rules_load(&session, &r)) == EXIT_OK) {
		int64_t id;
		if (vigil_vitals_record(&session, r.protocols, &in, &id, &err) == VIGIL_OK)
			rc = cli_chart_print_id(&session, r.protocols, id);
		else
			rc = cli_fail(&err);
		cli_rules_free(&r);
	}
	cli_logout(&session);
	return rc;
}

/* ---- vigil note -------------------------------------------------------- */

int cmd_note(struct cli *cli, int argc, char **argv)
{
	const char *at_text = NULL, *pos[2];
	size_t npos;
	const struct cli_option options[] = { { "--at", &at_text, NULL }, { NULL, NULL, NULL } };
	int rc = cli_parse(cli, argc, argv, options, pos, 2, &npos);
	if (rc != EXIT_OK)
		return rc;
	if (npos < 1)
		return cli_usage_error(cli, "missing MRN");
	if (npos < 2)
		return cli_usage_error(cli, "missing TEXT");
	vigil_time at = 0;
	if ((rc = cli_parse_time(at_text, "--at", &at)) != EXIT_OK)
		return rc;
	vigil_session session;
	vigil_error err;
	if ((rc = cli_login(cli, &session)) != EXIT_OK)
		return rc;
	int64_t id;
	if (vigil_note_record(&session, pos[0], pos[1], at, &id, &err) == VIGIL_OK)
		rc = cli_chart_print_id(&session, NULL, id);
	else
		rc = cli_fail(&err);
	cli_logout(&session);
	return rc;
}

/* ---- show, amend, void: D12, V12, T12, U12 ------------------------------ */

bool cli_is_chart_name(const char *text)
{
	vigil_chart_kind kind;
	int64_t id;
	return text && text[0] && strchr("DdVvTtUu", text[0]) &&
	       vigil_chart_name_parse(text, &kind, &id);
}

/* Loads the entry a name names, after login; refuses a name whose letter
 * is not the entry's kind ("V5" for dose D5). */
static int load_entry(struct cli *cli, vigil_session *session, const char *text,
                      vigil_chart_entry *e)
{
	vigil_chart_kind kind;
	int64_t id;
	vigil_error err;
	if (!vigil_chart_name_parse(text, &kind, &id))
		return cli_usage_error(cli, "'%s' is not a chart entry (like D12, V12, T12, U12)",
		                       text);
	int rc = cli_login(cli, session);
	if (rc != EXIT_OK)
		return rc;
	vigil_status s = vigil_chart_get(session, id, e, &err);
	if (s == VIGIL_ENOTFOUND) {
		rc = cli_error("no %s %c%lld", vigil_chart_kind_words(kind),
		               vigil_chart_kind_letter(kind), (long long)id);
	} else if (s != VIGIL_OK) {
		rc = cli_fail(&err);
	} else if (e->kind != kind) {
		char name[32];
		vigil_chart_entry_name(e->kind, e->id, name, sizeof name);
		rc = cli_error("no %s %c%lld: entry %lld is %s %s", vigil_chart_kind_words(kind),
		               vigil_chart_kind_letter(kind), (long long)id, (long long)id,
		               vigil_chart_kind_words(e->kind), name);
	}
	if (rc != EXIT_OK)
		cli_logout(session);
	return rc;
}

static void print_time(const char *label, vigil_time t)
{
	char when[VIGIL_TIME_LOCAL_LEN];
	vigil_time_format_local(t, when, sizeof when);
	printf("%-13s %s\n", label, when);
}

static void print_text(const char *label, const char *text)
{
	if (!*text)
		return;
	printf("%-13s ", label);
	cli_put_text(text);
	putchar('\n');
}

/* "given at", "taken at", "written at", "last used" */
static const char *at_label(vigil_chart_kind kind)
{
	static const char *const labels[VIGIL_CHART_KINDS] = { "given at", "taken at",
		                                               "written at", "last used" };
	return kind < VIGIL_CHART_KINDS ? labels[kind] : "at";
}

static void print_dose_fields(const vigil_chart_entry *e, const vigil_drugs *drugs)
{
	char amount[VIGIL_AMOUNT_TEXT_MAX];
	const vigil_drug *drug = vigil_drugs_find(drugs, e->dose.drug);
	printf("%-13s %s", "drug", e->dose.drug);
	if (drug) {
		fputs(" (", stdout);
		cli_put_text(drug->name);
		putchar(')');
	}
	vigil_amount_format(e->dose.amount, amount, sizeof amount);
	printf("\n%-13s %s %s\n%-13s %s\n", "amount", amount, e->dose.unit, "route", e->dose.route);
	if (e->dose.kind != VIGIL_DOSE_UNSPECIFIED)
		printf("%-13s %s\n", "kind", e->dose.kind == VIGIL_DOSE_PRN ? "PRN (as needed)"
		                                                            : "scheduled");
	print_text("reason given", e->dose.reason);
}

static void print_vitals_fields(const vigil_chart_entry *e, const vigil_protocols *protocols)
{
	char why[VIGIL_VITAL_WHY_MAX];
	for (int k = 0; k < VIGIL_VITAL_COUNT; k++) {
		if (!e->vitals.has[k] || k == VIGIL_VITAL_DIA)
			continue;
		char value[VIGIL_VITAL_TEXT_MAX], dia[VIGIL_VITAL_TEXT_MAX];
		vigil_vital_value_format((vigil_vital)k, e->vitals.value[k], value, sizeof value);
		if (k == VIGIL_VITAL_SYS) {
			vigil_vital_value_format(VIGIL_VITAL_DIA, e->vitals.value[VIGIL_VITAL_DIA], dia,
			                         sizeof dia);
			printf("%-13s %s/%s\n", "BP", value, dia);
		} else {
			printf("%-13s %s\n", k == VIGIL_VITAL_RR ? "resp. rate"
			                                         : vigil_vital_label((vigil_vital)k),
			       value);
		}
	}
	if (vigil_vitals_flagged(&e->vitals, protocols, why, sizeof why))
		printf("%-13s %s (a protocol's vital limit)\n", "flagged", why);
	if (e->vitals.assessment_id)
		printf("%-13s assessment %lld\n", "taken with", (long long)e->vitals.assessment_id);
}

static void print_status(const vigil_chart_entry *e)
{
	char name[32];
	if (e->supersedes) {
		vigil_chart_entry_name(e->kind, e->supersedes, name, sizeof name);
		printf("%-13s %s\n", "corrects", name);
		print_text("because", e->amend_reason);
	}
	vigil_standing standing = vigil_standing_of(e->status, e->supersedes != 0);
	printf("%-13s %s\n", "status", vigil_standing_word(standing));
	if (e->status == VIGIL_ASSESS_AMENDED) {
		vigil_chart_entry_name(e->kind, e->superseded_by, name, sizeof name);
		printf("%-13s %s\n", "amended by", name);
	}
	if (e->status != VIGIL_ASSESS_FINAL) {
		/* "corrected by", or "marked by" (in error): what was done to it */
		char by[40], at[40];
		snprintf(by, sizeof by, "%s by", vigil_standing_by_word(standing));
		snprintf(at, sizeof at, "%s at", vigil_standing_by_word(standing));
		print_text(by, e->corrected_by);
		print_time(at, e->corrected_at);
		print_text("because", e->correction_reason);
	}
}

static void print_entry(const vigil_chart_entry *e, const vigil_protocols *protocols)
{
	char name[32], what[400];
	vigil_chart_entry_name(e->kind, e->id, name, sizeof name);
	cli_chart_what(e, protocols, what, sizeof what);
	printf("%s %s", vigil_chart_kind_words(e->kind), name);
	if (e->kind == VIGIL_CHART_DOSE || e->kind == VIGIL_CHART_VITALS)
		printf(": %s", what);
	else if (e->kind == VIGIL_CHART_LAST_USE)
		printf(": %s", e->substance);
	printf("\n%-13s %s\n", "patient", e->mrn);
	print_time(at_label(e->kind), e->at);
	print_time("entered", e->entered_at);
	if (e->late)
		printf("%-13s yes: %s\n", "late", vigil_mark_meaning(VIGIL_MARK_LATE));
	print_text(e->kind == VIGIL_CHART_DOSE ? "given by" : "by", e->performer);
	if (strcmp(e->performer, e->entered_by) != 0)
		print_text("entered by", e->entered_by);
	if (e->kind == VIGIL_CHART_DOSE) {
		print_dose_fields(e, vigil_protocols_drugs(protocols));
	} else if (e->kind == VIGIL_CHART_VITALS) {
		print_vitals_fields(e, protocols);
	} else if (e->kind == VIGIL_CHART_LAST_USE) {
		const vigil_substance *sub;
		vigil_error err;
		if (vigil_substances_lookup(vigil_protocols_drugs(protocols), e->substance, &sub,
		                            &err) == VIGIL_OK)
			print_text("substance", sub->label);
	}
	print_text(e->kind == VIGIL_CHART_NOTE ? "text" : "note", e->note);
	print_status(e);
}

int cli_chart_show(struct cli *cli, const char *name)
{
	vigil_session session;
	vigil_chart_entry e;
	struct cli_rules r;
	int rc = load_entry(cli, &session, name, &e);
	if (rc != EXIT_OK)
		return rc;
	if ((rc = cli_rules_load(&session, &r)) == EXIT_OK) {
		print_entry(&e, r.protocols);
		cli_rules_free(&r);
	}
	cli_logout(&session);
	return rc;
}

int cli_chart_void(struct cli *cli, const char *text, const char *reason)
{
	vigil_session session;
	vigil_chart_entry e;
	vigil_error err;
	char name[32];
	int rc = load_entry(cli, &session, text, &e);
	if (rc != EXIT_OK)
		return rc;
	vigil_chart_entry_name(e.kind, e.id, name, sizeof name);
	if (vigil_chart_void(&session, e.id, reason, &err) == VIGIL_OK)
		printf("%s %s marked entered in error\n", vigil_chart_kind_words(e.kind), name);
	else
		rc = cli_fail(&err);
	cli_logout(&session);
	return rc;
}

/* ---- amend ------------------------------------------------------------- */

/* Which options correct which kind of entry. */
static const struct {
	const char *name;
	size_t offset;  /* of the value in struct cli_chart_fix, or flag */
	bool is_flag;
	unsigned kinds; /* bit (1u << kind) */
} fix_options[] = {
#define DOSE (1u << VIGIL_CHART_DOSE)
#define VITALS (1u << VIGIL_CHART_VITALS)
#define NOTE (1u << VIGIL_CHART_NOTE)
#define USE (1u << VIGIL_CHART_LAST_USE)
	{ "--at", offsetof(struct cli_chart_fix, at), false, DOSE | VITALS | NOTE | USE },
	{ "--drug", offsetof(struct cli_chart_fix, drug), false, DOSE },
	{ "--amount", offsetof(struct cli_chart_fix, amount), false, DOSE },
	{ "--unit", offsetof(struct cli_chart_fix, unit), false, DOSE },
	{ "--route", offsetof(struct cli_chart_fix, route), false, DOSE },
	{ "--prn", offsetof(struct cli_chart_fix, prn), true, DOSE },
	{ "--scheduled", offsetof(struct cli_chart_fix, scheduled), true, DOSE },
	{ "--why", offsetof(struct cli_chart_fix, why), false, DOSE },
	{ "--note", offsetof(struct cli_chart_fix, note), false, DOSE | VITALS | USE },
	{ "--text", offsetof(struct cli_chart_fix, text), false, NOTE },
	{ "--kind", offsetof(struct cli_chart_fix, kind), false, USE },
#undef DOSE
#undef VITALS
#undef NOTE
#undef USE
};

static bool option_given(const struct cli_chart_fix *f, size_t i)
{
	const char *base = (const char *)f + fix_options[i].offset;
	if (fix_options[i].is_flag)
		return *(const bool *)(const void *)base;
	return *(const char *const *)(const void *)base != NULL;
}

const char *cli_chart_fix_option(const struct cli_chart_fix *f, bool chart_only)
{
	for (size_t i = 0; i < sizeof fix_options / sizeof fix_options[0]; i++) {
		/* --why and --note also correct not-done records */
		bool shared = !strcmp(fix_options[i].name, "--why") ||
		              !strcmp(fix_options[i].name, "--note");
		if (option_given(f, i) && !(chart_only && shared))
			return fix_options[i].name;
	}
	return NULL;
}

/* The options given that do not correct this kind of entry are refused;
 * *any gets whether one that does was given. */
static int check_options(struct cli *cli, const struct cli_chart_fix *f, vigil_chart_kind kind,
                         const char *name, bool *any)
{
	*any = false;
	for (size_t i = 0; i < sizeof fix_options / sizeof fix_options[0]; i++) {
		if (!option_given(f, i))
			continue;
		if (!(fix_options[i].kinds & (1u << kind)))
			return cli_usage_error(cli, "%s does not correct %s %s", fix_options[i].name,
			                       vigil_chart_kind_words(kind), name);
		*any = true;
	}
	if (f->prn && f->scheduled)
		return cli_usage_error(cli, "--prn or --scheduled, not both");
	return EXIT_OK;
}

/* The corrected vital signs: the stored values, then the words given
 * (an empty value, "hr=", removes one). */
static int fix_vitals(const vigil_chart_entry *e, const char *const *words, size_t n,
                      const char *note, vigil_chart_entry *fix)
{
	enum { WORDS = 8 };
	char copies[WORDS][CLI_VITAL_WORD_BYTES], stored[VIGIL_VITAL_COUNT][VIGIL_VITAL_TEXT_MAX];
	vigil_vitals_input given = { .mrn = e->mrn }, in = { .mrn = e->mrn, .note = note };
	vigil_error err;
	if (n > WORDS)
		return cli_error("more than %d vital signs given", WORDS);
	int rc = cli_vital_words(words, n, copies, &given);
	if (rc != EXIT_OK)
		return rc;
	for (int k = 0; k < VIGIL_VITAL_COUNT; k++) {
		if (e->vitals.has[k]) {
			vigil_vital_value_format((vigil_vital)k, e->vitals.value[k], stored[k],
			                         sizeof stored[k]);
			in.value[k] = stored[k];
		}
		if (given.value[k])
			in.value[k] = given.value[k];
	}
	vigil_vitals v;
	if (vigil_vitals_check(&in, &v, &err) != VIGIL_OK)
		return cli_fail(&err);
	v.assessment_id = e->vitals.assessment_id;
	fix->vitals = v;
	return EXIT_OK;
}

/* fix becomes the entry as it should read: the stored one with the
 * options and words given applied. */
static int apply_fix(const vigil_chart_entry *e, const struct cli_chart_fix *f,
                     const vigil_protocols *protocols, const char *const *words, size_t n,
                     vigil_chart_entry *fix)
{
	*fix = *e;
	if (f->at_time)
		fix->at = f->at_time;
	if (f->note && !vigil_copy(fix->note, sizeof fix->note, f->note))
		return cli_error("note: longer than %d characters", VIGIL_NOTE_MAX);
	switch (e->kind) {
	case VIGIL_CHART_DOSE:
		return cli_dose_fix(f, protocols, fix);
	case VIGIL_CHART_VITALS:
		return fix_vitals(e, words, n, fix->note, fix);
	case VIGIL_CHART_NOTE:
		if (f->text && !vigil_copy(fix->note, sizeof fix->note, f->text))
			return cli_error("note: longer than %d characters", VIGIL_NOTE_MAX);
		return EXIT_OK;
	default: {
		const vigil_substance *sub;
		vigil_error err;
		if (!f->kind)
			return EXIT_OK;
		if (vigil_substances_lookup(vigil_protocols_drugs(protocols), f->kind, &sub, &err) !=
		    VIGIL_OK)
			return cli_fail(&err);
		vigil_copy(fix->substance, sizeof fix->substance, sub->key);
		return EXIT_OK;
	}
	}
}

int cli_chart_amend(struct cli *cli, const char *text, struct cli_chart_fix *f,
                    const char *const *words, size_t n)
{
	vigil_chart_kind kind;
	int64_t id;
	bool any;
	char name[32];
	if (!vigil_chart_name_parse(text, &kind, &id))
		return cli_usage_error(cli, "'%s' is not a chart entry (like D12, V12, T12, U12)",
		                       text);
	vigil_chart_entry_name(kind, id, name, sizeof name);
	int rc = check_options(cli, f, kind, name, &any);
	if (rc != EXIT_OK)
		return rc;
	if (n && kind != VIGIL_CHART_VITALS)
		return cli_usage_error(cli, "unexpected argument '%s'", words[0]);
	if (!any && !n)
		return cli_usage_error(cli, "missing what changes (see the options for %s)", name);
	if (!f->reason)
		return cli_usage_error(cli, "missing --reason TEXT");
	if ((rc = cli_parse_time(f->at, "--at", &f->at_time)) != EXIT_OK)
		return rc;
	vigil_session session;
	vigil_chart_entry e, fix;
	struct cli_rules r;
	vigil_error err;
	if ((rc = load_entry(cli, &session, text, &e)) != EXIT_OK)
		return rc;
	if ((rc = cli_rules_load(&session, &r)) == EXIT_OK) {
		int64_t new_id;
		rc = apply_fix(&e, f, r.protocols, words, n, &fix);
		if (rc == EXIT_OK) {
			if (vigil_chart_amend(&session, r.protocols, e.id, &fix, f->reason, &new_id,
			                      &err) == VIGIL_OK)
				rc = cli_chart_print_id(&session, r.protocols, new_id);
			else
				rc = cli_fail(&err);
		}
		cli_rules_free(&r);
	}
	cli_logout(&session);
	return rc;
}
