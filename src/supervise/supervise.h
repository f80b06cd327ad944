/*
 * supervise.h — 政府办、人大督: the projects a round's vote selected, under
 * delivery and under the congress's supervision. When a round enters 实施
 * (ms_projects_start, a cycle phase hook) each selected candidate becomes a
 * project — keeping its candidate, and the poll that chose it — and every
 * other candidate of the round goes to the reserve pool (cycle/reserve.c).
 */
#ifndef MS_SUPERVISE_H
#define MS_SUPERVISE_H

#include <jansson.h>

#include "../core/workday.h"
#include "../cycle/cycle.h"
#include "../vote/vote.h"
#include "light.h"

/* A project's state: its implementation plan being drawn up, delivering,
 * finished. */
enum ms_project_state { MS_PROJECT_PLANNING, MS_PROJECT_DELIVERING, MS_PROJECT_FINISHED };
extern const struct ms_names ms_project_state_names;
extern const struct ms_name ms_project_kind;

/* The phase hook (cycle.h): on entering 实施, the round's projects and its
 * reserve pool entries, once (entering again adds nothing); 409
 * poll_still_open / no_vote_result (vote.h) refuse the move. Other phases:
 * nothing. */
int ms_projects_start(struct ms_db *db, const struct ms_actor *by, const struct ms_cycle *cy, struct ms_error *e);

/* One project's Project JSON (404 when none). */
int ms_project_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_project_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);
/* A round's projects, or a congress's (every round, newest first). */
int ms_project_list_cycle(struct ms_db *db, int64_t cycle_id, const struct ms_page *pg, json_t **out,
			  struct ms_error *e);
/* What a congress's list is narrowed to; each left 0 / NULL takes any. A
 * district is an area the project's location names: its place as the
 * candidate gave it ("江北区、滨江区", "全市40个社区") contains the text, so a
 * project of several districts is found under each, and "全市" finds the
 * city-wide ones. */
struct ms_project_filter {
	int64_t year;
	const char *category; /* exactly this category */
	int64_t unit_id;      /* this lead unit */
	const char *district; /* contained in the location (at most 50 characters) */
	const char *light;    /* a key of ms_light_names (422 invalid_value when not) */
};
int ms_project_list_congress(struct ms_db *db, int64_t congress_id, const struct ms_project_filter *f,
			     const struct ms_page *pg, json_t **out, struct ms_error *e);

/* What the rules need of a project. */
struct ms_project_facts {
	int64_t id, congress_id, lead_unit_id;
	int state; /* enum ms_project_state */
};
int ms_project_facts(struct ms_db *db, int64_t id, struct ms_project_facts *out, struct ms_error *e);
/* 0 when `by` is staff of the project's congress or an officer of its lead
 * unit; else 403 not_lead_unit naming the action. */
int ms_project_need_lead(const struct ms_project_facts *p, const struct ms_actor *by, struct ms_arg action,
			 struct ms_error *e);

/* ---- the implementation plan (plan.c) ---- */

/* The plan's shape (a JSON object), for the API and for every caller. */
extern const struct ms_field ms_plan_fields[];
extern const struct ms_view ms_plan_view;
/* Save the draft (the lead unit or staff): the shape, then the rules across
 * fields (dates, milestones in order and within the dates, funding adding up
 * to the budget, co-operating units of the congress, annual years); 409
 * project_finished. The published versions stay as they are. */
int ms_plan_save(struct ms_db *db, const struct ms_actor *by, int64_t project_id, json_t *plan, struct ms_error *e);
/* Publish the draft as the next version (*version); a planning project now
 * delivers; its light is judged again. 409 no_plan_draft, plan_unchanged,
 * project_finished. */
int ms_plan_publish(struct ms_db *db, const struct ms_actor *by, int64_t project_id, int64_t *version,
		    struct ms_error *e);
/* {project_id, version (0: none yet), plan (the latest published, or null)},
 * and the draft for who may edit it (who NULL: the public). */
int ms_plan_get(struct ms_db *db, const struct ms_actor *who, int64_t project_id, json_t **out, struct ms_error *e);
/* Every published version, newest first: {version, published_at, published_by_name, plan}. */
int ms_plan_versions(struct ms_db *db, int64_t project_id, json_t **out, struct ms_error *e);

/* ---- the congress's settings and holiday calendar (settings.c) ---- */

struct ms_supervision_settings {
	struct ms_light_rules light;
	int task_days;     /* working days a red project's unit is given to act */
	int escalate_days; /* working days an overdue task waits before it escalates again */
};
#define MS_TASK_DAYS_DEFAULT 10
#define MS_ESCALATE_DAYS_DEFAULT 5
#define MS_TASK_DAYS_MAX 250
/* The congress's settings (the defaults of PRACTICE.md until it sets them). */
int ms_supervision_settings_get(struct ms_db *db, int64_t congress_id, struct ms_supervision_settings *out,
				struct ms_error *e);
int ms_supervision_settings_set(struct ms_db *db, const struct ms_actor *by, int64_t congress_id,
				const struct ms_supervision_settings *s, struct ms_error *e);
/* The settings as JSON, with the rule printed in words (zh and en). */
json_t *ms_supervision_settings_json(const struct ms_supervision_settings *s);
/* The congress's calendar (holidays and adjusted working days), malloc'd
 * lists; free with ms_holidays_fini. */
int ms_holidays_calendar(struct ms_db *db, int64_t congress_id, struct ms_workday_cal *out, struct ms_error *e);
void ms_holidays_fini(struct ms_workday_cal *c);
/* Replace the year's entries with days [{day, kind off|on, name}]. */
int ms_holidays_set(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, int64_t year, json_t *days,
		    struct ms_error *e);
int ms_holidays_list(struct ms_db *db, int64_t congress_id, int64_t year, json_t **out, struct ms_error *e);

/* ---- lights and supervision tasks (task.c) ---- */

/* What judging lights did. */
struct ms_relight {
	int64_t projects, changed, tasks_created, escalated, swept;
};
/* Days an upload may wait for its report or inspection before the daily
 * relight removes it. */
#define MS_UPLOAD_KEEP_DAYS 7
/* Judge the project's light on `today` from its published plan and its
 * reports; a project that turns red gets a supervision task (督办) for its
 * lead unit, due task_days working days later over the congress's calendar,
 * unless one is open. Counts into *r when not NULL. */
int ms_project_relight(struct ms_db *db, const struct ms_actor *by, int64_t project_id, int32_t today,
		       struct ms_relight *r, struct ms_error *e);
/* Every project of the congress (congress_id 0: of every congress), then the
 * overdue tasks: one past its due day escalates (level 1), and again every
 * escalate_days working days. */
int ms_relight_all(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, int32_t today,
		   struct ms_relight *r, struct ms_error *e);
/* The congress's tasks (state: open, overdue, done or NULL: all); a unit
 * officer's list holds its unit's only. */
int ms_task_list(struct ms_db *db, const struct ms_actor *who, int64_t congress_id, const char *state,
		 const struct ms_page *pg, json_t **out, struct ms_error *e);
int ms_task_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);
/* The lead unit (or staff) reports the task done with a note. 409 task_done. */
/* Acceptance (验收) by the staff: the project is finished on `on` (NULL:
 * today; not after today) and its light turns blue. 409 not_complete before its unit reports
 * 100 percent, tasks_open while a supervision task is open, project_finished
 * once accepted. */
int ms_project_accept(struct ms_db *db, const struct ms_actor *by, int64_t project_id, const char *on,
		      const char *note, struct ms_error *e);
int ms_task_done(struct ms_db *db, const struct ms_actor *by, int64_t task_id, const char *note, json_t **out,
		 struct ms_error *e);
/* A supervision task (督办) for the project's lead unit, set on `today`
 * and due `days` working days later over the congress's calendar (the
 * year-end evaluation's rectification); *task_id receives its id, *due its
 * day. Audited (task.create). */
int ms_task_create(struct ms_db *db, const struct ms_actor *by, int64_t project_id, const char *why, int32_t today,
		   int days, int64_t *task_id, char due[11], struct ms_error *e);

/* ---- progress reports and their files (report.c) ---- */

#define MS_REPORT_BODY_MAX 5000
#define MS_REPORT_FILES_MAX 20
extern const struct ms_name ms_attachment_kind, ms_report_kind;
struct ms_reached {
	int64_t milestone;      /* its number in the published plan, from 1 */
	const char *reached_on; /* YYYY-MM-DD, not after today */
};
struct ms_report_in {
	const char *body;
	int64_t percent_done, spent;
	const struct ms_reached *reached;
	size_t n_reached;
	const int64_t *files; /* attachments uploaded for the project and not yet in a report */
	size_t n_files;
};
/* Upload a file for a project's report (its lead unit, or staff): judged by
 * its content (core/upload.h); *out its Attachment JSON. In three steps for
 * a caller that judges the file outside its transaction (it takes up to a
 * second): may_upload (the rules, with no file), ms_upload_examine, then
 * store in the write transaction (the rules again, and the row). */
int ms_attachment_upload(struct ms_db *db, const struct ms_actor *by, int64_t project_id, const char *name,
			 const void *data, size_t len, json_t **out, struct ms_error *e);
int ms_attachment_may_upload(struct ms_db *db, const struct ms_actor *by, int64_t project_id, const char *name,
			     struct ms_error *e);
struct ms_upload;
int ms_attachment_store(struct ms_db *db, const struct ms_actor *by, int64_t project_id, const char *name,
			const struct ms_upload *u, json_t **out, struct ms_error *e);
/* File a report on today (the lead unit, or staff) once the plan is
 * published: text, percent done, spent, milestones reached, files (its
 * filer's uploads). The project's figures, and its light, follow once the
 * report is published (ms_report_publish). */
int ms_report_file(struct ms_db *db, const struct ms_actor *by, int64_t project_id, const struct ms_report_in *in,
		   int64_t *id, struct ms_error *e);
int ms_report_publish(struct ms_db *db, const struct ms_actor *by, int64_t report_id, struct ms_error *e);
/* One report's ProgressReport JSON (without its milestones and files). */
int ms_report_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_report_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);
/* The project's reports, newest first, with their milestones and files;
 * the public's only those published (who NULL: the public). */
int ms_report_list(struct ms_db *db, const struct ms_actor *who, int64_t project_id, const struct ms_page *pg,
		   json_t **out, struct ms_error *e);
/* A congress's reports for its staff (the clerk's recent reports), newest
 * first, each with its project's title, milestones and files; state NULL or
 * "all", "submitted" (waiting to be published) or "published" (another:
 * none). 403 forbidden to anyone else. */
int ms_report_list_congress(struct ms_db *db, const struct ms_actor *who, int64_t congress_id, const char *state,
			    const struct ms_page *pg, json_t **out, struct ms_error *e);
/* A file's bytes (or its thumbnail's), for who may see it: 404 to the
 * public while its report is not published. */
struct ms_file {
	void *data; /* malloc'd */
	size_t len;
	char mime[64];
	char name[201];
};
int ms_attachment_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);
int ms_attachment_read(struct ms_db *db, const struct ms_actor *who, int64_t id, bool thumb, struct ms_file *out,
		       struct ms_error *e);

extern const struct ms_view ms_project_view, ms_attachment_view;
extern const struct ms_routes ms_project_routes, ms_plan_routes, ms_settings_routes, ms_task_routes,
	ms_report_routes;
extern const struct ms_stmt *const ms_project_stmts[], *const ms_plan_stmts[], *const ms_settings_stmts[],
	*const ms_task_stmts[], *const ms_report_stmts[];


/* ---- oversight groups (监督小组, oversight*.c) ----
 * A clerk makes a group of the congress's deputies, led by one of them (a
 * standing-committee member: the roster does not record that, so any deputy
 * of the congress may lead), for one project (scope project) or for an
 * area's projects (scope area, with its area's name). Its members record
 * inspections (视察) and special inquiries (专题询问) of the group's projects
 * and send supervision letters (督办函) to a project's lead unit, which the
 * unit answers once before a deadline; inspections and letters stay
 * internal to the group and the staff (letters: and the unit) until the
 * clerk publishes them. Any deputy of the congress comments on a project.
 * Every write is audited. Days are "YYYY-MM-DD"; today is ms_day_today. */
enum ms_group_scope { MS_GROUP_PROJECT, MS_GROUP_AREA };
extern const struct ms_names ms_group_scope_names;
extern const struct ms_name ms_group_kind, ms_inspection_kind, ms_letter_kind, ms_inquiry_kind;

/* Lengths in characters, and counts. */
#define MS_GROUP_NAME_MAX 100
#define MS_GROUP_AREA_MAX 100
#define MS_GROUP_MEMBERS_MAX 50
#define MS_GROUP_PROJECTS_MAX 200
#define MS_OVERSIGHT_TEXT_MAX 10000 /* findings, a letter, a reply, an answer */
#define MS_OVERSIGHT_TITLE_MAX 200
#define MS_OVERSIGHT_NAME_MAX 100   /* who answered an inquiry's question */
#define MS_QUESTION_MAX 2000
#define MS_QA_MAX 100
#define MS_COMMENT_MAX 2000
#define MS_LETTER_DAYS_MAX 366      /* a reply deadline at most this many days after the letter */

struct ms_group_in {
	const char *name;
	int scope;             /* enum ms_group_scope */
	const char *area;      /* an area group's area (required then); NULL for a project group */
	int64_t leader_id;     /* a deputy of the congress; a member too */
	const int64_t *member_ids; /* deputies of the congress (the leader may be among them) */
	size_t n_members;
	const int64_t *project_ids; /* projects of the congress; a project group takes one */
	size_t n_projects;
};

/* Make a group of congress_id (422 not_a_deputy, project_not_of_congress,
 * one_project_group, area_required; 409 group_name_taken); *id. */
int ms_group_create(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, const struct ms_group_in *in,
		    int64_t *id, struct ms_error *e);
/* Give group id more projects (as ms_group_create checks them); ones it has already are kept once. */
int ms_group_assign(struct ms_db *db, const struct ms_actor *by, int64_t id, const int64_t *project_ids, size_t n,
		    struct ms_error *e);
/* A group's OversightGroup JSON: its fields, members and projects (404 when none). */
int ms_group_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_group_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);
int ms_group_list(struct ms_db *db, int64_t congress_id, const struct ms_page *pg, json_t **out, struct ms_error *e);
/* The groups user_id is a member of (leading or not), with their projects. */
int ms_group_mine(struct ms_db *db, int64_t user_id, const struct ms_page *pg, json_t **out, struct ms_error *e);
/* 0 when by is a member of group id, else 403 not_group_member. */
int ms_group_need_member(struct ms_db *db, const struct ms_actor *by, int64_t id, struct ms_error *e);

/* Who reads a project's oversight records: staff read all; a member of a
 * group reads the group's; a unit's officer the letters to the unit; every
 * one the published inspections and letters. */
struct ms_viewer {
	bool staff;
	int64_t user_id; /* 0: not logged in */
	int64_t unit_id; /* 0: no unit */
};
struct ms_viewer ms_viewer_of(const struct ms_actor *a, bool authed, int64_t congress_id);

struct ms_inspection_in {
	int64_t project_id;
	const char *day;             /* not after today */
	const int64_t *participant_ids; /* members of the group, at least one */
	size_t n_participants;
	const char *findings;
	const int64_t *files; /* photos and documents the recorder uploaded for the project, unused */
	size_t n_files;
};
/* By a member of group_id, for one of its projects, with the files the
 * member uploaded for it (403 not_group_member; 422 project_not_in_group,
 * day_in_future, not_a_participant, attachment_unusable). */
int ms_inspection_record(struct ms_db *db, const struct ms_actor *by, int64_t group_id,
			 const struct ms_inspection_in *in, int64_t *id, struct ms_error *e);
int ms_inspection_publish(struct ms_db *db, const struct ms_actor *by, int64_t id, struct ms_error *e);
int ms_inspection_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_inspection_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);
int ms_inspection_list(struct ms_db *db, int64_t project_id, const struct ms_viewer *v, const struct ms_page *pg,
		       json_t **out, struct ms_error *e);

/* A supervision letter from a member of group_id to the lead unit of one of
 * its projects, sent today, with a reply deadline after today and within
 * MS_LETTER_DAYS_MAX days (422 deadline_not_after; 409 no_lead_unit). */
int ms_letter_send(struct ms_db *db, const struct ms_actor *by, int64_t group_id, int64_t project_id,
		   const char *body, const char *deadline, int64_t *id, struct ms_error *e);
/* The unit's answer, once, by an officer of the unit (403 not_your_unit;
 * 409 already_replied). */
int ms_letter_reply(struct ms_db *db, const struct ms_actor *by, int64_t id, const char *reply, struct ms_error *e);
int ms_letter_publish(struct ms_db *db, const struct ms_actor *by, int64_t id, struct ms_error *e);
int ms_letter_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_letter_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);
int ms_letter_list_project(struct ms_db *db, int64_t project_id, const struct ms_viewer *v, const struct ms_page *pg,
			   json_t **out, struct ms_error *e);
int ms_letter_list_unit(struct ms_db *db, int64_t unit_id, const struct ms_page *pg, json_t **out, struct ms_error *e);
/* The congress's letters without a reply whose deadline has passed (today after it). */
int ms_letter_list_overdue(struct ms_db *db, int64_t congress_id, const struct ms_page *pg, json_t **out,
			   struct ms_error *e);
/* The owning congress of a unit (404 when none). */
int ms_unit_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);

/* A special inquiry: qa is an array of {"asked_by": a deputy's id,
 * "question", "answered_by": the official's name and title, "answer"},
 * in order, checked here. By a member of group_id or the staff. */
int ms_inquiry_record(struct ms_db *db, const struct ms_actor *by, int64_t group_id, int64_t project_id,
		      const char *day, const char *title, json_t *qa, int64_t *id, struct ms_error *e);
int ms_inquiry_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_inquiry_list(struct ms_db *db, int64_t project_id, const struct ms_viewer *v, const struct ms_page *pg,
		    json_t **out, struct ms_error *e);

/* A deputy's comment on a project of its congress. */
int ms_comment_add(struct ms_db *db, const struct ms_actor *by, int64_t project_id, const char *body, int64_t *id,
		   struct ms_error *e);
int ms_comment_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_comment_list(struct ms_db *db, int64_t project_id, const struct ms_page *pg, json_t **out, struct ms_error *e);

extern const struct ms_routes ms_oversight_routes;
extern const struct ms_stmt *const ms_oversight_stmts[];

#define MS_CODE(name, code, kind, zh, en) extern const struct ms_code MS_E_##name;
#include "supervise_codes.def"
#undef MS_CODE
extern const struct ms_code *const ms_supervise_codes[];

#endif
