/*
 * legis_export.c — a draft's submission (src/legislate/): the opinions
 * submitted up the chain, article by article, as an A4 PDF (cairo + pango,
 * the CJK font; print_pdf.c's table, its header repeated on each page) and
 * as an XLSX workbook (libxlsxwriter, one sheet 意见建议汇总). Each row: the
 * article, the opinion's words, how many comments it compiles, to whom and
 * when it went, and its outcome (adopted and where, or not); then the funnel
 * (heard → submitted → adopted).
 */
#include "report_internal.h"

#include <stdio.h>
#include <string.h>

#include "../legislate/legislate.h"
#include "xlsx_lazy.h"

#define MARGIN 42.0

/* An opinion's outcome in words (a note up to 2,000 characters of up to 4 bytes: cap ≥ OUTCOME_MAX, never cut). */
#define OUTCOME_MAX 8200
static void outcome(json_t *o, char *buf, size_t cap)
{
	const char *st = str(o, "status"), *note = str(o, "outcome_note");
	if (!strcmp(st, "adopted"))
		snprintf(buf, cap, "已采纳%s%s", *note ? "：" : "", note);
	else if (!strcmp(st, "not_adopted"))
		snprintf(buf, cap, "未采纳%s%s", *note ? "：" : "", note);
	else
		snprintf(buf, cap, "待反馈");
}

/* The bytes of the first max characters of s (whole UTF-8 characters). */
static size_t head_bytes(const char *s, size_t max)
{
	size_t i = 0, n = 0;
	while (s[i] && n < max) {
		i++;
		while (((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		n++;
	}
	return i;
}

/* A paragraph of any length under the table, a page's worth at a time. */
static void paragraph(struct ms_ptable *t, const char *s, double pt)
{
	double w = t->page_w - 2 * t->margin;
	char part[2400];
	while (*s) {
		size_t n = head_bytes(s, 500);
		memcpy(part, s, n);
		part[n] = '\0';
		double h = ms_pdf_measure(t->d, w, part, pt, false);
		if (!ms_ptable_fits(t, h))
			ms_ptable_new_page(t);
		t->y += ms_pdf_text(t->d, t->margin, t->y, w, part, pt, false) + 2;
		s += n;
	}
}

static void funnel_line(json_t *funnel, char *buf, size_t cap)
{
	json_t *c = json_object_get(funnel, "comments"), *o = json_object_get(funnel, "opinions");
	snprintf(buf, cap,
		 "征集意见 %lld 条，汇总为 %lld 条意见建议，报送 %lld 条（含原始意见 %lld 条），已采纳 %lld 条（含原始意见 %lld 条）。",
		 num(c, "heard"), num(o, "compiled"), num(o, "submitted"), num(c, "submitted"), num(o, "adopted"),
		 num(c, "adopted"));
}

int ms_legis_submission_pdf(json_t *draft, json_t *items, json_t *funnel, char **pdf, size_t *len, struct ms_error *e)
{
	double w = MS_PDF_A4_W - 2 * MARGIN;
	struct ms_pdf d;
	ms_pdf_begin(&d);
	cairo_set_source_rgb(d.cr, 0, 0, 0);
	char buf[4096];
	double y = MARGIN;
	y += ms_pdf_text_center(&d, MARGIN, y, w, str(draft, "congress_name"), 13, true) + 4;
	snprintf(buf, sizeof buf, "关于%s的意见建议", str(draft, "title"));
	y += ms_pdf_text_center(&d, MARGIN, y, w, buf, 17, true) + 10;
	snprintf(buf, sizeof buf, "征求意见单位：%s　　征求意见截止：%s", str(draft, "issuer"), str(draft, "closes_on"));
	y += ms_pdf_text(&d, MARGIN, y, w, buf, 10, false) + 4;
	funnel_line(funnel, buf, sizeof buf);
	y += ms_pdf_text(&d, MARGIN, y, w, buf, 10, false) + 10;
	static const struct ms_pcol cols[] = {{"序号", 34, MS_PCOL_CENTER},   {"条款", 60, MS_PCOL_CENTER},
					      {"意见建议", 233, MS_PCOL_TEXT},  {"原始意见（条）", 50, MS_PCOL_CENTER},
					      {"报送", 60, MS_PCOL_TEXT},       {"采纳情况", 74, MS_PCOL_TEXT}};
	struct ms_ptable t = {.d = &d, .page_w = MS_PDF_A4_W, .page_h = MS_PDF_A4_H, .margin = MARGIN, .x = MARGIN,
			      .y = y, .pt = 9.5, .min_row = 20, .page = 1, .foot = "意见建议汇总", .cols = cols, .n = 6};
	ms_ptable_head(&t);
	size_t i;
	json_t *o;
	json_array_foreach(items, i, o) {
		/* an opinion of up to 5,000 characters goes on in rows of 300 (a row never splits across pages) */
		char no[24], count[24], to[1200], word[64], part[1300];
		const char *text = str(o, "text"), *st = str(o, "status");
		snprintf(no, sizeof no, "%zu", i + 1);
		snprintf(count, sizeof count, "%lld", num(o, "comments"));
		snprintf(to, sizeof to, "%s\n%.10s", str(o, "submitted_to"), str(o, "submitted_at"));
		snprintf(word, sizeof word, "%s%s", !strcmp(st, "adopted") ? "已采纳" : !strcmp(st, "not_adopted") ? "未采纳" : "待反馈",
			 *str(o, "outcome_note") ? "（见说明）" : "");
		bool first = true;
		do {
			size_t n = head_bytes(text, 300);
			memcpy(part, text, n);
			part[n] = '\0';
			text += n;
			const char *row[] = {first ? no : "", first ? (*str(o, "label") ? str(o, "label") : "全文") : "（续）",
					     part, first ? count : "", first ? to : "", first ? word : ""};
			ms_ptable_row(&t, row);
			first = false;
		} while (*text);
	}
	if (!json_array_size(items)) {
		const char *row[] = {"—", "—", "尚无报送的意见建议", "—", "—", "—"};
		ms_ptable_row(&t, row);
	}
	/* the outcomes' notes in full, by the opinions' numbers */
	bool notes = false;
	json_array_foreach(items, i, o) {
		if (!*str(o, "outcome_note"))
			continue;
		if (!notes) {
			t.y += 10;
			paragraph(&t, "采纳情况说明：", 11);
			notes = true;
		}
		char out[OUTCOME_MAX + 32];
		char lead[OUTCOME_MAX + 64];
		outcome(o, out, sizeof out);
		snprintf(lead, sizeof lead, "%zu．%s", i + 1, out);
		paragraph(&t, lead, 9.5);
	}
	ms_ptable_foot(&t);
	return ms_pdf_end(&d, 0, pdf, len, e);
}

struct book {
	json_t *draft, *items, *funnel;
};

static void fill(lxw_workbook *wb, void *ctx)
{
	const struct book *b = ctx;
	lxw_format *title = ms_xlsx_format(wb, false), *head = ms_xlsx_format(wb, true), *text = ms_xlsx_format(wb, true),
		   *plain = ms_xlsx_format(wb, false);
	format_set_bold(title);
	format_set_font_size(title, 14);
	format_set_bold(head);
	format_set_pattern(head, LXW_PATTERN_SOLID);
	format_set_bg_color(head, 0xD9D9D9);
	format_set_text_wrap(head);
	format_set_text_wrap(text);
	format_set_text_wrap(plain);
	static const double widths[] = {6, 12, 60, 10, 24, 14, 30};
	lxw_worksheet *ws = ms_xlsx_sheet(wb, "意见建议汇总", false, widths, 7);
	char buf[4096];
	snprintf(buf, sizeof buf, "%s 关于%s的意见建议", str(b->draft, "congress_name"), str(b->draft, "title"));
	worksheet_write_string(ws, 0, 0, buf, title);
	snprintf(buf, sizeof buf, "征求意见单位：%s　征求意见截止：%s", str(b->draft, "issuer"), str(b->draft, "closes_on"));
	worksheet_merge_range(ws, 1, 0, 1, 6, buf, plain);
	funnel_line(b->funnel, buf, sizeof buf);
	worksheet_merge_range(ws, 2, 0, 2, 6, buf, plain);
	const char *heads[] = {"序号", "条款", "意见建议", "原始意见（条）", "报送单位", "报送时间", "采纳情况"};
	lxw_row_t row = 4, first = 4;
	for (lxw_col_t c = 0; c < 7; c++)
		worksheet_write_string(ws, row, c, heads[c], head);
	worksheet_freeze_panes(ws, row + 1, 0);
	worksheet_repeat_rows(ws, row, row);
	size_t i;
	json_t *o;
	json_array_foreach(b->items, i, o) {
		row++;
		char out[OUTCOME_MAX];
		outcome(o, out, sizeof out);
		worksheet_write_number(ws, row, 0, (double)i + 1, text);
		worksheet_write_string(ws, row, 1, *str(o, "label") ? str(o, "label") : "全文", text);
		worksheet_write_string(ws, row, 2, str(o, "text"), text);
		worksheet_write_number(ws, row, 3, (double)num(o, "comments"), text);
		worksheet_write_string(ws, row, 4, str(o, "submitted_to"), text);
		worksheet_write_string(ws, row, 5, str(o, "submitted_at"), text);
		worksheet_write_string(ws, row, 6, out, text);
	}
	worksheet_autofilter(ws, first, 0, row, 6);
}

int ms_legis_submission_xlsx(json_t *draft, json_t *items, json_t *funnel, char **buf, size_t *len, struct ms_error *e)
{
	struct book b = {draft, items, funnel};
	char title[600];
	snprintf(title, sizeof title, "关于%s的意见建议", str(draft, "title"));
	return ms_xlsx_make("submission.xlsx", title, str(draft, "congress_name"), fill, &b, buf, len, e);
}
