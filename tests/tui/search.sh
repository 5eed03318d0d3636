#!/bin/sh
# The board's search finds the patient meant (issue 10): "/10" is bed 10
# even though MRN1001 contains "10". The order: an exact bed, an exact MRN,
# the start of a name (or a word in it) or MRN, then anywhere in a name, MRN
# or bed; ] and [ go to the next and previous match, wrapping, and / Enter
# on nothing typed repeats the last search. A search that matches nobody
# says so and moves nothing.
. "$(dirname "$0")/lib/tui.sh"

as_user() {
	_u=$1 _p=$2
	shift 2
	VIGIL_USER=$_u VIGIL_PASSWORD=$_p "$VIGIL_BIN" --db "$DB" "$@"
}
admit() {
	as_user ann ann-password patient admit "$1" --name "$2" --bed "$3" >/dev/null
}

VIGIL_NEW_PASSWORD=boss-password "$VIGIL_BIN" --db "$DB" init --training --admin boss \
	>"$WORK/init.out" 2>&1
VIGIL_NEW_PASSWORD=ann-password as_user boss boss-password user add ann --role nurse >/dev/null
# Names that overlap: "sam" starts a word in beds 4 and 10 and sits inside
# the name in bed 1.
admit MRN1001 "Jo Ramsam" 1
admit MRN1004 "Sam Lowe" 4
admit MRN1010 "Alex Samson" 10
check "the ward is set up (three patients in beds 1, 4 and 10)" \
	[ "$(sqlite3 "$DB" 'SELECT count(*) FROM patients')" = 3 ]

tui_start VIGIL_USER=ann VIGIL_PASSWORD=ann-password
check "board opens" tui_wait "Board: 3 patients"

# opens_on TEXT: Enter opens the selected patient, whose header says TEXT;
# q goes back to the board.
opens_on() {
	tui_keys Enter
	tui_wait "$1" || return 1
	tui_keys q
	tui_wait "Board: 3 patients" >/dev/null
}

tui_keys ']'
check "] before any search says there is none" \
	tui_wait "nothing searched yet: press / to find a patient"

tui_keys / 10 Enter
check "/10: an exact bed before an MRN containing 10, first of three" \
	tui_wait "match 1 of 3 for '10'"
check "...bed 10 is selected, not MRN1001" opens_on "Alex Samson  MRN1010  bed 10"
tui_keys ']'
check "] the next match: an MRN containing 10, by bed" tui_wait "match 2 of 3 for '10'"
check "...bed 1" opens_on "Jo Ramsam  MRN1001  bed 1"

tui_keys / mrn1004 Enter
check "/mrn1004: the exact MRN, case-insensitive (the only match: no count)" not tui_shows "match 1 of 1"
check "...bed 4" opens_on "Sam Lowe  MRN1004  bed 4"

tui_keys / sam Enter
check "/sam: a name with a word starting so first, by bed (bed 4)" tui_wait "match 1 of 3 for 'sam'"
check "...Sam Lowe" opens_on "Sam Lowe  MRN1004  bed 4"
tui_keys ']'
check "] then the next such name (bed 10)" tui_wait "match 2 of 3 for 'sam'"
check "...Alex Samson" opens_on "Alex Samson  MRN1010  bed 10"
tui_keys ']'
check "] then inside a name (bed 1)" tui_wait "match 3 of 3 for 'sam'"
check "...Jo Ramsam" opens_on "Jo Ramsam  MRN1001  bed 1"
tui_keys ']'
check "] after the last wraps to the first" tui_wait "match 1 of 3 for 'sam'"
check "...Sam Lowe" opens_on "Sam Lowe  MRN1004  bed 4"
tui_keys '['
check "[ before the first wraps to the last" tui_wait "match 3 of 3 for 'sam'"
check "...Jo Ramsam" opens_on "Jo Ramsam  MRN1001  bed 1"
tui_keys '['
check "[ the previous match" tui_wait "match 2 of 3 for 'sam'"
check "...Alex Samson" opens_on "Alex Samson  MRN1010  bed 10"
tui_keys / Enter
check "/ Enter on nothing typed: the last search's next match" \
	tui_wait "match 3 of 3 for 'sam'"
check "...Jo Ramsam" opens_on "Jo Ramsam  MRN1001  bed 1"

tui_keys / zzz
check "no match is said while typing" tui_wait "no match"
tui_keys Enter
check "...and after Enter, in the status line" tui_wait "no patient matches 'zzz'"
check "...the selection stays where it was (bed 1)" opens_on "Jo Ramsam  MRN1001  bed 1"
tui_keys ']'
check "] after a search that matched nobody says so again" \
	tui_wait "no patient matches 'zzz'"
check "...and moves nothing" opens_on "Jo Ramsam  MRN1001  bed 1"

tui_keys / 4 Escape
check "Esc while finding goes back where the search started" \
	opens_on "Jo Ramsam  MRN1001  bed 1"

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

tui_keys '?'
check "help explains the order" tui_wait "find a patient by bed, name or MRN: an exact bed first"
check "...and lists ] and [" tui_shows_re "^  \] +the last search's next match"
check "...with an example in the board's legend" \
	help_scroll_to "^  /10 +finds bed 10 before the patient whose MRN1001 contains 10"
tui_keys q q
check "q q quits cleanly" tui_wait "[vigil exited 0, terminal restored]"
tui_done
