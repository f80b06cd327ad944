"""Tiny HTTP client for the Minsheng integration tests (standard library only).

Session keeps the ms_session cookie and the CSRF token; every call returns a
Resp, which unpacks as (status, json, headers) and also carries the raw body,
the method and the path for diagnostics.
"""
import http.client
import json
import select
import socket
import time

TIMEOUT = 30.0  # seconds for any single HTTP exchange

_NO_BODY = object()


class Resp(tuple):
    """(status, json, headers) plus .body (bytes), .method, .path, .sent."""

    def __new__(cls, status, js, headers, body=b"", method="", path="", sent=None):
        self = tuple.__new__(cls, (status, js, headers))
        self.body = body
        self.method = method
        self.path = path
        self.sent = sent
        return self

    status = property(lambda self: self[0])
    json = property(lambda self: self[1])
    headers = property(lambda self: self[2])

    def header(self, name):
        """First value of a header (case-insensitive) or None."""
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def header_all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    @property
    def code(self):
        """error.code of an error body, or None."""
        js = self.json
        if isinstance(js, dict) and isinstance(js.get("error"), dict):
            return js["error"].get("code")
        return None

    def describe(self, limit=1500):
        text = self.body.decode("utf-8", "replace")
        if len(text) > limit:
            text = text[:limit] + "... (%d bytes)" % len(self.body)
        sent = ""
        if self.sent is not None:
            s = self.sent if isinstance(self.sent, str) else repr(self.sent)
            if len(s) > 300:
                s = s[:300] + "..."
            sent = " with body " + s
        return "%s %s%s -> %s %s" % (self.method, self.path, sent, self.status, text)


def _decode(body):
    if not body:
        return None
    try:
        return json.loads(body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None


class Session:
    """One user agent: a cookie jar (ms_session) and the CSRF token.

    on_response (class attribute): called with every Resp; the harness
    checks each answer against the API's OpenAPI document there."""

    on_response = None

    def __init__(self, base):
        # base: "http://127.0.0.1:PORT"
        hostport = base.split("://", 1)[1].rstrip("/")
        host, port = hostport.rsplit(":", 1)
        self.base = base
        self.host = host
        self.port = int(port)
        self.cookies = {}
        self.csrf = None
        self.user = None

    # -- cookies --------------------------------------------------------
    def _absorb_cookies(self, headers):
        for k, v in headers:
            if k.lower() != "set-cookie":
                continue
            first, _, attrs = v.partition(";")
            name, _, value = first.strip().partition("=")
            attrs_l = attrs.lower().replace(" ", "")
            expired = ("max-age=0" in attrs_l) or ("expires=thu,01jan1970" in attrs_l)
            if not value or expired:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def cookie_header(self):
        return "; ".join("%s=%s" % kv for kv in self.cookies.items())

    # -- requests -------------------------------------------------------
    def request(self, method, path, body=_NO_BODY, *, raw=None, headers=None,
                csrf=True, content_type="application/json", timeout=TIMEOUT):
        """body: a JSON-able object; raw: bytes/str sent as is (wins over body).
        csrf: send X-CSRF-Token on mutations when we have one (False: never;
        a string: send that value)."""
        hdrs = {}
        data = None
        sent = None
        if raw is not None:
            data = raw.encode("utf-8") if isinstance(raw, str) else raw
            sent = raw if len(data) <= 300 else ("<%d raw bytes>" % len(data))
        elif body is not _NO_BODY:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            sent = data.decode("utf-8")
        if data is not None and content_type:
            hdrs["Content-Type"] = content_type
        if self.cookies:
            hdrs["Cookie"] = self.cookie_header()
        if method not in ("GET", "HEAD", "OPTIONS"):
            if isinstance(csrf, str):
                hdrs["X-CSRF-Token"] = csrf
            elif csrf and self.csrf:
                hdrs["X-CSRF-Token"] = self.csrf
        if headers:
            hdrs.update(headers)
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            conn.request(method, path, body=data, headers=hdrs)
            r = conn.getresponse()
            # a stream of server-sent events never ends: its head is the answer
            stream = (r.getheader("Content-Type") or "").startswith("text/event-stream")
            rbody = b"" if stream else r.read()
            rheaders = r.getheaders()
            status = r.status
        finally:
            conn.close()
        self._absorb_cookies(rheaders)
        resp = Resp(status, _decode(rbody), rheaders, rbody, method, path, sent)
        if Session.on_response is not None:
            Session.on_response(resp)
        return resp

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=_NO_BODY, **kw):
        return self.request("POST", path, body, **kw)

    def patch(self, path, body=_NO_BODY, **kw):
        return self.request("PATCH", path, body, **kw)

    def put(self, path, body=_NO_BODY, **kw):
        return self.request("PUT", path, body, **kw)

    def delete(self, path, body=_NO_BODY, **kw):
        return self.request("DELETE", path, body, **kw)

    def login(self, login, password):
        r = self.post("/api/v1/login", {"login": login, "password": password})
        if r.status == 200 and isinstance(r.json, dict):
            self.csrf = r.json.get("csrf_token")
            self.user = r.json.get("user")
        return r


# -- raw socket requests (for oversized / chunked bodies) ---------------

def _read_response(sock, deadline):
    """Read one HTTP/1.x response from sock; returns (status, headers, body)."""
    buf = b""
    while b"\r\n\r\n" not in buf:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("no complete response header within the time limit")
        sock.settimeout(left)
        chunk = sock.recv(65536)
        if not chunk:
            break
        buf += chunk
    if b"\r\n\r\n" not in buf:
        raise ConnectionError("connection closed before a response header (got %r)" % buf[:200])
    head, _, rest = buf.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    status = int(parts[1])
    headers = []
    for ln in lines[1:]:
        k, _, v = ln.partition(":")
        headers.append((k.strip(), v.strip()))
    length = None
    chunked = False
    for k, v in headers:
        if k.lower() == "content-length":
            length = int(v)
        if k.lower() == "transfer-encoding" and "chunked" in v.lower():
            chunked = True
    body = rest
    while True:
        if length is not None and len(body) >= length:
            body = body[:length]
            break
        if chunked and body.endswith(b"0\r\n\r\n"):
            break
        left = deadline - time.monotonic()
        if left <= 0:
            break
        sock.settimeout(left)
        try:
            chunk = sock.recv(65536)
        except (ConnectionResetError, socket.timeout):
            break
        if not chunk:
            break
        body += chunk
    if chunked:
        out = b""
        data = body
        while data:
            size_line, _, data = data.partition(b"\r\n")
            try:
                size = int(size_line.split(b";")[0], 16)
            except ValueError:
                break
            if size == 0:
                break
            out += data[:size]
            data = data[size + 2:]
        body = out
    return status, headers, body


def raw_request(host, port, method, path, headers, body_chunks, timeout=TIMEOUT):
    """Send a request piece by piece; stop sending as soon as the server has
    answered (a server may answer 413 before the body is complete).
    headers: list of (name, value); body_chunks: iterable of bytes.
    Returns a Resp."""
    deadline = time.monotonic() + timeout
    sock = socket.create_connection((host, port), timeout=timeout)
    try:
        head = "%s %s HTTP/1.1\r\nHost: %s:%d\r\n" % (method, path, host, port)
        for k, v in headers:
            head += "%s: %s\r\n" % (k, v)
        head += "Connection: close\r\n\r\n"
        sock.sendall(head.encode("latin-1"))
        for chunk in body_chunks:
            r, _, _ = select.select([sock], [], [], 0)
            if r:
                break  # the server answered early
            try:
                sock.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break
            if time.monotonic() > deadline:
                raise TimeoutError("sending the body took too long")
        status, rheaders, body = _read_response(sock, deadline)
    finally:
        sock.close()
    return Resp(status, _decode(body), rheaders, body, method, path, "<raw body>")
