/*
 * rollup_xlsx.c — the roll-up (src/rollup/) as an XLSX workbook by libxlsxwriter, two sheets: 三级汇总
 * (one row a congress of the subtree, its name indented by its depth, its
 * level, then every figure of its total and the three rates as percents)
 * and 本级数据 (the same columns, each congress's own figures). Frozen
 * header and first column, a filter on the header, A4 landscape one page
 * wide. Written to a private temporary directory and read back, as
 * progress_xlsx.c does.
 */
#include "report_internal.h"

#include <stdio.h>
#include <string.h>

#include "../org/org.h"
#include "../rollup/rollup.h"
#include "xlsx_lazy.h"

struct book {
	json_t *r;
	const char *congress;
};

static void sheet(lxw_workbook *wb, json_t *r, const char *name, const char *which, const char *congress)
{
	lxw_format *title = ms_xlsx_format(wb, false), *head = ms_xlsx_format(wb, true), *text = ms_xlsx_format(wb, true),
		   *count = ms_xlsx_format(wb, true), *pct = ms_xlsx_format(wb, true), *yuan = ms_xlsx_format(wb, true);
	format_set_bold(title);
	format_set_font_size(title, 14);
	format_set_bold(head);
	format_set_pattern(head, LXW_PATTERN_SOLID);
	format_set_bg_color(head, 0xD9D9D9);
	format_set_text_wrap(head);
	format_set_num_format(count, "0");
	format_set_num_format(pct, "0.0%");
	format_set_num_format(yuan, "#,##0");
	/* the congress, its level, each figure (money wider), the three rates */
	double widths[2 + MS_RF_COUNT + 3] = {34, 16};
	for (int f = 0; f < MS_RF_COUNT; f++)
		widths[2 + f] = f == MS_RF_COST || f == MS_RF_SPENT ? 16 : 11;
	for (int k = 0; k < 3; k++)
		widths[2 + MS_RF_COUNT + k] = 11;
	lxw_worksheet *ws = ms_xlsx_sheet(wb, name, true, widths, sizeof widths / sizeof widths[0]);
	char buf[1200]; /* a name of 128 characters of up to 4 bytes, indented: never cut */
	snprintf(buf, sizeof buf, "%s %lld年 三级联动汇总（%s）", congress,
		 (long long)json_integer_value(json_object_get(r, "year")), name);
	worksheet_write_string(ws, 0, 0, buf, title);
	static const char *const rates[][2] = {{"response", "按时响应率"}, {"resolution", "按时解决率"},
					       {"satisfaction", "满意率"}};
	lxw_row_t row = 2;
	worksheet_write_string(ws, row, 0, "人大（议事会）", head);
	worksheet_write_string(ws, row, 1, "层级", head);
	lxw_col_t col = 2;
	for (int f = 0; f < MS_RF_COUNT; f++, col++)
		worksheet_write_string(ws, row, col, ms_rollup_labels[f].zh, head);
	for (size_t k = 0; k < 3; k++, col++)
		worksheet_write_string(ws, row, col, rates[k][1], head);
	worksheet_set_row(ws, row, 45, NULL);
	worksheet_freeze_panes(ws, row + 1, 1);
	worksheet_repeat_rows(ws, row, row);
	lxw_row_t first = row;
	size_t i;
	json_t *nd;
	json_array_foreach(json_object_get(r, "congresses"), i, nd) {
		row++;
		json_int_t depth = json_integer_value(json_object_get(nd, "depth"));
		snprintf(buf, sizeof buf, "%*s%s", (int)(depth > 4 ? 8 : depth * 2), "", str(nd, "name"));
		worksheet_write_string(ws, row, 0, buf, text);
		int level = ms_names_find(&ms_congress_level_names, str(nd, "level"));
		worksheet_write_string(ws, row, 1, level >= 0 ? ms_congress_level_names.v[level].zh : "", text);
		json_t *fig = json_object_get(nd, which);
		col = 2;
		for (int f = 0; f < MS_RF_COUNT; f++, col++)
			worksheet_write_number(ws, row, col,
					       (double)json_integer_value(json_object_get(fig, ms_rollup_labels[f].key)),
					       f == MS_RF_COST || f == MS_RF_SPENT ? yuan : count);
		for (size_t k = 0; k < 3; k++, col++) {
			json_t *v = json_object_get(json_object_get(fig, rates[k][0]), "value");
			if (json_is_number(v))
				worksheet_write_number(ws, row, col, json_number_value(v), pct);
			else
				worksheet_write_string(ws, row, col, "—", text);
		}
	}
	worksheet_autofilter(ws, first, 0, row, col - 1);
}

static void fill(lxw_workbook *wb, void *ctx)
{
	const struct book *b = ctx;
	sheet(wb, b->r, "三级汇总", "total", b->congress);
	sheet(wb, b->r, "本级数据", "own", b->congress);
}

int ms_rollup_xlsx(json_t *r, char **buf, size_t *len, struct ms_error *e)
{
	struct book b = {r, str(json_object_get(r, "congress"), "name")};
	char title[1200];
	snprintf(title, sizeof title, "%s %lld年三级联动汇总", b.congress, (long long)json_integer_value(json_object_get(r, "year")));
	return ms_xlsx_make("rollup.xlsx", title, b.congress, fill, &b, buf, len, e);
}
