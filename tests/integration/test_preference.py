"""The public preference poll (群众网络投票): the clerk sets a poll up on a round that collects or compiles, prints
batches of one-time codes for a deputy (slips PDF), or a resident asks for a code by phone (sent by the spool
sender: a file per message, read here); residents approve projects within the budget with a code and no login; a
code votes once; the result (approvals, greedy and Equal Shares) is what `minsheng tally` makes of the poll's .pb
export, and every answer that shows it says it is advice, never the congress's decision."""
import concurrent.futures
import datetime
import json
import threading
import os
import random
import re
import subprocess

import dba_pg
import dba_sqlite
from client import Session
from harness import (admin_session, check, cli, create_congress, create_user, db_exec, db_query, expect,
                     import_deputies, login_session, make_cycle, make_deputies, uniq)

CODE_RX = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}")


def _at(minutes):
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=minutes)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


class W:
    pass


def _world(ctx, costs=(300, 500, 200, 400, 100), phase="compile", args=(), env=None, name="db"):
    w = W()
    w.spool = os.path.join(ctx.dir, "spool")
    os.makedirs(w.spool, exist_ok=True)
    w.srv = ctx.new_server(name=name, args=["--sender", "spool:" + w.spool] + list(args), env=env)
    w.admin = admin_session(w.srv)
    w.congress = create_congress(w.admin)
    n = uniq()
    create_user(w.admin, "pclerk%d" % n, "clerk-pass-%d" % n, "李秘书%d" % n, ["clerk"], w.congress)
    w.clerk = login_session(w.srv, "pclerk%d" % n, "clerk-pass-%d" % n)
    w.deputies = import_deputies(w.clerk, w.congress, make_deputies(2))
    w.cycle, w.cands = make_cycle(w.clerk, w.congress, list(costs), to_phase=phase)
    w.costs = dict(zip(w.cands, costs))
    w.anon = Session(w.srv.base)
    return w


def _poll(w, **over):
    body = {"title": "2027年民生实事候选项目网络投票", "budget": 800, "opens_at": _at(-5), "closes_at": _at(120)}
    body.update(over)
    return expect(w.clerk.post("/api/v1/cycles/%d/preference-polls" % w.cycle, body), 201, what="create poll")


def _codes(w, ctx, pid, count, deputy=None, station=None):
    body = {"count": count, "note": "社区联络", "base_url": "https://minsheng.example.cn/"}
    if station:
        body["station_id"] = station
    else:
        body["deputy_id"] = deputy or w.deputies[0]["id"]
    r = w.clerk.post("/api/v1/preference-polls/%d/code-batches" % pid, body)
    check(r.status == 200 and r.header("Content-Type") == "application/pdf" and r.body.startswith(b"%PDF"),
          "the code batch is a PDF", r.describe(200))
    path = os.path.join(ctx.dir, "codes-%d.pdf" % uniq())
    with open(path, "wb") as f:
        f.write(r.body)
    text = subprocess.run(["pdftotext", "-layout", path, "-"], stdout=subprocess.PIPE, check=True).stdout.decode()
    codes = CODE_RX.findall(text)
    check(len(codes) == count and len(set(codes)) == count, "%d distinct codes printed" % count, codes)
    check("参考" in text, "the slips say the result is advice", text[:500])
    if count <= 8:  # one page: its QR codes read the poll's page with each code after '#'
        # zbar misses a code now and then at one rasterisation that it reads at another (a code drawn at random,
        # read at 100 and 200 dpi, missed at 150): the page is read at three, and every code must be read once
        urls = set()
        for dpi in ("150", "200", "300"):
            prefix = path[:-4] + "-page" + dpi
            subprocess.run(["pdftoppm", "-r", dpi, "-png", path, prefix], check=True)
            for png in sorted(f for f in os.listdir(ctx.dir) if f.startswith(os.path.basename(prefix))):
                p = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable",
                                    os.path.join(ctx.dir, png)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
                urls.update(p.stdout.decode().split())
            if len(urls) >= count:
                break
        want = sorted("https://minsheng.example.cn/preference/%d#%s" % (pid, c.replace("-", "")) for c in codes)
        check(sorted(urls) == want, "the QR codes read the poll's page with the printed codes", sorted(urls), want)
    return codes


def _advice(js, what):
    a = js.get("advice") or {}
    check("不是人大的决定" in a.get("zh", "") and "never the congress's decision" in a.get("en", ""),
          "%s does not say the result is advice, never the congress's decision" % what, js)


def _spooled(w):
    out = []
    for name in sorted(os.listdir(w.spool)):
        if name.endswith(".msg"):
            with open(os.path.join(w.spool, name), encoding="utf-8") as f:
                out.append(f.read())
    return out


def test_setup_rules(ctx):
    """a poll on a round that compiles: defaults (all candidates, greedy and MES), the rules in words, the advice;
    refused: a round in vote, times in the wrong order, a foreign candidate, no rule, no budget to default to"""
    w = _world(ctx)
    p = _poll(w)
    check(sorted(x["id"] for x in p["projects"]) == sorted(w.cands), "every candidate by default", p)
    check(p["greedy"] and p["mes"] and not p["live"] and p["status"] == "draft" and not p["voting"],
          "defaults: greedy, MES, not live, draft", p)
    check("贪心" in p["rules"]["zh"] and "Equal Shares" in p["rules"]["en"], "the rules in words", p["rules"])
    _advice(p, "a poll")
    q = _poll(w, candidates=w.cands[:3], mes=False)
    check(sorted(x["id"] for x in q["projects"]) == sorted(w.cands[:3]) and not q["mes"], "three candidates", q)
    bad = [({"closes_at": _at(-10)}, 422, "pref_times"),
           ({"opens_at": "2027-13-01T00:00:00Z"}, 422, "pref_time_format"),
           ({"candidates": [w.cands[0], w.cands[0]]}, 422, "pref_candidate_twice"),
           ({"greedy": False, "mes": False}, 422, "pref_no_rule")]
    other_cycle, other = make_cycle(w.clerk, w.congress, [10], to_phase="collect")
    bad.append(({"candidates": other}, 422, "pref_not_candidate"))
    for over, status, code in bad:
        body = {"title": "t", "budget": 800, "opens_at": _at(-5), "closes_at": _at(60)}
        body.update(over)
        expect(w.clerk.post("/api/v1/cycles/%d/preference-polls" % w.cycle, body), status, code, what=code)
    # no budget given and none on the round's congress polls
    body = {"title": "t", "opens_at": _at(-5), "closes_at": _at(60)}
    expect(w.clerk.post("/api/v1/cycles/%d/preference-polls" % other_cycle, body), 422, "pref_budget_needed")
    # the round's congress poll gives the default budget
    expect(w.clerk.post("/api/v1/cycles/%d/polls" % w.cycle, {"slots": 2, "budget": 900}), 201, what="congress poll")
    d = expect(w.clerk.post("/api/v1/cycles/%d/preference-polls" % w.cycle, body), 201, what="default budget")
    check(d["budget"] == 900, "the budget defaults to the round's", d)
    # a round in vote cannot have one
    vote_cycle, _ = make_cycle(w.clerk, w.congress, [10, 20], to_phase="vote")
    body["budget"] = 100
    expect(w.clerk.post("/api/v1/cycles/%d/preference-polls" % vote_cycle, body), 409, "wrong_phase")
    # a draft is the staff's (the public reads it once open), a deputy cannot set one up
    expect(w.anon.get("/api/v1/preference-polls/%d" % p["id"]), 404, what="public read of a draft")
    expect(w.clerk.get("/api/v1/preference-polls/%d" % p["id"]), 200, what="the clerk reads the draft")
    dep = login_session(w.srv, w.deputies[0]["login"], w.deputies[0]["password"])
    expect(dep.post("/api/v1/cycles/%d/preference-polls" % w.cycle, body), 403, what="deputy sets up")
    lst = expect(w.anon.get("/api/v1/cycles/%d/preference-polls" % w.cycle), 200)
    check(len(lst["items"]) == 0, "the public sees no draft of the round", lst)
    lst = expect(w.clerk.get("/api/v1/cycles/%d/preference-polls" % w.cycle), 200)
    check(len(lst["items"]) == 3, "the staff see the round's three drafts", lst)


def test_codes_one_use(ctx):
    """codes printed for a deputy vote once each, with hyphens and lower case; a used code, an unknown code, an
    over-budget ballot, an empty one, a foreign project are refused; codes and ballots are not stored in the clear
    and a ballot names no code; a draft or closed poll takes no vote"""
    w = _world(ctx)
    p = _poll(w)
    pid = p["id"]
    codes = _codes(w, ctx, pid, 5)
    vote = "/api/v1/preference-polls/%d/ballots" % pid
    expect(w.anon.post(vote, {"code": codes[0], "choices": [w.cands[0]]}), 404, what="a draft is not public")
    expect(w.clerk.post("/api/v1/preference-polls/%d/open" % pid, {}), 200, what="open")
    expect(w.clerk.post("/api/v1/preference-polls/%d/open" % pid, {}), 409, "pref_status", what="open twice")
    r = expect(w.anon.post(vote, {"code": codes[0].lower(), "choices": [w.cands[0], w.cands[1]]}), 201, what="vote")
    _advice(r, "a ballot's answer")
    expect(w.anon.post(vote, {"code": codes[0], "choices": [w.cands[2]]}), 409, "pref_code_used", what="twice")
    expect(w.anon.post(vote, {"code": "ABCD-EFGH-JKMN-PQRS", "choices": [w.cands[2]]}), 422, "pref_code_unknown")
    expect(w.anon.post(vote, {"code": codes[1], "choices": [w.cands[0], w.cands[1], w.cands[2]]}), 422,
           "pref_over_budget", what="1000 > 800")
    expect(w.anon.post(vote, {"code": codes[1], "choices": []}), 422, "pref_empty_ballot")
    expect(w.anon.post(vote, {"code": codes[1], "choices": [w.cands[0], w.cands[0]]}), 422, "pref_choice_twice")
    expect(w.anon.post(vote, {"code": codes[1], "choices": [999999]}), 422, "pref_choice_unknown")
    # the refused ones left codes[1] unspent
    expect(w.anon.post(vote, {"code": codes[1], "choices": [w.cands[2], w.cands[4]]}), 201, what="second vote")
    dump = json.dumps(db_query(w.srv.db, "SELECT * FROM pref_code")) + json.dumps(
        db_query(w.srv.db, "SELECT * FROM pref_ballot"))
    check(not any(c.replace("-", "") in dump for c in codes), "a code stored in the clear", dump)
    cols = [r[1] for r in db_query(w.srv.db, "SELECT id, choices FROM pref_ballot ORDER BY id")]
    check(sorted(cols) == sorted(["%d,%d" % (w.cands[0], w.cands[1]), "%d,%d" % (w.cands[2], w.cands[4])]),
          "the ballots hold the choices only", cols)
    b = expect(w.clerk.get("/api/v1/preference-polls/%d/code-batches" % pid), 200)
    check(len(b["items"]) == 1 and b["items"][0]["count"] == 5 and b["items"][0]["used"] == 2
          and b["items"][0]["deputy_id"] == w.deputies[0]["id"], "the batch and its used codes", b)
    expect(w.clerk.post("/api/v1/preference-polls/%d/code-batches" % pid,
                        {"count": 2, "base_url": "https://x.cn"}), 422, "pref_holder")
    expect(w.clerk.post("/api/v1/preference-polls/%d/code-batches" % pid,
                        {"count": 2, "station_id": 999999, "base_url": "https://x.cn"}), 422, "pref_holder_unknown")
    expect(w.clerk.post("/api/v1/preference-polls/%d/code-batches" % pid,
                        {"count": 2, "station_id": 1, "deputy_id": w.deputies[0]["id"], "base_url": "https://x.cn"}),
           422, "pref_holder", what="both a station and a deputy")
    # a liaison station of the congress gets a batch too, numbered on from the first
    err = db_exec(w.srv.db, "INSERT INTO station(congress_id, kind, name, created_at) "
                            "VALUES (%d, 'station', '江北街道代表联络站', '2026-01-01T00:00:00Z')" % w.congress)
    check(err is None, "a station row", err)
    station = int(db_query(w.srv.db, "SELECT id FROM station WHERE congress_id = ?", (w.congress,))[0][0])
    _codes(w, ctx, pid, 3, station=station)
    b = expect(w.clerk.get("/api/v1/preference-polls/%d/code-batches" % pid), 200)["items"]
    check(len(b) == 2 and b[1]["station_id"] == station and b[1]["station_name"] == "江北街道代表联络站"
          and b[1]["first_serial"] == 6 and b[1]["deputy_id"] is None, "the station's batch", b)
    expect(w.clerk.post("/api/v1/preference-polls/%d/close" % pid, {}), 200, what="close")
    expect(w.anon.post(vote, {"code": codes[2], "choices": [w.cands[2]]}), 409, "pref_not_open", what="closed")
    expect(w.clerk.post("/api/v1/preference-polls/%d/code-batches" % pid,
                        {"count": 2, "deputy_id": w.deputies[0]["id"], "base_url": "https://x.cn"}), 409,
           "pref_status", what="codes for a closed poll")
    # a poll past its closing time takes no vote either
    q = _poll(w, opens_at=_at(-10), closes_at=_at(-1))
    qc = _codes(w, ctx, q["id"], 1)
    expect(w.clerk.post("/api/v1/preference-polls/%d/open" % q["id"], {}), 200)
    expect(w.anon.post("/api/v1/preference-polls/%d/ballots" % q["id"], {"code": qc[0], "choices": [w.cands[0]]}),
           409, "pref_not_open", what="past its closing time")
    # a code of one poll does not vote in another
    r2 = _poll(w)
    expect(w.clerk.post("/api/v1/preference-polls/%d/open" % r2["id"], {}), 200)
    expect(w.anon.post("/api/v1/preference-polls/%d/ballots" % r2["id"], {"code": codes[3], "choices": [w.cands[0]]}),
           422, "pref_code_unknown", what="another poll's code")


def test_phone_flow(ctx):
    """a resident asks for a code by phone: the spool sender writes the message, the code votes once; one code per
    number per poll; the number is kept only as a keyed hash; requests are limited per number and per address"""
    w = _world(ctx, env={"MINSHENG_PREF_PHONE_REQUESTS": "3", "MINSHENG_PREF_ADDRESS_REQUESTS": "6"})
    p = _poll(w)
    pid = p["id"]
    url = "/api/v1/preference-polls/%d/phone-code" % pid
    expect(w.anon.post(url, {"phone": "13812345678"}), 404, what="a draft is not public")
    expect(w.clerk.post("/api/v1/preference-polls/%d/open" % pid, {}), 200)
    r = expect(w.anon.post(url, {"phone": "+86 138-1234-5678"}), 200, what="phone code")
    check(r["sent"] is True, "sent", r)
    msgs = _spooled(w)
    check(len(msgs) == 1 and msgs[0].startswith("To: 13812345678\n\n"), "one message to the number", msgs)
    codes = sorted(set(CODE_RX.findall(msgs[0])))
    check(len(codes) == 1, "the message carries the code", msgs)
    check("参考" in msgs[0], "the message says the result is advice", msgs)
    expect(w.anon.post(url, {"phone": "13812345678"}), 409, "pref_phone_used", what="second code")
    expect(w.anon.post(url, {"phone": "12345"}), 422, "pref_phone_invalid")
    vote = "/api/v1/preference-polls/%d/ballots" % pid
    expect(w.anon.post(vote, {"code": codes[0], "choices": [w.cands[0]]}), 201, what="vote by phone code")
    expect(w.anon.post(vote, {"code": codes[0], "choices": [w.cands[1]]}), 409, "pref_code_used")
    dump = json.dumps(db_query(w.srv.db, "SELECT * FROM pref_phone")) + json.dumps(
        db_query(w.srv.db, "SELECT * FROM pref_request")) + json.dumps(db_query(w.srv.db, "SELECT * FROM pref_code"))
    check("13812345678" not in dump, "a phone number stored", dump)
    check(len(db_query(w.srv.db, "SELECT * FROM pref_phone")) == 1, "one phone row")
    # the number asked three times (three allowed): the fourth is refused, with Retry-After
    r = w.anon.post(url, {"phone": "13812345678"})
    expect(r, 429, "pref_phone_limit", what="fourth request of a number")
    check(int(r.header("Retry-After") or 0) >= 1, "Retry-After", r.describe())
    # the address: 6 allowed per window; so far 5 (4 of the number, refused ones too, and 1 invalid)
    expect(w.anon.post(url, {"phone": "13900000001"}), 200, what="sixth request")
    expect(w.anon.post(url, {"phone": "13900000002"}), 429, "pref_address_limit", what="seventh request")
    check(len(_spooled(w)) == 2, "two messages sent", _spooled(w))


def test_no_sender(ctx):
    """a server with no sender refuses phone requests; a failing command sender fails the request, keeping nothing"""
    srv = ctx.new_server()
    admin = admin_session(srv)
    congress = create_congress(admin)
    n = uniq()
    create_user(admin, "nclerk%d" % n, "clerk-pass-%d" % n, "秘书", ["clerk"], congress)
    clerk = login_session(srv, "nclerk%d" % n, "clerk-pass-%d" % n)
    cycle, cands = make_cycle(clerk, congress, [100, 200], to_phase="collect")
    p = expect(clerk.post("/api/v1/cycles/%d/preference-polls" % cycle,
                          {"title": "t", "budget": 300, "opens_at": _at(-5), "closes_at": _at(60)}), 201)
    expect(clerk.post("/api/v1/preference-polls/%d/open" % p["id"], {}), 200)
    expect(Session(srv.base).post("/api/v1/preference-polls/%d/phone-code" % p["id"], {"phone": "13812345678"}),
           503, "pref_no_sender")
    failing = os.path.join(ctx.dir, "fail.sh")
    with open(failing, "w") as f:
        f.write("#!/bin/sh\ncat > /dev/null\nexit 3\n")
    os.chmod(failing, 0o755)
    ok = os.path.join(ctx.dir, "ok.sh")
    out = os.path.join(ctx.dir, "sent.txt")
    with open(ok, "w") as f:
        f.write("#!/bin/sh\n{ echo \"$1\"; cat; } >> %s\n" % out)
    os.chmod(ok, 0o755)
    for script, status in ((failing, 503), (ok, 200)):
        s2 = ctx.add_server(srv.db, args=["--sender", "command:" + script])
        r = Session(s2.base).post("/api/v1/preference-polls/%d/phone-code" % p["id"], {"phone": "13812345678"})
        expect(r, status, "pref_send_failed" if status == 503 else None, what="command sender " + script)
    with open(out, encoding="utf-8") as f:
        text = f.read()
    check(text.startswith("13812345678\n") and CODE_RX.search(text), "the command got the number and the code", text)
    check(len(db_query(srv.db, "SELECT * FROM pref_phone")) == 1, "the failed send kept nothing")


def test_result_equals_tally(ctx):
    """random ballots within the budget: the result's approvals are the ballots', and its greedy and Equal Shares
    selections are what `minsheng tally` makes of the poll's .pb export; the public sees the result only once the
    poll is over (or live), the staff at any time; every answer says it is advice"""
    costs = (300, 500, 200, 400, 100, 250, 150)
    w = _world(ctx, costs=costs)
    p = _poll(w, budget=900)
    pid = p["id"]
    codes = _codes(w, ctx, pid, 24)
    expect(w.clerk.post("/api/v1/preference-polls/%d/open" % pid, {}), 200)
    rng = random.Random(1414)
    ballots = []
    for code in codes:
        order = w.cands[:]
        rng.shuffle(order)
        pick, total = [], 0
        for c in order[:rng.randint(1, 4)]:
            if total + w.costs[c] <= 900:
                pick.append(c)
                total += w.costs[c]
        ballots.append(pick)
        expect(w.anon.post("/api/v1/preference-polls/%d/ballots" % pid, {"code": code, "choices": pick}), 201)
    expect(w.anon.get("/api/v1/preference-polls/%d/result" % pid), 409, "pref_result_later", what="public, open")
    expect(w.anon.get("/api/v1/preference-polls/%d/pb" % pid), 409, "pref_result_later", what="public .pb, open")
    staff = expect(w.clerk.get("/api/v1/preference-polls/%d/result" % pid), 200, what="staff, open")
    check(staff["final"] is False, "not final while open", staff)
    expect(w.clerk.post("/api/v1/preference-polls/%d/close" % pid, {}), 200)
    res = expect(w.anon.get("/api/v1/preference-polls/%d/result" % pid), 200, what="public result")
    _advice(res, "the result")
    check(res["final"] and res["ballots"] == len(ballots), "final, every ballot", res)
    want = {c: sum(1 for b in ballots if c in b) for c in w.cands}
    got = {x["id"]: x["approvals"] for x in res["projects"]}
    check(got == want, "approvals per project", got, want)
    r = w.anon.get("/api/v1/preference-polls/%d/pb" % pid)
    check(r.status == 200 and "attachment" in (r.header("Content-Disposition") or ""), "the .pb", r.describe())
    text = r.body.decode("utf-8")
    check("advisory;true" in text and "never its decision" in text, "the .pb says what it is", text[:600])
    path = os.path.join(ctx.dir, "pref.pb")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    for key, rule in (("greedy", "greedy_cost"), ("mes", "mes_cost")):
        t = json.loads(cli(["tally", "--rule", rule, "--json", path]).stdout)
        mine = sorted(str(c) for c in res[key]["selected"])
        check(t["selected"] == mine, "%s: tally selects %r, the poll %r" % (rule, t["selected"], mine), t)
        check(sum(w.costs[c] for c in res[key]["selected"]) == res[key]["total_cost"] <= 900, "within the budget",
              res[key])
    # each project's measures under greedy and under Equal Shares: those `minsheng tally --measures` gives on the
    # export, in words
    for field, rule, key in (("measures", "greedy_cost", "greedy"), ("mes_measures", "mes_cost", "mes")):
        t = json.loads(cli(["tally", "--rule", rule, "--measures", "--json", path]).stdout)["measures"]
        for x in res["projects"]:
            m, want = x.get(field), t[str(x["id"])]
            check(m is not None and m["rule"] == key, "project %d has its %s measures" % (x["id"], key), x)
            add = want["add_singletons"] if isinstance(want["add_singletons"], int) else None
            check(m["selected"] == want["selected"] == (x["id"] in res[key]["selected"])
                  and m["max_cost"] == (int(want["max_cost"]) if want["max_cost"] is not None else None)
                  and m["add_singletons"] == add and m["lose_approvals"] == want["lose_approvals"]
                  and m["add_approvals"] == want["add_approvals"] and m["text"] == want["text"],
                  "project %d: the poll's %s measures are tally's" % (x["id"], key), m, want)
            if m["selected"]:
                check(m["add_singletons"] == 0 == m["add_approvals"] and m["max_cost"] >= x["cost"],
                      "a selected project's room", m)
                check((m["lose_approvals"] is not None) == (x["approvals"] > 0)
                      and (m["lose_approvals"] is None or 0 <= m["lose_approvals"] <= x["approvals"]),
                      "each rule says how many approvals a selected project could lose", m)
            else:
                check(m["max_cost"] is None or m["max_cost"] < x["cost"], "an unselected project's cost to reach", m)
                if m["add_singletons"]:
                    check("还需 %d 票赞成" % m["add_singletons"] in m["text"]["zh"]
                          and "%d more approval" % m["add_singletons"] in m["text"]["en"], "the sentence", m["text"])
                # the deputies who did not approve it: at most all of them, and said so
                nn = len(ballots) - x["approvals"]
                if m["add_approvals"] is not None:
                    check(1 <= m["add_approvals"] <= nn
                          and "未赞成的投票人中至少还需 %d 人赞成" % m["add_approvals"] in m["text"]["zh"]
                          and "At least %d more of the voters" % m["add_approvals"] in m["text"]["en"],
                          "the voters' approvals needed, in words", m, nn)
                else:  # none would, or nobody is left to approve it
                    check(("未赞成的投票人" in m["text"]["zh"]) == (nn > 0)
                          and (nn == 0 or "未赞成的投票人全部赞成也不能入选" in m["text"]["zh"]),
                          "none would, in words", m["text"], nn)
    check(any(not x["measures"]["selected"] and x["measures"]["add_singletons"] for x in res["projects"]),
          "the test poll has a project short of approvals", res["projects"])
    # a live poll shows its result while open; a greedy-only poll has no MES
    q = _poll(w, live=True, mes=False)
    expect(w.clerk.post("/api/v1/preference-polls/%d/open" % q["id"], {}), 200)
    live = expect(w.anon.get("/api/v1/preference-polls/%d/result" % q["id"]), 200, what="live result")
    check(live["mes"] is None and live["greedy"] is not None and live["ballots"] == 0 and not live["final"],
          "an empty live greedy-only result", live)
    check(all("measures" not in x and "mes_measures" not in x for x in live["projects"] + staff["projects"]),
          "measures come with the close, not the live views", live)
    _advice(live, "a live result")
    lst = expect(w.anon.get("/api/v1/preference-polls"), 200)
    check({pid, q["id"]} <= {x["id"] for x in lst["items"]}, "the public list holds open and closed polls", lst)


def test_measures_bound(ctx):
    """MINSHENG_PREF_MEASURES_WORK bounds what a close spends on Equal Shares' measures: with 0 none are computed,
    with a bound the poll's need passes they are left out (the close succeeds and greedy's are there); a bad value
    is refused at start"""
    for work in ("0", "50"):
        w = _world(ctx, env={"MINSHENG_PREF_MEASURES_WORK": work}, name="work" + work)
        p = _poll(w, budget=900)
        codes = _codes(w, ctx, p["id"], 6)
        expect(w.clerk.post("/api/v1/preference-polls/%d/open" % p["id"], {}), 200)
        for i, code in enumerate(codes):
            pick = [w.cands[i % len(w.cands)], w.cands[(i + 1) % len(w.cands)]]
            expect(w.anon.post("/api/v1/preference-polls/%d/ballots" % p["id"], {"code": code, "choices": pick}), 201)
        expect(w.clerk.post("/api/v1/preference-polls/%d/close" % p["id"], {}), 200)
        res = expect(w.anon.get("/api/v1/preference-polls/%d/result" % p["id"]), 200)
        check(res["mes"] is not None and all("mes_measures" not in x and x.get("measures") for x in res["projects"]),
              "with MINSHENG_PREF_MEASURES_WORK=%s: greedy's measures, no Equal Shares' measures" % work,
              res["projects"])
    # the default computes them (test_result_equals_tally); a value serve cannot read is refused
    p = cli(["serve", "--db", ctx.new_db("badwork"), "--listen", "127.0.0.1:0"], expect_ok=False,
            env={"MINSHENG_PREF_MEASURES_WORK": "-1"}, timeout=30)
    check(p.returncode != 0 and b"MINSHENG_PREF_MEASURES_WORK" in p.stderr, "a negative bound is refused",
          p.returncode, p.stderr)


def test_edit_draft(ctx):
    """a clerk changes a draft (title, budget, times, candidates, rules) by PATCH, only the fields given, under the
    set-up's rules; audited; refused once the poll is open; a deputy and the public cannot"""
    w = _world(ctx)
    p = _poll(w)
    url = "/api/v1/preference-polls/%d" % p["id"]
    opens, closes = _at(-2), _at(240)
    e = expect(w.clerk.patch(url, {"title": "改后的网络投票", "budget": 600, "opens_at": opens, "closes_at": closes,
                                   "candidates": w.cands[1:4], "mes": False, "live": True}), 200, what="edit")
    check(e["title"] == "改后的网络投票" and e["budget"] == 600 and e["opens_at"] == opens
          and e["closes_at"] == closes and not e["mes"] and e["greedy"] and e["live"] and e["status"] == "draft",
          "the changed settings", e)
    check(sorted(x["id"] for x in e["projects"]) == sorted(w.cands[1:4]), "the changed candidates", e["projects"])
    check("600" in e["rules"]["zh"] and "Equal Shares" not in e["rules"]["en"], "the rules in words follow", e)
    e = expect(w.clerk.patch(url, {"greedy": False, "mes": True}), 200, what="rules only")
    check(e["title"] == "改后的网络投票" and e["budget"] == 600 and sorted(x["id"] for x in e["projects"])
          == sorted(w.cands[1:4]) and e["mes"] and not e["greedy"], "the fields not given are kept", e)
    e = expect(w.clerk.patch(url, {"candidates": []}), 200, what="all candidates again")
    check(sorted(x["id"] for x in e["projects"]) == sorted(w.cands), "an empty list: all the round's", e)
    for body, code in (({"closes_at": _at(-30)}, "pref_times"), ({"greedy": False, "mes": False}, "pref_no_rule"),
                       ({"budget": 50}, "pref_budget_small"), ({"candidates": [999999]}, "pref_not_candidate"),
                       ({"opens_at": "2027-02-30T00:00:00Z"}, "pref_time_format")):
        expect(w.clerk.patch(url, body), 422, code, what=code)
    check(expect(w.clerk.get(url), 200)["budget"] == 600, "a refused change changes nothing")
    dep = login_session(w.srv, w.deputies[0]["login"], w.deputies[0]["password"])
    expect(dep.patch(url, {"title": "x"}), 403, what="a deputy edits")
    rows = db_query(w.srv.db, "SELECT detail FROM audit WHERE action = 'preference.edit' AND object = ? "
                              "ORDER BY id", ("preference_poll/%d" % p["id"],))
    check(len(rows) == 3, "each change audited", rows)
    first = json.loads(rows[0][0]) if isinstance(rows[0][0], str) else rows[0][0]
    check(first["title"] == "改后的网络投票" and first["budget"] == 600 and "candidates" in first["changed"],
          "the audit says what changed", first)
    expect(w.clerk.post("/api/v1/preference-polls/%d/open" % p["id"], {}), 200)
    expect(w.clerk.patch(url, {"title": "开始后再改"}), 409, "pref_status", what="edit an open poll")
    expect(w.clerk.post("/api/v1/preference-polls/%d/close" % p["id"], {}), 200)
    expect(w.clerk.patch(url, {"budget": 700}), 409, "pref_status", what="edit a closed poll")


def test_drafts_hidden(ctx):
    """a draft is the staff's: not in the public lists, 404 to the public (poll, result, .pb, ballots, phone codes);
    once open it is public"""
    w = _world(ctx)
    p = _poll(w)
    pid = p["id"]
    for path in ("", "/result", "/pb"):
        expect(w.anon.get("/api/v1/preference-polls/%d%s" % (pid, path)), 404, what="public GET%s of a draft" % path)
    check(pid not in [x["id"] for x in expect(w.anon.get("/api/v1/preference-polls"), 200)["items"]],
          "the public list holds no draft")
    check(expect(w.anon.get("/api/v1/cycles/%d/preference-polls" % w.cycle), 200)["items"] == [],
          "the round's public list holds no draft")
    dep = login_session(w.srv, w.deputies[0]["login"], w.deputies[0]["password"])
    expect(dep.get("/api/v1/preference-polls/%d" % pid), 404, what="a deputy reads a draft")
    expect(w.clerk.get("/api/v1/preference-polls/%d" % pid), 200, what="the clerk reads the draft")
    expect(w.clerk.get("/api/v1/preference-polls/%d/result" % pid), 200, what="the clerk's draft result")
    check([x["id"] for x in expect(w.clerk.get("/api/v1/cycles/%d/preference-polls" % w.cycle), 200)["items"]]
          == [pid], "the staff list the draft")
    expect(w.clerk.post("/api/v1/preference-polls/%d/open" % pid, {}), 200)
    expect(w.anon.get("/api/v1/preference-polls/%d" % pid), 200, what="public once open")
    check([x["id"] for x in expect(w.anon.get("/api/v1/cycles/%d/preference-polls" % w.cycle), 200)["items"]]
          == [pid], "the round's public list once open")


def test_phone_per_poll(ctx):
    """one vote per resident per poll: with two polls open on one round (different candidates), the same number gets
    a code for each, each code votes only in its own poll, and a second code for the same poll is refused; the rule
    in words says so; the limit per number counts its requests across all polls"""
    w = _world(ctx, env={"MINSHENG_PREF_PHONE_REQUESTS": "6", "MINSHENG_PREF_ADDRESS_REQUESTS": "50"})
    a = _poll(w, title="网络投票甲")
    b = _poll(w, title="网络投票乙", candidates=w.cands[:2])
    for q in (a, b):
        check("每个手机号码在本次网络投票中只能领取一个投票码" in q["rules"]["zh"]
              and "a mobile number gets one code for this poll" in q["rules"]["en"]
              and "(of this round too) has codes of its own" in q["rules"]["en"], "the rule in words", q["rules"])
    cycle2, _ = make_cycle(w.clerk, w.congress, [100, 200], to_phase="collect")
    c = expect(w.clerk.post("/api/v1/cycles/%d/preference-polls" % cycle2,
                            {"title": "另一轮", "budget": 300, "opens_at": _at(-5), "closes_at": _at(60)}), 201)
    for q in (a, b, c):
        expect(w.clerk.post("/api/v1/preference-polls/%d/open" % q["id"], {}), 200)
    url = "/api/v1/preference-polls/%d/phone-code"
    expect(w.anon.post(url % a["id"], {"phone": "13712345678"}), 200, what="a code for the first poll")
    expect(w.anon.post(url % b["id"], {"phone": "137 1234 5678"}), 200, what="a code for the second poll, same round")
    e = expect(w.anon.post(url % a["id"], {"phone": "+86 13712345678"}), 409, "pref_phone_used",
               what="a second code for the first poll")
    said = json.dumps(e, ensure_ascii=False)
    check("one code per number per poll" in said or "每个号码只能领取一个投票码" in said, "the refusal states the rule", e)
    expect(w.anon.post(url % b["id"], {"phone": "13712345678"}), 409, "pref_phone_used",
           what="a second code for the second poll")
    expect(w.anon.post(url % c["id"], {"phone": "13712345678"}), 200, what="a poll of another round")
    msgs = _spooled(w)
    check(len(msgs) == 3, "three messages", msgs)
    mine = {}
    for title in ("网络投票甲", "网络投票乙"):
        m = [x for x in msgs if "「%s」" % title in x]
        check(len(m) == 1 and m[0].startswith("To: 13712345678\n"), "one message names %s" % title, msgs)
        mine[title] = CODE_RX.findall(m[0])[0]
    ca, cb = mine["网络投票甲"], mine["网络投票乙"]
    check(ca != cb, "two codes", ca, cb)
    vote = "/api/v1/preference-polls/%d/ballots"
    expect(w.anon.post(vote % b["id"], {"code": ca, "choices": [w.cands[0]]}), 422, "pref_code_unknown",
           what="the first poll's code in the second")
    expect(w.anon.post(vote % a["id"], {"code": cb, "choices": [w.cands[0]]}), 422, "pref_code_unknown",
           what="the second poll's code in the first")
    expect(w.anon.post(vote % a["id"], {"code": ca, "choices": [w.cands[0], w.cands[2]]}), 201, what="votes in its poll")
    expect(w.anon.post(vote % b["id"], {"code": cb, "choices": [w.cands[1]]}), 201, what="votes in its poll")
    expect(w.anon.post(vote % a["id"], {"code": ca, "choices": [w.cands[1]]}), 409, "pref_code_used")
    expect(w.anon.post(vote % b["id"], {"code": cb, "choices": [w.cands[0]]}), 409, "pref_code_used")
    for q, n in ((a, 1), (b, 1)):
        r = expect(w.clerk.get("/api/v1/preference-polls/%d/result" % q["id"]), 200)
        check(r["ballots"] == n, "one ballot in each poll", r)
    rows = db_query(w.srv.db, "SELECT pref_id, phone_hash FROM pref_phone ORDER BY pref_id")
    check(sorted(int(r[0]) for r in rows) == sorted([a["id"], b["id"], c["id"]]) and len({r[1] for r in rows}) == 1,
          "one row per poll, the same keyed hash", rows)
    check("13712345678" not in json.dumps(rows), "a phone number stored", rows)
    # the number has asked five times (three codes, two refused) across polls: the sixth passes, the seventh is 429
    expect(w.anon.post(url % b["id"], {"phone": "13712345678"}), 409, "pref_phone_used", what="sixth request")
    expect(w.anon.post(url % c["id"], {"phone": "13712345678"}), 429, "pref_phone_limit",
           what="the limit per number counts every poll")
    expect(w.anon.post(url % b["id"], {"phone": "13700000000"}), 200, what="another number, the second poll")


def test_result_stored_at_close(ctx):
    """the result is computed once, when the poll closes, and stored: what is read later is the stored result (a
    ballot row slipped into the table afterwards changes nothing), and it equals `minsheng tally` on the .pb"""
    w = _world(ctx)
    p = _poll(w, budget=800)
    pid = p["id"]
    codes = _codes(w, ctx, pid, 3)
    expect(w.clerk.post("/api/v1/preference-polls/%d/open" % pid, {}), 200)
    for code, pick in zip(codes, ([w.cands[0]], [w.cands[0], w.cands[2]], [w.cands[1]])):
        expect(w.anon.post("/api/v1/preference-polls/%d/ballots" % pid, {"code": code, "choices": pick}), 201)
    check(db_query(w.srv.db, "SELECT result FROM pref_poll WHERE id = ?", (pid,))[0][0] is None,
          "no result stored while open")
    expect(w.clerk.post("/api/v1/preference-polls/%d/close" % pid, {}), 200)
    stored = db_query(w.srv.db, "SELECT result FROM pref_poll WHERE id = ?", (pid,))[0][0]
    check(stored and json.loads(stored)["ballots"] == 3, "the result stored at close", stored)
    before = expect(w.anon.get("/api/v1/preference-polls/%d/result" % pid), 200)
    path = os.path.join(ctx.dir, "stored.pb")
    with open(path, "w", encoding="utf-8") as f:
        f.write(w.anon.get("/api/v1/preference-polls/%d/pb" % pid).body.decode("utf-8"))
    for key, rule in (("greedy", "greedy_cost"), ("mes", "mes_cost")):
        t = json.loads(cli(["tally", "--rule", rule, "--json", path]).stdout)
        check(t["selected"] == sorted(str(x) for x in before[key]["selected"]), "%s = tally" % rule, t, before)
    err = db_exec(w.srv.db, "INSERT INTO pref_ballot(pref_id, id, choices) VALUES (%d, 'zz', '%d')" % (pid, w.cands[3]))
    check(err is None, "a ballot row slipped in", err)
    after = expect(w.anon.get("/api/v1/preference-polls/%d/result" % pid), 200)
    check(after == before and after["ballots"] == 3, "the stored result is served, not recomputed", after, before)


def _groups(db, table_sql):
    return sorted((str(c), int(n)) for c, n in db_query(db, table_sql))


def test_tally_counts_ballots(ctx):
    """each ballot is counted as it comes, in its own transaction (pref_tally: each distinct set of choices and how
    many ballots made it), and the result reads those counts: they equal the ballots' own, a database of before
    migration 36 gets them from its ballots, and the close counts from them"""
    w = _world(ctx)
    pid = _poll(w, budget=800)["id"]
    codes = _codes(w, ctx, pid, 7)
    expect(w.clerk.post("/api/v1/preference-polls/%d/open" % pid, {}), 200)
    c = w.cands
    picks = ([c[0]], [c[0], c[2]], [c[2], c[0]], [c[0]], [c[1]], [c[0], c[2]], [c[0]])
    for code, pick in zip(codes, picks):
        expect(w.anon.post("/api/v1/preference-polls/%d/ballots" % pid, {"code": code, "choices": pick}), 201)
    ballots_sql = "SELECT choices, count(*) FROM pref_ballot WHERE pref_id = %d GROUP BY choices" % pid
    tally_sql = "SELECT choices, sum(n) FROM pref_tally WHERE pref_id = %d GROUP BY choices" % pid
    want = sorted([(str(c[0]), 3), ("%d,%d" % (c[0], c[2]), 3), (str(c[1]), 1)])
    check(_groups(w.srv.db, ballots_sql) == want, "the ballots as cast", _groups(w.srv.db, ballots_sql), want)
    check(_groups(w.srv.db, tally_sql) == want, "the counts beside them", _groups(w.srv.db, tally_sql), want)
    # a database of before migration 36: no counts, and its ballots counted when it is upgraded — a ballot of 500
    # choices too (another poll's, a draft's: only its row matters here), longer than a PostgreSQL B-tree entry
    long_choices = ",".join(str(100000 + 7 * i) for i in range(500))
    draft = _poll(w, budget=800)["id"]
    db = w.srv.db
    w.srv.stop()
    err = db_exec(db, "INSERT INTO pref_ballot(pref_id, id, choices) VALUES (%d, 'long', '%s')" % (draft, long_choices))
    check(err is None, "a ballot of 500 choices", err)
    # (nor pref_spent, migration 37: then a code that voted was marked used in its own row; nor poll_tally, 38)
    pg = db.startswith("postgres")
    tally = ["DROP TRIGGER %s%s" % (t, " ON " + table if pg else "")
             for t, table in (("tally_ballot_in", "ballot"), ("tally_ballot_out", "ballot"),
                              ("tally_box_in", "ballot_box"), ("tally_box_out", "ballot_box"),
                              ("tally_present_in", "attendance"), ("tally_present_out", "attendance"))]
    tally += ["DROP TABLE poll_tally"] + (["DROP FUNCTION ms_tally"] if pg else [])
    for sql in ["DROP TABLE pref_tally", "DROP TABLE pref_spent"] + tally + [
                "UPDATE pref_code SET used = 1 WHERE pref_id = %d" % pid,
                "UPDATE minsheng_schema SET version = 35" if pg else "PRAGMA user_version = 35"]:
        err = db_exec(db, sql)
        check(err is None, "cannot make the old database: %s" % sql, err)
    srv = ctx.add_server(db, args=["--sender", "spool:" + w.spool])
    check(_groups(db, tally_sql) == want, "migration 36 counts the ballots already cast", _groups(db, tally_sql), want)
    long_sql = "SELECT choices, n FROM pref_tally WHERE pref_id = %d" % draft
    check(_groups(db, long_sql) == [(long_choices, 1)], "migration 36 counts a ballot of 500 choices",
          _groups(db, long_sql))
    err = db_exec(db, "INSERT INTO pref_tally(pref_id, choices, n) VALUES (%d, '%s', 1)" % (draft, long_choices))
    check(err is not None, "one row for each set of choices, however long")
    w.clerk.base, w.clerk.port = srv.base, srv.port
    w.anon = type(w.anon)(srv.base)
    # a code marked used before migration 37 stays used, and counts in its batch
    expect(w.anon.post("/api/v1/preference-polls/%d/ballots" % pid, {"code": codes[0], "choices": [c[1]]}), 409,
           "pref_code_used", what="a code spent before migration 37")
    b = expect(w.clerk.get("/api/v1/preference-polls/%d/code-batches" % pid), 200)["items"]
    check(len(b) == 1 and b[0]["used"] == 7, "the batch's codes spent before migration 37", b)
    expect(w.clerk.post("/api/v1/preference-polls/%d/close" % pid, {}), 200)
    res = expect(w.anon.get("/api/v1/preference-polls/%d/result" % pid), 200)
    got = {x["id"]: x["approvals"] for x in res["projects"]}
    check(res["ballots"] == 7 and got[c[0]] == 6 and got[c[1]] == 1 and got[c[2]] == 3 and got[c[3]] == 0,
          "the close counts the ballots from their counts", res)
    r = w.anon.get("/api/v1/preference-polls/%d/pb" % pid)
    check(r.status == 200 and r.body.count(b"\n") > 7, "the .pb of seven ballots", r.describe(200))
    # a poll of more ballots than a .pb may hold has none, said from the counts
    err = db_exec(db, "UPDATE pref_tally SET n = 1000000 WHERE pref_id = %d AND choices = '%d'" % (pid, c[1]))
    check(err is None, "a poll of a million ballots and more", err)
    expect(w.anon.get("/api/v1/preference-polls/%d/pb" % pid), 422, "pb_invalid_spec", what="a .pb past its limit")


def test_ballot_apart_from_code(ctx):
    """a ballot's transaction writes nothing that holds its code's hash (it reads pref_code and writes the code's
    spent tag, pref_spent): on PostgreSQL no code or phone row shares its xmin, on SQLite no WAL commit that writes
    a ballot holds a code's or a phone number's hash — so neither a batch's code nor a number that asked for one
    can be followed to the choices; the tag matches no code's hash; a batch counts its spent codes"""
    w = _world(ctx)
    pid = _poll(w)["id"]
    codes = _codes(w, ctx, pid, 3)
    expect(w.clerk.post("/api/v1/preference-polls/%d/open" % pid, {}), 200)
    expect(w.anon.post("/api/v1/preference-polls/%d/phone-code" % pid, {"phone": "13912345678"}), 200)
    codes += sorted(set(CODE_RX.findall(_spooled(w)[-1])))
    check(len(codes) == 4, "three printed codes and one sent", codes)
    vote = "/api/v1/preference-polls/%d/ballots" % pid
    db = w.srv.db
    pg = db.startswith("postgres")
    if pg:  # the WAL from here on, kept until read (a CHECKPOINT would recycle it)
        slot = "pref_apart_%d" % uniq()
        start = dba_pg.keep_wal(db, slot)
        # after a checkpoint the first reading of a code's row logs its page for the row's hint bits
        # (wal_log_hints, as checksums do): a record that must not carry the ballot's transaction
        check(db_exec(db, "CHECKPOINT") is None, "a checkpoint")
    for code, pick in zip(codes[1:], ([w.cands[0]], [w.cands[1], w.cands[2]], [w.cands[3]])):
        expect(w.anon.post(vote, {"code": code, "choices": pick}), 201)
    expect(w.anon.post(vote, {"code": codes[3], "choices": [w.cands[0]]}), 409, "pref_code_used")
    hashes = [r[0] for r in db_query(db, "SELECT hash FROM pref_code WHERE pref_id = ?", (pid,))]
    phones = [r[0] for r in db_query(db, "SELECT phone_hash FROM pref_phone WHERE pref_id = ?", (pid,))]
    tags = [r[0] for r in db_query(db, "SELECT tag FROM pref_spent WHERE pref_id = ?", (pid,))]
    check(len(hashes) == 4 and len(phones) == 1 and len(tags) == 3 and not set(tags) & set(hashes),
          "three spent tags, none a code's hash", hashes, tags)
    check([int(r[0]) for r in db_query(db, "SELECT used FROM pref_code WHERE pref_id = ?", (pid,))] == [0] * 4,
          "a ballot does not touch its code's row")
    b = expect(w.clerk.get("/api/v1/preference-polls/%d/code-batches" % pid), 200)["items"]
    check(len(b) == 1 and b[0]["used"] == 2, "the batch counts its two spent codes (the sent one is in none)", b)
    if pg:
        def xids(sql):
            return {r[0] for r in db_query(db, sql % pid)}
        ballots = xids("SELECT xmin::text FROM pref_ballot WHERE pref_id = %d")
        spent = xids("SELECT xmin::text FROM pref_spent WHERE pref_id = %d")
        apart = set()
        for t in ("pref_code", "pref_phone"):
            apart |= xids("SELECT xmin::text FROM " + t + " WHERE pref_id = %d")
            apart |= xids("SELECT xmax::text FROM " + t + " WHERE pref_id = %d")   # a row lock leaves its xid too
        check(len(ballots) == 3 and ballots == spent, "each ballot's transaction wrote its spent tag", ballots, spent)
        check(not ballots & apart, "a ballot's transaction wrote or locked a code's or a number's row", ballots, apart)
        try:
            touches = dba_pg.wal_touches(db, start)
        finally:
            dba_pg.release_wal(db, slot)
        nodes = {int(r[0]) for r in db_query(db, "SELECT pg_relation_filenode('pref_code') UNION "
                                                 "SELECT pg_relation_filenode('pref_phone')")}
        spent_node = int(db_query(db, "SELECT pg_relation_filenode('pref_spent')")[0][0])
        mine = [rels for xid, rels in touches if str(xid) in ballots]
        check(any(spent_node in rels for rels in mine), "the WAL records of the ballots' transactions are read",
              len(touches), len(mine))
        code_node = int(db_query(db, "SELECT pg_relation_filenode('pref_code')")[0][0])
        check(any(xid == 0 and code_node in rels for xid, rels in touches),
              "the page image the first reading of a code logs (no transaction) is read too", len(touches))
        check(not any(rels & nodes for rels in mine),
              "a WAL record of a ballot's transaction touches a page of pref_code or pref_phone")
        return
    with open(db, "rb") as f:
        main = f.read()
    with open(db + "-wal", "rb") as f:
        wal = f.read()
    commits, frames = [], []
    for fr in dba_sqlite.SqliteCopy(main, wal).frames:
        frames.append(fr["data"])
        if fr["commit"]:
            commits.append(b"".join(frames))
            frames = []
    voted = [c for c in commits if any(t.encode() in c for t in tags)]
    check(len(voted) >= 3, "the WAL holds the commits of the three ballots", len(commits), len(voted))
    for c in voted:
        check(not any(h.encode() in c for h in hashes + phones),
              "a WAL commit that spends a code holds a code's or a number's hash")
    check(any(any(h.encode() in c for h in hashes) for c in commits), "the WAL holds the codes' hashes too")


def test_close_race(ctx):
    """ballots fired from many threads while the clerk closes the poll: every ballot answered 201 is in the result
    stored at the close, and none is taken after it (on PostgreSQL the close and a ballot lock the poll's row)"""
    w = _world(ctx, costs=(100, 200, 300))
    p = _poll(w, budget=600)
    pid = p["id"]
    codes = []
    for _ in range(3):
        codes += _codes(w, ctx, pid, 40)
    expect(w.clerk.post("/api/v1/preference-polls/%d/open" % pid, {}), 200)
    vote = "/api/v1/preference-polls/%d/ballots" % pid
    start = threading.Barrier(9)
    lock = threading.Lock()
    answers = []

    def voter(part):
        s = Session(w.srv.base)
        start.wait()
        for code in part:
            r = s.post(vote, {"code": code, "choices": [w.cands[len(code) % 3 and 1 or 0], w.cands[2]]})
            with lock:
                answers.append((r.status, r.code))

    def closer():
        start.wait()
        while True:  # close once some ballots are in
            with lock:
                n = len(answers)
            if n >= 15:
                break
        return w.clerk.post("/api/v1/preference-polls/%d/close" % pid, {})

    with concurrent.futures.ThreadPoolExecutor(9) as ex:
        futs = [ex.submit(voter, codes[k::8]) for k in range(8)]
        closing = ex.submit(closer)
        for f in futs:
            f.result()
        expect(closing.result(), 200, what="close while ballots arrive")
    took = sum(1 for st, _ in answers if st == 201)
    refused = [(st, c) for st, c in answers if st != 201]
    check(all(st == 409 and c == "pref_not_open" for st, c in refused), "the others found it closed", refused)
    check(15 <= took < len(codes), "some ballots before the close, some after", took, len(refused))
    stored = json.loads(db_query(w.srv.db, "SELECT result FROM pref_poll WHERE id = ?", (pid,))[0][0])
    rows = len(db_query(w.srv.db, "SELECT id FROM pref_ballot WHERE pref_id = ?", (pid,)))
    check(stored["ballots"] == took == rows, "every ballot taken is in the stored result, none after it",
          stored["ballots"], took, rows)
    res = expect(w.anon.get("/api/v1/preference-polls/%d/result" % pid), 200)
    check(res["ballots"] == took, "the result counts every ballot taken", res)
