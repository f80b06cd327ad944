/*
 * guidance.c — guidance from above (指导意见, ../shared/PRACTICE.md
 * "Levels": the city guides the districts, the districts guide the towns).
 * A city or district drafts its guidance for a year's rounds below it — the
 * categories candidates come from, the least ratio of candidates to places
 * on a ballot (差额), the day each phase should end by — and publishes it.
 * A round below adopts it (ms_cycle_adopt): from then on its candidates'
 * categories and its ballots' ratio follow it (candidate.c, vote/poll.c),
 * and the issuer watches every congress below against its days
 * (ms_guidance_progress: the rounds kept in step across the levels).
 */
#include "cycle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "../core/workday.h"
#include "cycle_internal.h"

const struct ms_name ms_guidance_kind = {"guidance", "指导意见", "guidance"};

/* The phases with a day to end by, in order, and their fields. */
static const struct {
	const char *field;
	int phase;
} days_v[] = {
	{"collect_by", MS_PHASE_COLLECT},
	{"compile_by", MS_PHASE_COMPILE},
	{"vote_by", MS_PHASE_VOTE},
	{"evaluate_by", MS_PHASE_EVALUATE},
};
#define N_DAYS (sizeof days_v / sizeof days_v[0])

static const char **day_of(struct ms_guidance_in *g, size_t i)
{
	const char **v[N_DAYS] = {&g->collect_by, &g->compile_by, &g->vote_by, &g->evaluate_by};
	return v[i];
}

/* The fields' rules; 0 or the first fault. */
static int check(const struct ms_guidance_in *in, struct ms_error *e)
{
	int rc;
	if ((rc = ms_check_int(e, "year", in->year, MS_YEAR_MIN, MS_YEAR_MAX)) ||
	    (rc = ms_check_text(e, "title", in->title, 1, MS_TITLE_MAX)) ||
	    (rc = ms_check_text(e, "body", in->body ? in->body : "", 0, MS_GUIDANCE_BODY_MAX)))
		return rc;
	size_t n = json_array_size(in->categories), i;
	if (n > MS_GUIDANCE_CATEGORIES_MAX)
		return ms_failf(e, MS_E_INVALID_VALUE, "categories", MS_AS("categories"),
				MS_AT("至多 40 个类别", "at most 40 categories"));
	for (i = 0; i < n; i++) {
		const char *c = json_string_value(json_array_get(in->categories, i));
		if (!c)
			return ms_failf(e, MS_E_INVALID_VALUE, "categories", MS_AS("categories"),
					MS_AT("类别名称的列表", "a list of category names"));
		if ((rc = ms_check_text(e, "categories", c, 1, MS_CATEGORY_MAX)))
			return rc;
		for (size_t j = 0; j < i; j++)
			if (strcmp(c, json_string_value(json_array_get(in->categories, j))) == 0)
				return ms_failf(e, MS_E_INVALID_VALUE, "categories", MS_AS("categories"),
						MS_AT("互不相同的类别", "categories that differ"));
	}
	if (in->ratio_num || in->ratio_den) {
		if (in->ratio_den < 1 || in->ratio_num < in->ratio_den || in->ratio_num > 100 * in->ratio_den)
			return ms_fail(e, MS_E_GUIDANCE_RATIO, "ratio_num");
	}
	struct ms_guidance_in g = *in;
	int32_t last = 0;
	size_t last_i = 0;
	bool any = false;
	for (i = 0; i < N_DAYS; i++) {
		const char *d = *day_of(&g, i);
		int32_t day;
		if (!d)
			continue;
		if (!ms_day_parse(d, &day))
			return ms_failf(e, MS_E_INVALID_VALUE, days_v[i].field, MS_AS(days_v[i].field),
					MS_AT("YYYY-MM-DD 格式的有效日期", "a valid date, YYYY-MM-DD"));
		int y;
		ms_day_ymd(day, &y, NULL, NULL);
		if (y < in->year - 1 || y > in->year + 1)
			return ms_failf(e, MS_E_GUIDANCE_DAY_YEAR, days_v[i].field, ms_names_arg(&ms_phase_names, days_v[i].phase),
					MS_AS(d), MS_AI(in->year - 1), MS_AI(in->year + 1));
		if (any && day < last)
			return ms_failf(e, MS_E_GUIDANCE_DAYS, days_v[i].field,
					ms_names_arg(&ms_phase_names, days_v[i].phase), MS_AS(d),
					ms_names_arg(&ms_phase_names, days_v[last_i].phase),
					MS_AS(*day_of(&g, last_i)));
		last = day;
		last_i = i;
		any = true;
	}
	return 0;
}

/* The audit detail of a guidance's fields. */
static json_t *detail(const struct ms_guidance_in *g)
{
	json_t *d = json_pack("{s:I, s:s, s:O?}", "year", (json_int_t)g->year, "title", g->title, "categories",
			      g->categories);
	struct ms_guidance_in c = *g;
	for (size_t i = 0; d && i < N_DAYS; i++)
		if (*day_of(&c, i))
			json_object_set_new(d, days_v[i].field, json_string(*day_of(&c, i)));
	if (d && g->ratio_den)
		json_object_set_new(d, "ratio", json_pack("[I, I]", (json_int_t)g->ratio_num, (json_int_t)g->ratio_den));
	return d;
}

static char *categories_text(const struct ms_guidance_in *g, struct ms_error *e)
{
	json_t *empty = json_array();
	char *t = json_dumps(g->categories ? g->categories : empty, JSON_COMPACT);
	json_decref(empty);
	if (!t)
		ms_nomem(e);
	return t;
}

int ms_guidance_create(struct ms_db *db, const struct ms_actor *by, int64_t congress_id,
		       const struct ms_guidance_in *in, int64_t *id, struct ms_error *e)
{
	int level = -1;
	int rc = ms_congress_level(db, congress_id, &level, e);
	if (rc)
		return rc;
	if (level == MS_LEVEL_TOWN || level == MS_LEVEL_STREET)
		return ms_failf(e, MS_E_GUIDANCE_LEVEL, NULL, ms_names_arg(&ms_congress_level_names, level));
	if (!in->has_year)
		return ms_failf(e, MS_E_MISSING_FIELD, "year", MS_AS("year"));
	if (!in->title)
		return ms_failf(e, MS_E_MISSING_FIELD, "title", MS_AS("title"));
	struct ms_guidance_in g = *in;
	if (!g.has_num)
		g.ratio_num = 0;
	if (!g.has_den)
		g.ratio_den = 0;
	if ((rc = check(&g, e)))
		return rc;
	char now[32], *cats = categories_text(&g, e);
	if (!cats)
		return MS_ERR_NOMEM;
	ms_now_iso(now, sizeof now);
	rc = ms_guidance_sql_insert(db, congress_id, &g, cats, now, id, e);
	free(cats);
	if (rc == MS_ERR_CONFLICT)
		return ms_failf(e, MS_E_GUIDANCE_TAKEN, "title", MS_AI(g.year), MS_AS(g.title));
	return rc ? rc : ms_audit_append(db, by, congress_id, "guidance.create", "guidance", *id, detail(&g), e);
}

static const char *str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

int ms_guidance_update(struct ms_db *db, const struct ms_actor *by, int64_t id, const struct ms_guidance_in *in,
		       struct ms_error *e)
{
	json_t *old = NULL;
	int rc = ms_guidance_sql_get(db, id, &old, e);
	if (rc)
		return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_guidance_kind, id) : rc;
	if (strcmp(str(old, "status"), "draft") != 0) {
		rc = ms_failf(e, MS_E_GUIDANCE_PUBLISHED, NULL, MS_AS(str(old, "title")));
		json_decref(old);
		return rc;
	}
	/* the fields given, over the draft's */
	json_t *cats = json_loads(str(old, "categories") ? str(old, "categories") : "[]", 0, NULL);
	struct ms_guidance_in g = {
		.year = in->has_year ? in->year : json_integer_value(json_object_get(old, "year")),
		.title = in->title ? in->title : str(old, "title"),
		.body = in->body ? in->body : str(old, "body"),
		.categories = in->categories ? in->categories : cats,
		.ratio_num = in->has_num ? in->ratio_num : json_integer_value(json_object_get(old, "ratio_num")),
		.ratio_den = in->has_den ? in->ratio_den : json_integer_value(json_object_get(old, "ratio_den")),
	};
	struct ms_guidance_in w = *in;
	for (size_t i = 0; i < N_DAYS; i++) /* each day given replaces its own (null clears it) */
		*day_of(&g, i) = (in->days_given & (1u << i)) ? *day_of(&w, i) : str(old, days_v[i].field);
	char *text = NULL;
	int64_t congress_id = json_integer_value(json_object_get(old, "congress_id"));
	if (!(rc = check(&g, e)) && (text = categories_text(&g, e))) {
		rc = ms_guidance_sql_update(db, id, &g, text, e);
		if (rc == MS_ERR_CONFLICT)
			rc = ms_failf(e, MS_E_GUIDANCE_TAKEN, "title", MS_AI(g.year), MS_AS(g.title));
		if (!rc)
			rc = ms_audit_append(db, by, congress_id, "guidance.update", "guidance", id, detail(&g), e);
	} else if (!rc) {
		rc = MS_ERR_NOMEM;
	}
	free(text);
	json_decref(cats);
	json_decref(old);
	return rc;
}

int ms_guidance_publish(struct ms_db *db, const struct ms_actor *by, int64_t id, struct ms_error *e)
{
	struct ms_guidance_row g;
	int rc = ms_guidance_sql_row(db, id, &g, e);
	if (rc)
		return rc;
	free(g.categories);
	if (g.published)
		return ms_failf(e, MS_E_GUIDANCE_PUBLISHED, NULL, MS_AS(g.title));
	char now[32];
	ms_now_iso(now, sizeof now);
	if ((rc = ms_guidance_sql_publish(db, id, now, e)))
		return rc;
	return ms_audit_append(db, by, g.congress_id, "guidance.publish", "guidance", id,
			       json_pack("{s:I, s:s}", "year", (json_int_t)g.year, "title", g.title), e);
}

/* categories as an array, the ratio as null or [num, den]. */
static void shape(json_t *g)
{
	const char *t = str(g, "categories");
	json_t *c = t ? json_loads(t, 0, NULL) : NULL;
	json_object_set_new(g, "categories", c ? c : json_array());
	if (json_is_null(json_object_get(g, "ratio_num")))
		json_object_set_new(g, "ratio_den", json_null());
}

int ms_guidance_get(struct ms_db *db, int64_t id, bool see_drafts, json_t **out, struct ms_error *e)
{
	int rc = ms_guidance_sql_get(db, id, out, e);
	if (rc == MS_ERR_NOT_FOUND || (!rc && !see_drafts && strcmp(str(*out, "status"), "published") != 0)) {
		if (!rc) {
			json_decref(*out);
			*out = NULL;
		}
		return ms_store_not_found(e, &ms_guidance_kind, id);
	}
	if (!rc)
		shape(*out);
	return rc;
}

int ms_guidance_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	struct ms_guidance_row g;
	int rc = ms_guidance_sql_row(db, id, &g, e);
	if (!rc) {
		*congress_id = g.congress_id;
		free(g.categories);
	}
	return rc;
}

int ms_guidance_list(struct ms_db *db, int64_t congress_id, bool see_drafts, json_t **out, struct ms_error *e)
{
	int rc = ms_guidance_sql_list(db, congress_id, see_drafts, out, e);
	size_t i;
	json_t *g;
	json_array_foreach(rc ? NULL : *out, i, g) {
		shape(g);
		json_object_set_new(g, "from_above",
				    json_boolean(json_integer_value(json_object_get(g, "congress_id")) != congress_id));
	}
	return rc;
}

int ms_guidance_progress(struct ms_db *db, int64_t id, const char *today, json_t **out, struct ms_error *e)
{
	json_t *g = NULL, *rows = NULL;
	int rc = ms_guidance_get(db, id, false, &g, e);
	if (rc)
		return rc;
	if ((rc = ms_guidance_sql_below(db, json_integer_value(json_object_get(g, "congress_id")),
					json_integer_value(json_object_get(g, "year")), &rows, e))) {
		json_decref(g);
		return rc;
	}
	json_int_t rounds = 0, following = 0, behind_n = 0;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		bool has = !json_is_null(json_object_get(r, "cycle_id"));
		int phase = has ? ms_names_find(&ms_phase_names, str(r, "phase")) : -1;
		bool follows = has && json_integer_value(json_object_get(r, "guidance_id")) == id;
		json_t *behind = json_array();
		/* a phase whose day has passed while the round is still in it, or before it */
		for (size_t k = 0; behind && k < N_DAYS; k++) {
			const char *d = str(g, days_v[k].field);
			if (d && today && strcmp(today, d) > 0 && phase <= days_v[k].phase)
				json_array_append_new(behind, json_string(ms_names_key(&ms_phase_names, days_v[k].phase)));
		}
		rounds += has;
		following += follows;
		behind_n += json_array_size(behind) > 0;
		json_object_set_new(r, "follows", json_boolean(follows));
		json_object_set_new(r, "behind", behind);
		json_object_del(r, "guidance_id");
	}
	*out = json_pack("{s:o, s:s, s:o, s:{s:I, s:I, s:I, s:I}}", "guidance", g, "today", today ? today : "",
			 "congresses", rows, "summary", "congresses", (json_int_t)json_array_size(rows), "rounds",
			 rounds, "following", following, "behind", behind_n);
	return *out ? 0 : ms_nomem(e);
}

/* A round adopts guidance before its ballots are made, and only if its
 * candidates' categories are among the guidance's. */
static int adoptable(struct ms_db *db, const struct ms_cycle *cy, const char *categories, struct ms_error *e)
{
	int64_t polls = 0;
	int rc = ms_guidance_sql_polls(db, cy->id, &polls, e);
	if (rc)
		return rc;
	if (polls > 0)
		return ms_fail(e, MS_E_GUIDANCE_AFTER_POLLS, "guidance_id");
	json_t *list = json_loads(categories ? categories : "[]", 0, NULL), *rows = NULL, *r;
	if (json_array_size(list) == 0) {
		json_decref(list);
		return 0;
	}
	size_t i, j;
	if (!(rc = ms_guidance_sql_categories(db, cy->id, &rows, e)))
		json_array_foreach(rows, i, r) {
			const char *c = str(r, "category");
			bool found = false;
			json_t *v;
			json_array_foreach(list, j, v)
				found = found || (c && strcmp(c, json_string_value(v)) == 0);
			if (!found) {
				rc = ms_failf(e, MS_E_GUIDANCE_CANDIDATES, "guidance_id", MS_AS(str(r, "title")),
					      MS_AS(c ? c : ""));
				break;
			}
		}
	json_decref(rows);
	json_decref(list);
	return rc;
}

int ms_cycle_adopt(struct ms_db *db, const struct ms_actor *by, const struct ms_cycle *cy, int64_t guidance_id,
		   struct ms_error *e)
{
	struct ms_guidance_row g;
	int rc = ms_cycle_need_phase(cy, 1u << MS_PHASE_COLLECT | 1u << MS_PHASE_COMPILE,
				     MS_AT("采用指导意见", "guidance is adopted"), e);
	if (rc)
		return rc;
	if ((rc = ms_guidance_sql_row(db, guidance_id, &g, e)))
		return rc;
	char *cats_text = g.categories;
	bool above = false;
	if (!g.published) { /* a draft is its issuer's alone */
		free(cats_text);
		return ms_store_not_found(e, &ms_guidance_kind, guidance_id);
	}
	if (cy->guidance_id) {
		free(cats_text);
		struct ms_guidance_row had;
		if ((rc = ms_guidance_sql_row(db, cy->guidance_id, &had, e)))
			return rc;
		free(had.categories);
		return ms_failf(e, MS_E_GUIDANCE_ADOPTED, "guidance_id", MS_AS(had.title));
	}
	if ((rc = ms_congress_above(db, g.congress_id, cy->congress_id, &above, e)) ||
	    (!above && (rc = ms_failf(e, MS_E_GUIDANCE_NOT_ABOVE, "guidance_id", MS_AS(g.title)))) ||
	    (g.year != cy->year &&
	     (rc = ms_failf(e, MS_E_GUIDANCE_YEAR, "guidance_id", MS_AS(g.title), MS_AI(g.year), MS_AI(cy->year)))) ||
	    (rc = adoptable(db, cy, cats_text, e))) {
		free(cats_text);
		return rc;
	}
	free(cats_text);
	if ((rc = ms_cycle_sql_set_guidance(db, cy->id, guidance_id, e)))
		return rc;
	return ms_audit_append(db, by, cy->congress_id, "cycle.adopt", "cycle", cy->id,
			       json_pack("{s:I, s:s}", "guidance_id", (json_int_t)guidance_id, "title", g.title), e);
}

int ms_cycle_guidance_ratio(struct ms_db *db, const struct ms_cycle *cy, int64_t *num, int64_t *den, json_t **issuer,
			    struct ms_error *e)
{
	*num = *den = 0;
	if (issuer)
		*issuer = NULL;
	if (!cy->guidance_id)
		return 0;
	struct ms_guidance_row g;
	int rc = ms_guidance_sql_row(db, cy->guidance_id, &g, e);
	if (rc)
		return rc;
	free(g.categories);
	*num = g.ratio_num;
	*den = g.ratio_den;
	if (issuer && (rc = ms_congress_get(db, g.congress_id, issuer, e)))
		return rc;
	return 0;
}
