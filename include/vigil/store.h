/* store.h - persistence used by the core modules (not by the faces).
 * Each write runs in one transaction together with its audit entry. The
 * actor is the user name written to the audit log. */
#ifndef VIGIL_STORE_H
#define VIGIL_STORE_H

#include "vigil/assessment.h"
#include "vigil/audit.h"
#include "vigil/auth.h"
#include "vigil/chart.h"
#include "vigil/db.h"
#include "vigil/due.h"
#include "vigil/patient.h"

/* Users. pw_hash is the password record (auth.c): salt, argon2id
 * parameters and a verifier; user->sign_pk the matching public key. */
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
/* A new password record and key; action "passwd", "reset" or "key". */
vigil_status vigil_store_user_set_password(vigil_db *db, const char *actor, const char *action,
                                           int64_t id, const char *pw_hash, const char *sign_pk,
                                           vigil_error *err);
/* Claims one login try: takes the write lock before the password is
 * checked and keeps it until vigil_store_user_try_end has counted the
 * result, so that however many logins run at once at
 * most VIGIL_LOGIN_TRIES wrong passwords are checked per lock. claimed is
 * false, and nothing written, while the account is locked. */
typedef struct vigil_login_claim {
	bool claimed;      /* the password may be checked */
	bool open;         /* the write transaction is held: end it */
	bool user_locked;  /* lock_fd holds this user's login lock: end it */
	int lock_fd;
	bool had_failures; /* wrong passwords before this try */
	bool keep;         /* set by the caller: something written during the
	                    * check (a new key) must be kept */
	vigil_time now;    /* when the try was made */
} vigil_login_claim;
vigil_status vigil_store_user_claim_try(vigil_db *db, int64_t id, vigil_time now,
                                        vigil_login_claim *claim, vigil_error *err);
/* Ends a claim: a wrong password keeps the count (logged unsigned, as
 * "-"); a right one clears it (logged, signed by actor) or, when there
 * was nothing to clear, writes nothing at all. */
vigil_status vigil_store_user_try_end(vigil_db *db, const char *actor, int64_t id, bool ok,
                                      vigil_login_claim *claim, vigil_error *err);
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

/* Scale definitions pinned in the database (the same fields as a
 * protocol); action "pin" for a built-in one, "install" for a ward's. */
vigil_status vigil_store_scale_def_insert(vigil_db *db, const char *actor, const char *action,
                                          const vigil_stored_protocol *d, vigil_error *err);
/* The latest definition of each scale, by scale. */
vigil_status vigil_store_scale_def_each(vigil_db *db, vigil_stored_protocol_fn fn, void *ctx,
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

/* The rest of the chart (chart.h): e->id is set. A correction (e->supersedes)
 * of an amended or voided entry is refused. */
vigil_status vigil_store_chart_insert(vigil_db *db, const char *actor, vigil_chart_entry *e,
                                      vigil_error *err);
vigil_status vigil_store_chart_void(vigil_db *db, const char *actor, int64_t id, vigil_time at,
                                    const char *reason, vigil_error *err);
vigil_status vigil_store_chart_get(vigil_db *db, int64_t id, vigil_chart_entry *e,
                                   vigil_error *err);
/* patient_id 0: every patient. */
vigil_status vigil_store_chart_query(vigil_db *db, int64_t patient_id, const vigil_chart_query *q,
                                     vigil_chart_fn fn, void *ctx, vigil_error *err);
/* Sum of the current doses of a drug for a patient in [from, to], by unit
 * (fn gets each unit's total, in thousandths). */
typedef int (*vigil_store_dose_sum_fn)(const char *unit, int64_t total, void *ctx);
vigil_status vigil_store_dose_sums(vigil_db *db, int64_t patient_id, const char *drug,
                                   vigil_time from, vigil_time to, vigil_store_dose_sum_fn fn,
                                   void *ctx, vigil_error *err);

/* Drug lists installed in the database (the latest governs). */
vigil_status vigil_store_drugs_insert(vigil_db *db, const char *actor,
                                      const vigil_stored_protocol *d, vigil_error *err);
vigil_status vigil_store_drugs_each(vigil_db *db, vigil_stored_protocol_fn fn, void *ctx,
                                    vigil_error *err);

/* Settings (settings.c): key -> value; set is audited (entity "setting"). */
vigil_status vigil_store_setting_get(vigil_db *db, const char *key, char *buf, size_t size,
                                     bool *found, vigil_error *err);
vigil_status vigil_store_setting_set(vigil_db *db, const char *actor, const char *key,
                                     const char *value, vigil_error *err);
/* Logs the setting as it stands (the kind of database, at init). */
vigil_status vigil_store_setting_audit(vigil_db *db, const char *actor, const char *action,
                                       const char *key, vigil_error *err);

/* Audit. */
/* From now on, audit rows by user name are signed with sk (an Ed25519
 * secret key, 64 bytes); sk NULL forgets name's key, name NULL every key.
 * Keys are wiped on close. A row by a user without a key is refused. */
void vigil_store_set_signer(vigil_db *db, const char *name, const unsigned char *sk);
vigil_status vigil_store_audit_note(vigil_db *db, const char *actor, const char *action,
                                    const char *detail, vigil_error *err);
/* VIGIL_ETAMPER when the record differs from what the log last recorded
 * (entity "user", "patient", "assessment" or "void"). */
vigil_status vigil_store_audit_check(vigil_db *db, const char *entity, int64_t id,
                                     vigil_error *err);
/* heads: witnessed earlier, each must still be on the chain. */
vigil_status vigil_store_audit_verify(vigil_db *db, const vigil_audit_head *heads, size_t nheads,
                                      vigil_audit_report *report, vigil_error *err);
/* The ward key's fingerprint and "SEQ:HASH" of the last row. */
vigil_status vigil_store_audit_head(vigil_db *db, char *ward_key, size_t key_size, char *head,
                                    size_t head_size, vigil_error *err);

/* Records checked before they are shown or built on (audit_check.c):
 * vigil_store_audit_check, refusing in the ward's words: what names the
 * record ("assessment 12", "not-done record N12"). */
vigil_status vigil_store_audit_check_named(vigil_db *db, const char *entity, int64_t id,
                                           const char *what, vigil_error *err);
/* Of the records of entity ("assessment" or "not_done") with these ids,
 * calls fn with each that differs from the audit log, in one query for
 * them all; fn returns non-zero to stop. */
typedef int (*vigil_store_id_fn)(int64_t id, void *ctx);
vigil_status vigil_store_audit_tampered(vigil_db *db, const char *entity, const int64_t *ids,
                                        size_t n, vigil_store_id_fn fn, void *ctx,
                                        vigil_error *err);

#endif
