# bench/ward.sh - sourced by the benchmarks: large databases built through
# the core (bench/make_ward.c), so `vigil audit verify` passes on them, and
# kept between runs.
#
#   . bench/ward.sh
#   db=$(ward_db P N [v])   # P patients P1..Pp, N COWS assessments each
#                           # (v: each with its linked heart rate), and R1
#                           # admitted with none (a patient to record on)
#
# Run from the top of the tree. Needs VIGIL (the vigil program; make_ward
# is beside it in bench/). The
# file is cached in $BENCH_CACHE (build/bench/cache), named after the
# parameters, the schema version and the generator's version (WARD_GEN:
# raise it when make_ward.c changes what it writes), and reused when
# present; copy it before writing to it. Users: admin (password
# bench-admin) and nurse (bench-nurse); every patient admitted on
# 1 January 2020, so a patient holds up to 200,000 assessments before
# reaching today. It is checked once, when made, with `vigil audit verify`.
WARD_GEN=1
BENCH_CACHE=${BENCH_CACHE:-build/bench/cache}

ward_schema() {
	awk '/define VIGIL_SCHEMA_VERSION/ { print $3 }' include/vigil/db.h
}

ward_db() {
	_p=$1 _n=$2 _v=${3:-}
	_db=$BENCH_CACHE/ward-s$(ward_schema)-g$WARD_GEN-p$_p-n$_n${_v:+-v}.db
	if [ ! -f "$_db" ]; then
		mkdir -p "$BENCH_CACHE"
		_tmp=$_db.partial-$$
		rm -f "$_tmp" "$_tmp-wal" "$_tmp-shm"
		echo "  (building $_db through the core: $_p x $_n assessments, once)" >&2
		(
			set -e
			export VIGIL_DB=$_tmp TZ=UTC LC_ALL=C.UTF-8 VIGIL_NOW="2020-01-01 00:00"
			unset VIGIL_SCALES VIGIL_CONFIG
			VIGIL_NEW_PASSWORD=bench-admin "$VIGIL" init --training --admin admin >/dev/null
			export VIGIL_USER=admin VIGIL_PASSWORD=bench-admin
			VIGIL_NEW_PASSWORD=bench-nurse "$VIGIL" user add nurse --role nurse >/dev/null
			awk -v p="$_p" 'BEGIN { print "mrn,name,bed"
				for (i = 1; i <= p; i++) printf "P%d,\"Bench, Patient %d\",%d\n", i, i, i
				printf "R1,\"Bench, Recorded\",%d\n", p + 1 }' >"$_tmp.csv"
			"$VIGIL" patient import "$_tmp.csv" >/dev/null
			rm -f "$_tmp.csv"
			unset VIGIL_NOW
			_mrns=$(awk -v p="$_p" 'BEGIN { for (i = 1; i <= p; i++) printf "P%d ", i }')
			# shellcheck disable=SC2086
			"$(dirname "$VIGIL")/bench/make_ward" ${_v:+-v} "$_tmp" nurse bench-nurse "$_n" \
				$_mrns >/dev/null
			"$VIGIL" audit verify >/dev/null
		) || { rm -f "$_tmp" "$_tmp-wal" "$_tmp-shm" "$_tmp-login"; return 1; }
		mv "$_tmp" "$_db"
		rm -f "$_tmp-login" # the login lock of the file's first name
	fi
	echo "$_db"
}
