/* target.c — a target list's progress, plan and lights (target.h). */
#include "target.h"

#include <stdio.h>
#include <stdlib.h>

static const struct ms_name rollup_v[] = {
	{"average", "下级任务完成进度的算术平均", "the plain average of its sub-tasks' progress"},
	{"weighted", "下级任务完成进度按权重加权平均", "its sub-tasks' progress weighted by their weights"},
};
const struct ms_names ms_target_rollup_names = MS_NAMES("rollup", rollup_v);

static const struct ms_name direction_v[] = {
	{"up", "达到或超过目标值", "reach at least the target"},
	{"down", "降至目标值以下", "bring it down to at most the target"},
};
const struct ms_names ms_target_direction_names = MS_NAMES("direction", direction_v);

static const struct ms_name light_v[] = {
	{"green", "绿灯", "green: on plan"},
	{"yellow", "黄灯", "yellow: behind plan"},
	{"red", "红灯", "red: far behind plan"},
	{"blue", "蓝灯（已完成）", "blue: done"},
};
const struct ms_names ms_target_light_names = MS_NAMES("target_light", light_v);

/* r = clamp(num / den, 0, 1) */
static int share(struct ms_rat *r, int64_t num, int64_t den)
{
	if (num <= 0)
		return ms_rat_set_i64(r, 0, 1);
	if (num >= den)
		return ms_rat_set_i64(r, 1, 1);
	return ms_rat_set_i64(r, num, den);
}

/* A task measured by its own indicator. */
static int leaf(const struct ms_target_node *t, struct ms_rat *r)
{
	if (!t->has_actual)
		return ms_rat_set_i64(r, 0, 1);
	if (t->target == t->baseline) {
		bool reached = t->direction == MS_TARGET_DOWN ? t->actual <= t->target : t->actual >= t->target;
		return ms_rat_set_i64(r, reached, 1);
	}
	/* |values| <= 10^15: the differences fit */
	if (t->direction == MS_TARGET_DOWN)
		return t->baseline > t->target ? share(r, t->baseline - t->actual, t->baseline - t->target)
						: ms_rat_set_i64(r, t->actual <= t->target, 1);
	return t->target > t->baseline ? share(r, t->actual - t->baseline, t->target - t->baseline)
				       : ms_rat_set_i64(r, t->actual >= t->target, 1);
}

static int plan(const struct ms_target_node *t, int32_t today, struct ms_rat *r)
{
	if (today >= t->deadline || t->deadline <= t->start)
		return ms_rat_set_i64(r, today >= t->deadline, 1);
	return share(r, (int64_t)today - t->start, (int64_t)t->deadline - t->start);
}

void ms_target_results_fini(struct ms_target_result *out, size_t n)
{
	for (size_t i = 0; out && i < n; i++) {
		ms_rat_fini(&out[i].progress);
		ms_rat_fini(&out[i].planned);
	}
}

int ms_target_progress(const struct ms_target_node *v, size_t n, int rollup, int32_t today, int64_t yellow_behind,
		       int64_t red_behind, struct ms_target_result *out, struct ms_error *e)
{
	int64_t *sum = calloc(n + 1, sizeof *sum);
	struct ms_rat *acc_p = calloc(n + 1, sizeof *acc_p), *acc_q = calloc(n + 1, sizeof *acc_q);
	struct ms_rat t = MS_RAT_ZERO, behind = MS_RAT_ZERO;
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		ms_rat_init(&out[i].progress);
		ms_rat_init(&out[i].planned);
		out[i].light = MS_TLIGHT_GREEN;
		out[i].children = 0;
		if (v[i].parent >= (long)i || v[i].weight < 1)
			rc = ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "ms_target_progress: a parent after its task, or a weight below 1");
	}
	if (!sum || !acc_p || !acc_q)
		rc = ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory");
	for (size_t i = 0; !rc && i < n; i++) {
		ms_rat_init(&acc_p[i]);
		ms_rat_init(&acc_q[i]);
	}
	/* the deepest first: a task's sub-tasks come after it */
	for (size_t k = n; !rc && k-- > 0;) {
		struct ms_target_result *o = &out[k];
		if (o->children) {
			rc = ms_rat_div_i64(&o->progress, &acc_p[k], sum[k]);
			if (!rc)
				rc = ms_rat_div_i64(&o->planned, &acc_q[k], sum[k]);
		} else if (!(rc = leaf(&v[k], &o->progress))) {
			rc = plan(&v[k], today, &o->planned);
		}
		long p = v[k].parent;
		int64_t w = rollup == MS_TARGET_WEIGHTED ? v[k].weight : 1;
		if (!rc && p >= 0) {
			out[p].children++;
			sum[p] += w;
			if (!(rc = ms_rat_mul_i64(&t, &o->progress, w)) && !(rc = ms_rat_add(&acc_p[p], &acc_p[p], &t)) &&
			    !(rc = ms_rat_mul_i64(&t, &o->planned, w)))
				rc = ms_rat_add(&acc_q[p], &acc_q[p], &t);
		}
		/* the light: behind = (planned − progress) × 100 points */
		int err = 0;
		if (!rc && ms_rat_cmp_i64(&o->progress, 1, &err) >= 0)
			o->light = MS_TLIGHT_BLUE;
		else if (!rc && !(rc = ms_rat_sub(&behind, &o->planned, &o->progress)) &&
			 !(rc = ms_rat_mul_i64(&behind, &behind, 100)))
			o->light = ms_rat_cmp_i64(&behind, red_behind, &err) > 0	 ? MS_TLIGHT_RED
				   : ms_rat_cmp_i64(&behind, yellow_behind, &err) > 0 ? MS_TLIGHT_YELLOW
										       : MS_TLIGHT_GREEN;
		if (!rc && err)
			rc = err;
		if (rc == MS_ERR_NOMEM)
			ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory");
	}
	for (size_t i = 0; acc_p && acc_q && i < n; i++) {
		ms_rat_fini(&acc_p[i]);
		ms_rat_fini(&acc_q[i]);
	}
	ms_rat_fini(&t);
	ms_rat_fini(&behind);
	free(sum);
	free(acc_p);
	free(acc_q);
	if (rc)
		ms_target_results_fini(out, n);
	return rc;
}

size_t ms_target_rule_text(int rollup, int64_t yellow_behind, int64_t red_behind, int zh, char *buf, size_t cap)
{
	const struct ms_name *r = &rollup_v[rollup == MS_TARGET_WEIGHTED];
	int n = zh ? snprintf(buf, cap,
			      "末级任务按指标从基期值到目标值的完成比例计算进度，上级任务取%s；完成进度落后于计划进度超过 %lld "
			      "个百分点为黄灯，超过 %lld 个百分点为红灯，全部完成为蓝灯",
			      r->zh, (long long)yellow_behind, (long long)red_behind)
		   : snprintf(buf, cap,
			      "A task without sub-tasks progresses by the share of the way from its baseline to its target its "
			      "indicator has come; a task with sub-tasks takes %s; more than %lld points behind its plan is "
			      "yellow, more than %lld red, and done is blue",
			      r->en, (long long)yellow_behind, (long long)red_behind);
	if (n < 0) {
		if (cap)
			buf[0] = 0;
		return 0;
	}
	return (size_t)n;
}
