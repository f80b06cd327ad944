/*
 * main.c — the minsheng command: CLI subcommands and `minsheng serve`.
 * Every subcommand that touches data takes --db DB (or $MINSHENG_DB): a
 * SQLite file (PATH or sqlite:PATH) or a PostgreSQL URI (postgresql://…),
 * handed to the store as given.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../api/api.h"
#include "../api/auth.h"
#include "../core/util.h"
#include "../http/http.h"
#include "../store/store.h"
#include "cli.h"

#define DEFAULT_DB "data/minsheng.db"

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
	"\n"
	"Run `minsheng COMMAND --help` for the options of each command.\n"
	"--db DB (or MINSHENG_DB) names the database: a SQLite file, PATH or sqlite:PATH (default\n"
	DEFAULT_DB "), or a PostgreSQL server, postgresql://USER@HOST[:PORT]/NAME (any libpq URI).\n"
	"Environment: MINSHENG_DB (database), MINSHENG_LISTEN (ADDR:PORT),\n"
	"MINSHENG_THREADS, MINSHENG_PWHASH_COST (min|interactive|moderate), MINSHENG_COOKIE_SECURE=1,\n"
	"MINSHENG_WEB (web front end directory).\n";

/* A database named for the terminal: a PostgreSQL URI may hold a password. */
static const char *shown(const char *db)
{
	return strstr(db, "://") ? "(PostgreSQL)" : db;
}

static const char *env_or(const char *name, const char *def)
{
	const char *v = getenv(name);
	return v && *v ? v : def;
}

static int pwhash_cost(void)
{
	int c = ms_pwhash_cost_parse(env_or("MINSHENG_PWHASH_COST", "interactive"));
	if (c < 0) {
		fprintf(stderr, "minsheng: MINSHENG_PWHASH_COST must be min, interactive or moderate\n");
		exit(2);
	}
	return c;
}

static int fail(const struct ms_error *e)
{
	fprintf(stderr, "minsheng: %s\n", e->message[0] ? e->message : ms_err_code(e->err));
	return 1;
}

static int open_store(const char *db, unsigned pool, struct ms_store **st)
{
	struct ms_error e = {0};
	if (ms_store_open(db, pool, st, &e))
		return fail(&e);
	return 0;
}

static int want_help(int argc, char **argv, const char *text)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(text, stdout);
			return 1;
		}
	return 0;
}

/* Parse a command whose only option is --db. Returns -1 to go on, or the
 * exit status (0 after --help, 2 on a bad option). */
static int db_only_args(int argc, char **argv, const char *help, const char **db)
{
	if (want_help(argc, argv, help))
		return 0;
	*db = env_or("MINSHENG_DB", DEFAULT_DB);
	static const struct option opts[] = {{"db", required_argument, 0, 'd'}, {0, 0, 0, 0}};
	int o;
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (o != 'd')
			return fputs(help, stderr), 2;
		*db = optarg;
	}
	return -1;
}

/* ---- init ---- */

static int cmd_init(int argc, char **argv)
{
	static const char help[] = "Usage: minsheng init [--db DB]\n"
				   "Create the database DB (default $MINSHENG_DB or " DEFAULT_DB ")\n"
				   "or bring an existing one to the current schema version.\n"
				   "DB: PATH or sqlite:PATH (SQLite), or postgresql://USER@HOST[:PORT]/NAME.\n";
	const char *db;
	int rc = db_only_args(argc, argv, help, &db);
	if (rc >= 0)
		return rc;
	struct ms_store *st;
	if (open_store(db, 1, &st))
		return 1;
	struct ms_db *d;
	struct ms_error e = {0};
	int v = 0;
	if (ms_store_acquire(st, &d, &e) || ms_db_schema_version(d, &v, &e)) {
		ms_store_close(st);
		return fail(&e);
	}
	ms_store_release(st, d);
	ms_store_close(st);
	printf("minsheng: database %s is at schema version %d\n", shown(db), v);
	return 0;
}

/* ---- serve ---- */

static int parse_listen(const char *s, char *host, size_t cap, uint16_t *port)
{
	const char *colon = strrchr(s, ':');
	int64_t p;
	if (!colon || (size_t)(colon - s) >= cap || ms_parse_i64(colon + 1, &p) || p < 0 || p > 65535)
		return -1;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = 0;
	if (!*host)
		ms_strlcpy(host, "127.0.0.1", cap);
	*port = (uint16_t)p;
	return 0;
}

static int cmd_serve(int argc, char **argv)
{
	static const char help[] =
		"Usage: minsheng serve [--db DB] [--listen ADDR:PORT] [--threads N] [--web DIR]\n"
		"Serve the HTTP JSON API (/api/v1, see docs/api.md) and the web front end until SIGINT or SIGTERM.\n"
		"  --db DB            the database (default $MINSHENG_DB or " DEFAULT_DB "): a SQLite file,\n"
		"                     PATH or sqlite:PATH, or PostgreSQL, postgresql://USER@HOST[:PORT]/NAME;\n"
		"                     several servers may share one PostgreSQL database\n"
		"  --listen ADDR:PORT IPv4 address and port (default $MINSHENG_LISTEN or 127.0.0.1:8080;\n"
		"                     port 0 picks a free one)\n"
		"  --threads N        worker threads (default $MINSHENG_THREADS or 8)\n"
		"  --web DIR          built web front end served outside /api (default $MINSHENG_WEB, else\n"
		"                     web/dist when that directory exists here; --web '' serves none)\n"
		"Prints one line \"minsheng: listening on http://ADDR:PORT\" once ready.\n";
	if (want_help(argc, argv, help))
		return 0;
	const char *db = env_or("MINSHENG_DB", DEFAULT_DB);
	const char *listen = env_or("MINSHENG_LISTEN", "127.0.0.1:8080");
	struct stat dist;
	const char *web = env_or("MINSHENG_WEB", NULL);
	if (!web && stat("web/dist", &dist) == 0 && S_ISDIR(dist.st_mode))
		web = "web/dist";
	int64_t threads = 8;
	if (ms_parse_i64(env_or("MINSHENG_THREADS", "8"), &threads))
		threads = 8;
	static const struct option opts[] = {{"db", required_argument, 0, 'd'},
					     {"listen", required_argument, 0, 'l'},
					     {"threads", required_argument, 0, 't'},
					     {"web", required_argument, 0, 'w'},
					     {0, 0, 0, 0}};
	int o;
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (o == 'd')
			db = optarg;
		else if (o == 'l')
			listen = optarg;
		else if (o == 'w')
			web = optarg;
		else if (o == 't' && !ms_parse_i64(optarg, &threads))
			;
		else
			return fputs(help, stderr), 2;
	}
	if (threads < 1 || threads > 256) {
		fprintf(stderr, "minsheng: --threads must be 1 to 256\n");
		return 2;
	}
	char host[64];
	uint16_t port;
	if (parse_listen(listen, host, sizeof host, &port)) {
		fprintf(stderr, "minsheng: --listen wants ADDR:PORT, e.g. 127.0.0.1:8080\n");
		return 2;
	}
	/* Block the stop signals in every thread; main waits for them. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct ms_error e = {0};
	struct ms_store *st;
	if (open_store(db, (unsigned)threads, &st))
		return 1;
	struct ms_api *api;
	const char *secure = getenv("MINSHENG_COOKIE_SECURE");
	struct ms_api_config acfg = {.store = st,
				     .pwhash_cost = pwhash_cost(),
				     .hash_slots = 2,
				     .cookie_secure = secure && strcmp(secure, "1") == 0,
				     .web_dir = web && *web ? web : NULL};
	if (ms_api_new(&acfg, &api, &e)) {
		ms_store_close(st);
		return fail(&e);
	}
	struct ms_http_config hcfg = {.host = host,
				      .port = port,
				      .threads = (unsigned)threads,
				      .max_body = 1u << 20,
				      .timeout_s = 60,
				      .handler = ms_api_handle,
				      .ctx = api};
	struct ms_http_server *srv;
	if (ms_http_start(&hcfg, &srv, &e)) {
		ms_api_free(api);
		ms_store_close(st);
		return fail(&e);
	}
	if (ms_api_web_root(api))
		fprintf(stderr, "minsheng: serving the web front end from %s\n", ms_api_web_root(api));
	printf("minsheng: listening on http://%s:%u\n", host, (unsigned)ms_http_port(srv));
	fflush(stdout);
	int sig = 0;
	sigwait(&stop, &sig);
	fprintf(stderr, "minsheng: stopping (signal %d)\n", sig);
	ms_http_stop(srv);
	ms_api_free(api);
	ms_store_close(st);
	return 0;
}

/* ---- demo ---- */

static int cmd_demo(int argc, char **argv)
{
	static const char help[] =
		"Usage: minsheng demo [--db DB]\n"
		"Create a new database with a realistic bilingual demo: the Jiangzhou city congress with\n"
		"60 deputies, 3 district congresses, 10 responsible units, and the 2027 cycle with 12\n"
		"candidate livelihood projects for 10 places and a poll ready for check-in. A database\n"
		"that already has data is left as it is. Prints the demo logins.\n";
	const char *db;
	int rc = db_only_args(argc, argv, help, &db);
	if (rc >= 0)
		return rc;
	struct ms_store *st;
	if (open_store(db, 1, &st))
		return 1;
	struct ms_error e = {0};
	if (ms_auth_init(2) || ms_demo_create(st, pwhash_cost(), stdout, &e)) {
		ms_store_close(st);
		return fail(&e);
	}
	ms_store_close(st);
	ms_demo_print_logins(stdout);
	return 0;
}

/* ---- user add ---- */

static int cmd_user(int argc, char **argv)
{
	static const char help[] =
		"Usage: minsheng user add --login LOGIN --password PASS --name NAME --role ROLE [--role ROLE]\n"
		"                         [--congress ID] [--unit ID] [--db DB]\n"
		"Add a user. ROLE is admin, clerk, deputy or unit; clerks, deputies and unit officers\n"
		"belong to a congress (--congress), unit officers to a unit (--unit).\n";
	if (want_help(argc, argv, help))
		return 0;
	if (argc < 2 || strcmp(argv[1], "add") != 0)
		return fputs(help, stderr), 2;
	argc--, argv++;
	const char *db = env_or("MINSHENG_DB", DEFAULT_DB), *login = NULL, *password = NULL, *name = NULL;
	struct ms_user u = {0};
	static const struct option opts[] = {{"db", required_argument, 0, 'd'},
					     {"login", required_argument, 0, 'l'},
					     {"password", required_argument, 0, 'p'},
					     {"name", required_argument, 0, 'n'},
					     {"role", required_argument, 0, 'r'},
					     {"congress", required_argument, 0, 'c'},
					     {"unit", required_argument, 0, 'u'},
					     {0, 0, 0, 0}};
	int o;
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 'd': db = optarg; break;
		case 'l': login = optarg; break;
		case 'p': password = optarg; break;
		case 'n': name = optarg; break;
		case 'r':
			if (!ms_role_parse(optarg)) {
				fprintf(stderr, "minsheng: unknown role '%s'\n", optarg);
				return 2;
			}
			u.roles |= ms_role_parse(optarg);
			break;
		case 'c':
			if (ms_parse_i64(optarg, &u.congress_id))
				return fputs(help, stderr), 2;
			break;
		case 'u':
			if (ms_parse_i64(optarg, &u.unit_id))
				return fputs(help, stderr), 2;
			break;
		default: return fputs(help, stderr), 2;
		}
	}
	if (!login || !password || !name || !u.roles)
		return fputs(help, stderr), 2;
	if (strlen(password) < 8) {
		fprintf(stderr, "minsheng: the password needs at least 8 characters\n");
		return 2;
	}
	ms_strlcpy(u.login, login, sizeof u.login);
	ms_strlcpy(u.name, name, sizeof u.name);
	struct ms_error e = {0};
	struct ms_store *st;
	struct ms_db *d = NULL;
	if (ms_auth_init(1) || ms_password_hash(password, pwhash_cost(), u.pw_hash, sizeof u.pw_hash, &e))
		return fail(&e);
	if (open_store(db, 1, &st))
		return 1;
	int rc = ms_store_acquire(st, &d, &e);
	if (!rc && !(rc = ms_db_begin(d, true, &e)) && !(rc = ms_db_user_create(d, &u, &u.id, &e))) {
		json_t *detail = ms_user_json(&u);
		rc = ms_db_audit(d, 0, u.congress_id, "user.create", "cli", detail, &e);
		json_decref(detail);
	}
	if (!rc)
		rc = ms_db_commit(d, &e);
	ms_store_release(st, d);
	ms_store_close(st);
	if (rc)
		return fail(&e);
	printf("minsheng: user %s created with id %lld\n", u.login, (long long)u.id);
	return 0;
}

/* ---- poll result ---- */

static int cmd_poll(int argc, char **argv)
{
	static const char help[] = "Usage: minsheng poll result ID [--json] [--db DB]\n"
				   "Print the published result of closed poll ID: the rule in words, turnout,\n"
				   "and every candidate's approvals, margin and outcome.\n";
	if (want_help(argc, argv, help))
		return 0;
	if (argc < 3 || strcmp(argv[1], "result") != 0)
		return fputs(help, stderr), 2;
	int64_t id;
	if (ms_parse_i64(argv[2], &id))
		return fputs(help, stderr), 2;
	argc -= 2, argv += 2;
	const char *db = env_or("MINSHENG_DB", DEFAULT_DB);
	int as_json = 0;
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"json", no_argument, 0, 'j'}, {0, 0, 0, 0}};
	int o;
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (o == 'd')
			db = optarg;
		else if (o == 'j')
			as_json = 1;
		else
			return fputs(help, stderr), 2;
	}
	struct ms_store *st;
	if (open_store(db, 1, &st))
		return 1;
	struct ms_error e = {0};
	struct ms_db *d = NULL;
	json_t *r = NULL;
	int rc = ms_store_acquire(st, &d, &e);
	if (!rc)
		rc = ms_db_result_get(d, id, &r, &e);
	ms_store_release(st, d);
	ms_store_close(st);
	if (rc) {
		if (rc == MS_ERR_NOT_FOUND)
			fprintf(stderr, "minsheng: poll %lld has no result (missing or not closed)\n", (long long)id);
		else
			fail(&e);
		return 1;
	}
	if (as_json) {
		json_dumpf(r, stdout, JSON_INDENT(2));
		putchar('\n');
	} else {
		json_t *rt = json_object_get(r, "rule_text");
		printf("%s\n%s\n%s\n\n", json_string_value(json_object_get(r, "title")),
		       json_string_value(json_object_get(rt, "zh")), json_string_value(json_object_get(rt, "en")));
		printf("Result: %s   deputies %lld, present %lld; ballots issued %lld, returned %lld "
		       "(valid %lld, blank %lld, void %lld); threshold %lld approvals\n\n",
		       json_string_value(json_object_get(r, "status")),
		       (long long)json_integer_value(json_object_get(r, "deputies_all")),
		       (long long)json_integer_value(json_object_get(r, "deputies_present")),
		       (long long)json_integer_value(json_object_get(r, "ballots_issued")),
		       (long long)json_integer_value(json_object_get(r, "ballots_returned")),
		       (long long)json_integer_value(json_object_get(r, "valid")),
		       (long long)json_integer_value(json_object_get(r, "blank")),
		       (long long)json_integer_value(json_object_get(r, "void")),
		       (long long)json_integer_value(json_object_get(r, "threshold_votes")));
		printf("%4s  %9s  %7s  %-12s  %s\n", "rank", "approvals", "margin", "outcome", "project");
		size_t i;
		json_t *cnd;
		json_array_foreach(json_object_get(r, "candidates"), i, cnd) {
			printf("%4lld  %9lld  %+7lld  %-12s  %s\n",
			       (long long)json_integer_value(json_object_get(cnd, "rank")),
			       (long long)json_integer_value(json_object_get(cnd, "approvals")),
			       (long long)json_integer_value(json_object_get(cnd, "margin")),
			       json_string_value(json_object_get(cnd, "status")),
			       json_string_value(json_object_get(cnd, "title")));
		}
	}
	json_decref(r);
	return 0;
}

/* ---- export ---- */

static int cmd_export(int argc, char **argv)
{
	static const char help[] =
		"Usage: minsheng export candidates --cycle ID [--db DB] [--out FILE]\n"
		"       minsheng export result --poll ID [--db DB] [--out FILE]\n"
		"       minsheng export audit [--congress ID] [--db DB] [--out FILE]\n"
		"Write CSV (UTF-8, RFC 4180) to FILE or standard output: a cycle's candidate projects,\n"
		"a closed poll's result per candidate, or the audit log (all congresses by default).\n";
	if (want_help(argc, argv, help))
		return 0;
	if (argc < 2)
		return fputs(help, stderr), 2;
	const char *what = argv[1];
	argc--, argv++;
	const char *db = env_or("MINSHENG_DB", DEFAULT_DB), *path = NULL;
	int64_t id = 0;
	static const struct option opts[] = {{"db", required_argument, 0, 'd'},
					     {"out", required_argument, 0, 'o'},
					     {"cycle", required_argument, 0, 'i'},
					     {"poll", required_argument, 0, 'i'},
					     {"congress", required_argument, 0, 'i'},
					     {0, 0, 0, 0}};
	int o;
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (o == 'd')
			db = optarg;
		else if (o == 'o')
			path = optarg;
		else if (o == 'i' && !ms_parse_i64(optarg, &id))
			;
		else
			return fputs(help, stderr), 2;
	}
	int kind = strcmp(what, "candidates") == 0 ? 1 : strcmp(what, "result") == 0 ? 2 : strcmp(what, "audit") == 0 ? 3 : 0;
	if (!kind || (kind < 3 && id <= 0))
		return fputs(help, stderr), 2;
	struct ms_store *st;
	if (open_store(db, 1, &st))
		return 1;
	FILE *out = path ? fopen(path, "w") : stdout;
	if (!out) {
		perror(path);
		ms_store_close(st);
		return 1;
	}
	struct ms_error e = {0};
	int rc = kind == 1 ? ms_export_candidates(st, id, out, &e)
		 : kind == 2 ? ms_export_result(st, id, out, &e)
			     : ms_export_audit(st, id, out, &e);
	if (path && fclose(out) && !rc)
		rc = ms_error_set(&e, MS_ERR_IO, NULL, NULL, "cannot write %s", path);
	ms_store_close(st);
	return rc ? fail(&e) : 0;
}

/* ---- copy ---- */

static void copy_progress(void *ctx, const char *table, int64_t rows, const char *checksum)
{
	int64_t *total = ctx;
	*total += rows;
	printf("  %-15s %9lld rows  checksum %.16s\n", table, (long long)rows, checksum);
}

static int cmd_copy(int argc, char **argv)
{
	static const char help[] =
		"Usage: minsheng copy --from DB --to DB\n"
		"Copy a whole installation into an empty database, e.g.\n"
		"  minsheng copy --from sqlite:data/minsheng.db --to postgresql://minsheng@db/minsheng\n"
		"Both are brought to the current schema first; the target must hold no data. Every table is\n"
		"copied in one transaction, then read back: its row count and checksum must equal the\n"
		"source's, or nothing is kept. Prints each table's rows and checksum.\n";
	if (want_help(argc, argv, help))
		return 0;
	const char *from = NULL, *to = NULL;
	static const struct option opts[] = {{"from", required_argument, 0, 'f'}, {"to", required_argument, 0, 't'},
					     {0, 0, 0, 0}};
	int o;
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (o == 'f')
			from = optarg;
		else if (o == 't')
			to = optarg;
		else
			return fputs(help, stderr), 2;
	}
	if (!from || !to || optind != argc)
		return fputs(help, stderr), 2;
	printf("minsheng: copying %s to %s\n", shown(from), shown(to));
	int64_t total = 0;
	struct ms_error e = {0};
	if (ms_store_copy(from, to, copy_progress, &total, &e))
		return fail(&e);
	printf("minsheng: copied %lld rows; every table's row count and checksum match\n", (long long)total);
	return 0;
}

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
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} cmds[] = {{"init", cmd_init}, {"serve", cmd_serve}, {"demo", cmd_demo},
		    {"user", cmd_user}, {"poll", cmd_poll},   {"export", cmd_export},
		    {"tally", ms_cmd_tally}, {"copy", cmd_copy}};
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		if (strcmp(argv[1], cmds[i].name) == 0)
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "minsheng: unknown command '%s'\n\n%s", argv[1], usage_main);
	return 2;
}
