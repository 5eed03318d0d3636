/* clock.h - the one source of "now", and time parsing and formatting.
 * Times are seconds since the epoch (UTC); they are stored in UTC and
 * shown in local time. */
#ifndef VIGIL_CLOCK_H
#define VIGIL_CLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "vigil/error.h"

typedef int64_t vigil_time;

/* Buffer sizes that always suffice for the formatters below. */
#define VIGIL_TIME_UTC_LEN 24   /* 2026-11-21T14:30:00Z */
#define VIGIL_TIME_ISO_LEN 32   /* 2026-11-21T14:30:00+01:00 */
#define VIGIL_TIME_LOCAL_LEN 24 /* 2026-11-21 14:30 */

/* Now, or the instant named by $VIGIL_NOW (ISO 8601) when set. A malformed
 * VIGIL_NOW is an error, not silently ignored. */
vigil_status vigil_clock_now(vigil_time *out, vigil_error *err);

/* Whether this process works on a training database: only then does
 * VIGIL_NOW (or any other test override) count; otherwise vigil_clock_now
 * refuses while it is set. Set when a database is opened or created. */
void vigil_training_set(bool training);
bool vigil_training(void);

/* Pins the clock to t for this process (0 unpins). Used to build the demo
 * ward as if each entry had been made at its time; VIGIL_NOW still wins
 * (a pinned time wins over VIGIL_NOW). */
void vigil_clock_pin(vigil_time t);

/* Parses ISO 8601: "2026-11-21 14:30", "2026-11-21T14:30[:SS]", with an
 * optional "Z" or "+HH:MM"/"+HHMM"/"+HH" offset. Without an offset the time
 * is local. A date alone ("2026-11-21") means local midnight. */
vigil_status vigil_time_parse(const char *text, vigil_time *out, vigil_error *err);

/* A time as a person types it, the one rule for every face:
 *   "HH:MM" (or "H:MM"): the latest such time at or before now, so 23:50
 *     typed at 00:30 is last night; up to an hour ahead is refused as a
 *     slip rather than read as yesterday;
 *   "2h ago", "1d 4h ago", "90m ago": that long before now;
 *   ISO 8601 as vigil_time_parse ("2026-11-21 14:30", "...T14:30Z").
 * Before the year 2000 is refused: no ward keeps such records, and 0
 * means "now" to the rest of the core. */
#define VIGIL_TIME_EARLIEST 946684800 /* 2000-01-01T00:00:00Z */
vigil_status vigil_time_typed(const char *text, vigil_time now, vigil_time *out,
                              vigil_error *err);
/* How a typed time was read, for a preview before saving:
 * "today 13:20, 17m ago", "yesterday 23:00, 14h 37m ago",
 * "Sat 2026-11-28 08:00, 2d 5h ago", "today 14:00, in 20m". */
#define VIGIL_TIME_WORDS_LEN 64
void vigil_time_typed_words(vigil_time t, vigil_time now, char *buf, size_t size);

/* The stored form: "2026-11-21T14:30:00Z". */
void vigil_time_format_utc(vigil_time t, char *buf, size_t size);
/* Parses exactly the stored form; returns 0 on success, -1 otherwise. */
int vigil_time_parse_utc(const char *text, vigil_time *out);
/* Local time with its offset: "2026-11-21T15:30:00+01:00" (exports). */
void vigil_time_format_iso(vigil_time t, char *buf, size_t size);
/* Local time for people: "2026-11-21 15:30". */
void vigil_time_format_local(vigil_time t, char *buf, size_t size);
/* A duration in words for screens: "45m", "3h 10m", "2d 4h". */
void vigil_duration_format(int64_t seconds, char *buf, size_t size);

#endif
