/* entry.c - recording (or amending) an assessment: the scale's
 * instruction on the first page, one item at a time with its anchors, a
 * digit per score (a heart rate for COWS pulse), a running total, then a
 * review page with time, reason and note, and what the protocol would say
 * of it before it is saved (warnings, the next due time: the core's
 * vigil_due_preview). Every score goes through vigil_sheet_set /
 * vigil_sheet_set_raw, so the core refuses what the scale does not allow
 * and the screen shows its message. N on the first page records a "not
 * done" instead (board.c's picker). A scale that measures no heart rate
 * itself, under a protocol that flags vital signs (CIWA-Ar), offers pulse
 * and blood pressure on the review page, saved with it as its vital signs
 * (vigil_record_input.vitals); the COWS pulse is stored as one by the core.
 *
 * A full COWS from the board: n, the rate and Enter (3 keys), ten digits,
 * Enter to save: 15 keys. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dialog.h"
#include "draw.h"
#include "field.h"
#include "view.h"
#include "vigil/legend.h"
#include "vigil/chart.h"
#include "vigil/due.h"

#define DEFAULT_SCALE "cows"
#define TYPED_MAX 8
#define ANCHOR_ROWS 2 /* rows an anchor's text may wrap to */
#define INSTRUCTION_ROWS 3
#define WARN_ROWS_MAX 3 /* warnings listed on the review page */

/* The review page's fields, in the order shown: pulse and blood pressure
 * first when the scale offers them. */
enum { F_PULSE, F_BP, F_TIME, F_REASON, F_NOTE, NFIELDS };

struct entry_state {
	bool active;
	bool amend;
	int64_t amend_id;
	vigil_sheet before; /* amend: the scores being corrected */
	vigil_patient patient;
	const vigil_scale *scale;
	vigil_sheet sheet;
	size_t item;
	bool review;
	bool score_mode;        /* a measured item scored directly */
	char typed[TYPED_MAX];  /* digits typed but not yet taken */
	tui_field fields[NFIELDS];
	size_t nfields, focus;
	size_t at[NFIELDS];     /* where each field is in fields, or NFIELDS: not asked */
	vigil_time amend_at;    /* amend: when the corrected one was performed */
	/* The protocol's preview on the review page, for the time typed. */
	bool pv_valid, pv_ok;
	char pv_time[VIGIL_TEXT_BYTES(40)];
	vigil_time pv_at;
	vigil_protocol_result pv;
	char pv_err[sizeof(((vigil_error *)0)->msg)];
	/* How the time typed was read ("yesterday 23:00, 14h 37m ago"), or why
	 * it was not; and the typed time a nurse has confirmed as late. */
	char when_words[sizeof(((vigil_error *)0)->msg)];
	bool when_bad;
	char late_ok[VIGIL_TEXT_BYTES(40)];
};

int entry_init(struct tui *t)
{
	t->entry = calloc(1, sizeof *t->entry);
	return t->entry ? 0 : -1;
}

void entry_free(struct tui *t)
{
	if (t->entry)
		entry_discard(t);
	free(t->entry);
	t->entry = NULL;
}

bool entry_in_progress(const struct tui *t)
{
	return t->entry && t->entry->active;
}

void entry_discard(struct tui *t)
{
	struct entry_state *e = t->entry;
	bool was = e->active;
	for (size_t i = 0; i < NFIELDS; i++)
		field_wipe(&e->fields[i]);
	memset(e, 0, sizeof *e);
	if (was && tui_top(t) == VIEW_ENTRY)
		tui_pop(t);
}

static const vigil_item *current(const struct entry_state *e)
{
	return &e->scale->items[e->item];
}

static bool measuring(const struct entry_state *e)
{
	return current(e)->raw_key && !e->score_mode;
}

static void set_scale(struct entry_state *e, const vigil_scale *scale)
{
	e->scale = scale;
	vigil_sheet_init(&e->sheet, scale);
	e->item = 0;
	e->typed[0] = '\0';
	e->score_mode = false;
}

static void begin(struct tui *t, const vigil_patient *p, const vigil_scale *scale, bool amend)
{
	struct entry_state *e = t->entry;
	entry_discard(t);
	e->active = true;
	e->amend = amend;
	e->patient = *p;
	set_scale(e, scale);
	for (size_t i = 0; i < NFIELDS; i++)
		e->at[i] = NFIELDS;
	if (e->amend) {
		e->nfields = 1;
		field_init(&e->fields[0], "Reason for the correction", VIGIL_REASON_MAX, false);
	}
}

/* Whether the review page asks for pulse and blood pressure: the scale
 * measures no heart rate itself and its protocol flags vital signs. */
static bool offers_vitals(const struct tui *t, const vigil_scale *scale)
{
	const vigil_protocol *p = vigil_protocols_find(t->protocols, scale->key);
	if (!p || !p->nvital_limits)
		return false;
	for (size_t i = 0; i < scale->nitems; i++)
		if (scale->items[i].raw_key && strcmp(scale->items[i].raw_key, "hr") == 0)
			return false;
	return true;
}

static void add_field(struct entry_state *e, int which, const char *label, size_t max)
{
	e->at[which] = e->nfields;
	field_init(&e->fields[e->nfields++], label, max, false);
}

/* The fields of a new assessment of the scale, in the order shown: a
 * value typed first lands in the first (the pulse, else the time). */
static void lay_fields(struct tui *t)
{
	struct entry_state *e = t->entry;
	for (size_t i = 0; i < NFIELDS; i++) {
		field_wipe(&e->fields[i]);
		e->at[i] = NFIELDS;
	}
	e->nfields = 0;
	if (offers_vitals(t, e->scale)) {
		add_field(e, F_PULSE, "Pulse", 8);
		add_field(e, F_BP, "BP", 16);
	}
	add_field(e, F_TIME, "Time", 40);
	add_field(e, F_REASON, "Reason", VIGIL_REASON_MAX);
	add_field(e, F_NOTE, "Note", VIGIL_NOTE_MAX);
	e->focus = 0;
}

/* A field's text, "" when the page does not ask for it. */
static const char *field_text(const struct entry_state *e, int which)
{
	return e->at[which] < NFIELDS ? e->fields[e->at[which]].text : "";
}

void entry_start(struct tui *t, const vigil_patient *p, const char *scale_key)
{
	vigil_error err;
	if (vigil_require(&t->session, VIGIL_ACT_RECORD, &err) != VIGIL_OK) {
		tui_error(t, "%s", err.msg);
		return;
	}
	const vigil_scale *scale = vigil_scales_find(t->scales, scale_key ? scale_key : DEFAULT_SCALE);
	if (!scale)
		scale = vigil_scales_at(t->scales, 0);
	begin(t, p, scale, false);
	lay_fields(t);
	tui_push(t, VIEW_ENTRY);
}

void entry_start_amend(struct tui *t, const vigil_patient *p, const vigil_assessment *a)
{
	vigil_error err;
	const vigil_scale *scale = vigil_scales_find(t->scales, a->scale);
	if (!scale) {
		tui_error(t, "assessment %lld: unknown scale '%s'", (long long)a->id, a->scale);
		return;
	}
	struct entry_state *e = t->entry;
	begin(t, p, scale, true);
	if (vigil_assessment_sheet(a, scale, &e->sheet, &err) != VIGIL_OK) {
		tui_error(t, "%s", err.msg);
		entry_discard(t);
		return;
	}
	e->before = e->sheet;
	e->amend_id = a->id;
	e->amend_at = a->performed_at;
	tui_push(t, VIEW_ENTRY);
	tui_info(t, "Amending assessment %lld: change the scores that were wrong, then give a "
	            "reason.", (long long)a->id);
}

/* ---- moving between items ------------------------------------------- */

static void go_item(struct entry_state *e, size_t item)
{
	e->item = item;
	e->review = false;
	e->pv_valid = false;
	e->typed[0] = '\0';
	e->score_mode = false;
}

static size_t first_missing(const struct entry_state *e)
{
	for (size_t i = 0; i < e->scale->nitems; i++)
		if (!e->sheet.items[i].set)
			return i;
	return e->scale->nitems;
}

static void advance(struct tui *t)
{
	struct entry_state *e = t->entry;
	if (e->item + 1 < e->scale->nitems) {
		go_item(e, e->item + 1);
		return;
	}
	size_t missing = first_missing(e);
	if (missing < e->scale->nitems) {
		go_item(e, missing);
		tui_error(t, "%s is not scored yet", e->scale->items[missing].label);
		return;
	}
	e->typed[0] = '\0';
	e->review = true;
}

static void back(struct tui *t)
{
	struct entry_state *e = t->entry;
	if (e->review)
		go_item(e, e->scale->nitems - 1);
	else if (e->item > 0)
		go_item(e, e->item - 1);
	else
		tui_info(t, "This is the first item.");
}

/* ---- scoring -------------------------------------------------------- */

static void take_score(struct tui *t, int score)
{
	struct entry_state *e = t->entry;
	vigil_error err;
	if (vigil_sheet_set(&e->sheet, e->item, score, &err) != VIGIL_OK) {
		tui_error(t, "%s", err.msg);
		e->typed[0] = '\0';
		return;
	}
	advance(t);
}

static void take_measurement(struct tui *t)
{
	struct entry_state *e = t->entry;
	vigil_error err;
	if (vigil_sheet_set_raw(&e->sheet, e->item, atoi(e->typed), &err) != VIGIL_OK) {
		tui_error(t, "%s", err.msg); /* the typed value stays to correct */
		return;
	}
	advance(t);
}

/* Whether an allowed score is longer than typed and starts with it ("1"
 * could still become 10). */
static bool could_grow(const vigil_item *item, const char *typed)
{
	size_t n = strlen(typed);
	for (size_t i = 0; i < item->nscores; i++) {
		char s[16];
		snprintf(s, sizeof s, "%d", item->scores[i].score);
		if (strlen(s) > n && strncmp(s, typed, n) == 0)
			return true;
	}
	return false;
}

static int digits(int v)
{
	int n = 1;
	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

static void on_digit(struct tui *t, int digit)
{
	struct entry_state *e = t->entry;
	const vigil_item *item = current(e);
	size_t len = strlen(e->typed);
	int limit = measuring(e) ? digits(item->raw_max) : TYPED_MAX - 1;
	if ((int)len >= limit) {
		tui_error(t, "%s: at most %d digits; Enter takes it, Backspace corrects",
		          item->raw_key, limit);
		return;
	}
	e->typed[len] = (char)digit;
	e->typed[len + 1] = '\0';
	if (measuring(e))
		return; /* Enter takes the measurement */
	int v = atoi(e->typed);
	if (could_grow(item, e->typed))
		return; /* wait for the next digit or Enter */
	take_score(t, v); /* refused on the spot when not allowed */
}

static void on_accept(struct tui *t)
{
	struct entry_state *e = t->entry;
	char allowed[256];
	if (e->typed[0] && measuring(e))
		take_measurement(t);
	else if (e->typed[0])
		take_score(t, atoi(e->typed));
	else if (e->sheet.items[e->item].set)
		advance(t);
	else if (measuring(e))
		tui_error(t, "type the %s in %s, then Enter (s: give the score instead)",
		          current(e)->raw_key, current(e)->raw_unit ? current(e)->raw_unit : "");
	else {
		vigil_item_allowed_list(current(e), allowed, sizeof allowed);
		tui_error(t, "press the score: %s", allowed);
	}
}

static void on_score_mode(struct tui *t)
{
	struct entry_state *e = t->entry;
	if (!current(e)->raw_key) {
		tui_error(t, "s applies to a measured item only");
		return;
	}
	e->score_mode = !e->score_mode;
	e->typed[0] = '\0';
	tui_info(t, e->score_mode ? "Press the score itself." : "Type the measurement.");
}

static void on_scale(struct tui *t)
{
	struct entry_state *e = t->entry;
	if (e->amend) {
		tui_error(t, "an amendment keeps the scale of the assessment it corrects");
		return;
	}
	if (first_missing(e) != 0 || e->typed[0]) {
		tui_error(t, "the scale can change only before the first score; Esc discards");
		return;
	}
	size_t n = vigil_scales_count(t->scales), i = 0;
	while (i < n && vigil_scales_at(t->scales, i) != e->scale)
		i++;
	set_scale(e, vigil_scales_at(t->scales, (i + 1) % n));
	lay_fields(t);
	tui_info(t, "Scale: %s (%s).", e->scale->name, e->scale->title);
}

/* Instead of scoring: the not-done picker for this scale, before the
 * first score. */
static void on_not_done(struct tui *t)
{
	struct entry_state *e = t->entry;
	if (e->amend) {
		tui_error(t, "an amendment corrects scores; a not-done record is made from the board");
		return;
	}
	if (first_missing(e) != 0 || e->typed[0]) {
		tui_error(t, "not done applies before the first score; Esc discards the scores first");
		return;
	}
	notdone_open(t, &e->patient, e->scale->key);
}

static void on_review(struct tui *t)
{
	struct entry_state *e = t->entry;
	vigil_error err;
	int total;
	if (vigil_sheet_total(&e->sheet, &total, NULL, &err) != VIGIL_OK) {
		tui_error(t, "%s", err.msg);
		return;
	}
	e->typed[0] = '\0';
	e->review = true;
}

/* ---- discard, save -------------------------------------------------- */

static bool has_input(const struct entry_state *e)
{
	if (e->amend || first_missing(e) != 0 || e->typed[0])
		return true;
	for (size_t i = 0; i < e->nfields; i++)
		if (e->fields[i].text[0])
			return true;
	return false;
}

static bool discard_yes(struct tui *t, struct dialog *d)
{
	(void)d;
	entry_discard(t);
	tui_info(t, "Assessment discarded; nothing was saved.");
	return true;
}

static void ask_discard(struct tui *t)
{
	struct entry_state *e = t->entry;
	if (!has_input(e)) {
		entry_discard(t);
		return;
	}
	struct dialog *d = dialog_open(t, DIALOG_CONFIRM, "Discard?", discard_yes, NULL);
	d->only_y = true;
	dialog_para(d, "Discard this %s %s for %s (%s)? Nothing of it has been saved.",
	            e->amend ? "correction of" : "new", e->scale->name, e->patient.name,
	            e->patient.mrn);
	dialog_para(d, "%s", "");
	dialog_para(d, "y: discard    n or Esc: go back to it");
}

static bool resume_yes(struct tui *t, struct dialog *d)
{
	(void)d;
	tui_info(t, "Resumed.");
	return true;
}

static void resume_no(struct tui *t, struct dialog *d)
{
	(void)d;
	entry_discard(t);
	tui_info(t, "The kept assessment was discarded; nothing was saved.");
}

void entry_offer_resume(struct tui *t)
{
	struct entry_state *e = t->entry;
	size_t scored = 0;
	for (size_t i = 0; i < e->scale->nitems; i++)
		scored += e->sheet.items[i].set;
	struct dialog *d = dialog_open(t, DIALOG_CONFIRM, "Resume?", resume_yes, resume_no);
	dialog_para(d, "You were entering a %s for %s (%s): %zu of %zu items scored. Resume it?",
	            e->scale->name, e->patient.name, e->patient.mrn, scored, e->scale->nitems);
	dialog_para(d, "%s", "");
	dialog_para(d, "y or Enter: resume    n or Esc: discard it");
}

/* The core's rule for typed times, against the screen's clock. */
vigil_status tui_parse_when(struct tui *t, const char *text, vigil_time *out, vigil_error *err)
{
	return vigil_time_typed(text, t->now, out, err);
}

/* The pulse and blood pressure typed, as the core reads vital signs:
 * false when neither was; the values point into args. */
struct typed_vitals {
	vigil_vitals_input in;
	char hr[VIGIL_TEXT_BYTES(8) + 4], bp[VIGIL_TEXT_BYTES(16) + 4];
};

static vigil_status typed_vitals(struct entry_state *e, struct typed_vitals *tv, bool *any,
                                 vigil_error *err)
{
	memset(tv, 0, sizeof *tv);
	tv->in.mrn = e->patient.mrn;
	const char *pulse = field_text(e, F_PULSE), *bp = field_text(e, F_BP);
	vigil_status s = VIGIL_OK;
	*any = pulse[0] || bp[0];
	if (pulse[0]) {
		snprintf(tv->hr, sizeof tv->hr, "hr=%s", pulse);
		s = vigil_vitals_arg(tv->hr, &tv->in, err);
		if (s != VIGIL_OK)
			e->focus = e->at[F_PULSE];
	}
	if (s == VIGIL_OK && bp[0]) {
		snprintf(tv->bp, sizeof tv->bp, "bp=%s", bp);
		s = vigil_vitals_arg(tv->bp, &tv->in, err);
		if (s != VIGIL_OK)
			e->focus = e->at[F_BP];
	}
	return s;
}

static vigil_status record(struct tui *t, int64_t *id, vigil_error *err)
{
	struct entry_state *e = t->entry;
	struct typed_vitals tv;
	bool vitals;
	if (e->amend)
		return vigil_assessment_amend(&t->session, e->amend_id, &e->sheet, e->fields[0].text,
		                              id, err);
	vigil_record_input in = { .mrn = e->patient.mrn, .sheet = &e->sheet,
		                  .reason = field_text(e, F_REASON), .note = field_text(e, F_NOTE) };
	const char *when = field_text(e, F_TIME);
	if (when[0] && tui_parse_when(t, when, &in.performed_at, err) != VIGIL_OK) {
		e->focus = e->at[F_TIME];
		return err->code;
	}
	if (typed_vitals(e, &tv, &vitals, err) != VIGIL_OK)
		return err->code;
	if (vitals)
		in.vitals = &tv.in;
	return vigil_assessment_record(&t->session, &in, id, err);
}

static void save(struct tui *t);

static bool late_yes(struct tui *t, struct dialog *d)
{
	(void)d;
	struct entry_state *e = t->entry;
	vigil_copy(e->late_ok, sizeof e->late_ok, field_text(e, F_TIME));
	save(t);
	return true;
}

static void late_no(struct tui *t, struct dialog *d)
{
	(void)d;
	struct entry_state *e = t->entry;
	e->focus = e->at[F_TIME];
}

/* A typed time further back than a late entry's threshold is asked about
 * once more, with the date it was read as: "23:00" at 13:37 is last night,
 * which may not be what was meant. True when the question is open. */
static bool ask_if_late(struct tui *t)
{
	struct entry_state *e = t->entry;
	const char *typed = field_text(e, F_TIME);
	vigil_time at;
	if (e->amend || !typed[0] || strcmp(e->late_ok, typed) == 0 ||
	    tui_parse_when(t, typed, &at, NULL) != VIGIL_OK || t->now - at <= VIGIL_LATE_SECONDS)
		return false;
	char words[VIGIL_TIME_WORDS_LEN], limit[32];
	vigil_time_typed_words(at, t->now, words, sizeof words);
	vigil_duration_format(VIGIL_LATE_SECONDS, limit, sizeof limit);
	struct dialog *d = dialog_open(t, DIALOG_CONFIRM, "Save as a late entry?", late_yes, late_no);
	dialog_para(d, "'%s' was read as %s.", typed, words);
	dialog_para(d, "That is more than %s before now, so the %s is saved as a late entry (%c).",
	            limit, e->scale->name, VIGIL_MARK_LATE);
	dialog_para(d, "%s", "");
	dialog_para(d, "y or Enter: save it    n or Esc: back to the time");
	return true;
}

static void save(struct tui *t)
{
	struct entry_state *e = t->entry;
	vigil_error err;
	int64_t id = 0;
	if (ask_if_late(t))
		return;
	int total = 0;
	const vigil_band *band = NULL;
	if (record(t, &id, &err) != VIGIL_OK) {
		tui_error(t, "%s", err.msg); /* everything typed stays on screen */
		return;
	}
	vigil_sheet_total(&e->sheet, &total, &band, NULL);
	char what[600];
	snprintf(what, sizeof what, "%s %d/%d%s%s for %s", e->scale->name, total,
	         e->scale->max_total, band ? " " : "", band ? band->key : "", e->patient.name);
	bool amend = e->amend;
	bool timed = !amend && field_text(e, F_TIME)[0];
	entry_discard(t);
	if (tui_top(t) == VIEW_PATIENT) {
		patient_reload(t);
		patient_select(t, id);
	} else if (tui_top(t) == VIEW_BOARD) {
		board_reload(t);
	}
	/* A time was typed: say the full date and time it was filed under, so
	 * "23:50" read as last night can be checked at a glance. */
	char when[VIGIL_TIME_LOCAL_LEN] = "";
	vigil_assessment saved;
	if (timed && vigil_assessment_get(&t->session, id, &saved, NULL) == VIGIL_OK)
		vigil_time_format_local(saved.performed_at, when, sizeof when);
	tui_info(t, "Saved %s %lld: %s.%s%s", amend ? "correction" : "assessment", (long long)id,
	         what, *when ? " Performed " : "", when);
}

/* ---- drawing: one item ---------------------------------------------- */

static void draw_title(struct tui *t, int y)
{
	struct entry_state *e = t->entry;
	char head[96], tail[160], total[64];
	if (e->amend)
		snprintf(head, sizeof head, "Amend %s %lld for ", e->scale->name,
		         (long long)e->amend_id);
	else
		snprintf(head, sizeof head, "New %s for ", e->scale->name);
	snprintf(tail, sizeof tail, " (%s), bed %s", e->patient.mrn,
	         e->patient.bed[0] ? e->patient.bed : "-");
	snprintf(total, sizeof total, "Total%s %d/%d",
	         vigil_sheet_complete(&e->sheet) ? "" : " so far",
	         vigil_sheet_partial_total(&e->sheet), e->scale->max_total);
	int tw = draw_width(total), cols = draw_cols();
	/* Only the name is cut when the line is short: the MRN and bed say
	 * whose assessment this is and are always shown whole. */
	int room = cols - tw - 3, x = 1;
	x += draw_text(y, x, room, ST_BOLD, head);
	int name_room = room - (x - 1) - draw_width(tail);
	x += draw_data(y, x, name_room > 6 ? name_room : 6, ST_BOLD, e->patient.name);
	draw_data(y, x, room - (x - 1), ST_BOLD, tail);
	draw_text(y, cols - tw - 1, tw, ST_BOLD | ST_REVERSE, total);
}

/* "Item 3 of 11:  1 2 . . ." with the current item reversed. */
static void draw_progress(const struct entry_state *e, int y)
{
	char head[32];
	snprintf(head, sizeof head, "Item %zu of %zu:", e->item + 1, e->scale->nitems);
	int x = 1 + draw_text(y, 1, 16, ST_NORMAL, head) + 1;
	for (size_t i = 0; i < e->scale->nitems && x + 3 < draw_cols(); i++) {
		int style = i == e->item && !e->review ? ST_REVERSE : ST_NORMAL;
		if (e->sheet.items[i].set) {
			char s[8];
			snprintf(s, sizeof s, "%d", e->sheet.items[i].score);
			x += draw_text(y, x, 3, style, s) + 1;
		} else {
			draw_glyph(y, x, GLYPH_BULLET, style);
			x += 2;
		}
	}
}

/* The score the measurement typed so far would give, or -1. */
static int preview(const struct entry_state *e)
{
	int score;
	vigil_error err;
	if (!measuring(e) || !e->typed[0] ||
	    vigil_item_derive(current(e), atoi(e->typed), &score, &err) != VIGIL_OK)
		return -1;
	return score;
}

static int draw_anchors(const struct entry_state *e, int y, int last_row)
{
	const vigil_item *item = current(e);
	const vigil_item_score *slot = &e->sheet.items[e->item];
	const vigil_item_score *was = e->amend ? &e->before.items[e->item] : NULL;
	int cols = draw_cols(), coming = preview(e);
	for (size_t i = 0; i < item->nscores && y <= last_row; i++) {
		const vigil_anchor *a = &item->scores[i];
		/* Never drop anchors silently: the last row left says how many
		 * more there are (the allowed list below names them all). */
		if (y == last_row && i + 1 < item->nscores) {
			char more[96];
			snprintf(more, sizeof more, "  ... %zu more scores: enlarge the terminal to see "
			         "their anchors", item->nscores - i);
			draw_text(y, 2, cols - 3, ST_BOLD, more);
			return y + 1;
		}
		bool chosen = coming >= 0 ? coming == a->score : slot->set && slot->score == a->score;
		int style = chosen ? ST_REVERSE | ST_BOLD : ST_NORMAL;
		char num[16];
		snprintf(num, sizeof num, "%3d", a->score);
		if (chosen)
			draw_glyph(y, 2, GLYPH_MARK, ST_BOLD);
		draw_text(y, 3, 4, style, num);
		int x = 9, w = cols - x - (e->amend ? 8 : 1);
		if (was && was->set && was->score == a->score)
			draw_text(y, cols - 7, 6, STYLE_DIM, "(was)");
		int rows = last_row - y + 1 < ANCHOR_ROWS ? last_row - y + 1 : ANCHOR_ROWS;
		y += a->text[0] ? draw_wrap(y, x, w, rows, ST_NORMAL, a->text) : 1;
	}
	return y;
}

static void draw_input(struct tui *t, int y)
{
	struct entry_state *e = t->entry;
	const vigil_item *item = current(e);
	const vigil_item_score *slot = &e->sheet.items[e->item];
	char line[300], allowed[256];
	vigil_item_allowed_list(item, allowed, sizeof allowed);
	if (measuring(e)) {
		char gives[64] = "";
		if (preview(e) >= 0)
			snprintf(gives, sizeof gives, "  gives score %d", preview(e));
		else if (!e->typed[0] && slot->has_raw)
			snprintf(gives, sizeof gives, "  (now %s %d: score %d)", item->raw_key, slot->raw,
			         slot->score);
		snprintf(line, sizeof line, "Type the %s in %s, then Enter: ", item->raw_key,
		         item->raw_unit ? item->raw_unit : "");
		int x = 1 + draw_data(y, 1, draw_cols() - 2, ST_BOLD, line);
		x += draw_text(y, x, 8, STYLE_FIELD, e->typed);
		draw_cursor(y, x);
		draw_data(y, x + 1, draw_cols() - x - 2, ST_NORMAL, gives);
		draw_text(y + 1, 1, draw_cols() - 2, STYLE_DIM,
		          "s: press the score itself instead of measuring");
		return;
	}
	snprintf(line, sizeof line, "Press the score (%s): ", allowed);
	int x = 1 + draw_text(y, 1, draw_cols() - 2, ST_BOLD, line);
	x += draw_text(y, x, 8, STYLE_FIELD, e->typed);
	draw_cursor(y, x);
	if (e->typed[0])
		draw_text(y + 1, 1, draw_cols() - 2, STYLE_DIM,
		          "Enter takes the number typed; another digit makes it longer");
	else if (slot->set)
		draw_text(y + 1, 1, draw_cols() - 2, STYLE_DIM,
		          "Enter or Down keeps the score marked; a digit changes it");
}

static void draw_item(struct tui *t)
{
	struct entry_state *e = t->entry;
	const vigil_item *item = current(e);
	int y = tui_body_top(), cols = draw_cols(), input_row = draw_rows() - 5;
	draw_title(t, y);
	draw_progress(e, y + 1);
	/* The scale's general instruction, on the first page. */
	if (e->item == 0 && e->scale->instruction && e->scale->instruction[0])
		y += draw_wrap(y + 3, 1, cols - 2, INSTRUCTION_ROWS, ST_NORMAL, e->scale->instruction) + 1;
	char label[200];
	snprintf(label, sizeof label, "%zu. %s", e->item + 1, item->label);
	draw_data(y + 3, 1, cols - 2, ST_BOLD | ST_UNDERLINE, label);
	int q = item->qualifier[0] ? draw_wrap(y + 4, 3, cols - 4, 2, STYLE_DIM, item->qualifier)
	                           : 0;
	draw_anchors(e, y + 5 + q, input_row - 2);
	draw_input(t, input_row);
}

/* ---- drawing: review ------------------------------------------------ */

static void draw_review_item(const struct entry_state *e, size_t i, int y, int x, int w,
                             bool extras)
{
	const vigil_item *item = &e->scale->items[i];
	const vigil_item_score *s = &e->sheet.items[i];
	bool changed = e->amend && (e->before.items[i].score != s->score ||
	                            e->before.items[i].has_raw != s->has_raw ||
	                            e->before.items[i].raw != s->raw);
	char score[64], extra[64] = "";
	snprintf(score, sizeof score, "%2d", s->score);
	if (s->has_raw)
		snprintf(extra, sizeof extra, "%s %d", item->raw_key, s->raw);
	if (changed) {
		size_t n = strlen(extra);
		snprintf(extra + n, sizeof extra - n, "%swas %d", n ? ", " : "",
		         e->before.items[i].score);
	}
	int lw = w - (extras ? 20 : 5); /* room for "hr 96, was 1" only when needed */
	draw_text(y, x, 1, ST_BOLD, changed ? "*" : " ");
	draw_data(y, x + 1, lw, ST_NORMAL, item->label);
	draw_text(y, x + 1 + lw, 3, ST_BOLD, score);
	draw_text(y, x + 5 + lw, w - lw - 5, STYLE_DIM, extra);
}

static int draw_review_items(const struct entry_state *e, int y, int rows)
{
	size_t n = e->scale->nitems;
	int cols = draw_cols();
	bool two = (int)n > rows;
	size_t per = two ? (n + 1) / 2 : n;
	int w = two ? (cols - 3) / 2 : cols - 2;
	bool extras = e->amend;
	for (size_t i = 0; i < n; i++)
		extras |= e->sheet.items[i].has_raw;
	for (size_t i = 0; i < n; i++) {
		int col = (int)(i / per), row = (int)(i % per);
		draw_review_item(e, i, y + row, 1 + col * (w + 1), w, extras);
	}
	return (int)per;
}

/* What the protocol would say of this assessment at the time typed (now
 * when blank or not understood yet), asked of the core again when the
 * time changes. */
static void preview_due(struct tui *t)
{
	struct entry_state *e = t->entry;
	const char *typed = e->amend ? "" : field_text(e, F_TIME);
	vigil_error err;
	if (e->pv_valid && strcmp(e->pv_time, typed) == 0)
		return;
	vigil_copy(e->pv_time, sizeof e->pv_time, typed);
	e->pv_at = e->amend ? e->amend_at : 0;
	e->when_words[0] = '\0';
	e->when_bad = false;
	if (typed[0] && tui_parse_when(t, typed, &e->pv_at, &err) != VIGIL_OK) {
		e->pv_at = 0;
		e->when_bad = true;
		vigil_copy(e->when_words, sizeof e->when_words, err.msg);
	} else if (typed[0]) {
		vigil_time_typed_words(e->pv_at, t->now, e->when_words, sizeof e->when_words);
	}
	e->pv_ok = vigil_due_preview(&t->session, t->protocols, e->patient.mrn, &e->sheet,
	                             e->pv_at, e->amend ? e->amend_id : 0, &e->pv,
	                             &err) == VIGIL_OK;
	if (!e->pv_ok)
		vigil_copy(e->pv_err, sizeof e->pv_err, err.msg);
	if (!e->pv_at)
		e->pv_at = t->now;
	e->pv_valid = true;
}

static int preview_rows(const struct entry_state *e)
{
	size_t n = e->pv_ok ? e->pv.nwarnings : 0;
	return 1 + (n > WARN_ROWS_MAX ? WARN_ROWS_MAX : (int)n);
}

/* "Next COWS due 15:30 (in 1h 00m): COWS 14 moderate: hourly", then the
 * warnings, '*' and bold. */
static void draw_preview(struct tui *t, int y)
{
	struct entry_state *e = t->entry;
	int cols = draw_cols();
	char line[600], due[VIGIL_TIME_LOCAL_LEN], words[40];
	if (!e->pv_ok) {
		draw_data(y, 1, cols - 2, STYLE_ERROR, e->pv_err);
		return;
	}
	if (!vigil_protocols_find(t->protocols, e->scale->key)) {
		snprintf(line, sizeof line, "%s has no reassessment protocol: it is not timed.",
		         e->scale->name);
		draw_data(y, 1, cols - 2, STYLE_DIM, line);
	} else {
		vigil_time at = e->pv_at + e->pv.every;
		vigil_time_format_local(at, due, sizeof due);
		board_due_words(at, false, t->now, words, sizeof words);
		snprintf(line, sizeof line, "Next %s due %s (%s): %s", e->scale->name, due + 11, words,
		         e->pv.why);
		draw_data(y, 1, cols - 2, ST_BOLD, line);
	}
	for (size_t i = 0; i < e->pv.nwarnings && (int)i < WARN_ROWS_MAX; i++) {
		int row = y + 1 + (int)i;
		draw_text(row, 1, 1, STYLE_ERROR, "*");
		if ((int)i + 1 == WARN_ROWS_MAX && i + 1 < e->pv.nwarnings) {
			snprintf(line, sizeof line, "%s (+%zu more)", e->pv.warnings[i].text,
			         e->pv.nwarnings - i - 1);
			draw_data(row, 3, cols - 4, STYLE_ERROR, line);
		} else {
			draw_data(row, 3, cols - 4, STYLE_ERROR, e->pv.warnings[i].text);
		}
	}
}

/* Beside the time typed, how it was read, before anything is saved:
 * "= yesterday 23:00, 14h 37m ago", or why it cannot be read. */
static void draw_when_words(const struct entry_state *e, int y, int x)
{
	if (e->amend || !e->when_words[0])
		return;
	x += draw_width(field_text(e, F_TIME)) + 3;
	int room = draw_cols() - 1 - x;
	if (room < 12)
		return;
	char line[sizeof e->when_words + 4];
	snprintf(line, sizeof line, "%s%s", e->when_bad ? "" : "= ", e->when_words);
	draw_data(y, x, room, e->when_bad ? STYLE_ERROR : ST_BOLD, line);
}

static void draw_review(struct tui *t)
{
	struct entry_state *e = t->entry;
	int y = tui_body_top(), cols = draw_cols();
	int fields_y = draw_rows() - 3 - (int)e->nfields;
	preview_due(t);
	draw_title(t, y);
	draw_text(y + 1, 1, cols - 2, STYLE_DIM, "Review, then Enter to save.");
	/* Items, a blank, the total, the preview, then the fields' label. */
	int pv_rows = preview_rows(e);
	int used = draw_review_items(e, y + 2, fields_y - 1 - (y + 2) - 2 - pv_rows);
	int total;
	const vigil_band *band = NULL;
	vigil_error err;
	char line[600];
	if (vigil_sheet_total(&e->sheet, &total, &band, &err) == VIGIL_OK)
		snprintf(line, sizeof line, "Total %d/%d%s%s%s%s%s", total, e->scale->max_total,
		         band ? "  " : "", band ? band->key : "",
		         band && band->label[0] ? " (" : "", band ? band->label : "",
		         band && band->label[0] ? ")" : "");
	else
		snprintf(line, sizeof line, "%s", err.msg);
	int ty = y + 2 + used + 1;
	int tw = draw_data(ty, 1, cols - 2, ST_BOLD | ST_REVERSE, line);
	if (e->scale->bands_source && e->scale->bands_source[0] && e->scale->nbands &&
	    cols - 2 - tw - 3 > 10) {
		snprintf(line, sizeof line, "Bands: %s", e->scale->bands_source);
		draw_data(ty, 1 + tw + 2, cols - 2 - tw - 2, STYLE_DIM, line);
	}
	draw_preview(t, ty + 1);
	int lw = 0;
	for (size_t i = 0; i < e->nfields; i++) {
		int w = draw_width(e->fields[i].label) + 2;
		lw = w > lw ? w : lw;
	}
	for (size_t i = 0; i < e->nfields; i++)
		field_draw(&e->fields[i], fields_y + (int)i, 1, lw, cols - 2, i == e->focus);
	draw_when_words(e, fields_y + (int)e->at[F_TIME], 1 + lw);
	draw_text(fields_y - 1, 1, cols - 2, STYLE_DIM,
	          e->amend ? "Why the scores are corrected (required):"
	          : e->at[F_PULSE] < NFIELDS
	                  ? "Optional: pulse (/min), BP (120/80), time (blank = now; HH:MM), reason, "
	                    "note."
	                  : "Optional: time (blank = now; HH:MM; YYYY-MM-DD HH:MM), reason, note.");
}

static void entry_draw(struct tui *t)
{
	struct entry_state *e = t->entry;
	bool review = e->active && e->review;
	tui_draw_frame(t, e->amend ? "Amend assessment" : "New assessment",
	               review ? SCOPE_REVIEW : SCOPE_ENTRY);
	if (!e->active)
		return;
	if (review)
		draw_review(t);
	else
		draw_item(t);
}

/* ---- keys ----------------------------------------------------------- */

static void review_key(struct tui *t, tui_action action, const tui_key *key)
{
	struct entry_state *e = t->entry;
	switch (action) {
	case ACT_SAVE: save(t); return;
	case ACT_CANCEL: ask_discard(t); return;
	case ACT_NEXT_FIELD: e->focus = (e->focus + 1) % e->nfields; return;
	case ACT_PREV_FIELD:
		if (e->focus == 0)
			back(t);
		else
			e->focus--;
		return;
	default: break;
	}
	tui_field *f = &e->fields[e->focus];
	if (field_edit(f, action, key) == FIELD_FULL)
		tui_error(t, "%s: at most %zu characters", f->label, f->max_chars);
}

/* Digits typed but not yet taken must never be dropped by moving away:
 * the screen already shows the score they would give. */
static bool pending_digits(struct tui *t, tui_action action)
{
	bool moves = action == ACT_PREV_ITEM || action == ACT_NEXT_ITEM || action == ACT_REVIEW;
	if (!moves || !t->entry->typed[0])
		return false;
	tui_error(t, "%s is typed but not taken: Enter takes it, Backspace clears it",
	          t->entry->typed);
	return true;
}

static void item_key(struct tui *t, tui_action action, const tui_key *key)
{
	struct entry_state *e = t->entry;
	if (pending_digits(t, action))
		return;
	switch (action) {
	case ACT_DIGIT: on_digit(t, key->code); break;
	case ACT_ACCEPT: on_accept(t); break;
	case ACT_ERASE:
		if (e->typed[0])
			e->typed[strlen(e->typed) - 1] = '\0';
		else
			back(t);
		break;
	case ACT_PREV_ITEM: back(t); break;
	case ACT_NEXT_ITEM:
		if (e->sheet.items[e->item].set)
			advance(t);
		else
			tui_error(t, "score this item first");
		break;
	case ACT_SCORE_MODE: on_score_mode(t); break;
	case ACT_SCALE: on_scale(t); break;
	case ACT_NOT_DONE: on_not_done(t); break;
	case ACT_REVIEW: on_review(t); break;
	case ACT_CANCEL: ask_discard(t); break;
	default: break;
	}
}

static void entry_key(struct tui *t, tui_action action, const tui_key *key)
{
	if (!t->entry->active) {
		tui_pop(t);
		return;
	}
	if (t->entry->review)
		review_key(t, action, key);
	else
		item_key(t, action, key);
}

static tui_scope entry_scope(struct tui *t)
{
	return t->entry->review ? SCOPE_REVIEW : SCOPE_ENTRY;
}

const tui_view entry_view = {
	.name = "entry",
	.scope = SCOPE_ENTRY,
	.scope_of = entry_scope,
	.draw = entry_draw,
	.key = entry_key,
};
