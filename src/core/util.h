/*
 * util.h — small helpers shared by the server modules: UTC time stamps,
 * random tokens, and bounded string copies. Thread-safe.
 */
#ifndef MS_UTIL_H
#define MS_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Current UTC time as "2026-11-22T10:00:00Z" into buf (>= 21 bytes). */
void ms_now_iso(char *buf, size_t cap);
/* Seconds since the epoch. */
int64_t ms_now_unix(void);
/* nbytes random bytes (libsodium) as lowercase hex into buf (>= 2*nbytes+1). */
void ms_random_hex(char *buf, size_t nbytes);
/* Copy src into dst (cap bytes, always NUL-terminated); returns strlen(src). */
size_t ms_strlcpy(char *dst, const char *src, size_t cap);
/* Parse a decimal int64 from the whole of s; 0 on success, -1 otherwise. */
int ms_parse_i64(const char *s, int64_t *out);
#endif
