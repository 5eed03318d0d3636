/* schema.c - the schema and its forward migrations (PRAGMA user_version) */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "vigil/auth.h"

/* 'VGIL': marks the file as vigil's, so another program's SQLite file is
 * refused instead of being migrated. */
#define VIGIL_APPLICATION_ID 0x5647494C

/* Append-only tables: a trigger refuses every UPDATE and DELETE, so the
 * rule holds for the sqlite3 shell and any other program too. */
#define APPEND_ONLY(table)                                                                      \
	"CREATE TRIGGER " table "_no_update BEFORE UPDATE ON " table                             \
	" BEGIN SELECT RAISE(ABORT, '" table " is append-only'); END;"                           \
	"CREATE TRIGGER " table "_no_delete BEFORE DELETE ON " table                             \
	" BEGIN SELECT RAISE(ABORT, '" table " is append-only'); END;"

/* REPLACE deletes a conflicting row without firing delete triggers (unless
 * recursive_triggers is on), so an insert that would collide is refused. */
#define NO_REPLACE(table, match)                                                                \
	"CREATE TRIGGER " table "_no_replace BEFORE INSERT ON " table                            \
	" WHEN EXISTS (SELECT 1 FROM " table " WHERE " match ")"                                 \
	" BEGIN SELECT RAISE(ABORT, '" table " is append-only'); END;"

static const char *const migrations[] = {
	/* 1: the first schema. Times are UTC text "YYYY-MM-DDTHH:MM:SSZ". */
	"CREATE TABLE users ("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL UNIQUE,"
	" full_name TEXT NOT NULL DEFAULT '',"
	" role TEXT NOT NULL CHECK (role IN ('nurse', 'clinician', 'admin')),"
	" pw_hash TEXT NOT NULL,"
	" disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),"
	" created_at TEXT NOT NULL,"
	" failed_logins INTEGER NOT NULL DEFAULT 0,"
	" locked_until TEXT);"
	"CREATE TABLE patients ("
	" id INTEGER PRIMARY KEY,"
	" mrn TEXT NOT NULL UNIQUE,"
	" name TEXT NOT NULL,"
	" bed TEXT NOT NULL DEFAULT '',"
	" admitted_at TEXT NOT NULL,"
	" discharged_at TEXT);"
	"CREATE TABLE assessments ("
	" id INTEGER PRIMARY KEY,"
	" patient_id INTEGER NOT NULL REFERENCES patients(id),"
	" scale TEXT NOT NULL,"
	" performed_at TEXT NOT NULL,"
	" entered_at TEXT NOT NULL,"
	" performer_id INTEGER NOT NULL REFERENCES users(id),"
	" entered_by_id INTEGER NOT NULL REFERENCES users(id),"
	" reason TEXT NOT NULL DEFAULT '',"
	" note TEXT NOT NULL DEFAULT '',"
	" total INTEGER NOT NULL,"
	" max_total INTEGER NOT NULL,"
	" band TEXT NOT NULL DEFAULT '',"
	" late INTEGER NOT NULL CHECK (late IN (0, 1)),"
	" supersedes_id INTEGER UNIQUE REFERENCES assessments(id),"
	" amend_reason TEXT NOT NULL DEFAULT '');"
	"CREATE INDEX assessments_by_patient ON assessments(patient_id, performed_at);"
	"CREATE INDEX assessments_by_time ON assessments(performed_at);"
	"CREATE TABLE assessment_items ("
	" assessment_id INTEGER NOT NULL REFERENCES assessments(id),"
	" item TEXT NOT NULL,"
	" score INTEGER NOT NULL,"
	" raw_value INTEGER,"
	" PRIMARY KEY (assessment_id, item)) WITHOUT ROWID;"
	"CREATE TABLE voids ("
	" assessment_id INTEGER PRIMARY KEY REFERENCES assessments(id),"
	" voided_by_id INTEGER NOT NULL REFERENCES users(id),"
	" voided_at TEXT NOT NULL,"
	" reason TEXT NOT NULL);"
	"CREATE TABLE audit_log ("
	" seq INTEGER PRIMARY KEY,"
	" at TEXT NOT NULL,"
	" actor TEXT NOT NULL,"
	" action TEXT NOT NULL,"
	" entity TEXT NOT NULL,"
	" entity_id INTEGER,"
	" detail TEXT NOT NULL,"
	" prev_hash TEXT NOT NULL,"
	" hash TEXT NOT NULL);"
	"CREATE INDEX audit_by_entity ON audit_log(entity, entity_id, seq);"
	APPEND_ONLY("assessments") APPEND_ONLY("assessment_items") APPEND_ONLY("voids")
	APPEND_ONLY("audit_log"),
	/* 2: INSERT OR REPLACE cannot delete rows of the append-only tables. */
	NO_REPLACE("assessments", "id = NEW.id OR supersedes_id = NEW.supersedes_id")
	NO_REPLACE("assessment_items", "assessment_id = NEW.assessment_id AND item = NEW.item")
	NO_REPLACE("voids", "assessment_id = NEW.assessment_id")
	NO_REPLACE("audit_log", "seq = NEW.seq"),
	/* 3: an item needs its assessment; a correction and a void exclude
	 * each other even when two programs race. */
	"CREATE TRIGGER assessment_items_need_assessment BEFORE INSERT ON assessment_items"
	" WHEN NOT EXISTS (SELECT 1 FROM assessments WHERE id = NEW.assessment_id)"
	" BEGIN SELECT RAISE(ABORT, 'assessment_items: no such assessment'); END;"
	"CREATE TRIGGER voids_not_amended BEFORE INSERT ON voids"
	" WHEN EXISTS (SELECT 1 FROM assessments WHERE supersedes_id = NEW.assessment_id)"
	" BEGIN SELECT RAISE(ABORT, 'voids: assessment already amended'); END;"
	"CREATE TRIGGER assessments_not_voided BEFORE INSERT ON assessments"
	" WHEN NEW.supersedes_id IS NOT NULL AND"
	" EXISTS (SELECT 1 FROM voids WHERE assessment_id = NEW.supersedes_id)"
	" BEGIN SELECT RAISE(ABORT, 'assessments: correcting a voided assessment'); END;",
	/* 4: an MRN names one patient whatever its case ("mrn1" is MRN1). */
	"CREATE UNIQUE INDEX patients_mrn_nocase ON patients(mrn COLLATE NOCASE);",
	/* 5: reassessment protocols (vigil-protocol(5)): installed protocols
	 * with their text, monitoring started and stopped per scale, and
	 * reassessments not done; each scale's latest assessment by index. */
	"CREATE INDEX assessments_by_scale ON assessments(patient_id, scale, performed_at);"
	"CREATE TABLE protocols ("
	" id INTEGER PRIMARY KEY,"
	" scale TEXT NOT NULL,"
	" source TEXT NOT NULL,"
	" text TEXT NOT NULL,"
	" hash TEXT NOT NULL,"
	" installed_at TEXT NOT NULL,"
	" installed_by_id INTEGER NOT NULL REFERENCES users(id));"
	"CREATE INDEX protocols_by_scale ON protocols(scale, id);"
	"CREATE TABLE monitoring ("
	" id INTEGER PRIMARY KEY,"
	" patient_id INTEGER NOT NULL REFERENCES patients(id),"
	" scale TEXT NOT NULL,"
	" action TEXT NOT NULL CHECK (action IN ('start', 'stop')),"
	" at TEXT NOT NULL,"
	" by_id INTEGER NOT NULL REFERENCES users(id),"
	" reason TEXT NOT NULL DEFAULT '');"
	"CREATE INDEX monitoring_by_patient ON monitoring(patient_id, scale, at);"
	"CREATE TABLE not_done ("
	" id INTEGER PRIMARY KEY,"
	" patient_id INTEGER NOT NULL REFERENCES patients(id),"
	" scale TEXT NOT NULL,"
	" performed_at TEXT NOT NULL,"
	" entered_at TEXT NOT NULL,"
	" performer_id INTEGER NOT NULL REFERENCES users(id),"
	" entered_by_id INTEGER NOT NULL REFERENCES users(id),"
	" why TEXT NOT NULL CHECK (why IN ('asleep', 'refused', 'off-ward', 'other')),"
	" note TEXT NOT NULL DEFAULT '',"
	" late INTEGER NOT NULL CHECK (late IN (0, 1)),"
	" supersedes_id INTEGER UNIQUE REFERENCES not_done(id),"
	" amend_reason TEXT NOT NULL DEFAULT '');"
	"CREATE INDEX not_done_by_patient ON not_done(patient_id, scale, performed_at);"
	"CREATE TABLE not_done_voids ("
	" not_done_id INTEGER PRIMARY KEY REFERENCES not_done(id),"
	" voided_by_id INTEGER NOT NULL REFERENCES users(id),"
	" voided_at TEXT NOT NULL,"
	" reason TEXT NOT NULL);"
	APPEND_ONLY("protocols") APPEND_ONLY("monitoring") APPEND_ONLY("not_done")
	APPEND_ONLY("not_done_voids")
	NO_REPLACE("protocols", "id = NEW.id")
	NO_REPLACE("monitoring", "id = NEW.id")
	NO_REPLACE("not_done", "id = NEW.id OR supersedes_id = NEW.supersedes_id")
	NO_REPLACE("not_done_voids", "not_done_id = NEW.not_done_id")
	"CREATE TRIGGER not_done_voids_not_amended BEFORE INSERT ON not_done_voids"
	" WHEN EXISTS (SELECT 1 FROM not_done WHERE supersedes_id = NEW.not_done_id)"
	" BEGIN SELECT RAISE(ABORT, 'not_done_voids: record already amended'); END;"
	"CREATE TRIGGER not_done_not_voided BEFORE INSERT ON not_done"
	" WHEN NEW.supersedes_id IS NOT NULL AND"
	" EXISTS (SELECT 1 FROM not_done_voids WHERE not_done_id = NEW.supersedes_id)"
	" BEGIN SELECT RAISE(ABORT, 'not_done: correcting a voided record'); END;",
	/* 6: trust (vigil(1), THREAT MODEL). Settings an admin changes, among
	 * them whether this is a training database (fixed at init); each
	 * user's Ed25519 public key and each audit row's signature; scale
	 * definitions pinned in the database, and the one that scored each
	 * assessment. */
	"CREATE TABLE settings ("
	" id INTEGER PRIMARY KEY,"
	" key TEXT NOT NULL UNIQUE,"
	" value TEXT NOT NULL);"
	"CREATE TRIGGER settings_database_fixed BEFORE UPDATE ON settings"
	" WHEN OLD.key = 'database' OR NEW.key IS NOT OLD.key"
	" BEGIN SELECT RAISE(ABORT, 'settings: the kind of database is fixed'); END;"
	"CREATE TRIGGER settings_no_delete BEFORE DELETE ON settings"
	" BEGIN SELECT RAISE(ABORT, 'settings: a setting is changed, never deleted'); END;"
	NO_REPLACE("settings", "id = NEW.id OR key = NEW.key")
	"ALTER TABLE users ADD COLUMN sign_pk TEXT;"
	"ALTER TABLE audit_log ADD COLUMN sig TEXT;"
	"CREATE TABLE scale_defs ("
	" id INTEGER PRIMARY KEY,"
	" scale TEXT NOT NULL,"
	" source TEXT NOT NULL,"
	" text TEXT NOT NULL,"
	" hash TEXT NOT NULL,"
	" installed_at TEXT NOT NULL,"
	" installed_by_id INTEGER REFERENCES users(id));"
	"CREATE INDEX scale_defs_by_scale ON scale_defs(scale, id);"
	APPEND_ONLY("scale_defs")
	NO_REPLACE("scale_defs", "id = NEW.id")
	"ALTER TABLE assessments ADD COLUMN definition TEXT;",
	/* 7: the rest of the chart (chart.h): doses given, vital signs, notes
	 * and last use, one append-only table of timed entries with the
	 * columns of each kind (NULL where a kind has none), corrected and
	 * voided as assessments are; and the drug list a unit installed. */
	"CREATE TABLE chart_entries ("
	" id INTEGER PRIMARY KEY,"
	" patient_id INTEGER NOT NULL REFERENCES patients(id),"
	" kind TEXT NOT NULL CHECK (kind IN ('dose', 'vitals', 'note', 'last-use')),"
	" at TEXT NOT NULL,"
	" entered_at TEXT NOT NULL,"
	" performer_id INTEGER NOT NULL REFERENCES users(id),"
	" entered_by_id INTEGER NOT NULL REFERENCES users(id),"
	" late INTEGER NOT NULL CHECK (late IN (0, 1)),"
	" note TEXT NOT NULL DEFAULT '',"
	" drug TEXT, amount INTEGER CHECK (amount > 0), unit TEXT, route TEXT,"
	" dose_kind TEXT CHECK (dose_kind IN ('', 'prn', 'scheduled')), reason TEXT,"
	" hr INTEGER, sys INTEGER, dia INTEGER, temp INTEGER, rr INTEGER, spo2 INTEGER,"
	" assessment_id INTEGER REFERENCES assessments(id),"
	" substance TEXT,"
	" supersedes_id INTEGER UNIQUE REFERENCES chart_entries(id),"
	" amend_reason TEXT NOT NULL DEFAULT '',"
	" CHECK ((kind = 'dose') = (drug IS NOT NULL AND amount IS NOT NULL AND unit IS NOT NULL"
	"  AND route IS NOT NULL AND dose_kind IS NOT NULL AND reason IS NOT NULL)),"
	" CHECK (kind = 'vitals' OR (hr IS NULL AND sys IS NULL AND dia IS NULL AND temp IS NULL"
	"  AND rr IS NULL AND spo2 IS NULL AND assessment_id IS NULL)),"
	" CHECK (kind <> 'vitals' OR coalesce(hr, sys, dia, temp, rr, spo2) IS NOT NULL),"
	" CHECK ((kind = 'last-use') = (substance IS NOT NULL)),"
	" CHECK (kind <> 'note' OR note <> ''));"
	"CREATE INDEX chart_by_patient ON chart_entries(patient_id, kind, at);"
	"CREATE INDEX chart_by_patient_time ON chart_entries(patient_id, at);"
	"CREATE INDEX chart_by_time ON chart_entries(kind, at);"
	"CREATE INDEX chart_by_assessment ON chart_entries(assessment_id)"
	" WHERE assessment_id IS NOT NULL;"
	"CREATE TABLE chart_voids ("
	" entry_id INTEGER PRIMARY KEY REFERENCES chart_entries(id),"
	" voided_by_id INTEGER NOT NULL REFERENCES users(id),"
	" voided_at TEXT NOT NULL,"
	" reason TEXT NOT NULL);"
	"CREATE TABLE drug_lists ("
	" id INTEGER PRIMARY KEY,"
	" scale TEXT NOT NULL,"
	" source TEXT NOT NULL,"
	" text TEXT NOT NULL,"
	" hash TEXT NOT NULL,"
	" installed_at TEXT NOT NULL,"
	" installed_by_id INTEGER NOT NULL REFERENCES users(id));"
	APPEND_ONLY("chart_entries") APPEND_ONLY("chart_voids") APPEND_ONLY("drug_lists")
	NO_REPLACE("chart_entries", "id = NEW.id OR supersedes_id = NEW.supersedes_id")
	NO_REPLACE("chart_voids", "entry_id = NEW.entry_id")
	NO_REPLACE("drug_lists", "id = NEW.id")
	"CREATE TRIGGER chart_voids_not_amended BEFORE INSERT ON chart_voids"
	" WHEN EXISTS (SELECT 1 FROM chart_entries WHERE supersedes_id = NEW.entry_id)"
	" BEGIN SELECT RAISE(ABORT, 'chart_voids: entry already amended'); END;"
	"CREATE TRIGGER chart_entries_not_voided BEFORE INSERT ON chart_entries"
	" WHEN NEW.supersedes_id IS NOT NULL AND"
	" EXISTS (SELECT 1 FROM chart_voids WHERE entry_id = NEW.supersedes_id)"
	" BEGIN SELECT RAISE(ABORT, 'chart_entries: correcting a voided entry'); END;"
	"CREATE TRIGGER chart_entries_same_kind BEFORE INSERT ON chart_entries"
	" WHEN NEW.supersedes_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM chart_entries"
	"  WHERE id = NEW.supersedes_id AND kind = NEW.kind AND patient_id = NEW.patient_id)"
	" BEGIN SELECT RAISE(ABORT, 'chart_entries: a correction of another kind or patient'); END;",
	/* 8: a password an admin reset must be changed at the next login. The
	 * mark ends the password record, which the audit log covers, so it
	 * cannot be cleared outside vigil unseen; this column only reads it. */
	"ALTER TABLE users ADD COLUMN must_change INTEGER GENERATED ALWAYS AS"
	" (pw_hash LIKE '%" VIGIL_PASSWORD_RESET_MARK "') VIRTUAL;",
};

#define LATEST ((int)(sizeof migrations / sizeof migrations[0]))

_Static_assert(LATEST == VIGIL_SCHEMA_VERSION, "VIGIL_SCHEMA_VERSION must match migrations");

static vigil_status read_pragma(vigil_db *db, const char *pragma, int *value, vigil_error *err)
{
	sqlite3_stmt *stmt;
	vigil_status s = store_prepare(db, &stmt, pragma, err);
	if (s != VIGIL_OK)
		return s;
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*value = sqlite3_column_int(stmt, 0);
	else
		s = store_fail(db, rc, err, "reading the schema version");
	sqlite3_finalize(stmt);
	return s;
}

static vigil_status check_version(vigil_db *db, int *version, vigil_error *err)
{
	int app_id = 0;
	vigil_status s = read_pragma(db, "PRAGMA application_id", &app_id, err);
	if (s == VIGIL_OK)
		s = read_pragma(db, "PRAGMA user_version", version, err);
	if (s != VIGIL_OK)
		return s;
	if (app_id != VIGIL_APPLICATION_ID && !(app_id == 0 && *version == 0))
		return vigil_fail(err, VIGIL_EDB, "%s: not a vigil database", db->path);
	if (*version > LATEST)
		return vigil_fail(err, VIGIL_EVERSION,
		                  "%s: written by a newer vigil (schema %d; this vigil knows up to "
		                  "%d); upgrade vigil, the file was not changed",
		                  db->path, *version, LATEST);
	return VIGIL_OK;
}

/* A fresh file (version 0) must be empty: a user's unrelated SQLite file
 * with tables of its own is not turned into a ward. */
static vigil_status check_empty(vigil_db *db, vigil_error *err)
{
	int tables = 0;
	vigil_status s = read_pragma(db, "SELECT count(*) FROM sqlite_schema", &tables, err);
	if (s == VIGIL_OK && tables > 0)
		return vigil_fail(err, VIGIL_EDB, "%s: not a vigil database", db->path);
	return s;
}

vigil_status store_migrate(vigil_db *db, bool create, vigil_error *err)
{
	int version;
	vigil_status s = check_version(db, &version, err);
	if (s == VIGIL_OK && version == 0 && !create)
		return vigil_fail(err, VIGIL_EDB, "%s: not a vigil database", db->path);
	/* Before any write: a ward's database refuses the test overrides. */
	if (s == VIGIL_OK && !create)
		s = store_read_kind(db, version, err);
	if (s != VIGIL_OK || version == LATEST)
		return s;
	if ((s = store_exec(db, "BEGIN IMMEDIATE", err)) != VIGIL_OK)
		return s;
	/* Re-read under the write lock: another vigil may have migrated. */
	if ((s = check_version(db, &version, err)) == VIGIL_OK && version == 0)
		s = check_empty(db, err);
	for (int v = version; s == VIGIL_OK && v < LATEST; v++)
		s = store_exec(db, migrations[v], err);
	/* Users gained keys and lock-out state in their audited form. */
	if (s == VIGIL_OK && version > 0 && version < 6)
		s = store_audit_upgrade_users(db, err);
	if (s == VIGIL_OK) {
		char sql[96];
		snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = %d;",
		         VIGIL_APPLICATION_ID, LATEST);
		s = store_exec(db, sql, err);
	}
	if (s == VIGIL_OK)
		s = store_exec(db, "COMMIT", err);
	if (s != VIGIL_OK)
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
	return s;
}

/* The objects a schema holds, in a fixed order, for comparing. */
static const char schema_objects[] =
	"SELECT type, name, coalesce(sql, '') FROM sqlite_schema"
	" WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name";

static vigil_status shipped_schema(sqlite3 **out, vigil_error *err)
{
	sqlite3 *mem;
	if (sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		sqlite3_close(mem);
		return vigil_fail(err, VIGIL_ENOMEM, "out of memory checking the schema");
	}
	for (int v = 0; v < LATEST; v++) {
		if (sqlite3_exec(mem, migrations[v], NULL, NULL, NULL) != SQLITE_OK) {
			vigil_status s = vigil_fail(err, VIGIL_EDB, "checking the schema: %s",
			                            sqlite3_errmsg(mem));
			sqlite3_close(mem);
			return s;
		}
	}
	*out = mem;
	return VIGIL_OK;
}

static const char *text_at(sqlite3_stmt *stmt, int col)
{
	const char *t = (const char *)sqlite3_column_text(stmt, col);
	return t ? t : "";
}

/* Walks both lists in step, naming the first object missing, added or
 * changed: a dropped trigger is how an append-only table is edited. */
static vigil_status compare_objects(vigil_db *db, sqlite3_stmt *want, sqlite3_stmt *have,
                                    vigil_error *err)
{
	int rw = sqlite3_step(want), rh = sqlite3_step(have);
	while (rw == SQLITE_ROW || rh == SQLITE_ROW) {
		int order = rw != SQLITE_ROW ? 1 : rh != SQLITE_ROW ? -1 : 0;
		if (!order && !(order = strcmp(text_at(want, 0), text_at(have, 0))))
			order = strcmp(text_at(want, 1), text_at(have, 1));
		if (order < 0)
			return vigil_fail(err, VIGIL_ETAMPER, "schema: %s %s is missing (dropped outside vigil)",
			                  text_at(want, 0), text_at(want, 1));
		if (order > 0)
			return vigil_fail(err, VIGIL_ETAMPER, "schema: %s %s was added outside vigil",
			                  text_at(have, 0), text_at(have, 1));
		if (strcmp(text_at(want, 2), text_at(have, 2)) != 0)
			return vigil_fail(err, VIGIL_ETAMPER, "schema: %s %s differs from the shipped one "
			                  "(changed outside vigil)",
			                  text_at(have, 0), text_at(have, 1));
		rw = sqlite3_step(want), rh = sqlite3_step(have);
	}
	if (rw != SQLITE_DONE || rh != SQLITE_DONE)
		return store_fail(db, rh != SQLITE_DONE ? rh : rw, err, "checking the schema");
	return VIGIL_OK;
}

vigil_status store_verify_schema(vigil_db *db, vigil_error *err)
{
	sqlite3 *mem = NULL;
	vigil_status s = shipped_schema(&mem, err);
	if (s != VIGIL_OK)
		return s;
	sqlite3_stmt *want = NULL, *have = NULL;
	if (sqlite3_prepare_v2(mem, schema_objects, -1, &want, NULL) != SQLITE_OK)
		s = vigil_fail(err, VIGIL_EDB, "checking the schema: %s", sqlite3_errmsg(mem));
	else
		s = store_prepare(db, &have, schema_objects, err);
	if (s == VIGIL_OK)
		s = compare_objects(db, want, have, err);
	sqlite3_finalize(want);
	sqlite3_finalize(have);
	sqlite3_close(mem);
	return s;
}
