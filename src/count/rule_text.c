/*
 * rule_text.c — the rule of a congress count in words, in Chinese and in
 * English (ms_count_rule_text_zh / _en, count.h), as ballots and results
 * print it: the ballot form, the threshold and its base, the number chosen,
 * the budget and what a tie at the cut leads to.
 *
 * Pure: no allocation, no globals; the text goes into the caller's buffer,
 * cut at a character boundary, with the length it needs returned (like
 * snprintf). Thread-safe.
 */
#include "count.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../core/utf8.h"

/*
 * A bounded string builder. len counts every byte asked for (the length the
 * full text needs); at most cap - 1 bytes are stored, and only whole UTF-8
 * characters, so a truncated Chinese text is still valid UTF-8. Once one
 * character does not fit nothing more is stored.
 */
struct sb {
	char *buf;
	size_t cap;
	size_t len;  /* needed */
	size_t wlen; /* stored */
	bool full;
};

static void sb_puts(struct sb *s, const char *str)
{
	size_t n = strlen(str);
	for (size_t i = 0; i < n;) {
		size_t k = ms_utf8_seq(str + i, n - i);
		if (k == 0)
			k = 1; /* not UTF-8: the byte alone (the texts here are all UTF-8) */
		if (!s->full && s->cap > 0 && s->wlen + k < s->cap) {
			memcpy(s->buf + s->wlen, str + i, k);
			s->wlen += k;
		} else {
			s->full = true;
		}
		s->len += k;
		i += k;
	}
}

/* A piece of text made by vsnprintf: the formats here are short constant
 * texts with a few numbers, well within the piece's room. */
static void sb_printf(struct sb *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sb_printf(struct sb *s, const char *fmt, ...)
{
	char piece[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(piece, sizeof piece, fmt, ap);
	va_end(ap);
	sb_puts(s, piece);
}

/* Decimal digits of v with a comma every three digits (1,234,567). */
static void sb_grouped(struct sb *s, uint64_t v)
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
	sb_puts(s, out);
}

static uint64_t magnitude(int64_t v)
{
	return v < 0 ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;
}

/* "5,000,000 yuan" */
static void sb_money_en(struct sb *s, int64_t v)
{
	if (v < 0)
		sb_puts(s, "-");
	sb_grouped(s, magnitude(v));
	sb_puts(s, " yuan");
}

/* "3亿元", "500万元", or "1234567元": 万/亿 only when they divide exactly. */
static void sb_money_zh(struct sb *s, int64_t v)
{
	uint64_t m = magnitude(v);
	const char *sign = v < 0 ? "-" : "";
	if (m >= 100000000u && m % 100000000u == 0)
		sb_printf(s, "%s%llu亿元", sign, (unsigned long long)(m / 100000000u));
	else if (m >= 10000u && m % 10000u == 0)
		sb_printf(s, "%s%llu万元", sign, (unsigned long long)(m / 10000u));
	else
		sb_printf(s, "%s%llu元", sign, (unsigned long long)m);
}

/* Chinese numeral for 1..99 (一, 十, 十二, 二十, 九十九). */
static void sb_cn_small(struct sb *s, uint32_t v)
{
	static const char *const digit[] = { "零", "一", "二", "三", "四",
					     "五", "六", "七", "八", "九" };
	if (v >= 10) {
		if (v / 10 > 1)
			sb_puts(s, digit[v / 10]);
		sb_puts(s, "十");
		if (v % 10)
			sb_puts(s, digit[v % 10]);
	} else {
		sb_puts(s, digit[v]);
	}
}

/* "三分之二（2/3）" for proper fractions with small terms, else "2/3". */
static void sb_frac_zh(struct sb *s, uint32_t num, uint32_t den)
{
	if (num >= 1 && num < den && den <= 99) {
		sb_cn_small(s, den);
		sb_puts(s, "分之");
		sb_cn_small(s, num);
		sb_printf(s, "（%u/%u）", (unsigned)num, (unsigned)den);
	} else {
		sb_printf(s, "%u/%u", (unsigned)num, (unsigned)den);
	}
}

static size_t sb_finish(struct sb *s)
{
	if (s->cap > 0)
		s->buf[s->wlen] = '\0';
	return s->len;
}

/* The budget clause of a rule text, shared by the ballot forms. */
static void sb_budget_en(struct sb *s, int64_t budget)
{
	sb_puts(s, ", within a budget of ");
	sb_money_en(s, budget);
	sb_puts(s, ": a project whose cost no longer fits the money left is passed over for the next one");
}

static void sb_budget_zh(struct sb *s, int64_t budget)
{
	sb_puts(s, "，入选项目投资总额以预算");
	sb_money_zh(s, budget);
	sb_puts(s, "为限，剩余资金不足的项目跳过，由后续项目依次递补");
}

/* " of all 60 deputies", " of the 160 deputies present", " of the ballots cast". */
static void sb_base_en(struct sb *s, const struct ms_count_params *p)
{
	if (p->base == MS_BASE_CAST)
		sb_puts(s, " of the ballots cast");
	else if (p->base == MS_BASE_PRESENT && p->deputies_present > 0)
		sb_printf(s, " of the %u %s present", (unsigned)p->deputies_present,
			  p->deputies_present == 1 ? "deputy" : "deputies");
	else if (p->base == MS_BASE_PRESENT)
		sb_puts(s, " of the deputies present");
	else if (p->deputies_all > 1)
		sb_printf(s, " of all %u deputies", (unsigned)p->deputies_all);
	else
		sb_puts(s, p->deputies_all == 1 ? " of the 1 deputy" : " of all deputies");
}

/* p == NULL gives "". The text describes p as given, valid or not. */
size_t ms_count_rule_text_en(const struct ms_count_params *p, char *buf, size_t cap)
{
	struct sb s = { buf, buf ? cap : 0, 0, 0, false };
	if (!p)
		return sb_finish(&s);
	unsigned n = p->n_candidates, max = p->max_approvals, slots = p->slots;
	const char *projects = n == 1 ? "project" : "projects";

	if (p->form == MS_FORM_RANKED) {
		sb_printf(&s, "Deputies number up to %u of the %u projects in order of priority; the first gets %u "
			      "points, the next one point less, and so on; the %u with the most points %s chosen",
			  max, n, n, slots, slots == 1 ? "is" : "are");
		if (p->has_budget)
			sb_budget_en(&s, p->budget);
		sb_puts(&s, "; a tie at the cut goes to a run-off.");
		return sb_finish(&s);
	}
	if (p->form == MS_FORM_APPROVE_OPPOSE)
		sb_printf(&s, "Deputies vote approve, oppose or abstain on each of the %u %s; ", n, projects);
	else
		sb_printf(&s, "Deputies approve up to %u of %u %s; ", max, n, projects);

	if (p->frac_num == 0) {
		sb_puts(&s, p->strict ? "a project needs at least one approval"
				      : "a project needs no minimum number of approvals");
	} else {
		sb_printf(&s, "a project needs approvals %s %s %u/%u", p->base == MS_BASE_CAST ? "on" : "from",
			  p->strict ? "more than" : "at least", (unsigned)p->frac_num, (unsigned)p->frac_den);
		sb_base_en(&s, p);
	}

	if (slots == 1)
		sb_puts(&s, "; the one with the most approvals is chosen");
	else
		sb_printf(&s, "; the %u with the most approvals are chosen", slots);
	if (p->has_budget) {
		sb_budget_en(&s, p->budget);
		sb_puts(&s, "; a tie at the cut, when there are not enough places or money left"
			    " for all the tied projects, goes to a run-off.");
	} else {
		sb_puts(&s, "; a tie at the cut goes to a run-off.");
	}
	return sb_finish(&s);
}

/* "全体60名代表", "出席会议的160名代表", "出席会议代表". */
static void sb_base_zh(struct sb *s, const struct ms_count_params *p)
{
	if (p->base == MS_BASE_PRESENT && p->deputies_present > 0)
		sb_printf(s, "出席会议的%u名代表", (unsigned)p->deputies_present);
	else if (p->base == MS_BASE_PRESENT)
		sb_puts(s, "出席会议代表");
	else if (p->deputies_all > 0)
		sb_printf(s, "全体%u名代表", (unsigned)p->deputies_all);
	else
		sb_puts(s, "全体代表");
}

/* p == NULL gives "". The text describes p as given, valid or not. */
size_t ms_count_rule_text_zh(const struct ms_count_params *p, char *buf, size_t cap)
{
	struct sb s = { buf, buf ? cap : 0, 0, 0, false };
	if (!p)
		return sb_finish(&s);
	unsigned n = p->n_candidates, max = p->max_approvals, slots = p->slots;

	if (p->form == MS_FORM_RANKED) {
		sb_printf(&s, "代表按优先次序为%u个候选项目中的最多%u个排序；排第1位的得%u分，其后每位少1分；"
			      "按得分多少取前%u个",
			  n, max, n, slots);
		if (p->has_budget)
			sb_budget_zh(&s, p->budget);
		sb_puts(&s, "；得分相同而名额不足时，对相关项目再次投票。");
		return sb_finish(&s);
	}
	if (p->form == MS_FORM_APPROVE_OPPOSE)
		sb_printf(&s, "代表对%u个候选项目逐项表决，可投赞成、反对或弃权；", n);
	else
		sb_printf(&s, "每位代表最多赞成%u个候选项目中的%u个；", n, max);

	bool half = p->frac_num == 1 && p->frac_den == 2;
	if (p->frac_num == 0) {
		sb_puts(&s, p->strict ? "项目须获得至少1票赞成票方可通过" : "项目无最低赞成票要求");
	} else if (p->base == MS_BASE_CAST) {
		/* 项目的赞成票须超过所投选票的半数（1/2）方可通过 */
		sb_puts(&s, p->strict ? "项目的赞成票须超过所投选票的" : "项目的赞成票须达到所投选票的");
		if (half)
			sb_puts(&s, "半数（1/2）");
		else
			sb_frac_zh(&s, p->frac_num, p->frac_den);
		sb_puts(&s, "方可通过");
	} else {
		/* 项目须获得全体60名代表过半数（超过1/2）赞成票方可通过;
		 * 全体60名代表中超过三分之二（2/3）的赞成票 */
		sb_puts(&s, "项目须获得");
		sb_base_zh(&s, p);
		if (half) {
			sb_puts(&s, p->strict ? "过半数（超过1/2）赞成票" : "半数以上（不少于1/2）赞成票");
		} else {
			sb_puts(&s, p->strict ? "中超过" : "中不少于");
			sb_frac_zh(&s, p->frac_num, p->frac_den);
			sb_puts(&s, "的赞成票");
		}
		sb_puts(&s, "方可通过");
	}

	if (slots == 1)
		sb_puts(&s, "；取得票最多的1个");
	else
		sb_printf(&s, "；按得票多少取前%u个", slots);
	if (p->has_budget) {
		sb_budget_zh(&s, p->budget);
		sb_puts(&s, "；得票相同而名额或资金不足时，对相关项目再次投票。");
	} else {
		sb_puts(&s, "；得票相同而名额不足时，对相关项目再次投票。");
	}
	return sb_finish(&s);
}
