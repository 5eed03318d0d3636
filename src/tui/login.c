/* login.c - the login screen, and the idle lock that returns to it.
 * vigil_login() counts wrong passwords and locks the account; this screen
 * only shows what it says. */
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "draw.h"
#include "field.h"
#include "view.h"

#define BOX_W 56
#define BOX_H 9

struct login_state {
	tui_field name, password;
	bool on_password;
};

int login_init(struct tui *t, const char *user)
{
	struct login_state *s = calloc(1, sizeof *s);
	if (!s)
		return -1;
	field_init(&s->name, "User", VIGIL_USER_NAME_MAX, false);
	field_init(&s->password, "Password", VIGIL_PASSWORD_MAX, true);
	if (user && *user) {
		field_set(&s->name, user);
		s->on_password = true;
	}
	t->login = s;
	return 0;
}

void login_free(struct tui *t)
{
	if (t->login)
		field_wipe(&t->login->password);
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

bool login_try(struct tui *t, const char *name, const char *password)
{
	vigil_session s;
	vigil_error err;
	if (vigil_login(t->db, name, password, &s, &err) != VIGIL_OK) {
		tui_error(t, "%s", err.msg);
		return false;
	}
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
	return true;
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

static void login_draw(struct tui *t)
{
	struct login_state *s = t->login;
	tui_draw_frame(t, t->locked ? "Locked" : "Login", SCOPE_LOGIN);
	int w = BOX_W, x0 = (draw_cols() - w) / 2, y0 = (draw_rows() - BOX_H) / 2 - 1;
	draw_box(y0, x0, BOX_H, w, ST_NORMAL);
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

static void login_key(struct tui *t, tui_action action, const tui_key *key)
{
	struct login_state *s = t->login;
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
