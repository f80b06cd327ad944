/* congress.c — the rules of congresses: city, district and town congresses
 * and streets' residents' councils, each district under a city and each
 * town or street under a district as the founders set them up. */
#include "org.h"

#include "../audit/audit.h"
#include "../core/util.h"
#include "org_internal.h"

#define MS_CODES_DEF "org/org_codes.def"
#define MS_CODES_LIST ms_org_codes
#include "../core/codes_define.h"

static const struct ms_name levels_v[] = {
	{"city", "市级", "city"},
	{"district", "区（县）级", "district"},
	{"town", "乡镇级", "town"},
	{"street", "街道（居民议事会）", "street (residents' council)"},
};
const struct ms_names ms_congress_level_names = MS_NAMES("level", levels_v);
const struct ms_name ms_congress_kind = {"congress", "人大", "congress"};

int ms_congress_parent_level(int level)
{
	switch (level) {
	case MS_LEVEL_DISTRICT:
		return MS_LEVEL_CITY;
	case MS_LEVEL_TOWN:
	case MS_LEVEL_STREET:
		return MS_LEVEL_DISTRICT;
	default:
		return -1;
	}
}

/* The rules of a congress as it will be: a name, a level, and a parent
 * (when given) that exists and is the level above it — a district under a
 * city, a town or a street under a district (so a congress is never under
 * itself or under one below it). */
static int congress_check(struct ms_db *db, const struct ms_congress_in *in, struct ms_error *e)
{
	int rc;
	if ((rc = ms_check_text(e, "name", in->name, 1, MS_ORG_NAME_MAX)) ||
	    (in->name_en && (rc = ms_check_text(e, "name_en", in->name_en, 0, MS_ORG_NAME_EN_MAX))))
		return rc;
	if (in->level < 0 || (size_t)in->level >= ms_congress_level_names.n)
		return ms_failf(e, MS_E_INVALID_VALUE, "level", MS_AS("level"), MS_AT("city、district、town 或 street", "city, district, town or street"));
	if (in->parent_id) {
		int parent_level;
		if ((rc = ms_org_sql_congress_level(db, in->parent_id, &parent_level, e)) == MS_ERR_NOT_FOUND)
			return ms_failf(e, MS_E_UNKNOWN_CONGRESS, "parent_id", MS_AI(in->parent_id));
		if (rc)
			return rc;
		if (in->level == MS_LEVEL_CITY || parent_level != ms_congress_parent_level(in->level)) {
			const struct ms_name *l = &ms_congress_level_names.v[in->level];
			return ms_failf(e, MS_E_PARENT_LEVEL, "parent_id", MS_AI(in->parent_id), MS_AT(l->zh, l->key));
		}
	}
	return 0;
}

int ms_congress_create(struct ms_db *db, const struct ms_actor *by, const struct ms_congress_in *in, int64_t *id,
		       struct ms_error *e)
{
	int rc;
	if ((rc = congress_check(db, in, e)))
		return rc;
	char now[32];
	ms_now_iso(now, sizeof now);
	if ((rc = ms_org_sql_congress_insert(db, in, now, id, e)))
		return rc;
	json_t *detail = json_pack("{s:s, s:s?, s:s, s:o}", "name", in->name, "name_en", in->name_en, "level",
				   ms_names_key(&ms_congress_level_names, in->level), "parent_id",
				   in->parent_id ? json_integer(in->parent_id) : json_null());
	return ms_audit_append(db, by, *id, "congress.create", "congress", *id, detail, e);
}

int ms_congress_level(struct ms_db *db, int64_t id, int *level, struct ms_error *e)
{
	int rc = ms_org_sql_congress_level(db, id, level, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_congress_kind, id) : rc;
}

int ms_congress_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	bool exists;
	int rc = ms_org_sql_congress_exists(db, id, &exists, e);
	if (rc)
		return rc;
	if (!exists)
		return ms_store_not_found(e, &ms_congress_kind, id);
	*congress_id = id;
	return 0;
}

int ms_congress_update(struct ms_db *db, const struct ms_actor *by, int64_t id, const struct ms_congress_patch *p,
		       struct ms_error *e)
{
	json_t *before = NULL;
	int rc = ms_congress_get(db, id, &before, e);
	if (rc)
		return rc;
	struct ms_congress_in in = {
		.name = p->name ? p->name : json_string_value(json_object_get(before, "name")),
		.name_en = p->set_name_en ? p->name_en : json_string_value(json_object_get(before, "name_en")),
		.level = p->level >= 0 ? p->level
				       : ms_names_find(&ms_congress_level_names,
						       json_string_value(json_object_get(before, "level"))),
		.parent_id = p->set_parent ? p->parent_id : json_integer_value(json_object_get(before, "parent_id"))};
	if ((rc = congress_check(db, &in, e)))
		goto out;
	/* its own congresses must still sit under it: a child whose level is not under the new one is a misfit */
	json_t *children = NULL;
	if ((rc = ms_org_sql_congress_children(db, id, &children, e)))
		goto out;
	bool misfit = false;
	size_t i;
	json_t *ch;
	json_array_foreach(children, i, ch) {
		int l = ms_names_find(&ms_congress_level_names, json_string_value(json_object_get(ch, "level")));
		misfit |= ms_congress_parent_level(l) != in.level;
	}
	json_decref(children);
	if (misfit) {
		const struct ms_name *l = &ms_congress_level_names.v[in.level];
		rc = ms_failf(e, MS_E_CONGRESS_HAS_CHILDREN, "level", MS_AI(id), MS_AT(l->zh, l->key));
		goto out;
	}
	if ((rc = ms_org_sql_congress_update(db, id, &in, e)))
		goto out;
	json_t *detail = json_pack("{s:O, s:{s:s, s:s?, s:s, s:o}}", "before", before, "after", "name", in.name,
				   "name_en", in.name_en, "level", ms_names_key(&ms_congress_level_names, in.level),
				   "parent_id", in.parent_id ? json_integer(in.parent_id) : json_null());
	rc = ms_audit_append(db, by, id, "congress.update", "congress", id, detail, e);
out:
	json_decref(before);
	return rc;
}
