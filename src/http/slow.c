/*
 * slow.c — a queue and a few threads for slow requests; see slow.h.
 *
 * The threads lower their own CPU priority (Linux's nice is per thread):
 * the work they do is a password hash, which nobody waits on as urgently as
 * a deputy on their ballot, and on a machine with as many hashes as cores
 * the workers would otherwise share the CPU with them. Nothing waits for a
 * slow thread but the suspended connection it serves, so a starved hash
 * delays only its own login (the queue's wait limit bounds even that).
 */
#define _GNU_SOURCE
#include "slow.h"
#include "mhd_lazy.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

struct ms_http_slow {
	pthread_mutex_t lock;
	pthread_cond_t more;
	struct ms_http_slow_job *head, *tail;
	unsigned queued, max_queue;
	uint64_t wait_ms;
	bool stopping;
	int nice;
	ms_http_slow_run_fn run;
	void *ctx;
	unsigned n_threads;
	bool joined;
	pthread_t *threads;
};

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void *slow_thread(void *arg)
{
	struct ms_http_slow *p = arg;
	if (p->nice > 0)
		(void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), p->nice);
	for (;;) {
		pthread_mutex_lock(&p->lock);
		while (!p->head && !p->stopping)
			pthread_cond_wait(&p->more, &p->lock);
		struct ms_http_slow_job *job = p->head;
		if (!job) { /* stopping and nothing left */
			pthread_mutex_unlock(&p->lock);
			return NULL;
		}
		p->head = job->next;
		if (!p->head)
			p->tail = NULL;
		p->queued--;
		bool late = p->stopping || now_ms() - job->queued_ms > p->wait_ms;
		pthread_mutex_unlock(&p->lock);
		p->run(p->ctx, job, late);
	}
}

int ms_http_slow_start(unsigned threads, int nice, unsigned max_queue, uint64_t wait_ms, ms_http_slow_run_fn run,
		       void *ctx, struct ms_http_slow **out, struct ms_error *e)
{
	*out = NULL;
	struct ms_http_slow *p = calloc(1, sizeof *p);
	if (!p || !(p->threads = calloc(threads ? threads : 1, sizeof *p->threads))) {
		free(p);
		return ms_nomem(e);
	}
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->more, NULL);
	p->max_queue = max_queue;
	p->wait_ms = wait_ms;
	p->nice = nice < 0 ? 0 : nice > 19 ? 19 : nice;
	p->run = run;
	p->ctx = ctx;
	for (; p->n_threads < threads; p->n_threads++)
		if (pthread_create(&p->threads[p->n_threads], NULL, slow_thread, p) != 0) {
			ms_http_slow_free(p);
			return ms_error_set(e, MS_ERR_IO, NULL, NULL, "cannot start the threads for slow requests");
		}
	*out = p;
	return 0;
}

bool ms_http_slow_submit(struct ms_http_slow *p, struct ms_http_slow_job *job)
{
	pthread_mutex_lock(&p->lock);
	bool room = !p->stopping && p->queued < p->max_queue;
	if (room) {
		/* Suspended before any thread can see the job, so its resume
		 * always follows this suspend. */
		MHD_suspend_connection(job->conn);
		job->next = NULL;
		job->queued_ms = now_ms();
		if (p->tail)
			p->tail->next = job;
		else
			p->head = job;
		p->tail = job;
		p->queued++;
	}
	pthread_mutex_unlock(&p->lock);
	/* After the unlock: a thread woken while the lock is held would wake
	 * only to wait for it (the condition lives as long as the pool). */
	if (room)
		pthread_cond_signal(&p->more);
	return room;
}

void ms_http_slow_drain(struct ms_http_slow *p)
{
	if (!p || p->joined)
		return;
	pthread_mutex_lock(&p->lock);
	p->stopping = true;
	pthread_cond_broadcast(&p->more);
	pthread_mutex_unlock(&p->lock);
	for (unsigned i = 0; i < p->n_threads; i++)
		pthread_join(p->threads[i], NULL);
	p->joined = true;
}

void ms_http_slow_free(struct ms_http_slow *p)
{
	if (!p)
		return;
	ms_http_slow_drain(p);
	pthread_cond_destroy(&p->more);
	pthread_mutex_destroy(&p->lock);
	free(p->threads);
	free(p);
}
