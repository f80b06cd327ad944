/* crockford.c — see crockford.h. */
#include "crockford.h"

#include <sodium.h>
#include <string.h>

const char ms_crockford_alphabet[33] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* One draw of libsodium's generator for up to 64 characters (each a
 * system call: a ballot's tracker drew one a character, 4 % of the server's
 * time under the intake), each byte's low five bits a character: 256 is a
 * multiple of 32, so each of the alphabet's characters is as likely. */
void ms_crockford_random(char *out, size_t n)
{
	unsigned char r[64];
	for (size_t i = 0; i < n; i += sizeof r) {
		size_t k = n - i < sizeof r ? n - i : sizeof r;
		randombytes_buf(r, k);
		for (size_t j = 0; j < k; j++)
			out[i + j] = ms_crockford_alphabet[r[j] & 31u];
	}
	sodium_memzero(r, sizeof r);
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
