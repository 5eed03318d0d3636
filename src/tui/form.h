/* form.h - the fields of a full-screen chart form (the dose and vital-signs
 * forms): text fields and choices cycled with Left and Right, one per row,
 * each with a hint beside it. Enter belongs to the form's screen, which
 * records from any field. */
#ifndef VIGIL_TUI_FORM_H
#define VIGIL_TUI_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "field.h"
#include "view.h"

#define FORM_ITEMS_MAX 8
#define FORM_OPTIONS_MAX 8
#define FORM_OPTION_BYTES 24
#define FORM_HINT_BYTES 600

typedef struct form_item {
	tui_field field;       /* a text field; a choice shows its option here */
	size_t noptions;       /* > 0: a choice */
	char options[FORM_OPTIONS_MAX][FORM_OPTION_BYTES];
	size_t option;
	bool offered;          /* text put there for the user: the first key typed replaces it */
	bool space_moves;      /* a space moves to the next field (a value never holds one) */
	char hint[FORM_HINT_BYTES]; /* beside the field */
	int hint_style;
} form_item;

typedef struct form {
	form_item items[FORM_ITEMS_MAX];
	size_t n, focus;
} form;

void form_clear(form *f);
/* Adds a text field (max_chars the core's limit for it). */
form_item *form_text(form *f, const char *label, size_t max_chars);
/* Adds a choice; its options are added with form_option. */
form_item *form_choice(form *f, const char *label);
void form_option(form_item *it, const char *option);
/* The option chosen, or the text typed. */
const char *form_value(const form_item *it);
/* Text offered (a usual dose): shown, and replaced by the first key. */
void form_offer(form_item *it, const char *text);

typedef enum form_result {
	FORM_IGNORED,  /* not a form key */
	FORM_MOVED,    /* the focus moved */
	FORM_CHANGED,  /* a value changed */
	FORM_REFUSED   /* the key did nothing; msg says why */
} form_result;

/* Next and previous field, Left and Right on a choice (or a letter: the
 * next option starting with it), typing, Backspace and ^U on text. */
form_result form_key(form *f, tui_action action, const tui_key *key, char *msg, size_t size);

/* One row per item from y: label, the field, its hint. */
void form_draw(const form *f, int y, int x, int label_width, int field_width, int width);

#endif
