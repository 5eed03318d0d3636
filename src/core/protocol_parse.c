/* protocol_parse.c - reading one protocol file (format in
 * vigil-protocol(5)) and checking it against its scale. Anything doubtful
 * is refused with "source:line: reason": a protocol that loads wrong
 * would let a severe score go unchecked. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "protocol_internal.h"
#include "scale_internal.h"
#include "words.h"
#include "vigil/measure.h"
#include "vigil/protocol.h"
#include "vigil/text.h"

#define NAME_CHARS 100
#define MESSAGE_CHARS 120
#define LABEL_CHARS 40
#define DRUG_CHARS 40
#define KIND_CHARS 40
#define TOTAL_LIMIT 999999
#define IN_A_ROW_MAX 50
#define DAY (24 * 3600)

/* The protocol and everything it points into. pub comes first so that
 * vigil_protocol_free can get back to the box. */
struct protocol_box {
	vigil_protocol pub;
	char *lines;  /* the file, split in place */
	char *text;   /* the file as given */
	char *source;
	char *origin;
};

struct parser {
	const char *source;
	int line;
	vigil_error *err;
	vigil_protocol *p;
	int protocol_line, grace_line, name_line;
	int not_done_line[VIGIL_NOT_DONE_COUNT];
	bool skip_unknown; /* a scale not in the set: no protocol, no error */
	bool unknown;
};

static vigil_status perr(struct parser *ps, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static vigil_status perr(struct parser *ps, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return vigil_fail(ps->err, VIGIL_EINVAL, "%s:%d: %s", ps->source, ps->line, msg);
}

/* ---- words ------------------------------------------------------------- */

static const char *shown(const char *text, char *buf, size_t size)
{
	return vigil_shown(text, buf, size);
}

static vigil_status no_more(struct parser *ps, char **s, const char *after)
{
	char *tok = words_next(s);
	char b[48];
	if (tok)
		return perr(ps, "unexpected '%s' after %s", shown(tok, b, sizeof b), after);
	return VIGIL_OK;
}

static bool parse_long(const char *tok, long lo, long hi, long *out)
{
	const char *d = tok[0] == '-' ? tok + 1 : tok;
	if (!*d || strspn(d, "0123456789") != strlen(d) || strlen(d) > 9)
		return false;
	errno = 0;
	long v = strtol(tok, NULL, 10);
	if (errno || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

static vigil_status take_int(struct parser *ps, char **s, const char *what, long lo, long hi,
                             int *out)
{
	char *tok = words_next(s);
	char b[48];
	long v;
	if (!tok)
		return perr(ps, "missing %s", what);
	if (!parse_long(tok, lo, hi, &v))
		return perr(ps, "%s '%s' is not a whole number from %ld to %ld", what,
		            shown(tok, b, sizeof b), lo, hi);
	*out = (int)v;
	return VIGIL_OK;
}

/* "LO-HI" or a single number, both within 0..TOTAL_LIMIT. */
static vigil_status take_range(struct parser *ps, char **s, const char *what, int *lo, int *hi)
{
	char *tok = words_next(s);
	char b[48];
	if (!tok)
		return perr(ps, "missing %s (LO-HI)", what);
	char *dash = strchr(tok, '-');
	long l, h;
	bool ok;
	if (dash) {
		*dash = '\0';
		ok = parse_long(tok, 0, TOTAL_LIMIT, &l) && parse_long(dash + 1, 0, TOTAL_LIMIT, &h);
		*dash = '-';
	} else {
		ok = parse_long(tok, 0, TOTAL_LIMIT, &l);
		h = l;
	}
	if (!ok)
		return perr(ps, "%s '%s' is not a range like 13-48", what, shown(tok, b, sizeof b));
	if (l > h)
		return perr(ps, "%s '%s' runs backwards", what, shown(tok, b, sizeof b));
	*lo = (int)l, *hi = (int)h;
	return VIGIL_OK;
}

static vigil_status take_duration(struct parser *ps, char **s, const char *what, int64_t *out)
{
	char *tok = words_next(s);
	vigil_error e;
	if (!tok)
		return perr(ps, "missing %s (like 4h or 30m)", what);
	if (vigil_duration_parse(tok, out, &e) != VIGIL_OK)
		return perr(ps, "%s: %s", what, e.msg);
	return VIGIL_OK;
}

static vigil_status check_text(struct parser *ps, const char *what, const char *text,
                               size_t max)
{
	vigil_error e;
	if (vigil_text_check(what, text, max, true, &e))
		return perr(ps, "%s", e.msg);
	return VIGIL_OK;
}

/* The rest of the line, without leading blanks. */
static char *rest(char **s)
{
	char *t = *s;
	while (words_blank(*t))
		t++;
	*s = t + strlen(t);
	return t;
}

static char *lower(char *tok)
{
	for (char *c = tok; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return tok;
}

/* ---- keywords ---------------------------------------------------------- */

static vigil_status kw_protocol(struct parser *ps, char *args)
{
	if (ps->p->scale)
		return perr(ps, "duplicate 'protocol' line (one protocol a file)");
	char *key = words_next(&args);
	vigil_error e;
	if (!key)
		return perr(ps, "missing scale key after 'protocol'");
	if (vigil_ident_check("scale key", lower(key), VIGIL_SCALE_KEY_MAX - 1, "-_", &e))
		return perr(ps, "%s", e.msg);
	ps->p->scale = key;
	ps->protocol_line = ps->line;
	return no_more(ps, &args, "the scale key");
}

static vigil_status kw_name(struct parser *ps, char *args)
{
	if (ps->name_line)
		return perr(ps, "duplicate 'name' line (first on line %d)", ps->name_line);
	char *text = rest(&args);
	vigil_status st = check_text(ps, "name", text, NAME_CHARS);
	if (st == VIGIL_OK) {
		ps->p->name = text;
		ps->name_line = ps->line;
	}
	return st;
}

/* every LO-HI DURATION [after N in a row] */
static vigil_status kw_every(struct parser *ps, char *args)
{
	vigil_protocol *p = ps->p;
	if (p->nintervals == VIGIL_PROTOCOL_RULES_MAX)
		return perr(ps, "more than %d 'every' lines", VIGIL_PROTOCOL_RULES_MAX);
	vigil_interval_rule r = { .line = ps->line };
	vigil_status st = take_range(ps, &args, "totals", &r.lo, &r.hi);
	if (st == VIGIL_OK)
		st = take_duration(ps, &args, "interval", &r.every);
	if (st != VIGIL_OK)
		return st;
	char *tok = words_next(&args);
	if (tok) {
		char *in = NULL, *a = NULL, *row = NULL;
		if (strcmp(tok, "after") != 0)
			return perr(ps, "expected 'after N in a row' after the interval");
		if ((st = take_int(ps, &args, "count", 2, IN_A_ROW_MAX, &r.in_a_row)) != VIGIL_OK)
			return st;
		in = words_next(&args), a = words_next(&args), row = words_next(&args);
		if (!in || !a || !row || strcmp(in, "in") || strcmp(a, "a") || strcmp(row, "row"))
			return perr(ps, "expected 'after %d in a row'", r.in_a_row);
		if ((st = no_more(ps, &args, "'in a row'")) != VIGIL_OK)
			return st;
	}
	p->intervals[p->nintervals++] = r;
	return VIGIL_OK;
}

/* after-dose [DRUG] DURATION */
static vigil_status kw_after_dose(struct parser *ps, char *args)
{
	vigil_protocol *p = ps->p;
	char *first = words_next(&args), *second = words_next(&args);
	vigil_error e;
	vigil_dose_rule r = { 0 };
	if (!first)
		return perr(ps, "missing interval after 'after-dose' (like 1h)");
	char *dur = second ? second : first;
	if (second) {
		r.drug = lower(first);
		if (vigil_ident_check("drug", r.drug, DRUG_CHARS, "-_/", &e))
			return perr(ps, "%s", e.msg);
	}
	if (vigil_duration_parse(dur, &r.after, &e) != VIGIL_OK)
		return perr(ps, "after-dose: %s", e.msg);
	vigil_status st = no_more(ps, &args, "the interval");
	if (st != VIGIL_OK)
		return st;
	for (size_t i = 0; i < p->ndose; i++) {
		bool same = (!r.drug && !p->dose[i].drug) ||
		            (r.drug && p->dose[i].drug && !strcmp(r.drug, p->dose[i].drug));
		if (same)
			return perr(ps, "a second 'after-dose' line for %s", r.drug ? r.drug : "any drug");
	}
	if (p->ndose == VIGIL_PROTOCOL_DOSE_RULES_MAX)
		return perr(ps, "more than %d 'after-dose' lines", VIGIL_PROTOCOL_DOSE_RULES_MAX);
	p->dose[p->ndose++] = r;
	return VIGIL_OK;
}

/* not-done WHY recheck DURATION | not-done WHY due */
static vigil_status kw_not_done(struct parser *ps, char *args)
{
	char *why_text = words_next(&args), *what = words_next(&args);
	vigil_not_done_why why;
	vigil_error e;
	if (!why_text)
		return perr(ps, "missing reason after 'not-done' (asleep, refused, off-ward, other)");
	if (vigil_not_done_why_parse(why_text, &why, &e) != VIGIL_OK)
		return perr(ps, "%s", e.msg);
	if (ps->not_done_line[why])
		return perr(ps, "a second 'not-done %s' line (first on line %d)",
		            vigil_not_done_why_name(why), ps->not_done_line[why]);
	vigil_not_done_rule r = { 0 };
	vigil_status st;
	if (what && !strcmp(what, "recheck")) {
		r.recheck = true;
		if ((st = take_duration(ps, &args, "recheck", &r.after)) != VIGIL_OK)
			return st;
	} else if (!what || strcmp(what, "due") != 0) {
		return perr(ps, "expected 'recheck DURATION' or 'due' after 'not-done %s'",
		            vigil_not_done_why_name(why));
	}
	if ((st = no_more(ps, &args, r.recheck ? "the recheck time" : "'due'")) != VIGIL_OK)
		return st;
	ps->p->not_done[why] = r;
	ps->not_done_line[why] = ps->line;
	return VIGIL_OK;
}

static vigil_status kw_grace(struct parser *ps, char *args)
{
	if (ps->grace_line)
		return perr(ps, "duplicate 'grace' line (first on line %d)", ps->grace_line);
	char *tok = words_next(&args);
	vigil_status st;
	if (tok && !strcmp(tok, "0")) {
		ps->p->grace = 0;
	} else {
		vigil_error e;
		if (!tok)
			return perr(ps, "missing time after 'grace' (like 15m, or 0)");
		if (vigil_duration_parse(tok, &ps->p->grace, &e) != VIGIL_OK)
			return perr(ps, "grace: %s", e.msg);
		if (ps->p->grace > DAY)
			return perr(ps, "grace: %s is more than a day", tok);
	}
	if ((st = no_more(ps, &args, "the grace time")) == VIGIL_OK)
		ps->grace_line = ps->line;
	return st;
}

/* The test of a warning: ">= N", "> N", "<= N", "< N", "= N" or "LO-HI". */
static vigil_status take_test(struct parser *ps, char **s, vigil_warn_rule *w)
{
	char *op = words_next(s);
	char b[48];
	if (!op)
		return perr(ps, "missing test (like >= 19, or 20-39)");
	if (isdigit((unsigned char)op[0])) {
		char *again = op;
		return take_range(ps, &again, "values", &w->lo, &w->hi);
	}
	int n;
	vigil_status st = take_int(ps, s, "value", 0, TOTAL_LIMIT, &n);
	if (st != VIGIL_OK)
		return st;
	w->lo = 0, w->hi = INT_MAX;
	if (!strcmp(op, ">="))
		w->lo = n;
	else if (!strcmp(op, ">"))
		w->lo = n + 1;
	else if (!strcmp(op, "<="))
		w->hi = n;
	else if (!strcmp(op, "<") && n > 0)
		w->hi = n - 1;
	else if (!strcmp(op, "="))
		w->lo = w->hi = n;
	else
		return perr(ps, "'%s %d' is not a test (use >=, >, <=, <, = or LO-HI)",
		            shown(op, b, sizeof b), n);
	return VIGIL_OK;
}

/* "for N in a row" or "for DURATION" */
static vigil_status take_lookback(struct parser *ps, char **s, vigil_warn_rule *w)
{
	char *tok = words_next(s);
	if (!tok)
		return VIGIL_OK;
	if (strcmp(tok, "for") != 0)
		return perr(ps, "expected ':' or 'for' after the test");
	char *what = words_next(s);
	vigil_error e;
	if (!what)
		return perr(ps, "missing 'N in a row' or a time after 'for'");
	long n;
	if (parse_long(what, 2, IN_A_ROW_MAX, &n)) {
		char *in = words_next(s), *a = words_next(s), *row = words_next(s);
		if (!in || !a || !row || strcmp(in, "in") || strcmp(a, "a") || strcmp(row, "row"))
			return perr(ps, "expected 'for %ld in a row'", n);
		w->in_a_row = (int)n;
	} else if (vigil_duration_parse(what, &w->for_seconds, &e) != VIGIL_OK) {
		return perr(ps, "for: %s (or use 'for N in a row', N from 2 to %d)", e.msg,
		            IN_A_ROW_MAX);
	}
	return no_more(ps, s, "the look-back");
}

/* Placeholders a message may hold. */
static vigil_status check_message(struct parser *ps, const char *msg)
{
	static const char *const names[] = { "{total}", "{item}", "{score}", "{value}" };
	for (const char *c = strchr(msg, '{'); c; c = strchr(c + 1, '{')) {
		bool known = false;
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
			known |= !strncmp(c, names[i], strlen(names[i]));
		if (!known)
			return perr(ps, "unknown placeholder in the message (use {total}, {item}, "
			                "{score} or {value})");
	}
	return check_text(ps, "message", msg, MESSAGE_CHARS);
}

/* warn SUBJECT[,SUBJECT...] TEST [for ...]: MESSAGE */
static vigil_status kw_warn(struct parser *ps, char *args)
{
	vigil_protocol *p = ps->p;
	if (p->nwarns == VIGIL_PROTOCOL_WARNS_MAX)
		return perr(ps, "more than %d 'warn' lines", VIGIL_PROTOCOL_WARNS_MAX);
	char *colon = strchr(args, ':');
	if (!colon)
		return perr(ps, "missing ':' between the condition and the message");
	*colon = '\0';
	char *message = colon + 1;
	while (words_blank(*message))
		message++;
	vigil_warn_rule w = { .line = ps->line, .in_a_row = 1, .message = message };
	char *subjects = words_next(&args);
	if (!subjects)
		return perr(ps, "missing what to test (total, an item or a measure)");
	for (char *save = NULL, *sub = strtok_r(lower(subjects), ",", &save); sub;
	     sub = strtok_r(NULL, ",", &save)) {
		if (w.nsubjects == VIGIL_WARN_SUBJECTS_MAX)
			return perr(ps, "more than %d subjects", VIGIL_WARN_SUBJECTS_MAX);
		w.subjects[w.nsubjects++] = sub;
	}
	if (w.nsubjects == 0)
		return perr(ps, "missing what to test (total, an item or a measure)");
	w.kind = !strcmp(w.subjects[0], "total") ? VIGIL_SUBJECT_TOTAL : VIGIL_SUBJECT_ITEM;
	if (w.kind == VIGIL_SUBJECT_TOTAL && w.nsubjects > 1)
		return perr(ps, "'total' cannot be listed with items");
	vigil_status st = take_test(ps, &args, &w);
	if (st == VIGIL_OK)
		st = take_lookback(ps, &args, &w);
	if (st == VIGIL_OK)
		st = check_message(ps, message);
	if (st == VIGIL_OK)
		p->warns[p->nwarns++] = w;
	return st;
}

/* line TOTAL LABEL */
static vigil_status kw_line(struct parser *ps, char *args)
{
	vigil_protocol *p = ps->p;
	if (p->nchart_lines == VIGIL_PROTOCOL_LINES_MAX)
		return perr(ps, "more than %d 'line' lines", VIGIL_PROTOCOL_LINES_MAX);
	vigil_decision_line l = { .line = ps->line };
	vigil_status st = take_int(ps, &args, "total", 0, TOTAL_LIMIT, &l.total);
	if (st != VIGIL_OK)
		return st;
	l.label = rest(&args);
	if ((st = check_text(ps, "line label", l.label, LABEL_CHARS)) != VIGIL_OK)
		return st;
	for (size_t i = 0; i < p->nchart_lines; i++)
		if (p->chart_lines[i].total == l.total)
			return perr(ps, "a second line at %d", l.total);
	p->chart_lines[p->nchart_lines++] = l;
	return VIGIL_OK;
}

/* ---- decision support -------------------------------------------------- */

/* A drug key: lower case letters, digits and '-'. */
static vigil_status take_drug(struct parser *ps, char **s, const char *after,
                              const char *example, const char **out)
{
	char *tok = words_next(s);
	vigil_error e;
	char b[48];
	if (!tok)
		return perr(ps, "missing drug after %s (like %s)", after, example);
	if (!isalpha((unsigned char)tok[0]))
		return perr(ps, "expected a drug after %s, not '%s' (like %s)", after,
		            shown(tok, b, sizeof b), example);
	if (vigil_ident_check("drug", lower(tok), DRUG_CHARS, "-", &e))
		return perr(ps, "%s", e.msg);
	*out = tok;
	return VIGIL_OK;
}

static vigil_status take_unit(struct parser *ps, char **s, const char *what, const char **out)
{
	char *tok = words_next(s);
	vigil_error e;
	if (!tok)
		return perr(ps, "missing unit after %s (mg, mcg, g or mL)", what);
	if (vigil_amount_unit_parse(tok, out, &e) != VIGIL_OK)
		return perr(ps, "%s: %s", what, e.msg);
	return VIGIL_OK;
}

/* "MIN-MAX" or one amount, for a drug of a dose line. */
static vigil_status take_dose_amounts(struct parser *ps, char **s, const char *drug,
                                      vigil_dose_option *o)
{
	char *tok = words_next(s);
	char b[48];
	vigil_error e;
	if (!tok)
		return perr(ps, "missing dose after %s (like %s 1-2 mg)", drug, drug);
	char *dash = strchr(tok, '-');
	if (dash && (dash == tok || !dash[1]))
		return perr(ps, "%s dose '%s' is not an amount or a range like 1-2", drug,
		            shown(tok, b, sizeof b));
	if (dash)
		*dash = '\0';
	vigil_status st = vigil_amount_parse(tok, &o->min, &e);
	if (st == VIGIL_OK)
		st = dash ? vigil_amount_parse(dash + 1, &o->max, &e) : VIGIL_OK;
	if (dash)
		*dash = '-';
	else
		o->max = o->min;
	if (st != VIGIL_OK)
		return perr(ps, "%s dose: %s", drug, e.msg);
	if (o->min > o->max)
		return perr(ps, "%s dose '%s' runs backwards", drug, shown(tok, b, sizeof b));
	return VIGIL_OK;
}

/* dose LO-HI DRUG MIN-MAX UNIT [or DRUG MIN-MAX UNIT]... */
static vigil_status kw_dose(struct parser *ps, char *args)
{
	vigil_protocol *p = ps->p;
	if (p->ndose_ranges == VIGIL_DOSE_RANGES_MAX)
		return perr(ps, "more than %d 'dose' lines", VIGIL_DOSE_RANGES_MAX);
	vigil_dose_range r = { .line = ps->line };
	vigil_status st = take_range(ps, &args, "totals", &r.lo, &r.hi);
	const char *after = "the totals";
	char b[48];
	while (st == VIGIL_OK) {
		if (r.noptions == VIGIL_DOSE_OPTIONS_MAX)
			return perr(ps, "more than %d drugs in one 'dose' line", VIGIL_DOSE_OPTIONS_MAX);
		vigil_dose_option o = { 0 };
		if ((st = take_drug(ps, &args, after, "lorazepam 1-2 mg", &o.drug)) != VIGIL_OK)
			return st;
		for (size_t i = 0; i < r.noptions; i++)
			if (!strcmp(r.options[i].drug, o.drug))
				return perr(ps, "%s twice in one 'dose' line", o.drug);
		if ((st = take_dose_amounts(ps, &args, o.drug, &o)) != VIGIL_OK)
			return st;
		char what[DRUG_CHARS + 16];
		snprintf(what, sizeof what, "the %s dose", o.drug);
		if ((st = take_unit(ps, &args, what, &o.unit)) != VIGIL_OK)
			return st;
		r.options[r.noptions++] = o;
		char *tok = words_next(&args);
		if (!tok)
			break;
		if (strcmp(tok, "or") != 0)
			return perr(ps, "unexpected '%s' after the %s dose (put 'or' between drugs)",
			            shown(tok, b, sizeof b), o.drug);
		after = "'or'";
	}
	if (st != VIGIL_OK)
		return st;
	for (size_t i = 0; i < p->ndose_ranges; i++) {
		const vigil_dose_range *o = &p->dose_ranges[i];
		if (r.lo <= o->hi && o->lo <= r.hi)
			return perr(ps, "dose totals %d-%d overlap line %d (%d-%d)", r.lo, r.hi, o->line,
			            o->lo, o->hi);
	}
	p->dose_ranges[p->ndose_ranges++] = r;
	return VIGIL_OK;
}

/* max-24h DRUG AMOUNT UNIT */
static vigil_status kw_max_24h(struct parser *ps, char *args)
{
	vigil_protocol *p = ps->p;
	vigil_dose_cap c = { .line = ps->line };
	vigil_error e;
	vigil_status st = take_drug(ps, &args, "'max-24h'", "lorazepam 12 mg", &c.drug);
	if (st != VIGIL_OK)
		return st;
	char *tok = words_next(&args);
	if (!tok)
		return perr(ps, "missing amount after 'max-24h %s' (like 12 mg)", c.drug);
	if (vigil_amount_parse(tok, &c.amount, &e) != VIGIL_OK)
		return perr(ps, "max-24h %s: %s", c.drug, e.msg);
	char what[DRUG_CHARS + 16];
	snprintf(what, sizeof what, "max-24h %s", c.drug);
	if ((st = take_unit(ps, &args, what, &c.unit)) != VIGIL_OK ||
	    (st = no_more(ps, &args, "the unit")) != VIGIL_OK)
		return st;
	for (size_t i = 0; i < p->ndose_caps; i++)
		if (!strcmp(p->dose_caps[i].drug, c.drug))
			return perr(ps, "a second 'max-24h' line for %s (first on line %d)", c.drug,
			            p->dose_caps[i].line);
	if (p->ndose_caps == VIGIL_DOSE_CAPS_MAX)
		return perr(ps, "more than %d 'max-24h' lines", VIGIL_DOSE_CAPS_MAX);
	p->dose_caps[p->ndose_caps++] = c;
	return VIGIL_OK;
}

/* ready total >= N */
static vigil_status ready_total(struct parser *ps, char *args)
{
	vigil_protocol *p = ps->p;
	if (p->ready_total_line)
		return perr(ps, "duplicate 'ready total' line (first on line %d)", p->ready_total_line);
	char *op = words_next(&args);
	if (!op || strcmp(op, ">=") != 0)
		return perr(ps, "expected 'ready total >= N'");
	int n;
	vigil_status st = take_int(ps, &args, "total", 1, TOTAL_LIMIT, &n);
	if (st == VIGIL_OK)
		st = no_more(ps, &args, "the total");
	if (st == VIGIL_OK) {
		p->ready_total = n;
		p->ready_total_line = ps->line;
	}
	return st;
}

/* ready after KIND DURATION */
static vigil_status ready_after(struct parser *ps, char *args)
{
	vigil_protocol *p = ps->p;
	if (p->nready_after == VIGIL_READY_AFTER_MAX)
		return perr(ps, "more than %d 'ready after' lines", VIGIL_READY_AFTER_MAX);
	vigil_ready_after r = { .line = ps->line };
	vigil_error e;
	char *kind = words_next(&args);
	if (!kind || !isalpha((unsigned char)kind[0]))
		return perr(ps, "missing kind after 'ready after' (like short-acting or fentanyl)");
	if (vigil_ident_check("kind", lower(kind), KIND_CHARS, "-", &e))
		return perr(ps, "%s", e.msg);
	r.kind = kind;
	for (size_t i = 0; i < p->nready_after; i++)
		if (!strcmp(p->ready_after[i].kind, kind))
			return perr(ps, "a second 'ready after %s' line (first on line %d)", kind,
			            p->ready_after[i].line);
	char *tok = words_next(&args);
	if (!tok)
		return perr(ps, "missing time after 'ready after %s' (like 12h)", kind);
	if (vigil_duration_parse(tok, &r.after, &e) != VIGIL_OK)
		return perr(ps, "ready after %s: %s", kind, e.msg);
	vigil_status st = no_more(ps, &args, "the time");
	if (st == VIGIL_OK)
		p->ready_after[p->nready_after++] = r;
	return st;
}

static vigil_status kw_ready(struct parser *ps, char *args)
{
	char *what = words_next(&args);
	if (what && !strcmp(what, "total"))
		return ready_total(ps, args);
	if (what && !strcmp(what, "after"))
		return ready_after(ps, args);
	return perr(ps, "expected 'ready total >= N' or 'ready after KIND DURATION'");
}

/* The plausible values a vital line flags: lo..hi, empty when lo > hi. */
static void flagged(const vigil_vital_limit *l, int *lo, int *hi)
{
	int plo, phi;
	vigil_vital_range(l->vital, &plo, &phi);
	*lo = plo, *hi = phi;
	switch (l->op) {
	case VIGIL_VITAL_LT: *hi = l->value - 1; break;
	case VIGIL_VITAL_LE: *hi = l->value; break;
	case VIGIL_VITAL_GT: *lo = l->value + 1; break;
	case VIGIL_VITAL_GE: *lo = l->value; break;
	}
}

static bool flags_high(const vigil_vital_limit *l)
{
	return l->op == VIGIL_VITAL_GT || l->op == VIGIL_VITAL_GE;
}

/* vital KEY OP VALUE */
static vigil_status kw_vital(struct parser *ps, char *args)
{
	vigil_protocol *p = ps->p;
	if (p->nvital_limits == VIGIL_VITAL_LIMITS_MAX)
		return perr(ps, "more than %d 'vital' lines", VIGIL_VITAL_LIMITS_MAX);
	vigil_vital_limit l = { .line = ps->line };
	vigil_error e;
	char b[48];
	char *key = words_next(&args);
	if (!key)
		return perr(ps, "missing vital sign after 'vital' (hr, sys, dia, temp, rr or spo2)");
	if (vigil_vital_key_parse(key, &l.vital, &e) != VIGIL_OK)
		return perr(ps, "%s", e.msg);
	const char *k = vigil_vital_key(l.vital);
	char *op = words_next(&args);
	if (!op)
		return perr(ps, "missing test after 'vital %s' (<, <=, > or >=)", k);
	if (!strcmp(op, "<"))
		l.op = VIGIL_VITAL_LT;
	else if (!strcmp(op, "<="))
		l.op = VIGIL_VITAL_LE;
	else if (!strcmp(op, ">"))
		l.op = VIGIL_VITAL_GT;
	else if (!strcmp(op, ">="))
		l.op = VIGIL_VITAL_GE;
	else
		return perr(ps, "'%s' is not a test for a vital sign (use <, <=, > or >=)",
		            shown(op, b, sizeof b));
	char *value = words_next(&args);
	if (!value)
		return perr(ps, "missing value after 'vital %s %s'", k, op);
	if (vigil_vital_value_parse(l.vital, value, &l.value, &e) != VIGIL_OK)
		return perr(ps, "%s", e.msg);
	vigil_status st = no_more(ps, &args, "the value");
	if (st != VIGIL_OK)
		return st;
	/* A line that flags no plausible value, or every one, is a mistake. */
	int plo, phi, lo, hi;
	char words[VIGIL_VITAL_WHY_MAX], plo_text[VIGIL_VITAL_TEXT_MAX], phi_text[VIGIL_VITAL_TEXT_MAX];
	vigil_vital_range(l.vital, &plo, &phi);
	vigil_vital_value_format(l.vital, plo, plo_text, sizeof plo_text);
	vigil_vital_value_format(l.vital, phi, phi_text, sizeof phi_text);
	protocol_vital_limit_words(&l, words, sizeof words);
	flagged(&l, &lo, &hi);
	if (lo > hi)
		return perr(ps, "'%s' flags no plausible %s (%s-%s)", words, vigil_vital_label(l.vital),
		            plo_text, phi_text);
	if (lo <= plo && hi >= phi)
		return perr(ps, "'%s' flags every plausible %s (%s-%s)", words,
		            vigil_vital_label(l.vital), plo_text, phi_text);
	/* One high and one low limit a vital, with normal values between. */
	for (size_t i = 0; i < p->nvital_limits; i++) {
		const vigil_vital_limit *o = &p->vital_limits[i];
		if (o->vital != l.vital)
			continue;
		if (flags_high(o) == flags_high(&l))
			return perr(ps, "a second %s limit for %s (first on line %d)",
			            flags_high(&l) ? "high" : "low", k, o->line);
		int olo, ohi;
		flagged(o, &olo, &ohi);
		int low_top = flags_high(&l) ? ohi : hi, high_bottom = flags_high(&l) ? lo : olo;
		if (low_top + 1 > high_bottom - 1) {
			char other[VIGIL_VITAL_WHY_MAX];
			protocol_vital_limit_words(o, other, sizeof other);
			return perr(ps, "'%s' and line %d's '%s' leave no %s unflagged", words, o->line,
			            other, vigil_vital_label(l.vital));
		}
	}
	p->vital_limits[p->nvital_limits++] = l;
	return VIGIL_OK;
}

static const struct keyword {
	const char *word;
	vigil_status (*fn)(struct parser *ps, char *args);
} keywords[] = {
	{ "protocol", kw_protocol }, { "name", kw_name },   { "every", kw_every },
	{ "after-dose", kw_after_dose }, { "not-done", kw_not_done }, { "grace", kw_grace },
	{ "warn", kw_warn },         { "line", kw_line },   { "dose", kw_dose },
	{ "max-24h", kw_max_24h },   { "ready", kw_ready }, { "vital", kw_vital },
};

static vigil_status parse_line(struct parser *ps, char *line)
{
	char *word = words_next(&line);
	char b[48];
	if (!word || word[0] == '#')
		return VIGIL_OK;
	for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++) {
		if (strcmp(word, keywords[i].word) != 0)
			continue;
		if (!ps->p->scale && keywords[i].fn != kw_protocol)
			return perr(ps, "'%s' before the 'protocol SCALE' line", word);
		return keywords[i].fn(ps, line);
	}
	return perr(ps, "unknown keyword '%s'", shown(word, b, sizeof b));
}

/* ---- checks against the scale ------------------------------------------ */

/* The base rules cover 0..max exactly once; step-downs lie inside and two
 * with the same count do not overlap. */
static vigil_status check_intervals(struct parser *ps, int max)
{
	const vigil_protocol *p = ps->p;
	bool covered[1024] = { false };
	int upto = max < 1023 ? max : 1023;
	for (size_t i = 0; i < p->nintervals; i++) {
		const vigil_interval_rule *r = &p->intervals[i];
		ps->line = r->line;
		if (r->hi > max)
			return perr(ps, "totals %d-%d go past the scale's highest total %d", r->lo, r->hi,
			            max);
		for (size_t j = 0; j < i; j++) {
			const vigil_interval_rule *o = &p->intervals[j];
			if (o->in_a_row == r->in_a_row && r->lo <= o->hi && o->lo <= r->hi)
				return perr(ps, "totals %d-%d overlap line %d (%d-%d)", r->lo, r->hi,
				            o->line, o->lo, o->hi);
		}
		if (r->in_a_row == 0)
			for (int t = r->lo; t <= r->hi && t <= upto; t++)
				covered[t] = true;
	}
	for (int t = 0; t <= upto; t++) {
		if (covered[t])
			continue;
		int end = t;
		while (end < upto && !covered[end + 1])
			end++;
		ps->line = ps->protocol_line;
		if (t == end)
			return perr(ps, "no 'every' line covers total %d (each total 0-%d needs an "
			                "interval)", t, max);
		return perr(ps, "no 'every' line covers totals %d-%d (each total 0-%d needs an "
		                "interval)", t, end, max);
	}
	return VIGIL_OK;
}

static vigil_status check_warn(struct parser *ps, vigil_warn_rule *w, const vigil_scale *scale)
{
	ps->line = w->line;
	if (w->kind == VIGIL_SUBJECT_TOTAL) {
		if (w->lo > scale->max_total)
			return perr(ps, "no %s total reaches %d (highest %d)", scale->name, w->lo,
			            scale->max_total);
		return VIGIL_OK;
	}
	char b[48];
	for (size_t i = 0; i < w->nsubjects; i++) {
		bool item = vigil_scale_item(scale, w->subjects[i], NULL) != NULL;
		bool measure = vigil_scale_raw_item(scale, w->subjects[i], NULL) != NULL;
		vigil_subject_kind kind = measure && !item ? VIGIL_SUBJECT_MEASURE : VIGIL_SUBJECT_ITEM;
		if (!item && !measure)
			return perr(ps, "%s has no item or measure '%s'", scale->name,
			            shown(w->subjects[i], b, sizeof b));
		/* A test no value can meet would never warn: refuse it. */
		const vigil_item *it = kind == VIGIL_SUBJECT_MEASURE
		                               ? vigil_scale_raw_item(scale, w->subjects[i], NULL)
		                               : vigil_scale_item(scale, w->subjects[i], NULL);
		int lo = kind == VIGIL_SUBJECT_MEASURE ? it->raw_min : 0;
		int hi = kind == VIGIL_SUBJECT_MEASURE ? it->raw_max : vigil_item_max(it);
		if (w->hi < lo || w->lo > hi)
			return perr(ps, "%s %s is never in the tested range (it runs %d-%d)", scale->name,
			            w->subjects[i], lo, hi);
		if (i > 0 && kind != w->kind)
			return perr(ps, "'%s' is %s: do not mix items and measures in one line",
			            w->subjects[i], kind == VIGIL_SUBJECT_MEASURE ? "a measure" : "an item");
		w->kind = kind;
	}
	return VIGIL_OK;
}

static vigil_status check_against(struct parser *ps, const vigil_scales *scales)
{
	vigil_protocol *p = ps->p;
	const vigil_scale *scale = vigil_scales_find(scales, p->scale);
	vigil_error e;
	if (!scale && ps->skip_unknown) {
		ps->unknown = true;
		return VIGIL_OK;
	}
	if (!scale) {
		ps->line = ps->protocol_line;
		vigil_scales_lookup(scales, p->scale, &scale, &e);
		return perr(ps, "%s", e.msg);
	}
	p->scale = scale->key; /* the scale's own spelling; both live as long */
	vigil_status st = check_intervals(ps, scale->max_total);
	for (size_t i = 0; st == VIGIL_OK && i < p->nwarns; i++)
		st = check_warn(ps, &p->warns[i], scale);
	for (size_t i = 0; st == VIGIL_OK && i < p->ndose_ranges; i++) {
		const vigil_dose_range *r = &p->dose_ranges[i];
		if (r->hi > scale->max_total) {
			ps->line = r->line;
			st = perr(ps, "dose totals %d-%d go past the scale's highest total %d", r->lo, r->hi,
			          scale->max_total);
		}
	}
	if (st == VIGIL_OK && p->ready_total_line && p->ready_total > scale->max_total) {
		ps->line = p->ready_total_line;
		st = perr(ps, "no %s total reaches %d (highest %d)", scale->name, p->ready_total,
		          scale->max_total);
	}
	for (size_t i = 0; st == VIGIL_OK && i < p->nchart_lines; i++) {
		if (p->chart_lines[i].total > scale->max_total) {
			ps->line = p->chart_lines[i].line;
			st = perr(ps, "line %d is past the scale's highest total %d", p->chart_lines[i].total,
			          scale->max_total);
		}
	}
	return st;
}

/* No single dose a dose line allows may be more than its drug's max-24h,
 * and the two must be in units that can be compared. */
static vigil_status check_doses_against_caps(struct parser *ps)
{
	const vigil_protocol *p = ps->p;
	for (size_t i = 0; i < p->ndose_ranges; i++) {
		const vigil_dose_range *r = &p->dose_ranges[i];
		for (size_t j = 0; j < r->noptions; j++) {
			const vigil_dose_option *o = &r->options[j];
			const vigil_dose_cap *c = vigil_protocol_dose_cap(p, o->drug);
			int64_t most;
			if (!c)
				continue;
			ps->line = r->line;
			if (!vigil_amount_convert(o->max, o->unit, c->unit, &most))
				return perr(ps, "the %s dose in %s cannot be checked against line %d's max-24h "
				                "in %s", o->drug, o->unit, c->line, c->unit);
			if (most > c->amount) {
				char dose[VIGIL_AMOUNT_TEXT_MAX], cap[VIGIL_AMOUNT_TEXT_MAX];
				vigil_amount_format(o->max, dose, sizeof dose);
				vigil_amount_format(c->amount, cap, sizeof cap);
				return perr(ps, "a %s dose of %s %s is more than line %d's max-24h of %s %s",
				            o->drug, dose, o->unit, c->line, cap, c->unit);
			}
		}
	}
	return VIGIL_OK;
}

static vigil_status finish(struct parser *ps, const vigil_scales *scales)
{
	vigil_protocol *p = ps->p;
	if (!p->scale) {
		ps->line = 1;
		return perr(ps, "no 'protocol SCALE' line");
	}
	if (p->nintervals == 0) {
		ps->line = ps->protocol_line;
		return perr(ps, "no 'every' line: a protocol needs an interval");
	}
	if (!p->name)
		p->name = "";
	/* Defaults for what the file does not say (vigil-protocol(5)). */
	if (!ps->not_done_line[VIGIL_NOT_DONE_ASLEEP])
		p->not_done[VIGIL_NOT_DONE_ASLEEP] = (vigil_not_done_rule){ true, 2 * 3600 };
	bool any_dose = false;
	for (size_t i = 0; i < p->ndose; i++)
		any_dose |= p->dose[i].drug == NULL;
	if (!any_dose && p->ndose < VIGIL_PROTOCOL_DOSE_RULES_MAX)
		p->dose[p->ndose++] = (vigil_dose_rule){ NULL, 3600 };
	p->needs_history = 1;
	p->needs_span = 0;
	for (size_t i = 0; i < p->nintervals; i++)
		if (p->intervals[i].in_a_row > p->needs_history)
			p->needs_history = p->intervals[i].in_a_row;
	p->needs_items = 0;
	for (size_t i = 0; i < p->nwarns; i++) {
		if (p->warns[i].kind != VIGIL_SUBJECT_TOTAL) {
			/* A look-back over time on an item reads every row's items. */
			int rows = p->warns[i].for_seconds ? 1 << 30 : p->warns[i].in_a_row;
			if (rows > p->needs_items)
				p->needs_items = rows;
		}
		if (p->warns[i].in_a_row > p->needs_history)
			p->needs_history = p->warns[i].in_a_row;
		if (p->warns[i].for_seconds > p->needs_span)
			p->needs_span = p->warns[i].for_seconds;
	}
	vigil_status st = check_doses_against_caps(ps);
	if (st != VIGIL_OK)
		return st;
	return scales ? check_against(ps, scales) : VIGIL_OK;
}

static vigil_status take_line(void *ctx, int number, char *line)
{
	struct parser *ps = ctx;
	ps->line = number;
	for (const char *c = line; *c; c++)
		if ((unsigned char)*c < 0x20 && *c != '\t')
			return perr(ps, "control character 0x%02x in the line", (unsigned char)*c);
	return parse_line(ps, line);
}

static vigil_status parse_text(struct parser *ps, char *s)
{
	return words_each_line(s, take_line, ps);
}

static char *copy_string(const char *s)
{
	size_t n = strlen(s) + 1;
	char *c = malloc(n);
	if (c)
		memcpy(c, s, n);
	return c;
}

static void box_free(struct protocol_box *box)
{
	if (!box)
		return;
	free(box->lines);
	free(box->text);
	free(box->source);
	free(box->origin);
	free(box);
}

static void text_hash(const char *text, char out[65])
{
	unsigned char bin[32];
	crypto_generichash(bin, sizeof bin, (const unsigned char *)text, strlen(text), NULL, 0);
	sodium_bin2hex(out, 65, bin, sizeof bin);
}

static vigil_status parse(const char *source, const char *text, const vigil_scales *scales,
                          bool skip_unknown, vigil_protocol **out, vigil_error *err)
{
	*out = NULL;
	source = source ? source : "(protocol)";
	if (strlen(text) > VIGIL_PROTOCOL_TEXT_LIMIT)
		return vigil_fail(err, VIGIL_EINVAL, "%s: larger than %d KiB: not a protocol file",
		                  source, VIGIL_PROTOCOL_TEXT_LIMIT / 1024);
	struct protocol_box *box = calloc(1, sizeof *box);
	if (box) {
		box->lines = copy_string(text);
		box->text = copy_string(text);
		box->source = copy_string(source);
		box->origin = copy_string("built in");
	}
	if (!box || !box->lines || !box->text || !box->source || !box->origin) {
		box_free(box);
		return vigil_fail(err, VIGIL_ENOMEM, "out of memory reading a protocol");
	}
	struct parser ps = { .source = box->source, .err = err, .p = &box->pub,
		             .skip_unknown = skip_unknown };
	box->pub.source = box->source;
	box->pub.text = box->text;
	box->pub.origin = box->origin;
	text_hash(text, box->pub.hash);
	vigil_status st = parse_text(&ps, box->lines);
	if (st == VIGIL_OK)
		st = finish(&ps, scales);
	if (st != VIGIL_OK || ps.unknown) {
		box_free(box);
		return st;
	}
	*out = &box->pub;
	return VIGIL_OK;
}

vigil_status vigil_protocol_parse(const char *source, const char *text,
                                  const vigil_scales *scales, vigil_protocol **out,
                                  vigil_error *err)
{
	return parse(source, text, scales, false, out, err);
}

vigil_status protocol_parse_known(const char *source, const char *text,
                                  const vigil_scales *scales, vigil_protocol **out,
                                  vigil_error *err)
{
	return parse(source, text, scales, true, out, err);
}

/* Used by protocol_set.c to say where an installed protocol came from. */
vigil_status protocol_set_origin(vigil_protocol *p, const char *origin, vigil_error *err)
{
	struct protocol_box *box = (struct protocol_box *)p;
	char *copy = copy_string(origin);
	if (!copy)
		return vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	free(box->origin);
	box->origin = copy;
	p->origin = copy;
	return VIGIL_OK;
}

void vigil_protocol_free(vigil_protocol *p)
{
	box_free((struct protocol_box *)p);
}
