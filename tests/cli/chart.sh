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
 1    MRN1001    COWS     2026-11-21 13:30 in 3h 50m     COWS 3 none: 4-hourly" --db "$DB" due
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
refused "dose: no route" 1 "vigil: methadone: the route is missing (PO)" \
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
	"vigil: boss (admin) may not record an assessment: it needs the nurse or clinician role" \
	--db "$DB" dose MRN1001 buprenorphine 4 mg --route SL
as cleo cleo-password
expect_out "dose: a clinician may" "dose D5 given: ondansetron 4 mg IV at 11:35" \
	--db "$DB" dose MRN1001 ondansetron 4 mg --route iv

# ---- the 24-hour maximum -------------------------------------------------------
# MRN1002 on CIWA-Ar (9 at 12:00: 4-hourly); lorazepam's protocol maximum is
# 12 mg in 24 hours. Reaching it is flagged, and so is passing it; the dose
# is recorded all the same: it was given.
export VIGIL_NOW="2026-11-21 12:00"
# shellcheck disable=SC2086
v --db "$DB" record MRN1002 ciwa-ar $CIWA9
as nina nina-password
export VIGIL_NOW="2026-11-21 12:10"
expect_out "cap: 4 mg of 12, not flagged; CIWA-Ar due an hour after the dose" \
	"dose D6 given: lorazepam 4 mg PO at 12:10
after lorazepam 4 mg PO at 12:10: CIWA-Ar due 13:10" \
	--db "$DB" dose MRN1002 lorazepam 4 mg --route PO
export VIGIL_NOW="2026-11-21 13:10"
# shellcheck disable=SC2086
v --db "$DB" record MRN1002 ciwa-ar $CIWA9
v --db "$DB" dose MRN1002 lorazepam 4 mg --route PO
export VIGIL_NOW="2026-11-21 14:10"
# shellcheck disable=SC2086
v --db "$DB" record MRN1002 ciwa-ar $CIWA9
expect_out "cap: the dose that reaches 12 mg is flagged on entry" \
	"dose D8 given: lorazepam 4 mg PO at 14:10
after lorazepam 4 mg PO at 14:10: CIWA-Ar due 15:10
! lorazepam 12 mg in 24 h: reaches the protocol's 12 mg: tell the clinician" \
	--db "$DB" dose MRN1002 lorazepam 4 mg --route PO
export VIGIL_NOW="2026-11-21 14:20"
# A later dose before the reassessment is due moves it after the later one.
expect_out "cap: the dose over it is recorded and flagged" \
	"dose D9 given: lorazepam 1 mg SL PRN at 14:20
after lorazepam 1 mg SL PRN at 14:20: CIWA-Ar due 15:20
! lorazepam 13 mg in 24 h: over the protocol's 12 mg: tell the clinician" \
	--db "$DB" dose MRN1002 lorazepam 1 mg --route SL --prn
check "cap: all four doses stored" \
	[ "$(sql "$DB" "SELECT count(*) FROM chart_entries WHERE kind = 'dose' AND drug = 'lorazepam'")" = 4 ]
expect_out "due: the cap flagged under the patient's row" "$HEAD
!1    MRN1001    COWS     2026-11-21 11:05 over 3h 15m   after buprenorphine 4 mg SL at 10:05
 2    MRN1002    CIWA-Ar  2026-11-21 15:20 in 1h 00m     after lorazepam 1 mg SL PRN at 14:20
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
refused "vitals: none given" 2 \
	"vigil vitals: missing a vital sign (hr=N, bp=SYS/DIA, temp=C, rr=N, spo2=N) (see 'vigil vitals --help')" \
	--db "$DB" vitals MRN1001
as boss boss-password
refused "vitals: an admin may not" 1 \
	"vigil: boss (admin) may not record an assessment: it needs the nurse or clinician role" \
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
	"vigil: boss (admin) may not record an assessment: it needs the nurse or clinician role" \
	--db "$DB" note MRN1001 "hello"
as nina nina-password

# ---- vital signs taken with an assessment ---------------------------------------
# CIWA-Ar has no pulse or blood pressure item: hr and bp go to the vital
# signs taken with it, printed after the score.
export VIGIL_NOW="2026-11-21 15:20"
# shellcheck disable=SC2086
expect_out "record: CIWA-Ar with hr and bp" "assessment 5
CIWA-Ar 9/67 mild
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
	"$RD: criteria not met: last use not recorded (met: COWS 11 ≥ 8)" \
	--db "$DB" readiness MRN1007
expect_out "last use: short-acting 10 h ago" "last use U22: short-acting at 05:40" \
	--db "$DB" patient last-use MRN1007 short-acting --at "2026-11-21 05:40"
expect_out "readiness: too soon after a short-acting opioid (12 h)" \
	"$RD: criteria not met: 10 h since short-acting use < 12 h (met: COWS 11 ≥ 8)" \
	--db "$DB" readiness MRN1007
v --db "$DB" patient last-use MRN1008 fentanyl --at "2026-11-20 19:40"
expect_out "readiness: too soon after fentanyl (24 h)" \
	"$RD: criteria not met: 20 h since fentanyl use < 24 h (met: COWS 11 ≥ 8)" \
	--db "$DB" readiness MRN1008
v --db "$DB" patient last-use MRN1009 methadone --at "2026-11-20 09:40"
expect_out "readiness: too soon after methadone (36 h)" \
	"$RD: criteria not met: 30 h since methadone use < 36 h (met: COWS 11 ≥ 8)" \
	--db "$DB" readiness MRN1009
export VIGIL_NOW="2026-11-21 21:40"
expect_out "readiness: 16 h after a short-acting opioid meets the criteria" \
	"$RD: meets unit criteria: COWS 11 ≥ 8, 16 h since short-acting use ≥ 12 h" \
	--db "$DB" readiness MRN1007
expect_out "readiness: 26 h after fentanyl" \
	"$RD: meets unit criteria: COWS 11 ≥ 8, 26 h since fentanyl use ≥ 24 h" \
	--db "$DB" readiness MRN1008
expect_out "readiness: 36 h after methadone, exactly" \
	"$RD: meets unit criteria: COWS 11 ≥ 8, 36 h since methadone use ≥ 36 h" \
	--db "$DB" readiness MRN1009
v --db "$DB" patient last-use MRN1007 methadone --at "2026-11-21 01:40" --note "from a friend"
expect_out "readiness: every kind used counts; the one too recent is missing" \
	"$RD: criteria not met: 20 h since methadone use < 36 h (met: COWS 11 ≥ 8, 16 h since short-acting use ≥ 12 h)" \
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
	"vigil: boss (admin) may not record an assessment: it needs the nurse or clinician role" \
	--db "$DB" patient last-use MRN1001 fentanyl --at "2026-11-21 01:00"
expect_ok "readiness: any role may read it" --db "$DB" readiness MRN1007
as nina nina-password

finish
