/* draw.h - the only way screens put things on the terminal. Text is cut
 * with a visible marker when it does not fit, never silently; text from
 * the database goes through draw_data, which escapes control characters.
 * UTF-8 glyphs fall back to ASCII when the locale is not UTF-8. */
#ifndef VIGIL_TUI_DRAW_H
#define VIGIL_TUI_DRAW_H

#include <stdbool.h>

/* Styles: flags, combined with |. Colour is only ever added to a style
 * that already stands out without it (bold, reverse, a marker). */
enum {
	ST_NORMAL = 0,
	ST_BOLD = 1 << 0,
	ST_REVERSE = 1 << 1,
	ST_UNDERLINE = 1 << 2,
	ST_DIM = 1 << 3,
	ST_RED = 1 << 4,
	ST_YELLOW = 2 << 4,
	ST_GREEN = 3 << 4,
	ST_CYAN = 4 << 4,
	ST_COLOUR_MASK = 7 << 4
};

#define STYLE_HEADER (ST_REVERSE | ST_BOLD)
#define STYLE_TITLE ST_BOLD
#define STYLE_SELECTED ST_REVERSE
#define STYLE_OVERDUE (ST_BOLD | ST_RED)
#define STYLE_ERROR (ST_BOLD | ST_RED)
#define STYLE_INFO (ST_BOLD | ST_GREEN)
#define STYLE_KEY (ST_BOLD | ST_CYAN)
#define STYLE_FIELD ST_UNDERLINE
#define STYLE_DIM ST_DIM

typedef enum glyph_id {
	GLYPH_CUT,     /* text cut here: … or ~ */
	GLYPH_BULLET,  /* · or . */
	GLYPH_VLINE,   /* │ or | */
	GLYPH_HLINE,   /* ─ or - */
	GLYPH_CORNER,  /* └ or + */
	GLYPH_DOTTED,  /* ┄ or . : a threshold line */
	GLYPH_UP,      /* ↑ or ^ */
	GLYPH_DOWN,    /* ↓ or v */
	GLYPH_MARK,    /* ▸ or > */
	GLYPH_DOSE,    /* ▲ or ^ : a dose given, under the chart */
	GLYPH_SEV_LOW,     /* ▃ or . : a band's severity on the board, by height */
	GLYPH_SEV_HIGH,    /* ▅ or o */
	GLYPH_SEV_HIGHEST, /* █ or O */
	GLYPH_POINT,       /* ● or o : a total on the chart */
	GLYPH_COUNT
} glyph_id;

/* Sets up colours and glyphs for the terminal (after initscr/newterm). */
void draw_init(bool colour, bool utf8);
bool draw_utf8(void);

int draw_cols(void);
int draw_rows(void);

/* A frame: erase, draw everything, then show it. */
void draw_begin(void);
void draw_end(void);
/* Forces a full repaint on the next draw_end (Ctrl-L). */
void draw_touch(void);

/* Program text (labels, numbers): at most width columns, cut with a
 * marker. Returns the columns used. */
int draw_text(int y, int x, int width, int style, const char *text);
/* Right-aligned in width columns. */
int draw_text_right(int y, int x, int width, int style, const char *text);
/* Text from the database or the user: escaped first, then as draw_text. */
int draw_data(int y, int x, int width, int style, const char *text);
/* The tail of text that fits (for an input field being typed into). */
int draw_data_tail(int y, int x, int width, int style, const char *text);
/* Word-wrapped text in at most rows lines; the last line ends with the cut
 * marker if it does not all fit. Returns the rows used. */
int draw_wrap(int y, int x, int width, int rows, int style, const char *text);
/* Rows draw_wrap would use for text at width, without drawing. */
int draw_wrap_rows(int width, const char *text);
/* Display width of text after escaping. */
int draw_width(const char *text);

void draw_fill(int y, int x, int width, int style);
void draw_glyph(int y, int x, glyph_id glyph, int style);
/* A block filled level eighths from the bottom (0-8). */
void draw_block(int y, int x, int level, int style);
/* A sparkline step, level 0-7. */
void draw_spark(int y, int x, int level, int style);
void draw_box(int y, int x, int rows, int cols, int style);

/* Shows the cursor at y, x for this frame (hidden otherwise). */
void draw_cursor(int y, int x);

#endif
