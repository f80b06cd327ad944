/* rollup_cache.c — this process's cache of roll-up answers (rollup.h):
 * a fixed table of entries under one mutex, each the JSON text of one
 * (congress, year, change stamp, minute) with its entity tag.
 *
 * The order of reads makes a stale hit impossible: the minute, then the
 * stamp, then (on a miss) the figures, each at least as new as the one
 * before — an answer kept under a stamp counted every write up to it, and
 * maybe a later one, never less. On PostgreSQL the audit log's ids are
 * taken under the chain's lock, held until the commit, and a commit is
 * visible before its lock is released: the newest id a reader sees has
 * every write of a smaller id visible with it. Entries of older stamps or
 * minutes are never read again; a new answer for the same congress and
 * year replaces its entry, other ones age out as least recently used.
 *
 * A key is counted once: the requests that miss it while it is being
 * counted wait for that count (on a condition variable) and copy its text,
 * so a new minute or a write that sends every dashboard's next request to
 * count at once costs one count, not one a worker thread. */
#include "rollup_internal.h"

#include <pthread.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../liaison/casework.h"

struct key {
	int64_t congress_id, stamp, minute;
	int year;
};

struct entry {
	struct key k;
	uint64_t used;  /* the tick of its last use */
	char *text;     /* NULL: a free slot */
	size_t len;
	char etag[MS_ROLLUP_ETAG_LEN];
};

/* Counts under way that other requests for the same key wait for. */
#define FLIGHTS 32

static struct {
	pthread_mutex_t lock;
	pthread_cond_t counted;         /* a count under way ended (kept, or failed) */
	struct entry v[MS_ROLLUP_CACHE_ENTRIES];
	size_t bytes;                   /* the texts' lengths summed */
	uint64_t tick;
	struct key flight[FLIGHTS];     /* the keys being counted, */
	bool flying[FLIGHTS];           /* each while this is set */
} cache = {.lock = PTHREAD_MUTEX_INITIALIZER, .counted = PTHREAD_COND_INITIALIZER};

static bool same(const struct key *a, const struct key *b)
{
	return a->congress_id == b->congress_id && a->year == b->year && a->stamp == b->stamp &&
	       a->minute == b->minute;
}

/* Whether a was counted after b (a larger stamp, or the same stamp in a later minute). */
static bool newer(const struct key *a, const struct key *b)
{
	return a->stamp > b->stamp || (a->stamp == b->stamp && a->minute > b->minute);
}

static void drop(struct entry *en)
{
	cache.bytes -= en->len;
	free(en->text);
	memset(en, 0, sizeof *en);
}

/* The least recently used entry holding a text, other than keep; NULL when none. */
static struct entry *lru(const struct entry *keep)
{
	struct entry *old = NULL;
	for (size_t i = 0; i < MS_ROLLUP_CACHE_ENTRIES; i++) {
		struct entry *en = &cache.v[i];
		if (en->text && en != keep && (!old || en->used < old->used))
			old = en;
	}
	return old;
}

/* Under the lock: a copy of k's text into *out, true on a hit (false on a
 * miss, or when the copy cannot be made: counted again then). */
static bool lookup(const struct key *k, struct ms_rollup_text *out)
{
	for (size_t i = 0; i < MS_ROLLUP_CACHE_ENTRIES; i++) {
		struct entry *en = &cache.v[i];
		if (!en->text || !same(&en->k, k))
			continue;
		if (!(out->text = malloc(en->len + 1)))
			return false;
		memcpy(out->text, en->text, en->len + 1);
		out->len = en->len;
		memcpy(out->etag, en->etag, sizeof out->etag);
		en->used = ++cache.tick;
		return true;
	}
	return false;
}

/* Under the lock: keep copy (t's text, taken) under k — in the entry of
 * the same congress and year (unless that one is newer), else a free one,
 * else the least recently used; then older entries go until the bytes
 * fit. */
static void keep(const struct key *k, const struct ms_rollup_text *t, char *copy)
{
	struct entry *slot = NULL, *free_slot = NULL;
	for (size_t i = 0; i < MS_ROLLUP_CACHE_ENTRIES && !slot; i++) {
		struct entry *en = &cache.v[i];
		if (!en->text)
			free_slot = free_slot ? free_slot : en;
		else if (en->k.congress_id == k->congress_id && en->k.year == k->year)
			slot = en;
	}
	if (slot && (newer(&slot->k, k) || same(&slot->k, k))) {
		/* another request kept a newer answer (or this one) meanwhile */
		free(copy);
		return;
	}
	if (!slot)
		slot = free_slot ? free_slot : lru(NULL);
	if (slot->text)
		drop(slot);
	for (struct entry *old; cache.bytes + t->len > MS_ROLLUP_CACHE_BYTES && (old = lru(slot));)
		drop(old);
	*slot = (struct entry){.k = *k, .used = ++cache.tick, .text = copy, .len = t->len};
	memcpy(slot->etag, t->etag, sizeof slot->etag);
	cache.bytes += t->len;
}

/* Under the lock: whether k is being counted. */
static bool flying(const struct key *k)
{
	for (size_t i = 0; i < FLIGHTS; i++)
		if (cache.flying[i] && same(&cache.flight[i], k))
			return true;
	return false;
}

/* Under the lock: k marked as being counted; its index, or -1 when every
 * mark is taken (counted all the same, only no one waits for it). */
static long take_flight(const struct key *k)
{
	for (size_t i = 0; i < FLIGHTS; i++)
		if (!cache.flying[i]) {
			cache.flying[i] = true;
			cache.flight[i] = *k;
			return (long)i;
		}
	return -1;
}

/* "\"<BLAKE2b-128 of the text in hex>\"" into etag. */
static void tag(const char *text, size_t len, char etag[MS_ROLLUP_ETAG_LEN])
{
	unsigned char h[16];
	crypto_generichash(h, sizeof h, (const unsigned char *)text, len, NULL, 0);
	etag[0] = '"';
	sodium_bin2hex(etag + 1, MS_ROLLUP_ETAG_LEN - 2, h, sizeof h);
	etag[MS_ROLLUP_ETAG_LEN - 2] = '"';
	etag[MS_ROLLUP_ETAG_LEN - 1] = 0;
}

/* Count the roll-up now, into *out. */
static int count(struct ms_db *db, int64_t id, int year, struct ms_rollup_text *out, struct ms_error *e)
{
	json_t *o = NULL;
	int rc = ms_rollup_get(db, id, year, &o, e);
	if (rc)
		return rc;
	out->text = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (!out->text)
		return ms_nomem(e);
	out->len = strlen(out->text);
	tag(out->text, out->len, out->etag);
	return 0;
}

int ms_rollup_text(struct ms_db *db, int64_t id, int year, struct ms_rollup_text *out, struct ms_error *e)
{
	/* the clock first, then the stamp, then the figures: each read at least as late as the one before */
	struct key k = {.congress_id = id, .year = year, .minute = ms_clock_now() / 60};
	memset(out, 0, sizeof *out);
	int rc = ms_rollup_sql_stamp(db, &k.stamp, e);
	if (rc)
		return rc;
	/* a key being counted is waited for, not counted again */
	pthread_mutex_lock(&cache.lock);
	while (!lookup(&k, out)) {
		if (flying(&k)) {
			pthread_cond_wait(&cache.counted, &cache.lock);
			continue;
		}
		long flight = take_flight(&k);
		pthread_mutex_unlock(&cache.lock);
		rc = count(db, id, year, out, e);
		/* a copy to keep, made outside the lock; none when it cannot be made or takes an eighth of the bound */
		char *copy = !rc && out->len <= MS_ROLLUP_CACHE_BYTES / 8 ? malloc(out->len + 1) : NULL;
		if (copy)
			memcpy(copy, out->text, out->len + 1);
		pthread_mutex_lock(&cache.lock);
		if (copy)
			keep(&k, out, copy);
		if (flight >= 0) {
			cache.flying[flight] = false;
			pthread_cond_broadcast(&cache.counted);
		}
		break;
	}
	pthread_mutex_unlock(&cache.lock);
	return rc;
}
