/*
 * test_wait.c — the wait threads (src/http/http.c, cfg.wait): a request the
 * application marks runs off libmicrohttpd's workers, so that a worker is
 * free while it waits (with one worker, another request is answered
 * meanwhile); it is never refused for its time in the queue; and when the
 * server stops, a request still queued is run as overloaded (the
 * application answers 503 with nothing done), while one already running
 * finishes as it is.
 *
 * wait_later (cfg.wait_later): a request the application marks is handed
 * to it with its connection suspended, and no thread waits for it; it is
 * answered when the application says it is done — from another thread, or
 * at once from inside the call — and the server's stop waits for it.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "http/http.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static bool released, blocked;     /* /wait/a: may finish; has started */
static atomic_int ran_a, ran_b, over_a, over_b; /* how often each ran, and as overloaded */

static bool is_wait(void *ctx, const struct ms_http_request *req)
{
	(void)ctx;
	return strncmp(req->path, "/wait/", 6) == 0;
}

static void handler(void *ctx, const struct ms_http_request *req, struct ms_http_response *resp)
{
	(void)ctx;
	if (strcmp(req->path, "/wait/a") == 0) {
		pthread_mutex_lock(&lock);
		blocked = true;
		pthread_cond_broadcast(&cond);
		while (!released)
			pthread_cond_wait(&cond, &lock);
		pthread_mutex_unlock(&lock);
		ran_a++;
		over_a += req->overloaded;
	} else if (strcmp(req->path, "/wait/b") == 0) {
		ran_b++;
		over_b += req->overloaded;
	}
	(void)ms_http_response_set(resp, req->overloaded ? 503 : 200, "text/plain", "ok", 2);
}

/* A server of one worker, with wait threads or a wait_later hook. */
static struct ms_http_server *start_with(unsigned wait_threads, ms_http_later_fn wait_later)
{
	struct ms_http_config cfg = {.host = "127.0.0.1", .threads = 1, .max_body = 1024, .timeout_s = 5,
				     .handler = handler, .wait = is_wait, .wait_threads = wait_threads,
				     .wait_later = wait_later};
	struct ms_http_server *s = NULL;
	struct ms_error e;
	if (ms_http_start(&cfg, &s, &e))
		fail_msg("ms_http_start: %s", e.message);
	released = blocked = false;
	ran_a = ran_b = over_a = over_b = 0;
	return s;
}

static struct ms_http_server *start(unsigned wait_threads)
{
	return start_with(wait_threads, NULL);
}

/* A GET of path on a new connection; the socket (the answer unread). */
static int send_get(struct ms_http_server *s, const char *path)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(ms_http_port(s))};
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	char req[128];
	int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", path);
	assert_int_equal(send(fd, req, (size_t)n, 0), n);
	return fd;
}

/* The status of the answer on fd (then closed); 0 when none came in 5 s. */
static int status_of(int fd)
{
	struct timeval tv = {5, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	char buf[512];
	ssize_t n = recv(fd, buf, sizeof buf - 1, 0);
	close(fd);
	int status = 0;
	if (n > 0) {
		buf[n] = '\0';
		sscanf(buf, "HTTP/1.1 %d", &status);
	}
	return status;
}

static void wait_blocked(void)
{
	pthread_mutex_lock(&lock);
	while (!blocked)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
}

static void release(void)
{
	pthread_mutex_lock(&lock);
	released = true;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
}

/* One worker: while /wait/a waits on a wait thread, another request is
 * answered; then /wait/a is answered, not as overloaded. */
static void test_off_the_worker(void **state)
{
	(void)state;
	struct ms_http_server *s = start(2);
	int a = send_get(s, "/wait/a");
	wait_blocked();
	assert_int_equal(status_of(send_get(s, "/now")), 200);
	assert_int_equal(status_of(send_get(s, "/wait/b")), 200); /* the other wait thread */
	release();
	assert_int_equal(status_of(a), 200);
	assert_int_equal(ran_a, 1);
	assert_int_equal(over_a + over_b, 0);
	ms_http_stop(s);
}

static void *stopper(void *arg)
{
	ms_http_stop(arg);
	return NULL;
}

/* One wait thread, busy with /wait/a; /wait/b queued behind it. The
 * server stops: /wait/a, running, finishes as it is; /wait/b runs as
 * overloaded. */
static void test_stop_refuses_the_queued(void **state)
{
	(void)state;
	struct ms_http_server *s = start(1);
	int a = send_get(s, "/wait/a");
	wait_blocked();
	int b = send_get(s, "/wait/b");
	nanosleep(&(struct timespec){0, 300000000L}, NULL); /* b queued */
	assert_int_equal(ran_b, 0);
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, stopper, s), 0);
	nanosleep(&(struct timespec){0, 200000000L}, NULL); /* the stop under way */
	release();
	pthread_join(t, NULL);
	close(a);
	close(b);
	assert_int_equal(ran_a, 1);
	assert_int_equal(over_a, 0);
	assert_int_equal(ran_b, 1);
	assert_int_equal(over_b, 1);
}

/* ---- wait_later ---- */

static struct ms_http_response *held_resp; /* /wait/a's, until done */
static ms_http_done_fn held_done;
static void *held_arg;
static atomic_int later_calls;
static atomic_bool stopped;

static void later(void *ctx, const struct ms_http_request *req, struct ms_http_response *resp, ms_http_done_fn done,
		  void *arg)
{
	(void)ctx;
	later_calls++;
	if (strcmp(req->path, "/wait/a") == 0) { /* answered later, by the test's thread */
		pthread_mutex_lock(&lock);
		held_resp = resp;
		held_done = done;
		held_arg = arg;
		blocked = true;
		pthread_cond_broadcast(&cond);
		pthread_mutex_unlock(&lock);
		return;
	}
	(void)ms_http_response_set(resp, 202, "text/plain", "ok", 2); /* done before it returns */
	done(arg);
}

static struct ms_http_server *start_later(void)
{
	later_calls = 0;
	stopped = false;
	return start_with(0, later);
}

/* The held request's answer, from this thread. */
static void answer_held(void)
{
	(void)ms_http_response_set(held_resp, 201, "text/plain", "later", 5);
	held_done(held_arg);
}

static void *stopper_later(void *arg)
{
	ms_http_stop(arg);
	stopped = true;
	return NULL;
}

/* One worker: while /wait/a is held (no thread runs it), another request
 * is answered, and /wait/b, done from inside the call; then /wait/a is
 * answered when the test says so. The handler itself never ran them. */
static void test_later_holds_no_thread(void **state)
{
	(void)state;
	struct ms_http_server *s = start_later();
	int a = send_get(s, "/wait/a");
	wait_blocked();
	assert_int_equal(status_of(send_get(s, "/now")), 200);
	assert_int_equal(status_of(send_get(s, "/wait/b")), 202);
	answer_held();
	assert_int_equal(status_of(a), 201);
	assert_int_equal(later_calls, 2);
	assert_int_equal(ran_a + ran_b, 0);
	ms_http_stop(s);
}

/* The stop waits for a held request, which is then answered; once the
 * stop began, a new one is not handed to wait_later (the handler runs it
 * on its worker). */
static void test_later_stop_waits(void **state)
{
	(void)state;
	struct ms_http_server *s = start_later();
	int a = send_get(s, "/wait/a");
	wait_blocked();
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, stopper_later, s), 0);
	nanosleep(&(struct timespec){0, 300000000L}, NULL); /* the stop under way */
	assert_false(stopped);
	assert_int_equal(status_of(send_get(s, "/wait/b")), 200);
	assert_int_equal(ran_b, 1);
	assert_int_equal(later_calls, 1);
	assert_false(stopped);
	answer_held();
	assert_int_equal(status_of(a), 201);
	pthread_join(t, NULL);
	assert_true(stopped);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_off_the_worker),
		cmocka_unit_test(test_stop_refuses_the_queued),
		cmocka_unit_test(test_later_holds_no_thread),
		cmocka_unit_test(test_later_stop_waits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
