/* dose.c - recording a dose given (D on the board or a patient): the drug
 * picked from the list in force (type to narrow it; the drug last given to
 * the patient is offered first, else one that treats the scale due first),
 * then its usual dose offered with its first unit and route, PRN or
 * scheduled, an optional reason and note, and the time (blank: now).
 * Before Enter records it, the form shows what was given of the drug in
 * the last 24 hours, the protocol's dose range for the patient's latest
 * score on each scale the drug treats, buprenorphine induction readiness,
 * and whether this dose would reach the protocol's 24-hour maximum: the
 * unit's decision support, labelled so, never an order. The core checks
 * and records it (vigil_dose_check, vigil_dose_record); its refusal is
 * one line and nothing is stored.
 *
 * From the board to a saved usual dose: D, Enter (the drug offered),
 * Enter: 3 keys; another drug: D, a letter or two of it, Enter, Enter. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "draw.h"
#include "field.h"
#include "form.h"
#include "view.h"
#include "vigil/chart.h"
#include "vigil/due.h"

enum { DF_AMOUNT, DF_UNIT, DF_ROUTE, DF_KIND, DF_REASON, DF_NOTE, DF_TIME, DF_COUNT };

#define SUPPORT_MAX 6 /* lines of decision support */
#define LINE_BYTES 640

static const char *const kind_options[] = { "not said", "PRN (as needed)", "scheduled" };
static const vigil_dose_kind kind_values[] = { VIGIL_DOSE_UNSPECIFIED, VIGIL_DOSE_PRN,
	                                       VIGIL_DOSE_SCHEDULED };

struct dose_state {
	vigil_patient p;
	vigil_patient_state *st; /* the patient's scales, when the form opened */
	bool has_st;
	bool picking;            /* the drug list; else the form */
	tui_field filter;
	size_t match[VIGIL_DRUGS_MAX], nmatch, sel, top;
	char offered[VIGIL_DRUG_KEY_MAX + 1]; /* the drug offered first */
	char last[LINE_BYTES];   /* "lorazepam 1 mg PO at 11-21 14:25": the last dose given */
	char drug[VIGIL_DRUG_KEY_MAX + 1];    /* the drug picked */
	size_t unit;             /* the unit chosen, to offer its usual dose */
	form f;
	/* What the form says now, worked out after every key. */
	bool check_ok;
	char check[LINE_BYTES];  /* what Enter records, or the core's refusal */
	size_t nsupport;
	char support[SUPPORT_MAX][LINE_BYTES];
	bool warn[SUPPORT_MAX];  /* a line to heed (the cap reached) */
};

int dose_init(struct tui *t)
{
	t->dose = calloc(1, sizeof *t->dose);
	if (!t->dose)
		return -1;
	t->dose->st = malloc(sizeof *t->dose->st);
	return t->dose->st ? 0 : -1;
}

void dose_free(struct tui *t)
{
	if (t->dose) {
		form_clear(&t->dose->f);
		free(t->dose->st);
	}
	free(t->dose);
	t->dose = NULL;
}

static const vigil_drugs *drugs(const struct tui *t)
{
	return vigil_protocols_drugs(t->protocols);
}

/* The drug picked, looked up again each time: the list is the one in
 * force, read again with the protocols. */
static const vigil_drug *picked(const struct tui *t)
{
	return vigil_drugs_find(drugs(t), t->dose->drug);
}

/* ---- the drug list -------------------------------------------------- */

static bool holds(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return n == 0;
}

static void refilter(struct tui *t)
{
	struct dose_state *s = t->dose;
	const char *q = s->filter.text;
	size_t n = vigil_drugs_count(drugs(t)), best = SIZE_MAX;
	s->nmatch = 0;
	for (size_t i = 0; i < n; i++) {
		const vigil_drug *d = vigil_drugs_at(drugs(t), i);
		if (!holds(d->key, q) && !holds(d->name, q))
			continue;
		/* Unfiltered, the drug offered; filtered, the first whose key
		 * starts with what was typed. */
		bool first = q[0] ? strncasecmp(d->key, q, strlen(q)) == 0
		                  : strcasecmp(d->key, s->offered) == 0;
		if (first && best == SIZE_MAX)
			best = s->nmatch;
		s->match[s->nmatch++] = i;
	}
	s->sel = best == SIZE_MAX ? 0 : best;
	s->top = 0;
}

static int take_last(const vigil_chart_entry *e, void *ctx)
{
	struct dose_state *s = ctx;
	char words[160], when[VIGIL_TIME_LOCAL_LEN];
	vigil_dose_words(&e->dose, words, sizeof words);
	vigil_time_format_local(e->at, when, sizeof when);
	snprintf(s->last, sizeof s->last, "%s at %s", words, when + 5);
	vigil_copy(s->offered, sizeof s->offered, e->dose.drug);
	return 1;
}

/* The scale a dose would be for: the one due first, else the worst. */
static const char *scale_for_dose(const struct dose_state *s)
{
	if (!s->has_st || !s->st->nscales)
		return NULL;
	int i = s->st->most_urgent >= 0 ? s->st->most_urgent
	        : s->st->worst >= 0     ? s->st->worst
	                                : 0;
	return s->st->scales[i].scale;
}

/* The drug last given to the patient, if it is still on the list; else
 * the first that treats the scale due first; else the first. */
static void choose_offered(struct tui *t)
{
	struct dose_state *s = t->dose;
	vigil_error err;
	vigil_chart_query q = { .mrn = s->p.mrn, .kinds = 1u << VIGIL_CHART_DOSE, .limit = 1 };
	s->offered[0] = s->last[0] = '\0';
	if (vigil_chart_each(&t->session, &q, take_last, s, &err) != VIGIL_OK)
		tui_error(t, "%s", err.msg);
	if (s->offered[0] && vigil_drugs_find(drugs(t), s->offered))
		return;
	const char *scale = scale_for_dose(s);
	for (size_t i = 0; scale && i < vigil_drugs_count(drugs(t)); i++) {
		const vigil_drug *d = vigil_drugs_at(drugs(t), i);
		if (vigil_drug_treats(d, scale)) {
			vigil_copy(s->offered, sizeof s->offered, d->key);
			return;
		}
	}
	if (vigil_drugs_count(drugs(t)))
		vigil_copy(s->offered, sizeof s->offered, vigil_drugs_at(drugs(t), 0)->key);
}

/* ---- the form: what it says now ---------------------------------------- */

static void amount_words(int64_t milli, const char *unit, char *buf, size_t size)
{
	char n[VIGIL_AMOUNT_TEXT_MAX];
	vigil_amount_format(milli, n, sizeof n);
	snprintf(buf, size, "%s %s", n, unit);
}

static const vigil_drug_unit *unit_chosen(const struct tui *t)
{
	const vigil_drug *d = picked(t);
	size_t u = t->dose->f.items[DF_UNIT].option;
	return d && u < d->nunits ? &d->units[u] : NULL;
}

static void offer_usual(struct tui *t)
{
	struct dose_state *s = t->dose;
	const vigil_drug_unit *u = unit_chosen(t);
	char usual[VIGIL_AMOUNT_TEXT_MAX] = "";
	if (u && u->usual > 0)
		vigil_amount_format(u->usual, usual, sizeof usual);
	form_offer(&s->f.items[DF_AMOUNT], usual);
	s->f.items[DF_AMOUNT].offered = usual[0] != '\0';
	s->unit = s->f.items[DF_UNIT].option;
}

static void options_hint(form_item *it, const char *what)
{
	size_t len = 0;
	it->hint[0] = '\0';
	if (it->noptions < 2) {
		snprintf(it->hint, sizeof it->hint, "the only %s for it", what);
		return;
	}
	for (size_t o = 0; o < it->noptions && len < sizeof it->hint; o++)
		len += (size_t)snprintf(it->hint + len, sizeof it->hint - len, "%s%s",
		                        o == 0 ? "" : o + 1 == it->noptions ? " or " : ", ",
		                        it->options[o]);
	if (len < sizeof it->hint)
		snprintf(it->hint + len, sizeof it->hint - len, " (Left, Right)");
}

static void hints(struct tui *t)
{
	struct dose_state *s = t->dose;
	const vigil_drug_unit *u = unit_chosen(t);
	form_item *a = &s->f.items[DF_AMOUNT];
	char most[48], usual[48] = "";
	if (u) {
		amount_words(u->max, u->unit, most, sizeof most);
		if (u->usual > 0)
			amount_words(u->usual, u->unit, usual, sizeof usual);
		snprintf(a->hint, sizeof a->hint, "%s%s%s%sup to %s", usual[0] ? "usual " : "", usual,
		         a->offered ? " (type to replace)" : "", usual[0] ? "; " : "", most);
	}
	options_hint(&s->f.items[DF_UNIT], "unit");
	options_hint(&s->f.items[DF_ROUTE], "route");
	snprintf(s->f.items[DF_KIND].hint, sizeof s->f.items[DF_KIND].hint,
	         "PRN, scheduled or not said (Left, Right)");
	char now[VIGIL_TIME_LOCAL_LEN];
	vigil_time_format_local(t->now, now, sizeof now);
	snprintf(s->f.items[DF_TIME].hint, sizeof s->f.items[DF_TIME].hint,
	         "blank: now (%s); HH:MM; YYYY-MM-DD HH:MM", now + 11);
	snprintf(s->f.items[DF_REASON].hint, sizeof s->f.items[DF_REASON].hint, "optional");
	snprintf(s->f.items[DF_NOTE].hint, sizeof s->f.items[DF_NOTE].hint, "optional");
}

static void fill_input(struct tui *t, vigil_dose_input *in)
{
	struct dose_state *s = t->dose;
	memset(in, 0, sizeof *in);
	in->mrn = s->p.mrn;
	in->drug = s->drug;
	in->amount = form_value(&s->f.items[DF_AMOUNT]);
	in->unit = form_value(&s->f.items[DF_UNIT]);
	in->route = form_value(&s->f.items[DF_ROUTE]);
	in->kind = kind_values[s->f.items[DF_KIND].option];
	in->reason = form_value(&s->f.items[DF_REASON]);
	in->note = form_value(&s->f.items[DF_NOTE]);
}

static char *support_line(struct dose_state *s, bool warn)
{
	if (s->nsupport == SUPPORT_MAX)
		return NULL;
	s->warn[s->nsupport] = warn;
	return s->support[s->nsupport++];
}

/* What was given of the drug in the 24 hours up to at. */
static void given_line(struct tui *t, vigil_time at, const char *unit)
{
	struct dose_state *s = t->dose;
	int64_t total = 0;
	vigil_error err;
	char *line = support_line(s, false), amount[48], when[VIGIL_TIME_LOCAL_LEN];
	if (vigil_dose_total_24h(&t->session, s->p.mrn, s->drug, unit, at, &total, &err) !=
	    VIGIL_OK) {
		snprintf(line, LINE_BYTES, "given in the last 24 h: %s", err.msg);
		return;
	}
	vigil_time_format_local(at, when, sizeof when);
	amount_words(total, unit, amount, sizeof amount);
	snprintf(line, LINE_BYTES, "%s given in the 24 h to %s: %s", s->drug, when + 11,
	         total ? amount : "none");
}

/* The protocol's dose range for the latest score of each scale the drug
 * treats that the patient is on. */
static void range_lines(struct tui *t, const vigil_drug *d)
{
	struct dose_state *s = t->dose;
	for (size_t i = 0; s->has_st && i < s->st->nscales; i++) {
		const vigil_scale_state *sc = &s->st->scales[i];
		const vigil_protocol *p = vigil_protocols_find(t->protocols, sc->scale);
		if (!p || !p->ndose_ranges || !vigil_drug_treats(d, sc->scale))
			continue;
		char *line = support_line(s, false), words[VIGIL_DOSE_WORDS_MAX], when[24];
		if (!line)
			return;
		if (!sc->has_last) {
			snprintf(line, LINE_BYTES, "protocol's dose range: no %s score yet", sc->def->name);
			continue;
		}
		vigil_time_format_local(sc->last_at, when, sizeof when);
		const vigil_dose_range *r = vigil_protocol_dose_range(p, sc->last_total);
		if (r) {
			vigil_protocol_dose_range_words(p, sc->def, r, words, sizeof words);
			snprintf(line, LINE_BYTES, "protocol's dose range for %s %d (%s): %s",
			         sc->def->name, sc->last_total, when + 11, words);
		} else {
			snprintf(line, LINE_BYTES, "the protocol gives no dose for %s %d (%s)",
			         sc->def->name, sc->last_total, when + 11);
		}
	}
}

/* The first max-24h line for the drug among the protocols in force (as
 * the core flags it). */
static const vigil_dose_cap *cap_for(const struct tui *t, const char *drug)
{
	for (size_t i = 0; i < vigil_protocols_count(t->protocols); i++) {
		const vigil_dose_cap *cap =
			vigil_protocol_dose_cap(vigil_protocols_at(t->protocols, i), drug);
		if (cap)
			return cap;
	}
	return NULL;
}

/* The 24-hour maximum with this dose added: a warning when it reaches it. */
static void cap_line(struct tui *t, vigil_time at, const vigil_dose *dose)
{
	struct dose_state *s = t->dose;
	const vigil_dose_cap *cap = cap_for(t, s->drug);
	int64_t total = 0, this_dose = 0;
	vigil_error err;
	char most[48], with[48];
	if (!cap)
		return;
	amount_words(cap->amount, cap->unit, most, sizeof most);
	if (vigil_dose_total_24h(&t->session, s->p.mrn, cap->drug, cap->unit, at, &total, &err) !=
	    VIGIL_OK) {
		snprintf(support_line(s, true), LINE_BYTES, "%s", err.msg);
		return;
	}
	if (dose && !vigil_amount_convert(dose->amount, dose->unit, cap->unit, &this_dose))
		this_dose = 0; /* mL against mg: not counted, as the core does not */
	bool reaches = dose && total + this_dose >= cap->amount;
	char *line = support_line(s, reaches || total >= cap->amount);
	if (!line)
		return;
	amount_words(total + this_dose, cap->unit, with, sizeof with);
	if (reaches)
		snprintf(line, LINE_BYTES, "with this dose: %s %s in 24 h: %s the protocol's %s: "
		         "tell the clinician", cap->drug, with,
		         total + this_dose > cap->amount ? "over" : "reaches", most);
	else
		snprintf(line, LINE_BYTES, "the protocol's most in 24 h: %s %s (%s %s)", cap->drug,
		         most, with, dose ? "with this dose" : "given so far");
}

/* Buprenorphine induction readiness, for a buprenorphine dose. */
static void readiness_line(struct tui *t, const vigil_drug *d)
{
	struct dose_state *s = t->dose;
	vigil_readiness r;
	vigil_error err;
	if (!s->has_st || strncasecmp(d->key, "buprenorphine", 13) != 0)
		return;
	if (vigil_readiness_get(&t->session, s->st, t->now, &r, &err) != VIGIL_OK) {
		snprintf(support_line(s, true), LINE_BYTES, "%s", err.msg);
		return;
	}
	if (r.applies)
		snprintf(support_line(s, !r.met), LINE_BYTES,
		         "induction readiness (decision support): %s. Protocol: %s.", r.line,
		         r.protocol);
}

/* Works out the check line and the decision support for what the form
 * says now: after every key, so it follows the amount, unit and time. */
static void update(struct tui *t)
{
	struct dose_state *s = t->dose;
	const vigil_drug *d = picked(t);
	vigil_dose_input in;
	vigil_dose dose;
	vigil_error err;
	vigil_time at = t->now;
	s->nsupport = 0;
	if (!d) {
		s->check_ok = false;
		snprintf(s->check, sizeof s->check, "%s is no longer on the drug list", s->drug);
		return;
	}
	hints(t);
	fill_input(t, &in);
	const char *when = form_value(&s->f.items[DF_TIME]);
	bool time_ok = !when[0] || tui_parse_when(t, when, &at, &err) == VIGIL_OK;
	if (!time_ok)
		at = t->now;
	s->check_ok = time_ok && vigil_dose_check(t->protocols, &in, &dose, &err) == VIGIL_OK;
	if (s->check_ok) {
		char words[160], at_words[VIGIL_TIME_LOCAL_LEN];
		vigil_dose_words(&dose, words, sizeof words);
		vigil_time_format_local(at, at_words, sizeof at_words);
		snprintf(s->check, sizeof s->check, "Enter records: %s given %s%s", words,
		         when[0] ? "at " : "now, ", when[0] ? at_words : at_words + 11);
	} else {
		snprintf(s->check, sizeof s->check, "%s", err.msg);
	}
	given_line(t, at, form_value(&s->f.items[DF_UNIT]));
	range_lines(t, d);
	readiness_line(t, d);
	cap_line(t, at, s->check_ok ? &dose : NULL);
}

static void pick(struct tui *t)
{
	struct dose_state *s = t->dose;
	if (!s->nmatch) {
		tui_error(t, "no drug on the list holds '%s'", s->filter.text);
		return;
	}
	const vigil_drug *d = vigil_drugs_at(drugs(t), s->match[s->sel]);
	vigil_copy(s->drug, sizeof s->drug, d->key);
	form_clear(&s->f);
	form_text(&s->f, "Amount", 12);
	form_item *unit = form_choice(&s->f, "Unit");
	for (size_t i = 0; i < d->nunits; i++)
		form_option(unit, d->units[i].unit);
	form_item *route = form_choice(&s->f, "Route");
	for (size_t i = 0; i < d->nroutes; i++)
		form_option(route, d->routes[i]);
	form_item *kind = form_choice(&s->f, "Given as");
	for (size_t i = 0; i < sizeof kind_options / sizeof kind_options[0]; i++)
		form_option(kind, kind_options[i]);
	form_text(&s->f, "Reason", VIGIL_REASON_MAX);
	form_text(&s->f, "Note", VIGIL_NOTE_MAX);
	form_text(&s->f, "Time", 40);
	offer_usual(t);
	s->f.focus = DF_AMOUNT;
	s->picking = false;
	update(t);
}

void dose_open(struct tui *t, const vigil_patient *p)
{
	struct dose_state *s = t->dose;
	vigil_error err;
	if (vigil_require(&t->session, VIGIL_ACT_RECORD, &err) != VIGIL_OK) {
		tui_error(t, "%s", err.msg);
		return;
	}
	if (!vigil_drugs_count(drugs(t))) {
		tui_error(t, "the drug list in force is empty: no dose can be recorded");
		return;
	}
	form_clear(&s->f);
	s->p = *p;
	s->has_st = vigil_patient_state_load(&t->session, t->protocols, p, s->st, &err) == VIGIL_OK;
	if (!s->has_st)
		tui_error(t, "%s", err.msg);
	s->picking = true;
	s->drug[0] = '\0';
	field_init(&s->filter, "Drug", VIGIL_DRUG_KEY_MAX, false);
	choose_offered(t);
	refilter(t);
	tui_push(t, VIEW_DOSE);
}

/* ---- recording ------------------------------------------------------ */

static void say_recorded(struct tui *t, int64_t id, const vigil_dose_effects *fx,
                         const char *words, vigil_time at)
{
	struct dose_state *s = t->dose;
	char msg[sizeof t->msg], when[VIGIL_TIME_LOCAL_LEN];
	size_t len = 0;
	vigil_time_format_local(at, when, sizeof when);
	if (fx->over_cap)
		len += (size_t)snprintf(msg, sizeof msg, "* %s. ", fx->cap);
	len += (size_t)snprintf(msg + len, sizeof msg - len, "Recorded D%lld: %s given to %s at %s.",
	                        (long long)id, words, s->p.name, when + 11);
	for (size_t i = 0; i < fx->ndue && len < sizeof msg; i++)
		len += (size_t)snprintf(msg + len, sizeof msg - len, " %s%s.", i ? "" : "Then: ",
		                        fx->due[i]);
	if (fx->over_cap)
		tui_error(t, "%s", msg);
	else
		tui_info(t, "%s", msg);
}

static void save(struct tui *t)
{
	struct dose_state *s = t->dose;
	vigil_dose_input in;
	vigil_dose_effects fx;
	vigil_error err;
	int64_t id = 0;
	fill_input(t, &in);
	const char *when = form_value(&s->f.items[DF_TIME]);
	if ((when[0] && tui_parse_when(t, when, &in.at, &err) != VIGIL_OK) ||
	    vigil_dose_record(&t->session, t->protocols, &in, &id, &fx, &err) != VIGIL_OK) {
		tui_error(t, "%s", err.msg); /* what was typed stays */
		return;
	}
	vigil_chart_entry *e = malloc(sizeof *e);
	char words[160] = "";
	vigil_time at = in.at ? in.at : t->now;
	if (e && vigil_chart_get(&t->session, id, e, &err) == VIGIL_OK) {
		vigil_dose_words(&e->dose, words, sizeof words);
		at = e->at;
	}
	free(e);
	tui_pop(t);
	tui_chart_saved(t, id);
	say_recorded(t, id, &fx, words[0] ? words : s->drug, at);
	form_clear(&s->f);
}

/* ---- drawing -------------------------------------------------------- */

static void draw_title(struct tui *t, int y)
{
	struct dose_state *s = t->dose;
	char title[sizeof t->dose->p + 64];
	snprintf(title, sizeof title, "Dose given to %s (%s), bed %s", s->p.name, s->p.mrn,
	         s->p.bed[0] ? s->p.bed : "-");
	draw_data(y, 1, draw_cols() - 2, ST_BOLD, title);
	draw_text(y + 1, 1, draw_cols() - 2, STYLE_DIM,
	          "A record of what was given, never an order.");
}

static void draw_drug_row(struct tui *t, const vigil_drug *d, int y, bool selected)
{
	int cols = draw_cols(), style = selected ? STYLE_SELECTED : ST_NORMAL;
	char usual[64] = "", routes[64] = "", treats[64] = "";
	size_t len = 0;
	if (selected)
		draw_fill(y, 0, cols, style);
	if (d->nunits && d->units[0].usual > 0)
		amount_words(d->units[0].usual, d->units[0].unit, usual, sizeof usual);
	for (size_t i = 0; i < d->nroutes && len < sizeof routes; i++)
		len += (size_t)snprintf(routes + len, sizeof routes - len, "%s%s", i ? " " : "",
		                        d->routes[i]);
	len = 0;
	for (size_t i = 0; i < d->nfor && len < sizeof treats; i++)
		len += (size_t)snprintf(treats + len, sizeof treats - len, "%s%s", i ? " " : "",
		                        tui_scale_name(t, d->for_scales[i]));
	draw_data(y, 2, 24, style, d->key);
	draw_text(y, 27, 10, style, usual);
	draw_text(y, 38, 20, style, routes);
	draw_data(y, 59, cols - 60 > 0 ? cols - 60 : 1, style, treats);
}

static void draw_picking(struct tui *t)
{
	struct dose_state *s = t->dose;
	int y = tui_body_top(), cols = draw_cols(), last_row = draw_rows() - 4;
	draw_title(t, y);
	field_draw(&s->filter, y + 3, 1, 6, 32, true);
	draw_text(y + 3, 35, cols - 36, STYLE_DIM, "type to narrow; Up, Down; Enter takes it");
	int top = y + 5;
	draw_text(top - 1, 2, cols - 3, ST_BOLD | ST_UNDERLINE,
	          "Drug                     Usual      Routes               Treats");
	int rows = last_row - top;
	if (rows < 1)
		rows = 1;
	if (s->sel < s->top)
		s->top = s->sel;
	if (s->sel >= s->top + (size_t)rows)
		s->top = s->sel - (size_t)rows + 1;
	for (size_t i = s->top; i < s->nmatch && (int)(i - s->top) < rows; i++)
		draw_drug_row(t, vigil_drugs_at(drugs(t), s->match[i]), top + (int)(i - s->top),
		              i == s->sel);
	if (!s->nmatch)
		draw_text(top, 2, cols - 3, STYLE_ERROR, "no drug on the list holds that");
	char line[LINE_BYTES + 40];
	snprintf(line, sizeof line, "Last given to this patient: %s",
	         s->last[0] ? s->last : "none recorded");
	draw_data(last_row, 1, cols - 2, STYLE_DIM, line);
}

static void draw_form(struct tui *t)
{
	struct dose_state *s = t->dose;
	const vigil_drug *d = picked(t);
	int y = tui_body_top(), cols = draw_cols();
	char line[VIGIL_DRUG_NAME_MAX + VIGIL_DRUG_KEY_MAX + 64];
	draw_title(t, y);
	snprintf(line, sizeof line, "Drug: %s (%s); Esc: another drug", d ? d->name : s->drug,
	         s->drug);
	draw_data(y + 2, 1, cols - 2, ST_NORMAL, line);
	form_draw(&s->f, y + 3, 1, 10, 18, cols - 2);
	int sy = y + 4 + (int)s->f.n;
	draw_text(sy++, 1, cols - 2, ST_BOLD | ST_UNDERLINE,
	          "Decision support: the unit's protocol, not an order");
	int end = draw_rows() - 6; /* then the check line's two rows, then the status line's */
	for (size_t i = 0; i < s->nsupport && sy < end; i++) {
		int rows = draw_wrap_rows(cols - 4, s->support[i]);
		rows = rows < 1 ? 1 : rows > 2 ? 2 : rows;
		rows = sy + rows > end ? end - sy : rows;
		if (s->warn[i])
			draw_text(sy, 1, 1, STYLE_ERROR, "*");
		sy += draw_wrap(sy, 3, cols - 4, rows, s->warn[i] ? STYLE_ERROR : ST_NORMAL,
		                s->support[i]);
	}
	draw_wrap(end + 1, 1, cols - 2, 2, s->check_ok ? ST_BOLD : STYLE_ERROR, s->check);
}

static void dose_draw(struct tui *t)
{
	struct dose_state *s = t->dose;
	tui_draw_frame(t, "Dose given", s->picking ? SCOPE_PICK : SCOPE_FORM);
	if (s->picking)
		draw_picking(t);
	else
		draw_form(t);
}

/* ---- keys ----------------------------------------------------------- */

static void close_form(struct tui *t)
{
	form_clear(&t->dose->f);
	tui_pop(t);
	tui_info(t, "No dose recorded.");
}

static void picking_key(struct tui *t, tui_action action, const tui_key *key)
{
	struct dose_state *s = t->dose;
	switch (action) {
	case ACT_UP: s->sel = s->sel ? s->sel - 1 : 0; return;
	case ACT_DOWN: s->sel = s->sel + 1 < s->nmatch ? s->sel + 1 : s->sel; return;
	case ACT_SUBMIT: pick(t); return;
	case ACT_CANCEL: close_form(t); return;
	default: break;
	}
	field_result r = field_edit(&s->filter, action, key);
	if (r == FIELD_FULL)
		tui_error(t, "the drug's key is at most %d characters", VIGIL_DRUG_KEY_MAX);
	else if (r == FIELD_CHANGED)
		refilter(t);
}

static void form_keys(struct tui *t, tui_action action, const tui_key *key)
{
	struct dose_state *s = t->dose;
	char msg[300];
	switch (action) {
	case ACT_SAVE: save(t); return;
	case ACT_CANCEL: /* back to the list, at the drug picked */
		vigil_copy(s->offered, sizeof s->offered, s->drug);
		field_wipe(&s->filter);
		refilter(t);
		s->picking = true;
		return;
	default: break;
	}
	form_result r = form_key(&s->f, action, key, msg, sizeof msg);
	if (r == FORM_REFUSED)
		tui_error(t, "%s", msg);
	if (r != FORM_CHANGED)
		return;
	if (s->f.focus == DF_UNIT && s->f.items[DF_UNIT].option != s->unit &&
	    (s->f.items[DF_AMOUNT].offered || !s->f.items[DF_AMOUNT].field.text[0]))
		offer_usual(t); /* the usual dose in the new unit */
	s->unit = s->f.items[DF_UNIT].option;
	update(t);
}

static void dose_key(struct tui *t, tui_action action, const tui_key *key)
{
	if (t->dose->picking)
		picking_key(t, action, key);
	else
		form_keys(t, action, key);
}

static tui_scope dose_scope(struct tui *t)
{
	return t->dose->picking ? SCOPE_PICK : SCOPE_FORM;
}

const tui_view dose_view = {
	.name = "dose",
	.scope = SCOPE_PICK,
	.scope_of = dose_scope,
	.draw = dose_draw,
	.key = dose_key,
};
