/*
 * crockford.h — Crockford's base32 for what people read off paper and type
 * back: activation codes, voting codes, ballot trackers. The alphabet has
 * no I, L, O or U, so no character reads as another.
 */
#ifndef MS_CROCKFORD_H
#define MS_CROCKFORD_H

#include <stdbool.h>
#include <stddef.h>

/* The 32 characters, 0-9 then A-Z without I, L, O, U. */
extern const char ms_crockford_alphabet[33];

/* n random characters of the alphabet (libsodium's generator) and a NUL
 * into out[n + 1]. */
void ms_crockford_random(char *out, size_t n);

/* A code as typed or scanned into its n canonical characters and a NUL
 * (out[n + 1]): any case, hyphens and spaces ignored; with `lenient`, O is
 * read as 0 and I and L as 1, as Crockford's decoding does (for what a
 * person copies by hand). False when it is not n characters of the
 * alphabet; out is then unspecified. */
bool ms_crockford_read(const char *in, size_t n, bool lenient, char *out);

#endif
