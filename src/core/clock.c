/* clock.c - the one clock (honouring VIGIL_NOW) and ISO 8601 times */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vigil/clock.h"

static vigil_time pinned_time;
/* -1 until a database is opened: a time worked out before that (a shift
 * named on the command line) may use VIGIL_NOW, as opening a ward's
 * database while it is set is refused anyway. */
static int training = -1;

void vigil_training_set(bool on)
{
	training = on;
}

bool vigil_training(void)
{
	return training == 1;
}

void vigil_clock_pin(vigil_time t)
{
	pinned_time = t;
}

vigil_status vigil_clock_now(vigil_time *out, vigil_error *err)
{
	if (pinned_time) {
		*out = pinned_time;
		return VIGIL_OK;
	}
	const char *pinned = getenv("VIGIL_NOW");
	if (pinned && *pinned) {
		if (training == 0)
			return vigil_fail(err, VIGIL_EINVAL,
			                  "VIGIL_NOW works only on a training database; unset it");
		vigil_error sub;
		if (vigil_time_parse(pinned, out, &sub) != VIGIL_OK)
			return vigil_fail(err, VIGIL_EINVAL, "VIGIL_NOW: %s", sub.msg);
		return VIGIL_OK;
	}
	*out = (vigil_time)time(NULL);
	return VIGIL_OK;
}

/* Reads exactly n digits into *value; returns the text after them or NULL. */
static const char *digits(const char *s, int n, int *value)
{
	*value = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return NULL;
		*value = *value * 10 + (s[i] - '0');
	}
	return s + n;
}

static int days_in_month(int year, int month)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return month == 2 && leap ? 29 : days[month - 1];
}

/* "+HH:MM", "+HHMM", "+HH", "Z" -> seconds east of UTC. */
static const char *parse_offset(const char *s, long *offset)
{
	if (*s == 'Z' || *s == 'z') {
		*offset = 0;
		return s + 1;
	}
	if (*s != '+' && *s != '-')
		return NULL;
	int sign = *s == '-' ? -1 : 1, hh, mm = 0;
	const char *p = digits(s + 1, 2, &hh);
	if (!p)
		return NULL;
	if (*p == ':')
		p++;
	if (isdigit((unsigned char)*p) && !(p = digits(p, 2, &mm)))
		return NULL;
	if (hh > 23 || mm > 59)
		return NULL;
	*offset = sign * (hh * 3600L + mm * 60L);
	return p;
}

static const char *parse_clock(const char *p, struct tm *tm)
{
	int hh, mi, ss = 0;
	if (!(p = digits(p, 2, &hh)) || *p++ != ':' || !(p = digits(p, 2, &mi)))
		return NULL;
	if (*p == ':' && !(p = digits(p + 1, 2, &ss)))
		return NULL;
	if (hh > 23 || mi > 59 || ss > 59)
		return NULL;
	tm->tm_hour = hh, tm->tm_min = mi, tm->tm_sec = ss;
	return p;
}

/* mktime() for one reading of the wall clock (isdst 0 or 1); true when
 * that reading exists, i.e. converting back gives the same wall clock. */
static bool wall_clock(const struct tm *want, int isdst, time_t *out)
{
	struct tm tm = *want, back;
	tm.tm_isdst = isdst;
	*out = mktime(&tm);
	if (*out == (time_t)-1 || !localtime_r(out, &back))
		return false;
	return back.tm_year == want->tm_year && back.tm_mon == want->tm_mon &&
	       back.tm_mday == want->tm_mday && back.tm_hour == want->tm_hour &&
	       back.tm_min == want->tm_min && back.tm_sec == want->tm_sec;
}

/* A local time without an offset: refused when the clock change skips it,
 * and when it happens twice, rather than guessing which was meant. */
static vigil_status local_time(const char *text, const struct tm *tm, vigil_time *out,
                               vigil_error *err)
{
	time_t standard, summer;
	bool as_standard = wall_clock(tm, 0, &standard);
	bool as_summer = wall_clock(tm, 1, &summer);
	if (as_standard && as_summer && standard != summer) {
		char first[VIGIL_TIME_ISO_LEN], second[VIGIL_TIME_ISO_LEN];
		vigil_time_format_iso(summer < standard ? summer : standard, first, sizeof first);
		vigil_time_format_iso(summer < standard ? standard : summer, second, sizeof second);
		return vigil_fail(err, VIGIL_EINVAL,
		                  "'%s' happens twice when the clocks go back; add its offset: "
		                  "%s (first) or %s (second)",
		                  text, first + 19, second + 19);
	}
	if (!as_standard && !as_summer)
		return vigil_fail(err, VIGIL_EINVAL,
		                  "'%s' does not exist: the clocks went forward over it", text);
	*out = (vigil_time)(as_standard ? standard : summer);
	return VIGIL_OK;
}

vigil_status vigil_time_parse(const char *text, vigil_time *out, vigil_error *err)
{
	struct tm tm = { 0 };
	int year, month, day;
	const char *p = text;
	if (!(p = digits(p, 4, &year)) || *p++ != '-' || !(p = digits(p, 2, &month)) ||
	    *p++ != '-' || !(p = digits(p, 2, &day)))
		goto bad;
	if (year < 1970 || month < 1 || month > 12 || day < 1 ||
	    day > days_in_month(year, month))
		goto bad;
	tm.tm_year = year - 1900, tm.tm_mon = month - 1, tm.tm_mday = day;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		if (!(p = parse_clock(p + 1, &tm)))
			goto bad;
	}
	if (*p) {
		long offset;
		if (!(p = parse_offset(p, &offset)) || *p)
			goto bad;
		*out = (vigil_time)timegm(&tm) - offset;
		return VIGIL_OK;
	}
	return local_time(text, &tm, out, err);
bad:
	return vigil_fail(err, VIGIL_EINVAL,
	                  "'%s' is not a time (use YYYY-MM-DD HH:MM, optionally with an offset "
	                  "such as +01:00 or Z)",
	                  text);
}

void vigil_time_format_utc(vigil_time t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil): cheaper than timegm(), which the history listing would
 * otherwise call for every row. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int vigil_time_parse_utc(const char *text, vigil_time *out)
{
	struct tm tm = { 0 };
	int year, month, day;
	const char *p = text;
	/* Exactly "YYYY-MM-DDTHH:MM:SSZ": the seconds are not optional here. */
	if (!text || strlen(text) != 20 || !(p = digits(p, 4, &year)) || *p++ != '-' ||
	    !(p = digits(p, 2, &month)) ||
	    *p++ != '-' || !(p = digits(p, 2, &day)) || *p++ != 'T' || !(p = parse_clock(p, &tm)) ||
	    strcmp(p, "Z") != 0 || month < 1 || month > 12 || day < 1 ||
	    day > days_in_month(year, month))
		return -1;
	*out = days_from_civil(year, month, day) * 86400 + tm.tm_hour * 3600 + tm.tm_min * 60 +
	       tm.tm_sec;
	return 0;
}

void vigil_time_format_iso(vigil_time t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	long off = tm.tm_gmtoff;
	char sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	char stamp[24];
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, size, "%s%c%02ld:%02ld", stamp, sign, off / 3600, off % 3600 / 60);
}

void vigil_time_format_local(vigil_time t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	strftime(buf, size, "%Y-%m-%d %H:%M", &tm);
}

void vigil_duration_format(int64_t seconds, char *buf, size_t size)
{
	if (seconds < 0)
		seconds = -seconds;
	long long m = seconds / 60, h = m / 60, d = h / 24;
	if (d > 0)
		snprintf(buf, size, "%lldd %lldh", d, h % 24);
	else if (h > 0)
		snprintf(buf, size, "%lldh %02lldm", h, m % 60);
	else
		snprintf(buf, size, "%lldm", m);
}
