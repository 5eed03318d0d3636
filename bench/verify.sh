#!/bin/sh
# bench/verify.sh - what signed audit rows (issue 8, commit 81983e4: every
# row Ed25519-signed, login one argon2id run of 64 bytes that gives the
# signing key) cost, against the unsigned rows before them (commit
# 6a05048, schema 5), in the same run:
#   1. libsodium alone, with vigil's parameters (bench/verify_bench.c
#      crypto): crypto_pwhash argon2id of 64 bytes (OPSLIMIT/MEMLIMIT_
#      INTERACTIVE: today's login), crypto_pwhash_str_verify of a string
#      with the same limits (the login before), one Ed25519 sign and one
#      verify of a row hash;
#   2. `vigil audit verify` on 100,000 and 1,000,000 assessments, each
#      vigil on a database it made itself through its own library (same
#      users, patients and assessments in the same order; today's is a
#      training database, as it must be for a pinned clock), ROUNDS rounds
#      (medians), each running in turn:
#        a. the whole command (start-up, argon2id login, verify, output),
#           today's and the old;
#        b. vigil_audit_verify in one process (no start-up, no login):
#           today's, today's with every signature check answering "valid"
#           at once (verify_bench_nosig, linked with
#           --wrap=crypto_sign_verify_detached; src/ is unchanged), and the
#           old: today's less the skipped is the share of the walk spent in
#           signature checks, set beside the count of signatures times one
#           Ed25519 verify (timed in the same rounds);
#   3. on a small ward (one patient), each vigil on its own file made by
#      its own `vigil init`, CMD_RUNS rounds (medians), each running in
#      turn: the login alone (`vigil patient list`) and `vigil record`
#      (login, record, signed audit row, durable commit) with each vigil,
#      one argon2id run of each kind alone (what the figures less the
#      argon2id cost subtract), and in one process vigil_login and 3
#      durable vigil_assessment_record with each vigil.
# The programs are copied to a temporary folder first, so a rebuild in the
# middle of the run does not change them. The old vigil and its
# verify_bench are built from 6a05048 in a git worktree ($OLD, /tmp/v5 by
# default; made with `git worktree add` when missing).
#
# The databases (40 patients, 4 users, COWS, CIWA-Ar, SOWS and craving in
# turn, each patient every 15 minutes from 1 January 2025, items scored as
# the scales allow) are cached in build/bench-cache/, keyed by the schema
# version and a checksum of the part of verify_bench.c that makes them,
# and checked by a verify before use (rebuilt when that fails); 1,000,000
# takes several minutes each.
#
# Usage: sh bench/verify.sh [path/to/vigil]   (make bench)
#   SIZES="100000 1000000" assessments; ROUNDS=3 rounds per size;
#   CMD_RUNS=10 rounds of logins and records; OLD=/tmp/v5;
#   CACHE=build/bench-cache.
set -eu
VIGIL=${1:-build/vigil}
case $VIGIL in /*) ;; *) VIGIL=$PWD/$VIGIL ;; esac
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(dirname "$VIGIL")
BENCH=$BUILD/bench/verify_bench
NOSIG=$BUILD/bench/verify_bench_nosig
SIZES=${SIZES:-100000 1000000}
ROUNDS=${ROUNDS:-3}
CMD_RUNS=${CMD_RUNS:-10}
OLD_COMMIT=6a05048
OLD=${OLD:-/tmp/v5}
CACHE=${CACHE:-$BUILD/bench-cache}
export TZ=UTC LC_ALL=C.UTF-8
unset VIGIL_DB VIGIL_NOW VIGIL_SCALES VIGIL_CONFIG VIGIL_IDLE_SECONDS VIGIL_USER VIGIL_PASSWORD

for p in "$BENCH" "$NOSIG"; do
	[ -x "$p" ] || { echo "verify.sh: $p missing: make $p" >&2; exit 1; }
done
case $CACHE in /*) ;; *) CACHE=$PWD/$CACHE ;; esac
mkdir -p "$CACHE"
dir=$(mktemp -d)
trap 'rm -rf "$dir"; rm -f "$CACHE"/.verify-$$-*' EXIT
trap 'exit 2' INT TERM
snapshot() {
	i=0
	until cp "$1" "$2" 2>/dev/null && "$2" --version >/dev/null 2>&1; do
		i=$((i + 1))
		[ "$i" -lt 60 ] || { echo "verify.sh: $1 does not run" >&2; exit 1; }
		sleep 2
	done
}
snapshot "$VIGIL" "$dir/vigil"
VIGIL=$dir/vigil
cp "$BENCH" "$dir/verify_bench"
cp "$NOSIG" "$dir/verify_bench_nosig"
BENCH=$dir/verify_bench NOSIG=$dir/verify_bench_nosig

# The old vigil and verify_bench against its library and headers.
if [ ! -e "$OLD/.git" ]; then
	git -C "$ROOT" worktree prune
	git -C "$ROOT" worktree add --detach "$OLD" "$OLD_COMMIT" >/dev/null
fi
[ "$(git -C "$OLD" rev-parse --short=7 HEAD)" = "$OLD_COMMIT" ] ||
	{ echo "verify.sh: $OLD is not at $OLD_COMMIT" >&2; exit 1; }
make -s -C "$OLD" BUILD=build build/vigil build/libvigil.a >/dev/null
snapshot "$OLD/build/vigil" "$dir/vigil_old"
OLD_VIGIL=$dir/vigil_old
OLD_BENCH=$dir/verify_bench_old
${CC:-cc} -std=c11 -O2 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DVIGIL_BENCH_OLD \
	-I"$OLD/include" -I"$OLD/src" -o "$OLD_BENCH" "$ROOT/bench/verify_bench.c" \
	"$OLD/build/libvigil.a" $(pkg-config --libs sqlite3 libsodium) -lcsv -lm

now_ns() { date +%s%N; }
commas() { echo "$1" | sed ':a; s/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/; ta'; }
# ratio A B: "A/Bx", or "-" when either is not above zero
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.2fx", a / b; else print "-" }'; }
# stats: "MEDIAN MIN MAX" of the numbers on stdin, one a line
stats() {
	sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "? ? ?"; exit }
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.2f %.2f %.2f", m, v[1], v[NR] }'
}
# pooled NAME FILE...: stats of every run in the "NAME_all" lines (and of
# the "NAME VALUE" lines of one-value figures)
pooled() {
	name=$1; shift
	cat "$@" | awk -v n="$name" '$1 == n "_all" { for (i = 2; i <= NF; i++) print $i }
		$1 == n && NF == 2 { print $2 }' | stats
}
med() { echo "$1" | cut -d' ' -f1; }
spread() { echo "$1" | awk '{ printf "min %s, max %s", $2, $3 }'; }
# field NAME FILE: the value of the line "NAME VALUE"
field() { awk -v n="$1" '$1 == n { print $2; exit }' "$2"; }
# ms COMMAND...: "WALL CPU" of one run in ms, CPU being user + system
# time from /usr/bin/time when there is one ("?" otherwise); the output
# is discarded, a failure stops the run.
TIMER=
if [ -x /usr/bin/time ] && /usr/bin/time -f '%U %S' -o /dev/null true 2>/dev/null; then
	TIMER=/usr/bin/time
fi
ms() {
	start=$(now_ns)
	if [ -n "$TIMER" ]; then
		"$TIMER" -f '%U %S' -o "$dir/cpu" "$@" >/dev/null ||
			{ echo "verify.sh: failed: $*" >&2; exit 1; }
	else
		"$@" >/dev/null || { echo "verify.sh: failed: $*" >&2; exit 1; }
	fi
	end=$(now_ns)
	cpu=?
	[ -z "$TIMER" ] || cpu=$(awk 'END { printf "%.0f", ($1 + $2) * 1000 }' "$dir/cpu")
	awk -v a="$start" -v b="$end" -v c="$cpu" 'BEGIN { printf "%.2f %s\n", (b - a) / 1e6, c }'
}
# col N FILE: stats of column N
col() { cut -d' ' -f"$1" "$2" | grep -v '^?$' | stats; }

dirty=$(git -C "$ROOT" status --porcelain -- src include 2>/dev/null | wc -l)
echo "vigil audit signing benchmark: after = $(git -C "$ROOT" rev-parse --short HEAD)" \
	"(schema $(awk '/define VIGIL_SCHEMA_VERSION/ { print $3 }' "$ROOT/include/vigil/db.h")," \
	"$dirty changed files in src/ include/ in this tree), before = $OLD_COMMIT (schema 5);" \
	"$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ?)," \
	"$(date -u +%Y-%m-%dT%H:%MZ); wall times, and CPU times (user + system) of the commands" \
	"from ${TIMER:-nothing: no /usr/bin/time} and of the in-process figures from" \
	"CLOCK_PROCESS_CPUTIME_ID"

# 1. libsodium alone.
"$BENCH" crypto 15 > "$dir/crypto"
pwhash=$(field pwhash64_ms "$dir/crypto")
strverify=$(field pwhash_str_verify_ms "$dir/crypto")
sign_us=$(field sign_us "$dir/crypto")
verify_us=$(field verify_us "$dir/crypto")
hex_us=$(field hex_us "$dir/crypto")
echo "1. libsodium ($(sed -n 's/^# libsodium //p' "$dir/crypto")), medians of 15:"
echo "   argon2id crypto_pwhash, 64 bytes, OPSLIMIT/MEMLIMIT_INTERACTIVE (login now):" \
	"$pwhash ms"
echo "   crypto_pwhash_str_verify, same limits (login before): $strverify ms"
echo "   Ed25519: sign a row hash $sign_us us, verify $verify_us us" \
	"(+ $hex_us us of hex decoding per row in audit verify)"

# ward_db KIND N: the cached database of KIND (new, old) with N
# assessments, checked by a verify; sets $db.
# The key: the part of verify_bench.c that makes them.
SUM=$(sed -n -e '/^#define PATIENTS/,/^#ifdef VIGIL_BENCH_NOSIG/p' \
	-e '/^static vigil_status session_for/,/^static int cmd_verify/p' \
	"$ROOT/bench/verify_bench.c" | cksum | cut -d' ' -f1)
ward_db() {
	if [ "$1" = new ]; then b=$BENCH s=$(awk '/define VIGIL_SCHEMA_VERSION/ { print $3 }' \
		"$ROOT/include/vigil/db.h"); else b=$OLD_BENCH s=5; fi
	db=$CACHE/verify-$1-s$s-n$2-$SUM.db
	if [ -f "$db" ] && "$b" verify "$db" 1 > "$dir/check" 2>&1; then
		echo "   $1, $(commas "$2") assessments: cached $db" \
			"($(($(wc -c < "$db") / 1048576)) MiB; $(cat "$db.built" 2>/dev/null || echo ?))"
		return
	fi
	[ ! -f "$db" ] || echo "   $1, $(commas "$2"): cached file fails verify, rebuilding:" \
		"$(tail -n 1 "$dir/check")"
	tmp=$CACHE/.verify-$$-$1.db
	rm -f "$tmp" "$tmp-wal" "$tmp-shm" "$db" "$db.built"
	"$b" build "$tmp" "$2" > "$dir/build" || { echo "verify.sh: building $tmp failed" >&2; exit 1; }
	sqlite3 "$tmp" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	rm -f "$tmp-wal" "$tmp-shm"
	mv "$tmp" "$db"
	built="built in $(($(field build_ms "$dir/build") / 1000)) s,"
	built="$built $(field record_us "$dir/build") us a record in batches of 2,000"
	echo "$built" > "$db.built"
	echo "   $1, $(commas "$2") assessments: $built, $(($(wc -c < "$db") / 1048576)) MiB, $db"
}

echo "2. audit verify; the databases:"
for n in $SIZES; do
	ward_db old "$n"; eval "old_$n=\$db"
	ward_db new "$n"; eval "new_$n=\$db"
done

verify_cmd() { # VIGIL DB
	ms env VIGIL_USER=admin VIGIL_PASSWORD=bench-admin "$1" --db "$2" audit verify
}
printf '   %-10s %-32s %12s %12s %7s\n' size "" "before ms" "after ms" ratio
for n in $SIZES; do
	eval "o=\$old_$n; w=\$new_$n"
	for f in in.new in.nosig in.old cmd.new cmd.old ed; do : > "$dir/$f"; done
	# Each round every kind once, in turn, so that the machine's other work
	# falls on every figure alike; Ed25519 timed in the same rounds.
	r=0
	while [ "$r" -lt "$ROUNDS" ]; do
		verify_cmd "$VIGIL" "$w" >> "$dir/cmd.new"
		verify_cmd "$OLD_VIGIL" "$o" >> "$dir/cmd.old"
		"$BENCH" verify "$w" 1 >> "$dir/in.new"
		"$NOSIG" verify "$w" 1 >> "$dir/in.nosig"
		"$OLD_BENCH" verify "$o" 1 >> "$dir/in.old"
		"$BENCH" ed25519 3 >> "$dir/ed"
		r=$((r + 1))
	done
	c_new=$(col 1 "$dir/cmd.new") c_old=$(col 1 "$dir/cmd.old")
	cc_new=$(col 2 "$dir/cmd.new") cc_old=$(col 2 "$dir/cmd.old")
	i_new=$(pooled verify_ms "$dir/in.new") i_old=$(pooled verify_ms "$dir/in.old")
	i_nosig=$(pooled verify_ms "$dir/in.nosig")
	ic_new=$(pooled verify_cpu_ms "$dir/in.new") ic_old=$(pooled verify_cpu_ms "$dir/in.old")
	ic_nosig=$(pooled verify_cpu_ms "$dir/in.nosig")
	v_us=$(med "$(pooled verify_us "$dir/ed")") h_us=$(med "$(pooled hex_us "$dir/ed")")
	signed=$(field signed "$dir/in.new") rows=$(field entries "$dir/in.new")
	rows_old=$(field entries "$dir/in.old")
	printf '   %-10s %-32s %12s %12s %7s\n' "$(commas "$n")" "whole command (median of $ROUNDS)" \
		"$(med "$c_old")" "$(med "$c_new")" "$(ratio "$(med "$c_new")" "$(med "$c_old")")"
	printf '   %-10s %-32s %12s %12s %7s\n' "" "vigil_audit_verify (median of $ROUNDS)" \
		"$(med "$i_old")" "$(med "$i_new")" "$(ratio "$(med "$i_new")" "$(med "$i_old")")"
	printf '   %-10s %-32s %12s %12s %7s\n' "" "  the same, signatures skipped" \
		"" "$(med "$i_nosig")" "$(ratio "$(med "$i_nosig")" "$(med "$i_old")")"
	printf '   %-10s %-32s %12s %12s %7s\n' "" "CPU (user+sys): whole command" \
		"$(med "$cc_old")" "$(med "$cc_new")" "$(ratio "$(med "$cc_new")" "$(med "$cc_old")")"
	printf '   %-10s %-32s %12s %12s %7s\n' "" "  vigil_audit_verify" \
		"$(med "$ic_old")" "$(med "$ic_new")" "$(ratio "$(med "$ic_new")" "$(med "$ic_old")")"
	printf '   %-10s %-32s %12s %12s %7s\n' "" "  the same, signatures skipped" \
		"" "$(med "$ic_nosig")" "$(ratio "$(med "$ic_nosig")" "$(med "$ic_old")")"
	share=$(awk -v a="$(med "$i_new")" -v b="$(med "$i_nosig")" \
		-v ca="$(med "$ic_new")" -v cb="$(med "$ic_nosig")" \
		'BEGIN { printf "%.0f%% (%.0f ms) of the time, %.0f%% of the CPU time", (a - b) * 100 / a,
			a - b, (ca - cb) * 100 / ca }')
	est=$(awk -v n="$signed" -v v="$v_us" -v h="$h_us" -v a="$(med "$i_new")" \
		'BEGIN { printf "%.0f ms, %.0f%% of the time", n * (v + h) / 1000, n * (v + h) / 10 / a }')
	per_row=$(awk -v a="$(med "$i_new")" -v b="$(med "$i_old")" -v n="$rows" \
		'BEGIN { printf "%.1f", (a - b) * 1000 / n }')
	echo "     rows walked: $(commas "$rows") after, all $(commas "$signed") signed;" \
		"$(commas "$rows_old") before; after less before in one process: $per_row us a row"
	echo "     signature checks: $share of the in-process verify (with less skipped);" \
		"estimate $(commas "$signed") x (Ed25519 verify $v_us us + hex $h_us us): $est"
	echo "     spread: command before $(spread "$c_old"), after $(spread "$c_new");" \
		"in-process before $(spread "$i_old"), after $(spread "$i_new")," \
		"skipped $(spread "$i_nosig")"
done

# 3. Login and record on a small ward, each vigil on its own file.
small() { # VIGIL DB
	VIGIL_NEW_PASSWORD=bench-admin "$1" --db "$2" init --admin admin >/dev/null
	VIGIL_USER=admin VIGIL_PASSWORD=bench-admin VIGIL_NEW_PASSWORD=bench-nurse \
		"$1" --db "$2" user add nurse --role nurse >/dev/null
	VIGIL_USER=nurse VIGIL_PASSWORD=bench-nurse "$1" --db "$2" patient admit S1 \
		--name "Small One" --bed 1 --at "2025-01-01 00:00" >/dev/null
}
small "$VIGIL" "$dir/small-new.db"
small "$OLD_VIGIL" "$dir/small-old.db"
login_cmd() { ms env VIGIL_USER=nurse VIGIL_PASSWORD=bench-nurse "$1" --db "$2" patient list; }
record_cmd() {
	ms env VIGIL_USER=nurse VIGIL_PASSWORD=bench-nurse "$1" --db "$2" record S1 cows hr=96 \
		sweating=1 restlessness=3 pupils=1 aches=1 nose=2 gi=1 tremor=1 yawning=1 anxiety=2 \
		gooseflesh=3
}
for f in login.new login.old record.new record.old rec.new rec.old argon2; do : > "$dir/$f"; done
login_cmd "$VIGIL" "$dir/small-new.db" >/dev/null # warm-up
login_cmd "$OLD_VIGIL" "$dir/small-old.db" >/dev/null
# Each round: both logins, both records, one argon2id run of each kind
# alone, and in one process a login and 3 durable recordings, each vigil.
r=0
while [ "$r" -lt "$CMD_RUNS" ]; do
	login_cmd "$VIGIL" "$dir/small-new.db" >> "$dir/login.new"
	login_cmd "$OLD_VIGIL" "$dir/small-old.db" >> "$dir/login.old"
	record_cmd "$VIGIL" "$dir/small-new.db" >> "$dir/record.new"
	record_cmd "$OLD_VIGIL" "$dir/small-old.db" >> "$dir/record.old"
	"$BENCH" argon2 1 >> "$dir/argon2"
	"$BENCH" record "$dir/small-new.db" nurse bench-nurse S1 3 >> "$dir/rec.new"
	"$OLD_BENCH" record "$dir/small-old.db" nurse bench-nurse S1 3 >> "$dir/rec.old"
	r=$((r + 1))
done
l_new=$(col 1 "$dir/login.new") l_old=$(col 1 "$dir/login.old")
r_new=$(col 1 "$dir/record.new") r_old=$(col 1 "$dir/record.old")
lc_new=$(col 2 "$dir/login.new") lc_old=$(col 2 "$dir/login.old")
rc_new=$(col 2 "$dir/record.new") rc_old=$(col 2 "$dir/record.old")
ac_new=$(pooled pwhash64_cpu_ms "$dir/argon2") ac_old=$(pooled pwhash_str_verify_cpu_ms "$dir/argon2")
il_new=$(pooled login_ms "$dir/rec.new") il_old=$(pooled login_ms "$dir/rec.old")
ir_new=$(pooled record_ms "$dir/rec.new") ir_old=$(pooled record_ms "$dir/rec.old")
a_new=$(pooled pwhash64_ms "$dir/argon2") a_old=$(pooled pwhash_str_verify_ms "$dir/argon2")
less() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a - b }'; }
echo "3. login and record on a small ward (1 patient), medians of $CMD_RUNS rounds; argon2id" \
	"alone in the same rounds: $(med "$a_new") ms now (64 bytes), $(med "$a_old") ms before" \
	"(crypto_pwhash_str_verify); CPU $(med "$ac_new") ms and $(med "$ac_old") ms"
printf '   %-54s %12s %12s %7s\n' "" "before ms" "after ms" ratio
row() { printf '   %-54s %12s %12s %7s\n' "$1" "$2" "$3" "$(ratio "$3" "$2")"; }
row "vigil patient list (start-up + login)" "$(med "$l_old")" "$(med "$l_new")"
row "  less one argon2id run" "$(less "$(med "$l_old")" "$(med "$a_old")")" \
	"$(less "$(med "$l_new")" "$(med "$a_new")")"
row "vigil record (start-up, login, record, durable commit)" "$(med "$r_old")" "$(med "$r_new")"
row "  less one argon2id run" "$(less "$(med "$r_old")" "$(med "$a_old")")" \
	"$(less "$(med "$r_new")" "$(med "$a_new")")"
row "  less vigil patient list" "$(less "$(med "$r_old")" "$(med "$l_old")")" \
	"$(less "$(med "$r_new")" "$(med "$l_new")")"
row "CPU (user+sys): vigil patient list" "$(med "$lc_old")" "$(med "$lc_new")"
row "  less one argon2id run's CPU" "$(less "$(med "$lc_old")" "$(med "$ac_old")")" \
	"$(less "$(med "$lc_new")" "$(med "$ac_new")")"
row "CPU: vigil record" "$(med "$rc_old")" "$(med "$rc_new")"
row "  less one argon2id run's CPU" "$(less "$(med "$rc_old")" "$(med "$ac_old")")" \
	"$(less "$(med "$rc_new")" "$(med "$ac_new")")"
row "  less vigil patient list's CPU" "$(less "$(med "$rc_old")" "$(med "$lc_old")")" \
	"$(less "$(med "$rc_new")" "$(med "$lc_new")")"
row "vigil_login in one process" "$(med "$il_old")" "$(med "$il_new")"
row "vigil_assessment_record, durable, in one process" "$(med "$ir_old")" "$(med "$ir_new")"
echo "   spread: patient list before $(spread "$l_old"), after $(spread "$l_new");" \
	"record before $(spread "$r_old"), after $(spread "$r_new"); argon2id now $(spread "$a_new")," \
	"before $(spread "$a_old"); in-process login before $(spread "$il_old")," \
	"after $(spread "$il_new"); in-process record before $(spread "$ir_old")," \
	"after $(spread "$ir_new") ($((CMD_RUNS * 3)) each)"
