/* utf8.c — see utf8.h. The table of well-formed sequences is Table 3-7 of
 * the Unicode Standard (D92). */
#include "utf8.h"

size_t ms_utf8_seq(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	if (n == 0)
		return 0;
	unsigned c = p[0];
	if (c < 0x80)
		return 1;
	size_t k;
	unsigned char lo = 0x80, hi = 0xBF; /* the range of the second byte */
	if (c >= 0xC2 && c <= 0xDF)
		k = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		k = 3;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		k = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else
		return 0;
	if (n < k || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < k; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	return k;
}

bool ms_utf8_valid(const char *s, size_t n)
{
	return ms_utf8_len(s, n) >= 0;
}

long ms_utf8_len(const char *s, size_t n)
{
	long chars = 0;
	for (size_t i = 0; i < n; chars++) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		size_t k = ms_utf8_seq(s + i, n - i);
		if (k == 0)
			return -1;
		i += k;
	}
	return chars;
}

size_t ms_utf8_valid_prefix(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t k = (unsigned char)s[i] < 0x80 ? 1 : ms_utf8_seq(s + i, n - i);
		if (k == 0)
			break;
		i += k;
	}
	return i;
}

size_t ms_utf8_clip(const char *s, size_t n, size_t max)
{
	if (max >= n)
		return n;
	/* Step back over continuation bytes to the start of the character
	 * that the cut at max would split (at most 3 of them). */
	size_t k = max;
	while (k > 0 && max - k < 4 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	return ((unsigned char)s[k] & 0xC0) == 0x80 ? max : k;
}

size_t ms_utf8_prefix(const char *s, size_t n, size_t chars)
{
	size_t i = 0;
	while (i < n && chars > 0) {
		size_t k = ms_utf8_seq(s + i, n - i);
		i += k ? k : 1;
		chars--;
	}
	return i;
}
