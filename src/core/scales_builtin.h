/* scales_builtin.h - the scale files compiled into vigil (private).
 * build/scales_builtin.c, written by tools/embed-scales.sh from
 * data/scales, defines the table; scale_set.c parses it at load. */
#ifndef VIGIL_SCALES_BUILTIN_H
#define VIGIL_SCALES_BUILTIN_H

#include <stddef.h>

struct vigil_builtin_scale {
	const char *file; /* "cows.scale", for messages */
	const char *text; /* the whole file, NUL-terminated */
};

extern const struct vigil_builtin_scale vigil_builtin_scales[];
extern const size_t vigil_builtin_scale_count;

#endif
