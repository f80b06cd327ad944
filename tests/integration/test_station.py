"""Liaison stations (代表联络站, 家站点): the staff open them with deputies of their congress; the rota (接待日)
published at least the notice days ahead (setting, default 3), the rule in the message; residents book a place (no
login) up to the capacity, cancel with the code; names and phones seen only by the station; the reception check
marks the deputies below the minimum (setting, default 2)."""
import datetime

from harness import check, expect
from liaison_world import dep, dep_b, today, world


def _day(n):
    return (today() + datetime.timedelta(days=n)).isoformat()


def test_station_admin(ctx):
    w = world(ctx)
    u = "/api/v1/congresses/%d/stations" % w.congress
    expect(w.clerk.post(u, {"kind": "station", "name": "江北代表联络站"}), 409, "station_name_taken")
    expect(w.clerk.post(u, {"kind": "home", "name": "张家站点", "deputy_ids": [w.deputies_b[0]["id"]]}), 422,
           "not_deputy_of_congress")
    expect(w.clerk.post(u, {"kind": "shop", "name": "x"}), 422)
    expect(w.clerk_b.post(u, {"kind": "home", "name": "y"}), 403)
    expect(dep(w, 0).post(u, {"kind": "home", "name": "y"}), 403)
    h = expect(w.clerk.post(u, {"kind": "home", "name": "张家站点", "address": "南门巷2号", "deputy_ids": [w.dep[2]]}),
               201)
    check(h["kind"] == "home" and [d["id"] for d in h["deputies"]] == [w.dep[2]], "a home station", h)
    lst = expect(w.public.get(u), 200)["items"]
    check([s["name"] for s in lst] == ["江北代表联络站", "张家站点"], "the public list", lst)
    p = expect(w.clerk.put("/api/v1/stations/%d" % h["id"], {"kind": "home", "name": "张家站点",
                                                             "deputy_ids": [w.dep[1], w.dep[2]]}), 200)
    check(sorted(d["id"] for d in p["deputies"]) == [w.dep[1], w.dep[2]], "deputies replaced", p)


def test_station_rota_and_booking(ctx):
    w = world(ctx)
    u = "/api/v1/stations/%d/rota" % w.station["id"]
    body = {"day": _day(2), "starts": "09:00", "ends": "11:30", "capacity": 2, "deputy_ids": [w.dep[0]]}
    r = expect(w.clerk.post(u, body), 422, "rota_notice")
    check("at least 3 days ahead" in r["error"]["message"] and _day(3) in r["error"]["message"], "the rule", r)
    expect(w.clerk.post(u, dict(body, day=_day(3), ends="08:00")), 422, "rota_times")
    expect(w.clerk.post(u, dict(body, day=_day(3), deputy_ids=[w.deputies_b[0]["id"]])), 422, "not_deputy_of_congress")
    e = expect(w.clerk.post(u, dict(body, day=_day(3))), 201, what="three days ahead")
    check(e["booked"] == 0 and e["capacity"] == 2, "a new entry", e)
    # the notice days are a setting
    s = expect(w.clerk.put("/api/v1/congresses/%d/liaison-settings" % w.congress,
                           {"notice_days": 7, "receptions_min": 2, "form_per_hour": 10}), 200)
    check("7" in s["words"]["zh"] and "7 days" in s["words"]["en"], "the rule in words", s)
    expect(w.clerk.post(u, dict(body, day=_day(5))), 422, "rota_notice")
    # bookings: no login, up to the capacity
    b = "/api/v1/rota/%d/bookings" % e["id"]
    expect(w.public.post(b, {"name": "赵大爷", "phone": "12", "topic": "修路"}), 422)
    expect(w.public.post(b, {"name": "赵大爷", "phone": "abcdefg", "topic": "修路"}), 422, "phone_invalid")
    k1 = expect(w.public.post(b, {"name": "赵大爷", "phone": "13700001111", "topic": "修路"}), 201)["code"]
    expect(w.public.post(b, {"name": "钱阿姨", "phone": "13700002222", "topic": "绿化"}), 201)
    expect(w.public.post(b, {"name": "孙先生", "phone": "13700003333", "topic": "停车"}), 409, "rota_full")
    pub = expect(w.public.get(u), 200)["items"]
    check(pub[0]["booked"] == 2 and "13700001111" not in str(pub), "the public rota: counts, no phones", pub)
    # cancel frees a place
    expect(w.public.post("/api/v1/bookings/cancel", {"code": k1.lower()}), 200)
    expect(w.public.post("/api/v1/bookings/cancel", {"code": k1}), 404, "booking_unknown")
    expect(w.public.post(b, {"name": "孙先生", "phone": "13700003333", "topic": "停车"}), 201)
    # names and phones: the station's deputies and the staff only
    lst = expect(dep(w, 1).get(b), 200)["items"]
    check(sorted(x["name"] for x in lst) == ["孙先生", "钱阿姨"] and lst[0]["phone"], "the station sees them", lst)
    expect(dep(w, 2).get(b), 403, "not_your_demand")
    expect(dep_b(w).get(b), 403)
    expect(w.public.get(b), 401)


def test_station_reception_check(ctx):
    w = world(ctx)
    u = "/api/v1/stations/%d/rota" % w.station["id"]
    year = today().year
    days = [d for d in (_day(3), _day(4)) if d.startswith(str(year))]
    for d in days:
        expect(w.clerk.post(u, {"day": d, "starts": "14:00", "ends": "16:00", "capacity": 5,
                                "deputy_ids": [w.dep[0]]}), 201)
    if days:
        expect(w.clerk.post(u, {"day": days[0], "starts": "09:00", "ends": "10:00", "capacity": 5,
                                "deputy_ids": [w.dep[1]]}), 201)
    c = expect(w.clerk.get("/api/v1/congresses/%d/receptions?year=%d" % (w.congress, year)), 200)
    got = {i["deputy_id"]: (i["held"] + i["scheduled"], i["below"]) for i in c["items"]}
    want = {w.dep[0]: (len(days), len(days) < 2), w.dep[1]: (min(1, len(days)), True), w.dep[2]: (0, True)}
    check(got == want and c["receptions_min"] == 2, "the reception check", c, want)
    expect(w.clerk.put("/api/v1/congresses/%d/liaison-settings" % w.congress,
                       {"notice_days": 3, "receptions_min": 0, "form_per_hour": 10}), 200)
    c = expect(w.clerk.get("/api/v1/congresses/%d/receptions" % w.congress), 200)
    check(not any(i["below"] for i in c["items"]), "no one is below a minimum of 0", c)
    expect(dep(w, 0).get("/api/v1/congresses/%d/receptions" % w.congress), 403)
    expect(w.clerk_b.get("/api/v1/congresses/%d/receptions" % w.congress), 403)
