/*
 * test_light.c — supervise/light.h: each check at, just below and just
 * above each threshold, checks turned off, the planned percent (linear,
 * by milestones, before the start, after the finish), the worst check
 * winning and a finished project blue over red; the settings checked and
 * said in words; the names of the lights.
 */
#include <string.h>

#include "core/utf8.h"
#include "supervise/light.h"
#include "unit.h"

#define G MS_LIGHT_GREEN
#define Y MS_LIGHT_YELLOW
#define R MS_LIGHT_RED
#define B MS_LIGHT_BLUE

/* Every project of the table is planned from day 1000 to day 1100, so
 * that the linear plan's percent is today − 1000. */
#define START 1000
#define FINISH 1100

static const struct ms_light_rules behind_only = {.behind_yellow = 10, .behind_red = 30};
static const struct ms_light_rules late_only = {.late_yellow = 1, .late_red = 90};
static const struct ms_light_rules late_7 = {.late_yellow = 7, .late_red = 90};
static const struct ms_light_rules silent_only = {.silent_yellow = 30, .silent_red = 60};
static const struct ms_light_rules red_only = {.behind_red = 30, .late_red = 90, .silent_red = 60};
static const struct ms_light_rules all_off = {0};

static const struct ms_light_milestone ms3[] = {{1020, 10}, {1050, 60}, {1080, 90}};
static const struct ms_light_milestone ms3_shuffled[] = {{1080, 90}, {1020, 10}, {1050, 60}};
static const struct ms_light_milestone ms_same_day[] = {{1050, 40}, {1050, 60}};

struct light_case {
	const char *name;
	const struct ms_light_rules *rules; /* NULL: MS_LIGHT_RULES_DEFAULT */
	int today;
	int percent;
	bool not_started;
	int silent;       /* days since the last report; -1: no report yet */
	bool finished;
	const struct ms_light_milestone *ms;
	size_t n_ms;
	enum ms_light want;
	int planned;
	enum ms_light light[MS_LIGHT_CHECKS]; /* behind, late, silent */
	int amount[MS_LIGHT_CHECKS];
};

#define MS(a) (a), N_OF(a)

static const struct light_case lights[] = {
	/* behind: more than 10 points yellow, more than 30 red */
	{"on plan", NULL, 1050, 50, false, 0, false, NULL, 0, G, 50, {G, G, G}, {0, 0, 0}},
	{"ahead of plan", NULL, 1050, 70, false, 0, false, NULL, 0, G, 50, {G, G, G}, {0, 0, 0}},
	{"9 points behind", NULL, 1050, 41, false, 0, false, NULL, 0, G, 50, {G, G, G}, {9, 0, 0}},
	{"10 points behind", NULL, 1050, 40, false, 0, false, NULL, 0, G, 50, {G, G, G}, {10, 0, 0}},
	{"11 points behind", NULL, 1050, 39, false, 0, false, NULL, 0, Y, 50, {Y, G, G}, {11, 0, 0}},
	{"29 points behind", NULL, 1050, 21, false, 0, false, NULL, 0, Y, 50, {Y, G, G}, {29, 0, 0}},
	{"30 points behind", NULL, 1050, 20, false, 0, false, NULL, 0, Y, 50, {Y, G, G}, {30, 0, 0}},
	{"31 points behind", NULL, 1050, 19, false, 0, false, NULL, 0, R, 50, {R, G, G}, {31, 0, 0}},
	{"100 points behind", NULL, 1100, 0, false, 0, false, NULL, 0, R, 100, {R, G, G}, {100, 0, 0}},
	{"behind: yellow off, red on", &red_only, 1050, 25, false, 0, false, NULL, 0, G, 50, {G, G, G}, {25, 0, 0}},
	{"behind: yellow off, 31 points", &red_only, 1050, 19, false, 0, false, NULL, 0, R, 50, {R, G, G}, {31, 0, 0}},
	{"behind: check off", &all_off, 1050, 0, false, 0, false, NULL, 0, G, 50, {G, G, G}, {50, 0, 0}},
	{"a percent over 100 is 100", NULL, 1050, 150, false, 0, false, NULL, 0, G, 50, {G, G, G}, {0, 0, 0}},
	{"a negative percent is 0", &behind_only, 1050, -5, false, 0, false, NULL, 0, R, 50, {R, G, G}, {50, 0, 0}},

	/* late: not started the day after the start yellow, 90 days red */
	{"not started, the day before the start", &late_only, 999, 0, true, 0, false, NULL, 0, G, 0, {G, G, G},
	 {0, 0, 0}},
	{"not started, on the start day", &late_only, 1000, 0, true, 0, false, NULL, 0, G, 0, {G, G, G}, {0, 0, 0}},
	{"not started, 1 day late", &late_only, 1001, 0, true, 0, false, NULL, 0, Y, 1, {G, Y, G}, {1, 1, 0}},
	{"not started, 89 days late", &late_only, 1089, 0, true, 0, false, NULL, 0, Y, 89, {G, Y, G}, {89, 89, 0}},
	{"not started, 90 days late", &late_only, 1090, 0, true, 0, false, NULL, 0, R, 90, {G, R, G}, {90, 90, 0}},
	{"not started, 91 days late", &late_only, 1091, 0, true, 0, false, NULL, 0, R, 91, {G, R, G}, {91, 91, 0}},
	{"started late, no longer late", &late_only, 1091, 0, false, 0, false, NULL, 0, G, 91, {G, G, G}, {91, 0, 0}},
	{"late 7: 6 days", &late_7, 1006, 0, true, 0, false, NULL, 0, G, 6, {G, G, G}, {6, 6, 0}},
	{"late 7: 7 days", &late_7, 1007, 0, true, 0, false, NULL, 0, Y, 7, {G, Y, G}, {7, 7, 0}},
	{"late 7: 8 days", &late_7, 1008, 0, true, 0, false, NULL, 0, Y, 8, {G, Y, G}, {8, 8, 0}},
	{"late: yellow off, 89 days", &red_only, 1089, 0, true, 0, false, NULL, 0, R, 89, {R, G, G}, {89, 89, 0}},
	{"late: check off", &all_off, 1095, 95, true, 0, false, NULL, 0, G, 95, {G, G, G}, {0, 95, 0}},

	/* silent: no report for 30 days yellow, 60 red */
	{"reported 29 days ago", &silent_only, 1050, 50, false, 29, false, NULL, 0, G, 50, {G, G, G}, {0, 0, 29}},
	{"reported 30 days ago", &silent_only, 1050, 50, false, 30, false, NULL, 0, Y, 50, {G, G, Y}, {0, 0, 30}},
	{"reported 31 days ago", &silent_only, 1050, 50, false, 31, false, NULL, 0, Y, 50, {G, G, Y}, {0, 0, 31}},
	{"reported 59 days ago", &silent_only, 1080, 80, false, 59, false, NULL, 0, Y, 80, {G, G, Y}, {0, 0, 59}},
	{"reported 60 days ago", &silent_only, 1080, 80, false, 60, false, NULL, 0, R, 80, {G, G, R}, {0, 0, 60}},
	{"reported 61 days ago", &silent_only, 1080, 80, false, 61, false, NULL, 0, R, 80, {G, G, R}, {0, 0, 61}},
	{"no report, before the start", &silent_only, 990, 0, false, -1, false, NULL, 0, G, 0, {G, G, G}, {0, 0, 0}},
	{"no report, 29 days after the start", &silent_only, 1029, 29, false, -1, false, NULL, 0, G, 29, {G, G, G},
	 {0, 0, 29}},
	{"no report, 30 days after the start", &silent_only, 1030, 30, false, -1, false, NULL, 0, Y, 30, {G, G, Y},
	 {0, 0, 30}},
	{"silent: yellow off, 59 days", &red_only, 1080, 80, false, 59, false, NULL, 0, G, 80, {G, G, G}, {0, 0, 59}},
	{"silent: check off", &all_off, 1080, 80, false, 300, false, NULL, 0, G, 80, {G, G, G}, {0, 0, 300}},

	/* the planned percent */
	{"before the start", NULL, 990, 0, false, 0, false, NULL, 0, G, 0, {G, G, G}, {0, 0, 0}},
	{"on the start day", NULL, 1000, 0, false, 0, false, NULL, 0, G, 0, {G, G, G}, {0, 0, 0}},
	{"linear, a third of the way", NULL, 1033, 20, false, 0, false, NULL, 0, Y, 33, {Y, G, G}, {13, 0, 0}},
	{"on the finish day", NULL, 1100, 85, false, 0, false, NULL, 0, Y, 100, {Y, G, G}, {15, 0, 0}},
	{"after the finish, done", NULL, 1150, 100, false, 0, false, NULL, 0, G, 100, {G, G, G}, {0, 0, 0}},
	{"after the finish, not done", NULL, 1150, 69, false, 0, false, NULL, 0, R, 100, {R, G, G}, {31, 0, 0}},
	{"milestones: none come yet", NULL, 1019, 0, false, 0, false, MS(ms3), G, 0, {G, G, G}, {0, 0, 0}},
	{"milestones: on the first one's day", NULL, 1020, 0, false, 0, false, MS(ms3), G, 10, {G, G, G},
	 {10, 0, 0}},
	{"milestones: the day before the second", NULL, 1049, 0, false, 0, false, MS(ms3), G, 10, {G, G, G},
	 {10, 0, 0}},
	{"milestones: on the second one's day", NULL, 1050, 45, false, 0, false, MS(ms3), Y, 60, {Y, G, G},
	 {15, 0, 0}},
	{"linear on the same day and percent", NULL, 1050, 45, false, 0, false, NULL, 0, G, 50, {G, G, G},
	 {5, 0, 0}},
	{"milestones: after the last", NULL, 1099, 90, false, 0, false, MS(ms3), G, 90, {G, G, G}, {0, 0, 0}},
	{"milestones: on the finish day", NULL, 1100, 90, false, 0, false, MS(ms3), G, 100, {G, G, G},
	 {10, 0, 0}},
	{"milestones in any order", NULL, 1050, 45, false, 0, false, MS(ms3_shuffled), Y, 60, {Y, G, G},
	 {15, 0, 0}},
	{"two milestones on one day: the last listed", NULL, 1050, 60, false, 0, false, MS(ms_same_day), G, 60,
	 {G, G, G}, {0, 0, 0}},

	/* the worst check, and blue */
	{"yellow and red: red", NULL, 1050, 35, false, 60, false, NULL, 0, R, 50, {Y, G, R}, {15, 0, 60}},
	{"every check yellow", NULL, 1030, 0, true, -1, false, NULL, 0, Y, 30, {Y, Y, Y}, {30, 30, 30}},
	{"finished and on time: blue", NULL, 1100, 100, false, 0, true, NULL, 0, B, 100, {G, G, G}, {0, 0, 0}},
	{"finished overrides red", NULL, 1200, 0, true, -1, true, NULL, 0, B, 100, {R, R, R}, {100, 200, 200}},
	{"every check off", &all_off, 1200, 0, true, -1, false, NULL, 0, G, 100, {G, G, G}, {100, 200, 200}},
};

static void run_light(void **state)
{
	const struct light_case *c = *state;
	struct ms_light_rules rules = c->rules ? *c->rules : MS_LIGHT_RULES_DEFAULT;
	struct ms_light_project p = {
		.today = c->today,
		.plan_start = START,
		.plan_finish = FINISH,
		.milestones = c->ms,
		.n_milestones = c->n_ms,
		.percent = c->percent,
		.started = !c->not_started,
		.finished = c->finished,
		.last_report = c->silent < 0 ? MS_LIGHT_NO_DAY : c->today - c->silent,
	};
	struct ms_light_result res;
	assert_int_equal(ms_light_judge(&rules, &p, &res), c->want);
	assert_int_equal(res.light, c->want);
	assert_int_equal(res.planned, c->planned);
	assert_int_equal(ms_light_planned(&p), c->planned);
	for (int i = 0; i < MS_LIGHT_CHECKS; i++) {
		if (res.by[i].light != c->light[i] || res.by[i].amount != c->amount[i])
			fail_msg("%s: %s %d, want %s %d", ms_names_key(&ms_light_check_names, i),
				 ms_names_key(&ms_light_names, (int)res.by[i].light), res.by[i].amount,
				 ms_names_key(&ms_light_names, (int)c->light[i]), c->amount[i]);
	}
	/* without a result to fill, the same light */
	assert_int_equal(ms_light_judge(&rules, &p, NULL), c->want);
}

/* Plans of other shapes: rounding down, a one-day plan, a finish before
 * the start. */
static void test_plan_shapes(void **state)
{
	(void)state;
	struct ms_light_project p = {.today = 10, .plan_start = 0, .plan_finish = 30, .last_report = MS_LIGHT_NO_DAY};
	assert_int_equal(ms_light_planned(&p), 33); /* 33.3 */
	p.today = 20;
	assert_int_equal(ms_light_planned(&p), 66); /* 66.7 rounds down */
	p = (struct ms_light_project){.today = 5, .plan_start = 5, .plan_finish = 5};
	assert_int_equal(ms_light_planned(&p), 100);
	p.today = 4;
	assert_int_equal(ms_light_planned(&p), 0);
	p = (struct ms_light_project){.today = 5, .plan_start = 5, .plan_finish = 1};
	assert_int_equal(ms_light_planned(&p), 100);
}

struct rules_case {
	const char *name;
	struct ms_light_rules r;
	const char *field; /* NULL: sound */
};

#define RULES(by, br, ly, lr, sy, sr) {by, br, ly, lr, sy, sr}

static const struct rules_case rule_checks[] = {
	{"the defaults", RULES(10, 30, 1, 90, 30, 60), NULL},
	{"all off", RULES(0, 0, 0, 0, 0, 0), NULL},
	{"the maxima", RULES(98, 99, 3659, 3660, 3659, 3660), NULL},
	{"yellow only", RULES(40, 0, 100, 0, 100, 0), NULL},
	{"red only", RULES(0, 5, 0, 2, 0, 1), NULL},
	{"behind_yellow negative", RULES(-1, 30, 1, 90, 30, 60), "behind_yellow"},
	{"behind_yellow over 99", RULES(100, 0, 1, 90, 30, 60), "behind_yellow"},
	{"behind_red over 99", RULES(10, 100, 1, 90, 30, 60), "behind_red"},
	{"behind yellow equal to red", RULES(30, 30, 1, 90, 30, 60), "behind_yellow"},
	{"behind yellow above red", RULES(40, 30, 1, 90, 30, 60), "behind_yellow"},
	{"late_yellow negative", RULES(10, 30, -1, 90, 30, 60), "late_yellow"},
	{"late_red over ten years", RULES(10, 30, 1, 3661, 30, 60), "late_red"},
	{"late yellow above red", RULES(10, 30, 91, 90, 30, 60), "late_yellow"},
	{"silent_red negative", RULES(10, 30, 1, 90, 30, -60), "silent_red"},
	{"silent yellow equal to red", RULES(10, 30, 1, 90, 60, 60), "silent_yellow"},
	{"the first wrong field is named", RULES(10, 30, 1, 90, 60, 60 * 100), "silent_red"},
};

static void run_rules(void **state)
{
	const struct rules_case *c = *state;
	const char *field = ms_light_rules_check(&c->r);
	if (!c->field)
		assert_null(field);
	else
		assert_string_equal(field ? field : "(none)", c->field);
}

struct words_case {
	const char *name;
	struct ms_light_rules r;
	const char *zh, *en;
};

static const struct words_case words[] = {
	{"the defaults", RULES(10, 30, 1, 90, 30, 60),
	 "进度落后计划超过10个百分点亮黄灯，超过30个百分点亮红灯；逾期未开工亮黄灯，逾期90天未开工亮红灯；"
	 "连续30天未报送进度亮黄灯，60天未报送进度亮红灯；项目完工亮蓝灯。",
	 "More than 10 points behind plan: yellow; more than 30: red. Not started by the planned start: yellow; "
	 "90 days after it: red. No progress report for 30 days: yellow; for 60 days: red. Finished: blue."},
	{"behind off", RULES(0, 0, 1, 90, 30, 60),
	 "进度落后不亮灯；逾期未开工亮黄灯，逾期90天未开工亮红灯；连续30天未报送进度亮黄灯，60天未报送进度亮红灯；"
	 "项目完工亮蓝灯。",
	 "Behind plan: no light. Not started by the planned start: yellow; 90 days after it: red. "
	 "No progress report for 30 days: yellow; for 60 days: red. Finished: blue."},
	{"all off", RULES(0, 0, 0, 0, 0, 0), "进度落后不亮灯；逾期未开工不亮灯；未报送进度不亮灯；项目完工亮蓝灯。",
	 "Behind plan: no light. Not started on time: no light. No progress report: no light. Finished: blue."},
	{"red only", RULES(0, 30, 0, 90, 0, 60),
	 "进度落后计划超过30个百分点亮红灯；逾期90天未开工亮红灯；连续60天未报送进度亮红灯；项目完工亮蓝灯。",
	 "More than 30 points behind plan: red. Not started 90 days after the planned start: red. "
	 "No progress report for 60 days: red. Finished: blue."},
	{"yellow only, a week's grace", RULES(15, 0, 7, 0, 45, 0),
	 "进度落后计划超过15个百分点亮黄灯；逾期7天未开工亮黄灯；连续45天未报送进度亮黄灯；项目完工亮蓝灯。",
	 "More than 15 points behind plan: yellow. Not started 7 days after the planned start: yellow. "
	 "No progress report for 45 days: yellow. Finished: blue."},
	{"late started the day after, yellow only", RULES(10, 30, 1, 0, 30, 60),
	 "进度落后计划超过10个百分点亮黄灯，超过30个百分点亮红灯；逾期未开工亮黄灯；"
	 "连续30天未报送进度亮黄灯，60天未报送进度亮红灯；项目完工亮蓝灯。",
	 "More than 10 points behind plan: yellow; more than 30: red. Not started by the planned start: yellow. "
	 "No progress report for 30 days: yellow; for 60 days: red. Finished: blue."},
	{"late 7 and 90", RULES(10, 30, 7, 90, 30, 60),
	 "进度落后计划超过10个百分点亮黄灯，超过30个百分点亮红灯；逾期7天未开工亮黄灯，逾期90天未开工亮红灯；"
	 "连续30天未报送进度亮黄灯，60天未报送进度亮红灯；项目完工亮蓝灯。",
	 "More than 10 points behind plan: yellow; more than 30: red. Not started 7 days after the planned start: "
	 "yellow; 90 days after: red. No progress report for 30 days: yellow; for 60 days: red. Finished: blue."},
};

static void run_words(void **state)
{
	const struct words_case *c = *state;
	char zh[600], en[600];
	assert_true(ms_light_rules_words(&c->r, zh, sizeof zh, en, sizeof en));
	assert_string_equal(zh, c->zh);
	assert_string_equal(en, c->en);
}

/* Too small a buffer: cut at a character boundary, still a text. */
static void test_words_cut(void **state)
{
	(void)state;
	struct ms_light_rules r = MS_LIGHT_RULES_DEFAULT;
	char whole_zh[600], whole_en[600];
	assert_true(ms_light_rules_words(&r, whole_zh, sizeof whole_zh, whole_en, sizeof whole_en));
	for (size_t cap = 1; cap < 40; cap++) {
		char zh[40], en[40];
		memset(zh, 'x', sizeof zh);
		memset(en, 'x', sizeof en);
		assert_false(ms_light_rules_words(&r, zh, cap, en, cap));
		assert_true(strlen(zh) < cap && strlen(en) < cap);
		assert_true(ms_utf8_valid(zh, strlen(zh)));
		assert_true(strlen(zh) + 4 >= cap); /* at most one character short of cap - 1 */
		assert_int_equal(strncmp(zh, whole_zh, strlen(zh)), 0);
		assert_int_equal(strncmp(en, whole_en, strlen(en)), 0);
	}
	/* one text cut is enough to say so */
	char zh[600], en[8];
	assert_false(ms_light_rules_words(&r, zh, sizeof zh, en, sizeof en));
	assert_string_equal(zh, whole_zh);
	assert_false(ms_light_rules_words(&r, en, 0, zh, sizeof zh));
}

static void test_names(void **state)
{
	(void)state;
	static const char *const keys[] = {"green", "yellow", "red", "blue"};
	static const char *const zh[] = {"绿灯", "黄灯", "红灯", "蓝灯"};
	assert_int_equal(ms_light_names.n, 4);
	for (int i = 0; i < 4; i++) {
		assert_string_equal(ms_names_key(&ms_light_names, i), keys[i]);
		assert_string_equal(ms_light_names.v[i].zh, zh[i]);
		assert_int_equal(ms_names_find(&ms_light_names, keys[i]), i);
	}
	assert_int_equal(ms_names_find(&ms_light_names, "amber"), -1);
	assert_int_equal(ms_light_check_names.n, MS_LIGHT_CHECKS);
	assert_string_equal(ms_names_key(&ms_light_check_names, MS_LIGHT_SILENT), "silent");
}

int main(void)
{
	struct ms_unit_list l = {0};
	MS_UNIT_TABLE(&l, lights, run_light);
	MS_UNIT_TEST(&l, test_plan_shapes);
	MS_UNIT_TABLE(&l, rule_checks, run_rules);
	MS_UNIT_TABLE(&l, words, run_words);
	MS_UNIT_TEST(&l, test_words_cut);
	MS_UNIT_TEST(&l, test_names);
	return ms_unit_run("light", &l, NULL, NULL);
}
