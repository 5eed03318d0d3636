#!/bin/sh
# Every command that opens the database, against a database it cannot use:
# missing, a directory, empty, unreadable, read-only, locked by another
# program, corrupt, another program's SQLite file, or written by a newer
# vigil. Each: exit 1, one line naming the file and the problem, and the
# file left exactly as it was.
. "$(dirname "$0")/../lib.sh"

export VIGIL_NOW="2026-11-21 12:00"
GOOD="$T/good.db"
export VIGIL_NEW_PASSWORD=boss-password
v --db "$GOOD" init --training --admin boss
as boss boss-password
export VIGIL_NEW_PASSWORD=nina-password
v --db "$GOOD" user add nina --role nurse
as nina nina-password
v --db "$GOOD" patient admit MRN1001 --name "Alex Morgan" --at "2026-11-21 08:00"
v --db "$GOOD" record MRN1001 craving craving=3
check "setup: a good ward" [ "$(sql "$GOOD" 'SELECT count(*) FROM assessments')" = 1 ]
VERSION=$(sql "$GOOD" 'PRAGMA user_version')

# Every command that uses the database: who runs it, and whether it writes.
COMMANDS="boss|write|user add dora --role nurse
boss|read|user list
boss|write|user disable nina
nina|write|passwd
nina|write|patient admit MRN2001 --name X
nina|write|patient discharge MRN1001
nina|read|patient list
nina|write|record MRN1001 craving craving=3
nina|read|history MRN1001
nina|read|show 1
nina|write|amend 1 craving=5 --reason x
nina|write|void 1 --reason x
boss|read|audit verify"

RUN_AS=""
# each_command DB MESSAGE LABEL [writes]: runs every command on DB; each
# must fail with MESSAGE and leave DB's bytes (and its absence of side
# files) alone. With "writes", only the commands that write must fail; the
# ones that only read must work, and side files are SQLite's business.
each_command() {
	db=$1 msg=$2 label=$3 only=${4:-all}
	echo "$COMMANDS" | while IFS='|' read -r user kind cmd; do
		[ "$user" = boss ] && as boss boss-password || as nina nina-password
		before=$( [ -f "$db" ] && filesum "$db" || echo none)
		# shellcheck disable=SC2086 # the command words are split on purpose
		$RUN_AS setsid -w "$VIGIL_BIN" --db "$db" $cmd </dev/null >"$T/out" 2>"$T/err"
		rc=$?
		if [ "$only" = writes ] && [ "$kind" = read ]; then
			problem=""
			[ "$rc" = 0 ] && [ ! -s "$T/err" ] || problem="a read failed (exit $rc)"
			label2="$label, reading works"
		else
			problem=$(fail_problem 1 "$msg")
			label2=$label
		fi
		after=$( [ -f "$db" ] && filesum "$db" || echo none)
		[ -z "$problem" ] && [ "$before" != "$after" ] && problem="the file changed"
		[ -z "$problem" ] && [ "$only" = all ] && { [ -e "$db-wal" ] || [ -e "$db-shm" ]; } &&
			problem="left $db-wal or -shm"
		if [ -z "$problem" ]; then
			ok "$label2: $cmd"
		else
			not_ok "$label2: $cmd" "$problem" "stderr: $(err)" "stdout: $(out)"
		fi
	done
}

# passed/failed are counted in the pipeline's subshell: count the lines.
counted() {
	"$@" >"$T/lines"
	cat "$T/lines"
	passed=$((passed + $(grep -c '^ok' "$T/lines")))
	failed=$((failed + $(grep -c '^not ok' "$T/lines")))
}

P="$T/missing.db"
counted each_command "$P" "vigil: $P: no database here; create one with 'vigil init' or 'vigil demo'" missing
check "missing: nothing was created" [ ! -e "$P" ]

P="$T/a-directory"
mkdir "$P"
counted each_command "$P" "vigil: $P: not a regular file" directory

P="$T/empty.db"
: >"$P"
counted each_command "$P" "vigil: $P: empty file, not a vigil database" empty

P="$T/garbage.db"
head -c 16384 /dev/urandom >"$P"
counted each_command "$P" "vigil: $P: not a vigil database, or it is corrupt" corrupt

P="$T/text.db"
printf 'SQLite format 3 is what this file says, but it is not\n' >"$P"
counted each_command "$P" "vigil: $P: not a vigil database, or it is corrupt" "not a database"

P="$T/smashed.db"
cp "$GOOD" "$P"
size=$(stat -c %s "$P")
head -c $((size - 100)) /dev/zero | tr '\0' '\245' | dd of="$P" bs=1 seek=100 conv=notrunc 2>/dev/null
counted each_command "$P" "vigil: $P: not a vigil database, or it is corrupt" "pages overwritten"

P="$T/other-app.db"
sqlite3 "$P" "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hello');"
counted each_command "$P" "vigil: $P: not a vigil database" "another program's file"

P="$T/newer.db"
cp "$GOOD" "$P"
sqlite3 "$P" "PRAGMA user_version = 99"
counted each_command "$P" \
	"vigil: $P: written by a newer vigil (schema 99; this vigil knows up to $VERSION); upgrade vigil, the file was not changed" \
	"newer version"

# ---- unreadable and read-only: as a user the permissions apply to ------------
if [ "$(id -u)" = 0 ]; then
	RUN_AS="setpriv --reuid=65534 --regid=65534 --clear-groups"
	chmod 711 "$T"
	OWNER=65534:65534
else
	OWNER=""
fi
if [ -n "$RUN_AS" ] && ! $RUN_AS test -x "$VIGIL_BIN"; then
	echo "ok - # SKIP unreadable and read-only: $VIGIL_BIN is not executable by another user"
else
	mkdir "$T/perm"
	P="$T/perm/unreadable.db"
	cp "$GOOD" "$P"
	chmod 000 "$P"
	[ -n "$OWNER" ] && chown "$OWNER" "$T/perm"
	counted each_command "$P" "vigil: $P: Permission denied" unreadable

	# Read-only: the file 0400 in a folder its owner cannot write either.
	mkdir "$T/ro"
	P="$T/ro/readonly.db"
	cp "$GOOD" "$P"
	[ -n "$OWNER" ] && chown "$OWNER" "$P" "$T/ro"
	chmod 0400 "$P"
	chmod 0500 "$T/ro"
	counted each_command "$P" "vigil: $P: database is read-only" "read-only"
	# A read-only file in a folder the user can write: SQLite can make its
	# -shm there, so reading works; every write is still refused.
	chmod 0700 "$T/ro"
	counted each_command "$P" "vigil: $P: database is read-only" "read-only file, writable folder" writes
	chmod 0500 "$T/ro"
	check "init into a folder it cannot write" sh -c \
		"$RUN_AS env VIGIL_NEW_PASSWORD=boss-password '$VIGIL_BIN' --db '$T/ro/new.db' init --training --admin boss 2>'$T/err'; [ \$? = 1 ] && [ \"\$(cat '$T/err')\" = 'vigil: $T/ro/new.db: Permission denied' ] && [ ! -e '$T/ro/new.db' ]"
	RUN_AS=""
fi

# ---- locked by another program ------------------------------------------------
P="$T/locked.db"
cp "$GOOD" "$P"
export VIGIL_BUSY_TIMEOUT=100
mkfifo "$T/hold"
"$VIGIL_TEST_HELPERS/holdlock" "$P" <"$T/hold" >"$T/holdlock.out" 2>&1 &
holder=$!
exec 3>"$T/hold"
i=0
while ! grep -q locked "$T/holdlock.out" 2>/dev/null && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
if grep -q locked "$T/holdlock.out"; then
	# Writes wait VIGIL_BUSY_TIMEOUT and give up; WAL readers are not blocked.
	echo "$COMMANDS" | while IFS='|' read -r user kind cmd; do
		[ "$user" = boss ] && as boss boss-password || as nina nina-password
		# shellcheck disable=SC2086
		v --db "$P" $cmd
		if [ "$kind" = read ]; then
			if [ "$rc" = 0 ] && [ ! -s "$T/err" ]; then ok "locked, reading works: $cmd"
			else not_ok "locked, reading works: $cmd" "exit $rc" "$(err)"; fi
			continue
		fi
		problem=$(fail_problem 1 "vigil: $P: database is locked by another program; try again")
		if [ -z "$problem" ]; then ok "locked: $cmd"; else not_ok "locked: $cmd" "$problem" "$(err)"; fi
	done >"$T/lines"
	cat "$T/lines"
	passed=$((passed + $(grep -c '^ok' "$T/lines")))
	failed=$((failed + $(grep -c '^not ok' "$T/lines")))
else
	not_ok "holdlock took the lock" "$(cat "$T/holdlock.out")"
fi
exec 3>&-
wait "$holder"
check "locked: the helper let go cleanly" [ $? = 0 ]
check "locked: nothing was written while locked" [ "$(snap "$P")" = "$(snap "$GOOD")" ]
as nina nina-password
expect_out "unlocked: the same command now works" "assessment 2
Craving 3/10" --db "$P" record MRN1001 craving craving=3
export VIGIL_BUSY_TIMEOUT=soon
expect_fail "VIGIL_BUSY_TIMEOUT that is not a number" 1 \
	"vigil: VIGIL_BUSY_TIMEOUT: 'soon' is not a number of milliseconds" --db "$GOOD" history MRN1001
unset VIGIL_BUSY_TIMEOUT

# ---- init where it cannot create ---------------------------------------------------
: >"$T/plainfile"
export VIGIL_NEW_PASSWORD=boss-password
expect_fail "init under a plain file" 1 "vigil: $T/plainfile/ward.db: Not a directory" \
	--db "$T/plainfile/ward.db" init --training --admin boss
sum=$(filesum "$GOOD")
expect_fail "init over an existing database" 1 \
	"vigil: $GOOD: a database is already there; it was not changed" --db "$GOOD" init --training --admin boss
check "init: the existing database is unchanged" [ "$(filesum "$GOOD")" = "$sum" ]

as boss boss-password
v --db "$GOOD" audit verify
check "the good ward still verifies" [ "$rc" = 0 ]

# ---- a backup killed half way -------------------------------------------------
# Killed by a signal while it writes the copy: the file size limit's
# SIGXFSZ, which like SIGKILL gives vigil no chance to tidy up, on a ward
# of 3000 patients, well over the limit. No file at the destination, only
# the hidden partial one named for it, which does not stand in the way of
# the backup done again. The ward's own clock: no VIGIL_NOW.
unset VIGIL_NOW
K="$T/killed.db"
export VIGIL_NEW_PASSWORD=boss-password
v --db "$K" init --admin boss
awk 'BEGIN { print "mrn,name,bed"; for (i = 1; i <= 3000; i++) printf "K%d,Patient %d,\n", i, i }' \
	>"$T/many.csv"
v --db "$K" patient import "$T/many.csv"
check "setup: a ward of 3000 patients, over 200 KiB" [ "$rc" = 0 -a "$(stat -c %s "$K")" -gt 204800 ]
mkdir "$T/backups"
# Not exec'd: the subshell reports the signal, into $T/err.
(ulimit -c 0 && ulimit -f 200 && "$VIGIL_BIN" --db "$K" backup "$T/backups/ward.db"; exit $?) \
	</dev/null >"$T/out" 2>"$T/err"
rc=$?
check "a backup killed half way by a signal" [ "$rc" -gt 128 ]
check "... leaves no file at the destination" [ ! -e "$T/backups/ward.db" ]
check "... only its partial file, hidden and named for the backup" \
	[ "$(ls -A "$T/backups" | sed 's/-[A-Za-z0-9]\{6\}$/-XXXXXX/')" = ".ward.db.partial-XXXXXX" ]
expect_out "... the backup done again works" "backed up $K to $T/backups/ward.db" \
	--db "$K" backup "$T/backups/ward.db"
v --db "$T/backups/ward.db" audit verify
check "... a whole copy, which verifies" [ "$rc" = 0 ]

finish
