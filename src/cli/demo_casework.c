/*
 * demo_casework.c — the demo's casework and suggestions (casework.h), made
 * through the same rules as the API, some of them 40 days ago (the test
 * clock, MINSHENG_TODAY, moved back and restored) so the clocks show:
 * a case of the housing bureau (unit01's) overdue, one just assigned, one
 * escalated after passing through three units and answered B (still open),
 * one closed after the resident's satisfied rating; a suggestion signed by
 * two deputies with a third deputy's identical one merged into it, its
 * reply extended with approval; and one answered, with its signer's
 * feedback (satisfied, met face to face). The demands behind the cases are
 * inserted minimally (INTAKE makes its own; the coordinator reconciles).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "../core/workday.h"
#include "../liaison/casework.h"
#include "../liaison/liaison.h"
#include "cli.h"


struct clock_back {
	char kept[16];
	bool was;
};

/* Move "today" back by days (and restore it with clock_restore). */
static void clock_back(struct clock_back *c, int days)
{
	const char *was = getenv("MINSHENG_TODAY");
	char d[11];
	c->was = was != NULL;
	c->kept[0] = '\0';
	if (was)
		ms_strlcpy(c->kept, was, sizeof c->kept);
	ms_day_format(ms_day_today() - days, d);
	setenv("MINSHENG_TODAY", d, 1);
}

static void clock_restore(struct clock_back *c)
{
	if (c->was)
		setenv("MINSHENG_TODAY", c->kept, 1);
	else
		unsetenv("MINSHENG_TODAY");
}

/* A demand taken on deputy's home visit (liaison's own rules), referred as a
 * case of type to unit; code (when not NULL, 20 bytes) receives the
 * resident's tracking code. */
static int demo_case(struct ms_db *db, int64_t city, const struct ms_actor *deputy, const char *title,
		     const char *text, char *code, const char *type, int64_t unit, int64_t *id, struct ms_error *e)
{
	json_t *areas = NULL, *v = NULL;
	int rc = ms_liaison_areas(db, city, &areas, e);
	if (rc)
		return rc;
	struct ms_demand_in in = {.title = title, .text = text,
				  .area = json_array_size(areas) ? json_string_value(json_array_get(areas, 0)) : ""};
	rc = ms_demand_visit(db, deputy, city, 0, &in, 1, &v, e);
	json_t *item = json_array_get(json_object_get(v, "items"), 0);
	int64_t demand = json_integer_value(json_object_get(item, "id"));
	if (!rc && code)
		snprintf(code, 20, "%s", json_string_value(json_object_get(item, "code")));
	json_decref(v);
	json_decref(areas);
	if (!rc)
		rc = ms_cw_from_demand(db, deputy, demand, "case", type, id, e);
	if (!rc && unit)
		rc = ms_cw_assign(db, &ms_actor_system, *id, unit, NULL, 0, e);
	return rc;
}

int ms_demo_casework(struct ms_db *db, int64_t city, const int64_t *unit_ids, size_t n_units,
		     const struct ms_actor *deputies, size_t n_deputies, struct ms_error *e)
{
	const struct ms_actor *sys = &ms_actor_system;
	if (n_units < 5 || n_deputies < 6)
		return 0;
	int64_t housing = unit_ids[3], id, s1, s2, s3;
	json_t *o = NULL;
	char code[20] = "";
	struct clock_back cb;
	int rc;
	clock_back(&cb, 40);
	/* 40 days ago: the overdue case, the escalated one, the closed one, the suggestions */
	rc = demo_case(db, city, &deputies[3], "小区路灯损坏多日未修", "幸福里小区东门至3号楼路灯损坏，夜间出行不便。", NULL,
		       "standard", housing, &id, e);
	if (!rc)
		rc = demo_case(db, city, &deputies[4], "老旧小区二次供水水压不足", "高层住户早晚用水高峰水压不足，多次反映未解决。",
			       NULL, "standard", unit_ids[0], &id, e);
	if (!rc)
		rc = ms_cw_return(db, sys, id, "二次供水设施归属水务部门", e);
	if (!rc)
		rc = ms_cw_assign(db, sys, id, unit_ids[1], NULL, 0, e);
	if (!rc)
		rc = ms_cw_return(db, sys, id, "小区设施由物业负责，请转住建部门", e);
	if (!rc)
		rc = ms_cw_assign(db, sys, id, unit_ids[2], &unit_ids[4], 1, e);
	if (!rc)
		rc = ms_cw_reply(db, sys, id, "B", "已列入明年老旧小区二次供水改造计划，改造前安排临时加压。", e);
	if (!rc)
		rc = demo_case(db, city, &deputies[5], "学校门口早晚高峰拥堵", "实验小学门口上下学时段车辆乱停，建议设置临时停车区。",
			       code, "general", housing, &id, e);
	if (!rc)
		rc = ms_cw_reply(db, sys, id, "A", "已会同交警在学校东侧设置临时停车区并安排护学岗。", e);
	if (!rc)
		rc = ms_cw_rate_resident(db, code, "satisfied", "停车有序多了", &o, e);
	json_decref(o);
	int64_t co[] = {deputies[1].id};
	if (!rc)
		rc = ms_suggestion_file(db, &deputies[0], city, "关于加快老旧小区加装电梯的建议",
					"建议简化加装电梯审批流程，提高财政补助标准。", co, 1, &s1, e);
	if (!rc) /* co-signing is by consent: the invited deputy accepts */
		rc = ms_suggestion_answer(db, &deputies[1], s1, true, e);
	if (!rc)
		rc = ms_suggestion_file(db, &deputies[2], city, "关于老旧小区加装电梯补助的建议",
					"建议提高加装电梯补助，缩短审批时间。", NULL, 0, &s2, e);
	if (!rc)
		rc = ms_suggestion_merge(db, sys, s2, s1, e);
	if (!rc)
		rc = ms_cw_assign(db, sys, s1, housing, &unit_ids[0], 1, e);
	if (!rc)
		rc = ms_suggestion_extend(db, sys, s1, "涉及财政补助标准调整，需经预算程序", e);
	if (!rc)
		rc = ms_suggestion_extend_decide(db, sys, s1, true, e);
	if (!rc)
		rc = ms_suggestion_file(db, &deputies[3], city, "关于增设社区养老服务站的建议",
					"建议在人口老龄化程度高的社区增设养老服务站。", NULL, 0, &s3, e);
	if (!rc)
		rc = ms_cw_assign(db, sys, s3, unit_ids[1], NULL, 0, e);
	if (!rc)
		rc = ms_cw_reply(db, sys, s3, "A", "已在三个社区新设养老服务站。", e);
	if (!rc)
		rc = ms_suggestion_feedback(db, &deputies[3], s3, "satisfied", true, "承办单位上门沟通", e);
	clock_restore(&cb);
	/* today: a case just assigned to the housing bureau */
	if (!rc)
		rc = demo_case(db, city, &deputies[6], "小区垃圾分类投放点设置不合理", "垃圾投放点紧邻住户窗口，夏季异味大，建议调整位置。",
			       NULL, "general", housing, &id, e);
	return rc;
}
