/* scrutineer_sql.c — the SQL of a poll's scrutineers: who they are, the
 * one-time key each registered, their sealed shares and the commitments,
 * and the poll's public key. */
#include "vote_internal.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "../store/query.h"

static const struct ms_stmt CLEAR = MS_STMT("scrutineer.clear", "DELETE FROM poll_scrutineer WHERE poll_id = ?");
static const struct ms_stmt ADD =
	MS_STMT("scrutineer.add", "INSERT INTO poll_scrutineer(poll_id, user_id, x) VALUES (?, ?, ?)");
static const struct ms_stmt ALL =
	MS_STMT("scrutineer.all", "SELECT user_id, x, share_key, share_hash FROM poll_scrutineer WHERE poll_id = ? ORDER BY x");
static const struct ms_stmt SET_KEY =
	MS_STMT("scrutineer.set_key", "UPDATE poll_scrutineer SET share_key = ? WHERE poll_id = ? AND user_id = ?");
static const struct ms_stmt SET_SHARE = MS_STMT(
	"scrutineer.set_share", "UPDATE poll_scrutineer SET sealed_share = ?, share_hash = ? WHERE poll_id = ? AND user_id = ?");
static const struct ms_stmt SEAL_POLL =
	MS_STMT("scrutineer.seal_poll", "UPDATE poll SET public_key = ?, shares_needed = ? WHERE id = ?");
static const struct ms_stmt SET_NEEDED = MS_STMT("scrutineer.set_needed", "UPDATE poll SET shares_needed = ? WHERE id = ?");
static const struct ms_stmt LIST =
	MS_STMT("scrutineer.list", "SELECT s.user_id, u.name, s.x, s.share_key IS NOT NULL AS key_registered_b, "
				   "s.sealed_share IS NOT NULL AS share_ready_b FROM poll_scrutineer s "
				   "JOIN \"user\" u ON u.id = s.user_id WHERE s.poll_id = ? ORDER BY s.x");
static const struct ms_stmt MINE =
	MS_STMT("scrutineer.mine", "SELECT x, sealed_share FROM poll_scrutineer WHERE poll_id = ? AND user_id = ?");

const struct ms_stmt *const ms_scrutineer_stmts[] = {&CLEAR,	 &ADD,	&ALL,  &SET_KEY, &SET_SHARE,
						     &SEAL_POLL, &SET_NEEDED, &LIST, &MINE,	 NULL};

int ms_scrutineer_sql_clear(struct ms_db *db, int64_t poll_id, struct ms_error *e)
{
	return ms_q_exec(db, &CLEAR, MS_ARGS(MS_VI(poll_id)), e);
}

int ms_scrutineer_sql_add(struct ms_db *db, int64_t poll_id, int64_t user_id, unsigned x, struct ms_error *e)
{
	return ms_q_exec(db, &ADD, MS_ARGS(MS_VI(poll_id), MS_VI(user_id), MS_VI(x)), e);
}

int ms_scrutineer_sql_all(struct ms_db *db, int64_t poll_id, struct ms_scrutineer **out, size_t *n,
			  struct ms_error *e)
{
	struct ms_sql_stmt *s;
	*out = NULL, *n = 0;
	int rc = ms_q_bind(db, &ALL, MS_ARGS(MS_VI(poll_id)), &s, e);
	if (rc)
		return rc;
	struct ms_scrutineer *v = calloc(MS_SCRUTINEERS_MAX, sizeof *v);
	if (!v) {
		ms_sql_reset(s);
		return ms_nomem(e);
	}
	while ((rc = ms_sql_step(s, e)) == 1 && *n < MS_SCRUTINEERS_MAX) {
		struct ms_scrutineer *t = &v[(*n)++];
		size_t len = 0;
		t->user_id = ms_sql_column_i64(s, 0);
		t->x = (unsigned char)ms_sql_column_i64(s, 1);
		const void *k = ms_sql_column_blob(s, 2, &len);
		if ((t->has_key = k && len == sizeof t->share_key))
			memcpy(t->share_key, k, sizeof t->share_key);
		const void *h = ms_sql_column_blob(s, 3, &len);
		if (h && len == sizeof t->share_hash)
			memcpy(t->share_hash, h, sizeof t->share_hash);
	}
	ms_sql_reset(s);
	if (rc < 0) {
		free(v);
		*n = 0;
		return rc;
	}
	*out = v;
	return 0;
}

int ms_scrutineer_sql_set_key(struct ms_db *db, int64_t poll_id, int64_t user_id, const unsigned char key[32],
			      struct ms_error *e)
{
	return ms_q_exec(db, &SET_KEY, MS_ARGS(MS_VB(key, 32), MS_VI(poll_id), MS_VI(user_id)), e);
}

int ms_scrutineer_sql_set_share(struct ms_db *db, int64_t poll_id, int64_t user_id, const unsigned char *sealed,
				size_t len, const unsigned char hash[32], struct ms_error *e)
{
	return ms_q_exec(db, &SET_SHARE, MS_ARGS(MS_VB(sealed, len), MS_VB(hash, 32), MS_VI(poll_id), MS_VI(user_id)), e);
}

int ms_scrutineer_sql_seal_poll(struct ms_db *db, int64_t poll_id, const unsigned char pk[32], unsigned k,
				struct ms_error *e)
{
	return ms_q_exec(db, &SEAL_POLL, MS_ARGS(MS_VB(pk, 32), MS_VI(k), MS_VI(poll_id)), e);
}

int ms_scrutineer_sql_set_needed(struct ms_db *db, int64_t poll_id, unsigned k, struct ms_error *e)
{
	return ms_q_exec(db, &SET_NEEDED, MS_ARGS(MS_VI(k), MS_VI(poll_id)), e);
}

int ms_scrutineer_sql_list(struct ms_db *db, int64_t poll_id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &LIST, MS_ARGS(MS_VI(poll_id)), out, e);
}

int ms_scrutineer_sql_mine(struct ms_db *db, int64_t poll_id, int64_t user_id, json_t **out, struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, &MINE, MS_ARGS(MS_VI(poll_id), MS_VI(user_id)), &s, e);
	if (rc)
		return rc;
	if ((rc = ms_sql_step(s, e)) != 1) {
		ms_sql_reset(s);
		return rc == 0 ? MS_ERR_NOT_FOUND : rc;
	}
	size_t len = 0;
	const unsigned char *box = ms_sql_column_blob(s, 1, &len);
	char *b64 = NULL;
	if (box && len) {
		size_t cap = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		if ((b64 = malloc(cap)))
			sodium_bin2base64(b64, cap, box, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	}
	json_int_t x = (json_int_t)ms_sql_column_i64(s, 0);
	ms_sql_reset(s);
	if (box && len && !b64)
		return ms_nomem(e);
	*out = json_pack("{s:I, s:s?}", "x", x, "sealed_share", b64);
	free(b64);
	return *out ? 0 : ms_nomem(e);
}
