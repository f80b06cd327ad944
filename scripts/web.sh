#!/bin/sh
# web.sh — build the web front end into web/dist (served by `minsheng serve`):
# `npm ci` from the committed lock file when node_modules is missing or older
# than the lock, then type-check and `vite build` when a source is newer than
# the last build. Prints the gzipped size of what the first page loads.
set -eu
ms_root=$(cd "$(dirname "$0")/.." && pwd)
. "$ms_root/scripts/node-env.sh"
cd "$ms_root/web"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	npm ci --no-audit --no-fund --loglevel=error
fi
if [ ! -f dist/index.html ] ||
	[ -n "$(find src public index.html vite.config.ts tsconfig.json package-lock.json -newer dist/index.html 2>/dev/null | head -n 1)" ]; then
	npm run --silent build >"$ms_root/web/.build.log" 2>&1 || { cat "$ms_root/web/.build.log" >&2; exit 1; }
	# Precompressed copies: minsheng serve sends FILE.gz to clients that accept gzip.
	find dist -type f \( -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' \) -exec gzip -9 -k -f {} \;
	node "$ms_root/scripts/web-size.mjs" dist >&2 || true
fi
