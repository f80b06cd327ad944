/*
 * http.c — Minsheng's HTTP server layer on libmicrohttpd (0.9.75); see http.h.
 *
 * The daemon runs an internal epoll thread pool. Each request goes through
 * access_handler() several times:
 *
 *   0. uri_logger() sees the raw request URI before MHD decodes it and
 *      marks a path holding an encoded NUL ("%00"), which decoding would
 *      turn into a path cut short; such a request is answered 400
 *      invalid_path and never reaches the application;
 *   1. first call (headers parsed, *con_cls NULL or the mark): allocate a
 *      struct req_state with the request's body limit (max_body, or what
 *      the body_limit hook says); a Content-Length above it marks the request
 *      too large (and, when the client waits for "100 Continue", answers 413
 *      at once so it never sends the body);
 *   2. body calls (*upload_data_size > 0): append to a buffer that grows by
 *      doubling but never beyond that limit (+1 for the NUL); the first byte
 *      beyond the cap frees the buffer and marks the request too large, and
 *      everything after is discarded — MHD 0.9.75 refuses to queue a response
 *      while body data is still arriving, so the 413 must wait;
 *   3. final call (*upload_data_size == 0 again): answer 413, or call the
 *      application's handler once with the whole request and queue what it
 *      filled.
 *
 * request_completed() (MHD_OPTION_NOTIFY_COMPLETED) frees the state whatever
 * happened: normal end, timeout, client gone mid-upload, daemon shutdown.
 *
 * The first call refuses, before any body is read, two Content-Length
 * headers that differ (400), a URI over MS_HTTP_MAX_URI (414; uri_logger
 * marks it) and a header block over MS_HTTP_MAX_HEADERS_SIZE (431), all
 * with the JSON error body. What MHD answers itself, before any callback of
 * ours, is listed in docs/deploy.md. Slow clients: the header deadline
 * (deadline.c) and MHD_OPTION_PER_IP_CONNECTION_LIMIT.
 *
 * A request the application calls slow (http.h) is handed, on its final
 * call, to slow.c's threads: the connection is suspended, a slow thread
 * fills st->resp and resumes it, and MHD calls access_handler() once more,
 * which queues that answer. A request it marks as waiting (cfg->wait: a
 * ballot, for its group's commit) goes the same way to a second pool of
 * slow.c's, the wait threads, never niced and never refused for its time
 * in the queue (only at a stop: then it runs as overloaded) — or, with
 * cfg->wait_later, to the application itself: the connection is
 * suspended, wait_later is called on the worker and returns, and whichever
 * thread ends the request (a ballot: the store's writer, once its group is
 * on disk) fills st->resp and calls later_done, which resumes it. No thread
 * waits for such a request; the stop waits until none is left.
 *
 * Beyond http.h: a NULL cfg->host means 127.0.0.1, timeout_s 0 means 30 s,
 * an invalid host, threads 0 or a NULL handler give MS_ERR_INVALID; every
 * response carries "Cache-Control: no-store" unless the handler set one, and
 * the layer's own answers (400, 413, 500) "X-Content-Type-Options: nosniff".
 */
#include "http.h"
#include "mhd_lazy.h"

#include "deadline.h"
#include "slow.h"

#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stddef.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Per-connection memory pool of MHD (request line, headers, read and write
 * buffers; not the body, which we keep in our own buffer). MHD's default is
 * 32 KiB; 64 KiB leaves room for large cookie headers. */
#define MS_HTTP_CONN_MEMORY ((size_t)64 * 1024)
/* Upper bound on simultaneous connections (split between the pool threads);
 * lowered to fit RLIMIT_NOFILE. A congress hall keeps one connection open
 * per deputy's phone: with 1024, a 2000-deputy vote left half of them
 * waiting in the accept queue until idle connections timed out (30 s)
 * (bench/backends.py). MHD's per-connection pools are mmap'ed, so an idle
 * connection costs the pages it touched, not MS_HTTP_CONN_MEMORY. */
#define MS_HTTP_CONN_LIMIT 16384u
/* Used when cfg->timeout_s is 0 (MHD would read 0 as "never time out"). */
#define MS_HTTP_DEFAULT_TIMEOUT_S 30u
/* First allocation for a body of unknown length. */
#define MS_HTTP_BODY_MIN_CAP ((size_t)1024)
/* The longest request URI (path and query, as received) and the largest
 * header block (names, values, ": " and CRLF) the layer accepts; above them
 * it answers 414 / 431 with the JSON error body. Both stay well below
 * MS_HTTP_CONN_MEMORY: a request line or header block that does not fit in
 * MHD's pool at all is refused by MHD itself, in HTML (docs/deploy.md). */
#define MS_HTTP_MAX_URI ((size_t)8 * 1024)
#define MS_HTTP_MAX_HEADERS_SIZE ((size_t)16 * 1024)

struct ms_http_server {
	struct MHD_Daemon *daemon;
	ms_http_handler_fn handler;
	void *ctx;
	size_t max_body;
	uint16_t port;
	struct ms_http_deadline *deadline; /* NULL: no header deadline */
	ms_http_slow_fn is_slow;
	ms_http_body_limit_fn body_limit;
	struct ms_http_slow *slow;         /* NULL: no slow threads */
	ms_http_slow_fn is_wait;
	struct ms_http_slow *waiters;      /* NULL: no wait threads */
	ms_http_later_fn wait_later;       /* NULL: none (http.h) */
	/* The requests wait_later has not yet ended; those handed off (to
	 * wait_later, or to a slow or wait thread) whose answer is not yet
	 * sent; and whether the server stops (then none is handed to
	 * wait_later, and the stop waits for them: for the first, until they
	 * end; for the second, at most stop_wait_s). */
	pthread_mutex_t later_lock;
	pthread_cond_t later_none;
	unsigned stop_wait_s;
	unsigned later_pending, unsent;
	bool later_stopping;
};

/* Per-request state, owned by MHD's *con_cls from the first call of
 * access_handler() to request_completed(). */
struct req_state {
	char *body;       /* NULL until the first byte arrives; freed when too large */
	size_t len;
	size_t cap;       /* allocated bytes, <= max + 1 */
	size_t max;       /* this request's largest body */
	bool too_large;
	bool bad_path;    /* the raw path holds "%00": answer 400, discard the body */
	bool answered;    /* the final call came (or a response was queued early) */
	bool deferred;    /* handed to a slow thread or wait_later: the next call queues resp */
	bool counted;     /* handed off: counted in unsent until completed */
	struct ms_http_server *srv; /* its server (for wait_later's done) */
	struct ms_http_slow_job job;
	struct ms_http_request req;   /* the final call's request (kept for a slow thread) */
	struct ms_http_response resp; /* the handler's answer (filled by a slow thread) */
};

/* What uri_logger() leaves in *con_cls for a path with an encoded NUL, and
 * for a URI longer than MS_HTTP_MAX_URI; no allocation, so nothing leaks
 * when MHD drops the request before the access handler runs. */
static char bad_path_mark;
static char long_uri_mark;


/* ---------------------------------------------------------------- lookups */

const char *ms_http_header(const struct ms_http_request *r, const char *name)
{
	if (!r || !r->conn || !name)
		return NULL;
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *ms_http_cookie(const struct ms_http_request *r, const char *name)
{
	if (!r || !r->conn || !name)
		return NULL;
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

const char *ms_http_query(const struct ms_http_request *r, const char *name)
{
	if (!r || !r->conn || !name)
		return NULL;
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

void ms_http_peer(const struct ms_http_request *r, char *buf, size_t cap)
{
	if (!buf || cap == 0)
		return;
	buf[0] = '\0';
	if (!r || !r->conn)
		return;
	const union MHD_ConnectionInfo *info =
		MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (!info || !info->client_addr)
		return;
	const struct sockaddr *sa = info->client_addr;
	const char *ok = NULL;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;
		ok = inet_ntop(AF_INET, &in->sin_addr, buf, (socklen_t)cap);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)sa;
		ok = inet_ntop(AF_INET6, &in6->sin6_addr, buf, (socklen_t)cap);
	}
	if (!ok)
		buf[0] = '\0';
}

/* ---------------------------------------------------------------- queuing */

/* Queue the JSON error body of e (the class's status: 400, 413 or 500), in
 * the shape the API answers: {"error":{"code","message","message_zh"}}. */
static enum MHD_Result queue_json_error(struct MHD_Connection *conn, unsigned status, const struct ms_error *e)
{
	json_t *body = json_pack("{s:{s:s, s:s, s:s}}", "error", "code", e->code ? e->code : ms_err_code(e->err),
				 "message", e->message, "message_zh", e->message_zh);
	char *json = body ? json_dumps(body, JSON_COMPACT) : NULL;
	json_decref(body);
	static const char oom[] = "{\"error\":{\"code\":\"out_of_memory\",\"message\":\"out of memory\"}}";
	struct MHD_Response *r = json ? MHD_create_response_from_buffer(strlen(json), json, MHD_RESPMEM_MUST_FREE)
				      : MHD_create_response_from_buffer(sizeof oom - 1, (void *)oom, MHD_RESPMEM_PERSISTENT);
	if (!r) {
		free(json);
		return MHD_NO;
	}
	enum MHD_Result ret = MHD_NO;
	if (MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json") == MHD_YES &&
	    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store") == MHD_YES &&
	    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff") == MHD_YES)
		ret = MHD_queue_response(conn, json ? status : MHD_HTTP_INTERNAL_SERVER_ERROR, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result queue_too_large(struct MHD_Connection *conn, size_t max_body)
{
	struct ms_error e;
	ms_failf(&e, MS_E_PAYLOAD_TOO_LARGE, NULL, MS_AI(max_body));
	return queue_json_error(conn, MHD_HTTP_CONTENT_TOO_LARGE, &e);
}

static bool resp_has_header(const struct ms_http_response *resp, const char *name)
{
	for (unsigned i = 0; i < resp->n_headers; i++)
		if (strcasecmp(resp->header_names[i], name) == 0)
			return true;
	return false;
}

/* Turn the handler's response into an MHD response and queue it. Takes the
 * body from *resp; the caller still calls ms_http_response_fini(). Returns
 * false when nothing was queued: no status (or one outside 200..599), a
 * header MHD refused, or out of memory. */
static bool queue_handler_response(struct MHD_Connection *conn, struct ms_http_response *resp)
{
	if (resp->status < 200 || resp->status > 599)
		return false;
	struct MHD_Response *r;
	if (resp->stream) {
		r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, resp->stream_read, resp->stream,
						      resp->stream_done);
		if (r)
			resp->stream = NULL; /* MHD calls stream_done with the response */
	} else if (resp->has_fd && resp->fd_size > 0) {
		r = MHD_create_response_from_fd64(resp->fd_size, resp->fd);
		if (r)
			resp->has_fd = false; /* MHD closes it with the response */
	} else if (resp->body && resp->body_len > 0) {
		r = MHD_create_response_from_buffer(resp->body_len, resp->body,
						    MHD_RESPMEM_MUST_FREE);
		if (r)
			resp->body = NULL; /* MHD free()s it with the response */
	} else {
		r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	}
	if (!r)
		return false;

	bool ok = true;
	if (resp->content_type[0] != '\0' && !resp_has_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE))
		ok = MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
					     resp->content_type) == MHD_YES;
	for (unsigned i = 0; ok && i < resp->n_headers; i++)
		ok = MHD_add_response_header(r, resp->header_names[i],
					     resp->header_values[i]) == MHD_YES;
	if (ok && !resp_has_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL))
		ok = MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store") == MHD_YES;
	if (ok)
		ok = MHD_queue_response(conn, resp->status, r) == MHD_YES;
	MHD_destroy_response(r);
	return ok;
}

/* Queue the handler's answer (then free it); when it cannot be queued —
 * status 0 (the handler answered nothing), a header MHD refused, or no
 * memory — a 500, so the client is not left waiting. */
static enum MHD_Result queue_answer(struct MHD_Connection *conn, struct ms_http_response *resp)
{
	bool ok = queue_handler_response(conn, resp);
	ms_http_response_fini(resp);
	if (ok)
		return MHD_YES;
	struct ms_error e;
	ms_error_set(&e, MS_ERR_INTERNAL, NULL, NULL, "the handler gave no answer");
	ms_code_render(MS_E_INTERNAL_ERROR.en, NULL, 0, 0, e.message, sizeof e.message);
	ms_code_render(MS_E_INTERNAL_ERROR.zh, NULL, 0, 1, e.message_zh, sizeof e.message_zh);
	return queue_json_error(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, &e);
}

/* ----------------------------------------------------------- the handlers */

/* Append n bytes to the body, or mark the request too large (freeing what
 * was collected) once the total would exceed max_body. */
static bool body_append(struct req_state *st, const char *data, size_t n)
{
	size_t max_body = st->max;
	if (st->too_large || st->bad_path)
		return true;
	if (n > max_body - st->len) {
		st->too_large = true;
		free(st->body);
		st->body = NULL;
		st->len = st->cap = 0;
		return true;
	}
	size_t need = st->len + n + 1; /* <= max_body + 1, no overflow (max_body < SIZE_MAX) */
	if (need > st->cap) {
		size_t cap = st->cap ? st->cap : MS_HTTP_BODY_MIN_CAP;
		while (cap < need && cap <= SIZE_MAX / 2)
			cap *= 2;
		if (cap < need || cap > max_body + 1)
			cap = max_body + 1;
		char *nb = realloc(st->body, cap);
		if (!nb)
			return false;
		st->body = nb;
		st->cap = cap;
	}
	memcpy(st->body + st->len, data, n);
	st->len += n;
	return true;
}

/* Content-Length as a number; false when absent or unparsable (MHD has
 * already rejected malformed values with 400 before calling us). */
static bool content_length(struct MHD_Connection *conn, unsigned long long *out)
{
	const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (!cl || *cl < '0' || *cl > '9')
		return false;
	errno = 0;
	char *end;
	unsigned long long v = strtoull(cl, &end, 10);
	if (errno == ERANGE)
		v = ULLONG_MAX;
	while (*end == ' ' || *end == '\t')
		end++;
	if (*end != '\0')
		return false;
	*out = v;
	return true;
}

static bool expects_continue(struct MHD_Connection *conn)
{
	const char *expect = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							 MHD_HTTP_HEADER_EXPECT);
	return expect && strcasecmp(expect, "100-continue") == 0;
}

/* MHD_OPTION_URI_LOG_CALLBACK: called once per request with the URI as
 * received. Marks a path (the part before '?') holding "%00". */
static void *uri_logger(void *cls, const char *uri, struct MHD_Connection *conn)
{
	(void)cls;
	(void)conn;
	if (uri && strlen(uri) > MS_HTTP_MAX_URI)
		return &long_uri_mark;
	for (const char *p = uri; p && *p && *p != '?'; p++)
		if (p[0] == '%' && p[1] == '0' && p[2] == '0')
			return &bad_path_mark;
	return NULL;
}

/* What the first call learns from the request's headers. */
struct header_scan {
	size_t size;          /* the header block, as "Name: value\r\n" lines */
	const char *length;   /* the first Content-Length */
	bool length_conflict; /* a later Content-Length says something else */
};

static enum MHD_Result scan_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct header_scan *h = cls;
	(void)kind;
	size_t kl = key ? strlen(key) : 0, vl = value ? strlen(value) : 0;
	h->size += kl + vl + 4;
	if (key && value && strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0) {
		if (!h->length)
			h->length = value;
		else if (strcmp(h->length, value) != 0)
			h->length_conflict = true;
	}
	return MHD_YES;
}

/* A request handed to wait_later: counted (until resumed, and until its
 * answer is sent), unless the server stops. */
static bool later_begin(struct ms_http_server *s)
{
	pthread_mutex_lock(&s->later_lock);
	bool go = !s->later_stopping;
	if (go) {
		s->later_pending++;
		s->unsent++;
	}
	pthread_mutex_unlock(&s->later_lock);
	return go;
}

/* A request about to be handed to a slow or wait thread: counted until its
 * answer is sent (a refused hand-off is uncounted by sent at once). */
static void unsent_count(struct ms_http_server *s)
{
	pthread_mutex_lock(&s->later_lock);
	s->unsent++;
	pthread_mutex_unlock(&s->later_lock);
}

/* wait_later's end of a request: its connection resumed (after which st
 * belongs to MHD's thread again, which queues the answer), and no longer
 * pending (s outlives the last: the stop waits for it). */
static void later_done(void *arg)
{
	struct req_state *st = arg;
	struct ms_http_server *s = st->srv;
	MHD_resume_connection(st->req.conn);
	pthread_mutex_lock(&s->later_lock);
	if (--s->later_pending == 0 && s->later_stopping)
		pthread_cond_broadcast(&s->later_none);
	pthread_mutex_unlock(&s->later_lock);
}

/* A request handed off is complete (its answer sent, or the connection
 * gone): no longer counted. Counted until then, not only until its thread
 * resumed it, so that a stop does not close a connection whose answer (a
 * ballot committed) is queued but not yet sent. */
static void sent(struct ms_http_server *s)
{
	pthread_mutex_lock(&s->later_lock);
	if (--s->unsent == 0 && s->later_stopping)
		pthread_cond_broadcast(&s->later_none);
	pthread_mutex_unlock(&s->later_lock);
}

/* The first call's refusals that do not depend on the body: two different
 * Content-Length headers (a request that two servers could read two ways),
 * a URI or a header block over the layer's limits. Queues the answer and
 * returns true when the request is refused. */
static bool refuse_early(struct MHD_Connection *conn, bool long_uri, enum MHD_Result *ret)
{
	struct header_scan h = {0};
	MHD_get_connection_values(conn, MHD_HEADER_KIND, scan_header, &h);
	struct ms_error e;
	if (h.length_conflict) {
		ms_fail(&e, MS_E_CONFLICTING_CONTENT_LENGTH, NULL);
		*ret = queue_json_error(conn, MHD_HTTP_BAD_REQUEST, &e);
	} else if (long_uri) {
		ms_failf(&e, MS_E_URI_TOO_LONG, NULL, MS_AI(MS_HTTP_MAX_URI));
		*ret = queue_json_error(conn, MHD_HTTP_URI_TOO_LONG, &e);
	} else if (h.size > MS_HTTP_MAX_HEADERS_SIZE) {
		ms_failf(&e, MS_E_HEADERS_TOO_LARGE, NULL, MS_AI(MS_HTTP_MAX_HEADERS_SIZE));
		*ret = queue_json_error(conn, MHD_HTTP_REQUEST_HEADER_FIELDS_TOO_LARGE, &e);
	} else {
		return false;
	}
	return true;
}

static enum MHD_Result access_handler(void *cls, struct MHD_Connection *conn,
				      const char *url, const char *method,
				      const char *version, const char *upload_data,
				      size_t *upload_data_size, void **con_cls)
{
	struct ms_http_server *s = cls;
	struct req_state *st = *con_cls;
	(void)version;

	if (!st || *con_cls == (void *)&bad_path_mark || *con_cls == (void *)&long_uri_mark) {
		bool bad_path = *con_cls == (void *)&bad_path_mark;
		bool long_uri = *con_cls == (void *)&long_uri_mark;
		ms_http_deadline_set(s->deadline, conn, false);
		st = calloc(1, sizeof *st);
		if (!st) {
			*con_cls = NULL;
			return MHD_NO;
		}
		*con_cls = st;
		st->bad_path = bad_path;
		st->max = s->body_limit ? s->body_limit(s->ctx, method, url) : 0;
		if (!st->max || st->max >= SIZE_MAX)
			st->max = s->max_body;
		/* Answered on the first call: MHD then drops any body and closes
		 * the connection. */
		enum MHD_Result ret;
		if (refuse_early(conn, long_uri, &ret)) {
			st->answered = true;
			return ret;
		}
		unsigned long long cl;
		if (content_length(conn, &cl) && cl > st->max) {
			st->too_large = true;
			/* The client waits for "100 Continue" before sending the
			 * body: answer now and it never sends it (MHD then skips
			 * the 100 and closes the connection after the 413).
			 * Otherwise drain the body and answer on the final call,
			 * so a client still writing does not get a reset. */
			if (expects_continue(conn)) {
				st->answered = true;
				return queue_too_large(conn, st->max);
			}
		}
		return MHD_YES;
	}

	if (*upload_data_size > 0) {
		size_t n = *upload_data_size;
		*upload_data_size = 0;
		if (st->answered)
			return MHD_YES;
		return body_append(st, upload_data, n) ? MHD_YES : MHD_NO;
	}

	/* Final call, or the call after a slow thread resumed the connection. */
	if (st->deferred) {
		st->deferred = false;
		return queue_answer(conn, &st->resp);
	}
	if (st->answered)
		return MHD_YES;
	st->answered = true;
	if (st->too_large)
		return queue_too_large(conn, st->max);
	if (st->bad_path) {
		struct ms_error e;
		ms_failf(&e, MS_E_INVALID_PATH, NULL, MS_AT("含有编码的 NUL 字节", "it holds an encoded NUL byte"));
		return queue_json_error(conn, MHD_HTTP_BAD_REQUEST, &e);
	}

	if (st->body)
		st->body[st->len] = '\0';
	st->req = (struct ms_http_request){
		.method = method,
		.path = url,
		.body = st->body ? st->body : "",
		.body_len = st->len,
		.conn = conn,
	};
	if (s->wait_later && s->is_wait && s->is_wait(s->ctx, &st->req) && later_begin(s)) {
		st->srv = s;
		st->counted = true;
		st->deferred = true;
		MHD_suspend_connection(conn); /* before it can end: its resume follows */
		s->wait_later(s->ctx, &st->req, &st->resp, later_done, st);
		return MHD_YES;
	}
	if (s->waiters && s->is_wait(s->ctx, &st->req)) {
		st->job.conn = conn;
		st->deferred = st->counted = true;
		unsent_count(s);
		if (ms_http_slow_submit(s->waiters, &st->job))
			return MHD_YES; /* suspended; slow_run() fills st->resp */
		st->deferred = st->counted = false; /* every wait thread busy, the queue full: here */
		sent(s);
	} else if (s->slow && s->is_slow(s->ctx, &st->req)) {
		st->job.conn = conn;
		st->deferred = st->counted = true;
		unsent_count(s);
		if (ms_http_slow_submit(s->slow, &st->job))
			return MHD_YES; /* suspended; slow_run() fills st->resp */
		st->deferred = st->counted = false;
		sent(s);
		st->req.overloaded = true;
	}
	s->handler(s->ctx, &st->req, &st->resp);
	return queue_answer(conn, &st->resp);
}

/* A slow thread's work: the handler, then resume the connection (after
 * which st belongs to MHD's thread again). */
static void slow_run(void *ctx, struct ms_http_slow_job *job, bool late)
{
	struct ms_http_server *s = ctx;
	struct req_state *st = (struct req_state *)(void *)((char *)job - offsetof(struct req_state, job));
	struct MHD_Connection *conn = job->conn;
	st->req.overloaded = late;
	s->handler(s->ctx, &st->req, &st->resp);
	MHD_resume_connection(conn);
}

static void request_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			      enum MHD_RequestTerminationCode toe)
{
	(void)toe;
	ms_http_deadline_set(((struct ms_http_server *)cls)->deadline, conn, true);
	struct req_state *st = *con_cls;
	if (st && *con_cls != (void *)&bad_path_mark && *con_cls != (void *)&long_uri_mark) {
		if (st->counted)
			sent(cls);
		ms_http_response_fini(&st->resp);
		free(st->body);
		free(st);
		*con_cls = NULL;
	}
}

/* ------------------------------------------------------------------ start */

static unsigned connection_limit(unsigned threads)
{
	unsigned limit = MS_HTTP_CONN_LIMIT;
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
		/* Keep some descriptors for the database, logs and the like: 64, or
		 * half of a small limit. */
		rlim_t room = rl.rlim_cur > 128 ? rl.rlim_cur - 64 : rl.rlim_cur / 2;
		if (room < limit)
			limit = (unsigned)room;
	}
	return limit < threads ? threads : limit;
}

static const char *bind_reason(int err, char *buf, size_t cap)
{
	switch (err) {
	case EADDRINUSE: return "address in use";
	case EACCES: return "permission denied";
	case EADDRNOTAVAIL: return "address not available on this host";
	default:
		if (strerror_r(err, buf, cap) != 0)
			snprintf(buf, cap, "error %d", err);
		return buf;
	}
}

/* MHD_start_daemon() failed and its errno is not reliable: bind and listen
 * a socket ourselves to learn why. Returns an errno value, or 0 when the
 * address looks fine (then the cause is elsewhere, e.g. out of memory). */
static int diagnose_bind(const struct sockaddr_in *sa)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return errno;
	int one = 1;
	int err = 0;
	/* MHD sets SO_REUSEADDR too, so TIME_WAIT does not count as in use. */
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (const struct sockaddr *)sa, sizeof *sa) != 0 || listen(fd, 1) != 0)
		err = errno;
	close(fd);
	return err;
}

/* libmicrohttpd, loaded when the first server starts (mhd_lazy.h). */
MS_LAZY_LIBRARY(mhd, MS_MHD_FNS, MS_MHD_SONAME);

int ms_mhd_load(struct ms_error *e)
{
	return ms_lazy_require(&mhd, e);
}

int ms_http_start(const struct ms_http_config *cfg, struct ms_http_server **out, struct ms_error *e)
{
	if (out)
		*out = NULL;
	if (!cfg || !out || !cfg->handler || cfg->threads < 1 || cfg->max_body == SIZE_MAX)
		return ms_fail(e, MS_E_INVALID_CONFIG, NULL);
	int lrc = ms_mhd_load(e);
	if (lrc)
		return lrc;
	const char *host = cfg->host ? cfg->host : "127.0.0.1";
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons(cfg->port);
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1)
		return ms_failf(e, MS_E_BAD_LISTEN_ADDRESS, "host", MS_AS(host));

	struct ms_http_server *s = calloc(1, sizeof *s);
	if (!s)
		return ms_nomem(e);
	s->handler = cfg->handler;
	s->ctx = cfg->ctx;
	s->is_slow = cfg->slow;
	s->is_wait = cfg->wait;
	s->wait_later = cfg->wait_later;
	s->stop_wait_s = cfg->timeout_s ? cfg->timeout_s : MS_HTTP_DEFAULT_TIMEOUT_S;
	pthread_mutex_init(&s->later_lock, NULL);
	pthread_cond_init(&s->later_none, NULL);
	s->body_limit = cfg->body_limit;
	s->max_body = cfg->max_body;

	unsigned timeout = cfg->timeout_s ? cfg->timeout_s : MS_HTTP_DEFAULT_TIMEOUT_S;
	int rc = cfg->header_timeout_s > 0 ? ms_http_deadline_start((uint64_t)cfg->header_timeout_s * 1000u,
								  (uint64_t)timeout * 1000u, &s->deadline, e)
					   : 0;
	if (!rc && cfg->slow && cfg->slow_threads > 0)
		rc = ms_http_slow_start(cfg->slow_threads, cfg->slow_nice, cfg->slow_threads * MS_HTTP_SLOW_QUEUE_PER_THREAD,
					MS_HTTP_SLOW_WAIT_MS, slow_run, s, &s->slow, e);
	if (!rc && cfg->wait && cfg->wait_threads > 0)
		/* the slow threads' work, never late but at a stop (the wait is unbounded) */
		rc = ms_http_slow_start(cfg->wait_threads, 0, MS_HTTP_WAIT_QUEUE, UINT64_MAX / 2, slow_run, s,
					&s->waiters, e);
	if (rc) {
		ms_http_slow_free(s->slow);
		ms_http_deadline_stop(s->deadline);
		pthread_cond_destroy(&s->later_none);
		pthread_mutex_destroy(&s->later_lock);
		free(s);
		return rc;
	}
	s->daemon = MHD_start_daemon(
		MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME,
		cfg->port /* binding uses MHD_OPTION_SOCK_ADDR; MHD logs this one */,
		NULL, NULL,
		access_handler, s,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)timeout,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned int)connection_limit(cfg->threads),
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)MS_HTTP_CONN_MEMORY,
		MHD_OPTION_NOTIFY_COMPLETED, (MHD_RequestCompletedCallback)request_completed, (void *)s,
		MHD_OPTION_NOTIFY_CONNECTION, (MHD_NotifyConnectionCallback)ms_http_deadline_notify,
		(void *)s->deadline,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)cfg->per_ip_limit,
		MHD_OPTION_URI_LOG_CALLBACK, uri_logger, (void *)NULL,
		/* Last: MHD warns about a pool of one thread, so then end here. */
		cfg->threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END,
		(unsigned int)cfg->threads,
		MHD_OPTION_END);
	if (!s->daemon) {
		ms_http_slow_free(s->slow);
		ms_http_slow_free(s->waiters);
		ms_http_deadline_stop(s->deadline);
		pthread_cond_destroy(&s->later_none);
		pthread_mutex_destroy(&s->later_lock);
		free(s);
		int err = diagnose_bind(&sa);
		char why[128];
		if (err)
			return ms_error_set(e, MS_ERR_IO, NULL, NULL, "cannot listen on %s:%u: %s",
					    host, (unsigned)cfg->port,
					    bind_reason(err, why, sizeof why));
		return ms_error_set(e, MS_ERR_IO, NULL, NULL,
				    "cannot start the HTTP server on %s:%u (see the libmicrohttpd log)",
				    host, (unsigned)cfg->port);
	}

	const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : 0;
	if (s->port == 0) {
		/* Fall back to the listen socket itself. */
		info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_LISTEN_FD);
		struct sockaddr_in bound;
		socklen_t len = sizeof bound;
		if (info && getsockname(info->listen_fd, (struct sockaddr *)&bound, &len) == 0 &&
		    bound.sin_family == AF_INET)
			s->port = ntohs(bound.sin_port);
	}
	*out = s;
	return 0;
}

uint16_t ms_http_port(const struct ms_http_server *s)
{
	return s ? s->port : 0;
}

void ms_http_stop(struct ms_http_server *s)
{
	if (!s)
		return;
	ms_http_slow_drain(s->slow); /* no connection may stay suspended */
	ms_http_slow_drain(s->waiters);
	/* and every answer handed off is sent before the connections close —
	 * for as long as an idle connection may live: a client that reads
	 * its answer a byte a minute does not hold the stop for ever */
	pthread_mutex_lock(&s->later_lock);
	s->later_stopping = true;
	while (s->later_pending) /* none may stay suspended */
		pthread_cond_wait(&s->later_none, &s->later_lock);
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += (time_t)s->stop_wait_s;
	while (s->unsent && pthread_cond_timedwait(&s->later_none, &s->later_lock, &until) != ETIMEDOUT)
		;
	pthread_mutex_unlock(&s->later_lock);
	MHD_stop_daemon(s->daemon);
	ms_http_slow_free(s->slow);
	ms_http_slow_free(s->waiters);
	ms_http_deadline_stop(s->deadline);
	pthread_cond_destroy(&s->later_none);
	pthread_mutex_destroy(&s->later_lock);
	free(s);
}
