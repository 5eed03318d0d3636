#!/bin/sh
# Terminal care: resize to 60x20 (the "enlarge the terminal" screen) and
# back with nothing lost; no colour (NO_COLOR) and an ASCII locale; text
# from the database escaped and cut with a marker; the terminal restored
# after q, SIGTERM, SIGINT (^C) and a crash (SIGSEGV).
. "$(dirname "$0")/lib/tui.sh"
tui_demo
tui_cows MRN1001 14:25 $COWS_14 # moderate: due 15:25

# Resize in the middle of an assessment.
tui_start VIGIL_USER=nurse VIGIL_PASSWORD=demo-nurse
tui_wait "Board: 10 patients" >/dev/null
tui_keys n 8 8 Enter 2 3
tui_wait "Total so far 6/48" >/dev/null
tui_resize 60 20
check "below 80x24: a clear enlarge-the-terminal screen" \
	tui_wait "Please enlarge the terminal to at least 80x24."
check "saying the size now" tui_shows "It is 60x20 now."
check "no cut-up form meanwhile" not tui_shows "Restlessness"
tui_keys 5
tui_resize 80 24
check "back at 80x24: the entry, laid out again" tui_wait "4. Pupil size"
check "nothing lost, and the key typed while too small was ignored" \
	tui_shows "Total so far 6/48"
tui_resize 100 30
check "a larger terminal: full relayout" tui_wait "Item 4 of 11: 1 2 3"
tui_resize 80 24
tui_wait "4. Pupil size" >/dev/null
tui_keys Escape
tui_wait "Discard?" >/dev/null
tui_keys y q
check "q after all that: exit 0, terminal restored" \
	tui_wait "[vigil exited 0, terminal restored]"

# Colour is never the only signal; NO_COLOR turns it off.
tui_start VIGIL_USER=nurse VIGIL_PASSWORD=demo-nurse VIGIL_NOW=2026-11-21T16:30
tui_wait_re "[0-9]+ overdue" >/dev/null
check "with colour: an overdue row is red as well as bold" sh -c \
	'tmux -L "$0" capture-pane -t tui -p -e | grep "Alex Mor" | grep -q "\[31m"' \
	"$TUI_SOCKET"
tui_start VIGIL_USER=nurse VIGIL_PASSWORD=demo-nurse VIGIL_NOW=2026-11-21T16:30 NO_COLOR=1
tui_wait_re "[0-9]+ overdue" >/dev/null
check "NO_COLOR: no colour at all" sh -c \
	'! tmux -L "$0" capture-pane -t tui -p -e | grep -Eq "\[(3[0-7]|9[0-7]|38;)"' "$TUI_SOCKET"
check "NO_COLOR: overdue rows still marked '!' and 'over'" \
	tui_shows_re "^![ *][ +-]▅ 1   Alex Mor… MRN1001 COWS 14 moderate +2h 05m .{5}  COWS over 1h 05m$"
check "NO_COLOR: and bold" sh -c \
	'tmux -L "$0" capture-pane -t tui -p -e | grep "Alex Mor" |
	 grep -Eq "\[([0-9]+;)*1(;[0-9]+)*m"' "$TUI_SOCKET"

# A locale that is not UTF-8: ASCII sparkline, chart and lines.
tui_start VIGIL_USER=nurse VIGIL_PASSWORD=demo-nurse LC_ALL=C NO_COLOR=1
tui_wait "Board: 10 patients" >/dev/null
check "ASCII sparkline" \
	tui_shows_re "^ [ *][ +-]o 1   Alex Mor~ MRN1001 COWS 14 moderate +5m     [-_.=+*#]{5}  COWS in 55m$"
# 80x28: under the vital signs and readiness the chart keeps a row a band.
tui_resize 80 28
tui_keys j Enter
check "ASCII chart: axis, thresholds, points" tui_wait_re "^   \+- 11-[0-9]{2} [0-9:]{5} --"

check "ASCII threshold line and label" sh -c \
	'tmux -L "$0" capture-pane -t tui -p | grep -Eq "^ 25\|\.+ 25\+ mod\. severe$"' "$TUI_SOCKET"
check "ASCII points" tui_shows_re "^   \| *o"
check "no UTF-8 at all on screen" sh -c \
	'! tmux -L "$0" capture-pane -t tui -p | LC_ALL=C grep -q "[^ -~]"' "$TUI_SOCKET"

# Text from the database is escaped, and cut with a visible marker.
sqlite3 "$DB" "INSERT INTO patients (mrn, name, bed, admitted_at) VALUES ('MRN666',
	'Evil' || char(27) || '[31mRed' || char(7), 'Z9', '2026-11-21T10:00:00Z');"
tui_cli nurse patient admit MRN777 --name "Maximiliana Wolfeschlegelsteinhausen" --bed 13 \
	>/dev/null 2>&1
tui_start VIGIL_USER=nurse VIGIL_PASSWORD=demo-nurse
tui_wait "Board: 12 patients" >/dev/null
check "a control character in a name is shown escaped" tui_shows 'Evil\x1b…'
check "a long name is cut with a marker, never silently" tui_shows "13  Maximili… MRN777"

tui_keys / 666 Enter Enter
check "escaped on the patient screen too" tui_wait 'Evil\x1b[31mRed\x07  MRN666  bed Z9'
tui_keys q

# Killed: SIGTERM, ^C (SIGINT) and a crash all leave the terminal as it was.
for sig in TERM SEGV; do
	tui_start VIGIL_USER=nurse VIGIL_PASSWORD=demo-nurse
	tui_wait "Board: 12 patients" >/dev/null
	tui_keys n 8 8 Enter
	tui_wait "Item 2 of 11" >/dev/null
	kill -s "$sig" "$(tui_vigil_pid)"
	case $sig in TERM) rc=143 ;; SEGV) rc=139 ;; esac
	check "SIG$sig: the terminal is restored" tui_wait "[vigil exited $rc, terminal restored]"
	check "SIG$sig: the screen is back to the shell (alternate screen left)" \
		not tui_shows "Item 2 of 11"
done
tui_start VIGIL_USER=nurse VIGIL_PASSWORD=demo-nurse
tui_wait "Board: 12 patients" >/dev/null
tui_keys C-c
check "^C (SIGINT): exits 130, terminal restored" \
	tui_wait "[vigil exited 130, terminal restored]"
tui_done
