/*
 * fuzz_target_value.c — libFuzzer driver for a target list's decimal values
 * (ms_target_parse_value and ms_target_format_value, src/target/target.c,
 * linked with the whole program). The input is the text as the API lets it
 * through (up to 32 bytes, no NUL). The invariants (a broken one aborts):
 *   - a value read is within ±MS_TARGET_VALUE_MAX in thousandths;
 *   - written back it is at most 31 bytes, reads again to the same value,
 *     and writes again to the same text (the shortest form is stable);
 *   - a text of anything but an optional '-', digits and at most one '.'
 *     followed by one to three digits is refused.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "target/target.h"

#define check(cond)                                                                                    \
	do {                                                                                           \
		if (!(cond))                                                                           \
			abort();                                                                       \
	} while (0)

static int well_formed(const char *s)
{
	const char *p = s + (*s == '-');
	size_t digits = 0, decimals = 0;
	while (*p >= '0' && *p <= '9')
		p++, digits++;
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9')
			p++, decimals++;
		if (decimals < 1 || decimals > 3)
			return 0;
	}
	return *p == 0 && digits > 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 32 || memchr(data, 0, size))
		return 0;
	char s[33];
	memcpy(s, data, size);
	s[size] = 0;
	int64_t v = 0, again = 0;
	if (!ms_target_parse_value(s, &v))
		return 0;
	check(well_formed(s));
	check(v >= -MS_TARGET_VALUE_MAX * 1000 && v <= MS_TARGET_VALUE_MAX * 1000);
	char out[32], out2[32];
	ms_target_format_value(v, out);
	check(strlen(out) < sizeof out);
	check(ms_target_parse_value(out, &again) && again == v);
	ms_target_format_value(again, out2);
	check(strcmp(out, out2) == 0);
	return 0;
}
