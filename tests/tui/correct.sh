#!/bin/sh
# Corrections from the patient screen: amend (change a score, a reason is
# required) and void (entered in error, a reason is required). The original
# stays, marked; the CLI sees the same.
. "$(dirname "$0")/lib/tui.sh"
tui_demo
A=$(tui_next_id)
B=$((A + 1))
tui_cows MRN1002 14:20 $COWS_14
tui_start VIGIL_USER=nurse VIGIL_PASSWORD=demo-nurse
tui_wait "Board: 10 patients" >/dev/null
tui_keys j Enter
tui_wait "#$A items" >/dev/null

# Amend: sweating was 2, should have been 4.
tui_keys a
check "a opens the assessment to amend, every score filled in" \
	tui_wait "Amend COWS $A for Jordan Ellis (MRN1002), bed 2"
check "the stored scores are shown" tui_shows "Item 1 of 11: 1 2 3 1 2 1 1 1 1 1 0"
tui_keys Down
check "Down keeps a score and moves on" tui_wait "2. Sweating"
check "the score being corrected is marked (was)" tui_shows "(was)"
tui_keys 4 End
check "End goes to the review page" tui_wait "Review, then Enter to save."
check "the changed item is starred with its old score" tui_shows " *Sweating"
check "...was 2" tui_shows "4  was 2"
check "the new total" tui_shows "Total 16/48  moderate"
tui_keys Enter
check "without a reason the core refuses" tui_wait "! a reason is required"
tui_keys "sweating misread" Enter
check "saved as a correction" tui_wait "Saved correction $B: COWS 16/48 moderate for Jordan Ellis."
check "the correction is listed and marked C" tui_shows "11-21 14:20 C 16/48 moderate     nurse    corrected"
check "the original stays, marked amended" tui_shows "11-21 14:20 A 14/48 moderate     nurse    amended"
check "the correction is selected" tui_shows "#$B items"
check "vigil history --all shows both" sh -c \
	'VIGIL_PASSWORD=demo-nurse "$0" --db "$1" --user nurse history MRN1002 --all |
	 grep -E "^ +$2 [0-9-]+ [0-9:]+ .A. " >/dev/null &&
	 VIGIL_PASSWORD=demo-nurse "$0" --db "$1" --user nurse history MRN1002 |
	 grep -E "^ +$3 [0-9-]+ [0-9:]+ .C. .*16/48 moderate " >/dev/null' "$VIGIL_BIN" "$DB" "$A" "$B"

# The amended original cannot be corrected again.
tui_keys j a
check "amending an amended assessment is refused, naming why" \
	tui_wait "! assessment $A has already been amended (by assessment $B)"

# An unchanged amendment is refused by the core.
tui_keys k a End
tui_wait "Review, then Enter to save." >/dev/null
tui_keys "no change" Enter
check "an amendment that changes nothing is refused" tui_wait "no score changed"
tui_keys Escape
tui_wait "Discard?" >/dev/null
tui_keys y
tui_wait "#$B items" >/dev/null

# Void the correction: entered in error.
tui_keys v
check "v asks for confirmation and a reason" \
	tui_wait "Mark assessment $B (COWS 16/48, 2026-11-21 14:20 by nurse)"
tui_keys Enter
check "no reason: refused in the dialog" tui_wait "a reason is required"
tui_keys "wrong patient" Enter
check "voided" tui_wait "Assessment $B marked entered in error."
check "it stays listed, marked in error (as vigil history says)" \
	tui_shows "11-21 14:20 X 16/48 moderate     nurse    in error"
check "vigil history --all agrees" sh -c \
	'VIGIL_PASSWORD=demo-nurse "$0" --db "$1" --user nurse history MRN1002 --all |
	 grep -E "^ +$2 [0-9-]+ [0-9:]+ .X. " >/dev/null' "$VIGIL_BIN" "$DB" "$B"
tui_keys v
check "a voided assessment cannot be voided again" \
	tui_wait "! assessment $B is entered in error"
tui_keys Enter
check "its detail says who voided it and why" tui_wait "Entered in error, 2026-11-21 14:30 by nurse: wrong patient"
tui_keys Escape q
tui_wait "Board: 10 patients" >/dev/null
check "the board no longer counts either: the last COWS is the one before" sh -c '
	tmux -L "$0" capture-pane -t tui -p | grep "MRN1002" | grep -v " 10m " >/dev/null' \
	"$TUI_SOCKET"
tui_keys q
check "q quits cleanly (exit 0: no leak under ASan), terminal restored" \
	tui_wait "[vigil exited 0, terminal restored]"
tui_done
