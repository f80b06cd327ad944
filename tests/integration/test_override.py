"""A presidium decision (主席团决定) overriding a verdict on a closed poll's result: recorded with its reason, who
decided and who recorded it, audited, shown beside the count (never replacing it), withdrawn by a later decision;
the bulletin still recounts the count; refused on an open poll, for a bad outcome, without a reason, and to anyone
but the staff of the poll's congress."""
import json
import os

from client import Session
from harness import (admin_session, build_world, cast, check, cli, close_poll, create_congress, create_user, dep_session,
                     expect, list_all, login_session)


def _closed(ctx):
    """Five deputies; A selected, B and C tied at the cut (run-off), D below the threshold."""
    w = build_world(ctx, n_deputies=5, costs=(10, 20, 30, 40), poll={"slots": 2, "max_approvals": 3})
    A, B, C, D = w.cands
    for i, ch in enumerate([[A, B, C]] * 4 + [[A]]):
        cast(dep_session(w, i), w.poll, ch)
    res = close_poll(w.clerk, w.poll)
    st = {c["candidate_id"]: c["status"] for c in res["candidates"]}
    check(st == {A: "selected", B: "runoff", C: "runoff", D: "failed"}, "test world: statuses %r" % st)
    return w


def _title(w, cand):
    return next(c["title"] for c in w.poll_json["candidates"] if c["id"] == cand)


def _post(sess, w, body):
    return sess.post("/api/v1/polls/%d/overrides" % w.poll, body)


def test_override_recorded_beside_the_count(ctx):
    """an override stands beside the counted verdict on the public result, audited; the count is untouched"""
    w = _closed(ctx)
    A, B, C, D = w.cands
    anon = Session(w.srv.base)
    before = expect(anon.get("/api/v1/polls/%d/result" % w.poll), 200, what="result before")
    check(before.get("overrides") == [] and before.get("runoff_poll_id") is None, "no override yet", before)
    reason = "经大会主席团审议，项目 B 与已入选项目重复，决定不列入"
    res = expect(_post(w.clerk, w, {"candidate_id": B, "status": "not_selected", "reason": reason}), 200,
                 what="override B")
    by = {c["candidate_id"]: c for c in res["candidates"]}
    check(by[B]["status"] == "runoff" and by[B]["outcome"] == "not_selected", "B keeps its count, outcome changed",
          by[B])
    ov = by[B].get("override") or {}
    check(ov.get("status") == "not_selected" and ov.get("reason") == reason and ov.get("decided_by") == "大会主席团"
          and ov.get("recorded_by") and ov.get("recorded_by_name", "").startswith("王秘书") and ov.get("at"),
          "the override names its reason, body, recorder and time", ov)
    check(by[A].get("override") is None and by[A]["outcome"] == "selected", "A untouched", by[A])
    for k in ("approvals", "rank", "margin"):
        check(by[B][k] == {c["candidate_id"]: c for c in before["candidates"]}[B][k], "B's %s unchanged" % k)
    check(res["status"] == before["status"] and res["n_selected"] == before["n_selected"],
          "the result's counted status and n_selected stay", res)
    pub = expect(anon.get("/api/v1/polls/%d/result" % w.poll), 200, what="public result")
    check(pub == res, "the public result shows what the override answered")
    # a second decision by another body, then a withdrawal restoring the count
    res = expect(_post(w.clerk, w, {"candidate_id": D, "status": "selected", "reason": "补选",
                                    "decided_by": "区人大常委会主任会议"}), 200, what="override D")
    d = {c["candidate_id"]: c for c in res["candidates"]}[D]
    check(d["status"] == "failed" and d["outcome"] == "selected" and d["override"]["decided_by"] == "区人大常委会主任会议",
          "D's override", d)
    expect(_post(w.clerk, w, {"candidate_id": D, "status": "selected", "reason": "再次"}), 409, "override_unchanged",
           what="the same outcome again")
    expect(_post(w.clerk, w, {"candidate_id": A, "status": "counted", "reason": "无决定可撤回"}), 409,
           "override_unchanged", what="withdraw where nothing stands")
    res = expect(_post(w.clerk, w, {"candidate_id": D, "status": "counted", "reason": "撤回前一决定"}), 200,
                 what="withdraw D's override")
    d = {c["candidate_id"]: c for c in res["candidates"]}[D]
    check(d.get("override") is None and d["outcome"] == "failed", "a withdrawn override no longer stands", d)
    hist = res.get("overrides") or []
    check([(h["candidate_id"], h["status"], h["counted_status"]) for h in hist] ==
          [(B, "not_selected", "runoff"), (D, "selected", "failed"), (D, "counted", "failed")],
          "the history keeps every decision in order", hist)
    expect(_post(w.clerk, w, {"candidate_id": A, "status": "not_selected", "reason": "未入选也算变"}), 200,
           what="A out")
    res = expect(_post(w.clerk, w, {"candidate_id": A, "status": "selected", "reason": "恢复"}), 200,
                 what="A back in, as counted")
    a_ = {c["candidate_id"]: c for c in res["candidates"]}[A]
    check(a_.get("override") is None and a_["outcome"] == "selected", "a decision equal to the count shows none", a_)
    audit, _ = list_all(w.admin, "/api/v1/audit?congress_id=%d" % w.congress)
    ent = [a for a in audit if a.get("action") == "poll.override"]
    check(len(ent) == 5, "five poll.override audit entries", [a.get("action") for a in audit])
    details = [a.get("detail") or {} for a in ent]
    check(any(x.get("candidate_id") == B and x.get("reason") == reason and x.get("counted_status") == "runoff"
              for x in details), "the audit entry has the candidate, the reason and the counted verdict", details)
    # the bulletin still carries and recounts the count
    bul = expect(anon.get("/api/v1/polls/%d/bulletin" % w.poll), 200, what="bulletin")
    bst = {c["candidate_id"]: c["status"] for c in bul["result"]["candidates"]}
    check(bst == {A: "selected", B: "runoff", C: "runoff", D: "failed"}, "the bulletin's result is the count", bst)
    check("overrides" not in bul["result"], "the bulletin's result is the stored count alone")
    path = os.path.join(ctx.dir, "bulletin.json")
    with open(path, "w") as f:
        json.dump(bul, f, ensure_ascii=False)
    p = cli(["verify", path], what="verify the bulletin", expect_ok=False)
    check(p.returncode == 0 and "matches" in p.stdout.decode(), "the bulletin recounts after overrides",
          p.stdout, p.stderr)
    a = cli(["audit", "verify", "--db", w.srv.db], what="audit verify", expect_ok=False)
    check(a.returncode == 0, "the audit chain verifies after overrides", a.stdout, a.stderr)


def test_override_refused(ctx):
    """refused on an open poll, for a bad outcome, without a reason, for a candidate not on the poll, to others"""
    w = build_world(ctx, n_deputies=3, costs=(10, 20, 30), poll={"slots": 1})
    A, B, C = w.cands
    good = {"candidate_id": A, "status": "selected", "reason": "理由"}
    expect(_post(w.clerk, w, good), 409, "poll_not_closed", what="override on an open poll")
    for i in range(3):
        cast(dep_session(w, i), w.poll, [A])
    close_poll(w.clerk, w.poll)
    expect(_post(w.clerk, w, dict(good, status="elected")), 422, what="a bad outcome")
    expect(_post(w.clerk, w, dict(good, status="runoff")), 422, what="an outcome a decision cannot give")
    expect(_post(w.clerk, w, dict(good, reason="")), 422, what="an empty reason")
    expect(_post(w.clerk, w, {"candidate_id": A, "status": "not_selected"}), 400, "missing_field", what="no reason")
    expect(_post(w.clerk, w, dict(good, reason="长" * 501)), 422, what="a reason too long")
    expect(_post(w.clerk, w, dict(good, candidate_id=999999)), 422, "candidate_not_on_poll", what="not on the poll")
    expect(_post(w.clerk, w, good), 409, "override_unchanged", what="A is already selected")
    expect(_post(Session(w.srv.base), w, good), 401, what="anonymous")
    expect(_post(dep_session(w, 1), w, dict(good, status="not_selected")), 403, what="a deputy")
    other = create_congress(w.admin)
    create_user(w.admin, "ovr-other-clerk", "ovr-other-pass", "外会秘书", ["clerk"], other)
    expect(_post(login_session(w.srv, "ovr-other-clerk", "ovr-other-pass"), w, dict(good, status="not_selected")),
           403, what="a clerk of another congress")
    res = expect(Session(w.srv.base).get("/api/v1/polls/%d/result" % w.poll), 200, what="result")
    check(res.get("overrides") == [], "nothing was recorded by the refusals", res.get("overrides"))


def test_override_decides_the_projects(ctx):
    """entering 实施 follows the verdict that stands: a project decided 入选 becomes a project, one decided 未入选
    goes to the reserve pool"""
    w = build_world(ctx, n_deputies=3, costs=(10, 20, 30), poll={"slots": 1})
    A, B, C = w.cands
    for i in range(3):
        cast(dep_session(w, i), w.poll, [A])
    close_poll(w.clerk, w.poll)
    expect(_post(w.clerk, w, {"candidate_id": A, "status": "not_selected", "reason": "不宜实施"}), 200, what="A out")
    expect(_post(w.clerk, w, {"candidate_id": B, "status": "selected", "reason": "列入"}), 200, what="B in")
    expect(w.clerk.post("/api/v1/cycles/%d/phase" % w.cycle, {"phase": "implement"}), 200, what="to 实施")
    anon = Session(w.srv.base)
    projects, _ = list_all(anon, "/api/v1/cycles/%d/projects" % w.cycle)
    check(sorted(p["candidate_id"] for p in projects) == [B], "B, decided 入选, is the project", projects)
    reserve, _ = list_all(anon, "/api/v1/congresses/%d/reserve" % w.congress)
    check(sorted(e["candidate_id"] for e in reserve) == sorted([A, C]), "A and C wait in the reserve pool", reserve)


def test_override_followed_everywhere_and_only_in_the_vote(ctx):
    """the verdict that stands is the one the public workbook and the deputy's history show; a decision once the
    round has left 票决 is refused (409 wrong_phase): the projects are made by then"""
    from test_progress_report import read_xlsx, row_of
    w = build_world(ctx, n_deputies=3, costs=(10, 20, 30), poll={"slots": 1})
    A, B, C = w.cands
    for i in range(3):
        cast(dep_session(w, i), w.poll, [A])
    close_poll(w.clerk, w.poll)
    expect(_post(w.clerk, w, {"candidate_id": A, "status": "not_selected", "reason": "不宜实施"}), 200, what="A out")
    r = Session(w.srv.base).get("/api/v1/polls/%d/result.xlsx" % w.poll)
    check(r.status == 200, "the workbook is public after the close", r.status)
    cells = read_xlsx(r.body)["投票结果"]
    head = row_of(cells, "A", "名次")
    row_a = next(r for r in range(head + 1, head + 4) if cells.get("B%d" % r) == _title(w, A))
    check(str(cells.get("J%d" % row_a)).startswith("未入选"), "the workbook shows A as the decision left it",
          cells.get("J%d" % row_a))
    hist = expect(dep_session(w, 0).get("/api/v1/me/history"), 200, what="history")["items"]
    line = next(c for e in hist if e["poll_id"] == w.poll for c in e["candidates"] if c["candidate_id"] == A)
    check(line["outcome"] == "not_selected", "the history shows the verdict that stands", line)
    expect(w.clerk.post("/api/v1/cycles/%d/phase" % w.cycle, {"phase": "implement"}), 200, what="to 实施")
    expect(_post(w.clerk, w, {"candidate_id": A, "status": "selected", "reason": "再议"}), 409, "wrong_phase",
           what="a decision after the round moved on")
