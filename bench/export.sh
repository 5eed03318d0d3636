#!/bin/sh
# bench/export.sh - `vigil export observations` of 1,000,000 assessments
# against the sqlite3 shell (`sqlite3 -csv`) exporting the same rows and
# columns from the same file, in the same run; and vigil's peak memory.
#
# The ward: 100 patients admitted with `vigil patient import`, then the
# assessments (COWS, 11 items each, a pulse with its heart rate) written by
# the shell in one transaction. The audit chain does not cover them; that
# does not matter for timing.
#
# Usage: sh bench/export.sh [path/to/vigil] [rows]      (ROWS=1000000)
set -eu
VIGIL=${1:-build/vigil}
case $VIGIL in /*) ;; *) VIGIL=$PWD/$VIGIL ;; esac
ROWS=${2:-1000000}
dir=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$dir"' EXIT INT TERM
db=$dir/bench.db
# UTC, so that vigil's ISO 8601 times and the shell's are the same text.
export VIGIL_DB=$db TZ=UTC LC_ALL=C.UTF-8
unset VIGIL_NOW VIGIL_SCALES VIGIL_CONFIG

now_ns() { date +%s%N; }
secs() { awk -v ns="$1" 'BEGIN { printf "%.2f", ns / 1e9 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# Best of two runs, in nanoseconds, of "$@" writing to $dir/$name.csv.
best_ns() {
	name=$1
	shift
	best=0
	for run in 1 2; do
		start=$(now_ns)
		"$@" >"$dir/$name.csv"
		t=$(($(now_ns) - start))
		if [ "$best" -eq 0 ] || [ "$t" -lt "$best" ]; then best=$t; fi
	done
	echo "$best"
}

# Peak resident memory in KiB of "$@" (output thrown away): GNU time when
# there is one, else the kernel's high-water mark read while it runs.
peak_kib() {
	if /usr/bin/time -v true >/dev/null 2>&1; then
		/usr/bin/time -v "$@" 2>&1 >/dev/null |
			awk -F': ' '/Maximum resident set size/ { print $2 }'
		return
	fi
	"$@" >/dev/null &
	pid=$!
	hwm=0
	while kill -0 "$pid" 2>/dev/null; do
		h=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
		[ -n "$h" ] && [ "$h" -gt "$hwm" ] && hwm=$h
		sleep 0.05
	done
	wait "$pid"
	echo "$hwm"
}

# ---- the ward -------------------------------------------------------------------
VIGIL_NOW="2023-12-31 00:00" VIGIL_NEW_PASSWORD=bench-admin "$VIGIL" init --training --admin admin >/dev/null
export VIGIL_USER=admin VIGIL_PASSWORD=bench-admin
VIGIL_NOW="2023-12-31 00:00" VIGIL_NEW_PASSWORD=bench-nurse \
	"$VIGIL" user add nurse --role nurse >/dev/null
awk 'BEGIN { print "mrn,name,bed"; for (i = 1; i <= 100; i++) printf "B%d,\"Bench, Patient %d\",%d\n", i, i, i }' \
	>"$dir/admissions.csv"
VIGIL_NOW="2023-12-31 00:00" "$VIGIL" patient import "$dir/admissions.csv" >/dev/null
export VIGIL_USER=admin VIGIL_PASSWORD=bench-admin

start=$(now_ns)
sqlite3 "$db" <<SQL
PRAGMA foreign_keys = ON;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $ROWS)
INSERT INTO assessments (patient_id, scale, performed_at, entered_at, performer_id,
  entered_by_id, reason, note, total, max_total, band, late)
SELECT 1 + i % 100, 'cows', strftime('%Y-%m-%dT%H:%M:%SZ', '2024-01-01', '+' || (i * 60) || ' seconds'),
  strftime('%Y-%m-%dT%H:%M:%SZ', '2024-01-01', '+' || (i * 60 + 30) || ' seconds'), 2, 2,
  '4-hourly', CASE WHEN i % 10 = 0 THEN 'settled, "sleeping"' ELSE '' END,
  i % 49, 48, CASE WHEN i % 49 <= 4 THEN 'none' WHEN i % 49 <= 12 THEN 'mild'
  WHEN i % 49 <= 24 THEN 'moderate' WHEN i % 49 <= 36 THEN 'moderately-severe' ELSE 'severe' END,
  0 FROM n;
INSERT INTO assessment_items (assessment_id, item, score, raw_value)
SELECT a.id, it.item, (a.id + it.k) % 3, CASE WHEN it.item = 'pulse' THEN 60 + a.id % 60 END
FROM assessments a, (SELECT 'pulse' AS item, 1 AS k UNION ALL SELECT 'sweating', 2
  UNION ALL SELECT 'restlessness', 3 UNION ALL SELECT 'pupils', 4 UNION ALL SELECT 'aches', 5
  UNION ALL SELECT 'nose', 6 UNION ALL SELECT 'gi', 7 UNION ALL SELECT 'tremor', 8
  UNION ALL SELECT 'yawning', 9 UNION ALL SELECT 'anxiety', 10
  UNION ALL SELECT 'gooseflesh', 11) it
ORDER BY a.id, it.item;
COMMIT;
SQL
fill=$(($(now_ns) - start))
count=$(sqlite3 "$db" "SELECT count(*) FROM assessments")
echo "vigil export benchmark: $count assessments, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "  filled in $(secs "$fill") s; database $(($(stat -c %s "$db") / 1048576)) MiB"

# ---- the same columns for the shell -------------------------------------------
# vigil's own header names every column; item columns are SCALE.ITEM (the
# score) and SCALE.ITEM.MEASURE (the measured value).
"$VIGIL" export observations --patient B1 --to 2024-01-01T00:02Z | head -1 | tr -d '\r"' |
	tr ',' '\n' | tail -n +18 >"$dir/items"
# Each is a lookup by the items' primary key; it beats joining the items and
# grouping by assessment (2x slower with this shell).
items=$(awk -F. '
	{ value = NF == 3 ? "raw_value" : "score"
	  printf ",\n  CASE WHEN a.scale = '\''%s'\'' THEN (SELECT %s FROM assessment_items WHERE assessment_id = a.id AND item = '\''%s'\'') END AS \"%s\"", $1, value, $2, $0 }
' "$dir/items")
cat >"$dir/shell.sql" <<SQL
SELECT a.id AS id, p.mrn AS mrn, a.scale AS scale,
  strftime('%Y-%m-%dT%H:%M:%S+00:00', a.performed_at) AS performed_at,
  strftime('%Y-%m-%dT%H:%M:%S+00:00', a.entered_at) AS entered_at,
  pu.name AS performer, eu.name AS entered_by, a.total AS total, a.max_total AS max_total,
  a.band AS band, CASE WHEN v.assessment_id IS NOT NULL THEN 'entered-in-error'
  WHEN s.id IS NOT NULL THEN 'amended' ELSE 'final' END AS status, a.late AS late,
  a.supersedes_id AS supersedes, CASE WHEN a.supersedes_id IS NOT NULL THEN a.amend_reason
  ELSE '' END AS amend_reason, coalesce(v.reason, '') AS void_reason, a.reason AS reason,
  a.note AS note$items
FROM assessments a JOIN patients p ON p.id = a.patient_id
  JOIN users pu ON pu.id = a.performer_id JOIN users eu ON eu.id = a.entered_by_id
  LEFT JOIN assessments s ON s.supersedes_id = a.id
  LEFT JOIN voids v ON v.assessment_id = a.id
WHERE s.id IS NULL AND v.assessment_id IS NULL
ORDER BY a.performed_at, a.id;
SQL

cat "$db" >/dev/null # both start with the file in the page cache
v=$(best_ns vigil "$VIGIL" export observations)
# ".mode csv" is -csv with RFC 4180's CRLF line ends, as vigil writes them.
s=$(best_ns shell sqlite3 "$db" ".mode csv" ".headers on" ".read $dir/shell.sql")
vrows=$(($(wc -l <"$dir/vigil.csv") - 1))
srows=$(($(wc -l <"$dir/shell.csv") - 1))
vcols=$(head -1 "$dir/vigil.csv" | tr ',' '\n' | wc -l)
scols=$(head -1 "$dir/shell.csv" | tr ',' '\n' | wc -l)
echo "  rows and columns: vigil $vrows x $vcols, sqlite3 shell $srows x $scols"
# The same fields, read back with libcsv (the shell quotes only when it must).
check=$(dirname "$VIGIL")/tests/csvcheck
if [ -x "$check" ]; then
	if [ "$("$check" "$dir/vigil.csv" | cksum)" = "$("$check" "$dir/shell.csv" | cksum)" ]; then
		echo "  every field the same, read back through libcsv"
	else
		echo "  the two exports differ"
	fi
fi
echo "export observations: vigil $(secs "$v") s, sqlite3 shell (csv) $(secs "$s") s, ratio $(ratio "$v" "$s")x"

small=$(peak_kib "$VIGIL" export observations --patient B1 --to 2024-01-01T00:02Z)
big=$(peak_kib "$VIGIL" export observations)
echo "vigil peak memory: $big KiB for $vrows rows, $small KiB for one row (+$((big - small)) KiB)"
echo "  (argon2id checking the password at login takes 64 MiB of that, by design)"
