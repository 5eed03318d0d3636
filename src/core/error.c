/* error.c - filling vigil_error */
#include <stdarg.h>
#include <stdio.h>

#include "vigil/error.h"

vigil_status vigil_fail(vigil_error *err, vigil_status code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
		err->code = code;
	}
	return code;
}

void vigil_error_clear(vigil_error *err)
{
	if (err) {
		err->code = VIGIL_OK;
		err->msg[0] = '\0';
	}
}

const char *vigil_status_name(vigil_status code)
{
	switch (code) {
	case VIGIL_OK: return "ok";
	case VIGIL_EINVAL: return "invalid input";
	case VIGIL_ENOTFOUND: return "not found";
	case VIGIL_EEXIST: return "already exists";
	case VIGIL_EPERM: return "permission denied";
	case VIGIL_EAUTH: return "authentication failed";
	case VIGIL_EDB: return "database error";
	case VIGIL_EBUSY: return "database locked";
	case VIGIL_EVERSION: return "database version not supported";
	case VIGIL_ETAMPER: return "audit mismatch";
	case VIGIL_EIO: return "input/output error";
	case VIGIL_ENOMEM: return "out of memory";
	}
	return "unknown error";
}
