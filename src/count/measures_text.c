/*
 * measures_text.c — a project's performance measures (measures.h) in one
 * sentence, in Chinese and in English, as a result page prints them.
 *
 * Pure: no allocation, no globals; the text goes into the caller's buffer,
 * cut at a character boundary, with the length it needs returned (like
 * snprintf). Thread-safe.
 */
#include "measures.h"

#include <stdio.h>

#include "textbuf_internal.h"

/* Money units as yuan: "45,000", "45,000.50" (money_scale decimals). */
static void money(struct ms_textbuf *t, const struct ms_election *el, int64_t v)
{
	int64_t scale = el->money_scale > 1 ? el->money_scale : 1;
	uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	uint64_t whole = m / (uint64_t)scale, frac = m % (uint64_t)scale;
	char digits[32], out[48];
	int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)whole), k = 0;
	if (v < 0)
		out[k++] = '-';
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[k++] = ',';
		out[k++] = digits[i];
	}
	out[k] = '\0';
	ms_textbuf_puts(t, out);
	if (scale > 1) {
		int places = 0;
		for (int64_t s = scale; s > 1; s /= 10)
			places++;
		ms_textbuf_printf(t, ".%0*llu", places, (unsigned long long)frac);
	}
}

size_t ms_measure_text_zh(const struct ms_election *el, uint32_t p, const struct ms_measure *m, char *buf,
			  size_t cap)
{
	struct ms_textbuf t;
	ms_textbuf_init(&t, buf, cap);
	if (!el || !m || p >= el->n_projects)
		return ms_textbuf_finish(&t);
	int64_t cost = el->cost[p];
	if (m->selected) {
		if (m->cost_status == MS_MEASURE_FOUND && m->max_cost > cost) {
			ms_textbuf_puts(&t, "成本可增至 ");
			money(&t, el, m->max_cost);
			ms_textbuf_puts(&t, " 元仍入选");
		} else {
			ms_textbuf_puts(&t, "已入选；成本再增加即落选");
		}
		if (m->lose_status == MS_MEASURE_FOUND && m->lose_approvals == 0)
			ms_textbuf_puts(&t, "；少 1 票赞成即落选");
		else if (m->lose_status == MS_MEASURE_FOUND && m->approvals == 1 && m->lose_approvals == 1)
			ms_textbuf_puts(&t, "；即使其唯一的赞成者不再赞成仍入选");
		else if (m->lose_status == MS_MEASURE_FOUND && m->approvals > 0 && m->lose_approvals >= m->approvals)
			ms_textbuf_printf(&t, "；即使全部 %u 名赞成者都不再赞成仍入选", (unsigned)m->lose_approvals);
		else if (m->lose_status == MS_MEASURE_FOUND && m->rule != MS_MEASURE_GREEDY)
			ms_textbuf_printf(&t, "；赞成者中对其影响最小的 %u 人不再赞成时仍入选，再多则必然落选",
					  (unsigned)m->lose_approvals);
		else if (m->lose_status == MS_MEASURE_FOUND)
			ms_textbuf_printf(&t, "；减少 %u 票赞成仍入选", (unsigned)m->lose_approvals);
		ms_textbuf_puts(&t, "。");
		return ms_textbuf_finish(&t);
	}
	if (m->cost_status == MS_MEASURE_FOUND) {
		/* above its cost only for mes_cost's projects of cost 0 */
		ms_textbuf_puts(&t, m->max_cost < cost ? "成本降至 " : "成本为 ");
		money(&t, el, m->max_cost);
		ms_textbuf_puts(&t, " 元即可入选");
	} else {
		ms_textbuf_puts(&t, "降低成本也不能入选");
	}
	if (m->add_status == MS_MEASURE_FOUND)
		ms_textbuf_printf(&t, "；还需 %u 票赞成（新增只赞成该项目的选票）即可入选", (unsigned)m->add_singletons);
	else if (m->add_status == MS_MEASURE_BEYOND)
		ms_textbuf_printf(&t, "；需要超过 %u 票新增赞成才能入选", (unsigned)MS_MEASURE_MAX_ADDED);
	else
		ms_textbuf_puts(&t, "；增加赞成票也不能入选");
	if (m->approvals_status == MS_MEASURE_FOUND)
		ms_textbuf_printf(&t, "；未赞成的投票人中至少还需 %u 人赞成才能入选", (unsigned)m->add_approvals);
	else if (m->approvals_status == MS_MEASURE_NEVER)
		ms_textbuf_puts(&t, "；未赞成的投票人全部赞成也不能入选");
	ms_textbuf_puts(&t, "。");
	return ms_textbuf_finish(&t);
}

size_t ms_measure_text_en(const struct ms_election *el, uint32_t p, const struct ms_measure *m, char *buf,
			  size_t cap)
{
	struct ms_textbuf t;
	ms_textbuf_init(&t, buf, cap);
	if (!el || !m || p >= el->n_projects)
		return ms_textbuf_finish(&t);
	int64_t cost = el->cost[p];
	if (m->selected) {
		if (m->cost_status == MS_MEASURE_FOUND && m->max_cost > cost) {
			ms_textbuf_puts(&t, "It would still be selected at a cost of up to ");
			money(&t, el, m->max_cost);
			ms_textbuf_puts(&t, " yuan.");
		} else {
			ms_textbuf_puts(&t, "Selected; at any higher cost it would not be.");
		}
		if (m->lose_status == MS_MEASURE_FOUND && m->lose_approvals == 0)
			ms_textbuf_puts(&t, " With one approval fewer it would not be selected.");
		else if (m->lose_status == MS_MEASURE_FOUND && m->approvals == 1 && m->lose_approvals == 1)
			ms_textbuf_puts(&t, " It would still be selected even if its one approver stopped approving it.");
		else if (m->lose_status == MS_MEASURE_FOUND && m->approvals > 0 && m->lose_approvals >= m->approvals)
			ms_textbuf_printf(&t, " It would still be selected even if all %u of its approvers stopped approving it.",
					  (unsigned)m->lose_approvals);
		else if (m->lose_status == MS_MEASURE_FOUND && m->rule != MS_MEASURE_GREEDY)
			ms_textbuf_printf(&t,
					  " It would still be selected if the %u of its approvers counting least for it "
					  "stopped approving it; with more it would not be.",
					  (unsigned)m->lose_approvals);
		else if (m->lose_status == MS_MEASURE_FOUND)
			ms_textbuf_printf(&t, " It would still be selected with %u fewer %s.", (unsigned)m->lose_approvals,
					  m->lose_approvals == 1 ? "approval" : "approvals");
		return ms_textbuf_finish(&t);
	}
	if (m->cost_status == MS_MEASURE_FOUND) {
		ms_textbuf_puts(&t, "A cost of ");
		money(&t, el, m->max_cost);
		ms_textbuf_puts(&t, " yuan would select it.");
	} else {
		ms_textbuf_puts(&t, "No lower cost would select it.");
	}
	if (m->add_status == MS_MEASURE_FOUND)
		ms_textbuf_printf(&t, " %u more %s (new ballots approving only this project) would select it.",
				  (unsigned)m->add_singletons, m->add_singletons == 1 ? "approval" : "approvals");
	else if (m->add_status == MS_MEASURE_BEYOND)
		ms_textbuf_printf(&t, " More than %u more approvals would be needed.", (unsigned)MS_MEASURE_MAX_ADDED);
	else
		ms_textbuf_puts(&t, " No number of added approvals would select it.");
	if (m->approvals_status == MS_MEASURE_FOUND)
		ms_textbuf_printf(&t, " At least %u more of the voters who did not approve it would have to approve it.",
				  (unsigned)m->add_approvals);
	else if (m->approvals_status == MS_MEASURE_NEVER)
		ms_textbuf_puts(&t, " Even if every voter who did not approve it did, it would not be selected.");
	return ms_textbuf_finish(&t);
}
