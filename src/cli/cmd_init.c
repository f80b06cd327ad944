/* cmd_init.c — `minsheng init`: create a database or migrate it. */
#include "cli.h"

int ms_cmd_init(int argc, char **argv)
{
	static const char help[] = "Usage: minsheng init [--db DB]\n"
				   "Create the database DB (default $MINSHENG_DB or " MS_DEFAULT_DB ")\n"
				   "or bring an existing one to the current schema version.\n"
				   "DB: PATH or sqlite:PATH (SQLite), or postgresql://USER@HOST[:PORT]/NAME.\n";
	const char *db;
	struct ms_store *st;
	int rc = ms_cli_db_command(argc, argv, help, &st, &db);
	if (rc >= 0)
		return rc;
	struct ms_db *d;
	struct ms_error e = {0};
	int v = 0;
	if (ms_cli_reindex_due(st)) {
		ms_store_close(st);
		return 1;
	}
	if (ms_store_acquire(st, &d, &e) || ms_db_schema_version(d, &v, &e)) {
		ms_store_close(st);
		return ms_cli_fail(&e);
	}
	ms_store_release(st, d);
	ms_store_close(st);
	printf("minsheng: database %s is at schema version %d\n", ms_cli_shown(db), v);
	return 0;
}
