/*
 * test_intake.c — liaison.h's pure rules: which phone numbers a resident
 * may give, reception times (HH:MM), the site addresses a QR code may
 * open (nothing that breaks out of the SVG or runs script), and which
 * triage outcome may follow which status.
 */
#include <string.h>

#include "liaison/liaison.h"
#include "unit.h"

struct text_case {
	const char *name;
	const char *s;
	bool ok;
};

static const struct text_case phones[] = {
	{"mobile", "13800001234", true},
	{"with hyphens", "138-0000-1234", true},
	{"landline with area code and spaces", "0571 8888 6666", true},
	{"international", "+86 138 0000 1234", true},
	{"five digits (a short service number)", "12345", true},
	{"four digits", "1234", false},
	{"twenty-one digits", "123456789012345678901", false},
	{"letters", "138abc01234", false},
	{"plus in the middle", "138+00001234", false},
	{"full-width digits", "１３８００００１２３４", false},
	{"empty", "", false},
};

static const struct text_case times[] = {
	{"morning", "09:00", true},   {"last minute", "23:59", true}, {"midnight", "00:00", true},
	{"24:00", "24:00", false},    {"minutes 60", "09:60", false}, {"no leading zero", "9:00", false},
	{"seconds", "09:00:00", false}, {"dot", "09.00", false},	{"empty", "", false},
};

static const struct text_case urls[] = {
	{"https", "https://minsheng.example.cn", true},
	{"http with a port and path", "http://10.0.0.5:8080/ms", true},
	{"trailing slash", "https://example.cn/", true},
	{"javascript", "javascript:alert(1)", false},
	{"no scheme", "example.cn", false},
	{"a quote", "https://example.cn/\"onload=", false},
	{"an angle bracket", "https://example.cn/<script>", false},
	{"an ampersand (breaks the SVG)", "https://example.cn/?a=1&b=2", false},
	{"a space", "https://example .cn", false},
	{"only the scheme", "https://", false},
	{"non-ASCII", "https://人大.cn", false},
};

static void run_phone(void **state)
{
	const struct text_case *c = *state;
	assert_int_equal(ms_phone_ok(c->s), c->ok);
}

static void run_time(void **state)
{
	const struct text_case *c = *state;
	assert_int_equal(ms_hhmm_ok(c->s), c->ok);
}

static void run_url(void **state)
{
	const struct text_case *c = *state;
	assert_int_equal(ms_base_url_ok(c->s), c->ok);
}

struct triage_case {
	const char *name;
	const char *status, *outcome;
	bool ok;
};

static const struct triage_case triages[] = {
	{"new → spot", "new", "spot", true},
	{"new → office", "new", "office", true},
	{"new → candidate", "new", "candidate", true},
	{"new → refused", "new", "refused", true},
	{"office → candidate (the office could not settle it)", "office", "candidate", true},
	{"office → refused", "office", "refused", true},
	{"office → spot", "office", "spot", false},
	{"office → office", "office", "office", false},
	{"spot is final", "spot", "refused", false},
	{"refused is final", "refused", "candidate", false},
	{"candidate is CASE's to take further", "candidate", "spot", false},
	{"case is CASE's", "case", "spot", false},
	{"suggestion is CASE's", "suggestion", "refused", false},
	{"an unknown outcome", "new", "case", false},
	{"no outcome", "new", NULL, false},
	{"no status", NULL, "spot", false},
};

static void run_triage(void **state)
{
	const struct triage_case *c = *state;
	assert_int_equal(ms_triage_allowed(c->status, c->outcome), c->ok);
}

int main(void)
{
	struct ms_unit_list l = {0};
	MS_UNIT_TABLE(&l, phones, run_phone);
	MS_UNIT_TABLE(&l, times, run_time);
	MS_UNIT_TABLE(&l, urls, run_url);
	MS_UNIT_TABLE(&l, triages, run_triage);
	return ms_unit_run("intake", &l, NULL, NULL);
}
