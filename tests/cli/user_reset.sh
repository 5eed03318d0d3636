#!/bin/sh
# user reset: an admin sets a password the user must change at the next
# login; until then every command but passwd is refused in one line that
# says how, and the change is audited; audit verify passes throughout, and
# the mark cannot be cleared outside vigil unseen.
. "$(dirname "$0")/../lib.sh"

export VIGIL_NOW="2026-11-21 12:00"
DB="$T/ward.db"
export VIGIL_NEW_PASSWORD=boss-password
v --db "$DB" init --training --admin boss
as boss boss-password
VIGIL_NEW_PASSWORD=nina-password v --db "$DB" user add nina --role nurse
VIGIL_NEW_PASSWORD=carl-password v --db "$DB" user add carl --role clinician

# ---- refusals, each leaving the database as it was --------------------------
export VIGIL_NEW_PASSWORD=temp-pass-1
as nina nina-password
expect_refused "$DB" "user reset: a nurse may not" 1 \
	"vigil: nina (nurse) may not manage users: it needs the admin role" --db "$DB" user reset carl
as boss boss-password
expect_refused "$DB" "user reset: unknown user" 1 "vigil: unknown user 'ghost'" \
	--db "$DB" user reset ghost
expect_refused "$DB" "user reset: not one's own password" 1 \
	"vigil: you may not reset your own password: change it instead" --db "$DB" user reset boss
VIGIL_NEW_PASSWORD=short expect_refused "$DB" "user reset: the password rules apply" 1 \
	"vigil: password: at least 8 characters are needed" --db "$DB" user reset nina
expect_fail "user reset: missing NAME" 2 \
	"vigil user reset: missing user NAME (see 'vigil user reset --help')" --db "$DB" user reset
(unset VIGIL_NEW_PASSWORD; expect_refused "$DB" "user reset: no terminal and no VIGIL_NEW_PASSWORD" 1 \
	"vigil: no terminal to ask for a new password; set VIGIL_NEW_PASSWORD" --db "$DB" user reset nina)

# ---- the reset --------------------------------------------------------------
as nina wrong-password
v --db "$DB" patient list
as boss boss-password
expect_out "user reset" "reset the password of nina: it must be changed at the next login" \
	--db "$DB" user reset nina
check "the reset is in the audit log, by boss" \
	[ "$(sql "$DB" "SELECT actor FROM audit_log WHERE action = 'reset'")" = boss ]
check "the reset lifts the count of wrong passwords" \
	[ "$(sql "$DB" "SELECT failed_logins || ' ' || must_change FROM users WHERE name = 'nina'")" = "0 1" ]
v --db "$DB" user list
check "user list shows the reset user as reset" grep -q '^nina  *nurse     reset ' "$T/out"
check "and the others as active" grep -q '^carl  *clinician active ' "$T/out"
expect_ok "audit verify passes after a reset" --db "$DB" audit verify
as nina nina-password
expect_fail "the old password no longer works" 1 \
	"vigil: unknown user or wrong password (or the account is locked or disabled)" \
	--db "$DB" patient list

# ---- until it is changed, nothing else --------------------------------------
MUST="vigil: nina: the password an admin set must be changed before anything else (with 'vigil passwd', or at vigil's login screen)"
as nina temp-pass-1
expect_refused "$DB" "a reset user may not read" 1 "$MUST" --db "$DB" history MRN1
expect_refused "$DB" "a reset user may not admit" 1 "$MUST" \
	--db "$DB" patient admit MRN1 --name "Pat Doe" --bed 1
expect_refused "$DB" "a reset user may not see what is due" 1 "$MUST" --db "$DB" due
expect_refused "$DB" "a reset user may not list patients" 1 "$MUST" --db "$DB" patient list
check "...refused at login, before the list's header is printed" [ ! -s "$T/out" ]
VIGIL_NEW_PASSWORD=temp-pass-1 expect_refused "$DB" "passwd: the admin's password may not be kept" 1 \
	"vigil: password: the new password must differ from the one an admin set" --db "$DB" passwd
VIGIL_NEW_PASSWORD=nina-new-password expect_out "passwd: the reset user changes it" \
	"password changed for nina" --db "$DB" passwd
check "the mark is gone" [ "$(sql "$DB" "SELECT must_change FROM users WHERE name = 'nina'")" = 0 ]
as nina nina-new-password
expect_ok "then every command works again" --db "$DB" patient list
as boss boss-password
v --db "$DB" user list
check "user list shows nina active" grep -q '^nina  *nurse     active ' "$T/out"
expect_ok "audit verify passes after the change" --db "$DB" audit verify
check "passwd is in the audit log, by nina" \
	[ "$(sql "$DB" "SELECT actor FROM audit_log WHERE action = 'passwd'")" = nina ]

# ---- an admin who must change cannot manage users either --------------------
VIGIL_NEW_PASSWORD=boss2-password v --db "$DB" user add boss2 --role admin
VIGIL_NEW_PASSWORD=temp-pass-2 v --db "$DB" user reset boss2
as boss2 temp-pass-2
expect_refused "$DB" "a reset admin may not list users" 1 \
	"vigil: boss2: the password an admin set must be changed before anything else (with 'vigil passwd', or at vigil's login screen)" \
	--db "$DB" user list
expect_refused "$DB" "a reset admin may not reset another" 1 \
	"vigil: boss2: the password an admin set must be changed before anything else (with 'vigil passwd', or at vigil's login screen)" \
	--db "$DB" user reset carl

# ---- the mark cleared outside vigil -----------------------------------------
sql "$DB" "UPDATE users SET pw_hash = substr(pw_hash, 1, length(pw_hash) - 12) WHERE name = 'boss2'"
check "the mark was cleared with the sqlite3 shell" \
	[ "$(sql "$DB" "SELECT must_change FROM users WHERE name = 'boss2'")" = 0 ]
v --db "$DB" user list
check "a user whose mark was cleared outside vigil cannot log in" [ "$rc" -ne 0 ]
check "saying the user's record was changed outside vigil" grep -q "changed outside vigil" "$T/err"
as boss boss-password
v --db "$DB" audit verify
check "audit verify sees it" [ "$rc" -ne 0 ]
finish
