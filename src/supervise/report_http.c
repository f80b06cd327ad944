/* report_http.c — progress reports: upload a file (its bytes as the body),
 * file a report, publish it, list a project's reports, and the files
 * themselves. */
#include "supervise.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/upload.h"
#include "../http/http.h"

static const struct ms_name file_kinds_v[] = {{"photo", "照片", "photo"}, {"document", "文件", "document"}};
static const struct ms_names file_kinds = MS_NAMES("file_kind", file_kinds_v);

static const struct ms_field file_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("project_id", MS_F_ID),
	{.name = "report_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the report that carries it; null while it waits"},
	{.name = "inspection_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "or the inspection that carries it"},
	{.name = "kind", .kind = MS_F_ENUM, .names = &file_kinds, .flags = MS_FIELD_REQUIRED},
	{.name = "mime", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .doc = "image/jpeg or application/pdf"},
	MS_OUT("name", MS_F_STR), {.name = "size", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "bytes"},
	MS_OUT_NULL("width", MS_F_INT), MS_OUT_NULL("height", MS_F_INT), MS_OUT("created_at", MS_F_STR),
	{0}};
const struct ms_view ms_attachment_view = {"Attachment", file_fields,
					   "a photo (re-encoded, without metadata) or a document of a progress report or "
					   "an inspection; GET /files/{id} and /files/{id}/thumb"};
static const struct ms_field reached_fields[] = {
	{.name = "milestone", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .min = 1, .max = 50,
	 .doc = "its number in the published plan, from 1"},
	{.name = "reached_on", .kind = MS_F_DATE, .flags = MS_FIELD_REQUIRED, .doc = "not after today"},
	{0}};
static const struct ms_view reached_view = {"MilestoneReached", reached_fields, "a plan's milestone reached"};
static const struct ms_field reached_out_fields[] = {
	MS_OUT("milestone", MS_F_INT), MS_OUT("title", MS_F_STR), MS_OUT("reached_on", MS_F_STR), {0}};
static const struct ms_view reached_out_view = {"MilestoneReport", reached_out_fields, "a milestone a report says reached"};
static const struct ms_field report_body[] = {
	{.name = "body", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_REPORT_BODY_MAX,
	 .doc = "what was done, what is behind and why"},
	{.name = "percent_done", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .min = 0, .max = 100},
	{.name = "spent", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .min = 0, .max = MS_COST_MAX,
	 .doc = "yuan spent so far"},
	{.name = "milestones", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &reached_view, .max = 50},
	{.name = "attachment_ids", .kind = MS_F_ARRAY, .item = MS_F_ID, .max = MS_REPORT_FILES_MAX,
	 .doc = "files uploaded for the project (POST /projects/{id}/files) and not yet in a report"},
	{0}};
static const struct ms_field report_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("project_id", MS_F_ID), MS_OUT("congress_id", MS_F_ID), MS_OUT_NULL("unit_id", MS_F_ID),
	MS_OUT_NULL("unit_name", MS_F_STR), MS_OUT_NULL("author_name", MS_F_STR), MS_OUT("reported_on", MS_F_STR),
	MS_OUT("body", MS_F_STR), MS_OUT("percent_done", MS_F_INT), MS_OUT("spent", MS_F_INT),
	{.name = "published_on", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "null until the clerk publishes it"},
	MS_OUT("created_at", MS_F_STR),
	{.name = "milestones", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &reached_out_view},
	{.name = "files", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &ms_attachment_view},
	{0}};
static const struct ms_view report_view = {"ProgressReport", report_fields, "a lead unit's progress report"};
static const struct ms_field entry_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("project_id", MS_F_ID), MS_OUT("congress_id", MS_F_ID),
	MS_OUT("project_title", MS_F_STR), MS_OUT_NULL("project_title_en", MS_F_STR), MS_OUT_NULL("unit_id", MS_F_ID),
	MS_OUT_NULL("unit_name", MS_F_STR), MS_OUT_NULL("author_name", MS_F_STR), MS_OUT("reported_on", MS_F_STR),
	MS_OUT("body", MS_F_STR), MS_OUT("percent_done", MS_F_INT), MS_OUT("spent", MS_F_INT),
	{.name = "published_on", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "null until the clerk publishes it"},
	MS_OUT("created_at", MS_F_STR),
	{.name = "milestones", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &reached_out_view},
	{.name = "files", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &ms_attachment_view},
	{0}};
static const struct ms_view entry_view = {"CongressReport", entry_fields,
					  "a progress report in the congress's list, with its project's title"};
static const struct ms_field no_body[] = {{0}};

/* Off the HTTP workers (MS_ROUTE_SLOW) and outside any transaction
 * (MS_ROUTE_SELF_TX): a photo is decoded and written again before the
 * write transaction begins, which then only stores it. */
static int h_upload(struct ms_ctx *c, json_t **out)
{
	const char *name = ms_http_query(c->req, "name");
	struct ms_upload u;
	int rc;
	if ((rc = ms_attachment_may_upload(c->db, &c->who, c->id, name, &c->err)) ||
	    (rc = ms_upload_examine(c->req->body, c->req->body_len, &u, &c->err)))
		return rc;
	if (!(rc = ms_api_begin(c, true)))
		rc = ms_attachment_store(c->db, &c->who, c->id, name, &u, out, &c->err);
	ms_upload_fini(&u);
	return rc;
}

static int h_file(struct ms_ctx *c, json_t **out)
{
	size_t nr = 0, nf = 0;
	json_t *list = json_object_get(c->body, "milestones"), *m;
	struct ms_reached *reached = calloc(json_array_size(list) + 1, sizeof *reached);
	int64_t *files = ms_api_has(c, "attachment_ids") ? ms_api_ints(c, "attachment_ids", &nf) : NULL;
	int rc = 0;
	if (!reached || (ms_api_has(c, "attachment_ids") && !files))
		rc = ms_nomem(&c->err);
	size_t i;
	json_array_foreach(list, i, m) reached[nr++] = (struct ms_reached){
		.milestone = json_integer_value(json_object_get(m, "milestone")),
		.reached_on = json_string_value(json_object_get(m, "reached_on"))};
	struct ms_report_in in = {.body = ms_api_str(c, "body"),
				  .percent_done = ms_api_int(c, "percent_done", 0),
				  .spent = ms_api_int(c, "spent", 0),
				  .reached = reached,
				  .n_reached = nr,
				  .files = files,
				  .n_files = nf};
	int64_t id = 0;
	if (!rc)
		rc = ms_report_file(c->db, &c->who, c->id, &in, &id, &c->err);
	free(reached);
	free(files);
	return rc ? rc : ms_report_get(c->db, id, out, &c->err);
}

static int h_publish(struct ms_ctx *c, json_t **out)
{
	int rc = ms_report_publish(c->db, &c->who, c->id, &c->err);
	return rc ? rc : ms_report_get(c->db, c->id, out, &c->err);
}

static int h_list(struct ms_ctx *c, json_t **out)
{
	return ms_report_list(c->db, c->authed ? &c->who : NULL, c->id, &c->page, out, &c->err);
}

static int h_congress(struct ms_ctx *c, json_t **out)
{
	const char *state = ms_http_query(c->req, "state");
	if (state && strcmp(state, "all") && strcmp(state, "submitted") && strcmp(state, "published"))
		return ms_failf(&c->err, MS_E_INVALID_QUERY, "state", MS_AS("state"),
				MS_AT("submitted、published 或 all", "submitted, published or all"));
	return ms_report_list_congress(c->db, &c->who, c->id, state, &c->page, out, &c->err);
}

static int serve(struct ms_ctx *c, bool thumb)
{
	struct ms_file f;
	int rc = ms_attachment_read(c->db, c->authed ? &c->who : NULL, c->id, thumb, &f, &c->err);
	if (rc)
		return rc;
	bool pdf = strcmp(f.mime, "application/pdf") == 0;
	c->raw = f.data;
	c->raw_len = f.len;
	c->raw_type = pdf ? "application/pdf" : "image/jpeg";
	snprintf(c->raw_disposition, sizeof c->raw_disposition, "%s", pdf ? "attachment; filename=\"document.pdf\"" : "inline");
	/* A file someone uploaded never runs as part of the site. */
	(void)ms_http_response_header(c->resp, "Content-Security-Policy", "sandbox; default-src 'none'");
	return 0;
}

static int h_data(struct ms_ctx *c, json_t **out)
{
	(void)out;
	return serve(c, false);
}

static int h_thumb(struct ms_ctx *c, json_t **out)
{
	(void)out;
	return serve(c, true);
}

static const struct ms_code *const upload_errors[] = {&MS_E_FILE_TYPE,	     &MS_E_FILE_UNREADABLE,
						      &MS_E_NOT_LEAD_UNIT,   &MS_E_NOT_GROUP_MEMBER, &MS_E_TOO_MANY_UPLOADS,
						      &MS_E_PROJECT_FINISHED, &MS_E_PAYLOAD_TOO_LARGE, NULL};
static const struct ms_code *const file_errors[] = {&MS_E_NOT_LEAD_UNIT,      &MS_E_PROJECT_FINISHED, &MS_E_PLAN_NOT_PUBLISHED,
						    &MS_E_MILESTONE_UNKNOWN,  &MS_E_MILESTONE_REACHED, &MS_E_DAY_IN_FUTURE,
						    &MS_E_ATTACHMENT_UNUSABLE, NULL};
static const struct ms_code *const congress_errors[] = {&MS_E_FORBIDDEN, NULL};
static const struct ms_code *const publish_errors[] = {&MS_E_ALREADY_PUBLISHED, NULL};

static const struct ms_route routes[] = {
	{.method = "POST", .pattern = "/projects/{id}/files", .fn = h_upload,
	 .access = MS_ACCESS_STAFF | MS_ACCESS_UNIT | MS_ACCESS_DEPUTY,
	 .owner = ms_project_owner, .body = no_body,
	 .flags = MS_ROUTE_UPLOAD | MS_ROUTE_CREATES | MS_ROUTE_SELF_TX | MS_ROUTE_SLOW,
	 .max_body = MS_UPLOAD_MAX, .returns = &ms_attachment_view, .errors = upload_errors,
	 .summary = "upload a photo (JPEG, PNG) or a document (PDF) for a progress report (the lead unit, staff) or "
		    "an inspection (a member of a group overseeing the project): the body is the file (?name= the name "
		    "shown); photos are kept re-encoded without their metadata"},
	{.method = "POST", .pattern = "/projects/{id}/reports", .fn = h_file, .access = MS_ACCESS_STAFF | MS_ACCESS_UNIT,
	 .owner = ms_project_owner, .body = report_body, .flags = MS_ROUTE_CREATES, .returns = &report_view,
	 .errors = file_errors, .summary = "the lead unit files a progress report; the project's light is judged again"},
	{.method = "POST", .pattern = "/reports/{id}/publish", .fn = h_publish, .access = MS_ACCESS_STAFF,
	 .owner = ms_report_owner, .body = no_body, .returns = &report_view, .errors = publish_errors,
	 .summary = "publish a report (and its files) to the public"},
	{.method = "GET", .pattern = "/projects/{id}/reports", .fn = h_list, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_project_owner, .flags = MS_ROUTE_PAGED, .returns = &report_view,
	 .summary = "the project's reports, newest first (the public: those published)"},
	{.method = "GET", .pattern = "/congresses/{id}/reports", .fn = h_congress, .access = MS_ACCESS_STAFF,
	 .owner = ms_congress_owner, .flags = MS_ROUTE_PAGED, .returns = &entry_view, .errors = congress_errors,
	 .summary = "the congress's progress reports, newest first (?state=submitted: waiting to be published, "
		    "published, or all)"},
	{.method = "GET", .pattern = "/files/{id}", .fn = h_data, .access = MS_ACCESS_PUBLIC, .owner = ms_attachment_owner,
	 .flags = MS_ROUTE_RAW, .raw_type = "image/jpeg", .summary = "a report's photo (JPEG) or document (PDF)"},
	{.method = "GET", .pattern = "/files/{id}/thumb", .fn = h_thumb, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_attachment_owner, .flags = MS_ROUTE_RAW, .raw_type = "image/jpeg",
	 .summary = "a photo's thumbnail (JPEG, 320 pixels)"},
};
const struct ms_routes ms_report_routes = MS_ROUTES(routes);
