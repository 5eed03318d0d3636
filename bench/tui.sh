#!/bin/sh
# bench/tui.sh - the terminal interface against issue 11's goals, on a
# ward of 100,000 and one of 1,000,000 assessments (bench/tui_ward.sh:
# made through the core by chart_bench, so `vigil audit verify` passes,
# and cached in BUILD/bench/cache):
#   1. the board: its data load (the protocols in force, vigil_ward_load:
#      every patient's active scales, readiness and 24-hour dose
#      maximums) plus a full paint, 40 patients: goal under 5 ms;
#   2. the patient screen opened on C0001 (5,000 COWS, 2,000 doses and
#      10,000 sets of vital signs, 5,000 of them the COWS pulses), load
#      plus full paint: goal under 8 ms;
#   both the same at 1,000,000 as at 100,000 (the ratio of the two);
#   3. the keys for a full COWS from the board to saved, typed into the
#      real program in tmux (on a copy of the smaller ward).
# 1 and 2 run inside vigil (VIGIL_TUI_BENCH=C0001, src/tui/bench.c): the
# real core calls, then a full repaint of an 80x24 curses screen whose
# output goes to /dev/null. Each figure is the median over ROUNDS
# processes of each one's median of RUNS runs, wall clock and CPU time of
# the thread (CPU is what other work on a shared machine inflates least);
# the ratio is measured / goal (under 1.00 meets it). Nothing is asserted.
# Usage: sh bench/tui.sh [path/to/vigil]     (make bench)
#   ROUNDS=5 processes x RUNS=20 runs; SIZES="100000 1000000".
set -eu
VIGIL=${1:-build/vigil}
case $VIGIL in /*) ;; *) VIGIL=$PWD/$VIGIL ;; esac
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(dirname "$VIGIL")
RUNS=${RUNS:-20}
ROUNDS=${ROUNDS:-5}
SIZES=${SIZES:-100000 1000000}
BOARD_GOAL=5
PATIENT_GOAL=8
CHART_BENCH=$BUILD/bench/chart_bench
[ -x "$CHART_BENCH" ] || { echo "tui.sh: $CHART_BENCH missing: make $CHART_BENCH" >&2; exit 1; }
dir=$(mktemp -d)
sock="vigil-bench-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$dir"' EXIT
trap 'exit 2' INT TERM
export TZ=UTC LC_ALL=C.UTF-8 VIGIL_NOW=2026-11-21T12:10:00Z TERM=${TERM:-xterm}
unset VIGIL_DB VIGIL_SCALES VIGIL_CONFIG VIGIL_IDLE_SECONDS VIGIL_USER VIGIL_PASSWORD NO_COLOR
# A copy of each program, so that a rebuild during the run (others work
# in this tree) neither breaks it nor changes what is measured.
cp "$VIGIL" "$dir/vigil" && VIGIL=$dir/vigil
cp "$CHART_BENCH" "$dir/chart_bench" && CHART_BENCH=$dir/chart_bench
. "$ROOT/bench/tui_ward.sh"

echo "vigil TUI benchmark: medians of $ROUNDS processes x $RUNS runs; $(nproc) cores," \
	"load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ?), $(date -u +%Y-%m-%dT%H:%MZ)"

# Median of numbers, one a line.
median() {
	sort -g | awk '{ v[NR] = $1 } END {
		if (!NR) { print "-"; exit }
		printf "%.2f\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

for n in $SIZES; do
	file=$(ward_file "$n")
	set -- $(ward_counts "$file")
	echo "  ward of $n: $1 assessments, $2 doses, $3 sets of vital signs, $4 audit rows," \
		"$5 MiB ($(basename "$file"))"
	# The program logs in and may write (the login's record): a copy.
	cp "$file" "$dir/w.db"
	rm -f "$dir/w.db-wal" "$dir/w.db-shm"
	: > "$dir/out.$n"
	r=0
	while [ "$r" -lt "$ROUNDS" ]; do
		VIGIL_TUI_BENCH=C0001 VIGIL_TUI_BENCH_RUNS=$RUNS VIGIL_USER=nurse \
			VIGIL_PASSWORD=bench-nurse "$VIGIL" --db "$dir/w.db" >> "$dir/out.$n"
		r=$((r + 1))
	done
	rm -f "$dir/w.db" "$dir/w.db-wal" "$dir/w.db-shm"
	for screen in board patient; do
		for k in 3 4; do
			awk -v s="$screen" -v k="$k" '$1 == "bench" && $2 == s { print $k }' \
				"$dir/out.$n" | median > "$dir/$screen.$n.$k"
		done
	done
	grep '^patient ' "$dir/out.$n" | head -n 1 | sed 's/, [0-9]* runs.*//; s/^/    /'
done

echo "screen   goal    size        wall ms  ratio   CPU ms  ratio"
for screen in board patient; do
	[ "$screen" = board ] && goal=$BOARD_GOAL || goal=$PATIENT_GOAL
	first=
	for n in $SIZES; do
		w=$(cat "$dir/$screen.$n.3") c=$(cat "$dir/$screen.$n.4")
		printf "%-8s < %-3s ms  %-9s %7s  %5s  %7s  %5s\n" "$screen" "$goal" "$n" "$w" \
			"$(ratio "$w" "$goal")" "$c" "$(ratio "$c" "$goal")"
		[ -n "$first" ] || first=$n
		last=$n
	done
	if [ "$first" != "$last" ]; then
		echo "  $screen at $last against $first: wall $(ratio "$(cat "$dir/$screen.$last.3")" \
			"$(cat "$dir/$screen.$first.3")")x, CPU $(ratio "$(cat "$dir/$screen.$last.4")" \
			"$(cat "$dir/$screen.$first.4")")x (1.00: independent of the database's size)"
	fi
done

# 3: a full COWS from the board, key by key, in a real terminal.
command -v tmux >/dev/null || exit 0
set -- $SIZES
cp "$(ward_file "$1")" "$dir/k.db"
tmux -L "$sock" -f /dev/null new-session -d -x 80 -y 24 \
	"VIGIL_USER=nurse VIGIL_PASSWORD=bench-nurse '$VIGIL' --db '$dir/k.db'; sleep 60"
wait_for() {
	i=0
	until tmux -L "$sock" capture-pane -p | grep -qF -- "$1"; do
		i=$((i + 1))
		[ "$i" -gt 400 ] && { echo "timed out waiting for: $1"; exit 1; }
		sleep 0.05
	done
}
wait_for "Board: 40 patients"
keys=0
for k in n 8 8 Enter 2 3 1 1 1 1 1 1 0 0 Enter; do
	tmux -L "$sock" send-keys "$k"
	keys=$((keys + 1))
done
wait_for "Saved assessment"
saved=$(tmux -L "$sock" capture-pane -p | grep -o "Saved assessment [0-9]*: [^.]*")
echo "keys for a full COWS from the board to saved: $keys ($saved)"
