/*
 * clock.c — the statutory clocks of casework and suggestions (casework.h):
 * a deadline in hours, calendar days, working days over the congress's
 * holiday calendar (with its adjusted working weekends, 调休) or months,
 * and where a clock stands. Pure: no I/O but ms_clock_now's reading of the
 * time and of the test clock.
 */
#include "casework.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DAY_SECONDS 86400
#define CHINA_OFFSET (8 * 3600)

static const struct ms_name states_v[] = {
	{"on_time", "正常", "on time"}, {"due_soon", "即将到期", "due soon"}, {"overdue", "已超期", "overdue"}};
const struct ms_names ms_clock_state_names = MS_NAMES("clock_state", states_v);

static int two(const char *s)
{
	return (s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9') ? (s[0] - '0') * 10 + (s[1] - '0') : -1;
}

bool ms_clock_parse(const char *iso, int64_t *out)
{
	char day[11];
	int32_t d;
	if (!iso || strlen(iso) != MS_TIME_LEN || iso[10] != 'T' || iso[13] != ':' || iso[16] != ':' || iso[19] != 'Z')
		return false;
	memcpy(day, iso, 10);
	day[10] = '\0';
	int h = two(iso + 11), m = two(iso + 14), s = two(iso + 17);
	if (!ms_day_parse(day, &d) || h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59)
		return false;
	*out = (int64_t)d * DAY_SECONDS + h * 3600 + m * 60 + s;
	return true;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

void ms_clock_format(int64_t t, char out[MS_TIME_LEN + 1])
{
	int64_t d = floor_div(t, DAY_SECONDS), r = t - d * DAY_SECONDS;
	char day[11], hms[16];
	ms_day_format((int32_t)d, day);
	snprintf(hms, sizeof hms, "T%02d:%02d:%02dZ", (int)(r / 3600), (int)(r / 60 % 60), (int)(r % 60));
	memcpy(out, day, 10);
	memcpy(out + 10, hms, 10);
	out[MS_TIME_LEN] = '\0';
}

int32_t ms_clock_day(int64_t t)
{
	return (int32_t)floor_div(t + CHINA_OFFSET, DAY_SECONDS);
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && leap(y) ? 29 : n[m - 1];
}

int32_t ms_clock_add_months(int32_t day, int n)
{
	int y, m, d;
	ms_day_ymd(day, &y, &m, &d);
	int k = (y * 12 + (m - 1)) + n;
	y = k / 12;
	m = k % 12 + 1;
	if (d > month_days(y, m))
		d = month_days(y, m);
	return ms_day_from_ymd(y, m, d);
}

/* The end of China's day `day`: 24:00 there, 16:00 UTC. */
static int64_t day_end(int32_t day)
{
	return ((int64_t)day + 1) * DAY_SECONDS - CHINA_OFFSET;
}

int64_t ms_clock_due(const struct ms_workday_cal *cal, int64_t start, enum ms_clock_unit unit, int n)
{
	static const struct ms_workday_cal plain = {0};
	int32_t d = ms_clock_day(start);
	switch (unit) {
	case MS_CLOCK_HOURS:
		return start + (int64_t)n * 3600;
	case MS_CLOCK_DAYS:
		return day_end(d + n);
	case MS_CLOCK_WORKDAYS:
		return day_end(ms_workday_add(cal ? cal : &plain, d, n));
	case MS_CLOCK_MONTHS:
		return day_end(ms_clock_add_months(d, n));
	}
	return start;
}

enum ms_clock_state ms_clock_state(int64_t start, int64_t due, int64_t now)
{
	if (now > due)
		return MS_CLOCK_OVERDUE;
	int64_t soon = (due - start) / 5;
	if (soon < 3600)
		soon = 3600;
	if (soon > 3 * DAY_SECONDS)
		soon = 3 * DAY_SECONDS;
	return due - now <= soon ? MS_CLOCK_DUE_SOON : MS_CLOCK_ON_TIME;
}

int64_t ms_clock_now(void)
{
	int64_t t = (int64_t)time(NULL);
	const char *fixed = getenv("MINSHENG_TODAY");
	int32_t d;
	if (fixed && ms_day_parse(fixed, &d))
		return (int64_t)d * DAY_SECONDS + 4 * 3600 + (t % 3600);
	return t;
}
