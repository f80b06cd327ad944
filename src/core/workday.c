/* workday.c — see workday.h. The date conversions are Howard Hinnant's
 * days_from_civil / civil_from_days (eras of 400 years, years starting in
 * March so that the leap day is the last of the year). Counting working
 * days needs no walk: the weekdays of a range come from whole weeks, and
 * the calendar only corrects them by its entries inside the range. */
#include "workday.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* floor(a / b) for b > 0. */
static int64_t floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

int32_t ms_day_from_ymd(int y, int m, int d)
{
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = floor_div(yy, 400);
	int64_t yoe = yy - era * 400;                              /* 0 … 399 */
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* 0 … 365 */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;       /* 0 … 146096 */
	return (int32_t)(era * 146097 + doe - 719468);
}

void ms_day_ymd(int32_t day, int *y, int *m, int *d)
{
	int64_t z = (int64_t)day + 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t dd = doy - (153 * mp + 2) / 5 + 1;
	int64_t mm = mp < 10 ? mp + 3 : mp - 9;
	if (y)
		*y = (int)(yoe + era * 400 + (mm <= 2));
	if (m)
		*m = (int)mm;
	if (d)
		*d = (int)dd;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool ms_day_valid(int y, int m, int d)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12 || d < 1)
		return false;
	return d <= len[m - 1] + (m == 2 && leap(y));
}

int ms_day_weekday(int32_t day)
{
	/* 1970-01-01 was a Thursday (4). */
	return (int)(((int64_t)day + 3) - floor_div((int64_t)day + 3, 7) * 7) + 1;
}

/* The value of n decimal digits at s, or -1 if one is not a digit. */
static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool ms_day_parse(const char *iso, int32_t *out)
{
	if (!iso)
		return false;
	/* Each check stops at the first NUL, so a short text is never read past. */
	int y = digits(iso, 4);
	if (y < 0 || iso[4] != '-')
		return false;
	int m = digits(iso + 5, 2);
	if (m < 0 || iso[7] != '-')
		return false;
	int d = digits(iso + 8, 2);
	if (d < 0 || iso[10] != '\0')
		return false;
	if (y < MS_DAY_YEAR_MIN || y > MS_DAY_YEAR_MAX || !ms_day_valid(y, m, d))
		return false;
	*out = ms_day_from_ymd(y, m, d);
	return true;
}

void ms_day_zh(const char *iso, char *out, size_t cap)
{
	int32_t d;
	int y, m, dd;
	if (!cap)
		return;
	if (!ms_day_parse(iso, &d)) {
		snprintf(out, cap, "%s", iso ? iso : "");
		return;
	}
	ms_day_ymd(d, &y, &m, &dd);
	snprintf(out, cap, "%d年%d月%d日", y, m, dd);
}

void ms_day_format(int32_t day, char out[11])
{
	int y, m, d;
	ms_day_ymd(day, &y, &m, &d);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

/* The number of entries of the ascending list v[n] that are <= day. */
static size_t upto(const int32_t *v, size_t n, int32_t day)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] <= day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool has(const int32_t *v, size_t n, int32_t day)
{
	size_t i = upto(v, n, day);
	return i > 0 && v[i - 1] == day;
}

static bool weekend(int32_t day)
{
	return ms_day_weekday(day) >= 6;
}

bool ms_workday_cal_ok(const struct ms_workday_cal *c)
{
	for (size_t i = 1; i < c->n_off; i++)
		if (c->off[i] <= c->off[i - 1])
			return false;
	for (size_t i = 0; i < c->n_on; i++) {
		if (i > 0 && c->on[i] <= c->on[i - 1])
			return false;
		if (has(c->off, c->n_off, c->on[i]))
			return false;
	}
	return true;
}

bool ms_workday_is(const struct ms_workday_cal *c, int32_t day)
{
	if (has(c->off, c->n_off, day))
		return false;
	return !weekend(day) || has(c->on, c->n_on, day);
}

/* Monday to Friday days up to and including day, counted from the Monday
 * 1970-01-05 (day 4): 5 per whole week and the weekdays of the last. */
static int64_t weekdays_upto(int64_t day)
{
	int64_t t = day - 4;
	int64_t q = floor_div(t, 7), r = t - q * 7; /* r = 0 on a Monday */
	return 5 * q + (r < 5 ? r + 1 : 5);
}

/* Working days in (a, b] for a <= b. */
static int64_t count_forward(const struct ms_workday_cal *c, int32_t a, int32_t b)
{
	int64_t n = weekdays_upto(b) - weekdays_upto(a);
	/* holidays on weekdays in the range take a day away */
	for (size_t i = upto(c->off, c->n_off, a); i < c->n_off && c->off[i] <= b; i++)
		if (!weekend(c->off[i]))
			n--;
	/* adjusted weekends in the range add one, unless also a holiday */
	for (size_t i = upto(c->on, c->n_on, a); i < c->n_on && c->on[i] <= b; i++)
		if (weekend(c->on[i]) && !has(c->off, c->n_off, c->on[i]))
			n++;
	return n;
}

int ms_workday_count(const struct ms_workday_cal *c, int32_t a, int32_t b)
{
	return (int)(a <= b ? count_forward(c, a, b) : -count_forward(c, b, a));
}

int32_t ms_workday_add(const struct ms_workday_cal *c, int32_t from, int n)
{
	if (n == 0)
		return from;
	int64_t k = n < 0 ? -(int64_t)n : n;
	if (k > MS_WORKDAY_N_MAX)
		k = MS_WORKDAY_N_MAX;
	/* Every 7 days hold 5 weekdays, and each holiday takes at most one of
	 * them: k working days lie within `span` days of `from`. */
	int64_t span = 7 * ((k + (int64_t)c->n_off) / 5 + 2);
	if (n > 0) {
		/* the first day d > from with k working days in (from, d] */
		int64_t lo = (int64_t)from + 1, hi = (int64_t)from + span;
		while (lo < hi) {
			int64_t mid = lo + (hi - lo) / 2;
			if (count_forward(c, from, (int32_t)mid) >= k)
				hi = mid;
			else
				lo = mid + 1;
		}
		return (int32_t)lo;
	}
	/* the last day d < from with k working days in [d, from), that is in
	 * (d - 1, from - 1] */
	int64_t lo = (int64_t)from - span, hi = (int64_t)from - 1;
	while (lo < hi) {
		int64_t mid = hi - (hi - lo) / 2;
		if (count_forward(c, (int32_t)(mid - 1), from - 1) >= k)
			lo = mid;
		else
			hi = mid - 1;
	}
	return (int32_t)lo;
}

int32_t ms_day_today(void)
{
	const char *fixed = getenv("MINSHENG_TODAY");
	int32_t day;
	if (fixed && ms_day_parse(fixed, &day))
		return day;
	int64_t t = (int64_t)time(NULL) + 8 * 3600;
	return (int32_t)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
}
