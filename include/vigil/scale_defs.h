/* scale_defs.h - the scale definitions a ward uses, pinned in its database.
 * init pins the built-in ones; an admin installs the ward's own. Every
 * terminal then scores with the database's definitions, whatever this
 * vigil has built in, and each assessment records which one scored it. */
#ifndef VIGIL_SCALE_DEFS_H
#define VIGIL_SCALE_DEFS_H

#include "vigil/auth.h"
#include "vigil/scale.h"

/* Puts the definitions pinned in db in force in set (loaded with
 * vigil_scales_load). One that differs from this vigil's built-in one is
 * kept, and vigil_scales_origin says so. */
vigil_status vigil_scales_apply_db(vigil_scales *set, vigil_db *db, vigil_error *err);

/* Pins every built-in definition in a new database, as actor (init). */
vigil_status vigil_scales_pin(vigil_db *db, const char *actor, vigil_error *err);

/* Installs text (read from source) as the ward's definition of its scale
 * (admin, audited); the whole file is refused with "source:line: reason"
 * when any of it is wrong; the definition in force again is refused as
 * nothing to do. */
vigil_status vigil_scale_install(vigil_session *session, const char *source, const char *text,
                                 vigil_error *err);

#endif
