/*
 * satisfaction_text.c — the year-end satisfaction rule and the composite's
 * weighting in words, in Chinese and in English (satisfaction.h), as the
 * ballot and the result print them: the ratings and what an unmarked
 * project is, the thresholds against their base (with the least number of
 * votes when the base's size is known), how exactly the fraction is
 * treated, and how sub-items combine.
 *
 * Pure: no allocation, no globals; the text goes into the caller's buffer,
 * cut at a character boundary, with the length it needs returned (like
 * snprintf). Each describes its parameters as given, valid or not; NULL
 * parameters give "". Thread-safe.
 */
#include "satisfaction.h"

#include <stdio.h>

#include "textbuf_internal.h"

/* Whether the base's size is known, and it. */
static bool base_size(const struct ms_sat_params *p, uint32_t *size)
{
	if (p->base == MS_BASE_ALL && p->deputies_all > 0)
		*size = p->deputies_all;
	else if (p->base == MS_BASE_PRESENT && p->deputies_present > 0)
		*size = p->deputies_present;
	else
		return false;
	return true;
}

/* ---- English ------------------------------------------------------------- */

/* "all 33 members", "the 29 members present", "the members who cast a ballot". */
static void base_en(struct ms_textbuf *t, const struct ms_sat_params *p)
{
	if (p->base == MS_BASE_CAST)
		ms_textbuf_puts(t, "the members who cast a ballot");
	else if (p->base == MS_BASE_PRESENT && p->deputies_present > 0)
		ms_textbuf_printf(t, "the %u %s present", (unsigned)p->deputies_present,
				  p->deputies_present == 1 ? "member" : "members");
	else if (p->base == MS_BASE_PRESENT)
		ms_textbuf_puts(t, "the members present");
	else if (p->deputies_all > 1)
		ms_textbuf_printf(t, "all %u members", (unsigned)p->deputies_all);
	else
		ms_textbuf_puts(t, p->deputies_all == 1 ? "the 1 member" : "all members");
}

/* "half" or "2/3". */
static void frac_en(struct ms_textbuf *t, const struct ms_sat_params *p)
{
	if (p->frac_num == 1 && p->frac_den == 2)
		ms_textbuf_puts(t, "half");
	else
		ms_textbuf_printf(t, "%u/%u", (unsigned)p->frac_num, (unsigned)p->frac_den);
}

size_t ms_sat_rule_text_en(const struct ms_sat_params *p, char *buf, size_t cap)
{
	struct ms_textbuf t;
	ms_textbuf_init(&t, buf, cap);
	if (!p)
		return ms_textbuf_finish(&t);
	bool sub = p->n_sub >= 2;
	const char *item = p->units ? "unit" : "project";
	if (sub)
		ms_textbuf_printf(&t, "Each %s is rated on %u sub-items, each satisfied, basically satisfied or "
				      "dissatisfied", item, (unsigned)p->n_sub);
	else
		ms_textbuf_printf(&t, "Each %s is rated satisfied, basically satisfied or dissatisfied", item);
	if (p->abstain_allowed)
		ms_textbuf_puts(&t, " (or left unmarked to abstain). ");
	else
		ms_textbuf_printf(&t, "; a %s left unmarked is an invalid mark for it alone and the rest of the ballot "
				      "counts. ", sub ? "sub-item" : item);

	const char *more = p->strict ? "more than" : "at least";
	ms_textbuf_printf(&t, "%s is satisfied when %s %u/%u of ", sub ? "A sub-item" : p->units ? "A unit" : "A project", more,
			  (unsigned)p->frac_num, (unsigned)p->frac_den);
	base_en(&t, p);
	ms_textbuf_puts(&t, " rate it satisfied");
	uint32_t size;
	if (base_size(p, &size) && p->frac_den > 0) {
		uint32_t least = ms_count_threshold_votes(size, p->frac_num, p->frac_den, p->strict);
		ms_textbuf_printf(&t, " (at least %u %s)", (unsigned)least, least == 1 ? "vote" : "votes");
	}
	ms_textbuf_printf(&t, "; otherwise basically satisfied when %s %u/%u rate it satisfied or basically "
			      "satisfied; otherwise dissatisfied — exactly ",
			  more, (unsigned)p->frac_num, (unsigned)p->frac_den);
	frac_en(&t, p);
	if (p->strict) {
		ms_textbuf_puts(&t, " is not more than ");
		frac_en(&t, p);
		ms_textbuf_puts(&t, ".");
	} else {
		ms_textbuf_puts(&t, " is enough.");
	}
	if (sub && p->combine == MS_COMBINE_WORST)
		ms_textbuf_printf(&t, " A %s's verdict is the worst of its sub-items' verdicts.", item);
	else if (sub)
		ms_textbuf_printf(&t, " A %s's verdict comes from its sub-items' votes added together, by the "
				      "same rule against %u times the base.", item, (unsigned)p->n_sub);
	return ms_textbuf_finish(&t);
}

/* ---- Chinese ------------------------------------------------------------- */

/* "全体33名组成人员", "出席的29名组成人员", "所投票数". */
static void base_zh(struct ms_textbuf *t, const struct ms_sat_params *p)
{
	if (p->base == MS_BASE_CAST)
		ms_textbuf_puts(t, "所投票数");
	else if (p->base == MS_BASE_PRESENT && p->deputies_present > 0)
		ms_textbuf_printf(t, "出席的%u名组成人员", (unsigned)p->deputies_present);
	else if (p->base == MS_BASE_PRESENT)
		ms_textbuf_puts(t, "出席人员");
	else if (p->deputies_all > 0)
		ms_textbuf_printf(t, "全体%u名组成人员", (unsigned)p->deputies_all);
	else
		ms_textbuf_puts(t, "全体组成人员");
}

/* "半数" or "三分之二（2/3）". */
static void frac_zh(struct ms_textbuf *t, const struct ms_sat_params *p)
{
	if (p->frac_num == 1 && p->frac_den == 2)
		ms_textbuf_puts(t, "半数");
	else
		ms_textbuf_frac_zh(t, p->frac_num, p->frac_den);
}

size_t ms_sat_rule_text_zh(const struct ms_sat_params *p, char *buf, size_t cap)
{
	struct ms_textbuf t;
	ms_textbuf_init(&t, buf, cap);
	if (!p)
		return ms_textbuf_finish(&t);
	bool sub = p->n_sub >= 2;
	const char *item = p->units ? "单位" : "项目", *what = sub ? "分项" : item;
	if (sub)
		ms_textbuf_printf(&t, "每个%s分%u个分项测评，每个分项可评为满意、基本满意或不满意", item, (unsigned)p->n_sub);
	else
		ms_textbuf_printf(&t, "每个%s可评为满意、基本满意或不满意", item);
	if (p->abstain_allowed)
		ms_textbuf_puts(&t, "，也可不作标记（弃权）。");
	else
		ms_textbuf_printf(&t, "；未作标记的%s按无效处理，不影响选票上的其他内容。", what);

	const char *more = p->strict ? "超过" : "达到";
	ms_textbuf_printf(&t, "%s的满意票%s", what, more);
	base_zh(&t, p);
	ms_textbuf_puts(&t, "的");
	frac_zh(&t, p);
	uint32_t size;
	if (base_size(p, &size) && p->frac_den > 0)
		ms_textbuf_printf(&t, "、即至少%u票",
				  (unsigned)ms_count_threshold_votes(size, p->frac_num, p->frac_den, p->strict));
	ms_textbuf_printf(&t, "的，评为满意；否则，满意票与基本满意票之和%s同一基数的", more);
	frac_zh(&t, p);
	ms_textbuf_puts(&t, "的，评为基本满意；其余评为不满意。票数恰好等于");
	frac_zh(&t, p);
	if (p->strict) {
		ms_textbuf_puts(&t, "的，不算超过");
		frac_zh(&t, p);
		ms_textbuf_puts(&t, "。");
	} else {
		ms_textbuf_puts(&t, "的，即为达到。");
	}
	if (sub && p->combine == MS_COMBINE_WORST)
		ms_textbuf_printf(&t, "%s的测评结果取其各分项中最差的结果。", item);
	else if (sub)
		ms_textbuf_printf(&t, "%s的测评结果将各分项的票数合并，按同一规则对照%u倍的基数评定。", item,
				  (unsigned)p->n_sub);
	return ms_textbuf_finish(&t);
}

/* ---- the composite ------------------------------------------------------- */

static uint64_t total_weight(const struct ms_sat_component *c, size_t n)
{
	uint64_t w = 0;
	for (size_t i = 0; i < n; i++)
		w += c[i].weight;
	return w;
}

/* "public survey 60%, leaders 30%" (total 100) or "public survey weight 2,
 * leaders weight 1 (of a total 3)". */
size_t ms_sat_composite_text_en(const struct ms_sat_composite_params *p, const struct ms_sat_component *c,
				const char *const *labels_en, size_t n, char *buf, size_t cap)
{
	struct ms_textbuf t;
	ms_textbuf_init(&t, buf, cap);
	if (!p || !c || n == 0)
		return ms_textbuf_finish(&t);
	uint64_t total = total_weight(c, n);
	ms_textbuf_puts(&t, "Composite score: ");
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			ms_textbuf_puts(&t, ", ");
		if (labels_en && labels_en[i])
			ms_textbuf_puts(&t, labels_en[i]);
		else
			ms_textbuf_printf(&t, "component %zu", i + 1);
		ms_textbuf_printf(&t, total == 100 ? " %u%%" : " weight %u", (unsigned)c[i].weight);
	}
	if (total != 100)
		ms_textbuf_printf(&t, " (of a total %llu)", (unsigned long long)total);
	ms_textbuf_printf(&t, "; a component scores %u points for each satisfied, %u for each basically satisfied "
			      "and %u for each dissatisfied response, averaged over its responses; a component with "
			      "no responses is left out and the other weights are scaled up to the same total; the "
			      "result is satisfied at %u points or more, basically satisfied at %u or more, otherwise "
			      "dissatisfied.",
			  (unsigned)p->points_satisfied, (unsigned)p->points_basic, (unsigned)p->points_dissatisfied,
			  (unsigned)p->satisfied_min, (unsigned)p->basic_min);
	return ms_textbuf_finish(&t);
}

/* "公众调查占60%、领导评价占30%" (total 100) or "公众调查权重2、…（权重合计3）". */
size_t ms_sat_composite_text_zh(const struct ms_sat_composite_params *p, const struct ms_sat_component *c,
				const char *const *labels_zh, size_t n, char *buf, size_t cap)
{
	struct ms_textbuf t;
	ms_textbuf_init(&t, buf, cap);
	if (!p || !c || n == 0)
		return ms_textbuf_finish(&t);
	uint64_t total = total_weight(c, n);
	ms_textbuf_puts(&t, "综合测评得分：");
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			ms_textbuf_puts(&t, "、");
		if (labels_zh && labels_zh[i])
			ms_textbuf_puts(&t, labels_zh[i]);
		else
			ms_textbuf_printf(&t, "第%zu部分", i + 1);
		ms_textbuf_printf(&t, total == 100 ? "占%u%%" : "权重%u", (unsigned)c[i].weight);
	}
	if (total != 100)
		ms_textbuf_printf(&t, "（权重合计%llu）", (unsigned long long)total);
	ms_textbuf_printf(&t, "；各部分得分为其全部评价的平均分，满意每票%u分、基本满意每票%u分、不满意每票%u分；"
			      "某一部分无人评价的不计入，其余部分的权重按比例放大至同一总数；得分%u分及以上为满意，"
			      "%u分及以上为基本满意，其余为不满意。",
			  (unsigned)p->points_satisfied, (unsigned)p->points_basic, (unsigned)p->points_dissatisfied,
			  (unsigned)p->satisfied_min, (unsigned)p->basic_min);
	return ms_textbuf_finish(&t);
}

size_t ms_sat_score_text_en(const struct ms_sat_composite_params *p, char *buf, size_t cap)
{
	struct ms_textbuf t;
	ms_textbuf_init(&t, buf, cap);
	if (!p)
		return ms_textbuf_finish(&t);
	ms_textbuf_printf(&t, "Score: %u points for each satisfied, %u for each basically satisfied and %u for each "
			      "dissatisfied rating, averaged over the ratings given (abstentions do not count); "
			      "satisfied at %u points or more, basically satisfied at %u or more, otherwise dissatisfied.",
			  (unsigned)p->points_satisfied, (unsigned)p->points_basic, (unsigned)p->points_dissatisfied,
			  (unsigned)p->satisfied_min, (unsigned)p->basic_min);
	return ms_textbuf_finish(&t);
}

size_t ms_sat_score_text_zh(const struct ms_sat_composite_params *p, char *buf, size_t cap)
{
	struct ms_textbuf t;
	ms_textbuf_init(&t, buf, cap);
	if (!p)
		return ms_textbuf_finish(&t);
	ms_textbuf_printf(&t, "测评得分：满意每票%u分、基本满意每票%u分、不满意每票%u分，按全部评价（弃权不计）取平均分；"
			      "得分%u分及以上为满意，%u分及以上为基本满意，其余为不满意。",
			  (unsigned)p->points_satisfied, (unsigned)p->points_basic, (unsigned)p->points_dissatisfied,
			  (unsigned)p->satisfied_min, (unsigned)p->basic_min);
	return ms_textbuf_finish(&t);
}
