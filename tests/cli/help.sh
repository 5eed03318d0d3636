#!/bin/sh
# --help, --version, COMMAND --help, and what is not a command or option.
. "$(dirname "$0")/../lib.sh"

expect_ok "--help" --help
for c in "init" "demo" "user add" "user list" "user disable" "passwd" "patient admit" \
	"patient discharge" "patient list" "patient last-use" "scales" "score" "record" "dose" \
	"vitals" "note" "readiness" "drugs" "drugs install" "history" "show" "amend" \
	"void" "audit verify"; do
	check "--help lists '$c'" grep -q "^  $c  " "$T/out"
done
check "--help names the environment variables" grep -q "VIGIL_DB, VIGIL_USER, VIGIL_PASSWORD" "$T/out"
expect_ok "-h" -h
check "-h is --help" grep -q "^usage: vigil \[--db PATH\]" "$T/out"

v --version
check "--version prints 'vigil X.Y.Z'" [ "$rc" = 0 -a -n "$(out | grep -E '^vigil [0-9]+\.[0-9]+\.[0-9]+$')" ]

# COMMAND --help: the usage line, exit 0, nothing done.
for c in "init" "demo" "user add" "user list" "user disable" "passwd" "patient admit" \
	"patient discharge" "patient list" "patient last-use" "scales" "score" "record" "dose" \
	"vitals" "note" "readiness" "drugs" "drugs install" "history" "show" "amend" \
	"void" "audit verify"; do
	# shellcheck disable=SC2086 # split the group and its command
	v --db "$T/none.db" $c --help
	if [ "$rc" = 0 ] && grep -q "^usage: vigil $c" "$T/out" && [ ! -s "$T/err" ]; then
		ok "$c --help"
	else
		not_ok "$c --help" "exit $rc" "$(out)" "$(err)"
	fi
done
expect_out "record --help shows its options" \
	"usage: vigil record MRN SCALE ITEM=SCORE... [--at TIME] [--reason TEXT] [--note TEXT]
       record an assessment" record --help
expect_out "amend -h" "usage: vigil amend ID ITEM=SCORE... --reason TEXT
       correct an assessment (items not named keep their score)
usage: vigil amend N12 [--why WHY] [--note TEXT] --reason TEXT
       correct a not-done record
usage: vigil amend D12 [--drug DRUG] [--amount N] [--unit UNIT] [--route ROUTE] [--at TIME] [--prn|--scheduled] [--why TEXT] [--note TEXT] --reason TEXT
       correct a dose given (what is not named stays)
usage: vigil amend V12 [hr=N] [bp=SYS/DIA] [temp=C] [rr=N] [spo2=N] [--at TIME] [--note TEXT] --reason TEXT
       correct vital signs (hr= removes one)
usage: vigil amend T12 [--text TEXT] [--at TIME] --reason TEXT
       correct a note
usage: vigil amend U12 [--kind KIND] [--at TIME] [--note TEXT] --reason TEXT
       correct a last use" amend -h
expect_out "dose --help: a record of what was given" \
	"usage: vigil dose MRN DRUG AMOUNT UNIT --route ROUTE [--at TIME] [--prn|--scheduled] [--reason TEXT] [--note TEXT]
       record a dose given (a record, never an order)" dose --help
expect_out "show --help names every kind of record" "usage: vigil show ID|N12|D12|V12|T12|U12
       one assessment, not-done record or chart entry in full" show --help
v drugs --help
check "drugs --help: the list and its install" \
	[ "$rc" = 0 -a "$(grep -c '^usage: vigil drugs\( install FILE\)\?$' "$T/out")" = 2 ]
v user --help
check "user --help lists the user commands" \
	[ "$rc" = 0 -a "$(grep -c '^usage: vigil user ' "$T/out")" = 6 ]
v patient --help
check "patient --help lists the patient commands" \
	[ "$rc" = 0 -a "$(grep -c '^usage: vigil patient \(admit\|discharge\|move\|list\|last-use\) ' "$T/out")" = 5 ]
check "--help created no database" [ ! -e "$T/none.db" ]

expect_fail "unknown command" 2 "vigil: unknown command 'frobnicate' (see 'vigil --help')" frobnicate
expect_fail "unknown command that looks like a scale" 2 \
	"vigil: unknown command 'cows' (see 'vigil --help')" cows pulse=1
expect_fail "unknown global option" 2 "vigil: unknown option '--verbose' (see 'vigil --help')" \
	--verbose history MRN1
expect_fail "--db without a value" 2 "vigil: --db needs a value (see 'vigil --help')" --db
expect_fail "--user without a value" 2 "vigil: --user needs a value (see 'vigil --help')" --user
expect_fail "empty --db" 2 "vigil history: --db needs a path (see 'vigil history --help')" \
	--db "" --user x history MRN1
expect_fail "group without a subcommand" 2 \
	"vigil user: missing subcommand (see 'vigil user --help')" user
expect_fail "group with an option only" 2 \
	"vigil patient: missing subcommand (see 'vigil patient --help')" patient --all
expect_fail "unknown subcommand" 2 \
	"vigil user: unknown subcommand 'delete' (see 'vigil user --help')" user delete nina
expect_fail "audit without verify" 2 \
	"vigil audit: missing subcommand (see 'vigil audit --help')" audit
expect_fail "command option before the command" 2 \
	"vigil: unknown option '--all' (see 'vigil --help')" --all patient list
expect_fail "a command's option given twice the wrong way" 2 \
	"vigil history: --all takes no value (see 'vigil history --help')" history MRN1 --all=yes

finish
