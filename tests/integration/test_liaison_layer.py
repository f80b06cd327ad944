"""Issue 14's open items 5–7, each held here on both engines: escalation counts each change of lead unit (A→B→A is
three units); co-signing a suggestion is an invitation the invited deputy accepts or declines, and only those who
accepted count, give feedback and are waited for; the congress's casework list is paged (SQL does the filters); the
desk and the home visit refuse matters in litigation as the public form does; a photo's upload and a deputy code's
making are audited (never who sent it), and photos no demand took are swept by the daily run; a reception held is
recorded after the fact and counts in the reception check; a deputy may not assign a unit when referring."""
import datetime
import urllib.parse

from harness import check, cli, db_query, expect, uniq
from liaison_world import dep, png, world
from test_casework import _demand, _new_case, _world


def _audit(db, action):
    return db_query(db, "SELECT congress_id, object, detail FROM audit WHERE action = ? ORDER BY id", (action,))


def test_escalation_counts_each_change_of_lead_unit(ctx):
    """A, returned, B, returned, A again: passed among three units — escalated (PRACTICE.md: "passed among 3
    units"); the rule in words says how units are counted"""
    w = _world(ctx)
    case, _ = _new_case(w, unit=w.units[0])
    cid = case["id"]
    expect(w.off[0].post("/api/v1/casework/%d/return" % cid, {"reason": "非本单位"}), 200)
    got = expect(w.clerk.post("/api/v1/casework/%d/assign" % cid, {"unit_id": w.units[1]}), 200)
    check(got["units"] == 2 and not got["escalated"], "B is the second", got)
    expect(w.off[1].post("/api/v1/casework/%d/return" % cid, {"reason": "非本单位"}), 200)
    got = expect(w.clerk.post("/api/v1/casework/%d/assign" % cid, {"unit_id": w.units[0]}), 200)
    check(got["units"] == 3 and got["escalated"] and got["escalated_why"] == "units", "A again: escalated", got)
    words = expect(w.clerk.get("/api/v1/congresses/%d/casework-settings" % w.congress), 200)["words"]
    check("甲→乙→甲计3个" in words["zh"] and "A to B and back to A is 3" in words["en"], "the count in words", words)


def test_cosigning_is_by_invitation(ctx):
    """the filer's co-signers are invited, not signed: they see the invitation, accept or decline; one not invited
    cannot answer; a declined or silent invitee neither counts, nor gives feedback, nor keeps the suggestion open"""
    w = _world(ctx)
    d = [x["id"] for x in w.deputies]
    url = "/api/v1/congresses/%d/suggestions" % w.congress
    a = expect(w.dep[0].post(url, {"title": "加装电梯%d" % uniq(), "text": "老旧小区加装电梯", "cosigners": [d[1], d[2]]}), 201)
    check(a["signers"] == 1 and {s["deputy_id"]: s["status"] for s in a["signer_list"]}
          == {d[0]: "accepted", d[1]: "invited", d[2]: "invited"}, "invited, not signed", a)
    inv = expect(w.dep[1].get("/api/v1/congresses/%d/suggestion-invitations" % w.congress), 200)["items"]
    check([i["id"] for i in inv] == [a["id"]], "deputy 1 sees the invitation", inv)
    mine = expect(w.dep[1].get("/api/v1/congresses/%d/my-suggestions" % w.congress), 200)["items"]
    check(mine == [], "not yet among its suggestions", mine)
    expect(w.dep[1].get("/api/v1/casework/%d" % a["id"]), 200, what="the invited reads it to decide")
    got = expect(w.dep[1].post("/api/v1/casework/%d/invitation/decline" % a["id"], {}), 200)
    check(got["signers"] == 1, "declined: not a signer", got)
    expect(w.dep[1].post("/api/v1/casework/%d/invitation/accept" % a["id"], {}), 409, "no_invitation",
           what="answered already")
    b = expect(w.dep[1].post(url, {"title": "另一建议%d" % uniq(), "text": "x"}), 201)
    expect(w.dep[0].post("/api/v1/casework/%d/invitation/accept" % b["id"], {}), 409, "no_invitation",
           what="not invited")
    # deputy 2 never answers: the clerk assigns, the unit answers A, deputy 0 alone is asked and closes it
    expect(w.clerk.post("/api/v1/casework/%d/assign" % a["id"], {"unit_id": w.units[0]}), 200)
    expect(w.dep[2].post("/api/v1/casework/%d/invitation/accept" % a["id"], {}), 409, "case_state",
           what="too late to sign once assigned")
    check(expect(w.dep[2].get("/api/v1/congresses/%d/suggestion-invitations" % w.congress), 200)["items"] == [],
          "a lapsed invitation is no longer shown")
    expect(w.off[0].post("/api/v1/casework/%d/reply" % a["id"], {"class": "A", "text": "已实施"}), 200)
    expect(w.dep[2].post("/api/v1/casework/%d/feedback" % a["id"], {"rating": "dissatisfied", "met": False}), 403,
           "not_a_signer", what="one who never signed")
    got = expect(w.dep[0].post("/api/v1/casework/%d/feedback" % a["id"], {"rating": "satisfied", "met": True}), 200)
    check(got["status"] == "closed", "every signer (only deputy 0) answered: closed", got)
    acts = [r[0] for r in db_query(w.db, "SELECT action FROM audit WHERE action LIKE 'suggestion.invitation%'")]
    check(acts == ["suggestion.invitation_decline"], "the answer audited", acts)


def test_a_deputy_refers_but_does_not_assign(ctx):
    """the unit at once is the staff's: a deputy naming one is refused and no case is left behind; a unit's queue is
    its own officers' and the staff's"""
    w = _world(ctx)
    dm = _demand(w, deputy=0)
    expect(w.dep[0].post("/api/v1/demands/%d/cases" % dm["id"], {"case_type": "standard", "unit_id": w.units[0]}),
           403, "not_your_demand")
    n = int(db_query(w.db, "SELECT count(*) FROM casework WHERE demand_id = ?", (dm["id"],))[0][0])
    check(n == 0, "no case left", n)
    expect(w.dep[0].post("/api/v1/demands/%d/cases" % dm["id"], {"case_type": "standard"}), 201)
    expect(w.off[1].get("/api/v1/units/%d/casework" % w.units[0]), 403, "not_your_case")
    expect(w.off[0].get("/api/v1/units/%d/casework" % w.units[0]), 200)


def test_casework_list_is_paged(ctx):
    """GET /congresses/{id}/casework answers a page with its total; ?q= searches titles; ?overdue=1 and
    ?escalated=1 are filtered before the page is cut"""
    w = _world(ctx)
    ids = [_new_case(w, unit=w.units[0], case_type="emergency")[0]["id"] for _ in range(3)]
    url = "/api/v1/congresses/%d/casework" % w.congress
    p1 = expect(w.clerk.get(url + "?per_page=2"), 200)
    p2 = expect(w.clerk.get(url + "?per_page=2&page=2"), 200)
    check(p1["total"] == 3 and len(p1["items"]) == 2 and len(p2["items"]) == 1
          and [i["id"] for i in p1["items"] + p2["items"]] == ids, "two pages", p1, p2)
    title = p1["items"][1]["title"]
    q = expect(w.clerk.get(url + "?q=" + urllib.parse.quote(title)), 200)
    check([i["id"] for i in q["items"]] == [ids[1]] and q["total"] == 1, "searched by title", q)
    check(expect(w.clerk.get(url + "?overdue=1"), 200)["total"] == 0, "nothing overdue yet")
    from test_casework import _at
    _at(ctx, w, "2025-10-02")  # an emergency case is due in 2 hours
    od = expect(w.clerk.get(url + "?overdue=1&per_page=1"), 200)
    check(od["total"] == 3 and len(od["items"]) == 1 and od["items"][0]["overdue"], "the overdue, paged", od)


def test_desk_and_visit_refuse_litigation(ctx):
    """the desk and the home visit ask, as the public form does, whether the matter is in litigation, review or
    arbitration, and refuse it with the same code; a visit with one such household keeps none"""
    w = world(ctx)
    url = "/api/v1/stations/%d/demands" % w.station["id"]
    body = {"title": "邻里纠纷", "text": "已起诉至法院", "area": w.areas[0], "litigation": True}
    r = expect(dep(w, 0).post(url, body), 422, "demand_litigation")
    check(r["error"]["field"] == "litigation", "the field", r)
    expect(dep(w, 0).post(url, {k: v for k, v in body.items() if k != "litigation"}), 400, "missing_field",
           what="the question is asked")
    n = int(db_query(w.srv.db, "SELECT count(*) FROM demand")[0][0])
    hh = [{"title": "加装电梯", "text": "老人上下楼难", "area": w.areas[0], "litigation": False},
          {"title": "劳动仲裁", "text": "已申请劳动仲裁", "area": w.areas[0], "litigation": True}]
    r = expect(dep(w, 2).post("/api/v1/congresses/%d/visits" % w.congress, {"households": hh}), 422,
               "demand_litigation")
    check(r["error"]["field"] == "households[1].litigation", "the household named", r)
    check(int(db_query(w.srv.db, "SELECT count(*) FROM demand")[0][0]) == n, "nothing kept")
    expect(dep(w, 2).post("/api/v1/congresses/%d/visits" % w.congress, {"households": hh[:1]}), 201)
    words = expect(w.public.get("/api/v1/congresses/%d/liaison-settings" % w.congress), 200)["words"]
    check("代表走访" in words["zh"] and "home visit" in words["en"], "the rule in words covers every channel", words)


def test_photos_and_codes_audited_and_swept(ctx):
    """a photo's upload is audited without who sent it; a deputy's code's first making is audited once; the daily
    run (supervise relight) removes photos no demand took within 7 days and keeps the one a demand took"""
    w = world(ctx)
    up = lambda: expect(w.public.request("POST", "/api/v1/demand-photos", raw=png(8, 8),
                                         headers={"Content-Type": "application/octet-stream"}), 201)["photo"]
    used, unused = up(), up()
    rows = _audit(w.srv.db, "demand_photo.add")
    check(len(rows) == 2 and all(r[0] is None and "127.0.0.1" not in (r[2] or "") and used not in (r[2] or "")
                                 for r in rows), "audited, without address or token", rows)
    expect(w.public.post("/api/v1/demands", {"congress_id": w.congress, "title": "路面塌陷", "text": "见照片",
                                             "area": w.areas[0], "photo": used, "litigation": False}), 201)
    for _ in range(2):
        r = dep(w, 1).get("/api/v1/deputies/%d/code?base_url=https://minsheng.example.cn" % w.dep[1])
        check(r.status == 200, "the code", r.status)
    made = _audit(w.srv.db, "deputy_code.create")
    check(len(made) == 1 and int(made[0][0]) == w.congress, "made once, audited once", made)
    later = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    cli(["supervise", "relight", "--db", w.srv.db], env={"MINSHENG_TODAY": later})
    check(int(db_query(w.srv.db, "SELECT count(*) FROM demand_photo")[0][0]) == 2, "within 7 days: kept")
    later = (datetime.date.today() + datetime.timedelta(days=9)).isoformat()
    p = cli(["supervise", "relight", "--db", w.srv.db], env={"MINSHENG_TODAY": later})
    left = int(db_query(w.srv.db, "SELECT count(*) FROM demand_photo")[0][0])
    check(left == 1, "the unused photo swept, the demand's kept", left, p.stdout)
    swept = _audit(w.srv.db, "demand_photo.sweep")
    check(len(swept) == 1 and '"removed":1' in swept[0][2].replace(" ", ""), "the sweep audited", swept)
    expect(w.public.post("/api/v1/demands", {"congress_id": w.congress, "title": "x", "text": "y", "area": w.areas[0],
                                             "photo": unused, "litigation": False}), 422, "demand_photo_unknown")


def test_reception_recorded_after_the_fact(ctx):
    """a reception held is recorded afterwards (today or up to 60 days back), with who received and how many came,
    and counts in the reception check; a published day that came is recorded once; the future and the too-old are
    refused with the window in words"""
    start = datetime.date(2026, 3, 2)
    srv = ctx.new_server(env={"MINSHENG_TODAY": start.isoformat()})
    w = world(ctx, srv)
    sid = w.station["id"]
    url = "/api/v1/stations/%d/receptions" % sid
    day = lambda n: (start + datetime.timedelta(days=n)).isoformat()
    body = {"day": day(-5), "starts": "09:00", "ends": "11:30", "deputy_ids": [w.dep[0], w.dep[1]], "residents": 12}
    got = expect(dep(w, 1).post(url, body), 201, what="a station deputy records it")
    check(got["held_residents"] == 12 and got["recorded_at"]
          and [d["id"] for d in got["deputies"]] == [w.dep[0], w.dep[1]], "recorded", got)
    expect(dep(w, 2).post(url, body), 403, "not_your_demand", what="not the station's deputy")
    expect(w.clerk.post(url, dict(body, day=day(-61))), 422, "reception_window")
    expect(w.clerk.post(url, dict(body, day=day(1))), 422, "reception_window")
    expect(w.clerk.post(url, dict(body, deputy_ids=[w.dep[2]])), 422, "not_station_deputy")
    chk = expect(w.clerk.get("/api/v1/congresses/%d/receptions?year=2026" % w.congress), 200)["items"]
    d0 = [i for i in chk if i["deputy_id"] == w.dep[0]][0]
    check(d0["held"] == 1, "counted in the check", d0)
    rota = expect(w.clerk.post("/api/v1/stations/%d/rota" % sid, {"day": day(3), "starts": "14:00", "ends": "16:00",
                                                                   "capacity": 10, "deputy_ids": [w.dep[0], w.dep[1]]}),
                  201)["id"]
    held = {"deputy_ids": [w.dep[1]], "residents": 7}
    expect(w.clerk.post("/api/v1/rota/%d/held" % rota, held), 422, "reception_window", what="not yet come")
    w.srv.stop()
    w.srv = ctx.add_server(w.srv.db, env={"MINSHENG_TODAY": day(4)}, name="later")
    from harness import login_session
    w.clerk = login_session(w.srv, "lclerk%d" % w.congress, "clerk-pass-l")
    got = expect(w.clerk.post("/api/v1/rota/%d/held" % rota, held), 200)
    check(got["held_residents"] == 7 and [d["id"] for d in got["deputies"]] == [w.dep[1]], "who received", got)
    expect(w.clerk.post("/api/v1/rota/%d/held" % rota, held), 409, "reception_recorded")
    rows = _audit(w.srv.db, "rota.held")
    check(len(rows) == 2 and all('"residents"' in r[2] for r in rows), "each audited", rows)
    words = expect(w.clerk.get("/api/v1/congresses/%d/liaison-settings" % w.congress), 200)["words"]
    check("事后登记" in words["zh"] and "after the fact" in words["en"], "the rule in words", words)


def _later(ctx, w, today):
    """the same world's database served with MINSHENG_TODAY = today, the clerk logged in again"""
    from harness import login_session
    w.srv.stop()
    w.srv = ctx.add_server(w.srv.db, env={"MINSHENG_TODAY": today}, name="at%s" % today)
    w.clerk = login_session(w.srv, "lclerk%d" % w.congress, "clerk-pass-l")
    w.sessions = {}
    from client import Session
    w.public = Session(w.srv.base)


def test_receptions_count_once(ctx):
    """the reception check cannot be inflated: a published day is marked held, not recorded again (409
    reception_on_rota); a deputy records only a reception they received at and, marking a published day held, only
    confirms some of the deputies planned, themselves among them (403 reception_own), the change audited before and
    after; the check counts each deputy once a day"""
    start = datetime.date(2026, 3, 2)
    srv = ctx.new_server(env={"MINSHENG_TODAY": start.isoformat()})
    w = world(ctx, srv)
    sid = w.station["id"]
    expect(w.clerk.put("/api/v1/stations/%d" % sid, {"kind": "station", "name": "江北代表联络站", "address": "江北路1号",
                                                    "area": "江北街道", "deputy_ids": w.dep}), 200)
    url = "/api/v1/stations/%d/receptions" % sid
    day = lambda n: (start + datetime.timedelta(days=n)).isoformat()
    body = {"day": day(-5), "starts": "09:00", "ends": "11:30", "deputy_ids": [w.dep[0]], "residents": 12}
    expect(dep(w, 1).post(url, body), 403, "reception_own", what="a deputy records another's reception")
    expect(w.clerk.post(url, body), 201)
    r = expect(w.clerk.post(url, dict(body, starts="10:00", ends="12:00")), 409, "reception_on_rota",
               what="the same reception again")
    check(r["error"]["field"] == "day", "the day named", r)
    expect(dep(w, 0).post(url, dict(body, starts="11:00", ends="12:00")), 409, "reception_on_rota")
    expect(dep(w, 0).post(url, dict(body, starts="14:00", ends="15:00")), 201, what="an afternoon reception")
    # two published receptions on one day, the same deputy on both
    rota = lambda at, ids: expect(w.clerk.post("/api/v1/stations/%d/rota" % sid, {
        "day": day(3), "starts": at, "ends": at[:3] + "50", "capacity": 5, "deputy_ids": ids}), 201)["id"]
    am, pm = rota("09:00", [w.dep[0], w.dep[1]]), rota("14:00", [w.dep[0], w.dep[1]])
    chk = {i["deputy_id"]: i for i in expect(w.clerk.get("/api/v1/congresses/%d/receptions?year=2026" % w.congress),
                                             200)["items"]}
    check(chk[w.dep[0]]["held"] == 1 and chk[w.dep[0]]["scheduled"] == 1, "one a day, held and scheduled", chk)
    _later(ctx, w, day(4))
    expect(dep(w, 1).post(url, {"day": day(3), "starts": "09:30", "ends": "10:30", "deputy_ids": [w.dep[1]],
                                "residents": 3}), 409, "reception_on_rota", what="a published day recorded anew")
    held = lambda ids: {"deputy_ids": ids, "residents": 4}
    expect(dep(w, 1).post("/api/v1/rota/%d/held" % am, held([w.dep[1], w.dep[2]])), 403, "reception_own",
           what="a deputy adds one not planned")
    expect(dep(w, 1).post("/api/v1/rota/%d/held" % am, held([w.dep[0]])), 403, "reception_own",
           what="a deputy names others only")
    expect(dep(w, 2).post("/api/v1/rota/%d/held" % am, held([w.dep[2]])), 403, "reception_own",
           what="a deputy not planned")
    got = expect(dep(w, 1).post("/api/v1/rota/%d/held" % am, held([w.dep[1]])), 200)
    check([d["id"] for d in got["deputies"]] == [w.dep[1]], "a subset with themselves", got)
    expect(dep(w, 0).post("/api/v1/rota/%d/held" % pm, held([w.dep[0], w.dep[1]])), 200, what="as planned")
    rows = _audit(w.srv.db, "rota.held")
    detail = lambda r: __import__("json").loads(r[2])
    check(detail(rows[-2]).get("deputy_ids_before") == [w.dep[0], w.dep[1]] and detail(rows[-2])["deputy_ids"]
          == [w.dep[1]] and "deputy_ids_before" not in detail(rows[-1]), "the change audited before and after", rows)
    chk = {i["deputy_id"]: i for i in expect(w.clerk.get("/api/v1/congresses/%d/receptions?year=2026" % w.congress),
                                             200)["items"]}
    check(chk[w.dep[0]]["held"] == 2 and chk[w.dep[1]]["held"] == 1, "each deputy once a day", chk)
    words = expect(w.public.get("/api/v1/congresses/%d/liaison-settings" % w.congress), 200)["words"]
    check("本人" in words["zh"] and "themselves" in words["en"], "the deputy's rule in words", words)


def test_a_held_day_takes_no_bookings(ctx):
    """a reception day recorded as held is over: the public rota says so (held) and a booking is refused (409
    rota_held)"""
    start = datetime.date(2026, 3, 2)
    srv = ctx.new_server(env={"MINSHENG_TODAY": start.isoformat()})
    w = world(ctx, srv)
    sid = w.station["id"]
    day = (start + datetime.timedelta(days=3)).isoformat()
    rid = expect(w.clerk.post("/api/v1/stations/%d/rota" % sid, {"day": day, "starts": "09:00", "ends": "11:00",
                                                                  "capacity": 5, "deputy_ids": [w.dep[0]]}), 201)["id"]
    items = expect(w.public.get("/api/v1/stations/%d/rota" % sid), 200)["items"]
    check([i["held"] for i in items] == [False], "open for booking", items)
    _later(ctx, w, day)
    expect(w.clerk.post("/api/v1/rota/%d/held" % rid, {"deputy_ids": [w.dep[0]], "residents": 2}), 200)
    items = expect(w.public.get("/api/v1/stations/%d/rota" % sid), 200)["items"]
    check([i["held"] for i in items] == [True], "held, on the public rota", items)
    expect(w.public.post("/api/v1/rota/%d/bookings" % rid, {"name": "张三", "phone": "13800000000", "topic": "路灯"}),
           409, "rota_held")
    check(int(db_query(w.srv.db, "SELECT count(*) FROM booking")[0][0]) == 0, "no booking kept")


def test_cosigning_after_declining(ctx):
    """a deputy who declined may change their mind and co-sign while signing is open (their row becomes accepted);
    co-signing twice, or after the clerk assigned it, is refused — never a 200 that changes nothing"""
    w = _world(ctx)
    d = [x["id"] for x in w.deputies]
    url = "/api/v1/congresses/%d/suggestions" % w.congress
    a = expect(w.dep[0].post(url, {"title": "增设公交站%d" % uniq(), "text": "公交站太远", "cosigners": [d[1], d[2]]}), 201)
    expect(w.dep[1].post("/api/v1/casework/%d/invitation/decline" % a["id"], {}), 200)
    expect(w.dep[2].post("/api/v1/casework/%d/invitation/decline" % a["id"], {}), 200)
    got = expect(w.dep[1].post("/api/v1/casework/%d/cosign" % a["id"], {}), 200)
    check(got["signers"] == 2 and {s["deputy_id"]: s["status"] for s in got["signer_list"]}[d[1]] == "accepted",
          "declined, then co-signed: accepted", got)
    expect(w.dep[1].post("/api/v1/casework/%d/cosign" % a["id"], {}), 409, "already_signed", what="twice")
    expect(w.dep[0].post("/api/v1/casework/%d/cosign" % a["id"], {}), 409, "already_signed", what="the filer")
    expect(w.clerk.post("/api/v1/casework/%d/assign" % a["id"], {"unit_id": w.units[0]}), 200)
    expect(w.dep[2].post("/api/v1/casework/%d/cosign" % a["id"], {}), 409, "case_state", what="too late")
    got = expect(w.clerk.get("/api/v1/casework/%d" % a["id"]), 200)
    check({s["deputy_id"]: s["status"] for s in got["signer_list"]}[d[2]] == "declined", "still declined", got)
    rows = db_query(w.db, "SELECT detail FROM audit WHERE action = 'suggestion.cosign' AND object = ?",
                    ("casework/%d" % a["id"],))
    check(len(rows) == 1 and '"declined"' in rows[0][0], "the change of mind audited", rows)
