/* draw.c - drawing helpers: the only file that puts characters on the
 * terminal. Text is measured in display columns (wcwidth), cut with a
 * marker when too long, and shown in ASCII when the locale is not UTF-8. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "draw.h"
#include "vigil/text.h"

#define LINE_CHARS 1024 /* code points drawn per call at most: wider than any terminal */

static struct {
	bool colour;
	bool utf8;
	bool cursor;
	int cursor_y, cursor_x;
} ds;

/* Each glyph in Unicode and its ASCII stand-in. */
static const struct {
	wchar_t wide;
	char ascii;
} glyphs[GLYPH_COUNT] = {
	[GLYPH_CUT] = { L'\u2026', '~' },    [GLYPH_BULLET] = { L'\u00b7', '.' },
	[GLYPH_VLINE] = { L'\u2502', '|' },  [GLYPH_HLINE] = { L'\u2500', '-' },
	[GLYPH_CORNER] = { L'\u2514', '+' }, [GLYPH_DOTTED] = { L'\u2504', '.' },
	[GLYPH_UP] = { L'\u2191', '^' },     [GLYPH_DOWN] = { L'\u2193', 'v' },
	[GLYPH_MARK] = { L'\u25b8', '>' },  [GLYPH_DOSE] = { L'\u25b2', '^' },
	[GLYPH_SEV_LOW] = { L'\u2583', '.' }, [GLYPH_SEV_HIGH] = { L'\u2585', 'o' },
	[GLYPH_SEV_HIGHEST] = { L'\u2588', 'O' }, [GLYPH_POINT] = { L'\u25cf', 'o' },
};

/* Eighth blocks from empty to full; the ASCII ramp rises the same way. */
static const wchar_t blocks[9] = { L' ',      L'\u2581', L'\u2582', L'\u2583', L'\u2584',
	                           L'\u2585', L'\u2586', L'\u2587', L'\u2588' };
static const char ascii_blocks[9] = { ' ', '_', '_', ',', '-', '=', '+', '*', '#' }; /* no '.': thresholds */
static const char ascii_spark[8] = { '_', '.', '-', '=', '+', '*', '#', '#' };

void draw_init(bool colour, bool utf8)
{
	ds.colour = colour;
	ds.utf8 = utf8;
	if (!colour)
		return;
	start_color();
	use_default_colors();
	init_pair(1, COLOR_RED, -1);
	init_pair(2, COLOR_YELLOW, -1);
	init_pair(3, COLOR_GREEN, -1);
	init_pair(4, COLOR_CYAN, -1);
}

bool draw_utf8(void)
{
	return ds.utf8;
}

int draw_cols(void)
{
	return COLS;
}

int draw_rows(void)
{
	return LINES;
}

void draw_begin(void)
{
	ds.cursor = false;
	wattr_set(stdscr, A_NORMAL, 0, NULL);
	werase(stdscr);
}

void draw_end(void)
{
	if (ds.cursor) {
		curs_set(1);
		wmove(stdscr, ds.cursor_y, ds.cursor_x);
	} else {
		curs_set(0);
	}
	wrefresh(stdscr);
}

void draw_touch(void)
{
	clearok(curscr, TRUE);
}

void draw_cursor(int y, int x)
{
	ds.cursor = true;
	ds.cursor_y = y;
	ds.cursor_x = x;
}

static void set_style(int style)
{
	attr_t a = A_NORMAL;
	if (style & ST_BOLD)
		a |= A_BOLD;
	if (style & ST_REVERSE)
		a |= A_REVERSE;
	if (style & ST_UNDERLINE)
		a |= A_UNDERLINE;
	if (style & ST_DIM)
		a |= A_DIM;
	short pair = ds.colour ? (short)((style & ST_COLOUR_MASK) >> 4) : 0;
	wattr_set(stdscr, a, pair, NULL);
}

/* ---- text measuring ------------------------------------------------- */

/* Decodes one UTF-8 code point; an invalid byte reads as '?'. Returns the
 * bytes used (0 at the end). */
static size_t decode(const char *s, unsigned *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	if (!u[0])
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	size_t len = u[0] >= 0xf0 ? 4 : u[0] >= 0xe0 ? 3 : u[0] >= 0xc0 ? 2 : 0;
	unsigned v = len == 4 ? u[0] & 0x07u : len == 3 ? u[0] & 0x0fu : u[0] & 0x1fu;
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80) {
			len = 0;
			break;
		}
		v = (v << 6) | (u[i] & 0x3fu);
	}
	if (!len || v > 0x10ffff) {
		*cp = '?';
		return 1;
	}
	*cp = v;
	return len;
}

/* The character shown for a code point, and its width. */
static wchar_t shown(unsigned cp, int *width)
{
	if (cp < 0x20 || cp == 0x7f) {
		*width = 1;
		return L'?';
	}
	if (cp < 0x80) {
		*width = 1;
		return (wchar_t)cp;
	}
	if (!ds.utf8) {
		*width = 1;
		return L'?';
	}
	int w = wcwidth((wchar_t)cp);
	if (w < 0) {
		*width = 1;
		return L'?';
	}
	*width = w;
	return (wchar_t)cp;
}

static int text_width(const char *text)
{
	int total = 0, w;
	unsigned cp;
	for (size_t n; (n = decode(text, &cp)) != 0; text += n) {
		shown(cp, &w);
		total += w;
	}
	return total;
}

static wchar_t glyph_char(glyph_id g)
{
	return ds.utf8 ? glyphs[g].wide : (wchar_t)glyphs[g].ascii;
}

static void put_wide(int y, int x, int style, const wchar_t *buf, int n)
{
	if (n <= 0 || y < 0 || y >= LINES || x < 0 || x >= COLS)
		return;
	set_style(style);
	mvwaddnwstr(stdscr, y, x, buf, n);
}

/* Draws the prefix of text that fits in limit columns; with cut, adds the
 * marker after it. Returns the columns used. */
static int put_prefix(int y, int x, int limit, bool cut, int style, const char *text)
{
	wchar_t buf[LINE_CHARS + 1];
	int n = 0, used = 0, w;
	unsigned cp;
	for (size_t len; n < LINE_CHARS && (len = decode(text, &cp)) != 0; text += len) {
		wchar_t c = shown(cp, &w);
		if (used + w > limit)
			break;
		buf[n++] = c;
		used += w;
	}
	if (cut) {
		buf[n++] = glyph_char(GLYPH_CUT);
		used++;
	}
	put_wide(y, x, style, buf, n);
	return used;
}

int draw_text(int y, int x, int width, int style, const char *text)
{
	if (width <= 0 || !text)
		return 0;
	bool cut = text_width(text) > width;
	return put_prefix(y, x, cut ? width - 1 : width, cut, style, text);
}

int draw_text_right(int y, int x, int width, int style, const char *text)
{
	int w = text_width(text);
	if (w >= width)
		return draw_text(y, x, width, style, text);
	return draw_text(y, x + width - w, w, style, text);
}

/* Escapes into a buffer that is freed by the caller when it is not buf. */
static char *escaped(const char *text, char *buf, size_t size)
{
	size_t need = vigil_text_escape(text, buf, size);
	if (need < size)
		return buf;
	char *big = malloc(need + 1);
	if (!big)
		return buf; /* cut, but still escaped and terminated */
	vigil_text_escape(text, big, need + 1);
	return big;
}

int draw_data(int y, int x, int width, int style, const char *text)
{
	char buf[2048];
	char *e = escaped(text ? text : "", buf, sizeof buf);
	int used = draw_text(y, x, width, style, e);
	if (e != buf)
		free(e);
	return used;
}

int draw_width(const char *text)
{
	char buf[2048];
	char *e = escaped(text ? text : "", buf, sizeof buf);
	int w = text_width(e);
	if (e != buf)
		free(e);
	return w;
}

int draw_data_tail(int y, int x, int width, int style, const char *text)
{
	char buf[2048];
	char *e = escaped(text ? text : "", buf, sizeof buf);
	const char *p = e;
	int total = text_width(e), used = 0;
	if (total > width && width > 1) {
		unsigned cp;
		int w;
		/* Skip from the front until the rest fits after the marker. */
		while (total > width - 1) {
			size_t n = decode(p, &cp);
			shown(cp, &w);
			total -= w;
			p += n;
		}
		wchar_t m = glyph_char(GLYPH_CUT);
		put_wide(y, x, style, &m, 1);
		used = 1 + draw_text(y, x + 1, width - 1, style, p);
	} else {
		used = draw_text(y, x, width, style, e);
	}
	if (e != buf)
		free(e);
	return used;
}

/* Bytes of text that fit in width columns, preferring to break after a
 * space; *next gets where the next line starts. */
static size_t wrap_line(const char *text, int width, const char **next)
{
	size_t bytes = 0, last_space = 0;
	int used = 0, w;
	unsigned cp;
	for (size_t n; (n = decode(text + bytes, &cp)) != 0; bytes += n) {
		shown(cp, &w);
		if (used + w > width) {
			if (!last_space && !bytes)
				bytes = n; /* one character wider than the line */
			size_t end = last_space ? last_space : bytes;
			*next = text + end;
			while (**next == ' ')
				(*next)++;
			return last_space ? last_space - 1 : bytes;
		}
		used += w;
		if (cp == ' ')
			last_space = bytes + 1;
	}
	*next = text + bytes;
	return bytes;
}

int draw_wrap(int y, int x, int width, int rows, int style, const char *text)
{
	char buf[2048];
	char *e = escaped(text ? text : "", buf, sizeof buf);
	const char *p = e;
	int row = 0;
	while (*p && row < rows && width > 0) {
		if (row == rows - 1) {
			draw_text(y + row, x, width, style, p); /* cut here if still too long */
			row++;
			break;
		}
		const char *next;
		size_t len = wrap_line(p, width, &next);
		char line[LINE_CHARS * 4 + 1];
		if (len > sizeof line - 1)
			len = sizeof line - 1;
		memcpy(line, p, len);
		line[len] = '\0';
		draw_text(y + row, x, width, style, line);
		row++;
		p = next;
	}
	if (e != buf)
		free(e);
	return row;
}

int draw_wrap_rows(int width, const char *text)
{
	char buf[2048];
	char *e = escaped(text ? text : "", buf, sizeof buf);
	const char *p = e;
	int rows = 0;
	while (*p && width > 0) {
		const char *next;
		wrap_line(p, width, &next);
		rows++;
		p = next;
	}
	if (e != buf)
		free(e);
	return rows;
}

/* ---- glyphs and shapes ---------------------------------------------- */

void draw_fill(int y, int x, int width, int style)
{
	wchar_t buf[LINE_CHARS];
	int n = width < LINE_CHARS ? width : LINE_CHARS;
	for (int i = 0; i < n; i++)
		buf[i] = L' ';
	put_wide(y, x, style, buf, n);
}

void draw_glyph(int y, int x, glyph_id glyph, int style)
{
	wchar_t c = glyph_char(glyph);
	put_wide(y, x, style, &c, 1);
}

void draw_block(int y, int x, int level, int style)
{
	level = level < 0 ? 0 : level > 8 ? 8 : level;
	wchar_t c = ds.utf8 ? blocks[level] : (wchar_t)ascii_blocks[level];
	put_wide(y, x, style, &c, 1);
}

void draw_spark(int y, int x, int level, int style)
{
	level = level < 0 ? 0 : level > 7 ? 7 : level;
	wchar_t c = ds.utf8 ? blocks[level + 1] : (wchar_t)ascii_spark[level];
	put_wide(y, x, style, &c, 1);
}

void draw_box(int y, int x, int rows, int cols, int style)
{
	static const wchar_t wide[] = { L'\u250c', L'\u2510', L'\u2514', L'\u2518' };
	wchar_t line[LINE_CHARS];
	if (rows < 2 || cols < 2 || cols > LINE_CHARS)
		return;
	for (int r = 0; r < rows; r++) {
		bool edge = r == 0 || r == rows - 1;
		wchar_t fill = edge ? glyph_char(GLYPH_HLINE) : L' ';
		for (int c = 0; c < cols; c++)
			line[c] = fill;
		wchar_t side = glyph_char(GLYPH_VLINE);
		line[0] = line[cols - 1] = side;
		if (edge) {
			int k = r == 0 ? 0 : 2;
			line[0] = ds.utf8 ? wide[k] : L'+';
			line[cols - 1] = ds.utf8 ? wide[k + 1] : L'+';
		}
		put_wide(y + r, x, style, line, cols);
	}
}
