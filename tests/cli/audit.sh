#!/bin/sh
# audit verify: passes on an intact ward; after someone changes the file
# with the sqlite3 shell (as an attacker would: dropping the append-only
# triggers first), it fails naming the first thing that does not match.
. "$(dirname "$0")/../lib.sh"

export VIGIL_NOW="2026-11-21 12:00"
DB="$T/ward.db"
export VIGIL_NEW_PASSWORD=boss-password
v --db "$DB" init --training --admin boss
as boss boss-password
export VIGIL_NEW_PASSWORD=nina-password
v --db "$DB" user add nina --role nurse
export VIGIL_NEW_PASSWORD=cleo-password
v --db "$DB" user add cleo --role clinician
as nina nina-password
v --db "$DB" patient admit MRN1001 --name "Alex Morgan" --at "2026-11-21 06:00"
v --db "$DB" patient admit MRN1002 --name "Jordan Ellis" --at "2026-11-21 06:00"
v --db "$DB" record MRN1001 cows hr=112 sweating=2 restlessness=3 pupils=2 aches=1 nose=1 gi=2 tremor=1 yawning=1 anxiety=0 gooseflesh=0 --at "2026-11-21 08:00"
v --db "$DB" record MRN1002 craving craving=6
v --db "$DB" amend 1 gi=3 --reason "recount"
v --db "$DB" void 2 --reason "wrong patient"
check "setup: 16 audited changes (the kind of database, 4 pinned scales and the heart rate the COWS pulse measured, with its correction, among them)" \
	[ "$(sql "$DB" 'SELECT count(*) FROM audit_log')" = 16 ]

# ---- intact ----------------------------------------------------------------
as boss boss-password
head=$(sql "$DB" 'SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1')
# A training database's init keeps quiet about its key; verify names it
# (on a copy: the verify that passes writes a checkpoint into the log).
cp "$DB" "$T/keycopy.db"
v --db "$T/keycopy.db" audit verify
key=$(sed -n 's/^ward key //p' "$T/out")
expect_out "verify passes on an intact ward, saying what was checked" "audit log intact: 16 entries, in order, each linked to the one before
and matching its own hash; 16 signed, every signature by the key its
user had at that point.
Tables, indexes and triggers are as shipped.
Every stored record is as the log last wrote it (16 in all):
  3 users
  1 setting
  4 installed scale definitions
  2 patients
  3 assessments with their item scores
  1 assessment marked entered in error
  2 doses, vital signs, notes and last uses
ward key $key
head 16:$head
(keep it outside the database: 'vigil audit verify --witness FILE'
with it later shows that nothing was cut, rolled back or rewritten)
checkpoint written: entry 17 ('vigil audit verify --since-checkpoint'
starts from it)" --db "$DB" audit verify
check "... as the log's last entry, signed by the admin" \
	[ "$(sql "$DB" "SELECT seq, actor, action, entity, entity_id, sig IS NOT NULL FROM audit_log ORDER BY seq DESC LIMIT 1")" = "17|boss|checkpoint|checkpoint|16|1" ]
v --db "$DB" audit verify
check "a verify with nothing new since the checkpoint writes none" \
	[ "$rc" = 0 -a "$(sql "$DB" 'SELECT max(seq) FROM audit_log')" = 17 -a "$(tail -1 "$T/out")" = "with it later shows that nothing was cut, rolled back or rewritten)" ]
check "verify names the ward key" [ -n "$(echo "$key" | grep -xE '([0-9a-f]{4} ){7}[0-9a-f]{4}')" ]
check "the head is a 64-digit hex hash" [ -n "$(echo "$head" | grep -xE '[0-9a-f]{64}')" ]
as nina nina-password
expect_refused "$DB" "verify: a nurse may not" 1 \
	"vigil: nina (nurse) may not verify the audit log: it needs the admin role" --db "$DB" audit verify
as cleo cleo-password
expect_refused "$DB" "verify: a clinician may not" 1 \
	"vigil: cleo (clinician) may not verify the audit log: it needs the admin role" \
	--db "$DB" audit verify
as boss boss-password
expect_fail "verify: unexpected argument" 2 \
	"vigil audit verify: unexpected argument 'now' (see 'vigil audit verify --help')" \
	--db "$DB" audit verify now

# ---- the triggers stop plain changes ----------------------------------------
for stmt in "UPDATE assessments SET total = 0 WHERE id = 1|assessments" \
	"DELETE FROM assessments WHERE id = 2|assessments" \
	"UPDATE assessment_items SET score = 0|assessment_items" \
	"DELETE FROM voids|voids" \
	"UPDATE audit_log SET detail = '' WHERE seq = 1|audit_log" \
	"DELETE FROM audit_log WHERE seq = 9|audit_log" \
	"REPLACE INTO assessments SELECT * FROM assessments WHERE id = 1|assessments" \
	"REPLACE INTO audit_log SELECT * FROM audit_log WHERE seq = 1|audit_log"; do
	s=${stmt%|*} table=${stmt#*|}
	before=$(snap "$DB")
	msg=$(sqlite3 "$DB" "$s" 2>&1)
	if [ "$(snap "$DB")" = "$before" ] && echo "$msg" | grep -q "$table is append-only"; then
		ok "sqlite3 refuses: $s"
	else
		not_ok "sqlite3 refuses: $s" "$msg"
	fi
done

# ---- tampering is caught ----------------------------------------------------
# tamper DESC SQL MESSAGE: on a copy, run SQL with the sqlite3 shell, then
# verify must exit 1 with MESSAGE.
n=0
tamper() {
	n=$((n + 1))
	copy="$T/tampered-$n.db"
	cp "$DB" "$copy"
	if ! sqlite3 "$copy" "$2"; then
		not_ok "$1" "the sqlite3 shell refused: $2"
		return
	fi
	triggers_back "$DB" "$copy"
	expect_fail "$1" 1 "vigil: audit verify failed: $3" --db "$copy" audit verify
}

DIFFERS="differs from what the audit log says was written (changed outside vigil)"
tamper "caught: an assessment's total changed" \
	"DROP TRIGGER assessments_no_update; UPDATE assessments SET total = 4, band = 'none' WHERE id = 3" \
	"assessment 3: $DIFFERS"
tamper "caught: an item score changed" \
	"DROP TRIGGER assessment_items_no_update; UPDATE assessment_items SET score = 0 WHERE assessment_id = 1 AND item = 'restlessness'" \
	"assessment 1: $DIFFERS"
tamper "caught: a measured heart rate changed" \
	"DROP TRIGGER assessment_items_no_update; UPDATE assessment_items SET raw_value = 76 WHERE item = 'pulse' AND assessment_id = 3" \
	"assessment 3: $DIFFERS"
tamper "caught: a patient's name changed" \
	"UPDATE patients SET name = 'Someone Else' WHERE mrn = 'MRN1001'" "patient 1: $DIFFERS"
tamper "caught: a patient deleted" "DELETE FROM patients WHERE mrn = 'MRN1002'" \
	"patient 2: in the audit log (row 10) but missing from the database (deleted outside vigil)"
tamper "caught: an assessment deleted" \
	"DROP TRIGGER assessments_no_delete; DELETE FROM assessments WHERE id = 2" \
	"assessment 2: in the audit log (row 13) but missing from the database (deleted outside vigil)"
tamper "caught: an assessment added without the log" \
	"INSERT INTO assessments (patient_id, scale, performed_at, entered_at, performer_id, entered_by_id, total, max_total, band, late) VALUES (1, 'craving', '2026-11-21T11:00:00Z', '2026-11-21T11:00:00Z', 2, 2, 0, 10, '', 0)" \
	"assessment 4: not in the audit log (added outside vigil)"
tamper "caught: a void removed" "DROP TRIGGER voids_no_delete; DELETE FROM voids" \
	"void 2: in the audit log (row 16) but missing from the database (deleted outside vigil)"
tamper "caught: an audit row's detail edited" \
	"DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = replace(detail, 'Alex', 'Alan') WHERE seq = 9" \
	"audit log row 9: contents do not match its hash (edited)"
tamper "caught: a middle audit row deleted" \
	"DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 6" \
	"audit log: row 6 is missing (row 7 follows row 5)"
tamper "caught: a user's role changed" "UPDATE users SET role = 'admin' WHERE name = 'nina'" \
	"user 2: $DIFFERS"
tamper "caught: a user's password hash replaced" \
	"UPDATE users SET pw_hash = (SELECT pw_hash FROM users WHERE name = 'boss') WHERE name = 'cleo'" \
	"user 3: $DIFFERS"
tamper "caught: a user disabled outside vigil" \
	"UPDATE users SET disabled = 1 WHERE name = 'cleo'" "user 3: $DIFFERS"
tamper "caught: a lock-out count reset" \
	"UPDATE users SET failed_logins = 0 WHERE name = 'nina'; UPDATE users SET failed_logins = 2 WHERE name = 'cleo'" \
	"user 3: $DIFFERS"

# A trigger dropped and left dropped: the schema is not as shipped.
n=$((n + 1))
cp "$DB" "$T/notrigger.db"
sqlite3 "$T/notrigger.db" "DROP TRIGGER assessments_no_update"
expect_fail "caught: an append-only trigger dropped" 1 \
	"vigil: audit verify failed: schema: trigger assessments_no_update is missing (dropped outside vigil)" \
	--db "$T/notrigger.db" audit verify

# ---- a correction and a void exclude each other, even for other programs ------
for stmt in "INSERT INTO voids VALUES (1, 2, '2026-11-21T12:00:00Z', 'x')|voids: assessment already amended" \
	"INSERT INTO assessments (patient_id, scale, performed_at, entered_at, performer_id, entered_by_id, total, max_total, band, late, supersedes_id) VALUES (2, 'craving', '2026-11-21T12:00:00Z', '2026-11-21T12:00:00Z', 2, 2, 1, 10, '', 0, 2)|assessments: correcting a voided assessment"; do
	s=${stmt%|*} want=${stmt#*|}
	before=$(snap "$DB")
	msg=$(sqlite3 "$DB" "$s" 2>&1)
	if [ "$(snap "$DB")" = "$before" ] && echo "$msg" | grep -q "$want"; then
		ok "sqlite3 refuses: $want"
	else
		not_ok "sqlite3 refuses: $want" "$msg"
	fi
done

# ---- a change made outside vigil is never laundered by a later action -------
n=$((n + 1))
copy="$T/launder-$n.db"
cp "$DB" "$copy"
sqlite3 "$copy" "UPDATE users SET role = 'admin' WHERE name = 'nina';
	UPDATE patients SET name = 'Someone Else' WHERE mrn = 'MRN1002'"
UNCHANGED="nothing was changed: an admin should run 'vigil audit verify'"
as nina nina-password
expect_refused "$copy" "a tampered user cannot log in" 1 \
	"vigil: user 2 differs from the audit log (changed outside vigil); $UNCHANGED" \
	--db "$copy" patient list
as cleo cleo-password
expect_refused "$copy" "a tampered patient cannot be discharged" 1 \
	"vigil: patient 2 differs from the audit log (changed outside vigil); $UNCHANGED" \
	--db "$copy" patient discharge MRN1002
as boss boss-password
expect_refused "$copy" "a tampered user cannot be disabled" 1 \
	"vigil: user 2 differs from the audit log (changed outside vigil); $UNCHANGED" \
	--db "$copy" user disable nina
expect_fail "verify still names the change" 1 "vigil: audit verify failed: user 2: $DIFFERS" \
	--db "$copy" audit verify

# ---- nothing is shown or built on a record changed outside vigil (issue 8) ----
# A forged total (or item, or mark) is refused by name: show, amend and void
# exit 1 and store nothing.
NOT_USED="does not match the audit log (changed outside vigil); not shown or changed: an admin should verify the audit log"
forge() { # forge NAME SQL: a copy of the ward changed with the sqlite3 shell
	copy="$T/forged-$1.db"
	cp "$DB" "$copy"
	sqlite3 "$copy" "$2" || not_ok "forge $1: the sqlite3 shell refused: $2"
}
as nina nina-password
forge total "DROP TRIGGER assessments_no_update; UPDATE assessments SET total = 4, band = 'none' WHERE id = 3"
expect_refused "$copy" "a forged total: show refuses, naming it" 1 \
	"vigil: assessment 3 $NOT_USED" --db "$copy" show 3
expect_refused "$copy" "a forged total: amend builds nothing on it" 1 \
	"vigil: assessment 3 $NOT_USED" --db "$copy" amend 3 gi=0 --reason "recount"
expect_refused "$copy" "a forged total: void refuses it" 1 \
	"vigil: assessment 3 $NOT_USED" --db "$copy" void 3 --reason "wrong patient"
expect_refused "$copy" "the assessment it corrects is not shown with a forged correction" 1 \
	"vigil: assessment 3 (the correction of 1) $NOT_USED" --db "$copy" show 1
expect_ok "a record not touched still shows" --db "$copy" show 2
forge item "DROP TRIGGER assessment_items_no_update; UPDATE assessment_items SET score = 0 WHERE assessment_id = 3 AND item = 'gi'"
expect_refused "$copy" "a forged item score: show refuses" 1 \
	"vigil: assessment 3 $NOT_USED" --db "$copy" show 3
expect_refused "$copy" "a forged item score: amend refuses" 1 \
	"vigil: assessment 3 $NOT_USED" --db "$copy" amend 3 gi=0 --reason "recount"
forge mark "DROP TRIGGER voids_no_update; UPDATE voids SET reason = 'duplicate'"
expect_refused "$copy" "a forged entered-in-error mark: show refuses" 1 \
	"vigil: the entered-in-error mark on assessment 2 $NOT_USED" --db "$copy" show 2
forge added "INSERT INTO assessments (patient_id, scale, performed_at, entered_at, performer_id, entered_by_id, total, max_total, band, late) VALUES (1, 'craving', '2026-11-21T11:00:00Z', '2026-11-21T11:00:00Z', 2, 2, 0, 10, '', 0)"
expect_refused "$copy" "an assessment added outside vigil: show refuses" 1 \
	"vigil: assessment 4 $NOT_USED" --db "$copy" show 4
expect_refused "$copy" "an assessment added outside vigil: void refuses" 1 \
	"vigil: assessment 4 $NOT_USED" --db "$copy" void 4 --reason "not ours"

# The same for a reassessment not done (N1).
copy="$T/forged-not-done.db"
cp "$DB" "$copy"
v --db "$copy" skip MRN1001 cows --why refused
check "forged not-done: recorded N1" [ "$rc" = 0 ]
sqlite3 "$copy" "DROP TRIGGER not_done_no_update; UPDATE not_done SET why = 'asleep' WHERE id = 1"
not_done_rows() { sql "$copy" "SELECT count(*) FROM not_done; SELECT count(*) FROM not_done_voids"; }
nd_before=$(not_done_rows)
expect_refused "$copy" "a forged not-done record: show refuses, naming it" 1 \
	"vigil: not-done record N1 $NOT_USED" --db "$copy" show N1
expect_refused "$copy" "a forged not-done record: amend builds nothing on it" 1 \
	"vigil: not-done record N1 $NOT_USED" --db "$copy" amend N1 --why other --note "gone" \
	--reason "recheck"
expect_refused "$copy" "a forged not-done record: void refuses it" 1 \
	"vigil: not-done record N1 $NOT_USED" --db "$copy" void N1 --reason "wrong patient"
check "...and no not-done record or mark was added" [ "$(not_done_rows)" = "$nd_before" ]
as boss boss-password

# ---- stray item rows ----------------------------------------------------------
tamper "caught: an item row without its assessment" \
	"DROP TRIGGER assessment_items_need_assessment; INSERT INTO assessment_items VALUES (9, 'pulse', 4, NULL)" \
	"assessment_items: item 'pulse' of assessment 9 has no assessment (added or left behind outside vigil)"
copy="$T/stray.db"
cp "$DB" "$copy"
sqlite3 "$copy" "DROP TRIGGER assessment_items_need_assessment; INSERT INTO assessment_items VALUES (4, 'zz', 40, NULL)"
as nina nina-password
expect_refused "$copy" "stray items are not written into the next assessment" 1 \
	"vigil: assessment_items already holds rows for assessment 4 (added outside vigil); nothing was saved: an admin should run 'vigil audit verify'" \
	--db "$copy" record MRN1001 craving craving=3

# ---- the end of the log cut off with its records: caught with --head ----------
as boss boss-password
copy="$T/truncated.db"
cp "$DB" "$copy"
sqlite3 "$copy" "DROP TRIGGER voids_no_delete; DROP TRIGGER audit_log_no_delete;
	DELETE FROM voids; DELETE FROM audit_log WHERE seq >= 16"
triggers_back "$DB" "$copy"
cp "$copy" "$T/truncated-seen.db" # (a verify that passes adds a checkpoint)
expect_ok "without a noted head, a cut tail looks whole" --db "$T/truncated-seen.db" audit verify
expect_fail "--head catches the cut tail" 1 \
	"vigil: audit verify failed: audit log: the head noted earlier (${head%"${head#????????????????}"}...) is no longer on the chain (rows removed from the end, or the log rewritten)" \
	--db "$copy" audit verify --head "$head"
expect_fail "--head SEQ:HASH catches the cut tail" 1 \
	"vigil: audit verify failed: audit log: ends at row 15, before the witnessed head 16:${head%"${head#????????????}"} (rows cut from the end, or an older copy of the file)" \
	--db "$copy" audit verify --head "16:$head"
expect_ok "--head passes on the intact ward" --db "$DB" audit verify --head "$head"
expect_fail "--head must be a head" 1 \
	"vigil: --head: 'abc' is not a head (SEQ:HASH, as an audit verify prints it)" \
	--db "$DB" audit verify --head abc

# ---- a witness file: rolled back, or its WAL deleted --------------------------
printf '# heads noted at handovers\n16:%s\n' "$head" >"$T/witness"
expect_ok "--witness passes on the intact ward" --db "$DB" audit verify --witness "$T/witness"
cp "$DB" "$T/older.db"
as nina nina-password
v --db "$DB" record MRN1001 craving craving=2
as boss boss-password
newhead=$(sql "$DB" 'SELECT seq || ":" || hash FROM audit_log ORDER BY seq DESC LIMIT 1')
echo "$newhead" >>"$T/witness"
expect_ok "--witness: a later head too" --db "$DB" audit verify --witness "$T/witness"
expect_fail "--witness catches an older copy put back" 1 \
	"vigil: audit verify failed: audit log: ends at row $(sql "$T/older.db" 'SELECT max(seq) FROM audit_log'), before the witnessed head $(echo "$newhead" | cut -c1-15) (rows cut from the end, or an older copy of the file)" \
	--db "$T/older.db" audit verify --witness "$T/witness"
printf '16:%s\n' "$(echo "$head" | tr '0-9a-f' 'a-f0-9' | tr -d '\n')" >"$T/bad-witness"
expect_fail "--witness catches a rewritten log" 1 \
	"vigil: audit verify failed: audit log row 16: differs from the witnessed head 16:$(echo "$head" | tr '0-9a-f' 'a-f0-9' | cut -c1-12) (the log was rewritten)" \
	--db "$DB" audit verify --witness "$T/bad-witness"
printf 'nonsense\n' >"$T/junk-witness"
expect_fail "--witness: a line that is not a head" 1 \
	"vigil: $T/junk-witness:1: 'nonsense' is not a head (SEQ:HASH, as an audit verify prints it)" \
	--db "$DB" audit verify --witness "$T/junk-witness"

# ---- the log's clock never runs backwards --------------------------------------
as nina nina-password
export VIGIL_NOW="2026-11-21 11:00"
expect_refused "$DB" "a clock set back is refused" 1 \
	"vigil: the clock is behind the audit log (last entry 2026-11-21 12:00); nothing was saved" \
	--db "$DB" record MRN1001 craving craving=3 --at "2026-11-21 10:00"
export VIGIL_NOW="2026-11-21 12:00"
as boss boss-password
tamper "caught: an audit row out of time order" \
	"DROP TRIGGER audit_log_no_update; UPDATE audit_log SET at = '2026-11-21T00:00:00Z' WHERE seq = 9" \
	"audit log row 9: contents do not match its hash (edited)"

# ---- backup: a consistent copy while the ward is in use ------------------------
as nina nina-password
expect_refused "$DB" "backup: a nurse may not" 1 \
	"vigil: nina (nurse) may not back up the database: it needs the admin role" \
	--db "$DB" backup "$T/nurse-copy.db"
check "... and no file appears" [ ! -e "$T/nurse-copy.db" ]
as boss boss-password
expect_out "backup: an admin copies the ward" "backed up $DB to $T/copy.db" \
	--db "$DB" backup "$T/copy.db"
check "the copy is private (0600)" [ "$(stat -c %a "$T/copy.db")" = 600 ]
check "the copy is one file, no -wal beside it" [ ! -e "$T/copy.db-wal" ]
check "the copy holds every record, the backup entry too" \
	[ "$(sql "$T/copy.db" 'SELECT count(*) FROM audit_log')" = "$(sql "$DB" 'SELECT count(*) FROM audit_log')" ]
v --db "$T/copy.db" audit verify
check "the copy verifies" [ "$rc" = 0 ]
expect_fail "backup: an existing file is refused" 1 \
	"vigil: $T/copy.db: the file already exists; it was not replaced" --db "$DB" backup "$T/copy.db"
expect_fail "backup: missing FILE" 2 "vigil backup: missing FILE (see 'vigil backup --help')" \
	--db "$DB" backup

check "the original ward still verifies" sh -c \
	"VIGIL_PASSWORD=boss-password '$VIGIL_BIN' --db '$DB' --user boss audit verify >/dev/null"

finish
