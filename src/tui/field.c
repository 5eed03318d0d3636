/* field.c - one-line text fields */
#include <string.h>

#include "draw.h"
#include "field.h"

void field_init(tui_field *f, const char *label, size_t max_chars, bool secret)
{
	field_wipe(f);
	f->label = label;
	f->max_chars = max_chars;
	f->secret = secret;
}

void field_set(tui_field *f, const char *text)
{
	vigil_copy(f->text, sizeof f->text, text ? text : "");
}

void field_wipe(tui_field *f)
{
	explicit_bzero(f->text, sizeof f->text);
}

static size_t encode(unsigned cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

static void delete_last(tui_field *f)
{
	size_t len = strlen(f->text);
	while (len > 0 && ((unsigned char)f->text[len - 1] & 0xc0) == 0x80)
		f->text[--len] = '\0';
	if (len > 0)
		f->text[len - 1] = '\0';
}

field_result field_edit(tui_field *f, tui_action action, const tui_key *key)
{
	switch (action) {
	case ACT_TEXT: {
		size_t len = strlen(f->text);
		char bytes[4];
		size_t n = encode((unsigned)key->code, bytes);
		if (vigil_utf8_length(f->text) >= f->max_chars || len + n >= sizeof f->text)
			return FIELD_FULL;
		memcpy(f->text + len, bytes, n);
		f->text[len + n] = '\0';
		return FIELD_CHANGED;
	}
	case ACT_DELETE:
		delete_last(f);
		return FIELD_CHANGED;
	case ACT_CLEAR:
		field_wipe(f);
		return FIELD_CHANGED;
	default:
		return FIELD_IGNORED;
	}
}

void field_draw(const tui_field *f, int y, int x, int label_width, int width, bool focus)
{
	draw_text(y, x, label_width, focus ? ST_BOLD : ST_NORMAL, f->label);
	int fx = x + label_width, fw = width - label_width;
	if (fw <= 1)
		return;
	draw_fill(y, fx, fw, STYLE_FIELD);
	int used;
	if (f->secret) {
		char stars[64];
		size_t n = vigil_utf8_length(f->text);
		n = n < sizeof stars - 1 ? n : sizeof stars - 1;
		memset(stars, '*', n);
		stars[n] = '\0';
		used = draw_text(y, fx, fw - 1, STYLE_FIELD, stars);
	} else {
		used = draw_data_tail(y, fx, fw - 1, STYLE_FIELD, f->text);
	}
	if (focus)
		draw_cursor(y, fx + used);
}
