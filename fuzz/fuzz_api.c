/*
 * fuzz_api.c — libFuzzer driver for JSON requests through the real
 * dispatcher (api/api.c: route matching, body parsing, CSRF, sessions,
 * access, the field tables, every domain's handlers and rules) on a SQLite
 * database holding the demo congress. The HTTP layer's request lookups
 * are replaced by the fakes below (no libmicrohttpd); the answers are
 * filled by the real src/http/response.c. The input:
 *     byte 0        who asks: anonymous, the admin, the clerk, a deputy
 *     METHOD PATH[?QUERY]\n
 *     the body (the rest)
 * The invariants (a broken one aborts): no answer is 5xx; every answer
 * under /api is JSON, and an error has the shape {"error":{"code",
 * "message","message_zh"}} with both messages valid UTF-8; headers hold no
 * CR or LF (response.c refuses them; checked again on the answer).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api.h"
#include "auth/auth.h"
#include "cli/cli.h"
#include "core/upload.h"
#include "core/utf8.h"
#include "http/http.h"
#include "http/mhd_lazy.h"

#define check(cond)                                                                                    \
	do {                                                                                           \
		if (!(cond)) {                                                                         \
			fprintf(stderr, "invariant broken: %s (line %d)\n", #cond, __LINE__);          \
			abort();                                                                       \
		}                                                                                      \
	} while (0)

/* ---- the HTTP layer, faked ---- */

/* events.c calls libmicrohttpd's suspend and resume through the pointers
 * src/http/http.c fills when it loads the library (core/lazy.h); the
 * streams they serve are http.c's, left out here, so they stay NULL and
 * are never called. */
MS_LAZY_DEFINE(MHD_suspend_connection)
MS_LAZY_DEFINE(MHD_resume_connection)

struct fake_req {
	const char *query;  /* after '?', or "" */
	const char *cookie; /* the session cookie's value, or NULL */
	const char *csrf;   /* X-CSRF-Token, or NULL */
};

static const struct fake_req *current;

const char *ms_http_header(const struct ms_http_request *r, const char *name)
{
	(void)r;
	if (strcasecmp(name, "X-CSRF-Token") == 0)
		return current->csrf;
	if (strcasecmp(name, "Content-Type") == 0)
		return "application/json";
	return NULL;
}

const char *ms_http_cookie(const struct ms_http_request *r, const char *name)
{
	(void)r;
	return strcmp(name, "ms_session") == 0 ? current->cookie : NULL;
}

/* The value of name in the query (the first; "" for a bare name), kept
 * until the next call. */
const char *ms_http_query(const struct ms_http_request *r, const char *name)
{
	(void)r;
	static char value[256];
	size_t n = strlen(name);
	for (const char *q = current->query; q && *q;) {
		const char *amp = strchr(q, '&'), *end = amp ? amp : q + strlen(q);
		if ((size_t)(end - q) >= n && strncmp(q, name, n) == 0 && (q[n] == '=' || q + n == end)) {
			const char *v = q[n] == '=' ? q + n + 1 : end;
			size_t k = (size_t)(end - v) < sizeof value - 1 ? (size_t)(end - v) : sizeof value - 1;
			memcpy(value, v, k);
			value[k] = 0;
			return value;
		}
		q = amp ? amp + 1 : end;
	}
	return NULL;
}

void ms_http_peer(const struct ms_http_request *r, char *buf, size_t cap)
{
	(void)r;
	snprintf(buf, cap, "127.0.0.1");
}

/* ---- the world ---- */

static struct ms_api *api;
static char cookies[4][80], csrfs[4][80];

static void dispatch(const char *method, const char *path, const char *body, size_t len, const struct fake_req *fr,
		     struct ms_http_response *resp)
{
	struct ms_http_request req = {.method = method, .path = path, .body = body, .body_len = len};
	current = fr;
	memset(resp, 0, sizeof *resp);
	resp->fd = -1;
	ms_api_handle(api, &req, resp);
}

static void login(int who, const char *user, const char *password)
{
	char body[160];
	snprintf(body, sizeof body, "{\"login\":\"%s\",\"password\":\"%s\"}", user, password);
	struct fake_req fr = {.query = ""};
	struct ms_http_response resp;
	dispatch("POST", "/api/v1/login", body, strlen(body), &fr, &resp);
	check(resp.status == 200);
	for (unsigned i = 0; i < resp.n_headers; i++)
		if (strcasecmp(resp.header_names[i], "Set-Cookie") == 0)
			sscanf(resp.header_values[i], "ms_session=%79[^;]", cookies[who]);
	json_t *js = json_loads(resp.body, 0, NULL);
	snprintf(csrfs[who], sizeof csrfs[who], "%s", json_string_value(json_object_get(js, "csrf_token")));
	json_decref(js);
	ms_http_response_fini(&resp);
}

static void setup(void)
{
	char dir[] = "/tmp/ms-fuzz-api-XXXXXX", path[64];
	check(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/db.sqlite", dir);
	struct ms_store *st;
	struct ms_error e = {0};
	FILE *devnull = fopen("/dev/null", "w");
	ms_cycle_phase_hooks(ms_app_phase_hooks); /* as main() does: a round entering 实施 makes its projects */
	check(ms_auth_init(2) == 0 && ms_upload_init() == 0 && ms_store_open(path, 1, &st, &e) == 0);
	check(ms_demo_create(st, MS_PWHASH_MIN, devnull, &e) == 0);
	fclose(devnull);
	struct ms_api_config cfg = {.store = st, .pwhash_cost = MS_PWHASH_MIN, .routes = ms_app_routes,
				    .session = ms_session_lookup};
	check(ms_api_new(&cfg, &api, &e) == 0);
	login(1, "admin", "admin-demo");
	login(2, "clerk", "clerk-demo");
	login(3, "deputy04", "deputy-demo");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!api)
		setup();
	if (size < 2)
		return 0;
	int who = data[0] % 4;
	const char *line = (const char *)data + 1, *nl = memchr(line, '\n', size - 1);
	if (!nl || nl - line > 300)
		return 0;
	char head[320], method[16], target[300];
	memcpy(head, line, (size_t)(nl - line));
	head[nl - line] = 0;
	if (sscanf(head, "%15s %299s", method, target) != 2 || memchr(head, 0, (size_t)(nl - line)))
		return 0;
	char *q = strchr(target, '?');
	if (q)
		*q++ = 0;
	size_t len = size - (size_t)(nl + 1 - (const char *)data);
	char *body = malloc(len + 1);
	if (!body)
		return 0;
	memcpy(body, nl + 1, len);
	body[len] = 0;
	struct fake_req fr = {.query = q ? q : "", .cookie = who ? cookies[who] : NULL, .csrf = who ? csrfs[who] : NULL};
	struct ms_http_response resp;
	/* Log-outs would end the sessions the next inputs use. */
	if (strstr(target, "logout")) {
		free(body);
		return 0;
	}
	dispatch(method, target, body, len, &fr, &resp);
	check(resp.status >= 200 && resp.status < 500);
	for (unsigned i = 0; i < resp.n_headers; i++)
		check(!strpbrk(resp.header_names[i], "\r\n") && !strpbrk(resp.header_values[i], "\r\n"));
	if (strncmp(target, "/api/", 5) == 0 && resp.body) {
		json_t *js = json_loadb(resp.body, resp.body_len, 0, NULL);
		check(js || strncmp(resp.content_type, "application/json", 16) != 0);
		if (js && resp.status >= 400) {
			json_t *err = json_object_get(js, "error");
			const char *code = json_string_value(json_object_get(err, "code"));
			const char *m = json_string_value(json_object_get(err, "message"));
			const char *mz = json_string_value(json_object_get(err, "message_zh"));
			check(code && m && mz && *m && *mz && ms_utf8_valid(m, strlen(m)) && ms_utf8_valid(mz, strlen(mz)));
		}
		json_decref(js);
	}
	ms_http_response_fini(&resp);
	free(body);
	return 0;
}
