#!/bin/sh
# build.sh — build the libFuzzer targets into fuzz/out/ with clang, ASan and
# UBSan (halting on the first error). Usage: fuzz/build.sh   (from anywhere)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
CC=${CC:-clang}
mkdir -p fuzz/out
# The libraries loaded when first used (src/core/lazy.h) are opened by the soname of the library found, as meson.build
# finds it (scripts/soname.py): KEY:pkg-config module:library name.
sonames=""
for kl in MHD:libmicrohttpd:microhttpd PQ:libpq:pq PANGOCAIRO:pangocairo:pangocairo-1.0 VIPS:vips:vips \
	MAGIC:libmagic:magic XLSXWRITER:xlsxwriter:xlsxwriter; do
	key=${kl%%:*}
	rest=${kl#*:}
	so=$(python3 scripts/soname.py "$(pkg-config --variable=libdir "${rest%%:*}")" "${rest#*:}")
	sonames="$sonames -DMS_${key}_SONAME=\"$so\""
done
$CC -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-Wall -Wextra -Isrc \
	fuzz/fuzz_csv.c src/core/csvtab.c src/core/util.c src/core/utf8.c src/core/err.c \
	-lcsv -lsodium -o fuzz/out/fuzz_csv
echo "built fuzz/out/fuzz_csv"
# The .pb reader, writer and builder with what they use: the catalogue and
# name tables of the counting library, core's errors, UTF-8 and names.
pb_src="src/count/pb_scan.c src/count/pb_read.c src/count/pb_votes.c src/count/pb_split.c src/count/pb_write.c \
	src/count/count_codes.c src/count/count_names.c \
	src/core/err.c src/core/utf8.c src/core/names.c"
$CC -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-Wall -Wextra -Isrc \
	fuzz/fuzz_pb.c $pb_src -pthread -o fuzz/out/fuzz_pb
echo "built fuzz/out/fuzz_pb"
$CC -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DMS_PB_NO_SIMD -g -O1 \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-Wall -Wextra -Isrc \
	fuzz/fuzz_pb.c $pb_src -pthread -o fuzz/out/fuzz_pb_scalar
echo "built fuzz/out/fuzz_pb_scalar"
$CC -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-Wall -Wextra -Isrc \
	fuzz/fuzz_static.c src/http/static.c src/http/response.c src/core/err.c src/core/utf8.c -o fuzz/out/fuzz_static
echo "built fuzz/out/fuzz_static"
$CC -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-Wall -Wextra -Isrc $(pkg-config --cflags libpq) \
	fuzz/fuzz_fields.c src/api/fields.c src/api/api_codes.c src/core/err.c src/core/utf8.c src/core/names.c \
	src/core/util.c src/core/text.c -ljansson -lsodium -lunistring -o fuzz/out/fuzz_fields
echo "built fuzz/out/fuzz_fields"
$CC -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-Wall -Wextra -Isrc \
	fuzz/fuzz_codes.c src/core/crockford.c -lsodium -o fuzz/out/fuzz_codes
echo "built fuzz/out/fuzz_codes"
# Uploads (core/upload.c) with the system's libmagic and libvips.
$CC -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-Wall -Wextra -Isrc $(pkg-config --cflags vips) $sonames \
	fuzz/fuzz_upload.c src/core/upload.c src/core/lazy.c src/core/err.c src/core/utf8.c \
	$(pkg-config --libs vips libmagic) -lsodium -o fuzz/out/fuzz_upload
echo "built fuzz/out/fuzz_upload"
# The bulletin, shares, trackers and sealed plaintexts (vote/bulletin.c, vote/seal.c) with the whole
# program they reach (the counting library, the store for the names it links), as meson builds it.
app_src=$(python3 - <<'PY'
import re
m = re.search(r"app_src = files\((.*?)\)", open("meson.build").read(), re.S)
print(" ".join(dict.fromkeys(re.findall(r"'([^']+\.c)'", m.group(1)))))  # each file once
PY
)
count_src="$(ls src/count/*.c) src/core/err.c src/core/utf8.c src/core/names.c"
$CC -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-Wall -Wextra -Isrc $(pkg-config --cflags libpq pangocairo cairo-pdf libqrencode fontconfig vips) $sonames \
	fuzz/fuzz_bulletin.c $app_src $count_src fuzz/demo_stub.c \
	$(pkg-config --libs libmicrohttpd jansson libsodium libgfshare cairo-pdf pangocairo libqrencode fontconfig vips libmagic xlsxwriter \
		sqlite3 libpq libtommath) -lcsv -lunistring -lm -lpthread -o fuzz/out/fuzz_bulletin
echo "built fuzz/out/fuzz_bulletin"
# JSON requests through the real dispatcher (api/api.c and every domain) on the demo congress; the HTTP layer
# (src/http/http.c, deadline.c and slow.c, libmicrohttpd) is replaced by the driver's fakes, so they and cmd_serve.c
# stay out; the answers are filled by the real src/http/response.c.
python3 scripts/embed.py src/cli/demo.json fuzz/out/demo_data.c ms_demo_json
api_src=$(echo "$app_src" | tr ' ' '\n' | grep -v -e '^src/http/http.c$' -e '^src/http/deadline.c$' -e '^src/http/slow.c$' -e '^src/cli/cmd_serve.c$' | tr '\n' ' ')
$CC -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-Wall -Wextra -Isrc $(pkg-config --cflags libpq pangocairo cairo-pdf libqrencode fontconfig vips) $sonames \
	fuzz/fuzz_api.c $api_src $count_src fuzz/out/demo_data.c \
	$(pkg-config --libs libmicrohttpd jansson libsodium libgfshare cairo-pdf pangocairo libqrencode fontconfig vips libmagic xlsxwriter \
		sqlite3 libpq libtommath) -lcsv -lunistring -lm -lpthread -o fuzz/out/fuzz_api
echo "built fuzz/out/fuzz_api"
# Issue 14's readers: the search tokenizer and query check (store/search.c) and the liaison tokens residents type or
# scan (tracking, cancel and QR codes, poll codes, phone numbers), each with the whole program it links, compiled
# once into fuzz/out/app14/ for both; the clustering (liaison/cluster.c) is pure and links alone.
mkdir -p fuzz/out/app14
app14_flags="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=all -Wall -Wextra -Isrc $(pkg-config --cflags libpq pangocairo cairo-pdf libqrencode fontconfig vips) \
	$sonames"
app14_objs=""
for f in $app_src $count_src fuzz/demo_stub.c; do
	app14_objs="$app14_objs fuzz/out/app14/$(echo "$f" | tr / _).o"
done
# shellcheck disable=SC2086
printf '%s\n' $app_src $count_src fuzz/demo_stub.c | sort -u | \
	CC=$CC FLAGS="$app14_flags" xargs -P "$(nproc)" -I{} sh -c \
	'$CC $FLAGS -c "{}" -o "fuzz/out/app14/$(echo "{}" | tr / _).o"'
app14_libs="$(pkg-config --libs libmicrohttpd jansson libsodium libgfshare cairo-pdf pangocairo libqrencode fontconfig vips \
	libmagic xlsxwriter sqlite3 libpq libtommath) -lcsv -lunistring -lm -lpthread"
for t in search liaison live articles target_value; do
	# shellcheck disable=SC2086
	$CC -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Wall -Wextra -Isrc \
		fuzz/fuzz_$t.c $(printf '%s\n' $app14_objs | sort -u) $app14_libs -o fuzz/out/fuzz_$t
	echo "built fuzz/out/fuzz_$t"
done
$CC -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-Wall -Wextra -Isrc \
	fuzz/fuzz_cluster.c src/liaison/cluster.c -lunistring -o fuzz/out/fuzz_cluster
echo "built fuzz/out/fuzz_cluster"
