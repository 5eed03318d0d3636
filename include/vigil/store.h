/* store.h - persistence used by the core modules (not by the faces).
 * Each write runs in one transaction together with its audit entry. The
 * actor is the user name written to the audit log. */
#ifndef VIGIL_STORE_H
#define VIGIL_STORE_H

#include "vigil/assessment.h"
#include "vigil/audit.h"
#include "vigil/auth.h"
#include "vigil/db.h"
#include "vigil/due.h"
#include "vigil/patient.h"

/* Users. Password hashes are argon2id strings from crypto_pwhash_str. */
vigil_status vigil_store_user_insert(vigil_db *db, const char *actor, vigil_user *user,
                                     const char *pw_hash, vigil_error *err);
vigil_status vigil_store_user_find(vigil_db *db, const char *name, vigil_user *user,
                                   char *pw_hash, size_t hash_size, vigil_error *err);
vigil_status vigil_store_user_set_disabled(vigil_db *db, const char *actor, int64_t id,
                                           vigil_error *err);
vigil_status vigil_store_user_set_enabled(vigil_db *db, const char *actor, int64_t id,
                                          vigil_error *err);
/* Clears the wrong-password count and any lock (audited as "unlock"). */
vigil_status vigil_store_user_unlock(vigil_db *db, const char *actor, int64_t id,
                                     vigil_error *err);
vigil_status vigil_store_user_set_password(vigil_db *db, const char *actor, int64_t id,
                                           const char *pw_hash, vigil_error *err);
/* Login bookkeeping: not audited record data, but a lock is logged;
 * *locked says whether this failure locked the account. */
vigil_status vigil_store_user_login_result(vigil_db *db, int64_t id, bool ok, vigil_time now,
                                           bool *locked, vigil_error *err);
vigil_status vigil_store_user_count(vigil_db *db, int64_t *count, vigil_error *err);
vigil_status vigil_store_user_each(vigil_db *db, vigil_user_fn fn, void *ctx,
                                   vigil_error *err);

/* Patients. */
vigil_status vigil_store_patient_insert(vigil_db *db, const char *actor, vigil_patient *p,
                                        vigil_error *err);
vigil_status vigil_store_patient_find(vigil_db *db, const char *mrn, vigil_patient *p,
                                      vigil_error *err);
vigil_status vigil_store_patient_by_id(vigil_db *db, int64_t id, vigil_patient *p,
                                       vigil_error *err);
/* The patient on the ward in this bed (case-insensitive), if any. */
vigil_status vigil_store_patient_in_bed(vigil_db *db, const char *bed, vigil_patient *p,
                                        bool *found, vigil_error *err);
vigil_status vigil_store_patient_move(vigil_db *db, const char *actor, int64_t id,
                                      const char *bed, vigil_error *err);
vigil_status vigil_store_patient_discharge(vigil_db *db, const char *actor, int64_t id,
                                           vigil_time at, vigil_error *err);
vigil_status vigil_store_patient_each(vigil_db *db, bool all, vigil_patient_fn fn, void *ctx,
                                      vigil_error *err);

/* Assessments: a is stored as given (id, status fields ignored); a->id is
 * set. performer and entered_by must name existing users. */
vigil_status vigil_store_assessment_insert(vigil_db *db, const char *actor, vigil_assessment *a,
                                           vigil_error *err);
vigil_status vigil_store_assessment_get(vigil_db *db, int64_t id, vigil_assessment *a,
                                        vigil_error *err);
vigil_status vigil_store_void_insert(vigil_db *db, const char *actor, int64_t id, vigil_time at,
                                     const char *reason, vigil_error *err);
/* q->mrn must already be known to exist (or be NULL). */
vigil_status vigil_store_assessment_query(vigil_db *db, const vigil_query *q,
                                          vigil_assessment_fn fn, void *ctx, vigil_error *err);

/* Protocols installed in the database (the latest per scale governs). */
typedef struct vigil_stored_protocol {
	int64_t id;
	const char *scale, *source, *text, *hash, *installed_by;
	vigil_time installed_at;
} vigil_stored_protocol;
typedef int (*vigil_stored_protocol_fn)(const vigil_stored_protocol *p, void *ctx);
vigil_status vigil_store_protocol_insert(vigil_db *db, const char *actor,
                                         const vigil_stored_protocol *p, vigil_error *err);
/* The latest installed protocol of each scale, by scale. */
vigil_status vigil_store_protocol_each(vigil_db *db, vigil_stored_protocol_fn fn, void *ctx,
                                       vigil_error *err);

/* Monitoring started and stopped, per patient and scale. */
typedef struct vigil_monitor_event {
	const char *scale;
	bool start;
	vigil_time at;
	const char *by, *reason;
} vigil_monitor_event;
typedef int (*vigil_monitor_fn)(const vigil_monitor_event *e, void *ctx);
vigil_status vigil_store_monitor_insert(vigil_db *db, const char *actor, int64_t patient_id,
                                        const vigil_monitor_event *e, vigil_error *err);
/* A patient's events, oldest first (scale NULL: every scale). */
vigil_status vigil_store_monitor_each(vigil_db *db, int64_t patient_id, const char *scale,
                                      vigil_monitor_fn fn, void *ctx, vigil_error *err);

/* Reassessments not done (due.h); nd->id is set. */
vigil_status vigil_store_not_done_insert(vigil_db *db, const char *actor, vigil_not_done *nd,
                                         vigil_error *err);
vigil_status vigil_store_not_done_void(vigil_db *db, const char *actor, int64_t id,
                                       vigil_time at, const char *reason, vigil_error *err);
vigil_status vigil_store_not_done_get(vigil_db *db, int64_t id, vigil_not_done *nd,
                                      vigil_error *err);
vigil_status vigil_store_not_done_query(vigil_db *db, int64_t patient_id,
                                        const vigil_not_done_query *q, vigil_not_done_fn fn,
                                        void *ctx, vigil_error *err);

/* Audit. */
vigil_status vigil_store_audit_note(vigil_db *db, const char *actor, const char *action,
                                    const char *detail, vigil_error *err);
/* VIGIL_ETAMPER when the record differs from what the log last recorded
 * (entity "user", "patient", "assessment" or "void"). */
vigil_status vigil_store_audit_check(vigil_db *db, const char *entity, int64_t id,
                                     vigil_error *err);
/* expect_head: a head hash noted earlier that must still be on the chain,
 * or NULL. */
vigil_status vigil_store_audit_verify(vigil_db *db, const char *expect_head,
                                      vigil_audit_report *report, vigil_error *err);

#endif
