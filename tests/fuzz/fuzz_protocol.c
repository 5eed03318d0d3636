/* fuzz_protocol.c - vigil_protocol_parse on any text (vigil-protocol(5)),
 * checked against the built-in scales (loaded once) and without scales.
 *
 * A protocol that loads is then put through what the faces show of it:
 * interval words, dose lines in words, and the vital-sign flags, each
 * held to the buffer size its header promises is enough. One checked
 * against its scale is evaluated after a history at every total the
 * scale has: each total has an interval (vigil-protocol(5): every total
 * needs one), and its warnings are formatted. */
#include <limits.h>

#include "fuzz.h"
#include "vigil/assessment.h"
#include "vigil/measure.h"
#include "vigil/protocol.h"
#include "vigil/scale.h"

static vigil_scales *scales;

/* Text written into a buffer twice the size promised must fit the size
 * promised. */
static void check_fits(const char *what, const char *buf, size_t promised)
{
	if (strlen(buf) >= promised)
		fuzz_fail("%s: %zu bytes, more than the %zu promised: %s", what, strlen(buf),
		          promised - 1, buf);
}

static void check_dose_lines(const vigil_protocol *p, const vigil_scale *scale)
{
	char words[VIGIL_DOSE_WORDS_MAX * 2], small[12];
	for (size_t i = 0; i < p->ndose_ranges; i++) {
		const vigil_dose_range *r = &p->dose_ranges[i];
		if (r->lo > r->hi || r->noptions == 0 || r->noptions > VIGIL_DOSE_OPTIONS_MAX)
			fuzz_fail("dose line %d: range %d-%d with %zu options", r->line, r->lo, r->hi,
			          r->noptions);
		for (size_t j = 0; j < r->noptions; j++)
			if (r->options[j].min <= 0 || r->options[j].min > r->options[j].max)
				fuzz_fail("dose line %d: amounts %lld-%lld", r->line,
				          (long long)r->options[j].min, (long long)r->options[j].max);
		if (vigil_protocol_dose_range(p, r->lo) != r || vigil_protocol_dose_range(p, r->hi) != r)
			fuzz_fail("dose line %d not found by its own totals", r->line);
		vigil_protocol_dose_range_words(p, scale, r, words, sizeof words);
		check_fits("dose words", words, VIGIL_DOSE_WORDS_MAX);
		vigil_protocol_dose_range_words(p, NULL, r, words, sizeof words);
		check_fits("dose words", words, VIGIL_DOSE_WORDS_MAX);
		vigil_protocol_dose_range_words(p, scale, r, small, sizeof small);
	}
	for (size_t i = 0; i < p->ndose_caps; i++)
		if (vigil_protocol_dose_cap(p, p->dose_caps[i].drug) != &p->dose_caps[i])
			fuzz_fail("max-24h %s not found by its drug", p->dose_caps[i].drug);
}

static void check_vitals(const vigil_protocol *p)
{
	char why[VIGIL_VITAL_WHY_MAX * 2], small[6];
	for (size_t i = 0; i < p->nvital_limits; i++) {
		const vigil_vital_limit *l = &p->vital_limits[i];
		if ((unsigned)l->vital >= VIGIL_VITAL_COUNT)
			fuzz_fail("vital line %d: vital %d", l->line, (int)l->vital);
		int lo, hi;
		vigil_vital_range(l->vital, &lo, &hi);
		for (int value = lo; value <= hi; value += (hi - lo) / 8 + 1) {
			vigil_protocol_vital_flag(p, l->vital, value, why, sizeof why);
			check_fits("vital flag", why, VIGIL_VITAL_WHY_MAX);
		}
		int below = l->value > INT_MIN ? l->value - 1 : l->value;
		int above = l->value < INT_MAX ? l->value + 1 : l->value;
		int edges[] = { below, l->value, above, lo, hi };
		for (size_t e = 0; e < sizeof edges / sizeof edges[0]; e++) {
			bool flagged = vigil_protocol_vital_flag(p, l->vital, edges[e], why, sizeof why);
			check_fits("vital flag", why, VIGIL_VITAL_WHY_MAX);
			if (flagged != (why[0] != '\0'))
				fuzz_fail("vital flag %d and its reason '%s' disagree", flagged, why);
			vigil_protocol_vital_flag(p, l->vital, edges[e], small, sizeof small);
		}
	}
}

#define HISTORY 4

/* A history on the protocol's scale, newest first and 12 hours apart,
 * totalling total, every item at its highest score (high) or lowest, and
 * every measured item at the top or bottom of its range. */
static void fill_history(vigil_assessment *a, const vigil_scale *scale, int total, bool high)
{
	for (size_t h = 0; h < HISTORY; h++) {
		memset(&a[h], 0, sizeof a[h]);
		snprintf(a[h].scale, sizeof a[h].scale, "%s", scale->key);
		a[h].total = total;
		a[h].max_total = scale->max_total;
		a[h].performed_at = 1790000000 - (vigil_time)h * 12 * 3600;
		const vigil_band *band = vigil_scale_band(scale, total);
		snprintf(a[h].band, sizeof a[h].band, "%s", band ? band->key : "");
		a[h].nitems = scale->nitems;
		for (size_t i = 0; i < scale->nitems; i++) {
			const vigil_item *item = &scale->items[i];
			vigil_item_value *v = &a[h].items[i];
			snprintf(v->key, sizeof v->key, "%s", item->key);
			v->score = high ? vigil_item_max(item) : item->scores[0].score;
			v->has_raw = item->raw_key != NULL;
			v->raw = high ? item->raw_max : item->raw_min;
		}
	}
}

static void check_evaluate(const vigil_protocol *p, const vigil_scale *scale)
{
	static vigil_assessment a[HISTORY];
	const vigil_assessment *hist[HISTORY];
	vigil_protocol_result result;
	for (size_t h = 0; h < HISTORY; h++)
		hist[h] = &a[h];
	for (int total = 0; total <= scale->max_total; total++) {
		fill_history(a, scale, total, total * 2 > scale->max_total);
		for (size_t n = 1; n <= HISTORY; n += HISTORY - 1) {
			vigil_protocol_evaluate(p, scale, hist, n, &result);
			if (!result.rule || result.every <= 0)
				fuzz_fail("%s: no interval after a total of %d", p->scale, total);
			for (size_t w = 0; w < result.nwarnings; w++)
				check_fits("warning", result.warnings[w].text, VIGIL_WARNING_MAX);
		}
		(void)vigil_protocol_span_continues(p, scale, &a[0]);
	}
}

static void check_protocol(const vigil_protocol *p, bool checked)
{
	const vigil_scale *scale = vigil_scales_find(scales, p->scale);
	char words[64];
	for (size_t i = 0; i < p->nintervals; i++) {
		if (p->intervals[i].every <= 0)
			fuzz_fail("interval line %d: every %lld", p->intervals[i].line,
			          (long long)p->intervals[i].every);
		vigil_every_words(p->intervals[i].every, words, sizeof words);
	}
	(void)vigil_protocol_start_interval(p);
	(void)vigil_protocol_after_dose(p, "buprenorphine");
	(void)vigil_protocol_after_dose(p, "");
	check_dose_lines(p, scale);
	check_vitals(p);
	if (checked && !scale)
		fuzz_fail("protocol for '%s' checked against a scale vigil does not have", p->scale);
	if (checked)
		check_evaluate(p, scale);
	(void)vigil_protocol_ready_total(p);
	for (size_t i = 0; i < p->nready_after; i++)
		if (vigil_protocol_ready_after(p, p->ready_after[i].kind) != &p->ready_after[i])
			fuzz_fail("ready after %s not found by its kind", p->ready_after[i].kind);
}

static void parse(const char *text, const vigil_scales *with)
{
	vigil_protocol *p = NULL;
	vigil_error err;
	vigil_status s = vigil_protocol_parse("fuzz.protocol", text, with, &p, &err);
	if (s != VIGIL_OK) {
		fuzz_check_refusal("vigil_protocol_parse", s, &err);
		if (p)
			fuzz_fail("a refused protocol was returned");
		return;
	}
	if (!p)
		fuzz_fail("vigil_protocol_parse: OK without a protocol");
	check_protocol(p, with != NULL);
	vigil_protocol_free(p);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_environment();
	vigil_error err;
	if (vigil_scales_load(&scales, &err) != VIGIL_OK)
		fuzz_fail("the built-in scales do not load: %s", err.msg);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	parse(text, scales);
	parse(text, NULL);
	free(text);
	return 0;
}
