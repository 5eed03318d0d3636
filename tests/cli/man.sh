#!/bin/sh
# Every man page parses cleanly (mandoc warnings and errors fail), and every
# command in the command table has a man page entry.
set -u
fails=0
for page in man/*.[1-9]; do
	if out=$(mandoc -Tlint -Wwarning "$page" 2>&1) && [ -z "$out" ]; then
		echo "ok - $page lints clean"
	else
		echo "not ok - $page: $out"
		fails=$((fails + 1))
	fi
done
# Commands in the command table must all be documented in vigil(1).
sed -n 's/^[[:space:]]*{ "\([a-z][a-z ]*\)", cmd_.*/\1/p' src/cli/commands.c \
	> "${TMPDIR:-/tmp}/vigil-man-cmds.$$"
while read -r cmd; do
	if grep -q "^\.It Cm $cmd\( \|$\)" man/vigil.1; then
		echo "ok - vigil(1) documents $cmd"
	else
		echo "not ok - vigil(1) does not document $cmd"
		fails=$((fails + 1))
	fi
done < "${TMPDIR:-/tmp}/vigil-man-cmds.$$"
rm -f "${TMPDIR:-/tmp}/vigil-man-cmds.$$"
[ "$fails" -eq 0 ]
