/*
 * test_openapi.c — the OpenAPI document of the program (ms_api_openapi on
 * ms_app_routes and ms_app_codes): every route is an operation under
 * paths with its method, and nothing else is; each operation says who may
 * call it (x-access, the route's access bits), which codes it may answer
 * (x-error-codes, all of the catalogue), its responses, its path
 * parameter and body; every $ref resolves to a schema of
 * components.schemas; the catalogue is there whole, with statuses.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "cli/cli.h"
#include "unit.h"

static json_t *doc;

static int setup(void **state)
{
	(void)state;
	doc = ms_api_openapi(ms_app_routes, ms_app_codes);
	return doc ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	json_decref(doc);
	return 0;
}

static bool in_catalogue(const char *code)
{
	for (const struct ms_code *const *const *l = ms_app_codes; *l; l++)
		for (const struct ms_code *const *c = *l; *c; c++)
			if (strcmp((*c)->code, code) == 0)
				return true;
	return false;
}

static bool array_has(json_t *a, const char *s)
{
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v) if (json_is_string(v) && strcmp(json_string_value(v), s) == 0) return true;
	return false;
}

/* The operation of r, or NULL. */
static json_t *operation(const struct ms_route *r)
{
	char method[16];
	size_t k = 0;
	for (; r->method[k] && k + 1 < sizeof method; k++)
		method[k] = (char)(r->method[k] | 0x20);
	method[k] = 0;
	return json_object_get(json_object_get(json_object_get(doc, "paths"), r->pattern), method);
}

/* ---- one route ---------------------------------------------------------- */

static void run_route(void **state)
{
	const struct ms_route *r = *state;
	json_t *op = operation(r);
	if (!json_is_object(op))
		fail_msg("no operation %s %s under paths", r->method, r->pattern);
	assert_true(json_string_length(json_object_get(op, "operationId")) > 0);

	/* x-access: the route's access bits, by key. */
	json_t *access = json_object_get(op, "x-access");
	assert_true(json_is_array(access));
	assert_true(json_array_size(access) > 0);
	size_t bits = 0;
	for (int i = 0; i < MS_ACCESS_KINDS; i++)
		if (r->access & (1u << i)) {
			assert_true(array_has(access, ms_names_key(&ms_access_names, i)));
			bits++;
		}
	assert_int_equal(json_array_size(access), bits);

	/* x-error-codes: codes of the catalogue, the route's own among them. */
	json_t *codes = json_object_get(op, "x-error-codes");
	assert_true(json_is_array(codes));
	assert_true(json_array_size(codes) > 0);
	size_t i;
	json_t *v;
	json_array_foreach(codes, i, v) {
		assert_true(json_is_string(v));
		if (!in_catalogue(json_string_value(v)))
			fail_msg("%s is not in the catalogue", json_string_value(v));
	}
	for (const struct ms_code *const *c = r->errors; c && *c; c++)
		if (!array_has(codes, (*c)->code))
			fail_msg("its own code %s is not listed", (*c)->code);
	bool mut = strcmp(r->method, "GET") != 0;
	if (mut)
		assert_true(array_has(codes, "unknown_field") && array_has(codes, "invalid_value"));
	if (!(r->access & MS_ACCESS_PUBLIC))
		assert_true(array_has(codes, "unauthenticated"));

	/* responses: a success and the error body. */
	json_t *responses = json_object_get(op, "responses");
	assert_true(json_is_object(responses));
	assert_non_null(json_object_get(responses, r->flags & MS_ROUTE_CREATES ? "201" : "200"));
	const char *ref = NULL;
	assert_int_equal(json_unpack(responses, "{s:{s:{s:{s:{s:s}}}}}", "default", "content", "application/json",
				     "schema", "$ref", &ref),
			 0);
	assert_string_equal(ref, "#/components/schemas/Error");

	/* {id} is a parameter; a mutation has a body. */
	json_t *params = json_object_get(op, "parameters");
	bool has_id = false;
	json_array_foreach(params, i, v) has_id |= strcmp(json_string_value(json_object_get(v, "name")), "id") == 0 &&
						   strcmp(json_string_value(json_object_get(v, "in")), "path") == 0;
	assert_int_equal(has_id, strstr(r->pattern, "{id}") != NULL);
	assert_int_equal(json_object_get(op, "requestBody") != NULL, mut);
}

/* ---- the whole document ------------------------------------------------- */

static void test_nothing_but_the_routes(void **state)
{
	(void)state;
	size_t routes = 0, ops = 0;
	for (const struct ms_routes *const *t = ms_app_routes; *t; t++)
		routes += (*t)->n;
	const char *path, *method;
	json_t *item, *op;
	json_t *ids = json_object();
	json_object_foreach(json_object_get(doc, "paths"), path, item) {
		json_object_foreach(item, method, op) {
			ops++;
			const char *id = json_string_value(json_object_get(op, "operationId"));
			assert_non_null(id);
			if (json_object_get(ids, id))
				fail_msg("operationId %s twice", id);
			json_object_set_new(ids, id, json_true());
		}
	}
	json_decref(ids);
	assert_string_equal(json_string_value(json_object_get(doc, "openapi")), "3.1.0");
	assert_int_equal(ops, routes);
}

/* The "$ref"s below v that do not name a non-empty schema of schemas,
 * printed and counted; the others are counted in *n. */
static size_t bad_refs(json_t *v, json_t *schemas, size_t *n)
{
	static const char prefix[] = "#/components/schemas/";
	size_t bad = 0, i;
	const char *key;
	json_t *x;
	if (json_is_object(v)) {
		json_object_foreach(v, key, x) {
			if (strcmp(key, "$ref") != 0) {
				bad += bad_refs(x, schemas, n);
				continue;
			}
			const char *ref = json_string_value(x);
			json_t *s = ref && strncmp(ref, prefix, strlen(prefix)) == 0
					    ? json_object_get(schemas, ref + strlen(prefix))
					    : NULL;
			if (json_is_object(s) && json_object_size(s) > 0) {
				(*n)++;
				continue;
			}
			printf("# $ref %s does not resolve\n", ref ? ref : "(not a string)");
			bad++;
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x) bad += bad_refs(x, schemas, n);
	}
	return bad;
}

static void test_refs_resolve(void **state)
{
	(void)state;
	json_t *schemas = json_object_get(json_object_get(doc, "components"), "schemas");
	assert_true(json_is_object(schemas));
	size_t n = 0;
	assert_int_equal(bad_refs(doc, schemas, &n), 0);
	printf("# %zu $refs to %zu schemas\n", n, json_object_size(schemas));
	assert_true(n > 0);
	/* The check itself finds a $ref that goes nowhere, or elsewhere. */
	json_t *made = ms_unit_json("{'a':[{'$ref':'#/components/schemas/Nope'}],'b':{'$ref':'Poll'},"
				    "'c':{'$ref':'#/components/schemas/Error'}}");
	size_t m = 0;
	assert_int_equal(bad_refs(made, schemas, &m), 2);
	assert_int_equal(m, 1);
	json_decref(made);
}

static void test_catalogue(void **state)
{
	(void)state;
	json_t *cat = json_object_get(doc, "x-error-catalogue");
	json_t *names = json_object_get(json_object_get(json_object_get(json_object_get(doc, "components"), "schemas"),
							"ErrorCode"),
					"enum");
	size_t k = 0;
	for (const struct ms_code *const *const *l = ms_app_codes; *l; l++)
		for (const struct ms_code *const *c = *l; *c; c++, k++) {
			json_t *e = json_array_get(cat, k);
			assert_string_equal(json_string_value(json_object_get(e, "code")), (*c)->code);
			assert_int_equal(json_integer_value(json_object_get(e, "status")), ms_api_status((*c)->err));
			assert_string_equal(json_string_value(json_object_get(e, "zh")), (*c)->zh);
			assert_string_equal(json_string_value(json_object_get(e, "en")), (*c)->en);
			assert_true(array_has(names, (*c)->code));
		}
	assert_int_equal(json_array_size(cat), k);
	assert_int_equal(json_array_size(names), k);
}

int main(void)
{
	static char names[256][96];
	size_t k = 0;
	struct ms_unit_list l = {0};
	for (const struct ms_routes *const *t = ms_app_routes; *t; t++)
		for (size_t i = 0; i < (*t)->n && k < N_OF(names); i++, k++) {
			snprintf(names[k], sizeof names[k], "%s %s", (*t)->v[i].method, (*t)->v[i].pattern);
			ms_unit_add(&l, names[k], run_route, &(*t)->v[i]);
		}
	MS_UNIT_TEST(&l, test_nothing_but_the_routes);
	MS_UNIT_TEST(&l, test_refs_resolve);
	MS_UNIT_TEST(&l, test_catalogue);
	return ms_unit_run("openapi", &l, setup, teardown);
}
