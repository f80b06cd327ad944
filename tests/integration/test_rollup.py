"""Three-level linkage (issue 16): the roll-up of a congress and everything below it, checked against an independent
count from the raw records at every level of the demo (a city, three districts, four towns and a street's council),
and the scopes: a clerk reads the staff pages of the congresses below its own — never above, never beside, never a
resident's contact — and writes only in its own."""
import concurrent.futures
import datetime
import io
import zipfile

from client import Session
from harness import Server, check, cli, db_query, expect, login_session

FIGS = ["projects", "planning", "delivering", "finished", "green", "yellow", "red", "blue", "cost", "spent", "micro", "wish",
        "satisfied", "basic", "dissatisfied", "no_verdict", "unevaluated", "demands", "demands_deputies", "cases",
        "cases_closed", "cases_overdue", "suggestions", "suggestions_closed", "suggestions_overdue", "response_num",
        "response_den", "resolution_num", "resolution_den", "satisfaction_num", "satisfaction_den", "tasks_open",
        "tasks_overdue", "deputies", "activities", "activity_hours"]


def _demo(ctx):
    db = ctx.new_db("demo")
    cli(["demo", "--db", db])
    srv = Server(db, ctx.dir, ctx.label)
    ctx.servers.append(srv)
    srv.start()
    return db, srv


def _i(v):
    return 0 if v is None else int(v)


def _china_year(utc):
    """The calendar year in China of a stored UTC time "YYYY-MM-DDTHH:MM:SSZ"."""
    t = datetime.datetime.strptime(utc, "%Y-%m-%dT%H:%M:%SZ") + datetime.timedelta(hours=8)
    return t.year


def _count(db, pub, year):
    """Each congress's own figures for year, counted here from the raw rows (and the rates from each congress's
    own league table of the three rates): {congress_id: {figure: n}}, and {congress_id: parent_id}."""
    now = datetime.datetime.now(datetime.timezone.utc)
    now_iso = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    today = (now + datetime.timedelta(hours=8)).strftime("%Y-%m-%d")
    parents = {_i(r[0]): _i(r[1]) for r in db_query(db, "SELECT id, parent_id FROM congress")}
    own = {c: dict.fromkeys(FIGS, 0) for c in parents}
    for cid, state, light, cost, spent, tier in db_query(
            db, "SELECT p.congress_id, p.state, p.light, k.cost, p.spent, k.tier FROM project p JOIN cycle y ON y.id = "
                "p.cycle_id JOIN candidate k ON k.id = p.candidate_id WHERE y.year = ?", (year,)):
        f = own[_i(cid)]
        f["projects"] += 1
        if tier in ("micro", "wish"):
            f[tier] += 1
        f[state] += 1
        f[light] += 1
        f["cost"] += _i(cost)
        f["spent"] += _i(spent)
    latest = {}
    for project, poll, verdict in db_query(db, "SELECT project_id, poll_id, verdict FROM evaluation_verdict"):
        if _i(project) not in latest or _i(poll) > latest[_i(project)][0]:
            latest[_i(project)] = (_i(poll), verdict)
    for pid, cid in db_query(db, "SELECT p.id, p.congress_id FROM project p JOIN cycle y ON y.id = p.cycle_id "
                                 "WHERE y.year = ?", (year,)):
        if _i(pid) in latest:
            v = latest[_i(pid)][1]
            own[_i(cid)]["no_verdict" if v == "none" else v] += 1
    for f in own.values():
        f["unevaluated"] = f["projects"] - f["satisfied"] - f["basic"] - f["dissatisfied"] - f["no_verdict"]
    for cid, at, deputy in db_query(db, "SELECT congress_id, created_at, deputy_id FROM demand"):
        if _china_year(at) == year:
            own[_i(cid)]["demands"] += 1
            own[_i(cid)]["demands_deputies"] += deputy is not None
    due = {}
    for cw, aid, due_at in db_query(db, "SELECT casework_id, id, due_at FROM casework_assignment"):
        if _i(cw) not in due or _i(aid) > due[_i(cw)][0]:
            due[_i(cw)] = (_i(aid), due_at)
    for cw, cid, kind, status, at in db_query(db, "SELECT id, congress_id, kind, status, created_at FROM casework"):
        if status == "merged" or _china_year(at) != year:
            continue
        key = "cases" if kind == "case" else "suggestions"
        f = own[_i(cid)]
        f[key] += 1
        f[key + "_closed"] += status == "closed"
        f[key + "_overdue"] += status in ("assigned", "accepted") and _i(cw) in due and due[_i(cw)][1] < now_iso
    for cid, due_on in db_query(db, "SELECT p.congress_id, t.due_on FROM task t JOIN project p ON p.id = t.project_id "
                                    "JOIN cycle y ON y.id = p.cycle_id WHERE y.year = ? AND t.done_on IS NULL",
                                (year,)):
        own[_i(cid)]["tasks_open"] += 1
        own[_i(cid)]["tasks_overdue"] += due_on < today
    for (cid,) in db_query(db, "SELECT u.congress_id FROM \"user\" u JOIN user_role r ON r.user_id = u.id "
                               "AND r.role = 'deputy' WHERE u.congress_id IS NOT NULL"):
        own[_i(cid)]["deputies"] += 1
    for cid, status, day, hours in db_query(db, "SELECT congress_id, status, day, hours FROM record_entry"):
        if status == "approved" and day[:4] == str(year):
            own[_i(cid)]["activities"] += 1
            own[_i(cid)]["activity_hours"] += _i(hours)
    for cid in parents:
        league = expect(pub.get("/api/v1/congresses/%d/casework-rates?year=%d&month=0" % (cid, year)), 200,
                        what="rates")
        for u in league["items"]:
            for r in ("response", "resolution", "satisfaction"):
                own[cid][r + "_num"] += u[r]["num"]
                own[cid][r + "_den"] += u[r]["den"]
    return own, parents


def _totals(own, parents):
    total = {c: dict(f) for c, f in own.items()}

    def depth(c):
        return 0 if not parents[c] else 1 + depth(parents[c])
    for c in sorted(parents, key=depth, reverse=True):
        if parents[c]:
            for k in FIGS:
                total[parents[c]][k] += total[c][k]
    return total


def _figures(node_figs):
    return {k: node_figs[k] for k in FIGS}


def test_rollup_sums(ctx):
    """Every congress's own figures equal a count from the raw records; each total is its own plus its children's
    totals, from the city down to the towns and the street; each level's roll-up says the same as the city's"""
    db, srv = _demo(ctx)
    pub = Session(srv.base)
    cong = expect(pub.get("/api/v1/congresses?per_page=50"), 200, what="congresses")["items"]
    by_level = {}
    for c in cong:
        by_level.setdefault(c["level"], []).append(c)
    check(len(by_level.get("city", [])) == 1 and len(by_level.get("district", [])) == 3
          and len(by_level.get("town", [])) == 4 and len(by_level.get("street", [])) == 1,
          "the demo has a city, 3 districts, 4 towns and a street", [(c["name"], c["level"]) for c in cong])
    city = by_level["city"][0]["id"]
    for year in (2026, 2025):
        own, parents = _count(db, pub, year)
        total = _totals(own, parents)
        r = expect(pub.get("/api/v1/congresses/%d/rollup?year=%d" % (city, year)), 200, what="roll-up")
        check(r["year"] == year and r["congress"]["id"] == city and r["path"] == [], "the city's roll-up", r["year"])
        check(sorted(n["id"] for n in r["congresses"]) == sorted(parents), "every congress is in the city's roll-up",
              [n["id"] for n in r["congresses"]])
        for n in r["congresses"]:
            check(_figures(n["own"]) == own[n["id"]], "%s's own figures for %d equal the raw count" % (n["name"], year),
                  {k: (n["own"][k], own[n["id"]][k]) for k in FIGS if n["own"][k] != own[n["id"]][k]})
            check(_figures(n["total"]) == total[n["id"]], "%s's total for %d is its own plus its children's"
                  % (n["name"], year),
                  {k: (n["total"][k], total[n["id"]][k]) for k in FIGS if n["total"][k] != total[n["id"]][k]})
            for rate in ("response", "resolution", "satisfaction"):
                v = n["total"][rate]
                check(v["num"] == n["total"][rate + "_num"] and v["den"] == n["total"][rate + "_den"] and
                      (v["value"] is None if not v["den"] else abs(v["value"] - v["num"] / v["den"]) < 1e-12),
                      "%s's %s rate is its sums' fraction" % (n["name"], rate), v)
        if year == 2026:
            t = r["congress"]["total"]
            check(t["projects"] > 20 and t["red"] >= 3 and t["yellow"] >= 2 and t["blue"] >= 3 and t["cases"] >= 8
                  and t["response_den"] > 0, "the demo shows something at every level", t)
        # each congress's own roll-up: the same node as in the city's, its children, its path up
        nodes = {n["id"]: n for n in r["congresses"]}
        for cid in parents:
            mine = expect(pub.get("/api/v1/congresses/%d/rollup?year=%d" % (cid, year)), 200, what="roll-up")
            check(mine["congress"]["total"] == nodes[cid]["total"] and mine["congress"]["own"] == nodes[cid]["own"],
                  "%s's roll-up equals its node in the city's" % nodes[cid]["name"])
            check(sorted(c["id"] for c in mine["children"]) == sorted(c for c, p in parents.items() if p == cid),
                  "%s's children" % nodes[cid]["name"], mine["children"])
            up, at = [], parents[cid]
            while at:
                up.insert(0, at)
                at = parents[at]
            check([p["id"] for p in mine["path"]] == up, "%s's path up" % nodes[cid]["name"], mine["path"])


def test_rollup_follows_records(ctx):
    """A demand received by a town counts in the town, its district and the city at once; a year with nothing is
    zeros; a year out of range is 400 invalid_year; the XLSX holds every congress of the subtree"""
    db, srv = _demo(ctx)
    pub = Session(srv.base)
    cong = expect(pub.get("/api/v1/congresses?per_page=50"), 200, what="congresses")["items"]
    town = next(c for c in cong if c["name_en"] == "Chengguan Town People's Congress")
    district, city = town["parent_id"], next(c for c in cong if c["level"] == "city")["id"]
    year = int((datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).strftime("%Y"))

    def demands(cid):
        return expect(pub.get("/api/v1/congresses/%d/rollup" % cid), 200, what="roll-up")["congress"]["total"]["demands"]
    before = {c: demands(c) for c in (town["id"], district, city)}
    expect(pub.post("/api/v1/demands", {"congress_id": town["id"], "title": "村口路灯不亮", "text": "村口路灯坏了一个月",
                                        "litigation": False}), 201, what="a demand to the town")
    after = {c: demands(c) for c in (town["id"], district, city)}
    check(all(after[c] == before[c] + 1 for c in after), "one demand more at the town, the district and the city",
          before, after)
    empty = expect(pub.get("/api/v1/congresses/%d/rollup?year=2031" % city), 200, what="an empty year")
    check(all(empty["congress"]["total"][k] == 0 for k in FIGS if k != "deputies")
          and empty["congress"]["total"]["response"]["value"] is None, "a year with nothing is zeros",
          empty["congress"]["total"])
    expect(pub.get("/api/v1/congresses/%d/rollup?year=1999" % city), 400, "invalid_year", what="year 1999")
    expect(pub.get("/api/v1/congresses/%d/rollup?year=0" % city), 400, "invalid_year", what="year 0")
    expect(pub.get("/api/v1/congresses/%d/rollup?year=abc" % city), 400, what="year abc")
    expect(pub.get("/api/v1/congresses/999/rollup"), 404, what="no such congress")
    x = pub.get("/api/v1/congresses/%d/rollup.xlsx?year=2026" % district)
    check(x.status == 200 and (x.header("content-type") or "").startswith("application/vnd.openxmlformats"),
          "the roll-up as XLSX", x.status)
    z = zipfile.ZipFile(io.BytesIO(x.body))
    book = z.read("xl/workbook.xml").decode()
    strings = z.read("xl/sharedStrings.xml").decode()
    check("三级汇总" in book and "本级数据" in book, "the workbook's two sheets", book[:400])
    below = [c for c in cong if c["parent_id"] == district] + [c for c in cong if c["id"] == district]
    check(all(c["name"] in strings for c in below) and not any(c["name"] in strings for c in cong
                                                              if c not in below and c["level"] != "city"),
          "the district's workbook names the district and the congresses under it, and no other")


def test_rollup_cached_never_stale(ctx):
    """Two nodes on one database: a second read answers the same text with the same ETag, a conditional GET is 304
    (the tag in a list, or weak, too); a write on the other node — a resident's anonymous demand, a clerk's case — is
    in the very next read on this one, under a new tag, and the old tag is answered 200; reads at once after a write
    all answer the one count, with the write"""
    db, srv = _demo(ctx)
    b = ctx.add_server(db, name="node-b")
    on_a, on_b = Session(srv.base), Session(b.base)
    cong = {c["name_en"]: c for c in expect(on_a.get("/api/v1/congresses?per_page=50"), 200, what="congresses")["items"]}
    town = cong["Chengguan Town People's Congress"]["id"]
    city = cong["Jiangzhou Municipal People's Congress"]["id"]

    def path(cid):
        return "/api/v1/congresses/%d/rollup" % cid

    def total(sess, cid, fig):
        return expect(sess.get(path(cid)), 200, what="roll-up of %d" % cid)["congress"]["total"][fig]

    first, again = on_a.get(path(city)), on_a.get(path(city))
    tag = first.header("ETag")
    check(first.status == again.status == 200 and first.body == again.body, "a second read equals the first",
          first.status, again.status)
    check(tag and tag.startswith('"') and again.header("ETag") == tag and first.header("Cache-Control") == "no-cache",
          "both carry one ETag, to be revalidated", tag, again.header("ETag"), first.header("Cache-Control"))
    for inm in (tag, "W/" + tag, '"other", ' + tag):
        r = on_a.get(path(city), headers={"If-None-Match": inm})
        check(r.status == 304 and r.body == b"" and r.header("ETag") == tag, "If-None-Match %s: 304" % inm, r.status)
    r = on_a.get(path(city), headers={"If-None-Match": '"other"'})
    check(r.status == 200 and r.body == first.body, "another tag: 200 and the figures", r.status)
    on_b_first = on_b.get(path(city))
    check(on_b_first.body == first.body and on_b_first.header("ETag") == tag, "node B answers the same text and tag")

    # a resident's demand on node B (anonymous: audited all the same), read on node A at once
    before = {cid: total(on_a, cid, "demands") for cid in (town, city)}
    taken = expect(on_b.post("/api/v1/demands", {"congress_id": town, "title": "桥头护栏松动", "text": "桥头护栏松动，夜里看不清",
                                                 "litigation": False}), 201, what="a demand on node B")
    after = {cid: total(on_a, cid, "demands") for cid in (town, city)}
    check(all(after[c] == before[c] + 1 for c in after), "node A counts node B's demand on the next read", before, after)
    r = on_a.get(path(city), headers={"If-None-Match": tag})
    check(r.status == 200 and r.header("ETag") not in (None, tag), "the old tag is answered 200 with a new one",
          r.status, r.header("ETag"))

    # a clerk's case on node A, read on node B (whose cache holds the town from before)
    cases = total(on_b, town, "cases")
    clerk = login_session(srv, "clerk_cg", "clerk-demo")
    expect(clerk.post("/api/v1/demands/%d/cases" % taken["id"], {"case_type": "general"}), 201, what="a case")
    check(total(on_b, town, "cases") == cases + 1 and total(on_b, city, "cases") == total(on_a, city, "cases"),
          "node B counts node A's case on the next read, and both nodes agree")

    # after a write every reader misses at once: one count, the others wait for it, all answer it
    demands = total(on_a, city, "demands")
    expect(on_b.post("/api/v1/demands", {"congress_id": town, "title": "小区路灯不亮", "text": "小区东门路灯不亮",
                                         "litigation": False}), 201, what="another demand on node B")
    with concurrent.futures.ThreadPoolExecutor(12) as pool:
        got = list(pool.map(lambda _: Session(srv.base).get(path(city)), range(24)))
    check(all(r.status == 200 and r.body == got[0].body and r.header("ETag") == got[0].header("ETag") for r in got)
          and got[0].json["congress"]["total"]["demands"] == demands + 1,
          "24 reads at once after a write: one answer, with the write", [r.status for r in got])


def test_scope(ctx):
    """A town clerk never reads another town; a district clerk reads its own towns' staff pages (never another
    district's, never the city's, never a resident's contact details) and writes only in its own congress; the audit
    log per scope"""
    db, srv = _demo(ctx)
    pub = Session(srv.base)
    cong = {c["name_en"]: c for c in expect(pub.get("/api/v1/congresses?per_page=50"), 200, what="congresses")["items"]}
    city = cong["Jiangzhou Municipal People's Congress"]["id"]
    jiangbei = cong["Jiangbei District People's Congress"]["id"]
    chengguan = cong["Chengguan Town People's Congress"]["id"]
    liuhe = cong["Liuhe Town People's Congress"]["id"]
    dongmen = cong["Dongmen Street Residents' Council"]["id"]
    huayuan = cong["Huayuan Town People's Congress"]["id"]
    town = login_session(srv, "clerk_cg", "clerk-demo")
    district = login_session(srv, "clerk_jb", "clerk-demo")
    street = login_session(srv, "clerk_dm", "clerk-demo")
    top = login_session(srv, "clerk", "clerk-demo")
    expect(town.get("/api/v1/congresses/%d/deputies" % chengguan), 200, what="a town clerk reads its own roster")
    for other in (liuhe, jiangbei, city, dongmen):
        expect(town.get("/api/v1/congresses/%d/deputies" % other), 403, "forbidden",
               what="a town clerk reads no other congress's roster (%d)" % other)
    for below in (jiangbei, chengguan, liuhe, dongmen):
        got = expect(district.get("/api/v1/congresses/%d/deputies?per_page=200" % below), 200,
                     what="the district clerk reads %d's roster" % below)
        check(got["total"] == {jiangbei: 20, chengguan: 12, liuhe: 12, dongmen: 0}[below], "the roster below", got)
        expect(district.get("/api/v1/congresses/%d/casework" % below), 200, what="and its casework")
    for beside in (huayuan, city, cong["Jiangnan District People's Congress"]["id"]):
        expect(district.get("/api/v1/congresses/%d/deputies" % beside), 403, "forbidden",
               what="the district clerk reads nothing beside or above (%d)" % beside)
    expect(street.get("/api/v1/congresses/%d/deputies" % chengguan), 403, "forbidden", what="the street beside a town")
    # writes: only in its own congress
    expect(district.post("/api/v1/congresses/%d/units" % chengguan, {"name": "城关镇某办"}), 403, "forbidden",
           what="the district clerk adds no unit to a town")
    expect(district.post("/api/v1/congresses/%d/units" % jiangbei, {"name": "江北区某局"}), 201,
           what="the district clerk adds a unit to its own")
    # a resident's contact details: the handling congress's staff only
    demand = expect(pub.post("/api/v1/demands", {"congress_id": chengguan, "title": "路面塌陷", "text": "镇政府门口路面塌陷",
                                                 "contact_name": "刘女士", "contact_phone": "13800138000",
                                                 "litigation": False}), 201, what="a demand")
    got = expect(town.get("/api/v1/demands/%d" % demand["id"]), 200, what="the town reads its demand")
    check(got["contact_phone"] == "13800138000", "with the contact", got)
    expect(district.get("/api/v1/demands/%d" % demand["id"]), 403, "forbidden",
           what="the district clerk never reads a town resident's contact")
    expect(top.get("/api/v1/demands/%d" % demand["id"]), 403, "forbidden", what="nor the city clerk")
    listed = expect(district.get("/api/v1/congresses/%d/demands?per_page=200" % chengguan), 200, what="demands below")
    check(any(d["id"] == demand["id"] for d in listed["items"]), "the district clerk sees the demand in the list",
          listed["total"])
    check(all("contact_phone" not in d for d in listed["items"]), "the list has no contact", listed["items"][:1])
    # the audit log per scope
    own = expect(district.get("/api/v1/audit?congress_id=%d" % jiangbei), 200, what="the district's log")
    check(own["total"] > 0 and all(e["congress_id"] == jiangbei for e in own["items"]), "its own entries",
          own["items"][:2])
    low = expect(district.get("/api/v1/audit?congress_id=%d" % chengguan), 200, what="a town's log")
    check(low["total"] > 0 and all(e["congress_id"] == chengguan for e in low["items"]), "the town's entries",
          low["items"][:2])
    expect(district.get("/api/v1/audit?congress_id=%d" % huayuan), 403, "forbidden", what="another district's town")
    expect(town.get("/api/v1/audit?congress_id=%d" % jiangbei), 403, "forbidden", what="a town reads no log above")
    dflt = expect(town.get("/api/v1/audit"), 200, what="a town clerk's log")
    check(all(e["congress_id"] == chengguan for e in dflt["items"]), "by default its own", dflt["items"][:2])


def test_street_level(ctx):
    """The admin makes the fourth level: a street's residents' council under a district (not under a town or a
    city); a district with a street under it keeps its level"""
    db, srv = _demo(ctx)
    admin = login_session(srv, "admin", "admin-demo")
    pub = Session(srv.base)
    cong = {c["name_en"]: c for c in expect(pub.get("/api/v1/congresses?per_page=50"), 200, what="congresses")["items"]}
    jiangnan = cong["Jiangnan District People's Congress"]["id"]
    made = expect(admin.post("/api/v1/congresses", {"name": "江南区西湖街道居民议事会", "level": "street",
                                                    "parent_id": jiangnan}), 201, what="a street")
    check(made["level"] == "street" and made["parent_id"] == jiangnan, "the street under its district", made)
    for parent in (cong["Huayuan Town People's Congress"]["id"], cong["Jiangzhou Municipal People's Congress"]["id"]):
        expect(admin.post("/api/v1/congresses", {"name": "某街道", "level": "street", "parent_id": parent}), 422,
               "parent_level", what="a street under a town or the city")
    expect(admin.patch("/api/v1/congresses/%d" % jiangnan, {"level": "town", "parent_id": None}), 409,
           "congress_has_children", what="a district with towns and a street cannot become a town")
    r = expect(pub.get("/api/v1/congresses/%d/rollup" % jiangnan), 200, what="roll-up")
    check(made["id"] in [c["id"] for c in r["children"]], "the new street is in its district's roll-up", r["children"])


def test_referral_across_levels(ctx):
    """a demand referred up a level and down again keeps its tracking code, its steps and its day of receipt; the
    roll-up counts it where it is now and the district's and city's totals stay; only one level up or down, only a
    demand not yet handled, only by the staff of the congress that holds it; both congresses' logs say so"""
    db, srv = _demo(ctx)
    pub = Session(srv.base)
    cong = {c["name_en"]: c for c in expect(pub.get("/api/v1/congresses?per_page=50"), 200, what="congresses")["items"]}
    city = cong["Jiangzhou Municipal People's Congress"]["id"]
    jiangbei = cong["Jiangbei District People's Congress"]["id"]
    chengguan = cong["Chengguan Town People's Congress"]["id"]
    liuhe = cong["Liuhe Town People's Congress"]["id"]
    town = login_session(srv, "clerk_cg", "clerk-demo")
    district = login_session(srv, "clerk_jb", "clerk-demo")
    taken = expect(pub.post("/api/v1/demands", {"congress_id": chengguan, "title": "跨镇河道污染",
                                                "text": "上游工厂排污影响两个镇，镇里无权处理", "litigation": False}),
                   201, what="a demand to the town")
    received = expect(town.get("/api/v1/demands/%d" % taken["id"]), 200)["created_at"]

    def own(cid):
        return expect(pub.get("/api/v1/congresses/%d/rollup" % cid), 200)["congress"]

    before = {c: own(c) for c in (chengguan, jiangbei, city)}
    expect(town.post("/api/v1/demands/%d/refer" % taken["id"], {"congress_id": city, "note": "越级"}), 422,
           "refer_level", what="two levels up")
    expect(district.post("/api/v1/demands/%d/refer" % taken["id"], {"congress_id": jiangbei, "note": "某"}), 403,
           what="the district does not hold it yet")
    expect(town.post("/api/v1/demands/%d/refer" % taken["id"], {"congress_id": jiangbei, "note": ""}), 422,
           "invalid_value", what="a reason is needed")
    up = expect(town.post("/api/v1/demands/%d/refer" % taken["id"],
                          {"congress_id": jiangbei, "note": "涉及两个镇，需区级协调"}), 200, what="refer up")
    check(up["congress_id"] == jiangbei and up["status"] == "new" and up["created_at"] == received,
          "now the district's, new, received when it was", up)
    check(up["steps"][-1]["kind"] == "referred" and "城关镇" in up["steps"][-1]["note"]
          and "江北区" in up["steps"][-1]["note"] and "需区级协调" in up["steps"][-1]["note"], "the step says so",
          up["steps"])
    expect(town.get("/api/v1/demands/%d" % taken["id"]), 403, what="the town holds it no more")
    after = {c: own(c) for c in (chengguan, jiangbei, city)}
    check(after[chengguan]["own"]["demands"] == before[chengguan]["own"]["demands"] - 1
          and after[jiangbei]["own"]["demands"] == before[jiangbei]["own"]["demands"] + 1
          and after[jiangbei]["total"]["demands"] == before[jiangbei]["total"]["demands"]
          and after[city]["total"]["demands"] == before[city]["total"]["demands"],
          "the roll-up counts it at the district now, the totals above unchanged", before, after)
    track = expect(pub.post("/api/v1/demands/track", {"code": taken["code"]}), 200, what="the resident follows it")
    check(any(s["kind"] == "referred" for s in track["steps"]), "the tracking page shows the referral", track)
    down = expect(district.post("/api/v1/demands/%d/refer" % taken["id"],
                                {"congress_id": liuhe, "note": "污染源在柳河镇，由柳河镇牵头"}), 200, what="refer down")
    check(down["congress_id"] == liuhe and down["created_at"] == received
          and [s["kind"] for s in down["steps"]].count("referred") == 2, "down to the other town", down["steps"])
    liuhe_clerk_view = expect(district.get("/api/v1/congresses/%d/demands?per_page=200" % liuhe), 200)
    check(any(d["id"] == taken["id"] for d in liuhe_clerk_view["items"]), "listed under Liuhe", liuhe_clerk_view["total"])
    # a handled demand stays where it is
    spot = expect(pub.post("/api/v1/demands", {"congress_id": chengguan, "title": "路灯", "text": "路灯坏了",
                                               "litigation": False}), 201)
    expect(town.post("/api/v1/demands/%d/triage" % spot["id"], {"outcome": "spot", "note": "已修好"}), 200)
    expect(town.post("/api/v1/demands/%d/refer" % spot["id"], {"congress_id": jiangbei, "note": "某"}), 409,
           "refer_status", what="a demand answered on the spot")
    # a demand in the town's cluster leaves it when referred; one already a candidate's source stays
    same = [expect(pub.post("/api/v1/demands", {"congress_id": chengguan, "title": "镇中心小学门口交通拥堵",
                                                "text": "镇中心小学门口上下学时段交通拥堵严重，建议设置临时停车区",
                                                "litigation": False}), 201)["id"] for _ in range(3)]
    expect(town.post("/api/v1/congresses/%d/clusters/run" % chengguan, {}), 200, what="cluster the town's demands")
    clusters = expect(town.get("/api/v1/congresses/%d/clusters?per_page=200" % chengguan), 200)["items"]
    cl = next(c for c in clusters if same[0] in [m["id"] for m in c["demands"]])
    moved = expect(town.post("/api/v1/demands/%d/refer" % same[0], {"congress_id": jiangbei, "note": "区级统筹"}), 200)
    check(moved["congress_id"] == jiangbei, "referred", moved)
    after_cl = expect(town.get("/api/v1/clusters/%d" % cl["id"]), 200)
    check(same[0] not in [m["id"] for m in after_cl["demands"]] and all(m["congress_id"] == chengguan
                                                                       for m in after_cl["demands"]),
          "it left the town's cluster: the town reads no demand of the district", after_cl["demands"])
    log = db_query(db, "SELECT congress_id, action FROM audit WHERE action LIKE 'demand.refer%' ORDER BY id")
    check([(int(c), a) for c, a in log] == [(chengguan, "demand.refer"), (jiangbei, "demand.referred_in"),
                                            (jiangbei, "demand.refer"), (liuhe, "demand.referred_in"),
                                            (chengguan, "demand.refer"), (jiangbei, "demand.referred_in")],
          "both congresses' logs", log)


def test_case_referral_across_levels(ctx):
    """a case a town's unit returned as not its remit goes up to the district: it keeps its assignments and units
    (the escalation counts on), its day of filing and its demand's tracking code; the district assigns it to a unit
    of its own; a case under way, or a suggestion, stays where it is"""
    db, srv = _demo(ctx)
    pub = Session(srv.base)
    cong = {c["name_en"]: c for c in expect(pub.get("/api/v1/congresses?per_page=50"), 200, what="congresses")["items"]}
    jiangbei = cong["Jiangbei District People's Congress"]["id"]
    chengguan = cong["Chengguan Town People's Congress"]["id"]
    town = login_session(srv, "clerk_cg", "clerk-demo")
    district = login_session(srv, "clerk_jb", "clerk-demo")
    town_unit = expect(pub.get("/api/v1/congresses/%d/units" % chengguan), 200)["items"][0]["id"]
    district_unit = expect(pub.get("/api/v1/congresses/%d/units" % jiangbei), 200)["items"][0]["id"]
    taken = expect(pub.post("/api/v1/demands", {"congress_id": chengguan, "title": "区管道路塌陷",
                                                "text": "区管主干道在镇内路段塌陷", "litigation": False}), 201)
    case = expect(town.post("/api/v1/demands/%d/cases" % taken["id"], {"case_type": "standard", "unit_id": town_unit}),
                  201, what="a case to the town's unit")
    expect(town.post("/api/v1/casework/%d/refer" % case["id"], {"congress_id": jiangbei, "note": "某"}), 409,
           "case_state", what="a case under way stays")
    expect(town.post("/api/v1/casework/%d/return" % case["id"], {"reason": "区管道路，不属本单位职责"}), 200,
           what="the unit returns it")
    before = expect(town.get("/api/v1/casework/%d" % case["id"]), 200)
    up = expect(town.post("/api/v1/casework/%d/refer" % case["id"],
                          {"congress_id": jiangbei, "note": "区管道路，由区级交办"}), 200, what="refer the case up")
    check(up["congress_id"] == jiangbei and up["status"] == "filed" and up["unit_id"] is None
          and up["created_at"] == before["created_at"] and up["units"] == before["units"], "the district's, filed",
          up)
    expect(town.get("/api/v1/casework/%d" % case["id"]), 403, what="the town holds it no more")
    track = expect(pub.post("/api/v1/demands/track", {"code": taken["code"]}), 200)
    check(track["steps"][-1]["kind"] == "referred" and "江北区" in track["steps"][-1]["note"], "the resident sees it",
          track["steps"])
    assigned = expect(district.post("/api/v1/casework/%d/assign" % case["id"], {"unit_id": district_unit,
                                                                                "cohandlers": []}),
                      200, what="the district assigns it")
    check(assigned["status"] == "assigned" and assigned["unit_id"] == district_unit
          and assigned["units"] == before["units"] + 1, "to its own unit, the units counted on", assigned)
    moved = db_query(db, "SELECT congress_id FROM demand WHERE id = ?", (taken["id"],))
    check(int(moved[0][0]) == jiangbei, "its demand moved with it", moved)
    sugg = db_query(db, "SELECT id FROM casework WHERE kind = 'suggestion' AND congress_id = ?", (jiangbei,))[0][0]
    expect(district.post("/api/v1/casework/%d/refer" % int(sugg), {"congress_id": chengguan, "note": "某"}), 409,
           "case_state", what="a deputy's suggestion stays with its congress")
