#!/bin/sh
# The handover, whole: `vigil shift` on the terminal and `vigil shift -o
# FILE` as pages to print. Per patient: the shift's scores per scale as a
# trend, reassessments missed and not done, doses given with their totals,
# the last vital signs with their flags, induction readiness (decision
# support), what is due next, the 24-hour maximums reached and the shift's
# notes; a patient with nothing says so part by part. The file is the same
# text, a page per patient (a form feed between, at most 66 lines, the
# oldest notes cut first), private, an export (clinicians and admins), not
# replacing a file unless --force.
. "$(dirname "$0")/../lib.sh"

export VIGIL_NOW="2026-11-21 18:00"
DB="$T/ward.db"
OUT="$T/out.d"
mkdir -p "$OUT"
export VIGIL_NEW_PASSWORD=boss-password
v --db "$DB" init --training --admin boss
as boss boss-password
export VIGIL_NEW_PASSWORD=nina-password
v --db "$DB" user add nina --role nurse
export VIGIL_NEW_PASSWORD=cleo-password
v --db "$DB" user add cleo --role clinician

# name_of KIND: the entry named in the output (dose D12, note T12).
name_of() {
	out | sed -n "s/^$1 \\([DVTU][0-9]*\\) .*/\\1/p"
}

# ---- the day shift of 21 November ---------------------------------------------
# Ada has everything: three COWS falling after buprenorphine, a COWS not
# done (asleep), lorazepam up to the protocol's 12 mg in 24 hours (one dose
# corrected), a fever, short-acting use 16 hours ago, two notes and one
# entered in error. Bo has nothing. Cy came in during the shift and has 45
# notes: too many for a page.
as nina nina-password
v --db "$DB" patient admit A1 --name "Ada Lovelace" --bed 3 --at "2026-11-20 20:00"
v --db "$DB" patient admit B1 --name "Bo Empty" --bed 4 --at "2026-11-20 12:00"
v --db "$DB" patient admit C1 --name "Cy Notes" --bed 5 --at "2026-11-21 07:30"
v --db "$DB" patient last-use A1 short-acting --at "2026-11-21 02:00"
v --db "$DB" record A1 cows hr=104 sweating=2 restlessness=3 pupils=1 aches=1 nose=2 gi=2 \
	tremor=1 yawning=1 anxiety=2 gooseflesh=0 --at "2026-11-21 08:00"
v --db "$DB" dose A1 buprenorphine 4 mg --route sl --prn --at "2026-11-21 08:30" --reason "COWS 17"
v --db "$DB" record A1 cows hr=90 sweating=1 restlessness=1 pupils=1 aches=1 nose=1 gi=1 \
	tremor=1 yawning=1 anxiety=1 gooseflesh=0 --at "2026-11-21 09:30"
v --db "$DB" record A1 cows hr=80 sweating=0 restlessness=1 pupils=0 aches=1 nose=0 gi=0 \
	tremor=0 yawning=1 anxiety=1 gooseflesh=0 --at "2026-11-21 13:00"
v --db "$DB" dose A1 lorazepam 4 mg --route po --at "2026-11-21 10:00"
v --db "$DB" dose A1 lorazepam 4 mg --route po --at "2026-11-21 12:00"
v --db "$DB" dose A1 lorazepam 2 mg --route po --at "2026-11-21 14:00"
WAS=$(name_of dose)
v --db "$DB" amend "$WAS" --amount 4 --reason "misread the chart"
FIX=$(name_of dose)
v --db "$DB" dose A1 ondansetron 4 mg --route po --at "2026-11-21 14:30"
v --db "$DB" void "$(name_of dose)" --reason "wrong patient"
v --db "$DB" vitals A1 hr=124 bp=150/95 temp=38.1 --at "2026-11-21 16:05"
v --db "$DB" skip A1 cows --why asleep --at "2026-11-21 17:00" --note "deeply"
v --db "$DB" note A1 "Restless until the first dose; settled by 10:00." --at "2026-11-21 11:00"
v --db "$DB" note A1 "wrong patient" --at "2026-11-21 11:30"
v --db "$DB" void "$(name_of note)" --reason "meant for B1"
v --db "$DB" note A1 "Asked about going home tomorrow." --at "2026-11-21 16:00"
i=1
while [ "$i" -le 45 ]; do
	v --db "$DB" note C1 "Note $i: checked on the patient, resting, asked for water; observations as charted." \
		--at "$(printf '2026-11-21 08:%02d' "$i")"
	i=$((i + 1))
done
check "setup: the chart of the shift" [ "$rc" = 0 -a -n "$FIX" -a "$FIX" != "$WAS" ]

# ---- on the terminal ----------------------------------------------------------
# witness_at FILE: "ward key/head/" when FILE ends with the two lines of
# the witness after a blank line.
witness_at() {
	tail -3 "$1" | sed -n -e '1s/^$/blank/p' -e 's/^\(ward key\|head\) [0-9a-f :]*$/\1/p' | tr '\n' '/'
}

# part_of MRN LABEL: the lines of one part of one patient's handover in
# $T/out, spaces squeezed.
part_of() {
	awk -v mrn="$1" -v label="$2" '
		/^(Bed |No bed)/ { mine = index($0, "  " mrn "  ") > 0; inpart = 0; next }
		!mine { next }
		/^  [A-Z0-9]/ { inpart = substr($0, 3, length(label)) == label }
		/^$/ { inpart = 0 }
		inpart { print }' "$T/out" | tr -s ' '
}

as nina nina-password
v --db "$DB" shift
check "a nurse may read the handover" [ "$rc" = 0 -a ! -s "$T/err" ]
check "a training database's handover says so first, then the shift under way, a blank line" \
	[ "$(sed -n 1,3p "$T/out" | tr '\n' '/')" = "TRAINING DATABASE: not patient data/day shift of 2026-11-21, 2026-11-21 07:00 to 2026-11-21 19:00 (12h 00m)//" ]
check "every patient on the ward by bed, a blank line between" \
	[ "$(grep -B1 -E '^(Bed|No bed) ' "$T/out" | tr '\n' '/')" = "/Bed 3  A1  Ada Lovelace/--//Bed 4  B1  Bo Empty/--//Bed 5  C1  Cy Notes  (admitted 07:30)/" ]
check "fits an 80-column screen" [ "$(widest "$T/out")" -le 80 ]
check "it ends with the ward key and the head, after a blank line" \
	[ "$(witness_at "$T/out")" = "blank/ward key/head/" ]

check "scores: the shift's trend per scale, how many, the highest and who" \
	[ "$(part_of A1 Scores)" = " Scores COWS 17 → 10 → 4 (3 scores; last none; highest 17 at 08:00; by
 nina)" ]
check "missed: the reassessments missed per scale" \
	sh -c 'printf "%s\n" "$1" | grep -qE "^ Missed COWS [0-9]+ reassessments? missed$"' - "$(part_of A1 Missed)"
check "... and the one not done, when, why, the note" \
	[ "$(part_of A1 Missed | tail -1)" = " COWS not done at 17:00: asleep (deeply)" ]
check "doses given: time, drug, amount, unit, route, PRN, who and why; the correction, not the error" \
	[ "$(part_of A1 Doses)" = " Doses given 08:30 buprenorphine 4 mg SL PRN by nina (COWS 17)
 10:00 lorazepam 4 mg PO by nina
 12:00 lorazepam 4 mg PO by nina
 14:00 lorazepam 4 mg PO by nina
 total: buprenorphine 1 dose 4 mg; lorazepam 3 doses 12 mg" ]
check "vital signs: the last set, each flag, and how many sets (the COWS pulses count)" \
	[ "$(part_of A1 Vital)" = " Vital signs 16:05 HR 124! BP 150/95 T 38.1! (flagged: hr 124 > 120; temp
 38.1 >= 38.0); the last of 4 sets this shift" ]
check "readiness: decision support naming the protocol, what is met and what is not" \
	[ "$(part_of A1 Readiness | tr '\n' ' ')" = " Readiness decision support (COWS: 4-hourly, hourly from moderate): criteria  not met: COWS 4 < 8 (met: 16 h since short-acting use >= 12 h) " ]
check "due next: from the patient's state, with why" \
	[ "$(part_of A1 Due)" = " Due next COWS due 19:00 (asleep at 17:00: recheck 2 h)" ]
check "24-h limits: lorazepam at the protocol's maximum" \
	[ "$(part_of A1 24-h | tr '\n' ' ')" = " 24-h limits lorazepam 12 mg in 24 h: reaches the protocol's 12 mg: tell the  clinician " ]
check "notes: the shift's, newest first, not the one entered in error" \
	[ "$(part_of A1 Notes)" = " Notes 16:00 nina: Asked about going home tomorrow.
 11:00 nina: Restless until the first dose; settled by 10:00." ]

check "a patient with nothing: each part says so" \
	[ "$(awk '/^Bed 4 /,/^$/' "$T/out" | tr -s ' ')" = "Bed 4 B1 Bo Empty
 Scores no scores this shift
 Missed none missed or not done
 Doses given no doses given this shift
 Vital signs no vital signs this shift
 Readiness not applicable: not monitored on a scale whose protocol has
 induction criteria
 Due next nothing due: no scale monitored
 24-h limits no drug at its 24-hour maximum
 Notes no notes this shift" ]
check "on the terminal every note, however many" [ "$(part_of C1 Notes | grep -c ' nina: Note ')" = 45 ]
cp "$T/out" "$T/screen"

# The night before: the doses and notes were not in it; what stands now
# (readiness, due, limits) is the same.
v --db "$DB" shift --shift night
check "another shift: its own title" grep -q "^night shift of 2026-11-20, 2026-11-20 19:00 to 2026-11-21 07:00 (12h 00m)$" "$T/out"
check "... Ada: no doses given in it, none missed" \
	[ "$(part_of A1 Doses) / $(part_of A1 Missed)" = " Doses given no doses given this shift /  Missed none missed or not done" ]
check "... Cy, admitted after it, is not in it" [ "$(grep -c 'C1' "$T/out")" = 0 ]

LC_ALL=C v --db "$DB" shift
check "without UTF-8: the trend in ASCII" grep -q "^  Scores      COWS 17 -> 10 -> 4 (3 scores" "$T/out"

# ---- printed: shift -o FILE ------------------------------------------------------
expect_refused "$DB" "a nurse may not print it to a file (an export)" 1 \
	"vigil: nina (nurse) may not export reports: it needs the clinician or admin role" \
	--db "$DB" shift -o "$OUT/nurse.txt"
check "... and no file appears" [ ! -e "$OUT/nurse.txt" ]

as cleo cleo-password
v --db "$DB" shift -o "$OUT/handover.txt"
check "shift -o: what it wrote, then the ward key and the head (its own audit entry)" \
	[ "$rc" = 0 -a ! -s "$T/err" -a "$(sed -n 1p "$T/out")" = "exported the handover of 3 patients to $OUT/handover.txt" \
	-a "$(sed -n 3p "$T/out")" = "head $(sql "$DB" "SELECT seq || ':' || hash FROM audit_log ORDER BY seq DESC LIMIT 1")" ]
check "... in the audit log: who, which shift, how many patients, where" \
	[ "$(sql "$DB" "SELECT actor || ': ' || detail FROM audit_log WHERE action = 'export' ORDER BY seq DESC LIMIT 1")" = "cleo: handover day 2026-11-21: 3 patients to $OUT/handover.txt" ]
check "... the file is private (0600)" [ "$(stat -c %a "$OUT/handover.txt")" = 600 ]
check "... no temporary file left beside it" [ "$(ls -A "$OUT")" = handover.txt ]

# pages FILE: one file per page in $T/page.N, split at form feeds.
pages() {
	rm -f "$T"/page.*
	awk -v dir="$T" 'BEGIN { RS = "\f"; n = 0 } { n++; printf "%s", $0 > (dir "/page." n) }' "$1"
	ls "$T"/page.* | wc -l
}
check "a page per patient: form feeds between them" [ "$(pages "$OUT/handover.txt")" = 3 -a "$(tr -cd '\f' <"$OUT/handover.txt" | wc -c)" = 2 ]
longest=0
heads=0
for p in "$T"/page.*; do
	n=$(wc -l <"$p")
	[ "$n" -gt "$longest" ] && longest=$n
	[ "$(sed -n 1,3p "$p" | tr '\n' '/')" = "TRAINING DATABASE: not patient data/day shift of 2026-11-21, 2026-11-21 07:00 to 2026-11-21 19:00 (12h 00m)//" ] &&
		heads=$((heads + 1))
done
check "no page over 66 lines" [ "$longest" -le 66 -a "$longest" -gt 20 ]
check "each page starts with the training banner and the shift" [ "$heads" = 3 ]
check "80 columns on paper too" [ "$(widest "$OUT/handover.txt")" -le 80 ]
# The patient's block on the page is the one on the screen.
screen_block() {
	awk -v bed="$1" '$0 ~ "^Bed " bed " " { on = 1 } on && /^$/ { exit } on' "$T/screen"
}
check "a page holds the same handover as the screen (Ada)" \
	[ "$(sed -n '4,$p' "$T/page.1")" = "$(screen_block 3)" ]
check "... (Bo)" [ "$(sed -n '4,$p' "$T/page.2")" = "$(screen_block 4)" ]
check "Cy's 45 notes: the newest kept, the rest cut with how many and where to read them" \
	[ "$(grep -c ' nina: Note ' "$T/page.3")" -lt 45 -a \
	"$(grep -c "^              ($((45 - $(grep -c ' nina: Note ' "$T/page.3"))) more notes: see vigil history)$" "$T/page.3")" = 1 \
	-a "$(grep -c ' nina: Note 45:' "$T/page.3")" = 1 ]
check "the witness at the end of the last page" [ "$(witness_at "$T/page.3")" = "blank/ward key/head/" ]

kept=$(filesum "$OUT/handover.txt")
expect_refused "$DB" "an existing file is not replaced" 1 \
	"vigil: $OUT/handover.txt: the file already exists; it was not replaced (--force replaces it)" \
	--db "$DB" shift -o "$OUT/handover.txt"
check "... and is unchanged" [ "$(filesum "$OUT/handover.txt")" = "$kept" ]
v --db "$DB" shift --shift night -o "$OUT/handover.txt" --force
check "--force replaces it" [ "$rc" = 0 -a "$(sed -n 2p "$OUT/handover.txt")" = "night shift of 2026-11-20, 2026-11-20 19:00 to 2026-11-21 07:00 (12h 00m)" ]
v --db "$DB" shift --date 2026-11-21 -o "$OUT/both.txt"
check "--date alone: every shift of the day, each patient's page titled by its shift" \
	[ "$(pages "$OUT/both.txt") $(grep -c '^day shift of 2026-11-21' "$OUT/both.txt") $(grep -c '^night shift of 2026-11-21' "$OUT/both.txt")" = "6 3 3" ]
v --db "$DB" shift --date 2026-11-19 -o "$OUT/empty.txt"
check "shifts with nobody on the ward: a page each that says so" \
	[ "$(pages "$OUT/empty.txt") $(grep -c "^(no patients on the ward during this shift)$" "$OUT/empty.txt")" = "2 2" ]
v --db "$DB" shift -o -
check "-o -: the pages on standard output, the witness at their end" \
	[ "$rc" = 0 -a "$(tr -cd '\f' <"$T/out" | wc -c)" = 2 -a "$(witness_at "$T/out")" = "blank/ward key/head/" ]
expect_fail "-o needs a file name" 2 "vigil shift: -o needs a file name (see 'vigil shift --help')" \
	--db "$DB" shift -o ""
as boss boss-password
v --db "$DB" shift -o "$OUT/admin.txt"
check "an admin may print it" [ "$rc" = 0 -a -s "$OUT/admin.txt" ]
v --db "$DB" audit verify
check "the audit log still verifies" [ "$rc" = 0 ]

finish
