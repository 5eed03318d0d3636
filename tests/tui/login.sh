#!/bin/sh
# Login: a good password opens the board; a wrong one is refused; three
# wrong ones in a row lock the account (the core's rule, its message shown);
# VIGIL_USER + VIGIL_PASSWORD log in directly; Esc quits cleanly.
. "$(dirname "$0")/lib/tui.sh"
tui_demo

# A nurse types her name and password.
tui_start
check "login screen shows" tui_wait "Log in"
tui_keys nurse Enter demo-nu
check "typed password shows as stars" tui_wait "Password   *******"
check "the password itself is not in its field" not tui_shows "Password   demo-nu"
tui_keys rse Enter
check "good password opens the ward board" tui_wait "Board: 10 patients"
check "header names the user and role" tui_shows "nurse (nurse)"
tui_keys q
check "q quits with status 0, terminal restored" tui_wait "[vigil exited 0, terminal restored]"

# A wrong password, then the lock after three in a row.
tui_start
tui_wait "Log in" >/dev/null
tui_keys clinician Enter wrong-one Enter
check "wrong password is refused" tui_wait "unknown user or wrong password (or the account is locked or disabled)"
check "still on the login screen" tui_shows "Log in"
check "the wrong password was cleared" not tui_shows "*********"
tui_keys wrong-two Enter
tui_wait "unknown user or wrong password (or the account is locked or disabled)" >/dev/null
tui_keys Escape
check "Esc quits from the login screen" tui_wait "[vigil exited 0, terminal restored]"
tui_start
tui_wait "Log in" >/dev/null
tui_keys clinician Enter wrong-three Enter
check "the third wrong password in a row locks the account, saying no more than any refusal" \
	tui_wait "unknown user or wrong password (or the account is locked or disabled)"
tui_keys demo-clinician Enter
check "then the account is locked: the right password is refused alike" \
	tui_wait "unknown user or wrong password (or the account is locked or disabled)"
check "no patient data while locked out" not tui_shows "Alex Morgan"

# Scripted: VIGIL_USER and VIGIL_PASSWORD skip the login screen.
tui_start VIGIL_USER=nurse VIGIL_PASSWORD=demo-nurse
check "VIGIL_USER/VIGIL_PASSWORD log in directly" tui_wait "Board: 10 patients"
tui_keys q
tui_wait "[vigil exited 0" >/dev/null

# A wrong VIGIL_PASSWORD leaves the login screen with the core's message.
tui_start VIGIL_USER=nurse VIGIL_PASSWORD=not-her-password
check "wrong VIGIL_PASSWORD shows the login screen with the reason" \
	tui_wait "unknown user or wrong password (or the account is locked or disabled)"
tui_keys demo-nurse Enter
check "and the right password then works" tui_wait "Board: 10 patients"
tui_done
