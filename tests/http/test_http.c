/*
 * test_http.c — the HTTP layer against real sockets on loopback.
 *
 * The group setup starts one server on 127.0.0.1, port 0, with a small
 * handler that routes on the path and echoes what it was given; the tests
 * speak raw HTTP/1.1 to it through plain POSIX sockets so that every byte on
 * the wire (chunked bodies, embedded NULs, Expect: 100-continue, clients that
 * vanish mid-upload) is under the test's control.
 */
#include "http/http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <fcntl.h>
#include <sys/time.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#define MAX_BODY 4096u

static struct ms_http_server *server;
static uint16_t port;

/* ------------------------------------------------------------ the handler */

static void append(char *buf, size_t cap, size_t *len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void append(char *buf, size_t cap, size_t *len, const char *fmt, ...)
{
	if (*len >= cap)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf + *len, cap - *len, fmt, ap);
	va_end(ap);
	if (n > 0)
		*len += (size_t)n < cap - *len ? (size_t)n : cap - *len - 1;
}

static const char *or_none(const char *s)
{
	return s ? s : "(none)";
}

static void test_handler(void *ctx, const struct ms_http_request *req,
			 struct ms_http_response *resp)
{
	(void)ctx;
	const char *path = req->path;

	if (strcmp(path, "/echo") == 0) {
		char out[1024];
		size_t n = 0;
		char peer[64];
		ms_http_peer(req, peer, sizeof peer);
		append(out, sizeof out, &n, "method=%s\npath=%s\n", req->method, req->path);
		append(out, sizeof out, &n, "q_a=%s\nq_b=%s\nq_missing=%s\n",
		       or_none(ms_http_query(req, "a")), or_none(ms_http_query(req, "b")),
		       or_none(ms_http_query(req, "missing")));
		append(out, sizeof out, &n, "cookie_sid=%s\ncookie_other=%s\ncookie_missing=%s\n",
		       or_none(ms_http_cookie(req, "sid")), or_none(ms_http_cookie(req, "other")),
		       or_none(ms_http_cookie(req, "missing")));
		append(out, sizeof out, &n, "header_x=%s\nheader_missing=%s\n",
		       or_none(ms_http_header(req, "x-test-header")),
		       or_none(ms_http_header(req, "X-Missing")));
		append(out, sizeof out, &n, "peer=%s\nbody_len=%zu\n", peer, req->body_len);
		if (ms_http_response_set(resp, 200, "text/plain; charset=utf-8", out, n) != 0)
			return;
	} else if (strcmp(path, "/body") == 0) {
		char len[32];
		snprintf(len, sizeof len, "%zu", req->body_len);
		/* body[body_len] must be the terminating NUL. */
		const char *term = req->body[req->body_len] == '\0' ? "yes" : "no";
		if (ms_http_response_set(resp, 200, "application/octet-stream", req->body,
					 req->body_len) != 0 ||
		    ms_http_response_header(resp, "X-Body-Len", len) != 0 ||
		    ms_http_response_header(resp, "X-Body-Terminated", term) != 0)
			return;
	} else if (strcmp(path, "/cookie") == 0) {
		if (ms_http_response_set(resp, 201, "text/plain", "ok", 2) != 0 ||
		    ms_http_response_header(resp, "Set-Cookie", "sid=xyz; HttpOnly; Path=/") != 0 ||
		    ms_http_response_header(resp, "X-Custom", "hello world") != 0)
			return;
	} else if (strcmp(path, "/cache") == 0) {
		if (ms_http_response_set(resp, 200, "text/plain", "cached", 6) != 0 ||
		    ms_http_response_header(resp, "cache-control", "max-age=60") != 0)
			return;
	} else if (strcmp(path, "/take") == 0) {
		char *body = strdup("{\"taken\":true}");
		if (!body)
			return;
		ms_http_response_take(resp, 200, "application/json", body, strlen(body));
	} else if (strcmp(path, "/empty") == 0) {
		ms_http_response_take(resp, 204, "", NULL, 0);
	} else if (strcmp(path, "/headers") == 0) {
		/* Report what ms_http_response_header answered at the limit and for
		 * a value that would inject a header. */
		int rc_limit = 0;
		for (unsigned i = 0; i <= MS_HTTP_MAX_HEADERS; i++) {
			char name[32];
			snprintf(name, sizeof name, "X-H%u", i);
			rc_limit = ms_http_response_header(resp, name, "v");
		}
		ms_http_response_fini(resp);
		int rc_inject = ms_http_response_header(resp, "X-Evil", "a\r\nSet-Cookie: x=1");
		int rc_badname = ms_http_response_header(resp, "Bad Name", "v");
		char out[128];
		int n = snprintf(out, sizeof out, "limit=%d inject=%d badname=%d n=%u", rc_limit,
				 rc_inject, rc_badname, resp->n_headers);
		if (ms_http_response_set(resp, 200, "text/plain", out, (size_t)n) != 0)
			return;
	} else if (strcmp(path, "/file") == 0 || strcmp(path, "/file-empty") == 0) {
		/* The body from an open file the response takes over. */
		bool empty = path[5] != '\0';
		FILE *f = tmpfile();
		if (!f)
			return;
		if (!empty)
			fputs("file body\n", f);
		fflush(f);
		int fd = dup(fileno(f));
		fclose(f);
		if (fd < 0 || lseek(fd, 0, SEEK_SET) != 0)
			return;
		ms_http_response_file(resp, 200, "text/plain", fd, empty ? 0 : 10);
	} else if (strcmp(path, "/nothing") == 0) {
		/* Leaves status 0: the server must answer 500. A header set and
		 * then abandoned must not leak. */
		(void)ms_http_response_header(resp, "X-Abandoned", "yes");
	} else {
		(void)ms_http_response_set(resp, 404, "text/plain", "not found", 9);
	}
}

/* ------------------------------------------------------------- the client */

struct client {
	int fd;
	size_t len;          /* bytes buffered in buf */
	char buf[32768];
};

struct reply {
	int status;
	char head[8192];     /* status line and headers, NUL-terminated */
	char body[16384];
	size_t body_len;
};

static int client_open(struct client *c)
{
	c->len = 0;
	c->fd = socket(AF_INET, SOCK_STREAM, 0);
	if (c->fd < 0)
		return -1;
	struct timeval tv = { .tv_sec = 10, .tv_usec = 0 };
	(void)setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	(void)setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(c->fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		close(c->fd);
		c->fd = -1;
		return -1;
	}
	return 0;
}

static void client_close(struct client *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

static int client_send(struct client *c, const void *data, size_t n)
{
	const char *p = data;
	while (n > 0) {
		ssize_t w = send(c->fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int client_sendf(struct client *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int client_sendf(struct client *c, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof buf)
		return -1;
	return client_send(c, buf, (size_t)n);
}

/* Read more bytes into c->buf; -1 on error, timeout or EOF. */
static int client_fill(struct client *c)
{
	if (c->len == sizeof c->buf)
		return -1;
	for (;;) {
		ssize_t r = recv(c->fd, c->buf + c->len, sizeof c->buf - c->len, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		c->len += (size_t)r;
		return 0;
	}
}

static void consume(struct client *c, size_t n)
{
	memmove(c->buf, c->buf + n, c->len - n);
	c->len -= n;
}

/* memmem is a GNU extension; this is the portable few lines. */
static const char *find_bytes(const char *hay, size_t hn, const char *needle, size_t nn)
{
	if (nn == 0 || hn < nn)
		return NULL;
	for (size_t i = 0; i + nn <= hn; i++)
		if (memcmp(hay + i, needle, nn) == 0)
			return hay + i;
	return NULL;
}

/* Value of the first header called name in r->head, copied to out; false
 * when absent. */
static bool reply_header(const struct reply *r, const char *name, char *out, size_t cap)
{
	size_t nl = strlen(name);
	const char *line = strstr(r->head, "\r\n");
	while (line) {
		line += 2;
		if (strncasecmp(line, name, nl) == 0 && line[nl] == ':') {
			const char *v = line + nl + 1;
			while (*v == ' ')
				v++;
			const char *end = strstr(v, "\r\n");
			size_t vl = end ? (size_t)(end - v) : strlen(v);
			if (vl >= cap)
				vl = cap - 1;
			memcpy(out, v, vl);
			out[vl] = '\0';
			return true;
		}
		line = strstr(line, "\r\n");
	}
	return false;
}

static unsigned count_header(const struct reply *r, const char *name)
{
	unsigned count = 0;
	size_t nl = strlen(name);
	for (const char *line = strstr(r->head, "\r\n"); line; line = strstr(line, "\r\n")) {
		line += 2;
		if (strncasecmp(line, name, nl) == 0 && line[nl] == ':')
			count++;
	}
	return count;
}

/* Read one response (the server always sends Content-Length for our
 * buffer responses). 0 or -1. */
static int client_read_reply(struct client *c, struct reply *r)
{
	memset(r, 0, sizeof *r);
	const char *end;
	for (;;) {
		end = find_bytes(c->buf, c->len, "\r\n\r\n", 4);
		if (end)
			break;
		if (client_fill(c) != 0)
			return -1;
	}
	size_t head_len = (size_t)(end - c->buf) + 2; /* keep the last header's CRLF */
	if (head_len >= sizeof r->head)
		return -1;
	memcpy(r->head, c->buf, head_len);
	r->head[head_len] = '\0';
	consume(c, head_len + 2);
	if (sscanf(r->head, "HTTP/1.%*d %d", &r->status) != 1)
		return -1;
	char cl[32];
	if (!reply_header(r, "Content-Length", cl, sizeof cl)) {
		/* Interim (1xx), 204 and 304 responses have no body. */
		if (r->status < 200 || r->status == 204 || r->status == 304)
			return 0;
		return -1;
	}
	size_t want = (size_t)strtoul(cl, NULL, 10);
	if (want > sizeof r->body)
		return -1;
	while (c->len < want)
		if (client_fill(c) != 0)
			return -1;
	memcpy(r->body, c->buf, want);
	r->body_len = want;
	consume(c, want);
	return 0;
}

/* One request on a fresh connection. */
static int roundtrip(const void *req, size_t len, struct reply *r)
{
	struct client *c = malloc(sizeof *c);
	if (!c)
		return -1;
	int rc = -1;
	if (client_open(c) == 0) {
		if (client_send(c, req, len) == 0)
			rc = client_read_reply(c, r);
		client_close(c);
	}
	free(c);
	return rc;
}

static int roundtrip_str(const char *req, struct reply *r)
{
	return roundtrip(req, strlen(req), r);
}

/* A POST of body (len bytes) to path with Content-Length. */
static char *build_post(const char *path, const void *body, size_t len, size_t *out_len)
{
	char head[256];
	int hn = snprintf(head, sizeof head,
			  "POST %s HTTP/1.1\r\nHost: localhost\r\n"
			  "Content-Type: application/octet-stream\r\n"
			  "Content-Length: %zu\r\n\r\n", path, len);
	char *req = malloc((size_t)hn + len);
	if (!req)
		return NULL;
	memcpy(req, head, (size_t)hn);
	if (len)
		memcpy(req + hn, body, len);
	*out_len = (size_t)hn + len;
	return req;
}

/* A POST of body in chunks of at most chunk bytes, no Content-Length. */
static char *build_chunked(const char *path, const void *body, size_t len, size_t chunk,
			   size_t *out_len)
{
	size_t cap = 256 + len + (len / chunk + 2) * 16;
	char *req = malloc(cap);
	if (!req)
		return NULL;
	size_t n = (size_t)snprintf(req, cap,
				    "POST %s HTTP/1.1\r\nHost: localhost\r\n"
				    "Transfer-Encoding: chunked\r\n\r\n", path);
	const char *p = body;
	for (size_t off = 0; off < len; off += chunk) {
		size_t k = len - off < chunk ? len - off : chunk;
		n += (size_t)snprintf(req + n, cap - n, "%zx\r\n", k);
		memcpy(req + n, p + off, k);
		n += k;
		memcpy(req + n, "\r\n", 2);
		n += 2;
	}
	memcpy(req + n, "0\r\n\r\n", 5);
	n += 5;
	*out_len = n;
	return req;
}

static void fill_pattern(char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (char)((i * 7) % 256); /* includes NUL bytes */
}

static const char too_large_json[] =
	"{\"error\":{\"code\":\"payload_too_large\","
	"\"message\":\"request body exceeds 4096 bytes\"}}";

static void assert_too_large(const struct reply *r)
{
	char v[128];
	assert_int_equal(r->status, 413);
	assert_true(reply_header(r, "Content-Type", v, sizeof v));
	assert_string_equal(v, "application/json");
	assert_int_equal(r->body_len, strlen(too_large_json));
	assert_memory_equal(r->body, too_large_json, r->body_len);
}

/* ------------------------------------------------------------------ setup */

static int group_setup(void **state)
{
	(void)state;
	struct ms_http_config cfg = {
		.host = "127.0.0.1",
		.port = 0,
		.threads = 4,
		.max_body = MAX_BODY,
		.timeout_s = 5,
		.handler = test_handler,
		.ctx = NULL,
	};
	struct ms_error e;
	ms_error_clear(&e);
	if (ms_http_start(&cfg, &server, &e) != 0) {
		fprintf(stderr, "ms_http_start: %s\n", e.message);
		return -1;
	}
	port = ms_http_port(server);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	ms_http_stop(server);
	server = NULL;
	return 0;
}

/* ------------------------------------------------------------------ tests */

static void test_port_nonzero(void **state)
{
	(void)state;
	assert_non_null(server);
	assert_int_not_equal(ms_http_port(server), 0);
	assert_int_equal(ms_http_port(NULL), 0);
}

static void test_get_lookups(void **state)
{
	(void)state;
	struct reply *r = malloc(sizeof *r);
	assert_non_null(r);
	/* The path is percent-decoded ("%68" is 'h'), the query too. */
	assert_int_equal(roundtrip_str("GET /ec%68o?a=1&b=hello%20world HTTP/1.1\r\n"
				       "Host: localhost\r\n"
				       "Cookie: sid=abc123; other=two\r\n"
				       "X-Test-Header: some value\r\n"
				       "Connection: close\r\n\r\n", r), 0);
	assert_int_equal(r->status, 200);
	r->body[r->body_len < sizeof r->body ? r->body_len : sizeof r->body - 1] = '\0';
	assert_string_equal(r->body,
			    "method=GET\npath=/echo\n"
			    "q_a=1\nq_b=hello world\nq_missing=(none)\n"
			    "cookie_sid=abc123\ncookie_other=two\ncookie_missing=(none)\n"
			    "header_x=some value\nheader_missing=(none)\n"
			    "peer=127.0.0.1\nbody_len=0\n");
	char v[128];
	assert_true(reply_header(r, "Content-Type", v, sizeof v));
	assert_string_equal(v, "text/plain; charset=utf-8");
	assert_true(reply_header(r, "Cache-Control", v, sizeof v));
	assert_string_equal(v, "no-store");
	free(r);
}

static void test_post_binary_echo(void **state)
{
	(void)state;
	char body[300];
	fill_pattern(body, sizeof body);
	size_t len;
	char *req = build_post("/body", body, sizeof body, &len);
	assert_non_null(req);
	struct reply *r = malloc(sizeof *r);
	assert_non_null(r);
	assert_int_equal(roundtrip(req, len, r), 0);
	assert_int_equal(r->status, 200);
	assert_int_equal(r->body_len, sizeof body);
	assert_memory_equal(r->body, body, sizeof body);
	char v[64];
	assert_true(reply_header(r, "X-Body-Len", v, sizeof v));
	assert_string_equal(v, "300");
	assert_true(reply_header(r, "X-Body-Terminated", v, sizeof v));
	assert_string_equal(v, "yes");
	free(req);
	free(r);
}

static void test_post_empty_body(void **state)
{
	(void)state;
	struct reply *r = malloc(sizeof *r);
	assert_non_null(r);
	assert_int_equal(roundtrip_str("POST /body HTTP/1.1\r\nHost: localhost\r\n"
				       "Content-Length: 0\r\n\r\n", r), 0);
	assert_int_equal(r->status, 200);
	assert_int_equal(r->body_len, 0);
	char v[64];
	assert_true(reply_header(r, "X-Body-Len", v, sizeof v));
	assert_string_equal(v, "0");
	assert_true(reply_header(r, "X-Body-Terminated", v, sizeof v));
	assert_string_equal(v, "yes");
	free(r);
}

static void test_body_exactly_max(void **state)
{
	(void)state;
	char *body = malloc(MAX_BODY);
	assert_non_null(body);
	fill_pattern(body, MAX_BODY);
	struct reply *r = malloc(sizeof *r);
	assert_non_null(r);
	size_t len;

	char *req = build_post("/body", body, MAX_BODY, &len);
	assert_non_null(req);
	assert_int_equal(roundtrip(req, len, r), 0);
	assert_int_equal(r->status, 200);
	assert_int_equal(r->body_len, MAX_BODY);
	assert_memory_equal(r->body, body, MAX_BODY);
	free(req);

	req = build_chunked("/body", body, MAX_BODY, 1000, &len);
	assert_non_null(req);
	assert_int_equal(roundtrip(req, len, r), 0);
	assert_int_equal(r->status, 200);
	assert_int_equal(r->body_len, MAX_BODY);
	assert_memory_equal(r->body, body, MAX_BODY);
	free(req);

	free(body);
	free(r);
}

static void test_body_too_large_content_length(void **state)
{
	(void)state;
	char *body = malloc(MAX_BODY + 1);
	assert_non_null(body);
	fill_pattern(body, MAX_BODY + 1);
	size_t len;
	char *req = build_post("/body", body, MAX_BODY + 1, &len);
	assert_non_null(req);
	struct reply *r = malloc(sizeof *r);
	assert_non_null(r);
	assert_int_equal(roundtrip(req, len, r), 0);
	assert_too_large(r);
	free(req);
	free(body);
	free(r);
}

static void test_body_too_large_chunked(void **state)
{
	(void)state;
	char *body = malloc(MAX_BODY + 1);
	assert_non_null(body);
	fill_pattern(body, MAX_BODY + 1);
	struct reply *r = malloc(sizeof *r);
	assert_non_null(r);
	size_t len;

	/* Over the cap in the last chunk, and far over it in many chunks. */
	char *req = build_chunked("/body", body, MAX_BODY + 1, 1024, &len);
	assert_non_null(req);
	assert_int_equal(roundtrip(req, len, r), 0);
	assert_too_large(r);
	free(req);

	char *big = malloc(3 * MAX_BODY);
	assert_non_null(big);
	fill_pattern(big, 3 * MAX_BODY);
	req = build_chunked("/body", big, 3 * MAX_BODY, 333, &len);
	assert_non_null(req);
	assert_int_equal(roundtrip(req, len, r), 0);
	assert_too_large(r);
	free(req);
	free(big);

	free(body);
	free(r);
}

/* After a 413 for a drained body the connection still serves requests. */
static void test_too_large_keeps_connection(void **state)
{
	(void)state;
	char *body = malloc(MAX_BODY + 100);
	assert_non_null(body);
	fill_pattern(body, MAX_BODY + 100);
	size_t len;
	char *req = build_post("/body", body, MAX_BODY + 100, &len);
	assert_non_null(req);
	struct client *c = malloc(sizeof *c);
	struct reply *r = malloc(sizeof *r);
	assert_non_null(c);
	assert_non_null(r);
	assert_int_equal(client_open(c), 0);
	assert_int_equal(client_send(c, req, len), 0);
	assert_int_equal(client_read_reply(c, r), 0);
	assert_too_large(r);
	assert_int_equal(client_sendf(c, "GET /echo?a=again HTTP/1.1\r\nHost: localhost\r\n\r\n"), 0);
	assert_int_equal(client_read_reply(c, r), 0);
	assert_int_equal(r->status, 200);
	assert_non_null(find_bytes(r->body, r->body_len, "q_a=again\n", 10));
	client_close(c);
	free(c);
	free(r);
	free(req);
	free(body);
}

/* A client that waits for "100 Continue" gets the 413 before sending a byte
 * of a body announced too large. */
static void test_too_large_expect_continue(void **state)
{
	(void)state;
	struct client *c = malloc(sizeof *c);
	struct reply *r = malloc(sizeof *r);
	assert_non_null(c);
	assert_non_null(r);
	assert_int_equal(client_open(c), 0);
	assert_int_equal(client_sendf(c, "POST /body HTTP/1.1\r\nHost: localhost\r\n"
				      "Content-Length: 100000000\r\n"
				      "Expect: 100-continue\r\n\r\n"), 0);
	assert_int_equal(client_read_reply(c, r), 0);
	assert_too_large(r);
	/* MHD closes the connection so an unsent body cannot be misread. */
	char v[32];
	assert_true(reply_header(r, "Connection", v, sizeof v));
	assert_string_equal(v, "close");
	assert_int_equal(c->len, 0);
	assert_int_equal(recv(c->fd, c->buf, sizeof c->buf, 0), 0);
	client_close(c);
	free(c);
	free(r);
}

/* A body under the limit with Expect: 100-continue is served normally. */
static void test_expect_continue_ok(void **state)
{
	(void)state;
	struct client *c = malloc(sizeof *c);
	struct reply *r = malloc(sizeof *r);
	assert_non_null(c);
	assert_non_null(r);
	assert_int_equal(client_open(c), 0);
	assert_int_equal(client_sendf(c, "POST /body HTTP/1.1\r\nHost: localhost\r\n"
				      "Content-Length: 5\r\n"
				      "Expect: 100-continue\r\n\r\n"), 0);
	assert_int_equal(client_read_reply(c, r), 0);
	assert_int_equal(r->status, 100);
	assert_int_equal(client_send(c, "hello", 5), 0);
	assert_int_equal(client_read_reply(c, r), 0);
	assert_int_equal(r->status, 200);
	assert_int_equal(r->body_len, 5);
	assert_memory_equal(r->body, "hello", 5);
	client_close(c);
	free(r);
	free(c);
}

static void test_set_cookie_and_headers(void **state)
{
	(void)state;
	struct reply *r = malloc(sizeof *r);
	assert_non_null(r);
	assert_int_equal(roundtrip_str("GET /cookie HTTP/1.1\r\nHost: localhost\r\n\r\n", r), 0);
	assert_int_equal(r->status, 201);
	char v[128];
	assert_true(reply_header(r, "Set-Cookie", v, sizeof v));
	assert_string_equal(v, "sid=xyz; HttpOnly; Path=/");
	assert_true(reply_header(r, "X-Custom", v, sizeof v));
	assert_string_equal(v, "hello world");
	assert_true(reply_header(r, "Content-Type", v, sizeof v));
	assert_string_equal(v, "text/plain");
	assert_int_equal(count_header(r, "Cache-Control"), 1);
	assert_true(reply_header(r, "Cache-Control", v, sizeof v));
	assert_string_equal(v, "no-store");
	assert_int_equal(r->body_len, 2);
	assert_memory_equal(r->body, "ok", 2);
	free(r);
}

static void test_handler_cache_control_kept(void **state)
{
	(void)state;
	struct reply *r = malloc(sizeof *r);
	assert_non_null(r);
	assert_int_equal(roundtrip_str("GET /cache HTTP/1.1\r\nHost: localhost\r\n\r\n", r), 0);
	assert_int_equal(r->status, 200);
	assert_int_equal(count_header(r, "Cache-Control"), 1);
	char v[64];
	assert_true(reply_header(r, "Cache-Control", v, sizeof v));
	assert_string_equal(v, "max-age=60");
	free(r);
}

static void test_take_and_empty(void **state)
{
	(void)state;
	struct reply *r = malloc(sizeof *r);
	assert_non_null(r);
	assert_int_equal(roundtrip_str("GET /take HTTP/1.1\r\nHost: localhost\r\n\r\n", r), 0);
	assert_int_equal(r->status, 200);
	assert_int_equal(r->body_len, strlen("{\"taken\":true}"));
	assert_memory_equal(r->body, "{\"taken\":true}", r->body_len);
	char v[64];
	assert_true(reply_header(r, "Content-Type", v, sizeof v));
	assert_string_equal(v, "application/json");

	assert_int_equal(roundtrip_str("GET /empty HTTP/1.1\r\nHost: localhost\r\n\r\n", r), 0);
	assert_int_equal(r->status, 204);
	assert_int_equal(r->body_len, 0);
	assert_false(reply_header(r, "Content-Type", v, sizeof v));
	free(r);
}

static void test_file_response(void **state)
{
	(void)state;
	struct reply *r = malloc(sizeof *r);
	assert_non_null(r);
	assert_int_equal(roundtrip_str("GET /file HTTP/1.1\r\nHost: localhost\r\n\r\n", r), 0);
	assert_int_equal(r->status, 200);
	assert_int_equal(r->body_len, 10);
	assert_memory_equal(r->body, "file body\n", 10);
	char v[64];
	assert_true(reply_header(r, "Content-Type", v, sizeof v));
	assert_string_equal(v, "text/plain");
	assert_int_equal(roundtrip_str("GET /file-empty HTTP/1.1\r\nHost: localhost\r\n\r\n", r), 0);
	assert_int_equal(r->status, 200);
	assert_int_equal(r->body_len, 0);
	free(r);
}

static void test_encoded_nul_path(void **state)
{
	(void)state;
	struct reply *r = malloc(sizeof *r);
	assert_non_null(r);
	/* Decoding would cut the path short at the NUL: refused before the
	 * handler sees a different path than the client sent. */
	assert_int_equal(roundtrip_str("GET /echo%00.js HTTP/1.1\r\nHost: localhost\r\n\r\n", r), 0);
	assert_int_equal(r->status, 400);
	assert_non_null(find_bytes(r->body, r->body_len, "invalid_path", 12));
	char v[64];
	assert_true(reply_header(r, "X-Content-Type-Options", v, sizeof v));
	assert_string_equal(v, "nosniff");
	/* With a body, which is discarded; the connection stays usable. */
	assert_int_equal(roundtrip_str("POST /body%00 HTTP/1.1\r\nHost: localhost\r\n"
				       "Content-Length: 5\r\n\r\nhello", r), 0);
	assert_int_equal(r->status, 400);
	/* In the query string it is data, not a path. */
	assert_int_equal(roundtrip_str("GET /echo?a=%00 HTTP/1.1\r\nHost: localhost\r\n\r\n", r), 0);
	assert_int_equal(r->status, 200);
	free(r);
}

static void test_header_limits(void **state)
{
	(void)state;
	struct reply *r = malloc(sizeof *r);
	assert_non_null(r);
	assert_int_equal(roundtrip_str("GET /headers HTTP/1.1\r\nHost: localhost\r\n\r\n", r), 0);
	assert_int_equal(r->status, 200);
	char expect[128];
	snprintf(expect, sizeof expect, "limit=%d inject=%d badname=%d n=0", MS_ERR_INTERNAL,
		 MS_ERR_INTERNAL, MS_ERR_INTERNAL);
	r->body[r->body_len < sizeof r->body ? r->body_len : sizeof r->body - 1] = '\0';
	assert_string_equal(r->body, expect);
	free(r);
}

static void test_status_zero_is_500(void **state)
{
	(void)state;
	struct reply *r = malloc(sizeof *r);
	assert_non_null(r);
	assert_int_equal(roundtrip_str("GET /nothing HTTP/1.1\r\nHost: localhost\r\n\r\n", r), 0);
	assert_int_equal(r->status, 500);
	char v[64];
	assert_true(reply_header(r, "Content-Type", v, sizeof v));
	assert_string_equal(v, "application/json");
	assert_null(find_bytes(r->head, strlen(r->head), "X-Abandoned", 11));
	static const char json[] =
		"{\"error\":{\"code\":\"internal_error\",\"message\":\"internal server error\"}}";
	assert_int_equal(r->body_len, strlen(json));
	assert_memory_equal(r->body, json, r->body_len);
	free(r);
}

static void test_keep_alive(void **state)
{
	(void)state;
	struct client *c = malloc(sizeof *c);
	struct reply *r = malloc(sizeof *r);
	assert_non_null(c);
	assert_non_null(r);
	assert_int_equal(client_open(c), 0);
	for (int i = 0; i < 5; i++) {
		char body[32];
		int n = snprintf(body, sizeof body, "request %d", i);
		assert_int_equal(client_sendf(c, "POST /body HTTP/1.1\r\nHost: localhost\r\n"
					      "Content-Length: %d\r\n\r\n%s", n, body), 0);
		assert_int_equal(client_read_reply(c, r), 0);
		assert_int_equal(r->status, 200);
		assert_int_equal(r->body_len, (size_t)n);
		assert_memory_equal(r->body, body, (size_t)n);
	}
	client_close(c);
	free(c);
	free(r);
}

/* Clients that vanish mid-upload: their state is freed by the
 * notify-completed callback (LeakSanitizer checks at exit, after the
 * teardown stopped the daemon) and the server keeps serving. */
static void test_disconnect_mid_upload(void **state)
{
	(void)state;
	char part[1000];
	fill_pattern(part, sizeof part);
	for (int i = 0; i < 8; i++) {
		struct client *c = malloc(sizeof *c);
		assert_non_null(c);
		assert_int_equal(client_open(c), 0);
		if (i % 2 == 0)
			assert_int_equal(client_sendf(c, "POST /body HTTP/1.1\r\nHost: localhost\r\n"
						      "Content-Length: 4000\r\n\r\n"), 0);
		else
			assert_int_equal(client_sendf(c, "POST /body HTTP/1.1\r\nHost: localhost\r\n"
						      "Transfer-Encoding: chunked\r\n\r\n3e8\r\n"), 0);
		assert_int_equal(client_send(c, part, sizeof part), 0);
		usleep(20 * 1000);
		client_close(c);
		free(c);
	}
	struct reply *r = malloc(sizeof *r);
	assert_non_null(r);
	assert_int_equal(roundtrip_str("GET /echo HTTP/1.1\r\nHost: localhost\r\n\r\n", r), 0);
	assert_int_equal(r->status, 200);
	free(r);
}

#define N_THREADS 16
#define N_REQUESTS 20

struct worker {
	pthread_t tid;
	int id;
	int ok;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct reply *r = malloc(sizeof *r);
	if (!r)
		return NULL;
	for (int i = 0; i < N_REQUESTS; i++) {
		char body[64];
		int n = snprintf(body, sizeof body, "thread %d request %d", w->id, i);
		size_t len;
		char *req = build_post("/body", body, (size_t)n, &len);
		if (!req)
			continue;
		if (roundtrip(req, len, r) == 0 && r->status == 200 && r->body_len == (size_t)n &&
		    memcmp(r->body, body, (size_t)n) == 0)
			w->ok++;
		free(req);
	}
	free(r);
	return NULL;
}

static void test_concurrent_clients(void **state)
{
	(void)state;
	struct worker w[N_THREADS];
	for (int i = 0; i < N_THREADS; i++) {
		w[i].id = i;
		w[i].ok = 0;
		assert_int_equal(pthread_create(&w[i].tid, NULL, worker_main, &w[i]), 0);
	}
	int total = 0;
	for (int i = 0; i < N_THREADS; i++) {
		pthread_join(w[i].tid, NULL);
		total += w[i].ok;
	}
	assert_int_equal(total, N_THREADS * N_REQUESTS);
}

static void test_bind_in_use(void **state)
{
	(void)state;
	struct ms_http_config cfg = {
		.host = "127.0.0.1",
		.port = port,
		.threads = 1,
		.max_body = 16,
		.timeout_s = 5,
		.handler = test_handler,
	};
	struct ms_error e;
	ms_error_clear(&e);
	struct ms_http_server *s = (struct ms_http_server *)&e; /* must be reset to NULL */
	assert_int_equal(ms_http_start(&cfg, &s, &e), MS_ERR_IO);
	assert_null(s);
	assert_int_equal(e.err, MS_ERR_IO);
	char expect[96];
	snprintf(expect, sizeof expect, "cannot listen on 127.0.0.1:%u: address in use",
		 (unsigned)port);
	assert_string_equal(e.message, expect);

	/* A plain listening socket holds the port just as well. */
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(listen(fd, 1), 0);
	socklen_t sl = sizeof sa;
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &sl), 0);
	cfg.port = ntohs(sa.sin_port);
	assert_int_equal(ms_http_start(&cfg, &s, NULL), MS_ERR_IO);
	assert_null(s);
	close(fd);
}

static void test_invalid_config(void **state)
{
	(void)state;
	struct ms_http_config cfg = {
		.host = "not-an-address",
		.port = 0,
		.threads = 1,
		.max_body = 16,
		.timeout_s = 5,
		.handler = test_handler,
	};
	struct ms_error e;
	ms_error_clear(&e);
	struct ms_http_server *s = NULL;
	assert_int_equal(ms_http_start(&cfg, &s, &e), MS_ERR_INVALID);
	assert_string_equal(e.field, "host");
	assert_null(s);
	cfg.host = "127.0.0.1";
	cfg.threads = 0;
	assert_int_equal(ms_http_start(&cfg, &s, &e), MS_ERR_INVALID);
	cfg.threads = 1;
	cfg.handler = NULL;
	assert_int_equal(ms_http_start(&cfg, &s, NULL), MS_ERR_INVALID);
	assert_null(s);
}

/* A second server on its own port, one thread, started and stopped. */
static void test_start_stop_second(void **state)
{
	(void)state;
	struct ms_http_config cfg = {
		.host = "127.0.0.1",
		.port = 0,
		.threads = 1,
		.max_body = 16,
		.timeout_s = 0,
		.handler = test_handler,
	};
	struct ms_http_server *s = NULL;
	assert_int_equal(ms_http_start(&cfg, &s, NULL), 0);
	assert_non_null(s);
	assert_int_not_equal(ms_http_port(s), 0);
	assert_int_not_equal(ms_http_port(s), port);
	ms_http_stop(s);
	ms_http_stop(NULL);
}

static void test_response_api(void **state)
{
	(void)state;
	struct ms_http_response resp;
	memset(&resp, 0, sizeof resp);
	assert_int_equal(ms_http_response_set(&resp, 200, "text/plain", "a\0b", 3), 0);
	assert_int_equal(resp.status, 200);
	assert_int_equal(resp.body_len, 3);
	assert_memory_equal(resp.body, "a\0b", 3);
	assert_string_equal(resp.content_type, "text/plain");
	/* Setting again replaces (and frees) the old body. */
	assert_int_equal(ms_http_response_set(&resp, 201, "application/json", "{}", 2), 0);
	assert_int_equal(resp.status, 201);
	assert_memory_equal(resp.body, "{}", 2);
	char *owned = strdup("xyz");
	assert_non_null(owned);
	ms_http_response_take(&resp, 202, NULL, owned, 3);
	assert_ptr_equal(resp.body, owned);
	assert_string_equal(resp.content_type, "");
	/* A content type longer than the field is truncated, not overflowed. */
	char longtype[200];
	memset(longtype, 'x', sizeof longtype - 1);
	longtype[sizeof longtype - 1] = '\0';
	assert_int_equal(ms_http_response_set(&resp, 200, longtype, "", 0), 0);
	assert_int_equal(strlen(resp.content_type), sizeof resp.content_type - 1);
	assert_int_equal(resp.body_len, 0);

	for (unsigned i = 0; i < MS_HTTP_MAX_HEADERS; i++)
		assert_int_equal(ms_http_response_header(&resp, "X-A", "b"), 0);
	assert_int_equal(ms_http_response_header(&resp, "X-A", "b"), MS_ERR_INTERNAL);
	assert_int_equal(resp.n_headers, MS_HTTP_MAX_HEADERS);
	ms_http_response_fini(&resp);
	assert_null(resp.body);
	assert_int_equal(resp.n_headers, 0);

	/* A file the response owns is closed when replaced or finished. */
	int fd = open("/dev/null", O_RDONLY);
	assert_true(fd >= 0);
	ms_http_response_file(&resp, 200, "text/plain", fd, 3);
	assert_true(resp.has_fd);
	assert_int_equal(ms_http_response_set(&resp, 200, "text/plain", "x", 1), 0);
	assert_false(resp.has_fd);
	assert_int_equal(fcntl(fd, F_GETFD), -1);
	fd = open("/dev/null", O_RDONLY);
	assert_true(fd >= 0);
	ms_http_response_file(&resp, 200, "text/plain", fd, 3);
	ms_http_response_fini(&resp);
	assert_int_equal(fcntl(fd, F_GETFD), -1);
	assert_false(resp.has_fd);
	assert_int_equal(resp.status, 0);
	ms_http_response_fini(&resp); /* twice is harmless */
	ms_http_response_fini(NULL);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_port_nonzero),
		cmocka_unit_test(test_get_lookups),
		cmocka_unit_test(test_post_binary_echo),
		cmocka_unit_test(test_post_empty_body),
		cmocka_unit_test(test_body_exactly_max),
		cmocka_unit_test(test_body_too_large_content_length),
		cmocka_unit_test(test_body_too_large_chunked),
		cmocka_unit_test(test_too_large_keeps_connection),
		cmocka_unit_test(test_too_large_expect_continue),
		cmocka_unit_test(test_expect_continue_ok),
		cmocka_unit_test(test_set_cookie_and_headers),
		cmocka_unit_test(test_handler_cache_control_kept),
		cmocka_unit_test(test_take_and_empty),
		cmocka_unit_test(test_file_response),
		cmocka_unit_test(test_encoded_nul_path),
		cmocka_unit_test(test_header_limits),
		cmocka_unit_test(test_status_zero_is_500),
		cmocka_unit_test(test_keep_alive),
		cmocka_unit_test(test_disconnect_mid_upload),
		cmocka_unit_test(test_concurrent_clients),
		cmocka_unit_test(test_bind_in_use),
		cmocka_unit_test(test_invalid_config),
		cmocka_unit_test(test_start_stop_second),
		cmocka_unit_test(test_response_api),
	};
	return cmocka_run_group_tests_name("http", tests, group_setup, group_teardown);
}
