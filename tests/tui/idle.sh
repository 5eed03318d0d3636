#!/bin/sh
# The idle lock: after the ward's idle-lock (an admin's setting; on a
# training database VIGIL_IDLE_SECONDS stands in) without a key the screen
# goes back to the login, hiding all patient data; an assessment in
# progress is kept for the same user and offered back; another user does
# not get it.
. "$(dirname "$0")/lib/tui.sh"
tui_demo
tui_start VIGIL_USER=nurse VIGIL_PASSWORD=demo-nurse VIGIL_IDLE_SECONDS=2
tui_wait "Board: 10 patients" >/dev/null
tui_keys n 8 8 Enter 2 3
tui_wait "Total so far 6/48" >/dev/null

# No key for 2 seconds (tui_wait polls; it does not sleep a fixed time).
check "idle: the screen locks" tui_wait "Screen locked"
check "saying why, and that the assessment is kept" \
	tui_shows "Locked after 2 s idle. Log in to go on. Your assessment in progress is kept."
check "no patient data while locked" sh -c \
	'! tmux -L "$0" capture-pane -t tui -p | grep -Eq "Alex Morgan|MRN1001|Pupil|Total"' \
	"$TUI_SOCKET"
check "the user name is filled in, the password is not" tui_shows "User       nurse"
tui_keys wrong-password Enter
check "a wrong password is refused" tui_wait "unknown user or wrong password (or the account is locked or disabled)"
tui_keys demo-nurse Enter
check "the same user back: the kept assessment is offered" \
	tui_wait "You were entering a COWS for Alex Morgan (MRN1001): 3 of 11 items"
tui_keys y
check "resumed where it was" tui_wait "4. Pupil size"
check "with the scores kept" tui_shows "Total so far 6/48"
tui_keys 1 1 1 1 1 1 0 0
tui_wait "Review, then Enter to save." >/dev/null
ID=$(tui_next_id)
tui_keys Enter
check "and saved" tui_wait "Saved assessment $ID: COWS 12/48 mild for Alex Morgan."

# ^X locks at once; another user logging in does not get the entry.
COUNT=$(tui_count)
tui_keys j n 9 0 Enter C-x
check "^X locks at once" tui_wait "Locked. Log in to go on. Your assessment in progress is kept."
tui_keys Up C-u clinician Enter demo-clinician Enter
check "another user: the kept assessment is discarded, saying so" \
	tui_wait "Logged in as clinician; nurse's unsaved assessment was discarded."
# On the demo's training database the header's TRAINING mark leaves no room
# for the role beside a clinician's name: the header names the user alone.
check "the board, as clinician" tui_shows_re "^ vigil \| .* clinician( \(clinician\))? \| 14:30$"
check "nothing of it was saved" test "$(tui_count)" -eq "$COUNT"
# Idle again on the board: locks, and the clinician logs back in.
check "idle on the board locks too" tui_wait "Screen locked"
tui_keys demo-clinician Enter
check "back to the board" tui_wait "Welcome back, clinician."
tui_keys q
check "q quits cleanly (exit 0: no leak under ASan), terminal restored" \
	tui_wait "[vigil exited 0, terminal restored]"

# The ward's idle lock is an admin's setting in the database: it takes
# effect without VIGIL_IDLE_SECONDS. 10s is the shortest allowed, so this
# wait is longer than the others.
tui_cli admin settings set idle-lock 10s >/dev/null
tui_start VIGIL_USER=nurse VIGIL_PASSWORD=demo-nurse
tui_wait "Board: 10 patients" >/dev/null
_timeout=$TUI_TIMEOUT
TUI_TIMEOUT=$((TUI_TIMEOUT + 15))
check "a stored idle-lock of 10s locks the screen, with no VIGIL_IDLE_SECONDS" \
	tui_wait "Locked after 10 s idle. Log in to go on."
TUI_TIMEOUT=$_timeout
tui_start VIGIL_USER=nurse VIGIL_PASSWORD=demo-nurse VIGIL_IDLE_SECONDS=2
check "on a training database VIGIL_IDLE_SECONDS still wins over it" \
	tui_wait "Locked after 2 s idle. Log in to go on."
tui_done
