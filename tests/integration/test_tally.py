"""A poll's page reads its ballots and deputies present from poll_tally (migration 38, src/store/schema_tally.c),
kept by triggers as rows come and go: the figures on the page equal the rows counted, through check-ins, an undo,
sealed ballots, the close (boxes opened into ballots) and a database upgraded from before the tally."""
from harness import (build_world, cast, check, checkin, close_poll, db_exec, db_query, dep_session, expect, get_poll,
                     post_open)

TRIGGERS = ("tally_ballot_in", "tally_ballot_out", "tally_box_in", "tally_box_out", "tally_present_in",
            "tally_present_out")


def _rows(db, poll):
    """(present, ballots) counted from the rows themselves."""
    q = lambda sql: int(db_query(db, sql % poll)[0][0])
    return (q("SELECT count(*) FROM attendance WHERE poll_id = %d"),
            q("SELECT count(*) FROM ballot WHERE poll_id = %d") + q("SELECT count(*) FROM ballot_box WHERE poll_id = %d"))


def _page(sess, poll):
    p = get_poll(sess, poll)
    return p["deputies_present"], p["ballots_cast"]


def _same(w, poll, want, what):
    rows, page = _rows(w.srv.db, poll), _page(w.clerk, poll)
    check(rows == want and page == want, "%s: the page says %r, the rows %r, want %r" % (what, page, rows, want))


def test_tally_follows_the_rows(ctx):
    """a check-in by phone and the desk's confirmation of it, the desk's check-ins, an undo before the open, three
    sealed ballots and a refused fourth, the close: the page's figures are the rows'"""
    w = build_world(ctx, n_deputies=6, present=0, open_poll=False)
    ids = [d["id"] for d in w.deputies]
    _same(w, w.poll, (0, 0), "a new poll")
    tok = expect(w.clerk.get("/api/v1/polls/%d/checkin-token" % w.poll), 200, what="checkin token")["token"]
    expect(dep_session(w, 5).post("/api/v1/polls/%d/self-checkin" % w.poll, {"token": tok}), 200, what="by phone")
    _same(w, w.poll, (1, 0), "one checked in by phone")
    expect(dep_session(w, 5).post("/api/v1/polls/%d/self-checkin" % w.poll, {"token": tok}), 200, what="again")
    _same(w, w.poll, (1, 0), "the same phone check-in again")
    checkin(w.clerk, w.poll, ids)  # the desk confirms the phone's, and checks in five more
    _same(w, w.poll, (6, 0), "six checked in, one of them confirmed")
    expect(w.clerk.post("/api/v1/polls/%d/checkin/undo" % w.poll, {"deputy_ids": [ids[4]]}), 200, what="undo")
    _same(w, w.poll, (5, 0), "one undone")
    expect(post_open(w.clerk, w.poll), 200, what="open")
    for i in range(3):
        cast(dep_session(w, i), w.poll, [w.cands[i]])
    _same(w, w.poll, (5, 3), "three ballots, sealed")
    cast(dep_session(w, 0), w.poll, [w.cands[1]], status=409, code="already_voted")
    _same(w, w.poll, (5, 3), "a second ballot refused")
    close_poll(w.clerk, w.poll)
    boxes = int(db_query(w.srv.db, "SELECT count(*) FROM ballot_box WHERE poll_id = %d" % w.poll)[0][0])
    check(boxes == 0, "the close opened every box", boxes)
    _same(w, w.poll, (5, 3), "closed: the boxes opened into ballots")


def test_tally_made_by_the_upgrade(ctx):
    """a database of before migration 38: the upgrade makes each poll's tally from its rows (a closed poll's
    ballots, an open poll's sealed boxes, the deputies present), and the triggers keep it from then on"""
    done = build_world(ctx, n_deputies=3, present=3)
    for i in range(2):
        cast(dep_session(done, i), done.poll, [done.cands[0]])
    close_poll(done.clerk, done.poll)
    w = build_world(ctx, n_deputies=5, present=4, srv=done.srv, admin=done.admin)
    for i in range(2):
        cast(dep_session(w, i), w.poll, [w.cands[0]])
    db = w.srv.db
    w.srv.stop()
    pg = db.startswith("postgres")
    for t, table in zip(TRIGGERS, ("ballot", "ballot", "ballot_box", "ballot_box", "attendance", "attendance")):
        err = db_exec(db, "DROP TRIGGER %s%s" % (t, " ON " + table if pg else ""))
        check(err is None, "cannot drop %s" % t, err)
    for sql in ("DROP TABLE poll_tally", "DROP FUNCTION ms_tally" if pg else None,
                "UPDATE minsheng_schema SET version = 37" if pg else "PRAGMA user_version = 37"):
        if sql:
            err = db_exec(db, sql)
            check(err is None, "cannot make the old database: %s" % sql, err)
    srv = ctx.add_server(db)
    w.srv = done.srv = srv
    for s in [w.clerk, done.clerk] + list(w.sessions.values()):
        s.base, s.port = srv.base, srv.port
    _same(done, done.poll, (3, 2), "a closed poll after the upgrade")
    _same(w, w.poll, (4, 2), "an open poll after the upgrade")
    cast(dep_session(w, 2), w.poll, [w.cands[1]])
    _same(w, w.poll, (4, 3), "a ballot after the upgrade")
    n = int(db_query(db, "SELECT count(*) FROM poll_tally WHERE poll_id = %d" % w.poll)[0][0])
    check(n >= 1, "the poll's tally rows", n)
