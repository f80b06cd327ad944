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

const struct ms_stmt *const ms_search_stmts[] = {&DOC_GET, &DOC_ADD,   &DOC_SET, &DOC_DEL, &DOC_CLEAR, &FTS_ADD,
						 &FTS_DEL, &FTS_CLEAR, &FIND,	 &COUNT,   NULL};

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
	rc = ms_q_ids(db, &FIND,
		      MS_ARGS(MS_VT(m.buf), MS_VI(congress_id), MS_VT(kind), MS_VT(kind), MS_VI(limit), MS_VI(offset)),
		      ids, NULL, n, e);
	if (!rc && total)
		rc = ms_q_i64(db, &COUNT,
			      MS_ARGS(MS_VT(m.buf), MS_VI(congress_id), MS_VT(kind), MS_VT(kind),
				      MS_VI(MS_SEARCH_TOTAL_MAX)),
			      total, e);
	free(m.buf);
	if (rc) {
		free(*ids);
		*ids = NULL, *n = 0;
	}
	return rc;
}
