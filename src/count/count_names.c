/* count_names.c — the name tables of the counting library's enums (count.h,
 * election.h): the key each value has in the API, the database, the CLI and
 * Pabulib files, and its labels. Read-only. */
#include "count.h"

#include "election.h"

static const struct ms_name form_v[] = {
	{"pick", "限额选择", "Approve up to N"},
	{"approve_oppose", "赞成/反对/弃权", "Approve / oppose / abstain"},
	{"ranked", "排序", "Ranked"},
};
const struct ms_names ms_ballot_form_names = MS_NAMES("ballot_form", form_v);
_Static_assert(sizeof form_v / sizeof form_v[0] == MS_FORM_RANKED + 1, "a name per ballot form");

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
