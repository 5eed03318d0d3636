#!/bin/sh
# scales, score and record: every shipped scale listed, anchors shown, totals
# and bands printed exactly, and every way a score or a record is refused.
. "$(dirname "$0")/../lib.sh"

export VIGIL_NOW="2026-11-21 12:00"
DB="$T/ward.db"

# cows_total N: COWS item=score words adding up to N, highest allowed score
# first, from the last item (gooseflesh: 0, 3, 5) back to pulse.
cows_total() {
	left=$1 words=""
	for spec in "gooseflesh 5 3 0" "anxiety 4 2 1 0" "yawning 4 2 1 0" "tremor 4 2 1 0" \
		"gi 5 3 2 1 0" "nose 4 2 1 0" "aches 4 2 1 0" "pupils 5 2 1 0" \
		"restlessness 5 3 1 0" "sweating 4 3 2 1 0" "pulse 4 2 1 0"; do
		set -- $spec
		item=$1
		shift
		for s in "$@"; do
			if [ "$s" -le "$left" ]; then
				words="$item=$s $words"
				left=$((left - s))
				break
			fi
		done
	done
	echo "$words"
}

COWS14="pulse=1 sweating=2 restlessness=3 pupils=2 aches=1 nose=1 gi=2 tremor=1 yawning=1 anxiety=0 gooseflesh=0"
SOWS16="anxious=1 yawning=1 perspiring=1 tearing=1 nose=1 goosebumps=1 shaking=1 hot-flushes=1 cold-flushes=1 aches=1 restless=1 nauseous=1 vomiting=1 twitching=1 cramps=1 craving=1"

# ---- scales ----------------------------------------------------------------
expect_out "scales lists every shipped scale" \
	"ciwa-ar    CIWA-Ar  10 items, 0-67  Clinical Institute Withdrawal Assessment for Alcohol, revised
cows       COWS     11 items, 0-48  Clinical Opiate Withdrawal Scale
craving    Craving   1 items, 0-10  Craving, 0-10 numeric rating
sows       SOWS     16 items, 0-64  Subjective Opiate Withdrawal Scale (Handelsman)" scales
expect_ok "scales cows" scales cows
check "scales cows: title line" [ "$(head -n 1 "$T/out")" = "COWS - Clinical Opiate Withdrawal Scale (cows, total 0-48)" ]
check "scales cows: the instruction" grep -q "^For each item, choose the score that best describes" "$T/out"
check "scales cows: every item, in form order" [ "$(grep -o '^[a-z]*:' "$T/out" | tr -d ':' | tr '\n' ' ')" = "pulse sweating restlessness pupils aches nose gi tremor yawning anxiety gooseflesh " ]
check "scales cows: restlessness anchors 0, 1, 3, 5" [ "$(sed -n '/^restlessness:/,/^$/p' "$T/out" | grep -c '^   [0-9]  ')" = 4 ]
check "scales cows: anchor text" grep -qx '   5  unable to sit still for more than a few seconds' "$T/out"
check "scales cows: gooseflesh scores 0, 3, 5" [ "$(sed -n '/^gooseflesh:/,/^$/p' "$T/out" | grep -o '^   [0-9]' | tr -d ' ' | tr '\n' ,)" = "0,3,5," ]
check "scales cows: aches goes up to 4, never 5" [ "$(sed -n '/^aches:/,/^$/p' "$T/out" | grep -o '^   [0-9]' | tr -d ' ' | tr '\n' ,)" = "0,1,2,4," ]
check "scales cows: hr derives pulse" grep -qx '  or hr=bpm (20-250): the score is derived' "$T/out"
check "scales cows: bands, with their source" [ "$(sed -n '/^bands/,$p' "$T/out")" = "bands (source: Wesson & Ling 2003; 0-4 has no band in the original):
   0-4  none (no active withdrawal)
   5-12 mild
  13-24 moderate
  25-36 moderately-severe (moderately severe)
  37-48 severe" ]
expect_ok "scales is case-insensitive" scales COWS
expect_ok "scales sows" scales sows
check "scales sows: total only" [ "$(tail -n 1 "$T/out")" = "no bands: the total is reported alone" ]
check "scales sows: 16 items scored 0-4" [ "$(grep -c '^   4  extremely$' "$T/out")" = 16 ]
expect_ok "scales ciwa-ar" scales ciwa-ar
check "scales ciwa-ar: ASAM bands, saying so" [ "$(sed -n '/^bands/,$p' "$T/out" | tr -s ' ')" = "bands (source: ASAM 2020; cut-offs differ between sources, e.g. the VA's):
 0-9 mild
 10-18 moderate
 19-67 severe" ]
# A unit's own cut-offs name their source; a repeated or over-long source
# line, an empty one or one without bands is refused with file:line like
# any other mistake in a scale file.
mkdir "$T/scales"
export VIGIL_SCALES="$T/scales"
printf '%s\n' "scale ciwa-ar" "name CIWA-Ar" "title CIWA-Ar, unit cut-offs" \
	"item nausea" "label Nausea" "score 0" "score 20" \
	"bands-source Unit protocol 2026 (VA cut-offs)" \
	"band 0 7 minimal" "band 8 14 moderate" "band 15 20 severe" >"$T/scales/ciwa-ar.scale"
expect_ok "scales: a unit's own bands-source" scales ciwa-ar
check "scales: the unit's source beside its bands, and whose definition it is" [ "$(sed -n '/^bands/,$p' "$T/out" | tr -s ' ' | sed 's/^definition [0-9a-f]\{12\}:/definition:/')" = "bands (source: Unit protocol 2026 (VA cut-offs)):
 0-7 minimal
 8-14 moderate
 15-20 severe

definition: VIGIL_SCALES (training)" ]
printf '%s\n' "scale pt" "name PT" "title Pulse check" "item a" "label A" "score 0" \
	"bands-source" >"$T/scales/pt.scale"
expect_fail "scales: empty bands-source refused" 1 \
	"vigil: $T/scales/pt.scale:7: bands-source: must not be empty" scales
printf '%s\n' "scale pt" "name PT" "title Pulse check" "item a" "label A" "score 0" \
	"bands-source Local" "band 0 0 low" "bands-source Local" >"$T/scales/pt.scale"
expect_fail "scales: repeated bands-source refused" 1 \
	"vigil: $T/scales/pt.scale:9: duplicate 'bands-source' line (first at line 7)" scales
printf '%s\n' "scale pt" "name PT" "title Pulse check" "item a" "label A" "score 0" \
	"band 0 0 low" "bands-source $(printf '%0101d' 0)" >"$T/scales/pt.scale"
expect_fail "scales: over-long bands-source refused" 1 \
	"vigil: $T/scales/pt.scale:8: bands-source: 101 characters is over the limit of 100" scales
printf '%s\n' "scale pt" "name PT" "title Pulse check" "item a" "label A" "score 0" \
	"bands-source Local" >"$T/scales/pt.scale"
expect_fail "scales: bands-source without bands refused" 1 \
	"vigil: $T/scales/pt.scale:7: 'bands-source' but scale 'pt' has no bands" scales
unset VIGIL_SCALES
rm -r "$T/scales"
expect_fail "scales: unknown scale" 1 "vigil: unknown scale 'cowz' (known: ciwa-ar, cows, craving, sows)" \
	scales cowz
expect_fail "scales: two scales" 2 "vigil scales: unexpected argument 'sows' (see 'vigil scales --help')" \
	scales cows sows
expect_fail "scales: unknown option" 2 "vigil scales: unknown option '--all' (see 'vigil scales --help')" \
	scales --all

# ---- score -----------------------------------------------------------------
# shellcheck disable=SC2086 # the item words are split on purpose
expect_out "score: COWS 14 moderate" "COWS 14/48 moderate" score cows $COWS14
# The band in the scale's own words (the CSV keeps the key).
for case in "0|no active withdrawal" "4|no active withdrawal" "5|mild" "12|mild" \
	"13|moderate" "24|moderate" "25|moderately severe" "36|moderately severe" "37|severe" \
	"48|severe"; do
	total=${case%%|*} words=${case#*|}
	# shellcheck disable=SC2046
	expect_out "score: COWS $total is $words" "COWS $total/48 $words" score cows $(cows_total "$total")
done
expect_out "score: keys and scale are case-insensitive" "COWS 14/48 moderate" \
	score COWS PULSE=1 Sweating=2 restlessness=3 pupils=2 aches=1 nose=1 gi=2 tremor=1 yawning=1 anxiety=0 gooseflesh=0
expect_out "score: hr=130 gives pulse 4" "COWS 4/48 no active withdrawal" \
	score cows hr=130 sweating=0 restlessness=0 pupils=0 aches=0 nose=0 gi=0 tremor=0 yawning=0 anxiety=0 gooseflesh=0
expect_out "score: hr=100 gives pulse 1" "COWS 6/48 mild" \
	score cows hr=100 sweating=0 restlessness=0 pupils=0 aches=0 nose=0 gi=0 tremor=0 yawning=0 anxiety=0 gooseflesh=5
# shellcheck disable=SC2086
expect_out "score: SOWS prints the total only" "SOWS 16/64" score sows $SOWS16
expect_out "score: CIWA-Ar 9 mild" "CIWA-Ar 9/67 mild" \
	score ciwa-ar nausea=1 tremor=1 sweats=1 anxiety=1 agitation=1 tactile=1 auditory=1 visual=1 headache=1 orientation=0
expect_out "score: CIWA-Ar 10 moderate" "CIWA-Ar 10/67 moderate" \
	score ciwa-ar nausea=1 tremor=1 sweats=1 anxiety=1 agitation=1 tactile=1 auditory=1 visual=1 headache=1 orientation=1
expect_out "score: CIWA-Ar 19 severe" "CIWA-Ar 19/67 severe" \
	score ciwa-ar nausea=7 tremor=7 sweats=1 anxiety=1 agitation=1 tactile=0 auditory=0 visual=0 headache=1 orientation=1
expect_out "score: craving" "Craving 7/10" score craving craving=7
check "score: saved nothing, made no database" [ ! -e "$DB" ]

expect_fail "score: restlessness 2 is not a COWS score" 1 \
	"vigil: restlessness: 2 is not a COWS score (allowed: 0, 1, 3, 5)" \
	score cows pulse=1 sweating=2 restlessness=2 pupils=2 aches=1 nose=1 gi=2 tremor=1 yawning=1 anxiety=0 gooseflesh=0
expect_fail "score: gooseflesh 1" 1 "vigil: gooseflesh: 1 is not a COWS score (allowed: 0, 3, 5)" \
	score cows gooseflesh=1
expect_fail "score: aches 5" 1 "vigil: aches: 5 is not a COWS score (allowed: 0, 1, 2, 4)" \
	score cows aches=5
expect_fail "score: pulse 3" 1 "vigil: pulse: 3 is not a COWS score (allowed: 0, 1, 2, 4)" \
	score cows pulse=3
expect_fail "score: a negative score" 1 "vigil: sweating: -1 is not a COWS score (allowed: 0, 1, 2, 3, 4)" \
	score cows sweating=-1
expect_fail "score: a heart rate typed as the pulse score" 1 \
	"vigil: pulse: 112 is not a COWS score (allowed: 0, 1, 2, 4); a measured hr is given as hr=112" \
	score cows pulse=112
expect_fail "score: heart rate out of range" 1 "vigil: hr: 300 bpm is outside the plausible range 20-250 bpm" \
	score cows hr=300
expect_fail "score: hr and pulse both" 1 "vigil: pulse given twice (hr=90 also scores it)" \
	score cows pulse=1 hr=90
expect_fail "score: an item twice" 1 "vigil: gi given twice" score cows gi=1 gi=2
expect_fail "score: SOWS 5" 1 "vigil: anxious: 5 is not a SOWS score (allowed: 0, 1, 2, 3, 4)" \
	score sows anxious=5
expect_fail "score: craving 11" 1 \
	"vigil: craving: 11 is not a Craving score (allowed: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)" \
	score craving craving=11
expect_fail "score: CIWA-Ar orientation 5" 1 \
	"vigil: orientation: 5 is not a CIWA-Ar score (allowed: 0, 1, 2, 3, 4)" \
	score ciwa-ar orientation=5
expect_fail "score: missing items are named" 1 \
	"vigil: COWS: missing items: nose, gooseflesh" \
	score cows pulse=1 sweating=2 restlessness=3 pupils=2 aches=1 gi=2 tremor=1 yawning=1 anxiety=0
expect_fail "score: unknown item" 1 \
	"vigil: cows has no item 'sneezing' (items: pulse, sweating, restlessness, pupils, aches, nose, gi, tremor, yawning, anxiety, gooseflesh; measurements: hr)" \
	score cows sneezing=1
expect_fail "score: unknown scale" 1 "vigil: unknown scale 'ciwa' (known: ciwa-ar, cows, craving, sows)" \
	score ciwa nausea=1
expect_fail "score: not a number" 1 "vigil: gi: 'two' is not a number" score cows gi=two
expect_fail "score: no value" 1 "vigil: gi: no value after '='" score cows gi=
expect_fail "score: not item=score" 1 "vigil: 'gi': expected item=score (e.g. pulse=0)" score cows gi
expect_fail "score: missing SCALE" 2 "vigil score: missing SCALE (see 'vigil score --help')" score
expect_fail "score: missing ITEM=SCORE" 2 "vigil score: missing ITEM=SCORE (see 'vigil score --help')" \
	score cows
expect_fail "score: unknown option" 2 "vigil score: unknown option '--save' (see 'vigil score --help')" \
	score cows gi=1 --save

# ---- record ----------------------------------------------------------------
export VIGIL_NEW_PASSWORD=boss-password
v --db "$DB" init --training --admin boss
as boss boss-password
export VIGIL_NEW_PASSWORD=nina-password
v --db "$DB" user add nina --role nurse
export VIGIL_NEW_PASSWORD=cleo-password
v --db "$DB" user add cleo --role clinician
as nina nina-password
v --db "$DB" patient admit MRN1001 --name "Alex Morgan" --bed 1 --at "2026-11-21 08:00"
v --db "$DB" patient admit MRN1002 --name "Jordan Ellis" --bed 2 --at "2026-11-20 08:00"
v --db "$DB" patient discharge MRN1002 --at "2026-11-21 09:00"
check "setup: two patients, one discharged" [ "$(sql "$DB" 'SELECT count(*) FROM patients')" = 2 ]

# shellcheck disable=SC2086
expect_out "record prints the id, then the result" "assessment 1
COWS 14/48 moderate" --db "$DB" record MRN1001 cows $COWS14
expect_out "record: hr stored with its derived score" "assessment 2
COWS 15/48 moderate" --db "$DB" record MRN1001 cows hr=112 sweating=2 restlessness=3 pupils=2 aches=1 nose=1 gi=2 tremor=1 yawning=1 anxiety=0 gooseflesh=0 \
	--reason "post-dose" --note "Settled after 8 mg."
check "record: pulse score 2 and the measured 112 bpm" \
	[ "$(sql "$DB" "SELECT score || ' ' || raw_value FROM assessment_items WHERE assessment_id = 2 AND item = 'pulse'")" = "2 112" ]
check "record: reason and note stored" \
	[ "$(sql "$DB" "SELECT reason || '|' || note FROM assessments WHERE id = 2")" = "post-dose|Settled after 8 mg." ]
check "record: a score without a measurement stores no rate" \
	[ "$(sql "$DB" "SELECT raw_value IS NULL FROM assessment_items WHERE assessment_id = 1 AND item = 'pulse'")" = 1 ]
check "record: total, maximum and band stored" \
	[ "$(sql "$DB" "SELECT total || '/' || max_total || ' ' || band || ' ' || late FROM assessments WHERE id = 1")" = "14/48 moderate 0" ]
# shellcheck disable=SC2086
expect_out "record: SOWS, total only" "assessment 3
SOWS 16/64" --db "$DB" record MRN1001 sows $SOWS16
as cleo cleo-password
# shellcheck disable=SC2046
expect_out "record: a clinician records; COWS 3 prints 'no active withdrawal'" "assessment 4
COWS 3/48 no active withdrawal" --db "$DB" record MRN1001 cows $(cows_total 3)

# --at in every accepted form; performed over an hour before entry is late.
as nina nina-password
for case in "2026-11-21 10:30|2026-11-21T10:30:00Z|1" "2026-11-21T10:59|2026-11-21T10:59:00Z|1" \
	"2026-11-21T11:00:00|2026-11-21T11:00:00Z|0" "2026-11-21T11:30Z|2026-11-21T11:30:00Z|0" \
	"2026-11-21T12:45+01:00|2026-11-21T11:45:00Z|0" "2026-11-21T05:50-0500|2026-11-21T10:50:00Z|1"; do
	at=${case%%|*} rest=${case#*|}
	stored=${rest%|*} late=${rest#*|}
	v --db "$DB" record MRN1001 craving craving=4 --at "$at"
	id=$(sed -n 's/^assessment //p' "$T/out")
	got=$(sql "$DB" "SELECT performed_at || ' ' || late || ' ' || entered_at FROM assessments WHERE id = '$id'")
	if [ "$rc" = 0 ] && [ "$got" = "$stored $late 2026-11-21T12:00:00Z" ]; then
		ok "record --at '$at': performed $stored, late=$late"
	else
		not_ok "record --at '$at'" "exit $rc" "$(err)" "stored: $got"
	fi
done

# ---- record: refused, nothing stored ------------------------------------------
# shellcheck disable=SC2086
expect_refused "$DB" "record: restlessness 2" 1 \
	"vigil: restlessness: 2 is not a COWS score (allowed: 0, 1, 3, 5)" \
	--db "$DB" record MRN1001 cows pulse=1 sweating=2 restlessness=2 pupils=2 aches=1 nose=1 gi=2 tremor=1 yawning=1 anxiety=0 gooseflesh=0
expect_refused "$DB" "record: a missing item" 1 "vigil: COWS: missing items: gooseflesh" \
	--db "$DB" record MRN1001 cows pulse=1 sweating=2 restlessness=3 pupils=2 aches=1 nose=1 gi=2 tremor=1 yawning=1 anxiety=0
expect_refused "$DB" "record: unknown scale" 1 \
	"vigil: unknown scale 'cow' (known: ciwa-ar, cows, craving, sows)" \
	--db "$DB" record MRN1001 cow pulse=1
expect_refused "$DB" "record: unknown item" 1 \
	"vigil: sows has no item 'pulse' (items: anxious, yawning, perspiring, tearing, nose, goosebumps, shaking, hot-flushes, cold-flushes, aches, restless, nauseous, vomiting, twitching, cramps, craving)" \
	--db "$DB" record MRN1001 sows pulse=1
# shellcheck disable=SC2086
expect_refused "$DB" "record: unknown patient" 1 "vigil: unknown patient 'MRN4040'" \
	--db "$DB" record MRN4040 cows $COWS14
# shellcheck disable=SC2086
expect_refused "$DB" "record: discharged patient" 1 "vigil: patient MRN1002 has been discharged" \
	--db "$DB" record MRN1002 cows $COWS14
# (A time during the stay is accepted after the discharge: tests/cli/patient.sh.)
expect_refused "$DB" "record: discharged patient, time after the discharge" 1 \
	"vigil: time 2026-11-21 09:30 is after MRN1002 was discharged (2026-11-21 09:00)" \
	--db "$DB" record MRN1002 craving craving=2 --at "2026-11-21 09:30"
expect_refused "$DB" "record: time in the future" 1 "vigil: time 2026-11-21 12:01 is in the future" \
	--db "$DB" record MRN1001 craving craving=2 --at "2026-11-21 12:01"
expect_refused "$DB" "record: time before admission" 1 \
	"vigil: time 2026-11-21 07:59 is before MRN1001 was admitted (2026-11-21 08:00)" \
	--db "$DB" record MRN1001 craving craving=2 --at "2026-11-21 07:59"
expect_refused "$DB" "record: not a time" 1 \
	"vigil: --at: '2026-11-21 25:00' is not a time (use YYYY-MM-DD HH:MM, optionally with an offset such as +01:00 or Z)" \
	--db "$DB" record MRN1001 craving craving=2 --at "2026-11-21 25:00"
expect_refused "$DB" "record: 29 February in a common year" 1 \
	"vigil: --at: '2026-02-29 10:00' is not a time (use YYYY-MM-DD HH:MM, optionally with an offset such as +01:00 or Z)" \
	--db "$DB" record MRN1001 craving craving=2 --at "2026-02-29 10:00"
expect_refused "$DB" "record: note over 1000 characters" 1 \
	"vigil: note: 1001 characters is over the limit of 1000" \
	--db "$DB" record MRN1001 craving craving=2 --note "$(repeat 1001 n)"
expect_refused "$DB" "record: note with an escape sequence" 1 \
	"vigil: note: control character U+001B is not allowed" \
	--db "$DB" record MRN1001 craving craving=2 --note "$(printf 'ok\033]0;pwned\007')"
expect_refused "$DB" "record: reason over 200 characters" 1 \
	"vigil: reason: 201 characters is over the limit of 200" \
	--db "$DB" record MRN1001 craving craving=2 --reason "$(repeat 201 r)"
expect_refused "$DB" "record: reason with a newline" 1 \
	"vigil: reason: control character U+000A is not allowed" \
	--db "$DB" record MRN1001 craving craving=2 --reason "$(printf 'post\ndose')"
expect_refused "$DB" "record: missing MRN" 2 "vigil record: missing MRN (see 'vigil record --help')" \
	--db "$DB" record
expect_refused "$DB" "record: missing SCALE" 2 "vigil record: missing SCALE (see 'vigil record --help')" \
	--db "$DB" record MRN1001
expect_refused "$DB" "record: missing ITEM=SCORE" 2 \
	"vigil record: missing ITEM=SCORE (see 'vigil record --help')" --db "$DB" record MRN1001 cows
expect_refused "$DB" "record: unknown option" 2 \
	"vigil record: unknown option '--when' (see 'vigil record --help')" \
	--db "$DB" record MRN1001 craving craving=2 --when now
expect_refused "$DB" "record: --at without a value" 2 \
	"vigil record: --at needs a value (see 'vigil record --help')" \
	--db "$DB" record MRN1001 craving craving=2 --at
as boss boss-password
expect_refused "$DB" "record: an admin may not" 1 \
	"vigil: boss (admin) may not record an assessment: it needs the nurse or clinician role" \
	--db "$DB" record MRN1001 craving craving=2
as nina wrong-password
expect_refused "$DB" "record: wrong password" 1 "vigil: unknown user or wrong password (or the account is locked or disabled)" \
	--db "$DB" record MRN1001 craving craving=2
expect_refused "$DB" "record: scores are checked before the password" 1 \
	"vigil: craving: 12 is not a Craving score (allowed: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)" \
	--db "$DB" record MRN1001 craving craving=12
check "record: a wrong password is counted, nothing else" \
	[ "$(sql "$DB" "SELECT failed_logins FROM users WHERE name = 'nina'")" = 1 ]
as nina nina-password
export VIGIL_NOW="tomorrow"
expect_refused "$DB" "record: malformed VIGIL_NOW" 1 \
	"vigil: VIGIL_NOW: 'tomorrow' is not a time (use YYYY-MM-DD HH:MM, optionally with an offset such as +01:00 or Z)" \
	--db "$DB" record MRN1001 craving craving=2
export VIGIL_NOW="2026-11-21 12:00"
check "record: ten assessments stored, nothing from the refusals" \
	[ "$(sql "$DB" 'SELECT count(*) FROM assessments')" = 10 ]

# ---- local times at the clock changes (Europe/London) ------------------------
as nina nina-password
v --db "$DB" patient admit MRN-DST --name "Clock Change" --at "2026-03-01 08:00"
expect_refused "$DB" "--at: a time the clocks skip" 1 \
	"vigil: --at: '2026-03-29 01:30' does not exist: the clocks went forward over it" \
	--db "$DB" record MRN-DST craving craving=2 --at "2026-03-29 01:30"
expect_refused "$DB" "--at: a time that happens twice" 1 \
	"vigil: --at: '2026-10-25 01:30' happens twice when the clocks go back; add its offset: +01:00 (first) or +00:00 (second)" \
	--db "$DB" record MRN-DST craving craving=2 --at "2026-10-25 01:30"
v --db "$DB" record MRN-DST craving craving=2 --at "2026-10-25 01:30+00:00"
check "--at: the repeated hour with an offset is taken" [ "$(sql "$DB" "SELECT performed_at FROM assessments WHERE patient_id = (SELECT id FROM patients WHERE mrn = 'MRN-DST')")" = "2026-10-25T01:30:00Z" ]

as boss boss-password
v --db "$DB" audit verify
check "the audit log verifies" [ "$rc" = 0 ]

finish
