/* cmd_dose.c - doses given (a record of what was given, never an order)
 * and the drug list that bounds them: dose, drugs, drugs install; the
 * substances last used (patient last-use) and buprenorphine induction
 * readiness. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "vigil/chart.h"
#include "vigil/drugs.h"
#include "vigil/due.h"

/* ---- vigil dose -------------------------------------------------------- */

/* What the dose set off: each reassessment it makes due, and the 24-hour
 * maximum, flagged. */
static void print_effects(const vigil_dose_effects *fx)
{
	for (size_t i = 0; i < fx->ndue; i++) {
		cli_put_text(fx->due[i]);
		putchar('\n');
	}
	if (fx->over_cap) {
		fputs("! ", stdout);
		cli_put_text(fx->cap);
		putchar('\n');
	}
}

int cmd_dose(struct cli *cli, int argc, char **argv)
{
	const char *route = NULL, *at_text = NULL, *reason = NULL, *note = NULL, *pos[4];
	bool prn = false, scheduled = false;
	size_t npos;
	const struct cli_option options[] = { { "--route", &route, NULL },
		                              { "--at", &at_text, NULL },
		                              { "--prn", NULL, &prn },
		                              { "--scheduled", NULL, &scheduled },
		                              { "--reason", &reason, NULL },
		                              { "--note", &note, NULL },
		                              { NULL, NULL, NULL } };
	int rc = cli_parse(cli, argc, argv, options, pos, 4, &npos);
	if (rc != EXIT_OK)
		return rc;
	static const char *const missing[] = { "MRN", "DRUG", "AMOUNT", "UNIT" };
	if (npos < 4)
		return cli_usage_error(cli, "missing %s", missing[npos]);
	if (prn && scheduled)
		return cli_usage_error(cli, "--prn or --scheduled, not both");
	vigil_dose_input in = { .mrn = pos[0], .drug = pos[1], .amount = pos[2], .unit = pos[3],
		                .route = route, .reason = reason, .note = note,
		                .kind = prn ? VIGIL_DOSE_PRN
		                            : scheduled ? VIGIL_DOSE_SCHEDULED : VIGIL_DOSE_UNSPECIFIED };
	if ((rc = cli_parse_time(at_text, "--at", &in.at)) != EXIT_OK)
		return rc;
	vigil_session session;
	struct cli_rules r;
	vigil_error err;
	if ((rc = cli_login(cli, &session)) != EXIT_OK)
		return rc;
	if ((rc = cli_rules_load(&session, &r)) == EXIT_OK) {
		int64_t id;
		vigil_dose_effects fx;
		if (vigil_dose_record(&session, r.protocols, &in, &id, &fx, &err) != VIGIL_OK)
			rc = cli_fail(&err);
		else if ((rc = cli_chart_print_id(&session, r.protocols, id)) == EXIT_OK)
			print_effects(&fx);
		cli_rules_free(&r);
	}
	cli_logout(&session);
	return rc;
}

int cli_dose_fix(const struct cli_chart_fix *f, const vigil_protocols *protocols,
                 vigil_chart_entry *fix)
{
	char amount[VIGIL_AMOUNT_TEXT_MAX];
	vigil_amount_format(fix->dose.amount, amount, sizeof amount);
	vigil_dose_input in = {
		.mrn = fix->mrn,
		.drug = f->drug ? f->drug : fix->dose.drug,
		.amount = f->amount ? f->amount : amount,
		.unit = f->unit ? f->unit : fix->dose.unit,
		.route = f->route ? f->route : fix->dose.route,
		.kind = f->prn ? VIGIL_DOSE_PRN : f->scheduled ? VIGIL_DOSE_SCHEDULED : fix->dose.kind,
		.reason = f->why ? f->why : fix->dose.reason,
		.note = fix->note,
		.at = fix->at,
	};
	vigil_dose d;
	vigil_error err;
	if (vigil_dose_check(protocols, &in, &d, &err) != VIGIL_OK)
		return cli_fail(&err);
	fix->dose = d;
	return EXIT_OK;
}

/* ---- vigil drugs ------------------------------------------------------- */

static void print_drug(const vigil_drug *d)
{
	char most[VIGIL_AMOUNT_TEXT_MAX], usual[VIGIL_AMOUNT_TEXT_MAX];
	printf("\n%-23s ", d->key);
	cli_put_text(d->name);
	putchar('\n');
	for (size_t i = 0; i < d->nunits; i++) {
		const vigil_drug_unit *u = &d->units[i];
		vigil_amount_format(u->max, most, sizeof most);
		printf("  %-7s %s: at most %s a dose", "unit", u->unit, most);
		if (u->usual) {
			vigil_amount_format(u->usual, usual, sizeof usual);
			printf(", usually %s", usual);
		}
		putchar('\n');
	}
	printf("  %-7s", "routes");
	for (size_t i = 0; i < d->nroutes; i++)
		printf(" %s", d->routes[i]);
	printf("\n  %-7s", "treats");
	for (size_t i = 0; i < d->nfor; i++)
		printf(" %s", d->for_scales[i]);
	printf(d->nfor ? " (a dose makes each due for reassessment)\n"
	               : " no withdrawal scale (a dose moves no reassessment)\n");
}

static void print_drugs(const vigil_drugs *drugs)
{
	fputs("drug list in force: ", stdout);
	cli_put_text(vigil_drugs_origin(drugs));
	printf(" (hash %.12s)\n", vigil_drugs_hash(drugs));
	for (size_t i = 0; i < vigil_drugs_count(drugs); i++)
		print_drug(vigil_drugs_at(drugs, i));
	printf("\nsubstances (last use):\n");
	for (size_t i = 0; i < vigil_substances_count(drugs); i++) {
		const vigil_substance *s = vigil_substances_at(drugs, i);
		printf("  %-16s ", s->key);
		cli_put_text(s->label);
		putchar('\n');
	}
}

int cmd_drugs(struct cli *cli, int argc, char **argv)
{
	size_t npos;
	int rc = cli_parse(cli, argc, argv, NULL, NULL, 0, &npos);
	if (rc != EXIT_OK)
		return rc;
	vigil_session session;
	vigil_drugs *drugs;
	vigil_error err;
	if ((rc = cli_login(cli, &session)) != EXIT_OK)
		return rc;
	if (vigil_drugs_load(&session, &drugs, &err) == VIGIL_OK) {
		print_drugs(drugs);
		vigil_drugs_free(drugs);
	} else {
		rc = cli_fail(&err);
	}
	cli_logout(&session);
	return rc;
}

int cmd_drugs_install(struct cli *cli, int argc, char **argv)
{
	const char *pos[1];
	size_t npos;
	int rc = cli_parse(cli, argc, argv, NULL, pos, 1, &npos);
	if (rc != EXIT_OK)
		return rc;
	if (npos != 1)
		return cli_usage_error(cli, "missing FILE");
	char *text = NULL;
	vigil_drugs *drugs;
	vigil_error err;
	if ((rc = cli_read_text(pos[0], VIGIL_DRUGS_TEXT_LIMIT, "a drug list", &text)) != EXIT_OK)
		return rc;
	/* A bad file is refused whole before the password is asked. */
	if (vigil_drugs_parse(pos[0], text, &drugs, &err) != VIGIL_OK) {
		free(text);
		return cli_fail(&err);
	}
	vigil_session session;
	if ((rc = cli_login(cli, &session)) == EXIT_OK) {
		if (vigil_drugs_install(&session, pos[0], text, &err) == VIGIL_OK)
			printf("drug list installed: %zu drugs, %zu substances (hash %.12s); it governs "
			       "every terminal on this database\n", vigil_drugs_count(drugs),
			       vigil_substances_count(drugs), vigil_drugs_hash(drugs));
		else
			rc = cli_fail(&err);
		cli_logout(&session);
	}
	vigil_drugs_free(drugs);
	free(text);
	return rc;
}

/* ---- vigil patient last-use -------------------------------------------- */

struct use_list {
	const vigil_drugs *drugs;
	size_t rows;
};

static int print_use(const vigil_chart_entry *e, void *ctx)
{
	struct use_list *l = ctx;
	char name[32], when[VIGIL_TIME_LOCAL_LEN];
	const vigil_substance *sub;
	vigil_error err;
	if (l->rows++ == 0)
		printf("%-6s %-16s %-14s %s\n", "ID", "LAST USED", "KIND", "BY");
	vigil_chart_entry_name(e->kind, e->id, name, sizeof name);
	vigil_time_format_local(e->at, when, sizeof when);
	printf("%-6s %-16s ", name, when);
	cli_put_cell(e->substance, 14);
	putchar(' ');
	cli_put_text(e->performer);
	if (vigil_substances_lookup(l->drugs, e->substance, &sub, &err) == VIGIL_OK &&
	    strcmp(sub->label, sub->key) != 0) {
		fputs("  (", stdout);
		cli_put_text(sub->label);
		putchar(')');
	}
	if (*e->note) {
		fputs("  note: ", stdout);
		cli_put_text(e->note);
	}
	putchar('\n');
	return 0;
}

static int list_last_uses(vigil_session *session, const vigil_protocols *protocols,
                          const char *mrn)
{
	struct use_list l = { .drugs = vigil_protocols_drugs(protocols) };
	vigil_chart_query q = { .mrn = mrn, .kinds = 1u << VIGIL_CHART_LAST_USE };
	vigil_error err;
	if (vigil_chart_each(session, &q, print_use, &l, &err) != VIGIL_OK)
		return cli_fail(&err);
	if (l.rows == 0)
		printf("(no last use recorded)\n");
	return EXIT_OK;
}

int cmd_patient_last_use(struct cli *cli, int argc, char **argv)
{
	const char *at_text = NULL, *note = NULL, *pos[2];
	size_t npos;
	const struct cli_option options[] = { { "--at", &at_text, NULL },
		                              { "--note", &note, NULL },
		                              { NULL, NULL, NULL } };
	int rc = cli_parse(cli, argc, argv, options, pos, 2, &npos);
	if (rc != EXIT_OK)
		return rc;
	if (npos < 1)
		return cli_usage_error(cli, "missing MRN");
	if (npos == 1 && (at_text || note))
		return cli_usage_error(cli, "missing KIND (--at and --note record a last use)");
	vigil_time at = 0;
	if ((rc = cli_parse_time(at_text, "--at", &at)) != EXIT_OK)
		return rc;
	vigil_session session;
	struct cli_rules r;
	vigil_error err;
	if ((rc = cli_login(cli, &session)) != EXIT_OK)
		return rc;
	if ((rc = cli_rules_load(&session, &r)) == EXIT_OK) {
		int64_t id;
		if (npos == 1)
			rc = list_last_uses(&session, r.protocols, pos[0]);
		else if (vigil_last_use_record(&session, r.protocols, pos[0], pos[1], at, note, &id,
		                               &err) == VIGIL_OK)
			rc = cli_chart_print_id(&session, r.protocols, id);
		else
			rc = cli_fail(&err);
		cli_rules_free(&r);
	}
	cli_logout(&session);
	return rc;
}

/* ---- vigil readiness --------------------------------------------------- */

static vigil_status readiness_of(vigil_session *session, const vigil_protocols *protocols,
                                 const char *mrn, vigil_readiness *out, vigil_error *err)
{
	vigil_patient p;
	vigil_time now;
	vigil_status s = vigil_patient_get(session, mrn, &p, err);
	if (s == VIGIL_OK)
		s = vigil_clock_now(&now, err);
	if (s != VIGIL_OK)
		return s;
	vigil_patient_state *st = malloc(sizeof *st);
	if (!st)
		return vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	s = vigil_patient_state_load(session, protocols, &p, st, err);
	if (s == VIGIL_OK)
		s = vigil_readiness_get(session, st, now, out, err);
	free(st);
	return s;
}

int cmd_readiness(struct cli *cli, int argc, char **argv)
{
	const char *pos[1];
	size_t npos;
	int rc = cli_parse(cli, argc, argv, NULL, pos, 1, &npos);
	if (rc != EXIT_OK)
		return rc;
	if (npos < 1)
		return cli_usage_error(cli, "missing MRN");
	vigil_session session;
	struct cli_rules r;
	vigil_error err;
	if ((rc = cli_login(cli, &session)) != EXIT_OK)
		return rc;
	if ((rc = cli_rules_load(&session, &r)) == EXIT_OK) {
		vigil_readiness rd;
		if (readiness_of(&session, r.protocols, pos[0], &rd, &err) == VIGIL_OK) {
			/* Decision support, never an order: labelled so, whether or
			 * not the unit's criteria are met (exit 0 either way). */
			fputs("induction readiness (decision support", stdout);
			if (rd.applies) {
				fputs(", ", stdout);
				cli_put_text(rd.protocol);
			}
			fputs("): ", stdout);
			cli_put_text(rd.line);
			putchar('\n');
		} else {
			rc = cli_fail(&err);
		}
		cli_rules_free(&r);
	}
	cli_logout(&session);
	return rc;
}
