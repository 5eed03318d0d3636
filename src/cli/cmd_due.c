/* cmd_due.c - due, monitor, skip (not done), protocol install and show */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "vigil/chart.h"
#include "vigil/due.h"
#include "vigil/protocol.h"

static const char *scale_name(const vigil_scale_state *st)
{
	return st->def ? st->def->name : st->scale;
}

/* "in 45m", "over 1h 05m", "now" */
static void until_words(vigil_time due, vigil_time now, int64_t grace, char *buf, size_t size)
{
	char d[32];
	vigil_duration_format(due - now, d, sizeof d);
	if (due - now > -60 && due - now < 60)
		snprintf(buf, size, "now");
	else if (now < due)
		snprintf(buf, size, "in %s", d);
	else if (now < due + grace)
		snprintf(buf, size, "due %s ago", d);
	else
		snprintf(buf, size, "over %s", d);
}

/* ---- vigil due ------------------------------------------------------ */

struct due_print {
	vigil_session *session;
	const vigil_protocols *protocols;
	vigil_time now;
	size_t rows;
	/* Patients whose 24-hour dose flags are shown, by id. */
	int64_t *seen;
	size_t nseen, cap;
	vigil_status status; /* a failure inside the listing */
	vigil_error err;
};

/* Whether the patient's dose flags are still to be shown (and now are). */
static bool first_sight(struct due_print *dp, int64_t patient_id)
{
	for (size_t i = 0; i < dp->nseen; i++)
		if (dp->seen[i] == patient_id)
			return false;
	if (dp->nseen == dp->cap) {
		size_t cap = dp->cap ? dp->cap * 2 : 16;
		int64_t *seen = realloc(dp->seen, cap * sizeof *seen);
		if (!seen) {
			dp->status = vigil_fail(&dp->err, VIGIL_ENOMEM, "out of memory");
			return false;
		}
		dp->seen = seen;
		dp->cap = cap;
	}
	dp->seen[dp->nseen++] = patient_id;
	return true;
}

/* Doses at or over a protocol's 24-hour maximum: "! lorazepam 13 mg in
 * 24 h: over the protocol's 12 mg: tell the clinician", indented as a
 * row's warnings are, or after bed and MRN when the patient has no row. */
static int print_caps(struct due_print *dp, const vigil_patient *p, bool own_row)
{
	vigil_cap_flags caps;
	dp->status = vigil_dose_caps(dp->session, dp->protocols, p, dp->now, &caps, &dp->err);
	if (dp->status != VIGIL_OK)
		return 1;
	for (size_t i = 0; i < caps.n; i++) {
		if (own_row) {
			printf("%57s", "! ");
		} else {
			putchar('!');
			cli_put_cell(p->bed, 4);
			putchar(' ');
			cli_put_cell(p->mrn, 10);
			putchar(' ');
		}
		cli_put_text(caps.text[i]);
		putchar('\n');
	}
	return 0;
}

static int print_due(const vigil_due_row *row, void *ctx)
{
	struct due_print *dp = ctx;
	const vigil_scale_state *st = row->state;
	char when[VIGIL_TIME_LOCAL_LEN], until[40];
	vigil_time_format_local(st->due_at, when, sizeof when);
	until_words(st->due_at, dp->now, st->grace, until, sizeof until);
	if (dp->rows++ == 0)
		printf(" %-4s %-10s %-8s %-16s %-13s %s\n", "BED", "MRN", "SCALE", "DUE", "", "WHY");
	putchar(vigil_scale_overdue(st, dp->now) ? '!' : ' ');
	cli_put_cell(row->patient->bed, 4);
	putchar(' ');
	cli_put_cell(row->patient->mrn, 10);
	putchar(' ');
	cli_put_cell(scale_name(st), 8);
	printf(" %-16s %-13s ", when, until);
	cli_put_text(st->why);
	putchar('\n');
	if (st->flagged) {
		printf("%57s", "");
		cli_put_text(st->flag);
		putchar('\n');
	}
	for (size_t i = 0; i < st->nwarnings; i++) {
		printf("%57s", "warning: ");
		cli_put_text(st->warnings[i].text);
		putchar('\n');
	}
	/* A patient's dose flags once, under their first (most urgent) row. */
	if (first_sight(dp, row->patient->id))
		return print_caps(dp, row->patient, true);
	return dp->status != VIGIL_OK;
}

/* Patients with no row shown (none due in the filter, or not timed) still
 * get their dose flags: a dose over the maximum is never hidden. */
static int print_other_caps(const vigil_patient *p, void *ctx)
{
	struct due_print *dp = ctx;
	if (!first_sight(dp, p->id))
		return dp->status != VIGIL_OK;
	return print_caps(dp, p, false);
}

int cmd_due(struct cli *cli, int argc, char **argv)
{
	const char *within = NULL;
	bool overdue = false;
	size_t npos;
	const struct cli_option options[] = { { "--overdue", NULL, &overdue },
		                              { "--within", &within, NULL },
		                              { NULL, NULL, NULL } };
	int rc = cli_parse(cli, argc, argv, options, NULL, 0, &npos);
	if (rc != EXIT_OK)
		return rc;
	vigil_due_filter filter = { .overdue_only = overdue };
	vigil_error err;
	if (within && vigil_duration_parse(within, &filter.within, &err) != VIGIL_OK)
		return cli_usage_error(cli, "--within: %s", err.msg);
	vigil_session session;
	struct cli_rules r;
	if ((rc = cli_login(cli, &session)) != EXIT_OK)
		return rc;
	struct due_print dp = { .session = &session, .status = VIGIL_OK };
	if ((rc = cli_rules_load(&session, &r)) == EXIT_OK) {
		dp.protocols = r.protocols;
		vigil_status s = vigil_clock_now(&dp.now, &err);
		if (s == VIGIL_OK)
			s = vigil_due_list(&session, r.protocols, &filter, print_due, &dp, &err);
		if (s == VIGIL_OK && dp.status == VIGIL_OK && dp.rows == 0)
			printf(overdue ? "(nothing overdue)\n" : "(nothing due)\n");
		if (s == VIGIL_OK && dp.status == VIGIL_OK)
			s = vigil_patient_list(&session, false, print_other_caps, &dp, &err);
		if (s != VIGIL_OK)
			rc = cli_fail(&err);
		else if (dp.status != VIGIL_OK)
			rc = cli_fail(&dp.err);
		cli_rules_free(&r);
	}
	free(dp.seen);
	cli_logout(&session);
	return rc;
}

/* ---- vigil monitor -------------------------------------------------- */

static void print_state(const vigil_patient_state *ps, vigil_time now)
{
	for (size_t i = 0; i < ps->nscales; i++) {
		const vigil_scale_state *st = &ps->scales[i];
		printf("%-8s ", scale_name(st));
		char band[VIGIL_BAND_WORDS_MAX];
		if (st->has_last) /* the scale's own words for the band */
			printf("last %d/%d%s%s", st->last_total, st->last_max, *st->last_band ? " " : "",
			       vigil_scale_band_words(st->def, st->last_band, band, sizeof band));
		else
			printf("no assessment yet");
		if (st->timed) {
			char when[VIGIL_TIME_LOCAL_LEN], until[40];
			vigil_time_format_local(st->due_at, when, sizeof when);
			until_words(st->due_at, now, st->grace, until, sizeof until);
			printf("; due %s (%s): ", when, until);
			cli_put_text(st->why);
		} else {
			printf("; not timed (no protocol)");
		}
		putchar('\n');
	}
}

/* What a change left: the patient's active scales, and now. */
struct after {
	vigil_patient_state *state; /* free it */
	vigil_time now;
};

static vigil_status after_load(vigil_session *session, const struct cli_rules *r,
                               const char *mrn, struct after *out, vigil_error *err)
{
	vigil_patient p;
	vigil_status s = vigil_patient_get(session, mrn, &p, err);
	if (s == VIGIL_OK)
		s = vigil_clock_now(&out->now, err);
	if (s != VIGIL_OK)
		return s;
	if (!(out->state = malloc(sizeof *out->state)))
		return vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	s = vigil_patient_state_load(session, r->protocols, &p, out->state, err);
	if (s != VIGIL_OK) {
		free(out->state);
		out->state = NULL;
	}
	return s;
}

int cmd_monitor(struct cli *cli, int argc, char **argv)
{
	const char *reason = NULL, *pos[2];
	bool stop = false;
	size_t npos;
	const struct cli_option options[] = { { "--stop", NULL, &stop },
		                              { "--reason", &reason, NULL },
		                              { NULL, NULL, NULL } };
	int rc = cli_parse(cli, argc, argv, options, pos, 2, &npos);
	if (rc != EXIT_OK)
		return rc;
	if (npos < 1)
		return cli_usage_error(cli, "missing MRN");
	if (npos < 2)
		return cli_usage_error(cli, "missing SCALE");
	if (stop && !reason)
		return cli_usage_error(cli, "missing --reason TEXT (why monitoring stops)");
	if (!stop && reason)
		return cli_usage_error(cli, "--reason goes with --stop");
	vigil_session session;
	struct cli_rules r;
	vigil_error err;
	if ((rc = cli_login(cli, &session)) != EXIT_OK)
		return rc;
	if ((rc = cli_rules_load(&session, &r)) == EXIT_OK) {
		vigil_status s = stop ? vigil_monitor_stop(&session, r.protocols, pos[0], pos[1], reason,
		                                           &err)
		                      : vigil_monitor_start(&session, r.protocols, pos[0], pos[1], &err);
		struct after after;
		if (s == VIGIL_OK)
			s = after_load(&session, &r, pos[0], &after, &err);
		if (s == VIGIL_OK) {
			const vigil_scale *def = vigil_scales_find(r.scales, pos[1]);
			printf("%s monitoring %s for %s\n", def ? def->name : pos[1],
			       stop ? "stopped" : "started", after.state->patient.mrn);
			print_state(after.state, after.now);
		} else {
			rc = cli_fail(&err);
		}
		if (s == VIGIL_OK)
			free(after.state);
		cli_rules_free(&r);
	}
	cli_logout(&session);
	return rc;
}

/* ---- vigil skip ----------------------------------------------------- */

int cmd_skip(struct cli *cli, int argc, char **argv)
{
	const char *why_text = NULL, *note = NULL, *at_text = NULL, *pos[2];
	size_t npos;
	const struct cli_option options[] = { { "--why", &why_text, NULL },
		                              { "--note", &note, NULL },
		                              { "--at", &at_text, NULL },
		                              { NULL, NULL, NULL } };
	int rc = cli_parse(cli, argc, argv, options, pos, 2, &npos);
	if (rc != EXIT_OK)
		return rc;
	if (npos < 1)
		return cli_usage_error(cli, "missing MRN");
	if (npos < 2)
		return cli_usage_error(cli, "missing SCALE");
	if (!why_text)
		return cli_usage_error(cli, "missing --why asleep|refused|off-ward|other");
	vigil_error err;
	vigil_not_done_input in = { .mrn = pos[0], .scale = pos[1], .note = note };
	if (vigil_not_done_why_parse(why_text, &in.why, &err) != VIGIL_OK)
		return cli_fail(&err);
	if ((rc = cli_parse_time(at_text, "--at", &in.performed_at)) != EXIT_OK)
		return rc;
	vigil_session session;
	struct cli_rules r;
	if ((rc = cli_login(cli, &session)) != EXIT_OK)
		return rc;
	if ((rc = cli_rules_load(&session, &r)) == EXIT_OK) {
		int64_t id;
		struct after after;
		if (vigil_not_done_record(&session, r.protocols, &in, &id, &err) == VIGIL_OK &&
		    after_load(&session, &r, pos[0], &after, &err) == VIGIL_OK) {
			printf("not done N%lld: %s\n", (long long)id, vigil_not_done_why_name(in.why));
			print_state(after.state, after.now);
			free(after.state);
		} else {
			rc = cli_fail(&err);
		}
		cli_rules_free(&r);
	}
	cli_logout(&session);
	return rc;
}

/* ---- not-done records: show, amend, void (N12) ------------------------ */

bool cli_is_not_done_id(const char *text)
{
	return text && (text[0] == 'N' || text[0] == 'n') && text[1] >= '0' && text[1] <= '9';
}

static int parse_not_done_id(struct cli *cli, const char *text, int64_t *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(text + 1, &end, 10);
	if (errno || end == text + 1 || *end || v <= 0)
		return cli_usage_error(cli, "'%s' is not a not-done record id (like N12)", text);
	*out = v;
	return EXIT_OK;
}

static void print_not_done(const vigil_not_done *nd, const vigil_scales *scales)
{
	char when[VIGIL_TIME_LOCAL_LEN];
	const vigil_scale *s = vigil_scales_find(scales, nd->scale);
	printf("not done N%lld: %s %s\n", (long long)nd->id, s ? s->name : nd->scale,
	       vigil_not_done_why_name(nd->why));
	printf("%-13s %s\n", "patient", nd->mrn);
	vigil_time_format_local(nd->performed_at, when, sizeof when);
	printf("%-13s %s\n", "at", when);
	vigil_time_format_local(nd->entered_at, when, sizeof when);
	printf("%-13s %s%s\n", "entered", when, nd->late ? " (late)" : "");
	printf("%-13s ", "by");
	cli_put_text(nd->entered_by);
	putchar('\n');
	if (*nd->note) {
		printf("%-13s ", "note");
		cli_put_text(nd->note);
		putchar('\n');
	}
	if (nd->supersedes) {
		printf("%-13s N%lld because ", "corrects", (long long)nd->supersedes);
		cli_put_text(nd->amend_reason);
		putchar('\n');
	}
	printf("%-13s %s\n", "status",
	       nd->status == VIGIL_ASSESS_FINAL && nd->supersedes
	               ? "corrected"
	               : vigil_assess_status_name(nd->status));
	if (nd->status != VIGIL_ASSESS_FINAL) {
		vigil_time_format_local(nd->corrected_at, when, sizeof when);
		printf("%-13s ", "corrected by");
		cli_put_text(nd->corrected_by);
		printf(" at %s because ", when);
		cli_put_text(nd->correction_reason);
		putchar('\n');
	}
}

int cli_not_done_show(struct cli *cli, const char *id_text)
{
	int64_t id;
	int rc = parse_not_done_id(cli, id_text, &id);
	vigil_scales *scales;
	if (rc != EXIT_OK || (rc = cli_load_scales(&scales)) != EXIT_OK)
		return rc;
	vigil_session session;
	vigil_not_done nd;
	vigil_error err;
	if ((rc = cli_login(cli, &session)) == EXIT_OK) {
		if (vigil_not_done_get(&session, id, &nd, &err) == VIGIL_OK)
			print_not_done(&nd, scales);
		else
			rc = cli_fail(&err);
		cli_logout(&session);
	}
	vigil_scales_free(scales);
	return rc;
}

int cli_not_done_amend(struct cli *cli, const char *id_text, const char *why_text,
                       const char *note, const char *reason)
{
	int64_t id, new_id;
	vigil_error err;
	int rc = parse_not_done_id(cli, id_text, &id);
	if (rc != EXIT_OK)
		return rc;
	if (!why_text && !note)
		return cli_usage_error(cli, "missing --why or --note (what changes)");
	vigil_session session;
	vigil_not_done nd;
	if ((rc = cli_login(cli, &session)) != EXIT_OK)
		return rc;
	vigil_not_done_why why;
	vigil_status s = vigil_not_done_get(&session, id, &nd, &err);
	why = nd.why;
	if (s == VIGIL_OK && why_text)
		s = vigil_not_done_why_parse(why_text, &why, &err);
	if (s == VIGIL_OK)
		s = vigil_not_done_amend(&session, id, why, note, reason, &new_id, &err);
	if (s == VIGIL_OK)
		printf("not done N%lld (corrects N%lld): %s\n", (long long)new_id, (long long)id,
		       vigil_not_done_why_name(why));
	else
		rc = cli_fail(&err);
	cli_logout(&session);
	return rc;
}

int cli_not_done_void(struct cli *cli, const char *id_text, const char *reason)
{
	int64_t id;
	vigil_error err;
	int rc = parse_not_done_id(cli, id_text, &id);
	if (rc != EXIT_OK)
		return rc;
	vigil_session session;
	if ((rc = cli_login(cli, &session)) != EXIT_OK)
		return rc;
	if (vigil_not_done_void(&session, id, reason, &err) == VIGIL_OK)
		printf("not done N%lld marked entered in error\n", (long long)id);
	else
		rc = cli_fail(&err);
	cli_logout(&session);
	return rc;
}

/* ---- vigil protocol ------------------------------------------------- */

int cmd_protocol_install(struct cli *cli, int argc, char **argv)
{
	const char *pos[1];
	size_t npos;
	int rc = cli_parse(cli, argc, argv, NULL, pos, 1, &npos);
	if (rc != EXIT_OK)
		return rc;
	if (npos != 1)
		return cli_usage_error(cli, "missing FILE");
	char *text = NULL;
	vigil_scales *scales;
	vigil_error err;
	vigil_protocol *p;
	if ((rc = cli_read_text(pos[0], VIGIL_PROTOCOL_TEXT_LIMIT, "a protocol file", &text)) != EXIT_OK)
		return rc;
	if ((rc = cli_load_scales(&scales)) != EXIT_OK) {
		free(text);
		return rc;
	}
	/* A bad file is refused before the password is asked. */
	if (vigil_protocol_parse(pos[0], text, scales, &p, &err) != VIGIL_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	vigil_session session;
	if ((rc = cli_login(cli, &session)) == EXIT_OK) {
		if (vigil_protocol_install(&session, scales, pos[0], text, &err) == VIGIL_OK)
			printf("protocol for %s installed (%.16s...); it governs every terminal on this "
			       "database\n", p->scale, p->hash);
		else
			rc = cli_fail(&err);
		cli_logout(&session);
	}
	vigil_protocol_free(p);
out:
	vigil_scales_free(scales);
	free(text);
	return rc;
}

static void print_protocol(const vigil_protocol *p)
{
	printf("# %s protocol, %s (%s)\n# hash %s\n", p->scale, p->origin, p->source, p->hash);
	fputs(p->text, stdout);
	size_t n = strlen(p->text);
	if (n && p->text[n - 1] != '\n')
		putchar('\n');
}

int cmd_protocol_show(struct cli *cli, int argc, char **argv)
{
	const char *pos[1];
	size_t npos;
	int rc = cli_parse(cli, argc, argv, NULL, pos, 1, &npos);
	if (rc != EXIT_OK)
		return rc;
	vigil_session session;
	struct cli_rules r;
	vigil_error err;
	if ((rc = cli_login(cli, &session)) != EXIT_OK)
		return rc;
	if ((rc = cli_rules_load(&session, &r)) == EXIT_OK) {
		const vigil_scale *s = NULL;
		if (npos == 1 && vigil_scales_lookup(r.scales, pos[0], &s, &err) != VIGIL_OK) {
			rc = cli_fail(&err);
		} else if (s) {
			const vigil_protocol *p = vigil_protocols_find(r.protocols, s->key);
			if (p)
				print_protocol(p);
			else
				printf("%s has no protocol: it is monitored but not timed\n", s->name);
		} else {
			for (size_t i = 0; i < vigil_protocols_count(r.protocols); i++) {
				if (i)
					putchar('\n');
				print_protocol(vigil_protocols_at(r.protocols, i));
			}
		}
		cli_rules_free(&r);
	}
	cli_logout(&session);
	return rc;
}
