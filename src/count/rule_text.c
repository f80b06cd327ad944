/*
 * rule_text.c — the rule of a congress count in words, in Chinese and in
 * English (ms_count_rule_text_zh / _en, count.h), as ballots and results
 * print it: the ballot form, the threshold and its base, the number chosen,
 * the budget and what a tie at the cut leads to.
 *
 * Pure: no allocation, no globals; the text goes into the caller's buffer
 * through the bounded builder of textbuf_internal.h, cut at a character
 * boundary, with the length it needs returned (like snprintf). Thread-safe.
 */
#include "count.h"

#include <stdbool.h>
#include <stdint.h>

#include "textbuf_internal.h"

/* Decimal digits of v with a comma every three digits (1,234,567). */
static void sb_grouped(struct ms_textbuf *s, uint64_t v)
{
	char tmp[32];
	size_t n = 0, digits = 0;
	do {
		if (digits > 0 && digits % 3 == 0)
			tmp[n++] = ',';
		tmp[n++] = (char)('0' + v % 10);
		digits++;
		v /= 10;
	} while (v > 0);
	char out[32];
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
	ms_textbuf_puts(s, out);
}

static uint64_t magnitude(int64_t v)
{
	return v < 0 ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;
}

/* "5,000,000 yuan" */
static void sb_money_en(struct ms_textbuf *s, int64_t v)
{
	if (v < 0)
		ms_textbuf_puts(s, "-");
	sb_grouped(s, magnitude(v));
	ms_textbuf_puts(s, " yuan");
}

/* "3亿元", "500万元", or "1234567元": 万/亿 only when they divide exactly. */
static void sb_money_zh(struct ms_textbuf *s, int64_t v)
{
	uint64_t m = magnitude(v);
	const char *sign = v < 0 ? "-" : "";
	if (m >= 100000000u && m % 100000000u == 0)
		ms_textbuf_printf(s, "%s%llu亿元", sign, (unsigned long long)(m / 100000000u));
	else if (m >= 10000u && m % 10000u == 0)
		ms_textbuf_printf(s, "%s%llu万元", sign, (unsigned long long)(m / 10000u));
	else
		ms_textbuf_printf(s, "%s%llu元", sign, (unsigned long long)m);
}

/* The budget clause of a rule text, shared by the ballot forms. */
static void sb_budget_en(struct ms_textbuf *s, int64_t budget)
{
	ms_textbuf_puts(s, ", within a budget of ");
	sb_money_en(s, budget);
	ms_textbuf_puts(s, ": a project whose cost no longer fits the money left is passed over for the next one");
}

static void sb_budget_zh(struct ms_textbuf *s, int64_t budget)
{
	ms_textbuf_puts(s, "，入选项目投资总额以预算");
	sb_money_zh(s, budget);
	ms_textbuf_puts(s, "为限，剩余资金不足的项目跳过，由后续项目依次递补");
}

/* " of all 60 deputies", " of the 160 deputies present", " of the ballots cast". */
static void sb_base_en(struct ms_textbuf *s, const struct ms_count_params *p)
{
	if (p->base == MS_BASE_CAST)
		ms_textbuf_puts(s, " of the ballots cast");
	else if (p->base == MS_BASE_PRESENT && p->deputies_present > 0)
		ms_textbuf_printf(s, " of the %u %s present", (unsigned)p->deputies_present,
			  p->deputies_present == 1 ? "deputy" : "deputies");
	else if (p->base == MS_BASE_PRESENT)
		ms_textbuf_puts(s, " of the deputies present");
	else if (p->deputies_all > 1)
		ms_textbuf_printf(s, " of all %u deputies", (unsigned)p->deputies_all);
	else
		ms_textbuf_puts(s, p->deputies_all == 1 ? " of the 1 deputy" : " of all deputies");
}

/* p == NULL gives "". The text describes p as given, valid or not. */
size_t ms_count_rule_text_en(const struct ms_count_params *p, char *buf, size_t cap)
{
	struct ms_textbuf s;
	ms_textbuf_init(&s, buf, cap);
	if (!p)
		return ms_textbuf_finish(&s);
	unsigned n = p->n_candidates, max = p->max_approvals, slots = p->slots;
	const char *projects = n == 1 ? "project" : "projects";

	if (p->form == MS_FORM_RANKED) {
		ms_textbuf_printf(&s, "Deputies number up to %u of the %u projects in order of priority; the first gets %u "
			      "points, the next one point less, and so on; the %u with the most points %s chosen",
			  max, n, n, slots, slots == 1 ? "is" : "are");
		if (p->has_budget)
			sb_budget_en(&s, p->budget);
		ms_textbuf_puts(&s, "; a tie at the cut goes to a run-off.");
		return ms_textbuf_finish(&s);
	}
	if (p->form == MS_FORM_APPROVE_OPPOSE)
		ms_textbuf_printf(&s, "Deputies vote approve, oppose or abstain on each of the %u %s; ", n, projects);
	else
		ms_textbuf_printf(&s, "Deputies approve up to %u of %u %s; ", max, n, projects);

	if (p->frac_num == 0) {
		ms_textbuf_puts(&s, p->strict ? "a project needs at least one approval"
				      : "a project needs no minimum number of approvals");
	} else {
		ms_textbuf_printf(&s, "a project needs approvals %s %s %u/%u", p->base == MS_BASE_CAST ? "on" : "from",
			  p->strict ? "more than" : "at least", (unsigned)p->frac_num, (unsigned)p->frac_den);
		sb_base_en(&s, p);
	}

	if (slots == 1)
		ms_textbuf_puts(&s, "; the one with the most approvals is chosen");
	else
		ms_textbuf_printf(&s, "; the %u with the most approvals are chosen", slots);
	if (p->has_budget) {
		sb_budget_en(&s, p->budget);
		ms_textbuf_puts(&s, "; a tie at the cut, when there are not enough places or money left"
			    " for all the tied projects, goes to a run-off.");
	} else {
		ms_textbuf_puts(&s, "; a tie at the cut goes to a run-off.");
	}
	return ms_textbuf_finish(&s);
}

/* "全体60名代表", "出席会议的160名代表", "出席会议代表". */
static void sb_base_zh(struct ms_textbuf *s, const struct ms_count_params *p)
{
	if (p->base == MS_BASE_PRESENT && p->deputies_present > 0)
		ms_textbuf_printf(s, "出席会议的%u名代表", (unsigned)p->deputies_present);
	else if (p->base == MS_BASE_PRESENT)
		ms_textbuf_puts(s, "出席会议代表");
	else if (p->deputies_all > 0)
		ms_textbuf_printf(s, "全体%u名代表", (unsigned)p->deputies_all);
	else
		ms_textbuf_puts(s, "全体代表");
}

/* p == NULL gives "". The text describes p as given, valid or not. */
size_t ms_count_rule_text_zh(const struct ms_count_params *p, char *buf, size_t cap)
{
	struct ms_textbuf s;
	ms_textbuf_init(&s, buf, cap);
	if (!p)
		return ms_textbuf_finish(&s);
	unsigned n = p->n_candidates, max = p->max_approvals, slots = p->slots;

	if (p->form == MS_FORM_RANKED) {
		ms_textbuf_printf(&s, "代表按优先次序为%u个候选项目中的最多%u个排序；排第1位的得%u分，其后每位少1分；"
			      "按得分多少取前%u个",
			  n, max, n, slots);
		if (p->has_budget)
			sb_budget_zh(&s, p->budget);
		ms_textbuf_puts(&s, "；得分相同而名额不足时，对相关项目再次投票。");
		return ms_textbuf_finish(&s);
	}
	if (p->form == MS_FORM_APPROVE_OPPOSE)
		ms_textbuf_printf(&s, "代表对%u个候选项目逐项表决，可投赞成、反对或弃权；", n);
	else
		ms_textbuf_printf(&s, "每位代表最多赞成%u个候选项目中的%u个；", n, max);

	bool half = p->frac_num == 1 && p->frac_den == 2;
	if (p->frac_num == 0) {
		ms_textbuf_puts(&s, p->strict ? "项目须获得至少1票赞成票方可通过" : "项目无最低赞成票要求");
	} else if (p->base == MS_BASE_CAST) {
		/* 项目的赞成票须超过所投选票的半数（1/2）方可通过 */
		ms_textbuf_puts(&s, p->strict ? "项目的赞成票须超过所投选票的" : "项目的赞成票须达到所投选票的");
		if (half)
			ms_textbuf_puts(&s, "半数（1/2）");
		else
			ms_textbuf_frac_zh(&s, p->frac_num, p->frac_den);
		ms_textbuf_puts(&s, "方可通过");
	} else {
		/* 项目须获得全体60名代表过半数（超过1/2）赞成票方可通过;
		 * 全体60名代表中超过三分之二（2/3）的赞成票 */
		ms_textbuf_puts(&s, "项目须获得");
		sb_base_zh(&s, p);
		if (half) {
			ms_textbuf_puts(&s, p->strict ? "过半数（超过1/2）赞成票" : "半数以上（不少于1/2）赞成票");
		} else {
			ms_textbuf_puts(&s, p->strict ? "中超过" : "中不少于");
			ms_textbuf_frac_zh(&s, p->frac_num, p->frac_den);
			ms_textbuf_puts(&s, "的赞成票");
		}
		ms_textbuf_puts(&s, "方可通过");
	}

	if (slots == 1)
		ms_textbuf_puts(&s, "；取得票最多的1个");
	else
		ms_textbuf_printf(&s, "；按得票多少取前%u个", slots);
	if (p->has_budget) {
		sb_budget_zh(&s, p->budget);
		ms_textbuf_puts(&s, "；得票相同而名额或资金不足时，对相关项目再次投票。");
	} else {
		ms_textbuf_puts(&s, "；得票相同而名额不足时，对相关项目再次投票。");
	}
	return ms_textbuf_finish(&s);
}
