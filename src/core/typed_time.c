/* typed_time.c - times as people type them (clock.h): one rule for the
 * command line and the terminal interface, and the words that show how a
 * typed time was read before it is saved. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "vigil/clock.h"
#include "vigil/protocol.h"

#define AHEAD_SLIP 3600 /* "HH:MM" up to this far ahead is a slip, not yesterday */

/* "2h ago", "1d 4h ago", "90m ago" into seconds; false when text is not one. */
static bool parse_ago(const char *text, int64_t *seconds)
{
	char buf[48];
	size_t n = strlen(text);
	if (n < 4 || n >= sizeof buf || strcmp(text + n - 3, "ago") != 0)
		return false;
	size_t k = 0;
	for (size_t i = 0; i < n - 3; i++)
		if (text[i] != ' ')
			buf[k++] = text[i]; /* "1d 4h" is "1d4h" */
	buf[k] = '\0';
	return k > 0 && isdigit((unsigned char)buf[0]) &&
	       vigil_duration_parse(buf, seconds, NULL) == VIGIL_OK;
}

/* Starts "YYYY-": a date, whose own refusal says more ("2026-03-29 01:30"
 * does not exist) than the list of forms. */
static bool looks_dated(const char *text)
{
	for (int i = 0; i < 4; i++)
		if (!isdigit((unsigned char)text[i]))
			return false;
	return text[4] == '-';
}

/* Local "YYYY-MM-DD" of the calendar day `back` days before t's. */
static void local_day(vigil_time t, int back, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	tm.tm_mday -= back;
	/* Noon: never in a skipped or repeated hour, so mktime normalises the
	 * day alone (the day before is not always 24 hours back). */
	tm.tm_hour = 12, tm.tm_min = 0, tm.tm_sec = 0, tm.tm_isdst = -1;
	tt = mktime(&tm);
	localtime_r(&tt, &tm);
	strftime(buf, size, "%Y-%m-%d", &tm);
}

static vigil_status parse_clock_time(const char *text, int h, int m, vigil_time now,
                                     vigil_time *out, vigil_error *err)
{
	if (h > 23 || m > 59)
		return vigil_fail(err, VIGIL_EINVAL, "'%s' is not a time of day (00:00 to 23:59)",
		                  text);
	char day[16], full[40];
	local_day(now, 0, day, sizeof day);
	snprintf(full, sizeof full, "%s %02d:%02d", day, h, m);
	vigil_status s = vigil_time_parse(full, out, err);
	if (s != VIGIL_OK || *out <= now)
		return s;
	if (*out - now <= AHEAD_SLIP)
		return vigil_fail(err, VIGIL_EINVAL,
		                  "%s today is in the future; give the date for an earlier day", text);
	/* Later today has not happened yet: the same time the day before. */
	local_day(now, 1, day, sizeof day);
	snprintf(full, sizeof full, "%s %02d:%02d", day, h, m);
	return vigil_time_parse(full, out, err);
}

vigil_status vigil_time_typed(const char *text, vigil_time now, vigil_time *out,
                              vigil_error *err)
{
	int h, m, end = 0;
	int64_t ago;
	vigil_status s;
	if (sscanf(text, "%2d:%2d%n", &h, &m, &end) == 2 && text[end] == '\0' &&
	    isdigit((unsigned char)text[0]) && h >= 0 && m >= 0 && strlen(text) >= 4)
		s = parse_clock_time(text, h, m, now, out, err);
	else if (parse_ago(text, &ago))
		*out = now - ago, s = VIGIL_OK;
	else if ((s = vigil_time_parse(text, out, err)) != VIGIL_OK && !looks_dated(text))
		return vigil_fail(err, VIGIL_EINVAL,
		                  "'%s' is not a time (use HH:MM, YYYY-MM-DD HH:MM, or how long ago "
		                  "such as 2h ago)",
		                  text);
	if (s == VIGIL_OK && *out < VIGIL_TIME_EARLIEST)
		return vigil_fail(err, VIGIL_EINVAL, "'%s' is before the year 2000",
		                  text);
	return s;
}

void vigil_time_typed_words(vigil_time t, vigil_time now, char *buf, size_t size)
{
	char day[16], today[16], yesterday[16], hhmm[8], dur[32], when[40];
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	strftime(hhmm, sizeof hhmm, "%H:%M", &tm);
	local_day(now, 0, today, sizeof today);
	local_day(now, 1, yesterday, sizeof yesterday);
	if (strcmp(day, today) == 0)
		snprintf(when, sizeof when, "today %s", hhmm);
	else if (strcmp(day, yesterday) == 0)
		snprintf(when, sizeof when, "yesterday %s", hhmm);
	else
		strftime(when, sizeof when, "%a %Y-%m-%d %H:%M", &tm);
	vigil_duration_format(t - now, dur, sizeof dur);
	if (t <= now)
		snprintf(buf, size, "%s, %s ago", when, dur);
	else
		snprintf(buf, size, "%s, in %s", when, dur);
}
