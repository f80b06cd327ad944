/*
 * org.h — congresses at every level, their responsible units, and who
 * belongs where: clerks, deputies (the roster) and unit officers.
 */
#ifndef MS_ORG_H
#define MS_ORG_H

#include <jansson.h>

#include "../api/route.h"
#include "../auth/auth.h"
#include "../store/store.h"

/* The lengths (characters) of names, checked by the rules below and stated
 * by the API's field tables. */
#define MS_ORG_NAME_MAX 128
#define MS_ORG_NAME_EN_MAX 200

/* ---- congresses ---- */

/* The levels of the hierarchy. A street (街道) has no congress: its
 * residents' council (居民议事会) stands in the hierarchy as a level under a
 * district, beside the towns, so its rounds and projects roll up alike. */
enum ms_congress_level { MS_LEVEL_CITY, MS_LEVEL_DISTRICT, MS_LEVEL_TOWN, MS_LEVEL_STREET };
extern const struct ms_names ms_congress_level_names;
/* The level a congress of this level sits under (-1 for a city): a district
 * under a city, a town or a street under a district. */
int ms_congress_parent_level(int level);
extern const struct ms_name ms_congress_kind; /* "congress": its name in messages */

struct ms_congress_in {
	const char *name, *name_en;
	int level;          /* enum ms_congress_level */
	int64_t parent_id;  /* 0: none */
};

/* Create a congress (the name 1 to MS_ORG_NAME_MAX characters, the English
 * name up to MS_ORG_NAME_EN_MAX, an existing parent) as by; *id receives its id. */
int ms_congress_create(struct ms_db *db, const struct ms_actor *by, const struct ms_congress_in *in, int64_t *id,
		       struct ms_error *e);
/* A change of congress id: the fields set, the others kept. */
struct ms_congress_patch {
	const char *name;      /* NULL: kept */
	const char *name_en;   /* with set_name_en (NULL: none) */
	bool set_name_en;
	int level;             /* -1: kept */
	int64_t parent_id;     /* with set_parent (0: none) */
	bool set_parent;
};
/* Change congress id as by, under the rules of a new one (the parent one
 * level up: 422 parent_level); 409 congress_has_children when a new level
 * would not be one above its own congresses'. Audited (congress.update,
 * with the congress before and after). */
int ms_congress_update(struct ms_db *db, const struct ms_actor *by, int64_t id, const struct ms_congress_patch *p,
		       struct ms_error *e);
/* 0 when congress id exists, else 404 naming it. As an ms_owner_fn: the
 * congress owns itself. */
int ms_congress_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);
int ms_congress_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
/* Congress id's level (enum ms_congress_level); 404 when none. */
int ms_congress_level(struct ms_db *db, int64_t id, int *level, struct ms_error *e);
int ms_congress_list(struct ms_db *db, const struct ms_page *pg, json_t **out, struct ms_error *e);
/* Whether congress id is above (an ancestor of) congress below — its parent,
 * or its parent's parent, and so on; false for the congress itself. */
int ms_congress_above(struct ms_db *db, int64_t id, int64_t below, bool *out, struct ms_error *e);
/* Whether any congress exists (an empty installation has none). */
int ms_congress_any(struct ms_db *db, bool *any, struct ms_error *e);

/* ---- responsible units ---- */

extern const struct ms_name ms_unit_kind;

int ms_unit_create(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, const char *name,
		   const char *name_en, int64_t *id, struct ms_error *e);
int ms_unit_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_unit_list(struct ms_db *db, int64_t congress_id, const struct ms_page *pg, json_t **out, struct ms_error *e);
/* 0 when unit id is a unit of congress_id, else 422 unit_not_of_congress
 * (field names the input field). */
int ms_unit_check_of(struct ms_db *db, int64_t unit_id, int64_t congress_id, const char *field, struct ms_error *e);
/* The unit of congress_id called name — by its name, else by its English
 * name — as JSON (like ms_unit_get); 422 unknown_unit when none, 409
 * ambiguous_unit when no name matches and several English names do. */
int ms_unit_find(struct ms_db *db, int64_t congress_id, const char *name, json_t **out, struct ms_error *e);

/* ---- members: clerks, deputies, unit officers ---- */

/* Whether by may create the account in: an administrator may create anyone;
 * a clerk, deputies and unit officers of its own congress; nobody else.
 * Clerks, deputies and unit officers need a congress, unit officers a
 * unit. Then the account's own rules (auth.h). Every fault goes to f. */
int ms_member_check(const struct ms_actor *by, const struct ms_account_in *in, struct ms_faults *f);
/* Store a prepared account (ms_account_prepare) as by: the congress must
 * exist and the unit be one of its units; writes the audit entry. */
int ms_member_create(struct ms_db *db, const struct ms_actor *by, struct ms_user *u, struct ms_error *e);
/* Check (ms_member_check), hash, and create in one write transaction on a
 * connection of st: what the CLI does. */
int ms_member_add(struct ms_store *st, const struct ms_actor *by, const struct ms_account_in *in, int cost,
		  struct ms_user *out, struct ms_error *e);

/* A new one-time activation code for user_id (auth.h:
 * ms_activation_issue: the old password and every session end), as by:
 * an administrator for anyone; a clerk for the deputies and unit officers
 * of its own congress (403 otherwise, 404 when there is no such user).
 * *user receives the account. */
int ms_member_reissue(struct ms_db *db, const struct ms_actor *by, int64_t user_id, struct ms_actor *user,
		      struct ms_activation *out, struct ms_error *e);

/* A change of an account: the fields set, the others kept. */
struct ms_member_patch {
	const char *name;           /* NULL: kept */
	unsigned roles;             /* with set_roles */
	int64_t congress_id, unit_id; /* with set_congress, set_unit (0: none) */
	bool set_roles, set_congress, set_unit;
};
/* Change user_id's name, roles, congress or unit as by: who may is as for
 * ms_member_reissue, and the account as it will be must pass
 * ms_member_check (a clerk cannot make a clerk or an administrator, nor
 * move one out of its congress). A unit officer no longer one (or moved to
 * another congress) loses the unit; an administrator only, the congress.
 * 409 cannot_change_self when an administrator would drop its own
 * administrator role. Audited (user.update, before and after). Sessions
 * keep going: each request reads the roles anew. */
int ms_member_update(struct ms_db *db, const struct ms_actor *by, int64_t user_id, const struct ms_member_patch *p,
		     struct ms_error *e);
/* Deactivate user_id (auth.h: ms_account_deactivate: no password, no
 * code, no session) as by, who may as for ms_member_reissue and is not the
 * user (409 cannot_change_self). A new activation code
 * (ms_member_reissue) lets the user back in. Audited (user.deactivate). */
int ms_member_deactivate(struct ms_db *db, const struct ms_actor *by, int64_t user_id, struct ms_error *e);

/* The deputies of a congress: a page of Deputy, and their number. */
int ms_deputy_list(struct ms_db *db, int64_t congress_id, const struct ms_page *pg, json_t **out,
		   struct ms_error *e);
int ms_deputy_count(struct ms_db *db, int64_t congress_id, int64_t *out, struct ms_error *e);
/* How many are due to vote: every deputy of the congress, or (committee)
 * the members of its standing committee. */
int ms_electorate_count(struct ms_db *db, int64_t congress_id, bool committee, int64_t *out, struct ms_error *e);
/* The members of the standing committee (常委会组成人员) of congress_id:
 * these deputies of it (0 to MS_COMMITTEE_MAX, each once), replacing any
 * before; 422 not_deputy_of naming the first that is not one; 409
 * committee_in_use while a committee poll has check-ins or is open. Audited
 * (congress.committee). The roster does not otherwise say who sits on it. */
#define MS_COMMITTEE_MAX 500
int ms_committee_set(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, const int64_t *ids, size_t n,
		     struct ms_error *e);

extern const struct ms_view ms_congress_view, ms_unit_view, ms_deputy_view, ms_activation_view;
extern const struct ms_stmt *const ms_congress_stmts[], *const ms_unit_stmts[], *const ms_member_stmts[];
extern const struct ms_routes ms_congress_routes, ms_unit_routes, ms_member_routes;

#define MS_CODE(name, code, kind, zh, en) extern const struct ms_code MS_E_##name;
#include "org_codes.def"
#undef MS_CODE
extern const struct ms_code *const ms_org_codes[];

#endif
