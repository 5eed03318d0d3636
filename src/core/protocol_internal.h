/* protocol_internal.h - shared by the protocol files of the core only */
#ifndef VIGIL_PROTOCOL_INTERNAL_H
#define VIGIL_PROTOCOL_INTERNAL_H

#include "vigil/protocol.h"

/* Says where an installed protocol came from ("installed ... by ..."). */
vigil_status protocol_set_origin(vigil_protocol *p, const char *origin, vigil_error *err);

/* vigil_protocol_parse, but a protocol for a scale not in scales (one a
 * unit has not loaded) is no error: *out is NULL. */
vigil_status protocol_parse_known(const char *source, const char *text,
                                  const vigil_scales *scales, vigil_protocol **out,
                                  vigil_error *err);

/* "hr > 120", "temp >= 38.0": a vital line as written, values in the
 * vital's own form. */
void protocol_vital_limit_words(const vigil_vital_limit *l, char *buf, size_t size);

#endif
