/* handover.h - what the next shift is told about each patient: the one
 * rule for `vigil shift`, its printed pages and the terminal interface's
 * handover view, which all show these lines.
 *
 * Per patient, in this order: the scores of the shift per scale as a short
 * trend, reassessments missed and not done, the doses given, the last
 * vital signs with their flags, induction readiness (decision support),
 * what is due next, the 24-hour dose maximums reached, and the shift's
 * notes. A part with nothing to say says so ("no vital signs this
 * shift"). Readiness, what is due and the 24-hour maximums are as they
 * stand now; the rest is the shift's.
 *
 * Every role may read a handover; writing it to a file is an export
 * (vigil_export_handover in export.h). */
#ifndef VIGIL_HANDOVER_H
#define VIGIL_HANDOVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "vigil/auth.h"
#include "vigil/chart.h"
#include "vigil/config.h"
#include "vigil/patient.h"
#include "vigil/protocol.h"

/* Columns before a part's text: two spaces and the part's label. */
#define VIGIL_HANDOVER_LABEL 14
/* The narrowest layout (the label and 26 columns of text). */
#define VIGIL_HANDOVER_MIN_WIDTH 40
/* A printed page: 66 lines (11 inches at 6 lines an inch). */
#define VIGIL_HANDOVER_PAGE_LINES 66

typedef enum vigil_handover_part {
	VIGIL_HO_PATIENT,   /* bed, MRN, name */
	VIGIL_HO_SCORES,
	VIGIL_HO_MISSED,
	VIGIL_HO_DOSES,
	VIGIL_HO_VITALS,
	VIGIL_HO_READINESS,
	VIGIL_HO_DUE,
	VIGIL_HO_CAPS,
	VIGIL_HO_NOTES,
	VIGIL_HO_PARTS
} vigil_handover_part;

/* "Scores", "Missed", "Doses given", ... ("" for the patient's line). */
const char *vigil_handover_part_label(vigil_handover_part part);

typedef enum vigil_handover_mark {
	VIGIL_HO_PLAIN,
	VIGIL_HO_NOTHING,   /* a part with nothing to say: "no notes this shift" */
	VIGIL_HO_ATTENTION  /* missed, overdue, flagged, at a 24-hour maximum */
} vigil_handover_mark;

typedef struct vigil_handover_line {
	vigil_handover_part part;
	vigil_handover_mark mark;
	bool first;  /* the part's first line: it carries the label */
	char *text;  /* as printed, label column included; stored text escaped;
	              * at most the layout's width in columns */
} vigil_handover_line;

typedef struct vigil_handover_layout {
	int width;      /* columns per line, at least VIGIL_HANDOVER_MIN_WIDTH */
	int max_lines;  /* 0: every line; else at most this many, the notes
	                 * cut first ("(3 more notes: see vigil history)"),
	                 * then the doses, then the rest */
	bool ascii;     /* "->" and "..." instead of arrows and ellipses */
} vigil_handover_layout;

typedef struct vigil_handover {
	vigil_patient patient;
	size_t nlines;
	vigil_handover_line *lines;
	char first_scale[VIGIL_SCALE_KEY_MAX + 1]; /* the first scale scored in
	                                            * the shift, "" if none */
} vigil_handover;

/* The handover of one patient for one shift, at the clock's now. */
vigil_status vigil_handover_patient(vigil_session *session, const vigil_protocols *protocols,
                                    const vigil_shift *shift, const vigil_patient *patient,
                                    const vigil_handover_layout *layout, vigil_handover *out,
                                    vigil_error *err);
void vigil_handover_free(vigil_handover *h);

/* Each patient on the ward during the shift, by bed then MRN. fn returns
 * non-zero to stop; h is freed after it returns. */
typedef int (*vigil_handover_fn)(const vigil_handover *h, void *ctx);
vigil_status vigil_handover_each(vigil_session *session, const vigil_protocols *protocols,
                                 const vigil_shift *shift, const vigil_handover_layout *layout,
                                 vigil_handover_fn fn, void *ctx, vigil_error *err);

/* Every flag the protocols in force raise on a set of vital signs, each
 * value's first: "hr 130 > 120; temp 38.2 >= 38.0" ("" for none). The
 * handover and the vital signs' export say the same. */
void vigil_vitals_flags(const vigil_vitals *v, const vigil_protocols *protocols, char *buf,
                        size_t size);

/* The handover of each shift as plain text, 80 columns: for each shift
 * its title and every patient's lines; then the witness (the ward key and
 * the head of the audit log). With pages, each patient starts a page
 * (a form feed before it) that repeats the training banner and the
 * shift's title, and no page is longer than VIGIL_HANDOVER_PAGE_LINES;
 * without, a training database's banner comes first and a blank line
 * separates the patients. *patients (may be NULL) gets how many were
 * written. Errors writing to out are the caller's to find (ferror). */
vigil_status vigil_handover_print(vigil_session *session, const vigil_protocols *protocols,
                                  const vigil_config *cfg, const vigil_shift *shifts,
                                  size_t nshifts, bool ascii, bool pages, FILE *out,
                                  size_t *patients, vigil_error *err);

#endif
