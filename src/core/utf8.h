/*
 * utf8.h — the one UTF-8 module: every check, length and cut of UTF-8 text
 * in Minsheng goes through here (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF). Pure functions, thread-safe, no
 * allocation; usable from the counting library.
 */
#ifndef MS_UTF8_H
#define MS_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* The length in bytes (1 to 4) of the well-formed character that starts
 * s[0] within the n bytes available, or 0 when none starts there (a stray
 * continuation byte, a bad lead byte, a truncated or overlong sequence). */
size_t ms_utf8_seq(const char *s, size_t n);

/* Whether the n bytes of s are well-formed UTF-8. */
bool ms_utf8_valid(const char *s, size_t n);

/* The number of characters (code points) in the n bytes of s, or -1 when
 * they are not well-formed UTF-8. */
long ms_utf8_len(const char *s, size_t n);

/* The largest length <= max (and <= n) at which s (n bytes of UTF-8, or
 * the start of it) can be cut without splitting a character: a prefix that
 * is well-formed stays well-formed. */
size_t ms_utf8_clip(const char *s, size_t n, size_t max);

/* The length of the longest well-formed prefix of the n bytes of s (n when
 * all of s is well-formed): where a text cut anywhere should end. */
size_t ms_utf8_valid_prefix(const char *s, size_t n);

/* The byte offset of character number chars (from 0) in the n bytes of
 * well-formed s, or n when s has fewer characters: the prefix of at most
 * `chars` characters. */
size_t ms_utf8_prefix(const char *s, size_t n, size_t chars);

#endif
