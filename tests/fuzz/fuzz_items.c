/* fuzz_items.c - what the command line reads of a score or a chart entry:
 * the input split at blanks into arguments, each applied as "item=score"
 * (or "rawkey=value") to a sheet of every built-in scale
 * (vigil_sheet_assign), read as an amount (vigil_amount_parse), a unit, a
 * vital-sign key and value (vigil_vital_value_parse), and a vital-sign
 * argument (vigil_vitals_arg), whose set is then checked
 * (vigil_vitals_check). The whole input is read as an amount and a value
 * too.
 *
 * Held to: a sheet only ever holds scores its items allow (a measured
 * item's score is the one its measurement derives) and totals what it
 * holds; amounts and vital values are inside their documented ranges
 * and read back the same from their printed form, which is the shortest
 * one. */
#include <ctype.h>

#include "fuzz.h"
#include "vigil/chart.h"
#include "vigil/measure.h"
#include "vigil/scale.h"

#define ARGS_MAX 64

static vigil_scales *scales;

static void check_sheet(const vigil_sheet *sheet)
{
	const vigil_scale *scale = sheet->scale;
	int total = 0;
	vigil_error err;
	for (size_t i = 0; i < scale->nitems; i++) {
		const vigil_item_score *slot = &sheet->items[i];
		const vigil_item *item = &scale->items[i];
		if (!slot->set)
			continue;
		if (!vigil_item_allows(item, slot->score))
			fuzz_fail("%s: %s holds %d, not an allowed score", scale->key, item->key,
			          slot->score);
		int derived;
		if (slot->has_raw && (vigil_item_derive(item, slot->raw, &derived, &err) != VIGIL_OK ||
		                      derived != slot->score))
			fuzz_fail("%s: %s holds %d for measurement %d", scale->key, item->key,
			          slot->score, slot->raw);
		total += slot->score;
	}
	if (vigil_sheet_partial_total(sheet) != total)
		fuzz_fail("%s: partial total %d, the items hold %d", scale->key,
		          vigil_sheet_partial_total(sheet), total);
	const vigil_band *band;
	int sheet_total;
	vigil_status s = vigil_sheet_total(sheet, &sheet_total, &band, &err);
	if (vigil_sheet_complete(sheet) != (s == VIGIL_OK))
		fuzz_fail("%s: complete and total disagree: %s", scale->key, err.msg);
	if (s == VIGIL_OK && (sheet_total != total || band != vigil_scale_band(scale, total)))
		fuzz_fail("%s: total %d, the items hold %d", scale->key, sheet_total, total);
}

static void check_amount(const char *text)
{
	int64_t milli, back;
	vigil_error err;
	char printed[VIGIL_AMOUNT_TEXT_MAX];
	vigil_status s = vigil_amount_parse(text, &milli, &err);
	if (s != VIGIL_OK) {
		fuzz_check_refusal("vigil_amount_parse", s, &err);
		return;
	}
	if (milli <= 0 || milli > VIGIL_AMOUNT_MILLI_LIMIT)
		fuzz_fail("amount '%s' read as %lld thousandths", text, (long long)milli);
	vigil_amount_format(milli, printed, sizeof printed);
	size_t len = strlen(printed);
	if (strchr(printed, '.') && (printed[len - 1] == '0' || printed[len - 1] == '.'))
		fuzz_fail("amount %lld printed as '%s', not the shortest form", (long long)milli,
		          printed);
	if (vigil_amount_parse(printed, &back, &err) != VIGIL_OK || back != milli)
		fuzz_fail("amount '%s' printed as '%s' reads back as %lld", text, printed,
		          (long long)back);
}

static void check_vital_value(const char *text)
{
	vigil_error err;
	for (int v = 0; v < VIGIL_VITAL_COUNT; v++) {
		int value, back, lo, hi;
		char printed[VIGIL_VITAL_TEXT_MAX];
		vigil_status s = vigil_vital_value_parse((vigil_vital)v, text, &value, &err);
		if (s != VIGIL_OK) {
			fuzz_check_refusal("vigil_vital_value_parse", s, &err);
			continue;
		}
		vigil_vital_range((vigil_vital)v, &lo, &hi);
		if (value < lo || value > hi)
			fuzz_fail("%s '%s' read as %d, outside %d-%d", vigil_vital_key((vigil_vital)v),
			          text, value, lo, hi);
		vigil_vital_value_format((vigil_vital)v, value, printed, sizeof printed);
		if (vigil_vital_value_parse((vigil_vital)v, printed, &back, &err) != VIGIL_OK ||
		    back != value)
			fuzz_fail("%s '%s' printed as '%s' reads back as %d", vigil_vital_key((vigil_vital)v),
			          text, printed, back);
	}
}

static void check_vitals(const vigil_vitals_input *in)
{
	vigil_vitals out;
	vigil_error err;
	vigil_status s = vigil_vitals_check(in, &out, &err);
	if (s != VIGIL_OK) {
		fuzz_check_refusal("vigil_vitals_check", s, &err);
		return;
	}
	for (int v = 0; v < VIGIL_VITAL_COUNT; v++) {
		int lo, hi;
		vigil_vital_range((vigil_vital)v, &lo, &hi);
		if (out.has[v] && (out.value[v] < lo || out.value[v] > hi))
			fuzz_fail("vital %s %d outside %d-%d", vigil_vital_key((vigil_vital)v),
			          out.value[v], lo, hi);
	}
	if (out.has[VIGIL_VITAL_SYS] != out.has[VIGIL_VITAL_DIA] ||
	    (out.has[VIGIL_VITAL_SYS] && out.value[VIGIL_VITAL_SYS] <= out.value[VIGIL_VITAL_DIA]))
		fuzz_fail("blood pressure accepted half, or systolic not above diastolic");
}

/* The command line's arguments: the input split at blanks. */
static size_t split(char *text, char *args[ARGS_MAX])
{
	size_t n = 0;
	for (char *s = text; *s && n < ARGS_MAX;) {
		while (*s && isspace((unsigned char)*s))
			*s++ = '\0';
		if (!*s)
			break;
		args[n++] = s;
		while (*s && !isspace((unsigned char)*s))
			s++;
	}
	return n;
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
	char *whole = fuzz_text(data, size);
	check_amount(whole);
	check_vital_value(whole);
	char *text = fuzz_text(data, size), *args[ARGS_MAX];
	size_t nargs = split(text, args);
	vigil_error err;
	for (size_t k = 0; k < vigil_scales_count(scales); k++) {
		vigil_sheet sheet;
		vigil_sheet_init(&sheet, vigil_scales_at(scales, k));
		for (size_t i = 0; i < nargs; i++) {
			vigil_status s = vigil_sheet_assign(&sheet, args[i], &err);
			if (s != VIGIL_OK)
				fuzz_check_refusal("vigil_sheet_assign", s, &err);
		}
		check_sheet(&sheet);
	}
	for (size_t i = 0; i < nargs; i++) {
		const char *unit;
		vigil_vital vital;
		check_amount(args[i]);
		check_vital_value(args[i]);
		(void)vigil_amount_unit_parse(args[i], &unit, &err);
		(void)vigil_vital_key_parse(args[i], &vital, &err);
	}
	/* vigil_vitals_arg cuts "bp=120/80" in two in place, so it comes last
	 * and reads the arguments once. */
	vigil_vitals_input in = { 0 };
	bool any = false;
	for (size_t i = 0; i < nargs; i++)
		any |= vigil_vitals_arg(args[i], &in, &err) == VIGIL_OK;
	if (any)
		check_vitals(&in);
	free(text);
	free(whole);
	return 0;
}
