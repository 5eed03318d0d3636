/* protocol_internal.h - shared by the protocol files of the core only */
#ifndef VIGIL_PROTOCOL_INTERNAL_H
#define VIGIL_PROTOCOL_INTERNAL_H

#include "vigil/protocol.h"

/* Says where an installed protocol came from ("installed ... by ..."). */
vigil_status protocol_set_origin(vigil_protocol *p, const char *origin, vigil_error *err);

#endif
