#!/bin/sh
# bench/due.sh - `vigil due` and the board's data with per-scale protocols
# (issue 7), against the board's load before them (commit 7a5bf59, one rule
# table) on the same file, in the same run:
#   1. in one process (bench/due_bench.c; no start-up, no login), medians
#      of ROUNDS x RUNS runs (each process: one untimed warm-up, then RUNS;
#      new and old processes on both files in turn, so that the machine's
#      other work falls on every figure alike):
#        a. the board's reload: vigil_protocols_load + vigil_ward_load;
#        b. vigil_due_list, every row formatted as `vigil due` does;
#        c. the old vigil_ward_load, built from 7a5bf59 in a git worktree
#           (build/bench-old), on a copy of the same file;
#      on 1,000,000 and on 100,000 assessments, to show the time does not
#      grow with the count;
#   2. the whole command `vigil due` (start-up, argon2id login, protocols,
#      list, output), against `vigil patient list` on a ward with no
#      patients (start-up and the same login), CMD_RUNS of each in turn;
#      and the login alone, timed in the due_bench processes.
# The programs are copied to a temporary folder first, so a rebuild in
# the middle of the run does not change them.
#
# The ward: 40 admitted patients, each on COWS, CIWA-Ar, SOWS and craving
# (4 active scales; COWS and CIWA-Ar have built-in protocols, so 80 timed
# scales), the scales assessed in turn every 15 minutes (each hourly), with
# item scores the scales allow (COWS pulse with a heart rate in its range,
# CIWA-Ar 0-7 and orientation 0-4, SOWS 0-4, craving 0-10), totals and
# bands computed from them, following a rise and fall of severity over
# days. 1,000,000 assessments is 25,000 per patient: a stay of 260 days,
# only to reach the count. Every scale hourly is more often than the
# protocols ask at low totals, so CIWA-Ar's 48-hour look-back ("under 8 for
# 48 h") reads about 48 assessments with their items: the heavy case.
# The schema is created by this vigil (`vigil init`), then the patients,
# assessments and items are bulk-inserted by the sqlite3 shell in one
# transaction: the audit chain does not cover them (fine for timing;
# `vigil audit verify` would flag them). No monitoring or not-done records.
# The files are cached in build/bench-cache/, keyed by the schema version
# and a checksum of the generating SQL; delete them to regenerate.
#
# The old vigil refuses a newer schema, so it reads a copy with PRAGMA
# user_version set to 4 (its own version); it only reads tables it knows
# (patients, users, assessments, items, voids, audit), which schema 5 did
# not change. The copy keeps the new assessments_by_scale index, which the
# old code's SQLite may use; a second copy without it (as a schema 4 file
# is) is timed too on the 1,000,000 file.
#
# Usage: sh bench/due.sh [path/to/vigil]   (make bench)
#   ROUNDS=9 processes x RUNS=5 in-process runs, CMD_RUNS=15 whole-command
#   runs (medians);
#   BIG=1000000 SMALL=100000 assessments (multiples of 40).
set -eu
VIGIL=${1:-build/vigil}
case $VIGIL in /*) ;; *) VIGIL=$PWD/$VIGIL ;; esac
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(dirname "$VIGIL")
BENCH=$BUILD/bench/due_bench
RUNS=${RUNS:-5}
ROUNDS=${ROUNDS:-9}
CMD_RUNS=${CMD_RUNS:-15}
BIG=${BIG:-1000000}
SMALL=${SMALL:-100000}
PATIENTS=40
OLD_COMMIT=7a5bf59
OLD=$BUILD/bench-old
CACHE=$BUILD/bench-cache
export TZ=UTC LC_ALL=C.UTF-8 VIGIL_NOW=2026-11-21T12:00:00Z
unset VIGIL_DB VIGIL_SCALES VIGIL_CONFIG VIGIL_IDLE_SECONDS VIGIL_USER VIGIL_PASSWORD

[ -x "$BENCH" ] || { echo "due.sh: $BENCH missing: make $BENCH" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir" "$CACHE/.due-$$.db" "$CACHE/.due-$$.db-wal" "$CACHE/.due-$$.db-shm"' EXIT
trap 'exit 2' INT TERM
# A copy of each program, so that a rebuild during the run (make in
# another terminal) neither breaks it nor changes what is measured.
snapshot() {
	i=0
	until cp "$1" "$2" 2>/dev/null && "$2" --version >/dev/null 2>&1; do
		i=$((i + 1))
		[ "$i" -lt 60 ] || { echo "due.sh: $1 does not run" >&2; exit 1; }
		sleep 2
	done
}
snapshot "$VIGIL" "$dir/vigil"
VIGIL=$dir/vigil
cp "$BENCH" "$dir/due_bench"
BENCH=$dir/due_bench
mkdir -p "$CACHE"

now_ns() { date +%s%N; }
# 1000000 -> 1,000,000
commas() { echo "$1" | sed ':a; s/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/; ta'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# A vigil database with a nurse, from this vigil.
new_db() {
	VIGIL_NEW_PASSWORD=bench-admin "$VIGIL" --db "$1" init --training --admin admin >/dev/null
	VIGIL_USER=admin VIGIL_PASSWORD=bench-admin VIGIL_NEW_PASSWORD=bench-nurse \
		"$VIGIL" --db "$1" user add nurse --role nurse >/dev/null
}

# The schema version this vigil writes, from a new file; that file, with
# no patients, is also where the login alone is timed.
empty=$dir/empty.db
new_db "$empty"
SCHEMA=$(sqlite3 "$empty" "PRAGMA user_version")

# gen_sql N: the SQL that fills a new database with N assessments.
gen_sql() {
	per=$(($1 / PATIENTS))
	cat <<SQL
PRAGMA foreign_keys = ON;
PRAGMA cache_size = -1000000;
PRAGMA temp_store = MEMORY;
BEGIN;
WITH RECURSIVE p(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM p WHERE k < $PATIENTS)
INSERT INTO patients (id, mrn, name, bed, admitted_at)
SELECT k, printf('D%04d', k), printf('Due Patient %d', k), printf('%02d', k),
  strftime('%Y-%m-%dT%H:%M:%SZ', '$VIGIL_NOW', '-$((per * 15 + 24 * 60)) minutes') FROM p;
-- Each item with the scores its scale allows (vigil-scale(5) files).
CREATE TEMP TABLE item(scale TEXT, k INTEGER, item TEXT, scores TEXT, PRIMARY KEY (scale, k));
INSERT INTO item VALUES
  ('cows', 0, 'pulse', '[0,1,2,4]'), ('cows', 1, 'sweating', '[0,1,2,3,4]'),
  ('cows', 2, 'restlessness', '[0,1,3,5]'), ('cows', 3, 'pupils', '[0,1,2,5]'),
  ('cows', 4, 'aches', '[0,1,2,4]'), ('cows', 5, 'nose', '[0,1,2,4]'),
  ('cows', 6, 'gi', '[0,1,2,3,5]'), ('cows', 7, 'tremor', '[0,1,2,4]'),
  ('cows', 8, 'yawning', '[0,1,2,4]'), ('cows', 9, 'anxiety', '[0,1,2,4]'),
  ('cows', 10, 'gooseflesh', '[0,3,5]'),
  ('ciwa-ar', 0, 'nausea', '[0,1,2,3,4,5,6,7]'), ('ciwa-ar', 1, 'tremor', '[0,1,2,3,4,5,6,7]'),
  ('ciwa-ar', 2, 'sweats', '[0,1,2,3,4,5,6,7]'), ('ciwa-ar', 3, 'anxiety', '[0,1,2,3,4,5,6,7]'),
  ('ciwa-ar', 4, 'agitation', '[0,1,2,3,4,5,6,7]'),
  ('ciwa-ar', 5, 'tactile', '[0,1,2,3,4,5,6,7]'),
  ('ciwa-ar', 6, 'auditory', '[0,1,2,3,4,5,6,7]'),
  ('ciwa-ar', 7, 'visual', '[0,1,2,3,4,5,6,7]'),
  ('ciwa-ar', 8, 'headache', '[0,1,2,3,4,5,6,7]'),
  ('ciwa-ar', 9, 'orientation', '[0,1,2,3,4]'),
  ('sows', 0, 'anxious', '[0,1,2,3,4]'), ('sows', 1, 'yawning', '[0,1,2,3,4]'),
  ('sows', 2, 'perspiring', '[0,1,2,3,4]'), ('sows', 3, 'tearing', '[0,1,2,3,4]'),
  ('sows', 4, 'nose', '[0,1,2,3,4]'), ('sows', 5, 'goosebumps', '[0,1,2,3,4]'),
  ('sows', 6, 'shaking', '[0,1,2,3,4]'), ('sows', 7, 'hot-flushes', '[0,1,2,3,4]'),
  ('sows', 8, 'cold-flushes', '[0,1,2,3,4]'), ('sows', 9, 'aches', '[0,1,2,3,4]'),
  ('sows', 10, 'restless', '[0,1,2,3,4]'), ('sows', 11, 'nauseous', '[0,1,2,3,4]'),
  ('sows', 12, 'vomiting', '[0,1,2,3,4]'), ('sows', 13, 'twitching', '[0,1,2,3,4]'),
  ('sows', 14, 'cramps', '[0,1,2,3,4]'), ('sows', 15, 'craving', '[0,1,2,3,4]'),
  ('craving', 0, 'craving', '[0,1,2,3,4,5,6,7,8,9,10]');
CREATE TEMP TABLE choice(scale TEXT, k INTEGER, idx INTEGER, score INTEGER, n INTEGER,
  PRIMARY KEY (scale, k, idx));
INSERT INTO choice SELECT it.scale, it.k, j.key, j.value, json_array_length(it.scores)
FROM item it, json_each(it.scores) j;
CREATE TEMP TABLE band(scale TEXT, lo INTEGER, hi INTEGER, key TEXT);
INSERT INTO band VALUES ('cows', 0, 4, 'none'), ('cows', 5, 12, 'mild'),
  ('cows', 13, 24, 'moderate'), ('cows', 25, 36, 'moderately-severe'), ('cows', 37, 48, 'severe'),
  ('ciwa-ar', 0, 9, 'mild'), ('ciwa-ar', 10, 18, 'moderate'), ('ciwa-ar', 19, 67, 'severe');
-- Assessment j of patient pid: the scales in turn every 15 minutes, the
-- latest ending pid + 5 minutes before now; severity lvl 0-4 rises and
-- falls in 12-hour steps over 4 days, then 0 for 4 days, at a different
-- phase per patient.
CREATE TEMP TABLE plan(id INTEGER PRIMARY KEY, pid INTEGER, scale TEXT, at TEXT, lvl INTEGER);
WITH RECURSIVE n(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM n WHERE j < $per)
INSERT INTO plan
SELECT (n.j - 1) * $PATIENTS + pt.id, pt.id,
  CASE n.j % 4 WHEN 1 THEN 'cows' WHEN 2 THEN 'ciwa-ar' WHEN 3 THEN 'sows' ELSE 'craving' END,
  strftime('%Y-%m-%dT%H:%M:%SZ', '$VIGIL_NOW',
           '-' || (($per - n.j) * 15 + pt.id + 5) || ' minutes'),
  CASE WHEN (n.j / 48 + pt.id * 3) % 16 <= 4 THEN (n.j / 48 + pt.id * 3) % 16
       WHEN (n.j / 48 + pt.id * 3) % 16 <= 8 THEN 8 - (n.j / 48 + pt.id * 3) % 16 ELSE 0 END
FROM n, patients pt ORDER BY 1;
-- Each item's score: up to half way along its choices by the level, give
-- or take one (a fixed pseudo-random pick); COWS pulse with a heart rate
-- in the range of its score.
CREATE TEMP VIEW picked AS
SELECT pl.id AS id, it.item AS item, c.score AS score,
  CASE WHEN pl.scale = 'cows' AND it.k = 0 THEN
    CASE c.score WHEN 0 THEN 62 WHEN 1 THEN 81 WHEN 2 THEN 101 ELSE 121 END
    + (pl.id * 31 + 7) % 19 END AS raw
FROM plan pl JOIN item it ON it.scale = pl.scale
JOIN choice c ON c.scale = it.scale AND c.k = it.k
 AND c.idx = max(0, min(c.n - 1, (pl.lvl * (c.n - 1) + 4) / 8
                                 + (pl.id * 7919 + it.k * 104729) % 1009 % 3 - 1));
CREATE TEMP TABLE tot(id INTEGER PRIMARY KEY, total INTEGER);
INSERT INTO tot SELECT id, sum(score) FROM picked GROUP BY id ORDER BY id;
INSERT INTO assessments (id, patient_id, scale, performed_at, entered_at, performer_id,
  entered_by_id, total, max_total, band, late)
SELECT pl.id, pl.pid, pl.scale, pl.at, strftime('%Y-%m-%dT%H:%M:%SZ', pl.at, '+5 minutes'),
  u.id, u.id, t.total,
  CASE pl.scale WHEN 'cows' THEN 48 WHEN 'ciwa-ar' THEN 67 WHEN 'sows' THEN 64 ELSE 10 END,
  coalesce((SELECT b.key FROM band b WHERE b.scale = pl.scale AND t.total BETWEEN b.lo AND b.hi), ''),
  0
FROM plan pl JOIN tot t ON t.id = pl.id, users u WHERE u.name = 'nurse' ORDER BY pl.id;
INSERT INTO assessment_items (assessment_id, item, score, raw_value)
SELECT id, item, score, raw FROM picked;
COMMIT;
SQL
}

# ward_db N: the cached database with N assessments; sets $db.
ward_db() {
	gen_sql "$1" > "$dir/gen.sql"
	sum=$(cksum < "$dir/gen.sql" | cut -d' ' -f1)
	db=$CACHE/due-s$SCHEMA-n$1-$sum.db
	if [ -f "$db" ]; then
		echo "  $(commas "$1") assessments: cached $db"
		return
	fi
	tmp=$CACHE/.due-$$.db
	rm -f "$tmp" "$tmp-wal" "$tmp-shm"
	start=$(now_ns)
	new_db "$tmp"
	sqlite3 "$tmp" < "$dir/gen.sql"
	sqlite3 "$tmp" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	ms=$((($(now_ns) - start) / 1000000))
	[ ! -s "$tmp-wal" ] || { echo "due.sh: $tmp-wal left behind" >&2; exit 1; }
	rm -f "$tmp-wal" "$tmp-shm"
	mv "$tmp" "$db"
	echo "  $(commas "$1") assessments: generated in ${ms} ms, $db"
}

# old_copy DB INDEX: a copy the old vigil opens (user_version 4), keeping
# the assessments_by_scale index or not; sets $old_db.
old_copy() {
	suffix=as-s4; [ "$2" = keep ] || suffix=as-s4-noidx
	old_db=${1%.db}-$suffix.db
	[ -f "$old_db" ] && return
	cp "$1" "$old_db.tmp"
	if [ "$2" = keep ]; then
		sqlite3 "$old_db.tmp" "PRAGMA user_version = 4" >/dev/null
	else
		sqlite3 "$old_db.tmp" "PRAGMA user_version = 4; DROP INDEX assessments_by_scale;" >/dev/null
	fi
	mv "$old_db.tmp" "$old_db"
}

# The old board: 7a5bf59's libvigil.a in a git worktree, and due_bench
# built against its headers.
OLD_BENCH=$OLD/build/due_bench_old
build_old() {
	if [ ! -d "$OLD/.git" ] && [ ! -f "$OLD/.git" ]; then
		git -C "$ROOT" worktree prune
		git -C "$ROOT" worktree add --detach "$OLD" "$OLD_COMMIT" >/dev/null
	fi
	[ "$(git -C "$OLD" rev-parse --short=7 HEAD)" = "$OLD_COMMIT" ] ||
		{ echo "due.sh: $OLD is not at $OLD_COMMIT" >&2; exit 1; }
	make -s -C "$OLD" BUILD=build build/libvigil.a >/dev/null
	${CC:-cc} -std=c11 -O2 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DVIGIL_BENCH_OLD \
		-I"$OLD/include" -I"$OLD/src" -o "$OLD_BENCH" "$ROOT/bench/due_bench.c" \
		"$OLD/build/libvigil.a" $(pkg-config --libs sqlite3 libsodium) -lcsv -lm
}

# pooled NAME FILE...: "MEDIAN MIN MAX" of every run in the "NAME_all"
# lines of the files (due_bench's output, one per process, appended).
pooled() {
	name=$1; shift
	cat "$@" | awk -v n="${name}_all" '$1 == n { for (i = 2; i <= NF; i++) print $i }
		$1 == "login_ms" && n == "login_ms_all" { print $2 }' | sort -g |
		awk '{ v[NR] = $1 } END {
			m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%.2f %.2f %.2f", m, v[1], v[NR] }'
}
med() { echo "$1" | cut -d' ' -f1; }
spread() { echo "$1" | awk '{ printf "min %s, max %s", $2, $3 }'; }

# report TAG: the figures of one file from the runs collected under TAG.
report() {
	f=$dir/$1
	n=$(sqlite3 "$2" "SELECT count(*) FROM assessments")
	items=$(sqlite3 "$2" "SELECT count(*) FROM assessment_items")
	mb=$(($(wc -c < "$2") / 1048576))
	board=$(pooled board_ms "$f.new") ward=$(pooled ward_ms "$f.new")
	prot=$(pooled protocols_ms "$f.new") due=$(pooled due_ms "$f.new")
	oldw=$(pooled old_ward_ms "$f.old")
	echo "$(commas "$n") assessments ($(commas "$items") item rows, $mb MiB), in one process" \
		"(no start-up, no login), $((ROUNDS * RUNS)) runs each:"
	echo "  $(sed -n 's/^# //p' "$f.new" | tail -n 1)"
	echo "  (a) board load, new (protocols + ward): $(med "$board") ms ($(spread "$board"));" \
		"reference old board load $(med "$oldw") ms; ratio $(ratio "$(med "$board")" "$(med "$oldw")")x"
	echo "      of which vigil_ward_load $(med "$ward") ms, vigil_protocols_load $(med "$prot") ms"
	echo "  (b) vigil_due_list: $(med "$due") ms ($(spread "$due")); reference old board load" \
		"$(med "$oldw") ms; ratio $(ratio "$(med "$due")" "$(med "$oldw")")x"
	echo "  (c) old board load ($OLD_COMMIT) on a copy as schema 4: $(med "$oldw") ms" \
		"($(spread "$oldw")); $(sed -n 's/^# //p' "$f.old" | tail -n 1)"
	if [ -s "$f.old2" ]; then
		oldw2=$(pooled old_ward_ms "$f.old2")
		echo "      the same without the new assessments_by_scale index (as a schema 4 file):" \
			"$(med "$oldw2") ms ($(spread "$oldw2")); new board load against it:" \
			"ratio $(ratio "$(med "$board")" "$(med "$oldw2")")x"
	fi
}

echo "vigil due benchmark: $PATIENTS patients x 4 active scales; medians; schema $SCHEMA;" \
	"$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ?)," \
	"$(date -u +%Y-%m-%dT%H:%MZ)"
build_old
ward_db "$BIG"; big=$db
ward_db "$SMALL"; small=$db
old_copy "$big" keep; big_old=$old_db
old_copy "$big" drop; big_old_noidx=$old_db
old_copy "$small" keep; small_old=$old_db

# ROUNDS rounds, each a new process of every kind on both sizes in turn,
# RUNS runs each, so that whatever else the machine does falls on every
# figure alike; the medians pool every run.
for f in big.new big.old big.old2 small.new small.old; do : > "$dir/$f"; done
r=0
while [ "$r" -lt "$ROUNDS" ]; do
	"$BENCH" "$big" nurse bench-nurse "$RUNS" >> "$dir/big.new"
	"$OLD_BENCH" "$big_old" nurse bench-nurse "$RUNS" >> "$dir/big.old"
	"$OLD_BENCH" "$big_old_noidx" nurse bench-nurse "$RUNS" >> "$dir/big.old2"
	"$BENCH" "$small" nurse bench-nurse "$RUNS" >> "$dir/small.new"
	"$OLD_BENCH" "$small_old" nurse bench-nurse "$RUNS" >> "$dir/small.old"
	r=$((r + 1))
done
report big "$big"
b_board=$(med "$board") b_due=$(med "$due") b_old=$(med "$oldw")
report small "$small"
echo "size-independence ($(commas "$BIG") against $(commas "$SMALL") assessments): board load" \
	"$(ratio "$b_board" "$(med "$board")")x, due list $(ratio "$b_due" "$(med "$due")")x," \
	"old board load $(ratio "$b_old" "$(med "$oldw")")x"

# (d) whole commands on the big file, the two in turn.
due_cmd() { VIGIL_USER=nurse VIGIL_PASSWORD=bench-nurse "$VIGIL" --db "$big" due; }
login_cmd() { VIGIL_USER=nurse VIGIL_PASSWORD=bench-nurse "$VIGIL" --db "$empty" patient list; }
rows=$(due_cmd | grep -c '^[ !][^ ]' || true)
rows=$((rows - 1)) # less the header
login_cmd >/dev/null
: > "$dir/due_all"; : > "$dir/login_all"
i=0
while [ "$i" -lt "$CMD_RUNS" ]; do
	start=$(now_ns); due_cmd >/dev/null; end=$(now_ns)
	echo "$(((end - start) / 1000))" >> "$dir/due_all"
	start=$(now_ns); login_cmd >/dev/null; end=$(now_ns)
	echo "$(((end - start) / 1000))" >> "$dir/login_all"
	i=$((i + 1))
done
# ms_stats FILE: "MEDIAN MIN MAX" of microsecond figures, in ms
ms_stats() {
	sort -n "$1" | awk '{ v[NR] = $1 / 1000 } END {
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.2f %.2f %.2f", m, v[1], v[NR] }'
}
c_due=$(ms_stats "$dir/due_all") c_login=$(ms_stats "$dir/login_all")
rest=$(awk -v a="$(med "$c_due")" -v b="$(med "$c_login")" 'BEGIN { printf "%.2f", a - b }')
echo "(d) whole commands, $(commas "$BIG") assessments, $CMD_RUNS runs each in turn after a warm-up:"
echo "  vigil due ($rows rows): $(med "$c_due") ms ($(spread "$c_due")); reference \`vigil patient" \
	"list\` on a ward with no patients (start-up + the same argon2id login): $(med "$c_login") ms" \
	"($(spread "$c_login")); ratio $(ratio "$(med "$c_due")" "$(med "$c_login")")x"
login=$(pooled login_ms "$dir"/big.* "$dir"/small.*)
echo "  vigil due less that reference: ${rest} ms; the argon2id login alone, in one process:" \
	"$(med "$login") ms ($(spread "$login"), $((ROUNDS * 5)) logins)"
