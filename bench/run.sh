#!/bin/sh
# bench/run.sh - issue 11's goals for recording and history, each against
# the SQLite C API alone doing the same work in the same process and run
# (bench/raw_ref.c, linked into core_bench):
#   1. one durable record (a COWS with its heart rate: the assessment, its
#      11 items, the linked vital signs and both signed audit rows);
#   2. the reads of `vigil history` for a patient with 10,000 assessments;
# then the whole commands (start-up, argon2id login, the work), with the
# login and without it (less the median of a login alone), beside the same
# in-process reference. Medians of several runs; nothing is asserted.
#
# The ward (P1 with 10,000 assessments, R1 with none) is made through the
# core (bench/ward.sh) and cached in $BENCH_CACHE; each side works on its
# own copy.
# Usage: sh bench/run.sh [path/to/vigil]   (make bench)
#   RUNS (7): whole-command runs; ROUNDS (15) and N (20): core_bench rounds,
#   records per round.
set -eu
VIGIL=${1:-build/vigil}
case $VIGIL in /*) ;; *) VIGIL=$PWD/$VIGIL ;; esac
RUNS=${RUNS:-7} ROUNDS=${ROUNDS:-15} N=${N:-20}
. "$(dirname "$0")/ward.sh"
ward=$(ward_db 1 10000)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT INT TERM
for copy in whole vigil raw; do cp "$ward" "$dir/$copy.db"; done
export VIGIL_DB=$dir/whole.db TZ=UTC LC_ALL=C.UTF-8 VIGIL_USER=nurse VIGIL_PASSWORD=bench-nurse
unset VIGIL_NOW VIGIL_SCALES VIGIL_CONFIG

now_ns() { date +%s%N; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
less() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (a > b ? a - b : 0) }'; }

# Wall time in milliseconds of one run of "$@".
time_ms() {
	start=$(now_ns)
	"$@" >/dev/null
	awk -v ns="$(($(now_ns) - start))" 'BEGIN { printf "%.3f", ns / 1e6 }'
}

median() { sort -n | awk '{ t[NR] = $1 } END { printf "%.3f", NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'; }

echo "vigil record and history benchmark: $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
out=$("$(dirname "$VIGIL")/bench/core_bench" "$dir/vigil.db" "$dir/raw.db" nurse bench-nurse R1 \
	P1 "$N" "$ROUNDS")
set -- $(echo "$out" | awk '/^record_ms/ { print $2, $3 }')
rec_v=$1 rec_r=$2
set -- $(echo "$out" | awk '/^history_ms/ { print $2, $3, $4 }')
his_v=$1 his_r=$2 rows=$3
his_f=$(echo "$out" | awk '/^history_format_ms/ { print $2 }')
set -- $(echo "$out" | awk '/^record_cpu_ms/ { print $2, $3 } /^history_cpu_ms/ { print $2, $3 }')
rec_vc=$1 rec_rc=$2 his_vc=$3 his_rc=$4
echo "in one process (no start-up, no login), medians of $ROUNDS rounds:"
echo "  durable record: vigil $rec_v ms, raw SQLite C API $rec_r ms, ratio $(ratio "$rec_v" "$rec_r")x (goal <= 1.2x)"
echo "  history of $rows assessments: vigil $his_v ms, raw SQLite C API $his_r ms, ratio $(ratio "$his_v" "$his_r")x (goal <= 1.2x)"
echo "    (vigil with each row formatted as history prints it: $his_f ms)"
echo "  CPU time alone (what is left without the waits for the disk):"
echo "    record: vigil $rec_vc ms, raw $rec_rc ms, ratio $(ratio "$rec_vc" "$rec_rc")x; history: vigil $his_vc ms, raw $his_rc ms, ratio $(ratio "$his_vc" "$his_rc")x"

record() {
	"$VIGIL" record R1 cows hr=96 sweating=1 restlessness=3 pupils=1 aches=1 nose=2 gi=1 \
		tremor=1 yawning=1 anxiety=2 gooseflesh=3
}
history() { "$VIGIL" history P1; }
# What every logged-in command pays before its own work: starting up and
# checking the password with argon2id (deliberately slow, 64 MiB).
login_only() { "$VIGIL" patient list; }

# Each round runs the login alone, a record and the history in turn; the
# figures without the login are the medians of each round's difference.
: >"$dir/l"
: >"$dir/r"
: >"$dir/h"
: >"$dir/rq"
: >"$dir/hq"
i=0
while [ "$i" -lt "$RUNS" ]; do
	tl=$(time_ms login_only)
	tr=$(time_ms record)
	th=$(time_ms history)
	echo "$tl" >>"$dir/l"
	echo "$tr" >>"$dir/r"
	echo "$th" >>"$dir/h"
	less "$tr" "$tl" >>"$dir/rq"
	echo >>"$dir/rq"
	less "$th" "$tl" >>"$dir/hq"
	echo >>"$dir/hq"
	i=$((i + 1))
done
login=$(median <"$dir/l") rv=$(median <"$dir/r") hv=$(median <"$dir/h")
rq=$(median <"$dir/rq") hq=$(median <"$dir/hq")
echo "whole commands, medians of $RUNS rounds; login alone (start-up and argon2id): $login ms"
echo "  vigil record: $rv ms; without the login $rq ms, ratio to the raw record $(ratio "$rq" "$rec_r")x"
echo "  vigil history P1 ($(history | wc -l) lines): $hv ms; without the login $hq ms, ratio to the raw read $(ratio "$hq" "$his_r")x"
