#!/bin/sh
# bench/export.sh - issue 11's export goals: `vigil export observations`
# against the sqlite3 shell (`sqlite3 -csv`) exporting the same rows and
# columns from the same file in the same run (goal: <= 1.0x), and vigil's
# peak memory after the login (goal: under 8 MiB), at 10,000 and 1,000,000
# assessments.
#
# The wards (100 patients, COWS with 11 items and a measured heart rate,
# so each assessment also has its linked vital signs) are made through the
# core and cached (bench/ward.sh); each size is exported from a copy.
#
# The shell's SQL is built from vigil's own header, a column at a time
# (fixed columns by name, item columns SCALE.ITEM as the score and
# SCALE.ITEM.MEASURE as the measured value), so a column vigil adds is
# either known here or reported as left empty. The two files are compared
# field by field through libcsv (tests/csvcheck).
#
# Memory: the login's argon2id takes 64 MiB by design and frees it. The
# peak after login is the kernel's high-water mark (VmHWM) reset once the
# login is over (writing 5 to /proc/PID/clear_refs when the 64 MiB have
# been touched and given back) and read until the export ends; GNU time's
# maximum resident size, login included, is shown beside it.
#
# Usage: sh bench/export.sh [path/to/vigil]     SIZES="10000 1000000" RUNS=3
set -eu
VIGIL=${1:-build/vigil}
case $VIGIL in /*) ;; *) VIGIL=$PWD/$VIGIL ;; esac
SIZES=${SIZES:-10000 1000000} RUNS=${RUNS:-3}
. "$(dirname "$0")/ward.sh"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT INT TERM
# UTC, so that vigil's ISO 8601 times and the shell's are the same text.
export TZ=UTC LC_ALL=C.UTF-8 VIGIL_USER=admin VIGIL_PASSWORD=bench-admin
unset VIGIL_NOW VIGIL_SCALES VIGIL_CONFIG

now_ns() { date +%s%N; }
secs() { awk -v ns="$1" 'BEGIN { printf "%.3f", ns / 1e9 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# One run of "$@" writing to $dir/$name.csv: its wall time in nanoseconds.
time_ns() {
	name=$1
	shift
	start=$(now_ns)
	"$@" >"$dir/$name.csv" 2>/dev/null
	echo "$(($(now_ns) - start))"
}

median() { sort -n | awk '{ t[NR] = $1 } END { print NR % 2 ? t[(NR + 1) / 2] : int((t[NR / 2] + t[NR / 2 + 1]) / 2) }'; }

# RUNS rounds, each running in turn vigil's export, the login alone and the
# shell's export; sets v, s and login to their medians and vq to the median
# of each round's export less that round's login (never below 0).
compare() {
	: >"$dir/v"
	: >"$dir/s"
	: >"$dir/l"
	: >"$dir/vq"
	for run in $(seq "$RUNS"); do
		tv=$(time_ns vigil "$VIGIL" export observations)
		tl=$(time_ns login "$VIGIL" patient list)
		ts=$(time_ns shell sqlite3 "$db" ".mode csv" ".headers on" ".read $dir/shell.sql")
		echo "$tv" >>"$dir/v"
		echo "$ts" >>"$dir/s"
		echo "$tl" >>"$dir/l"
		echo "$((tv > tl ? tv - tl : 0))" >>"$dir/vq"
	done
	v=$(median <"$dir/v") s=$(median <"$dir/s") login=$(median <"$dir/l") vq=$(median <"$dir/vq")
}

# Peak resident memory in KiB of "$@" after its login (see above); "?" when
# the login's 64 MiB were never seen given back.
peak_after_login() {
	"$@" >/dev/null 2>&1 &
	pid=$!
	reset='' hwm='?'
	while kill -0 "$pid" 2>/dev/null; do
		set -- $(awk '/^VmHWM/ { h = $2 } /^VmRSS/ { r = $2 } END { print h + 0, r + 0 }' \
			"/proc/$pid/status" 2>/dev/null || echo 0 0)
		if [ -z "$reset" ]; then
			if [ "$1" -gt 60000 ] && [ "$2" -lt 40000 ] &&
				echo 5 >"/proc/$pid/clear_refs" 2>/dev/null; then
				reset=1
			fi
		elif [ "$1" -gt 0 ]; then
			hwm=$1
		fi
		sleep 0.005
	done
	wait "$pid"
	echo "$hwm"
}

peak_with_login() {
	if /usr/bin/time -v true >/dev/null 2>&1; then
		/usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ { print $2 }'
	else
		echo "?"
	fi
}

# The shell's SELECT for vigil's header line (on stdin).
shell_sql() {
	tr -d '\r"' | tr ',' '\n' | awk '
	BEGIN {
		fixed["training"] = "'\''TRAINING'\''"; fixed["id"] = "a.id"; fixed["mrn"] = "p.mrn"
		fixed["name"] = "p.name"; fixed["bed"] = "p.bed"; fixed["scale"] = "a.scale"
		fixed["performed_at"] = "strftime('\''%Y-%m-%dT%H:%M:%S+00:00'\'', a.performed_at)"
		fixed["entered_at"] = "strftime('\''%Y-%m-%dT%H:%M:%S+00:00'\'', a.entered_at)"
		fixed["performer"] = "pu.name"; fixed["entered_by"] = "eu.name"; fixed["total"] = "a.total"
		fixed["max_total"] = "a.max_total"; fixed["band"] = "a.band"
		fixed["status"] = "CASE WHEN v.assessment_id IS NOT NULL THEN '\''entered-in-error'\'' WHEN s.id IS NOT NULL THEN '\''amended'\'' ELSE '\''final'\'' END"
		fixed["late"] = "a.late"; fixed["supersedes"] = "a.supersedes_id"
		fixed["amend_reason"] = "CASE WHEN a.supersedes_id IS NOT NULL THEN a.amend_reason ELSE '\'''\'' END"
		fixed["void_reason"] = "coalesce(v.reason, '\'''\'')"; fixed["reason"] = "a.reason"
		fixed["note"] = "a.note"
		fixed["definition"] = "CASE WHEN b.hash IS NOT NULL THEN '\'''\'' ELSE coalesce(a.definition, '\'''\'') END"
		printf "SELECT "
	}
	{
		n = split($0, part, ".")
		if ($0 in fixed) expr = fixed[$0]
		else if (n == 2 || n == 3)
			expr = sprintf("CASE WHEN a.scale = '\''%s'\'' THEN (SELECT %s FROM assessment_items WHERE assessment_id = a.id AND item = '\''%s'\'') END", part[1], (n == 3 ? "raw_value" : "score"), part[2])
		else {
			expr = "NULL"
			printf "  (column %s is not known to bench/export.sh: the shell leaves it empty)\n", $0 >"/dev/stderr"
		}
		printf "%s%s AS \"%s\"", (NR > 1 ? ",\n  " : ""), expr, $0
	}
	END {
		print "\nFROM assessments a JOIN patients p ON p.id = a.patient_id"
		print "  JOIN users pu ON pu.id = a.performer_id JOIN users eu ON eu.id = a.entered_by_id"
		print "  LEFT JOIN assessments s ON s.supersedes_id = a.id"
		print "  LEFT JOIN voids v ON v.assessment_id = a.id"
		print "  LEFT JOIN (SELECT DISTINCT scale, hash FROM scale_defs WHERE source LIKE '\''builtin:%'\'') b"
		print "    ON b.scale = a.scale AND b.hash = a.definition"
		print "WHERE s.id IS NULL AND v.assessment_id IS NULL"
		print "ORDER BY a.performed_at, a.id;"
	}'
}

echo "vigil export benchmark: $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), medians of $RUNS runs"
for size in $SIZES; do
	ward=$(ward_db 100 $((size / 100)) v)
	db=$dir/ward.db
	cp "$ward" "$db"
	export VIGIL_DB=$db
	"$VIGIL" export observations --patient P1 --to 2020-01-01T01:00Z 2>/dev/null | head -1 |
		shell_sql >"$dir/shell.sql"
	cat "$db" >/dev/null # both start with the file in the page cache
	# ".mode csv" is -csv with RFC 4180's CRLF line ends, as vigil writes them.
	compare
	vrows=$(($(wc -l <"$dir/vigil.csv") - 1))
	srows=$(($(wc -l <"$dir/shell.csv") - 1))
	vcols=$(head -1 "$dir/vigil.csv" | tr ',' '\n' | wc -l)
	scols=$(head -1 "$dir/shell.csv" | tr ',' '\n' | wc -l)
	same="not compared (no tests/csvcheck)"
	check=$(dirname "$VIGIL")/tests/csvcheck
	if [ -x "$check" ]; then
		if [ "$("$check" "$dir/vigil.csv" | cksum)" = "$("$check" "$dir/shell.csv" | cksum)" ]; then
			same="every field the same (libcsv)"
		else
			same="THE TWO EXPORTS DIFFER"
		fi
	fi
	echo "$size assessments (database $(($(stat -c %s "$db") / 1048576)) MiB): rows x columns vigil $vrows x $vcols, sqlite3 $srows x $scols; $same"
	echo "  export observations: vigil $(secs "$v") s, sqlite3 -csv $(secs "$s") s, ratio $(ratio "$v" "$s")x (goal <= 1.0x)"
	echo "    without the login (start-up and argon2id, $(secs "$login") s alone; each round's export less its login): vigil $(secs "$vq") s, ratio $(ratio "$vq" "$s")x"
	after=$(peak_after_login "$VIGIL" export observations)
	with=$(peak_with_login "$VIGIL" export observations)
	mib=$(awk -v k="$after" 'BEGIN { printf (k == "?" ? "?" : "%.1f"), k / 1024 }')
	echo "  peak memory after login: $after KiB ($mib MiB; goal under 8 MiB); with the login's argon2id: $with KiB"
done
