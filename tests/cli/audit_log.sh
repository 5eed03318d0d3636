#!/bin/sh
# vigil audit log: who did what when, oldest first, for an admin; each
# filter (--since, --until, --user, --patient); the CSV with -o (0600, the
# training column, --force, -o -) audited as every export is; listing on
# the terminal changes nothing; every refusal with its message and the
# database unchanged.
. "$(dirname "$0")/../lib.sh"

DB="$T/ward.db"

# refused DESC STATUS MESSAGE ARGS...: expect_fail, then a check that no
# record and no row of the log changed.
refused() {
	_before=$(snap "$DB")
	expect_fail "$@"
	check "$1: nothing changed" [ "$(snap "$DB")" = "$_before" ]
}

# A small ward: two patients, an assessment, two doses, a correction, two
# voids and a wrong password, five minutes apart.
at() { export VIGIL_NOW="2026-11-21 $1"; }
at 06:00
export VIGIL_NEW_PASSWORD=boss-password
v --db "$DB" init --training --admin boss
as boss boss-password
export VIGIL_NEW_PASSWORD=nina-password
v --db "$DB" user add nina --role nurse
as nina nina-password
at 06:05
v --db "$DB" patient admit MRN1001 --name "Ann Smith" --bed 1
v --db "$DB" patient admit MRN1002 --name "Bob Jones" --bed 2
at 06:10
v --db "$DB" record MRN1001 cows pulse=0 sweating=1 restlessness=1 pupils=1 aches=0 nose=0 \
	gi=0 tremor=0 yawning=0 anxiety=0 gooseflesh=0
at 06:15
v --db "$DB" dose MRN1001 loperamide 4 mg --route PO
at 06:20
v --db "$DB" dose MRN1002 loperamide 4 mg --route PO
at 06:25
v --db "$DB" amend D1 --amount 2 --reason "misread the chart"
at 06:30
v --db "$DB" void 1 --reason "wrong patient"
at 06:35
v --db "$DB" void D2 --reason "not given"
at 06:40
as nina wrong-password
v --db "$DB" due
check "setup: sixteen rows in the log" [ "$(sql "$DB" 'SELECT count(*) FROM audit_log')" = 16 ]

as boss boss-password
at 07:00
HEAD="  seq time             user             action        what"

# ---- the listing --------------------------------------------------------

before=$(snap "$DB")
rows_before=$(sql "$DB" 'SELECT count(*) FROM audit_log')
expect_ok "audit log: every row" --db "$DB" audit log
has_line() { grep -Fxq -- "$1" "$T/out"; }
check "audit log: the heading first" [ "$(head -n 1 "$T/out")" = "$HEAD" ]
check "audit log: sixteen rows, oldest first" [ "$(sed 1d "$T/out" | awk '{print $1}' | tr '\n' ' ')" = \
	"1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 " ]
check "audit log: the first row, a user by name" \
	has_line "    1 2026-11-21 06:00 boss             create        user boss"
check "audit log: an admission names the patient by MRN" \
	has_line "    8 2026-11-21 06:05 nina             admit         patient MRN1001"
check "audit log: an assessment by its number" \
	has_line "   10 2026-11-21 06:10 nina             record        assessment 1"
check "audit log: a dose by its name" \
	has_line "   11 2026-11-21 06:15 nina             dose          dose D1"
check "audit log: a correction names the new entry" \
	has_line "   13 2026-11-21 06:25 nina             amend         dose D3"
check "audit log: a void of a dose names the dose" \
	has_line "   15 2026-11-21 06:35 nina             void          dose D2"
check "audit log: a wrong password in words" \
	has_line "   16 2026-11-21 06:40 (wrong password) login-try     user nina"
check "audit log: listing changed nothing" [ "$(snap "$DB")" = "$before" ]
check "audit log: not a row added by listing" \
	[ "$(sql "$DB" 'SELECT count(*) FROM audit_log')" = "$rows_before" ]

expect_out "--patient: the patient's row and their records' only" "$HEAD
    8 2026-11-21 06:05 nina             admit         patient MRN1001
   10 2026-11-21 06:10 nina             record        assessment 1
   11 2026-11-21 06:15 nina             dose          dose D1
   13 2026-11-21 06:25 nina             amend         dose D3
   14 2026-11-21 06:30 nina             void          assessment 1" \
	--db "$DB" audit log --patient MRN1001
expect_out "--patient: the other patient, their voided dose included" "$HEAD
    9 2026-11-21 06:05 nina             admit         patient MRN1002
   12 2026-11-21 06:20 nina             dose          dose D2
   15 2026-11-21 06:35 nina             void          dose D2" \
	--db "$DB" audit log --patient mrn1002
expect_out "--user, --since and --until: nina's rows from 06:20 to before 06:31" "$HEAD
   12 2026-11-21 06:20 nina             dose          dose D2
   13 2026-11-21 06:25 nina             amend         dose D3
   14 2026-11-21 06:30 nina             void          assessment 1" \
	--db "$DB" audit log --user nina --since "2026-11-21 06:20" --until "2026-11-21 06:31"
expect_ok "--user: the admin's rows" --db "$DB" audit log --user boss
boss_only=$(sed 1d "$T/out" | awk '$4 != "boss"' | wc -l)
check "--user: seven rows, all by boss" [ "$(sed 1d "$T/out" | wc -l)" = 7 ]
check "--user: no one else's" [ "$boss_only" = 0 ]
expect_out "--since: nothing after the last row, the heading alone" "$HEAD" \
	--db "$DB" audit log --since "2026-11-21 06:45"

# ---- -o FILE: CSV, an export -------------------------------------------

at 07:05
expect_ok "-o: the log as CSV" --db "$DB" audit log --patient MRN1001 -o "$T/log.csv"
check "-o: says what it wrote" [ "$(head -n 1 "$T/out")" = "exported 5 rows to $T/log.csv" ]
witness=$(sed -n '2s/ .*//p;3s/ .*//p' "$T/out" | tr '\n' ' ')
check "-o: then the ward key and the head" [ "$witness" = "ward head " ]
check "-o: the file is 0600" [ "$(stat -c %a "$T/log.csv")" = 600 ]
check "-o: training column first, then the columns" [ "$(head -n 1 "$T/log.csv" | tr -d '\r')" = \
	'"training","seq","at","user","action","entity","entity_id","what","detail"' ]
row=$(sed -n 4p "$T/log.csv" | cut -d, -f1-8)
check "-o: a dose's row" [ "$row" = \
	'"TRAINING",11,"2026-11-21T06:15:00+00:00","nina","dose","chart",1,"dose D1"' ]
check "-o: five rows and the heading" [ "$(wc -l <"$T/log.csv")" = 6 ]
csv_ok() { "$VIGIL_TEST_HELPERS/csvcheck" "$1" >/dev/null; }
check "-o: strict RFC 4180, as every export" csv_ok "$T/log.csv"
check "-o: audited as an export" [ "$(sql "$DB" "SELECT actor || ' ' || action || ' ' || detail \
	FROM audit_log ORDER BY seq DESC LIMIT 1")" = \
	"boss export audit log (patient MRN1001): 5 rows to $T/log.csv" ]
refused "-o: an existing file is not replaced" 1 \
	"vigil: $T/log.csv: the file already exists; it was not replaced (--force replaces it)" \
	--db "$DB" audit log -o "$T/log.csv"
expect_ok "-o --force: replaces it" --db "$DB" audit log --user nina -o "$T/log.csv" --force
check "-o --force: the new rows" [ "$(head -n 1 "$T/out")" = "exported 8 rows to $T/log.csv" ]
v --db "$DB" audit log --user boss -o -
first=$(head -n 1 "$T/out" | tr -d '\r')
check "-o -: the CSV on standard output" [ "$rc" = 0 ]
check "-o -: its heading first" [ "$first" = \
	'"training","seq","at","user","action","entity","entity_id","what","detail"' ]
check "-o -: the witness on standard error" [ "$(sed -n '1s/ .*//p' "$T/err")" = ward ]

# The export's row is listed, its long text cut to fit 80 columns.
expect_ok "audit log: the exports listed" --db "$DB" audit log --user boss --since "2026-11-21 07:05"
check "audit log: a long note cut with ~" \
	has_line "   17 2026-11-21 07:05 boss             export        audit log (patient MRN100~"
wide=$(awk 'length($0) > 80' "$T/out" | wc -l)
check "audit log: no line wider than 80 columns" [ "$wide" = 0 ]

# ---- refusals -------------------------------------------------------------

as nina nina-password
refused "a nurse may not read the log" 1 \
	"vigil: nina (nurse) may not read the audit log: it needs the admin role" \
	--db "$DB" audit log
refused "a nurse may not export it either" 1 \
	"vigil: nina (nurse) may not read the audit log: it needs the admin role" \
	--db "$DB" audit log -o "$T/nurse.csv"
check "a nurse's refused export leaves no file" [ ! -e "$T/nurse.csv" ]
as boss boss-password
refused "--since: not a time" 1 \
	"vigil: --since: 'yesterdayish' is not a time (use HH:MM, YYYY-MM-DD HH:MM, or how long ago such as 2h ago)" \
	--db "$DB" audit log --since yesterdayish
refused "--until: before the year 2000" 1 "vigil: --until: '1999-01-01 00:00' is before the year 2000" \
	--db "$DB" audit log --until "1999-01-01 00:00"
refused "--until before --since" 2 \
	"vigil audit log: --until must be later than --since (see 'vigil audit log --help')" \
	--db "$DB" audit log --since "2026-11-21 06:30" --until "2026-11-21 06:00"
refused "--patient: an unknown MRN" 1 "vigil: unknown patient 'MRN9'" \
	--db "$DB" audit log --patient MRN9
refused "--patient: an unknown MRN leaves no file" 1 "vigil: unknown patient 'MRN9'" \
	--db "$DB" audit log --patient MRN9 -o "$T/none.csv"
check "--patient: no file for an unknown MRN" [ ! -e "$T/none.csv" ]
refused "--user: an unknown user" 1 "vigil: unknown user 'zed'" \
	--db "$DB" audit log --user zed
refused "an unknown option" 2 \
	"vigil audit log: unknown option '--bogus' (see 'vigil audit log --help')" \
	--db "$DB" audit log --bogus
refused "--force without -o" 2 \
	"vigil audit log: --force goes with -o FILE (see 'vigil audit log --help')" \
	--db "$DB" audit log --force

expect_ok "the log is intact at the end" --db "$DB" audit verify

finish
