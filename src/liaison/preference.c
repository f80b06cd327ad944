/*
 * preference.c — the public preference poll's set-up, its life (draft →
 * open → closed) and the residents' ballots (preference.h). Its codes are
 * preference_code.c's, its result preference_result.c's.
 *
 * A ballot is one transaction: the code is spent and the ballot row is
 * written — a random id, the poll, the sorted choices; no time, no code,
 * no phone — and counted with those alike (pref_tally), or none of it
 * happens. Spending reads the code's row (pref_code, its keyed hash) and
 * writes another keyed hash of the code, its spent tag, into pref_spent
 * (a unique key, so two ballots racing with one code cannot both win): the
 * transaction writes nothing holding the code's hash, so no copy of the
 * database's files — row versions and their xmin on PostgreSQL, WAL frames
 * on SQLite — ties the ballot to the code, nor to the phone number whose
 * row was written with the code's, by more than the order in which things
 * came (schema_pref4.c; docs/api.md, "What the server keeps").
 */
#include "preference.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/crockford.h"
#include "../core/util.h"
#include "../core/workday.h"
#include "../cycle/cycle.h"
#include "preference_internal.h"

#define MS_CODES_DEF "liaison/preference_codes.def"
#define MS_CODES_LIST ms_pref_codes
#include "../core/codes_define.h"

static const struct ms_name status_v[] = {
	{"draft", "未开始", "draft"}, {"open", "投票中", "open"}, {"closed", "已结束", "closed"}};
const struct ms_names ms_pref_status_names = MS_NAMES("preference_status", status_v);

/* ---- the poll ---- */

int ms_pref_load(struct ms_db *db, int64_t id, struct ms_pref *p, struct ms_error *e)
{
	json_t *o = NULL;
	int rc = ms_pref_sql_row(db, id, &o, e);
	if (rc)
		return rc;
	memset(p, 0, sizeof *p);
	p->id = id;
	p->cycle_id = json_integer_value(json_object_get(o, "cycle_id"));
	p->congress_id = json_integer_value(json_object_get(o, "congress_id"));
	p->year = json_integer_value(json_object_get(o, "year"));
	p->budget = json_integer_value(json_object_get(o, "budget"));
	p->status = ms_names_find(&ms_pref_status_names, json_string_value(json_object_get(o, "status")));
	p->greedy = json_is_true(json_object_get(o, "greedy"));
	p->mes = json_is_true(json_object_get(o, "mes"));
	p->live = json_is_true(json_object_get(o, "live"));
	ms_strlcpy(p->title, json_string_value(json_object_get(o, "title")), sizeof p->title);
	ms_strlcpy(p->opens_at, json_string_value(json_object_get(o, "opens_at")), sizeof p->opens_at);
	ms_strlcpy(p->closes_at, json_string_value(json_object_get(o, "closes_at")), sizeof p->closes_at);
	json_decref(o);
	return 0;
}

bool ms_pref_running(const struct ms_pref *p, const char *now)
{
	return p->status == MS_PREF_OPEN && strcmp(now, p->opens_at) >= 0 && strcmp(now, p->closes_at) < 0;
}

bool ms_pref_over(const struct ms_pref *p, const char *now)
{
	return p->status == MS_PREF_CLOSED || (p->status == MS_PREF_OPEN && strcmp(now, p->closes_at) >= 0);
}

/* "YYYY-MM-DDTHH:MM:SSZ", a real day and time. */
static bool time_ok(const char *s)
{
	int32_t d;
	char day[11];
	if (!s || strlen(s) != MS_PREF_TIME_LEN || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
		return false;
	memcpy(day, s, 10);
	day[10] = '\0';
	static const int at[] = {11, 14, 17}, max[] = {23, 59, 59};
	for (int k = 0; k < 3; k++) {
		if (s[at[k]] < '0' || s[at[k]] > '9' || s[at[k] + 1] < '0' || s[at[k] + 1] > '9' ||
		    (s[at[k]] - '0') * 10 + (s[at[k] + 1] - '0') > max[k])
			return false;
	}
	return ms_day_parse(day, &d);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* The candidates of the poll: those given (each of the round, once), or
 * every candidate of the round; *ids malloc'd. */
static int pick_candidates(struct ms_db *db, int64_t cycle_id, const struct ms_pref_in *in, int64_t **ids, size_t *n,
			   struct ms_error *e)
{
	int64_t *all = NULL;
	size_t n_all = 0;
	int rc = ms_candidate_ids(db, cycle_id, &all, &n_all, e);
	if (rc)
		return rc;
	if (!in->n_candidates) {
		if (!n_all) {
			free(all);
			return ms_fail(e, MS_E_PREF_NO_CANDIDATES, "candidates");
		}
		*ids = all, *n = n_all;
		return 0;
	}
	int64_t *v = malloc(in->n_candidates * sizeof *v);
	if (!v) {
		free(all);
		return ms_nomem(e);
	}
	memcpy(v, in->candidates, in->n_candidates * sizeof *v);
	qsort(v, in->n_candidates, sizeof *v, cmp_i64);
	for (size_t i = 0; !rc && i < in->n_candidates; i++) {
		if (i && v[i] == v[i - 1])
			rc = ms_failf(e, MS_E_PREF_CANDIDATE_TWICE, "candidates", MS_AI(v[i]));
		else if (!bsearch(&v[i], all, n_all, sizeof *all, cmp_i64))
			rc = ms_failf(e, MS_E_PREF_NOT_CANDIDATE, "candidates", MS_AI(v[i]));
	}
	free(all);
	if (rc) {
		free(v);
		return rc;
	}
	*ids = v, *n = in->n_candidates;
	return 0;
}

/* The set-up's rules on the whole (a new poll, or a draft as changed): the
 * round collects or compiles, the title, the times, a rule, the budget
 * (given, or the round's congress polls'), the candidates (*ids malloc'd). */
static int check_in(struct ms_db *db, const struct ms_cycle *cy, const struct ms_pref_in *in, struct ms_arg action,
		    int64_t *budget, int64_t **ids, size_t *n, struct ms_error *e)
{
	int rc;
	*budget = in->budget;
	if ((rc = ms_cycle_need_phase(cy, (1u << MS_PHASE_COLLECT) | (1u << MS_PHASE_COMPILE), action, e)) ||
	    (rc = ms_check_text(e, "title", in->title, 1, MS_PREF_TITLE_MAX)))
		return rc;
	if (!time_ok(in->opens_at))
		return ms_failf(e, MS_E_PREF_TIME_FORMAT, "opens_at", MS_AS("opens_at"));
	if (!time_ok(in->closes_at))
		return ms_failf(e, MS_E_PREF_TIME_FORMAT, "closes_at", MS_AS("closes_at"));
	if (strcmp(in->closes_at, in->opens_at) <= 0)
		return ms_failf(e, MS_E_PREF_TIMES, "closes_at", MS_AS(in->closes_at), MS_AS(in->opens_at));
	if (!in->greedy && !in->mes)
		return ms_fail(e, MS_E_PREF_NO_RULE, "mes");
	if (in->has_budget) {
		if ((rc = ms_check_int(e, "budget", in->budget, 1, MS_COST_MAX)))
			return rc;
	} else {
		if ((rc = ms_pref_sql_cycle_budget(db, cy->id, budget, e)))
			return rc;
		if (*budget <= 0)
			return ms_fail(e, MS_E_PREF_BUDGET_NEEDED, "budget");
	}
	return pick_candidates(db, cy->id, in, ids, n, e);
}

/* The poll's candidates as ids (each added as it stands now), and no
 * cheaper project than the budget allows anything. */
static int put_candidates(struct ms_db *db, int64_t id, const int64_t *ids, size_t n, int64_t budget,
			  struct ms_error *e)
{
	int rc = 0;
	int64_t cheapest = 0;
	for (size_t i = 0; !rc && i < n; i++)
		rc = ms_pref_sql_add_candidate(db, id, ids[i], e);
	if (!rc && !(rc = ms_pref_sql_min_cost(db, id, &cheapest, e)) && cheapest > budget)
		rc = ms_failf(e, MS_E_PREF_BUDGET_SMALL, "budget", MS_AI(budget), MS_AI(cheapest));
	return rc;
}

static json_t *settings_json(const struct ms_pref_in *in, int64_t budget)
{
	return json_pack("{s:s, s:I, s:s, s:s, s:b, s:b, s:b}", "title", in->title, "budget", (json_int_t)budget,
			 "opens_at", in->opens_at, "closes_at", in->closes_at, "greedy", in->greedy, "mes", in->mes,
			 "live", in->live);
}

int ms_pref_create(struct ms_db *db, const struct ms_actor *by, int64_t cycle_id, const struct ms_pref_in *in,
		   int64_t *id, struct ms_error *e)
{
	struct ms_cycle cy;
	int64_t *ids = NULL, budget = 0;
	size_t n = 0;
	char zh[200], en[200], now[32];
	int rc = ms_cycle_get(db, cycle_id, &cy, NULL, e);
	if (rc)
		return rc;
	if (!ms_actor_is_staff(by, cy.congress_id))
		return ms_failf(e, MS_E_FORBIDDEN, NULL, ms_access_words(MS_ACCESS_STAFF, zh, sizeof zh, en, sizeof en));
	if ((rc = check_in(db, &cy, in, MS_AT("发起网络投票", "a preference poll is set up"), &budget, &ids, &n, e)))
		return rc;
	ms_now_iso(now, sizeof now);
	if (!(rc = ms_pref_sql_insert(db, cycle_id, in, budget, by->id, now, id, e)))
		rc = put_candidates(db, *id, ids, n, budget, e);
	free(ids);
	if (!rc) {
		json_t *d = settings_json(in, budget);
		json_object_set_new(d, "cycle_id", json_integer(cycle_id));
		rc = ms_audit_append(db, by, cy.congress_id, "preference.create", "preference_poll", *id, d, e);
	}
	return rc;
}

int ms_pref_edit(struct ms_db *db, const struct ms_actor *by, int64_t id, const struct ms_pref_in *given_in,
		 unsigned given, struct ms_error *e)
{
	static const char *const names[] = {"title", "budget", "candidates", "opens_at",
					    "closes_at", "greedy", "mes", "live"};
	struct ms_pref p;
	struct ms_cycle cy;
	struct ms_pref_in in = *given_in;
	int64_t *cur = NULL, *ids = NULL, budget = 0;
	size_t n_cur = 0, n = 0;
	bool done = false;
	char zh[200], en[200];
	int rc = ms_pref_sql_lock(db, id, true, e);
	if (rc || (rc = ms_pref_load(db, id, &p, e)))
		return rc;
	if (!ms_actor_is_staff(by, p.congress_id))
		return ms_failf(e, MS_E_FORBIDDEN, NULL, ms_access_words(MS_ACCESS_STAFF, zh, sizeof zh, en, sizeof en));
	if (p.status != MS_PREF_DRAFT)
		return ms_failf(e, MS_E_PREF_STATUS, NULL, MS_AI(id), ms_names_arg(&ms_pref_status_names, p.status),
				MS_AT("修改", "changing it"));
	if ((rc = ms_cycle_get(db, p.cycle_id, &cy, NULL, e)))
		return rc;
	if (!(given & MS_PREF_GIVE_TITLE))
		in.title = p.title;
	if (!(given & MS_PREF_GIVE_BUDGET))
		in.has_budget = true, in.budget = p.budget;
	if (!(given & MS_PREF_GIVE_OPENS))
		in.opens_at = p.opens_at;
	if (!(given & MS_PREF_GIVE_CLOSES))
		in.closes_at = p.closes_at;
	if (!(given & MS_PREF_GIVE_GREEDY))
		in.greedy = p.greedy;
	if (!(given & MS_PREF_GIVE_MES))
		in.mes = p.mes;
	if (!(given & MS_PREF_GIVE_LIVE))
		in.live = p.live;
	if (!(given & MS_PREF_GIVE_CANDIDATES)) {
		if ((rc = ms_pref_sql_candidate_ids(db, id, &cur, &n_cur, e)))
			return rc;
		in.candidates = cur, in.n_candidates = n_cur;
	}
	if ((rc = check_in(db, &cy, &in, MS_AT("修改网络投票", "a preference poll is changed"), &budget, &ids, &n, e)) ||
	    (rc = ms_pref_sql_update(db, id, &in, budget, &done, e)))
		goto out;
	if (!done) {
		rc = ms_failf(e, MS_E_PREF_STATUS, NULL, MS_AI(id), ms_names_arg(&ms_pref_status_names, p.status),
			      MS_AT("修改", "changing it"));
		goto out;
	}
	if ((rc = ms_pref_sql_candidates_clear(db, id, e)) || (rc = put_candidates(db, id, ids, n, budget, e)))
		goto out;
	json_t *d = settings_json(&in, budget), *fields = json_array();
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
		if (given & (1u << k))
			json_array_append_new(fields, json_string(names[k]));
	json_object_set_new(d, "changed", fields);
	json_object_set_new(d, "candidates", json_integer((json_int_t)n));
	rc = ms_audit_append(db, by, p.congress_id, "preference.edit", "preference_poll", id, d, e);
out:
	free(cur);
	free(ids);
	return rc;
}

/* The rules in words, and what the poll is: advice, never the decision. */
static json_t *words_json(const struct ms_pref *p)
{
	char zh[2400], en[2800];
	int nz = snprintf(zh, sizeof zh,
			  "本次网络投票征求居民对候选项目的意见，结果仅供人大代表票决时参考，不是人大的决定。"
			  "每位居民凭一次性投票码投一次票，可在 %lld 元预算内勾选任意多个项目。",
			  (long long)p->budget);
	int ne = snprintf(en, sizeof en,
			  "This poll asks residents which candidate projects they want; its result is advice to the "
			  "congress's deputies, never the congress's decision. Each resident votes once with a one-time "
			  "code and may approve any projects within a budget of %lld yuan.",
			  (long long)p->budget);
	struct ms_pref_limits l;
	ms_pref_limits_get(&l);
	nz += snprintf(zh + nz, sizeof zh - (size_t)nz,
		       "一人一票：投票码由联络站或代表每人发放一张，或凭手机号码领取；每个手机号码在本次网络投票中"
		       "只能领取一个投票码，该码只能在本次网络投票中使用；另有其他网络投票（包括同一轮候选项目的）"
		       "时，须为其另行领取。");
	ne += snprintf(en + ne, sizeof en - (size_t)ne,
		       " One vote per resident: a station or a deputy hands each resident one code, or a resident asks "
		       "for one by phone; a mobile number gets one code for this poll, and that code votes in this poll "
		       "only; any other preference poll (of this round too) has codes of its own.");
	if (l.phone > 0 && l.window_s > 0) {
		nz += snprintf(zh + nz, sizeof zh - (size_t)nz, "为防止滥发短信，每个号码每 %lld 分钟最多请求 %lld 次。",
			       (long long)(l.window_s / 60), (long long)l.phone);
		ne += snprintf(en + ne, sizeof en - (size_t)ne,
			       " Against message floods a number may ask at most %lld times in %lld minutes.",
			       (long long)l.phone, (long long)(l.window_s / 60));
	}
	if (p->greedy) {
		nz += snprintf(zh + nz, sizeof zh - (size_t)nz,
			       "贪心法（按赞成票）：按赞成票数从多到少依次考察各项目，预算剩余足够的即入选，不够的跳过。");
		ne += snprintf(en + ne, sizeof en - (size_t)ne,
			       " Greedy (by approvals): projects are taken in order of approvals, most first, each one "
			       "that still fits the budget left.");
	}
	if (p->mes) {
		nz += snprintf(zh + nz, sizeof zh - (size_t)nz,
			       "平等份额法（Equal Shares）：把预算平均分给每位投票的居民，项目由支持它的居民用各自的份额分担"
			       "费用，每次选入每位支持者负担最少的项目，直到没有项目能被支持者负担为止（不再补充）。");
		ne += snprintf(en + ne, sizeof en - (size_t)ne,
			       " Equal Shares (MES): the budget is split equally among the residents who voted; a project "
			       "is paid for by its supporters from their shares, the one that costs each supporter least "
			       "first, until no project can be paid for by its supporters (no completion).");
	}
	snprintf(zh + nz, sizeof zh - (size_t)nz, "同票时按项目编号的字典序在前者优先，与 Pabulib 的计票工具一致。");
	snprintf(en + ne, sizeof en - (size_t)ne,
		 " Ties go to the project whose id comes first in byte order, as Pabulib's tools count.");
	return json_pack("{s:s, s:s}", "zh", zh, "en", en);
}

json_t *ms_pref_advice(void)
{
	return json_pack("{s:s, s:s}", "zh", "网络投票结果仅供参考，是居民的意见，不是人大的决定；项目由人大代表依法票决。",
			 "en", "The poll's result is residents' advice, never the congress's decision: the deputies "
			       "decide the projects by their vote.");
}

/* A row of pref_poll with its status as it stands at `now` and, when
 * full, its projects and rules in words. */
static int poll_json(struct ms_db *db, json_t *row, bool full, const char *now, json_t **out, struct ms_error *e)
{
	struct ms_pref p;
	int rc = ms_pref_load(db, json_integer_value(json_object_get(row, "id")), &p, e);
	if (rc)
		return rc;
	json_t *o = json_deep_copy(row), *projects = NULL;
	if (!o)
		return ms_nomem(e);
	json_object_set_new(o, "voting", json_boolean(ms_pref_running(&p, now)));
	json_object_set_new(o, "over", json_boolean(ms_pref_over(&p, now)));
	json_object_set_new(o, "advice", ms_pref_advice());
	if (full) {
		if ((rc = ms_pref_sql_projects(db, p.id, &projects, e))) {
			json_decref(o);
			return rc;
		}
		json_object_set_new(o, "projects", projects);
		json_object_set_new(o, "rules", words_json(&p));
	}
	*out = o;
	return 0;
}

int ms_pref_read(struct ms_db *db, int64_t id, bool staff, json_t **out, struct ms_error *e)
{
	json_t *row = NULL;
	char now[32];
	ms_now_iso(now, sizeof now);
	int rc = ms_pref_sql_row(db, id, &row, e);
	if (!rc && !staff && strcmp(json_string_value(json_object_get(row, "status")), "draft") == 0)
		rc = ms_store_not_found(e, &ms_pref_kind, id);
	if (!rc)
		rc = poll_json(db, row, true, now, out, e);
	json_decref(row);
	return rc;
}

int ms_pref_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	return ms_pref_read(db, id, true, out, e);
}

static int list_json(struct ms_db *db, json_t *rows, json_t **out, struct ms_error *e)
{
	char now[32];
	ms_now_iso(now, sizeof now);
	json_t *items = json_array();
	size_t i;
	json_t *r;
	int rc = items ? 0 : ms_nomem(e);
	json_array_foreach(rows, i, r) {
		json_t *o = NULL;
		if (rc || (rc = poll_json(db, r, false, now, &o, e)))
			break;
		if (json_array_append_new(items, o))
			rc = ms_nomem(e);
	}
	json_decref(rows);
	if (rc) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{s:o}", "items", items);
	return *out ? 0 : ms_nomem(e);
}

int ms_pref_list(struct ms_db *db, int64_t cycle_id, bool staff, json_t **out, struct ms_error *e)
{
	json_t *rows = NULL;
	int rc = ms_cycle_get(db, cycle_id, NULL, NULL, e);
	if (rc || (rc = ms_pref_sql_list(db, cycle_id, staff, &rows, e)))
		return rc;
	return list_json(db, rows, out, e);
}

int ms_pref_list_public(struct ms_db *db, json_t **out, struct ms_error *e)
{
	json_t *rows = NULL;
	int rc = ms_pref_sql_list_public(db, &rows, e);
	return rc ? rc : list_json(db, rows, out, e);
}

static int move(struct ms_db *db, const struct ms_actor *by, int64_t id, int from, int to, struct ms_arg action,
		const char *audit, struct ms_error *e)
{
	struct ms_pref p;
	char zh[200], en[200], now[32];
	bool done = false;
	int rc = ms_pref_sql_lock(db, id, true, e);
	if (rc || (rc = ms_pref_load(db, id, &p, e)))
		return rc;
	if (!ms_actor_is_staff(by, p.congress_id))
		return ms_failf(e, MS_E_FORBIDDEN, NULL, ms_access_words(MS_ACCESS_STAFF, zh, sizeof zh, en, sizeof en));
	ms_now_iso(now, sizeof now);
	if (p.status == from &&
	    (rc = ms_pref_sql_status(db, id, status_v[from].key, status_v[to].key, now, &done, e)))
		return rc;
	if (!done)
		return ms_failf(e, MS_E_PREF_STATUS, NULL, MS_AI(id), ms_names_arg(&ms_pref_status_names, p.status),
				action);
	json_t *detail = NULL;
	if (to == MS_PREF_CLOSED) {
		/* The result, once: the ballots are all in (the lock waited for those under way). */
		json_t *result = NULL;
		char *text = NULL;
		p.status = MS_PREF_CLOSED;
		if ((rc = ms_pref_result_compute(db, &p, true, &result, e)))
			return rc;
		text = json_dumps(result, JSON_COMPACT | JSON_SORT_KEYS);
		detail = json_pack("{s:O}", "ballots", json_object_get(result, "ballots"));
		json_decref(result);
		rc = text ? ms_pref_sql_result_set(db, id, text, e) : ms_nomem(e);
		free(text);
		if (rc) {
			json_decref(detail);
			return rc;
		}
	}
	return ms_audit_append(db, by, p.congress_id, audit, "preference_poll", id, detail, e);
}

int ms_pref_open(struct ms_db *db, const struct ms_actor *by, int64_t id, struct ms_error *e)
{
	return move(db, by, id, MS_PREF_DRAFT, MS_PREF_OPEN, MS_AT("开始", "opening it"), "preference.open", e);
}

int ms_pref_close(struct ms_db *db, const struct ms_actor *by, int64_t id, struct ms_error *e)
{
	return move(db, by, id, MS_PREF_OPEN, MS_PREF_CLOSED, MS_AT("结束", "closing it"), "preference.close", e);
}

/* ---- codes' hashes ---- */

static int keyed_code(struct ms_db *db, const char *tag, int64_t id, const char *code, char hex[65],
		      struct ms_error *e)
{
	unsigned char key[32], h[32], idb[8];
	int rc = ms_db_secret(db, key, e);
	if (rc)
		return rc;
	for (int i = 0; i < 8; i++)
		idb[i] = (unsigned char)((uint64_t)id >> (8 * i));
	crypto_generichash_state st;
	crypto_generichash_init(&st, key, sizeof key, sizeof h);
	crypto_generichash_update(&st, (const unsigned char *)tag, strlen(tag));
	crypto_generichash_update(&st, idb, sizeof idb);
	crypto_generichash_update(&st, (const unsigned char *)code, strlen(code));
	crypto_generichash_final(&st, h, sizeof h);
	sodium_bin2hex(hex, 65, h, sizeof h);
	sodium_memzero(key, sizeof key);
	return 0;
}

int ms_pref_code_hash(struct ms_db *db, int64_t id, const char *code, char hex[65], struct ms_error *e)
{
	return keyed_code(db, "minsheng preference code v1", id, code, hex, e);
}

int ms_pref_spent_tag(struct ms_db *db, int64_t id, const char *code, char hex[65], struct ms_error *e)
{
	return keyed_code(db, "minsheng preference spent v1", id, code, hex, e);
}

/* ---- ballots ---- */

int ms_pref_vote(struct ms_db *db, int64_t id, const char *typed, const int64_t *choices, size_t n,
		 struct ms_error *e)
{
	struct ms_pref p;
	json_t *projects = NULL;
	int64_t *v = NULL;
	char now[32], code[MS_PREF_CODE_LEN + 1], hash[65], tag[65];
	/* The code's row is read first, before the lock below gives the
	 * transaction an id on PostgreSQL: reading may mark the row committed
	 * (hint bits) or prune its page, which the WAL may log (wal_log_hints,
	 * checksums), and such a record must not carry the ballot's id. */
	bool typed_ok = typed && ms_crockford_read(typed, MS_PREF_CODE_LEN, true, code), known = false;
	int64_t batch = -1;
	int rc = 0;
	if (typed_ok && ((rc = ms_pref_code_hash(db, id, code, hash, e)) || (rc = ms_pref_spent_tag(db, id, code, tag, e)) ||
			 (rc = ms_pref_sql_code_lookup(db, id, hash, &known, &batch, e)))) {
		sodium_memzero(code, sizeof code);
		return rc;
	}
	sodium_memzero(code, sizeof code);
	/* Shared: ballots run side by side, a close waits for them and they for it (preference_sql.c). */
	if ((rc = ms_pref_sql_lock(db, id, false, e)) || (rc = ms_pref_load(db, id, &p, e)))
		return rc;
	if (p.status == MS_PREF_DRAFT)
		return ms_store_not_found(e, &ms_pref_kind, id);
	ms_now_iso(now, sizeof now);
	if (!ms_pref_running(&p, now))
		return ms_failf(e, MS_E_PREF_NOT_OPEN, NULL, MS_AS(p.opens_at), MS_AS(p.closes_at));
	if (!n)
		return ms_fail(e, MS_E_PREF_EMPTY_BALLOT, "choices");
	if ((rc = ms_pref_sql_projects(db, id, &projects, e)))
		return rc;
	if (!(v = malloc(n * sizeof *v))) {
		rc = ms_nomem(e);
		goto out;
	}
	memcpy(v, choices, n * sizeof *v);
	qsort(v, n, sizeof *v, cmp_i64);
	int64_t total = 0;
	for (size_t i = 0; !rc && i < n; i++) {
		if (i && v[i] == v[i - 1]) {
			rc = ms_failf(e, MS_E_PREF_CHOICE_TWICE, "choices", MS_AI(v[i]));
			break;
		}
		json_t *pr = NULL, *x;
		size_t k;
		json_array_foreach(projects, k, x) {
			if (json_integer_value(json_object_get(x, "id")) == v[i])
				pr = x;
		}
		if (!pr)
			rc = ms_failf(e, MS_E_PREF_CHOICE_UNKNOWN, "choices", MS_AI(v[i]));
		else
			total += json_integer_value(json_object_get(pr, "cost"));
	}
	if (!rc && total > p.budget)
		rc = ms_failf(e, MS_E_PREF_OVER_BUDGET, "choices", MS_AI(total), MS_AI(p.budget));
	if (rc)
		goto out;
	/* The code last: a ballot refused for its choices leaves it unspent. */
	bool spent = false;
	if (!typed_ok || !known) {
		rc = ms_fail(e, MS_E_PREF_CODE_UNKNOWN, "code");
		goto out;
	}
	if (batch >= 0 && (rc = ms_pref_sql_code_spend(db, id, tag, batch, &spent, e)))
		goto out;
	if (!spent) {
		rc = ms_fail(e, MS_E_PREF_CODE_USED, "code");
		goto out;
	}
	/* "3,5,9": the sorted ids; the row's id is random, so neither its key
	 * nor its place says when it came. */
	size_t cap = n * 21 + 1, at = 0;
	char *text = malloc(cap), bid[33];
	if (!text) {
		rc = ms_nomem(e);
		goto out;
	}
	text[0] = '\0';
	for (size_t i = 0; i < n; i++)
		at += (size_t)snprintf(text + at, cap - at, "%s%lld", i ? "," : "", (long long)v[i]);
	ms_random_hex(bid, 16);
	rc = ms_pref_sql_ballot_insert(db, id, bid, text, e);
	free(text);
	if (!rc)
		rc = ms_audit_append(db, NULL, p.congress_id, "preference.ballot", "preference_poll", id, NULL, e);
out:
	free(v);
	json_decref(projects);
	return rc;
}
