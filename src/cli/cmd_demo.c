/*
 * demo.c — `minsheng demo`: a realistic bilingual demo installation, written
 * in one transaction through the domains' rules, as the API writes. Names
 * and places are fictional.
 */
#include <stdio.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "../vote/vote.h"
#include "cli.h"

static const struct {
	const char *zh, *en;
} units[10] = {
	{"江州市教育局", "Jiangzhou Education Bureau"},
	{"江州市卫生健康委员会", "Jiangzhou Health Commission"},
	{"江州市交通运输局", "Jiangzhou Transport Bureau"},
	{"江州市住房和城乡建设局", "Jiangzhou Housing and Urban-Rural Development Bureau"},
	{"江州市民政局", "Jiangzhou Civil Affairs Bureau"},
	{"江州市水利局", "Jiangzhou Water Resources Bureau"},
	{"江州市生态环境局", "Jiangzhou Ecology and Environment Bureau"},
	{"江州市城市管理局", "Jiangzhou Urban Management Bureau"},
	{"江州市人力资源和社会保障局", "Jiangzhou Human Resources and Social Security Bureau"},
	{"江州市市场监督管理局", "Jiangzhou Market Regulation Administration"},
};

static const struct {
	const char *title, *title_en, *category, *location, *desc, *desc_en;
	int64_t cost;
	int unit;
} projects[12] = {
	{"老旧小区加装电梯", "Lifts for old residential blocks", "住房", "全市",
	 "为2000年前建成的多层住宅加装电梯120部，财政按每部15万元补助。",
	 "Install 120 lifts in multi-storey blocks built before 2000, with a subsidy of 150,000 yuan each.",
	 38000000, 3},
	{"新建公办幼儿园10所", "Ten new public kindergartens", "教育", "江北区、江南区、滨江区",
	 "新建10所公办幼儿园，新增学位2700个，缓解“入园难”。",
	 "Build ten public kindergartens with 2,700 places to ease the shortage of preschool places.", 120000000, 0},
	{"社区居家养老服务中心", "Community elderly-care centres", "养老", "全市40个社区",
	 "建设40个社区居家养老服务中心，提供助餐、日间照料和上门服务。",
	 "Forty community centres offering meals, day care and home visits for older residents.", 26000000, 4},
	{"农村供水提质改造", "Rural water-supply upgrade", "水利", "12个乡镇",
	 "改造农村供水管网300公里，让8万农村群众喝上放心水。",
	 "Renew 300 km of rural water mains so that 80,000 villagers have safe drinking water.", 45000000, 5},
	{"校园食堂“明厨亮灶”", "Open kitchens in school canteens", "食品安全", "全市中小学",
	 "全市中小学食堂实现后厨视频公开，家长可在线查看。",
	 "Video of every school kitchen, open to parents online.", 8000000, 9},
	{"新增公共停车泊位3000个", "3,000 new public parking spaces", "交通", "老城区",
	 "利用边角地和立体车库新增停车泊位3000个。",
	 "Add 3,000 parking spaces on leftover plots and in multi-storey car parks.", 60000000, 2},
	{"城区黑臭水体整治", "Clean-up of polluted urban waterways", "环境", "江南区",
	 "整治城区黑臭河道8条，实现长治久清。",
	 "Restore eight polluted urban streams and keep them clean.", 52000000, 6},
	{"基层医疗卫生机构能力提升", "Better community clinics", "医疗", "全市",
	 "为30家社区卫生服务中心配备数字化设备和全科医生。",
	 "Digital equipment and general practitioners for 30 community health centres.", 40000000, 1},
	{"公交站台改造与新能源公交", "Bus shelters and new-energy buses", "交通", "主城区",
	 "改造公交候车亭200座，更新新能源公交车50辆。",
	 "Rebuild 200 bus shelters and replace 50 buses with new-energy ones.", 35000000, 2},
	{"背街小巷环境整治", "Back-street renewal", "城市管理", "老城区",
	 "整治背街小巷60条，改善路面、照明和排水。",
	 "Repave, light and drain sixty back streets.", 18000000, 7},
	{"零工市场建设", "Gig-work job markets", "就业", "江北区、滨江区",
	 "建设3个零工市场，为灵活就业人员提供对接服务。",
	 "Three job markets that match casual workers with employers.", 6000000, 8},
	{"智慧农贸市场改造", "Smart farmers' markets", "市场", "全市",
	 "改造农贸市场15家，实现食品溯源和电子结算。",
	 "Upgrade fifteen farmers' markets with food tracing and electronic payment.", 15000000, 9},
};

static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
				       "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"};
static const char *const given[] = {"建国", "秀英", "志强", "海燕", "国华", "丽娟", "文博", "晓明",
				    "春梅", "德明", "玉兰", "卫东", "淑芬", "振华", "红霞", "永刚",
				    "静怡", "子涵", "思远", "雨桐"};

/* An account of the demo, checked and hashed by the rules of every
 * account; like (when not NULL) lends its hash of the same password, so
 * that the 60 deputies' password is hashed once. */
static int account(const char *login, const char *name, unsigned roles, int64_t congress, int64_t unit,
		   const char *password, int cost, const struct ms_user *like, struct ms_user *out, struct ms_error *e)
{
	struct ms_account_in in = {.login = login, .password = password, .name = name, .roles = roles,
				   .congress_id = congress, .unit_id = unit};
	struct ms_faults f = {0};
	if (ms_member_check(&ms_actor_system, &in, &f))
		return ms_faults_result(&f, e);
	if (!like)
		return ms_account_prepare(&in, cost, out, e);
	*out = *like;
	out->a = (struct ms_actor){.roles = roles, .congress_id = congress, .unit_id = unit};
	ms_strlcpy(out->a.login, login, sizeof out->a.login);
	ms_strlcpy(out->a.name, name, sizeof out->a.name);
	return 0;
}

/* Everything of the demo, in the caller's write transaction. */
static int fill(struct ms_db *db, int cost, int64_t *poll, struct ms_error *e)
{
	const struct ms_actor *sys = &ms_actor_system;
	int64_t city, district, unit_ids[10], cycle, cand[12];
	struct ms_congress_in cin = {.name = "江州市人民代表大会", .name_en = "Jiangzhou Municipal People's Congress",
				     .level = MS_LEVEL_CITY};
	int rc = ms_congress_create(db, sys, &cin, &city, e);
	static const char *const dz[3] = {"江州市江北区人民代表大会", "江州市江南区人民代表大会",
					  "江州市滨江区人民代表大会"};
	static const char *const de[3] = {"Jiangbei District People's Congress", "Jiangnan District People's Congress",
					  "Binjiang District People's Congress"};
	for (int i = 0; !rc && i < 3; i++) {
		struct ms_congress_in d = {.name = dz[i], .name_en = de[i], .level = MS_LEVEL_DISTRICT, .parent_id = city};
		rc = ms_congress_create(db, sys, &d, &district, e);
	}
	for (int i = 0; !rc && i < 10; i++)
		rc = ms_unit_create(db, sys, city, units[i].zh, units[i].en, &unit_ids[i], e);
	struct ms_user u, deputy = {0};
	if (rc || (rc = account("admin", "系统管理员", MS_ROLE_ADMIN, 0, 0, "admin-demo", cost, NULL, &u, e)) ||
	    (rc = ms_member_create(db, sys, &u, e)) ||
	    (rc = account("clerk", "王秘书", MS_ROLE_CLERK, city, 0, "clerk-demo", cost, NULL, &u, e)) ||
	    (rc = ms_member_create(db, sys, &u, e)) ||
	    (rc = account("unit01", "李科长", MS_ROLE_UNIT, city, unit_ids[3], "unit-demo", cost, NULL, &u, e)) ||
	    (rc = ms_member_create(db, sys, &u, e)))
		return rc;
	for (int i = 0; i < 60; i++) {
		char login[16], name[32];
		snprintf(login, sizeof login, "deputy%02d", i + 1);
		snprintf(name, sizeof name, "%s%s", surnames[i % 20], given[(i * 7 + i / 20) % 20]);
		if ((rc = account(login, name, MS_ROLE_DEPUTY, city, 0, "deputy-demo", cost, i ? &deputy : NULL,
				  i ? &u : &deputy, e)) ||
		    (rc = ms_member_create(db, sys, i ? &u : &deputy, e)))
			return rc;
	}
	if ((rc = ms_cycle_create(db, sys, city, 2027, "2027年江州市民生实事项目", "Jiangzhou livelihood projects 2027",
				  &cycle, e)))
		return rc;
	struct ms_cycle cy;
	if ((rc = ms_cycle_get(db, cycle, &cy, NULL, e)))
		return rc;
	for (int i = 0; i < 12; i++) {
		struct ms_candidate_in in = {.title = projects[i].title,
					     .title_en = projects[i].title_en,
					     .description = projects[i].desc,
					     .description_en = projects[i].desc_en,
					     .category = projects[i].category,
					     .location = projects[i].location,
					     .has_cost = true,
					     .cost = projects[i].cost,
					     .has_unit = true,
					     .unit_id = unit_ids[projects[i].unit]};
		if ((rc = ms_candidate_create(db, sys, &cy, &in, &cand[i], e)))
			return rc;
	}
	if ((rc = ms_cycle_advance(db, sys, cycle, MS_PHASE_COMPILE, e)) ||
	    (rc = ms_cycle_advance(db, sys, cycle, MS_PHASE_VOTE, e)))
		return rc;
	struct ms_poll p = {.cycle_id = cycle,
			    .congress_id = city,
			    .slots = 10,
			    .max_approvals = 10,
			    .form = MS_FORM_PICK,
			    .base = MS_BASE_ALL,
			    .threshold_num = 1,
			    .threshold_den = 2,
			    .threshold_strict = true,
			    .quorum_num = 1,
			    .quorum_den = 2,
			    .deputies_all = -1,
			    .n_candidates = 12,
			    .candidate_ids = cand};
	ms_strlcpy(p.title, "2027年江州市民生实事项目人大代表票决", sizeof p.title);
	if ((rc = ms_poll_create(db, sys, &p, poll, e)))
		return rc;
	return ms_audit_append(db, sys, city, "demo.create", "congress", city, NULL, e);
}

int ms_demo_create(struct ms_store *st, int cost, FILE *out, struct ms_error *e)
{
	struct ms_db *db;
	int rc = ms_store_acquire(st, &db, e);
	if (rc)
		return rc;
	bool any = false;
	int64_t poll = 0;
	if ((rc = ms_db_begin(db, true, e)) || (rc = ms_congress_any(db, &any, e)))
		goto out;
	if (any) {
		fprintf(out, "minsheng: the database already has data; no demo data added.\n");
		goto out;
	}
	if ((rc = fill(db, cost, &poll, e)) || (rc = ms_db_commit(db, e)))
		goto out;
	fprintf(out,
		"minsheng: demo data created: the Jiangzhou city congress (60 deputies, 3 districts, 10 units),\n"
		"          cycle 2027 in the vote phase with 12 candidates for 10 places, poll %lld ready for check-in.\n",
		(long long)poll);
out:
	ms_store_release(st, db);
	return rc;
}

void ms_demo_print_logins(FILE *out)
{
	fputs("Demo logins (login / password):\n"
	      "  admin      / admin-demo    administrator\n"
	      "  clerk      / clerk-demo    clerk of the Jiangzhou city congress\n"
	      "  deputy01 … deputy60 / deputy-demo    deputies of the city congress\n"
	      "  unit01     / unit-demo     officer of the housing bureau\n",
	      out);
}

int ms_cmd_demo(int argc, char **argv)
{
	static const char help[] =
		"Usage: minsheng demo [--db DB]\n"
		"Create a new database with a realistic bilingual demo: the Jiangzhou city congress with\n"
		"60 deputies, 3 district congresses, 10 responsible units, and the 2027 cycle with 12\n"
		"candidate livelihood projects for 10 places and a poll ready for check-in. A database\n"
		"that already has data is left as it is. Prints the demo logins.\n";
	const char *db = ms_env_or("MINSHENG_DB", MS_DEFAULT_DB);
	const struct ms_opt opts[] = {{"db", MS_OPT_STR, &db, NULL}, {0}};
	int rc = ms_opts_parse(argc, argv, opts, help, NULL, 0, NULL);
	if (rc >= 0)
		return rc;
	struct ms_store *st;
	if (ms_cli_open(db, 1, &st))
		return 1;
	struct ms_error e = {0};
	if (ms_auth_init(2) || ms_demo_create(st, ms_cli_pwhash_cost(), stdout, &e)) {
		ms_store_close(st);
		return ms_cli_fail(&e);
	}
	ms_store_close(st);
	ms_demo_print_logins(stdout);
	return 0;
}
