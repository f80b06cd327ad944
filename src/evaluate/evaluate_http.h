/* evaluate_http.h — shared by the evaluate domain's HTTP files: the rating
 * settings an evaluation or a review is set up with, and a rating poll's
 * published result and close. */
#ifndef MS_EVALUATE_HTTP_H
#define MS_EVALUATE_HTTP_H

#include "evaluate_internal.h"

/* The rating settings a request sets up an evaluation or a review with
 * (evaluation_http.c reads them into a poll). */
#define MS_RATE_SETTINGS_FIELDS                                                                                  \
	{.name = "electorate", .kind = MS_F_ENUM, .names = &ms_electorate_names,                                 \
	 .doc = "default: deputies (all deputies of the congress); committee: the standing committee's members"},  \
	{.name = "threshold_base", .kind = MS_F_ENUM, .names = &ms_threshold_base_names,                         \
	 .doc = "the rule's base: all (default: all members due to vote), present, or cast (ballots returned)"},  \
	{.name = "threshold_num", .kind = MS_F_INT, .min = 1, .max = 1000, .doc = "default 1 (of 1/2)"},         \
	{.name = "threshold_den", .kind = MS_F_INT, .min = 1, .max = 1000, .doc = "default 2"},                  \
	{.name = "threshold_strict", .kind = MS_F_BOOL,                                                          \
	 .doc = "true (default): more than the fraction (exactly half is not); false: at least"},               \
	{.name = "quorum_num", .kind = MS_F_INT, .min = 1, .max = 1000, .doc = "default 1 (of 1/2)"},            \
	{.name = "quorum_den", .kind = MS_F_INT, .min = 1, .max = 1000, .doc = "default 2"},                     \
	{.name = "voting_mode", .kind = MS_F_ENUM, .names = &ms_voting_mode_names, .doc = "default: login"},     \
	{.name = "abstain", .kind = MS_F_BOOL, .doc = "弃权 is a choice on the ballot (default true)"}
void ms_rate_settings_read(struct ms_ctx *c, struct ms_poll *p);
/* The points and bands of a score (a composite's, a review's). */
#define SCORING_FIELDS(req)                                                                                    \
	{.name = "points_satisfied", .kind = MS_F_INT, .flags = (req), .min = 0, .max = 100, .doc = "default 100"}, \
	{.name = "points_basic", .kind = MS_F_INT, .flags = (req), .min = 0, .max = 100, .doc = "default 60"},  \
	{.name = "points_dissatisfied", .kind = MS_F_INT, .flags = (req), .min = 0, .max = 100, .doc = "default 0"}, \
	{.name = "satisfied_min", .kind = MS_F_INT, .flags = (req), .min = 0, .max = 100,                       \
	 .doc = "the least score that is satisfied (default 85)"},                                             \
	{.name = "basic_min", .kind = MS_F_INT, .flags = (req), .min = 0, .max = 100,                           \
	 .doc = "the least score that is basically satisfied (default 60)"}

/* A rating poll's published result, and the body of its close (the shares). */
extern const struct ms_view ms_rate_result_view;
extern const struct ms_field ms_rate_close_body[];

#endif
