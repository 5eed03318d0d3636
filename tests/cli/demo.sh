#!/bin/sh
# demo: a new database with a plausible ward, the documented logins, and a
# refusal to touch an existing file.
. "$(dirname "$0")/../lib.sh"

export VIGIL_NOW="2026-11-21 12:00"
DB="$T/demo.db"

expect_ok "demo creates a ward" --db "$DB" demo
check "demo: says what it made" \
	[ -n "$(head -n 1 "$T/out" | grep -xE "created demo ward $DB: 10 patients, [0-9]+ assessments, [0-9]+ doses given, [0-9]+ sets of vital signs, [0-9]+ notes")" ]
check "demo: shows the logins" [ "$(sed -n '2,5p' "$T/out")" = "log in as one of (user / password / role):
  admin      demo-admin      admin
  nurse      demo-nurse      nurse
  clinician  demo-clinician  clinician" ]
check "demo: shows how to log in, naming vigil as it was started" grep -qx \
	"for example: VIGIL_PASSWORD=demo-nurse $VIGIL_BIN --db $DB --user nurse history MRN1001" "$T/out"
check "demo: the file is private (0600)" [ "$(stat -c %a "$DB")" = 600 ]
n=$(head -n 1 "$T/out" | sed 's/.*patients, \([0-9]*\) assessments.*/\1/')
check "demo: the count printed is the count stored" [ "$(sql "$DB" 'SELECT count(*) FROM assessments')" = "$n" ]
doses=$(head -n 1 "$T/out" | sed 's/.* \([0-9]*\) doses given.*/\1/')
check "demo: the doses printed are the doses stored" \
	[ "$(sql "$DB" "SELECT count(*) FROM chart_entries WHERE kind = 'dose'")" = "$doses" ]
notes=$(head -n 1 "$T/out" | sed 's/.* \([0-9]*\) notes$/\1/')
check "demo: the notes printed are the notes stored" \
	[ "$(sql "$DB" "SELECT count(*) FROM chart_entries WHERE kind = 'note'")" = "$notes" ]
check "demo: PRN doses, each given for a score, in the drug list" \
	[ "$(sql "$DB" "SELECT count(*) FROM chart_entries WHERE kind = 'dose' AND (dose_kind <> 'prn' OR reason NOT GLOB '* [0-9]*' OR drug NOT IN ('buprenorphine', 'chlordiazepoxide'))")" = 0 ]
check "demo: every patient but one has a last use recorded" \
	[ "$(sql "$DB" "SELECT count(DISTINCT patient_id) FROM chart_entries WHERE kind = 'last-use'")" = 9 ]
check "demo: every dose was reassessed in time (nothing in the demo starts overdue from a dose)" \
	[ -z "$(VIGIL_USER=nurse VIGIL_PASSWORD=demo-nurse "$VIGIL_BIN" --db "$DB" due | grep 'after .* at ')" ]
check "demo: no chart entry is marked late" [ "$(sql "$DB" 'SELECT count(*) FROM chart_entries WHERE late')" = 0 ]
check "demo: 2-3 days of assessments" \
	[ "$(sql "$DB" "SELECT (julianday(max(performed_at)) - julianday(min(performed_at))) BETWEEN 1.5 AND 3.5 FROM assessments")" = 1 ]
check "demo: nothing recorded is marked late" [ "$(sql "$DB" 'SELECT count(*) FROM assessments WHERE late')" = 0 ]
check "demo: nothing after now" \
	[ "$(sql "$DB" "SELECT count(*) FROM assessments WHERE performed_at > '2026-11-21T12:00:00Z'")" = 0 ]
# Withdrawal rises and falls: every patient's highest total comes after the
# first assessment; those admitted long enough are easing by the last one.
RISE_FALL="WITH main AS (SELECT patient_id, total, performed_at FROM assessments
	              WHERE scale IN ('cows', 'ciwa-ar')),
	     peak AS (SELECT patient_id, max(total) AS top FROM main GROUP BY patient_id),
	     ends AS (SELECT patient_id, min(performed_at) AS first, max(performed_at) AS last
	              FROM main GROUP BY patient_id)
	SELECT count(*) FROM peak JOIN ends USING (patient_id) WHERE
	  top > (SELECT total FROM main m WHERE m.patient_id = peak.patient_id AND performed_at = first)"
check "demo: every patient's withdrawal rises" [ "$(sql "$DB" "$RISE_FALL")" = 10 ]
check "demo: most patients' withdrawal falls again" [ "$(sql "$DB" "$RISE_FALL AND
	  top > (SELECT total FROM main m WHERE m.patient_id = peak.patient_id AND performed_at = last)")" -ge 6 ]

as nurse demo-nurse
expect_ok "demo: the nurse logs in with demo-nurse" --db "$DB" patient list
check "demo: 10 patients on the ward" [ "$(tail -n +2 "$T/out" | wc -l)" = 10 ]
expect_ok "demo: history of MRN1001" --db "$DB" history MRN1001
# (a heart rate taken with an assessment follows it at the same time)
check "demo: history newest first" [ ! "$(sed -n '2p' "$T/out" | cut -c7-22)" \< "$(sed -n '3p' "$T/out" | cut -c7-22)" ]
check "demo: history fits 80 columns" [ "$(widest "$T/out")" -le 80 ]
expect_ok "demo: the nurse records" --db "$DB" record MRN1001 craving craving=2
as clinician demo-clinician
expect_ok "demo: the clinician logs in with demo-clinician" --db "$DB" history MRN1005 --scale ciwa-ar
check "demo: MRN1005 is scored on CIWA-Ar" grep -q ' CIWA-Ar ' "$T/out"
as admin demo-admin
expect_ok "demo: the admin logs in with demo-admin" --db "$DB" user list
check "demo: three accounts" [ "$(tail -n +2 "$T/out" | awk '{print $1 "/" $2}' | tr '\n' ' ')" = "admin/admin clinician/clinician nurse/nurse " ]
expect_ok "demo: the audit log verifies" --db "$DB" audit verify
as nurse demo-admin
expect_fail "demo: passwords are per account" 1 "vigil: unknown user or wrong password (or the account is locked or disabled)" \
	--db "$DB" patient list

sum=$(filesum "$DB")
expect_fail "demo refuses an existing database" 1 \
	"vigil: $DB: a database is already there; it was not changed" --db "$DB" demo
check "demo: the existing file is byte-for-byte unchanged" [ "$(filesum "$DB")" = "$sum" ]
: >"$T/empty.db"
expect_fail "demo refuses any existing file" 1 \
	"vigil: $T/empty.db: a database is already there; it was not changed" --db "$T/empty.db" demo
check "demo: the empty file stays empty" [ ! -s "$T/empty.db" ]
expect_fail "demo: unexpected argument" 2 "vigil demo: unexpected argument 'big' (see 'vigil demo --help')" \
	--db "$T/other.db" demo big
check "demo: nothing made by a refused demo" [ ! -e "$T/other.db" ]

# The same clock gives the same ward.
expect_ok "demo: again on another path" --db "$T/again.db" demo
check "demo: the same now gives the same ward" [ "$(sql "$DB" "SELECT group_concat(total) FROM assessments WHERE id <= $n")" = "$(sql "$T/again.db" 'SELECT group_concat(total) FROM assessments')" ]

finish
