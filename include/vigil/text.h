/* text.h - limits and checks for text people type, and safe display */
#ifndef VIGIL_TEXT_H
#define VIGIL_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include "vigil/error.h"

/* Documented limits, in characters (UTF-8 code points). Buffers that hold
 * such text are sized VIGIL_TEXT_BYTES(limit). */
#define VIGIL_USER_NAME_MAX 32
#define VIGIL_FULL_NAME_MAX 100
#define VIGIL_MRN_MAX 20
#define VIGIL_BED_MAX 12
#define VIGIL_REASON_MAX 200
#define VIGIL_NOTE_MAX 1000
#define VIGIL_PASSWORD_MIN 8
#define VIGIL_PASSWORD_MAX 256
#define VIGIL_TEXT_BYTES(chars) ((chars) * 4 + 1)

/* Checks free text: valid UTF-8, no control characters, no invisible
 * formatting characters (bidi controls, zero-width spaces and joiners, tag
 * characters, anywhere), at most max_chars characters, and when required
 * not empty or blank (only spaces of any kind, fillers and combining marks
 * with no base). The message names the field and the code point:
 * "name: 140 characters is over the limit of 100",
 * "name: invisible formatting character U+202E is not allowed". */
vigil_status vigil_text_check(const char *field, const char *text, size_t max_chars,
                              bool required, vigil_error *err);

/* Checks an identifier (MRN, user name, scale key): ASCII letters, digits
 * and the characters in `extra`, 1..max_chars long. */
vigil_status vigil_ident_check(const char *field, const char *text, size_t max_chars,
                               const char *extra, vigil_error *err);

/* Number of UTF-8 code points, or (size_t)-1 when the bytes are not UTF-8. */
size_t vigil_utf8_length(const char *text);

/* Copies text into out with control characters, DEL, invisible formatting
 * characters and invalid UTF-8 shown escaped (\n, \t, \x1b, \u202e), so
 * stored text can never drive a terminal or reorder what is shown.
 * Always NUL-terminates; returns the length the full result would need. */
size_t vigil_text_escape(const char *text, char *out, size_t size);

/* The same for a message that quotes text (already escaped by the core
 * where it quotes it): backslashes are kept as they are. */
size_t vigil_message_escape(const char *text, char *out, size_t size);

/* snprintf-style bounded copy; returns true when nothing was cut. */
bool vigil_copy(char *dst, size_t size, const char *src);

#endif
