"""The tracking page's case (issue 14, FLOW): a resident's demand from the public form, followed by its code through
the casework — referred (no unit yet), assigned (the unit and the reply's due date), replied (the class in words,
the text, when; rating open), rated dissatisfied (back for re-handling with the new due date, no second rating of
the same reply), re-answered B (open: rated again), answered A and rated satisfied (closed). The tracking answer
never carries the resident's contact nor an officer's or clerk's name; a demand not referred has no case."""
import json

from client import Session
from harness import check, create_user, expect, login_session, uniq
from liaison_world import dep, form, world


def _track(w, code):
    return expect(Session(w.srv.base).post("/api/v1/demands/track", {"code": code}), 200, what="track")


def _rate(w, code, rating, status=200, error=None, comment=None):
    body = dict({"code": code, "rating": rating}, **({"comment": comment} if comment else {}))
    return expect(Session(w.srv.base).post("/api/v1/track/rating", body), status, error, what="rate " + rating)


def test_track_shows_the_case_and_rates_it(ctx):
    w = world(ctx)
    n = uniq()
    unit = expect(w.clerk.post("/api/v1/congresses/%d/units" % w.congress, {"name": "住建局%d" % n}), 201)["id"]
    create_user(w.clerk, "trof%d" % n, "off-pass-tr", "赵科长", ["unit"], w.congress, unit)
    off = login_session(w.srv, "trof%d" % n, "off-pass-tr")
    taken = expect(Session(w.srv.base).post("/api/v1/demands", form(w, contact_name="孙阿姨",
                                                                   contact_phone="13900001111")), 201)
    code, did = taken["code"], taken["id"]
    t = _track(w, code)
    check(t["case"] is None, "a demand not referred has no case", t)
    _rate(w, code, "satisfied", 404, "track_unknown")

    c = expect(w.clerk.post("/api/v1/demands/%d/cases" % did, {"case_type": "standard"}), 201, what="refer")
    cid = c["id"]
    t = _track(w, code)
    check(t["status"] == "case" and t["case"] == {"status": "filed", "unit_name": None, "due_at": None, "redos": 0,
                                                  "reply": None, "rating": None, "rated_at": None,
                                                  "can_rate": False},
          "referred: waiting for a unit, nothing to rate", t)
    _rate(w, code, "satisfied", 409, "case_state")

    got = expect(w.clerk.post("/api/v1/casework/%d/assign" % cid, {"unit_id": unit}), 200, what="assign")
    t = _track(w, code)["case"]
    check(t["status"] == "assigned" and t["unit_name"] == "住建局%d" % n and t["due_at"] == got["due_at"]
          and t["reply"] is None and not t["can_rate"], "assigned: the unit and when its reply is due", t)

    expect(off.post("/api/v1/casework/%d/reply" % cid, {"class": "A", "text": "路灯已更换"}), 200, what="reply A")
    whole = _track(w, code)
    t = whole["case"]
    check(t["status"] == "replied" and t["due_at"] is None and t["can_rate"] and t["rating"] is None
          and t["reply"]["class"] == "A" and t["reply"]["class_zh"] == "已解决或基本解决"
          and t["reply"]["class_en"] == "solved or basically solved" and t["reply"]["text"] == "路灯已更换"
          and t["reply"]["at"].endswith("Z"), "replied: the class in words, the text, when; it may be rated", t)
    shown = json.dumps(whole, ensure_ascii=False)
    for secret in ("孙阿姨", "13900001111", "赵科长", "联络秘书"):
        check(secret not in shown, "the tracking answer does not show %s" % secret, whole)
    check(any(s["kind"] == "reply" and s["role"] == "unit" for s in whole["steps"]), "the reply is a step", whole)

    _rate(w, code, "dissatisfied", comment="晚上还是不亮")
    cw = expect(w.clerk.get("/api/v1/casework/%d" % cid), 200)
    t = _track(w, code)["case"]
    check(t["status"] == "assigned" and t["redos"] == 1 and t["due_at"] == cw["due_at"] and t["due_at"] is not None
          and t["rating"] == "dissatisfied" and t["rated_at"] and not t["can_rate"]
          and t["reply"]["text"] == "路灯已更换", "dissatisfied: back for re-handling with the new due date", t)
    _rate(w, code, "satisfied", 409, "nothing_to_rate")

    expect(off.post("/api/v1/casework/%d/reply" % cid, {"class": "B", "text": "已列入下月维修计划"}), 200)
    t = _track(w, code)["case"]
    check(t["status"] == "open" and t["reply"]["class"] == "B" and t["reply"]["class_zh"] == "正在解决或列入计划"
          and t["rating"] is None and t["can_rate"], "the new reply B: open, rated afresh", t)
    _rate(w, code, "basic")
    t = _track(w, code)["case"]
    check(t["status"] == "open" and t["rating"] == "basic" and not t["can_rate"], "rated basic, still open", t)

    expect(off.post("/api/v1/casework/%d/reply" % cid, {"class": "A", "text": "已全部修复"}), 200)
    t = _track(w, code)["case"]
    check(t["status"] == "replied" and t["can_rate"] and t["reply"]["text"] == "已全部修复", "solved: rated again", t)
    _rate(w, code, "satisfied")
    t = _track(w, code)["case"]
    check(t["status"] == "closed" and t["rating"] == "satisfied" and not t["can_rate"] and t["due_at"] is None,
          "satisfied: closed", t)
    _rate(w, code, "satisfied", 409, "nothing_to_rate")


def test_a_suggestion_is_not_a_case_on_the_tracking_page(ctx):
    """A demand a deputy made a suggestion of: the tracking page shows the step, no case, nothing to rate."""
    w = world(ctx)
    v = expect(dep(w, 0).post("/api/v1/congresses/%d/visits" % w.congress,
                              {"households": [{"title": "加装电梯", "text": "老人上下楼难", "area": w.areas[0], "litigation": False}]}), 201)
    code, did = v["items"][0]["code"], v["items"][0]["id"]
    expect(dep(w, 0).post("/api/v1/demands/%d/suggestion" % did, {}), 201, what="made a suggestion")
    t = _track(w, code)
    check(t["status"] == "suggestion" and t["case"] is None
          and any(s["kind"] == "suggestion" for s in t["steps"]), "a suggestion: no case on the tracking page", t)
    _rate(w, code, "satisfied", 409)
