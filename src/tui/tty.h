/* tty.h - the terminal's life: start and stop curses, read keys, and
 * leave the terminal usable however vigil ends (exit, SIGTERM, SIGINT,
 * SIGHUP, a crash). Signal handlers only set a flag, except for a crash,
 * where an async-signal-safe reset runs before the default action. */
#ifndef VIGIL_TUI_TTY_H
#define VIGIL_TUI_TTY_H

#include <stdbool.h>

#include "view.h"

/* Starts curses on the controlling terminal. Fails with a message in msg
 * when stdin/stdout is not a terminal or TERM is unknown. */
int tty_start(char *msg, size_t size);
/* Starts curses on a virtual screen of rows x cols whose output goes to
 * /dev/null (the benchmark). */
int tty_start_virtual(int rows, int cols, char *msg, size_t size);
void tty_stop(void);

/* Waits up to timeout_ms for a key; false on timeout or a signal. */
bool tty_read_key(int timeout_ms, tui_key *key);
/* Whether the key is the terminal being resized. */
bool tty_is_resize(const tui_key *key);

/* The signal that asked vigil to stop (SIGTERM, SIGINT, SIGHUP), or 0. */
int tty_stop_signal(void);
/* Forgets a stop signal that was handled (Ctrl-C during an entry). */
void tty_clear_stop(void);

/* Seconds on a monotonic clock (idle time; VIGIL_NOW does not move it). */
double tty_monotonic(void);

#endif
