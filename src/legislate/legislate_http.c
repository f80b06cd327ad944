/* legislate_http.c — legislative contact points over HTTP: a congress's
 * points and their informants; drafts (published ones public), comments
 * (online: public, a code to follow; entered: the staff), opinions compiled,
 * submitted and decided, the funnel, the feedback list. */
#include "legislate_internal.h"

#include <stdlib.h>

#include "../liaison/liaison.h"
#include "../liaison/liaison_http.h"
#include "../liaison/track.h"
#include "../org/org.h"

#define STR(n, mn, mx, fl, d) {.name = (n), .kind = MS_F_STR, .min = (mn), .max = (mx), .flags = (fl), .doc = (d)}
#define INT_OUT(n, d) {.name = (n), .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = (d)}

/* ---- points and informants ---- */

static const struct ms_field point_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("congress_id", MS_F_ID), MS_OUT("name", MS_F_STR), MS_OUT("address", MS_F_STR),
	MS_OUT("created_at", MS_F_STR), INT_OUT("informants", "its informants (信息员)"),
	INT_OUT("comments", "comments heard through it"), {0}};
static const struct ms_view point_view = {"LegisPoint", point_fields, "a grassroots legislative contact point"};
static const struct ms_field point_body[] = {
	STR("name", 1, MS_LEGIS_NAME_MAX, MS_FIELD_REQUIRED, "its name"),
	STR("address", 0, 200, 0, "where it is"), {0}};
static const struct ms_field informant_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("point_id", MS_F_ID), MS_OUT("name", MS_F_STR), MS_OUT("organization", MS_F_STR),
	MS_OUT_NULL("phone", MS_F_STR), MS_OUT("created_at", MS_F_STR), INT_OUT("comments", "comments they brought"),
	{0}};
static const struct ms_view informant_view = {"LegisInformant", informant_fields, "an informant (信息员) of a point"};
static const struct ms_field informant_body[] = {
	STR("name", 1, MS_PERSON_NAME_MAX, MS_FIELD_REQUIRED, "the informant's name"),
	STR("organization", 0, MS_LEGIS_NAME_MAX, 0, "where they work or live (a community, a company, a school)"),
	STR("phone", 5, MS_PHONE_MAX, MS_FIELD_NULLABLE, "seen by the point's staff only"), {0}};

static int h_points(struct ms_ctx *c, json_t **out)
{
	json_t *items = NULL;
	int rc = ms_lg_sql_points(c->db, c->id, &items, &c->err);
	return rc ? rc : ms_api_answer(c, json_pack("{s:o}", "items", items), out);
}

static int h_point_add(struct ms_ctx *c, json_t **out)
{
	int64_t id;
	int rc = ms_legis_point_create(c->db, &c->who, c->id, ms_api_str(c, "name"), ms_api_str(c, "address"), &id, &c->err);
	return rc ? rc : ms_api_answer(c, json_pack("{s:I}", "id", (json_int_t)id), out);
}

static int h_informants(struct ms_ctx *c, json_t **out)
{
	json_t *items = NULL;
	int rc = ms_lg_sql_informants(c->db, c->id, &items, &c->err);
	return rc ? rc : ms_api_answer(c, json_pack("{s:o}", "items", items), out);
}

static int h_informant_add(struct ms_ctx *c, json_t **out)
{
	int64_t id;
	int rc = ms_legis_informant_add(c->db, &c->who, c->id, ms_api_str(c, "name"), ms_api_str(c, "organization"),
					ms_api_str(c, "phone"), &id, &c->err);
	return rc ? rc : ms_api_answer(c, json_pack("{s:I}", "id", (json_int_t)id), out);
}

/* ---- drafts ---- */

static const struct ms_field article_fields[] = {
	INT_OUT("no", "its place, from 1"), MS_OUT("label", MS_F_STR), MS_OUT_NULL("chapter", MS_F_STR),
	MS_OUT("text", MS_F_STR), INT_OUT("comments", "comments heard on it"), {0}};
static const struct ms_view article_view = {"DraftArticle", article_fields, "an article of a draft"};
#define DRAFT_FIELDS                                                                                           \
	MS_OUT("id", MS_F_ID), MS_OUT("congress_id", MS_F_ID), MS_OUT("congress_name", MS_F_STR),                 \
		MS_OUT("title", MS_F_STR), MS_OUT("issuer", MS_F_STR), MS_OUT("summary", MS_F_STR),                   \
		{.name = "status", .kind = MS_F_ENUM, .names = &ms_draft_status_names, .flags = MS_FIELD_REQUIRED},  \
		MS_OUT("closes_on", MS_F_STR), MS_OUT_NULL("opened_at", MS_F_STR), MS_OUT_NULL("closed_at", MS_F_STR), \
		MS_OUT("created_at", MS_F_STR), INT_OUT("articles", "its articles"),                                 \
		INT_OUT("comments", "comments heard on it")
static const struct ms_field draft_row_fields[] = {
	DRAFT_FIELDS,
	{.name = "accepting", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED,
	 .doc = "whether residents may comment now: open, and its closing day not past"},
	{0}};
static const struct ms_view draft_row_view = {"DraftRow", draft_row_fields, "a draft in a list"};
static const struct ms_field draft_fields[] = {
	DRAFT_FIELDS,
	{.name = "article_list", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &article_view,
	 .flags = MS_FIELD_REQUIRED, .doc = "its articles in order"},
	{.name = "accepting", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED,
	 .doc = "whether residents may comment now: open, and its closing day not past"},
	{0}};
const struct ms_view ms_draft_view = {"Draft", draft_fields, "a draft law or regulation published for comment"};
static const struct ms_field draft_body[] = {
	STR("title", 1, MS_DRAFT_TITLE_MAX, MS_FIELD_REQUIRED, "e.g. 《中华人民共和国××法（草案）》"),
	STR("issuer", 1, MS_LEGIS_NAME_MAX, MS_FIELD_REQUIRED, "who asks for the opinions (全国人大常委会法工委, …)"),
	STR("summary", 0, 2000, 0, "what the draft is about, for the public"),
	{.name = "closes_on", .kind = MS_F_DATE, .flags = MS_FIELD_REQUIRED, .doc = "the last day of comment"},
	{.name = "text", .kind = MS_F_STR, .min = 1, .max = MS_DRAFT_TEXT_MAX, .flags = MS_FIELD_REQUIRED | MS_FIELD_VERBATIM,
	 .doc = "the whole text; split at each line beginning 第…条, headings 第…章 / 第…节 kept with the articles"},
	{0}};
static const struct ms_field draft_edit_body[] = {
	STR("title", 1, MS_DRAFT_TITLE_MAX, 0, NULL), STR("issuer", 1, MS_LEGIS_NAME_MAX, 0, NULL),
	STR("summary", 0, 2000, 0, NULL), {.name = "closes_on", .kind = MS_F_DATE},
	{.name = "text", .kind = MS_F_STR, .min = 1, .max = MS_DRAFT_TEXT_MAX, .flags = MS_FIELD_VERBATIM,
	 .doc = "the whole text again: the articles are split anew"},
	{0}};

static const struct ms_field no_body[] = {{0}};

static struct ms_draft_in draft_in(struct ms_ctx *c)
{
	return (struct ms_draft_in){.title = ms_api_str(c, "title"), .issuer = ms_api_str(c, "issuer"),
				    .summary = ms_api_str(c, "summary"), .closes_on = ms_api_str(c, "closes_on"),
				    .text = ms_api_str(c, "text")};
}

static int h_drafts(struct ms_ctx *c, json_t **out)
{
	return ms_draft_list(c->db, c->id, ms_actor_is_staff(&c->who, c->id), &c->page, out, &c->err);
}

static int h_draft_add(struct ms_ctx *c, json_t **out)
{
	struct ms_draft_in in = draft_in(c);
	int64_t id;
	int rc = ms_draft_create(c->db, &c->who, c->id, &in, &id, &c->err);
	return rc ? rc : ms_draft_get(c->db, &c->who, id, out, &c->err);
}

static int h_draft(struct ms_ctx *c, json_t **out)
{
	return ms_draft_get(c->db, c->authed ? &c->who : NULL, c->id, out, &c->err);
}

static int h_draft_edit(struct ms_ctx *c, json_t **out)
{
	struct ms_draft_in in = draft_in(c);
	int rc = ms_draft_update(c->db, &c->who, c->id, &in, &c->err);
	return rc ? rc : ms_draft_get(c->db, &c->who, c->id, out, &c->err);
}

static int h_draft_open(struct ms_ctx *c, json_t **out)
{
	int rc = ms_draft_open(c->db, &c->who, c->id, &c->err);
	return rc ? rc : ms_draft_get(c->db, &c->who, c->id, out, &c->err);
}

static int h_draft_close(struct ms_ctx *c, json_t **out)
{
	int rc = ms_draft_close(c->db, &c->who, c->id, &c->err);
	return rc ? rc : ms_draft_get(c->db, &c->who, c->id, out, &c->err);
}

/* ---- comments ---- */

static const struct ms_field online_body[] = {
	{.name = "article_no", .kind = MS_F_INT, .min = 0, .max = MS_DRAFT_ARTICLES_MAX, .flags = MS_FIELD_REQUIRED,
	 .doc = "the article (its place, from 1); 0: the draft as a whole"},
	{.name = "point_id", .kind = MS_F_ID, .flags = MS_FIELD_NULLABLE, .doc = "the contact point it came through"},
	STR("author", 1, MS_PERSON_NAME_MAX, MS_FIELD_NULLABLE, "the resident's name (optional; seen by the staff only)"),
	STR("contact", 1, 100, MS_FIELD_NULLABLE, "how to reach them (optional; seen by the staff only)"),
	STR("text", 1, MS_LEGIS_COMMENT_MAX, MS_FIELD_REQUIRED, "the comment"), {0}};
static const struct ms_field entered_body[] = {
	{.name = "article_no", .kind = MS_F_INT, .min = 0, .max = MS_DRAFT_ARTICLES_MAX, .flags = MS_FIELD_REQUIRED},
	{.name = "channel", .kind = MS_F_ENUM, .names = &ms_comment_channel_names, .flags = MS_FIELD_REQUIRED,
	 .doc = "meeting (座谈会) or informant (信息员收集)"},
	{.name = "point_id", .kind = MS_F_ID, .flags = MS_FIELD_NULLABLE, .doc = "the point (required for an informant's)"},
	{.name = "informant_id", .kind = MS_F_ID, .flags = MS_FIELD_NULLABLE, .doc = "the informant, of that point"},
	STR("author", 1, MS_PERSON_NAME_MAX, MS_FIELD_NULLABLE, "who said it"),
	STR("contact", 1, 100, MS_FIELD_NULLABLE, "how to reach them for the feedback"),
	STR("text", 1, MS_LEGIS_COMMENT_MAX, MS_FIELD_REQUIRED, NULL), {0}};
static const struct ms_field taken_fields[] = {
	MS_OUT("id", MS_F_ID),
	{.name = "code", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .doc = "the code to follow it, shown this once"},
	{0}};
static const struct ms_view taken_view = {"CommentTaken", taken_fields, "a comment received online"};
static const struct ms_field comment_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("draft_id", MS_F_ID), INT_OUT("article_no", "0: the whole draft"),
	MS_OUT_NULL("point_id", MS_F_ID), MS_OUT_NULL("point_name", MS_F_STR),
	{.name = "channel", .kind = MS_F_ENUM, .names = &ms_comment_channel_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT_NULL("informant_id", MS_F_ID), MS_OUT_NULL("informant_name", MS_F_STR), MS_OUT_NULL("author", MS_F_STR),
	MS_OUT("text", MS_F_STR), MS_OUT_NULL("opinion_id", MS_F_ID), MS_OUT("created_at", MS_F_STR), {0}};
static const struct ms_view comment_view = {"LegisComment", comment_fields,
					    "a comment as the staff see it (no contact: see the feedback list)"};
static const struct ms_field comments_query[] = {
	{.name = "article", .kind = MS_F_INT, .min = 0, .max = MS_DRAFT_ARTICLES_MAX, .doc = "only this article's"},
	{.name = "unassigned", .kind = MS_F_INT, .min = 0, .max = 1, .doc = "1: only those in no opinion yet"},
	{0}};

static int h_online(struct ms_ctx *c, json_t **out)
{
	char address[80], code[MS_TRACK_SHOWN_LEN + 1] = "";
	ms_liaison_address(c, address, sizeof address);
	struct ms_comment_in in = {.article_no = ms_api_int(c, "article_no", 0), .point_id = ms_api_int(c, "point_id", 0),
				   .author = ms_api_str(c, "author"), .contact = ms_api_str(c, "contact"),
				   .text = ms_api_str(c, "text")};
	int64_t id;
	int rc = ms_comment_submit(c->db, c->id, &in, address, code, sizeof code, &id, &c->err);
	return rc ? rc : ms_api_answer(c, json_pack("{s:I, s:s}", "id", (json_int_t)id, "code", code), out);
}

static int h_enter(struct ms_ctx *c, json_t **out)
{
	struct ms_comment_in in = {.article_no = ms_api_int(c, "article_no", 0), .point_id = ms_api_int(c, "point_id", 0),
				   .channel = ms_api_enum(c, "channel", &ms_comment_channel_names, -1),
				   .informant_id = ms_api_int(c, "informant_id", 0), .author = ms_api_str(c, "author"),
				   .contact = ms_api_str(c, "contact"), .text = ms_api_str(c, "text")};
	int64_t id;
	int rc = ms_comment_enter(c->db, &c->who, c->id, &in, &id, &c->err);
	return rc ? rc : ms_api_answer(c, json_pack("{s:I, s:s}", "id", (json_int_t)id, "code", ""), out);
}

static int h_comments(struct ms_ctx *c, json_t **out)
{
	json_t *q = NULL;
	int rc = ms_api_query_args(c, &q);
	if (rc)
		return rc;
	json_t *art = json_object_get(q, "article");
	rc = ms_lg_sql_comments(c->db, c->id, art ? json_integer_value(art) : -1,
				json_integer_value(json_object_get(q, "unassigned")) == 1, &c->page, out, &c->err);
	json_decref(q);
	return rc;
}

static const struct ms_field track_body[] = {STR("code", 1, 40, MS_FIELD_REQUIRED, "the code shown at submission"), {0}};
static const struct ms_field track_fields[] = {
	MS_OUT("draft_id", MS_F_ID), MS_OUT("draft_title", MS_F_STR),
	{.name = "draft_status", .kind = MS_F_ENUM, .names = &ms_draft_status_names, .flags = MS_FIELD_REQUIRED},
	INT_OUT("article_no", "0: the whole draft"), MS_OUT_NULL("label", MS_F_STR), MS_OUT("created_at", MS_F_STR),
	{.name = "state", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED,
	 .doc = "received, compiled, submitted, adopted or not_adopted"},
	MS_OUT_NULL("submitted_to", MS_F_STR), MS_OUT_NULL("submitted_at", MS_F_STR),
	MS_OUT_NULL("outcome_note", MS_F_STR), MS_OUT_NULL("decided_at", MS_F_STR), {0}};
static const struct ms_view track_view = {"CommentTrack", track_fields,
					  "what became of a comment: the feedback to the resident who gave it"};

static int h_track(struct ms_ctx *c, json_t **out)
{
	return ms_comment_track(c->db, ms_api_str(c, "code"), out, &c->err);
}

/* ---- opinions, the funnel, the feedback ---- */

static const struct ms_field opinion_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("draft_id", MS_F_ID), INT_OUT("article_no", "0: the whole draft"),
	MS_OUT_NULL("label", MS_F_STR), MS_OUT("text", MS_F_STR),
	{.name = "status", .kind = MS_F_ENUM, .names = &ms_opinion_status_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT_NULL("submitted_to", MS_F_STR), MS_OUT_NULL("submitted_at", MS_F_STR), MS_OUT_NULL("outcome_note", MS_F_STR),
	MS_OUT_NULL("decided_at", MS_F_STR), MS_OUT("created_at", MS_F_STR),
	INT_OUT("comments", "the comments compiled into it"), {0}};
const struct ms_view ms_opinion_view = {"LegisOpinion", opinion_fields, "an opinion compiled from comments"};
static const struct ms_field opinions_fields[] = {
	{.name = "items", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &ms_opinion_view, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view opinions_view = {"LegisOpinions", opinions_fields, "a draft's opinions"};
static const struct ms_field compile_body[] = {
	{.name = "article_no", .kind = MS_F_INT, .min = 0, .max = MS_DRAFT_ARTICLES_MAX, .flags = MS_FIELD_REQUIRED},
	STR("text", 1, MS_LEGIS_COMMENT_MAX, MS_FIELD_REQUIRED, "the opinion as it will be submitted"),
	{.name = "comment_ids", .kind = MS_F_ARRAY, .item = MS_F_ID, .min = 1, .max = 1000, .flags = MS_FIELD_REQUIRED,
	 .doc = "the comments it compiles, all of that article and in no other opinion"},
	{0}};
static const struct ms_field submit_body[] = {
	STR("submitted_to", 1, MS_LEGIS_NAME_MAX, MS_FIELD_REQUIRED, "to whom (全国人大常委会法工委, 省人大常委会法工委, …)"),
	{0}};
static const struct ms_field outcome_body[] = {
	{.name = "adopted", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED},
	STR("note", 1, 2000, MS_FIELD_NULLABLE, "where it was adopted (e.g. 草案二审稿第十二条第二款) or why not"), {0}};

static int h_compile(struct ms_ctx *c, json_t **out)
{
	size_t n = 0;
	int64_t *ids = ms_api_ints(c, "comment_ids", &n), id;
	if (!ids && n)
		return ms_nomem(&c->err);
	int rc = ms_opinion_compile(c->db, &c->who, c->id, ms_api_int(c, "article_no", 0), ms_api_str(c, "text"), ids, n,
				    &id, &c->err);
	free(ids);
	return rc ? rc : ms_lg_sql_opinion_json(c->db, id, out, &c->err);
}

static int h_opinions(struct ms_ctx *c, json_t **out)
{
	json_t *items = NULL;
	int rc = ms_lg_sql_opinions(c->db, c->id, &items, &c->err);
	return rc ? rc : ms_api_answer(c, json_pack("{s:o}", "items", items), out);
}

static int h_submit(struct ms_ctx *c, json_t **out)
{
	int rc = ms_opinion_submit(c->db, &c->who, c->id, ms_api_str(c, "submitted_to"), &c->err);
	return rc ? rc : ms_lg_sql_opinion_json(c->db, c->id, out, &c->err);
}

static int h_outcome(struct ms_ctx *c, json_t **out)
{
	int rc = ms_opinion_outcome(c->db, &c->who, c->id, ms_api_bool(c, "adopted", false), ms_api_str(c, "note"), &c->err);
	return rc ? rc : ms_lg_sql_opinion_json(c->db, c->id, out, &c->err);
}

static const struct ms_field stage_fields[] = {
	INT_OUT("heard", NULL), INT_OUT("compiled", NULL), INT_OUT("submitted", NULL), INT_OUT("adopted", NULL), {0}};
static const struct ms_view stage_view = {"FunnelStage", stage_fields, "heard → compiled → submitted → adopted"};
static const struct ms_field funnel_article_fields[] = {
	INT_OUT("article_no", "0: the whole draft"), MS_OUT("label", MS_F_STR), INT_OUT("heard", NULL),
	INT_OUT("compiled", NULL), INT_OUT("submitted", NULL), INT_OUT("adopted", NULL), {0}};
static const struct ms_view funnel_article_view = {"FunnelArticle", funnel_article_fields, "an article's comments"};
static const struct ms_field funnel_point_fields[] = {
	MS_OUT_NULL("point_id", MS_F_ID), MS_OUT_NULL("point_name", MS_F_STR), INT_OUT("heard", NULL),
	INT_OUT("compiled", NULL), INT_OUT("submitted", NULL), INT_OUT("adopted", NULL), {0}};
static const struct ms_view funnel_point_view = {"FunnelPoint", funnel_point_fields,
						 "a point's comments (point null: online without a point)"};
static const struct ms_field funnel_fields[] = {
	MS_OUT("draft_id", MS_F_ID), MS_OUT("title", MS_F_STR),
	{.name = "status", .kind = MS_F_ENUM, .names = &ms_draft_status_names, .flags = MS_FIELD_REQUIRED},
	{.name = "comments", .kind = MS_F_OBJECT, .view = &stage_view, .flags = MS_FIELD_REQUIRED,
	 .doc = "the comments heard and how many went into opinions submitted and adopted"},
	{.name = "opinions", .kind = MS_F_OBJECT, .view = &stage_view, .flags = MS_FIELD_REQUIRED,
	 .doc = "the opinions compiled, submitted, adopted (heard = compiled)"},
	{.name = "articles", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &funnel_article_view, .flags = MS_FIELD_REQUIRED},
	{.name = "points", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &funnel_point_view, .flags = MS_FIELD_REQUIRED},
	{0}};
const struct ms_view ms_funnel_view = {"DraftFunnel", funnel_fields, "the funnel of a draft (heard → submitted → adopted)"};

static int h_funnel(struct ms_ctx *c, json_t **out)
{
	return ms_draft_funnel(c->db, c->id, out, &c->err);
}

static const struct ms_field feedback_fields[] = {
	MS_OUT("comment_id", MS_F_ID), INT_OUT("article_no", NULL), MS_OUT_NULL("label", MS_F_STR),
	{.name = "channel", .kind = MS_F_ENUM, .names = &ms_comment_channel_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT_NULL("author", MS_F_STR), MS_OUT_NULL("contact", MS_F_STR), MS_OUT_NULL("informant_name", MS_F_STR),
	MS_OUT_NULL("informant_phone", MS_F_STR), MS_OUT_NULL("point_name", MS_F_STR), MS_OUT("opinion_id", MS_F_ID),
	MS_OUT_NULL("outcome_note", MS_F_STR),
	{.name = "has_code", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED,
	 .doc = "given online with a code: the resident also sees the outcome by the code"},
	{0}};
static const struct ms_view feedback_view = {"LegisFeedback", feedback_fields,
					     "a person whose comment was adopted, to be told"};

static int h_feedback(struct ms_ctx *c, json_t **out)
{
	json_t *items = NULL;
	int rc = ms_lg_sql_feedback(c->db, c->id, &items, &c->err);
	return rc ? rc : ms_api_answer(c, json_pack("{s:o}", "items", items), out);
}

#define LIST_OF(V, NAME, DOC)                                                                                  \
	static const struct ms_field NAME##_fields[] = {                                                        \
		{.name = "items", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &V, .flags = MS_FIELD_REQUIRED}, \
		{0}};                                                                                           \
	static const struct ms_view NAME##_view = {#NAME, NAME##_fields, DOC};
LIST_OF(point_view, LegisPoints, "a congress's contact points")
LIST_OF(informant_view, LegisInformants, "a point's informants")
LIST_OF(feedback_view, LegisFeedbackList, "the people to tell")

static const struct ms_field id_fields[] = {MS_OUT("id", MS_F_ID), {0}};
static const struct ms_view id_view = {"Created", id_fields, "what was made"};

static const struct ms_code *const point_errors[] = {&MS_E_LEGIS_POINT_TAKEN, NULL};
static const struct ms_code *const informant_errors[] = {&MS_E_PHONE_INVALID, NULL};
static const struct ms_code *const draft_errors[] = {&MS_E_DRAFT_TOO_LONG, NULL};
static const struct ms_code *const edit_errors[] = {&MS_E_DRAFT_TOO_LONG, &MS_E_DRAFT_NOT_EDITABLE, NULL};
static const struct ms_code *const state_errors[] = {&MS_E_DRAFT_STATE, &MS_E_DRAFT_CLOSES, NULL};
static const struct ms_code *const online_errors[] = {&MS_E_DRAFT_NOT_OPEN, &MS_E_DRAFT_ARTICLE, &MS_E_LEGIS_POINT_UNKNOWN,
						     &MS_E_DEMAND_RATE, NULL};
static const struct ms_code *const enter_errors[] = {&MS_E_DRAFT_NOT_OPEN, &MS_E_DRAFT_ARTICLE, &MS_E_LEGIS_POINT_UNKNOWN,
						    &MS_E_LEGIS_INFORMANT_UNKNOWN, NULL};
static const struct ms_code *const compile_errors[] = {&MS_E_DRAFT_ARTICLE, &MS_E_COMMENT_UNKNOWN, &MS_E_COMMENT_ARTICLE,
						      NULL};
static const struct ms_code *const opinion_errors[] = {&MS_E_OPINION_STATE, NULL};
static const struct ms_code *const track_errors[] = {&MS_E_LEGIS_TRACK_UNKNOWN, NULL};

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/congresses/{id}/legis-points", .fn = h_points, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_congress_owner, .returns = &LegisPoints_view, .summary = "the congress's legislative contact points"},
	{.method = "POST", .pattern = "/congresses/{id}/legis-points", .fn = h_point_add, .access = MS_ACCESS_STAFF,
	 .flags = MS_ROUTE_CREATES, .owner = ms_congress_owner, .body = point_body, .returns = &id_view,
	 .errors = point_errors, .summary = "designate a legislative contact point (基层立法联系点)"},
	{.method = "GET", .pattern = "/legis-points/{id}/informants", .fn = h_informants, .access = MS_ACCESS_STAFF,
	 .flags = MS_ROUTE_OWN_STAFF, .owner = ms_legis_point_owner, .returns = &LegisInformants_view,
	 .summary = "the point's informants (信息员), with their phones"},
	{.method = "POST", .pattern = "/legis-points/{id}/informants", .fn = h_informant_add, .access = MS_ACCESS_STAFF,
	 .flags = MS_ROUTE_CREATES, .owner = ms_legis_point_owner, .body = informant_body, .returns = &id_view,
	 .errors = informant_errors, .summary = "add an informant to the point"},
	{.method = "GET", .pattern = "/congresses/{id}/drafts", .fn = h_drafts, .access = MS_ACCESS_PUBLIC,
	 .flags = MS_ROUTE_PAGED, .owner = ms_congress_owner, .returns = &draft_row_view,
	 .summary = "the drafts the congress asks opinions on, newest first (the staff also see those not yet published)"},
	{.method = "POST", .pattern = "/congresses/{id}/drafts", .fn = h_draft_add, .access = MS_ACCESS_STAFF,
	 .flags = MS_ROUTE_CREATES, .owner = ms_congress_owner, .body = draft_body, .returns = &ms_draft_view,
	 .errors = draft_errors, .summary = "a draft to publish for comment: its whole text, split into its articles"},
	{.method = "GET", .pattern = "/drafts/{id}", .fn = h_draft, .access = MS_ACCESS_PUBLIC, .owner = ms_draft_owner,
	 .returns = &ms_draft_view, .summary = "a draft with its articles (one not yet published: the staff's only)"},
	{.method = "PATCH", .pattern = "/drafts/{id}", .fn = h_draft_edit, .access = MS_ACCESS_STAFF,
	 .owner = ms_draft_owner, .body = draft_edit_body, .returns = &ms_draft_view, .errors = edit_errors,
	 .summary = "change a draft not yet published"},
	{.method = "POST", .pattern = "/drafts/{id}/open", .fn = h_draft_open, .access = MS_ACCESS_STAFF,
	 .owner = ms_draft_owner, .body = no_body, .returns = &ms_draft_view, .errors = state_errors,
	 .summary = "publish the draft for comment until its closing day"},
	{.method = "POST", .pattern = "/drafts/{id}/close", .fn = h_draft_close, .access = MS_ACCESS_STAFF,
	 .owner = ms_draft_owner, .body = no_body, .returns = &ms_draft_view, .errors = state_errors, .summary = "close the comment"},
	{.method = "POST", .pattern = "/drafts/{id}/comments", .fn = h_online, .access = MS_ACCESS_PUBLIC,
	 .flags = MS_ROUTE_NO_CSRF | MS_ROUTE_CREATES, .owner = ms_draft_owner, .body = online_body, .returns = &taken_view,
	 .errors = online_errors,
	 .summary = "a resident's comment on an article (no login; while open; limited per address per hour): answers "
		    "the code to follow it, once"},
	{.method = "POST", .pattern = "/drafts/{id}/comments/entered", .fn = h_enter, .access = MS_ACCESS_STAFF,
	 .flags = MS_ROUTE_CREATES, .owner = ms_draft_owner, .body = entered_body, .returns = &taken_view,
	 .errors = enter_errors, .summary = "a comment the staff enter from a meeting (座谈会) or an informant"},
	{.method = "GET", .pattern = "/drafts/{id}/comments", .fn = h_comments, .access = MS_ACCESS_STAFF,
	 .flags = MS_ROUTE_PAGED, .owner = ms_draft_owner, .query_fields = comments_query, .returns = &comment_view,
	 .summary = "the draft's comments by article (search the text; ?article=, ?unassigned=1)"},
	{.method = "POST", .pattern = "/legis-comments/track", .fn = h_track, .access = MS_ACCESS_PUBLIC,
	 .flags = MS_ROUTE_NO_CSRF, .body = track_body, .returns = &track_view, .errors = track_errors,
	 .summary = "what became of a comment, by its code: compiled, submitted, adopted and where"},
	{.method = "POST", .pattern = "/drafts/{id}/opinions", .fn = h_compile, .access = MS_ACCESS_STAFF,
	 .flags = MS_ROUTE_CREATES, .owner = ms_draft_owner, .body = compile_body, .returns = &ms_opinion_view,
	 .errors = compile_errors, .summary = "compile comments of one article into an opinion"},
	{.method = "GET", .pattern = "/drafts/{id}/opinions", .fn = h_opinions, .access = MS_ACCESS_STAFF,
	 .owner = ms_draft_owner, .returns = &opinions_view, .summary = "the draft's opinions by article"},
	{.method = "POST", .pattern = "/legis-opinions/{id}/submit", .fn = h_submit, .access = MS_ACCESS_STAFF,
	 .owner = ms_opinion_owner, .body = submit_body, .returns = &ms_opinion_view, .errors = opinion_errors,
	 .summary = "submit an opinion up the chain"},
	{.method = "POST", .pattern = "/legis-opinions/{id}/outcome", .fn = h_outcome, .access = MS_ACCESS_STAFF,
	 .owner = ms_opinion_owner, .body = outcome_body, .returns = &ms_opinion_view, .errors = opinion_errors,
	 .summary = "record whether a submitted opinion was adopted, and where"},
	{.method = "GET", .pattern = "/drafts/{id}/funnel", .fn = h_funnel, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_draft_owner, .returns = &ms_funnel_view,
	 .summary = "the funnel (heard → submitted → adopted) of a published draft, per article and per point"},
	{.method = "GET", .pattern = "/drafts/{id}/feedback", .fn = h_feedback, .access = MS_ACCESS_STAFF,
	 .flags = MS_ROUTE_OWN_STAFF, .owner = ms_draft_owner, .returns = &LegisFeedbackList_view,
	 .summary = "the people whose comments were adopted, with how to reach them, for the feedback (反馈)"},
};
const struct ms_routes ms_legis_routes = MS_ROUTES(routes);
