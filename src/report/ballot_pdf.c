/*
 * ballot_pdf.c — the paper ballot of a poll (选票), for deputies who vote on
 * paper, in the poll's ballot form: pick (a box per candidate: up to
 * max_approvals), approve_oppose (赞成 / 反对 / 弃权 columns), or ranked (the
 * A3 landscape ballot listing each candidate's unit, content, cost and
 * completion day with a box for its rank). The candidates are printed as
 * the poll holds them (the Poll view's order), with the title, the
 * congress, the instructions and the counting rule in words (the server's
 * own, as on the result).
 */
#include "report_internal.h"

#include <stdio.h>
#include <string.h>

#include "../core/workday.h"
#include "../vote/vote.h"

#define A3_W 1191.0
#define A3_H 842.0
#define MARGIN 40.0

/* The instructions for the form (into buf). */
static void instructions(int form, json_t *poll, size_t m, char *buf, size_t cap)
{
	long long n = num(poll, "slots"), k = num(poll, "max_approvals");
	const char *rule = str(json_object_get(poll, "rule_text"), "zh");
	if (form == MS_FORM_APPROVE_OPPOSE)
		snprintf(buf, cap,
			 "填写说明：\n"
			 "一、本次票决从下列 %zu 个候选项目中确定 %lld 个民生实事项目。\n"
			 "二、请对每个候选项目表明态度，在“赞成”“反对”“弃权”三栏中任选一栏，在该栏方格内划“○”；"
			 "不划的，视为弃权；同一项目划两栏以上的，该张选票无效。\n"
			 "三、请用黑色或蓝色钢笔、签字笔填写，字迹清楚，不得涂改。\n"
			 "四、计票规则：%s",
			 m, n, rule);
	else if (form == MS_FORM_RANKED)
		snprintf(buf, cap,
			 "填写说明：\n"
			 "一、本次票决从下列 %zu 个候选项目中确定 %lld 个民生实事项目。\n"
			 "二、请按您认为的轻重缓急，在“排序”栏方格内填写阿拉伯数字 1、2、3……，1 为最优先；"
			 "最多排序 %lld 个项目，每个数字只能填写一次；未填写的项目不计分。\n"
			 "三、请用黑色或蓝色钢笔、签字笔填写，字迹清楚，不得涂改。\n"
			 "四、计票规则：%s",
			 m, n, k, rule);
	else
		snprintf(buf, cap,
			 "填写说明：\n"
			 "一、本次票决从下列 %zu 个候选项目中确定 %lld 个民生实事项目。\n"
			 "二、同意的项目，请在其“同意”栏方格内划“○”；每张选票最多同意 %lld 个项目，"
			 "多于 %lld 个的为无效票，等于或少于 %lld 个的为有效票，一个也不划的为空白票。\n"
			 "三、请用黑色或蓝色钢笔、签字笔填写，字迹清楚，不得涂改。\n"
			 "四、计票规则：%s",
			 m, n, k, k, k, rule);
}

int ms_ballot_pdf(json_t *poll, const char *congress, char **pdf, size_t *len, struct ms_error *e)
{
	int form = ms_names_find(&ms_ballot_form_names, str(poll, "ballot_form"));
	if (form < 0 || form == MS_FORM_RATE)
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "no paper ballot for form %s", str(poll, "ballot_form"));
	bool a3 = form == MS_FORM_RANKED;
	double pw = a3 ? A3_W : MS_PDF_A4_W, ph = a3 ? A3_H : MS_PDF_A4_H, w = pw - 2 * MARGIN;
	json_t *cands = json_object_get(poll, "candidates");
	size_t m = json_array_size(cands);
	struct ms_pdf d;
	ms_pdf_begin_size(&d, pw, ph);
	cairo_set_source_rgb(d.cr, 0, 0, 0);

	char buf[4096];
	double y = MARGIN;
	y += ms_pdf_text_center(&d, MARGIN, y, w, congress, a3 ? 18 : 15, true) + 4;
	snprintf(buf, sizeof buf, "%s", str(poll, "title"));
	y += ms_pdf_text_center(&d, MARGIN, y, w, buf, a3 ? 20 : 17, true) + 4;
	y += ms_pdf_text_center(&d, MARGIN, y, w, "民生实事项目代表票决票", a3 ? 22 : 19, true) + 10;
	instructions(form, poll, m, buf, sizeof buf);
	y += ms_pdf_text(&d, MARGIN, y, w, buf, a3 ? 11 : 10, false) + 10;

	/* The columns: the title takes what the others leave. */
	struct ms_pcol cols[8];
	size_t n = 0;
	cols[n++] = (struct ms_pcol){"序号", 36, MS_PCOL_CENTER};
	size_t title_col = n;
	cols[n++] = (struct ms_pcol){"候选项目名称", 0, MS_PCOL_TEXT};
	cols[n++] = (struct ms_pcol){"责任单位", a3 ? 180 : 120, MS_PCOL_TEXT};
	if (a3) {
		cols[n++] = (struct ms_pcol){"项目内容", 320, MS_PCOL_TEXT};
		cols[n++] = (struct ms_pcol){"计划投资（元）", 120, MS_PCOL_CENTER};
		cols[n++] = (struct ms_pcol){"完成时限", 100, MS_PCOL_CENTER};
		cols[n++] = (struct ms_pcol){"排序", 64, MS_PCOL_BOX};
	} else if (form == MS_FORM_APPROVE_OPPOSE) {
		cols[n++] = (struct ms_pcol){"赞成", 46, MS_PCOL_BOX};
		cols[n++] = (struct ms_pcol){"反对", 46, MS_PCOL_BOX};
		cols[n++] = (struct ms_pcol){"弃权", 46, MS_PCOL_BOX};
	} else {
		cols[n++] = (struct ms_pcol){"计划投资（元）", 90, MS_PCOL_CENTER};
		cols[n++] = (struct ms_pcol){"同意", 50, MS_PCOL_BOX};
	}
	double rest = w;
	for (size_t i = 0; i < n; i++)
		rest -= cols[i].w;
	cols[title_col].w = rest;
	struct ms_ptable t = {.d = &d, .page_w = pw, .page_h = ph, .margin = MARGIN, .x = MARGIN, .y = y,
			      .pt = a3 ? 11 : 10, .min_row = 26, .page = 1, .foot = "民生实事项目代表票决票",
			      .cols = cols, .n = n};
	ms_ptable_head(&t);
	size_t i;
	json_t *c;
	json_array_foreach(cands, i, c) {
		char no[24], cost[40], desc[1200], finish[40] = "—";
		snprintf(no, sizeof no, "%zu", i + 1);
		ms_print_yuan(num(c, "cost"), cost, sizeof cost);
		/* The content, cut to a few lines on the A3 ballot. */
		const char *ds = str(c, "description");
		size_t k = 0, chars = 0;
		while (ds[k] && chars < 120 && k + 8 < sizeof desc) {
			k++;
			while ((ds[k] & 0xC0) == 0x80)
				k++;
			chars++;
		}
		snprintf(desc, sizeof desc, "%.*s%s", (int)k, ds, ds[k] ? "……" : "");
		const char *unit = *str(c, "unit_name") ? str(c, "unit_name") : "—";
		const char *row[8];
		size_t r = 0;
		row[r++] = no;
		row[r++] = str(c, "title");
		row[r++] = unit;
		if (a3) {
			if (*str(c, "finish_by"))
				ms_day_zh(str(c, "finish_by"), finish, sizeof finish);
			row[r++] = desc;
			row[r++] = cost;
			row[r++] = finish;
			row[r++] = NULL;
		} else if (form == MS_FORM_APPROVE_OPPOSE) {
			row[r++] = NULL, row[r++] = NULL, row[r++] = NULL;
		} else {
			row[r++] = cost;
			row[r++] = NULL;
		}
		ms_ptable_row(&t, row);
	}
	snprintf(buf, sizeof buf, "本票决票共列候选项目 %zu 个，应选 %lld 个。投票结束后由监票人、计票人当场收回。", m,
		 num(poll, "slots"));
	if (!ms_ptable_fits(&t, 30))
		ms_ptable_new_page(&t);
	t.y += 8;
	ms_pdf_text(&d, MARGIN, t.y, w, buf, a3 ? 11 : 10, false);
	ms_ptable_foot(&t);
	return ms_pdf_end(&d, 0, pdf, len, e);
}
