/* audit.c - the audit log as the faces see it */
#include <stdio.h>
#include <string.h>

#include "vigil/audit.h"
#include "vigil/store.h"

vigil_status vigil_audit_verify(vigil_session *session, vigil_audit_report *report,
                                vigil_error *err)
{
	vigil_status s = vigil_require(session, VIGIL_ACT_VERIFY_AUDIT, err);
	if (s != VIGIL_OK)
		return s;
	return vigil_store_audit_verify(session->db, NULL, report, err);
}

vigil_status vigil_audit_verify_head(vigil_session *session, const char *expect_head,
                                     vigil_audit_report *report, vigil_error *err)
{
	vigil_status s = vigil_require(session, VIGIL_ACT_VERIFY_AUDIT, err);
	if (s != VIGIL_OK)
		return s;
	if (!expect_head || strlen(expect_head) != 64 ||
	    strspn(expect_head, "0123456789abcdef") != 64)
		return vigil_fail(err, VIGIL_EINVAL,
		                  "--head: '%s' is not a head hash (64 hex digits from audit verify)",
		                  expect_head ? expect_head : "");
	return vigil_store_audit_verify(session->db, expect_head, report, err);
}

vigil_status vigil_audit_note(vigil_session *session, const char *action, const char *detail,
                              vigil_error *err)
{
	return vigil_store_audit_note(session->db, session->user.name, action, detail, err);
}

vigil_status vigil_backup(vigil_session *session, const char *path, vigil_error *err)
{
	vigil_status s = vigil_require(session, VIGIL_ACT_BACKUP, err);
	if (s != VIGIL_OK)
		return s;
	/* Logged first, so the copy holds the entry that says it was made. */
	char detail[4200];
	snprintf(detail, sizeof detail, "backup to %s", path);
	if ((s = vigil_store_audit_note(session->db, session->user.name, "backup", detail, err)) !=
	    VIGIL_OK)
		return s;
	return vigil_db_backup(session->db, path, err);
}
