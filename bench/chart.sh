#!/bin/sh
# bench/chart.sh - the patient screen with the rest of the chart (issues 9
# and 11): what it reads now against reading the patient's whole stay, on
# files made through the core by bench/chart_bench.c (audited and signed:
# `vigil audit verify` passes on them), cached in BUILD/bench/cache:
#   base   one patient, C0001: 5,000 COWS assessments an hour apart over
#          208 days, each with its pulse (stored as a heart rate linked to
#          its assessment: 5,000 vital signs);
#   full   base with 2,000 doses (8 drugs in turn) and 5,000 sets of vital
#          signs typed on their own: 12,000 chart entries;
#   ward of 100,000 and of 1,000,000 assessments (bench/tui_ward.sh): 40
#          patients, C0001 as in full, the others sharing the rest with
#          doses and vital signs beside them.
# Figures, medians over ROUNDS processes x RUNS runs:
#   1. the TUI's patient screen opened on C0001 (VIGIL_TUI_BENCH, as
#      bench/tui.sh: load plus a full 80x24 paint, wall clock and CPU):
#      goal under 8 ms, the same on every file;
#   2. the same patient's whole stay read through the core in one process
#      (chart_bench time: what the screen read before issue 11: every
#      assessment and not-done record of the scale, every chart entry in
#      words, readiness and the 24-hour maximums), the reference the
#      screen's reads are measured against, and the board's reload
#      (vigil_ward_load) on the wards.
# Figures only: nothing is asserted.
# Usage: sh bench/chart.sh [path/to/vigil]   (make bench)
#   ROUNDS=5 processes x RUNS=10 runs; SIZES="100000 1000000".
set -eu
VIGIL=${1:-build/vigil}
case $VIGIL in /*) ;; *) VIGIL=$PWD/$VIGIL ;; esac
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(dirname "$VIGIL")
CHART_BENCH=$BUILD/bench/chart_bench
RUNS=${RUNS:-10}
ROUNDS=${ROUNDS:-5}
SIZES=${SIZES:-100000 1000000}
GOAL=8
CACHE=$BUILD/bench/cache
export TZ=UTC LC_ALL=C.UTF-8 VIGIL_NOW=2026-11-21T12:10:00Z TERM=${TERM:-xterm}
unset VIGIL_DB VIGIL_SCALES VIGIL_CONFIG VIGIL_IDLE_SECONDS VIGIL_USER VIGIL_PASSWORD NO_COLOR

[ -x "$CHART_BENCH" ] || { echo "chart.sh: $CHART_BENCH missing: make $CHART_BENCH" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir" "$CACHE/.chart-$$".*' EXIT
trap 'exit 2' INT TERM
# A copy of each program, so that a rebuild during the run (others work
# in this tree) neither breaks it nor changes what is measured.
cp "$VIGIL" "$dir/vigil" && VIGIL=$dir/vigil
cp "$CHART_BENCH" "$dir/chart_bench" && CHART_BENCH=$dir/chart_bench
mkdir -p "$CACHE"
. "$ROOT/bench/tui_ward.sh"
WARD_SCHEMA=$(ward_schema)
FORMAT=$("$CHART_BENCH" ward-format)
base=$CACHE/chart-base-s$WARD_SCHEMA-f$FORMAT.db
full=$CACHE/chart-full-s$WARD_SCHEMA-f$FORMAT.db

# make_db FILE MODE: runs chart_bench MODE on a temporary file (a copy of
# base for "chart"), then moves it into place.
make_db() {
	out=$1
	tmp=$CACHE/.chart-$$.db
	rm -f "$tmp" "$tmp-wal" "$tmp-shm"
	[ "$2" = base ] || cp "$base" "$tmp"
	start=$(date +%s)
	"$CHART_BENCH" "$2" "$tmp"
	sqlite3 "$tmp" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	rm -f "$tmp-wal" "$tmp-shm"
	mv "$tmp" "$out"
	echo "  $(basename "$out"): made through the core in $(($(date +%s) - start)) s"
}

echo "vigil chart benchmark: the patient screen; medians of $ROUNDS processes x $RUNS runs;" \
	"schema $WARD_SCHEMA; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null ||
	echo ?), $(date -u +%Y-%m-%dT%H:%MZ)"
[ -f "$base" ] || make_db "$base" base
[ -f "$full" ] || make_db "$full" chart
files="base full"
for n in $SIZES; do
	eval "ward$n=\$(ward_file $n)"
	files="$files ward$n"
done
for f in $files; do
	eval "file=\$$f"
	set -- $(ward_counts "$file")
	echo "  $f: $1 assessments, $2 doses, $3 sets of vital signs, $4 audit rows, $5 MiB"
done

median() {
	sort -g | awk '{ v[NR] = $1 } END {
		if (!NR) { print "-"; exit }
		printf "%.2f\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
# field NAME FILE: the median of every run's figure in chart_bench's
# "NAME_all" lines.
field() {
	awk -v n="${1}_all" '$1 == n { for (i = 2; i <= NF; i++) print $i }' "$2" | median
}

for f in $files; do
	eval "file=\$$f"
	cp "$file" "$dir/c.db" # both log in, and may write
	rm -f "$dir/c.db-wal" "$dir/c.db-shm"
	: > "$dir/tui.$f"
	: > "$dir/core.$f"
	board=
	case $f in ward*) board=board ;; esac
	r=0
	while [ "$r" -lt "$ROUNDS" ]; do
		VIGIL_TUI_BENCH=C0001 VIGIL_TUI_BENCH_RUNS=$RUNS VIGIL_USER=nurse \
			VIGIL_PASSWORD=bench-nurse "$VIGIL" --db "$dir/c.db" >> "$dir/tui.$f"
		"$CHART_BENCH" time "$dir/c.db" "$RUNS" $board >> "$dir/core.$f"
		r=$((r + 1))
	done
	rm -f "$dir/c.db" "$dir/c.db-wal" "$dir/c.db-shm"
done

echo "1. the TUI's patient screen, C0001 opened on COWS (load + full paint), goal < $GOAL ms:"
echo "   file          wall ms  ratio   CPU ms  ratio   the whole stay read (ms)  screen/whole"
for f in $files; do
	w=$(awk '$1 == "bench" && $2 == "patient" { print $3 }' "$dir/tui.$f" | median)
	c=$(awk '$1 == "bench" && $2 == "patient" { print $4 }' "$dir/tui.$f" | median)
	whole=$(field total_ms "$dir/core.$f")
	printf "   %-12s %8s  %5s  %7s  %5s   %23s  %11s\n" "$f" "$w" "$(ratio "$w" "$GOAL")" "$c" \
		"$(ratio "$c" "$GOAL")" "$whole" "$(ratio "$w" "$whole")"
	eval "wall_$f=\$w"
done
echo "   it read: $(grep '^patient ' "$dir/tui.full" | head -n 1 | sed 's/^patient C0001: //;
	s/, [0-9]* runs.*//')"
set -- $SIZES
if [ $# -ge 2 ]; then
	eval "a=\$wall_ward$1 b=\$wall_ward$2"
	echo "   ward of $2 against ward of $1: $(ratio "$b" "$a")x (1.00: independent of size)"
fi

echo "2. the whole stay through the core (chart_bench time, in one process):"
for f in $files; do
	line="   $f: total $(field total_ms "$dir/core.$f") ms = assessments and not-done records"
	line="$line $(field screen_ms "$dir/core.$f") + chart entries $(field chart_ms "$dir/core.$f")"
	line="$line + readiness and maximums $(field support_ms "$dir/core.$f")"
	case $f in ward*) line="$line; the board's reload $(field board_ms "$dir/core.$f") ms" ;; esac
	echo "$line"
done
echo "   $(sed -n 's/^# //p' "$dir/core.full" | tail -n 1)"
