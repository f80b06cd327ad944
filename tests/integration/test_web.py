"""The web front end beside the API (`serve --web DIR`, $MINSHENG_WEB, ./web/dist): MIME types, cache
headers, ETag / 304, precompressed .gz, SPA fallback, path safety (traversal, encoded NUL, symlinks out of
the directory), methods, security headers; /api stays JSON; the placeholder page without a web directory."""
import gzip
import os

from client import Session, raw_request
from harness import check, cli, expect

INDEX = b"<!doctype html><html><head><title>Minsheng</title></head><body><div id=app></div></body></html>\n"
APP_JS = b"console.log('minsheng app');\n" * 40
APP_CSS = b"body { margin: 0 }\n"
SECRET = b"TOP-SECRET-7f3a91\n"

CSP_WANT = ["default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'self'",
            "frame-ancestors 'none'", "connect-src 'self'"]
IMMUTABLE = "public, max-age=31536000, immutable"

FILES = {
    "index.html": INDEX,
    "assets/app-abc123.js": APP_JS,
    "assets/app.css": APP_CSS,
    "assets/logo.svg": b"<svg xmlns='http://www.w3.org/2000/svg'/>",
    "assets/font.woff2": b"wOF2....",
    "assets/data.bin": b"\x00\x01\x02",
    "favicon.ico": b"\x00\x00\x01\x00",
    "manifest.webmanifest": b"{\"name\":\"Minsheng\"}",
    "robots.txt": b"User-agent: *\n",
    "assets/app-abc123.js.map": b"{\"version\":3}",
}


def make_web(ctx, name="web"):
    """A web directory in ctx.dir with the files above, a .gz twin of the app's
    script, a secret next to it and symlinks that point out of it and within it."""
    root = os.path.join(ctx.dir, name)
    for rel, data in FILES.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
    with open(os.path.join(root, "assets/app-abc123.js.gz"), "wb") as f:
        f.write(gzip.compress(APP_JS))
    with open(os.path.join(ctx.dir, "secret"), "wb") as f:
        f.write(SECRET)
    os.makedirs(os.path.join(ctx.dir, "outside"), exist_ok=True)
    with open(os.path.join(ctx.dir, "outside", "secret.js"), "wb") as f:
        f.write(SECRET)
    os.symlink(os.path.join(ctx.dir, "secret"), os.path.join(root, "leak.txt"))
    os.symlink("../../secret", os.path.join(root, "assets", "leak.js"))
    os.symlink(os.path.join(ctx.dir, "outside"), os.path.join(root, "assets", "out"))
    os.symlink("app-abc123.js", os.path.join(root, "assets", "alias.js"))
    return root


def web_server(ctx):
    root = make_web(ctx)
    return ctx.new_server(args=["--web", root]), root


def no_secret(r, what):
    check(SECRET.strip() not in r.body, "%s leaked the file outside the web directory" % what, r.describe(300))


def check_html_headers(r, what):
    csp = r.header("Content-Security-Policy") or ""
    for part in CSP_WANT:
        check(part in csp, "%s: Content-Security-Policy lacks %r" % (what, part), csp)
    script = [d.strip() for d in csp.split(";") if d.strip().startswith("script-src")]
    check(script and "unsafe-inline" not in script[0] and "unsafe-eval" not in script[0],
          "%s: script-src allows inline or eval'd scripts" % what, csp)
    check(r.header("X-Content-Type-Options") == "nosniff", "%s: no X-Content-Type-Options: nosniff" % what)
    check(r.header("X-Frame-Options") == "DENY", "%s: X-Frame-Options is %r" % (what, r.header("X-Frame-Options")))
    check(r.header("Referrer-Policy") in ("no-referrer", "strict-origin-when-cross-origin"),
          "%s: Referrer-Policy is %r" % (what, r.header("Referrer-Policy")))


def test_types_and_cache(ctx):
    """files get their MIME type, /assets/ is immutable, the rest no-cache; HTML carries the security headers"""
    srv, _ = web_server(ctx)
    s = Session(srv.base)
    want = {
        "/index.html": ("text/html", "no-cache", INDEX),
        "/": ("text/html", "no-cache", INDEX),
        "/assets/app-abc123.js": ("text/javascript", IMMUTABLE, APP_JS),
        "/assets/app.css": ("text/css", IMMUTABLE, APP_CSS),
        "/assets/logo.svg": ("image/svg+xml", IMMUTABLE, None),
        "/assets/font.woff2": ("font/woff2", IMMUTABLE, None),
        "/assets/data.bin": ("application/octet-stream", IMMUTABLE, b"\x00\x01\x02"),
        "/assets/app-abc123.js.map": ("application/json", IMMUTABLE, None),
        "/favicon.ico": ("image/", "no-cache", None),
        "/manifest.webmanifest": ("application/manifest+json", "no-cache", None),
        "/robots.txt": ("text/plain", "no-cache", FILES["robots.txt"]),
        "/assets/alias.js": ("text/javascript", IMMUTABLE, APP_JS),
    }
    for path, (ctype, cache, body) in want.items():
        r = s.get(path)
        check(r.status == 200, "GET %s: status %s, want 200" % (path, r.status), r.describe(300))
        ct = r.header("Content-Type") or ""
        check(ct.startswith(ctype), "GET %s: Content-Type %r, want %s" % (path, ct, ctype))
        check(r.header("Cache-Control") == cache, "GET %s: Cache-Control %r, want %r"
              % (path, r.header("Cache-Control"), cache))
        check(r.header("X-Content-Type-Options") == "nosniff", "GET %s: no nosniff" % path)
        check(r.header("ETag"), "GET %s: no ETag" % path)
        check(r.header("Content-Encoding") is None, "GET %s: Content-Encoding %r without Accept-Encoding"
              % (path, r.header("Content-Encoding")))
        if body is not None:
            check(r.body == body, "GET %s: wrong body" % path, r.describe(200))
        if ctype == "text/html":
            check_html_headers(r, "GET " + path)


def test_spa_fallback(ctx):
    """paths without an extension answer index.html; missing files with one are 404; HEAD works the same"""
    srv, _ = web_server(ctx)
    s = Session(srv.base)
    for path in ("/clerk/polls/3", "/deputy", "/clerk/polls/3/", "/assets", "/login?next=/clerk"):
        r = s.get(path)
        check(r.status == 200 and r.body == INDEX, "GET %s: want index.html with 200" % path, r.describe(300))
        check((r.header("Content-Type") or "").startswith("text/html"), "GET %s: not text/html" % path)
        check(r.header("Cache-Control") == "no-cache", "GET %s: Cache-Control %r, want no-cache"
              % (path, r.header("Cache-Control")))
        check_html_headers(r, "GET " + path)
    for path in ("/assets/missing.js", "/missing.png", "/clerk/report.pdf", "/.env", "/assets/.git"):
        r = s.get(path)
        expect(r, 404, "not_found", what="GET " + path)
        check(INDEX not in r.body, "GET %s answered index.html" % path, r.describe(200))
    h = s.request("HEAD", "/clerk/polls/3")
    check(h.status == 200 and h.body == b"", "HEAD /clerk/polls/3: want 200 without a body", h.describe(200))
    check(h.header("Content-Length") == str(len(INDEX)), "HEAD Content-Length %r, want %d"
          % (h.header("Content-Length"), len(INDEX)))
    check_html_headers(h, "HEAD /clerk/polls/3")
    h = s.request("HEAD", "/assets/app-abc123.js")
    check(h.status == 200 and h.body == b"" and h.header("Content-Length") == str(len(APP_JS)),
          "HEAD of a script: want 200, no body and its length", h.describe(200), h.headers)
    h = s.request("HEAD", "/assets/missing.js")
    check(h.status == 404 and h.body == b"", "HEAD of a missing script: want 404 without a body", h.describe(200))


def test_path_safety(ctx):
    """traversal (plain, percent-encoded, encoded slashes), encoded NUL and symlinks out of the directory are refused"""
    srv, _ = web_server(ctx)
    s = Session(srv.base)
    for path in ("/../secret", "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E/secret",
                 "/assets/..%2f..%2fsecret", "/assets/%2e%2e/%2e%2e/secret", "/assets/../../secret",
                 "/./index.html", "//etc/passwd", "/assets/..\\..\\secret", "/index.html%00.js",
                 "/assets%00/x", "/%00"):
        r = s.get(path)
        check(r.status in (400, 403, 404), "GET %s: status %s, want 400/403/404" % (path, r.status),
              r.describe(300))
        check(r.json is not None and "error" in r.json, "GET %s: not a JSON error" % path, r.describe(300))
        check(b"root:" not in r.body, "GET %s leaked /etc/passwd" % path, r.describe(300))
        check(INDEX not in r.body, "GET %s answered index.html" % path, r.describe(300))
        no_secret(r, "GET " + path)
    for path in ("/leak.txt", "/assets/leak.js", "/assets/out/secret.js", "/assets/out/"):
        r = s.get(path)
        no_secret(r, "GET " + path)
        check(r.status == 404 or (r.status == 200 and r.body == INDEX),
              "GET %s (a symlink out of the directory): status %s" % (path, r.status), r.describe(300))
    # The same on a raw socket, byte for byte as written.
    for path in ("/../secret", "/assets/../../secret", "/%2e%2e%2fsecret"):
        r = raw_request(s.host, s.port, "GET", path, [], [])
        check(r.status in (400, 404), "raw GET %s: status %s" % (path, r.status), r.describe(300))
        no_secret(r, "raw GET " + path)
    # The API path still works after all that.
    expect(s.get("/api/v1/congresses"), 200, what="GET /api/v1/congresses")


def test_methods(ctx):
    """only GET and HEAD: other methods answer 405 JSON with Allow"""
    srv, _ = web_server(ctx)
    s = Session(srv.base)
    for method, path in (("POST", "/index.html"), ("PUT", "/assets/app.css"), ("DELETE", "/"),
                         ("PATCH", "/clerk/polls/3"), ("POST", "/missing.js")):
        r = s.request(method, path, {"x": 1})
        expect(r, 405, "method_not_allowed", what="%s %s" % (method, path))
        allow = r.header("Allow") or ""
        check("GET" in allow and "HEAD" in allow, "%s %s: Allow %r" % (method, path, allow))


def test_etag_304(ctx):
    """If-None-Match with the ETag answers 304 without a body; another tag answers 200"""
    srv, _ = web_server(ctx)
    s = Session(srv.base)
    for path in ("/assets/app.css", "/", "/clerk/polls/3"):
        r = s.get(path)
        tag = r.header("ETag")
        check(r.status == 200 and tag, "GET %s: no ETag" % path, r.describe(200))
        for inm in (tag, "W/" + tag, '"other", ' + tag, "*"):
            n = s.get(path, headers={"If-None-Match": inm})
            check(n.status == 304 and n.body == b"", "GET %s with If-None-Match %s: status %s, want 304 empty"
                  % (path, inm, n.status), n.describe(200))
            check(n.header("ETag") == tag, "304 for %s carries ETag %r, want %r" % (path, n.header("ETag"), tag))
            check(n.header("Cache-Control") == r.header("Cache-Control"), "304 for %s: Cache-Control %r"
                  % (path, n.header("Cache-Control")))
        o = s.get(path, headers={"If-None-Match": '"not-it"'})
        check(o.status == 200 and o.body == r.body, "GET %s with another tag: want 200 and the file" % path,
              o.describe(200))


def test_gzip(ctx):
    """FILE.gz is sent with Content-Encoding: gzip only to clients that accept it; Vary: Accept-Encoding"""
    srv, _ = web_server(ctx)
    s = Session(srv.base)
    path = "/assets/app-abc123.js"
    plain = s.get(path)
    check(plain.header("Content-Encoding") is None and plain.body == APP_JS, "plain GET got an encoding",
          plain.describe(200))
    check(plain.header("Vary") == "Accept-Encoding", "plain GET of a file with a .gz twin lacks Vary")
    for ae in ("gzip", "gzip, deflate, br", "br;q=1.0, gzip;q=0.8", "x-gzip"):
        r = s.get(path, headers={"Accept-Encoding": ae})
        check(r.status == 200 and r.header("Content-Encoding") == "gzip",
              "Accept-Encoding %r: Content-Encoding %r, want gzip" % (ae, r.header("Content-Encoding")),
              r.describe(100))
        check(gzip.decompress(r.body) == APP_JS, "the gzip body does not inflate to the script")
        check((r.header("Content-Type") or "").startswith("text/javascript"),
              "gzip answer Content-Type %r" % r.header("Content-Type"))
        check(r.header("Vary") == "Accept-Encoding", "gzip answer lacks Vary: Accept-Encoding")
        check(r.header("ETag") != plain.header("ETag"), "the gzip answer has the plain answer's ETag")
        check(r.header("Cache-Control") == IMMUTABLE, "gzip answer Cache-Control %r" % r.header("Cache-Control"))
    for ae in ("br", "gzip;q=0", "identity", "deflate, gzip;q=0.000"):
        r = s.get(path, headers={"Accept-Encoding": ae})
        check(r.header("Content-Encoding") is None and r.body == APP_JS,
              "Accept-Encoding %r: got Content-Encoding %r" % (ae, r.header("Content-Encoding")), r.describe(100))
    r = s.get("/assets/app.css", headers={"Accept-Encoding": "gzip"})
    check(r.header("Content-Encoding") is None and r.body == APP_CSS and r.header("Vary") is None,
          "a file without a .gz twin: got encoding %r, Vary %r" % (r.header("Content-Encoding"), r.header("Vary")))


def test_api_stays_json(ctx):
    """with a web directory, /api answers JSON (404 for unknown routes, never index.html) with no-store and nosniff"""
    srv, _ = web_server(ctx)
    s = Session(srv.base)
    for path in ("/api/v1/nope", "/api/nope", "/api", "/api/", "/api/v1/polls/3/x.js"):
        r = s.get(path)
        expect(r, 404, "not_found", what="GET " + path)
        check(INDEX not in r.body, "GET %s answered index.html" % path)
    r = s.get("/api/v1/congresses")
    expect(r, 200, what="GET /api/v1/congresses")
    check(r.header("Cache-Control") == "no-store", "API Cache-Control %r, want no-store" % r.header("Cache-Control"))
    check(r.header("X-Content-Type-Options") == "nosniff", "API answer lacks nosniff")
    check((r.header("Content-Type") or "").startswith("application/json"), "API Content-Type %r"
          % r.header("Content-Type"))


def test_placeholder_without_web(ctx):
    """without a web directory / is the placeholder page with the security headers; other pages are 404"""
    srv = ctx.new_server()
    s = Session(srv.base)
    r = s.get("/")
    check(r.status == 200 and b"/api/v1" in r.body, "GET /: want the placeholder page", r.describe(300))
    check_html_headers(r, "placeholder")
    expect(s.get("/clerk/polls/3"), 404, "not_found", what="GET /clerk/polls/3 without a web directory")
    expect(s.post("/", {}), 405, "method_not_allowed", what="POST / without a web directory")


def test_web_env_and_default(ctx):
    """$MINSHENG_WEB names the directory; ./web/dist is the default; --web '' serves none; a bad --web fails"""
    root = make_web(ctx, "env-web")
    srv = ctx.new_server("env", env={"MINSHENG_WEB": root})
    r = Session(srv.base).get("/clerk")
    check(r.status == 200 and r.body == INDEX, "MINSHENG_WEB: /clerk is not index.html", r.describe(200))
    dist = os.path.join(ctx.dir, "web", "dist")
    os.makedirs(dist)
    with open(os.path.join(dist, "index.html"), "wb") as f:
        f.write(b"<!doctype html><p>dist</p>\n")
    srv2 = ctx.new_server("dflt")  # the server runs in ctx.dir
    r = Session(srv2.base).get("/deputy")
    check(r.status == 200 and b"dist" in r.body, "./web/dist is not served by default", r.describe(200))
    srv3 = ctx.new_server("none", args=["--web", ""])
    r = Session(srv3.base).get("/")
    check(r.status == 200 and b"/api/v1" in r.body, "--web '' does not fall back to the placeholder",
          r.describe(200))
    db = srv.db
    p = cli(["serve", "--db", db, "--listen", "127.0.0.1:0", "--web", os.path.join(ctx.dir, "nope")],
            expect_ok=False, timeout=30)
    check(p.returncode != 0 and b"nope" in p.stderr, "serve with a missing --web directory should fail and say so",
          p.returncode, p.stderr)
