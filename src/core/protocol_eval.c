/* protocol_eval.c - what a protocol says after a patient's assessments:
 * the interval to the next one, why, and the warnings that fire. Pure
 * functions of the protocol and the history, so every rule is testable
 * without a database. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "protocol_internal.h"
#include "scale_internal.h"
#include "vigil/measure.h"
#include "vigil/protocol.h"

#define MAX_DURATION (30LL * 24 * 3600)

static const char *const why_names[VIGIL_NOT_DONE_COUNT] = { "asleep", "refused", "off-ward",
	                                                     "other" };

const char *vigil_not_done_why_name(vigil_not_done_why why)
{
	return why < VIGIL_NOT_DONE_COUNT ? why_names[why] : "unknown";
}

vigil_status vigil_not_done_why_parse(const char *text, vigil_not_done_why *out,
                                      vigil_error *err)
{
	for (int i = 0; i < VIGIL_NOT_DONE_COUNT; i++) {
		if (text && !strcasecmp(text, why_names[i])) {
			*out = (vigil_not_done_why)i;
			return VIGIL_OK;
		}
	}
	char b[48];
	return vigil_fail(err, VIGIL_EINVAL,
	                  "'%s' is not a reason for not done (use asleep, refused, off-ward or other)",
	                  vigil_shown(text ? text : "", b, sizeof b));
}

vigil_status vigil_duration_parse(const char *text, int64_t *out, vigil_error *err)
{
	char b[48];
	const char *s = text ? text : "";
	long long total = 0;
	bool any = false;
	while (*s) {
		if (*s < '0' || *s > '9')
			goto bad;
		long long n = 0;
		for (; *s >= '0' && *s <= '9'; s++) {
			n = n * 10 + (*s - '0');
			if (n > MAX_DURATION)
				goto bad;
		}
		long long unit;
		if (!strncmp(s, "min", 3))
			unit = 60, s += 3;
		else if (*s == 'm')
			unit = 60, s++;
		else if (*s == 'h')
			unit = 3600, s++;
		else if (*s == 'd')
			unit = 86400, s++;
		else
			goto bad;
		total += n * unit;
		if (total > MAX_DURATION)
			return vigil_fail(err, VIGIL_EINVAL, "'%s' is longer than 30 days",
			                  vigil_shown(text, b, sizeof b));
		any = true;
	}
	if (!any || total == 0)
		goto bad;
	*out = total;
	return VIGIL_OK;
bad:
	return vigil_fail(err, VIGIL_EINVAL, "'%s' is not a length of time (use e.g. 30m, 4h, "
	                                     "1h30m or 2d)", vigil_shown(text ? text : "", b, sizeof b));
}

void vigil_every_words(int64_t seconds, char *buf, size_t size)
{
	if (seconds == 3600)
		snprintf(buf, size, "hourly");
	else if (seconds == 86400)
		snprintf(buf, size, "daily");
	else if (seconds % 3600 == 0)
		snprintf(buf, size, "%lld-hourly", (long long)(seconds / 3600));
	else if (seconds < 3600)
		snprintf(buf, size, "every %lld min", (long long)(seconds / 60));
	else {
		/* Every unit that is not zero, so 25h30m is "every 1d 1h 30m". */
		long long d = seconds / 86400, h = seconds % 86400 / 3600, m = seconds % 3600 / 60;
		size_t n = (size_t)snprintf(buf, size, "every");
		if (d && n < size)
			n += (size_t)snprintf(buf + n, size - n, " %lldd", d);
		if (h && n < size)
			n += (size_t)snprintf(buf + n, size - n, " %lldh", h);
		if (m && n < size)
			snprintf(buf + n, size - n, " %lldm", m);
	}
}

int64_t vigil_protocol_start_interval(const vigil_protocol *p)
{
	for (size_t i = 0; i < p->nintervals; i++)
		if (p->intervals[i].in_a_row == 0 && p->intervals[i].lo == 0)
			return p->intervals[i].every;
	return p->nintervals ? p->intervals[0].every : 0;
}

int64_t vigil_protocol_after_dose(const vigil_protocol *p, const char *drug)
{
	int64_t any = 3600;
	for (size_t i = 0; i < p->ndose; i++) {
		if (!p->dose[i].drug)
			any = p->dose[i].after;
		else if (drug && !strcasecmp(p->dose[i].drug, drug))
			return p->dose[i].after;
	}
	return any;
}

/* ---- intervals --------------------------------------------------------- */

static bool all_in(const vigil_assessment *const *hist, size_t n, int count, int lo, int hi)
{
	if ((size_t)count > n)
		return false;
	for (int i = 0; i < count; i++)
		if (hist[i]->total < lo || hist[i]->total > hi)
			return false;
	return true;
}

/* The step-down that applies with the longest run, else the base rule. */
static const vigil_interval_rule *interval_for(const vigil_protocol *p,
                                               const vigil_assessment *const *hist, size_t n)
{
	const vigil_interval_rule *base = NULL, *step = NULL;
	int total = hist[0]->total;
	for (size_t i = 0; i < p->nintervals; i++) {
		const vigil_interval_rule *r = &p->intervals[i];
		if (r->in_a_row == 0) {
			if (total >= r->lo && total <= r->hi)
				base = r;
		} else if (all_in(hist, n, r->in_a_row, r->lo, r->hi) &&
		           (!step || r->in_a_row > step->in_a_row)) {
			step = r;
		}
	}
	return step ? step : base;
}

/* ---- warnings ---------------------------------------------------------- */

struct hit {
	const char *item;
	int score, value;
};

/* Does assessment a meet rule w? *hit says what met it. */
static bool meets(const vigil_warn_rule *w, const vigil_assessment *a, struct hit *hit)
{
	if (w->kind == VIGIL_SUBJECT_TOTAL) {
		hit->item = "total", hit->score = hit->value = a->total;
		return a->total >= w->lo && a->total <= w->hi;
	}
	for (size_t s = 0; s < w->nsubjects; s++) {
		for (size_t i = 0; i < a->nitems; i++) {
			const vigil_item_value *v = &a->items[i];
			if (w->kind == VIGIL_SUBJECT_ITEM) {
				if (strcasecmp(v->key, w->subjects[s]) != 0)
					continue;
				if (v->score >= w->lo && v->score <= w->hi) {
					*hit = (struct hit){ w->subjects[s], v->score, v->has_raw ? v->raw : v->score };
					return true;
				}
			}
		}
	}
	return false;
}

/* The item whose measure is the subject: matched by the caller's scale. */
static bool meets_measure(const vigil_warn_rule *w, const vigil_scale *scale,
                          const vigil_assessment *a, struct hit *hit)
{
	for (size_t s = 0; s < w->nsubjects; s++) {
		const vigil_item *item = vigil_scale_raw_item(scale, w->subjects[s], NULL);
		if (!item)
			continue;
		for (size_t i = 0; i < a->nitems; i++) {
			const vigil_item_value *v = &a->items[i];
			if (strcasecmp(v->key, item->key) != 0 || !v->has_raw)
				continue;
			if (v->raw >= w->lo && v->raw <= w->hi) {
				*hit = (struct hit){ w->subjects[s], v->score, v->raw };
				return true;
			}
		}
	}
	return false;
}

static bool meets_any(const vigil_warn_rule *w, const vigil_scale *scale,
                      const vigil_assessment *a, struct hit *hit)
{
	if (w->kind == VIGIL_SUBJECT_MEASURE)
		return meets_measure(w, scale, a, hit);
	return meets(w, a, hit);
}

static bool fires(const vigil_warn_rule *w, const vigil_scale *scale,
                  const vigil_assessment *const *hist, size_t n, struct hit *hit)
{
	if (!meets_any(w, scale, hist[0], hit))
		return false;
	struct hit other;
	if (w->in_a_row > 1) {
		if ((size_t)w->in_a_row > n)
			return false;
		for (int i = 1; i < w->in_a_row; i++)
			if (!meets_any(w, scale, hist[i], &other))
				return false;
	}
	if (w->for_seconds > 0) {
		/* Every assessment back to one at least for_seconds before the
		 * latest meets it. */
		for (size_t i = 1; i < n; i++) {
			if (!meets_any(w, scale, hist[i], &other))
				return false;
			if (hist[0]->performed_at - hist[i]->performed_at >= w->for_seconds)
				return true;
		}
		return false;
	}
	return true;
}

bool vigil_protocol_span_continues(const vigil_protocol *p, const vigil_scale *scale,
                                   const vigil_assessment *a)
{
	struct hit hit;
	for (size_t i = 0; i < p->nwarns; i++)
		if (p->warns[i].for_seconds > 0 && meets_any(&p->warns[i], scale, a, &hit))
			return true;
	return false;
}

static void format_message(const char *msg, const vigil_assessment *a, const struct hit *hit,
                           char *out, size_t size)
{
	size_t n = 0;
	out[0] = '\0';
	for (const char *c = msg; *c && n + 1 < size;) {
		char num[24];
		const char *put = NULL;
		size_t skip = 1;
		if (!strncmp(c, "{total}", 7))
			snprintf(num, sizeof num, "%d", a->total), put = num, skip = 7;
		else if (!strncmp(c, "{item}", 6))
			put = hit->item, skip = 6;
		else if (!strncmp(c, "{score}", 7))
			snprintf(num, sizeof num, "%d", hit->score), put = num, skip = 7;
		else if (!strncmp(c, "{value}", 7))
			snprintf(num, sizeof num, "%d", hit->value), put = num, skip = 7;
		if (put) {
			n += (size_t)snprintf(out + n, size - n, "%s", put);
			if (n >= size)
				n = size - 1;
		} else {
			out[n++] = *c;
			out[n] = '\0';
		}
		c += skip;
	}
	/* Never end inside a character: drop a lead byte left without its
	 * continuation bytes. */
	size_t len = strlen(out), start = len;
	while (start > 0 && ((unsigned char)out[start - 1] & 0xC0) == 0x80)
		start--;
	if (start > 0 && ((unsigned char)out[start - 1] & 0xC0) == 0xC0) {
		unsigned char lead = (unsigned char)out[start - 1];
		size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
		if (len - (start - 1) < need)
			out[start - 1] = '\0';
	}
}

void vigil_protocol_evaluate(const vigil_protocol *p, const vigil_scale *scale,
                             const vigil_assessment *const *hist, size_t n,
                             vigil_protocol_result *out)
{
	memset(out, 0, sizeof *out);
	if (n == 0)
		return;
	const vigil_assessment *last = hist[0];
	const vigil_interval_rule *r = interval_for(p, hist, n);
	char words[40];
	if (r) {
		out->rule = r;
		out->every = r->every;
		vigil_every_words(r->every, words, sizeof words);
		const char *name = scale ? scale->name : last->scale;
		const char *sep = *last->band ? " " : "";
		/* The band as a person reads it ("no active withdrawal"), not its key. */
		char band[VIGIL_BAND_WORDS_MAX] = "";
		if (*last->band)
			vigil_scale_band_words(scale, last->band, band, sizeof band);
		int len;
		if (r->in_a_row)
			len = snprintf(out->why, sizeof out->why, "%s %d%s%s, %d in a row at %d-%d: %s",
			               name, last->total, sep, band, r->in_a_row, r->lo, r->hi, words);
		else
			len = snprintf(out->why, sizeof out->why, "%s %d%s%s: %s", name, last->total,
			               sep, band, words);
		/* A scale's names and labels are short (vigil-scale(5)); were they
		 * not, the words would be cut at the end, never overrun. */
		if (len < 0 || (size_t)len >= sizeof out->why)
			out->why[sizeof out->why - 1] = '\0';
	}
	for (size_t i = 0; i < p->nwarns && out->nwarnings < VIGIL_WARNINGS_MAX; i++) {
		struct hit hit;
		if (!fires(&p->warns[i], scale, hist, n, &hit))
			continue;
		vigil_warning *w = &out->warnings[out->nwarnings++];
		format_message(p->warns[i].message, last, &hit, w->text, sizeof w->text);
		w->rule_line = p->warns[i].line;
	}
}

/* ---- decision support -------------------------------------------------- */

const vigil_dose_range *vigil_protocol_dose_range(const vigil_protocol *p, int total)
{
	for (size_t i = 0; p && i < p->ndose_ranges; i++)
		if (total >= p->dose_ranges[i].lo && total <= p->dose_ranges[i].hi)
			return &p->dose_ranges[i];
	return NULL;
}

/* Appends to buf (holding n bytes of text) what fmt says; once the buffer
 * is full it stays full, cut and NUL-terminated. */
static size_t append(char *buf, size_t size, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static size_t append(char *buf, size_t size, size_t n, const char *fmt, ...)
{
	if (n + 1 >= size)
		return n;
	va_list ap;
	va_start(ap, fmt);
	int w = vsnprintf(buf + n, size - n, fmt, ap);
	va_end(ap);
	if (w < 0)
		return n;
	n += (size_t)w;
	return n < size ? n : size - 1;
}

void vigil_protocol_dose_range_words(const vigil_protocol *p, const vigil_scale *scale,
                                     const vigil_dose_range *r, char *buf, size_t size)
{
	if (!buf || size == 0)
		return;
	buf[0] = '\0';
	if (!r)
		return;
	const char *name = scale ? scale->name : p ? p->scale : "";
	size_t n = r->lo == r->hi ? append(buf, size, 0, "%s %d:", name, r->lo)
	                          : append(buf, size, 0, "%s %d-%d:", name, r->lo, r->hi);
	for (size_t i = 0; i < r->noptions; i++) {
		const vigil_dose_option *o = &r->options[i];
		char min[VIGIL_AMOUNT_TEXT_MAX], max[VIGIL_AMOUNT_TEXT_MAX];
		vigil_amount_format(o->min, min, sizeof min);
		vigil_amount_format(o->max, max, sizeof max);
		n = append(buf, size, n, "%s %s %s", i ? " or" : "", o->drug, min);
		if (o->max != o->min)
			n = append(buf, size, n, "-%s", max);
		n = append(buf, size, n, " %s", o->unit);
	}
}

const vigil_dose_cap *vigil_protocol_dose_cap(const vigil_protocol *p, const char *drug)
{
	for (size_t i = 0; p && drug && i < p->ndose_caps; i++)
		if (!strcasecmp(p->dose_caps[i].drug, drug))
			return &p->dose_caps[i];
	return NULL;
}

bool vigil_protocol_has_readiness(const vigil_protocol *p)
{
	return p && (p->ready_total_line != 0 || p->nready_after > 0);
}

int vigil_protocol_ready_total(const vigil_protocol *p)
{
	return p && p->ready_total_line ? p->ready_total : -1;
}

const vigil_ready_after *vigil_protocol_ready_after(const vigil_protocol *p, const char *kind)
{
	for (size_t i = 0; p && kind && i < p->nready_after; i++)
		if (!strcasecmp(p->ready_after[i].kind, kind))
			return &p->ready_after[i];
	return NULL;
}

const char *vigil_vital_op_name(vigil_vital_op op)
{
	switch (op) {
	case VIGIL_VITAL_LT: return "<";
	case VIGIL_VITAL_LE: return "<=";
	case VIGIL_VITAL_GT: return ">";
	case VIGIL_VITAL_GE: return ">=";
	}
	return "?";
}

void protocol_vital_limit_words(const vigil_vital_limit *l, char *buf, size_t size)
{
	char value[VIGIL_VITAL_TEXT_MAX];
	vigil_vital_value_format(l->vital, l->value, value, sizeof value);
	snprintf(buf, size, "%s %s %s", vigil_vital_key(l->vital), vigil_vital_op_name(l->op), value);
}

static bool limit_flags(const vigil_vital_limit *l, int value)
{
	switch (l->op) {
	case VIGIL_VITAL_LT: return value < l->value;
	case VIGIL_VITAL_LE: return value <= l->value;
	case VIGIL_VITAL_GT: return value > l->value;
	case VIGIL_VITAL_GE: return value >= l->value;
	}
	return false;
}

bool vigil_protocol_vital_flag(const vigil_protocol *p, vigil_vital v, int value, char *why,
                               size_t size)
{
	if (why && size)
		why[0] = '\0';
	for (size_t i = 0; p && i < p->nvital_limits; i++) {
		const vigil_vital_limit *l = &p->vital_limits[i];
		if (l->vital != v || !limit_flags(l, value))
			continue;
		if (why && size) {
			char shown_value[VIGIL_VITAL_TEXT_MAX], limit[VIGIL_VITAL_TEXT_MAX];
			vigil_vital_value_format(v, value, shown_value, sizeof shown_value);
			vigil_vital_value_format(v, l->value, limit, sizeof limit);
			snprintf(why, size, "%s %s %s %s", vigil_vital_key(v), shown_value,
			         vigil_vital_op_name(l->op), limit);
		}
		return true;
	}
	return false;
}
