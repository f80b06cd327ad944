"""The minsheng command line: help texts, demo data, poll result and the CSV exports."""
import csv
import io
import json
import os

from client import Session
from harness import (Server, build_world, cast, check, cli, close_poll, dep_session, expect, login_session)

COMMANDS = ["init", "serve", "demo", "user", "poll", "export", "tally"]


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


def test_demo(ctx):
    """minsheng demo creates the bilingual demo once, prints the logins, and the logins work"""
    db = ctx.new_db("demo")
    first = cli(["demo", "--db", db]).stdout.decode()
    check("demo data created" in first and "clerk-demo" in first and "deputy-demo" in first,
          "demo did not report the data and the logins", first)
    again = cli(["demo", "--db", db]).stdout.decode()
    check("already has data" in again and "clerk-demo" in again, "a second demo run is not a no-op", again)
    srv = Server(db, ctx.dir, ctx.label)
    ctx.servers.append(srv)
    srv.start()
    pub = Session(srv.base)
    cong = expect(pub.get("/api/v1/congresses"), 200, what="congresses")
    check(cong["total"] == 4 and [c["level"] for c in cong["items"]].count("district") == 3,
          "the demo should have a city and 3 district congresses", cong)
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
    for login, pw, role in [("admin", "admin-demo", "admin"), ("clerk", "clerk-demo", "clerk"),
                            ("deputy01", "deputy-demo", "deputy"), ("deputy60", "deputy-demo", "deputy"),
                            ("unit01", "unit-demo", "unit")]:
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
