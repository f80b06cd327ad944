/*
 * member.c — who belongs where, and who may create whom: an administrator
 * creates anyone; a clerk creates deputies and unit officers of its own
 * congress; clerks, deputies and unit officers belong to a congress, unit
 * officers to one of its units. The same rules serve POST /users, the
 * roster import, `minsheng user add` and the demo.
 */
#include "org.h"

#include "../audit/audit.h"
#include "../core/util.h"
#include "org_internal.h"

int ms_member_check(const struct ms_actor *by, const struct ms_account_in *in, struct ms_faults *f)
{
	bool admin = ms_actor_is(by, MS_ROLE_ADMIN);
	bool clerk_ok = ms_actor_is(by, MS_ROLE_CLERK) && in->congress_id == by->congress_id &&
			!(in->roles & (MS_ROLE_ADMIN | MS_ROLE_CLERK));
	if (!admin && !clerk_ok) {
		char zh[120], en[120];
		/* A clerk may add deputies and unit officers of its own congress only. */
		return ms_faultf(f, MS_E_FORBIDDEN, NULL, ms_access_words(MS_ACCESS_ADMIN, zh, sizeof zh, en, sizeof en));
	}
	if ((in->roles & ~(unsigned)MS_ROLE_ADMIN) && !in->congress_id)
		ms_fault(f, MS_E_CONGRESS_REQUIRED, "congress_id");
	if ((in->roles & MS_ROLE_UNIT) && !in->unit_id)
		ms_fault(f, MS_E_UNIT_REQUIRED, "unit_id");
	return ms_account_check(in, f);
}

int ms_member_create(struct ms_db *db, const struct ms_actor *by, struct ms_user *u, struct ms_error *e)
{
	int rc;
	if (u->a.congress_id) {
		bool exists;
		if ((rc = ms_org_sql_congress_exists(db, u->a.congress_id, &exists, e)))
			return rc;
		if (!exists)
			return ms_failf(e, MS_E_UNKNOWN_CONGRESS, "congress_id", MS_AI(u->a.congress_id));
	}
	if (u->a.unit_id && (rc = ms_unit_check_of(db, u->a.unit_id, u->a.congress_id, "unit_id", e)))
		return rc;
	if ((rc = ms_account_insert(db, u, e)))
		return rc;
	return ms_audit_append(db, by, u->a.congress_id, "user.create", "user", u->a.id, ms_user_json(&u->a), e);
}

/* 0 when by may manage the account u: an administrator anyone's; a clerk
 * the deputies and unit officers of its own congress; else 403. */
static int may_manage(const struct ms_actor *by, const struct ms_actor *u, struct ms_error *e)
{
	bool admin = ms_actor_is(by, MS_ROLE_ADMIN);
	bool clerk_ok = ms_actor_is(by, MS_ROLE_CLERK) && u->congress_id == by->congress_id &&
			!(u->roles & (MS_ROLE_ADMIN | MS_ROLE_CLERK));
	if (!admin && !clerk_ok) {
		char zh[120], en[120];
		/* A clerk manages deputies and unit officers of its own congress only. */
		return ms_failf(e, MS_E_FORBIDDEN, NULL, ms_access_words(MS_ACCESS_ADMIN, zh, sizeof zh, en, sizeof en));
	}
	return 0;
}

int ms_member_reissue(struct ms_db *db, const struct ms_actor *by, int64_t user_id, struct ms_actor *user,
		      struct ms_activation *out, struct ms_error *e)
{
	struct ms_user u;
	int rc = ms_user_get(db, user_id, &u, e);
	if (rc)
		return rc;
	*user = u.a;
	if ((rc = may_manage(by, &u.a, e)))
		return rc;
	return ms_activation_issue(db, by, &u.a, out, e);
}

/* An installation keeps at least one active administrator: a change that
 * takes the role from one, or deactivates one, needs another. */
static int need_other_admin(struct ms_db *db, const struct ms_actor *who, struct ms_error *e)
{
	int64_t others = 0;
	int rc = ms_user_other_admins(db, who->id, &others, e);
	if (!rc && others == 0)
		rc = ms_failf(e, MS_E_LAST_ADMIN, NULL, MS_AS(who->login));
	return rc;
}

int ms_member_update(struct ms_db *db, const struct ms_actor *by, int64_t user_id, const struct ms_member_patch *p,
		     struct ms_error *e)
{
	struct ms_user u;
	int rc = ms_user_lock(db, user_id, e);
	if (rc || (rc = ms_user_get(db, user_id, &u, e)) || (rc = may_manage(by, &u.a, e)))
		return rc;
	struct ms_actor after = u.a;
	if (p->name)
		ms_strlcpy(after.name, p->name, sizeof after.name);
	if (p->set_roles)
		after.roles = p->roles;
	if (p->set_congress)
		after.congress_id = p->congress_id;
	if (p->set_unit)
		after.unit_id = p->unit_id;
	else if (!(after.roles & MS_ROLE_UNIT) || after.congress_id != u.a.congress_id)
		after.unit_id = 0; /* no longer a unit officer (of that congress's unit) */
	if (!(after.roles & ~(unsigned)MS_ROLE_ADMIN) && !p->set_congress)
		after.congress_id = 0; /* an administrator only: of no congress */
	/* The new account under the rules of a new one (the same login). */
	struct ms_account_in in = {.login = after.login,
				   .name = p->name ? p->name : after.name,
				   .roles = after.roles,
				   .congress_id = after.congress_id,
				   .unit_id = after.unit_id};
	struct ms_faults f = {0};
	if (ms_member_check(by, &in, &f))
		return ms_faults_result(&f, e);
	if (by->id == u.a.id && (u.a.roles & MS_ROLE_ADMIN) && !(after.roles & MS_ROLE_ADMIN))
		return ms_fail(e, MS_E_CANNOT_CHANGE_SELF, "roles");
	if ((u.a.roles & MS_ROLE_ADMIN) && !(after.roles & MS_ROLE_ADMIN) && (rc = need_other_admin(db, &u.a, e)))
		return rc;
	if (after.congress_id) {
		bool exists;
		if ((rc = ms_org_sql_congress_exists(db, after.congress_id, &exists, e)))
			return rc;
		if (!exists)
			return ms_failf(e, MS_E_UNKNOWN_CONGRESS, "congress_id", MS_AI(after.congress_id));
	}
	if (after.unit_id && (rc = ms_unit_check_of(db, after.unit_id, after.congress_id, "unit_id", e)))
		return rc;
	if ((rc = ms_account_update(db, &after, e)))
		return rc;
	json_t *detail = json_pack("{s:o, s:o}", "before", ms_user_json(&u.a), "after", ms_user_json(&after));
	return ms_audit_append(db, by, after.congress_id ? after.congress_id : u.a.congress_id, "user.update", "user",
			       u.a.id, detail, e);
}

int ms_member_deactivate(struct ms_db *db, const struct ms_actor *by, int64_t user_id, struct ms_error *e)
{
	struct ms_user u;
	int rc = ms_user_lock(db, user_id, e);
	if (rc || (rc = ms_user_get(db, user_id, &u, e)) || (rc = may_manage(by, &u.a, e)))
		return rc;
	if (by->id == u.a.id)
		return ms_fail(e, MS_E_CANNOT_CHANGE_SELF, NULL);
	if ((u.a.roles & MS_ROLE_ADMIN) && (rc = need_other_admin(db, &u.a, e)))
		return rc;
	if ((rc = ms_account_deactivate(db, u.a.id, e)))
		return rc;
	return ms_audit_append(db, by, u.a.congress_id, "user.deactivate", "user", u.a.id, ms_user_json(&u.a), e);
}

int ms_member_add(struct ms_store *st, const struct ms_actor *by, const struct ms_account_in *in, int cost,
		  struct ms_user *out, struct ms_error *e)
{
	struct ms_faults f = {0};
	int rc = ms_member_check(by, in, &f);
	if (rc)
		return ms_faults_result(&f, e);
	if ((rc = ms_account_prepare(in, cost, out, e)))
		return rc;
	struct ms_db *db;
	if ((rc = ms_store_acquire(st, &db, e)))
		return rc;
	if (!(rc = ms_db_begin(db, true, e)) && !(rc = ms_member_create(db, by, out, e)))
		rc = ms_db_commit(db, e);
	ms_store_release(st, db);
	return rc;
}

int ms_committee_set(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, const int64_t *ids, size_t n,
		     struct ms_error *e)
{
	int rc;
	if (n > MS_COMMITTEE_MAX)
		return ms_check_int(e, "deputy_ids", (int64_t)n, 0, MS_COMMITTEE_MAX);
	for (size_t i = 0; i < n; i++) {
		struct ms_user u;
		struct ms_error ignore;
		if (ms_user_get(db, ids[i], &u, &ignore) || !ms_actor_is_of(&u.a, MS_ROLE_DEPUTY, congress_id))
			return ms_failf(e, MS_E_NOT_DEPUTY_OF, "deputy_ids", MS_AI(ids[i]));
		for (size_t j = 0; j < i; j++)
			if (ids[j] == ids[i])
				return ms_failf(e, MS_E_DEPUTY_LISTED_TWICE, "deputy_ids", MS_AI(ids[i]));
	}
	int64_t busy = 0;
	if ((rc = ms_member_sql_committee_in_use(db, congress_id, &busy, e)))
		return rc;
	if (busy)
		return ms_failf(e, MS_E_COMMITTEE_IN_USE, "deputy_ids", MS_AI(busy));
	if ((rc = ms_member_sql_committee_clear(db, congress_id, e)))
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		if ((rc = ms_member_sql_committee_add(db, ids[i], congress_id, e))) {
			json_decref(list);
			return rc;
		}
		json_array_append_new(list, json_integer(ids[i]));
	}
	return ms_audit_append(db, by, congress_id, "congress.committee", "congress", congress_id,
			       json_pack("{s:o}", "deputy_ids", list), e);
}
