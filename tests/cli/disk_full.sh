#!/bin/sh
# A full disk: a write is refused with "disk is full; nothing was saved",
# the ward is left as it was, and once there is room again it works and
# still verifies. Needs a small tmpfs (root); without one it says so and
# passes nothing off as tested.
. "$(dirname "$0")/../lib.sh"

FS="$T/small"
mkdir -p "$FS"
if ! mount -t tmpfs -o size=1200k tmpfs "$FS" 2>/dev/null; then
	echo "# skip: cannot mount a small tmpfs here (needs root)"
	finish
	exit 0
fi
trap 'umount "$FS" 2>/dev/null; chmod -R u+rwX "$T" 2>/dev/null; rm -rf "$T"' EXIT

export VIGIL_NOW="2026-11-21 12:00"
DB="$FS/ward.db"
export VIGIL_NEW_PASSWORD=boss-password
v --db "$DB" init --training --admin boss
as boss boss-password
export VIGIL_NEW_PASSWORD=nina-password
v --db "$DB" user add nina --role nurse
as nina nina-password
v --db "$DB" patient admit MRN1001 --name "Alex Morgan" --at "2026-11-21 08:00"
v --db "$DB" record MRN1001 craving craving=3
check "setup: one assessment" [ "$(sql "$DB" 'SELECT count(*) FROM assessments')" = 1 ]

# Fill the disk to the last byte.
dd if=/dev/zero of="$FS/filler" bs=1k count=2000 2>/dev/null
note=$(repeat 900 n)
full=""
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	v --db "$DB" record MRN1001 craving craving=4 --note "$note"
	[ "$rc" -ne 0 ] && full=yes && break
done
check "a write on a full disk fails with exit 1" [ "$full" = yes -a "$rc" = 1 ]
check "... saying the disk is full" [ "$(err)" = "vigil: $DB: disk is full; nothing was saved" ]
rm -f "$FS/filler"
v --db "$DB" history MRN1001
check "with room again, the ward opens" [ "$rc" = 0 ]
count=$(sql "$DB" 'SELECT count(*) FROM assessments')
v --db "$DB" record MRN1001 craving craving=5
check "... and records" [ "$rc" = 0 -a "$(sql "$DB" 'SELECT count(*) FROM assessments')" = $((count + 1)) ]
as boss boss-password
v --db "$DB" audit verify
check "... and the audit log verifies: nothing half-written" [ "$rc" = 0 ]
finish
