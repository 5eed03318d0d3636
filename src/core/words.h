/* words.h - the line tokenizer shared by the text formats vigil reads
 * (scale files, the config file); core-private. */
#ifndef VIGIL_WORDS_H
#define VIGIL_WORDS_H

#include <stdbool.h>
#include "vigil/error.h"

/* A space or a tab: what separates words on a line. */
bool words_blank(char c);

/* The next blank-separated word of *s, NUL-terminated in place, with *s
 * moved past it; NULL (and *s at the end) when only blanks are left. */
char *words_next(char **s);

/* Calls fn with each line of text, split in place and numbered from 1: a
 * leading byte order mark (some editors write one) skipped, trailing
 * blanks and CR removed. Stops at the first failure and returns it. */
typedef vigil_status (*words_line_fn)(void *ctx, int number, char *line);
vigil_status words_each_line(char *text, words_line_fn fn, void *ctx);

#endif
