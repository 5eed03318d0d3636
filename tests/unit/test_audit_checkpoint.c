/* test_audit_checkpoint.c - the verify from a checkpoint: a full verify
 * that passes leaves a signed checkpoint in the log; the verify from it
 * checks what came after (and catches changes there), refuses a forged
 * checkpoint, and leaves what came before to the full verify. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vigil/assessment.h"
#include "vigil/audit.h"
#include "vigil/auth.h"
#include "vigil/db.h"
#include "vigil/patient.h"
#include "vigil/scale.h"

static char dir[256];
static vigil_scales *scales;
static int counter;

static void must(vigil_status s, const vigil_error *err, const char *what)
{
	if (s != VIGIL_OK)
		fail_msg("%s: %s", what, err->msg);
}

struct ward {
	char path[512];
	vigil_db *db;
	vigil_session boss, nina;
};

static void record(struct ward *w, const char *mrn, const char *score)
{
	vigil_error err;
	vigil_sheet sheet;
	vigil_sheet_init(&sheet, vigil_scales_find(scales, "craving"));
	must(vigil_sheet_assign(&sheet, score, &err), &err, "sheet");
	vigil_record_input in = { .mrn = mrn, .sheet = &sheet, .reason = "test" };
	int64_t id;
	must(vigil_assessment_record(&w->nina, &in, &id, &err), &err, "record");
}

/* A training ward: boss (admin), nina (nurse), two patients, three
 * assessments. */
static void ward_open(struct ward *w)
{
	vigil_error err;
	vigil_time t0;
	snprintf(w->path, sizeof w->path, "%s/%02d.db", dir, ++counter);
	must(vigil_time_parse("2026-11-21T08:00:00Z", &t0, &err), &err, "time");
	vigil_clock_pin(t0);
	must(vigil_db_create(w->path, true, &w->db, &err), &err, "create");
	must(vigil_init_admin(w->db, "boss", "Boss", "boss-password", &err), &err, "init");
	must(vigil_session_resume(w->db, "boss", "boss-password", &w->boss, &err), &err, "boss");
	must(vigil_user_add(&w->boss, "nina", VIGIL_ROLE_NURSE, "Nina", "nina-password", &err),
	     &err, "add nina");
	must(vigil_session_resume(w->db, "nina", "nina-password", &w->nina, &err), &err, "nina");
	must(vigil_patient_admit(&w->nina, "M1", "Alex Morgan", "1", 0, NULL, &err), &err, "admit");
	must(vigil_patient_admit(&w->nina, "M2", "Jo Ellis", "2", 0, NULL, &err), &err, "admit");
	record(w, "M1", "craving=3");
	record(w, "M2", "craving=4");
	record(w, "M1", "craving=5");
}

static void ward_close(struct ward *w)
{
	vigil_db_close(w->db);
	vigil_clock_pin(0);
}

/* Runs SQL on the file as another program would. */
static void behind_the_back(const struct ward *w, const char *sql)
{
	sqlite3 *raw;
	char *msg = NULL;
	assert_int_equal(sqlite3_open(w->path, &raw), SQLITE_OK);
	if (sqlite3_exec(raw, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
	sqlite3_close(raw);
}

/* The append-only trigger on the log, put back as shipped after a forgery. */
#define LOG_TRIGGER_BACK                                                                 \
	" CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"                  \
	" BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"

static vigil_status since(struct ward *w, vigil_audit_report *r, char *msg)
{
	vigil_error err = { 0 };
	vigil_status s = vigil_audit_verify_since(&w->boss, NULL, 0, r, &err);
	snprintf(msg, 512, "%s", s == VIGIL_OK ? "" : err.msg);
	return s;
}

static void test_full_writes_checkpoint_then_since_counts_what_came_after(void **state)
{
	(void)state;
	struct ward w;
	vigil_audit_report r;
	char msg[512];
	ward_open(&w);
	/* No checkpoint yet: the verify from one is the full one, and leaves one. */
	assert_int_equal(since(&w, &r, msg), VIGIL_OK);
	assert_false(r.from_checkpoint);
	int64_t through = r.head_seq;
	assert_int_equal(r.checkpoint_written, through + 1);
	record(&w, "M2", "craving=1");
	record(&w, "M2", "craving=2");
	assert_int_equal(since(&w, &r, msg), VIGIL_OK);
	assert_true(r.from_checkpoint);
	assert_int_equal(r.checkpoint_through, through);
	assert_int_equal(r.checkpoint_seq, through + 1);
	assert_string_equal(r.checkpoint_by, "boss");
	/* The checkpoint and the two assessments after it. */
	assert_int_equal(r.entries, 3);
	assert_int_equal(r.records, 2);
	assert_int_equal(r.head_seq, through + 3);
	assert_true(r.tables_guarded > 10);
	assert_true(r.schema_checked);
	/* A full verify with nothing added since its checkpoint writes none. */
	vigil_error err;
	must(vigil_audit_verify_full(&w.boss, NULL, 0, &r, &err), &err, "full");
	assert_int_equal(r.checkpoint_written, through + 4);
	must(vigil_audit_verify_full(&w.boss, NULL, 0, &r, &err), &err, "full again");
	assert_int_equal(r.checkpoint_written, 0);
	/* Only an admin verifies. */
	assert_int_equal(vigil_audit_verify_since(&w.nina, NULL, 0, &r, &err), VIGIL_EPERM);
	ward_close(&w);
}

static void checkpointed(struct ward *w)
{
	vigil_audit_report r;
	vigil_error err;
	ward_open(w);
	must(vigil_audit_verify_full(&w->boss, NULL, 0, &r, &err), &err, "full");
	assert_true(r.checkpoint_written > 0);
	record(w, "M2", "craving=6"); /* assessment 4, after the checkpoint */
}

static void test_changes_after_the_checkpoint_are_caught(void **state)
{
	(void)state;
	struct ward w;
	vigil_audit_report r;
	char msg[512];
	checkpointed(&w);
	behind_the_back(&w, "DROP TRIGGER assessments_no_update;"
	                    " UPDATE assessments SET total = 0 WHERE id = 4");
	assert_int_equal(since(&w, &r, msg), VIGIL_ETAMPER);
	assert_string_equal(msg, "schema: trigger assessments_no_update is missing (dropped outside "
	                         "vigil)");
	ward_close(&w);

	/* The same with the trigger put back: the record itself differs. */
	checkpointed(&w);
	behind_the_back(&w, "DROP TRIGGER assessment_items_no_update;"
	                    " UPDATE assessment_items SET score = 0 WHERE assessment_id = 4;"
	                    " CREATE TRIGGER assessment_items_no_update BEFORE UPDATE ON"
	                    " assessment_items BEGIN SELECT RAISE(ABORT,"
	                    " 'assessment_items is append-only'); END;");
	assert_int_equal(since(&w, &r, msg), VIGIL_ETAMPER);
	assert_string_equal(msg, "assessment 4: differs from what the audit log says was written "
	                         "(changed outside vigil)");
	ward_close(&w);

	/* An entry after the checkpoint edited. */
	checkpointed(&w);
	behind_the_back(&w, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail ="
	                    " replace(detail, '6', '9') WHERE entity = 'assessment' AND entity_id = 4;"
	                    LOG_TRIGGER_BACK);
	assert_int_equal(since(&w, &r, msg), VIGIL_ETAMPER);
	assert_non_null(strstr(msg, "contents do not match its hash (edited)"));
	ward_close(&w);
}

static void test_rows_added_anywhere_are_caught(void **state)
{
	(void)state;
	struct ward w;
	vigil_audit_report r;
	char msg[512];
	checkpointed(&w);
	behind_the_back(&w, "INSERT INTO patients (mrn, name, admitted_at)"
	                    " VALUES ('M9', 'Nobody', '2026-11-21T08:00:00Z')");
	assert_int_equal(since(&w, &r, msg), VIGIL_ETAMPER);
	assert_string_equal(msg, "patient 3: not in the audit log (added outside vigil)");
	ward_close(&w);

	checkpointed(&w);
	behind_the_back(&w, "INSERT INTO voids VALUES (1, 2, '2026-11-21T08:00:00Z', 'x')");
	assert_int_equal(since(&w, &r, msg), VIGIL_ETAMPER);
	assert_string_equal(msg, "voids: 1 rows, but the audit log names 0 (a row added or removed "
	                         "outside vigil)");
	ward_close(&w);
}

static void test_forged_checkpoints_are_refused(void **state)
{
	(void)state;
	struct ward w;
	vigil_audit_report r;
	char msg[512];
	checkpointed(&w);
	/* The checkpoint re-signed by no one: its signature replaced. */
	behind_the_back(&w, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET sig ="
	                    " (SELECT sig FROM audit_log WHERE seq = 1)"
	                    " WHERE entity = 'checkpoint';" LOG_TRIGGER_BACK);
	assert_int_equal(since(&w, &r, msg), VIGIL_ETAMPER);
	assert_non_null(strstr(msg, "the signature is not boss's (forged or edited)"));
	ward_close(&w);

	/* A checkpoint naming a hash that is not on the chain. */
	checkpointed(&w);
	behind_the_back(&w, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail ="
	                    " json_set(detail, '$.hash', '" /* 64 zeros */
	                    "0000000000000000000000000000000000000000000000000000000000000000')"
	                    " WHERE entity = 'checkpoint';" LOG_TRIGGER_BACK);
	assert_int_equal(since(&w, &r, msg), VIGIL_ETAMPER);
	assert_non_null(strstr(msg, "a checkpoint naming entry"));
	ward_close(&w);
}

static void test_before_the_checkpoint_is_the_full_verify(void **state)
{
	(void)state;
	struct ward w;
	vigil_audit_report r;
	vigil_error err;
	char msg[512];
	checkpointed(&w);
	/* Assessment 1 was written before the checkpoint; its total changed
	 * and the trigger put back as it was. */
	behind_the_back(&w, "DROP TRIGGER assessments_no_update;"
	                    " UPDATE assessments SET total = 0 WHERE id = 1;"
	                    " CREATE TRIGGER assessments_no_update BEFORE UPDATE ON assessments"
	                    " BEGIN SELECT RAISE(ABORT, 'assessments is append-only'); END;");
	assert_int_equal(since(&w, &r, msg), VIGIL_OK); /* not its job */
	assert_int_equal(vigil_audit_verify_full(&w.boss, NULL, 0, &r, &err), VIGIL_ETAMPER);
	assert_string_equal(err.msg, "assessment 1: differs from what the audit log says was "
	                             "written (changed outside vigil)");
	ward_close(&w);
}

static int setup(void **state)
{
	(void)state;
	vigil_error err;
	snprintf(dir, sizeof dir, "/tmp/vigil-checkpoint-XXXXXX");
	if (!mkdtemp(dir) || vigil_scales_load(&scales, &err) != VIGIL_OK)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[300];
	vigil_scales_free(scales);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_writes_checkpoint_then_since_counts_what_came_after),
		cmocka_unit_test(test_changes_after_the_checkpoint_are_caught),
		cmocka_unit_test(test_rows_added_anywhere_are_caught),
		cmocka_unit_test(test_forged_checkpoints_are_refused),
		cmocka_unit_test(test_before_the_checkpoint_is_the_full_verify),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
