/*
 * err.h — Minsheng's error convention.
 *
 * Every fallible function returns int: 0 on success or a negative enum ms_err.
 * An optional struct ms_error * (may be NULL) carries a stable machine code
 * (e.g. "already_voted"), a human message and the offending field. The one
 * table that maps ms_err to an HTTP status lives in src/api/api_error.c.
 */
#ifndef MS_ERR_H
#define MS_ERR_H

#include <stddef.h>

enum ms_err {
	MS_OK = 0,
	MS_ERR_INVALID = -1,        /* malformed request: bad JSON, unknown field, wrong type (400) */
	MS_ERR_UNAUTHENTICATED = -2,/* not logged in (401) */
	MS_ERR_FORBIDDEN = -3,      /* wrong role or congress, bad CSRF token (403) */
	MS_ERR_NOT_FOUND = -4,      /* no such object (404) */
	MS_ERR_METHOD = -5,         /* method not allowed on this path (405) */
	MS_ERR_CONFLICT = -6,       /* state forbids it: double vote, closed poll (409) */
	MS_ERR_TOO_LARGE = -7,      /* body over the limit (413) */
	MS_ERR_UNPROCESSABLE = -8,  /* well-formed but semantically wrong (422) */
	MS_ERR_BUSY = -9,           /* try again later (503) */
	MS_ERR_NOMEM = -10,         /* out of memory (500) */
	MS_ERR_STORE = -11,         /* database failure (500) */
	MS_ERR_IO = -12,            /* file or network I/O failure (500) */
	MS_ERR_INTERNAL = -13       /* a bug (500) */
};

struct ms_error {
	enum ms_err err;
	const char *code;   /* static string, e.g. "already_voted"; NULL → default for err */
	char field[64];     /* offending field, "" if none */
	char message[256];  /* human-readable, English */
};

/* Fill *e (if e is not NULL) and return err, so callers can write
 * `return ms_error_set(e, MS_ERR_CONFLICT, "already_voted", NULL, "...")`.
 * code must be a string with static storage or NULL. field may be NULL. */
int ms_error_set(struct ms_error *e, enum ms_err err, const char *code,
		 const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Reset *e to "no error". */
void ms_error_clear(struct ms_error *e);

/* Short default machine code for err ("invalid", "not_found", ...). */
const char *ms_err_code(enum ms_err err);

#endif
