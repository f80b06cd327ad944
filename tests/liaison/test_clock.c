/*
 * test_clock.c — liaison/casework.h's clocks: deadlines in hours, calendar
 * days, working days over a holiday calendar with adjusted working
 * weekends (the 2025 National Day holiday: 1–8 October off, Sunday 28
 * September and Saturday 11 October worked), and months (the last day of a
 * shorter month); where a clock stands; a clock restarted at a new
 * assignment counts from it. One table of cases, one runner.
 */
#include <string.h>

#include "core/workday.h"
#include "liaison/casework.h"
#include "unit.h"

static int32_t off[8], on[2];
static struct ms_workday_cal cal = {off, 8, on, 2};

static void setup_cal(void)
{
	for (int i = 0; i < 8; i++)
		off[i] = ms_day_from_ymd(2025, 10, 1 + i);
	on[0] = ms_day_from_ymd(2025, 9, 28);
	on[1] = ms_day_from_ymd(2025, 10, 11);
}

struct due_case {
	const char *name;
	const char *start;
	enum ms_clock_unit unit;
	int n;
	const char *due;
};

static const struct due_case dues[] = {
	{"2 hours (emergency)", "2025-09-30T02:00:00Z", MS_CLOCK_HOURS, 2, "2025-09-30T04:00:00Z"},
	{"24 hours across midnight into the holiday", "2025-09-30T02:00:00Z", MS_CLOCK_HOURS, 24, "2025-10-01T02:00:00Z"},
	{"7 calendar days run through the holiday", "2025-09-30T02:00:00Z", MS_CLOCK_DAYS, 7, "2025-10-07T16:00:00Z"},
	{"7 working days across National Day and the worked Saturday", "2025-09-30T02:00:00Z", MS_CLOCK_WORKDAYS, 7,
	 "2025-10-16T16:00:00Z"},
	{"1 working day from a Friday: the worked Sunday", "2025-09-26T02:00:00Z", MS_CLOCK_WORKDAYS, 1,
	 "2025-09-28T16:00:00Z"},
	{"China's day, not UTC's: 01:00 on 1 October counts from the holiday", "2025-09-30T17:00:00Z",
	 MS_CLOCK_WORKDAYS, 1, "2025-10-09T16:00:00Z"},
	{"restarted at a reassignment on Friday 10 October: 15 working days", "2025-10-10T03:00:00Z",
	 MS_CLOCK_WORKDAYS, 15, "2025-10-30T16:00:00Z"},
	{"3 months from 30 November: the end of February", "2025-11-30T02:00:00Z", MS_CLOCK_MONTHS, 3,
	 "2026-02-28T16:00:00Z"},
	{"31 January + 1 month in a leap year: 29 February", "2024-01-31T02:00:00Z", MS_CLOCK_MONTHS, 1,
	 "2024-02-29T16:00:00Z"},
	{"31 January + 1 month: 28 February", "2025-01-31T02:00:00Z", MS_CLOCK_MONTHS, 1, "2025-02-28T16:00:00Z"},
	{"6 months from 31 December (an extension)", "2025-12-31T02:00:00Z", MS_CLOCK_MONTHS, 6, "2026-06-30T16:00:00Z"},
};

static void run_due(void **state)
{
	const struct due_case *c = *state;
	int64_t start;
	char out[MS_TIME_LEN + 1];
	setup_cal();
	assert_true(ms_clock_parse(c->start, &start));
	ms_clock_format(ms_clock_due(&cal, start, c->unit, c->n), out);
	assert_string_equal(out, c->due);
}

struct state_case {
	const char *name;
	const char *start, *due, *now;
	enum ms_clock_state want;
};

static const struct state_case states[] = {
	{"a day after the start of ten: on time", "2025-10-01T00:00:00Z", "2025-10-11T00:00:00Z", "2025-10-02T00:00:00Z",
	 MS_CLOCK_ON_TIME},
	{"a day before the end of ten: due soon", "2025-10-01T00:00:00Z", "2025-10-11T00:00:00Z", "2025-10-10T00:00:00Z",
	 MS_CLOCK_DUE_SOON},
	{"at the deadline: still due soon", "2025-10-01T00:00:00Z", "2025-10-11T00:00:00Z", "2025-10-11T00:00:00Z",
	 MS_CLOCK_DUE_SOON},
	{"a second late: overdue", "2025-10-01T00:00:00Z", "2025-10-11T00:00:00Z", "2025-10-11T00:00:01Z",
	 MS_CLOCK_OVERDUE},
	{"two hours, half an hour in: on time", "2025-10-01T00:00:00Z", "2025-10-01T02:00:00Z", "2025-10-01T00:30:00Z",
	 MS_CLOCK_ON_TIME},
	{"two hours, the last hour: due soon", "2025-10-01T00:00:00Z", "2025-10-01T02:00:00Z", "2025-10-01T01:01:00Z",
	 MS_CLOCK_DUE_SOON},
	{"three months, four days left: on time", "2025-10-01T00:00:00Z", "2026-01-01T00:00:00Z", "2025-12-28T00:00:00Z",
	 MS_CLOCK_ON_TIME},
	{"three months, two days left: due soon", "2025-10-01T00:00:00Z", "2026-01-01T00:00:00Z", "2025-12-30T00:00:00Z",
	 MS_CLOCK_DUE_SOON},
};

static void run_state(void **state)
{
	const struct state_case *c = *state;
	int64_t s, d, n;
	assert_true(ms_clock_parse(c->start, &s));
	assert_true(ms_clock_parse(c->due, &d));
	assert_true(ms_clock_parse(c->now, &n));
	assert_int_equal(ms_clock_state(s, d, n), c->want);
}

struct parse_case {
	const char *name;
	const char *text;
	bool ok;
};

static const struct parse_case parses[] = {
	{"a UTC time", "2025-10-01T08:30:59Z", true},   {"no Z", "2025-10-01T08:30:59", false},
	{"hour 24", "2025-10-01T24:00:00Z", false},    {"30 February", "2025-02-30T00:00:00Z", false},
	{"a day only", "2025-10-01", false},	      {"NULL", NULL, false},
};

static void run_parse(void **state)
{
	const struct parse_case *c = *state;
	int64_t t;
	char back[MS_TIME_LEN + 1];
	assert_int_equal(ms_clock_parse(c->text, &t), c->ok);
	if (c->ok) {
		ms_clock_format(t, back);
		assert_string_equal(back, c->text);
	}
}

int main(void)
{
	struct ms_unit_list l = {0};
	MS_UNIT_TABLE(&l, dues, run_due);
	MS_UNIT_TABLE(&l, states, run_state);
	MS_UNIT_TABLE(&l, parses, run_parse);
	return ms_unit_run("clock", &l, NULL, NULL);
}
