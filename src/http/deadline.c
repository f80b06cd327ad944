/*
 * deadline.c — the deadline for a request's header; see deadline.h.
 *
 * Every connection is listed from MHD_CONNECTION_NOTIFY_STARTED to _CLOSED
 * (its socket_context). MHD calls _CLOSED before it closes the socket, and
 * the watchdog touches a descriptor only under the lock that _CLOSED takes,
 * so a listed descriptor is always still this connection's. A connection
 * waits from its start, and again from the end of each request, until the
 * access handler's first call. The watchdog wakes every
 * MS_DEADLINE_TICK_MS and shuts down the socket of a connection that waited
 * longer than first_ms for its first request, or later_ms for a later one
 * (a kept-alive connection may idle as long as the idle timeout lets it);
 * MHD then reads the end of the connection and closes it. No answer is
 * sent: a client that has not finished its header may not be reading.
 */
#include "deadline.h"
#include "mhd_lazy.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#define MS_DEADLINE_TICK_MS 250

/* One open connection, in the list while it lives. */
struct conn_watch {
	struct conn_watch *prev, *next;
	int fd;
	bool waiting;      /* between requests or reading a request's header */
	bool served;       /* a request of this connection has had its header */
	bool cut;          /* the watchdog shut the socket down */
	uint64_t since_ms; /* when the wait began (CLOCK_MONOTONIC) */
};

struct ms_http_deadline {
	uint64_t first_ms, later_ms;
	pthread_mutex_t lock; /* guards the list, every conn_watch and stop */
	pthread_cond_t wake;
	struct conn_watch *conns;
	bool stop;
	pthread_t thread;
};

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

void ms_http_deadline_set(struct ms_http_deadline *d, struct MHD_Connection *conn, bool waiting)
{
	if (!d)
		return;
	const union MHD_ConnectionInfo *info = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct conn_watch *w = info ? info->socket_context : NULL;
	if (!w)
		return;
	pthread_mutex_lock(&d->lock);
	if (!waiting)
		w->served = true;
	w->waiting = waiting;
	w->since_ms = now_ms();
	pthread_mutex_unlock(&d->lock);
}

void ms_http_deadline_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
			     enum MHD_ConnectionNotificationCode toe)
{
	struct ms_http_deadline *d = cls;
	if (!d)
		return;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *info = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		struct conn_watch *w = info ? calloc(1, sizeof *w) : NULL;
		*socket_context = w;
		if (!w)
			return; /* not watched: the idle timeout still applies */
		w->fd = info->connect_fd;
		w->waiting = true;
		w->since_ms = now_ms();
		pthread_mutex_lock(&d->lock);
		w->next = d->conns;
		if (d->conns)
			d->conns->prev = w;
		d->conns = w;
		pthread_mutex_unlock(&d->lock);
		return;
	}
	struct conn_watch *w = *socket_context;
	if (!w)
		return;
	pthread_mutex_lock(&d->lock);
	if (w->prev)
		w->prev->next = w->next;
	else
		d->conns = w->next;
	if (w->next)
		w->next->prev = w->prev;
	pthread_mutex_unlock(&d->lock);
	free(w);
	*socket_context = NULL;
}

static void *watchdog(void *arg)
{
	struct ms_http_deadline *d = arg;
	pthread_mutex_lock(&d->lock);
	while (!d->stop) {
		uint64_t now = now_ms();
		for (struct conn_watch *w = d->conns; w; w = w->next) {
			uint64_t limit = w->served ? d->later_ms : d->first_ms;
			if (w->waiting && !w->cut && now - w->since_ms > limit) {
				w->cut = true;
				(void)shutdown(w->fd, SHUT_RDWR);
			}
		}
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += MS_DEADLINE_TICK_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		(void)pthread_cond_timedwait(&d->wake, &d->lock, &until);
	}
	pthread_mutex_unlock(&d->lock);
	return NULL;
}

int ms_http_deadline_start(uint64_t first_ms, uint64_t later_ms, struct ms_http_deadline **out,
			   struct ms_error *e)
{
	*out = NULL;
	struct ms_http_deadline *d = calloc(1, sizeof *d);
	if (!d)
		return ms_nomem(e);
	d->first_ms = first_ms;
	d->later_ms = later_ms > first_ms ? later_ms : first_ms;
	if (pthread_mutex_init(&d->lock, NULL) != 0) {
		free(d);
		return ms_nomem(e);
	}
	if (pthread_cond_init(&d->wake, NULL) != 0) {
		pthread_mutex_destroy(&d->lock);
		free(d);
		return ms_nomem(e);
	}
	if (pthread_create(&d->thread, NULL, watchdog, d) != 0) {
		pthread_cond_destroy(&d->wake);
		pthread_mutex_destroy(&d->lock);
		free(d);
		return ms_error_set(e, MS_ERR_IO, NULL, NULL, "cannot start the header deadline's thread");
	}
	*out = d;
	return 0;
}

void ms_http_deadline_stop(struct ms_http_deadline *d)
{
	if (!d)
		return;
	pthread_mutex_lock(&d->lock);
	d->stop = true;
	pthread_cond_signal(&d->wake);
	pthread_mutex_unlock(&d->lock);
	pthread_join(d->thread, NULL);
	/* MHD_stop_daemon reported every connection closed; free any left. */
	while (d->conns) {
		struct conn_watch *w = d->conns;
		d->conns = w->next;
		free(w);
	}
	pthread_cond_destroy(&d->wake);
	pthread_mutex_destroy(&d->lock);
	free(d);
}
