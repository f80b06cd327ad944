"""承办单位考核 and its league tables ("赛马", issue 14). A congress with five responsible units and one round whose vote
made five projects: plans published, progress reports (published) marking milestones reached early, on the day, late
or not at all, acceptances (验收) on time and late, a year-end evaluation whose verdicts are 满意 / 基本满意 / 不满意.
Every unit's components and score are computed here, independently, from the records the test made (Fraction), and
must equal the API's exact figures; the league order, ties (two units with equal scores share a rank), classes, red
and black lists; a month's table; one unit's figures traced to the records (ids); the trend; the settings in words,
changed by staff only and checked; the casework rates say they have no data."""
import os
import subprocess
from fractions import Fraction

from client import Session
from harness import (admin_session, cast, check, checkin, cli, close_poll, create_congress, create_user, expect,
                     import_deputies, list_all, login_session, make_deputies)
from scrutineers import SHARES, name_scrutineers, post_open
from test_progress_report import XLSX_TYPE, read_xlsx, row_of

Y = 2031
TODAY = "%d-12-31" % Y
COMPONENTS = ("on_time", "delivery", "satisfaction", "response_rate", "resolution_rate", "casework_satisfaction",
              "tasks")  # tasks: no target list here, so no data (tests/integration/test_target.py counts it)
DEFAULT = {"on_time": 25, "delivery": 25, "satisfaction": 30, "response_rate": 5, "resolution_rate": 5,
           "casework_satisfaction": 10, "tasks": 0, "excellent_min": 90, "good_min": 80, "pass_min": 60}


def d(md):
    return "%d-%s" % (Y, md)


# Each project: its unit (index), plan (start, finish, milestones' planned days), milestones reached (number: day),
# acceptance day (None: not accepted) and the four deputies' ratings.
SPECS = [
    dict(unit=0, start=d("01-10"), finish=d("10-31"), planned=[d("03-31"), d("06-30"), d("09-30")],
         reached={1: d("03-20"), 2: d("07-05"), 3: d("09-30")}, accepted=d("10-20"),
         ratings=["satisfied", "satisfied", "satisfied", "basic"]),
    dict(unit=0, start=d("02-01"), finish="%d-03-31" % (Y + 1), planned=[d("05-31"), "%d-02-28" % (Y + 1)],
         reached={1: d("05-31")}, accepted=None, ratings=["satisfied", "basic", "basic", "dissatisfied"]),
    dict(unit=1, start=d("01-15"), finish=d("09-30"), planned=[d("04-30"), d("07-31")],
         reached={1: d("05-10"), 2: d("08-15")}, accepted=d("10-15"),
         ratings=["dissatisfied", "dissatisfied", "basic", "satisfied"]),
    dict(unit=2, start=d("03-01"), finish=d("12-15"), planned=[d("06-30")], reached={1: d("06-01")},
         accepted=d("12-10"), ratings=["satisfied"] * 4),
    dict(unit=3, start=d("03-01"), finish=d("12-15"), planned=[d("06-30")], reached={1: d("06-01")},
         accepted=d("12-10"), ratings=["satisfied"] * 4),
]
VERDICT_POINTS = {"satisfied": Fraction(1), "basic": Fraction(1, 2), "dissatisfied": Fraction(0)}


class _W:
    pass


def _plan(s):
    return {"targets": "按计划完成建设任务", "start_on": s["start"], "finish_on": s["finish"], "budget": 100,
            "milestones": [{"title": "节点%d" % (i + 1), "planned_on": p, "percent": 30 * (i + 1)}
                           for i, p in enumerate(s["planned"])]}


def _world(ctx):
    """The congress, its five units (the fifth has no project), the round voted, delivered and evaluated."""
    w = _W()
    w.srv = ctx.new_server(env={"MINSHENG_TODAY": d("10-01")})  # the reports are filed on 1 October
    admin = admin_session(w.srv)
    w.congress = c = create_congress(admin)
    create_user(admin, "assess-clerk", "clerk-pass-1", "考核秘书", ["clerk"], c)
    w.clerk = clerk = login_session(w.srv, "assess-clerk", "clerk-pass-1")
    w.deputies = import_deputies(clerk, c, make_deputies(4))
    w.units = [expect(clerk.post("/api/v1/congresses/%d/units" % c, {"name": name}), 201)["id"]
               for name in ("市住建局", "市交通局", "市水务局", "市卫健委", "市民政局")]
    create_user(clerk, "assess-unit", "unit-pass-1", "住建科长", ["unit"], c, w.units[0])
    w.cycle = expect(clerk.post("/api/v1/congresses/%d/cycles" % c, {"year": Y, "title": "%d年民生实事" % Y}),
                     201)["id"]
    w.cands = []
    for i, s in enumerate(SPECS + [dict(unit=4)]):
        w.cands.append(expect(clerk.post("/api/v1/cycles/%d/candidates" % w.cycle, {
            "title": "项目%d" % (i + 1), "description": "说明", "category": "住房", "cost": 100,
            "unit_id": w.units[s["unit"]], "location": "城区"}), 201)["id"])
    for ph in ("compile", "vote"):
        expect(clerk.post("/api/v1/cycles/%d/phase" % w.cycle, {"phase": ph}), 200, what=ph)
    poll = expect(clerk.post("/api/v1/cycles/%d/polls" % w.cycle, {"slots": 5, "max_approvals": 5}), 201)["id"]
    ids = [x["id"] for x in w.deputies]
    checkin(clerk, poll, ids)
    sessions = [login_session(w.srv, x["login"], x["password"]) for x in w.deputies]
    name_scrutineers(clerk, poll, [(ids[0], sessions[0])])
    expect(post_open(clerk, poll), 200, what="open")
    for s in sessions:
        cast(s, poll, w.cands[:5])
    close_poll(clerk, poll)
    expect(clerk.post("/api/v1/cycles/%d/phase" % w.cycle, {"phase": "implement"}), 200, what="implement")
    projects, _ = list_all(clerk, "/api/v1/cycles/%d/projects" % w.cycle)
    by_cand = {p["candidate_id"]: p for p in projects}
    check(sorted(by_cand) == sorted(w.cands[:5]), "five projects", projects)
    w.projects = [by_cand[cand]["id"] for cand in w.cands[:5]]
    w.reports = {}  # (project, milestone) -> report id
    for pid, s in zip(w.projects, SPECS):
        expect(clerk.put("/api/v1/projects/%d/plan" % pid, _plan(s)), 200, what="plan of %d" % pid)
        expect(clerk.post("/api/v1/projects/%d/plan/publish" % pid), 200, what="publish plan")
        for no, day in sorted(s["reached"].items()):
            done = 100 if s["accepted"] and no == max(s["reached"]) else 30 * no
            r = expect(clerk.post("/api/v1/projects/%d/reports" % pid, {
                "body": "节点%d完成" % no, "percent_done": done, "spent": 10 * no,
                "milestones": [{"milestone": no, "reached_on": day}]}), 201, what="report")
            expect(clerk.post("/api/v1/reports/%d/publish" % r["id"]), 200, what="publish report")
            w.reports[(pid, no)] = r["id"]
    # the year's last day: the acceptances, the evaluation, the assessment
    w.srv.stop()
    w.srv = ctx.add_server(w.srv.db, env={"MINSHENG_TODAY": TODAY}, name="year-end")
    w.clerk = clerk = login_session(w.srv, "assess-clerk", "clerk-pass-1")
    sessions = [login_session(w.srv, x["login"], x["password"]) for x in w.deputies]
    # the daily relight made supervision tasks for projects gone silent: done, so that acceptance may follow
    for t in list_all(clerk, "/api/v1/congresses/%d/tasks?state=open" % c)[0]:
        expect(clerk.post("/api/v1/tasks/%d/done" % t["id"], {"note": "已办结"}), 200, what="task done")
    for pid, s in zip(w.projects, SPECS):
        if s["accepted"]:
            expect(clerk.post("/api/v1/projects/%d/accept" % pid, {"accepted_on": s["accepted"],
                                                                   "note": "验收合格，同意交付使用。"}), 200,
                   what="accept %d" % pid)
    # the year-end evaluation: four deputies rate the five projects
    expect(clerk.post("/api/v1/cycles/%d/phase" % w.cycle, {"phase": "evaluate"}), 200, what="evaluate")
    ev = expect(clerk.post("/api/v1/cycles/%d/evaluations" % w.cycle, {}), 201, what="evaluation")["poll"]["id"]
    name_scrutineers(clerk, ev, [(ids[0], sessions[0])])
    checkin(clerk, ev, ids)
    expect(post_open(clerk, ev), 200, what="open the evaluation")
    for i, s in enumerate(sessions):
        expect(s.post("/api/v1/polls/%d/ballot" % ev, {"ratings": {
            str(cand): SPECS[k]["ratings"][i] for k, cand in enumerate(w.cands[:5])}}), 201, what="rate")
    expect(clerk.post("/api/v1/evaluations/%d/close" % ev, {"shares": SHARES[(clerk.base, ev)]}), 200, what="close")
    w.evaluation = ev
    # the verdicts, as the records hold them
    w.verdicts = {}
    for pid in w.projects:
        v = expect(Session(w.srv.base).get("/api/v1/projects/%d/verdicts" % pid), 200)["items"]
        check(len(v) == 1, "one verdict of project %d" % pid, v)
        w.verdicts[pid] = v[0]["verdict"]
    check([w.verdicts[p] for p in w.projects] == ["satisfied", "basic", "dissatisfied", "satisfied", "satisfied"],
          "the ratings make each kind of verdict", w.verdicts)
    w.anon = Session(w.srv.base)
    return w


def _expected(w, settings, first, last, month=False):
    """Every unit's components and score, from the test's own records: {unit id: (components, score or None)}."""
    out = {}
    for ui, unit in enumerate(w.units):
        num = dict.fromkeys(COMPONENTS, 0)
        den = dict.fromkeys(COMPONENTS, 0)
        for pid, s in zip(w.projects, SPECS):
            if s["unit"] != ui:
                continue
            for i, planned in enumerate(s["planned"]):
                if first <= planned <= last:
                    den["on_time"] += 1
                    reached = s["reached"].get(i + 1)
                    num["on_time"] += bool(reached and reached <= planned)
            if first <= s["finish"] <= last:
                den["delivery"] += 1
                num["delivery"] += bool(s["accepted"] and s["accepted"] <= s["finish"])
            if not month:  # the evaluation closed today (the real clock): no month of year Y holds it
                den["satisfaction"] += 2
                num["satisfaction"] += int(2 * VERDICT_POINTS[w.verdicts[pid]])
        comps = {k: (num[k], den[k]) for k in COMPONENTS}
        weights = {k: settings[k] for k in COMPONENTS if den[k] and settings[k]}
        if not weights:
            out[unit] = (comps, None)
            continue
        score = 100 * sum(weights[k] * Fraction(num[k], den[k]) for k in weights) / sum(weights.values())
        out[unit] = (comps, max(score, Fraction(0)))  # no penalty consequences here (see below)
    return out


def _klass(score, s):
    if score is None:
        return "none"
    return ("excellent" if score >= s["excellent_min"] else "good" if score >= s["good_min"] else
            "pass" if score >= s["pass_min"] else "fail")


def _frac(text):
    return Fraction(text) if text is not None else None


def _check_table(w, table, want, settings):
    """The API's table equals the independent computation: components, exact scores, classes, ranks, order."""
    rows = table["units"]
    check(sorted(r["unit_id"] for r in rows) == sorted(w.units), "every unit in the table", rows)
    for r in rows:
        comps, score = want[r["unit_id"]]
        got = {c["key"]: (c["num"], c["den"]) for c in r["components"]}
        check(got == comps, "unit %d: components" % r["unit_id"], got, comps)
        for c in r["components"]:
            check(c["no_data"] == (c["den"] == 0) and
                  (c["share"] is None if c["den"] == 0 else Fraction(c["share"]) == Fraction(c["num"], c["den"])),
                  "unit %d: %s says no data or its share" % (r["unit_id"], c["key"]), c)
        check(_frac(r["score"]) == score, "unit %d: exact score" % r["unit_id"], r["score"], score)
        if score is not None:
            check(r["score_decimal"] == "%.2f" % (float(score) + 1e-9), "unit %d: decimal" % r["unit_id"], r)
        check(r["class"] == _klass(score, settings), "unit %d: class" % r["unit_id"], r)
        check(r["red_list"] == (r["class"] == "excellent") and r["black_list"] == (r["class"] == "fail"),
              "unit %d: red / black list" % r["unit_id"], r)
    scored = sorted((u for u in w.units if want[u][1] is not None), key=lambda u: (-want[u][1], w.units.index(u)))
    unscored = [u for u in w.units if want[u][1] is None]
    check([r["unit_id"] for r in rows] == scored + unscored, "table order: by score, ties by unit, then no score",
          [r["unit_id"] for r in rows], scored + unscored)
    for r in rows:
        s = want[r["unit_id"]][1]
        expect_rank = None if s is None else 1 + sum(1 for u in scored if want[u][1] > s)
        check(r["rank"] == expect_rank, "unit %d: competition rank" % r["unit_id"], r["rank"], expect_rank)
    check(table["red_list"] == [r["unit_id"] for r in rows if r["class"] == "excellent"] and
          table["black_list"] == [r["unit_id"] for r in rows if r["class"] == "fail"], "the lists", table)
    check(table["scored"] == len(scored), "units scored", table["scored"])


def test_league_table_equals_independent_count(ctx):
    """the year's table: every unit's components and exact score equal the test's count from the raw records
    (default weights 25/25/30 and the casework rates 5/5/10 left out for want of data); two units tie at 100 and
    share rank 1, the next is 3rd; excellent on the red list, fail on the black list, the unit without a project
    has no score and comes last; a month's table counts that month's milestones only; the settings changed by the
    clerk give the new table, refused when inconsistent and to others"""
    w = _world(ctx)
    c = w.congress
    t = expect(w.anon.get("/api/v1/congresses/%d/assessment?year=%d" % (c, Y)), 200, what="league table")
    check(t["period"] == {"year": Y, "month": None, "from": d("01-01"), "to": TODAY}, "the period", t["period"])
    want = _expected(w, DEFAULT, d("01-01"), TODAY)
    _check_table(w, t, want, DEFAULT)
    u = w.units
    ranks = {r["unit_id"]: (r["rank"], r["class"], r["score"]) for r in t["units"]}
    check(ranks[u[2]] == (1, "excellent", "100") and ranks[u[3]] == (1, "excellent", "100"), "a tie at 100", ranks)
    check(ranks[u[0]] == (3, "good", "1325/16") and ranks[u[1]] == (4, "fail", "0") and ranks[u[4]][0] is None,
          "82.8125 is third and good; nothing done is fourth and fails; no project, no rank", ranks)
    check(t["red_list"] == [u[2], u[3]] and t["black_list"] == [u[1]], "red and black lists", t)
    rule = t["settings"]
    check("25" in rule["words"]["en"] and "90" in rule["words"]["zh"] and "left out" in rule["words"]["en"],
          "the rule in words", rule["words"])
    for comp in rule["components"]:
        check(comp["definition"]["zh"] and comp["definition"]["en"], "each component defined in words", comp)
    # a month: June (milestones planned in June only; no acceptance due, no evaluation closed in it)
    june = expect(w.anon.get("/api/v1/congresses/%d/assessment?year=%d&month=6" % (c, Y)), 200, what="June")
    check(june["period"]["from"] == d("06-01") and june["period"]["to"] == d("06-30"), "June", june["period"])
    _check_table(w, june, _expected(w, DEFAULT, d("06-01"), d("06-30"), month=True), DEFAULT)
    expect(w.anon.get("/api/v1/congresses/%d/assessment?year=%d&month=13" % (c, Y)), 400, "assess_period",
           what="month 13")
    expect(w.anon.get("/api/v1/congresses/%d/assessment?year=1999" % c), 400, "assess_period", what="year 1999")
    # the settings: staff only, checked, then the table follows them
    url = "/api/v1/congresses/%d/assessment-settings" % c
    got = expect(w.anon.get(url), 200)
    check({k: got[k] for k in DEFAULT} == DEFAULT, "the defaults", got)
    new = {"on_time": 50, "delivery": 10, "satisfaction": 40, "response_rate": 0, "resolution_rate": 0,
           "casework_satisfaction": 0, "excellent_min": 95, "good_min": 85, "pass_min": 70}
    unit = login_session(w.srv, "assess-unit", "unit-pass-1")
    expect(unit.put(url, new), 403, "forbidden", what="a unit sets its own rules")
    expect(w.anon.put(url, new), 401, what="anonymous")
    expect(w.clerk.put(url, dict(new, on_time=0, delivery=0, satisfaction=0)), 422, "assess_no_weight",
           what="all weights 0")
    expect(w.clerk.put(url, dict(new, good_min=96)), 422, "assess_bands", what="good above excellent")
    expect(w.clerk.put(url, dict(new, on_time=1001)), 422, "invalid_value", what="a weight over 1000")
    check({k: expect(w.anon.get(url), 200)[k] for k in DEFAULT} == DEFAULT, "the refusals changed nothing")
    got = expect(w.clerk.put(url, new), 200, what="new settings")
    check({k: got[k] for k in new} == new and "50" in got["words"]["zh"], "stored, in words", got)
    t2 = expect(w.anon.get("/api/v1/congresses/%d/assessment?year=%d" % (c, Y)), 200)
    _check_table(w, t2, _expected(w, new, d("01-01"), TODAY), new)


def test_unit_assessment_traced_and_trend(ctx):
    """a unit's assessment names the records behind each figure: the milestones (with the reports that reached
    them), the projects due and their acceptance, the verdicts (with the evaluation), the penalties; the casework
    rates say why they have no data; the trend has the year with the same score; an unknown unit is 404"""
    w = _world(ctx)
    u0 = w.units[0]
    a = expect(w.anon.get("/api/v1/units/%d/assessment?year=%d" % (u0, Y)), 200, what="unit 0")
    want = _expected(w, DEFAULT, d("01-01"), TODAY)
    check(_frac(a["unit"]["score"]) == want[u0][1] and a["unit"]["rank"] == 3 and a["scored"] == 4
          and a["units"] == 5, "the unit's line of the table", a["unit"])
    rec = a["records"]
    p1, p2 = w.projects[0], w.projects[1]
    ms = sorted((m["project_id"], m["milestone"], m["planned_on"], m["reached_on"], m["report_id"], m["on_time"])
                for m in rec["on_time"])
    check(ms == sorted([(p1, 1, d("03-31"), d("03-20"), w.reports[(p1, 1)], True),
                        (p1, 2, d("06-30"), d("07-05"), w.reports[(p1, 2)], False),
                        (p1, 3, d("09-30"), d("09-30"), w.reports[(p1, 3)], True),
                        (p2, 1, d("05-31"), d("05-31"), w.reports[(p2, 1)], True)]),
          "the four milestones due in the year, each with its report; the next year's left out", ms)
    check([(p["project_id"], p["finish_on"], p["accepted_on"], p["delivered"]) for p in rec["delivery"]] ==
          [(p1, d("10-31"), d("10-20"), True)], "one project due in the year, accepted in time", rec["delivery"])
    check(sorted((v["project_id"], v["poll_id"], v["verdict"], v["points"]["num"]) for v in rec["satisfaction"]) ==
          sorted([(p1, w.evaluation, "satisfied", 2), (p2, w.evaluation, "basic", 1)]), "the two verdicts",
          rec["satisfaction"])
    check(rec["penalties"] == [] and a["unit"]["penalty"] == 0, "no penalty consequence", rec["penalties"])
    for k in ("response_rate", "resolution_rate", "casework_satisfaction"):
        check(rec["casework"][k]["no_data"] and rec["casework"][k]["why"], "%s: no data, and why" % k, rec)
        comp = [x for x in a["unit"]["components"] if x["key"] == k][0]
        check(comp["no_data"] and comp["den"] == 0, "%s has no data, not a zero" % k, comp)
    tr = expect(w.anon.get("/api/v1/units/%d/assessment/trend" % u0), 200, what="trend")
    check([(i["year"], i["score"], i["rank"], i["class"]) for i in tr["items"]] == [(Y, "1325/16", 3, "good")],
          "the trend: the year of the round", tr)
    empty = expect(w.anon.get("/api/v1/units/%d/assessment?year=%d" % (w.units[4], Y)), 200)
    check(empty["unit"]["score"] is None and empty["unit"]["class"] == "none" and empty["records"]["on_time"] == [],
          "a unit without projects: no score, no records", empty["unit"])
    expect(w.anon.get("/api/v1/units/999999/assessment"), 404, "not_found", what="no such unit")
    expect(w.anon.get("/api/v1/congresses/999999/assessment"), 404, "not_found", what="no such congress")


def test_exports_xlsx_pdf_and_cli(ctx):
    """the league table as XLSX (考核排名: rank, unit, score to two decimals and exact, class, lists, each component
    num/den or 无数据, penalty; 评分规则: the rule and each definition) and as PDF (title, units, classes, the rule in
    words), public as the table is; `minsheng report assessment` writes the same PDF; a bad month is a 400"""
    w = _world(ctx)
    c = w.congress
    r = w.anon.get("/api/v1/congresses/%d/assessment.xlsx?year=%d" % (c, Y))
    check(r.status == 200 and r.header("Content-Type") == XLSX_TYPE and r.body[:2] == b"PK", "an XLSX", r.describe())
    check("assessment-%d.xlsx" % Y in (r.header("Content-Disposition") or ""), "its name", r.header("Content-Disposition"))
    book = read_xlsx(r.body)
    check(list(book) == ["考核排名", "评分规则"], "two sheets", list(book))
    t = book["考核排名"]
    check("%d年度承办单位考核排名" % Y in t["A1"], "the title", t["A1"])
    table = expect(w.anon.get("/api/v1/congresses/%d/assessment?year=%d" % (c, Y)), 200)
    for u in table["units"]:
        row = row_of(t, "B", u["name"])
        check(row is not None, "unit %s listed" % u["name"], t)
        check(t.get("E%d" % row) == u["class_name"] and t.get("D%d" % row) == (u["score"] or "—"),
              "unit %s: class and exact score" % u["name"], u)
        if u["score_decimal"]:
            check(abs(t["C%d" % row] - float(u["score_decimal"])) < 1e-9 and t["A%d" % row] == u["rank"],
                  "unit %s: score and rank" % u["name"], u)
        comps = [t.get("%s%d" % (col, row)) for col in "GHIJKLM"]
        want = ["无数据 no data" if x["no_data"] else "%d/%d" % (x["num"], x["den"]) for x in u["components"]]
        check(comps == want, "unit %s: components" % u["name"], comps, want)
    rules = book["评分规则"]
    check(rules["B2"] == table["settings"]["words"]["zh"] and rules["C2"] == table["settings"]["words"]["en"],
          "the rule in words", rules)
    r = w.anon.get("/api/v1/congresses/%d/assessment.pdf?year=%d" % (c, Y))
    check(r.status == 200 and r.header("Content-Type") == "application/pdf" and r.body[:5] == b"%PDF-", "a PDF",
          r.describe())
    path = os.path.join(ctx.dir, "table.pdf")
    with open(path, "wb") as f:
        f.write(r.body)
    text = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, check=True).stdout.decode()
    for want in ["%d年度承办单位考核排名" % Y, "市住建局", "市卫健委", "优秀", "不合格", "红榜", "黑榜"]:
        check(want in text, "the PDF shows %s" % want, text[:2000])
    check("第1页共1页" in text.replace(" ", ""), "the page number", text[-300:])
    expect(w.anon.get("/api/v1/congresses/%d/assessment.pdf?year=%d&month=0x" % (c, Y)), 400, what="a bad month")
    out = os.path.join(ctx.dir, "cli.pdf")
    cli(["report", "assessment", "--congress", str(c), "--year", str(Y), "--format", "pdf", "--out", out,
         "--db", w.srv.db], what="report assessment", env={"MINSHENG_TODAY": TODAY})
    text2 = subprocess.run(["pdftotext", "-layout", out, "-"], capture_output=True, check=True).stdout.decode()
    check("市住建局" in text2 and "优秀" in text2, "the CLI writes the table", text2[:1000])
