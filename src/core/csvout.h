/* csvout.h - writing CSV for the exports (core-private): rows through
 * libcsv's writer, and the file they go to. The rules are in vigil-csv(5).
 *
 * The writer keeps rows in its own buffer and hands them to stdio in large
 * blocks; an error sticks and is reported by csvout_finish, so callers can
 * write a whole row without checking every field. */
#ifndef VIGIL_CSVOUT_H
#define VIGIL_CSVOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "vigil/error.h"
#include "vigil/export.h"

typedef struct csv_out {
	FILE *fp;
	char *buf;     /* rows not yet handed to fp */
	size_t len, cap;
	size_t fields; /* in the row being written */
	int errnum;    /* first failure (errno value), 0 while all is well */
} csv_out;

void csvout_init(csv_out *w, FILE *fp);
void csvout_free(csv_out *w);

/* A text field: always quoted by libcsv, quotes doubled; one that starts
 * with = + - @ tab or CR gets a leading ' so no spreadsheet runs it. */
void csvout_text(csv_out *w, const char *text);
/* Numbers are written bare, so they stay numbers. */
void csvout_int(csv_out *w, long long value);
void csvout_decimal(csv_out *w, double value); /* one decimal: "7.5" */
/* A number already written out ("12.25"), bare; the caller vouches that
 * it is one (digits, at most one point, maybe a leading '-'). */
void csvout_number(csv_out *w, const char *digits);
void csvout_empty(csv_out *w);                 /* nothing: an empty cell */
/* Ends the row with CRLF. */
void csvout_end_row(csv_out *w);
/* Hands everything to fp; reports the first failure naming what. */
vigil_status csvout_finish(csv_out *w, const char *what, vigil_error *err);

/* Where an export goes: a temporary file beside the destination, or the
 * stream of dest->out. */
typedef struct csv_file {
	const char *path; /* the destination; NULL when writing to a stream */
	char *tmp;        /* the temporary file, until it is renamed or removed */
	FILE *fp;
	bool owned;       /* fp is ours to close */
	bool force;       /* replace an existing destination */
} csv_file;

/* Refuses an existing destination unless dest->force, then creates the
 * temporary file (mode 0600). */
vigil_status csvfile_open(const vigil_export_dest *dest, csv_file *f, vigil_error *err);
/* Flushes, and for a file syncs it to disk and closes it. */
vigil_status csvfile_sync(csv_file *f, vigil_error *err);
/* Moves the synced file into place: it appears complete or not at all. */
vigil_status csvfile_publish(csv_file *f, vigil_error *err);
/* Removes the temporary file if it is still there; always safe. */
void csvfile_close(csv_file *f);

#endif
