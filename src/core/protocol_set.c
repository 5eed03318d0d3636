/* protocol_set.c - the protocols in force: those compiled in, replaced by
 * any a unit installed into its database; and installing one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "protocol_internal.h"
#include "builtin.h"
#include "vigil/drugs.h"
#include "vigil/store.h"

#define PROTOCOLS_MAX 64
#define SOURCE_CHARS 200

struct vigil_protocols {
	const vigil_scales *scales;
	vigil_drugs *drugs; /* the drug list in force, kept with the protocols */
	size_t n;
	vigil_protocol *list[PROTOCOLS_MAX];
};

void vigil_protocols_free(vigil_protocols *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n; i++)
		vigil_protocol_free(set->list[i]);
	vigil_drugs_free(set->drugs);
	free(set);
}

const vigil_drugs *vigil_protocols_drugs(const vigil_protocols *set)
{
	return set ? set->drugs : NULL;
}

const vigil_scales *vigil_protocols_scales(const vigil_protocols *set)
{
	return set ? set->scales : NULL;
}

size_t vigil_protocols_count(const vigil_protocols *set)
{
	return set ? set->n : 0;
}

const vigil_protocol *vigil_protocols_at(const vigil_protocols *set, size_t i)
{
	return set && i < set->n ? set->list[i] : NULL;
}

static ptrdiff_t find_index(const vigil_protocols *set, const char *scale)
{
	for (size_t i = 0; set && scale && i < set->n; i++)
		if (!strcasecmp(set->list[i]->scale, scale))
			return (ptrdiff_t)i;
	return -1;
}

const vigil_protocol *vigil_protocols_find(const vigil_protocols *set, const char *scale)
{
	ptrdiff_t i = find_index(set, scale);
	return i < 0 ? NULL : set->list[i];
}

/* Takes p: replaces the protocol of the same scale, or adds it. */
static vigil_status put(vigil_protocols *set, vigil_protocol *p, vigil_error *err)
{
	ptrdiff_t i = find_index(set, p->scale);
	if (i >= 0) {
		vigil_protocol_free(set->list[i]);
		set->list[i] = p;
		return VIGIL_OK;
	}
	if (set->n == PROTOCOLS_MAX) {
		vigil_protocol_free(p);
		return vigil_fail(err, VIGIL_EINVAL, "more than %d protocols", PROTOCOLS_MAX);
	}
	set->list[set->n++] = p;
	return VIGIL_OK;
}

static vigil_status load_builtin(vigil_protocols *set, vigil_error *err)
{
	for (size_t i = 0; i < vigil_builtin_protocol_count; i++) {
		char source[96];
		vigil_protocol *p;
		snprintf(source, sizeof source, "builtin:%s", vigil_builtin_protocols[i].file);
		/* A scale a unit has not loaded has no use for its protocol. */
		vigil_status s = protocol_parse_known(source, vigil_builtin_protocols[i].text,
		                                      set->scales, &p, err);
		if (s == VIGIL_OK && p)
			s = put(set, p, err);
		if (s != VIGIL_OK)
			return s;
	}
	return VIGIL_OK;
}

vigil_status vigil_protocols_builtin(const vigil_scales *scales, vigil_protocols **out,
                                     vigil_error *err)
{
	*out = NULL;
	vigil_protocols *set = calloc(1, sizeof *set);
	if (!set)
		return vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	set->scales = scales;
	vigil_status s = load_builtin(set, err);
	if (s == VIGIL_OK)
		s = vigil_drugs_builtin(&set->drugs, err);
	if (s != VIGIL_OK) {
		vigil_protocols_free(set);
		return s;
	}
	*out = set;
	return VIGIL_OK;
}

struct installed {
	vigil_protocols *set;
	vigil_status status;
	vigil_error *err;
};

static int add_installed(const vigil_stored_protocol *sp, void *ctx)
{
	struct installed *in = ctx;
	char source[300], when[VIGIL_TIME_LOCAL_LEN], origin[400];
	vigil_protocol *p;
	snprintf(source, sizeof source, "installed:%s", sp->source);
	vigil_status s = vigil_protocol_parse(source, sp->text, in->set->scales, &p, in->err);
	if (s == VIGIL_OK && strcasecmp(p->scale, sp->scale) != 0) {
		s = vigil_fail(in->err, VIGIL_EDB, "%s: installed for %s but names %s", source,
		               sp->scale, p->scale);
		vigil_protocol_free(p);
	}
	if (s == VIGIL_OK) {
		vigil_time_format_local(sp->installed_at, when, sizeof when);
		snprintf(origin, sizeof origin, "installed %s by %s from %s", when, sp->installed_by,
		         sp->source);
		s = protocol_set_origin(p, origin, in->err);
		if (s == VIGIL_OK)
			s = put(in->set, p, in->err);
		else
			vigil_protocol_free(p);
	}
	in->status = s;
	return s != VIGIL_OK;
}

vigil_status vigil_protocols_load(vigil_session *session, const vigil_scales *scales,
                                  vigil_protocols **out, vigil_error *err)
{
	vigil_status s = vigil_protocols_builtin(scales, out, err);
	if (s != VIGIL_OK)
		return s;
	struct installed in = { .set = *out, .status = VIGIL_OK, .err = err };
	s = vigil_store_protocol_each(session->db, add_installed, &in, err);
	if (s == VIGIL_OK)
		s = in.status;
	vigil_drugs *drugs;
	if (s == VIGIL_OK && (s = vigil_drugs_load(session, &drugs, err)) == VIGIL_OK) {
		vigil_drugs_free((*out)->drugs);
		(*out)->drugs = drugs;
	}
	if (s != VIGIL_OK) {
		vigil_protocols_free(*out);
		*out = NULL;
	}
	return s;
}

vigil_status vigil_protocol_install(vigil_session *session, const vigil_scales *scales,
                                    const char *source, const char *text,
                                    vigil_error *err)
{
	vigil_status s = vigil_require(session, VIGIL_ACT_PROTOCOL, err);
	if (s == VIGIL_OK)
		s = vigil_text_check("file name", source, SOURCE_CHARS, true, err);
	if (s != VIGIL_OK)
		return s;
	vigil_protocol *p;
	if ((s = vigil_protocol_parse(source, text, scales, &p, err)) != VIGIL_OK)
		return s;
	vigil_time now;
	if ((s = vigil_clock_now(&now, err)) == VIGIL_OK) {
		/* The base name: where it came from, not the admin's folders. */
		const char *slash = strrchr(source, '/');
		vigil_stored_protocol sp = { .scale = p->scale, .source = slash ? slash + 1 : source,
			                     .text = text, .hash = p->hash, .installed_at = now };
		s = vigil_store_protocol_insert(session->db, session->user.name, &sp, err);
	}
	vigil_protocol_free(p);
	return s;
}
