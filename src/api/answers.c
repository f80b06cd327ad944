/*
 * answers.c — this process's memory of published answers (api_internal.h):
 * the JSON text of an MS_ROUTE_PUBLISHED route's 200 answer, by its path,
 * with its entity tag, the store's generation it was read under, and when.
 *
 * An entry serves while the store's generation is still the one it was
 * read under (no write since, here or told by another node; store.h) and
 * it is younger than MS_ANSWER_MAX_AGE_MS — the bound on what the
 * generation does not see: another process's writes on SQLite (the CLI),
 * other nodes' writes that are not told, and the clock. A fixed table under
 * one mutex; the least recently used entry makes room, and the texts
 * together stay under MS_ANSWER_BYTES. Every write drops them all (the
 * generation is the whole store's): while a vote runs they are read again
 * after each ballot, as before; they pay once the writes stop.
 */
#include "api_internal.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ENTRIES 256
/* The texts kept, together; a larger answer (a bulletin of a vast poll) is
 * not kept. */
#define MS_ANSWER_BYTES ((size_t)64 * 1024 * 1024)
#define MS_ANSWER_ONE_MAX ((size_t)2 * 1024 * 1024)

struct entry {
	char *key;       /* NULL: a free slot */
	uint64_t hash;   /* of the key */
	uint64_t gen;
	int64_t at_ms;   /* CLOCK_MONOTONIC, when read */
	uint64_t used;   /* the tick of its last use */
	char *text;
	size_t len;
	char etag[MS_ANSWER_ETAG_LEN];
};

struct ms_answers {
	pthread_mutex_t lock;
	struct entry v[ENTRIES];
	size_t bytes;
	uint64_t tick;
};

static int64_t now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* FNV-1a */
static uint64_t hash_of(const char *s)
{
	uint64_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

void ms_answer_etag(const char *text, size_t len, char etag[MS_ANSWER_ETAG_LEN])
{
	unsigned char d[16];
	crypto_generichash(d, sizeof d, (const unsigned char *)text, len, NULL, 0);
	char hex[2 * sizeof d + 1];
	sodium_bin2hex(hex, sizeof hex, d, sizeof d);
	snprintf(etag, MS_ANSWER_ETAG_LEN, "\"p%s\"", hex);
}

struct ms_answers *ms_answers_new(void)
{
	struct ms_answers *a = calloc(1, sizeof *a);
	if (a)
		pthread_mutex_init(&a->lock, NULL);
	return a;
}

static void drop(struct ms_answers *a, struct entry *en)
{
	a->bytes -= en->len;
	free(en->key);
	free(en->text);
	memset(en, 0, sizeof *en);
}

void ms_answers_free(struct ms_answers *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < ENTRIES; i++)
		if (a->v[i].key)
			drop(a, &a->v[i]);
	pthread_mutex_destroy(&a->lock);
	free(a);
}

static struct entry *find(struct ms_answers *a, const char *key, uint64_t h)
{
	for (size_t i = 0; i < ENTRIES; i++)
		if (a->v[i].key && a->v[i].hash == h && strcmp(a->v[i].key, key) == 0)
			return &a->v[i];
	return NULL;
}

bool ms_answers_get(struct ms_answers *a, const char *key, uint64_t gen, char **text, size_t *len,
		    char etag[MS_ANSWER_ETAG_LEN])
{
	uint64_t h = hash_of(key);
	bool hit = false;
	pthread_mutex_lock(&a->lock);
	struct entry *en = find(a, key, h);
	if (en && (en->gen != gen || now_ms() - en->at_ms >= MS_ANSWER_MAX_AGE_MS))
		drop(a, en);
	else if (en && (*text = malloc(en->len + 1))) {
		memcpy(*text, en->text, en->len + 1);
		*len = en->len;
		memcpy(etag, en->etag, MS_ANSWER_ETAG_LEN);
		en->used = ++a->tick;
		hit = true;
	}
	pthread_mutex_unlock(&a->lock);
	return hit;
}

void ms_answers_put(struct ms_answers *a, const char *key, uint64_t gen, int64_t at_ms, const char *text,
		    size_t len, const char *etag)
{
	if (len > MS_ANSWER_ONE_MAX)
		return;
	char *k = strdup(key), *t = malloc(len + 1);
	if (!k || !t) {
		free(k);
		free(t);
		return;
	}
	memcpy(t, text, len);
	t[len] = 0;
	uint64_t h = hash_of(key);
	pthread_mutex_lock(&a->lock);
	struct entry *en = find(a, key, h);
	if (en && en->gen > gen) { /* read under a newer generation already */
		pthread_mutex_unlock(&a->lock);
		free(k);
		free(t);
		return;
	}
	if (en)
		drop(a, en);
	/* Room: a free slot and the bytes, the least recently used going first. */
	for (;;) {
		struct entry *free_slot = NULL, *oldest = NULL;
		for (size_t i = 0; i < ENTRIES; i++) {
			struct entry *x = &a->v[i];
			if (!x->key) {
				if (!free_slot)
					free_slot = x;
			} else if (!oldest || x->used < oldest->used) {
				oldest = x;
			}
		}
		if (free_slot && a->bytes + len <= MS_ANSWER_BYTES) {
			en = free_slot;
			break;
		}
		drop(a, oldest); /* a full table or budget has an oldest */
	}
	*en = (struct entry){.key = k, .hash = h, .gen = gen, .at_ms = at_ms, .used = ++a->tick, .text = t,
			     .len = len};
	memcpy(en->etag, etag, MS_ANSWER_ETAG_LEN);
	a->bytes += len;
	pthread_mutex_unlock(&a->lock);
}

int64_t ms_answers_clock(void)
{
	return now_ms();
}
