/* legend.h - one set of status marks and words for every face: the
 * terminal interface's lists, `vigil history` and `show`, the exports and
 * the handover say the same thing the same way (vigil(1) LEGEND). */
#ifndef VIGIL_LEGEND_H
#define VIGIL_LEGEND_H

#include <stdbool.h>
#include <stddef.h>
#include "vigil/assessment.h"

/* Where a record stands, as every list shows it. */
typedef enum vigil_standing {
	VIGIL_STANDING_FINAL,     /* current, never corrected */
	VIGIL_STANDING_CORRECTED, /* current, and the correction of an earlier record */
	VIGIL_STANDING_AMENDED,   /* superseded by a correction: kept, not in force */
	VIGIL_STANDING_IN_ERROR   /* entered in error: kept, not in force */
} vigil_standing;

vigil_standing vigil_standing_of(vigil_assess_status status, bool corrects);

/* "final", "corrected", "amended", "entered in error": where a person reads. */
const char *vigil_standing_word(vigil_standing standing);
/* "final", "corrected", "amended", "entered-in-error": one word, for CSV. */
const char *vigil_standing_key(vigil_standing standing);
/* The mark in a list's status column: ' ', 'C', 'A' or 'X'. */
char vigil_standing_mark(vigil_standing standing);
/* What was done to a record no longer in force, for `show`'s "... by" and
 * "... at" lines: "corrected" (amended), "marked" (as entered in
 * error), "" (final, corrected: nothing was done to it). */
const char *vigil_standing_by_word(vigil_standing standing);

/* Marks beside a record's time in every list. */
#define VIGIL_MARK_LATE 'L' /* entered more than an hour after it was performed */
#define VIGIL_MARK_NOTE 'n' /* has a note */

/* A record's marks in a fixed order, NUL-terminated, blanks kept so that
 * columns line up: late, standing, note ("L  ", " Cn", "   "). */
#define VIGIL_MARKS_LEN 4
void vigil_marks(bool late, vigil_standing standing, bool has_note, char out[VIGIL_MARKS_LEN]);

/* The whole legend, mark and meaning, for help screens and key lines. */
typedef struct vigil_legend_entry {
	char mark;
	const char *meaning;
} vigil_legend_entry;
const vigil_legend_entry *vigil_legend(size_t *count);
/* One mark's meaning ("late entry (entered over an hour after it was
 * done)"), "" for a mark the legend does not have. */
const char *vigil_mark_meaning(char mark);

#endif
