/*
 * live.c — the live count of a poll set up for it (live.h): each node's
 * totals in memory, this node's counted at each ballot's commit, the other
 * nodes' as their messages tell them.
 *
 * A node's ballots are added up in batches: its totals change — on its own
 * screens and in its messages — only once MS_LIVE_BATCH more ballots have
 * come in, so no figure anywhere ever moves by fewer than that many
 * ballots of one node (live.h).
 *
 * A message: "live POLL NODE SEQ BALLOTS ID:APPROVE:OPPOSE …" — NODE a
 * random 64-bit number in hex drawn when this program starts, SEQ rising
 * with each change of the node's totals (an older message never replaces a
 * newer one), then one triple per candidate. A node's totals not heard of
 * for EXPIRE_S are dropped (the node stopped, or the poll closed).
 */
#include "live.h"

#include <inttypes.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vote.h"

#define ENTRIES_MAX 1024 /* nodes × live polls open at once */
#define RESEND_S 5       /* an open poll's totals are sent again this often, for a node that restarted */
#define EXPIRE_S 15      /* another node's totals not heard of for this long are dropped */
#define BALLOTS_MAX 100000000LL /* a node's ballots in one poll, at most (the sums never overflow) */

struct entry {
	int64_t poll;
	uint64_t node, seq;
	size_t n;
	int64_t *ids;            /* n */
	int64_t ballots;         /* the totals shown and sent */
	int64_t *approve, *oppose;
	int64_t p_ballots;       /* this node's: counted, not yet in a batch */
	int64_t *p_approve, *p_oppose;
	bool dirty;              /* this node's: totals changed since last sent */
	long long at;            /* this node's: when last sent; another's: when last heard (monotonic s) */
};

static long long now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec;
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct entry *entries[ENTRIES_MAX];
static size_t n_entries;
static uint64_t self;
static pthread_once_t self_once = PTHREAD_ONCE_INIT;

static void draw_self(void)
{
	while (!self)
		randombytes_buf(&self, sizeof self);
}

static uint64_t node_self(void)
{
	pthread_once(&self_once, draw_self);
	return self;
}

static void entry_free(struct entry *x)
{
	if (!x)
		return;
	free(x->ids);
	free(x->approve);
	free(x->oppose);
	free(x->p_approve);
	free(x->p_oppose);
	free(x);
}

/* A new entry with n candidates (zeroed counts), kept in the table; NULL
 * when the table is full or memory is not. Under lock. */
static struct entry *entry_new(int64_t poll, uint64_t node, size_t n)
{
	if (n_entries == ENTRIES_MAX) {
		static bool said;
		if (!said)
			fprintf(stderr, "minsheng: live count: %d totals held, no room for more (poll %" PRId64 ")\n",
				ENTRIES_MAX, poll);
		said = true;
		return NULL;
	}
	struct entry *x = calloc(1, sizeof *x);
	if (!x)
		return NULL;
	x->poll = poll, x->node = node, x->n = n;
	x->ids = calloc(n + 1, sizeof *x->ids);
	x->approve = calloc(n + 1, sizeof *x->approve);
	x->oppose = calloc(n + 1, sizeof *x->oppose);
	x->p_approve = calloc(n + 1, sizeof *x->p_approve);
	x->p_oppose = calloc(n + 1, sizeof *x->p_oppose);
	x->at = now_s();
	if (!x->ids || !x->approve || !x->oppose || !x->p_approve || !x->p_oppose) {
		entry_free(x);
		return NULL;
	}
	entries[n_entries++] = x;
	return x;
}

static struct entry *entry_find(int64_t poll, uint64_t node)
{
	for (size_t i = 0; i < n_entries; i++)
		if (entries[i]->poll == poll && entries[i]->node == node)
			return entries[i];
	return NULL;
}

static size_t index_of(const struct entry *x, int64_t id)
{
	for (size_t i = 0; i < x->n; i++)
		if (x->ids[i] == id)
			return i;
	return x->n;
}

/* ---- this node's ballots, at their commit ---- */

struct pending {
	int64_t poll;
	size_t n_cand, na, n;
	int64_t *cand; /* the poll's candidates */
	int64_t *ids;  /* the ballot: na approved, then the opposed */
};

static void pending_free(struct pending *b)
{
	free(b->cand);
	free(b->ids);
	free(b);
}

static void at_commit(void *arg, bool committed)
{
	struct pending *b = arg;
	if (committed) {
		pthread_mutex_lock(&lock);
		struct entry *x = entry_find(b->poll, node_self());
		if (!x && (x = entry_new(b->poll, node_self(), b->n_cand)))
			memcpy(x->ids, b->cand, b->n_cand * sizeof *b->cand);
		if (x) {
			x->p_ballots++;
			for (size_t i = 0; i < b->n; i++) {
				size_t k = index_of(x, b->ids[i]);
				if (k < x->n)
					(i < b->na ? x->p_approve : x->p_oppose)[k]++;
			}
			if (x->p_ballots >= MS_LIVE_BATCH) { /* a whole batch: into the totals */
				x->ballots += x->p_ballots;
				for (size_t k = 0; k < x->n; k++) {
					x->approve[k] += x->p_approve[k];
					x->oppose[k] += x->p_oppose[k];
					x->p_approve[k] = x->p_oppose[k] = 0;
				}
				x->p_ballots = 0;
				x->seq++;
				x->dirty = true;
			}
		}
		pthread_mutex_unlock(&lock);
	}
	pending_free(b);
}

int ms_live_add_at_commit(struct ms_db *db, const struct ms_poll *p, const int64_t *ids, size_t na, size_t n,
			  struct ms_error *e)
{
	struct pending *b = calloc(1, sizeof *b);
	if (!b)
		return ms_nomem(e);
	*b = (struct pending){.poll = p->id, .n_cand = p->n_candidates, .na = na, .n = n};
	b->cand = malloc((p->n_candidates + 1) * sizeof *b->cand);
	b->ids = malloc((n + 1) * sizeof *b->ids);
	if (!b->cand || !b->ids) {
		pending_free(b);
		return ms_nomem(e);
	}
	memcpy(b->cand, p->candidate_ids, p->n_candidates * sizeof *b->cand);
	memcpy(b->ids, ids, n * sizeof *ids);
	return ms_db_on_commit(db, at_commit, b, e);
}

/* ---- what a screen shows ---- */

json_t *ms_live_json(int64_t poll_id, const int64_t *ids, size_t n)
{
	json_t *list = json_array();
	int64_t ballots = 0;
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < n_entries; i++)
		if (entries[i]->poll == poll_id)
			ballots += entries[i]->ballots;
	for (size_t c = 0; list && c < n; c++) {
		int64_t id = ids[c], a = 0, o = 0;
		for (size_t i = 0; i < n_entries; i++) {
			const struct entry *x = entries[i];
			size_t k = x->poll == poll_id ? index_of(x, id) : x->n;
			if (k < x->n)
				a += x->approve[k], o += x->oppose[k];
		}
		json_array_append_new(list, json_pack("{s:I, s:I, s:I}", "candidate_id", (json_int_t)id, "approve",
						      (json_int_t)a, "oppose", (json_int_t)o));
	}
	pthread_mutex_unlock(&lock);
	return list ? json_pack("{s:I, s:o}", "ballots", (json_int_t)ballots, "candidates", list) : NULL;
}

/* Drop entry i (under lock). */
static void drop(size_t i)
{
	entry_free(entries[i]);
	entries[i] = entries[--n_entries];
}

void ms_live_forget(int64_t poll_id)
{
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < n_entries;) {
		if (entries[i]->poll == poll_id)
			drop(i);
		else
			i++;
	}
	pthread_mutex_unlock(&lock);
}

/* ---- between nodes ---- */

/* x as a message into buf; false when it does not fit. */
static bool format(const struct entry *x, char *buf, size_t cap)
{
	int k = snprintf(buf, cap, "live %" PRId64 " %016" PRIx64 " %" PRIu64 " %" PRId64, x->poll, x->node, x->seq,
			 x->ballots);
	size_t at = k > 0 ? (size_t)k : cap;
	for (size_t i = 0; at < cap && i < x->n; i++) {
		k = snprintf(buf + at, cap - at, " %" PRId64 ":%" PRId64 ":%" PRId64, x->ids[i], x->approve[i],
			     x->oppose[i]);
		at = k > 0 ? at + (size_t)k : cap;
	}
	return at < cap;
}

/* Whether poll id is still open (a store error counts as open: asked again later). */
static bool still_open(struct ms_db *db, int64_t id)
{
	struct ms_error e;
	struct ms_poll p;
	if (ms_db_begin(db, false, &e))
		return true;
	int rc = ms_poll_get(db, id, &p, &e);
	ms_db_rollback(db);
	if (rc)
		return rc != MS_ERR_NOT_FOUND;
	bool open = p.status == MS_POLL_OPEN;
	ms_poll_fini(&p);
	return open;
}

/* This node's totals of polls no longer open are forgotten when they are
 * next due to be sent again, so a closed poll is not told about for ever;
 * the other nodes' totals not heard of for EXPIRE_S are dropped. */
static void forget_closed(struct ms_db *db, long long now)
{
	int64_t due[64];
	size_t n = 0;
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < n_entries;) {
		struct entry *x = entries[i];
		if (x->node != node_self() && now - x->at > EXPIRE_S) {
			drop(i);
			continue;
		}
		if (x->node == node_self() && !x->dirty && now - x->at >= RESEND_S && n < sizeof due / sizeof due[0])
			due[n++] = x->poll;
		i++;
	}
	pthread_mutex_unlock(&lock);
	for (size_t i = 0; i < n; i++)
		if (!still_open(db, due[i]))
			ms_live_forget(due[i]);
}

bool ms_live_send_due(void)
{
	long long now = now_s();
	bool due = false;
	pthread_mutex_lock(&lock);
	for (size_t i = 0; !due && i < n_entries; i++)
		due = entries[i]->node == node_self() ? entries[i]->dirty || now - entries[i]->at >= RESEND_S
						      : now - entries[i]->at > EXPIRE_S;
	pthread_mutex_unlock(&lock);
	return due;
}

int ms_live_send(struct ms_db *db, struct ms_error *e)
{
	long long now = now_s();
	forget_closed(db, now);
	if (!ms_db_has_nodes(db)) { /* no other node: nothing to tell, as if told */
		pthread_mutex_lock(&lock);
		for (size_t i = 0; i < n_entries; i++)
			if (entries[i]->node == node_self() && (entries[i]->dirty || now - entries[i]->at >= RESEND_S))
				entries[i]->dirty = false, entries[i]->at = now;
		pthread_mutex_unlock(&lock);
		return 0;
	}
	char **msgs = NULL;
	size_t n = 0;
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < n_entries; i++) {
		struct entry *x = entries[i];
		if (x->node != node_self() || (!x->dirty && now - x->at < RESEND_S))
			continue;
		char *m = malloc(MS_STORE_MESSAGE_MAX);
		char **grown = m ? realloc(msgs, (n + 1) * sizeof *msgs) : NULL;
		if (!grown) {
			free(m);
			break;
		}
		msgs = grown;
		if (format(x, m, MS_STORE_MESSAGE_MAX))
			msgs[n++] = m;
		else
			free(m);
		x->dirty = false;
		x->at = now;
	}
	pthread_mutex_unlock(&lock);
	int rc = 0;
	/* A read transaction: a NOTIFY writes nothing (PostgreSQL sends it from
	 * a read-only one too), and a write one would tell the store that the
	 * data changed (ms_store_generation), dropping every kept answer. */
	if (n && !(rc = ms_db_begin(db, false, e))) {
		for (size_t i = 0; !rc && i < n; i++)
			rc = ms_db_send(db, msgs[i], e);
		rc = rc ? (ms_db_rollback(db), rc) : ms_db_commit(db, e);
	}
	for (size_t i = 0; i < n; i++)
		free(msgs[i]);
	free(msgs);
	return rc; /* on a failure the totals go again within RESEND_S */
}

bool ms_live_receive(const char *text, char *topic, size_t cap)
{
	int64_t poll, ballots;
	uint64_t node, seq;
	int used = 0;
	if (strncmp(text, "live ", 5) != 0) /* (a space in a scanf format matches none too) */
		return false;
	if (sscanf(text, "live %" SCNd64 " %" SCNx64 " %" SCNu64 " %" SCNd64 "%n", &poll, &node, &seq, &ballots,
		   &used) != 4 ||
	    poll <= 0 || ballots < 0 || ballots > BALLOTS_MAX || node == node_self())
		return false;
	/* The triples: count them, then read them. */
	size_t n = 0;
	for (const char *s = text + used; *s; s++)
		n += *s == ' ';
	if (n > MS_LIVE_CANDIDATES_MAX)
		return false;
	int64_t ids[MS_LIVE_CANDIDATES_MAX + 1], a[MS_LIVE_CANDIDATES_MAX + 1], o[MS_LIVE_CANDIDATES_MAX + 1];
	const char *s = text + used;
	for (size_t i = 0; i < n; i++) {
		int k = 0;
		/* each ballot marks a candidate at most once */
		if (sscanf(s, " %" SCNd64 ":%" SCNd64 ":%" SCNd64 "%n", &ids[i], &a[i], &o[i], &k) != 3 || a[i] < 0 ||
		    o[i] < 0 || a[i] > ballots || o[i] > ballots - a[i])
			return false;
		s += k;
	}
	if (*s)
		return false;
	pthread_mutex_lock(&lock);
	struct entry *x = entry_find(poll, node);
	if (x && x->n != n) { /* cannot happen for one poll; start again */
		for (size_t i = 0; i < n_entries; i++)
			if (entries[i] == x) {
				drop(i);
				break;
			}
		x = NULL;
	}
	bool fresh = !x;
	if (!x)
		x = entry_new(poll, node, n);
	if (x)
		x->at = now_s(); /* heard of */
	if (x && (fresh || seq > x->seq)) {
		x->seq = seq;
		x->ballots = ballots;
		memcpy(x->ids, ids, n * sizeof *ids);
		memcpy(x->approve, a, n * sizeof *a);
		memcpy(x->oppose, o, n * sizeof *o);
	}
	pthread_mutex_unlock(&lock);
	snprintf(topic, cap, "poll:%" PRId64, poll);
	return x != NULL;
}
