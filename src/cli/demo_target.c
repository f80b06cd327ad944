/*
 * demo_target.c — the demo's target list (任务清单, src/target/): the city's
 * 2026 work-report tasks, weighted, three levels deep under education, with
 * the values the bureaus reported — most accepted, one returned, and the
 * housing bureau's latest (unit01's) waiting for the clerk.
 */
#include <stddef.h>
#include <string.h>

#include "../target/target.h"
#include "cli.h"

struct demo_task {
	const char *code, *parent, *title, *indicator, *measure;
	int down;
	const char *baseline, *target;
	int64_t weight;
	const char *deadline;
	size_t unit;                      /* index into the city's units */
	const char *value;                /* a value reported and accepted, or NULL */
	const char *waiting;              /* a later value waiting for the clerk, or NULL */
};

static const struct demo_task tasks[] = {
	{"1", NULL, "稳就业保民生", "", "", 0, "0", "0", 2, "2026-12-31", 8, NULL, NULL},
	{"1.1", "1", "城镇新增就业", "城镇新增就业人数", "万人", 0, "0", "5", 3, "2026-12-31", 8, "4.6", NULL},
	{"1.2", "1", "零就业家庭动态清零", "零就业家庭户数", "户", 1, "120", "0", 1, "2026-10-31", 4, "18", NULL},
	{"2", NULL, "住有所居", "", "", 0, "0", "0", 2, "2026-12-31", 3, NULL, NULL},
	{"2.1", "2", "改造城镇老旧小区", "开工改造小区数", "个", 0, "0", "300", 1, "2026-11-30", 3, "240", "262"},
	{"2.2", "2", "筹集保障性租赁住房", "筹集房源套数", "套", 0, "0", "8000", 1, "2026-12-31", 3, "5200", NULL},
	{"3", NULL, "打好蓝天保卫战", "PM2.5年均浓度", "微克/立方米", 1, "38", "33", 1, "2026-12-31", 6, "35.4", NULL},
	{"4", NULL, "办好人民满意的教育", "", "", 0, "0", "0", 1, "2026-12-31", 0, NULL, NULL},
	{"4.1", "4", "新增公办学位", "新增学位数", "个", 0, "0", "12000", 1, "2026-09-30", 0, NULL, NULL},
	{"4.1.1", "4.1", "江北区新增公办学位", "新增学位数", "个", 0, "0", "6000", 1, "2026-09-30", 0, "6000", NULL},
	{"4.1.2", "4.1", "江南区新增公办学位", "新增学位数", "个", 0, "0", "6000", 1, "2026-09-30", 0, "4100", NULL},
};

int ms_demo_target(struct ms_db *db, int64_t city, const int64_t *unit_ids, size_t n_units, struct ms_error *e)
{
	const struct ms_actor *sys = &ms_actor_system;
	struct ms_target_list_in l = {.year = 2026, .title = "2026年江州市政府工作报告重点任务清单", .rollup = 1,
				      .yellow_behind = 10, .red_behind = 25};
	int64_t list, ids[sizeof tasks / sizeof tasks[0]];
	size_t n = sizeof tasks / sizeof tasks[0];
	int rc = ms_target_list_create(db, sys, city, &l, &list, e);
	for (size_t i = 0; !rc && i < n; i++) {
		const struct demo_task *t = &tasks[i];
		int64_t parent = 0;
		for (size_t k = 0; t->parent && k < i; k++)
			if (strcmp(tasks[k].code, t->parent) == 0)
				parent = ids[k];
		struct ms_target_task_in in = {.code = t->code, .parent_id = parent, .title = t->title,
					       .indicator = t->indicator, .measure = t->measure, .direction = t->down,
					       .weight = t->weight, .deadline = t->deadline,
					       .lead_unit_id = t->unit < n_units ? unit_ids[t->unit] : 0,
					       .official = "江州市人民政府分管副市长"};
		ms_target_parse_value(t->baseline, &in.baseline);
		ms_target_parse_value(t->target, &in.target);
		rc = ms_target_task_create(db, sys, list, &in, &ids[i], e);
	}
	if (!rc)
		rc = ms_target_list_publish(db, sys, list, e);
	for (size_t i = 0; !rc && i < n; i++) {
		const struct demo_task *t = &tasks[i];
		int64_t v, report;
		if (t->value && ms_target_parse_value(t->value, &v) &&
		    !(rc = ms_target_report_file(db, sys, ids[i], v, "统计部门月度数据及牵头单位工作台账", NULL, &report, e)))
			rc = ms_target_report_decide(db, sys, report, true, NULL, e);
		if (!rc && t->waiting && ms_target_parse_value(t->waiting, &v))
			rc = ms_target_report_file(db, sys, ids[i], v, "截至本月开工小区清单及施工许可", NULL, &report, e);
	}
	return rc;
}
