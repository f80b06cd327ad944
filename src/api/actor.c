/* actor.c — see actor.h. */
#include "actor.h"

static const struct ms_name roles_v[MS_ROLE_COUNT] = {
	{"admin", "管理员", "administrator"},
	{"clerk", "人大工作人员", "clerk"},
	{"deputy", "人大代表", "deputy"},
	{"unit", "承办单位工作人员", "responsible unit officer"},
};
const struct ms_names ms_role_names = MS_NAMES("role", roles_v);

const struct ms_actor ms_actor_system = {.id = 0, .roles = MS_ROLE_ADMIN, .login = "system", .name = "system"};

bool ms_actor_is(const struct ms_actor *a, unsigned role)
{
	return (a->roles & role) != 0;
}

bool ms_actor_is_of(const struct ms_actor *a, unsigned role, int64_t congress_id)
{
	return (a->roles & role) && congress_id && a->congress_id == congress_id;
}

bool ms_actor_is_staff(const struct ms_actor *a, int64_t congress_id)
{
	return ms_actor_is(a, MS_ROLE_ADMIN) || ms_actor_is_of(a, MS_ROLE_CLERK, congress_id) ||
	       (congress_id && a->oversees == congress_id && ms_actor_is(a, MS_ROLE_CLERK));
}
