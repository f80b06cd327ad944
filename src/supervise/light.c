/* light.c — see light.h. */
#include "light.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/utf8.h"

static const struct ms_name light_v[] = {
	{"green", "绿灯", "Green"},
	{"yellow", "黄灯", "Yellow"},
	{"red", "红灯", "Red"},
	{"blue", "蓝灯", "Blue"},
};
const struct ms_names ms_light_names = MS_NAMES("light", light_v);
_Static_assert(sizeof light_v / sizeof light_v[0] == MS_LIGHT_BLUE + 1, "a name per light");

static const struct ms_name check_v[] = {
	{"behind", "进度落后", "Behind plan"},
	{"late", "逾期未开工", "Not started on time"},
	{"silent", "未报送进度", "No progress report"},
};
const struct ms_names ms_light_check_names = MS_NAMES("light_check", check_v);
_Static_assert(sizeof check_v / sizeof check_v[0] == MS_LIGHT_CHECKS, "a name per check");

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Days from a to b, clamped to an int, 0 when b is not after a. */
static int days_after(int32_t a, int32_t b)
{
	int64_t d = (int64_t)b - a;
	return d <= 0 ? 0 : d > INT32_MAX ? INT32_MAX : (int)d;
}

int ms_light_planned(const struct ms_light_project *p)
{
	int32_t start = p->plan_start;
	int32_t finish = p->plan_finish < start ? start : p->plan_finish;
	if (p->today >= finish)
		return 100;
	if (p->n_milestones > 0) {
		const struct ms_light_milestone *last = NULL;
		for (size_t i = 0; i < p->n_milestones; i++) {
			const struct ms_light_milestone *m = &p->milestones[i];
			if (m->day <= p->today && (!last || m->day >= last->day))
				last = m;
		}
		return last ? clamp(last->percent, 0, 100) : 0;
	}
	if (p->today <= start)
		return 0;
	return (int)(100 * ((int64_t)p->today - start) / ((int64_t)finish - start));
}

/* The light of a measure against a check's two thresholds: `strict`
 * (points: more than) or not (days: at least); a threshold <= 0 is off. */
static enum ms_light grade(int amount, int yellow, int red, bool strict)
{
	if (red > 0 && (strict ? amount > red : amount >= red))
		return MS_LIGHT_RED;
	if (yellow > 0 && (strict ? amount > yellow : amount >= yellow))
		return MS_LIGHT_YELLOW;
	return MS_LIGHT_GREEN;
}

enum ms_light ms_light_judge(const struct ms_light_rules *r, const struct ms_light_project *p,
			     struct ms_light_result *out)
{
	struct ms_light_result res = {.light = MS_LIGHT_GREEN, .planned = ms_light_planned(p)};
	int behind = res.planned - clamp(p->percent, 0, 100);
	res.by[MS_LIGHT_BEHIND].amount = behind > 0 ? behind : 0;
	res.by[MS_LIGHT_BEHIND].light = grade(res.by[MS_LIGHT_BEHIND].amount, r->behind_yellow, r->behind_red, true);

	res.by[MS_LIGHT_LATE].amount = p->started ? 0 : days_after(p->plan_start, p->today);
	res.by[MS_LIGHT_LATE].light = grade(res.by[MS_LIGHT_LATE].amount, r->late_yellow, r->late_red, false);

	int32_t since = p->last_report == MS_LIGHT_NO_DAY ? p->plan_start : p->last_report;
	res.by[MS_LIGHT_SILENT].amount = days_after(since, p->today);
	res.by[MS_LIGHT_SILENT].light = grade(res.by[MS_LIGHT_SILENT].amount, r->silent_yellow, r->silent_red, false);

	for (int i = 0; i < MS_LIGHT_CHECKS; i++)
		if (res.by[i].light > res.light)
			res.light = res.by[i].light;
	if (p->finished)
		res.light = MS_LIGHT_BLUE;
	if (out)
		*out = res;
	return res.light;
}

const char *ms_light_rules_check(const struct ms_light_rules *r)
{
	const struct {
		const char *yellow_name, *red_name;
		int yellow, red, max;
	} pairs[] = {
		{"behind_yellow", "behind_red", r->behind_yellow, r->behind_red, MS_LIGHT_POINTS_MAX},
		{"late_yellow", "late_red", r->late_yellow, r->late_red, MS_LIGHT_DAYS_MAX},
		{"silent_yellow", "silent_red", r->silent_yellow, r->silent_red, MS_LIGHT_DAYS_MAX},
	};
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		if (pairs[i].yellow < 0 || pairs[i].yellow > pairs[i].max)
			return pairs[i].yellow_name;
		if (pairs[i].red < 0 || pairs[i].red > pairs[i].max)
			return pairs[i].red_name;
		if (pairs[i].yellow > 0 && pairs[i].red > 0 && pairs[i].yellow >= pairs[i].red)
			return pairs[i].yellow_name;
	}
	return NULL;
}

/* A text being written: cap bytes at b, len of them used; once the text
 * no longer fits, `cut` is set and len stays at cap - 1. */
struct words {
	char b[640];
	size_t len;
	bool cut;
};

static void say(struct words *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct words *w, const char *fmt, ...)
{
	if (w->cut)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(w->b + w->len, sizeof w->b - w->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof w->b - w->len) {
		w->cut = true;
		w->len = sizeof w->b - 1;
		return;
	}
	w->len += (size_t)n;
}

/* Copy w into out[cap], cut at a character boundary. False when cut. */
static bool put(const struct words *w, char *out, size_t cap)
{
	if (cap == 0)
		return false;
	size_t n = ms_utf8_clip(w->b, w->len, cap - 1);
	memcpy(out, w->b, n);
	out[n] = '\0';
	return n == w->len && !w->cut;
}

/* The sentence patterns of one check in each language: yellow alone, red
 * alone, red after yellow, and off. Each takes its threshold as %d, or
 * none (an extra argument to printf is ignored). */
struct phrase {
	const char *zh_yellow, *zh_red, *zh_red_after, *zh_off;
	const char *en_yellow, *en_red, *en_red_after, *en_off;
};

/* Say one check with its thresholds (each off when <= 0). */
static void say_check(struct words *zh, struct words *en, const struct phrase *ph, int yellow, int red)
{
	if (yellow <= 0 && red <= 0) {
		say(zh, "%s", ph->zh_off);
		say(en, "%s", ph->en_off);
		return;
	}
	if (yellow > 0) {
		say(zh, ph->zh_yellow, yellow);
		say(en, ph->en_yellow, yellow);
	}
	if (red > 0) {
		say(zh, yellow > 0 ? ph->zh_red_after : ph->zh_red, red);
		say(en, yellow > 0 ? ph->en_red_after : ph->en_red, red);
	}
}

bool ms_light_rules_words(const struct ms_light_rules *r, char *zh, size_t zh_cap, char *en, size_t en_cap)
{
	static const struct phrase behind = {
		"进度落后计划超过%d个百分点亮黄灯", "进度落后计划超过%d个百分点亮红灯", "，超过%d个百分点亮红灯",
		"进度落后不亮灯",
		"More than %d points behind plan: yellow", "More than %d points behind plan: red", "; more than %d: red",
		"Behind plan: no light",
	};
	static const struct phrase late = {
		"逾期%d天未开工亮黄灯", "逾期%d天未开工亮红灯", "，逾期%d天未开工亮红灯", "逾期未开工不亮灯",
		"Not started %d days after the planned start: yellow", "Not started %d days after the planned start: red",
		"; %d days after: red", "Not started on time: no light",
	};
	/* late_yellow 1: yellow as soon as the planned start has passed */
	static const struct phrase late_1 = {
		"逾期未开工亮黄灯", "", "，逾期%d天未开工亮红灯", "",
		"Not started by the planned start: yellow", "", "; %d days after it: red", "",
	};
	static const struct phrase silent = {
		"连续%d天未报送进度亮黄灯", "连续%d天未报送进度亮红灯", "，%d天未报送进度亮红灯", "未报送进度不亮灯",
		"No progress report for %d days: yellow", "No progress report for %d days: red", "; for %d days: red",
		"No progress report: no light",
	};
	struct words wz = {.len = 0}, we = {.len = 0};
	say_check(&wz, &we, &behind, r->behind_yellow, r->behind_red);
	say(&wz, "；");
	say(&we, ". ");
	say_check(&wz, &we, r->late_yellow == 1 ? &late_1 : &late, r->late_yellow, r->late_red);
	say(&wz, "；");
	say(&we, ". ");
	say_check(&wz, &we, &silent, r->silent_yellow, r->silent_red);
	say(&wz, "；项目完工亮蓝灯。");
	say(&we, ". Finished: blue.");
	bool whole = put(&wz, zh, zh_cap);
	return put(&we, en, en_cap) && whole;
}
