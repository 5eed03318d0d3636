/* notes.c - the nursing note (T) and last use (U) dialogs, on the board
 * and a patient: a timed note (vigil_note_record) and the substance a
 * patient last used and when (vigil_last_use_record), which the admit
 * form asks too. The core checks them; a refusal stays in the dialog with
 * what was typed. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "view.h"
#include "vigil/chart.h"

void tui_chart_saved(struct tui *t, int64_t id)
{
	board_reload(t); /* the protocols too: an open patient reads them again below */
	if (tui_top(t) == VIEW_PATIENT) {
		patient_reload(t);
		patient_select_chart(t, id);
	}
}

/* ---- a note --------------------------------------------------------- */

enum { NOTE_TEXT, NOTE_TIME };

static bool note_yes(struct tui *t, struct dialog *d)
{
	vigil_error err;
	vigil_time at = 0;
	int64_t id = 0;
	const char *when = d->fields[NOTE_TIME].text;
	if ((when[0] && tui_parse_when(t, when, &at, &err) != VIGIL_OK) ||
	    vigil_note_record(&t->session, d->patient.mrn, d->fields[NOTE_TEXT].text, at, &id,
	                      &err) != VIGIL_OK) {
		snprintf(d->error, sizeof d->error, "%s", err.msg);
		return false;
	}
	vigil_patient p = d->patient;
	tui_chart_saved(t, id);
	tui_info(t, "Recorded note T%lld for %s (%s).", (long long)id, p.name, p.mrn);
	return true;
}

void note_open(struct tui *t, const vigil_patient *p)
{
	vigil_error err;
	if (vigil_require(&t->session, VIGIL_ACT_RECORD, &err) != VIGIL_OK) {
		tui_error(t, "%s", err.msg);
		return;
	}
	struct dialog *d = dialog_open(t, DIALOG_FORM, "Nursing note", note_yes, NULL);
	d->patient = *p;
	d->enter_submits = true;
	dialog_para(d, "A note on %s (%s), bed %s, for the timeline and the next shift. Enter "
	               "records it; Tab moves to the time (blank: now; HH:MM; YYYY-MM-DD "
	               "HH:MM); Esc cancels.", p->name, p->mrn, p->bed[0] ? p->bed : "-");
	dialog_field(d, "Note", VIGIL_NOTE_MAX);
	dialog_field(d, "Time", 40);
}

/* ---- last use ------------------------------------------------------- */

vigil_status tui_parse_substance(const struct tui *t, const char *text, const char **key,
                                 vigil_error *err)
{
	const vigil_drugs *d = vigil_protocols_drugs(t->protocols);
	const vigil_substance *sub;
	char *end;
	while (*text == ' ')
		text++;
	long n = strtol(text, &end, 10);
	if (end != text && *end == '\0' && n >= 1 && (size_t)n <= vigil_substances_count(d)) {
		*key = vigil_substances_at(d, (size_t)n - 1)->key;
		return VIGIL_OK;
	}
	vigil_status s = vigil_substances_lookup(d, text, &sub, err);
	if (s == VIGIL_OK)
		*key = sub->key;
	return s;
}

/* "16h", "1d4h ago": how long ago, as vigil_duration_parse reads it. */
static bool parse_ago(const char *text, int64_t *seconds)
{
	char buf[48];
	vigil_copy(buf, sizeof buf, text);
	size_t n = strlen(buf);
	while (n && buf[n - 1] == ' ')
		buf[--n] = '\0';
	if (n > 3 && strcmp(buf + n - 3, "ago") == 0) {
		buf[n -= 3] = '\0';
		while (n && buf[n - 1] == ' ')
			buf[--n] = '\0';
	}
	for (size_t i = 0; buf[i]; i++)
		if (buf[i] == ' ')
			memmove(buf + i, buf + i + 1, strlen(buf + i)); /* "1d 4h" */
	return buf[0] && isdigit((unsigned char)buf[0]) && !strchr(buf, ':') &&
	       !strchr(buf, '-') && vigil_duration_parse(buf, seconds, NULL) == VIGIL_OK;
}

vigil_status tui_parse_used_at(struct tui *t, const char *text, vigil_time *out,
                               vigil_error *err)
{
	int64_t ago;
	*out = 0;
	if (!text[0])
		return VIGIL_OK; /* the core asks for a time */
	if (parse_ago(text, &ago)) {
		*out = t->now - ago;
		return VIGIL_OK;
	}
	return tui_parse_when(t, text, out, err);
}

void tui_substance_paras(const struct tui *t, struct dialog *d)
{
	const vigil_drugs *drugs = vigil_protocols_drugs(t->protocols);
	for (size_t i = 0; i < vigil_substances_count(drugs); i++) {
		const vigil_substance *sub = vigil_substances_at(drugs, i);
		dialog_para(d, "  %zu %s: %s", i + 1, sub->key, sub->label);
	}
}

enum { LU_SUBSTANCE, LU_WHEN, LU_NOTE };

static bool last_use_yes(struct tui *t, struct dialog *d)
{
	vigil_error err;
	vigil_time at = 0;
	const char *key = NULL;
	int64_t id = 0;
	if (tui_parse_substance(t, d->fields[LU_SUBSTANCE].text, &key, &err) != VIGIL_OK ||
	    tui_parse_used_at(t, d->fields[LU_WHEN].text, &at, &err) != VIGIL_OK ||
	    vigil_last_use_record(&t->session, t->protocols, d->patient.mrn, key, at,
	                          d->fields[LU_NOTE].text, &id, &err) != VIGIL_OK) {
		snprintf(d->error, sizeof d->error, "%s", err.msg);
		return false;
	}
	vigil_patient p = d->patient;
	char when[VIGIL_TIME_LOCAL_LEN], used[VIGIL_DRUG_KEY_MAX + 1];
	vigil_time_format_local(at, when, sizeof when);
	vigil_copy(used, sizeof used, key); /* the list it points into is read again next */
	tui_chart_saved(t, id);
	tui_info(t, "Recorded U%lld: %s (%s) last used %s at %s.", (long long)id, p.name, p.mrn,
	         used, when);

	return true;
}

void last_use_open(struct tui *t, const vigil_patient *p)
{
	vigil_error err;
	if (vigil_require(&t->session, VIGIL_ACT_RECORD, &err) != VIGIL_OK) {
		tui_error(t, "%s", err.msg);
		return;
	}
	struct dialog *d = dialog_open(t, DIALOG_FORM, "Last use", last_use_yes, NULL);
	d->patient = *p;
	dialog_para(d, "What %s (%s) last used, and when (more than one may be recorded):",
	            p->name, p->mrn);
	tui_substance_paras(t, d);
	dialog_para(d, "%s", "");
	dialog_para(d, "Substance: the number or the word. When: how long ago (16h, 1d 4h) or "
	               "the time (HH:MM, YYYY-MM-DD HH:MM). Enter moves on, then records; Esc "
	               "cancels.");
	dialog_field(d, "Substance", VIGIL_DRUG_KEY_MAX);
	dialog_field(d, "When", 40);
	dialog_field(d, "Note", VIGIL_NOTE_MAX);
}
