#!/bin/sh
# init, user add/list/disable, passwd, logging in: the happy paths and every
# failure, each leaving the database as it was.
. "$(dirname "$0")/../lib.sh"

export VIGIL_NOW="2026-11-21 12:00"
DB="$T/ward.db"

# ---- init ----------------------------------------------------------------
export VIGIL_NEW_PASSWORD=boss-password
expect_out "init creates the database and its admin" "created $DB with admin boss" \
	--db "$DB" init --training --admin boss --name "Ward Admin"
check "init: the file is private (0600)" [ "$(stat -c %a "$DB")" = 600 ]
check "init: marked as vigil's, with a schema version" \
	[ "$(sql "$DB" 'PRAGMA application_id')" = 1447512396 -a "$(sql "$DB" 'PRAGMA user_version')" -ge 1 ]
check "init: the admin is stored with role admin" \
	[ "$(sql "$DB" "SELECT name || ' ' || role || ' ' || full_name FROM users")" = "boss admin Ward Admin" ]
check "init: the password is stored as an argon2id record with a public key only" \
	[ "$(sql "$DB" "SELECT pw_hash LIKE '\$vigil-ed25519\$%' AND instr(pw_hash, 'boss-password') = 0 AND length(sign_pk) = 64 FROM users")" = 1 ]

sum=$(filesum "$DB")
expect_fail "init refuses an existing database" 1 \
	"vigil: $DB: a database is already there; it was not changed" --db "$DB" init --training --admin other
check "init: the existing file is byte-for-byte unchanged" [ "$(filesum "$DB")" = "$sum" ]

NEST="$T/new/sub/ward.db"
expect_out "init creates missing folders" "created $NEST with admin boss" --db "$NEST" init --training --admin boss
check "init: new folders are private (0700)" [ "$(stat -c %a "$T/new/sub")" = 700 ]
mkdir -m 2770 "$T/shared"
v --db "$T/shared/ward.db" init --training --admin boss
check "init: in a setgid folder (make install-ward) the database is 0660, for the group's vigil" \
	[ "$rc $(stat -c %a "$T/shared/ward.db")" = "0 660" ]

export VIGIL_DB="$T/env.db"
expect_out "init uses VIGIL_DB" "created $T/env.db with admin boss" init --training --admin boss
unset VIGIL_DB
expect_out "init defaults to ~/.local/share/vigil/vigil.db" \
	"created $HOME/.local/share/vigil/vigil.db with admin boss" init --training --admin boss
export XDG_DATA_HOME="$T/xdg"
expect_out "init uses XDG_DATA_HOME" "created $T/xdg/vigil/vigil.db with admin boss" init --training --admin boss
unset XDG_DATA_HOME

X="$T/never.db"
expect_fail "init: missing --admin" 2 "vigil init: missing --admin NAME (see 'vigil init --help')" \
	--db "$X" init
expect_fail "init: --admin without a value" 2 \
	"vigil init: --admin needs a value (see 'vigil init --help')" --db "$X" init --admin
expect_fail "init: unknown option" 2 "vigil init: unknown option '--admn' (see 'vigil init --help')" \
	--db "$X" init --admn boss
expect_fail "init: unexpected argument" 2 \
	"vigil init: unexpected argument 'boss' (see 'vigil init --help')" --db "$X" init boss
expect_fail "init: admin name with a space" 1 \
	"vigil: user name: ' ' is not allowed (use letters, digits and ._-)" \
	--db "$X" init --training --admin "big boss"
expect_fail "init: admin name over 32 characters" 1 \
	"vigil: user name: 33 characters is over the limit of 32" --db "$X" init --training --admin "$(repeat 33 b)"
expect_fail "init: full name with a control character" 1 \
	"vigil: full name: control character U+001B is not allowed" \
	--db "$X" init --training --admin boss --name "$(printf 'Boss\033[2J')"
expect_fail "init: full name over 100 characters" 1 \
	"vigil: full name: 101 characters is over the limit of 100" \
	--db "$X" init --training --admin boss --name "$(repeat 101 n)"
VIGIL_NEW_PASSWORD=seven77
expect_fail "init: password under 8 characters" 1 \
	"vigil: password: at least 8 characters are needed" --db "$X" init --training --admin boss
VIGIL_NEW_PASSWORD=$(printf 'pass\tword1')
expect_fail "init: password with a control character" 1 \
	"vigil: password: control character U+0009 is not allowed" --db "$X" init --training --admin boss
unset VIGIL_NEW_PASSWORD
expect_fail "init: no new password and no terminal" 1 \
	"vigil: no terminal to ask for a new password; set VIGIL_NEW_PASSWORD" --db "$X" init --training --admin boss
check "init: no file is left behind by a refused init" [ ! -e "$X" ]

# ---- user add --------------------------------------------------------------
as boss boss-password
export VIGIL_NEW_PASSWORD=nina-password
expect_out "user add: a nurse" "added nina (nurse)" --db "$DB" user add nina --role nurse
export VIGIL_NEW_PASSWORD=cleo-password
expect_out "user add: a clinician with a full name" "added cleo (clinician)" \
	--db "$DB" user add cleo --role clinician --name "Cleo Clinician"
unset VIGIL_USER
export VIGIL_NEW_PASSWORD=nora-password
expect_out "user add: --user before the command" "added nora (nurse)" \
	--db "$DB" --user boss user add nora --role nurse --name "Nora N"
export VIGIL_USER=boss

expect_refused "$DB" "user add: duplicate user" 1 "vigil: user 'nina' already exists" \
	--db "$DB" user add nina --role clinician
expect_refused "$DB" "user add: unknown role" 1 \
	"vigil: unknown role 'doctor' (roles: nurse, clinician, admin)" \
	--db "$DB" user add dora --role doctor
expect_refused "$DB" "user add: missing --role" 2 \
	"vigil user add: missing --role (nurse, clinician or admin) (see 'vigil user add --help')" \
	--db "$DB" user add dora
expect_refused "$DB" "user add: missing NAME" 2 \
	"vigil user add: missing user NAME (see 'vigil user add --help')" \
	--db "$DB" user add --role nurse
expect_refused "$DB" "user add: unknown option" 2 \
	"vigil user add: unknown option '--rank' (see 'vigil user add --help')" \
	--db "$DB" user add dora --rank nurse
expect_refused "$DB" "user add: name with a slash" 1 \
	"vigil: user name: '/' is not allowed (use letters, digits and ._-)" \
	--db "$DB" user add "do/ra" --role nurse
expect_refused "$DB" "user add: name with a control character" 1 \
	"vigil: user name: '\\x1b' is not allowed (use letters, digits and ._-)" \
	--db "$DB" user add "$(printf 'dora\033')" --role nurse
expect_refused "$DB" "user add: name over 32 characters" 1 \
	"vigil: user name: 33 characters is over the limit of 32" \
	--db "$DB" user add "$(repeat 33 d)" --role nurse
expect_refused "$DB" "user add: full name over 100 characters" 1 \
	"vigil: full name: 101 characters is over the limit of 100" \
	--db "$DB" user add dora --role nurse --name "$(repeat 101 d)"
expect_refused "$DB" "user add: full name with a newline" 1 \
	"vigil: full name: control character U+000A is not allowed" \
	--db "$DB" user add dora --role nurse --name "$(printf 'Dora\nAdmin')"
VIGIL_NEW_PASSWORD=short
expect_refused "$DB" "user add: password too short" 1 \
	"vigil: password: at least 8 characters are needed" --db "$DB" user add dora --role nurse
export VIGIL_NEW_PASSWORD=dora-password
as nina nina-password
expect_refused "$DB" "user add: a nurse may not" 1 \
	"vigil: nina (nurse) may not manage users: it needs the admin role" \
	--db "$DB" user add dora --role nurse
as boss wrong-password
expect_refused "$DB" "user add: wrong password" 1 "vigil: unknown user or wrong password (or the account is locked or disabled)" \
	--db "$DB" user add dora --role nurse
as ghost boss-password
expect_refused "$DB" "user add: unknown acting user" 1 "vigil: unknown user or wrong password (or the account is locked or disabled)" \
	--db "$DB" user add dora --role nurse
unset VIGIL_USER VIGIL_PASSWORD
expect_refused "$DB" "user add: nobody acting" 2 \
	"vigil user add: who is acting? pass --user NAME or set VIGIL_USER (see 'vigil user add --help')" \
	--db "$DB" user add dora --role nurse
export VIGIL_USER=boss
expect_refused "$DB" "user add: no password and no terminal" 1 \
	"vigil: no terminal to ask for the password; set VIGIL_PASSWORD" \
	--db "$DB" user add dora --role nurse
check "user add: refusals added nobody" [ "$(sql "$DB" 'SELECT count(*) FROM users')" = 4 ]

# ---- user list -------------------------------------------------------------
as boss boss-password
expect_out "user list: every user, by name" "USER             ROLE      STATE    CREATED           NAME
boss             admin     active   2026-11-21 12:00  Ward Admin
cleo             clinician active   2026-11-21 12:00  Cleo Clinician
nina             nurse     active   2026-11-21 12:00  
nora             nurse     active   2026-11-21 12:00  Nora N" --db "$DB" user list
as nina nina-password
expect_refused "$DB" "user list: a nurse may not" 1 \
	"vigil: nina (nurse) may not manage users: it needs the admin role" \
	--db "$DB" user list
as boss boss-password
expect_fail "user list: unexpected argument" 2 \
	"vigil user list: unexpected argument 'all' (see 'vigil user list --help')" --db "$DB" user list all

# ---- user disable ----------------------------------------------------------
expect_out "user disable" "disabled nora" --db "$DB" user disable nora
as nora nora-password
expect_refused "$DB" "a disabled user cannot log in" 1 "vigil: unknown user or wrong password (or the account is locked or disabled)" \
	--db "$DB" patient list
as boss boss-password
v --db "$DB" user list
check "user list shows the disabled user" grep -q '^nora  *nurse     disabled ' "$T/out"
expect_refused "$DB" "user disable: twice" 1 "vigil: user 'nora' is already disabled" \
	--db "$DB" user disable nora
expect_refused "$DB" "user disable: oneself" 1 "vigil: you may not disable your own account" \
	--db "$DB" user disable boss
expect_refused "$DB" "user disable: unknown user" 1 "vigil: unknown user 'ghost'" \
	--db "$DB" user disable ghost
expect_refused "$DB" "user disable: missing NAME" 2 \
	"vigil user disable: missing user NAME (see 'vigil user disable --help')" --db "$DB" user disable
as cleo cleo-password
expect_refused "$DB" "user disable: a clinician may not" 1 \
	"vigil: cleo (clinician) may not manage users: it needs the admin role" \
	--db "$DB" user disable nina

# ---- passwd ----------------------------------------------------------------
as nina nina-password
export VIGIL_NEW_PASSWORD=nina-new-password
expect_out "passwd changes one's own password" "password changed for nina" --db "$DB" passwd
expect_refused "$DB" "passwd: the old password no longer works" 1 \
	"vigil: unknown user or wrong password (or the account is locked or disabled)" --db "$DB" patient list
as nina nina-new-password
expect_ok "passwd: the new password works" --db "$DB" patient list
VIGIL_NEW_PASSWORD=1234567
expect_refused "$DB" "passwd: new password too short" 1 \
	"vigil: password: at least 8 characters are needed" --db "$DB" passwd
VIGIL_NEW_PASSWORD=$(printf 'new\033password')
expect_refused "$DB" "passwd: new password with a control character" 1 \
	"vigil: password: control character U+001B is not allowed" --db "$DB" passwd
unset VIGIL_NEW_PASSWORD
expect_refused "$DB" "passwd: no new password and no terminal" 1 \
	"vigil: no terminal to ask for a new password; set VIGIL_NEW_PASSWORD" --db "$DB" passwd
export VIGIL_NEW_PASSWORD=nina-third-password
as nina nina-password
expect_refused "$DB" "passwd: wrong current password" 1 "vigil: unknown user or wrong password (or the account is locked or disabled)" \
	--db "$DB" passwd
expect_fail "passwd: unexpected argument" 2 \
	"vigil passwd: unexpected argument 'nina' (see 'vigil passwd --help')" --db "$DB" passwd nina

# ---- wrong passwords lock the account ---------------------------------------
as cleo not-cleos-password
v --db "$DB" patient list
v --db "$DB" patient list
check "two wrong passwords are counted" [ "$(sql "$DB" "SELECT failed_logins FROM users WHERE name = 'cleo'")" = 2 ]
expect_fail "third wrong password" 1 "vigil: unknown user or wrong password (or the account is locked or disabled)" --db "$DB" patient list
as cleo cleo-password
expect_fail "three wrong passwords lock the account" 1 \
	"vigil: unknown user or wrong password (or the account is locked or disabled)" \
	--db "$DB" patient list
export VIGIL_NOW="2026-11-21 12:04"
expect_fail "still locked a minute before the end" 1 \
	"vigil: unknown user or wrong password (or the account is locked or disabled)" \
	--db "$DB" patient list
export VIGIL_NOW="2026-11-21 12:05"
expect_ok "the lock expires after 5 minutes" --db "$DB" patient list

# An admin lifts a lock at once, and lets a disabled user in again.
as cleo not-cleos-password
v --db "$DB" patient list
v --db "$DB" patient list
v --db "$DB" patient list
as boss boss-password
v --db "$DB" user list
check "user list shows the locked user" grep -q '^cleo  *clinician locked ' "$T/out"
as nina nina-new-password
expect_refused "$DB" "user unlock: a nurse may not" 1 \
	"vigil: nina (nurse) may not manage users: it needs the admin role" --db "$DB" user unlock cleo
as boss boss-password
expect_out "user unlock" "unlocked cleo" --db "$DB" user unlock cleo
check "unlock clears the count" [ "$(sql "$DB" "SELECT failed_logins || '/' || ifnull(locked_until, '-') FROM users WHERE name = 'cleo'")" = "0/-" ]
check "the unlock is in the audit log, by boss" \
	[ "$(sql "$DB" "SELECT actor FROM audit_log WHERE action = 'unlock'")" = boss ]
expect_refused "$DB" "user unlock: nothing to lift" 1 \
	"vigil: user 'cleo' is not locked (no wrong passwords)" --db "$DB" user unlock cleo
expect_refused "$DB" "user unlock: unknown user" 1 "vigil: unknown user 'ghost'" \
	--db "$DB" user unlock ghost
as cleo cleo-password
expect_ok "unlocked: cleo logs in at once" --db "$DB" patient list
as boss boss-password
expect_out "user enable" "enabled nora" --db "$DB" user enable nora
expect_refused "$DB" "user enable: not disabled" 1 "vigil: user 'nora' is not disabled" \
	--db "$DB" user enable nora
expect_fail "user enable: missing NAME" 2 \
	"vigil user enable: missing user NAME (see 'vigil user enable --help')" --db "$DB" user enable
v --db "$DB" user list
check "user list shows nora active again" grep -q '^nora  *nurse     active ' "$T/out"
as nora nora-password
expect_ok "enabled: nora logs in again" --db "$DB" patient list
check "the locks are in the audit log" \
	[ "$(sql "$DB" "SELECT count(*) FROM audit_log WHERE action = 'login-try' AND json_extract(detail, '$[8]') = 3 AND entity_id = (SELECT id FROM users WHERE name = 'cleo')")" = 2 ]
export VIGIL_NOW="2026-11-21 12:00"

as boss boss-password
v --db "$DB" audit verify
check "the audit log verifies after all of this" [ "$rc" = 0 ]

# ---- a ward's database: its key, and no test clock ----------------------------
W="$T/real-ward.db"
expect_fail "init of a ward's database with VIGIL_NOW set is refused" 1 \
	"vigil: $W is a ward's database: VIGIL_NOW works only on a training database; unset it (nothing was changed)" \
	--db "$W" init --admin boss
check "... and no file is made" [ ! -e "$W" ]
saved_now=$VIGIL_NOW
unset VIGIL_NOW
v --db "$W" init --admin boss
if [ "$rc" = 0 ] && [ "$(head -1 "$T/out")" = "created $W with admin boss" ] &&
	[ -n "$(sed -n 2p "$T/out" | grep -E '^ward key ([0-9a-f]{4} ){7}[0-9a-f]{4} \(keep it outside')" ]; then held=yes; else held=no; fi
check "init of a ward's database prints its ward key" [ "$held" = yes ]
check "a ward's database says it is one" [ "$(sql "$W" "SELECT value FROM settings WHERE key = 'database'")" = ward ]
sum=$(filesum "$W")
as boss boss-password
for var in VIGIL_NOW VIGIL_SCALES VIGIL_IDLE_SECONDS; do
	export "$var=2099-01-01 00:00"
	expect_fail "a ward's database refuses $var before login" 1 \
		"vigil: $W is a ward's database: $var works only on a training database; unset it (nothing was changed)" \
		--db "$W" patient list
	unset "$var"
done
check "... and the file is untouched" [ "$(filesum "$W")" = "$sum" ]
check "a training database says it is one" [ "$(sql "$DB" "SELECT value FROM settings WHERE key = 'database'")" = training ]
check "the kind of database cannot be changed with the sqlite3 shell" \
	sh -c "! sqlite3 '$W' \"UPDATE settings SET value = 'training' WHERE key = 'database'\" 2>/dev/null"
cp "$W" "$T/flipped.db"
sqlite3 "$T/flipped.db" "DROP TRIGGER settings_database_fixed; UPDATE settings SET value = 'training' WHERE key = 'database'"
triggers_back "$W" "$T/flipped.db"
export VIGIL_NOW="2099-01-01 00:00"
expect_fail "a ward's database turned training with the sqlite3 shell is refused, test clock and all" 1 \
	"vigil: setting 1 differs from the audit log (changed outside vigil); nothing was changed: an admin should run 'vigil audit verify'" \
	--db "$T/flipped.db" patient list
export VIGIL_NOW=$saved_now

finish
