/* words.c - splitting a line of a text format into words */
#include <stddef.h>
#include <string.h>

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

vigil_status words_each_line(char *text, words_line_fn fn, void *ctx)
{
	char *s = strncmp(text, "\xEF\xBB\xBF", 3) == 0 ? text + 3 : text;
	for (int number = 1; s; number++) {
		char *nl = strchr(s, '\n');
		if (nl)
			*nl = '\0';
		size_t len = strlen(s);
		while (len && (words_blank(s[len - 1]) || s[len - 1] == '\r'))
			s[--len] = '\0';
		vigil_status st = fn(ctx, number, s);
		if (st != VIGIL_OK)
			return st;
		s = nl ? nl + 1 : NULL;
	}
	return VIGIL_OK;
}
