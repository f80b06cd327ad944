/* letters_http.c — POST /congresses/{id}/deputies/letters: print the
 * activation letters of some deputies. Each gets a new one-time code (its
 * old password, code and sessions end: org's ms_member_reissue), and the
 * codes leave the server only in this PDF. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "../org/org.h"
#include "report_internal.h"

#define MS_LETTERS_MAX 1000

static const struct ms_field letters_body[] = {
	{.name = "user_ids", .kind = MS_F_ARRAY, .item = MS_F_ID, .flags = MS_FIELD_REQUIRED, .min = 1,
	 .max = MS_LETTERS_MAX, .doc = "the deputies to print a letter for: each gets a new activation code"},
	{.name = "base_url", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 8, .max = MS_BASE_URL_MAX,
	 .doc = "the address deputies reach the web app at, e.g. https://vote.example.gov.cn"},
	{0}};

struct issued {
	struct ms_actor user;
	struct ms_activation a;
	char url[MS_BASE_URL_MAX + MS_LOGIN_MAX + MS_ACTIVATION_CODE_MAX + 16];
};

static int h_letters(struct ms_ctx *c, json_t **out)
{
	(void)out;
	char base[MS_BASE_URL_MAX + 1];
	json_t *ids = json_object_get(c->body, "user_ids"), *congress = NULL;
	size_t n = json_array_size(ids);
	int rc = ms_report_base_url(ms_api_str(c, "base_url"), base, &c->err);
	if (rc || (rc = ms_congress_get(c->db, c->id, &congress, &c->err)))
		return rc;
	struct issued *is = calloc(n, sizeof *is);
	struct ms_letter *ls = calloc(n, sizeof *ls);
	if (!is || !ls)
		rc = ms_nomem(&c->err);
	for (size_t i = 0; !rc && i < n; i++) {
		int64_t id = (int64_t)json_integer_value(json_array_get(ids, i));
		if ((rc = ms_member_reissue(c->db, &c->who, id, &is[i].user, &is[i].a, &c->err)))
			break;
		if (is[i].user.congress_id != c->id || !ms_actor_is(&is[i].user, MS_ROLE_DEPUTY)) {
			char field[32];
			snprintf(field, sizeof field, "user_ids[%zu]", i);
			rc = ms_failf(&c->err, MS_E_NOT_OF_CONGRESS, field, MS_AI(id));
			break;
		}
		snprintf(is[i].url, sizeof is[i].url, "%s/activate#%s.%s", base, is[i].user.login, is[i].a.code);
		ls[i] = (struct ms_letter){.name = is[i].user.name, .login = is[i].user.login, .code = is[i].a.code,
					   .expires = is[i].a.expires, .url = is[i].url};
	}
	if (!rc) {
		const char *name = json_string_value(json_object_get(congress, "name"));
		rc = ms_letters_pdf(name ? name : "", base, ls, n, &c->raw, &c->raw_len, &c->err);
	}
	if (is)
		sodium_memzero(is, n * sizeof *is);
	free(is);
	free(ls);
	json_decref(congress);
	if (rc)
		return rc;
	c->raw_type = "application/pdf";
	snprintf(c->raw_disposition, sizeof c->raw_disposition,
		 "attachment; filename=\"minsheng-congress-%lld-activation-letters.pdf\"", (long long)c->id);
	return 0;
}

static const struct ms_code *const letters_errors[] = {&MS_E_INVALID_BASE_URL, &MS_E_NOT_OF_CONGRESS,
						      &MS_E_FORBIDDEN, NULL};

static const struct ms_route routes[] = {
	{.method = "POST", .pattern = "/congresses/{id}/deputies/letters", .fn = h_letters,
	 .access = MS_ACCESS_STAFF, .owner = ms_congress_owner, .body = letters_body, .flags = MS_ROUTE_RAW,
	 .errors = letters_errors, .raw_type = "application/pdf",
	 .summary = "print activation letters (PDF, one A4 page a deputy): each deputy gets a new one-time code, "
		    "which exists only on the letter; its old password and sessions end"},
};
const struct ms_routes ms_letters_routes = MS_ROUTES(routes);
