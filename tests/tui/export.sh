#!/bin/sh
# The export screen and the handover view: a clinician exports a shift
# summary, observations and doses from the interface, and the files parse
# and are what `vigil export` writes for the same choices; an existing file
# is replaced only when confirmed; a nurse gets the core's refusal; the
# handover shows each patient's handover of the shift (the lines `vigil
# shift` prints), goes from patient to patient and between shifts,
# scrolls, and asks to enlarge at 60x20.
. "$(dirname "$0")/lib/tui.sh"
CSV="${VIGIL_TEST_HELPERS:-$(dirname "$VIGIL_BIN")/tests}/csvcheck"
[ -x "$CSV" ] || { echo "not ok - $CSV is missing (make unit-tests builds it)"; exit 1; }

tui_demo
# A voided assessment, so that "include amended and entered-in-error" shows
# in the file; a name too long for its column.
ID=$(tui_next_id)
tui_cows MRN1002 14:20 $COWS_14
tui_cli nurse void "$ID" --reason "wrong patient" >/dev/null
tui_cli nurse patient admit MRN777 --name "Maximiliana Wolfeschlegelsteinhausen" --bed 13 \
	>/dev/null
# A reassessment not done, a dose given and a note, for the handover.
tui_cli nurse skip MRN1009 cows --why refused >/dev/null
tui_cli nurse dose MRN1009 lofexidine 0.2 mg --route po --prn --reason sweats >/dev/null
tui_cli nurse note MRN1009 "Refused the 14:30 COWS; asked to be left to sleep." >/dev/null

# What the command line writes for the same choices.
REF="$WORK/cli"
# The export folder: the config's export-dir, made by vigil.
OUT="$WORK/out"
mkdir -p "$REF"
printf 'export-dir %s\n' "$OUT" >"$WORK/config"
tui_cli clinician export shift --date 2026-11-21 --shift day -o "$REF/day.csv" >/dev/null
tui_cli clinician export shift --date 2026-11-20 --shift night -o "$REF/night.csv" >/dev/null
tui_cli clinician export observations --from 2026-11-21 --scale cows -o "$REF/cows.csv" >/dev/null
tui_cli clinician export observations --patient MRN1002 --all -o "$REF/mrn1002.csv" >/dev/null
tui_cli clinician export doses --patient MRN1002 -o "$REF/doses-mrn1002.csv" >/dev/null

# same_csv TUI_FILE CLI_FILE: parses strictly, same header, same rows.
same_csv() {
	"$CSV" "$1" >/dev/null &&
		[ "$(head -1 "$1")" = "$(head -1 "$2")" ] &&
		[ "$("$CSV" -n "$1")" = "$("$CSV" -n "$2")" ] &&
		cmp -s "$1" "$2"
}

# vigil starts in $WORK; the file names are relative to the export folder.
cd "$WORK" || exit 1
tui_start VIGIL_USER=clinician VIGIL_PASSWORD=demo-clinician VIGIL_CONFIG="$WORK/config"
tui_wait "Board: 11 patients" >/dev/null
check "no export folder before the form is opened" [ ! -e "$OUT" ]

# ---- a shift summary --------------------------------------------------------
tui_keys x
check "x opens the export form, a shift summary by default" \
	tui_wait "What         (*) shift  ( ) observations  ( ) doses  ( ) vitals  ( ) notes"
check "...of the shift under way" tui_shows "Date         2026-11-21"
check "...which it spells out" tui_shows "day shift of 2026-11-21: 07:00 to 19:00 (12h 00m)"
check "...the shifts of the config" tui_shows "day 07:00, night 19:00"
check "...into a file named after it, in the export folder, shown in full" \
	tui_shows "Goes to      $OUT/shift-2026-11-21-day.csv"
check "...which opening the form made, private (0700)" [ "$(stat -c %a "$OUT")" = 700 ]
tui_keys Enter
DAY_ROWS=$("$CSV" -n "$REF/day.csv")
check "Enter exports: the row count and the full path" \
	tui_wait "Exported $DAY_ROWS rows to $OUT/shift-2026-11-21-day.csv"
check "the file parses and is what vigil export shift writes" \
	same_csv "$OUT/shift-2026-11-21-day.csv" "$REF/day.csv"
check "...and the ward key and head witness it on the screen, as summaries print them" \
	tui_shows "Witness      ward key "
check "...private (0600)" [ "$(stat -c %a "$OUT/shift-2026-11-21-day.csv")" = 600 ]
check "...and in the audit log, by the clinician" [ "$(sqlite3 "$DB" "SELECT actor || ': ' ||
	detail FROM audit_log WHERE action = 'export' ORDER BY seq DESC LIMIT 1")" = \
	"clinician: shift summary day 2026-11-21: $DAY_ROWS rows to $OUT/shift-2026-11-21-day.csv" ]

# Another shift, into a file named by hand; then the same file again.
tui_keys Tab C-u 2026-11-20 Tab C-u night
check "typing another shift follows it in the file name" \
	tui_wait "Goes to      $OUT/shift-2026-11-20-night.csv"
tui_keys Tab C-u handover.csv Enter
check "a file name typed by hand" \
	tui_wait "Exported $("$CSV" -n "$REF/night.csv") rows to $OUT/handover.csv"
check "...the night's summary, as vigil export shift writes it" \
	same_csv "$OUT/handover.csv" "$REF/night.csv"
tui_keys Up C-u day Up C-u 2026-11-21 Enter
check "an existing file: asks before replacing it" tui_wait "Replace the file?"
check "...naming it" tui_shows "$OUT/handover.csv already exists."
tui_keys n
check "n: nothing exported" tui_wait "Kept $OUT/handover.csv; nothing exported."
check "...the file is as it was" cmp -s "$OUT/handover.csv" "$REF/night.csv"
check "...the form as typed" tui_shows "Date         2026-11-21"
tui_keys Enter
tui_wait "Replace the file?" >/dev/null
tui_keys y
check "y: replaced (force)" tui_wait "Exported $DAY_ROWS rows to $OUT/handover.csv"
check "...with the day's summary now" same_csv "$OUT/handover.csv" "$REF/day.csv"
check "no temporary file left behind" [ "$(ls -A "$OUT" | wc -l)" = 2 ]

# A date that is no date: the core's message, the form kept.
tui_keys C-u 2026-11-31 Enter
check "a bad date: the core's message in the status line" \
	tui_wait "'2026-11-31' is not a date (use YYYY-MM-DD)"
check "...the form kept as typed" tui_shows "Date         2026-11-31"

# ---- observations -------------------------------------------------------------
tui_keys C-u 2026-11-21 Up Right
check "Right on the choice: observations" \
	tui_wait "What         ( ) shift  (*) observations  ( ) doses  ( ) vitals  ( ) notes"
check "...every patient by default" tui_shows "blank: every patient"
check "...into observations-DATE.csv" tui_shows "Goes to      $OUT/observations-2026-11-21.csv"
tui_keys Tab 2026-11-21 Tab Tab Tab ciwa Enter
check "an unknown scale: the core's message" \
	tui_wait "unknown scale 'ciwa' (known: ciwa-ar, cows, craving, sows)"
check "...the form kept" tui_shows "Scale        ciwa"
check "...and no file" [ ! -e "$OUT/observations-ciwa-2026-11-21.csv" ]
tui_keys C-u cows Enter
check "from a time, one scale" tui_wait_re "^Exported [0-9]+ rows to"
check "...saying the full path (on the next line: it is long)" \
	tui_shows_re "^$OUT/observations-cows-2026-11-21.csv$"
check "...parses, as vigil export observations --from --scale writes it" \
	same_csv "$OUT/observations-cows-2026-11-21.csv" "$REF/cows.csv"
check "...the count on screen is the file's" \
	tui_shows "Exported $("$CSV" -n "$REF/cows.csv") rows to"

# Doses: Right again; the patient's doses given, as vigil export doses writes them.
tui_keys Up Up Up Up Right
check "Right again: doses" tui_wait "What         ( ) shift  ( ) observations  (*) doses  ( ) vitals  ( ) notes"
check "...a drug to choose, blank for all" tui_shows "blank: every drug"
tui_keys Tab C-u Tab Tab MRN1002 Enter
check "doses of one patient exported" tui_wait_re "^Exported [0-9]+ rows? to"
check "...into doses-MRN-DATE.csv, as vigil export doses --patient writes it" \
	same_csv "$OUT/doses-mrn1002-2026-11-21.csv" "$REF/doses-mrn1002.csv"
check "...given ones, named D12" sh -c '"$0" -c id "$1" | grep -q "^D[0-9]"' "$CSV" \
	"$OUT/doses-mrn1002-2026-11-21.csv"
tui_keys Escape
check "Esc: back to the board" tui_wait "Board: 11 patients"

# From a patient: that patient's observations, amended and voided ones too.
tui_keys j Enter
tui_wait "Jordan Ellis  MRN1002" >/dev/null
tui_keys x
check "x on a patient: observations of that patient" tui_wait "Patient MRN  MRN1002"
check "...named after them" tui_shows "observations-mrn1002-2026-11-21.csv"
tui_keys Tab "2026-11-21 12:00" Tab "2026-11-21 08:00" Enter
check "To before From: the core's rule, its message" tui_wait "To must be later than From"
check "...and no file" [ ! -e "$OUT/observations-mrn1002-2026-11-21.csv" ]
tui_keys C-u Up C-u Up
tui_keys Tab yesterday Enter
check "a bad time: said, naming the field" tui_wait "From: 'yesterday' is not a time"
tui_keys C-u Tab Tab Tab Tab Right
check "Right on the toggle: amended and entered-in-error rows too" \
	tui_wait "Include      [x] amended and entered-in-error"
tui_keys Enter
check "exported" tui_wait_re "^Exported [0-9]+ rows to"
check "...as vigil export observations --patient --all writes it" \
	same_csv "$OUT/observations-mrn1002-2026-11-21.csv" "$REF/mrn1002.csv"
check "...with the voided row, flagged" sh -c \
	'"$0" -c status "$1" | grep -qx entered-in-error' "$CSV" \
	"$OUT/observations-mrn1002-2026-11-21.csv"
tui_keys Escape
tui_wait "Jordan Ellis  MRN1002" >/dev/null

# ---- handover -------------------------------------------------------------------
# cows_of MRN COLUMN: the day CSV's COWS row of a patient, one column.
cows_of() {
	"$CSV" "$REF/day.csv" | awk -F'|' -v mrn="$1" -v col="$2" '$5 == mrn && $7 == "cows" { print $col }'
}
# at_end: the scroll marks of the last page.
at_end() {
	tui_screen | grep -q '↑$' && ! tui_screen | grep -q '↓$'
}
# selected TEXT: the screen line starting with TEXT is in reverse video.
selected() {
	tui_screen_escapes | grep -F "$1" | grep -q "$(printf '\033')\\[\\(7\\|[0-9;]*;7\\)[;m]"
}
tui_keys h
check "h on a patient: the handover of the shift under way" \
	tui_wait "day shift of 2026-11-21: 07:00 to 19:00 (12h 00m), under way"
check "...a handover per patient, as many as the CSV names" \
	tui_shows "$("$CSV" -c mrn "$REF/day.csv" | sort -u | wc -l) patients"
check "...first the patient it came from, at the top, with a mark that there is more above" \
	tui_shows_re "^Bed 2  MRN1002  Jordan Ellis +↑$"
check "...selected (reverse video)" selected "Bed 2  MRN1002  Jordan Ellis"
check "...the shift's scores as a trend, as many as the CSV counts" \
	tui_shows_re "^  Scores      COWS [0-9]+ → .* \\($(cows_of MRN1002 8) scores; last $(cows_of MRN1002 14);"
check "...the reassessments missed, as the CSV counts them" \
	tui_shows_re "^  Missed      COWS $(cows_of MRN1002 17) reassessments? missed"
check "...the doses given, with their total" tui_shows_re "^              total: buprenorphine [0-9]+ doses? [0-9.]+ mg *$"
check "...the last vital signs" tui_shows_re "^  Vital signs [0-9]{2}:[0-9]{2} HR [0-9]+"
check "...readiness, as decision support" tui_shows "  Readiness   decision support (COWS"
check "...what is due next" tui_shows_re "^  Due next    COWS (due|overdue since) [0-9]{2}:[0-9]{2} "
check "...the 24-hour limits" tui_shows "  24-h limits "
check "...the shift's notes" tui_shows_re "^  Notes       [0-9]{2}:[0-9]{2} nurse: "
tui_keys Enter
check "Enter: the selected patient (the one it came from)" \
	tui_wait "Jordan Ellis  MRN1002  bed 2"
tui_keys q
tui_wait "under way" >/dev/null
tui_keys End
check "End: the last patient, admitted in the shift, each part saying it has nothing" \
	tui_wait_re "^Bed 13  MRN777  Maximiliana Wolfeschlegelsteinhausen  \\(admitted 14:30\\) *$"
check "...the end of the list: a mark that there is more above, none below" at_end
check "...no scores" tui_shows "  Scores      no scores this shift"
check "...no doses" tui_shows "  Doses given no doses given this shift"
check "...no vital signs" tui_shows "  Vital signs no vital signs this shift"
check "...no notes" tui_shows "  Notes       no notes this shift"
check "...the first patients scrolled away" not tui_shows "Alex Morgan"
tui_keys Up Up
check "Up: patient by patient (bed 10)" tui_wait_re "^Bed 10  MRN1009  Drew Kowalski +↑$"
check "...the reassessment not done, when and why" tui_shows "COWS not done at 14:30: refused"
check "...the dose just given, PRN, by whom and why" \
	tui_shows "  Doses given 14:30 lofexidine 0.2 mg PO PRN by nurse (sweats)"
check "...the note just written" \
	tui_shows "  Notes       14:30 nurse: Refused the 14:30 COWS; asked to be left to sleep."
tui_keys Left
check "Left: the shift before" \
	tui_wait "night shift of 2026-11-20: 19:00 to 2026-11-21 07:00 (12h 00m)"
check "...the same patient kept" tui_shows_re "^Bed 10  MRN1009  Drew Kowalski"
check "...today's dose and note not in it" not tui_shows "lofexidine"
tui_keys Home
check "Home: the first patient" tui_wait_re "^Bed 1  MRN1001  Alex Morgan *$"
tui_keys NPage
check "Page Down scrolls a page" tui_wait_re "^.+ +↑$"
check "...the first patient's line scrolled away" not tui_shows "Bed 1  MRN1001"
tui_keys Left
check "Left again: the day before" tui_wait "day shift of 2026-11-20: 07:00 to 19:00"
tui_keys Right Right
check "Right twice: the shift under way again" tui_wait "2026-11-21: 07:00 to 19:00 (12h 00m), under way"
tui_keys Right
check "...and no later" tui_wait "this is the shift under way: no later one yet"

tui_resize 60 20
check "60x20: the enlarge-the-terminal screen" \
	tui_wait "Please enlarge the terminal to at least 80x24."
check "...no cut-up handover meanwhile" not tui_shows "MRN1002"
tui_resize 80 24
check "back at 80x24: the handover again" tui_wait "under way"
tui_keys x
check "x in the handover: export that shift" tui_wait "Shift        day"
tui_keys Escape
tui_wait "under way" >/dev/null
tui_keys q
check "q: back where it came from, the patient" tui_wait "Jordan Ellis  MRN1002  bed 2"
tui_keys q
check "q: the board" tui_wait "Board: 11 patients"
tui_keys q
check "q quits cleanly (exit 0: no leak under ASan), terminal restored" \
	tui_wait "[vigil exited 0, terminal restored]"

# ---- the default export folder ---------------------------------------------------
# No export-dir: $XDG_DATA_HOME/vigil/exports, made when the form opens.
tui_start VIGIL_USER=clinician VIGIL_PASSWORD=demo-clinician XDG_DATA_HOME="$WORK/x"
tui_wait "Board: 11 patients" >/dev/null
tui_keys x
check "without export-dir, exports go to XDG_DATA_HOME/vigil/exports" \
	tui_wait "/x/vigil/exports/shift-2026-11-21-day.csv"
check "...made private (0700)" [ "$(stat -c %a "$WORK/x/vigil/exports")" = 700 ]
tui_keys Enter
check "...the export there, the full path said" \
	tui_wait "$WORK/x/vigil/exports/shift-2026-11-21-day.csv"
check "...and written there" [ -s "$WORK/x/vigil/exports/shift-2026-11-21-day.csv" ]
tui_keys Escape
tui_wait "Board: 11 patients" >/dev/null
tui_keys q
tui_wait "[vigil exited 0" >/dev/null

# ---- roles ----------------------------------------------------------------------
REFUSED="nurse (nurse) may not export reports: it needs the clinician or admin role"
FILES=$(ls -A "$OUT" | wc -l)
tui_start VIGIL_USER=nurse VIGIL_PASSWORD=demo-nurse
tui_wait "Board: 11 patients" >/dev/null
tui_keys x
check "a nurse pressing x gets the core's refusal" tui_wait "$REFUSED"
check "...and stays on the board" tui_shows "Board: 11 patients"
tui_keys r
tui_wait "Ward reloaded." >/dev/null
tui_keys h
check "...but h shows a nurse the handover" tui_wait "day shift of 2026-11-21: 07:00 to 19:00"
tui_keys x
check "...where x is refused too" tui_wait "$REFUSED"
tui_keys q
tui_wait "Board: 11 patients" >/dev/null
tui_keys Enter x
check "...x on a patient too" tui_wait "$REFUSED"
check "...and no file was written" [ "$(ls -A "$OUT" | wc -l)" = "$FILES" ]

tui_start VIGIL_USER=admin VIGIL_PASSWORD=demo-admin
tui_wait "Board: 11 patients" >/dev/null
tui_keys h
check "an admin may see the handover" tui_wait "day shift of 2026-11-21: 07:00 to 19:00"
tui_done
