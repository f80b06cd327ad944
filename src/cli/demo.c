/*
 * demo.c — `minsheng demo`: a realistic bilingual demo installation, written
 * through the store in one transaction. Names and places are fictional.
 */
#include <stdio.h>
#include <string.h>

#include "../api/auth.h"
#include "../core/util.h"
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

static int add_user(struct ms_db *db, const char *login, const char *name, unsigned roles, int64_t congress,
		    int64_t unit, const char *password, int cost, struct ms_error *e)
{
	struct ms_user u = {.roles = roles, .congress_id = congress, .unit_id = unit};
	ms_strlcpy(u.login, login, sizeof u.login);
	ms_strlcpy(u.name, name, sizeof u.name);
	int rc = ms_password_hash(password, cost, u.pw_hash, sizeof u.pw_hash, e);
	return rc ? rc : ms_db_user_create(db, &u, &u.id, e);
}

int ms_demo_create(struct ms_store *st, int cost, FILE *out, struct ms_error *e)
{
	struct ms_db *db;
	int rc = ms_store_acquire(st, &db, e);
	if (rc)
		return rc;
	if ((rc = ms_db_begin(db, true, e)))
		goto out;
	json_t *existing = NULL;
	struct ms_page all = {.page = 1, .per_page = 1};
	if ((rc = ms_db_congress_list(db, &all, &existing, e)))
		goto out;
	int64_t n = json_integer_value(json_object_get(existing, "total"));
	json_decref(existing);
	if (n > 0) {
		fprintf(out, "minsheng: the database already has data; no demo data added.\n");
		goto out;
	}
	int64_t city, district[3], unit_ids[10], cycle, cand[12], poll;
	if ((rc = ms_db_congress_create(db, "江州市人民代表大会", "Jiangzhou Municipal People's Congress", "city", 0,
					&city, e)))
		goto out;
	static const char *const dz[3] = {"江州市江北区人民代表大会", "江州市江南区人民代表大会",
					  "江州市滨江区人民代表大会"};
	static const char *const de[3] = {"Jiangbei District People's Congress", "Jiangnan District People's Congress",
					  "Binjiang District People's Congress"};
	for (int i = 0; i < 3; i++)
		if ((rc = ms_db_congress_create(db, dz[i], de[i], "district", city, &district[i], e)))
			goto out;
	for (int i = 0; i < 10; i++)
		if ((rc = ms_db_unit_create(db, city, units[i].zh, units[i].en, &unit_ids[i], e)))
			goto out;
	if ((rc = add_user(db, "admin", "系统管理员", MS_ROLE_ADMIN, 0, 0, "admin-demo", cost, e)) ||
	    (rc = add_user(db, "clerk", "王秘书", MS_ROLE_CLERK, city, 0, "clerk-demo", cost, e)) ||
	    (rc = add_user(db, "unit01", "李科长", MS_ROLE_UNIT, city, unit_ids[3], "unit-demo", cost, e)))
		goto out;
	for (int i = 0; i < 60; i++) {
		char login[16], name[32];
		snprintf(login, sizeof login, "deputy%02d", i + 1);
		snprintf(name, sizeof name, "%s%s", surnames[i % 20], given[(i * 7 + i / 20) % 20]);
		if ((rc = add_user(db, login, name, MS_ROLE_DEPUTY, city, 0, "deputy-demo", cost, e)))
			goto out;
	}
	if ((rc = ms_db_cycle_create(db, city, 2027, "2027年江州市民生实事项目", "Jiangzhou livelihood projects 2027",
				     &cycle, e)))
		goto out;
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
		if ((rc = ms_db_candidate_create(db, cycle, &in, &cand[i], e)))
			goto out;
	}
	if ((rc = ms_db_cycle_set_phase(db, cycle, 2, e)))
		goto out;
	struct ms_poll p = {.cycle_id = cycle,
			    .congress_id = city,
			    .slots = 10,
			    .max_approvals = 10,
			    .base = 0,
			    .threshold_num = 1,
			    .threshold_den = 2,
			    .threshold_strict = true,
			    .quorum_num = 1,
			    .quorum_den = 2,
			    .n_candidates = 12,
			    .candidate_ids = cand};
	ms_strlcpy(p.title, "2027年江州市民生实事项目人大代表票决", sizeof p.title);
	if ((rc = ms_db_poll_create(db, &p, &poll, e)) ||
	    (rc = ms_db_audit(db, 0, city, "demo.create", "congress/1", NULL, e)) || (rc = ms_db_commit(db, e)))
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
