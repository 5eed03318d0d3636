/* handover.c - the handover on screen, for handing over to the next
 * shift: each patient's handover (vigil_handover_each, the core's one rule
 * that `vigil shift` prints too) one after the other, the shift under way
 * by default and the ones before it with Left and Right. Up and Down go
 * from patient to patient, Page Up and Page Down scroll. Like `vigil
 * shift` it starts by saying when the database is a training one and ends
 * with the witness: the ward key and the head of the audit log when it was
 * loaded. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "view.h"
#include "vigil/export.h"
#include "vigil/handover.h"

/* The lines are laid out for the narrowest screen, less the column of the
 * scroll marks. */
#define HO_WIDTH (TUI_MIN_COLS - 2)
#define WITNESS_ROWS 2 /* the ward key, the head */

/* One screen line: a handover's line, or the blank between patients. */
struct ho_line {
	char *text;                 /* NULL: the blank */
	vigil_handover_part part;
	vigil_handover_mark mark;
	bool first;
	size_t patient;
};

struct ho_patient {
	vigil_patient patient;
	char first_scale[VIGIL_SCALE_KEY_MAX + 1];
	size_t line; /* its first line */
};

struct ho_list {
	struct ho_line *lines;
	size_t nlines, lcap;
	struct ho_patient *patients;
	size_t npatients, pcap;
	bool nomem;
};

struct handover_state {
	vigil_shift shift;
	struct ho_list list;
	vigil_witness witness; /* read with the list; head "" when unknown */
	size_t sel;            /* the selected patient */
	size_t top;            /* the first line shown */
};

int handover_init(struct tui *t)
{
	t->handover = calloc(1, sizeof *t->handover);
	return t->handover ? 0 : -1;
}

static void free_list(struct ho_list *l)
{
	for (size_t i = 0; i < l->nlines; i++)
		free(l->lines[i].text);
	free(l->lines);
	free(l->patients);
	memset(l, 0, sizeof *l);
}

void handover_free(struct tui *t)
{
	if (t->handover)
		free_list(&t->handover->list);
	free(t->handover);
	t->handover = NULL;
}

/* ---- loading -------------------------------------------------------- */

static bool add_line(struct ho_list *l, const vigil_handover_line *from, size_t patient)
{
	if (l->nlines == l->lcap) {
		size_t cap = l->lcap ? l->lcap * 2 : 64;
		struct ho_line *v = realloc(l->lines, cap * sizeof *v);
		if (!v)
			return false;
		l->lines = v;
		l->lcap = cap;
	}
	struct ho_line *line = &l->lines[l->nlines];
	memset(line, 0, sizeof *line);
	line->patient = patient;
	if (from) {
		if (!(line->text = strdup(from->text)))
			return false;
		line->part = from->part;
		line->mark = from->mark;
		line->first = from->first;
	}
	l->nlines++;
	return true;
}

static int add_patient(const vigil_handover *h, void *ctx)
{
	struct ho_list *l = ctx;
	if (l->npatients == l->pcap) {
		size_t cap = l->pcap ? l->pcap * 2 : 16;
		struct ho_patient *v = realloc(l->patients, cap * sizeof *v);
		if (!v) {
			l->nomem = true;
			return 1;
		}
		l->patients = v;
		l->pcap = cap;
	}
	size_t n = l->npatients++;
	struct ho_patient *p = &l->patients[n];
	p->patient = h->patient;
	vigil_copy(p->first_scale, sizeof p->first_scale, h->first_scale);
	if (n && !add_line(l, NULL, n - 1)) {
		l->nomem = true;
		return 1;
	}
	p->line = l->nlines;
	for (size_t i = 0; i < h->nlines; i++) {
		if (!add_line(l, &h->lines[i], n)) {
			l->nomem = true;
			return 1;
		}
	}
	return 0;
}

/* Loads the handover of sh; on failure says why and keeps what is shown. */
static bool load(struct tui *t, const vigil_shift *sh)
{
	struct handover_state *s = t->handover;
	struct ho_list list = { 0 };
	vigil_handover_layout layout = { .width = HO_WIDTH, .ascii = !draw_utf8() };
	vigil_error err;
	if (!t->protocols) {
		tui_error(t, "the protocols are not loaded: the handover is not shown");
		return false;
	}
	if (vigil_handover_each(&t->session, t->protocols, sh, &layout, add_patient, &list, &err) !=
	    VIGIL_OK) {
		tui_error(t, "%s", err.msg);
		free_list(&list);
		return false;
	}
	if (list.nomem) {
		tui_error(t, "out of memory: the handover is not shown");
		free_list(&list);
		return false;
	}
	free_list(&s->list);
	s->list = list;
	s->shift = *sh;
	s->sel = s->top = 0;
	/* After the handover, so the head covers what it shows. */
	if (vigil_witness_now(&t->session, &s->witness, &err) != VIGIL_OK) {
		s->witness.head[0] = '\0';
		tui_error(t, "%s: the head of the audit log is not shown", err.msg);
	}
	return true;
}

static int page_rows(const struct tui *t);

/* Selects patient i and scrolls to its first line (or as far as the end
 * allows). */
static void select_index(const struct tui *t, struct handover_state *s, size_t i)
{
	size_t page = (size_t)page_rows(t), n = s->list.nlines;
	if (!s->list.npatients)
		return;
	s->sel = i < s->list.npatients ? i : s->list.npatients - 1;
	size_t top = s->list.patients[s->sel].line;
	size_t last_top = n > page ? n - page : 0;
	s->top = top < last_top ? top : last_top;
}

static void select_patient(const struct tui *t, struct handover_state *s, int64_t patient_id)
{
	for (size_t i = 0; patient_id && i < s->list.npatients; i++) {
		if (s->list.patients[i].patient.id == patient_id) {
			select_index(t, s, i);
			return;
		}
	}
}

void handover_open(struct tui *t, int64_t patient_id)
{
	struct handover_state *s = t->handover;
	vigil_error err;
	vigil_shift now;
	if (vigil_shift_at(&t->cfg, t->now, &now, &err) != VIGIL_OK) {
		tui_error(t, "%s", err.msg);
		return;
	}
	if (!load(t, &now))
		return;
	select_patient(t, s, patient_id);
	tui_raise(t, VIEW_HANDOVER);
}

/* The shift before (dir < 0) or after the one shown, or the one under
 * way (dir 0); the core knows where shifts start. */
static void go_shift(struct tui *t, int dir)
{
	struct handover_state *s = t->handover;
	vigil_error err;
	vigil_shift sh;
	if (dir > 0 && s->shift.end > t->now) {
		tui_error(t, "this is the shift under way: no later one yet");
		return;
	}
	vigil_time at = dir < 0 ? s->shift.start - 1 : dir > 0 ? s->shift.end : t->now;
	if (vigil_shift_at(&t->cfg, at, &sh, &err) != VIGIL_OK) {
		tui_error(t, "%s", err.msg);
		return;
	}
	int64_t keep = s->sel < s->list.npatients ? s->list.patients[s->sel].patient.id : 0;
	if (load(t, &sh))
		select_patient(t, s, keep);
}

/* ---- drawing -------------------------------------------------------- */

static void draw_title(struct tui *t, int y)
{
	const vigil_shift *sh = &t->handover->shift;
	char span[160], title[200], count[48];
	tui_shift_span(sh, span, sizeof span);
	snprintf(title, sizeof title, "%s%s", span,
	         sh->start <= t->now && t->now < sh->end ? ", under way" : "");
	size_t n = t->handover->list.npatients;
	snprintf(count, sizeof count, "%zu patient%s", n, n == 1 ? "" : "s");
	int cw = draw_width(count), cols = draw_cols();
	draw_data(y, 0, cols - cw - 2, ST_BOLD, title);
	draw_text(y, cols - cw - 1, cw, ST_NORMAL, count);
}

/* Body rows above the lines: the training banner, the title. */
static int rows_above(const struct tui *t)
{
	return (t->training ? 1 : 0) + 1;
}

static int page_rows(const struct tui *t)
{
	int n = tui_body_rows() - rows_above(t) - WITNESS_ROWS - 1;
	return n > 1 ? n : 1;
}

/* The patient's line bold (reverse when selected), a part's label bold,
 * what needs attention bold, what has nothing to say dim. */
static void draw_line(const struct handover_state *s, const struct ho_line *l, int y, int cols)
{
	if (!l->text)
		return;
	if (l->part == VIGIL_HO_PATIENT) {
		bool sel = l->patient == s->sel;
		int style = ST_BOLD | (sel ? STYLE_SELECTED : 0);
		if (sel)
			draw_fill(y, 0, cols, style);
		draw_text(y, 0, cols, style, l->text);
		return;
	}
	int style = l->mark == VIGIL_HO_ATTENTION ? (ST_BOLD | ST_RED)
	          : l->mark == VIGIL_HO_NOTHING  ? STYLE_DIM
	                                         : ST_NORMAL;
	draw_text(y, 0, cols, style, l->text);
	if (l->first) { /* the label: program text, ASCII, as wide as its bytes */
		char label[VIGIL_HANDOVER_LABEL + 1];
		snprintf(label, sizeof label, "%s", l->text);
		for (size_t n = strlen(label); n && label[n - 1] == ' ';)
			label[--n] = '\0';
		draw_text(y, 0, draw_width(label), ST_BOLD, label);
	}
}

static void draw_lines(struct tui *t, int y)
{
	struct handover_state *s = t->handover;
	int cols = draw_cols(), page = page_rows(t), top = y;
	size_t i = s->top;
	for (; i < s->list.nlines && (int)(i - s->top) < page; i++, y++)
		draw_line(s, &s->list.lines[i], y, cols - 2);
	if (s->top > 0)
		draw_glyph(top, cols - 1, GLYPH_UP, ST_BOLD);
	if (i < s->list.nlines)
		draw_glyph(top + page - 1, cols - 1, GLYPH_DOWN, ST_BOLD);
}

/* The last body rows, as `vigil shift` ends: copied into the handover
 * book, they witness the log (vigil audit verify --witness). */
static void draw_witness(struct tui *t)
{
	const vigil_witness *w = &t->handover->witness;
	char line[160];
	int y = tui_body_top() + tui_body_rows() - WITNESS_ROWS, cols = draw_cols();
	if (!w->head[0])
		return;
	snprintf(line, sizeof line, "ward key %s", vigil_witness_key(w));
	draw_text(y, 0, cols, ST_NORMAL, line);
	snprintf(line, sizeof line, "head %s", w->head);
	draw_text(y + 1, 0, cols, ST_NORMAL, line);
}

static void handover_draw(struct tui *t)
{
	struct handover_state *s = t->handover;
	tui_draw_frame(t, "Handover", SCOPE_HANDOVER);
	int y = tui_body_top();
	if (t->training)
		draw_text(y++, 0, draw_cols(), ST_BOLD | ST_REVERSE, VIGIL_TRAINING_BANNER);
	draw_title(t, y++);
	if (!s->list.npatients)
		draw_text(y + 1, 2, draw_cols() - 4, ST_NORMAL,
		          "No patients on the ward during this shift.");
	draw_lines(t, y);
	draw_witness(t);
}

/* ---- keys ----------------------------------------------------------- */

/* Page Up and Down scroll by lines; the patient at the top is selected. */
static void scroll(const struct tui *t, struct handover_state *s, int dir)
{
	size_t page = (size_t)page_rows(t), n = s->list.nlines;
	size_t last_top = n > page ? n - page : 0;
	if (dir < 0)
		s->top = s->top > page ? s->top - page : 0;
	else
		s->top = s->top + page < last_top ? s->top + page : last_top;
	if (s->top < n)
		s->sel = s->list.lines[s->top].patient;
}

static void move(const struct tui *t, struct handover_state *s, tui_action action)
{
	size_t n = s->list.npatients;
	if (!n)
		return;
	switch (action) {
	case ACT_UP: select_index(t, s, s->sel ? s->sel - 1 : 0); break;
	case ACT_DOWN: select_index(t, s, s->sel + 1); break;
	case ACT_PAGE_UP: scroll(t, s, -1); break;
	case ACT_PAGE_DOWN: scroll(t, s, 1); break;
	case ACT_HOME: select_index(t, s, 0); break;
	case ACT_END: select_index(t, s, n - 1); break;
	default: break;
	}
}

static void open_patient(struct tui *t)
{
	struct handover_state *s = t->handover;
	if (s->sel >= s->list.npatients) {
		tui_error(t, "no patient on the ward during this shift");
		return;
	}
	const struct ho_patient *p = &s->list.patients[s->sel];
	vigil_patient patient = p->patient;
	patient_open(t, &patient, p->first_scale[0] ? p->first_scale : NULL);
}

static void handover_key(struct tui *t, tui_action action, const tui_key *key)
{
	struct handover_state *s = t->handover;
	(void)key;
	switch (action) {
	case ACT_OPEN: open_patient(t); break;
	case ACT_PREV_SHIFT: go_shift(t, -1); break;
	case ACT_NEXT_SHIFT: go_shift(t, 1); break;
	case ACT_THIS_SHIFT: go_shift(t, 0); break;
	case ACT_EXPORT: export_open(t, &s->shift, NULL); break;
	case ACT_RELOAD: {
		vigil_shift sh = s->shift;
		int64_t keep = s->sel < s->list.npatients ? s->list.patients[s->sel].patient.id : 0;
		if (load(t, &sh))
			select_patient(t, s, keep);
		break;
	}
	case ACT_BACK:
		tui_pop(t);
		if (tui_top(t) == VIEW_BOARD)
			board_reload(t);
		break;
	default: move(t, s, action); break;
	}
}

const tui_view handover_view = {
	.name = "handover",
	.scope = SCOPE_HANDOVER,
	.draw = handover_draw,
	.key = handover_key,
};
