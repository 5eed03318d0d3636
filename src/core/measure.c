/* measure.c - amounts of a drug in thousandths of their unit, the units
 * doses are written in, and vital signs with their plausible ranges
 * (measure.h). Numbers are read digit by digit, never through strtod, so
 * "1e3", " 4", "0x10" or a locale's decimal comma are refused rather than
 * read as something else. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "scale_internal.h"
#include "vigil/measure.h"

#define DIGITS "0123456789"

/* A number as written: an optional '-', digits, and optionally '.' and
 * more digits. */
struct number {
	bool negative;
	const char *whole; /* its digits */
	size_t nwhole;
	const char *frac;  /* after the point, or NULL */
	size_t nfrac;
	bool ok;           /* the whole text is of that shape */
};

static struct number split_number(const char *text)
{
	struct number n = { 0 };
	const char *s = text;
	n.negative = *s == '-';
	if (n.negative)
		s++;
	n.whole = s;
	n.nwhole = strspn(s, DIGITS);
	s += n.nwhole;
	if (*s == '.') {
		n.frac = s + 1;
		n.nfrac = strspn(n.frac, DIGITS);
		s = n.frac + n.nfrac;
	}
	n.ok = n.nwhole > 0 && (!n.frac || n.nfrac > 0) && *s == '\0';
	return n;
}

/* The whole part's value, or limit + 1 when it is larger than limit. */
static int64_t whole_value(const struct number *n, int64_t limit)
{
	int64_t v = 0;
	for (size_t i = 0; i < n->nwhole; i++) {
		v = v * 10 + (n->whole[i] - '0');
		if (v > limit)
			return limit + 1;
	}
	return v;
}

/* ---- amounts ------------------------------------------------------------ */

vigil_status vigil_amount_parse(const char *text, int64_t *milli, vigil_error *err)
{
	char b[48];
	const char *s = text ? text : "";
	if (!*s)
		return vigil_fail(err, VIGIL_EINVAL, "missing amount (use digits, like 4 or 0.5)");
	struct number n = split_number(s);
	if (!n.ok) {
		/* ".5" is read as 5 once the point is lost: ask for the zero. */
		if (!n.negative && n.nwhole == 0 && n.frac && n.nfrac > 0 && !n.frac[n.nfrac])
			return vigil_fail(err, VIGIL_EINVAL, "'%s' needs a leading zero (0%s)",
			                  vigil_shown(s, b, sizeof b), s);
		return vigil_fail(err, VIGIL_EINVAL, "'%s' is not an amount (use digits, like 4 or 0.5)",
		                  vigil_shown(s, b, sizeof b));
	}
	if (n.nfrac > 3)
		return vigil_fail(err, VIGIL_EINVAL, "'%s' has more than 3 decimals",
		                  vigil_shown(s, b, sizeof b));
	int64_t v = whole_value(&n, VIGIL_AMOUNT_LIMIT) * 1000;
	for (size_t i = 0, scale = 100; i < n.nfrac; i++, scale /= 10)
		v += (int64_t)(n.frac[i] - '0') * (int64_t)scale;
	if (n.negative || v == 0)
		return vigil_fail(err, VIGIL_EINVAL, "'%s' is not an amount above zero",
		                  vigil_shown(s, b, sizeof b));
	if (v > VIGIL_AMOUNT_MILLI_LIMIT)
		return vigil_fail(err, VIGIL_EINVAL, "'%s' is more than %d", vigil_shown(s, b, sizeof b),
		                  VIGIL_AMOUNT_LIMIT);
	*milli = v;
	return VIGIL_OK;
}

void vigil_amount_format(int64_t milli, char *buf, size_t size)
{
	if (!buf || size == 0)
		return;
	uint64_t m = milli < 0 ? (uint64_t)0 - (uint64_t)milli : (uint64_t)milli;
	const char *sign = milli < 0 ? "-" : "";
	unsigned long long whole = m / 1000;
	unsigned frac = (unsigned)(m % 1000);
	if (frac == 0) {
		snprintf(buf, size, "%s%llu", sign, whole);
		return;
	}
	char digits[8];
	snprintf(digits, sizeof digits, "%03u", frac);
	for (size_t len = strlen(digits); len > 1 && digits[len - 1] == '0'; len--)
		digits[len - 1] = '\0';
	snprintf(buf, size, "%s%llu.%s", sign, whole, digits);
}

/* The units, and how many micrograms one of each is (0: not a mass). */
static const struct unit {
	const char *name;
	int64_t mcg;
} units[] = {
	{ "mg", 1000 },
	{ "mcg", 1 },
	{ "g", 1000000 },
	{ "mL", 0 },
};
#define NUNITS (sizeof units / sizeof units[0])

static const struct unit *unit_find(const char *text)
{
	for (size_t i = 0; text && i < NUNITS; i++)
		if (!strcasecmp(text, units[i].name))
			return &units[i];
	return NULL;
}

vigil_status vigil_amount_unit_parse(const char *text, const char **canonical,
                                     vigil_error *err)
{
	char b[48];
	if (!text || !*text)
		return vigil_fail(err, VIGIL_EINVAL, "missing unit (use mg, mcg, g or mL)");
	const struct unit *u = unit_find(text);
	if (u) {
		*canonical = u->name;
		return VIGIL_OK;
	}
	/* The micro sign (U+00B5) or the Greek mu (U+03BC), or its stand-in u. */
	if (!strcasecmp(text, "ug") || !strcasecmp(text, "\xC2\xB5g") ||
	    !strcasecmp(text, "\xCE\xBCg")) {
		vigil_shown(text, b, sizeof b);
		return vigil_fail(err, VIGIL_EINVAL, "'%s' is not a unit: write mcg (%s is misread as mg)",
		                  b, b);
	}
	return vigil_fail(err, VIGIL_EINVAL, "'%s' is not a unit (use mg, mcg, g or mL)",
	                  vigil_shown(text, b, sizeof b));
}

bool vigil_amount_convert(int64_t milli, const char *from_unit, const char *to_unit,
                          int64_t *out)
{
	const struct unit *from = unit_find(from_unit), *to = unit_find(to_unit);
	if (!from || !to)
		return false;
	if (from == to) {
		*out = milli;
		return true;
	}
	if (from->mcg == 0 || to->mcg == 0)
		return false;
	/* Every factor is a power of 1000, so one divides the other. */
	if (from->mcg >= to->mcg) {
		int64_t k = from->mcg / to->mcg;
		if (milli > INT64_MAX / k || milli < INT64_MIN / k)
			return false;
		*out = milli * k;
	} else {
		int64_t k = to->mcg / from->mcg;
		if (milli % k != 0)
			return false;
		*out = milli / k;
	}
	return true;
}

/* ---- vital signs ---------------------------------------------------------- */

static const struct vital_info {
	const char *key, *label;
	int lo, hi;
} vitals[VIGIL_VITAL_COUNT] = {
	[VIGIL_VITAL_HR] = { "hr", "heart rate", 20, 250 },
	[VIGIL_VITAL_SYS] = { "sys", "systolic", 50, 300 },
	[VIGIL_VITAL_DIA] = { "dia", "diastolic", 20, 200 },
	[VIGIL_VITAL_TEMP] = { "temp", "temperature", 300, 450 },
	[VIGIL_VITAL_RR] = { "rr", "respiratory rate", 4, 80 },
	[VIGIL_VITAL_SPO2] = { "spo2", "SpO2", 50, 100 },
};

static bool known(vigil_vital v)
{
	return (unsigned)v < VIGIL_VITAL_COUNT;
}

const char *vigil_vital_key(vigil_vital v)
{
	return known(v) ? vitals[v].key : "";
}

const char *vigil_vital_label(vigil_vital v)
{
	return known(v) ? vitals[v].label : "";
}

vigil_status vigil_vital_key_parse(const char *text, vigil_vital *out, vigil_error *err)
{
	char b[48];
	if (!text || !*text)
		return vigil_fail(err, VIGIL_EINVAL,
		                  "missing vital sign (use hr, sys, dia, temp, rr or spo2)");
	for (int i = 0; i < VIGIL_VITAL_COUNT; i++) {
		if (!strcasecmp(text, vitals[i].key)) {
			*out = (vigil_vital)i;
			return VIGIL_OK;
		}
	}
	return vigil_fail(err, VIGIL_EINVAL,
	                  "unknown vital sign '%s' (use hr, sys, dia, temp, rr or spo2)",
	                  vigil_shown(text, b, sizeof b));
}

void vigil_vital_range(vigil_vital v, int *lo, int *hi)
{
	*lo = known(v) ? vitals[v].lo : 0;
	*hi = known(v) ? vitals[v].hi : 0;
}

vigil_status vigil_vital_value_parse(vigil_vital v, const char *text, int *out,
                                     vigil_error *err)
{
	char b[48];
	if (!known(v))
		return vigil_fail(err, VIGIL_EINVAL, "unknown vital sign");
	const struct vital_info *info = &vitals[v];
	bool tenths = v == VIGIL_VITAL_TEMP;
	const char *s = text ? text : "";
	if (!*s)
		return vigil_fail(err, VIGIL_EINVAL, "%s: missing value", info->label);
	struct number n = split_number(s);
	if (!n.ok || (n.frac && !tenths))
		return vigil_fail(err, VIGIL_EINVAL, "%s: '%s' is not a %s", info->label,
		                  vigil_shown(s, b, sizeof b), tenths ? "number" : "whole number");
	if (n.nfrac > 1)
		return vigil_fail(err, VIGIL_EINVAL, "%s: '%s' has more than one decimal", info->label,
		                  vigil_shown(s, b, sizeof b));
	/* Anything past 100000 is out of range whatever it is. */
	int64_t value = whole_value(&n, 100000);
	if (tenths)
		value = value * 10 + (n.nfrac ? n.frac[0] - '0' : 0);
	if (n.negative)
		value = -value;
	if (value < info->lo || value > info->hi) {
		char lo[VIGIL_VITAL_TEXT_MAX], hi[VIGIL_VITAL_TEXT_MAX];
		vigil_vital_value_format(v, info->lo, lo, sizeof lo);
		vigil_vital_value_format(v, info->hi, hi, sizeof hi);
		return vigil_fail(err, VIGIL_EINVAL, "%s: %s is not plausible (%s-%s)", info->label,
		                  vigil_shown(s, b, sizeof b), lo, hi);
	}
	*out = (int)value;
	return VIGIL_OK;
}

void vigil_vital_value_format(vigil_vital v, int value, char *buf, size_t size)
{
	if (!buf || size == 0)
		return;
	if (v != VIGIL_VITAL_TEMP) {
		snprintf(buf, size, "%d", value);
		return;
	}
	long long a = value < 0 ? -(long long)value : value;
	snprintf(buf, size, "%s%lld.%lld", value < 0 ? "-" : "", a / 10, a % 10);
}
