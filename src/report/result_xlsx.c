/*
 * result_xlsx.c — a closed poll's published result as an XLSX workbook
 * (libxlsxwriter), one sheet 投票结果: the title, the figures (deputies,
 * present, ballots issued, returned, valid, blank, void, places, selected),
 * the rule in words, then one row a project in the result's order: rank,
 * title, its English title, the responsible unit, the cost in yuan, the
 * votes (points on a ranked poll; opposes and abstains on an approve /
 * oppose poll), the share of the valid ballots, the outcome in words.
 * Written to a private temporary directory and read back, as
 * progress_xlsx.c does.
 */
#include "report_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../vote/vote.h"
#include "xlsx_lazy.h"

static void sheet(lxw_workbook *wb, json_t *r, const char *congress)
{
	lxw_format *title = ms_xlsx_format(wb, false), *head = ms_xlsx_format(wb, true),
		   *text = ms_xlsx_format(wb, true), *wrap = ms_xlsx_format(wb, true), *yuan = ms_xlsx_format(wb, true),
		   *pct = ms_xlsx_format(wb, true), *plain = ms_xlsx_format(wb, false);
	format_set_bold(title);
	format_set_font_size(title, 14);
	format_set_bold(head);
	format_set_pattern(head, LXW_PATTERN_SOLID);
	format_set_bg_color(head, 0xD9D9D9);
	format_set_text_wrap(head);
	format_set_text_wrap(wrap);
	format_set_text_wrap(plain);
	format_set_num_format(yuan, "#,##0");
	format_set_num_format(pct, "0.0%");

	static const double widths[] = {8, 34, 30, 20, 14, 10, 10, 10, 10, 20};
	lxw_worksheet *ws = ms_xlsx_sheet(wb, "投票结果", true, widths, 10);
	char buf[1024];
	snprintf(buf, sizeof buf, "%s %s 投票结果", congress, str(r, "title"));
	worksheet_write_string(ws, 0, 0, buf, title);

	int form = ms_names_find(&ms_ballot_form_names, str(r, "ballot_form"));
	static const struct {
		const char *label, *key;
	} figs[] = {
		{"应到代表（人）", "deputies_all"}, {"实到代表（人）", "deputies_present"}, {"发出选票（张）", "ballots_issued"},
		{"收回选票（张）", "ballots_returned"}, {"有效票（张）", "valid"}, {"空白票（张）", "blank"},
		{"无效票（张）", "void"}, {"应选名额（个）", "slots"}, {"入选项目（个）", "n_selected"},
	};
	lxw_row_t row = 2;
	worksheet_merge_range(ws, row, 0, row, 1, "项目", head);
	worksheet_write_string(ws, row, 2, "数值", head);
	for (size_t i = 0; i < sizeof figs / sizeof figs[0]; i++) {
		row++;
		worksheet_merge_range(ws, row, 0, row, 1, figs[i].label, text);
		worksheet_write_number(ws, row, 2, num(r, figs[i].key), text);
	}
	row++;
	worksheet_merge_range(ws, row, 0, row, 1, "票决方式", text);
	worksheet_write_string(ws, row, 2, form >= 0 ? ms_ballot_form_names.v[form].zh : "", text);
	row++;
	worksheet_merge_range(ws, row, 0, row, 1, "结果状态", text);
	const char *st = str(r, "status");
	worksheet_write_string(ws, row, 2, !strcmp(st, "invalid") ? "投票无效" : !strcmp(st, "runoff") ? "须再次投票" : "有效",
			       text);
	if (form != MS_FORM_RANKED) {
		row++;
		worksheet_merge_range(ws, row, 0, row, 1, "入选所需最低同意票", text);
		worksheet_write_number(ws, row, 2, num(r, "threshold_votes"), text);
	}
	row += 2;
	snprintf(buf, sizeof buf, "计票规则：%s", str(json_object_get(r, "rule_text"), "zh"));
	worksheet_merge_range(ws, row, 0, row, 9, buf, plain);
	worksheet_set_row(ws, row, 48, NULL);
	row += 2;

	const char *names[] = {"名次", "项目名称", "Project", "责任单位", "计划投资（元）",
			       form == MS_FORM_RANKED ? "得分" : "同意票", "反对票", "弃权票",
			       form == MS_FORM_RANKED ? "得分占比" : "得票率（占有效票）", "结果"};
	lxw_row_t first = row;
	for (lxw_col_t i = 0; i < 10; i++)
		worksheet_write_string(ws, row, i, names[i], head);
	worksheet_repeat_rows(ws, row, row);
	double valid = num(r, "valid"), total = 0;
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(r, "candidates"), i, c)
		total += num(c, "approvals");
	json_array_foreach(json_object_get(r, "candidates"), i, c) {
		row++;
		const char *unit = *str(c, "unit_name") ? str(c, "unit_name") : "—";
		double votes = num(c, "approvals"), of = form == MS_FORM_RANKED ? total : valid;
		worksheet_write_number(ws, row, 0, num(c, "rank"), text);
		worksheet_write_string(ws, row, 1, str(c, "title"), wrap);
		worksheet_write_string(ws, row, 2, str(c, "title_en"), wrap);
		worksheet_write_string(ws, row, 3, unit, wrap);
		worksheet_write_number(ws, row, 4, num(c, "cost"), yuan);
		worksheet_write_number(ws, row, 5, votes, text);
		if (form == MS_FORM_APPROVE_OPPOSE) {
			worksheet_write_number(ws, row, 6, num(c, "opposes"), text);
			worksheet_write_number(ws, row, 7, num(c, "abstains"), text);
		} else {
			worksheet_write_string(ws, row, 6, "—", text);
			worksheet_write_string(ws, row, 7, "—", text);
		}
		if (of > 0)
			worksheet_write_number(ws, row, 8, votes / of, pct);
		else
			worksheet_write_string(ws, row, 8, "—", text);
		/* the verdict that stands: a presidium decision over the count (its own sheet row below) */
		worksheet_write_string(ws, row, 9, ms_print_outcome(json_is_string(json_object_get(c, "outcome"))
									? str(c, "outcome") : str(c, "status")),
				       text);
	}
	worksheet_autofilter(ws, first, 0, row, 9);
}

struct result_book {
	json_t *result;
	const char *congress;
};

static void fill_result(lxw_workbook *wb, void *ctx)
{
	struct result_book *b = ctx;
	sheet(wb, b->result, b->congress);
}

int ms_result_xlsx(json_t *result, const char *congress, char **buf, size_t *len, struct ms_error *e)
{
	char title[1024];
	snprintf(title, sizeof title, "%s 投票结果", str(result, "title"));
	struct result_book b = {result, congress};
	return ms_xlsx_make("result.xlsx", title, congress, fill_result, &b, buf, len, e);
}
