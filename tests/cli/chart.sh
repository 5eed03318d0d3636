#!/bin/sh
# The rest of the detox chart on the command line: doses given (and the
# reassessment each makes due, the 24-hour maximum flagged on entry and in
# `vigil due`), vital signs (flagged by the protocols' limits; the COWS
# pulse stored as a heart rate; CIWA-Ar with its pulse and blood pressure),
# notes, last use and buprenorphine induction readiness for each kind of
# last use and each missing fact; show, amend and void of every kind of
# entry; history with everything on one timeline; the drug list shown and a
# unit's own installed (a bad one refused whole); roles; every refusal with
# its message and the database unchanged; the audit log intact at the end.
. "$(dirname "$0")/../lib.sh"

DB="$T/ward.db"

# Every record, the log and the schema, the chart's tables included.
snap_all() {
	{
		snap "$1"
		sqlite3 "$1" "SELECT * FROM chart_entries; SELECT * FROM chart_voids;
			SELECT * FROM drug_lists; SELECT * FROM protocols; SELECT * FROM monitoring;
			SELECT * FROM not_done; SELECT * FROM not_done_voids;"
	} | cksum
}

# refused DESC STATUS MESSAGE ARGS...: expect_fail, then a check that no
# record changed (the chart's tables included).
refused() {
	_before=$(snap_all "$DB")
	expect_fail "$@"
	check "$1: nothing changed" [ "$(snap_all "$DB")" = "$_before" ]
}

# cows TOTAL: a COWS sheet with that total (3, 6, 11 or 14), pulse scored.
cows() {
	case $1 in
	3) echo "pulse=0 sweating=1 restlessness=1 pupils=1 aches=0 nose=0 gi=0 tremor=0 yawning=0 anxiety=0 gooseflesh=0" ;;
	6) echo "pulse=0 sweating=1 restlessness=1 pupils=1 aches=1 nose=1 gi=1 tremor=0 yawning=0 anxiety=0 gooseflesh=0" ;;
	11) echo "pulse=0 sweating=2 restlessness=3 pupils=2 aches=1 nose=1 gi=2 tremor=0 yawning=0 anxiety=0 gooseflesh=0" ;;
	14) echo "pulse=0 sweating=2 restlessness=3 pupils=2 aches=1 nose=2 gi=2 tremor=0 yawning=1 anxiety=1 gooseflesh=0" ;;
	esac
}
# COWS 12 with the pulse measured: hr=104 scores 2.
COWS_HR="hr=104 sweating=2 restlessness=3 pupils=2 aches=1 nose=1 gi=1 tremor=0 yawning=0 anxiety=0 gooseflesh=0"
CIWA9="nausea=4 tremor=3 sweats=2 anxiety=0 agitation=0 tactile=0 auditory=0 visual=0 headache=0 orientation=0"

export VIGIL_NOW="2026-11-21 06:00"
export VIGIL_NEW_PASSWORD=boss-password
v --db "$DB" init --training --admin boss
as boss boss-password
export VIGIL_NEW_PASSWORD=nina-password
v --db "$DB" user add nina --role nurse
export VIGIL_NEW_PASSWORD=cleo-password
v --db "$DB" user add cleo --role clinician
as nina nina-password
for p in 1 2 3 4 5 6 7 8 9; do
	v --db "$DB" patient admit "MRN100$p" --name "Patient $p" --bed "$p"
done
check "setup: nine patients admitted" \
	[ "$(sql "$DB" 'SELECT count(*) FROM patients WHERE discharged_at IS NULL')" = 9 ]
for n in 3 6 11 14; do
	# shellcheck disable=SC2046
	v score cows $(cows "$n")
	check "setup: the COWS sheet for $n totals $n" grep -q "^COWS $n/48" "$T/out"
done

# ---- doses given ------------------------------------------------------------
# MRN1001 on COWS: 3 at 09:30, due 4-hourly (13:30).
export VIGIL_NOW="2026-11-21 09:30"
# shellcheck disable=SC2046
v --db "$DB" record MRN1001 cows $(cows 3)
export VIGIL_NOW="2026-11-21 09:40"
expect_out "dose: a drug that treats no scale makes nothing due" \
	"dose D1 given: loperamide 4 mg PO at 09:40" \
	--db "$DB" dose MRN1001 loperamide 4 mg --route PO
HEAD=" BED  MRN        SCALE    DUE                            WHY"
expect_out "due: the loperamide left the COWS 4-hourly" "$HEAD
 1    MRN1001    COWS     2026-11-21 13:30 in 3h 50m     COWS 3 no active withdrawal: 4-hourly" --db "$DB" due
export VIGIL_NOW="2026-11-21 10:05"
expect_out "dose: given, and the COWS it makes due an hour later" \
	"dose D2 given: buprenorphine 4 mg SL at 10:05
after buprenorphine 4 mg SL at 10:05: COWS due 11:05" \
	--db "$DB" dose MRN1001 BUPRENORPHINE 4 MG --route sl --reason "COWS 14" --note "first dose"
check "dose: stored in thousandths, with the canonical unit and route" \
	[ "$(sql "$DB" "SELECT drug || ' ' || amount || ' ' || unit || ' ' || route || ' ' || reason || ' ' || note FROM chart_entries WHERE id = 2")" = "buprenorphine 4000 mg SL COWS 14 first dose" ]
check "dose: given by nina, not late" \
	[ "$(sql "$DB" "SELECT u.name || ' ' || c.late FROM chart_entries c JOIN users u ON u.id = c.performer_id WHERE c.id = 2")" = "nina 0" ]
export VIGIL_NOW="2026-11-21 10:10"
expect_out "due: the post-dose reassessment at 11:05, and why" "$HEAD
 1    MRN1001    COWS     2026-11-21 11:05 in 55m        after buprenorphine 4 mg SL at 10:05" \
	--db "$DB" due
export VIGIL_NOW="2026-11-21 11:30"
expect_out "due: overdue when the post-dose COWS is not done" "$HEAD
!1    MRN1001    COWS     2026-11-21 11:05 over 25m      after buprenorphine 4 mg SL at 10:05" \
	--db "$DB" due --overdue
export VIGIL_NOW="2026-11-21 11:35"
expect_out "dose --prn --at: a late entry of a dose given earlier, with the COWS already due" \
	"dose D3 given: lofexidine 0.54 mg PO PRN at 11:00
after lofexidine 0.54 mg PO PRN at 11:00: COWS due 12:00 (already due 11:05)" \
	--db "$DB" dose MRN1001 lofexidine 0.54 mg --route po --prn --at "2026-11-21 11:00"
expect_out "dose --scheduled: methadone, a day's dose" \
	"dose D4 given: methadone 30 mg PO at 11:35
after methadone 30 mg PO at 11:35: COWS due 12:35 (already due 11:05)" \
	--db "$DB" dose MRN1001 methadone 30 mg --route PO --scheduled
check "dose: PRN and scheduled stored as such" \
	[ "$(sql "$DB" "SELECT group_concat(dose_kind, ',') FROM chart_entries WHERE id IN (2, 3, 4) ORDER BY id")" = ",prn,scheduled" ]

# Refusals: the drug list and the amount, with the allowed values.
DRUGS="buprenorphine, buprenorphine-naloxone, methadone, lofexidine, clonidine, loperamide, ondansetron, ibuprofen, paracetamol, chlordiazepoxide, diazepam, lorazepam or thiamine"
refused "dose: an unknown drug" 1 "vigil: unknown drug 'heroin' (use $DRUGS)" \
	--db "$DB" dose MRN1001 heroin 4 mg --route SL
refused "dose: a unit the drug does not allow" 1 \
	"vigil: 'g' is not a unit for buprenorphine (use mg)" \
	--db "$DB" dose MRN1001 buprenorphine 4 g --route SL
refused "dose: ug is not mcg" 1 "vigil: 'ug' is not a unit for clonidine (use mcg or mg)" \
	--db "$DB" dose MRN1001 clonidine 100 ug --route PO
refused "dose: a route the drug does not allow" 1 \
	"vigil: 'IV' is not a route for buprenorphine (use SL or BUCCAL)" \
	--db "$DB" dose MRN1001 buprenorphine 4 mg --route IV
refused "dose: no route" 1 "vigil: methadone: the route is missing (use PO)" \
	--db "$DB" dose MRN1001 methadone 10 mg
refused "dose: zero" 1 "vigil: buprenorphine: '0' is not an amount above zero" \
	--db "$DB" dose MRN1001 buprenorphine 0 mg --route SL
refused "dose: negative" 1 "vigil: buprenorphine: '-1' is not an amount above zero" \
	--db "$DB" dose MRN1001 buprenorphine -1 mg --route SL
refused "dose: not a number" 1 \
	"vigil: buprenorphine: 'four' is not an amount (use digits, like 4 or 0.5)" \
	--db "$DB" dose MRN1001 buprenorphine four mg --route SL
refused "dose: over the plausible single maximum" 1 \
	"vigil: buprenorphine 40 mg is more than the largest plausible single dose (32 mg): check the amount" \
	--db "$DB" dose MRN1001 buprenorphine 40 mg --route SL
refused "dose: an unknown patient" 1 "vigil: unknown patient 'MRN9999'" \
	--db "$DB" dose MRN9999 buprenorphine 4 mg --route SL
refused "dose: in the future" 1 \
	"vigil: time 2026-11-21 12:00 is in the future" \
	--db "$DB" dose MRN1001 buprenorphine 4 mg --route SL --at "2026-11-21 12:00"
refused "dose: missing the unit" 2 "vigil dose: missing UNIT (see 'vigil dose --help')" \
	--db "$DB" dose MRN1001 buprenorphine 4
refused "dose: PRN and scheduled at once" 2 \
	"vigil dose: --prn or --scheduled, not both (see 'vigil dose --help')" \
	--db "$DB" dose MRN1001 buprenorphine 4 mg --route SL --prn --scheduled
as boss boss-password
refused "dose: an admin may not give a dose" 1 \
	"vigil: boss (admin) may not chart a dose, vital signs, a note or last use: it needs the nurse or clinician role" \
	--db "$DB" dose MRN1001 buprenorphine 4 mg --route SL
as cleo cleo-password
expect_out "dose: a clinician may" "dose D5 given: ondansetron 4 mg IV at 11:35" \
	--db "$DB" dose MRN1001 ondansetron 4 mg --route iv

# ---- the 24-hour maximum -------------------------------------------------------
# MRN1002 on CIWA-Ar (9 at 12:00: 4-hourly); lorazepam's protocol maximum is
# 12 mg in 24 hours. Reaching it is flagged, and so is passing it; the dose
# is recorded all the same: it was given.
as nina nina-password
export VIGIL_NOW="2026-11-21 12:00"
# shellcheck disable=SC2086
v --db "$DB" record MRN1002 ciwa-ar $CIWA9
export VIGIL_NOW="2026-11-21 12:10"
expect_out "cap: 4 mg of 12, not flagged; CIWA-Ar due an hour after the dose" \
	"dose D6 given: lorazepam 4 mg PO at 12:10
after lorazepam 4 mg PO at 12:10: CIWA-Ar due 13:10" \
	--db "$DB" dose MRN1002 lorazepam 4 mg --route PO
export VIGIL_NOW="2026-11-21 13:05"
# shellcheck disable=SC2086
v --db "$DB" record MRN1002 ciwa-ar $CIWA9
export VIGIL_NOW="2026-11-21 13:10"
v --db "$DB" dose MRN1002 lorazepam 4 mg --route PO
export VIGIL_NOW="2026-11-21 14:05"
# shellcheck disable=SC2086
v --db "$DB" record MRN1002 ciwa-ar $CIWA9
export VIGIL_NOW="2026-11-21 14:10"
expect_out "cap: the dose that reaches 12 mg is flagged on entry" \
	"dose D8 given: lorazepam 4 mg PO at 14:10
after lorazepam 4 mg PO at 14:10: CIWA-Ar due 15:10
! lorazepam 12 mg in 24 h: reaches the protocol's 12 mg: tell the clinician" \
	--db "$DB" dose MRN1002 lorazepam 4 mg --route PO
export VIGIL_NOW="2026-11-21 14:20"
# A later dose never moves the reassessment an earlier one made due.
expect_out "cap: the dose over it is recorded and flagged" \
	"dose D9 given: lorazepam 1 mg SL PRN at 14:20
after lorazepam 1 mg SL PRN at 14:20: CIWA-Ar due 15:20 (already due 15:10)
! lorazepam 13 mg in 24 h: over the protocol's 12 mg: tell the clinician" \
	--db "$DB" dose MRN1002 lorazepam 1 mg --route SL --prn
check "cap: all four doses stored" \
	[ "$(sql "$DB" "SELECT count(*) FROM chart_entries WHERE kind = 'dose' AND drug = 'lorazepam'")" = 4 ]
expect_out "due: the cap flagged under the patient's row" "$HEAD
!1    MRN1001    COWS     2026-11-21 11:05 over 3h 15m   after buprenorphine 4 mg SL at 10:05
 2    MRN1002    CIWA-Ar  2026-11-21 15:10 in 50m        after lorazepam 4 mg PO at 14:10
                                                       ! lorazepam 13 mg in 24 h: over the protocol's 12 mg: tell the clinician" \
	--db "$DB" due

# A patient on no timed scale still has the cap flagged, after bed and MRN;
# so has one whose rows a filter leaves out.
export VIGIL_NOW="2026-11-21 14:30"
v --db "$DB" dose MRN1003 lorazepam 4 mg --route PO --at "2026-11-21 14:00"
v --db "$DB" dose MRN1003 lorazepam 4 mg --route PO --at "2026-11-21 14:10"
expect_out "cap: a dose without a scale to reassess makes nothing due" \
	"dose D12 given: lorazepam 4 mg PO at 14:20
! lorazepam 12 mg in 24 h: reaches the protocol's 12 mg: tell the clinician" \
	--db "$DB" dose MRN1003 lorazepam 4 mg --route PO --at "2026-11-21 14:20"
expect_out "due --overdue: caps of patients with no row shown, after bed and MRN" "$HEAD
!1    MRN1001    COWS     2026-11-21 11:05 over 3h 25m   after buprenorphine 4 mg SL at 10:05
!2    MRN1002    lorazepam 13 mg in 24 h: over the protocol's 12 mg: tell the clinician
!3    MRN1003    lorazepam 12 mg in 24 h: reaches the protocol's 12 mg: tell the clinician" \
	--db "$DB" due --overdue
check "due: a patient's cap shown once" [ "$(grep -c 'lorazepam 13 mg' "$T/out")" = 1 ]

# ---- vital signs ----------------------------------------------------------------
expect_out "vitals: every value, the flagged one marked, and why" \
	"vital signs V13 at 14:30: HR 130!  BP 120/80  T 37.5  RR 16  SpO2 97
! flagged: hr 130 > 120" \
	--db "$DB" vitals MRN1001 hr=130 bp=120/80 temp=37.5 rr=16 spo2=97 --note "after a walk"
check "vitals: stored as numbers (temperature in tenths) with the note" \
	[ "$(sql "$DB" "SELECT hr || ' ' || sys || '/' || dia || ' ' || temp || ' ' || rr || ' ' || spo2 || ' ' || note FROM chart_entries WHERE id = 13")" = "130 120/80 375 16 97 after a walk" ]
expect_out "vitals: some of them, in any case, two flagged" "vital signs V14 at 14:30: T 38.0!  SpO2 91!
! flagged: temp 38.0 >= 38.0" --db "$DB" vitals MRN1001 TEMP=38 SpO2=91
expect_out "vitals --at: taken earlier" "vital signs V15 at 14:00: HR 88  BP 150/95" \
	--db "$DB" vitals MRN1001 hr=88 bp=150/95 --at "2026-11-21 14:00"
refused "vitals: heart rate not plausible" 1 "vigil: heart rate: 300 is not plausible (20-250)" \
	--db "$DB" vitals MRN1001 hr=300
refused "vitals: systolic below diastolic" 1 \
	"vigil: blood pressure 80/120: systolic must be above diastolic" \
	--db "$DB" vitals MRN1001 bp=80/120
refused "vitals: half a blood pressure" 1 \
	"vigil: blood pressure: '120' is not SYSTOLIC/DIASTOLIC (like 120/80)" \
	--db "$DB" vitals MRN1001 bp=120
refused "vitals: an unknown vital sign" 1 \
	"vigil: unknown vital sign 'pulse' (use hr, bp, temp, rr or spo2)" \
	--db "$DB" vitals MRN1001 pulse=80
refused "vitals: a word that is not a vital sign" 1 \
	"vigil: 'hr' is not a vital sign (like hr=88, bp=120/80, temp=37.5, rr=16, spo2=97)" \
	--db "$DB" vitals MRN1001 hr
refused "vitals: given twice" 1 "vigil: heart rate given twice" \
	--db "$DB" vitals MRN1001 hr=80 hr=90
refused "vitals: a temperature with two decimals" 1 \
	"vigil: temperature: '37.55' has more than one decimal" \
	--db "$DB" vitals MRN1001 temp=37.55
refused "vitals: SpO2 over 100" 1 "vigil: SpO2: 101 is not plausible (50-100)" \
	--db "$DB" vitals MRN1001 spo2=101
refused "vitals: a word too long to be one" 1 \
	"vigil: 'hr=11111111111111111111...' is not a vital sign (too long)" \
	--db "$DB" vitals MRN1001 "hr=$(repeat 80 1)"
refused "vitals: none given" 2 \
	"vigil vitals: missing a vital sign (hr=N, bp=SYS/DIA, temp=C, rr=N, spo2=N) (see 'vigil vitals --help')" \
	--db "$DB" vitals MRN1001
as boss boss-password
refused "vitals: an admin may not" 1 \
	"vigil: boss (admin) may not chart a dose, vital signs, a note or last use: it needs the nurse or clinician role" \
	--db "$DB" vitals MRN1001 hr=80
as nina nina-password

# ---- notes ------------------------------------------------------------------------
expect_out "note: a timed nursing note" "note T16 at 14:30" \
	--db "$DB" note MRN1001 "Settled after the second dose; eating toast."
expect_out "note --at" "note T17 at 13:00" \
	--db "$DB" note MRN1001 "Anxious, asking for methadone." --at "2026-11-21 13:00"
check "note: its text stored" \
	[ "$(sql "$DB" "SELECT note FROM chart_entries WHERE id = 16")" = "Settled after the second dose; eating toast." ]
refused "note: blank" 1 "vigil: note: must not be blank" --db "$DB" note MRN1001 "  "
refused "note: missing text" 2 "vigil note: missing TEXT (see 'vigil note --help')" \
	--db "$DB" note MRN1001
refused "note: two words unquoted" 2 \
	"vigil note: unexpected argument 'more' (see 'vigil note --help')" \
	--db "$DB" note MRN1001 some more
as boss boss-password
refused "note: an admin may not" 1 \
	"vigil: boss (admin) may not chart a dose, vital signs, a note or last use: it needs the nurse or clinician role" \
	--db "$DB" note MRN1001 "hello"
as nina nina-password

# ---- vital signs taken with an assessment ---------------------------------------
# CIWA-Ar has no pulse or blood pressure item: hr and bp go to the vital
# signs taken with it, printed after the score.
export VIGIL_NOW="2026-11-21 15:20"
# shellcheck disable=SC2086
expect_out "record: CIWA-Ar with hr and bp, and the protocol's doses for its score" "assessment 5
CIWA-Ar 9/67 mild
the protocol's doses (decision support): CIWA-Ar 8-10: chlordiazepoxide 25-50 mg or lorazepam 1-2 mg
vital signs V18 at 15:20: HR 100  BP 150/90" \
	--db "$DB" record MRN1002 ciwa-ar $CIWA9 hr=100 bp=150/90
check "record: the vital signs linked to the assessment" \
	[ "$(sql "$DB" "SELECT assessment_id || ' ' || hr || ' ' || sys || '/' || dia FROM chart_entries WHERE id = 18")" = "5 100 150/90" ]
# shellcheck disable=SC2086
refused "record: a bad blood pressure refuses the assessment too" 1 \
	"vigil: blood pressure 90/120: systolic must be above diastolic" \
	--db "$DB" record MRN1002 ciwa-ar $CIWA9 bp=90/120
# shellcheck disable=SC2086
refused "record: an item that is neither a score nor a vital sign" 1 \
	"vigil: ciwa-ar has no item 'pulse' (items: nausea, tremor, sweats, anxiety, agitation, tactile, auditory, visual, headache, orientation)" \
	--db "$DB" record MRN1002 ciwa-ar $CIWA9 pulse=2
# COWS measures the pulse: hr= scores it and is stored as a heart rate too.
export VIGIL_NOW="2026-11-21 15:30"
# shellcheck disable=SC2086
expect_out "record: the COWS pulse scored from hr, as before" "assessment 6
COWS 12/48 mild" --db "$DB" record MRN1004 cows $COWS_HR
check "record: the COWS pulse is a heart-rate vital of its assessment" \
	[ "$(sql "$DB" "SELECT id || ' ' || hr || ' ' || assessment_id FROM chart_entries WHERE kind = 'vitals' AND assessment_id = 6")" = "19 104 6" ]
# shellcheck disable=SC2086
expect_out "record: COWS hr with a blood pressure beside it" "assessment 7
COWS 12/48 mild
vital signs V20 at 15:30: HR 104  BP 130/85" --db "$DB" record MRN1005 cows $COWS_HR bp=130/85

# ---- last use and induction readiness ------------------------------------------
RD="induction readiness (decision support, COWS: 4-hourly, hourly from moderate)"
export VIGIL_NOW="2026-11-21 15:40"
expect_out "readiness: not on a scale with induction criteria" \
	"induction readiness (decision support): not monitored on a scale whose protocol has induction criteria" \
	--db "$DB" readiness MRN1006
v --db "$DB" monitor MRN1006 cows
expect_out "readiness: no COWS yet, no last use" \
	"$RD: criteria not met: no COWS score yet; last use not recorded" --db "$DB" readiness MRN1006
expect_out "last use: alcohol, before admission" \
	"last use U21: alcohol at 2026-11-20 22:00" \
	--db "$DB" patient last-use MRN1006 ALCOHOL --at "2026-11-20 22:00" --note "a bottle of wine"
expect_out "readiness: alcohol is not an opioid the criteria wait for" \
	"$RD: criteria not met: no COWS score yet; last use not recorded" --db "$DB" readiness MRN1006
# shellcheck disable=SC2046
v --db "$DB" record MRN1006 cows $(cows 6)
expect_out "readiness: COWS under 8" \
	"$RD: criteria not met: COWS 6 < 8; last use not recorded" --db "$DB" readiness MRN1006
for p in 7 8 9; do
	# shellcheck disable=SC2046
	v --db "$DB" record "MRN100$p" cows $(cows 11)
done
expect_out "readiness: last use not recorded, the COWS met" \
	"$RD: criteria not met: last use not recorded (met: COWS 11 >= 8)" \
	--db "$DB" readiness MRN1007
expect_out "last use: short-acting 10 h ago" "last use U22: short-acting at 05:40" \
	--db "$DB" patient last-use MRN1007 short-acting --at "2026-11-21 05:40"
expect_out "readiness: too soon after a short-acting opioid (12 h)" \
	"$RD: criteria not met: 10 h since short-acting use < 12 h (met: COWS 11 >= 8)" \
	--db "$DB" readiness MRN1007
v --db "$DB" patient last-use MRN1008 fentanyl --at "2026-11-20 19:40"
expect_out "readiness: too soon after fentanyl (24 h)" \
	"$RD: criteria not met: 20 h since fentanyl use < 24 h (met: COWS 11 >= 8)" \
	--db "$DB" readiness MRN1008
v --db "$DB" patient last-use MRN1009 methadone --at "2026-11-20 09:40"
expect_out "readiness: too soon after methadone (36 h)" \
	"$RD: criteria not met: 30 h since methadone use < 36 h (met: COWS 11 >= 8)" \
	--db "$DB" readiness MRN1009
export VIGIL_NOW="2026-11-21 21:40"
expect_out "readiness: 16 h after a short-acting opioid meets the criteria" \
	"$RD: meets unit criteria: COWS 11 >= 8, 16 h since short-acting use >= 12 h" \
	--db "$DB" readiness MRN1007
expect_out "readiness: 26 h after fentanyl" \
	"$RD: meets unit criteria: COWS 11 >= 8, 26 h since fentanyl use >= 24 h" \
	--db "$DB" readiness MRN1008
expect_out "readiness: 36 h after methadone, exactly" \
	"$RD: meets unit criteria: COWS 11 >= 8, 36 h since methadone use >= 36 h" \
	--db "$DB" readiness MRN1009
v --db "$DB" patient last-use MRN1007 methadone --at "2026-11-21 01:40" --note "from a friend"
expect_out "readiness: every kind used counts; the one too recent is missing" \
	"$RD: criteria not met: 20 h since methadone use < 36 h (met: COWS 11 >= 8, 16 h since short-acting use >= 12 h)" \
	--db "$DB" readiness MRN1007
expect_out "last use: the list, latest use first, with labels and notes" \
	"ID     LAST USED        KIND           BY
U22    2026-11-21 05:40 short-acting   nina  (short-acting opioid (heroin, oxycodone))
U25    2026-11-21 01:40 methadone      nina  note: from a friend" \
	--db "$DB" patient last-use MRN1007
expect_out "last use: none recorded" "(no last use recorded)" --db "$DB" patient last-use MRN1001
refused "last use: an unknown kind" 1 \
	"vigil: unknown substance 'heroin' (use short-acting, fentanyl, methadone, long-acting, alcohol or benzodiazepine)" \
	--db "$DB" patient last-use MRN1001 heroin --at "2026-11-21 01:00"
refused "last use: no time" 1 "vigil: last use of fentanyl: when was it? (a time is needed)" \
	--db "$DB" patient last-use MRN1001 fentanyl
refused "last use: in the future" 1 "vigil: last use of fentanyl is in the future" \
	--db "$DB" patient last-use MRN1001 fentanyl --at "2026-11-21 22:00"
refused "last use: a time with no kind" 2 \
	"vigil patient last-use: missing KIND (--at and --note record a last use) (see 'vigil patient last-use --help')" \
	--db "$DB" patient last-use MRN1001 --at "2026-11-21 01:00"
refused "readiness: an unknown patient" 1 "vigil: unknown patient 'MRN9999'" \
	--db "$DB" readiness MRN9999
as boss boss-password
refused "last use: an admin may not record one" 1 \
	"vigil: boss (admin) may not chart a dose, vital signs, a note or last use: it needs the nurse or clinician role" \
	--db "$DB" patient last-use MRN1001 fentanyl --at "2026-11-21 01:00"
expect_ok "readiness: any role may read it" --db "$DB" readiness MRN1007
as nina nina-password

# ---- show, amend and void --------------------------------------------------------
expect_out "show D2: every field, and given" "dose D2: given buprenorphine 4 mg SL
patient       MRN1001
given at      2026-11-21 10:05
entered       2026-11-21 10:05
given by      nina
drug          buprenorphine (Buprenorphine)
amount        4 mg
route         SL
reason given  COWS 14
note          first dose
status        final" --db "$DB" show d2
expect_out "amend D2: the amount, the rest kept" \
	"dose D26 (corrects D2) given: buprenorphine 2 mg SL at 10:05" \
	--db "$DB" amend D2 --amount 2 --reason "misread the chart"
expect_out "show D2: amended, by whom, when and why" "dose D2: given buprenorphine 4 mg SL
patient       MRN1001
given at      2026-11-21 10:05
entered       2026-11-21 10:05
given by      nina
drug          buprenorphine (Buprenorphine)
amount        4 mg
route         SL
reason given  COWS 14
note          first dose
status        amended
amended by    D26
corrected by  nina
corrected at  2026-11-21 21:40
because       misread the chart" --db "$DB" show D2
expect_out "show D26: the correction, entered late" "dose D26: given buprenorphine 2 mg SL
patient       MRN1001
given at      2026-11-21 10:05
entered       2026-11-21 21:40
late          yes: late entry (entered over an hour after it was done)
given by      nina
drug          buprenorphine (Buprenorphine)
amount        2 mg
route         SL
reason given  COWS 14
note          first dose
corrects      D2
because       misread the chart
status        corrected" --db "$DB" show D26
refused "amend: an amended dose" 1 "vigil: D2 has already been amended (by D26)" \
	--db "$DB" amend D2 --amount 3 --reason "again"
refused "amend: nothing changed" 1 "vigil: nothing changed: D26 already says that" \
	--db "$DB" amend D26 --amount 2 --unit MG --reason "same"
refused "amend: over the plausible maximum" 1 \
	"vigil: buprenorphine 40 mg is more than the largest plausible single dose (32 mg): check the amount" \
	--db "$DB" amend D26 --amount 40 --reason "typo"
refused "amend: a route the drug does not allow" 1 \
	"vigil: 'IV' is not a route for buprenorphine (use SL or BUCCAL)" \
	--db "$DB" amend D26 --route IV --reason "typo"
refused "amend: another drug whose route differs" 1 \
	"vigil: 'SL' is not a route for methadone (use PO)" \
	--db "$DB" amend D26 --drug methadone --reason "wrong drug"
refused "amend: an unknown drug" 1 "vigil: unknown drug 'heroin' (use $DRUGS)" \
	--db "$DB" amend D26 --drug heroin --reason "typo"
refused "amend: a time in the future" 1 "vigil: time 2026-11-21 22:00 is in the future" \
	--db "$DB" amend D26 --at "2026-11-21 22:00" --reason "typo"
refused "amend: nothing given to change" 2 \
	"vigil amend: missing what changes (see the options for D26) (see 'vigil amend --help')" \
	--db "$DB" amend D26 --reason "why"
refused "amend: no reason" 2 "vigil amend: missing --reason TEXT (see 'vigil amend --help')" \
	--db "$DB" amend D26 --amount 3
refused "amend: an option of another kind" 2 \
	"vigil amend: --text does not correct dose D26 (see 'vigil amend --help')" \
	--db "$DB" amend D26 --text "x" --reason "y"
refused "amend: vital signs on a dose" 2 \
	"vigil amend: unexpected argument 'hr=80' (see 'vigil amend --help')" \
	--db "$DB" amend D26 hr=80 --reason "y"
refused "amend: a dose option on an assessment" 2 \
	"vigil amend: --amount corrects chart entries (D12, V12, T12, U12) (see 'vigil amend --help')" \
	--db "$DB" amend 1 --amount 3 --reason "y"
refused "amend: a name whose letter is not the entry's kind" 1 \
	"vigil: no vital signs V26: entry 26 is dose D26" --db "$DB" amend V26 hr=80 --reason "y"
refused "amend: no such dose" 1 "vigil: no dose D999" --db "$DB" amend D999 --amount 1 --reason "y"
expect_out "amend D26: drug, route, time, kind, reason given and note at once" \
	"dose D27 (corrects D26) given: buprenorphine-naloxone 2 mg BUCCAL at 10:00" \
	--db "$DB" amend D26 --drug Buprenorphine-Naloxone --route buccal --at "2026-11-21 10:00" \
	--scheduled --why "induction" --note "film" --reason "it was the combination"
check "amend: the correction stored whole, linked to what it corrects" \
	[ "$(sql "$DB" "SELECT drug || ' ' || amount || ' ' || route || ' ' || dose_kind || ' ' || reason || ' ' || note || ' ' || supersedes_id || ' ' || amend_reason FROM chart_entries WHERE id = 27")" = "buprenorphine-naloxone 2000 BUCCAL scheduled induction film 26 it was the combination" ]
expect_out "void D1" "dose D1 marked entered in error" \
	--db "$DB" void D1 --reason "wrong patient"
expect_out "show D1: entered in error, by whom, when and why" "dose D1: given loperamide 4 mg PO
patient       MRN1001
given at      2026-11-21 09:40
entered       2026-11-21 09:40
given by      nina
drug          loperamide (Loperamide)
amount        4 mg
route         PO
status        entered in error
marked by     nina
marked at     2026-11-21 21:40
because       wrong patient" --db "$DB" show D1
refused "void: twice" 1 "vigil: D1 is entered in error" --db "$DB" void D1 --reason "again"
refused "amend: a voided dose" 1 "vigil: D1 is entered in error" \
	--db "$DB" amend D1 --amount 2 --reason "x"
refused "void: no reason" 2 "vigil void: missing --reason TEXT (see 'vigil void --help')" \
	--db "$DB" void D4
as boss boss-password
refused "void: an admin may not" 1 \
	"vigil: boss (admin) may not amend or void a dose, vital signs, a note or last use: it needs the nurse or clinician role" \
	--db "$DB" void D4 --reason "x"
refused "amend: an admin may not" 1 \
	"vigil: boss (admin) may not amend or void a dose, vital signs, a note or last use: it needs the nurse or clinician role" \
	--db "$DB" amend D4 --amount 20 --reason "x"
expect_ok "show: an admin may read a dose" --db "$DB" show D4
as cleo cleo-password
expect_out "amend: a clinician corrects another's dose" \
	"dose D28 (corrects D4) given: methadone 20 mg PO at 11:35" \
	--db "$DB" amend D4 --amount 20 --reason "20 mg on the drug chart"

# Vital signs: values given replace, an empty one removes, the rest stay.
as nina nina-password
expect_out "show V13: every value, the flag and its line" "vital signs V13: HR 130!  BP 120/80  T 37.5  RR 16  SpO2 97
patient       MRN1001
taken at      2026-11-21 14:30
entered       2026-11-21 14:30
by            nina
heart rate    130
BP            120/80
temperature   37.5
resp. rate    16
SpO2          97
flagged       hr 130 > 120 (a protocol's vital limit)
note          after a walk
status        final" --db "$DB" show V13
expect_out "amend V13: the heart rate" \
	"vital signs V29 (corrects V13) at 14:30: HR 90  BP 120/80  T 37.5  RR 16  SpO2 97" \
	--db "$DB" amend V13 hr=90 --reason "counted a full minute"
expect_out "amend V14: an empty value removes it" "vital signs V30 (corrects V14) at 14:30: T 38.0!
! flagged: temp 38.0 >= 38.0" --db "$DB" amend V14 spo2= --reason "probe off"
refused "amend V15: a value not plausible" 1 "vigil: heart rate: 300 is not plausible (20-250)" \
	--db "$DB" amend V15 hr=300 --reason "x"
refused "amend V15: removing every value" 1 \
	"vigil: no vital signs given (hr, bp, temp, rr or spo2)" \
	--db "$DB" amend V15 hr= bp= --reason "x"
refused "amend V15: a dose option" 2 \
	"vigil amend: --amount does not correct vital signs V15 (see 'vigil amend --help')" \
	--db "$DB" amend V15 --amount 2 --reason "x"
expect_out "void V15" "vital signs V15 marked entered in error" \
	--db "$DB" void V15 --reason "another patient's"

# Notes: --text.
expect_out "show T16" "note T16
patient       MRN1001
written at    2026-11-21 14:30
entered       2026-11-21 14:30
by            nina
text          Settled after the second dose; eating toast.
status        final" --db "$DB" show T16
expect_out "amend T16: the text" "note T31 (corrects T16) at 14:30" \
	--db "$DB" amend T16 --text "Settled after the second dose; ate toast and soup." --reason "added"
refused "amend T17: --note is not a note's text" 2 \
	"vigil amend: --note does not correct note T17 (see 'vigil amend --help')" \
	--db "$DB" amend T17 --note "x" --reason "y"
refused "amend T17: a blank text" 1 "vigil: note: must not be blank" \
	--db "$DB" amend T17 --text " " --reason "y"
expect_out "void T17" "note T17 marked entered in error" --db "$DB" void T17 --reason "wrong patient"

# Last use: --kind and --at; readiness follows.
expect_out "show U22: a use before it was entered is not late" "last use U22: short-acting
patient       MRN1007
last used     2026-11-21 05:40
entered       2026-11-21 15:40
by            nina
substance     short-acting opioid (heroin, oxycodone)
status        final" --db "$DB" show U22
expect_out "amend U22: the time" "last use U32 (corrects U22): short-acting at 03:40" \
	--db "$DB" amend U22 --at "2026-11-21 03:40" --reason "patient remembered"
expect_out "readiness: follows the corrected time" \
	"$RD: criteria not met: 20 h since methadone use < 36 h (met: COWS 11 >= 8, 18 h since short-acting use >= 12 h)" \
	--db "$DB" readiness MRN1007
expect_out "amend U25: the kind" "last use U33 (corrects U25): long-acting at 01:40" \
	--db "$DB" amend U25 --kind LONG-ACTING --reason "it was MST"
expect_out "readiness: a long-acting opioid waits 24 h" \
	"$RD: criteria not met: 20 h since long-acting use < 24 h (met: COWS 11 >= 8, 18 h since short-acting use >= 12 h)" \
	--db "$DB" readiness MRN1007
refused "amend U33: an unknown kind" 1 \
	"vigil: unknown substance 'heroin' (use short-acting, fentanyl, methadone, long-acting, alcohol or benzodiazepine)" \
	--db "$DB" amend U33 --kind heroin --reason "x"
refused "amend U33: a use in the future" 1 "vigil: last use of long-acting is in the future" \
	--db "$DB" amend U33 --at "2026-11-21 23:00" --reason "x"
expect_out "void U23: the fentanyl use" "last use U23 marked entered in error" \
	--db "$DB" void U23 --reason "another patient's"
expect_out "readiness: the voided use no longer counts" \
	"$RD: criteria not met: last use not recorded (met: COWS 11 >= 8)" --db "$DB" readiness MRN1008

# An assessment's correction carries the heart rate it measured along.
expect_out "amend: the COWS pulse corrected" "assessment 12 (corrects 6)
COWS 14/48 moderate" --db "$DB" amend 6 hr=130 --reason "recounted"
check "amend: its heart-rate vital corrected with it" \
	[ "$(sql "$DB" "SELECT hr || ' ' || assessment_id || ' ' || supersedes_id FROM chart_entries WHERE kind = 'vitals' AND supersedes_id = 19")" = "130 12 19" ]

# ---- history: one timeline ---------------------------------------------------------
HHEAD="   ID PERFORMED            SCALE   TOTAL BAND                 BY"
expect_out "history: doses given, vital signs, notes and the assessment by time" "$HHEAD
  T31 2026-11-21 14:30 LC  Settled after the second dose; at~ nina
                           Settled after the second dose; ate toast and soup.
  V30 2026-11-21 14:30 LC  T 38.0!                            nina
  V29 2026-11-21 14:30 LCn HR 90  BP 120/80  T 37.5  RR 16  ~ nina
                           HR 90  BP 120/80  T 37.5  RR 16  SpO2 97
  D28 2026-11-21 11:35 LC  given methadone 20 mg PO           nina
   D5 2026-11-21 11:35     given ondansetron 4 mg IV          cleo
   D3 2026-11-21 11:00     given lofexidine 0.54 mg PO PRN    nina
  D27 2026-11-21 10:00 LCn given buprenorphine-naloxone 2 mg~ nina
                           given buprenorphine-naloxone 2 mg BUCCAL
    1 2026-11-21 09:30     COWS     3/48 no active withdrawal nina
L late entry (entered over an hour after it was done)
C corrected (replaces an earlier record)
n has a note
! outside a protocol's limits for vital signs" --db "$DB" history MRN1001
v --db "$DB" history MRN1001 --all
check "history --all: amended and voided entries too (marked A and X)" \
	[ "$(grep -cE '^ +(D|V|T|U)[0-9]+ [0-9-]+ [0-9:]+ .[AX]. ' "$T/out")" = 9 ]
check "history --all: the voided dose says in error" \
	grep -q '^   D1 2026-11-21 09:40  X  given loperamide 4 mg PO           nina$' "$T/out"
check "history: rows within 80 columns (a long text continues below)" \
	[ -z "$(awk 'substr($0, 1, 27) != "                           " && length($0) > 79' "$T/out")" ]
expect_out "history --scale: that scale's assessments alone" "$HHEAD
    1 2026-11-21 09:30     COWS     3/48 no active withdrawal nina" \
	--db "$DB" history MRN1001 --scale cows
expect_out "history: the COWS pulse as a heart rate after its assessment, corrected with it" "$HHEAD
   12 2026-11-21 15:30  C  COWS    14/48 moderate             nina
    6 2026-11-21 15:30  A  COWS    12/48 mild                 nina
  V34 2026-11-21 15:30  C  HR 130!                            nina
  V19 2026-11-21 15:30  A  HR 104                             nina
C corrected (replaces an earlier record)
A amended (replaced by a correction; not in force)
! outside a protocol's limits for vital signs" --db "$DB" history MRN1004 --all
expect_out "history: doses between CIWA-Ar scores, and the vital signs taken with one" "$HHEAD
    5 2026-11-21 15:20     CIWA-Ar  9/67 mild                 nina
  V18 2026-11-21 15:20     HR 100  BP 150/90                  nina
   D9 2026-11-21 14:20     given lorazepam 1 mg SL PRN        nina
   D8 2026-11-21 14:10     given lorazepam 4 mg PO            nina
    4 2026-11-21 14:05     CIWA-Ar  9/67 mild                 nina
   D7 2026-11-21 13:10     given lorazepam 4 mg PO            nina
    3 2026-11-21 13:05     CIWA-Ar  9/67 mild                 nina
   D6 2026-11-21 12:10     given lorazepam 4 mg PO            nina
    2 2026-11-21 12:00     CIWA-Ar  9/67 mild                 nina" --db "$DB" history MRN1002
expect_out "history: last uses before admission, by the time of use" "$HHEAD
    9 2026-11-21 15:40     COWS    11/48 mild                 nina
  U32 2026-11-21 03:40  C  last use short-acting              nina
  U33 2026-11-21 01:40  Cn last use long-acting               nina
C corrected (replaces an earlier record)
n has a note" --db "$DB" history MRN1007

# A dose charted late, before the scale's latest assessment: that
# assessment was its reassessment.
expect_out "dose: charted before the latest COWS, which was its reassessment" \
	"dose D35 given: buprenorphine 4 mg SL at 15:00
buprenorphine 4 mg SL at 15:00 was before the latest COWS (15:30): COWS due 19:30" \
	--db "$DB" dose MRN1005 buprenorphine 4 mg --route SL --at "2026-11-21 15:00"
check "dose: charted over an hour late is marked late" \
	[ "$(sql "$DB" "SELECT late FROM chart_entries WHERE id = 35")" = 1 ]

# ---- the drug list --------------------------------------------------------------------
v --db "$DB" drugs
check "drugs: where the list in force came from" \
	grep -qE '^drug list in force: built in \(hash [0-9a-f]{12}\)$' "$T/out"
check "drugs: every shipped drug" \
	[ "$(grep -cE '^[a-z-]+ +[A-Z]' "$T/out")" = 13 ]
check "drugs: a drug's units, largest and usual dose, routes and scales" \
	[ "$(grep -A4 '^clonidine ' "$T/out")" = "clonidine               Clonidine
  unit    mcg: at most 300 a dose, usually 100
  unit    mg: at most 0.3 a dose, usually 0.1
  routes  PO TD
  treats  cows sows (a dose makes each due for reassessment)" ]
check "drugs: a drug that treats no scale says so" \
	grep -q '^  treats  no withdrawal scale (a dose moves no reassessment)$' "$T/out"
check "drugs: the substances of last use" \
	[ "$(sed -n '/^substances/,$p' "$T/out")" = "substances (last use):
  short-acting     short-acting opioid (heroin, oxycodone)
  fentanyl         fentanyl
  methadone        methadone
  long-acting      other long-acting opioid
  alcohol          alcohol
  benzodiazepine   benzodiazepine" ]

# A bad file is refused whole, before the password, with its line.
printf 'drug lorazepam Lorazepam\nunit mg max 4\n# oral\nroute ORAL\n' >"$T/bad.drugs"
as boss boss-password
refused "drugs install: an unknown route" 1 \
	"vigil: $T/bad.drugs:4: drug lorazepam: unknown route 'ORAL' (use PO, SL, BUCCAL, IM, IV, SC, TD or PR)" \
	--db "$DB" drugs install "$T/bad.drugs"
printf 'drug lorazepam Lorazepam\nunit mg max 4\ndrug thiamine Thiamine\nunit mg max 500\nroute PO\n' >"$T/bad.drugs"
refused "drugs install: a drug with no route" 1 \
	"vigil: $T/bad.drugs:1: drug lorazepam has no 'route' line" \
	--db "$DB" drugs install "$T/bad.drugs"
printf 'drug lofexidine Lofexidine\nunit mg max 0.8 usual 1\nroute PO\n' >"$T/bad.drugs"
refused "drugs install: the usual dose above the maximum" 1 \
	"vigil: $T/bad.drugs:2: drug lofexidine: the usual dose is above the maximum" \
	--db "$DB" drugs install "$T/bad.drugs"
printf 'drug lorazepam Lorazepam\nunit mg max 4\nroute PO\ndose 8-10 lorazepam 1 mg\n' >"$T/bad.drugs"
refused "drugs install: an unknown keyword" 1 \
	"vigil: $T/bad.drugs:4: unknown keyword 'dose' (use drug, unit, route, for or substance)" \
	--db "$DB" drugs install "$T/bad.drugs"
printf '# nothing but a comment\n' >"$T/bad.drugs"
refused "drugs install: no drugs" 1 "vigil: $T/bad.drugs: no drugs in the list" \
	--db "$DB" drugs install "$T/bad.drugs"
refused "drugs install: no such file" 1 "vigil: $T/none.drugs: No such file or directory" \
	--db "$DB" drugs install "$T/none.drugs"
refused "drugs install: missing FILE" 2 \
	"vigil drugs install: missing FILE (see 'vigil drugs install --help')" \
	--db "$DB" drugs install

cat >"$T/ward4.drugs" <<'EOF2'
# Ward 4 alcohol beds
drug lorazepam Lorazepam
unit mg max 4 usual 1
route PO IV
for ciwa-ar

drug thiamine Thiamine
unit mg max 500 usual 100
route PO IM IV

substance alcohol alcohol
substance benzodiazepine benzodiazepine
EOF2
as nina nina-password
refused "drugs install: a nurse may not" 1 \
	"vigil: nina (nurse) may not install a drug list: it needs the admin role" \
	--db "$DB" drugs install "$T/ward4.drugs"
as boss boss-password
expect_ok "drugs install: an admin installs a unit's list" --db "$DB" drugs install "$T/ward4.drugs"
check "drugs install: says what it installed" \
	grep -qE '^drug list installed: 2 drugs, 2 substances \(hash [0-9a-f]{12}\); it governs every terminal on this database$' "$T/out"
check "drugs install: the text kept in the database" \
	[ "$(sql "$DB" "SELECT count(*) FROM drug_lists WHERE source = 'ward4.drugs'")" = 1 ]
v --db "$DB" drugs
check "drugs: the installed list, who installed it, when and from which file" \
	grep -qE '^drug list in force: installed 2026-11-21 21:40 by boss from ward4.drugs \(hash [0-9a-f]{12}\)$' "$T/out"
as nina nina-password
refused "dose: a drug no longer on the unit's list" 1 \
	"vigil: unknown drug 'buprenorphine' (use lorazepam or thiamine)" \
	--db "$DB" dose MRN1001 buprenorphine 4 mg --route SL
refused "dose: a route the unit's list does not allow" 1 \
	"vigil: 'SL' is not a route for lorazepam (use PO or IV)" \
	--db "$DB" dose MRN1002 lorazepam 1 mg --route SL
refused "last use: a substance no longer on the list" 1 \
	"vigil: unknown substance 'fentanyl' (use alcohol or benzodiazepine)" \
	--db "$DB" patient last-use MRN1001 fentanyl --at "2026-11-21 01:00"
expect_ok "show: a dose of a drug no longer listed" --db "$DB" show D27
check "show: ... reads as it was given" \
	[ "$(head -1 "$T/out")" = "dose D27: given buprenorphine-naloxone 2 mg BUCCAL" ]
check "show: ... with the drug's key only" grep -qx 'drug          buprenorphine-naloxone' "$T/out"
as boss boss-password
v --db "$DB" drugs install data/drugs/detox.drugs
check "drugs install: the shipped list back" \
	[ "$rc" = 0 -a "$(sql "$DB" "SELECT count(*) FROM drug_lists")" = 2 ]
as nina nina-password

# ---- the 24-hour window moves --------------------------------------------------------
export VIGIL_NOW="2026-11-22 12:05"
v --db "$DB" due
check "due next day: 13 mg of lorazepam still within 24 hours" \
	grep -q "lorazepam 13 mg in 24 h: over the protocol's 12 mg: tell the clinician" "$T/out"
export VIGIL_NOW="2026-11-22 12:15"
v --db "$DB" due
check "due: the 12:10 dose out of the window, 9 mg is under the maximum" \
	[ "$(grep -c 'lorazepam 13 mg' "$T/out")" = 0 ]
check "due: MRN1003's 12 mg still reaches it" \
	grep -q "^!3    MRN1003    lorazepam 12 mg in 24 h: reaches the protocol's 12 mg: tell the clinician$" "$T/out"
export VIGIL_NOW="2026-11-22 14:15"
v --db "$DB" due
check "due: no flags once the doses are a day old" [ "$(grep -c 'in 24 h' "$T/out")" = 0 ]

# A long note: cut in its row, then whole below, wrapped within 80 columns.
LONG="Restless overnight, slept about 2 hours; fluids encouraged; asked for the key worker twice and was seen at 04:00."
as nina nina-password
v --db "$DB" note MRN1009 "$LONG"
expect_ok "history: a patient with a long note" --db "$DB" history MRN1009
check "history: every line within 80 columns" [ "$(widest "$T/out")" -le 79 ]
check "history: the long note whole below its row" \
	[ "$(grep '^ \{27\}[^ ]' "$T/out" | sed 's/^ *//' | tr '\n' ' ' | sed 's/ $//')" = "$LONG" ]

# ---- the audit log ---------------------------------------------------------------------
as boss boss-password
v --db "$DB" audit verify
check "audit verify: intact after every dose, vital sign, note, last use, correction and install" \
	[ "$rc" = 0 ]

finish
