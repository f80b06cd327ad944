/*
 * test_http.c — the HTTP server core (src/http/http.c) against real sockets
 * on loopback.
 *
 * The group setup starts one server (support.c) with a small handler that
 * routes on the path and echoes what it was given; the tests speak raw
 * HTTP/1.1 to it so that every byte on the wire (chunked bodies, embedded
 * NULs, Expect: 100-continue, clients that vanish mid-upload) is under the
 * test's control. Cases of one shape are rows of a table with one runner,
 * each row its own TAP test point:
 *
 *   exchanges[]      one request on a fresh connection → status, headers, body;
 *   bodies[]         a POST of N bytes (Content-Length, or chunks of C) → echoed or 413;
 *   conversations[]  requests in turn on one connection (keep-alive, 100-continue, after an error);
 *   header_cases[]   ms_http_response_header(name, value) → its return;
 *   config_cases[]   ms_http_start with a bad configuration → MS_ERR_INVALID.
 *
 * The rest (many clients at once, clients that vanish, a port in use, the
 * response API by hand) are tests of their own.
 */
#include "support.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define MAX_BODY 4096u

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

/* "what=internal " when rc is MS_ERR_INTERNAL, else "what=<rc> ". */
static void append_rc(char *buf, size_t cap, size_t *len, const char *what, int rc)
{
	if (rc == MS_ERR_INTERNAL)
		append(buf, cap, len, "%s=internal ", what);
	else
		append(buf, cap, len, "%s=%d ", what, rc);
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
		size_t n = 0;
		append_rc(out, sizeof out, &n, "limit", rc_limit);
		append_rc(out, sizeof out, &n, "inject", rc_inject);
		append_rc(out, sizeof out, &n, "badname", rc_badname);
		append(out, sizeof out, &n, "n=%u", resp->n_headers);
		if (ms_http_response_set(resp, 200, "text/plain", out, n) != 0)
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

static int group_setup(void **state)
{
	(void)state; /* stays NULL: each table's rows are the tests' states */
	return ms_test_server_start(test_handler, NULL, MAX_BODY);
}

static int group_teardown(void **state)
{
	(void)state;
	ms_test_server_stop();
	return 0;
}

/* ---------------------------------------------------- the layer's answers */

#define GET(target) "GET " target " HTTP/1.1\r\nHost: localhost\r\n\r\n"
#define POST(target, length) "POST " target " HTTP/1.1\r\nHost: localhost\r\nContent-Length: " length

#define TOO_LARGE_JSON                                                                             \
	"{\"error\":{\"code\":\"payload_too_large\",\"message\":\"request body exceeds 4096 bytes\","    \
	"\"message_zh\":\"提交的内容超过了 4096 字节的上限\"}}"
#define BAD_PATH_JSON                                                                              \
	"{\"error\":{\"code\":\"invalid_path\",\"message\":\"invalid request path: it holds an encoded NUL byte\"," \
	"\"message_zh\":\"请求路径无效：含有编码的 NUL 字节\"}}"
#define INTERNAL_JSON                                                                              \
	"{\"error\":{\"code\":\"internal_error\",\"message\":\"internal error; see the server log\","   \
	"\"message_zh\":\"服务器内部错误，详见服务器日志\"}}"

/* The headers of the layer's own JSON answers (400, 413, 500). */
#define LAYER_HEADERS                                                                              \
	IS("Content-Type", "application/json"), IS("Cache-Control", "no-store"),                 \
		IS("X-Content-Type-Options", "nosniff")
#define WANT_TOO_LARGE(...) { .status = 413, BODY(TOO_LARGE_JSON), HEADERS(LAYER_HEADERS, __VA_ARGS__) }
#define WANT_BAD_PATH { .status = 400, BODY(BAD_PATH_JSON), BODY_HAS("invalid_path"), HEADERS(LAYER_HEADERS) }

/* ------------------------------------------------------------- exchanges */

static const struct ms_test_exchange exchanges[] = {
	{ "GET: the decoded path, query, cookies, headers and peer the handler sees",
	  /* The path is percent-decoded ("%68" is 'h'), the query too. */
	  "GET /ec%68o?a=1&b=hello%20world HTTP/1.1\r\nHost: localhost\r\n"
	  "Cookie: sid=abc123; other=two\r\nX-Test-Header: some value\r\nConnection: close\r\n\r\n",
	  { .status = 200,
	    BODY("method=GET\npath=/echo\n"
		 "q_a=1\nq_b=hello world\nq_missing=(none)\n"
		 "cookie_sid=abc123\ncookie_other=two\ncookie_missing=(none)\n"
		 "header_x=some value\nheader_missing=(none)\n"
		 "peer=127.0.0.1\nbody_len=0\n"),
	    HEADERS(IS("Content-Type", "text/plain; charset=utf-8"), IS("Cache-Control", "no-store")) } },
	{ "the handler's Set-Cookie and headers are sent, Cache-Control: no-store added",
	  GET("/cookie"),
	  { .status = 201, BODY("ok"),
	    HEADERS(IS("Set-Cookie", "sid=xyz; HttpOnly; Path=/"), IS("X-Custom", "hello world"),
	      IS("Content-Type", "text/plain"), IS("Cache-Control", "no-store")) } },
	{ "the handler's own Cache-Control is kept, once",
	  GET("/cache"),
	  { .status = 200, BODY("cached"), HEADERS(IS("Cache-Control", "max-age=60")) } },
	{ "a body the response took over",
	  GET("/take"),
	  { .status = 200, BODY("{\"taken\":true}"), HEADERS(IS("Content-Type", "application/json")) } },
	{ "204 with no body and no Content-Type",
	  GET("/empty"),
	  { .status = 204, BODY(""), HEADERS(ABSENT("Content-Type")) } },
	{ "a body from a file the response owns",
	  GET("/file"),
	  { .status = 200, BODY("file body\n"), HEADERS(IS("Content-Type", "text/plain")) } },
	{ "an empty file",
	  GET("/file-empty"),
	  { .status = 200, BODY(""), HEADERS(IS("Content-Type", "text/plain")) } },
	/* Decoding would cut the path short at the NUL: refused before the
	 * handler sees a different path than the client sent. */
	{ "an encoded NUL in the path: 400 invalid_path, the handler not called",
	  GET("/echo%00.js"),
	  WANT_BAD_PATH },
	{ "an encoded NUL in the query string is data, not a path",
	  GET("/echo?a=%00"),
	  { .status = 200, BODY_HAS("path=/echo\n"), HEADERS(IS("Cache-Control", "no-store")) } },
	{ "\"%2500\" is an encoded '%', not a NUL",
	  GET("/echo%2500"),
	  { .status = 404, BODY("not found"), HEADERS(ABSENT("X-Content-Type-Options")) } },
	{ "response headers: the 17th, a CR LF value and a bad name are refused",
	  GET("/headers"),
	  { .status = 200, BODY("limit=internal inject=internal badname=internal n=0") } },
	{ "a handler that answers nothing: 500, its abandoned header not sent",
	  GET("/nothing"),
	  { .status = 500, BODY(INTERNAL_JSON), HEADERS(LAYER_HEADERS, ABSENT("X-Abandoned")) } },
	/* A request two servers could read two ways (issue 11). */
	{ "two different Content-Length headers: 400 conflicting_content_length, the handler not called",
	  "POST /body HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nContent-Length: 6\r\n"
	  "Connection: close\r\n\r\nhello",
	  { .status = 400, BODY_HAS("\"code\":\"conflicting_content_length\""), HEADERS(LAYER_HEADERS) } },
	{ "two equal Content-Length headers are one",
	  "POST /body HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nContent-Length: 5\r\n"
	  "Connection: close\r\n\r\nhello",
	  { .status = 200, BODY("hello") } },
	{ "the handler's 404",
	  GET("/nope"),
	  { .status = 404, BODY("not found"),
	    HEADERS(IS("Content-Type", "text/plain"), IS("Cache-Control", "no-store")) } },
};

/* ---------------------------------------------------------------- bodies */

struct body_case {
	const char *name;
	size_t len;       /* bytes of ms_test_pattern (NULs included) */
	size_t chunk;     /* 0: Content-Length; else chunks of at most this */
	bool too_large;   /* 413; else echoed by /body */
};

static const struct body_case bodies[] = {
	{ "POST 300 bytes with NULs: echoed, NUL-terminated", 300, 0, false },
	{ "POST an empty body: echoed", 0, 0, false },
	{ "POST an empty chunked body: echoed", 0, 16, false },
	{ "POST exactly the maximum: echoed", MAX_BODY, 0, false },
	{ "POST exactly the maximum in chunks: echoed", MAX_BODY, 1000, false },
	{ "POST one byte over the maximum: 413", MAX_BODY + 1, 0, true },
	{ "POST over the maximum in its first chunk: 413", MAX_BODY + 1, MAX_BODY + 1, true },
	{ "POST over the maximum in the last chunk: 413", MAX_BODY + 1, 1024, true },
	{ "POST three times the maximum in many chunks: 413", 3 * MAX_BODY, 333, true },
};

static void run_body(void **state)
{
	const struct body_case *b = *state;
	char *body = ms_test_pattern(b->len);
	size_t len;
	char *req = ms_test_build_post("/body", body, b->len, b->chunk, &len);
	assert_non_null(req);
	struct ms_test_reply *r = malloc(sizeof *r);
	assert_non_null(r);
	assert_int_equal(ms_test_roundtrip(req, len, r), 0);
	char n[32];
	snprintf(n, sizeof n, "%zu", b->len);
	const struct ms_test_want echoed = {
		.status = 200, .body = body, .body_len = b->len,
		HEADERS(IS("X-Body-Len", n), IS("X-Body-Terminated", "yes"),
			IS("Content-Type", "application/octet-stream")),
	};
	const struct ms_test_want too_large = WANT_TOO_LARGE(ABSENT("X-Body-Len"));
	ms_test_check(r, b->too_large ? &too_large : &echoed);
	free(r);
	free(req);
	free(body);
}

/* --------------------------------------------------------- conversations */

struct step {
	const char *send;   /* bytes to send as they are, or NULL: */
	size_t post;        /* a POST /body of this many pattern bytes */
	struct ms_test_want want;
};

struct conversation {
	const char *name;
	bool closed;        /* the server closes the connection after the last answer */
	struct step steps[6]; /* up to the first with neither send nor post */
};

#define KEEP_ALIVE(i) { POST("/body", "9") "\r\n\r\nrequest " #i, 0, { .status = 200, BODY("request " #i) } }

static const struct conversation conversations[] = {
	{ "keep-alive: five requests on one connection", false,
	  { KEEP_ALIVE(0), KEEP_ALIVE(1), KEEP_ALIVE(2), KEEP_ALIVE(3), KEEP_ALIVE(4) } },
	{ "Expect: 100-continue under the limit: 100, then the answer", false,
	  { { POST("/body", "5") "\r\nExpect: 100-continue\r\n\r\n", 0, { .status = 100 } },
	    { "hello", 0, { .status = 200, BODY("hello") } } } },
	/* After a 413 for a drained body the connection still serves. */
	{ "a 413 for a body sent in full keeps the connection", false,
	  { { NULL, MAX_BODY + 100, WANT_TOO_LARGE(ABSENT("Connection")) },
	    { GET("/echo?a=again"), 0, { .status = 200, BODY_HAS("q_a=again\n") } } } },
	/* A client that waits for "100 Continue" gets the 413 before sending
	 * a byte of a body announced too large; MHD closes the connection so
	 * an unsent body cannot be misread. */
	{ "Expect: 100-continue over the limit: 413 at once, then closed", true,
	  { { POST("/body", "100000000") "\r\nExpect: 100-continue\r\n\r\n", 0,
	      WANT_TOO_LARGE(IS("Connection", "close")) } } },
	/* The body of a request refused for its path is discarded. */
	{ "a 400 for an encoded NUL in a POST's path keeps the connection", false,
	  { { POST("/body%00", "5") "\r\n\r\nhello", 0, WANT_BAD_PATH },
	    { GET("/echo?a=after"), 0, { .status = 200, BODY_HAS("q_a=after\n") } } } },
};

static void run_conversation(void **state)
{
	const struct conversation *cv = *state;
	struct ms_test_client *c = malloc(sizeof *c);
	struct ms_test_reply *r = malloc(sizeof *r);
	assert_non_null(c);
	assert_non_null(r);
	assert_int_equal(ms_test_client_open(c), 0);
	for (const struct step *s = cv->steps; s->send || s->post; s++) {
		if (s->send) {
			assert_int_equal(ms_test_client_send(c, s->send, strlen(s->send)), 0);
		} else {
			char *body = ms_test_pattern(s->post);
			size_t len;
			char *req = ms_test_build_post("/body", body, s->post, 0, &len);
			assert_non_null(req);
			assert_int_equal(ms_test_client_send(c, req, len), 0);
			free(req);
			free(body);
		}
		assert_int_equal(ms_test_client_read_reply(c, r), 0);
		ms_test_check(r, &s->want);
	}
	if (cv->closed) {
		/* EOF at once, well before the server's 5 s idle timeout would
		 * close a connection left open. */
		struct timeval tv = { .tv_sec = 2, .tv_usec = 0 };
		assert_int_equal(setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv), 0);
		assert_int_equal(c->len, 0);
		assert_int_equal(recv(c->fd, c->buf, sizeof c->buf, 0), 0);
	}
	ms_test_client_close(c);
	free(c);
	free(r);
}

/* ---------------------------------------------------------- header_cases */

struct header_case {
	const char *name;
	const char *header;
	const char *value;
	int rc;
};

static const struct header_case header_cases[] = {
	{ "header: a token name and a plain value", "X-A", "b", 0 },
	{ "header: every token character in the name", "!#$%&'*+-.^_`|~09azAZ", "v", 0 },
	{ "header: an empty value", "X-A", "", 0 },
	{ "header: a tab and non-ASCII bytes in the value", "X-A", "a\tb \xe6\xb0\x91", 0 },
	{ "header: CR LF in the value (injection)", "X-Evil", "a\r\nSet-Cookie: x=1", MS_ERR_INTERNAL },
	{ "header: a lone LF in the value", "X-Evil", "a\nb", MS_ERR_INTERNAL },
	{ "header: a lone CR in the value", "X-Evil", "a\rb", MS_ERR_INTERNAL },
	{ "header: a space in the name", "Bad Name", "v", MS_ERR_INTERNAL },
	{ "header: a colon in the name", "X-A:", "v", MS_ERR_INTERNAL },
	{ "header: a separator in the name", "X(A)", "v", MS_ERR_INTERNAL },
	{ "header: a control byte in the name", "X\x01" "A", "v", MS_ERR_INTERNAL },
	{ "header: DEL in the name", "X\x7f", "v", MS_ERR_INTERNAL },
	{ "header: a non-ASCII name", "X-\xc3\xa9", "v", MS_ERR_INTERNAL },
	{ "header: an empty name", "", "v", MS_ERR_INTERNAL },
	{ "header: no name", NULL, "v", MS_ERR_INTERNAL },
	{ "header: no value", "X-A", NULL, MS_ERR_INTERNAL },
};

static void run_header(void **state)
{
	const struct header_case *h = *state;
	struct ms_http_response resp;
	memset(&resp, 0, sizeof resp);
	assert_int_equal(ms_http_response_header(&resp, h->header, h->value), h->rc);
	if (h->rc == 0) {
		assert_int_equal(resp.n_headers, 1);
		assert_string_equal(resp.header_names[0], h->header);
		assert_string_equal(resp.header_values[0], h->value);
		assert_ptr_not_equal(resp.header_values[0], h->value); /* copied */
	} else {
		assert_int_equal(resp.n_headers, 0);
	}
	ms_http_response_fini(&resp);
}

/* ---------------------------------------------------------- config_cases */

struct config_case {
	const char *name;
	struct ms_http_config cfg;
	const char *field;  /* the offending field in the error, "" when none */
};

#define CONFIG(host_, threads_, max_body_, handler_)                                               \
	{ .host = host_, .threads = threads_, .max_body = max_body_, .timeout_s = 5, .handler = handler_ }

static const struct config_case config_cases[] = {
	{ "config: a host that is no address", CONFIG("not-an-address", 1, 16, test_handler), "host" },
	{ "config: an empty host", CONFIG("", 1, 16, test_handler), "host" },
	{ "config: an IPv6 host", CONFIG("::1", 1, 16, test_handler), "host" },
	{ "config: no threads", CONFIG("127.0.0.1", 0, 16, test_handler), "" },
	{ "config: no handler", CONFIG("127.0.0.1", 1, 16, NULL), "" },
	{ "config: a maximum body of SIZE_MAX", CONFIG("127.0.0.1", 1, SIZE_MAX, test_handler), "" },
};

static void run_config(void **state)
{
	const struct config_case *k = *state;
	struct ms_error e;
	ms_error_clear(&e);
	struct ms_http_server *s = (struct ms_http_server *)&e; /* must be reset to NULL */
	assert_int_equal(ms_http_start(&k->cfg, &s, &e), MS_ERR_INVALID);
	assert_null(s);
	assert_int_equal(e.err, MS_ERR_INVALID);
	assert_string_equal(e.field, k->field);
	assert_true(e.message[0] != '\0');
	s = (struct ms_http_server *)&e;
	assert_int_equal(ms_http_start(&k->cfg, &s, NULL), MS_ERR_INVALID);
	assert_null(s);
}

/* ------------------------------------------------------ tests of their own */

static void test_port_nonzero(void **state)
{
	(void)state;
	assert_non_null(ms_test_server());
	assert_int_not_equal(ms_http_port(ms_test_server()), 0);
	assert_int_equal(ms_http_port(ms_test_server()), ms_test_port());
	assert_int_equal(ms_http_port(NULL), 0);
}

static void test_no_config(void **state)
{
	(void)state;
	struct ms_error e;
	ms_error_clear(&e);
	struct ms_http_config cfg = CONFIG("127.0.0.1", 1, 16, test_handler);
	assert_int_equal(ms_http_start(NULL, NULL, &e), MS_ERR_INVALID);
	assert_int_equal(ms_http_start(&cfg, NULL, NULL), MS_ERR_INVALID);
	struct ms_http_server *s = (struct ms_http_server *)&e;
	assert_int_equal(ms_http_start(NULL, &s, NULL), MS_ERR_INVALID);
	assert_null(s);
}

/* Clients that vanish mid-upload: their state is freed by the
 * notify-completed callback (LeakSanitizer checks at exit, after the
 * teardown stopped the daemon) and the server keeps serving. */
static void test_disconnect_mid_upload(void **state)
{
	(void)state;
	static const char *const heads[] = {
		POST("/body", "4000") "\r\n\r\n",
		"POST /body HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n3e8\r\n",
	};
	char *part = ms_test_pattern(1000);
	for (int i = 0; i < 8; i++) {
		struct ms_test_client *c = malloc(sizeof *c);
		assert_non_null(c);
		assert_int_equal(ms_test_client_open(c), 0);
		const char *head = heads[i % 2];
		assert_int_equal(ms_test_client_send(c, head, strlen(head)), 0);
		assert_int_equal(ms_test_client_send(c, part, 1000), 0);
		usleep(20 * 1000);
		ms_test_client_close(c);
		free(c);
	}
	free(part);
	struct ms_test_reply *r = malloc(sizeof *r);
	assert_non_null(r);
	assert_int_equal(ms_test_roundtrip(GET("/echo"), strlen(GET("/echo")), r), 0);
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
	struct ms_test_reply *r = malloc(sizeof *r);
	if (!r)
		return NULL;
	for (int i = 0; i < N_REQUESTS; i++) {
		char body[64];
		int n = snprintf(body, sizeof body, "thread %d request %d", w->id, i);
		size_t len;
		char *req = ms_test_build_post("/body", body, (size_t)n, 0, &len);
		if (!req)
			continue;
		if (ms_test_roundtrip(req, len, r) == 0 && r->status == 200 && r->body_len == (size_t)n &&
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
	struct ms_http_config cfg = CONFIG("127.0.0.1", 1, 16, test_handler);
	cfg.port = ms_test_port();
	struct ms_error e;
	ms_error_clear(&e);
	struct ms_http_server *s = (struct ms_http_server *)&e; /* must be reset to NULL */
	assert_int_equal(ms_http_start(&cfg, &s, &e), MS_ERR_IO);
	assert_null(s);
	assert_int_equal(e.err, MS_ERR_IO);
	char expect[96];
	snprintf(expect, sizeof expect, "cannot listen on 127.0.0.1:%u: address in use",
		 (unsigned)ms_test_port());
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

/* A second server on its own port, one thread, started and stopped. */
static void test_start_stop_second(void **state)
{
	(void)state;
	struct ms_http_config cfg = CONFIG("127.0.0.1", 1, 16, test_handler);
	cfg.timeout_s = 0;
	struct ms_http_server *s = NULL;
	assert_int_equal(ms_http_start(&cfg, &s, NULL), 0);
	assert_non_null(s);
	assert_int_not_equal(ms_http_port(s), 0);
	assert_int_not_equal(ms_http_port(s), ms_test_port());
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
	static struct ms_test_list l;
	MS_TEST_ADD(&l, test_port_nonzero);
	MS_TEST_ADD_TABLE(&l, exchanges, ms_test_run_exchange);
	MS_TEST_ADD_TABLE(&l, bodies, run_body);
	MS_TEST_ADD_TABLE(&l, conversations, run_conversation);
	MS_TEST_ADD_TABLE(&l, header_cases, run_header);
	MS_TEST_ADD_TABLE(&l, config_cases, run_config);
	MS_TEST_ADD(&l, test_no_config);
	MS_TEST_ADD(&l, test_disconnect_mid_upload);
	MS_TEST_ADD(&l, test_concurrent_clients);
	MS_TEST_ADD(&l, test_bind_in_use);
	MS_TEST_ADD(&l, test_start_stop_second);
	MS_TEST_ADD(&l, test_response_api);
	return ms_test_run("http", &l, group_setup, group_teardown);
}
