#!/bin/sh
# Assessment entry: a full COWS from the board in 15 keys, saved and then
# seen by `vigil history`; the scale's instruction on the first page; the
# review page's next due time, warnings and bands source (from the core's
# preview); a refused digit; going back an item; the pulse measured or
# scored; a two-digit score; changing the scale; not done instead; discard.
. "$(dirname "$0")/lib/tui.sh"
tui_demo
tui_start VIGIL_USER=nurse VIGIL_PASSWORD=demo-nurse
tui_wait "Board: 10 patients" >/dev/null

# A full COWS for the first patient: n, the heart rate and Enter, ten
# digits, Enter to save.
ID=$(tui_next_id)
KEYS_SENT=0
tui_keys n
check "n opens a COWS for the selected patient" tui_wait "New COWS for Alex Morgan (MRN1001), bed 1"
check "the first item with its qualifier and anchors" \
	tui_shows "beats/minute, measured after the patient is sitting or lying for one minute"
check "every anchor with its score" tui_shows "  4   pulse rate greater than 120"
check "the scale's instruction on the first page" \
	tui_shows "For each item, choose the score that best describes the patient's sign or"
tui_keys 8 8
check "the heart rate derives the score as it is typed" tui_wait "gives score 1"
tui_keys Enter
check "Enter takes it: item 2" tui_wait "Item 2 of 11: 1 ·"
tui_keys 2 3 1 1 1 1 1 1 0 0
check "the last digit leads to the review page" tui_wait "Review, then Enter to save."
check "review shows the measured rate" tui_shows "hr 88"
check "review shows total and band" tui_shows "Total 12/48  mild"
check "...and where the bands come from" \
	tui_shows "Bands: Wesson & Ling 2003; 0-4 has no band in the original"
check "...and the next due time the protocol would set, and why" \
	tui_shows "Next COWS due 18:30 (in 4h 00m): COWS 12 mild: 4-hourly"
check "...no warning for these scores" not tui_shows_re "^ \* "
tui_keys Enter
check "saved" tui_wait "Saved assessment $ID: COWS 12/48 mild for Alex Morgan."
check "back on the board with the new score, due in 4 hours" \
	tui_wait_re "^ [ *][ +-]▃ 1   Alex Mor… MRN1001 COWS 12 mild +0m     .{5}  COWS in 4h 00m$"

echo "# keys from the board to saved: $KEYS_SENT"
check "a full COWS took 15 keys or fewer ($KEYS_SENT)" test "$KEYS_SENT" -le 15
check "vigil history shows it" sh -c \
	'VIGIL_PASSWORD=demo-nurse "$0" --db "$1" --user nurse history MRN1001 | sed -n 2p |
	 grep -Eq "^ +$2 2026-11-21 14:30 ( {3}|  n) COWS +12/48 mild +nurse$"' "$VIGIL_BIN" "$DB" "$ID"
check "with its items and the heart rate" sh -c \
	'VIGIL_PASSWORD=demo-nurse "$0" --db "$1" --user nurse show "$2" | grep -q 88' \
	"$VIGIL_BIN" "$DB" "$ID"

# A refused digit, and going back.
COUNT=$(tui_count)
tui_keys j n
tui_wait "New COWS for Jordan Ellis" >/dev/null
tui_keys 9 5 Enter 2
tui_wait "Item 3 of 11" >/dev/null
tui_keys 2
check "a digit that is not a score is refused with the allowed list" \
	tui_wait "! restlessness: 2 is not a COWS score (allowed: 0, 1, 3, 5)"
check "and the item stays" tui_shows "3. Restlessness"
check "the running total is unchanged" tui_shows "Total so far 3/48"
tui_keys BSpace
check "Backspace goes back an item" tui_wait "2. Sweating"
check "showing the score given" tui_shows "Enter or Down keeps the score marked; a digit changes it"
tui_keys 4
check "a new digit replaces it and moves on" tui_wait "Total so far 5/48"
tui_keys Up
check "Up goes back an item too" tui_wait "2. Sweating"
tui_keys Up
check "back to the pulse, measured at 95" tui_wait "(now hr 95: score 1)"
tui_keys 3 0 0 Enter
check "an implausible rate is refused by the core" \
	tui_wait "! hr: 300 bpm is outside the plausible range 20-250 bpm"
check "the typed rate stays to correct" tui_shows "then Enter: 300"
tui_keys BSpace BSpace BSpace s
check "s: give the pulse score directly" tui_wait "Press the score (0, 1, 2, 4)"
tui_keys 3
check "and that too is checked" tui_wait "! pulse: 3 is not a COWS score (allowed: 0, 1, 2, 4)"
tui_keys 4
check "pulse scored 4 without a rate" tui_wait "Total so far 8/48"

# Discard asks first.
tui_keys Escape
check "Esc asks before discarding" tui_wait "Discard this new COWS for Jordan Ellis (MRN1002)?"
tui_keys n
check "n keeps it" tui_wait_gone "Discard?"
check "with its scores" tui_shows "Total so far 8/48"
tui_keys Escape
tui_wait "Discard?" >/dev/null
tui_keys y
check "y discards it" tui_wait "Assessment discarded; nothing was saved."
check "nothing was saved" test "$(tui_count)" -eq "$COUNT"

# Another scale, chosen before the first score; a two-digit score.
tui_keys n Tab
check "Tab changes the scale before the first score" tui_wait "New Craving for Jordan Ellis"
tui_keys 1
check "1 could still become 10: it waits" tui_wait "Enter takes the number typed"
tui_keys 0
check "10 is taken" tui_wait "Total 10/10"
ID=$(tui_next_id)
# The review page starts on Time (shown first); Tab moves to Reason, Note.
tui_keys Tab Tab "restless, asking for methadone" Enter
check "saved with its note" tui_wait "Saved assessment $ID: Craving 10/10 for Jordan Ellis."
check "the note is stored" sh -c \
	'VIGIL_PASSWORD=demo-nurse "$0" --db "$1" --user nurse show "$2" |
	 grep -q "restless, asking for methadone"' "$VIGIL_BIN" "$DB" "$ID"
tui_keys n 1 Tab
check "Tab after the first score is refused" \
	tui_wait "the scale can change only before the first score"
tui_keys Escape y
tui_wait "Board: 10 patients" >/dev/null
# Digits typed but not taken are never dropped by moving away.
tui_keys n 8 0 Enter Up 1 3 0
check "a typed heart rate shows its score" tui_wait "gives score 4"
tui_keys Down
check "Down with digits pending is refused, saying so" \
	tui_wait "130 is typed but not taken: Enter takes it, Backspace clears it"
# Ctrl-C in the middle of an assessment asks, as Esc does; Enter alone
# does not discard, only y does.
tui_keys C-c
check "Ctrl-C asks before discarding" tui_wait "Discard this new COWS"
tui_keys Enter
check "Enter does not discard: only y" tui_wait "press y to confirm, n or Esc to go back"
tui_keys y
tui_wait "Board: 10 patients" >/dev/null
# A time typed as HH:MM: a few minutes ahead is refused; an earlier one is
# saved and the message gives its full date.
tui_keys n 8 8 Enter 1 1 1 1 1 1 1 1 1 0
tui_wait "Review, then Enter to save." >/dev/null
tui_keys 1 4 : 4 5 Enter
check "HH:MM a little ahead is refused" \
	tui_wait "14:45 today is in the future; give the date for an earlier day"
ID=$(tui_next_id)
tui_keys C-u 1 3 : 0 0
check "the next due time follows the time typed" tui_wait "Next COWS due 17:00 (in 2h 30m)"
check "the time typed is shown as read, before saving" tui_shows "= today 13:00, 1h 30m ago"
tui_keys Enter
check "over an hour back: asked again, with the date it was read as" \
	tui_wait "'13:00' was read as today 13:00, 1h 30m ago."
check "...saying it will be a late entry" tui_shows "entry (L)."
tui_keys n
tui_wait "Review, then Enter to save." >/dev/null
check "n goes back to the time: nothing saved" \
	test "$(sqlite3 "$DB" "SELECT count(*) FROM assessments WHERE id = $ID")" = 0
tui_keys Enter
tui_wait "Save as a late entry?" >/dev/null
tui_keys y
check "HH:MM earlier today is saved, the message giving the full date" \
	tui_wait "Saved assessment $ID: COWS 10/48 mild for Jordan Ellis. Performed 2026-11-21"
check "... at 13:00" test "$(sqlite3 "$DB" "SELECT performed_at FROM assessments WHERE id = $ID")" = 2026-11-21T13:00:00Z
# n starts on the scale the patient is followed on: CIWA-Ar for bed 5.
tui_keys Home j j j j n
check "n on an alcohol patient starts CIWA-Ar" tui_wait "New CIWA-Ar for Casey Novak"
check "...with its instruction" tui_shows "Ask the questions and observe the patient; score each item"
tui_keys N
check "N on the first page: not done instead, for this scale" \
	tui_wait "CIWA-Ar for Casey Novak (MRN1005), bed 5: not done. Why?"
tui_keys Escape
check "Esc leaves the picker, back to the entry" tui_wait "1. Nausea and vomiting"
tui_keys 1 N
check "not after the first score" \
	tui_wait "not done applies before the first score; Esc discards the scores first"
tui_keys Escape y
tui_wait "Board: 10 patients" >/dev/null
tui_keys q
check "q quits cleanly (exit 0: no leak under ASan), terminal restored" \
	tui_wait "[vigil exited 0, terminal restored]"
tui_done
