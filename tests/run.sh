#!/bin/sh
# Runs every test: the cmocka unit tests, then the shell tests of the command
# line and the terminal interface. Ends with "N passed, N failed".
set -u
BUILD=${BUILD:-build}
export VIGIL_BIN="$PWD/$BUILD/vigil"
export VIGIL_TEST_HELPERS="$PWD/$BUILD/tests"
export LC_ALL=C.UTF-8 TZ=${VIGIL_TEST_TZ:-Europe/London}
unset VIGIL_DB VIGIL_USER VIGIL_PASSWORD VIGIL_NEW_PASSWORD VIGIL_NOW VIGIL_SCALES VIGIL_CONFIG
passed=0
failed=0
failures=""

for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	if "$t"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		failures="$failures ${t##*/}"
	fi
done

for t in tests/cli/*.sh tests/tui/*.sh; do
	[ -f "$t" ] || continue
	echo "== $t"
	if sh "$t"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		failures="$failures $t"
	fi
done

[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
