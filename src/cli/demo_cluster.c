/* demo_cluster.c — the demo's residents' demands for search and clusters:
 * nine demands of the city, some saying the same
 * thing in other words, taken through the intake's rules for their channel
 * (the form, a station's code or desk, a deputy's visit; and so indexed),
 * and the clustering run once so the clerk finds proposals waiting. */
#include <stdio.h>
#include <string.h>

#include "../liaison/liaison.h"
#include "../liaison/search_index.h"
#include "cli.h"

static const struct {
	const char *channel, *area, *title, *text;
} demands[] = {
	{"web", "江北区", "电梯坏了没人修", "幸福小区5号楼电梯坏了三天没人修，老人上下楼很困难。"},
	{"desk", "江北区", "电梯又坏了", "我们幸福小区的5号楼电梯已经坏了三天，一直没人来修。"},
	{"visit", "江北区", "反映电梯故障", "幸福小区5号楼电梯坏了三天了，没人修，希望尽快解决。"},
	{"station_code", "南岸区", "路灯不亮", "南岸区滨江路3号楼前的路灯不亮了，晚上走路不安全。"},
	{"web", "南岸区", "晚上路灯不亮", "滨江路３号楼前面路灯不亮，晚上走路不安全！"},
	{"web", "渝中区", "加装电梯", "和平新村是老旧小区，六层没有电梯，希望加装电梯。"},
	{"web", "渝中区", "停车难", "阳光花园停车位太少，晚上停车难，车都停到路上了。"},
	{"visit", "江北区", "垃圾分类点太臭", "金桥苑垃圾分类点夏天太臭，希望每天清运两次。"},
	{"desk", "渝中区", "公交站太远", "建设路社区到最近的公交站要走二十分钟，建议增设站点。"},
};

/* One demand through its channel's rules: the public form (with the station's code for station_code), the
 * station's desk by its deputy, or the deputy's home visit. */
static int take(struct ms_db *db, int64_t city, int64_t station, const char *token, const struct ms_actor *deputy,
		const char *channel, const struct ms_demand_in *in, size_t i, struct ms_error *e)
{
	json_t *out = NULL;
	char address[32];
	int rc;
	snprintf(address, sizeof address, "demo-%zu", i); /* the form's per-address limit */
	if (!strcmp(channel, "desk") && station)
		rc = ms_demand_desk(db, deputy, station, 0, in, &out, e);
	else if (!strcmp(channel, "visit"))
		rc = ms_demand_visit(db, deputy, city, 0, in, 1, &out, e);
	else if (!strcmp(channel, "station_code") && token)
		rc = ms_demand_submit(db, 0, token, in, NULL, false, address, &out, e);
	else
		rc = ms_demand_submit(db, city, NULL, in, NULL, false, address, &out, e);
	json_decref(out);
	return rc;
}

int ms_demo_clusters(struct ms_db *db, int64_t city, const struct ms_actor *deputy, struct ms_error *e)
{
	json_t *areas = NULL, *stations = NULL;
	int rc = ms_liaison_areas(db, city, &areas, e);
	if (!rc)
		rc = ms_station_list(db, city, &stations, e);
	/* the city's first station (the demo's liaison station, whose deputy is `deputy`) */
	json_t *st = json_array_get(json_object_get(stations, "items") ? json_object_get(stations, "items") : stations, 0);
	int64_t station = json_integer_value(json_object_get(st, "id"));
	const char *token = json_string_value(json_object_get(st, "token"));
	for (size_t i = 0; !rc && i < sizeof demands / sizeof *demands; i++) {
		/* the area named if the congress offers it, else its first choice */
		const char *area = json_array_size(areas) ? json_string_value(json_array_get(areas, 0)) : demands[i].area;
		for (size_t k = 0; k < json_array_size(areas); k++)
			if (!strcmp(json_string_value(json_array_get(areas, k)), demands[i].area))
				area = demands[i].area;
		struct ms_demand_in in = {.title = demands[i].title, .text = demands[i].text, .area = area};
		rc = take(db, city, station, token, deputy, demands[i].channel, &in, i, e);
	}
	json_decref(areas);
	json_decref(stations);
	return rc ? rc : ms_cluster_propose(db, &ms_actor_system, city, NULL, e);
}
