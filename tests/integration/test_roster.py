"""Roster import (CSV): dry run, BOM and quoting, all-or-nothing on errors."""
from client import Session
from harness import (activate, admin_session, check, create_congress, create_user, expect, list_all, login_session)


def _setup(ctx):
    srv = ctx.new_server()
    admin = admin_session(srv)
    cid = create_congress(admin)
    create_user(admin, "roster-clerk", "clerk-pass-1", "王秘书", ["clerk"], cid)
    clerk = login_session(srv, "roster-clerk", "clerk-pass-1")
    return srv, admin, cid, clerk


def _deputies(clerk, cid):
    return list_all(clerk, "/api/v1/congresses/%d/deputies" % cid)


def _import(clerk, cid, csv, dry_run=None):
    body = {"csv": csv}
    if dry_run is not None:
        body["dry_run"] = dry_run
    return clerk.post("/api/v1/congresses/%d/deputies/import" % cid, body)


def test_dry_run(ctx):
    """a dry run previews every row and saves nothing"""
    srv, admin, cid, clerk = _setup(ctx)
    csv = "name,login,password\n张三,zhang3,pass-1234\n李四,li4,pass-5678\n"
    r = _import(clerk, cid, csv, dry_run=True)
    js = expect(r, 200, what="dry run")
    check(js.get("dry_run") is True, "dry_run is %r, want true" % js.get("dry_run"), r.describe())
    rows = js.get("rows") or []
    check([(x.get("line"), x.get("name"), x.get("login")) for x in rows] == [(2, "张三", "zhang3"), (3, "李四", "li4")],
          "dry-run rows are wrong", r.describe())
    check(js.get("errors") == [], "dry-run errors are %r, want []" % js.get("errors"))
    check("pass-1234" not in r.body.decode("utf-8", "replace"), "the preview echoes passwords", r.describe())
    items, total = _deputies(clerk, cid)
    check(total == 0, "%d deputies exist after a dry run, want 0" % total, items)
    expect(Session(srv.base).login("zhang3", "pass-1234"), 401, "bad_credentials", what="login after dry run")


def test_import_bom_quoting_order(ctx):
    """import tolerates a BOM, RFC 4180 quoting and any column order"""
    srv, admin, cid, clerk = _setup(ctx)
    csv = ('\ufefflogin,password,name\r\n'
           'wang5,"pass,with,commas",王五\r\n'
           'zhao6,pass-zhao-6,"Zhao ""Six"", Jr."\r\n'
           'qian7,pass-qian-7,"钱\n七"\r\n')
    r = _import(clerk, cid, csv)
    js = expect(r, 201, what="import with BOM and quoting")
    check(js.get("created") == 3 and js.get("dry_run") is False, "import answered created=%r dry_run=%r"
          % (js.get("created"), js.get("dry_run")), r.describe())
    items, total = _deputies(clerk, cid)
    check(total == 3, "%d deputies after import, want 3" % total, items)
    names = {it["login"]: it["name"] for it in items}
    check(names.get("wang5") == "王五", "wang5's name is %r" % names.get("wang5"))
    check(names.get("zhao6") == 'Zhao "Six", Jr.', "zhao6's name is %r" % names.get("zhao6"))
    check(names.get("qian7") == "钱\n七", "qian7's name is %r" % names.get("qian7"))
    check(all(it.get("congress_id") == cid for it in items), "deputies have the wrong congress_id", items)
    # the password column no longer sets a password: each row answers a one-time activation code
    codes = {row.get("login"): row.get("activation_code") for row in js.get("rows", [])}
    check(all(isinstance(codes.get(x), str) for x in ("wang5", "zhao6", "qian7")), "rows lack codes", js)
    expect(Session(srv.base).login("wang5", "pass,with,commas"), 401, "bad_credentials",
           what="login with the roster's password")
    d = activate(srv.base, "wang5", codes["wang5"], "pass,with,commas")
    check("deputy" in (d.user.get("roles") or []), "an imported user is not a deputy", d.user)
    activate(srv.base, "zhao6", codes["zhao6"].lower().replace("-", ""), "pass-zhao-6")
    login_session(srv, "zhao6", "pass-zhao-6")
    # search
    js = expect(clerk.get("/api/v1/congresses/%d/deputies?q=zhao" % cid), 200, what="search deputies")
    check([it["login"] for it in js["items"]] == ["zhao6"], "?q=zhao found %r" % js["items"])
    c = expect(Session(srv.base).get("/api/v1/congresses/%d" % cid), 200, what="get congress")
    check(c.get("deputies") == 3, "congress shows %r deputies, want 3" % c.get("deputies"), c)


def test_import_all_or_nothing(ctx):
    """a roster with a bad row answers 422 invalid_csv with line numbers and creates no deputy"""
    srv, admin, cid, clerk = _setup(ctx)
    create_user(admin, "taken-login", "taken-pass-1", "占用", ["deputy"], cid)
    csv = ("name,login,password\n"
           "好人甲,good1,pass-good-1\n"        # line 2: fine
           "重名,taken-login,pass-taken-2\n"    # line 3: login already taken
           "好人乙,good2,pass-good-2\n"        # line 4: fine
           "无名,,pass-empty-5\n")              # line 5: empty login
    r = _import(clerk, cid, csv)
    expect(r, 422, "invalid_csv", what="import with bad rows")
    det = r.json["error"].get("details") or {}
    errs = det.get("errors") or []
    lines = sorted({e.get("line") for e in errs})
    check(lines == [3, 5], "error lines are %r, want [3, 5]" % lines, r.describe())
    check(isinstance(det.get("rows"), list), "error.details.rows missing", r.describe())
    items, total = _deputies(clerk, cid)
    check(total == 1, "%d deputies after a failed import, want 1 (the pre-existing one)" % total, items)
    for login, pw in (("good1", "pass-good-1"), ("good2", "pass-good-2")):
        expect(Session(srv.base).login(login, pw), 401, "bad_credentials",
               what="login of %s after a failed import" % login)
    # duplicate login inside the file
    r = _import(clerk, cid, "name,login,password\n甲,same,pass-same-1\n乙,same,pass-same-2\n")
    expect(r, 422, "invalid_csv", what="import with a login twice")
    # an unknown column
    r = _import(clerk, cid, "name,login,password,email\n甲,mail1,pass-mail-1,a@b.c\n")
    expect(r, 422, "csv_unknown_column", what="import with an extra column")
    # a missing column (the password column may be left out: it sets nothing)
    r = _import(clerk, cid, "name,password\n甲,nologin-1\n")
    expect(r, 422, "csv_missing_column", what="import without a login column")
    # a row with too few fields
    r = _import(clerk, cid, "name,login,password\n甲,short1\n")
    expect(r, 422, "invalid_csv", what="import with a short row")
    items, total = _deputies(clerk, cid)
    check(total == 1, "%d deputies after failed imports, want 1" % total, items)
    # the same roster, corrected, goes through
    csv_ok = "name,login,password\n好人甲,good1,pass-good-1\n好人乙,good2,pass-good-2\n"
    js = expect(_import(clerk, cid, csv_ok), 201, what="corrected import")
    activate(srv.base, "good1", js["rows"][0]["activation_code"], "pass-good-1")
    login_session(srv, "good1", "pass-good-1")
