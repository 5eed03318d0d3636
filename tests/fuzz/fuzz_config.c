/* fuzz_config.c - vigil_config_parse on any text (vigil-config(5)).
 *
 * A config that loads is then held to config.h's promises: 1 to 8
 * shifts, ascending by start, each start 0..1439, no name twice; and the
 * shifts as spans of local time, over both clock changes of a
 * Europe/London year: the shift under way at a time holds it, and no
 * occurrence of a shift ends before it starts (one whose start the
 * clocks skip may be empty that night). */
#include <strings.h>

#include "fuzz.h"
#include "vigil/config.h"
#include "vigil/export.h"

/* Instants around both clock changes of 2026 in Europe/London (29 March
 * and 25 October, at 01:00 UTC), and an ordinary day. */
static const vigil_time instants[] = {
	1774746000 - 3600, 1774746000 - 60, 1774746000, 1774746000 + 1800, 1774746000 + 3600,
	1792890000 - 3600, 1792890000 - 60, 1792890000, 1792890000 + 1800, 1792890000 + 3600,
	1784000000,
};
static const char *const dates[] = { "2026-03-28", "2026-03-29", "2026-10-24", "2026-10-25" };

static void check_shifts(const vigil_config *cfg)
{
	if (cfg->nshifts < 1 || cfg->nshifts > VIGIL_SHIFTS_MAX)
		fuzz_fail("%zu shifts", cfg->nshifts);
	for (size_t i = 0; i < cfg->nshifts; i++) {
		const vigil_shift_def *s = &cfg->shifts[i];
		if (s->start < 0 || s->start > 1439 || !s->name[0])
			fuzz_fail("shift '%s' at minute %d", s->name, s->start);
		if (i && s->start <= cfg->shifts[i - 1].start)
			fuzz_fail("shifts not ascending by start");
		for (size_t j = 0; j < i; j++)
			if (!strcasecmp(s->name, cfg->shifts[j].name))
				fuzz_fail("shift '%s' twice", s->name);
	}
}

static void check_span(const char *what, const vigil_config *cfg, const vigil_shift *shift)
{
	char title[VIGIL_WARD_NAME_MAX * 16 + 200];
	if (shift->end < shift->start)
		fuzz_fail("%s: shift %s of %s ends at %lld, before it starts at %lld", what, shift->name,
		          shift->date, (long long)shift->end, (long long)shift->start);
	vigil_shift_title(cfg, shift, title, sizeof title);
}

static void check_times(const vigil_config *cfg)
{
	vigil_shift shift;
	vigil_error err;
	for (size_t i = 0; i < sizeof instants / sizeof instants[0]; i++) {
		vigil_time t = instants[i];
		if (vigil_shift_at(cfg, t, &shift, &err) != VIGIL_OK)
			fuzz_fail("no shift at %lld: %s", (long long)t, err.msg);
		check_span("vigil_shift_at", cfg, &shift);
		if (t < shift.start || t >= shift.end)
			fuzz_fail("the shift at %lld is %s of %s, %lld to %lld", (long long)t, shift.name,
			          shift.date, (long long)shift.start, (long long)shift.end);
		for (size_t j = 0; j < cfg->nshifts; j++) {
			if (vigil_shift_latest(cfg, cfg->shifts[j].name, t, &shift, &err) != VIGIL_OK)
				fuzz_fail("no latest %s: %s", cfg->shifts[j].name, err.msg);
			if (shift.start > t)
				fuzz_fail("the latest %s starts after %lld", shift.name, (long long)t);
		}
	}
	for (size_t d = 0; d < sizeof dates / sizeof dates[0]; d++)
		for (size_t j = 0; j < cfg->nshifts; j++) {
			if (vigil_shift_on(cfg, dates[d], cfg->shifts[j].name, &shift, &err) != VIGIL_OK)
				fuzz_fail("no %s on %s: %s", cfg->shifts[j].name, dates[d], err.msg);
			check_span("vigil_shift_on", cfg, &shift);
		}
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
	vigil_config cfg;
	vigil_error err;
	vigil_status s = vigil_config_parse("fuzz.config", text, &cfg, &err);
	if (s != VIGIL_OK) {
		fuzz_check_refusal("vigil_config_parse", s, &err);
	} else {
		check_shifts(&cfg);
		check_times(&cfg);
	}
	free(text);
	return 0;
}
