/* dialog.h - modal dialogs over a screen: a yes/no question, a small form
 * (admit, a reason), or a page of text to read (an assessment in full).
 * A failed action keeps the dialog open with the message and what was
 * typed. */
#ifndef VIGIL_TUI_DIALOG_H
#define VIGIL_TUI_DIALOG_H

#include <stdint.h>

#include "field.h"
#include "view.h"

#define DIALOG_FIELDS_MAX 8
#define DIALOG_PARAS_MAX 48

typedef enum dialog_kind {
	DIALOG_CONFIRM, /* y / n */
	DIALOG_FORM,    /* fields, Enter to submit */
	DIALOG_TEXT     /* paragraphs to read, Esc to close */
} dialog_kind;

struct dialog;
/* Called on yes / submit: return true to close the dialog. */
typedef bool (*dialog_yes_fn)(struct tui *t, struct dialog *d);
/* Called on no / cancel (may be NULL). */
typedef void (*dialog_no_fn)(struct tui *t, struct dialog *d);

struct dialog {
	bool open;
	unsigned gen; /* counts dialog_open calls */
	dialog_kind kind;
	tui_view_id owner; /* shown while this screen is on top */
	char title[128];
	size_t nparas;     /* the question or text, drawn escaped and wrapped */
	char *paras[DIALOG_PARAS_MAX];
	size_t scroll;
	tui_field fields[DIALOG_FIELDS_MAX];
	size_t nfields, focus;
	char error[600];
	dialog_yes_fn on_yes;
	dialog_no_fn on_no;
	/* Something is lost or changed for good on yes: only 'y' confirms, so
	 * an Enter meant for the screen below cannot. */
	bool only_y;
	/* A form whose first field is what it is for (a note): Enter submits
	 * from any field instead of moving to the next. */
	bool enter_submits;
	/* What the dialog is about. */
	int64_t id;
	vigil_patient patient;
};

int dialog_init(struct tui *t);
void dialog_free(struct tui *t);

/* Opens a dialog of kind over the current screen (closing any other). */
struct dialog *dialog_open(struct tui *t, dialog_kind kind, const char *title,
                           dialog_yes_fn on_yes, dialog_no_fn on_no);
/* Adds a paragraph (printf-style; arguments from the database are
 * escaped when drawn). "" is a blank line; paragraphs follow each other
 * without one. */
void dialog_para(struct dialog *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
tui_field *dialog_field(struct dialog *d, const char *label, size_t max_chars);
void dialog_close(struct tui *t);

/* Whether the open dialog belongs on the screen shown now. */
bool dialog_active(const struct tui *t);
tui_scope dialog_scope(const struct tui *t);
void dialog_draw(struct tui *t);
void dialog_key(struct tui *t, tui_action action, const tui_key *key);

#endif
