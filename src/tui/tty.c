/* tty.c - starting and stopping curses, reading keys, and putting the
 * terminal back however vigil ends. */
#include <curses.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "draw.h"
#include "tty.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#endif

#define ESCAPE_MS 25 /* how long a lone Esc waits for the rest of a sequence */

static SCREEN *screen;
static FILE *virtual_out, *virtual_in;
static volatile sig_atomic_t stop_signal;
static bool have_termios;
static struct termios saved_termios;
/* What a crash writes to the terminal: leave the alternate screen, plain
 * attributes, a visible cursor. Built once curses knows the terminal. */
static char reset_seq[256];
static size_t reset_len;

static const int stop_signals[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT };
static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT,
	                             SIGXCPU, SIGXFSZ, SIGSYS, SIGTRAP };
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void on_stop(int sig)
{
	stop_signal = sig;
}

/* Async-signal-safe: write(2) and tcsetattr(3) only. */
static void emergency_reset(void)
{
	if (reset_len && write(STDOUT_FILENO, reset_seq, reset_len) < 0)
		reset_len = 0;
	if (have_termios)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
}

static void on_crash(int sig)
{
	emergency_reset();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void set_handlers(bool on)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on ? on_stop : SIG_DFL; /* no SA_RESTART: a wait ends early */
	for (size_t i = 0; i < NELEM(stop_signals); i++)
		sigaction(stop_signals[i], &sa, NULL);
	sa.sa_handler = on ? on_crash : SIG_DFL;
	sa.sa_flags = SA_RESETHAND;
	for (size_t i = 0; i < NELEM(crash_signals); i++)
		sigaction(crash_signals[i], &sa, NULL);
}

static void add_cap(const char *name)
{
	const char *s = tigetstr(name);
	if (!s || s == (char *)-1)
		return;
	size_t n = strlen(s);
	if (reset_len + n < sizeof reset_seq) {
		memcpy(reset_seq + reset_len, s, n);
		reset_len += n;
	}
}

static void at_exit(void)
{
	tty_stop();
}

static bool locale_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

static void setup_screen(bool real)
{
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	set_escdelay(ESCAPE_MS);
	curs_set(0);
	const char *no_color = getenv("NO_COLOR");
	bool colour = has_colors() && !(no_color && *no_color);
	draw_init(colour, locale_is_utf8());
	if (real) {
		reset_len = 0;
		add_cap("sgr0");
		add_cap("cnorm");
		add_cap("rmcup");
	}
}

static void register_exit(void)
{
	static bool registered;
	if (!registered) {
		atexit(at_exit);
#if defined(__SANITIZE_ADDRESS__)
		__sanitizer_set_death_callback(emergency_reset);
#endif
		registered = true;
	}
}

int tty_start(char *msg, size_t size)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(msg, size, "the terminal interface needs a terminal on stdin and stdout; "
		                    "for scripts use the commands (vigil --help)");
		return -1;
	}
	have_termios = tcgetattr(STDIN_FILENO, &saved_termios) == 0;
	/* Ours first, so curses does not install its own for INT and TERM. */
	set_handlers(true);
	register_exit();
	screen = newterm(NULL, stdout, stdin);
	if (!screen) {
		set_handlers(false);
		const char *term = getenv("TERM");
		snprintf(msg, size, "cannot use the terminal type '%s'", term ? term : "(unset)");
		return -1;
	}
	set_term(screen);
	setup_screen(true);
	return 0;
}

int tty_start_virtual(int rows, int cols, char *msg, size_t size)
{
	virtual_out = fopen("/dev/null", "w");
	virtual_in = fopen("/dev/null", "r");
	const char *term = getenv("TERM");
	if (virtual_out && virtual_in)
		screen = newterm(term && *term ? term : "xterm", virtual_out, virtual_in);
	if (!screen) {
		snprintf(msg, size, "cannot start a virtual screen");
		tty_stop();
		return -1;
	}
	register_exit();
	set_term(screen);
	resize_term(rows, cols);
	setup_screen(false);
	return 0;
}

void tty_stop(void)
{
	if (screen) {
		endwin();
		delscreen(screen);
		screen = NULL;
		if (!virtual_out)
			set_handlers(false);
	}
	if (virtual_out)
		fclose(virtual_out);
	if (virtual_in)
		fclose(virtual_in);
	virtual_out = virtual_in = NULL;
	reset_len = 0;
}

bool tty_read_key(int timeout_ms, tui_key *key)
{
	wint_t ch;
	wtimeout(stdscr, timeout_ms);
	int r = wget_wch(stdscr, &ch);
	if (r == ERR)
		return false;
	key->fn = r == KEY_CODE_YES;
	key->code = (int)ch;
	return true;
}

bool tty_is_resize(const tui_key *key)
{
	return key->fn && key->code == KEY_RESIZE;
}

int tty_stop_signal(void)
{
	return stop_signal;
}

void tty_clear_stop(void)
{
	stop_signal = 0;
}

double tty_monotonic(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
