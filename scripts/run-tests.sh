#!/bin/sh
# run-tests.sh — build with AddressSanitizer + UBSan (halting on the first
# error) and run every test suite; ends with one line "N passed, N failed"
# counting every TAP test point of every suite (scripts/tap-summary.py).
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here" || exit 2
build=build-asan
# node (for the web build and the browser tests) must be on PATH before meson
# looks for it.
ms_root=$here
. scripts/node-env.sh || { echo "0 passed, 1 failed"; exit 1; }
if [ ! -d "$build" ]; then
	meson setup "$build" -Db_sanitize=address,undefined -Db_lundef=false -Dunit_tests=enabled \
		-Dc_args=-fno-sanitize-recover=all -Dbuildtype=debug >/dev/null || exit 2
fi
ninja -C "$build" >/dev/null || { ninja -C "$build"; echo "0 passed, 1 failed"; exit 1; }
# The web front end (its API types from this build's `minsheng api-schema`,
# type check, Vite build) for the browser tests; a build error is a failed test.
MINSHENG_BIN="$here/$build/minsheng" scripts/web.sh || { echo "0 passed, 1 failed"; exit 1; }
export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:abort_on_error=0
# Leaks inside system libraries, each reproduced without Minsheng (tests/lsan.supp).
export LSAN_OPTIONS=suppressions=$here/tests/lsan.supp
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
meson test -C "$build" --print-errorlogs --no-rebuild "$@"
rc=$?
python3 scripts/tap-summary.py "$build/meson-logs/testlog.json"
sum=$?
[ $rc -eq 0 ] && [ $sum -eq 0 ]
