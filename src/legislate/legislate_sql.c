/* legislate_sql.c — the SQL of legislative contact points: points and their
 * informants, drafts and their articles, comments, opinions, the funnel. */
#include "legislate_internal.h"

#include <string.h>

#include "../core/util.h"

#include "../store/query.h"

static const struct ms_stmt POINT_INSERT = MS_STMT(
	"legis.point_insert",
	"INSERT INTO legis_point(congress_id, name, address, created_at) VALUES (?, ?, ?, ?) RETURNING id");
static const struct ms_stmt POINT_CONGRESS = MS_STMT("legis.point_congress", "SELECT congress_id FROM legis_point WHERE id = ?");
static const struct ms_stmt POINTS = MS_STMT(
	"legis.points",
	"SELECT p.id, p.congress_id, p.name, p.address, p.created_at, "
	"(SELECT count(*) FROM legis_informant i WHERE i.point_id = p.id) AS informants, "
	"(SELECT count(*) FROM legis_comment c WHERE c.point_id = p.id) AS comments "
	"FROM legis_point p WHERE p.congress_id = ? ORDER BY p.id");
static const struct ms_stmt INFORMANT_INSERT = MS_STMT(
	"legis.informant_insert",
	"INSERT INTO legis_informant(point_id, name, organization, phone, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id");
static const struct ms_stmt INFORMANT_POINT =
	MS_STMT("legis.informant_point", "SELECT point_id FROM legis_informant WHERE id = ?");
static const struct ms_stmt INFORMANTS = MS_STMT(
	"legis.informants",
	"SELECT i.id, i.point_id, i.name, i.organization, i.phone, i.created_at, "
	"(SELECT count(*) FROM legis_comment c WHERE c.informant_id = i.id) AS comments "
	"FROM legis_informant i WHERE i.point_id = ? ORDER BY i.id");

static const struct ms_stmt DRAFT = MS_STMT2(
	"legis.draft",
	"SELECT d.id, d.congress_id, d.status, d.closes_on, "
	"(SELECT count(*) FROM draft_article a WHERE a.draft_id = d.id) FROM draft d WHERE d.id = ?",
	"SELECT d.id, d.congress_id, d.status, d.closes_on, "
	"(SELECT count(*) FROM draft_article a WHERE a.draft_id = d.id) FROM draft d WHERE d.id = ? FOR UPDATE");
static const struct ms_stmt DRAFT_CONGRESS = MS_STMT("legis.draft_congress", "SELECT congress_id FROM draft WHERE id = ?");
static const struct ms_stmt OPINION_CONGRESS = MS_STMT(
	"legis.opinion_congress",
	"SELECT d.congress_id FROM legis_opinion o JOIN draft d ON d.id = o.draft_id WHERE o.id = ?");
static const struct ms_stmt DRAFT_INSERT = MS_STMT(
	"legis.draft_insert",
	"INSERT INTO draft(congress_id, title, issuer, summary, closes_on, created_at) VALUES (?, ?, ?, ?, ?, ?) "
	"RETURNING id");
static const struct ms_stmt DRAFT_UPDATE = MS_STMT(
	"legis.draft_update",
	"UPDATE draft SET title = COALESCE(?, title), issuer = COALESCE(?, issuer), summary = COALESCE(?, summary), "
	"closes_on = COALESCE(?, closes_on) WHERE id = ?");
static const struct ms_stmt DRAFT_OPEN =
	MS_STMT("legis.draft_open", "UPDATE draft SET status = 'open', opened_at = ? WHERE id = ?");
static const struct ms_stmt DRAFT_CLOSE =
	MS_STMT("legis.draft_close", "UPDATE draft SET status = 'closed', closed_at = ? WHERE id = ?");
static const struct ms_stmt ARTICLES_CLEAR = MS_STMT("legis.articles_clear", "DELETE FROM draft_article WHERE draft_id = ?");
static const struct ms_stmt ARTICLE_INSERT = MS_STMT(
	"legis.article_insert", "INSERT INTO draft_article(draft_id, no, label, chapter, text) VALUES (?, ?, ?, ?, ?)");
#define DRAFT_SELECT                                                                                       \
	"SELECT d.id, d.congress_id, c.name AS congress_name, d.title, d.issuer, d.summary, d.status, d.closes_on, " \
	"d.opened_at, d.closed_at, d.created_at, "                                                               \
	"(SELECT count(*) FROM draft_article a WHERE a.draft_id = d.id) AS articles, "                             \
	"(SELECT count(*) FROM legis_comment m WHERE m.draft_id = d.id) AS comments "
#define DRAFT_FROM "FROM draft d JOIN congress c ON c.id = d.congress_id "
#define DRAFT_COLS DRAFT_SELECT DRAFT_FROM
static const struct ms_stmt DRAFT_JSON = MS_STMT("legis.draft_json", DRAFT_COLS "WHERE d.id = ?");
static const struct ms_stmt DRAFT_ARTICLES = MS_STMT(
	"legis.draft_articles",
	"SELECT a.no, a.label, a.chapter, a.text, "
	"(SELECT count(*) FROM legis_comment m WHERE m.draft_id = a.draft_id AND m.article_no = a.no) AS comments "
	"FROM draft_article a WHERE a.draft_id = ? ORDER BY a.no");
#define DRAFTS_SQL(L)                                                                                        \
	DRAFT_SELECT ", count(*) OVER () AS _total " DRAFT_FROM "WHERE d.congress_id = ? AND (CAST(? AS BIGINT) = 1 OR d.status <> 'draft') " \
		   "AND " MS_MATCH(L, "d.title") " ORDER BY d.id DESC LIMIT ? OFFSET ?"
static const struct ms_stmt DRAFTS = MS_STMT_SEARCH("legis.drafts", DRAFTS_SQL);

static const struct ms_stmt COMMENT_INSERT = MS_STMT(
	"legis.comment_insert",
	"INSERT INTO legis_comment(draft_id, article_no, point_id, channel, informant_id, author, contact, text, "
	"track_hash, entered_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
static const struct ms_stmt COMMENT = MS_STMT2(
	"legis.comment", "SELECT draft_id, article_no, COALESCE(opinion_id, 0) FROM legis_comment WHERE id = ?",
	"SELECT draft_id, article_no, COALESCE(opinion_id, 0) FROM legis_comment WHERE id = ? FOR UPDATE");
static const struct ms_stmt COMMENT_ASSIGN =
	MS_STMT("legis.comment_assign", "UPDATE legis_comment SET opinion_id = ? WHERE id = ?");
#define COMMENTS_SQL(L)                                                                                      \
	"SELECT m.id, m.draft_id, m.article_no, m.point_id, p.name AS point_name, m.channel, m.informant_id, "    \
	"i.name AS informant_name, m.author, m.text, m.opinion_id, m.created_at, count(*) OVER () AS _total "    \
	"FROM legis_comment m LEFT JOIN legis_point p ON p.id = m.point_id "                                     \
	"LEFT JOIN legis_informant i ON i.id = m.informant_id "                                                  \
	"WHERE m.draft_id = ? AND (CAST(? AS BIGINT) < 0 OR m.article_no = ?) "                                 \
	"AND (CAST(? AS BIGINT) = 0 OR m.opinion_id IS NULL) AND " MS_MATCH(L, "m.text") " "                    \
	"ORDER BY m.article_no, m.id LIMIT ? OFFSET ?"
static const struct ms_stmt COMMENTS = MS_STMT_SEARCH("legis.comments", COMMENTS_SQL);
static const struct ms_stmt COMMENT_BY_HASH = MS_STMT(
	"legis.comment_by_hash",
	"SELECT m.id, m.draft_id, d.title AS draft_title, d.status AS draft_status, m.article_no, a.label, "
	"m.created_at, o.status AS opinion_status, o.submitted_to, o.submitted_at, o.outcome_note, o.decided_at "
	"FROM legis_comment m JOIN draft d ON d.id = m.draft_id "
	"LEFT JOIN draft_article a ON a.draft_id = m.draft_id AND a.no = m.article_no "
	"LEFT JOIN legis_opinion o ON o.id = m.opinion_id WHERE m.track_hash = ?");

static const struct ms_stmt OPINION_INSERT = MS_STMT(
	"legis.opinion_insert",
	"INSERT INTO legis_opinion(draft_id, article_no, text, created_by, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id");
static const struct ms_stmt OPINION = MS_STMT2(
	"legis.opinion",
	"SELECT o.draft_id, d.congress_id, o.status FROM legis_opinion o JOIN draft d ON d.id = o.draft_id WHERE o.id = ?",
	"SELECT o.draft_id, d.congress_id, o.status FROM legis_opinion o JOIN draft d ON d.id = o.draft_id WHERE o.id = ? "
	"FOR UPDATE OF o");
static const struct ms_stmt OPINION_SUBMIT = MS_STMT(
	"legis.opinion_submit", "UPDATE legis_opinion SET status = 'submitted', submitted_to = ?, submitted_at = ? WHERE id = ?");
static const struct ms_stmt OPINION_OUTCOME = MS_STMT(
	"legis.opinion_outcome", "UPDATE legis_opinion SET status = ?, outcome_note = ?, decided_at = ? WHERE id = ?");
#define OPINION_COLS                                                                                         \
	"SELECT o.id, o.draft_id, o.article_no, a.label, o.text, o.status, o.submitted_to, o.submitted_at, "     \
	"o.outcome_note, o.decided_at, o.created_at, "                                                           \
	"(SELECT count(*) FROM legis_comment m WHERE m.opinion_id = o.id) AS comments "                         \
	"FROM legis_opinion o LEFT JOIN draft_article a ON a.draft_id = o.draft_id AND a.no = o.article_no "
static const struct ms_stmt OPINION_JSON = MS_STMT("legis.opinion_json", OPINION_COLS "WHERE o.id = ?");
static const struct ms_stmt OPINIONS =
	MS_STMT("legis.opinions", OPINION_COLS "WHERE o.draft_id = ? ORDER BY o.article_no, o.id");
static const struct ms_stmt SUBMISSION = MS_STMT(
	"legis.submission", OPINION_COLS "WHERE o.draft_id = ? AND o.status <> 'compiled' ORDER BY o.article_no, o.id");

/* The funnel: comments per article and per point, by what became of them. */
#define FUNNEL_COUNTS                                                                                        \
	"count(*) AS heard, CAST(sum(CASE WHEN o.id IS NULL THEN 0 ELSE 1 END) AS BIGINT) AS compiled, "          \
	"CAST(sum(CASE WHEN o.status IN ('submitted','adopted','not_adopted') THEN 1 ELSE 0 END) AS BIGINT) AS submitted, " \
	"CAST(sum(CASE WHEN o.status = 'adopted' THEN 1 ELSE 0 END) AS BIGINT) AS adopted "                       \
	"FROM legis_comment m LEFT JOIN legis_opinion o ON o.id = m.opinion_id WHERE m.draft_id = ? "
static const struct ms_stmt FUNNEL_ARTICLES =
	MS_STMT("legis.funnel_articles", "SELECT m.article_no, " FUNNEL_COUNTS "GROUP BY m.article_no ORDER BY m.article_no");
static const struct ms_stmt FUNNEL_POINTS = MS_STMT(
	"legis.funnel_points",
	"SELECT m.point_id, (SELECT p.name FROM legis_point p WHERE p.id = m.point_id) AS point_name, " FUNNEL_COUNTS
	"GROUP BY m.point_id ORDER BY m.point_id");
static const struct ms_stmt FUNNEL_OPINIONS = MS_STMT(
	"legis.funnel_opinions",
	"SELECT count(*) AS compiled, "
	"CAST(sum(CASE WHEN status IN ('submitted','adopted','not_adopted') THEN 1 ELSE 0 END) AS BIGINT) AS submitted, "
	"CAST(sum(CASE WHEN status = 'adopted' THEN 1 ELSE 0 END) AS BIGINT) AS adopted "
	"FROM legis_opinion WHERE draft_id = ?");
static const struct ms_stmt FEEDBACK = MS_STMT(
	"legis.feedback",
	"SELECT m.id AS comment_id, m.article_no, a.label, m.channel, m.author, m.contact, i.name AS informant_name, "
	"i.phone AS informant_phone, p.name AS point_name, o.id AS opinion_id, o.outcome_note, "
	"CASE WHEN m.track_hash IS NULL THEN 0 ELSE 1 END AS has_code_b "
	"FROM legis_comment m JOIN legis_opinion o ON o.id = m.opinion_id AND o.status = 'adopted' "
	"LEFT JOIN draft_article a ON a.draft_id = m.draft_id AND a.no = m.article_no "
	"LEFT JOIN legis_informant i ON i.id = m.informant_id LEFT JOIN legis_point p ON p.id = m.point_id "
	"WHERE m.draft_id = ? ORDER BY m.article_no, m.id");

const struct ms_stmt *const ms_legis_stmts[] = {
	&POINT_INSERT, &POINT_CONGRESS, &POINTS, &DRAFT_CONGRESS, &OPINION_CONGRESS, &INFORMANT_INSERT, &INFORMANT_POINT, &INFORMANTS, &DRAFT,
	&DRAFT_INSERT, &DRAFT_UPDATE, &DRAFT_OPEN, &DRAFT_CLOSE, &ARTICLES_CLEAR, &ARTICLE_INSERT, &DRAFT_JSON,
	&DRAFT_ARTICLES, &DRAFTS, &COMMENT_INSERT, &COMMENT, &COMMENT_ASSIGN, &COMMENTS, &COMMENT_BY_HASH,
	&OPINION_INSERT, &OPINION, &OPINION_SUBMIT, &OPINION_OUTCOME, &OPINION_JSON, &OPINIONS, &SUBMISSION,
	&FUNNEL_ARTICLES, &FUNNEL_POINTS, &FUNNEL_OPINIONS, &FEEDBACK, NULL};

int ms_lg_sql_point_insert(struct ms_db *db, int64_t congress_id, const char *name, const char *address,
			   const char *now, int64_t *id, struct ms_error *e)
{
	return ms_q_i64(db, &POINT_INSERT, MS_ARGS(MS_VI(congress_id), MS_VT(name), MS_VT(address ? address : ""), MS_VT(now)),
			id, e);
}

int ms_lg_sql_point_congress(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	return ms_q_i64(db, &POINT_CONGRESS, MS_ARGS(MS_VI(id)), congress_id, e);
}

int ms_lg_sql_points(struct ms_db *db, int64_t congress_id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &POINTS, MS_ARGS(MS_VI(congress_id)), out, e);
}

int ms_lg_sql_informant_insert(struct ms_db *db, int64_t point_id, const char *name, const char *org,
			       const char *phone, const char *now, int64_t *id, struct ms_error *e)
{
	return ms_q_i64(db, &INFORMANT_INSERT,
			MS_ARGS(MS_VI(point_id), MS_VT(name), MS_VT(org ? org : ""), MS_VT(phone), MS_VT(now)), id, e);
}

int ms_lg_sql_informant_point(struct ms_db *db, int64_t id, int64_t *point_id, struct ms_error *e)
{
	return ms_q_i64(db, &INFORMANT_POINT, MS_ARGS(MS_VI(id)), point_id, e);
}

int ms_lg_sql_informants(struct ms_db *db, int64_t point_id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &INFORMANTS, MS_ARGS(MS_VI(point_id)), out, e);
}

int ms_lg_sql_draft(struct ms_db *db, int64_t id, struct ms_draft_row *out, struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, &DRAFT, MS_ARGS(MS_VI(id)), &s, e);
	if (rc)
		return rc;
	memset(out, 0, sizeof *out);
	if ((rc = ms_sql_step(s, e)) == 1) {
		out->id = ms_sql_column_i64(s, 0);
		out->congress_id = ms_sql_column_i64(s, 1);
		ms_strlcpy(out->status, ms_sql_column_text(s, 2, NULL), sizeof out->status);
		ms_strlcpy(out->closes_on, ms_sql_column_text(s, 3, NULL), sizeof out->closes_on);
		out->articles = ms_sql_column_i64(s, 4);
		rc = 0;
	} else if (rc == 0) {
		rc = MS_ERR_NOT_FOUND;
	}
	ms_sql_reset(s);
	return rc;
}

int ms_lg_sql_draft_congress(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	return ms_q_i64(db, &DRAFT_CONGRESS, MS_ARGS(MS_VI(id)), congress_id, e);
}

int ms_lg_sql_opinion_congress(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	return ms_q_i64(db, &OPINION_CONGRESS, MS_ARGS(MS_VI(id)), congress_id, e);
}

int ms_lg_sql_draft_insert(struct ms_db *db, int64_t congress_id, const struct ms_draft_in *in, const char *now,
			   int64_t *id, struct ms_error *e)
{
	return ms_q_i64(db, &DRAFT_INSERT,
			MS_ARGS(MS_VI(congress_id), MS_VT(in->title), MS_VT(in->issuer), MS_VT(in->summary ? in->summary : ""),
				MS_VT(in->closes_on), MS_VT(now)),
			id, e);
}

int ms_lg_sql_draft_update(struct ms_db *db, int64_t id, const struct ms_draft_in *in, struct ms_error *e)
{
	return ms_q_exec(db, &DRAFT_UPDATE,
			 MS_ARGS(MS_VT(in->title), MS_VT(in->issuer), MS_VT(in->summary), MS_VT(in->closes_on), MS_VI(id)), e);
}

int ms_lg_sql_draft_status(struct ms_db *db, int64_t id, const char *status, const char *now, struct ms_error *e)
{
	return ms_q_exec(db, strcmp(status, "open") == 0 ? &DRAFT_OPEN : &DRAFT_CLOSE, MS_ARGS(MS_VT(now), MS_VI(id)), e);
}

int ms_lg_sql_articles_replace(struct ms_db *db, int64_t draft_id, json_t *articles, struct ms_error *e)
{
	int rc = ms_q_exec(db, &ARTICLES_CLEAR, MS_ARGS(MS_VI(draft_id)), e);
	size_t i;
	json_t *a;
	json_array_foreach(articles, i, a) {
		if (rc)
			break;
		rc = ms_q_exec(db, &ARTICLE_INSERT,
			       MS_ARGS(MS_VI(draft_id), MS_VI((int64_t)i + 1), MS_VT(json_string_value(json_object_get(a, "label"))),
				       MS_VT(json_string_value(json_object_get(a, "chapter"))),
				       MS_VT(json_string_value(json_object_get(a, "text")))),
			       e);
	}
	return rc;
}

int ms_lg_sql_draft_json(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	int rc = ms_q_row_json(db, &DRAFT_JSON, MS_ARGS(MS_VI(id)), out, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_draft_kind, id) : rc;
}

int ms_lg_sql_draft_articles(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &DRAFT_ARTICLES, MS_ARGS(MS_VI(id)), out, e);
}

int ms_lg_sql_drafts(struct ms_db *db, int64_t congress_id, bool staff, const struct ms_page *pg, json_t **out,
		     struct ms_error *e)
{
	const char *q = pg ? pg->q : NULL;
	return ms_q_page(db, &DRAFTS, MS_ARGS(MS_VI(congress_id), MS_VI(staff ? 1 : 0), MS_VLIKE(q)), pg, out, e);
}

int ms_lg_sql_comment_insert(struct ms_db *db, int64_t draft_id, const struct ms_comment_in *in, const char *hash,
			     int64_t entered_by, const char *now, int64_t *id, struct ms_error *e)
{
	return ms_q_i64(db, &COMMENT_INSERT,
			MS_ARGS(MS_VI(draft_id), MS_VI(in->article_no), MS_VREF(in->point_id),
				MS_VT(ms_names_key(&ms_comment_channel_names, in->channel)), MS_VREF(in->informant_id),
				MS_VT(in->author), MS_VT(in->contact), MS_VT(in->text), MS_VT(hash), MS_VREF(entered_by),
				MS_VT(now)),
			id, e);
}

int ms_lg_sql_comment(struct ms_db *db, int64_t id, int64_t *draft_id, int64_t *article_no, int64_t *opinion_id,
		      struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, &COMMENT, MS_ARGS(MS_VI(id)), &s, e);
	if (rc)
		return rc;
	if ((rc = ms_sql_step(s, e)) == 1) {
		*draft_id = ms_sql_column_i64(s, 0);
		*article_no = ms_sql_column_i64(s, 1);
		*opinion_id = ms_sql_column_i64(s, 2);
		rc = 0;
	} else if (rc == 0) {
		rc = MS_ERR_NOT_FOUND;
	}
	ms_sql_reset(s);
	return rc;
}

int ms_lg_sql_comment_assign(struct ms_db *db, int64_t id, int64_t opinion_id, struct ms_error *e)
{
	return ms_q_exec(db, &COMMENT_ASSIGN, MS_ARGS(MS_VI(opinion_id), MS_VI(id)), e);
}

int ms_lg_sql_comments(struct ms_db *db, int64_t draft_id, int64_t article, bool unassigned,
		       const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	const char *q = pg ? pg->q : NULL;
	return ms_q_page(db, &COMMENTS,
			 MS_ARGS(MS_VI(draft_id), MS_VI(article), MS_VI(article), MS_VI(unassigned ? 1 : 0), MS_VLIKE(q)),
			 pg, out, e);
}

int ms_lg_sql_comment_by_hash(struct ms_db *db, const char *hash, json_t **out, struct ms_error *e)
{
	return ms_q_row_json(db, &COMMENT_BY_HASH, MS_ARGS(MS_VT(hash)), out, e);
}

int ms_lg_sql_opinion_insert(struct ms_db *db, int64_t draft_id, int64_t article_no, const char *text,
			     int64_t by, const char *now, int64_t *id, struct ms_error *e)
{
	return ms_q_i64(db, &OPINION_INSERT,
			MS_ARGS(MS_VI(draft_id), MS_VI(article_no), MS_VT(text), MS_VREF(by), MS_VT(now)), id, e);
}

int ms_lg_sql_opinion(struct ms_db *db, int64_t id, int64_t *draft_id, int64_t *congress_id, char status[16],
		      struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, &OPINION, MS_ARGS(MS_VI(id)), &s, e);
	if (rc)
		return rc;
	if ((rc = ms_sql_step(s, e)) == 1) {
		*draft_id = ms_sql_column_i64(s, 0);
		*congress_id = ms_sql_column_i64(s, 1);
		ms_strlcpy(status, ms_sql_column_text(s, 2, NULL), 16);
		rc = 0;
	} else if (rc == 0) {
		rc = MS_ERR_NOT_FOUND;
	}
	ms_sql_reset(s);
	return rc;
}

int ms_lg_sql_opinion_submit(struct ms_db *db, int64_t id, const char *to, const char *now, struct ms_error *e)
{
	return ms_q_exec(db, &OPINION_SUBMIT, MS_ARGS(MS_VT(to), MS_VT(now), MS_VI(id)), e);
}

int ms_lg_sql_opinion_outcome(struct ms_db *db, int64_t id, const char *status, const char *note, const char *now,
			      struct ms_error *e)
{
	return ms_q_exec(db, &OPINION_OUTCOME, MS_ARGS(MS_VT(status), MS_VT(note), MS_VT(now), MS_VI(id)), e);
}

int ms_lg_sql_opinion_json(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	int rc = ms_q_row_json(db, &OPINION_JSON, MS_ARGS(MS_VI(id)), out, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_opinion_kind, id) : rc;
}

int ms_lg_sql_opinions(struct ms_db *db, int64_t draft_id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &OPINIONS, MS_ARGS(MS_VI(draft_id)), out, e);
}

int ms_lg_sql_funnel(struct ms_db *db, int64_t draft_id, json_t **articles, json_t **points, json_t **opinions,
		     struct ms_error *e)
{
	int rc = ms_q_rows_json(db, &FUNNEL_ARTICLES, MS_ARGS(MS_VI(draft_id)), articles, e);
	if (!rc)
		rc = ms_q_rows_json(db, &FUNNEL_POINTS, MS_ARGS(MS_VI(draft_id)), points, e);
	if (!rc)
		rc = ms_q_row_json(db, &FUNNEL_OPINIONS, MS_ARGS(MS_VI(draft_id)), opinions, e);
	return rc;
}

int ms_lg_sql_feedback(struct ms_db *db, int64_t draft_id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &FEEDBACK, MS_ARGS(MS_VI(draft_id)), out, e);
}

int ms_lg_sql_submission(struct ms_db *db, int64_t draft_id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &SUBMISSION, MS_ARGS(MS_VI(draft_id)), out, e);
}
