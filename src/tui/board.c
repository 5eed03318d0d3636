/* board.c - the ward board (home screen): every admitted patient by bed,
 * the last score, a trend, and when the next assessment is due. Overdue
 * rows carry a '!' and the word "over", and are bold: never colour only. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "field.h"
#include "view.h"
#include "vigil/ward.h"

enum { C_MARK, C_BED, C_NAME, C_MRN, C_LAST, C_AGO, C_TREND, C_DUE, NCOLS };

static const struct column {
	const char *title;
	int width; /* 0: takes the room left */
	int max;
} columns[NCOLS] = {
	[C_MARK] = { "", 1, 1 },           [C_BED] = { "Bed", 4, 12 },
	[C_NAME] = { "Name", 0, 40 },      [C_MRN] = { "MRN", 8, 20 },
	[C_LAST] = { "Last", 19, 19 },     [C_AGO] = { "Ago", 6, 6 },
	[C_TREND] = { "Trend", 10, 10 },   [C_DUE] = { "Next due", 11, 11 },
};

struct layout {
	int x[NCOLS], w[NCOLS];
};

struct board_state {
	vigil_ward ward;
	size_t sel, top;
	bool finding, find_failed;
	size_t find_from;
	tui_field find;
};

int board_init(struct tui *t)
{
	t->board = calloc(1, sizeof *t->board);
	if (!t->board)
		return -1;
	field_init(&t->board->find, "Find: ", VIGIL_FULL_NAME_MAX, false);
	return 0;
}

void board_free(struct tui *t)
{
	if (t->board)
		vigil_ward_free(&t->board->ward);
	free(t->board);
	t->board = NULL;
}

const vigil_patient *board_selected(const struct tui *t)
{
	const struct board_state *b = t->board;
	return b->sel < b->ward.count ? &b->ward.rows[b->sel].patient : NULL;
}

void board_select(struct tui *t, int64_t patient_id)
{
	struct board_state *b = t->board;
	for (size_t i = 0; i < b->ward.count; i++)
		if (b->ward.rows[i].patient.id == patient_id)
			b->sel = i;
}

size_t board_count(const struct tui *t)
{
	return t->board->ward.count;
}

/* Reloads the ward, keeping the same patient selected. */
void board_reload(struct tui *t)
{
	struct board_state *b = t->board;
	int64_t id = board_selected(t) ? board_selected(t)->id : 0;
	vigil_ward w;
	vigil_error err;
	if (tui_reload_protocols(t) != 0)
		return;
	if (vigil_ward_load(&t->session, t->protocols, &w, &err) != VIGIL_OK) {
		tui_error(t, "%s", err.msg);
		return;
	}
	vigil_ward_free(&b->ward);
	b->ward = w;
	if (b->sel >= w.count)
		b->sel = w.count ? w.count - 1 : 0;
	board_select(t, id);
}

/* ---- drawing -------------------------------------------------------- */

/* The MRN and bed are shown whole (they say who the row is: similar MRNs
 * must not look alike), as wide as the longest on the ward; the name takes
 * the room left and is the one cut. */
static void lay_out(const vigil_ward *ward, int cols, struct layout *l)
{
	int mrn = columns[C_MRN].width, bed = columns[C_BED].width;
	for (size_t i = 0; i < ward->count; i++) {
		int m = draw_width(ward->rows[i].patient.mrn), b = draw_width(ward->rows[i].patient.bed);
		mrn = m > mrn ? m : mrn;
		bed = b > bed ? b : bed;
	}
	int fixed = NCOLS - 1;
	for (int c = 0; c < NCOLS; c++) {
		l->w[c] = columns[c].width;
		if (c == C_MRN)
			l->w[c] = mrn < columns[c].max ? mrn : columns[c].max;
		if (c == C_BED)
			l->w[c] = bed < columns[c].max ? bed : columns[c].max;
		fixed += l->w[c];
	}
	int name = cols - fixed;
	name = name < columns[C_NAME].max ? name : columns[C_NAME].max;
	l->w[C_NAME] = name > 4 ? name : 4;
	int x = 0;
	for (int c = 0; c < NCOLS; c++) {
		l->x[c] = x;
		x += l->w[c] + 1;
	}
}

/* "moderately-severe" is shown as "mod-severe" in the narrow column. */
static void band_short(const char *band, char *out, size_t size)
{
	const char *dash = strchr(band, '-');
	if (strlen(band) <= 10 || !dash)
		snprintf(out, size, "%s", band);
	else
		snprintf(out, size, "%.3s-%s", band, dash + 1);
}

static void draw_trend(const vigil_ward_row *r, int y, int x, int width, int style)
{
	int max = r->last.max_total > 0 ? r->last.max_total : 1;
	size_t from = r->ntrend > (size_t)width ? r->ntrend - (size_t)width : 0;
	for (size_t i = from; i < r->ntrend; i++) {
		int v = r->trend[i] < 0 ? 0 : r->trend[i] > max ? max : r->trend[i];
		draw_spark(y, x++, (v * 7 + max / 2) / max, style);
	}
}

static void draw_last(struct tui *t, const vigil_ward_row *r, int y, const struct layout *l,
                      int style)
{
	char text[96], band[VIGIL_BAND_MAX], ago[32];
	if (!r->has_last) {
		draw_text(y, l->x[C_LAST], l->w[C_LAST], style | ST_DIM, "no assessment yet");
		return;
	}
	band_short(r->last.band, band, sizeof band);
	snprintf(text, sizeof text, "%s %d %s", tui_scale_name(t, r->last.scale), r->last.total,
	         band);
	draw_data(y, l->x[C_LAST], l->w[C_LAST], style, text);
	vigil_time since = t->now - r->last.performed_at;
	vigil_duration_format(since > 0 ? since : 0, ago, sizeof ago);
	draw_text(y, l->x[C_AGO], l->w[C_AGO], style, ago);
	draw_trend(r, y, l->x[C_TREND], l->w[C_TREND], style);
}

static void draw_row(struct tui *t, const vigil_ward_row *r, int y, const struct layout *l,
                     bool selected)
{
	bool overdue = vigil_ward_overdue(r, t->now);
	int style = (selected ? STYLE_SELECTED : 0) | (overdue ? STYLE_OVERDUE : 0);
	char due[40], dur[32];
	if (selected)
		draw_fill(y, 0, draw_cols(), style);
	draw_text(y, l->x[C_MARK], 1, style, overdue ? "!" : " ");
	draw_data(y, l->x[C_BED], l->w[C_BED], style, r->patient.bed);
	draw_data(y, l->x[C_NAME], l->w[C_NAME], style, r->patient.name);
	draw_data(y, l->x[C_MRN], l->w[C_MRN], style, r->patient.mrn);
	draw_last(t, r, y, l, style);
	vigil_duration_format(r->due_at - t->now, dur, sizeof dur);
	if (r->due_at - t->now > -60 && r->due_at - t->now < 60)
		snprintf(due, sizeof due, "due now");
	else
		snprintf(due, sizeof due, "%s %s", overdue ? "over" : "in", dur);
	draw_text(y, l->x[C_DUE], l->w[C_DUE], style, due);
}

static int list_rows(void)
{
	return tui_body_rows() - 1;
}

static void keep_visible(struct board_state *b)
{
	size_t rows = (size_t)(list_rows() > 1 ? list_rows() : 1);
	if (b->sel < b->top)
		b->top = b->sel;
	if (b->sel >= b->top + rows)
		b->top = b->sel - rows + 1;
}

static void board_draw(struct tui *t)
{
	struct board_state *b = t->board;
	size_t overdue = 0;
	for (size_t i = 0; i < b->ward.count; i++)
		overdue += vigil_ward_overdue(&b->ward.rows[i], t->now);
	char title[96];
	snprintf(title, sizeof title, "Board: %zu patient%s, %zu overdue", b->ward.count,
	         b->ward.count == 1 ? "" : "s", overdue);
	tui_draw_frame(t, title, b->finding ? SCOPE_FIELD : SCOPE_BOARD);
	struct layout l;
	lay_out(&b->ward, draw_cols(), &l);
	int y = tui_body_top();
	for (int c = 0; c < NCOLS; c++)
		draw_text(y, l.x[c], l.w[c], ST_BOLD | ST_UNDERLINE, columns[c].title);
	if (!b->ward.count)
		draw_text(y + 2, 2, draw_cols() - 4, ST_NORMAL,
		          "No patients on the ward. Press a to admit one.");
	keep_visible(b);
	for (size_t i = b->top; i < b->ward.count && (int)(i - b->top) < list_rows(); i++)
		draw_row(t, &b->ward.rows[i], y + 1 + (int)(i - b->top), &l, i == b->sel);
	if (b->finding)
		draw_fill(draw_rows() - 2, 0, draw_cols(), ST_NORMAL);
	if (b->finding)
		field_draw(&b->find, draw_rows() - 2, 0, 6, draw_cols() - 12, true);
	if (b->finding && b->find_failed)
		draw_text(draw_rows() - 2, draw_cols() - 12, 12, STYLE_ERROR, " no match ");
}

/* ---- find ----------------------------------------------------------- */

static bool contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++) {
		size_t i = 0;
		while (i < n && hay[i] &&
		       tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
			i++;
		if (i == n)
			return true;
	}
	return n == 0;
}

static void find_update(struct board_state *b)
{
	const char *q = b->find.text;
	b->find_failed = false;
	b->sel = b->find_from;
	if (!*q)
		return;
	for (size_t i = 0; i < b->ward.count; i++) {
		const vigil_patient *p = &b->ward.rows[i].patient;
		if (contains(p->bed, q) || contains(p->name, q) || contains(p->mrn, q)) {
			b->sel = i;
			return;
		}
	}
	b->find_failed = true;
}

static void find_key(struct tui *t, tui_action action, const tui_key *key)
{
	struct board_state *b = t->board;
	switch (action) {
	case ACT_SUBMIT:
		b->finding = false;
		if (b->find_failed)
			tui_error(t, "no patient's bed, name or MRN contains '%s'", b->find.text);
		return;
	case ACT_CANCEL:
		b->finding = false;
		b->sel = b->find_from;
		return;
	default: break;
	}
	if (field_edit(&b->find, action, key) == FIELD_CHANGED)
		find_update(b);
}

/* ---- keys ----------------------------------------------------------- */

static void move(struct board_state *b, tui_action action)
{
	size_t n = b->ward.count, page = (size_t)(list_rows() > 1 ? list_rows() - 1 : 1);
	if (!n)
		return;
	switch (action) {
	case ACT_UP: b->sel = b->sel ? b->sel - 1 : 0; break;
	case ACT_DOWN: b->sel = b->sel + 1 < n ? b->sel + 1 : n - 1; break;
	case ACT_PAGE_UP: b->sel = b->sel > page ? b->sel - page : 0; break;
	case ACT_PAGE_DOWN: b->sel = b->sel + page < n ? b->sel + page : n - 1; break;
	case ACT_HOME: b->sel = 0; break;
	case ACT_END: b->sel = n - 1; break;
	default: break;
	}
}

static void on_patient(struct tui *t, tui_action action)
{
	const vigil_patient *p = board_selected(t);
	if (!p) {
		tui_error(t, "no patient on the ward: press a to admit one");
		return;
	}
	vigil_patient copy = *p;
	const vigil_ward_row *r = &t->board->ward.rows[t->board->sel];
	if (action == ACT_OPEN)
		patient_open(t, &copy, r->has_last ? r->last.scale : NULL);
	else if (action == ACT_NEW) /* the scale the patient is followed on */
		entry_start(t, &copy, r->timed ? r->due_scale : r->has_last ? r->last.scale : NULL);
	else
		discharge_open(t, &copy);
}

static void board_key(struct tui *t, tui_action action, const tui_key *key)
{
	struct board_state *b = t->board;
	if (b->finding) {
		find_key(t, action, key);
		return;
	}
	switch (action) {
	case ACT_OPEN:
	case ACT_NEW:
	case ACT_DISCHARGE: on_patient(t, action); break;
	case ACT_FIND:
		b->finding = true;
		b->find_failed = false;
		b->find_from = b->sel;
		field_wipe(&b->find);
		break;
	case ACT_ADMIT: admit_open(t); break;
	case ACT_EXPORT: export_open(t, NULL, NULL); break;
	case ACT_HANDOVER: handover_open(t, board_selected(t) ? board_selected(t)->id : 0); break;
	case ACT_RELOAD:
		board_reload(t);
		if (!t->msg[0])
			tui_info(t, "Ward reloaded.");
		break;
	case ACT_QUIT: t->quit = true; break;
	default: move(b, action); break;
	}
}

static tui_scope board_scope(struct tui *t)
{
	return t->board->finding ? SCOPE_FIELD : SCOPE_BOARD;
}

const tui_view board_view = {
	.name = "board",
	.scope = SCOPE_BOARD,
	.scope_of = board_scope,
	.enter = board_reload,
	.draw = board_draw,
	.key = board_key,
};
