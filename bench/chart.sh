#!/bin/sh
# bench/chart.sh - the patient screen's load with the rest of the chart
# (issue 9): one patient with 5,000 COWS assessments, 2,000 doses and
# 5,000 sets of vital signs, against today's load with the assessments
# alone.
#
# The files are made through the core by bench/chart_bench.c, with the
# clock pinned (a training ward: admin and nurse, one patient, C0001):
#   base  5,000 COWS assessments an hour apart over 208 days, each with
#         its pulse; the core stores each pulse as a heart rate linked to
#         its assessment, so the base file already holds 5,000 vital signs
#         (counted below);
#   full  a copy of base with 2,000 doses (every 2.5 hours, 8 drugs in
#         turn) and 5,000 sets of vital signs typed on their own (one an
#         hour, some flagged): 12,000 chart entries in all.
# They are cached in BUILD/bench-chart/, keyed by the schema version and a
# checksum of chart_bench.c; delete them to make them again.
#
# Figures, medians over ROUNDS processes x RUNS runs (each process: one
# untimed warm-up; the files in turn, so the machine's other work falls on
# every figure alike):
#   1. the TUI's patient screen (VIGIL_TUI_BENCH=C0001, as bench/tui.sh:
#      the real load of the screen opened on COWS, in one process, no
#      drawing): today's, built from 8665591 (the commit before issue 9)
#      in a git worktree (BUILD/bench-chart/old), on the base file (as
#      schema 6, which it reads: the chart tables are new and left alone);
#      this vigil's on base and on full;
#   2. the core reads behind it, in one process (chart_bench time): what
#      the screen read before issue 9 (patient state, COWS history,
#      not-done records, the selected assessment), every chart entry of
#      the patient in words (vigil_chart_each, amended and voided too),
#      and readiness with the 24-hour maximums;
#   3. the same reads, and the board's reload (vigil_ward_load), on a ward
#      of 40 patients: ward0 is the full file with 39 more patients, each
#      on COWS with one assessment (a copy of C0001's latest); ward gives
#      each of them a copy of C0001's 12,000 chart entries too (480,000 in
#      all). These copies are made with the sqlite3 shell, not through the
#      core (the audit log does not cover them: fine for timing reads);
#      WARD_ROUNDS=2 processes x WARD_RUNS=3 runs. WARD=0 skips it.
# Figures only: nothing is asserted.
# Usage: sh bench/chart.sh [path/to/vigil]   (make bench)
#   ROUNDS=7 processes x RUNS=10 runs.
set -eu
VIGIL=${1:-build/vigil}
case $VIGIL in /*) ;; *) VIGIL=$PWD/$VIGIL ;; esac
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(dirname "$VIGIL")
BENCH=$BUILD/bench/chart_bench
RUNS=${RUNS:-10}
ROUNDS=${ROUNDS:-7}
WARD=${WARD:-1}
WARD_RUNS=${WARD_RUNS:-3}
WARD_ROUNDS=${WARD_ROUNDS:-2}
OLD_COMMIT=8665591
CACHE=$BUILD/bench-chart
OLD=$CACHE/old
# After the stay's last entry (12:00): the screen's "now".
export TZ=UTC LC_ALL=C.UTF-8 VIGIL_NOW=2026-11-21T12:10:00Z TERM=${TERM:-xterm}
unset VIGIL_DB VIGIL_SCALES VIGIL_CONFIG VIGIL_IDLE_SECONDS VIGIL_USER VIGIL_PASSWORD NO_COLOR

[ -x "$BENCH" ] || { echo "chart.sh: $BENCH missing: make $BENCH" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir" "$CACHE/.chart-$$".*' EXIT
trap 'exit 2' INT TERM
# A copy of each program, so that a rebuild during the run (others work
# in this tree) neither breaks it nor changes what is measured.
snapshot() {
	i=0
	until cp "$1" "$2" 2>/dev/null && "$2" --version >/dev/null 2>&1; do
		i=$((i + 1))
		[ "$i" -lt 60 ] || { echo "chart.sh: $1 does not run" >&2; exit 1; }
		sleep 2
	done
}
snapshot "$VIGIL" "$dir/vigil"
VIGIL=$dir/vigil
cp "$BENCH" "$dir/chart_bench"
BENCH=$dir/chart_bench
mkdir -p "$CACHE"

now_ns() { date +%s%N; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# The schema version this vigil writes.
VIGIL_NEW_PASSWORD=bench-admin "$VIGIL" --db "$dir/empty.db" init --training --admin admin \
	>/dev/null
SCHEMA=$(sqlite3 "$dir/empty.db" "PRAGMA user_version")
SUM=$(cksum < "$ROOT/bench/chart_bench.c" | cut -d' ' -f1)
base=$CACHE/base-s$SCHEMA-$SUM.db
full=$CACHE/full-s$SCHEMA-$SUM.db

# make_db FILE MODE...: runs chart_bench MODE on a temporary file, then
# moves it into place (a run cut short leaves no half-made file).
make_db() {
	out=$1; shift
	tmp=$CACHE/.chart-$$.db
	rm -f "$tmp" "$tmp-wal" "$tmp-shm"
	[ "$1" = base ] || cp "$base" "$tmp"
	start=$(now_ns)
	"$BENCH" "$1" "$tmp"
	sqlite3 "$tmp" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	rm -f "$tmp-wal" "$tmp-shm"
	mv "$tmp" "$out"
	echo "  $(basename "$out"): made through the core in $((($(now_ns) - start) / 1000000)) ms"
}

echo "vigil chart benchmark: the patient screen, one patient; medians of $ROUNDS x $RUNS runs;" \
	"schema $SCHEMA; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ?)," \
	"$(date -u +%Y-%m-%dT%H:%MZ)"
if [ -f "$base" ]; then echo "  $(basename "$base"): cached"; else make_db "$base" base; fi
if [ -f "$full" ]; then echo "  $(basename "$full"): cached"; else make_db "$full" chart; fi

# What each file holds.
counts() {
	sqlite3 -separator ' ' "$1" "SELECT (SELECT count(*) FROM assessments),
	  (SELECT count(*) FROM chart_entries WHERE kind = 'dose'),
	  (SELECT count(*) FROM chart_entries WHERE kind = 'vitals'),
	  (SELECT count(*) FROM chart_entries WHERE kind = 'vitals' AND assessment_id IS NOT NULL),
	  (SELECT count(*) FROM audit_log)"
}
set -- $(counts "$base")
echo "  base: $1 COWS assessments; $3 vital signs, $4 of them the COWS pulses (linked to" \
	"their assessment); $2 doses; $5 audit log rows; $(($(wc -c < "$base") / 1024)) KiB"
set -- $(counts "$full")
echo "  full: $1 COWS assessments; $3 vital signs ($4 linked pulses + $(($3 - $4)) typed on" \
	"their own); $2 doses; $5 audit log rows; $(($(wc -c < "$full") / 1024)) KiB"

# Today's vigil: 8665591 in a git worktree. It refuses a newer schema, so
# it reads a copy marked schema 6 (its own); the assessments, patients and
# users tables are as it wrote them.
OLD_VIGIL=$OLD/build/vigil
if [ ! -d "$OLD/.git" ] && [ ! -f "$OLD/.git" ]; then
	git -C "$ROOT" worktree prune
	git -C "$ROOT" worktree add --detach "$OLD" "$OLD_COMMIT" >/dev/null 2>&1
fi
[ "$(git -C "$OLD" rev-parse --short=7 HEAD)" = "$OLD_COMMIT" ] ||
	{ echo "chart.sh: $OLD is not at $OLD_COMMIT" >&2; exit 1; }
make -s -C "$OLD" BUILD=build build/vigil >/dev/null
old_base=${base%.db}-as-s6.db
if [ ! -f "$old_base" ]; then
	cp "$base" "$old_base.tmp"
	sqlite3 "$old_base.tmp" "PRAGMA user_version = 6" >/dev/null
	mv "$old_base.tmp" "$old_base"
fi

# tui PROGRAM FILE: the patient screen's median load in one process, and
# what it says it read, appended to $dir/NAME.
tui() {
	cp "$2" "$dir/t.db"
	rm -f "$dir/t.db-wal" "$dir/t.db-shm"
	VIGIL_TUI_BENCH=C0001 VIGIL_TUI_BENCH_RUNS=$RUNS VIGIL_USER=nurse \
		VIGIL_PASSWORD=bench-nurse "$1" --db "$dir/t.db" > "$dir/tui.out" 2>&1 || true
	awk '/^patient / { p = 1; what = $0; next }
		p && $1 == "load" { print $3; p = 0 } END { print "# " what > "/dev/stderr" }' \
		"$dir/tui.out" 2>> "$3.what" >> "$3"
}
# core FILE NAME: chart_bench time on a copy, appended to $dir/NAME.
core() {
	cp "$2" "$dir/c.db"
	rm -f "$dir/c.db-wal" "$dir/c.db-shm"
	"$BENCH" time "$dir/c.db" "$RUNS" >> "$dir/$1"
}
for f in tui.old tui.base tui.full core.base core.full; do : > "$dir/$f"; done
r=0
while [ "$r" -lt "$ROUNDS" ]; do
	tui "$OLD_VIGIL" "$old_base" "$dir/tui.old"
	tui "$VIGIL" "$base" "$dir/tui.base"
	tui "$VIGIL" "$full" "$dir/tui.full"
	core core.base "$base"
	core core.full "$full"
	r=$((r + 1))
done

# Median (and min, max) of numbers, one a line.
stats() {
	sort -g | awk '{ v[NR] = $1 } END {
		if (!NR) { printf "- - -"; exit }
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.2f %.2f %.2f", m, v[1], v[NR] }'
}
# pooled NAME FILE: every run's figure in chart_bench's "NAME_all" lines.
pooled() {
	awk -v n="${1}_all" '$1 == n { for (i = 2; i <= NF; i++) print $i }' "$2" | stats
}
med() { echo "$1" | cut -d' ' -f1; }
spread() { echo "$1" | awk '{ printf "min %s, max %s", $2, $3 }'; }
what() { sort -u "$1.what" | sed 's/^# patient C0001: //; s/, [0-9]* runs (.*//' | head -n 1; }

t_old=$(stats < "$dir/tui.old") t_base=$(stats < "$dir/tui.base") t_full=$(stats < "$dir/tui.full")
echo "1. the TUI's patient screen (load, no drawing; the median of each process's $RUNS runs," \
	"over $ROUNDS processes):"
echo "   today ($OLD_COMMIT), base:  $(med "$t_old") ms ($(spread "$t_old")); it read" \
	"$(what "$dir/tui.old")"
echo "   this vigil, base:      $(med "$t_base") ms ($(spread "$t_base")); it read" \
	"$(what "$dir/tui.base")"
echo "   this vigil, full:      $(med "$t_full") ms ($(spread "$t_full")); it read" \
	"$(what "$dir/tui.full")"
echo "   full against today's load with the assessments alone: $(ratio "$(med "$t_full")" \
	"$(med "$t_old")")x; full against base: $(ratio "$(med "$t_full")" "$(med "$t_base")")x"

echo "2. the core reads behind it (chart_bench time, in one process, $((ROUNDS * RUNS)) runs each):"
for f in base full; do
	sc=$(pooled screen_ms "$dir/core.$f") ch=$(pooled chart_ms "$dir/core.$f")
	su=$(pooled support_ms "$dir/core.$f") to=$(pooled total_ms "$dir/core.$f")
	echo "   $f: total $(med "$to") ms ($(spread "$to")) = assessments (the screen's reads" \
		"before issue 9) $(med "$sc") + chart entries $(med "$ch") + readiness and maximums" \
		"$(med "$su")"
	echo "     $(sed -n 's/^# //p' "$dir/core.$f" | tail -n 1)"
	eval "core_$f=\"\$sc\" total_$f=\"\$to\""
done
echo "   full (every read) against base's assessments alone (today's reads):" \
	"$(ratio "$(med "$total_full")" "$(med "$core_base")")x; full against base (every read):" \
	"$(ratio "$(med "$total_full")" "$(med "$total_base")")x"

[ "$WARD" = 1 ] || exit 0
# ward_db OUT COPY_CHART: the full file and 39 more patients on COWS, each
# with C0001's chart entries when COPY_CHART is 1.
ward_db() {
	[ -f "$1" ] && return
	tmp=$CACHE/.chart-$$.db
	cp "$full" "$tmp"
	sqlite3 "$tmp" >/dev/null <<SQL
PRAGMA foreign_keys = ON;
BEGIN;
WITH RECURSIVE k(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM k WHERE i < 40)
INSERT INTO patients (mrn, name, bed, admitted_at)
SELECT printf('C%04d', i), printf('Ward Patient %d', i), printf('%02d', i),
  (SELECT admitted_at FROM patients WHERE mrn = 'C0001') FROM k;
CREATE TEMP TABLE latest AS SELECT max(id) AS id FROM assessments WHERE patient_id = 1;
INSERT INTO assessments (patient_id, scale, performed_at, entered_at, performer_id,
  entered_by_id, reason, note, total, max_total, band, late, definition)
SELECT p.id, a.scale, a.performed_at, a.entered_at, a.performer_id, a.entered_by_id, a.reason,
  a.note, a.total, a.max_total, a.band, a.late, a.definition
FROM assessments a, patients p WHERE a.id = (SELECT id FROM latest) AND p.id <> 1 ORDER BY p.id;
INSERT INTO assessment_items (assessment_id, item, score, raw_value)
SELECT b.id, i.item, i.score, i.raw_value FROM assessments b, assessment_items i
WHERE b.patient_id <> 1 AND i.assessment_id = (SELECT id FROM latest);
INSERT INTO chart_entries (patient_id, kind, at, entered_at, performer_id, entered_by_id, late,
  note, drug, amount, unit, route, dose_kind, reason, hr, sys, dia, temp, rr, spo2, substance)
SELECT p.id, c.kind, c.at, c.entered_at, c.performer_id, c.entered_by_id, c.late, c.note, c.drug,
  c.amount, c.unit, c.route, c.dose_kind, c.reason, c.hr, c.sys, c.dia, c.temp, c.rr, c.spo2,
  c.substance
FROM patients p, chart_entries c WHERE $2 = 1 AND p.id <> 1 AND c.patient_id = 1
ORDER BY p.id, c.id;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
	rm -f "$tmp-wal" "$tmp-shm"
	mv "$tmp" "$1"
}
ward0=$CACHE/ward0-s$SCHEMA-$SUM.db
ward=$CACHE/ward-s$SCHEMA-$SUM.db
ward_db "$ward0" 0
ward_db "$ward" 1
for f in ward0 ward; do : > "$dir/core.$f"; done
r=0
while [ "$r" -lt "$WARD_ROUNDS" ]; do
	for f in ward0 ward; do
		eval "file=\$$f"
		cp "$file" "$dir/c.db"
		rm -f "$dir/c.db-wal" "$dir/c.db-shm"
		"$BENCH" time "$dir/c.db" "$WARD_RUNS" board >> "$dir/core.$f"
	done
	r=$((r + 1))
done
echo "3. a ward of 40 patients, each on COWS (chart_bench time with the board," \
	"$((WARD_ROUNDS * WARD_RUNS)) runs each):"
for f in ward0 ward; do
	eval "file=\$$f"
	rows=$(sqlite3 "$file" "SELECT count(*) FROM chart_entries")
	to=$(pooled total_ms "$dir/core.$f") bo=$(pooled board_ms "$dir/core.$f")
	sc=$(pooled screen_ms "$dir/core.$f") ch=$(pooled chart_ms "$dir/core.$f")
	su=$(pooled support_ms "$dir/core.$f")
	echo "   $f ($rows chart entries in the file, 12000 of them C0001's): C0001's screen" \
		"$(med "$to") ms ($(med "$sc") + $(med "$ch") + $(med "$su")); the board's reload" \
		"$(med "$bo") ms ($(spread "$bo"))"
	eval "board_$f=\"\$bo\" screen_$f=\"\$to\""
done
echo "   ward against ward0: C0001's screen $(ratio "$(med "$screen_ward")" "$(med "$screen_ward0")")x," \
	"the board $(ratio "$(med "$board_ward")" "$(med "$board_ward0")")x"
