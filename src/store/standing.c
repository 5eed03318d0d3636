/* standing.c - a record's standing read from the tables (standing.h). */
#include "standing.h"

static const char *const standing_sql[] = {
	[STORE_ASSESSMENT] = "SELECT EXISTS (SELECT 1 FROM assessments WHERE supersedes_id = ?1),"
	                     " EXISTS (SELECT 1 FROM voids WHERE assessment_id = ?1)",
	[STORE_NOT_DONE] = "SELECT EXISTS (SELECT 1 FROM not_done WHERE supersedes_id = ?1),"
	                   " EXISTS (SELECT 1 FROM not_done_voids WHERE not_done_id = ?1)",
	[STORE_CHART] = "SELECT EXISTS (SELECT 1 FROM chart_entries WHERE supersedes_id = ?1),"
	                " EXISTS (SELECT 1 FROM chart_voids WHERE entry_id = ?1)",
};

vigil_status store_read_standing(vigil_db *db, store_record_kind kind, int64_t id,
                                 store_standing *out, vigil_error *err)
{
	sqlite3_stmt *stmt;
	vigil_status s = store_prepare_cached(db, &stmt, standing_sql[kind], err);
	if (s != VIGIL_OK)
		return s;
	sqlite3_bind_int64(stmt, 1, id);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		out->amended = sqlite3_column_int(stmt, 0) != 0;
		out->voided = sqlite3_column_int(stmt, 1) != 0;
	} else {
		s = store_fail(db, rc, err, "reading whether a record was corrected");
	}
	store_release(db, stmt);
	return s;
}

vigil_status store_refused_change(vigil_db *db, store_record_kind kind, int64_t id,
                                  const char *name, bool voiding, int rc, const char *doing,
                                  vigil_error *err)
{
	/* The database's words first: reading the standing replaces them. */
	vigil_error why;
	vigil_status s = store_fail(db, rc, &why, doing);
	store_standing st;
	if ((rc & 0xff) == SQLITE_CONSTRAINT &&
	    store_read_standing(db, kind, id, &st, NULL) == VIGIL_OK) {
		if (st.voided)
			return vigil_fail(err, VIGIL_EINVAL, "%s is %sentered in error", name,
			                  voiding ? "already " : "");
		if (st.amended)
			return vigil_fail(err, VIGIL_EINVAL, "%s has already been amended", name);
	}
	if (err)
		*err = why;
	return s;
}
