/* draft.c — the rules of legislative contact points, their informants and
 * drafts (legislate.h): a draft is written (its text split into articles),
 * published for comment until its closing day, then closed; its articles
 * change only before it is published. Every write is audited. */
#include "legislate_internal.h"

#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "../core/workday.h"
#include "../liaison/liaison.h"

#define MS_CODES_DEF "legislate/legislate_codes.def"
#define MS_CODES_LIST ms_legislate_codes
#include "../core/codes_define.h"

static const struct ms_name draft_status_v[] = {
	{"draft", "待发布", "not yet published"},
	{"open", "征求意见中", "open for comment"},
	{"closed", "已截止", "closed"},
};
const struct ms_names ms_draft_status_names = MS_NAMES("draft_status", draft_status_v);
static const struct ms_name channel_v[] = {
	{"online", "网上提交", "online"},
	{"meeting", "座谈会", "at a meeting"},
	{"informant", "信息员收集", "through an informant"},
};
const struct ms_names ms_comment_channel_names = MS_NAMES("comment_channel", channel_v);
static const struct ms_name opinion_status_v[] = {
	{"compiled", "已汇总", "compiled"},
	{"submitted", "已报送", "submitted"},
	{"adopted", "已采纳", "adopted"},
	{"not_adopted", "未采纳", "not adopted"},
};
const struct ms_names ms_opinion_status_names = MS_NAMES("opinion_status", opinion_status_v);
const struct ms_name ms_draft_kind = {"draft", "法律法规草案", "draft"};
const struct ms_name ms_opinion_kind = {"opinion", "汇总意见", "opinion"};
const struct ms_name ms_legis_point_kind = {"legis_point", "基层立法联系点", "legislative contact point"};

int ms_legis_point_create(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, const char *name,
			  const char *address, int64_t *id, struct ms_error *e)
{
	int rc;
	char now[32];
	if ((rc = ms_check_text(e, "name", name, 1, MS_LEGIS_NAME_MAX)) ||
	    (address && (rc = ms_check_text(e, "address", address, 0, 200))))
		return rc;
	ms_now_iso(now, sizeof now);
	rc = ms_lg_sql_point_insert(db, congress_id, name, address, now, id, e);
	if (rc == MS_ERR_CONFLICT)
		return ms_failf(e, MS_E_LEGIS_POINT_TAKEN, "name", MS_AS(name));
	if (rc)
		return rc;
	return ms_audit_append(db, by, congress_id, "legis.point_create", "legis_point", *id,
			       json_pack("{s:s, s:s?}", "name", name, "address", address), e);
}

int ms_legis_point_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	int rc = ms_lg_sql_point_congress(db, id, congress_id, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_legis_point_kind, id) : rc;
}

int ms_legis_informant_add(struct ms_db *db, const struct ms_actor *by, int64_t point_id, const char *name,
			   const char *organization, const char *phone, int64_t *id, struct ms_error *e)
{
	int64_t congress_id;
	int rc;
	char now[32];
	if ((rc = ms_legis_point_owner(db, point_id, &congress_id, e)) ||
	    (rc = ms_check_text(e, "name", name, 1, MS_PERSON_NAME_MAX)) ||
	    (organization && (rc = ms_check_text(e, "organization", organization, 0, MS_LEGIS_NAME_MAX))))
		return rc;
	if (phone && !ms_phone_ok(phone))
		return ms_fail(e, MS_E_PHONE_INVALID, "phone");
	ms_now_iso(now, sizeof now);
	if ((rc = ms_lg_sql_informant_insert(db, point_id, name, organization, phone, now, id, e)))
		return rc;
	/* the audit names the informant, never the phone */
	return ms_audit_append(db, by, congress_id, "legis.informant_add", "legis_informant", *id,
			       json_pack("{s:I, s:s}", "point_id", (json_int_t)point_id, "name", name), e);
}

/* The fields of a draft as given (a NULL field is not given: kept on an update). */
static int draft_check(const struct ms_draft_in *in, bool creating, json_t **articles, struct ms_error *e)
{
	int rc;
	int32_t day;
	*articles = NULL;
	if ((in->title || creating) && (rc = ms_check_text(e, "title", in->title, 1, MS_DRAFT_TITLE_MAX)))
		return rc;
	if ((in->issuer || creating) && (rc = ms_check_text(e, "issuer", in->issuer, 1, MS_LEGIS_NAME_MAX)))
		return rc;
	if (in->summary && (rc = ms_check_text(e, "summary", in->summary, 0, 2000)))
		return rc;
	if ((in->closes_on || creating) && (!in->closes_on || !ms_day_parse(in->closes_on, &day)))
		return ms_failf(e, MS_E_INVALID_VALUE, "closes_on", MS_AS("closes_on"), MS_AT("日期 YYYY-MM-DD", "a day YYYY-MM-DD"));
	if (in->text || creating) {
		if ((rc = ms_check_text(e, "text", in->text, 1, MS_DRAFT_TEXT_MAX)))
			return rc;
		return ms_articles_split(in->text, articles, e);
	}
	return 0;
}

static json_t *draft_detail(const struct ms_draft_in *in, json_t *articles)
{
	return json_pack("{s:s?, s:s?, s:s?, s:o?}", "title", in->title, "issuer", in->issuer, "closes_on", in->closes_on,
			 "articles", articles ? json_integer((json_int_t)json_array_size(articles)) : NULL);
}

int ms_draft_create(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, const struct ms_draft_in *in,
		    int64_t *id, struct ms_error *e)
{
	json_t *articles = NULL;
	char now[32];
	int rc = draft_check(in, true, &articles, e);
	ms_now_iso(now, sizeof now);
	if (!rc && !(rc = ms_lg_sql_draft_insert(db, congress_id, in, now, id, e)) &&
	    !(rc = ms_lg_sql_articles_replace(db, *id, articles, e)))
		rc = ms_audit_append(db, by, congress_id, "legis.draft_create", "draft", *id, draft_detail(in, articles), e);
	json_decref(articles);
	return rc;
}

int ms_draft_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	int rc = ms_lg_sql_draft_congress(db, id, congress_id, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_draft_kind, id) : rc;
}

static const char *status_zh(const char *key)
{
	int i = ms_names_find(&ms_draft_status_names, key);
	return i >= 0 ? ms_draft_status_names.v[i].zh : key;
}

int ms_draft_update(struct ms_db *db, const struct ms_actor *by, int64_t id, const struct ms_draft_in *in,
		    struct ms_error *e)
{
	struct ms_draft_row d;
	json_t *articles = NULL;
	int rc = ms_lg_sql_draft(db, id, &d, e);
	if (rc == MS_ERR_NOT_FOUND)
		return ms_store_not_found(e, &ms_draft_kind, id);
	if (rc)
		return rc;
	if (strcmp(d.status, "draft") != 0)
		return ms_failf(e, MS_E_DRAFT_NOT_EDITABLE, NULL, MS_AT(status_zh(d.status), d.status));
	if ((rc = draft_check(in, false, &articles, e)) || (rc = ms_lg_sql_draft_update(db, id, in, e)) ||
	    (articles && (rc = ms_lg_sql_articles_replace(db, id, articles, e))))
		goto out;
	rc = ms_audit_append(db, by, d.congress_id, "legis.draft_update", "draft", id, draft_detail(in, articles), e);
out:
	json_decref(articles);
	return rc;
}

int ms_draft_open(struct ms_db *db, const struct ms_actor *by, int64_t id, struct ms_error *e)
{
	struct ms_draft_row d;
	char now[32], today[11];
	int rc = ms_lg_sql_draft(db, id, &d, e);
	if (rc == MS_ERR_NOT_FOUND)
		return ms_store_not_found(e, &ms_draft_kind, id);
	if (rc)
		return rc;
	if (strcmp(d.status, "draft") != 0)
		return ms_failf(e, MS_E_DRAFT_STATE, NULL, MS_AT(status_zh(d.status), d.status), MS_AT("发布", "published"));
	ms_day_format(ms_day_today(), today);
	if (strcmp(d.closes_on, today) < 0)
		return ms_failf(e, MS_E_DRAFT_CLOSES, "closes_on", MS_AS(d.closes_on), MS_AS(today));
	ms_now_iso(now, sizeof now);
	if ((rc = ms_lg_sql_draft_status(db, id, "open", now, e)))
		return rc;
	return ms_audit_append(db, by, d.congress_id, "legis.draft_open", "draft", id,
			       json_pack("{s:s, s:I}", "closes_on", d.closes_on, "articles", (json_int_t)d.articles), e);
}

int ms_draft_close(struct ms_db *db, const struct ms_actor *by, int64_t id, struct ms_error *e)
{
	struct ms_draft_row d;
	char now[32];
	int rc = ms_lg_sql_draft(db, id, &d, e);
	if (rc == MS_ERR_NOT_FOUND)
		return ms_store_not_found(e, &ms_draft_kind, id);
	if (rc)
		return rc;
	if (strcmp(d.status, "open") != 0)
		return ms_failf(e, MS_E_DRAFT_STATE, NULL, MS_AT(status_zh(d.status), d.status), MS_AT("截止", "closed"));
	ms_now_iso(now, sizeof now);
	if ((rc = ms_lg_sql_draft_status(db, id, "closed", now, e)))
		return rc;
	return ms_audit_append(db, by, d.congress_id, "legis.draft_close", "draft", id, NULL, e);
}

/* Whether draft d (its status and closing day) takes residents' comments today. */
static bool accepting(json_t *d, const char *today)
{
	const char *status = json_string_value(json_object_get(d, "status")),
		   *closes = json_string_value(json_object_get(d, "closes_on"));
	return status && strcmp(status, "open") == 0 && closes && strcmp(closes, today) >= 0;
}

int ms_draft_list(struct ms_db *db, int64_t congress_id, bool staff, const struct ms_page *pg, json_t **out,
		  struct ms_error *e)
{
	int rc = ms_lg_sql_drafts(db, congress_id, staff, pg, out, e);
	if (rc)
		return rc;
	char today[11];
	ms_day_format(ms_day_today(), today);
	size_t i;
	json_t *d;
	json_array_foreach(json_object_get(*out, "items"), i, d) json_object_set_new(d, "accepting", json_boolean(accepting(d, today)));
	return 0;
}

int ms_draft_get(struct ms_db *db, const struct ms_actor *who, int64_t id, json_t **out, struct ms_error *e)
{
	json_t *d = NULL, *articles = NULL;
	int rc = ms_lg_sql_draft_json(db, id, &d, e);
	if (rc)
		return rc;
	int64_t congress = json_integer_value(json_object_get(d, "congress_id"));
	const char *status = json_string_value(json_object_get(d, "status"));
	if (status && strcmp(status, "draft") == 0 && !(who && ms_actor_is_staff(who, congress))) {
		json_decref(d);
		return ms_store_not_found(e, &ms_draft_kind, id);
	}
	if ((rc = ms_lg_sql_draft_articles(db, id, &articles, e))) {
		json_decref(d);
		return rc;
	}
	json_object_set_new(d, "article_list", articles);
	char today[11];
	ms_day_format(ms_day_today(), today);
	json_object_set_new(d, "accepting", json_boolean(accepting(d, today)));
	*out = d;
	return 0;
}
