#!/bin/sh
# bench/tui.sh - the terminal interface's figures (issue 3):
#   1. loading and drawing the ward board: 40 patients, 200,000 assessments;
#   2. opening a patient with 5,000 COWS assessments (query, the selected
#      one's items, drawing the chart and history);
#   3. the keys for a full COWS from the board to saved, typed into the real
#      program in tmux.
# 1 and 2 run inside vigil (VIGIL_TUI_BENCH=MRN): the real core calls, then
# a full repaint of an 80x24 curses screen whose output goes to /dev/null.
# The assessments are bulk-inserted by the sqlite3 shell in one transaction
# (the audit chain does not cover them: fine for timing, `audit verify`
# would flag them).
# Usage: sh bench/tui.sh [path/to/vigil]      RUNS=20 by default
set -eu
VIGIL=${1:-build/vigil}
case $VIGIL in /*) ;; *) VIGIL=$PWD/$VIGIL ;; esac
RUNS=${RUNS:-20}
PATIENTS=40
PER_PATIENT=5000 # 40 x 5,000 = 200,000
dir=$(mktemp -d)
sock="vigil-bench-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$dir"' EXIT
trap 'exit 2' INT TERM
db=$dir/ward.db
export TZ=UTC LC_ALL=C.UTF-8 VIGIL_NOW=2026-11-21T12:00:00Z
unset VIGIL_DB VIGIL_SCALES VIGIL_CONFIG VIGIL_IDLE_SECONDS NO_COLOR

VIGIL_NEW_PASSWORD=bench-admin "$VIGIL" --db "$db" init --training --admin admin >/dev/null
VIGIL_USER=admin VIGIL_PASSWORD=bench-admin VIGIL_NEW_PASSWORD=bench-nurse \
	"$VIGIL" --db "$db" user add nurse --role nurse >/dev/null

gen_start=$(date +%s%N)
# Patients B0001..B0040 in beds 01..40, admitted 5,000 hours ago. B0001 has
# only COWS; every fifth patient is on CIWA-Ar with craving ratings between;
# the others have COWS with a craving rating every fourth time.
sqlite3 "$db" <<SQL
PRAGMA foreign_keys = ON;
BEGIN;
WITH RECURSIVE p(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM p WHERE k < $PATIENTS)
INSERT INTO patients (mrn, name, bed, admitted_at)
SELECT printf('B%04d', k), printf('Bench Patient %d', k), printf('%02d', k),
  strftime('%Y-%m-%dT%H:%M:%SZ', '$VIGIL_NOW', '-$((PER_PATIENT + 1)) hours') FROM p;
CREATE TEMP TABLE plan AS
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $PER_PATIENT)
SELECT pt.id AS pid, n.i AS i,
  CASE WHEN pt.mrn = 'B0001' THEN 'cows'
       WHEN pt.id % 5 = 0 THEN CASE WHEN n.i % 3 = 0 THEN 'craving' ELSE 'ciwa-ar' END
       WHEN n.i % 4 = 0 THEN 'craving' ELSE 'cows' END AS scale
FROM patients pt, n;
INSERT INTO assessments (patient_id, scale, performed_at, entered_at, performer_id,
  entered_by_id, total, max_total, band, late)
SELECT pid, scale,
  strftime('%Y-%m-%dT%H:%M:%SZ', '$VIGIL_NOW', '-' || ($PER_PATIENT - i) || ' hours',
           '-' || (pid % 50) || ' minutes'),
  strftime('%Y-%m-%dT%H:%M:%SZ', '$VIGIL_NOW', '-' || ($PER_PATIENT - i) || ' hours',
           '-' || (pid % 50) || ' minutes', '+5 minutes'),
  2, 2,
  CASE scale WHEN 'cows' THEN (i * 7 + pid) % 30 WHEN 'ciwa-ar' THEN (i * 5 + pid) % 25
             ELSE (i + pid) % 11 END,
  CASE scale WHEN 'cows' THEN 48 WHEN 'ciwa-ar' THEN 67 ELSE 10 END,
  CASE scale
    WHEN 'cows' THEN CASE WHEN (i * 7 + pid) % 30 <= 4 THEN 'none'
      WHEN (i * 7 + pid) % 30 <= 12 THEN 'mild' WHEN (i * 7 + pid) % 30 <= 24 THEN 'moderate'
      ELSE 'moderately-severe' END
    WHEN 'ciwa-ar' THEN CASE WHEN (i * 5 + pid) % 25 <= 9 THEN 'mild'
      WHEN (i * 5 + pid) % 25 <= 18 THEN 'moderate' ELSE 'severe' END
    ELSE '' END, 0
FROM plan ORDER BY i, pid;
CREATE TEMP TABLE items(scale TEXT, item TEXT, score INTEGER, raw INTEGER);
INSERT INTO items VALUES ('cows', 'pulse', 1, 92), ('cows', 'sweating', 1, NULL),
  ('cows', 'restlessness', 1, NULL), ('cows', 'pupils', 1, NULL), ('cows', 'aches', 1, NULL),
  ('cows', 'nose', 1, NULL), ('cows', 'gi', 1, NULL), ('cows', 'tremor', 1, NULL),
  ('cows', 'yawning', 1, NULL), ('cows', 'anxiety', 0, NULL), ('cows', 'gooseflesh', 0, NULL),
  ('ciwa-ar', 'nausea', 1, NULL), ('ciwa-ar', 'tremor', 1, NULL),
  ('ciwa-ar', 'sweats', 1, NULL), ('ciwa-ar', 'anxiety', 1, NULL),
  ('ciwa-ar', 'agitation', 1, NULL), ('ciwa-ar', 'tactile', 0, NULL),
  ('ciwa-ar', 'auditory', 0, NULL), ('ciwa-ar', 'visual', 0, NULL),
  ('ciwa-ar', 'headache', 1, NULL), ('ciwa-ar', 'orientation', 0, NULL),
  ('craving', 'craving', 5, NULL);
INSERT INTO assessment_items (assessment_id, item, score, raw_value)
SELECT a.id, it.item, it.score, it.raw FROM assessments a JOIN items it ON it.scale = a.scale;
COMMIT;
SQL
gen_ms=$((($(date +%s%N) - gen_start) / 1000000))
count=$(sqlite3 "$db" "SELECT count(*) FROM assessments")
b1=$(sqlite3 "$db" "SELECT count(*) FROM assessments a JOIN patients p ON p.id = a.patient_id
	WHERE p.mrn = 'B0001' AND a.scale = 'cows'")
echo "vigil TUI benchmark: $PATIENTS patients, $count assessments (B0001: $b1 COWS);" \
	"generated in ${gen_ms} ms; $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"

# 1 and 2: inside vigil, RUNS times each.
VIGIL_TUI_BENCH=B0001 VIGIL_TUI_BENCH_RUNS=$RUNS VIGIL_USER=nurse VIGIL_PASSWORD=bench-nurse \
	"$VIGIL" --db "$db"

# 3: a full COWS from the board, key by key, in a real terminal.
if command -v tmux >/dev/null; then
	tmux -L "$sock" -f /dev/null new-session -d -x 80 -y 24 \
		"VIGIL_USER=nurse VIGIL_PASSWORD=bench-nurse '$VIGIL' --db '$db'; sleep 60"
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
fi
