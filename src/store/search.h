/*
 * search.h — the one full-text search interface (ARCHITECTURE.md: "full-text
 * search interface" lives in store/). Chinese and other text, on SQLite and
 * PostgreSQL alike; the domains say which documents exist (their own SQL,
 * e.g. src/liaison/search_index.c) and call these inside their writer's
 * transaction, so the index never disagrees with the data it indexes.
 *
 * The design (docs/search.md): a text is normalised — NFKC, then Unicode
 * case folding (libunistring), so full-width ＡＢＣ１２ reads as abc12 — and
 * cut into tokens: each run of CJK characters (Han, kana, Hangul) becomes its
 * overlapping character bigrams (加装电梯 → 加装 装电 电梯; a run of one
 * character is that character), each run of other letters and digits one
 * word; everything else separates. The token string is kept in table
 * search_doc (migration 20) and indexed by the engine: SQLite an FTS5 table
 * search_fts over it (external content, rowid = search_doc.id, unicode61
 * tokenizer over the spaces), PostgreSQL a GIN index over
 * to_tsvector('simple', tokens). A query is cut the same way; each of its
 * whitespace-separated terms becomes the phrase of its tokens (FTS5 "…" /
 * tsquery <->) and the terms are ANDed: 电梯 finds every text with 电梯,
 * 加装电梯 only those containing 加装电梯. A term needs two characters (a
 * single 电 would match half the corpus): ms_search_query_check says so.
 *
 * Results are newest first: by search_doc.id descending, which is the order
 * documents were first indexed (a re-put keeps its place; the reindex puts
 * each kind in id order).
 *
 * Errors as in store.h (MS_ERR_NOMEM, MS_ERR_STORE, MS_ERR_BUSY). The pure
 * functions (ms_search_normalise, ms_search_tokens, ms_search_query_check)
 * keep no state and are thread-safe.
 */
#ifndef MS_SEARCH_H
#define MS_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "../core/err.h"
#include "store.h"

/* The bytes of a document's text that are indexed (its start). */
#define MS_SEARCH_TEXT_MAX 65536
/* The longest word kept from a non-CJK run (longer ones are cut). */
#define MS_SEARCH_WORD_MAX 64
/* The most terms a query may have. */
#define MS_SEARCH_TERMS_MAX 8

/* The kinds of document (search_doc.kind), as stored. */
#define MS_SEARCH_DEMAND "demand"
#define MS_SEARCH_CANDIDATE "candidate"
#define MS_SEARCH_CASE "case"             /* a case (casework.kind case) */
#define MS_SEARCH_SUGGESTION "suggestion" /* a deputy's suggestion */

/* NFKC + case fold of n bytes of UTF-8 text into *out (malloc'd,
 * NUL-terminated; invalid sequences are dropped). MS_ERR_NOMEM. */
int ms_search_normalise(const char *text, size_t n, char **out);
/* The token string of a text (normalised first): tokens separated by one
 * space, "" for a text without any; *out malloc'd. *count (when not NULL)
 * receives the number of tokens. MS_ERR_NOMEM. */
int ms_search_tokens(const char *text, size_t n, char **out, size_t *count);

/* Whether q is a query: 0 when it is, MS_SEARCH_Q_EMPTY when it has no
 * letter, digit or CJK character, MS_SEARCH_Q_SHORT when one of its terms
 * has a single one, MS_SEARCH_Q_MANY past MS_SEARCH_TERMS_MAX terms. */
enum { MS_SEARCH_Q_EMPTY = 1, MS_SEARCH_Q_SHORT = 2, MS_SEARCH_Q_MANY = 3 };
int ms_search_query_check(const char *q);

/* Index (or re-index) document (kind, id) of congress congress_id with its
 * text: the caller passes everything that should be found, e.g. title and
 * text joined by a newline. */
int ms_search_put(struct ms_db *db, const char *kind, int64_t id, int64_t congress_id, const char *text,
		  struct ms_error *e);
/* Remove document (kind, id) from the index (nothing to do when absent). */
int ms_search_del(struct ms_db *db, const char *kind, int64_t id, struct ms_error *e);
/* Remove every document of kind (before a reindex of it). */
int ms_search_clear(struct ms_db *db, const char *kind, struct ms_error *e);

/* The ids of the documents of kind (NULL: of any kind; then ids of several
 * kinds mix, so pass one in practice) of congress congress_id matching q
 * (checked with ms_search_query_check first: a bad q finds nothing), newest
 * first, at most limit from offset: *ids malloc'd (free it), *n their number.
 * *total (when not NULL) receives how many match, counted up to
 * MS_SEARCH_TOTAL_MAX (a larger count reads as that). */
#define MS_SEARCH_TOTAL_MAX 1000
int ms_search_find(struct ms_db *db, const char *kind, int64_t congress_id, const char *q, int64_t limit,
		   int64_t offset, int64_t **ids, size_t *n, int64_t *total, struct ms_error *e);

/* After a copy into db: rebuild what the engine derives from search_doc
 * (SQLite's FTS5 table; nothing on PostgreSQL, whose index follows the rows). */
int ms_search_rebuild(struct ms_db *db, struct ms_error *e);

/* Its statements, for the prepare-every-statement test. */
extern const struct ms_stmt *const ms_search_stmts[];

#endif
