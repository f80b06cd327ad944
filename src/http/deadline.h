/*
 * deadline.h — the deadline for a request's header (internal to src/http).
 *
 * libmicrohttpd 0.9.75's MHD_OPTION_CONNECTION_TIMEOUT counts from the last
 * byte received, so a client that sends one header byte every few seconds
 * holds its connection for ever. This module lists every connection (MHD's
 * connection notifications) and, from a watchdog thread, closes the socket
 * of one whose request header is not complete in time. http.c calls
 * ms_http_deadline_set() at the access handler's first call (the header is
 * complete) and when a request completes (the next one's wait begins).
 *
 * Thread-safety: every function but _start and _stop may be called from
 * any of MHD's threads at once.
 */
#ifndef MS_HTTP_DEADLINE_H
#define MS_HTTP_DEADLINE_H

#include <microhttpd.h>
#include <stdbool.h>
#include <stdint.h>

#include "../core/err.h"

struct ms_http_deadline;

/* Start the watchdog: a connection's first request header must be complete
 * first_ms after the connection opened, a later one later_ms after the
 * previous request ended. 0 and *out; MS_ERR_NOMEM or MS_ERR_IO (no
 * thread). */
int ms_http_deadline_start(uint64_t first_ms, uint64_t later_ms, struct ms_http_deadline **out,
			   struct ms_error *e);
/* Stop the thread and free; call after MHD_stop_daemon (every connection is
 * closed then). NULL is a no-op. */
void ms_http_deadline_stop(struct ms_http_deadline *d);
/* MHD_OPTION_NOTIFY_CONNECTION with d as its closure (d may be NULL: then
 * nothing is watched). */
void ms_http_deadline_notify(void *d, struct MHD_Connection *conn, void **socket_context,
			     enum MHD_ConnectionNotificationCode toe);
/* The connection waits for a request header (true) or has one (false).
 * NULL d is a no-op. */
void ms_http_deadline_set(struct ms_http_deadline *d, struct MHD_Connection *conn, bool waiting);

#endif
