/* error.h - status codes and error messages returned by every core function */
#ifndef VIGIL_ERROR_H
#define VIGIL_ERROR_H

#include <stddef.h>

typedef enum vigil_status {
	VIGIL_OK = 0,
	VIGIL_EINVAL,   /* bad input: a score, a name, a time */
	VIGIL_ENOTFOUND,/* unknown patient, user, scale, assessment */
	VIGIL_EEXIST,   /* duplicate MRN or user, database already there */
	VIGIL_EPERM,    /* the acting user's role may not do this */
	VIGIL_EAUTH,    /* wrong password, disabled or locked account */
	VIGIL_EDB,      /* the database failed: corrupt, full, read-only */
	VIGIL_EBUSY,    /* the database is locked by another program */
	VIGIL_EVERSION, /* the database was written by a newer vigil */
	VIGIL_ETAMPER,  /* audit verification found a mismatch */
	VIGIL_EIO,      /* a file could not be read or written */
	VIGIL_ENOMEM
} vigil_status;

/* A failure carries its code and a one-line message naming what was wrong.
 * The message never starts with "vigil: "; the face adds that. */
typedef struct vigil_error {
	vigil_status code;
	char msg[512];
} vigil_error;

/* Fills err (when not NULL) and returns code, so callers can write
 * `return vigil_fail(err, VIGIL_EINVAL, "...", ...);` */
vigil_status vigil_fail(vigil_error *err, vigil_status code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

void vigil_error_clear(vigil_error *err);

/* Human name of a status code, e.g. "permission denied". */
const char *vigil_status_name(vigil_status code);

#endif
