/*
 * schema_linkage.c — migration 33 on both engines (schema.h): how a round
 * decides and what it follows (../shared/PRACTICE.md, "Levels" and the
 * three tiers).
 *   - cycle.decision: 'ballot' (the deputies' secret ballot) or 'council'
 *     (a street's residents' council, 议事会, by show of hands);
 *   - candidate.tier: 'project' (票决 or 议定), 'micro' (微实事, done at
 *     once) or 'wish' (微心愿);
 *   - project.poll_id may be NULL: a project a council adopted, or a small
 *     matter or wish that no ballot decides;
 *   - council_meeting and council_decision: each meeting's attendance, the
 *     rules it decided by, its consultation record, and per candidate the
 *     hands for, against and abstaining. Both are records: never changed,
 *     never deleted; a street's rounds not yet decided (no poll made) become
 *     its council's;
 *   - guidance: a congress's guidance for the rounds below it (指导意见: its
 *     categories, the least ratio of candidates to places, the days each
 *     phase ends by), and cycle.guidance_id, the guidance a round follows.
 *
 * SQLite cannot drop a NOT NULL in place: as migrations 14 and 31 did, the
 * table's text in sqlite_schema is rewritten (writable_schema), checked, and
 * the CREATE TABLEs after it change the schema cookie, so every connection
 * reloads the new text. Dropping a NOT NULL leaves every row valid.
 */
#include "schema.h"

#include <stddef.h>

/* SQLite */
const char *const ms_schema_m33[] = {
	"PRAGMA writable_schema = ON;\n"
	"UPDATE sqlite_schema SET sql = replace(sql, 'poll_id INTEGER NOT NULL REFERENCES poll(id)', "
	"'poll_id INTEGER REFERENCES poll(id)') WHERE type = 'table' AND name = 'project';\n"
	"PRAGMA writable_schema = RESET;\n"
	"CREATE TEMP TABLE m33_check(ok INTEGER CHECK(ok));\n"
	"INSERT INTO m33_check SELECT instr(sql, 'poll_id INTEGER REFERENCES poll(id)') > 0 FROM sqlite_schema "
	"WHERE type = 'table' AND name = 'project';\n"
	"DROP TABLE m33_check;\n"
	"CREATE TABLE guidance(id INTEGER PRIMARY KEY, congress_id INTEGER NOT NULL REFERENCES congress(id),\n"
	"  year INTEGER NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL DEFAULT '',\n"
	"  categories TEXT NOT NULL DEFAULT '[]', ratio_num INTEGER, ratio_den INTEGER CHECK(ratio_den IS NULL OR ratio_den >= 1),\n"
	"  collect_by TEXT, compile_by TEXT, vote_by TEXT, evaluate_by TEXT,\n"
	"  status TEXT NOT NULL DEFAULT 'draft' CHECK(status IN ('draft','published')),\n"
	"  published_at TEXT, created_at TEXT NOT NULL, UNIQUE(congress_id, year, title));\n"
	"CREATE INDEX guidance_congress ON guidance(congress_id, year);\n"
	"ALTER TABLE cycle ADD COLUMN decision TEXT NOT NULL DEFAULT 'ballot' CHECK(decision IN ('ballot','council'));\n"
	"ALTER TABLE cycle ADD COLUMN guidance_id INTEGER REFERENCES guidance(id);\n"
	"CREATE INDEX cycle_guidance ON cycle(guidance_id);\n"
	/* a street's rounds not yet decided: its council decides them */
	"UPDATE cycle SET decision = 'council' WHERE congress_id IN (SELECT id FROM congress WHERE level = 'street') "
	"  AND phase IN ('collect','compile','vote') AND NOT EXISTS (SELECT 1 FROM poll WHERE poll.cycle_id = cycle.id);\n"
	"ALTER TABLE candidate ADD COLUMN tier TEXT NOT NULL DEFAULT 'project' CHECK(tier IN ('project','micro','wish'));\n"
	"CREATE TABLE council_meeting(id INTEGER PRIMARY KEY, cycle_id INTEGER NOT NULL REFERENCES cycle(id),\n"
	"  held_on TEXT NOT NULL, place TEXT NOT NULL DEFAULT '', members INTEGER NOT NULL CHECK(members >= 1),\n"
	"  present INTEGER NOT NULL CHECK(present >= 0 AND present <= members),\n"
	"  quorum TEXT NOT NULL CHECK(quorum IN ('more_than_half','two_thirds')),\n"
	"  adopt_base TEXT NOT NULL CHECK(adopt_base IN ('present','members')),\n"
	"  adopt_share TEXT NOT NULL CHECK(adopt_share IN ('more_than_half','two_thirds')),\n"
	"  minutes TEXT NOT NULL, recorded_by INTEGER REFERENCES \"user\"(id), created_at TEXT NOT NULL);\n"
	"CREATE INDEX council_meeting_cycle ON council_meeting(cycle_id);\n"
	"CREATE TABLE council_decision(meeting_id INTEGER NOT NULL REFERENCES council_meeting(id),\n"
	"  candidate_id INTEGER NOT NULL REFERENCES candidate(id), yes INTEGER NOT NULL CHECK(yes >= 0),\n"
	"  no INTEGER NOT NULL CHECK(no >= 0), abstain INTEGER NOT NULL CHECK(abstain >= 0),\n"
	"  adopted INTEGER NOT NULL CHECK(adopted IN (0, 1)), note TEXT NOT NULL DEFAULT '',\n"
	"  PRIMARY KEY(meeting_id, candidate_id)) WITHOUT ROWID;\n"
	"CREATE INDEX council_decision_candidate ON council_decision(candidate_id);\n"
	"CREATE TRIGGER council_meeting_immutable BEFORE UPDATE ON council_meeting\n"
	"  BEGIN SELECT RAISE(ABORT, 'council records are immutable'); END;\n"
	"CREATE TRIGGER council_meeting_undeletable BEFORE DELETE ON council_meeting\n"
	"  BEGIN SELECT RAISE(ABORT, 'council records cannot be deleted'); END;\n"
	"CREATE TRIGGER council_decision_immutable BEFORE UPDATE ON council_decision\n"
	"  BEGIN SELECT RAISE(ABORT, 'council records are immutable'); END;\n"
	"CREATE TRIGGER council_decision_undeletable BEFORE DELETE ON council_decision\n"
	"  BEGIN SELECT RAISE(ABORT, 'council records cannot be deleted'); END;\n",
	NULL,
};

/* PostgreSQL */
const char *const ms_schema_pg_m33[] = {
	"ALTER TABLE project ALTER COLUMN poll_id DROP NOT NULL;\n"
	"CREATE TABLE guidance(id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n"
	"  congress_id bigint NOT NULL REFERENCES congress(id),\n"
	"  year bigint NOT NULL, title text NOT NULL, body text NOT NULL DEFAULT '',\n"
	"  categories text NOT NULL DEFAULT '[]', ratio_num bigint, ratio_den bigint CHECK(ratio_den IS NULL OR ratio_den >= 1),\n"
	"  collect_by text, compile_by text, vote_by text, evaluate_by text,\n"
	"  status text NOT NULL DEFAULT 'draft' CHECK(status IN ('draft','published')),\n"
	"  published_at text, created_at text NOT NULL, UNIQUE(congress_id, year, title));\n"
	"CREATE INDEX guidance_congress ON guidance(congress_id, year);\n"
	"ALTER TABLE cycle ADD COLUMN decision text NOT NULL DEFAULT 'ballot' CHECK(decision IN ('ballot','council'));\n"
	"ALTER TABLE cycle ADD COLUMN guidance_id bigint REFERENCES guidance(id);\n"
	"CREATE INDEX cycle_guidance ON cycle(guidance_id);\n"
	"UPDATE cycle SET decision = 'council' WHERE congress_id IN (SELECT id FROM congress WHERE level = 'street') "
	"  AND phase IN ('collect','compile','vote') AND NOT EXISTS (SELECT 1 FROM poll WHERE poll.cycle_id = cycle.id);\n"
	"ALTER TABLE candidate ADD COLUMN tier text NOT NULL DEFAULT 'project' CHECK(tier IN ('project','micro','wish'));\n"
	"CREATE TABLE council_meeting(id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n"
	"  cycle_id bigint NOT NULL REFERENCES cycle(id),\n"
	"  held_on text NOT NULL, place text NOT NULL DEFAULT '', members bigint NOT NULL CHECK(members >= 1),\n"
	"  present bigint NOT NULL CHECK(present >= 0 AND present <= members),\n"
	"  quorum text NOT NULL CHECK(quorum IN ('more_than_half','two_thirds')),\n"
	"  adopt_base text NOT NULL CHECK(adopt_base IN ('present','members')),\n"
	"  adopt_share text NOT NULL CHECK(adopt_share IN ('more_than_half','two_thirds')),\n"
	"  minutes text NOT NULL, recorded_by bigint REFERENCES \"user\"(id), created_at text NOT NULL);\n"
	"CREATE INDEX council_meeting_cycle ON council_meeting(cycle_id);\n"
	"CREATE TABLE council_decision(meeting_id bigint NOT NULL REFERENCES council_meeting(id),\n"
	"  candidate_id bigint NOT NULL REFERENCES candidate(id), yes bigint NOT NULL CHECK(yes >= 0),\n"
	"  no bigint NOT NULL CHECK(no >= 0), abstain bigint NOT NULL CHECK(abstain >= 0),\n"
	"  adopted bigint NOT NULL CHECK(adopted IN (0, 1)), note text NOT NULL DEFAULT '',\n"
	"  PRIMARY KEY(meeting_id, candidate_id));\n"
	"CREATE INDEX council_decision_candidate ON council_decision(candidate_id);\n"
	"CREATE TRIGGER council_meeting_immutable BEFORE UPDATE ON council_meeting\n"
	"  FOR EACH ROW EXECUTE FUNCTION ms_refuse('council records are immutable');\n"
	"CREATE TRIGGER council_meeting_undeletable BEFORE DELETE ON council_meeting\n"
	"  FOR EACH ROW EXECUTE FUNCTION ms_refuse('council records cannot be deleted');\n"
	"CREATE TRIGGER council_decision_immutable BEFORE UPDATE ON council_decision\n"
	"  FOR EACH ROW EXECUTE FUNCTION ms_refuse('council records are immutable');\n"
	"CREATE TRIGGER council_decision_undeletable BEFORE DELETE ON council_decision\n"
	"  FOR EACH ROW EXECUTE FUNCTION ms_refuse('council records cannot be deleted');\n"
	"CREATE TRIGGER council_meeting_no_truncate BEFORE TRUNCATE ON council_meeting\n"
	"  FOR EACH STATEMENT EXECUTE FUNCTION ms_refuse('council records cannot be deleted');\n"
	"CREATE TRIGGER council_decision_no_truncate BEFORE TRUNCATE ON council_decision\n"
	"  FOR EACH STATEMENT EXECUTE FUNCTION ms_refuse('council records cannot be deleted');\n",
	NULL,
};
