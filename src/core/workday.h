/*
 * workday.h — calendar days and working-day arithmetic over the holiday
 * calendar a congress keeps. Deadlines in the practice are often counted in
 * working days ("return it within 7 working days"), and in China the
 * working week is moved around the official holidays: the holidays
 * themselves are days off, and some Saturdays and Sundays become working
 * days (调休). The calendar says both; everything else is Monday to Friday.
 *
 * A day is an int32_t: the number of days since 1970-01-01 in the
 * proleptic Gregorian calendar (negative before it). No time of day, no
 * time zone: a day is a date as people write it.
 *
 * Pure functions: no I/O, no allocation, no globals; thread-safe.
 */
#ifndef MS_WORKDAY_H
#define MS_WORKDAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The first and last years ms_day_parse accepts. */
#define MS_DAY_YEAR_MIN 1900
#define MS_DAY_YEAR_MAX 2199

/* The day of a date. y, m and d should name a real date (ms_day_valid);
 * otherwise the day is that of the date counted on from the month's first
 * (2025-02-30 → 2025-03-02). Any y the result fits an int32_t for. */
int32_t ms_day_from_ymd(int y, int m, int d);
/* The date of a day (any out-pointer may be NULL). */
void ms_day_ymd(int32_t day, int *y, int *m, int *d);
/* Whether y-m-d is a real date of the Gregorian calendar (any year). */
bool ms_day_valid(int y, int m, int d);
/* The day of the week: 1 = Monday … 7 = Sunday. */
int ms_day_weekday(int32_t day);

/* Read "YYYY-MM-DD", strictly: ten characters, four-digit year
 * MS_DAY_YEAR_MIN to MS_DAY_YEAR_MAX, two-digit month and day, a real
 * date (2024-02-29 yes, 2025-02-29 no), nothing before or after. False
 * when it is not (iso NULL included); *out is then left alone. */
bool ms_day_parse(const char *iso, int32_t *out);
/* Write day as "YYYY-MM-DD" and a NUL into out. Years 0 to 9999 print
 * whole; a day outside them is cut to ten characters. */
void ms_day_format(int32_t day, char out[11]);
/* "2026年9月1日" from "2026-09-01" into out (cap bytes); a text that is not a
 * date is copied as it is, NULL as "". */
void ms_day_zh(const char *iso, char *out, size_t cap);
/* Today in China (UTC+8, no daylight saving). The test clock: when the
 * environment sets MINSHENG_TODAY to a valid YYYY-MM-DD, that day instead
 * (read at each call, so a test moves time by restarting the server). */
int32_t ms_day_today(void);

/* A holiday calendar. Both lists must be sorted strictly ascending (no day
 * twice); the functions below search them by bisection and count on it
 * (ms_workday_cal_ok checks it). A day in `off` is a day off whatever its
 * weekday; a day in `on` and not in `off` is a working day whatever its
 * weekday; any other day works Monday to Friday. The zero calendar (both
 * lists empty, the pointers may then be NULL) is the plain week. */
struct ms_workday_cal {
	const int32_t *off;  /* holidays: days off even on a weekday */
	size_t n_off;
	const int32_t *on;   /* adjusted working days (调休): work even on a weekend */
	size_t n_on;
};

/* The largest |n| ms_workday_add takes (about 4000 years of working days);
 * a larger one is taken as this. */
#define MS_WORKDAY_N_MAX 1000000

/* Whether both lists are strictly ascending and no day is in both. */
bool ms_workday_cal_ok(const struct ms_workday_cal *c);
/* Whether day is a working day of the calendar. */
bool ms_workday_is(const struct ms_workday_cal *c, int32_t day);
/* The day that is n working days after `from`: the n-th working day
 * strictly after it, so `from` itself never counts (a task given on Friday
 * with 1 working day is due the next working day, Monday in a plain week).
 * n = 0 gives `from` itself. n < 0 counts back the same way: the |n|-th
 * working day strictly before `from`; so for a working day d,
 * ms_workday_add(c, ms_workday_add(c, d, n), -n) == d. The result is
 * always a working day when n != 0. Days past the int32_t range are
 * undefined: keep `from` within years MS_DAY_YEAR_MIN..MS_DAY_YEAR_MAX. */
int32_t ms_workday_add(const struct ms_workday_cal *c, int32_t from, int n);
/* The number of working days in (a, b]: after a, up to and including b.
 * When b < a, minus the number in (b, a]; 0 when a == b. So
 * ms_workday_count(c, from, ms_workday_add(c, from, n)) == n for n >= 1. */
int ms_workday_count(const struct ms_workday_cal *c, int32_t a, int32_t b);

#endif
