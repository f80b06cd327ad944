/* cmd_serve.c — `minsheng serve`: the HTTP JSON API and the web app. */
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>

#include "../api/api.h"
#include "../auth/auth.h"
#include "../core/upload.h"
#include "../core/util.h"
#include "../http/http.h"
#include "../liaison/preference.h"
#include "../report/report.h"
#include "cli.h"

#include "../http/events.h"

/* The nice value of the threads that hash passwords (http.h, slow.c):
 * below the workers, so a flood of logins leaves the ballots their CPU. */
#define MS_SLOW_NICE 19

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

#define MS_XSTR(x) #x
#define MS_STR(x) MS_XSTR(x) /* a number's macro as the text of its value */

/* An integer setting from the environment, def when unset, min..max. */
static int setting(const char *name, const char *def, int64_t min, int64_t max, int64_t *out, struct ms_error *e)
{
	const char *v = ms_env_or(name, def);
	if (ms_parse_i64(v, out) || *out < min || *out > max)
		return ms_failf(e, MS_E_BAD_SETTING, NULL, MS_AS(name), MS_AI(min), MS_AI(max), MS_AS(v));
	return 0;
}

int ms_cmd_serve(int argc, char **argv)
{
	static const char help[] =
		"Usage: minsheng serve [--db DB] [--listen ADDR:PORT] [--threads N] [--web DIR]\n"
		"Serve the HTTP JSON API (/api/v1, see docs/api.md) and the web front end until SIGINT or SIGTERM.\n"
		"  --db DB            the database (default $MINSHENG_DB or " MS_DEFAULT_DB "): a SQLite file,\n"
		"                     PATH or sqlite:PATH, or PostgreSQL, postgresql://USER@HOST[:PORT]/NAME;\n"
		"                     several servers may share one PostgreSQL database\n"
		"  --listen ADDR:PORT IPv4 address and port (default $MINSHENG_LISTEN or 127.0.0.1:8080;\n"
		"                     port 0 picks a free one)\n"
		"  --threads N        worker threads (default $MINSHENG_THREADS or 8)\n"
		"  --web DIR          built web front end served outside /api (default $MINSHENG_WEB, else\n"
		"                     web/dist when that directory exists here; --web '' serves none)\n"
		"  --sender SPEC      how the preference poll's codes reach phones (default $MINSHENG_SENDER or\n"
		"                     none): spool:DIR (a file per message), command:PROGRAM (number as its\n"
		"                     argument, text on its input) or none (docs/api.md, \"Public preference poll\")\n"
		"Limits on asking for a code by phone: $MINSHENG_PREF_PHONE_REQUESTS (default 3 per number),\n"
		"$MINSHENG_PREF_ADDRESS_REQUESTS (default 20 per client address) per $MINSHENG_PREF_WINDOW seconds\n"
		"(default 3600); 0: no limit. $MINSHENG_PREF_MEASURES_WORK: the most work a poll's close spends on\n"
		"Equal Shares' performance measures (default " MS_STR(MS_PREF_MEASURES_WORK) ", 0: none).\n"
		"Where ballots are grouped (SQLite with group commit), a ballot is answered by the store's writer\n"
		"once its group is on disk, and no thread waits for it. $MINSHENG_BALLOT_THREADS=N runs ballots\n"
		"on N threads of their own instead, 0 on the workers (unset: on the workers where ballots are\n"
		"not grouped, e.g. PostgreSQL).\n"
		"Limits on slow clients: $MINSHENG_HEADER_TIMEOUT (seconds for a request's header,\n"
		"default 10, 0 none) and $MINSHENG_CONNECTIONS_PER_IP (default 256, 0 none).\n"
		"Prints one line \"minsheng: listening on http://ADDR:PORT\" once ready.\n";
	const char *db = ms_env_or("MINSHENG_DB", MS_DEFAULT_DB);
	const char *listen = ms_env_or("MINSHENG_LISTEN", "127.0.0.1:8080");
	const char *web = ms_env_or("MINSHENG_WEB", NULL);
	const char *sender = ms_env_or("MINSHENG_SENDER", "none");
	struct stat dist;
	if (!web && stat("web/dist", &dist) == 0 && S_ISDIR(dist.st_mode))
		web = "web/dist";
	/* The slow-client limits (docs/deploy.md): seconds for a request's
	 * header, connections at once from one client address (0: none). */
	int64_t threads = INT64_MIN, header_timeout, per_ip; /* INT64_MIN: no --threads */
	struct ms_error e = {0};
	const struct ms_opt opts[] = {{"db", MS_OPT_STR, &db, NULL},
				      {"listen", MS_OPT_STR, &listen, NULL},
				      {"threads", MS_OPT_INT, &threads, NULL},
				      {"web", MS_OPT_STR, &web, NULL},
				      {"sender", MS_OPT_STR, &sender, NULL},
				      {0}};
	int rc = ms_opts_parse(argc, argv, opts, help, NULL, 0, NULL);
	if (rc >= 0)
		return rc;
	/* the settings once the options are read: --help needs none, and
	 * --threads stands in for MINSHENG_THREADS */
	if ((threads == INT64_MIN && setting("MINSHENG_THREADS", "8", 1, 256, &threads, &e)) ||
	    setting("MINSHENG_HEADER_TIMEOUT", "10", 0, 3600, &header_timeout, &e) ||
	    setting("MINSHENG_CONNECTIONS_PER_IP", "256", 0, 1000000, &per_ip, &e))
		return ms_cli_fail(&e) + 1;
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

	struct ms_login_limits lim;
	int64_t slots;
	/* The limits on guessing passwords (0: none) and the password-hashing slots (README). */
	if (setting("MINSHENG_LOGIN_FAILURES", MS_STR(MS_LOGIN_ACCOUNT_FAILURES), 0, 999999999, &lim.account, &e) ||
	    setting("MINSHENG_LOGIN_ADDRESS_FAILURES", MS_STR(MS_LOGIN_ADDRESS_FAILURES), 0, 999999999, &lim.address,
		    &e) ||
	    setting("MINSHENG_LOGIN_WINDOW", MS_STR(MS_LOGIN_WINDOW_S), 0, 999999999, &lim.window_s, &e) ||
	    setting("MINSHENG_PWHASH_SLOTS", "2", 1, 64, &slots, &e))
		return ms_cli_fail(&e) + 1;
	struct ms_pref_limits pref;
	if (setting("MINSHENG_PREF_PHONE_REQUESTS", MS_STR(MS_PREF_PHONE_REQUESTS), 0, 999999999, &pref.phone, &e) ||
	    setting("MINSHENG_PREF_ADDRESS_REQUESTS", MS_STR(MS_PREF_ADDRESS_REQUESTS), 0, 999999999, &pref.address,
		    &e) ||
	    setting("MINSHENG_PREF_WINDOW", MS_STR(MS_PREF_WINDOW_S), 1, 999999999, &pref.window_s, &e) ||
	    setting("MINSHENG_PREF_MEASURES_WORK", MS_STR(MS_PREF_MEASURES_WORK), 0, INT64_MAX, &pref.measures_work,
		    &e) ||
	    ms_sender_configure(sender, &e))
		return ms_cli_fail(&e) + 1;
	ms_pref_limits_set(&pref);
	/* A database connection for each worker, each slow thread and each
	 * ballot thread (opened when first used). */
	int64_t waiters = INT64_MIN;
	const char *bt = getenv("MINSHENG_BALLOT_THREADS");
	if (bt && *bt && setting("MINSHENG_BALLOT_THREADS", "0", 0, 1024, &waiters, &e))
		return ms_cli_fail(&e) + 1;
	struct ms_store *st;
	if (ms_cli_open(db, (unsigned)(threads + slots + (waiters == INT64_MIN ? 0 : waiters)), &st))
		return 1;
	bool asked = waiters != INT64_MIN;
	if (!asked)
		waiters = 0;
	if (ms_cli_reindex_due(st)) {
		ms_store_close(st);
		return 1;
	}
	struct ms_api *api;
	struct ms_events *hub;
	int64_t streams, streams_ip;
	/* Live streams (the hall's screens, docs/api.md): at once in all, and from one client address. */
	if (setting("MINSHENG_STREAMS", "12000", 0, 1000000, &streams, &e) ||
	    setting("MINSHENG_STREAMS_PER_IP", "128", 0, 1000000, &streams_ip, &e)) {
		ms_store_close(st);
		return ms_cli_fail(&e) + 1;
	}
	struct ms_events_limits elim = {.total = (size_t)streams, .per_address = (size_t)streams_ip};
	if (ms_events_new(&elim, &hub, &e)) {
		ms_store_close(st);
		return ms_cli_fail(&e);
	}
	const char *secure = getenv("MINSHENG_COOKIE_SECURE");
	struct ms_api_config acfg = {.store = st,
				     .pwhash_cost = ms_cli_pwhash_cost(),
				     .cookie_secure = secure && strcmp(secure, "1") == 0,
				     .web_dir = web && *web ? web : NULL,
				     .routes = ms_app_routes,
				     .session = ms_session_lookup, .token_ok = ms_session_token_ok,
				     .above = ms_congress_above,
				     .events = hub,
				     .feeds = ms_app_feeds};
	ms_strlcpy(lim.proxies, ms_env_or("MINSHENG_TRUSTED_PROXIES", ""), sizeof lim.proxies);
	ms_login_limits_set(&lim);
	if (ms_upload_init() || !ms_report_init()) {
		fprintf(stderr, "minsheng: cannot start libvips (uploads) or the PDF libraries\n");
		ms_events_free(hub);
		ms_store_close(st);
		return 1;
	}
	if (ms_auth_init((unsigned)slots) || ms_api_new(&acfg, &api, &e)) {
		ms_events_free(hub);
		ms_store_close(st);
		return ms_cli_fail(&e);
	}
	/* Where ballots are grouped, they end on the store's writer thread
	 * (ms_api_handle_later), with no thread waiting for them, unless
	 * ballot threads are asked for. */
	bool later = !asked && ms_api_groups(api);
	struct ms_http_config hcfg = {.host = host,
				      .port = port,
				      .threads = (unsigned)threads,
				      .max_body = 1u << 20,
				      .timeout_s = 60,
				      .header_timeout_s = (unsigned)header_timeout,
				      .per_ip_limit = (unsigned)per_ip,
				      .handler = ms_api_handle,
				      .ctx = api,
				      /* logins hash off the workers, one thread per hashing slot */
				      .body_limit = ms_api_body_limit,
				      .slow = ms_api_slow,
				      .slow_threads = (unsigned)slots,
				      .slow_nice = MS_SLOW_NICE,
				      /* ballots wait for their group's commit off the workers: with
				       * no thread at all where grouped, else on ballot threads if set */
				      .wait = ms_api_wait,
				      .wait_threads = (unsigned)waiters,
				      .wait_later = later ? ms_api_handle_later : NULL};
	struct ms_http_server *srv;
	if (ms_http_start(&hcfg, &srv, &e)) {
		ms_api_free(api);
		ms_events_free(hub);
		ms_store_close(st);
		return ms_cli_fail(&e);
	}
	if (ms_api_web_root(api))
		fprintf(stderr, "minsheng: serving the web front end from %s\n", ms_api_web_root(api));
	printf("minsheng: listening on http://%s:%u\n", host, (unsigned)ms_http_port(srv));
	fflush(stdout);
	int sig = 0;
	sigwait(&stop, &sig);
	fprintf(stderr, "minsheng: stopping (signal %d)\n", sig);
	ms_events_close(hub); /* the streams end, so no connection stays suspended */
	ms_http_stop(srv);
	ms_report_shutdown();
	ms_api_free(api);
	ms_events_free(hub);
	ms_store_close(st);
	return 0;
}
