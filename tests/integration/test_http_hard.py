"""The HTTP layer against hostile clients, on raw sockets (issue 11, defects 7, 8 and 10): a client
trickling its request header is cut off after the header deadline; one client address cannot hold
more connections than its cap while another is still served; two different Content-Length headers,
an over-long URI and an over-large header block are refused with the JSON error body."""
import json
import socket
import time

from client import _read_response
from harness import check

# Short limits so the tests take seconds (the settings of README.md).
HEADER_TIMEOUT = 2
PER_IP = 4


def _connect(srv, source=None, timeout=10):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    if source:
        sock.bind((source, 0))
    sock.connect(("127.0.0.1", srv.port))
    return sock


def _exchange(srv, raw, source=None, timeout=10):
    """Send raw bytes, read one answer: (status, headers, body bytes); None when the server closed
    the connection without answering."""
    sock = _connect(srv, source, timeout)
    try:
        try:
            sock.sendall(raw)
        except (BrokenPipeError, ConnectionResetError):
            return None
        try:
            return _read_response(sock, time.monotonic() + timeout)
        except (ConnectionError, OSError):
            return None
    finally:
        sock.close()


def _get(path="/api/v1/congresses", extra=""):
    return ("GET %s HTTP/1.1\r\nHost: x\r\n%sConnection: close\r\n\r\n" % (path, extra)).encode("latin-1")


def _json_error(answer, status, code, what):
    check(answer is not None, "%s: the connection closed without an answer" % what)
    got, headers, body = answer
    types = [v for k, v in headers if k.lower() == "content-type"]
    check(got == status, "%s: status %d, want %d" % (what, got, status), body[:300])
    check(types and types[0].startswith("application/json"), "%s: Content-Type %r, want JSON" % (what, types),
          body[:300])
    err = json.loads(body.decode("utf-8"))["error"]
    check(err.get("code") == code and err.get("message") and err.get("message_zh"),
          "%s: error %r, want code %s with both messages" % (what, err, code))
    status_lines = body.count(b"HTTP/1.")
    check(status_lines == 0, "%s: the answer holds %d further status lines" % (what, status_lines), body[:300])


def test_header_deadline(ctx):
    """a client trickling its request header is cut off after MINSHENG_HEADER_TIMEOUT; a prompt one is served"""
    srv = ctx.new_server(env={"MINSHENG_HEADER_TIMEOUT": str(HEADER_TIMEOUT)})
    sock = _connect(srv)
    start = time.monotonic()
    cut = None
    try:
        sock.sendall(b"GET /api/v1/congresses HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        # one byte every 0.3 s: never idle long enough for the idle timeout
        while time.monotonic() - start < HEADER_TIMEOUT + 6:
            time.sleep(0.3)
            try:
                sock.sendall(b"a")
                sock.settimeout(0.01)
                if sock.recv(4096) == b"":
                    cut = time.monotonic() - start
                    break
            except socket.timeout:
                continue
            except (BrokenPipeError, ConnectionResetError):
                cut = time.monotonic() - start
                break
    finally:
        sock.close()
    check(cut is not None, "a header trickled for %d s was not cut off (deadline %d s)" %
          (HEADER_TIMEOUT + 6, HEADER_TIMEOUT))
    check(cut < HEADER_TIMEOUT + 3, "the trickling client was cut off after %.1f s, deadline %d s" %
          (cut, HEADER_TIMEOUT))
    # a slow but complete header within the deadline, then a second request on the kept-alive connection
    sock = _connect(srv)
    try:
        for piece in (b"GET /api/v1/congresses HTTP/1.1\r\n", b"Host: x\r\n", b"\r\n"):
            sock.sendall(piece)
            time.sleep(0.3)
        status, _, _ = _read_response(sock, time.monotonic() + 10)
        check(status == 200, "a header sent within the deadline: status %d, want 200" % status)
        time.sleep(HEADER_TIMEOUT + 1)  # idle between requests: the idle timeout's business, not the deadline's
        sock.sendall(_get())
        status, _, _ = _read_response(sock, time.monotonic() + 10)
        check(status == 200, "a second request after %d s kept alive: status %d" % (HEADER_TIMEOUT + 1, status))
    finally:
        sock.close()


def test_connections_per_address(ctx):
    """one address opening more than MINSHENG_CONNECTIONS_PER_IP is refused; another address, and the first after closing, is served"""
    srv = ctx.new_server(env={"MINSHENG_CONNECTIONS_PER_IP": str(PER_IP)})
    held = [_connect(srv) for _ in range(PER_IP)]
    try:
        time.sleep(0.3)  # let the server accept them all
        refused = _exchange(srv, _get(), timeout=5)
        check(refused is None, "connection %d from 127.0.0.1 was served (status %s), want refused" %
              (PER_IP + 1, refused and refused[0]))
        other = _exchange(srv, _get(), source="127.0.0.2")
        check(other is not None and other[0] == 200, "127.0.0.2 with 127.0.0.1 at its cap: %r, want 200" %
              (other and other[0],))
    finally:
        for s in held:
            s.close()
    again = None
    for _ in range(20):  # the server sees them closed within moments, even on a loaded machine
        time.sleep(0.25)
        again = _exchange(srv, _get())
        if again is not None:
            break
    check(again is not None and again[0] == 200, "127.0.0.1 after closing its connections: %r, want 200" %
          (again and again[0],))


def test_conflicting_content_length(ctx):
    """two different Content-Length headers answer 400 JSON conflicting_content_length; two equal ones pass"""
    srv = ctx.new_server()
    body = b'{"login": "nobody", "password": "wrong-password"}'
    head = "POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\n"
    raw = (head + "Content-Length: %d\r\nContent-Length: 2\r\n\r\n" % len(body)).encode() + body
    _json_error(_exchange(srv, raw), 400, "conflicting_content_length", "Content-Length %d and 2" % len(body))
    raw = (head + "Content-Length: 2\r\nContent-Length: %d\r\n\r\n" % len(body)).encode() + body
    _json_error(_exchange(srv, raw), 400, "conflicting_content_length", "Content-Length 2 and %d" % len(body))
    raw = (head + "Content-Length: %d\r\nContent-Length: %d\r\n\r\n" % (len(body), len(body))).encode() + body
    _json_error(_exchange(srv, raw), 401, "bad_credentials", "two equal Content-Length headers")


def test_long_uri_and_headers(ctx):
    """a URI over 8 KiB answers 414 and a header block over 16 KiB 431, both JSON, once; smaller ones pass"""
    srv = ctx.new_server()
    _json_error(_exchange(srv, _get("/api/v1/congresses?x=" + "a" * 9000)), 414, "uri_too_long", "a 9 KB URI")
    _json_error(_exchange(srv, _get("/api/v1/" + "a" * 20000)), 414, "uri_too_long", "a 20 KB path")
    ok = _exchange(srv, _get("/api/v1/congresses?x=" + "a" * 7000))
    check(ok is not None and ok[0] == 200, "a 7 KB URI: %r, want 200" % (ok and ok[0],))
    pad = "".join("X-Pad-%d: %s\r\n" % (i, "b" * 1000) for i in range(20))
    _json_error(_exchange(srv, _get(extra=pad)), 431, "headers_too_large", "20 KB of headers")
    _json_error(_exchange(srv, _get(extra="Cookie: c=%s\r\n" % ("d" * 20000))), 431, "headers_too_large",
                "a 20 KB cookie")
    pad = "".join("X-Pad-%d: %s\r\n" % (i, "b" * 1000) for i in range(10))
    ok = _exchange(srv, _get(extra=pad))
    check(ok is not None and ok[0] == 200, "10 KB of headers: %r, want 200" % (ok and ok[0],))
