/* member_http.c — accounts in their congress: POST /users, a congress's
 * deputies, and the roster import by CSV. Passwords are hashed before the
 * write transaction begins (MS_ROUTE_SELF_TX). */
#include "org.h"

#include <stdlib.h>
#include <string.h>

#include "../api/csvimport.h"
#include "../audit/audit.h"

static const struct ms_field deputy_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("login", MS_F_STR), MS_OUT("name", MS_F_STR), MS_OUT("congress_id", MS_F_ID),
	{0}};
const struct ms_view ms_deputy_view = {"Deputy", deputy_fields, "a deputy of a congress"};

static const struct ms_field user_body[] = {
	{.name = "login", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .max = 200,
	 .doc = "2 to 64 letters, digits or . _ - @"},
	{.name = "password", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_VERBATIM, .min = MS_PASSWORD_MIN, .max = MS_PASSWORD_MAX},
	{.name = "name", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_NAME_MAX},
	{.name = "roles", .kind = MS_F_ARRAY, .item = MS_F_ENUM, .names = &ms_role_names, .flags = MS_FIELD_REQUIRED,
	 .min = 1, .max = 4},
	{.name = "congress_id", .kind = MS_F_ID, .flags = MS_FIELD_NULLABLE},
	{.name = "unit_id", .kind = MS_F_ID, .flags = MS_FIELD_NULLABLE},
	{0}};

static int h_user_create(struct ms_ctx *c, json_t **out)
{
	struct ms_account_in in = {.login = ms_api_str(c, "login"),
				   .password = ms_api_str(c, "password"),
				   .name = ms_api_str(c, "name"),
				   .congress_id = ms_api_int(c, "congress_id", 0),
				   .unit_id = ms_api_int(c, "unit_id", 0)};
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(c->body, "roles"), i, r) {
		int k = ms_names_find(&ms_role_names, json_string_value(r));
		if (k >= 0)
			in.roles |= 1u << k;
	}
	struct ms_faults f = {0};
	struct ms_user u;
	int rc;
	if (ms_member_check(&c->who, &in, &f))
		return ms_faults_result(&f, &c->err);
	if ((rc = ms_account_prepare(&in, ms_api_pwhash_cost(c), &u, &c->err)) || (rc = ms_api_begin(c, true)) ||
	    (rc = ms_member_create(c->db, &c->who, &u, &c->err)))
		return rc;
	return ms_api_answer(c, ms_user_json(&u.a), out);
}

static int h_deputy_list(struct ms_ctx *c, json_t **out)
{
	return ms_deputy_list(c->db, c->id, &c->page, out, &c->err);
}

/* ---- the roster by CSV ---- */

enum { ROSTER_NAME, ROSTER_LOGIN, ROSTER_PASSWORD, ROSTER_COLS };
static const char *const roster_cols[ROSTER_COLS] = {"name", "login", "password"};

/* Faults of a row go to the import, under the row's line. */
struct row_faults {
	struct ms_faults f;
	struct ms_import *im;
	size_t line;
	bool login; /* a fault of the login among them */
};

static void add_row_fault(struct ms_faults *f, const struct ms_error *e)
{
	struct row_faults *r = (struct row_faults *)f;
	r->login |= strcmp(e->field, "login") == 0;
	ms_import_fault(r->im, r->line, NULL, e);
}

/* Check row i into *in; its faults into the import. 0 or a store error. */
static int roster_row(struct ms_ctx *c, struct ms_import *im, size_t i, struct ms_account_in *in)
{
	size_t line;
	char **f = ms_import_row(im, i, &line);
	if (!f)
		return 0;
	*in = (struct ms_account_in){.name = ms_import_cell(im, f, ROSTER_NAME),
				     .login = ms_import_cell(im, f, ROSTER_LOGIN),
				     .password = ms_import_cell(im, f, ROSTER_PASSWORD),
				     .roles = MS_ROLE_DEPUTY,
				     .congress_id = c->id};
	struct row_faults rf = {.f = {.add = add_row_fault}, .im = im, .line = line};
	ms_member_check(&c->who, in, &rf.f);
	if (!rf.login) {
		bool taken = false;
		int rc = ms_login_taken(c->db, in->login, &taken, &c->err);
		if (rc)
			return rc;
		if (taken) {
			struct ms_error x;
			ms_failf(&x, MS_E_LOGIN_TAKEN, "login", MS_AS(in->login));
			ms_import_fault(im, line, "login", &x);
		}
		if (im->repeat[i])
			ms_import_fault_repeat(im, line, "login", in->login);
	}
	return ms_import_preview(c, im,
				 json_pack("{s:I, s:s, s:s}", "line", (json_int_t)line, "name", in->name, "login", in->login));
}

static int h_deputy_import(struct ms_ctx *c, json_t **out)
{
	struct ms_import im;
	struct ms_account_in *in = NULL;
	struct ms_user *users = NULL;
	/* Read what exists (taken logins) in a read transaction, hash outside
	 * any transaction, then write everything in one. */
	int rc = ms_api_begin(c, false);
	if (rc || (rc = ms_import_open(c, &im, roster_cols, ROSTER_COLS, 7u, ROSTER_LOGIN)))
		goto out;
	in = calloc(im.n ? im.n : 1, sizeof *in);
	users = calloc(im.n ? im.n : 1, sizeof *users);
	if (!in || !users) {
		rc = ms_nomem(&c->err);
		goto out;
	}
	for (size_t i = 0; i < im.n; i++)
		if ((rc = roster_row(c, &im, i, &in[i])))
			goto out;
	ms_db_rollback(c->db);
	if ((rc = ms_import_check(c, &im)) || im.dry_run)
		goto answer;
	for (size_t i = 0; i < im.n; i++)
		if ((rc = ms_account_prepare(&in[i], ms_api_pwhash_cost(c), &users[i], &c->err)))
			goto out;
	if ((rc = ms_api_begin(c, true)))
		goto out;
	for (size_t i = 0; i < im.n; i++)
		if ((rc = ms_member_create(c->db, &c->who, &users[i], &c->err)))
			goto out;
	if ((rc = ms_audit_append(c->db, &c->who, c->id, "deputy.import", "congress", c->id,
				  json_pack("{s:I}", "created", (json_int_t)im.n), &c->err)))
		goto out;
answer:
	if (!rc)
		rc = ms_import_answer(c, &im, out);
out:
	free(in);
	free(users);
	ms_import_close(&im);
	return rc;
}

static const struct ms_code *const user_errors[] = {
	&MS_E_INVALID_LOGIN, &MS_E_LOGIN_TAKEN, &MS_E_NO_ROLES, &MS_E_CONGRESS_REQUIRED, &MS_E_UNIT_REQUIRED,
	&MS_E_UNKNOWN_CONGRESS, &MS_E_UNIT_NOT_OF_CONGRESS, NULL};
static const struct ms_code *const import_errors[] = {
	&MS_E_LOGIN_TAKEN,	&MS_E_INVALID_CSV,	&MS_E_CSV_SYNTAX,	  &MS_E_CSV_EMPTY, &MS_E_CSV_UNKNOWN_COLUMN,
	&MS_E_CSV_REPEATED_COLUMN, &MS_E_CSV_MISSING_COLUMN, NULL};

static const struct ms_route routes[] = {
	{.method = "POST", .pattern = "/users", .fn = h_user_create, .access = MS_ACCESS_ADMIN | MS_ACCESS_ANY_CLERK,
	 .body = user_body, .flags = MS_ROUTE_SELF_TX | MS_ROUTE_CREATES, .returns = &ms_user_view, .errors = user_errors,
	 .summary = "create an account (a clerk: deputies and unit officers of its own congress)"},
	{.method = "GET", .pattern = "/congresses/{id}/deputies", .fn = h_deputy_list, .access = MS_ACCESS_STAFF,
	 .owner = ms_congress_owner, .flags = MS_ROUTE_PAGED, .returns = &ms_deputy_view,
	 .summary = "the congress's deputies (search by name or login)"},
	{.method = "POST", .pattern = "/congresses/{id}/deputies/import", .fn = h_deputy_import,
	 .access = MS_ACCESS_STAFF, .owner = ms_congress_owner, .body = ms_import_body, .flags = MS_ROUTE_SELF_TX | MS_ROUTE_CREATES,
	 .returns = &ms_import_answer_view, .errors = import_errors,
	 .summary = "add deputies from a CSV roster (columns name, login, password)"},
};
const struct ms_routes ms_member_routes = MS_ROUTES(routes);
