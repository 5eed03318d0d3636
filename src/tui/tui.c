/* tui.c - the terminal interface: start-up, the main loop, the screen
 * stack, the idle lock, the header, status and hint lines. */
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "dialog.h"
#include "draw.h"
#include "keys.h"
#include "tty.h"
#include "tui.h"
#include "vigil/scale_defs.h"
#include "view.h"
#include "vigil/config.h"
#include "vigil/settings.h"

#define TICK_MS 1000       /* the clock and idle check run at least this often */
#define BOARD_REFRESH 60.0 /* seconds between reloads of a board left open */

/* The screens that can be on the stack; the login is drawn over all of
 * them while nobody is logged in or the screen is locked. */
static const tui_view *const views[VIEW_COUNT] = {
	[VIEW_BOARD] = &board_view,       [VIEW_ENTRY] = &entry_view,
	[VIEW_PATIENT] = &patient_view,   [VIEW_HANDOVER] = &handover_view,
	[VIEW_EXPORT] = &export_view,     [VIEW_HELP] = &help_view,
	[VIEW_DOSE] = &dose_view,         [VIEW_VITALS] = &vitals_view,
};

/* ---- the screen stack ----------------------------------------------- */

tui_view_id tui_top(const struct tui *t)
{
	return t->depth ? t->stack[t->depth - 1] : VIEW_BOARD;
}

void tui_push(struct tui *t, tui_view_id id)
{
	if (t->depth < TUI_STACK_MAX)
		t->stack[t->depth++] = id;
	if (views[id]->enter)
		views[id]->enter(t);
}

void tui_raise(struct tui *t, tui_view_id id)
{
	for (size_t i = 1; i < t->depth; i++) {
		if (t->stack[i] == id) {
			t->depth = i + 1;
			if (views[id]->enter)
				views[id]->enter(t);
			return;
		}
	}
	tui_push(t, id);
}

void tui_pop(struct tui *t)
{
	if (t->depth > 1)
		t->depth--;
}

void tui_reset_to_board(struct tui *t)
{
	dialog_close(t);
	t->depth = 1;
	t->stack[0] = VIEW_BOARD;
}

/* ---- messages ------------------------------------------------------- */

static void set_msg(struct tui *t, tui_msg_kind kind, const char *fmt, va_list ap)
{
	vsnprintf(t->msg, sizeof t->msg, fmt, ap);
	t->msg_kind = kind;
}

void tui_info(struct tui *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_msg(t, MSG_INFO, fmt, ap);
	va_end(ap);
}

void tui_error(struct tui *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_msg(t, MSG_ERROR, fmt, ap);
	va_end(ap);
}

void tui_clear_msg(struct tui *t)
{
	t->msg[0] = '\0';
}

const char *tui_scale_name(const struct tui *t, const char *key)
{
	const vigil_scale *s = vigil_scales_find(t->scales, key);
	return s ? s->name : key;
}

void tui_shift_span(const vigil_shift *sh, char *buf, size_t size)
{
	char from[VIGIL_TIME_LOCAL_LEN], to[VIGIL_TIME_LOCAL_LEN], length[32];
	vigil_time_format_local(sh->start, from, sizeof from);
	vigil_time_format_local(sh->end, to, sizeof to);
	vigil_duration_format(sh->end - sh->start, length, sizeof length);
	bool next_day = strncmp(to, sh->date, 10) != 0;
	snprintf(buf, size, "%s shift of %s: %s to %s (%s)", sh->name, sh->date, from + 11,
	         next_day ? to : to + 11, length);
}

/* ---- the frame: header, status line, hints -------------------------- */

int tui_body_top(void)
{
	return 1;
}

/* Rows the status line takes this frame: a message too long for one row
 * takes two, and the screens lay out above it rather than under it. */
static int status_rows = 1;

int tui_body_rows(void)
{
	return draw_rows() - 2 - status_rows;
}

static int msg_rows(const struct tui *t)
{
	int x = t->msg_kind == MSG_ERROR ? 2 : 0;
	return t->msg[0] && draw_width(t->msg) + x > draw_cols() ? 2 : 1;
}

static void draw_header(struct tui *t, const char *title)
{
	int cols = draw_cols();
	char left[200], right[160], clock[VIGIL_TIME_LOCAL_LEN];
	draw_fill(0, 0, cols, STYLE_HEADER);
	snprintf(left, sizeof left, " vigil | %s | %s", t->ward, title);
	vigil_time_format_local(t->now, clock, sizeof clock);
	if (t->logged_in && !t->locked)
		snprintf(right, sizeof right, "%s (%s) | %s ", t->session.user.name,
		         vigil_role_name(t->session.user.role), clock);
	else
		snprintf(right, sizeof right, "%s ", clock);
	int rw = draw_width(right), tw = draw_width(title);
	/* The title (e.g. how many are overdue) matters most: the date, then
	 * the role, then the ward's name give way first. */
	if (t->logged_in && !t->locked && draw_width(left) + rw + 1 > cols) {
		snprintf(right, sizeof right, "%s (%s) | %s ", t->session.user.name,
		         vigil_role_name(t->session.user.role), clock + 11);
		rw = draw_width(right);
		if (draw_width(left) + rw + 1 > cols) {
			snprintf(right, sizeof right, "%s | %s ", t->session.user.name, clock + 11);
			rw = draw_width(right);
		}
	}
	int x = draw_text(0, 0, cols, STYLE_HEADER, " vigil | ");
	int ward_room = cols - rw - 1 - x - 3 - tw;
	x += draw_data(0, x, ward_room > 4 ? ward_room : 4, STYLE_HEADER, t->ward);
	x += draw_text(0, x, 3, STYLE_HEADER, " | ");
	draw_data(0, x, cols - rw - 1 - x, STYLE_HEADER, title);
	draw_data(0, cols - rw, rw, STYLE_HEADER, right);
}

struct hints {
	int y, x, cols;
};

static void draw_hint(const char *key, const char *hint, void *ctx)
{
	struct hints *h = ctx;
	int need = draw_width(key) + 1 + draw_width(hint) + 2;
	if (h->x + need > h->cols)
		return;
	h->x += draw_text(h->y, h->x, h->cols - h->x, STYLE_KEY, key) + 1;
	h->x += draw_text(h->y, h->x, h->cols - h->x, ST_NORMAL, hint) + 2;
}

/* The status line; a message too long for it takes the row above too. */
static void draw_msg(struct tui *t, int rows, int cols)
{
	bool err = t->msg_kind == MSG_ERROR;
	int style = err ? STYLE_ERROR : STYLE_INFO, x = err ? 2 : 0;
	int lines = msg_rows(t), y = rows - 1 - lines;
	for (int i = 0; i < lines; i++)
		draw_fill(y + i, 0, cols, ST_NORMAL);
	if (err)
		draw_text(y, 0, 2, style, "! ");
	draw_wrap(y, x, cols - x, lines, style, t->msg);
}

void tui_draw_frame(struct tui *t, const char *title, tui_scope scope)
{
	int rows = draw_rows(), cols = draw_cols();
	if (dialog_active(t))
		scope = dialog_scope(t);
	draw_header(t, title);
	if (t->msg[0])
		draw_msg(t, rows, cols);
	struct hints h = { rows - 1, 1, cols };
	keys_each_hint(scope, draw_hint, &h);
	if (scope == SCOPE_REVIEW || scope == SCOPE_FIELD || scope == SCOPE_EXPORT ||
	    scope == SCOPE_PICK || scope == SCOPE_FORM)
		draw_hint("F1", "help", &h);
}

/* ---- drawing a whole frame ------------------------------------------ */

static bool too_small(void)
{
	return draw_cols() < TUI_MIN_COLS || draw_rows() < TUI_MIN_ROWS;
}

static void draw_too_small(void)
{
	char need[64], now[64];
	int rows = draw_rows(), cols = draw_cols();
	snprintf(need, sizeof need, "Please enlarge the terminal to at least %dx%d.", TUI_MIN_COLS,
	         TUI_MIN_ROWS);
	snprintf(now, sizeof now, "It is %dx%d now.", cols, rows);
	const char *lines[] = { need, now, "", "Nothing is lost: the screen comes back",
		                "when the terminal is large enough." };
	int y = rows / 2 - 2;
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++, y++) {
		int w = draw_width(lines[i]);
		int x = w < cols ? (cols - w) / 2 : 0;
		draw_text(y, x, cols - x, i == 0 ? ST_BOLD | ST_REVERSE : ST_NORMAL, lines[i]);
	}
}

void tui_draw(struct tui *t)
{
	draw_begin();
	status_rows = msg_rows(t);
	if (too_small()) {
		draw_too_small();
	} else if (!t->logged_in || t->locked) {
		login_view.draw(t);
	} else {
		views[tui_top(t)]->draw(t);
		if (dialog_active(t))
			dialog_draw(t);
	}
	draw_end();
}

/* ---- keys ----------------------------------------------------------- */

static tui_scope current_scope(struct tui *t)
{
	if (!t->logged_in || t->locked)
		return SCOPE_LOGIN;
	if (dialog_active(t))
		return dialog_scope(t);
	const tui_view *v = views[tui_top(t)];
	return v->scope_of ? v->scope_of(t) : v->scope;
}

static void dispatch(struct tui *t, const tui_key *key)
{
	tui_scope scope = current_scope(t);
	tui_action action = keys_action(scope, key);
	tui_clear_msg(t);
	switch (action) {
	case ACT_REDRAW: draw_touch(); return;
	case ACT_LOCK:
		if (t->logged_in && !t->locked)
			login_lock(t, false);
		return;
	case ACT_HELP:
		if (t->logged_in && !t->locked && tui_top(t) != VIEW_HELP)
			help_open(t, scope);
		return;
	default: break;
	}
	if (scope == SCOPE_LOGIN)
		login_view.key(t, action, key);
	else if (dialog_active(t))
		dialog_key(t, action, key);
	else
		views[tui_top(t)]->key(t, action, key);
}

/* ---- set-up and the loop -------------------------------------------- */

/* The ward's idle lock, an admin's setting in the database (on a training
 * database VIGIL_IDLE_SECONDS may stand in): read once the file is open. */
static int parse_idle(struct tui *t)
{
	vigil_error err;
	if (vigil_idle_lock_seconds(t->db, &t->idle_seconds, &err) != VIGIL_OK) {
		fprintf(stderr, "vigil: %s\n", err.msg);
		return -1;
	}
	return 0;
}

/* The ward's name from the configuration, else the database file's. */
static void ward_name(struct tui *t)
{
	if (t->cfg.ward[0]) {
		vigil_copy(t->ward, sizeof t->ward, t->cfg.ward);
		return;
	}
	const char *base = strrchr(t->db_path, '/');
	vigil_copy(t->ward, sizeof t->ward, base ? base + 1 : t->db_path);
	char *dot = strrchr(t->ward, '.');
	if (dot && dot != t->ward)
		*dot = '\0';
}

static int open_all(struct tui *t, const char *user)
{
	vigil_error err;
	if (vigil_db_open(t->db_path, &t->db, &err) != VIGIL_OK ||
	    vigil_scales_load(&t->scales, &err) != VIGIL_OK ||
	    vigil_scales_apply_db(t->scales, t->db, &err) != VIGIL_OK) {
		fprintf(stderr, "vigil: %s\n", err.msg);
		return -1;
	}
	if (parse_idle(t) != 0)
		return -1;
	ward_name(t);
	if (vigil_db_witness(t->db, t->cfg.witness_syslog, t->cfg.witness_file, &err) != VIGIL_OK) {
		fprintf(stderr, "vigil: %s\n", err.msg);
		return -1;
	}
	t->training = vigil_db_training(t->db);
	if (dialog_init(t) || login_init(t, user) || board_init(t) || entry_init(t) ||
	    patient_init(t) || handover_init(t) || export_init(t) || help_init(t) || dose_init(t) ||
	    vitals_init(t)) {
		fprintf(stderr, "vigil: out of memory\n");
		return -1;
	}
	t->depth = 1;
	t->stack[0] = VIEW_BOARD;
	return 0;
}

/* The protocols in force, read again so that one an admin installs from
 * another terminal governs this one too. */
int tui_reload_protocols(struct tui *t)
{
	vigil_protocols *p;
	vigil_error err;
	if (!t->logged_in)
		return -1;
	if (vigil_protocols_load(&t->session, t->scales, &p, &err) != VIGIL_OK) {
		tui_error(t, "%s", err.msg);
		return -1;
	}
	vigil_protocols_free(t->protocols);
	t->protocols = p;
	return 0;
}

static void close_all(struct tui *t)
{
	vitals_free(t);
	dose_free(t);
	help_free(t);
	export_free(t);
	handover_free(t);
	patient_free(t);
	entry_free(t);
	board_free(t);
	login_free(t);
	dialog_free(t);
	vigil_protocols_free(t->protocols);
	vigil_scales_free(t->scales);
	vigil_db_close(t->db);
}

static void tick(struct tui *t, double *last_key, double *last_reload)
{
	vigil_error err;
	if (vigil_clock_now(&t->now, &err) != VIGIL_OK)
		tui_error(t, "%s", err.msg);
	double mono = tty_monotonic();
	if (t->logged_in && !t->locked && t->idle_seconds > 0 &&
	    mono - *last_key >= (double)t->idle_seconds)
		login_lock(t, true);
	if (t->logged_in && !t->locked && tui_top(t) == VIEW_BOARD && !dialog_active(t) &&
	    mono - *last_reload >= BOARD_REFRESH) {
		board_reload(t);
		*last_reload = mono;
	}
}

/* Ctrl-C in the middle of an assessment asks, as Esc does, instead of
 * throwing the scores away; anywhere else it quits. */
static bool interrupt_as_cancel(struct tui *t)
{
	if (tty_stop_signal() != SIGINT || !entry_in_progress(t) || tui_top(t) != VIEW_ENTRY ||
	    t->locked)
		return false;
	tty_clear_stop();
	tui_key esc = { .code = 27 };
	dispatch(t, &esc);
	return true;
}

static void run_loop(struct tui *t)
{
	double last_key = tty_monotonic(), last_reload = last_key;
	while (!t->quit && (!tty_stop_signal() || interrupt_as_cancel(t))) {
		tick(t, &last_key, &last_reload);
		tui_draw(t);
		tui_key key;
		if (!tty_read_key(TICK_MS, &key))
			continue;
		last_key = tty_monotonic();
		if (tty_is_resize(&key) || too_small())
			continue; /* the next frame is laid out for the new size */
		dispatch(t, &key);
		if (tui_top(t) == VIEW_BOARD)
			last_reload = last_key;
	}
}

int vigil_tui_run(const char *db_path, const char *user_name, const vigil_config *config)
{
	if (getenv("VIGIL_TUI_KEYS")) {
		keys_print(stdout);
		return 0;
	}
	struct tui t;
	memset(&t, 0, sizeof t);
	t.db_path = db_path;
	t.cfg = *config;
	t.exit_status = 0;
	char msg[256];
	int status = 1;
	const char *bench = getenv("VIGIL_TUI_BENCH");
	if (open_all(&t, user_name) == 0) {
		vigil_error err;
		if (vigil_clock_now(&t.now, &err) != VIGIL_OK) {
			fprintf(stderr, "vigil: %s\n", err.msg);
		} else if (bench) {
			status = tui_bench(&t, bench);
		} else if (tty_start(msg, sizeof msg) != 0) {
			fprintf(stderr, "vigil: %s\n", msg);
		} else {
			login_auto(&t);
			run_loop(&t);
			tty_stop();
			int sig = tty_stop_signal();
			status = sig ? 128 + sig : t.exit_status;
		}
	}
	close_all(&t);
	return status;
}
