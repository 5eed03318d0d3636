/* audit.c - the audit log as the faces see it */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/audit.h"
#include "vigil/store.h"

vigil_status vigil_audit_verify(vigil_session *session, vigil_audit_report *report,
                                vigil_error *err)
{
	return vigil_audit_verify_heads(session, NULL, 0, report, err);
}

vigil_status vigil_audit_verify_heads(vigil_session *session, const vigil_audit_head *heads,
                                      size_t nheads, vigil_audit_report *report,
                                      vigil_error *err)
{
	vigil_status s = vigil_require(session, VIGIL_ACT_VERIFY_AUDIT, err);
	if (s != VIGIL_OK)
		return s;
	return vigil_store_audit_verify(session->db, heads, nheads, report, err);
}

static bool is_hash(const char *text, size_t len)
{
	return len == 64 && strspn(text, "0123456789abcdef") >= 64;
}

vigil_status vigil_audit_head_parse(const char *text, vigil_audit_head *out, vigil_error *err)
{
	const char *colon = text ? strchr(text, ':') : NULL;
	memset(out, 0, sizeof *out);
	if (text && !colon && is_hash(text, strlen(text))) {
		memcpy(out->hash, text, 65);
		return VIGIL_OK;
	}
	if (colon && colon > text && colon - text < 19 &&
	    strspn(text, "0123456789") == (size_t)(colon - text) &&
	    is_hash(colon + 1, strlen(colon + 1))) {
		out->seq = strtoll(text, NULL, 10);
		memcpy(out->hash, colon + 1, 65);
		if (out->seq > 0)
			return VIGIL_OK;
	}
	return vigil_fail(err, VIGIL_EINVAL,
	                  "'%.80s' is not a head (SEQ:HASH, as an audit verify prints it)",
	                  text ? text : "");
}

vigil_status vigil_audit_witness_read(const char *path, vigil_audit_head **out, size_t *n,
                                      vigil_error *err)
{
	*out = NULL;
	*n = 0;
	FILE *f = fopen(path, "r");
	if (!f)
		return vigil_fail(err, VIGIL_EIO, "%s: %s", path, strerror(errno));
	vigil_audit_head *heads = calloc(VIGIL_AUDIT_HEADS_MAX, sizeof *heads);
	vigil_status s = heads ? VIGIL_OK : vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	char line[256];
	for (int lineno = 1; s == VIGIL_OK && fgets(line, sizeof line, f); lineno++) {
		line[strcspn(line, "\r\n")] = '\0';
		const char *p = line + strspn(line, " \t");
		if (!*p || *p == '#')
			continue;
		vigil_error sub;
		if (*n == VIGIL_AUDIT_HEADS_MAX)
			s = vigil_fail(err, VIGIL_EINVAL, "%s:%d: more than %d heads", path, lineno,
			               VIGIL_AUDIT_HEADS_MAX);
		else if (vigil_audit_head_parse(p, &heads[*n], &sub) != VIGIL_OK)
			s = vigil_fail(err, VIGIL_EINVAL, "%s:%d: %s", path, lineno, sub.msg);
		else
			(*n)++;
	}
	if (s == VIGIL_OK && ferror(f))
		s = vigil_fail(err, VIGIL_EIO, "%s: %s", path, strerror(errno));
	fclose(f);
	if (s == VIGIL_OK && *n == 0)
		s = vigil_fail(err, VIGIL_EINVAL, "%s: no heads in it", path);
	if (s != VIGIL_OK) {
		free(heads);
		*n = 0;
		return s;
	}
	*out = heads;
	return VIGIL_OK;
}

vigil_status vigil_audit_head_now(vigil_db *db, char *ward_key, size_t key_size, char *head,
                                  size_t head_size, vigil_error *err)
{
	return vigil_store_audit_head(db, ward_key, key_size, head, head_size, err);
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
