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

struct range {
	unsigned lo, hi;
};

static bool in_ranges(unsigned cp, const struct range *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (cp >= r[i].lo && cp <= r[i].hi)
			return true;
	return false;
}

#define IN(cp, table) in_ranges((cp), (table), sizeof(table) / sizeof(table)[0])

/* Invisible characters that change how the text around them is shown or
 * hide what it says: bidirectional overrides, isolates and marks, zero-width
 * spaces and joiners, invisible operators, line and paragraph separators,
 * byte order marks and tag characters. A name must read on screen as it is
 * stored, and two names that look the same must be the same. */
static const struct range format_chars[] = {
	{ 0x061C, 0x061C },   /* Arabic letter mark */
	{ 0x180E, 0x180E },   /* Mongolian vowel separator */
	{ 0x200B, 0x200F },   /* zero-width space, non-joiner, joiner; LRM, RLM */
	{ 0x2028, 0x202E },   /* line and paragraph separators; embeddings, overrides */
	{ 0x2060, 0x206F },   /* word joiner, invisible operators, isolates, and the
	                       * deprecated shaping controls */
	{ 0xFEFF, 0xFEFF },   /* zero-width no-break space (byte order mark) */
	{ 0xE0000, 0xE007F }, /* tag characters */
};

/* Characters that show as empty space: a name made only of these (and of
 * marks with nothing to sit on) is blank, however it was typed. */
static const struct range blank_chars[] = {
	{ 0x0020, 0x0020 }, { 0x00A0, 0x00A0 }, /* space, no-break space */
	{ 0x115F, 0x1160 },                     /* Hangul choseong and jungseong fillers */
	{ 0x1680, 0x1680 },                     /* Ogham space mark */
	{ 0x2000, 0x200A },                     /* en quad .. hair space */
	{ 0x202F, 0x202F }, { 0x205F, 0x205F }, /* narrow no-break, medium math space */
	{ 0x2800, 0x2800 },                     /* Braille pattern blank */
	{ 0x3000, 0x3000 },                     /* ideographic space */
	{ 0x3164, 0x3164 }, { 0xFFA0, 0xFFA0 }, /* Hangul filler, halfwidth filler */
};

/* Combining marks and variation selectors: they decorate the character
 * before them and show nothing on their own. The blocks used to stack
 * marks on nothing, not every script's vowel signs. */
static const struct range mark_chars[] = {
	{ 0x0300, 0x036F }, /* combining diacritical marks */
	{ 0x0483, 0x0489 }, /* Cyrillic */
	{ 0x0591, 0x05BD }, { 0x05BF, 0x05BF }, { 0x05C1, 0x05C2 },
	{ 0x05C4, 0x05C5 }, { 0x05C7, 0x05C7 }, /* Hebrew points */
	{ 0x0610, 0x061A }, { 0x064B, 0x065F }, { 0x0670, 0x0670 },
	{ 0x06D6, 0x06DC }, { 0x06DF, 0x06E4 }, { 0x06E7, 0x06E8 },
	{ 0x06EA, 0x06ED },                     /* Arabic marks */
	{ 0x1AB0, 0x1AFF }, { 0x1DC0, 0x1DFF }, /* extended and supplement */
	{ 0x20D0, 0x20FF },                     /* marks for symbols */
	{ 0x302A, 0x302F }, { 0x3099, 0x309A }, /* CJK tone, kana voicing */
	{ 0xFE00, 0xFE0F }, { 0xFE20, 0xFE2F }, /* variation selectors, half marks */
	{ 0xE0100, 0xE01EF },                   /* variation selectors supplement */
};

static bool is_format(unsigned cp)
{
	return IN(cp, format_chars);
}

/* Something a reader would see: not blank, not a mark alone. Formatting
 * characters never get this far. */
static bool is_visible(unsigned cp)
{
	return !IN(cp, blank_chars) && !IN(cp, mark_chars);
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
		if (is_visible(cp))
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

static size_t escape_text(const char *text, char *out, size_t size, bool backslash)
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
		if (cp == '\n' || cp == '\t' || cp == '\r' || (cp == '\\' && backslash)) {
			esc[0] = '\\';
			esc[1] = cp == '\n' ? 'n' : cp == '\t' ? 't' : cp == '\r' ? 'r' : '\\';
			put(&k, esc, 2);
		} else if (is_control(cp) || is_format(cp)) {
			/* Formatting characters too: a bidi override stored by
			 * another program must not reorder what is shown. */
			int n = snprintf(esc, sizeof esc,
			                 cp < 0x100 ? "\\x%02x" : cp < 0x10000 ? "\\u%04x" : "\\U%08x", cp);
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

size_t vigil_text_escape(const char *text, char *out, size_t size)
{
	return escape_text(text, out, size, true);
}

size_t vigil_message_escape(const char *text, char *out, size_t size)
{
	return escape_text(text, out, size, false);
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
