#!/bin/sh
# The login screen of a training database: the demo accounts are shown
# when the demo ward has them (never on another database). A password an
# admin reset (vigil user reset) is changed here, typed twice, before the
# board opens: the two must match and differ from the admin's, Esc goes
# back to the login with nothing changed, and the change is audited.
. "$(dirname "$0")/lib/tui.sh"
tui_demo

tui_start
check "a demo ward's login screen lists the demo accounts" \
	tui_wait "admin / demo-admin   nurse / demo-nurse   clinician / demo-clinician"
check "under a heading" tui_shows "Demo accounts (user / password):"
tui_keys Escape
tui_wait "[vigil exited 0" >/dev/null

# The admin resets the nurse's password on the command line.
VIGIL_NEW_PASSWORD=temp-pass-1 tui_cli admin user reset nurse >"$WORK/reset.out" 2>&1
check "user reset says the password must be changed" \
	grep -qx "reset the password of nurse: it must be changed at the next login" "$WORK/reset.out"
before=$(sqlite3 "$DB" "SELECT pw_hash FROM users WHERE name = 'nurse'")

tui_start
tui_wait "Log in" >/dev/null
tui_keys nurse Enter temp-pass-1 Enter
check "a reset password leads to the new-password form, not the board" \
	tui_wait "An admin reset nurse's password: choose a new one to go on."
check "the form asks for the new password twice" tui_shows "Again"
check "no patient data before the change" not tui_shows "Alex Morgan"
tui_keys new-pass-1 Enter new-pass-2 Enter
check "two different passwords are refused" \
	tui_wait "the two passwords differ; type the new one again"
tui_keys temp-pass-1 Enter temp-pass-1 Enter
check "the admin's password may not be kept" \
	tui_wait "password: the new password must differ from the one an admin set"
tui_keys abc Enter abc Enter
check "the core's length rule is shown" tui_wait "password: at least"
after=$(sqlite3 "$DB" "SELECT pw_hash FROM users WHERE name = 'nurse'")
check "refusals leave the password record as the admin set it" [ "$before" = "$after" ]
tui_keys Escape
check "Esc goes back to the login, nothing changed" \
	tui_wait "The password was not changed; log in again to go on."
check "and the login box is back" tui_shows "Log in"
tui_keys temp-pass-1 Enter
tui_wait "choose a new one to go on." >/dev/null
tui_keys nurse-new-1 Enter nurse-new-1 Enter
check "a new password typed twice opens the board" tui_wait "Board: 10 patients"
check "and says it was changed" tui_shows "Password changed. Logged in as nurse (nurse)."
tui_keys q
tui_wait "[vigil exited 0" >/dev/null

flag=$(sqlite3 "$DB" "SELECT must_change FROM users WHERE name = 'nurse'")
check "the mark is gone once changed" [ "$flag" = 0 ]
actions=$(sqlite3 "$DB" "SELECT group_concat(actor || ' ' || action, ', ') FROM audit_log
	WHERE entity = 'user' AND action IN ('reset', 'passwd')")
check "reset and passwd are both in the audit log ($actions)" \
	[ "$actions" = "admin reset, nurse passwd" ]
tui_cli admin audit verify >"$WORK/verify.out" 2>&1
check "audit verify passes after the reset and the change" [ $? -eq 0 ]
VIGIL_PASSWORD=nurse-new-1 "$VIGIL_BIN" --db "$DB" --user nurse due >/dev/null
check "the new password works on the command line" [ $? -eq 0 ]

# A training database without the demo accounts shows none.
DB="$WORK/other.db"
VIGIL_NEW_PASSWORD=boss-pass-1 "$VIGIL_BIN" --db "$DB" init --training --admin boss >/dev/null
tui_start
tui_wait "Log in" >/dev/null
check "another training database shows no demo accounts" not tui_shows "Demo accounts"
tui_done
