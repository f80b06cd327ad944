/*
 * assessment.c — the unit assessment (assessment.h): each unit's score from
 * its components with data, its class, the league table with competition
 * ranks, and the rule in words. Red list = MS_CLASS_EXCELLENT, black list =
 * MS_CLASS_FAIL: the caller reads them off the rows in table order.
 *
 * Exact: shares, the weighted mean and the penalty are struct ms_rat (a
 * share's terms may be any uint64_t). The result's arrays come from the
 * caller's allocator (rows, order, and a scratch block for the sort freed
 * before return); the rationals keep their big storage, if any, with
 * libtommath (rat.h). The table is a stable merge sort, so equal scores
 * stay in index order. Pure: no I/O, no globals; thread-safe on distinct
 * results.
 */
#include "assessment.h"

#include <stdio.h>
#include <string.h>

#include "textbuf_internal.h"

void ms_assess_params_default(struct ms_assess_params *p, size_t n_components, const uint32_t *weights)
{
	if (!p)
		return;
	memset(p, 0, sizeof *p);
	p->n_components = n_components;
	p->weights = weights;
	p->excellent_min = 90;
	p->good_min = 80;
	p->pass_min = 60;
}

int ms_assess_params_check(const struct ms_assess_params *p, struct ms_error *e)
{
	if (!p)
		return ms_failf(e, MS_E_COUNT_MISSING_INPUT, NULL, MS_AT("考核参数", "the assessment parameters"));
	if (p->n_components == 0 || p->n_components > MS_ASSESS_COMPONENTS_MAX)
		return ms_failf(e, MS_E_ASSESS_COMPONENTS_COUNT, "n_components", MS_AI(p->n_components),
				MS_AI(MS_ASSESS_COMPONENTS_MAX));
	if (!p->weights)
		return ms_failf(e, MS_E_COUNT_MISSING_INPUT, "weights", MS_AT("各项指标的权重", "the weights"));
	uint32_t total = 0;
	for (size_t i = 0; i < p->n_components; i++) {
		if (p->weights[i] > 1000)
			return ms_failf(e, MS_E_ASSESS_WEIGHT_OVER, "weights", MS_AI(i), MS_AI(p->weights[i]));
		total += p->weights[i];
	}
	if (total == 0)
		return ms_fail(e, MS_E_ASSESS_NO_WEIGHT, "weights");
	const char *bad = p->excellent_min > 100	  ? "excellent_min"
			  : p->good_min > p->excellent_min ? "good_min"
			  : p->pass_min > p->good_min	  ? "pass_min"
							  : NULL;
	if (bad)
		return ms_failf(e, MS_E_ASSESS_BANDS, bad, MS_AI(p->pass_min), MS_AI(p->good_min),
				MS_AI(p->excellent_min));
	return 0;
}

/* ---- scores --------------------------------------------------------------- */

/* r = v for any uint64_t (beyond INT64_MAX as 2 × (v / 2) + v % 2). */
static int rat_set_u64(struct ms_rat *r, uint64_t v)
{
	if (v <= INT64_MAX)
		return ms_rat_set_i64(r, (int64_t)v, 1);
	int rc = ms_rat_set_i64(r, (int64_t)(v >> 1), 1);
	if (rc == 0)
		rc = ms_rat_mul_i64(r, r, 2);
	if (rc == 0)
		rc = ms_rat_add_i64(r, r, (int64_t)(v & 1));
	return rc;
}

/* row's score from u (checked: num <= den where den > 0). A component with
 * data but weight 0 counts for nothing; a unit whose components with data
 * all weigh 0 has no score. 0 or MS_ERR_NOMEM. */
static int score_unit(const struct ms_assess_params *p, const struct ms_assess_unit *u, struct ms_assess_row *row)
{
	struct ms_rat sum = MS_RAT_ZERO, share = MS_RAT_ZERO, den = MS_RAT_ZERO;
	uint64_t weights = 0;
	int rc = 0;
	for (size_t i = 0; i < p->n_components && rc == 0; i++) {
		if (u->den[i] == 0) {
			row->missing |= 1u << i;
			continue;
		}
		if (p->weights[i] == 0)
			continue;
		weights += p->weights[i];
		rc = rat_set_u64(&share, u->num[i]);
		if (rc == 0)
			rc = rat_set_u64(&den, u->den[i]);
		if (rc == 0)
			rc = ms_rat_div(&share, &share, &den);
		if (rc == 0)
			rc = ms_rat_mul_i64(&share, &share, p->weights[i]);
		if (rc == 0)
			rc = ms_rat_add(&sum, &sum, &share);
	}
	if (rc == 0 && weights > 0) {
		row->has_score = true;
		rc = ms_rat_mul_i64(&row->before_penalty, &sum, 100);
		if (rc == 0)
			rc = ms_rat_div_i64(&row->before_penalty, &row->before_penalty, (int64_t)weights);
		if (rc == 0)
			rc = ms_rat_add_i64(&row->score, &row->before_penalty, -(int64_t)u->penalty);
		if (rc == 0 && ms_rat_sign(&row->score) < 0)
			rc = ms_rat_set_i64(&row->score, 0, 1);
	}
	ms_rat_fini(&sum);
	ms_rat_fini(&share);
	ms_rat_fini(&den);
	return rc;
}

static enum ms_assess_class class_of(const struct ms_assess_params *p, const struct ms_rat *score, int *err)
{
	if (ms_rat_cmp_i64(score, p->excellent_min, err) >= 0)
		return MS_CLASS_EXCELLENT;
	if (ms_rat_cmp_i64(score, p->good_min, err) >= 0)
		return MS_CLASS_GOOD;
	if (ms_rat_cmp_i64(score, p->pass_min, err) >= 0)
		return MS_CLASS_PASS;
	return MS_CLASS_FAIL;
}

/* NULL p or score, or an allocation failure comparing a big score, gives
 * MS_CLASS_NONE. */
enum ms_assess_class ms_assess_class_of(const struct ms_assess_params *p, const struct ms_rat *score)
{
	if (!p || !score)
		return MS_CLASS_NONE;
	int err = 0;
	enum ms_assess_class c = class_of(p, score, &err);
	return err ? MS_CLASS_NONE : c;
}

/* ---- the league table ----------------------------------------------------- */

/* Stable bottom-up merge sort of v[0..n) (unit indices) by score,
 * highest first; tmp holds n. A comparison's allocation failure goes to *err. */
static void sort_by_score(size_t *v, size_t *tmp, size_t n, const struct ms_assess_row *rows, int *err)
{
	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				tmp[k++] = ms_rat_cmp(&rows[v[j]].score, &rows[v[i]].score, err) > 0 ? v[j++] : v[i++];
			while (i < mid)
				tmp[k++] = v[i++];
			while (j < hi)
				tmp[k++] = v[j++];
			memcpy(v + lo, tmp + lo, (hi - lo) * sizeof *v);
		}
		if (width > n / 2)
			break;
	}
}

static void free_rows(const struct ms_allocator *a, struct ms_assess_row *rows, size_t n)
{
	for (size_t i = 0; rows && i < n; i++) {
		ms_rat_fini(&rows[i].score);
		ms_rat_fini(&rows[i].before_penalty);
	}
	a->free(a->ctx, rows);
}

/* The inputs' checks, before anything is allocated. */
static int check_units(const struct ms_assess_params *p, const struct ms_assess_unit *units, size_t n_units,
		       struct ms_error *e)
{
	if (n_units > UINT32_MAX)
		return ms_failf(e, MS_E_ASSESS_TOO_MANY_UNITS, "units", MS_AI(UINT32_MAX));
	if (n_units > 0 && !units)
		return ms_failf(e, MS_E_COUNT_MISSING_INPUT, "units", MS_AT("参加考核的单位", "the units"));
	for (size_t u = 0; u < n_units; u++) {
		if (!units[u].num || !units[u].den)
			return ms_failf(e, MS_E_COUNT_MISSING_INPUT, "units",
					MS_AT("各单位的考核数据", "every unit's figures"));
		for (size_t i = 0; i < p->n_components; i++)
			if (units[u].den[i] > 0 && units[u].num[i] > units[u].den[i])
				return ms_failf(e, MS_E_ASSESS_SHARE_OVER_ONE, "units", MS_AI(u), MS_AI(i));
	}
	return 0;
}

/*
 * Beyond the documented errors: NULL allocator or result, NULL units (with
 * units to rank) or a unit without its num or den arrays is
 * MS_ERR_UNPROCESSABLE (count_missing_input); more than UINT32_MAX units is
 * assess_too_many_units. No units gives an empty result (NULL arrays).
 */
int ms_assess_rank(const struct ms_allocator *a, const struct ms_assess_params *p, const struct ms_assess_unit *units,
		   size_t n_units, struct ms_assess_result *out, struct ms_error *e)
{
	if (out)
		memset(out, 0, sizeof *out);
	if (!a || !a->alloc || !a->free || !out)
		return ms_failf(e, MS_E_COUNT_MISSING_INPUT, NULL,
				MS_AT("内存分配器和结果存放位置", "an allocator and a place for the result"));
	int rc = ms_assess_params_check(p, e);
	if (rc == 0)
		rc = check_units(p, units, n_units, e);
	if (rc != 0 || n_units == 0)
		return rc;

	struct ms_assess_row *rows = NULL;
	size_t *order = NULL, *tmp = NULL;
	if (n_units <= SIZE_MAX / sizeof *rows) {
		rows = a->alloc(a->ctx, n_units * sizeof *rows);
		order = rows ? a->alloc(a->ctx, n_units * sizeof *order) : NULL;
		tmp = order ? a->alloc(a->ctx, n_units * sizeof *tmp) : NULL;
	}
	if (!tmp) {
		a->free(a->ctx, rows);
		a->free(a->ctx, order);
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory ranking %zu units", n_units);
	}
	memset(rows, 0, n_units * sizeof *rows);
	for (size_t u = 0; u < n_units; u++) {
		ms_rat_init(&rows[u].score);
		ms_rat_init(&rows[u].before_penalty);
		rows[u].klass = MS_CLASS_NONE;
	}

	size_t n_scored = 0;
	for (size_t u = 0; u < n_units && rc == 0; u++) {
		rc = score_unit(p, &units[u], &rows[u]);
		if (rc == 0 && rows[u].has_score) {
			rows[u].klass = class_of(p, &rows[u].score, &rc);
			order[n_scored++] = u;
		}
	}
	if (rc == 0)
		sort_by_score(order, tmp, n_scored, rows, &rc);
	for (size_t k = 0; k < n_scored && rc == 0; k++) {
		struct ms_assess_row *r = &rows[order[k]], *prev = k ? &rows[order[k - 1]] : NULL;
		r->rank = prev && ms_rat_cmp(&prev->score, &r->score, &rc) == 0 ? prev->rank : (uint32_t)(k + 1);
	}
	a->free(a->ctx, tmp);
	if (rc != 0) {
		free_rows(a, rows, n_units);
		a->free(a->ctx, order);
		return ms_error_set(e, rc, NULL, NULL, "scoring %zu units failed", n_units);
	}
	for (size_t u = 0, k = n_scored; u < n_units; u++)
		if (!rows[u].has_score)
			order[k++] = u;
	out->n_units = n_units;
	out->rows = rows;
	out->order = order;
	return 0;
}

/* a must be the allocator the result was ranked with. NULL a or r, and a
 * zeroed result, are no-ops; *r is zeroed afterwards. */
void ms_assess_result_fini(const struct ms_allocator *a, struct ms_assess_result *r)
{
	if (!a || !r)
		return;
	free_rows(a, r->rows, r->n_units);
	a->free(a->ctx, r->order);
	memset(r, 0, sizeof *r);
}

/* ---- in words ----------------------------------------------------------------- */

/* "on-time rate weight 40, delivery weight 30" (labels NULL: "component 1"). */
size_t ms_assess_rule_text_en(const struct ms_assess_params *p, const char *const *labels_en, char *buf, size_t cap)
{
	struct ms_textbuf t;
	ms_textbuf_init(&t, buf, cap);
	if (!p || !p->weights)
		return ms_textbuf_finish(&t);
	ms_textbuf_puts(&t, "A unit's score: ");
	for (size_t i = 0; i < p->n_components; i++) {
		if (i > 0)
			ms_textbuf_puts(&t, ", ");
		if (labels_en && labels_en[i])
			ms_textbuf_puts(&t, labels_en[i]);
		else
			ms_textbuf_printf(&t, "component %zu", i + 1);
		ms_textbuf_printf(&t, " weight %u", (unsigned)p->weights[i]);
	}
	ms_textbuf_puts(&t, "; each component is a share from 0 to 1, and the score is 100 times the weighted mean "
			    "of the shares of the components with data — a component with no data is left out, never "
			    "counted as zero, and the others are weighted among themselves — less any penalty points, "
			    "never below 0; a unit with no data has no score. ");
	ms_textbuf_printf(&t, "Excellent at %u points or more, good at %u or more, pass at %u or more, otherwise "
			      "fail; units are ranked by score, equal scores sharing a rank; the excellent ones go on "
			      "the red list and the failing ones on the black list.",
			  (unsigned)p->excellent_min, (unsigned)p->good_min, (unsigned)p->pass_min);
	return ms_textbuf_finish(&t);
}

/* "按时完成率权重40、…" (labels NULL: "第1项指标"). */
size_t ms_assess_rule_text_zh(const struct ms_assess_params *p, const char *const *labels_zh, char *buf, size_t cap)
{
	struct ms_textbuf t;
	ms_textbuf_init(&t, buf, cap);
	if (!p || !p->weights)
		return ms_textbuf_finish(&t);
	ms_textbuf_puts(&t, "单位考核得分：");
	for (size_t i = 0; i < p->n_components; i++) {
		if (i > 0)
			ms_textbuf_puts(&t, "、");
		if (labels_zh && labels_zh[i])
			ms_textbuf_puts(&t, labels_zh[i]);
		else
			ms_textbuf_printf(&t, "第%zu项指标", i + 1);
		ms_textbuf_printf(&t, "权重%u", (unsigned)p->weights[i]);
	}
	ms_textbuf_puts(&t, "；各项指标为0至1之间的比率，得分为有数据各项比率的加权平均乘以100（没有数据的指标不计入，"
			    "不按零分计，其余指标按各自权重重新折算），再减去扣分，最低为0分；没有任何数据的单位不计得分。");
	ms_textbuf_printf(&t, "%u分及以上为优秀，%u分及以上为良好，%u分及以上为合格，其余为不合格；按得分排名，"
			      "得分相同的名次并列；优秀的列入红榜，不合格的列入黑榜。",
			  (unsigned)p->excellent_min, (unsigned)p->good_min, (unsigned)p->pass_min);
	return ms_textbuf_finish(&t);
}
