/* scale_defs.c - the scale definitions a ward uses, pinned in its database
 * (append-only: the latest row of a scale governs; each write audited),
 * stored as protocols are (protocols.c) */
#include "internal.h"
#include "vigil/store.h"

vigil_status vigil_store_scale_def_insert(vigil_db *db, const char *actor, const char *action,
                                          const vigil_stored_protocol *d, vigil_error *err)
{
	return store_definition_insert(db, "scale_defs", "scale_def", actor, action, d, err);
}

vigil_status vigil_store_scale_def_each(vigil_db *db, vigil_stored_protocol_fn fn, void *ctx,
                                        vigil_error *err)
{
	return store_definition_each(db, "scale_defs", fn, ctx, err);
}
