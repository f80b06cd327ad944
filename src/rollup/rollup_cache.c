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
 * year replaces its entry, other ones age out as least recently used. */
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

static struct {
	pthread_mutex_t lock;
	struct entry v[MS_ROLLUP_CACHE_ENTRIES];
	size_t bytes;   /* the texts' lengths summed */
	uint64_t tick;
} cache = {.lock = PTHREAD_MUTEX_INITIALIZER};

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

/* A copy of k's text into *out: true on a hit (false on a miss, or when
 * the copy cannot be made: counted again then). */
static bool lookup(const struct key *k, struct ms_rollup_text *out)
{
	bool hit = false;
	pthread_mutex_lock(&cache.lock);
	for (size_t i = 0; i < MS_ROLLUP_CACHE_ENTRIES; i++) {
		struct entry *en = &cache.v[i];
		if (!en->text || !same(&en->k, k))
			continue;
		if ((out->text = malloc(en->len + 1))) {
			memcpy(out->text, en->text, en->len + 1);
			out->len = en->len;
			memcpy(out->etag, en->etag, sizeof out->etag);
			en->used = ++cache.tick;
			hit = true;
		}
		break;
	}
	pthread_mutex_unlock(&cache.lock);
	return hit;
}

/* Keep a copy of t under k: in the entry of the same congress and year
 * (unless that one is newer), else a free one, else the least recently
 * used; then older entries go until the bytes fit. Nothing is kept when
 * the copy cannot be made or the text alone takes an eighth of the bound. */
static void keep(const struct key *k, const struct ms_rollup_text *t)
{
	if (t->len > MS_ROLLUP_CACHE_BYTES / 8)
		return;
	char *copy = malloc(t->len + 1);
	if (!copy)
		return;
	memcpy(copy, t->text, t->len + 1);
	pthread_mutex_lock(&cache.lock);
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
		pthread_mutex_unlock(&cache.lock);
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
	pthread_mutex_unlock(&cache.lock);
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

int ms_rollup_text(struct ms_db *db, int64_t id, int year, struct ms_rollup_text *out, struct ms_error *e)
{
	/* the clock first, then the stamp, then the figures: each read at least as late as the one before */
	struct key k = {.congress_id = id, .year = year, .minute = ms_clock_now() / 60};
	memset(out, 0, sizeof *out);
	int rc = ms_rollup_sql_stamp(db, &k.stamp, e);
	if (rc || lookup(&k, out))
		return rc;
	json_t *o = NULL;
	if ((rc = ms_rollup_get(db, id, year, &o, e)))
		return rc;
	out->text = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (!out->text)
		return ms_nomem(e);
	out->len = strlen(out->text);
	tag(out->text, out->len, out->etag);
	keep(&k, out);
	return 0;
}
