#!/bin/sh
# The audit log's head witnessed outside the database: with `witness file`
# in the config, every commit appends "SEQ:HASH" to that file, which
# `audit verify --witness` then reads; an older copy of the database put
# back is caught by it. A witness that cannot be written stops the command
# before it changes anything.
. "$(dirname "$0")/../lib.sh"

export VIGIL_NOW="2026-11-21 12:00"
DB="$T/ward.db"
export VIGIL_NEW_PASSWORD=boss-password
v --db "$DB" init --training --admin boss
as boss boss-password
export VIGIL_NEW_PASSWORD=nina-password
v --db "$DB" user add nina --role nurse
cp "$DB" "$T/older.db"

export VIGIL_CONFIG="$T/config"
printf 'ward Ward 7\nwitness file %s\n' "$T/heads" >"$VIGIL_CONFIG"
as nina nina-password
expect_ok "a write with a witness file configured" --db "$DB" patient admit MRN1001 --name "Alex Morgan"
check "the witness file is made private (0600)" [ "$(stat -c %a "$T/heads")" = 600 ]
head=$(sql "$DB" "SELECT seq || ':' || hash FROM audit_log ORDER BY seq DESC LIMIT 1")
check "it holds the head after the commit" [ "$(tail -1 "$T/heads")" = "$head" ]
v --db "$DB" record MRN1001 craving craving=4
head=$(sql "$DB" "SELECT seq || ':' || hash FROM audit_log ORDER BY seq DESC LIMIT 1")
check "each commit appends its head" [ "$(wc -l <"$T/heads") $(tail -1 "$T/heads")" = "2 $head" ]
before=$(filesum "$T/heads")
expect_ok "a read writes no head" --db "$DB" history MRN1001
check "... the witness file is unchanged" [ "$(filesum "$T/heads")" = "$before" ]
as boss boss-password
expect_ok "audit verify --witness with the heads written" --db "$DB" audit verify --witness "$T/heads"
head=$(sql "$DB" "SELECT seq || ':' || hash FROM audit_log WHERE entity = 'checkpoint' ORDER BY seq DESC LIMIT 1")
check "the checkpoint it wrote goes to the witness like every head" \
	[ -n "$head" -a "$(tail -1 "$T/heads")" = "$head" ]
expect_ok "audit verify --since-checkpoint --witness with every head, the checkpoint's too" \
	--db "$DB" audit verify --since-checkpoint --witness "$T/heads"
check "... from the checkpoint" grep -q "^audit log intact from the checkpoint at entry" "$T/out"
expect_fail "an older copy of the file put back is caught by them" 1 \
	"vigil: audit verify failed: audit log: ends at row $(sql "$T/older.db" 'SELECT max(seq) FROM audit_log'), before the witnessed head $(head -1 "$T/heads" | cut -d: -f1):$(head -1 "$T/heads" | cut -d: -f2 | cut -c1-12) (rows cut from the end, or an older copy of the file)" \
	--db "$T/older.db" audit verify --witness "$T/heads"

# ---- refused -------------------------------------------------------------------
printf 'witness file heads.txt\n' >"$VIGIL_CONFIG"
expect_fail "a relative witness path is refused with file:line" 1 \
	"vigil: $VIGIL_CONFIG:1: witness file: give an absolute path" --db "$DB" patient list
printf 'witness carrier-pigeon\n' >"$VIGIL_CONFIG"
expect_fail "an unknown witness is refused" 1 \
	"vigil: $VIGIL_CONFIG:1: witness needs 'syslog' or 'file PATH'" --db "$DB" patient list
printf 'witness file %s\n' "$T/no/such/dir/heads" >"$VIGIL_CONFIG"
as nina nina-password
before=$(snap "$DB")
expect_fail "a witness that cannot be written stops the command" 1 \
	"vigil: witness $T/no/such/dir/heads: No such file or directory" \
	--db "$DB" record MRN1001 craving craving=5
check "... before it changed anything" [ "$(snap "$DB")" = "$before" ]
printf 'witness syslog\n' >"$VIGIL_CONFIG"
expect_ok "witness syslog: a write goes on whether or not a syslog listens" \
	--db "$DB" record MRN1001 craving craving=5

finish
