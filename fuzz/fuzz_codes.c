/*
 * fuzz_codes.c — libFuzzer driver for the codes people copy from paper or
 * a QR code into a form: the activation code of a deputy's letter (POST
 * /activate reads it leniently: O as 0, I and L as 1), a code-sheet slip's
 * voting code (lenient too) and a ballot's tracker (strict), all through
 * core/crockford.c. The first byte picks the length (10, 16 or 20) and the
 * reading; the rest is the text. The invariants (a broken one aborts):
 *   - an accepted code is exactly n characters of the alphabet and reads
 *     as itself, strictly;
 *   - what the strict reading accepts the lenient one accepts the same;
 *   - inserting hyphens and spaces, or changing case, changes nothing.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/crockford.h"

#define check(cond)                                                                                    \
	do {                                                                                           \
		if (!(cond))                                                                           \
			abort();                                                                       \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 4096)
		return 0;
	static const size_t lens[] = {10, 16, 20};
	size_t n = lens[data[0] % 3];
	bool lenient = data[0] & 4;
	char *in = malloc(size);
	if (!in)
		return 0;
	memcpy(in, data + 1, size - 1);
	in[size - 1] = 0;
	char out[21], again[21];
	bool ok = ms_crockford_read(in, n, lenient, out);
	if (ok) {
		check(strlen(out) == n && strspn(out, ms_crockford_alphabet) == n);
		check(ms_crockford_read(out, n, false, again) && strcmp(again, out) == 0);
	}
	if (!lenient && ms_crockford_read(in, n, false, out)) {
		check(ms_crockford_read(in, n, true, again) && strcmp(again, out) == 0);
	}
	if (ok) {
		/* the same code in lower case with a hyphen and a space between
		 * every character reads the same */
		size_t len = strlen(in);
		char *spread = malloc(3 * len + 1);
		if (spread) {
			size_t k = 0;
			for (size_t i = 0; i < len; i++) {
				spread[k++] = (char)tolower((unsigned char)in[i]);
				spread[k++] = i % 2 ? '-' : ' ';
			}
			spread[k] = 0;
			check(ms_crockford_read(spread, n, lenient, again) && strcmp(again, out) == 0);
			free(spread);
		}
	}
	free(in);
	return 0;
}
