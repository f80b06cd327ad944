/*
 * demo_legislate.c — the demo's grassroots legislative contact point: the
 * Jiangbei district congress's point at the Dongmen street with two
 * informants; a draft regulation whose comment has closed — comments
 * online, from a meeting and from an informant, compiled into opinions,
 * submitted, one adopted and one not — and a draft open for comment now,
 * with a few comments, so the public page, the staff's pages and the funnel
 * show something. Written through the same rules as the API.
 */
#include <string.h>

#include "../core/workday.h"
#include "../legislate/legislate.h"
#include "cli.h"

static const char CLOSED_TEXT[] =
	"江州市物业管理条例（修订草案征求意见稿）\n"
	"第一章　总　则\n"
	"第一条　为了规范物业管理活动，维护业主、物业使用人和物业服务人的合法权益，营造安全、舒适、文明、和谐的居住环境，"
	"根据有关法律、行政法规，结合本市实际，制定本条例。\n"
	"第二条　本市行政区域内的物业管理及其监督管理活动，适用本条例。\n"
	"第二章　业主和业主组织\n"
	"第三条　业主大会由物业管理区域内全体业主组成。一个物业管理区域成立一个业主大会。\n"
	"第四条　业主委员会委员应当由业主担任，任期每届不超过五年，可以连选连任。\n"
	"第三章　物业服务\n"
	"第五条　物业服务人应当按照物业服务合同的约定提供服务，并在物业管理区域内显著位置公示服务内容、服务标准和收费项目。\n"
	"第六条　物业服务人不得采取停止供电、供水、供热、供燃气以及限制业主进出等方式催交物业费。\n";

static const char OPEN_TEXT[] =
	"江州市电动自行车管理规定（草案征求意见稿）\n"
	"第一条　为了加强电动自行车管理，保障道路交通安全和消防安全，制定本规定。\n"
	"第二条　电动自行车应当依法登记，取得号牌后方可上道路行驶。\n"
	"第三条　禁止在建筑物的公共门厅、疏散走道、楼梯间、安全出口停放电动自行车或者为电动自行车充电。\n"
	"第四条　住宅小区应当按照规定设置电动自行车集中停放和充电场所。\n";

int ms_demo_legislate(struct ms_db *db, int64_t congress, struct ms_error *e)
{
	const struct ms_actor *sys = &ms_actor_system;
	int64_t point, inf1, inf2, closed, open, c[8], op1, op2;
	char closes[11], later[11], code[32];
	int32_t today = ms_day_today();
	ms_day_format(today + 1, closes);
	ms_day_format(today + 30, later);
	int rc = ms_legis_point_create(db, sys, congress, "东门街道基层立法联系点", "东门街道党群服务中心二楼", &point, e);
	if (!rc)
		rc = ms_legis_informant_add(db, sys, point, "周建华", "东门社区居委会", "13905810001", &inf1, e);
	if (!rc)
		rc = ms_legis_informant_add(db, sys, point, "陈丽", "东门街道律师事务所", "13905810002", &inf2, e);
	struct ms_draft_in d1 = {.title = "江州市物业管理条例（修订草案征求意见稿）",
				 .issuer = "江州市人大常委会法制工作委员会",
				 .summary = "修订草案共六条，重点规范业主大会、业主委员会和物业服务，欢迎提出意见建议。",
				 .closes_on = closes, .text = CLOSED_TEXT};
	struct ms_draft_in d2 = {.title = "江州市电动自行车管理规定（草案征求意见稿）",
				 .issuer = "江州市人大常委会法制工作委员会",
				 .summary = "草案共四条，涉及登记上牌、停放充电等规定。", .closes_on = later, .text = OPEN_TEXT};
	if (rc || (rc = ms_draft_create(db, sys, congress, &d1, &closed, e)) || (rc = ms_draft_open(db, sys, closed, e)) ||
	    (rc = ms_draft_create(db, sys, congress, &d2, &open, e)) || (rc = ms_draft_open(db, sys, open, e)))
		return rc;
	struct ms_comment_in online[] = {
		{.article_no = 4, .point_id = point, .author = "刘女士", .contact = "13800138000",
		 .text = "建议业主委员会任期改为三年，便于业主监督。"},
		{.article_no = 4, .text = "五年任期过长，建议缩短。"},
		{.article_no = 6, .text = "建议明确物业服务人违反本条的法律责任。"},
	};
	for (size_t i = 0; !rc && i < 3; i++)
		rc = ms_comment_submit(db, closed, &online[i], "demo", code, sizeof code, &c[i], e);
	struct ms_comment_in entered[] = {
		{.article_no = 4, .point_id = point, .channel = 1, .author = "座谈会：社区居民代表", .text = "任期建议三年一届。"},
		{.article_no = 5, .point_id = point, .channel = 2, .informant_id = inf1,
		 .text = "建议公示内容增加物业费收支情况，每半年公示一次。"},
		{.article_no = 6, .point_id = point, .channel = 2, .informant_id = inf2,
		 .text = "建议增加“不得以停止电梯运行方式催交物业费”。"},
	};
	for (size_t i = 0; !rc && i < 3; i++)
		rc = ms_comment_enter(db, sys, closed, &entered[i], &c[3 + i], e);
	int64_t on4[] = {c[0], c[1], c[3]}, on6[] = {c[2], c[5]};
	if (rc || (rc = ms_opinion_compile(db, sys, closed, 4,
					    "建议将第四条业主委员会委员任期“每届不超过五年”修改为“每届不超过三年”。", on4, 3,
					    &op1, e)) ||
	    (rc = ms_opinion_compile(db, sys, closed, 6,
				     "建议第六条增加“限制电梯使用”的禁止情形，并明确相应法律责任。", on6, 2, &op2, e)) ||
	    (rc = ms_draft_close(db, sys, closed, e)) ||
	    (rc = ms_opinion_submit(db, sys, op1, "江州市人大常委会法制工作委员会", e)) ||
	    (rc = ms_opinion_submit(db, sys, op2, "江州市人大常委会法制工作委员会", e)) ||
	    (rc = ms_opinion_outcome(db, sys, op1, true, "修订草案二审稿第四条采纳：任期改为每届三年", e)))
		return rc;
	/* the open draft: a few comments so far */
	struct ms_comment_in now[] = {
		{.article_no = 3, .point_id = point, .text = "建议明确物业服务企业对楼道停放电动自行车的劝阻义务。"},
		{.article_no = 4, .text = "老旧小区场地有限，建议政府给予充电设施建设补助。"},
	};
	for (size_t i = 0; !rc && i < 2; i++)
		rc = ms_comment_submit(db, open, &now[i], "demo", code, sizeof code, &c[6 + i], e);
	return rc;
}
