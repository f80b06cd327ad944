"""Deputies own their credentials (issue 11, defect 3): the roster and POST /users give a one-time activation
code instead of a password someone else chose; POST /activate, POST /me/password, a new code from the clerk,
POST /me/logout-all, the printed letters."""
import os
import re
import subprocess

from client import Session
from harness import (ADMIN_PASSWORD, activate, admin_session, check, cli, create_congress, create_user, db_exec,
                     db_query, expect, import_deputies, login_session, make_deputies, roster_csv, uniq)


def _clerk(ctx):
    """A server, its admin, a congress and its clerk (made by `minsheng user add`, the same before and after
    activation codes, so that the first test fails on the code before them at the defect itself)."""
    srv = ctx.new_server()
    admin = admin_session(srv)
    cid = create_congress(admin)
    k = uniq()
    cli(["user", "add", "--db", srv.db, "--login", "act-clerk%d" % k, "--password", "clerk-pass-%d" % k,
         "--name", "王秘书", "--role", "clerk", "--congress", str(cid)])
    clerk = login_session(srv, "act-clerk%d" % k, "clerk-pass-%d" % k)
    return srv, admin, cid, clerk


def _setup(ctx, n=3):
    srv, admin, cid, clerk = _clerk(ctx)
    deps = import_deputies(clerk, cid, make_deputies(n), activate_all=False)
    return srv, admin, cid, clerk, deps


def _refused(srv, login, password, what):
    expect(Session(srv.base).login(login, password), 401, "bad_credentials", what=what)


def test_clerk_cannot_log_in_as_deputy(ctx):
    """the clerk who imported the roster (password column and all) cannot log in as any of its deputies"""
    srv, admin, cid, clerk = _clerk(ctx)
    deps = make_deputies(3)
    r = clerk.post("/api/v1/congresses/%d/deputies/import" % cid, {"csv": roster_csv(deps)})
    js = expect(r, 201, what="import a roster with its password column")
    for d in deps:
        _refused(srv, d["login"], d["password"], "the clerk logs in as %s with the roster's password" % d["login"])
    codes = {row.get("login"): row.get("activation_code") for row in js.get("rows", [])}
    for d in deps:
        d["code"] = codes.get(d["login"]) or ""
        check(len(d["code"].replace("-", "")) == 16, "activation code %r is not 16 characters" % d["code"])
    check(len({d["code"] for d in deps}) == len(deps), "two deputies got the same code", deps)
    # the store keeps the code's hash only
    rows = db_query(srv.db, "SELECT code_hash FROM activation")
    check(len(rows) == len(deps), "want %d activation rows, got %r" % (len(deps), rows))
    text = repr(db_query(srv.db, "SELECT * FROM activation")) + repr(db_query(srv.db, "SELECT * FROM \"user\""))
    check(not any(d["code"] in text or d["code"].replace("-", "") in text for d in deps),
          "the store keeps an activation code in clear")
    # POST /users takes no password either: it answers a code
    r = clerk.post("/api/v1/users", {"login": "pw-chosen", "password": "clerk-knows-it", "name": "甲",
                                     "roles": ["deputy"], "congress_id": cid, "unit_id": None})
    expect(r, 400, "unknown_field", what="POST /users with a password")
    js = expect(clerk.post("/api/v1/users", {"login": "coded", "name": "乙", "roles": ["deputy"],
                                             "congress_id": cid, "unit_id": None}), 201, what="POST /users")
    check(isinstance(js.get("activation_code"), str) and isinstance(js.get("activation_expires_at"), str),
          "POST /users answered no activation code", js)


def test_activation_flow(ctx):
    """the first login with the code sets the password the deputy chose; the code then is used up"""
    srv, admin, cid, clerk, deps = _setup(ctx)
    d, e = deps[0], deps[1]
    expect(Session(srv.base).post("/api/v1/activate", {"login": d["login"], "code": e["code"],
                                                       "new_password": "my-own-secret"}),
           401, "bad_activation", what="another deputy's code")
    expect(Session(srv.base).post("/api/v1/activate", {"login": d["login"], "code": "0000-0000-0000-0000",
                                                       "new_password": "my-own-secret"}),
           401, "bad_activation", what="a made-up code")
    expect(Session(srv.base).post("/api/v1/activate", {"login": d["login"], "code": d["code"],
                                                       "new_password": "short"}),
           (400, 422), what="a short password")
    s = activate(srv.base, d["login"], d["code"].lower(), "my-own-secret")
    me = expect(s.get("/api/v1/me"), 200, what="/me after activation")
    check(me["user"]["login"] == d["login"] and "deputy" in me["user"]["roles"], "wrong user", me)
    expect(s.post("/api/v1/me/password", {"old_password": "my-own-secret", "new_password": "my-own-secret-2"}),
           200, what="the activation's session may act (CSRF token)")
    login_session(srv, d["login"], "my-own-secret-2")
    expect(Session(srv.base).post("/api/v1/activate", {"login": d["login"], "code": d["code"],
                                                       "new_password": "someone-else"}),
           401, "bad_activation", what="the code used twice")
    _refused(srv, d["login"], "someone-else", "the second use set no password")
    audit = expect(admin.get("/api/v1/audit?q=user.activate"), 200, what="audit")["items"]
    check(any(a.get("action") == "user.activate" for a in audit), "no user.activate audit entry", audit)


def test_expired_code(ctx):
    """a code past its time is refused (422 activation_expired) and sets nothing"""
    srv, admin, cid, clerk, deps = _setup(ctx, 1)
    d = deps[0]
    check(db_exec(srv.db, "UPDATE activation SET expires_at = 1000") is None, "cannot age the code")
    expect(Session(srv.base).post("/api/v1/activate", {"login": d["login"], "code": d["code"],
                                                       "new_password": "too-late-pw"}),
           422, "activation_expired", what="an expired code")
    _refused(srv, d["login"], "too-late-pw", "login after an expired code")
    # the clerk gives a new one
    js = expect(clerk.post("/api/v1/users/%d/activation" % d["id"]), 201, what="new code")
    activate(srv.base, d["login"], js["activation_code"], "in-time-pw")


def test_password_change(ctx):
    """POST /me/password: the old password is checked, the new one works, the old one no longer, other
    sessions end and this one stays"""
    srv, admin, cid, clerk, deps = _setup(ctx, 1)
    d = deps[0]
    s1 = activate(srv.base, d["login"], d["code"], "first-password")
    s2 = login_session(srv, d["login"], "first-password")
    expect(s1.post("/api/v1/me/password", {"old_password": "wrong-one", "new_password": "second-password"}),
           422, "wrong_password", what="a wrong old password")
    expect(s1.post("/api/v1/me/password", {"old_password": "first-password", "new_password": "first-password"}),
           422, "same_password", what="the same password")
    expect(s1.post("/api/v1/me/password", {"old_password": "first-password", "new_password": "x"}),
           (400, 422), what="a short new password")
    expect(s1.post("/api/v1/me/password", {"old_password": "first-password", "new_password": "second-password"}),
           200, what="password change")
    expect(s1.get("/api/v1/me"), 200, what="this session stays")
    expect(s2.get("/api/v1/me"), 401, what="the other session ended")
    _refused(srv, d["login"], "first-password", "the old password")
    login_session(srv, d["login"], "second-password")
    # an admin changes its own password too
    admin2 = admin_session(srv)
    expect(admin2.post("/api/v1/me/password", {"old_password": ADMIN_PASSWORD, "new_password": "new-admin-pw"}),
           200, what="admin password change")


def test_new_code_ends_sessions(ctx):
    """a new activation code (admin, or the clerk for its deputies) ends the old password and every session;
    audited; a clerk may not renew a clerk's or another congress's"""
    srv, admin, cid, clerk, deps = _setup(ctx, 2)
    d = deps[0]
    activate(srv.base, d["login"], d["code"], "deputy-password")
    a = login_session(srv, d["login"], "deputy-password")
    b = login_session(srv, d["login"], "deputy-password")
    expect(a.post("/api/v1/users/%d/activation" % d["id"]), 403, "forbidden", what="a deputy renews its code")
    js = expect(clerk.post("/api/v1/users/%d/activation" % d["id"]), 201, what="clerk renews a deputy's code")
    check(js.get("id") == d["id"] and js.get("login") == d["login"] and js.get("activation_code"), "answer", js)
    for s in (a, b):
        expect(s.get("/api/v1/me"), 401, what="a session after the new code")
    _refused(srv, d["login"], "deputy-password", "the old password after a new code")
    activate(srv.base, d["login"], js["activation_code"], "deputy-password-2")
    login_session(srv, d["login"], "deputy-password-2")
    # the first code of the other deputy is replaced by a new one
    e = deps[1]
    js2 = expect(admin.post("/api/v1/users/%d/activation" % e["id"]), 201, what="admin renews a code")
    expect(Session(srv.base).post("/api/v1/activate", {"login": e["login"], "code": e["code"],
                                                       "new_password": "replaced-code"}),
           401, "bad_activation", what="a replaced code")
    activate(srv.base, e["login"], js2["activation_code"], "fresh-code-pw")
    # limits: a clerk, the admin, another congress's deputy, no such user
    me = expect(clerk.get("/api/v1/me"), 200, what="/me")["user"]
    expect(clerk.post("/api/v1/users/%d/activation" % me["id"]), 403, "forbidden", what="clerk renews a clerk")
    expect(clerk.post("/api/v1/users/%d/activation" % admin.user["id"]), 403, "forbidden",
           what="clerk renews the admin")
    other = create_congress(admin)
    create_user(admin, "other-dep%d" % other, "other-dep-pw", "丙", ["deputy"], other)
    od = login_session(srv, "other-dep%d" % other, "other-dep-pw")
    expect(clerk.post("/api/v1/users/%d/activation" % od.user["id"]), 403, "forbidden",
           what="clerk renews another congress's deputy")
    expect(od.get("/api/v1/me"), 200, what="the refused renewal ended nothing")
    expect(clerk.post("/api/v1/users/999999/activation"), 404, what="no such user")
    audit = expect(admin.get("/api/v1/audit?q=user.activation"), 200, what="audit")["items"]
    check(sum(1 for x in audit if x.get("action") == "user.activation") >= 2, "renewals not audited", audit)


def test_logout_everywhere(ctx):
    """POST /me/logout-all ends every session of the user (and only that user's); POST /logout this one"""
    srv, admin, cid, clerk, deps = _setup(ctx, 2)
    d, e = deps
    activate(srv.base, d["login"], d["code"], "deputy-pass-1")
    activate(srv.base, e["login"], e["code"], "deputy-pass-2")
    ss = [login_session(srv, d["login"], "deputy-pass-1") for _ in range(3)]
    other = login_session(srv, e["login"], "deputy-pass-2")
    expect(ss[0].post("/api/v1/logout"), 200, what="logout")
    expect(ss[0].get("/api/v1/me"), 401, what="the logged-out session")
    expect(ss[1].get("/api/v1/me"), 200, what="plain logout leaves the others")
    expect(ss[1].post("/api/v1/me/logout-all"), 200, what="logout everywhere")
    for s in ss[1:]:
        expect(s.get("/api/v1/me"), 401, what="a session after logout everywhere")
    expect(other.get("/api/v1/me"), 200, what="another user's session stays")
    login_session(srv, d["login"], "deputy-pass-1")


_CODE_RX = re.compile(r"\b[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}\b")


def test_letters_pdf(ctx):
    """POST /congresses/{id}/deputies/letters: one page a deputy with its login and a new code, a QR code that
    reads base_url/activate#<login>.<code>; the letter's code activates, the roster's is replaced"""
    srv, admin, cid, clerk, deps = _setup(ctx, 2)
    body = {"user_ids": [d["id"] for d in deps], "base_url": "https://vote.example.gov.cn/"}
    expect(clerk.post("/api/v1/congresses/%d/deputies/letters" % cid, dict(body, base_url="ftp://x#y")),
           422, "invalid_base_url", what="a bad base_url")
    me = expect(clerk.get("/api/v1/me"), 200, what="/me")["user"]
    expect(admin.post("/api/v1/congresses/%d/deputies/letters" % cid, dict(body, user_ids=[me["id"]])),
           422, "not_of_congress", what="a letter for the clerk")
    r = clerk.post("/api/v1/congresses/%d/deputies/letters" % cid, body)
    check(r.status == 200 and r.header("Content-Type") == "application/pdf" and r.body.startswith(b"%PDF"),
          "the letters are a PDF", r.describe(200))
    path = os.path.join(ctx.dir, "letters.pdf")
    with open(path, "wb") as f:
        f.write(r.body)
    text = subprocess.run(["pdftotext", "-layout", path, "-"], stdout=subprocess.PIPE, check=True).stdout.decode()
    codes = _CODE_RX.findall(text)
    check(len(codes) == 2 and all(d["login"] in text for d in deps) and "激活" in text,
          "the letters print the logins and 2 codes", text)
    subprocess.run(["pdftoppm", "-r", "150", "-png", path, os.path.join(ctx.dir, "letter")], check=True)
    urls = []
    for png in sorted(f for f in os.listdir(ctx.dir) if f.startswith("letter") and f.endswith(".png")):
        p = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable",
                            os.path.join(ctx.dir, png)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        urls += p.stdout.decode().split()
    want = ["https://vote.example.gov.cn/activate#%s.%s" % (d["login"], c) for d, c in zip(deps, codes)]
    check(urls == want, "the QR codes read %r, want %r" % (urls, want))
    expect(Session(srv.base).post("/api/v1/activate", {"login": deps[0]["login"], "code": deps[0]["code"],
                                                       "new_password": "roster-code-pw"}),
           401, "bad_activation", what="the roster's code after a letter")
    activate(srv.base, deps[0]["login"], codes[0], "letter-code-pw")
    login_session(srv, deps[0]["login"], "letter-code-pw")
    other = create_congress(admin)
    expect(clerk.post("/api/v1/congresses/%d/deputies/letters" % other, body), 403, "forbidden",
           what="letters for another congress")
