/* council_http.c — a residents' council's meetings: record one (the clerk),
 * and the round's record with its rules in words (anyone). */
#include "cycle.h"

#include <stdlib.h>

#include "../count/council.h"

static const struct ms_field words_fields[] = {MS_OUT("zh", MS_F_STR), MS_OUT("en", MS_F_STR), {0}};
static const struct ms_field decision_fields[] = {
	MS_OUT("candidate_id", MS_F_ID), MS_OUT("title", MS_F_STR), MS_OUT_NULL("title_en", MS_F_STR),
	{.name = "tier", .kind = MS_F_ENUM, .names = &ms_tier_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT("cost", MS_F_INT), MS_OUT("yes", MS_F_INT), MS_OUT("no", MS_F_INT), MS_OUT("abstain", MS_F_INT),
	{.name = "adopted", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED, .doc = "adopted under the meeting's rule"},
	MS_OUT("note", MS_F_STR), {0}};
static const struct ms_view decision_view = {"CouncilDecision", decision_fields,
					     "a candidate's show of hands at a council meeting"};
static const struct ms_field meeting_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("cycle_id", MS_F_ID), MS_OUT("held_on", MS_F_DATE), MS_OUT("place", MS_F_STR),
	MS_OUT("members", MS_F_INT), MS_OUT("present", MS_F_INT),
	{.name = "quorum", .kind = MS_F_ENUM, .names = &ms_council_share_names, .flags = MS_FIELD_REQUIRED},
	{.name = "adopt_base", .kind = MS_F_ENUM, .names = &ms_council_base_names, .flags = MS_FIELD_REQUIRED},
	{.name = "adopt_share", .kind = MS_F_ENUM, .names = &ms_council_share_names, .flags = MS_FIELD_REQUIRED},
	{.name = "rule", .kind = MS_F_OBJECT, .sub = words_fields, .flags = MS_FIELD_REQUIRED,
	 .doc = "the rules the meeting decided by, in words"},
	{.name = "minutes", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .doc = "the consultation's record (协商记录)"},
	MS_OUT("created_at", MS_F_STR),
	{.name = "decisions", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &decision_view, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view meeting_view = {"CouncilMeeting", meeting_fields,
					    "a residents' council meeting: attendance, rules, record and hands"};
static const struct ms_field list_fields[] = {
	{.name = "items", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &meeting_view, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view list_view = {"CouncilMeetings", list_fields, "a round's council meetings, oldest first"};

static const struct ms_field hands_fields[] = {
	{.name = "candidate_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED, .doc = "a candidate of the round"},
	{.name = "yes", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .min = 0, .max = MS_COUNCIL_MEMBERS_MAX},
	{.name = "no", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .min = 0, .max = MS_COUNCIL_MEMBERS_MAX},
	{.name = "abstain", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .min = 0, .max = MS_COUNCIL_MEMBERS_MAX},
	{.name = "note", .kind = MS_F_STR, .max = MS_COUNCIL_NOTE_MAX, .doc = "what the consultation said of it"},
	{0}};
static const struct ms_field record_body[] = {
	{.name = "held_on", .kind = MS_F_DATE, .flags = MS_FIELD_REQUIRED, .doc = "the day of the meeting (not after today)"},
	{.name = "place", .kind = MS_F_STR, .max = MS_LOCATION_MAX},
	{.name = "members", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_COUNCIL_MEMBERS_MAX,
	 .doc = "the council's members (应到)"},
	{.name = "present", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .min = 0, .max = MS_COUNCIL_MEMBERS_MAX,
	 .doc = "the members present (实到)"},
	{.name = "quorum", .kind = MS_F_ENUM, .names = &ms_council_share_names,
	 .doc = "the share of the members that must be present (default more_than_half)"},
	{.name = "adopt_base", .kind = MS_F_ENUM, .names = &ms_council_base_names,
	 .doc = "what the hands for are counted against (default present)"},
	{.name = "adopt_share", .kind = MS_F_ENUM, .names = &ms_council_share_names,
	 .doc = "the share of it the hands for must reach (default more_than_half)"},
	{.name = "minutes", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_COUNCIL_MINUTES_MAX,
	 .doc = "the consultation's record (协商记录)"},
	{.name = "decisions", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .sub = hands_fields, .flags = MS_FIELD_REQUIRED,
	 .min = 1, .max = MS_COUNCIL_DECISIONS_MAX, .doc = "the show of hands on each candidate put to the meeting"},
	{0}};

static int h_list(struct ms_ctx *c, json_t **out)
{
	struct ms_cycle cy;
	int rc = ms_cycle_get(c->db, c->id, &cy, NULL, &c->err);
	return rc ? rc : ms_council_list(c->db, c->id, out, &c->err);
}

static int h_record(struct ms_ctx *c, json_t **out)
{
	struct ms_cycle cy;
	int rc = ms_cycle_get(c->db, c->id, &cy, NULL, &c->err);
	if (rc)
		return rc;
	json_t *list = json_object_get(c->body, "decisions"), *d;
	size_t n = json_array_size(list), i;
	struct ms_council_hands *h = calloc(n + 1, sizeof *h);
	if (!h)
		return ms_nomem(&c->err);
	json_array_foreach(list, i, d) {
		h[i] = (struct ms_council_hands){
			.candidate_id = json_integer_value(json_object_get(d, "candidate_id")),
			.yes = json_integer_value(json_object_get(d, "yes")),
			.no = json_integer_value(json_object_get(d, "no")),
			.abstain = json_integer_value(json_object_get(d, "abstain")),
			.note = json_string_value(json_object_get(d, "note")),
		};
	}
	struct ms_council_meeting_in in = {
		.held_on = ms_api_str(c, "held_on"),
		.place = ms_api_str(c, "place"),
		.members = ms_api_int(c, "members", 0),
		.present = ms_api_int(c, "present", 0),
		.quorum = ms_api_enum(c, "quorum", &ms_council_share_names, MS_SHARE_MORE_THAN_HALF),
		.adopt_base = ms_api_enum(c, "adopt_base", &ms_council_base_names, MS_COUNCIL_BASE_PRESENT),
		.adopt_share = ms_api_enum(c, "adopt_share", &ms_council_share_names, MS_SHARE_MORE_THAN_HALF),
		.minutes = ms_api_str(c, "minutes"),
		.hands = h,
		.n_hands = n,
	};
	int64_t id;
	rc = ms_council_record(c->db, &c->who, &cy, &in, &id, &c->err);
	free(h);
	if (rc)
		return rc;
	json_t *all = NULL;
	if ((rc = ms_council_list(c->db, c->id, &all, &c->err)))
		return rc;
	json_t *m;
	*out = NULL;
	json_array_foreach(json_object_get(all, "items"), i, m)
		if (json_integer_value(json_object_get(m, "id")) == id)
			*out = json_incref(m);
	json_decref(all);
	return *out ? 0 : ms_nomem(&c->err);
}

static const struct ms_code *const record_errors[] = {
	&MS_E_NOT_COUNCIL_ROUND, &MS_E_WRONG_PHASE,	 &MS_E_COUNCIL_QUORUM, &MS_E_COUNCIL_PRESENT,
	&MS_E_COUNCIL_HANDS,	 &MS_E_COUNCIL_CANDIDATE, &MS_E_COUNCIL_TWICE,  &MS_E_COUNCIL_DECIDED,
	&MS_E_COUNCIL_FUTURE,	 &MS_E_COUNCIL_ORDER,	  NULL};

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/cycles/{id}/council-meetings", .fn = h_list, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_cycle_owner, .returns = &list_view,
	 .summary = "a council round's meetings: attendance, rules in words, record and each candidate's hands"},
	{.method = "POST", .pattern = "/cycles/{id}/council-meetings", .fn = h_record, .flags = MS_ROUTE_CREATES,
	 .access = MS_ACCESS_STAFF, .owner = ms_cycle_owner, .body = record_body, .returns = &meeting_view,
	 .errors = record_errors, .summary = "record a residents' council meeting of a council round in 票决 (immutable)"},
};
const struct ms_routes ms_council_routes = MS_ROUTES(routes);
