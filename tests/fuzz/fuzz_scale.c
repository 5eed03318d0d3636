/* fuzz_scale.c - vigil_scale_parse on any text (vigil-scale(5)).
 *
 * A scale that loads is then held to what vigil-scale(5) promises of
 * one: bands cover every total from 0 to the maximum exactly once,
 * derive lines cover their item's measurement range exactly once with
 * scores the item allows, and a sheet scored with every item's highest
 * score totals the maximum. */
#include "fuzz.h"
#include "vigil/scale.h"

/* Ranges lo..hi that lie inside min..max, overlap nowhere and add up to
 * all of it: exactly one range holds each value. */
static void check_cover(const char *what, const int *lo, const int *hi, size_t n, int min,
                        int max)
{
	int64_t covered = 0;
	for (size_t i = 0; i < n; i++) {
		if (lo[i] > hi[i] || lo[i] < min || hi[i] > max)
			fuzz_fail("%s %d-%d outside %d-%d", what, lo[i], hi[i], min, max);
		for (size_t j = 0; j < i; j++)
			if (lo[i] <= hi[j] && lo[j] <= hi[i])
				fuzz_fail("%s %d-%d overlaps %d-%d", what, lo[i], hi[i], lo[j], hi[j]);
		covered += (int64_t)hi[i] - lo[i] + 1;
	}
	if (covered != (int64_t)max - min + 1)
		fuzz_fail("%s: %lld of %d-%d covered", what, (long long)covered, min, max);
}

static void check_bands(const vigil_scale *scale)
{
	int lo[VIGIL_SCORES_MAX * 2], hi[VIGIL_SCORES_MAX * 2];
	if (scale->nbands > sizeof lo / sizeof lo[0])
		fuzz_fail("%zu bands", scale->nbands);
	for (size_t i = 0; i < scale->nbands; i++) {
		lo[i] = scale->bands[i].lo;
		hi[i] = scale->bands[i].hi;
	}
	if (scale->nbands) {
		check_cover("band", lo, hi, scale->nbands, 0, scale->max_total);
		for (size_t i = 0; i < scale->nbands; i++)
			if (vigil_scale_band(scale, lo[i]) != &scale->bands[i] ||
			    vigil_scale_band(scale, hi[i]) != &scale->bands[i])
				fuzz_fail("band %zu not found by its own totals", i);
	} else if (vigil_scale_band(scale, 0)) {
		fuzz_fail("a band found on a scale without bands");
	}
}

static void check_item(const vigil_item *item)
{
	char list[VIGIL_SCORES_MAX * 8], small[8];
	if (item->nscores == 0 || item->nscores > VIGIL_SCORES_MAX)
		fuzz_fail("item %s has %zu scores", item->key, item->nscores);
	for (size_t i = 0; i < item->nscores; i++) {
		if (i && item->scores[i].score <= item->scores[i - 1].score)
			fuzz_fail("item %s: scores not ascending", item->key);
		if (!vigil_item_allows(item, item->scores[i].score))
			fuzz_fail("item %s refuses its own score %d", item->key, item->scores[i].score);
	}
	if (vigil_item_max(item) != item->scores[item->nscores - 1].score)
		fuzz_fail("item %s: wrong highest score", item->key);
	vigil_item_allowed_list(item, list, sizeof list);
	vigil_item_allowed_list(item, small, sizeof small);
	if (!item->raw_key)
		return;
	int lo[VIGIL_SCORES_MAX], hi[VIGIL_SCORES_MAX];
	if (item->nderive > VIGIL_SCORES_MAX)
		fuzz_fail("item %s: %zu derive lines", item->key, item->nderive);
	for (size_t i = 0; i < item->nderive; i++) {
		const vigil_derive *d = &item->derive[i];
		lo[i] = d->lo;
		hi[i] = d->hi;
		if (!vigil_item_allows(item, d->score))
			fuzz_fail("item %s derives score %d it does not allow", item->key, d->score);
		int score;
		vigil_error err;
		if (vigil_item_derive(item, d->lo, &score, &err) != VIGIL_OK || score != d->score ||
		    vigil_item_derive(item, d->hi, &score, &err) != VIGIL_OK || score != d->score)
			fuzz_fail("item %s: derive %d-%d does not give %d", item->key, d->lo, d->hi,
			          d->score);
	}
	check_cover("derive", lo, hi, item->nderive, item->raw_min, item->raw_max);
	vigil_error err;
	int score;
	if (item->raw_min > INT32_MIN) {
		vigil_status s = vigil_item_derive(item, item->raw_min - 1, &score, &err);
		fuzz_check_refusal("a measurement below the range", s, &err);
	}
}

/* Every item at its highest score totals the maximum, in the band that
 * holds it. */
static void check_sheet(const vigil_scale *scale)
{
	vigil_sheet sheet;
	vigil_error err;
	vigil_sheet_init(&sheet, scale);
	for (size_t i = 0; i < scale->nitems; i++)
		if (vigil_sheet_set(&sheet, i, vigil_item_max(&scale->items[i]), &err) != VIGIL_OK)
			fuzz_fail("item %s refuses its highest score: %s", scale->items[i].key, err.msg);
	int total;
	const vigil_band *band;
	if (vigil_sheet_total(&sheet, &total, &band, &err) != VIGIL_OK)
		fuzz_fail("a full sheet has no total: %s", err.msg);
	if (total != scale->max_total || band != vigil_scale_band(scale, total))
		fuzz_fail("a full sheet totals %d, the maximum is %d", total, scale->max_total);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_environment();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	vigil_scale *scale = NULL;
	vigil_error err;
	vigil_status s = vigil_scale_parse("fuzz.scale", text, &scale, &err);
	if (s != VIGIL_OK) {
		fuzz_check_refusal("vigil_scale_parse", s, &err);
		if (scale)
			fuzz_fail("a refused scale was returned");
	} else {
		if (scale->nitems == 0 || scale->nitems > VIGIL_ITEMS_MAX)
			fuzz_fail("a scale with %zu items", scale->nitems);
		for (size_t i = 0; i < scale->nitems; i++)
			check_item(&scale->items[i]);
		check_bands(scale);
		check_sheet(scale);
		vigil_scale_free(scale);
	}
	free(text);
	return 0;
}
