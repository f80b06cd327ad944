/*
 * api_internal.h — shared inside src/api/: the server's API object.
 */
#ifndef MS_API_INTERNAL_H
#define MS_API_INTERNAL_H

#include "api.h"

struct ms_api {
	struct ms_store *store;
	int pwhash_cost;
	bool cookie_secure;
	struct ms_static *web;           /* NULL: the placeholder page */
	const struct ms_routes *const *routes; /* NULL-terminated */
	ms_session_fn session;
	bool (*token_ok)(const char *token);
	int (*above)(struct ms_db *db, int64_t id, int64_t below, bool *out, struct ms_error *e);
	struct ms_events *events;        /* NULL: no live states (feed.h) */
	const struct ms_feed *const *feeds;
	struct ms_feeder *feeder;        /* the feed thread, when events and feeds are set */
	struct ms_answers *answers;      /* published answers (answers.c); NULL: none kept */
	bool later;                      /* the store groups writes: its writer runs them (api.c) */
};

/* ---- published answers (answers.c) ----
 *
 * The 200 answer of an MS_ROUTE_PUBLISHED route, kept by its path with the
 * store's generation (store.h) read before its transaction began: served
 * from memory — no database, no session — while the generation is the same
 * and for at most MS_ANSWER_MAX_AGE_MS (what the generation does not see:
 * the CLI's writes on SQLite, other nodes' writes that are not told, the
 * clock). Its entity tag is a digest of the text, so every node tags the
 * same answer alike and If-None-Match gets 304. Thread-safe. */
#define MS_ANSWER_MAX_AGE_MS 1000
#define MS_ANSWER_ETAG_LEN 36 /* "p" and 32 hex digits, quoted, NUL */
struct ms_answers;
struct ms_answers *ms_answers_new(void); /* NULL: out of memory */
void ms_answers_free(struct ms_answers *a);
/* The entity tag of an answer's text. */
void ms_answer_etag(const char *text, size_t len, char etag[MS_ANSWER_ETAG_LEN]);
/* A malloc'd copy of key's text (and its length and tag) when one is kept
 * under generation gen and young enough. */
bool ms_answers_get(struct ms_answers *a, const char *key, uint64_t gen, char **text, size_t *len,
		    char etag[MS_ANSWER_ETAG_LEN]);
/* Keep a copy of text as key's, read under gen at at_ms (ms_answers_clock). */
void ms_answers_put(struct ms_answers *a, const char *key, uint64_t gen, int64_t at_ms, const char *text,
		    size_t len, const char *etag);
int64_t ms_answers_clock(void);

/* The feed thread (feed.c): started by ms_api_new when the hub and the feeds
 * are set, stopped by ms_api_free. */
int ms_api_feed_start(struct ms_api *api, struct ms_error *e);
void ms_api_feed_stop(struct ms_api *api);

/* ?page / ?per_page / ?q into *pg (400 on bad numbers): for MS_ROUTE_PAGED
 * routes, before the handler runs. */
int ms_api_page(struct ms_ctx *c, struct ms_page *pg);

#endif
