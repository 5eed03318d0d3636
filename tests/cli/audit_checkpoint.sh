#!/bin/sh
# audit verify --since-checkpoint: a full verify that passes leaves a
# signed checkpoint in the log; the verify from it checks what came after
# (and catches changes there, and rows added anywhere), refuses a forged
# checkpoint, and says what it did not check, which the full verify still
# catches.
. "$(dirname "$0")/../lib.sh"

export VIGIL_NOW="2026-11-21 12:00"
DB="$T/ward.db"
export VIGIL_NEW_PASSWORD=boss-password
v --db "$DB" init --training --admin boss
as boss boss-password
export VIGIL_NEW_PASSWORD=nina-password
v --db "$DB" user add nina --role nurse
as nina nina-password
v --db "$DB" patient admit MRN1001 --name "Alex Morgan" --at "2026-11-21 06:00"
v --db "$DB" patient admit MRN1002 --name "Jordan Ellis" --at "2026-11-21 06:00"
v --db "$DB" record MRN1001 craving craving=6
v --db "$DB" record MRN1002 craving craving=2
check "setup: 11 audited changes" [ "$(sql "$DB" 'SELECT count(*) FROM audit_log')" = 11 ]

# ---- the first: no checkpoint yet, so everything ---------------------------
as boss boss-password
v --db "$DB" audit verify --since-checkpoint
check "with no checkpoint yet, --since-checkpoint checks everything and says so" \
	[ "$rc" = 0 -a "$(head -2 "$T/out")" = "No checkpoint yet: the whole log was checked.
audit log intact: 11 entries, in order, each linked to the one before" ]
check "... and writes the checkpoint, naming it" \
	[ "$(tail -2 "$T/out")" = "checkpoint written: entry 12 ('vigil audit verify --since-checkpoint'
starts from it)" ]
check "the checkpoint: entry 12, the admin's, signed, through entry 11 and its hash" \
	[ "$(sql "$DB" "SELECT actor, action, entity, entity_id, sig IS NOT NULL, json_extract(detail, '\$.hash') = (SELECT hash FROM audit_log WHERE seq = 11) FROM audit_log WHERE seq = 12")" = "boss|checkpoint|checkpoint|11|1|1" ]
v --db "$DB" audit log
check "audit log lists it in words" \
	[ -n "$(grep -E '^ +12 2026-11-21 12:00 +boss +checkpoint +verified through entry 11$' "$T/out")" ]

# ---- after it: what was added -------------------------------------------------
export VIGIL_NOW="2026-11-21 13:00"
as nina nina-password
v --db "$DB" record MRN1001 craving craving=4
v --db "$DB" record MRN1002 craving craving=3 --at "2026-11-21 12:30"
as boss boss-password
head=$(sql "$DB" 'SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1')
v --db "$DB" audit verify --since-checkpoint
key=$(sed -n 's/^ward key //p' "$T/out")
expect_out "--since-checkpoint says where it started and what it checked" \
"audit log intact from the checkpoint at entry 11 (full verify passed 2026-11-21 12:00
by boss): 3 entries since, in order, each linked to the one before and
matching its own hash; 3 signed, every signature by the key its user had
at that point, the checkpoint's an admin's.
Tables, indexes and triggers are as shipped.
Every record written or changed since is as the log last wrote it (2):
  2 assessments with their item scores
No row added to any of the 14 tables outside vigil: each table's last key
(its row count, for the marks of entries in error) is the log's.
Not compared: records written before the checkpoint and not named since
('vigil audit verify' compares every record).
ward key $key
head 14:$head
(keep it outside the database: 'vigil audit verify --witness FILE'
with it later shows that nothing was cut, rolled back or rewritten)" \
	--db "$DB" audit verify --since-checkpoint
check "it writes nothing" [ "$(sql "$DB" 'SELECT max(seq) FROM audit_log')" = 14 ]
printf '11:%s\n14:%s\n' "$(sql "$DB" 'SELECT hash FROM audit_log WHERE seq = 11')" "$head" \
	>"$T/witness"
expect_ok "--since-checkpoint with witnessed heads before and after the checkpoint" \
	--db "$DB" audit verify --since-checkpoint --witness "$T/witness"
check "... says they are on the chain" \
	grep -q "^All 2 witnessed heads are still on the chain" "$T/out"

as nina nina-password
expect_refused "$DB" "a nurse may not" 1 \
	"vigil: nina (nurse) may not verify the audit log: it needs the admin role" \
	--db "$DB" audit verify --since-checkpoint
as boss boss-password

# ---- forgeries after the checkpoint: caught ------------------------------------
# forged DESC SQL MESSAGE: on a copy, SQL with the sqlite3 shell (the
# triggers put back after), then --since-checkpoint must exit 1 with MESSAGE.
n=0
forged() {
	n=$((n + 1))
	copy="$T/forged-$n.db"
	cp "$DB" "$copy"
	if ! sqlite3 "$copy" "$2"; then
		not_ok "$1" "the sqlite3 shell refused: $2"
		return
	fi
	triggers_back "$DB" "$copy"
	expect_refused "$copy" "$1" 1 "vigil: audit verify failed: $3" \
		--db "$copy" audit verify --since-checkpoint
}
DIFFERS="differs from what the audit log says was written (changed outside vigil)"
forged "after: an assessment's total changed" \
	"DROP TRIGGER assessments_no_update; UPDATE assessments SET total = 9 WHERE id = 3" \
	"assessment 3: $DIFFERS"
forged "after: an item score changed" \
	"DROP TRIGGER assessment_items_no_update; UPDATE assessment_items SET score = 9 WHERE assessment_id = 4" \
	"assessment 4: $DIFFERS"
forged "after: an assessment deleted" \
	"DROP TRIGGER assessments_no_delete; DROP TRIGGER assessment_items_no_delete; DELETE FROM assessment_items WHERE assessment_id = 4; DELETE FROM assessments WHERE id = 4" \
	"assessment 4: in the audit log (row 14) but missing from the database (deleted outside vigil)"
forged "after: an entry edited" \
	"DROP TRIGGER audit_log_no_update; UPDATE audit_log SET at = '2026-11-21T12:59:00Z' WHERE seq = 13" \
	"audit log row 13: contents do not match its hash (edited)"
forged "after: an entry deleted" \
	"DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 13" \
	"audit log: row 13 is missing (row 14 follows row 12)"
forged "anywhere: an assessment added" \
	"INSERT INTO assessments (patient_id, scale, performed_at, entered_at, performer_id, entered_by_id, total, max_total, band, late) VALUES (1, 'craving', '2026-11-21T11:00:00Z', '2026-11-21T11:00:00Z', 2, 2, 0, 10, '', 0)" \
	"assessment 5: not in the audit log (added outside vigil)"
forged "anywhere: a patient added" \
	"INSERT INTO patients (mrn, name, admitted_at) VALUES ('MRN9', 'Nobody', '2026-11-21T06:00:00Z')" \
	"patient 3: not in the audit log (added outside vigil)"
forged "anywhere: an old assessment marked in error" \
	"INSERT INTO voids VALUES (1, 2, '2026-11-21T12:00:00Z', 'x')" \
	"voids: 1 rows, but the audit log names 0 (a row added or removed outside vigil)"
forged "anywhere: an item row past the last assessment" \
	"DROP TRIGGER assessment_items_need_assessment; INSERT INTO assessment_items VALUES (7, 'craving', 4, NULL)" \
	"assessment_items: item 'craving' of assessment 7 has no assessment (added or left behind outside vigil)"
copy="$T/notrigger.db"
cp "$DB" "$copy"
sqlite3 "$copy" "DROP TRIGGER assessments_no_update"
expect_refused "$copy" "anywhere: a trigger left dropped" 1 \
	"vigil: audit verify failed: schema: trigger assessments_no_update is missing (dropped outside vigil)" \
	--db "$copy" audit verify --since-checkpoint

# ---- a forged checkpoint: refused by both ---------------------------------------
forged "a checkpoint whose signature is not the admin's" \
	"DROP TRIGGER audit_log_no_update; UPDATE audit_log SET sig = (SELECT sig FROM audit_log WHERE seq = 1) WHERE seq = 12" \
	"audit log row 12: the signature is not boss's (forged or edited)"
forged "a checkpoint naming a hash not on the chain" \
	"DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = json_set(detail, '\$.hash', '$(repeat 64 0)') WHERE seq = 12" \
	"audit log row 12: a checkpoint naming entry 11 with a hash that is not that entry's (forged)"
expect_fail "... which the full verify refuses too (its hash no longer matches)" 1 \
	"vigil: audit verify failed: audit log row 12: contents do not match its hash (edited)" \
	--db "$copy" audit verify
forged "a later checkpoint added by someone without a key" \
	"INSERT INTO audit_log SELECT 15, '2026-11-21T13:00:00Z', 'boss', 'checkpoint', 'checkpoint', 14, json_object('through', 14, 'hash', hash), hash, hash, sig FROM audit_log WHERE seq = 14" \
	"audit log row 15: contents do not match its hash (edited)"

# ---- before the checkpoint: the full verify's --------------------------------
copy="$T/before.db"
cp "$DB" "$copy"
sqlite3 "$copy" "DROP TRIGGER assessments_no_update; UPDATE assessments SET total = 0 WHERE id = 1"
triggers_back "$DB" "$copy"
v --db "$copy" audit verify --since-checkpoint
check "a record changed before the checkpoint is not --since-checkpoint's to see" \
	[ "$rc" = 0 -a -n "$(grep -xF "Not compared: records written before the checkpoint and not named since" "$T/out")" ]
expect_fail "... the full verify catches it" 1 "vigil: audit verify failed: assessment 1: $DIFFERS" \
	--db "$copy" audit verify

# ---- a later full verify: a later checkpoint ---------------------------------
v --db "$DB" audit verify
check "the full verify after more records writes a new checkpoint" \
	[ "$rc" = 0 -a "$(sql "$DB" "SELECT seq || ':' || entity_id FROM audit_log WHERE entity = 'checkpoint' ORDER BY seq DESC LIMIT 1")" = "15:14" ]
v --db "$DB" audit verify --since-checkpoint
check "--since-checkpoint starts from the latest" \
	[ "$rc" = 0 -a "$(head -2 "$T/out")" = "audit log intact from the checkpoint at entry 14 (full verify passed 2026-11-21 13:00
by boss): 1 entry since, in order, each linked to the one before and" ]

finish
