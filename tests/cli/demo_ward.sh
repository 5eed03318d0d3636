#!/bin/sh
# make demo keeps the demo ward (issue 10): tools/demo.sh makes the ward
# the first time, opens an existing one as it is (what was added to it is
# still there, nothing deleted under another terminal), and with --reset
# (make demo-reset) deletes it and makes a new one. Not on a terminal, the
# script prints the ward instead of opening the interface.
. "$(dirname "$0")/../lib.sh"

unset VIGIL_NOW
DEMO="$T/demo.db"
demo() {
	DEMO_DB=$DEMO sh tools/demo.sh "$@" "$VIGIL_BIN" </dev/null >"$T/out" 2>"$T/err"
}
notes() {
	sql "$DEMO" "SELECT count(*) FROM chart_entries WHERE note = 'still here'"
}

demo
check "the first make demo makes the ward" [ -s "$DEMO" ]
check "...and lists its patients (not on a terminal)" grep -q "MRN1001" "$T/out"
VIGIL_USER=nurse VIGIL_PASSWORD=demo-nurse "$VIGIL_BIN" --db "$DEMO" note MRN1001 "still here" \
	>/dev/null 2>&1
check "a note added to the demo ward" [ "$(notes)" = 1 ]
before=$(sql "$DEMO" "SELECT count(*) FROM assessments")

demo
check "the second make demo opens the ward as it is, saying so" \
	grep -q "exists: opening it as it is (make demo-reset starts a new one)" "$T/out"
check "...the note is still there" [ "$(notes)" = 1 ]
check "...and nothing was made again" \
	[ "$(sql "$DEMO" "SELECT count(*) FROM assessments")" = "$before" ]

demo --reset
check "make demo-reset makes a new ward" [ "$(notes)" = 0 ]
check "...with the demo's records" [ "$(sql "$DEMO" "SELECT count(*) FROM assessments")" -gt 0 ]
check "...and its patients listed" grep -q "MRN1001" "$T/out"
finish
