# tests/tui/lib/tui.sh - sourced by the terminal tests: runs the real vigil
# in a real terminal (a tmux pane of 80x24), types keys with send-keys and
# reads the screen with capture-pane. Deterministic: a fixed clock
# (VIGIL_NOW), locale, time zone and size; no fixed sleeps: tui_wait polls
# the screen until the text appears, up to TUI_TIMEOUT seconds.
#
#   . tests/tui/lib/tui.sh
#   tui_demo                      # a demo ward in $DB
#   tui_start [VAR=value...]      # vigil on $DB in a fresh pane
#   tui_keys n 8 8 Enter          # tmux key names; each one is counted
#   check "what" tui_wait "text"  # prints "ok - what" or "not ok - what"
#   skip "what (why not here)"    # prints "skipped - what"; never a pass
#   tui_done                      # "# checks: P passed, F failed, S skipped";
#                                 # exits 1 if a check failed
#
# As in tests/lib.sh, every check is also written to the file named by
# $VIGIL_TEST_RESULTS ("pass", "fail" or "skip", a tab, what; "end" from
# tui_done), which tests/run.sh counts. Without tmux every check of the
# script is one skipped check.
set -u

: "${VIGIL_BIN:?VIGIL_BIN must name the vigil binary}"
TUI_NAME=$(basename "$0" .sh)

# tui_result pass|fail|skip|end [what]: one line in the results file.
tui_result() {
	printf '%s\t%s\n' "$1" "$(printf '%s' "${2:-}" | tr '\t\n' '  ')" >>"$VIGIL_TEST_RESULTS"
}

if ! command -v tmux >/dev/null; then
	: "${VIGIL_TEST_RESULTS:=/dev/null}"
	echo "skipped - every check of $TUI_NAME: tmux is not installed"
	tui_result skip "every check of $TUI_NAME: tmux is not installed"
	tui_result end
	echo "# checks: 0 passed, 0 failed, 1 skipped"
	exit 0
fi

export LC_ALL=${TUI_LOCALE:-C.UTF-8} TZ=Europe/London VIGIL_NOW=${VIGIL_NOW:-2026-11-21T14:30}
unset VIGIL_DB VIGIL_USER VIGIL_PASSWORD VIGIL_IDLE_SECONDS VIGIL_BUSY_TIMEOUT NO_COLOR \
	VIGIL_SCALES VIGIL_CONFIG VIGIL_TUI_BENCH
case $VIGIL_BIN in
*asan*) TUI_TIMEOUT=${TUI_TIMEOUT:-60} ;; # slower, and argon2 is slow under ASan
*) TUI_TIMEOUT=${TUI_TIMEOUT:-10} ;;
esac

TUI_SOCKET="vigil-test-$TUI_NAME-$$"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/vigil-tui-$TUI_NAME.XXXXXX")
DB="$WORK/ward.db"
KEYS_SENT=0
: "${VIGIL_TEST_RESULTS:=$WORK/results}"
: >>"$VIGIL_TEST_RESULTS"

tmux_() {
	tmux -L "$TUI_SOCKET" -f /dev/null "$@"
}

tui_cleanup() {
	tmux_ kill-server 2>/dev/null
	[ -n "${TUI_CLEANUP_EXTRA:-}" ] && eval "$TUI_CLEANUP_EXTRA"
	rm -rf "$WORK"
}
trap tui_cleanup EXIT
trap 'exit 2' INT TERM HUP

# A demo ward: 10 patients, users nurse/clinician/admin (demo-ROLE passwords).
tui_demo() {
	"$VIGIL_BIN" --db "$DB" demo >"$WORK/demo.out" 2>&1 || {
		echo "not ok - vigil demo (the ward every check needs)"
		sed 's/^/#   /' "$WORK/demo.out"
		tui_result fail "vigil demo (the ward every check needs)"
		tui_done
	}
}

# The command line as a user: tui_cli nurse history MRN1001
tui_cli() {
	_user=$1; shift
	VIGIL_PASSWORD="demo-$_user" "$VIGIL_BIN" --db "$DB" --user "$_user" "$@"
}

# Starts vigil in a new pane of 80x24. Arguments are VAR=value pairs for
# its environment. When vigil ends, the pane prints "[vigil exited N]" and
# whether the terminal settings came back as they were.
tui_start() {
	tmux_ kill-server 2>/dev/null
	# A new server on a new socket each time: a new session must never
	# reach the one just killed while it is still shutting down (seen as
	# "server exited unexpectedly" on a loaded machine).
	TUI_STARTS=$((${TUI_STARTS:-0} + 1))
	TUI_SOCKET="vigil-test-$TUI_NAME-$$-$TUI_STARTS"
	_env=""
	for _a in "$@"; do
		_env="$_env '$(printf %s "$_a" | sed "s/'/'\\\\''/g")'"
	done
	cat >"$WORK/run.sh" <<EOF
trap '' INT # ^C is for vigil (which sets its own handler), not this wrapper
stty -g >"$WORK/stty.before"
sh -c 'echo \$\$ >"\$0"; exec "\$@"' "$WORK/vigil.pid" env $_env "$VIGIL_BIN" --db "$DB"
rc=\$?
if [ "\$(stty -g)" = "\$(cat "$WORK/stty.before")" ]; then t=restored; else t=BROKEN; fi
printf '[vigil exited %s, terminal %s]\n' "\$rc" "\$t"
exec sleep 3600
EOF
	tmux_ new-session -d -s tui -x 80 -y 24 "sh $WORK/run.sh"
	tmux_ set-option -t tui status off >/dev/null
	KEYS_SENT=0
}

# The process id of the running vigil (to signal it).
tui_vigil_pid() {
	cat "$WORK/vigil.pid"
}

# Sends tmux key names (Enter, Escape, BSpace, Up, Tab, C-x, or text).
# Each argument counts as one key press, except text, which counts its
# characters.
tui_keys() {
	for _k in "$@"; do
		case $_k in
		Enter | Escape | BSpace | Up | Down | Left | Right | Tab | BTab | NPage | PPage | \
			Home | End | F1 | C-?)
			KEYS_SENT=$((KEYS_SENT + 1))
			tmux_ send-keys -t tui "$_k" ;;
		*)
			KEYS_SENT=$((KEYS_SENT + ${#_k}))
			tmux_ send-keys -t tui -l "$_k" ;;
		esac
	done
}

tui_screen() {
	tmux_ capture-pane -t tui -p
}

# Waits until the screen shows text (a fixed string).
tui_wait() {
	_deadline=$(($(date +%s) + TUI_TIMEOUT))
	while :; do
		tui_screen 2>/dev/null | grep -qF -- "$1" && return 0
		[ "$(date +%s)" -ge "$_deadline" ] && break
		sleep 0.05
	done
	echo "# timed out after ${TUI_TIMEOUT}s waiting for: $1"
	tui_screen | sed 's/^/#   |/'
	return 1
}

# Waits until the screen no longer shows text.
tui_wait_gone() {
	_deadline=$(($(date +%s) + TUI_TIMEOUT))
	while tui_screen 2>/dev/null | grep -qF -- "$1"; do
		if [ "$(date +%s)" -ge "$_deadline" ]; then
			echo "# timed out after ${TUI_TIMEOUT}s waiting for this to go: $1"
			tui_screen | sed 's/^/#   |/'
			return 1
		fi
		sleep 0.05
	done
}

# Whether the screen shows text right now (no waiting).
tui_shows() {
	tui_screen | grep -qF -- "$1"
}

# Whether a line of the screen matches an extended regular expression.
tui_shows_re() {
	tui_screen | grep -qE -- "$1"
}

# Waits until a line of the screen matches an extended regular expression.
tui_wait_re() {
	_deadline=$(($(date +%s) + TUI_TIMEOUT))
	while :; do
		tui_screen 2>/dev/null | grep -qE -- "$1" && return 0
		[ "$(date +%s)" -ge "$_deadline" ] && break
		sleep 0.05
	done
	echo "# timed out after ${TUI_TIMEOUT}s waiting for /$1/"
	tui_screen | sed 's/^/#   |/'
	return 1
}

# How many assessments the database holds.
tui_count() {
	sqlite3 "$DB" "SELECT count(*) FROM assessments"
}

# The id the next assessment saved will get.
tui_next_id() {
	sqlite3 "$DB" "SELECT coalesce(max(id), 0) + 1 FROM assessments"
}

# Records a COWS through the command line, at a time of the demo day:
# tui_cows MRN HH:MM item=score...
tui_cows() {
	_mrn=$1 _at=$2; shift 2
	tui_cli nurse record "$_mrn" cows "$@" --at "2026-11-21 $_at" >/dev/null
}

# Item scores with known totals.
COWS_14="hr=96 sweating=2 restlessness=3 pupils=1 aches=2 nose=1 gi=1 tremor=1 yawning=1 anxiety=1 gooseflesh=0"
COWS_6="pulse=1 sweating=1 restlessness=1 pupils=1 aches=1 nose=1 gi=0 tremor=0 yawning=0 anxiety=0 gooseflesh=0"

# The screen with its attributes as escape sequences (colour, bold).
tui_screen_escapes() {
	tmux_ capture-pane -t tui -p -e
}

tui_resize() {
	tmux_ resize-window -t tui -x "$1" -y "$2"
}

# check "description" command [args...]: one line per check.
check() {
	_what=$1; shift
	if "$@"; then
		tui_result pass "$_what"
		echo "ok - $_what"
	else
		tui_result fail "$_what"
		echo "not ok - $_what"
	fi
}

# skip "what (why not here)": a check that cannot run here.
skip() {
	tui_result skip "$1"
	echo "skipped - $1"
}

# Negation for check: check "no X" not tui_shows X
not() {
	! "$@"
}

# The counts come from the results file: a check in a subshell counts too.
tui_done() {
	_p=$(grep -c '^pass' "$VIGIL_TEST_RESULTS")
	_f=$(grep -c '^fail' "$VIGIL_TEST_RESULTS")
	_s=$(grep -c '^skip' "$VIGIL_TEST_RESULTS")
	tui_result end
	echo "# checks: $_p passed, $_f failed, $_s skipped"
	[ "$_f" -eq 0 ] || exit 1
	exit 0
}

# Logs in on the login screen: tui_login nurse demo-nurse
tui_login() {
	tui_wait "Password" || return 1
	tui_keys "$1" Enter "$2" Enter
}
