#!/bin/sh
# Typed times, one rule in both faces (issue 10): a table of times typed
# at 14:30 on 2026-11-21 (Europe/London), each written once as a note with
# `vigil note --at` and once in the terminal interface's note form (T, Tab
# to the time). Both must store the same instant, or refuse with the same
# words and store nothing.
. "$(dirname "$0")/lib/tui.sh"

nurse() {
	VIGIL_USER=ann VIGIL_PASSWORD=ann-password "$VIGIL_BIN" --db "$DB" "$@"
}
notes() {
	sqlite3 "$DB" "SELECT count(*) FROM chart_entries WHERE kind = 'note'"
}

VIGIL_NEW_PASSWORD=boss-password VIGIL_NOW=2026-11-19T08:00 "$VIGIL_BIN" --db "$DB" init --training --admin boss \
	>"$WORK/init.out" 2>&1
VIGIL_NEW_PASSWORD=ann-password VIGIL_NOW=2026-11-19T08:00 VIGIL_USER=boss VIGIL_PASSWORD=boss-password \
	"$VIGIL_BIN" --db "$DB" user add ann --role nurse >/dev/null
VIGIL_NOW=2026-11-19T08:00 nurse patient admit MRN1001 --name "Pat Opioid" --bed 1 >/dev/null

# typed | stored (UTC), or "!" and the core's words
cat >"$WORK/cases" <<'CASES'
13:05|2026-11-21T13:05:00Z
9:15|2026-11-21T09:15:00Z
23:00|2026-11-20T23:00:00Z
2h ago|2026-11-21T12:30:00Z
1d 4h ago|2026-11-20T10:30:00Z
2026-11-20 08:00|2026-11-20T08:00:00Z
2026-11-20T08:00Z|2026-11-20T08:00:00Z
15:00|!15:00 today is in the future; give the date for an earlier day
24:00|!'24:00' is not a time of day (00:00 to 23:59)
noon|!'noon' is not a time (use HH:MM, YYYY-MM-DD HH:MM, or how long ago such as 2h ago)
1999-12-31 23:00|!'1999-12-31 23:00' is before the year 2000
CASES

# The command line.
n=0
while IFS='|' read -r typed want; do
	n=$((n + 1))
	before=$(notes)
	if out=$(nurse note MRN1001 "cli case $n" --at "$typed" 2>&1); then
		got=$(sqlite3 "$DB" "SELECT at FROM chart_entries WHERE note = 'cli case $n'")
	else
		got="!${out#vigil: --at: }"
	fi
	after=$(notes)
	stored_ok=yes
	case $want in '!'*) [ "$before" = "$after" ] || stored_ok=no ;; esac
	check "command line: '$typed' -> $want" [ "$got|$stored_ok" = "$want|yes" ]
	echo "$typed|$got" >>"$WORK/cli"
done <"$WORK/cases"

# The terminal interface, the same table.
tui_start VIGIL_USER=ann VIGIL_PASSWORD=ann-password
tui_wait "Board: 1 patient" >/dev/null
n=0
while IFS='|' read -r typed want; do
	n=$((n + 1))
	before=$(notes)
	tui_keys T "tui case $n" Tab "$typed" Enter
	case $want in
	'!'*)
		tui_wait "${want#!}" >/dev/null
		got=$want
		[ "$(notes)" = "$before" ] || got="stored"
		tui_keys Escape
		;;
	*)
		tui_wait "Recorded note" >/dev/null
		got=$(sqlite3 "$DB" "SELECT at FROM chart_entries WHERE note = 'tui case $n'")
		;;
	esac
	check "terminal interface: '$typed' -> $want" [ "$got" = "$want" ]
	echo "$typed|$got" >>"$WORK/tui"
done <"$WORK/cases"
check "both faces read every typed time alike" cmp -s "$WORK/cli" "$WORK/tui"
tui_keys q q
tui_done
