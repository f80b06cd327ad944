"""Sealed ballots, scrutineers' key shares, the bulletin and `minsheng verify` (docs/secrecy.md).

While a poll is open its ballots are stored sealed to a key that only k of its scrutineers can rebuild;
at the close their shares open them, they are stored in random order with their trackers and published
on the bulletin, which anyone can recount."""
import base64
import json
import os
import random
import time

import sodium
from client import Session
from harness import (build_world, cast, check, cli, close_poll, db_bytes, db_exec, db_query, dep_session, expect,
                     fetch_shares, get_poll, is_pg, name_scrutineers, post_close, post_open, SHARES)


def _three_of_five(ctx, n_deputies=8, k=3):
    """A poll with five scrutineers (the first five deputies), k of whose shares open it."""
    w = build_world(ctx, n_deputies=n_deputies, costs=(10, 20, 30, 40, 50), poll={"slots": 2, "max_approvals": 2},
                    open_poll=False)
    name_scrutineers(w.clerk, w.poll, [(w.deputies[i]["id"], dep_session(w, i)) for i in range(5)], k=k)
    expect(post_open(w.clerk, w.poll), 200, what="open")
    return w


def test_open_needs_prepared_scrutineers(ctx):
    """a poll opens only with scrutineers named and each prepared; a share waits only for its own scrutineer"""
    w = build_world(ctx, n_deputies=4, costs=(10, 20, 30), open_poll=False)
    expect(w.clerk.put("/api/v1/polls/%d/scrutineers" % w.poll, {"scrutineer_ids": [w.deputies[0]["id"]],
                                                                 "shares_needed": 2}),
           422, "scrutineer_count", what="2 of 1 shares")
    expect(w.clerk.put("/api/v1/polls/%d/scrutineers" % w.poll, {"scrutineer_ids": [w.clerk.user["id"]]}),
           422, "not_a_deputy", what="the clerk as scrutineer")
    ids = [w.deputies[0]["id"], w.deputies[0]["id"]]
    expect(w.clerk.put("/api/v1/polls/%d/scrutineers" % w.poll, {"scrutineer_ids": ids}), 422,
           "scrutineer_twice", what="one deputy twice")
    # two named, one prepared: the open waits for the other
    name_scrutineers(w.clerk, w.poll, [(w.deputies[0]["id"], dep_session(w, 0))], k=1)
    expect(w.clerk.put("/api/v1/polls/%d/scrutineers" % w.poll,
                       {"scrutineer_ids": [w.deputies[0]["id"], w.deputies[1]["id"]], "shares_needed": 1}),
           200, what="two scrutineers")
    r = expect(w.clerk.post("/api/v1/polls/%d/open" % w.poll), 409, "scrutineer_no_key", what="open unprepared")
    check(w.deputies[0]["name"] in r["error"]["message_zh"], "the message names the unprepared scrutineer",
          r)
    expect(dep_session(w, 2).get("/api/v1/polls/%d/scrutineers/me/share" % w.poll), 403, "not_a_scrutineer",
           what="a deputy who is no scrutineer asks for a share")
    expect(dep_session(w, 0).get("/api/v1/polls/%d/scrutineers/me/share" % w.poll), 409, "share_not_ready",
           what="a share before the open")
    expect(dep_session(w, 1).put("/api/v1/polls/%d/scrutineers/me/key" % w.poll, {"public_key": "x" * 43}), 400,
           "invalid_share_key", what="a key that is not 32 bytes")
    name_scrutineers(w.clerk, w.poll, [(w.deputies[0]["id"], dep_session(w, 0)),
                                       (w.deputies[1]["id"], dep_session(w, 1))], k=2)
    expect(post_open(w.clerk, w.poll), 200, what="open prepared")
    p = get_poll(dep_session(w, 0), w.poll)
    check(p.get("sealed") is True and p.get("shares_needed") == 2 and p["me"]["scrutineer"] is True,
          "poll view after open", p)
    expect(w.clerk.put("/api/v1/polls/%d/scrutineers" % w.poll, {"scrutineer_ids": [w.deputies[2]["id"]]}),
           409, "poll_not_draft", what="scrutineers changed after the open")
    # an open poll without scrutineers cannot exist: a fresh poll with none is refused
    js = expect(w.clerk.post("/api/v1/cycles/%d/polls" % w.cycle, {"slots": 1}), 201, what="second poll")
    expect(w.clerk.post("/api/v1/polls/%d/checkin" % js["id"], {"deputy_ids": [d["id"] for d in w.deputies]}), 200,
           what="checkin")
    expect(w.clerk.post("/api/v1/polls/%d/open" % js["id"]), 409, "no_scrutineers", what="open with none")


def test_ballots_sealed_while_open(ctx):
    """while the poll is open no plaintext ballot is stored: only boxes of one size that open with the key"""
    w = build_world(ctx, n_deputies=6, costs=(10, 20, 30, 40), poll={"slots": 2, "max_approvals": 3})
    picks = [[w.cands[0]], [w.cands[0], w.cands[1], w.cands[2]], [], [w.cands[3]]]
    for i, ch in enumerate(picks):
        cast(dep_session(w, i), w.poll, ch)
    db = w.srv.db
    check(int(db_query(db, "SELECT count(*) FROM ballot WHERE poll_id = %d" % w.poll)[0][0]) == 0,
          "plaintext ballots are stored while the poll is open")
    boxes = [db_bytes(r[0]) for r in db_query(db, "SELECT box FROM ballot_box WHERE poll_id = %d" % w.poll)]
    check(len(boxes) == 4 and len({len(b) for b in boxes}) == 1,
          "want 4 sealed boxes of one length (no size that says how many were chosen), got lengths %r"
          % [len(b) for b in boxes])
    texts = [json.dumps(sorted(ch), separators=(",", ":")).encode() for ch in picks if ch]
    check(not any(t in b for t in texts for b in boxes), "a box holds its choices as readable text")
    r = expect(dep_session(w, 4).get("/api/v1/polls/%d" % w.poll), 200, what="poll")
    check(r.get("ballots_cast") == 4, "ballots_cast counts the sealed ballots", r)
    # nobody can take a sealed ballot out before the close
    err = db_exec(db, "DELETE FROM ballot_box WHERE poll_id = %d" % w.poll)
    check(err and "kept until the close" in err, "a sealed ballot was deleted while the poll is open (%r)" % err)
    res = close_poll(w.clerk, w.poll)
    check(res["ballots_returned"] == 4 and res["blank"] == 1, "result after the close", res)
    check(int(db_query(db, "SELECT count(*) FROM ballot_box WHERE poll_id = %d" % w.poll)[0][0]) == 0,
          "the sealed boxes remain after the close")
    check(int(db_query(db, "SELECT count(*) FROM ballot WHERE poll_id = %d" % w.poll)[0][0]) == 4,
          "the opened ballots are not stored")
    if not is_pg(db):
        # secure_delete: the boxes' bytes are gone from the main file once the WAL is checkpointed
        db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)")
        with open(db, "rb") as f:
            data = f.read()
        left = sum(1 for b in boxes if b[8:40] in data)
        check(left == 0, "%d of 4 sealed boxes still readable in the main file after the close" % left)


def test_k_of_n_shares(ctx):
    """3 of 5 shares open the ballots: fewer, a wrong, a repeated or a foreign share is refused and the poll stays open"""
    w = _three_of_five(ctx)
    for i in range(6):
        cast(dep_session(w, i), w.poll, [w.cands[i % 5]])
    shares = SHARES[(w.clerk.base, w.poll)]
    check(len(shares) == 5 and all(s.startswith("ms1-%d-" % w.poll) for s in shares), "shares %r" % shares)
    expect(post_close(w.clerk, w.poll, shares[:2]), 422, "too_few_shares", what="2 of 3 shares")
    expect(post_close(w.clerk, w.poll, []), 422, "too_few_shares", what="no shares")
    raw = bytearray(base64.urlsafe_b64decode(shares[1].split("-", 2)[2] + "=="))
    raw[5] ^= 1
    bad = "ms1-%d-%s" % (w.poll, base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("="))
    r = expect(post_close(w.clerk, w.poll, [shares[0], bad, shares[2]]), 422, "wrong_share", what="a changed share")
    check(w.deputies[1]["name"] in r["error"]["message_zh"] and "第 2 份" in r["error"]["message_zh"]
          and r["error"].get("field") == "shares[1]", "the error names the share, its place and its scrutineer", r)
    expect(post_close(w.clerk, w.poll, [shares[0], shares[0], shares[2]]), 422, "share_repeated", what="repeated")
    expect(post_close(w.clerk, w.poll, [shares[0], "not a share", shares[2]]), 422, "invalid_share",
           what="not a share")
    other = shares[3].replace("ms1-%d-" % w.poll, "ms1-%d-" % (w.poll + 1000), 1)
    expect(post_close(w.clerk, w.poll, [shares[0], other, shares[2]]), 422, "invalid_share", what="another poll's")
    check(get_poll(w.clerk, w.poll)["status"] == "open", "the poll closed after refused shares")
    # two shares lost (n - k): the other three open it
    res = expect(post_close(w.clerk, w.poll, [shares[4], shares[2], shares[3]]), 200, what="close with 3 of 5")
    check(res["ballots_returned"] == 6, "the 3 shares counted %r ballots, want 6" % res["ballots_returned"])
    audit = expect(w.admin.get("/api/v1/audit?q=poll.close"), 200, what="audit")["items"]
    closes = [a for a in audit if a["object"] == "poll/%d" % w.poll]
    check(closes and sorted(closes[0]["detail"]["scrutineer_ids"]) ==
          sorted(w.deputies[i]["id"] for i in (2, 3, 4)), "the close records whose shares opened it", closes)


def test_bulletin_trackers_and_verify(ctx):
    """every deputy finds their tracker with their choices on the bulletin; `minsheng verify` recounts it to the
    published result and reports a ballot added, dropped or altered, and a changed tracker"""
    n = 12
    w = build_world(ctx, n_deputies=n, costs=(10, 20, 30, 40, 50), poll={"slots": 2, "max_approvals": 2})
    rng = random.Random(5)
    mine = {}
    for i in range(n):
        ch = rng.sample(w.cands, rng.randint(0, 2))
        body = {"choices": ch}
        if i % 2:
            body["tracker"] = "abcde-fghjk" if i == 1 else None
            if body["tracker"] is None:
                del body["tracker"]
        r = expect(dep_session(w, i).post("/api/v1/polls/%d/ballot" % w.poll, body), 201, what="cast")
        check(len(r["tracker"]) == 10 and r["receipt"], "receipt and tracker %r" % r)
        mine[r["tracker"]] = sorted(ch)
    check("ABCDEFGHJK" in mine, "the tracker the deputy's device drew is kept (normalised)", sorted(mine))
    expect(dep_session(w, 0).post("/api/v1/polls/%d/ballot" % w.poll, {"choices": [], "tracker": "IIIIIIIIII"}),
           400, "invalid_tracker", what="a tracker with I")
    expect(w.clerk.get("/api/v1/polls/%d/bulletin" % w.poll), 409, "poll_not_closed", what="bulletin while open")
    res = close_poll(w.clerk, w.poll)
    bul = expect(Session(w.srv.base).get("/api/v1/polls/%d/bulletin" % w.poll), 200,
                 what="bulletin, anonymously")
    check(bul["ballots_hash"] == res["bulletin_hash"], "the bulletin's hash is the one the result carries")
    on = {b["tracker"]: sorted(b["choices"]) for b in bul["ballots"]}
    check(len(bul["ballots"]) == n and on == mine, "each deputy's tracker on the bulletin with their choices",
          on, mine)
    path = os.path.join(ctx.dir, "bulletin.json")

    def verify(doc, what):
        with open(path, "w") as f:
            json.dump(doc, f, ensure_ascii=False)
        p = cli(["verify", path], what=what, expect_ok=False)
        p.stdout = p.stdout.decode("utf-8", "replace")
        return p

    r = verify(bul, "verify the bulletin")
    check(r.returncode == 0 and "matches" in r.stdout, "verify of the published bulletin", r.stdout, r.stderr)
    zh = cli(["verify", path], what="verify in Chinese", env={"LANG": "zh_CN.UTF-8"})
    check("一致" in zh.stdout.decode(), "verify speaks Chinese under a zh locale", zh.stdout.decode())
    added = json.loads(json.dumps(bul))
    added["ballots"].append({"tracker": "0000000000", "choices": [w.cands[4]], "paper": False})
    dropped = json.loads(json.dumps(bul))
    dropped["ballots"].pop(3)
    altered = json.loads(json.dumps(bul))
    b = next(b for b in altered["ballots"] if b["choices"])
    b["choices"] = [c for c in w.cands if c not in b["choices"]][:1]
    retagged = json.loads(json.dumps(bul))
    retagged["ballots"][0]["tracker"] = "ZZZZZZZZZZ"
    swapped = json.loads(json.dumps(bul))  # two ballots exchange their choices: the counts stay, the hash does not
    i, j = next((i, j) for i in range(n) for j in range(n) if sorted(swapped["ballots"][i]["choices"]) !=
                sorted(swapped["ballots"][j]["choices"]))
    swapped["ballots"][i]["choices"], swapped["ballots"][j]["choices"] = (swapped["ballots"][j]["choices"],
                                                                          swapped["ballots"][i]["choices"])
    for doc, what, field in ((added, "a ballot added", "ballots_returned"), (dropped, "a ballot dropped",
                                                                              "ballots_returned"),
                             (altered, "a ballot altered", "candidates"), (retagged, "a tracker changed",
                                                                           "ballots_hash"),
                             (swapped, "two ballots swapped", "ballots_hash")):
        r = verify(doc, what)
        check(r.returncode == 1 and "differs" in r.stdout and field in r.stdout,
              "verify of a bulletin with %s: exit %d" % (what, r.returncode), r.stdout, r.stderr)


def test_participation_holds_no_tracker(ctx):
    """the tracker is shown to the deputy and sealed in the ballot; nothing stored beside the deputy holds it"""
    w = build_world(ctx, n_deputies=3, costs=(10, 20, 30))
    r = expect(dep_session(w, 0).post("/api/v1/polls/%d/ballot" % w.poll, {"choices": [w.cands[0]]}), 201,
               what="cast")
    db = w.srv.db
    t = r["tracker"]
    for table in ("participation", "audit", "attendance", "session"):
        rows = db_query(db, "SELECT * FROM %s" % ("\"session\"" if table == "session" else table))
        text = json.dumps([[db_bytes(v).hex() if isinstance(v, (bytes, memoryview)) else v for v in row]
                           for row in rows], default=str)
        check(t not in text, "the tracker is stored in %s" % table)


def test_tampered_box_count_refuses_close(ctx):
    """a sealed ballot removed behind the server's back (its trigger dropped) is found at the close: 409"""
    w = build_world(ctx, n_deputies=4, costs=(10, 20, 30))
    for i in range(3):
        cast(dep_session(w, i), w.poll, [w.cands[i]])
    db = w.srv.db
    check(db_exec(db, "DROP TRIGGER ballot_box_kept" + (" ON ballot_box" if is_pg(db) else "")) is None, "drop trigger")
    check(db_exec(db, "DELETE FROM ballot_box WHERE id IN (SELECT id FROM ballot_box ORDER BY id LIMIT 1)") is None, "delete a box")
    r = expect(post_close(w.clerk, w.poll), 409, "ballot_box_mismatch", what="close after a box was removed")
    check("3" in r["error"]["message"] and "2" in r["error"]["message"], "the numbers", r)
    check(get_poll(w.clerk, w.poll)["status"] == "open", "the poll closed anyway")


def test_paper_ballots_sealed(ctx):
    """paper ballots entered at the desk are sealed too, and counted with the electronic ones"""
    w = build_world(ctx, n_deputies=4, costs=(10, 20, 30), poll={"slots": 1, "max_approvals": 1})
    cast(dep_session(w, 0), w.poll, [w.cands[0]])
    expect(w.clerk.post("/api/v1/polls/%d/paper-issue" % w.poll, {"deputy_ids": [w.deputies[1]["id"],
                                                                                 w.deputies[2]["id"]]}),
           200, what="issue paper ballots")
    expect(w.clerk.post("/api/v1/polls/%d/paper-ballots" % w.poll, {"ballots": [[w.cands[1]], [w.cands[0],
                                                                                                w.cands[1]]]}),
           201, what="paper")
    check(int(db_query(w.srv.db, "SELECT count(*) FROM ballot")[0][0]) == 0, "paper ballots stored in plaintext while open")
    res = close_poll(w.clerk, w.poll)
    check(res["ballots_returned"] == 3 and res["void"] == 1, "paper counted", res)
    bul = expect(w.clerk.get("/api/v1/polls/%d/bulletin" % w.poll), 200, what="bulletin")
    check(sum(1 for b in bul["ballots"] if b["paper"]) == 2, "paper flags on the bulletin", bul["ballots"])


def _retarget(sessions, srv):
    for s in sessions:
        s.base, s.port = srv.base, srv.port


def test_kill_while_voting_and_closing(ctx):
    """SIGKILL while 300 deputies vote (sealed ballots) and again during the close: after restarts no acknowledged
    ballot is lost and none is counted twice (every acknowledged tracker on the bulletin once, with its choices)"""
    n = 300
    w = build_world(ctx, n_deputies=n, costs=(10, 20, 30, 40, 50, 60), poll={"slots": 3, "max_approvals": 3},
                    open_poll=False)
    name_scrutineers(w.clerk, w.poll, [(w.deputies[i]["id"], dep_session(w, i)) for i in range(3)], k=2)
    expect(post_open(w.clerk, w.poll), 200, what="open")
    shares = SHARES[(w.clerk.base, w.poll)]
    from harness import login_many
    import concurrent.futures
    import threading
    sessions = login_many(w.srv, w.deputies, 32)
    rng = random.Random(300)
    plan = {}
    for d in w.deputies:
        t = "".join(rng.choice("0123456789ABCDEFGHJKMNPQRSTVWXYZ") for _ in range(10))
        plan[d["login"]] = (t, sorted(rng.sample(w.cands, rng.randint(0, 3))))
    acked, lock, killed = {}, threading.Lock(), threading.Event()
    srv = [w.srv]

    def vote(d):
        t, ch = plan[d["login"]]
        try:
            r = sessions[d["login"]].post("/api/v1/polls/%d/ballot" % w.poll, {"choices": ch, "tracker": t})
        except OSError:
            return d, None
        if r.status == 201:
            with lock:
                acked[t] = ch
                if len(acked) >= n // 3 and not killed.is_set():
                    killed.set()
                    srv[0].kill()
        return d, r.status

    with concurrent.futures.ThreadPoolExecutor(32) as ex:
        first = list(ex.map(vote, w.deputies))
    check(killed.is_set(), "the server was not killed while deputies voted")
    srv[0] = ctx.add_server(w.srv.db)
    _retarget(list(sessions.values()) + [w.clerk, w.admin], srv[0])
    again = [d for d, st in first if st != 201]
    recorded_unacked = {}
    for d in again:
        t, ch = plan[d["login"]]
        r = sessions[d["login"]].post("/api/v1/polls/%d/ballot" % w.poll, {"choices": ch, "tracker": t})
        check(r.status in (201, 409), "a deputy's second try answered %s" % r.describe(200))
        if r.status == 201:
            acked[t] = ch
        else:  # its first request was committed; only the answer was lost
            check(r.code == "already_voted", "second try: %r" % r.code)
            recorded_unacked[t] = ch
    check(len(acked) + len(recorded_unacked) == n, "every deputy voted once: %d + %d" % (len(acked),
                                                                                          len(recorded_unacked)))
    # the close, killed while it runs
    done = {}

    def close():
        try:
            done["r"] = post_close(w.clerk, w.poll, shares[:2])
        except OSError:
            done["r"] = None

    th = threading.Thread(target=close)
    th.start()
    time.sleep(random.uniform(0.0, 0.012))  # unseeded: the kill lands before, during or after the close
    srv[0].kill()
    th.join(30)
    srv[0] = ctx.add_server(w.srv.db)
    _retarget([w.clerk, w.admin], srv[0])
    p = get_poll(w.clerk, w.poll)
    if p["status"] == "open":
        expect(post_close(w.clerk, w.poll, shares[1:3]), 200, what="close again after the kill")
    bul = expect(Session(srv[0].base).get("/api/v1/polls/%d/bulletin" % w.poll), 200, what="bulletin")
    on = [b["tracker"] for b in bul["ballots"]]
    check(len(on) == len(set(on)) == n, "the bulletin has %d ballots (%d distinct), want %d" % (len(on), len(set(on)), n))
    got = {b["tracker"]: sorted(b["choices"]) for b in bul["ballots"]}
    lost = [t for t, ch in acked.items() if got.get(t) != ch]
    check(not lost, "%d acknowledged ballots are not on the bulletin as cast" % len(lost), lost[:5])
    check(bul["result"]["ballots_returned"] == n, "ballots_returned %r" % bul["result"]["ballots_returned"])
    print("# kill -9: %d acknowledged before the first kill, %d answers lost but recorded, %d retried after it; close "
          "killed after it %s" % (sum(1 for _, st in first if st == 201), len(recorded_unacked), len(again),
                                  "finished" if p["status"] == "closed" else "had not committed"))


def _audit_verify(db):
    p = cli(["audit", "verify", "--db", db], expect_ok=False)
    return p.returncode, (p.stdout + p.stderr).decode("utf-8", "replace")


def test_audit_verify_sees_stuffed_and_changed_ballots(ctx):
    """`minsheng audit verify` finds a ballot stuffed with a forged participation (sealed to the poll's public key,
    which anyone can read) and a ballot changed after the close, both done behind the server's back"""
    w = build_world(ctx, n_deputies=5, costs=(10, 20, 30))
    for i in range(3):
        cast(dep_session(w, i), w.poll, [w.cands[i]])
    db = w.srv.db
    rc, out = _audit_verify(db)
    check(rc == 0 and "ballots of 1 polls match" in out, "verify of an honest open poll", out)
    # stuff: a sealed ballot for deputy 4 (who did not vote) and the participation row the close counts
    pk = db_bytes(db_query(db, "SELECT public_key FROM poll WHERE id = %d" % w.poll)[0][0])
    plain = bytes([1, 0]) + b"STUFFED000" + b"".join((1 if i == 0 else 0).to_bytes(2, "little")
                                                    for i in range(len(w.cands)))
    box = sodium.seal(plain, pk)
    hexbox = box.hex()
    ins = ("INSERT INTO ballot_box(id, poll_id, box) VALUES (%s, %d, %s)" %
           (("'\\x%s'" % os.urandom(16).hex(), w.poll, "'\\x%s'" % hexbox) if is_pg(db) else
            ("x'%s'" % os.urandom(16).hex(), w.poll, "x'%s'" % hexbox)))
    check(db_exec(db, ins) is None, "stuff a sealed box")
    check(db_exec(db, "INSERT INTO participation(poll_id, user_id) VALUES (%d, %d)"
                  % (w.poll, w.deputies[4]["id"])) is None, "forge a participation")
    rc, out = _audit_verify(db)
    check(rc == 1 and ("4 ballots are recorded as cast" in out or
                                                          "4 张选票记为已投" in out),
          "verify names the poll whose voters the log does not record", out)
    res = close_poll(w.clerk, w.poll)  # the box count matches what was forged: only the log shows it
    check(res["ballots_returned"] == 4, "the stuffed ballot was counted by the close %r" % res["ballots_returned"])
    # a second, honest poll is closed; a ballot of it is changed afterwards
    w2 = build_world(ctx, n_deputies=3, costs=(10, 20, 30), srv=w.srv, admin=w.admin)
    for i in range(2):
        cast(dep_session(w2, i), w2.poll, [w2.cands[0]])
    close_poll(w2.clerk, w2.poll)
    check(db_exec(db, "DROP TRIGGER ballot_immutable" + (" ON ballot" if is_pg(db) else "")) is None, "drop trigger")
    check(db_exec(db, "UPDATE ballot SET choices = '[%d]' WHERE poll_id = %d AND id IN (SELECT id FROM ballot WHERE "
                      "poll_id = %d ORDER BY id LIMIT 1)" % (w2.cands[1], w2.poll, w2.poll)) is None, "change a ballot")
    # the stuffed poll is reported first; once its forged participation is gone the changed ballot shows
    check(db_exec(db, "DROP TRIGGER ballot_undeletable" + (" ON ballot" if is_pg(db) else "")) is None, "drop trigger")
    rc, out = _audit_verify(db)
    check(rc == 1, "verify after both tamperings", out)
    check(db_exec(db, "DELETE FROM participation WHERE poll_id = %d AND user_id = %d" % (w.poll, w.deputies[4]["id"]))
          is None, "remove the forged participation")
    # a careful tamperer puts the triggers back as they were
    for name, event, msg in (("ballot_immutable", "UPDATE", "ballots are immutable"),
                             ("ballot_undeletable", "DELETE", "ballots cannot be deleted")):
        sql = ("CREATE TRIGGER %s BEFORE %s ON ballot FOR EACH ROW EXECUTE FUNCTION ms_refuse('%s')" if is_pg(db) else
               "CREATE TRIGGER %s BEFORE %s ON ballot BEGIN SELECT RAISE(ABORT, '%s'); END") % (name, event, msg)
        check(db_exec(db, sql) is None, "restore %s" % name)
    rc, out = _audit_verify(db)
    check(rc == 1 and ("poll %d: its ballots do not match the bulletin hash" % w2.poll in out or
                       "投票 %d 的选票与其结果所载的公示表哈希不符" % w2.poll in out),
          "verify names the poll whose ballots changed after the close", out)


def test_every_ballot_blank(ctx):
    """a poll whose every ballot is blank closes and counts (found by fuzz_bulletin: no choices at all)"""
    w = build_world(ctx, n_deputies=3, costs=(10, 20, 30), poll={"slots": 1})
    for i in range(3):
        cast(dep_session(w, i), w.poll, [])
    res = close_poll(w.clerk, w.poll)
    check(res["ballots_returned"] == 3 and res["blank"] == 3 and res["n_selected"] == 0, "all blank: %r" % res)
