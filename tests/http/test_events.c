/*
 * test_events.c — server-sent events (src/http/events.c) over real sockets:
 * a stream's first message, a publish reaching every follower, a message
 * equal to the current one not sent again, resumption by Last-Event-ID,
 * bad events refused, followers counted and forgotten when they leave, and
 * ms_events_close ending every stream so the daemon can stop.
 */
#include "support.h"

#include "http/events.h"

#include <poll.h>
#include <sys/socket.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static struct ms_events *hub;

/* GET /t/TOPIC streams TOPIC; Last-Event-ID is passed on, X-Addr is the
 * client's address, X-Init the state the request read (its first message
 * when nobody follows the topic yet). */
static void handler(void *ctx, const struct ms_http_request *req, struct ms_http_response *resp)
{
	(void)ctx;
	struct ms_error e;
	const char *init = ms_http_header(req, "X-Init");
	struct ms_events_open o = {.topic = req->path + 3,
				   .last_id = ms_http_header(req, "Last-Event-ID"),
				   .addr = ms_http_header(req, "X-Addr"),
				   .name = "hall",
				   .data = init,
				   .len = init ? strlen(init) : 0};
	int rc = strncmp(req->path, "/t/", 3) != 0 ? MS_ERR_NOT_FOUND : ms_events_stream(hub, req, &o, resp, &e);
	if (rc == MS_ERR_TOO_MANY)
		ms_http_response_set(resp, 429, "text/plain", "many", 4);
	else if (rc == MS_ERR_BUSY)
		ms_http_response_set(resp, 503, "text/plain", "full", 4);
	else if (rc)
		ms_http_response_set(resp, 404, "text/plain", "no", 2);
}

/* Open a stream of topic (with last_id, a client address and a first state
 * when not NULL): the fd. */
static bool http10; /* ask in HTTP/1.0: the body is the bare stream, not chunked */

static int open_as(const char *topic, const char *last_id, const char *addr, const char *init)
{
	struct ms_test_client c;
	assert_int_equal(ms_test_client_open(&c), 0);
	char req[1024];
	int n = snprintf(req, sizeof req, "GET /t/%s HTTP/1.%d\r\nHost: x\r\n", topic, http10 ? 0 : 1);
	if (last_id)
		n += snprintf(req + n, sizeof req - (size_t)n, "Last-Event-ID: %s\r\n", last_id);
	if (addr)
		n += snprintf(req + n, sizeof req - (size_t)n, "X-Addr: %s\r\n", addr);
	if (init)
		n += snprintf(req + n, sizeof req - (size_t)n, "X-Init: %s\r\n", init);
	n += snprintf(req + n, sizeof req - (size_t)n, "Accept: text/event-stream\r\n\r\n");
	assert_int_equal(ms_test_client_send(&c, req, (size_t)n), 0);
	return c.fd;
}

static int open_stream(const char *topic, const char *last_id)
{
	return open_as(topic, last_id, NULL, NULL);
}

/* Read from fd until the text so far holds want (or ms passes): the text
 * read, malloc'd. */
static char *read_until(int fd, const char *want, int ms)
{
	size_t cap = 65536, len = 0;
	char *buf = calloc(1, cap);
	assert_non_null(buf);
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (want && strstr(buf, want))
			break;
		struct timespec t;
		clock_gettime(CLOCK_MONOTONIC, &t);
		long left = ms - (long)((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0)
			break;
		struct pollfd p = {.fd = fd, .events = POLLIN};
		if (poll(&p, 1, (int)left) <= 0)
			continue;
		ssize_t r = read(fd, buf + len, cap - 1 - len);
		if (r <= 0)
			break;
		len += (size_t)r;
		buf[len] = '\0';
	}
	return buf;
}

static void publish(const char *topic, const char *data)
{
	struct ms_error e;
	assert_int_equal(ms_events_publish(hub, topic, "hall", data, strlen(data), &e), 0);
}

static void wait_followers(const char *topic, size_t n)
{
	for (int i = 0; i < 200 && ms_events_followers(hub, topic) != n; i++)
		usleep(10000);
	assert_int_equal(ms_events_followers(hub, topic), n);
}

static void test_first_message_then_news(void **state)
{
	(void)state;
	/* published before anyone follows: nothing is kept */
	publish("a", "{\"n\":0}");
	char id0[33];
	assert_false(ms_events_current(hub, "a", id0));
	int fd = open_as("a", NULL, NULL, "{\"n\":1}");
	char *got = read_until(fd, "data: {\"n\":1}\n\n", 3000);
	assert_non_null(strstr(got, "text/event-stream"));
	assert_non_null(strstr(got, "retry: 2000\n\n"));
	assert_non_null(strstr(got, "event: hall\ndata: {\"n\":1}\n\n"));
	free(got);
	publish("a", "{\"n\":2}");
	got = read_until(fd, "{\"n\":2}", 3000);
	assert_non_null(strstr(got, "data: {\"n\":2}\n\n"));
	free(got);
	/* the same state again: nothing is sent */
	publish("a", "{\"n\":2}");
	got = read_until(fd, "data:", 300);
	assert_null(strstr(got, "data:"));
	free(got);
	close(fd);
}

static void test_every_follower_hears(void **state)
{
	(void)state;
	enum { N = 50 };
	int fds[N];
	for (int i = 0; i < N; i++)
		fds[i] = open_stream("b", NULL);
	wait_followers("b", N);
	publish("b", "{\"x\":\"\xe4\xb8\xad\"}");
	for (int i = 0; i < N; i++) {
		char *got = read_until(fds[i], "\xe4\xb8\xad\"}\n\n", 3000);
		assert_non_null(strstr(got, "data: {\"x\":\"\xe4\xb8\xad\"}\n\n"));
		free(got);
		close(fds[i]);
	}
}

static void test_resume_by_last_event_id(void **state)
{
	(void)state;
	int keep = open_as("c", NULL, NULL, "{\"v\":7}"); /* keeps the topic followed */
	char *first = read_until(keep, "{\"v\":7}", 3000);
	free(first);
	char id[33];
	assert_true(ms_events_current(hub, "c", id));
	/* one that has it gets nothing until the state changes */
	int fd = open_stream("c", id);
	char *got = read_until(fd, "data:", 300);
	assert_null(strstr(got, "data:"));
	free(got);
	publish("c", "{\"v\":8}");
	got = read_until(fd, "{\"v\":8}", 3000);
	assert_non_null(strstr(got, "{\"v\":8}"));
	assert_null(strstr(got, "{\"v\":7}"));
	free(got);
	close(fd);
	/* one with an old id gets the current state at once */
	fd = open_stream("c", id);
	got = read_until(fd, "{\"v\":8}", 3000);
	assert_non_null(strstr(got, "{\"v\":8}"));
	free(got);
	close(fd);
	/* a late viewer's older state does not replace the followed topic's */
	fd = open_as("c", NULL, NULL, "{\"v\":7}");
	got = read_until(fd, "data:", 1000);
	assert_non_null(strstr(got, "{\"v\":8}"));
	assert_null(strstr(got, "{\"v\":7}"));
	free(got);
	close(fd);
	close(keep);
}

static void test_followers_leave(void **state)
{
	(void)state;
	int fd = open_stream("d", NULL);
	wait_followers("d", 1);
	size_t n = 0;
	char **topics = ms_events_topics(hub, &n);
	bool found = false;
	for (size_t i = 0; i < n; i++) {
		found |= strcmp(topics[i], "d") == 0;
		free(topics[i]);
	}
	free(topics);
	assert_true(found);
	close(fd);
	/* noticed at the next write: a publish (the heartbeat does it otherwise) */
	publish("d", "{\"gone\":1}");
	wait_followers("d", 0);
	/* the last one gone, the topic goes with its state */
	char id[33];
	for (int i = 0; i < 200 && ms_events_current(hub, "d", id); i++)
		usleep(10000);
	assert_false(ms_events_current(hub, "d", id));
}

/* Streams from one address are capped (429 past the cap); the total too. */
static void test_caps(void **state)
{
	(void)state;
	int fds[4];
	for (int i = 0; i < 3; i++) {
		fds[i] = open_as("g", NULL, "10.0.0.1", "{}");
		free(read_until(fds[i], "data:", 3000));
	}
	fds[3] = open_as("g", NULL, "10.0.0.1", "{}");
	char *got = read_until(fds[3], "many", 3000);
	assert_non_null(strstr(got, "HTTP/1.1 429"));
	free(got);
	close(fds[3]);
	/* another address still may */
	int other = open_as("g", NULL, "10.0.0.2", "{}");
	got = read_until(other, "data:", 3000);
	assert_non_null(strstr(got, "200 OK"));
	free(got);
	close(other);
	for (int i = 0; i < 3; i++)
		close(fds[i]);
}

/* A heartbeat never cuts a message a slow reader is still receiving. */
static void test_ping_between_events(void **state)
{
	(void)state;
	size_t n = 400000;
	char *big = malloc(n + 16);
	assert_non_null(big);
	memcpy(big, "{\"x\":\"", 6);
	memset(big + 6, 'y', n - 8);
	memcpy(big + n - 2, "\"}", 3);
	http10 = true;
	int fd = open_as("h", NULL, NULL, "{}");
	http10 = false;
	int small = 4096;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
	free(read_until(fd, "data: {}", 3000));
	publish("h", big);
	/* read slowly (a few KiB at a time) for over two heartbeats, until the
	 * message has ended (or 20 s) */
	size_t cap = n + 65536, len = 0;
	char *buf = calloc(1, cap);
	assert_non_null(buf);
	struct timespec t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		long ms = (long)(t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000;
		buf[len] = '\0';
		const char *tail = buf + (len > 8192 ? len - 8192 : 0);
		if (ms > 20000 || (ms > 2500 && strstr(tail, "\"}\n\n")) || len >= cap - 1)
			break;
		struct pollfd p = {.fd = fd, .events = POLLIN};
		if (poll(&p, 1, 20) > 0) {
			ssize_t r = read(fd, buf + len, 4096 < cap - 1 - len ? 4096 : cap - 1 - len);
			if (r <= 0)
				break;
			len += (size_t)r;
		}
		usleep(2000);
	}
	buf[len] = '\0';
	const char *d = strstr(buf, "data: {\"x\"");
	if (!d || !strchr(d, '\n'))
		fprintf(stderr, "# read %zu bytes: %.200s\n", len, buf);
	assert_non_null(d);
	const char *end = strchr(d, '\n');
	assert_non_null(end);
	size_t line = (size_t)(end - d);
	bool pinged = strstr(buf, ": ping\n\n") != NULL;
	free(buf);
	free(big);
	close(fd);
	assert_int_equal(line, n + 6); /* the whole line: "data: " and the JSON */
	assert_true(pinged);           /* and pings came, between events */
}

/* A stream ends after max_life_s (the browser then reconnects). */
static void test_stream_ends_in_time(void **state)
{
	(void)state;
	int fd = open_as("l", NULL, NULL, "{}");
	char *got = read_until(fd, "0\r\n\r\n", 9000);
	assert_non_null(strstr(got, "data: {}"));
	assert_non_null(strstr(got, "0\r\n\r\n"));
	free(got);
	close(fd);
}

static void test_bad_events_refused(void **state)
{
	(void)state;
	struct ms_error e;
	assert_int_equal(ms_events_publish(hub, "a", "hall", "x\ny", 3, &e), MS_ERR_INTERNAL);
	assert_int_equal(ms_events_publish(hub, "a", "hall", "x\ry", 3, &e), MS_ERR_INTERNAL);
	assert_int_equal(ms_events_publish(hub, "a", "ha\nll", "x", 1, &e), MS_ERR_INTERNAL);
	char topic[MS_EVENTS_TOPIC_MAX + 1];
	memset(topic, 't', sizeof topic - 1);
	topic[sizeof topic - 1] = '\0';
	assert_int_equal(ms_events_publish(hub, topic, "hall", "x", 1, &e), MS_ERR_INTERNAL);
	char *big = malloc(MS_EVENTS_DATA_MAX + 1);
	assert_non_null(big);
	memset(big, 'x', MS_EVENTS_DATA_MAX + 1);
	assert_int_equal(ms_events_publish(hub, "a", "hall", big, MS_EVENTS_DATA_MAX + 1, &e), MS_ERR_INTERNAL);
	free(big);
}

/* Last: close ends the streams (their connections get the end of the
 * chunked body), so the server stops without a suspended connection. */
static void test_close_ends_streams(void **state)
{
	(void)state;
	int fd = open_stream("e", NULL);
	wait_followers("e", 1);
	ms_events_close(hub);
	char *got = read_until(fd, "0\r\n\r\n", 3000);
	assert_non_null(strstr(got, "0\r\n\r\n"));
	free(got);
	close(fd);
	/* a stream opened after the close ends at once */
	fd = open_stream("f", NULL);
	got = read_until(fd, "0\r\n\r\n", 3000);
	assert_non_null(strstr(got, "0\r\n\r\n"));
	free(got);
	close(fd);
}

static int group_setup(void **state)
{
	(void)state;
	struct ms_error e;
	/* caps of 3 streams per address; a heartbeat every second; 5 s of life */
	struct ms_events_limits lim = {.total = 1000, .per_address = 3, .heartbeat_s = 1, .max_life_s = 5};
	if (ms_events_new(&lim, &hub, &e))
		return -1;
	return ms_test_server_start(handler, NULL, 1024);
}

static int group_teardown(void **state)
{
	(void)state;
	ms_events_close(hub);
	ms_test_server_stop();
	ms_events_free(hub);
	return 0;
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	static struct ms_test_list l;
	MS_TEST_ADD(&l, test_first_message_then_news);
	MS_TEST_ADD(&l, test_every_follower_hears);
	MS_TEST_ADD(&l, test_resume_by_last_event_id);
	MS_TEST_ADD(&l, test_followers_leave);
	MS_TEST_ADD(&l, test_bad_events_refused);
	MS_TEST_ADD(&l, test_caps);
	MS_TEST_ADD(&l, test_ping_between_events);
	MS_TEST_ADD(&l, test_stream_ends_in_time);
	MS_TEST_ADD(&l, test_close_ends_streams);
	return ms_test_run("events", &l, group_setup, group_teardown);
}
