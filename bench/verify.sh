#!/bin/sh
# bench/verify.sh - audit verify on years of data (issue 11), each figure
# beside its goal:
#   1. the full verify, `vigil audit verify`, on 100,000 and 1,000,000
#      assessments: the whole command (start-up, argon2id login, the walk,
#      every record compared, the checkpoint it writes, output); the same
#      less one argon2id run of the login's kind timed in the same rounds;
#      and vigil_audit_verify in one process (no start-up, no login, no
#      checkpoint), and on the smaller wards the same with every Ed25519
#      check answering at once (verify_bench_nosig): their share. Goal:
#      under 5 s at 1,000,000.
#   2. the verify from a checkpoint, `vigil audit verify
#      --since-checkpoint`, on the 1,000,000 ward after its full verify
#      wrote a checkpoint and ADD (1,000) assessments more were recorded,
#      each its own durable, signed transaction as a ward writes them: the
#      whole command, less argon2id, and vigil_audit_verify_since in one
#      process. Goal: well under a second.
# Medians of ROUNDS (of BIG_ROUNDS for the full verify of 1,000,000, which
# takes minutes), each round every figure once in turn, so the machine's
# other work falls on every figure alike; wall times, and CPU times (user
# + system) from /usr/bin/time and CLOCK_PROCESS_CPUTIME_ID.
#
# The databases (40 patients, 4 users, COWS, CIWA-Ar, SOWS and craving in
# turn, each patient every 15 minutes from 1 January 2025, items scored as
# the scales allow; the recorders take turns, so each record is signed)
# are built through the core by bench/verify_bench.c and cached in CACHE,
# keyed by the schema version and a checksum of the part of verify_bench.c
# that makes them (1,000,000 takes about 20 minutes); the ward with ADD
# more after its checkpoint likewise. A full verify that fails stops the
# run.
#
# Usage: sh bench/verify.sh [path/to/vigil]   (make bench)
#   SIZES="100000 1000000"; ROUNDS=3; BIG_ROUNDS=1 (sizes of 1,000,000 or
#   more); SINCE_ROUNDS=5; ADD=1000; CACHE=$BUILD/bench/cache.
set -eu
VIGIL=${1:-build/vigil}
case $VIGIL in /*) ;; *) VIGIL=$PWD/$VIGIL ;; esac
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(dirname "$VIGIL")
BENCH=$BUILD/bench/verify_bench
NOSIG=$BUILD/bench/verify_bench_nosig
SIZES=${SIZES:-100000 1000000}
ROUNDS=${ROUNDS:-3}
BIG_ROUNDS=${BIG_ROUNDS:-1}
SINCE_ROUNDS=${SINCE_ROUNDS:-5}
ADD=${ADD:-1000}
CACHE=${CACHE:-$BUILD/bench/cache}
export TZ=UTC LC_ALL=C.UTF-8
unset VIGIL_DB VIGIL_NOW VIGIL_SCALES VIGIL_CONFIG VIGIL_IDLE_SECONDS VIGIL_USER VIGIL_PASSWORD

[ -x "$BENCH" ] || { echo "verify.sh: $BENCH missing: make $BENCH" >&2; exit 1; }
case $CACHE in /*) ;; *) CACHE=$PWD/$CACHE ;; esac
mkdir -p "$CACHE"
dir=$(mktemp -d "$CACHE/.run-XXXXXX") # beside the cache: the copies are large
trap 'rm -rf "$dir"' EXIT
trap 'exit 2' INT TERM
# The programs are copied first, so a rebuild during the run does not
# change them.
snapshot() {
	i=0
	until cp "$1" "$2" 2>/dev/null && "$2" --version >/dev/null 2>&1; do
		i=$((i + 1))
		[ "$i" -lt 60 ] || { echo "verify.sh: $1 does not run" >&2; exit 1; }
		sleep 2
	done
}
snapshot "$VIGIL" "$dir/vigil"
cp "$BENCH" "$dir/verify_bench"
[ ! -x "$NOSIG" ] || cp "$NOSIG" "$dir/verify_bench_nosig"
VIGIL=$dir/vigil BENCH=$dir/verify_bench NOSIG=$dir/verify_bench_nosig

now_ns() { date +%s%N; }
commas() { echo "$1" | sed ':a; s/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/; ta'; }
# stats: "MEDIAN MIN MAX" of the numbers on stdin, one a line
stats() {
	sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "? ? ?"; exit }
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.1f %.1f %.1f", m, v[1], v[NR] }'
}
# pooled NAME FILE...: stats of every run in the "NAME_all" lines
pooled() {
	name=$1; shift
	cat "$@" | awk -v n="$name" '$1 == n "_all" { for (i = 2; i <= NF; i++) print $i }' | stats
}
med() { echo "$1" | cut -d' ' -f1; }
spread() { echo "$1" | awk '{ printf "min %s, max %s", $2, $3 }'; }
field() { awk -v n="$1" '$1 == n { print $2; exit }' "$2"; }
# col N FILE: stats of column N
col() { cut -d' ' -f"$1" "$2" | grep -v '^?$' | stats; }
# less_argon2 N A B: stats of column N of A (1 wall, 2 CPU) less the
# median argon2id run of B (wall or CPU)
less_argon2() {
	name=pwhash64_ms
	[ "$1" = 1 ] || name=pwhash64_cpu_ms
	a2=$(med "$(pooled "$name" "$3")")
	awk -v n="$1" -v a="$a2" '$n != "?" { print $n - a }' "$2" | stats
}
TIMER=
if [ -x /usr/bin/time ] && /usr/bin/time -f '%U %S' -o /dev/null true 2>/dev/null; then
	TIMER=/usr/bin/time
fi
# ms COMMAND...: "WALL CPU" of one run in ms; a failure stops the run.
ms() {
	start=$(now_ns)
	if [ -n "$TIMER" ]; then
		"$TIMER" -f '%U %S' -o "$dir/cpu" "$@" >"$dir/last.out" 2>&1 ||
			{ echo "verify.sh: failed: $*" >&2; cat "$dir/last.out" >&2; exit 1; }
	else
		"$@" >"$dir/last.out" 2>&1 || { echo "verify.sh: failed: $*" >&2; exit 1; }
	fi
	end=$(now_ns)
	cpu=?
	[ -z "$TIMER" ] || cpu=$(awk 'END { printf "%.0f", ($1 + $2) * 1000 }' "$dir/cpu")
	awk -v a="$start" -v b="$end" -v c="$cpu" 'BEGIN { printf "%.1f %s\n", (b - a) / 1e6, c }'
}
# goal MEASURED_MS GOAL_MS: "0.42x the goal" ("-" when unknown)
goal() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.2fx", a / b; else print "-" }'
}
row() { printf '   %-40s %10s %10s %9s %9s\n' "$@"; }
# figure NAME WALL CPU GOAL_MS: a row, with both times against the goal
figure() {
	if [ -n "$4" ]; then
		row "$1" "$(med "$2")" "$(med "$3")" "$(goal "$(med "$2")" "$4")" "$(goal "$(med "$3")" "$4")"
	else
		row "$1" "$(med "$2")" "$(med "$3")" "" ""
	fi
}

SCHEMA=$(awk '/define VIGIL_SCHEMA_VERSION/ { print $3 }' "$ROOT/include/vigil/db.h")
SUM=$(sed -n -e '/^#define PATIENTS/,/^#ifdef VIGIL_BENCH_NOSIG/p' \
	-e '/^static vigil_status session_for/,/^static int cmd_verify/p' \
	"$ROOT/bench/verify_bench.c" | cksum | cut -d' ' -f1)
dirty=$(git -C "$ROOT" status --porcelain -- src include 2>/dev/null | wc -l)
echo "vigil audit verify benchmark (issue 11): $(git -C "$ROOT" rev-parse --short HEAD)" \
	"(schema $SCHEMA, $dirty changed files in src/ include/ in this tree);" \
	"$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ?)," \
	"$(date -u +%Y-%m-%dT%H:%MZ)"

# ward_db N: the cached ward of N assessments (built when missing); sets $db.
ward_db() {
	db=$CACHE/verify-new-s$SCHEMA-n$1-$SUM.db
	if [ -f "$db" ] && [ -f "$db.built" ]; then
		echo "   $(commas "$1") assessments: cached $db ($(($(wc -c <"$db") / 1048576)) MiB;" \
			"$(cat "$db.built"))"
		return
	fi
	tmp=$dir/build.db
	"$BENCH" build "$tmp" "$1" >"$dir/build" || { echo "verify.sh: building failed" >&2; exit 1; }
	sqlite3 "$tmp" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	rm -f "$tmp-wal" "$tmp-shm"
	mv "$tmp" "$db"
	echo "built in $(($(field build_ms "$dir/build") / 1000)) s" >"$db.built"
	echo "   $(commas "$1") assessments: $(cat "$db.built"), $(($(wc -c <"$db") / 1048576)) MiB, $db"
}

echo "The wards:"
for n in $SIZES; do ward_db "$n"; done

# 1. The full verify, each size on a copy (the first run writes its
# checkpoint; the copy of the largest is kept for 2).
"$BENCH" crypto 5 >"$dir/crypto"
echo "argon2id (the login's, 64 bytes, OPSLIMIT/MEMLIMIT_INTERACTIVE): $(field pwhash64_ms "$dir/crypto") ms;" \
	"Ed25519 verify of one row $(field verify_us "$dir/crypto") us"
echo "1. vigil audit verify (full): median of ROUNDS, goal 5,000 ms at 1,000,000; on a busy"
echo "   machine the CPU time is the truer figure (wall and CPU each against the goal)"
row "" "ms" "CPU ms" "wall/goal" "CPU/goal"
verify_cmd() { ms env VIGIL_USER=admin VIGIL_PASSWORD=bench-admin "$VIGIL" --db "$1" audit verify; }
for n in $SIZES; do
	ward_db "$n" >/dev/null
	work=$dir/work-$n.db
	cp "$db" "$work"
	rounds=$ROUNDS
	[ "$n" -lt 1000000 ] || rounds=$BIG_ROUNDS
	for f in cmd in a2 nosig; do : >"$dir/$f.$n"; done
	r=0
	while [ "$r" -lt "$rounds" ]; do
		verify_cmd "$work" >>"$dir/cmd.$n"
		[ "$r" -gt 0 ] || cp "$dir/last.out" "$dir/full.out.$n"
		"$BENCH" argon2 1 >>"$dir/a2.$n"
		"$BENCH" verify "$work" 1 >>"$dir/in.$n"
		# The walk less its Ed25519 checks: on the smaller wards only (the
		# share is the same, and 1,000,000 takes minutes a run).
		[ "$n" -ge 1000000 ] || [ ! -x "$NOSIG" ] || "$NOSIG" verify "$work" 1 >>"$dir/nosig.$n"
		r=$((r + 1))
	done
	c=$(col 1 "$dir/cmd.$n") cc=$(col 2 "$dir/cmd.$n")
	l=$(less_argon2 1 "$dir/cmd.$n" "$dir/a2.$n") lc=$(less_argon2 2 "$dir/cmd.$n" "$dir/a2.$n")
	i=$(pooled verify_ms "$dir/in.$n") ic=$(pooled verify_cpu_ms "$dir/in.$n")
	g=
	[ "$n" != 1000000 ] || g=5000
	echo "   $(commas "$n") assessments ($(commas "$(field entries "$dir/in.$n")") entries," \
		"$(commas "$(field signed "$dir/in.$n")") signed, $(commas "$(field records "$dir/in.$n")") records), $rounds rounds:"
	figure "whole command" "$c" "$cc" "$g"
	figure "whole command less argon2id" "$l" "$lc" "$g"
	figure "vigil_audit_verify in one process" "$i" "$ic" "$g"
	if [ -s "$dir/nosig.$n" ]; then
		ns=$(pooled verify_ms "$dir/nosig.$n") nsc=$(pooled verify_cpu_ms "$dir/nosig.$n")
		figure "  the same, signature checks skipped" "$ns" "$nsc" "$g"
		awk -v a="$(med "$ic")" -v b="$(med "$nsc")" 'BEGIN { if (a > 0)
			printf "     Ed25519 checks: %.0f%% of its CPU time\n", (a - b) * 100 / a }'
	fi
	echo "     spread: command $(spread "$c"); in one process $(spread "$i")"
	sed -n 's/^checkpoint written: \(entry [0-9,]*\).*/     the first wrote its checkpoint: \1/p' "$dir/full.out.$n"
done

# 2. From the checkpoint, after ADD more on the largest ward.
big=$(echo "$SIZES" | tr ' ' '\n' | sort -n | tail -1)
since=$CACHE/verify-new-s$SCHEMA-n$big-$SUM-checkpoint-plus$ADD.db
if [ ! -f "$since" ] || [ ! -f "$since.built" ]; then
	cp "$dir/work-$big.db" "$dir/since.db"
	"$BENCH" add "$dir/since.db" "$ADD" >"$dir/add" || { echo "verify.sh: adding failed" >&2; exit 1; }
	sqlite3 "$dir/since.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	rm -f "$dir/since.db-wal" "$dir/since.db-shm"
	mv "$dir/since.db" "$since"
	echo "$(commas "$ADD") added in $(($(field add_ms "$dir/add") / 1000)) s" >"$since.built"
fi
echo "2. vigil audit verify --since-checkpoint: $(commas "$big") assessments, a checkpoint, then" \
	"$(cat "$since.built") (cached $since); median of $SINCE_ROUNDS, goal well under 1,000 ms"
row "" "ms" "CPU ms" "wall/1 s" "CPU/1 s"
for f in cmd in a2; do : >"$dir/$f.since"; done
r=0
while [ "$r" -lt "$SINCE_ROUNDS" ]; do
	ms env VIGIL_USER=admin VIGIL_PASSWORD=bench-admin "$VIGIL" --db "$since" audit verify \
		--since-checkpoint >>"$dir/cmd.since"
	[ "$r" -gt 0 ] || cp "$dir/last.out" "$dir/since.out"
	"$BENCH" argon2 1 >>"$dir/a2.since"
	"$BENCH" since "$since" 1 >>"$dir/in.since"
	r=$((r + 1))
done
c=$(col 1 "$dir/cmd.since") cc=$(col 2 "$dir/cmd.since")
l=$(less_argon2 1 "$dir/cmd.since" "$dir/a2.since") lc=$(less_argon2 2 "$dir/cmd.since" "$dir/a2.since")
i=$(pooled since_ms "$dir/in.since") ic=$(pooled since_cpu_ms "$dir/in.since")
figure "whole command" "$c" "$cc" 1000
figure "whole command less argon2id" "$l" "$lc" 1000
figure "vigil_audit_verify_since in one process" "$i" "$ic" 1000
echo "     spread: command $(spread "$c"); in one process $(spread "$i")"
echo "     walked $(commas "$(field entries "$dir/in.since")") entries from entry" \
	"$(commas "$(field through "$dir/in.since")"), $(commas "$(field records "$dir/in.since")") records compared; it said:"
sed -n '1,2s/^/     | /p' "$dir/since.out"
