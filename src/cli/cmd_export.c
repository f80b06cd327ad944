/* cmd_export.c — `minsheng export`: candidates, a result or the audit log as CSV. */
#include <string.h>

#include "../report/report.h"
#include "cli.h"

int ms_cmd_export(int argc, char **argv)
{
	static const char help[] =
		"Usage: minsheng export candidates --cycle ID [--db DB] [--out FILE]\n"
		"       minsheng export result --poll ID [--db DB] [--out FILE]\n"
		"       minsheng export audit [--congress ID] [--db DB] [--out FILE]\n"
		"Write CSV (UTF-8, RFC 4180) to FILE or standard output: a cycle's candidate projects,\n"
		"a closed poll's result per candidate, or the audit log (all congresses by default).\n"
		"A text cell that begins with = + - @, a tab or a carriage return is written with a\n"
		"single quote in front, so that a spreadsheet does not run it as a formula.\n";
	const char *db = ms_env_or("MINSHENG_DB", MS_DEFAULT_DB), *path = NULL;
	int64_t cycle = 0, poll = 0, congress = 0;
	const struct ms_opt opts[] = {{"db", MS_OPT_STR, &db, NULL},	      {"out", MS_OPT_STR, &path, NULL},
				      {"cycle", MS_OPT_INT, &cycle, NULL},    {"poll", MS_OPT_INT, &poll, NULL},
				      {"congress", MS_OPT_INT, &congress, NULL}, {0}};
	const char *pos[1];
	size_t n_pos = 0;
	int rc = ms_opts_parse(argc, argv, opts, help, pos, 1, &n_pos);
	if (rc >= 0)
		return rc;
	const char *what = n_pos ? pos[0] : "";
	int kind = strcmp(what, "candidates") == 0 ? 1 : strcmp(what, "result") == 0 ? 2 : strcmp(what, "audit") == 0 ? 3 : 0;
	if (!kind || (kind == 1 && cycle <= 0) || (kind == 2 && poll <= 0) || congress < 0)
		return fputs(help, stderr), 2;
	struct ms_store *st;
	if (ms_cli_open(db, 1, &st))
		return 1;
	FILE *out = path ? fopen(path, "w") : stdout;
	if (!out) {
		perror(path);
		ms_store_close(st);
		return 1;
	}
	struct ms_error e = {0};
	rc = kind == 1 ? ms_export_candidates(st, cycle, out, &e)
	     : kind == 2 ? ms_export_result(st, poll, out, &e)
			 : ms_export_audit(st, congress, out, &e);
	if (path && fclose(out) && !rc)
		rc = ms_error_set(&e, MS_ERR_IO, NULL, NULL, "cannot write %s", path);
	ms_store_close(st);
	return rc ? ms_cli_fail(&e) : 0;
}
