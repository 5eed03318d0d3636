/* fuzz_csv_import.c - the CSV import of admissions (vigil-csv(5)) on any
 * bytes, through vigil_patient_import_stream as `vigil patient import`
 * calls it.
 *
 * The import needs a database and a session. Both are made once per
 * process: a training database in a new temporary folder, its admin
 * (one argon2id run each for init and resume, never again), and two
 * patients already admitted (MRN1001 in bed 1, MRN1002 in bed 2) so that
 * the checks against the ward run too. Each input is then imported with
 * a commit hook on the connection that turns the import's COMMIT into a
 * rollback, so every path up to the commit runs and the database never
 * changes: each run starts from the same ward.
 *
 * Held to: every problem reported through the hook is a message and is
 * counted; nothing is admitted; no transaction is left open; the ward
 * still holds its two patients. */
#include <sqlite3.h>
#include <unistd.h>

#include "fuzz.h"
#include "store/internal.h"
#include "vigil/auth.h"
#include "vigil/db.h"
#include "vigil/import.h"
#include "vigil/patient.h"

static char folder[256], path[300];
static vigil_db *db;
static vigil_session session;

static int refuse_commit(void *ctx)
{
	(void)ctx;
	return 1; /* non-zero: SQLite rolls back instead */
}

static void count_problem(const char *message, void *ctx)
{
	size_t *n = ctx;
	if (!message || !*message)
		fuzz_fail("an import problem without a message");
	(*n)++;
}

static void remove_database(void)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	char name[320];
	vigil_db_close(db);
	db = NULL;
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		snprintf(name, sizeof name, "%s%s", path, suffixes[i]);
		unlink(name);
	}
	rmdir(folder);
}

static int count_patient(const vigil_patient *p, void *ctx)
{
	(void)p;
	(*(size_t *)ctx)++;
	return 0;
}

static size_t patients_on_ward(void)
{
	size_t n = 0;
	vigil_error err;
	if (vigil_patient_list(&session, true, count_patient, &n, &err) != VIGIL_OK)
		fuzz_fail("listing the ward: %s", err.msg);
	return n;
}

/* The ward every input is imported into. */
static void make_ward(void)
{
	static const char ward[] = "mrn,name,bed\nMRN1001,Alex Ward,1\nMRN1002,Sam Ward,2\n";
	const char *tmp = getenv("TMPDIR");
	vigil_error err;
	snprintf(folder, sizeof folder, "%s/vigil-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(folder))
		fuzz_fail("cannot make a folder for the database under %s", folder);
	snprintf(path, sizeof path, "%s/ward.db", folder);
	if (vigil_db_create(path, true, &db, &err) != VIGIL_OK ||
	    vigil_init_admin(db, "admin", "Fuzz Admin", "admin-password", &err) != VIGIL_OK ||
	    vigil_session_resume(db, "admin", "admin-password", &session, &err) != VIGIL_OK)
		fuzz_fail("making the ward: %s", err.msg);
	atexit(remove_database);
	FILE *in = fmemopen((void *)ward, sizeof ward - 1, "r");
	vigil_import_result result;
	if (!in || vigil_patient_import_stream(&session, in, "ward.csv", NULL, &result, &err) !=
	                   VIGIL_OK)
		fuzz_fail("admitting the ward's patients: %s", in ? err.msg : "fmemopen");
	fclose(in);
	if (patients_on_ward() != 2)
		fuzz_fail("the ward does not hold its two patients");
	sqlite3_commit_hook(db->sql, refuse_commit, NULL);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_environment();
	make_ward();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The file's bytes as they are, NUL bytes included, in a buffer of
	 * their own. */
	char *bytes = fuzz_text(data, size);
	FILE *in = fmemopen(bytes, size, "r");
	if (!in)
		fuzz_fail("fmemopen of %zu bytes", size);
	size_t problems = 0;
	vigil_import_hooks hooks = { count_problem, NULL, &problems };
	vigil_import_result result;
	vigil_error err;
	vigil_status s = vigil_patient_import_stream(&session, in, "fuzz.csv", &hooks, &result, &err);
	fclose(in);
	if (s == VIGIL_OK)
		fuzz_fail("an import committed through a commit hook that refuses");
	fuzz_check_refusal("vigil_patient_import_stream", s, &err);
	if (result.admitted != 0 || problems != result.problems)
		fuzz_fail("admitted %zu; %zu problems reported, %zu counted", result.admitted, problems,
		          result.problems);
	if (!sqlite3_get_autocommit(db->sql) || db->tx_depth != 0)
		fuzz_fail("the import left a transaction open");
	if (patients_on_ward() != 2)
		fuzz_fail("the ward no longer holds its two patients");
	free(bytes);
	return 0;
}
