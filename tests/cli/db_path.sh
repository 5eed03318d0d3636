#!/bin/sh
# Where the database is: VIGIL_DB, else XDG_DATA_HOME, else HOME (vigil(1)
# FILES). With none of them set and no --db, the core says what is unset
# and the command line how to name one, in one line; nothing is created.
. "$(dirname "$0")/../lib.sh"

out_nodb=$(cd "$T" && env -u HOME -u VIGIL_DB -u XDG_DATA_HOME VIGIL_USER=nina \
	VIGIL_PASSWORD=x "$VIGIL_BIN" patient list 2>&1)
status=$?
check "no database path: one line naming what is unset and the flag" [ "$out_nodb" = \
	"vigil: no database path: VIGIL_DB, XDG_DATA_HOME and HOME are unset: set one, or pass --db PATH" ]
check "...a failure" [ "$status" -ne 0 ]
check "...and no database made" [ -z "$(find "$T" -name '*.db')" ]
out_xdg=$(env -u HOME -u VIGIL_DB XDG_DATA_HOME="$T/xdg" VIGIL_USER=nina VIGIL_PASSWORD=x \
	"$VIGIL_BIN" patient list 2>&1)
check "XDG_DATA_HOME alone names it (a database not there yet is said so)" \
	sh -c 'case "$0" in *"$1/xdg/vigil/vigil.db"*) exit 0 ;; *) exit 1 ;; esac' "$out_xdg" "$T"
finish
