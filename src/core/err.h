/*
 * err.h — Minsheng's error convention and its catalogue of messages.
 *
 * Every fallible function returns int: 0 on success or a negative enum
 * ms_err. An optional struct ms_error * (may be NULL) carries a stable
 * machine code (e.g. "already_voted"), the message in English and in
 * Chinese, and the offending field. The one table that maps ms_err to an
 * HTTP status lives in src/api/.
 *
 * What a user may see comes from the catalogue: each machine code is a
 * struct ms_code — the code, its class (enum ms_err) and one message in
 * Chinese and one in English — defined once, in the `*_codes.def` file of
 * the folder that raises it (core's generic codes in codes.def, the
 * counting library's in count/count_codes.def, each domain's beside its
 * code). A message is a template whose {1} … {9} are the arguments of the
 * error, typed at the call so the compiler checks them:
 *
 *     return ms_failf(e, MS_E_TOO_MANY_APPROVALS, "choices", MS_AI(na), MS_AI(max));
 *
 * Both languages are rendered when the error is raised; either may use the
 * arguments in any order or leave some out. An argument is an integer
 * (MS_AI), a text from the user or the data (MS_AS, MS_ASN: shown as given,
 * cut to whole characters at MS_ARG_TEXT_MAX bytes), or a text in both
 * languages (MS_AT, e.g. the name of a phase) of which each message takes
 * its own.
 *
 * Failures the user cannot act on (out of memory, database or I/O failure,
 * a bug) use ms_error_set with a message for the server log; the client is
 * told only their class (see ms_code_of_err).
 */
#ifndef MS_ERR_H
#define MS_ERR_H

#include <stddef.h>
#include <stdint.h>

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
	MS_ERR_INTERNAL = -13,      /* a bug (500) */
	MS_ERR_TOO_MANY = -14,      /* too many attempts: wait as Retry-After says (429) */
	MS_ERR_URI_TOO_LONG = -15,  /* the request URI over the HTTP layer's limit (414) */
	MS_ERR_HEADERS_TOO_LARGE = -16 /* the header block over the HTTP layer's limit (431) */
};

#define MS_ERR_MESSAGE_MAX 320

struct ms_error {
	enum ms_err err;
	const char *code;                 /* static string, e.g. "already_voted"; NULL → default for err */
	char field[64];                   /* offending field, "" if none */
	char message[MS_ERR_MESSAGE_MAX];    /* English */
	char message_zh[MS_ERR_MESSAGE_MAX]; /* Chinese; "" for failures described to the log only */
};

/* One entry of the catalogue. */
struct ms_code {
	const char *code;  /* the machine code, unique in the whole catalogue */
	enum ms_err err;   /* its class */
	const char *zh;    /* message templates: {1} … {9} are the arguments */
	const char *en;
};

/* An argument of a message (build it with the macros below). */
enum ms_arg_kind { MS_ARG_INT, MS_ARG_STR, MS_ARG_TEXT };
struct ms_arg {
	enum ms_arg_kind kind;
	int64_t i;             /* MS_ARG_INT */
	const char *s;         /* MS_ARG_STR: the text, s_len bytes of it (SIZE_MAX: up to its NUL) */
	size_t s_len;
	const char *zh, *en;   /* MS_ARG_TEXT */
};

#define MS_ARG_TEXT_MAX 120 /* bytes of an MS_AS text shown in a message */

#define MS_AI(v) ((struct ms_arg){.kind = MS_ARG_INT, .i = (int64_t)(v)})
#define MS_AS(v) ((struct ms_arg){.kind = MS_ARG_STR, .s = (v), .s_len = SIZE_MAX})
#define MS_ASN(v, len) ((struct ms_arg){.kind = MS_ARG_STR, .s = (v), .s_len = (size_t)(len)})
#define MS_AT(zh_, en_) ((struct ms_arg){.kind = MS_ARG_TEXT, .zh = (zh_), .en = (en_)})

/* Fill *e (if not NULL) from code with the arguments and the offending field
 * (NULL: none), and return code's class:
 *     return ms_fail(e, MS_E_NO_QUORUM, NULL);
 *     return ms_failf(e, MS_E_UNKNOWN_FIELD, key, MS_AS(key));        */
int ms_fail_args(struct ms_error *e, const struct ms_code *code, const char *field, const struct ms_arg *args,
		 size_t n_args);
#define ms_fail(e, code, field) ms_fail_args((e), &(code), (field), NULL, 0)
#define ms_failf(e, code, field, ...)                                                                  \
	ms_fail_args((e), &(code), (field), (const struct ms_arg[]){__VA_ARGS__},                    \
		     sizeof((const struct ms_arg[]){__VA_ARGS__}) / sizeof(struct ms_arg))

/* Several faults of one input (a CSV row, a form): each check records its
 * error and the checks go on. Without add, only the first is kept. */
struct ms_faults {
	void (*add)(struct ms_faults *f, const struct ms_error *e); /* called for every fault, or NULL */
	void *ctx;               /* for add */
	struct ms_error first;   /* the first fault */
	size_t n;                /* faults so far */
};

/* Record e (a filled error) in f. Returns e->err. */
int ms_faults_add(struct ms_faults *f, const struct ms_error *e);
/* Record a fault of the catalogue in f, as ms_fail / ms_failf would raise
 * it. Returns its class. */
int ms_fault_args(struct ms_faults *f, const struct ms_code *code, const char *field, const struct ms_arg *args,
		  size_t n_args);
#define ms_fault(f, code, field) ms_fault_args((f), &(code), (field), NULL, 0)
#define ms_faultf(f, code, field, ...)                                                                 \
	ms_fault_args((f), &(code), (field), (const struct ms_arg[]){__VA_ARGS__},                   \
		      sizeof((const struct ms_arg[]){__VA_ARGS__}) / sizeof(struct ms_arg))
/* 0 when f holds no fault, else the first fault's class with it in *e. */
int ms_faults_result(const struct ms_faults *f, struct ms_error *e);

/* Render template (a catalogue message) with the arguments into buf (cap
 * bytes, always NUL-terminated, cut at a character boundary); zh selects
 * each MS_AT argument's Chinese. Returns the length written. */
size_t ms_code_render(const char *template, const struct ms_arg *args, size_t n_args, int zh, char *buf,
		      size_t cap);

/* For failures the user cannot act on (class 5xx) and for the drivers'
 * own diagnostics: fill *e with a message for the server log and return
 * err. code must be a string with static storage or NULL. */
int ms_error_set(struct ms_error *e, enum ms_err err, const char *code,
		 const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Out of memory: ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory"). */
int ms_nomem(struct ms_error *e);

/* Reset *e to "no error". */
void ms_error_clear(struct ms_error *e);

/* The catalogue entry of a class, for errors that carry no code of their
 * own ("invalid_request", "not_found", "internal_error", …). */
const struct ms_code *ms_code_of_err(enum ms_err err);
/* Its machine code (the same as ms_code_of_err(err)->code). */
const char *ms_err_code(enum ms_err err);

/* core's own codes: the generic ones every layer may raise. */
#define MS_CODE(name, code, kind, zh, en) extern const struct ms_code MS_E_##name;
#include "codes.def"
#undef MS_CODE
extern const struct ms_code *const ms_core_codes[]; /* NULL-terminated */

#endif
