/*
 * schema_review.c — migration 35 on both engines (schema.h): report-and-rate
 * reviews (述职评议, src/evaluate/review*.c).
 *
 * A review is a session of a congress at which the heads of units report
 * (their reports attached to review_unit) and the members rate each unit
 * by secret ballot. Its ballot is a rating poll of the vote domain with
 * every guarantee of the votes; a poll's candidates live in a round, so a
 * congress's reviews keep theirs, one per unit reviewed, in one host round
 * of kind 'review' (year 0) that no list of rounds shows and no round's
 * route reaches (cycle.kind). The close writes each unit's verdict
 * (review_verdict, immutable: the ballot's rule's, or the band of its
 * score when the review scores — review.scoring), and each unit whose verdict is at or below
 * the review's rectification line gets an item on the rectification list
 * (review_rectify) with its deadline, reported on by the unit and accepted
 * by the staff. Members' comments carry no author (review_comment); how
 * many each member left is counted apart (review_commenter), so a
 * comment's text is never linked to a member.
 */
#include "schema.h"

#include <stddef.h>

#define REVIEW_TABLES(ID, INT, TEXT, USER)                                                                  \
	"ALTER TABLE cycle ADD COLUMN kind " TEXT " NOT NULL DEFAULT 'round' CHECK(kind IN ('round','review'));\n" \
	"CREATE TABLE review(id " ID ", congress_id " INT " NOT NULL REFERENCES congress(id),\n"               \
	"  year " INT " NOT NULL, title " TEXT " NOT NULL, meeting " TEXT " NOT NULL DEFAULT '',\n"           \
	"  held_on " TEXT " NOT NULL, poll_id " INT " NOT NULL UNIQUE REFERENCES poll(id),\n"                 \
	"  rectify_at " TEXT " NOT NULL CHECK(rectify_at IN ('dissatisfied','basic')),\n"                      \
	"  rectify_days " INT " NOT NULL CHECK(rectify_days BETWEEN 1 AND 250), scoring " TEXT ",\n"           \
	"  created_at " TEXT " NOT NULL);\n"                                                                  \
	"CREATE INDEX review_congress ON review(congress_id, year);\n"                                        \
	"CREATE TABLE review_unit(review_id " INT " NOT NULL REFERENCES review(id),\n"                        \
	"  unit_id " INT " NOT NULL REFERENCES unit(id), candidate_id " INT " NOT NULL UNIQUE REFERENCES candidate(id),\n" \
	"  head " TEXT " NOT NULL, report " TEXT " NOT NULL DEFAULT '', reported_at " TEXT ",\n"               \
	"  reported_by " INT " REFERENCES " USER "(id), PRIMARY KEY(review_id, unit_id));\n"                    \
	"CREATE INDEX review_unit_unit ON review_unit(unit_id);\n"                                            \
	"CREATE TABLE review_verdict(review_id " INT " NOT NULL REFERENCES review(id),\n"                     \
	"  unit_id " INT " NOT NULL REFERENCES unit(id),\n"                                                    \
	"  verdict " TEXT " NOT NULL CHECK(verdict IN ('satisfied','basic','dissatisfied','none')),\n"         \
	"  satisfied " INT " NOT NULL, basic " INT " NOT NULL, dissatisfied " INT " NOT NULL,\n"               \
	"  abstain " INT " NOT NULL, invalid " INT " NOT NULL,\n"                                             \
	"  rule_verdict " TEXT " NOT NULL CHECK(rule_verdict IN ('satisfied','basic','dissatisfied','none')),\n" \
	"  score " TEXT ", score_decimal " TEXT ", PRIMARY KEY(review_id, unit_id));\n"                        \
	"CREATE TABLE review_comment(id " ID ", review_id " INT " NOT NULL REFERENCES review(id),\n"          \
	"  unit_id " INT " NOT NULL REFERENCES unit(id), body " TEXT " NOT NULL);\n"                           \
	"CREATE INDEX review_comment_review ON review_comment(review_id, unit_id);\n"                         \
	"CREATE TABLE review_commenter(review_id " INT " NOT NULL REFERENCES review(id),\n"                   \
	"  user_id " INT " NOT NULL REFERENCES " USER "(id), n " INT " NOT NULL CHECK(n >= 1),\n"               \
	"  PRIMARY KEY(review_id, user_id));\n"                                                               \
	"CREATE TABLE review_rectify(id " ID ", review_id " INT " NOT NULL REFERENCES review(id),\n"          \
	"  unit_id " INT " NOT NULL REFERENCES unit(id),\n"                                                    \
	"  verdict " TEXT " NOT NULL CHECK(verdict IN ('basic','dissatisfied')), due_on " TEXT " NOT NULL,\n"  \
	"  state " TEXT " NOT NULL DEFAULT 'open' CHECK(state IN ('open','reported','done')),\n"               \
	"  report " TEXT ", reported_on " TEXT ", reported_by " INT " REFERENCES " USER "(id),\n"              \
	"  note " TEXT ", decided_on " TEXT ", decided_by " INT " REFERENCES " USER "(id),\n"                  \
	"  created_at " TEXT " NOT NULL, UNIQUE(review_id, unit_id));\n"                                      \
	"CREATE INDEX review_rectify_unit ON review_rectify(unit_id, state);\n"

/* SQLite */
const char *const ms_schema_m35[] = {
	REVIEW_TABLES("INTEGER PRIMARY KEY", "INTEGER", "TEXT", "user")
	"CREATE TRIGGER review_verdict_immutable BEFORE UPDATE ON review_verdict\n"
	"  BEGIN SELECT RAISE(ABORT, 'verdicts are immutable'); END;\n"
	"CREATE TRIGGER review_verdict_undeletable BEFORE DELETE ON review_verdict\n"
	"  BEGIN SELECT RAISE(ABORT, 'verdicts are immutable'); END;\n",
	NULL};

/* PostgreSQL */
const char *const ms_schema_pg_m35[] = {
	REVIEW_TABLES("bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", "bigint", "text", "\"user\"")
	"CREATE TRIGGER review_verdict_immutable BEFORE UPDATE ON review_verdict\n"
	"  FOR EACH ROW EXECUTE FUNCTION ms_refuse('verdicts are immutable');\n"
	"CREATE TRIGGER review_verdict_undeletable BEFORE DELETE ON review_verdict\n"
	"  FOR EACH ROW EXECUTE FUNCTION ms_refuse('verdicts are immutable');\n"
	"CREATE TRIGGER review_verdict_no_truncate BEFORE TRUNCATE ON review_verdict\n"
	"  FOR EACH STATEMENT EXECUTE FUNCTION ms_refuse('verdicts are immutable');\n",
	NULL};
