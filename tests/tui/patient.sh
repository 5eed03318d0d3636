#!/bin/sh
# The patient screen: header, a line per active scale (last score, due time
# and why), the trend chart (time on x, score on y, band thresholds and the
# protocol's decision lines marked), the history and the selected
# assessment's items, the assessment in full, the patient's other scales
# (Tab) and time spans (z). Warnings and not done: protocol.sh; the chart's
# doses, vital signs, notes and last use, at 80x24: chart.sh. Here 80x28,
# so that under the vital signs and the readiness lines the chart keeps a
# row for each band and the item pane all of a COWS.
. "$(dirname "$0")/lib/tui.sh"
tui_demo
ID=$(tui_next_id)
tui_cows MRN1002 14:20 $COWS_14 --note "Restless, asked for a blanket"
tui_cli nurse patient admit MRN3001 --name "New Admission" --bed 12 >/dev/null
tui_start VIGIL_USER=nurse VIGIL_PASSWORD=demo-nurse
tui_resize 80 28
tui_wait "Board: 11 patients" >/dev/null
tui_keys j Enter

check "header: name, MRN, bed, admitted" \
	tui_wait_re "^ Jordan Ellis  MRN1002  bed 2  admitted 2026-11-[0-9]{2} [0-9]{2}:[0-9]{2} "
check "the chart's scale and span: the whole stay (shorter than 3 days)" \
	tui_shows "COWS, whole stay"
check "a line per active scale: the one shown marked, last score, when, due and why" \
	tui_shows_re "^  ▸ COWS    14/48 moderate 14:20 due 15:20 \(in 50m\)  COWS 14 moderate: hourly$"
check "...a scale without a protocol is not timed" \
	tui_shows_re "^    Craving  4/10          13:29 not timed$"
# The chart at 80x28 has 5 rows: each line a row of its own with a row of
# values on both sides, the y axis scaled to the data (up to 36) and the
# lines that matter: the protocol's decision line and the band the peak
# is in (chart_scale.sh: more rows, CIWA-Ar, zoom).
check "y axis scaled to the data, labelled at each line" tui_shows " 36│"
check "band thresholds are marked (dotted), labelled with the value and named" \
	tui_shows_re "^ 25│┄+ 25\+ mod\. severe$"
check "the protocol's decision line: solid, on its own row, labelled" \
	tui_shows_re "^  8│─+ 8 induction threshold \(COWS 8\)$"
check "no point on a line's row: above or below at a glance" \
	not tui_shows_re "^ +(25|8)│.*●"
check "the totals as points" tui_shows_re "^   │ *●"
check "the bottom row from 0" tui_shows_re "^  0│●"
check "time axis from admission to now" tui_shows_re "└─ 11-[0-9]{2} [0-9]{2}:[0-9]{2} ──"
check "...to now" tui_shows "── now ─"
check "history: time, marks (n: a note), total, band, performer, status" \
	tui_shows "11-21 14:20  n14/48 moderate     nurse    final"
check "history header" tui_shows "Time          Total Band         By       Status"
check "the selected assessment's items, in scale order, with the heart rate" \
	tui_shows "│pulse         1 hr 96"
check "...down to the last item" tui_shows "│gooseflesh    0"
check "the newest is selected" tui_shows "#$ID items"
tui_keys j
check "moving down selects the next assessment" tui_wait_gone "#$ID items"
tui_keys k

# The assessment in full.
tui_keys Enter
check "Enter shows the assessment in full" tui_wait "Assessment $ID: COWS 14/48 moderate, final"
check "with who and when" \
	tui_shows "Performed 2026-11-21 14:20 by nurse; entered 2026-11-21 14:30 by"
check "and each item with its anchor text" \
	tui_shows "Resting pulse rate: 1 (hr 96 bpm) - pulse rate 81-100"
tui_keys Escape
check "Esc closes it" tui_wait_gone "Performed 2026-11-21"

# Other scales and time spans: Tab goes through the patient's own scales.
tui_keys Tab
check "Tab: the patient's next scale (craving)" tui_wait "Craving, whole stay"
check "...marked in the scale lines" tui_shows_re "^  ▸ Craving  4/10 "
check "a total-only scale has no threshold lines" not tui_shows "┄"
tui_keys Tab
check "Tab: back to COWS, not to scales the patient never had" tui_wait "COWS, whole stay"
# z zooms in whatever the stay (52 hours here): each span clearly shorter
# than it (chart.h), then the whole stay again.
tui_keys z
check "z: 24 hours" tui_wait "COWS, 24 hours"
check "the 24 hour axis starts a day ago" tui_shows "└─ 11-20 14:30 ──"
tui_keys z
check "z: 8 hours" tui_wait "COWS, 8 hours"
tui_keys z
check "z: 2 hours" tui_wait "COWS, 2 hours"
tui_keys z
check "z: back to the whole stay" tui_wait "COWS, whole stay"
tui_keys z
tui_wait "COWS, 24 hours" >/dev/null

# The list reads its newest rows first (64 of Jordan Ellis's 141) and
# older ones as it scrolls: End reaches the first entry of the stay.
tui_keys End
check "End: the list reaches the oldest entry, read as the list scrolls" \
	tui_wait_re "^11-19 04:30 +U last used: "
tui_keys Home
check "Home: back to the newest" tui_wait "#$ID items"

# A new assessment from here uses the scale shown; Esc with nothing typed
# leaves without asking.
tui_keys n
check "n from the patient: a COWS for this patient" tui_wait "New COWS for Jordan Ellis"
tui_keys Escape
check "Esc with nothing typed returns at once" tui_wait "COWS, 24 hours"
tui_keys q
check "q returns to the board" tui_wait "Board: 11 patients"

# A patient with no assessments yet.
tui_keys / MRN3001 Enter Enter
check "a patient without assessments: the list says so" \
	tui_wait "No assessments on this scale. n: new one."
check "and so does the chart" tui_shows "no current assessments on this scale"
check "a new patient is on no scale: nothing is due" \
	tui_shows "On no scale: nothing is due. n records one (the scale becomes active)."
tui_keys Tab
check "Tab on a patient who has had no scale: none to go through" \
	tui_wait "New Admission has been on no scale yet: n records one."
tui_keys q
tui_wait "Board: 11 patients" >/dev/null

# An assessment changed outside vigil (issue 8): its row is marked and its
# score shown nowhere; opening or amending it is refused, naming it.
sqlite3 "$DB" "DROP TRIGGER assessments_no_update;
	UPDATE assessments SET total = 2, band = 'none' WHERE id = $ID"
tui_keys / MRN1002 Enter Enter
check "a forged assessment is marked in the history, its score not shown" \
	tui_wait "11-21 14:20 ! #$ID changed outside vigil: not shown"
check "...nor in its scale's line" \
	tui_shows_re "^  ▸ COWS +last assessment changed outside vigil: not shown$"
check "...selecting it names it in the status line" \
	tui_shows "assessment $ID does not match the audit log (changed outside vigil)"
tui_keys Enter
check "Enter does not open it" not tui_shows "Assessment $ID: COWS"
tui_keys a
check "a: amending it is refused, naming it" \
	tui_wait "assessment $ID does not match the audit log (changed outside vigil)"
check "...and no amendment starts" not tui_shows "Amending assessment $ID"
tui_keys j
check "the assessment before it still shows" tui_wait_re "^11-21 [0-9:]{5}  +[0-9]+/48 "
tui_keys q
tui_wait "Board: 11 patients" >/dev/null
tui_keys q
check "q quits cleanly (exit 0: no leak under ASan), terminal restored" \
	tui_wait "[vigil exited 0, terminal restored]"
tui_done
