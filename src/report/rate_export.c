/*
 * rate_export.c — a closed rating's published result (an evaluation of
 * projects, 满意度测评, or a review of units, 述职评议: GET
 * /evaluations/{id}/result and /reviews/{id}/result, the EvaluationResult
 * view) as an XLSX workbook (libxlsxwriter, one sheet 测评结果) and as an A4
 * landscape PDF (cairo + pango, the CJK font; print_pdf.c's table, its
 * header row repeated on each page, the page number at the foot), for the
 * record of the meeting. Both show the same thing: the congress, the title
 * and what was rated; the figures (deputies due and present, ballots
 * issued, returned, valid, blank, void), whether the result stands, the
 * rule in words and the votes it asks for, how many got each verdict and
 * the overall satisfaction rate; then one row per project (with its
 * responsible unit) or unit in the ballot's order with its 满意 / 基本满意 / 不满意 / 弃权 / 无效 marks, its
 * satisfaction rate ((满意 + 基本满意) / its valid marks), its score when the
 * rating scores, and its verdict in words; and the time it was counted with
 * the bulletin's hash. In the workbook the figures are number cells.
 */
#include "report_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../count/satisfaction.h"
#include "xlsx_lazy.h"

#define MARGIN 30.0

/* A verdict key in words. */
static const char *verdict_zh(const char *key)
{
	int i = ms_names_find(&ms_verdict_names, key);
	return i >= 0 ? ms_verdict_names.v[i].zh : "—";
}

/* A row's verdict that stands: its score's band where the rating scores (a
 * review: the rectification list follows it), else the rule's. */
static const char *final_verdict(json_t *c)
{
	return *str(c, "score_verdict") ? str(c, "score_verdict") : str(c, "verdict");
}

/* The verdict in words, the rule's beside it when the score's differs:
 * 不满意（按评议规则：基本满意）. */
static const char *verdict_text(json_t *c, char *out, size_t cap)
{
	const char *fin = final_verdict(c), *rule = str(c, "verdict");
	if (strcmp(fin, rule) != 0)
		snprintf(out, cap, "%s（按评议规则：%s）", verdict_zh(fin), verdict_zh(rule));
	else
		snprintf(out, cap, "%s", verdict_zh(fin));
	return out;
}

/* A satisfaction rate {num, den} as a fraction (false: none). */
static bool rate_of(json_t *o, double *out)
{
	json_t *r = json_object_get(o, "satisfaction_rate");
	long long n = num(r, "num"), d = num(r, "den");
	if (!json_is_object(r) || d <= 0)
		return false;
	*out = (double)n / (double)d;
	return true;
}

/* The same as a percent with one decimal, "—" when none. */
static void rate_text(json_t *o, char *out, size_t cap)
{
	double v;
	if (rate_of(o, &v))
		snprintf(out, cap, "%.1f%%", v * 100);
	else
		snprintf(out, cap, "—");
}

/* A moment "YYYY-MM-DDTHH:MM:SSZ" in China's time, as the record prints it:
 * 2027年3月1日 16:05（北京时间）; as it is when it does not read so. */
static const char *china_time(const char *utc, char *out, size_t cap)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	int used = 0;
	if (sscanf(utc, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
		   &tm.tm_sec, &used) != 6 || used == 0 || utc[used]) {
		snprintf(out, cap, "%s", utc);
		return out;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t t = timegm(&tm) + 8 * 3600;
	if (!gmtime_r(&t, &tm))
		snprintf(out, cap, "%s", utc);
	else
		snprintf(out, cap, "%d年%d月%d日 %02d:%02d（北京时间）", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			 tm.tm_hour, tm.tm_min);
	return out;
}

static const char *status_zh(json_t *res)
{
	return strcmp(str(res, "status"), "invalid") == 0 ? "测评无效（收回选票多于发出选票）" : "有效";
}

/* 满意 3 个，基本满意 1 个，不满意 0 个: the verdicts that stand, counted. */
static void verdicts_text(json_t *res, char *out, size_t cap)
{
	long long n[3] = {0, 0, 0};
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(res, "candidates"), i, c) {
		const char *v = final_verdict(c);
		n[0] += strcmp(v, "satisfied") == 0;
		n[1] += strcmp(v, "basic") == 0;
		n[2] += strcmp(v, "dissatisfied") == 0;
	}
	snprintf(out, cap, "满意 %lld 个，基本满意 %lld 个，不满意 %lld 个", n[0], n[1], n[2]);
}

/* The votes the rule asks for: against sub-items × base where sub-items
 * pool, else the base. */
static void votes_text(json_t *res, char *out, size_t cap)
{
	bool pooled = json_is_integer(json_object_get(res, "pooled_satisfied_votes"));
	snprintf(out, cap, "满意所需票数%s %lld，基本满意所需票数%s %lld", pooled ? "（各子项合计）" : "",
		 num(res, pooled ? "pooled_satisfied_votes" : "satisfied_votes"), pooled ? "（各子项合计）" : "",
		 num(res, pooled ? "pooled_basic_votes" : "basic_votes"));
}

/* What the rows cannot say alone: the sub-items (their sum in each row)
 * and how a review scores; "" when nothing. */
static void notes_text(json_t *res, const char *scoring, char *out, size_t cap)
{
	size_t off = 0;
	out[0] = '\0';
	long long subs = num(res, "rate_n_sub");
	if (subs > 1)
		off += (size_t)snprintf(out, cap, "本次测评设 %lld 个子项，各行票数为各子项之和，子项明细见网页结果页。", subs);
	if (scoring && *scoring && off < cap)
		snprintf(out + off, cap - off, "%s评分规则：%s", off ? "　" : "", scoring);
}

static const struct {
	const char *label, *key;
} figs[] = {
	{"应到（人）", "deputies_all"}, {"实到（人）", "deputies_present"}, {"发出选票（张）", "ballots_issued"},
	{"收回选票（张）", "ballots_returned"}, {"有效票（张）", "valid"}, {"空白票（张）", "blank"},
	{"无效票（张）", "void"},
};
#define NFIG (sizeof figs / sizeof figs[0])

/* a row's five counts, in the columns after its name */
static const char *const marks[] = {"satisfied", "basic", "dissatisfied", "abstain", "invalid"};

static const char *const heads[] = {"序号", "测评对象", "满意", "基本满意", "不满意", "弃权",
				    "无效", "满意率", "得分", "测评结果"};
#define NCOL (sizeof heads / sizeof heads[0])

/* A row's name into out: the project's title with its responsible unit
 * (an evaluation), or the unit's (a review: its title is the unit). */
static const char *object_name(json_t *c, char *out, size_t cap)
{
	const char *t = str(c, "title"), *u = str(c, "unit_name");
	if (*u && strcmp(u, t) != 0)
		snprintf(out, cap, "%s（%s）", t, u);
	else
		snprintf(out, cap, "%s", t);
	return out;
}

/* ---- the workbook ---- */

struct book {
	json_t *res;
	const char *congress, *what, *scoring;
};

static void fill(lxw_workbook *wb, void *ctx)
{
	const struct book *b = ctx;
	json_t *r = b->res;
	lxw_format *title = ms_xlsx_format(wb, false), *label = ms_xlsx_format(wb, false),
		   *plain = ms_xlsx_format(wb, false), *head = ms_xlsx_format(wb, true), *text = ms_xlsx_format(wb, true),
		   *count = ms_xlsx_format(wb, true), *pct = ms_xlsx_format(wb, true), *wrap = ms_xlsx_format(wb, false),
		   *score = ms_xlsx_format(wb, true);
	format_set_bold(title);
	format_set_font_size(title, 14);
	format_set_bold(label);
	format_set_align(plain, LXW_ALIGN_LEFT);
	format_set_text_wrap(wrap);
	format_set_bold(head);
	format_set_pattern(head, LXW_PATTERN_SOLID);
	format_set_bg_color(head, 0xD9D9D9);
	format_set_text_wrap(head);
	format_set_text_wrap(text);
	format_set_num_format(pct, "0.0%");
	format_set_num_format(score, "0.00");
	static const double widths[NCOL] = {8, 36, 9, 10, 9, 9, 9, 10, 10, 12};
	lxw_worksheet *ws = ms_xlsx_sheet(wb, "测评结果", true, widths, NCOL);
	char buf[2400]; /* a congress's name and a title of 4-byte characters; a rule in words */
	snprintf(buf, sizeof buf, "%s %s 测评结果", b->congress, str(r, "title"));
	worksheet_write_string(ws, 0, 0, buf, title);
	lxw_row_t row = 2;
	worksheet_write_string(ws, row, 0, "测评", label);
	worksheet_write_string(ws, row, 2, b->what, plain);
	for (size_t i = 0; i < NFIG; i++) {
		row++;
		worksheet_write_string(ws, row, 0, figs[i].label, label);
		worksheet_write_number(ws, row, 2, (double)num(r, figs[i].key), plain);
	}
	row++;
	worksheet_write_string(ws, row, 0, "结果状态", label);
	worksheet_write_string(ws, row, 2, status_zh(r), plain);
	row++;
	worksheet_write_string(ws, row, 0, "所需票数", label);
	votes_text(r, buf, sizeof buf);
	worksheet_write_string(ws, row, 2, buf, plain);
	row++;
	worksheet_write_string(ws, row, 0, "测评结果汇总", label);
	verdicts_text(r, buf, sizeof buf);
	worksheet_write_string(ws, row, 2, buf, plain);
	row++;
	double v;
	worksheet_write_string(ws, row, 0, "总体满意率", label);
	if (rate_of(r, &v))
		worksheet_write_number(ws, row, 2, v, pct);
	else
		worksheet_write_string(ws, row, 2, "—", plain);
	row += 2;
	snprintf(buf, sizeof buf, "计票规则：%s", str(json_object_get(r, "rule_text"), "zh"));
	worksheet_merge_range(ws, row, 0, row, NCOL - 1, buf, wrap);
	worksheet_set_row(ws, row, 48, NULL);
	notes_text(r, b->scoring, buf, sizeof buf);
	if (*buf) {
		row++;
		worksheet_merge_range(ws, row, 0, row, NCOL - 1, buf, wrap);
		worksheet_set_row(ws, row, 32, NULL);
	}
	row += 2;
	lxw_row_t first = row;
	for (lxw_col_t c = 0; c < NCOL; c++)
		worksheet_write_string(ws, row, c, heads[c], head);
	worksheet_freeze_panes(ws, row + 1, 2);
	worksheet_repeat_rows(ws, row, row);
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(r, "candidates"), i, c) {
		row++;
		worksheet_write_number(ws, row, 0, (double)(i + 1), count);
		char name[1400];
		worksheet_write_string(ws, row, 1, object_name(c, name, sizeof name), text);
		for (lxw_col_t k = 0; k < 5; k++)
			worksheet_write_number(ws, row, 2 + k, (double)num(c, marks[k]), count);
		if (rate_of(c, &v))
			worksheet_write_number(ws, row, 7, v, pct);
		else
			worksheet_write_string(ws, row, 7, "—", text);
		if (*str(c, "score_decimal"))
			worksheet_write_number(ws, row, 8, strtod(str(c, "score_decimal"), NULL), score);
		else
			worksheet_write_string(ws, row, 8, "—", text);
		char vt[160];
		worksheet_write_string(ws, row, 9, verdict_text(c, vt, sizeof vt), text);
	}
	worksheet_autofilter(ws, first, 0, row, NCOL - 1);
	row += 2;
	char at[80];
	snprintf(buf, sizeof buf, "计票时间：%s　　公告哈希：%s", china_time(str(r, "counted_at"), at, sizeof at),
		 str(r, "bulletin_hash"));
	worksheet_write_string(ws, row, 0, buf, plain);
}

int ms_rate_result_xlsx(json_t *res, const char *congress, const char *what, const char *scoring, char **buf,
			size_t *len, struct ms_error *e)
{
	char title[1024];
	snprintf(title, sizeof title, "%s 测评结果", str(res, "title"));
	struct book b = {res, congress, what, scoring};
	return ms_xlsx_make("rate-result.xlsx", title, congress, fill, &b, buf, len, e);
}

/* ---- the PDF ---- */

int ms_rate_result_pdf(json_t *res, const char *congress, const char *what, const char *scoring, char **pdf,
		       size_t *len, struct ms_error *e)
{
	double page_w = MS_PDF_A4_H, page_h = MS_PDF_A4_W, w = page_w - 2 * MARGIN;
	struct ms_pdf d;
	ms_pdf_begin_size(&d, page_w, page_h);
	cairo_set_source_rgb(d.cr, 0, 0, 0);
	char buf[2400], verdicts[160], overall[24], votes[200];
	double y = MARGIN;
	y += ms_pdf_text_center(&d, MARGIN, y, w, congress, 12, true) + 3;
	snprintf(buf, sizeof buf, "%s 测评结果", str(res, "title"));
	y += ms_pdf_text_center(&d, MARGIN, y, w, buf, 16, true) + 8;
	size_t off = (size_t)snprintf(buf, sizeof buf, "%s　　", what);
	for (size_t i = 0; i < NFIG && off < sizeof buf; i++)
		off += (size_t)snprintf(buf + off, sizeof buf - off, "%s%s %lld", i ? "　" : "", figs[i].label,
					num(res, figs[i].key));
	y += ms_pdf_text(&d, MARGIN, y, w, buf, 9, false) + 2;
	verdicts_text(res, verdicts, sizeof verdicts);
	rate_text(res, overall, sizeof overall);
	votes_text(res, votes, sizeof votes);
	snprintf(buf, sizeof buf, "结果状态：%s　　%s　　%s　　总体满意率 %s", status_zh(res), votes, verdicts, overall);
	y += ms_pdf_text(&d, MARGIN, y, w, buf, 9, false) + 2;
	snprintf(buf, sizeof buf, "计票规则：%s", str(json_object_get(res, "rule_text"), "zh"));
	y += ms_pdf_text(&d, MARGIN, y, w, buf, 9, false) + 2;
	notes_text(res, scoring, buf, sizeof buf);
	if (*buf)
		y += ms_pdf_text(&d, MARGIN, y, w, buf, 9, false) + 2;
	y += 6;
	static const double widths[NCOL] = {36, 240, 48, 54, 48, 44, 44, 54, 48, 164}; /* 780 of 781.9 */
	struct ms_pcol cols[NCOL];
	for (size_t c = 0; c < NCOL; c++)
		cols[c] = (struct ms_pcol){heads[c], widths[c], c == 1 ? MS_PCOL_TEXT : MS_PCOL_CENTER};
	snprintf(buf, sizeof buf, "%s 测评结果", str(res, "title"));
	struct ms_ptable pt = {.d = &d, .page_w = page_w, .page_h = page_h, .margin = MARGIN, .x = MARGIN, .y = y,
			       .pt = 8.5, .min_row = 18, .page = 1, .foot = buf, .cols = cols, .n = NCOL};
	ms_ptable_head(&pt);
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(res, "candidates"), i, c) {
		char seq[24], m[5][24], rate[24], name[1400], vt[160];
		snprintf(seq, sizeof seq, "%zu", i + 1);
		for (int k = 0; k < 5; k++)
			snprintf(m[k], sizeof m[k], "%lld", num(c, marks[k]));
		rate_text(c, rate, sizeof rate);
		const char *cells[NCOL] = {seq,	 object_name(c, name, sizeof name), m[0], m[1], m[2], m[3], m[4], rate,
					   *str(c, "score_decimal") ? str(c, "score_decimal") : "—",
					   verdict_text(c, vt, sizeof vt)};
		ms_ptable_row(&pt, cells);
	}
	if (!json_array_size(json_object_get(res, "candidates"))) {
		const char *cells[NCOL] = {"—", "无测评对象", "", "", "", "", "", "", "", ""};
		ms_ptable_row(&pt, cells);
	}
	char tail[400], at[80];
	snprintf(tail, sizeof tail, "计票时间：%s　　公告哈希：%s", china_time(str(res, "counted_at"), at, sizeof at),
		 str(res, "bulletin_hash"));
	if (!ms_ptable_fits(&pt, 20))
		ms_ptable_new_page(&pt);
	pt.y += 6 + ms_pdf_text(&d, MARGIN, pt.y + 6, w, tail, 8, false);
	ms_ptable_foot(&pt);
	return ms_pdf_end(&d, 0, pdf, len, e);
}
