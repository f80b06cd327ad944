/*
 * test_slips.c — the voting-code slips (report/slips.c): a PDF of a page per
 * eight slips, its CJK font embedded, and every font resource released at
 * the end (the sanitizer build checks for leaks).
 */
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "unit.h"
#include "vote/vote.h"

static void test_pdf(void **state)
{
	(void)state;
	char codes[9 * (MS_CODE_LEN + 1)];
	for (int i = 0; i < 9; i++)
		snprintf(codes + i * (MS_CODE_LEN + 1), MS_CODE_LEN + 1, "%020d", i);
	char *pdf = NULL;
	size_t len = 0;
	struct ms_error e = {0};
	assert_int_equal(ms_slips_pdf("2027年民生实事项目票决", "https://vote.example.cn", 7, 1, codes, 9, &pdf, &len, &e), 0);
	assert_true(len > 1000);
	assert_memory_equal(pdf, "%PDF-", 5);
	/* two pages (9 slips, 8 a page), and the CJK font embedded */
	size_t pages = 0;
	for (size_t i = 0; i + 10 < len; i++)
		if (memcmp(pdf + i, "/Type /Page", 11) == 0 && pdf[i + 11] != 's')
			pages++;
	assert_int_equal(pages, 2);
	bool font = false;
	for (size_t i = 0; i + 11 < len && !font; i++)
		font = memcmp(pdf + i, "NotoSansCJK", 11) == 0;
	assert_true(font);
	free(pdf);
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
		cmocka_unit_test(test_pdf),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
