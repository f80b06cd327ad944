/* demo_cluster.c — the demo's residents' demands for search and clusters:
 * a dozen demands of the city from several channels, some saying the same
 * thing in other words, indexed, and the clustering run once so the clerk
 * finds proposals waiting. (Written through liaison's demo stand-in until
 * INTAKE's demand.c takes them at the merge.) */
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
	{"deputy_code", "渝中区", "加装电梯", "和平新村是老旧小区，六层没有电梯，希望加装电梯。"},
	{"web", "渝中区", "停车难", "阳光花园停车位太少，晚上停车难，车都停到路上了。"},
	{"house_code", "江北区", "垃圾分类点太臭", "金桥苑垃圾分类点夏天太臭，希望每天清运两次。"},
	{"desk", "渝中区", "公交站太远", "建设路社区到最近的公交站要走二十分钟，建议增设站点。"},
};

int ms_demo_clusters(struct ms_db *db, int64_t city, struct ms_error *e)
{
	int rc = 0;
	char at[32];
	for (size_t i = 0; !rc && i < sizeof demands / sizeof *demands; i++) {
		int64_t id;
		snprintf(at, sizeof at, "2026-05-%02zuT09:00:00Z", i + 1);
		rc = ms_search_demo_demand(db, city, demands[i].channel, demands[i].area, demands[i].title,
					   demands[i].text, at, &id, e);
	}
	return rc ? rc : ms_cluster_propose(db, &ms_actor_system, city, NULL, e);
}
