/* words.h - the line tokenizer shared by the text formats vigil reads
 * (scale files, the config file); core-private. */
#ifndef VIGIL_WORDS_H
#define VIGIL_WORDS_H

#include <stdbool.h>

/* A space or a tab: what separates words on a line. */
bool words_blank(char c);

/* The next blank-separated word of *s, NUL-terminated in place, with *s
 * moved past it; NULL (and *s at the end) when only blanks are left. */
char *words_next(char **s);

#endif
