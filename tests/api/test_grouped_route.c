/*
 * test_grouped_route.c — a grouped route (MS_ROUTE_GROUPED: a ballot) through the
 * API on a real server and a SQLite store in group commit: its session and
 * CSRF token are read in its group, where the writers' connection is warm
 * (src/api/api.c); a request without a session cookie, or with one that is
 * not a token, is refused before it joins a group; a group whose writes
 * were all refused is rolled back (no COMMIT, no sync: src/store/group.c);
 * an accepted write is committed and synced. Counted through the store's
 * group and sync counters, not timed. Run twice: with the server's ballots
 * handed to the store's writer with no thread waiting (wait_later, as
 * `minsheng serve` runs them where writes are grouped), and on wait
 * threads that wait for the writer (MINSHENG_BALLOT_THREADS).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "api/api.h"
#include "api/route.h"
#include "auth/auth.h"
#include "http/http.h"
#include "store/sql.h"
#include "store/store.h"
#include "store/store_internal.h"

#define LIVE "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define DEAD "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
#define CSRF "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"

static char dir[64];
static struct ms_store *st;
static struct ms_api *api;
static struct ms_http_server *srv;
static atomic_int lookups; /* session reads */

/* The session of LIVE is user 7's; DEAD is no live session's. */
static int session(struct ms_db *db, const char *token, unsigned char token_hash[32], struct ms_actor *who,
		   char csrf[65], struct ms_error *e)
{
	(void)db, (void)e;
	memset(token_hash, 0, 32);
	if (!ms_session_token_ok(token))
		return MS_ERR_INVALID;
	lookups++;
	if (strcmp(token, LIVE) != 0)
		return MS_ERR_NOT_FOUND;
	memset(who, 0, sizeof *who);
	who->id = 7;
	snprintf(csrf, 65, "%s", CSRF);
	return 0;
}

static int cast(struct ms_ctx *c, json_t **out)
{
	int rc = ms_sql_exec_script(ms_db_conn(c->db), "INSERT INTO cast_t(x) VALUES (1)", &c->err);
	return rc ? rc : ms_api_answer(c, json_object(), out);
}

static const struct ms_field body[] = {{0}};
static const struct ms_route route_v[] = {
	{.method = "POST", .pattern = "/things/{id}/cast", .fn = cast, .access = MS_ACCESS_LOGIN, .body = body,
	 .flags = MS_ROUTE_CREATES | MS_ROUTE_GROUPED, .summary = "a grouped write"},
};
static const struct ms_routes routes = MS_ROUTES(route_v);
static const struct ms_routes *const all_routes[] = {&routes, NULL};

/* A new connection to the server. */
static int dial(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(ms_http_port(srv))};
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	return fd;
}

/* The status of the answer on fd, read within ms milliseconds (then fd is
 * closed); 0 when none came. */
static int status_within(int fd, int ms)
{
	struct timeval tv = {ms / 1000, (ms % 1000) * 1000};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	char buf[1024];
	ssize_t got = recv(fd, buf, sizeof buf - 1, 0);
	close(fd);
	int status = 0;
	if (got > 0) {
		buf[got] = '\0';
		sscanf(buf, "HTTP/1.1 %d", &status);
	}
	return status;
}

/* Send POST /api/v1/things/1/cast with cookie and csrf (each NULL: none);
 * the connection, its answer unread. */
static int send_post(const char *cookie, const char *csrf)
{
	int fd = dial();
	char req[512], ck[160] = "", cs[160] = "";
	if (cookie)
		snprintf(ck, sizeof ck, "Cookie: ms_session=%s\r\n", cookie);
	if (csrf)
		snprintf(cs, sizeof cs, "X-CSRF-Token: %s\r\n", csrf);
	int n = snprintf(req, sizeof req,
			 "POST /api/v1/things/1/cast HTTP/1.1\r\nHost: t\r\nConnection: close\r\n%s%s"
			 "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
			 ck, cs);
	assert_int_equal(send(fd, req, (size_t)n, 0), n);
	return fd;
}

/* The same, and the status of its answer. */
static int post(const char *cookie, const char *csrf)
{
	return status_within(send_post(cookie, csrf), 10000);
}

static int64_t rows(void)
{
	struct ms_db *db;
	struct ms_error e;
	struct ms_sql_stmt *s;
	assert_int_equal(ms_store_acquire(st, &db, &e), 0);
	assert_int_equal(ms_sql_prepare(ms_db_conn(db), "SELECT count(*) FROM cast_t", &s, &e), 0);
	assert_int_equal(ms_sql_step(s, &e), 1);
	int64_t n = ms_sql_column_i64(s, 0);
	ms_sql_reset(s);
	ms_store_release(st, db);
	return n;
}

struct counts {
	uint64_t groups, members, syncs;
	int lookups;
	int64_t rows;
};

static struct counts now(void)
{
	struct counts c;
	ms_store_groups(st, &c.groups, &c.members);
	c.syncs = ms_store_log_syncs(st);
	c.lookups = lookups;
	c.rows = rows();
	return c;
}

/* Refused before any group: no session read, no group, no sync. */
static void test_refused_before_the_group(void **state)
{
	(void)state;
	struct counts a = now();
	assert_int_equal(post(NULL, CSRF), 401);
	assert_int_equal(post("not-a-token", CSRF), 401);
	assert_int_equal(post(LIVE "0", CSRF), 401); /* one digit too many */
	struct counts b = now();
	assert_int_equal(b.groups, a.groups);
	assert_int_equal(b.lookups, a.lookups);
	assert_int_equal(b.syncs, a.syncs);
	assert_int_equal(b.rows, a.rows);
}

/* A well-formed token is read in a group; refused there (no live session,
 * or no CSRF token), its group is rolled back: no sync, no row. */
static void test_refused_in_the_group(void **state)
{
	(void)state;
	struct counts a = now();
	assert_int_equal(post(DEAD, CSRF), 401);
	assert_int_equal(post(LIVE, NULL), 403);
	assert_int_equal(post(LIVE, DEAD), 403);
	struct counts b = now();
	assert_int_equal(b.groups, a.groups + 3);
	assert_int_equal(b.lookups, a.lookups + 3);
	assert_int_equal(b.syncs, a.syncs);
	assert_int_equal(b.rows, a.rows);
}

/* Accepted: its session read in its group, committed and synced. */
static void test_accepted(void **state)
{
	(void)state;
	struct counts a = now();
	assert_int_equal(post(LIVE, CSRF), 201);
	struct counts b = now();
	assert_int_equal(b.groups, a.groups + 1);
	assert_int_equal(b.members, a.members + 1);
	assert_int_equal(b.lookups, a.lookups + 1);
	assert_true(b.syncs > a.syncs);
	assert_int_equal(b.rows, a.rows + 1);
}

static bool later_mode; /* the server hands grouped routes to ms_api_handle_later */
static unsigned workers;  /* the server's worker threads */

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/ms-grouped-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	char path[128];
	snprintf(path, sizeof path, "%s/g.db", dir);
	struct ms_error e;
	struct ms_db *db;
	if (ms_store_open(path, 4, &st, &e) || ms_store_acquire(st, &db, &e) || ms_db_begin(db, true, &e) ||
	    ms_sql_exec_script(ms_db_conn(db), "CREATE TABLE cast_t(x integer)", &e) || ms_db_commit(db, &e)) {
		fprintf(stderr, "# store: %s\n", e.message);
		return -1;
	}
	ms_store_release(st, db);
	if (!ms_store_groups_writes(st)) {
		fprintf(stderr, "# the store does not group writes (MINSHENG_GROUP_COMMIT?)\n");
		return -1;
	}
	struct ms_api_config ac = {.store = st, .routes = all_routes, .session = session, .token_ok = ms_session_token_ok};
	if (ms_api_new(&ac, &api, &e)) {
		fprintf(stderr, "# api: %s\n", e.message);
		return -1;
	}
	struct ms_http_config hc = {.host = "127.0.0.1", .threads = workers, .max_body = 1024, .timeout_s = 5,
				    .handler = ms_api_handle, .ctx = api, .wait = ms_api_wait,
				    .wait_threads = later_mode ? 0 : 2, .wait_later = later_mode ? ms_api_handle_later : NULL};
	if (ms_http_start(&hc, &srv, &e)) {
		fprintf(stderr, "# server: %s\n", e.message);
		return -1;
	}
	return 0;
}

static int setup_later(void **state)
{
	later_mode = true;
	workers = 2;
	return setup(state);
}

static int setup_later_one(void **state)
{
	later_mode = true;
	workers = 1;
	return setup(state);
}

static int setup_threads(void **state)
{
	later_mode = false;
	workers = 2;
	return setup(state);
}

static int teardown(void **state)
{
	(void)state;
	ms_http_stop(srv);
	ms_api_free(api);
	ms_store_close(st);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* One worker, and each sync 600 ms slower: while an accepted write waits
 * for its group's sync, the worker answers another request — no thread
 * holds the write's request meanwhile — and the write is answered 201 once
 * synced. */
static void test_worker_free_while_synced(void **state)
{
	(void)state;
	ms_store_set_sync_delay(st, 600);
	struct counts a = now();
	int fd = send_post(LIVE, CSRF);
	nanosleep(&(struct timespec){0, 150000000L}, NULL); /* in its group, its sync under way */
	int other = dial();
	static const char get[] = "GET /api/v1/nothing HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
	assert_int_equal(send(other, get, sizeof get - 1, 0), (ssize_t)(sizeof get - 1));
	assert_int_equal(status_within(other, 300), 404);
	char b;
	assert_int_equal(recv(fd, &b, 1, MSG_DONTWAIT | MSG_PEEK), -1); /* not answered yet */
	assert_int_equal(status_within(fd, 10000), 201);
	ms_store_set_sync_delay(st, 0);
	struct counts c = now();
	assert_int_equal(c.rows, a.rows + 1);
	assert_true(c.syncs > a.syncs);
}

int main(void)
{
	/* each on a new store and server: the writer's, then wait threads' */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_refused_before_the_group, setup_later, teardown),
		cmocka_unit_test_setup_teardown(test_refused_in_the_group, setup_later, teardown),
		cmocka_unit_test_setup_teardown(test_accepted, setup_later, teardown),
		cmocka_unit_test_setup_teardown(test_worker_free_while_synced, setup_later_one, teardown),
		cmocka_unit_test_setup_teardown(test_refused_before_the_group, setup_threads, teardown),
		cmocka_unit_test_setup_teardown(test_refused_in_the_group, setup_threads, teardown),
		cmocka_unit_test_setup_teardown(test_accepted, setup_threads, teardown),
	};
	return cmocka_run_group_tests_name("grouped_route", tests, NULL, NULL);
}
