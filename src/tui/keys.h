/* keys.h - the one key table: dispatch, the hint line and the help screen
 * all read it, so what the help says is what the keys do. */
#ifndef VIGIL_TUI_KEYS_H
#define VIGIL_TUI_KEYS_H

#include <stdio.h>

#include "view.h"

/* The action of key in scope, else of the global bindings, else
 * ACT_NONE. */
tui_action keys_action(tui_scope scope, const tui_key *key);

/* "Ward board" */
const char *keys_scope_title(tui_scope scope);

/* Calls fn for each help line of scope: the key names ("Up, k") and what
 * they do. */
typedef void (*keys_help_fn)(const char *keys, const char *help, void *ctx);
void keys_each_help(tui_scope scope, keys_help_fn fn, void *ctx);

/* The hints and help show only the keys role may use (vigil_role_may);
 * set at each login. The keys still work: the core refuses what the role
 * may not do, as it does for anything else. */
void keys_set_role(vigil_role role);

/* The short hints of scope for the bottom line, in order. */
typedef void (*keys_hint_fn)(const char *key, const char *hint, void *ctx);
void keys_each_hint(tui_scope scope, keys_hint_fn fn, void *ctx);

/* Prints the whole table (VIGIL_TUI_KEYS=1): the man page is checked
 * against it. */
void keys_print(FILE *out);

#endif
