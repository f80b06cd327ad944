/*
 * test_routes.c — the route tables' own check (ms_api_check_routes, run
 * by ms_api_new at start-up): the program's tables (ms_app_routes) pass,
 * and every kind of faulty table is refused with MS_ERR_INTERNAL naming
 * the route — a route that declares no access, a route for a congress's
 * staff, deputies or units that finds no owning congress, an owner
 * without {id}, a mutation without a body table, a route declared twice.
 * So a new route with no declared access fails these tests, not a user.
 * Also who may call a route, in the words of "only … may do this".
 */
#include <string.h>

#include "api/api.h"
#include "cli/cli.h"
#include "unit.h"

static int h(struct ms_ctx *c, json_t **out)
{
	(void)c, (void)out;
	return 0;
}

static int owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	(void)db, (void)e;
	*congress_id = id;
	return 0;
}

static const struct ms_field body[] = {{0}};

#define R(m_, p_, a_, o_, b_) {.method = m_, .pattern = p_, .fn = h, .access = a_, .owner = o_, .body = b_}
#define GET(p_, a_) R("GET", p_, a_, NULL, NULL)
#define ADMIN MS_ACCESS_ADMIN

struct table_case {
	const char *name;
	struct ms_route v[3];
	size_t n;
	size_t split;      /* the routes from split on are a second table (0: one table) */
	const char *want;  /* the error's message; NULL: accepted */
};

static const struct table_case tables[] = {
	{"a public GET", {GET("/things", MS_ACCESS_PUBLIC)}, 1, 0, NULL},
	{"a clerk's route with its owner", {R("GET", "/things/{id}", MS_ACCESS_CLERK, owner, NULL)}, 1, 0, NULL},
	{"a deputy's and a unit's route with its owner",
	 {R("POST", "/things/{id}/x", MS_ACCESS_DEPUTY | MS_ACCESS_UNIT, owner, body)}, 1, 0, NULL},
	{"a mutation with an empty body table", {R("POST", "/things", ADMIN, NULL, body)}, 1, 0, NULL},
	{"one pattern, two methods", {GET("/things", ADMIN), R("POST", "/things", ADMIN, NULL, body)}, 2, 0, NULL},
	{"HEAD is no mutation", {R("HEAD", "/things", MS_ACCESS_PUBLIC, NULL, NULL)}, 1, 0, NULL},
	{"one pattern in two tables, two methods", {GET("/things", ADMIN), R("PATCH", "/things", ADMIN, NULL, body)}, 2,
	 1, NULL},
	{"no declared access", {GET("/things", 0)}, 1, 0, "route GET /things declares no access (who may call it)"},
	{"an access bit that is no kind", {GET("/things", 1u << MS_ACCESS_KINDS)}, 1, 0,
	 "route GET /things declares no access (who may call it)"},
	{"no access among good routes", {GET("/a", ADMIN), R("POST", "/b", 0, NULL, body), GET("/c", ADMIN)}, 3, 0,
	 "route POST /b declares no access (who may call it)"},
	{"a clerk's route without an owner", {GET("/things/{id}", MS_ACCESS_CLERK)}, 1, 0,
	 "route GET /things/{id} admits the staff, deputies or units of a congress but finds no owning congress"},
	{"a deputy's route without an owner", {GET("/things/{id}", MS_ACCESS_DEPUTY)}, 1, 0,
	 "route GET /things/{id} admits the staff, deputies or units of a congress but finds no owning congress"},
	{"a unit's route without an owner", {GET("/things/{id}", MS_ACCESS_UNIT)}, 1, 0,
	 "route GET /things/{id} admits the staff, deputies or units of a congress but finds no owning congress"},
	{"the staff without an owner", {GET("/things", MS_ACCESS_STAFF)}, 1, 0,
	 "route GET /things admits the staff, deputies or units of a congress but finds no owning congress"},
	{"an owner without {id}", {R("GET", "/things", ADMIN, owner, NULL)}, 1, 0,
	 "route GET /things has an owner but no {id} in its path"},
	{"an owner with {idx}", {R("GET", "/things/{idx}", ADMIN, owner, NULL)}, 1, 0,
	 "route GET /things/{idx} has an owner but no {id} in its path"},
	{"a POST without a body table", {R("POST", "/things", ADMIN, NULL, NULL)}, 1, 0,
	 "route POST /things is a mutation without a body field table"},
	{"a PATCH without a body table", {R("PATCH", "/things/{id}", MS_ACCESS_CLERK, owner, NULL)}, 1, 0,
	 "route PATCH /things/{id} is a mutation without a body field table"},
	{"a DELETE without a body table", {R("DELETE", "/things", ADMIN, NULL, NULL)}, 1, 0,
	 "route DELETE /things is a mutation without a body field table"},
	{"declared twice in one table", {GET("/a", ADMIN), GET("/a", MS_ACCESS_PUBLIC)}, 2, 0,
	 "route GET /a is declared twice"},
	{"declared twice in two tables", {GET("/a", ADMIN), GET("/b", ADMIN), GET("/a", MS_ACCESS_LOGIN)}, 3, 2,
	 "route GET /a is declared twice"},
	{"the later one is named", {GET("/a", ADMIN), GET("/b", ADMIN), GET("/b", ADMIN)}, 3, 0,
	 "route GET /b is declared twice"},
	{"no method", {R(NULL, "/things", ADMIN, NULL, NULL)}, 1, 0, "route ? /things is incomplete"},
	{"no pattern", {R("GET", NULL, ADMIN, NULL, NULL)}, 1, 0, "route GET ? is incomplete"},
	{"a pattern without its /", {GET("things", ADMIN)}, 1, 0, "route GET things is incomplete"},
	{"no handler", {{.method = "GET", .pattern = "/things", .access = ADMIN}}, 1, 0,
	 "route GET /things is incomplete"},
};

/* Check routes (NULL-terminated): 0, or the error with want as its message. */
static void expect(const struct ms_routes *const *routes, const char *want)
{
	struct ms_error e;
	ms_error_clear(&e);
	int rc = ms_api_check_routes(routes, &e);
	if (!want) {
		if (rc)
			fail_msg("refused: %s", e.message);
		return;
	}
	assert_int_equal(rc, MS_ERR_INTERNAL);
	assert_int_equal(e.err, MS_ERR_INTERNAL);
	assert_string_equal(e.message, want);
}

static void run_table(void **state)
{
	const struct table_case *c = *state;
	size_t split = c->split ? c->split : c->n;
	const struct ms_routes one = {c->v, split}, two = {c->v + split, c->n - split};
	const struct ms_routes *const list[] = {&one, c->split ? &two : NULL, NULL};
	expect(list, c->want);
}

static void test_the_program_passes(void **state)
{
	(void)state;
	size_t n = 0;
	for (const struct ms_routes *const *t = ms_app_routes; *t; t++)
		n += (*t)->n;
	printf("# %zu routes\n", n);
	assert_true(n > 20);
	expect(ms_app_routes, NULL);
}

/* The program's tables with one more, as a new domain would add it. */
static void expect_with(const struct ms_routes *extra, const char *want)
{
	const struct ms_routes *list[64];
	size_t n = 0;
	for (const struct ms_routes *const *t = ms_app_routes; *t && n < N_OF(list) - 2; t++)
		list[n++] = *t;
	list[n++] = extra;
	list[n] = NULL;
	expect(list, want);
}

static void test_a_new_route_without_access(void **state)
{
	(void)state;
	static const struct ms_route added[] = {GET("/reports/{id}/summary", 0)};
	static const struct ms_routes extra = MS_ROUTES(added);
	expect_with(&extra, "route GET /reports/{id}/summary declares no access (who may call it)");
}

static void test_a_route_of_the_program_again(void **state)
{
	(void)state;
	const struct ms_route *r = &ms_app_routes[0]->v[0];
	const struct ms_routes extra = {r, 1};
	char want[200];
	snprintf(want, sizeof want, "route %s %s is declared twice", r->method, r->pattern);
	expect_with(&extra, want);
}

static void test_start_up_checks(void **state)
{
	(void)state;
	/* ms_api_new refuses what the check refuses, before anything else. */
	static const struct ms_route bad[] = {GET("/things", 0)};
	static const struct ms_routes bad_t = MS_ROUTES(bad);
	const struct ms_routes *const list[] = {&bad_t, NULL};
	struct ms_api_config cfg = {.routes = list};
	struct ms_api *api = NULL;
	struct ms_error e;
	assert_int_equal(ms_api_new(&cfg, &api, &e), MS_ERR_INTERNAL);
	assert_null(api);
	assert_string_equal(e.message, "route GET /things declares no access (who may call it)");
	cfg.routes = ms_app_routes;
	assert_int_equal(ms_api_new(&cfg, &api, &e), 0);
	assert_null(ms_api_web_root(api));
	ms_api_free(api);
	ms_api_free(NULL);
}

/* ---- who may call, in words -------------------------------------------- */

struct words_case {
	const char *name;
	unsigned access;
	const char *zh, *en;
};

static const struct words_case words[] = {
	{"an administrator", MS_ACCESS_ADMIN, "管理员", "an administrator"},
	{"the staff", MS_ACCESS_STAFF, "管理员或本级人大的工作人员", "an administrator or the staff of this congress"},
	{"deputies or units", MS_ACCESS_DEPUTY | MS_ACCESS_UNIT, "本级人大代表或本级人大的承办单位工作人员",
	 "the deputies of this congress or the officers of this congress's responsible units"},
	{"any clerk", MS_ACCESS_ANY_CLERK, "人大工作人员", "a congress clerk"},
	{"public and login say nothing", MS_ACCESS_PUBLIC | MS_ACCESS_LOGIN, "", ""},
};

static void run_words(void **state)
{
	const struct words_case *c = *state;
	char zh[200], en[200];
	struct ms_arg a = ms_access_words(c->access, zh, sizeof zh, en, sizeof en);
	assert_int_equal(a.kind, MS_ARG_TEXT);
	assert_string_equal(a.zh, c->zh);
	assert_string_equal(a.en, c->en);
}

int main(void)
{
	struct ms_unit_list l = {0};
	MS_UNIT_TABLE(&l, tables, run_table);
	MS_UNIT_TEST(&l, test_the_program_passes);
	MS_UNIT_TEST(&l, test_a_new_route_without_access);
	MS_UNIT_TEST(&l, test_a_route_of_the_program_again);
	MS_UNIT_TEST(&l, test_start_up_checks);
	MS_UNIT_TABLE(&l, words, run_words);
	return ms_unit_run("routes", &l, NULL, NULL);
}
