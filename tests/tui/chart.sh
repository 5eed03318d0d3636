#!/bin/sh
# The rest of the chart in the terminal interface (issue 9), on a training
# database: a dose from the board with the usual dose in 3 keys, a dose
# from the patient screen (its D row in the timeline and the marker it
# draws under the chart), a refused dose (over the plausible maximum: one
# line, nothing stored), the 24-hour maximum flagged before and after
# saving and on the board, vital signs with a flagged value marked (and a
# refused one), a note in the timeline, last use in the admit form and
# induction readiness on the board and patient screen, the CIWA-Ar review
# page's pulse and BP, correcting a note, correcting and voiding a dose
# from the patient screen, and the new keys in help.
. "$(dirname "$0")/lib/tui.sh"

# vigil as a user of this ward: as USER PASSWORD [VIGIL_NOW] ARGS...
as_user() {
	_u=$1 _p=$2 _now=$3
	shift 3
	VIGIL_NOW=$_now VIGIL_USER=$_u VIGIL_PASSWORD=$_p "$VIGIL_BIN" --db "$DB" "$@"
}
nurse() {
	as_user ann ann-password 2026-11-21T14:30 "$@"
}

# Every record and the audit log: what a refusal must leave as it was.
snapshot() {
	sqlite3 "$DB" "SELECT * FROM chart_entries; SELECT * FROM chart_voids;
		SELECT * FROM assessments; SELECT * FROM patients;
		SELECT seq, entity, entity_id, action, detail FROM audit_log
		WHERE action NOT IN ('login-try', 'login')" | cksum
}
count() {
	sqlite3 "$DB" "SELECT count(*) FROM chart_entries WHERE $1"
}
# The id the next chart entry will get (D12, V12, T12 and U12 share them).
next_id() {
	sqlite3 "$DB" "SELECT coalesce(max(id), 0) + 1 FROM chart_entries"
}

VIGIL_NEW_PASSWORD=boss-password VIGIL_NOW=2026-11-21T08:00 \
	"$VIGIL_BIN" --db "$DB" init --training --admin boss >"$WORK/init.out" 2>&1
VIGIL_NEW_PASSWORD=ann-password as_user boss boss-password 2026-11-21T08:00 \
	user add ann --role nurse >/dev/null
as_user ann ann-password 2026-11-21T08:00 patient admit MRN1001 --name "Pat Opioid" --bed 1 \
	>/dev/null
as_user ann ann-password 2026-11-21T08:00 patient admit MRN1002 --name "Al Cohol" --bed 2 \
	>/dev/null
nurse record MRN1001 cows hr=104 sweating=2 restlessness=3 pupils=1 aches=1 nose=2 gi=2 \
	tremor=1 yawning=1 anxiety=2 gooseflesh=0 --at "2026-11-21 14:00" >/dev/null
nurse record MRN1002 ciwa-ar nausea=2 tremor=2 sweats=2 anxiety=2 agitation=2 headache=2 \
	tactile=0 auditory=0 visual=0 orientation=0 --at "2026-11-21 14:20" >/dev/null
check "the ward is set up (training database, two patients, a COWS and a CIWA-Ar)" \
	[ "$(sqlite3 "$DB" 'SELECT count(*) FROM assessments')" = 2 ]

tui_start VIGIL_USER=ann VIGIL_PASSWORD=ann-password
check "board opens" tui_wait "Board: 2 patients"
check "a patient on COWS without a last use: readiness mark '-'" \
	tui_shows_re "^  -. 1   Pat Opio… MRN1001 "
check "...a patient on CIWA-Ar (no induction criteria): no readiness mark" \
	tui_shows_re "^   . 2   Al Cohol  MRN1002 "
check "the board's hints name the dose and vitals keys" tui_shows "D dose  V vitals"

# ---- a dose from the board: the usual dose in 3 keys -------------------------
ID=$(next_id)
tui_keys D
check "D opens the dose form on the selected patient" \
	tui_wait "Dose given to Pat Opioid (MRN1001), bed 1"
check "...says it is a record, not an order" tui_shows "A record of what was given, never an order."
check "...the drug list in force, with usual dose, routes and what it treats" \
	tui_shows_re "^  buprenorphine +4 mg +SL BUCCAL +COWS SOWS"
check "...the drug offered first treats the scale due first (selected)" \
	sh -c "tmux -L \"\$0\" capture-pane -t tui -p -e | grep 'buprenorphine  ' | grep -q '7m'" "$TUI_SOCKET"
check "...nothing given to the patient yet" tui_shows "Last given to this patient: none recorded"
tui_keys Enter
check "Enter takes the drug: the usual dose offered, its first unit and route" \
	tui_wait_re "^ Amount +4 +usual 4 mg \(type to replace\); up to 32 mg"
check "...route SL, cyclable" tui_shows_re "^ Route +SL +SL or BUCCAL \(Left, Right\)"
check "...decision support, labelled" tui_shows "Decision support: the unit's protocol, not an order"
check "...what was given in the last 24 hours" \
	tui_shows "buprenorphine given in the 24 h to 14:30: none"
check "...induction readiness for buprenorphine: not met, what is missing" \
	tui_shows "induction readiness (decision support): criteria not met: last use not"
check "...what Enter records" tui_shows "Enter records: buprenorphine 4 mg SL given now, 14:30"
tui_keys Enter
check "Enter records it: the status line says it was given, and what it makes due" \
	tui_wait "Recorded D$ID: buprenorphine 4 mg SL given to Pat Opioid at 14:30. Then:"
check "...the post-dose reassessment from the protocol" tui_shows "COWS due 15:30"
BOARD_DOSE_KEYS=$KEYS_SENT
check "from the board to a saved usual dose: 3 keys (D Enter Enter)" [ "$KEYS_SENT" = 3 ]
echo "# keys from the board to a saved usual dose: $BOARD_DOSE_KEYS"
check "stored: buprenorphine 4 mg SL for MRN1001" \
	[ "$(sqlite3 "$DB" "SELECT drug, amount, unit, route FROM chart_entries WHERE id = $ID")" = \
		"buprenorphine|4000|mg|SL" ]

# ---- a refused dose: over the plausible maximum --------------------------------
tui_keys j D lor Enter
check "typing narrows the drug list: lorazepam taken" tui_wait "Drug: Lorazepam (lorazepam)"
check "...the protocol's dose range for the latest CIWA-Ar, labelled" \
	tui_shows "protocol's dose range for CIWA-Ar 12 (14:20): CIWA-Ar 11-15:"
check "...and the 24-hour maximum" tui_shows "the protocol's most in 24 h: lorazepam 12 mg (1 mg"
tui_keys 40
check "a typed amount replaces the offered one, checked as typed" \
	tui_wait "lorazepam 40 mg is more than the largest plausible single dose (4 mg): check"
BEFORE=$(snapshot)
tui_keys Enter
check "Enter: refused in one line, the core's message" \
	tui_wait "! lorazepam 40 mg is more than the largest plausible single dose (4 mg): check"
check "...nothing stored" [ "$(snapshot)" = "$BEFORE" ]
check "...the form stays with what was typed" tui_shows_re "^ Amount +40 "
tui_keys Escape
check "Esc: back to the drug list" tui_wait "type to narrow; Up, Down; Enter takes it"
tui_keys Escape
check "Esc again: the board, nothing recorded" tui_wait "No dose recorded."
check "...still nothing stored" [ "$(snapshot)" = "$BEFORE" ]

# ---- the 24-hour maximum: flagged before and after saving, and on the board ----
ID=$(next_id)
tui_keys D
check "for the patient on CIWA-Ar, the first drug that treats it is offered first" \
	sh -c "tmux -L \"\$0\" capture-pane -t tui -p -e | grep 'chlordiazepoxide  ' | grep -q '7m'" "$TUI_SOCKET"
tui_keys lor Enter 4 Enter
check "lorazepam 4 mg recorded" tui_wait "Recorded D$ID: lorazepam 4 mg PO given to Al Cohol"
ID=$(next_id)
tui_keys D
check "...and offered first next time: the drug last given" \
	tui_wait "Last given to this patient: lorazepam 4 mg PO at 11-21 14:30"
tui_keys Enter 4 Enter
check "a second lorazepam 4 mg" tui_wait "Recorded D$ID: lorazepam 4 mg PO given to Al Cohol"
tui_keys D Enter 4
check "a dose that would reach the maximum is flagged before it is saved" \
	tui_wait "* with this dose: lorazepam 12 mg in 24 h: reaches the protocol's 12 mg: tell"
check "...after what was given in 24 h" tui_shows "lorazepam given in the 24 h to 14:30: 8 mg"
tui_keys Enter
check "it is recorded all the same (it was given), flagged in the status line" \
	tui_wait "* lorazepam 12 mg in 24 h: reaches the protocol's 12 mg: tell the clinician."
check "...stored" [ "$(count "drug = 'lorazepam'")" = 3 ]
tui_keys k j
check "the board marks the row '*'" tui_wait_re "^ \* . 2   Al Cohol  MRN1002 "
check "...and the selected row's status line says why" \
	tui_wait "* lorazepam 12 mg in 24 h: reaches the protocol's 12 mg: tell the clinician"

# ---- vital signs: a flagged value marked; a refused one --------------------------
tui_keys k
KEYS_SENT=0
ID=$(next_id)
tui_keys V
check "V opens the vital-signs form" tui_wait "Vital signs of Pat Opioid (MRN1001), bed 1"
check "...each value with its range and the protocol's flags" \
	tui_shows_re "^ Heart rate +/min, 20-250 \(flagged > 120, < 50\)"
tui_keys "130 150/95 37.2 16 97"
check "a flagged value is marked as it is typed" tui_wait "! flagged: hr 130 > 120"
tui_keys Enter
check "Enter records them; the flagged value is marked in the status line" \
	tui_wait "Recorded V$ID for Pat Opioid at 14:30: HR 130!  BP 150/95  T 37.2  RR 16  SpO2"
check "...with why" tui_shows "Flagged: hr 130 > 120."
echo "# keys from the board to a saved set of vital signs: $KEYS_SENT (V, Enter, and the 21 characters of '130 150/95 37.2 16 97', spaces moving between fields)"
check "from the board to saved vital signs: V, the values, Enter (23 keys in all)" \
	[ "$KEYS_SENT" = 23 ]
check "stored: hr 130, BP 150/95, temp 37.2, rr 16, spo2 97" \
	[ "$(sqlite3 "$DB" "SELECT hr, sys, dia, temp, rr, spo2 FROM chart_entries WHERE id = $ID")" = \
		"130|150|95|372|16|97" ]
BEFORE=$(snapshot)
tui_keys V 300 Enter
check "an implausible value is refused in one line" \
	tui_wait "! heart rate: 300 is not plausible (20-250)"
check "...nothing stored" [ "$(snapshot)" = "$BEFORE" ]
tui_keys Escape
tui_wait "No vital signs recorded." >/dev/null

# ---- the patient screen: timeline, vitals, a dose, its marker, a note ------------
tui_keys Enter
check "the patient screen opens" tui_wait "Pat Opioid  MRN1001  bed 1"
check "the latest vital signs, the flagged value marked, with a trend of heart rate" \
	tui_shows_re "^ Vitals 14:30: HR 130! BP 150/95 T 37.2 RR 16 SpO2 97  trend HR 104 130!"
check "induction readiness, labelled decision support" \
	tui_shows "induction readiness (decision support): criteria not met: last use not"
check "the timeline: the dose given (D row)" tui_shows_re "^11-21 14:30   D buprenorphine 4 mg SL given"
check "...the vital signs (V row), flags marked" tui_shows_re "^11-21 14:30   V HR 130! BP 150/95 "
check "...the COWS pulse, stored as a vital sign, with its assessment" \
	tui_shows_re "^11-21 14:00   V HR 104 "
check "...interleaved with the assessments by time" \
	[ "$(tui_screen | grep -E '^11-2[01] ' | awk '{ printf "%s %s,", $2, $3 }')" = \
		"14:30 V,14:30 D,14:00 17/48,14:00 V," ]
check "the chart marks the dose given under its time" sh -c "
	tmux -L \"\$0\" capture-pane -t tui -p | grep -A1 '└─' | tail -1 | grep -q '▲  ▲: dose given'" "$TUI_SOCKET"
tui_keys D
check "D on the patient screen: the drug last given is offered first" \
	tui_wait_re "^  buprenorphine .*COWS SOWS"
ID=$(next_id)
tui_keys Enter 2
check "...2 typed over the usual dose" tui_wait "Enter records: buprenorphine 2 mg SL given now, 14:30"
check "...given in 24 h counts the earlier dose" tui_shows "buprenorphine given in the 24 h to 14:30: 4 mg"
tui_keys Enter
check "recorded from the patient screen" \
	tui_wait "Recorded D$ID: buprenorphine 2 mg SL given to Pat Opioid at 14:30."
check "...back on the patient screen, its D row at the top" \
	tui_wait_re "^11-21 14:30   D buprenorphine 2 mg SL given +│"
check "...and selected" tui_shows "│D$ID dose given"
check "...the pane shows it given, by whom" tui_shows "│given 14:30"
check "...still marked under the chart" sh -c "
	tmux -L \"\$0\" capture-pane -t tui -p | grep -A1 '└─' | tail -1 | grep -q '▲  ▲: dose given'" "$TUI_SOCKET"
tui_keys Enter
check "Enter shows the dose in full: given, who and when" \
	tui_wait "Dose D$ID: buprenorphine 2 mg SL given; final"
check "...given and entered" tui_shows "Given 2026-11-21 14:30 by ann; entered 2026-11-21 14:30 by ann"
DOSE=$ID
tui_keys Escape
ID=$(next_id)
tui_keys T "Restless, asked for fluids" Enter
check "T writes a note: recorded" tui_wait "Recorded note T$ID for Pat Opioid (MRN1001)."
check "...shown in the timeline (T row)" tui_wait_re "^11-21 14:30   T Restless, asked for fluids"
check "...stored" [ "$(sqlite3 "$DB" "SELECT kind, note FROM chart_entries WHERE id = $ID")" = \
	"note|Restless, asked for fluids" ]

# ---- correcting a note; correcting and voiding a dose ---------------------------
NOTE=$ID
ID=$(next_id)
tui_keys a
check "a on the note: its text to correct, and a reason" tui_wait "Correct note T$NOTE: change"
tui_keys C-u "Restless, asked for water" Enter "wrong word" Enter
check "the note corrected" tui_wait "T$NOTE corrected by T$ID; T$NOTE stays, marked amended."
check "...the correction in the timeline" tui_wait_re "^11-21 14:30 C T Restless, asked for water"
check "...the original kept, marked amended" \
	tui_shows_re "^11-21 14:30 A T Restless, asked for fluids +amended"
# select TEXT: moves down the history until the pane shows TEXT.
select_pane() {
	_i=0
	while [ $_i -lt 12 ]; do
		tui_shows "$1" && return 0
		tui_keys j
		sleep 0.1
		_i=$((_i + 1))
	done
	tui_wait "$1"
}
check "the dose selected" select_pane "│D$DOSE dose given"

ID=$(next_id)
tui_keys a
check "a: the correction asks for the amount (and unit, route, time) and a reason" \
	tui_wait "Correct dose D$DOSE: change what was wrong, then give the reason."
tui_keys C-u 3 Enter Enter Enter Enter "charted 2 mg, 3 mg given" Enter
check "corrected: the new entry names the old one" \
	tui_wait "D$DOSE corrected by D$ID; D$DOSE stays, marked amended."
check "...the correction in the timeline, the original marked amended" \
	tui_shows_re "^11-21 14:30 A D buprenorphine 2 mg SL given +amended"
check "...stored: the correction of 3 mg, superseding the original" \
	[ "$(sqlite3 "$DB" "SELECT amount, supersedes_id FROM chart_entries WHERE id = $ID")" = "3000|$DOSE" ]
tui_keys v
check "v on the correction: marks it entered in error, asking for a reason" \
	tui_wait "Mark dose D$ID (buprenorphine 3 mg SL given, 2026-11-21 14:30 by"

BEFORE=$(snapshot)
tui_keys Enter
check "a void without a reason is refused in the dialog" tui_wait "reason: must not be empty"
check "...nothing stored" [ "$(snapshot)" = "$BEFORE" ]
tui_keys "wrong patient" Enter
check "voided: said so" tui_wait "Marked dose D$ID entered in error; it stays readable."
check "...the row stays, marked in error" tui_wait_re "D buprenorphine 3 mg SL given +in error"
check "...stored as a void with its reason" \
	[ "$(sqlite3 "$DB" "SELECT reason FROM chart_voids WHERE entry_id = $ID")" = "wrong patient" ]
tui_keys q
tui_wait "Board: 2 patients" >/dev/null

# ---- last use at admission, and readiness -------------------------------------
tui_keys a
check "the admit form lists the substances for last use" \
	tui_wait "1 short-acting: short-acting opioid (heroin, oxycodone)"
tui_keys MRN1003 Enter "New Patient" Enter 3 Enter zz Enter 16h Enter
check "an unknown substance is refused with the list, and nobody is admitted" \
	tui_wait "unknown substance 'zz' (use short-acting"
check "...nobody admitted" [ "$(sqlite3 "$DB" "SELECT count(*) FROM patients")" = 2 ]
tui_keys Up C-u 1 Enter Enter
check "admitted with the last use" \
	tui_wait "Admitted New Patient (MRN1003) to bed 3; last used short-acting"
check "...stored: short-acting, 16 hours before now" \
	[ "$(sqlite3 "$DB" "SELECT substance, at FROM chart_entries WHERE kind = 'last-use'")" = \
		"short-acting|2026-11-20T22:30:00Z" ]
nurse record MRN1003 cows hr=104 sweating=2 restlessness=3 pupils=1 aches=1 nose=2 gi=2 \
	tremor=1 yawning=1 anxiety=2 gooseflesh=0 >/dev/null
tui_keys r k j
check "on COWS 17, 16 h after short-acting use: the board marks the criteria met '+'" \
	tui_wait_re "^  \+. 3   New Pat.* MRN1003 "
check "...and says so for the selected row, as decision support" \
	tui_wait "+ induction readiness (decision support): meets unit criteria: COWS 17 >= 8, 16"
tui_keys Enter
check "the patient screen: readiness, labelled" \
	tui_wait "induction readiness (decision support): meets unit criteria: COWS 17 >= 8, 16"
check "...the last use in the timeline (U row)" tui_shows_re "^11-20 22:30   U last used: short-acting"
tui_keys U 2 Enter 2h Enter Enter
check "U records another last use" tui_wait "last used fentanyl at 2026-11-21 12:30"
check "...and readiness follows: fentanyl 2 h ago is not 24 h" \
	tui_wait "criteria not met: 2 h since fentanyl"
tui_keys q
tui_wait "Board: 3 patients" >/dev/null

# ---- CIWA-Ar: pulse and blood pressure on the review page -----------------------
tui_keys / MRN1002 Enter n 2 2 2 2 2 2 0 0 0 0
check "the CIWA-Ar review page asks pulse and BP" tui_wait_re "^ Pulse *$"
check "...BP" tui_shows_re "^ BP *$"
tui_keys 96 Tab 140/85 Enter
check "saved" tui_wait "Saved assessment"
check "...the pulse and BP stored as vital signs taken with it" \
	[ "$(sqlite3 "$DB" "SELECT hr, sys, dia FROM chart_entries WHERE assessment_id = (SELECT max(id) FROM assessments)")" = \
		"96|140|85" ]

# ---- help ---------------------------------------------------------------------
tui_wait "Board: 3 patients" >/dev/null
tui_keys '?'
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
check "help lists the dose key" help_scroll_to "record a dose given to the patient: a drug from the list"
check "...and the readiness mark" sh -c '
	i=0; while [ $i -lt 60 ]; do
		tmux -L "$0" capture-pane -t tui -p | grep -q "^  +, - *buprenorphine induction readiness" && exit 0
		tmux -L "$0" send-keys -t tui Down; sleep 0.05; i=$((i + 1))
	done; exit 1' "$TUI_SOCKET"
tui_keys q q
check "q q quits cleanly" tui_wait "[vigil exited 0, terminal restored]"
verified() {
	as_user boss boss-password 2026-11-21T14:30 audit verify >"$WORK/verify.out" 2>&1
}
check "the audit log verifies: every entry made from the interface is as the log wrote it" verified
tui_done
