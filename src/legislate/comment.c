/* comment.c — comments on a draft and what becomes of them (legislate.h):
 * a resident's comment online (while the draft is open; limited per
 * address as the public form is; a code to follow it, only its hash kept),
 * or one the staff enter from a meeting or an informant; comments of one
 * article compiled into an opinion; an opinion submitted up the chain, then
 * adopted (where) or not; the funnel heard → compiled → submitted → adopted. */
#include "legislate_internal.h"

#include <stdio.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "../core/workday.h"
#include "../liaison/liaison.h"
#include "../liaison/track.h"

enum { CH_ONLINE, CH_MEETING, CH_INFORMANT };

static const char *opinion_zh(const char *key)
{
	int i = ms_names_find(&ms_opinion_status_names, key);
	return i >= 0 ? ms_opinion_status_names.v[i].zh : key;
}

/* The comment as given, against its draft d. */
static int comment_check(struct ms_db *db, const struct ms_draft_row *d, const struct ms_comment_in *in,
			 struct ms_error *e)
{
	int rc;
	if (in->article_no < 0 || in->article_no > d->articles)
		return ms_failf(e, MS_E_DRAFT_ARTICLE, "article_no", MS_AI(in->article_no), MS_AI(d->articles));
	if ((rc = ms_check_text(e, "text", in->text, 1, MS_LEGIS_COMMENT_MAX)) ||
	    (in->author && (rc = ms_check_text(e, "author", in->author, 1, MS_PERSON_NAME_MAX))) ||
	    (in->contact && (rc = ms_check_text(e, "contact", in->contact, 1, 100))))
		return rc;
	if (in->point_id) {
		int64_t of = 0;
		rc = ms_lg_sql_point_congress(db, in->point_id, &of, e);
		if (rc == MS_ERR_NOT_FOUND || (!rc && of != d->congress_id))
			return ms_failf(e, MS_E_LEGIS_POINT_UNKNOWN, "point_id", MS_AI(in->point_id));
		if (rc)
			return rc;
	}
	if (in->channel == CH_INFORMANT) {
		int64_t point = 0;
		rc = in->informant_id ? ms_lg_sql_informant_point(db, in->informant_id, &point, e) : MS_ERR_NOT_FOUND;
		if (rc == MS_ERR_NOT_FOUND || (!rc && (!in->point_id || point != in->point_id)))
			return ms_failf(e, MS_E_LEGIS_INFORMANT_UNKNOWN, "informant_id", MS_AI(in->informant_id),
					MS_AI(in->point_id));
		if (rc)
			return rc;
	} else if (in->informant_id) {
		return ms_failf(e, MS_E_LEGIS_INFORMANT_UNKNOWN, "informant_id", MS_AI(in->informant_id), MS_AI(in->point_id));
	}
	return 0;
}

static int draft_of(struct ms_db *db, int64_t id, struct ms_draft_row *d, struct ms_error *e)
{
	int rc = ms_lg_sql_draft(db, id, d, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_draft_kind, id) : rc;
}

int ms_comment_submit(struct ms_db *db, int64_t draft_id, const struct ms_comment_in *given, const char *address,
		      char *code, size_t code_cap, int64_t *id, struct ms_error *e)
{
	struct ms_draft_row d;
	struct ms_comment_in in = *given;
	int rc = draft_of(db, draft_id, &d, e);
	if (rc)
		return rc;
	in.channel = CH_ONLINE;
	in.informant_id = 0;
	if (strcmp(d.status, "open") != 0) { /* a draft not yet published is not there for the public */
		if (strcmp(d.status, "draft") == 0)
			return ms_store_not_found(e, &ms_draft_kind, draft_id);
		return ms_failf(e, MS_E_DRAFT_NOT_OPEN, NULL, MS_AT("已截止", d.status));
	}
	char today[11];
	ms_day_format(ms_day_today(), today);
	if (strcmp(d.closes_on, today) < 0) /* its closing day is past, closed or not yet by the staff */
		return ms_failf(e, MS_E_DRAFT_NOT_OPEN, NULL, MS_AT("已过征求意见截止日", "past its closing day"));
	/* the comments' own count per address and hour (the demand form keeps its own): the same limit */
	char key[120];
	snprintf(key, sizeof key, "legis:%s", address ? address : "");
	if ((rc = comment_check(db, &d, &in, e)) || (rc = ms_liaison_public_rate(db, d.congress_id, key, e)))
		return rc;
	char raw[MS_TRACK_LEN + 1], hash[MS_TRACK_HASH_LEN + 1], now[32];
	ms_track_new(raw);
	ms_track_hash(raw, hash);
	ms_now_iso(now, sizeof now);
	if ((rc = ms_lg_sql_comment_insert(db, draft_id, &in, hash, 0, now, id, e)))
		return rc;
	if (code_cap > MS_TRACK_SHOWN_LEN) {
		char shown[MS_TRACK_SHOWN_LEN + 1];
		ms_track_show(raw, shown);
		ms_strlcpy(code, shown, code_cap);
	}
	/* the audit: the article and the point, never the text's author or contact */
	return ms_audit_append(db, NULL, d.congress_id, "legis.comment_online", "legis_comment", *id,
			       json_pack("{s:I, s:I, s:o}", "draft_id", (json_int_t)draft_id, "article_no",
					 (json_int_t)in.article_no, "point_id",
					 in.point_id ? json_integer(in.point_id) : json_null()),
			       e);
}

int ms_comment_enter(struct ms_db *db, const struct ms_actor *by, int64_t draft_id, const struct ms_comment_in *in,
		     int64_t *id, struct ms_error *e)
{
	struct ms_draft_row d;
	int rc = draft_of(db, draft_id, &d, e);
	if (rc)
		return rc;
	if (strcmp(d.status, "draft") == 0)
		return ms_failf(e, MS_E_DRAFT_NOT_OPEN, NULL, MS_AT("待发布", d.status));
	if (in->channel != CH_MEETING && in->channel != CH_INFORMANT)
		return ms_failf(e, MS_E_INVALID_VALUE, "channel", MS_AS("channel"), MS_AT("meeting 或 informant", "meeting or informant"));
	char now[32];
	ms_now_iso(now, sizeof now);
	if ((rc = comment_check(db, &d, in, e)) || (rc = ms_lg_sql_comment_insert(db, draft_id, in, NULL, by->id, now, id, e)))
		return rc;
	return ms_audit_append(db, by, d.congress_id, "legis.comment_enter", "legis_comment", *id,
			       json_pack("{s:I, s:I, s:s, s:o}", "draft_id", (json_int_t)draft_id, "article_no",
					 (json_int_t)in->article_no, "channel",
					 ms_names_key(&ms_comment_channel_names, in->channel), "point_id",
					 in->point_id ? json_integer(in->point_id) : json_null()),
			       e);
}

int ms_opinion_compile(struct ms_db *db, const struct ms_actor *by, int64_t draft_id, int64_t article_no,
		       const char *text, const int64_t *comment_ids, size_t n, int64_t *id, struct ms_error *e)
{
	struct ms_draft_row d;
	int rc = draft_of(db, draft_id, &d, e);
	if (rc)
		return rc;
	if (article_no < 0 || article_no > d.articles)
		return ms_failf(e, MS_E_DRAFT_ARTICLE, "article_no", MS_AI(article_no), MS_AI(d.articles));
	if ((rc = ms_check_text(e, "text", text, 1, MS_LEGIS_COMMENT_MAX)))
		return rc;
	/* every comment this draft's, of this article, in no opinion yet (and named once) */
	for (size_t i = 0; i < n; i++) {
		int64_t of = 0, article = 0, opinion = 0;
		char field[40];
		snprintf(field, sizeof field, "comment_ids[%zu]", i);
		for (size_t k = 0; k < i; k++)
			if (comment_ids[k] == comment_ids[i])
				return ms_failf(e, MS_E_COMMENT_UNKNOWN, field, MS_AI(comment_ids[i]));
		rc = ms_lg_sql_comment(db, comment_ids[i], &of, &article, &opinion, e);
		if (rc == MS_ERR_NOT_FOUND || (!rc && (of != draft_id || opinion)))
			return ms_failf(e, MS_E_COMMENT_UNKNOWN, field, MS_AI(comment_ids[i]));
		if (rc)
			return rc;
		if (article != article_no)
			return ms_failf(e, MS_E_COMMENT_ARTICLE, field, MS_AI(comment_ids[i]), MS_AI(article), MS_AI(article_no));
	}
	char now[32];
	ms_now_iso(now, sizeof now);
	if ((rc = ms_lg_sql_opinion_insert(db, draft_id, article_no, text, by->id, now, id, e)))
		return rc;
	json_t *ids = json_array();
	for (size_t i = 0; !rc && i < n; i++) {
		rc = ms_lg_sql_comment_assign(db, comment_ids[i], *id, e);
		json_array_append_new(ids, json_integer(comment_ids[i]));
	}
	if (rc) {
		json_decref(ids);
		return rc;
	}
	return ms_audit_append(db, by, d.congress_id, "legis.opinion_compile", "legis_opinion", *id,
			       json_pack("{s:I, s:I, s:o}", "draft_id", (json_int_t)draft_id, "article_no",
					 (json_int_t)article_no, "comment_ids", ids),
			       e);
}

int ms_opinion_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	int rc = ms_lg_sql_opinion_congress(db, id, congress_id, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_opinion_kind, id) : rc;
}

int ms_opinion_submit(struct ms_db *db, const struct ms_actor *by, int64_t id, const char *to, struct ms_error *e)
{
	int64_t draft, congress;
	char status[16], now[32];
	int rc = ms_lg_sql_opinion(db, id, &draft, &congress, status, e);
	if (rc == MS_ERR_NOT_FOUND)
		return ms_store_not_found(e, &ms_opinion_kind, id);
	if (rc || (rc = ms_check_text(e, "submitted_to", to, 1, MS_LEGIS_NAME_MAX)))
		return rc;
	if (strcmp(status, "compiled") != 0)
		return ms_failf(e, MS_E_OPINION_STATE, NULL, MS_AT(opinion_zh(status), status), MS_AT("报送", "submitted"));
	ms_now_iso(now, sizeof now);
	if ((rc = ms_lg_sql_opinion_submit(db, id, to, now, e)))
		return rc;
	return ms_audit_append(db, by, congress, "legis.opinion_submit", "legis_opinion", id,
			       json_pack("{s:I, s:s}", "draft_id", (json_int_t)draft, "submitted_to", to), e);
}

int ms_opinion_outcome(struct ms_db *db, const struct ms_actor *by, int64_t id, bool adopted, const char *note,
		       struct ms_error *e)
{
	int64_t draft, congress;
	char status[16], now[32];
	int rc = ms_lg_sql_opinion(db, id, &draft, &congress, status, e);
	if (rc == MS_ERR_NOT_FOUND)
		return ms_store_not_found(e, &ms_opinion_kind, id);
	if (rc || (note && (rc = ms_check_text(e, "note", note, 1, 2000))))
		return rc;
	if (strcmp(status, "submitted") != 0)
		return ms_failf(e, MS_E_OPINION_STATE, NULL, MS_AT(opinion_zh(status), status),
				MS_AT("登记采纳情况", "given its outcome"));
	ms_now_iso(now, sizeof now);
	if ((rc = ms_lg_sql_opinion_outcome(db, id, adopted ? "adopted" : "not_adopted", note, now, e)))
		return rc;
	return ms_audit_append(db, by, congress, "legis.opinion_outcome", "legis_opinion", id,
			       json_pack("{s:I, s:b, s:s?}", "draft_id", (json_int_t)draft, "adopted", adopted, "note", note),
			       e);
}

int ms_comment_track(struct ms_db *db, const char *typed, json_t **out, struct ms_error *e)
{
	char code[MS_TRACK_LEN + 1], hash[MS_TRACK_HASH_LEN + 1];
	if (!typed || !ms_track_read(typed, code))
		return ms_fail(e, MS_E_LEGIS_TRACK_UNKNOWN, "code");
	ms_track_hash(code, hash);
	json_t *r = NULL;
	int rc = ms_lg_sql_comment_by_hash(db, hash, &r, e);
	if (rc == MS_ERR_NOT_FOUND)
		return ms_fail(e, MS_E_LEGIS_TRACK_UNKNOWN, "code");
	if (rc)
		return rc;
	/* what became of it, one word: received, compiled, submitted, adopted, not_adopted */
	const char *o = json_string_value(json_object_get(r, "opinion_status"));
	json_object_set_new(r, "state", json_string(!o ? "received" : o));
	json_object_del(r, "opinion_status");
	json_object_del(r, "id");
	*out = r;
	return 0;
}

static json_t *stage(json_int_t heard, json_int_t compiled, json_int_t submitted, json_int_t adopted)
{
	return json_pack("{s:I, s:I, s:I, s:I}", "heard", heard, "compiled", compiled, "submitted", submitted, "adopted",
			 adopted);
}

int ms_draft_funnel(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	json_t *d = NULL, *arts = NULL, *points = NULL, *ops = NULL, *labels = NULL;
	int rc = ms_lg_sql_draft_json(db, id, &d, e);
	if (!rc && strcmp(json_string_value(json_object_get(d, "status")), "draft") == 0)
		rc = ms_store_not_found(e, &ms_draft_kind, id);
	if (rc || (rc = ms_lg_sql_funnel(db, id, &arts, &points, &ops, e)) ||
	    (rc = ms_lg_sql_draft_articles(db, id, &labels, e)))
		goto out;
	json_int_t h = 0, c = 0, s = 0, a = 0;
	size_t i;
	json_t *r;
	json_array_foreach(arts, i, r) {
		h += json_integer_value(json_object_get(r, "heard"));
		c += json_integer_value(json_object_get(r, "compiled"));
		s += json_integer_value(json_object_get(r, "submitted"));
		a += json_integer_value(json_object_get(r, "adopted"));
		json_int_t no = json_integer_value(json_object_get(r, "article_no"));
		json_t *lab = no > 0 ? json_object_get(json_array_get(labels, (size_t)no - 1), "label") : NULL;
		json_object_set_new(r, "label", lab ? json_incref(lab) : json_string("全文"));
	}
	*out = json_pack("{s:I, s:s, s:s, s:o, s:o, s:O, s:O}", "draft_id", (json_int_t)id, "title",
			 json_string_value(json_object_get(d, "title")), "status",
			 json_string_value(json_object_get(d, "status")), "comments", stage(h, c, s, a), "opinions",
			 stage(json_integer_value(json_object_get(ops, "compiled")), json_integer_value(json_object_get(ops, "compiled")),
			       json_integer_value(json_object_get(ops, "submitted")), json_integer_value(json_object_get(ops, "adopted"))),
			 "articles", arts, "points", points);
	if (!*out)
		rc = ms_nomem(e);
out:
	json_decref(d);
	json_decref(arts);
	json_decref(points);
	json_decref(ops);
	json_decref(labels);
	return rc;
}

int ms_legis_submission(struct ms_db *db, int64_t draft_id, json_t **out, struct ms_error *e)
{
	return ms_lg_sql_submission(db, draft_id, out, e);
}
