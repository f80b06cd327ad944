/*
 * tally_pdf.c — the tally sheet of a closed poll (计票结果报告单), A4: the
 * figures the tellers report (deputies on the roll and present, ballots
 * issued and returned, valid, blank and void), the rule and the threshold
 * in words, each candidate's count and outcome in the result's order, the
 * status of the vote, then lines for the signatures of the scrutineers
 * (监票人, named when the poll names them), the tellers (计票人) and the
 * chief scrutineer (总监票人), with the date. Everything comes from the
 * stored result (never recounted).
 */
#include "report_internal.h"

#include <stdio.h>
#include <string.h>

#include "../vote/vote.h"

#define MARGIN 44.0

const char *ms_print_outcome(const char *status)
{
	int st = ms_names_find(&ms_count_status_names, status);
	switch (st) {
	case MS_CAND_SELECTED: return "入选";
	case MS_CAND_NOT_SELECTED: return "未入选";
	case MS_CAND_FAILED: return "未入选（未达到票数线）";
	case MS_CAND_OVER_BUDGET: return "未入选（超出预算）";
	case MS_CAND_RUNOFF: return "须再次投票（并列于末位）";
	default: return "";
	}
}

/* The status of the vote in words. */
static void status_words(json_t *r, char *buf, size_t cap)
{
	const char *s = str(r, "status");
	if (!strcmp(s, "invalid"))
		snprintf(buf, cap, "本次投票无效：收回选票多于发出选票，应重新投票。");
	else if (!strcmp(s, "runoff"))
		snprintf(buf, cap, "本次投票有效。入选项目 %lld 个；末位得票相同的项目须就剩余 %lld 个名额再次投票。",
			 num(r, "n_selected"), num(r, "runoff_slots"));
	else
		snprintf(buf, cap, "本次投票有效。应选 %lld 个，入选项目 %lld 个。", num(r, "slots"), num(r, "n_selected"));
}

static double line(struct ms_ptable *t, const char *s, double pt, bool bold)
{
	double w = t->page_w - 2 * MARGIN, h = ms_pdf_measure(t->d, w, s, pt, bold);
	if (!ms_ptable_fits(t, h))
		ms_ptable_new_page(t);
	t->y += ms_pdf_text(t->d, MARGIN, t->y, w, s, pt, bold);
	return h;
}

int ms_tally_pdf(json_t *poll, json_t *r, const char *congress, json_t *scrutineers, char **pdf, size_t *len,
		 struct ms_error *e)
{
	double w = MS_PDF_A4_W - 2 * MARGIN;
	struct ms_pdf d;
	ms_pdf_begin(&d);
	cairo_set_source_rgb(d.cr, 0, 0, 0);
	char buf[2048];
	double y = MARGIN;
	y += ms_pdf_text_center(&d, MARGIN, y, w, congress, 14, true) + 2;
	y += ms_pdf_text_center(&d, MARGIN, y, w, str(r, "title"), 16, true) + 2;
	y += ms_pdf_text_center(&d, MARGIN, y, w, "计票结果报告单", 20, true) + 12;
	struct ms_ptable t = {.d = &d, .page_w = MS_PDF_A4_W, .page_h = MS_PDF_A4_H, .margin = MARGIN, .x = MARGIN,
			      .y = y, .pt = 10, .min_row = 20, .page = 1, .foot = "计票结果报告单"};

	/* The figures, two to a row. */
	static const struct ms_pcol fig_cols[] = {
		{"项目", 150, MS_PCOL_TEXT}, {"数量", 103, MS_PCOL_CENTER}, {"项目", 150, MS_PCOL_TEXT}, {"数量", 104, MS_PCOL_CENTER}};
	t.cols = fig_cols, t.n = 4;
	static const struct {
		const char *label, *key;
	} figs[] = {
		{"应到代表（人）", "deputies_all"}, {"实到代表（人）", "deputies_present"},
		{"发出选票（张）", "ballots_issued"}, {"收回选票（张）", "ballots_returned"},
		{"有效票（张）", "valid"},	    {"无效票（张）", "void"},
		{"空白票（张）", "blank"},	    {"应选名额（个）", "slots"},
	};
	ms_ptable_head(&t);
	for (size_t i = 0; i < sizeof figs / sizeof figs[0]; i += 2) {
		char a[32], b[32];
		snprintf(a, sizeof a, "%lld", num(r, figs[i].key));
		snprintf(b, sizeof b, "%lld", num(r, figs[i + 1].key));
		const char *row[] = {figs[i].label, a, figs[i + 1].label, b};
		ms_ptable_row(&t, row);
	}
	t.y += 8;

	int form = ms_names_find(&ms_ballot_form_names, str(r, "ballot_form"));
	const char *form_zh = form >= 0 ? ms_ballot_form_names.v[form].zh : "";
	snprintf(buf, sizeof buf, "票决方式：%s", form_zh);
	line(&t, buf, 10, false);
	snprintf(buf, sizeof buf, "计票规则：%s", str(json_object_get(r, "rule_text"), "zh"));
	line(&t, buf, 10, false);
	if (form != MS_FORM_RANKED) {
		int base = ms_names_find(&ms_threshold_base_names, str(r, "threshold_base"));
		bool strict = json_is_true(json_object_get(r, "threshold_strict"));
		snprintf(buf, sizeof buf, "票数线：以%s（%lld）为基数，%s其 %lld 分之 %lld，即同意票不少于 %lld 票。",
			 base >= 0 ? ms_threshold_base_names.v[base].zh : "", num(r, "base_value"), strict ? "超过" : "达到",
			 num(r, "threshold_den"), num(r, "threshold_num"), num(r, "threshold_votes"));
		line(&t, buf, 10, false);
	}
	t.y += 8;

	/* Each candidate in the result's order. */
	struct ms_pcol cols[8];
	size_t n = 0;
	cols[n++] = (struct ms_pcol){"名次", 34, MS_PCOL_CENTER};
	cols[n++] = (struct ms_pcol){"项目名称", 0, MS_PCOL_TEXT};
	cols[n++] = (struct ms_pcol){"计划投资（元）", 78, MS_PCOL_CENTER};
	cols[n++] = (struct ms_pcol){form == MS_FORM_RANKED ? "得分" : "同意票", 50, MS_PCOL_CENTER};
	if (form == MS_FORM_APPROVE_OPPOSE) {
		cols[n++] = (struct ms_pcol){"反对票", 44, MS_PCOL_CENTER};
		cols[n++] = (struct ms_pcol){"弃权票", 44, MS_PCOL_CENTER};
	}
	cols[n++] = (struct ms_pcol){"结果", 120, MS_PCOL_CENTER};
	double rest = w;
	for (size_t i = 0; i < n; i++)
		rest -= cols[i].w;
	cols[1].w = rest;
	t.cols = cols, t.n = n;
	ms_ptable_head(&t);
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(r, "candidates"), i, c) {
		char rank[16], cost[40], votes[32], opp[32], abs[32];
		snprintf(rank, sizeof rank, "%lld", num(c, "rank"));
		ms_print_yuan(num(c, "cost"), cost, sizeof cost);
		snprintf(votes, sizeof votes, "%lld", num(c, "approvals"));
		snprintf(opp, sizeof opp, "%lld", num(c, "opposes"));
		snprintf(abs, sizeof abs, "%lld", num(c, "abstains"));
		const char *row[8];
		size_t k = 0;
		row[k++] = rank, row[k++] = str(c, "title"), row[k++] = cost, row[k++] = votes;
		if (form == MS_FORM_APPROVE_OPPOSE)
			row[k++] = opp, row[k++] = abs;
		row[k++] = ms_print_outcome(str(c, "status"));
		ms_ptable_row(&t, row);
	}
	t.y += 8;
	status_words(r, buf, sizeof buf);
	line(&t, buf, 10.5, true);
	snprintf(buf, sizeof buf, "计票时间：%.10s　　投票编号：%lld", str(r, "counted_at"), num(r, "poll_id"));
	line(&t, buf, 9, false);

	/* The signatures: they take about 190 points; on a new page if need be. */
	size_t ns = json_array_size(scrutineers);
	if (!ms_ptable_fits(&t, 150 + 26.0 * (double)(ns > 3 ? ns - 3 : 0)))
		ms_ptable_new_page(&t);
	t.y += 18;
	cairo_t *cr = d.cr;
	cairo_set_line_width(cr, 0.6);
	const char *who[] = {"监票人（签名）：", "计票人（签名）：", "总监票人（签名）："};
	for (int k = 0; k < 3; k++) {
		size_t lines = k == 0 ? (ns ? ns : 3) : k == 1 ? 3 : 1;
		ms_pdf_text(&d, MARGIN, t.y, 120, who[k], 11, true);
		for (size_t j = 0; j < lines; j++) {
			double x = MARGIN + 120 + (double)(j % 3) * 130;
			if (j && j % 3 == 0)
				t.y += 30;
			const char *name = k == 0 && ns ? str(json_array_get(scrutineers, j), "name") : "";
			if (*name) {
				snprintf(buf, sizeof buf, "（%s）", name);
				ms_pdf_text(&d, x, t.y + 16, 120, buf, 8, false);
			}
			cairo_move_to(cr, x, t.y + 15);
			cairo_line_to(cr, x + 115, t.y + 15);
			cairo_stroke(cr);
		}
		t.y += 40;
	}
	ms_pdf_text(&d, MARGIN, t.y, w, "日期：　　　　年　　月　　日", 11, true);
	ms_ptable_foot(&t);
	(void)poll;
	return ms_pdf_end(&d, 0, pdf, len, e);
}
