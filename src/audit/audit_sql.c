/* audit_sql.c — the audit log's SQL: the chain's head under its lock, the
 * append, the walk over every entry, and the list. */
#include "audit_internal.h"

#include <stdio.h>

#include <string.h>

#include "../store/query.h"

/* PostgreSQL: several server processes append to one log. The lock is
 * transaction-scoped (key: "msaudit!" in ASCII) and taken before the head
 * is read, so each append reads the head the previous one committed: under
 * READ COMMITTED each statement sees what was committed before it began,
 * and a commit is visible before its locks are released. (FOR UPDATE on the
 * newest row would not do: a transaction waiting on it would then see that
 * row, not the one appended after it.) SQLite: writers hold the database's
 * one write lock from BEGIN IMMEDIATE, nothing to do. */
static const struct ms_stmt LOCK =
	MS_STMT2("audit.lock", NULL, "SELECT pg_advisory_xact_lock(7886754529279570977)");
static const struct ms_stmt HEAD =
	MS_STMT("audit.head", "SELECT hash FROM audit WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1");
/* SQLite picks max(id) + 1 itself; chosen here, under the lock, the id is
 * known before the row is written (the hash covers it). */
static const struct ms_stmt NEXT_ID = MS_STMT2("audit.next_id", "SELECT coalesce(max(id), 0) + 1 FROM audit",
					       "SELECT nextval(pg_get_serial_sequence('audit', 'id'))");
static const struct ms_stmt INSERT =
	MS_STMT("audit.insert", "INSERT INTO audit(id, at, user_id, congress_id, action, object, detail, hash) "
				"VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
static const struct ms_stmt EACH = MS_STMT(
	"audit.each", "SELECT id, at, user_id, congress_id, action, object, detail, hash FROM audit ORDER BY id");

#define LIST_SQL(L)                                                                                    \
	"SELECT a.id, a.at, a.user_id, u.login AS user_login, a.congress_id, a.action, a.object, "        \
	"a.detail AS detail_j, a.hash, count(*) OVER () AS _total FROM audit a "                         \
	"LEFT JOIN \"user\" u ON u.id = a.user_id "                                                      \
	"WHERE (CAST(? AS BIGINT) = 0 OR a.congress_id = ?) AND (CAST(? AS BIGINT) = 0 OR a.user_id = ?) "  \
	"AND (CAST(? AS TEXT) = '' OR a.action = ? OR substr(a.action, 1, CAST(? AS INTEGER)) = ?) "       \
	"AND (CAST(? AS TEXT) = '' OR substr(a.at, 1, 10) >= ?) "                                          \
	"AND (CAST(? AS TEXT) = '' OR substr(a.at, 1, 10) <= ?) AND (" MS_MATCH(L, "a.action") " OR "     \
	MS_MATCH(L, "a.object") ") ORDER BY a.id DESC LIMIT ? OFFSET ?"
static const struct ms_stmt LIST = MS_STMT_SEARCH("audit.list", LIST_SQL);

static const struct ms_stmt COUNT =
	MS_STMT("audit.count", "SELECT count(*) FROM audit WHERE action = ? AND object = ?");

const struct ms_stmt *const ms_audit_stmts[] = {&LOCK, &HEAD, &NEXT_ID, &INSERT, &EACH, &LIST, &COUNT, NULL};

int ms_audit_count(struct ms_db *db, const char *action, const char *kind, int64_t id, int64_t *n, struct ms_error *e)
{
	char object[96];
	snprintf(object, sizeof object, "%s/%lld", kind, (long long)id);
	return ms_q_i64(db, &COUNT, MS_ARGS(MS_VT(action), MS_VT(object)), n, e);
}

static int absorb(void *ctx, const struct ms_audit_entry *en, const unsigned char *hash, size_t hash_n,
		  struct ms_error *e)
{
	(void)hash, (void)hash_n;
	return ms_audit_absorb(ctx, en, e);
}

int ms_audit_sql_head(struct ms_db *db, unsigned char prev[MS_AUDIT_HASH_BYTES], struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc;
	if ((rc = ms_q_exec(db, &LOCK, MS_NOARGS, e)) || (rc = ms_q_bind(db, &HEAD, MS_NOARGS, &s, e)))
		return rc;
	size_t n = 0;
	const void *p = (rc = ms_sql_step(s, e)) == 1 ? ms_sql_column_blob(s, 0, &n) : NULL;
	if (p && n == MS_AUDIT_HASH_BYTES)
		memcpy(prev, p, n);
	else if (rc == 1)
		rc = ms_error_set(e, MS_ERR_STORE, NULL, NULL, "the audit log's newest hash is not %d bytes",
				  MS_AUDIT_HASH_BYTES);
	ms_sql_reset(s);
	if (rc != 0)
		return rc < 0 ? rc : 0;
	/* No entry is chained yet: the first link covers every entry before it. */
	crypto_generichash_state h;
	if (!(rc = ms_audit_genesis_init(&h, e)) && !(rc = ms_audit_sql_each(db, absorb, &h, e)))
		rc = ms_audit_genesis_final(&h, prev, e);
	return rc;
}

int ms_audit_sql_next_id(struct ms_db *db, int64_t *id, struct ms_error *e)
{
	return ms_q_i64(db, &NEXT_ID, MS_NOARGS, id, e);
}

int ms_audit_sql_insert(struct ms_db *db, const struct ms_audit_entry *en, const unsigned char hash[MS_AUDIT_HASH_BYTES],
			struct ms_error *e)
{
	/* The texts made by ms_audit_append are NUL-terminated. */
	return ms_q_exec(db, &INSERT,
			 MS_ARGS(MS_VI(en->id), MS_VT(en->at.s), MS_VREF(en->has_user ? en->user_id : 0),
				 MS_VREF(en->has_congress ? en->congress_id : 0), MS_VT(en->action.s), MS_VT(en->object.s),
				 MS_VT(en->detail.s), MS_VB(hash, MS_AUDIT_HASH_BYTES)),
			 e);
}

static struct ms_audit_text column_text(struct ms_sql_stmt *s, int i)
{
	struct ms_audit_text t = {NULL, 0};
	if (ms_sql_column_type(s, i) != MS_SQL_NULL)
		t.s = ms_sql_column_text(s, i, &t.n);
	return t;
}

int ms_audit_sql_each(struct ms_db *db, ms_audit_each_fn fn, void *ctx, struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, &EACH, MS_NOARGS, &s, e);
	if (rc)
		return rc;
	int stop = 0;
	while (!stop && (rc = ms_sql_step(s, e)) == 1) {
		struct ms_audit_entry en = {.id = ms_sql_column_i64(s, 0),
					    .at = column_text(s, 1),
					    .has_user = ms_sql_column_type(s, 2) != MS_SQL_NULL,
					    .user_id = ms_sql_column_i64(s, 2),
					    .has_congress = ms_sql_column_type(s, 3) != MS_SQL_NULL,
					    .congress_id = ms_sql_column_i64(s, 3),
					    .action = column_text(s, 4),
					    .object = column_text(s, 5),
					    .detail = column_text(s, 6)};
		size_t hash_n = 0;
		const unsigned char *hash =
			ms_sql_column_type(s, 7) == MS_SQL_NULL ? NULL : ms_sql_column_blob(s, 7, &hash_n);
		stop = fn(ctx, &en, hash, hash_n, e);
	}
	ms_sql_reset(s);
	return stop ? stop : rc < 0 ? rc : 0;
}

int ms_audit_list_filtered(struct ms_db *db, const struct ms_audit_filter *f, const struct ms_page *pg, json_t **out,
		  struct ms_error *e)
{
	const char *q = pg ? pg->q : NULL;
	const char *action = f->action ? f->action : "", *from = f->from ? f->from : "", *to = f->to ? f->to : "";
	/* An action names itself; a kind ("user") every action of it ("user.create", …). */
	char kind[80];
	snprintf(kind, sizeof kind, "%s.", action);
	return ms_q_page(db, &LIST,
			 MS_ARGS(MS_VI(f->congress_id), MS_VI(f->congress_id), MS_VI(f->user_id), MS_VI(f->user_id),
				 MS_VT(action), MS_VT(action), MS_VI((int64_t)strlen(kind)), MS_VT(kind), MS_VT(from),
				 MS_VT(from), MS_VT(to), MS_VT(to), MS_VLIKE(q), MS_VLIKE(q)),
			 pg, out, e);
}

int ms_audit_list(struct ms_db *db, int64_t congress_id, const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	struct ms_audit_filter f = {.congress_id = congress_id};
	return ms_audit_list_filtered(db, &f, pg, out, e);
}
