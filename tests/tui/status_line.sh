#!/bin/sh
# A message too long for the status line takes two rows, and the screen is
# laid out above it (issue 10): the history list gives up its last row
# instead of having a message drawn over it until Ctrl-L. On the demo
# ward, an admin on a patient screen presses n, which the core refuses in
# a line wider than 80 columns.
. "$(dirname "$0")/lib/tui.sh"

VIGIL_NOW=2026-11-21T14:30 "$VIGIL_BIN" --db "$DB" demo >"$WORK/demo.out" 2>&1
tui_start VIGIL_USER=admin VIGIL_PASSWORD=demo-admin
check "the admin's board opens" tui_wait "Board: "
tui_keys Enter
check "the patient screen, with its history list" tui_wait "Time          Total"
tui_screen >"$WORK/before"
tui_keys n
MSG="! admin (admin) may not record an assessment: it needs the nurse or clinician"
check "n by an admin: refused by the core, in two rows" tui_wait "$MSG"
tui_screen >"$WORK/after"
# Rows 22 and 23 (of 24) hold the message; row 24 the hints.
check "...the message's rows are the two above the hints" \
	[ "$(sed -n 22p "$WORK/after")" = "$MSG" ]
check "...its second row" [ "$(sed -n 23p "$WORK/after" | sed 's/ *$//')" = "  role" ]
# The list above is drawn as it was, left of the detail pane (whose "+N
# more" line moves up with it), down to the row the message took.
left() { sed -n "$2p" "$1" | cut -c1-55; }
same=yes
i=1
while [ "$i" -le 20 ]; do
	[ "$(left "$WORK/before" "$i")" = "$(left "$WORK/after" "$i")" ] || same=no
	i=$((i + 1))
done
check "...every row above it is drawn whole, as before" [ "$same" = yes ]
check "...the list's last row gave way, not drawn over" \
	[ "$(left "$WORK/before" 22)" != "$(left "$WORK/after" 22)" ]
check "...and the detail pane's last line ('+N more') moved up with it, still shown" \
	sh -c 'sed -n 21p "$0" | grep -q "│+[0-9]* more: Enter"' "$WORK/after"
tui_keys q q
check "q q quits cleanly" tui_wait "[vigil exited 0, terminal restored]"
tui_done
