/*
 * xlsx_lazy.h — libxlsxwriter (with the minizip and OpenSSL libcrypto it
 * links), loaded by the first workbook (core/lazy.h, ms_xlsx_make); for
 * src/report/ alone. Include it instead of <xlsxwriter.h>.
 */
#ifndef MS_REPORT_XLSX_LAZY_H
#define MS_REPORT_XLSX_LAZY_H

#include <xlsxwriter.h>

#include "../core/lazy.h"

#define MS_XLSX_FNS(X) \
	X(format_set_align) X(format_set_bg_color) X(format_set_bold) X(format_set_border) X(format_set_font_name) \
	X(format_set_font_size) X(format_set_indent) X(format_set_num_format) X(format_set_pattern) \
	X(format_set_text_wrap) X(lxw_strerror) X(workbook_add_format) X(workbook_add_worksheet) X(workbook_close) \
	X(workbook_new) X(workbook_set_properties) X(worksheet_autofilter) X(worksheet_fit_to_pages) \
	X(worksheet_freeze_panes) X(worksheet_merge_range) X(worksheet_repeat_rows) X(worksheet_set_column) \
	X(worksheet_set_landscape) X(worksheet_set_paper) X(worksheet_set_row) X(worksheet_write_blank) \
	X(worksheet_write_number) X(worksheet_write_string)
MS_XLSX_FNS(MS_LAZY_DECLARE)

/* The calls, through the pointers (after the declarations above). */
#define format_set_align (*ms_lazy_format_set_align)
#define format_set_bg_color (*ms_lazy_format_set_bg_color)
#define format_set_bold (*ms_lazy_format_set_bold)
#define format_set_border (*ms_lazy_format_set_border)
#define format_set_font_name (*ms_lazy_format_set_font_name)
#define format_set_font_size (*ms_lazy_format_set_font_size)
#define format_set_indent (*ms_lazy_format_set_indent)
#define format_set_num_format (*ms_lazy_format_set_num_format)
#define format_set_pattern (*ms_lazy_format_set_pattern)
#define format_set_text_wrap (*ms_lazy_format_set_text_wrap)
#define lxw_strerror (*ms_lazy_lxw_strerror)
#define workbook_add_format (*ms_lazy_workbook_add_format)
#define workbook_add_worksheet (*ms_lazy_workbook_add_worksheet)
#define workbook_close (*ms_lazy_workbook_close)
#define workbook_new (*ms_lazy_workbook_new)
#define workbook_set_properties (*ms_lazy_workbook_set_properties)
#define worksheet_autofilter (*ms_lazy_worksheet_autofilter)
#define worksheet_fit_to_pages (*ms_lazy_worksheet_fit_to_pages)
#define worksheet_freeze_panes (*ms_lazy_worksheet_freeze_panes)
#define worksheet_merge_range (*ms_lazy_worksheet_merge_range)
#define worksheet_repeat_rows (*ms_lazy_worksheet_repeat_rows)
#define worksheet_set_column (*ms_lazy_worksheet_set_column)
#define worksheet_set_landscape (*ms_lazy_worksheet_set_landscape)
#define worksheet_set_paper (*ms_lazy_worksheet_set_paper)
#define worksheet_set_row (*ms_lazy_worksheet_set_row)
#define worksheet_write_blank (*ms_lazy_worksheet_write_blank)
#define worksheet_write_number (*ms_lazy_worksheet_write_number)
#define worksheet_write_string (*ms_lazy_worksheet_write_string)

#endif
