"""What a hostile tester broke (issue 11, defects 1, 2 and 10): every input that is not well-formed is a 4xx JSON
error, never a 5xx, never stored — texts cut only at character boundaries, invalid UTF-8 refused, long Chinese
keys and logins, invalid percent-encoding in paths, pages of size 0, texts made only of spaces, zero-width or
bidirectional control characters."""
import http.client
import json

from client import Session
from harness import (build_world, check, check_error_shape, create_congress, create_user, expect, list_all,
                     login_session, make_cycle)

HAN = "民" * 100


def _raw(srv, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return r.status, r.getheader("Content-Type"), r.read()
    finally:
        conn.close()


def test_roster_long_chinese_login(ctx):
    """a roster row whose login is 100 Chinese characters is a fault of that row (422), nothing is saved, and the
    deputies list and the desk keep answering"""
    w = build_world(ctx, n_deputies=2, costs=(10, 20, 30), open_poll=False)
    csv = "name,login,password\n张三,%s,pass-long-1\n李四,lisi-ok,pass-long-2\n" % HAN
    r = w.clerk.post("/api/v1/congresses/%d/deputies/import" % w.congress, {"csv": csv})
    expect(r, 422, "invalid_csv", what="a login of 100 Chinese characters")
    errs = (r.json["error"].get("details") or {}).get("errors") or []
    check(any(e.get("line") == 2 and e.get("field") == "login" for e in errs), "the fault names line 2, login", errs)
    for e in errs:
        json.dumps(e, ensure_ascii=False).encode("utf-8")
    items, total = list_all(w.clerk, "/api/v1/congresses/%d/deputies" % w.congress)
    check(total == 2 and not any(it["login"] == "lisi-ok" for it in items), "rows were saved: %r" % total)
    expect(w.clerk.get("/api/v1/polls/%d/attendance" % w.poll), 200, what="the desk")


def test_candidate_import_faults_kept(ctx):
    """the candidate import lists each fault however long the text around it: a cost that is no number, an unknown
    unit of 100 Chinese characters, a repeated title — and saves nothing"""
    w = build_world(ctx, n_deputies=1, costs=(10, 20, 30), open_poll=False)
    cycle, _ = make_cycle(w.clerk, w.congress, [10], to_phase="compile")
    csv = ("title,cost,unit\n"
           "%s,十万元,\n"
           "项目乙,100,%s\n"
           "项目丙,100,\n"
           "项目丙,100,\n") % (HAN, HAN)
    r = w.clerk.post("/api/v1/cycles/%d/candidates/import" % cycle, {"csv": csv})
    expect(r, 422, "invalid_csv", what="candidate import with long faults")
    errs = (r.json["error"].get("details") or {}).get("errors") or []
    fields = sorted((e.get("line"), e.get("field")) for e in errs)
    check((2, "cost") in fields and (3, "unit") in fields and any(f[0] in (4, 5) for f in fields),
          "every fault listed: %r" % fields)
    items, total = list_all(w.clerk, "/api/v1/cycles/%d/candidates" % cycle)
    check(total == 1, "rows were saved: %d candidates" % total)


def test_long_unknown_key_is_400(ctx):
    """an unknown JSON key of "a" and 100 Chinese characters is 400 unknown_field on any route, anonymous login too"""
    srv = ctx.new_server()
    anon = Session(srv.base)
    for path in ("/api/v1/login", "/api/v1/congresses"):
        r = anon.post(path, {"a" + HAN: 1})
        check(r.status in (400, 401), "%s with a long unknown key answered %s" % (path, r.describe(200)))
        check_error_shape(r)
    r = anon.post("/api/v1/login", {"a" + HAN: 1})
    expect(r, 400, "unknown_field", what="login with a long unknown key")
    check(r.json["error"]["field"].startswith("a民"), "the field is named (cut whole): %r" % r.json["error"]["field"])


def test_invalid_percent_encoding_in_paths(ctx):
    """a path whose percent-encoding is not UTF-8 is 400 (API) or 404/400 (web), JSON, never 500"""
    srv = ctx.new_server()
    for path in ("/api/v1/%ff", "/api/v1/congresses/%c0%af", "/abc%ff.js", "/%ff%fe", "/api/v1/polls/1%00"):
        status, ctype, body = _raw(srv, "GET", path)
        check(400 <= status < 500, "GET %s answered %d" % (path, status), body[:200])
        check((ctype or "").startswith("application/json"), "GET %s answered %s" % (path, ctype), body[:200])
        err = json.loads(body)["error"]
        check(err.get("code") and err.get("message") and err.get("message_zh"), "error shape %r" % err)


def test_invalid_utf8_body_is_400(ctx):
    """a body that is not UTF-8 is 400 and nothing is stored"""
    w = build_world(ctx, n_deputies=1, costs=(10, 20, 30), open_poll=False)
    body = b'{"name": "\xe6\xb0", "level": "city", "parent_id": null}'
    r = w.admin.request("POST", "/api/v1/congresses", raw=body)
    check(r.status == 400, "invalid UTF-8 answered %s" % r.describe(200))
    check_error_shape(r)


def test_pages_of_size_zero(ctx):
    """page=0 and per_page=0 are 400 invalid_value, not an empty or unbounded page"""
    w = build_world(ctx, n_deputies=1, costs=(10, 20, 30), open_poll=False)
    for q in ("page=0", "per_page=0", "page=-1", "per_page=100000"):
        r = w.clerk.get("/api/v1/congresses/%d/deputies?%s" % (w.congress, q))
        check(r.status == 400 or (r.status == 422), "?%s answered %s" % (q, r.describe(200)))
        check_error_shape(r)


def test_blank_and_control_texts(ctx):
    """a title of spaces only, of zero-width characters, or holding bidirectional overrides is refused (422)"""
    w = build_world(ctx, n_deputies=1, costs=(10, 20, 30), open_poll=False)
    cycle, _ = make_cycle(w.clerk, w.congress, [10], to_phase="compile")
    for title in ("   ", "\u3000\u3000", "\u200b\u200b", "\u200d", "项目\u202e甲", "abc\u2066x\u2069", "\ufeff"):
        r = w.clerk.post("/api/v1/cycles/%d/candidates" % cycle, {"title": title, "cost": 10})
        check(r.status == 422, "title %r answered %s" % (title, r.describe(200)))
        check_error_shape(r)
    cong = w.admin.post("/api/v1/congresses", {"name": "\u202e人大", "level": "city", "parent_id": None})
    check(cong.status == 422, "a congress name with a bidi override answered %s" % cong.describe(200))
