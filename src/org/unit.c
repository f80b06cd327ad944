/* unit.c — the rules of responsible units: each belongs to one congress,
 * with a name unique in it. */
#include "org.h"

#include "../audit/audit.h"
#include "org_internal.h"

const struct ms_name ms_unit_kind = {"unit", "承办单位", "unit"};

int ms_unit_create(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, const char *name,
		   const char *name_en, int64_t *id, struct ms_error *e)
{
	int rc;
	if ((rc = ms_check_text(e, "name", name, 1, MS_ORG_NAME_MAX)) || (name_en && (rc = ms_check_text(e, "name_en", name_en, 0, MS_ORG_NAME_EN_MAX))))
		return rc;
	rc = ms_org_sql_unit_insert(db, congress_id, name, name_en, id, e);
	if (rc == MS_ERR_CONFLICT)
		return ms_failf(e, MS_E_UNIT_EXISTS, "name", MS_AS(name));
	if (rc)
		return rc;
	return ms_audit_append(db, by, congress_id, "unit.create", "unit", *id,
			       json_pack("{s:s, s:s?}", "name", name, "name_en", name_en), e);
}

int ms_unit_check_of(struct ms_db *db, int64_t unit_id, int64_t congress_id, const char *field, struct ms_error *e)
{
	int64_t of = 0;
	int rc = ms_org_sql_unit_congress(db, unit_id, &of, e);
	if (rc == MS_ERR_NOT_FOUND || (!rc && of != congress_id))
		return ms_failf(e, MS_E_UNIT_NOT_OF_CONGRESS, field, MS_AI(unit_id), MS_AI(congress_id));
	return rc;
}

int ms_unit_find(struct ms_db *db, int64_t congress_id, const char *name, json_t **out, struct ms_error *e)
{
	int64_t id = 0;
	int rc = ms_org_sql_unit_find(db, congress_id, name, &id, e);
	if (rc)
		return rc;
	if (id == 0)
		return ms_failf(e, MS_E_UNKNOWN_UNIT, "unit", MS_AS(name));
	if (id < 0)
		return ms_failf(e, MS_E_AMBIGUOUS_UNIT, "unit", MS_AS(name));
	return ms_unit_get(db, id, out, e);
}
