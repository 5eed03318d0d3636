/* drugs.c - the drug list (vigil-drugs(5)): parsing, look-ups, and the
 * list in force on a database (built in, or the one an admin installed).
 * Anything doubtful in a file is refused whole with "source:line: reason":
 * a list that loads wrong would refuse a real dose or let a typo through. */
#include <ctype.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "builtin.h"
#include "vigil/drugs.h"
#include "vigil/measure.h"
#include "vigil/store.h"
#include "vigil/text.h"

#define LINE_CHARS 400
#define SOURCE_CHARS 200

struct vigil_drugs {
	size_t ndrugs;
	vigil_drug drugs[VIGIL_DRUGS_MAX];
	size_t nsubstances;
	vigil_substance substances[VIGIL_SUBSTANCES_MAX];
	char *text;
	char hash[65];
	char origin[400];
};

/* The routes vigil knows, in their usual abbreviations. */
static const char *const known_routes[] = { "PO", "SL", "BUCCAL", "IM", "IV", "SC", "TD", "PR" };
static const char *const known_units[] = { "mg", "mcg", "g", "mL" };

struct parser {
	const char *source;
	int line;
	vigil_drugs *d;
	vigil_drug *drug; /* the drug being read, NULL before the first */
	vigil_error *err;
};

static vigil_status perr(struct parser *ps, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static vigil_status perr(struct parser *ps, const char *fmt, ...)
{
	char msg[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return vigil_fail(ps->err, VIGIL_EINVAL, "%s:%d: %s", ps->source, ps->line, msg);
}

/* The next blank-separated word of *p, NUL-terminated in place. */
static char *next_word(char **p)
{
	char *s = *p;
	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s) {
		*p = s;
		return NULL;
	}
	char *w = s;
	while (*s && *s != ' ' && *s != '\t')
		s++;
	if (*s)
		*s++ = '\0';
	*p = s;
	return w;
}

static char *rest_of_line(char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	size_t n = strlen(p);
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		p[--n] = '\0';
	return p;
}

static vigil_status key_check(struct parser *ps, const char *what, const char *key)
{
	size_t n = strlen(key);
	bool ok = n >= 1 && n <= VIGIL_DRUG_KEY_MAX && islower((unsigned char)key[0]);
	for (size_t i = 0; ok && i < n; i++)
		ok = islower((unsigned char)key[i]) || isdigit((unsigned char)key[i]) ||
		     key[i] == '-';
	if (!ok)
		return perr(ps, "%s key '%.40s': use lower-case letters, digits and '-', up to %d",
		            what, key, VIGIL_DRUG_KEY_MAX);
	return VIGIL_OK;
}

/* drug KEY NAME... */
static vigil_status kw_drug(struct parser *ps, char *args)
{
	char *key = next_word(&args);
	if (!key)
		return perr(ps, "'drug' needs a key and a name (like: drug lorazepam Lorazepam)");
	vigil_status s = key_check(ps, "drug", key);
	if (s != VIGIL_OK)
		return s;
	const char *name = rest_of_line(args);
	if (!*name)
		return perr(ps, "drug %s: missing its name", key);
	if ((s = vigil_text_check("name", name, VIGIL_DRUG_NAME_MAX, true, ps->err)) != VIGIL_OK)
		return perr(ps, "drug %s: %s", key, ps->err->msg);
	for (size_t i = 0; i < ps->d->ndrugs; i++)
		if (!strcmp(ps->d->drugs[i].key, key))
			return perr(ps, "drug %s is listed twice (line %d)", key, ps->d->drugs[i].line);
	if (ps->d->ndrugs == VIGIL_DRUGS_MAX)
		return perr(ps, "more than %d drugs", VIGIL_DRUGS_MAX);
	vigil_drug *dr = &ps->d->drugs[ps->d->ndrugs++];
	memset(dr, 0, sizeof *dr);
	vigil_copy(dr->key, sizeof dr->key, key);
	vigil_copy(dr->name, sizeof dr->name, name);
	dr->line = ps->line;
	ps->drug = dr;
	return VIGIL_OK;
}

static vigil_status need_drug(struct parser *ps, const char *kw)
{
	return ps->drug ? VIGIL_OK : perr(ps, "'%s' before any 'drug' line", kw);
}

static const char *known(const char *const *list, size_t n, const char *text)
{
	for (size_t i = 0; i < n; i++)
		if (!strcasecmp(list[i], text))
			return list[i];
	return NULL;
}

static vigil_status amount_arg(struct parser *ps, const char *what, char **args,
                               int64_t *out)
{
	char *w = next_word(args);
	if (!w)
		return perr(ps, "drug %s: missing the %s amount", ps->drug->key, what);
	if (vigil_amount_parse(w, out, ps->err) != VIGIL_OK)
		return perr(ps, "drug %s: %s: %s", ps->drug->key, what, ps->err->msg);
	return VIGIL_OK;
}

/* unit UNIT max AMOUNT [usual AMOUNT] */
static vigil_status kw_unit(struct parser *ps, char *args)
{
	vigil_status s = need_drug(ps, "unit");
	if (s != VIGIL_OK)
		return s;
	vigil_drug *dr = ps->drug;
	char *w = next_word(&args);
	const char *unit = w ? known(known_units, sizeof known_units / sizeof *known_units, w)
	                     : NULL;
	if (!unit)
		return perr(ps, "drug %s: unknown unit '%.20s' (use mg, mcg, g or mL)", dr->key,
		            w ? w : "");
	for (size_t i = 0; i < dr->nunits; i++)
		if (!strcmp(dr->units[i].unit, unit))
			return perr(ps, "drug %s: unit %s is given twice", dr->key, unit);
	if (dr->nunits == VIGIL_DRUG_UNITS_MAX)
		return perr(ps, "drug %s: more than %d units", dr->key, VIGIL_DRUG_UNITS_MAX);
	vigil_drug_unit u = { .usual = 0 };
	vigil_copy(u.unit, sizeof u.unit, unit);
	w = next_word(&args);
	if (!w || strcmp(w, "max") != 0)
		return perr(ps, "drug %s: 'unit %s' needs 'max AMOUNT' (like: unit mg max 4)",
		            dr->key, unit);
	if ((s = amount_arg(ps, "max", &args, &u.max)) != VIGIL_OK)
		return s;
	if ((w = next_word(&args)) != NULL) {
		if (strcmp(w, "usual") != 0)
			return perr(ps, "drug %s: unexpected '%.20s' after the maximum (use 'usual "
			            "AMOUNT')", dr->key, w);
		if ((s = amount_arg(ps, "usual", &args, &u.usual)) != VIGIL_OK)
			return s;
		if (u.usual > u.max)
			return perr(ps, "drug %s: the usual dose is above the maximum", dr->key);
	}
	if ((w = next_word(&args)) != NULL)
		return perr(ps, "drug %s: unexpected '%.20s' at the end of the line", dr->key, w);
	dr->units[dr->nunits++] = u;
	return VIGIL_OK;
}

/* route ROUTE... */
static vigil_status kw_route(struct parser *ps, char *args)
{
	vigil_status s = need_drug(ps, "route");
	if (s != VIGIL_OK)
		return s;
	vigil_drug *dr = ps->drug;
	char *w;
	while ((w = next_word(&args)) != NULL) {
		const char *route = known(known_routes, sizeof known_routes / sizeof *known_routes, w);
		if (!route)
			return perr(ps, "drug %s: unknown route '%.20s' (use PO, SL, BUCCAL, IM, IV, SC, "
			            "TD or PR)", dr->key, w);
		for (size_t i = 0; i < dr->nroutes; i++)
			if (!strcmp(dr->routes[i], route))
				return perr(ps, "drug %s: route %s is given twice", dr->key, route);
		if (dr->nroutes == VIGIL_DRUG_ROUTES_MAX)
			return perr(ps, "drug %s: more than %d routes", dr->key, VIGIL_DRUG_ROUTES_MAX);
		vigil_copy(dr->routes[dr->nroutes++], sizeof dr->routes[0], route);
	}
	if (!dr->nroutes)
		return perr(ps, "drug %s: 'route' needs at least one route (like: route PO)", dr->key);
	return VIGIL_OK;
}

/* for SCALE... */
static vigil_status kw_for(struct parser *ps, char *args)
{
	vigil_status s = need_drug(ps, "for");
	if (s != VIGIL_OK)
		return s;
	vigil_drug *dr = ps->drug;
	char *w;
	while ((w = next_word(&args)) != NULL) {
		if (vigil_ident_check("scale", w, VIGIL_SCALE_KEY_MAX, "-", ps->err) != VIGIL_OK)
			return perr(ps, "drug %s: %s", dr->key, ps->err->msg);
		if (dr->nfor == VIGIL_DRUG_FOR_MAX)
			return perr(ps, "drug %s: more than %d scales", dr->key, VIGIL_DRUG_FOR_MAX);
		vigil_copy(dr->for_scales[dr->nfor++], sizeof dr->for_scales[0], w);
	}
	if (!dr->nfor)
		return perr(ps, "drug %s: 'for' needs a scale (like: for cows)", dr->key);
	return VIGIL_OK;
}

/* substance KEY LABEL... */
static vigil_status kw_substance(struct parser *ps, char *args)
{
	char *key = next_word(&args);
	if (!key)
		return perr(ps, "'substance' needs a key and a label");
	vigil_status s = key_check(ps, "substance", key);
	if (s != VIGIL_OK)
		return s;
	const char *label = rest_of_line(args);
	if (!*label)
		return perr(ps, "substance %s: missing its label", key);
	if (vigil_text_check("label", label, VIGIL_SUBSTANCE_LABEL_MAX, true, ps->err) != VIGIL_OK)
		return perr(ps, "substance %s: %s", key, ps->err->msg);
	vigil_drugs *d = ps->d;
	for (size_t i = 0; i < d->nsubstances; i++)
		if (!strcmp(d->substances[i].key, key))
			return perr(ps, "substance %s is listed twice", key);
	if (d->nsubstances == VIGIL_SUBSTANCES_MAX)
		return perr(ps, "more than %d substances", VIGIL_SUBSTANCES_MAX);
	vigil_substance *sub = &d->substances[d->nsubstances++];
	vigil_copy(sub->key, sizeof sub->key, key);
	vigil_copy(sub->label, sizeof sub->label, label);
	return VIGIL_OK;
}

/* A drug is complete when it says how it is measured and given. */
static vigil_status drug_complete(struct parser *ps)
{
	const vigil_drug *dr = ps->drug;
	if (!dr)
		return VIGIL_OK;
	if (!dr->nunits)
		return vigil_fail(ps->err, VIGIL_EINVAL, "%s:%d: drug %s has no 'unit' line",
		                  ps->source, dr->line, dr->key);
	if (!dr->nroutes)
		return vigil_fail(ps->err, VIGIL_EINVAL, "%s:%d: drug %s has no 'route' line",
		                  ps->source, dr->line, dr->key);
	return VIGIL_OK;
}

static vigil_status parse_line(struct parser *ps, char *line)
{
	char *hash = strchr(line, '#');
	if (hash)
		*hash = '\0';
	char *args = line;
	char *kw = next_word(&args);
	if (!kw)
		return VIGIL_OK;
	if (!strcmp(kw, "drug")) {
		vigil_status s = drug_complete(ps);
		return s == VIGIL_OK ? kw_drug(ps, args) : s;
	}
	if (!strcmp(kw, "unit"))
		return kw_unit(ps, args);
	if (!strcmp(kw, "route"))
		return kw_route(ps, args);
	if (!strcmp(kw, "for"))
		return kw_for(ps, args);
	if (!strcmp(kw, "substance"))
		return kw_substance(ps, args);
	return perr(ps, "unknown keyword '%.30s' (use drug, unit, route, for or substance)", kw);
}

static void text_hash(const char *text, char out[65])
{
	unsigned char bin[32];
	crypto_generichash(bin, sizeof bin, (const unsigned char *)text, strlen(text), NULL, 0);
	sodium_bin2hex(out, 65, bin, sizeof bin);
}

static vigil_status parse_all(struct parser *ps, const char *text)
{
	const char *p = text;
	if (!strncmp(p, "\xef\xbb\xbf", 3))
		p += 3; /* a byte-order mark an editor put in */
	char line[LINE_CHARS * 4 + 2];
	vigil_status s = VIGIL_OK;
	while (s == VIGIL_OK && *p) {
		const char *end = strchr(p, '\n');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		ps->line++;
		if (n >= sizeof line - 1)
			return perr(ps, "line longer than %d bytes", (int)sizeof line - 2);
		memcpy(line, p, n);
		line[n] = '\0';
		if (n && line[n - 1] == '\r')
			line[n - 1] = '\0';
		if (vigil_utf8_length(line) == (size_t)-1)
			return perr(ps, "not UTF-8 text");
		for (size_t i = 0; line[i]; i++)
			if ((unsigned char)line[i] < 0x20 && line[i] != '\t')
				return perr(ps, "control character 0x%02x", (unsigned char)line[i]);
		s = parse_line(ps, line);
		p = end ? end + 1 : p + n;
	}
	if (s == VIGIL_OK)
		s = drug_complete(ps);
	if (s == VIGIL_OK && !ps->d->ndrugs)
		s = vigil_fail(ps->err, VIGIL_EINVAL, "%s: no drugs in the list", ps->source);
	return s;
}

vigil_status vigil_drugs_parse(const char *source, const char *text, vigil_drugs **out,
                               vigil_error *err)
{
	*out = NULL;
	if (strlen(text) > VIGIL_DRUGS_TEXT_LIMIT)
		return vigil_fail(err, VIGIL_EINVAL, "%s: larger than %d KiB", source,
		                  VIGIL_DRUGS_TEXT_LIMIT / 1024);
	vigil_drugs *d = calloc(1, sizeof *d);
	if (!d || !(d->text = strdup(text))) {
		free(d);
		return vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	}
	struct parser ps = { .source = source, .d = d, .err = err };
	vigil_status s = parse_all(&ps, text);
	if (s != VIGIL_OK) {
		vigil_drugs_free(d);
		return s;
	}
	text_hash(text, d->hash);
	vigil_copy(d->origin, sizeof d->origin, "built in");
	*out = d;
	return VIGIL_OK;
}

vigil_status vigil_drugs_builtin(vigil_drugs **out, vigil_error *err)
{
	if (vigil_builtin_drug_count != 1)
		return vigil_fail(err, VIGIL_EINVAL, "vigil was built with %zu drug lists (want 1)",
		                  vigil_builtin_drug_count);
	char source[96];
	snprintf(source, sizeof source, "builtin:%s", vigil_builtin_drugs[0].file);
	return vigil_drugs_parse(source, vigil_builtin_drugs[0].text, out, err);
}

void vigil_drugs_free(vigil_drugs *d)
{
	if (d)
		free(d->text);
	free(d);
}

size_t vigil_drugs_count(const vigil_drugs *d)
{
	return d ? d->ndrugs : 0;
}

const vigil_drug *vigil_drugs_at(const vigil_drugs *d, size_t i)
{
	return d && i < d->ndrugs ? &d->drugs[i] : NULL;
}

const vigil_drug *vigil_drugs_find(const vigil_drugs *d, const char *key)
{
	for (size_t i = 0; d && key && i < d->ndrugs; i++)
		if (!strcasecmp(d->drugs[i].key, key))
			return &d->drugs[i];
	return NULL;
}

/* "a, b or c" into buf. */
static void or_list(const char *const *words, size_t n, char *buf, size_t size)
{
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
		                        i == 0 ? "" : i + 1 == n ? " or " : ", ", words[i]);
}

vigil_status vigil_drugs_lookup(const vigil_drugs *d, const char *key, const vigil_drug **out,
                                vigil_error *err)
{
	*out = vigil_drugs_find(d, key);
	if (*out)
		return VIGIL_OK;
	const char *keys[VIGIL_DRUGS_MAX];
	size_t n = vigil_drugs_count(d);
	for (size_t i = 0; i < n; i++)
		keys[i] = d->drugs[i].key;
	char list[VIGIL_DRUGS_MAX * (VIGIL_DRUG_KEY_MAX + 4)], shown[VIGIL_DRUG_KEY_MAX * 4 + 8];
	or_list(keys, n, list, sizeof list);
	vigil_text_escape(key ? key : "", shown, sizeof shown);
	return vigil_fail(err, VIGIL_EINVAL, "unknown drug '%s' (use %s)", shown, list);
}

size_t vigil_substances_count(const vigil_drugs *d)
{
	return d ? d->nsubstances : 0;
}

const vigil_substance *vigil_substances_at(const vigil_drugs *d, size_t i)
{
	return d && i < d->nsubstances ? &d->substances[i] : NULL;
}

vigil_status vigil_substances_lookup(const vigil_drugs *d, const char *key,
                                     const vigil_substance **out, vigil_error *err)
{
	const char *keys[VIGIL_SUBSTANCES_MAX] = { NULL };
	size_t n = vigil_substances_count(d);
	for (size_t i = 0; i < n; i++) {
		if (key && !strcasecmp(d->substances[i].key, key)) {
			*out = &d->substances[i];
			return VIGIL_OK;
		}
		keys[i] = d->substances[i].key;
	}
	*out = NULL;
	char list[VIGIL_SUBSTANCES_MAX * (VIGIL_DRUG_KEY_MAX + 4)], shown[VIGIL_DRUG_KEY_MAX * 4 + 8];
	or_list(keys, n, list, sizeof list);
	vigil_text_escape(key ? key : "", shown, sizeof shown);
	if (!n)
		return vigil_fail(err, VIGIL_EINVAL, "unknown substance '%s' (the drug list in force "
		                  "names none)", shown);
	return vigil_fail(err, VIGIL_EINVAL, "unknown substance '%s' (use %s)", shown, list);
}

const char *vigil_drugs_origin(const vigil_drugs *d)
{
	return d ? d->origin : "";
}

const char *vigil_drugs_text(const vigil_drugs *d)
{
	return d ? d->text : "";
}

const char *vigil_drugs_hash(const vigil_drugs *d)
{
	return d ? d->hash : "";
}

vigil_status vigil_drug_unit_lookup(const vigil_drug *drug, const char *text,
                                    const vigil_drug_unit **out, vigil_error *err)
{
	const char *names[VIGIL_DRUG_UNITS_MAX];
	for (size_t i = 0; i < drug->nunits; i++) {
		if (text && !strcasecmp(drug->units[i].unit, text)) {
			*out = &drug->units[i];
			return VIGIL_OK;
		}
		names[i] = drug->units[i].unit;
	}
	*out = NULL;
	char list[VIGIL_DRUG_UNITS_MAX * (VIGIL_DRUG_UNIT_MAX + 4)], shown[48];
	or_list(names, drug->nunits, list, sizeof list);
	vigil_text_escape(text ? text : "", shown, sizeof shown);
	return vigil_fail(err, VIGIL_EINVAL, "'%s' is not a unit for %s (use %s)", shown, drug->key,
	                  list);
}

vigil_status vigil_drug_route_lookup(const vigil_drug *drug, const char *text,
                                     const char **out, vigil_error *err)
{
	const char *names[VIGIL_DRUG_ROUTES_MAX];
	for (size_t i = 0; i < drug->nroutes; i++) {
		if (text && !strcasecmp(drug->routes[i], text)) {
			*out = drug->routes[i];
			return VIGIL_OK;
		}
		names[i] = drug->routes[i];
	}
	*out = NULL;
	char list[VIGIL_DRUG_ROUTES_MAX * (VIGIL_DRUG_ROUTE_MAX + 4)], shown[48];
	or_list(names, drug->nroutes, list, sizeof list);
	vigil_text_escape(text ? text : "", shown, sizeof shown);
	return vigil_fail(err, VIGIL_EINVAL, "'%s' is not a route for %s (use %s)", shown,
	                  drug->key, list);
}

bool vigil_drug_treats(const vigil_drug *drug, const char *scale)
{
	for (size_t i = 0; drug && scale && i < drug->nfor; i++)
		if (!strcasecmp(drug->for_scales[i], scale))
			return true;
	return false;
}

/* ---- the list in force ------------------------------------------------- */

#define DRUGS_KEY "drugs" /* the one row key in drug_lists */

struct installed {
	vigil_drugs **out;
	vigil_status status;
	vigil_error *err;
};

static int take_installed(const vigil_stored_protocol *sp, void *ctx)
{
	struct installed *in = ctx;
	char source[300], when[VIGIL_TIME_LOCAL_LEN];
	snprintf(source, sizeof source, "installed:%s", sp->source);
	vigil_drugs *d;
	in->status = vigil_drugs_parse(source, sp->text, &d, in->err);
	if (in->status != VIGIL_OK)
		return 1;
	vigil_time_format_local(sp->installed_at, when, sizeof when);
	snprintf(d->origin, sizeof d->origin, "installed %s by %s from %s", when, sp->installed_by,
	         sp->source);
	vigil_drugs_free(*in->out);
	*in->out = d;
	return 0;
}

vigil_status vigil_drugs_load(vigil_session *session, vigil_drugs **out, vigil_error *err)
{
	vigil_status s = vigil_drugs_builtin(out, err);
	if (s != VIGIL_OK)
		return s;
	struct installed in = { .out = out, .status = VIGIL_OK, .err = err };
	s = vigil_store_drugs_each(session->db, take_installed, &in, err);
	if (s == VIGIL_OK)
		s = in.status;
	if (s != VIGIL_OK) {
		vigil_drugs_free(*out);
		*out = NULL;
	}
	return s;
}

vigil_status vigil_drugs_install(vigil_session *session, const char *source, const char *text,
                                 vigil_error *err)
{
	vigil_status s = vigil_require(session, VIGIL_ACT_DRUGS, err);
	if (s == VIGIL_OK)
		s = vigil_text_check("file name", source, SOURCE_CHARS, true, err);
	if (s != VIGIL_OK)
		return s;
	vigil_drugs *d;
	if ((s = vigil_drugs_parse(source, text, &d, err)) != VIGIL_OK)
		return s;
	vigil_time now;
	if ((s = vigil_clock_now(&now, err)) == VIGIL_OK) {
		const char *slash = strrchr(source, '/');
		vigil_stored_protocol sp = { .scale = DRUGS_KEY, .source = slash ? slash + 1 : source,
			                     .text = text, .hash = d->hash, .installed_at = now };
		s = vigil_store_drugs_insert(session->db, session->user.name, &sp, err);
	}
	vigil_drugs_free(d);
	return s;
}
