/*
 * promote.c — from demands to candidates (promote.h): the collection
 * window of a round, and the promotion of the demands residents put forward
 * into a candidate project that names them as its sources.
 */
#include "promote.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "../core/workday.h"
#include "liaison.h"
#include "promote_internal.h"
#include "search_index.h" /* ms_cluster_demand_ids */

#define MS_CODES_DEF "liaison/promote_codes.def"
#define MS_CODES_LIST ms_promote_codes
#include "../core/codes_define.h"

enum { W_UNSET, W_BEFORE, W_OPEN, W_AFTER };
static const struct ms_name states_v[] = {
	{"unset", "未设定征集期", "no collection window set"},
	{"before", "征集尚未开始", "the collection has not opened yet"},
	{"open", "正在征集", "the collection is open"},
	{"after", "征集已结束", "the collection has closed"},
};
const struct ms_names ms_collection_state_names = MS_NAMES("collection_state", states_v);

#define COLLECTING (1u << MS_PHASE_COLLECT)
#define EDITABLE ((1u << MS_PHASE_COLLECT) | (1u << MS_PHASE_COMPILE))

int ms_collection_set(struct ms_db *db, const struct ms_actor *by, const struct ms_cycle *cy, const char *opens_on,
		      const char *closes_on, struct ms_error *e)
{
	int32_t o, c;
	int rc;
	if ((rc = ms_cycle_need_phase(cy, COLLECTING, MS_AT("设定征集期", "the collection window can be set"), e)))
		return rc;
	if (!ms_day_parse(opens_on, &o) || !ms_day_parse(closes_on, &c))
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "collection window: unchecked days");
	if (c < o)
		return ms_failf(e, MS_E_WINDOW_ORDER, "closes_on", MS_AS(closes_on), MS_AS(opens_on));
	int oy, cyr;
	ms_day_ymd(o, &oy, NULL, NULL);
	ms_day_ymd(c, &cyr, NULL, NULL);
	/* A year's projects are collected in that year or the year before
	 * (PRACTICE.md: September, proposals by early December). */
	for (int i = 0; i < 2; i++) {
		int y = i ? cyr : oy;
		if (y != cy->year && y != cy->year - 1)
			return ms_failf(e, MS_E_WINDOW_YEAR, i ? "closes_on" : "opens_on", MS_AI(cy->year),
					MS_AI(cy->year - 1), MS_AS(i ? closes_on : opens_on));
	}
	char now[32];
	ms_now_iso(now, sizeof now);
	if ((rc = ms_collection_sql_set(db, cy->id, opens_on, closes_on, now, e)))
		return rc;
	return ms_audit_append(db, by, cy->congress_id, "collection.set", "cycle", cy->id,
			       json_pack("{s:s, s:s}", "opens_on", opens_on, "closes_on", closes_on), e);
}

static json_t *window_words(const struct ms_cycle *cy, bool found, const char *opens, const char *closes)
{
	char zh[512], en[512];
	if (!found) {
		snprintf(zh, sizeof zh,
			 "%lld年度民生实事项目的征集期尚未设定。群众可随时通过联络站、代表和网上渠道提出诉求。",
			 (long long)cy->year);
		snprintf(en, sizeof en,
			 "The collection window for %lld's livelihood projects is not set yet. Residents may raise "
			 "demands at any time through the liaison stations, their deputies and online.",
			 (long long)cy->year);
	} else {
		char o[40], c[40];
		ms_day_zh(opens, o, sizeof o);
		ms_day_zh(closes, c, sizeof c);
		snprintf(zh, sizeof zh,
			 "%lld年度民生实事项目征集期为%s至%s。联络站、代表和网上渠道全年受理群众诉求；"
			 "征集期外提出的项目建议，列入下一年度征集。",
			 (long long)cy->year, o, c);
		snprintf(en, sizeof en,
			 "Proposals for %lld's livelihood projects are collected from %s to %s. The liaison stations, "
			 "the deputies and the online channel take demands all year; project proposals made outside "
			 "the window go to the next year's collection.",
			 (long long)cy->year, opens, closes);
	}
	return json_pack("{s:s, s:s}", "zh", zh, "en", en);
}

int ms_collection_get(struct ms_db *db, const struct ms_cycle *cy, json_t **out, struct ms_error *e)
{
	char opens[11] = "", closes[11] = "";
	bool found = false;
	int rc = ms_collection_sql_get(db, cy->id, opens, closes, &found, e);
	if (rc)
		return rc;
	int state = W_UNSET;
	int32_t o, c, today = ms_day_today();
	if (found && ms_day_parse(opens, &o) && ms_day_parse(closes, &c))
		state = today < o ? W_BEFORE : today > c ? W_AFTER : W_OPEN;
	*out = json_pack("{s:I, s:I, s:o, s:o, s:s, s:o}", "cycle_id", (json_int_t)cy->id, "year", (json_int_t)cy->year,
			 "opens_on", found ? json_string(opens) : json_null(), "closes_on",
			 found ? json_string(closes) : json_null(), "state", ms_names_key(&ms_collection_state_names, state),
			 "words", window_words(cy, found, opens, closes));
	return *out ? 0 : ms_nomem(e);
}

/* Each demand once, of the round's congress, not refused, not yet a source
 * of a candidate of the round. */
static int check_demands(struct ms_db *db, const struct ms_cycle *cy, const int64_t *ids, size_t n, struct ms_error *e)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < i; j++)
			if (ids[j] == ids[i])
				return ms_failf(e, MS_E_DEMAND_TWICE, "demand_ids", MS_AI(ids[i]));
		int64_t congress = 0;
		char status[32] = "", title[512] = "";
		int rc = ms_promote_sql_demand(db, ids[i], &congress, status, sizeof status, e);
		if (rc == MS_ERR_NOT_FOUND || (!rc && congress != cy->congress_id))
			return ms_failf(e, MS_E_DEMAND_NOT_HERE, "demand_ids", MS_AI(ids[i]));
		if (rc)
			return rc;
		if (!strcmp(status, "refused"))
			return ms_failf(e, MS_E_DEMAND_NOT_PROMOTABLE, "demand_ids", MS_AI(ids[i]),
					MS_AT("不予受理", "refused"));
		bool found = false;
		if ((rc = ms_promote_sql_source_in(db, ids[i], cy->id, title, sizeof title, &found, e)))
			return rc;
		if (found)
			return ms_failf(e, MS_E_DEMAND_PROMOTED, "demand_ids", MS_AI(ids[i]), MS_AS(title));
	}
	return 0;
}

/* Each suggestion once, a suggestion of the round's congress, not merged,
 * not yet a source of a candidate of the round. */
static int check_suggestions(struct ms_db *db, const struct ms_cycle *cy, const int64_t *ids, size_t n,
			     struct ms_error *e)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < i; j++)
			if (ids[j] == ids[i])
				return ms_failf(e, MS_E_SUGGESTION_NOT_HERE, "suggestion_ids", MS_AI(ids[i]));
		int64_t congress = 0, merged = 0;
		char kind[16] = "", title[512] = "";
		int rc = ms_promote_sql_suggestion(db, ids[i], &congress, kind, sizeof kind, &merged, e);
		if (rc == MS_ERR_NOT_FOUND || (!rc && (congress != cy->congress_id || strcmp(kind, "suggestion"))))
			return ms_failf(e, MS_E_SUGGESTION_NOT_HERE, "suggestion_ids", MS_AI(ids[i]));
		if (rc)
			return rc;
		if (merged)
			return ms_failf(e, MS_E_SUGGESTION_MERGED, "suggestion_ids", MS_AI(ids[i]), MS_AI(merged));
		bool found = false;
		if ((rc = ms_promote_sql_suggestion_in(db, ids[i], cy->id, title, sizeof title, &found, e)))
			return rc;
		if (found)
			return ms_failf(e, MS_E_SUGGESTION_PROMOTED, "suggestion_ids", MS_AI(ids[i]), MS_AS(title));
	}
	return 0;
}

/* The demands of src: the listed ones, then the confirmed cluster's not
 * listed (*ids malloc'd, *n of them). */
static int gather(struct ms_db *db, const struct ms_cycle *cy, const struct ms_promote_in *src, int64_t **ids,
		  size_t *n, struct ms_error *e)
{
	int64_t *members = NULL;
	size_t m = 0;
	int rc = 0;
	if (src->cluster_id) {
		int64_t congress = 0;
		char status[16] = "";
		rc = ms_promote_sql_cluster(db, src->cluster_id, &congress, status, sizeof status, e);
		if (rc == MS_ERR_NOT_FOUND || (!rc && (congress != cy->congress_id || strcmp(status, "confirmed"))))
			return ms_failf(e, MS_E_CLUSTER_NOT_CONFIRMED, "cluster_id", MS_AI(src->cluster_id),
					MS_AS(rc ? "—" : status));
		if (rc || (rc = ms_cluster_demand_ids(db, src->cluster_id, &members, &m, e)))
			return rc;
	}
	*ids = calloc(src->n_demands + m + 1, sizeof **ids);
	if (!*ids) {
		free(members);
		return ms_nomem(e);
	}
	if (src->n_demands) /* demand_ids may be NULL when there are none */
		memcpy(*ids, src->demand_ids, src->n_demands * sizeof **ids);
	*n = src->n_demands;
	for (size_t i = 0; i < m; i++) {
		bool listed = false;
		for (size_t j = 0; j < src->n_demands && !listed; j++)
			listed = src->demand_ids[j] == members[i];
		if (!listed)
			(*ids)[(*n)++] = members[i];
	}
	free(members);
	if (*n > MS_PROMOTE_SOURCES_MAX)
		return ms_failf(e, MS_E_INVALID_VALUE, "demand_ids", MS_AS("demand_ids"),
				MS_AT("合计至多 1000 件诉求", "at most 1,000 demands in all"));
	return 0;
}

int ms_promote(struct ms_db *db, const struct ms_actor *by, const struct ms_cycle *cy,
	       const struct ms_candidate_in *in, const struct ms_promote_in *src, int64_t *id, struct ms_error *e)
{
	int64_t *ids = NULL;
	size_t n = 0;
	int rc;
	if ((rc = ms_cycle_need_phase(cy, EDITABLE, MS_AT("将群众诉求列为候选项目", "demands can become candidates"),
				      e)))
		return rc;
	if ((rc = gather(db, cy, src, &ids, &n, e)))
		goto out;
	if (n == 0 && src->n_suggestions == 0) {
		rc = ms_fail(e, MS_E_PROMOTE_NO_SOURCE, "demand_ids");
		goto out;
	}
	if ((rc = check_demands(db, cy, ids, n, e)) ||
	    (rc = check_suggestions(db, cy, src->suggestion_ids, src->n_suggestions, e)))
		goto out;
	bool taken = false;
	if (in->title && (rc = ms_candidate_title_taken(db, cy->id, in->title, &taken, e)))
		goto out;
	if (taken) {
		rc = ms_failf(e, MS_E_TITLE_TAKEN, "title", MS_AS(in->title));
		goto out;
	}
	if ((rc = ms_candidate_create(db, by, cy, in, id, e)))
		goto out;
	char now[32], note[400];
	ms_now_iso(now, sizeof now);
	snprintf(note, sizeof note, "%lld年度候选项目「%s」", (long long)cy->year, in->title);
	int64_t who = by ? by->id : 0;
	json_t *dl = json_array(), *sl = json_array();
	for (size_t i = 0; i < n && !rc; i++) {
		/* the source, the demand's step and, while new, its status: put forward */
		if (!(rc = ms_promote_sql_add(db, *id, ids[i], who, now, e)))
			rc = ms_demand_record(db, who, ids[i], "promoted", "new", "candidate", note, e);
		json_array_append_new(dl, json_integer(ids[i]));
	}
	for (size_t i = 0; i < src->n_suggestions && !rc; i++) {
		rc = ms_promote_sql_add_suggestion(db, *id, src->suggestion_ids[i], who, now, e);
		json_array_append_new(sl, json_integer(src->suggestion_ids[i]));
	}
	json_t *detail = json_pack("{s:I, s:o, s:o}", "cycle_id", (json_int_t)cy->id, "demand_ids", dl, "suggestion_ids", sl);
	if (detail && src->cluster_id)
		json_object_set_new(detail, "cluster_id", json_integer(src->cluster_id));
	if (!rc)
		rc = ms_audit_append(db, by, cy->congress_id, "candidate.promote", "candidate", *id, detail, e);
	else
		json_decref(detail);
out:
	free(ids);
	return rc;
}

int ms_promote_sources(struct ms_db *db, int64_t candidate_id, json_t **out, struct ms_error *e)
{
	json_t *s = NULL;
	int rc = ms_promote_sql_sources(db, candidate_id, &s, e);
	if (rc)
		return rc;
	json_int_t demands = json_integer_value(json_object_get(s, "demands"));
	json_int_t suggestions = json_integer_value(json_object_get(s, "suggestions"));
	json_int_t deputies = json_integer_value(json_object_get(s, "deputies"));
	char zh[1024], en[1024];
	size_t zl = 0, el = 0;
	if (demands == 0 && suggestions == 0) {
		snprintf(zh, sizeof zh, "本项目没有登记来源于群众诉求或代表建议。");
		snprintf(en, sizeof en, "No residents' demand or deputies' suggestion is recorded as this project's source.");
	} else {
		if (demands > 0)
			zl += (size_t)snprintf(zh, sizeof zh, "本项目来源于 %lld 件群众诉求", (long long)demands);
		else
			zl += (size_t)snprintf(zh, sizeof zh, "本项目来源于");
		el += (size_t)snprintf(en, sizeof en, "This project comes from");
		if (demands > 0)
			el += (size_t)snprintf(en + el, sizeof en - el, " %lld residents' demand%s", (long long)demands,
					       demands == 1 ? "" : "s");
		if (suggestions > 0) {
			zl += (size_t)snprintf(zh + zl, sizeof zh - zl, "%s %lld 件代表建议", demands > 0 ? "和" : "",
					       (long long)suggestions);
			el += (size_t)snprintf(en + el, sizeof en - el, "%s %lld deputies' suggestion%s",
					       demands > 0 ? " and" : "", (long long)suggestions, suggestions == 1 ? "" : "s");
		}
		if (deputies > 0) {
			zl += (size_t)snprintf(zh + zl, sizeof zh - zl, "，涉及 %lld 名代表", (long long)deputies);
			el += (size_t)snprintf(en + el, sizeof en - el, ", with %lld deput%s", (long long)deputies,
					       deputies == 1 ? "y" : "ies");
		}
		json_t *ch = json_object_get(s, "channels");
		size_t i;
		json_t *row;
		json_array_foreach(ch, i, row)
		{
			const char *key = json_string_value(json_object_get(row, "channel"));
			int k = key ? ms_names_find(&ms_demand_channel_names, key) : -1;
			long long cnt = (long long)json_integer_value(json_object_get(row, "count"));
			if (zl < sizeof zh)
				zl += (size_t)snprintf(zh + zl, sizeof zh - zl, "%s%s %lld 件", i ? "、" : "；诉求渠道：",
						       k >= 0 ? ms_demand_channel_names.v[k].zh : key, cnt);
			if (el < sizeof en)
				el += (size_t)snprintf(en + el, sizeof en - el, "%s%s %lld", i ? ", " : "; the demands came by ",
						       k >= 0 ? ms_demand_channel_names.v[k].en : key, cnt);
		}
		if (zl < sizeof zh)
			snprintf(zh + zl, sizeof zh - zl, "。");
		if (el < sizeof en)
			snprintf(en + el, sizeof en - el, ".");
	}
	json_object_set_new(s, "words", json_pack("{s:s, s:s}", "zh", zh, "en", en));
	*out = s;
	return 0;
}
