/*
 * evaluate.h — the year-end satisfaction evaluation (满意度测评, issue 13):
 * at year end the deputies (or the standing committee's members) rate each
 * project of the round by secret ballot, 满意 / 基本满意 / 不满意; a
 * project is satisfied, basically satisfied or dissatisfied by the rule
 * count/satisfaction.h states (printed in words on the ballot and the
 * result).
 *
 * An evaluation is a poll of the vote domain whose ballot form is rate
 * (its id is the poll's id), so it has every guarantee of the vote: the
 * check-in desk and quorum, the scrutineers who hold the key to the sealed
 * ballots, paper ballots and voting codes, receipts, the bulletin and its
 * recount. This domain chooses its projects, records what it re-evaluates,
 * and at the close writes each project's verdict beside the immutable
 * result (evaluation_verdict).
 */
#ifndef MS_EVALUATE_H
#define MS_EVALUATE_H

#include <jansson.h>

#include "../count/satisfaction.h"
#include "../vote/vote.h"

struct ms_evaluation_in {
	struct ms_poll poll;       /* settings; its candidates are filled from project_ids */
	const int64_t *project_ids; /* the projects rated (NULL: every project of the round) */
	size_t n_projects;
	json_t *items;             /* the sub-items [{name, name_en}], or NULL */
	int64_t reevaluation_of;   /* 0, or an earlier evaluation these projects are rated again after */
	json_t *composite;         /* the weighted composite's settings (composite.c), or NULL */
};

/* Create an evaluation of round in->poll.cycle_id (in 评议): the projects
 * (of the round, each once, at least one), the settings checked as the
 * rule checks them; *id receives its id. Audited (evaluation.create). */
int ms_evaluation_create(struct ms_db *db, const struct ms_actor *by, struct ms_evaluation_in *in, int64_t *id,
			 struct ms_error *e);
/* The evaluation: the poll's view (settings, turnout, rule in words, "me")
 * with each project rated — its figures, light and progress — for the
 * deputies' cards, and what it re-evaluates. */
int ms_evaluation_view(struct ms_db *db, int64_t id, const struct ms_actor *who, json_t **out, struct ms_error *e);
int ms_evaluation_list(struct ms_db *db, int64_t cycle_id, const struct ms_page *pg, json_t **out, struct ms_error *e);
int ms_evaluation_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);
/* Close: the scrutineers' shares open the ballots (vote's ms_rate_close),
 * which are counted once; each project's verdict is stored. *result: the
 * published result with each project's id. */
int ms_evaluation_close(struct ms_db *db, const struct ms_actor *by, int64_t id, json_t *shares, json_t **result,
			struct ms_error *e);
/* The published result (after the close), each project with its id. */
int ms_evaluation_result(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
/* Every verdict of a project, newest evaluation first. */
int ms_project_verdicts(struct ms_db *db, int64_t project_id, json_t **out, struct ms_error *e);

/* ---- the weighted composite (composite.c) ---- */

extern const struct ms_names ms_composite_source_names;
/* Check composite settings ({components: [{name, name_en, weight, source
 * deputies|survey}], points_*, satisfied_min, basic_min}) as the rule
 * checks them; *normal: the settings with every default written out. */
int ms_composite_check(json_t *composite, json_t **normal, struct ms_error *e);
/* The tallies (satisfied, basic, dissatisfied: t) of survey component
 * `component` for one project of evaluation id, replacing any before. */
int ms_evaluation_survey_set(struct ms_db *db, const struct ms_actor *by, int64_t id, int64_t project_id,
			     int64_t component, const int64_t t[3], struct ms_error *e);
/* Each project's composite: its components' tallies (the deputies' from
 * the verdicts once closed), the score exact and as a number, the verdict;
 * the settings and the rule in words. */
int ms_evaluation_composite(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);

/* ---- consequences (consequence.c) ---- */

enum ms_cq_kind { MS_CQ_RECTIFY, MS_CQ_REREPORT, MS_CQ_REEVALUATE, MS_CQ_INQUIRY, MS_CQ_TALK, MS_CQ_PENALTY };
extern const struct ms_names ms_consequence_kind_names, ms_consequence_state_names;
#define MS_CQ_RULES_MAX 12
#define MS_CQ_POINTS_MAX 100
#define MS_CQ_NOTE_MAX 2000

/* A congress's rule: for a project given `verdict` (basic or
 * dissatisfied), a consequence of `kind` with `days` working days to act
 * (0: no deadline; rectify and rereport need one) or, for a penalty,
 * `points` off the unit's assessment; public_: the public sees it. */
struct ms_consequence_rule {
	int verdict; /* enum ms_verdict */
	int kind;    /* enum ms_cq_kind */
	int days, points;
	bool public_;
};
/* Replace congress_id's rules (422 cq_* naming the rule by its number).
 * Audited (consequence.rules). */
int ms_consequence_rules_set(struct ms_db *db, const struct ms_actor *by, int64_t congress_id,
			     const struct ms_consequence_rule *rules, size_t n, struct ms_error *e);
/* {rules: [...], words: {zh, en}}: the rules as the congress publishes them. */
int ms_consequence_rules_get(struct ms_db *db, int64_t congress_id, json_t **out, struct ms_error *e);
json_t *ms_consequence_rules_words(const struct ms_consequence_rule *rules, size_t n);
/* At the close of evaluation poll_id: each project's verdict (result, with
 * project ids) meets the congress's rules; each rule it matches makes a
 * consequence due from today (a rectification: a supervision task too). */
int ms_consequences_apply(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, int64_t congress_id,
			  json_t *result, struct ms_error *e);
/* The clerk records the talk with the unit head (约谈) of consequence id:
 * on (a day, not after today) and a note. 409 cq_not_talk, cq_recorded. */
int ms_consequence_talk(struct ms_db *db, const struct ms_actor *by, int64_t id, const char *on, const char *note,
			struct ms_error *e);
/* Consequences with their state on `today` (open, overdue, done, applied):
 * of a congress (unit_id 0: every unit; state NULL: any) or of a project;
 * all of them for its staff and, for the officers of a unit, that unit's;
 * the public ones for everyone else. */
struct ms_cq_viewer {
	bool staff;
	int64_t unit_id;
};
int ms_consequence_list(struct ms_db *db, int64_t congress_id, int64_t project_id, int64_t unit_id, const char *state,
			const struct ms_cq_viewer *v, const struct ms_page *pg, json_t **out, struct ms_error *e);
int ms_consequence_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);

/* What the audit chain alone cannot see (cmd_audit.c runs it after
 * ms_vote_verify): every closed evaluation's verdict rows say what its
 * result — whose hash the chain carries — says, project by project. 409
 * verdicts_changed naming the first that differs; *n: evaluations checked. */
int ms_evaluation_verify(struct ms_db *db, int64_t *n, struct ms_error *e);

/* ---- report-and-rate reviews (述职评议, review.c) ----
 *
 * A session of a congress at which the heads of units report — each
 * unit's report attached to the review — and the members rate each unit
 * 满意 / 基本满意 / 不满意 by secret ballot: its ballot is a rating poll
 * with every guarantee of an evaluation (desk, quorum, scrutineers,
 * receipts, bulletin), whose candidates are the units (held by the
 * congress's review host, cycle.h). The close stores each unit's verdict
 * and puts each unit at or below the review's line on the rectification
 * list, due in its working days (a review that scores gives each unit its
 * score, the mean of its ratings in points, and the verdict of its score's
 * band instead of the rule's); the unit reports what it did and the
 * staff accept it (someone other than who reported) or return it.
 * Members leave comments while the rating is open; a comment carries no
 * author. */
#define MS_REVIEW_UNITS_MAX 60
#define MS_REVIEW_HEAD_MAX 100
#define MS_REVIEW_MEETING_MAX 200
#define MS_REVIEW_REPORT_MAX 20000
#define MS_REVIEW_COMMENT_MAX 1000
#define MS_REVIEW_NOTE_MAX 2000

struct ms_review_unit_in {
	int64_t unit_id;
	const char *head; /* who reports: name and post, 1..MS_REVIEW_HEAD_MAX */
};
struct ms_review_in {
	struct ms_poll poll; /* its title and rating settings (as an evaluation's) */
	int year;
	const char *meeting; /* e.g. 市人大常委会第十二次会议, may be "" */
	const char *held_on; /* YYYY-MM-DD, in year or the year after */
	const struct ms_review_unit_in *units;
	size_t n_units;
	int rectify_at;   /* enum ms_verdict: MS_VERDICT_DISSATISFIED, or MS_VERDICT_BASIC (both poor verdicts) */
	int rectify_days; /* working days from the close */
	json_t *scoring;  /* NULL, or the score's points and bands ({points_satisfied, …, basic_min}, defaults
			   * 100 / 60 / 0, 85 / 60): each unit's score, whose band is its verdict */
};
extern const struct ms_names ms_rectify_state_names, ms_rectify_at_names;
int ms_review_create(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, struct ms_review_in *in,
		     int64_t *id, struct ms_error *e);
/* The review, its ballot's poll (with "me"), and each unit with its head,
 * report and — once closed — verdict and tallies. */
int ms_review_view(struct ms_db *db, int64_t id, const struct ms_actor *who, json_t **out, struct ms_error *e);
int ms_review_list(struct ms_db *db, int64_t congress_id, const struct ms_page *pg, json_t **out, struct ms_error *e);
int ms_review_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);
/* Attach (replace) the head's report of unit_id: the unit's officers or
 * the staff, until the rating closes. Audited (review.report). */
int ms_review_report(struct ms_db *db, const struct ms_actor *by, int64_t id, int64_t unit_id, const char *report,
		     struct ms_error *e);
/* Close the rating (the scrutineers' shares, ms_rate_close): each unit's
 * verdict is stored and the rectifications made. *result as ms_review_result. */
int ms_review_close(struct ms_db *db, const struct ms_actor *by, int64_t id, json_t *shares, json_t **result,
		    struct ms_error *e);
/* The published result: the rating poll's, each candidate with its unit_id. */
int ms_review_result(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
/* A member due to rate leaves a comment on unit_id while the rating is
 * open (at most as many as the review has units). */
int ms_review_comment(struct ms_db *db, const struct ms_actor *by, int64_t id, int64_t unit_id, const char *body,
		      struct ms_error *e);
/* The comments: the staff's at any time, everyone's once closed. */
int ms_review_comments(struct ms_db *db, int64_t id, const struct ms_actor *who, json_t **out, struct ms_error *e);
/* Rectifications with their state and whether overdue today: of a review
 * (review_id) or of a congress (congress_id; unit_id 0 and state NULL:
 * all). */
int ms_rectify_list(struct ms_db *db, int64_t review_id, int64_t congress_id, int64_t unit_id, const char *state,
		    json_t **out, struct ms_error *e);
int ms_rectify_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_rectify_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);
/* The unit (or the staff) reports what it did: open → reported. */
int ms_rectify_report(struct ms_db *db, const struct ms_actor *by, int64_t id, const char *report, struct ms_error *e);
/* The staff accept it (reported → done) or return it with a note
 * (reported → open). */
int ms_rectify_decide(struct ms_db *db, const struct ms_actor *by, int64_t id, bool accept, const char *note,
		      struct ms_error *e);

extern const struct ms_routes ms_evaluation_routes, ms_consequence_routes, ms_review_routes;
extern const struct ms_stmt *const ms_evaluation_stmts[], *const ms_consequence_stmts[], *const ms_review_stmts[];

#define MS_CODE(name, code, kind, zh, en) extern const struct ms_code MS_E_##name;
#include "evaluate_codes.def"
#undef MS_CODE
extern const struct ms_code *const ms_evaluate_codes[];

#endif
