/* test_scale.c - the scales module: the shipped scale files, every allowed
 * and forbidden score, bands, derived pulse scores, the sheet, malformed
 * files and $VIGIL_SCALES. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vigil/scale.h"
#include "../../src/core/builtin.h"

/* ---- helpers --------------------------------------------------------- */

static vigil_scales *load_builtin(void)
{
	vigil_scales *set = NULL;
	vigil_error err = { 0 };
	unsetenv("VIGIL_SCALES");
	if (vigil_scales_load(&set, &err))
		fail_msg("loading the built-in scales: %s", err.msg);
	return set;
}

/* Parses text that must be rejected; checks the exact message. */
static void expect_parse_error(const char *text, const char *message)
{
	vigil_scale *scale = (vigil_scale *)1;
	vigil_error err = { 0 };
	assert_int_equal(vigil_scale_parse("t.scale", text, &scale, &err), VIGIL_EINVAL);
	assert_null(scale);
	assert_string_equal(err.msg, message);
}

static vigil_scale *parse_ok(const char *text)
{
	vigil_scale *scale = NULL;
	vigil_error err = { 0 };
	if (vigil_scale_parse("t.scale", text, &scale, &err))
		fail_msg("unexpected parse error: %s", err.msg);
	return scale;
}

/* The header every made-up file starts with: lines 1-3. */
#define HEAD "scale t\nname T\ntitle Test scale\n"

static const char *const cows_keys[] = {
	"pulse", "sweating", "restlessness", "pupils", "aches", "nose",
	"gi", "tremor", "yawning", "anxiety", "gooseflesh",
};

/* The published COWS score sets (clinical.md), -1 terminated. */
static const int cows_allowed[][7] = {
	{ 0, 1, 2, 4, -1 },    /* pulse */
	{ 0, 1, 2, 3, 4, -1 }, /* sweating */
	{ 0, 1, 3, 5, -1 },    /* restlessness */
	{ 0, 1, 2, 5, -1 },    /* pupils */
	{ 0, 1, 2, 4, -1 },    /* aches: never up to 5 */
	{ 0, 1, 2, 4, -1 },    /* nose */
	{ 0, 1, 2, 3, 5, -1 }, /* gi */
	{ 0, 1, 2, 4, -1 },    /* tremor */
	{ 0, 1, 2, 4, -1 },    /* yawning */
	{ 0, 1, 2, 4, -1 },    /* anxiety */
	{ 0, 3, 5, -1 },       /* gooseflesh */
};

static bool in_set(const int *set, int score)
{
	for (; *set >= 0; set++)
		if (*set == score)
			return true;
	return false;
}

/* Fills a sheet whose total is target, item by item, highest score that
 * still fits first; the items are visited from the last (gooseflesh, the
 * one without a 1) so that any total 0..max can be reached. */
static void fill_to(vigil_sheet *sheet, int target)
{
	const vigil_scale *s = sheet->scale;
	vigil_error err = { 0 };
	int left = target;
	for (size_t k = s->nitems; k-- > 0;) {
		const vigil_item *it = &s->items[k];
		int pick = 0;
		for (size_t j = 0; j < it->nscores; j++)
			if (it->scores[j].score <= left)
				pick = it->scores[j].score;
		assert_int_equal(vigil_sheet_set(sheet, k, pick, &err), VIGIL_OK);
		left -= pick;
	}
	assert_int_equal(left, 0);
}

static void expect_total(const vigil_scale *s, int target, const char *band_key)
{
	vigil_sheet sheet;
	vigil_error err = { 0 };
	int total = -1;
	const vigil_band *band = NULL;
	vigil_sheet_init(&sheet, s);
	fill_to(&sheet, target);
	assert_true(vigil_sheet_complete(&sheet));
	assert_int_equal(vigil_sheet_total(&sheet, &total, &band, &err), VIGIL_OK);
	assert_int_equal(total, target);
	assert_int_equal(vigil_sheet_partial_total(&sheet), target);
	if (band_key) {
		assert_non_null(band);
		assert_string_equal(band->key, band_key);
	} else {
		assert_null(band);
	}
}

/* ---- the shipped files ----------------------------------------------- */

static void test_builtin_files_parse(void **state)
{
	(void)state;
	static const struct {
		const char *file, *key, *name;
		size_t nitems, nbands;
		int max_total;
		const char *bands_source; /* how it starts */
	} want[] = {
		{ "ciwa-ar.scale", "ciwa-ar", "CIWA-Ar", 10, 3, 67, "ASAM 2020;" },
		{ "cows.scale", "cows", "COWS", 11, 5, 48, "Wesson & Ling 2003;" },
		{ "craving.scale", "craving", "Craving", 1, 0, 10, "" },
		{ "sows.scale", "sows", "SOWS", 16, 0, 64, "" },
	};
	assert_int_equal(vigil_builtin_scale_count, 4);
	for (size_t i = 0; i < 4; i++) {
		const struct vigil_builtin_file *b = &vigil_builtin_scales[i];
		vigil_scale *s = NULL;
		vigil_error err = { 0 };
		assert_string_equal(b->file, want[i].file);
		if (vigil_scale_parse(b->file, b->text, &s, &err))
			fail_msg("%s", err.msg);
		assert_string_equal(s->key, want[i].key);
		assert_string_equal(s->name, want[i].name);
		assert_string_equal(s->source, want[i].file);
		assert_int_equal(s->nitems, want[i].nitems);
		assert_int_equal(s->nbands, want[i].nbands);
		assert_int_equal(s->max_total, want[i].max_total);
		assert_non_null(s->bands_source);
		assert_int_equal(strncmp(s->bands_source, want[i].bands_source,
		                         strlen(want[i].bands_source)), 0);
		if (!*want[i].bands_source)
			assert_string_equal(s->bands_source, "");
		assert_non_null(s->title);
		assert_true(strlen(s->title) > 3);
		vigil_scale_free(s);
	}
}

static void test_registry(void **state)
{
	(void)state;
	vigil_scales *set = load_builtin();
	vigil_error err = { 0 };
	const vigil_scale *s = (const vigil_scale *)1;
	assert_int_equal(vigil_scales_count(set), 4);
	assert_string_equal(vigil_scales_at(set, 0)->key, "ciwa-ar");
	assert_string_equal(vigil_scales_at(set, 1)->key, "cows");
	assert_string_equal(vigil_scales_at(set, 2)->key, "craving");
	assert_string_equal(vigil_scales_at(set, 3)->key, "sows");
	assert_null(vigil_scales_at(set, 4));
	assert_string_equal(vigil_scales_at(set, 1)->source, "builtin:cows.scale");
	assert_string_equal(vigil_scales_find(set, "CoWs")->name, "COWS");
	assert_string_equal(vigil_scales_find(set, "CIWA-AR")->name, "CIWA-Ar");
	assert_null(vigil_scales_find(set, "cow"));
	assert_null(vigil_scales_find(set, "sows "));
	assert_int_equal(vigil_scales_lookup(set, "Sows", &s, &err), VIGIL_OK);
	assert_string_equal(s->key, "sows");
	assert_int_equal(vigil_scales_lookup(set, "x", &s, &err), VIGIL_ENOTFOUND);
	assert_null(s);
	assert_string_equal(err.msg, "unknown scale 'x' (known: ciwa-ar, cows, craving, sows)");
	assert_int_equal(vigil_scales_lookup(set, "a\x1b[2J", &s, &err), VIGIL_ENOTFOUND);
	assert_string_equal(err.msg,
	                    "unknown scale 'a\\x1b[2J' (known: ciwa-ar, cows, craving, sows)");
	vigil_scales_free(set);
}

/* ---- COWS ------------------------------------------------------------ */

static void test_cows_items(void **state)
{
	(void)state;
	vigil_scales *set = load_builtin();
	const vigil_scale *s = vigil_scales_find(set, "cows");
	assert_int_equal(s->nitems, 11);
	for (size_t i = 0; i < 11; i++) {
		const vigil_item *it = &s->items[i];
		size_t n = 0;
		assert_string_equal(it->key, cows_keys[i]);
		while (cows_allowed[i][n] >= 0)
			n++;
		assert_int_equal(it->nscores, n);
		for (size_t j = 0; j < n; j++) {
			assert_int_equal(it->scores[j].score, cows_allowed[i][j]);
			assert_true(strlen(it->scores[j].text) > 0); /* COWS prints every anchor */
		}
		assert_int_equal(vigil_item_max(it), cows_allowed[i][n - 1]);
		assert_true(strlen(it->label) > 0);
		assert_non_null(it->qualifier);
	}
	assert_string_equal(s->items[10].scores[1].text,
	                    "piloerection of skin can be felt or hairs standing up on arms");
	assert_string_equal(s->items[2].scores[3].text,
	                    "unable to sit still for more than a few seconds");
	assert_string_equal(s->items[2].qualifier, "observed during the assessment");
	assert_string_equal(s->items[3].qualifier, "");
	assert_string_equal(s->items[0].raw_key, "hr");
	assert_string_equal(s->items[0].raw_unit, "bpm");
	assert_int_equal(s->items[0].raw_min, 20);
	assert_int_equal(s->items[0].raw_max, 250);
	for (size_t i = 1; i < 11; i++)
		assert_null(s->items[i].raw_key);
	assert_true(strlen(s->instruction) > 20);
	vigil_scales_free(set);
}

/* Every score from -1 to max+1 of every item: allowed ones are stored as
 * the value itself, the others refused and the slot left empty. */
static void test_cows_every_score(void **state)
{
	(void)state;
	vigil_scales *set = load_builtin();
	const vigil_scale *s = vigil_scales_find(set, "cows");
	vigil_sheet sheet;
	vigil_error err;
	char msg[200], allowed[100];
	for (size_t i = 0; i < s->nitems; i++) {
		const vigil_item *it = &s->items[i];
		vigil_item_allowed_list(it, allowed, sizeof allowed);
		for (int score = -1; score <= vigil_item_max(it) + 1; score++) {
			vigil_sheet_init(&sheet, s);
			vigil_error_clear(&err);
			bool ok = in_set(cows_allowed[i], score);
			assert_int_equal(vigil_item_allows(it, score), ok);
			if (ok) {
				assert_int_equal(vigil_sheet_set(&sheet, i, score, &err), VIGIL_OK);
				assert_true(sheet.items[i].set);
				assert_int_equal(sheet.items[i].score, score);
				assert_false(sheet.items[i].has_raw);
			} else {
				assert_int_equal(vigil_sheet_set(&sheet, i, score, &err), VIGIL_EINVAL);
				snprintf(msg, sizeof msg, "%s: %d is not a COWS score (allowed: %s)", it->key,
				         score, allowed);
				assert_string_equal(err.msg, msg);
				assert_false(sheet.items[i].set);
			}
		}
	}
	vigil_scales_free(set);
}

static void test_cows_refusal_messages(void **state)
{
	(void)state;
	vigil_scales *set = load_builtin();
	const vigil_scale *s = vigil_scales_find(set, "cows");
	vigil_sheet sheet;
	vigil_error err = { 0 };
	size_t i;
	vigil_sheet_init(&sheet, s);
	assert_non_null(vigil_scale_item(s, "restlessness", &i));
	assert_int_equal(vigil_sheet_set(&sheet, i, 2, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "restlessness: 2 is not a COWS score (allowed: 0, 1, 3, 5)");
	assert_int_equal(vigil_sheet_assign(&sheet, "aches=5", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "aches: 5 is not a COWS score (allowed: 0, 1, 2, 4)");
	assert_int_equal(vigil_sheet_assign(&sheet, "gooseflesh=1", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "gooseflesh: 1 is not a COWS score (allowed: 0, 3, 5)");
	assert_int_equal(vigil_sheet_assign(&sheet, "pupils=-1", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "pupils: -1 is not a COWS score (allowed: 0, 1, 2, 5)");
	assert_int_equal(vigil_sheet_assign(&sheet, "pulse=3", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "pulse: 3 is not a COWS score (allowed: 0, 1, 2, 4)");
	/* A heart rate typed as the pulse score gets a hint. */
	assert_int_equal(vigil_sheet_assign(&sheet, "pulse=112", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "pulse: 112 is not a COWS score (allowed: 0, 1, 2, 4); "
	                             "a measured hr is given as hr=112");
	assert_int_equal(vigil_sheet_partial_total(&sheet), 0);
	/* The value is stored, not the position of the choice. */
	assert_int_equal(vigil_sheet_assign(&sheet, "gooseflesh=5", &err), VIGIL_OK);
	assert_int_equal(sheet.items[10].score, 5);
	assert_int_equal(vigil_sheet_set(&sheet, 99, 0, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "COWS has no item #100");
	vigil_scales_free(set);
}

static void test_cows_bands(void **state)
{
	(void)state;
	static const struct {
		int total;
		const char *key, *label;
	} want[] = {
		{ 0, "none", "no active withdrawal" },
		{ 4, "none", "no active withdrawal" },
		{ 5, "mild", "" },
		{ 12, "mild", "" },
		{ 13, "moderate", "" },
		{ 24, "moderate", "" },
		{ 25, "moderately-severe", "moderately severe" },
		{ 36, "moderately-severe", "moderately severe" },
		{ 37, "severe", "" },
		{ 48, "severe", "" },
	};
	vigil_scales *set = load_builtin();
	const vigil_scale *s = vigil_scales_find(set, "cows");
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const vigil_band *b = vigil_scale_band(s, want[i].total);
		assert_non_null(b);
		assert_string_equal(b->key, want[i].key);
		assert_string_equal(b->label, want[i].label);
		expect_total(s, want[i].total, want[i].key);
	}
	assert_null(vigil_scale_band(s, -1));
	assert_null(vigil_scale_band(s, 49));
	assert_string_equal(s->bands_source, "Wesson & Ling 2003; 0-4 has no band in the original");
	vigil_scales_free(set);
}

static void test_hr_derivation(void **state)
{
	(void)state;
	static const struct {
		int hr, score;
	} want[] = {
		{ 20, 0 }, { 60, 0 }, { 80, 0 }, { 81, 1 }, { 100, 1 },
		{ 101, 2 }, { 120, 2 }, { 121, 4 }, { 180, 4 }, { 250, 4 },
	};
	vigil_scales *set = load_builtin();
	const vigil_scale *s = vigil_scales_find(set, "cows");
	size_t idx = 99;
	const vigil_item *pulse = vigil_scale_raw_item(s, "HR", &idx);
	vigil_error err = { 0 };
	vigil_sheet sheet;
	int score;
	assert_non_null(pulse);
	assert_int_equal(idx, 0);
	assert_string_equal(pulse->key, "pulse");
	assert_null(vigil_scale_raw_item(s, "pulse", NULL));
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		score = -1;
		assert_int_equal(vigil_item_derive(pulse, want[i].hr, &score, &err), VIGIL_OK);
		assert_int_equal(score, want[i].score);
		vigil_sheet_init(&sheet, s);
		assert_int_equal(vigil_sheet_set_raw(&sheet, 0, want[i].hr, &err), VIGIL_OK);
		assert_true(sheet.items[0].set && sheet.items[0].has_raw);
		assert_int_equal(sheet.items[0].raw, want[i].hr);
		assert_int_equal(sheet.items[0].score, want[i].score);
	}
	static const int bad[] = { 19, 251, 0, -5, 1000 };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char msg[100];
		assert_int_equal(vigil_item_derive(pulse, bad[i], &score, &err), VIGIL_EINVAL);
		snprintf(msg, sizeof msg, "hr: %d bpm is outside the plausible range 20-250 bpm",
		         bad[i]);
		assert_string_equal(err.msg, msg);
	}
	vigil_sheet_init(&sheet, s);
	assert_int_equal(vigil_sheet_assign(&sheet, "hr=251", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "hr: 251 bpm is outside the plausible range 20-250 bpm");
	assert_false(sheet.items[0].set);
	assert_int_equal(vigil_sheet_assign(&sheet, "Hr = 112", &err), VIGIL_OK);
	assert_int_equal(sheet.items[0].score, 2);
	assert_int_equal(sheet.items[0].raw, 112);
	assert_int_equal(vigil_item_derive(&s->items[1], 80, &score, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "sweating: no measurement derives this score");
	vigil_scales_free(set);
}

static void test_missing_items(void **state)
{
	(void)state;
	vigil_scales *set = load_builtin();
	const vigil_scale *s = vigil_scales_find(set, "cows");
	vigil_sheet sheet;
	vigil_error err = { 0 };
	int total = -7;
	const vigil_band *band = NULL;
	static const char *const args[] = {
		"hr=90", "sweating=1", "restlessness=3", "pupils=0", "aches=2",
		"nose=1", "gi=5", "anxiety=4", "gooseflesh=3",
	};
	vigil_sheet_init(&sheet, s);
	assert_int_equal(vigil_sheet_total(&sheet, &total, &band, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "COWS: missing items: pulse, sweating, restlessness, pupils, "
	                             "aches, nose, gi, tremor, yawning, anxiety, gooseflesh");
	for (size_t i = 0; i < sizeof args / sizeof args[0]; i++)
		assert_int_equal(vigil_sheet_assign(&sheet, args[i], &err), VIGIL_OK);
	assert_false(vigil_sheet_complete(&sheet));
	assert_int_equal(vigil_sheet_partial_total(&sheet), 1 + 1 + 3 + 0 + 2 + 1 + 5 + 4 + 3);
	assert_int_equal(vigil_sheet_total(&sheet, &total, &band, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "COWS: missing items: tremor, yawning");
	assert_int_equal(total, -7);
	assert_int_equal(vigil_sheet_assign(&sheet, "tremor=4", &err), VIGIL_OK);
	assert_int_equal(vigil_sheet_total(&sheet, &total, &band, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "COWS: missing items: yawning");
	assert_int_equal(vigil_sheet_assign(&sheet, "yawning=2", &err), VIGIL_OK);
	assert_true(vigil_sheet_complete(&sheet));
	assert_int_equal(vigil_sheet_total(&sheet, &total, &band, &err), VIGIL_OK);
	assert_int_equal(total, 26);
	assert_string_equal(band->key, "moderately-severe");
	/* Clearing an item takes the total away again. */
	vigil_sheet_clear(&sheet, 8);
	assert_int_equal(vigil_sheet_total(&sheet, &total, NULL, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "COWS: missing items: yawning");
	vigil_scales_free(set);
}

/* The sheet is a public struct; a score written into it behind the
 * module's back must not reach a total. */
static void test_total_rechecks_sheet(void **state)
{
	(void)state;
	vigil_scales *set = load_builtin();
	const vigil_scale *s = vigil_scales_find(set, "cows");
	vigil_sheet sheet;
	vigil_error err = { 0 };
	int total;
	vigil_sheet_init(&sheet, s);
	fill_to(&sheet, 10);
	sheet.items[2].score = 2;
	assert_int_equal(vigil_sheet_total(&sheet, &total, NULL, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "restlessness: 2 is not a COWS score (allowed: 0, 1, 3, 5)");
	sheet.items[2].score = 0;
	assert_int_equal(vigil_sheet_set_raw(&sheet, 0, 130, &err), VIGIL_OK);
	sheet.items[0].score = 1;
	assert_int_equal(vigil_sheet_total(&sheet, &total, NULL, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "pulse: score 1 does not match hr 130 (which gives 4)");
	vigil_scales_free(set);
}

static void test_assign_errors(void **state)
{
	(void)state;
	vigil_scales *set = load_builtin();
	const vigil_scale *s = vigil_scales_find(set, "cows");
	vigil_sheet sheet;
	vigil_error err = { 0 };
	vigil_sheet_init(&sheet, s);
	assert_int_equal(vigil_sheet_assign(&sheet, "foo=1", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "cows has no item 'foo' (items: pulse, sweating, restlessness, "
	                             "pupils, aches, nose, gi, tremor, yawning, anxiety, gooseflesh; "
	                             "measurements: hr)");
	assert_int_equal(vigil_sheet_assign(&sheet, "sweating=two", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "sweating: 'two' is not a number");
	assert_int_equal(vigil_sheet_assign(&sheet, "sweating=2.0", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "sweating: '2.0' is not a number");
	assert_int_equal(vigil_sheet_assign(&sheet, "sweating=99999999999", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "sweating: '99999999999' is not a number");
	assert_int_equal(vigil_sheet_assign(&sheet, "sweating=", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "sweating: no value after '='");
	assert_int_equal(vigil_sheet_assign(&sheet, "hr=fast", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "hr: 'fast' is not a number");
	assert_int_equal(vigil_sheet_assign(&sheet, "sweating 2", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "'sweating 2': expected item=score (e.g. pulse=0)");
	assert_int_equal(vigil_sheet_assign(&sheet, "=2", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "'=2': expected item=score (e.g. pulse=0)");
	assert_false(sheet.items[1].set);

	/* Keys are case-insensitive; blanks around them do not matter. */
	assert_int_equal(vigil_sheet_assign(&sheet, "SWEATING=2", &err), VIGIL_OK);
	assert_int_equal(sheet.items[1].score, 2);
	assert_int_equal(vigil_sheet_assign(&sheet, " sweating = 3 ", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "sweating given twice");
	assert_int_equal(sheet.items[1].score, 2);
	assert_int_equal(vigil_sheet_assign(&sheet, "Pulse=1", &err), VIGIL_OK);
	assert_int_equal(vigil_sheet_assign(&sheet, "hr=90", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "pulse given twice (hr=90 also scores it)");
	vigil_sheet_clear(&sheet, 0);
	assert_int_equal(vigil_sheet_assign(&sheet, "hr=90", &err), VIGIL_OK);
	assert_int_equal(vigil_sheet_assign(&sheet, "hr=95", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "hr given twice");
	assert_int_equal(vigil_sheet_assign(&sheet, "pulse=1", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "pulse given twice (hr=90 already scored it)");
	assert_int_equal(sheet.items[0].raw, 90);
	assert_int_equal(vigil_sheet_partial_total(&sheet), 3);

	char longarg[300];
	memset(longarg, 'a', sizeof longarg - 1);
	longarg[sizeof longarg - 1] = '\0';
	longarg[5] = '=';
	assert_int_equal(vigil_sheet_assign(&sheet, longarg, &err), VIGIL_EINVAL);
	assert_non_null(strstr(err.msg, "too long for item=score"));
	vigil_scales_free(set);
}

/* ---- CIWA-Ar, SOWS, craving ------------------------------------------ */

static void test_ciwa(void **state)
{
	(void)state;
	static const char *const keys[] = {
		"nausea", "tremor", "sweats", "anxiety", "agitation",
		"tactile", "auditory", "visual", "headache", "orientation",
	};
	vigil_scales *set = load_builtin();
	const vigil_scale *s = vigil_scales_find(set, "ciwa-ar");
	vigil_sheet sheet;
	vigil_error err = { 0 };
	assert_int_equal(s->nitems, 10);
	for (size_t i = 0; i < 10; i++) {
		const vigil_item *it = &s->items[i];
		int max = i == 9 ? 4 : 7;
		assert_string_equal(it->key, keys[i]);
		assert_int_equal(vigil_item_max(it), max);
		assert_int_equal(it->nscores, (size_t)max + 1);
		for (int score = -1; score <= max + 1; score++) {
			vigil_sheet_init(&sheet, s);
			bool ok = score >= 0 && score <= max;
			assert_int_equal(vigil_sheet_set(&sheet, i, score, &err),
			                 ok ? VIGIL_OK : VIGIL_EINVAL);
			assert_int_equal(sheet.items[i].set, ok);
		}
	}
	vigil_sheet_init(&sheet, s);
	assert_int_equal(vigil_sheet_assign(&sheet, "orientation=5", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg,
	                    "orientation: 5 is not a CIWA-Ar score (allowed: 0, 1, 2, 3, 4)");
	assert_string_equal(s->items[0].scores[0].text, "no nausea and no vomiting");
	assert_string_equal(s->items[0].scores[1].text, "mild nausea with no vomiting");
	assert_string_equal(s->items[0].scores[2].text, "");
	assert_string_equal(s->items[0].scores[4].text, "intermittent nausea with dry heaves");
	assert_string_equal(s->items[0].scores[7].text,
	                    "constant nausea, frequent dry heaves and vomiting");
	static const struct {
		int total;
		const char *key;
	} want[] = {
		{ 0, "mild" }, { 9, "mild" }, { 10, "moderate" }, { 18, "moderate" },
		{ 19, "severe" }, { 40, "severe" }, { 67, "severe" },
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		expect_total(s, want[i].total, want[i].key);
	assert_null(vigil_scale_band(s, 68));
	/* Bands differ between sources: the file names ASAM 2020 and says so. */
	assert_string_equal(s->bands_source,
	                    "ASAM 2020; cut-offs differ between sources, e.g. the VA's");
	vigil_scales_free(set);
}

static void test_sows_and_craving(void **state)
{
	(void)state;
	static const char *const keys[] = {
		"anxious", "yawning", "perspiring", "tearing", "nose", "goosebumps",
		"shaking", "hot-flushes", "cold-flushes", "aches", "restless", "nauseous",
		"vomiting", "twitching", "cramps", "craving",
	};
	static const char *const anchors[] = {
		"not at all", "a little", "moderately", "quite a bit", "extremely",
	};
	vigil_scales *set = load_builtin();
	const vigil_scale *s = vigil_scales_find(set, "sows");
	vigil_sheet sheet;
	vigil_error err = { 0 };
	assert_int_equal(s->nitems, 16);
	for (size_t i = 0; i < 16; i++) {
		assert_string_equal(s->items[i].key, keys[i]);
		assert_int_equal(s->items[i].nscores, 5);
		for (int j = 0; j < 5; j++) {
			assert_int_equal(s->items[i].scores[j].score, j);
			assert_string_equal(s->items[i].scores[j].text, anchors[j]);
		}
		assert_false(vigil_item_allows(&s->items[i], -1));
		assert_false(vigil_item_allows(&s->items[i], 5));
	}
	assert_null(vigil_scale_band(s, 30));
	expect_total(s, 0, NULL);
	expect_total(s, 64, NULL);
	vigil_sheet_init(&sheet, s);
	assert_int_equal(vigil_sheet_assign(&sheet, "Hot-Flushes=5", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "hot-flushes: 5 is not a SOWS score (allowed: 0, 1, 2, 3, 4)");

	const vigil_scale *c = vigil_scales_find(set, "craving");
	assert_int_equal(c->nitems, 1);
	assert_string_equal(c->items[0].key, "craving");
	assert_string_equal(c->items[0].qualifier, "how strong is your urge to use right now?");
	for (int score = -1; score <= 11; score++)
		assert_int_equal(vigil_item_allows(&c->items[0], score), score >= 0 && score <= 10);
	vigil_sheet_init(&sheet, c);
	assert_int_equal(vigil_sheet_assign(&sheet, "craving=11", &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "craving: 11 is not a Craving score (allowed: 0, 1, 2, 3, 4, "
	                             "5, 6, 7, 8, 9, 10)");
	expect_total(c, 7, NULL);
	expect_total(c, 10, NULL);
	vigil_scales_free(set);
}

/* ---- the format ------------------------------------------------------ */

static void test_parse_details(void **state)
{
	(void)state;
	/* Keys fold to lower case; blank and comment lines, CRLF, tabs and a
	 * byte order mark are accepted; scores are sorted by value. */
	vigil_scale *s = parse_ok("\xEF\xBB\xBF# comment\r\n"
	                          "scale Test-1\r\n"
	                          "  name\tT\n"
	                          "title Test scale   \n"
	                          "\n"
	                          "item Pulse\n"
	                          "label Pulse rate\n"
	                          "measure HR bpm 30 200\n"
	                          "derive 30 99 0\n"
	                          "derive 100 200 3\n"
	                          "score 3 fast\n"
	                          "score 0\n"
	                          "   # indented comment\n"
	                          "item b\n"
	                          "label B # not a comment\n"
	                          "score 10 caf\xC3\xA9\n"
	                          "score 2 x\n"
	                          "band 0 5 Low\n"
	                          "band 6 13 high much worse\n");
	assert_string_equal(s->key, "test-1");
	assert_string_equal(s->name, "T");
	assert_string_equal(s->title, "Test scale");
	assert_string_equal(s->instruction, "");
	assert_string_equal(s->bands_source, "");
	assert_string_equal(s->source, "t.scale");
	assert_string_equal(s->items[0].key, "pulse");
	assert_string_equal(s->items[0].raw_key, "hr");
	assert_int_equal(s->items[0].nderive, 2);
	assert_int_equal(s->items[0].derive[1].lo, 100);
	assert_int_equal(s->items[0].derive[1].score, 3);
	assert_int_equal(s->items[0].scores[0].score, 0);
	assert_string_equal(s->items[0].scores[0].text, "");
	assert_string_equal(s->items[0].scores[1].text, "fast");
	assert_string_equal(s->items[1].label, "B # not a comment");
	assert_int_equal(s->items[1].scores[0].score, 2);
	assert_int_equal(s->items[1].scores[1].score, 10);
	assert_string_equal(s->items[1].scores[1].text, "caf\xC3\xA9");
	assert_int_equal(s->max_total, 13);
	assert_string_equal(s->bands[0].key, "low");
	assert_string_equal(s->bands[0].label, "");
	assert_string_equal(s->bands[1].label, "much worse");
	assert_non_null(vigil_scale_item(s, "B", NULL));
	assert_non_null(vigil_scale_raw_item(s, "hr", NULL));
	assert_null(vigil_scale_item(s, "hr", NULL));
	char buf[32];
	vigil_item_allowed_list(&s->items[1], buf, sizeof buf);
	assert_string_equal(buf, "2, 10");
	vigil_scale_free(s);

	/* Bands may come in any order and before the items. */
	s = parse_ok(HEAD "band 3 4 b\nband 0 2 a\nitem x\nlabel X\nscore 0\nscore 4\n");
	assert_string_equal(s->bands[0].key, "a");
	assert_string_equal(s->bands[1].key, "b");
	assert_int_equal(vigil_scale_band(s, 2)->hi, 2);
	assert_string_equal(s->bands_source, "");
	vigil_scale_free(s);

	/* bands-source: the rest of the line, anywhere after 'scale', and it
	 * ends an item like any scale keyword. */
	s = parse_ok(HEAD "item x\nlabel X\nscore 0\nscore 4\n"
	                  "bands-source\t Local protocol  (2026 #3)  \n"
	                  "band 0 4 a\n");
	assert_string_equal(s->bands_source, "Local protocol  (2026 #3)");
	assert_int_equal(s->items[0].nscores, 2);
	vigil_scale_free(s);
	s = parse_ok(HEAD "bands-source ASAM 2020\nband 0 0 a\nitem x\nlabel X\nscore 0\n");
	assert_string_equal(s->bands_source, "ASAM 2020");
	vigil_scale_free(s);
}

static void test_malformed_files(void **state)
{
	(void)state;
	static const struct {
		const char *text, *message;
	} cases[] = {
		{ "", "t.scale:1: no 'scale' line: a scale file starts with 'scale KEY'" },
		{ "# only a comment\n", "t.scale:1: no 'scale' line: a scale file starts with 'scale KEY'" },
		{ "name X\nscale t\n", "t.scale:1: 'name' before the 'scale KEY' line" },
		{ HEAD "scale u\n", "t.scale:4: duplicate 'scale' line (first at line 1)" },
		{ "scale t x\n", "t.scale:1: unexpected 'x' after the scale key" },
		{ "scale\n", "t.scale:1: missing scale key" },
		{ "scale 1t\n", "t.scale:1: scale key '1t' must start with a letter" },
		{ "scale t.x\n",
		  "t.scale:1: scale key: '.' is not allowed (use letters, digits and -_)" },
		{ "scale abcdefghijklmnopqrstuvwxyz\n",
		  "t.scale:1: scale key: 26 characters is over the limit of 23" },
		{ HEAD "item a\nlabel A\nscore 0\nfrobnicate 3\n", "t.scale:7: unknown keyword 'frobnicate'" },
		{ HEAD "Item a\n", "t.scale:4: unknown keyword 'Item'" },
		{ HEAD "item a\nlabel A\nscore x\n", "t.scale:6: score 'x' is not an integer" },
		{ HEAD "item a\nlabel A\nscore 1.5\n", "t.scale:6: score '1.5' is not an integer" },
		{ HEAD "item a\nlabel A\nscore +1\n", "t.scale:6: score '+1' is not an integer" },
		{ HEAD "item a\nlabel A\nscore -1\n", "t.scale:6: score -1 is outside 0..999" },
		{ HEAD "item a\nlabel A\nscore 1000\n", "t.scale:6: score 1000 is outside 0..999" },
		{ HEAD "item a\nlabel A\nscore 99999999999999999999\n",
		  "t.scale:6: score 99999999999999999999 is outside 0..999" },
		{ HEAD "item a\nlabel A\nscore\n", "t.scale:6: missing score" },
		{ HEAD "item a\nlabel A\nscore 1 x\nscore 1 y\n",
		  "t.scale:7: duplicate score 1 in item 'a'" },
		{ HEAD "item a\nlabel A\nscore 0\nitem A\n",
		  "t.scale:7: duplicate key 'a' (first at line 4)" },
		{ HEAD "item a\nscore 0\nitem b\nlabel B\nscore 0\n", "t.scale:4: item 'a' has no label" },
		{ HEAD "item a\nlabel A\nlabel B\n", "t.scale:6: duplicate 'label' line" },
		{ HEAD "item a\nlabel\n", "t.scale:5: label: must not be empty" },
		{ HEAD "item a\nlabel A\x1b[31m\n",
		  "t.scale:5: label: control character U+001B is not allowed" },
		{ HEAD "item a\nlabel A\nscore 1 bad \xff\n", "t.scale:6: anchor: not valid UTF-8 text" },
		{ HEAD "item a\nlabel A\nitem b\nlabel B\nscore 1\n", "t.scale:4: item 'a' has no score" },
		{ HEAD "item a\nlabel A\n", "t.scale:4: item 'a' has no score" },
		{ HEAD "score 1\n", "t.scale:4: 'score' outside an item (it belongs after an 'item' line)" },
		{ HEAD "item a\nlabel A\nscore 0\nband 0 0 z\nscore 1\n",
		  "t.scale:8: 'score' outside an item (it belongs after an 'item' line)" },
		{ "scale t\ntitle T\nitem a\nlabel A\nscore 0\n", "t.scale:1: scale 't' has no 'name' line" },
		{ "scale t\nname T\nitem a\nlabel A\nscore 0\n", "t.scale:1: scale 't' has no 'title' line" },
		{ HEAD, "t.scale:1: scale 't' has no items" },
		{ HEAD "name U\n", "t.scale:4: duplicate 'name' line" },
		{ HEAD "name abcdefghijklmnopqrstuvwxyz\n",
		  "t.scale:4: duplicate 'name' line" },
		{ "scale t\nname abcdefghijklmnopqrstuvwxyz\n",
		  "t.scale:2: name: 26 characters is over the limit of 24" },
		/* measure and derive */
		{ HEAD "item a\nlabel A\nscore 0\nderive 1 2 0\n",
		  "t.scale:7: 'derive' before 'measure' in item 'a'" },
		{ HEAD "item a\nlabel A\nscore 0\nmeasure r u 1 10\n",
		  "t.scale:7: measure r has no derive lines" },
		{ HEAD "item a\nlabel A\nscore 0\nmeasure r u 10 1\n",
		  "t.scale:7: measure range 10-1: lowest is above highest" },
		{ HEAD "item a\nlabel A\nscore 0\nmeasure r u 1\n", "t.scale:7: missing highest value" },
		{ HEAD "item a\nlabel A\nscore 0\nmeasure r\n", "t.scale:7: missing unit after measure key" },
		{ HEAD "item a\nlabel A\nscore 0\nmeasure a u 1 10\n",
		  "t.scale:7: duplicate key 'a' (first at line 4)" },
		{ HEAD "item a\nlabel A\nscore 0\nmeasure r u 1 10\nmeasure s u 1 10\n",
		  "t.scale:8: item 'a' already has a measure (line 7)" },
		{ HEAD "item a\nlabel A\nscore 0\nmeasure r u 1 10\nderive 1 10 0\nitem r\n",
		  "t.scale:9: duplicate key 'r' (first at line 7)" },
		{ HEAD "item a\nlabel A\nscore 0\nscore 1\nmeasure r u 1 10\nderive 1 5 0\nderive 5 10 1\n",
		  "t.scale:10: derive 5-10 overlaps derive 1-5 (line 9)" },
		{ HEAD "item a\nlabel A\nscore 0\nscore 1\nmeasure r u 1 10\nderive 6 10 1\nderive 1 6 0\n",
		  "t.scale:10: derive 1-6 overlaps derive 6-10 (line 9)" },
		{ HEAD "item a\nlabel A\nscore 0\nscore 1\nmeasure r u 1 10\nderive 1 4 0\nderive 6 10 1\n",
		  "t.scale:10: no derive covers r 5 (derive lines must cover 1-10)" },
		{ HEAD "item a\nlabel A\nscore 0\nscore 1\nmeasure r u 1 10\nderive 3 10 1\n",
		  "t.scale:9: no derive covers r 1-2 (derive lines must cover 1-10)" },
		{ HEAD "item a\nlabel A\nscore 0\nscore 1\nmeasure r u 1 10\nderive 1 8 1\n",
		  "t.scale:9: no derive covers r 9-10 (derive lines must cover 1-10)" },
		{ HEAD "item a\nlabel A\nscore 0\nscore 1\nmeasure r u 1 10\nderive 0 10 1\n",
		  "t.scale:9: derive 0-10 goes outside r 1-10" },
		{ HEAD "item a\nlabel A\nscore 0\nscore 1\nmeasure r u 1 10\nderive 1 5 0\nderive 6 10 2\n",
		  "t.scale:10: derive 6-10 gives 2, which item 'a' does not allow (allowed: 0, 1)" },
		{ HEAD "item a\nlabel A\nscore 0\nmeasure r u 1 10\nderive 1 10 0 0\n",
		  "t.scale:8: unexpected '0' after the derived score" },
		{ HEAD "item a\nlabel A\nscore 0\nmeasure r u 1 10\nderive 5 1 0\n",
		  "t.scale:8: derive 5-1: low end is above high end" },
		/* bands */
		{ HEAD "item a\nlabel A\nscore 0\nscore 10\nband 0 5 a\nband 5 10 b\n",
		  "t.scale:9: band 5-10 overlaps band 0-5 (line 8)" },
		{ HEAD "item a\nlabel A\nscore 0\nscore 10\nband 0 4 a\nband 6 10 b\n",
		  "t.scale:9: no band covers totals 5 (band lines must cover 0-10)" },
		{ HEAD "item a\nlabel A\nscore 0\nscore 10\nband 1 10 a\n",
		  "t.scale:8: no band covers totals 0 (band lines must cover 0-10)" },
		{ HEAD "item a\nlabel A\nscore 0\nscore 10\nband 0 4 a\nband 5 8 b\n",
		  "t.scale:9: no band covers totals 9-10 (band lines must cover 0-10)" },
		{ HEAD "item a\nlabel A\nscore 0\nscore 10\nband 0 4 a\nband 5 11 b\n",
		  "t.scale:9: band 5-11 goes outside totals 0-10" },
		{ HEAD "item a\nlabel A\nscore 0\nscore 10\nband 0 4 a\nband 5 10 A\n",
		  "t.scale:9: duplicate band 'a' (first at line 8)" },
		{ HEAD "band 5 1 a\n", "t.scale:4: band 5-1: low end is above high end" },
		{ HEAD "band -1 1 a\n", "t.scale:4: band low end -1 is outside 0..999999" },
		{ HEAD "band 0 1\n", "t.scale:4: missing band key" },
		/* bands-source */
		{ HEAD "item a\nlabel A\nscore 0\nbands-source A\nband 0 0 z\nbands-source B\n",
		  "t.scale:9: duplicate 'bands-source' line (first at line 7)" },
		{ HEAD "item a\nlabel A\nscore 0\nbands-source A\nbands-source A\nband 0 0 z\n",
		  "t.scale:8: duplicate 'bands-source' line (first at line 7)" },
		{ HEAD "bands-source\nitem a\nlabel A\nscore 0\nband 0 0 z\n",
		  "t.scale:4: bands-source: must not be empty" },
		{ HEAD "bands-source A\x07\nitem a\nlabel A\nscore 0\nband 0 0 z\n",
		  "t.scale:4: bands-source: control character U+0007 is not allowed" },
		{ HEAD "bands-source ASAM 2020\nitem a\nlabel A\nscore 0\n",
		  "t.scale:4: 'bands-source' but scale 't' has no bands" },
		{ "bands-source ASAM 2020\nscale t\n",
		  "t.scale:1: 'bands-source' before the 'scale KEY' line" },
		{ HEAD "item a\nlabel A\nscore 0\nbands-source A\nscore 1\n",
		  "t.scale:8: 'score' outside an item (it belongs after an 'item' line)" },
		{ "scale t\nbands-source ASAM 2020 " /* 101 characters */
		  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
		  "t.scale:2: bands-source: 101 characters is over the limit of 100" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		vigil_scale *scale = NULL;
		vigil_error err = { 0 };
		if (vigil_scale_parse("t.scale", cases[i].text, &scale, &err) != VIGIL_EINVAL)
			fail_msg("case %zu parsed, expected: %s", i, cases[i].message);
		assert_null(scale);
		if (strcmp(err.msg, cases[i].message))
			fail_msg("case %zu:\n  got  %s\n  want %s", i, err.msg, cases[i].message);
	}
}

/* Files that are too big for the fixed limits of the header. */
static void test_limits(void **state)
{
	(void)state;
	char *text = malloc(8000);
	size_t len;
	len = (size_t)snprintf(text, 8000, HEAD);
	for (int i = 0; i < VIGIL_ITEMS_MAX + 1; i++)
		len += (size_t)snprintf(text + len, 8000 - len, "item i%d\nlabel L\nscore 0\n", i);
	expect_parse_error(text, "t.scale:100: too many items (at most 32)");

	len = (size_t)snprintf(text, 8000, HEAD "item a\nlabel A\n");
	for (int i = 0; i <= VIGIL_SCORES_MAX; i++)
		len += (size_t)snprintf(text + len, 8000 - len, "score %d\n", i);
	expect_parse_error(text, "t.scale:38: too many scores in item 'a' (at most 32)");

	len = (size_t)snprintf(text, 8000, HEAD "item a\nlabel A\n");
	for (int i = 0; i < VIGIL_SCORES_MAX; i++)
		len += (size_t)snprintf(text + len, 8000 - len, "score %d\n", i);
	vigil_scale *s = parse_ok(text);
	assert_int_equal(s->items[0].nscores, VIGIL_SCORES_MAX);
	assert_int_equal(s->max_total, VIGIL_SCORES_MAX - 1);
	vigil_scale_free(s);

	/* bands-source: 100 characters (an accented one among them) is the
	 * limit, not 100 bytes. */
	len = (size_t)snprintf(text, 8000, HEAD "item a\nlabel A\nscore 0\nband 0 0 z\n"
	                       "bands-source caf\xC3\xA9 ");
	for (int i = 0; i < 95; i++)
		text[len++] = 'x';
	text[len] = '\0';
	s = parse_ok(text);
	assert_int_equal(strlen(s->bands_source), 101);
	vigil_scale_free(s);
	strcpy(text + len, "x\n");
	expect_parse_error(text, "t.scale:8: bands-source: 101 characters is over the limit of 100");
	free(text);
}

/* ---- $VIGIL_SCALES --------------------------------------------------- */

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void remove_file(const char *dir, const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	assert_int_equal(unlink(path), 0);
}

static const char alt_cows[] = "# a unit's own COWS file\n"
                               "scale COWS\n"
                               "name COWS-local\n"
                               "title Local COWS\n"
                               "item pulse\n"
                               "label Pulse\n"
                               "score 0\n"
                               "score 4\n"
                               "band 0 1 low\n"
                               "band 2 4 high\n";

static const char extra_scale[] = "scale zz-test\nname ZZ\ntitle Extra\n"
                                   "item q\nlabel Q\nscore 0\nscore 2\n";

static vigil_status load_from(const char *dir, vigil_scales **set, vigil_error *err)
{
	setenv("VIGIL_SCALES", dir, 1);
	vigil_status st = vigil_scales_load(set, err);
	unsetenv("VIGIL_SCALES");
	return st;
}

static void test_env_override_and_add(void **state)
{
	(void)state;
	char dir[] = "/tmp/vigil-test-scales-XXXXXX";
	char path[600];
	vigil_scales *set = NULL;
	vigil_error err = { 0 };
	assert_non_null(mkdtemp(dir));
	write_file(dir, "my-cows.scale", alt_cows);
	write_file(dir, "extra.scale", extra_scale);
	write_file(dir, "notes.txt", "not a scale file\n");
	write_file(dir, ".hidden.scale", "garbage\n");
	assert_int_equal(load_from(dir, &set, &err), VIGIL_OK);
	assert_int_equal(vigil_scales_count(set), 5);
	const vigil_scale *c = vigil_scales_find(set, "cows");
	assert_string_equal(c->name, "COWS-local");
	assert_int_equal(c->nitems, 1);
	assert_int_equal(c->max_total, 4);
	snprintf(path, sizeof path, "%s/my-cows.scale", dir);
	assert_string_equal(c->source, path);
	assert_string_equal(vigil_scale_band(c, 2)->key, "high");
	assert_string_equal(vigil_scales_find(set, "ZZ-TEST")->name, "ZZ");
	assert_string_equal(vigil_scales_at(set, 4)->key, "zz-test");
	assert_string_equal(vigil_scales_find(set, "sows")->source, "builtin:sows.scale");
	vigil_scales_free(set);

	/* Without the variable, the built-in COWS is back. */
	set = load_builtin();
	assert_string_equal(vigil_scales_find(set, "cows")->name, "COWS");
	assert_int_equal(vigil_scales_count(set), 4);
	vigil_scales_free(set);

	/* Two files with one key: which wins would be an accident. */
	write_file(dir, "other-cows.scale", alt_cows);
	assert_int_equal(load_from(dir, &set, &err), VIGIL_EEXIST);
	assert_null(set);
	char want[1400];
	snprintf(want, sizeof want, "%s/other-cows.scale: scale 'cows' is also defined in "
	         "%s/my-cows.scale", dir, dir);
	assert_string_equal(err.msg, want);
	remove_file(dir, "other-cows.scale");

	/* A malformed file stops the load, naming file and line. */
	write_file(dir, "bad.scale", "scale bad\nname B\ntitle B\nitem a\nlabel A\n");
	assert_int_equal(load_from(dir, &set, &err), VIGIL_EINVAL);
	assert_null(set);
	snprintf(want, sizeof want, "%s/bad.scale:4: item 'a' has no score", dir);
	assert_string_equal(err.msg, want);
	remove_file(dir, "bad.scale");

	/* Files are read with a size limit. */
	char *big = malloc(300 * 1024);
	memset(big, '#', 300 * 1024 - 1);
	big[300 * 1024 - 1] = '\0';
	write_file(dir, "big.scale", big);
	free(big);
	assert_int_equal(load_from(dir, &set, &err), VIGIL_EINVAL);
	snprintf(want, sizeof want, "%s/big.scale: larger than the limit of 262144 bytes", dir);
	assert_string_equal(err.msg, want);
	remove_file(dir, "big.scale");

	remove_file(dir, "my-cows.scale");
	remove_file(dir, "extra.scale");
	remove_file(dir, "notes.txt");
	remove_file(dir, ".hidden.scale");
	assert_int_equal(rmdir(dir), 0);

	/* A directory that was named but is not there is an error too. */
	assert_int_equal(load_from(dir, &set, &err), VIGIL_EIO);
	snprintf(want, sizeof want, "VIGIL_SCALES: %s: No such file or directory", dir);
	assert_string_equal(err.msg, want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin_files_parse),
		cmocka_unit_test(test_registry),
		cmocka_unit_test(test_cows_items),
		cmocka_unit_test(test_cows_every_score),
		cmocka_unit_test(test_cows_refusal_messages),
		cmocka_unit_test(test_cows_bands),
		cmocka_unit_test(test_hr_derivation),
		cmocka_unit_test(test_missing_items),
		cmocka_unit_test(test_total_rechecks_sheet),
		cmocka_unit_test(test_assign_errors),
		cmocka_unit_test(test_ciwa),
		cmocka_unit_test(test_sows_and_craving),
		cmocka_unit_test(test_parse_details),
		cmocka_unit_test(test_malformed_files),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_env_override_and_add),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
