/*
 * oversight_http.c — oversight groups (监督小组) over HTTP: the clerk makes
 * groups and assigns projects; members inspect, send supervision letters
 * and record special inquiries; the lead unit answers its letters; deputies
 * comment on projects. Who reads what (docs/api.md, "Oversight"): a
 * project's inspections and letters are one public route each that answers
 * the published ones to everyone, and also the internal ones to the staff,
 * the group's members and (letters) the unit addressed; inquiries and
 * comments stay inside the congress.
 */
#include "supervise.h"

#include <stdlib.h>

/* ---- views ---- */

static const struct ms_field member_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("name", MS_F_STR),
	{.name = "leader", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED, .doc = "leads the group"},
	{0}};
static const struct ms_view member_view = {"OversightMember", member_fields, "a deputy in an oversight group"};

static const struct ms_field group_project_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("title", MS_F_STR), MS_OUT_NULL("title_en", MS_F_STR),
	{.name = "state", .kind = MS_F_ENUM, .names = &ms_project_state_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT("light", MS_F_STR), MS_OUT("percent_done", MS_F_INT), MS_OUT_NULL("lead_unit_id", MS_F_ID),
	MS_OUT_NULL("lead_unit_name", MS_F_STR),
	{0}};
static const struct ms_view group_project_view = {"OversightProject", group_project_fields,
						  "a project an oversight group oversees"};

static const struct ms_field group_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("congress_id", MS_F_ID), MS_OUT("name", MS_F_STR),
	{.name = "scope", .kind = MS_F_ENUM, .names = &ms_group_scope_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT_NULL("area", MS_F_STR),
	{.name = "leader_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED, .doc = "the deputy who leads it"},
	MS_OUT("leader_name", MS_F_STR), MS_OUT("created_at", MS_F_STR),
	{.name = "members", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &member_view, .flags = MS_FIELD_REQUIRED,
	 .doc = "the leader first"},
	{.name = "projects", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &group_project_view,
	 .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view group_view = {"OversightGroup", group_fields,
					  "an oversight group (监督小组): its leader, members and projects"};

static const struct ms_field inspection_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("congress_id", MS_F_ID), MS_OUT("group_id", MS_F_ID),
	MS_OUT("group_name", MS_F_STR), MS_OUT("project_id", MS_F_ID), MS_OUT("day", MS_F_DATE),
	{.name = "participants", .kind = MS_F_ARRAY, .item = MS_F_ID, .flags = MS_FIELD_REQUIRED,
	 .doc = "the members who took part"},
	MS_OUT("findings", MS_F_STR), MS_OUT_NULL("created_by", MS_F_ID), MS_OUT("created_at", MS_F_STR),
	MS_OUT_NULL("published_at", MS_F_STR), MS_OUT("published", MS_F_BOOL),
	{.name = "files", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &ms_attachment_view,
	 .flags = MS_FIELD_REQUIRED, .doc = "its photos and documents"},
	{0}};
static const struct ms_view inspection_view = {"Inspection", inspection_fields, "an oversight group's inspection (视察)"};

static const struct ms_field letter_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("congress_id", MS_F_ID), MS_OUT("group_id", MS_F_ID),
	MS_OUT("group_name", MS_F_STR), MS_OUT("project_id", MS_F_ID),
	{.name = "unit_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED, .doc = "the unit addressed: the project's lead unit"},
	MS_OUT("unit_name", MS_F_STR), MS_OUT("body", MS_F_STR), MS_OUT("sent_on", MS_F_DATE),
	MS_OUT("deadline", MS_F_DATE), MS_OUT_NULL("sent_by", MS_F_ID), MS_OUT("created_at", MS_F_STR),
	MS_OUT_NULL("reply", MS_F_STR), MS_OUT_NULL("replied_by", MS_F_ID), MS_OUT_NULL("replied_at", MS_F_STR),
	MS_OUT_NULL("published_at", MS_F_STR), MS_OUT("published", MS_F_BOOL),
	{.name = "overdue", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED,
	 .doc = "no reply and the deadline has passed (today after it)"},
	{0}};
static const struct ms_view letter_view = {"SupervisionLetter", letter_fields,
					   "a supervision letter (督办函) to a project's lead unit, and its reply"};

static const struct ms_field qa_fields[] = {
	{.name = "asked_by", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED, .doc = "the deputy who asked"},
	{.name = "question", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_QUESTION_MAX},
	{.name = "answered_by", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_OVERSIGHT_NAME_MAX,
	 .doc = "the official who answered: name and title"},
	{.name = "answer", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_OVERSIGHT_TEXT_MAX},
	{0}};
static const struct ms_view qa_view = {"InquiryQuestion", qa_fields, "a question of a special inquiry and its answer"};

static const struct ms_field inquiry_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("congress_id", MS_F_ID), MS_OUT("group_id", MS_F_ID),
	MS_OUT("group_name", MS_F_STR), MS_OUT("project_id", MS_F_ID), MS_OUT("day", MS_F_DATE),
	MS_OUT("title", MS_F_STR),
	{.name = "qa", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &qa_view, .flags = MS_FIELD_REQUIRED,
	 .doc = "the questions and answers, in order"},
	MS_OUT_NULL("created_by", MS_F_ID), MS_OUT("created_at", MS_F_STR),
	{0}};
static const struct ms_view inquiry_view = {"Inquiry", inquiry_fields, "a special inquiry (专题询问) on a project"};

static const struct ms_field comment_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("project_id", MS_F_ID), MS_OUT("user_id", MS_F_ID), MS_OUT("user_name", MS_F_STR),
	MS_OUT("body", MS_F_STR), MS_OUT("created_at", MS_F_STR),
	{0}};
static const struct ms_view comment_view = {"ProjectComment", comment_fields, "a deputy's comment on a project"};

/* ---- bodies ---- */

static const struct ms_field group_body[] = {
	{.name = "name", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_GROUP_NAME_MAX},
	{.name = "scope", .kind = MS_F_ENUM, .names = &ms_group_scope_names, .flags = MS_FIELD_REQUIRED},
	{.name = "area", .kind = MS_F_STR, .flags = MS_FIELD_NULLABLE, .max = MS_GROUP_AREA_MAX,
	 .doc = "an area group's area (required then)"},
	{.name = "leader_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED,
	 .doc = "a deputy of the congress (a standing-committee member) who leads the group"},
	{.name = "member_ids", .kind = MS_F_ARRAY, .item = MS_F_ID, .max = MS_GROUP_MEMBERS_MAX,
	 .doc = "deputies of the congress"},
	{.name = "project_ids", .kind = MS_F_ARRAY, .item = MS_F_ID, .max = MS_GROUP_PROJECTS_MAX,
	 .doc = "projects of the congress (a project group: one)"},
	{0}};
static const struct ms_field assign_body[] = {
	{.name = "project_ids", .kind = MS_F_ARRAY, .item = MS_F_ID, .flags = MS_FIELD_REQUIRED, .min = 1,
	 .max = MS_GROUP_PROJECTS_MAX},
	{0}};
static const struct ms_field inspection_body[] = {
	{.name = "project_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED, .doc = "a project of the group"},
	{.name = "day", .kind = MS_F_DATE, .flags = MS_FIELD_REQUIRED, .doc = "not after today"},
	{.name = "participant_ids", .kind = MS_F_ARRAY, .item = MS_F_ID, .flags = MS_FIELD_REQUIRED, .min = 1,
	 .max = MS_GROUP_MEMBERS_MAX, .doc = "members of the group"},
	{.name = "findings", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_OVERSIGHT_TEXT_MAX},
	{.name = "attachment_ids", .kind = MS_F_ARRAY, .item = MS_F_ID, .max = MS_REPORT_FILES_MAX,
	 .doc = "photos and documents the member uploaded for the project (POST /projects/{id}/files)"},
	{0}};
static const struct ms_field letter_body[] = {
	{.name = "project_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED, .doc = "a project of the group"},
	{.name = "body", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_OVERSIGHT_TEXT_MAX},
	{.name = "deadline", .kind = MS_F_DATE, .flags = MS_FIELD_REQUIRED,
	 .doc = "the reply deadline: after today, within a year"},
	{0}};
static const struct ms_field reply_body[] = {
	{.name = "reply", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_OVERSIGHT_TEXT_MAX},
	{0}};
static const struct ms_field inquiry_body[] = {
	{.name = "project_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED, .doc = "a project of the group"},
	{.name = "day", .kind = MS_F_DATE, .flags = MS_FIELD_REQUIRED, .doc = "not after today"},
	{.name = "title", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_OVERSIGHT_TITLE_MAX},
	{.name = "qa", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &qa_view, .flags = MS_FIELD_REQUIRED, .min = 1,
	 .max = MS_QA_MAX},
	{0}};
static const struct ms_field comment_body[] = {
	{.name = "body", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_COMMENT_MAX},
	{0}};
static const struct ms_field empty_body[] = {{0}};

/* ---- handlers ---- */

static int h_group_create(struct ms_ctx *c, json_t **out)
{
	size_t nm = 0, np = 0;
	int64_t *members = ms_api_ints(c, "member_ids", &nm), *projects = ms_api_ints(c, "project_ids", &np), id;
	int rc;
	if (!members || !projects)
		rc = ms_nomem(&c->err);
	else {
		struct ms_group_in in = {
			.name = ms_api_str(c, "name"),
			.scope = ms_api_enum(c, "scope", &ms_group_scope_names, -1),
			.area = ms_api_str(c, "area"),
			.leader_id = ms_api_int(c, "leader_id", 0),
			.member_ids = members,
			.n_members = nm,
			.project_ids = projects,
			.n_projects = np,
		};
		if (!(rc = ms_group_create(c->db, &c->who, c->id, &in, &id, &c->err)))
			rc = ms_group_get(c->db, id, out, &c->err);
	}
	free(members);
	free(projects);
	return rc;
}

static int h_group_assign(struct ms_ctx *c, json_t **out)
{
	size_t n = 0;
	int64_t *ids = ms_api_ints(c, "project_ids", &n);
	int rc = !ids ? ms_nomem(&c->err) : ms_group_assign(c->db, &c->who, c->id, ids, n, &c->err);
	free(ids);
	return rc ? rc : ms_group_get(c->db, c->id, out, &c->err);
}

static int h_group_list(struct ms_ctx *c, json_t **out)
{
	return ms_group_list(c->db, c->id, &c->page, out, &c->err);
}

static int h_group_get(struct ms_ctx *c, json_t **out)
{
	return ms_group_get(c->db, c->id, out, &c->err);
}

static int h_group_mine(struct ms_ctx *c, json_t **out)
{
	return ms_group_mine(c->db, c->who.id, &c->page, out, &c->err);
}

static int h_inspect(struct ms_ctx *c, json_t **out)
{
	size_t n = 0, nf = 0;
	int64_t *who = ms_api_ints(c, "participant_ids", &n), *files = ms_api_ints(c, "attachment_ids", &nf), id;
	struct ms_inspection_in in = {.project_id = ms_api_int(c, "project_id", 0),
				      .day = ms_api_str(c, "day"),
				      .participant_ids = who,
				      .n_participants = n,
				      .findings = ms_api_str(c, "findings"),
				      .files = files,
				      .n_files = nf};
	int rc = !who || !files ? ms_nomem(&c->err) : ms_inspection_record(c->db, &c->who, c->id, &in, &id, &c->err);
	free(who);
	free(files);
	return rc ? rc : ms_inspection_get(c->db, id, out, &c->err);
}

static int h_inspection_publish(struct ms_ctx *c, json_t **out)
{
	int rc = ms_inspection_publish(c->db, &c->who, c->id, &c->err);
	return rc ? rc : ms_inspection_get(c->db, c->id, out, &c->err);
}

static int h_inspections(struct ms_ctx *c, json_t **out)
{
	struct ms_viewer v = ms_viewer_of(&c->who, c->authed, c->congress_id);
	return ms_inspection_list(c->db, c->id, &v, &c->page, out, &c->err);
}

static int h_letter_send(struct ms_ctx *c, json_t **out)
{
	int64_t id;
	int rc = ms_letter_send(c->db, &c->who, c->id, ms_api_int(c, "project_id", 0), ms_api_str(c, "body"),
				ms_api_str(c, "deadline"), &id, &c->err);
	return rc ? rc : ms_letter_get(c->db, id, out, &c->err);
}

static int h_letter_reply(struct ms_ctx *c, json_t **out)
{
	int rc = ms_letter_reply(c->db, &c->who, c->id, ms_api_str(c, "reply"), &c->err);
	return rc ? rc : ms_letter_get(c->db, c->id, out, &c->err);
}

static int h_letter_publish(struct ms_ctx *c, json_t **out)
{
	int rc = ms_letter_publish(c->db, &c->who, c->id, &c->err);
	return rc ? rc : ms_letter_get(c->db, c->id, out, &c->err);
}

static int h_letters(struct ms_ctx *c, json_t **out)
{
	struct ms_viewer v = ms_viewer_of(&c->who, c->authed, c->congress_id);
	return ms_letter_list_project(c->db, c->id, &v, &c->page, out, &c->err);
}

static int h_unit_letters(struct ms_ctx *c, json_t **out)
{
	if (!ms_actor_is_staff(&c->who, c->congress_id) && c->who.unit_id != c->id)
		return ms_fail(&c->err, MS_E_NOT_YOUR_UNIT, NULL);
	return ms_letter_list_unit(c->db, c->id, &c->page, out, &c->err);
}

static int h_overdue(struct ms_ctx *c, json_t **out)
{
	return ms_letter_list_overdue(c->db, c->id, &c->page, out, &c->err);
}

static int h_inquire(struct ms_ctx *c, json_t **out)
{
	int64_t id;
	int rc = ms_inquiry_record(c->db, &c->who, c->id, ms_api_int(c, "project_id", 0), ms_api_str(c, "day"),
				   ms_api_str(c, "title"), json_object_get(c->body, "qa"), &id, &c->err);
	return rc ? rc : ms_inquiry_get(c->db, id, out, &c->err);
}

static int h_inquiries(struct ms_ctx *c, json_t **out)
{
	struct ms_viewer v = ms_viewer_of(&c->who, c->authed, c->congress_id);
	return ms_inquiry_list(c->db, c->id, &v, &c->page, out, &c->err);
}

static int h_comment(struct ms_ctx *c, json_t **out)
{
	int64_t id;
	int rc = ms_comment_add(c->db, &c->who, c->id, ms_api_str(c, "body"), &id, &c->err);
	return rc ? rc : ms_comment_get(c->db, id, out, &c->err);
}

static int h_comments(struct ms_ctx *c, json_t **out)
{
	/* a unit's officer reads the comments on its own (lead) projects only */
	if (!ms_actor_is_staff(&c->who, c->congress_id) && !ms_actor_is_of(&c->who, MS_ROLE_DEPUTY, c->congress_id)) {
		json_t *p = NULL;
		int rc = ms_project_get(c->db, c->id, &p, &c->err);
		if (rc)
			return rc;
		bool own = json_integer_value(json_object_get(p, "lead_unit_id")) == c->who.unit_id;
		json_decref(p);
		if (!own)
			return ms_fail(&c->err, MS_E_NOT_YOUR_UNIT, NULL);
	}
	return ms_comment_list(c->db, c->id, &c->page, out, &c->err);
}

/* ---- routes ---- */

static const struct ms_code *const create_errors[] = {&MS_E_NOT_A_DEPUTY, &MS_E_PROJECT_NOT_OF_CONGRESS,
						      &MS_E_ONE_PROJECT_GROUP, &MS_E_AREA_REQUIRED,
						      &MS_E_GROUP_NAME_TAKEN, NULL};
static const struct ms_code *const assign_errors[] = {&MS_E_PROJECT_NOT_OF_CONGRESS, &MS_E_ONE_PROJECT_GROUP, NULL};
static const struct ms_code *const inspect_errors[] = {&MS_E_NOT_GROUP_MEMBER, &MS_E_PROJECT_NOT_IN_GROUP,
						       &MS_E_DAY_IN_FUTURE, &MS_E_NOT_A_PARTICIPANT,
						       &MS_E_ATTACHMENT_UNUSABLE, NULL};
static const struct ms_code *const publish_errors[] = {&MS_E_ALREADY_PUBLISHED, NULL};
static const struct ms_code *const send_errors[] = {&MS_E_NOT_GROUP_MEMBER, &MS_E_PROJECT_NOT_IN_GROUP,
						    &MS_E_DEADLINE_NOT_AFTER, &MS_E_NO_LEAD_UNIT, NULL};
static const struct ms_code *const reply_errors[] = {&MS_E_NOT_YOUR_UNIT, &MS_E_ALREADY_REPLIED, NULL};
static const struct ms_code *const unit_errors[] = {&MS_E_NOT_YOUR_UNIT, NULL};
static const struct ms_code *const inquire_errors[] = {&MS_E_NOT_GROUP_MEMBER, &MS_E_PROJECT_NOT_IN_GROUP,
						       &MS_E_DAY_IN_FUTURE, &MS_E_NOT_A_DEPUTY, NULL};

#define GROUP "/oversight-groups/{id}"
static const struct ms_route routes[] = {
	{.method = "POST", .pattern = "/congresses/{id}/oversight-groups", .fn = h_group_create,
	 .access = MS_ACCESS_STAFF, .owner = ms_congress_owner, .body = group_body, .flags = MS_ROUTE_CREATES,
	 .returns = &group_view, .errors = create_errors,
	 .summary = "make an oversight group (监督小组) of the congress's deputies, led by one of them, for one project "
		    "or an area's projects"},
	{.method = "GET", .pattern = "/congresses/{id}/oversight-groups", .fn = h_group_list,
	 .access = MS_ACCESS_STAFF | MS_ACCESS_DEPUTY, .owner = ms_congress_owner, .flags = MS_ROUTE_PAGED,
	 .returns = &group_view, .summary = "the congress's oversight groups, with members and projects"},
	{.method = "GET", .pattern = GROUP, .fn = h_group_get, .access = MS_ACCESS_STAFF | MS_ACCESS_DEPUTY,
	 .owner = ms_group_owner, .returns = &group_view, .summary = "one oversight group"},
	{.method = "POST", .pattern = GROUP "/projects", .fn = h_group_assign, .access = MS_ACCESS_STAFF,
	 .owner = ms_group_owner, .body = assign_body, .returns = &group_view, .errors = assign_errors,
	 .summary = "give the group more projects of its congress (a project group oversees one)"},
	{.method = "GET", .pattern = "/me/oversight-groups", .fn = h_group_mine, .access = MS_ACCESS_LOGIN,
	 .flags = MS_ROUTE_PAGED, .returns = &group_view,
	 .summary = "the oversight groups the logged-in deputy belongs to, with their projects (none for others)"},
	{.method = "POST", .pattern = GROUP "/inspections", .fn = h_inspect, .access = MS_ACCESS_DEPUTY,
	 .owner = ms_group_owner, .body = inspection_body, .flags = MS_ROUTE_CREATES, .returns = &inspection_view,
	 .errors = inspect_errors,
	 .summary = "a member records an inspection (视察) of one of the group's projects; internal until published"},
	{.method = "POST", .pattern = "/inspections/{id}/publish", .fn = h_inspection_publish, .access = MS_ACCESS_STAFF,
	 .owner = ms_inspection_owner, .body = empty_body, .returns = &inspection_view, .errors = publish_errors,
	 .summary = "publish an inspection: the public project page shows it"},
	{.method = "GET", .pattern = "/projects/{id}/inspections", .fn = h_inspections, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_project_owner, .flags = MS_ROUTE_PAGED, .returns = &inspection_view,
	 .summary = "the project's inspections, newest first: the published ones, and the internal ones too for the "
		    "staff and the members of the group that made them"},
	{.method = "POST", .pattern = GROUP "/letters", .fn = h_letter_send, .access = MS_ACCESS_DEPUTY,
	 .owner = ms_group_owner, .body = letter_body, .flags = MS_ROUTE_CREATES, .returns = &letter_view,
	 .errors = send_errors,
	 .summary = "a member sends a supervision letter (督办函) to the lead unit of one of the group's projects, dated "
		    "today, with a reply deadline"},
	{.method = "POST", .pattern = "/supervision-letters/{id}/reply", .fn = h_letter_reply, .access = MS_ACCESS_UNIT,
	 .owner = ms_letter_owner, .body = reply_body, .returns = &letter_view, .errors = reply_errors,
	 .summary = "the unit addressed answers the letter, once"},
	{.method = "POST", .pattern = "/supervision-letters/{id}/publish", .fn = h_letter_publish,
	 .access = MS_ACCESS_STAFF, .owner = ms_letter_owner, .body = empty_body, .returns = &letter_view,
	 .errors = publish_errors, .summary = "publish a letter (and its reply): the public project page shows it"},
	{.method = "GET", .pattern = "/projects/{id}/letters", .fn = h_letters, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_project_owner, .flags = MS_ROUTE_PAGED, .returns = &letter_view,
	 .summary = "the project's supervision letters, newest first: the published ones, and the internal ones too "
		    "for the staff, the group's members and the unit addressed"},
	{.method = "GET", .pattern = "/units/{id}/letters", .fn = h_unit_letters,
	 .access = MS_ACCESS_STAFF | MS_ACCESS_UNIT, .owner = ms_unit_owner, .flags = MS_ROUTE_PAGED,
	 .returns = &letter_view, .errors = unit_errors,
	 .summary = "the letters to a unit, newest first: for its own officers and the staff"},
	{.method = "GET", .pattern = "/congresses/{id}/letters/overdue", .fn = h_overdue, .access = MS_ACCESS_STAFF,
	 .owner = ms_congress_owner, .flags = MS_ROUTE_PAGED, .returns = &letter_view,
	 .summary = "the congress's letters not answered by their deadline, the most overdue first"},
	{.method = "POST", .pattern = GROUP "/inquiries", .fn = h_inquire, .access = MS_ACCESS_STAFF | MS_ACCESS_DEPUTY,
	 .owner = ms_group_owner, .body = inquiry_body, .flags = MS_ROUTE_CREATES, .returns = &inquiry_view,
	 .errors = inquire_errors,
	 .summary = "record a special inquiry (专题询问) on one of the group's projects: its questions and answers in "
		    "order (a member of the group or the staff)"},
	{.method = "GET", .pattern = "/projects/{id}/inquiries", .fn = h_inquiries,
	 .access = MS_ACCESS_STAFF | MS_ACCESS_DEPUTY, .owner = ms_project_owner, .flags = MS_ROUTE_PAGED,
	 .returns = &inquiry_view,
	 .summary = "the project's special inquiries, for the staff and the members of the groups that held them"},
	{.method = "POST", .pattern = "/projects/{id}/comments", .fn = h_comment, .access = MS_ACCESS_DEPUTY,
	 .owner = ms_project_owner, .body = comment_body, .flags = MS_ROUTE_CREATES, .returns = &comment_view,
	 .summary = "a deputy of the congress comments on a project"},
	{.method = "GET", .pattern = "/projects/{id}/comments", .fn = h_comments,
	 .access = MS_ACCESS_STAFF | MS_ACCESS_DEPUTY | MS_ACCESS_UNIT, .owner = ms_project_owner,
	 .flags = MS_ROUTE_PAGED, .returns = &comment_view, .errors = unit_errors,
	 .summary = "deputies' comments on a project, oldest first: for the staff, the deputies and its lead unit"},
};
const struct ms_routes ms_oversight_routes = MS_ROUTES(routes);
