/* chart.c - doses, vital signs, notes and last use (chart.h): one
 * append-only table of timed entries, each write audited in its
 * transaction; and the drug lists a unit installed. */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "standing.h"
#include "vigil/store.h"

/* The vitals columns follow vigil_vital's order: hr, sys, dia, temp, rr,
 * spo2. */
_Static_assert(VIGIL_VITAL_HR == 0 && VIGIL_VITAL_SYS == 1 && VIGIL_VITAL_DIA == 2 &&
                       VIGIL_VITAL_TEMP == 3 && VIGIL_VITAL_RR == 4 && VIGIL_VITAL_SPO2 == 5,
               "the vitals columns are in vigil_vital's order");

static void bind_kind_columns(sqlite3_stmt *stmt, const vigil_chart_entry *e)
{
	/* ?10..?15 the dose, ?16..?21 the vitals, ?22 the assessment, ?23 the
	 * substance: NULL for any other kind, as the table's checks require. */
	if (e->kind == VIGIL_CHART_DOSE) {
		store_bind_text(stmt, 10, e->dose.drug);
		sqlite3_bind_int64(stmt, 11, e->dose.amount);
		store_bind_text(stmt, 12, e->dose.unit);
		store_bind_text(stmt, 13, e->dose.route);
		store_bind_text(stmt, 14, vigil_dose_kind_key(e->dose.kind));
		store_bind_text(stmt, 15, e->dose.reason);
	}
	if (e->kind == VIGIL_CHART_VITALS) {
		for (int v = 0; v < VIGIL_VITAL_COUNT; v++)
			if (e->vitals.has[v])
				sqlite3_bind_int(stmt, 16 + v, e->vitals.value[v]);
		if (e->vitals.assessment_id)
			sqlite3_bind_int64(stmt, 22, e->vitals.assessment_id);
	}
	if (e->kind == VIGIL_CHART_LAST_USE)
		store_bind_text(stmt, 23, e->substance);
}

vigil_status vigil_store_chart_insert(vigil_db *db, const char *actor, vigil_chart_entry *e,
                                      vigil_error *err)
{
	char name[32];
	vigil_chart_entry_name(e->kind, e->supersedes, name, sizeof name);
	vigil_status s = store_write_begin(db, err);
	if (s != VIGIL_OK)
		return s;
	sqlite3_stmt *stmt;
	if ((s = store_prepare_cached(
		     db, &stmt,
		     "INSERT INTO chart_entries (patient_id, kind, at, entered_at, performer_id,"
		     " entered_by_id, late, note, supersedes_id, drug, amount, unit, route, dose_kind,"
		     " reason, hr, sys, dia, temp, rr, spo2, assessment_id, substance, amend_reason)"
		     " VALUES (?1, ?2, ?3, ?4, (SELECT id FROM users WHERE name = ?5),"
		     " (SELECT id FROM users WHERE name = ?6), ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
		     " ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)",
		     err)) == VIGIL_OK) {
		sqlite3_bind_int64(stmt, 1, e->patient_id);
		store_bind_text(stmt, 2, vigil_chart_kind_key(e->kind));
		store_bind_time(stmt, 3, e->at);
		store_bind_time(stmt, 4, e->entered_at);
		store_bind_text(stmt, 5, e->performer);
		store_bind_text(stmt, 6, e->entered_by);
		sqlite3_bind_int(stmt, 7, e->late ? 1 : 0);
		store_bind_text(stmt, 8, e->note);
		if (e->supersedes)
			sqlite3_bind_int64(stmt, 9, e->supersedes);
		bind_kind_columns(stmt, e);
		store_bind_text(stmt, 24, e->amend_reason);
		int rc = sqlite3_step(stmt);
		/* A correction of another kind or patient is the core's to refuse
		 * first; the trigger behind it reports in the database's words. */
		if (rc != SQLITE_DONE && e->supersedes)
			s = store_refused_change(db, STORE_CHART, e->supersedes, name, false, rc,
			                         "saving the chart entry", err);
		else if (rc != SQLITE_DONE)
			s = store_fail(db, rc, err, "saving the chart entry");
		else
			e->id = sqlite3_last_insert_rowid(db->sql);
		sqlite3_reset(stmt);
		sqlite3_clear_bindings(stmt);
		store_release(db, stmt);
	}
	if (s == VIGIL_OK)
		s = store_audit_record(db, actor, e->supersedes ? "amend" : vigil_chart_kind_key(e->kind),
		                       "chart", e->id, err);
	return store_write_end(db, s, err);
}

vigil_status vigil_store_chart_void(vigil_db *db, const char *actor, int64_t id, vigil_time at,
                                    const char *reason, vigil_error *err)
{
	vigil_status s = store_write_begin(db, err);
	if (s != VIGIL_OK)
		return s;
	sqlite3_stmt *stmt;
	if ((s = store_prepare(db, &stmt,
	                       "INSERT INTO chart_voids (entry_id, voided_by_id, voided_at, reason)"
	                       " VALUES (?, (SELECT id FROM users WHERE name = ?), ?, ?)",
	                       err)) == VIGIL_OK) {
		sqlite3_bind_int64(stmt, 1, id);
		store_bind_text(stmt, 2, actor);
		store_bind_time(stmt, 3, at);
		store_bind_text(stmt, 4, reason);
		int rc = sqlite3_step(stmt);
		if (rc != SQLITE_DONE) {
			char name[32];
			snprintf(name, sizeof name, "entry %lld", (long long)id);
			s = store_refused_change(db, STORE_CHART, id, name, true, rc,
			                         "marking the entry entered in error", err);
		}
		sqlite3_finalize(stmt);
	}
	if (s == VIGIL_OK)
		s = store_audit_record(db, actor, "void", "chart_void", id, err);
	return store_write_end(db, s, err);
}

static const char chart_columns[] =
	"SELECT c.id, c.patient_id, p.mrn, c.kind, c.at, c.entered_at, pu.name, eu.name, c.late,"
	" c.note, c.drug, c.amount, c.unit, c.route, c.dose_kind, c.reason,"
	" c.hr, c.sys, c.dia, c.temp, c.rr, c.spo2, c.assessment_id, c.substance,"
	" c.supersedes_id, c.amend_reason,"
	" s.id, su.name, s.entered_at, s.amend_reason, v.voided_at, vu.name, v.reason"
	" FROM chart_entries c JOIN patients p ON p.id = c.patient_id"
	" JOIN users pu ON pu.id = c.performer_id JOIN users eu ON eu.id = c.entered_by_id"
	" LEFT JOIN chart_entries s ON s.supersedes_id = c.id"
	" LEFT JOIN users su ON su.id = s.entered_by_id"
	" LEFT JOIN chart_voids v ON v.entry_id = c.id"
	" LEFT JOIN users vu ON vu.id = v.voided_by_id";

static vigil_chart_kind kind_of(const char *key)
{
	for (int k = 0; k < VIGIL_CHART_KINDS; k++)
		if (key && !strcmp(vigil_chart_kind_key((vigil_chart_kind)k), key))
			return (vigil_chart_kind)k;
	return VIGIL_CHART_KINDS;
}

static void read_kind_columns(sqlite3_stmt *st, vigil_chart_entry *e)
{
	if (e->kind == VIGIL_CHART_DOSE) {
		store_column_copy(st, 10, e->dose.drug, sizeof e->dose.drug);
		e->dose.amount = sqlite3_column_int64(st, 11);
		store_column_copy(st, 12, e->dose.unit, sizeof e->dose.unit);
		store_column_copy(st, 13, e->dose.route, sizeof e->dose.route);
		const char *dk = (const char *)sqlite3_column_text(st, 14);
		e->dose.kind = dk && !strcmp(dk, "prn")         ? VIGIL_DOSE_PRN
		             : dk && !strcmp(dk, "scheduled") ? VIGIL_DOSE_SCHEDULED
		                                               : VIGIL_DOSE_UNSPECIFIED;
		store_column_copy(st, 15, e->dose.reason, sizeof e->dose.reason);
	} else if (e->kind == VIGIL_CHART_VITALS) {
		for (int v = 0; v < VIGIL_VITAL_COUNT; v++) {
			e->vitals.has[v] = sqlite3_column_type(st, 16 + v) != SQLITE_NULL;
			e->vitals.value[v] = e->vitals.has[v] ? sqlite3_column_int(st, 16 + v) : 0;
		}
		e->vitals.assessment_id = sqlite3_column_int64(st, 22);
	} else if (e->kind == VIGIL_CHART_LAST_USE) {
		store_column_copy(st, 23, e->substance, sizeof e->substance);
	}
}

static void read_entry(sqlite3_stmt *st, vigil_chart_entry *e)
{
	memset(e, 0, sizeof *e);
	e->id = sqlite3_column_int64(st, 0);
	e->patient_id = sqlite3_column_int64(st, 1);
	store_column_copy(st, 2, e->mrn, sizeof e->mrn);
	e->kind = kind_of((const char *)sqlite3_column_text(st, 3));
	e->at = store_column_time(st, 4);
	e->entered_at = store_column_time(st, 5);
	store_column_copy(st, 6, e->performer, sizeof e->performer);
	store_column_copy(st, 7, e->entered_by, sizeof e->entered_by);
	e->late = sqlite3_column_int(st, 8) != 0;
	store_column_copy(st, 9, e->note, sizeof e->note);
	read_kind_columns(st, e);
	e->supersedes = sqlite3_column_int64(st, 24);
	store_column_copy(st, 25, e->amend_reason, sizeof e->amend_reason);
	store_read_correction(st, 26, &e->status, &e->superseded_by, &e->corrected_at,
	                      e->corrected_by, sizeof e->corrected_by, e->correction_reason,
	                      sizeof e->correction_reason);
}

vigil_status vigil_store_chart_get(vigil_db *db, int64_t id, vigil_chart_entry *e,
                                   vigil_error *err)
{
	char sql[sizeof chart_columns + 32];
	snprintf(sql, sizeof sql, "%s WHERE c.id = ?", chart_columns);
	sqlite3_stmt *stmt;
	vigil_status s = store_prepare_cached(db, &stmt, sql, err);
	if (s != VIGIL_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, id);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		read_entry(stmt, e);
	else if (rc == SQLITE_DONE)
		s = vigil_fail(err, VIGIL_ENOTFOUND, "no chart entry %lld", (long long)id);
	else
		s = store_fail(db, rc, err, "reading a chart entry");
	if (s == VIGIL_OK && e->kind == VIGIL_CHART_KINDS)
		s = vigil_fail(err, VIGIL_EDB, "chart entry %lld has an unknown kind", (long long)id);
	store_release(db, stmt);
	return s;
}

/* The query's WHERE with only the conditions it sets, so that SQLite can
 * use chart_by_patient (patient, kind, time) or chart_by_time: a
 * condition written "(? IS NULL OR ...)" makes it read the whole table.
 * Every part is a fixed string; the values are bound by name. */
static void chart_where(int64_t patient_id, const vigil_chart_query *q, char *buf, size_t size)
{
	size_t len = (size_t)snprintf(buf, size, " WHERE 1");
	if (patient_id)
		len += (size_t)snprintf(buf + len, size - len, " AND c.patient_id = :patient");
	if (q->kinds) {
		len += (size_t)snprintf(buf + len, size - len, " AND c.kind IN (");
		for (int k = 0, n = 0; k < VIGIL_CHART_KINDS; k++)
			if (q->kinds & (1u << k))
				len += (size_t)snprintf(buf + len, size - len, "%s'%s'", n++ ? ", " : "",
				                        vigil_chart_kind_key((vigil_chart_kind)k));
		len += (size_t)snprintf(buf + len, size - len, ")");
	}
	if (q->drug)
		len += (size_t)snprintf(buf + len, size - len, " AND c.drug = :drug");
	if (q->from)
		len += (size_t)snprintf(buf + len, size - len, " AND c.at >= :from");
	if (q->to)
		len += (size_t)snprintf(buf + len, size - len, " AND c.at < :to");
	if (q->assessment_id)
		len += (size_t)snprintf(buf + len, size - len, " AND c.assessment_id = :assessment");
	if (!q->all)
		snprintf(buf + len, size - len, " AND s.id IS NULL AND v.entry_id IS NULL");
}

static void bind_named_int(sqlite3_stmt *stmt, const char *name, int64_t value)
{
	int i = sqlite3_bind_parameter_index(stmt, name);
	if (i)
		sqlite3_bind_int64(stmt, i, value);
}

vigil_status vigil_store_chart_query(vigil_db *db, int64_t patient_id, const vigil_chart_query *q,
                                     vigil_chart_fn fn, void *ctx, vigil_error *err)
{
	char where[400], sql[sizeof chart_columns + 500];
	chart_where(patient_id, q, where, sizeof where);
	snprintf(sql, sizeof sql, "%s%s ORDER BY c.at %s, c.id %s%s", chart_columns, where,
	         q->oldest_first ? "" : "DESC", q->oldest_first ? "" : "DESC",
	         q->limit ? " LIMIT :limit" : "");
	sqlite3_stmt *stmt;
	vigil_status s = store_prepare_cached(db, &stmt, sql, err);
	if (s != VIGIL_OK)
		return s;
	bind_named_int(stmt, ":patient", patient_id);
	if (q->drug)
		sqlite3_bind_text(stmt, sqlite3_bind_parameter_index(stmt, ":drug"), q->drug, -1,
		                  SQLITE_STATIC);
	if (q->from)
		store_bind_time(stmt, sqlite3_bind_parameter_index(stmt, ":from"), q->from);
	if (q->to)
		store_bind_time(stmt, sqlite3_bind_parameter_index(stmt, ":to"), q->to);
	bind_named_int(stmt, ":assessment", q->assessment_id);
	bind_named_int(stmt, ":limit", (int64_t)q->limit);
	vigil_chart_entry e;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		read_entry(stmt, &e);
		if (e.kind == VIGIL_CHART_KINDS)
			continue; /* the table's check allows none: a row from elsewhere */
		if (fn(&e, ctx))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		s = store_fail(db, rc, err, "reading the chart");
	store_release(db, stmt);
	return s;
}

vigil_status vigil_store_dose_sums(vigil_db *db, int64_t patient_id, const char *drug,
                                   vigil_time from, vigil_time to, vigil_store_dose_sum_fn fn,
                                   void *ctx, vigil_error *err)
{
	sqlite3_stmt *stmt;
	vigil_status s = store_prepare_cached(
		db, &stmt,
		"SELECT c.unit, sum(c.amount) FROM chart_entries c"
		" WHERE c.patient_id = ?1 AND c.kind = 'dose' AND c.drug = ?2"
		" AND c.at >= ?3 AND c.at <= ?4"
		" AND NOT EXISTS (SELECT 1 FROM chart_entries s WHERE s.supersedes_id = c.id)"
		" AND NOT EXISTS (SELECT 1 FROM chart_voids v WHERE v.entry_id = c.id)"
		" GROUP BY c.unit ORDER BY c.unit",
		err);
	if (s != VIGIL_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, patient_id);
	store_bind_text(stmt, 2, drug);
	store_bind_time(stmt, 3, from);
	store_bind_time(stmt, 4, to);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *unit = (const char *)sqlite3_column_text(stmt, 0);
		if (unit && fn(unit, sqlite3_column_int64(stmt, 1), ctx))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		s = store_fail(db, rc, err, "adding up doses");
	store_release(db, stmt);
	return s;
}

/* ---- drug lists -------------------------------------------------------- */

vigil_status vigil_store_drugs_insert(vigil_db *db, const char *actor,
                                      const vigil_stored_protocol *d, vigil_error *err)
{
	return store_definition_insert(db, "drug_lists", "drug_list", actor, "install", d, err);
}

vigil_status vigil_store_drugs_each(vigil_db *db, vigil_stored_protocol_fn fn, void *ctx,
                                    vigil_error *err)
{
	return store_definition_each(db, "drug_lists", fn, ctx, err);
}
