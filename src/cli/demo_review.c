/*
 * demo_review.c — the city's report-and-rate reviews (述职评议): the heads
 * of four bureaus report on 2025 at the standing committee's meeting of
 * 2026-03-26, their reports attached; the committee (deputy01 …
 * deputy33, 30 present) rates them by secret ballot under deputy01 …
 * deputy03, through the same rules as the API; the close puts the units
 * rated 不满意 on the rectification list (unit01's bureau among them, so
 * its workspace shows one). A second review, of 2026's work, is open for
 * the deputies (48 of 60 present) to rate on their phones.
 */
#include <sodium.h>
#include <string.h>

#include "../core/util.h"
#include "../evaluate/evaluate.h"
#include "cli.h"

static const char *const HEADS[] = {"张建国 局长", "李秀英 主任", "王志强 局长", "刘海燕 局长"};
/* Per unit: how many of the 30 present rate it 满意, 基本满意, 不满意 (the rest abstain). */
static const int RATED[4][3] = {{6, 8, 16}, {20, 8, 2}, {14, 12, 4}, {5, 9, 16}};

static int review(struct ms_db *db, int64_t city, const int64_t *unit_ids, int year, const char *title,
		  const char *meeting, const char *held_on, int electorate, int64_t *id, int64_t *poll, struct ms_error *e)
{
	struct ms_review_unit_in units[4];
	for (size_t i = 0; i < 4; i++)
		units[i] = (struct ms_review_unit_in){.unit_id = unit_ids[i], .head = HEADS[i]};
	struct ms_review_in in = {.poll = {.deputies_all = -1, .electorate = electorate, .base = MS_BASE_ALL,
					   .threshold_num = 1, .threshold_den = 2, .threshold_strict = true,
					   .quorum_num = 1, .quorum_den = 2, .rate_abstain = true},
				  .year = year, .meeting = meeting, .held_on = held_on, .units = units, .n_units = 4,
				  .rectify_at = MS_VERDICT_DISSATISFIED, .rectify_days = 60};
	ms_strlcpy(in.poll.title, title, sizeof in.poll.title);
	int rc = ms_review_create(db, &ms_actor_system, city, &in, id, e);
	json_t *v = NULL;
	if (!rc && !(rc = ms_review_view(db, *id, NULL, &v, e)))
		*poll = json_integer_value(json_object_get(v, "poll_id"));
	for (size_t i = 0; !rc && i < 4; i++) {
		char text[512];
		snprintf(text, sizeof text,
			 "%d年，我单位在市委市政府坚强领导和市人大常委会监督支持下，围绕年度重点任务，"
			 "扎实推进各项工作。一、主要工作及成效……二、存在的问题和不足……三、下一步工作打算……（%s 述职）",
			 year, HEADS[i]);
		rc = ms_review_report(db, &ms_actor_system, *id, unit_ids[i], text, e);
	}
	json_decref(v);
	return rc;
}

int ms_demo_review(struct ms_db *db, int64_t city, const int64_t *unit_ids, size_t n_units,
		   const struct ms_actor *deputies, size_t n_deputies, struct ms_error *e)
{
	const size_t present = 30, all = 60, all_present = 48; /* the committee: deputy01 … deputy33 */
	if (n_units < 4 || n_deputies < all)
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "the demo's data is malformed");
	int64_t ids[60], id, poll;
	for (size_t i = 0; i < all; i++)
		ids[i] = deputies[i].id;
	json_t *shares = json_array(), *res = NULL;
	int rc = shares ? 0 : ms_nomem(e);
	if (rc || (rc = review(db, city, unit_ids, 2025, "2025年度部分政府组成部门述职评议", "市人大常委会第二十三次会议",
			       "2026-03-26", MS_ELECTORATE_COMMITTEE, &id, &poll, e)) ||
	    (rc = ms_demo_open_rating(db, poll, deputies, ids, present, shares, e)))
		goto out;
	if ((rc = ms_demo_rate(db, poll, deputies, present, &RATED[0][0], e)))
		goto out;
	if (!rc)
		rc = ms_review_comment(db, &deputies[4], id, unit_ids[0], "群众反映办事流程仍较繁琐，建议进一步压减办理时限。", e);
	if (!rc)
		rc = ms_review_close(db, &ms_actor_system, id, shares, &res, e);
	/* the 2026 review, open for every deputy to rate (the committee stays
	 * free to change: a committee poll being checked in holds it) */
	if (!rc && !(rc = review(db, city, unit_ids, 2026, "2026年度部分政府组成部门述职评议", "市人民代表大会代表述职评议会议",
				 "2026-12-18", MS_ELECTORATE_DEPUTIES, &id, &poll, e)))
		rc = ms_demo_open_rating(db, poll, deputies, ids, all_present, NULL, e);
out:
	json_decref(res);
	json_decref(shares);
	return rc;
}
