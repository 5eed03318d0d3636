/* text.c - checking what people type, and showing stored text safely */
#include <stdio.h>
#include <string.h>

#include "vigil/text.h"

/* Length in bytes of the UTF-8 sequence at s (1..4), or 0 when invalid.
 * Rejects overlong forms, surrogates and code points above U+10FFFF. */
static size_t utf8_sequence(const unsigned char *s, unsigned *cp)
{
	unsigned c = s[0];
	size_t len;
	unsigned min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xE0) == 0xC0) {
		len = 2, min = 0x80, *cp = c & 0x1F;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3, min = 0x800, *cp = c & 0x0F;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4, min = 0x10000, *cp = c & 0x07;
	} else {
		return 0;
	}
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3F);
	}
	if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF))
		return 0;
	return len;
}

static bool is_control(unsigned cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0);
}

/* Invisible characters that change how the text around them is shown:
 * bidirectional overrides and marks, line and paragraph separators. A name
 * must read on screen as it is stored. */
static bool is_format(unsigned cp)
{
	return cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF;
}

size_t vigil_utf8_length(const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t count = 0;
	while (*s) {
		unsigned cp;
		size_t len = utf8_sequence(s, &cp);
		if (!len)
			return (size_t)-1;
		s += len;
		count++;
	}
	return count;
}

vigil_status vigil_text_check(const char *field, const char *text, size_t max_chars,
                              bool required, vigil_error *err)
{
	if (!text || !*text) {
		if (required)
			return vigil_fail(err, VIGIL_EINVAL, "%s: must not be empty", field);
		return VIGIL_OK;
	}
	const unsigned char *s = (const unsigned char *)text;
	size_t count = 0;
	bool visible = false;
	while (*s) {
		unsigned cp;
		size_t len = utf8_sequence(s, &cp);
		if (!len)
			return vigil_fail(err, VIGIL_EINVAL, "%s: not valid UTF-8 text", field);
		if (is_control(cp))
			return vigil_fail(err, VIGIL_EINVAL,
			                  "%s: control character U+%04X is not allowed", field, cp);
		if (is_format(cp))
			return vigil_fail(err, VIGIL_EINVAL,
			                  "%s: invisible formatting character U+%04X is not allowed",
			                  field, cp);
		if (cp != ' ')
			visible = true;
		s += len;
		count++;
	}
	if (count > max_chars)
		return vigil_fail(err, VIGIL_EINVAL, "%s: %zu characters is over the limit of %zu",
		                  field, count, max_chars);
	if (required && !visible)
		return vigil_fail(err, VIGIL_EINVAL, "%s: must not be blank", field);
	return VIGIL_OK;
}

vigil_status vigil_ident_check(const char *field, const char *text, size_t max_chars,
                               const char *extra, vigil_error *err)
{
	if (!text || !*text)
		return vigil_fail(err, VIGIL_EINVAL, "%s: must not be empty", field);
	size_t len = strlen(text);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		          (c >= '0' && c <= '9') || (c && extra && strchr(extra, c));
		if (!ok) {
			char shown[16];
			if (c < 0x20 || c >= 0x7F)
				snprintf(shown, sizeof shown, "\\x%02x", c);
			else
				snprintf(shown, sizeof shown, "%c", c);
			return vigil_fail(err, VIGIL_EINVAL,
			                  "%s: '%s' is not allowed (use letters, digits%s%s)", field,
			                  shown, extra && *extra ? " and " : "", extra ? extra : "");
		}
	}
	if (len > max_chars)
		return vigil_fail(err, VIGIL_EINVAL, "%s: %zu characters is over the limit of %zu",
		                  field, len, max_chars);
	return VIGIL_OK;
}

/* Appends a whole piece to out, or nothing once the buffer is full (so a
 * multi-byte character is never cut in half); counts the full need. */
struct sink {
	char *out;
	size_t size, need, written;
	bool full;
};

static void put(struct sink *k, const char *src, size_t n)
{
	if (!k->full && k->size && k->written + n < k->size) {
		memcpy(k->out + k->written, src, n);
		k->written += n;
	} else {
		k->full = true;
	}
	k->need += n;
}

size_t vigil_text_escape(const char *text, char *out, size_t size)
{
	const unsigned char *s = (const unsigned char *)(text ? text : "");
	struct sink k = { out, size, 0, 0, false };
	while (*s) {
		unsigned cp;
		size_t len = utf8_sequence(s, &cp);
		char esc[12];
		if (!len) {
			snprintf(esc, sizeof esc, "\\x%02x", *s);
			put(&k, esc, 4);
			s++;
			continue;
		}
		if (cp == '\n' || cp == '\t' || cp == '\r' || cp == '\\') {
			esc[0] = '\\';
			esc[1] = cp == '\n' ? 'n' : cp == '\t' ? 't' : cp == '\r' ? 'r' : '\\';
			put(&k, esc, 2);
		} else if (is_control(cp)) {
			int n = snprintf(esc, sizeof esc, cp < 0x100 ? "\\x%02x" : "\\u%04x", cp);
			put(&k, esc, (size_t)n);
		} else {
			put(&k, (const char *)s, len);
		}
		s += len;
	}
	if (size)
		out[k.written] = '\0';
	return k.need;
}

bool vigil_copy(char *dst, size_t size, const char *src)
{
	if (!size)
		return false;
	size_t len = strlen(src ? src : "");
	if (len >= size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return false;
	}
	memcpy(dst, src ? src : "", len + 1);
	return true;
}
