"""Code-sheet polls (docs/secrecy.md): the clerk prints one-time voting codes as QR slips (a PDF with CJK text);
each checked-in deputy draws one at the desk; the phone that scans it votes with no login; the server records that
a code was used, never who held it; spoiled and lost slips are voided; slips reconcile with ballots."""
import os
import re
import subprocess

from client import Session
from harness import (build_world, check, checkin, close_poll, db_query, dep_session, expect, get_poll,
                     post_open)

CODE_RX = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){4}")


def _world(ctx, n=6, slips=8):
    w = build_world(ctx, n_deputies=n, costs=(10, 20, 30, 40), poll={"slots": 2, "max_approvals": 2,
                                                                       "voting_mode": "code_sheet"},
                    open_poll=False)
    r = w.clerk.post("/api/v1/polls/%d/code-sheet" % w.poll, {"count": slips, "base_url": "https://vote.example.cn/"})
    check(r.status == 200 and r.header("Content-Type") == "application/pdf" and r.body.startswith(b"%PDF"),
          "the slips are a PDF", r.describe(200))
    path = os.path.join(ctx.dir, "slips.pdf")
    with open(path, "wb") as f:
        f.write(r.body)
    return w, path


def _slips(path):
    """(serial, code, url) of every slip: the text the PDF prints, and what its QR codes read."""
    text = subprocess.run(["pdftotext", "-layout", path, "-"], stdout=subprocess.PIPE, check=True).stdout.decode()
    codes = CODE_RX.findall(text)
    serials = [int(s) for s in re.findall(r"第\s*(\d+)\s*号", text)]
    prefix = os.path.join(os.path.dirname(path), "page")
    subprocess.run(["pdftoppm", "-r", "150", "-png", path, prefix], check=True)
    urls = []
    for png in sorted(f for f in os.listdir(os.path.dirname(path)) if f.startswith("page") and f.endswith(".png")):
        p = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable",
                            os.path.join(os.path.dirname(path), png)], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL)
        urls += p.stdout.decode().split()
    return serials, codes, urls, text


def test_slips_pdf(ctx):
    """the slips PDF: one slip per code with its number, the code in groups, Chinese text in an embedded CJK font,
    and a QR code that reads base_url/v#<poll>.<code>"""
    w, path = _world(ctx, slips=10)
    serials, codes, urls, text = _slips(path)
    check(serials == list(range(1, 11)), "slip numbers %r" % serials)
    check(len(codes) == 10 and len(set(codes)) == 10, "10 distinct codes printed, got %r" % codes)
    check("请用手机扫描二维码投票" in text, "the Chinese instructions are text in the PDF", text[:400])
    fonts = subprocess.run(["pdffonts", path], stdout=subprocess.PIPE, check=True).stdout.decode()
    check("NotoSansCJK" in fonts.replace(" ", "") and " yes " in fonts, "a CJK font is embedded", fonts)
    want = sorted("https://vote.example.cn/v#%d.%s" % (w.poll, c.replace("-", "")) for c in codes)
    check(sorted(urls) == want, "the QR codes read the voting page with the printed codes", urls, want)
    # the database keeps hashes only
    rows = db_query(w.srv.db, "SELECT * FROM voting_code")
    dump = repr(rows)
    check(len(rows) == 10 and not any(c.replace("-", "") in dump for c in codes), "codes stored in the clear")
    # a second batch goes on numbering; a login poll has no codes
    r = w.clerk.post("/api/v1/polls/%d/code-sheet" % w.poll, {"count": 2, "base_url": "https://vote.example.cn"})
    check(r.status == 200, "a second batch", r.describe())
    expect(w.clerk.post("/api/v1/polls/%d/code-sheet" % w.poll, {"count": 2, "base_url": "javascript:alert(1)"}),
           422, "invalid_base_url", what="a base url that is no web address")
    other = build_world(ctx, n_deputies=2, costs=(10, 20, 30), open_poll=False, srv=w.srv, admin=w.admin)
    expect(other.clerk.post("/api/v1/polls/%d/code-sheet" % other.poll, {"count": 2, "base_url": "https://x.cn"}),
           409, "not_code_sheet", what="slips for a login poll")


def test_vote_with_codes_end_to_end(ctx):
    """deputies draw slips at the desk, vote with the codes and no login; a code votes once; a logged-in
    deputy cannot vote past the codes; spoiled and lost slips are voided; the slips reconcile with the ballots"""
    w, path = _world(ctx, n=6, slips=8)
    serials, codes, urls, _ = _slips(path)
    by_serial = dict(zip(serials, [c.replace("-", "") for c in codes]))
    ids = [d["id"] for d in w.deputies]
    expect(post_open(w.clerk, w.poll), 200, what="open")
    expect(w.clerk.post("/api/v1/polls/%d/slips" % w.poll, {"deputy_ids": ids[:5]}), 200, what="hand 5 slips")
    expect(w.clerk.post("/api/v1/polls/%d/slips" % w.poll, {"deputy_ids": [ids[0]]}), 409, "slip_already",
           what="a second slip to one deputy")
    cast = dep_session(w, 0).post("/api/v1/polls/%d/ballot" % w.poll, {"choices": [w.cands[0]]})
    expect(cast, 409, "poll_code_sheet", what="a logged-in deputy votes in a code-sheet poll")
    phone = Session(w.srv.base)  # no login
    votes = {1: [w.cands[0]], 2: [w.cands[0], w.cands[1]], 3: [], 4: [w.cands[2]]}
    trackers = {}
    for s, ch in votes.items():
        st = expect(phone.post("/api/v1/polls/%d/code-check" % w.poll, {"code": by_serial[s]}), 200, what="check")
        check(st["state"] == "issued", "an unused code reads issued: %r" % st)
        r = expect(phone.post("/api/v1/polls/%d/code-ballot" % w.poll, {"code": by_serial[s].lower(),
                                                                          "choices": ch}), 201, what="vote by code")
        trackers[r["tracker"]] = sorted(ch)
    expect(phone.post("/api/v1/polls/%d/code-ballot" % w.poll, {"code": by_serial[1], "choices": []}), 409,
           "code_used", what="a code votes twice")
    expect(phone.post("/api/v1/polls/%d/code-ballot" % w.poll, {"code": "0" * 20, "choices": []}), 422,
           "invalid_code", what="a made-up code")
    expect(phone.post("/api/v1/polls/%d/code-ballot" % w.poll, {"code": by_serial[5], "choices": [w.cands[0]] * 2}),
           422, "duplicate_choice", what="a bad ballot leaves the code unused")
    check(expect(phone.post("/api/v1/polls/%d/code-check" % w.poll, {"code": by_serial[5]}), 200,
                 what="check")["state"] == "issued", "a refused ballot used the code")
    # slip 5 is spoiled and replaced by 6 (voided, as a paper ballot is); 8 was lost
    expect(w.clerk.post("/api/v1/polls/%d/codes/void" % w.poll, {"serials": [5, 8]}), 200, what="void")
    expect(phone.post("/api/v1/polls/%d/code-ballot" % w.poll, {"code": by_serial[5], "choices": []}), 409,
           "code_void", what="a voided code")
    expect(w.clerk.post("/api/v1/polls/%d/codes/void" % w.poll, {"serials": [1]}), 409, "slip_used",
           what="void a used slip")
    expect(w.clerk.post("/api/v1/polls/%d/codes/void" % w.poll, {"serials": [99]}), 422, "slip_unknown",
           what="void a slip that was never printed")
    expect(phone.post("/api/v1/polls/%d/code-ballot" % w.poll, {"code": by_serial[6], "choices": [w.cands[3]]}),
           201, what="the replacement slip votes")
    counts = expect(w.clerk.get("/api/v1/polls/%d/codes" % w.poll), 200, what="reconcile")
    check(counts == {"printed": 8, "handed": 5, "used": 5, "voided": 2, "unused": 1, "ballots": 5,
                     "slips_not_returned": 0}, "reconciliation %r" % counts)
    # nothing links a code to a deputy: the attendance row says only that a slip (or a paper ballot) was taken
    att = db_query(w.srv.db, "SELECT * FROM attendance")
    # (self: checked in by the deputy's phone, confirmed: by the desk, test_checkin_self.py)
    check(all(len(r) == 6 for r in att),
          "attendance holds more than poll, deputy, slip, paper, self, confirmed: %r" % att[:2])
    audit = expect(w.admin.get("/api/v1/audit?q=ballot.cast_code"), 200, what="audit")["items"]
    check(len(audit) == 5 and all(a["user_id"] is None and not a["detail"] for a in audit),
          "code ballots in the audit log name nobody", audit[:2])
    res = close_poll(w.clerk, w.poll)
    check(res["ballots_returned"] == 5, "result %r" % res)
    bul = expect(Session(w.srv.base).get("/api/v1/polls/%d/bulletin" % w.poll), 200, what="bulletin")
    on = {b["tracker"]: sorted(b["choices"]) for b in bul["ballots"]}
    check(all(on.get(t) == ch for t, ch in trackers.items()), "each code ballot's tracker on the bulletin")
    check(get_poll(w.clerk, w.poll)["voting_mode"] == "code_sheet", "the poll view names its mode")
