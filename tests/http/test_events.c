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
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static struct ms_events *hub;

/* GET /t/TOPIC streams TOPIC; Last-Event-ID is passed on. */
static void handler(void *ctx, const struct ms_http_request *req, struct ms_http_response *resp)
{
	(void)ctx;
	struct ms_error e;
	if (strncmp(req->path, "/t/", 3) != 0 ||
	    ms_events_stream(hub, req, req->path + 3, ms_http_header(req, "Last-Event-ID"), resp, &e))
		ms_http_response_set(resp, 404, "text/plain", "no", 2);
}

/* Open a stream of topic (with last_id when not NULL): the fd, its head read. */
static int open_stream(const char *topic, const char *last_id)
{
	struct ms_test_client c;
	assert_int_equal(ms_test_client_open(&c), 0);
	char req[256];
	int n = snprintf(req, sizeof req, "GET /t/%s HTTP/1.1\r\nHost: x\r\n%s%s%sAccept: text/event-stream\r\n\r\n",
			 topic, last_id ? "Last-Event-ID: " : "", last_id ? last_id : "", last_id ? "\r\n" : "");
	assert_int_equal(ms_test_client_send(&c, req, (size_t)n), 0);
	return c.fd;
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
	publish("a", "{\"n\":1}");
	int fd = open_stream("a", NULL);
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
	publish("c", "{\"v\":7}");
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
	if (ms_events_new(&hub, &e))
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
	MS_TEST_ADD(&l, test_close_ends_streams);
	return ms_test_run("events", &l, group_setup, group_teardown);
}
