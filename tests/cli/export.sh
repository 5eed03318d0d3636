#!/bin/sh
# shift, export shift, export observations, doses, vitals and notes: what a
# clinician hands to the next shift and to the quality team, read back
# through libcsv's parser. (The handover on the terminal and printed:
# handover.sh.)
# The ward is in London, so the night of 24 October 2026 is 13 hours long
# (clocks go back at 02:00) and that of 28 March 11 hours (forward at 01:00).
# Its database is a training one, so every file has the training column
# first and every summary starts by saying so; a ward's database (at the
# end, on the real clock) has neither. Each summary and export ends with
# the ward key and the head of the audit log.
. "$(dirname "$0")/../lib.sh"

CSV="$VIGIL_TEST_HELPERS/csvcheck"
# csv_ok FILE: strict RFC 4180 as vigil writes it (csvcheck says why not).
csv_ok() {
	"$CSV" "$1" >/dev/null
}
export VIGIL_NOW="2026-10-25 12:00"
DB="$T/ward.db"
OUT="$T/out.d"
mkdir -p "$OUT"
export VIGIL_NEW_PASSWORD=boss-password
v --db "$DB" init --training --admin boss
as boss boss-password
export VIGIL_NEW_PASSWORD=nina-password
v --db "$DB" user add nina --role nurse
export VIGIL_NEW_PASSWORD=cleo-password
v --db "$DB" user add cleo --role clinician

# ---- the ward --------------------------------------------------------------
as nina nina-password
v --db "$DB" patient admit M1 --name 'O'"'"'Brien, "Jo"' --bed 1 --at "2026-10-24 12:00"
v --db "$DB" patient admit M2 --name "=HYPERLINK(\"http://x\",\"y\")" --bed 2 --at "2026-10-24 12:00"
v --db "$DB" patient admit M3 --name "Zoë Ångström" --bed 10 --at "2026-10-24 12:00"
v --db "$DB" patient admit M4 --name "+Plus -Minus" --bed 3 --at "2026-10-24 12:00"
v --db "$DB" patient discharge M4 --at "2026-10-24 18:00"
v --db "$DB" patient admit M5 --name "@Late" --bed 4 --at "2026-10-25 08:00"
v --db "$DB" patient admit S1 --name "Spring Patient" --bed 5 --at "2026-03-28 12:00"
v --db "$DB" record M1 craving craving=7 --at "2026-10-24 20:00" --reason "-4h" \
	--note 'said "worse, much worse"'
VOID=$(out | sed -n 's/^assessment //p')
v --db "$DB" record M1 craving craving=9 --at "2026-10-25T01:30Z"
v --db "$DB" record M1 craving craving=3 --at "2026-10-25 06:00"
AMEND=$(out | sed -n 's/^assessment //p')
as cleo cleo-password
v --db "$DB" record M1 cows hr=112 sweating=1 restlessness=3 pupils=1 aches=2 nose=1 gi=2 \
	tremor=1 yawning=1 anxiety=2 gooseflesh=0 --at "2026-10-24 23:00" \
	--reason "@ward round" --note "=1+2, seen with \"Jo\""
v --db "$DB" record M3 craving craving=2 --at "2026-10-24 18:59"
v --db "$DB" record S1 craving craving=6 --at "2026-03-28 23:00"
v --db "$DB" record S1 craving craving=8 --at "2026-03-29 03:30"
v --db "$DB" patient discharge S1 --at "2026-03-30 10:00"
v --db "$DB" amend "$AMEND" craving=4 --reason "=misread"
FIX=$(out | sed -n 's/^assessment \([0-9]*\) .*/\1/p')
as nina nina-password
v --db "$DB" void "$VOID" --reason "wrong patient"
check "setup: 8 assessments, one amended, one voided" \
	[ "$(sql "$DB" 'SELECT count(*) FROM assessments')" = 8 -a -n "$FIX" ]

# M3's night on the chart: lorazepam 2 mg corrected to 1.5 mg, 1 mg SL,
# paracetamol 1 g, an ondansetron entered in error; vital signs at 21:00
# (corrected) and at 05:00 (flagged twice); a note and one entered in error.
# name_of KIND: the entry named in the output (dose D12, vital signs V12, note T12).
name_of() {
	out | sed -n "s/^$1 \([DVT][0-9]*\) .*/\1/p"
}
v --db "$DB" dose M3 lorazepam 2 mg --route po --prn --at "2026-10-24 22:00" --reason "=CIWA 12"
DOSE_WAS=$(name_of dose)
v --db "$DB" dose M3 lorazepam 1 mg --route SL --scheduled --at "2026-10-25 02:00"
DOSE_SL=$(name_of dose)
v --db "$DB" dose M3 paracetamol 1 g --route PO --at "2026-10-24 23:00"
DOSE_PARA=$(name_of dose)
v --db "$DB" dose M3 ondansetron 4 mg --route PO --at "2026-10-24 23:30"
DOSE_VOID=$(name_of dose)
v --db "$DB" void "$DOSE_VOID" --reason "wrong patient"
v --db "$DB" amend "$DOSE_WAS" --amount 1.5 --reason "=misread"
DOSE_FIX=$(name_of dose)
v --db "$DB" vitals M3 hr=130 bp=150/95 temp=37.5 --at "2026-10-24 21:00" --note "+restless"
VIT_WAS=$(name_of "vital signs")
v --db "$DB" amend "$VIT_WAS" hr=128 --reason recounted
VIT_FIX=$(name_of "vital signs")
v --db "$DB" vitals M3 rr=10 spo2=91 --at "2026-10-25 05:00"
VIT_LOW=$(name_of "vital signs")
v --db "$DB" note M3 'Slept, "finally", after 02:00' --at "2026-10-25 03:00"
NOTE=$(name_of note)
v --db "$DB" note M3 "wrong bed" --at "2026-10-25 03:10"
NOTE_VOID=$(name_of note)
v --db "$DB" void "$NOTE_VOID" --reason "meant for bed 2"
check "setup: M3's doses, vital signs and notes" [ "$rc" = 0 -a -n "$DOSE_FIX" -a -n "$VIT_FIX" \
	-a -n "$VIT_LOW" -a -n "$NOTE" -a "$DOSE_FIX" != "$DOSE_WAS" -a "$VIT_FIX" != "$VIT_WAS" ]

# The ward key as audit verify names it (a training init does not print it).
as boss boss-password
v --db "$DB" audit verify
WARD_KEY=$(out | sed -n 's/^ward key //p')
check "setup: the ward key" [ "${#WARD_KEY}" = 39 ]

# head_of DB: the last audit entry, as SEQ:HASH.
head_of() {
	sql "$1" "SELECT seq || ':' || hash FROM audit_log ORDER BY seq DESC LIMIT 1"
}

# witness DB [KEY]: the two lines a summary or an export ends with.
witness() {
	printf 'ward key %s\nhead %s' "${2:-$WARD_KEY}" "$(head_of "$1")"
}

# expect_export DESC LINE ARGS...: like expect_out, the output being LINE
# and then the witness of $DB, whose head is then the export's own entry.
expect_export() {
	desc=$1 line=$2
	shift 2
	v "$@"
	want=$(printf '%s\n%s' "$line" "$(witness "$DB")")
	if [ "$rc" -eq 0 ] && [ ! -s "$T/err" ] && [ "$(out)" = "$want" ] &&
		[ "$(sql "$DB" "SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1")" = export ]; then
		ok "$desc"
	else
		not_ok "$desc" "vigil $*" "exit $rc" "stdout:" "$(out)" "wanted:" "$want" \
			"stderr:" "$(err)"
	fi
}

# ---- observations ------------------------------------------------------------
as cleo cleo-password
expect_export "export observations to a file, then the ward key and the head" \
	"exported 6 rows to $OUT/obs.csv" \
	--db "$DB" export observations -o "$OUT/obs.csv"
check "the file is RFC 4180: strict parse, CRLF, UTF-8, one field count" csv_ok "$OUT/obs.csv"
check "the file is private (0600)" [ "$(stat -c %a "$OUT/obs.csv")" = 600 ]
check "a header row, then one row per current assessment" [ "$("$CSV" -n "$OUT/obs.csv")" = 6 ]
check "the header names the columns, training first, then every scale's items" \
	[ "$(head -1 "$OUT/obs.csv" | cut -d, -f1-22)" = '"training","id","mrn","name","bed","scale","performed_at","entered_at","performer","entered_by","total","max_total","band","status","late","supersedes","amend_reason","void_reason","reason","note","definition","ciwa-ar.nausea"' ]
check "definition: empty for the built-in definitions" \
	[ "$("$CSV" -c definition "$OUT/obs.csv" | sort -u | tr '\n' '|')" = "|" ]
check "a training database's file says TRAINING on every row" \
	[ "$("$CSV" -c training "$OUT/obs.csv" | sort | uniq -c | awk '{ print $1, $2 }')" = "6 TRAINING" ]
check "rows oldest first; amended and voided ones left out" \
	[ "$("$CSV" -c id "$OUT/obs.csv" | tr '\n' ' ')" = "6 7 5 4 2 8 " ]
check "numbers bare, text quoted" \
	grep -q '^"TRAINING",4,"M1","O'"'"'Brien, ""Jo""","1","cows","2026-10-24T23:00:00+01:00","2026-10-25T12:00:00+00:00","cleo","cleo",16,48,"moderate","final",1,,"","","'"'"'@ward round",' "$OUT/obs.csv"
check "times in ISO 8601 with the offset of their day" \
	[ "$("$CSV" -c performed_at "$OUT/obs.csv" | sed -n 4,5p | tr '\n' ' ')" = "2026-10-24T23:00:00+01:00 2026-10-25T01:30:00+00:00 " ]
check "a note with a comma and quotes comes back whole, neutralised" \
	[ "$("$CSV" -c note "$OUT/obs.csv" | sed -n 4p)" = "'=1+2, seen with \"Jo\"" ]
check "item columns: the scale's items filled, the others empty" \
	[ "$("$CSV" "$OUT/obs.csv" | sed -n 5p | cut -d'|' -f32-45)" = "2|112|1|3|1|2|1|2|1|1|2|0||" ]
check "the correction names what it supersedes and why" \
	[ "$("$CSV" "$OUT/obs.csv" | awk -F'|' -v id="$FIX" '$2 == id { print $16 "/" $17 "/" $14 }')" = "$AMEND/'=misread/corrected" ]
v --db "$DB" export observations
check "no -o: the same CSV on standard output" cmp -s "$T/out" "$OUT/obs.csv"
check "... and the ward key and the head on standard error" [ "$(err)" = "$(witness "$DB")" ]
v --db "$DB" export observations -o -
check "-o -: standard output too" cmp -s "$T/out" "$OUT/obs.csv"

expect_export "--all: amended and voided rows too" "exported 8 rows to $OUT/all.csv" \
	--db "$DB" export observations --all -o "$OUT/all.csv"
check "--all: each row says its status" [ "$("$CSV" -c status "$OUT/all.csv" | sort | uniq -c |
	awk '{ printf "%s=%s ", $2, $1 }')" = "amended=1 corrected=1 entered-in-error=1 final=5 " ]
check "--all: the voided row carries the reason" \
	[ "$("$CSV" "$OUT/all.csv" | awk -F'|' -v id="$VOID" '$2 == id { print $14 "/" $18 "/" $19 }')" = "entered-in-error/wrong patient/'-4h" ]

expect_export "--scale and --patient" "exported 1 row to $OUT/cows.csv" \
	--db "$DB" export observations --scale COWS --patient M1 -o "$OUT/cows.csv"
check "--scale: only that scale's item columns" [ "$(head -1 "$OUT/cows.csv" | tr -d '\r' | tr ',' '\n' |
	sed -n '22p;33p;34p' | tr '\n' ' ')" = '"cows.pulse" "cows.gooseflesh" ' ]
v --db "$DB" export observations --from "2026-10-24 19:00" --to "2026-10-25 07:00"
check "--from and --to: the night's assessments" [ "$(grep -c '^"TRAINING",[0-9]' "$T/out")" = 3 ]
expect_fail "--scale unknown" 1 "vigil: unknown scale 'ciwa' (known: ciwa-ar, cows, craving, sows)" \
	--db "$DB" export observations --scale ciwa
expect_fail "--patient unknown" 1 "vigil: unknown patient 'M9'" \
	--db "$DB" export observations --patient M9 -o "$OUT/m9.csv"
check "an export that fails creates no file" [ ! -e "$OUT/m9.csv" ]
expect_refused "$DB" "--to before --from: the core's rule" 2 \
	"vigil export observations: To must be later than From (see 'vigil export observations --help')" \
	--db "$DB" export observations --from 2026-10-25 --to 2026-10-24
expect_fail "-o without a file" 2 \
	"vigil export observations: -o needs a value (see 'vigil export observations --help')" \
	--db "$DB" export observations -o
expect_refused "$DB" "doses: --to equal to --from, the same rule" 2 \
	"vigil export doses: To must be later than From (see 'vigil export doses --help')" \
	--db "$DB" export doses --from "2026-10-25 07:00" --to "2026-10-25 07:00" -o "$OUT/none.csv"
check "... and no file" [ ! -e "$OUT/none.csv" ]
check "observations: each row's patient name and bed beside the MRN" \
	[ "$("$CSV" "$OUT/obs.csv" | awk -F'|' '$3 == "M3" { print $4 "/" $5; exit }')" = "Zoë Ångström/10" ]

# ---- doses, vital signs, notes ------------------------------------------------
expect_export "export doses to a file" "exported 3 rows to $OUT/doses.csv" \
	--db "$DB" export doses -o "$OUT/doses.csv"
check "doses: RFC 4180, private (0600)" \
	sh -c '"$0" "$1" >/dev/null && [ "$(stat -c %a "$1")" = 600 ]' "$CSV" "$OUT/doses.csv"
check "doses: the header names the columns, training first" \
	[ "$(head -1 "$OUT/doses.csv")" = "$(printf '"training","id","mrn","name","bed","given_at","drug","amount","unit","route","kind","reason","note","given_by","entered_at","entered_by","late","status","supersedes","amend_reason","void_reason"\r')" ]
check "doses: current ones, oldest first, named D12" \
	[ "$("$CSV" -c id "$OUT/doses.csv" | tr '\n' ' ')" = "$DOSE_FIX $DOSE_PARA $DOSE_SL " ]
check "doses: the correction, amount bare, reason neutralised, what it supersedes and why" \
	grep -q "^\"TRAINING\",\"$DOSE_FIX\",\"M3\",\"Zoë Ångström\",\"10\",\"2026-10-24T22:00:00+01:00\",\"lorazepam\",1.5,\"mg\",\"PO\",\"prn\",\"'=CIWA 12\",\"\",\"nina\",\"2026-10-25T12:00:00+00:00\",\"nina\",1,\"corrected\",\"$DOSE_WAS\",\"'=misread\",\"\"" "$OUT/doses.csv"
check "doses: scheduled, SL, given after the clocks went back" \
	[ "$("$CSV" "$OUT/doses.csv" | awk -F'|' -v id="$DOSE_SL" '$2 == id { print $6 "/" $8 $9 "/" $10 "/" $11 }')" = "2026-10-25T02:00:00+00:00/1mg/SL/scheduled" ]
v --db "$DB" export doses --all
check "doses --all: each row says its status" [ "$("$CSV" -c status "$T/out" | sort | uniq -c |
	awk '{ printf "%s=%s ", $2, $1 }')" = "amended=1 corrected=1 entered-in-error=1 final=2 " ]
check "doses --all: the one entered in error carries the reason" \
	[ "$("$CSV" "$T/out" | awk -F'|' -v id="$DOSE_VOID" '$2 == id { print $7 "/" $18 "/" $21 }')" = "ondansetron/entered-in-error/wrong patient" ]
check "doses --all: the amended one as it was" \
	[ "$("$CSV" "$T/out" | awk -F'|' -v id="$DOSE_WAS" '$2 == id { print $8 "/" $18 }')" = "2/amended" ]
v --db "$DB" export doses --drug LORAZEPAM --patient M3 --from "2026-10-24 19:00" --to "2026-10-25 07:00"
check "doses --drug --patient --from --to" [ "$("$CSV" -c id "$T/out" | tr '\n' ' ')" = "$DOSE_FIX $DOSE_SL " ]
check "... in the audit log with its filters" [ "$(sql "$DB" "SELECT detail FROM audit_log WHERE action = 'export' ORDER BY seq DESC LIMIT 1")" = "doses (patient M3, drug lorazepam, from 2026-10-24T19:00:00+01:00, before 2026-10-25T07:00:00+00:00): 2 rows to standard output" ]
expect_refused "$DB" "doses --drug unknown: refused with the list, nothing written" 1 \
	"vigil: unknown drug 'aspirin' (use buprenorphine, buprenorphine-naloxone, methadone, lofexidine, clonidine, loperamide, ondansetron, ibuprofen, paracetamol, chlordiazepoxide, diazepam, lorazepam or thiamine)" \
	--db "$DB" export doses --drug aspirin -o "$OUT/aspirin.csv"
check "... and no file" [ ! -e "$OUT/aspirin.csv" ]
expect_fail "vitals take no --drug" 2 "vigil export vitals: unknown option '--drug' (see 'vigil export vitals --help')" \
	--db "$DB" export vitals --drug lorazepam

expect_export "export vitals to a file" "exported 3 rows to $OUT/vitals.csv" \
	--db "$DB" export vitals -o "$OUT/vitals.csv"
check "vitals: RFC 4180" csv_ok "$OUT/vitals.csv"
check "vitals: the header names the columns" \
	[ "$(head -1 "$OUT/vitals.csv")" = "$(printf '"training","id","mrn","name","bed","taken_at","hr","sys","dia","temp","rr","spo2","flags","assessment","note","taken_by","entered_at","entered_by","late","status","supersedes","amend_reason","void_reason"\r')" ]
check "vitals: the correction, temperature with one decimal, flagged, the note neutralised" \
	grep -q "^\"TRAINING\",\"$VIT_FIX\",\"M3\",\"Zoë Ångström\",\"10\",\"2026-10-24T21:00:00+01:00\",128,150,95,37.5,,,\"hr 128 > 120\",,\"'+restless\",\"nina\",\"2026-10-25T12:00:00+00:00\",\"nina\",1,\"corrected\",\"$VIT_WAS\",\"recounted\",\"\"" "$OUT/vitals.csv"
check "vitals: every flag the protocols raise" \
	[ "$("$CSV" "$OUT/vitals.csv" | awk -F'|' -v id="$VIT_LOW" '$2 == id { print $11 "/" $12 "/" $13 }')" = "10/91/rr 10 < 12; spo2 91 < 92" ]
COWS_ID=$(sql "$DB" "SELECT id FROM assessments WHERE scale = 'cows'")
check "vitals: the COWS pulse, a heart rate linked to its assessment" \
	[ "$("$CSV" "$OUT/vitals.csv" | awk -F'|' '$3 == "M1" { print $7 "/" $14 "/" $16 }')" = "112/$COWS_ID/cleo" ]
v --db "$DB" export vitals --all --patient M3
check "vitals --all: the amended set too, as it was" \
	[ "$("$CSV" "$T/out" | awk -F'|' -v id="$VIT_WAS" '$2 == id { print $7 "/" $13 "/" $20 }')" = "130/hr 130 > 120/amended" ]

expect_export "export notes to a file" "exported 1 row to $OUT/notes.csv" \
	--db "$DB" export notes -o "$OUT/notes.csv"
check "notes: the header names the columns" \
	[ "$(head -1 "$OUT/notes.csv")" = "$(printf '"training","id","mrn","name","bed","written_at","text","written_by","entered_at","entered_by","late","status","supersedes","amend_reason","void_reason"\r')" ]
check "notes: the text whole" \
	[ "$("$CSV" "$OUT/notes.csv" | sed -n 2p | cut -d'|' -f2,7,8)" = "$NOTE|Slept, \"finally\", after 02:00|nina" ]
v --db "$DB" export notes --all
check "notes --all: the one entered in error too, with why" \
	[ "$("$CSV" "$T/out" | awk -F'|' -v id="$NOTE_VOID" '$2 == id { print $12 "/" $15 }')" = "entered-in-error/meant for bed 2" ]

# ---- files -----------------------------------------------------------------
before=$(filesum "$OUT/obs.csv")
expect_fail "an existing file is not replaced" 1 \
	"vigil: $OUT/obs.csv: the file already exists; it was not replaced (--force replaces it)" \
	--db "$DB" export observations --scale cows -o "$OUT/obs.csv"
check "... and is unchanged" [ "$(filesum "$OUT/obs.csv")" = "$before" ]
expect_export "--force replaces it" "exported 1 row to $OUT/obs.csv" \
	--db "$DB" export observations --scale cows -o "$OUT/obs.csv" --force
check "... with the new content, still 0600" \
	[ "$("$CSV" -n "$OUT/obs.csv")" = 1 -a "$(stat -c %a "$OUT/obs.csv")" = 600 ]
expect_fail "a folder that does not exist" 1 \
	"vigil: $OUT/no/x.csv: cannot create a file in $OUT/no: No such file or directory" \
	--db "$DB" export observations -o "$OUT/no/x.csv"

# A write that fails half way (the file size limit, on a copy of the ward
# filled with 3000 more rows) leaves neither the file nor a temporary one.
mkdir "$OUT/big"
cp "$DB" "$T/big.db"
sqlite3 "$T/big.db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
	INSERT INTO assessments (patient_id, scale, performed_at, entered_at, performer_id,
	entered_by_id, total, max_total, late) SELECT 1, 'craving',
	strftime('%Y-%m-%dT%H:%M:%SZ', '2026-10-24 12:00', '+' || i || ' seconds'),
	'2026-10-25T12:00:00Z', 2, 2, 1, 10, 0 FROM n;"
exports_before=$(sql "$T/big.db" "SELECT count(*) FROM audit_log WHERE action = 'export'")
(ulimit -f 200 && trap '' XFSZ && exec "$VIGIL_BIN" --db "$T/big.db" export observations \
	-o "$OUT/big/obs.csv") >"$T/out" 2>"$T/err"
rc=$?
check "a failed write is an error" [ "$rc" = 1 -a "$(err)" = "vigil: $OUT/big/obs.csv: File too large" ]
check "... that leaves nothing in the folder" [ -z "$(ls -A "$OUT/big")" ]
check "... and no export in the audit log" \
	[ "$(sql "$T/big.db" "SELECT count(*) FROM audit_log WHERE action = 'export'")" = "$exports_before" ]
v --db "$T/big.db" export observations -o "$OUT/big/obs.csv"
check "without the limit the same export is over the limit's 100 KiB" \
	[ "$rc" = 0 -a "$(stat -c %s "$OUT/big/obs.csv")" -gt 102400 ]
( "$VIGIL_BIN" --db "$DB" export observations >/dev/full ) 2>"$T/err"
check "standard output that fails is an error" [ "$(err)" = "vigil: standard output: No space left on device" ]

# The same export killed half way by the signal of the file size limit,
# SIGXFSZ, which like SIGKILL gives vigil no chance to tidy up: no file at
# the destination, only the hidden partial one named for it, which does not
# stand in the way of the export done again. (Not exec'd: the subshell
# reports the signal, into $T/err.)
mkdir "$OUT/killed"
exports_before=$(sql "$T/big.db" "SELECT count(*) FROM audit_log WHERE action = 'export'")
(ulimit -c 0 && ulimit -f 200 && "$VIGIL_BIN" --db "$T/big.db" export observations \
	-o "$OUT/killed/obs.csv"; exit $?) </dev/null >"$T/out" 2>"$T/err"
rc=$?
check "an export killed half way by a signal" [ "$rc" -gt 128 ]
check "... leaves no file at the destination" [ ! -e "$OUT/killed/obs.csv" ]
check "... only its partial file, hidden and named for the export" \
	[ "$(ls -A "$OUT/killed" | sed 's/-[A-Za-z0-9]\{6\}$/-XXXXXX/')" = ".obs.csv.partial-XXXXXX" ]
check "... and no export in the audit log" \
	[ "$(sql "$T/big.db" "SELECT count(*) FROM audit_log WHERE action = 'export'")" = "$exports_before" ]
v --db "$T/big.db" export observations -o "$OUT/killed/obs.csv"
check "... the export done again works" [ "$rc" = 0 ]
check "... the whole file" cmp -s "$OUT/killed/obs.csv" "$OUT/big/obs.csv"

# ---- roles and the audit log ---------------------------------------------------
as nina nina-password
expect_fail "a nurse may not export" 1 \
	"vigil: nina (nurse) may not export reports: it needs the clinician or admin role" \
	--db "$DB" export observations -o "$OUT/nurse.csv"
check "... and no file appears" [ ! -e "$OUT/nurse.csv" ]
for what in doses vitals notes; do
	expect_refused "$DB" "a nurse may not export $what" 1 \
		"vigil: nina (nurse) may not export reports: it needs the clinician or admin role" \
		--db "$DB" export "$what" -o "$OUT/nurse-$what.csv"
	check "... and no file appears" [ ! -e "$OUT/nurse-$what.csv" ]
done
v --db "$DB" shift
check "a nurse may see the shift summary on the terminal (handover)" [ "$rc" = 0 ]
expect_fail "... but not export it" 1 \
	"vigil: nina (nurse) may not export reports: it needs the clinician or admin role" \
	--db "$DB" export shift -o "$OUT/nurse-shift.csv"
as boss boss-password
expect_export "an admin may export" "exported 6 rows to $OUT/admin.csv" \
	--db "$DB" export observations -o "$OUT/admin.csv"
check "every export is in the audit log: who, what, how many rows, where" \
	[ "$(sql "$DB" "SELECT actor || ': ' || detail FROM audit_log WHERE action = 'export' ORDER BY seq LIMIT 1")" = "cleo: observations (all scales): 6 rows to $OUT/obs.csv" ]
check "... a filtered one says so" [ "$(sql "$DB" "SELECT count(*) FROM audit_log WHERE action = 'export' AND detail = 'observations (scale cows, patient M1): 1 row to $OUT/cows.csv'")" = 1 ]
check "... standard output too" [ "$(sql "$DB" "SELECT count(*) FROM audit_log WHERE action = 'export' AND detail LIKE '%to standard output'")" -ge 2 ]
v --db "$DB" audit verify
check "the audit log still verifies" [ "$rc" = 0 ]

# ---- shift summary ---------------------------------------------------------------
as cleo cleo-password
expect_export "export shift: the night across the autumn change" \
	"exported 4 rows to $OUT/night.csv" \
	--db "$DB" export shift --date 2026-10-24 --shift night -o "$OUT/night.csv"
check "the shift CSV is RFC 4180" csv_ok "$OUT/night.csv"
check "its header" [ "$(head -1 "$OUT/night.csv")" = "$(printf '"training","shift","date","bed","mrn","name","scale","assessments","first","last","lowest","highest","mean","last_band","highest_at","performers","missed","not_done","doses","dose_totals"\r')" ]
check "one row per patient and scale, by bed; names round-trip, neutralised" \
	[ "$("$CSV" -c name "$OUT/night.csv" | tr '\n' '/')" = "O'Brien, \"Jo\"/O'Brien, \"Jo\"/'=HYPERLINK(\"http://x\",\"y\")/Zoë Ångström/" ]
check "the craving row: voided 7 left out, amended 3 counted as 4" \
	[ "$("$CSV" "$OUT/night.csv" | sed -n 3p)" = "TRAINING|night|2026-10-24|1|M1|O'Brien, \"Jo\"|craving|2|9|4|4|9|6.5||2026-10-25T01:30:00+00:00|nina|0|0||" ]
check "the cows row: hourly after 16, 8 due times missed (23:00Z to 06:00Z, 01:00 twice)" \
	[ "$("$CSV" "$OUT/night.csv" | sed -n 2p)" = "TRAINING|night|2026-10-24|1|M1|O'Brien, \"Jo\"|cows|1|16|16|16|16|16.0|moderate|2026-10-24T23:00:00+01:00|cleo|8|0|0|" ]
check "a patient without assessments: a row with 0" \
	[ "$("$CSV" "$OUT/night.csv" | sed -n 5p | cut -d'|' -f1-18)" = "TRAINING|night|2026-10-24|10|M3|Zoë Ångström||0|||||||||0|0" ]
check "the doses given in the shift per patient: count and total per drug (corrections counted, errors not)" \
	[ "$("$CSV" "$OUT/night.csv" | sed -n 5p | cut -d'|' -f19,20)" = "3|lorazepam 2 doses 2.5 mg; paracetamol 1 dose 1 g" ]
check "... 0 for a patient given none, on their first row only" \
	[ "$("$CSV" -c doses "$OUT/night.csv" | tr '\n' ' ')" = "0  0 3 " ]
v --db "$DB" shift --date 2026-10-24 --shift night
check "shift: a training database's summary says so first" \
	[ "$(head -1 "$T/out")" = "TRAINING DATABASE: not patient data" ]
check "shift: it ends with the ward key and the head, after a blank line" \
	[ "$(tail -3 "$T/out")" = "$(printf '\n%s' "$(witness "$DB")")" ]
check "shift: the night is 13 hours" grep -q "^night shift of 2026-10-24, 2026-10-24 19:00 to 2026-10-25 07:00 (13h 00m)$" "$T/out"
check "shift: the handover of each patient on the terminal, by bed" \
	[ "$(grep '^Bed ' "$T/out" | tr '\n' '/')" = "Bed 1  M1  O'Brien, \"Jo\"/Bed 2  M2  =HYPERLINK(\"http://x\",\"y\")/Bed 10  M3  Zoë Ångström/" ]
check "shift: fits 80 columns" [ "$(widest "$T/out")" -le 80 ]
check "shift: the scores of the shift per scale, as in the CSV" \
	[ "$(grep -c '^  Scores      COWS 16 at 23:00 (moderate; by cleo)$' "$T/out") $(grep -c '^              Craving 9 → 4 (2 scores; highest 9 at 01:30; by nina)$' "$T/out")" = "1 1" ]
expect_export "export shift: the spring night is 11 hours, both assessments in it" \
	"exported 1 row to $OUT/spring.csv" --db "$DB" export shift --date 2026-03-28 --shift night -o "$OUT/spring.csv"
check "... first 6, last 8" [ "$("$CSV" "$OUT/spring.csv" | sed -n 2p | cut -d'|' -f8-10,15)" = "2|6|8|2026-03-29T03:30:00+01:00" ]
v --db "$DB" shift --date 2026-03-28 --shift night
check "... the title says so" grep -q "(11h 00m)$" "$T/out"
expect_export "an empty shift: the header alone" "exported 0 rows to $OUT/empty.csv" \
	--db "$DB" export shift --date 2026-01-01 --shift day -o "$OUT/empty.csv"
check "... parses, no footer" [ "$("$CSV" -n "$OUT/empty.csv")" = 0 ]
expect_out "shift: an empty shift says so" "TRAINING DATABASE: not patient data
day shift of 2026-01-01, 2026-01-01 07:00 to 2026-01-01 19:00 (12h 00m)

(no patients on the ward during this shift)

$(witness "$DB")" --db "$DB" shift --date 2026-01-01 --shift day
v --db "$DB" shift
check "shift: by default the shift under way" grep -q "^day shift of 2026-10-25," "$T/out"
v --db "$DB" shift --shift night
check "--shift alone: the latest night to have started" grep -q "^night shift of 2026-10-24," "$T/out"
v --db "$DB" export shift --date 2026-10-24
check "--date alone: every shift of that day" \
	[ "$(grep -c '^"TRAINING","day","2026-10-24"' "$T/out") $(grep -c '^"TRAINING","night","2026-10-24"' "$T/out")" = "4 4" ]
expect_fail "an unknown shift" 1 "vigil: unknown shift 'late' (shifts: day, night)" \
	--db "$DB" shift --shift late
expect_fail "a bad date" 1 "vigil: '2026-10-32' is not a date (use YYYY-MM-DD)" \
	--db "$DB" export shift --date 2026-10-32
expect_fail "shift --force without -o" 2 "vigil shift: --force goes with -o FILE (see 'vigil shift --help')" \
	--db "$DB" shift --force

# ---- the config file -----------------------------------------------------------
printf 'ward Ward 7\nshift early 06:00\nshift late 14:00\nshift night 22:00\n' >"$T/three"
v --config "$T/three" --db "$DB" shift --date 2026-10-24 --shift night
check "--config: shifts from the file" \
	grep -q "^Ward 7: night shift of 2026-10-24, 2026-10-24 22:00 to 2026-10-25 06:00 (9h 00m)$" "$T/out"
VIGIL_CONFIG="$T/three" v --db "$DB" shift --shift late
check "VIGIL_CONFIG: the same" grep -q "^Ward 7: late shift of 2026-10-24, 2026-10-24 14:00" "$T/out"
mkdir -p "$HOME/.config/vigil"
printf 'shift long 08:00\n' >"$HOME/.config/vigil/config"
v --db "$DB" shift
check "~/.config/vigil/config when present" grep -q "^long shift of 2026-10-25, 2026-10-25 08:00 to 2026-10-26 08:00 (1d 0h)$" "$T/out"
printf 'shift day 07:00\nshift night 7pm\n' >"$T/bad"
expect_fail "a malformed config is refused with file:line" 1 \
	"vigil: $T/bad:2: shift night: '7pm' is not a start time (use HH:MM, 00:00 to 23:59)" \
	--config "$T/bad" --db "$DB" export shift
expect_fail "a missing --config is an error" 1 "vigil: $T/none: No such file or directory" \
	--config "$T/none" --db "$DB" shift
rm "$HOME/.config/vigil/config"

# ---- missed reassessments in a day shift ---------------------------------------
# Admitted before the shift with no assessment: admission is not a due time.
# COWS 07:30 5: due 11:30; 11:00 is on time. COWS 14 (moderate): hourly, due
# 12:00; 12:40 is late (1 missed). COWS 6: due 16:40; refused at 14:00 (still
# due), nothing after: 16:40 missed (2). CIWA-Ar 12 at 13:00: hourly, not
# done again: 14:00 to 18:00 missed (5), on the CIWA-Ar row, not hidden by
# the COWS done on time.
D2="$T/missed.db"
export VIGIL_NOW="2026-11-02 06:00"
export VIGIL_NEW_PASSWORD=boss-password
v --db "$D2" init --training --admin boss
as boss boss-password
export VIGIL_NEW_PASSWORD=nina-password
v --db "$D2" user add nina --role nurse
export VIGIL_NEW_PASSWORD=cleo-password
v --db "$D2" user add cleo --role clinician
as nina nina-password
v --db "$D2" patient admit OD1 --name "Over Due" --bed 1 --at "2026-11-02 05:00"
for rec in "07:30 cows pulse=0 sweating=1 restlessness=1 pupils=1 aches=1 nose=1 gi=0 tremor=0 yawning=0 anxiety=0 gooseflesh=0" \
	"11:00 cows pulse=1 sweating=2 restlessness=3 pupils=2 aches=1 nose=1 gi=1 tremor=1 yawning=1 anxiety=1 gooseflesh=0" \
	"12:40 cows pulse=0 sweating=1 restlessness=1 pupils=1 aches=1 nose=1 gi=1 tremor=0 yawning=0 anxiety=0 gooseflesh=0" \
	"13:00 ciwa-ar nausea=4 tremor=4 sweats=4 anxiety=0 agitation=0 tactile=0 auditory=0 visual=0 headache=0 orientation=0"; do
	at=${rec%% *}
	export VIGIL_NOW="2026-11-02 $at"
	# shellcheck disable=SC2086
	v --db "$D2" record OD1 ${rec#* } --at "2026-11-02 $at"
done
as cleo cleo-password
v --db "$D2" export shift --date 2026-11-02 --shift day -o "$OUT/missed-running.csv"
check "missed: a running shift counts up to now" \
	[ "$("$CSV" -c missed "$OUT/missed-running.csv" | tr '\n' ' ')" = "0 1 " ]
as nina nina-password
export VIGIL_NOW="2026-11-02 14:00"
v --db "$D2" skip OD1 cows --why refused
check "setup: a refused COWS" [ "$rc" = 0 ]
as cleo cleo-password
export VIGIL_NOW="2026-11-02 20:00"
v --db "$D2" export shift --date 2026-11-02 --shift day -o "$OUT/missed.csv"
check "missed: one row per scale, each with its own count" \
	[ "$("$CSV" "$OUT/missed.csv" | sed 1d | cut -d'|' -f7,8,17,18 | tr '\n' ' ')" = "ciwa-ar|1|5|0 cows|3|2|1 " ]
v --db "$D2" shift --date 2026-11-02 --shift day
check "missed: shown on the terminal too, per scale, and the one not done" \
	[ "$(sed -n '/^  Missed/,/^  Doses/p' "$T/out" | sed '$d' | tr -s ' ')" = " Missed CIWA-Ar 5 reassessments missed
 COWS 2 reassessments missed
 COWS not done at 14:00: refused" ]
export VIGIL_NOW="2026-11-03 08:00"
v --db "$D2" export shift --date 2026-11-02 --shift night -o "$OUT/missed-night.csv"
check "missed: the night after, nobody assessed: a row per scale with none done" \
	[ "$("$CSV" "$OUT/missed-night.csv" | sed 1d | cut -d'|' -f7,8,17,18 | tr '\n' ' ')" = "ciwa-ar|0|12|0 cows|0|3|0 " ]
v --db "$D2" shift --date 2026-11-02 --shift night
check "missed: on the terminal, each scale with no score, then what was missed" \
	[ "$(grep -c "^  Scores      CIWA-Ar no score this shift$" "$T/out") $(grep -c "^  Missed      CIWA-Ar 12 reassessments missed$" "$T/out")" = "1 1" ]

# ---- a ward's database ----------------------------------------------------------
# Not a training one: on the real clock (a ward's database refuses VIGIL_NOW),
# its files have no training column and its summary no training line. Its
# key is the one init printed.
unset VIGIL_NOW
WDB="$T/real.db"
export VIGIL_NEW_PASSWORD=boss-password
v --db "$WDB" init --admin boss
REAL_KEY=$(out | sed -n 's/^ward key \([0-9a-f ]*\) (keep it.*/\1/p')
check "a ward's init prints its key" [ "${#REAL_KEY}" = 39 ]
as boss boss-password
export VIGIL_NEW_PASSWORD=cleo-password
v --db "$WDB" user add cleo --role clinician
as cleo cleo-password
v --db "$WDB" patient admit R1 --name "Real Patient" --bed 1
v --db "$WDB" record R1 craving craving=5
check "setup: a ward's database with an assessment" [ "$rc" = 0 ]
v --db "$WDB" export observations -o "$OUT/real-obs.csv"
check "a ward's export: its line, the key init printed and the head" \
	[ "$rc" = 0 -a "$(out)" = "$(printf 'exported 1 row to %s\n%s' "$OUT/real-obs.csv" \
		"$(witness "$WDB" "$REAL_KEY")")" ]
check "... no training column: the ward's columns from the first" \
	[ "$(head -1 "$OUT/real-obs.csv" | cut -d, -f1-5)" = '"id","mrn","name","bed","scale"' ]
check "... and nowhere a TRAINING" sh -c '! grep -qi training "$0"' "$OUT/real-obs.csv"
check "... the file is RFC 4180" csv_ok "$OUT/real-obs.csv"
v --db "$WDB" export shift -o "$OUT/real-shift.csv"
check "a ward's shift export: no training column" \
	[ "$rc" = 0 -a "$(head -1 "$OUT/real-shift.csv" | cut -d, -f1-2)" = '"shift","date"' ]
check "... one row, the patient's" [ "$("$CSV" -c mrn "$OUT/real-shift.csv")" = R1 ]
v --db "$WDB" shift
check "a ward's shift summary: no training line, the shift first" \
	[ "$rc" = 0 -a "$(head -1 "$T/out" | grep -Ec '^(day|night) shift of ')" = 1 ]
check "... ends with the ward's key and the head" \
	[ "$(tail -2 "$T/out")" = "$(witness "$WDB" "$REAL_KEY")" ]
check "... and says TRAINING nowhere" sh -c '! grep -qi training "$0"' "$T/out"

# An upgraded database (from before keys) has no ward key until an admin
# logs in: a nurse's summary says so.
V5="$T/v5.db"
sqlite3 "$V5" <"$(dirname "$0")/../fixtures/v5-ward.sql"
sqlite3 "$V5" "PRAGMA application_id = 1447512396; PRAGMA user_version = 5;
	PRAGMA journal_mode = WAL" >/dev/null
as nina nina-password
v --db "$V5" shift
check "an upgraded database before any admin's login: ward key none yet" \
	[ "$rc" = 0 -a "$(tail -2 "$T/out")" = "$(printf 'ward key none yet (no admin has logged in since the upgrade)\nhead %s' "$(head_of "$V5")")" ]

finish
