/* drugs.h - the drugs a unit gives and the substances a patient may have
 * last used, as data (format in vigil-drugs(5)).
 *
 * The list compiled into vigil (data/drugs) is the default; an admin
 * installs a unit's own into the database (audited, the file's text
 * kept), and from then on every terminal on that database uses it. A dose
 * is checked against it: the drug must be on the list, its unit and route
 * ones the list allows, its amount above zero and no larger than the
 * largest single dose that is plausible. */
#ifndef VIGIL_DRUGS_H
#define VIGIL_DRUGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "vigil/auth.h"
#include "vigil/protocol.h"
#include "vigil/scale.h"

#define VIGIL_DRUG_KEY_MAX 32
#define VIGIL_DRUG_NAME_MAX 64
#define VIGIL_DRUG_UNIT_MAX 8     /* bytes of "mcg" with room */
#define VIGIL_DRUG_ROUTE_MAX 8    /* bytes of "BUCCAL" */
#define VIGIL_DRUG_UNITS_MAX 4
#define VIGIL_DRUG_ROUTES_MAX 8
#define VIGIL_DRUG_FOR_MAX 4
#define VIGIL_DRUGS_MAX 64
#define VIGIL_SUBSTANCES_MAX 16
#define VIGIL_SUBSTANCE_LABEL_MAX 80
#define VIGIL_DRUGS_TEXT_LIMIT (64 * 1024)

/* unit UNIT max AMOUNT [usual AMOUNT]: amounts in thousandths. */
typedef struct vigil_drug_unit {
	char unit[VIGIL_DRUG_UNIT_MAX];
	int64_t max;   /* the largest plausible single dose */
	int64_t usual; /* offered first; 0 when none */
} vigil_drug_unit;

typedef struct vigil_drug {
	char key[VIGIL_DRUG_KEY_MAX + 1];   /* "buprenorphine-naloxone" */
	char name[VIGIL_DRUG_NAME_MAX + 1]; /* "Buprenorphine/naloxone" */
	size_t nunits;
	vigil_drug_unit units[VIGIL_DRUG_UNITS_MAX];
	size_t nroutes;
	char routes[VIGIL_DRUG_ROUTES_MAX][VIGIL_DRUG_ROUTE_MAX]; /* "SL" */
	/* The scales whose withdrawal it treats: a dose makes each of them
	 * due for reassessment by its protocol's after-dose rule. */
	size_t nfor;
	char for_scales[VIGIL_DRUG_FOR_MAX][VIGIL_SCALE_KEY_MAX + 1];
	int line;
} vigil_drug;

/* substance KEY LABEL: what a patient may have last used. */
typedef struct vigil_substance {
	char key[VIGIL_DRUG_KEY_MAX + 1];              /* "short-acting" */
	char label[VIGIL_SUBSTANCE_LABEL_MAX + 1];     /* "short-acting opioid (heroin, oxycodone)" */
} vigil_substance;

typedef struct vigil_drugs vigil_drugs;

/* Parses a drug list; "source:line: reason" on any fault, refused whole. */
vigil_status vigil_drugs_parse(const char *source, const char *text, vigil_drugs **out,
                               vigil_error *err);
/* The list compiled in. */
vigil_status vigil_drugs_builtin(vigil_drugs **out, vigil_error *err);
void vigil_drugs_free(vigil_drugs *d);

size_t vigil_drugs_count(const vigil_drugs *d);
const vigil_drug *vigil_drugs_at(const vigil_drugs *d, size_t i);
/* Case-insensitive; NULL when not on the list. */
const vigil_drug *vigil_drugs_find(const vigil_drugs *d, const char *key);
/* The drug, or "unknown drug 'x' (use buprenorphine, ...)". */
vigil_status vigil_drugs_lookup(const vigil_drugs *d, const char *key, const vigil_drug **out,
                                vigil_error *err);
size_t vigil_substances_count(const vigil_drugs *d);
const vigil_substance *vigil_substances_at(const vigil_drugs *d, size_t i);
vigil_status vigil_substances_lookup(const vigil_drugs *d, const char *key,
                                     const vigil_substance **out, vigil_error *err);

/* Where the list in force came from: "built in" or "installed ... by ...";
 * its text and BLAKE2b-256 hash. */
const char *vigil_drugs_origin(const vigil_drugs *d);
const char *vigil_drugs_text(const vigil_drugs *d);
const char *vigil_drugs_hash(const vigil_drugs *d);

/* The unit of a drug matching text (case-insensitive), or "mg is not a
 * unit for lofexidine (use mg)". */
vigil_status vigil_drug_unit_lookup(const vigil_drug *drug, const char *text,
                                    const vigil_drug_unit **out, vigil_error *err);
/* The route (canonical spelling into out), or "IV is not a route for
 * buprenorphine (use SL or BUCCAL)". */
vigil_status vigil_drug_route_lookup(const vigil_drug *drug, const char *text,
                                     const char **out, vigil_error *err);
/* Whether a dose of the drug calls for reassessment on the scale. */
bool vigil_drug_treats(const vigil_drug *drug, const char *scale);

/* The list in force on this database: installed, else built in. */
vigil_status vigil_drugs_load(vigil_session *session, vigil_drugs **out, vigil_error *err);
/* Installs a unit's list for every terminal on the database: admin only,
 * audited with the text kept. */
vigil_status vigil_drugs_install(vigil_session *session, const char *source, const char *text,
                                 vigil_error *err);

/* The drug list kept with the protocols in force (vigil_protocols_load
 * loads both, so every face that holds the protocols holds the list). */
const vigil_drugs *vigil_protocols_drugs(const vigil_protocols *set);

#endif
