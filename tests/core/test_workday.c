/*
 * test_workday.c — core/workday.h: dates read, written and converted
 * (leap days, the years accepted, weekdays), and working days over the real
 * 2025 Chinese holiday calendar — across a holiday, landing on an adjusted
 * weekend, a plain weekend, month and year boundaries — and over an empty
 * one; count and add against a day-by-day walk and against each other.
 */
#include <string.h>

#include "core/workday.h"
#include "unit.h"

/* The State Council's 2025 schedule: New Year's Day; Spring Festival with
 * Sunday 26 January and Saturday 8 February worked; Qingming; Labour Day
 * with Sunday 27 April worked; Dragon Boat; National Day and Mid-Autumn
 * with Sunday 28 September and Saturday 11 October worked. Holidays that
 * fall on a weekend are listed too, as a congress would enter them. */
static const char *const off_2025[] = {
	"2025-01-01", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-02-01", "2025-02-02",
	"2025-02-03", "2025-02-04", "2025-04-04", "2025-04-05", "2025-04-06", "2025-05-01", "2025-05-02",
	"2025-05-03", "2025-05-04", "2025-05-05", "2025-05-31", "2025-06-01", "2025-06-02", "2025-10-01",
	"2025-10-02", "2025-10-03", "2025-10-04", "2025-10-05", "2025-10-06", "2025-10-07", "2025-10-08",
};
static const char *const on_2025[] = {"2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"};

static int32_t off_days[N_OF(off_2025)], on_days[N_OF(on_2025)];
static const struct ms_workday_cal cn = {off_days, N_OF(off_days), on_days, N_OF(on_days)};
static const struct ms_workday_cal plain = {0};

static int32_t day(const char *iso)
{
	int32_t d = 0;
	if (!ms_day_parse(iso, &d))
		fail_msg("test data: %s is not a date", iso);
	return d;
}

static int setup(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_OF(off_2025); i++)
		off_days[i] = day(off_2025[i]);
	for (size_t i = 0; i < N_OF(on_2025); i++)
		on_days[i] = day(on_2025[i]);
	return 0;
}

/* --- dates ------------------------------------------------------------ */

struct date_case {
	const char *name;
	const char *iso;
	bool ok;
	int32_t day;  /* days since 1970-01-01 */
	int weekday;  /* 1 = Monday */
};

static const struct date_case dates[] = {
	{"the epoch, a Thursday", "1970-01-01", true, 0, 4},
	{"the day before it", "1969-12-31", true, -1, 3},
	{"the first year accepted", "1900-01-01", true, -25567, 1},
	{"the last day accepted", "2199-12-31", true, 84005, 2},
	{"leap day of a leap year", "2024-02-29", true, 19782, 4},
	{"leap day of a 400th year", "2000-02-29", true, 11016, 2},
	{"New Year's Day 2025", "2025-01-01", true, 20089, 3},
	{"end of February 2025", "2025-02-28", true, 20147, 5},
	{"no leap day in 2025", "2025-02-29", false, 0, 0},
	{"no leap day in 2026", "2026-02-29", false, 0, 0},
	{"no leap day in a 100th year", "1900-02-29", false, 0, 0},
	{"30 April, not 31", "2025-04-31", false, 0, 0},
	{"month 13", "2025-13-01", false, 0, 0},
	{"month 0", "2025-00-10", false, 0, 0},
	{"day 0", "2025-01-00", false, 0, 0},
	{"before 1900", "1899-12-31", false, 0, 0},
	{"after 2199", "2200-01-01", false, 0, 0},
	{"one-digit month", "2025-1-01", false, 0, 0},
	{"one-digit day", "2025-01-1", false, 0, 0},
	{"slashes", "2025/01/01", false, 0, 0},
	{"a trailing space", "2025-01-01 ", false, 0, 0},
	{"a time after it", "2025-01-01T00:00", false, 0, 0},
	{"a sign", "+025-01-01", false, 0, 0},
	{"empty", "", false, 0, 0},
	{"a NULL text", NULL, false, 0, 0},
};

static void run_date(void **state)
{
	const struct date_case *c = *state;
	int32_t d = 12345;
	bool ok = ms_day_parse(c->iso, &d);
	assert_int_equal(ok, c->ok);
	if (!c->ok) {
		assert_int_equal(d, 12345); /* left alone */
		return;
	}
	assert_int_equal(d, c->day);
	assert_int_equal(ms_day_weekday(d), c->weekday);
	char out[11];
	ms_day_format(d, out);
	assert_string_equal(out, c->iso);
	int y, m, dd;
	ms_day_ymd(d, &y, &m, &dd);
	assert_true(ms_day_valid(y, m, dd));
	assert_int_equal(ms_day_from_ymd(y, m, dd), d);
}

/* The Chinese form of a date; what is not a date comes back as it was. */
static void test_day_zh(void **state)
{
	(void)state;
	char out[40];
	ms_day_zh("2026-09-01", out, sizeof out);
	assert_string_equal(out, "2026年9月1日");
	ms_day_zh("2024-12-31", out, sizeof out);
	assert_string_equal(out, "2024年12月31日");
	ms_day_zh("2025-02-29", out, sizeof out);
	assert_string_equal(out, "2025-02-29");
	ms_day_zh(NULL, out, sizeof out);
	assert_string_equal(out, "");
	char tiny[8];
	ms_day_zh("2026-09-01", tiny, sizeof tiny); /* cut, still terminated */
	assert_int_equal(strlen(tiny), 7);
}

/* Every day from 1900 to 2199 converts both ways, one after another. */
static void test_every_day(void **state)
{
	(void)state;
	int32_t first = ms_day_from_ymd(1900, 1, 1), last = ms_day_from_ymd(2199, 12, 31);
	int py = 1899, pm = 12, pd = 31;
	for (int32_t d = first; d <= last; d++) {
		int y, m, dd;
		ms_day_ymd(d, &y, &m, &dd);
		bool next_day = y == py && m == pm && dd == pd + 1;
		bool next_month = y == py && m == pm + 1 && dd == 1 && !ms_day_valid(py, pm, pd + 1);
		bool next_year = y == py + 1 && m == 1 && dd == 1 && pm == 12 && pd == 31;
		if (!(next_day || next_month || next_year))
			fail_msg("%d-%d-%d follows %d-%d-%d", y, m, dd, py, pm, pd);
		assert_int_equal(ms_day_from_ymd(y, m, dd), d);
		assert_int_equal(ms_day_weekday(d), (ms_day_weekday(d - 1) % 7) + 1);
		char iso[11];
		int32_t back;
		ms_day_format(d, iso);
		assert_true(ms_day_parse(iso, &back));
		assert_int_equal(back, d);
		py = y, pm = m, pd = dd;
	}
	assert_int_equal(last - first + 1, 300 * 365 + 73); /* 73 leap days: 1904 … 2196, 2000 but not 2100 */
}

/* --- working days ----------------------------------------------------- */

struct is_case {
	const char *name;
	const struct ms_workday_cal *cal;
	const char *day;
	bool want;
};

static const struct is_case is_cases[] = {
	{"a plain Wednesday", &cn, "2025-03-05", true},
	{"a plain Saturday", &cn, "2025-03-08", false},
	{"a plain Sunday", &cn, "2025-03-09", false},
	{"New Year's Day, a Wednesday", &cn, "2025-01-01", false},
	{"New Year's Day on the plain week", &plain, "2025-01-01", true},
	{"adjusted Sunday before the Spring Festival", &cn, "2025-01-26", true},
	{"the Saturday before it is still off", &cn, "2025-01-25", false},
	{"first day of the Spring Festival", &cn, "2025-01-28", false},
	{"last day of the Spring Festival", &cn, "2025-02-04", false},
	{"the day after it", &cn, "2025-02-05", true},
	{"adjusted Saturday after it", &cn, "2025-02-08", true},
	{"the Sunday after that", &cn, "2025-02-09", false},
	{"a holiday on a Saturday", &cn, "2025-04-05", false},
	{"adjusted Sunday before National Day", &cn, "2025-09-28", true},
	{"National Day", &cn, "2025-10-01", false},
	{"the last day of the National Day holiday", &cn, "2025-10-08", false},
	{"adjusted Saturday after it", &cn, "2025-10-11", true},
	{"the Sunday after that", &cn, "2025-10-12", false},
};

static void run_is(void **state)
{
	const struct is_case *c = *state;
	assert_int_equal(ms_workday_is(c->cal, day(c->day)), c->want);
}

struct add_case {
	const char *name;
	const struct ms_workday_cal *cal;
	const char *from;
	int n;
	const char *want;
};

static const struct add_case adds[] = {
	{"Friday + 1 is Monday", &cn, "2025-03-07", 1, "2025-03-10"},
	{"Saturday + 1 is Monday", &cn, "2025-03-08", 1, "2025-03-10"},
	{"Sunday + 1 is Monday", &cn, "2025-03-09", 1, "2025-03-10"},
	{"Monday + 5 is Monday", &cn, "2025-03-10", 5, "2025-03-17"},
	{"across the Spring Festival", &cn, "2025-01-27", 1, "2025-02-05"},
	{"into it from the adjusted Sunday", &cn, "2025-01-26", 2, "2025-02-05"},
	{"landing on the adjusted Sunday", &cn, "2025-01-24", 1, "2025-01-26"},
	{"landing on the adjusted Saturday", &cn, "2025-02-07", 1, "2025-02-08"},
	{"from a holiday", &cn, "2025-02-01", 1, "2025-02-05"},
	{"landing on the Sunday before National Day", &cn, "2025-09-26", 1, "2025-09-28"},
	{"across National Day", &cn, "2025-09-30", 1, "2025-10-09"},
	{"7 working days over National Day", &cn, "2025-09-25", 7, "2025-10-11"},
	{"8 working days over National Day", &cn, "2025-09-25", 8, "2025-10-13"},
	{"Labour Day: Sunday 27 April works", &cn, "2025-04-25", 1, "2025-04-27"},
	{"over New Year's Day", &cn, "2024-12-31", 1, "2025-01-02"},
	{"New Year's Day on the plain week", &plain, "2024-12-31", 1, "2025-01-01"},
	{"month end: Friday 28 February", &cn, "2025-02-28", 1, "2025-03-03"},
	{"to leap day", &plain, "2024-02-28", 1, "2024-02-29"},
	{"over leap day", &plain, "2024-02-28", 2, "2024-03-01"},
	{"a year of weeks on the plain week", &plain, "2025-01-06", 260, "2026-01-05"},
	{"the working days of 2025 from its eve", &cn, "2024-12-31", 248, "2025-12-31"},
	{"n = 0 is the day itself", &cn, "2025-02-01", 0, "2025-02-01"},
	{"Monday - 1 is Friday", &cn, "2025-03-10", -1, "2025-03-07"},
	{"back across the Spring Festival", &cn, "2025-02-05", -1, "2025-01-27"},
	{"back onto the adjusted Saturday", &cn, "2025-10-13", -1, "2025-10-11"},
	{"back from a holiday", &cn, "2025-10-05", -1, "2025-09-30"},
	{"back over New Year's Day", &cn, "2025-01-02", -1, "2024-12-31"},
};

static void run_add(void **state)
{
	const struct add_case *c = *state;
	int32_t from = day(c->from), got = ms_workday_add(c->cal, from, c->n);
	char iso[11];
	ms_day_format(got, iso);
	assert_string_equal(iso, c->want);
	if (c->n > 0)
		assert_int_equal(ms_workday_count(c->cal, from, got), c->n);
	if (c->n != 0)
		assert_true(ms_workday_is(c->cal, got));
}

struct count_case {
	const char *name;
	const struct ms_workday_cal *cal;
	const char *a, *b;
	int want;
};

static const struct count_case counts[] = {
	{"the same day", &cn, "2025-03-05", "2025-03-05", 0},
	{"a plain week", &cn, "2025-03-09", "2025-03-16", 5},
	{"Friday to Monday", &cn, "2025-03-07", "2025-03-10", 1},
	{"over the Spring Festival", &cn, "2025-01-24", "2025-02-09", 6},
	{"over National Day", &cn, "2025-09-26", "2025-10-12", 6},
	{"all 2025", &cn, "2024-12-31", "2025-12-31", 248},
	{"all 2025 on the plain week", &plain, "2024-12-31", "2025-12-31", 261},
	{"all 2024, a leap year", &plain, "2023-12-31", "2024-12-31", 262},
	{"backwards is negative", &cn, "2025-02-09", "2025-01-24", -6},
	{"backwards over a year", &cn, "2025-12-31", "2024-12-31", -248},
	{"a weekend only", &cn, "2025-03-07", "2025-03-09", 0},
	{"an adjusted weekend only", &cn, "2025-10-10", "2025-10-12", 1},
};

static void run_count(void **state)
{
	const struct count_case *c = *state;
	assert_int_equal(ms_workday_count(c->cal, day(c->a), day(c->b)), c->want);
}

/* Over 2024-12 … 2026-01, on both calendars: count against a walk day by
 * day, and add against count, forwards and back. */
static void test_round_trips(void **state)
{
	(void)state;
	const struct ms_workday_cal *cals[] = {&cn, &plain};
	int32_t first = day("2024-12-01"), last = day("2026-01-31");
	for (size_t k = 0; k < N_OF(cals); k++) {
		const struct ms_workday_cal *c = cals[k];
		int walked = 0;
		for (int32_t d = first; d <= last; d++) {
			walked += d > first && ms_workday_is(c, d);
			assert_int_equal(ms_workday_count(c, first, d), walked);
			assert_int_equal(ms_workday_count(c, d, first), -walked);
			for (int n = 1; n <= 30; n++) {
				int32_t to = ms_workday_add(c, d, n);
				assert_true(ms_workday_is(c, to));
				assert_int_equal(ms_workday_count(c, d, to), n);
				assert_int_equal(ms_workday_count(c, d, to - 1), n - 1);
				int32_t back = ms_workday_add(c, d, -n);
				assert_true(ms_workday_is(c, back));
				assert_int_equal(ms_workday_count(c, back - 1, d - 1), n);
				if (ms_workday_is(c, d))
					assert_int_equal(ms_workday_add(c, to, -n), d);
			}
		}
	}
}

static void test_far(void **state)
{
	(void)state;
	/* a million working days over an empty calendar: 200000 weeks */
	int32_t mon = day("2025-01-06");
	assert_int_equal(ms_workday_add(&plain, mon, MS_WORKDAY_N_MAX), mon + 1400000);
	assert_int_equal(ms_workday_add(&plain, mon, -MS_WORKDAY_N_MAX), mon - 1400000);
	assert_int_equal(ms_workday_add(&plain, mon, 2000000000), mon + 1400000); /* taken as the maximum */
	assert_int_equal(ms_workday_count(&plain, mon, mon + 1400000), MS_WORKDAY_N_MAX);
}

struct cal_case {
	const char *name;
	int32_t off[4];
	size_t n_off;
	int32_t on[4];
	size_t n_on;
	bool ok;
};

static const struct cal_case cals[] = {
	{"empty", {0}, 0, {0}, 0, true},
	{"ascending", {1, 2, 5}, 3, {3, 9}, 2, true},
	{"negative days", {-5, -1}, 2, {0}, 0, true},
	{"holidays out of order", {2, 1}, 2, {0}, 0, false},
	{"a holiday twice", {1, 1}, 2, {0}, 0, false},
	{"working days out of order", {0}, 0, {9, 3}, 2, false},
	{"a day in both lists", {1, 5}, 2, {5}, 1, false},
};

static void run_cal(void **state)
{
	const struct cal_case *c = *state;
	struct ms_workday_cal cal = {c->off, c->n_off, c->on, c->n_on};
	assert_int_equal(ms_workday_cal_ok(&cal), c->ok);
}

static void test_cn_calendar_ok(void **state)
{
	(void)state;
	assert_true(ms_workday_cal_ok(&cn));
	assert_true(ms_workday_cal_ok(&plain));
}

int main(void)
{
	struct ms_unit_list l = {0};
	MS_UNIT_TABLE(&l, dates, run_date);
	MS_UNIT_TEST(&l, test_every_day);
	MS_UNIT_TEST(&l, test_day_zh);
	MS_UNIT_TABLE(&l, is_cases, run_is);
	MS_UNIT_TABLE(&l, adds, run_add);
	MS_UNIT_TABLE(&l, counts, run_count);
	MS_UNIT_TEST(&l, test_round_trips);
	MS_UNIT_TEST(&l, test_far);
	MS_UNIT_TABLE(&l, cals, run_cal);
	MS_UNIT_TEST(&l, test_cn_calendar_ok);
	return ms_unit_run("workday", &l, setup, NULL);
}
