#!/bin/sh
# Runs every test: the cmocka unit tests, then the shell tests of the command
# line and the terminal interface. Counts checks, not files: each cmocka test
# and each shell check is one. Ends with the names of the skipped and the
# failed checks, then "N passed, N failed, N skipped"; exits 1 if any failed.
#
# A cmocka binary is counted from its "[       OK ]", "[  FAILED  ]",
# "[  SKIPPED ]" and "[  ERROR   ]" lines. A shell test that sources
# tests/lib.sh or tests/tui/lib/tui.sh writes one line per check to the file
# in $VIGIL_TEST_RESULTS and "end" when it finishes; one that does not is
# counted from its "ok - ..." / "not ok - ..." lines. Either way a test that
# crashes, stops before its summary or exits non-zero with no failed check
# is one more failure, under its own name; a shell test with no check at
# all is one skipped.
set -u
BUILD=${BUILD:-build}
export VIGIL_BIN="$PWD/$BUILD/vigil"
export VIGIL_TEST_HELPERS="$PWD/$BUILD/tests"
export LC_ALL=C.UTF-8 TZ=${VIGIL_TEST_TZ:-Europe/London}
unset VIGIL_DB VIGIL_USER VIGIL_PASSWORD VIGIL_NEW_PASSWORD VIGIL_NOW VIGIL_SCALES VIGIL_CONFIG \
	VIGIL_TEST_RESULTS

W=$(mktemp -d "${TMPDIR:-/tmp}/vigil-run.XXXXXX") || exit 1
trap 'rm -rf "$W"' EXIT
trap 'exit 130' INT TERM HUP
# Every check: "pass|fail|skip<TAB>test: what", in the order run.
: >"$W/all"

# note pass|fail|skip TEST WHAT: one check's line.
note() {
	printf '%s\t%s: %s\n' "$1" "$2" "$3"
}

# run TEST COMMAND...: COMMAND's output (stdout and stderr) shown as it
# comes and kept in $W/out; its exit status in $rc.
run() {
	_name=$1
	shift
	rm -f "$W/out" "$W/rc" "$W/results"
	{
		"$@" 2>&1
		echo $? >"$W/rc"
	} | tee "$W/out"
	rc=$(cat "$W/rc" 2>/dev/null || echo "?")
}

# cmocka's standard output: a test's result is the line after its
# "[ RUN      ]", between "[==========] Running N test(s)." and
# "[==========] N test(s) run." (after which the failed and skipped are
# listed again). A failed group setup or teardown is one failure of the
# group. A run cut short counts the test it was in as failed.
count_cmocka() {
	awk -v test="$1" '
		function note(kind, what) { printf "%s\t%s: %s\n", kind, test, what }
		/^\[==========\] Running / { inside = 1; running = ""; next }
		/^\[==========\] [0-9]+ test\(s\) run\./ { inside = 0; next }
		!inside { next }
		{ what = substr($0, 14) }
		/^\[ RUN      \] / { running = what; next }
		/^\[       OK \] / { note("pass", what); running = ""; next }
		/^\[  SKIPPED \] / { note("skip", what); running = ""; next }
		/^\[  FAILED  \] GROUP (SETUP|TEARDOWN)$/ { fixture = tolower(substr(what, 7)); next }
		/^\[  FAILED  \] / { note("fail", what); running = ""; next }
		/^\[  ERROR   \] --- / { next }
		/^\[  ERROR   \] / {
			if (fixture != "") note("fail", what " (group " fixture " failed)")
			else note("fail", what)
			fixture = ""; running = ""; next
		}
		END {
			if (inside) note("fail", (running != "" ? running : "the group") \
				" (did not finish: the binary stopped)")
		}' "$W/out"
}

# A shell test that did not use the libraries: its TAP-like lines.
count_lines() {
	awk -v test="$1" '
		function note(kind, what) { printf "%s\t%s: %s\n", kind, test, what }
		/^not ok/ { sub(/^not ok[ -]*/, ""); note("fail", $0); next }
		/^ok.*# SKIP/ { sub(/^ok.*# SKIP */, ""); note("skip", $0); next }
		/^ok/ { sub(/^ok[ -]*/, ""); note("pass", $0); next }
		/^skipped - / { note("skip", substr($0, 11)); next }' "$W/out"
}

# after TEST: counts TEST's checks (in $W/checks) into $W/all, adding one
# failure when it stopped or failed without a failed check to show for it.
after() {
	if ! grep -q '^fail' "$W/checks" && [ "$rc" != 0 ]; then
		note fail "$1" "exited with status $rc" >>"$W/checks"
	fi
	cat "$W/checks" >>"$W/all"
}

# One binary per tests/unit/test_*.c: one that is missing (it did not
# build) fails the run rather than quietly testing less.
for src in tests/unit/test_*.c; do
	[ -f "$src" ] || continue
	name=${src##*/}
	name=${name%.c}
	t="$BUILD/tests/$name"
	if [ ! -x "$t" ]; then
		note fail "$name" "no binary $t (did it build?)" >>"$W/all"
		continue
	fi
	echo "== $name"
	run "$name" "$t"
	count_cmocka "$name" >"$W/checks"
	if ! grep -q '^\[==========\] Running ' "$W/out"; then
		note fail "$name" "reported no tests (exit status $rc)" >>"$W/all"
		continue
	fi
	after "$name"
done

for t in tests/cli/*.sh tests/tui/*.sh; do
	[ -f "$t" ] || continue
	echo "== $t"
	run "$t" env VIGIL_TEST_RESULTS="$W/results" sh "$t"
	if [ -e "$W/results" ]; then # it used the libraries
		awk -F '\t' -v test="$t" '
			$1 == "pass" || $1 == "fail" || $1 == "skip" { printf "%s\t%s: %s\n", $1, test, $2 }
		' "$W/results" >"$W/checks"
		grep -q '^end' "$W/results" ||
			note fail "$t" "stopped before its summary (exit status $rc)" >>"$W/checks"
	else
		count_lines "$t" >"$W/checks"
	fi
	[ "$rc" = 0 ] && [ ! -s "$W/checks" ] &&
		note skip "$t" "no check ran" >>"$W/checks"
	after "$t"
done

# In CI a check skipped for a missing tool is a failure: CI must have them.
if [ "${CI:-}" = true ] && grep -q '^skip' "$W/all"; then
	sed -i 's/^skip\t\(.*\)$/fail\t\1 (skipped, and CI=true needs every check to run)/' "$W/all"
fi

passed=$(grep -c '^pass' "$W/all")
failed=$(grep -c '^fail' "$W/all")
skipped=$(grep -c '^skip' "$W/all")
echo
if [ "$skipped" -gt 0 ]; then
	echo "skipped:"
	sed -n 's/^skip\t/  /p' "$W/all"
fi
if [ "$failed" -gt 0 ]; then
	echo "failed:"
	sed -n 's/^fail\t/  /p' "$W/all"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
