/* cmd_scale.c - listing scales and scoring without saving */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "vigil/scale_defs.h"

static void print_scale(const vigil_scale *s)
{
	printf("%s - %s (%s, total 0-%d)\n", s->name, s->title, s->key, s->max_total);
	if (*s->instruction) {
		cli_put_text(s->instruction);
		putchar('\n');
	}
	for (size_t i = 0; i < s->nitems; i++) {
		const vigil_item *it = &s->items[i];
		printf("\n%s: ", it->key);
		cli_put_text(it->label);
		if (*it->qualifier) {
			fputs(" - ", stdout);
			cli_put_text(it->qualifier);
		}
		putchar('\n');
		for (size_t j = 0; j < it->nscores; j++) {
			printf("  %2d%s", it->scores[j].score, *it->scores[j].text ? "  " : "");
			cli_put_text(it->scores[j].text);
			putchar('\n');
		}
		if (it->raw_key)
			printf("  or %s=%s (%d-%d): the score is derived\n", it->raw_key,
			       it->raw_unit, it->raw_min, it->raw_max);
	}
	if (s->nbands) {
		printf("\nbands");
		if (*s->bands_source) {
			fputs(" (source: ", stdout);
			cli_put_text(s->bands_source);
			putchar(')');
		}
		printf(":\n");
		for (size_t i = 0; i < s->nbands; i++) {
			printf("  %2d-%-2d %s", s->bands[i].lo, s->bands[i].hi, s->bands[i].key);
			if (*s->bands[i].label && strcmp(s->bands[i].label, s->bands[i].key) != 0) {
				fputs(" (", stdout);
				cli_put_text(s->bands[i].label);
				putchar(')');
			}
			putchar('\n');
		}
	} else {
		printf("\nno bands: the total is reported alone\n");
	}
}

/* "definition 1a2b3c4d5e6f: built in" */
static void print_definition(const vigil_scales *set, const vigil_scale *s)
{
	printf("definition %.*s: ", VIGIL_DEFINITION_SHOWN, s->hash);
	cli_put_text(vigil_scales_origin(set, s));
	putchar('\n');
}

int cmd_scales(struct cli *cli, int argc, char **argv)
{
	const char *pos[1];
	size_t npos;
	int rc = cli_parse(cli, argc, argv, NULL, pos, 1, &npos);
	if (rc != EXIT_OK)
		return rc;
	/* With a database, the ward's definitions (loading opens it); without
	 * one, the built-in ones. Scales are no patient data: no login. */
	vigil_scales *scales;
	if ((rc = cli_load_scales(&scales)) != EXIT_OK)
		return rc;
	if (npos == 1) {
		const vigil_scale *s;
		vigil_error err;
		if (vigil_scales_lookup(scales, pos[0], &s, &err) == VIGIL_OK) {
			print_scale(s);
			/* Named when it is not this vigil's built-in one. */
			if (!s->builtin) {
				putchar('\n');
				print_definition(scales, s);
			}
		} else {
			rc = cli_fail(&err);
		}
	} else {
		for (size_t i = 0; i < vigil_scales_count(scales); i++) {
			const vigil_scale *s = vigil_scales_at(scales, i);
			printf("%-10s %-8s %2zu items, 0-%-3d %s%s\n", s->key, s->name, s->nitems,
			       s->max_total, s->title, s->builtin ? "" : " [not the built-in definition]");
		}
	}
	vigil_scales_free(scales);
	cli_close();
	return rc;
}

int cmd_scales_install(struct cli *cli, int argc, char **argv)
{
	const char *pos[1];
	size_t npos;
	int rc = cli_parse(cli, argc, argv, NULL, pos, 1, &npos);
	if (rc != EXIT_OK)
		return rc;
	if (npos != 1)
		return cli_usage_error(cli, "missing FILE");
	char *text = NULL;
	vigil_error err;
	vigil_scale *scale;
	if ((rc = cli_read_text(pos[0], 256 * 1024, "a scale file", &text)) != EXIT_OK)
		return rc;
	/* A bad file is refused before the password is asked. */
	if (vigil_scale_parse(pos[0], text, &scale, &err) != VIGIL_OK) {
		free(text);
		return cli_fail(&err);
	}
	vigil_session session;
	if ((rc = cli_login(cli, &session)) == EXIT_OK) {
		if (vigil_scale_install(&session, pos[0], text, &err) == VIGIL_OK)
			printf("%s definition %.*s installed; it scores on every terminal on this "
			       "database from now on\n",
			       scale->name, VIGIL_DEFINITION_SHOWN, scale->hash);
		else
			rc = cli_fail(&err);
		cli_logout(&session);
	}
	vigil_scale_free(scale);
	free(text);
	return rc;
}

/* Shared by score, record and amend: fills sheet from ITEM=SCORE words. */
int cli_fill_sheet(vigil_sheet *sheet, const char *const *words, size_t n)
{
	vigil_error err;
	for (size_t i = 0; i < n; i++)
		if (vigil_sheet_assign(sheet, words[i], &err) != VIGIL_OK)
			return cli_fail(&err);
	return EXIT_OK;
}

int cmd_score(struct cli *cli, int argc, char **argv)
{
	const char *pos[VIGIL_ITEMS_MAX + 2];
	size_t npos;
	int rc = cli_parse(cli, argc, argv, NULL, pos, VIGIL_ITEMS_MAX + 2, &npos);
	if (rc != EXIT_OK)
		return rc;
	if (npos < 1)
		return cli_usage_error(cli, "missing SCALE");
	if (npos < 2)
		return cli_usage_error(cli, "missing ITEM=SCORE");
	vigil_scales *scales;
	if ((rc = cli_load_scales(&scales)) != EXIT_OK)
		return rc;
	const vigil_scale *s;
	vigil_error err;
	vigil_sheet sheet;
	int total;
	const vigil_band *band;
	if (vigil_scales_lookup(scales, pos[0], &s, &err) != VIGIL_OK) {
		rc = cli_fail(&err);
	} else {
		vigil_sheet_init(&sheet, s);
		rc = cli_fill_sheet(&sheet, pos + 1, npos - 1);
		if (rc == EXIT_OK && vigil_sheet_total(&sheet, &total, &band, &err) != VIGIL_OK)
			rc = cli_fail(&err);
		if (rc == EXIT_OK)
			cli_print_result(s, total, band);
	}
	vigil_scales_free(scales);
	return rc;
}
