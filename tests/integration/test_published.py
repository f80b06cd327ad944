"""Published answers — a closed poll's result and bulletin (and an evaluation's and a review's) — are kept in each
node's memory once read and served from there with no database round trip ("X-Cache: hit"), tagged with a digest
of their text (ETag; If-None-Match gets 304), until a write: a write on this node is seen by the next read, one on
another node when that node is told (PostgreSQL) or within the keeping's one second (SQLite, where processes are
not told). Errors are never kept."""
import time

from client import Session
from harness import build_world, cast, check, close_poll, dep_session, expect


def _closed(ctx):
    w = build_world(ctx, n_deputies=5, costs=(10, 20, 30, 40), poll={"slots": 2, "max_approvals": 3})
    A, B, C, D = w.cands
    for i, ch in enumerate([[A, B, C]] * 4 + [[A]]):
        cast(dep_session(w, i), w.poll, ch)
    return w


def _get(sess, path, **kw):
    r = sess.get(path, **kw)
    check(r.status in (200, 304), "GET %s" % path, r.describe())
    return r


def test_published_kept_tagged_and_fresh(ctx):
    """the result is read once, then kept: the same text and tag, 304 on the tag; an override is seen at once"""
    w = _closed(ctx)
    anon = Session(w.srv.base)
    path = "/api/v1/polls/%d/result" % w.poll
    expect(anon.get(path), 409, "poll_not_closed", what="before the close")
    close_poll(w.clerk, w.poll)
    first = _get(anon, path)
    check(first.status == 200 and first.json.get("status") == "runoff", "the result after the close (no kept 409)",
          first.json)
    tag = first.header("ETag")
    check(tag and tag.startswith('"p') and first.header("Cache-Control") == "no-cache", "tagged, revalidated",
          first.headers)
    second = _get(anon, path)
    check(second.header("X-Cache") == "hit", "the second read is served from memory", second.headers)
    check(second.body == first.body and second.header("ETag") == tag, "the same text and tag")
    again = _get(anon, path, headers={"If-None-Match": tag})
    check(again.status == 304 and again.body == b"" and again.header("ETag") == tag, "304 on the tag",
          again.describe())
    other = _get(anon, path, headers={"If-None-Match": '"p0"'})
    check(other.status == 200 and other.body == first.body, "another tag gets the text")

    bul = "/api/v1/polls/%d/bulletin" % w.poll
    b1, b2 = _get(anon, bul), _get(anon, bul)
    check(b2.header("X-Cache") == "hit" and b2.body == b1.body and len(b1.json["ballots"]) == 5,
          "the bulletin is kept too", b2.headers)

    # a write: the next read is new, its tag too, and the old tag no longer matches
    A, B, C, D = w.cands
    expect(w.clerk.post("/api/v1/polls/%d/overrides" % w.poll,
                        {"candidate_id": B, "status": "not_selected", "reason": "主席团决定"}), 200, what="override")
    fresh = _get(anon, path, headers={"If-None-Match": tag})
    check(fresh.status == 200 and fresh.header("X-Cache") == "miss", "read again after the write", fresh.describe())
    by = {c["candidate_id"]: c for c in fresh.json["candidates"]}
    check(by[B]["outcome"] == "not_selected" and fresh.header("ETag") != tag, "the override shows, newly tagged",
          by[B])
    check(_get(anon, path).header("X-Cache") == "hit", "kept again")
    # what a caller cannot see is not kept for others: the staff's own reads are the same text
    check(_get(w.clerk, path).body == fresh.body, "the same answer for the staff")


def test_published_other_node(ctx):
    """a second node keeps its own copy; an override written through the first is seen there — told at once on
    PostgreSQL, within the one-second keeping on SQLite"""
    w = _closed(ctx)
    close_poll(w.clerk, w.poll)
    b = ctx.add_server(w.srv.db, name="node-b")
    on_b = Session(b.base)
    path = "/api/v1/polls/%d/result" % w.poll
    _get(on_b, path)
    check(_get(on_b, path).header("X-Cache") == "hit", "kept on node b")
    A, B, C, D = w.cands
    expect(w.clerk.post("/api/v1/polls/%d/overrides" % w.poll,
                        {"candidate_id": D, "status": "selected", "reason": "补选"}), 200, what="override on a")
    seen, deadline = None, time.monotonic() + 10
    while time.monotonic() < deadline:
        r = _get(on_b, path)
        outcome = {c["candidate_id"]: c for c in r.json["candidates"]}[D]["outcome"]
        if outcome == "selected":
            seen = r
            break
        time.sleep(0.05)
    check(seen is not None, "node b shows node a's override")
