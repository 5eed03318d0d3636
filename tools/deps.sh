#!/bin/sh
# Makes sure the Debian packages vigil builds and tests with are installed.
# As root it installs the missing ones with apt-get; otherwise it prints the
# exact command to run and fails.
set -eu

# What each is for: the five libraries vigil links; pkg-config finds them;
# tmux drives the terminal tests; sqlite3 is the reference in benchmarks and
# edits records behind vigil's back in the audit tests; mandoc checks the
# man pages.
packages="pkg-config libncurses-dev libsqlite3-dev libcsv-dev libsodium-dev libcmocka-dev tmux sqlite3 mandoc"

missing=""
for p in $packages; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "vigil: missing Debian packages:$missing" >&2
	echo "vigil: run: sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "vigil: installing missing Debian packages:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
# shellcheck disable=SC2086
apt-get install -y -qq $missing >&2
