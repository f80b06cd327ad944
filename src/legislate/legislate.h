/*
 * legislate.h — grassroots legislative contact points (基层立法联系点,
 * ../shared/PRACTICE.md "Legislative contact points"): a congress's points
 * and their informants (信息员); drafts of laws and regulations published
 * article by article for comment; comments on an article (or on the whole
 * draft) from residents online — each given a code to follow it — or entered
 * by the staff from a meeting or an informant; the staff compile comments
 * into opinions, submit them up the chain, and record which were adopted and
 * where; the funnel (heard → submitted → adopted) per draft and per point;
 * and the feedback to the people whose comments were adopted.
 */
#ifndef MS_LEGISLATE_H
#define MS_LEGISLATE_H

#include <jansson.h>

#include "../api/route.h"
#include "../store/store.h"

#define MS_DRAFT_TITLE_MAX 200
#define MS_DRAFT_TEXT_MAX 200000  /* characters of a draft's whole text */
#define MS_DRAFT_ARTICLES_MAX 2000
#define MS_ARTICLE_MAX 20000      /* characters of one article */
#define MS_LEGIS_COMMENT_MAX 5000
#define MS_LEGIS_NAME_MAX 128

/* ---- the draft's articles (articles.c, pure) ---- */

/* Split a draft's text into its articles: each line beginning "第…条"
 * (Chinese numerals or digits, after optional white space; "之一" … kept
 * with it) starts one, its label that marker ("第十二条", "第二条之一") and its
 * text what follows, up to the next article — in a draft whose labels are
 * followed by white space a label run into its text is a reference, not an
 * article, and in one that runs them in it must be the next number; a line "第…章" or "第…节" names the chapter (and section) of the
 * articles after it; what comes before the first article (the title, a
 * preamble) is left out. A text with no article marker is one article
 * labelled 全文. *out: [{"label","chapter" (or null),"text"}]; 422
 * draft_too_long beyond MS_DRAFT_ARTICLES_MAX articles or MS_ARTICLE_MAX
 * characters in one. text is valid UTF-8 (checked before). */
int ms_articles_split(const char *text, json_t **out, struct ms_error *e);

/* ---- points, informants, drafts (draft.c) ---- */

extern const struct ms_names ms_draft_status_names;   /* draft, open, closed */
extern const struct ms_names ms_comment_channel_names; /* online, meeting, informant */
extern const struct ms_names ms_opinion_status_names;  /* compiled, submitted, adopted, not_adopted */

int ms_legis_point_create(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, const char *name,
			  const char *address, int64_t *id, struct ms_error *e);
int ms_legis_point_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);
int ms_legis_informant_add(struct ms_db *db, const struct ms_actor *by, int64_t point_id, const char *name,
			   const char *organization, const char *phone, int64_t *id, struct ms_error *e);

struct ms_draft_in {
	const char *title, *issuer, *summary, *closes_on; /* closes_on: YYYY-MM-DD */
	const char *text;                                  /* the whole text, split by ms_articles_split */
};
int ms_draft_create(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, const struct ms_draft_in *in,
		    int64_t *id, struct ms_error *e);
/* A draft not yet published: any field given replaces its own (text: the articles again). */
int ms_draft_update(struct ms_db *db, const struct ms_actor *by, int64_t id, const struct ms_draft_in *in,
		    struct ms_error *e);
int ms_draft_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);
/* Publish for comment (draft → open; its closing day not past) or close it (open → closed). */
int ms_draft_open(struct ms_db *db, const struct ms_actor *by, int64_t id, struct ms_error *e);
int ms_draft_close(struct ms_db *db, const struct ms_actor *by, int64_t id, struct ms_error *e);
/* A congress's drafts, newest first (the staff: also those not yet
 * published), each with "accepting". */
int ms_draft_list(struct ms_db *db, int64_t congress_id, bool staff, const struct ms_page *pg, json_t **out,
		  struct ms_error *e);
/* A draft with its articles, each with its comments' count, and whether it
 * takes comments now ("accepting": open and its closing day not past); a
 * draft not yet published is the staff's only (404 to the others). */
int ms_draft_get(struct ms_db *db, const struct ms_actor *who, int64_t id, json_t **out, struct ms_error *e);

/* ---- comments, opinions, the funnel (comment.c) ---- */

struct ms_comment_in {
	int64_t article_no;    /* 0: the whole draft */
	int64_t point_id;      /* 0: none */
	int channel;           /* enum: online, meeting, informant */
	int64_t informant_id;  /* channel informant */
	const char *author, *contact, *text;
};
/* A resident's comment online (while the draft is open; limited per client
 * address per hour as the public form is): *code receives its code, shown
 * once, to follow it (ms_comment_track). */
int ms_comment_submit(struct ms_db *db, int64_t draft_id, const struct ms_comment_in *in, const char *address,
		      char *code, size_t code_cap, int64_t *id, struct ms_error *e);
/* A comment the staff enter from a meeting or an informant (open or closed draft). */
int ms_comment_enter(struct ms_db *db, const struct ms_actor *by, int64_t draft_id, const struct ms_comment_in *in,
		     int64_t *id, struct ms_error *e);
/* Compile comments of one article (or of the whole draft) into an opinion. */
int ms_opinion_compile(struct ms_db *db, const struct ms_actor *by, int64_t draft_id, int64_t article_no,
		       const char *text, const int64_t *comment_ids, size_t n, int64_t *id, struct ms_error *e);
int ms_opinion_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);
int ms_opinion_submit(struct ms_db *db, const struct ms_actor *by, int64_t id, const char *to, struct ms_error *e);
/* The outcome of a submitted opinion: adopted (where, in note) or not. */
int ms_opinion_outcome(struct ms_db *db, const struct ms_actor *by, int64_t id, bool adopted, const char *note,
		       struct ms_error *e);
/* A comment as its code shows it: its article, when received, and what became of it. */
int ms_comment_track(struct ms_db *db, const char *code, json_t **out, struct ms_error *e);
/* The funnel of a draft: heard, compiled, submitted, adopted — comments and
 * opinions — in all, per article and per point. */
int ms_draft_funnel(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);

/* The opinions submitted or decided, by article, each with its comments' count (LegisOpinion JSON). */
int ms_legis_submission(struct ms_db *db, int64_t draft_id, json_t **out, struct ms_error *e);

extern const struct ms_routes ms_legis_routes;
extern const struct ms_stmt *const ms_legis_stmts[];
extern const struct ms_view ms_draft_view, ms_funnel_view, ms_opinion_view;

#define MS_CODE(name, code, kind, zh, en) extern const struct ms_code MS_E_##name;
#include "legislate_codes.def"
#undef MS_CODE
extern const struct ms_code *const ms_legislate_codes[];

#endif
