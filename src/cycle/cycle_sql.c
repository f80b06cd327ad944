/* cycle_sql.c — the SQL of rounds. */
#include "cycle_internal.h"

#include <string.h>

#include "../core/util.h"
#include "../store/query.h"

static const struct ms_stmt INSERT = MS_STMT(
	"cycle.insert",
	"INSERT INTO cycle(congress_id, year, title, title_en, created_at, decision, guidance_id) "
	"VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
#define CYCLE_COLS                                                                                    \
	"SELECT c.id, c.congress_id, c.year, c.title, c.title_en, c.phase, "                           \
	"(SELECT count(*) FROM candidate k WHERE k.cycle_id = c.id) AS candidates, c.created_at, "      \
	"c.decision, c.guidance_id, (SELECT g.title FROM guidance g WHERE g.id = c.guidance_id) AS guidance_title "
static const struct ms_stmt GET = MS_STMT("cycle.get", CYCLE_COLS "FROM cycle c WHERE c.id = ?");
#define LIST_SQL(L)                                                                                 \
	CYCLE_COLS ", count(*) OVER () AS _total FROM cycle c WHERE c.congress_id = ? "                 \
		   "AND c.kind = 'round' AND (" MS_MATCH(L, "c.title") " OR " MS_MATCH(L, "c.title_en") ") ORDER BY c.year DESC LIMIT ? OFFSET ?"
static const struct ms_stmt LIST = MS_STMT_SEARCH("cycle.list", LIST_SQL);
static const struct ms_stmt SET_PHASE = MS_STMT("cycle.set_phase", "UPDATE cycle SET phase = ? WHERE id = ?");
static const struct ms_stmt SET_GUIDANCE =
	MS_STMT("cycle.set_guidance", "UPDATE cycle SET guidance_id = ? WHERE id = ? AND guidance_id IS NULL");

static const struct ms_stmt OWNER =
	MS_STMT("cycle.owner", "SELECT congress_id FROM cycle WHERE id = ? AND kind = 'round'");
static const struct ms_stmt REVIEW_HOST =
	MS_STMT("cycle.review_host", "SELECT id FROM cycle WHERE congress_id = ? AND kind = 'review'");
static const struct ms_stmt REVIEW_HOST_INSERT = MS_STMT(
	"cycle.review_host_insert",
	"INSERT INTO cycle(congress_id, year, title, title_en, phase, created_at, decision, kind) "
	"VALUES (?, 0, '述职评议', 'Report-and-rate reviews', 'evaluate', ?, 'ballot', 'review') RETURNING id");
static const struct ms_stmt SUBJECT_INSERT =
	MS_STMT("cycle.subject_insert", "INSERT INTO candidate(cycle_id, title, title_en, cost, unit_id, created_at) "
					"VALUES (?, ?, ?, 0, ?, ?) RETURNING id");

const struct ms_stmt *const ms_cycle_stmts[] = {&INSERT, &GET, &LIST, &SET_PHASE, &SET_GUIDANCE, &OWNER,
						&REVIEW_HOST, &REVIEW_HOST_INSERT, &SUBJECT_INSERT, NULL};

int ms_cycle_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	int rc = ms_q_i64(db, &OWNER, MS_ARGS(MS_VI(id)), congress_id, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_cycle_kind, id) : rc;
}

int ms_cycle_review_host(struct ms_db *db, int64_t congress_id, int64_t *id, struct ms_error *e)
{
	int rc = ms_q_i64(db, &REVIEW_HOST, MS_ARGS(MS_VI(congress_id)), id, e);
	if (rc != MS_ERR_NOT_FOUND)
		return rc;
	char now[32];
	ms_now_iso(now, sizeof now);
	return ms_q_i64(db, &REVIEW_HOST_INSERT, MS_ARGS(MS_VI(congress_id), MS_VT(now)), id, e);
}

int ms_cycle_subject_add(struct ms_db *db, int64_t host_id, const char *title, const char *title_en, int64_t unit_id,
			 int64_t *candidate_id, struct ms_error *e)
{
	char now[32];
	ms_now_iso(now, sizeof now);
	return ms_q_i64(db, &SUBJECT_INSERT,
			MS_ARGS(MS_VI(host_id), MS_VT(title), MS_VT(title_en), MS_VI(unit_id), MS_VT(now)), candidate_id,
			e);
}

int ms_cycle_sql_insert(struct ms_db *db, int64_t congress_id, const struct ms_cycle_in *in, const char *now,
			int64_t *id, struct ms_error *e)
{
	return ms_q_i64(db, &INSERT,
			MS_ARGS(MS_VI(congress_id), MS_VI(in->year), MS_VT(in->title), MS_VT(in->title_en), MS_VT(now),
				MS_VT(ms_names_key(&ms_decision_names, in->decision)), MS_VREF(in->guidance_id)),
			id, e);
}

int ms_cycle_sql_set_guidance(struct ms_db *db, int64_t id, int64_t guidance_id, struct ms_error *e)
{
	return ms_q_exec(db, &SET_GUIDANCE, MS_ARGS(MS_VI(guidance_id), MS_VI(id)), e);
}

int ms_cycle_get(struct ms_db *db, int64_t id, struct ms_cycle *out, json_t **json, struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, &GET, MS_ARGS(MS_VI(id)), &s, e);
	if (rc)
		return rc;
	rc = ms_sql_step(s, e);
	if (rc == 1) {
		rc = 0;
		if (out) {
			out->id = ms_sql_column_i64(s, 0);
			out->congress_id = ms_sql_column_i64(s, 1);
			out->year = ms_sql_column_i64(s, 2);
			out->phase = ms_names_find(&ms_phase_names, ms_sql_column_text(s, 5, NULL));
			out->decision = ms_names_find(&ms_decision_names, ms_sql_column_text(s, 8, NULL));
			out->guidance_id = ms_sql_column_i64(s, 9);
		}
		if (json && !(*json = ms_q_row_to_json(s, NULL)))
			rc = ms_nomem(e);
	} else if (rc == 0) {
		rc = ms_store_not_found(e, &ms_cycle_kind, id);
	}
	ms_sql_reset(s);
	return rc;
}

int ms_cycle_list(struct ms_db *db, int64_t congress_id, const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	const char *q = pg ? pg->q : NULL;
	return ms_q_page(db, &LIST, MS_ARGS(MS_VI(congress_id), MS_VLIKE(q), MS_VLIKE(q)), pg, out, e);
}

int ms_cycle_sql_set_phase(struct ms_db *db, int64_t id, const char *phase, struct ms_error *e)
{
	return ms_q_exec(db, &SET_PHASE, MS_ARGS(MS_VT(phase), MS_VI(id)), e);
}
