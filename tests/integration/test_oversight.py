"""Oversight groups (监督小组, issue 12): the clerk makes a group of deputies, led by one of them, and assigns it
projects; its members inspect (视察), send supervision letters (督办函) to a project's lead unit, which answers once
before a deadline (overdue when it does not: the test clock MINSHENG_TODAY moves past it), and record special
inquiries (专题询问); deputies comment on a project. Inspections and letters are internal to the group and the staff
(letters: and the unit addressed) until the clerk publishes them; every refusal is a JSON 4xx that changes nothing."""
from client import Session
from harness import (admin_session, build_world, cast, check, close_poll, create_user, dep_session, expect, list_all,
                     login_session)

TODAY = "2026-03-01"


def _world(ctx):
    """A congress in 实施 on the test clock TODAY: two projects, five deputies (0 leads the group, 1 and 2 are
    members, 3 and 4 are not), the lead unit's officer and another unit's officer."""
    srv = ctx.new_server(env={"MINSHENG_TODAY": TODAY})
    w = build_world(ctx, n_deputies=5, costs=(100, 200, 300, 400), srv=srv)
    for i in range(5):
        cast(dep_session(w, i), w.poll, [w.cands[0], w.cands[1]])
    close_poll(w.clerk, w.poll)
    expect(w.clerk.post("/api/v1/cycles/%d/phase" % w.cycle, {"phase": "implement"}), 200, what="to implement")
    w.projects = sorted(p["id"] for p in list_all(w.clerk, "/api/v1/cycles/%d/projects" % w.cycle)[0])
    check(len(w.projects) == 2, "two projects", w.projects)
    w.unit = expect(w.clerk.get("/api/v1/projects/%d" % w.projects[0]), 200)["lead_unit_id"]
    other = expect(w.clerk.post("/api/v1/congresses/%d/units" % w.congress, {"name": "市水务局%d" % w.congress}), 201)
    w.other_unit = other["id"]
    create_user(w.clerk, "ov-unit-%d" % w.congress, "ov-unit-pass", "李科长", ["unit"], w.congress, w.unit)
    create_user(w.clerk, "ov-other-%d" % w.congress, "ov-other-pass", "赵科长", ["unit"], w.congress, w.other_unit)
    w.officer = login_session(w.srv, "ov-unit-%d" % w.congress, "ov-unit-pass")
    w.other_officer = login_session(w.srv, "ov-other-%d" % w.congress, "ov-other-pass")
    w.dep = [d["id"] for d in w.deputies]
    return w


def _group(w, **over):
    body = {"name": "民生实事监督一组", "scope": "area", "area": "江北区", "leader_id": w.dep[0],
            "member_ids": [w.dep[1], w.dep[2]], "project_ids": w.projects}
    body.update(over)
    return body


def _make_group(w, **over):
    return expect(w.clerk.post("/api/v1/congresses/%d/oversight-groups" % w.congress, _group(w, **over)), 201,
                  what="make a group")


def _actions(w, admin=None):
    audit, _ = list_all(admin or w.admin, "/api/v1/audit?congress_id=%d" % w.congress)
    return [a["action"] for a in audit]


def test_oversight_group_and_inspection(ctx):
    """a group is made and assigned projects; a member inspects, a non-member is refused (403); the public sees the
    inspection only once the clerk publishes it; refusals change nothing"""
    w = _world(ctx)
    g = _make_group(w)
    check(g["scope"] == "area" and g["area"] == "江北区" and g["leader_id"] == w.dep[0], "the group", g)
    check([m["id"] for m in g["members"]] == [w.dep[0], w.dep[1], w.dep[2]] and g["members"][0]["leader"]
          and not g["members"][1]["leader"], "the leader first, then the members", g["members"])
    check(sorted(p["id"] for p in g["projects"]) == w.projects, "both projects", g["projects"])
    url = "/api/v1/congresses/%d/oversight-groups" % w.congress
    expect(w.clerk.post(url, _group(w, name="二组", scope="project")), 422, "one_project_group",
           what="a project group of two projects")
    expect(w.clerk.post(url, _group(w, name="二组", area=None)), 422, "area_required", what="an area group, no area")
    expect(w.clerk.post(url, _group(w, name="二组", leader_id=999999)), 422, "not_a_deputy", what="leader no deputy")
    expect(w.clerk.post(url, _group(w, name="二组", member_ids=[w.officer.user["id"] if w.officer.user else 999998])),
           422, "not_a_deputy", what="a unit officer as a member")
    expect(w.clerk.post(url, _group(w, project_ids=[999999])), 422, "project_not_of_congress", what="no such project")
    expect(w.clerk.post(url, _group(w)), 409, "group_name_taken", what="the same name")
    expect(w.clerk.post(url, _group(w, name="x" * 101)), 422, "invalid_value", what="a name too long")
    expect(w.clerk.post(url, _group(w, name="二组", scope="city")), 422, what="no such scope")
    expect(dep_session(w, 0).post(url, _group(w, name="二组")), 403, "forbidden", what="a deputy makes a group")
    groups, total = list_all(w.clerk, url)
    check(total == 1 and groups[0]["id"] == g["id"], "the refusals made no group", groups)
    # a project group, for the first project only; assigning the second to it is refused
    solo = _make_group(w, name="专项监督组", scope="project", area=None, leader_id=w.dep[3], member_ids=[],
                       project_ids=[w.projects[0]])
    check(solo["area"] is None and len(solo["members"]) == 1, "a project group of its leader alone", solo)
    expect(w.clerk.post("/api/v1/oversight-groups/%d/projects" % solo["id"], {"project_ids": [w.projects[1]]}), 422,
           "one_project_group", what="a second project for a project group")
    again = expect(w.clerk.post("/api/v1/oversight-groups/%d/projects" % solo["id"], {"project_ids": [w.projects[0]]}),
                   200, what="the same project again")
    check(len(again["projects"]) == 1, "kept once", again)
    # the deputies' phones: "my groups"
    mine, n = list_all(dep_session(w, 1), "/api/v1/me/oversight-groups")
    check(n == 1 and mine[0]["id"] == g["id"] and len(mine[0]["projects"]) == 2, "a member's groups", mine)
    check(list_all(dep_session(w, 4), "/api/v1/me/oversight-groups")[1] == 0, "a deputy in no group has none")
    check(expect(dep_session(w, 4).get("/api/v1/oversight-groups/%d" % g["id"]), 200)["id"] == g["id"],
          "deputies of the congress read a group")
    expect(Session(w.srv.base).get("/api/v1/oversight-groups/%d" % g["id"]), 401, "unauthenticated", what="anonymous")
    expect(w.officer.get("/api/v1/oversight-groups/%d" % g["id"]), 403, "forbidden", what="a unit officer")

    # inspections
    p0 = w.projects[0]
    iurl = "/api/v1/oversight-groups/%d/inspections" % g["id"]
    body = {"project_id": p0, "day": "2026-02-20", "participant_ids": [w.dep[0], w.dep[1]],
            "findings": "工地围挡完好，进度与计划基本一致；排水管线尚未铺设。"}
    ins = expect(dep_session(w, 1).post(iurl, body), 201, what="a member inspects")
    check(ins["published"] is False and ins["participants"] == [w.dep[0], w.dep[1]] and ins["day"] == "2026-02-20"
          and ins["group_id"] == g["id"] and ins["created_by"] == w.dep[1], "the inspection", ins)
    expect(dep_session(w, 3).post(iurl, body), 403, "not_group_member", what="a non-member inspects")
    expect(dep_session(w, 1).post(iurl, dict(body, day="2026-03-02")), 422, "day_in_future", what="tomorrow")
    expect(dep_session(w, 1).post(iurl, dict(body, day="2026-02-30")), 422, what="no such date")
    expect(dep_session(w, 1).post(iurl, dict(body, participant_ids=[w.dep[3]])), 422, "not_a_participant",
           what="a participant outside the group")
    expect(dep_session(w, 1).post(iurl, dict(body, participant_ids=[])), 422, what="nobody took part")
    expect(dep_session(w, 1).post(iurl, dict(body, findings="x" * 10001)), 422, "invalid_value", what="too long")
    expect(dep_session(w, 1).post(iurl, dict(body, findings=" ")), 422, what="findings of white space")
    expect(dep_session(w, 3).post("/api/v1/oversight-groups/%d/inspections" % solo["id"],
                                  dict(body, project_id=w.projects[1], participant_ids=[w.dep[3]])), 422,
           "project_not_in_group", what="a project of another group")
    expect(w.clerk.post(iurl, body), 403, "forbidden", what="the clerk is no member")
    lurl = "/api/v1/projects/%d/inspections" % p0
    anon = Session(w.srv.base)
    check(list_all(anon, lurl)[1] == 0, "the public sees no internal inspection")
    check(list_all(dep_session(w, 3), lurl)[1] == 0, "nor a deputy of another group")
    check(list_all(w.officer, lurl)[1] == 0, "nor the unit")
    check(list_all(dep_session(w, 2), lurl)[1] == 1, "a member of the group sees it")
    check(list_all(w.clerk, lurl)[1] == 1, "the clerk sees it")
    expect(dep_session(w, 0).post("/api/v1/inspections/%d/publish" % ins["id"], {}), 403, "forbidden",
           what="the leader publishes")
    pub = expect(w.clerk.post("/api/v1/inspections/%d/publish" % ins["id"], {}), 200, what="publish")
    check(pub["published"] is True and pub["published_at"], "published", pub)
    expect(w.clerk.post("/api/v1/inspections/%d/publish" % ins["id"], {}), 409, "already_published", what="twice")
    seen, n = list_all(anon, lurl)
    check(n == 1 and seen[0]["findings"] == body["findings"], "the public sees it once published", seen)
    check(list_all(anon, "/api/v1/projects/%d/inspections" % w.projects[1])[1] == 0, "not on the other project")
    acts = _actions(w)
    for a in ("oversight.group_create", "oversight.group_assign", "inspection.record", "inspection.publish"):
        check(a in acts, "audited: %s" % a, acts)
    check(acts.count("inspection.record") == 1 and acts.count("oversight.group_create") == 2,
          "the refusals wrote nothing", acts)


def test_inspection_photos(ctx):
    """a member uploads photos for a project the group oversees and records an inspection with them; a deputy of
    no such group may not upload, nor may a member use another's file or one used already; until the inspection
    is published its photos are the group's and the staff's alone, then everyone's"""
    from test_report import png, upload
    w = _world(ctx)
    g = _make_group(w)
    p0 = w.projects[0]
    m1, m2, out = dep_session(w, 1), dep_session(w, 2), dep_session(w, 3)
    photo = upload(m1, p0, png(64, 48), name="现场.png", what="a member uploads")
    check(photo["kind"] == "photo" and photo["inspection_id"] is None, "a photo waiting", photo)
    upload(out, p0, png(8, 8), status=403, code="not_group_member", what="a deputy of no group")
    for who, status, what in ((out, 404, "a deputy of no group"), (w.officer, 404, "the lead unit"),
                              (m2, 404, "another member"), (m1, 200, "its uploader"), (w.clerk, 200, "the clerk")):
        r = who.get("/api/v1/files/%d" % photo["id"])
        check(r.status == status, "%s: GET a waiting upload → %d" % (what, status), r.describe(status))
    other = upload(m2, p0, png(8, 8), what="another member uploads")
    iurl = "/api/v1/oversight-groups/%d/inspections" % g["id"]
    body = {"project_id": p0, "day": "2026-02-27", "participant_ids": [w.dep[1]], "findings": "现场照片见附件。"}
    expect(m1.post(iurl, dict(body, attachment_ids=[other["id"]])), 422, "attachment_unusable",
           what="another member's file")
    expect(m1.post(iurl, dict(body, attachment_ids=[999999])), 422, "attachment_unusable", what="no such file")
    check(list_all(w.clerk, "/api/v1/projects/%d/inspections" % p0)[1] == 0, "the refusals recorded nothing")
    ins = expect(m1.post(iurl, dict(body, attachment_ids=[photo["id"]])), 201, what="inspected with a photo")
    check([f["id"] for f in ins["files"]] == [photo["id"]] and ins["files"][0]["inspection_id"] == ins["id"],
          "the inspection carries its photo", ins)
    expect(m1.post(iurl, dict(body, attachment_ids=[photo["id"]])), 422, "attachment_unusable", what="used twice")
    path = "/api/v1/files/%d" % photo["id"]
    anon = Session(w.srv.base)
    for who, status, what in ((anon, 404, "the public"), (out, 404, "a deputy of no group"),
                              (w.officer, 404, "the lead unit"), (m2, 200, "a member"), (w.clerk, 200, "the clerk")):
        r = who.get(path)
        check(r.status == status, "%s: GET the unpublished inspection's photo → %d" % (what, status), r.describe(status))
    expect(w.clerk.post("/api/v1/inspections/%d/publish" % ins["id"], {}), 200, what="publish")
    for p in (path, path + "/thumb"):
        r = anon.get(p)
        check(r.status == 200 and r.body[:2] == b"\xff\xd8", "published: the public gets %s" % p, r.describe(200))
    seen = list_all(anon, "/api/v1/projects/%d/inspections" % p0)[0]
    check(seen[0]["files"][0]["id"] == photo["id"], "listed with its photo", seen)


def test_oversight_letters(ctx):
    """a member sends a letter to the project's lead unit; only that unit's officers see and answer it, once; past
    its deadline (the test clock moved, the server restarted on the same database) it is overdue for the clerk until
    answered; the public sees it once published"""
    w = _world(ctx)
    g = _make_group(w)
    p0 = w.projects[0]
    url = "/api/v1/oversight-groups/%d/letters" % g["id"]
    body = {"project_id": p0, "body": "请于3月10日前书面说明排水管线延误原因及整改计划。", "deadline": "2026-03-10"}
    expect(dep_session(w, 2).post(url, dict(body, deadline=TODAY)), 422, "deadline_not_after", what="deadline today")
    expect(dep_session(w, 2).post(url, dict(body, deadline="2027-03-10")), 422, "deadline_not_after",
           what="a deadline over a year away")
    expect(dep_session(w, 3).post(url, body), 403, "not_group_member", what="a non-member")
    expect(w.officer.post(url, body), 403, "forbidden", what="a unit officer")
    expect(dep_session(w, 2).post(url, dict(body, body="")), 422, what="an empty letter")
    letter = expect(dep_session(w, 2).post(url, body), 201, what="a member sends a letter")
    check(letter["unit_id"] == w.unit and letter["sent_on"] == TODAY and letter["deadline"] == "2026-03-10"
          and letter["reply"] is None and letter["overdue"] is False and letter["published"] is False,
          "the letter goes to the lead unit, dated today", letter)
    purl = "/api/v1/projects/%d/letters" % p0
    anon = Session(w.srv.base)
    check(list_all(anon, purl)[1] == 0, "the public does not see it")
    check(list_all(w.officer, purl)[1] == 1, "the unit addressed sees it")
    check(list_all(w.other_officer, purl)[1] == 0, "another unit does not")
    check(list_all(dep_session(w, 4), purl)[1] == 0, "a deputy outside the group does not")
    check(list_all(w.officer, "/api/v1/units/%d/letters" % w.unit)[1] == 1, "the unit's letters")
    expect(w.other_officer.get("/api/v1/units/%d/letters" % w.unit), 403, "not_your_unit",
           what="another unit's letters")
    check(list_all(w.clerk, "/api/v1/units/%d/letters" % w.unit)[1] == 1, "the clerk reads a unit's letters")
    check(list_all(w.clerk, "/api/v1/congresses/%d/letters/overdue" % w.congress)[1] == 0, "nothing overdue yet")
    rurl = "/api/v1/supervision-letters/%d/reply" % letter["id"]
    expect(w.other_officer.post(rurl, {"reply": "不是我们的项目"}), 403, "not_your_unit", what="another unit replies")
    expect(dep_session(w, 2).post(rurl, {"reply": "代答"}), 403, "forbidden", what="a deputy replies")

    # the clock moves past the deadline: the same database, a server whose today is 2026-03-11
    w.srv.stop()
    srv = ctx.add_server(w.srv.db, env={"MINSHENG_TODAY": "2026-03-11"})
    clerk = login_session(srv, w.clerk_login, w.clerk_password)
    officer = login_session(srv, "ov-unit-%d" % w.congress, "ov-unit-pass")
    late, n = list_all(clerk, "/api/v1/congresses/%d/letters/overdue" % w.congress)
    check(n == 1 and late[0]["id"] == letter["id"] and late[0]["overdue"] is True, "the letter is overdue", late)
    expect(officer.post(rurl, {"reply": " "}), 422, what="a blank reply")
    ans = expect(officer.post(rurl, {"reply": "已完成原因分析，管线将于3月20日前铺设完毕。"}), 200, what="the unit replies")
    check(ans["reply"].startswith("已完成") and ans["replied_by"] and ans["overdue"] is False, "answered", ans)
    r = expect(officer.post(rurl, {"reply": "补充说明"}), 409, "already_replied", what="a second reply")
    check(str(letter["id"]) in r["error"]["message_zh"], "the refusal names the letter", r)
    check(expect(clerk.get("/api/v1/units/%d/letters" % w.unit), 200)["items"][0]["reply"] == ans["reply"],
          "the second reply changed nothing")
    check(list_all(clerk, "/api/v1/congresses/%d/letters/overdue" % w.congress)[1] == 0, "no longer overdue")
    anon = Session(srv.base)
    check(list_all(anon, purl)[1] == 0, "still internal")
    expect(clerk.post("/api/v1/supervision-letters/%d/publish" % letter["id"], {}), 200, what="publish the letter")
    pub, n = list_all(anon, purl)
    check(n == 1 and pub[0]["reply"] == ans["reply"] and pub[0]["published"] is True, "the public sees it", pub)
    expect(clerk.post("/api/v1/supervision-letters/%d/publish" % letter["id"], {}), 409, "already_published",
           what="published twice")
    acts = _actions(w, admin_session(srv))
    check(acts.count("letter.send") == 1 and acts.count("letter.reply") == 1 and "letter.publish" in acts,
          "each write audited once", acts)


def test_oversight_inquiry_and_comments(ctx):
    """a special inquiry with its questions and answers in order, seen by the group and the staff only; deputies
    comment on a project, read by deputies, the staff and the project's own unit"""
    w = _world(ctx)
    g = _make_group(w)
    p0 = w.projects[0]
    url = "/api/v1/oversight-groups/%d/inquiries" % g["id"]
    qa = [{"asked_by": w.dep[1], "question": "管线铺设为何延误？", "answered_by": "市交通运输局局长 张三",
           "answer": "受雨季影响，已调整工期。"},
          {"asked_by": w.dep[2], "question": "资金是否到位？", "answered_by": "市财政局副局长 李四",
           "answer": "已拨付八成。"}]
    body = {"project_id": p0, "day": "2026-02-28", "title": "关于排水管线建设进度的专题询问", "qa": qa}
    inq = expect(dep_session(w, 0).post(url, body), 201, what="the leader records an inquiry")
    check(inq["qa"] == qa and inq["title"] == body["title"] and inq["day"] == "2026-02-28", "kept in order", inq)
    expect(dep_session(w, 0).post(url, dict(body, qa=[dict(qa[0], asked_by=999999)])), 422, "not_a_deputy",
           what="asked by no deputy")
    expect(dep_session(w, 0).post(url, dict(body, qa=[])), 422, what="no questions")
    expect(dep_session(w, 0).post(url, dict(body, qa=[dict(qa[0], extra=1)])), 400, "unknown_field",
           what="an unknown key in a question")
    expect(dep_session(w, 0).post(url, dict(body, qa=[dict(qa[0], answer="")])), 422, what="an empty answer")
    expect(dep_session(w, 0).post(url, dict(body, day="2026-03-05")), 422, "day_in_future", what="a future inquiry")
    expect(dep_session(w, 3).post(url, body), 403, "not_group_member", what="a non-member")
    by_clerk = expect(w.clerk.post(url, dict(body, title="第二次专题询问")), 201, what="the clerk records one")
    check(by_clerk["qa"] == qa, "the clerk's inquiry", by_clerk)
    lurl = "/api/v1/projects/%d/inquiries" % p0
    check(list_all(dep_session(w, 2), lurl)[1] == 2, "a member reads them")
    check(list_all(w.clerk, lurl)[1] == 2, "the clerk reads them")
    check(list_all(dep_session(w, 4), lurl)[1] == 0, "a deputy outside the group reads none")
    expect(Session(w.srv.base).get(lurl), 401, "unauthenticated", what="the public")
    expect(w.officer.get(lurl), 403, "forbidden", what="the unit")

    curl = "/api/v1/projects/%d/comments" % p0
    c = expect(dep_session(w, 4).post(curl, {"body": "建议施工期间增设临时便道。"}), 201, what="a deputy comments")
    check(c["user_id"] == w.dep[4] and c["user_name"] and c["project_id"] == p0, "the comment", c)
    expect(dep_session(w, 4).post(curl, {"body": ""}), 422, what="an empty comment")
    expect(dep_session(w, 4).post(curl, {"body": "x" * 2001}), 422, "invalid_value", what="a comment too long")
    expect(w.clerk.post(curl, {"body": "秘书意见"}), 403, "forbidden", what="the clerk comments")
    expect(w.officer.post(curl, {"body": "单位意见"}), 403, "forbidden", what="the unit comments")
    check(list_all(dep_session(w, 1), curl)[1] == 1, "deputies read comments")
    check(list_all(w.clerk, curl)[1] == 1, "the clerk reads comments")
    check(list_all(w.officer, curl)[1] == 1, "the project's unit reads comments")
    expect(w.other_officer.get(curl), 403, "not_your_unit", what="another unit")
    expect(Session(w.srv.base).get(curl), 401, "unauthenticated", what="the public")
    acts = _actions(w)
    check(acts.count("inquiry.record") == 2 and acts.count("project.comment") == 1, "audited once each", acts)
