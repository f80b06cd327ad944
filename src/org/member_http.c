/* member_http.c — accounts in their congress: POST /users, a congress's
 * deputies, the roster import by CSV, and a new activation code for an
 * account. Nobody chooses another's password: every account made here
 * answers a one-time activation code, which its owner uses to choose the
 * password (auth: POST /activate). */
#include "org.h"

#include <stdlib.h>
#include <string.h>

#include "../api/csvimport.h"
#include "../audit/audit.h"

static const struct ms_field deputy_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("login", MS_F_STR), MS_OUT("name", MS_F_STR), MS_OUT("congress_id", MS_F_ID),
	{.name = "standing_committee", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED,
	 .doc = "a member of the congress's standing committee (常委会组成人员): the electorate of a poll so set"},
	{0}};
const struct ms_view ms_deputy_view = {"Deputy", deputy_fields, "a deputy of a congress"};

#define ACTIVATION_OUT                                                                                          \
	{.name = "activation_code", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED,                               \
	 .doc = "the one-time activation code, shown this once (the store keeps its hash only)"},               \
	{.name = "activation_expires_at", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED,                         \
	 .doc = "until when the code may be used (ISO 8601, UTC)"}

static const struct ms_field new_user_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("login", MS_F_STR), MS_OUT("name", MS_F_STR),
	{.name = "roles", .kind = MS_F_ARRAY, .item = MS_F_ENUM, .names = &ms_role_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT_NULL("congress_id", MS_F_ID), MS_OUT_NULL("unit_id", MS_F_ID), ACTIVATION_OUT,
	{0}};
static const struct ms_view new_user_view = {"NewUser", new_user_fields,
					     "a new account and its one-time activation code"};

static const struct ms_field activation_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("login", MS_F_STR), MS_OUT("name", MS_F_STR), ACTIVATION_OUT, {0}};
const struct ms_view ms_activation_view = {"Activation", activation_fields,
					   "an account's new one-time activation code"};

/* o (a user's JSON) with its code; NULL when o is. */
static json_t *with_code(json_t *o, const struct ms_activation *a)
{
	if (o && (json_object_set_new(o, "activation_code", json_string(a->code)) ||
		  json_object_set_new(o, "activation_expires_at", json_string(a->expires)))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static const struct ms_field user_body[] = {
	{.name = "login", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .max = 200,
	 .doc = "2 to 64 letters, digits or . _ - @"},
	{.name = "name", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_NAME_MAX},
	{.name = "roles", .kind = MS_F_ARRAY, .item = MS_F_ENUM, .names = &ms_role_names, .flags = MS_FIELD_REQUIRED,
	 .min = 1, .max = 4},
	{.name = "congress_id", .kind = MS_F_ID, .flags = MS_FIELD_NULLABLE},
	{.name = "unit_id", .kind = MS_F_ID, .flags = MS_FIELD_NULLABLE},
	{0}};

static int h_user_create(struct ms_ctx *c, json_t **out)
{
	struct ms_account_in in = {.login = ms_api_str(c, "login"),
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
	struct ms_activation a;
	int rc;
	if (ms_member_check(&c->who, &in, &f))
		return ms_faults_result(&f, &c->err);
	if ((rc = ms_account_prepare(&in, ms_api_pwhash_cost(c), &u, &c->err)) || (rc = ms_api_begin(c, true)) ||
	    (rc = ms_member_create(c->db, &c->who, &u, &c->err)) ||
	    (rc = ms_activation_issue(c->db, &c->who, &u.a, &a, &c->err)))
		return rc;
	return ms_api_answer(c, with_code(ms_user_json(&u.a), &a), out);
}

static int h_reissue(struct ms_ctx *c, json_t **out)
{
	struct ms_actor user;
	struct ms_activation a;
	int rc = ms_member_reissue(c->db, &c->who, c->id, &user, &a, &c->err);
	if (rc)
		return rc;
	return ms_api_answer(c,
			     with_code(json_pack("{s:I, s:s, s:s}", "id", (json_int_t)user.id, "login", user.login,
						 "name", user.name),
				       &a),
			     out);
}

/* ---- the accounts: the list, a change, deactivation ---- */

static const struct ms_field entry_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("login", MS_F_STR), MS_OUT("name", MS_F_STR),
	{.name = "roles", .kind = MS_F_ARRAY, .item = MS_F_ENUM, .names = &ms_role_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT_NULL("congress_id", MS_F_ID), MS_OUT_NULL("unit_id", MS_F_ID),
	{.name = "status", .kind = MS_F_ENUM, .names = &ms_user_status_names, .flags = MS_FIELD_REQUIRED,
	 .doc = "active: has a password; pending: waiting for its activation code; inactive: deactivated"},
	MS_OUT("created_at", MS_F_STR),
	{0}};
static const struct ms_view user_entry_view = {"UserEntry", entry_fields, "an account, as the administrators see it"};

static const struct ms_field users_query[] = {
	{.name = "congress_id", .kind = MS_F_ID, .doc = "only the accounts of this congress (a clerk: its own)"},
	{.name = "role", .kind = MS_F_ENUM, .names = &ms_role_names, .doc = "only the accounts with this role"},
	{0}};

static int h_user_list(struct ms_ctx *c, json_t **out)
{
	json_t *q = NULL;
	int rc = ms_api_query_args(c, &q);
	if (rc)
		return rc;
	int64_t congress = json_integer_value(json_object_get(q, "congress_id"));
	if (!ms_actor_is(&c->who, MS_ROLE_ADMIN)) {
		/* A clerk lists its own congress's accounts only. */
		if (congress && congress != c->who.congress_id) {
			char zh[200], en[200];
			json_decref(q);
			return ms_failf(&c->err, MS_E_FORBIDDEN, "congress_id",
					ms_access_words(MS_ACCESS_ADMIN | MS_ACCESS_CLERK, zh, sizeof zh, en, sizeof en));
		}
		congress = c->who.congress_id;
	}
	rc = ms_user_list(c->db, congress, json_string_value(json_object_get(q, "role")), &c->page, out, &c->err);
	json_decref(q);
	return rc;
}

static const struct ms_field user_edit_body[] = {
	{.name = "name", .kind = MS_F_STR, .min = 1, .max = MS_NAME_MAX},
	{.name = "roles", .kind = MS_F_ARRAY, .item = MS_F_ENUM, .names = &ms_role_names, .min = 1, .max = 4,
	 .doc = "every role of the account (replacing those before)"},
	{.name = "congress_id", .kind = MS_F_ID, .flags = MS_FIELD_NULLABLE},
	{.name = "unit_id", .kind = MS_F_ID, .flags = MS_FIELD_NULLABLE},
	{0}};

static int h_user_update(struct ms_ctx *c, json_t **out)
{
	struct ms_member_patch p = {.name = ms_api_str(c, "name"),
				    .set_roles = ms_api_has(c, "roles"),
				    .congress_id = ms_api_int(c, "congress_id", 0),
				    .set_congress = ms_api_present(c, "congress_id"),
				    .unit_id = ms_api_int(c, "unit_id", 0),
				    .set_unit = ms_api_present(c, "unit_id")};
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(c->body, "roles"), i, r) {
		int k = ms_names_find(&ms_role_names, json_string_value(r));
		if (k >= 0)
			p.roles |= 1u << k;
	}
	int rc = ms_member_update(c->db, &c->who, c->id, &p, &c->err);
	return rc ? rc : ms_user_entry(c->db, c->id, out, &c->err);
}

static int h_deactivate(struct ms_ctx *c, json_t **out)
{
	int rc = ms_member_deactivate(c->db, &c->who, c->id, &c->err);
	return rc ? rc : ms_user_entry(c->db, c->id, out, &c->err);
}

static int h_deputy_list(struct ms_ctx *c, json_t **out)
{
	return ms_deputy_list(c->db, c->id, &c->page, out, &c->err);
}

/* ---- the roster by CSV ---- */

/* The password column is still read, for rosters made for earlier
 * versions, but no longer sets a password: every deputy gets a one-time
 * activation code (in the answer's rows), and chooses the password. */

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
	if (rc || (rc = ms_import_open(c, &im, roster_cols, ROSTER_COLS, 3u, ROSTER_LOGIN)))
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
	for (size_t i = 0; i < im.n; i++) {
		struct ms_activation a;
		if ((rc = ms_member_create(c->db, &c->who, &users[i], &c->err)) ||
		    (rc = ms_activation_issue(c->db, &c->who, &users[i].a, &a, &c->err)))
			goto out;
		json_t *row = json_array_get(im.rows, i);
		if (!row || json_object_set_new(row, "activation_code", json_string(a.code)) ||
		    json_object_set_new(row, "activation_expires_at", json_string(a.expires))) {
			rc = ms_nomem(&c->err);
			goto out;
		}
	}
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

static const struct ms_code *const reissue_errors[] = {&MS_E_FORBIDDEN, NULL};
static const struct ms_code *const user_edit_errors[] = {
	&MS_E_FORBIDDEN, &MS_E_NO_ROLES, &MS_E_CONGRESS_REQUIRED, &MS_E_UNIT_REQUIRED, &MS_E_UNKNOWN_CONGRESS,
	&MS_E_UNIT_NOT_OF_CONGRESS, &MS_E_CANNOT_CHANGE_SELF, &MS_E_LAST_ADMIN, NULL};
static const struct ms_code *const deactivate_errors[] = {&MS_E_FORBIDDEN, &MS_E_CANNOT_CHANGE_SELF, &MS_E_LAST_ADMIN, NULL};
static const struct ms_field no_body[] = {{0}};

static const struct ms_field committee_body[] = {
	{.name = "deputy_ids", .kind = MS_F_ARRAY, .item = MS_F_ID, .flags = MS_FIELD_REQUIRED, .max = MS_COMMITTEE_MAX,
	 .doc = "every member of the standing committee (deputies of this congress); the others are not"},
	{0}};
static const struct ms_field committee_fields[] = {MS_OUT("members", MS_F_INT), {0}};
static const struct ms_view committee_view = {"Committee", committee_fields,
					      "how many deputies sit on the standing committee"};
static const struct ms_code *const committee_errors[] = {&MS_E_NOT_DEPUTY_OF, &MS_E_DEPUTY_LISTED_TWICE, &MS_E_COMMITTEE_IN_USE, NULL};

static int h_committee(struct ms_ctx *c, json_t **out)
{
	size_t n;
	int64_t *ids = ms_api_ints(c, "deputy_ids", &n);
	int rc = ids ? ms_committee_set(c->db, &c->who, c->id, ids, n, &c->err) : ms_nomem(&c->err);
	free(ids);
	return rc ? rc : ms_api_answer(c, json_pack("{s:I}", "members", (json_int_t)n), out);
}

static const struct ms_route routes[] = {
	{.method = "POST", .pattern = "/users", .fn = h_user_create, .access = MS_ACCESS_ADMIN | MS_ACCESS_ANY_CLERK,
	 .body = user_body, .flags = MS_ROUTE_SELF_TX | MS_ROUTE_CREATES, .returns = &new_user_view,
	 .errors = user_errors,
	 .summary = "create an account (a clerk: deputies and unit officers of its own congress); it answers the "
		    "one-time activation code with which the user chooses a password"},
	{.method = "GET", .pattern = "/users", .fn = h_user_list, .access = MS_ACCESS_ADMIN | MS_ACCESS_ANY_CLERK,
	 .flags = MS_ROUTE_PAGED, .query_fields = users_query, .returns = &user_entry_view,
	 .summary = "the accounts (a clerk: its own congress's), by id; search by login or name"},
	{.method = "PATCH", .pattern = "/users/{id}", .fn = h_user_update, .access = MS_ACCESS_ADMIN | MS_ACCESS_CLERK,
	 .owner = ms_user_owner, .body = user_edit_body, .returns = &user_entry_view, .errors = user_edit_errors,
	 .summary = "change an account's name, roles, congress or unit (a clerk: deputies and unit officers of its "
		    "congress, who stay such)"},
	{.method = "POST", .pattern = "/users/{id}/deactivation", .fn = h_deactivate,
	 .access = MS_ACCESS_ADMIN | MS_ACCESS_CLERK, .owner = ms_user_owner, .body = no_body,
	 .returns = &user_entry_view, .errors = deactivate_errors,
	 .summary = "deactivate an account: its password, activation code and sessions end (a new activation code "
		    "lets it back in)"},
	{.method = "GET", .pattern = "/congresses/{id}/deputies", .fn = h_deputy_list, .access = MS_ACCESS_STAFF,
	 .owner = ms_congress_owner, .flags = MS_ROUTE_PAGED, .returns = &ms_deputy_view,
	 .summary = "the congress's deputies (search by name or login)"},
	{.method = "POST", .pattern = "/congresses/{id}/deputies/import", .fn = h_deputy_import,
	 .access = MS_ACCESS_STAFF, .owner = ms_congress_owner, .body = ms_import_body, .flags = MS_ROUTE_SELF_TX | MS_ROUTE_CREATES,
	 .returns = &ms_import_answer_view, .errors = import_errors,
	 .summary = "add deputies from a CSV roster (columns name, login; a password column is ignored): each row of "
		    "the answer carries the deputy's one-time activation code"},
	{.method = "PUT", .pattern = "/congresses/{id}/committee", .fn = h_committee, .access = MS_ACCESS_STAFF,
	 .owner = ms_congress_owner, .body = committee_body, .returns = &committee_view, .errors = committee_errors,
	 .summary = "name the members of the congress's standing committee (常委会组成人员), who vote in a poll whose "
		    "electorate is the committee (a year-end evaluation, in some places)"},
	{.method = "POST", .pattern = "/users/{id}/activation", .fn = h_reissue,
	 .access = MS_ACCESS_ADMIN | MS_ACCESS_CLERK, .owner = ms_user_owner, .body = no_body,
	 .flags = MS_ROUTE_CREATES, .returns = &ms_activation_view, .errors = reissue_errors,
	 .summary = "a new one-time activation code for an account (a clerk: deputies and unit officers of its "
		    "congress); the old password and every session of the user end"},
};
const struct ms_routes ms_member_routes = MS_ROUTES(routes);
