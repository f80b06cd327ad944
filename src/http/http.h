/*
 * http.h — Minsheng's HTTP server layer on libmicrohttpd.
 *
 * It owns the daemon (epoll, internal thread pool), collects each request's
 * body up to a hard maximum (answering 413 with the JSON error body when the
 * body is larger — by Content-Length on the first call or by counting bytes),
 * then calls the application's handler once with the whole request, and
 * queues the response the handler filled. It knows nothing of routes, the
 * store or JSON schemas; the api module does.
 *
 * Slow requests: a request the application's `slow` hook names (one that
 * hashes a password or decodes a photo, tens of milliseconds to a second of
 * a core) is not handled on the
 * worker that read it. libmicrohttpd binds each connection to one worker,
 * so a worker busy hashing would hold up every other connection it serves —
 * the ballots of deputies who happen to share it. The layer suspends the
 * connection, queues the request for a small pool of its own threads (run
 * at a lower CPU priority), and resumes the connection with the answer. A
 * request that finds the queue full, or waits in it longer than
 * MS_HTTP_SLOW_WAIT_MS, is handled with `overloaded` set: the handler then
 * answers at once (503) without the slow work.
 *
 * Waiting requests: a request the application's `wait` hook names (one that
 * mostly waits for others' work: a ballot, for its group's commit and sync)
 * goes the same way to a second pool, the wait threads, at normal priority;
 * it is never refused for its time in the queue — only when the server
 * stops is one still queued handled with `overloaded` set — and when every
 * wait thread is busy and MS_HTTP_WAIT_QUEUE wait, it runs on its worker.
 * With `wait_later`, such a request goes to it instead, with no thread
 * waiting: its connection is suspended until the application says it is
 * done; the stop waits for every one (and hands none to it once begun: a
 * request then runs on its worker).
 *
 * Thread-safety: the handler is called concurrently from the worker threads,
 * the slow threads and the wait threads; wait_later from the workers.
 */
#ifndef MS_HTTP_H
#define MS_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "../core/err.h"

struct MHD_Connection;

struct ms_http_request {
	const char *method;      /* "GET", "POST", ... */
	const char *path;        /* URL path, percent-decoded by MHD, no query string; never
				  * cut short by a decoded NUL (the layer answers 400 to a
				  * path holding "%00" without calling the handler) */
	const char *body;        /* NUL-terminated copy of the body (body[body_len] == 0); "" when none */
	size_t body_len;
	struct MHD_Connection *conn; /* for the lookups below */
	bool overloaded;         /* a slow request that could not be run off the workers in time:
				  * answer it at once, without the slow work (503) */
};

/* Request header (case-insensitive name), cookie, or query-string argument;
 * NULL when absent. Valid until the handler returns. */
const char *ms_http_header(const struct ms_http_request *r, const char *name);
const char *ms_http_cookie(const struct ms_http_request *r, const char *name);
const char *ms_http_query(const struct ms_http_request *r, const char *name);
/* The peer address as text ("127.0.0.1"), written into buf. */
void ms_http_peer(const struct ms_http_request *r, char *buf, size_t cap);

#define MS_HTTP_MAX_HEADERS 16

/* A stream's reader, with the signature of libmicrohttpd's content reader
 * (pos: bytes sent so far; at most max bytes into buf): the bytes written,
 * 0 after suspending the connection (nothing to send yet), or -1 to end
 * the stream. */
typedef ssize_t (*ms_http_stream_read_fn)(void *stream, uint64_t pos, char *buf, size_t max);

/* What the handler fills. body is malloc'd and owned by the response
 * (ms_http_server frees it after queuing); headers are copied. Instead of a
 * body, the response may own an open file (has_fd): its first fd_size bytes
 * are sent (sendfile where possible) and it is closed after sending. */
struct ms_http_response {
	unsigned status;
	char *body;
	size_t body_len;
	bool has_fd;
	int fd;
	uint64_t fd_size;
	/* Or a stream of unknown length (events.c): read by read, freed by
	 * done once the response ends (or by ms_http_response_fini if it was
	 * never sent). */
	void *stream;
	ms_http_stream_read_fn stream_read;
	void (*stream_done)(void *stream);
	char content_type[96];
	unsigned n_headers;
	char *header_names[MS_HTTP_MAX_HEADERS];
	char *header_values[MS_HTTP_MAX_HEADERS];
};

/* Set the body to a malloc'd, NUL-terminated copy of data (len bytes) with
 * the given type, freeing any body set before. Returns 0, MS_ERR_NOMEM, or
 * MS_ERR_INTERNAL for a length of SIZE_MAX or NULL data with a length. */
int ms_http_response_set(struct ms_http_response *resp, unsigned status,
			 const char *content_type, const char *data, size_t len);
/* Take ownership of a malloc'd body (e.g. from json_dumps). */
void ms_http_response_take(struct ms_http_response *resp, unsigned status,
			   const char *content_type, char *body, size_t len);
/* Answer the first size bytes of the open file fd (taken: closed by the
 * response whatever happens), freeing any body or file set before. */
void ms_http_response_file(struct ms_http_response *resp, unsigned status,
			   const char *content_type, int fd, uint64_t size);
/* Answer with a stream (taken: done(stream) is called whatever happens),
 * freeing any body or file set before. */
void ms_http_response_stream(struct ms_http_response *resp, unsigned status, const char *content_type,
			     void *stream, ms_http_stream_read_fn read, void (*done)(void *stream));
/* Add a header (e.g. "Set-Cookie"); copies both. 0, MS_ERR_NOMEM, or
 * MS_ERR_INTERNAL when MS_HTTP_MAX_HEADERS are already set, the name is not
 * a token or the value holds CR or LF (no header injection). */
int ms_http_response_header(struct ms_http_response *resp, const char *name, const char *value);
/* Drop the headers added after the first n (an answer that failed half-way
 * takes back what it had set). */
void ms_http_response_headers_keep(struct ms_http_response *resp, unsigned n);
/* Free body, file and headers; resets *resp. */
void ms_http_response_fini(struct ms_http_response *resp);
/* Whether a request's If-None-Match (a list of entity tags or "*"; NULL:
 * absent, never a match) matches etag (quoted, as sent in ETag), by the
 * weak comparison RFC 9110 prescribes for it: the answer is then 304. */
bool ms_http_etag_matches(const char *if_none_match, const char *etag);

typedef void (*ms_http_handler_fn)(void *ctx, const struct ms_http_request *req,
				   struct ms_http_response *resp);
/* The largest body this request may send (0: the server's max_body);
 * asked when its header has arrived. */
typedef size_t (*ms_http_body_limit_fn)(void *ctx, const char *method, const char *url);
/* Whether the request is slow work that should leave the workers. */
typedef bool (*ms_http_slow_fn)(void *ctx, const struct ms_http_request *req);

/* Longest wait in the slow queue; the request is then answered overloaded. */
#define MS_HTTP_SLOW_WAIT_MS 10000u
/* Requests waiting in the slow queue, per slow thread; beyond it, overloaded. */
#define MS_HTTP_SLOW_QUEUE_PER_THREAD 16u

/* A request's end, told by a handler that answers later (ms_http_later_fn). */
typedef void (*ms_http_done_fn)(void *arg);
/* A handler that may answer after it returns: it fills resp, then calls
 * done(arg) exactly once, on any thread, maybe before it returns; req and
 * resp live until then. */
typedef void (*ms_http_later_fn)(void *ctx, const struct ms_http_request *req, struct ms_http_response *resp,
				 ms_http_done_fn done, void *arg);

struct ms_http_config {
	const char *host;        /* IPv4 literal to bind, e.g. "127.0.0.1"; "0.0.0.0" for all */
	uint16_t port;           /* 0: pick a free port (see ms_http_port) */
	unsigned threads;        /* pool size, >= 1 */
	size_t max_body;         /* bytes; larger bodies get 413 */
	unsigned timeout_s;      /* idle connection timeout */
	unsigned header_timeout_s; /* a request's header must be complete this long after the
				    * connection opened (later requests: timeout_s after the
				    * previous one ended), else the connection is closed; 0: none */
	unsigned per_ip_limit;   /* connections at once from one client address (more are
				  * closed at once, unanswered); 0: no limit */
	ms_http_handler_fn handler;
	void *ctx;
	ms_http_body_limit_fn body_limit; /* NULL: max_body for every request */
	ms_http_slow_fn slow;    /* NULL: every request is handled on the workers */
	unsigned slow_threads;   /* threads for slow requests (0: none, slow is then ignored) */
	int slow_nice;           /* their nice value, 0..19 (higher: yield the CPU to the workers) */
	ms_http_slow_fn wait;    /* requests that mostly wait (a ballot, for its group's commit and sync):
				  * NULL, every one on the workers */
	unsigned wait_threads;   /* threads that run them, so that a worker is never held while one
				  * waits (0: none, wait is then ignored unless wait_later is set);
				  * when all are busy and MS_HTTP_WAIT_QUEUE more wait, the request
				  * runs on its worker. Not used when wait_later is set. */
	ms_http_later_fn wait_later; /* NULL; else the wait requests go to it, not to wait threads: their
				      * connection is suspended until it is done, and no thread waits */
};
/* Requests queued for the wait threads, at most. */
#define MS_HTTP_WAIT_QUEUE 4096u

struct ms_http_server;

/* Start listening. 0 and *out; MS_ERR_INVALID for a configuration without a
 * handler or threads (invalid_config) or a host that is not an IPv4
 * literal (bad_listen_address); MS_ERR_IO when it cannot bind or start;
 * MS_ERR_NOMEM. */
int ms_http_start(const struct ms_http_config *cfg, struct ms_http_server **out, struct ms_error *e);
/* The port actually bound. */
uint16_t ms_http_port(const struct ms_http_server *s);
/* Stop and free; NULL is a no-op. */
void ms_http_stop(struct ms_http_server *s);

#endif
