#!/bin/sh
# Races: a rule that reads other rows (is the patient discharged? is the
# scale monitored?) is checked under the write lock, together with the write
# it allows. Made deterministic by another program (the sqlite3 shell)
# holding the write lock and changing the patient while vigil waits.
. "$(dirname "$0")/../lib.sh"

export VIGIL_NOW="2026-11-21 12:00" VIGIL_BUSY_TIMEOUT=20000
DB="$T/ward.db"
export VIGIL_NEW_PASSWORD=boss-password
v --db "$DB" init --training --admin boss
as boss boss-password
export VIGIL_NEW_PASSWORD=nina-password
v --db "$DB" user add nina --role nurse
as nina nina-password
v --db "$DB" patient admit MRN1001 --name "Alex Morgan" --bed 4 --at "2026-11-21 08:00"
v --db "$DB" patient admit MRN1002 --name "Jordan Ellis" --bed 5 --at "2026-11-21 08:00"
v --db "$DB" record MRN1002 cows pulse=1 sweating=1 restlessness=1 pupils=1 aches=1 nose=1 gi=1 \
	tremor=1 yawning=1 anxiety=1 gooseflesh=0 --at "2026-11-21 11:00"
check "setup: two patients, one assessed" [ "$(sql "$DB" 'SELECT count(*) FROM assessments')" = 1 ]

# Holds the write lock with the sqlite3 shell, runs SQL in it, and starts a
# vigil command that must wait for the lock; then commits. The command's
# output lands in $T/out and $T/err, its status in $T/status.
race() {
	sql_in_lock=$1
	shift
	rm -f "$T/fifo" "$T/status"
	mkfifo "$T/fifo"
	sqlite3 "$DB" <"$T/fifo" >"$T/shell.out" 2>&1 &
	shell=$!
	exec 3>"$T/fifo"
	printf '.timeout 20000\nBEGIN IMMEDIATE;\n%s\nSELECT '"'"'held'"'"';\n' "$sql_in_lock" >&3
	i=0
	while ! grep -q held "$T/shell.out" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	( "$VIGIL_BIN" "$@" >"$T/out" 2>"$T/err"; echo $? >"$T/status" ) &
	cmd=$!
	sleep 1.5 # long enough for vigil to read what it reads before it waits
	printf 'COMMIT;\n' >&3
	exec 3>&-
	wait $shell
	wait $cmd
}

# Another program discharges MRN1001 while vigil records: the record waits
# for the lock and then finds the patient discharged.
race "UPDATE patients SET discharged_at = '2026-11-21T11:59:00Z' WHERE mrn = 'MRN1001';" \
	--db "$DB" record MRN1001 cows pulse=1 sweating=1 restlessness=1 pupils=1 aches=1 nose=1 \
	gi=1 tremor=1 yawning=1 anxiety=1 gooseflesh=0
check "record during a discharge: refused" [ "$(cat "$T/status")" = 1 ]
check "...saying the patient has been discharged" grep -qx "vigil: patient MRN1001 has been discharged" "$T/err"
check "...and no assessment dated after the discharge" \
	[ "$(sql "$DB" "SELECT count(*) FROM assessments a JOIN patients p ON p.id = a.patient_id WHERE p.discharged_at IS NOT NULL AND a.performed_at > p.discharged_at")" = 0 ]

# The other way round: an assessment lands while vigil discharges at a time
# before it; the discharge then sees it and is refused.
race "INSERT INTO assessments (patient_id, scale, performed_at, entered_at, performer_id, entered_by_id, total, max_total, band, late) SELECT id, 'craving', '2026-11-21T11:58:00Z', '2026-11-21T11:58:00Z', 2, 2, 3, 10, '', 0 FROM patients WHERE mrn = 'MRN1002';" \
	--db "$DB" patient discharge MRN1002 --at "2026-11-21 11:30"
check "discharge while an assessment lands: refused" [ "$(cat "$T/status")" = 1 ]
check "...naming the last assessment" grep -q "discharge time is before their last assessment" "$T/err"
check "...and the patient stays on the ward" \
	[ "$(sql "$DB" "SELECT discharged_at IS NULL FROM patients WHERE mrn = 'MRN1002'")" = 1 ]

# Monitoring stopped by another program while vigil records a not-done.
v --db "$DB" monitor MRN1002 ciwa-ar
race "INSERT INTO monitoring (patient_id, scale, action, at, by_id, reason) SELECT id, 'ciwa-ar', 'stop', '2026-11-21T12:00:00Z', 2, 'done' FROM patients WHERE mrn = 'MRN1002';" \
	--db "$DB" skip MRN1002 ciwa-ar --why asleep
check "not done while monitoring stops: refused" [ "$(cat "$T/status")" = 1 ]
check "...the scale is no longer monitored" grep -q "CIWA-Ar is not monitored for MRN1002" "$T/err"
check "...and nothing was recorded" [ "$(sql "$DB" 'SELECT count(*) FROM not_done')" = 0 ]

# ---- twenty wrong passwords at once: at most three are checked -----------------
# Each login claims its try under the write lock before the password is
# checked, so however many run together, the lock comes after the third.
i=0
while [ $i -lt 20 ]; do
	VIGIL_USER=nina VIGIL_PASSWORD="wrong-$i" "$VIGIL_BIN" --db "$DB" patient list \
		>"$T/par-$i.out" 2>"$T/par-$i.err" &
	i=$((i + 1))
done
wait
refused=$(cat "$T"/par-*.err | grep -c '^vigil: unknown user or wrong password (or the account is locked or disabled)$')
check "20 wrong passwords at once: every one refused alike" [ "$refused" = 20 ]
check "... and only 3 were checked (counted in the log); the account is locked" \
	[ "$(sql "$DB" "SELECT count(*) FROM audit_log WHERE action = 'login-try' AND entity_id = (SELECT id FROM users WHERE name = 'nina')") $(sql "$DB" "SELECT failed_logins, locked_until IS NOT NULL FROM users WHERE name = 'nina'")" = "3 3|1" ]
as nina nina-password
expect_fail "... so even her right password is refused now" 1 \
	"vigil: unknown user or wrong password (or the account is locked or disabled)" --db "$DB" patient list

finish
