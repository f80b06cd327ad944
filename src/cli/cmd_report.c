/* cmd_report.c — `minsheng report progress` and `minsheng report assessment`: the quarterly progress report
 * of a congress's projects under delivery as an XLSX workbook or a PDF
 * (report.h: ms_progress_export, the same reading and layout as
 * GET /congresses/{id}/progress.xlsx and .pdf). */
#include <stdlib.h>
#include <string.h>

#include "../core/workday.h"
#include "../report/assess_export.h"
#include "../report/report.h"
#include "cli.h"

int ms_cmd_report(int argc, char **argv)
{
	static const char help[] =
		"Usage: minsheng report progress --congress ID [--year Y] [--quarter Q] --format xlsx|pdf --out FILE\n"
		"                                [--db DB]\n"
		"Write the quarterly progress report (季度进展报告) of the congress's projects under delivery:\n"
		"a summary of the lights, money and supervision tasks, each project's progress, the quarter's\n"
		"milestones and the open tasks, as an XLSX workbook or an A4 landscape PDF. The year defaults\n"
		"to the newest round with projects, the quarter (1-4) to today's ($MINSHENG_TODAY sets today).\n"
		"\n"
		"Usage: minsheng report assessment --congress ID [--year Y] [--month M] --format xlsx|pdf --out FILE\n"
		"                                  [--db DB]\n"
		"Write the league table of the unit assessment (承办单位考核排名) for the year (default: this\n"
		"year) or one of its months, with the rule in words, as an XLSX workbook or an A4 landscape PDF.\n";
	const char *db = ms_env_or("MINSHENG_DB", MS_DEFAULT_DB), *path = NULL, *format = NULL;
	int64_t congress = 0, year = MS_PROGRESS_DEFAULT, quarter = MS_PROGRESS_DEFAULT, month = 0;
	const struct ms_opt opts[] = {{"db", MS_OPT_STR, &db, NULL},	     {"out", MS_OPT_STR, &path, NULL},
				      {"format", MS_OPT_STR, &format, NULL}, {"congress", MS_OPT_INT, &congress, NULL},
				      {"year", MS_OPT_INT, &year, NULL},     {"quarter", MS_OPT_INT, &quarter, NULL},
				      {"month", MS_OPT_INT, &month, NULL},   {0}};
	const char *pos[1];
	size_t n_pos = 0;
	int rc = ms_opts_parse(argc, argv, opts, help, pos, 1, &n_pos);
	if (rc >= 0)
		return rc;
	int kind = !format ? -1 : strcmp(format, "xlsx") == 0 ? MS_PROGRESS_XLSX : strcmp(format, "pdf") == 0 ? MS_PROGRESS_PDF : -1;
	bool assessment = n_pos == 1 && strcmp(pos[0], "assessment") == 0;
	if (n_pos != 1 || (strcmp(pos[0], "progress") != 0 && !assessment) || congress <= 0 || kind < 0 || !path)
		return fputs(help, stderr), 2;
	if (kind == MS_PROGRESS_PDF && !ms_report_init())
		return 1; /* the libraries a PDF is drawn with are missing: said on stderr */
	struct ms_store *st;
	if (ms_cli_open(db, 1, &st))
		return 1;
	struct ms_error e = {0};
	char *buf = NULL;
	size_t len = 0;
	if (assessment) {
		if (year == MS_PROGRESS_DEFAULT) {
			int y;
			ms_day_ymd(ms_day_today(), &y, NULL, NULL);
			year = y;
		}
		rc = ms_assess_export(st, congress, year, month, kind == MS_PROGRESS_XLSX, &buf, &len, &e);
	} else {
		rc = ms_progress_export(st, congress, year, quarter, kind, &buf, &len, &e);
	}
	ms_store_close(st);
	if (!rc) {
		FILE *out = fopen(path, "wb");
		if (!out || fwrite(buf, 1, len, out) != len || fclose(out)) {
			if (out)
				fclose(out);
			rc = ms_error_set(&e, MS_ERR_IO, NULL, NULL, "cannot write %s", path);
		}
	}
	free(buf);
	ms_report_shutdown();
	return rc ? ms_cli_fail(&e) : 0;
}
