#!/bin/sh
# make demo: opens vigil on the demo ward in build/demo.db, building it
# first when there is none. An existing ward is opened as it is (another
# terminal may be using it); make demo-reset (tools/demo.sh --reset)
# deletes it and builds a new one.
set -eu
reset=no
if [ "${1:-}" = --reset ]; then
	reset=yes
	shift
fi
VIGIL=${1:-build/vigil}
db=${DEMO_DB:-build/demo.db}
if [ "$reset" = yes ]; then
	rm -f "$db" "$db-wal" "$db-shm" "$db-login"
fi
if [ -e "$db" ]; then
	echo "The demo ward $db exists: opening it as it is (make demo-reset starts a new one)."
else
	"$VIGIL" --db "$db" demo
fi
if [ -t 0 ] && [ -t 1 ]; then
	echo
	echo "Opening vigil on the demo ward (q quits). To reopen it later:"
	echo "  $VIGIL --db $db"
	exec "$VIGIL" --db "$db"
fi
echo
echo "Not on a terminal, so here is the ward instead of the interface:"
VIGIL_USER=nurse VIGIL_PASSWORD=demo-nurse "$VIGIL" --db "$db" patient list
