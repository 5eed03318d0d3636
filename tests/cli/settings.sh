#!/bin/sh
# settings and settings set: the ward's idle lock is an admin's setting,
# stored in the database and audited; every role may look at it, only an
# admin may change it, a bad value or name is refused naming it, and a
# change made with the sqlite3 shell is caught by audit verify.
. "$(dirname "$0")/../lib.sh"

export VIGIL_NOW="2026-11-21 12:00"
DB="$T/ward.db"
export VIGIL_NEW_PASSWORD=boss-password
v --db "$DB" init --training --admin boss
as boss boss-password
export VIGIL_NEW_PASSWORD=nina-password
v --db "$DB" user add nina --role nurse
unset VIGIL_NEW_PASSWORD
export VIGIL_DB="$DB"

# Its value, then the rows and log entries about it.
stored() { sql "$DB" "SELECT value FROM settings WHERE key = 'idle-lock'"; }
logged() {
	sql "$DB" "SELECT actor || ' ' || action || ' ' || detail FROM audit_log
		WHERE entity = 'setting' AND action <> 'init' ORDER BY seq"
}

# ---- help --------------------------------------------------------------
expect_out "settings --help shows both commands" "usage: vigil settings
       the ward's settings (idle lock), each with its default
usage: vigil settings set NAME VALUE
       change a setting (admin, audited)" settings --help
expect_out "settings set --help" "usage: vigil settings set NAME VALUE
       change a setting (admin, audited)" settings set --help
v --help
check "--help lists settings and settings set" \
	sh -c 'grep -q "^  settings  " "$0" && grep -q "^  settings set  " "$0"' "$T/out"

# ---- the defaults, for every role -----------------------------------------
DEFAULT="idle-lock  5m (default)     lock the terminal interface after this long without a key (0: never)"
expect_out "an admin sees the default" "$DEFAULT" settings
as nina nina-password
expect_out "so does a nurse (every role may look)" "$DEFAULT" settings
check "nothing is stored for a default" [ -z "$(stored)" ]

# ---- an admin changes it ----------------------------------------------------
as boss boss-password
expect_out "an admin sets idle-lock 10m" \
	"idle-lock set to 10m; a terminal interface takes it when it is next started" \
	settings set idle-lock 10m
expect_out "it is listed, no longer the default" \
	"idle-lock  10m              lock the terminal interface after this long without a key (0: never)" \
	settings
check "stored as 10m" [ "$(stored)" = 10m ]
check "in the audit log: set, entity setting, by the admin" \
	[ "$(logged)" = 'boss set [2,"idle-lock","10m"]' ]
v audit verify
check "audit verify passes and counts the setting" \
	sh -c '[ "$0" = 0 ] && grep -q "^  2 settings\$" "$1"' "$rc" "$T/out"

expect_out "90s is stored in the one canonical form" \
	"idle-lock set to 1m30s; a terminal interface takes it when it is next started" \
	settings set idle-lock 90s
check "... 1m30s" [ "$(stored)" = 1m30s ]
expect_out "0: never locks" \
	"idle-lock set to 0; a terminal interface takes it when it is next started" \
	settings set idle-lock 0
expect_out "listed as 0" \
	"idle-lock  0                lock the terminal interface after this long without a key (0: never)" \
	settings
expect_out "back to the default value is a change too" \
	"idle-lock set to 5m; a terminal interface takes it when it is next started" \
	settings set idle-lock 5m
expect_out "... and listed as the default again" "$DEFAULT" settings
check "every change is one audit entry" [ "$(logged | wc -l)" = 4 ]
expect_refused "$DB" "setting the value it has already is refused" 1 \
	"vigil: idle-lock is 5m already; nothing was changed" settings set idle-lock 300s

# ---- who may not, and what is not a setting -----------------------------------
as nina nina-password
expect_refused "$DB" "a nurse may not change a setting" 1 \
	"vigil: nina (nurse) may not change settings: it needs the admin role" \
	settings set idle-lock 0
check "... the setting is as it was" [ "$(stored)" = 5m ]

as boss boss-password
for bad in "7 parsecs" 300 5min30 1h-5m ""; do
	expect_refused "$DB" "'$bad' is not a duration" 1 \
		"vigil: idle-lock: '$bad' is not a duration (e.g. 5m, 90s; 0 never locks)" \
		settings set idle-lock "$bad"
done
expect_refused "$DB" "shorter than 10s is refused" 1 \
	"vigil: idle-lock: '5s' is shorter than 10s (0 never locks)" settings set idle-lock 5s
expect_refused "$DB" "longer than 24h is refused" 1 \
	"vigil: idle-lock: '25h' is longer than 24h (0 never locks)" settings set idle-lock 25h
expect_refused "$DB" "an unknown setting is refused, naming the known ones" 1 \
	"vigil: unknown setting 'idle-time' (settings: idle-lock)" settings set idle-time 10m
unset VIGIL_PASSWORD
expect_refused "$DB" "a bad value is refused before the password is asked" 1 \
	"vigil: idle-lock: 'soon' is not a duration (e.g. 5m, 90s; 0 never locks)" \
	settings set idle-lock soon
as boss boss-password
expect_refused "$DB" "settings set without a value is a usage error" 2 \
	"vigil settings set: missing VALUE (see 'vigil settings set --help')" settings set idle-lock
expect_refused "$DB" "settings takes no argument" 2 \
	"vigil settings: unexpected argument 'idle-lock' (see 'vigil settings --help')" \
	settings idle-lock
check "after all that, still 5m" [ "$(stored)" = 5m ]

# ---- changed outside vigil ------------------------------------------------
sql "$DB" "UPDATE settings SET value = '0' WHERE key = 'idle-lock'"
expect_fail "a setting changed with the sqlite3 shell is caught by audit verify" 1 \
	"vigil: audit verify failed: setting 2: differs from what the audit log says was written (changed outside vigil)" \
	audit verify
expect_refused "$DB" "... and is not built on" 1 \
	"vigil: setting 2 differs from the audit log (changed outside vigil); nothing was changed: an admin should run 'vigil audit verify'" \
	settings set idle-lock 10m
sql "$DB" "UPDATE settings SET value = 'forever' WHERE key = 'idle-lock'"
expect_fail "a stored value changed outside vigil is refused, not run by" 1 \
	"vigil: setting 2 differs from the audit log (changed outside vigil); nothing was changed: an admin should run 'vigil audit verify'" \
	settings
# A valid value set with the sqlite3 shell (no idle lock at all) is refused
# alike: every setting is checked against the log before it is used.
sql "$DB" "UPDATE settings SET value = '0' WHERE key = 'idle-lock'"
expect_fail "a valid value set outside vigil is refused too" 1 \
	"vigil: setting 2 differs from the audit log (changed outside vigil); nothing was changed: an admin should run 'vigil audit verify'" \
	settings

finish
