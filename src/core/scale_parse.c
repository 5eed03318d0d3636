/* scale_parse.c - reading one scale file (format in vigil-scale(5)) into a
 * vigil_scale. Anything doubtful is refused with "source:line: reason":
 * a scale that loads with a wrong score set would mis-score patients. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "words.h"
#include "vigil/scale.h"
#include "vigil/text.h"
#include "scale_internal.h"

#define BANDS_MAX 16
#define SCORE_MAX 999
#define BAND_LIMIT 999999   /* anything above is past every possible total */
#define MEASURE_LIMIT 999999

/* Text limits, in characters. */
#define NAME_CHARS 24
#define TITLE_CHARS 100
#define INSTRUCTION_CHARS 1000
#define BANDS_SOURCE_CHARS 100
#define LABEL_CHARS 100
#define QUALIFIER_CHARS 300
#define ANCHOR_CHARS 200
#define UNIT_CHARS 12

/* Everything a parsed scale owns: this block and the copy of the file.
 * pub comes first so that vigil_scale_free can get back to the block. */
struct scale_box {
	vigil_scale pub;
	char *text;   /* the file, split in place: every string points into it */
	char *source;
	vigil_item items[VIGIL_ITEMS_MAX];
	vigil_anchor anchors[VIGIL_ITEMS_MAX][VIGIL_SCORES_MAX];
	vigil_derive derives[VIGIL_ITEMS_MAX][VIGIL_SCORES_MAX];
	vigil_band bands[BANDS_MAX];
};

/* A derive or band line, kept with its line number until the ranges are
 * checked, so that an error can point at the offending line. */
struct rule {
	int lo, hi, score;
	const char *key, *label;
	int line;
};

/* What a set of rules must cover, for the messages about it. */
struct cover {
	const char *rule;   /* "band" */
	const char *values; /* "totals" */
	int lo, hi;
};

struct parser {
	const char *source;
	int line;
	vigil_error *err;
	struct scale_box *box;
	int scale_line;
	int item_line[VIGIL_ITEMS_MAX];
	int measure_line[VIGIL_ITEMS_MAX];
	vigil_item *item; /* the item being read, NULL outside one */
	struct rule derive[VIGIL_SCORES_MAX];
	size_t nderive;
	struct rule band[BANDS_MAX];
	size_t nband;
	int bands_source_line;
};

static vigil_status perr_at(struct parser *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static vigil_status perr_at(struct parser *p, int line, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return vigil_fail(p->err, VIGIL_EINVAL, "%s:%d: %s", p->source, line, msg);
}

#define perr(p, ...) perr_at((p), (p)->line, __VA_ARGS__)

/* ---- tokens ---------------------------------------------------------- */

/* The rest of the line, without leading blanks (trailing ones are gone). */
static char *rest(char **s)
{
	char *t = *s;
	while (words_blank(*t))
		t++;
	*s = t + strlen(t);
	return t;
}

static vigil_status no_more(struct parser *p, char **s, const char *what)
{
	char *tok = words_next(s);
	char shown[48];
	if (tok)
		return perr(p, "unexpected '%s' after %s", vigil_shown(tok, shown, sizeof shown),
		            what);
	return VIGIL_OK;
}

/* A decimal integer, digits only with an optional '-', within lo..hi. */
static vigil_status take_int(struct parser *p, char **s, const char *what, long lo, long hi,
                             int *out)
{
	char *tok = words_next(s);
	char shown[48];
	if (!tok)
		return perr(p, "missing %s", what);
	const char *d = tok[0] == '-' ? tok + 1 : tok;
	if (!*d || strspn(d, "0123456789") != strlen(d))
		return perr(p, "%s '%s' is not an integer", what, vigil_shown(tok, shown, sizeof shown));
	errno = 0;
	long v = strtol(tok, NULL, 10);
	if (errno || v < lo || v > hi)
		return perr(p, "%s %s is outside %ld..%ld", what, vigil_shown(tok, shown, sizeof shown),
		            lo, hi);
	*out = (int)v;
	return VIGIL_OK;
}

/* A key: folded to lower case (keys are case-insensitive), then letters,
 * digits, '-' and '_', starting with a letter. */
static vigil_status take_key(struct parser *p, char **s, const char *what, size_t max,
                             const char **out)
{
	char *tok = words_next(s);
	vigil_error e;
	if (!tok)
		return perr(p, "missing %s", what);
	for (char *c = tok; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	if (vigil_ident_check(what, tok, max, "-_", &e))
		return perr(p, "%s", e.msg);
	if (!isalpha((unsigned char)tok[0]))
		return perr(p, "%s '%s' must start with a letter", what, tok);
	*out = tok;
	return VIGIL_OK;
}

static vigil_status check_text(struct parser *p, const char *what, const char *text,
                               size_t max, bool required)
{
	vigil_error e;
	if (vigil_text_check(what, text, max, required, &e))
		return perr(p, "%s", e.msg);
	return VIGIL_OK;
}

/* A keyword that takes one line of text and may appear once. */
static vigil_status set_text(struct parser *p, const char **slot, const char *kw, char *args,
                             size_t max)
{
	if (*slot)
		return perr(p, "duplicate '%s' line", kw);
	char *text = rest(&args);
	vigil_status st = check_text(p, kw, text, max, true);
	if (!st)
		*slot = text;
	return st;
}

static void format_range(char *buf, size_t size, int lo, int hi)
{
	if (lo == hi)
		snprintf(buf, size, "%d", lo);
	else
		snprintf(buf, size, "%d-%d", lo, hi);
}

/* ---- ranges: derive lines over a measure, bands over the totals ------ */

static void sort_rules(struct rule *r, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct rule key = r[i];
		size_t j = i;
		for (; j > 0 && r[j - 1].lo > key.lo; j--)
			r[j] = r[j - 1];
		r[j] = key;
	}
}

static vigil_status gap(struct parser *p, int line, const struct cover *c, int lo, int hi)
{
	char range[32];
	format_range(range, sizeof range, lo, hi);
	return perr_at(p, line, "no %s covers %s %s (%s lines must cover %d-%d)", c->rule,
	               c->values, range, c->rule, c->lo, c->hi);
}

/* The rules must cover c->lo..c->hi exactly once: no overlap, no gap,
 * nothing outside. Sorts them by their low end. */
static vigil_status check_cover(struct parser *p, struct rule *r, size_t n,
                                const struct cover *c)
{
	for (size_t i = 0; i < n; i++)
		if (r[i].lo < c->lo || r[i].hi > c->hi)
			return perr_at(p, r[i].line, "%s %d-%d goes outside %s %d-%d", c->rule, r[i].lo,
			               r[i].hi, c->values, c->lo, c->hi);
	sort_rules(r, n);
	if (r[0].lo > c->lo)
		return gap(p, r[0].line, c, c->lo, r[0].lo - 1);
	for (size_t i = 1; i < n; i++) {
		const struct rule *a = &r[i - 1], *b = &r[i];
		if (b->lo <= a->hi) {
			/* Blame the later line: the earlier one was there first. */
			const struct rule *late = b->line > a->line ? b : a;
			const struct rule *early = late == b ? a : b;
			return perr_at(p, late->line, "%s %d-%d overlaps %s %d-%d (line %d)", c->rule,
			               late->lo, late->hi, c->rule, early->lo, early->hi, early->line);
		}
		if (b->lo > a->hi + 1)
			return gap(p, b->line, c, a->hi + 1, b->lo - 1);
	}
	if (r[n - 1].hi < c->hi)
		return gap(p, r[n - 1].line, c, r[n - 1].hi + 1, c->hi);
	return VIGIL_OK;
}

/* ---- the end of an item and of the file ------------------------------ */

static void sort_anchors(vigil_anchor *a, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		vigil_anchor key = a[i];
		size_t j = i;
		for (; j > 0 && a[j - 1].score > key.score; j--)
			a[j] = a[j - 1];
		a[j] = key;
	}
}

static vigil_status close_derive(struct parser *p, vigil_item *it, size_t idx)
{
	char allowed[256];
	if (!p->nderive)
		return perr_at(p, p->measure_line[idx], "measure %s has no derive lines", it->raw_key);
	struct cover c = { "derive", it->raw_key, it->raw_min, it->raw_max };
	vigil_status st = check_cover(p, p->derive, p->nderive, &c);
	if (st)
		return st;
	for (size_t i = 0; i < p->nderive; i++) {
		const struct rule *r = &p->derive[i];
		if (!vigil_item_allows(it, r->score)) {
			vigil_item_allowed_list(it, allowed, sizeof allowed);
			return perr_at(p, r->line, "derive %d-%d gives %d, which item '%s' does not "
			               "allow (allowed: %s)", r->lo, r->hi, r->score, it->key, allowed);
		}
		p->box->derives[idx][i] = (vigil_derive){ r->lo, r->hi, r->score };
	}
	it->derive = p->box->derives[idx];
	it->nderive = p->nderive;
	return VIGIL_OK;
}

/* Checks the item just read as a whole, once its last line is known. */
static vigil_status close_item(struct parser *p)
{
	vigil_item *it = p->item;
	size_t idx = (size_t)(it - p->box->items);
	p->item = NULL;
	if (!it->label)
		return perr_at(p, p->item_line[idx], "item '%s' has no label", it->key);
	if (!it->nscores)
		return perr_at(p, p->item_line[idx], "item '%s' has no score", it->key);
	sort_anchors(p->box->anchors[idx], it->nscores);
	if (it->raw_key) {
		vigil_status st = close_derive(p, it, idx);
		if (st)
			return st;
	}
	if (!it->qualifier)
		it->qualifier = "";
	p->box->pub.max_total += vigil_item_max(it);
	return VIGIL_OK;
}

static vigil_status close_bands(struct parser *p)
{
	vigil_scale *s = &p->box->pub;
	struct cover c = { "band", "totals", 0, s->max_total };
	vigil_status st = check_cover(p, p->band, p->nband, &c);
	if (st)
		return st;
	for (size_t i = 0; i < p->nband; i++) {
		const struct rule *r = &p->band[i];
		p->box->bands[i] = (vigil_band){ r->lo, r->hi, r->key, r->label };
	}
	s->bands = p->box->bands;
	s->nbands = p->nband;
	return VIGIL_OK;
}

static vigil_status finish(struct parser *p)
{
	vigil_scale *s = &p->box->pub;
	vigil_status st;
	if (p->item && (st = close_item(p)))
		return st;
	if (!s->key)
		return perr_at(p, 1, "no 'scale' line: a scale file starts with 'scale KEY'");
	if (!s->name)
		return perr_at(p, p->scale_line, "scale '%s' has no 'name' line", s->key);
	if (!s->title)
		return perr_at(p, p->scale_line, "scale '%s' has no 'title' line", s->key);
	if (!s->nitems)
		return perr_at(p, p->scale_line, "scale '%s' has no items", s->key);
	if (!s->instruction)
		s->instruction = "";
	if (!s->bands_source)
		s->bands_source = "";
	else if (!p->nband)
		return perr_at(p, p->bands_source_line, "'bands-source' but scale '%s' has no bands",
		               s->key);
	if (p->nband)
		return close_bands(p);
	return VIGIL_OK;
}

/* ---- keywords -------------------------------------------------------- */

static vigil_status kw_scale(struct parser *p, char *args)
{
	vigil_scale *s = &p->box->pub;
	if (s->key)
		return perr(p, "duplicate 'scale' line (first at line %d)", p->scale_line);
	vigil_status st = take_key(p, &args, "scale key", VIGIL_SCALE_KEY_MAX - 1, &s->key);
	if (st)
		return st;
	p->scale_line = p->line;
	return no_more(p, &args, "the scale key");
}

static vigil_status kw_name(struct parser *p, char *args)
{
	return set_text(p, &p->box->pub.name, "name", args, NAME_CHARS);
}

static vigil_status kw_title(struct parser *p, char *args)
{
	return set_text(p, &p->box->pub.title, "title", args, TITLE_CHARS);
}

static vigil_status kw_instruction(struct parser *p, char *args)
{
	return set_text(p, &p->box->pub.instruction, "instruction", args, INSTRUCTION_CHARS);
}

/* Where the cut-offs come from, shown beside the bands: they differ
 * between sources (CIWA-Ar: ASAM 2020 against the VA). */
static vigil_status kw_bands_source(struct parser *p, char *args)
{
	if (p->bands_source_line)
		return perr(p, "duplicate 'bands-source' line (first at line %d)",
		            p->bands_source_line);
	vigil_status st = set_text(p, &p->box->pub.bands_source, "bands-source", args,
	                           BANDS_SOURCE_CHARS);
	if (!st)
		p->bands_source_line = p->line;
	return st;
}

/* Item keys and measure keys share one name space: "hr=112" and
 * "pulse=2" must each name exactly one thing. Returns the line that
 * already uses key, or 0. */
static int key_used(const struct parser *p, const char *key)
{
	const vigil_scale *s = &p->box->pub;
	for (size_t i = 0; i < s->nitems; i++) {
		if (!strcmp(s->items[i].key, key))
			return p->item_line[i];
		if (s->items[i].raw_key && !strcmp(s->items[i].raw_key, key))
			return p->measure_line[i];
	}
	return 0;
}

static vigil_status kw_item(struct parser *p, char *args)
{
	vigil_scale *s = &p->box->pub;
	const char *key;
	vigil_status st = take_key(p, &args, "item key", VIGIL_ITEM_KEY_MAX - 1, &key);
	if (st || (st = no_more(p, &args, "the item key")))
		return st;
	int used = key_used(p, key);
	if (used)
		return perr(p, "duplicate key '%s' (first at line %d)", key, used);
	if (s->nitems == VIGIL_ITEMS_MAX)
		return perr(p, "too many items (at most %d)", VIGIL_ITEMS_MAX);
	size_t idx = s->nitems++;
	vigil_item *it = &p->box->items[idx];
	it->key = key;
	it->scores = p->box->anchors[idx];
	p->item = it;
	p->item_line[idx] = p->line;
	p->nderive = 0;
	s->items = p->box->items;
	return VIGIL_OK;
}

static vigil_status kw_label(struct parser *p, char *args)
{
	return set_text(p, &p->item->label, "label", args, LABEL_CHARS);
}

static vigil_status kw_qualifier(struct parser *p, char *args)
{
	return set_text(p, &p->item->qualifier, "qualifier", args, QUALIFIER_CHARS);
}

static vigil_status kw_score(struct parser *p, char *args)
{
	vigil_item *it = p->item;
	vigil_anchor *a = p->box->anchors[it - p->box->items];
	int score;
	vigil_status st = take_int(p, &args, "score", 0, SCORE_MAX, &score);
	if (st)
		return st;
	for (size_t i = 0; i < it->nscores; i++)
		if (a[i].score == score)
			return perr(p, "duplicate score %d in item '%s'", score, it->key);
	if (it->nscores == VIGIL_SCORES_MAX)
		return perr(p, "too many scores in item '%s' (at most %d)", it->key, VIGIL_SCORES_MAX);
	char *text = rest(&args);
	if ((st = check_text(p, "anchor", text, ANCHOR_CHARS, false)))
		return st;
	a[it->nscores++] = (vigil_anchor){ score, text };
	return VIGIL_OK;
}

static vigil_status kw_measure(struct parser *p, char *args)
{
	vigil_item *it = p->item;
	size_t idx = (size_t)(it - p->box->items);
	const char *key;
	if (it->raw_key)
		return perr(p, "item '%s' already has a measure (line %d)", it->key,
		            p->measure_line[idx]);
	vigil_status st = take_key(p, &args, "measure key", VIGIL_ITEM_KEY_MAX - 1, &key);
	if (st)
		return st;
	int used = key_used(p, key);
	if (used)
		return perr(p, "duplicate key '%s' (first at line %d)", key, used);
	const char *unit = words_next(&args);
	if (!unit)
		return perr(p, "missing unit after measure key");
	int lo, hi;
	if ((st = check_text(p, "unit", unit, UNIT_CHARS, true)) ||
	    (st = take_int(p, &args, "lowest value", -MEASURE_LIMIT, MEASURE_LIMIT, &lo)) ||
	    (st = take_int(p, &args, "highest value", -MEASURE_LIMIT, MEASURE_LIMIT, &hi)) ||
	    (st = no_more(p, &args, "the measure range")))
		return st;
	if (lo > hi)
		return perr(p, "measure range %d-%d: lowest is above highest", lo, hi);
	it->raw_key = key;
	it->raw_unit = unit;
	it->raw_min = lo;
	it->raw_max = hi;
	p->measure_line[idx] = p->line;
	return VIGIL_OK;
}

static vigil_status kw_derive(struct parser *p, char *args)
{
	vigil_item *it = p->item;
	struct rule r = { .line = p->line };
	if (!it->raw_key)
		return perr(p, "'derive' before 'measure' in item '%s'", it->key);
	vigil_status st;
	if ((st = take_int(p, &args, "derive low end", -MEASURE_LIMIT, MEASURE_LIMIT, &r.lo)) ||
	    (st = take_int(p, &args, "derive high end", -MEASURE_LIMIT, MEASURE_LIMIT, &r.hi)) ||
	    (st = take_int(p, &args, "derived score", 0, SCORE_MAX, &r.score)) ||
	    (st = no_more(p, &args, "the derived score")))
		return st;
	if (r.lo > r.hi)
		return perr(p, "derive %d-%d: low end is above high end", r.lo, r.hi);
	if (p->nderive == VIGIL_SCORES_MAX)
		return perr(p, "too many derive lines in item '%s' (at most %d)", it->key,
		            VIGIL_SCORES_MAX);
	p->derive[p->nderive++] = r;
	return VIGIL_OK;
}

static vigil_status kw_band(struct parser *p, char *args)
{
	struct rule r = { .line = p->line };
	vigil_status st;
	if ((st = take_int(p, &args, "band low end", 0, BAND_LIMIT, &r.lo)) ||
	    (st = take_int(p, &args, "band high end", 0, BAND_LIMIT, &r.hi)) ||
	    (st = take_key(p, &args, "band key", VIGIL_ITEM_KEY_MAX - 1, &r.key)))
		return st;
	if (r.lo > r.hi)
		return perr(p, "band %d-%d: low end is above high end", r.lo, r.hi);
	for (size_t i = 0; i < p->nband; i++)
		if (!strcmp(p->band[i].key, r.key))
			return perr(p, "duplicate band '%s' (first at line %d)", r.key, p->band[i].line);
	if (p->nband == BANDS_MAX)
		return perr(p, "too many bands (at most %d)", BANDS_MAX);
	r.label = rest(&args);
	if ((st = check_text(p, "band label", r.label, LABEL_CHARS, false)))
		return st;
	p->band[p->nband++] = r;
	return VIGIL_OK;
}

/* in_item: the keyword describes the current item. Any other keyword ends
 * the current item, so a stray 'score' after a 'band' cannot land in it. */
static const struct keyword {
	const char *word;
	vigil_status (*fn)(struct parser *p, char *args);
	bool in_item;
} keywords[] = {
	{ "scale", kw_scale, false },
	{ "name", kw_name, false },
	{ "title", kw_title, false },
	{ "instruction", kw_instruction, false },
	{ "item", kw_item, false },
	{ "label", kw_label, true },
	{ "qualifier", kw_qualifier, true },
	{ "score", kw_score, true },
	{ "measure", kw_measure, true },
	{ "derive", kw_derive, true },
	{ "band", kw_band, false },
	{ "bands-source", kw_bands_source, false },
};

static vigil_status parse_line(struct parser *p, char *line)
{
	char *word = words_next(&line);
	char shown[48];
	if (!word || word[0] == '#')
		return VIGIL_OK;
	const struct keyword *kw = NULL;
	for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
		if (!strcmp(word, keywords[i].word))
			kw = &keywords[i];
	if (!kw)
		return perr(p, "unknown keyword '%s'", vigil_shown(word, shown, sizeof shown));
	if (!p->box->pub.key && kw->fn != kw_scale)
		return perr(p, "'%s' before the 'scale KEY' line", kw->word);
	if (kw->in_item && !p->item)
		return perr(p, "'%s' outside an item (it belongs after an 'item' line)", kw->word);
	vigil_status st;
	if (!kw->in_item && p->item && (st = close_item(p)))
		return st;
	return kw->fn(p, line);
}

/* ---- entry points ---------------------------------------------------- */

static vigil_status take_line(void *ctx, int number, char *line)
{
	struct parser *p = ctx;
	p->line = number;
	return parse_line(p, line);
}

static vigil_status parse_text(struct parser *p, char *s)
{
	vigil_status st = words_each_line(s, take_line, p);
	return st ? st : finish(p);
}

static char *copy_string(const char *s)
{
	size_t n = strlen(s) + 1;
	char *c = malloc(n);
	if (c)
		memcpy(c, s, n);
	return c;
}

static void box_free(struct scale_box *box)
{
	if (!box)
		return;
	free(box->text);
	free(box->source);
	free(box);
}

vigil_status vigil_scale_parse(const char *source, const char *text, vigil_scale **out,
                               vigil_error *err)
{
	*out = NULL;
	struct parser *p = calloc(1, sizeof *p);
	struct scale_box *box = calloc(1, sizeof *box);
	if (box) {
		box->text = copy_string(text);
		box->source = copy_string(source ? source : "(scale)");
	}
	if (!p || !box || !box->text || !box->source) {
		free(p);
		box_free(box);
		return vigil_fail(err, VIGIL_ENOMEM, "out of memory reading a scale");
	}
	box->pub.source = box->source;
	unsigned char digest[32];
	if (sodium_init() < 0) {
		free(p);
		box_free(box);
		return vigil_fail(err, VIGIL_ENOMEM, "libsodium failed to initialise");
	}
	crypto_generichash(digest, sizeof digest, (const unsigned char *)text, strlen(text), NULL, 0);
	sodium_bin2hex(box->pub.hash, sizeof box->pub.hash, digest, sizeof digest);
	p->source = box->source;
	p->err = err;
	p->box = box;
	vigil_status st = parse_text(p, box->text);
	free(p);
	if (st) {
		box_free(box);
		return st;
	}
	*out = &box->pub;
	return VIGIL_OK;
}

void vigil_scale_free(vigil_scale *scale)
{
	/* pub is the first member, so the scale is the start of its box. */
	box_free((struct scale_box *)scale);
}
