#!/bin/sh
# history, show, amend and void: newest first, --scale, --all with amended
# and entered-in-error rows, 80 columns; corrections that keep the original
# readable; every refusal leaving the database as it was.
. "$(dirname "$0")/../lib.sh"

export VIGIL_NOW="2026-11-21 12:00"
DB="$T/ward.db"
COWS14="pulse=1 sweating=2 restlessness=3 pupils=2 aches=1 nose=1 gi=2 tremor=1 yawning=1 anxiety=0 gooseflesh=0"
COWS5="pulse=1 sweating=1 restlessness=1 pupils=1 aches=1 nose=0 gi=0 tremor=0 yawning=0 anxiety=0 gooseflesh=0"
SOWS16="anxious=1 yawning=1 perspiring=1 tearing=1 nose=1 goosebumps=1 shaking=1 hot-flushes=1 cold-flushes=1 aches=1 restless=1 nauseous=1 vomiting=1 twitching=1 cramps=1 craving=1"

export VIGIL_NEW_PASSWORD=boss-password
v --db "$DB" init --training --admin boss
as boss boss-password
export VIGIL_NEW_PASSWORD=nina-password
v --db "$DB" user add nina --role nurse
export VIGIL_NEW_PASSWORD=cleo-password
v --db "$DB" user add cleo --role clinician
as nina nina-password
v --db "$DB" patient admit MRN1001 --name "Alex Morgan" --bed 1 --at "2026-11-21 02:00"
v --db "$DB" patient admit MRN1002 --name "Jordan Ellis" --bed 2 --at "2026-11-21 02:00"
# shellcheck disable=SC2086
{
	v --db "$DB" record MRN1001 cows $COWS14 --at "2026-11-21 08:00" --reason 4-hourly
	v --db "$DB" record MRN1001 craving craving=4 --at "2026-11-21 09:00"
	as cleo cleo-password
	v --db "$DB" record MRN1001 cows $COWS5 --at "2026-11-21 10:00" --note "Asleep, woken."
	as nina nina-password
	v --db "$DB" record MRN1001 sows $SOWS16
}
check "setup: four assessments" [ "$(sql "$DB" 'SELECT count(*) FROM assessments')" = 4 ]

# ---- history ---------------------------------------------------------------
HEAD="   ID PERFORMED            SCALE   TOTAL BAND                 BY"
expect_out "history: newest first, late ones marked" "$HEAD
    4 2026-11-21 12:00     SOWS    16/64 -                    nina
    3 2026-11-21 10:00 L n COWS     5/48 mild                 cleo
    2 2026-11-21 09:00 L   Craving  4/10 -                    nina
    1 2026-11-21 08:00 L   COWS    14/48 moderate             nina
L late entry (entered over an hour after it was done)
n has a note" --db "$DB" history MRN1001
expect_out "history --scale cows" "$HEAD
    3 2026-11-21 10:00 L n COWS     5/48 mild                 cleo
    1 2026-11-21 08:00 L   COWS    14/48 moderate             nina
L late entry (entered over an hour after it was done)
n has a note" --db "$DB" history MRN1001 --scale cows
expect_out "history --scale=SOWS (any case), nothing late" "$HEAD
    4 2026-11-21 12:00     SOWS    16/64 -                    nina" \
	--db "$DB" history --scale=SOWS MRN1001
expect_out "history: a patient with none" "(no assessments)" --db "$DB" history MRN1002
as boss boss-password
expect_ok "history: an admin may view" --db "$DB" history MRN1001
as nina nina-password
expect_refused "$DB" "history: unknown patient" 1 "vigil: unknown patient 'MRN9'" --db "$DB" history MRN9
expect_refused "$DB" "history: bad MRN" 1 "vigil: MRN: '*' is not allowed (use letters, digits and -)" \
	--db "$DB" history "MRN*"
expect_refused "$DB" "history: unknown scale" 1 \
	"vigil: unknown scale 'ciwa' (known: ciwa-ar, cows, craving, sows)" \
	--db "$DB" history MRN1001 --scale ciwa
expect_refused "$DB" "history: missing MRN" 2 "vigil history: missing MRN (see 'vigil history --help')" \
	--db "$DB" history
expect_refused "$DB" "history: two MRNs" 2 \
	"vigil history: unexpected argument 'MRN1002' (see 'vigil history --help')" \
	--db "$DB" history MRN1001 MRN1002
expect_refused "$DB" "history: unknown option" 2 \
	"vigil history: unknown option '--since' (see 'vigil history --help')" \
	--db "$DB" history MRN1001 --since 2026-11-20
expect_refused "$DB" "history: --scale without a value" 2 \
	"vigil history: --scale needs a value (see 'vigil history --help')" \
	--db "$DB" history MRN1001 --scale

# ---- show ------------------------------------------------------------------
expect_out "show: every field and item" "assessment 1: COWS 14/48 moderate
patient       MRN1001
performed     2026-11-21 08:00
entered       2026-11-21 12:00
late          yes: late entry (entered over an hour after it was done)
performed by  nina
reason        4-hourly
status        final
  pulse           1
  sweating        2
  restlessness    3
  pupils          2
  aches           1
  nose            1
  gi              2
  tremor          1
  yawning         1
  anxiety         0
  gooseflesh      0" --db "$DB" show 1
v --db "$DB" show 3
check "show: the note" grep -qx 'note          Asleep, woken.' "$T/out"
expect_refused "$DB" "show: unknown id" 1 "vigil: no assessment with id 99" --db "$DB" show 99
expect_refused "$DB" "show: not an id" 2 "vigil show: 'abc' is not an assessment id (see 'vigil show --help')" \
	--db "$DB" show abc
expect_refused "$DB" "show: id 0" 2 "vigil show: '0' is not an assessment id (see 'vigil show --help')" \
	--db "$DB" show 0
expect_refused "$DB" "show: missing ID" 2 "vigil show: missing assessment ID (see 'vigil show --help')" \
	--db "$DB" show
expect_refused "$DB" "show: two ids" 2 "vigil show: unexpected argument '2' (see 'vigil show --help')" \
	--db "$DB" show 1 2

# ---- amend -----------------------------------------------------------------
export VIGIL_NOW="2026-11-21 12:30"
as cleo cleo-password
expect_out "amend: a new assessment correcting the old" "assessment 5 (corrects 1)
COWS 17/48 moderate" --db "$DB" amend 1 gi=5 --reason "gi miscounted"
expect_out "amend: items not named keep their score" "assessment 5: COWS 17/48 moderate
patient       MRN1001
performed     2026-11-21 08:00
entered       2026-11-21 12:30
late          yes: late entry (entered over an hour after it was done)
performed by  nina
entered by    cleo
reason        4-hourly
corrects      1
because       gi miscounted
status        corrected
  pulse           1
  sweating        2
  restlessness    3
  pupils          2
  aches           1
  nose            1
  gi              5
  tremor          1
  yawning         1
  anxiety         0
  gooseflesh      0" --db "$DB" show 5
expect_out "amend: the original stays readable, marked amended with who, when and why" \
	"assessment 1: COWS 14/48 moderate
patient       MRN1001
performed     2026-11-21 08:00
entered       2026-11-21 12:00
late          yes: late entry (entered over an hour after it was done)
performed by  nina
reason        4-hourly
status        amended
amended by    5
corrected by  cleo
corrected at  2026-11-21 12:30
because       gi miscounted
  pulse           1
  sweating        2
  restlessness    3
  pupils          2
  aches           1
  nose            1
  gi              2
  tremor          1
  yawning         1
  anxiety         0
  gooseflesh      0" --db "$DB" show 1

as nina nina-password
expect_out "amend: a measured heart rate replaces the pulse score" "assessment 6 (corrects 5)
COWS 20/48 moderate" --db "$DB" amend 5 hr=130 --reason "pulse was measured"
check "amend: the rate is stored with its score" \
	[ "$(sql "$DB" "SELECT score || ' ' || raw_value FROM assessment_items WHERE assessment_id = 6 AND item = 'pulse'")" = "4 130" ]
expect_out "amend: two items at once" "assessment 7 (corrects 3)
COWS 10/48 mild" --db "$DB" amend 3 gooseflesh=3 yawning=2 --reason "recounted"
expect_refused "$DB" "amend: the amended original again" 1 \
	"vigil: assessment 1 has already been amended (by assessment 5)" \
	--db "$DB" amend 1 gi=3 --reason "again"
expect_refused "$DB" "amend: no score changed" 1 "vigil: assessment 6: no score changed" \
	--db "$DB" amend 6 gi=5 --reason "same"
expect_refused "$DB" "amend: a score not allowed" 1 \
	"vigil: gi: 4 is not a COWS score (allowed: 0, 1, 2, 3, 5)" \
	--db "$DB" amend 6 gi=4 --reason "typo"
expect_refused "$DB" "amend: an item named twice" 1 "vigil: gi given twice" \
	--db "$DB" amend 6 gi=1 gi=3 --reason "twice"
expect_refused "$DB" "amend: pulse and hr both" 1 "vigil: pulse given twice (hr=90 also scores it)" \
	--db "$DB" amend 6 pulse=1 hr=90 --reason "both"
expect_refused "$DB" "amend: an item the scale lacks" 1 \
	"vigil: sows has no item 'gi' (items: anxious, yawning, perspiring, tearing, nose, goosebumps, shaking, hot-flushes, cold-flushes, aches, restless, nauseous, vomiting, twitching, cramps, craving)" \
	--db "$DB" amend 4 gi=1 --reason "wrong scale"
expect_refused "$DB" "amend: empty reason" 1 "vigil: a reason is required" \
	--db "$DB" amend 6 gi=3 --reason ""
expect_refused "$DB" "amend: reason with a control character" 1 \
	"vigil: reason: control character U+0007 is not allowed" \
	--db "$DB" amend 6 gi=3 --reason "$(printf 'bell\a')"
expect_refused "$DB" "amend: reason over 200 characters" 1 \
	"vigil: reason: 201 characters is over the limit of 200" \
	--db "$DB" amend 6 gi=3 --reason "$(repeat 201 x)"
expect_refused "$DB" "amend: missing --reason" 2 "vigil amend: missing --reason TEXT (see 'vigil amend --help')" \
	--db "$DB" amend 6 gi=3
expect_refused "$DB" "amend: missing ITEM=SCORE" 2 \
	"vigil amend: missing ITEM=SCORE (what changes) (see 'vigil amend --help')" \
	--db "$DB" amend 6 --reason "nothing"
expect_refused "$DB" "amend: missing ID" 2 "vigil amend: missing assessment ID (see 'vigil amend --help')" \
	--db "$DB" amend
expect_refused "$DB" "amend: not an id" 2 "vigil amend: 'six' is not an assessment id (see 'vigil amend --help')" \
	--db "$DB" amend six gi=3 --reason x
expect_refused "$DB" "amend: unknown id" 1 "vigil: no assessment with id 60" \
	--db "$DB" amend 60 gi=3 --reason x
expect_refused "$DB" "amend: unknown option" 2 "vigil amend: unknown option '--since' (see 'vigil amend --help')" \
	--db "$DB" amend 6 gi=3 --since x
expect_refused "$DB" "amend: --why is for not-done records" 2 \
	"vigil amend: --why and --note correct not-done records (N12) (see 'vigil amend --help')" \
	--db "$DB" amend 6 gi=3 --why x --reason y
as boss boss-password
expect_refused "$DB" "amend: an admin may not" 1 \
	"vigil: boss (admin) may not amend or void an assessment: it needs the nurse or clinician role" \
	--db "$DB" amend 6 gi=3 --reason x
as nina wrong-password
expect_refused "$DB" "amend: wrong password" 1 "vigil: unknown user or wrong password (or the account is locked or disabled)" \
	--db "$DB" amend 6 gi=3 --reason x

# ---- void ------------------------------------------------------------------
as nina nina-password
expect_out "void" "assessment 2 marked entered in error" --db "$DB" void 2 --reason "wrong patient"
v --db "$DB" show 2
check "void: the original stays readable, marked entered in error" \
	[ "$(sed -n '/^status/,/^because/p' "$T/out")" = "status        entered in error
marked by     nina
marked at     2026-11-21 12:30
because       wrong patient" ]
expect_refused "$DB" "void: twice" 1 "vigil: assessment 2 is entered in error" \
	--db "$DB" void 2 --reason "again"
expect_refused "$DB" "amend: an assessment entered in error" 1 "vigil: assessment 2 is entered in error" \
	--db "$DB" amend 2 craving=5 --reason "fix"
expect_refused "$DB" "void: an amended one" 1 "vigil: assessment 5 has already been amended (by assessment 6)" \
	--db "$DB" void 5 --reason "old"
expect_refused "$DB" "void: empty reason" 1 "vigil: a reason is required" --db "$DB" void 4 --reason ""
expect_refused "$DB" "void: reason with a newline" 1 "vigil: reason: control character U+000A is not allowed" \
	--db "$DB" void 4 --reason "$(printf 'a\nb')"
expect_refused "$DB" "void: missing --reason" 2 "vigil void: missing --reason TEXT (see 'vigil void --help')" \
	--db "$DB" void 4
expect_refused "$DB" "void: missing ID" 2 "vigil void: missing assessment ID (see 'vigil void --help')" \
	--db "$DB" void --reason x
expect_refused "$DB" "void: not an id" 2 "vigil void: '4x' is not an assessment id (see 'vigil void --help')" \
	--db "$DB" void 4x --reason x
expect_refused "$DB" "void: unknown id" 1 "vigil: no assessment with id 44" --db "$DB" void 44 --reason x
as boss boss-password
expect_refused "$DB" "void: an admin may not" 1 \
	"vigil: boss (admin) may not amend or void an assessment: it needs the nurse or clinician role" \
	--db "$DB" void 4 --reason x

# ---- history after corrections ---------------------------------------------
as nina nina-password
# The heart rate the corrected COWS measured is a vital sign of its own (V1),
# flagged over the protocol's 120, listed after its assessment.
expect_out "history: only current assessments, and the measured heart rate" "$HEAD
    4 2026-11-21 12:00     SOWS    16/64 -                    nina
    7 2026-11-21 10:00 LCn COWS    10/48 mild                 cleo
    6 2026-11-21 08:00 LC  COWS    20/48 moderate             nina
   V1 2026-11-21 08:00 L   HR 130!                            nina
L late entry (entered over an hour after it was done)
C corrected (replaces an earlier record)
n has a note
! outside a protocol's limits for vital signs" --db "$DB" history MRN1001
expect_out "history --all: amended and entered-in-error rows too" "$HEAD
    4 2026-11-21 12:00     SOWS    16/64 -                    nina
    7 2026-11-21 10:00 LCn COWS    10/48 mild                 cleo
    3 2026-11-21 10:00 LAn COWS     5/48 mild                 cleo
    2 2026-11-21 09:00 LX  Craving  4/10 -                    nina
    6 2026-11-21 08:00 LC  COWS    20/48 moderate             nina
    5 2026-11-21 08:00 LA  COWS    17/48 moderate             nina
    1 2026-11-21 08:00 LA  COWS    14/48 moderate             nina
   V1 2026-11-21 08:00 L   HR 130!                            nina
L late entry (entered over an hour after it was done)
C corrected (replaces an earlier record)
A amended (replaced by a correction; not in force)
X entered in error (not in force)
n has a note
! outside a protocol's limits for vital signs" --db "$DB" history MRN1001 --all

# 80 columns: the widest band and marks, a long user name cut with '~'.
as boss boss-password
export VIGIL_NEW_PASSWORD=long-password
v --db "$DB" user add a-very-long-user-name-for-tests --role nurse
as a-very-long-user-name-for-tests long-password
v --db "$DB" record MRN1002 cows pulse=4 sweating=4 restlessness=5 pupils=5 aches=4 nose=4 gi=5 tremor=0 yawning=0 anxiety=0 gooseflesh=0
v --db "$DB" amend 8 tremor=1 --reason "recount"
v --db "$DB" history MRN1002 --all
check "history: the widest row is within 80 columns" [ "$(widest "$T/out")" -le 80 ]
check "history: a long user name is cut with ~" \
	grep -q '^    9 2026-11-21 12:30  C  COWS    32/48 moderately severe    a-very-lo~$' "$T/out"

as boss boss-password
v --db "$DB" audit verify
check "the audit log verifies" [ "$rc" = 0 ]

finish
