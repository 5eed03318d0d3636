#!/bin/sh
# The ward board on the demo ward: header, rows by bed, the worst band
# (its own words, its severity by a mark and a colour) and the most urgent
# due time each naming its scale, trend, the sort (s: bed, worst first, due
# soonest), overdue rows (marked '!' and "over", bold: not by colour alone; the marks beside it,
# '*' a warning and '+' or '-' induction readiness, are tested in chart.sh
# and protocol.sh), moving, find, help
# from the key table with the protocols in force, admit (a new patient is
# on no scale: nothing due), discharge and move to another bed, and a role
# that may not record.
# The story of several scales, warnings and not done: protocol.sh.
. "$(dirname "$0")/lib/tui.sh"
tui_demo
# Known latest scores, later than the demo's last ones: a
# moderate COWS (due again in an hour), a mild one (in four hours), a
# moderate CIWA-Ar (an hour), a moderately severe COWS.
tui_cows MRN1001 14:25 $COWS_14
tui_cows MRN1003 14:15 $COWS_6
tui_cli nurse record MRN1005 ciwa-ar nausea=2 tremor=2 sweats=2 anxiety=2 agitation=2 \
	headache=2 tactile=0 auditory=0 visual=0 orientation=0 --at "2026-11-21 14:20" >/dev/null
tui_cli nurse record MRN1007 cows pulse=4 sweating=4 restlessness=5 pupils=5 aches=4 nose=2 \
	gi=0 tremor=0 yawning=0 anxiety=2 gooseflesh=0 --at "2026-11-21 14:22" >/dev/null

tui_start VIGIL_USER=nurse VIGIL_PASSWORD=demo-nurse
check "board opens" tui_wait "Board: 10 patients,"
# The demo ward is a training database: its header says so before the
# ward's name, and the date gives way to it (the time stays).
check "header: TRAINING, ward, the sort, user, clock" tui_shows_re \
	"^ vigil \| TRAINING \| ward \| Board: 10 patients, [0-9]+ overdue, by bed +nurse \| 14:30$"
check "column titles" tui_shows "     Bed Name      MRN     Last                Ago    Trend  Next due"
# The band's mark after the readiness mark: none for the lowest band
# (COWS "no active withdrawal", CIWA-Ar mild), then ▃ ▅ █ by severity.
check "a row: bed, name, MRN, last COWS and band, ago, a trend, next due naming its scale" \
	tui_shows_re "^ [ *][ +-]▅ 1   Alex Mor… MRN1001 COWS 14 moderate    5m     [▁▂▃▄▅▆▇█]{5}  COWS in 55m$"
check "a mild COWS: next due 4 hours after it, marked ▃" \
	tui_shows_re "^ [ *][ +-]▃ 3   Sam Okaf… MRN1003 COWS 6 mild         15m    .{5}  COWS in 3h 45m$"
check "a moderate CIWA-Ar: due an hour after it, marked ▅ as COWS moderate is" \
	tui_shows_re "^ [ *][ +-]▅ 5   Casey No… MRN1005 CIWA-Ar 12 moderate 10m    .{5}  CIWA-Ar in 50m$"
check "a mild CIWA-Ar (its lowest band) has no mark" \
	tui_shows_re "^ [ *][ +-]  8   Jamie O'… MRN1008 CIWA-Ar 8 mild "
check "COWS 25-36 in the scale's words, cut short only at 80 columns" \
	tui_shows "COWS 26 mod. severe 8m "
check "a name too long for the column is cut, visibly" tui_shows " Jordan E… MRN1002 "
check "due at this minute: marked, and says due now" \
	tui_shows_re "^![ *][ +-]▃ 6   Taylor B… MRN1006 COWS 8 mild         4h 00m .{5}  COWS due now$"
# the bed of each row, top to bottom
beds() {
	tmux_ capture-pane -t tui -p | sed -n 's/^.\{5\}\([0-9][0-9]*\) .*/\1/p' | tr '\n' ' '
}
check "sorted by bed: bed 11 is the last row" [ "$(beds)" = "1 2 3 4 5 6 7 8 10 11 " ]
check "key hints from the key table" \
	tui_shows "Enter open  n new  N not done  / find  s sort  D dose  V vitals  q quit"
check "the band's colour: red for the highest... none here; moderate is yellow" sh -c "$(cat <<'EOS'
tmux -L "$0" capture-pane -t tui -p -e | grep 'Robin Ha' | grep -q "$(printf '\033')\[[0-9;]*33m"
EOS
)" "$TUI_SOCKET"

# Wider: the band's own words whole.
tui_resize 120 24
check "at 120 columns: moderately severe, whole" tui_wait "COWS 26 moderately severe "
tui_resize 80 24
tui_wait "COWS 26 mod. severe" >/dev/null

# s cycles the sort, the same patient selected; the header says which.
tui_keys s
check "s: worst first, said in the header" tui_wait "overdue, by worst first"
check "...and in the status line" tui_shows "Sorted by worst first."
check "...the sorted column's title stands out (reverse), as htop's" sh -c "$(cat <<'EOS'
tmux -L "$0" capture-pane -t tui -p -e | sed -n 2p | grep -q "$(printf '\033')\[[0-9;]*7m *Last"
EOS
)" "$TUI_SOCKET"
# COWS 26 mod. severe first; the moderates next (COWS and CIWA-Ar alike),
# the overdue one (bed 4) first, then by the soonest due; the mild ones,
# the overdue first; CIWA-Ar's mild, its lowest band, last.
check "worst first: the band's severity, then the most overdue" \
	[ "$(beds | cut -d' ' -f1-6)" = "7 4 11 5 1 6" ]
check "...the lowest band last" [ "$(beds | cut -d' ' -f9-10)" = "3 8" ]
tui_keys s
check "s again: due soonest" tui_wait "overdue, by due soonest"
check "due soonest: the overdue first, then by the due time" \
	[ "$(beds | cut -d' ' -f1-4)" = "4 6 10 11" ]
tui_keys s
check "s again: back to bed" tui_wait "overdue, by bed"
check "...by bed again" [ "$(beds)" = "1 2 3 4 5 6 7 8 10 11 " ]

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
check "and after Enter" tui_wait "no patient matches 'zzz'"

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

# Help is generated from the key table.
tui_keys '?'
check "? opens help for the board first" tui_wait "Help: keys"
check "help lists the board's keys" tui_shows "find a patient by bed, name or MRN"
check "and the not-done key" tui_shows "not done: the most urgent due assessment"
check "the legend: the overdue mark" help_scroll_to "^  ! +the most urgent due time is overdue"
check "...the warning mark" help_scroll_to "^  \* +a warning is in force on one of the patient"
check "...the not-done mark" help_scroll_to "^  # +before the due time: the most urgent"
check "help lists each protocol in force, from the database" \
	help_scroll_to "^  COWS +COWS: 4-hourly, hourly from moderate \(built in\)\. Next due"
check "...with its intervals" help_scroll_to "0-12 4-hourly; 13-48 hourly\."
check "...the CIWA-Ar one too" tui_shows_re "^  CIWA-Ar +CIWA-Ar: 4-hourly, hourly from moderate"
tui_keys End
check "help scrolls to the other screens' keys" tui_wait "typed into the field"
tui_keys q
check "q closes help" tui_wait "Board: 10 patients"

# Admit, a refused admission, discharge.
tui_keys a
check "a opens the admit dialog" tui_wait "Admit a patient"
check "...asking last use too (optional)" tui_shows "1 short-acting: short-acting opioid"
tui_keys MRN2001 Enter "Pat Test" Enter 12 Enter Enter Enter
check "admitted" tui_wait "Admitted Pat Test (MRN2001) to bed 12."
check "the new patient is on no scale: nothing is due, not overdue, no readiness" \
	tui_shows_re "^     12  Pat Test  MRN2001 no scale *$"
tui_keys a MRN2001 Enter "Again" Enter Enter Enter Enter
check "a duplicate MRN is refused in the dialog, typed text kept" tui_wait "MRN2001"
check "with the core's message" tui_shows "already"
tui_keys Escape
tui_wait_gone "Admit a patient" >/dev/null
tui_keys / MRN2001 Enter d
check "d asks before discharging" tui_wait "Discharge Pat Test (MRN2001), bed 12, now?"
tui_keys y
check "discharged: back to 10 patients" tui_wait "Discharged Pat Test (MRN2001); the records stay."
check "board count" tui_shows "Board: 10 patients"

# Move to another bed: the core refuses an occupied bed, naming who is in it.
# in_bed BED MRN: the command line lists the patient in that bed.
in_bed() {
	tui_cli nurse patient list | grep -q "^$1 *$2 "
}
tui_keys / MRN1002 Enter m
check "m opens the move dialog for the selected patient" \
	tui_wait "Move Jordan Ellis (MRN1002) from bed 2 to a free bed."
tui_keys 1 Enter
check "an occupied bed is refused in the dialog with the core's message" \
	tui_wait "bed 1 is taken by Alex Morgan (MRN1001)"
check "...the dialog stays open" tui_shows "Move to another bed"
tui_keys Escape
check "Esc cancels" tui_wait_gone "Move to another bed"
check "...the patient is still in bed 2" tui_shows_re "^.... 2   Jordan E… MRN1002 "
check "...and the database says so" in_bed 2 MRN1002
tui_keys m 9 Enter
check "moved to a free bed: said in the status line" \
	tui_wait "Moved Jordan Ellis (MRN1002) to bed 9."
check "the board shows the patient in bed 9, sorted by bed" \
	tui_shows_re "^.... 9   Jordan E… MRN1002 "
check "...no longer in bed 2" not tui_shows_re "^.... 2   "
check "...in the database too" in_bed 9 MRN1002
tui_keys Enter
check "the same patient stays selected: Enter opens them" \
	tui_wait "Jordan Ellis  MRN1002  bed 9"
tui_keys q
tui_wait "Board: 10" >/dev/null
tui_keys m 9 Enter
check "the same bed is refused by the core" tui_wait "already in bed 9"
tui_keys Escape
tui_wait_gone "Move to another bed" >/dev/null
tui_keys q
check "q quits, terminal restored" tui_wait "[vigil exited 0, terminal restored]"

# Later in the day: overdue rows.
tui_start VIGIL_USER=nurse VIGIL_PASSWORD=demo-nurse VIGIL_NOW=2026-11-21T16:30
check "overdue count in the header" tui_wait_re "Board: 10 patients, [1-9][0-9]* overdue"
check "an overdue row has '!' and says over" \
	tui_shows_re "^![ *][ +-]▅ 1   Alex Mor… MRN1001 COWS 14 moderate    2h 05m .{5}  COWS over 1h 05m$"
check "...a CIWA-Ar too" \
	tui_shows_re "^![ *][ +-]▅ 5   Casey No… MRN1005 CIWA-Ar 12 moderate 2h 10m .{5}  CIWA-Ar over 1h 10m$"
check "a row not yet due has no '!'" \
	tui_shows_re "^ [ *][ +-]▃ 3   Sam Okaf… MRN1003 COWS 6 mild         2h 15m .{5}  COWS in 1h 45m$"

check "overdue rows are bold, not only coloured" sh -c "$(cat <<'EOS'
tmux -L "$0" capture-pane -t tui -p -e | grep 'Alex Mor' |
	grep -Eq "$(printf '\033')\[([0-9]+;)*1(;[0-9]+)*m"
EOS
)" "$TUI_SOCKET"

# An admin may look but not record: the core says so.
tui_start VIGIL_USER=admin VIGIL_PASSWORD=demo-admin
tui_wait "Board: 10" >/dev/null
tui_keys n
check "admin pressing n gets the core's role message" \
	tui_wait "admin (admin) may not record an assessment: it needs the nurse or clinician"
# Each role's hints show only its keys (the core's role table).
check "an admin's hints: no new, not done, dose or vitals" \
	tui_shows "Enter open  / find  s sort  q quit  ? help"
tui_keys '?'
tui_wait "Help: keys" >/dev/null
check "...nor in help: no 'n' (new assessment)" not tui_shows "new assessment for the patient"
check "...but export is there for an admin" tui_shows "export to CSV"
tui_keys q
tui_start VIGIL_USER=nurse VIGIL_PASSWORD=demo-nurse
tui_wait "Board: 10" >/dev/null
tui_keys '?'
tui_wait "Help: keys" >/dev/null
check "a nurse's help has no x export" not tui_shows "export to CSV"
check "...and has n new" tui_shows "new assessment for the patient"

# Notes that take two rows (the selected patient's readiness) push the
# list up a row: they never draw over the last patient shown.
for i in 20 21 22 23 24 25 26 27 28 29 30 31; do
	tui_cli nurse patient admit "MRN20$i" --name "Extra $i" --bed "$i" >/dev/null
done
tui_start VIGIL_USER=nurse VIGIL_PASSWORD=demo-nurse
tui_wait "Board: 22 patients" >/dev/null
tui_keys j k
tui_wait "induction readiness (decision support)" >/dev/null
tui_screen >"$WORK/notes"
NOTES=$(grep -n '^[-+] induction readiness' "$WORK/notes" | cut -d: -f1)
check "two rows of notes: they start two rows above the hints" [ "${NOTES:-0}" = 22 ]
check "...the row above them is a whole patient row" sh -c \
	'echo "$1" | grep -Eq "^ {5}[0-9]+ +Extra [0-9]+ +MRN20[0-9]+ no scale *\$"' sh \
	"$(sed -n "$((${NOTES:-2} - 1))p" "$WORK/notes")"
check "...the next patient is off the list, not drawn over" not grep -q "Extra 29" "$WORK/notes"
tui_done
