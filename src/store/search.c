/*
 * search.c — the full-text search interface (search.h): normalising and
 * cutting text into tokens, and the index's own statements over table
 * search_doc (migration 20) and, on SQLite, its FTS5 table search_fts.
 * No domain SQL: which documents exist is each domain's to say.
 */
#include "search.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "query.h"
#include "store_internal.h"

/* ---- normalising and tokens ---- */

int ms_search_normalise(const char *text, size_t n, char **out)
{
	size_t len = 0;
	uint8_t *f = u8_casefold((const uint8_t *)text, n, NULL, UNINORM_NFKC, NULL, &len);
	if (!f) {
		/* invalid UTF-8 makes libunistring fail: keep the valid characters */
		uint8_t *clean = malloc(n + 1);
		if (!clean)
			return MS_ERR_NOMEM;
		size_t k = 0;
		for (size_t i = 0; i < n;) {
			ucs4_t c;
			int l = u8_mbtouc(&c, (const uint8_t *)text + i, n - i);
			if (c != 0xfffd || (n - i >= 3 && !memcmp(text + i, "\xef\xbf\xbd", 3)))
				memcpy(clean + k, text + i, (size_t)l), k += (size_t)l;
			i += (size_t)l;
		}
		f = u8_casefold(clean, k, NULL, UNINORM_NFKC, NULL, &len);
		free(clean);
		if (!f)
			return MS_ERR_NOMEM;
	}
	char *s = malloc(len + 1);
	if (!s) {
		free(f);
		return MS_ERR_NOMEM;
	}
	if (len)
		memcpy(s, f, len);
	s[len] = '\0';
	free(f);
	*out = s;
	return 0;
}

enum cls { SEP, WORD, CJK };

static enum cls cls_of(ucs4_t c)
{
	if (uc_is_property_ideographic(c) || (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3100 && c <= 0x312f) ||
	    (c >= 0x31f0 && c <= 0x31ff) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0x1100 && c <= 0x11ff))
		return CJK;
	if (uc_is_alnum(c) || uc_is_general_category(c, UC_CATEGORY_M))
		return WORD;
	return SEP;
}

/* The tokens of normalised text s (len bytes) appended to o (room for
 * 3 * len + 1 bytes suffices: a bigram repeats each character at most twice
 * and adds a space). */
static size_t cut(const char *s, size_t len, char *o, size_t *count)
{
	size_t k = 0, ntok = 0;
	size_t i = 0;
	while (i < len) {
		ucs4_t c;
		int l = u8_mbtouc(&c, (const uint8_t *)s + i, len - i);
		enum cls t = cls_of(c);
		if (t == SEP) {
			i += (size_t)l;
			continue;
		}
		/* a run of class t from i */
		size_t prev = i, prev_len = (size_t)l, chars = 0;
		if (k)
			o[k++] = ' ';
		while (i < len) {
			l = u8_mbtouc(&c, (const uint8_t *)s + i, len - i);
			if (cls_of(c) != t)
				break;
			if (t == CJK) {
				if (chars >= 1) {
					if (chars >= 2)
						o[k++] = ' ';
					memcpy(o + k, s + prev, prev_len), k += prev_len;
					memcpy(o + k, s + i, (size_t)l), k += (size_t)l;
					ntok++;
				}
				prev = i, prev_len = (size_t)l;
			} else if (chars < MS_SEARCH_WORD_MAX) {
				memcpy(o + k, s + i, (size_t)l), k += (size_t)l;
			}
			chars++;
			i += (size_t)l;
		}
		if (t == CJK && chars == 1) {
			memcpy(o + k, s + prev, prev_len), k += prev_len;
			ntok++;
		} else if (t == WORD) {
			ntok++;
		}
	}
	o[k] = '\0';
	if (count)
		*count += ntok;
	return k;
}

int ms_search_tokens(const char *text, size_t n, char **out, size_t *count)
{
	if (n > MS_SEARCH_TEXT_MAX) {
		n = MS_SEARCH_TEXT_MAX;
		while (n && ((unsigned char)text[n] & 0xc0) == 0x80)
			n--;
	}
	char *s;
	if (ms_search_normalise(text, n, &s))
		return MS_ERR_NOMEM;
	size_t len = strlen(s);
	char *o = malloc(3 * len + 1);
	if (!o) {
		free(s);
		return MS_ERR_NOMEM;
	}
	if (count)
		*count = 0;
	cut(s, len, o, count);
	free(s);
	*out = o;
	return 0;
}

/* The terms of a query: calls fn(term, len, ctx) for each
 * whitespace-separated part of the normalised q; its result, when not 0,
 * stops the walk and is returned. */
typedef int (*term_fn)(const char *term, size_t len, void *ctx);

static int terms(const char *q, term_fn fn, void *ctx)
{
	char *s;
	if (ms_search_normalise(q, strlen(q), &s))
		return MS_ERR_NOMEM;
	int rc = 0;
	for (char *p = s; *p && !rc;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		char *t = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			p++;
		if (p > t)
			rc = fn(t, (size_t)(p - t), ctx);
	}
	free(s);
	return rc;
}

struct check {
	int terms;
};

static int check_term(const char *t, size_t len, void *ctx)
{
	struct check *ck = ctx;
	size_t chars = 0;
	for (size_t i = 0; i < len;) {
		ucs4_t c;
		i += (size_t)u8_mbtouc(&c, (const uint8_t *)t + i, len - i);
		if (cls_of(c) != SEP)
			chars++;
	}
	if (!chars)
		return 0;
	if (chars < 2)
		return MS_SEARCH_Q_SHORT;
	if (++ck->terms > MS_SEARCH_TERMS_MAX)
		return MS_SEARCH_Q_MANY;
	return 0;
}

int ms_search_query_check(const char *q)
{
	struct check ck = {0};
	int rc = terms(q ? q : "", check_term, &ck);
	if (rc)
		return rc < 0 ? MS_SEARCH_Q_EMPTY : rc;
	return ck.terms ? 0 : MS_SEARCH_Q_EMPTY;
}

/* The engine's match text of a query: FTS5 `"t1 t2" "t3"` (phrases,
 * implicitly ANDed) or a tsquery `'t1' <-> 't2' & 't3'`. */
struct match {
	bool pg;
	char *buf;
	size_t len, cap;
};

static int put_bytes(struct match *m, const char *p, size_t n)
{
	if (m->len + n + 1 > m->cap) {
		size_t cap = (m->len + n + 1) * 2;
		char *b = realloc(m->buf, cap);
		if (!b)
			return MS_ERR_NOMEM;
		m->buf = b, m->cap = cap;
	}
	memcpy(m->buf + m->len, p, n);
	m->len += n;
	m->buf[m->len] = '\0';
	return 0;
}

static int match_term(const char *t, size_t len, void *ctx)
{
	struct match *m = ctx;
	char *tok = malloc(3 * len + 1);
	if (!tok)
		return MS_ERR_NOMEM;
	cut(t, len, tok, NULL);
	int rc = 0;
	if (!*tok)
		goto done;
	if (m->len)
		rc = put_bytes(m, m->pg ? " & " : " ", m->pg ? 3 : 1);
	if (!m->pg) {
		rc = rc ? rc : put_bytes(m, "\"", 1);
		rc = rc ? rc : put_bytes(m, tok, strlen(tok));
		rc = rc ? rc : put_bytes(m, "\"", 1);
	} else {
		rc = rc ? rc : put_bytes(m, "(", 1);
		for (char *p = tok; *p && !rc;) {
			char *sp = strchr(p, ' ');
			size_t n = sp ? (size_t)(sp - p) : strlen(p);
			if (p != tok)
				rc = put_bytes(m, " <-> ", 5);
			rc = rc ? rc : put_bytes(m, "'", 1);
			rc = rc ? rc : put_bytes(m, p, n);
			rc = rc ? rc : put_bytes(m, "'", 1);
			p += n + (sp ? 1 : 0);
		}
		rc = rc ? rc : put_bytes(m, ")", 1);
	}
done:
	free(tok);
	return rc;
}

/* ---- the index ---- */

static const struct ms_stmt DOC_GET = MS_STMT("search.doc_get",
	"SELECT id, tokens FROM search_doc WHERE kind = ? AND doc_id = ?");
static const struct ms_stmt DOC_ADD = MS_STMT("search.doc_add",
	"INSERT INTO search_doc(kind, doc_id, congress_id, tokens) VALUES (?, ?, ?, ?) RETURNING id");
static const struct ms_stmt DOC_SET = MS_STMT("search.doc_set",
	"UPDATE search_doc SET congress_id = ?, tokens = ? WHERE id = ?");
static const struct ms_stmt DOC_DEL = MS_STMT("search.doc_del", "DELETE FROM search_doc WHERE id = ?");
static const struct ms_stmt DOC_CLEAR = MS_STMT("search.doc_clear", "DELETE FROM search_doc WHERE kind = ?");
/* SQLite's FTS5 table follows search_doc by these (external content);
 * PostgreSQL's GIN index follows the rows by itself. */
static const struct ms_stmt FTS_ADD = MS_STMT2("search.fts_add",
	"INSERT INTO search_fts(rowid, tokens) VALUES (?, ?)", NULL);
static const struct ms_stmt FTS_DEL = MS_STMT2("search.fts_del",
	"INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', ?, ?)", NULL);
static const struct ms_stmt FTS_CLEAR = MS_STMT2("search.fts_clear",
	"INSERT INTO search_fts(search_fts) VALUES ('rebuild')", NULL);
/* kind NULL: any kind. SQLite: CROSS JOIN keeps the FTS5 table the outer loop (its doclist, newest
 * first, stops at the limit); otherwise the planner may run the match once per row of search_doc. */
#define FIND_FROM_SQLITE                                                                                \
	"FROM search_fts f CROSS JOIN search_doc d ON d.id = f.rowid WHERE search_fts MATCH ? AND d.congress_id = ? " \
	"AND (? IS NULL OR d.kind = ?) "
#define FIND_FROM_PG                                                                                    \
	"FROM search_doc d WHERE d.tsv @@ to_tsquery('simple', CAST(? AS TEXT)) "  \
	"AND d.congress_id = ? AND (CAST(? AS TEXT) IS NULL OR d.kind = ?) "
static const struct ms_stmt FIND = MS_STMT2("search.find",
	"SELECT d.doc_id " FIND_FROM_SQLITE "ORDER BY f.rowid DESC LIMIT ? OFFSET ?",
	"SELECT d.doc_id " FIND_FROM_PG "ORDER BY d.id DESC LIMIT ? OFFSET ?");
static const struct ms_stmt COUNT = MS_STMT2("search.count",
	"SELECT count(*) FROM (SELECT 1 " FIND_FROM_SQLITE "LIMIT ?) AS m",
	"SELECT count(*) FROM (SELECT 1 " FIND_FROM_PG "LIMIT ?) AS m");
/* PostgreSQL, one kind (pg_find). The walk reads a window of the
 * congress's newest documents of the kind below an id through the btree
 * search_doc_congress(congress_id, kind, id) and answers the matches among
 * them (search_doc.id, doc_id; document ids are positive) and one more row:
 * the lowest id read and minus how many were read. The rest are the matches
 * below an id through the GIN index, in no order; the count counts them up
 * to a cap; older are the newest of them ("+ 0": sorted, so the planner
 * takes the GIN index rather than walking the id order past every row). */
#define TSQ "to_tsquery('simple', CAST(? AS TEXT))"
#define BELOW "d.congress_id = ? AND d.kind = ? AND d.id < ? "
static const struct ms_stmt WALK = MS_STMT2("search.walk", NULL,
	"WITH w AS MATERIALIZED (SELECT d.id, CASE WHEN d.tsv @@ " TSQ " THEN d.doc_id ELSE 0 END AS doc "
	"FROM search_doc d WHERE " BELOW "ORDER BY d.id DESC LIMIT ?) "
	"SELECT id, doc FROM w WHERE doc > 0 UNION ALL SELECT COALESCE(min(id), 0), -count(*) FROM w");
static const struct ms_stmt REST = MS_STMT2("search.rest", NULL,
	"SELECT d.id, d.doc_id FROM search_doc d WHERE d.tsv @@ " TSQ " AND " BELOW "LIMIT ?");
static const struct ms_stmt REST_COUNT = MS_STMT2("search.rest_count", NULL,
	"SELECT count(*) FROM (SELECT 1 FROM search_doc d WHERE d.tsv @@ " TSQ " AND " BELOW "LIMIT ?) AS m");
static const struct ms_stmt OLDER = MS_STMT2("search.older", NULL,
	"SELECT d.id, d.doc_id FROM search_doc d WHERE d.tsv @@ " TSQ " AND " BELOW "ORDER BY d.id + 0 DESC LIMIT ?");

const struct ms_stmt *const ms_search_stmts[] = {&DOC_GET, &DOC_ADD, &DOC_SET, &DOC_DEL, &DOC_CLEAR, &FTS_ADD, &FTS_DEL,
						 &FTS_CLEAR, &FIND, &COUNT, &WALK, &REST, &REST_COUNT, &OLDER, NULL};

/* The indexed row of (kind, id): *row 0 when none; *old its tokens
 * (malloc'd) when there is one. */
static int doc_get(struct ms_db *db, const char *kind, int64_t id, int64_t *row, char **old, struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, &DOC_GET, MS_ARGS(MS_VT(kind), MS_VI(id)), &s, e);
	if (rc)
		return rc;
	*row = 0, *old = NULL;
	rc = ms_sql_step(s, e);
	if (rc == 1) {
		*row = ms_sql_column_i64(s, 0);
		*old = strdup(ms_sql_column_text(s, 1, NULL));
		rc = *old ? 0 : ms_nomem(e);
	}
	ms_sql_reset(s);
	return rc < 0 ? rc : 0;
}

int ms_search_put(struct ms_db *db, const char *kind, int64_t id, int64_t congress_id, const char *text,
		  struct ms_error *e)
{
	char *tok = NULL, *old = NULL;
	int64_t row;
	if (ms_search_tokens(text ? text : "", text ? strlen(text) : 0, &tok, NULL))
		return ms_nomem(e);
	int rc = doc_get(db, kind, id, &row, &old, e);
	if (rc)
		goto out;
	if (row) {
		rc = ms_q_exec(db, &FTS_DEL, MS_ARGS(MS_VI(row), MS_VT(old)), e);
		rc = rc ? rc : ms_q_exec(db, &DOC_SET, MS_ARGS(MS_VI(congress_id), MS_VT(tok), MS_VI(row)), e);
	} else {
		rc = ms_q_i64(db, &DOC_ADD, MS_ARGS(MS_VT(kind), MS_VI(id), MS_VI(congress_id), MS_VT(tok)), &row, e);
	}
	rc = rc ? rc : ms_q_exec(db, &FTS_ADD, MS_ARGS(MS_VI(row), MS_VT(tok)), e);
out:
	free(tok);
	free(old);
	return rc;
}

int ms_search_del(struct ms_db *db, const char *kind, int64_t id, struct ms_error *e)
{
	char *old = NULL;
	int64_t row;
	int rc = doc_get(db, kind, id, &row, &old, e);
	if (!rc && row) {
		rc = ms_q_exec(db, &FTS_DEL, MS_ARGS(MS_VI(row), MS_VT(old)), e);
		rc = rc ? rc : ms_q_exec(db, &DOC_DEL, MS_ARGS(MS_VI(row)), e);
	}
	free(old);
	return rc;
}

int ms_search_clear(struct ms_db *db, const char *kind, struct ms_error *e)
{
	int rc = ms_q_exec(db, &DOC_CLEAR, MS_ARGS(MS_VT(kind)), e);
	return rc ? rc : ms_search_rebuild(db, e);
}

int ms_search_rebuild(struct ms_db *db, struct ms_error *e)
{
	return ms_q_exec(db, &FTS_CLEAR, MS_NOARGS, e);
}

/* ---- PostgreSQL: newest first without fetching every match ----
 *
 * A GIN index knows which documents hold a bigram but not in which order:
 * for 电梯 it yields a quarter of the corpus, every one fetched and sorted
 * for the newest 20, and counted again for the total. So pg_find walks the
 * newest documents themselves, a window at a time (WALK: the btree's order,
 * each row's stored tsvector tested), growing each window to what the rate
 * of matches seen so far says the page (and the total's 1000, when that
 * fits the budget too) still needs: a common term is settled within a few
 * thousand rows. When the rest would take more than WALK_BUDGET rows, the
 * GIN index takes over below the walk: with the page found, REST_COUNT
 * counts the rest of the total (at most the 1000 less what the walk found);
 * without it, REST gives the matches below, unordered, as many as settle
 * page and total and one more: fewer means they are all (sorted here), as
 * many means the total is the cap and the page's rest comes from OLDER, the
 * GIN's matches below sorted (a term common long ago and rare since: the one
 * case that still sorts every older match). Results and totals are FIND's
 * and COUNT's. */
#define WALK_FIRST 1024
#define WALK_BUDGET 65536

struct hits {
	int64_t *key, *doc; /* search_doc.id, doc_id; newest first */
	size_t n, cap;
};

static int hits_add(struct hits *h, int64_t key, int64_t doc)
{
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 64;
		int64_t *k = realloc(h->key, cap * sizeof *k);
		if (!k)
			return MS_ERR_NOMEM;
		h->key = k;
		int64_t *d = realloc(h->doc, cap * sizeof *d);
		if (!d)
			return MS_ERR_NOMEM;
		h->doc = d, h->cap = cap;
	}
	h->key[h->n] = key, h->doc[h->n] = doc, h->n++;
	return 0;
}

struct pair {
	int64_t key, doc;
};

static int pair_newer(const void *a, const void *b)
{
	int64_t x = ((const struct pair *)a)->key, y = ((const struct pair *)b)->key;
	return x < y ? 1 : x > y ? -1 : 0;
}

/* Sort h's hits from index from on, newest first. */
static int hits_sort(struct hits *h, size_t from)
{
	if (h->n - from < 2)
		return 0;
	struct pair *p = malloc((h->n - from) * sizeof *p);
	if (!p)
		return MS_ERR_NOMEM;
	for (size_t i = from; i < h->n; i++)
		p[i - from].key = h->key[i], p[i - from].doc = h->doc[i];
	qsort(p, h->n - from, sizeof *p, pair_newer);
	for (size_t i = from; i < h->n; i++)
		h->key[i] = p[i - from].key, h->doc[i] = p[i - from].doc;
	free(p);
	return 0;
}

/* Run st (WALK, REST or OLDER) on the documents below id below, at most lim
 * rows: its matches appended to h, newest first; *read (when not NULL) the
 * rows WALK read (and *below the lowest of them), *got how many matched. */
static int pg_run(struct ms_db *db, const struct ms_stmt *st, const char *tsq, int64_t congress_id, const char *kind,
		  int64_t *below, int64_t lim, struct hits *h, int64_t *read, int64_t *got, struct ms_error *e)
{
	int64_t *key = NULL, *doc = NULL;
	size_t n = 0, from = h->n;
	int rc = ms_q_ids(db, st, MS_ARGS(MS_VT(tsq), MS_VI(congress_id), MS_VT(kind), MS_VI(*below), MS_VI(lim)),
			  &key, &doc, &n, e);
	for (size_t i = 0; !rc && i < n; i++) {
		if (doc[i] > 0) {
			if (hits_add(h, key[i], doc[i]))
				rc = ms_nomem(e);
		} else if (read && (*read = -doc[i]) > 0) {
			*below = key[i]; /* WALK's last row: what it read */
		}
	}
	free(key), free(doc);
	if (!rc && hits_sort(h, from))
		rc = ms_nomem(e);
	*got = (int64_t)(h->n - from);
	return rc;
}

static int pg_find(struct ms_db *db, const char *kind, int64_t congress_id, const char *tsq, int64_t limit,
		   int64_t offset, struct hits *h, int64_t *total, struct ms_error *e)
{
	const int64_t need = offset + limit, cap = total ? MS_SEARCH_TOTAL_MAX : 0;
	int64_t below = INT64_MAX, walked = 0, window = WALK_FIRST, n;
	bool all = false;
	for (;;) { /* the walk */
		int64_t read = 0;
		int rc = pg_run(db, &WALK, tsq, congress_id, kind, &below, window, h, &read, &n, e);
		if (rc)
			return rc;
		walked += read;
		if (read < window) {
			all = true; /* every document read */
			break;
		}
		int64_t got = (int64_t)h->n;
		if ((got >= need && got >= cap) || !got)
			break; /* settled, or too rare to walk for */
		int64_t rate = walked * 9 / 8 / got + 1; /* rows per match, with a margin */
		int64_t room = (WALK_BUDGET - walked - 16) / rate; /* matches the budget can still find */
		int64_t goal = got < need ? need : cap;
		if (cap > goal && cap - got <= room)
			goal = cap;
		if (goal - got > room)
			break; /* the GIN index is the cheaper for the rest */
		window = (goal - got) * rate + 16;
	}
	int64_t got = (int64_t)h->n;
	if (!all && got >= need && got < cap) {
		int64_t more = 0; /* the page is there: the rest of the total */
		int rc = ms_q_i64(db, &REST_COUNT,
				  MS_ARGS(MS_VT(tsq), MS_VI(congress_id), MS_VT(kind), MS_VI(below), MS_VI(cap - got)),
				  &more, e);
		*total = got + more;
		return rc;
	}
	if (!all && got < need) {
		int64_t want = (need > cap ? need : cap) - got + 1;
		int rc = pg_run(db, &REST, tsq, congress_id, kind, &below, want, h, NULL, &n, e);
		if (rc)
			return rc;
		if (n < want) {
			all = true;
		} else {
			h->n = (size_t)got; /* not all: the page's rest from the sorted older matches */
			rc = pg_run(db, &OLDER, tsq, congress_id, kind, &below, need - got, h, NULL, &n, e);
			if (rc)
				return rc;
		}
	}
	if (total)
		*total = all && (int64_t)h->n < MS_SEARCH_TOTAL_MAX ? (int64_t)h->n : MS_SEARCH_TOTAL_MAX;
	return 0;
}

int ms_search_find(struct ms_db *db, const char *kind, int64_t congress_id, const char *q, int64_t limit,
		   int64_t offset, int64_t **ids, size_t *n, int64_t *total, struct ms_error *e)
{
	*ids = NULL, *n = 0;
	if (total)
		*total = 0;
	if (ms_search_query_check(q)) {
		*ids = malloc(sizeof **ids);
		return *ids ? 0 : ms_nomem(e);
	}
	struct match m = {.pg = ms_sql_kind(ms_db_conn(db)) == MS_SQL_PG};
	int rc = terms(q, match_term, &m);
	if (rc) {
		free(m.buf);
		return ms_nomem(e);
	}
	if (m.pg && kind && limit > 0 && offset >= 0) {
		struct hits h = {0};
		rc = pg_find(db, kind, congress_id, m.buf, limit, offset, &h, total, e);
		free(m.buf);
		size_t from = (size_t)offset < h.n ? (size_t)offset : h.n;
		size_t k = h.n - from < (size_t)limit ? h.n - from : (size_t)limit;
		*ids = rc ? NULL : malloc((k ? k : 1) * sizeof **ids);
		if (!rc && !*ids)
			rc = ms_nomem(e);
		for (size_t i = 0; !rc && i < k; i++)
			(*ids)[i] = h.doc[from + i];
		*n = rc ? 0 : k;
		free(h.key), free(h.doc);
		return rc;
	}
	if (limit > 0 && offset >= 0) {
		/* one read of the newest matches up to the page's end or the total's
		 * cap, whichever is further: the page is their tail, the total their
		 * number (a rare term's matches are read once, not again to count) */
		int64_t want = offset + limit, *all = NULL;
		if (total && want < MS_SEARCH_TOTAL_MAX)
			want = MS_SEARCH_TOTAL_MAX;
		size_t k = 0;
		rc = ms_q_ids(db, &FIND,
			      MS_ARGS(MS_VT(m.buf), MS_VI(congress_id), MS_VT(kind), MS_VT(kind), MS_VI(want), MS_VI(0)),
			      &all, NULL, &k, e);
		size_t from = (size_t)offset < k ? (size_t)offset : k;
		*n = k - from < (size_t)limit ? k - from : (size_t)limit;
		if (!rc)
			memmove(all, all + from, *n * sizeof *all);
		*ids = all;
		if (!rc && total)
			*total = (int64_t)k < MS_SEARCH_TOTAL_MAX ? (int64_t)k : MS_SEARCH_TOTAL_MAX;
	} else {
		rc = ms_q_ids(db, &FIND,
			      MS_ARGS(MS_VT(m.buf), MS_VI(congress_id), MS_VT(kind), MS_VT(kind), MS_VI(limit),
				      MS_VI(offset)),
			      ids, NULL, n, e);
		if (!rc && total)
			rc = ms_q_i64(db, &COUNT,
				      MS_ARGS(MS_VT(m.buf), MS_VI(congress_id), MS_VT(kind), MS_VT(kind),
					      MS_VI(MS_SEARCH_TOTAL_MAX)),
				      total, e);
	}
	free(m.buf);
	if (rc) {
		free(*ids);
		*ids = NULL, *n = 0;
	}
	return rc;
}
