/*
 * schema_pref2.c — migration 24 on both engines (schema.c, schema_pg.c list it):
 * the public preference poll's second step (src/liaison/preference*.c).
 *  - pref_poll.result: the result computed once, when the poll closes (approvals, the
 *    greedy and Equal Shares selections, as JSON), served from then on;
 *  - pref_round_phone: one code per phone number per ROUND (all the preference polls on
 *    the same round's draft candidates count as one), keyed hashes as before; the rows
 *    of pref_phone (one per poll) move into it and pref_phone goes.
 */
#include "schema.h"

/* SQLite. */
const char *const ms_schema_m24[] = {
	"ALTER TABLE pref_poll ADD COLUMN result TEXT;\n"
	"CREATE TABLE pref_round_phone(\n"
	"  cycle_id INTEGER NOT NULL REFERENCES cycle(id),\n"
	"  phone_hash TEXT NOT NULL,\n"
	"  PRIMARY KEY(cycle_id, phone_hash)) WITHOUT ROWID;\n"
	"INSERT INTO pref_round_phone(cycle_id, phone_hash)\n"
	"  SELECT DISTINCT p.cycle_id, f.phone_hash FROM pref_phone f JOIN pref_poll p ON p.id = f.pref_id;\n"
	"DROP TABLE pref_phone;\n",
	NULL,
};

/* PostgreSQL: the same in its types. */
const char *const ms_schema_pg_m24[] = {
	"ALTER TABLE pref_poll ADD COLUMN result text;\n"
	"CREATE TABLE pref_round_phone(\n"
	"  cycle_id bigint NOT NULL REFERENCES cycle(id),\n"
	"  phone_hash text NOT NULL,\n"
	"  PRIMARY KEY(cycle_id, phone_hash));\n"
	"INSERT INTO pref_round_phone(cycle_id, phone_hash)\n"
	"  SELECT DISTINCT p.cycle_id, f.phone_hash FROM pref_phone f JOIN pref_poll p ON p.id = f.pref_id;\n"
	"DROP TABLE pref_phone;\n",
	NULL,
};
