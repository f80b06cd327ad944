/*
 * schema_pref3.c — migration 36 on both engines (schema.c, schema_pg.c list it):
 * the public preference poll's ballots counted as they come (src/liaison/preference*.c).
 *  - pref_tally: for each poll and each set of choices, how many ballots made it, in up to
 *    eight rows (shard, drawn at random for each ballot) so that ballots alike do not all
 *    wait on one row on PostgreSQL. Written in the ballot's own transaction, beside its
 *    pref_ballot row; the close and the result read these few rows instead of every ballot
 *    (a city's poll of ten million ballots has some thousands of distinct ones). It says
 *    nothing pref_ballot does not: no time, no code, no order.
 *  - Filled from the ballots already cast.
 */
#include "schema.h"

/* SQLite. */
const char *const ms_schema_m36[] = {
	"CREATE TABLE pref_tally(\n"
	"  pref_id INTEGER NOT NULL REFERENCES pref_poll(id),\n"
	"  choices TEXT NOT NULL,\n"
	"  shard INTEGER NOT NULL CHECK(shard BETWEEN 0 AND 7),\n"
	"  n INTEGER NOT NULL CHECK(n > 0),\n"
	"  PRIMARY KEY(pref_id, choices, shard)) WITHOUT ROWID;\n"
	"INSERT INTO pref_tally(pref_id, choices, shard, n)\n"
	"  SELECT pref_id, choices, 0, count(*) FROM pref_ballot GROUP BY pref_id, choices;\n",
	NULL,
};

/* PostgreSQL: the same in its types. */
const char *const ms_schema_pg_m36[] = {
	"CREATE TABLE pref_tally(\n"
	"  pref_id bigint NOT NULL REFERENCES pref_poll(id),\n"
	"  choices text NOT NULL,\n"
	"  shard integer NOT NULL CHECK(shard BETWEEN 0 AND 7),\n"
	"  n bigint NOT NULL CHECK(n > 0),\n"
	"  PRIMARY KEY(pref_id, choices, shard));\n"
	"INSERT INTO pref_tally(pref_id, choices, shard, n)\n"
	"  SELECT pref_id, choices, 0, count(*) FROM pref_ballot GROUP BY pref_id, choices;\n",
	NULL,
};
