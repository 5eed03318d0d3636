#!/bin/sh
# Scale definitions pinned in the database: init pins the built-in ones;
# an admin installs the ward's own (a bad file refused whole, with its
# line); from then on every command scores with it, each assessment
# records which definition scored it, and history and show name one that
# is not this vigil's built-in. Edited with the sqlite3 shell, it is
# caught by audit verify.
. "$(dirname "$0")/../lib.sh"

export VIGIL_NOW="2026-11-21 12:00"
DB="$T/ward.db"
export VIGIL_NEW_PASSWORD=boss-password
v --db "$DB" init --training --admin boss
as boss boss-password
export VIGIL_NEW_PASSWORD=nina-password
v --db "$DB" user add nina --role nurse
COWS10="pulse=1 sweating=1 restlessness=1 pupils=1 aches=1 nose=1 gi=1 tremor=1 yawning=1 anxiety=1 gooseflesh=0"
BUILTIN=$(cat "$(dirname "$0")/../../data/scales/cows.scale")

# snap_defs DB: every record and the definitions.
snap_defs() {
	{
		snap "$1"
		sqlite3 "$1" "SELECT * FROM scale_defs;"
	} | cksum
}

# ---- pinned at init ------------------------------------------------------------
if [ "$(sql "$DB" "SELECT count(*) FROM scale_defs WHERE source LIKE 'builtin:%'")" = 4 ] &&
	[ "$(sql "$DB" "SELECT count(*) FROM audit_log WHERE action = 'pin' AND actor = 'boss' AND sig IS NOT NULL")" = 4 ]; then held=yes; else held=no; fi
check "init pins the four built-in definitions, signed by the admin" [ "$held" = yes ]
check "the pinned text is the built-in file's" \
	[ "$(sql "$DB" "SELECT text FROM scale_defs WHERE scale = 'cows'")" = "$BUILTIN" ]
v --db "$DB" scales cows
if [ "$rc" = 0 ] &&
	[ -z "$(grep '^definition' "$T/out")" ]; then held=yes; else held=no; fi
check "scales SCALE is silent about a built-in definition" [ "$held" = yes ]

# ---- the ward's own ---------------------------------------------------------------
sed 's/^band 5 12 mild$/band 5 12 mild-ward/' "$(dirname "$0")/../../data/scales/cows.scale" >"$T/ward-cows.scale"
check "the test file differs from the built-in one" sh -c "! cmp -s '$T/ward-cows.scale' '$(dirname "$0")/../../data/scales/cows.scale'"
printf 'scale cows\nname COWS\n' >"$T/bad.scale"
before=$(snap_defs "$DB")
expect_fail "a bad definition is refused whole, naming its line" 1 \
	"vigil: $T/bad.scale:1: scale 'cows' has no 'title' line" --db "$DB" scales install "$T/bad.scale"
as nina nina-password
expect_fail "a nurse may not install a definition" 1 \
	"vigil: nina (nurse) may not install a protocol or scale definition: it needs the admin role" \
	--db "$DB" scales install "$T/ward-cows.scale"
check "... and nothing was stored" [ "$(snap_defs "$DB")" = "$before" ]
as boss boss-password
v --db "$DB" scales install "$T/ward-cows.scale"
if [ "$rc" = 0 ] &&
	[ -n "$(grep -E '^COWS definition [0-9a-f]{12} installed; it scores on every terminal on this database from now on$' "$T/out")" ]; then held=yes; else held=no; fi
check "an admin installs the ward's own COWS" [ "$held" = yes ]
hash=$(sql "$DB" "SELECT hash FROM scale_defs ORDER BY id DESC LIMIT 1")
short=$(echo "$hash" | cut -c1-12)
check "stored with its text and hash, and logged" \
	[ "$(sql "$DB" "SELECT count(*) FROM audit_log WHERE action = 'install' AND entity = 'scale_def' AND actor = 'boss'")" = 1 ]
expect_fail "the same definition again is nothing to do" 1 \
	"vigil: $T/ward-cows.scale: the COWS definition in force is already this one" \
	--db "$DB" scales install "$T/ward-cows.scale"
v --db "$DB" scales
check "scales marks it" [ -n "$(grep -E '^cows .*\[not the built-in definition\]$' "$T/out")" ]
v --db "$DB" scales cows
check "scales cows says whose it is" \
	[ "$(tail -1 "$T/out")" = "definition $short: this ward's own: $T/ward-cows.scale, installed 2026-11-21 12:00 by boss" ]

# ---- scoring with it, and saying so ----------------------------------------------
as nina nina-password
v --db "$DB" patient admit MRN1001 --name "Alex Morgan" --bed 1 --at "2026-11-21 08:00"
expect_out "a record is scored with the ward's definition" "assessment 1
COWS 10/48 mild ward" --db "$DB" record MRN1001 cows $COWS10
check "the assessment records which definition scored it" \
	[ "$(sql "$DB" "SELECT definition FROM assessments WHERE id = 1")" = "$hash" ]
v --db "$DB" history MRN1001
if [ "$rc" = 0 ] &&
	[ -n "$(grep -E '^ +1 .* COWS\^ +10/48 mild ward' "$T/out")" ] && # the key's words
	[ "$(tail -1 "$T/out")" = "^ scored with a definition other than this vigil's built-in one (vigil show ID names it)" ]; then held=yes; else held=no; fi
check "history marks it and says what the mark means" [ "$held" = yes ]
v --db "$DB" show 1
if [ "$rc" = 0 ] &&
	[ -n "$(grep -xF "definition    $short, not this vigil's built-in one (this ward's own: $T/ward-cows.scale, installed 2026-11-21 12:00 by boss)" "$T/out")" ]; then held=yes; else held=no; fi
check "show names the definition and where it came from" [ "$held" = yes ]
v --db "$DB" score cows $COWS10
check "score uses the ward's definition too" [ "$(out)" = "COWS 10/48 mild ward" ]
expect_out "without a database, score uses the built-in one" "COWS 10/48 mild" \
	--db "$T/none.db" score cows $COWS10

# ---- caught when edited -----------------------------------------------------------
as boss boss-password
v --db "$DB" export observations -o "$T/obs.csv"
check "export observations names the definition that scored it" \
	[ "$rc $("$VIGIL_TEST_HELPERS/csvcheck" -c definition "$T/obs.csv")" = "0 $hash" ]
expect_ok "audit verify passes" --db "$DB" audit verify
check "... counting the definitions" [ -n "$(grep -xF '  5 installed scale definitions' "$T/out")" ]
cp "$DB" "$T/edited.db"
sqlite3 "$T/edited.db" "DROP TRIGGER scale_defs_no_update; UPDATE scale_defs SET text = replace(text, 'mild-ward', 'none') WHERE id = 5"
triggers_back "$DB" "$T/edited.db"
expect_fail "a definition edited with the sqlite3 shell is caught" 1 \
	"vigil: audit verify failed: scale_def 5: differs from what the audit log says was written (changed outside vigil)" \
	--db "$T/edited.db" audit verify

finish
