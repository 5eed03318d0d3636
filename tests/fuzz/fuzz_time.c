/* fuzz_time.c - the time parsers of clock.h on any text: vigil_time_parse
 * (ISO 8601 as people type it), vigil_time_parse_utc (the stored form),
 * vigil_duration_parse (protocol.h: "1h30m") and vigil_time_typed (HH:MM,
 * "2h ago" and ISO 8601 against a fixed now, as both faces read them).
 *
 * What parses is held to round trips: a time written in the stored form
 * reads back as the same instant (and the stored form's text is written
 * back byte for byte); written with its local offset it reads back the
 * same; written as local wall-clock minutes it reads back to the minute,
 * or is refused only as a time the clocks going back make happen twice.
 * A duration is above zero and at most 30 days. A typed time is never
 * before 2000, never more than an hour ahead of now when typed as HH:MM,
 * and its preview words are written whatever it is. */
#include "fuzz.h"
#include "vigil/clock.h"
#include "vigil/protocol.h"

/* 1970-01-02 and 9999-12-30: far enough inside the years written with four
 * digits that the local time of an instant is too. */
#define ROUND_TRIP_FIRST 86400LL
#define ROUND_TRIP_LAST 253402128000LL

static void check_time(const char *text, vigil_time t)
{
	if (t < ROUND_TRIP_FIRST || t > ROUND_TRIP_LAST)
		return;
	char utc[VIGIL_TIME_UTC_LEN], iso[VIGIL_TIME_ISO_LEN], local[VIGIL_TIME_LOCAL_LEN];
	vigil_time back;
	vigil_error err;
	vigil_time_format_utc(t, utc, sizeof utc);
	if (vigil_time_parse_utc(utc, &back) != 0 || back != t)
		fuzz_fail("'%s' is %lld, stored as %s, read back as %lld", text, (long long)t, utc,
		          (long long)back);
	vigil_time_format_iso(t, iso, sizeof iso);
	if (vigil_time_parse(iso, &back, &err) != VIGIL_OK || back != t)
		fuzz_fail("'%s' is %lld, written %s, read back as %lld", text, (long long)t, iso,
		          (long long)back);
	vigil_time_format_local(t, local, sizeof local);
	vigil_status s = vigil_time_parse(local, &back, &err);
	if (s != VIGIL_OK && !strstr(err.msg, "happens twice"))
		fuzz_fail("'%s' is %lld, local %s, refused: %s", text, (long long)t, local, err.msg);
	if (s == VIGIL_OK && back != t - ((t % 60) + 60) % 60)
		fuzz_fail("'%s' is %lld, local %s, read back as %lld", text, (long long)t, local,
		          (long long)back);
	char words[32];
	vigil_duration_format(t - 1790000000, words, sizeof words);
}

static void check_stored(const char *text, vigil_time t)
{
	/* Years 1000-9999 are written back exactly as they were read. */
	if (t < -30610224000LL || t > 253402300799LL)
		return;
	char utc[VIGIL_TIME_UTC_LEN];
	vigil_time_format_utc(t, utc, sizeof utc);
	if (strcmp(utc, text) != 0)
		fuzz_fail("stored form '%s' read as %lld, written back as '%s'", text, (long long)t,
		          utc);
}

/* 2026-11-30 13:37 UTC: the now typed times are read against. */
#define TYPED_NOW 1796045820LL

static void check_typed(const char *text, vigil_time t)
{
	if (t < VIGIL_TIME_EARLIEST)
		fuzz_fail("typed '%s' is %lld, before 2000", text, (long long)t);
	int h, m, end = 0;
	if (sscanf(text, "%2d:%2d%n", &h, &m, &end) == 2 && !text[end] &&
	    (t > TYPED_NOW + 3600 || t < TYPED_NOW - 2 * 86400))
		fuzz_fail("typed '%s' is %lld, not within a day of now", text, (long long)t);
	char words[VIGIL_TIME_WORDS_LEN];
	vigil_time_typed_words(t, TYPED_NOW, words, sizeof words);
}

static void check_duration(const char *text, int64_t seconds)
{
	if (seconds <= 0 || seconds > 30 * 86400)
		fuzz_fail("'%s' is a duration of %lld seconds", text, (long long)seconds);
	char words[64];
	vigil_every_words(seconds, words, sizeof words);
	vigil_duration_format(seconds, words, sizeof words);
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
	vigil_time t;
	int64_t seconds;
	vigil_error err;
	vigil_status s = vigil_time_parse(text, &t, &err);
	if (s == VIGIL_OK)
		check_time(text, t);
	else
		fuzz_check_refusal("vigil_time_parse", s, &err);
	if (vigil_time_parse_utc(text, &t) == 0)
		check_stored(text, t);
	s = vigil_time_typed(text, TYPED_NOW, &t, &err);
	if (s == VIGIL_OK)
		check_typed(text, t);
	else
		fuzz_check_refusal("vigil_time_typed", s, &err);
	s = vigil_duration_parse(text, &seconds, &err);
	if (s == VIGIL_OK)
		check_duration(text, seconds);
	else
		fuzz_check_refusal("vigil_duration_parse", s, &err);
	free(text);
	return 0;
}
