#!/bin/sh
# web.sh — build the web front end into web/dist (served by `minsheng serve`):
# `npm ci` from the committed lock file when node_modules is missing or older
# than the lock; the API's types from the server's OpenAPI document
# (web/scripts/gen-api.mjs runs `minsheng api-schema`: the binary is
# $MINSHENG_BIN, else the newer of build/minsheng and build-asan/minsheng);
# then type-check and `vite build` when a source (the generated files too) is
# newer than the last build. Prints the gzipped size of what the first page loads.
set -eu
ms_root=$(cd "$(dirname "$0")/.." && pwd)
. "$ms_root/scripts/node-env.sh"
# A relative $MINSHENG_BIN is the caller's (`make run` passes build/minsheng).
bin=${MINSHENG_BIN:-}
case $bin in
'' | /*) ;;
*) bin=$(pwd)/$bin ;;
esac
cd "$ms_root/web"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	npm ci --no-audit --no-fund --loglevel=error
fi
# `make run` builds build/, `make test` build-asan/: when both exist, the one
# built last speaks for the current sources.
if [ -z "$bin" ]; then
	for b in "$ms_root/build/minsheng" "$ms_root/build-asan/minsheng"; do
		if [ -x "$b" ] && { [ -z "$bin" ] || [ "$b" -nt "$bin" ]; }; then bin=$b; fi
	done
fi
if [ -n "$bin" ]; then
	# Rewrites src/api/{openapi.json,schema.d.ts,enums.ts,catalogue.ts} only when they change.
	node scripts/gen-api.mjs "$bin"
elif [ -f src/api/schema.d.ts ] && [ -f src/api/catalogue.ts ] && [ -f src/api/enums.ts ]; then
	echo "web.sh: no minsheng binary (build/, build-asan/ or \$MINSHENG_BIN); keeping the API types generated before" >&2
else
	echo "web.sh: the API types are made from \`minsheng api-schema\`: build the server first (ninja -C build) or set MINSHENG_BIN" >&2
	exit 1
fi
if [ ! -f dist/index.html ] ||
	[ -n "$(find src public index.html vite.config.ts tsconfig.json package-lock.json -newer dist/index.html 2>/dev/null | head -n 1)" ]; then
	npm run --silent build >"$ms_root/web/.build.log" 2>&1 || { cat "$ms_root/web/.build.log" >&2; exit 1; }
	# Precompressed copies: minsheng serve sends FILE.gz to clients that accept gzip.
	find dist -type f \( -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' \) -exec gzip -9 -k -f {} \;
	node "$ms_root/scripts/web-size.mjs" dist >&2 || true
fi
