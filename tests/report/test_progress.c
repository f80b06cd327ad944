/*
 * test_progress.c — the quarterly progress report's layouts
 * (report/progress_xlsx.c, progress_pdf.c) from a document made here: the
 * workbook is a ZIP and leaves nothing in the temporary directory; the PDF
 * is A4 landscape, breaks a long table over pages and embeds the CJK font;
 * an empty year is one page. Leaks are the sanitizer build's to find.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/report.h"
#include "unit.h"

static json_t *doc(int n_projects)
{
	json_t *d = json_pack("{s:s, s:s, s:i, s:i, s:s, s:s, s:s, s:[], s:[], s:[], s:{s:i, s:i, s:i, s:i, s:i, "
			      "s:i, s:i, s:i, s:i, s:i, s:i}}",
			      "congress", "测试市人民代表大会", "congress_en", "Test Congress", "year", 2026, "quarter", 3,
			      "from", "2026-07-01", "to", "2026-09-30", "today", "2026-09-20", "projects", "milestones",
			      "tasks", "summary", "projects", n_projects, "green", n_projects, "yellow", 0, "red", 0, "blue",
			      0, "budget", 1000, "spent", 10, "percent_avg", 40, "tasks_open", 1, "tasks_overdue", 1,
			      "letters_waiting", 0);
	for (int i = 0; i < n_projects; i++) {
		char title[64];
		snprintf(title, sizeof title, i ? "项目%d" : "=HYPERLINK(\"http://x\")", i + 1);
		json_array_append_new(
			json_object_get(d, "projects"),
			json_pack("{s:i, s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:i, s:s, s:s, s:s, s:i}", "number", i + 1,
				  "id", i + 1, "title", title, "title_en", "A project", "category", "教育", "lead_unit",
				  "市教育局", "co_units", "市财政局、市自然资源和规划局", "finish_on", "2026-12-31",
				  "percent_done", 40, "spent", 10, "budget", 100, "light", i % 2 ? "yellow" : "green",
				  "report_on", "2026-09-01",
				  "report_body", "本季度完成主体结构施工，室内装修同步推进，设备采购已完成招标，预计年底前交付使用。"
						 "本季度完成主体结构施工，室内装修同步推进，设备采购已完成招标，预计年底前交付使用。"
						 "本季度完成主体结构施工，室内装修同步推进，设备采购已完成招标。",
				  "tasks_open", 0));
	}
	json_array_append_new(json_object_get(d, "milestones"),
			      json_pack("{s:i, s:s, s:i, s:s, s:s, s:n}", "number", 1, "project", "项目1", "milestone", 2,
					"title", "主体完工", "planned_on", "2026-08-31", "reached_on"));
	json_array_append_new(json_object_get(d, "tasks"),
			      json_pack("{s:i, s:s, s:s, s:s, s:s, s:s, s:b, s:i}", "number", 1, "project", "项目1", "unit",
					"市教育局", "why", "60天未报送进度", "created_on", "2026-09-01", "due_on",
					"2026-09-15", "overdue", 1, "level", 1));
	return d;
}

static size_t pages(const char *pdf, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i + 12 < len; i++)
		if (memcmp(pdf + i, "/Type /Page", 11) == 0 && pdf[i + 11] != 's')
			n++;
	return n;
}

static bool has(const char *p, size_t len, const char *s)
{
	return memmem(p, len, s, strlen(s)) != NULL;
}

static void test_xlsx(void **state)
{
	(void)state;
	char dir[] = "/tmp/ms-progress-test-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *old = getenv("TMPDIR") ? strdup(getenv("TMPDIR")) : NULL;
	setenv("TMPDIR", dir, 1);
	json_t *d = doc(3);
	char *buf = NULL;
	size_t len = 0;
	struct ms_error e = {0};
	assert_int_equal(ms_progress_xlsx(d, &buf, &len, &e), 0);
	assert_true(len > 1000);
	assert_memory_equal(buf, "PK\x03\x04", 4);
	assert_true(has(buf, len, "xl/worksheets/sheet4.xml") && has(buf, len, "xl/sharedStrings.xml"));
	DIR *dh = opendir(dir);
	assert_non_null(dh);
	int entries = 0;
	for (struct dirent *de; (de = readdir(dh));)
		entries += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(dh);
	assert_int_equal(entries, 0); /* nothing left behind */
	/* no temporary directory it can make: an error, nothing written */
	setenv("TMPDIR", "/nonexistent/minsheng", 1);
	free(buf);
	buf = NULL;
	assert_int_equal(ms_progress_xlsx(d, &buf, &len, &e), MS_ERR_IO);
	assert_null(buf);
	if (old)
		setenv("TMPDIR", old, 1);
	else
		unsetenv("TMPDIR");
	free(old);
	rmdir(dir);
	json_decref(d);
}

static void test_pdf_pages(void **state)
{
	(void)state;
	json_t *d = doc(40);
	char *pdf = NULL;
	size_t len = 0;
	struct ms_error e = {0};
	assert_int_equal(ms_progress_pdf(d, &pdf, &len, &e), 0);
	assert_memory_equal(pdf, "%PDF-", 5);
	assert_true(pages(pdf, len) >= 4); /* forty rows of three or four lines each */
	assert_true(has(pdf, len, "/MediaBox [ 0 0 842 595 ]")); /* A4 landscape */
	assert_true(has(pdf, len, "NotoSansCJK"));
	free(pdf);
	json_decref(d);
	d = doc(0);
	assert_int_equal(ms_progress_pdf(d, &pdf, &len, &e), 0);
	assert_int_equal(pages(pdf, len), 1);
	free(pdf);
	json_decref(d);
}

static int teardown(void **state)
{
	(void)state;
	ms_report_shutdown();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xlsx),
		cmocka_unit_test(test_pdf_pages),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
