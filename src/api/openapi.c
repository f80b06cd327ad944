/*
 * openapi.c — the OpenAPI 3.1 document of the API, made from the route
 * tables, their field tables and views, and the catalogue of error codes:
 * every route with who may call it (x-access), its body's schema, its
 * answer's schema and the codes it may answer (x-error-codes); the
 * catalogue with both languages (x-error-catalogue); the labels of every
 * enum a body or an answer uses (x-enums). `minsheng api-schema` prints
 * it; the web app's types are generated from it.
 */
#include "api.h"

#include <stdio.h>
#include <string.h>

#include "csvimport.h"

static json_t *field_schema(const struct ms_field *f, json_t *doc);

/* The schema of a view, added to components.schemas once; a $ref to it. */
static json_t *view_ref(const struct ms_view *v, json_t *doc);

/* Record the labels of an enum in x-enums. */
static void note_enum(const struct ms_names *names, json_t *doc)
{
	json_t *enums = json_object_get(doc, "x-enums");
	if (json_object_get(enums, names->what))
		return;
	json_t *list = json_array();
	for (size_t i = 0; i < names->n; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "key", names->v[i].key, "zh", names->v[i].zh,
						      "en", names->v[i].en));
	json_object_set_new(enums, names->what, list);
}

static json_t *kind_schema(enum ms_field_kind kind, const struct ms_field *f, json_t *doc)
{
	switch (kind) {
	case MS_F_STR: return json_pack("{s:s}", "type", "string");
	case MS_F_INT: return json_pack("{s:s}", "type", "integer");
	case MS_F_BOOL: return json_pack("{s:s}", "type", "boolean");
	case MS_F_ID: return json_pack("{s:s, s:i}", "type", "integer", "minimum", 1);
	case MS_F_DATE: return json_pack("{s:s, s:s}", "type", "string", "format", "date");
	case MS_F_ENUM: {
		json_t *keys = json_array();
		for (size_t i = 0; i < f->names->n; i++)
			json_array_append_new(keys, json_string(f->names->v[i].key));
		note_enum(f->names, doc);
		return json_pack("{s:s, s:o, s:s}", "type", "string", "enum", keys, "x-enum", f->names->what);
	}
	case MS_F_OBJECT: {
		if (f->view)
			return view_ref(f->view, doc);
		json_t *props = json_object(), *req = json_array();
		for (const struct ms_field *g = f->sub; g && g->name; g++) {
			json_object_set_new(props, g->name, field_schema(g, doc));
			if (g->flags & MS_FIELD_REQUIRED)
				json_array_append_new(req, json_string(g->name));
		}
		return json_pack("{s:s, s:o, s:o, s:b}", "type", "object", "properties", props, "required", req,
				 "additionalProperties", 0);
	}
	case MS_F_ARRAY:
	case MS_F_ANY: break;
	}
	return json_object();
}

static json_t *field_schema(const struct ms_field *f, json_t *doc)
{
	json_t *s;
	if (f->kind == MS_F_ARRAY) {
		s = json_pack("{s:s, s:o}", "type", "array", "items", kind_schema(f->item, f, doc));
		if (f->min)
			json_object_set_new(s, "minItems", json_integer(f->min));
		if (f->max)
			json_object_set_new(s, "maxItems", json_integer(f->max));
	} else {
		s = kind_schema(f->kind, f, doc);
		const char *len_min = f->kind == MS_F_STR ? "minLength" : "minimum";
		const char *len_max = f->kind == MS_F_STR ? "maxLength" : "maximum";
		if ((f->kind == MS_F_STR || f->kind == MS_F_INT) && (f->min || f->max)) {
			json_object_set_new(s, len_min, json_integer(f->min));
			if (f->max)
				json_object_set_new(s, len_max, json_integer(f->max));
		}
	}
	if (f->doc)
		json_object_set_new(s, "description", json_string(f->doc));
	if (f->flags & MS_FIELD_NULLABLE) {
		/* 3.1: a type array, or anyOf around a $ref */
		json_t *type = json_object_get(s, "type");
		if (json_is_string(type))
			json_object_set_new(s, "type", json_pack("[s, s]", json_string_value(type), "null"));
		else
			s = json_pack("{s:[o, {s:s}]}", "anyOf", s, "type", "null");
		json_t *en = json_object_get(s, "enum");
		if (en)
			json_array_append_new(en, json_null());
	}
	return s;
}

static json_t *fields_schema(const struct ms_field *fields, json_t *doc)
{
	struct ms_field obj = {.kind = MS_F_OBJECT, .sub = fields};
	return kind_schema(MS_F_OBJECT, &obj, doc);
}

static json_t *view_ref(const struct ms_view *v, json_t *doc)
{
	json_t *schemas = json_object_get(json_object_get(doc, "components"), "schemas");
	if (!json_object_get(schemas, v->name)) {
		json_object_set_new(schemas, v->name, json_object()); /* a placeholder while it is made */
		json_t *s = fields_schema(v->fields, doc);
		if (v->doc)
			json_object_set_new(s, "description", json_string(v->doc));
		json_object_set_new(schemas, v->name, s);
	}
	char ref[128];
	snprintf(ref, sizeof ref, "#/components/schemas/%s", v->name);
	return json_pack("{s:s}", "$ref", ref);
}

/* The schema of a page of the view (named "<View>Page"). */
static json_t *page_ref(const struct ms_view *v, json_t *doc)
{
	char name[96], ref[160];
	snprintf(name, sizeof name, "%sPage", v->name);
	json_t *schemas = json_object_get(json_object_get(doc, "components"), "schemas");
	if (!json_object_get(schemas, name))
		json_object_set_new(schemas, name,
				    json_pack("{s:s, s:{s:{s:s, s:o}, s:{s:s}, s:{s:s}, s:{s:s}}, s:[s, s, s, s], s:b}",
					      "type", "object", "properties", "items", "type", "array", "items",
					      view_ref(v, doc), "total", "type", "integer", "page", "type", "integer",
					      "per_page", "type", "integer", "required", "items", "total", "page",
					      "per_page", "additionalProperties", 0));
	snprintf(ref, sizeof ref, "#/components/schemas/%s", name);
	return json_pack("{s:s}", "$ref", ref);
}

static void add_code(json_t *list, const struct ms_code *c)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) if (strcmp(json_string_value(v), c->code) == 0) return;
	json_array_append_new(list, json_string(c->code));
}

/* The codes a route may answer: what every route of its kind may, and its own. */
static json_t *route_codes(const struct ms_route *r, bool mut)
{
	json_t *list = json_array();
	if (mut) {
		add_code(list, &MS_E_INVALID_JSON);
		add_code(list, &MS_E_PAYLOAD_TOO_LARGE);
		if (!(r->flags & MS_ROUTE_NO_CSRF)) {
			add_code(list, &MS_E_UNAUTHENTICATED);
			add_code(list, &MS_E_CSRF);
		}
		add_code(list, &MS_E_UNKNOWN_FIELD);
		add_code(list, &MS_E_INVALID_FIELD);
		add_code(list, &MS_E_MISSING_FIELD);
		add_code(list, &MS_E_INVALID_VALUE);
	}
	if ((r->flags & MS_ROUTE_PAGED) || r->query || r->query_fields)
		add_code(list, &MS_E_INVALID_QUERY);
	if (r->owner)
		add_code(list, &MS_E_NOT_FOUND);
	if (!(r->access & MS_ACCESS_PUBLIC)) {
		add_code(list, &MS_E_UNAUTHENTICATED);
		if (!(r->access & MS_ACCESS_LOGIN))
			add_code(list, &MS_E_FORBIDDEN);
	}
	for (const struct ms_code *const *c = r->errors; c && *c; c++)
		add_code(list, *c);
	for (const struct ms_code *const *c = r->library_errors; c && *c; c++)
		add_code(list, *c);
	add_code(list, &MS_E_BUSY);
	if (r->flags & MS_ROUTE_SLOW)
		add_code(list, r->busy ? r->busy : &MS_E_OVERLOADED);
	return list;
}

static json_t *operation(const struct ms_route *r, json_t *doc)
{
	bool mut = strcmp(r->method, "GET") != 0;
	json_t *op = json_object();
	/* operationId: the method and the path's words, e.g. post_polls_id_ballot */
	char id[160];
	size_t n = (size_t)snprintf(id, sizeof id, "%s", r->method);
	for (size_t i = 0; i < n; i++)
		id[i] = (char)(id[i] | 0x20);
	for (const char *p = r->pattern; *p && n + 1 < sizeof id; p++) {
		char ch = *p == '/' || *p == '-' || *p == '.' ? '_' : *p;
		if (ch == '{' || ch == '}')
			continue;
		id[n++] = ch;
	}
	id[n] = 0;
	json_object_set_new(op, "operationId", json_string(id));
	json_object_set_new(op, "summary", json_string(r->summary ? r->summary : ""));
	json_t *access = json_array();
	for (int i = 0; i < MS_ACCESS_KINDS; i++)
		if (r->access & (1u << i))
			json_array_append_new(access, json_string(ms_access_names.v[i].key));
	json_object_set_new(op, "x-access", access);
	if (r->flags & MS_ROUTE_OWN_STAFF) /* a person's contact details: not read from the congresses above */
		json_object_set_new(op, "x-own-staff", json_true());
	/* three-level linkage: a clerk of a congress above the owning one reads it too (api.c oversee) */
	if (strcmp(r->method, "GET") == 0 && (r->access & MS_ACCESS_CLERK) && r->owner &&
	    !(r->flags & (MS_ROUTE_OWN_STAFF | MS_ROUTE_WRITE)))
		json_object_set_new(op, "x-read-below", json_true());
	json_t *params = json_array();
	if (strstr(r->pattern, "{id}"))
		json_array_append_new(params, json_pack("{s:s, s:s, s:b, s:{s:s, s:i}}", "name", "id", "in", "path",
							"required", 1, "schema", "type", "integer", "minimum", 1));
	if (r->flags & MS_ROUTE_PAGED) {
		json_array_append_new(params, json_pack("{s:s, s:s, s:{s:s, s:i}}", "name", "page", "in", "query", "schema",
							"type", "integer", "minimum", 1));
		json_array_append_new(params, json_pack("{s:s, s:s, s:{s:s, s:i, s:i}}", "name", "per_page", "in", "query",
							"schema", "type", "integer", "minimum", 1, "maximum", 200));
		json_array_append_new(params, json_pack("{s:s, s:s, s:{s:s, s:i}}", "name", "q", "in", "query", "schema",
							"type", "string", "maxLength", 200));
	}
	for (const char *const *q = r->query; q && *q; q++)
		json_array_append_new(params, json_pack("{s:s, s:s, s:{s:s, s:i}}", "name", *q, "in", "query", "schema",
							"type", "integer", "minimum", 0));
	for (const struct ms_field *f = r->query_fields; f && f->name; f++)
		json_array_append_new(params, json_pack("{s:s, s:s, s:o}", "name", f->name, "in", "query", "schema",
							field_schema(f, doc)));
	json_object_set_new(op, "parameters", params);
	if (mut && (r->flags & MS_ROUTE_UPLOAD))
		json_object_set_new(op, "requestBody",
				    json_pack("{s:b, s:s, s:{s:{s:{s:s, s:s, s:I}}}}", "required", 1, "description",
					      "the file's bytes; its type is read from them", "content",
					      "application/octet-stream", "schema", "type", "string", "format", "binary",
					      "maxLength", (json_int_t)r->max_body));
	else if (mut)
		json_object_set_new(op, "requestBody",
				    json_pack("{s:b, s:{s:{s:o}}}", "required", 1, "content", "application/json", "schema",
					      fields_schema(r->body, doc)));
	json_t *ok;
	if (r->flags & MS_ROUTE_RAW && r->raw_type)
		ok = json_pack("{s:s, s:{s:{s:{s:s, s:s}}}}", "description", "a file", "content", r->raw_type, "schema",
			       "type", "string", "format", "binary");
	else if (r->flags & MS_ROUTE_RAW)
		ok = json_pack("{s:s, s:{s:{s:{s:s}}}}", "description", "a file", "content", "text/plain", "schema", "type",
			       "string");
	else
		ok = json_pack("{s:s, s:{s:{s:o}}}", "description", r->summary ? r->summary : "done", "content",
			       "application/json", "schema",
			       r->returns ? (r->flags & MS_ROUTE_PAGED ? page_ref(r->returns, doc) : view_ref(r->returns, doc))
					  : json_pack("{s:s}", "type", "object"));
	json_t *responses = json_object();
	if (r->flags & MS_ROUTE_CREATES) {
		json_object_set_new(responses, "201", ok);
		if (r->body == ms_import_body)
			json_object_set(responses, "200", ok);
	} else {
		json_object_set_new(responses, "200", ok);
	}
	json_object_set_new(responses, "default", json_pack("{s:s, s:{s:{s:{s:s}}}}", "description",
							    "an error: see x-error-codes", "content", "application/json",
							    "schema", "$ref", "#/components/schemas/Error"));
	json_object_set_new(op, "responses", responses);
	json_object_set_new(op, "x-error-codes", route_codes(r, mut));
	if (!(r->access & MS_ACCESS_PUBLIC))
		json_object_set_new(op, "security",
				    mut ? json_pack("[{s:[], s:[]}]", "session", "csrf") : json_pack("[{s:[]}]", "session"));
	else
		json_object_set_new(op, "security", json_array());
	return op;
}

json_t *ms_api_openapi(const struct ms_routes *const *routes, const struct ms_code *const *const *codes)
{
	json_t *catalogue = json_array(), *code_enum = json_array();
	for (const struct ms_code *const *const *l = codes; *l; l++)
		for (const struct ms_code *const *c = *l; *c; c++) {
			json_array_append_new(catalogue, json_pack("{s:s, s:i, s:s, s:s}", "code", (*c)->code, "status",
								   (int)ms_api_status((*c)->err), "zh", (*c)->zh, "en",
								   (*c)->en));
			json_array_append_new(code_enum, json_string((*c)->code));
		}
	json_t *doc = json_object(), *components = json_object(), *schemas = json_object();
	json_object_set_new(doc, "openapi", json_string("3.1.0"));
	json_object_set_new(
		doc, "info",
		json_pack("{s:s, s:s, s:s}", "title", "Minsheng API", "version", "0.1.0", "description",
			  "The livelihood-projects deputy-voting system: JSON over HTTP under /api/v1. An error is "
			  "{\"error\": {\"code\", \"message\", \"message_zh\", \"field\"?, \"details\"?}}; "
			  "every code with its messages in both languages is in x-error-catalogue."));
	json_object_set_new(doc, "servers", json_pack("[{s:s}]", "url", "/api/v1"));
	json_object_set_new(doc, "paths", json_object());
	json_object_set_new(schemas, "ErrorCode", json_pack("{s:s, s:o}", "type", "string", "enum", code_enum));
	json_object_set_new(
		schemas, "ErrorBody",
		json_pack("{s:s, s:{s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, s:{}}, s:[s, s, s], s:b}", "type", "object",
			  "properties", "code", "$ref", "#/components/schemas/ErrorCode", "message", "type", "string",
			  "message_zh", "type", "string", "field", "type", "string", "details", "required", "code",
			  "message", "message_zh", "additionalProperties", 0));
	json_object_set_new(schemas, "Error",
			    json_pack("{s:s, s:{s:{s:s}}, s:[s], s:b}", "type", "object", "properties", "error", "$ref",
				      "#/components/schemas/ErrorBody", "required", "error", "additionalProperties", 0));
	json_object_set_new(components, "schemas", schemas);
	json_object_set_new(components, "securitySchemes",
			    json_pack("{s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s}}", "session", "type", "apiKey", "in", "cookie",
				      "name", "ms_session", "csrf", "type", "apiKey", "in", "header", "name", "X-CSRF-Token"));
	json_object_set_new(doc, "components", components);
	json_object_set_new(doc, "x-error-catalogue", catalogue);
	json_object_set_new(doc, "x-enums", json_object());
	json_t *paths = json_object_get(doc, "paths");
	for (const struct ms_routes *const *t = routes; *t; t++)
		for (size_t i = 0; i < (*t)->n; i++) {
			const struct ms_route *r = &(*t)->v[i];
			json_t *item = json_object_get(paths, r->pattern);
			if (!item) {
				item = json_object();
				json_object_set_new(paths, r->pattern, item);
			}
			char method[16];
			size_t k = 0;
			for (; r->method[k] && k + 1 < sizeof method; k++)
				method[k] = (char)(r->method[k] | 0x20);
			method[k] = 0;
			json_object_set_new(item, method, operation(r, doc));
		}
	return doc;
}
