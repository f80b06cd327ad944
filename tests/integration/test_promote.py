"""From demands to candidates (群众提, issue 14): a round's collection window (征集期) in words; the demands put
forward for the candidates; staff promote one or several demands into a candidate of a round that collects or
compiles, and the candidate names them as its sources — counted by channel and deputy for the public, listed for
staff without contact details — while each demand gets a step naming the candidate; the trace survives the reserve
pool (a candidate taken into a later round still shows who first asked); refusals: a refused demand, another
congress's, one listed twice, one already in the round, a round past compile, the wrong role.

The demands come through the intake's own routes (the form, QR codes, a home visit) and triage."""
import datetime
from urllib.parse import quote

from client import Session
from harness import (admin_session, cast, check, checkin, close_poll, create_congress, create_user, db_query,
                     dep_session, expect, import_deputies, list_all, login_session, make_cycle, make_deputies, World)
from scrutineers import name_scrutineers, post_open

def _form(w, title, **kw):
    """A demand through the public form (or a QR token `t`): its id."""
    body = {"title": title, "text": "说明", "area": "江北区", "litigation": False}
    body.update(kw)
    if "t" not in body:
        body["congress_id"] = w.congress
    return expect(w.public.post("/api/v1/demands", body), 201, what="demand " + title)["id"]


def _triage(w, demand, outcome, note="经核实"):
    expect(w.clerk.post("/api/v1/demands/%d/triage" % demand, {"outcome": outcome, "note": note}), 200,
           what="triage %s" % outcome)


def _world(ctx):
    """Congress A: a clerk, three deputies, a station of deputy 0; its demands through the form (two), deputy 0's
    home visit, deputy 1's QR code and the station's code; one put forward, one refused; a demand of congress B."""
    w = World()
    w.srv = ctx.new_server()
    w.admin = admin_session(w.srv)
    w.congress = create_congress(w.admin)
    w.other = create_congress(w.admin)
    create_user(w.admin, "pr-clerk", "pr-clerk-pass", "征集秘书", ["clerk"], w.congress)
    w.clerk = login_session(w.srv, "pr-clerk", "pr-clerk-pass")
    w.deputies = import_deputies(w.clerk, w.congress, make_deputies(3))
    w.sessions = {}
    w.public = Session(w.srv.base)
    w.cycle, w.cands = make_cycle(w.clerk, w.congress, [100, 200], to_phase="collect")
    w.year = expect(w.clerk.get("/api/v1/cycles/%d" % w.cycle), 200)["year"]
    d0, d1 = w.deputies[0]["id"], w.deputies[1]["id"]
    station = expect(w.clerk.post("/api/v1/congresses/%d/stations" % w.congress,
                                  {"kind": "station", "name": "江北街道代表联络站", "deputy_ids": [d0]}), 201)
    r = dep_session(w, 1).get("/api/v1/deputies/%d/code?base_url=https://minsheng.example.cn" % d1)
    check(r.status == 200, "deputy 1's code", r.status)
    code = r.body.split(b"/intake?t=")[1][:16].decode()
    visit = expect(dep_session(w, 0).post("/api/v1/congresses/%d/visits" % w.congress, {"households": [
        {"title": "老旧小区加装电梯", "text": "老人上下楼难", "area": "江北区", "litigation": False}]}), 201)["items"][0]["id"]
    w.d = {
        "web1": _form(w, "小区电梯坏了三天没人修"),
        "web2": _form(w, "我们小区的电梯已经坏了三天，一直没人来修"),
        "visit": visit,
        "code": _form(w, "希望加装电梯方便老人", t=code),
        "station": _form(w, "电梯维修资金怎么用", t=station["token"]),
        "refused": _form(w, "电梯纠纷"),
        "elsewhere": expect(w.public.post("/api/v1/demands", {"congress_id": w.other, "title": "别处的电梯",
                                                               "text": "说明", "area": "", "litigation": False}),
                            201)["id"],
    }
    _triage(w, w.d["web2"], "candidate", "")
    _triage(w, w.d["visit"], "candidate", "")
    _triage(w, w.d["refused"], "refused", "非本级人大职责")
    return w


def _promote(w, cycle, title, ids, status=201, code=None, cost=500000):
    body = {"candidate": {"title": title, "cost": cost, "description": "由群众诉求汇总", "category": "住房"},
            "demand_ids": ids}
    return expect(w.clerk.post("/api/v1/cycles/%d/promotions" % cycle, body), status, code, what="promote " + title)


def test_collection_window(ctx):
    """the window: unset in words, set while collecting (its state by today), the order and year checked, public to
    read, only staff set it, not after the round moved on"""
    w = _world(ctx)
    anon = Session(w.srv.base)
    url = "/api/v1/cycles/%d/collection" % w.cycle
    js = expect(anon.get(url), 200)
    check(js["opens_on"] is None and js["closes_on"] is None and js["state"] == "unset", "not set yet", js)
    check("征集期尚未设定" in js["words"]["zh"] and "not set" in js["words"]["en"], "said in words", js)
    y = w.year
    js = expect(w.clerk.put(url, {"opens_on": "%d-09-01" % (y - 1), "closes_on": "%d-09-30" % (y - 1)}), 200)
    check(js["opens_on"] == "%d-09-01" % (y - 1) and js["closes_on"] == "%d-09-30" % (y - 1), "set", js)
    today = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date().isoformat()
    want = "before" if today < js["opens_on"] else "after" if today > js["closes_on"] else "open"
    check(js["state"] == want, "its state by today (%s)" % today, js)
    check(("%d年9月1日至%d年9月30日" % (y - 1, y - 1)) in js["words"]["zh"], "the days in Chinese", js)
    check(expect(anon.get(url), 200) == js, "the public reads the same")
    # changed again (the round's year comes from harness's counter, so "today" may be outside its window years)
    js = expect(w.clerk.put(url, {"opens_on": "%d-10-01" % (y - 1), "closes_on": "%d-01-31" % y}), 200)
    check(js["opens_on"] == "%d-10-01" % (y - 1) and js["closes_on"] == "%d-01-31" % y, "changed", js)
    sets = 2
    # around today, so that it is open
    t = datetime.date.fromisoformat(today)
    if t.year in (y, y - 1):
        js = expect(w.clerk.put(url, {"opens_on": today, "closes_on": today}), 200)
        check(js["state"] == "open", "open today", js)
        sets += 1
    expect(w.clerk.put(url, {"opens_on": "%d-09-30" % y, "closes_on": "%d-09-01" % y}), 422, "window_order")
    expect(w.clerk.put(url, {"opens_on": "%d-09-01" % (y - 2), "closes_on": "%d-09-30" % y}), 422, "window_year")
    expect(w.clerk.put(url, {"opens_on": "%d-09-01" % y, "closes_on": "%d-13-01" % y}), 422, "invalid_value")
    expect(w.clerk.put(url, {"opens_on": "%d-09-01" % y}), 400, "missing_field")
    expect(dep_session(w, 0).put(url, {"opens_on": "%d-09-01" % y, "closes_on": "%d-09-30" % y}), 403, "forbidden")
    expect(anon.put(url, {"opens_on": "%d-09-01" % y, "closes_on": "%d-09-30" % y}), 401, "unauthenticated")
    expect(w.clerk.post("/api/v1/cycles/%d/phase" % w.cycle, {"phase": "compile"}), 200)
    expect(w.clerk.put(url, {"opens_on": "%d-09-01" % y, "closes_on": "%d-09-30" % y}), 409, "wrong_phase")
    audit, _ = list_all(w.admin, "/api/v1/audit?congress_id=%d" % w.congress)
    check(sum(1 for a in audit if a["action"] == "collection.set") == sets, "the audit records each change", audit)


def test_promote_and_trace(ctx):
    """three demands (two channels, two deputies, a station) become one candidate: the candidate's sources count
    them, staff list them without contact details, each demand names the candidate and got a step; the proposals
    list shows what is put forward and what is still pending"""
    w = _world(ctx)
    d = w.d
    props, total = list_all(w.clerk, "/api/v1/congresses/%d/proposals" % w.congress)
    check(sorted(p["id"] for p in props) == sorted([d["web2"], d["visit"]]), "put forward: the 'candidate' ones",
          props)
    ids = [d["web1"], d["web2"], d["visit"], d["code"], d["station"]]
    cand = _promote(w, w.cycle, "老旧小区电梯维修和加装", ids)
    check(cand["cycle_id"] == w.cycle and cand["cost"] == 500000 and cand["origin_id"] is None, "a candidate", cand)
    anon = Session(w.srv.base)
    src = expect(anon.get("/api/v1/candidates/%d/sources" % cand["id"]), 200)
    check(src["demands"] == 5 and src["suggestions"] == 0 and src["deputies"] == 2 and src["stations"] == 1, "counted",
          src)
    chans = {c["channel"]: c["count"] for c in src["channels"]}
    check(chans == {"web": 2, "visit": 1, "deputy_code": 1, "station_code": 1}, "by channel", src)
    check("5 件群众诉求" in src["words"]["zh"] and "涉及 2 名代表" in src["words"]["zh"] and "网上诉求表 2 件" in
          src["words"]["zh"], "in words", src)
    listed, total = list_all(w.clerk, "/api/v1/candidates/%d/source-demands" % cand["id"])
    check(total == 5 and sorted(x["id"] for x in listed) == sorted(ids), "staff see the demands", listed)
    check(all(x["candidate_id"] == cand["id"] for x in listed), "each names the candidate", listed)
    check(not any(k in x for x in listed for k in ("phone", "contact", "resident_name", "text")),
          "no contact details or texts", listed)
    for k in ("web1", "visit"):
        got = expect(w.clerk.get("/api/v1/demands/%d/candidates" % d[k]), 200)["items"]
        check([(g["candidate_id"], g["cycle_id"], g["project_id"]) for g in got] == [(cand["id"], w.cycle, None)],
              "the demand names its candidate", got)
    got = expect(dep_session(w, 2).get("/api/v1/demands/%d/candidates" % d["code"]), 200)["items"]
    check(len(got) == 1, "a deputy of the congress reads it too", got)
    steps = db_query(w.srv.db, "SELECT kind, note FROM demand_step WHERE demand_id = ? ORDER BY id", (d["web1"],))
    check([k for k, _ in steps] == ["received", "promoted"] and "老旧小区电梯维修和加装" in steps[-1][1],
          "the demand got a step naming the candidate", steps)
    status = dict((int(r[0]), r[1]) for r in db_query(w.srv.db, "SELECT id, status FROM demand WHERE congress_id = ?",
                                                      (w.congress,)))
    check(status[d["web1"]] == "candidate" and status[d["station"]] == "candidate", "new ones are now put forward",
          status)
    props, _ = list_all(w.clerk, "/api/v1/congresses/%d/proposals" % w.congress)
    check(all(p["candidates"] == 1 for p in props) and len(props) == 5, "the proposals show where each went", props)
    pending, total = list_all(w.clerk, "/api/v1/congresses/%d/proposals?pending=1" % w.congress)
    check(total == 0, "nothing pending", pending)
    found, total = list_all(w.clerk, "/api/v1/congresses/%d/proposals?q=%s" % (w.congress, quote("加装")))
    check(sorted(p["id"] for p in found) == sorted([d["visit"], d["code"]]), "searched by title", found)
    audit, _ = list_all(w.admin, "/api/v1/audit?congress_id=%d" % w.congress)
    made = [a for a in audit if a["action"] == "candidate.promote"]
    check(len(made) == 1 and sorted(made[0]["detail"]["demand_ids"]) == sorted(ids), "audited", made)
    # a candidate typed in has no source
    src = expect(anon.get("/api/v1/candidates/%d/sources" % w.cands[0]), 200)
    check(src["demands"] == 0 and src["channels"] == [] and "没有登记来源" in src["words"]["zh"], "no sources", src)


def test_promote_refusals(ctx):
    """refused, another congress's, twice, already in the round, a title taken, a round past compile, missing
    fields, the wrong role — each refused with its code and nothing written"""
    w = _world(ctx)
    d = w.d
    _promote(w, w.cycle, "甲", [d["refused"]], 422, "demand_not_promotable")
    _promote(w, w.cycle, "甲", [d["elsewhere"]], 422, "demand_not_here")
    _promote(w, w.cycle, "甲", [999999], 422, "demand_not_here")
    _promote(w, w.cycle, "甲", [d["web1"], d["web1"]], 422, "demand_twice")
    _promote(w, w.cycle, "甲", [], 422, "promote_no_source")
    _promote(w, w.cycle, "项目1", [d["web1"]], 409, "title_taken")
    expect(w.clerk.post("/api/v1/cycles/%d/promotions" % w.cycle,
                        {"candidate": {"title": "乙"}, "demand_ids": [d["web1"]]}), 400, "missing_field")
    expect(w.clerk.post("/api/v1/cycles/%d/promotions" % w.cycle,
                        {"candidate": {"title": "乙", "cost": 1, "colour": "red"}, "demand_ids": [d["web1"]]}), 400,
           "unknown_field")
    check(db_query(w.srv.db, "SELECT count(*) FROM candidate_source")[0][0] in (0, "0"), "nothing written")
    _promote(w, w.cycle, "甲", [d["web1"]])
    r = _promote(w, w.cycle, "乙", [d["web2"], d["web1"]], 409, "demand_promoted")
    check("甲" in r["error"]["message_zh"], "the refusal names the candidate", r)
    expect(dep_session(w, 0).post("/api/v1/cycles/%d/promotions" % w.cycle,
                                  {"candidate": {"title": "丙", "cost": 1}, "demand_ids": [d["web2"]]}), 403,
           "forbidden")
    expect(Session(w.srv.base).get("/api/v1/candidates/%d/source-demands" % w.cands[0]), 401, "unauthenticated")
    expect(Session(w.srv.base).get("/api/v1/demands/%d/candidates" % d["web1"]), 401, "unauthenticated")
    expect(w.clerk.post("/api/v1/cycles/%d/phase" % w.cycle, {"phase": "compile"}), 200)
    _promote(w, w.cycle, "丁", [d["web2"]])  # compile still takes candidates
    expect(w.clerk.post("/api/v1/cycles/%d/phase" % w.cycle, {"phase": "vote"}), 200)
    _promote(w, w.cycle, "戊", [d["visit"]], 409, "wrong_phase")


def test_trace_through_the_reserve_pool(ctx):
    """a promoted candidate the vote does not select waits in the reserve pool; taken into next year's round, the
    new candidate still counts the demands that first asked, and each demand names both candidates"""
    w = _world(ctx)
    d = w.d
    cand = _promote(w, w.cycle, "电梯加装", [d["visit"], d["code"]], cost=300)["id"]
    for ph in ("compile", "vote"):
        expect(w.clerk.post("/api/v1/cycles/%d/phase" % w.cycle, {"phase": ph}), 200)
    poll = expect(w.clerk.post("/api/v1/cycles/%d/polls" % w.cycle, {"slots": 1}), 201)["id"]
    checkin(w.clerk, poll, [x["id"] for x in w.deputies])
    name_scrutineers(w.clerk, poll, [(w.deputies[0]["id"], dep_session(w, 0))])
    expect(post_open(w.clerk, poll), 200)
    for i in range(3):
        cast(dep_session(w, i), poll, [w.cands[0]])
    close_poll(w.clerk, poll)
    expect(w.clerk.post("/api/v1/cycles/%d/phase" % w.cycle, {"phase": "implement"}), 200)
    nxt, _ = make_cycle(w.clerk, w.congress, [50], to_phase="collect")
    new = expect(w.clerk.post("/api/v1/cycles/%d/candidates/from-reserve" % nxt, {"candidate_id": cand}), 201)
    src = expect(Session(w.srv.base).get("/api/v1/candidates/%d/sources" % new["id"]), 200)
    check(src["demands"] == 2 and src["deputies"] == 2, "the sources follow the candidate out of the pool", src)
    got = expect(w.clerk.get("/api/v1/demands/%d/candidates" % d["visit"]), 200)["items"]
    check([g["candidate_id"] for g in got] == [cand, new["id"]], "the demand names both, oldest first", got)
    # the selected candidate became a project: a demand promoted into it would name the project
    listed, _ = list_all(w.clerk, "/api/v1/candidates/%d/source-demands" % new["id"])
    check(sorted(x["id"] for x in listed) == sorted([d["visit"], d["code"]]) and
          all(x["candidate_id"] == cand for x in listed), "listed under the original candidate", listed)
    # promoting the same demand again into the new round is allowed (it is not yet a source of a candidate there)
    more = _promote(w, nxt, "电梯加装二期", [d["visit"]])
    got = expect(w.clerk.get("/api/v1/demands/%d/candidates" % d["visit"]), 200)["items"]
    check(len(got) == 3 and got[-1]["candidate_id"] == more["id"], "three candidates now", got)


def test_promote_cluster_and_suggestions(ctx):
    """a confirmed group of near-duplicate demands and two deputies' suggestions (one co-signed) make one candidate:
    the group's demands become sources with the ones listed, each once; the suggestions count with their signers among
    the deputies; a proposed group, another congress's suggestion, a merged one and one already used are refused"""
    w = _world(ctx)
    d = w.d
    expect(w.clerk.post("/api/v1/congresses/%d/clusters/run" % w.congress, {}), 200)
    groups = expect(w.clerk.get("/api/v1/congresses/%d/clusters" % w.congress), 200)["items"]
    lift = [g for g in groups if d["web1"] in [m["id"] for m in g["demands"]]]
    check(len(lift) == 1, "the two texts about the broken lift are one proposed group", groups)
    group = lift[0]
    members = sorted(m["id"] for m in group["demands"])
    _promote_src(w, {"cluster_id": group["id"]}, 422, "cluster_not_confirmed")
    expect(w.clerk.post("/api/v1/clusters/%d/confirm" % group["id"], {}), 200)
    s0 = dep_session(w, 0)
    cos = w.deputies[2]["id"]
    sug = expect(s0.post("/api/v1/congresses/%d/suggestions" % w.congress,
                         {"title": "关于老旧小区电梯维修的建议", "text": "建立维修基金", "cosigners": [cos]}), 201)["id"]
    expect(dep_session(w, 2).post("/api/v1/casework/%d/invitation/accept" % sug, {}), 200, what="co-signs")
    sug2 = expect(dep_session(w, 1).post("/api/v1/congresses/%d/suggestions" % w.congress,
                                         {"title": "关于电梯安全的建议", "text": "定期检验"}), 201)["id"]
    dup = expect(dep_session(w, 1).post("/api/v1/congresses/%d/suggestions" % w.congress,
                                        {"title": "电梯安全", "text": "定期检验"}), 201)["id"]
    expect(w.clerk.post("/api/v1/casework/%d/merge" % dup, {"into": sug2}), 200, what="merge")
    _promote_src(w, {"suggestion_ids": [dup]}, 422, "suggestion_merged")
    _promote_src(w, {"suggestion_ids": [999999]}, 422, "suggestion_not_here")
    cand = _promote_src(w, {"cluster_id": group["id"], "demand_ids": [d["web1"], d["code"]],
                            "suggestion_ids": [sug, sug2]})
    src = expect(Session(w.srv.base).get("/api/v1/candidates/%d/sources" % cand["id"]), 200)
    want = sorted(set(members) | {d["code"]})
    check(src["demands"] == len(want) and src["suggestions"] == 2, "the group's demands once, two suggestions", src)
    check(src["deputies"] == 3, "deputy 1 (code, a suggestion), deputy 0 and deputy 2 (signers)", src)
    check("2 件代表建议" in src["words"]["zh"] and "2 deputies' suggestions" in src["words"]["en"], "in words", src)
    listed, _ = list_all(w.clerk, "/api/v1/candidates/%d/source-demands" % cand["id"])
    check(sorted(x["id"] for x in listed) == want, "the demands listed", listed)
    _promote_src(w, {"suggestion_ids": [sug]}, 409, "suggestion_promoted", title="再一个")
    audit, _ = list_all(w.admin, "/api/v1/audit?congress_id=%d" % w.congress)
    made = [a for a in audit if a["action"] == "candidate.promote"]
    check(made and made[-1]["detail"]["cluster_id"] == group["id"] and
          sorted(made[-1]["detail"]["suggestion_ids"]) == sorted([sug, sug2]), "audited with its sources", made)


def _promote_src(w, sources, status=201, code=None, title="电梯综合治理"):
    body = {"candidate": {"title": title, "cost": 800000}}
    body.update(sources)
    return expect(w.clerk.post("/api/v1/cycles/%d/promotions" % w.cycle, body), status, code, what="promote")


def _form_code(w, title, text="说明"):
    """A demand through the public form: its id and tracking code."""
    got = expect(w.public.post("/api/v1/demands", {"congress_id": w.congress, "title": title, "text": text,
                                                   "area": "江北区", "litigation": False}), 201, what="demand " + title)
    return got["id"], got["code"]


def _tracked(w, code):
    return expect(Session(w.srv.base).post("/api/v1/demands/track", {"code": code}), 200, what="track")["candidates"]


def test_tracking_shows_the_candidates(ctx):
    """the resident's tracking page names the candidate a demand went into — promoted directly, as a member of a
    confirmed group of near-duplicates, or through the suggestion its deputy made of it — with its round, and the
    project once the vote selected it; public data only; a demand not promoted names none"""
    w = _world(ctx)
    direct, c_direct = _form_code(w, "楼道声控灯坏了", "五号楼楼道声控灯坏了一个月")
    dup, c_dup = _form_code(w, "小区电梯坏了三天没人修好")
    alone, c_alone = _form_code(w, "公交站没有遮雨棚")
    check(_tracked(w, c_direct) == [] and _tracked(w, c_alone) == [], "nothing before a promotion")
    light = _promote(w, w.cycle, "老旧小区楼道照明改造", [direct], cost=300)
    # through a confirmed group
    expect(w.clerk.post("/api/v1/congresses/%d/clusters/run" % w.congress, {}), 200)
    groups = expect(w.clerk.get("/api/v1/congresses/%d/clusters" % w.congress), 200)["items"]
    group = [g for g in groups if dup in [m["id"] for m in g["demands"]]]
    check(len(group) == 1 and w.d["web1"] in [m["id"] for m in group[0]["demands"]],
          "the new lift demand joins the broken-lift group", groups)
    expect(w.clerk.post("/api/v1/clusters/%d/confirm" % group[0]["id"], {}), 200)
    lift = _promote_src(w, {"cluster_id": group[0]["id"]}, title="电梯维修")
    # through a suggestion its deputy made of it
    visit = expect(dep_session(w, 0).post("/api/v1/congresses/%d/visits" % w.congress, {"households": [
        {"title": "菜市场环境差", "text": "菜市场污水横流", "area": "江北区", "litigation": False}]}), 201)["items"][0]
    sug = expect(dep_session(w, 0).post("/api/v1/demands/%d/suggestion" % visit["id"], {}), 201)["id"]
    market = _promote_src(w, {"suggestion_ids": [sug]}, title="菜市场改造")
    want = lambda c: [{"candidate_id": c["id"], "title": c["title"], "title_en": None, "cycle_id": w.cycle,
                       "year": w.year, "congress_id": w.congress, "project_id": None}]
    check(_tracked(w, c_direct) == want(light), "promoted directly", _tracked(w, c_direct))
    check(_tracked(w, c_dup) == want(lift), "through the confirmed group", _tracked(w, c_dup))
    check(_tracked(w, visit["code"]) == want(market), "through the deputy's suggestion", _tracked(w, visit["code"]))
    check(_tracked(w, c_alone) == [], "a demand not promoted names none")
    # the vote selects the lighting candidate: a project
    for ph in ("compile", "vote"):
        expect(w.clerk.post("/api/v1/cycles/%d/phase" % w.cycle, {"phase": ph}), 200)
    poll = expect(w.clerk.post("/api/v1/cycles/%d/polls" % w.cycle, {"slots": 1}), 201)["id"]
    checkin(w.clerk, poll, [x["id"] for x in w.deputies])
    name_scrutineers(w.clerk, poll, [(w.deputies[0]["id"], dep_session(w, 0))])
    expect(post_open(w.clerk, poll), 200)
    for i in range(3):
        cast(dep_session(w, i), poll, [light["id"]])
    close_poll(w.clerk, poll)
    expect(w.clerk.post("/api/v1/cycles/%d/phase" % w.cycle, {"phase": "implement"}), 200)
    project = int(db_query(w.srv.db, "SELECT id FROM project WHERE candidate_id = ?", (light["id"],))[0][0])
    got = _tracked(w, c_direct)
    check(len(got) == 1 and got[0]["project_id"] == project, "the project it became", got)
    expect(Session(w.srv.base).get("/api/v1/projects/%d" % project), 200, what="the project's public page")
    check(_tracked(w, c_dup)[0]["project_id"] is None, "the other candidate is no project", _tracked(w, c_dup))
