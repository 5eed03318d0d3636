#!/bin/sh
# Reassessment protocols on the command line: one morning on the ward.
# A severe CIWA-Ar and a mild COWS on one patient (`vigil due` and its
# filters), a scale started and stopped with `monitor`, reassessments not
# done (`skip`) shown, amended and voided as N12, a unit's own protocol
# installed (and a bad one refused, the database untouched), `protocol
# show`; the audit log intact after all of it, and a not-done record
# edited with the sqlite3 shell caught by `audit verify`.
. "$(dirname "$0")/../lib.sh"

DB="$T/ward.db"
CIWA20="nausea=7 tremor=7 sweats=6 anxiety=0 agitation=0 tactile=0 auditory=0 visual=0 headache=0 orientation=0"
COWS3="pulse=0 sweating=1 restlessness=1 pupils=1 aches=0 nose=0 gi=0 tremor=0 yawning=0 anxiety=0 gooseflesh=0"
ciwa() { # ciwa TOTAL (up to 14): nausea and tremor, the rest 0
	n=$(($1 > 7 ? 7 : $1))
	echo "nausea=$n tremor=$(($1 - n)) sweats=0 anxiety=0 agitation=0 tactile=0 auditory=0 visual=0 headache=0 orientation=0"
}

# Every record, the log and the schema, the protocol tables included.
snap_all() {
	{
		snap "$1"
		sqlite3 "$1" "SELECT * FROM protocols; SELECT * FROM monitoring;
			SELECT * FROM not_done; SELECT * FROM not_done_voids;"
	} | cksum
}

# refused DESC STATUS MESSAGE ARGS...: expect_fail, then a check that no
# record changed (the protocol tables included).
refused() {
	_before=$(snap_all "$DB")
	expect_fail "$@"
	check "$1: nothing changed" [ "$(snap_all "$DB")" = "$_before" ]
}

export VIGIL_NOW="2026-11-21 06:00"
export VIGIL_NEW_PASSWORD=boss-password
v --db "$DB" init --training --admin boss
as boss boss-password
export VIGIL_NEW_PASSWORD=nina-password
v --db "$DB" user add nina --role nurse
export VIGIL_NEW_PASSWORD=cleo-password
v --db "$DB" user add cleo --role clinician
as nina nina-password
v --db "$DB" patient admit MRN1001 --name "Alex Morgan" --bed 1
v --db "$DB" patient admit MRN1002 --name "Jordan Ellis" --bed 2
v --db "$DB" patient admit MRN1003 --name "Sam Okafor" --bed 3
export VIGIL_NOW="2026-11-21 06:30"
v --db "$DB" patient discharge MRN1003
check "setup: three admitted, one gone home" \
	[ "$(sql "$DB" 'SELECT count(*) FROM patients WHERE discharged_at IS NULL')" = 2 ]

# ---- nothing yet ------------------------------------------------------------
export VIGIL_NOW="2026-11-21 09:00"
expect_out "due: nothing before the first assessment" "(nothing due)" --db "$DB" due
expect_out "due --overdue: nothing" "(nothing overdue)" --db "$DB" due --overdue

# ---- two scales, two clocks -------------------------------------------------
export VIGIL_NOW="2026-11-21 09:30"
# shellcheck disable=SC2086
v --db "$DB" record MRN1001 ciwa-ar $CIWA20
export VIGIL_NOW="2026-11-21 09:45"
# shellcheck disable=SC2086
v --db "$DB" record MRN1001 cows $COWS3
export VIGIL_NOW="2026-11-21 10:45"
HEAD=" BED  MRN        SCALE    DUE                            WHY"
CIWA_OVERDUE="!1    MRN1001    CIWA-Ar  2026-11-21 10:30 over 15m      CIWA-Ar 20 severe: hourly
                                                warning: CIWA-Ar 20 (severe): tell the clinician"
expect_out "due: the severe CIWA-Ar overdue first, with its warning; the COWS later" "$HEAD
$CIWA_OVERDUE
 1    MRN1001    COWS     2026-11-21 13:45 in 3h 00m     COWS 3 no active withdrawal: 4-hourly" --db "$DB" due
expect_out "due --overdue: only the CIWA-Ar" "$HEAD
$CIWA_OVERDUE" --db "$DB" due --overdue
expect_out "due --within 1h: the COWS is 3 hours off" "$HEAD
$CIWA_OVERDUE" --db "$DB" due --within 1h
expect_out "due --within 3h: due exactly at the end of the window is in it" "$HEAD
$CIWA_OVERDUE
 1    MRN1001    COWS     2026-11-21 13:45 in 3h 00m     COWS 3 no active withdrawal: 4-hourly" \
	--db "$DB" due --within 3h
refused "due --within 4x" 2 \
	"vigil due: --within: '4x' is not a length of time (use e.g. 30m, 4h, 1h30m or 2d) (see 'vigil due --help')" \
	--db "$DB" due --within 4x
refused "due --within 0" 2 \
	"vigil due: --within: '0' is not a length of time (use e.g. 30m, 4h, 1h30m or 2d) (see 'vigil due --help')" \
	--db "$DB" due --within 0
refused "due --within without a value" 2 "vigil due: --within needs a value (see 'vigil due --help')" \
	--db "$DB" due --within
refused "due: no patient argument" 2 "vigil due: unexpected argument 'MRN1001' (see 'vigil due --help')" \
	--db "$DB" due MRN1001

# ---- monitor ----------------------------------------------------------------
expect_out "monitor: started, due at once" "COWS monitoring started for MRN1002
COWS     no assessment yet; due 2026-11-21 10:45 (now): COWS monitoring started 10:45: first assessment" \
	--db "$DB" monitor MRN1002 cows
check "monitor: one start in the database" \
	[ "$(sql "$DB" "SELECT action || ' ' || scale || ' ' || at FROM monitoring")" = "start cows 2026-11-21T10:45:00Z" ]
expect_out "due: the new one is listed, overdue from its due time" "$HEAD
$CIWA_OVERDUE
!2    MRN1002    COWS     2026-11-21 10:45 now           COWS monitoring started 10:45: first assessment
 1    MRN1001    COWS     2026-11-21 13:45 in 3h 00m     COWS 3 no active withdrawal: 4-hourly" --db "$DB" due
refused "monitor: twice" 1 "vigil: COWS is already monitored for MRN1002" --db "$DB" monitor MRN1002 COWS
refused "monitor: --stop needs --reason" 2 \
	"vigil monitor: missing --reason TEXT (why monitoring stops) (see 'vigil monitor --help')" \
	--db "$DB" monitor MRN1002 cows --stop
refused "monitor: --reason without --stop" 2 \
	"vigil monitor: --reason goes with --stop (see 'vigil monitor --help')" \
	--db "$DB" monitor MRN1002 cows --reason "ruled out"
refused "monitor: missing SCALE" 2 "vigil monitor: missing SCALE (see 'vigil monitor --help')" \
	--db "$DB" monitor MRN1002
refused "monitor: unknown patient" 1 "vigil: unknown patient 'MRN9'" --db "$DB" monitor MRN9 cows
refused "monitor: unknown scale" 1 "vigil: unknown scale 'ciwa' (known: ciwa-ar, cows, craving, sows)" \
	--db "$DB" monitor MRN1001 ciwa
refused "monitor: a discharged patient" 1 "vigil: patient MRN1003 has been discharged" \
	--db "$DB" monitor MRN1003 cows
as boss boss-password
refused "monitor: an admin may not" 1 \
	"vigil: boss (admin) may not start or stop monitoring a scale: it needs the nurse or clinician role" \
	--db "$DB" monitor MRN1002 cows --stop --reason "ruled out"
as cleo cleo-password
export VIGIL_NOW="2026-11-21 10:50"
expect_out "monitor --stop: with its reason" "COWS monitoring stopped for MRN1002" \
	--db "$DB" monitor MRN1002 cows --stop --reason "opioid use ruled out"
check "monitor --stop: the reason is kept" \
	[ "$(sql "$DB" "SELECT reason FROM monitoring WHERE action = 'stop'")" = "opioid use ruled out" ]
expect_out "due: a stopped scale is no longer listed" "$HEAD
!1    MRN1001    CIWA-Ar  2026-11-21 10:30 over 20m      CIWA-Ar 20 severe: hourly
                                                warning: CIWA-Ar 20 (severe): tell the clinician
 1    MRN1001    COWS     2026-11-21 13:45 in 2h 55m     COWS 3 no active withdrawal: 4-hourly" --db "$DB" due
refused "monitor --stop: twice" 1 "vigil: COWS is not monitored for MRN1002" \
	--db "$DB" monitor MRN1002 cows --stop --reason "again"
expect_out "monitor: a scale without a protocol is active but not timed" "SOWS monitoring started for MRN1002
SOWS     no assessment yet; not timed (no protocol)" --db "$DB" monitor MRN1002 sows
check "due: an untimed scale is not listed" [ "$(v --db "$DB" due; grep -c MRN1002 "$T/out")" = 0 ]

# ---- skip: reassessments not done -------------------------------------------
as nina nina-password
refused "skip: a scale not monitored" 1 "vigil: COWS is not monitored for MRN1002: nothing is due" \
	--db "$DB" skip MRN1002 cows --why asleep
refused "skip: without --why" 2 "vigil skip: missing --why asleep|refused|off-ward|other (see 'vigil skip --help')" \
	--db "$DB" skip MRN1001 cows
refused "skip: an unknown reason" 1 \
	"vigil: 'sleepy' is not a reason for not done (use asleep, refused, off-ward or other)" \
	--db "$DB" skip MRN1001 cows --why sleepy
refused "skip: other needs a note" 1 "vigil: note: must not be empty" \
	--db "$DB" skip MRN1001 cows --why other
refused "skip: unknown patient" 1 "vigil: unknown patient 'MRN9'" --db "$DB" skip MRN9 cows --why asleep
refused "skip: unknown scale" 1 "vigil: unknown scale 'ciwa' (known: ciwa-ar, cows, craving, sows)" \
	--db "$DB" skip MRN1001 ciwa --why asleep
refused "skip: a discharged patient" 1 "vigil: patient MRN1003 has been discharged" \
	--db "$DB" skip MRN1003 cows --why asleep
refused "skip: a time after the discharge" 1 \
	"vigil: time 2026-11-21 10:50 is after MRN1003 was discharged (2026-11-21 06:30)" \
	--db "$DB" skip MRN1003 cows --why asleep --at "2026-11-21 10:50"
refused "skip: --at in the future" 1 "vigil: time 2026-11-21 11:00 is in the future" \
	--db "$DB" skip MRN1001 cows --why asleep --at "2026-11-21 11:00"
refused "skip: --at before the latest assessment: nothing was due" 1 \
	"vigil: time 2026-11-21 09:00 is before the latest COWS assessment or start (2026-11-21 09:45): nothing was due then" \
	--db "$DB" skip MRN1001 cows --why asleep --at "2026-11-21 09:00"
as boss boss-password
refused "skip: an admin may not" 1 \
	"vigil: boss (admin) may not record an assessment: it needs the nurse or clinician role" \
	--db "$DB" skip MRN1001 cows --why asleep
as nina nina-password
expect_out "skip --why asleep before it was due: the due time stays" "not done N1: asleep
CIWA-Ar  last 20/67 severe; due 2026-11-21 10:30 (over 20m): CIWA-Ar 20 severe: hourly
COWS     last 3/48 no active withdrawal; due 2026-11-21 13:45 (in 2h 55m): COWS 3 no active withdrawal: 4-hourly" \
	--db "$DB" skip MRN1001 cows --why asleep
export VIGIL_NOW="2026-11-21 11:00"
as cleo cleo-password
expect_out "skip --why refused: still due, flagged" "not done N2: refused
CIWA-Ar  last 20/67 severe; due 2026-11-21 10:30 (over 30m): CIWA-Ar 20 severe: hourly
COWS     last 3/48 no active withdrawal; due 2026-11-21 13:45 (in 2h 45m): COWS 3 no active withdrawal: 4-hourly" \
	--db "$DB" skip MRN1001 ciwa-ar --why refused
expect_out "due: the refusal under the overdue CIWA-Ar" "$HEAD
!1    MRN1001    CIWA-Ar  2026-11-21 10:30 over 30m      CIWA-Ar 20 severe: hourly
                                                         refused at 11:00: still due
                                                warning: CIWA-Ar 20 (severe): tell the clinician
 1    MRN1001    COWS     2026-11-21 13:45 in 2h 45m     COWS 3 no active withdrawal: 4-hourly" --db "$DB" due

# ---- show, amend, void ------------------------------------------------------
expect_out "show N1" "not done N1: COWS asleep
patient       MRN1001
at            2026-11-21 10:50
entered       2026-11-21 10:50
by            nina
status        final" --db "$DB" show N1
refused "show: no such record" 1 "vigil: no not-done record N99" --db "$DB" show N99
refused "show: not an id" 2 "vigil show: 'N1x' is not a not-done record id (like N12) (see 'vigil show --help')" \
	--db "$DB" show N1x
expect_out "amend N2 --why asleep: a correction" "not done N3 (corrects N2): asleep" \
	--db "$DB" amend N2 --why asleep --reason "asleep, not refusing"
expect_out "show N2: amended, by whom and why" "not done N2: CIWA-Ar refused
patient       MRN1001
at            2026-11-21 11:00
entered       2026-11-21 11:00
by            cleo
status        amended
corrected by  cleo at 2026-11-21 11:00 because asleep, not refusing" --db "$DB" show N2
expect_out "show N3: the correction, at the same time" "not done N3: CIWA-Ar asleep
patient       MRN1001
at            2026-11-21 11:00
entered       2026-11-21 11:00
by            cleo
corrects      N2 because asleep, not refusing
status        corrected" --db "$DB" show N3
expect_out "due: asleep when it was due, so a recheck at 13:00, no flag" "$HEAD
 1    MRN1001    CIWA-Ar  2026-11-21 13:00 in 2h 00m     asleep at 11:00: recheck 2 h
                                                warning: CIWA-Ar 20 (severe): tell the clinician
 1    MRN1001    COWS     2026-11-21 13:45 in 2h 45m     COWS 3 no active withdrawal: 4-hourly" \
	--db "$DB" due
refused "amend: twice" 1 "vigil: not-done record N2 has already been amended (by N3)" \
	--db "$DB" amend N2 --why off-ward --reason "again"
refused "amend: nothing changed" 1 "vigil: nothing changed: N3 already says asleep" \
	--db "$DB" amend N3 --why asleep --reason "same"
refused "amend: without --reason" 2 "vigil amend: missing --reason TEXT (see 'vigil amend --help')" \
	--db "$DB" amend N3 --why refused
refused "amend: scores on a not-done record" 2 \
	"vigil amend: a not-done record has no item scores (see 'vigil amend --help')" \
	--db "$DB" amend N3 gi=3 --reason "x"
refused "amend: other without a note" 1 "vigil: note: must not be empty" \
	--db "$DB" amend N3 --why other --reason "x"
expect_out "void N1: entered in error" "not done N1 marked entered in error" \
	--db "$DB" void N1 --reason "wrong patient"
expect_out "show N1: entered in error" "not done N1: COWS asleep
patient       MRN1001
at            2026-11-21 10:50
entered       2026-11-21 10:50
by            nina
status        entered-in-error
corrected by  cleo at 2026-11-21 11:00 because wrong patient" --db "$DB" show N1
expect_out "due: after the void, the same clocks" "$HEAD
 1    MRN1001    CIWA-Ar  2026-11-21 13:00 in 2h 00m     asleep at 11:00: recheck 2 h
                                                warning: CIWA-Ar 20 (severe): tell the clinician
 1    MRN1001    COWS     2026-11-21 13:45 in 2h 45m     COWS 3 no active withdrawal: 4-hourly" --db "$DB" due
refused "void: twice" 1 "vigil: not-done record N1 is entered in error" \
	--db "$DB" void N1 --reason "again"
refused "void: an amended record" 1 "vigil: not-done record N2 has already been amended (by N3)" \
	--db "$DB" void N2 --reason "x"
as boss boss-password
refused "void: an admin may not" 1 \
	"vigil: boss (admin) may not amend or void an assessment: it needs the nurse or clinician role" \
	--db "$DB" void N3 --reason "x"
as nina nina-password
export VIGIL_NOW="2026-11-21 11:05"
expect_out "skip --why other --note: still due, flagged" "not done N4: other
CIWA-Ar  last 20/67 severe; due 2026-11-21 13:00 (in 1h 55m): asleep at 11:00: recheck 2 h
COWS     last 3/48 no active withdrawal; due 2026-11-21 13:45 (in 2h 40m): COWS 3 no active withdrawal: 4-hourly" \
	--db "$DB" skip MRN1001 cows --why other --note "in the shower"
v --db "$DB" history MRN1001
check "history: the current not-done records among the assessments" \
	[ "$(grep -c 'not done' "$T/out")" = 2 ]

# ---- protocol show ----------------------------------------------------------
v --db "$DB" protocol show
check "protocol show: both built in" [ "$(grep -c '^# .* protocol, built in' "$T/out")" = 2 ]
expect_out "protocol show sows: not timed" "SOWS has no protocol: it is monitored but not timed" \
	--db "$DB" protocol show sows
refused "protocol show: unknown scale" 1 "vigil: unknown scale 'nosuch' (known: ciwa-ar, cows, craving, sows)" \
	--db "$DB" protocol show nosuch
v --db "$DB" protocol show COWS
check "protocol show COWS: the built-in file as it ships" \
	[ "$(sed 1,2d "$T/out")" = "$(cat "$(dirname "$0")/../../data/protocols/cows.protocol")" ]
check "protocol show COWS: where it came from" \
	[ "$(head -1 "$T/out")" = "# cows protocol, built in (builtin:cows.protocol)" ]

# ---- protocol install ---------------------------------------------------------
export VIGIL_NOW="2026-11-21 11:30"
printf 'protocol cows\nevery 0-12 4h\nevery 13-49 1h\n' >"$T/bad.protocol"
printf '# Ward 7\nprotocol ciwa-ar\nname Ward 7 CIWA-Ar\nevery 0-9 4h\nevery 10-67 1h\nevery 0-7 8h after 3 in a row\ngrace 15m\n' \
	>"$T/ward7.protocol"
as boss boss-password
sum=$(filesum "$DB")
before=$(sql "$DB" 'SELECT count(*) FROM protocols')
expect_fail "protocol install: a bad file, with its line" 1 \
	"vigil: $T/bad.protocol:3: totals 13-49 go past the scale's highest total 48" \
	--db "$DB" protocol install "$T/bad.protocol"
check "protocol install: a bad file leaves the database's bytes as they were" [ "$(filesum "$DB")" = "$sum" ]
check "protocol install: no protocol stored" [ "$(sql "$DB" 'SELECT count(*) FROM protocols')" = "$before" ]
v --db "$DB" protocol show ciwa-ar
check "protocol show: still built in" \
	[ "$(head -1 "$T/out")" = "# ciwa-ar protocol, built in (builtin:ciwa-ar.protocol)" ]
refused "protocol install: a missing file" 1 "vigil: $T/none.protocol: No such file or directory" \
	--db "$DB" protocol install "$T/none.protocol"
refused "protocol install: missing FILE" 2 \
	"vigil protocol install: missing FILE (see 'vigil protocol install --help')" --db "$DB" protocol install
as nina nina-password
refused "protocol install: a nurse may not" 1 \
	"vigil: nina (nurse) may not install a protocol or scale definition: it needs the admin role" \
	--db "$DB" protocol install "$T/ward7.protocol"
as boss boss-password
hash=$(b2sum -l 256 <"$T/ward7.protocol" | cut -c1-16)
expect_out "protocol install: installed, for every terminal" \
	"protocol for ciwa-ar installed ($hash...); it governs every terminal on this database" \
	--db "$DB" protocol install "$T/ward7.protocol"
check "protocol install: the text and the file's name kept" \
	[ "$(sql "$DB" "SELECT source || ' ' || length(text) FROM protocols")" = "ward7.protocol $(wc -c <"$T/ward7.protocol" | tr -d ' ')" ]
v --db "$DB" protocol show ciwa-ar
check "protocol show: installed, when, by whom, from which file" \
	[ "$(head -1 "$T/out")" = "# ciwa-ar protocol, installed 2026-11-21 11:30 by boss from ward7.protocol (installed:ward7.protocol)" ]
check "protocol show: the installed text" [ "$(sed 1,2d "$T/out")" = "$(cat "$T/ward7.protocol")" ]

# The unit's step-down in force: three CIWA-Ar under 8 in a row, 8-hourly.
as nina nina-password
for when in "2026-11-21 12:00" "2026-11-21 16:00" "2026-11-21 20:00"; do
	export VIGIL_NOW="$when"
	# shellcheck disable=SC2046
	v --db "$DB" record MRN1001 ciwa-ar $(ciwa 5)
done
v --db "$DB" due
check "due: the installed step-down governs (8-hourly after three lows)" \
	[ "$(grep CIWA-Ar "$T/out")" = " 1    MRN1001    CIWA-Ar  2026-11-22 04:00 in 8h 00m     CIWA-Ar 5 mild, 3 in a row at 0-7: 8-hourly" ]

# ---- the audit log ------------------------------------------------------------
as boss boss-password
# 21 writes; 20 records: 3 users, 3 patients (one discharged: a change, not
# a record), 5 assessments, 3 monitoring events, 4 not-done records, 1 void
# of one, 1 protocol.
v --db "$DB" audit verify
check "audit verify passes after monitoring, skips, corrections and an install" \
	[ "$rc" = 0 -a "$(head -1 "$T/out")" = "audit log intact: 26 entries, in order, each linked to the one before" ]
check "...and names what it checked, with the new records" \
	grep -q "^  3 starts and stops of monitoring$" "$T/out"

# tamper DESC SQL MESSAGE: on a copy, run SQL with the sqlite3 shell, then
# audit verify must exit 1 with MESSAGE.
n=0
tamper() {
	n=$((n + 1))
	copy="$T/tampered-$n.db"
	cp "$DB" "$copy"
	if ! sqlite3 "$copy" "$2"; then
		not_ok "$1" "the sqlite3 shell refused: $2"
		return
	fi
	triggers_back "$DB" "$copy"
	expect_fail "$1" 1 "vigil: audit verify failed: $3" --db "$copy" audit verify
}
DIFFERS="differs from what the audit log says was written (changed outside vigil)"
before=$(snap_all "$DB")
msg=$(sqlite3 "$DB" "UPDATE not_done SET why = 'asleep' WHERE id = 4" 2>&1)
check "sqlite3 refuses a plain change of a not-done record" \
	[ "$(snap_all "$DB")" = "$before" -a "$msg" = "Error: stepping, not_done is append-only (19)" ]
tamper "caught: a refusal turned into sleep with the sqlite3 shell" \
	"DROP TRIGGER not_done_no_update; UPDATE not_done SET why = 'asleep'" "not_done 2: $DIFFERS"
tamper "caught: a not-done record deleted" \
	"DROP TRIGGER not_done_no_delete; DELETE FROM not_done WHERE id = 4" \
	"not_done 4: in the audit log (row $(sql "$DB" "SELECT seq FROM audit_log WHERE entity = 'not_done' AND entity_id = 4")) but missing from the database (deleted outside vigil)"
tamper "caught: a stop of monitoring removed" \
	"DROP TRIGGER monitoring_no_delete; DELETE FROM monitoring WHERE action = 'stop'" \
	"monitoring 2: in the audit log (row $(sql "$DB" "SELECT seq FROM audit_log WHERE entity = 'monitoring' AND entity_id = 2")) but missing from the database (deleted outside vigil)"
tamper "caught: an installed protocol's text changed" \
	"DROP TRIGGER protocols_no_update; UPDATE protocols SET text = replace(text, '8h', '24h')" \
	"protocol 1: $DIFFERS"

finish
