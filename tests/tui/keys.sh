#!/bin/sh
# One key table drives dispatch, the hint line, the help screen and the man
# page: the KEYS section of vigil-tui(1) must be what the program's table
# says (regenerate it with tests/tui/lib/man-keys.sh), and the help screen
# shows the table's lines.
. "$(dirname "$0")/lib/tui.sh"
MAN="$(dirname "$0")/../../man/vigil-tui.1"

sh "$(dirname "$0")/lib/man-keys.sh" "$VIGIL_BIN" >"$WORK/keys.want"
sed -n '/^\.\\" keys: begin/,/^\.\\" keys: end/p' "$MAN" | sed '1d;$d' >"$WORK/keys.man"
check "the key table is not empty" test "$(grep -c '^\.It' "$WORK/keys.want")" -gt 50
check "vigil-tui(1) lists exactly the program's keys" \
	diff -u "$WORK/keys.want" "$WORK/keys.man"
check "vigil-tui(1) lints clean" sh -c \
	'out=$(mandoc -Tlint -Wwarning "$0" 2>&1) && [ -z "$out" ]' "$MAN"
for v in VIGIL_IDLE_SECONDS VIGIL_USER VIGIL_PASSWORD VIGIL_NOW VIGIL_BUSY_TIMEOUT NO_COLOR \
	VIGIL_TUI_BENCH; do
	check "vigil-tui(1) documents $v" grep -q "$v" "$MAN"
done

# The help screen says the same as the table, screen by screen.
tui_demo
tui_start VIGIL_USER=nurse VIGIL_PASSWORD=demo-nurse
tui_wait "Board: 10 patients" >/dev/null
tui_keys n
tui_wait "1. Resting pulse rate" >/dev/null
tui_keys '?'
check "help on the entry screen starts with its keys" tui_wait "Assessment entry"
check "...as the table says" tui_shows \
	"0-9               the item's score; on a measured item (COWS pulse) the"
tui_keys q
check "q closes help, back to the entry" tui_wait "1. Resting pulse rate"
tui_keys 8 8 Enter 2 3 1 1 1 1 1 1 0 0 F1
check "F1 on the review page (where ? is text)" tui_wait "Assessment review (before saving)"
check "...lists its keys" tui_shows "Up, S-Tab         previous field; from the first field, back to the last item"
tui_keys Escape
tui_wait "Review, then Enter to save." >/dev/null
tui_keys Escape
tui_wait "Discard?" >/dev/null
tui_keys y
tui_wait "Board: 10 patients" >/dev/null
tui_keys q
check "q quits cleanly (exit 0: no leak under ASan), terminal restored" \
	tui_wait "[vigil exited 0, terminal restored]"
tui_done
