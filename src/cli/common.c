/* common.c — settings from the environment and errors for the terminal (cli.h). */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "../auth/auth.h"

const char *ms_env_or(const char *name, const char *def)
{
	const char *v = getenv(name);
	return v && *v ? v : def;
}

int ms_cli_pwhash_cost(void)
{
	int c = ms_pwhash_cost_parse(ms_env_or("MINSHENG_PWHASH_COST", "interactive"));
	if (c < 0) {
		fprintf(stderr, "minsheng: MINSHENG_PWHASH_COST must be min, interactive or moderate\n");
		exit(2);
	}
	return c;
}

const char *ms_cli_shown(const char *db)
{
	return strstr(db, "://") ? "(PostgreSQL)" : db;
}

/* The first of LC_ALL, LC_MESSAGES, LANG that is set decides, as for gettext. */
bool ms_cli_chinese(void)
{
	const char *names[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < 3; i++) {
		const char *v = getenv(names[i]);
		if (v && *v)
			return strncmp(v, "zh", 2) == 0;
	}
	return false;
}

int ms_cli_fail(const struct ms_error *e)
{
	const char *msg = ms_cli_chinese() && e->message_zh[0] ? e->message_zh : e->message;
	fprintf(stderr, "minsheng: %s\n", msg[0] ? msg : ms_err_code(e->err));
	return 1;
}

int ms_cli_open(const char *db, unsigned pool, struct ms_store **st)
{
	struct ms_error e = {0};
	return ms_store_open(db, pool, st, &e) ? ms_cli_fail(&e) : 0;
}

int ms_cli_db_command(int argc, char **argv, const char *help, struct ms_store **st, const char **db)
{
	*db = ms_env_or("MINSHENG_DB", MS_DEFAULT_DB);
	const struct ms_opt opts[] = {{"db", MS_OPT_STR, db, NULL}, {0}};
	int rc = ms_opts_parse(argc, argv, opts, help, NULL, 0, NULL);
	if (rc >= 0)
		return rc;
	return ms_cli_open(*db, 1, st) ? 1 : -1;
}
