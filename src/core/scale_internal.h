/* scale_internal.h - helpers shared by the scale files in src/core only */
#ifndef VIGIL_SCALE_INTERNAL_H
#define VIGIL_SCALE_INTERNAL_H

#include <stddef.h>

/* Appends word to a ", "-separated list in buf (which starts as ""). When
 * the buffer runs short the list ends in "..." rather than a cut word, so
 * a message never names half an item. */
void vigil_list_add(char *buf, size_t size, const char *word);

/* Text from a user or a file, escaped for a message and shortened with
 * "..." when longer than the buffer; returns buf. */
const char *vigil_shown(const char *text, char *buf, size_t size);

/* Puts a definition pinned in the database in force (scale_defs.c),
 * replacing the built-in one of its key unless $VIGIL_SCALES replaced that
 * (training). Takes ownership of scale. */
struct vigil_scales;
struct vigil_scale;
#include "vigil/error.h"
vigil_status scales_put_pinned(struct vigil_scales *set, struct vigil_scale *scale,
                               const char *origin, vigil_error *err);

#endif
