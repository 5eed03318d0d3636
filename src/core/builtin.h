/* builtin.h - the data files compiled into vigil (private): the scales
 * (data/scales), the reassessment protocols (data/protocols) and the drug
 * list (data/drugs). build/{scales,protocols,drugs}_builtin.c, written by tools/embed-scales.sh,
 * define the tables; scale_set.c, protocol_set.c and drugs.c parse them at
 * load. */
#ifndef VIGIL_BUILTIN_H
#define VIGIL_BUILTIN_H

#include <stddef.h>

struct vigil_builtin_file {
	const char *file; /* "cows.scale", for messages */
	const char *text; /* the whole file, NUL-terminated */
};

extern const struct vigil_builtin_file vigil_builtin_scales[];
extern const size_t vigil_builtin_scale_count;
extern const struct vigil_builtin_file vigil_builtin_protocols[];
extern const size_t vigil_builtin_protocol_count;
extern const struct vigil_builtin_file vigil_builtin_drugs[];
extern const size_t vigil_builtin_drug_count;

#endif
