#!/bin/sh
# deps.sh — install the Debian packages Minsheng needs, and only those that
# are missing: libraries are looked up with pkg-config, tools with command -v.
# Usage: scripts/deps.sh [build|test|bench]   (test adds the test-only packages,
# bench the benchmarks' load generator and reference server)
set -eu
what=${1:-build}
missing=""
need_pc() { pkg-config --exists "$1" 2>/dev/null || missing="$missing $2"; }
need_cmd() { command -v "$1" >/dev/null 2>&1 || missing="$missing $2"; }

need_cmd cc gcc
need_cmd pkg-config pkg-config
need_cmd meson meson
need_cmd ninja ninja-build
need_cmd python3 python3
need_cmd node nodejs   # the web front end's build (scripts/web.sh; Node 20.19+ is fetched if this one is older)
need_cmd npm npm
if command -v pkg-config >/dev/null 2>&1; then
	need_pc libmicrohttpd libmicrohttpd-dev
	need_pc jansson libjansson-dev
	need_pc libsodium libsodium-dev
	need_pc sqlite3 libsqlite3-dev
	need_pc libpq libpq-dev
	need_pc libtommath libtommath-dev
	need_pc libgfshare libgfshare-dev
	need_pc cairo-pdf libcairo2-dev
	need_pc pangocairo libpango1.0-dev
	need_pc libqrencode libqrencode-dev
	need_pc xlsxwriter libxlsxwriter-dev
	need_pc libmagic libmagic-dev
	need_pc vips libvips-dev
	fc-list 2>/dev/null | grep -q NotoSansCJK || missing="$missing fonts-noto-cjk"
	[ -f /usr/include/csv.h ] || missing="$missing libcsv-dev"
	[ -f /usr/include/unictype.h ] || missing="$missing libunistring-dev"
	[ "$what" = test ] && need_pc cmocka libcmocka-dev
else
	missing="$missing libmicrohttpd-dev libjansson-dev libsodium-dev libsqlite3-dev libpq-dev libcsv-dev libtommath-dev libgfshare-dev libcairo2-dev libpango1.0-dev libqrencode-dev libxlsxwriter-dev libmagic-dev libvips-dev fonts-noto-cjk libunistring-dev"
	[ "$what" = test ] && missing="$missing libcmocka-dev"
fi

if [ "$what" = test ]; then
	# Browser tests: Debian's Chromium, and a Chinese font so screenshots show the text.
	[ -x /usr/bin/chromium ] || missing="$missing chromium"
	command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null | head -n 1)" ] ||
		missing="$missing fonts-wqy-microhei"
	# The code-sheet tests read the printed slips back: text and fonts (poppler-utils) and QR codes (zbar-tools);
	# the progress report's test reads its PDF's text (pdftotext, poppler-utils).
	{ command -v pdftoppm >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; } || missing="$missing poppler-utils"
	command -v zbarimg >/dev/null 2>&1 || missing="$missing zbar-tools"
	# PostgreSQL 15 for the store's tests on PostgreSQL (scripts/pg-test-server.sh starts a throwaway server).
	[ -x /usr/lib/postgresql/15/bin/initdb ] || missing="$missing postgresql-15"
	# The scale-out integration test: nginx in front of two nodes.
	command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$missing nginx-light"
fi

if [ "$what" = bench ]; then
	# bench/: wrk drives the load, nginx serves the static file every figure is compared with.
	need_cmd wrk wrk
	command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$missing nginx-light"
fi

[ -z "$missing" ] && exit 0
echo "deps: installing$missing" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
