#!/bin/sh
# A database locked by another program while saving: the status line says
# so, the entry stays on screen with everything typed, and saving works
# once the lock is gone. The lock is held by the sqlite3 shell in a
# transaction (BEGIN IMMEDIATE) fed from a fifo; VIGIL_BUSY_TIMEOUT=200
# makes vigil give up after 200 ms.
. "$(dirname "$0")/lib/tui.sh"
command -v sqlite3 >/dev/null || { echo "not ok - the sqlite3 shell is needed"; exit 1; }
tui_demo
tui_start VIGIL_USER=nurse VIGIL_PASSWORD=demo-nurse VIGIL_BUSY_TIMEOUT=200
tui_wait "Board: 10 patients" >/dev/null
tui_keys n 8 8 Enter 2 3 1 1 1 1 1 1 0 0
tui_wait "Review, then Enter to save." >/dev/null
tui_keys Tab Tab "sweaty and restless"
COUNT=$(tui_count)

# Another program takes the write lock.
mkfifo "$WORK/fifo"
sqlite3 "$DB" <"$WORK/fifo" >"$WORK/sqlite.out" 2>&1 &
SQLITE_PID=$!
TUI_CLEANUP_EXTRA='kill $SQLITE_PID 2>/dev/null'
exec 3>"$WORK/fifo"
echo "BEGIN IMMEDIATE;" >&3
locked() {
	! sqlite3 "$DB" "BEGIN IMMEDIATE; ROLLBACK;" 2>/dev/null
}
deadline=$(($(date +%s) + TUI_TIMEOUT))
until locked; do
	[ "$(date +%s)" -ge "$deadline" ] && break
	sleep 0.05
done
check "the sqlite3 shell holds the write lock" locked

tui_keys Enter
check "saving says the database is locked" \
	tui_wait "! $DB: database is locked by another program;"
check "the whole message, on two lines" tui_shows "  try again"
check "the review page stays" tui_shows "Review, then Enter to save."
check "with the note typed" tui_shows "Note    sweaty and restless"
check "and the scores" tui_shows "Total 12/48  mild"
check "nothing was saved" test "$(tui_count)" -eq "$COUNT"

# The other program lets go; Enter again saves.
ID=$(tui_next_id)
echo "ROLLBACK;" >&3
exec 3>&-
wait "$SQLITE_PID"
tui_keys Enter
check "once unlocked, Enter saves" tui_wait "Saved assessment $ID: COWS 12/48 mild for Alex Morgan."
check "with the note" sh -c \
	'VIGIL_PASSWORD=demo-nurse "$0" --db "$1" --user nurse show "$2" |
	 grep -q "sweaty and restless"' "$VIGIL_BIN" "$DB" "$ID"
tui_keys q
check "q quits cleanly (exit 0: no leak under ASan), terminal restored" \
	tui_wait "[vigil exited 0, terminal restored]"
tui_done
