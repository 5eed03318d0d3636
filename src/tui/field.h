/* field.h - a one-line text field: typing, deleting, drawing. The cursor
 * stays at the end, which is all a short form needs. */
#ifndef VIGIL_TUI_FIELD_H
#define VIGIL_TUI_FIELD_H

#include <stdbool.h>
#include <stddef.h>

#include "view.h"
#include "vigil/text.h"

typedef struct tui_field {
	const char *label;
	size_t max_chars; /* the core's documented limit for this text */
	bool secret;      /* a password: shown as '*' */
	char text[VIGIL_TEXT_BYTES(VIGIL_NOTE_MAX)];
} tui_field;

typedef enum field_result {
	FIELD_IGNORED, /* not an editing action */
	FIELD_CHANGED,
	FIELD_FULL     /* refused: at max_chars already */
} field_result;

void field_init(tui_field *f, const char *label, size_t max_chars, bool secret);
void field_set(tui_field *f, const char *text);
/* Applies ACT_TEXT, ACT_DELETE and ACT_CLEAR. */
field_result field_edit(tui_field *f, tui_action action, const tui_key *key);
/* Draws "label: text" with the label in label_width columns; the cursor
 * goes to the end when focused. */
void field_draw(const tui_field *f, int y, int x, int label_width, int width, bool focus);
/* Wipes the text (passwords). */
void field_wipe(tui_field *f);

#endif
