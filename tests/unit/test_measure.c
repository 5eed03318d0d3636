/* test_measure.c - amounts and vital signs without a database: amounts
 * parsed and printed back (every refusal with its message), units and
 * conversions between them, and each vital sign's key, label, plausible
 * range, values at both ends and just past them, and their printed form. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "vigil/measure.h"

/* ---- helpers --------------------------------------------------------- */

static int64_t amount_ok(const char *text)
{
	int64_t milli = -1;
	vigil_error err = { 0 };
	if (vigil_amount_parse(text, &milli, &err) != VIGIL_OK)
		fail_msg("'%s' refused: %s", text, err.msg);
	return milli;
}

static void amount_refused(const char *text, const char *message)
{
	int64_t milli = 12345;
	vigil_error err = { 0 };
	vigil_status s = vigil_amount_parse(text, &milli, &err);
	if (s != VIGIL_EINVAL)
		fail_msg("'%s' accepted (status %d), wanted: %s", text ? text : "(null)", (int)s,
		         message);
	assert_int_equal(milli, 12345); /* untouched */
	assert_int_equal(err.code, VIGIL_EINVAL);
	if (strcmp(err.msg, message) != 0)
		fail_msg("wrong message\n   got: %s\nwanted: %s", err.msg, message);
}

static const char *amount_text(int64_t milli)
{
	static char buf[VIGIL_AMOUNT_TEXT_MAX];
	vigil_amount_format(milli, buf, sizeof buf);
	return buf;
}

static const char *unit_ok(const char *text)
{
	const char *unit = NULL;
	vigil_error err = { 0 };
	if (vigil_amount_unit_parse(text, &unit, &err) != VIGIL_OK)
		fail_msg("unit '%s' refused: %s", text, err.msg);
	return unit;
}

static void unit_refused(const char *text, const char *message)
{
	const char *unit = "untouched";
	vigil_error err = { 0 };
	assert_int_equal(vigil_amount_unit_parse(text, &unit, &err), VIGIL_EINVAL);
	assert_string_equal(unit, "untouched");
	assert_string_equal(err.msg, message);
}

static int vital_ok(vigil_vital v, const char *text)
{
	int value = -12345;
	vigil_error err = { 0 };
	if (vigil_vital_value_parse(v, text, &value, &err) != VIGIL_OK)
		fail_msg("%s '%s' refused: %s", vigil_vital_key(v), text, err.msg);
	return value;
}

static void vital_refused(vigil_vital v, const char *text, const char *message)
{
	int value = -12345;
	vigil_error err = { 0 };
	vigil_status s = vigil_vital_value_parse(v, text, &value, &err);
	if (s != VIGIL_EINVAL)
		fail_msg("%s '%s' accepted (status %d), wanted: %s", vigil_vital_key(v),
		         text ? text : "(null)", (int)s, message);
	assert_int_equal(value, -12345);
	if (strcmp(err.msg, message) != 0)
		fail_msg("wrong message\n   got: %s\nwanted: %s", err.msg, message);
}

static const char *vital_text(vigil_vital v, int value)
{
	static char buf[VIGIL_VITAL_TEXT_MAX];
	vigil_vital_value_format(v, value, buf, sizeof buf);
	return buf;
}

/* ---- amounts ------------------------------------------------------------ */

static void test_amount_parse(void **state)
{
	(void)state;
	assert_int_equal(amount_ok("4"), 4000);
	assert_int_equal(amount_ok("0.5"), 500);
	assert_int_equal(amount_ok("12.25"), 12250);
	assert_int_equal(amount_ok("0.001"), 1);
	assert_int_equal(amount_ok("0.54"), 540);
	assert_int_equal(amount_ok("2.0"), 2000);
	assert_int_equal(amount_ok("2.500"), 2500);
	assert_int_equal(amount_ok("007"), 7000);
	assert_int_equal(amount_ok("150"), 150000);
	/* The largest, exactly. */
	assert_int_equal(amount_ok("1000000"), VIGIL_AMOUNT_MILLI_LIMIT);
	assert_int_equal(amount_ok("1000000.000"), VIGIL_AMOUNT_MILLI_LIMIT);
	assert_int_equal(amount_ok("999999.999"), VIGIL_AMOUNT_MILLI_LIMIT - 1);
}

static void test_amount_refused(void **state)
{
	(void)state;
	amount_refused("", "missing amount (use digits, like 4 or 0.5)");
	amount_refused(NULL, "missing amount (use digits, like 4 or 0.5)");
	amount_refused("abc", "'abc' is not an amount (use digits, like 4 or 0.5)");
	amount_refused("4mg", "'4mg' is not an amount (use digits, like 4 or 0.5)");
	amount_refused("1e3", "'1e3' is not an amount (use digits, like 4 or 0.5)");
	amount_refused("+2", "'+2' is not an amount (use digits, like 4 or 0.5)");
	amount_refused(" 4", "' 4' is not an amount (use digits, like 4 or 0.5)");
	amount_refused("4 ", "'4 ' is not an amount (use digits, like 4 or 0.5)");
	amount_refused("1,5", "'1,5' is not an amount (use digits, like 4 or 0.5)");
	amount_refused("5.", "'5.' is not an amount (use digits, like 4 or 0.5)");
	amount_refused("1.2.3", "'1.2.3' is not an amount (use digits, like 4 or 0.5)");
	amount_refused("-", "'-' is not an amount (use digits, like 4 or 0.5)");
	amount_refused("0x10", "'0x10' is not an amount (use digits, like 4 or 0.5)");
	/* A naked decimal point is read as a whole number once it is lost. */
	amount_refused(".5", "'.5' needs a leading zero (0.5)");
	amount_refused("-.5", "'-.5' is not an amount (use digits, like 4 or 0.5)");
	amount_refused("0", "'0' is not an amount above zero");
	amount_refused("0.000", "'0.000' is not an amount above zero");
	amount_refused("-1", "'-1' is not an amount above zero");
	amount_refused("-0.5", "'-0.5' is not an amount above zero");
	amount_refused("-0", "'-0' is not an amount above zero");
	amount_refused("0.0005", "'0.0005' has more than 3 decimals");
	amount_refused("1.2345", "'1.2345' has more than 3 decimals");
	amount_refused("1000000.001", "'1000000.001' is more than 1000000");
	amount_refused("1000001", "'1000001' is more than 1000000");
	amount_refused("99999999999999999999999", "'99999999999999999999999' is more than 1000000");
	/* Text from a file is quoted escaped. */
	amount_refused("4\x1b[2J", "'4\\x1b[2J' is not an amount (use digits, like 4 or 0.5)");
}

static void test_amount_format(void **state)
{
	(void)state;
	assert_string_equal(amount_text(4000), "4");
	assert_string_equal(amount_text(500), "0.5");
	assert_string_equal(amount_text(12250), "12.25");
	assert_string_equal(amount_text(1), "0.001");
	assert_string_equal(amount_text(10), "0.01");
	assert_string_equal(amount_text(540), "0.54");
	assert_string_equal(amount_text(1001), "1.001");
	assert_string_equal(amount_text(0), "0");
	assert_string_equal(amount_text(-1500), "-1.5");
	assert_string_equal(amount_text(VIGIL_AMOUNT_MILLI_LIMIT), "1000000");
	assert_string_equal(amount_text(INT64_MAX), "9223372036854775.807");
	assert_string_equal(amount_text(INT64_MIN), "-9223372036854775.808");
	/* Every amount reads back as itself. */
	const char *const texts[] = { "4", "0.5", "12.25", "0.001", "999999.999", "75", NULL };
	for (const char *const *t = texts; *t; t++)
		assert_string_equal(amount_text(amount_ok(*t)), *t);
	/* Cut to the buffer, always ended. */
	char small[4];
	vigil_amount_format(12250, small, sizeof small);
	assert_string_equal(small, "12.");
	vigil_amount_format(12250, small, 0); /* nothing written */
	assert_string_equal(small, "12.");
}

static void test_units(void **state)
{
	(void)state;
	assert_string_equal(unit_ok("mg"), "mg");
	assert_string_equal(unit_ok("MG"), "mg");
	assert_string_equal(unit_ok("mcg"), "mcg");
	assert_string_equal(unit_ok("Mcg"), "mcg");
	assert_string_equal(unit_ok("g"), "g");
	assert_string_equal(unit_ok("G"), "g");
	assert_string_equal(unit_ok("mL"), "mL");
	assert_string_equal(unit_ok("ml"), "mL");
	assert_string_equal(unit_ok("ML"), "mL");
	unit_refused("", "missing unit (use mg, mcg, g or mL)");
	unit_refused(NULL, "missing unit (use mg, mcg, g or mL)");
	unit_refused("tabs", "'tabs' is not a unit (use mg, mcg, g or mL)");
	unit_refused("mgs", "'mgs' is not a unit (use mg, mcg, g or mL)");
	unit_refused("kg", "'kg' is not a unit (use mg, mcg, g or mL)");
	unit_refused("ug", "'ug' is not a unit: write mcg (ug is misread as mg)");
	unit_refused("UG", "'UG' is not a unit: write mcg (UG is misread as mg)");
	unit_refused("\xC2\xB5g", "'\xC2\xB5g' is not a unit: write mcg (\xC2\xB5g is misread as mg)");
	unit_refused("\xCE\xBCg", "'\xCE\xBCg' is not a unit: write mcg (\xCE\xBCg is misread as mg)");
}

static void test_convert(void **state)
{
	(void)state;
	int64_t out = -1;
	/* To itself, whatever the case, mL included. */
	assert_true(vigil_amount_convert(2500, "mg", "MG", &out));
	assert_int_equal(out, 2500);
	assert_true(vigil_amount_convert(5000, "mL", "ml", &out));
	assert_int_equal(out, 5000);
	/* Down the scale: always exact. */
	assert_true(vigil_amount_convert(500, "mg", "mcg", &out)); /* 0.5 mg */
	assert_int_equal(out, 500000);                              /* 500 mcg */
	assert_true(vigil_amount_convert(1500, "g", "mg", &out));
	assert_int_equal(out, 1500000);
	assert_true(vigil_amount_convert(1, "g", "mcg", &out)); /* 0.001 g = 1000 mcg */
	assert_int_equal(out, 1000000);
	/* Up the scale: when it is a whole number of thousandths. */
	assert_true(vigil_amount_convert(300000, "mcg", "mg", &out)); /* 300 mcg */
	assert_int_equal(out, 300);                                    /* 0.3 mg */
	assert_true(vigil_amount_convert(1000, "mcg", "mg", &out));    /* 1 mcg */
	assert_int_equal(out, 1);                                      /* 0.001 mg */
	assert_true(vigil_amount_convert(150000, "mg", "g", &out));
	assert_int_equal(out, 150);
	assert_true(vigil_amount_convert(1000000, "mcg", "g", &out));
	assert_int_equal(out, 1);
	/* Refused, with out untouched. */
	out = 42;
	assert_false(vigil_amount_convert(1500, "mcg", "mg", &out)); /* 0.0015 mg */
	assert_false(vigil_amount_convert(1000, "mcg", "g", &out));  /* 0.000001 g */
	assert_false(vigil_amount_convert(5000, "mL", "mg", &out));
	assert_false(vigil_amount_convert(5000, "mg", "mL", &out));
	assert_false(vigil_amount_convert(5000, "mg", "tabs", &out));
	assert_false(vigil_amount_convert(5000, NULL, "mg", &out));
	assert_false(vigil_amount_convert(5000, "ug", "mcg", &out));
	assert_false(vigil_amount_convert(INT64_MAX / 1000 + 1, "g", "mg", &out));
	assert_false(vigil_amount_convert(INT64_MIN / 1000 - 1, "g", "mg", &out));
	assert_false(vigil_amount_convert(INT64_MAX / 1000000 + 1, "g", "mcg", &out));
	assert_int_equal(out, 42);
	/* The edge of overflow still converts. */
	assert_true(vigil_amount_convert(INT64_MAX / 1000, "g", "mg", &out));
	assert_int_equal(out, INT64_MAX / 1000 * 1000);
}

/* ---- vital signs ---------------------------------------------------------- */

static void test_vital_keys(void **state)
{
	(void)state;
	static const char *const keys[] = { "hr", "sys", "dia", "temp", "rr", "spo2" };
	static const char *const labels[] = { "heart rate",  "systolic",         "diastolic",
		                              "temperature", "respiratory rate", "SpO2" };
	for (int i = 0; i < VIGIL_VITAL_COUNT; i++) {
		vigil_vital v = (vigil_vital)i, parsed = VIGIL_VITAL_COUNT;
		vigil_error err;
		assert_string_equal(vigil_vital_key(v), keys[i]);
		assert_string_equal(vigil_vital_label(v), labels[i]);
		assert_int_equal(vigil_vital_key_parse(keys[i], &parsed, &err), VIGIL_OK);
		assert_int_equal(parsed, v);
	}
	vigil_vital v = VIGIL_VITAL_COUNT;
	vigil_error err = { 0 };
	assert_int_equal(vigil_vital_key_parse("SpO2", &v, &err), VIGIL_OK);
	assert_int_equal(v, VIGIL_VITAL_SPO2);
	assert_int_equal(vigil_vital_key_parse("HR", &v, &err), VIGIL_OK);
	assert_int_equal(v, VIGIL_VITAL_HR);
	v = VIGIL_VITAL_COUNT;
	assert_int_equal(vigil_vital_key_parse("bp", &v, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "unknown vital sign 'bp' (use hr, sys, dia, temp, rr or spo2)");
	assert_int_equal(v, VIGIL_VITAL_COUNT);
	assert_int_equal(vigil_vital_key_parse("heart rate", &v, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg,
	                    "unknown vital sign 'heart rate' (use hr, sys, dia, temp, rr or spo2)");
	assert_int_equal(vigil_vital_key_parse("", &v, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "missing vital sign (use hr, sys, dia, temp, rr or spo2)");
	assert_int_equal(vigil_vital_key_parse(NULL, &v, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "missing vital sign (use hr, sys, dia, temp, rr or spo2)");
	/* Outside the enumeration: empty, never a crash. */
	assert_string_equal(vigil_vital_key(VIGIL_VITAL_COUNT), "");
	assert_string_equal(vigil_vital_label((vigil_vital)-1), "");
}

static void test_vital_ranges(void **state)
{
	(void)state;
	static const int want[VIGIL_VITAL_COUNT][2] = {
		{ 20, 250 }, { 50, 300 }, { 20, 200 }, { 300, 450 }, { 4, 80 }, { 50, 100 },
	};
	for (int i = 0; i < VIGIL_VITAL_COUNT; i++) {
		int lo = -1, hi = -1;
		vigil_vital_range((vigil_vital)i, &lo, &hi);
		assert_int_equal(lo, want[i][0]);
		assert_int_equal(hi, want[i][1]);
	}
	int lo = -1, hi = -1;
	vigil_vital_range(VIGIL_VITAL_COUNT, &lo, &hi);
	assert_int_equal(lo, 0);
	assert_int_equal(hi, 0);
}

static void test_vital_values(void **state)
{
	(void)state;
	/* Each vital at both ends of its range, in its own unit. */
	assert_int_equal(vital_ok(VIGIL_VITAL_HR, "120"), 120);
	assert_int_equal(vital_ok(VIGIL_VITAL_HR, "20"), 20);
	assert_int_equal(vital_ok(VIGIL_VITAL_HR, "250"), 250);
	assert_int_equal(vital_ok(VIGIL_VITAL_HR, "072"), 72);
	assert_int_equal(vital_ok(VIGIL_VITAL_SYS, "50"), 50);
	assert_int_equal(vital_ok(VIGIL_VITAL_SYS, "300"), 300);
	assert_int_equal(vital_ok(VIGIL_VITAL_DIA, "20"), 20);
	assert_int_equal(vital_ok(VIGIL_VITAL_DIA, "200"), 200);
	assert_int_equal(vital_ok(VIGIL_VITAL_TEMP, "37.5"), 375);
	assert_int_equal(vital_ok(VIGIL_VITAL_TEMP, "37"), 370);
	assert_int_equal(vital_ok(VIGIL_VITAL_TEMP, "38.0"), 380);
	assert_int_equal(vital_ok(VIGIL_VITAL_TEMP, "30.0"), 300);
	assert_int_equal(vital_ok(VIGIL_VITAL_TEMP, "45"), 450);
	assert_int_equal(vital_ok(VIGIL_VITAL_RR, "4"), 4);
	assert_int_equal(vital_ok(VIGIL_VITAL_RR, "80"), 80);
	assert_int_equal(vital_ok(VIGIL_VITAL_SPO2, "50"), 50);
	assert_int_equal(vital_ok(VIGIL_VITAL_SPO2, "100"), 100);

	/* Just past each end: the message names the range in the unit. */
	vital_refused(VIGIL_VITAL_HR, "300", "heart rate: 300 is not plausible (20-250)");
	vital_refused(VIGIL_VITAL_HR, "251", "heart rate: 251 is not plausible (20-250)");
	vital_refused(VIGIL_VITAL_HR, "19", "heart rate: 19 is not plausible (20-250)");
	vital_refused(VIGIL_VITAL_HR, "0", "heart rate: 0 is not plausible (20-250)");
	vital_refused(VIGIL_VITAL_HR, "-72", "heart rate: -72 is not plausible (20-250)");
	vital_refused(VIGIL_VITAL_HR, "99999999999", "heart rate: 99999999999 is not plausible (20-250)");
	vital_refused(VIGIL_VITAL_SYS, "49", "systolic: 49 is not plausible (50-300)");
	vital_refused(VIGIL_VITAL_SYS, "301", "systolic: 301 is not plausible (50-300)");
	vital_refused(VIGIL_VITAL_DIA, "19", "diastolic: 19 is not plausible (20-200)");
	vital_refused(VIGIL_VITAL_DIA, "201", "diastolic: 201 is not plausible (20-200)");
	vital_refused(VIGIL_VITAL_TEMP, "29.9", "temperature: 29.9 is not plausible (30.0-45.0)");
	vital_refused(VIGIL_VITAL_TEMP, "45.1", "temperature: 45.1 is not plausible (30.0-45.0)");
	vital_refused(VIGIL_VITAL_TEMP, "99.5", "temperature: 99.5 is not plausible (30.0-45.0)");
	vital_refused(VIGIL_VITAL_RR, "3", "respiratory rate: 3 is not plausible (4-80)");
	vital_refused(VIGIL_VITAL_RR, "81", "respiratory rate: 81 is not plausible (4-80)");
	vital_refused(VIGIL_VITAL_SPO2, "49", "SpO2: 49 is not plausible (50-100)");
	vital_refused(VIGIL_VITAL_SPO2, "101", "SpO2: 101 is not plausible (50-100)");

	/* Not numbers: whole numbers except for temperature's one decimal. */
	vital_refused(VIGIL_VITAL_HR, "", "heart rate: missing value");
	vital_refused(VIGIL_VITAL_HR, NULL, "heart rate: missing value");
	vital_refused(VIGIL_VITAL_HR, "12o", "heart rate: '12o' is not a whole number");
	vital_refused(VIGIL_VITAL_HR, "120.5", "heart rate: '120.5' is not a whole number");
	vital_refused(VIGIL_VITAL_HR, "+120", "heart rate: '+120' is not a whole number");
	vital_refused(VIGIL_VITAL_SPO2, "95%", "SpO2: '95%' is not a whole number");
	vital_refused(VIGIL_VITAL_TEMP, "37,5", "temperature: '37,5' is not a number");
	vital_refused(VIGIL_VITAL_TEMP, "37.", "temperature: '37.' is not a number");
	vital_refused(VIGIL_VITAL_TEMP, ".5", "temperature: '.5' is not a number");
	vital_refused(VIGIL_VITAL_TEMP, "37.55", "temperature: '37.55' has more than one decimal");
	vital_refused(VIGIL_VITAL_COUNT, "37", "unknown vital sign");
}

static void test_vital_format(void **state)
{
	(void)state;
	assert_string_equal(vital_text(VIGIL_VITAL_HR, 120), "120");
	assert_string_equal(vital_text(VIGIL_VITAL_SPO2, 92), "92");
	assert_string_equal(vital_text(VIGIL_VITAL_TEMP, 375), "37.5");
	assert_string_equal(vital_text(VIGIL_VITAL_TEMP, 380), "38.0");
	assert_string_equal(vital_text(VIGIL_VITAL_TEMP, 5), "0.5");
	assert_string_equal(vital_text(VIGIL_VITAL_TEMP, -5), "-0.5");
	/* Every plausible value reads back as itself. */
	for (int i = 0; i < VIGIL_VITAL_COUNT; i++) {
		int lo, hi;
		vigil_vital_range((vigil_vital)i, &lo, &hi);
		for (int value = lo; value <= hi; value++)
			assert_int_equal(vital_ok((vigil_vital)i, vital_text((vigil_vital)i, value)), value);
	}
	char small[3];
	vigil_vital_value_format(VIGIL_VITAL_TEMP, 375, small, sizeof small);
	assert_string_equal(small, "37");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_amount_parse), cmocka_unit_test(test_amount_refused),
		cmocka_unit_test(test_amount_format), cmocka_unit_test(test_units),
		cmocka_unit_test(test_convert),      cmocka_unit_test(test_vital_keys),
		cmocka_unit_test(test_vital_ranges), cmocka_unit_test(test_vital_values),
		cmocka_unit_test(test_vital_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
