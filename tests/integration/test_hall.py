"""The hall screen's live state (GET /polls/{id}/hall, and pushed as server-sent events by GET /polls/{id}/events):
every change of the poll reaches a viewer within a second — check-in (turnout against the quorum), the open, each
ballot returned, the close with its result — without asking again; an unchanged state is not sent twice; a viewer that
reconnects with Last-Event-ID gets nothing it has, or the current state at once when it is stale; ids are the same on
every node. On PostgreSQL, with two nodes on one database, a viewer on one node sees what the clerk does on the
other (LISTEN/NOTIFY)."""
import json
import select
import socket
import time
import urllib.parse

import harness
from harness import build_world, check, checkin, close_poll, dep_session, expect, post_open

DEADLINE = 1.0   # seconds: the "within a second of each event"


class Stream:
    """An EventSource of our own: one GET held open on a plain socket (HTTP/1.0, so the body is the bare stream),
    its events read line by line with a deadline."""

    def __init__(self, base, poll, last_id=None):
        u = urllib.parse.urlparse(base)
        self.sock = socket.create_connection((u.hostname, u.port), timeout=10)
        extra = "Last-Event-ID: %s\r\n" % last_id if last_id else ""
        self.sock.sendall(("GET /api/v1/polls/%d/events HTTP/1.0\r\nHost: x\r\nAccept: text/event-stream\r\n%s\r\n"
                           % (poll, extra)).encode())
        self.buf = b""
        head = self._until_bytes(b"\r\n\r\n", 10)
        check(head is not None, "the stream's header arrives")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        hdr = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in lines[1:] if h)}
        check(status == 200, "the stream answers 200", lines[0])
        check(hdr.get("content-type", "").startswith("text/event-stream"), "the stream is text/event-stream", hdr)
        check(hdr.get("cache-control") == "no-store", "the stream is not cached", hdr)
        self.comments = 0
        self.retry = None

    def _until_bytes(self, sep, timeout):
        end = time.monotonic() + timeout
        while sep not in self.buf:
            left = end - time.monotonic()
            if left <= 0:
                return None
            r, _, _ = select.select([self.sock], [], [], left)
            if not r:
                return None
            data = self.sock.recv(65536)
            if not data:
                return None
            self.buf += data
        i = self.buf.index(sep)
        out, self.buf = self.buf[:i], self.buf[i + len(sep):]
        return out

    def next(self, timeout):
        """The next event {id, event, data} within timeout seconds, or None."""
        end = time.monotonic() + timeout
        ev = {}
        while True:
            raw = self._until_bytes(b"\n", max(0.0, end - time.monotonic()))
            if raw is None:
                return None
            line = raw.decode("utf-8")
            if line == "":
                if "data" in ev:
                    ev["data"] = json.loads(ev["data"])
                    return ev
                ev = {}
                continue
            if line.startswith(":"):
                self.comments += 1
                continue
            field, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if field == "retry":
                self.retry = int(value)
            elif field in ("id", "event", "data"):
                ev[field] = value

    def close(self):
        self.sock.close()


def _until(stream, what, pred, since):
    """Events until pred(state) holds (within DEADLINE of since): the state and the delay."""
    while True:
        ev = stream.next(max(0.05, since + DEADLINE - time.monotonic()))
        delay = time.monotonic() - since
        check(ev is not None, "the hall hears %s within %.1f s" % (what, DEADLINE), "waited %.2f s" % delay)
        check(ev["event"] == "hall", "the event is called hall", ev)
        if pred(ev["data"]):
            return ev, delay


def test_hall_follows_the_poll(ctx):
    """the hall hears the check-in, the open, each ballot and the close within a second, with the result at close"""
    w = build_world(ctx, n_deputies=4, present=0, open_poll=False)
    s = Stream(w.srv.base, w.poll)
    first = s.next(DEADLINE)
    check(first is not None and s.retry == 2000, "the stream opens with retry and the state at once", first)
    st = first["data"]
    check(st["poll"]["id"] == w.poll and st["poll"]["status"] == "draft" and st["poll"]["deputies_present"] == 0
          and st["result"] is None, "the first state: a draft, nobody present, no result", st)
    once = expect(harness.Session(w.srv.base).get("/api/v1/polls/%d/hall" % w.poll), 200, what="the hall once")
    check(once == st, "GET /hall is the state the stream sends", (once, st))
    as_deputy = expect(dep_session(w, 0).get("/api/v1/polls/%d/hall" % w.poll), 200, what="the hall as a deputy")
    check(as_deputy == st and "me" not in as_deputy["poll"],
          "the hall shows what the public reads, nobody's own (not even to a logged-in deputy)", as_deputy["poll"])
    check(st["scrutineers"] == {"named": 1, "prepared": 1, "shares_issued": 0}, "the scrutineers as counts",
          st["scrutineers"])

    t = time.monotonic()
    checkin(w.clerk, w.poll, [w.deputies[0]["id"], w.deputies[1]["id"]])
    ev, d1 = _until(s, "two check-ins", lambda x: x["poll"]["deputies_present"] == 2, t)
    check(ev["data"]["poll"]["quorum_met"] is False, "2 of 4 is not more than half", ev["data"]["poll"])
    t = time.monotonic()
    checkin(w.clerk, w.poll, [w.deputies[2]["id"]])
    ev, d2 = _until(s, "the third check-in", lambda x: x["poll"]["deputies_present"] == 3, t)
    check(ev["data"]["poll"]["quorum_met"] is True, "3 of 4: the quorum is met", ev["data"]["poll"])

    t = time.monotonic()
    expect(post_open(w.clerk, w.poll), 200, what="open")
    _, d3 = _until(s, "the open", lambda x: x["poll"]["status"] == "open", t)
    for i in range(3):
        t = time.monotonic()
        expect(dep_session(w, i).post("/api/v1/polls/%d/ballot" % w.poll, {"choices": [w.cands[0]]}), 201,
               what="ballot %d" % i)
        _, d = _until(s, "ballot %d" % (i + 1), lambda x, n=i + 1: x["poll"]["ballots_cast"] == n, t)
    t = time.monotonic()
    close_poll(w.clerk, w.poll)
    ev, d4 = _until(s, "the close", lambda x: x["poll"]["status"] == "closed" and x["result"] is not None, t)
    res = ev["data"]["result"]
    public = expect(harness.Session(w.srv.base).get("/api/v1/polls/%d/result" % w.poll), 200, what="result")
    check(res == public, "the hall's result is the published result", (res, public))
    check(any(c["status"] == "selected" and c["approvals"] == 3 for c in res["candidates"]),
          "the candidate with three approvals is selected", res["candidates"])
    # nothing more: an unchanged state is not sent again
    check(s.next(0.5) is None, "no event without a change")
    s.close()
    print("# delivery: check-in %.0f / %.0f ms, open %.0f ms, close %.0f ms" % (d1 * 1e3, d2 * 1e3, d3 * 1e3, d4 * 1e3))


def test_hall_resumes_by_last_event_id(ctx):
    """a viewer back with the current id gets nothing until a change; with a stale id it gets the state at once"""
    w = build_world(ctx, n_deputies=3, present=0, open_poll=False)
    s = Stream(w.srv.base, w.poll)
    first = s.next(DEADLINE)
    s.close()
    again = Stream(w.srv.base, w.poll, last_id=first["id"])
    check(again.next(0.5) is None, "the current id: nothing is sent again")
    t = time.monotonic()
    checkin(w.clerk, w.poll, [w.deputies[0]["id"]])
    ev, _ = _until(again, "a check-in after resuming", lambda x: x["poll"]["deputies_present"] == 1, t)
    check(ev["id"] != first["id"], "a new state has a new id", (ev["id"], first["id"]))
    again.close()
    stale = Stream(w.srv.base, w.poll, last_id=first["id"])
    got = stale.next(DEADLINE)
    check(got is not None and got["id"] == ev["id"] and got["data"]["poll"]["deputies_present"] == 1,
          "a stale id: the current state at once", got)
    stale.close()
    # a poll that does not exist: the JSON 404, no stream
    r = harness.Session(w.srv.base).get("/api/v1/polls/999999/events")
    expect(r, 404, what="events of no poll")


@harness.only("postgresql")
def test_hall_across_nodes(ctx):
    """two nodes on one PostgreSQL: a viewer on node B hears within a second what the clerk does on node A, with the same event ids"""
    w = build_world(ctx, n_deputies=3, present=0, open_poll=False)
    b = ctx.add_server(w.srv.db, name="node-b")
    on_b = Stream(b.base, w.poll)
    on_a = Stream(w.srv.base, w.poll)
    fb, fa = on_b.next(DEADLINE), on_a.next(DEADLINE)
    check(fb["id"] == fa["id"], "both nodes name the same state alike", (fa["id"], fb["id"]))
    t = time.monotonic()
    checkin(w.clerk, w.poll, [w.deputies[0]["id"], w.deputies[1]["id"]])   # the clerk is on node A
    eb, db_ = _until(on_b, "node A's check-in on node B", lambda x: x["poll"]["deputies_present"] == 2, t)
    ea, _ = _until(on_a, "the check-in on node A", lambda x: x["poll"]["deputies_present"] == 2, t)
    check(ea["id"] == eb["id"], "the same state has the same id on both nodes", (ea["id"], eb["id"]))
    t = time.monotonic()
    expect(post_open(w.clerk, w.poll), 200, what="open on node A")
    _until(on_b, "node A's open on node B", lambda x: x["poll"]["status"] == "open", t)
    on_a.close()
    on_b.close()
    print("# across nodes: check-in heard on node B after %.0f ms" % (db_ * 1e3))


def _live(sess, poll):
    return expect(sess.get("/api/v1/polls/%d/hall" % poll), 200, what="the hall")["live"]


def _row_counts(db):
    """Every table's row count: {table: rows}."""
    if harness.DB_KIND == "sqlite":
        import sqlite3
        con = sqlite3.connect(db)
        try:
            names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            return {n: con.execute('SELECT count(*) FROM "%s"' % n).fetchone()[0] for n in names}
        finally:
            con.close()
    out = harness.psql(db, "SELECT table_name, (xpath('/row/c/text()', query_to_xml("
                           "format('SELECT count(*) AS c FROM %I', table_name), false, true, '')))[1]::text "
                           "FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")
    return {ln.split(",")[0]: int(ln.split(",")[1]) for ln in out.stdout.decode().split()}


def _changed(before, after):
    return sorted(t for t in after if after[t] != before.get(t))


def _cast_five(w, first, choices):
    """Five ballots by deputies first … first+4; the tables whose rows changed."""
    before = _row_counts(w.srv.db)
    for i in range(first, first + 5):
        expect(dep_session(w, i).post("/api/v1/polls/%d/ballot" % w.poll, {"choices": choices}), 201)
    return _changed(before, _row_counts(w.srv.db))


def test_live_counts(ctx):
    """a poll set up for an open count (live_counts): while open, the hall shows each project's approvals and
    oppositions in batches of five ballots (never one ballot's marks), pushed within a second; paper ballots wait for
    the close; a poll without it shows none; at the close the count gives way to the result, which agrees; only pick
    and approve / oppose ballots may have it (422 live_counts_form); ballots of a live poll write to no more tables
    than any other poll's"""
    w = build_world(ctx, n_deputies=12, poll={"ballot_form": "approve_oppose", "live_counts": True})
    check(w.poll_json.get("live_counts") is True, "the poll is set up for a live count", w.poll_json)
    audit = expect(w.admin.get("/api/v1/audit?action=poll.create"), 200)["items"]
    mine = [a for a in audit if a["object"] == "poll/%d" % w.poll]
    check(mine and mine[0]["detail"].get("live_counts") is True, "the setting is in the audit", mine)
    anon = harness.Session(w.srv.base)
    zero = {"ballots": 0, "candidates": [{"candidate_id": c, "approve": 0, "oppose": 0} for c in w.cands]}
    check(_live(anon, w.poll) == zero, "an open live poll before any ballot: zeros for every candidate")
    s = Stream(w.srv.base, w.poll)
    s.next(DEADLINE)
    A, B, C = w.cands[0], w.cands[1], w.cands[2]
    marks = [([A, B], [C]), ([A], [B]), ([A, C], []), ([B], [A]), ([], [C])]
    for i, (yes, no) in enumerate(marks[:4]):
        expect(dep_session(w, i).post("/api/v1/polls/%d/ballot" % w.poll, {"choices": yes, "oppose": no}), 201)
        check(_live(anon, w.poll) == zero, "ballot %d alone moves no figure (batches of five)" % (i + 1))
    t = time.monotonic()
    expect(dep_session(w, 4).post("/api/v1/polls/%d/ballot" % w.poll, {"choices": marks[4][0], "oppose": marks[4][1]}),
           201)
    ev, _ = _until(s, "the fifth ballot's batch", lambda x: (x["live"] or {}).get("ballots") == 5, t)
    by = {c["candidate_id"]: (c["approve"], c["oppose"]) for c in ev["data"]["live"]["candidates"]}
    check(by[A] == (3, 1) and by[B] == (2, 1) and by[C] == (1, 2) and by[w.cands[3]] == (0, 0),
          "the batch adds the five ballots up", ev["data"]["live"])
    # a sixth ballot waits for its batch; a paper ballot waits for the close
    expect(dep_session(w, 5).post("/api/v1/polls/%d/ballot" % w.poll, {"choices": [A], "oppose": []}), 201)
    expect(w.clerk.post("/api/v1/polls/%d/paper-issue" % w.poll, {"deputy_ids": [w.deputies[6]["id"]]}), 200)
    expect(w.clerk.post("/api/v1/polls/%d/paper-ballots" % w.poll, {"ballots": [{"approve": [A], "oppose": []}]}), 201,
           what="a paper ballot")
    check(_live(anon, w.poll)["ballots"] == 5, "neither the sixth ballot nor the paper one is shown yet")
    # four more electronic ballots complete the second batch: the paper one is still not in it
    for i in range(7, 11):
        expect(dep_session(w, i).post("/api/v1/polls/%d/ballot" % w.poll, {"choices": [B], "oppose": []}), 201)
    live = _live(anon, w.poll)
    by = {c["candidate_id"]: (c["approve"], c["oppose"]) for c in live["candidates"]}
    check(live["ballots"] == 10 and by[A] == (4, 1) and by[B] == (6, 1), "the second batch: electronic only", live)
    close_poll(w.clerk, w.poll)
    st = expect(anon.get("/api/v1/polls/%d/hall" % w.poll), 200)
    check(st["live"] is None and st["result"] is not None, "closed: no live count, the result", st)
    res = {c["candidate_id"]: c for c in st["result"]["candidates"]}
    check(res[A]["approvals"] == 5 and res[B]["approvals"] == 6,
          "the result counts every ballot, the paper one too", st["result"]["candidates"])
    s.close()
    # a poll without the setting shows no live count while open
    plain = build_world(ctx, n_deputies=6, srv=w.srv, admin=w.admin, poll={"max_approvals": 2})
    check(plain.poll_json.get("live_counts") is False, "off unless asked", plain.poll_json)
    plain_tables = _cast_five(plain, 0, [plain.cands[0]])
    check(_live(anon, plain.poll) is None, "no live count without the setting")
    # a live poll's ballots write to the same tables as any other's: the count is stored nowhere
    live_w = build_world(ctx, n_deputies=6, srv=w.srv, admin=w.admin, poll={"max_approvals": 2, "live_counts": True})
    live_tables = _cast_five(live_w, 0, [live_w.cands[0]])
    check(_live(anon, live_w.poll)["ballots"] == 5, "the live poll counted its batch")
    check(live_tables == plain_tables, "the same tables change with or without a live count", (live_tables, plain_tables))
    # only pick and approve / oppose ballots
    r = w.clerk.post("/api/v1/cycles/%d/polls" % w.cycle, {"slots": 2, "ballot_form": "ranked", "live_counts": True})
    expect(r, 422, "live_counts_form", what="a ranked poll with a live count")
    check("200" in r.describe(), "the limit is named", r.describe())


@harness.only("postgresql")
def test_live_counts_across_nodes(ctx):
    """two nodes: each node's batches of ballots are counted live on both, each node's totals told to the other (a
    message, not a table), within a second"""
    w = build_world(ctx, n_deputies=10, poll={"live_counts": True, "max_approvals": 2})
    b = ctx.add_server(w.srv.db, name="node-b")
    on_a, on_b = Stream(w.srv.base, w.poll), Stream(b.base, w.poll)
    on_a.next(DEADLINE), on_b.next(DEADLINE)
    A, B = w.cands[0], w.cands[1]
    for i in range(5):                                                                              # node A
        expect(dep_session(w, i).post("/api/v1/polls/%d/ballot" % w.poll, {"choices": [A, B]}), 201)
    for i in range(5, 9):                                                                           # node B
        expect(login_on(b, w.deputies[i]).post("/api/v1/polls/%d/ballot" % w.poll, {"choices": [A]}), 201)
    t = time.monotonic()
    expect(login_on(b, w.deputies[9]).post("/api/v1/polls/%d/ballot" % w.poll, {"choices": [A]}), 201)
    for name, st in (("node A", on_a), ("node B", on_b)):
        ev, _ = _until(st, "both batches counted live on " + name, lambda x: (x["live"] or {}).get("ballots") == 10, t)
        by = {c["candidate_id"]: c["approve"] for c in ev["data"]["live"]["candidates"]}
        check(by[A] == 10 and by[B] == 5, "the live count on %s sums both nodes" % name, ev["data"]["live"])
    on_a.close()
    on_b.close()


def login_on(node, deputy):
    s = harness.Session(node.base)
    expect(s.login(deputy["login"], deputy["password"]), 200, what="login on node B")
    return s
