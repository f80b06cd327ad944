"""Error answers: JSON shape and status for each class of error; a failed
request changes nothing; routing (/, unknown route, wrong method); 413."""
from client import Session, raw_request
from harness import (admin_session, build_world, cast, check, create_congress, dep_session, expect,
                     get_poll, list_all)

MIB = 1024 * 1024


def test_home_page(ctx):
    """GET / answers an HTML page naming the API"""
    srv = ctx.new_server()
    r = Session(srv.base).get("/")
    check(r.status == 200, "GET / status %s, want 200" % r.status, r.describe(300))
    ct = r.header("Content-Type") or ""
    check("text/html" in ct, "GET / Content-Type %r, want text/html" % ct)
    text = r.body.decode("utf-8", "replace")
    check("<html" in text.lower() or "<!doctype html" in text.lower(), "GET / is not an HTML page", text[:300])
    check("/api/v1" in text, "the home page does not name the API (/api/v1)", text[:600])


def test_unknown_route(ctx):
    """unknown routes answer 404 JSON not_found"""
    srv = ctx.new_server()
    s = Session(srv.base)
    for path in ("/api/v1/nope", "/api/v1/polls/1/nope", "/api/v1/congresses/abc", "/api/v2/congresses"):
        expect(s.get(path), 404, "not_found", what="GET " + path)
    admin = admin_session(srv)
    expect(admin.post("/api/v1/nope", {}), 404, "not_found", what="POST /api/v1/nope")


def test_wrong_method(ctx):
    """a known path with the wrong method answers 405 JSON method_not_allowed"""
    srv = ctx.new_server()
    s = Session(srv.base)
    expect(s.get("/api/v1/login"), 405, "method_not_allowed", what="GET /api/v1/login")
    admin = admin_session(srv)
    cid = create_congress(admin)
    r = admin.delete("/api/v1/congresses")
    expect(r, 405, "method_not_allowed", what="DELETE /api/v1/congresses")
    allow = {m.strip() for m in (r.header("Allow") or "").split(",")}
    check(allow == {"GET", "POST"}, "Allow for /api/v1/congresses is %r, want GET, POST" % r.header("Allow"))
    expect(admin.put("/api/v1/congresses/%d" % cid, {"name": "x"}), 405, "method_not_allowed",
           what="PUT /api/v1/congresses/{id}")
    expect(admin.get("/api/v1/congresses/%d/deputies/import" % cid), 405, "method_not_allowed",
           what="GET .../deputies/import")


def test_not_found_objects(ctx):
    """missing objects answer 404 not_found"""
    srv = ctx.new_server()
    s = Session(srv.base)
    for path in ("/api/v1/congresses/999999", "/api/v1/cycles/999999", "/api/v1/candidates/999999",
                 "/api/v1/polls/999999", "/api/v1/polls/999999/result", "/api/v1/cycles/999999/candidates",
                 "/api/v1/congresses/999999/cycles"):
        expect(s.get(path), 404, "not_found", what="GET " + path)
    admin = admin_session(srv)
    expect(admin.post("/api/v1/polls/999999/open"), 404, "not_found", what="open a missing poll")
    expect(admin.post("/api/v1/congresses/999999/cycles", {"year": 2030, "title": "x", "title_en": "x"}),
           404, "not_found", what="cycle in a missing congress")


def test_malformed_json(ctx):
    """malformed JSON answers 400 invalid_json and changes nothing"""
    srv = ctx.new_server()
    s = Session(srv.base)
    for raw in ('{"login": "admin", "password": ', "not json", '{"login": "admin",}', "\xff\xfe"):
        expect(s.post("/api/v1/login", raw=raw.encode("latin-1") if raw == "\xff\xfe" else raw), 400,
               "invalid_json", what="login with body %r" % raw)
    admin = admin_session(srv)
    before = list_all(admin, "/api/v1/congresses")[1]
    expect(admin.post("/api/v1/congresses", raw='{"name": "江州", "level": "city"'), 400, "invalid_json",
           what="truncated congress body")
    expect(admin.post("/api/v1/congresses", raw="[1, 2, 3]"), 400, what="array instead of object")
    after = list_all(admin, "/api/v1/congresses")[1]
    check(before == after, "congress count changed from %d to %d after failed requests" % (before, after))


def test_unknown_and_bad_fields(ctx):
    """unknown field / wrong type / missing field answer 400 and change nothing"""
    w = build_world(ctx, n_deputies=3, costs=(10, 20, 30), poll={"slots": 2}, present=3)
    admin = w.admin
    before = list_all(admin, "/api/v1/congresses")[1]
    expect(admin.post("/api/v1/congresses", {"name": "甲", "name_en": "A", "level": "city", "parent_id": None,
                                               "colour": "red"}), 400, "unknown_field",
           what="congress with an unknown field")
    r = admin.post("/api/v1/congresses", {"name": 5, "name_en": "A", "level": "city", "parent_id": None})
    expect(r, 400, "invalid_field", what="congress name of the wrong type")
    check(r.json["error"].get("field") == "name", "error.field is %r, want 'name'" % r.json["error"].get("field"),
          r.describe())
    after = list_all(admin, "/api/v1/congresses")[1]
    check(before == after, "congress count changed from %d to %d after failed requests" % (before, after))
    expect(Session(w.srv.base).post("/api/v1/login", {"login": "admin", "password": "x", "remember": True}), 400,
           "unknown_field", what="login with an unknown field")
    # a poll without slots
    polls_before = list_all(w.clerk, "/api/v1/cycles/%d/polls" % w.cycle)[1]
    r = w.clerk.post("/api/v1/cycles/%d/polls" % w.cycle, {"title": "无名额"})
    expect(r, 400, "missing_field", what="poll without slots")
    check(r.json["error"].get("field") == "slots", "error.field is %r, want 'slots'" % r.json["error"].get("field"),
          r.describe())
    expect(w.clerk.post("/api/v1/cycles/%d/polls" % w.cycle, {"slots": "2"}), 400, "invalid_field",
           what="slots as a string")
    polls_after = list_all(w.clerk, "/api/v1/cycles/%d/polls" % w.cycle)[1]
    check(polls_before == polls_after, "poll count changed from %d to %d after failed requests"
          % (polls_before, polls_after))
    # ballots: wrong type, unknown field; afterwards the deputy can still vote
    d = dep_session(w, 0)
    expect(d.post("/api/v1/polls/%d/ballot" % w.poll, {"choices": "1,2"}), 400, "invalid_field",
           what="choices as a string")
    expect(d.post("/api/v1/polls/%d/ballot" % w.poll, {"choices": [w.cands[0]], "deputy": 1}), 400,
           "unknown_field", what="ballot with an unknown field")
    expect(d.post("/api/v1/polls/%d/ballot" % w.poll, {}), 400, "missing_field", what="ballot without choices")
    p = get_poll(w.clerk, w.poll)
    check(p.get("ballots_cast") == 0, "ballots_cast is %r after rejected ballots, want 0" % p.get("ballots_cast"))
    cast(d, w.poll, [w.cands[0]])


def test_unauthenticated(ctx):
    """requests that need a login answer 401 unauthenticated without one"""
    srv = ctx.new_server()
    admin = admin_session(srv)
    cid = create_congress(admin)
    anon = Session(srv.base)
    expect(anon.get("/api/v1/me"), 401, "unauthenticated", what="GET /me without login")
    expect(anon.get("/api/v1/congresses/%d/deputies" % cid), 401, "unauthenticated", what="deputies list")
    expect(anon.get("/api/v1/audit"), 401, "unauthenticated", what="audit log")
    # a mutation with a made-up token and no session: still 401
    expect(anon.post("/api/v1/congresses", {"name": "乙", "name_en": "B", "level": "city", "parent_id": None},
                     csrf="0123456789abcdef"), 401, "unauthenticated", what="create congress without login")
    forged = Session(srv.base)
    forged.cookies["ms_session"] = "00" * 32
    expect(forged.get("/api/v1/me"), 401, "unauthenticated", what="GET /me with a forged session cookie")
    total = list_all(admin, "/api/v1/congresses")[1]
    check(total == 1, "congress count is %d after the unauthenticated attempt, want 1" % total)


def _json_padded(obj_text, size):
    data = obj_text.encode("utf-8")
    return data + b" " * (size - len(data))


def test_body_too_large(ctx):
    """a body over 1 MiB answers 413 JSON payload_too_large (Content-Length and chunked)"""
    srv = ctx.new_server()
    login_json = '{"login": "nobody", "password": "wrong-password"}'
    # exactly 1 MiB is allowed (valid JSON padded with whitespace)
    body = _json_padded(login_json, MIB)
    r = raw_request("127.0.0.1", srv.port, "POST", "/api/v1/login",
                    [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
                    [body[i:i + 65536] for i in range(0, len(body), 65536)])
    expect(r, 401, "bad_credentials", what="login body of exactly 1 MiB")
    # one byte more
    body = _json_padded(login_json, MIB + 1)
    r = raw_request("127.0.0.1", srv.port, "POST", "/api/v1/login",
                    [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
                    [body[i:i + 65536] for i in range(0, len(body), 65536)])
    expect(r, 413, "payload_too_large", what="login body of 1 MiB + 1 byte")
    # 2 MiB, chunked: the server must count bytes
    body = _json_padded(login_json, 2 * MIB)
    chunks = []
    for i in range(0, len(body), 65536):
        piece = body[i:i + 65536]
        chunks.append(b"%x\r\n" % len(piece) + piece + b"\r\n")
    chunks.append(b"0\r\n\r\n")
    r = raw_request("127.0.0.1", srv.port, "POST", "/api/v1/login",
                    [("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")], chunks)
    expect(r, 413, "payload_too_large", what="chunked login body of 2 MiB")
    # an authenticated mutation: 413 and nothing saved
    admin = admin_session(srv)
    csv = "name,login,password\n" + "".join("代表%d,big%06d,password-%d\n" % (i, i, i) for i in range(40000))
    import json
    body = json.dumps({"csv": csv}, ensure_ascii=False).encode("utf-8")
    check(len(body) > MIB, "test bug: body only %d bytes" % len(body))
    cid = create_congress(admin)
    r = raw_request("127.0.0.1", srv.port, "POST", "/api/v1/congresses/%d/deputies/import" % cid,
                    [("Content-Type", "application/json"), ("Content-Length", str(len(body))),
                     ("Cookie", admin.cookie_header()), ("X-CSRF-Token", admin.csrf)],
                    [body[i:i + 65536] for i in range(0, len(body), 65536)])
    expect(r, 413, "payload_too_large", what="roster import over 1 MiB")
    total = list_all(admin, "/api/v1/congresses/%d/deputies" % cid)[1]
    check(total == 0, "%d deputies exist after a refused import, want 0" % total)
    # the server still answers normally afterwards
    expect(Session(srv.base).get("/api/v1/congresses"), 200, what="list congresses after the 413s")


def test_json_content_type(ctx):
    """JSON answers carry Content-Type application/json"""
    srv = ctx.new_server()
    r = Session(srv.base).get("/api/v1/congresses")
    expect(r, 200, what="list congresses")
    ct = r.header("Content-Type") or ""
    check("application/json" in ct, "Content-Type %r, want application/json" % ct)
    js = r.json
    for k in ("items", "total", "page", "per_page"):
        check(k in js, "list answer lacks %r" % k, r.describe())
