/* test_legend.c - the one legend every face shows: each record status
 * has one standing, word, CSV key, list mark and "by" word, and the marks
 * line up in fixed columns. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "vigil/legend.h"

static void test_standing_of_status(void **state)
{
	(void)state;
	assert_int_equal(vigil_standing_of(VIGIL_ASSESS_FINAL, false), VIGIL_STANDING_FINAL);
	assert_int_equal(vigil_standing_of(VIGIL_ASSESS_FINAL, true), VIGIL_STANDING_CORRECTED);
	/* A superseded or voided record is that whether or not it corrected one. */
	assert_int_equal(vigil_standing_of(VIGIL_ASSESS_AMENDED, true), VIGIL_STANDING_AMENDED);
	assert_int_equal(vigil_standing_of(VIGIL_ASSESS_AMENDED, false), VIGIL_STANDING_AMENDED);
	assert_int_equal(vigil_standing_of(VIGIL_ASSESS_VOIDED, true), VIGIL_STANDING_IN_ERROR);
	assert_int_equal(vigil_standing_of(VIGIL_ASSESS_VOIDED, false), VIGIL_STANDING_IN_ERROR);
}

static void test_words_keys_and_marks(void **state)
{
	(void)state;
	static const struct {
		vigil_standing standing;
		const char *word, *key, *by;
		char mark;
	} cases[] = {
		{ VIGIL_STANDING_FINAL, "final", "final", "", ' ' },
		{ VIGIL_STANDING_CORRECTED, "corrected", "corrected", "", 'C' },
		{ VIGIL_STANDING_AMENDED, "amended", "amended", "corrected", 'A' },
		{ VIGIL_STANDING_IN_ERROR, "entered in error", "entered-in-error", "marked",
		  'X' },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_string_equal(vigil_standing_word(cases[i].standing), cases[i].word);
		assert_string_equal(vigil_standing_key(cases[i].standing), cases[i].key);
		assert_string_equal(vigil_standing_by_word(cases[i].standing), cases[i].by);
		assert_int_equal(vigil_standing_mark(cases[i].standing), cases[i].mark);
	}
}

static void test_marks_keep_their_columns(void **state)
{
	(void)state;
	char m[VIGIL_MARKS_LEN];
	vigil_marks(false, VIGIL_STANDING_FINAL, false, m);
	assert_string_equal(m, "   ");
	vigil_marks(true, VIGIL_STANDING_FINAL, false, m);
	assert_string_equal(m, "L  ");
	vigil_marks(false, VIGIL_STANDING_CORRECTED, true, m);
	assert_string_equal(m, " Cn");
	vigil_marks(true, VIGIL_STANDING_IN_ERROR, true, m);
	assert_string_equal(m, "LXn");
}

/* Every mark a list can show is in the legend, once. */
static void test_legend_lists_every_mark(void **state)
{
	(void)state;
	size_t n;
	const vigil_legend_entry *l = vigil_legend(&n);
	const char want[] = { VIGIL_MARK_LATE, 'C', 'A', 'X', VIGIL_MARK_NOTE };
	assert_int_equal(n, sizeof want);
	for (size_t i = 0; i < sizeof want; i++) {
		int found = 0;
		for (size_t j = 0; j < n; j++)
			found += l[j].mark == want[i] && l[j].meaning && *l[j].meaning;
		assert_int_equal(found, 1);
		assert_string_not_equal(vigil_mark_meaning(want[i]), "");
	}
	assert_string_equal(vigil_mark_meaning('?'), "");
	assert_string_equal(vigil_mark_meaning(VIGIL_MARK_LATE),
	                    "late entry (entered over an hour after it was done)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_standing_of_status),
		cmocka_unit_test(test_words_keys_and_marks),
		cmocka_unit_test(test_marks_keep_their_columns),
		cmocka_unit_test(test_legend_lists_every_mark),
	};
	return cmocka_run_group_tests_name("legend", tests, NULL, NULL);
}
