/* words.c - splitting a line of a text format into words */
#include <stddef.h>

#include "words.h"

bool words_blank(char c)
{
	return c == ' ' || c == '\t';
}

char *words_next(char **s)
{
	char *t = *s;
	while (words_blank(*t))
		t++;
	if (!*t) {
		*s = t;
		return NULL;
	}
	char *end = t;
	while (*end && !words_blank(*end))
		end++;
	if (*end)
		*end++ = '\0';
	*s = end;
	return t;
}
