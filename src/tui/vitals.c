/* vitals.c - recording a set of vital signs (V on the board or a
 * patient): heart rate, blood pressure (systolic/diastolic), temperature,
 * respiratory rate and SpO2, any of them, a note and the time (blank:
 * now). Each value is checked as it is typed (the core's plausible range)
 * and marked '!' when a protocol in force flags it; Enter records the set
 * from any field (vigil_vitals_record) and the status line repeats it with
 * its flags. A space moves on from a value, so a whole set is typed as
 * "88 120/80 37.2 16 97".
 *
 * From the board: V, the values each followed by a space (or Tab), Enter:
 * 6 keys besides the values' own characters for a full set; V, 88, Tab,
 * 120/80, Enter for a pulse and blood pressure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "form.h"
#include "view.h"
#include "vigil/chart.h"

enum { VF_HR, VF_BP, VF_TEMP, VF_RR, VF_SPO2, VF_NOTE, VF_TIME, VF_COUNT };
#define VF_VALUES VF_NOTE /* the fields before it are values */

static const struct {
	const char *label, *unit;
	vigil_vital vital; /* the systolic for BP */
} value_fields[VF_VALUES] = {
	[VF_HR] = { "Heart rate", "/min", VIGIL_VITAL_HR },
	[VF_BP] = { "BP", "mmHg as 120/80", VIGIL_VITAL_SYS },
	[VF_TEMP] = { "Temp", "\u00b0C", VIGIL_VITAL_TEMP },
	[VF_RR] = { "Resp rate", "/min", VIGIL_VITAL_RR },
	[VF_SPO2] = { "SpO2", "%", VIGIL_VITAL_SPO2 },
};

#define LINE_BYTES 600

struct vitals_state {
	vigil_patient p;
	form f;
	char last[LINE_BYTES];  /* the latest set recorded, for reference */
	bool check_ok;
	char check[LINE_BYTES]; /* what Enter records, or why not */
};

/* The typed values as the core reads them: pointers into bp (the blood
 * pressure split at '/'). */
struct typed {
	vigil_vitals_input in;
	char bp[VIGIL_TEXT_BYTES(32) + 4];
};

int vitals_init(struct tui *t)
{
	t->vitals = calloc(1, sizeof *t->vitals);
	return t->vitals ? 0 : -1;
}

void vitals_free(struct tui *t)
{
	if (t->vitals)
		form_clear(&t->vitals->f);
	free(t->vitals);
	t->vitals = NULL;
}

/* One field's value into in (for BP, both halves); err when it cannot be
 * split. */
static vigil_status read_field(const struct vitals_state *s, size_t i, struct typed *ty,
                               vigil_error *err)
{
	const char *text = form_value(&s->f.items[i]);
	if (!text[0])
		return VIGIL_OK;
	if (i != VF_BP) {
		ty->in.value[value_fields[i].vital] = text;
		return VIGIL_OK;
	}
	snprintf(ty->bp, sizeof ty->bp, "bp=%s", text);
	return vigil_vitals_arg(ty->bp, &ty->in, err);
}

static vigil_status read_all(struct tui *t, struct typed *ty, vigil_error *err)
{
	struct vitals_state *s = t->vitals;
	memset(ty, 0, sizeof *ty);
	ty->in.mrn = s->p.mrn;
	ty->in.note = form_value(&s->f.items[VF_NOTE]);
	vigil_status st = VIGIL_OK;
	for (size_t i = 0; st == VIGIL_OK && i < VF_VALUES; i++)
		st = read_field(s, i, ty, err);
	const char *when = form_value(&s->f.items[VF_TIME]);
	if (st == VIGIL_OK && when[0])
		st = tui_parse_when(t, when, &ty->in.at, err);
	return st;
}

/* "flagged > 120, < 50" from the vital lines of the protocols in force. */
static void limits_words(const struct tui *t, vigil_vital v, char *buf, size_t size)
{
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < vigil_protocols_count(t->protocols); i++) {
		const vigil_protocol *p = vigil_protocols_at(t->protocols, i);
		for (size_t k = 0; k < p->nvital_limits && len < size; k++) {
			const vigil_vital_limit *l = &p->vital_limits[k];
			char value[VIGIL_VITAL_TEXT_MAX], one[48];
			if (l->vital != v)
				continue;
			vigil_vital_value_format(v, l->value, value, sizeof value);
			snprintf(one, sizeof one, "%s %s", vigil_vital_op_name(l->op), value);
			if (strstr(buf, one))
				continue; /* the same line in another protocol */
			len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? ", " : "flagged ",
			                        one);
		}
	}
}

/* Beside a value: its unit and range, then what was typed makes of it. */
static void field_hint(struct tui *t, size_t i)
{
	struct vitals_state *s = t->vitals;
	form_item *it = &s->f.items[i];
	struct typed ty;
	vigil_vitals v;
	vigil_error err;
	char why[VIGIL_VITAL_WHY_MAX + 8], limits[120], dia[120] = "";
	memset(&ty, 0, sizeof ty);
	it->hint_style = STYLE_DIM;
	if (form_value(it)[0]) {
		if (read_field(s, i, &ty, &err) != VIGIL_OK ||
		    vigil_vitals_check(&ty.in, &v, &err) != VIGIL_OK) {
			snprintf(it->hint, sizeof it->hint, "%s", err.msg);
			it->hint_style = STYLE_ERROR;
			return;
		}
		if (vigil_vitals_flagged(&v, t->protocols, why, sizeof why)) {
			snprintf(it->hint, sizeof it->hint, "! flagged: %s", why);
			it->hint_style = STYLE_ERROR;
			return;
		}
	}
	int lo, hi;
	char los[VIGIL_VITAL_TEXT_MAX], his[VIGIL_VITAL_TEXT_MAX];
	vigil_vital vital = value_fields[i].vital;
	vigil_vital_range(vital, &lo, &hi);
	vigil_vital_value_format(vital, lo, los, sizeof los);
	vigil_vital_value_format(vital, hi, his, sizeof his);
	limits_words(t, vital, limits, sizeof limits);
	if (i == VF_BP) {
		limits_words(t, VIGIL_VITAL_DIA, dia, sizeof dia);
		snprintf(it->hint, sizeof it->hint, "%s (%s%s%s%s)", value_fields[i].unit,
		         limits[0] ? "systolic " : "", limits, dia[0] && limits[0] ? "; diastolic " : "",
		         dia[0] ? dia + 8 : "");
		if (!limits[0] && !dia[0])
			snprintf(it->hint, sizeof it->hint, "%s", value_fields[i].unit);
		return;
	}
	const char *unit = i == VF_TEMP && !draw_utf8() ? "C" : value_fields[i].unit;
	snprintf(it->hint, sizeof it->hint, "%s, %s-%s%s%s%s", unit, los, his,
	         limits[0] ? " (" : "", limits, limits[0] ? ")" : "");
}

static void update(struct tui *t)
{
	struct vitals_state *s = t->vitals;
	struct typed ty;
	vigil_vitals v;
	vigil_error err;
	for (size_t i = 0; i < VF_VALUES; i++)
		field_hint(t, i);
	char now[VIGIL_TIME_LOCAL_LEN];
	vigil_time_format_local(t->now, now, sizeof now);
	snprintf(s->f.items[VF_TIME].hint, sizeof s->f.items[VF_TIME].hint,
	         "blank: now (%s); HH:MM; YYYY-MM-DD HH:MM", now + 11);
	snprintf(s->f.items[VF_NOTE].hint, sizeof s->f.items[VF_NOTE].hint, "optional");
	s->check_ok = read_all(t, &ty, &err) == VIGIL_OK &&
	              vigil_vitals_check(&ty.in, &v, &err) == VIGIL_OK;
	if (s->check_ok) {
		char words[200];
		vigil_vitals_words(&v, t->protocols, words, sizeof words);
		snprintf(s->check, sizeof s->check, "Enter records: %s", words);
	} else {
		snprintf(s->check, sizeof s->check, "%s", err.msg);
	}
}

static int take_latest(const vigil_chart_entry *e, void *ctx)
{
	struct tui *t = ctx;
	char words[200], when[VIGIL_TIME_LOCAL_LEN];
	vigil_vitals_words(&e->vitals, t->protocols, words, sizeof words);
	vigil_time_format_local(e->at, when, sizeof when);
	snprintf(t->vitals->last, sizeof t->vitals->last, "Last recorded %s: %s", when + 5, words);
	return 1;
}

void vitals_open(struct tui *t, const vigil_patient *p)
{
	struct vitals_state *s = t->vitals;
	vigil_error err;
	if (vigil_require(&t->session, VIGIL_ACT_RECORD, &err) != VIGIL_OK) {
		tui_error(t, "%s", err.msg);
		return;
	}
	form_clear(&s->f);
	s->p = *p;
	for (size_t i = 0; i < VF_VALUES; i++)
		form_text(&s->f, value_fields[i].label, 16)->space_moves = true;
	form_text(&s->f, "Note", VIGIL_NOTE_MAX);
	form_text(&s->f, "Time", 40);
	snprintf(s->last, sizeof s->last, "No vital signs recorded yet.");
	vigil_chart_query q = { .mrn = p->mrn, .kinds = 1u << VIGIL_CHART_VITALS, .limit = 1 };
	if (vigil_chart_each(&t->session, &q, take_latest, t, &err) != VIGIL_OK)
		snprintf(s->last, sizeof s->last, "%s", err.msg);
	update(t);
	tui_push(t, VIEW_VITALS);
}

/* ---- recording ------------------------------------------------------ */

static void save(struct tui *t)
{
	struct vitals_state *s = t->vitals;
	struct typed ty;
	vigil_error err;
	int64_t id = 0;
	if (read_all(t, &ty, &err) != VIGIL_OK ||
	    vigil_vitals_record(&t->session, t->protocols, &ty.in, &id, &err) != VIGIL_OK) {
		tui_error(t, "%s", err.msg); /* what was typed stays */
		return;
	}
	vigil_chart_entry *e = malloc(sizeof *e);
	char words[200] = "", why[VIGIL_VITAL_WHY_MAX] = "", when[VIGIL_TIME_LOCAL_LEN] = "";
	bool flagged = false;
	if (e && vigil_chart_get(&t->session, id, e, &err) == VIGIL_OK) {
		vigil_vitals_words(&e->vitals, t->protocols, words, sizeof words);
		flagged = vigil_vitals_flagged(&e->vitals, t->protocols, why, sizeof why);
		vigil_time_format_local(e->at, when, sizeof when);
	}
	free(e);
	vigil_patient p = s->p;
	form_clear(&s->f);
	tui_pop(t);
	tui_chart_saved(t, id);
	if (flagged)
		tui_error(t, "Recorded V%lld for %s at %s: %s. Flagged: %s.", (long long)id, p.name,
		          when + 11, words, why);
	else
		tui_info(t, "Recorded V%lld for %s at %s: %s.", (long long)id, p.name, when + 11,
		         words);
}

/* ---- drawing and keys ----------------------------------------------- */

static void vitals_draw(struct tui *t)
{
	struct vitals_state *s = t->vitals;
	int y = tui_body_top(), cols = draw_cols();
	char title[sizeof s->p + 64];
	tui_draw_frame(t, "Vital signs", SCOPE_FORM);
	snprintf(title, sizeof title, "Vital signs of %s (%s), bed %s", s->p.name, s->p.mrn,
	         s->p.bed[0] ? s->p.bed : "-");
	draw_data(y, 1, cols - 2, ST_BOLD, title);
	draw_text(y + 1, 1, cols - 2, STYLE_DIM,
	          "Any of them. A space or Tab moves to the next; Enter records them.");
	form_draw(&s->f, y + 3, 1, 12, 14, cols - 2);
	draw_data(y + 4 + (int)s->f.n, 1, cols - 2, STYLE_DIM, s->last);
	/* Two rows above the status line's two. */
	draw_wrap(draw_rows() - 5, 1, cols - 2, 2, s->check_ok ? ST_BOLD : STYLE_ERROR, s->check);
}

static void vitals_key(struct tui *t, tui_action action, const tui_key *key)
{
	struct vitals_state *s = t->vitals;
	char msg[300];
	switch (action) {
	case ACT_SAVE: save(t); return;
	case ACT_CANCEL:
		form_clear(&s->f);
		tui_pop(t);
		tui_info(t, "No vital signs recorded.");
		return;
	default: break;
	}
	form_result r = form_key(&s->f, action, key, msg, sizeof msg);
	if (r == FORM_REFUSED)
		tui_error(t, "%s", msg);
	else if (r == FORM_CHANGED)
		update(t);
}

const tui_view vitals_view = {
	.name = "vitals",
	.scope = SCOPE_FORM,
	.draw = vitals_draw,
	.key = vitals_key,
};
