/* count_names.c — the name tables of the counting library's enums (count.h,
 * election.h, satisfaction.h, assessment.h): the key each value has in the
 * API, the database, the CLI and Pabulib files, and its labels. Read-only. */
#include "count.h"

#include "assessment.h"
#include "election.h"
#include "satisfaction.h"

static const struct ms_name form_v[] = {
	{"pick", "限额选择", "Vote for up to a set number"},
	{"approve_oppose", "赞成/反对/弃权", "Approve / oppose / abstain"},
	{"ranked", "排序", "Ranked"},
	{"rate", "满意度测评", "Satisfaction rating"},
};
const struct ms_names ms_ballot_form_names = MS_NAMES("ballot_form", form_v);
_Static_assert(sizeof form_v / sizeof form_v[0] == MS_FORM_RATE + 1, "a name per ballot form");

static const struct ms_name base_v[] = {
	{"all", "全体代表", "All deputies"},
	{"present", "出席代表", "Deputies present"},
	{"cast", "所投票数", "Ballots cast"},
};
const struct ms_names ms_threshold_base_names = MS_NAMES("threshold_base", base_v);
_Static_assert(sizeof base_v / sizeof base_v[0] == MS_BASE_CAST + 1, "a name per threshold base");

static const struct ms_name status_v[] = {
	{"selected", "入选", "Selected"},
	{"not_selected", "未入选", "Not selected"},
	{"failed", "未获通过", "Below the threshold"},
	{"over_budget", "超出预算", "Over budget"},
	{"runoff", "须再次投票", "Run-off"},
};
const struct ms_names ms_count_status_names = MS_NAMES("status", status_v);
_Static_assert(sizeof status_v / sizeof status_v[0] == MS_CAND_RUNOFF + 1, "a name per outcome");

static const struct ms_name vote_type_v[] = {
	{"approval", "赞成式", "Approval"},
	{"choose-1", "单选式", "Choose one"},
	{"cumulative", "累积式", "Cumulative"},
	{"scoring", "评分式", "Scoring"},
	{"ordinal", "排序式", "Ordinal"},
};
const struct ms_names ms_vote_type_names = MS_NAMES("vote_type", vote_type_v);
_Static_assert(sizeof vote_type_v / sizeof vote_type_v[0] == MS_VOTE_ORDINAL + 1, "a name per vote type");

/* The official register of the evaluation ballot (满意 / 基本满意 / 不满意 / 弃权). */
static const struct ms_name rating_v[] = {
	{"abstain", "弃权", "Abstain"},
	{"satisfied", "满意", "Satisfied"},
	{"basic", "基本满意", "Basically satisfied"},
	{"dissatisfied", "不满意", "Dissatisfied"},
};
const struct ms_names ms_rating_names = MS_NAMES("rating", rating_v);
_Static_assert(sizeof rating_v / sizeof rating_v[0] == MS_RATING_DISSATISFIED + 1, "a name per rating");

static const struct ms_name verdict_v[] = {
	{"satisfied", "满意", "Satisfied"},
	{"basic", "基本满意", "Basically satisfied"},
	{"dissatisfied", "不满意", "Dissatisfied"},
	{"none", "无测评结果", "No verdict"},
};
const struct ms_names ms_verdict_names = MS_NAMES("verdict", verdict_v);
_Static_assert(sizeof verdict_v / sizeof verdict_v[0] == MS_VERDICT_NONE + 1, "a name per verdict");

static const struct ms_name combine_v[] = {
	{"pooled", "分项票数合并计算", "Sub-items pooled"},
	{"worst", "取最差分项结果", "Worst sub-item"},
};
const struct ms_names ms_combine_names = MS_NAMES("combine", combine_v);
_Static_assert(sizeof combine_v / sizeof combine_v[0] == MS_COMBINE_WORST + 1, "a name per combination");

static const struct ms_name class_v[] = {
	{"excellent", "优秀", "Excellent"},
	{"good", "良好", "Good"},
	{"pass", "合格", "Pass"},
	{"fail", "不合格", "Fail"},
	{"none", "无得分", "No score"},
};
const struct ms_names ms_assess_class_names = MS_NAMES("assess_class", class_v);
_Static_assert(sizeof class_v / sizeof class_v[0] == MS_CLASS_NONE + 1, "a name per class");
