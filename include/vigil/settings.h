/* settings.h - the ward's settings that weaken safety when loosened (how
 * long an unattended terminal stays open, ...): an admin's to change,
 * kept in the database and audited, never taken from the environment on a
 * ward's database. */
#ifndef VIGIL_SETTINGS_H
#define VIGIL_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include "vigil/auth.h"
#include "vigil/db.h"
#include "vigil/error.h"

/* Room for any setting's canonical value, with its terminating NUL. */
#define VIGIL_SETTING_VALUE_BYTES 32

/* The idle lock when no admin has set one, and its bounds (0 never
 * locks). */
#define VIGIL_IDLE_LOCK_DEFAULT (5 * 60)
#define VIGIL_IDLE_LOCK_MIN 10
#define VIGIL_IDLE_LOCK_MAX (24 * 60 * 60)

typedef struct vigil_setting {
	const char *name;          /* "idle-lock" */
	char value[VIGIL_SETTING_VALUE_BYTES]; /* in force, canonical: "5m" */
	const char *default_value; /* "5m" */
	bool is_default;           /* value is the default (set or not) */
	const char *description;   /* one line */
} vigil_setting;

typedef int (*vigil_setting_fn)(const vigil_setting *setting, void *ctx);

/* Every known setting in a fixed order (every role may look); fn returning
 * non-zero stops early. */
vigil_status vigil_settings_each(vigil_session *session, vigil_setting_fn fn, void *ctx,
                                 vigil_error *err);

/* Checks value for setting name without storing it, and gives its
 * canonical form ("90s" -> "1m30s"), so a face can refuse a typo before
 * asking for a password. An unknown name is refused listing the known
 * ones. */
vigil_status vigil_setting_check(const char *name, const char *value, char *canonical,
                                 size_t size, vigil_error *err);

/* Changes a setting (admin only, audited as entity "setting"), storing its
 * canonical form. */
vigil_status vigil_setting_set(vigil_session *session, const char *name, const char *value,
                               vigil_error *err);

/* Seconds without a key before the terminal interface locks (0 never):
 * the stored idle-lock, else the default. On a training database
 * VIGIL_IDLE_SECONDS, when set, wins (0 to 86400 seconds). */
vigil_status vigil_idle_lock_seconds(vigil_db *db, long *secs, vigil_error *err);

#endif
