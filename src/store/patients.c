/* patients.c - the patients table */
#include <string.h>

#include "internal.h"
#include "vigil/store.h"
#include "vigil/store_scales.h"

#define PATIENT_COLUMNS "id, mrn, name, bed, admitted_at, discharged_at"

static void read_patient(sqlite3_stmt *stmt, vigil_patient *p)
{
	memset(p, 0, sizeof *p);
	p->id = sqlite3_column_int64(stmt, 0);
	store_column_copy(stmt, 1, p->mrn, sizeof p->mrn);
	store_column_copy(stmt, 2, p->name, sizeof p->name);
	store_column_copy(stmt, 3, p->bed, sizeof p->bed);
	p->admitted_at = store_column_time(stmt, 4);
	p->discharged_at = store_column_time(stmt, 5);
}

vigil_status vigil_store_patient_insert(vigil_db *db, const char *actor, vigil_patient *p,
                                        vigil_error *err)
{
	vigil_status s = store_write_begin(db, err);
	if (s != VIGIL_OK)
		return s;
	/* Cached: an import admits many in one transaction. */
	sqlite3_stmt *stmt;
	if ((s = store_prepare_cached(db, &stmt,
	                              "INSERT INTO patients (mrn, name, bed, admitted_at)"
	                              " VALUES (?, ?, ?, ?)",
	                              err)) == VIGIL_OK) {
		store_bind_text(stmt, 1, p->mrn);
		store_bind_text(stmt, 2, p->name);
		store_bind_text(stmt, 3, p->bed);
		store_bind_time(stmt, 4, p->admitted_at);
		int rc = sqlite3_step(stmt);
		if (rc == SQLITE_CONSTRAINT_UNIQUE)
			s = vigil_fail(err, VIGIL_EEXIST, "patient %s is already registered", p->mrn);
		else if (rc != SQLITE_DONE)
			s = store_fail(db, rc, err, "admitting a patient");
		store_release(db, stmt);
	}
	if (s == VIGIL_OK) {
		p->id = sqlite3_last_insert_rowid(db->sql);
		s = store_audit_record(db, actor, "admit", "patient", p->id, err);
	}
	return store_write_end(db, s, err);
}

/* Cached: an import looks up every MRN and bed in its file. */
static vigil_status find_by(vigil_db *db, const char *sql, const char *mrn, int64_t id,
                            vigil_patient *p, vigil_error *err)
{
	sqlite3_stmt *stmt;
	vigil_status s = store_prepare_cached(db, &stmt, sql, err);
	if (s != VIGIL_OK)
		return s;
	if (mrn)
		store_bind_text(stmt, 1, mrn);
	else
		sqlite3_bind_int64(stmt, 1, id);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		read_patient(stmt, p);
	else if (rc == SQLITE_DONE && mrn)
		s = vigil_fail(err, VIGIL_ENOTFOUND, "unknown patient '%s'", mrn);
	else if (rc == SQLITE_DONE)
		s = vigil_fail(err, VIGIL_ENOTFOUND, "unknown patient id %lld", (long long)id);
	else
		s = store_fail(db, rc, err, "reading patients");
	store_release(db, stmt);
	return s;
}

vigil_status vigil_store_patient_find(vigil_db *db, const char *mrn, vigil_patient *p,
                                      vigil_error *err)
{
	return find_by(db, "SELECT " PATIENT_COLUMNS " FROM patients WHERE mrn = ? COLLATE NOCASE", mrn, 0, p, err);
}

vigil_status vigil_store_patient_by_id(vigil_db *db, int64_t id, vigil_patient *p,
                                       vigil_error *err)
{
	return find_by(db, "SELECT " PATIENT_COLUMNS " FROM patients WHERE id = ?", NULL, id, p, err);
}

vigil_status vigil_store_patient_in_bed(vigil_db *db, const char *bed, vigil_patient *p,
                                        bool *found, vigil_error *err)
{
	vigil_status s = find_by(db,
	                         "SELECT " PATIENT_COLUMNS " FROM patients WHERE bed = ? COLLATE"
	                         " NOCASE AND bed != '' AND discharged_at IS NULL ORDER BY id LIMIT 1",
	                         bed, 0, p, err);
	*found = s == VIGIL_OK;
	return s == VIGIL_ENOTFOUND ? VIGIL_OK : s;
}

/* An audited change to a patient still on the ward: sql sets one column
 * to ?1 for id ?2; `done` names the change in the audit log. */
static vigil_status update_on_ward(vigil_db *db, const char *actor, const char *done,
                                   int64_t id, const char *sql, const char *value,
                                   const char *gone, vigil_error *err)
{
	vigil_status s = store_write_begin(db, err);
	if (s != VIGIL_OK)
		return s;
	sqlite3_stmt *stmt;
	if ((s = store_audit_unchanged(db, "patient", id, err)) == VIGIL_OK &&
	    (s = store_prepare(db, &stmt, sql, err)) == VIGIL_OK) {
		store_bind_text(stmt, 1, value);
		sqlite3_bind_int64(stmt, 2, id);
		int rc = sqlite3_step(stmt);
		if (rc != SQLITE_DONE)
			s = store_fail(db, rc, err, "updating a patient");
		else if (sqlite3_changes(db->sql) != 1)
			s = vigil_fail(err, VIGIL_EINVAL, "%s", gone);
		sqlite3_finalize(stmt);
	}
	if (s == VIGIL_OK)
		s = store_audit_record(db, actor, done, "patient", id, err);
	return store_write_end(db, s, err);
}

vigil_status vigil_store_patient_move(vigil_db *db, const char *actor, int64_t id,
                                      const char *bed, vigil_error *err)
{
	return update_on_ward(db, actor, "move", id,
	                      "UPDATE patients SET bed = ?1 WHERE id = ?2 AND discharged_at IS NULL",
	                      bed, "the patient has been discharged", err);
}

vigil_status vigil_store_patient_discharge(vigil_db *db, const char *actor, int64_t id,
                                           vigil_time at, vigil_error *err)
{
	char when[VIGIL_TIME_UTC_LEN];
	vigil_time_format_utc(at, when, sizeof when);
	return update_on_ward(db, actor, "discharge", id,
	                      "UPDATE patients SET discharged_at = ?1 WHERE id = ?2"
	                      " AND discharged_at IS NULL",
	                      when, "the patient is already discharged", err);
}

vigil_status vigil_store_patient_each(vigil_db *db, bool all, vigil_patient_fn fn, void *ctx,
                                      vigil_error *err)
{
	sqlite3_stmt *stmt;
	vigil_status s = store_prepare_cached(db, &stmt,
	                               all ? "SELECT " PATIENT_COLUMNS " FROM patients"
	                                     " ORDER BY discharged_at IS NOT NULL, length(bed), bed, mrn"
	                                   : "SELECT " PATIENT_COLUMNS " FROM patients"
	                                     " WHERE discharged_at IS NULL ORDER BY length(bed), bed, mrn",
	                               err);
	if (s != VIGIL_OK)
		return s;
	int rc;
	vigil_patient p;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		read_patient(stmt, &p);
		if (fn(&p, ctx))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		s = store_fail(db, rc, err, "reading patients");
	store_release(db, stmt);
	return s;
}

vigil_status vigil_store_patient_scales(vigil_db *db, int64_t patient_id,
                                        vigil_scale_key_fn fn, void *ctx, vigil_error *err)
{
	/* A skip scan: each step the next scale after the last on the index. */
	sqlite3_stmt *stmt;
	vigil_status s = store_prepare_cached(
		db, &stmt,
		"WITH RECURSIVE s(scale) AS ("
		" SELECT (SELECT min(scale) FROM assessments WHERE patient_id = ?1)"
		" UNION ALL SELECT (SELECT min(scale) FROM assessments"
		"  WHERE patient_id = ?1 AND scale > s.scale) FROM s WHERE s.scale IS NOT NULL)"
		" SELECT scale FROM s WHERE scale IS NOT NULL",
		err);
	if (s != VIGIL_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, patient_id);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		if (fn((const char *)sqlite3_column_text(stmt, 0), ctx))
			break;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		s = store_fail(db, rc, err, "reading a patient's scales");
	store_release(db, stmt);
	return s;
}
