/*
 * schema_pref3.c — migration 36 on both engines (schema.c, schema_pg.c list it):
 * the public preference poll's ballots counted as they come (src/liaison/preference*.c).
 *  - pref_tally: for each poll and each distinct set of choices, how many ballots made it.
 *    Written in the ballot's own transaction, beside its pref_ballot row; the close and the
 *    result read these rows instead of every ballot: as many as the poll has distinct
 *    ballots. It says nothing pref_ballot does not: no time, no code, no order.
 *  - One row per poll and choices: the primary key on SQLite (the rows in choices order, read
 *    in one pass); on PostgreSQL a unique index on the choices' SHA-256, since a B-tree entry
 *    there holds at most 2,704 bytes and a ballot's choices may be longer (500 ids) — the
 *    schema test reads it as the key it stands for. The text is digits and commas, so its
 *    cast to bytea is the text's own bytes.
 *  - Filled from the ballots already cast.
 */
#include "schema.h"

/* SQLite. */
const char *const ms_schema_m36[] = {
	"CREATE TABLE pref_tally(\n"
	"  pref_id INTEGER NOT NULL REFERENCES pref_poll(id),\n"
	"  choices TEXT NOT NULL,\n"
	"  n INTEGER NOT NULL CHECK(n > 0),\n"
	"  PRIMARY KEY(pref_id, choices)) WITHOUT ROWID;\n"
	"INSERT INTO pref_tally(pref_id, choices, n)\n"
	"  SELECT pref_id, choices, count(*) FROM pref_ballot GROUP BY pref_id, choices;\n",
	NULL,
};

/* PostgreSQL: the same in its types, keyed by the choices' digest. */
const char *const ms_schema_pg_m36[] = {
	"CREATE TABLE pref_tally(\n"
	"  pref_id bigint NOT NULL REFERENCES pref_poll(id),\n"
	"  choices text NOT NULL,\n"
	"  n bigint NOT NULL CHECK(n > 0));\n"
	"CREATE UNIQUE INDEX pref_tally_key ON pref_tally(pref_id, sha256(choices::bytea));\n"
	"INSERT INTO pref_tally(pref_id, choices, n)\n"
	"  SELECT pref_id, choices, count(*) FROM pref_ballot GROUP BY pref_id, choices;\n",
	NULL,
};
