#!/bin/sh
# bench/import.sh - `vigil patient import` of a 100,000-row admissions list,
# every row with a bed of its own (each bed is checked against the ward).
#
# Prints the import's wall time, and how long it holds the write lock: a
# nurse recording at that moment waits that long, and fails once it is
# longer than the busy timeout (VIGIL_BUSY_TIMEOUT, default 5000 ms). The
# lock is watched with the sqlite3 shell: polled until the import has it,
# then waited for; the longest hold is printed.
#
# Usage: sh bench/import.sh [path/to/vigil] [rows]      (ROWS=100000)
set -eu
VIGIL=${1:-build/vigil}
case $VIGIL in /*) ;; *) VIGIL=$PWD/$VIGIL ;; esac
ROWS=${2:-100000}
dir=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$dir"' EXIT INT TERM
db=$dir/bench.db
export VIGIL_DB=$db TZ=UTC LC_ALL=C.UTF-8
unset VIGIL_NOW VIGIL_SCALES VIGIL_CONFIG VIGIL_BUSY_TIMEOUT

now_ns() { date +%s%N; }
secs() { awk -v ns="$1" 'BEGIN { printf "%.2f", ns / 1e9 }'; }

VIGIL_NEW_PASSWORD=bench-admin "$VIGIL" init --admin admin >/dev/null
export VIGIL_USER=admin VIGIL_PASSWORD=bench-admin
# The format of tests/cli/import.sh: a header, then quoted names with commas.
awk -v n="$ROWS" 'BEGIN {
	print "mrn,name,bed"
	for (i = 1; i <= n; i++) printf "MRN%06d,\"Bench, Patient %d\",B%d\n", i, i, i
}' >"$dir/admissions.csv"

# Logging in alone (argon2id, by design), to set against the import.
start=$(now_ns)
"$VIGIL" patient list >/dev/null
login=$(($(now_ns) - start))

start=$(now_ns)
"$VIGIL" patient import "$dir/admissions.csv" >/dev/null &
pid=$!
# Polled while the import runs: each time the lock is taken, how long until
# it is free again. Logging in may take it briefly too; the longest counts.
held=0
while kill -0 "$pid" 2>/dev/null; do
	if sqlite3 -cmd ".timeout 0" "$db" "BEGIN IMMEDIATE; ROLLBACK;" 2>/dev/null; then
		sleep 0.01
		continue
	fi
	locked=$(now_ns)
	sqlite3 -cmd ".timeout 600000" "$db" "BEGIN IMMEDIATE; ROLLBACK;"
	t=$(($(now_ns) - locked))
	[ "$t" -gt "$held" ] && held=$t
done
wait "$pid"
total=$(($(now_ns) - start))

count=$(sqlite3 "$db" "SELECT count(*) FROM patients")
echo "vigil import benchmark: $count patients admitted, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "patient import: $(secs "$total") s in all (logging in alone: $(secs "$login") s)"
echo "  write lock held $(secs "$held") s; a recorder waits up to the busy timeout, 5.00 s"
