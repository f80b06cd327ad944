/*
 * actor.h — who acts: the logged-in user of a request, or the system (the
 * command line, the demo). The domains' rules take a struct ms_actor to
 * decide what the actor may do and to name it in the audit log; the API
 * fills one from the session, the CLI uses ms_actor_system.
 */
#ifndef MS_ACTOR_H
#define MS_ACTOR_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/names.h"

enum ms_role {
	MS_ROLE_ADMIN = 1u << 0,
	MS_ROLE_CLERK = 1u << 1,
	MS_ROLE_DEPUTY = 1u << 2,
	MS_ROLE_UNIT = 1u << 3
};
#define MS_ROLE_COUNT 4
/* Role i (bit 1u << i): admin, clerk, deputy, unit. */
extern const struct ms_names ms_role_names;

#define MS_LOGIN_MAX 64
#define MS_NAME_MAX 128 /* characters */

struct ms_actor {
	int64_t id;                    /* the user; 0: the system */
	unsigned roles;                /* enum ms_role bits */
	int64_t congress_id;           /* 0: none */
	int64_t unit_id;               /* 0: none */
	int64_t oversees;              /* a congress below the actor's own whose staff pages this one
					* read-only request reads (set by the API), 0: none */
	char login[MS_LOGIN_MAX + 1];
	char name[4 * MS_NAME_MAX + 1];
};

/* The system: id 0, every power of an administrator. */
extern const struct ms_actor ms_actor_system;

/* Whether a has role r (one enum ms_role bit). */
bool ms_actor_is(const struct ms_actor *a, unsigned role);
/* Whether a is an administrator or a clerk of congress_id (or reads its
 * staff pages from a congress above, a->oversees). */
bool ms_actor_is_staff(const struct ms_actor *a, int64_t congress_id);
/* Whether a has role r in congress_id. */
bool ms_actor_is_of(const struct ms_actor *a, unsigned role, int64_t congress_id);

#endif
