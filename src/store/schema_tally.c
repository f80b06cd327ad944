/*
 * schema_tally.c — migration 38 on both engines (schema.h): how many ballots
 * a poll holds and how many deputies are checked in, kept as they change
 * (poll_tally), so that a poll's page (GET /polls/{id}, which every
 * deputy's phone reads again and again while the hall votes) reads a few
 * rows instead of counting thousands (src/vote/poll.c, ms_poll_view).
 *  - ballots: the rows of ballot and of ballot_box (the sealed boxes, opened
 *    into ballot rows at the close); present: the rows of attendance.
 *  - Kept by triggers on those three tables, so every way a row comes or
 *    goes is counted, whatever wrote it. A poll's figures are the sums of
 *    its rows. A migration that rebuilds one of the tables must make its
 *    triggers again.
 *  - On PostgreSQL a transaction's changes go to one of 64 rows of the
 *    poll, chosen by its transaction id (a row may go below zero; the sums
 *    are right): concurrent ballots, each in a transaction of its own,
 *    would otherwise wait for each other's commit on one row; and one row a
 *    transaction, so two check-ins of many deputies at once never lock two
 *    rows in opposite orders. On SQLite, where one transaction writes at a
 *    time, one row.
 *  - Nothing in it names a deputy or a ballot: a row's sums are the counts
 *    already public on the poll's page.
 *  - The close, the quorum and the desk still count the rows themselves.
 *  - `minsheng copy` does not copy it: it makes it again from the rows
 *    copied (ms_schema_tally_from_rows).
 * The tally of each poll there is is made from the rows it holds, after the
 * triggers exist.
 */
#include "schema.h"

#include <stddef.h>

/* Each poll's tally made from its rows (the migration's last step, and
 * `minsheng copy`'s, store/copy.c, after the rows are copied: the tally is
 * not copied, the target's triggers count the rows as they come and this
 * makes it again). The same text on both engines. */
#define TALLY_FROM_ROWS                                                                                              \
	"DELETE FROM poll_tally;\n"                                                                                \
	"INSERT INTO poll_tally(poll_id, shard, ballots, present)\n"                                               \
	"  SELECT p.id, 0,\n"                                                                                      \
	"    (SELECT count(*) FROM ballot WHERE poll_id = p.id) + (SELECT count(*) FROM ballot_box WHERE poll_id = p.id),\n" \
	"    (SELECT count(*) FROM attendance WHERE poll_id = p.id)\n"                                              \
	"  FROM poll p;\n"

const char ms_schema_tally_from_rows[] = TALLY_FROM_ROWS;

/* SQLite */
const char *const ms_schema_m38[] = {
	"CREATE TABLE poll_tally(\n"
	"  poll_id INTEGER NOT NULL REFERENCES poll(id),\n"
	"  shard INTEGER NOT NULL,\n"
	"  ballots INTEGER NOT NULL DEFAULT 0,\n"
	"  present INTEGER NOT NULL DEFAULT 0,\n"
	"  PRIMARY KEY(poll_id, shard)) WITHOUT ROWID;\n"
	"CREATE TRIGGER tally_ballot_in AFTER INSERT ON ballot BEGIN\n"
	"  INSERT INTO poll_tally(poll_id, shard, ballots) VALUES (NEW.poll_id, 0, 1)\n"
	"    ON CONFLICT(poll_id, shard) DO UPDATE SET ballots = ballots + 1; END;\n"
	"CREATE TRIGGER tally_ballot_out AFTER DELETE ON ballot BEGIN\n"
	"  INSERT INTO poll_tally(poll_id, shard, ballots) VALUES (OLD.poll_id, 0, -1)\n"
	"    ON CONFLICT(poll_id, shard) DO UPDATE SET ballots = ballots - 1; END;\n"
	"CREATE TRIGGER tally_box_in AFTER INSERT ON ballot_box BEGIN\n"
	"  INSERT INTO poll_tally(poll_id, shard, ballots) VALUES (NEW.poll_id, 0, 1)\n"
	"    ON CONFLICT(poll_id, shard) DO UPDATE SET ballots = ballots + 1; END;\n"
	"CREATE TRIGGER tally_box_out AFTER DELETE ON ballot_box BEGIN\n"
	"  INSERT INTO poll_tally(poll_id, shard, ballots) VALUES (OLD.poll_id, 0, -1)\n"
	"    ON CONFLICT(poll_id, shard) DO UPDATE SET ballots = ballots - 1; END;\n"
	"CREATE TRIGGER tally_present_in AFTER INSERT ON attendance BEGIN\n"
	"  INSERT INTO poll_tally(poll_id, shard, present) VALUES (NEW.poll_id, 0, 1)\n"
	"    ON CONFLICT(poll_id, shard) DO UPDATE SET present = present + 1; END;\n"
	"CREATE TRIGGER tally_present_out AFTER DELETE ON attendance BEGIN\n"
	"  INSERT INTO poll_tally(poll_id, shard, present) VALUES (OLD.poll_id, 0, -1)\n"
	"    ON CONFLICT(poll_id, shard) DO UPDATE SET present = present - 1; END;\n" TALLY_FROM_ROWS,
	NULL,
};

/* PostgreSQL: one function for the six triggers, given the column and the
 * change. The three tables are locked against writes first: a node not yet
 * upgraded that writes a row between the tally's making and its triggers
 * would be counted by neither. */
const char *const ms_schema_pg_m38[] = {
	"LOCK TABLE ballot, ballot_box, attendance IN SHARE ROW EXCLUSIVE MODE;\n"
	"CREATE TABLE poll_tally(\n"
	"  poll_id bigint NOT NULL REFERENCES poll(id),\n"
	"  shard bigint NOT NULL,\n"
	"  ballots bigint NOT NULL DEFAULT 0,\n"
	"  present bigint NOT NULL DEFAULT 0,\n"
	"  PRIMARY KEY(poll_id, shard));\n"
	"CREATE FUNCTION ms_tally() RETURNS trigger LANGUAGE plpgsql AS $$\n"
	"DECLARE\n"
	"  pid bigint;\n"
	"  d bigint := TG_ARGV[1]::bigint;\n"
	"  s bigint := hashint8(txid_current()) & 63;\n"
	"BEGIN\n"
	"  IF TG_OP = 'INSERT' THEN pid := NEW.poll_id; ELSE pid := OLD.poll_id; END IF;\n"
	"  IF TG_ARGV[0] = 'ballots' THEN\n"
	"    INSERT INTO poll_tally(poll_id, shard, ballots) VALUES (pid, s, d)\n"
	"      ON CONFLICT (poll_id, shard) DO UPDATE SET ballots = poll_tally.ballots + d;\n"
	"  ELSE\n"
	"    INSERT INTO poll_tally(poll_id, shard, present) VALUES (pid, s, d)\n"
	"      ON CONFLICT (poll_id, shard) DO UPDATE SET present = poll_tally.present + d;\n"
	"  END IF;\n"
	"  RETURN NULL;\n"
	"END $$;\n"
	"CREATE TRIGGER tally_ballot_in AFTER INSERT ON ballot FOR EACH ROW EXECUTE FUNCTION ms_tally('ballots', '1');\n"
	"CREATE TRIGGER tally_ballot_out AFTER DELETE ON ballot FOR EACH ROW EXECUTE FUNCTION ms_tally('ballots', '-1');\n"
	"CREATE TRIGGER tally_box_in AFTER INSERT ON ballot_box FOR EACH ROW EXECUTE FUNCTION ms_tally('ballots', '1');\n"
	"CREATE TRIGGER tally_box_out AFTER DELETE ON ballot_box FOR EACH ROW EXECUTE FUNCTION ms_tally('ballots', '-1');\n"
	"CREATE TRIGGER tally_present_in AFTER INSERT ON attendance\n"
	"  FOR EACH ROW EXECUTE FUNCTION ms_tally('present', '1');\n"
	"CREATE TRIGGER tally_present_out AFTER DELETE ON attendance\n"
	"  FOR EACH ROW EXECUTE FUNCTION ms_tally('present', '-1');\n" TALLY_FROM_ROWS,
	NULL,
};
