"""Candidate import by CSV (POST /cycles/{id}/candidates/import): good import, dry run, line-numbered faults
with nothing saved, header faults, duplicates in the file and in the cycle, units by name, phases and roles."""
from client import Session
from harness import (admin_session, check, create_congress, create_user, expect, list_all, login_session,
                     make_cycle, uniq)


def _setup(ctx, phase="collect"):
    srv = ctx.new_server()
    admin = admin_session(srv)
    cid = create_congress(admin)
    n = uniq()
    create_user(admin, "cand-clerk%d" % n, "clerk-pass-1", "王秘书", ["clerk"], cid)
    clerk = login_session(srv, "cand-clerk%d" % n, "clerk-pass-1")
    unit = expect(clerk.post("/api/v1/congresses/%d/units" % cid,
                             {"name": "市住房和城乡建设局", "name_en": "Housing Bureau"}), 201, what="unit")
    cycle, _ = make_cycle(clerk, cid, [], unit_id=unit["id"], to_phase=phase)
    return srv, admin, cid, clerk, cycle, unit


def _import(sess, cycle, csv, dry_run=None):
    body = {"csv": csv}
    if dry_run is not None:
        body["dry_run"] = dry_run
    return sess.post("/api/v1/cycles/%d/candidates/import" % cycle, body)


def _candidates(sess, cycle):
    return list_all(sess, "/api/v1/cycles/%d/candidates" % cycle)


GOOD = ('\ufeffcost,title,unit,category,description,title_en,location,description_en\r\n'
        '38000000,老旧小区加装电梯,市住房和城乡建设局,住房,"加装电梯, 方便老人",Lifts,全市,Lifts for old blocks\r\n'
        '1200000,社区食堂,Housing Bureau,民生,"""长者""食堂",Canteens,江北区,\r\n'
        '0,公园厕所改造,,环境,,,,\r\n')


def test_good_import(ctx):
    """a CSV in any column order with units by name or English name imports every row (201) and logs it"""
    srv, admin, cid, clerk, cycle, unit = _setup(ctx)
    r = _import(clerk, cycle, GOOD)
    js = expect(r, 201, what="import candidates")
    check(js.get("created") == 3 and js.get("dry_run") is False and js.get("errors") == [],
          "import answered created=%r dry_run=%r errors=%r" % (js.get("created"), js.get("dry_run"),
                                                               js.get("errors")), r.describe())
    want_rows = [(2, "老旧小区加装电梯", 38000000, unit["id"], "市住房和城乡建设局"),
                 (3, "社区食堂", 1200000, unit["id"], "市住房和城乡建设局"),
                 (4, "公园厕所改造", 0, None, None)]
    got_rows = [(x.get("line"), x.get("title"), x.get("cost"), x.get("unit_id"), x.get("unit_name"))
                for x in js.get("rows") or []]
    check(got_rows == want_rows, "rows are %r, want %r" % (got_rows, want_rows), r.describe())
    items, total = _candidates(clerk, cycle)
    check(total == 3, "%d candidates after import, want 3" % total, items)
    by = {it["title"]: it for it in items}
    lift = by.get("老旧小区加装电梯") or {}
    check(lift.get("cost") == 38000000 and lift.get("unit_id") == unit["id"] and lift.get("category") == "住房"
          and lift.get("description") == "加装电梯, 方便老人" and lift.get("title_en") == "Lifts"
          and lift.get("location") == "全市" and lift.get("description_en") == "Lifts for old blocks",
          "the first candidate was stored wrong", lift)
    canteen = by.get("社区食堂") or {}
    check(canteen.get("description") == '"长者"食堂' and canteen.get("description_en") in (None, ""),
          "quoting or an empty optional cell was stored wrong", canteen)
    wc = by.get("公园厕所改造") or {}
    check(wc.get("cost") == 0 and wc.get("unit_id") is None and wc.get("title_en") in (None, ""),
          "the row without a unit was stored wrong", wc)
    cy = expect(clerk.get("/api/v1/cycles/%d" % cycle), 200, what="cycle")
    check(cy.get("candidates") == 3, "the cycle counts %r candidates, want 3" % cy.get("candidates"))
    audit = expect(admin.get("/api/v1/audit?q=candidate.import"), 200, what="audit")
    entries = [a for a in audit.get("items") or [] if a.get("action") == "candidate.import"]
    check(len(entries) == 1 and entries[0].get("object") == "cycle/%d" % cycle,
          "want one candidate.import audit entry on cycle/%d" % cycle, audit)
    # Only title and cost are required; the compile phase takes imports too.
    expect(clerk.post("/api/v1/cycles/%d/phase" % cycle, {"phase": "compile"}), 200, what="-> compile")
    js = expect(_import(clerk, cycle, "title,cost\n路灯,5000\n"), 201, what="import in compile")
    check(js.get("created") == 1, "compile import created %r" % js.get("created"))


def test_dry_run(ctx):
    """a dry run (200) previews every row and saves nothing; an empty file body is 200 with no rows"""
    srv, admin, cid, clerk, cycle, unit = _setup(ctx)
    r = _import(clerk, cycle, GOOD, dry_run=True)
    js = expect(r, 200, what="dry run")
    check(js.get("dry_run") is True and js.get("created") == 0 and js.get("errors") == [],
          "dry run answered %r" % js, r.describe())
    check([x.get("line") for x in js.get("rows") or []] == [2, 3, 4], "dry-run rows", r.describe())
    items, total = _candidates(clerk, cycle)
    check(total == 0, "%d candidates after a dry run, want 0" % total, items)
    js = expect(_import(clerk, cycle, "title,cost\n", dry_run=False), 201, what="header only")
    check(js.get("created") == 0 and js.get("rows") == [], "a header-only file created %r" % js.get("created"))


def test_bad_rows(ctx):
    """bad rows answer 422 invalid_csv listing each fault with its line and field; nothing is saved"""
    srv, admin, cid, clerk, cycle, unit = _setup(ctx)
    other = create_congress(admin)
    expect(admin.post("/api/v1/congresses/%d/units" % other, {"name": "外市交通局"}), 201, what="other unit")
    expect(clerk.post("/api/v1/cycles/%d/candidates" % cycle, {"title": "已有项目", "cost": 10}), 201,
           what="existing candidate")
    csv = ("title,cost,unit\n"
           "好项目,100,市住房和城乡建设局\n"         # 2 good
           ",100,\n"                                # 3 empty title
           "负数,-5,\n"                              # 4 negative cost
           "不是数,12万,\n"                          # 5 cost not a number
           "无单位,100,不存在的局\n"                  # 6 unknown unit
           "外市,100,外市交通局\n"                    # 7 unit of another congress
           "少一列,100\n"                            # 8 wrong number of fields
           "好项目,200,\n"                           # 9 repeats line 2
           "已有项目,300,\n"                         # 10 exists in the cycle
           "%s,1,\n"                                # 11 title too long
           "空成本,,\n"                              # 12 cost missing
           % ("长" * 201))
    r = _import(clerk, cycle, csv)
    expect(r, 422, "invalid_csv", what="import with bad rows")
    det = (r.json["error"].get("details") or {})
    got = sorted((e.get("line"), e.get("field")) for e in det.get("errors") or [])
    want = sorted([(3, "title"), (4, "cost"), (5, "cost"), (6, "unit"), (7, "unit"), (8, "csv"), (9, "title"),
                   (10, "title"), (11, "title"), (12, "cost")])
    check(got == want, "errors (line, field) are %r, want %r" % (got, want), r.describe(3000))
    for e in det.get("errors") or []:
        check(isinstance(e.get("message"), str) and e["message"], "an error has no message", e)
    msgs = {(e["line"], e["field"]): e["message"] for e in det["errors"]}
    check("twice" in msgs[(9, "title")] and "already" in msgs[(10, "title")],
          "duplicate messages do not say what is duplicated", msgs)
    check("不存在的局" in msgs[(6, "unit")], "the unknown unit is not named", msgs[(6, "unit")])
    rows = det.get("rows") or []
    check([x.get("line") for x in rows] == [2, 3, 4, 5, 6, 7, 9, 10, 11, 12],
          "details.rows lines are %r" % [x.get("line") for x in rows], r.describe(3000))
    items, total = _candidates(clerk, cycle)
    check(total == 1, "%d candidates after a refused import, want 1 (the existing one)" % total, items)
    # The same file without the bad rows passes.
    expect(_import(clerk, cycle, "title,cost,unit\n好项目,100,市住房和城乡建设局\n"), 201, what="good row alone")


def test_header_faults(ctx):
    """unknown, repeated or missing required columns, an empty file and broken quoting answer 422, each with its code"""
    srv, admin, cid, clerk, cycle, unit = _setup(ctx)
    for csv, code, what in (("title,cost,budget\n项目,1,2\n", "csv_unknown_column", "unknown column"),
                            ("title,cost,title\n项目,1,项目\n", "csv_repeated_column", "repeated column"),
                            ("title,unit\n项目,\n", "csv_missing_column", "no cost column"),
                            ("cost\n1\n", "csv_missing_column", "no title column"),
                            ("\n\n", "csv_empty", "empty file"),
                            ('title,cost\n"unterminated,1\n', "csv_syntax", "broken quoting")):
        r = _import(clerk, cycle, csv)
        expect(r, 422, code, what=what)
        check(r.json["error"].get("field") == "csv" and r.json["error"].get("message_zh"),
              "%s: the fault is not under the field csv in both languages" % what, r.describe())
    expect(_import(clerk, cycle, ""), 422, "invalid_value", what="empty csv string")
    r = clerk.post("/api/v1/cycles/%d/candidates/import" % cycle, {"csv": "title,cost\n", "extra": 1})
    expect(r, 400, "unknown_field", what="unknown body field")
    r = clerk.post("/api/v1/cycles/%d/candidates/import" % cycle, {"csv": "title,cost\n", "dry_run": "yes"})
    expect(r, 400, "invalid_field", what="dry_run not a boolean")
    items, total = _candidates(clerk, cycle)
    check(total == 0, "%d candidates after refused imports" % total, items)


def test_wrong_phase(ctx):
    """in phase vote (or later) the import answers 409 wrong_phase"""
    srv, admin, cid, clerk, cycle, unit = _setup(ctx, phase="vote")
    expect(_import(clerk, cycle, "title,cost\n项目,1\n"), 409, "wrong_phase", what="import in phase vote")
    expect(_import(admin, cycle, "title,cost\n项目,1\n", dry_run=True), 409, "wrong_phase",
           what="dry run in phase vote")


def test_roles(ctx):
    """clerk of another congress 403, deputy 403, anonymous 401, missing cycle 404; admin may import"""
    srv, admin, cid, clerk, cycle, unit = _setup(ctx)
    other = create_congress(admin)
    create_user(admin, "other-clerk", "clerk-pass-2", "李秘书", ["clerk"], other)
    oclerk = login_session(srv, "other-clerk", "clerk-pass-2")
    csv = "title,cost\n项目,1\n"
    expect(_import(oclerk, cycle, csv), 403, "forbidden", what="clerk of another congress")
    create_user(clerk, "cand-deputy", "deputy-pass-1", "代表", ["deputy"], cid)
    dep = login_session(srv, "cand-deputy", "deputy-pass-1")
    expect(_import(dep, cycle, csv), 403, "forbidden", what="deputy")
    expect(Session(srv.base).post("/api/v1/cycles/%d/candidates/import" % cycle, {"csv": csv}), 401,
           "unauthenticated", what="anonymous")
    expect(_import(clerk, 999999, csv), 404, "not_found", what="missing cycle")
    expect(clerk.get("/api/v1/cycles/%d/candidates/import" % cycle), 405, "method_not_allowed", what="GET")
    items, total = _candidates(clerk, cycle)
    check(total == 0, "refused imports saved %d candidates" % total, items)
    js = expect(_import(admin, cycle, csv), 201, what="admin import")
    check(js.get("created") == 1, "admin import created %r" % js.get("created"))


def test_rationale_and_finish_by(ctx):
    """a candidate's rationale (立项理由) and completion day (完成时限): set by the API and by CSV, a day cleared by
    null, a day that is no date refused (422 on the API, a fault on its line in CSV, nothing saved), both audited"""
    srv, admin, cid, clerk, cycle, unit = _setup(ctx)
    c = expect(clerk.post("/api/v1/cycles/%d/candidates" % cycle,
                          {"title": "背街小巷改造", "cost": 500000, "rationale": "群众反映强烈，连续三年列入代表建议",
                           "finish_by": "2026-10-31"}), 201, what="a candidate with both")
    check(c.get("rationale") == "群众反映强烈，连续三年列入代表建议" and c.get("finish_by") == "2026-10-31",
          "the candidate keeps its rationale and day", c)
    plain = expect(clerk.post("/api/v1/cycles/%d/candidates" % cycle, {"title": "公厕提升", "cost": 1}), 201)
    check(plain.get("rationale") == "" and plain.get("finish_by") is None, "neither given: '' and null", plain)
    for bad in ("2026-02-30", "2026/10/31", "明年年底"):
        r = clerk.patch("/api/v1/candidates/%d" % c["id"], {"finish_by": bad})
        expect(r, 422, what="finish_by %s" % bad)
        check("finish_by" in r.describe(), "the fault names finish_by", r.describe())
    got = expect(clerk.get("/api/v1/candidates/%d" % c["id"]), 200)
    check(got.get("finish_by") == "2026-10-31", "a refused change keeps the day", got)
    # a PATCH without it keeps it; null clears it
    got = expect(clerk.patch("/api/v1/candidates/%d" % c["id"], {"cost": 600000}), 200)
    check(got.get("finish_by") == "2026-10-31" and got.get("rationale").startswith("群众"), "kept", got)
    got = expect(clerk.patch("/api/v1/candidates/%d" % c["id"], {"finish_by": None}), 200)
    check(got.get("finish_by") is None, "null clears the day", got)
    audit = expect(admin.get("/api/v1/audit?q=candidate.update"), 200)
    details = [a.get("detail") for a in audit.get("items") or [] if a.get("object") == "candidate/%d" % c["id"]]
    check(any(isinstance(d, dict) and "finish_by" in d and d["finish_by"] is None for d in details),
          "the clearing is in the audit", details)
    long = "理" * 2001
    expect(clerk.patch("/api/v1/candidates/%d" % c["id"], {"rationale": long}), 422, what="rationale too long")
    # CSV: the two columns; a bad day is a fault on its line and nothing is saved
    r = _import(clerk, cycle, "title,cost,rationale,finish_by\n路灯,100,夜间照明不足,2026-12-31\n座椅,50,,明年\n")
    expect(r, 422, "invalid_csv", what="a bad day in CSV")
    faults = sorted((e.get("line"), e.get("field")) for e in (r.json["error"].get("details") or {}).get("errors"))
    check(faults == [(3, "finish_by")], "the bad day's fault", r.describe(2000))
    items, total = _candidates(clerk, cycle)
    check(total == 2, "nothing saved from the refused file", items)
    expect(_import(clerk, cycle, "title,cost,rationale,finish_by\n路灯,100,夜间照明不足,2026-12-31\n座椅,50,,\n"), 201)
    by = {it["title"]: it for it in _candidates(clerk, cycle)[0]}
    check(by["路灯"].get("rationale") == "夜间照明不足" and by["路灯"].get("finish_by") == "2026-12-31",
          "the CSV's rationale and day", by["路灯"])
    check(by["座椅"].get("finish_by") is None and by["座椅"].get("rationale") == "", "empty cells: none", by["座椅"])
