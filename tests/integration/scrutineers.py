"""The poll's scrutineers, played by the tests (docs/secrecy.md)."""
import base64

import harness
import sodium

# The harness plays each poll's scrutineers: a one-time key pair per
# scrutineer (libsodium through sodium.py, as the web app uses libsodium.js), registered before the
# open; after the open each fetches its sealed share and opens it; the close
# passes the shares. Keyed by (server base URL, poll id).
SCRUTINEERS = {}
SHARES = {}


def name_scrutineers(clerk, poll, scrutineers, k=None, prepare=True):
    """scrutineers: [(deputy id, deputy session)]; each registers a key
    unless prepare is False."""
    body = {"scrutineer_ids": [d for d, _ in scrutineers]}
    if k is not None:
        body["shares_needed"] = k
    harness.expect(clerk.put("/api/v1/polls/%d/scrutineers" % poll, body), 200, what="name scrutineers")
    held = []
    for _, sess in scrutineers:
        key = sodium.keypair()
        if prepare:
            pub = base64.urlsafe_b64encode(key[0]).decode().rstrip("=")
            harness.expect(sess.put("/api/v1/polls/%d/scrutineers/me/key" % poll, {"public_key": pub}), 200,
                   what="scrutineer prepares")
        held.append((sess, key))
    SCRUTINEERS[(clerk.base, poll)] = held


def fetch_shares(poll, base):
    """Each scrutineer opens the share sealed to it (after the open)."""
    out = []
    for sess, key in SCRUTINEERS.get((base, poll), []):
        js = harness.expect(sess.get("/api/v1/polls/%d/scrutineers/me/share" % poll), 200, what="scrutineer's share")
        sealed = base64.urlsafe_b64decode(js["sealed_share"] + "=" * (-len(js["sealed_share"]) % 4))
        out.append(sodium.seal_open(sealed, *key).decode())
    SHARES[(base, poll)] = out
    return out


def post_open(sess, poll):
    """POST /open; when it opens, the scrutineers collect their shares."""
    r = sess.post("/api/v1/polls/%d/open" % poll)
    if r.status == 200:
        fetch_shares(poll, sess.base)
    return r


def post_close(sess, poll, shares=None):
    """POST /close with the scrutineers' shares (default: all of them)."""
    if shares is None:
        shares = SHARES.get((sess.base, poll), [])
    return sess.post("/api/v1/polls/%d/close" % poll, {"shares": shares})


