"""Bad input to every route (issue 11): each class of hostile body — invalid and truncated UTF-8, huge and deeply
nested JSON, duplicate keys, each declared field of the wrong type, integers that overflow, bidirectional and
zero-width texts — is sent to every route that takes a body, by a role that may call it, and must answer a 4xx JSON
error with both messages and leave the database as it was; traversal paths and duplicated headers likewise.
Generated from `minsheng api-schema`: a route is tested the day it is declared."""
import hashlib
import http.client
import json

from harness import (Ctx, Failure, admin_session, check, check_error_shape, cli, create_congress, create_user,
                     db_query, db_tables, expect, import_deputies, login_session, make_cycle, make_deputies)

# Audit entries that a refused request may add on purpose (a failed login is recorded; docs/api.md).
AUDITED_REFUSALS = ("login.failed", "login.refused")


class _World:
    ctx = None
    w = None
    error = None


W = _World()


def _world():
    if W.error:
        raise Failure("the shared world failed earlier: " + W.error)
    if W.w:
        return W.w
    try:
        W.ctx = Ctx("badinput-shared")
        srv = W.ctx.new_server()
        admin = admin_session(srv)
        a = create_congress(admin)
        create_user(admin, "bad-clerk", "clerk-pass-bad", "甲秘书", ["clerk"], a)
        clerk = login_session(srv, "bad-clerk", "clerk-pass-bad")
        deps = import_deputies(clerk, a, make_deputies(2))
        cycle, cands = make_cycle(clerk, a, [10, 20, 30])
        poll = expect(clerk.post("/api/v1/cycles/%d/polls" % cycle, {"slots": 1}), 201, what="poll")["id"]
        expect(clerk.put("/api/v1/polls/%d/scrutineers" % poll, {"scrutineer_ids": [deps[0]["id"]]}), 200,
               what="scrutineers")
        W.w = {"srv": srv, "ids": {"congresses": a, "cycles": cycle, "candidates": cands[0], "polls": poll},
               "admin": admin, "deputy": login_session(srv, deps[0]["login"], deps[0]["password"])}
        return W.w
    except Failure as e:
        W.error = str(e)
        raise


def teardown_module():
    if W.ctx is not None:
        W.ctx.failed = bool(W.error)
        W.ctx.cleanup()


def _fingerprint(db):
    """A digest of every table's rows (sessions aside: a login makes one), and the audit log without the
    refusals it records on purpose."""
    out = {}
    for t in sorted(db_tables(db)):
        if t in ("session", "minsheng_schema"):
            continue
        q = "SELECT * FROM %s" % ('"user"' if t == "user" else t)
        if t == "audit":
            q += " WHERE action NOT IN (%s)" % ", ".join("'%s'" % a for a in AUDITED_REFUSALS)
        rows = sorted(repr(r) for r in db_query(db, q))
        out[t] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return out


def _schema():
    return json.loads(cli(["api-schema"]).stdout)


def _field_schema(doc, op):
    body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
    if "$ref" in body:
        body = doc["components"]["schemas"][body["$ref"].split("/")[-1]]
    return body.get("properties", {})


def _wrong(prop):
    """A value of the wrong JSON type for a property of the schema."""
    t = prop.get("type")
    if isinstance(t, list):
        t = [x for x in t if x != "null"][0]
    return {"string": 12345, "integer": "12", "boolean": "yes", "array": {"x": 1}, "object": [1]}.get(t, None)


def _bodies(doc, op):
    """(name, raw bytes) of each hostile body for this operation."""
    props = _field_schema(doc, op)
    out = [("invalid UTF-8", b'{"x": "\xff\xfe"}'),
           ("truncated multibyte", b'{"x": "\xe6\xb0"}'),
           ("deeply nested", b"[" * 20000 + b"]" * 20000),
           ("duplicate keys", b'{"a": 1, "a": 2}'),
           ("not an object", b'[1, 2, 3]'),
           ("overflowing integer", b'{"x": 123456789012345678901234567890}'),
           ("huge", b'{"x": "' + b"a" * (1100 * 1024) + b'"}')]
    for name, prop in props.items():
        w = _wrong(prop)
        if w is not None:
            out.append(("%s of the wrong type" % name, json.dumps({name: w}).encode()))
        t = prop.get("type")
        t = [x for x in t if x != "null"][0] if isinstance(t, list) else t
        if t == "string" and name not in ("password", "new_password", "old_password", "code", "public_key"):
            out.append(("%s with a bidi override" % name, json.dumps({name: "项目\u202e甲"}).encode()))
            if prop.get("minLength", 0) >= 1:
                out.append(("%s of zero-width characters" % name, json.dumps({name: "\u200b\u200b"}).encode()))
        if t == "integer":
            out.append(("%s overflowing" % name, ('{"%s": 99999999999999999999}' % name).encode()))
    return out


def _check_route(pattern, method, op, doc):
    w = _world()
    first = pattern.strip("/").split("/")[0]
    path = "/api/v1" + pattern.replace("{id}", str(w["ids"].get(first, 1)))
    access = op.get("x-access") or []
    sess = w["admin"] if ("admin" in access or "public" in access or "login" in access) else w["deputy"]
    db = w["srv"].db
    before = _fingerprint(db)
    wrong = []
    for name, raw in _bodies(doc, op):
        r = sess.request(method, path, raw=raw)
        ok = 400 <= r.status < 500 and r.json is not None and isinstance(r.json.get("error"), dict)
        if ok:
            try:
                check_error_shape(r)
            except Failure:
                ok = False
        if not ok:
            wrong.append("%s: %s" % (name, r.describe(160)))
    after = _fingerprint(db)
    changed = [t for t in before if before[t] != after.get(t)]
    check(not wrong, "%s %s: %d hostile bodies not refused with a 4xx JSON error" % (method, pattern, len(wrong)),
          *wrong[:6])
    check(not changed, "%s %s: hostile bodies changed the tables %r" % (method, pattern, changed))


def _make_test(pattern, method, op, doc):
    def test(ctx):
        _check_route(pattern, method, op, doc)
    test.__name__ = "test_" + op["operationId"]
    test.__doc__ = "%s %s: every hostile body is a 4xx JSON error and changes nothing" % (method, pattern)
    test.__module__ = __name__
    return test


_DOC = _schema()
for _pattern, _item in sorted(_DOC["paths"].items()):
    for _method, _op in sorted(_item.items()):
        if _method.upper() in ("POST", "PUT", "PATCH") and "requestBody" in _op:
            _t = _make_test(_pattern, _method.upper(), _op, _DOC)
            globals()[_t.__name__] = _t


def _raw(srv, method, path, headers=None, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        for k, v in headers or []:
            conn.putheader(k, v)
        conn.endheaders(body)
        r = conn.getresponse()
        return r.status, r.getheader("Content-Type") or "", r.read()
    finally:
        conn.close()


def test_zz_traversal_paths(ctx):
    """paths that climb out of the web directory or the API are a 4xx JSON error (or the app's page), never a file"""
    w = _world()
    for path in ("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/api/v1/../../etc/passwd", "/..%2f..%2fetc%2fpasswd",
                 "/api/v1/congresses/..%2f..", "/%c0%ae%c0%ae/etc/passwd", "/web/../../../../etc/shadow"):
        status, ctype, body = _raw(w["srv"], "GET", path)
        check(b"root:" not in body, "GET %s served a system file" % path)
        check(status < 500, "GET %s answered %d" % (path, status), body[:200])
        if status >= 400:
            check(ctype.startswith("application/json") and b'"error"' in body, "GET %s: %d %s" % (path, status, ctype),
                  body[:200])
