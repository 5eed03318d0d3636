/* tui.h - the terminal interface's entry point, called by main() when vigil
 * runs with no command. */
#ifndef VIGIL_TUI_H
#define VIGIL_TUI_H

#include "vigil/config.h"

/* Runs the interface on the database at db_path; user_name is from --user
 * or $VIGIL_USER (NULL when neither is set); config is the configuration
 * the command line read (--config or its default), used for the whole
 * run. Returns the exit status. */
int vigil_tui_run(const char *db_path, const char *user_name, const vigil_config *config);

#endif
