#!/bin/sh
# The ward board on the demo ward: header, rows by bed, last score, trend,
# next due and overdue rows (marked '!' and "over", bold: not by colour
# alone), moving, find, help from the key table, admit and discharge, and
# a role that may not record.
. "$(dirname "$0")/lib/tui.sh"
tui_demo

tui_start VIGIL_USER=nurse VIGIL_PASSWORD=demo-nurse
check "board opens" tui_wait "Board: 10 patients, 0 overdue"
check "header: ward, user and role, clock" \
	tui_shows " vigil | ward | Board: 10 patients, 0 overdue  nurse (nurse) | 2026-11-21 14:30"
check "column titles" tui_shows "Bed  Name           MRN      Last                Ago    Trend      Next due"
check "first row: bed 1, last COWS with band, how long ago, trend, next due" \
	tui_shows "  1    Alex Morgan    MRN1001  COWS 5 mild         57m    ▃▃▂▂▃▃▂▂▂▂ in 3h 03m"
check "moderate COWS: due again within the hour" \
	tui_shows "  2    Jordan Ellis   MRN1002  COWS 14 moderate    29m    ▄▄▄▃▄▄▄▃▃▃ in 31m"
check "a CIWA-Ar patient" tui_shows "  5    Casey Novak    MRN1005  CIWA-Ar 6 mild"
check "COWS 25-36 shown as mod-severe" tui_shows "COWS 25 mod-severe"
check "sorted by bed: bed 11 is the last row" sh -c "$(cat <<'EOS'
tmux -L "$0" capture-pane -t tui -p | grep -E '^ .? +[0-9]+ ' | tail -1 | grep -q 'Robin Haddad'
EOS
)" "$TUI_SOCKET"
check "key hints from the key table" tui_shows "Enter open  n new  / find  a admit  d discharge  q quit  ? help"

# Moving and opening.
tui_keys j j k Enter
check "j j k then Enter opens the second patient" tui_wait "Jordan Ellis  MRN1002  bed 2"
tui_keys q
tui_wait "Board: 10" >/dev/null

# Find by name, bed or MRN.
tui_keys /
check "/ opens the find field" tui_wait "Find:"
tui_keys okaf Enter Enter
check "find by part of a name, case-insensitive" tui_wait "Sam Okafor  MRN1003"
tui_keys Escape
tui_wait "Board: 10" >/dev/null
tui_keys / MRN1009 Enter Enter
check "find by MRN" tui_wait "Drew Kowalski  MRN1009"
tui_keys q
tui_wait "Board: 10" >/dev/null
tui_keys / zzz
check "no match is said while typing" tui_wait "no match"
tui_keys Enter
check "and after Enter" tui_wait "no patient's bed, name or MRN contains 'zzz'"

# Help is generated from the key table.
tui_keys '?'
check "? opens help for the board first" tui_wait "Help: keys"
check "help lists the board's keys" tui_shows "find a patient by bed, name or MRN"
check "help shows the reassessment rule" tui_shows "cows: next due 4-hourly; hourly from 13 (moderate)"
tui_keys End
check "help scrolls to the other screens' keys" tui_wait "typed into the field"
tui_keys q
check "q closes help" tui_wait "Board: 10 patients"

# Admit, a refused admission, discharge.
tui_keys a
check "a opens the admit dialog" tui_wait "Admit a patient"
tui_keys MRN2001 Enter "Pat Test" Enter 12 Enter
check "admitted" tui_wait "Admitted Pat Test (MRN2001) to bed 12."
check "the new patient is on the board, due since admission" \
	tui_shows "! 12   Pat Test       MRN2001  no assessment yet                     due now"
tui_keys a MRN2001 Enter "Again" Enter Enter
check "a duplicate MRN is refused in the dialog, typed text kept" tui_wait "MRN2001"
check "with the core's message" tui_shows "already"
tui_keys Escape
tui_wait_gone "Admit a patient" >/dev/null
tui_keys / MRN2001 Enter d
check "d asks before discharging" tui_wait "Discharge Pat Test (MRN2001), bed 12, now?"
tui_keys y
check "discharged: back to 10 patients" tui_wait "Discharged Pat Test (MRN2001); the records stay."
check "board count" tui_shows "Board: 10 patients"
tui_keys q
check "q quits, terminal restored" tui_wait "[vigil exited 0, terminal restored]"

# Later in the day: overdue rows.
tui_start VIGIL_USER=nurse VIGIL_PASSWORD=demo-nurse VIGIL_NOW=2026-11-21T16:30
check "overdue count in the header" tui_wait "Board: 10 patients, 7 overdue"
check "an overdue row has '!' and says over" \
	tui_shows "! 2    Jordan Ellis   MRN1002  COWS 14 moderate    2h 29m ▄▄▄▃▄▄▄▃▃▃ over 1h 29m"
check "a row not yet due has no '!'" tui_shows "  6    Taylor Brooks  MRN1006  COWS 7 mild"
check "overdue rows are bold, not only coloured" sh -c "$(cat <<'EOS'
tmux -L "$0" capture-pane -t tui -p -e | grep 'Jordan Ellis' | grep -q "$(printf '\033')\[1m"
EOS
)" "$TUI_SOCKET"

# An admin may look but not record: the core says so.
tui_start VIGIL_USER=admin VIGIL_PASSWORD=demo-admin
tui_wait "Board: 10" >/dev/null
tui_keys n
check "admin pressing n gets the core's role message" \
	tui_wait "admin (admin) may not record an assessment: it needs the nurse or clinician"
tui_done
