# bench/tui_ward.sh - sourced by bench/tui.sh and bench/chart.sh: the ward
# files they measure, made through the core by `chart_bench ward DB N`
# (audited and signed, so `vigil audit verify` passes on them) and cached
# in $BUILD/bench/cache between runs, keyed by the schema this vigil
# writes, the generator's format (WARD_FORMAT in bench/chart_bench.c) and
# N. 40 patients; C0001 has 5,000 COWS, 2,000 doses and 5,000 sets of
# vital signs; the others share the rest (see chart_bench.c). Making the
# 1,000,000-assessment ward takes about 10 minutes; delete the files to
# make them again.
# Needs: VIGIL (the program), CHART_BENCH (bench/chart_bench), BUILD.

# ward_schema: the schema version this vigil writes.
ward_schema() {
	_d=$(mktemp -d)
	VIGIL_NEW_PASSWORD=bench-admin "$VIGIL" --db "$_d/empty.db" init --training \
		--admin admin >/dev/null
	sqlite3 "$_d/empty.db" "PRAGMA user_version"
	rm -rf "$_d"
}

# ward_file N: prints the cached ward of N assessments, made first when
# missing (into a temporary name, so a run cut short leaves nothing half
# made). Progress goes to stderr.
ward_file() {
	_cache=$BUILD/bench/cache
	mkdir -p "$_cache"
	[ -n "${WARD_SCHEMA:-}" ] || WARD_SCHEMA=$(ward_schema)
	_f=$_cache/ward-s$WARD_SCHEMA-f$("$CHART_BENCH" ward-format)-n$1.db
	if [ ! -f "$_f" ]; then
		_tmp=$_cache/.ward-$$.db
		rm -f "$_tmp" "$_tmp-wal" "$_tmp-shm"
		echo "  making $(basename "$_f") through the core..." >&2
		_start=$(date +%s)
		"$CHART_BENCH" ward "$_tmp" "$1" >&2 || { rm -f "$_tmp"*; return 1; }
		sqlite3 "$_tmp" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
		rm -f "$_tmp-wal" "$_tmp-shm"
		mv "$_tmp" "$_f"
		echo "  $(basename "$_f"): made in $(($(date +%s) - _start)) s" >&2
	fi
	echo "$_f"
}

# ward_counts FILE: "assessments doses vitals audit-rows MiB".
ward_counts() {
	sqlite3 -separator ' ' "$1" "SELECT (SELECT count(*) FROM assessments),
	  (SELECT count(*) FROM chart_entries WHERE kind = 'dose'),
	  (SELECT count(*) FROM chart_entries WHERE kind = 'vitals'),
	  (SELECT max(seq) FROM audit_log)"
	echo "$(($(wc -c < "$1") / 1048576))"
}
