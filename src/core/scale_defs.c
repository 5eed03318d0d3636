/* scale_defs.c - scale definitions pinned in the database: pinning the
 * built-in ones at init, a ward's own installed by an admin, and putting
 * them in force over this vigil's built-in ones. */
#include <stdio.h>
#include <string.h>

#include "builtin.h"
#include "scale_internal.h"
#include "vigil/scale_defs.h"
#include "vigil/store.h"

struct applying {
	vigil_scales *set;
	vigil_status status;
	vigil_error *err;
};

static int apply_one(const vigil_stored_protocol *d, void *ctx)
{
	struct applying *a = ctx;
	vigil_scale *scale;
	char source[200], when[VIGIL_TIME_LOCAL_LEN], origin[160];
	snprintf(source, sizeof source, "%s (in the database)", d->source);
	if ((a->status = vigil_scale_parse(source, d->text, &scale, a->err)) != VIGIL_OK)
		return 1;
	vigil_time_format_local(d->installed_at, when, sizeof when);
	const vigil_scale *builtin = vigil_scales_find(a->set, scale->key);
	bool pinned = strncmp(d->source, "builtin:", 8) == 0;
	if (!pinned)
		snprintf(origin, sizeof origin, "this ward's own: %.60s, installed %s by %s", d->source,
		         when, d->installed_by);
	else if (builtin && builtin->builtin && strcmp(builtin->hash, scale->hash) != 0)
		snprintf(origin, sizeof origin,
		         "pinned %s, differs from this vigil's built-in one: the ward's is used",
		         when);
	else
		snprintf(origin, sizeof origin, "built in (pinned %s)", when);
	a->status = scales_put_pinned(a->set, scale, origin, a->err);
	return a->status != VIGIL_OK;
}

vigil_status vigil_scales_apply_db(vigil_scales *set, vigil_db *db, vigil_error *err)
{
	struct applying a = { set, VIGIL_OK, err };
	vigil_status s = vigil_store_scale_def_each(db, apply_one, &a, err);
	return s != VIGIL_OK ? s : a.status;
}

static vigil_status store_definition(vigil_db *db, const char *actor, const char *action,
                                     const char *source, const char *text,
                                     const vigil_scale *scale, vigil_error *err)
{
	vigil_stored_protocol d = { .scale = scale->key, .source = source, .text = text,
		                    .hash = scale->hash };
	vigil_status s = vigil_clock_now(&d.installed_at, err);
	if (s == VIGIL_OK)
		s = vigil_store_scale_def_insert(db, actor, action, &d, err);
	return s;
}

vigil_status vigil_scales_pin(vigil_db *db, const char *actor, vigil_error *err)
{
	vigil_status s = VIGIL_OK;
	for (size_t i = 0; s == VIGIL_OK && i < vigil_builtin_scale_count; i++) {
		char source[128];
		vigil_scale *scale;
		snprintf(source, sizeof source, "builtin:%s", vigil_builtin_scales[i].file);
		if ((s = vigil_scale_parse(source, vigil_builtin_scales[i].text, &scale, err)) !=
		    VIGIL_OK)
			break;
		s = store_definition(db, actor, "pin", source, vigil_builtin_scales[i].text, scale,
		                     err);
		vigil_scale_free(scale);
	}
	return s;
}

vigil_status vigil_scale_install(vigil_session *session, const char *source, const char *text,
                                 vigil_error *err)
{
	vigil_status s = vigil_require(session, VIGIL_ACT_PROTOCOL, err);
	if (s == VIGIL_OK)
		s = vigil_text_check("file name", source, 200, true, err);
	if (s != VIGIL_OK)
		return s;
	vigil_scale *scale;
	if ((s = vigil_scale_parse(source, text, &scale, err)) != VIGIL_OK)
		return s;
	/* The same text again would only add a row that changes nothing. */
	vigil_scales *now;
	if ((s = vigil_scales_load(&now, err)) == VIGIL_OK &&
	    (s = vigil_scales_apply_db(now, session->db, err)) == VIGIL_OK) {
		const vigil_scale *current = vigil_scales_find(now, scale->key);
		if (current && strcmp(current->hash, scale->hash) == 0)
			s = vigil_fail(err, VIGIL_EINVAL,
			               "%s: the %s definition in force is already this one", source,
			               scale->name);
	}
	vigil_scales_free(now);
	if (s == VIGIL_OK)
		s = store_definition(session->db, session->user.name, "install", source, text, scale,
		                     err);
	vigil_scale_free(scale);
	return s;
}
