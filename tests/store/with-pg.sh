#!/bin/sh
# with-pg.sh — run a command against a throwaway PostgreSQL 15: starts one
# with scripts/pg-test-server.sh in a temporary directory, exports its URI as
# MINSHENG_TEST_PG, runs the command, stops the server and removes the
# directory whatever happens, and exits with the command's status.
# Usage: tests/store/with-pg.sh COMMAND [ARG...]
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/minsheng-pg.XXXXXX") || exit 1
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	"$here/scripts/pg-test-server.sh" stop "$dir" >/dev/null 2>&1
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
uri=$("$here/scripts/pg-test-server.sh" start "$dir") || {
	echo "Bail out! cannot start PostgreSQL (scripts/pg-test-server.sh)"
	exit 1
}
MINSHENG_TEST_PG=$uri
export MINSHENG_TEST_PG
"$@"
rc=$?
exit $rc
