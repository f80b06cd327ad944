"""Every route × every role, from the route table itself: `minsheng api-schema` says who may call each route
(x-access, and x-read-below: a clerk of a congress above reads it too); each route is called by an anonymous
visitor, a deputy of the congress that owns the path's object, a deputy of another congress, a unit officer, a
clerk of another congress, a clerk of the congress above it (three-level linkage), the clerk, and an
administrator. Who may not gets 401 (anonymous) or 403 forbidden; who may gets past the access check:
a mutation with a probe body answers 400 unknown_field (so nothing changes), a read answers without 401,
403, 404 or 5xx. One test point per route, generated from the schema: a new route is tested the day it
is declared."""
import datetime
import json

from client import Session
from harness import (Ctx, Failure, admin_session, cast, check, checkin, cli, close_poll, create_congress, create_user,
                     expect, import_deputies, login_session, make_cycle, make_deputies, name_scrutineers, post_open)
from scrutineers import SHARES

ROLES = ("anonymous", "deputy", "deputy_other", "unit", "clerk_other", "clerk_above", "clerk", "admin")
PROBE = {"__probe__": 1}


def allowed(access, role, below=False):
    """Who may call a route with these access keys (route.h: enum ms_access); below: x-read-below."""
    if "public" in access:
        return True
    if role == "anonymous":
        return False
    return ("login" in access or ("admin" in access and role == "admin")
            or ("clerk" in access and role == "clerk") or (below and role == "clerk_above")
            or ("any_clerk" in access and role in ("clerk", "clerk_other", "clerk_above"))
            or ("deputy" in access and role == "deputy") or ("unit" in access and role == "unit"))


def _in_a_month():
    """A reply deadline a month after today in China (the server's ms_day_today)."""
    now = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)
    return (now.date() + datetime.timedelta(days=30)).isoformat()


class _World:
    ctx = None
    w = None
    error = None


W = _World()


def _cluster(srv, clerk, congress):
    """A proposed cluster of two demands of the congress, sent through the public form."""
    for _ in range(2):
        expect(Session(srv.base).post("/api/v1/demands", {"congress_id": congress, "title": "电梯坏了",
                                                          "text": "小区电梯坏了三天没人修", "litigation": False}),
               201, what="a demand")
    expect(clerk.post("/api/v1/congresses/%d/clusters/run" % congress, {}), 200, what="clusters")
    return expect(clerk.get("/api/v1/congresses/%d/clusters" % congress), 200, what="clusters")["items"][0]["id"]


def _world():
    """Congress A (its clerk, two deputies, a unit and its officer, a round in the vote phase with a draft
    poll whose scrutineer is the first deputy) under the city congress P (its clerk), and congress B (its clerk and
    a deputy); a session for each role."""
    if W.error:
        raise Failure("the shared world failed earlier: " + W.error)
    if W.w:
        return W.w
    try:
        W.ctx = Ctx("access-shared")
        srv = W.ctx.new_server()
        admin = admin_session(srv)
        top = create_congress(admin)
        a, b = create_congress(admin, level="district", parent_id=top), create_congress(admin)
        create_user(admin, "acc-clerk-a", "clerk-pass-a", "甲秘书", ["clerk"], a)
        create_user(admin, "acc-clerk-b", "clerk-pass-b", "乙秘书", ["clerk"], b)
        create_user(admin, "acc-clerk-p", "clerk-pass-p", "丁秘书", ["clerk"], top)
        clerk = login_session(srv, "acc-clerk-a", "clerk-pass-a")
        clerk_b = login_session(srv, "acc-clerk-b", "clerk-pass-b")
        deps = import_deputies(clerk, a, make_deputies(2))
        deps_b = import_deputies(clerk_b, b, make_deputies(1))
        unit = expect(clerk.post("/api/v1/congresses/%d/units" % a, {"name": "访问测试局"}), 201, what="unit")
        create_user(clerk, "acc-unit", "unit-pass-a", "丙科长", ["unit"], a, unit["id"])
        cycle, cands = make_cycle(clerk, a, [10, 20, 30])
        poll = expect(clerk.post("/api/v1/cycles/%d/polls" % cycle, {"slots": 1}), 201, what="poll")["id"]
        # the deputy is the poll's scrutineer, so the scrutineers' own routes let it past the rules too
        expect(clerk.put("/api/v1/polls/%d/scrutineers" % poll, {"scrutineer_ids": [deps[0]["id"]]}), 200,
               what="scrutineers")
        project, task, photo, report = _project(srv, clerk, a, deps, unit["id"])
        evaluation, consequence = _evaluation(srv, clerk, a, deps, unit["id"])
        # an oversight group of the project, an inspection and a letter
        dep0 = login_session(srv, deps[0]["login"], deps[0]["password"])
        group = expect(clerk.post("/api/v1/congresses/%d/oversight-groups" % a,
                                  {"name": "访问测试监督组", "scope": "project", "leader_id": deps[0]["id"],
                                   "member_ids": [], "project_ids": [project]}), 201, what="group")["id"]
        inspection = expect(dep0.post("/api/v1/oversight-groups/%d/inspections" % group,
                                      {"project_id": project, "day": "2020-01-01", "participant_ids": [deps[0]["id"]],
                                       "findings": "访问测试"}), 201, what="inspection")["id"]
        letter = expect(dep0.post("/api/v1/oversight-groups/%d/letters" % group,
                                  {"project_id": project, "body": "访问测试", "deadline": _in_a_month()}),
                        201, what="letter")
        entry = expect(dep0.post("/api/v1/deputies/%d/record/entries" % deps[0]["id"],
                                 {"kind": "training", "day": "2020-01-01", "text": "访问测试"}), 201, what="entry")
        # a station, its reception day, a house and a demand sent through the station's code (deputy 0's),
        # referred as a case to the unit
        liaison = _liaison(srv, clerk, a, deps)
        casework = expect(clerk.post("/api/v1/demands/%d/cases" % liaison["demands"],
                                     {"case_type": "standard", "unit_id": unit["id"]}), 201, what="a case")["id"]
        # a public preference poll on a round that compiles
        pcycle, _ = make_cycle(clerk, a, [10, 20], to_phase="compile")
        pref = expect(clerk.post("/api/v1/cycles/%d/preference-polls" % pcycle,
                                 {"title": "访问测试网络投票", "budget": 30, "opens_at": "2020-01-01T00:00:00Z",
                                  "closes_at": "2099-01-01T00:00:00Z"}), 201, what="preference poll")["id"]
        # open: a draft is the staff's only (404 to everyone else)
        expect(clerk.post("/api/v1/preference-polls/%d/open" % pref, {}), 200, what="open the preference poll")
        cluster = _cluster(srv, clerk, a)
        legis = _legislate(srv, clerk, a)
        # a published guidance of the district for the rounds below it
        guidance = expect(clerk.post("/api/v1/congresses/%d/guidance" % a, {"year": 2026, "title": "访问测试指导意见"}),
                          201, what="guidance")["id"]
        expect(clerk.post("/api/v1/guidance/%d/publish" % guidance, {}), 200, what="publish the guidance")
        target = _target(clerk, a, unit["id"])
        review = _review(srv, clerk, a, deps, unit["id"])
        W.w = {
            "srv": srv,
            "ids": {"congresses": a, "cycles": cycle, "candidates": cands[0], "polls": poll,
                    "users": deps[1]["id"], "projects": project, "tasks": task, "oversight-groups": group,
                    "inspections": inspection, "supervision-letters": letter["id"], "units": unit["id"],
                    "files": photo, "reports": report, "evaluations": evaluation,
                    "consequences": consequence, "deputies": deps[0]["id"], "record-entries": entry["id"],
                    "casework": casework, "preference-polls": pref, "clusters": cluster, "guidance": guidance, **liaison, **legis, **target, **review},
            "sessions": {
                "anonymous": Session(srv.base),
                "deputy": login_session(srv, deps[0]["login"], deps[0]["password"]),
                "deputy_other": login_session(srv, deps_b[0]["login"], deps_b[0]["password"]),
                "unit": login_session(srv, "acc-unit", "unit-pass-a"),
                "clerk_other": clerk_b,
                "clerk_above": login_session(srv, "acc-clerk-p", "clerk-pass-p"),
                "clerk": clerk,
                "admin": admin,
            },
        }
        return W.w
    except Failure as e:
        W.error = str(e)
        raise


_PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154789c63f8cf"
                     "c0000003010100c9fe92ef0000000049454e44ae426082")


def _project(srv, clerk, congress, deps, unit):
    """A project of congress A under delivery, red (its plan's dates long past, no report), with its task: a
    round voted (both deputies, the first the scrutineer), closed, moved to 实施, its plan published."""
    cycle, cands = make_cycle(clerk, congress, [10, 20, 30], unit_id=unit)
    poll = expect(clerk.post("/api/v1/cycles/%d/polls" % cycle, {"slots": 1}), 201, what="poll")["id"]
    checkin(clerk, poll, [d["id"] for d in deps])
    sessions = [login_session(srv, d["login"], d["password"]) for d in deps]
    name_scrutineers(clerk, poll, [(deps[0]["id"], sessions[0])])
    expect(post_open(clerk, poll), 200, what="open")
    for s in sessions:
        cast(s, poll, [cands[0]])
    close_poll(clerk, poll)
    expect(clerk.post("/api/v1/cycles/%d/phase" % cycle, {"phase": "implement"}), 200, what="implement")
    project = expect(clerk.get("/api/v1/cycles/%d/projects" % cycle), 200)["items"][0]["id"]
    expect(clerk.put("/api/v1/projects/%d/plan" % project,
                     {"targets": "加装电梯", "start_on": "2020-01-01", "finish_on": "2020-12-31", "budget": 10}),
           200, what="plan")
    expect(clerk.post("/api/v1/projects/%d/plan/publish" % project), 200, what="publish")
    task = expect(clerk.get("/api/v1/congresses/%d/tasks" % congress), 200)["items"][0]["id"]
    # a published report with a photo (a 1×1 PNG)
    photo = expect(clerk.request("POST", "/api/v1/projects/%d/files" % project, raw=_PNG,
                                 headers={"Content-Type": "application/octet-stream"}), 201, what="a photo")["id"]
    report = expect(clerk.post("/api/v1/projects/%d/reports" % project,
                               {"body": "访问测试", "percent_done": 5, "spent": 1, "attachment_ids": [photo]}), 201,
                    what="a report")["id"]
    expect(clerk.post("/api/v1/reports/%d/publish" % report), 200, what="publish the report")
    return project, task, photo, report


def _evaluation(srv, clerk, congress, deps, unit):
    """A closed evaluation of a round in 评议 whose vote made one project, rated dissatisfied, and the talk
    with its unit's head that the congress's rule makes of it."""
    cycle, cands = make_cycle(clerk, congress, [10, 20], unit_id=unit)
    poll = expect(clerk.post("/api/v1/cycles/%d/polls" % cycle, {"slots": 1}), 201, what="poll")["id"]
    checkin(clerk, poll, [d["id"] for d in deps])
    sessions = [login_session(srv, d["login"], d["password"]) for d in deps]
    name_scrutineers(clerk, poll, [(deps[0]["id"], sessions[0])])
    expect(post_open(clerk, poll), 200, what="open")
    for s in sessions:
        cast(s, poll, [cands[0]])
    close_poll(clerk, poll)
    for phase in ("implement", "evaluate"):
        expect(clerk.post("/api/v1/cycles/%d/phase" % cycle, {"phase": phase}), 200, what=phase)
    expect(clerk.put("/api/v1/congresses/%d/consequence-rules" % congress,
                     {"rules": [{"verdict": "dissatisfied", "kind": "talk", "days": 0, "points": 0, "public": True}]}),
           200, what="consequence rules")
    ev = expect(clerk.post("/api/v1/cycles/%d/evaluations" % cycle,
                           {"composite": {"components": [{"name": "公众调查", "weight": 1, "source": "survey"}]}}),
                201, what="evaluation")["poll"]
    checkin(clerk, ev["id"], [d["id"] for d in deps])
    name_scrutineers(clerk, ev["id"], [(deps[0]["id"], sessions[0])])
    expect(post_open(clerk, ev["id"]), 200, what="open the evaluation")
    for s in sessions:
        expect(s.post("/api/v1/polls/%d/ballot" % ev["id"], {"ratings": {str(c["id"]): "dissatisfied"
                                                                           for c in ev["candidates"]}}), 201)
    expect(clerk.post("/api/v1/evaluations/%d/close" % ev["id"],
                      {"shares": SHARES[(clerk.base, ev["id"])]}), 200, what="close the evaluation")
    cq = expect(clerk.get("/api/v1/congresses/%d/consequences" % congress), 200)["items"][0]["id"]
    return ev["id"], cq


def _liaison(srv, clerk, congress, deps):
    """A station of congress A with its first deputy, a reception day a month ahead, a house, and a demand sent
    through the station's code with a photo (so its deputy may read it and its photo)."""
    station = expect(clerk.post("/api/v1/congresses/%d/stations" % congress,
                                {"kind": "station", "name": "访问测试联络站", "deputy_ids": [deps[0]["id"]]}), 201,
                     what="station")
    rota = expect(clerk.post("/api/v1/stations/%d/rota" % station["id"],
                             {"day": _in_a_month(), "starts": "09:00", "ends": "11:00", "capacity": 5,
                              "deputy_ids": [deps[0]["id"]]}), 201, what="rota")["id"]
    house = expect(clerk.post("/api/v1/congresses/%d/houses" % congress,
                              {"label": "访问测试路1号", "deputy_id": deps[0]["id"]}), 201, what="house")["id"]
    public = Session(srv.base)
    photo = expect(public.request("POST", "/api/v1/demand-photos", raw=_PNG,
                                  headers={"Content-Type": "application/octet-stream"}), 201, what="photo")["photo"]
    demand = expect(public.post("/api/v1/demands", {"t": station["token"], "title": "访问测试", "text": "访问测试",
                                                    "photo": photo, "litigation": False}), 201, what="demand")["id"]
    return {"stations": station["id"], "rota": rota, "houses": house, "demands": demand}


def _target(clerk, congress, unit):
    """A published target list with a task, and a value reported for it."""
    lst = expect(clerk.post("/api/v1/congresses/%d/target-lists" % congress, {"year": 2026, "title": "访问测试任务清单"}),
                 201, what="a target list")["id"]
    task = expect(clerk.post("/api/v1/target-lists/%d/tasks" % lst, {"code": "1", "title": "访问测试任务", "target": "10",
                                                                      "lead_unit_id": unit}), 201)["items"][0]["id"]
    expect(clerk.post("/api/v1/target-lists/%d/publish" % lst, {}), 200, what="publish the list")
    report = expect(clerk.post("/api/v1/target-tasks/%d/reports" % task, {"value": "5", "evidence": "访问测试"}),
                    201)["items"][0]["id"]
    change = expect(clerk.post("/api/v1/target-tasks/%d/changes" % task, {"target": "12", "reason": "访问测试"}),
                    201)["items"][0]["id"]
    return {"target-lists": lst, "target-tasks": task, "target-reports": report, "target-changes": change}


def _review(srv, clerk, congress, deps, unit):
    """A closed report-and-rate review of the unit, rated dissatisfied, and the rectification it put on the list."""
    rv = expect(clerk.post("/api/v1/congresses/%d/reviews" % congress,
                           {"title": "访问测试述职评议", "year": 2026, "held_on": "2026-06-01",
                            "units": [{"unit_id": unit, "head": "访问测试局长"}]}), 201, what="review")
    poll, cand = rv["poll_id"], rv["units"][0]["candidate_id"]
    sessions = [login_session(srv, d["login"], d["password"]) for d in deps]
    checkin(clerk, poll, [d["id"] for d in deps])
    name_scrutineers(clerk, poll, [(deps[0]["id"], sessions[0])])
    expect(post_open(clerk, poll), 200, what="open the review")
    for s in sessions:
        expect(s.post("/api/v1/polls/%d/ballot" % poll, {"ratings": {str(cand): "dissatisfied"}}), 201)
    expect(clerk.post("/api/v1/reviews/%d/close" % rv["id"], {"shares": SHARES[(clerk.base, poll)]}), 200,
           what="close the review")
    item = expect(clerk.get("/api/v1/reviews/%d/rectifications" % rv["id"]), 200)["items"][0]["id"]
    return {"reviews": rv["id"], "review-rectifications": item}


def _legislate(srv, clerk, congress):
    """A legislative contact point, a draft published for comment with a comment compiled into an opinion."""
    point = expect(clerk.post("/api/v1/congresses/%d/legis-points" % congress, {"name": "访问测试联系点"}), 201)["id"]
    draft = expect(clerk.post("/api/v1/congresses/%d/drafts" % congress,
                              {"title": "访问测试条例（草案）", "issuer": "访问测试", "closes_on": _in_a_month(),
                               "text": "第一条 访问测试。"}), 201, what="draft")["id"]
    expect(clerk.post("/api/v1/drafts/%d/open" % draft, {}), 200, what="open the draft")
    comment = expect(Session(srv.base).post("/api/v1/drafts/%d/comments" % draft, {"article_no": 1, "text": "访问测试"}),
                     201, what="a comment")["id"]
    opinion = expect(clerk.post("/api/v1/drafts/%d/opinions" % draft,
                                {"article_no": 1, "text": "访问测试", "comment_ids": [comment]}), 201)["id"]
    return {"legis-points": point, "drafts": draft, "legis-opinions": opinion}


def teardown_module():
    if W.ctx is not None:
        W.ctx.failed = bool(W.error)
        W.ctx.cleanup()


def _check_route(pattern, method, op):
    w = _world()
    first = pattern.strip("/").split("/")[0]
    path = "/api/v1" + pattern.replace("{id}", str(w["ids"].get(first, 1)))
    access = op.get("x-access") or []
    check(access, "%s %s declares no access" % (method, pattern))
    wrong = []
    for role in ROLES:
        s = w["sessions"][role]
        r = s.get(path) if method == "GET" else s.request(method, path, PROBE)
        may = allowed(access, role, op.get("x-read-below", False))
        if not may:
            want = (401, "unauthenticated") if role == "anonymous" else (403, "forbidden")
            ok = (r.status, r.code) == want
        elif method == "GET":
            want = "not 401/403/404/5xx"
            ok = r.status not in (401, 403, 404) and r.status < 500
        elif "application/octet-stream" in (op.get("requestBody") or {}).get("content", {}):
            want = (422, "file_type")  # an upload: the probe is no photo, and nothing is stored
            ok = (r.status, r.code) == want
        else:
            want = (400, "unknown_field")
            ok = (r.status, r.code) == want
        if not ok:
            wrong.append("%s: got %s %s, want %s" % (role, r.status, r.code, want))
    check(not wrong, "%s %s (access %s): %s" % (method, pattern, "+".join(access), "; ".join(wrong)))


def _schema():
    return json.loads(cli(["api-schema"]).stdout)


def _make_test(pattern, method, op):
    def test(ctx):
        _check_route(pattern, method, op)
    test.__name__ = "test_" + op["operationId"]
    test.__doc__ = "%s %s: who may call it is what x-access (%s) says" % (
        method, pattern, "+".join(op.get("x-access") or ["none"]))
    test.__module__ = __name__
    return test


for _pattern, _item in sorted(_schema()["paths"].items()):
    for _method, _op in sorted(_item.items()):
        _t = _make_test(_pattern, _method.upper(), _op)
        globals()[_t.__name__] = _t


def test_zz_schema_covers_every_route(ctx):
    """the schema lists the 35 routes of the server, each with access, error codes and a success answer"""
    doc = _schema()
    ops = [(p, m, op) for p, item in doc["paths"].items() for m, op in item.items()]
    check(len(ops) >= 35, "the schema lists %d operations" % len(ops))
    for p, m, op in ops:
        check(op.get("x-access") and op.get("x-error-codes") and
              any(k in op.get("responses", {}) for k in ("200", "201")),
              "%s %s lacks access, error codes or a success answer" % (m, p), op)
    codes = [c["code"] for c in doc["x-error-catalogue"]]
    check(len(codes) == len(set(codes)), "a code appears twice in the catalogue",
          sorted(c for c in codes if codes.count(c) > 1))
    for c in doc["x-error-catalogue"]:
        check(c["zh"] and c["en"] and 400 <= c["status"] < 600, "a catalogue entry is incomplete", c)
