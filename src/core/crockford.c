/* crockford.c — see crockford.h. */
#include "crockford.h"

#include <sodium.h>
#include <string.h>

const char ms_crockford_alphabet[33] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

void ms_crockford_random(char *out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = ms_crockford_alphabet[randombytes_uniform(32)];
	out[n] = '\0';
}

bool ms_crockford_read(const char *in, size_t n, bool lenient, char *out)
{
	size_t k = 0;
	for (const char *s = in; s && *s; s++) {
		char c = *s;
		if (c == '-' || c == ' ')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (lenient && c == 'O')
			c = '0';
		else if (lenient && (c == 'I' || c == 'L'))
			c = '1';
		if (k == n || !strchr(ms_crockford_alphabet, c))
			return false;
		out[k++] = c;
	}
	out[k] = '\0';
	return k == n;
}
