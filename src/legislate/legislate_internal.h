/* legislate_internal.h — shared inside src/legislate/: the SQL of points,
 * drafts, comments and opinions (legislate_sql.c). */
#ifndef MS_LEGISLATE_INTERNAL_H
#define MS_LEGISLATE_INTERNAL_H

#include "legislate.h"

extern const struct ms_name ms_draft_kind, ms_opinion_kind, ms_legis_point_kind;

int ms_lg_sql_point_insert(struct ms_db *db, int64_t congress_id, const char *name, const char *address,
			   const char *now, int64_t *id, struct ms_error *e);
int ms_lg_sql_point_congress(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);
int ms_lg_sql_points(struct ms_db *db, int64_t congress_id, json_t **out, struct ms_error *e);
int ms_lg_sql_informant_insert(struct ms_db *db, int64_t point_id, const char *name, const char *org,
			       const char *phone, const char *now, int64_t *id, struct ms_error *e);
int ms_lg_sql_informant_point(struct ms_db *db, int64_t id, int64_t *point_id, struct ms_error *e);
int ms_lg_sql_informants(struct ms_db *db, int64_t point_id, json_t **out, struct ms_error *e);

/* A draft's row as the rules need it. */
struct ms_draft_row {
	int64_t id, congress_id, articles;
	char status[16], closes_on[11];
};
/* The draft (locked for update on PostgreSQL); MS_ERR_NOT_FOUND when none. */
int ms_lg_sql_draft(struct ms_db *db, int64_t id, struct ms_draft_row *out, struct ms_error *e);
/* The congress of a draft, of an opinion (no lock: for the routes' owners); MS_ERR_NOT_FOUND when none. */
int ms_lg_sql_draft_congress(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);
int ms_lg_sql_opinion_congress(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);
int ms_lg_sql_draft_insert(struct ms_db *db, int64_t congress_id, const struct ms_draft_in *in, const char *now,
			   int64_t *id, struct ms_error *e);
int ms_lg_sql_draft_update(struct ms_db *db, int64_t id, const struct ms_draft_in *in, struct ms_error *e);
int ms_lg_sql_draft_status(struct ms_db *db, int64_t id, const char *status, const char *now, struct ms_error *e);
int ms_lg_sql_articles_replace(struct ms_db *db, int64_t draft_id, json_t *articles, struct ms_error *e);
int ms_lg_sql_draft_json(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_lg_sql_draft_articles(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_lg_sql_drafts(struct ms_db *db, int64_t congress_id, bool staff, const struct ms_page *pg, json_t **out,
		     struct ms_error *e);

int ms_lg_sql_comment_insert(struct ms_db *db, int64_t draft_id, const struct ms_comment_in *in, const char *hash,
			     int64_t entered_by, const char *now, int64_t *id, struct ms_error *e);
/* The comment's draft and article, whether it is in an opinion; MS_ERR_NOT_FOUND when none. */
int ms_lg_sql_comment(struct ms_db *db, int64_t id, int64_t *draft_id, int64_t *article_no, int64_t *opinion_id,
		      struct ms_error *e);
int ms_lg_sql_comment_assign(struct ms_db *db, int64_t id, int64_t opinion_id, struct ms_error *e);
int ms_lg_sql_comments(struct ms_db *db, int64_t draft_id, int64_t article, bool unassigned,
		       const struct ms_page *pg, json_t **out, struct ms_error *e);
int ms_lg_sql_comment_by_hash(struct ms_db *db, const char *hash, json_t **out, struct ms_error *e);

int ms_lg_sql_opinion_insert(struct ms_db *db, int64_t draft_id, int64_t article_no, const char *text,
			     int64_t by, const char *now, int64_t *id, struct ms_error *e);
/* The opinion's draft, congress and status (locked for update); MS_ERR_NOT_FOUND when none. */
int ms_lg_sql_opinion(struct ms_db *db, int64_t id, int64_t *draft_id, int64_t *congress_id, char status[16],
		      struct ms_error *e);
int ms_lg_sql_opinion_submit(struct ms_db *db, int64_t id, const char *to, const char *now, struct ms_error *e);
int ms_lg_sql_opinion_outcome(struct ms_db *db, int64_t id, const char *status, const char *note, const char *now,
			      struct ms_error *e);
int ms_lg_sql_opinion_json(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_lg_sql_opinions(struct ms_db *db, int64_t draft_id, json_t **out, struct ms_error *e);
/* The funnel's rows: per article and per point, comments heard, in an opinion, submitted, adopted. */
int ms_lg_sql_funnel(struct ms_db *db, int64_t draft_id, json_t **articles, json_t **points, json_t **opinions,
		     struct ms_error *e);
/* The people whose comments were adopted (name, contact, channel, informant, point, where adopted). */
int ms_lg_sql_feedback(struct ms_db *db, int64_t draft_id, json_t **out, struct ms_error *e);
/* The opinions submitted (or decided), by article, with their counts of comments, for the submission's exports. */
int ms_lg_sql_submission(struct ms_db *db, int64_t draft_id, json_t **out, struct ms_error *e);

#endif
