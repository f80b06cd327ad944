/*
 * handlers.c — one function per API route (see docs/api.md). Each runs
 * inside the request's transaction (begun by api.c, or by the handler after
 * hashing passwords), checks roles first, validates its input against a
 * field table, and returns 0 with *out set, or an error in c->err.
 */
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/csv.h"
#include "../core/utf8.h"
#include "../core/util.h"
#include "../count/count.h"
#include "../count/pb.h"
#include "api_internal.h"

#define OOM(c) ms_error_set(&(c)->err, MS_ERR_NOMEM, NULL, NULL, "out of memory")

static int nomem_if_null(struct ms_ctx *c, json_t *o, json_t **out)
{
	if (!o)
		return OOM(c);
	*out = o;
	return 0;
}

static bool login_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > MS_LOGIN_MAX)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' ||
		      *p == '_' || *p == '-' || *p == '@'))
			return false;
	return true;
}

/* ---- session ---- */

int ms_h_login(struct ms_ctx *c, json_t **out)
{
	static const struct ms_field spec[] = {
		{"login", MS_F_STR, true, 1, 200}, {"password", MS_F_STR, true, 1, 1024}, {0}};
	int rc = ms_api_fields(c, spec);
	if (rc)
		return rc;
	const char *login = ms_api_str(c, "login"), *password = ms_api_str(c, "password");
	struct ms_user u;
	struct ms_error lookup;
	bool found = ms_db_user_by_login(c->db, login, &u, &lookup) == 0;
	if (!found && lookup.err != MS_ERR_NOT_FOUND) {
		c->err = lookup;
		return lookup.err;
	}
	bool rehash = false;
	bool ok = ms_password_verify(password, found ? u.pw_hash : c->api->dummy_hash, c->api->pwhash_cost, &rehash);
	if (!found || !ok)
		return ms_error_set(&c->err, MS_ERR_UNAUTHENTICATED, "bad_credentials", NULL,
				    "wrong login or password");
	char newhash[MS_HASH_MAX];
	if (rehash && (rc = ms_password_hash(password, c->api->pwhash_cost, newhash, sizeof newhash, &c->err)))
		return rc;
	char token[65], csrf[65];
	ms_session_token(token);
	ms_random_hex(csrf, 32);
	unsigned char th[32];
	ms_session_hash(token, th);
	if ((rc = ms_api_begin(c, true)) ||
	    (rehash && (rc = ms_db_user_set_hash(c->db, u.id, newhash, &c->err))) ||
	    (rc = ms_db_session_create(c->db, th, u.id, csrf, ms_now_unix() + 12 * 3600, &c->err)))
		return rc;
	c->authed = true;
	c->user = u;
	if ((rc = ms_api_audit(c, u.congress_id, "user.login", "user/%lld", u.id, NULL)) ||
	    (rc = ms_api_set_session_cookie(c, token)))
		return rc;
	return nomem_if_null(c, json_pack("{s:o, s:s}", "user", ms_user_json(&u), "csrf_token", csrf), out);
}

int ms_h_logout(struct ms_ctx *c, json_t **out)
{
	int rc;
	if ((rc = ms_api_need_login(c)) || (rc = ms_db_session_delete(c->db, c->token_hash, &c->err)) ||
	    (rc = ms_api_audit(c, c->user.congress_id, "user.logout", "user/%lld", c->user.id, NULL)) ||
	    (rc = ms_api_set_session_cookie(c, NULL)))
		return rc;
	return nomem_if_null(c, json_pack("{s:b}", "ok", 1), out);
}

int ms_h_me(struct ms_ctx *c, json_t **out)
{
	int rc = ms_api_need_login(c);
	if (rc)
		return rc;
	return nomem_if_null(c, json_pack("{s:o, s:s}", "user", ms_user_json(&c->user), "csrf_token", c->csrf), out);
}

/* ---- congresses ---- */

static int congress_exists(struct ms_ctx *c, int64_t id)
{
	json_t *o = NULL;
	int rc = ms_db_congress_get(c->db, id, &o, &c->err);
	json_decref(o);
	return rc;
}

int ms_h_congress_list(struct ms_ctx *c, json_t **out)
{
	struct ms_page pg;
	int rc = ms_api_page(c, &pg);
	return rc ? rc : ms_db_congress_list(c->db, &pg, out, &c->err);
}

int ms_h_congress_get(struct ms_ctx *c, json_t **out)
{
	return ms_db_congress_get(c->db, c->id, out, &c->err);
}

int ms_h_congress_create(struct ms_ctx *c, json_t **out)
{
	static const struct ms_field spec[] = {{"name", MS_F_STR, true, 1, 128},
					       {"name_en", MS_F_STR_NULL, false, 0, 200},
					       {"level", MS_F_STR, true, 1, 16},
					       {"parent_id", MS_F_INT_NULL, false, 1, 0},
					       {0}};
	int rc;
	if ((rc = ms_api_need_admin(c)) || (rc = ms_api_fields(c, spec)))
		return rc;
	const char *level = ms_api_str(c, "level");
	if (strcmp(level, "city") && strcmp(level, "district") && strcmp(level, "town"))
		return ms_error_set(&c->err, MS_ERR_UNPROCESSABLE, "invalid_value", "level",
				    "level must be city, district or town");
	int64_t parent = ms_api_int(c, "parent_id", 0);
	if (parent && congress_exists(c, parent))
		return ms_error_set(&c->err, MS_ERR_UNPROCESSABLE, "invalid_value", "parent_id",
				    "parent congress %lld does not exist", (long long)parent);
	int64_t id;
	if ((rc = ms_db_congress_create(c->db, ms_api_str(c, "name"), ms_api_str(c, "name_en"), level, parent, &id,
					&c->err)) ||
	    (rc = ms_api_audit(c, id, "congress.create", "congress/%lld", id, json_incref(c->body))))
		return rc;
	c->status = 201;
	return ms_db_congress_get(c->db, id, out, &c->err);
}

/* ---- users and deputies ---- */

int ms_h_user_create(struct ms_ctx *c, json_t **out)
{
	static const struct ms_field spec[] = {{"login", MS_F_STR, true, 2, MS_LOGIN_MAX},
					       {"password", MS_F_STR, true, 8, 1024},
					       {"name", MS_F_STR, true, 1, MS_NAME_MAX},
					       {"roles", MS_F_ARRAY, true, 1, 4},
					       {"congress_id", MS_F_INT_NULL, false, 1, 0},
					       {"unit_id", MS_F_INT_NULL, false, 1, 0},
					       {0}};
	int rc;
	if ((rc = ms_api_need_login(c)) || (rc = ms_api_fields(c, spec)))
		return rc;
	struct ms_user u = {0};
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(c->body, "roles"), i, r) {
		unsigned role = ms_role_parse(json_string_value(r));
		if (!role)
			return ms_error_set(&c->err, MS_ERR_UNPROCESSABLE, "invalid_value", "roles",
					    "roles are admin, clerk, deputy and unit");
		u.roles |= role;
	}
	u.congress_id = ms_api_int(c, "congress_id", 0);
	u.unit_id = ms_api_int(c, "unit_id", 0);
	bool admin = c->user.roles & MS_ROLE_ADMIN;
	if (!admin && !((c->user.roles & MS_ROLE_CLERK) && u.congress_id == c->user.congress_id &&
			!(u.roles & (MS_ROLE_ADMIN | MS_ROLE_CLERK))))
		return ms_error_set(&c->err, MS_ERR_FORBIDDEN, NULL, NULL,
				    "a clerk may add deputies and unit officers of its own congress only");
	if ((u.roles & ~(unsigned)MS_ROLE_ADMIN) && !u.congress_id)
		return ms_error_set(&c->err, MS_ERR_UNPROCESSABLE, "invalid_value", "congress_id",
				    "clerks, deputies and unit officers belong to a congress");
	if ((u.roles & MS_ROLE_UNIT) && !u.unit_id)
		return ms_error_set(&c->err, MS_ERR_UNPROCESSABLE, "invalid_value", "unit_id",
				    "a unit officer needs a unit_id");
	const char *login = ms_api_str(c, "login");
	if (!login_ok(login))
		return ms_error_set(&c->err, MS_ERR_UNPROCESSABLE, "invalid_value", "login",
				    "a login is 2 to 64 letters, digits or . _ - @");
	ms_strlcpy(u.login, login, sizeof u.login);
	ms_strlcpy(u.name, ms_api_str(c, "name"), sizeof u.name);
	if ((rc = ms_password_hash(ms_api_str(c, "password"), c->api->pwhash_cost, u.pw_hash, sizeof u.pw_hash,
				   &c->err)) ||
	    (rc = ms_api_begin(c, true)))
		return rc;
	if (u.congress_id && congress_exists(c, u.congress_id))
		return ms_error_set(&c->err, MS_ERR_UNPROCESSABLE, "invalid_value", "congress_id",
				    "congress %lld does not exist", (long long)u.congress_id);
	if (u.unit_id) {
		int64_t ucong = 0;
		if ((rc = ms_db_unit_congress(c->db, u.unit_id, &ucong, &c->err)) || ucong != u.congress_id)
			return ms_error_set(&c->err, MS_ERR_UNPROCESSABLE, "invalid_value", "unit_id",
					    "unit %lld is not a unit of congress %lld", (long long)u.unit_id,
					    (long long)u.congress_id);
	}
	if ((rc = ms_db_user_create(c->db, &u, &u.id, &c->err)))
		return rc;
	json_t *detail = ms_user_json(&u);
	if ((rc = ms_api_audit(c, u.congress_id, "user.create", "user/%lld", u.id, detail)))
		return rc;
	c->status = 201;
	return nomem_if_null(c, ms_user_json(&u), out);
}

int ms_h_deputy_list(struct ms_ctx *c, json_t **out)
{
	struct ms_page pg;
	int rc;
	if ((rc = ms_api_need_staff(c, c->id)) || (rc = ms_api_page(c, &pg)))
		return rc;
	return ms_db_deputies_list(c->db, c->id, &pg, out, &c->err);
}

/* ---- CSV imports (deputies, candidates): the steps they share ----
 *
 * Body {"csv": "...", "dry_run": bool}. The header row names the columns
 * (any order; an unknown or repeated one, or a required one missing, is 422
 * invalid_csv). Every data row is checked, and every fault recorded as
 * {line, field, message}; any fault → 422 invalid_csv with details
 * {errors, rows} and nothing saved. Otherwise the rows are saved unless
 * dry_run, and the answer is {created, dry_run, rows, errors: []}. */

static const struct ms_field import_spec[] = {
	{"csv", MS_F_STR, true, 1, 0}, {"dry_run", MS_F_BOOL, false, 0, 0}, {0}};

#define IMPORT_MAX_COLS 8

struct csv_import {
	struct ms_csv csv;
	const char *const *names;  /* the columns this import knows */
	size_t n_names;
	int col[IMPORT_MAX_COLS];  /* where each is in the file; -1 when absent */
	size_t n;                  /* data rows (after the header) */
	bool *repeat;              /* per data row: its cell in the unique column repeats an earlier one */
	json_t *errors, *rows;     /* the faults and the preview */
};

static void row_error(json_t *errors, size_t line, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void row_error(json_t *errors, size_t line, const char *field, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	json_array_append_new(errors, json_pack("{s:I, s:s, s:s}", "line", (json_int_t)line, "field", field,
						"message", msg));
}

/* The names whose bit is set in mask (all when mask is ~0u), joined by sep. */
static void join_names(const struct csv_import *im, unsigned mask, const char *sep, char *buf, size_t cap)
{
	size_t len = 0;
	buf[0] = '\0';
	for (size_t k = 0; k < im->n_names && len < cap; k++)
		if (mask & (1u << k))
			len += (size_t)snprintf(buf + len, cap - len, "%s%s", len ? sep : "", im->names[k]);
}

/* Column k of a row from import_row(): "" when the file has no such column. */
static const char *import_cell(const struct csv_import *im, char **fields, size_t k)
{
	return im->col[k] >= 0 ? fields[im->col[k]] : "";
}

/* Column k of every row with the header's number of fields (NULL for the
 * others), into a calloc'd array; NULL when out of memory. */
static const char **import_column(const struct csv_import *im, size_t k)
{
	const char **v = calloc(im->n ? im->n : 1, sizeof *v);
	for (size_t i = 0; v && i < im->n; i++)
		if (im->csv.rows[i + 1].n == im->csv.rows[0].n)
			v[i] = import_cell(im, im->csv.rows[i + 1].fields, k);
	return v;
}

struct keyed {
	const char *key;
	size_t i;
};

static int keyed_cmp(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int d = strcmp(x->key, y->key);
	return d ? d : (x->i > y->i) - (x->i < y->i);
}

/* repeat[i] = whether keys[i] equals an earlier non-NULL keys[j]. Sorts a
 * copy, so n log n for the largest files. false when out of memory. */
static bool mark_repeats(const char *const *keys, size_t n, bool *repeat)
{
	struct keyed *k = malloc((n ? n : 1) * sizeof *k);
	if (!k)
		return false;
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		repeat[i] = false;
		if (keys[i])
			k[m].key = keys[i], k[m].i = i, m++;
	}
	qsort(k, m, sizeof *k, keyed_cmp);
	for (size_t j = 1; j < m; j++)
		if (strcmp(k[j].key, k[j - 1].key) == 0)
			repeat[k[j].i] = true;
	free(k);
	return true;
}

/* Parse the body's "csv" and map its header row onto names (n_names <=
 * IMPORT_MAX_COLS); bit k of required marks names[k] as required; the
 * cells of column unique must not repeat (im->repeat marks the rows where
 * they do). 0, or the error; import_close() in either case. */
static int import_open(struct ms_ctx *c, struct csv_import *im, const char *const *names, size_t n_names,
		       unsigned required, size_t unique)
{
	memset(im, 0, sizeof *im);
	im->names = names, im->n_names = n_names;
	for (size_t k = 0; k < IMPORT_MAX_COLS; k++)
		im->col[k] = -1;
	const char *text = ms_api_str(c, "csv");
	int rc = ms_csv_parse(text, strlen(text), &im->csv, &c->err);
	if (rc)
		return rc;
	im->errors = json_array(), im->rows = json_array();
	if (!im->errors || !im->rows)
		return OOM(c);
	char list[256];
	if (im->csv.n_rows == 0) {
		join_names(im, required, ",", list, sizeof list);
		return ms_error_set(&c->err, MS_ERR_UNPROCESSABLE, "invalid_csv", "csv",
				    "the CSV is empty: it needs a header row %s", list);
	}
	const struct ms_csv_row *head = &im->csv.rows[0];
	for (size_t i = 0; i < head->n; i++) {
		size_t k = 0;
		while (k < n_names && strcmp(head->fields[i], names[k]) != 0)
			k++;
		if (k == n_names || im->col[k] >= 0) {
			join_names(im, ~0u, ", ", list, sizeof list);
			return ms_error_set(&c->err, MS_ERR_UNPROCESSABLE, "invalid_csv", "csv",
					    "header column '%s' is %s; the columns are %s", head->fields[i],
					    k == n_names ? "unknown" : "repeated", list);
		}
		im->col[k] = (int)i;
	}
	for (size_t k = 0; k < n_names; k++)
		if ((required & (1u << k)) && im->col[k] < 0)
			return ms_error_set(&c->err, MS_ERR_UNPROCESSABLE, "invalid_csv", "csv",
					    "the header row lacks the column '%s'", names[k]);
	im->n = im->csv.n_rows - 1;
	const char **keys = import_column(im, unique);
	im->repeat = calloc(im->n ? im->n : 1, sizeof *im->repeat);
	bool ok = keys && im->repeat && mark_repeats(keys, im->n, im->repeat);
	free(keys);
	return ok ? 0 : OOM(c);
}

/* The fields of data row i (from 0) and its line in *line; NULL, with the
 * fault recorded, when it has another number of fields than the header. */
static char **import_row(struct csv_import *im, size_t i, size_t *line)
{
	const struct ms_csv_row *r = &im->csv.rows[i + 1];
	*line = im->csv.row_no[i + 1];
	if (r->n != im->csv.rows[0].n) {
		row_error(im->errors, *line, "csv", "this row has %zu fields; the header has %zu", r->n,
			  im->csv.rows[0].n);
		return NULL;
	}
	return r->fields;
}

/* 422 invalid_csv with {errors, rows} when a row had a fault; else 0. */
static int import_check(struct ms_ctx *c, const struct csv_import *im)
{
	size_t n = json_array_size(im->errors), rows = 0;
	if (n == 0)
		return 0;
	/* Faults come in line order: count the lines. */
	for (size_t i = 0; i < n; i++)
		if (i == 0 || json_integer_value(json_object_get(json_array_get(im->errors, i), "line")) !=
				      json_integer_value(json_object_get(json_array_get(im->errors, i - 1), "line")))
			rows++;
	int rc = ms_error_set(&c->err, MS_ERR_UNPROCESSABLE, "invalid_csv", "csv",
			      "%zu %s in %zu %s; nothing was saved", n, n == 1 ? "error" : "errors", rows,
			      rows == 1 ? "row" : "rows");
	c->err_details = json_pack("{s:O, s:O}", "errors", im->errors, "rows", im->rows);
	return rc;
}

/* The answer after the rows were saved (201) or previewed (200). */
static int import_answer(struct ms_ctx *c, const struct csv_import *im, bool dry, json_t **out)
{
	c->status = dry ? 200 : 201;
	return nomem_if_null(c,
			     json_pack("{s:I, s:b, s:O, s:O}", "created", (json_int_t)(dry ? 0 : im->n), "dry_run",
				       dry, "rows", im->rows, "errors", im->errors),
			     out);
}

static void import_close(struct csv_import *im)
{
	free(im->repeat);
	json_decref(im->errors);
	json_decref(im->rows);
	ms_csv_free(&im->csv);
}

enum { ROSTER_NAME, ROSTER_LOGIN, ROSTER_PASSWORD, ROSTER_COLS };
static const char *const roster_cols[ROSTER_COLS] = {"name", "login", "password"};

int ms_h_deputy_import(struct ms_ctx *c, json_t **out)
{
	int rc;
	if ((rc = ms_api_need_staff(c, c->id)) || (rc = ms_api_fields(c, import_spec)))
		return rc;
	bool dry = ms_api_bool(c, "dry_run", false);
	/* Read what exists (the congress, taken logins) in a read transaction,
	 * hash outside any transaction, then write everything in one. */
	if ((rc = ms_api_begin(c, false)) || (rc = congress_exists(c, c->id)))
		return rc;
	struct csv_import im;
	struct ms_user *users = NULL;
	if ((rc = import_open(c, &im, roster_cols, ROSTER_COLS, 7u, ROSTER_LOGIN)))
		goto out;
	if (!(users = calloc(im.n ? im.n : 1, sizeof *users))) {
		rc = OOM(c);
		goto out;
	}
	for (size_t i = 0; i < im.n; i++) {
		size_t line;
		char **f = import_row(&im, i, &line);
		if (!f)
			continue;
		const char *name = import_cell(&im, f, ROSTER_NAME), *login = import_cell(&im, f, ROSTER_LOGIN),
			   *password = import_cell(&im, f, ROSTER_PASSWORD);
		long nl = ms_utf8_len(name, strlen(name));
		if (nl < 1 || nl > MS_NAME_MAX)
			row_error(im.errors, line, "name", "the name must have 1 to 128 characters");
		if (!login_ok(login))
			row_error(im.errors, line, "login", "login '%s' must be 2 to 64 letters, digits or . _ - @",
				  login);
		else {
			bool taken = false;
			if ((rc = ms_db_login_taken(c->db, login, &taken, &c->err)))
				goto out;
			if (taken)
				row_error(im.errors, line, "login", "login '%s' is already taken", login);
			if (im.repeat[i])
				row_error(im.errors, line, "login", "login '%s' appears twice in the file", login);
		}
		if (strlen(password) < 8 || strlen(password) > 1024)
			row_error(im.errors, line, "password", "the password must have at least 8 characters");
		json_array_append_new(im.rows, json_pack("{s:I, s:s, s:s}", "line", (json_int_t)line, "name", name,
							 "login", login));
		struct ms_user *u = &users[i];
		u->roles = MS_ROLE_DEPUTY;
		u->congress_id = c->id;
		ms_strlcpy(u->login, login, sizeof u->login);
		ms_strlcpy(u->name, name, sizeof u->name);
	}
	ms_db_rollback(c->db);
	if ((rc = import_check(c, &im)))
		goto out;
	if (!dry) {
		for (size_t i = 0; i < im.n; i++)
			if ((rc = ms_password_hash(import_cell(&im, im.csv.rows[i + 1].fields, ROSTER_PASSWORD),
						   c->api->pwhash_cost, users[i].pw_hash, sizeof users[i].pw_hash,
						   &c->err)))
				goto out;
		if ((rc = ms_api_begin(c, true)))
			goto out;
		for (size_t i = 0; i < im.n; i++)
			if ((rc = ms_db_user_create(c->db, &users[i], &users[i].id, &c->err)))
				goto out;
		if ((rc = ms_api_audit(c, c->id, "deputy.import", "congress/%lld", c->id,
				       json_pack("{s:I}", "created", (json_int_t)im.n))))
			goto out;
	}
	rc = import_answer(c, &im, dry, out);
out:
	free(users);
	import_close(&im);
	return rc;
}

/* ---- units ---- */

int ms_h_unit_list(struct ms_ctx *c, json_t **out)
{
	struct ms_page pg;
	int rc;
	if ((rc = ms_api_page(c, &pg)) || (rc = congress_exists(c, c->id)))
		return rc;
	return ms_db_unit_list(c->db, c->id, &pg, out, &c->err);
}

int ms_h_unit_create(struct ms_ctx *c, json_t **out)
{
	static const struct ms_field spec[] = {
		{"name", MS_F_STR, true, 1, 128}, {"name_en", MS_F_STR_NULL, false, 0, 200}, {0}};
	int rc;
	int64_t id;
	if ((rc = ms_api_need_staff(c, c->id)) || (rc = ms_api_fields(c, spec)) || (rc = congress_exists(c, c->id)) ||
	    (rc = ms_db_unit_create(c->db, c->id, ms_api_str(c, "name"), ms_api_str(c, "name_en"), &id, &c->err)) ||
	    (rc = ms_api_audit(c, c->id, "unit.create", "unit/%lld", id, json_incref(c->body))))
		return rc;
	c->status = 201;
	return ms_db_unit_get(c->db, id, out, &c->err);
}

/* ---- cycles ---- */

int ms_h_cycle_list(struct ms_ctx *c, json_t **out)
{
	struct ms_page pg;
	int rc;
	if ((rc = ms_api_page(c, &pg)) || (rc = congress_exists(c, c->id)))
		return rc;
	return ms_db_cycle_list(c->db, c->id, &pg, out, &c->err);
}

int ms_h_cycle_get(struct ms_ctx *c, json_t **out)
{
	return ms_db_cycle_get(c->db, c->id, NULL, out, &c->err);
}

int ms_h_cycle_create(struct ms_ctx *c, json_t **out)
{
	static const struct ms_field spec[] = {{"year", MS_F_INT, true, 2000, 2100},
					       {"title", MS_F_STR, true, 1, 200},
					       {"title_en", MS_F_STR_NULL, false, 0, 300},
					       {0}};
	int rc;
	int64_t id;
	if ((rc = ms_api_need_staff(c, c->id)) || (rc = ms_api_fields(c, spec)) || (rc = congress_exists(c, c->id)) ||
	    (rc = ms_db_cycle_create(c->db, c->id, ms_api_int(c, "year", 0), ms_api_str(c, "title"),
				     ms_api_str(c, "title_en"), &id, &c->err)) ||
	    (rc = ms_api_audit(c, c->id, "cycle.create", "cycle/%lld", id, json_incref(c->body))))
		return rc;
	c->status = 201;
	return ms_db_cycle_get(c->db, id, NULL, out, &c->err);
}

int ms_h_cycle_phase(struct ms_ctx *c, json_t **out)
{
	static const struct ms_field spec[] = {{"phase", MS_F_STR, true, 1, 16}, {0}};
	struct ms_cycle cy;
	int rc;
	if ((rc = ms_db_cycle_get(c->db, c->id, &cy, NULL, &c->err)) || (rc = ms_api_need_staff(c, cy.congress_id)) ||
	    (rc = ms_api_fields(c, spec)))
		return rc;
	const char *want = ms_api_str(c, "phase");
	int k = -1;
	for (int i = 0; i < MS_PHASE_COUNT; i++)
		if (strcmp(want, ms_phases[i]) == 0)
			k = i;
	if (k < 0)
		return ms_error_set(&c->err, MS_ERR_UNPROCESSABLE, "invalid_value", "phase",
				    "phases are collect, compile, vote, implement, evaluate, closed");
	if (k != cy.phase + 1)
		return ms_error_set(&c->err, MS_ERR_CONFLICT, "wrong_phase", "phase",
				    "the cycle is in phase '%s'; the next phase is '%s'", ms_phases[cy.phase],
				    cy.phase + 1 < MS_PHASE_COUNT ? ms_phases[cy.phase + 1] : "(none)");
	if ((rc = ms_db_cycle_set_phase(c->db, c->id, k, &c->err)) ||
	    (rc = ms_api_audit(c, cy.congress_id, "cycle.phase", "cycle/%lld", c->id,
			       json_pack("{s:s, s:s}", "from", ms_phases[cy.phase], "to", ms_phases[k]))))
		return rc;
	return ms_db_cycle_get(c->db, c->id, NULL, out, &c->err);
}

/* ---- candidates ---- */

static const struct ms_field candidate_spec[] = {{"title", MS_F_STR, false, 1, 200},
						 {"title_en", MS_F_STR_NULL, false, 0, 300},
						 {"description", MS_F_STR_NULL, false, 0, 5000},
						 {"description_en", MS_F_STR_NULL, false, 0, 10000},
						 {"category", MS_F_STR_NULL, false, 0, 64},
						 {"cost", MS_F_INT, false, 0, 1000000000000000L},
						 {"unit_id", MS_F_INT_NULL, false, 1, 0},
						 {"location", MS_F_STR_NULL, false, 0, 200},
						 {0}};

/* Validate a candidate body for a cycle of congress_id into *in. */
static int candidate_input(struct ms_ctx *c, int64_t congress_id, bool create, struct ms_candidate_in *in)
{
	int rc = ms_api_fields(c, candidate_spec);
	if (rc)
		return rc;
	if (create && !ms_api_has(c, "title"))
		return ms_error_set(&c->err, MS_ERR_INVALID, "missing_field", "title", "'title' is required");
	if (create && !ms_api_has(c, "cost"))
		return ms_error_set(&c->err, MS_ERR_INVALID, "missing_field", "cost", "'cost' is required");
	memset(in, 0, sizeof *in);
	in->title = ms_api_str(c, "title");
	in->title_en = ms_api_str(c, "title_en");
	in->description = ms_api_str(c, "description");
	in->description_en = ms_api_str(c, "description_en");
	in->category = ms_api_str(c, "category");
	in->location = ms_api_str(c, "location");
	in->has_cost = ms_api_has(c, "cost");
	in->cost = ms_api_int(c, "cost", 0);
	in->has_unit = json_object_get(c->body, "unit_id") != NULL;
	in->unit_id = ms_api_int(c, "unit_id", 0);
	if (in->unit_id) {
		int64_t ucong = 0;
		if ((rc = ms_db_unit_congress(c->db, in->unit_id, &ucong, &c->err)) || ucong != congress_id)
			return ms_error_set(&c->err, MS_ERR_UNPROCESSABLE, "invalid_value", "unit_id",
					    "unit %lld is not a unit of this congress", (long long)in->unit_id);
	}
	return 0;
}

static int editable_cycle(struct ms_ctx *c, const struct ms_cycle *cy)
{
	if (cy->phase > 1)
		return ms_error_set(&c->err, MS_ERR_CONFLICT, "wrong_phase", NULL,
				    "candidates can change only while the cycle collects or compiles (now: %s)",
				    ms_phases[cy->phase]);
	return 0;
}

int ms_h_candidate_list(struct ms_ctx *c, json_t **out)
{
	struct ms_page pg;
	int rc;
	if ((rc = ms_api_page(c, &pg)) || (rc = ms_db_cycle_get(c->db, c->id, NULL, NULL, &c->err)))
		return rc;
	return ms_db_candidate_list(c->db, c->id, &pg, out, &c->err);
}

int ms_h_candidate_get(struct ms_ctx *c, json_t **out)
{
	return ms_db_candidate_get(c->db, c->id, NULL, out, &c->err);
}

int ms_h_candidate_create(struct ms_ctx *c, json_t **out)
{
	struct ms_cycle cy;
	struct ms_candidate_in in;
	int64_t id;
	int rc;
	if ((rc = ms_db_cycle_get(c->db, c->id, &cy, NULL, &c->err)) || (rc = ms_api_need_staff(c, cy.congress_id)) ||
	    (rc = candidate_input(c, cy.congress_id, true, &in)) || (rc = editable_cycle(c, &cy)) ||
	    (rc = ms_db_candidate_create(c->db, c->id, &in, &id, &c->err)) ||
	    (rc = ms_api_audit(c, cy.congress_id, "candidate.create", "candidate/%lld", id, json_incref(c->body))))
		return rc;
	c->status = 201;
	return ms_db_candidate_get(c->db, id, NULL, out, &c->err);
}

int ms_h_candidate_update(struct ms_ctx *c, json_t **out)
{
	struct ms_cycle cy;
	struct ms_candidate_in in;
	int64_t cycle_id;
	int rc;
	if ((rc = ms_db_candidate_get(c->db, c->id, &cycle_id, NULL, &c->err)) ||
	    (rc = ms_db_cycle_get(c->db, cycle_id, &cy, NULL, &c->err)) ||
	    (rc = ms_api_need_staff(c, cy.congress_id)) || (rc = candidate_input(c, cy.congress_id, false, &in)) ||
	    (rc = editable_cycle(c, &cy)) || (rc = ms_db_candidate_update(c->db, c->id, &in, &c->err)) ||
	    (rc = ms_api_audit(c, cy.congress_id, "candidate.update", "candidate/%lld", c->id, json_incref(c->body))))
		return rc;
	return ms_db_candidate_get(c->db, c->id, NULL, out, &c->err);
}

/* ---- candidates by CSV ---- */

enum {
	CAND_TITLE, CAND_COST, CAND_TITLE_EN, CAND_DESCRIPTION, CAND_DESCRIPTION_EN, CAND_CATEGORY,
	CAND_LOCATION, CAND_UNIT, CAND_COLS
};
static const char *const candidate_cols[CAND_COLS] = {"title",	  "cost",	 "title_en", "description",
						      "description_en", "category", "location", "unit"};

/* A text cell of column k, checked against candidate_spec's length for the
 * field of the same name: NULL when empty (not given), and the fault
 * recorded when its length is out of range. */
static const char *candidate_text(struct csv_import *im, char **f, size_t k, size_t line)
{
	const char *v = import_cell(im, f, k);
	const struct ms_field *spec = candidate_spec;
	while (strcmp(spec->name, candidate_cols[k]) != 0)
		spec++;
	long n = ms_utf8_len(v, strlen(v));
	if (n < spec->min || n > spec->max)
		row_error(im->errors, line, candidate_cols[k], "'%s' must have %ld to %ld characters",
			  candidate_cols[k], spec->min, spec->max);
	return *v ? v : NULL;
}

/* Check one row into *in and add its preview; 0, or a store error. */
static int candidate_row(struct ms_ctx *c, struct csv_import *im, int64_t congress_id, char **f, size_t line,
			 bool repeat, struct ms_candidate_in *in)
{
	in->title = candidate_text(im, f, CAND_TITLE, line);
	in->title_en = candidate_text(im, f, CAND_TITLE_EN, line);
	in->description = candidate_text(im, f, CAND_DESCRIPTION, line);
	in->description_en = candidate_text(im, f, CAND_DESCRIPTION_EN, line);
	in->category = candidate_text(im, f, CAND_CATEGORY, line);
	in->location = candidate_text(im, f, CAND_LOCATION, line);
	int rc;
	if (in->title) {
		bool taken = false;
		if ((rc = ms_db_candidate_title_taken(c->db, c->id, in->title, &taken, &c->err)))
			return rc;
		if (taken)
			row_error(im->errors, line, "title", "this cycle already has a candidate titled '%s'", in->title);
		if (repeat)
			row_error(im->errors, line, "title", "the title '%s' appears twice in the file", in->title);
	}
	const char *cost = import_cell(im, f, CAND_COST);
	long max_cost = 0;
	for (const struct ms_field *s = candidate_spec; s->name; s++)
		if (strcmp(s->name, "cost") == 0)
			max_cost = s->max;
	in->has_cost = cost[0] >= '0' && cost[0] <= '9' && ms_parse_i64(cost, &in->cost) == 0 && in->cost <= max_cost;
	if (!in->has_cost)
		row_error(im->errors, line, "cost", "the cost must be a whole number of yuan from 0 to %ld, not '%s'",
			  max_cost, cost);
	json_t *unit = NULL;
	const char *uname = import_cell(im, f, CAND_UNIT);
	if (*uname) {
		struct ms_error ue;
		rc = ms_db_unit_find(c->db, congress_id, uname, &unit, &ue);
		if (rc == MS_ERR_NOT_FOUND || rc == MS_ERR_CONFLICT)
			row_error(im->errors, line, "unit", "%s", ue.message);
		else if (rc) {
			c->err = ue;
			return rc;
		}
		in->has_unit = unit != NULL;
		in->unit_id = json_integer_value(json_object_get(unit, "id"));
	}
	json_t *row = json_pack("{s:I, s:s, s:o, s:o, s:O}", "line", (json_int_t)line, "title",
				import_cell(im, f, CAND_TITLE), "cost", in->has_cost ? json_integer(in->cost) : json_null(),
				"unit_id", in->has_unit ? json_integer(in->unit_id) : json_null(), "unit_name",
				unit ? json_object_get(unit, "name") : json_null());
	json_decref(unit);
	if (!row || json_array_append_new(im->rows, row))
		return OOM(c);
	return 0;
}

int ms_h_candidate_import(struct ms_ctx *c, json_t **out)
{
	struct ms_cycle cy;
	int rc;
	if ((rc = ms_db_cycle_get(c->db, c->id, &cy, NULL, &c->err)) || (rc = ms_api_need_staff(c, cy.congress_id)) ||
	    (rc = ms_api_fields(c, import_spec)) || (rc = editable_cycle(c, &cy)))
		return rc;
	bool dry = ms_api_bool(c, "dry_run", false);
	struct csv_import im;
	struct ms_candidate_in *in = NULL;
	if ((rc = import_open(c, &im, candidate_cols, CAND_COLS, 1u << CAND_TITLE | 1u << CAND_COST, CAND_TITLE)))
		goto out;
	if (!(in = calloc(im.n ? im.n : 1, sizeof *in))) {
		rc = OOM(c);
		goto out;
	}
	for (size_t i = 0; i < im.n; i++) {
		size_t line;
		char **f = import_row(&im, i, &line);
		if (f && (rc = candidate_row(c, &im, cy.congress_id, f, line, im.repeat[i], &in[i])))
			goto out;
	}
	if ((rc = import_check(c, &im)))
		goto out;
	if (!dry) {
		for (size_t i = 0; i < im.n; i++) {
			int64_t id;
			if ((rc = ms_db_candidate_create(c->db, c->id, &in[i], &id, &c->err)))
				goto out;
		}
		if ((rc = ms_api_audit(c, cy.congress_id, "candidate.import", "cycle/%lld", c->id,
				       json_pack("{s:I}", "created", (json_int_t)im.n))))
			goto out;
	}
	rc = import_answer(c, &im, dry, out);
out:
	free(in);
	import_close(&im);
	return rc;
}

/* ---- polls ---- */

static const char *const base_names[] = {"all", "present", "cast"};

/* Count parameters of a stored poll; deputies_all and present as given. */
static void poll_params(const struct ms_poll *p, int64_t all, int64_t present, struct ms_count_params *cp)
{
	ms_count_params_default(cp, (uint32_t)p->n_candidates, p->slots);
	cp->form = (enum ms_ballot_form)p->form;
	cp->max_approvals = p->max_approvals;
	cp->base = (enum ms_threshold_base)p->base;
	cp->frac_num = p->threshold_num;
	cp->frac_den = p->threshold_den;
	cp->strict = p->threshold_strict;
	cp->has_budget = p->has_budget;
	cp->budget = p->budget;
	cp->costs = p->candidate_costs;
	cp->deputies_all = (uint32_t)all;
	cp->deputies_present = (uint32_t)present;
	cp->ballots_issued = (uint32_t)present;
}

static json_t *rule_text(const struct ms_count_params *cp)
{
	char en[1024], zh[1024];
	ms_count_rule_text_en(cp, en, sizeof en);
	ms_count_rule_text_zh(cp, zh, sizeof zh);
	return json_pack("{s:s, s:s}", "zh", zh, "en", en);
}

static int poll_load(struct ms_ctx *c, int64_t id, struct ms_poll *p)
{
	return ms_db_poll_get(c->db, id, p, &c->err);
}

/* Load a poll whose status the handler checks and relies on until commit:
 * the poll's row is locked first (ms_db_poll_lock; it matters when several
 * server processes share a PostgreSQL database) — shared by what needs the
 * poll to stay open or draft (ballots, check-ins), exclusive by what
 * changes its status (open, close). So a close waits for the ballots in
 * flight, and a ballot after the close sees the poll closed. */
static int poll_load_locked(struct ms_ctx *c, int64_t id, bool exclusive, struct ms_poll *p)
{
	int rc = ms_db_poll_lock(c->db, id, exclusive, &c->err);
	return rc ? rc : poll_load(c, id, p);
}

/* Deputies of the poll's congress: frozen at open, live before. */
static int poll_all(struct ms_ctx *c, const struct ms_poll *p, int64_t *all)
{
	if (p->deputies_all >= 0) {
		*all = p->deputies_all;
		return 0;
	}
	return ms_db_deputies_count(c->db, p->congress_id, all, &c->err);
}

static int poll_view(struct ms_ctx *c, int64_t id, json_t **out)
{
	struct ms_poll p;
	json_t *o = NULL;
	int64_t all = 0, present = 0, cast = 0;
	int rc;
	if ((rc = poll_load(c, id, &p)))
		return rc;
	if ((rc = ms_db_poll_json(c->db, id, &o, &c->err)) || (rc = poll_all(c, &p, &all)) ||
	    (rc = ms_db_present_count(c->db, id, &present, &c->err)) ||
	    (rc = ms_db_ballot_count(c->db, id, &cast, &c->err)))
		goto fail;
	struct ms_count_params cp;
	poll_params(&p, all, present, &cp);
	json_object_set_new(o, "deputies_all", json_integer(all));
	json_object_set_new(o, "deputies_present", json_integer(present));
	json_object_set_new(o, "ballots_cast", json_integer(cast));
	json_object_set_new(o, "quorum_met", json_boolean(ms_count_quorum_met((uint32_t)present, (uint32_t)all,
									     p.quorum_num, p.quorum_den, true)));
	json_object_set_new(o, "rule_text", rule_text(&cp));
	if (c->authed && (c->user.roles & MS_ROLE_DEPUTY) && c->user.congress_id == p.congress_id) {
		bool pr = false, voted = false;
		if ((rc = ms_db_is_present(c->db, id, c->user.id, &pr, &c->err)) ||
		    (rc = ms_db_has_voted(c->db, id, c->user.id, &voted, &c->err)))
			goto fail;
		json_object_set_new(o, "me", json_pack("{s:b, s:b}", "present", pr, "voted", voted));
	}
	ms_poll_fini(&p);
	*out = o;
	return 0;
fail:
	ms_poll_fini(&p);
	json_decref(o);
	return rc;
}

int ms_h_poll_list(struct ms_ctx *c, json_t **out)
{
	struct ms_page pg;
	int rc;
	if ((rc = ms_api_page(c, &pg)) || (rc = ms_db_cycle_get(c->db, c->id, NULL, NULL, &c->err)))
		return rc;
	return ms_db_poll_list(c->db, c->id, &pg, out, &c->err);
}

int ms_h_poll_get(struct ms_ctx *c, json_t **out)
{
	return poll_view(c, c->id, out);
}

/* The settings of a poll, shared by creation and import; candidate_ids and
 * pb are the two fields that only one of them takes. */
#define POLL_SETTINGS                                                                                 \
	{"title", MS_F_STR, false, 1, 200}, {"slots", MS_F_INT, true, 1, 10000},                     \
		{"max_approvals", MS_F_INT, false, 1, 10000}, {"threshold_base", MS_F_STR, false, 1, 16}, \
		{"threshold_num", MS_F_INT, false, 1, 1000}, {"threshold_den", MS_F_INT, false, 1, 1000}, \
		{"threshold_strict", MS_F_BOOL, false, 0, 0}, {"quorum_num", MS_F_INT, false, 1, 1000},  \
		{"quorum_den", MS_F_INT, false, 1, 1000}, {"budget", MS_F_INT_NULL, false, 0, 0},         \
		{"ballot_form", MS_F_STR, false, 1, 32}

/* Read the poll settings of c->body (checked by ms_api_fields) into *p;
 * default_title when none is given. */
static int poll_settings(struct ms_ctx *c, const char *default_title, struct ms_poll *p)
{
	const char *title = ms_api_str(c, "title");
	ms_strlcpy(p->title, title ? title : default_title, sizeof p->title);
	const char *form = ms_api_str(c, "ballot_form");
	if (!form || strcmp(form, "pick") == 0)
		p->form = MS_FORM_PICK;
	else if (strcmp(form, "approve_oppose") == 0)
		p->form = MS_FORM_APPROVE_OPPOSE;
	else if (strcmp(form, "ranked") == 0)
		p->form = MS_FORM_RANKED;
	else
		return ms_error_set(&c->err, MS_ERR_UNPROCESSABLE, "invalid_value", "ballot_form",
				    "ballot_form is pick (approve up to N), approve_oppose (each project: approve, "
				    "oppose or abstain) or ranked (number up to N by priority)");
	p->slots = (uint32_t)ms_api_int(c, "slots", 1);
	p->max_approvals = (uint32_t)ms_api_int(c, "max_approvals", p->slots);
	const char *base = ms_api_str(c, "threshold_base");
	p->base = -1;
	for (int i = 0; i < 3; i++)
		if (strcmp(base ? base : "all", base_names[i]) == 0)
			p->base = i;
	if (p->base < 0)
		return ms_error_set(&c->err, MS_ERR_UNPROCESSABLE, "invalid_value", "threshold_base",
				    "threshold_base is all, present or cast");
	p->threshold_num = (uint32_t)ms_api_int(c, "threshold_num", 1);
	p->threshold_den = (uint32_t)ms_api_int(c, "threshold_den", 2);
	p->threshold_strict = ms_api_bool(c, "threshold_strict", true);
	p->quorum_num = (uint32_t)ms_api_int(c, "quorum_num", 1);
	p->quorum_den = (uint32_t)ms_api_int(c, "quorum_den", 2);
	if (p->quorum_num > p->quorum_den)
		return ms_error_set(&c->err, MS_ERR_UNPROCESSABLE, "invalid_value", "quorum_num",
				    "the quorum fraction must be at most 1");
	p->has_budget = ms_api_has(c, "budget");
	p->budget = ms_api_int(c, "budget", 0);
	if (p->has_budget && p->budget < 0)
		return ms_error_set(&c->err, MS_ERR_UNPROCESSABLE, "invalid_value", "budget", "the budget must be >= 0");
	return 0;
}

/* Check a poll's settings against its candidates (more than slots: 差额). */
static int poll_check(struct ms_ctx *c, const struct ms_poll *p)
{
	if (p->n_candidates <= p->slots)
		return ms_error_set(&c->err, MS_ERR_UNPROCESSABLE, "not_competitive", "slots",
				    "a vote needs more candidates (%zu) than places (%u)", p->n_candidates, p->slots);
	struct ms_count_params cp;
	poll_params(p, 0, 0, &cp);
	cp.costs = NULL;
	cp.has_budget = false; /* costs are checked by the database, the budget's sign by poll_settings */
	return ms_count_params_check(&cp, &c->err);
}

/* The cycle {id} a poll is set up in (*cyj: its JSON, owned by the caller
 * on success), after the staff check and the body's check against spec. */
static int poll_cycle(struct ms_ctx *c, const struct ms_field *spec, struct ms_cycle *cy, json_t **cyj)
{
	int rc;
	if ((rc = ms_db_cycle_get(c->db, c->id, cy, cyj, &c->err)))
		return rc;
	if ((rc = ms_api_need_staff(c, cy->congress_id)) || (rc = ms_api_fields(c, spec))) {
		json_decref(*cyj);
		*cyj = NULL;
	}
	return rc;
}

int ms_h_poll_create(struct ms_ctx *c, json_t **out)
{
	static const struct ms_field spec[] = {POLL_SETTINGS,
					       {"candidate_ids", MS_F_INT_ARRAY_NULL, false, 0, 10000},
					       {0}};
	struct ms_cycle cy;
	json_t *cyj = NULL;
	int rc;
	if ((rc = poll_cycle(c, spec, &cy, &cyj)))
		return rc;
	struct ms_poll p = {.cycle_id = c->id, .congress_id = cy.congress_id};
	if (cy.phase != 1 && cy.phase != 2) {
		rc = ms_error_set(&c->err, MS_ERR_CONFLICT, "wrong_phase", NULL,
				  "polls are set up while the cycle compiles or votes (now: %s)", ms_phases[cy.phase]);
		goto out;
	}
	if ((rc = poll_settings(c, json_string_value(json_object_get(cyj, "title")), &p)))
		goto out;
	if (ms_api_has(c, "candidate_ids")) {
		json_t *ids = json_object_get(c->body, "candidate_ids");
		p.n_candidates = json_array_size(ids);
		p.candidate_ids = calloc(p.n_candidates + 1, sizeof *p.candidate_ids);
		if (!p.candidate_ids) {
			rc = OOM(c);
			goto out;
		}
		for (size_t i = 0; i < p.n_candidates; i++)
			p.candidate_ids[i] = json_integer_value(json_array_get(ids, i));
	} else if ((rc = ms_db_candidate_ids(c->db, c->id, &p.candidate_ids, &p.n_candidates, &c->err))) {
		goto out;
	}
	if ((rc = poll_check(c, &p)))
		goto out;
	int64_t id;
	if ((rc = ms_db_poll_create(c->db, &p, &id, &c->err)) ||
	    (rc = ms_api_audit(c, cy.congress_id, "poll.create", "poll/%lld", id, json_incref(c->body))))
		goto out;
	c->status = 201;
	rc = poll_view(c, id, out);
out:
	json_decref(cyj);
	ms_poll_fini(&p);
	return rc;
}

int ms_h_poll_checkin(struct ms_ctx *c, json_t **out)
{
	static const struct ms_field spec[] = {{"deputy_ids", MS_F_INT_ARRAY, true, 1, 5000}, {0}};
	struct ms_poll p;
	int rc;
	if ((rc = poll_load_locked(c, c->id, false, &p)))
		return rc;
	if ((rc = ms_api_need_staff(c, p.congress_id)) || (rc = ms_api_fields(c, spec)))
		goto out;
	if (p.status == MS_POLL_CLOSED) {
		rc = ms_error_set(&c->err, MS_ERR_CONFLICT, "poll_closed", NULL, "poll %lld is closed",
				  (long long)p.id);
		goto out;
	}
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(c->body, "deputy_ids"), i, v) {
		struct ms_user u;
		int64_t uid = json_integer_value(v);
		struct ms_error ignore;
		if (ms_db_user_get(c->db, uid, &u, &ignore) || !(u.roles & MS_ROLE_DEPUTY) ||
		    u.congress_id != p.congress_id) {
			rc = ms_error_set(&c->err, MS_ERR_UNPROCESSABLE, "invalid_value", "deputy_ids",
					  "user %lld is not a deputy of this congress", (long long)uid);
			goto out;
		}
		bool due = true;
		if (p.status == MS_POLL_OPEN && (rc = ms_db_in_roster(c->db, p.id, uid, &due, &c->err)))
			goto out;
		if (!due) {
			rc = ms_error_set(&c->err, MS_ERR_UNPROCESSABLE, "invalid_value", "deputy_ids",
					  "deputy %lld joined after the poll opened and is not on its roster",
					  (long long)uid);
			goto out;
		}
		if ((rc = ms_db_checkin(c->db, p.id, uid, &c->err)))
			goto out;
	}
	int64_t all, present;
	if ((rc = ms_api_audit(c, p.congress_id, "poll.checkin", "poll/%lld", p.id,
			       json_pack("{s:O}", "deputy_ids", json_object_get(c->body, "deputy_ids")))) ||
	    (rc = poll_all(c, &p, &all)) || (rc = ms_db_present_count(c->db, p.id, &present, &c->err)))
		goto out;
	rc = nomem_if_null(c,
			   json_pack("{s:I, s:I, s:b}", "deputies_present", (json_int_t)present, "deputies_all",
				     (json_int_t)all, "quorum_met",
				     ms_count_quorum_met((uint32_t)present, (uint32_t)all, p.quorum_num, p.quorum_den,
							 true)),
			   out);
out:
	ms_poll_fini(&p);
	return rc;
}

int ms_h_poll_attendance(struct ms_ctx *c, json_t **out)
{
	struct ms_poll p;
	struct ms_page pg;
	int rc;
	if ((rc = poll_load(c, c->id, &p)))
		return rc;
	if (!(rc = ms_api_need_staff(c, p.congress_id)) && !(rc = ms_api_page(c, &pg)))
		rc = ms_db_attendance_list(c->db, p.id, p.congress_id, &pg, out, &c->err);
	ms_poll_fini(&p);
	return rc;
}

int ms_h_poll_open(struct ms_ctx *c, json_t **out)
{
	struct ms_poll p;
	struct ms_cycle cy;
	int64_t all, present;
	int rc;
	if ((rc = poll_load_locked(c, c->id, true, &p)))
		return rc;
	if ((rc = ms_api_need_staff(c, p.congress_id)) || (rc = ms_api_fields(c, (const struct ms_field[]){{0}})))
		goto out;
	if (p.status != MS_POLL_DRAFT) {
		rc = ms_error_set(&c->err, MS_ERR_CONFLICT, "poll_not_draft", NULL, "poll %lld is already %s",
				  (long long)p.id, ms_poll_status_name(p.status));
		goto out;
	}
	if ((rc = ms_db_cycle_get(c->db, p.cycle_id, &cy, NULL, &c->err)))
		goto out;
	if (cy.phase != 2) {
		rc = ms_error_set(&c->err, MS_ERR_CONFLICT, "wrong_phase", NULL,
				  "a poll opens only while its cycle is in the vote phase (now: %s)", ms_phases[cy.phase]);
		goto out;
	}
	if ((rc = ms_db_deputies_count(c->db, p.congress_id, &all, &c->err)) ||
	    (rc = ms_db_present_count(c->db, p.id, &present, &c->err)))
		goto out;
	if (!ms_count_quorum_met((uint32_t)present, (uint32_t)all, p.quorum_num, p.quorum_den, true)) {
		rc = ms_error_set(&c->err, MS_ERR_CONFLICT, "no_quorum", NULL,
				  "no quorum: %lld of %lld deputies present; more than %u/%u are needed",
				  (long long)present, (long long)all, p.quorum_num, p.quorum_den);
		goto out;
	}
	if ((rc = ms_db_poll_open(c->db, p.id, p.congress_id, &all, &c->err)) ||
	    (rc = ms_api_audit(c, p.congress_id, "poll.open", "poll/%lld", p.id,
			       json_pack("{s:I, s:I}", "deputies_all", (json_int_t)all, "deputies_present",
					 (json_int_t)present))))
		goto out;
	rc = poll_view(c, p.id, out);
out:
	ms_poll_fini(&p);
	return rc;
}

static int find_candidate(const struct ms_poll *p, int64_t id)
{
	size_t lo = 0, hi = p->n_candidates;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (p->candidate_ids[mid] == id)
			return (int)mid;
		if (p->candidate_ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Check a ballot against the poll into ids (room for both lists): the
 * approved ids, then the opposed ones (approve / oppose polls; opp may be
 * NULL). Unknown or repeated candidates are 422; more approvals than
 * max_approvals on a pick ballot is 422 unless paper (then it is void). */
static int check_choices(struct ms_ctx *c, const struct ms_poll *p, json_t *arr, json_t *opp, bool paper,
			 int64_t *ids)
{
	size_t na = json_array_size(arr), n = na + json_array_size(opp);
	for (size_t i = 0; i < n; i++) {
		ids[i] = json_integer_value(i < na ? json_array_get(arr, i) : json_array_get(opp, i - na));
		if (find_candidate(p, ids[i]) < 0)
			return ms_error_set(&c->err, MS_ERR_UNPROCESSABLE, "unknown_candidate",
					    i < na ? "choices" : "oppose", "candidate %lld is not on this ballot",
					    (long long)ids[i]);
		for (size_t j = 0; j < i; j++)
			if (ids[j] == ids[i])
				return ms_error_set(&c->err, MS_ERR_UNPROCESSABLE, "duplicate_choice",
						    i < na ? "choices" : "oppose", "candidate %lld is marked twice",
						    (long long)ids[i]);
	}
	if (!paper && p->form != MS_FORM_APPROVE_OPPOSE && na > p->max_approvals)
		return ms_error_set(&c->err, MS_ERR_UNPROCESSABLE, "too_many_approvals", "choices",
				    "you %s %zu projects; at most %u may be", p->form == MS_FORM_RANKED ? "ranked" : "approved",
				    na, p->max_approvals);
	return 0;
}

static int need_open(struct ms_ctx *c, const struct ms_poll *p)
{
	if (p->status != MS_POLL_OPEN)
		return ms_error_set(&c->err, MS_ERR_CONFLICT, "poll_not_open", NULL, "poll %lld is %s, not open",
				    (long long)p->id, ms_poll_status_name(p->status));
	return 0;
}

int ms_h_poll_ballot(struct ms_ctx *c, json_t **out)
{
	static const struct ms_field spec[] = {
		{"choices", MS_F_INT_ARRAY, true, 0, 10000}, {"oppose", MS_F_INT_ARRAY, false, 0, 10000}, {0}};
	struct ms_poll p;
	int64_t *ids = NULL;
	int rc;
	if ((rc = ms_api_need_login(c)) || (rc = poll_load_locked(c, c->id, false, &p)))
		return rc;
	if (!(c->user.roles & MS_ROLE_DEPUTY) || c->user.congress_id != p.congress_id) {
		rc = ms_error_set(&c->err, MS_ERR_FORBIDDEN, NULL, NULL,
				  "only the deputies of this congress vote in this poll");
		goto out;
	}
	if ((rc = ms_api_fields(c, spec)) || (rc = need_open(c, &p)))
		goto out;
	bool present = false, voted = false;
	if ((rc = ms_db_is_present(c->db, p.id, c->user.id, &present, &c->err)) ||
	    (rc = ms_db_has_voted(c->db, p.id, c->user.id, &voted, &c->err)))
		goto out;
	if (!present) {
		rc = ms_error_set(&c->err, MS_ERR_CONFLICT, "not_checked_in", NULL,
				  "check in at the desk first: ballots go to deputies present");
		goto out;
	}
	if (voted) {
		rc = ms_error_set(&c->err, MS_ERR_CONFLICT, "already_voted", NULL,
				  "you have already voted in this poll");
		goto out;
	}
	json_t *arr = json_object_get(c->body, "choices"), *opp = json_object_get(c->body, "oppose");
	if (opp && p.form != MS_FORM_APPROVE_OPPOSE) {
		rc = ms_error_set(&c->err, MS_ERR_UNPROCESSABLE, "invalid_value", "oppose",
				  "this poll's ballot approves projects; it has no oppose marks");
		goto out;
	}
	size_t na = json_array_size(arr), no = json_array_size(opp);
	ids = malloc((na + no + 1) * sizeof *ids);
	if (!ids) {
		rc = OOM(c);
		goto out;
	}
	unsigned char key[32];
	char receipt[33];
	bool ao = p.form == MS_FORM_APPROVE_OPPOSE;
	if ((rc = check_choices(c, &p, arr, opp, false, ids)) ||
	    (rc = ms_db_participation_add(c->db, p.id, c->user.id, &c->err)) ||
	    (rc = ms_db_ballot_add(c->db, p.id, ids, na, ao ? ids + na : NULL, no, p.form == MS_FORM_RANKED, false,
				   NULL, &c->err)) ||
	    (rc = ms_api_audit(c, p.congress_id, "ballot.cast", "poll/%lld", p.id, NULL)) ||
	    (rc = ms_db_secret(c->db, key, &c->err)))
		goto out;
	ms_receipt(key, p.id, c->user.id, receipt);
	sodium_memzero(key, sizeof key);
	c->status = 201;
	rc = nomem_if_null(c, json_pack("{s:s, s:I}", "receipt", receipt, "poll_id", (json_int_t)p.id), out);
out:
	free(ids);
	ms_poll_fini(&p);
	return rc;
}

int ms_h_poll_paper(struct ms_ctx *c, json_t **out)
{
	static const struct ms_field spec[] = {{"ballots", MS_F_ARRAY, true, 1, 10000}, {0}};
	struct ms_poll p;
	int64_t *ids = NULL;
	int rc;
	if ((rc = poll_load_locked(c, c->id, false, &p)))
		return rc;
	if ((rc = ms_api_need_staff(c, p.congress_id)) || (rc = ms_api_fields(c, spec)) || (rc = need_open(c, &p)))
		goto out;
	json_t *ballots = json_object_get(c->body, "ballots"), *b;
	size_t i;
	ids = malloc((p.n_candidates + 1) * sizeof *ids);
	if (!ids) {
		rc = OOM(c);
		goto out;
	}
	bool ao = p.form == MS_FORM_APPROVE_OPPOSE;
	json_array_foreach(ballots, i, b) {
		/* pick: [ids]; approve / oppose: {"approve": [ids], "oppose": [ids]} */
		json_t *appr = ao ? json_object_get(b, "approve") : b, *opp = ao ? json_object_get(b, "oppose") : NULL;
		bool ok = json_is_array(appr) && (!ao || (json_is_object(b) && json_object_size(b) <= 2 &&
							  (!opp || json_is_array(opp))));
		ok = ok && json_array_size(appr) + json_array_size(opp) <= p.n_candidates;
		size_t k;
		json_t *x;
		json_array_foreach(appr, k, x) ok = ok && json_is_integer(x);
		json_array_foreach(opp, k, x) ok = ok && json_is_integer(x);
		if (ao && ok && json_object_size(b) != (opp ? 2u : 1u))
			ok = false;
		if (!ok) {
			rc = ms_error_set(&c->err, MS_ERR_INVALID, "invalid_field", "ballots",
					  ao ? "ballot %zu must be {\"approve\": [ids], \"oppose\": [ids]} naming each of "
					       "the %zu candidates at most once"
					     : "ballot %zu must be an array of at most %zu candidate ids",
					  i + 1, p.n_candidates);
			goto out;
		}
		if ((rc = check_choices(c, &p, appr, opp, true, ids)) ||
		    (rc = ms_db_ballot_add(c->db, p.id, ids, json_array_size(appr),
					   ao ? ids + json_array_size(appr) : NULL, json_array_size(opp),
					   p.form == MS_FORM_RANKED, true, NULL, &c->err)))
			goto out;
	}
	if ((rc = ms_api_audit(c, p.congress_id, "ballot.paper", "poll/%lld", p.id,
			       json_pack("{s:I}", "recorded", (json_int_t)json_array_size(ballots)))))
		goto out;
	c->status = 201;
	rc = nomem_if_null(c, json_pack("{s:I}", "recorded", (json_int_t)json_array_size(ballots)), out);
out:
	free(ids);
	ms_poll_fini(&p);
	return rc;
}

/* Ballots → count-library ballots (candidate ids → indices). */
struct collect {
	const struct ms_poll *p;
	struct ms_ballot *ballots;
	uint32_t *pool;
	size_t n, cap, pool_n, pool_cap;
};

static int collect_ballot(void *ctx, const int64_t *choices, size_t n, const int64_t *opposes, size_t n_opp,
			  bool paper)
{
	(void)paper;
	struct collect *k = ctx;
	if (k->n == k->cap) {
		size_t nc = k->cap ? 2 * k->cap : 256;
		struct ms_ballot *nb = realloc(k->ballots, nc * sizeof *nb);
		if (!nb)
			return MS_ERR_NOMEM;
		k->ballots = nb, k->cap = nc;
	}
	if (k->pool_n + n + n_opp > k->pool_cap) {
		size_t nc = (k->pool_cap ? 2 * k->pool_cap : 4096) + n + n_opp;
		uint32_t *np = realloc(k->pool, nc * sizeof *np);
		if (!np)
			return MS_ERR_NOMEM;
		k->pool = np, k->pool_cap = nc;
	}
	for (size_t i = 0; i < n + n_opp; i++) {
		int idx = find_candidate(k->p, i < n ? choices[i] : opposes[i - n]);
		/* An id not on the poll cannot be stored; if it were, it voids the ballot. */
		k->pool[k->pool_n + i] = idx < 0 ? (uint32_t)k->p->n_candidates : (uint32_t)idx;
	}
	/* Store offsets now; pointers are fixed up once the pool stops moving. */
	k->ballots[k->n] = (struct ms_ballot){.choices = (const uint32_t *)(uintptr_t)k->pool_n,
					      .n_choices = (uint32_t)n,
					      .opposes = (const uint32_t *)(uintptr_t)(k->pool_n + n),
					      .n_opposes = (uint32_t)n_opp};
	k->n++;
	k->pool_n += n + n_opp;
	return 0;
}

static const char *const cand_status[] = {"selected", "not_selected", "failed", "over_budget", "runoff"};

static json_t *result_json(const struct ms_poll *p, json_t *cands, const struct ms_count_params *cp,
			   const struct ms_count_result *r)
{
	json_t *list = json_array();
	for (uint32_t k = 0; k < r->n_candidates; k++) {
		uint32_t i = r->ranking[k];
		json_t *meta = json_array_get(cands, i);
		const struct ms_count_candidate *cr = &r->candidates[i];
		json_t *item = json_pack("{s:I, s:O, s:O, s:O, s:O, s:O, s:I, s:I, s:I, s:s}", "candidate_id",
					 (json_int_t)p->candidate_ids[i], "title", json_object_get(meta, "title"),
					 "title_en", json_object_get(meta, "title_en"), "cost",
					 json_object_get(meta, "cost"), "unit_name", json_object_get(meta, "unit_name"),
					 "unit_name_en", json_object_get(meta, "unit_name_en"), "approvals",
					 (json_int_t)cr->approvals, "rank", (json_int_t)cr->rank, "margin",
					 (json_int_t)cr->margin, "status", cand_status[cr->status]);
		if (item && cp->form == MS_FORM_RANKED)
			json_object_set_new(item, "points", json_integer(cr->approvals));
		if (item && cp->form == MS_FORM_APPROVE_OPPOSE) {
			json_object_set_new(item, "opposes", json_integer(cr->opposes));
			json_object_set_new(item, "abstains", json_integer(cr->abstains));
		}
		json_array_append_new(list, item);
	}
	char now[32];
	ms_now_iso(now, sizeof now);
	static const char *const forms[] = {"pick", "approve_oppose", "ranked"};
	return json_pack("{s:s, s:I, s:s, s:s, s:o, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:s, s:I, s:I, s:I, s:I, "
			 "s:I, s:I, s:I, s:I, s:b, s:o, s:I, s:o, s:s}",
			 "ballot_form", forms[cp->form], "poll_id", (json_int_t)p->id,
			 "title", p->title, "status",
			 r->vote_invalid ? "invalid" : r->runoff_needed ? "runoff" : "final", "rule_text",
			 rule_text(cp), "deputies_all", (json_int_t)cp->deputies_all, "deputies_present",
			 (json_int_t)cp->deputies_present, "ballots_issued", (json_int_t)cp->ballots_issued,
			 "ballots_returned", (json_int_t)r->ballots_returned, "valid", (json_int_t)r->valid,
			 "blank", (json_int_t)r->blank, "void", (json_int_t)r->void_, "slots",
			 (json_int_t)cp->slots, "max_approvals", (json_int_t)cp->max_approvals, "threshold_base",
			 base_names[cp->base], "threshold_num", (json_int_t)cp->frac_num, "threshold_den",
			 (json_int_t)cp->frac_den, "base_value", (json_int_t)r->base_value, "threshold_votes",
			 (json_int_t)r->threshold_votes, "quorum_num", (json_int_t)p->quorum_num, "quorum_den",
			 (json_int_t)p->quorum_den, "n_selected", (json_int_t)r->n_selected,
			 "runoff_slots", (json_int_t)r->runoff_slots, "threshold_strict", cp->strict, "budget",
			 cp->has_budget ? json_integer(cp->budget) : json_null(), "cost_selected",
			 (json_int_t)r->cost_selected, "candidates", list, "counted_at", now);
}

/* Count the open poll p's stored ballots with `present` deputies present,
 * store the result and close the poll, all in the caller's transaction. */
static int count_and_close(struct ms_ctx *c, const struct ms_poll *p, int64_t present, json_t **out)
{
	struct collect k = {.p = p};
	json_t *pj = NULL, *res = NULL;
	char *text = NULL;
	int rc;
	if ((rc = ms_db_ballots_each(c->db, p->id, collect_ballot, &k, &c->err)) ||
	    (rc = ms_db_poll_json(c->db, p->id, &pj, &c->err))) {
		if (rc == MS_ERR_NOMEM)
			OOM(c);
		goto out;
	}
	for (size_t i = 0; i < k.n; i++) {
		k.ballots[i].choices = k.pool + (uintptr_t)k.ballots[i].choices;
		k.ballots[i].opposes = k.pool + (uintptr_t)k.ballots[i].opposes;
	}
	struct ms_count_params cp;
	poll_params(p, p->deputies_all, present, &cp);
	struct ms_count_result r;
	if ((rc = ms_count_threshold(&ms_allocator_libc, &cp, k.ballots, k.n, &r, &c->err)))
		goto out;
	res = result_json(p, json_object_get(pj, "candidates"), &cp, &r);
	ms_count_result_fini(&ms_allocator_libc, &r);
	if (!res || !(text = json_dumps(res, JSON_COMPACT))) {
		rc = OOM(c);
		goto out;
	}
	if ((rc = ms_db_poll_close(c->db, p->id, text, &c->err)) ||
	    (rc = ms_api_audit(c, p->congress_id, "poll.close", "poll/%lld", p->id,
			       json_pack("{s:O, s:O, s:O}", "status", json_object_get(res, "status"),
					 "ballots_returned", json_object_get(res, "ballots_returned"), "n_selected",
					 json_object_get(res, "n_selected")))))
		goto out;
	*out = res;
	res = NULL;
out:
	free(text);
	json_decref(res);
	json_decref(pj);
	free(k.ballots);
	free(k.pool);
	return rc;
}

int ms_h_poll_close(struct ms_ctx *c, json_t **out)
{
	struct ms_poll p;
	int64_t present;
	int rc;
	if ((rc = poll_load_locked(c, c->id, true, &p)))
		return rc;
	if (!(rc = ms_api_need_staff(c, p.congress_id)) && !(rc = ms_api_fields(c, (const struct ms_field[]){{0}})) &&
	    !(rc = need_open(c, &p)) && !(rc = ms_db_present_count(c->db, p.id, &present, &c->err)))
		rc = count_and_close(c, &p, present, out);
	ms_poll_fini(&p);
	return rc;
}

int ms_h_poll_result(struct ms_ctx *c, json_t **out)
{
	struct ms_poll p;
	int rc;
	if ((rc = poll_load(c, c->id, &p)))
		return rc;
	if (p.status != MS_POLL_CLOSED)
		rc = ms_error_set(&c->err, MS_ERR_CONFLICT, "poll_not_closed", NULL,
				  "poll %lld is %s; the result is published when it closes", (long long)p.id,
				  ms_poll_status_name(p.status));
	else
		rc = ms_db_result_get(c->db, p.id, out, &c->err);
	ms_poll_fini(&p);
	return rc;
}

int ms_h_poll_ballots(struct ms_ctx *c, json_t **out)
{
	struct ms_poll p;
	struct ms_page pg;
	int rc;
	if ((rc = poll_load(c, c->id, &p)))
		return rc;
	if (!(rc = ms_api_need_staff(c, p.congress_id)) && !(rc = ms_api_page(c, &pg))) {
		if (p.status != MS_POLL_CLOSED)
			rc = ms_error_set(&c->err, MS_ERR_CONFLICT, "poll_not_closed", NULL,
					  "ballots are shown for scrutiny after the poll closes");
		else
			rc = ms_db_ballots_list(c->db, p.id, &pg, out, &c->err);
	}
	ms_poll_fini(&p);
	return rc;
}

/* ---- audit ---- */

int ms_h_audit_list(struct ms_ctx *c, json_t **out)
{
	struct ms_page pg;
	int64_t congress = 0;
	int rc;
	if ((rc = ms_api_need_login(c)) || (rc = ms_api_page(c, &pg)) ||
	    (rc = ms_api_query_id(c, "congress_id", &congress)))
		return rc;
	if (!(c->user.roles & MS_ROLE_ADMIN)) {
		if (!(c->user.roles & MS_ROLE_CLERK) || (congress && congress != c->user.congress_id))
			return ms_error_set(&c->err, MS_ERR_FORBIDDEN, NULL, NULL,
					    "the audit log is for administrators and the clerks of each congress");
		congress = c->user.congress_id;
	}
	return ms_db_audit_list(c->db, congress, &pg, out, &c->err);
}

/* ---- exchange with research tools: Pabulib .pb ---- */

/* A column of the PROJECTS section by name, or NULL. */
static const char *project_field(const struct ms_election *el, uint32_t p, const char *col)
{
	for (size_t k = 0; k < el->n_project_cols; k++)
		if (strcmp(el->project_cols[k], col) == 0) {
			const char *v = el->project_fields[(size_t)p * el->n_project_cols + k];
			return v && *v && strcmp(v, "None") != 0 ? v : NULL;
		}
	return NULL;
}

int ms_h_poll_import(struct ms_ctx *c, json_t **out)
{
	static const struct ms_field spec[] = {POLL_SETTINGS, {"pb", MS_F_STR, true, 1, 0}, {0}};
	struct ms_cycle cy;
	json_t *cyj = NULL, *res = NULL;
	struct ms_election *el = NULL;
	int64_t *ids = NULL;
	int rc;
	if ((rc = poll_cycle(c, spec, &cy, &cyj)))
		return rc;
	struct ms_poll p = {.cycle_id = c->id, .congress_id = cy.congress_id};
	if (cy.phase != 1) {
		rc = ms_error_set(&c->err, MS_ERR_CONFLICT, "wrong_phase", NULL,
				  "an imported vote adds candidates: the cycle must be compiling (now: %s)",
				  ms_phases[cy.phase]);
		goto out;
	}
	const char *text = ms_api_str(c, "pb");
	if ((rc = ms_pb_parse_ex(&ms_allocator_libc, text, strlen(text), MS_PB_LEAN, &el, &c->err))) {
		if (rc == MS_ERR_UNPROCESSABLE)
			ms_strlcpy(c->err.field, "pb", sizeof c->err.field);
		goto out;
	}
	if (el->vote_type != MS_VOTE_APPROVAL && el->vote_type != MS_VOTE_CHOOSE1) {
		rc = ms_error_set(&c->err, MS_ERR_UNPROCESSABLE, "invalid_pb", "pb",
				  "a congress poll takes approval ballots; this file has another vote_type");
		goto out;
	}
	if (el->money_scale != 1) {
		rc = ms_error_set(&c->err, MS_ERR_UNPROCESSABLE, "invalid_pb", "pb",
				  "costs and budget must be whole yuan to become a poll");
		goto out;
	}
	if ((rc = poll_settings(c, json_string_value(json_object_get(cyj, "title")), &p)))
		goto out;
	if (p.form != MS_FORM_PICK) {
		rc = ms_error_set(&c->err, MS_ERR_UNPROCESSABLE, "invalid_value", "ballot_form",
				  "a .pb file holds approval ballots: import it as a pick poll");
		goto out;
	}
	if (!json_object_get(c->body, "budget"))
		p.has_budget = true, p.budget = el->budget;
	if (!json_object_get(c->body, "max_approvals") && el->max_length)
		p.max_approvals = el->max_length;
	p.n_candidates = el->n_projects;
	if (!(ids = calloc(el->n_projects + 1, sizeof *ids))) {
		rc = OOM(c);
		goto out;
	}
	p.candidate_ids = ids; /* owned by ids: ms_poll_fini is not called on p */
	if ((rc = poll_check(c, &p)))
		goto out;
	for (uint32_t k = 0; k < el->n_projects; k++) {
		char title[128];
		const char *name = project_field(el, k, "name");
		if (!name)
			snprintf(title, sizeof title, "项目 %s", el->project_id[k]);
		struct ms_candidate_in in = {.title = name ? name : title,
					     .description = project_field(el, k, "description"),
					     .category = project_field(el, k, "category"),
					     .has_cost = true,
					     .cost = el->cost[k]};
		if (ms_utf8_len(in.title, strlen(in.title)) > 200) {
			rc = ms_error_set(&c->err, MS_ERR_UNPROCESSABLE, "invalid_pb", "pb",
					  "project %s has a name over 200 characters", el->project_id[k]);
			goto out;
		}
		if ((rc = ms_db_candidate_create(c->db, c->id, &in, &ids[k], &c->err)))
			goto out;
	}
	int64_t id;
	if ((rc = ms_db_poll_create(c->db, &p, &id, &c->err)) ||
	    (rc = ms_db_poll_open_imported(c->db, id, el->n_voters, &c->err)))
		goto out;
	int64_t *choice = malloc((el->n_projects + 1) * sizeof *choice);
	if (!choice) {
		rc = OOM(c);
		goto out;
	}
	for (uint32_t v = 0; v < el->n_voters && !rc; v++) {
		size_t n = 0;
		for (uint32_t k = el->vote_off[v]; k < el->vote_off[v + 1]; k++)
			choice[n++] = ids[el->vote_proj[k]];
		rc = ms_db_ballot_add(c->db, id, choice, n, NULL, 0, false, false, NULL, &c->err);
	}
	free(choice);
	struct ms_poll stored;
	if (rc || (rc = poll_load(c, id, &stored)))
		goto out;
	rc = count_and_close(c, &stored, el->n_voters, &res);
	ms_poll_fini(&stored);
	if (rc || (rc = ms_api_audit(c, cy.congress_id, "poll.import", "poll/%lld", id,
				     json_pack("{s:I, s:I}", "projects", (json_int_t)el->n_projects, "voters",
					       (json_int_t)el->n_voters))))
		goto out;
	json_t *view = NULL;
	if ((rc = poll_view(c, id, &view)))
		goto out;
	c->status = 201;
	rc = nomem_if_null(c, json_pack("{s:o, s:O}", "poll", view, "result", res), out);
out:
	json_decref(res);
	json_decref(cyj);
	free(ids);
	ms_election_free(&ms_allocator_libc, el);
	return rc;
}

struct export_collect {
	const struct ms_poll *p;
	uint32_t *off, *proj;
	size_t n, cap, n_items, cap_items;
};

static int export_ballot(void *ctx, const int64_t *choices, size_t n, const int64_t *opposes, size_t n_opp,
			 bool paper)
{
	(void)paper, (void)opposes, (void)n_opp; /* approve / oppose polls are not exported */
	struct export_collect *k = ctx;
	if (k->n + 2 > k->cap) {
		size_t nc = k->cap ? 2 * k->cap : 256;
		uint32_t *no = realloc(k->off, nc * sizeof *no);
		if (!no)
			return MS_ERR_NOMEM;
		k->off = no, k->cap = nc;
	}
	if (k->n_items + n > k->cap_items) {
		size_t nc = (k->cap_items ? 2 * k->cap_items : 1024) + n;
		uint32_t *np = realloc(k->proj, nc * sizeof *np);
		if (!np)
			return MS_ERR_NOMEM;
		k->proj = np, k->cap_items = nc;
	}
	if (k->n == 0)
		k->off[0] = 0;
	for (size_t i = 0; i < n; i++) {
		int idx = find_candidate(k->p, choices[i]);
		if (idx < 0)
			return MS_ERR_STORE;
		k->proj[k->n_items++] = (uint32_t)idx;
	}
	k->off[++k->n] = (uint32_t)k->n_items;
	return 0;
}

int ms_h_poll_export_pb(struct ms_ctx *c, json_t **out)
{
	(void)out;
	struct ms_poll p;
	struct export_collect k = {0};
	json_t *pj = NULL, *cong = NULL, *cyc = NULL;
	struct ms_election *el = NULL;
	const char **ids = NULL, **names = NULL;
	char *idbuf = NULL;
	int rc;
	if ((rc = poll_load(c, c->id, &p)))
		return rc;
	k.p = &p;
	if ((rc = ms_api_need_staff(c, p.congress_id)))
		goto out;
	if (p.status != MS_POLL_CLOSED) {
		rc = ms_error_set(&c->err, MS_ERR_CONFLICT, "poll_not_closed", NULL,
				  "ballots are exported after the poll closes");
		goto out;
	}
	if (p.form == MS_FORM_APPROVE_OPPOSE) {
		/* Pabulib has no approve / oppose / abstain ballots. */
		rc = ms_error_set(&c->err, MS_ERR_CONFLICT, "unsupported_form", NULL,
				  "approve / oppose polls have no Pabulib form; export the result instead");
		goto out;
	}
	if ((rc = ms_db_poll_json(c->db, p.id, &pj, &c->err)) ||
	    (rc = ms_db_congress_get(c->db, p.congress_id, &cong, &c->err)) ||
	    (rc = ms_db_cycle_get(c->db, p.cycle_id, NULL, &cyc, &c->err)))
		goto out;
	if ((rc = ms_db_ballots_each(c->db, p.id, export_ballot, &k, &c->err))) {
		if (rc == MS_ERR_NOMEM)
			OOM(c);
		goto out;
	}
	uint32_t zero = 0;
	size_t n = p.n_candidates;
	ids = calloc(n + 1, sizeof *ids);
	names = calloc(n + 1, sizeof *names);
	idbuf = malloc(24 * (n + 1));
	if (!ids || !names || !idbuf) {
		rc = OOM(c);
		goto out;
	}
	int64_t total = 0;
	json_t *cands = json_object_get(pj, "candidates");
	for (size_t i = 0; i < n; i++) {
		snprintf(idbuf + 24 * i, 24, "%lld", (long long)p.candidate_ids[i]);
		ids[i] = idbuf + 24 * i;
		names[i] = json_string_value(json_object_get(json_array_get(cands, i), "title"));
		total += p.candidate_costs[i];
	}
	char year[24], slots[24], all[24], rule[1024];
	snprintf(year, sizeof year, "%lld", (long long)json_integer_value(json_object_get(cyc, "year")));
	snprintf(slots, sizeof slots, "%u", p.slots);
	snprintf(all, sizeof all, "%lld", (long long)p.deputies_all);
	struct ms_count_params cp;
	poll_params(&p, p.deputies_all, 0, &cp);
	ms_count_rule_text_en(&cp, rule, sizeof rule);
	const char *keys[] = {"rule", "slots", "deputies", "rule_text", "currency", "language"};
	const char *vals[] = {p.form == MS_FORM_RANKED ? "minsheng-ranked" : "minsheng-threshold", slots, all, rule,
			      "CNY", "zh"};
	struct ms_election_spec spec = {
		.vote_type = p.form == MS_FORM_RANKED ? MS_VOTE_ORDINAL : MS_VOTE_APPROVAL,
		.description = p.title,
		.country = "China",
		.unit = json_string_value(json_object_get(cong, "name")),
		.instance = year,
		.budget = p.has_budget ? p.budget : total,
		.max_length = p.max_approvals,
		.n_meta = sizeof keys / sizeof keys[0],
		.meta_key = keys,
		.meta_value = vals,
		.n_projects = (uint32_t)n,
		.project_id = ids,
		.cost = p.candidate_costs,
		.project_name = names,
		.n_voters = (uint32_t)k.n,
		.ballot_off = k.n ? k.off : &zero,
		.ballot_proj = k.proj,
	};
	char *text = NULL;
	size_t len = 0;
	if ((rc = ms_election_build(&ms_allocator_libc, &spec, &el, &c->err)) ||
	    (rc = ms_pb_write(&ms_allocator_libc, el, &text, &len, &c->err)))
		goto out;
	c->raw = text;
	c->raw_len = len;
	c->raw_type = "text/plain; charset=utf-8";
	snprintf(c->raw_disposition, sizeof c->raw_disposition, "attachment; filename=\"minsheng-poll-%lld.pb\"",
		 (long long)p.id);
	rc = ms_api_audit(c, p.congress_id, "poll.export", "poll/%lld", p.id, NULL);
out:
	ms_election_free(&ms_allocator_libc, el);
	free(ids);
	free(names);
	free(idbuf);
	free(k.off);
	free(k.proj);
	json_decref(pj);
	json_decref(cong);
	json_decref(cyc);
	ms_poll_fini(&p);
	return rc;
}
