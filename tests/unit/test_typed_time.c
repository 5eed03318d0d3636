/* test_typed_time.c - the one rule for times people type (clock.h), in
 * Europe/London: HH:MM the latest such time at or before now (across
 * midnight and the clock changes), "ago" forms, ISO 8601, and every
 * refusal with its message; and the words of the preview. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vigil/clock.h"

static vigil_time utc(const char *text)
{
	vigil_time t;
	if (vigil_time_parse_utc(text, &t) != 0)
		fail_msg("bad fixture %s", text);
	return t;
}

static void typed_is(const char *now, const char *text, const char *want)
{
	vigil_time got;
	vigil_error err = { 0 };
	if (vigil_time_typed(text, utc(now), &got, &err) != VIGIL_OK)
		fail_msg("'%s' at %s refused: %s", text, now, err.msg);
	char buf[VIGIL_TIME_UTC_LEN];
	vigil_time_format_utc(got, buf, sizeof buf);
	if (strcmp(buf, want) != 0)
		fail_msg("'%s' at %s: got %s, want %s", text, now, buf, want);
}

static void typed_refused(const char *now, const char *text, const char *message)
{
	vigil_time got = 42;
	vigil_error err = { 0 };
	if (vigil_time_typed(text, utc(now), &got, &err) == VIGIL_OK)
		fail_msg("'%s' at %s accepted", text, now);
	if (!strstr(err.msg, message))
		fail_msg("'%s': message '%s' lacks '%s'", text, err.msg, message);
}

static void test_clock_times(void **state)
{
	(void)state;
	/* 13:37 GMT: earlier today is today, later today is yesterday. */
	typed_is("2026-11-30T13:37:00Z", "09:15", "2026-11-30T09:15:00Z");
	typed_is("2026-11-30T13:37:00Z", "13:37", "2026-11-30T13:37:00Z");
	typed_is("2026-11-30T13:37:00Z", "23:00", "2026-11-29T23:00:00Z");
	typed_is("2026-11-30T13:37:00Z", "9:05", "2026-11-30T09:05:00Z");
	/* Just past midnight: 23:50 is last night. */
	typed_is("2026-11-30T00:30:00Z", "23:50", "2026-11-29T23:50:00Z");
	/* Summer time: local 10:00 BST is 09:00 UTC. */
	typed_is("2026-07-01T12:00:00Z", "10:00", "2026-07-01T09:00:00Z");
	/* The day after the clocks went back (25 Oct 2026): yesterday 23:00 BST... */
	typed_is("2026-10-25T12:00:00Z", "23:30", "2026-10-24T22:30:00Z");
}

static void test_ago_and_iso(void **state)
{
	(void)state;
	typed_is("2026-11-30T13:37:00Z", "2h ago", "2026-11-30T11:37:00Z");
	typed_is("2026-11-30T13:37:00Z", "1d 4h ago", "2026-11-29T09:37:00Z");
	typed_is("2026-11-30T13:37:00Z", "90m ago", "2026-11-30T12:07:00Z");
	typed_is("2026-11-30T13:37:00Z", "2026-11-28 08:00", "2026-11-28T08:00:00Z");
	typed_is("2026-11-30T13:37:00Z", "2026-07-01T10:00", "2026-07-01T09:00:00Z");
	typed_is("2026-11-30T13:37:00Z", "2026-11-28T08:00Z", "2026-11-28T08:00:00Z");
}

static void test_refusals(void **state)
{
	(void)state;
	const char *now = "2026-11-30T13:37:00Z";
	/* Up to an hour ahead is a slip, not yesterday. */
	typed_refused(now, "14:00", "14:00 today is in the future");
	typed_refused(now, "24:00", "'24:00' is not a time of day (00:00 to 23:59)");
	typed_refused(now, "12:60", "is not a time of day");
	typed_refused(now, "noon", "'noon' is not a time (use HH:MM, YYYY-MM-DD HH:MM, or how long");
	typed_refused(now, "", "is not a time");
	typed_refused(now, "ago", "is not a time");
	typed_refused(now, "-2h ago", "is not a time");
	typed_refused(now, "1:2", "is not a time");
	typed_refused(now, "1999-12-31 23:00", "'1999-12-31 23:00' is before the year 2000");
	typed_refused(now, "1970-01-01 00:00Z", "before the year 2000");
	typed_refused(now, "2026-02-30 10:00", "is not a time");
	/* The hour the clocks skip does not exist. */
	typed_refused(now, "2026-03-29 01:30", "the clocks went forward");
}

static void words_are(const char *t, const char *now, const char *want)
{
	char buf[VIGIL_TIME_WORDS_LEN];
	vigil_time_typed_words(utc(t), utc(now), buf, sizeof buf);
	assert_string_equal(buf, want);
}

static void test_preview_words(void **state)
{
	(void)state;
	words_are("2026-11-30T13:20:00Z", "2026-11-30T13:37:00Z", "today 13:20, 17m ago");
	words_are("2026-11-29T23:00:00Z", "2026-11-30T13:37:00Z", "yesterday 23:00, 14h 37m ago");
	words_are("2026-11-28T08:00:00Z", "2026-11-30T13:37:00Z", "Sat 2026-11-28 08:00, 2d 5h ago");
	words_are("2026-11-30T14:00:00Z", "2026-11-30T13:37:00Z", "today 14:00, in 23m");
}

int main(void)
{
	setenv("TZ", "Europe/London", 1);
	tzset();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clock_times),
		cmocka_unit_test(test_ago_and_iso),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_preview_words),
	};
	return cmocka_run_group_tests_name("typed time", tests, NULL, NULL);
}
