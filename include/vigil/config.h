/* config.h - vigil's configuration file (format in vigil-config(5)): the
 * ward's name, its shifts, the witnesses and the export folder, and the
 * shifts as spans of time.
 *
 * Shifts are a name and a local start time; each runs until the next one
 * starts, the last until the first starts the next day. A shift belongs
 * to the date it starts on, so the night of 24 October runs into the 25th.
 * Without a config file the shifts are day 07:00 and night 19:00. */
#ifndef VIGIL_CONFIG_H
#define VIGIL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include "vigil/clock.h"
#include "vigil/error.h"
#include "vigil/text.h"

#define VIGIL_SHIFTS_MAX 8
#define VIGIL_SHIFT_NAME_MAX 16
#define VIGIL_WARD_NAME_MAX 100
#define VIGIL_DATE_LEN 11 /* "2026-10-24" and its NUL */
#define VIGIL_WITNESS_PATH_MAX 1024

typedef struct vigil_shift_def {
	char name[VIGIL_SHIFT_NAME_MAX + 1];
	int start; /* minutes after local midnight, 0..1439 */
} vigil_shift_def;

typedef struct vigil_config {
	char ward[VIGIL_TEXT_BYTES(VIGIL_WARD_NAME_MAX)]; /* "" when not set */
	size_t nshifts;                                   /* at least 1 */
	vigil_shift_def shifts[VIGIL_SHIFTS_MAX];         /* ascending by start */
	/* Where the audit log's head goes after each commit (witness). */
	bool witness_syslog;
	char witness_file[VIGIL_WITNESS_PATH_MAX + 1]; /* "" when not set */
	/* Where the terminal interface writes exports ("" when not set). */
	char export_dir[VIGIL_WITNESS_PATH_MAX + 1];
} vigil_config;

void vigil_config_defaults(vigil_config *cfg);

/* $VIGIL_CONFIG, else $XDG_CONFIG_HOME/vigil/config, else
 * ~/.config/vigil/config. *named is true when $VIGIL_CONFIG chose it (then
 * the file must exist). */
vigil_status vigil_config_default_path(char *buf, size_t size, bool *named, vigil_error *err);

/* Parses the text of a config file; source names it in messages, which
 * read "source:line: reason". */
vigil_status vigil_config_parse(const char *source, const char *text, vigil_config *out,
                                vigil_error *err);

/* Loads path, or the default path when path is NULL. A missing file at the
 * default location gives the defaults; a file named by --config or
 * $VIGIL_CONFIG must exist. */
vigil_status vigil_config_load(const char *path, vigil_config *out, vigil_error *err);

/* The folder the terminal interface's exports go to: the config's
 * export-dir, else $XDG_DATA_HOME/vigil/exports, else
 * ~/.local/share/vigil/exports; created private (0700, parents too)
 * when missing. */
vigil_status vigil_config_export_dir(const vigil_config *cfg, char *buf, size_t size,
                                     vigil_error *err);

/* One occurrence of a shift: [start, end). */
typedef struct vigil_shift {
	char name[VIGIL_SHIFT_NAME_MAX + 1];
	char date[VIGIL_DATE_LEN]; /* local date it starts on */
	vigil_time start, end;
} vigil_shift;

/* The shift under way at t. */
vigil_status vigil_shift_at(const vigil_config *cfg, vigil_time t, vigil_shift *out,
                            vigil_error *err);
/* The shift called name (case-insensitive) that starts on date
 * ("YYYY-MM-DD"). */
vigil_status vigil_shift_on(const vigil_config *cfg, const char *date, const char *name,
                            vigil_shift *out, vigil_error *err);
/* The latest shift called name that has started by t (the one under way,
 * or the last one finished). */
vigil_status vigil_shift_latest(const vigil_config *cfg, const char *name, vigil_time t,
                                vigil_shift *out, vigil_error *err);

#endif
