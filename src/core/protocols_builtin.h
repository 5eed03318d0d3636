/* protocols_builtin.h - the protocol files compiled into vigil (private).
 * build/protocols_builtin.c, written by tools/embed-scales.sh -k protocol
 * from data/protocols, defines the table; protocol_set.c parses it. */
#ifndef VIGIL_PROTOCOLS_BUILTIN_H
#define VIGIL_PROTOCOLS_BUILTIN_H

#include <stddef.h>

struct vigil_builtin_protocol {
	const char *file; /* "cows.protocol", for messages */
	const char *text; /* the whole file, NUL-terminated */
};

extern const struct vigil_builtin_protocol vigil_builtin_protocols[];
extern const size_t vigil_builtin_protocol_count;

#endif
