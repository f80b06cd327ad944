/*
 * schema_pref2.c — migration 24 on both engines (schema.c, schema_pg.c list it):
 * the public preference poll's second step (src/liaison/preference*.c).
 *  - pref_poll.result: the result computed once, when the poll closes (approvals, the
 *    greedy and Equal Shares selections, as JSON), served from then on.
 * A phone number still gets one code per POLL (pref_phone of migration 21, keyed by the
 * poll): each poll is its own vote, and its code votes only in it (preference_code.c).
 */
#include "schema.h"

/* SQLite. */
const char *const ms_schema_m24[] = {
	"ALTER TABLE pref_poll ADD COLUMN result TEXT;\n",
	NULL,
};

/* PostgreSQL: the same in its types. */
const char *const ms_schema_pg_m24[] = {
	"ALTER TABLE pref_poll ADD COLUMN result text;\n",
	NULL,
};
