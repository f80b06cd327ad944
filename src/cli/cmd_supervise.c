/* cmd_supervise.c — `minsheng supervise relight`: judge every project's
 * warning light today, make the supervision tasks of projects turned red
 * and escalate overdue ones (supervise.h: ms_relight_all). Lights change as
 * time passes, so a deployment runs it each day from cron (docs/deploy.md). */
#include <string.h>

#include "../liaison/liaison.h"
#include "../supervise/supervise.h"
#include "cli.h"

int ms_cmd_supervise(int argc, char **argv)
{
	static const char help[] =
		"Usage: minsheng supervise relight [--db DB] [--congress ID]\n"
		"Judge the warning light of every project under delivery (of one congress, or all) as of today,\n"
		"give each project that turned red its supervision task, and escalate overdue tasks; prints what\n"
		"changed; removes the unused uploads and the residents' photos no demand took within 7 days.\n"
		"Run it once a day (cron). $MINSHENG_TODAY=YYYY-MM-DD sets \"today\" (for tests).\n";
	const char *db = ms_env_or("MINSHENG_DB", MS_DEFAULT_DB);
	int64_t congress = 0;
	const struct ms_opt opts[] = {{"db", MS_OPT_STR, &db, NULL}, {"congress", MS_OPT_INT, &congress, NULL}, {0}};
	const char *pos[1];
	size_t n_pos = 0;
	int rc = ms_opts_parse(argc, argv, opts, help, pos, 1, &n_pos);
	if (rc >= 0)
		return rc;
	if (n_pos != 1 || strcmp(pos[0], "relight") != 0 || congress < 0)
		return fputs(help, stderr), 2;
	struct ms_store *st;
	if (ms_cli_open(db, 1, &st))
		return 1;
	struct ms_error e = {0};
	struct ms_db *d = NULL;
	struct ms_relight r = {0};
	int64_t photos = 0; /* residents' photos no demand took (liaison.h), swept by the same daily run */
	rc = ms_store_acquire(st, &d, &e);
	if (!rc && !(rc = ms_db_begin(d, true, &e)) &&
	    !(rc = ms_relight_all(d, &ms_actor_system, congress, ms_day_today(), &r, &e)) &&
	    !(rc = ms_demand_photo_sweep(d, &ms_actor_system, ms_day_today(), &photos, &e)))
		rc = ms_db_commit(d, &e);
	ms_store_release(st, d);
	ms_store_close(st);
	if (rc)
		return ms_cli_fail(&e);
	printf(ms_cli_chinese() ? "minsheng：已评定 %lld 个项目的预警灯，%lld 个变化，新增督办事项 %lld 件，升级督办 %lld 件，"
				  "清理未使用的上传文件 %lld 个、未提交诉求的照片 %lld 张\n"
				: "minsheng: lights judged: %lld projects, %lld changed; tasks created: %lld; escalated: %lld; "
				  "unused uploads removed: %lld, photos no demand took: %lld\n",
	       (long long)r.projects, (long long)r.changed, (long long)r.tasks_created, (long long)r.escalated,
	       (long long)r.swept, (long long)photos);
	return 0;
}
