# lib.sh - shared by the shell tests in tests/cli (sourced, never run alone).
#
# Each test script sources this, runs checks that print "ok - ..." or
# "not ok - ..." (with "#" detail lines), and ends with `finish`, which
# prints "# checks: P passed, F failed, S skipped" and exits non-zero when
# any check failed. Every script gets a private directory $T, removed on
# exit, and HOME inside it.
#
# Every check is also written, one line each, to the file named by
# $VIGIL_TEST_RESULTS (tests/run.sh gives one per script; alone, one in $T):
# "pass<TAB>what", "fail<TAB>what" or "skip<TAB>what", and "end" from
# `finish`. Written as they happen, so checks run in a subshell (a pipeline's
# while loop) still count, and a script that dies before `finish` is seen.
#
#   check DESC COMMAND...    ok when COMMAND succeeds
#   ok DESC / not_ok DESC [DETAIL...] / skip DESC
#                            one check passed, failed, or could not run here
#                            (skipped: never counted as passed)
#   v ARGS...                run vigil: stdout in $T/out, stderr in $T/err,
#                            exit status in $rc (no terminal: never prompts)
#   expect_out DESC EXPECTED ARGS...
#                            exit 0, nothing on stderr, stdout exactly EXPECTED
#   expect_fail DESC STATUS MESSAGE ARGS...
#                            exit STATUS, stderr exactly the line MESSAGE,
#                            nothing on stdout
#   expect_refused DB DESC STATUS MESSAGE ARGS...
#                            expect_fail, and the records in DB unchanged
#   as USER PASSWORD         act as USER (VIGIL_USER, VIGIL_PASSWORD)
#   snap DB                  checksum of every record, the log and the schema
#                            (login bookkeeping, logged as
#                            login-try and login, aside)
#   filesum FILE             checksum of the bytes of FILE
set -u

: "${VIGIL_BIN:=$PWD/build/vigil}"
: "${VIGIL_TEST_HELPERS:=$PWD/build/tests}"
export LC_ALL=C.UTF-8 TZ=Europe/London
unset VIGIL_DB VIGIL_USER VIGIL_PASSWORD VIGIL_NEW_PASSWORD VIGIL_NOW VIGIL_SCALES \
	VIGIL_CONFIG VIGIL_BUSY_TIMEOUT XDG_DATA_HOME XDG_CONFIG_HOME

T=$(mktemp -d "${TMPDIR:-/tmp}/vigil-cli.XXXXXX") || exit 1
trap 'chmod -R u+rwX "$T" 2>/dev/null; rm -rf "$T"' EXIT
export HOME="$T/home"
mkdir -p "$HOME"

# The counts `finish` prints come from the results file; these two are kept
# for scripts that read them.
passed=0
failed=0
: "${VIGIL_TEST_RESULTS:=$T/results}"
: >>"$VIGIL_TEST_RESULTS"

# record_result pass|fail|skip|end [DESC]: one line in the results file.
record_result() {
	printf '%s\t%s\n' "$1" "$(printf '%s' "${2:-}" | tr '\t\n' '  ')" >>"$VIGIL_TEST_RESULTS"
}

ok() {
	passed=$((passed + 1))
	record_result pass "$1"
	echo "ok - $1"
}

# not_ok DESC [DETAIL...]
not_ok() {
	failed=$((failed + 1))
	record_result fail "$1"
	echo "not ok - $1"
	shift
	for line in "$@"; do
		printf '%s\n' "$line" | sed 's/^/#   /'
	done
}

# skip DESC: a check that cannot run here (say why in DESC).
skip() {
	record_result skip "$1"
	echo "skipped - $1"
}

# check DESC COMMAND...: ok when COMMAND succeeds.
check() {
	desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc" "failed: $*"; fi
}

as() {
	export VIGIL_USER="$1" VIGIL_PASSWORD="$2"
}

# setsid: no controlling terminal, so a missing password is an error, not a
# prompt that would hang the suite.
v() {
	setsid -w "$VIGIL_BIN" "$@" </dev/null >"$T/out" 2>"$T/err"
	rc=$?
}

out() { cat "$T/out"; }
err() { cat "$T/err"; }

expect_out() {
	desc=$1 want=$2
	shift 2
	v "$@"
	if [ "$rc" -eq 0 ] && [ ! -s "$T/err" ] && [ "$(out)" = "$want" ]; then
		ok "$desc"
	else
		not_ok "$desc" "vigil $*" "exit $rc" "stdout:" "$(out)" "wanted:" "$want" \
			"stderr:" "$(err)"
	fi
}

# expect_ok DESC ARGS...: exit 0 and nothing on stderr; stdout is kept in
# $T/out for further checks.
expect_ok() {
	desc=$1
	shift
	v "$@"
	if [ "$rc" -eq 0 ] && [ ! -s "$T/err" ]; then
		ok "$desc"
	else
		not_ok "$desc" "vigil $*" "exit $rc" "stderr:" "$(err)"
	fi
}

# fail_problem STATUS MESSAGE: what is wrong with the last run, or nothing.
fail_problem() {
	if [ "$rc" -ne "$1" ]; then
		echo "exit $rc, wanted $1"
	elif [ "$(wc -l <"$T/err")" -ne 1 ]; then
		echo "stderr is not one line"
	elif [ "$(err)" != "$2" ]; then
		echo "wrong message, wanted: $2"
	elif [ -s "$T/out" ]; then
		echo "output on stdout"
	fi
}

expect_fail() {
	desc=$1 status=$2 msg=$3
	shift 3
	v "$@"
	problem=$(fail_problem "$status" "$msg")
	if [ -z "$problem" ]; then
		ok "$desc"
	else
		not_ok "$desc" "vigil $*" "$problem" "stderr:" "$(err)" "stdout:" "$(out)"
	fi
}

expect_refused() {
	db=$1 desc=$2 status=$3 msg=$4
	shift 4
	before=$(snap "$db")
	v "$@"
	problem=$(fail_problem "$status" "$msg")
	after=$(snap "$db")
	[ -z "$problem" ] && [ "$before" != "$after" ] && problem="the database changed"
	if [ -z "$problem" ]; then
		ok "$desc"
	else
		not_ok "$desc" "vigil $*" "$problem" "stderr:" "$(err)" "stdout:" "$(out)"
	fi
}

# Every record, the audit log and the schema; not the failed-login counter,
# which a wrong password moves by design.
snap() {
	_chart=""
	# The chart (schema 7): doses, vital signs, notes, last use, drug lists.
	[ "$(sqlite3 "$1" "SELECT count(*) FROM sqlite_schema WHERE name = 'chart_entries'")" = 1 ] &&
		_chart="SELECT * FROM chart_entries; SELECT * FROM chart_voids; SELECT * FROM drug_lists;"
	sqlite3 "$1" "SELECT type, name, sql FROM sqlite_schema ORDER BY name;
		PRAGMA user_version; PRAGMA application_id;
		SELECT id, name, full_name, role, pw_hash, disabled, created_at, sign_pk FROM users;
		SELECT * FROM patients; SELECT * FROM assessments;
		SELECT * FROM assessment_items; SELECT * FROM voids; $_chart
		SELECT * FROM audit_log WHERE action NOT IN ('login-try', 'login');" |
		cksum
}

# triggers_back FROM TO: puts back in TO every trigger FROM has (as an
# attacker who dropped them to edit rows would, so only the records, the
# log and its signatures tell).
triggers_back() {
	sqlite3 "$1" "SELECT sql FROM sqlite_schema WHERE type = 'trigger'" |
		while IFS= read -r trig; do
			sqlite3 "$2" "$trig" 2>/dev/null || :
		done
}

filesum() {
	cksum <"$1"
}

# sql DB SQL: one value from the sqlite3 shell.
sql() {
	sqlite3 "$1" "$2"
}

# A string of N copies of character C.
repeat() {
	printf "%$1s" "" | tr ' ' "$2"
}

# widest FILE: the display width of the longest line.
widest() {
	wc -L <"$1"
}

# Counts the results file, not the variables: a check in a subshell counts.
finish() {
	_p=$(grep -c '^pass' "$VIGIL_TEST_RESULTS")
	_f=$(grep -c '^fail' "$VIGIL_TEST_RESULTS")
	_s=$(grep -c '^skip' "$VIGIL_TEST_RESULTS")
	record_result end
	echo "# checks: $_p passed, $_f failed, $_s skipped"
	[ "$_f" -eq 0 ]
}
