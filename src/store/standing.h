/* standing.h - whether a record has been amended or marked entered in
 * error, read from the tables (store-private). A correction or a mark
 * refused by the schema's triggers is explained by what the tables say,
 * under the same write lock, never by the words of the trigger's message. */
#ifndef VIGIL_STORE_STANDING_H
#define VIGIL_STORE_STANDING_H

#include <stdbool.h>
#include <stdint.h>

#include "internal.h"

typedef enum store_record_kind {
	STORE_ASSESSMENT, /* assessments, voids */
	STORE_NOT_DONE,   /* not_done, not_done_voids */
	STORE_CHART       /* chart_entries, chart_voids */
} store_record_kind;

typedef struct store_standing {
	bool amended; /* a later record supersedes it */
	bool voided;  /* it is marked entered in error */
} store_standing;

vigil_status store_read_standing(vigil_db *db, store_record_kind kind, int64_t id,
                                 store_standing *out, vigil_error *err);

/* After a correction (voiding false) or an entered-in-error mark (voiding
 * true) of the record `name` ("assessment 12", "D12") failed with rc:
 * "... is entered in error" or "... has already been amended" when the
 * tables say so, else the database's own failure while `doing`. */
vigil_status store_refused_change(vigil_db *db, store_record_kind kind, int64_t id,
                                  const char *name, bool voiding, int rc, const char *doing,
                                  vigil_error *err);

#endif
