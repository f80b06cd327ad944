"""Self check-in (issue 15): a deputy scans the QR code shown at the desk or on the hall screen, which carries a
short-lived token of the poll (GET /polls/{id}/checkin-token, staff only), and checks in on their own phone
(POST /polls/{id}/self-checkin): recorded present with the mark "self", audited; an expired or forged token, a deputy
of another congress, a closed poll are refused. The clerk sees the mark in the attendance list and can undo a
mistaken check-in (POST /polls/{id}/checkin/undo) only before the poll opens, audited with who undid it."""
import time

from client import Session
from harness import (build_world, check, checkin, create_congress, create_user, dep_session, expect, import_deputies,
                     list_all, login_session, make_deputies, post_open)


def _token(sess, poll):
    return expect(sess.get("/api/v1/polls/%d/checkin-token" % poll), 200, what="checkin token")


def _attendance(clerk, poll):
    items, _ = list_all(clerk, "/api/v1/polls/%d/attendance" % poll)
    return {a["id"]: a for a in items}


def _audit(admin, action):
    items, _ = list_all(admin, "/api/v1/audit?action=" + action)
    return items


def test_self_checkin_token(ctx):
    """a valid token checks the deputy in, marked self and audited (by: self, user: the deputy); twice answers
    already; a forged token is refused with checkin_token_invalid; the desk's own check-ins are not marked self; the
    desk confirms a check-in by phone by checking the deputy in (confirmed, the audit names who)"""
    w = build_world(ctx, n_deputies=4, present=0, open_poll=False)
    tok = _token(w.clerk, w.poll)
    check(len(tok["token"]) == 16 and 0 < tok["expires_in"] <= tok["window_s"] == 60
          and tok["valid_for"] == tok["expires_in"] + 60, "the token and its expiry", tok)
    d1 = dep_session(w, 1)
    expect(d1.post("/api/v1/polls/%d/self-checkin" % w.poll, {"token": "0" * 16}), 422, "checkin_token_invalid",
           what="a forged token")
    expect(d1.post("/api/v1/polls/%d/self-checkin" % w.poll, {"token": tok["token"][:15] + "x"}), 422,
           "checkin_token_invalid", what="a tampered token")
    check(not _attendance(w.clerk, w.poll)[w.deputies[1]["id"]]["present"], "a refused token checks nobody in")
    r = expect(d1.post("/api/v1/polls/%d/self-checkin" % w.poll, {"token": tok["token"]}), 200, what="self check-in")
    check(r["already"] is False and r["poll_id"] == w.poll, "checked in, not already", r)
    r = expect(d1.post("/api/v1/polls/%d/self-checkin" % w.poll, {"token": tok["token"]}), 200, what="again")
    check(r["already"] is True, "a second scan answers already", r)
    checkin(w.clerk, w.poll, [w.deputies[2]["id"]])
    att = _attendance(w.clerk, w.poll)
    a1, a2, a3 = (att[w.deputies[i]["id"]] for i in (1, 2, 3))
    check(a1["present"] and a1["self"], "the phone's check-in is marked self", a1)
    check(a2["present"] and not a2["self"], "the desk's check-in is not marked self", a2)
    check(not a3["present"] and not a3["self"], "nobody else is present", a3)
    entries = [e for e in _audit(w.admin, "poll.checkin") if e["object"] == "poll/%d" % w.poll]
    selfs = [e for e in entries if (e["detail"] or {}).get("by") == "self"]
    check(len(selfs) == 1 and selfs[0]["user_id"] == w.deputies[1]["id"]
          and selfs[0]["detail"]["deputy_ids"] == [w.deputies[1]["id"]], "one self check-in audited, by the deputy",
          entries)
    desk = [e for e in entries if (e["detail"] or {}).get("by") == "desk"]
    check(len(desk) == 1 and desk[0]["detail"]["deputy_ids"] == [w.deputies[2]["id"]], "the desk's is audited as desk",
          entries)
    check(not a1["confirmed"] and not a2["confirmed"], "nothing is confirmed yet", att)
    # the desk confirms the phone's check-in by checking the deputy in: still by phone, now confirmed, audited
    turnout = checkin(w.clerk, w.poll, [w.deputies[1]["id"], w.deputies[3]["id"]])
    att = _attendance(w.clerk, w.poll)
    a1, a2, a3 = (att[w.deputies[i]["id"]] for i in (1, 2, 3))
    check(a1["present"] and a1["self"] and a1["confirmed"], "the desk confirmed the phone's check-in", a1)
    check(a2["present"] and not a2["self"] and not a2["confirmed"], "a desk check-in is not a confirmation", a2)
    check(a3["present"] and not a3["self"] and not a3["confirmed"], "a new desk check-in is not a confirmation", a3)
    entries = [e for e in _audit(w.admin, "poll.checkin") if e["object"] == "poll/%d" % w.poll]
    conf = [e for e in entries if (e["detail"] or {}).get("confirmed")]
    check(len(conf) == 1 and conf[0]["detail"]["confirmed"] == [w.deputies[1]["id"]]
          and conf[0]["detail"]["deputy_ids"] == [w.deputies[1]["id"], w.deputies[3]["id"]],
          "the confirmation is audited, naming only the deputy who came by phone", entries)
    checkin(w.clerk, w.poll, [w.deputies[1]["id"]])
    entries = [e for e in _audit(w.admin, "poll.checkin") if e["object"] == "poll/%d" % w.poll]
    check(len([e for e in entries if (e["detail"] or {}).get("confirmed")]) == 1, "a second confirmation is none",
          entries)
    # the token of one poll does not check in to another
    other = expect(w.clerk.post("/api/v1/cycles/%d/polls" % w.cycle, {"slots": 1}), 201, what="second poll")["id"]
    expect(d1.post("/api/v1/polls/%d/self-checkin" % other, {"token": tok["token"]}), 422, "checkin_token_invalid",
           what="another poll's token")


def test_self_checkin_token_expires(ctx):
    """with 1-second windows, a token is accepted in its window and the next, refused two windows later (a photo
    sent home stops working); a fresh token works again"""
    srv = ctx.new_server(env={"MINSHENG_CHECKIN_WINDOW_S": "1"})
    w = build_world(ctx, n_deputies=3, present=0, open_poll=False, srv=srv)
    tok = _token(w.clerk, w.poll)
    check(tok["window_s"] == 1, "the window follows the environment", tok)
    time.sleep(2.2)
    d1 = dep_session(w, 1)
    expect(d1.post("/api/v1/polls/%d/self-checkin" % w.poll, {"token": tok["token"]}), 422, "checkin_token_invalid",
           what="an expired token")
    check(not _attendance(w.clerk, w.poll)[w.deputies[1]["id"]]["present"], "an expired token checks nobody in")
    for _ in range(3):  # a token fetched near the end of its window may cross one boundary: still accepted
        fresh = _token(w.clerk, w.poll)
        r = d1.post("/api/v1/polls/%d/self-checkin" % w.poll, {"token": fresh["token"]})
        if r.status == 200:
            break
    expect(r, 200, what="a fresh token")
    check(_attendance(w.clerk, w.poll)[w.deputies[1]["id"]]["self"], "checked in by the fresh token")


def test_self_checkin_access(ctx):
    """the token is for staff only (deputies and visitors cannot read it); only a deputy of the poll's congress
    checks in; another congress's deputy, a clerk and a visitor are refused"""
    w = build_world(ctx, n_deputies=3, present=0, open_poll=False)
    tok = _token(w.clerk, w.poll)["token"]
    expect(w.admin.get("/api/v1/polls/%d/checkin-token" % w.poll), 200, what="admin reads the token")
    expect(dep_session(w, 1).get("/api/v1/polls/%d/checkin-token" % w.poll), 403, what="a deputy reads the token")
    expect(Session(w.srv.base).get("/api/v1/polls/%d/checkin-token" % w.poll), 401, what="a visitor reads the token")
    expect(Session(w.srv.base).post("/api/v1/polls/%d/self-checkin" % w.poll, {"token": tok}), 401,
           what="a visitor checks in")
    expect(w.clerk.post("/api/v1/polls/%d/self-checkin" % w.poll, {"token": tok}), 403, what="the clerk self-checks in")
    other = create_congress(w.admin)
    od = import_deputies(w.admin, other, make_deputies(1))[0]
    osess = login_session(w.srv, od["login"], od["password"])
    expect(osess.post("/api/v1/polls/%d/self-checkin" % w.poll, {"token": tok}), 403,
           what="a deputy of another congress")
    other_clerk = "oclerk%d" % other
    create_user(w.admin, other_clerk, "oclerk-pass-1", "外秘书", ["clerk"], other)
    oc = login_session(w.srv, other_clerk, "oclerk-pass-1")
    expect(oc.get("/api/v1/polls/%d/checkin-token" % w.poll), 403, what="another congress's clerk reads the token")
    att = _attendance(w.clerk, w.poll)
    check(not any(a["present"] for a in att.values()), "nobody was checked in", att)


def test_self_checkin_open_roster(ctx):
    """while the poll is open a deputy on its roster may still check in by phone"""
    w = build_world(ctx, n_deputies=5, present=4)
    tok = _token(w.clerk, w.poll)["token"]
    r = expect(dep_session(w, 4).post("/api/v1/polls/%d/self-checkin" % w.poll, {"token": tok}), 200,
               what="late self check-in")
    check(r["already"] is False, "the late deputy is checked in", r)


def test_checkin_undo(ctx):
    """the clerk undoes a mistaken check-in before the open (gone from the attendance, the turnout drops, audited
    with who undid it); a deputy not present is refused; after the open the undo is refused with
    checkin_undo_not_draft; deputies cannot undo"""
    w = build_world(ctx, n_deputies=5, present=0, open_poll=False)
    ids = [d["id"] for d in w.deputies]
    tok = _token(w.clerk, w.poll)["token"]
    expect(dep_session(w, 4).post("/api/v1/polls/%d/self-checkin" % w.poll, {"token": tok}), 200, what="self")
    checkin(w.clerk, w.poll, ids[:4])
    expect(dep_session(w, 1).post("/api/v1/polls/%d/checkin/undo" % w.poll, {"deputy_ids": [ids[4]]}), 403,
           what="a deputy undoes")
    r = expect(w.clerk.post("/api/v1/polls/%d/checkin/undo" % w.poll, {"deputy_ids": [ids[4]]}), 200, what="undo")
    check(r["deputies_present"] == 4, "the turnout drops to 4", r)
    att = _attendance(w.clerk, w.poll)
    check(not att[ids[4]]["present"] and not att[ids[4]]["self"], "the undone deputy is absent", att[ids[4]])
    expect(w.clerk.post("/api/v1/polls/%d/checkin/undo" % w.poll, {"deputy_ids": [ids[4]]}), 409,
           "checkin_undo_absent", what="undo of an absent deputy")
    undos = [e for e in _audit(w.admin, "poll.checkin_undo") if e["object"] == "poll/%d" % w.poll]
    check(len(undos) == 1 and undos[0]["detail"]["deputy_ids"] == [ids[4]]
          and undos[0]["user_login"] == w.clerk_login, "the undo is audited with the clerk", undos)
    expect(post_open(w.clerk, w.poll), 200, what="open")
    r = expect(w.clerk.post("/api/v1/polls/%d/checkin/undo" % w.poll, {"deputy_ids": [ids[3]]}), 409,
               "checkin_undo_not_draft", what="undo after the open")
    msg = r["error"]["message"]
    check("投票已开始" in msg or "before the poll opens" in msg, "the message says why", r)
    check(_attendance(w.clerk, w.poll)[ids[3]]["present"], "still present after the refused undo")
