#!/bin/sh
# Proof under stress (issue 11), kept as a test.
#
# 1. Concurrency: writers running vigil at once against one database, each
#    command a separate process with its own login: every command that says
#    it saved must be stored, none may fail (no "database is locked"), and
#    `vigil audit verify` passes afterwards.
# 2. SIGKILL: a record, an amend, an import of admissions and a dose, each
#    killed part-way, again and again (tests/helpers/stress_kill.c: at a
#    time into the run, or just after the command's first write to the
#    -wal file, i.e. inside its commit). After each kill the same kind of
#    write, the first program to open the database since, succeeds; then
#    the database passes PRAGMA integrity_check; every write acknowledged so
#    far is there; nothing is half written (an assessment with fewer items
#    than its scale, a COWS heart rate without its vital signs entry, a
#    record without its audit entry, an import of some of its rows); and the
#    killed write added nothing or all of itself, once.
#
# Bounded (every `make check`): 4 writers x 10 commands, 12 kills.
# Long (`make stress`, VIGIL_STRESS=long): 16 writers x 50 commands, 216
# kills. Figures are printed as "#" lines; no timing is asserted.
. "$(dirname "$0")/../lib.sh"

if [ "${VIGIL_STRESS:-}" = long ]; then
	WRITERS=16 EACH=50 KILLS=216 IMPORT_ROWS=100
else
	WRITERS=4 EACH=10 KILLS=12 IMPORT_ROWS=20
fi
KILLER="$VIGIL_TEST_HELPERS/stress_kill"
export VIGIL_NOW="2026-11-21 12:00"
DB="$T/ward.db"

info() {
	echo "# $*"
}

# ---- the ward ---------------------------------------------------------------
export VIGIL_NEW_PASSWORD=boss-password
v --db "$DB" init --training --admin boss
as boss boss-password
export VIGIL_NEW_PASSWORD=nina-password
v --db "$DB" user add nina --role nurse
export VIGIL_NEW_PASSWORD=omar-password
v --db "$DB" user add omar --role nurse
unset VIGIL_NEW_PASSWORD
# A patient a bed for each writer (W1...), and for the kills: a record
# (K1), amends (K2 killed, K4 after each kill) and a dose (K3).
{
	echo "mrn,name,bed"
	w=1
	while [ $w -le $WRITERS ]; do
		echo "W$w,Writer Patient $w,$w"
		w=$((w + 1))
	done
	echo "K1,Killed Record,101"
	echo "K2,Killed Amend,102"
	echo "K3,Killed Dose,103"
	echo "K4,Amended Too,104"
} >"$T/ward.csv"
v --db "$DB" patient import "$T/ward.csv"
ward=$(sql "$DB" 'SELECT count(*) FROM patients' 2>/dev/null)
check "setup: a training ward with $((WRITERS + 4)) patients" [ "$rc $ward" = "0 $((WRITERS + 4))" ]
check "setup: the kill helper was built" [ -x "$KILLER" ]
# Nothing below means anything without them.
if [ "$rc $ward" != "0 $((WRITERS + 4))" ] || [ ! -x "$KILLER" ]; then
	finish
	exit
fi

# The chart's commands (issue 9) join the mix when this vigil has them.
as nina nina-password
v dose --help
if [ "$rc" = 0 ]; then
	CHART=yes
else
	CHART=no
	info "vigil dose --help failed: no doses, vital signs or notes in this run, records only"
fi

# Each scale's item count, from vigil itself ("cows  COWS  11 items, ...").
v scales
scale_items=$(awk '$4 ~ /^items?,$/ { printf "%s(%s, %s)", sep, "\047" $1 "\047", $3; sep = ", " }' "$T/out")
check "setup: the scales and their item counts are known" [ -n "$scale_items" ]

# acked FILE: the kind and id of what a successful command's first line
# says it saved: "a N" (assessment), "c N" (chart entry); nothing if it
# says something else.
acked() {
	sed -n '1{
		s/^assessment \([0-9][0-9]*\)\( (corrects [0-9][0-9]*)\)\{0,1\}$/a \1/p
		s/^dose D\([0-9][0-9]*\) given: .*/c \1/p
		s/^vital signs V\([0-9][0-9]*\) at .*/c \1/p
		s/^note T\([0-9][0-9]*\) at .*/c \1/p
	}' "$1"
}

# ---- 1. concurrent writers ------------------------------------------------------
# writer W: EACH commands, one after another, on the writers' patients in
# turn; mostly assessments of every scale, and doses, vital signs and notes.
# Appends "a N" / "c N" to $T/ack.W for each one acknowledged, and what went
# wrong to $T/fail.W.
writer() {
	w=$1 j=1
	: >"$T/ack.$w"
	: >"$T/fail.$w"
	while [ $j -le $EACH ]; do
		mrn="W$(((w + j) % WRITERS + 1))"
		k=$(((w + j) % 8))
		[ $CHART = no ] && k=$((k % 5))
		case $k in
		0) set -- record "$mrn" cows pulse=1 sweating=1 restlessness=1 pupils=1 aches=1 nose=1 gi=1 \
			tremor=1 yawning=1 anxiety=1 gooseflesh=0 ;;
		1) set -- record "$mrn" ciwa-ar nausea=1 tremor=1 sweats=1 anxiety=1 agitation=1 tactile=0 \
			auditory=0 visual=0 headache=1 orientation=0 ;;
		2) set -- record "$mrn" sows anxious=1 yawning=1 perspiring=1 tearing=1 nose=1 goosebumps=0 \
			shaking=1 hot-flushes=1 cold-flushes=1 aches=1 restless=1 nauseous=1 vomiting=0 \
			twitching=1 cramps=1 craving=2 ;;
		3) set -- record "$mrn" craving craving=$((j % 11)) ;;
		4) set -- record "$mrn" cows hr=$((80 + j)) sweating=1 restlessness=1 pupils=1 aches=1 nose=1 \
			gi=1 tremor=1 yawning=1 anxiety=1 gooseflesh=0 ;;
		5) set -- dose "$mrn" buprenorphine 2 mg --route SL ;;
		6) set -- vitals "$mrn" hr=$((70 + j)) bp=120/80 temp=36.8 ;;
		7) set -- note "$mrn" "writer $w, command $j" ;;
		esac
		"$VIGIL_BIN" --db "$DB" "$@" </dev/null >"$T/w$w.out" 2>"$T/w$w.err"
		status=$?
		ack=$(acked "$T/w$w.out")
		if [ $status = 0 ] && [ -n "$ack" ]; then
			echo "$ack" >>"$T/ack.$w"
		else
			{
				echo "writer $w, command $j (vigil $*): exit $status"
				cat "$T/w$w.out" "$T/w$w.err"
			} >>"$T/fail.$w"
		fi
		j=$((j + 1))
	done
}

a_before=$(sql "$DB" 'SELECT count(*) FROM assessments')
# Chart entries of their own: a COWS heart rate's vital signs ride along
# with its assessment (checked below, with everything else that must hold).
own_charts='SELECT count(*) FROM chart_entries WHERE assessment_id IS NULL'
[ $CHART = yes ] || own_charts='SELECT 0'
c_before=$(sql "$DB" "$own_charts")
w=1
while [ $w -le $WRITERS ]; do
	if [ $((w % 2)) = 1 ]; then
		(as nina nina-password && writer $w) &
	else
		(as omar omar-password && writer $w) &
	fi
	w=$((w + 1))
done
wait

cat "$T"/ack.* >"$T/acked"
cat "$T"/fail.* >"$T/failed"
acked_n=$(wc -l <"$T/acked")
acked_a=$(grep -c '^a' "$T/acked")
acked_c=$(grep -c '^c' "$T/acked")
stored_a=$(($(sql "$DB" 'SELECT count(*) FROM assessments') - a_before))
stored_c=$(($(sql "$DB" "$own_charts") - c_before))
busy=$(grep -c 'database is locked' "$T/failed")
info "concurrency: $WRITERS writers x $EACH commands: $acked_n acknowledged" \
	"($acked_a assessments, $acked_c chart entries), $((stored_a + stored_c)) stored," \
	"$(grep -c '^writer ' "$T/failed") failed, $busy busy"
if [ ! -s "$T/failed" ]; then
	ok "concurrency: all $((WRITERS * EACH)) commands succeeded (none busy)"
else
	not_ok "concurrency: all $((WRITERS * EACH)) commands succeeded (none busy)" \
		"$(head -20 "$T/failed")"
fi
check "concurrency: every command acknowledged what it saved" [ "$acked_n" = $((WRITERS * EACH)) ]
check "concurrency: as many assessments stored as acknowledged ($acked_a)" [ "$stored_a" = "$acked_a" ]
check "concurrency: as many chart entries stored as acknowledged ($acked_c)" [ "$stored_c" = "$acked_c" ]
dups=$(sort "$T/acked" | uniq -d | wc -l)
check "concurrency: no two commands acknowledged the same record" [ "$dups" = 0 ]

# ---- what must hold at any moment ---------------------------------------------------
# state: one line, "integrity|unscaled|unlinked|unaudited|missing|partial|A|C|P":
# PRAGMA integrity_check; assessments whose item count is not their
# scale's; COWS heart rates without exactly one vital signs entry; records
# without an audit entry; acknowledged writes missing (from $T/acked:
# assessments, chart entries, whole imports "i K"); imports stored in part;
# then how many assessments, chart entries and patients there are.
state() {
	values=$(awk '
		$1 == "a" || $1 == "c" || $1 == "i" { printf "%s(\047%s\047, %s)", sep, $1, $2; sep = ", " }
		END { if (sep == "") printf "(\047-\047, 0)" }' "$T/acked")
	if [ $CHART = yes ]; then
		unlinked="SELECT count(*) FROM assessment_items i WHERE i.item = 'pulse'
			AND i.raw_value IS NOT NULL AND (SELECT count(*) FROM chart_entries c
			WHERE c.assessment_id = i.assessment_id AND c.kind = 'vitals') != 1"
		charts="SELECT count(*) FROM chart_entries"
		chart_unaudited="SELECT count(*) FROM chart_entries c WHERE NOT EXISTS (SELECT 1
			FROM audit_log l WHERE l.entity = 'chart' AND l.entity_id = c.id)"
		chart_missing="SELECT count(*) FROM acked k WHERE k.kind = 'c'
			AND k.id NOT IN (SELECT id FROM chart_entries)"
	else
		unlinked="SELECT 0" charts="SELECT 0" chart_unaudited="SELECT 0" chart_missing="SELECT 0"
	fi
	sqlite3 -batch "$DB" "
		CREATE TEMP TABLE scale_items(scale TEXT PRIMARY KEY, items INTEGER);
		INSERT INTO scale_items VALUES $scale_items;
		CREATE TEMP TABLE acked(kind TEXT, id INTEGER);
		INSERT INTO acked VALUES $values;
		CREATE TEMP TABLE imports AS SELECT substr(mrn, 2, instr(mrn, '-') - 2) AS k,
			count(*) AS n FROM patients WHERE mrn GLOB 'I[0-9]*-[0-9]*' GROUP BY 1;
		SELECT (SELECT group_concat(integrity_check, ' ') FROM pragma_integrity_check)
		|| '|' || (SELECT count(*) FROM assessments a LEFT JOIN scale_items s ON s.scale = a.scale
			WHERE s.items IS NULL OR s.items != (SELECT count(*) FROM assessment_items i
			WHERE i.assessment_id = a.id))
		|| '|' || ($unlinked)
		|| '|' || ((SELECT count(*) FROM assessments a WHERE NOT EXISTS (SELECT 1 FROM audit_log l
			WHERE l.entity = 'assessment' AND l.entity_id = a.id))
			+ ($chart_unaudited)
			+ (SELECT count(*) FROM patients p WHERE NOT EXISTS (SELECT 1 FROM audit_log l
			WHERE l.entity = 'patient' AND l.entity_id = p.id)))
		|| '|' || ((SELECT count(*) FROM acked k WHERE k.kind = 'a'
			AND k.id NOT IN (SELECT id FROM assessments))
			+ ($chart_missing)
			+ (SELECT count(*) FROM acked k WHERE k.kind = 'i'
			AND NOT EXISTS (SELECT 1 FROM imports m WHERE m.k = CAST(k.id AS TEXT)
			AND m.n = $IMPORT_ROWS)))
		|| '|' || (SELECT count(*) FROM imports WHERE n != $IMPORT_ROWS)
		|| '|' || (SELECT count(*) FROM assessments) || '|' || ($charts)
		|| '|' || (SELECT count(*) FROM patients);" 2>&1
}

# parse STATE: its fields in $s_integrity ... $s_partial and the counts in
# $s_a, $s_c, $s_p (-1 each when STATE is not a state: sqlite3 failed).
parse() {
	s_integrity=$1 s_unscaled=- s_unlinked=- s_unaudited=- s_missing=- s_partial=-
	s_a=-1 s_c=-1 s_p=-1
	old_ifs=$IFS
	IFS='|'
	set -f
	set -- $1
	set +f
	IFS=$old_ifs
	[ $# = 9 ] || return
	case "$7$8$9" in
	*[!0-9]*) return ;;
	esac
	s_integrity=$1 s_unscaled=$2 s_unlinked=$3 s_unaudited=$4 s_missing=$5 s_partial=$6
	s_a=$7 s_c=$8 s_p=$9
}

now=$(state)
expect_state="ok|0|0|0|0|0"
check "concurrency: the database is whole, nothing half written, every acknowledgement stored" \
	[ "${now%|*|*|*}" = "$expect_state" ]
[ "${now%|*|*|*}" = "$expect_state" ] || info "state: $now"

as boss boss-password
v --db "$DB" audit verify
check "concurrency: vigil audit verify passes" [ "$rc" = 0 ]
[ "$rc" = 0 ] || info "$(err)"

# ---- 2. SIGKILL mid-write ----------------------------------------------------
# The kinds killed in turn: "record" (a COWS with its heart rate, so a
# vital signs entry rides along), "amend" (the latest correction of a
# COWS, which carries its vital signs along), "import" (IMPORT_ROWS
# admissions, all or none) and "dose".
#
# Each kill is followed by the same kind of write run to its end, the first
# program to open the database after the kill (so vigil, not the sqlite3
# shell, finds what the killed one left), and only then is the database
# read. The killed write amends K2's COWS, the one after it K4's: each
# knows what it corrects before either runs.
if [ $CHART = yes ]; then
	KINDS="record amend import dose"
	NKINDS=4
else
	KINDS="record amend import"
	NKINDS=3
fi
if [ "${VIGIL_STRESS:-}" = long ]; then
	VERIFY_EVERY=24 # audit verify after every 24th kill, and at the end
else
	VERIFY_EVERY=0 # at the end only
fi
as nina nina-password
for mrn in K2 K4; do
	v --db "$DB" record $mrn cows hr=110 sweating=1 restlessness=1 pupils=1 aches=1 nose=1 gi=0 \
		tremor=1 yawning=1 anxiety=1 gooseflesh=0
	check "kills: $mrn's COWS to amend" [ "$rc" = 0 ]
	acked "$T/out" >>"$T/acked"
done

# kind_args KIND N FILE [MRN]: the arguments of the Nth write of KIND, one
# a line (none holds a line end) in FILE, and as one string in $args. An
# amend corrects the latest correction of MRN's COWS; an import writes its
# CSV, admitting IN-1 ... IN-IMPORT_ROWS.
kind_args() {
	file=$3
	case $1 in
	record) set -- record K1 cows hr=$((90 + $2 % 50)) sweating=1 restlessness=1 pupils=1 aches=1 \
		nose=1 gi=1 tremor=1 yawning=1 anxiety=1 gooseflesh=0 ;;
	amend)
		head=$(sql "$DB" "SELECT a.id || ' ' || i.score FROM assessments a
			JOIN assessment_items i ON i.assessment_id = a.id AND i.item = 'gi'
			WHERE a.patient_id = (SELECT id FROM patients WHERE mrn = '$4')
			AND NOT EXISTS (SELECT 1 FROM assessments b WHERE b.supersedes_id = a.id)
			ORDER BY a.id DESC LIMIT 1")
		set -- amend "${head% *}" gi=$(((${head#* } + 1) % 3)) --reason "stress $2" ;;
	import)
		{
			echo "mrn,name"
			r=1
			while [ $r -le $IMPORT_ROWS ]; do
				echo "I$2-$r,Imported $2 $r"
				r=$((r + 1))
			done
		} >"$T/import-$2.csv"
		set -- patient import "$T/import-$2.csv" ;;
	dose) set -- dose K3 buprenorphine 2 mg --route SL ;;
	esac
	args="$*"
	printf '%s\n' "$@" >"$file"
}

# run_args FILE MODE...: runs vigil with the arguments in FILE through the
# kill helper (MODE: never | at US | wal US DB); the helper's verdict in
# $verdict, the command's output in $T/k.out and $T/k.err.
run_args() {
	file=$1
	shift
	set -- "$@" "$T/k.out" "$T/k.err" "$VIGIL_BIN" --db "$DB"
	while IFS= read -r arg; do
		set -- "$@" "$arg"
	done <"$file"
	verdict=$("$KILLER" "$@")
}

# ack_of KIND N: what the last run, the Nth write of KIND, acknowledged.
ack_of() {
	if [ "$1" = import ]; then
		grep -q "^admitted $IMPORT_ROWS patients from " "$T/k.out" && echo "i $2"
	else
		acked "$T/k.out"
	fi
}

# full_delta KIND: the rows a write of KIND adds (assessments, chart
# entries, patients).
full_delta() {
	case $1 in
	record | amend) if [ $CHART = yes ]; then echo "1 1 0"; else echo "1 0 0"; fi ;;
	import) echo "0 0 $IMPORT_ROWS" ;;
	dose) echo "0 1 0" ;;
	esac
}

for f in integrity unscaled unlinked unaudited missing partial delta next verify; do
	: >"$T/bad.$f"
done
# bad WHAT TEXT: one problem, in its file.
bad() {
	echo "$2" >>"$T/bad.$1"
}

WAL_DELAYS="0 200 1000 3000 10000"
killed=0 finished=0 committed=0 rolled_back=0 next_ok=0 verified=0
for kind in $KINDS; do
	eval "dur_$kind=400 killed_$kind=0"
done
i=0
while [ $i -lt $KILLS ]; do
	set -- $KINDS
	shift $((i % NKINDS))
	kind=$1
	# Even rounds of the kinds: just after the first write to the WAL, by
	# 0 to 10 ms; odd ones: 25% to 104% into the run (as long as the last
	# run of the kind took).
	if [ $((i / NKINDS % 2)) = 0 ]; then
		set -- $WAL_DELAYS
		shift $((i % 5))
		mode="wal $1 $DB"
		how="$1 us after its first write to the WAL"
	else
		eval "dur=\$dur_$kind"
		us=$((dur * (25 + i * 29 % 80) * 10))
		mode="at $us"
		how="$((us / 1000)) ms into the run"
	fi
	parse "$(state)"
	b_a=$s_a b_c=$s_c b_p=$s_p
	kind_args "$kind" "$i" "$T/kill.args" K2
	kill_args=$args
	kind_args "$kind" $((KILLS + i)) "$T/next.args" K4
	next_args=$args

	run_args "$T/kill.args" $mode
	kill_verdict=$verdict
	what="kill $i ($kind, $how: $verdict)"
	ack=$(ack_of "$kind" "$i")
	[ -n "$ack" ] && echo "$ack" >>"$T/acked"
	kill_err=$(cat "$T/k.err")

	# The same kind of write again, to its end.
	run_args "$T/next.args" never
	next_ack=$(ack_of "$kind" $((KILLS + i)))
	next_done=no
	case $verdict in
	"exit 0 "*)
		if [ -n "$next_ack" ]; then
			next_done=yes
			next_ok=$((next_ok + 1))
			echo "$next_ack" >>"$T/acked"
			eval "dur_$kind=${verdict##* }"
		else
			bad next "$what: then vigil $next_args said: $(cat "$T/k.out")"
		fi ;;
	*) bad next "$what: then vigil $next_args: $verdict: $(cat "$T/k.err")" ;;
	esac

	now=$(state)
	parse "$now"
	[ "$s_integrity" = ok ] || bad integrity "$what: $now"
	[ "$s_unscaled" = 0 ] || bad unscaled "$what: $s_unscaled assessments without all their items"
	[ "$s_unlinked" = 0 ] ||
		bad unlinked "$what: $s_unlinked COWS heart rates without exactly one vital signs entry"
	[ "$s_unaudited" = 0 ] || bad unaudited "$what: $s_unaudited records without an audit entry"
	[ "$s_missing" = 0 ] || bad missing "$what: $s_missing acknowledged writes missing"
	[ "$s_partial" = 0 ] || bad partial "$what: $s_partial imports stored in part"

	# What the killed write added: nothing, or the whole write.
	set -- $(full_delta "$kind")
	full="$*"
	if [ $next_done = yes ]; then
		delta="$((s_a - b_a - $1)) $((s_c - b_c - $2)) $((s_p - b_p - $3))"
	else
		delta="unknown (the next write failed)"
	fi
	case $kill_verdict in
	killed*)
		killed=$((killed + 1))
		eval "killed_$kind=\$((killed_$kind + 1))"
		if [ "$delta" = "$full" ]; then
			committed=$((committed + 1))
		elif [ "$delta" = "0 0 0" ]; then
			rolled_back=$((rolled_back + 1))
		else
			bad delta "$what: added $delta rows (assessments, chart entries, patients), not 0 0 0 or $full"
		fi ;;
	"exit 0 "*)
		finished=$((finished + 1))
		if [ -z "$ack" ] || [ "$delta" != "$full" ]; then
			bad delta "$what: finished, acknowledged '$ack', added $delta rows, not $full"
		fi ;;
	hung*) bad delta "$what: vigil $kill_args did not finish in 60 s" ;;
	*) bad delta "$what: vigil $kill_args: $kill_err" ;;
	esac

	i=$((i + 1))
	if [ $VERIFY_EVERY -gt 0 ] && [ $((i % VERIFY_EVERY)) = 0 ]; then
		VIGIL_USER=boss VIGIL_PASSWORD=boss-password "$VIGIL_BIN" --db "$DB" audit verify \
			</dev/null >"$T/verify.out" 2>"$T/verify.err"
		verify_rc=$?
		verified=$((verified + 1))
		[ $verify_rc = 0 ] || bad verify "after kill $((i - 1)): $(cat "$T/verify.err")"
	fi
done

per_kind=""
for kind in $KINDS; do
	eval "per_kind=\"\$per_kind\$kind \$killed_$kind, \""
done
info "kills: $KILLS attempted, $killed killed mid-run (${per_kind%, }), $finished finished first;" \
	"of the killed, $committed had committed (unacknowledged), $rolled_back rolled back;" \
	"$next_ok of $KILLS next writes succeeded"

# bad_check DESC FILE: ok when nothing was found wrong.
bad_check() {
	if [ ! -s "$T/bad.$2" ]; then
		ok "$1"
	else
		not_ok "$1" "$(wc -l <"$T/bad.$2") times, first:" "$(head -5 "$T/bad.$2")"
	fi
}
check "kills: most of the $KILLS landed mid-run ($killed)" [ $((killed * 2)) -gt "$KILLS" ]
bad_check "kills: each added nothing or the whole write, and a finished one acknowledged it" delta
bad_check "kills: after each, the next write (the first to open the database) succeeds" next
bad_check "kills: after each, the database opens and PRAGMA integrity_check is ok" integrity
bad_check "kills: after each, every assessment has all its scale's items" unscaled
bad_check "kills: after each, every COWS heart rate has its one vital signs entry" unlinked
bad_check "kills: after each, every record and admission has its audit entry" unaudited
bad_check "kills: after each, every write acknowledged so far is stored" missing
bad_check "kills: after each, no import is stored in part" partial
if [ $VERIFY_EVERY -gt 0 ]; then
	bad_check "kills: vigil audit verify passes after every $VERIFY_EVERY kills ($verified times)" verify
fi

as boss boss-password
v --db "$DB" audit verify
check "kills: vigil audit verify passes at the end" [ "$rc" = 0 ]
[ "$rc" = 0 ] || info "$(err)"

finish
