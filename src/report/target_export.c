/*
 * target_export.c — a target list (任务清单, src/target/) as an XLSX
 * workbook (libxlsxwriter, one sheet 任务清单) and as an A4 landscape PDF
 * (cairo + pango, the CJK font; print_pdf.c's table, its header row repeated
 * on each page, the page number at the foot). Both take the list as
 * GET /target-lists/{id} answers it (the TargetList view) and show the same
 * thing: a head (congress, year, title, the day it was published, the
 * roll-up and the lights in words), then one row a task in tree order — a
 * task, then its sub-tasks, each level by id — with its number path (1,
 * 1.1, 1.1.2 …, counted here, indented by its depth), its title, indicator,
 * measure, target (none for a parent without an indicator of its own)
 * and latest accepted value, progress and plan as percents, light in words, deadline, lead and co-operating units and the
 * responsible official. In the workbook the figures are number cells.
 */
#include "report_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../count/target.h"
#include "xlsx_lazy.h"

#define MARGIN 30.0
#define INDENT_MAX 8 /* levels of indentation shown; deeper tasks indent no further */
#define SEG 12       /* bytes of one level of a number path: "." and a count */

/* The tasks (items, by id: a parent before its sub-tasks) as a tree. */
struct tree {
	json_t *items;
	size_t n;
	size_t *order; /* the items' indices in tree order */
	long *parent;  /* an item's parent's index; -1: a top task (or its parent is not in the list) */
	int *seq;      /* its place among its parent's sub-tasks, from 1 */
	int *depth;
	char *path;    /* room for the longest number path */
	size_t path_cap;
};

static void tree_fini(struct tree *t)
{
	free(t->order);
	free(t->parent);
	free(t->seq);
	free(t->depth);
	free(t->path);
}

/* The tree of items (the caller's, borrowed); MS_ERR_NOMEM. */
static int tree_init(struct tree *t, json_t *items, struct ms_error *e)
{
	size_t n = json_array_size(items);
	memset(t, 0, sizeof *t);
	t->items = items;
	t->n = n;
	t->order = calloc(n + 1, sizeof *t->order);
	t->parent = calloc(n + 1, sizeof *t->parent);
	t->seq = calloc(n + 1, sizeof *t->seq);
	t->depth = calloc(n + 1, sizeof *t->depth);
	long *first = calloc(n + 1, sizeof *first), *next = calloc(n + 1, sizeof *next);
	int *kids = calloc(n + 1, sizeof *kids); /* kids[p + 1]: sub-tasks of p counted so far */
	int rc = 0;
	if (!t->order || !t->parent || !t->seq || !t->depth || !first || !next || !kids) {
		rc = ms_nomem(e);
		goto out;
	}
	int deepest = 0;
	for (size_t i = 0; i < n; i++) {
		json_t *it = json_array_get(items, i);
		long long want = num(it, "parent_id");
		long p = -1;
		size_t lo = 0, hi = i; /* ids ascend: a parent is an earlier item */
		while (want && lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			long long at = num(json_array_get(items, mid), "id");
			if (at == want) {
				p = (long)mid;
				break;
			}
			if (at < want)
				lo = mid + 1;
			else
				hi = mid;
		}
		t->parent[i] = p;
		t->seq[i] = ++kids[p + 1];
		t->depth[i] = p >= 0 ? t->depth[p] + 1 : 0;
		if (t->depth[i] > deepest)
			deepest = t->depth[i];
	}
	/* each item's first sub-task and next sibling, by index; first[n]: the first top task */
	for (size_t i = 0; i <= n; i++)
		first[i] = next[i] = -1;
	for (size_t i = n; i-- > 0;) {
		long *head = t->parent[i] >= 0 ? &first[t->parent[i]] : &first[n];
		next[i] = *head;
		*head = (long)i;
	}
	size_t k = 0;
	for (long cur = first[n]; cur >= 0;) {
		t->order[k++] = (size_t)cur;
		if (first[cur] >= 0) {
			cur = first[cur];
			continue;
		}
		while (cur >= 0 && next[cur] < 0)
			cur = t->parent[cur];
		if (cur >= 0)
			cur = next[cur];
	}
	t->path_cap = (size_t)(deepest + 1) * SEG + 1;
	if (!(t->path = malloc(t->path_cap)))
		rc = ms_nomem(e);
out:
	free(first);
	free(next);
	free(kids);
	if (rc)
		tree_fini(t);
	return rc;
}

/* Item i's number path, "1.2.3" (in t->path, until the next call). */
static const char *tree_path(struct tree *t, size_t i)
{
	size_t pos = t->path_cap - 1;
	t->path[pos] = '\0';
	for (long j = (long)i; j >= 0; j = t->parent[j]) {
		char seg[SEG];
		int len = snprintf(seg, sizeof seg, "%s%d", t->parent[j] >= 0 ? "." : "", t->seq[j]);
		pos -= (size_t)len;
		memcpy(t->path + pos, seg, (size_t)len);
	}
	return t->path + pos;
}

/* Whether a task has an indicator of its own (a task without sub-tasks
 * always has): a parent's without one, rolled up from its sub-tasks, shows
 * no target. */
static bool own_indicator(json_t *task)
{
	return num(task, "subtasks") == 0 || *str(task, "indicator");
}

/* A task's light in words (绿灯, 蓝灯（已完成）…). */
static const char *light_zh(json_t *task)
{
	int l = ms_names_find(&ms_target_light_names, str(task, "light"));
	return l >= 0 ? ms_target_light_names.v[l].zh : "";
}

/* A task's co-operating units' names joined by 、 (malloc'd; NULL: no memory). */
static char *co_units(json_t *task)
{
	json_t *names = json_object_get(task, "co_unit_names"), *v;
	size_t i, len = 1;
	json_array_foreach(names, i, v)
		len += strlen(json_string_value(v) ? json_string_value(v) : "") + 3;
	char *out = malloc(len), *p = out;
	if (!out)
		return NULL;
	*p = '\0';
	json_array_foreach(names, i, v) {
		const char *s = json_string_value(v) ? json_string_value(v) : "";
		p += snprintf(p, len - (size_t)(p - out), "%s%s", i ? "、" : "", s);
	}
	return out;
}

/* s after depth copies of pad (malloc'd; NULL: no memory). */
static char *indented(const char *pad, int depth, const char *s)
{
	size_t pl = strlen(pad), sl = strlen(s);
	char *out = malloc(pl * (size_t)depth + sl + 1);
	if (!out)
		return NULL;
	for (int k = 0; k < depth; k++)
		memcpy(out + pl * (size_t)k, pad, pl);
	memcpy(out + pl * (size_t)depth, s, sl + 1);
	return out;
}

/* The day it was published (its first ten characters), or that it is a draft. */
static void published(json_t *list, char out[40])
{
	const char *at = str(list, "published_at");
	if (*at)
		snprintf(out, 40, "%.10s", at);
	else
		snprintf(out, 40, "未发布（草稿）");
}

static const char *const heads[] = {"编号",	"任务",	    "指标名称", "计量单位", "目标值",   "完成值",  "完成进度",
				    "计划进度", "预警", "完成时限", "牵头单位", "配合单位", "责任人"};
#define NCOL (sizeof heads / sizeof heads[0])

/* ---- the workbook ---- */

struct book {
	json_t *list;
	struct tree *tree;
};

static void fill(lxw_workbook *wb, void *ctx)
{
	const struct book *b = ctx;
	static const uint32_t fills[] = {0xC6EFCE, 0xFFEB9C, 0xFFC7CE, 0xBDD7EE};
	static const double widths[NCOL] = {10, 30, 24, 9, 10, 10, 9, 9, 12, 11, 20, 26, 12};
	lxw_format *title = ms_xlsx_format(wb, false), *label = ms_xlsx_format(wb, false),
		   *plain = ms_xlsx_format(wb, false), *head = ms_xlsx_format(wb, true), *text = ms_xlsx_format(wb, true),
		   *value = ms_xlsx_format(wb, true), *pct = ms_xlsx_format(wb, true), *indent[INDENT_MAX + 1],
		   *light[MS_TLIGHT_BLUE + 1];
	format_set_bold(title);
	format_set_font_size(title, 14);
	format_set_bold(label);
	format_set_align(plain, LXW_ALIGN_LEFT);
	format_set_bold(head);
	format_set_pattern(head, LXW_PATTERN_SOLID);
	format_set_bg_color(head, 0xD9D9D9);
	format_set_text_wrap(head);
	format_set_text_wrap(text);
	format_set_num_format(value, "#,##0.###");
	format_set_num_format(pct, "0.0%");
	for (int i = 0; i <= INDENT_MAX; i++) {
		indent[i] = ms_xlsx_format(wb, true);
		format_set_text_wrap(indent[i]);
		format_set_indent(indent[i], (uint8_t)i);
	}
	for (int i = 0; i <= MS_TLIGHT_BLUE; i++) {
		light[i] = ms_xlsx_format(wb, true);
		format_set_pattern(light[i], LXW_PATTERN_SOLID);
		format_set_bg_color(light[i], fills[i]);
		format_set_align(light[i], LXW_ALIGN_CENTER);
	}
	lxw_worksheet *ws = ms_xlsx_sheet(wb, "任务清单", true, widths, NCOL);
	json_t *l = b->list;
	char buf[1200]; /* a title of 200 characters of up to 4 bytes, with the congress's name */
	snprintf(buf, sizeof buf, "%s %s", str(l, "congress_name"), str(l, "title"));
	worksheet_write_string(ws, 0, 0, buf, title);
	char day[40];
	published(l, day);
	worksheet_write_string(ws, 1, 0, "人大", label);
	worksheet_write_string(ws, 1, 1, str(l, "congress_name"), plain);
	worksheet_write_string(ws, 2, 0, "年度", label);
	worksheet_write_number(ws, 2, 1, (double)num(l, "year"), plain);
	worksheet_write_string(ws, 3, 0, "清单名称", label);
	worksheet_write_string(ws, 3, 1, str(l, "title"), plain);
	worksheet_write_string(ws, 4, 0, "发布日期", label);
	worksheet_write_string(ws, 4, 1, day, plain);
	worksheet_write_string(ws, 5, 0, "汇总方式", label);
	worksheet_write_string(ws, 5, 1, str(json_object_get(l, "rule"), "zh"), plain);
	worksheet_write_string(ws, 6, 0, "统计日期", label);
	worksheet_write_string(ws, 6, 1, str(l, "today"), plain);
	lxw_row_t row = 8, first = 8;
	for (lxw_col_t c = 0; c < NCOL; c++)
		worksheet_write_string(ws, row, c, heads[c], head);
	worksheet_freeze_panes(ws, row + 1, 2);
	worksheet_repeat_rows(ws, row, row);
	struct tree *t = b->tree;
	for (size_t k = 0; k < t->n; k++) {
		size_t i = t->order[k];
		json_t *task = json_array_get(t->items, i), *v = json_object_get(task, "value");
		lxw_format *in = indent[t->depth[i] < INDENT_MAX ? t->depth[i] : INDENT_MAX];
		int li = ms_names_find(&ms_target_light_names, str(task, "light"));
		char *co = co_units(task);
		row++;
		worksheet_write_string(ws, row, 0, tree_path(t, i), in);
		worksheet_write_string(ws, row, 1, str(task, "title"), in);
		worksheet_write_string(ws, row, 2, str(task, "indicator"), text);
		worksheet_write_string(ws, row, 3, str(task, "measure"), text);
		if (own_indicator(task))
			worksheet_write_number(ws, row, 4, strtod(str(task, "target"), NULL), value);
		else
			worksheet_write_blank(ws, row, 4, value);
		if (json_is_string(v))
			worksheet_write_number(ws, row, 5, strtod(json_string_value(v), NULL), value);
		else
			worksheet_write_blank(ws, row, 5, value);
		worksheet_write_number(ws, row, 6, strtod(str(json_object_get(task, "progress"), "percent"), NULL) / 100, pct);
		worksheet_write_number(ws, row, 7, strtod(str(json_object_get(task, "planned"), "percent"), NULL) / 100, pct);
		worksheet_write_string(ws, row, 8, light_zh(task), li >= 0 ? light[li] : text);
		worksheet_write_string(ws, row, 9, str(task, "deadline"), text);
		worksheet_write_string(ws, row, 10, str(task, "lead_unit_name"), text);
		worksheet_write_string(ws, row, 11, co ? co : "", text);
		worksheet_write_string(ws, row, 12, str(task, "official"), text);
		free(co);
	}
	worksheet_autofilter(ws, first, 0, row, NCOL - 1);
}

int ms_target_list_xlsx(json_t *list, char **buf, size_t *len, struct ms_error *e)
{
	struct tree t;
	int rc = tree_init(&t, json_object_get(list, "items"), e);
	if (rc)
		return rc;
	struct book b = {list, &t};
	rc = ms_xlsx_make("target-list.xlsx", str(list, "title"), str(list, "congress_name"), fill, &b, buf, len, e);
	tree_fini(&t);
	return rc;
}

/* ---- the PDF ---- */

int ms_target_list_pdf(json_t *list, char **pdf, size_t *len, struct ms_error *e)
{
	struct tree t;
	int rc = tree_init(&t, json_object_get(list, "items"), e);
	if (rc)
		return rc;
	double page_w = MS_PDF_A4_H, page_h = MS_PDF_A4_W, w = page_w - 2 * MARGIN;
	struct ms_pdf d;
	ms_pdf_begin_size(&d, page_w, page_h);
	cairo_set_source_rgb(d.cr, 0, 0, 0);
	char buf[1200], day[40];
	double y = MARGIN;
	y += ms_pdf_text_center(&d, MARGIN, y, w, str(list, "congress_name"), 12, true) + 3;
	y += ms_pdf_text_center(&d, MARGIN, y, w, str(list, "title"), 16, true) + 8;
	published(list, day);
	snprintf(buf, sizeof buf, "年度：%lld年　　发布日期：%s　　统计日期：%s　　任务 %zu 项", num(list, "year"), day,
		 str(list, "today"), t.n);
	y += ms_pdf_text(&d, MARGIN, y, w, buf, 9, false) + 2;
	snprintf(buf, sizeof buf, "汇总方式：%s", str(json_object_get(list, "rule"), "zh"));
	y += ms_pdf_text(&d, MARGIN, y, w, buf, 9, false) + 8;
	static const double widths[NCOL] = {44, 130, 90, 40, 44, 44, 42, 42, 40, 52, 74, 94, 46};
	struct ms_pcol cols[NCOL];
	for (size_t c = 0; c < NCOL; c++)
		cols[c] = (struct ms_pcol){heads[c], widths[c], c == 1 || c == 2 || c >= 10 ? MS_PCOL_TEXT : MS_PCOL_CENTER};
	cols[0].kind = MS_PCOL_TEXT;
	snprintf(buf, sizeof buf, "%s", str(list, "title"));
	struct ms_ptable pt = {.d = &d, .page_w = page_w, .page_h = page_h, .margin = MARGIN, .x = MARGIN, .y = y,
			       .pt = 7.5, .min_row = 18, .page = 1, .foot = buf, .cols = cols, .n = NCOL};
	ms_ptable_head(&pt);
	for (size_t k = 0; k < t.n && !rc; k++) {
		size_t i = t.order[k];
		json_t *task = json_array_get(t.items, i), *v = json_object_get(task, "value");
		int depth = t.depth[i] < INDENT_MAX ? t.depth[i] : INDENT_MAX;
		char progress[24], planned[24];
		snprintf(progress, sizeof progress, "%s%%", str(json_object_get(task, "progress"), "percent"));
		snprintf(planned, sizeof planned, "%s%%", str(json_object_get(task, "planned"), "percent"));
		char *path = indented("  ", depth, tree_path(&t, i)), *title = indented("　", depth, str(task, "title"));
		char *co = co_units(task);
		if (!path || !title || !co)
			rc = ms_nomem(e);
		const char *cells[NCOL] = {path,
					   title,
					   str(task, "indicator"),
					   str(task, "measure"),
					   own_indicator(task) ? str(task, "target") : "",
					   json_is_string(v) ? json_string_value(v) : "—",
					   progress,
					   planned,
					   light_zh(task),
					   str(task, "deadline"),
					   str(task, "lead_unit_name"),
					   co,
					   str(task, "official")};
		if (!rc)
			ms_ptable_row(&pt, cells);
		free(path);
		free(title);
		free(co);
	}
	if (!t.n) {
		const char *cells[NCOL] = {"—", "尚无任务", "", "", "", "", "", "", "", "", "", "", ""};
		ms_ptable_row(&pt, cells);
	}
	ms_ptable_foot(&pt);
	tree_fini(&t);
	return ms_pdf_end(&d, rc, pdf, len, e);
}
