/* settings.c - the ward's settings: a table of the known ones, their
 * values checked and put in one canonical form, changed by an admin only
 * (the store audits the change), and the idle lock the terminal interface
 * runs by. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scale_internal.h"
#include "vigil/settings.h"
#include "vigil/store.h"

struct known {
	const char *name, *default_value, *description;
	/* Checks text and gives the canonical form and, for the caller that
	 * runs by it, the number. */
	vigil_status (*check)(const struct known *k, const char *text, char *canonical,
	                      size_t size, long *number, vigil_error *err);
};

/* ---- durations ------------------------------------------------------ */

/* "0", or numbers each with a unit: "90s", "5m", "1h30m", "10min", "1d".
 * Not vigil_duration_parse: that one has no seconds and no 0, which a lock
 * needs. Returns false for anything else. */
static bool duration_read(const char *text, long *out)
{
	static const struct { const char *unit; long seconds; } units[] = {
		{ "min", 60 }, { "d", 86400 }, { "h", 3600 }, { "m", 60 }, { "s", 1 },
	};
	const char *s = text;
	long total = 0;
	if (strcmp(s, "0") == 0) {
		*out = 0;
		return true;
	}
	while (*s) {
		if (*s < '0' || *s > '9')
			return false;
		long n = 0;
		for (; *s >= '0' && *s <= '9'; s++)
			if ((n = n * 10 + (*s - '0')) > 100L * 86400) /* far past any bound */
				return false;
		size_t i = 0, count = sizeof units / sizeof units[0];
		while (i < count && strncmp(s, units[i].unit, strlen(units[i].unit)) != 0)
			i++;
		if (i == count)
			return false;
		s += strlen(units[i].unit);
		if ((total += n * units[i].seconds) > 100L * 86400)
			return false;
	}
	*out = total;
	return s != text;
}

/* The one way a duration is stored and shown: "1h30m", "1m30s", "0". */
static void duration_write(long secs, char *buf, size_t size)
{
	long h = secs / 3600, m = secs % 3600 / 60, s = secs % 60;
	size_t n = 0;
	buf[0] = '\0';
	if (secs == 0)
		snprintf(buf, size, "0");
	if (h && n < size)
		n += (size_t)snprintf(buf + n, size - n, "%ldh", h);
	if (m && n < size)
		n += (size_t)snprintf(buf + n, size - n, "%ldm", m);
	if (s && n < size)
		snprintf(buf + n, size - n, "%lds", s);
}

static vigil_status idle_lock_check(const struct known *k, const char *text, char *canonical,
                                    size_t size, long *number, vigil_error *err)
{
	char b[48], bound[16];
	long secs;
	if (!duration_read(text, &secs))
		return vigil_fail(err, VIGIL_EINVAL,
		                  "%s: '%s' is not a duration (e.g. 5m, 90s; 0 never locks)", k->name,
		                  vigil_shown(text, b, sizeof b));
	if (secs > 0 && secs < VIGIL_IDLE_LOCK_MIN) {
		/* A lock that shuts while a nurse reads one item's anchors gets
		 * worked around; a unit was most likely left off. */
		duration_write(VIGIL_IDLE_LOCK_MIN, bound, sizeof bound);
		return vigil_fail(err, VIGIL_EINVAL, "%s: '%s' is shorter than %s (0 never locks)",
		                  k->name, vigil_shown(text, b, sizeof b), bound);
	}
	if (secs > VIGIL_IDLE_LOCK_MAX) {
		duration_write(VIGIL_IDLE_LOCK_MAX, bound, sizeof bound);
		return vigil_fail(err, VIGIL_EINVAL, "%s: '%s' is longer than %s (0 never locks)",
		                  k->name, vigil_shown(text, b, sizeof b), bound);
	}
	duration_write(secs, canonical, size);
	*number = secs;
	return VIGIL_OK;
}

/* ---- the known settings --------------------------------------------- */

static const struct known known[] = {
	{ "idle-lock", "5m",
	  "lock the terminal interface after this long without a key (0: never)",
	  idle_lock_check },
};

#define NKNOWN (sizeof known / sizeof known[0])

static vigil_status find(const char *name, const struct known **out, vigil_error *err)
{
	char names[128] = "", b[48];
	for (size_t i = 0; i < NKNOWN; i++) {
		if (name && strcmp(name, known[i].name) == 0) {
			*out = &known[i];
			return VIGIL_OK;
		}
		vigil_list_add(names, sizeof names, known[i].name);
	}
	return vigil_fail(err, VIGIL_ENOTFOUND, "unknown setting '%s' (settings: %s)",
	                  vigil_shown(name ? name : "", b, sizeof b), names);
}

/* The value in force: the stored one, else the default. A stored value
 * that does not check was written by another program (vigil stores only
 * canonical forms), so nothing runs by it. */
static vigil_status value_in_force(vigil_db *db, const struct known *k, char *value,
                                   size_t size, long *number, vigil_error *err)
{
	char stored[VIGIL_SETTING_VALUE_BYTES * 2], b[48];
	bool found;
	vigil_status s = vigil_store_setting_get(db, k->name, stored, sizeof stored, &found, err);
	if (s != VIGIL_OK)
		return s;
	if (!found)
		return k->check(k, k->default_value, value, size, number, err);
	if (k->check(k, stored, value, size, number, NULL) != VIGIL_OK)
		return vigil_fail(err, VIGIL_ETAMPER,
		                  "%s: the stored value '%s' is not valid (changed outside vigil); "
		                  "an admin should verify the audit log",
		                  k->name, vigil_shown(stored, b, sizeof b));
	return VIGIL_OK;
}

vigil_status vigil_settings_each(vigil_session *session, vigil_setting_fn fn, void *ctx,
                                 vigil_error *err)
{
	vigil_status s = vigil_require(session, VIGIL_ACT_VIEW, err);
	for (size_t i = 0; s == VIGIL_OK && i < NKNOWN; i++) {
		vigil_setting st = { .name = known[i].name, .default_value = known[i].default_value,
			             .description = known[i].description };
		long number;
		s = value_in_force(session->db, &known[i], st.value, sizeof st.value, &number, err);
		st.is_default = s == VIGIL_OK && strcmp(st.value, st.default_value) == 0;
		if (s == VIGIL_OK && fn(&st, ctx) != 0)
			break;
	}
	return s;
}

vigil_status vigil_setting_check(const char *name, const char *value, char *canonical,
                                 size_t size, vigil_error *err)
{
	const struct known *k;
	long number;
	vigil_status s = find(name, &k, err);
	if (s != VIGIL_OK)
		return s;
	return k->check(k, value ? value : "", canonical, size, &number, err);
}

vigil_status vigil_setting_set(vigil_session *session, const char *name, const char *value,
                               vigil_error *err)
{
	char canonical[VIGIL_SETTING_VALUE_BYTES], now[VIGIL_SETTING_VALUE_BYTES];
	const struct known *k;
	long number;
	vigil_status s = vigil_require(session, VIGIL_ACT_SETTINGS, err);
	if (s == VIGIL_OK && (s = find(name, &k, err)) == VIGIL_OK &&
	    (s = k->check(k, value ? value : "", canonical, sizeof canonical, &number, err)) ==
	            VIGIL_OK)
		s = value_in_force(session->db, k, now, sizeof now, &number, err);
	if (s != VIGIL_OK)
		return s;
	/* Every row in the log is a change someone made. */
	if (strcmp(now, canonical) == 0)
		return vigil_fail(err, VIGIL_EINVAL, "%s is %s already; nothing was changed", k->name,
		                  now);
	return vigil_store_setting_set(session->db, session->user.name, k->name, canonical, err);
}

/* ---- the idle lock -------------------------------------------------- */

/* VIGIL_IDLE_SECONDS, for tests and training: a bare number of seconds,
 * as it always was. */
static vigil_status idle_from_env(const char *env, long *secs, vigil_error *err)
{
	char *end, b[48];
	long v = strtol(env, &end, 10);
	if (*end || end == env || v < 0 || v > VIGIL_IDLE_LOCK_MAX)
		return vigil_fail(err, VIGIL_EINVAL,
		                  "VIGIL_IDLE_SECONDS: '%s' is not a number of seconds "
		                  "(0 to %d; 0 never locks)",
		                  vigil_shown(env, b, sizeof b), VIGIL_IDLE_LOCK_MAX);
	*secs = v;
	return VIGIL_OK;
}

vigil_status vigil_idle_lock_seconds(vigil_db *db, long *secs, vigil_error *err)
{
	const char *env = getenv("VIGIL_IDLE_SECONDS");
	/* A ward's database refuses to open while it is set (the store's
	 * gate); checked again here so a ward never runs by it. */
	if (vigil_db_training(db) && env && *env)
		return idle_from_env(env, secs, err);
	const struct known *k;
	char value[VIGIL_SETTING_VALUE_BYTES];
	vigil_status s = find("idle-lock", &k, err);
	if (s != VIGIL_OK)
		return s;
	return value_in_force(db, k, value, sizeof value, secs, err);
}
