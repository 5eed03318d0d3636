/* test_protocol.c - reassessment protocols without a database: the two
 * shipped protocols read against the built-in scales; what they say after
 * hand-built histories (every interval boundary, the why text, step-downs,
 * warnings by total, item and measure, look-backs); durations; the
 * decision support lines (dose ranges, 24-hour maximums, buprenorphine
 * readiness, vital limits) and their queries at every boundary; and a
 * protocol file refused for every kind of mistake, with the line it is on.
 *
 * Histories are given newest first, as vigil_protocol_evaluate takes them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vigil/assessment.h"
#include "vigil/measure.h"
#include "vigil/protocol.h"
#include "vigil/scale.h"
#include "builtin.h"

#define HOUR 3600
#define MINUTE 60
/* 2026-11-21 12:00 UTC: any fixed instant will do, the rules use spans. */
#define T0 ((vigil_time)1795262400)

static vigil_scales *scales;
static vigil_protocol *cows_p, *ciwa_p;
static const vigil_scale *cows, *ciwa;

/* ---- helpers --------------------------------------------------------- */

static const char *builtin_text(const char *file)
{
	for (size_t i = 0; i < vigil_builtin_protocol_count; i++)
		if (!strcmp(vigil_builtin_protocols[i].file, file))
			return vigil_builtin_protocols[i].text;
	fail_msg("no built-in protocol %s", file);
	return NULL;
}

static vigil_protocol *parse_ok(const char *source, const char *text)
{
	vigil_protocol *p = NULL;
	vigil_error err = { 0 };
	if (vigil_protocol_parse(source, text, scales, &p, &err) != VIGIL_OK)
		fail_msg("unexpected refusal: %s", err.msg);
	return p;
}

/* Parses text that must be refused with exactly message. */
static void expect_refused(const char *text, const char *message)
{
	vigil_protocol *p = (vigil_protocol *)1;
	vigil_error err = { 0 };
	vigil_status s = vigil_protocol_parse("unit.protocol", text, scales, &p, &err);
	if (s != VIGIL_EINVAL)
		fail_msg("accepted (status %d), wanted: %s\n--- text:\n%s", (int)s, message, text);
	assert_null(p);
	if (strcmp(err.msg, message) != 0)
		fail_msg("wrong message\n   got: %s\nwanted: %s", err.msg, message);
}

/* A hand-built assessment: every item scored 0, then filled to total in
 * the order given (the items a warning watches last, so a plain total
 * sets none of them off until it must). */
static const char *const ciwa_fill[] = { "nausea",  "tremor",  "sweats",   "anxiety",
	                                 "agitation", "headache", "tactile", "auditory",
	                                 "visual",  "orientation", NULL };
static const char *const cows_fill[] = { "sweating", "restlessness", "pupils",  "aches",
	                                 "nose",     "gi",           "tremor",  "yawning",
	                                 "anxiety",  "gooseflesh",   "pulse",   NULL };

static vigil_item_value *item_of(vigil_assessment *a, const char *key)
{
	for (size_t i = 0; i < a->nitems; i++)
		if (!strcmp(a->items[i].key, key))
			return &a->items[i];
	fail_msg("no item %s", key);
	return NULL;
}

static void set_band(vigil_assessment *a, const vigil_scale *s)
{
	const vigil_band *b = vigil_scale_band(s, a->total);
	snprintf(a->band, sizeof a->band, "%s", b ? b->key : "");
}

static void make(vigil_assessment *a, const vigil_scale *s, int total, vigil_time at)
{
	memset(a, 0, sizeof *a);
	snprintf(a->scale, sizeof a->scale, "%s", s->key);
	a->performed_at = a->entered_at = at;
	a->max_total = s->max_total;
	a->nitems = s->nitems;
	for (size_t i = 0; i < s->nitems; i++)
		snprintf(a->items[i].key, sizeof a->items[i].key, "%s", s->items[i].key);
	const char *const *order = s == ciwa ? ciwa_fill : cows_fill;
	int left = total;
	for (; *order && left > 0; order++) {
		const vigil_item *it = vigil_scale_item(s, *order, NULL);
		int pick = 0;
		for (size_t j = 0; j < it->nscores; j++)
			if (it->scores[j].score <= left && it->scores[j].score > pick)
				pick = it->scores[j].score;
		item_of(a, *order)->score = pick;
		left -= pick;
	}
	assert_int_equal(left, 0);
	a->total = total;
	set_band(a, s);
}

/* Changes one item's score, keeping the total the sum of the items. */
static void score(vigil_assessment *a, const vigil_scale *s, const char *key, int value)
{
	vigil_item_value *v = item_of(a, key);
	a->total += value - v->score;
	v->score = value;
	set_band(a, s);
}

/* The COWS pulse item with its measured rate (and the score it gives). */
static void pulse(vigil_assessment *a, int hr)
{
	int derived;
	vigil_error err;
	const vigil_item *it = vigil_scale_item(cows, "pulse", NULL);
	assert_int_equal(vigil_item_derive(it, hr, &derived, &err), VIGIL_OK);
	score(a, cows, "pulse", derived);
	vigil_item_value *v = item_of(a, "pulse");
	v->has_raw = true;
	v->raw = hr;
}

struct history {
	size_t n;
	vigil_assessment rows[16];
	const vigil_assessment *hist[16];
};

/* Adds the next older assessment to h and returns it. */
static vigil_assessment *older(struct history *h, const vigil_scale *s, int total,
                               vigil_time at)
{
	assert_true(h->n < 16);
	vigil_assessment *a = &h->rows[h->n];
	make(a, s, total, at);
	h->hist[h->n++] = a;
	return a;
}

static vigil_protocol_result eval(const vigil_protocol *p, const vigil_scale *s,
                                  const struct history *h)
{
	vigil_protocol_result r;
	vigil_protocol_evaluate(p, s, h->hist, h->n, &r);
	return r;
}

/* The result of one assessment alone. */
static vigil_protocol_result one(const vigil_protocol *p, const vigil_scale *s, int total)
{
	struct history h = { 0 };
	older(&h, s, total, T0);
	return eval(p, s, &h);
}

/* The warnings, joined by " | ", for exact comparison. */
static const char *warnings(const vigil_protocol_result *r)
{
	static char buf[VIGIL_WARNINGS_MAX * (VIGIL_WARNING_MAX + 3)];
	buf[0] = '\0';
	for (size_t i = 0; i < r->nwarnings; i++) {
		if (i)
			strcat(buf, " | ");
		strcat(buf, r->warnings[i].text);
	}
	return buf;
}

static int setup_group(void **state)
{
	(void)state;
	vigil_error err;
	setenv("TZ", "Europe/London", 1);
	tzset();
	unsetenv("VIGIL_SCALES");
	if (vigil_scales_load(&scales, &err) != VIGIL_OK)
		return -1;
	cows = vigil_scales_find(scales, "cows");
	ciwa = vigil_scales_find(scales, "ciwa-ar");
	if (!cows || !ciwa ||
	    vigil_protocol_parse("cows.protocol", builtin_text("cows.protocol"), scales, &cows_p,
	                         &err) != VIGIL_OK ||
	    vigil_protocol_parse("ciwa-ar.protocol", builtin_text("ciwa-ar.protocol"), scales,
	                         &ciwa_p, &err) != VIGIL_OK)
		return -1;
	return 0;
}

static int teardown_group(void **state)
{
	(void)state;
	vigil_protocol_free(cows_p);
	vigil_protocol_free(ciwa_p);
	vigil_scales_free(scales);
	return 0;
}

/* The smallest whole protocols: lines 1-3. */
#define COWS_HEAD "protocol cows\nevery 0-12 4h\nevery 13-48 1h\n" /* lines 1-3 */
#define CIWA_HEAD "protocol ciwa-ar\nevery 0-9 4h\nevery 10-67 1h\n"

/* ---- the shipped protocols --------------------------------------------- */

static void test_shipped_cows(void **state)
{
	(void)state;
	const vigil_protocol *p = cows_p;
	assert_string_equal(p->scale, "cows");
	assert_string_equal(p->name, "COWS: 4-hourly, hourly from moderate");
	assert_string_equal(p->source, "cows.protocol");
	assert_string_equal(p->origin, "built in");
	assert_string_equal(p->text, builtin_text("cows.protocol"));
	assert_int_equal(strlen(p->hash), 64);
	assert_int_equal(strspn(p->hash, "0123456789abcdef"), 64);
	/* 0-12 every 4 hours, 13-48 hourly, no step-down. */
	assert_int_equal(p->nintervals, 2);
	assert_int_equal(p->intervals[0].lo, 0);
	assert_int_equal(p->intervals[0].hi, 12);
	assert_int_equal(p->intervals[0].every, 4 * HOUR);
	assert_int_equal(p->intervals[0].in_a_row, 0);
	assert_int_equal(p->intervals[0].line, 9);
	assert_int_equal(p->intervals[1].lo, 13);
	assert_int_equal(p->intervals[1].hi, 48);
	assert_int_equal(p->intervals[1].every, HOUR);
	assert_int_equal(p->intervals[1].line, 10);
	/* Reassess within the hour of any dose; no grace. */
	assert_int_equal(vigil_protocol_after_dose(p, NULL), HOUR);
	assert_int_equal(vigil_protocol_after_dose(p, "buprenorphine"), HOUR);
	assert_int_equal(p->grace, 0);
	/* Asleep: recheck in 2 h; refused, off the ward, other: still due. */
	assert_true(p->not_done[VIGIL_NOT_DONE_ASLEEP].recheck);
	assert_int_equal(p->not_done[VIGIL_NOT_DONE_ASLEEP].after, 2 * HOUR);
	assert_false(p->not_done[VIGIL_NOT_DONE_REFUSED].recheck);
	assert_false(p->not_done[VIGIL_NOT_DONE_OFF_WARD].recheck);
	assert_false(p->not_done[VIGIL_NOT_DONE_OTHER].recheck);
	/* Two warnings: the total and the measured pulse. */
	assert_int_equal(p->nwarns, 2);
	assert_int_equal(p->warns[0].kind, VIGIL_SUBJECT_TOTAL);
	assert_int_equal(p->warns[0].lo, 37);
	assert_int_equal(p->warns[0].line, 22);
	assert_int_equal(p->warns[1].kind, VIGIL_SUBJECT_MEASURE);
	assert_string_equal(p->warns[1].subjects[0], "hr");
	assert_int_equal(p->warns[1].lo, 20);
	assert_int_equal(p->warns[1].hi, 39);
	assert_int_equal(p->warns[1].line, 23);
	/* The induction threshold on the chart. */
	assert_int_equal(p->nchart_lines, 1);
	assert_int_equal(p->chart_lines[0].total, 8);
	assert_string_equal(p->chart_lines[0].label, "induction threshold (COWS 8)");
	assert_int_equal(p->needs_history, 1);
	assert_int_equal(p->needs_span, 0);
}

static void test_shipped_ciwa(void **state)
{
	(void)state;
	const vigil_protocol *p = ciwa_p;
	assert_string_equal(p->scale, "ciwa-ar");
	assert_string_equal(p->name, "CIWA-Ar: 4-hourly, hourly from moderate (ASAM 2020 bands)");
	assert_int_equal(p->nintervals, 2);
	assert_int_equal(p->intervals[0].hi, 9);
	assert_int_equal(p->intervals[0].every, 4 * HOUR);
	assert_int_equal(p->intervals[1].lo, 10);
	assert_int_equal(p->intervals[1].hi, 67);
	assert_int_equal(p->intervals[1].every, HOUR);
	assert_int_equal(p->nwarns, 5);
	assert_int_equal(p->warns[1].kind, VIGIL_SUBJECT_ITEM);
	assert_int_equal(p->warns[1].nsubjects, 3);
	assert_string_equal(p->warns[1].subjects[2], "visual");
	assert_int_equal(p->warns[3].in_a_row, 2);
	assert_int_equal(p->warns[4].for_seconds, 48 * HOUR);
	assert_int_equal(p->warns[4].hi, 7);
	assert_int_equal(p->nchart_lines, 0);
	/* The look-backs tell the store how much history to read. */
	assert_int_equal(p->needs_history, 2);
	assert_int_equal(p->needs_span, 48 * HOUR);
}

static void test_builtin_set(void **state)
{
	(void)state;
	vigil_protocols *set = NULL;
	vigil_error err;
	assert_int_equal(vigil_protocols_builtin(scales, &set, &err), VIGIL_OK);
	assert_int_equal(vigil_protocols_count(set), 2);
	assert_ptr_equal(vigil_protocols_scales(set), scales);
	/* Found whatever the case; SOWS and craving are monitored, not timed. */
	const vigil_protocol *p = vigil_protocols_find(set, "COWS");
	assert_non_null(p);
	assert_string_equal(p->scale, "cows");
	assert_string_equal(p->source, "builtin:cows.protocol");
	assert_string_equal(p->hash, cows_p->hash);
	assert_non_null(vigil_protocols_find(set, "ciwa-ar"));
	assert_null(vigil_protocols_find(set, "sows"));
	assert_null(vigil_protocols_find(set, "craving"));
	assert_null(vigil_protocols_find(set, NULL));
	assert_null(vigil_protocols_at(set, 2));
	vigil_protocols_free(set);
}

/* ---- intervals ------------------------------------------------------- */

static void test_cows_boundaries(void **state)
{
	(void)state;
	static const struct {
		int total;
		int64_t every;
		const char *why;
	} cases[] = {
		{ 0, 4 * HOUR, "COWS 0 no active withdrawal: 4-hourly" },
		{ 4, 4 * HOUR, "COWS 4 no active withdrawal: 4-hourly" },
		{ 5, 4 * HOUR, "COWS 5 mild: 4-hourly" },
		{ 12, 4 * HOUR, "COWS 12 mild: 4-hourly" },
		{ 13, HOUR, "COWS 13 moderate: hourly" },
		{ 36, HOUR, "COWS 36 moderately severe: hourly" },
		{ 48, HOUR, "COWS 48 severe: hourly" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		vigil_protocol_result r = one(cows_p, cows, cases[i].total);
		assert_int_equal(r.every, cases[i].every);
		assert_string_equal(r.why, cases[i].why);
		assert_non_null(r.rule);
		assert_int_equal(r.rule->every, cases[i].every);
	}
}

static void test_ciwa_boundaries(void **state)
{
	(void)state;
	static const struct {
		int total;
		int64_t every;
		const char *why;
	} cases[] = {
		{ 0, 4 * HOUR, "CIWA-Ar 0 mild: 4-hourly" },
		{ 9, 4 * HOUR, "CIWA-Ar 9 mild: 4-hourly" },
		{ 10, HOUR, "CIWA-Ar 10 moderate: hourly" },
		{ 18, HOUR, "CIWA-Ar 18 moderate: hourly" },
		{ 20, HOUR, "CIWA-Ar 20 severe: hourly" },
		{ 67, HOUR, "CIWA-Ar 67 severe: hourly" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		vigil_protocol_result r = one(ciwa_p, ciwa, cases[i].total);
		assert_int_equal(r.every, cases[i].every);
		assert_string_equal(r.why, cases[i].why);
	}
	/* Only the latest counts for the base rule: 20 after a run of 5s is
	 * hourly, 5 after a 20 is back to 4-hourly. */
	struct history h = { 0 };
	older(&h, ciwa, 20, T0);
	older(&h, ciwa, 5, T0 - 4 * HOUR);
	older(&h, ciwa, 5, T0 - 8 * HOUR);
	assert_int_equal(eval(ciwa_p, ciwa, &h).every, HOUR);
	struct history back = { 0 };
	older(&back, ciwa, 5, T0);
	older(&back, ciwa, 20, T0 - HOUR);
	assert_int_equal(eval(ciwa_p, ciwa, &back).every, 4 * HOUR);
	/* No history: nothing to say. */
	vigil_protocol_result none;
	vigil_protocol_evaluate(ciwa_p, ciwa, NULL, 0, &none);
	assert_int_equal(none.every, 0);
	assert_null(none.rule);
	assert_string_equal(none.why, "");
	assert_int_equal(none.nwarnings, 0);
}

/* The unit's own CIWA-Ar: 8-hourly after three under 8 in a row, 12-hourly
 * after six. */
static const char stepdown_text[] = "protocol ciwa-ar\n"
                                    "every 0-9 4h\n"
                                    "every 10-67 1h\n"
                                    "every 0-7 8h after 3 in a row\n"
                                    "every 0-7 12h after 6 in a row\n";

static void test_step_down(void **state)
{
	(void)state;
	vigil_protocol *p = parse_ok("stepdown.protocol", stepdown_text);
	assert_int_equal(p->needs_history, 6);
	/* Two lows: still the base rule. */
	struct history h = { 0 };
	older(&h, ciwa, 5, T0);
	older(&h, ciwa, 6, T0 - 4 * HOUR);
	vigil_protocol_result r = eval(p, ciwa, &h);
	assert_int_equal(r.every, 4 * HOUR);
	assert_string_equal(r.why, "CIWA-Ar 5 mild: 4-hourly");
	/* The third low steps down to 8-hourly, and says why. */
	older(&h, ciwa, 7, T0 - 8 * HOUR);
	r = eval(p, ciwa, &h);
	assert_int_equal(r.every, 8 * HOUR);
	assert_int_equal(r.rule->in_a_row, 3);
	assert_int_equal(r.rule->line, 4);
	assert_string_equal(r.why, "CIWA-Ar 5 mild, 3 in a row at 0-7: 8-hourly");
	/* Five lows: still the 3-in-a-row rule; the sixth: the larger N wins. */
	older(&h, ciwa, 0, T0 - 16 * HOUR);
	older(&h, ciwa, 3, T0 - 24 * HOUR);
	assert_int_equal(eval(p, ciwa, &h).every, 8 * HOUR);
	older(&h, ciwa, 7, T0 - 32 * HOUR);
	r = eval(p, ciwa, &h);
	assert_int_equal(r.every, 12 * HOUR);
	assert_string_equal(r.why, "CIWA-Ar 5 mild, 6 in a row at 0-7: 12-hourly");

	/* An 8 (still mild, but not under 8) in between breaks the run. */
	struct history broken = { 0 };
	older(&broken, ciwa, 5, T0);
	older(&broken, ciwa, 4, T0 - 4 * HOUR);
	older(&broken, ciwa, 8, T0 - 8 * HOUR);
	older(&broken, ciwa, 3, T0 - 12 * HOUR);
	older(&broken, ciwa, 2, T0 - 16 * HOUR);
	r = eval(p, ciwa, &broken);
	assert_int_equal(r.every, 4 * HOUR);
	assert_string_equal(r.why, "CIWA-Ar 5 mild: 4-hourly");
	/* A high one after three lows: hourly at once. */
	struct history high = { 0 };
	older(&high, ciwa, 12, T0);
	older(&high, ciwa, 5, T0 - 4 * HOUR);
	older(&high, ciwa, 5, T0 - 8 * HOUR);
	older(&high, ciwa, 5, T0 - 12 * HOUR);
	r = eval(p, ciwa, &high);
	assert_int_equal(r.every, HOUR);
	assert_string_equal(r.why, "CIWA-Ar 12 moderate: hourly");
	/* The shipped protocol has no step-down: three lows stay 4-hourly. */
	struct history shipped = { 0 };
	for (int i = 0; i < 6; i++)
		older(&shipped, ciwa, 2, T0 - i * 4 * HOUR);
	assert_int_equal(eval(ciwa_p, ciwa, &shipped).every, 4 * HOUR);
	vigil_protocol_free(p);
}

/* The step-down example of vigil-protocol(5), after Gortney et al. */
static const char gortney_text[] =
	"# CIWA-Ar step-down, after the table of Gortney et al.,\n"
	"# Cleve Clin J Med 2016. Format: vigil-protocol(5).\n"
	"protocol ciwa-ar\n"
	"name CIWA-Ar: 4-hourly, 8-hourly after three under 8\n"
	"\n"
	"# Under 8: every 4 hours; under 8 on three\n"
	"# consecutive checks: every 8 hours.\n"
	"every 0-7 4h\n"
	"every 0-7 8h after 3 in a row\n"
	"# 8 and over: hourly (the unit's own choice here).\n"
	"every 8-67 1h\n"
	"\n"
	"grace 15m\n"
	"not-done asleep recheck 2h\n"
	"\n"
	"warn total >= 20: CIWA-Ar {total}: evaluate for intensive care\n"
	"warn tactile,auditory,visual >= 4: CIWA-Ar: hallucinations ({item} {score}): tell the "
	"clinician\n"
	"\n"
	"line 8 treatment threshold (8)\n"
	"line 20 intensive care (20)\n";

static void test_manual_step_down_example(void **state)
{
	(void)state;
	vigil_protocol *p = parse_ok("ciwa-stepdown.protocol", gortney_text);
	assert_int_equal(p->grace, 15 * MINUTE);
	assert_int_equal(p->nchart_lines, 2);
	/* Totals of 5, 3 and 6: due 8 hours after the 6. */
	struct history h = { 0 };
	older(&h, ciwa, 6, T0);
	older(&h, ciwa, 3, T0 - 4 * HOUR);
	older(&h, ciwa, 5, T0 - 8 * HOUR);
	assert_int_equal(eval(p, ciwa, &h).every, 8 * HOUR);
	/* A 9: hourly. */
	struct history nine = { 0 };
	older(&nine, ciwa, 9, T0 + 8 * HOUR);
	older(&nine, ciwa, 6, T0);
	older(&nine, ciwa, 3, T0 - 4 * HOUR);
	older(&nine, ciwa, 5, T0 - 8 * HOUR);
	vigil_protocol_result r = eval(p, ciwa, &nine);
	assert_int_equal(r.every, HOUR);
	assert_string_equal(r.why, "CIWA-Ar 9 mild: hourly");
	/* The next under 8: 4-hourly, and again after another, until three. */
	struct history after = { 0 };
	older(&after, ciwa, 2, T0 + 9 * HOUR);
	older(&after, ciwa, 9, T0 + 8 * HOUR);
	older(&after, ciwa, 6, T0);
	assert_int_equal(eval(p, ciwa, &after).every, 4 * HOUR);
	struct history two = { 0 };
	older(&two, ciwa, 4, T0 + 13 * HOUR);
	older(&two, ciwa, 2, T0 + 9 * HOUR);
	older(&two, ciwa, 9, T0 + 8 * HOUR);
	assert_int_equal(eval(p, ciwa, &two).every, 4 * HOUR);
	struct history three = { 0 };
	older(&three, ciwa, 1, T0 + 17 * HOUR);
	older(&three, ciwa, 4, T0 + 13 * HOUR);
	older(&three, ciwa, 2, T0 + 9 * HOUR);
	older(&three, ciwa, 9, T0 + 8 * HOUR);
	r = eval(p, ciwa, &three);
	assert_int_equal(r.every, 8 * HOUR);
	assert_string_equal(r.why, "CIWA-Ar 1 mild, 3 in a row at 0-7: 8-hourly");
	/* 20: evaluate for intensive care. */
	r = one(p, ciwa, 20);
	assert_string_equal(warnings(&r), "CIWA-Ar 20: evaluate for intensive care");
	vigil_protocol_free(p);
}

/* ---- warnings ---------------------------------------------------------- */

static void test_warn_by_total(void **state)
{
	(void)state;
	vigil_protocol_result r = one(cows_p, cows, 37);
	assert_int_equal(r.nwarnings, 1);
	assert_string_equal(r.warnings[0].text, "COWS 37 (severe, over 36): tell the clinician");
	assert_int_equal(r.warnings[0].rule_line, 22);
	r = one(cows_p, cows, 36);
	assert_int_equal(r.nwarnings, 0);
	r = one(cows_p, cows, 48);
	assert_string_equal(warnings(&r), "COWS 48 (severe, over 36): tell the clinician");

	r = one(ciwa_p, ciwa, 19);
	assert_string_equal(warnings(&r), "CIWA-Ar 19 (severe): tell the clinician");
	assert_int_equal(r.warnings[0].rule_line, 23);
	r = one(ciwa_p, ciwa, 18);
	assert_int_equal(r.nwarnings, 0);
}

static void test_warn_by_item(void **state)
{
	(void)state;
	/* Tactile hallucinations, total only 4: still a call to the clinician. */
	struct history h = { 0 };
	vigil_assessment *a = older(&h, ciwa, 0, T0);
	score(a, ciwa, "tactile", 4);
	vigil_protocol_result r = eval(ciwa_p, ciwa, &h);
	assert_int_equal(a->total, 4);
	assert_int_equal(r.every, 4 * HOUR);
	assert_string_equal(warnings(&r), "CIWA-Ar: hallucinations (tactile 4): tell the clinician");
	assert_int_equal(r.warnings[0].rule_line, 24);
	/* 3 is itching and pins and needles, not hallucinations. */
	score(a, ciwa, "tactile", 3);
	assert_int_equal(eval(ciwa_p, ciwa, &h).nwarnings, 0);
	score(a, ciwa, "tactile", 0);
	score(a, ciwa, "auditory", 5);
	r = eval(ciwa_p, ciwa, &h);
	assert_string_equal(warnings(&r), "CIWA-Ar: hallucinations (auditory 5): tell the clinician");
	score(a, ciwa, "auditory", 0);
	score(a, ciwa, "visual", 7);
	r = eval(ciwa_p, ciwa, &h);
	assert_string_equal(warnings(&r), "CIWA-Ar: hallucinations (visual 7): tell the clinician");
	score(a, ciwa, "visual", 0);
	/* Disoriented for date and place: 3; 2 (date by more than 2 days) not. */
	score(a, ciwa, "orientation", 3);
	r = eval(ciwa_p, ciwa, &h);
	assert_string_equal(warnings(&r), "CIWA-Ar: disoriented (orientation 3): tell the clinician");
	assert_int_equal(r.warnings[0].rule_line, 25);
	score(a, ciwa, "orientation", 2);
	assert_int_equal(eval(ciwa_p, ciwa, &h).nwarnings, 0);
	/* Severe and hallucinating and disoriented: every rule says so, in the
	 * order of the file. */
	struct history bad = { 0 };
	a = older(&bad, ciwa, 20, T0);
	score(a, ciwa, "visual", 4);
	score(a, ciwa, "orientation", 4);
	r = eval(ciwa_p, ciwa, &bad);
	assert_int_equal(a->total, 28);
	assert_string_equal(warnings(&r), "CIWA-Ar 28 (severe): tell the clinician | "
	                                  "CIWA-Ar: hallucinations (visual 4): tell the clinician | "
	                                  "CIWA-Ar: disoriented (orientation 4): tell the clinician");
}

static void test_warn_by_measure(void **state)
{
	(void)state;
	struct history h = { 0 };
	vigil_assessment *a = older(&h, cows, 6, T0);
	/* A pulse of 35 scores 0 but is more likely a typo or bradycardia. */
	pulse(a, 35);
	vigil_protocol_result r = eval(cows_p, cows, &h);
	assert_int_equal(item_of(a, "pulse")->score, 0);
	assert_string_equal(warnings(&r), "COWS pulse 35: check: bradycardia or typo?");
	assert_int_equal(r.warnings[0].rule_line, 23);
	pulse(a, 20);
	r = eval(cows_p, cows, &h);
	assert_string_equal(warnings(&r), "COWS pulse 20: check: bradycardia or typo?");
	pulse(a, 39);
	r = eval(cows_p, cows, &h);
	assert_string_equal(warnings(&r), "COWS pulse 39: check: bradycardia or typo?");
	pulse(a, 40);
	assert_int_equal(eval(cows_p, cows, &h).nwarnings, 0);
	pulse(a, 130);
	assert_int_equal(eval(cows_p, cows, &h).nwarnings, 0);
	/* A pulse item scored without a measured rate sets nothing off. */
	item_of(a, "pulse")->has_raw = false;
	item_of(a, "pulse")->raw = 35;
	assert_int_equal(eval(cows_p, cows, &h).nwarnings, 0);
}

static void test_warn_two_in_a_row(void **state)
{
	(void)state;
	const char *twice = "CIWA-Ar 18 or more on two consecutive assessments: tell the clinician";
	/* 18, then 18 an hour later: tell the clinician. */
	struct history h = { 0 };
	older(&h, ciwa, 18, T0);
	older(&h, ciwa, 18, T0 - HOUR);
	vigil_protocol_result r = eval(ciwa_p, ciwa, &h);
	assert_string_equal(warnings(&r), twice);
	assert_int_equal(r.warnings[0].rule_line, 26);
	/* 18 after 17: not yet. */
	struct history after17 = { 0 };
	older(&after17, ciwa, 18, T0);
	older(&after17, ciwa, 17, T0 - HOUR);
	assert_int_equal(eval(ciwa_p, ciwa, &after17).nwarnings, 0);
	/* 18 alone: not yet either. */
	assert_int_equal(one(ciwa_p, ciwa, 18).nwarnings, 0);
	/* 17 after 18: the latest is under. */
	struct history down = { 0 };
	older(&down, ciwa, 17, T0);
	older(&down, ciwa, 18, T0 - HOUR);
	assert_int_equal(eval(ciwa_p, ciwa, &down).nwarnings, 0);
	/* 19 after 25: severe, and two in a row. */
	struct history both = { 0 };
	older(&both, ciwa, 19, T0);
	older(&both, ciwa, 25, T0 - HOUR);
	r = eval(ciwa_p, ciwa, &both);
	assert_int_equal(r.nwarnings, 2);
	assert_string_equal(r.warnings[0].text, "CIWA-Ar 19 (severe): tell the clinician");
	assert_string_equal(r.warnings[1].text, twice);
}

static void test_warn_for_48h(void **state)
{
	(void)state;
	const char *stop = "CIWA-Ar under 8 for 48 h: the clinician may stop monitoring";
	/* Under 8 at every check across 48 hours. */
	struct history h = { 0 };
	for (int i = 0; i <= 12; i++)
		older(&h, ciwa, 5, T0 - i * 4 * HOUR);
	vigil_protocol_result r = eval(ciwa_p, ciwa, &h);
	assert_string_equal(warnings(&r), stop);
	assert_int_equal(r.warnings[0].rule_line, 27);
	/* Two checks 48 h apart, both under 8, nothing between. */
	struct history ends = { 0 };
	older(&ends, ciwa, 7, T0);
	older(&ends, ciwa, 0, T0 - 48 * HOUR);
	r = eval(ciwa_p, ciwa, &ends);
	assert_string_equal(warnings(&r), stop);
	/* Only 47 h of them: not yet. */
	struct history short_ = { 0 };
	for (int i = 0; i < 12; i++)
		older(&short_, ciwa, 5, T0 - i * 4 * HOUR);
	older(&short_, ciwa, 5, T0 - 47 * HOUR);
	assert_int_equal(eval(ciwa_p, ciwa, &short_).nwarnings, 0);
	/* One 8 in between: the 48 h start again after it. */
	struct history eight = { 0 };
	for (int i = 0; i <= 12; i++)
		older(&eight, ciwa, i == 6 ? 8 : 5, T0 - i * 4 * HOUR);
	assert_int_equal(eval(ciwa_p, ciwa, &eight).nwarnings, 0);
	/* The latest at 8: not under 8 now. */
	struct history now8 = { 0 };
	for (int i = 0; i <= 12; i++)
		older(&now8, ciwa, i == 0 ? 8 : 5, T0 - i * 4 * HOUR);
	assert_int_equal(eval(ciwa_p, ciwa, &now8).nwarnings, 0);
	/* Older checks beyond the 48 h do not matter, whatever they were. */
	struct history longer = { 0 };
	older(&longer, ciwa, 3, T0);
	older(&longer, ciwa, 3, T0 - 30 * HOUR);
	older(&longer, ciwa, 3, T0 - 50 * HOUR);
	older(&longer, ciwa, 25, T0 - 60 * HOUR);
	r = eval(ciwa_p, ciwa, &longer);
	assert_string_equal(warnings(&r), stop);
}

/* A message of 120 characters (the parser's limit) is shown whole, in any
 * script: a warning once held 160 bytes and cut a message of two-byte
 * characters in the middle of one (style.md: never cut). */
static void test_warning_never_cut(void **state)
{
	(void)state;
	char text[1024], msg[600] = "", want[600] = "";
	/* 120 two-byte characters. */
	for (int i = 0; i < 120; i++)
		strcat(msg, "\xc3\xa9"); /* é */
	snprintf(text, sizeof text, "protocol cows\nevery 0-48 4h\nwarn total >= 37: %s\n", msg);
	vigil_protocol *p = parse_ok("accents.protocol", text);
	vigil_protocol_result r = one(p, cows, 40);
	assert_int_equal(r.nwarnings, 1);
	assert_string_equal(r.warnings[0].text, msg);
	vigil_protocol_free(p);
	/* 120 four-byte characters. */
	msg[0] = '\0';
	for (int i = 0; i < 120; i++)
		strcat(msg, "\xf0\x9d\x84\x9e"); /* U+1D11E */
	snprintf(text, sizeof text, "protocol cows\nevery 0-48 4h\nwarn total >= 37: %s\n", msg);
	p = parse_ok("clefs.protocol", text);
	r = one(p, cows, 40);
	assert_string_equal(r.warnings[0].text, msg);
	vigil_protocol_free(p);
	/* Twenty {item} placeholders, each standing for "orientation". */
	msg[0] = '\0';
	for (int i = 0; i < 20; i++) {
		strcat(msg, "{item}");
		strcat(want, "orientation");
	}
	snprintf(text, sizeof text, CIWA_HEAD "warn orientation >= 3: %s\n", msg);
	p = parse_ok("items.protocol", text);
	struct history h = { 0 };
	score(older(&h, ciwa, 0, T0), ciwa, "orientation", 4);
	r = eval(p, ciwa, &h);
	assert_string_equal(r.warnings[0].text, want);
	vigil_protocol_free(p);
}

/* ---- durations --------------------------------------------------------- */

static void test_durations(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int64_t seconds;
	} good[] = {
		{ "30m", 30 * MINUTE }, { "4h", 4 * HOUR },       { "1h30m", 90 * MINUTE },
		{ "2d", 48 * HOUR },    { "90min", 90 * MINUTE }, { "1m", MINUTE },
		{ "30d", 30 * 24 * HOUR }, { "1d12h", 36 * HOUR },
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		int64_t s = -1;
		vigil_error err = { 0 };
		if (vigil_duration_parse(good[i].text, &s, &err) != VIGIL_OK)
			fail_msg("%s refused: %s", good[i].text, err.msg);
		assert_int_equal(s, good[i].seconds);
	}
	static const struct {
		const char *text, *message;
	} bad[] = {
		{ "0", "'0' is not a length of time (use e.g. 30m, 4h, 1h30m or 2d)" },
		{ "0h", "'0h' is not a length of time (use e.g. 30m, 4h, 1h30m or 2d)" },
		{ "-1h", "'-1h' is not a length of time (use e.g. 30m, 4h, 1h30m or 2d)" },
		{ "4x", "'4x' is not a length of time (use e.g. 30m, 4h, 1h30m or 2d)" },
		{ "4", "'4' is not a length of time (use e.g. 30m, 4h, 1h30m or 2d)" },
		{ "h", "'h' is not a length of time (use e.g. 30m, 4h, 1h30m or 2d)" },
		{ "4 h", "'4 h' is not a length of time (use e.g. 30m, 4h, 1h30m or 2d)" },
		{ "", "'' is not a length of time (use e.g. 30m, 4h, 1h30m or 2d)" },
		{ "31d", "'31d' is longer than 30 days" },
		{ "30d1m", "'30d1m' is longer than 30 days" },
		{ "99999999999h", "'99999999999h' is not a length of time (use e.g. 30m, 4h, 1h30m or "
		                  "2d)" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t s = 77;
		vigil_error err = { 0 };
		assert_int_equal(vigil_duration_parse(bad[i].text, &s, &err), VIGIL_EINVAL);
		assert_string_equal(err.msg, bad[i].message);
		assert_int_equal(s, 77);
	}
	int64_t s;
	vigil_error err;
	assert_int_equal(vigil_duration_parse(NULL, &s, &err), VIGIL_EINVAL);
}

static void test_every_words(void **state)
{
	(void)state;
	char buf[40];
	static const struct {
		int64_t seconds;
		const char *words;
	} cases[] = {
		{ HOUR, "hourly" },           { 4 * HOUR, "4-hourly" },
		{ 2 * HOUR, "2-hourly" },     { 8 * HOUR, "8-hourly" },
		{ 24 * HOUR, "daily" },       { 30 * MINUTE, "every 30 min" },
		{ 45 * MINUTE, "every 45 min" }, { 90 * MINUTE, "every 1h 30m" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		vigil_every_words(cases[i].seconds, buf, sizeof buf);
		assert_string_equal(buf, cases[i].words);
	}
	/* The why text uses the same words. */
	vigil_protocol *p = parse_ok("half.protocol", "protocol cows\nevery 0-12 90min\n"
	                                              "every 13-48 30m\n");
	assert_string_equal(one(p, cows, 12).why, "COWS 12 mild: every 1h 30m");
	assert_string_equal(one(p, cows, 30).why, "COWS 30 moderately severe: every 30 min");
	vigil_protocol_free(p);
}

/* Two different intervals never read the same in a why text: past a day
 * the minutes are kept ("every 1d 1h 30m", not "every 1d 1h"). */
static void test_every_words_exact(void **state)
{
	(void)state;
	char a[40], b[40];
	static const int64_t pairs[][2] = {
		{ 25 * HOUR + 30 * MINUTE, 25 * HOUR + 15 * MINUTE },
		{ 24 * HOUR + 45 * MINUTE, 24 * HOUR + 30 * MINUTE },
		{ 2 * HOUR + 15 * MINUTE, 2 * HOUR + 16 * MINUTE },
		{ 30 * MINUTE, 31 * MINUTE },
	};
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		vigil_every_words(pairs[i][0], a, sizeof a);
		vigil_every_words(pairs[i][1], b, sizeof b);
		if (!strcmp(a, b))
			fail_msg("%lld s and %lld s both read '%s'", (long long)pairs[i][0],
			         (long long)pairs[i][1], a);
	}
}

/* ---- a unit's own file ------------------------------------------------- */

static void test_full_file_accepted(void **state)
{
	(void)state;
	/* Every keyword, comments, blank lines, CRLF, a byte-order mark. */
	vigil_protocol *p = parse_ok(
		"unit.protocol",
		"\xEF\xBB\xBF# our COWS\r\n"
		"protocol COWS\r\n"
		"name  Ward 7 COWS  \r\n"
		"\r\n"
		"every 0-4 8h\r\n"
		"every 5-12 4h\r\n"
		"every 13-48 30m\r\n"
		"every 0-4 12h after 3 in a row\r\n"
		"after-dose 45m\r\n"
		"after-dose Buprenorphine 30m\r\n"
		"not-done refused recheck 15m\r\n"
		"grace 15m\r\n"
		"warn total > 24: COWS {total}: call\r\n"
		"warn total < 5 for 2 in a row: low twice\r\n"
		"warn total = 13 for 1d: stuck at {total}\r\n"
		"warn GI,tremor 4-5: {item} at {score} ({value})\r\n"
		"warn hr >= 140: fast {value}\r\n"
		"\tline 13 moderate\r\n"
		"line 25 moderately severe\r\n");
	assert_string_equal(p->scale, "cows");
	assert_string_equal(p->name, "Ward 7 COWS");
	assert_int_equal(p->nintervals, 4);
	assert_int_equal(p->intervals[3].in_a_row, 3);
	assert_int_equal(p->intervals[3].every, 12 * HOUR);
	assert_int_equal(p->intervals[3].line, 8);
	assert_int_equal(vigil_protocol_after_dose(p, NULL), 45 * MINUTE);
	assert_int_equal(vigil_protocol_after_dose(p, "buprenorphine"), 30 * MINUTE);
	assert_int_equal(vigil_protocol_after_dose(p, "methadone"), 45 * MINUTE);
	/* A reason the file does not name keeps its default: asleep rechecks
	 * in 2 h, the others stay due. */
	assert_true(p->not_done[VIGIL_NOT_DONE_ASLEEP].recheck);
	assert_int_equal(p->not_done[VIGIL_NOT_DONE_ASLEEP].after, 2 * HOUR);
	assert_true(p->not_done[VIGIL_NOT_DONE_REFUSED].recheck);
	assert_int_equal(p->not_done[VIGIL_NOT_DONE_REFUSED].after, 15 * MINUTE);
	assert_false(p->not_done[VIGIL_NOT_DONE_OFF_WARD].recheck);
	assert_int_equal(p->grace, 15 * MINUTE);
	assert_int_equal(p->nwarns, 5);
	assert_int_equal(p->warns[0].lo, 25);
	assert_int_equal(p->warns[1].hi, 4);
	assert_int_equal(p->warns[1].in_a_row, 2);
	assert_int_equal(p->warns[2].lo, 13);
	assert_int_equal(p->warns[2].hi, 13);
	assert_int_equal(p->warns[2].for_seconds, 24 * HOUR);
	assert_int_equal(p->warns[3].kind, VIGIL_SUBJECT_ITEM);
	assert_string_equal(p->warns[3].subjects[0], "gi");
	assert_int_equal(p->warns[4].kind, VIGIL_SUBJECT_MEASURE);
	assert_int_equal(p->warns[4].line, 17);
	assert_int_equal(p->nchart_lines, 2);
	assert_string_equal(p->chart_lines[1].label, "moderately severe");
	assert_int_equal(p->needs_history, 3);
	assert_int_equal(p->needs_span, 24 * HOUR);

	/* And what it says: a GI score of 5 with a total of 27. */
	struct history h = { 0 };
	vigil_assessment *a = older(&h, cows, 25, T0);
	score(a, cows, "gi", 5);
	vigil_protocol_result r = eval(p, cows, &h);
	assert_int_equal(r.every, 30 * MINUTE);
	assert_string_equal(warnings(&r), "COWS 27: call | gi at 5 (5)");
	vigil_protocol_free(p);

	/* Without scales nothing is checked against one. */
	vigil_error err;
	assert_int_equal(vigil_protocol_parse("x.protocol", "protocol nosuch\nevery 0-5 1h\n", NULL,
	                                      &p, &err),
	                 VIGIL_OK);
	assert_string_equal(p->scale, "nosuch");
	vigil_protocol_free(p);
}


static void test_refused_structure(void **state)
{
	(void)state;
	expect_refused("", "unit.protocol:1: no 'protocol SCALE' line");
	expect_refused("# only a comment\n\n", "unit.protocol:1: no 'protocol SCALE' line");
	expect_refused("protocol cows\n", "unit.protocol:1: no 'every' line: a protocol needs an "
	                                  "interval");
	expect_refused("# ours\n\nprotocol cows\nname Ours\n",
	               "unit.protocol:3: no 'every' line: a protocol needs an interval");
	expect_refused(COWS_HEAD "frobnicate 3\n", "unit.protocol:4: unknown keyword 'frobnicate'");
	expect_refused(COWS_HEAD "Every 0-12 4h\n", "unit.protocol:4: unknown keyword 'Every'");
	expect_refused("# ours\nevery 0-12 4h\nprotocol cows\n",
	               "unit.protocol:2: 'every' before the 'protocol SCALE' line");
	expect_refused("name Ours\nprotocol cows\n",
	               "unit.protocol:1: 'name' before the 'protocol SCALE' line");
	expect_refused(COWS_HEAD "\nprotocol cows\n",
	               "unit.protocol:5: duplicate 'protocol' line (one protocol a file)");
	expect_refused("protocol\n", "unit.protocol:1: missing scale key after 'protocol'");
	expect_refused("protocol cows sows\n", "unit.protocol:1: unexpected 'sows' after the scale key");
	expect_refused("protocol co ws\n", "unit.protocol:1: unexpected 'ws' after the scale key");
	expect_refused("protocol c*ws\nevery 0-48 1h\n",
	               "unit.protocol:1: scale key: '*' is not allowed (use letters, digits and -_)");
	expect_refused("# a unit's\nprotocol ciwa\nevery 0-67 1h\n",
	               "unit.protocol:2: unknown scale 'ciwa' (known: ciwa-ar, cows, craving, sows)");
	expect_refused(COWS_HEAD "name Ours\nname Theirs\n",
	               "unit.protocol:5: duplicate 'name' line (first on line 4)");
	expect_refused(COWS_HEAD "grace 10m\n\ngrace 0\n",
	               "unit.protocol:6: duplicate 'grace' line (first on line 4)");
	expect_refused(COWS_HEAD "not-done asleep recheck 1h\nnot-done ASLEEP due\n",
	               "unit.protocol:5: a second 'not-done asleep' line (first on line 4)");
	expect_refused(COWS_HEAD "after-dose 1h\nafter-dose 2h\n",
	               "unit.protocol:5: a second 'after-dose' line for any drug");
	expect_refused(COWS_HEAD "after-dose methadone 1h\nafter-dose 2h\nafter-dose Methadone 3h\n",
	               "unit.protocol:6: a second 'after-dose' line for methadone");
	/* A control character, a tab allowed; the message counts lines after
	 * a CR LF and a bare tab line right. */
	expect_refused(COWS_HEAD "\t\r\nname Our\x01s\n",
	               "unit.protocol:5: control character 0x01 in the line");
	expect_refused(COWS_HEAD "name a\rb\n", "unit.protocol:4: control character 0x0d in the line");
	expect_refused("protocol cows\nname \x1b[31mred\n",
	               "unit.protocol:2: control character 0x1b in the line");
	/* Bigger than 64 KiB: not a protocol file, whatever it holds. */
	size_t big = VIGIL_PROTOCOL_TEXT_LIMIT + 1;
	char *huge = malloc(big + 1);
	memset(huge, '#', big);
	huge[big] = '\0';
	expect_refused(huge, "unit.protocol: larger than 64 KiB: not a protocol file");
	free(huge);
}

static void test_refused_intervals(void **state)
{
	(void)state;
	expect_refused("protocol cows\nevery 0-12 4h\n",
	               "unit.protocol:1: no 'every' line covers totals 13-48 (each total 0-48 needs "
	               "an interval)");
	expect_refused("protocol cows\nevery 0-12 4h\nevery 14-48 1h\n",
	               "unit.protocol:1: no 'every' line covers total 13 (each total 0-48 needs an "
	               "interval)");
	expect_refused("# ours\nprotocol cows\nevery 1-48 4h\n",
	               "unit.protocol:2: no 'every' line covers total 0 (each total 0-48 needs an "
	               "interval)");
	/* A step-down covers nothing by itself. */
	expect_refused("protocol cows\nevery 5-48 4h\nevery 0-4 8h after 3 in a row\n",
	               "unit.protocol:1: no 'every' line covers totals 0-4 (each total 0-48 needs an "
	               "interval)");
	expect_refused("protocol cows\nevery 0-12 4h\nevery 12-48 1h\n",
	               "unit.protocol:3: totals 12-48 overlap line 2 (0-12)");
	expect_refused("protocol cows\nevery 0-48 4h\n\nevery 20 1h\n",
	               "unit.protocol:4: totals 20-20 overlap line 2 (0-48)");
	expect_refused(COWS_HEAD "every 0-4 8h after 3 in a row\nevery 4-6 8h after 3 in a row\n",
	               "unit.protocol:5: totals 4-6 overlap line 4 (0-4)");
	expect_refused("protocol cows\nevery 0-12 4h\nevery 13-49 1h\n",
	               "unit.protocol:3: totals 13-49 go past the scale's highest total 48");
	expect_refused("protocol ciwa-ar\nevery 0-9 4h\nevery 10-68 1h\n",
	               "unit.protocol:3: totals 10-68 go past the scale's highest total 67");
	expect_refused("protocol cows\nevery\n", "unit.protocol:2: missing totals (LO-HI)");
	expect_refused("protocol cows\nevery 12-0 4h\n", "unit.protocol:2: totals '12-0' runs backwards");
	expect_refused("protocol cows\nevery low 4h\n",
	               "unit.protocol:2: totals 'low' is not a range like 13-48");
	expect_refused("protocol cows\nevery 0--48 4h\n",
	               "unit.protocol:2: totals '0--48' is not a range like 13-48");
	expect_refused("protocol cows\nevery 0-48\n",
	               "unit.protocol:2: missing interval (like 4h or 30m)");
	expect_refused("protocol cows\nevery 0-48 4x\n",
	               "unit.protocol:2: interval: '4x' is not a length of time (use e.g. 30m, 4h, "
	               "1h30m or 2d)");
	expect_refused("protocol cows\nevery 0-48 0m\n",
	               "unit.protocol:2: interval: '0m' is not a length of time (use e.g. 30m, 4h, "
	               "1h30m or 2d)");
	expect_refused("protocol cows\nevery 0-48 31d\n",
	               "unit.protocol:2: interval: '31d' is longer than 30 days");
	/* In a row: 2 to 50, spelled out. */
	expect_refused(COWS_HEAD "every 0-4 8h after 1 in a row\n",
	               "unit.protocol:4: count '1' is not a whole number from 2 to 50");
	expect_refused(COWS_HEAD "every 0-4 8h after 51 in a row\n",
	               "unit.protocol:4: count '51' is not a whole number from 2 to 50");
	expect_refused(COWS_HEAD "every 0-4 8h after three in a row\n",
	               "unit.protocol:4: count 'three' is not a whole number from 2 to 50");
	expect_refused(COWS_HEAD "every 0-4 8h after 3\n", "unit.protocol:4: expected 'after 3 in a "
	                                                   "row'");
	expect_refused(COWS_HEAD "every 0-4 8h after 3 in row\n",
	               "unit.protocol:4: expected 'after 3 in a row'");
	expect_refused(COWS_HEAD "every 0-4 8h after 3 in a row please\n",
	               "unit.protocol:4: unexpected 'please' after 'in a row'");
	expect_refused(COWS_HEAD "every 0-4 8h when 3 in a row\n",
	               "unit.protocol:4: expected 'after N in a row' after the interval");
	/* The other durations. */
	expect_refused(COWS_HEAD "grace 2d\n", "unit.protocol:4: grace: 2d is more than a day");
	expect_refused(COWS_HEAD "grace\n", "unit.protocol:4: missing time after 'grace' (like 15m, "
	                                    "or 0)");
	expect_refused(COWS_HEAD "grace soon\n",
	               "unit.protocol:4: grace: 'soon' is not a length of time (use e.g. 30m, 4h, "
	               "1h30m or 2d)");
	expect_refused(COWS_HEAD "grace 15m 30m\n",
	               "unit.protocol:4: unexpected '30m' after the grace time");
	expect_refused(COWS_HEAD "after-dose\n",
	               "unit.protocol:4: missing interval after 'after-dose' (like 1h)");
	expect_refused(COWS_HEAD "after-dose -1h\n",
	               "unit.protocol:4: after-dose: '-1h' is not a length of time (use e.g. 30m, "
	               "4h, 1h30m or 2d)");
	expect_refused(COWS_HEAD "after-dose bup 1h 2h\n",
	               "unit.protocol:4: unexpected '2h' after the interval");
	expect_refused(COWS_HEAD "after-dose bup+nal 1h\n",
	               "unit.protocol:4: drug: '+' is not allowed (use letters, digits and -_/)");
	expect_refused(COWS_HEAD "not-done\n", "unit.protocol:4: missing reason after 'not-done' "
	                                       "(asleep, refused, off-ward, other)");
	expect_refused(COWS_HEAD "not-done sleepy due\n",
	               "unit.protocol:4: 'sleepy' is not a reason for not done (use asleep, "
	               "refused, off-ward or other)");
	expect_refused(COWS_HEAD "not-done asleep later\n",
	               "unit.protocol:4: expected 'recheck DURATION' or 'due' after 'not-done "
	               "asleep'");
	expect_refused(COWS_HEAD "not-done asleep recheck\n",
	               "unit.protocol:4: missing recheck (like 4h or 30m)");
	expect_refused(COWS_HEAD "not-done asleep recheck 0\n",
	               "unit.protocol:4: recheck: '0' is not a length of time (use e.g. 30m, 4h, "
	               "1h30m or 2d)");
	expect_refused(COWS_HEAD "not-done refused due now\n",
	               "unit.protocol:4: unexpected 'now' after 'due'");
	/* Sixteen 'every' lines at most. */
	char text[2048] = "protocol cows\n";
	for (int i = 0; i < 17; i++)
		snprintf(text + strlen(text), sizeof text - strlen(text), "every %d-%d 1h\n", i,
		         i == 16 ? 48 : i);
	expect_refused(text, "unit.protocol:18: more than 16 'every' lines");
}

static void test_refused_warnings(void **state)
{
	(void)state;
	expect_refused(COWS_HEAD "warn total >= 37 tell the clinician\n",
	               "unit.protocol:4: missing ':' between the condition and the message");
	expect_refused(COWS_HEAD "warn : tell\n",
	               "unit.protocol:4: missing what to test (total, an item or a measure)");
	expect_refused(COWS_HEAD "warn , >= 3: tell\n",
	               "unit.protocol:4: missing what to test (total, an item or a measure)");
	expect_refused(COWS_HEAD "warn total: tell\n",
	               "unit.protocol:4: missing test (like >= 19, or 20-39)");
	expect_refused(COWS_HEAD "warn total => 37: tell\n",
	               "unit.protocol:4: '=> 37' is not a test (use >=, >, <=, <, = or LO-HI)");
	expect_refused(COWS_HEAD "warn total < 0: tell\n",
	               "unit.protocol:4: '< 0' is not a test (use >=, >, <=, <, = or LO-HI)");
	expect_refused(COWS_HEAD "warn total >= high: tell\n",
	               "unit.protocol:4: value 'high' is not a whole number from 0 to 999999");
	expect_refused(COWS_HEAD "warn total >=: tell\n", "unit.protocol:4: missing value");
	expect_refused(COWS_HEAD "warn total 39-20: tell\n",
	               "unit.protocol:4: values '39-20' runs backwards");
	expect_refused(COWS_HEAD "warn total >= 49: tell\n",
	               "unit.protocol:4: no COWS total reaches 49 (highest 48)");
	expect_refused(CIWA_HEAD "warn total >= 68: tell\n",
	               "unit.protocol:4: no CIWA-Ar total reaches 68 (highest 67)");
	/* Items and measures the scale does not have. */
	expect_refused(CIWA_HEAD "\nwarn tactile,smell >= 4: {item}\n",
	               "unit.protocol:5: CIWA-Ar has no item or measure 'smell'");
	expect_refused(COWS_HEAD "warn bp 0-90: low blood pressure\n",
	               "unit.protocol:4: COWS has no item or measure 'bp'");
	expect_refused(CIWA_HEAD "warn hr >= 120: fast\n",
	               "unit.protocol:4: CIWA-Ar has no item or measure 'hr'");
	expect_refused(COWS_HEAD "warn pulse,hr >= 4: mixed\n",
	               "unit.protocol:4: 'hr' is a measure: do not mix items and measures in one line");
	expect_refused(COWS_HEAD "warn hr,gi >= 4: mixed\n",
	               "unit.protocol:4: 'gi' is an item: do not mix items and measures in one line");
	expect_refused(CIWA_HEAD "warn total,tactile >= 4: both\n",
	               "unit.protocol:4: 'total' cannot be listed with items");
	expect_refused(CIWA_HEAD "warn a,b,c,d,e,f,g,h,i >= 4: many\n",
	               "unit.protocol:4: more than 8 subjects");
	/* Look-backs. */
	expect_refused(CIWA_HEAD "warn total >= 18 for 1 in a row: once\n",
	               "unit.protocol:4: for: '1' is not a length of time (use e.g. 30m, 4h, 1h30m "
	               "or 2d) (or use 'for N in a row', N from 2 to 50)");
	expect_refused(CIWA_HEAD "warn total >= 18 for 2 in row: twice\n",
	               "unit.protocol:4: expected 'for 2 in a row'");
	expect_refused(CIWA_HEAD "warn total >= 18 for 2: twice\n",
	               "unit.protocol:4: expected 'for 2 in a row'");
	expect_refused(CIWA_HEAD "warn total <= 7 for 2x: long\n",
	               "unit.protocol:4: for: '2x' is not a length of time (use e.g. 30m, 4h, 1h30m "
	               "or 2d) (or use 'for N in a row', N from 2 to 50)");
	expect_refused(CIWA_HEAD "warn total <= 7 for: long\n",
	               "unit.protocol:4: missing 'N in a row' or a time after 'for'");
	expect_refused(CIWA_HEAD "warn total <= 7 during 48h: long\n",
	               "unit.protocol:4: expected ':' or 'for' after the test");
	expect_refused(CIWA_HEAD "warn total <= 7 for 48h or so: long\n",
	               "unit.protocol:4: unexpected 'or' after the look-back");
	/* The message. */
	expect_refused(CIWA_HEAD "warn total >= 19: CIWA-Ar {total} for {name}\n",
	               "unit.protocol:4: unknown placeholder in the message (use {total}, {item}, "
	               "{score} or {value})");
	expect_refused(CIWA_HEAD "warn total >= 19: CIWA-Ar {Total}\n",
	               "unit.protocol:4: unknown placeholder in the message (use {total}, {item}, "
	               "{score} or {value})");
	expect_refused(CIWA_HEAD "warn total >= 19:\n", "unit.protocol:4: message: must not be empty");
	expect_refused(CIWA_HEAD "warn total >= 19:    \n", "unit.protocol:4: message: must not be empty");
	expect_refused(CIWA_HEAD "warn total >= 19: caf\xe9\n",
	               "unit.protocol:4: message: not valid UTF-8 text");
	expect_refused(CIWA_HEAD "name Station \xff\n", "unit.protocol:4: name: not valid UTF-8 text");
	expect_refused(CIWA_HEAD "warn total >= 19: a\xe2\x80\xae" "b\n",
	               "unit.protocol:4: message: invisible formatting character U+202E is not "
	               "allowed");
	char text[1024], msg[200];
	memset(msg, 'x', 121);
	msg[121] = '\0';
	snprintf(text, sizeof text, CIWA_HEAD "warn total >= 19: %s\n", msg);
	expect_refused(text, "unit.protocol:4: message: 121 characters is over the limit of 120");
	msg[120] = '\0';
	snprintf(text, sizeof text, CIWA_HEAD "warn total >= 19: %s\n", msg);
	vigil_protocol_free(parse_ok("unit.protocol", text));
	memset(msg, 'n', 101);
	msg[101] = '\0';
	snprintf(text, sizeof text, CIWA_HEAD "name %s\n", msg);
	expect_refused(text, "unit.protocol:4: name: 101 characters is over the limit of 100");
	/* Sixteen warnings at most. */
	char many[4096] = CIWA_HEAD;
	for (int i = 0; i < 17; i++)
		strcat(many, "warn total >= 19: severe\n");
	expect_refused(many, "unit.protocol:20: more than 16 'warn' lines");
}

/* "Anything doubtful is refused ... a protocol that loads wrong
 * would let a severe score go unchecked" (protocol_parse.c): a test no
 * total, score or reading can meet (orientation goes to 4, a COWS heart
 * rate to 250) would never fire, so it is refused, naming its line and
 * the subject. */
static void test_refused_unreachable_item_tests(void **state)
{
	(void)state;
	static const struct {
		const char *text, *subject;
	} cases[] = {
		{ CIWA_HEAD "warn orientation >= 5: disoriented\n", "orientation" },
		{ CIWA_HEAD "warn tactile,auditory 8-10: hallucinations\n", "tactile" },
		{ COWS_HEAD "warn hr >= 260: fast\n", "hr" },
		{ COWS_HEAD "warn hr <= 10: slow\n", "hr" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		vigil_protocol *p = NULL;
		vigil_error err = { 0 };
		vigil_status s = vigil_protocol_parse("unit.protocol", cases[i].text, scales, &p, &err);
		vigil_protocol_free(p);
		if (s != VIGIL_EINVAL)
			fail_msg("accepted a test nothing can meet:\n%s", cases[i].text);
		assert_int_equal(strncmp(err.msg, "unit.protocol:4: ", 17), 0);
		assert_non_null(strstr(err.msg, cases[i].subject));
	}
}

static void test_refused_chart_lines(void **state)
{
	(void)state;
	expect_refused(COWS_HEAD "line\n", "unit.protocol:4: missing total");
	expect_refused(COWS_HEAD "line eight induction\n",
	               "unit.protocol:4: total 'eight' is not a whole number from 0 to 999999");
	expect_refused(COWS_HEAD "line 8\n", "unit.protocol:4: line label: must not be empty");
	expect_refused(COWS_HEAD "line 8 induction\nline 8 again\n",
	               "unit.protocol:5: a second line at 8");
	char text[512];
	snprintf(text, sizeof text, COWS_HEAD "line 8 %s\n",
	         "a label far too long for the chart's margin");
	expect_refused(text, "unit.protocol:4: line label: 43 characters is over the limit of 40");
	expect_refused(COWS_HEAD "line 5 a\nline 8 b\nline 13 c\nline 25 d\nline 37 e\n",
	               "unit.protocol:8: more than 4 'line' lines");
	/* Past the top: named on its own line, not the 'protocol' line. */
	expect_refused(COWS_HEAD "\nline 8 induction\nline 49 past the top\n",
	               "unit.protocol:6: line 49 is past the scale's highest total 48");
	expect_refused(CIWA_HEAD "line 68 off the chart\n",
	               "unit.protocol:4: line 68 is past the scale's highest total 67");
}

/* ---- decision support ---------------------------------------------------- */

/* The words of the dose range for a total, or "" when none. */
static const char *dose_words(const vigil_protocol *p, const vigil_scale *s, int total)
{
	static char buf[VIGIL_DOSE_WORDS_MAX];
	vigil_protocol_dose_range_words(p, s, vigil_protocol_dose_range(p, total), buf, sizeof buf);
	return buf;
}

/* Why a vital value is flagged, or "-" when it is not. */
static const char *vital_why(const vigil_protocol *p, vigil_vital v, int value)
{
	static char why[VIGIL_VITAL_WHY_MAX];
	memset(why, 'x', sizeof why);
	bool flagged = vigil_protocol_vital_flag(p, v, value, why, sizeof why);
	/* The answer and the text agree. */
	assert_int_equal(flagged, why[0] != '\0');
	return flagged ? why : "-";
}

static void test_shipped_decision_support(void **state)
{
	(void)state;
	/* CIWA-Ar: the table of Gortney et al., two 24-hour maximums. */
	const vigil_protocol *p = ciwa_p;
	assert_int_equal(p->ndose_ranges, 3);
	assert_int_equal(p->dose_ranges[0].lo, 8);
	assert_int_equal(p->dose_ranges[0].hi, 10);
	assert_int_equal(p->dose_ranges[0].noptions, 2);
	assert_string_equal(p->dose_ranges[0].options[0].drug, "chlordiazepoxide");
	assert_int_equal(p->dose_ranges[0].options[0].min, 25000);
	assert_int_equal(p->dose_ranges[0].options[0].max, 50000);
	assert_string_equal(p->dose_ranges[0].options[0].unit, "mg");
	assert_string_equal(p->dose_ranges[0].options[1].drug, "lorazepam");
	assert_int_equal(p->dose_ranges[0].options[1].min, 1000);
	assert_int_equal(p->dose_ranges[0].options[1].max, 2000);
	assert_int_equal(p->dose_ranges[2].lo, 16);
	assert_int_equal(p->dose_ranges[2].hi, 19);
	assert_string_equal(dose_words(p, ciwa, 7), "");
	assert_string_equal(dose_words(p, ciwa, 8),
	                    "CIWA-Ar 8-10: chlordiazepoxide 25-50 mg or lorazepam 1-2 mg");
	assert_string_equal(dose_words(p, ciwa, 11),
	                    "CIWA-Ar 11-15: chlordiazepoxide 50-75 mg or lorazepam 2-3 mg");
	assert_string_equal(dose_words(p, ciwa, 19),
	                    "CIWA-Ar 16-19: chlordiazepoxide 75-100 mg or lorazepam 3-4 mg");
	assert_string_equal(dose_words(p, ciwa, 20), "");
	assert_int_equal(p->ndose_caps, 2);
	assert_int_equal(vigil_protocol_dose_cap(p, "lorazepam")->amount, 12000);
	assert_string_equal(vigil_protocol_dose_cap(p, "lorazepam")->unit, "mg");
	assert_int_equal(vigil_protocol_dose_cap(p, "chlordiazepoxide")->amount, 150000);
	assert_false(vigil_protocol_has_readiness(p));
	assert_int_equal(vigil_protocol_ready_total(p), -1);
	assert_null(vigil_protocol_ready_after(p, "fentanyl"));
	assert_string_equal(vital_why(p, VIGIL_VITAL_RR, 11), "rr 11 < 12");
	assert_string_equal(vital_why(p, VIGIL_VITAL_RR, 12), "-");
	assert_int_equal(p->nvital_limits, 7);

	/* COWS: buprenorphine induction criteria, vital limits, no doses. */
	p = cows_p;
	assert_int_equal(p->ndose_ranges, 0);
	assert_int_equal(p->ndose_caps, 0);
	assert_null(vigil_protocol_dose_range(p, 8));
	assert_null(vigil_protocol_dose_cap(p, "buprenorphine"));
	assert_true(vigil_protocol_has_readiness(p));
	assert_int_equal(vigil_protocol_ready_total(p), 8);
	assert_int_equal(p->nready_after, 4);
	assert_int_equal(vigil_protocol_ready_after(p, "short-acting")->after, 12 * HOUR);
	assert_int_equal(vigil_protocol_ready_after(p, "fentanyl")->after, 24 * HOUR);
	assert_int_equal(vigil_protocol_ready_after(p, "methadone")->after, 36 * HOUR);
	assert_int_equal(vigil_protocol_ready_after(p, "long-acting")->after, 24 * HOUR);
	assert_null(vigil_protocol_ready_after(p, "intermediate"));
	assert_int_equal(p->nvital_limits, 7);
	assert_string_equal(vital_why(p, VIGIL_VITAL_HR, 121), "hr 121 > 120");
	assert_string_equal(vital_why(p, VIGIL_VITAL_HR, 120), "-");
	assert_string_equal(vital_why(p, VIGIL_VITAL_HR, 50), "-");
	assert_string_equal(vital_why(p, VIGIL_VITAL_HR, 49), "hr 49 < 50");
	assert_string_equal(vital_why(p, VIGIL_VITAL_SYS, 181), "sys 181 > 180");
	assert_string_equal(vital_why(p, VIGIL_VITAL_SYS, 89), "sys 89 < 90");
	assert_string_equal(vital_why(p, VIGIL_VITAL_TEMP, 380), "temp 38.0 >= 38.0");
	assert_string_equal(vital_why(p, VIGIL_VITAL_TEMP, 379), "-");
	assert_string_equal(vital_why(p, VIGIL_VITAL_SPO2, 91), "spo2 91 < 92");
	assert_string_equal(vital_why(p, VIGIL_VITAL_SPO2, 92), "-");
	assert_string_equal(vital_why(p, VIGIL_VITAL_DIA, 120), "-");
	/* The earlier lines keep their numbers: the new ones come after. */
	assert_int_equal(p->intervals[0].line, 9);
	assert_int_equal(p->warns[1].line, 23);
}

static void test_decision_lines_accepted(void **state)
{
	(void)state;
	vigil_protocol *p = parse_ok(
		"unit.protocol",
		CIWA_HEAD
		"dose 8-10 Lorazepam 0.5-1 MG or diazepam 10 mg\n"             /* 4 */
		"dose 20 phenobarbital 130 mg or a1 1 g or b-2 250 mcg or c 5 ml\n" /* 5 */
		"dose 11-15\tlorazepam  2-3   mg\n"                             /* 6 */
		"max-24h LORAZEPAM 12 mg\n"                                     /* 7 */
		"max-24h diazepam 0.1 g\n"                                      /* 8 */
		"ready total >= 13\n"                                           /* 9 */
		"ready after Short-Acting 12h\n"                                /* 10 */
		"ready after fentanyl 1d\n"                                     /* 11 */
		"vital temp >= 38\n"                                            /* 12 */
		"vital temp <= 35.5\n"                                          /* 13 */
		"vital hr > 120\n"                                              /* 14 */
		"vital spo2 < 92\n");                                           /* 15 */
	assert_int_equal(p->ndose_ranges, 3);
	const vigil_dose_range *r = &p->dose_ranges[0];
	assert_int_equal(r->line, 4);
	assert_int_equal(r->noptions, 2);
	assert_string_equal(r->options[0].drug, "lorazepam");
	assert_int_equal(r->options[0].min, 500);
	assert_int_equal(r->options[0].max, 1000);
	assert_string_equal(r->options[0].unit, "mg");
	assert_int_equal(r->options[1].min, 10000); /* one amount: min = max */
	assert_int_equal(r->options[1].max, 10000);
	r = &p->dose_ranges[1];
	assert_int_equal(r->lo, 20);
	assert_int_equal(r->hi, 20);
	assert_int_equal(r->noptions, 4);
	assert_string_equal(r->options[3].unit, "mL");
	assert_int_equal(p->dose_ranges[2].line, 6);
	/* Ranges found by total whatever order they were written in. */
	assert_ptr_equal(vigil_protocol_dose_range(p, 8), &p->dose_ranges[0]);
	assert_ptr_equal(vigil_protocol_dose_range(p, 10), &p->dose_ranges[0]);
	assert_ptr_equal(vigil_protocol_dose_range(p, 11), &p->dose_ranges[2]);
	assert_ptr_equal(vigil_protocol_dose_range(p, 15), &p->dose_ranges[2]);
	assert_null(vigil_protocol_dose_range(p, 7));
	assert_null(vigil_protocol_dose_range(p, 16));
	assert_null(vigil_protocol_dose_range(p, 19));
	assert_ptr_equal(vigil_protocol_dose_range(p, 20), &p->dose_ranges[1]);
	assert_null(vigil_protocol_dose_range(p, 21));
	assert_null(vigil_protocol_dose_range(p, -1));
	assert_null(vigil_protocol_dose_range(NULL, 8));
	assert_string_equal(dose_words(p, ciwa, 9),
	                    "CIWA-Ar 8-10: lorazepam 0.5-1 mg or diazepam 10 mg");
	assert_string_equal(dose_words(p, ciwa, 20),
	                    "CIWA-Ar 20: phenobarbital 130 mg or a1 1 g or b-2 250 mcg or c 5 mL");
	/* Without the scale, its key. */
	assert_string_equal(dose_words(p, NULL, 12), "ciwa-ar 11-15: lorazepam 2-3 mg");
	/* Cut to the buffer, always ended; nothing for no range. */
	char small[16];
	vigil_protocol_dose_range_words(p, ciwa, &p->dose_ranges[0], small, sizeof small);
	assert_string_equal(small, "CIWA-Ar 8-10: l");
	vigil_protocol_dose_range_words(p, ciwa, NULL, small, sizeof small);
	assert_string_equal(small, "");

	/* The 24-hour maximums: by drug, whatever its case. */
	assert_int_equal(p->ndose_caps, 2);
	const vigil_dose_cap *c = vigil_protocol_dose_cap(p, "Lorazepam");
	assert_non_null(c);
	assert_ptr_equal(vigil_protocol_dose_cap(p, "LORAZEPAM"), c);
	assert_string_equal(c->drug, "lorazepam");
	assert_int_equal(c->amount, 12000);
	assert_int_equal(c->line, 7);
	c = vigil_protocol_dose_cap(p, "diazepam");
	assert_int_equal(c->amount, 100);
	assert_string_equal(c->unit, "g");
	assert_null(vigil_protocol_dose_cap(p, "chlordiazepoxide"));
	assert_null(vigil_protocol_dose_cap(p, NULL));
	assert_null(vigil_protocol_dose_cap(NULL, "lorazepam"));

	/* Readiness. */
	assert_true(vigil_protocol_has_readiness(p));
	assert_int_equal(vigil_protocol_ready_total(p), 13);
	assert_int_equal(p->ready_total_line, 9);
	assert_int_equal(p->nready_after, 2);
	const vigil_ready_after *ra = vigil_protocol_ready_after(p, "SHORT-ACTING");
	assert_non_null(ra);
	assert_string_equal(ra->kind, "short-acting");
	assert_int_equal(ra->after, 12 * HOUR);
	assert_int_equal(ra->line, 10);
	assert_int_equal(vigil_protocol_ready_after(p, "fentanyl")->after, 24 * HOUR);
	assert_null(vigil_protocol_ready_after(p, "methadone"));
	assert_null(vigil_protocol_ready_after(p, NULL));
	assert_false(vigil_protocol_has_readiness(NULL));
	assert_int_equal(vigil_protocol_ready_total(NULL), -1);

	/* Vital limits, each op at its boundary. */
	assert_int_equal(p->nvital_limits, 4);
	assert_int_equal(p->vital_limits[0].vital, VIGIL_VITAL_TEMP);
	assert_int_equal(p->vital_limits[0].op, VIGIL_VITAL_GE);
	assert_int_equal(p->vital_limits[0].value, 380);
	assert_int_equal(p->vital_limits[0].line, 12);
	assert_int_equal(p->vital_limits[1].op, VIGIL_VITAL_LE);
	assert_int_equal(p->vital_limits[1].value, 355);
	assert_int_equal(p->vital_limits[2].op, VIGIL_VITAL_GT);
	assert_int_equal(p->vital_limits[3].op, VIGIL_VITAL_LT);
	/* >= */
	assert_string_equal(vital_why(p, VIGIL_VITAL_TEMP, 379), "-");
	assert_string_equal(vital_why(p, VIGIL_VITAL_TEMP, 380), "temp 38.0 >= 38.0");
	assert_string_equal(vital_why(p, VIGIL_VITAL_TEMP, 412), "temp 41.2 >= 38.0");
	/* <= */
	assert_string_equal(vital_why(p, VIGIL_VITAL_TEMP, 356), "-");
	assert_string_equal(vital_why(p, VIGIL_VITAL_TEMP, 355), "temp 35.5 <= 35.5");
	assert_string_equal(vital_why(p, VIGIL_VITAL_TEMP, 354), "temp 35.4 <= 35.5");
	/* > */
	assert_string_equal(vital_why(p, VIGIL_VITAL_HR, 120), "-");
	assert_string_equal(vital_why(p, VIGIL_VITAL_HR, 121), "hr 121 > 120");
	/* < */
	assert_string_equal(vital_why(p, VIGIL_VITAL_SPO2, 92), "-");
	assert_string_equal(vital_why(p, VIGIL_VITAL_SPO2, 91), "spo2 91 < 92");
	/* A vital without a line, and no protocol: never flagged. */
	assert_string_equal(vital_why(p, VIGIL_VITAL_HR, 30), "-");
	assert_string_equal(vital_why(p, VIGIL_VITAL_RR, 4), "-");
	assert_string_equal(vital_why(NULL, VIGIL_VITAL_HR, 200), "-");
	/* why may be left out, or short. */
	assert_true(vigil_protocol_vital_flag(p, VIGIL_VITAL_HR, 130, NULL, 0));
	char why[8];
	assert_true(vigil_protocol_vital_flag(p, VIGIL_VITAL_HR, 130, why, sizeof why));
	assert_string_equal(why, "hr 130 ");
	assert_string_equal(vigil_vital_op_name(VIGIL_VITAL_LE), "<=");
	vigil_protocol_free(p);

	/* A dose in mcg checked against a maximum in mg: 1 mg is under 12. */
	p = parse_ok("unit.protocol", CIWA_HEAD "max-24h lorazepam 12 mg\n"
	                              "dose 8-10 lorazepam 500-1000 mcg\n"
	                              "dose 11-15 lorazepam 12 mg\n");
	assert_int_equal(p->dose_ranges[0].options[0].max, 1000000);
	vigil_protocol_free(p);

	/* Without scales, nothing is checked against one. */
	vigil_error err;
	assert_int_equal(vigil_protocol_parse("x.protocol", "protocol nosuch\nevery 0-5 1h\n"
	                                                    "dose 0-500 x 1 mg\nready total >= 600\n",
	                                      NULL, &p, &err),
	                 VIGIL_OK);
	assert_int_equal(vigil_protocol_ready_total(p), 600);
	vigil_protocol_free(p);
}

static void test_refused_dose_lines(void **state)
{
	(void)state;
	expect_refused(CIWA_HEAD "dose\n", "unit.protocol:4: missing totals (LO-HI)");
	expect_refused(CIWA_HEAD "dose ten lorazepam 1 mg\n",
	               "unit.protocol:4: totals 'ten' is not a range like 13-48");
	expect_refused(CIWA_HEAD "dose 10-8 lorazepam 1 mg\n",
	               "unit.protocol:4: totals '10-8' runs backwards");
	expect_refused(CIWA_HEAD "dose 8-10\n",
	               "unit.protocol:4: missing drug after the totals (like lorazepam 1-2 mg)");
	expect_refused(CIWA_HEAD "dose 8-10 25-50 mg\n",
	               "unit.protocol:4: expected a drug after the totals, not '25-50' (like "
	               "lorazepam 1-2 mg)");
	expect_refused(CIWA_HEAD "dose 8-10 loraz*pam 1 mg\n",
	               "unit.protocol:4: drug: '*' is not allowed (use letters, digits and -)");
	expect_refused(CIWA_HEAD "dose 8-10 lorazepam\n",
	               "unit.protocol:4: missing dose after lorazepam (like lorazepam 1-2 mg)");
	/* MIN > MAX, and amounts that are not amounts. */
	expect_refused(CIWA_HEAD "dose 8-10 lorazepam 2-1 mg\n",
	               "unit.protocol:4: lorazepam dose '2-1' runs backwards");
	expect_refused(CIWA_HEAD "dose 8-10 lorazepam 1-two mg\n",
	               "unit.protocol:4: lorazepam dose: 'two' is not an amount (use digits, like 4 "
	               "or 0.5)");
	expect_refused(CIWA_HEAD "dose 8-10 lorazepam 0-2 mg\n",
	               "unit.protocol:4: lorazepam dose: '0' is not an amount above zero");
	expect_refused(CIWA_HEAD "dose 8-10 lorazepam .5-1 mg\n",
	               "unit.protocol:4: lorazepam dose: '.5' needs a leading zero (0.5)");
	expect_refused(CIWA_HEAD "dose 8-10 lorazepam 0.0005-1 mg\n",
	               "unit.protocol:4: lorazepam dose: '0.0005' has more than 3 decimals");
	expect_refused(CIWA_HEAD "dose 8-10 lorazepam 1-2000000 mg\n",
	               "unit.protocol:4: lorazepam dose: '2000000' is more than 1000000");
	expect_refused(CIWA_HEAD "dose 8-10 lorazepam -1-2 mg\n",
	               "unit.protocol:4: lorazepam dose '-1-2' is not an amount or a range like 1-2");
	expect_refused(CIWA_HEAD "dose 8-10 lorazepam 1- mg\n",
	               "unit.protocol:4: lorazepam dose '1-' is not an amount or a range like 1-2");
	expect_refused(CIWA_HEAD "dose 8-10 lorazepam 1--2 mg\n",
	               "unit.protocol:4: lorazepam dose: '-2' is not an amount above zero");
	/* Units. */
	expect_refused(CIWA_HEAD "dose 8-10 lorazepam 1-2\n",
	               "unit.protocol:4: missing unit after the lorazepam dose (mg, mcg, g or mL)");
	expect_refused(CIWA_HEAD "dose 8-10 lorazepam 1-2 tabs\n",
	               "unit.protocol:4: the lorazepam dose: 'tabs' is not a unit (use mg, mcg, g or "
	               "mL)");
	expect_refused(CIWA_HEAD "dose 8-10 lorazepam 1-2 ug\n",
	               "unit.protocol:4: the lorazepam dose: 'ug' is not a unit: write mcg (ug is "
	               "misread as mg)");
	/* Between drugs: 'or', each drug once, at most 4. */
	expect_refused(CIWA_HEAD "dose 8-10 lorazepam 1-2 mg or\n",
	               "unit.protocol:4: missing drug after 'or' (like lorazepam 1-2 mg)");
	expect_refused(CIWA_HEAD "dose 8-10 lorazepam 1-2 mg and diazepam 10 mg\n",
	               "unit.protocol:4: unexpected 'and' after the lorazepam dose (put 'or' between "
	               "drugs)");
	expect_refused(CIWA_HEAD "dose 8-10 lorazepam 1-2 mg q1h\n",
	               "unit.protocol:4: unexpected 'q1h' after the lorazepam dose (put 'or' between "
	               "drugs)");
	expect_refused(CIWA_HEAD "dose 8-10 lorazepam 1-2 mg or Lorazepam 2 mg\n",
	               "unit.protocol:4: lorazepam twice in one 'dose' line");
	expect_refused(CIWA_HEAD "dose 8-10 a 1 mg or b 1 mg or c 1 mg or d 1 mg or e 1 mg\n",
	               "unit.protocol:4: more than 4 drugs in one 'dose' line");
	/* Overlapping ranges, named on the later line. */
	expect_refused(CIWA_HEAD "dose 8-10 lorazepam 1-2 mg\ndose 10-15 lorazepam 2-3 mg\n",
	               "unit.protocol:5: dose totals 10-15 overlap line 4 (8-10)");
	expect_refused(CIWA_HEAD "dose 11-15 lorazepam 2-3 mg\n\ndose 5-20 lorazepam 1 mg\n",
	               "unit.protocol:6: dose totals 5-20 overlap line 4 (11-15)");
	expect_refused(CIWA_HEAD "dose 8-10 lorazepam 1-2 mg\ndose 9 lorazepam 2-3 mg\n",
	               "unit.protocol:5: dose totals 9-9 overlap line 4 (8-10)");
	/* Past the scale's totals, on its own line. */
	expect_refused(CIWA_HEAD "dose 8-10 lorazepam 1-2 mg\ndose 16-68 lorazepam 3-4 mg\n",
	               "unit.protocol:5: dose totals 16-68 go past the scale's highest total 67");
	expect_refused(COWS_HEAD "dose 40-49 clonidine 0.1 mg\n",
	               "unit.protocol:4: dose totals 40-49 go past the scale's highest total 48");
	/* At most 8. */
	expect_refused(CIWA_HEAD "dose 1 a 1 mg\ndose 2 a 1 mg\ndose 3 a 1 mg\ndose 4 a 1 mg\n"
	                         "dose 5 a 1 mg\ndose 6 a 1 mg\ndose 7 a 1 mg\ndose 8 a 1 mg\n"
	                         "dose 9 a 1 mg\n",
	               "unit.protocol:12: more than 8 'dose' lines");
	/* A single dose above its drug's 24-hour maximum, or not comparable
	 * with it; either line may come first. */
	expect_refused(CIWA_HEAD "max-24h lorazepam 12 mg\ndose 8-10 lorazepam 1-20 mg\n",
	               "unit.protocol:5: a lorazepam dose of 20 mg is more than line 4's max-24h of "
	               "12 mg");
	expect_refused(CIWA_HEAD "dose 8-10 lorazepam 12001 mcg\nmax-24h lorazepam 12 mg\n",
	               "unit.protocol:4: a lorazepam dose of 12001 mcg is more than line 5's max-24h "
	               "of 12 mg");
	expect_refused(CIWA_HEAD "max-24h lorazepam 12 mg\ndose 8-10 lorazepam 1-2 mL\n",
	               "unit.protocol:5: the lorazepam dose in mL cannot be checked against line 4's "
	               "max-24h in mg");
}

static void test_refused_max_24h(void **state)
{
	(void)state;
	expect_refused(CIWA_HEAD "max-24h\n",
	               "unit.protocol:4: missing drug after 'max-24h' (like lorazepam 12 mg)");
	expect_refused(CIWA_HEAD "max-24h 12 mg\n",
	               "unit.protocol:4: expected a drug after 'max-24h', not '12' (like lorazepam "
	               "12 mg)");
	expect_refused(CIWA_HEAD "max-24h lorazepam\n",
	               "unit.protocol:4: missing amount after 'max-24h lorazepam' (like 12 mg)");
	expect_refused(CIWA_HEAD "max-24h lorazepam twelve mg\n",
	               "unit.protocol:4: max-24h lorazepam: 'twelve' is not an amount (use digits, "
	               "like 4 or 0.5)");
	expect_refused(CIWA_HEAD "max-24h lorazepam 0 mg\n",
	               "unit.protocol:4: max-24h lorazepam: '0' is not an amount above zero");
	expect_refused(CIWA_HEAD "max-24h lorazepam 10-12 mg\n",
	               "unit.protocol:4: max-24h lorazepam: '10-12' is not an amount (use digits, "
	               "like 4 or 0.5)");
	expect_refused(CIWA_HEAD "max-24h lorazepam 12\n",
	               "unit.protocol:4: missing unit after max-24h lorazepam (mg, mcg, g or mL)");
	expect_refused(CIWA_HEAD "max-24h lorazepam 12 mgs\n",
	               "unit.protocol:4: max-24h lorazepam: 'mgs' is not a unit (use mg, mcg, g or "
	               "mL)");
	expect_refused(CIWA_HEAD "max-24h lorazepam 12 mg a day\n",
	               "unit.protocol:4: unexpected 'a' after the unit");
	expect_refused(CIWA_HEAD "max-24h lorazepam 12 mg\nmax-24h LORAZEPAM 10 mg\n",
	               "unit.protocol:5: a second 'max-24h' line for lorazepam (first on line 4)");
	expect_refused(CIWA_HEAD "max-24h a 1 mg\nmax-24h b 1 mg\nmax-24h c 1 mg\nmax-24h d 1 mg\n"
	                         "max-24h e 1 mg\nmax-24h f 1 mg\nmax-24h g 1 mg\nmax-24h h 1 mg\n"
	                         "max-24h i 1 mg\n",
	               "unit.protocol:12: more than 8 'max-24h' lines");
}

static void test_refused_ready(void **state)
{
	(void)state;
	expect_refused(COWS_HEAD "ready\n",
	               "unit.protocol:4: expected 'ready total >= N' or 'ready after KIND DURATION'");
	expect_refused(COWS_HEAD "ready when 8\n",
	               "unit.protocol:4: expected 'ready total >= N' or 'ready after KIND DURATION'");
	expect_refused(COWS_HEAD "ready total 8\n", "unit.protocol:4: expected 'ready total >= N'");
	expect_refused(COWS_HEAD "ready total > 7\n", "unit.protocol:4: expected 'ready total >= N'");
	expect_refused(COWS_HEAD "ready total >=\n", "unit.protocol:4: missing total");
	expect_refused(COWS_HEAD "ready total >= eight\n",
	               "unit.protocol:4: total 'eight' is not a whole number from 1 to 999999");
	expect_refused(COWS_HEAD "ready total >= 0\n",
	               "unit.protocol:4: total '0' is not a whole number from 1 to 999999");
	expect_refused(COWS_HEAD "ready total >= 8 or 13\n",
	               "unit.protocol:4: unexpected 'or' after the total");
	expect_refused(COWS_HEAD "ready total >= 8\nready total >= 13\n",
	               "unit.protocol:5: duplicate 'ready total' line (first on line 4)");
	expect_refused(COWS_HEAD "\nready total >= 49\n",
	               "unit.protocol:5: no COWS total reaches 49 (highest 48)");
	/* ready after */
	expect_refused(COWS_HEAD "ready after\n",
	               "unit.protocol:4: missing kind after 'ready after' (like short-acting or "
	               "fentanyl)");
	expect_refused(COWS_HEAD "ready after 12h\n",
	               "unit.protocol:4: missing kind after 'ready after' (like short-acting or "
	               "fentanyl)");
	expect_refused(COWS_HEAD "ready after short_acting 12h\n",
	               "unit.protocol:4: kind: '_' is not allowed (use letters, digits and -)");
	expect_refused(COWS_HEAD "ready after fentanyl\n",
	               "unit.protocol:4: missing time after 'ready after fentanyl' (like 12h)");
	expect_refused(COWS_HEAD "ready after fentanyl 24\n",
	               "unit.protocol:4: ready after fentanyl: '24' is not a length of time (use e.g. "
	               "30m, 4h, 1h30m or 2d)");
	expect_refused(COWS_HEAD "ready after fentanyl 0h\n",
	               "unit.protocol:4: ready after fentanyl: '0h' is not a length of time (use e.g. "
	               "30m, 4h, 1h30m or 2d)");
	expect_refused(COWS_HEAD "ready after methadone 31d\n",
	               "unit.protocol:4: ready after methadone: '31d' is longer than 30 days");
	expect_refused(COWS_HEAD "ready after fentanyl 24h or more\n",
	               "unit.protocol:4: unexpected 'or' after the time");
	expect_refused(COWS_HEAD "ready after fentanyl 24h\nready after Fentanyl 12h\n",
	               "unit.protocol:5: a second 'ready after fentanyl' line (first on line 4)");
	expect_refused(COWS_HEAD "ready after a 1h\nready after b 1h\nready after c 1h\n"
	                         "ready after d 1h\nready after e 1h\nready after f 1h\n"
	                         "ready after g 1h\nready after h 1h\nready after i 1h\n",
	               "unit.protocol:12: more than 8 'ready after' lines");
}

static void test_refused_vital_lines(void **state)
{
	(void)state;
	expect_refused(COWS_HEAD "vital\n",
	               "unit.protocol:4: missing vital sign after 'vital' (hr, sys, dia, temp, rr or "
	               "spo2)");
	expect_refused(COWS_HEAD "vital bp > 140\n",
	               "unit.protocol:4: unknown vital sign 'bp' (use hr, sys, dia, temp, rr or "
	               "spo2)");
	expect_refused(COWS_HEAD "vital pulse > 120\n",
	               "unit.protocol:4: unknown vital sign 'pulse' (use hr, sys, dia, temp, rr or "
	               "spo2)");
	expect_refused(COWS_HEAD "vital HR\n",
	               "unit.protocol:4: missing test after 'vital hr' (<, <=, > or >=)");
	expect_refused(COWS_HEAD "vital hr = 120\n",
	               "unit.protocol:4: '=' is not a test for a vital sign (use <, <=, > or >=)");
	expect_refused(COWS_HEAD "vital hr => 120\n",
	               "unit.protocol:4: '=>' is not a test for a vital sign (use <, <=, > or >=)");
	expect_refused(COWS_HEAD "vital hr 50-120\n",
	               "unit.protocol:4: '50-120' is not a test for a vital sign (use <, <=, > or >=)");
	expect_refused(COWS_HEAD "vital hr >\n", "unit.protocol:4: missing value after 'vital hr >'");
	expect_refused(COWS_HEAD "vital hr > fast\n",
	               "unit.protocol:4: heart rate: 'fast' is not a whole number");
	expect_refused(COWS_HEAD "vital hr > 120.5\n",
	               "unit.protocol:4: heart rate: '120.5' is not a whole number");
	expect_refused(COWS_HEAD "vital hr > 300\n",
	               "unit.protocol:4: heart rate: 300 is not plausible (20-250)");
	expect_refused(COWS_HEAD "vital temp >= 38.05\n",
	               "unit.protocol:4: temperature: '38.05' has more than one decimal");
	expect_refused(COWS_HEAD "vital temp >= 100.4\n",
	               "unit.protocol:4: temperature: 100.4 is not plausible (30.0-45.0)");
	expect_refused(COWS_HEAD "vital spo2 < 92%\n",
	               "unit.protocol:4: SpO2: '92%' is not a whole number");
	expect_refused(COWS_HEAD "vital hr > 120 bpm\n",
	               "unit.protocol:4: unexpected 'bpm' after the value");
	/* A line that flags no plausible value, or every one. */
	expect_refused(COWS_HEAD "vital hr > 250\n",
	               "unit.protocol:4: 'hr > 250' flags no plausible heart rate (20-250)");
	expect_refused(COWS_HEAD "vital hr < 20\n",
	               "unit.protocol:4: 'hr < 20' flags no plausible heart rate (20-250)");
	expect_refused(COWS_HEAD "vital temp > 45\n",
	               "unit.protocol:4: 'temp > 45.0' flags no plausible temperature (30.0-45.0)");
	expect_refused(COWS_HEAD "vital hr >= 20\n",
	               "unit.protocol:4: 'hr >= 20' flags every plausible heart rate (20-250)");
	expect_refused(COWS_HEAD "vital spo2 <= 100\n",
	               "unit.protocol:4: 'spo2 <= 100' flags every plausible SpO2 (50-100)");
	expect_refused(COWS_HEAD "vital rr > 3\n",
	               "unit.protocol:4: respiratory rate: 3 is not plausible (4-80)");
	/* One high and one low limit a vital, with normal values between. */
	expect_refused(COWS_HEAD "vital hr > 120\nvital HR >= 130\n",
	               "unit.protocol:5: a second high limit for hr (first on line 4)");
	expect_refused(COWS_HEAD "vital spo2 < 92\n\nvital spo2 <= 88\n",
	               "unit.protocol:6: a second low limit for spo2 (first on line 4)");
	expect_refused(COWS_HEAD "vital hr > 120\nvital hr < 122\n",
	               "unit.protocol:5: 'hr < 122' and line 4's 'hr > 120' leave no heart rate "
	               "unflagged");
	expect_refused(COWS_HEAD "vital hr < 121\nvital hr > 120\n",
	               "unit.protocol:5: 'hr > 120' and line 4's 'hr < 121' leave no heart rate "
	               "unflagged");
	expect_refused(COWS_HEAD "vital temp >= 38.0\nvital temp <= 37.9\n",
	               "unit.protocol:5: 'temp <= 37.9' and line 4's 'temp >= 38.0' leave no "
	               "temperature unflagged");
	/* One value between them is enough. */
	vigil_protocol *p = parse_ok("unit.protocol", COWS_HEAD "vital hr >= 121\nvital hr < 120\n"
	                                               "vital temp >= 38.0\nvital temp <= 37.8\n");
	assert_string_equal(vital_why(p, VIGIL_VITAL_HR, 120), "-");
	assert_string_equal(vital_why(p, VIGIL_VITAL_HR, 119), "hr 119 < 120");
	assert_string_equal(vital_why(p, VIGIL_VITAL_HR, 121), "hr 121 >= 121");
	assert_string_equal(vital_why(p, VIGIL_VITAL_TEMP, 379), "-");
	assert_string_equal(vital_why(p, VIGIL_VITAL_TEMP, 378), "temp 37.8 <= 37.8");
	vigil_protocol_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_cows),
		cmocka_unit_test(test_shipped_ciwa),
		cmocka_unit_test(test_builtin_set),
		cmocka_unit_test(test_cows_boundaries),
		cmocka_unit_test(test_ciwa_boundaries),
		cmocka_unit_test(test_step_down),
		cmocka_unit_test(test_manual_step_down_example),
		cmocka_unit_test(test_warn_by_total),
		cmocka_unit_test(test_warn_by_item),
		cmocka_unit_test(test_warn_by_measure),
		cmocka_unit_test(test_warn_two_in_a_row),
		cmocka_unit_test(test_warn_for_48h),
		cmocka_unit_test(test_warning_never_cut),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_every_words),
		cmocka_unit_test(test_every_words_exact),
		cmocka_unit_test(test_full_file_accepted),
		cmocka_unit_test(test_refused_structure),
		cmocka_unit_test(test_refused_intervals),
		cmocka_unit_test(test_refused_warnings),
		cmocka_unit_test(test_refused_unreachable_item_tests),
		cmocka_unit_test(test_refused_chart_lines),
		cmocka_unit_test(test_shipped_decision_support),
		cmocka_unit_test(test_decision_lines_accepted),
		cmocka_unit_test(test_refused_dose_lines),
		cmocka_unit_test(test_refused_max_24h),
		cmocka_unit_test(test_refused_ready),
		cmocka_unit_test(test_refused_vital_lines),
	};
	return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
