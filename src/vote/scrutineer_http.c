/* scrutineer_http.c — the scrutineers of a poll: naming them (the clerk),
 * each one's preparation (a one-time public key from their own device) and
 * the share they receive when the poll opens, sealed to that key. */
#include "vote.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "vote_internal.h"

static const struct ms_field scrutineer_fields[] = {
	MS_OUT("user_id", MS_F_ID), MS_OUT("name", MS_F_STR),
	{.name = "x", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "the number of this scrutineer's share"},
	{.name = "key_registered", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED,
	 .doc = "prepared: a one-time key to receive the share is registered"},
	{.name = "share_ready", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED,
	 .doc = "the poll is open and the share is waiting, sealed to that key"},
	{0}};
static const struct ms_view scrutineer_view = {"Scrutineer", scrutineer_fields, "a scrutineer (监票人) of a poll"};
static const struct ms_field scrutineers_fields[] = {
	{.name = "scrutineers", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &scrutineer_view,
	 .flags = MS_FIELD_REQUIRED},
	{.name = "shares_needed", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "k: the shares that open the ballots at the close"},
	{0}};
static const struct ms_view scrutineers_view = {"Scrutineers", scrutineers_fields, "a poll's scrutineers"};
static const struct ms_field share_fields[] = {
	MS_OUT("x", MS_F_INT),
	{.name = "sealed_share", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED,
	 .doc = "the share text sealed (libsodium sealed box) to the registered key, base64url"},
	MS_OUT("shares_needed", MS_F_INT),
	{0}};
static const struct ms_view share_view = {"SealedShare", share_fields, "a scrutineer's key share, sealed to them"};

const struct ms_field ms_scrutineers_body_fields[] = {
	{.name = "scrutineer_ids", .kind = MS_F_ARRAY, .item = MS_F_ID, .flags = MS_FIELD_REQUIRED, .min = 1,
	 .max = MS_SCRUTINEERS_MAX, .doc = "deputies of the congress approved by the session as scrutineers"},
	{.name = "shares_needed", .kind = MS_F_INT, .min = 1, .max = MS_SCRUTINEERS_MAX,
	 .doc = "k of n shares open the ballots; default: a majority of the scrutineers"},
	{0}};
static const struct ms_field key_body[] = {
	{.name = "public_key", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 43, .max = 44,
	 .doc = "a one-time X25519 public key made on the scrutineer's device, base64url (32 bytes)"},
	{0}};

static int answer_list(struct ms_ctx *c, json_t **out)
{
	json_t *list = NULL;
	struct ms_poll p;
	int rc = ms_poll_get(c->db, c->id, &p, &c->err);
	uint32_t k = p.shares_needed;
	ms_poll_fini(&p);
	if (rc || (rc = ms_scrutineer_list(c->db, c->id, &list, &c->err)))
		return rc;
	return ms_api_answer(c, json_pack("{s:o, s:o}", "scrutineers", list, "shares_needed",
					  k ? json_integer(k) : json_null()),
			     out);
}

int ms_scrutineers_from_body(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, json_t *body,
			     struct ms_error *e)
{
	json_t *ids = json_object_get(body, "scrutineer_ids"), *k = json_object_get(body, "shares_needed");
	size_t n = json_array_size(ids);
	int64_t v[MS_SCRUTINEERS_MAX];
	for (size_t i = 0; i < n && i < MS_SCRUTINEERS_MAX; i++)
		v[i] = json_integer_value(json_array_get(ids, i));
	return ms_scrutineers_set(db, by, poll_id, v, n, (uint32_t)(k ? json_integer_value(k) : (json_int_t)n / 2 + 1), e);
}

static int h_list(struct ms_ctx *c, json_t **out)
{
	return answer_list(c, out);
}

static int h_set(struct ms_ctx *c, json_t **out)
{
	int rc = ms_scrutineers_from_body(c->db, &c->who, c->id, c->body, &c->err);
	return rc ? rc : answer_list(c, out);
}

static int h_key(struct ms_ctx *c, json_t **out)
{
	const char *b64 = ms_api_str(c, "public_key");
	unsigned char key[32];
	size_t len = 0;
	const char *end = NULL;
	if (sodium_base642bin(key, sizeof key, b64, strlen(b64), NULL, &len, &end,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) ||
	    len != sizeof key || *end)
		return ms_fail(&c->err, MS_E_INVALID_SHARE_KEY, "public_key");
	int rc = ms_scrutineer_register(c->db, &c->who, c->id, key, &c->err);
	return rc ? rc : answer_list(c, out);
}

static int h_share(struct ms_ctx *c, json_t **out)
{
	return ms_scrutineer_share(c->db, &c->who, c->id, out, &c->err);
}

static const struct ms_code *const set_errors[] = {&MS_E_POLL_NOT_DRAFT, &MS_E_SCRUTINEER_COUNT, &MS_E_NOT_A_DEPUTY,
						   &MS_E_SCRUTINEER_TWICE, NULL};
static const struct ms_code *const key_errors[] = {&MS_E_POLL_NOT_DRAFT, &MS_E_NOT_A_SCRUTINEER,
						   &MS_E_INVALID_SHARE_KEY, NULL};
static const struct ms_code *const share_errors[] = {&MS_E_NOT_A_SCRUTINEER, &MS_E_SHARE_NOT_READY, &MS_E_POLL_CLOSED,
						     NULL};

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/polls/{id}/scrutineers", .fn = h_list,
	 .access = MS_ACCESS_STAFF | MS_ACCESS_DEPUTY, .owner = ms_poll_owner, .returns = &scrutineers_view,
	 .summary = "the poll's scrutineers and whether each has prepared"},
	{.method = "PUT", .pattern = "/polls/{id}/scrutineers", .fn = h_set, .access = MS_ACCESS_STAFF,
	 .owner = ms_poll_owner, .body = ms_scrutineers_body_fields, .returns = &scrutineers_view, .errors = set_errors,
	 .summary = "name the scrutineers of a draft poll and the shares that open its ballots"},
	{.method = "PUT", .pattern = "/polls/{id}/scrutineers/me/key", .fn = h_key, .access = MS_ACCESS_DEPUTY,
	 .owner = ms_poll_owner, .body = key_body, .returns = &scrutineers_view, .errors = key_errors,
	 .summary = "a scrutineer prepares: the one-time public key its share will be sealed to at the open"},
	{.method = "GET", .pattern = "/polls/{id}/scrutineers/me/share", .fn = h_share, .access = MS_ACCESS_DEPUTY,
	 .owner = ms_poll_owner, .returns = &share_view, .errors = share_errors,
	 .summary = "a scrutineer's key share (from the open), sealed to the key they registered"},
};
const struct ms_routes ms_scrutineer_routes = MS_ROUTES(routes);
