/* schema.c - the schema and its forward migrations (PRAGMA user_version) */
#include <stdio.h>

#include "internal.h"

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

vigil_status store_migrate(vigil_db *db, vigil_error *err)
{
	int version;
	vigil_status s = check_version(db, &version, err);
	if (s != VIGIL_OK || version == LATEST)
		return s;
	if ((s = store_exec(db, "BEGIN IMMEDIATE", err)) != VIGIL_OK)
		return s;
	/* Re-read under the write lock: another vigil may have migrated. */
	if ((s = check_version(db, &version, err)) == VIGIL_OK && version == 0)
		s = check_empty(db, err);
	for (int v = version; s == VIGIL_OK && v < LATEST; v++)
		s = store_exec(db, migrations[v], err);
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
