"""人大督's year end (issue 13): the satisfaction evaluation. Deputies — or the standing committee's members — rate each
project of the round by secret ballot (满意 / 基本满意 / 不满意, 弃权 where allowed), electronically and on paper, under
the scrutineers; at the close each project's verdict follows the rule in words (more than half of the base; exactly half
is not more than half), stored beside the immutable result, recountable from the bulletin. Every expected figure here
is computed by the test from the ballots it cast."""
import json
import os
from fractions import Fraction

from client import Session
from harness import (build_world, cast, check, checkin, cli, close_poll, db_exec, dep_session, expect, list_all)
from rate_exports import check_rate_exports
from scrutineers import SHARES, name_scrutineers, post_close, post_open


def _phase(sess, cycle, phase):
    return expect(sess.post("/api/v1/cycles/%d/phase" % cycle, {"phase": phase}), 200, what="phase -> " + phase)


def _delivered_world(ctx, n_deputies):
    """A round whose vote selected the first two candidates, now in 评议 with two projects."""
    w = build_world(ctx, n_deputies=n_deputies, costs=(100, 200, 300), poll={"slots": 2})
    for i in range(n_deputies):
        cast(dep_session(w, i), w.poll, [w.cands[0], w.cands[1]])
    close_poll(w.clerk, w.poll)
    _phase(w.clerk, w.cycle, "implement")
    projects, _ = list_all(w.clerk, "/api/v1/cycles/%d/projects" % w.cycle)
    w.project = {p["candidate_id"]: p["id"] for p in projects}
    check(sorted(w.project) == sorted(w.cands[:2]), "the two selected candidates are the projects", projects)
    _phase(w.clerk, w.cycle, "evaluate")
    return w


LETTER = {"satisfied": "s", "basic": "b", "dissatisfied": "d", None: "-", "abstain": "-"}


def _expected(ballots, cands, base, strict=True, num=1, den=2):
    """The rule, computed here: per candidate the tallies and the verdict."""
    out = {}
    for c in cands:
        t = {"satisfied": 0, "basic": 0, "dissatisfied": 0, "abstain": 0, "invalid": 0}
        for b in ballots:
            r = b.get(str(c))
            t[r if r in ("satisfied", "basic", "dissatisfied") else "abstain"] += 1

        def passes(v):
            return v * den > num * base if strict else v * den >= num * base

        verdict = ("satisfied" if passes(t["satisfied"]) else
                   "basic" if passes(t["satisfied"] + t["basic"]) else "dissatisfied")
        valid = t["satisfied"] + t["basic"] + t["dissatisfied"] + t["abstain"]
        out[c] = (t, verdict, Fraction(t["satisfied"] + t["basic"], valid) if valid else None)
    return out


def test_evaluation_end_to_end(ctx):
    """the standing committee (6 of 8 deputies) rates two projects: four electronic ballots and two paper ones; the
    verdicts follow the rule (exactly half 满意 is basically satisfied; exactly half 满意 + 基本满意 is dissatisfied),
    tallies and rates as computed here; the verdicts are stored and immutable; the bulletin recounts; the audit chain
    holds"""
    w = _delivered_world(ctx, 8)
    A, B = w.cands[0], w.cands[1]
    committee = [d["id"] for d in w.deputies[:6]]
    expect(w.clerk.put("/api/v1/congresses/%d/committee" % w.congress, {"deputy_ids": committee + [committee[0]]}),
           422, "deputy_listed_twice", what="a member twice")
    js = expect(w.clerk.put("/api/v1/congresses/%d/committee" % w.congress, {"deputy_ids": committee}), 200,
                what="name the standing committee")
    check(js == {"members": 6}, "six members", js)
    deps, _ = list_all(w.clerk, "/api/v1/congresses/%d/deputies" % w.congress)
    check(sorted(d["id"] for d in deps if d["standing_committee"]) == sorted(committee),
          "the roster says who sits on the committee", deps)
    ev = expect(w.clerk.post("/api/v1/cycles/%d/evaluations" % w.cycle, {"electorate": "committee"}), 201,
                what="set up the evaluation")
    poll = ev["poll"]
    eid = poll["id"]
    check(poll["ballot_form"] == "rate" and poll["electorate"] == "committee" and poll["deputies_all"] == 6
          and poll["rate_abstain"] is True and poll["rate_items"] is None, "a committee rating poll of 6", poll)
    check(sorted(p["project_id"] for p in ev["projects"]) == sorted(w.project.values()),
          "every project of the round is on the ballot", ev["projects"])
    check("6" in poll["rule_text"]["en"] and "half" in poll["rule_text"]["en"] and "半" in poll["rule_text"]["zh"],
          "the rule in words names the base of 6 and the half", poll["rule_text"])
    anon = Session(w.srv.base)
    check(expect(anon.get("/api/v1/evaluations/%d" % eid), 200)["projects"] == ev["projects"],
          "the public reads the same cards")
    lst, total = list_all(anon, "/api/v1/cycles/%d/evaluations" % w.cycle)
    check(total == 1 and lst[0]["id"] == eid and lst[0]["projects"] == 2, "the round lists it", lst)
    # the selection poll's routes do not serve an evaluation, and the other way round
    expect(w.clerk.get("/api/v1/polls/%d/result" % eid), 409, "evaluation_elsewhere", what="poll result route")
    expect(anon.get("/api/v1/evaluations/%d" % w.poll), 404, "not_found", what="a selection poll is no evaluation")
    name_scrutineers(w.clerk, eid, [(w.deputies[0]["id"], dep_session(w, 0))])
    expect(w.clerk.post("/api/v1/polls/%d/checkin" % eid, {"deputy_ids": [w.deputies[6]["id"]]}), 422,
           "not_on_roster", what="a deputy not on the committee")
    checkin(w.clerk, eid, committee)
    expect(w.clerk.put("/api/v1/congresses/%d/committee" % w.congress, {"deputy_ids": committee[:5]}), 409,
           "committee_in_use", what="the committee changed after its members checked in")
    expect(post_open(w.clerk, eid), 200, what="open the evaluation")
    s0 = dep_session(w, 0)
    url = "/api/v1/polls/%d/ballot" % eid
    expect(s0.post(url, {"choices": [A]}), 422, "ratings_required", what="choices on an evaluation")
    expect(s0.post(url, {"ratings": {str(A): "satisfied"}}), 422, "project_not_rated", what="one project unrated")
    expect(s0.post(url, {"ratings": {str(A): "great", str(B): "basic"}}), 422, "invalid_rating", what="no rating")
    expect(s0.post(url, {"ratings": {str(A): "satisfied", "999999": "basic"}}), 422, "unknown_candidate",
           what="a project not on the ballot")
    expect(s0.post(url, {"ratings": {str(A): "satisfied", "0" + str(A): "basic"}}), 422, "unknown_candidate",
           what="a project named twice, once with a leading zero")
    expect(s0.post(url, {"ratings": {str(A): "satisfied", str(B): "basic"}, "choices": []}), 422, "ratings_alone",
           what="choices beside the ratings")
    electronic = [{str(A): "satisfied", str(B): "basic"}, {str(A): "satisfied", str(B): "basic"},
                  {str(A): "satisfied", str(B): "dissatisfied"}, {str(A): "basic", str(B): "satisfied"}]
    trackers = []
    for i, b in enumerate(electronic):
        r = expect(dep_session(w, i).post(url, {"ratings": b}), 201, what="deputy %d rates" % i)
        trackers.append((r["tracker"], b))
    expect(s0.post(url, {"ratings": electronic[0]}), 409, "already_voted", what="a second ballot")
    # deputies 4 and 5 take paper ballots; deputy 5 left A unmarked (弃权)
    expect(w.clerk.post("/api/v1/polls/%d/paper-issue" % eid, {"deputy_ids": committee[4:]}), 200,
           what="paper ballots issued")
    paper = [{str(A): "dissatisfied", str(B): "dissatisfied"}, {str(B): "dissatisfied"}]
    expect(w.clerk.post("/api/v1/polls/%d/paper-ballots" % eid, {"ballots": [{str(A): "so-so"}]}), 422,
           "invalid_rating", what="a paper ballot with no rating")
    expect(w.clerk.post("/api/v1/polls/%d/paper-ballots" % eid, {"ballots": paper}), 201, what="paper ballots")
    expect(post_close(w.clerk, eid), 409, "evaluation_elsewhere", what="closed as a selection poll")
    expect(anon.get("/api/v1/evaluations/%d/result.pdf" % eid), 409, "poll_not_closed", what="the PDF while open")
    res = expect(w.clerk.post("/api/v1/evaluations/%d/close" % eid, {"shares": SHARES[(w.clerk.base, eid)]}), 200,
                 what="close the evaluation")
    want = _expected(electronic + paper, [A, B], base=6)
    check(want[A][1] == "basic" and want[B][1] == "dissatisfied", "the test's own ballots make the two edge cases",
          want)
    check(res["status"] == "final" and res["ballots_returned"] == 6 and res["valid"] == 6 and res["base_value"] == 6
          and res["satisfied_votes"] == 4 and res["basic_votes"] == 4, "six ballots, a base of 6: 4 votes pass", res)
    for c in res["candidates"]:
        t, verdict, rate = want[c["candidate_id"]]
        got = {k: c[k] for k in t}
        check(got == t and c["verdict"] == verdict, "project %d: tallies and verdict" % c["candidate_id"], c, t)
        check(Fraction(c["satisfaction_rate"]["num"], c["satisfaction_rate"]["den"]) == rate,
              "project %d: satisfaction rate" % c["candidate_id"], c, rate)
        check(c["project_id"] == w.project[c["candidate_id"]], "the result names the project", c)
    check(res["verdicts"] == {"satisfied": 0, "basic": 1, "dissatisfied": 1}, "the verdicts counted", res)
    overall = Fraction(sum(want[c][0]["satisfied"] + want[c][0]["basic"] for c in (A, B)), 12)
    check(Fraction(res["satisfaction_rate"]["num"], res["satisfaction_rate"]["den"]) == overall,
          "the overall satisfaction rate", res["satisfaction_rate"], overall)
    check(expect(anon.get("/api/v1/evaluations/%d/result" % eid), 200) == res, "the public result is the close's")
    check_rate_exports(anon, "/api/v1/evaluations/%d/result" % eid, res, ctx.dir)
    v = expect(anon.get("/api/v1/projects/%d/verdicts" % w.project[A]), 200)["items"]
    check(len(v) == 1 and v[0]["verdict"] == "basic" and v[0]["poll_id"] == eid and v[0]["satisfied"] == 3,
          "the project's verdict is stored", v)
    check(db_exec(w.srv.db, "UPDATE evaluation_verdict SET verdict = 'satisfied'") is not None,
          "the database refuses to change a verdict")
    check(db_exec(w.srv.db, "DELETE FROM evaluation_verdict") is not None, "and to delete one")
    # the bulletin: each deputy finds their tracker with their ratings; it recounts to the result
    bul = expect(anon.get("/api/v1/evaluations/%d/bulletin" % eid), 200, what="bulletin")
    check(bul["ballots_hash"] == res["bulletin_hash"] and len(bul["ballots"]) == 6, "six ballots, hashed", bul)
    on = {b["tracker"]: b["choices"] for b in bul["ballots"]}
    for tracker, b in trackers:
        check(on.get(tracker) == {str(A): LETTER[b[str(A)]], str(B): LETTER[b[str(B)]]},
              "a deputy's tracker stands beside their ratings", tracker, on.get(tracker))
    path = os.path.join(ctx.dir, "bulletin.json")
    with open(path, "w") as f:
        json.dump(bul, f, ensure_ascii=False)
    p = cli(["verify", path], what="verify the bulletin", expect_ok=False)
    check(p.returncode == 0 and "matches" in p.stdout.decode(), "the bulletin recounts", p.stdout, p.stderr)
    changed = json.loads(json.dumps(bul))
    first = changed["ballots"][0]["choices"]
    first[str(A)] = "s" if first[str(A)] != "s" else "d"
    with open(path, "w") as f:
        json.dump(changed, f, ensure_ascii=False)
    p = cli(["verify", path], what="verify a changed bulletin", expect_ok=False)
    check(p.returncode != 0, "a changed ballot does not recount", p.stdout, p.stderr)
    a = cli(["audit", "verify", "--db", w.srv.db], what="audit verify", expect_ok=False)
    check(a.returncode == 0 and "verdicts of 1 evaluations match" in a.stdout.decode(),
          "the audit chain, the evaluation's ballots and its verdicts verify", a.stdout, a.stderr)
    expect(w.clerk.get("/api/v1/polls/%d/ballots.pb" % eid), 409, "evaluation_elsewhere", what="no .pb of ratings")
    # a verdict forged past its trigger (dropped and put back) is found
    from harness import is_pg
    if is_pg(w.srv.db):
        drop = "DROP TRIGGER evaluation_verdict_immutable ON evaluation_verdict"
        back = ("CREATE TRIGGER evaluation_verdict_immutable BEFORE UPDATE ON evaluation_verdict "
                "FOR EACH ROW EXECUTE FUNCTION ms_refuse('verdicts are immutable')")
    else:
        drop = "DROP TRIGGER evaluation_verdict_immutable"
        back = ("CREATE TRIGGER evaluation_verdict_immutable BEFORE UPDATE ON evaluation_verdict "
                "BEGIN SELECT RAISE(ABORT, 'verdicts are immutable'); END")
    for sql in (drop, "UPDATE evaluation_verdict SET verdict = 'satisfied' WHERE verdict = 'dissatisfied'", back):
        check(db_exec(w.srv.db, sql) is None, "the forger's statement runs", sql)
    a = cli(["audit", "verify", "--db", w.srv.db], what="audit verify after a forged verdict", expect_ok=False)
    check(a.returncode != 0 and "verdicts stored for evaluation %d differ" % eid in (a.stdout + a.stderr).decode(),
          "audit verify names the forged verdict", a.stdout, a.stderr)


def test_evaluation_settings_and_refusals(ctx):
    """set-up refused in the wrong phase, for a project of another round, with one sub-item, or as a selection poll;
    a selection poll refuses ratings"""
    w = build_world(ctx, n_deputies=3, costs=(100, 200, 300), poll={"slots": 2})
    expect(w.clerk.post("/api/v1/polls/%d/ballot" % w.poll, {"ratings": {}}), 403, what="a clerk has no ballot")
    expect(dep_session(w, 0).post("/api/v1/polls/%d/ballot" % w.poll, {"ratings": {str(w.cands[0]): "basic"}}),
           422, "not_a_rating_poll", what="ratings on a selection poll")
    for i in range(3):
        cast(dep_session(w, i), w.poll, [w.cands[0], w.cands[1]])
    close_poll(w.clerk, w.poll)
    _phase(w.clerk, w.cycle, "implement")
    expect(w.clerk.post("/api/v1/cycles/%d/evaluations" % w.cycle, {}), 409, "wrong_phase",
           what="an evaluation during delivery")
    _phase(w.clerk, w.cycle, "evaluate")
    expect(w.clerk.post("/api/v1/cycles/%d/polls" % w.cycle, {"slots": 1, "ballot_form": "rate"}), 422,
           "rate_poll_elsewhere", what="a rating poll through the poll route")
    expect(w.clerk.post("/api/v1/cycles/%d/evaluations" % w.cycle, {"project_ids": [999999]}), 422,
           "project_not_in_round", what="no such project")
    expect(w.clerk.post("/api/v1/cycles/%d/evaluations" % w.cycle, {"sub_items": [{"name": "进度"}]}), 422,
           "bad_sub_items", what="one sub-item")
    expect(w.clerk.post("/api/v1/cycles/%d/evaluations" % w.cycle, {"reevaluation_of": w.poll}), 422,
           "not_earlier_evaluation", what="a selection poll is no earlier evaluation")
    expect(w.clerk.post("/api/v1/cycles/%d/evaluations" % w.cycle, {"threshold_num": 3, "threshold_den": 2}), 422,
           what="a fraction over one")
    expect(dep_session(w, 0).post("/api/v1/cycles/%d/evaluations" % w.cycle, {}), 403, what="a deputy sets none up")


def test_sub_items_no_abstention_and_reevaluation(ctx):
    """two sub-items combined by the worst; no 弃权: an electronic ballot must rate everything, an unmarked item on
    paper is an invalid mark; a dissatisfied project rated again in a second evaluation that names the first"""
    w = _delivered_world(ctx, 3)
    A, B = w.cands[0], w.cands[1]
    ev = expect(w.clerk.post("/api/v1/cycles/%d/evaluations" % w.cycle,
                             {"sub_items": [{"name": "进度", "name_en": "Progress"}, {"name": "质量"}],
                              "combine": "worst", "abstain": False, "threshold_base": "present"}), 201,
                what="sub-items, no abstention")
    eid = ev["poll"]["id"]
    check(ev["poll"]["rate_items"] == [{"name": "进度", "name_en": "Progress"}, {"name": "质量"}]
          and ev["poll"]["rate_combine"] == "worst" and ev["poll"]["rate_abstain"] is False, "the settings", ev)
    name_scrutineers(w.clerk, eid, [(w.deputies[0]["id"], dep_session(w, 0))])
    checkin(w.clerk, eid, [d["id"] for d in w.deputies])
    expect(post_open(w.clerk, eid), 200, what="open")
    url = "/api/v1/polls/%d/ballot" % eid
    s0 = dep_session(w, 0)
    expect(s0.post(url, {"ratings": {str(A): "satisfied", str(B): "basic"}}), 422, "invalid_rating",
           what="one rating where there are two sub-items")
    expect(s0.post(url, {"ratings": {str(A): ["satisfied", "abstain"], str(B): ["basic", "basic"]}}), 422,
           "abstain_not_allowed", what="abstaining where it is not a choice")
    ballots = [{str(A): ["satisfied", "satisfied"], str(B): ["satisfied", "dissatisfied"]},
               {str(A): ["satisfied", "basic"], str(B): ["satisfied", "dissatisfied"]}]
    for i, b in enumerate(ballots):
        expect(dep_session(w, i).post(url, {"ratings": b}), 201, what="deputy %d" % i)
    expect(w.clerk.post("/api/v1/polls/%d/paper-issue" % eid, {"deputy_ids": [w.deputies[2]["id"]]}), 200)
    expect(w.clerk.post("/api/v1/polls/%d/paper-ballots" % eid,
                        {"ballots": [{str(A): ["satisfied", "abstain"], str(B): ["satisfied", "dissatisfied"]}]}),
           201, what="a paper ballot with an unmarked sub-item")
    res = expect(w.clerk.post("/api/v1/evaluations/%d/close" % eid, {"shares": SHARES[(w.clerk.base, eid)]}), 200)
    by = {c["candidate_id"]: c for c in res["candidates"]}
    # base present = 3: more than 1.5 → 2. A: 进度 S S S → satisfied; 质量 S B (invalid) → S=1, S+B=2 → basic;
    # worst → basic. B: 进度 S S S → satisfied; 质量 D D D → dissatisfied; worst → dissatisfied.
    subs = [(s["satisfied"], s["basic"], s["dissatisfied"], s["invalid"], s["verdict"]) for s in by[A]["sub_items"]]
    check(subs == [(3, 0, 0, 0, "satisfied"), (1, 1, 0, 1, "basic")], "A's sub-items", by[A])
    check(by[A]["verdict"] == "basic" and by[B]["verdict"] == "dissatisfied", "the worst sub-item decides", by)
    check(by[A]["invalid"] == 1 and by[A]["abstain"] == 0, "the unmarked paper sub-item is an invalid mark", by[A])
    again = expect(w.clerk.post("/api/v1/cycles/%d/evaluations" % w.cycle,
                                {"project_ids": [w.project[B]], "reevaluation_of": eid, "title": "复评"}), 201,
                   what="re-evaluate the dissatisfied project")
    check(again["reevaluation_of"] == eid and [p["project_id"] for p in again["projects"]] == [w.project[B]],
          "the re-evaluation names the first and rates B alone", again)
    lst, total = list_all(Session(w.srv.base), "/api/v1/cycles/%d/evaluations" % w.cycle)
    check(total == 2 and lst[1]["reevaluation_of"] == eid, "both are listed", lst)


def _rate_and_close(w, eid, ballots, deputies):
    name_scrutineers(w.clerk, eid, [(w.deputies[deputies[0]]["id"], dep_session(w, deputies[0]))])
    checkin(w.clerk, eid, [w.deputies[i]["id"] for i in deputies])
    expect(post_open(w.clerk, eid), 200, what="open evaluation %d" % eid)
    for i, b in zip(deputies, ballots):
        expect(dep_session(w, i).post("/api/v1/polls/%d/ballot" % eid, {"ratings": b}), 201, what="rate")
    return expect(w.clerk.post("/api/v1/evaluations/%d/close" % eid, {"shares": SHARES[(w.clerk.base, eid)]}), 200,
                  what="close evaluation %d" % eid)


def test_consequences_tracked_to_reevaluation(ctx):
    """the congress's rules (in words) make consequences at the close — a rectification task for the lead unit, a
    re-report, a re-evaluation, a talk kept from the public, a penalty — each done when its record says so: the task
    done, a report published, the talk recorded, the re-evaluation's verdict"""
    from harness import create_user, login_session
    import datetime
    w = _delivered_world(ctx, 4)
    A, B = w.cands[0], w.cands[1]
    rules_url = "/api/v1/congresses/%d/consequence-rules" % w.congress
    bad = [({"verdict": "dissatisfied", "kind": "penalty", "days": 0, "points": 0, "public": True},
            "cq_penalty_points"),
           ({"verdict": "dissatisfied", "kind": "rectify", "days": 0, "points": 0, "public": True}, "cq_needs_days"),
           ({"verdict": "dissatisfied", "kind": "talk", "days": 0, "points": 3, "public": True}, "cq_penalty_points")]
    for rule, code in bad:
        expect(w.clerk.put(rules_url, {"rules": [rule]}), 422, code, what="rule %r" % rule)
    twice = {"verdict": "basic", "kind": "rereport", "days": 20, "points": 0, "public": True}
    expect(w.clerk.put(rules_url, {"rules": [twice, twice]}), 422, "cq_rule_twice", what="a rule twice")
    rules = [{"verdict": "dissatisfied", "kind": "rectify", "days": 10, "points": 0, "public": True},
             {"verdict": "dissatisfied", "kind": "rereport", "days": 15, "points": 0, "public": True},
             {"verdict": "dissatisfied", "kind": "reevaluate", "days": 0, "points": 0, "public": True},
             {"verdict": "dissatisfied", "kind": "talk", "days": 0, "points": 0, "public": False},
             {"verdict": "dissatisfied", "kind": "penalty", "days": 0, "points": 5, "public": True},
             twice]
    got = expect(w.clerk.put(rules_url, {"rules": rules}), 200, what="set the rules")
    anon = Session(w.srv.base)
    pub = expect(anon.get(rules_url), 200, what="the rules, publicly")
    check(pub == got and len(pub["rules"]) == 6, "the rules as set", pub)
    check("10 个工作日内完成整改" in pub["words"]["zh"] and "扣 5 分" in pub["words"]["zh"]
          and "within 10 working days" in pub["words"]["en"] and "basically satisfied" in pub["words"]["en"],
          "the rules in words", pub["words"])
    eid = expect(w.clerk.post("/api/v1/cycles/%d/evaluations" % w.cycle, {}), 201)["poll"]["id"]
    res = _rate_and_close(w, eid, [{str(A): "satisfied", str(B): "dissatisfied"},
                                   {str(A): "satisfied", str(B): "dissatisfied"},
                                   {str(A): "basic", str(B): "dissatisfied"},
                                   {str(A): "basic", str(B): "satisfied"}], range(4))
    verdict = {c["candidate_id"]: c["verdict"] for c in res["candidates"]}
    check(verdict == {A: "basic", B: "dissatisfied"}, "A basically satisfied (2 of 4 is not more than half), B "
          "dissatisfied", res)
    pa, pb = w.project[A], w.project[B]
    cqs, total = list_all(w.clerk, "/api/v1/congresses/%d/consequences" % w.congress)
    kinds = sorted((c["project_id"], c["kind"]) for c in cqs)
    check(total == 6 and kinds == sorted([(pa, "rereport")] + [(pb, k) for k in
                                                              ("rectify", "rereport", "reevaluate", "talk", "penalty")]),
          "one consequence per rule the verdicts meet", cqs)
    by = {(c["project_id"], c["kind"]): c for c in cqs}
    today = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date().isoformat()
    check(all(c["created_on"] == today for c in cqs), "made today (China)", cqs)
    check(by[(pb, "penalty")]["state"] == "applied" and by[(pb, "penalty")]["points"] == 5, "the penalty applies", by)
    rect = by[(pb, "rectify")]
    check(rect["state"] == "open" and rect["task_id"] and rect["due_on"] > today, "a rectification task, due later",
          rect)
    tasks, _ = list_all(w.clerk, "/api/v1/congresses/%d/tasks" % w.congress)
    task = [t for t in tasks if t["id"] == rect["task_id"]]
    check(len(task) == 1 and task[0]["project_id"] == pb and task[0]["due_on"] == rect["due_on"],
          "the lead unit's task", tasks)
    public, _ = list_all(anon, "/api/v1/congresses/%d/consequences" % w.congress)
    check(sorted(c["kind"] for c in public if c["project_id"] == pb) == sorted(["penalty", "reevaluate", "rectify",
                                                                               "rereport"]),
          "the public does not see the talk", public)
    unit = expect(w.clerk.get("/api/v1/projects/%d" % pb), 200)["lead_unit_id"]
    create_user(w.clerk, "cq-unit", "cq-unit-pass", "承办科长", ["unit"], w.congress, unit)
    officer = login_session(w.srv, "cq-unit", "cq-unit-pass")
    mine, _ = list_all(officer, "/api/v1/projects/%d/consequences" % pb)
    check(len(mine) == 5, "the unit sees its own, the talk too", mine)
    # done as the records say
    expect(officer.post("/api/v1/tasks/%d/done" % rect["task_id"], {"note": "已整改"}), 200, what="task done")
    talk = by[(pb, "talk")]
    expect(w.clerk.post("/api/v1/consequences/%d/talk" % rect["id"], {"on": today, "note": "x"}), 409, "cq_not_talk")
    expect(w.clerk.post("/api/v1/consequences/%d/talk" % talk["id"], {"on": "2999-01-01", "note": "x"}), 422,
           "cq_future", what="a talk in the future")
    expect(w.clerk.post("/api/v1/consequences/%d/talk" % talk["id"], {"on": "2001-01-01", "note": "x"}), 422,
           "cq_before", what="a talk before the verdict")
    done = expect(w.clerk.post("/api/v1/consequences/%d/talk" % talk["id"],
                               {"on": today, "note": "约谈住建局局长，明确整改时限"}), 200, what="record the talk")
    check(done["state"] == "done" and done["done_day"] == today, "the talk is done", done)
    expect(w.clerk.post("/api/v1/consequences/%d/talk" % talk["id"], {"on": today, "note": "again"}), 409,
           "cq_recorded", what="a second record")
    expect(officer.post("/api/v1/consequences/%d/talk" % talk["id"], {"on": today, "note": "x"}), 403,
           what="a unit records no talk")
    again = expect(w.clerk.post("/api/v1/cycles/%d/evaluations" % w.cycle,
                                {"project_ids": [pb], "reevaluation_of": eid}), 201)["poll"]["id"]
    _rate_and_close(w, again, [{str(B): "satisfied"}] * 4, range(4))
    cqs, _ = list_all(w.clerk, "/api/v1/projects/%d/consequences" % pb)
    state = {c["kind"]: (c["state"], c["done_day"]) for c in cqs}
    check(state["rectify"] == ("done", today) and state["talk"] == ("done", today)
          and state["reevaluate"] == ("done", today) and state["rereport"][0] == "open",
          "the task, the talk and the re-evaluation are done; no report was published since", state)
    reev = [c for c in cqs if c["kind"] == "reevaluate"][0]
    check(reev["reevaluation_verdict"] == "satisfied", "the re-evaluation's verdict is shown", reev)
    check(len(cqs) == 5, "the satisfied re-evaluation makes no new consequence", cqs)
    openl, _ = list_all(w.clerk, "/api/v1/congresses/%d/consequences?state=open" % w.congress)
    check(sorted(c["kind"] for c in openl) == ["rereport", "rereport"], "the open ones: both re-reports", openl)
    # B's unit reports again (its plan published first), the clerk publishes the report: B's re-report is done
    expect(w.clerk.put("/api/v1/projects/%d/plan" % pb, {"targets": "整改", "start_on": "2020-01-01",
                                                         "finish_on": "2020-12-31", "budget": 200}), 200, what="plan")
    expect(w.clerk.post("/api/v1/projects/%d/plan/publish" % pb), 200, what="publish the plan")
    report = expect(officer.post("/api/v1/projects/%d/reports" % pb, {"body": "整改进展", "percent_done": 80,
                                                                      "spent": 150}), 201, what="a report")["id"]
    filed = [c for c in list_all(anon, "/api/v1/projects/%d/consequences" % pb)[0] if c["kind"] == "rereport"]
    check(filed[0]["state"] == "open", "a report filed but not published does not do it", filed)
    expect(w.clerk.post("/api/v1/reports/%d/publish" % report), 200, what="publish the report")
    cqs, _ = list_all(anon, "/api/v1/projects/%d/consequences" % pb)
    rr = [c for c in cqs if c["kind"] == "rereport"][0]
    check(rr["state"] == "done" and rr["done_day"], "the published report does the re-report", rr)


def test_weighted_composite(ctx):
    """a composite of a public survey (60), the deputies' ballots (30) and online votes (10): scores exact as computed
    here, a component without responses left out (before the close) and counted after; refusals"""
    w = _delivered_world(ctx, 4)
    A, B = w.cands[0], w.cands[1]
    pa, pb = w.project[A], w.project[B]
    comps = [{"name": "公众满意度调查", "name_en": "Public survey", "weight": 60, "source": "survey"},
             {"name": "代表测评", "name_en": "Deputies", "weight": 30, "source": "deputies"},
             {"name": "网络评议", "weight": 10, "source": "survey"}]
    url = "/api/v1/cycles/%d/evaluations" % w.cycle
    expect(w.clerk.post(url, {"composite": {"components": [comps[1], comps[1]]}}), 422, "bad_composite",
           what="the deputies' ballots twice")
    plain = expect(w.clerk.post(url, {"project_ids": [pa]}), 201)["poll"]["id"]
    expect(Session(w.srv.base).get("/api/v1/evaluations/%d/composite" % plain), 404, "no_composite")
    ev = expect(w.clerk.post(url, {"composite": {"components": comps}}), 201, what="with a composite")
    eid = ev["poll"]["id"]
    check(ev["composite"]["points_basic"] == 60 and ev["composite"]["satisfied_min"] == 85
          and len(ev["composite"]["components"]) == 3, "the defaults written out", ev["composite"])
    survey = "/api/v1/evaluations/%d/survey" % eid
    expect(w.clerk.put(survey, {"project_id": pa, "component": 1, "satisfied": 1, "basic": 0, "dissatisfied": 0}),
           422, "not_a_survey", what="the deputies' part is not entered")
    expect(w.clerk.put(survey, {"project_id": 999999, "component": 0, "satisfied": 1, "basic": 0,
                                "dissatisfied": 0}), 422, "project_not_rated_here", what="another project")
    expect(w.clerk.put(survey, {"project_id": pa, "component": 0, "satisfied": 1, "basic": 1, "dissatisfied": 1}),
           200, what="a first entry")
    expect(w.clerk.put(survey, {"project_id": pa, "component": 0, "satisfied": 80, "basic": 15, "dissatisfied": 5}),
           200, what="entered again: replaces")
    js = expect(w.clerk.put(survey, {"project_id": pa, "component": 2, "satisfied": 6, "basic": 2,
                                     "dissatisfied": 2}), 200)

    def part(s, b, d):
        return Fraction(100 * s + 60 * b, s + b + d)

    by = {p["project_id"]: p for p in js["projects"]}
    want = (60 * part(80, 15, 5) + 10 * part(6, 2, 2)) / 70
    check(Fraction(by[pa]["score"]) == want and by[pa]["verdict"] == "satisfied"
          and [c["used"] for c in by[pa]["components"]] == [True, False, True],
          "before the close the deputies' part has no responses and is left out", by[pa], want)
    check(by[pb]["score"] is None and by[pb]["verdict"] == "none", "B has nothing yet", by[pb])
    check("60%" in js["words"]["en"] and "Public survey" in js["words"]["en"] and "公众满意度调查" in js["words"]["zh"],
          "the weighting in words", js["words"])
    _rate_and_close(w, eid, [{str(A): "satisfied", str(B): "basic"}, {str(A): "satisfied", str(B): "basic"},
                             {str(A): "basic", str(B): "basic"}, {str(A): "dissatisfied", str(B): "basic"}], range(4))
    js = expect(Session(w.srv.base).get("/api/v1/evaluations/%d/composite" % eid), 200, what="the composite")
    by = {p["project_id"]: p for p in js["projects"]}
    want = (60 * part(80, 15, 5) + 30 * part(2, 1, 1) + 10 * part(6, 2, 2)) / 100
    check(Fraction(by[pa]["score"]) == want and by[pa]["verdict"] == "basic" and by[pa]["score_decimal"] == "80.10",
          "after the close the deputies' ballots count: 80.1 is basically satisfied", by[pa], want)
    check(Fraction(by[pb]["score"]) == 60 and by[pb]["verdict"] == "basic", "B: the deputies' part alone, 60",
          by[pb])
