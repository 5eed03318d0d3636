/* demo.h - a realistic demo ward for training and trying vigil */
#ifndef VIGIL_DEMO_H
#define VIGIL_DEMO_H

#include <stddef.h>
#include "vigil/error.h"

/* The demo accounts; their passwords are documented in vigil(1). */
typedef struct vigil_demo_account {
	const char *name, *role, *password;
} vigil_demo_account;

extern const vigil_demo_account vigil_demo_accounts[];
extern const size_t vigil_demo_account_count;

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
