#!/bin/sh
# tsan.sh SOURCE_ROOT OUT_DIR — the .pb reader's two threads under
# ThreadSanitizer: test_pb_split, built with -fsanitize=thread (which cannot
# share a build with AddressSanitizer) from the counting library's sources,
# and run. A data race between the threads fails it (exit 66).
set -e
src="$1"
out="$2"
mkdir -p "$out"
# shellcheck disable=SC2046
${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 -fsanitize=thread \
	-I"$src/src" -I"$src/tests/count" \
	"$src/tests/count/test_pb_split.c" "$src/tests/count/support.c" "$src"/src/count/*.c \
	"$src/src/core/err.c" "$src/src/core/utf8.c" "$src/src/core/names.c" \
	-o "$out/test_pb_split_tsan" $(pkg-config --cflags --libs cmocka libtommath) -lm -lpthread
TSAN_OPTIONS="halt_on_error=1 exitcode=66" exec "$out/test_pb_split_tsan"
