/*
 * fuzz_search.c — libFuzzer driver for the search index's text functions
 * (store/search.c, linked as the program links it): ms_search_normalise,
 * ms_search_tokens and ms_search_query_check, on what residents and staff
 * type into the search box and what demands say. The input is split at
 * its first two NUL bytes into x, y and z (missing parts are empty). The
 * invariants (a broken one aborts):
 *   - the normalised text and the token string are valid UTF-8 without NUL;
 *   - the token string is tokens separated by single spaces (none empty,
 *     no space at either end), as many as the count says, a CJK token one
 *     or two characters, any other at most MS_SEARCH_WORD_MAX;
 *   - the tokens of x are among the tokens of "y x z" (x set apart by
 *     spaces): what a text is found by, a longer text containing it is too;
 *   - ms_search_query_check answers 0 to 3, says "empty" exactly when the
 *     query has no token, and accepts no query of more than
 *     MS_SEARCH_TERMS_MAX terms.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "store/search.h"

#define check(cond)                                                                                    \
	do {                                                                                           \
		if (!(cond))                                                                           \
			abort();                                                                       \
	} while (0)

/* Check the token string's shape; returns its number of tokens. */
static size_t shape(const char *t)
{
	size_t len = strlen(t), n = 0;
	check(!u8_check((const uint8_t *)t, len));
	if (!len)
		return 0;
	check(t[0] != ' ' && t[len - 1] != ' ');
	for (const char *p = t; *p;) {
		const char *e = strchr(p, ' ');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		check(l > 0);
		size_t chars = u8_mbsnlen((const uint8_t *)p, l);
		check(chars >= 1 && chars <= MS_SEARCH_WORD_MAX);
		n++;
		p += l + (e ? 1 : 0);
	}
	return n;
}

/* Whether every token of small is a token of big. */
static bool among(const char *small, const char *big)
{
	size_t lb = strlen(big);
	char *b = malloc(lb + 3);
	if (!b)
		return true;
	b[0] = ' ';
	memcpy(b + 1, big, lb);
	b[lb + 1] = ' ', b[lb + 2] = 0;
	bool ok = true;
	char tok[4 * MS_SEARCH_WORD_MAX + 3];
	for (const char *p = small; *p && ok;) {
		const char *e = strchr(p, ' ');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		tok[0] = ' ';
		memcpy(tok + 1, p, l);
		tok[l + 1] = ' ', tok[l + 2] = 0;
		ok = strstr(b, tok) != NULL;
		p += l + (e ? 1 : 0);
	}
	free(b);
	return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *in = malloc(size + 3);
	if (!in)
		return 0;
	memcpy(in, data, size);
	in[size] = in[size + 1] = in[size + 2] = 0;
	const char *x = in, *y = x + strlen(x) + 1;
	if (y > in + size)
		y = in + size;
	const char *z = y + strlen(y) + 1;
	if (z > in + size)
		z = in + size;
	size_t lx = strlen(x);

	char *norm = NULL;
	if (ms_search_normalise(x, lx, &norm) == 0) {
		check(!u8_check((const uint8_t *)norm, strlen(norm)));
		free(norm);
	}
	char *tx = NULL;
	size_t nx = 0;
	if (ms_search_tokens(x, lx, &tx, &nx) == 0) {
		check(shape(tx) == nx);
		/* y x z, x set apart by spaces */
		size_t ly = strlen(y), lz = strlen(z);
		char *big = malloc(ly + lx + lz + 3);
		if (big) {
			memcpy(big, y, ly);
			big[ly] = ' ';
			memcpy(big + ly + 1, x, lx);
			big[ly + 1 + lx] = ' ';
			memcpy(big + ly + lx + 2, z, lz);
			big[ly + lx + lz + 2] = 0;
			char *tb = NULL;
			size_t nb = 0;
			if (ms_search_tokens(big, strlen(big), &tb, &nb) == 0) {
				check(shape(tb) == nb);
				check(among(tx, tb));
				free(tb);
			}
			free(big);
		}
	}
	int q = ms_search_query_check(x);
	check(q >= 0 && q <= MS_SEARCH_Q_MANY);
	if (tx)
		check((q == MS_SEARCH_Q_EMPTY) == (nx == 0));
	free(tx);
	free(in);
	return 0;
}
