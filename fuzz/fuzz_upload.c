/*
 * fuzz_upload.c — libFuzzer driver for what an uploaded file goes through
 * (core/upload.c): libmagic's reading of its type, then, for a photo,
 * libvips decoding, turning, scaling and writing it again. The input is the
 * file. The invariants (a broken one aborts):
 *   - an accepted photo is a JPEG (FF D8 … FF D9) of at most
 *     MS_UPLOAD_PHOTO_EDGE pixels a side, with no EXIF segment, and has a
 *     JPEG thumbnail; an accepted document is the PDF as sent;
 *   - a refusal is file_type, file_unreadable or payload_too_large, with
 *     both messages; nothing is returned with it.
 * libvips and libmagic are the system's (not instrumented): the fuzzer
 * steers by this file's branches and finds crashes and leaks in theirs.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/upload.h"

#define check(cond)                                                                                    \
	do {                                                                                           \
		if (!(cond))                                                                           \
			abort();                                                                       \
	} while (0)

static bool has(const unsigned char *p, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(p + i, needle, k) == 0)
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ms_upload u;
	struct ms_error e = {0};
	int rc = ms_upload_examine(data, size, &u, &e);
	if (rc) {
		check(u.data == NULL && u.thumb == NULL);
		check(e.code && (strcmp(e.code, "file_type") == 0 || strcmp(e.code, "file_unreadable") == 0 ||
				 strcmp(e.code, "payload_too_large") == 0));
		check(e.message[0] && e.message_zh[0]);
		return 0;
	}
	if (u.kind == MS_UPLOAD_DOCUMENT) {
		check(u.len == size && memcmp(u.data, data, size) == 0 && !u.thumb);
	} else {
		check(u.len > 4 && u.data[0] == 0xff && u.data[1] == 0xd8);
		check(u.width >= 1 && u.height >= 1 && u.width <= MS_UPLOAD_PHOTO_EDGE && u.height <= MS_UPLOAD_PHOTO_EDGE);
		check(u.thumb && u.thumb_len > 4 && u.thumb[0] == 0xff && u.thumb[1] == 0xd8);
		check(!has(u.data, u.len, "Exif") && !has(u.thumb, u.thumb_len, "Exif"));
	}
	ms_upload_fini(&u);
	return 0;
}
