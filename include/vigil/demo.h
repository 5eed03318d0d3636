/* demo.h - a realistic demo ward for training and trying vigil */
#ifndef VIGIL_DEMO_H
#define VIGIL_DEMO_H

#include <stdbool.h>
#include <stddef.h>
#include "vigil/db.h"
#include "vigil/error.h"

/* The demo accounts; their passwords are documented in vigil(1). */
typedef struct vigil_demo_account {
	const char *name, *role, *password;
} vigil_demo_account;

extern const vigil_demo_account vigil_demo_accounts[];
extern const size_t vigil_demo_account_count;

/* True on a training database that holds every demo account with its
 * role: its login screen may show them (their passwords are public). */
bool vigil_demo_accounts_here(vigil_db *db);

/* How to start vigil again, as the user started it: argv0 as passed
 * when it names a path ("build/vigil"), else "vigil" (found on PATH). */
const char *vigil_demo_program(const char *argv0);

/* The example command after a demo is made: "VIGIL_PASSWORD=demo-nurse
 * PROGRAM --db PATH --user nurse history MRN1001" (false when cut). */
bool vigil_demo_hint(const char *argv0, const char *db_path, char *buf, size_t size);

typedef struct vigil_demo_summary {
	int patients;
	int assessments;
	int doses, vitals, notes; /* vital signs typed beside the assessments */
} vigil_demo_summary;

/* Creates a new database at path (refusing an existing file) holding 10
 * patients with 1-3 days of assessments whose withdrawal rises and falls,
 * with the PRN doses, vital signs, notes and last use a unit charts beside
 * them, ending now (VIGIL_NOW honoured). The same now gives the same ward. */
vigil_status vigil_demo_create(const char *path, vigil_demo_summary *summary,
                               vigil_error *err);

#endif
