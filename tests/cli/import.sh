#!/bin/sh
# patient import: the admissions list from the bed manager's spreadsheet,
# all rows or none, every problem against its line.
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
as nina nina-password
v --db "$DB" patient admit MRN1001 --name "Alex Morgan" --bed 4 --at "2026-11-21 08:00"
check "setup: a ward with one patient" [ "$(sql "$DB" 'SELECT count(*) FROM patients')" = 1 ]

# expect_problems DESC FILE EXPECTED-STDERR: refused, nothing admitted, the
# database untouched, stderr exactly the problems then the summary.
expect_problems() {
	desc=$1 file=$2 want=$3
	before=$(snap "$DB")
	v --db "$DB" patient import "$file"
	problem=""
	[ "$rc" != 1 ] && problem="exit $rc, wanted 1"
	[ -s "$T/out" ] && problem="output on stdout"
	[ "$(err)" != "$want" ] && problem="wrong messages"
	[ "$before" != "$(snap "$DB")" ] && problem="the database changed"
	if [ -z "$problem" ]; then
		ok "$desc"
	else
		not_ok "$desc" "$problem" "stderr:" "$(err)" "wanted:" "$want"
	fi
}

# ---- a good file ---------------------------------------------------------------
# As a spreadsheet saves it: byte order mark, CRLF, its own column order,
# quoted fields with commas and quotes, a blank line, no final line end.
printf '\357\273\277Bed,Name,MRN\r\n7,"Smith, ""Jo""",MRN2001\r\n,Zoë Ångström,MRN2002\r\n\r\n12,"=Not A Formula",MRN-3' \
	>"$T/good.csv"
as boss boss-password
expect_out "an admin imports a list" "admitted 3 patients from $T/good.csv:
  7      MRN2001      Smith, \"Jo\"
  -      MRN2002      Zoë Ångström
  12     MRN-3        =Not A Formula" --db "$DB" patient import "$T/good.csv"
check "the fields arrive whole" [ "$(sql "$DB" "SELECT group_concat(mrn || '/' || name || '/' || bed, '|') FROM patients WHERE mrn != 'MRN1001'")" = 'MRN2001/Smith, "Jo"/7|MRN2002/Zoë Ångström/|MRN-3/=Not A Formula/12' ]
check "admitted now" [ "$(sql "$DB" "SELECT count(*) FROM patients WHERE admitted_at = '2026-11-21T12:00:00Z'")" = 3 ]
check "each admission is audited, and the import itself" [ "$(sql "$DB" "SELECT group_concat(actor || ' ' || action, ',') FROM (SELECT * FROM audit_log WHERE seq > 9 ORDER BY seq)")" = "boss admit,boss admit,boss admit,boss import,boss seal" ]
check "the import's audit entry says how many and from where" [ "$(sql "$DB" "SELECT detail FROM audit_log WHERE action = 'import'")" = "admissions: 3 patients from $T/good.csv" ]
expect_fail "an admin still may not admit by hand" 1 \
	"vigil: boss (admin) may not admit or discharge a patient: it needs the nurse or clinician role" \
	--db "$DB" patient admit MRN2009 --name X
as nina nina-password
printf 'mrn,name\nMRN2004,Nurse Import\n' >"$T/nurse.csv"
expect_out "a nurse imports, without a bed column" "admitted 1 patient from $T/nurse.csv:
  -      MRN2004      Nurse Import" --db "$DB" patient import "$T/nurse.csv"
as cleo cleo-password
printf 'name,mrn,bed\nClin Import,MRN2005,1\n' | setsid -w "$VIGIL_BIN" --db "$DB" patient import - >"$T/out" 2>"$T/err"
check "a clinician imports from standard input" [ $? = 0 -a "$(out)" = "admitted 1 patient from -:
  1      MRN2005      Clin Import" ]
printf 'mrn,name,bed\nMRN2006,Bed Taken,1\n' >"$T/taken.csv"
setsid -w "$VIGIL_BIN" --db "$DB" patient import "$T/taken.csv" >"$T/out" 2>"$T/err"
check "import: a bed already taken is refused at its line, nothing admitted" \
	[ $? = 1 -a "$(head -1 "$T/err")" = "$T/taken.csv:2: bed 1 is taken by Clin Import (MRN2005); move or discharge them first" ]
printf 'mrn,name,bed\nMRN2007,One,3\nMRN2008,Two,3\n' >"$T/twice.csv"
setsid -w "$VIGIL_BIN" --db "$DB" patient import "$T/twice.csv" >"$T/out" 2>"$T/err"
check "import: two rows for one bed: the second is refused, nothing admitted" \
	[ $? = 1 -a "$(head -1 "$T/err")" = "$T/twice.csv:3: bed 3 is taken by One (MRN2007); move or discharge them first" ]
check "import: the refusals admitted nobody" \
	[ "$(sql "$DB" "SELECT count(*) FROM patients WHERE mrn IN ('MRN2006', 'MRN2007', 'MRN2008')")" = 0 ]
printf 'mrn,name,bed\n' >"$T/header.csv"
expect_out "a header alone admits nobody" "no patients in $T/header.csv; nothing was admitted" \
	--db "$DB" patient import "$T/header.csv"

# ---- every kind of bad row ----------------------------------------------------
{
	printf 'mrn,name,bed\n'
	printf 'MRN3001,Good Row,1\n'           # 2: good, still not admitted
	printf 'MRN3002,"Bad"Quote,2\n'         # 3
	printf 'MRN3003,,3\n'                   # 4
	printf 'MRN3004,One,Too,Many\n'         # 5
	printf 'MRN3005,Two Few\n'              # 6
	printf 'MRN1001,Alex Again,5\n'         # 7: in the database
	printf 'MRN3001,Twice,6\n'              # 8: twice in the file
	printf 'MRN 3008,Space,7\n'             # 9
	printf 'MRN3009,"Tab\there",8\n'        # 10
	printf 'MRN3010,Ren\351e,9\n'           # 11
	printf 'MRN3011,%s,10\n' "$(repeat 101 x)"  # 12
	printf 'MRN3012,Bed,%s\n' "$(repeat 13 9)"  # 13
	printf 'MRN3013,"Two\nLines",11\n'      # 14-15
	printf 'MRN3014,"ESC\033[31m",12\n'     # 16
	printf 'MRN3015,"never closed,13\n'     # 17
} >"$T/bad.csv"
expect_problems "every bad row reported against its line; nothing admitted" "$T/bad.csv" \
"$T/bad.csv:3: bad quoting: a field with a quote must be quoted as a whole, with the quotes inside doubled (\"\")
$T/bad.csv:4: name: must not be empty
$T/bad.csv:5: 4 fields, but the header names 3 columns
$T/bad.csv:6: 2 fields, but the header names 3 columns
$T/bad.csv:7: patient MRN1001 is already registered
$T/bad.csv:8: MRN MRN3001 is also on line 2
$T/bad.csv:9: MRN: ' ' is not allowed (use letters, digits and -)
$T/bad.csv:10: name: control character U+0009 is not allowed
$T/bad.csv:11: name: not valid UTF-8 text
$T/bad.csv:12: name: 101 characters is over the limit of 100
$T/bad.csv:13: bed: 13 characters is over the limit of 12
$T/bad.csv:14: name: control character U+000A is not allowed
$T/bad.csv:16: name: control character U+001B is not allowed
$T/bad.csv:17: a quoted field is not closed
vigil: $T/bad.csv: 14 problems; nothing was admitted"
check "... not even the good row" [ "$(sql "$DB" "SELECT count(*) FROM patients WHERE mrn = 'MRN3001'")" = 0 ]

printf 'MRN3020,Alex,3\n' >"$T/noheader.csv"
expect_problems "no header" "$T/noheader.csv" \
"$T/noheader.csv:1: unknown column 'MRN3020' (the first line names the columns: mrn, name, bed)
$T/noheader.csv:1: unknown column 'Alex' (the first line names the columns: mrn, name, bed)
$T/noheader.csv:1: unknown column '3' (the first line names the columns: mrn, name, bed)
$T/noheader.csv:1: no 'mrn' column (the columns are mrn, name, bed)
$T/noheader.csv:1: no 'name' column (the columns are mrn, name, bed)
vigil: $T/noheader.csv: 5 problems; nothing was admitted"
printf 'mrn,name,bed,ward\nMRN3021,Alex,3,7\n' >"$T/extra.csv"
expect_problems "an extra column is refused by name" "$T/extra.csv" \
"$T/extra.csv:1: unknown column 'ward' (the first line names the columns: mrn, name, bed)
vigil: $T/extra.csv: 1 problem; nothing was admitted"
printf 'mrn,Name,MRN\n' >"$T/twice.csv"
expect_problems "a column twice" "$T/twice.csv" \
"$T/twice.csv:1: column 'mrn' given twice
vigil: $T/twice.csv: 1 problem; nothing was admitted"
: >"$T/empty.csv"
expect_problems "an empty file" "$T/empty.csv" \
"$T/empty.csv:1: the file is empty; its first line names the columns: mrn,name,bed
vigil: $T/empty.csv: 1 problem; nothing was admitted"
expect_fail "a file that is not there" 1 "vigil: $T/none.csv: No such file or directory" \
	--db "$DB" patient import "$T/none.csv"
expect_fail "missing FILE" 2 "vigil patient import: missing FILE (see 'vigil patient import --help')" \
	--db "$DB" patient import
as nina wrong-password
expect_fail "a wrong password imports nothing" 1 "vigil: unknown user or wrong password (or the account is locked or disabled)" \
	--db "$DB" patient import "$T/nurse.csv"
check "the patients: the first one and the 5 imported" \
	[ "$(sql "$DB" 'SELECT count(*) FROM patients')" = 6 ]
# Old Mac line ends (a bare CR): problems still at their own lines.
as nina nina-password
printf 'mrn,name,bed\rMRN3001,Al,1\rMRN3002,,2\r' >"$T/cr.csv"
expect_problems "bare CR line ends: the right line" "$T/cr.csv" "$T/cr.csv:3: name: must not be empty
vigil: $T/cr.csv: 1 problem; nothing was admitted"
# A row with another problem still claims its MRN: a later duplicate is named.
printf 'mrn,name,bed\nMRN3003,"Two\nlines",3\nMRN3004,Fine,4\nMRN3003,Again,6\n' >"$T/dup-bad.csv"
expect_problems "a duplicate of a bad row's MRN is reported too" "$T/dup-bad.csv" \
	"$T/dup-bad.csv:2: name: control character U+000A is not allowed
$T/dup-bad.csv:5: MRN MRN3003 is also on line 2
vigil: $T/dup-bad.csv: 2 problems; nothing was admitted"

as boss boss-password
v --db "$DB" audit verify
check "the audit log verifies" [ "$rc" = 0 ]

finish
