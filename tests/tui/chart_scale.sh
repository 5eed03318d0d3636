#!/bin/sh
# The patient screen's chart at 80x24 answers "above or below this line" at
# a glance (issue 10): each band start and decision line has a row of its
# own that no point lands on, the y axis is scaled to the data and the
# lines that matter and labelled with their values, and CIWA-Ar's mild
# scores (0-9) sit apart from its 10+ line. Rows are counted from the
# chart's top, found by its axis labels.
. "$(dirname "$0")/lib/tui.sh"

as_user() {
	_u=$1 _p=$2 _now=$3
	shift 3
	VIGIL_NOW=$_now VIGIL_USER=$_u VIGIL_PASSWORD=$_p "$VIGIL_BIN" --db "$DB" "$@"
}
# ciwa TIME NAUSEA TREMOR: a CIWA-Ar of total NAUSEA + TREMOR + 6 (four
# items at 1, two at 1: sweats, anxiety, agitation, headache, tactile and
# auditory), performed at TIME.
ciwa() {
	as_user ann ann-password 2026-11-21T14:30 record MRN2001 ciwa-ar nausea="$2" \
		tremor="$3" sweats=1 anxiety=1 agitation=1 headache=1 tactile=1 auditory=1 visual=0 \
		orientation=0 --at "2026-11-21 $1" >/dev/null
}

VIGIL_NEW_PASSWORD=boss-password VIGIL_NOW=2026-11-20T20:00 \
	"$VIGIL_BIN" --db "$DB" init --training --admin boss >"$WORK/init.out" 2>&1
VIGIL_NEW_PASSWORD=ann-password as_user boss boss-password 2026-11-20T20:00 \
	user add ann --role nurse >/dev/null
as_user ann ann-password 2026-11-20T20:00 patient admit MRN2001 --name "Al Cohol" --bed 1 \
	>/dev/null
# Mild all night (9 is the top of mild), then 10 (moderate) and 12.
ciwa 06:00 1 2
ciwa 08:00 2 1
ciwa 10:00 0 3
ciwa 12:00 2 2
ciwa 14:00 3 3
check "the ward is set up: five CIWA-Ar, 9 9 9 10 12" \
	[ "$(sqlite3 "$DB" 'SELECT group_concat(total, " ") FROM
		(SELECT total FROM assessments ORDER BY performed_at)')" = "9 9 9 10 12" ]

tui_start VIGIL_USER=ann VIGIL_PASSWORD=ann-password
tui_wait "Board: 1 patient" >/dev/null
tui_keys Enter
check "the patient screen opens on CIWA-Ar" tui_wait "CIWA-Ar, "

# The chart's rows, top first: from the first axis row to the time axis.
chart_rows() {
	tmux_ capture-pane -t tui -p | awk '/^[ 0-9][ 0-9][ 0-9](│|\|)/ { on = 1 }
		/^   (└|\+)/ { exit } on'
}
# The row (1 = the top) whose axis label is $1.
row_of() {
	chart_rows | grep -n "^ *$1[│|]" | cut -d: -f1
}
# The rows holding a point.
point_rows() {
	chart_rows | grep -n '●' | cut -d: -f1 | tr '\n' ' '
}
chart_rows >"$WORK/chart"
sed 's/^/#   | /' "$WORK/chart"

check "the y axis is labelled where a line is: 10 (moderate starts)" \
	grep -q '^ 10│┄*┄ 10+ moderate$' "$WORK/chart"
check "...19 (severe starts): the first band above the data" \
	grep -q '^ 19│┄*┄ 19+ severe$' "$WORK/chart"
check "...and 0 at the bottom" sh -c 'echo "$1" | grep -q "^  0│"' sh "$(chart_rows | tail -1)"
check "the y axis is scaled to the data and those lines, not to CIWA-Ar's 67" \
	not grep -q '67' "$WORK/chart"
TEN=$(row_of 10)
NINETEEN=$(row_of 19)
check "the 10+ line is below the 19+ line" [ "${TEN:-0}" -gt "${NINETEEN:-99}" ]
# Points: the mild ones (9) under the 10+ line, the moderate ones (10, 12)
# between it and the 19+ line; none on a line's row.
below=no between=no on_line=no
for r in $(point_rows); do
	[ "$r" -gt "$TEN" ] && below=yes
	[ "$r" -lt "$TEN" ] && [ "$r" -gt "$NINETEEN" ] && between=yes
	{ [ "$r" = "$TEN" ] || [ "$r" = "$NINETEEN" ]; } && on_line=yes
done
check "CIWA-Ar's mild scores (9) land below its 10+ line" [ "$below" = yes ]
check "the moderate ones (10, 12) land above it, below 19+" [ "$between" = yes ]
check "no point lands on a line's row" [ "$on_line" = no ]
check "the row just under the 10+ line holds the 9s" sh -c \
	'echo "$1" | grep -q "●"' sh "$(chart_rows | sed -n "$((TEN + 1))p")"
check "the row just above it holds the 10 and the 12" sh -c \
	'[ "$(echo "$1" | grep -o "●" | wc -l)" -eq 2 ]' sh "$(chart_rows | sed -n "$((TEN - 1))p")"

# z zooms in time whatever the length of the stay (18h 30m here): the
# whole stay first, then 8 hours and 2 hours (3 days and 24 hours are no
# shorter than this stay), then the whole stay again, each said on screen.
# The spans are chart.h's, which the patient screen calls.
check "opened on the whole stay (shorter than 3 days)" tui_shows "CIWA-Ar, whole stay"
check "...from the admission" tui_shows_re "└─ 11-20 20:00 ─"
tui_keys z
check "z: 8 hours" tui_wait "CIWA-Ar, 8 hours"
check "...the time axis starts 8 hours before now" tui_shows_re "└─ 11-21 06:30 ─"
tui_keys z
check "z: 2 hours" tui_wait "CIWA-Ar, 2 hours"
check "...from 12:30" tui_shows_re "└─ 11-21 12:30 ─"
check "...only the 12 in the span, above the 10+ line" \
	[ "$(point_rows)" = "$(($(row_of 10) - 1)) " ]
tui_keys z
check "z: back to the whole stay" tui_wait "CIWA-Ar, whole stay"
check "...from the admission" tui_shows_re "└─ 11-20 20:00 ─"
tui_keys q q
check "q q quits cleanly" tui_wait "[vigil exited 0, terminal restored]"
tui_done
