#!/bin/sh
# patient admit, discharge, list: the happy paths and every failure.
. "$(dirname "$0")/../lib.sh"

export VIGIL_NOW="2026-11-21 12:00"
DB="$T/ward.db"
export VIGIL_NEW_PASSWORD=boss-password
v --db "$DB" init --training --admin boss
as boss boss-password
export VIGIL_NEW_PASSWORD=nina-password
v --db "$DB" user add nina --role nurse
export VIGIL_NEW_PASSWORD=cleo-password
v --db "$DB" user add cleo --role clinician
check "setup: a ward with a nurse and a clinician" [ "$(sql "$DB" 'SELECT count(*) FROM users')" = 3 ]

# ---- admit -----------------------------------------------------------------
as nina nina-password
expect_out "admit with a bed and a time" "admitted MRN1001 to bed 4" \
	--db "$DB" patient admit MRN1001 --name "Alex Morgan" --bed 4 --at "2026-11-21 08:00"
expect_out "admit without a bed, now" "admitted MRN1002" \
	--db "$DB" patient admit MRN1002 --name "Jordan Ellis"
as cleo cleo-password
expect_out "a clinician admits; --at with T and an offset" "admitted MRN-7 to bed 10" \
	--db "$DB" patient admit MRN-7 --name "Zoë Ng" --bed=10 --at "2026-11-21T09:30+01:00"
expect_out "admit: --at as date and time with seconds and Z" "admitted MRN1003 to bed 2" \
	--db "$DB" patient admit MRN1003 --name="Sam Okafor" --bed 2 --at 2026-11-20T22:15:00Z
check "admission times are stored in UTC" [ "$(sql "$DB" "SELECT group_concat(mrn || '=' || admitted_at, ' ') FROM patients")" = "MRN1001=2026-11-21T08:00:00Z MRN1002=2026-11-21T12:00:00Z MRN-7=2026-11-21T08:30:00Z MRN1003=2026-11-20T22:15:00Z" ]

as nina nina-password
expect_refused "$DB" "admit: duplicate MRN" 1 "vigil: patient MRN1001 is already registered" \
	--db "$DB" patient admit MRN1001 --name "Somebody Else"
expect_refused "$DB" "admit: missing MRN" 2 \
	"vigil patient admit: missing MRN (see 'vigil patient admit --help')" \
	--db "$DB" patient admit --name "No Number"
expect_refused "$DB" "admit: missing --name" 2 \
	"vigil patient admit: missing --name \"Full Name\" (see 'vigil patient admit --help')" \
	--db "$DB" patient admit MRN2001
expect_refused "$DB" "admit: --name without a value" 2 \
	"vigil patient admit: --name needs a value (see 'vigil patient admit --help')" \
	--db "$DB" patient admit MRN2001 --name
expect_refused "$DB" "admit: unknown option" 2 \
	"vigil patient admit: unknown option '--ward' (see 'vigil patient admit --help')" \
	--db "$DB" patient admit MRN2001 --name X --ward 3
expect_refused "$DB" "admit: two MRNs" 2 \
	"vigil patient admit: unexpected argument 'MRN2002' (see 'vigil patient admit --help')" \
	--db "$DB" patient admit MRN2001 MRN2002 --name X
expect_refused "$DB" "admit: empty name" 1 "vigil: name: must not be empty" \
	--db "$DB" patient admit MRN2001 --name ""
expect_refused "$DB" "admit: name over 100 characters" 1 \
	"vigil: name: 101 characters is over the limit of 100" \
	--db "$DB" patient admit MRN2001 --name "$(repeat 101 a)"
expect_refused "$DB" "admit: name with an escape sequence" 1 \
	"vigil: name: control character U+001B is not allowed" \
	--db "$DB" patient admit MRN2001 --name "$(printf 'Alex\033[31mRed')"
expect_refused "$DB" "admit: name with a tab" 1 "vigil: name: control character U+0009 is not allowed" \
	--db "$DB" patient admit MRN2001 --name "$(printf 'Alex\tMorgan')"
expect_refused "$DB" "admit: name that is not UTF-8" 1 "vigil: name: not valid UTF-8 text" \
	--db "$DB" patient admit MRN2001 --name "$(printf 'Ren\351e')"
expect_refused "$DB" "admit: bed over 12 characters" 1 \
	"vigil: bed: 13 characters is over the limit of 12" \
	--db "$DB" patient admit MRN2001 --name X --bed "$(repeat 13 9)"
expect_refused "$DB" "admit: bed with a newline" 1 "vigil: bed: control character U+000A is not allowed" \
	--db "$DB" patient admit MRN2001 --name X --bed "$(printf '4\nB')"
expect_refused "$DB" "admit: MRN with a space" 1 \
	"vigil: MRN: ' ' is not allowed (use letters, digits and -)" \
	--db "$DB" patient admit "MRN 2001" --name X
expect_refused "$DB" "admit: MRN over 20 characters" 1 \
	"vigil: MRN: 21 characters is over the limit of 20" \
	--db "$DB" patient admit "$(repeat 21 7)" --name X
expect_refused "$DB" "admit: time in the future" 1 "vigil: time 2026-11-21 12:01 is in the future" \
	--db "$DB" patient admit MRN2001 --name X --at "2026-11-21 12:01"
expect_refused "$DB" "admit: not a time" 1 \
	"vigil: --at: 'yesterday' is not a time (use HH:MM, YYYY-MM-DD HH:MM, or how long ago such as 2h ago)" \
	--db "$DB" patient admit MRN2001 --name X --at yesterday
expect_refused "$DB" "admit: 30 February" 1 \
	"vigil: --at: '2026-02-30 10:00' is not a time (use YYYY-MM-DD HH:MM, optionally with an offset such as +01:00 or Z)" \
	--db "$DB" patient admit MRN2001 --name X --at "2026-02-30 10:00"
as boss boss-password
expect_refused "$DB" "admit: an admin may not" 1 \
	"vigil: boss (admin) may not admit or discharge a patient: it needs the nurse or clinician role" \
	--db "$DB" patient admit MRN2001 --name X
as nina wrong-password
expect_refused "$DB" "admit: wrong password" 1 "vigil: unknown user or wrong password (or the account is locked or disabled)" \
	--db "$DB" patient admit MRN2001 --name X
unset VIGIL_USER
expect_refused "$DB" "admit: nobody acting" 2 \
	"vigil patient admit: who is acting? pass --user NAME or set VIGIL_USER (see 'vigil patient admit --help')" \
	--db "$DB" patient admit MRN2001 --name X
as nina nina-password
check "refusals admitted nobody" [ "$(sql "$DB" 'SELECT count(*) FROM patients')" = 4 ]

# ---- list ------------------------------------------------------------------
expect_out "list: patients on the ward, by bed" "BED    MRN          NAME                     ADMITTED
       MRN1002      Jordan Ellis             2026-11-21 12:00
2      MRN1003      Sam Okafor               2026-11-20 22:15
4      MRN1001      Alex Morgan              2026-11-21 08:00
10     MRN-7        Zoë Ng                   2026-11-21 08:30" --db "$DB" patient list

# ---- discharge -------------------------------------------------------------
expect_out "discharge now" "discharged MRN1003" --db "$DB" patient discharge MRN1003
expect_out "discharge at a time" "discharged MRN1002" \
	--db "$DB" patient discharge MRN1002 --at 2026-11-21T12:00Z
check "discharge times are stored" [ "$(sql "$DB" "SELECT group_concat(mrn || '=' || discharged_at, ' ') FROM patients WHERE discharged_at IS NOT NULL")" = "MRN1002=2026-11-21T12:00:00Z MRN1003=2026-11-21T12:00:00Z" ]
expect_refused "$DB" "discharge: twice" 1 "vigil: patient MRN1003 is already discharged" \
	--db "$DB" patient discharge MRN1003
expect_refused "$DB" "discharge: unknown patient" 1 "vigil: unknown patient 'MRN9999'" \
	--db "$DB" patient discharge MRN9999
expect_refused "$DB" "discharge: before admission" 1 "vigil: patient MRN1001: discharge before admission" \
	--db "$DB" patient discharge MRN1001 --at "2026-11-21 07:59"
v --db "$DB" record MRN1001 craving craving=4 --at "2026-11-21 10:00"
expect_refused "$DB" "discharge: before the last assessment" 1 \
	"vigil: patient MRN1001: discharge time is before their last assessment (2026-11-21 10:00)" \
	--db "$DB" patient discharge MRN1001 --at "2026-11-21 09:00"
expect_refused "$DB" "discharge: in the future" 1 "vigil: time 2026-11-22 08:00 is in the future" \
	--db "$DB" patient discharge MRN1001 --at "2026-11-22 08:00"
expect_refused "$DB" "discharge: bad time" 1 \
	"vigil: --at: '2026-11-21 8:00' is not a time (use YYYY-MM-DD HH:MM, optionally with an offset such as +01:00 or Z)" \
	--db "$DB" patient discharge MRN1001 --at "2026-11-21 8:00"
expect_refused "$DB" "discharge: missing MRN" 2 \
	"vigil patient discharge: missing MRN (see 'vigil patient discharge --help')" \
	--db "$DB" patient discharge
expect_refused "$DB" "discharge: bad MRN" 1 \
	"vigil: MRN: ';' is not allowed (use letters, digits and -)" \
	--db "$DB" patient discharge "MRN1001;"
as boss boss-password
expect_refused "$DB" "discharge: an admin may not" 1 \
	"vigil: boss (admin) may not admit or discharge a patient: it needs the nurse or clinician role" \
	--db "$DB" patient discharge MRN1001

as nina nina-password
expect_refused "$DB" "admit: a discharged patient's MRN is still taken" 1 \
	"vigil: patient MRN1003 is already registered" \
	--db "$DB" patient admit MRN1003 --name "Sam Okafor"
# Recording "now" for a discharged patient is refused (now is not before the
# discharge, 12:00).
expect_refused "$DB" "record: discharged patient" 1 "vigil: patient MRN1003 has been discharged" \
	--db "$DB" record MRN1003 craving craving=3
# An assessment performed during the stay may still be entered after the
# discharge: a late entry like any other, amended and voided as usual.
expect_out "record: discharged patient, a time during the stay" "assessment 2
Craving 3/10" --db "$DB" record MRN1003 craving craving=3 --at "2026-11-21 06:00" --reason 4-hourly
expect_out "record: discharged patient, exactly at the discharge" "assessment 3
Craving 5/10" --db "$DB" record MRN1003 craving craving=5 --at "2026-11-21 12:00"
check "the late entry is stored as performed, entered now and late" \
	[ "$(sql "$DB" "SELECT performed_at || ' ' || entered_at || ' ' || late FROM assessments WHERE id = 2")" = "2026-11-21T06:00:00Z 2026-11-21T12:00:00Z 1" ]
expect_out "history: the discharged patient's late entries" "   ID PERFORMED            SCALE   TOTAL BAND                 BY
    3 2026-11-21 12:00     Craving  5/10 -                    nina
    2 2026-11-21 06:00 L   Craving  3/10 -                    nina
L late entry (entered over an hour after it was done)" --db "$DB" history MRN1003
expect_out "amend: a discharged patient's late entry" "assessment 4 (corrects 2)
Craving 4/10" --db "$DB" amend 2 craving=4 --reason "patient said 4"
check "amend: the correction keeps the performed-at and the late mark" \
	[ "$(sql "$DB" "SELECT performed_at || ' ' || late || ' ' || supersedes_id FROM assessments WHERE id = 4")" = "2026-11-21T06:00:00Z 1 2" ]
expect_out "void: a discharged patient's late entry" "assessment 3 marked entered in error" \
	--db "$DB" void 3 --reason "wrong patient"
expect_out "history --all: amended, corrected and in error" "   ID PERFORMED            SCALE   TOTAL BAND                 BY
    3 2026-11-21 12:00  X  Craving  5/10 -                    nina
    4 2026-11-21 06:00 LC  Craving  4/10 -                    nina
    2 2026-11-21 06:00 LA  Craving  3/10 -                    nina
L late entry (entered over an hour after it was done)
C corrected (replaces an earlier record)
A amended (replaced by a correction; not in force)
X entered in error (not in force)" --db "$DB" history MRN1003 --all
# Later, a time after the discharge is refused naming the discharge time.
export VIGIL_NOW="2026-11-21 14:00"
expect_refused "$DB" "record: discharged patient, a time after the discharge" 1 \
	"vigil: time 2026-11-21 12:01 is after MRN1003 was discharged (2026-11-21 12:00)" \
	--db "$DB" record MRN1003 craving craving=3 --at "2026-11-21 12:01"
expect_refused "$DB" "record: discharged patient, now after the discharge" 1 \
	"vigil: patient MRN1003 has been discharged" --db "$DB" record MRN1003 craving craving=3
expect_refused "$DB" "record: discharged patient, a time before the admission" 1 \
	"vigil: time 2026-11-20 22:14 is before MRN1003 was admitted (2026-11-20 22:15)" \
	--db "$DB" record MRN1003 craving craving=3 --at "2026-11-20 22:14"
export VIGIL_NOW="2026-11-21 12:00"

# ---- list again ------------------------------------------------------------
as boss boss-password
expect_out "list: an admin views; discharged patients are gone" "BED    MRN          NAME                     ADMITTED
4      MRN1001      Alex Morgan              2026-11-21 08:00
10     MRN-7        Zoë Ng                   2026-11-21 08:30" --db "$DB" patient list
expect_out "list --all: discharged too, last" "BED    MRN          NAME                     ADMITTED          DISCHARGED
4      MRN1001      Alex Morgan              2026-11-21 08:00
10     MRN-7        Zoë Ng                   2026-11-21 08:30
       MRN1002      Jordan Ellis             2026-11-21 12:00  2026-11-21 12:00
2      MRN1003      Sam Okafor               2026-11-20 22:15  2026-11-21 12:00" --db "$DB" patient list --all
check "list --all fits 80 columns" [ "$(widest "$T/out")" -le 80 ]
expect_fail "list: unknown option" 2 \
	"vigil patient list: unknown option '--discharged' (see 'vigil patient list --help')" \
	--db "$DB" patient list --discharged
expect_fail "list: unexpected argument" 2 \
	"vigil patient list: unexpected argument 'MRN1001' (see 'vigil patient list --help')" \
	--db "$DB" patient list MRN1001

# A long name is cut to its column with '~', never past it.
as nina nina-password
v --db "$DB" patient admit MRN3001 --name "Maximilian Alexander Fitzgerald-Worthington" --bed 12
v --db "$DB" patient list
check "list: a long name is cut with ~" grep -q '^12     MRN3001      Maximilian Alexander Fi~ 2026-11-21 12:00' "$T/out"
check "list: lines fit 80 columns" [ "$(widest "$T/out")" -le 80 ]

# ---- one patient a bed --------------------------------------------------------
expect_refused "$DB" "admit: into an occupied bed, naming who is in it" 1 \
	"vigil: bed 4 is taken by Alex Morgan (MRN1001); move or discharge them first" \
	--db "$DB" patient admit MRN2002 --name "Second Patient" --bed 4
expect_refused "$DB" "move: into an occupied bed" 1 \
	"vigil: bed 10 is taken by Zoë Ng (MRN-7); move or discharge them first" \
	--db "$DB" patient move MRN1001 10
expect_refused "$DB" "move: to the bed they are in" 1 "vigil: patient MRN1001 is already in bed 4" \
	--db "$DB" patient move MRN1001 4
expect_refused "$DB" "move: unknown patient" 1 "vigil: unknown patient 'MRN9'" \
	--db "$DB" patient move MRN9 6
expect_refused "$DB" "move: missing BED" 2 "vigil patient move: missing BED (see 'vigil patient move --help')" \
	--db "$DB" patient move MRN1001
expect_refused "$DB" "move: a blank bed" 1 "vigil: bed: must not be blank" \
	--db "$DB" patient move MRN1001 " "
as boss boss-password
expect_refused "$DB" "move: an admin may not" 1 \
	"vigil: boss (admin) may not admit or discharge a patient: it needs the nurse or clinician role" \
	--db "$DB" patient move MRN1001 6
as nina nina-password
expect_out "move to a free bed" "moved MRN1001 to bed 6" --db "$DB" patient move MRN1001 6
expect_out "the bed left is free again" "admitted MRN2002 to bed 4" \
	--db "$DB" patient admit MRN2002 --name "Second Patient" --bed 4
check "the move is in the audit log" \
	[ "$(sql "$DB" "SELECT count(*) FROM audit_log WHERE action = 'move'")" = 1 ]
expect_out "move back" "moved MRN1001 to bed 5" --db "$DB" patient move MRN1001 5
v --db "$DB" patient discharge MRN2002
expect_out "move into the bed of a discharged patient" "moved MRN1001 to bed 4" \
	--db "$DB" patient move MRN1001 4

as boss boss-password
v --db "$DB" audit verify
check "the audit log verifies" [ "$rc" = 0 ]
check "every admission (6), discharge (3) and move (3) is in the audit log" \
	[ "$(sql "$DB" "SELECT count(*) FROM audit_log WHERE entity = 'patient'")" = 12 ]

finish
