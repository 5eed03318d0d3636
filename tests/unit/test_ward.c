/* test_ward.c - the board's rules in the core: how a patient matches a
 * search (an exact bed, an exact MRN, the start of a name or MRN, then
 * anywhere), the orders the board offers (bed, worst first, due soonest),
 * how severe a band is from its place in the scale, and the band's words
 * where a person reads them. Pure functions: no database. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <stdlib.h>

#include "vigil/scale.h"
#include "vigil/ward.h"

static vigil_patient patient(const char *bed, const char *mrn, const char *name)
{
	vigil_patient p;
	memset(&p, 0, sizeof p);
	snprintf(p.bed, sizeof p.bed, "%s", bed);
	snprintf(p.mrn, sizeof p.mrn, "%s", mrn);
	snprintf(p.name, sizeof p.name, "%s", name);
	return p;
}

static void test_find_rank(void **state)
{
	(void)state;
	vigil_patient bed1 = patient("1", "MRN1001", "Alex Morgan");
	vigil_patient bed10 = patient("10", "MRN1009", "Drew Kowalski");
	/* "/10" is bed 10, not the MRN that contains 10. */
	assert_int_equal(vigil_ward_find_rank(&bed10, "10"), VIGIL_FIND_BED);
	assert_int_equal(vigil_ward_find_rank(&bed1, "10"), VIGIL_FIND_WITHIN);
	assert_int_equal(vigil_ward_find_rank(&bed1, "mrn1001"), VIGIL_FIND_MRN);
	assert_int_equal(vigil_ward_find_rank(&bed1, "MRN10"), VIGIL_FIND_START);
	assert_int_equal(vigil_ward_find_rank(&bed1, "mor"), VIGIL_FIND_START); /* a word */
	assert_int_equal(vigil_ward_find_rank(&bed1, "alex"), VIGIL_FIND_START);
	assert_int_equal(vigil_ward_find_rank(&bed1, "organ"), VIGIL_FIND_WITHIN);
	assert_int_equal(vigil_ward_find_rank(&bed1, "zed"), VIGIL_FIND_NONE);
	assert_int_equal(vigil_ward_find_rank(&bed1, ""), VIGIL_FIND_NONE);
	assert_int_equal(vigil_ward_find_rank(&bed1, NULL), VIGIL_FIND_NONE);
}

static void test_severity(void **state)
{
	(void)state;
	/* COWS: none, mild, moderate, moderately severe, severe. */
	assert_int_equal(vigil_band_severity(0, 5), VIGIL_SEVERITY_LOWEST);
	assert_int_equal(vigil_band_severity(1, 5), VIGIL_SEVERITY_LOW);
	assert_int_equal(vigil_band_severity(2, 5), VIGIL_SEVERITY_HIGH);
	assert_int_equal(vigil_band_severity(3, 5), VIGIL_SEVERITY_HIGH);
	assert_int_equal(vigil_band_severity(4, 5), VIGIL_SEVERITY_HIGHEST);
	/* CIWA-Ar: mild, moderate, severe. */
	assert_int_equal(vigil_band_severity(0, 3), VIGIL_SEVERITY_LOWEST);
	assert_int_equal(vigil_band_severity(1, 3), VIGIL_SEVERITY_HIGH);
	assert_int_equal(vigil_band_severity(2, 3), VIGIL_SEVERITY_HIGHEST);
	assert_int_equal(vigil_band_severity(-1, 3), VIGIL_SEVERITY_NONE);
	assert_int_equal(vigil_band_severity(0, 0), VIGIL_SEVERITY_NONE);
	/* COWS moderate (2 of 0-4) equals CIWA-Ar moderate (1 of 0-2). */
	assert_int_equal(vigil_band_compare(2, 5, 1, 3), 0);
	assert_true(vigil_band_worse(4, 5, 1, 3));
	assert_false(vigil_band_worse(-1, 0, 0, 3));
	assert_true(vigil_band_worse(0, 3, -1, 0));
}

static void test_band_words(void **state)
{
	(void)state;
	static const vigil_band bands[] = {
		{ 0, 4, "none", "no active withdrawal" },
		{ 5, 12, "mild", "" },
		{ 25, 36, "moderately-severe", "" },
	};
	vigil_scale s = { .key = "t", .name = "T", .nbands = 3, .bands = bands };
	char buf[VIGIL_BAND_WORDS_MAX];
	assert_string_equal(vigil_scale_band_words(&s, "none", buf, sizeof buf),
	                    "no active withdrawal");
	assert_string_equal(vigil_scale_band_words(&s, "mild", buf, sizeof buf), "mild");
	/* No label: the key's words. */
	assert_string_equal(vigil_scale_band_words(&s, "moderately-severe", buf, sizeof buf),
	                    "moderately severe");
	/* A key the definition lacks (an older one), or no definition. */
	assert_string_equal(vigil_scale_band_words(&s, "very-high", buf, sizeof buf), "very high");
	assert_string_equal(vigil_scale_band_words(NULL, "mild", buf, sizeof buf), "mild");
}

/* A row with a band (rank of count, or -1), a due time (0: none) and its
 * place in bed order. */
static void row(vigil_ward_row *r, size_t by_bed, int rank, int count, vigil_time due)
{
	memset(r, 0, sizeof *r);
	r->by_bed = by_bed;
	r->state.worst = rank >= 0 ? 0 : -1;
	r->state.nscales = 1;
	r->state.scales[0].band_rank = rank;
	r->state.scales[0].band_count = count;
	r->timed = due != 0;
	r->due_at = due;
	r->grace = 600;
}

static void test_sort(void **state)
{
	(void)state;
	vigil_ward_row rows[5];
	vigil_time now = 100000;
	row(&rows[0], 0, 1, 5, now + 3600);  /* COWS mild, due in an hour */
	row(&rows[1], 1, 2, 5, now + 600);   /* COWS moderate, due in 10 min */
	row(&rows[2], 2, 1, 3, now - 3600);  /* CIWA-Ar moderate, overdue an hour */
	row(&rows[3], 3, -1, 0, 0);          /* no band, not timed */
	row(&rows[4], 4, 1, 5, now - 1200);  /* COWS mild, overdue 20 min */
	vigil_ward w = { .count = 5, .rows = rows };
	size_t index[5];

	vigil_ward_sort(&w, VIGIL_WARD_BY_BED, now, index);
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(index[i], i);

	/* The worst band first; within a band the overdue, the longest first. */
	vigil_ward_sort(&w, VIGIL_WARD_WORST, now, index);
	static const size_t worst[] = { 2, 1, 4, 0, 3 };
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(index[i], worst[i]);

	/* The soonest due first (overdue the longest first); untimed last. */
	vigil_ward_sort(&w, VIGIL_WARD_DUE, now, index);
	static const size_t due[] = { 2, 4, 1, 0, 3 };
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(index[i], due[i]);

	assert_string_equal(vigil_ward_order_name(VIGIL_WARD_WORST), "worst first");
	assert_string_equal(vigil_ward_order_name(VIGIL_WARD_DUE), "due soonest");
	assert_string_equal(vigil_ward_order_name(VIGIL_WARD_BY_BED), "bed");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find_rank),
		cmocka_unit_test(test_severity),
		cmocka_unit_test(test_band_words),
		cmocka_unit_test(test_sort),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
