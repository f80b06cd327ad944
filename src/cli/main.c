/*
 * main.c — the minsheng command: one function per subcommand (cmd_*.c),
 * `minsheng serve` among them. Every subcommand that touches data takes
 * --db DB (or $MINSHENG_DB): a SQLite file (PATH or sqlite:PATH) or a
 * PostgreSQL URI (postgresql://…), handed to the store as given; every
 * write goes through the domains' rules, as the API's do.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage_main[] =
	"minsheng — the livelihood-projects deputy-voting system (民生实事项目人大代表票决制)\n"
	"\n"
	"Usage: minsheng COMMAND [OPTIONS]\n"
	"\n"
	"Commands:\n"
	"  init         create a database or bring its schema up to date\n"
	"  serve        run the HTTP JSON API server\n"
	"  demo         fill a new database with a bilingual demo congress\n"
	"  user add     add a user (admin, clerk, deputy or unit officer)\n"
	"  poll result  print a closed poll's result\n"
	"  export       write candidates, a result or the audit log as CSV\n"
	"  tally        count a Pabulib .pb file by a selection rule (greedy, MES, Phragmen, ...)\n"
	"  copy         move a whole installation to another database (SQLite <-> PostgreSQL)\n"
	"  audit verify check the audit log's hash chain, the results and the protective triggers\n"
	"  search reindex rebuild the full-text search index from the tables\n"
	"  supervise relight  judge every project's warning light today; tasks for red projects (cron, daily)\n"
	"  report progress    the quarterly progress report of the projects under delivery (XLSX or PDF)\n"
	"  api-schema   print the OpenAPI 3.1 document of the HTTP API\n"
	"  verify       recount a poll's published bulletin and compare it with the result\n"
	"\n"
	"Run `minsheng COMMAND --help` for the options of each command.\n"
	"--db DB (or MINSHENG_DB) names the database: a SQLite file, PATH or sqlite:PATH (default\n"
	MS_DEFAULT_DB "), or a PostgreSQL server, postgresql://USER@HOST[:PORT]/NAME (any libpq URI).\n"
	"Environment: MINSHENG_DB (database), MINSHENG_LISTEN (ADDR:PORT),\n"
	"MINSHENG_THREADS, MINSHENG_PWHASH_COST (min|interactive|moderate), MINSHENG_COOKIE_SECURE=1,\n"
	"MINSHENG_WEB (web front end directory). Messages are in Chinese when the locale is zh_*.\n";

int main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		fputs(usage_main, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		puts("minsheng 0.1.0");
		return 0;
	}
	ms_cycle_phase_hooks(ms_app_phase_hooks);
	ms_store_topics(ms_app_topics);
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} cmds[] = {{"init", ms_cmd_init},     {"serve", ms_cmd_serve},	  {"demo", ms_cmd_demo},
		    {"user", ms_cmd_user},     {"poll", ms_cmd_poll},	  {"export", ms_cmd_export},
		    {"tally", ms_cmd_tally},   {"copy", ms_cmd_copy},	  {"api-schema", ms_cmd_api_schema},
		    {"verify", ms_cmd_verify}, {"audit", ms_cmd_audit},	  {"supervise", ms_cmd_supervise},
		    {"report", ms_cmd_report},
		    {"search", ms_cmd_search}};
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		if (strcmp(argv[1], cmds[i].name) == 0)
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "minsheng: unknown command '%s'\n\n%s", argv[1], usage_main);
	return 2;
}
