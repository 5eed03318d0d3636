#!/bin/sh
# make demo: builds a fresh demo ward in build/demo.db and opens vigil on it.
set -eu
VIGIL=${1:-build/vigil}
db=${DEMO_DB:-build/demo.db}
rm -f "$db" "$db-wal" "$db-shm"
"$VIGIL" --db "$db" demo
if [ -t 0 ] && [ -t 1 ]; then
	echo
	echo "Opening vigil on the demo ward (q quits). To reopen it later:"
	echo "  $VIGIL --db $db"
	exec "$VIGIL" --db "$db"
fi
echo
echo "Not on a terminal, so here is the ward instead of the interface:"
VIGIL_USER=nurse VIGIL_PASSWORD=demo-nurse "$VIGIL" --db "$db" patient list
