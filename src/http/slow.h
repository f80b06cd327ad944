/*
 * slow.h — the threads that run slow requests off libmicrohttpd's workers
 * (internal to src/http; see "Slow requests" in http.h).
 *
 * http.c embeds a struct ms_http_slow_job in each request's state. submit()
 * suspends the connection and queues the job; a slow thread later calls
 * run(job, late) — late when the job waited longer than the pool's wait
 * limit or the pool is stopping — and run() resumes the connection. A job
 * is never touched by the pool once run() has been called.
 *
 * Thread-safety: submit() from any worker at once; start and stop from one
 * thread.
 */
#ifndef MS_HTTP_SLOW_H
#define MS_HTTP_SLOW_H

#include <microhttpd.h>
#include <stdbool.h>
#include <stdint.h>

#include "../core/err.h"

struct ms_http_slow_job {
	struct ms_http_slow_job *next;
	struct MHD_Connection *conn;
	uint64_t queued_ms;
};

typedef void (*ms_http_slow_run_fn)(void *ctx, struct ms_http_slow_job *job, bool late);

struct ms_http_slow;

/* Start `threads` threads at nice `nice` (0..19; a thread that cannot lower
 * its priority runs at the process's); at most max_queue jobs wait, none
 * longer than wait_ms. 0 and *out; MS_ERR_NOMEM or MS_ERR_IO. */
int ms_http_slow_start(unsigned threads, int nice, unsigned max_queue, uint64_t wait_ms, ms_http_slow_run_fn run,
		       void *ctx, struct ms_http_slow **out, struct ms_error *e);
/* Suspend job->conn and queue the job (call from MHD's access handler,
 * which then returns MHD_YES without an answer). False, and nothing done,
 * when the queue is full or the pool stopping: handle the request now. */
bool ms_http_slow_submit(struct ms_http_slow *p, struct ms_http_slow_job *job);
/* Refuse new jobs, run what is queued (late), wait for every job in
 * progress and stop the threads; call before MHD_stop_daemon
 * (libmicrohttpd refuses to stop with a connection still suspended).
 * submit() may still be called, and refuses. NULL is a no-op. */
void ms_http_slow_drain(struct ms_http_slow *p);
/* Drain if not done, and free; after MHD_stop_daemon. NULL is a no-op. */
void ms_http_slow_free(struct ms_http_slow *p);

#endif
