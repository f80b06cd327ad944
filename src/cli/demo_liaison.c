/*
 * demo_liaison.c — the demo's liaison stations and residents' demands:
 * a liaison station (deputy04, deputy05) and a home station (deputy06) of
 * the city, reception days from three days ahead, a house number routed
 * to deputy06, and demands from the public form, the station's code, the
 * desk and a home visit of two households — some triaged (answered on the
 * spot, referred to the street office, put forward as a candidate), the
 * rest new. Everything goes through the rules the API uses.
 */
#include <string.h>

#include "../core/workday.h"
#include "../liaison/liaison.h"
#include "cli.h"

static int demand(struct ms_db *db, int64_t city, const char *t, const char *area, const char *title,
		  const char *text, const char *name, const char *phone, int64_t *id, struct ms_error *e)
{
	json_t *out = NULL;
	struct ms_demand_in in = {.title = title, .text = text, .area = area, .contact_name = name,
				  .contact_phone = phone};
	int rc = ms_demand_submit(db, t ? 0 : city, t, &in, NULL, false, "demo", &out, e);
	if (!rc)
		*id = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	return rc;
}

int ms_demo_liaison(struct ms_db *db, int64_t city, const struct ms_actor *deputies, size_t n_deputies,
		    struct ms_error *e)
{
	if (n_deputies < 8)
		return 0;
	const struct ms_actor *sys = &ms_actor_system;
	json_t *areas = NULL, *st = NULL;
	int64_t station, home, house, rota, ids[4] = {0};
	char day[2][11];
	int rc = ms_liaison_areas(db, city, &areas, e);
	if (rc)
		return rc;
	const char *a0 = json_array_size(areas) ? json_string_value(json_array_get(areas, 0)) : "";
	const char *a1 = json_array_size(areas) > 1 ? json_string_value(json_array_get(areas, 1)) : a0;
	int64_t st_deps[] = {deputies[3].id, deputies[4].id}, home_deps[] = {deputies[5].id};
	struct ms_station_in s1 = {.kind = "station", .name = "江州市江北代表联络站", .address = "江北路 18 号社区服务中心二楼",
				   .area = "江北街道全域", .deputy_ids = st_deps, .n_deputies = 2};
	struct ms_station_in s2 = {.kind = "home", .name = "南门社区代表家站点", .address = "南门巷 6 号",
				   .area = "南门社区", .deputy_ids = home_deps, .n_deputies = 1};
	ms_day_format(ms_day_today() + 3, day[0]);
	ms_day_format(ms_day_today() + 10, day[1]);
	struct ms_rota_in r1 = {.day = day[0], .starts = "09:00", .ends = "11:30", .capacity = 8, .deputy_ids = st_deps,
				.n_deputies = 2};
	struct ms_rota_in r2 = {.day = day[1], .starts = "14:30", .ends = "17:00", .capacity = 6,
				.deputy_ids = home_deps, .n_deputies = 1};
	if ((rc = ms_station_create(db, sys, city, &s1, &station, e)) ||
	    (rc = ms_station_create(db, sys, city, &s2, &home, e)) || (rc = ms_rota_add(db, sys, station, &r1, &rota, e)) ||
	    (rc = ms_rota_add(db, sys, home, &r2, &rota, e)) ||
	    (rc = ms_house_add(db, sys, city, "江北路 8 号 3 单元", deputies[5].id, &house, e)) ||
	    (rc = ms_station_get(db, station, &st, e)))
		goto out;
	const char *token = json_string_value(json_object_get(st, "token"));
	if ((rc = demand(db, city, NULL, a0, "小区路灯损坏", "江北路 8 号小区内三盏路灯已坏一个多月，夜间出行不便。", NULL,
			 NULL, &ids[0], e)) ||
	    (rc = demand(db, city, token, a0, "菜市场清晨卸货噪音", "每天凌晨四点起货车卸货，噪音很大，影响休息。", "周女士",
			 "13800005678", &ids[1], e)) ||
	    (rc = demand(db, city, token, a1, "希望增设社区食堂", "社区老人多，子女上班，希望能有平价的社区食堂。", NULL,
			 NULL, &ids[2], e)))
		goto out;
	struct ms_demand_in visit[] = {
		{.title = "老旧小区加装电梯", .text = "五层老楼住着很多老人，上下楼困难，希望加装电梯。", .area = a0,
		 .contact_name = "李大爷", .contact_phone = "13900001111"},
		{.title = "楼道堆放杂物", .text = "楼道里长期堆放杂物，存在消防隐患。", .area = a0},
	};
	json_t *v = NULL;
	if ((rc = ms_demand_visit(db, &deputies[5], city, home, visit, 2, &v, e)))
		goto out;
	ids[3] = json_integer_value(json_object_get(json_array_get(json_object_get(v, "items"), 1), "id"));
	json_decref(v);
	if ((rc = ms_demand_triage(db, &deputies[3], ids[1], "office", "已转江北街道办事处城管科协调卸货时间", e)) ||
	    (rc = ms_demand_triage(db, &deputies[4], ids[2], "candidate", "建议列入明年民生实事候选项目", e)) ||
	    (rc = ms_demand_triage(db, &deputies[5], ids[3], "spot", "已联系物业，本周内清理楼道", e)))
		goto out;
out:
	json_decref(areas);
	json_decref(st);
	return rc;
}
