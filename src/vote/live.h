/*
 * live.h — the live count of a poll set up for it (poll.live_counts, 投票期间
 * 大屏实时显示各项目得票): while the poll is open, the hall's screens show each
 * project's approvals (and oppositions) so far, as some congresses' keypads
 * do. The ballots themselves stay sealed until the scrutineers' close, and
 * the count is never stored: each node counts, in memory, the electronic
 * ballots it took (at their commit), in batches of MS_LIVE_BATCH — its
 * totals move only by whole batches, so neither a screen nor a message ever
 * shows one ballot's marks — tells the other nodes its totals (store.h
 * messages: PostgreSQL NOTIFY, no table, no WAL), and a screen shows the
 * sum over the nodes. A node that restarts loses its part: the
 * screen then shows fewer ballots counted than returned, and says so. The
 * result is the scrutineers' count at the close, whatever the live count
 * said (docs/secrecy.md, "Live counts").
 */
#ifndef MS_VOTE_LIVE_H
#define MS_VOTE_LIVE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../store/store.h"

struct ms_poll;

/* The most candidates a live poll may have: the screen shows each, and one
 * node's totals travel in one message. */
#define MS_LIVE_CANDIDATES_MAX 200
/* A node's totals move by this many ballots at a time (at least). */
#define MS_LIVE_BATCH 5

/* Count the checked electronic ballot of live poll p — ids: na approved,
 * then the opposed, up to n — once db's transaction commits. */
int ms_live_add_at_commit(struct ms_db *db, const struct ms_poll *p, const int64_t *ids, size_t na, size_t n,
			  struct ms_error *e);
/* The live count of open live poll poll_id with its n candidates ids:
 * {"ballots", "candidates": [{"candidate_id", "approve", "oppose"}]} in that
 * order, summed over the nodes (a new reference; NULL: no memory). */
json_t *ms_live_json(int64_t poll_id, const int64_t *ids, size_t n);
/* Forget what is counted of a poll (it is no longer open). */
void ms_live_forget(int64_t poll_id);
/* Send this node's totals that changed (and, every few seconds, all of an
 * open poll's) to the other nodes, through db (no transaction open). */
int ms_live_send(struct ms_db *db, struct ms_error *e);
/* Whether ms_live_send has anything to do (without a database). */
bool ms_live_send_due(void);
/* A message from a node: its totals, kept in place of its earlier ones.
 * Writes the topic of the poll it is about into topic (cap bytes) and
 * returns true; false for this node's own messages and anything else. */
bool ms_live_receive(const char *text, char *topic, size_t cap);

#endif
