/*
 * ballot_sql.c — the SQL of participation and ballots, kept apart: a
 * participation row names the deputy; while the poll is open a ballot is a
 * sealed box under a random id (ballot_box); from the close a ballot row
 * holds a random id, the poll, the choices, the paper flag and the tracker,
 * and nothing that names anyone.
 */
#include "vote_internal.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "../store/query.h"

static const struct ms_stmt PARTICIPATION_ADD =
	MS_STMT("ballot.participation_add", "INSERT INTO participation(poll_id, user_id) VALUES (?, ?)");
static const struct ms_stmt HAS_VOTED =
	MS_STMT("ballot.has_voted", "SELECT 1 FROM participation WHERE poll_id = ? AND user_id = ?");
static const struct ms_stmt ADD =
	MS_STMT("ballot.add", "INSERT INTO ballot(id, poll_id, choices, paper, tracker) VALUES (?, ?, ?, ?, ?)");
static const struct ms_stmt COUNT =
	MS_STMT("ballot.count", "SELECT (SELECT count(*) FROM ballot WHERE poll_id = ?) + "
				"(SELECT count(*) FROM ballot_box WHERE poll_id = ?)");
static const struct ms_stmt PARTICIPATION_COUNT =
	MS_STMT("ballot.participation_count", "SELECT count(*) FROM participation WHERE poll_id = ?");
static const struct ms_stmt BOX_ADD = MS_STMT("ballot.box_add", "INSERT INTO ballot_box(id, poll_id, box) VALUES (?, ?, ?)");
static const struct ms_stmt BOX_EACH = MS_STMT("ballot.box_each", "SELECT box FROM ballot_box WHERE poll_id = ? ORDER BY id");
static const struct ms_stmt BOX_CLEAR = MS_STMT("ballot.box_clear", "DELETE FROM ballot_box WHERE poll_id = ?");
static const struct ms_stmt EACH = MS_STMT("ballot.each", "SELECT choices, paper FROM ballot WHERE poll_id = ? ORDER BY id");
/* The id is a blob: it reads as lowercase hex. */
static const struct ms_stmt LIST =
	MS_STMT("ballot.list", "SELECT id, tracker, choices AS choices_j, paper AS paper_b, count(*) OVER () AS _total "
			       "FROM ballot WHERE poll_id = ? ORDER BY id LIMIT ? OFFSET ?");

/* The bulletin: every ballot in the order of its random id. */
static const struct ms_stmt BULLETIN =
	MS_STMT("ballot.bulletin", "SELECT tracker, choices, paper FROM ballot WHERE poll_id = ? ORDER BY id");

const struct ms_stmt *const ms_ballot_stmts[] = {&BULLETIN, &PARTICIPATION_ADD, &HAS_VOTED, &ADD,	  &COUNT,
						  &PARTICIPATION_COUNT, &BOX_ADD,   &BOX_EACH, &BOX_CLEAR,
						  &EACH,	      &LIST,	    NULL};

int ms_ballot_sql_participation_add(struct ms_db *db, int64_t poll_id, int64_t user_id, struct ms_error *e)
{
	int rc = ms_q_exec(db, &PARTICIPATION_ADD, MS_ARGS(MS_VI(poll_id), MS_VI(user_id)), e);
	return rc == MS_ERR_CONFLICT ? ms_fail(e, MS_E_ALREADY_VOTED, NULL) : rc;
}

int ms_ballot_sql_has_voted(struct ms_db *db, int64_t poll_id, int64_t user_id, bool *out, struct ms_error *e)
{
	return ms_q_exists(db, &HAS_VOTED, MS_ARGS(MS_VI(poll_id), MS_VI(user_id)), out, e);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* A JSON array of the ids, sorted unless in_order (NULL when out of memory). */
static json_t *id_array(const int64_t *ids, size_t n, bool in_order)
{
	int64_t *v = malloc((n ? n : 1) * sizeof *v);
	json_t *arr = json_array();
	if (!v || !arr) {
		free(v);
		json_decref(arr);
		return NULL;
	}
	if (n)
		memcpy(v, ids, n * sizeof *v);
	if (!in_order)
		qsort(v, n, sizeof *v, cmp_i64);
	for (size_t i = 0; i < n; i++)
		if (json_array_append_new(arr, json_integer(v[i]))) {
			json_decref(arr);
			arr = NULL;
			break;
		}
	free(v);
	return arr;
}

int ms_ballot_sql_add(struct ms_db *db, int64_t poll_id, const int64_t *choices, size_t n, const int64_t *opposes,
		      size_t n_opp, bool ranked, bool paper, const char *tracker, struct ms_error *e)
{
	/* Encoding: a sorted array of the approved ids; for a ranked ballot the
	 * ids in the order of priority (the order is the vote); for the approve /
	 * oppose form {"approve":[sorted],"oppose":[sorted]}. */
	json_t *val = id_array(choices, n, ranked);
	if (val && opposes) {
		json_t *opp = id_array(opposes, n_opp, false);
		json_t *obj = opp ? json_pack("{s:o, s:o}", "approve", val, "oppose", opp) : NULL;
		if (!obj)
			json_decref(val), json_decref(opp);
		val = obj;
	}
	char *text = val ? json_dumps(val, JSON_COMPACT) : NULL;
	json_decref(val);
	if (!text)
		return ms_nomem(e);
	int rc = ms_ballot_sql_add_text(db, poll_id, text, paper, tracker, e);
	free(text);
	return rc;
}

int ms_ballot_sql_add_text(struct ms_db *db, int64_t poll_id, const char *text, bool paper, const char *tracker,
			   struct ms_error *e)
{
	unsigned char id[16];
	randombytes_buf(id, sizeof id);
	return ms_q_exec(db, &ADD, MS_ARGS(MS_VB(id, sizeof id), MS_VI(poll_id), MS_VT(text), MS_VI(paper), MS_VT(tracker)),
			 e);
}

int ms_ballot_sql_each_json(struct ms_db *db, int64_t poll_id, int (*fn)(void *ctx, json_t *choices, bool paper),
			    void *ctx, struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, &EACH, MS_ARGS(MS_VI(poll_id)), &s, e);
	if (rc)
		return rc;
	int r = 0;
	while (!r && (rc = ms_sql_step(s, e)) == 1) {
		json_t *v = json_loads(ms_sql_column_text(s, 0, NULL), 0, NULL);
		r = v ? fn(ctx, v, ms_sql_column_i64(s, 1) != 0)
		      : ms_error_set(e, MS_ERR_STORE, NULL, NULL, "corrupt ballot in poll %lld", (long long)poll_id);
		if (r == MS_ERR_NOMEM)
			ms_nomem(e);
		json_decref(v);
	}
	ms_sql_reset(s);
	if (r)
		return r;
	return rc < 0 ? rc : 0;
}

int ms_ballot_sql_count(struct ms_db *db, int64_t poll_id, int64_t *out, struct ms_error *e)
{
	return ms_q_i64(db, &COUNT, MS_ARGS(MS_VI(poll_id), MS_VI(poll_id)), out, e);
}

int ms_ballot_sql_participation_count(struct ms_db *db, int64_t poll_id, int64_t *out, struct ms_error *e)
{
	return ms_q_i64(db, &PARTICIPATION_COUNT, MS_ARGS(MS_VI(poll_id)), out, e);
}

int ms_ballot_sql_box_add(struct ms_db *db, int64_t poll_id, const unsigned char *box, size_t len,
			  struct ms_error *e)
{
	unsigned char id[16];
	randombytes_buf(id, sizeof id);
	return ms_q_exec(db, &BOX_ADD, MS_ARGS(MS_VB(id, sizeof id), MS_VI(poll_id), MS_VB(box, len)), e);
}

int ms_ballot_sql_box_each(struct ms_db *db, int64_t poll_id, ms_box_fn fn, void *ctx, struct ms_error *e)
{
	return ms_q_each_blob(db, &BOX_EACH, MS_ARGS(MS_VI(poll_id)), fn, ctx, e);
}

int ms_ballot_sql_box_clear(struct ms_db *db, int64_t poll_id, struct ms_error *e)
{
	return ms_q_exec(db, &BOX_CLEAR, MS_ARGS(MS_VI(poll_id)), e);
}

/* Copy the integers of arr into *buf (grown as needed) after *n items. */
static int append_ids(json_t *arr, int64_t **buf, size_t *cap, size_t *n)
{
	size_t k = json_array_size(arr);
	if (*n + k > *cap) {
		size_t nc = *n + k + 16;
		int64_t *nb = realloc(*buf, nc * sizeof *nb);
		if (!nb)
			return MS_ERR_NOMEM;
		*buf = nb, *cap = nc;
	}
	for (size_t i = 0; i < k; i++)
		(*buf)[(*n)++] = json_integer_value(json_array_get(arr, i));
	return 0;
}

int ms_ballot_sql_each(struct ms_db *db, int64_t poll_id, ms_ballot_fn fn, void *ctx, struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, &EACH, MS_ARGS(MS_VI(poll_id)), &s, e);
	if (rc)
		return rc;
	int64_t *buf = NULL;
	size_t cap = 0;
	int r = 0;
	while (!r && (rc = ms_sql_step(s, e)) == 1) {
		json_t *v = json_loads(ms_sql_column_text(s, 0, NULL), 0, NULL);
		json_t *appr = json_is_object(v) ? json_object_get(v, "approve") : v;
		json_t *opp = json_is_object(v) ? json_object_get(v, "oppose") : NULL;
		size_t n = 0;
		if (!json_is_array(appr) || (json_is_object(v) && !json_is_array(opp)))
			r = ms_error_set(e, MS_ERR_STORE, NULL, NULL, "corrupt ballot in poll %lld", (long long)poll_id);
		else if (append_ids(appr, &buf, &cap, &n) || append_ids(opp, &buf, &cap, &n))
			r = ms_nomem(e);
		else {
			size_t na = json_array_size(appr);
			r = fn(ctx, buf, na, opp ? buf + na : NULL, n - na, ms_sql_column_i64(s, 1) != 0);
			if (r == MS_ERR_NOMEM)
				ms_nomem(e);
		}
		json_decref(v);
	}
	free(buf);
	ms_sql_reset(s);
	if (r)
		return r;
	return rc < 0 ? rc : 0;
}

int ms_ballot_list(struct ms_db *db, int64_t poll_id, const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	struct ms_poll p;
	int rc = ms_poll_get(db, poll_id, &p, e);
	if (!rc)
		rc = ms_poll_need_closed(&p, MS_AT("可查看选票", "ballots are shown for scrutiny"), e);
	ms_poll_fini(&p);
	return rc ? rc : ms_q_page(db, &LIST, MS_ARGS(MS_VI(poll_id)), pg, out, e);
}

int ms_ballot_sql_bulletin(struct ms_db *db, int64_t poll_id, ms_bulletin_fn fn, void *ctx, struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, &BULLETIN, MS_ARGS(MS_VI(poll_id)), &s, e);
	if (rc)
		return rc;
	int r = 0;
	while (!r && (rc = ms_sql_step(s, e)) == 1)
		r = fn(ctx, ms_sql_column_type(s, 0) == MS_SQL_NULL ? NULL : ms_sql_column_text(s, 0, NULL),
		       ms_sql_column_text(s, 1, NULL), ms_sql_column_i64(s, 2) != 0);
	ms_sql_reset(s);
	if (r)
		return r == MS_ERR_NOMEM ? ms_nomem(e) : r;
	return rc < 0 ? rc : 0;
}
