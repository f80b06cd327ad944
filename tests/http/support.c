/*
 * support.c — the helpers of the HTTP tests; see support.h.
 */
#include "support.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static struct ms_http_server *server;
static uint16_t port;

/* ------------------------------------------------------------- the server */

int ms_test_server_start(ms_http_handler_fn handler, void *ctx, size_t max_body)
{
	struct ms_http_config cfg = {
		.host = "127.0.0.1",
		.port = 0,
		.threads = 4,
		.max_body = max_body,
		.timeout_s = 5,
		.handler = handler,
		.ctx = ctx,
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

void ms_test_server_stop(void)
{
	ms_http_stop(server);
	server = NULL;
	port = 0;
}

struct ms_http_server *ms_test_server(void)
{
	return server;
}

uint16_t ms_test_port(void)
{
	return port;
}

/* ------------------------------------------------------------- the client */

int ms_test_client_open(struct ms_test_client *c)
{
	c->len = 0;
	c->no_body = false;
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

void ms_test_client_close(struct ms_test_client *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

int ms_test_client_send(struct ms_test_client *c, const void *data, size_t n)
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

/* Read more bytes into c->buf; -1 on error, timeout or EOF. */
static int client_fill(struct ms_test_client *c)
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

static void consume(struct ms_test_client *c, size_t n)
{
	memmove(c->buf, c->buf + n, c->len - n);
	c->len -= n;
}

const char *ms_test_find(const char *hay, size_t hn, const char *needle, size_t nn)
{
	if (nn == 0 || hn < nn)
		return NULL;
	for (size_t i = 0; i + nn <= hn; i++)
		if (memcmp(hay + i, needle, nn) == 0)
			return hay + i;
	return NULL;
}

/* The header line called name after line (a "\r\n" of r->head), or NULL. */
static const char *next_header(const char *line, const char *name)
{
	size_t nl = strlen(name);
	for (; line; line = strstr(line, "\r\n")) {
		line += 2;
		if (strncasecmp(line, name, nl) == 0 && line[nl] == ':')
			return line;
	}
	return NULL;
}

bool ms_test_header(const struct ms_test_reply *r, const char *name, char *out, size_t cap)
{
	const char *line = next_header(strstr(r->head, "\r\n"), name);
	if (!line)
		return false;
	const char *v = line + strlen(name) + 1;
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

unsigned ms_test_count_header(const struct ms_test_reply *r, const char *name)
{
	unsigned count = 0;
	for (const char *line = next_header(strstr(r->head, "\r\n"), name); line;
	     line = next_header(line, name))
		count++;
	return count;
}

int ms_test_client_read_reply(struct ms_test_client *c, struct ms_test_reply *r)
{
	memset(r, 0, sizeof *r);
	const char *end;
	for (;;) {
		end = ms_test_find(c->buf, c->len, "\r\n\r\n", 4);
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
	if (!ms_test_header(r, "Content-Length", cl, sizeof cl)) {
		/* Interim (1xx), 204 and 304 responses have no body. */
		if (r->status < 200 || r->status == 204 || r->status == 304)
			return 0;
		return -1;
	}
	if (c->no_body)
		return 0;
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

int ms_test_roundtrip(const void *req, size_t len, struct ms_test_reply *r)
{
	struct ms_test_client *c = malloc(sizeof *c);
	if (!c)
		return -1;
	int rc = -1;
	if (ms_test_client_open(c) == 0) {
		c->no_body = len >= 5 && memcmp(req, "HEAD ", 5) == 0;
		if (ms_test_client_send(c, req, len) == 0)
			rc = ms_test_client_read_reply(c, r);
		ms_test_client_close(c);
	}
	free(c);
	return rc;
}

char *ms_test_build_post(const char *path, const void *body, size_t len, size_t chunk,
			 size_t *out_len)
{
	size_t cap = 256 + strlen(path) + len + (chunk ? (len / chunk + 2) * 16 : 0);
	char *req = malloc(cap);
	if (!req)
		return NULL;
	size_t n;
	const char *p = body;
	if (chunk == 0) {
		n = (size_t)snprintf(req, cap,
				     "POST %s HTTP/1.1\r\nHost: localhost\r\n"
				     "Content-Type: application/octet-stream\r\n"
				     "Content-Length: %zu\r\n\r\n", path, len);
		if (len)
			memcpy(req + n, body, len);
		*out_len = n + len;
		return req;
	}
	n = (size_t)snprintf(req, cap, "POST %s HTTP/1.1\r\nHost: localhost\r\n"
			     "Transfer-Encoding: chunked\r\n\r\n", path);
	for (size_t off = 0; off < len; off += chunk) {
		size_t k = len - off < chunk ? len - off : chunk;
		n += (size_t)snprintf(req + n, cap - n, "%zx\r\n", k);
		memcpy(req + n, p + off, k);
		n += k;
		memcpy(req + n, "\r\n", 2);
		n += 2;
	}
	memcpy(req + n, "0\r\n\r\n", 5);
	*out_len = n + 5;
	return req;
}

char *ms_test_pattern(size_t len)
{
	char *buf = malloc(len ? len : 1);
	assert_non_null(buf);
	for (size_t i = 0; i < len; i++)
		buf[i] = (char)((i * 7) % 256); /* includes NUL bytes */
	return buf;
}

/* ------------------------------------------------------- expected answers */

static void check_header(const struct ms_test_reply *r, const struct ms_test_hdr *h)
{
	if (h->op == MS_TEST_HDR_NONE)
		return;
	unsigned count = ms_test_count_header(r, h->name);
	char v[1024];
	switch (h->op) {
	case MS_TEST_HDR_NONE:
		return;
	case MS_TEST_HDR_ABSENT:
		if (count != 0 || ms_test_find(r->head, strlen(r->head), h->name, strlen(h->name)))
			fail_msg("header %s should be absent:\n%s", h->name, r->head);
		return;
	case MS_TEST_HDR_IS:
	case MS_TEST_HDR_HAS:
		if (count != 1)
			fail_msg("header %s appears %u times, want once:\n%s", h->name, count, r->head);
		assert_true(ms_test_header(r, h->name, v, sizeof v));
		if (h->op == MS_TEST_HDR_IS ? strcmp(v, h->value) != 0 : !strstr(v, h->value))
			fail_msg("header %s is \"%s\", want %s\"%s\"", h->name, v,
				 h->op == MS_TEST_HDR_IS ? "" : "a value containing ", h->value);
		return;
	}
	fail_msg("header check %d unknown", (int)h->op);
}

void ms_test_check(const struct ms_test_reply *r, const struct ms_test_want *w)
{
	if (r->status != w->status)
		fail_msg("status %d, want %d:\n%s", r->status, w->status, r->head);
	if (w->body) {
		assert_int_equal(r->body_len, w->body_len);
		assert_memory_equal(r->body, w->body, w->body_len);
	}
	if (w->body_has && !ms_test_find(r->body, r->body_len, w->body_has, strlen(w->body_has)))
		fail_msg("the body lacks \"%s\": %.*s", w->body_has, (int)r->body_len, r->body);
	for (size_t i = 0; i < MS_TEST_MAX_HDR; i++)
		check_header(r, &w->hdr[i]);
}

void ms_test_run_exchange(void **state)
{
	const struct ms_test_exchange *x = *state;
	struct ms_test_reply *r = malloc(sizeof *r);
	assert_non_null(r);
	assert_int_equal(ms_test_roundtrip(x->request, strlen(x->request), r), 0);
	ms_test_check(r, &x->want);
	free(r);
}

/* ------------------------------------------------------------ test points */

void ms_test_add(struct ms_test_list *l, const char *name, CMUnitTestFunction fn, const void *row)
{
	if (l->n == sizeof l->tests / sizeof l->tests[0]) {
		fprintf(stderr, "ms_test_add: more than %zu tests\n", l->n);
		abort();
	}
	l->tests[l->n++] = (struct CMUnitTest){
		.name = name,
		.test_func = fn,
		.initial_state = (void *)(uintptr_t)row,
	};
}

int ms_test_run(const char *name, const struct ms_test_list *l, CMFixtureFunction setup,
		CMFixtureFunction teardown)
{
	return _cmocka_run_group_tests(name, l->tests, l->n, setup, teardown);
}
