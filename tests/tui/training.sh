#!/bin/sh
# A training database says so on every screen: the demo ward's header, from
# the login on, and its login box say TRAINING, and its handover starts with
# "TRAINING DATABASE: not patient data". A ward's database (on the real
# clock: it refuses VIGIL_NOW) says neither. Both handovers end with the
# witness: the ward key and the head of the audit log when it was loaded.
. "$(dirname "$0")/lib/tui.sh"
tui_demo

# head_of DB: the last audit entry, as SEQ:HASH.
head_of() {
	sqlite3 "$1" "SELECT seq || ':' || hash FROM audit_log ORDER BY seq DESC LIMIT 1"
}

KEY=$(tui_cli admin audit verify | sed -n 's/^ward key //p')
tui_start
check "the login screen's header says TRAINING before the ward's name" \
	tui_wait_re '^ vigil \| TRAINING \| ward \| Login '
check "...and so does the login box" tui_shows "TRAINING | ward"
tui_login nurse demo-nurse
check "the board's header says TRAINING" \
	tui_wait_re '^ vigil \| TRAINING \| ward \| Board: 10 patients, [0-9]+ overdue, by bed +nurse \| 14:30$'
tui_keys h
check "the handover's first line: a training database, not patient data" \
	tui_wait_re '^TRAINING DATABASE: not patient data *$'
check "...then the shift" tui_shows_re '^day shift of 2026-11-21: 07:00 to 19:00 \(12h 00m\), under way +[0-9]+ patients?$'
check "...its header still says TRAINING" tui_shows_re '^ vigil \| TRAINING \| ward \| Handover '
check "...it ends with the ward key" tui_shows_re "^ward key $KEY *\$"
check "...and the head of the audit log" tui_shows_re "^head $(head_of "$DB") *\$"
tui_keys q q
check "q q: quits cleanly" tui_wait "[vigil exited 0, terminal restored]"

# ---- a ward's database ------------------------------------------------------------
unset VIGIL_NOW
DB="$WORK/real.db"
REAL_KEY=$(VIGIL_NEW_PASSWORD=boss-password "$VIGIL_BIN" --db "$DB" init --admin boss |
	sed -n 's/^ward key \([0-9a-f ]*\) (keep it.*/\1/p')
VIGIL_USER=boss VIGIL_PASSWORD=boss-password VIGIL_NEW_PASSWORD=ann-password \
	"$VIGIL_BIN" --db "$DB" user add ann --role nurse >/dev/null
tui_start VIGIL_USER=ann VIGIL_PASSWORD=ann-password
check "a ward's board: the header names the ward, no TRAINING" \
	tui_wait_re '^ vigil \| real \| Board: 0 patients, 0 overdue, by bed '
check "...nowhere on the screen" not tui_shows "TRAINING"
tui_keys h
# On the real clock: a night's title may be cut before "under way".
check "its handover starts with the shift" tui_wait_re '^(day|night) shift of [0-9-]+: .* 0 patients$'
check "...says TRAINING nowhere" not tui_shows "TRAINING"
check "...and ends with the key init printed" tui_shows_re "^ward key $REAL_KEY *\$"
check "...and the head" tui_shows_re "^head $(head_of "$DB") *\$"
check "...the ward key is the one init printed" [ "${#REAL_KEY}" = 39 ]
tui_keys q q
check "q q: quits cleanly" tui_wait "[vigil exited 0, terminal restored]"
tui_done
