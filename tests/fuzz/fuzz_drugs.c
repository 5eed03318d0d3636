/* fuzz_drugs.c - vigil_drugs_parse on any text (vigil-drugs(5)).
 *
 * A list that loads is then looked up as a dose is checked against it:
 * every drug is found by its key, every unit and route of a drug by its
 * own spelling, every substance by its key; each unit's largest dose is
 * above zero and its usual one no larger. */
#include "fuzz.h"
#include "vigil/drugs.h"
#include "vigil/measure.h"

static void check_drug(const vigil_drugs *d, const vigil_drug *drug)
{
	vigil_error err;
	const vigil_drug *found;
	if (vigil_drugs_lookup(d, drug->key, &found, &err) != VIGIL_OK || found != drug)
		fuzz_fail("drug %s not found by its key", drug->key);
	if (drug->nunits < 1 || drug->nunits > VIGIL_DRUG_UNITS_MAX ||
	    drug->nroutes < 1 || drug->nroutes > VIGIL_DRUG_ROUTES_MAX ||
	    drug->nfor > VIGIL_DRUG_FOR_MAX)
		fuzz_fail("drug %s: %zu units, %zu routes, %zu scales", drug->key, drug->nunits,
		          drug->nroutes, drug->nfor);
	for (size_t i = 0; i < drug->nunits; i++) {
		const vigil_drug_unit *u = &drug->units[i], *back;
		if (u->max <= 0 || u->max > VIGIL_AMOUNT_MILLI_LIMIT || u->usual < 0 || u->usual > u->max)
			fuzz_fail("drug %s: unit %s max %lld usual %lld", drug->key, u->unit,
			          (long long)u->max, (long long)u->usual);
		if (vigil_drug_unit_lookup(drug, u->unit, &back, &err) != VIGIL_OK || back != u)
			fuzz_fail("drug %s: unit %s not found", drug->key, u->unit);
	}
	for (size_t i = 0; i < drug->nroutes; i++) {
		const char *route;
		if (vigil_drug_route_lookup(drug, drug->routes[i], &route, &err) != VIGIL_OK ||
		    strcmp(route, drug->routes[i]) != 0)
			fuzz_fail("drug %s: route %s not found", drug->key, drug->routes[i]);
	}
	for (size_t i = 0; i < drug->nfor; i++)
		if (!vigil_drug_treats(drug, drug->for_scales[i]))
			fuzz_fail("drug %s does not treat its own scale %s", drug->key,
			          drug->for_scales[i]);
	const vigil_drug_unit *unit;
	const char *route;
	vigil_status s = vigil_drug_unit_lookup(drug, "furlong", &unit, &err);
	fuzz_check_refusal("an unknown unit", s, &err);
	s = vigil_drug_route_lookup(drug, "ear", &route, &err);
	fuzz_check_refusal("an unknown route", s, &err);
}

static void check_list(const vigil_drugs *d)
{
	if (vigil_drugs_count(d) > VIGIL_DRUGS_MAX || vigil_substances_count(d) > VIGIL_SUBSTANCES_MAX)
		fuzz_fail("%zu drugs, %zu substances", vigil_drugs_count(d), vigil_substances_count(d));
	for (size_t i = 0; i < vigil_drugs_count(d); i++)
		check_drug(d, vigil_drugs_at(d, i));
	vigil_error err;
	for (size_t i = 0; i < vigil_substances_count(d); i++) {
		const vigil_substance *sub = vigil_substances_at(d, i), *found;
		if (vigil_substances_lookup(d, sub->key, &found, &err) != VIGIL_OK || found != sub)
			fuzz_fail("substance %s not found by its key", sub->key);
	}
	const vigil_drug *drug;
	vigil_status s = vigil_drugs_lookup(d, "no-such-drug-at-all", &drug, &err);
	fuzz_check_refusal("an unknown drug", s, &err);
	if (strlen(vigil_drugs_hash(d)) != 64 || !vigil_drugs_text(d) || !vigil_drugs_origin(d))
		fuzz_fail("a list without its hash, text or origin");
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_environment();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	vigil_drugs *d = NULL;
	vigil_error err;
	vigil_status s = vigil_drugs_parse("fuzz.drugs", text, &d, &err);
	if (s != VIGIL_OK) {
		fuzz_check_refusal("vigil_drugs_parse", s, &err);
		if (d)
			fuzz_fail("a refused drug list was returned");
	} else {
		check_list(d);
		vigil_drugs_free(d);
	}
	free(text);
	return 0;
}
