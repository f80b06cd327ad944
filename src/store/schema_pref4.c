/*
 * schema_pref4.c — migration 37 on both engines (schema.c, schema_pg.c list it):
 * a preference poll's spent codes kept apart from its codes (src/liaison/preference.c).
 *  - pref_spent: one row per code that voted, keyed by another keyed hash of the code (its
 *    "spent tag": the installation's secret, the poll and the code, under a tag of its own),
 *    with the code's batch (for the batch's count of codes used). A ballot's transaction reads
 *    pref_code and writes here, never there, so nothing it writes — no row version, no xmin,
 *    no WAL frame — holds the code's hash, and the code's hash (written beside a phone
 *    number's, when the code was sent by phone) cannot be followed to the ballot: the two
 *    hashes match only for whoever holds the code.
 *  - Codes spent before this migration keep pref_code.used = 1 (their tags cannot be made
 *    without the codes): a code is spent when either says so.
 *  - On SQLite WITHOUT ROWID, keyed by the tag, so a row's place says nothing of when it came.
 */
#include "schema.h"

/* SQLite. */
const char *const ms_schema_m37[] = {
	"CREATE TABLE pref_spent(\n"
	"  pref_id INTEGER NOT NULL REFERENCES pref_poll(id),\n"
	"  tag TEXT NOT NULL,\n"
	"  batch_id INTEGER REFERENCES pref_batch(id),\n"
	"  PRIMARY KEY(pref_id, tag)) WITHOUT ROWID;\n"
	"CREATE INDEX pref_spent_batch ON pref_spent(pref_id, batch_id);\n",
	NULL,
};

/* PostgreSQL: the same in its types. */
const char *const ms_schema_pg_m37[] = {
	"CREATE TABLE pref_spent(\n"
	"  pref_id bigint NOT NULL REFERENCES pref_poll(id),\n"
	"  tag text NOT NULL,\n"
	"  batch_id bigint REFERENCES pref_batch(id),\n"
	"  PRIMARY KEY(pref_id, tag));\n"
	"CREATE INDEX pref_spent_batch ON pref_spent(pref_id, batch_id);\n",
	NULL,
};
