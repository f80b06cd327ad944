"""Sessions, cookies, CSRF, roles and congress isolation."""
from client import Session
from harness import (ADMIN_LOGIN, ADMIN_PASSWORD, admin_session, build_world, cast, check, checkin, cli,
                     create_congress, create_user, db_exec, db_query, dep_session, expect, get_poll, is_pg,
                     list_all, login_session, make_deputies, roster_csv, post_open)


def test_login_cookie_flags(ctx):
    """login sets ms_session with HttpOnly, SameSite=Strict, Path=/ and returns the csrf token"""
    srv = ctx.new_server()
    s = Session(srv.base)
    r = s.login(ADMIN_LOGIN, ADMIN_PASSWORD)
    js = expect(r, 200, what="login")
    check(isinstance(js.get("csrf_token"), str) and len(js["csrf_token"]) >= 16,
          "csrf_token missing or short", r.describe())
    user = js.get("user") or {}
    check(user.get("login") == ADMIN_LOGIN and "admin" in (user.get("roles") or []),
          "login answer has the wrong user", r.describe())
    text = r.body.decode("utf-8", "replace").lower()
    check("hash" not in text and ADMIN_PASSWORD not in text, "login answer leaks the password or its hash",
          r.describe())
    cookies = [c for c in r.header_all("Set-Cookie") if c.strip().startswith("ms_session=")]
    check(len(cookies) == 1, "want exactly one Set-Cookie for ms_session, got %r" % r.header_all("Set-Cookie"))
    attrs = [a.strip().lower() for a in cookies[0].split(";")[1:]]
    check("httponly" in attrs, "ms_session cookie lacks HttpOnly: %s" % cookies[0])
    check("samesite=strict" in attrs, "ms_session cookie lacks SameSite=Strict: %s" % cookies[0])
    check("path=/" in attrs, "ms_session cookie lacks Path=/: %s" % cookies[0])
    me = expect(s.get("/api/v1/me"), 200, what="GET /me")
    check(me.get("csrf_token") == js["csrf_token"], "GET /me returns a different csrf_token than login",
          "login %r, me %r" % (js["csrf_token"], me.get("csrf_token")))
    check((me.get("user") or {}).get("login") == ADMIN_LOGIN, "GET /me names the wrong user", me)


def test_bad_credentials(ctx):
    """wrong password and unknown login both answer 401 bad_credentials, the same way"""
    srv = ctx.new_server()
    a = Session(srv.base).login(ADMIN_LOGIN, "wrong-password")
    b = Session(srv.base).login("no-such-user", "wrong-password")
    expect(a, 401, "bad_credentials", what="wrong password")
    expect(b, 401, "bad_credentials", what="unknown login")
    check(a.json == b.json, "wrong password and unknown login answer differently", a.describe(), b.describe())
    set_session = [c for c in a.header_all("Set-Cookie")
                   if c.startswith("ms_session=") and c.split(";")[0].strip() != "ms_session="]
    check(not set_session, "a failed login set a session cookie: %r" % set_session)


def test_logout(ctx):
    """logout deletes the session: the old cookie no longer works"""
    srv = ctx.new_server()
    s = admin_session(srv)
    old_cookie = s.cookie_header()
    expect(s.post("/api/v1/logout", csrf=False), 403, "csrf", what="logout without X-CSRF-Token")
    expect(s.get("/api/v1/me"), 200, what="still logged in after the refused logout")
    r = s.post("/api/v1/logout")
    js = expect(r, 200, what="logout")
    check(js == {"ok": True}, "logout answered %r, want {\"ok\": true}" % js)
    check(any(c.startswith("ms_session=") for c in r.header_all("Set-Cookie")),
          "logout does not clear the cookie (no Set-Cookie)", r.describe())
    replay = Session(srv.base)
    replay.cookies["ms_session"] = old_cookie.split("=", 1)[1]
    expect(replay.get("/api/v1/me"), 401, "unauthenticated", what="GET /me with the logged-out cookie")


def test_csrf(ctx):
    """a mutation without or with a wrong X-CSRF-Token answers 403 csrf and changes nothing"""
    srv = ctx.new_server()
    admin = admin_session(srv)
    cid = create_congress(admin)
    body = {"year": 2031, "title": "年度", "title_en": "year"}
    expect(admin.post("/api/v1/congresses/%d/cycles" % cid, body, csrf=False), 403, "csrf",
           what="create cycle without X-CSRF-Token")
    expect(admin.post("/api/v1/congresses/%d/cycles" % cid, body, csrf="f" * 64), 403, "csrf",
           what="create cycle with a wrong X-CSRF-Token")
    expect(admin.post("/api/v1/congresses", {"name": "丙", "name_en": "C", "level": "city", "parent_id": None},
                      csrf=False), 403, "csrf", what="create congress without X-CSRF-Token")
    # another session's token does not work either
    other = admin_session(srv)
    if other.csrf != admin.csrf:
        expect(admin.post("/api/v1/congresses/%d/cycles" % cid, body, csrf=other.csrf), 403, "csrf",
               what="create cycle with another session's token")
    total = list_all(admin, "/api/v1/congresses/%d/cycles" % cid)[1]
    check(total == 0, "%d cycles exist after the refused requests, want 0" % total)
    total = list_all(admin, "/api/v1/congresses")[1]
    check(total == 1, "%d congresses exist after the refused request, want 1" % total)
    expect(admin.post("/api/v1/congresses/%d/cycles" % cid, body), 201, what="create cycle with the token")


def test_roles(ctx):
    """deputies and unit officers cannot do clerk or admin work (403 forbidden)"""
    w = build_world(ctx, n_deputies=4, costs=(10, 20, 30), poll={"slots": 2}, present=3, open_poll=False)
    d = dep_session(w, 0)
    expect(d.post("/api/v1/congresses", {"name": "丁", "name_en": "D", "level": "city", "parent_id": None}),
           403, "forbidden", what="deputy creates a congress")
    expect(post_open(d, w.poll), 403, "forbidden", what="deputy opens the poll")
    expect(d.post("/api/v1/polls/%d/checkin" % w.poll, {"deputy_ids": [w.deputies[3]["id"]]}), 403,
           "forbidden", what="deputy checks in a deputy")
    expect(d.get("/api/v1/congresses/%d/deputies" % w.congress), 403, "forbidden", what="deputy lists deputies")
    expect(d.get("/api/v1/audit"), 403, "forbidden", what="deputy reads the audit log")
    expect(d.post("/api/v1/users", {"login": "sneaky", "name": "x",
                                    "roles": ["admin"], "congress_id": None, "unit_id": None}),
           403, "forbidden", what="deputy creates an admin")
    expect(d.post("/api/v1/congresses/%d/deputies/import" % w.congress,
                  {"csv": roster_csv(make_deputies(1))}), 403, "forbidden", what="deputy imports a roster")
    p = get_poll(w.clerk, w.poll)
    check(p.get("status") == "draft" and p.get("deputies_present") == 3,
          "the poll changed after refused requests", p)
    # a clerk may create deputies of its own congress, but no admin or clerk
    expect(w.clerk.post("/api/v1/users", {"login": "evil-admin", "name": "x",
                                          "roles": ["admin"], "congress_id": None, "unit_id": None}),
           403, "forbidden", what="clerk creates an admin")
    expect(w.clerk.post("/api/v1/users", {"login": "evil-clerk", "name": "x",
                                          "roles": ["clerk"], "congress_id": w.congress, "unit_id": None}),
           403, "forbidden", what="clerk creates a clerk")
    created = create_user(w.clerk, "newdep%d" % w.congress, "newdep-pass", "新代表", ["deputy"], w.congress)
    text = str(created).lower()
    check("hash" not in text and "newdep-pass" not in text, "the created user leaks its password (hash)", created)
    # unit officer: cannot vote
    unit = expect(w.clerk.post("/api/v1/congresses/%d/units" % w.congress, {"name": "市水务局", "name_en": "Water"}),
                  201, what="create unit")
    create_user(w.admin, "officer%d" % w.congress, "officer-pass", "李科长", ["unit"], w.congress, unit["id"])
    officer = login_session(w.srv, "officer%d" % w.congress, "officer-pass")
    checkin(w.clerk, w.poll, [w.deputies[3]["id"]])
    expect(post_open(w.clerk, w.poll), 200, what="open")
    expect(officer.post("/api/v1/polls/%d/ballot" % w.poll, {"choices": [w.cands[0]]}), 403, "forbidden",
           what="unit officer casts a ballot")
    expect(w.clerk.post("/api/v1/polls/%d/ballot" % w.poll, {"choices": [w.cands[0]]}), 403, "forbidden",
           what="clerk casts a ballot")
    p = get_poll(w.clerk, w.poll)
    check(p.get("ballots_cast") == 0, "ballots_cast is %r after refused ballots, want 0" % p.get("ballots_cast"))


def test_duplicate_login(ctx):
    """creating a user with a taken login answers 409 duplicate"""
    srv = ctx.new_server()
    admin = admin_session(srv)
    cid = create_congress(admin)
    create_user(admin, "dup-user", "dup-pass-123", "甲", ["deputy"], cid)
    create_user(admin, "dup-user", "dup-pass-456", "乙", ["deputy"], cid, status=409)
    r = admin.post("/api/v1/users", {"login": "dup-user", "name": "乙",
                                     "roles": ["deputy"], "congress_id": cid, "unit_id": None})
    expect(r, 409, "login_taken", what="duplicate login")
    login_session(srv, "dup-user", "dup-pass-123")
    expect(Session(srv.base).login("dup-user", "dup-pass-456"), 401, "bad_credentials",
           what="login with the refused duplicate's password")


def test_login_case_insensitive(ctx):
    """issue 11 defect 10: DEPUTY01 and deputy01 cannot coexist (user, CLI, roster), and a login is found whatever
    its case"""
    srv = ctx.new_server()
    admin = admin_session(srv)
    cid = create_congress(admin)
    create_user(admin, "Case-User01", "case-pass-123", "甲", ["deputy"], cid)
    r = admin.post("/api/v1/users", {"login": "case-user01", "name": "乙",
                                     "roles": ["deputy"], "congress_id": cid, "unit_id": None})
    expect(r, 409, "login_taken", what="a login that differs from a taken one only in case")
    add = cli(["user", "add", "--db", srv.db, "--login", "CASE-USER01", "--password", "case-pass-789",
               "--name", "丙", "--role", "deputy", "--congress", str(cid)], expect_ok=False)
    check(add.returncode != 0, "minsheng user add accepts a login taken in another case", add.stdout, add.stderr)
    r = admin.post("/api/v1/congresses/%d/deputies/import" % cid,
                   {"csv": roster_csv([{"name": "丁", "login": "CASE-user01", "password": "case-pass-000"}])})
    expect(r, 422, "invalid_csv", what="a roster row whose login is taken in another case")
    check([x["code"] for x in r.json["error"]["details"]["errors"]] == ["login_taken"], "the row fault", r.json)
    r = admin.post("/api/v1/congresses/%d/deputies/import" % cid,
                   {"csv": roster_csv([{"name": "戊", "login": "Twin01", "password": "twin-pass-000"},
                                       {"name": "己", "login": "twin01", "password": "twin-pass-111"}])})
    expect(r, 409, "login_taken", what="a roster with two logins that differ only in case")
    rows = db_query(srv.db, 'SELECT login FROM "user" WHERE lower(login) IN (?, ?)', ("case-user01", "twin01"))
    check(sorted(r[0] for r in rows) == ["Case-User01"], "a second login in another case was stored", rows)
    for typed in ("Case-User01", "case-user01", "CASE-USER01"):
        s = login_session(srv, typed, "case-pass-123")
        me = expect(s.get("/api/v1/me"), 200, what="me after logging in as %s" % typed)
        check(me["user"]["login"] == "Case-User01", "logging in as %s finds another account" % typed, me)
    expect(Session(srv.base).login("case-user01", "case-pass-456"), 401, "bad_credentials",
           what="login with the refused twin's password")


def test_login_case_migration(ctx):
    """issue 11 defect 10: migration 8 keeps the oldest of logins that differ only in case and renames the others
    to LOGIN-dupID, then refuses such twins"""
    db = ctx.new_db()
    # A database of before migration 8 (MINSHENG_SCHEMA_UPTO=7) that holds twins.
    old = {"MINSHENG_SCHEMA_UPTO": "7"}
    cli(["init", "--db", db], env=old)
    cli(["user", "add", "--db", db, "--login", ADMIN_LOGIN, "--password", ADMIN_PASSWORD, "--name", "管理员",
         "--role", "admin"], env=old)
    cli(["user", "add", "--db", db, "--login", "DEPUTY01", "--password", "old-pass-123", "--name", "甲",
         "--role", "admin"], env=old)
    for sql in ('INSERT INTO "user"(login, name, pw_hash, created_at) '
                "SELECT 'deputy01', '乙', pw_hash, created_at FROM \"user\" WHERE login = 'DEPUTY01'",
                'INSERT INTO "user"(login, name, pw_hash, created_at) '
                "SELECT 'Deputy01', '丙', pw_hash, created_at FROM \"user\" WHERE login = 'DEPUTY01'"):
        err = db_exec(db, sql)
        check(err is None, "cannot prepare the old database: %s" % sql, err)
    srv = ctx.add_server(db)
    rows = sorted((int(i), l) for i, l in db_query(db, 'SELECT id, login FROM "user" WHERE lower(login) LIKE ?',
                                                    ("deputy01%",)))
    want = [(rows[0][0], "DEPUTY01")] + [(i, "%s-dup%d" % (l, i)) for i, l in
                                         zip([r[0] for r in rows[1:]], ("deputy01", "Deputy01"))]
    check(rows == want, "migration 8 did not keep the oldest login and rename the later twins", rows, want)
    for login in ("deputy01", "deputy01-dup%d" % rows[1][0], "DEPUTY01-DUP%d" % rows[2][0]):
        s = login_session(srv, login, "old-pass-123")
        expect(s.get("/api/v1/me"), 200, what="me as %s after the migration" % login)
    admin = admin_session(srv)
    r = admin.post("/api/v1/users", {"login": "Deputy01", "name": "丁",
                                     "roles": ["admin"], "congress_id": None, "unit_id": None})
    expect(r, 409, "login_taken", what="a twin login after migration 8")


def _two_congresses(ctx):
    """Congress A with an open poll and congress B with an open poll, one server."""
    a = build_world(ctx, n_deputies=3, costs=(10, 20, 30), poll={"slots": 2}, present=3)
    b = build_world(ctx, n_deputies=3, costs=(10, 20, 30), poll={"slots": 2}, present=3, srv=a.srv,
                    admin=a.admin)
    return a, b


def test_deputy_other_congress(ctx):
    """a deputy of congress A cannot vote or act in congress B (403)"""
    a, b = _two_congresses(ctx)
    d = dep_session(a, 0)
    expect(d.post("/api/v1/polls/%d/ballot" % b.poll, {"choices": [b.cands[0]]}), 403, "forbidden",
           what="deputy of A votes in B's poll")
    expect(d.post("/api/v1/polls/%d/checkin" % b.poll, {"deputy_ids": [a.deputies[0]["id"]]}), 403, "forbidden",
           what="deputy of A checks in at B")
    pb = get_poll(b.clerk, b.poll)
    check(pb.get("ballots_cast") == 0 and pb.get("deputies_present") == 3,
          "B's poll changed after refused requests", pb)
    # B's clerk cannot check A's deputy in at B
    expect(b.clerk.post("/api/v1/polls/%d/checkin" % b.poll, {"deputy_ids": [a.deputies[1]["id"]]}),
           422, "not_a_deputy", what="check in a deputy of another congress")
    pb = get_poll(b.clerk, b.poll)
    check(pb.get("deputies_present") == 3, "B's deputies_present is %r, want 3" % pb.get("deputies_present"))
    # the deputy can still vote at home
    cast(d, a.poll, [a.cands[0]])
    # a deputy of B is unaffected
    cast(dep_session(b, 0), b.poll, [b.cands[1]])
    pb = get_poll(b.clerk, b.poll)
    check(pb.get("ballots_cast") == 1, "B's ballots_cast is %r, want 1" % pb.get("ballots_cast"))


def test_clerk_other_congress(ctx):
    """the clerk of congress A cannot manage congress B (403) and B is unchanged"""
    a, b = _two_congresses(ctx)
    c = a.clerk
    B, P = b.congress, b.poll
    attempts = [
        ("POST", "/api/v1/congresses/%d/cycles" % B, {"year": 2040, "title": "x", "title_en": "x"}),
        ("POST", "/api/v1/congresses/%d/units" % B, {"name": "局", "name_en": "Bureau"}),
        ("POST", "/api/v1/congresses/%d/deputies/import" % B, {"csv": roster_csv(make_deputies(2))}),
        ("GET", "/api/v1/congresses/%d/deputies" % B, None),
        ("POST", "/api/v1/cycles/%d/candidates" % b.cycle, {"title": "x", "cost": 1}),
        ("PATCH", "/api/v1/candidates/%d" % b.cands[0], {"title": "篡改"}),
        ("POST", "/api/v1/cycles/%d/phase" % b.cycle, {"phase": "implement"}),
        ("POST", "/api/v1/cycles/%d/polls" % b.cycle, {"slots": 1}),
        ("POST", "/api/v1/polls/%d/checkin" % P, {"deputy_ids": [b.deputies[0]["id"]]}),
        ("GET", "/api/v1/polls/%d/attendance" % P, None),
        ("POST", "/api/v1/polls/%d/paper-ballots" % P, {"ballots": [[b.cands[0]]]}),
        ("POST", "/api/v1/polls/%d/close" % P, None),
        ("POST", "/api/v1/users", {"login": "intruder", "name": "x",
                                   "roles": ["deputy"], "congress_id": B, "unit_id": None}),
        ("GET", "/api/v1/audit?congress_id=%d" % B, None),
    ]
    for method, path, body in attempts:
        if body is None:
            r = c.request(method, path)
        else:
            r = c.request(method, path, body)
        if path.startswith("/api/v1/audit"):
            # a clerk sees its own congress only: either 403 or an answer without B's entries
            if r.status == 200:
                leaked = [it for it in r.json.get("items", []) if it.get("congress_id") == B]
                check(not leaked, "clerk of A reads B's audit entries", r.describe(800))
                continue
        expect(r, 403, "forbidden", what="clerk of A: %s %s" % (method, path))
    pb = get_poll(b.clerk, P)
    check(pb.get("status") == "open" and pb.get("ballots_cast") == 0 and pb.get("deputies_present") == 3,
          "B's poll changed after the refused requests", pb)
    total = list_all(b.clerk, "/api/v1/congresses/%d/deputies" % B)[1]
    check(total == 3, "B has %d deputies after the refused import, want 3" % total)
    cyc = expect(Session(a.srv.base).get("/api/v1/cycles/%d" % b.cycle), 200, what="get B's cycle")
    check(cyc.get("phase") == "vote", "B's cycle is in phase %r, want vote" % cyc.get("phase"))
    cand = expect(Session(a.srv.base).get("/api/v1/candidates/%d" % b.cands[0]), 200, what="get B's candidate")
    check(cand.get("title") != "篡改", "B's candidate was renamed by A's clerk")
    total = list_all(b.clerk, "/api/v1/congresses/%d/cycles" % B)[1]
    check(total == 1, "B has %d cycles, want 1" % total)
    check(Session(a.srv.base).login("intruder", "intruder-pass").status == 401, "the intruder user was created")


def test_session_isolation(ctx):
    """each login gets a new session and token; logging one out leaves the other; a logged-out deputy cannot vote"""
    w = build_world(ctx, n_deputies=3, costs=(10, 20, 30), poll={"slots": 2}, present=3)
    d = w.deputies[0]
    s1 = login_session(w.srv, d["login"], d["password"])
    s2 = login_session(w.srv, d["login"], d["password"])
    check(s1.cookies.get("ms_session") != s2.cookies.get("ms_session"), "two logins share one session id")
    check(s1.csrf != s2.csrf, "two sessions share one csrf token")
    expect(s1.post("/api/v1/polls/%d/ballot" % w.poll, {"choices": [w.cands[0]]}, csrf=s2.csrf), 403, "csrf",
           what="ballot with the other session's csrf token")
    # a new login from a client that already holds a session replaces the session id (no fixation)
    old = s1.cookies.get("ms_session")
    expect(s1.login(d["login"], d["password"]), 200, what="login again")
    check(s1.cookies.get("ms_session") != old, "logging in again keeps the old session id")
    expect(s2.post("/api/v1/logout"), 200, what="logout s2")
    expect(s1.get("/api/v1/me"), 200, what="the other session after logout")
    expect(s2.post("/api/v1/polls/%d/ballot" % w.poll, {"choices": [w.cands[0]]}, csrf="x" * 32), 401,
           "unauthenticated", what="ballot from a logged-out session")
    # the ballot reads its session in the group of ballots committed together (api.c): each refusal as before
    expect(Session(w.srv.base).post("/api/v1/polls/%d/ballot" % w.poll, {"choices": [w.cands[0]]}, csrf="x" * 32),
           401, "unauthenticated", what="ballot without a session cookie")
    forged = Session(w.srv.base)
    forged.cookies["ms_session"] = "not-a-token"
    expect(forged.post("/api/v1/polls/%d/ballot" % w.poll, {"choices": [w.cands[0]]}, csrf="x" * 32), 401,
           "unauthenticated", what="ballot with a malformed session cookie")
    expect(s1.post("/api/v1/polls/%d/ballot" % w.poll, {"choices": [w.cands[0]]}, csrf=False), 403, "csrf",
           what="ballot without its csrf token")
    p = get_poll(w.clerk, w.poll)
    check(p.get("ballots_cast") == 0, "ballots_cast is %r, want 0" % p.get("ballots_cast"))
    cast(s1, w.poll, [w.cands[0]])
