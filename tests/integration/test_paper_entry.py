"""The tellers' double entry of returned paper ballots (issue 15): a sheet counts only when two different tellers
entered it alike; a mismatch does not count and blocks the close until a teller re-enters it; issued against returned
(paper and electronic) in the list and the result; access per role; no column links a sheet to a deputy."""
from harness import (build_world, cast, check, close_poll, create_user, db_columns, db_foreign_keys, db_query,
                     dep_session, expect, expected_result, compare_result, login_session, post_close, uniq)


def _teller(w):
    n = uniq()
    login, pw = "teller%d" % n, "teller-pass-%d" % n
    create_user(w.admin, login, pw, "李计票%d" % n, ["clerk"], w.congress)
    return login_session(w.srv, login, pw)


def _world(ctx):
    """Six present deputies: two vote electronically, four take paper ballots."""
    w = build_world(ctx, n_deputies=6, costs=(10, 20, 30, 40), poll={"slots": 2, "max_approvals": 2}, present=6)
    A, B, C, D = w.cands
    cast(dep_session(w, 0), w.poll, [A, B])
    cast(dep_session(w, 1), w.poll, [C])
    expect(w.clerk.post("/api/v1/polls/%d/paper-issue" % w.poll,
                        {"deputy_ids": [d["id"] for d in w.deputies[2:]]}), 200, what="issue paper ballots")
    return w, _teller(w)


def _enter(sess, w, sheet, marks, status=200, code=None, what=""):
    return expect(sess.post("/api/v1/polls/%d/paper-entries" % w.poll, {"sheet": sheet, "marks": marks}), status,
                  code, what=what or "enter sheet %d" % sheet)


def _sheets(sess, w):
    return expect(sess.get("/api/v1/polls/%d/paper-entries" % w.poll), 200, what="list paper entries")


def test_double_entry_counts_and_mismatch_blocks_close(ctx):
    """agreeing entries count; a mismatch does not count, is listed side by side and blocks the close; re-entry
    resolves it; the same teller twice is refused; the result reconciles issued against returned"""
    w, t2 = _world(ctx)
    A, B, C, D = w.cands
    t1 = w.clerk
    js = _enter(t1, w, 1, [B, A])
    check(js == {"sheet": 1, "state": "single"}, "one entry is single", js)
    _enter(t1, w, 1, [A, B], 409, "paper_same_teller", what="the same teller enters sheet 1 twice")
    js = _enter(t2, w, 1, [A, B])
    check(js["state"] == "agreed", "two alike entries (order of a pick ballot aside) agree", js)
    _enter(t2, w, 1, [A], 409, "paper_sheet_counted", what="a counted sheet again")
    _enter(t1, w, 2, "blank")
    check(_enter(t2, w, 2, "blank")["state"] == "agreed", "a blank sheet agreed")
    _enter(t1, w, 3, [C])
    js = _enter(t2, w, 3, [D])
    check(js["state"] == "mismatch", "differing entries are a mismatch", js)
    _enter(t1, w, 5, [A], 409, "paper_sheet_not_issued", what="a fifth sheet of four issued")
    _enter(t1, w, 4, "invalid")
    lst = _sheets(t1, w)
    st = {s["sheet"]: s["state"] for s in lst["sheets"]}
    check(st == {1: "agreed", 2: "agreed", 3: "mismatch", 4: "single"}, "sheet states", st)
    check((lst["agreed"], lst["mismatch"], lst["single"]) == (2, 1, 1), "state counts", lst)
    m = [s for s in lst["sheets"] if s["sheet"] == 3][0]
    check(sorted(json_marks for json_marks in (e["marks"] for e in m["entries"])) == [[C], [D]],
          "the mismatch shows both entries side by side", m)
    check(all(e["marks"] is None for s in lst["sheets"] if s["counted"] for e in s["entries"]),
          "a counted sheet's marks are erased (the ballot is sealed)", lst)
    check((lst["paper_issued"], lst["paper_returned"], lst["electronic_returned"], lst["ballots_issued"]) ==
          (4, 2, 2, 6), "reconciliation while entering", lst)
    # A mismatch (and a single entry) blocks the close.
    r = post_close(w.clerk, w.poll)
    expect(r, 409, "paper_sheets_unresolved", what="close with sheets unresolved")
    check("2" in r.json["error"]["message"], "the message gives the number of sheets", r.json)
    third = _teller(w)
    _enter(third, w, 3, [C], 409, "paper_two_tellers", what="a third teller on a mismatched sheet")
    check(_enter(t2, w, 3, [C])["state"] == "agreed", "a re-entry resolves the mismatch")
    check(_enter(t2, w, 4, "invalid")["state"] == "agreed", "an invalid sheet agreed")
    lst = _sheets(t1, w)
    check(lst["balanced"] and lst["ballots_returned"] == 6, "six issued, six returned", lst)
    res = close_poll(w.clerk, w.poll)
    paper = [[A, B], [], [C], [A, B, C, D]]
    exp = expected_result(w.cands, [10, 20, 30, 40], [[A, B], [C]] + paper, slots=2, max_approvals=2,
                          deputies_all=6, present=6)
    compare_result(res, exp)
    check(res["void"] == 1 and res["blank"] == 1, "the invalid sheet is void, the blank one blank", res)
    got = {k: res.get(k) for k in ("ballots_issued", "ballots_returned", "paper_issued", "paper_returned",
                                   "electronic_issued", "electronic_returned")}
    check(got == {"ballots_issued": 6, "ballots_returned": 6, "paper_issued": 4, "paper_returned": 4,
                  "electronic_issued": 2, "electronic_returned": 2}, "the result's reconciliation", got)
    pub = expect(w.clerk.get("/api/v1/polls/%d/result" % w.poll), 200, what="result")
    check(pub.get("paper_returned") == 4, "the published result carries the paper figures", pub)
    _enter(t1, w, 1, [A], 409, "poll_not_open", what="an entry after the close")


def test_access_and_marks(ctx):
    """only staff of the congress enter and list; a deputy is forbidden; marks are checked as a ballot"""
    w, t2 = _world(ctx)
    A = w.cands[0]
    d = dep_session(w, 0)
    expect(d.post("/api/v1/polls/%d/paper-entries" % w.poll, {"sheet": 1, "marks": [A]}), 403, "forbidden",
           what="a deputy enters a sheet")
    expect(d.get("/api/v1/polls/%d/paper-entries" % w.poll), 403, "forbidden", what="a deputy lists sheets")
    _enter(w.clerk, w, 1, [A, A], 422, "duplicate_choice", what="a candidate twice")
    _enter(w.clerk, w, 1, [999999], 422, "unknown_candidate", what="a candidate not on the ballot")
    _enter(w.clerk, w, 1, "spoilt", 422, "paper_mark_form", what="an unknown mark")
    _enter(w.clerk, w, 1, {"approve": [A]}, 400, "invalid_paper_ballot", what="an approve / oppose shape on a pick")
    check(_sheets(w.clerk, w)["sheets"] == [], "refused entries leave no sheet")


def test_no_link_to_deputies(ctx):
    """the entries' tables have no deputy or time column that could follow the issue order; only tellers"""
    w, t2 = _world(ctx)
    A = w.cands[0]
    _enter(w.clerk, w, 1, [A])
    _enter(t2, w, 1, [A])
    db = w.srv.db
    for t in ("paper_sheet", "paper_entry"):
        cols = db_columns(db, t)
        bad = [c for c in cols if any(u in c.lower() for u in ("deputy", "user", "voter", "attendance"))]
        check(not bad, "%s has columns that can link to deputies: %r" % (t, bad))
    refs = {r.strip('"') for t, r in db_foreign_keys(db) if t in ("paper_sheet", "paper_entry")}
    check(refs <= {"poll", "user"}, "the entries reference %r" % refs)
    tellers = {r[0] for r in db_query(db, "SELECT teller_id FROM paper_entry")}
    deputies = {d["id"] for d in w.deputies}
    check(not tellers & deputies, "a teller id is a deputy's", tellers)
