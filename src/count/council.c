/* council.c — a residents' council's show of hands (council.h). */
#include "council.h"

#include <stdio.h>

static const struct ms_name share_v[] = {
	{"more_than_half", "超过二分之一", "more than half"},
	{"two_thirds", "三分之二以上", "at least two thirds"},
};
const struct ms_names ms_council_share_names = MS_NAMES("share", share_v);

static const struct ms_name base_v[] = {
	{"present", "实到人数", "the members present"},
	{"members", "应到人数", "all the members"},
};
const struct ms_names ms_council_base_names = MS_NAMES("base", base_v);

bool ms_council_reaches(int64_t part, int64_t whole, enum ms_council_share share)
{
	if (part < 0 || whole < 0)
		return false;
	/* both at most the council's size (a few thousand), so no overflow */
	if (share == MS_SHARE_TWO_THIRDS)
		return part * 3 >= whole * 2 && part > 0;
	return part * 2 > whole;
}

bool ms_council_quorate(const struct ms_council_rules *r, int64_t members, int64_t present)
{
	return members >= 1 && present <= members && ms_council_reaches(present, members, r->quorum);
}

bool ms_council_adopts(const struct ms_council_rules *r, int64_t members, int64_t present, int64_t yes)
{
	if (!ms_council_quorate(r, members, present) || yes > present)
		return false;
	return ms_council_reaches(yes, r->adopt_base == MS_COUNCIL_BASE_MEMBERS ? members : present, r->adopt_share);
}

/* "超过X的二分之一" or "达到X的三分之二以上" */
static const char *zh_reach(enum ms_council_share s)
{
	return s == MS_SHARE_TWO_THIRDS ? "达到" : "超过";
}

static const char *zh_share(enum ms_council_share s)
{
	return s == MS_SHARE_TWO_THIRDS ? "三分之二以上" : "二分之一";
}

size_t ms_council_rule_text(const struct ms_council_rules *r, int zh, char *buf, size_t cap)
{
	int n;
	if (zh)
		n = snprintf(buf, cap, "实到人数%s应到人数的%s方可议决；赞成人数%s%s的%s为通过", zh_reach(r->quorum),
			     zh_share(r->quorum), zh_reach(r->adopt_share), ms_council_base_names.v[r->adopt_base].zh,
			     zh_share(r->adopt_share));
	else
		n = snprintf(buf, cap,
			     "The council decides only with %s of its members present; a matter is adopted with the hands "
			     "of %s of %s",
			     ms_council_share_names.v[r->quorum].en, ms_council_share_names.v[r->adopt_share].en,
			     ms_council_base_names.v[r->adopt_base].en);
	if (n < 0) {
		if (cap)
			buf[0] = 0;
		return 0;
	}
	return (size_t)n;
}
