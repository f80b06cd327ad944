/*
 * Helpers shared by the HTTP tests (tests/http/test_*.c): one server per
 * executable on 127.0.0.1 (a free port), a client that speaks raw HTTP/1.1
 * through plain POSIX sockets (so every byte on the wire is under the test's
 * control), the expected answer of a request as data (struct ms_test_want)
 * with the one function that checks a reply against it, and a list of
 * cmocka tests that gives every row of a table its own TAP test point.
 * Test code: failures end the running test through cmocka assertions.
 */
#ifndef MS_TEST_HTTP_SUPPORT_H
#define MS_TEST_HTTP_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "http/http.h"

/* ------------------------------------------------------------- the server */

/* Start the executable's server (4 threads, 5 s timeout) with handler and
 * ctx: 0, or -1 with the reason on stderr. */
int ms_test_server_start(ms_http_handler_fn handler, void *ctx, size_t max_body);
/* Stop it (harmless when it is not running). */
void ms_test_server_stop(void);
struct ms_http_server *ms_test_server(void);
uint16_t ms_test_port(void);

/* ------------------------------------------------------------- the client */

struct ms_test_client {
	int fd;
	bool no_body;        /* the request was HEAD: replies carry no body */
	size_t len;          /* bytes buffered in buf */
	char buf[32768];
};

struct ms_test_reply {
	int status;
	char head[8192];     /* status line and headers, NUL-terminated */
	char body[16384];
	size_t body_len;
};

/* Connect to the server: 0 or -1. */
int ms_test_client_open(struct ms_test_client *c);
void ms_test_client_close(struct ms_test_client *c);
/* Send n bytes: 0 or -1. */
int ms_test_client_send(struct ms_test_client *c, const void *data, size_t n);
/* Read one response; its body by Content-Length (none for 1xx, 204 and 304
 * without one, nor when c->no_body). 0 or -1 (error, timeout, EOF). */
int ms_test_client_read_reply(struct ms_test_client *c, struct ms_test_reply *r);

/* One request (len bytes; "HEAD ..." reads no body) on a fresh
 * connection: 0 or -1. */
int ms_test_roundtrip(const void *req, size_t len, struct ms_test_reply *r);

/* Value of the first header called name (case-insensitive), copied to out;
 * false when absent. */
bool ms_test_header(const struct ms_test_reply *r, const char *name, char *out, size_t cap);
/* How many headers are called name. */
unsigned ms_test_count_header(const struct ms_test_reply *r, const char *name);
/* memmem, which is a GNU extension. */
const char *ms_test_find(const char *hay, size_t hn, const char *needle, size_t nn);

/* A POST of body (len bytes) to path with Content-Length, or in chunks of
 * at most chunk bytes when chunk > 0: malloc'd, its length in *out_len. */
char *ms_test_build_post(const char *path, const void *body, size_t len, size_t chunk,
			 size_t *out_len);
/* len bytes of a pattern that includes NUL bytes, malloc'd (never NULL:
 * the running test fails instead). */
char *ms_test_pattern(size_t len);

/* ------------------------------------------------------- expected answers */

enum ms_test_hdr_op {
	MS_TEST_HDR_NONE,    /* the end of the list */
	MS_TEST_HDR_IS,      /* present once, with this value */
	MS_TEST_HDR_HAS,     /* present once, its value containing this */
	MS_TEST_HDR_ABSENT,  /* absent, and its name nowhere in the head */
};

struct ms_test_hdr {
	enum ms_test_hdr_op op;
	const char *name;
	const char *value;
};

/* The tables' shorthand (this header is included by tests only). */
#define MS_TEST_MAX_HDR 12
#define IS(name, value) { MS_TEST_HDR_IS, name, value }
#define HAS(name, part) { MS_TEST_HDR_HAS, name, part }
#define ABSENT(name) { MS_TEST_HDR_ABSENT, name, NULL }
/* In a struct ms_test_want: the exact body, for a string literal (NUL
 * bytes included); a part of the body; the headers. */
#define BODY(literal) .body = literal, .body_len = sizeof(literal) - 1
#define BODY_HAS(text) .body_has = text
#define HEADERS(...) .hdr = { __VA_ARGS__ }

struct ms_test_want {
	int status;
	const char *body;       /* the exact body (body_len bytes), or NULL */
	size_t body_len;
	const char *body_has;   /* a text the body contains, or NULL */
	struct ms_test_hdr hdr[MS_TEST_MAX_HDR];
};

/* Check r against w: status, body (exact, or a part of it) and headers. */
void ms_test_check(const struct ms_test_reply *r, const struct ms_test_want *w);

/* A request as written on the wire and the answer it must get. */
struct ms_test_exchange {
	const char *name;
	const char *request;
	struct ms_test_want want;
};

/* The runner of a table of exchanges: *state is one row. */
void ms_test_run_exchange(void **state);

/* ------------------------------------------------------------ test points */

struct ms_test_list {
	struct CMUnitTest tests[256];
	size_t n;
};

/* Add a test whose *state is row (NULL for a test of its own); the name
 * must outlive the run. */
void ms_test_add(struct ms_test_list *l, const char *name, CMUnitTestFunction fn, const void *row);
/* One test point per row of a table whose rows start with a name. */
#define MS_TEST_ADD_TABLE(list, table, fn)                                                   \
	for (size_t ms_i_ = 0; ms_i_ < sizeof(table) / sizeof((table)[0]); ms_i_++)         \
		ms_test_add(list, (table)[ms_i_].name, fn, &(table)[ms_i_])
#define MS_TEST_ADD(list, fn) ms_test_add(list, #fn, fn, NULL)
/* Run the list as the group name: cmocka's exit status. The group setup
 * must leave its *state NULL, or cmocka hands that state to every test in
 * place of its row. */
int ms_test_run(const char *name, const struct ms_test_list *l, CMFixtureFunction setup,
		CMFixtureFunction teardown);

#endif
