/* witness.c - the head of the audit log sent out after every commit, so a
 * copy kept outside the database witnesses it (vigil-config(5): witness).
 * A file of heads is what `vigil audit verify --witness` reads. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "internal.h"

vigil_status vigil_db_witness(vigil_db *db, bool to_syslog, const char *file, vigil_error *err)
{
	db->witness_syslog = to_syslog;
	if (db->witness_fd >= 0)
		close(db->witness_fd);
	db->witness_fd = -1;
	if (!file || !*file)
		return VIGIL_OK;
	/* Opened now, so a witness that cannot be written stops the command
	 * before it changes anything, not after. */
	int fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return vigil_fail(err, VIGIL_EIO, "witness %s: %s", file, strerror(errno));
	db->witness_fd = fd;
	return VIGIL_OK;
}

void store_witness_head(vigil_db *db)
{
	if (!db->witness_syslog && db->witness_fd < 0)
		return;
	sqlite3_stmt *stmt;
	if (store_prepare_cached(db, &stmt,
	                         "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
	                         NULL) != VIGIL_OK)
		return;
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		char line[128];
		int n = snprintf(line, sizeof line, "%lld:%s\n",
		                 (long long)sqlite3_column_int64(stmt, 0),
		                 (const char *)sqlite3_column_text(stmt, 1));
		/* The commit has happened: a witness that fails now cannot undo
		 * it, and the next commit's head covers this one. */
		if (db->witness_fd >= 0 && n > 0 && n < (int)sizeof line &&
		    write(db->witness_fd, line, (size_t)n) == n)
			fsync(db->witness_fd);
		if (db->witness_syslog)
			syslog(LOG_NOTICE | LOG_AUTHPRIV, "vigil audit head %s %.*s", db->path,
			       n > 0 ? n - 1 : 0, line);
	}
	store_release(db, stmt);
}
