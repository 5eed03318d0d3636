/* login.c - the login screen, and the idle lock that returns to it.
 * vigil_login() counts wrong passwords and locks the account; this screen
 * only shows what it says. A user whose password an admin reset chooses a
 * new one here (typed twice) before the session is theirs: until then the
 * core lets it do nothing else. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "draw.h"
#include "field.h"
#include "view.h"
#include "vigil/demo.h"

#define BOX_W 56
#define BOX_H 9

struct login_state {
	tui_field name, password;
	bool on_password;
	/* A login whose password must be changed first: the session waits
	 * here, not in t->session, until vigil_user_passwd has succeeded. */
	bool changing;
	vigil_session pending;
	tui_field fresh, again;
	bool on_again;
	bool demo; /* a training database with the demo accounts */
};

int login_init(struct tui *t, const char *user)
{
	struct login_state *s = calloc(1, sizeof *s);
	if (!s)
		return -1;
	field_init(&s->name, "User", VIGIL_USER_NAME_MAX, false);
	field_init(&s->password, "Password", VIGIL_PASSWORD_MAX, true);
	field_init(&s->fresh, "New", VIGIL_PASSWORD_MAX, true);
	field_init(&s->again, "Again", VIGIL_PASSWORD_MAX, true);
	s->demo = vigil_demo_accounts_here(t->db);
	if (user && *user) {
		field_set(&s->name, user);
		s->on_password = true;
	}
	t->login = s;
	return 0;
}

void login_free(struct tui *t)
{
	if (t->login) {
		field_wipe(&t->login->password);
		field_wipe(&t->login->fresh);
		field_wipe(&t->login->again);
	}
	free(t->login);
	t->login = NULL;
}

/* The same user back after the lock: everything is as it was. */
static void welcome_back(struct tui *t)
{
	tui_info(t, "Welcome back, %s.", t->session.user.name);
	if (entry_in_progress(t))
		entry_offer_resume(t);
	else if (tui_top(t) == VIEW_BOARD)
		board_reload(t);
	else if (tui_top(t) == VIEW_PATIENT)
		patient_reload(t);
}

/* Someone else: nothing of the previous user's work is shown to them. */
static void fresh_start(struct tui *t, const char *previous)
{
	bool dropped = entry_in_progress(t);
	entry_discard(t);
	tui_reset_to_board(t);
	board_reload(t);
	if (dropped)
		tui_info(t, "Logged in as %s; %s's unsaved assessment was discarded.",
		         t->session.user.name, previous);
	else
		tui_info(t, "Logged in as %s (%s).", t->session.user.name,
		         vigil_role_name(t->session.user.role));
}

/* The session is the user's: the board (or their work) opens. */
static void logged_in(struct tui *t, const vigil_session *sp)
{
	vigil_session s = *sp;
	char previous[sizeof t->session.user.name];
	bool same = t->logged_in && strcmp(s.user.name, t->session.user.name) == 0;
	vigil_copy(previous, sizeof previous, t->session.user.name);
	t->session = s;
	t->logged_in = true;
	t->locked = false;
	field_wipe(&t->login->password);
	if (same)
		welcome_back(t);
	else
		fresh_start(t, previous);
}

/* Asks for a new password before the session is handed over. */
static void start_change(struct tui *t, const vigil_session *s)
{
	struct login_state *ls = t->login;
	ls->pending = *s;
	ls->changing = true;
	ls->on_again = false;
	field_wipe(&ls->password);
	field_wipe(&ls->fresh);
	field_wipe(&ls->again);
	tui_info(t, "An admin reset %s's password: choose a new one to go on.", s->user.name);
}

/* Back to the login: the pending session is forgotten. */
static void cancel_change(struct tui *t)
{
	struct login_state *ls = t->login;
	field_wipe(&ls->fresh);
	field_wipe(&ls->again);
	memset(&ls->pending, 0, sizeof ls->pending);
	ls->changing = false;
	tui_info(t, "The password was not changed; log in again to go on.");
}

bool login_try(struct tui *t, const char *name, const char *password)
{
	vigil_session s;
	vigil_error err;
	if (vigil_login(t->db, name, password, &s, &err) != VIGIL_OK) {
		tui_error(t, "%s", err.msg);
		return false;
	}
	if (s.user.must_change)
		start_change(t, &s);
	else
		logged_in(t, &s);
	return true;
}

/* Enter on the new-password form: both typed alike, then the core's
 * rules (length, not the one the admin set) decide. */
static void submit_change(struct tui *t)
{
	struct login_state *ls = t->login;
	vigil_error err;
	if (!ls->on_again) {
		ls->on_again = ls->fresh.text[0] != '\0';
		return;
	}
	if (strcmp(ls->fresh.text, ls->again.text) != 0) {
		tui_error(t, "the two passwords differ; type the new one again");
	} else if (vigil_user_passwd(&ls->pending, ls->fresh.text, &err) != VIGIL_OK) {
		tui_error(t, "%s", err.msg);
	} else {
		vigil_session s = ls->pending;
		ls->changing = false;
		field_wipe(&ls->fresh);
		field_wipe(&ls->again);
		logged_in(t, &s);
		tui_info(t, "Password changed. Logged in as %s (%s).", s.user.name,
		         vigil_role_name(s.user.role));
		return;
	}
	field_wipe(&ls->fresh);
	field_wipe(&ls->again);
	ls->on_again = false;
}

void login_auto(struct tui *t)
{
	const char *password = getenv("VIGIL_PASSWORD");
	if (t->login->name.text[0] && password && *password)
		login_try(t, t->login->name.text, password);
}

void login_lock(struct tui *t, bool idle)
{
	struct login_state *s = t->login;
	dialog_close(t);
	t->locked = true;
	field_set(&s->name, t->session.user.name);
	field_wipe(&s->password);
	s->on_password = true;
	const char *kept = entry_in_progress(t) ? " Your assessment in progress is kept." : "";
	if (idle)
		tui_info(t, "Locked after %ld s idle. Log in to go on.%s",
		         t->idle_seconds, kept);
	else
		tui_info(t, "Locked. Log in to go on.%s", kept);
}

/* ---- screen --------------------------------------------------------- */

/* The demo accounts under the box, on a training database only. */
static void draw_demo_accounts(int y, int width)
{
	char line[160] = "";
	size_t used = 0;
	for (size_t i = 0; i < vigil_demo_account_count && used < sizeof line; i++)
		used += (size_t)snprintf(line + used, sizeof line - used, "%s%s / %s",
		                         i ? "   " : "", vigil_demo_accounts[i].name,
		                         vigil_demo_accounts[i].password);
	const char *lines[] = { "Demo accounts (user / password):", line };
	for (int i = 0; i < 2; i++) {
		int w = draw_width(lines[i]);
		int x = w < width ? (width - w) / 2 : 0;
		draw_text(y + i, x, width - x, STYLE_DIM, lines[i]);
	}
}

static void draw_change(struct tui *t, int y0, int x0, int w)
{
	struct login_state *s = t->login;
	draw_text(y0, x0 + 2, w - 4, ST_BOLD, " New password ");
	draw_data(y0 + 2, x0 + 3, w - 6, ST_NORMAL, s->pending.user.name);
	field_draw(&s->fresh, y0 + 4, x0 + 3, 11, w - 6, !s->on_again);
	field_draw(&s->again, y0 + 5, x0 + 3, 11, w - 6, s->on_again);
	draw_text(y0 + 7, x0 + 3, w - 6, STYLE_DIM, "Enter: next field, then save.  Esc: back.");
}

static void login_draw(struct tui *t)
{
	struct login_state *s = t->login;
	tui_draw_frame(t, t->locked ? "Locked" : "Login", SCOPE_LOGIN);
	int w = BOX_W, x0 = (draw_cols() - w) / 2, y0 = (draw_rows() - BOX_H) / 2 - 1;
	draw_box(y0, x0, BOX_H, w, ST_NORMAL);
	if (s->demo && !t->locked)
		draw_demo_accounts(y0 + BOX_H + 1, draw_cols());
	if (s->changing) {
		draw_change(t, y0, x0, w);
		return;
	}
	draw_text(y0, x0 + 2, w - 4, ST_BOLD, t->locked ? " Screen locked " : " Log in ");
	draw_data(y0 + 2, x0 + 3, w - 6, ST_NORMAL, t->ward);
	field_draw(&s->name, y0 + 4, x0 + 3, 11, w - 6, !s->on_password);
	field_draw(&s->password, y0 + 5, x0 + 3, 11, w - 6, s->on_password);
	draw_text(y0 + 7, x0 + 3, w - 6, STYLE_DIM,
	          "Enter: next field, then log in.  Esc: quit.");
}

static void submit(struct tui *t)
{
	struct login_state *s = t->login;
	if (!s->on_password || !s->name.text[0]) {
		s->on_password = s->name.text[0] != '\0';
		return;
	}
	if (!s->password.text[0]) {
		tui_error(t, "type the password, then Enter");
		return;
	}
	if (!login_try(t, s->name.text, s->password.text))
		field_wipe(&s->password);
}

static void change_key(struct tui *t, tui_action action, const tui_key *key)
{
	struct login_state *s = t->login;
	switch (action) {
	case ACT_SUBMIT: submit_change(t); return;
	case ACT_NEXT_FIELD:
	case ACT_PREV_FIELD: s->on_again = !s->on_again; return;
	case ACT_QUIT: cancel_change(t); return;
	default: break;
	}
	tui_field *f = s->on_again ? &s->again : &s->fresh;
	if (field_edit(f, action, key) == FIELD_FULL)
		tui_error(t, "%s: at most %zu characters", f->label, f->max_chars);
}

static void login_key(struct tui *t, tui_action action, const tui_key *key)
{
	struct login_state *s = t->login;
	if (s->changing) {
		change_key(t, action, key);
		return;
	}
	switch (action) {
	case ACT_SUBMIT: submit(t); return;
	case ACT_NEXT_FIELD:
	case ACT_PREV_FIELD: s->on_password = !s->on_password; return;
	case ACT_QUIT: t->quit = true; return;
	default: break;
	}
	tui_field *f = s->on_password ? &s->password : &s->name;
	if (field_edit(f, action, key) == FIELD_FULL)
		tui_error(t, "%s: at most %zu characters", f->label, f->max_chars);
}

const tui_view login_view = {
	.name = "login",
	.scope = SCOPE_LOGIN,
	.draw = login_draw,
	.key = login_key,
};
