"""Residents' demands (群众诉求): the public form (no login) with and without contact, its photo refused by type and
size, litigation refused, the per-address limit; tracking by code (steps in order, roles not names, never the
contact; unknown codes 404); QR routing (deputy, station, house) to the right deputy or station; the station desk;
a home visit of several households, all or none; triage by who may (another congress's deputy 403, an unrelated
deputy 403) with every step recorded, and what may follow what."""
from client import Session
from harness import check, db_query, expect
from liaison_world import dep, dep_b, form, png, world

MB = 1024 * 1024


def _track(w, code, status=200, error=None):
    return expect(Session(w.srv.base).post("/api/v1/demands/track", {"code": code}), status, error)


def test_demand_public_form_and_tracking(ctx):
    w = world(ctx)
    # without contact
    a = expect(w.public.post("/api/v1/demands", form(w)), 201, what="anonymous demand")
    check(a["channel"] == "web" and a["status"] == "new" and len(a["code"]) == 19, "the form's answer", a)
    t = _track(w, a["code"])
    check(t["status"] == "new" and [s["kind"] for s in t["steps"]] == ["received"], "a new demand's steps", t)
    check(t["steps"][0]["role"] == "resident", "the resident sent it", t)
    # with contact: stored, shown to those handling it only
    b = expect(w.public.post("/api/v1/demands", form(w, contact_name="张阿姨", contact_phone="138-0000-1234",
                                                     title="楼道堆物", area=w.areas[1])), 201)
    t = _track(w, b["code"].lower().replace("-", " "))
    check("张阿姨" not in str(t) and "1234" not in str(t) and "contact_name" not in t, "tracking shows no contact", t)
    d = expect(w.clerk.get("/api/v1/demands/%d" % b["id"]), 200)
    check(d["contact_name"] == "张阿姨" and d["contact_phone"] == "138-0000-1234", "the clerk sees the contact", d)
    rows = db_query(w.srv.db, "SELECT track_hash, contact_phone FROM demand WHERE id = %d" % b["id"])
    check(rows and len(rows[0][0]) == 64 and b["code"].replace("-", "") not in str(rows), "only the hash kept", rows)
    # unknown codes: 404, no hint
    _track(w, "ABCD-EFGH-JKMN-PQRS", 404, "track_unknown")
    _track(w, "not a code", 404, "track_unknown")
    # the area must be one of the child congresses'
    expect(w.public.post("/api/v1/demands", form(w, area="火星")), 422, "demand_area")
    expect(w.public.post("/api/v1/demands", form(w, contact_phone="abc12")), 422, "phone_invalid")
    expect(w.public.post("/api/v1/demands", form(w, title="x" * 101)), 422)
    expect(w.public.post("/api/v1/demands", form(w, congress_id=None)), 422, "demand_no_congress")
    # litigation, review, arbitration: refused with the reason, nothing kept
    n = db_query(w.srv.db, "SELECT count(*) FROM demand")[0][0]
    r = expect(w.public.post("/api/v1/demands", form(w, litigation=True)), 422, "demand_litigation")
    check("诉讼、行政复议或仲裁" in r["error"]["message_zh"] and "arbitration" in r["error"]["message"], "the reason", r)
    check(db_query(w.srv.db, "SELECT count(*) FROM demand")[0][0] == n, "a refused matter is not kept")


def test_demand_photo(ctx):
    w = world(ctx)
    up = lambda data: w.public.request("POST", "/api/v1/demand-photos", raw=data,
                                       headers={"Content-Type": "application/octet-stream"})
    expect(up(b"%PDF-1.4\n%fake\n" + b"x" * 100), 422, "demand_photo_type")
    expect(up(b"GIF89a" + b"\x00" * 64), 422, "file_type")
    expect(up(b"\x00" * (5 * MB + 1)), 413)
    photo = expect(up(png(40, 30)), 201, what="a photo")["photo"]
    a = expect(w.public.post("/api/v1/demands", form(w, photo=photo, t=w.station["token"], congress_id=None)), 201)
    d = expect(dep(w, 0).get("/api/v1/demands/%d" % a["id"]), 200)
    check(d["photo"] is True and d["channel"] == "station_code" and d["station_id"] == w.station["id"], "photo", d)
    r = dep(w, 0).get("/api/v1/demands/%d/photo" % a["id"])
    check(r.status == 200 and r.body[:2] == b"\xff\xd8", "the photo comes back as JPEG", r.status)
    # a photo is used once
    expect(w.public.post("/api/v1/demands", form(w, photo=photo)), 422, "demand_photo_unknown")
    expect(dep(w, 2).get("/api/v1/demands/%d/photo" % a["id"]), 403, "not_your_demand")
    # photos are limited per address and hour too (30; one was taken above)
    for i in range(29):
        expect(up(png(8, 8, (i, 0, 0))), 201)
    expect(up(png(8, 8)), 429, "demand_rate")


def test_demand_rate_limit(ctx):
    w = world(ctx)
    expect(w.clerk.put("/api/v1/congresses/%d/liaison-settings" % w.congress,
                       {"notice_days": 3, "receptions_min": 2, "form_per_hour": 3}), 200)
    for i in range(3):
        expect(w.public.post("/api/v1/demands", form(w, title="第%d件" % i)), 201)
    r = expect(w.public.post("/api/v1/demands", form(w)), 429, "demand_rate")
    check("at most 3 submissions" in r["error"]["message"], "the message says the limit", r)
    # counted in the database: another congress is counted apart
    expect(w.public.post("/api/v1/demands", form(w, congress_id=w.other, area=None)), 201)
    rows = db_query(w.srv.db, "SELECT n FROM intake_rate WHERE congress_id = %d" % w.congress)
    check(rows and int(rows[0][0]) >= 3, "the count is kept in the database", rows)


def test_demand_qr_routing(ctx):
    w = world(ctx)
    base = "?base_url=https://minsheng.example.cn"
    # the deputy's own code: made on first use, the same after
    r = dep(w, 2).get("/api/v1/deputies/%d/code%s" % (w.dep[2], base))
    check(r.status == 200 and b"<svg" in r.body and b"/intake?t=" in r.body, "the deputy's code is an SVG", r.status)
    token = db_query(w.srv.db, "SELECT token FROM deputy_code WHERE deputy_id = %d" % w.dep[2])[0][0]
    check(len(token) == 16 and (b"/intake?t=" + token.encode() + b"<") in r.body.replace(b"</title>", b"<"),
          "the code carries the token (80 random bits), not an id", token)
    expect(dep(w, 1).get("/api/v1/deputies/%d/code%s" % (w.dep[2], base)), 403)
    expect(dep(w, 2).get("/api/v1/deputies/%d/code?base_url=javascript:alert(1)" % w.dep[2]), 422, "base_url_invalid")
    f = expect(w.public.get("/api/v1/intake?t=%s" % token), 200)
    check(f["channel"] == "deputy_code" and f["congress_id"] == w.congress and f["areas"] == w.areas, "form", f)
    a = expect(w.public.post("/api/v1/demands", form(w, congress_id=None, t=token)), 201)
    d = expect(w.clerk.get("/api/v1/demands/%d" % a["id"]), 200)
    check(d["channel"] == "deputy_code" and d["deputy_id"] == w.dep[2] and d["station_id"] is None, "to deputy", d)
    # the station's code
    r = w.public.get("/api/v1/stations/%d/qr%s" % (w.station["id"], base))
    check(r.status == 200 and w.station["token"].encode() in r.body, "the station's code", r.status)
    a = expect(w.public.post("/api/v1/demands", form(w, congress_id=None, t=w.station["token"])), 201)
    d = expect(w.clerk.get("/api/v1/demands/%d" % a["id"]), 200)
    check(d["channel"] == "station_code" and d["station_id"] == w.station["id"] and d["deputy_id"] is None, "st", d)
    # a house number → its constituency deputy
    h = expect(w.clerk.post("/api/v1/congresses/%d/houses" % w.congress, {"label": "江北路8号3单元", "deputy_id": w.dep[1]}),
               201)
    expect(w.clerk.post("/api/v1/congresses/%d/houses" % w.congress, {"label": "江北路8号3单元", "deputy_id": w.dep[1]}),
           409, "house_label_taken")
    expect(w.clerk.post("/api/v1/congresses/%d/houses" % w.congress,
                        {"label": "江北路9号", "deputy_id": w.deputies_b[0]["id"]}), 422, "not_deputy_of_congress")
    check("token" not in h, "the house's token is not in its answer", h)
    r = w.clerk.get("/api/v1/houses/%d/qr%s" % (h["id"], base))
    check(r.status == 200 and b"<svg" in r.body, "the house's code", r.status)
    htoken = r.body.split(b"/intake?t=")[1][:16].decode()
    a = expect(w.public.post("/api/v1/demands", form(w, congress_id=None, t=htoken)), 201)
    d = expect(dep(w, 1).get("/api/v1/demands/%d" % a["id"]), 200)
    check(d["channel"] == "house_code" and d["deputy_id"] == w.dep[1] and d["house"] == "江北路8号3单元", "house", d)
    expect(w.public.post("/api/v1/demands", form(w, congress_id=None, t="ZZZZ-ZZZZ-ZZZZ-ZZZZ")), 404, "qr_unknown")
    expect(w.public.get("/api/v1/intake?t=0000000000000000"), 404, "qr_unknown")


def test_demand_desk_and_visit(ctx):
    w = world(ctx)
    url = "/api/v1/stations/%d/demands" % w.station["id"]
    body = {"title": "菜市场噪音", "text": "清晨卸货噪音大", "area": w.areas[0], "litigation": False}
    a = expect(dep(w, 0).post(url, body), 201, what="a station deputy at the desk")
    check(a["channel"] == "desk", "desk", a)
    expect(w.clerk.post(url, dict(body, deputy_id=w.dep[1])), 201, what="the clerk at the desk")
    expect(dep(w, 2).post(url, body), 403, "not_your_demand")
    expect(dep_b(w).post(url, body), 403)
    # a home visit: three households, each its own code
    hh = [{"title": "加装电梯", "text": "老人上下楼难", "area": w.areas[0], "litigation": False},
          {"title": "停车难", "text": "夜间无处停车", "area": w.areas[1], "contact_name": "李先生",
           "contact_phone": "13900001111", "litigation": False},
          {"title": "垃圾分类", "text": "投放点太远", "area": w.areas[0], "litigation": False}]
    n = int(db_query(w.srv.db, "SELECT count(*) FROM demand")[0][0])
    v = expect(dep(w, 2).post("/api/v1/congresses/%d/visits" % w.congress, {"households": hh}), 201)
    codes = [i["code"] for i in v["items"]]
    check(len(v["items"]) == 3 and len(set(codes)) == 3, "three demands, three codes", v)
    for i, code in enumerate(codes):
        t = _track(w, code)
        check(t["title"] == hh[i]["title"] and t["channel"] == "visit" and t["steps"][0]["role"] == "deputy", "v", t)
    # all or none: the third household's area is wrong
    bad = hh[:2] + [dict(hh[2], area="不存在的片区")]
    r = expect(dep(w, 2).post("/api/v1/congresses/%d/visits" % w.congress, {"households": bad}), 422, "demand_area")
    check(r.get("field") == "households[2].area" or "households[2]" in str(r), "the field names the household", r)
    check(int(db_query(w.srv.db, "SELECT count(*) FROM demand")[0][0]) == n + 3, "nothing kept of a refused visit")
    expect(w.clerk.post("/api/v1/congresses/%d/visits" % w.congress, {"households": hh}), 403)
    expect(dep_b(w).post("/api/v1/congresses/%d/visits" % w.congress, {"households": hh}), 403)
    # a deputy's list: its own and its stations'
    mine = expect(dep(w, 2).get("/api/v1/congresses/%d/demands" % w.congress), 200)["items"]
    check(sorted(d["title"] for d in mine) == sorted(h["title"] for h in hh), "deputy 2 sees its visit's", mine)
    ours = expect(dep(w, 0).get("/api/v1/congresses/%d/demands" % w.congress), 200)["items"]
    check(len(ours) == 2 and all(d["station_id"] == w.station["id"] for d in ours), "deputy 0: its station's", ours)
    check("contact_phone" not in str(ours), "no contact in lists", ours)


def test_demand_triage(ctx):
    w = world(ctx)
    mk = lambda title: expect(w.public.post("/api/v1/demands", form(w, congress_id=None, t=w.station["token"],
                                                                    title=title)), 201)
    a, b, c, d = mk("路灯"), mk("井盖"), mk("公园"), mk("邻里纠纷")
    url = lambda x: "/api/v1/demands/%d/triage" % x["id"]
    expect(dep_b(w).post(url(a), {"outcome": "spot", "note": "x"}), 403)
    expect(dep(w, 2).post(url(a), {"outcome": "spot", "note": "x"}), 403, "not_your_demand")
    expect(dep(w, 2).get("/api/v1/demands/%d" % a["id"]), 403, "not_your_demand")
    expect(dep(w, 0).post(url(a), {"outcome": "spot"}), 422)
    t = expect(dep(w, 0).post(url(a), {"outcome": "spot", "note": "已联系物业，本周内修复"}), 200)
    check(t["status"] == "spot" and t["steps"][-1]["kind"] == "spot" and t["steps"][-1]["actor_id"] == w.dep[0],
          "the step has its actor", t)
    expect(dep(w, 1).post(url(a), {"outcome": "refused", "note": "x"}), 409, "demand_triaged")
    expect(dep(w, 1).post(url(b), {"outcome": "office", "note": "江北街道办事处"}), 200)
    expect(dep(w, 1).post(url(b), {"outcome": "spot", "note": "x"}), 409, "demand_triaged")
    t = expect(w.clerk.post(url(b), {"outcome": "candidate"}), 200)
    check([s["kind"] for s in t["steps"]] == ["received", "office", "candidate"], "steps in order", t)
    expect(w.clerk.post(url(c), {"outcome": "candidate", "note": "适合列入明年民生实事候选"}), 200)
    expect(dep(w, 0).post(url(d), {"outcome": "refused", "note": "属民事纠纷，不在受理范围"}), 200)
    pool = expect(w.clerk.get("/api/v1/congresses/%d/demands?status=candidate" % w.congress), 200)["items"]
    check(sorted(x["title"] for x in pool) == ["井盖", "公园"], "the candidate pool", pool)
    tr = _track(w, a["code"])
    check(tr["status"] == "spot" and tr["steps"][-1]["note"] == "已联系物业，本周内修复" and
          tr["steps"][-1]["role"] == "deputy", "the resident sees the answer", tr)
    check(w.deputies[0]["name"] not in str(tr["steps"]), "steps name roles, not people", tr)
    tr = _track(w, d["code"])
    check(tr["status"] == "refused" and "民事纠纷" in tr["steps"][-1]["note"], "the reason is shown", tr)
    rows = db_query(w.srv.db, "SELECT kind FROM demand_step WHERE demand_id = %d ORDER BY id" % b["id"])
    check([r[0] for r in rows] == ["received", "office", "candidate"], "demand_step rows", rows)
