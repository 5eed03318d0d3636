#!/bin/sh
# Several scales at once, each on its own protocol's clock (issue 7): a
# patient on CIWA-Ar 20 at 09:30 and COWS 3 at 09:45. At 10:45 the board
# shows CIWA-Ar overdue (not the COWS due in 3 hours) and the worst band,
# CIWA-Ar severe, with a warning mark; the patient screen lists both
# scales with their due times; "not done: asleep" from the board moves the
# due time (recheck in 2 hours) and shows in the history; refused leaves it
# due, marked '#'; the entry's review page warns of hallucinations before
# saving; a protocol installed from another terminal governs at the next
# refresh. All at 80x24.
VIGIL_NOW=2026-11-22T09:00
. "$(dirname "$0")/lib/tui.sh"
tui_demo

# Scrolls help down a line at a time until a line matches.
help_scroll_to() {
	_i=0
	while [ $_i -lt 80 ]; do
		tui_shows_re "$1" && return 0
		tui_keys Down
		sleep 0.05
		_i=$((_i + 1))
	done
	tui_wait_re "$1"
}

# The command line at a given time of the story's day: at HH:MM cmd...
at() {
	_t=$1
	shift
	VIGIL_NOW="2026-11-22T$_t" tui_cli "$@" >/dev/null
}
at 09:00 nurse patient admit MRN4001 --name "Pat Story" --bed 12
at 09:00 nurse patient admit MRN4002 --name "Lee Nobody" --bed 14
at 09:46 nurse record MRN4001 ciwa-ar nausea=4 tremor=4 sweats=3 anxiety=3 agitation=3 \
	headache=3 tactile=0 auditory=0 visual=0 orientation=0 --at "2026-11-22 09:30"
at 09:46 nurse record MRN4001 cows pulse=0 sweating=1 restlessness=1 pupils=0 aches=1 nose=0 \
	gi=0 tremor=0 yawning=0 anxiety=0 gooseflesh=0 --at "2026-11-22 09:45"

tui_start VIGIL_USER=nurse VIGIL_PASSWORD=demo-nurse VIGIL_NOW=2026-11-22T10:45
tui_wait "Board: 12 patients" >/dev/null
ROW="12  Pat Story MRN4001"

# The board: the most urgent due and the worst band, each naming its scale.
check "the row: CIWA-Ar overdue by 15m, its worst band CIWA-Ar severe, a warning mark" \
	tui_shows_re "^!\\*[ +-]█ $ROW CIWA-Ar 20 severe   1h 15m ▃ +CIWA-Ar over 15m$"
check "...not the later, milder COWS" not tui_shows_re "$ROW .*COWS"
check "a patient on no scale: nothing due, no mark" \
	tui_shows_re "^     14  Lee Nobo… MRN4002 no scale *$"
tui_keys / MRN4001 Enter
check "the selected row's first warning is in the status line" \
	tui_wait "* CIWA-Ar 20 (severe): tell the clinician"

# The patient screen: every active scale with its last score and due time.
tui_keys Enter
check "the patient screen opens on the worst scale" tui_wait "CIWA-Ar, "
check "CIWA-Ar: last 20 severe at 09:30, due 10:30, overdue, and why" \
	tui_shows_re "^!\\*▸ CIWA-Ar 20/67 severe 09:30 due 10:30 \\(over 15m\\) +CIWA-Ar 20 severe: hourly$"
check "COWS: last 3 at 09:45, due 13:45 in 3h, and why" \
	tui_shows_re "^    COWS     3/48 none   09:45 due 13:45 \\(in 3h 00m\\) +COWS 3 no active withdra…$"
check "the warnings in force, marked" tui_shows_re "^ \\* CIWA-Ar 20 \\(severe\\): tell the clinician$"
check "the chart labels where CIWA-Ar's bands start" tui_shows "19+ severe"
tui_keys Tab
check "Tab: the patient's other active scale" tui_wait "COWS, "
check "the COWS chart draws the protocol's decision line, labelled" \
	tui_shows_re "│─+.*8 induction threshol"
tui_keys Tab
check "Tab goes through the patient's scales only: back to CIWA-Ar" tui_wait "CIWA-Ar, "
tui_keys q
tui_wait "Board: 12 patients" >/dev/null

# Not done from the board: asleep, for the most urgent scale.
tui_keys N
check "N on the board: not done for the row's most urgent scale" \
	tui_wait "CIWA-Ar for Pat Story (MRN4001), bed 12: not done. Why?"
check "the picker says what the protocol does with each reason" \
	tui_shows "1 asleep: recheck in 2h 00m"
check "...refused stays due" tui_shows "2 refused: still due, marked #"
tui_keys 4 Enter Enter Enter
check "other without a note: the core's refusal, in the picker" tui_wait "note: must not be empty"
tui_keys Up Up C-u 1 Enter Enter Enter
check "asleep recorded" tui_wait "Recorded N1: CIWA-Ar not done for Pat Story (MRN4001), asleep."
check "...with the new due time and why, from the core" \
	tui_shows "12:45 (in 2h 00m): asleep at 10:45: recheck"
check "the row: CIWA-Ar rechecked in 2 hours, no longer overdue" \
	tui_shows_re "^ \\*[ +-]█ $ROW CIWA-Ar 20 severe   1h 15m ▃ +CIWA-Ar in 2h 00m$"
check "stored by the core" test "$(sqlite3 "$DB" "SELECT count(*) FROM not_done")" -eq 1
check "the warning mark is bold (and red), not colour only" sh -c "$(cat <<'EOS'
E=$(printf '\033')
tmux -L "$0" capture-pane -t tui -p -e | grep 'MRN4001' |
	grep -Eq "^($E\[[0-9;]*m)* ($E\[[0-9;]*m)*$E\[1m($E\[[0-9;]*m)*\*"
EOS
)" "$TUI_SOCKET"
tui_keys Enter
check "the patient screen: CIWA-Ar due 12:45 and why" \
	tui_wait_re "CIWA-Ar 20/67 severe 09:30 due 12:45 \\(in 2h 00m\\) +asleep at 10:45"
check "the history lists it as not done: asleep" \
	tui_shows_re "^11-22 10:45   not done: asleep +nurse +final"
check "...newest first, above the assessment" \
	tui_shows_re "^11-22 09:30   20/67 severe +nurse +final"
tui_keys Enter
check "Enter shows the not-done record in full" tui_wait "Not done N1: CIWA-Ar, asleep, final"
tui_keys Escape q
tui_wait "Board: 12 patients" >/dev/null

# Refused leaves it due, marked '#'.
tui_keys N 2 Enter Enter Enter
check "refused recorded" tui_wait "CIWA-Ar not done for Pat Story (MRN4001), refused."
check "the row's due time is marked # (not done, still due)" \
	tui_shows_re "^ \\*[ +-]█ $ROW CIWA-Ar 20 severe   1h 15m ▃ +#CIWA-Ar in 2h 00m$"
tui_keys j k
check "the status line says which and when, after the row's warning" \
	tui_wait "* CIWA-Ar 20 (severe): tell the clinician  # refused at 10:45: still due"

# The entry: the review page shows what the protocol would say.
tui_keys n
check "n starts the scale due first: CIWA-Ar" tui_wait "New CIWA-Ar for Pat Story (MRN4001), bed 12"
tui_keys 4 4 3 3 3 4 0 0 3 0
check "review: the hallucination warning, before saving" \
	tui_wait "* CIWA-Ar: hallucinations (tactile 4): tell the clinician"
check "...the severe warning" tui_shows "* CIWA-Ar 24 (severe): tell the clinician"
check "...the next CIWA-Ar due time and why" \
	tui_shows "Next CIWA-Ar due 11:45 (in 1h 00m): CIWA-Ar 24 severe: hourly"
check "...where the bands come from" tui_shows "Bands: ASAM 2020"
tui_keys Enter
check "saved" tui_wait_re "Saved assessment [0-9]+: CIWA-Ar 24/67 severe for Pat Story"
check "the row: CIWA-Ar 24 due in an hour, the flag gone, the warning kept" \
	tui_shows_re "^ \\*[ +-]█ $ROW CIWA-Ar 24 severe   0m +▃▄ +CIWA-Ar in 1h 00m$"

# No scale: nothing to mark not done.
tui_keys / MRN4002 Enter N
check "N for a patient on no scale says so" \
	tui_wait "Lee Nobody (MRN4002) is on no scale: nothing is due"

# A protocol installed from another terminal governs at the next refresh.
cat >"$WORK/unit.protocol" <<'EOF'
protocol ciwa-ar
name Unit CIWA-Ar: half-hourly
every 0-67 30m
not-done asleep recheck 1h
EOF
at 10:45 admin protocol install "$WORK/unit.protocol"
tui_keys r
check "after a refresh the installed protocol sets the due time (and has no warnings)" \
	tui_wait_re "^  [ +-]█ $ROW CIWA-Ar 24 severe   0m +▃▄ +CIWA-Ar in 30m$"

tui_keys '?'
tui_wait "Help: keys" >/dev/null
check "help lists the protocol in force, where it comes from" \
	help_scroll_to "^  CIWA-Ar +Unit CIWA-Ar: half-hourly \\(installed 2026-11-22 10:45 by"
tui_keys q
tui_wait "Board: 12 patients" >/dev/null
tui_keys q
check "q quits cleanly (exit 0: no leak under ASan), terminal restored" \
	tui_wait "[vigil exited 0, terminal restored]"
tui_done
