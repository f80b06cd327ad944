/* cmd_search.c — `minsheng search reindex`: rebuild the full-text index
 * from the domain tables (liaison/search_index.h), e.g. after a copy or an
 * upgrade of the tokenizer. One transaction: the index is never half built. */
#include <string.h>

#include "../liaison/search_index.h"
#include "cli.h"

int ms_cli_reindex_due(struct ms_store *st)
{
	struct ms_error e = {0};
	struct ms_db *d = NULL;
	int64_t docs = -1;
	int rc = ms_store_acquire(st, &d, &e);
	if (!rc && !(rc = ms_db_begin(d, true, &e)) && !(rc = ms_search_reindex_due(d, &docs, &e)))
		rc = ms_db_commit(d, &e);
	else if (d)
		ms_db_rollback(d);
	ms_store_release(st, d);
	if (rc)
		return ms_cli_fail(&e);
	if (docs > 0)
		fprintf(stderr,
			ms_cli_chinese() ? "minsheng：按数据库迁移的要求重建了检索索引，共 %lld 份文档\n"
					 : "minsheng: the search index was rebuilt, as a database migration asked: %lld documents\n",
			(long long)docs);
	return 0;
}

int ms_cmd_search(int argc, char **argv)
{
	static const char help[] =
		"Usage: minsheng search reindex [--db DB]\n"
		"Rebuild the full-text search index of every document (demands, cases, suggestions) from the tables\n"
		"that hold them, in one transaction, and print how many documents it holds (docs/search.md).\n";
	const char *db = ms_env_or("MINSHENG_DB", MS_DEFAULT_DB);
	const struct ms_opt opts[] = {{"db", MS_OPT_STR, &db, NULL}, {0}};
	const char *pos[1];
	size_t n_pos = 0;
	int rc = ms_opts_parse(argc, argv, opts, help, pos, 1, &n_pos);
	if (rc >= 0)
		return rc;
	if (n_pos != 1 || strcmp(pos[0], "reindex") != 0)
		return fputs(help, stderr), 2;
	struct ms_store *st;
	if (ms_cli_open(db, 1, &st))
		return 1;
	struct ms_error e = {0};
	struct ms_db *d = NULL;
	int64_t docs = 0;
	rc = ms_store_acquire(st, &d, &e);
	if (!rc && !(rc = ms_db_begin(d, true, &e)) && !(rc = ms_search_reindex(d, &docs, &e)))
		rc = ms_db_commit(d, &e);
	ms_store_release(st, d);
	ms_store_close(st);
	if (rc)
		return ms_cli_fail(&e);
	printf(ms_cli_chinese() ? "minsheng：检索索引已重建，共 %lld 份文档\n"
				: "minsheng: the search index is rebuilt: %lld documents\n",
	       (long long)docs);
	return 0;
}
