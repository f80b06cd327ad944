"""Deputies' suggestions (代表建议, issue 14) on the casework machinery: filed alone or with co-signers, co-signed,
made from a demand by its deputy, merged when identical (every signer carried over and answered, each giving their
own feedback), assigned with co-handlers, the reply due in 3 months extended to 6 with approval (or refused), the
signers' feedback with 见面 and the face-to-face rate, a dissatisfied signer sending it back for re-handling; C stays
open. The world and the demands (through the intake's routes) come from test_casework.py."""
from harness import check, db_query, expect
from test_casework import _demand, _world


def test_suggestions(ctx):
    """filed with a co-signer, a second merged into it (every signer answered), the extension approved (6 months),
    each signer's feedback and 见面率, a dissatisfied signer sends it back"""
    w = _world(ctx)
    d = [x["id"] for x in w.deputies]
    a = expect(w.dep[0].post("/api/v1/congresses/%d/suggestions" % w.congress,
                             {"title": "加装电梯", "text": "老旧小区加装电梯", "cosigners": [d[1]]}), 201)
    expect(w.dep[1].post("/api/v1/casework/%d/invitation/accept" % a["id"], {}), 200, what="the invited co-signs")
    b = expect(w.dep[2].post("/api/v1/congresses/%d/suggestions" % w.congress,
                             {"title": "老旧小区电梯", "text": "同上"}), 201)
    expect(w.dep[0].post("/api/v1/congresses/%d/suggestions" % w.congress,
                         {"title": "x", "text": "y", "cosigners": [w.units[0]]}), 422, what="a unit id as co-signer")
    expect(w.clerk.post("/api/v1/casework/%d/merge" % b["id"], {"into": b["id"]}), 422, "merge_bad", what="itself")
    got = expect(w.clerk.post("/api/v1/casework/%d/merge" % b["id"], {"into": a["id"]}), 200)
    check(got["signers"] == 3 and [s["deputy_id"] for s in got["signer_list"]] == sorted(d), "every signer carried",
          got)
    got = expect(w.clerk.post("/api/v1/casework/%d/assign" % a["id"], {"unit_id": w.units[0]}), 200)
    check(got["due_at"] == "2025-12-30T16:00:00Z", "reply due in 3 months", got)
    expect(w.off[0].post("/api/v1/casework/%d/extension" % a["id"], {"reason": "需列入预算"}), 200)
    got = expect(w.clerk.post("/api/v1/casework/%d/extension/approve" % a["id"], {}), 200)
    check(got["ext_status"] == "approved" and got["due_at"] == "2026-03-30T16:00:00Z", "extended to 6 months", got)
    expect(w.dep[0].post("/api/v1/casework/%d/feedback" % a["id"], {"rating": "satisfied", "met": True}), 409,
           "nothing_to_rate", what="before the reply")
    expect(w.off[0].post("/api/v1/casework/%d/reply" % a["id"], {"class": "A", "text": "已纳入计划并实施"}), 200)
    mine = expect(w.dep[2].get("/api/v1/congresses/%d/my-suggestions" % w.congress), 200)
    check(a["id"] in [i["id"] for i in mine["items"]], "the merged signer sees the answered suggestion", mine)
    expect(w.dep[0].post("/api/v1/casework/%d/feedback" % a["id"], {"rating": "satisfied", "met": True}), 200)
    expect(w.dep[0].post("/api/v1/casework/%d/feedback" % a["id"], {"rating": "satisfied", "met": True}), 409,
           "nothing_to_rate", what="twice")
    expect(w.dep[1].post("/api/v1/casework/%d/feedback" % a["id"], {"rating": "basic", "met": False}), 200)
    got = expect(w.dep[2].post("/api/v1/casework/%d/feedback" % a["id"],
                               {"rating": "dissatisfied", "met": False, "comment": "未落实"}), 200)
    check(got["status"] == "assigned" and got["redos"] == 1 and len(got["ratings"]) == 3,
          "each signer's feedback; dissatisfied sends it back", got)
    rates = expect(w.anon.get("/api/v1/congresses/%d/casework-rates?year=2025&month=9" % w.congress), 200)
    u0 = [i for i in rates["items"] if i["unit_id"] == w.units[0]][0]
    check(u0["face_to_face"]["num"] == 1 and u0["face_to_face"]["den"] == 3
          and u0["satisfaction"]["num"] == 2 and u0["satisfaction"]["den"] == 3, "见面率 1/3, satisfaction 2/3", u0)


def test_suggestion_from_demand_refusal_and_class_c(ctx):
    """a demand's deputy turns it into a suggestion (the demand marked, a step recorded), another deputy may not;
    co-signing closes once assigned; the extension refused keeps 3 months; a C reply stays open and is answered
    again when solved; feedback then closes it"""
    w = _world(ctx)
    d = [x["id"] for x in w.deputies]
    did = _demand(w, deputy=0)["id"]
    expect(w.dep[1].post("/api/v1/demands/%d/suggestion" % did, {}), 403, "not_your_demand", what="not its deputy")
    s = expect(w.dep[0].post("/api/v1/demands/%d/suggestion" % did, {}), 201)
    check(s["kind"] == "suggestion" and s["demand_id"] == did and s["signers"] == 1, "a suggestion from the demand", s)
    rows = db_query(w.db, "SELECT status FROM demand WHERE id = ?", (did,))
    check(rows[0][0] == "suggestion", "the demand marked", rows)
    steps = db_query(w.db, "SELECT kind FROM demand_step WHERE demand_id = ? ORDER BY id", (did,))
    check([r[0] for r in steps] == ["received", "suggestion"], "a step recorded after the visit's", steps)
    expect(w.dep[0].post("/api/v1/demands/%d/suggestion" % did, {}), 409, "demand_handled", what="twice")
    got = expect(w.dep[1].post("/api/v1/casework/%d/cosign" % s["id"], {}), 200)
    check(got["signers"] == 2, "co-signed", got)
    expect(w.clerk.post("/api/v1/casework/%d/assign" % s["id"], {"unit_id": w.units[0],
                                                                 "cohandlers": [w.units[0]]}), 422, "unit_twice",
           what="lead and co-handler at once")
    expect(w.clerk.post("/api/v1/casework/%d/assign" % s["id"], {"unit_id": w.units[0], "cohandlers": [w.units[1]]}),
           200)
    expect(w.dep[2].post("/api/v1/casework/%d/cosign" % s["id"], {}), 409, "case_state", what="after assignment")
    expect(w.off[1].post("/api/v1/casework/%d/extension" % s["id"], {"reason": "x"}), 403, "not_your_case",
           what="a co-handler asks for the extension")
    expect(w.off[0].post("/api/v1/casework/%d/extension" % s["id"], {"reason": "需调研"}), 200)
    got = expect(w.clerk.post("/api/v1/casework/%d/extension/refuse" % s["id"], {}), 200)
    check(got["ext_status"] == "refused" and got["due_at"] == "2025-12-30T16:00:00Z", "refused: still 3 months", got)
    expect(w.clerk.post("/api/v1/casework/%d/extension/approve" % s["id"], {}), 409, "case_state",
           what="decided already")
    got = expect(w.off[0].post("/api/v1/casework/%d/reply" % s["id"], {"class": "C", "text": "受条件限制暂不能解决"}), 200)
    check(got["status"] == "open", "C stays open", got)
    expect(w.dep[2].post("/api/v1/casework/%d/feedback" % s["id"], {"rating": "satisfied", "met": True}), 403,
           "not_a_signer", what="not a signer")
    expect(w.dep[0].post("/api/v1/casework/%d/feedback" % s["id"], {"rating": "basic", "met": True}), 200)
    expect(w.dep[1].post("/api/v1/casework/%d/feedback" % s["id"], {"rating": "satisfied", "met": True}), 200)
    got = expect(w.clerk.get("/api/v1/casework/%d" % s["id"]), 200)
    check(got["status"] == "open", "feedback on a C does not close it", got)
    expect(w.off[0].post("/api/v1/casework/%d/reply" % s["id"], {"class": "A", "text": "已解决"}), 200)
    expect(w.dep[0].post("/api/v1/casework/%d/feedback" % s["id"], {"rating": "satisfied", "met": True}), 200)
    got = expect(w.clerk.get("/api/v1/casework/%d" % s["id"]), 200)
    check(got["status"] == "replied", "not closed until every signer answers", got)
    expect(w.dep[1].post("/api/v1/casework/%d/feedback" % s["id"], {"rating": "satisfied", "met": False}), 200)
    got = expect(w.clerk.get("/api/v1/casework/%d" % s["id"]), 200)
    check(got["status"] == "closed" and got["closed_at"], "closed when every signer is satisfied with the A", got)
