"""The administrators' screens' API: congresses at every level created and changed (PATCH /congresses/{id}),
the accounts listed, their roles changed and deactivated (GET /users, PATCH /users/{id},
POST /users/{id}/deactivation), and the audit log narrowed by congress, actor, action or kind and days
(GET /audit), its chain verified (GET /audit/verify)."""
import datetime

import harness
from client import Session
from harness import (admin_session, check, create_congress, create_user, db_exec, expect, import_deputies, is_pg,
                     list_all, login_session, make_deputies)


def _audit(admin, query=""):
    items, _ = list_all(admin, "/api/v1/audit" + query)
    return items


def test_congress_town_create_and_edit(ctx):
    """a town under a district under a city is created and edited; the edit is audited with before and after;
    a parent not one level up, a level its children do not fit, bad input and non-administrators are refused"""
    srv = ctx.new_server()
    admin = admin_session(srv)
    city = create_congress(admin, level="city")
    district = create_congress(admin, level="district", parent_id=city)
    other_district = create_congress(admin, level="district", parent_id=city)
    town = expect(admin.post("/api/v1/congresses", {"name": "甲镇人大", "name_en": "Jia Town", "level": "town",
                                                    "parent_id": district}), 201, what="a town")
    check(town["level"] == "town" and town["parent_id"] == district, "the town is not under its district", town)
    # a town directly under a city: not one level up
    expect(admin.post("/api/v1/congresses", {"name": "乙镇", "name_en": None, "level": "town", "parent_id": city}),
           422, "parent_level", what="a town under a city")
    # the edit: a new name, moved to the other district
    got = expect(admin.patch("/api/v1/congresses/%d" % town["id"],
                             {"name": "甲镇人民代表大会", "parent_id": other_district}), 200, what="edit the town")
    check(got["name"] == "甲镇人民代表大会" and got["parent_id"] == other_district and got["level"] == "town"
          and got["name_en"] == "Jia Town", "the edit did not take (or changed what was not given)", got)
    again = expect(admin.get("/api/v1/congresses/%d" % town["id"]), 200)
    check(again["name"] == "甲镇人民代表大会", "the edit was not stored", again)
    entries = [e for e in _audit(admin, "?action=congress.update") if e["object"] == "congress/%d" % town["id"]]
    check(len(entries) == 1, "want one congress.update entry of the town", entries)
    d = entries[0]["detail"]
    check(d["before"]["name"] == "甲镇人大" and d["after"]["name"] == "甲镇人民代表大会"
          and d["after"]["parent_id"] == other_district, "the entry lacks the before and after", d)
    # refused: each with its code, and nothing changes
    bad = [
        ({"parent_id": city}, 422, "parent_level"),
        ({"parent_id": town["id"]}, 422, "parent_level"),  # under itself
        ({"parent_id": 987654}, 422, "unknown_congress"),
        ({"name": ""}, 422, "invalid_value"),
        ({"name": "x" * 129}, 422, "invalid_value"),
        ({"level": "galaxy"}, 422, "invalid_value"),
        ({"level": "city"}, 422, "parent_level"),  # a city under a district
        ({"colour": "red"}, 400, "unknown_field"),
    ]
    for body, status, code in bad:
        expect(admin.patch("/api/v1/congresses/%d" % town["id"], body), status, code, what="PATCH %r" % body)
    # the district has a town under it: it cannot become a town
    expect(admin.patch("/api/v1/congresses/%d" % other_district, {"level": "town", "parent_id": None}), 409,
           "congress_has_children", what="a district with a town made a town")
    expect(admin.patch("/api/v1/congresses/%d" % 987654, {"name": "无"}), 404, what="no such congress")
    after = expect(admin.get("/api/v1/congresses/%d" % town["id"]), 200)
    check(after == got, "a refused edit changed the congress", got, after)
    # non-administrators
    create_user(admin, "adm-clerk", "clerk-pass-1", "秘书", ["clerk"], town["id"])
    clerk = login_session(srv, "adm-clerk", "clerk-pass-1")
    expect(clerk.patch("/api/v1/congresses/%d" % town["id"], {"name": "秘书改的"}), 403, "forbidden",
           what="a clerk edits its congress")
    expect(clerk.post("/api/v1/congresses", {"name": "秘书建的", "level": "town", "parent_id": district}), 403,
           "forbidden", what="a clerk creates a congress")
    expect(Session(srv.base).patch("/api/v1/congresses/%d" % town["id"], {"name": "匿名"}), 401,
           "unauthenticated", what="anonymous")


def test_users_listed_and_roles_changed(ctx):
    """the administrator lists every account (by congress, by role), a clerk its congress's only; a deputy's
    roles are changed (audited); a clerk cannot make a clerk; an administrator cannot drop its own role;
    a deactivated account cannot log in until a new activation code"""
    srv = ctx.new_server()
    admin = admin_session(srv)
    a, b = create_congress(admin), create_congress(admin)
    create_user(admin, "adm-clerk-a", "clerk-pass-a", "甲秘书", ["clerk"], a)
    clerk = login_session(srv, "adm-clerk-a", "clerk-pass-a")
    deps = import_deputies(clerk, a, make_deputies(2, prefix="adma"))
    create_user(admin, "adm-clerk-b", "clerk-pass-b", "乙秘书", ["clerk"], b)
    unit = expect(clerk.post("/api/v1/congresses/%d/units" % a, {"name": "管理测试局"}), 201, what="unit")

    everyone, total = list_all(admin, "/api/v1/users")
    logins = {u["login"] for u in everyone}
    check({"adm-clerk-a", "adm-clerk-b", deps[0]["login"], deps[1]["login"]} <= logins and total == len(everyone),
          "the administrator's list lacks accounts", sorted(logins))
    me = [u for u in everyone if "admin" in u["roles"]]
    check(me and me[0]["status"] == "active" and me[0]["congress_id"] is None, "the administrator's entry", me)
    of_a, _ = list_all(admin, "/api/v1/users?congress_id=%d" % a)
    check(sorted(u["login"] for u in of_a) == sorted(["adm-clerk-a", deps[0]["login"], deps[1]["login"]]),
          "congress_id does not narrow the list", of_a)
    clerks, _ = list_all(admin, "/api/v1/users?role=clerk")
    check(sorted(u["login"] for u in clerks) == ["adm-clerk-a", "adm-clerk-b"], "role does not narrow the list",
          clerks)
    found, _ = list_all(admin, "/api/v1/users?q=adm-clerk-b")
    check([u["login"] for u in found] == ["adm-clerk-b"], "q does not search the login", found)
    mine, _ = list_all(clerk, "/api/v1/users")
    check(sorted(u["login"] for u in mine) == sorted(u["login"] for u in of_a), "a clerk sees other congresses", mine)
    expect(clerk.get("/api/v1/users?congress_id=%d" % b), 403, "forbidden", what="a clerk lists another congress")
    expect(admin.get("/api/v1/users?role=emperor"), 400, "invalid_query", what="an unknown role")
    dep_session = login_session(srv, deps[0]["login"], deps[0]["password"])
    expect(dep_session.get("/api/v1/users"), 403, "forbidden", what="a deputy lists accounts")

    # a deputy made a unit officer too: the unit is required
    d0 = deps[0]["id"]
    expect(admin.patch("/api/v1/users/%d" % d0, {"roles": ["deputy", "unit"]}), 422, "unit_required",
           what="a unit officer without a unit")
    got = expect(admin.patch("/api/v1/users/%d" % d0, {"roles": ["deputy", "unit"], "unit_id": unit["id"]}), 200,
                 what="make a unit officer")
    check(sorted(got["roles"]) == ["deputy", "unit"] and got["unit_id"] == unit["id"] and got["congress_id"] == a,
          "the roles did not change", got)
    listed = [u for u in list_all(admin, "/api/v1/users?role=unit")[0] if u["id"] == d0]
    check(listed and sorted(listed[0]["roles"]) == ["deputy", "unit"], "the list does not show the new role", listed)
    # the session of the user reads its roles anew
    me_now = expect(dep_session.get("/api/v1/me"), 200)
    check(sorted(me_now["user"]["roles"]) == ["deputy", "unit"], "the session kept the old roles", me_now)
    entries = [e for e in _audit(admin, "?action=user.update") if e["object"] == "user/%d" % d0]
    check(len(entries) == 1 and entries[0]["detail"]["before"]["roles"] == ["deputy"]
          and sorted(entries[0]["detail"]["after"]["roles"]) == ["deputy", "unit"]
          and entries[0]["congress_id"] == a, "the role change is not audited with before and after", entries)
    # back to a deputy: the unit goes with the role
    got = expect(clerk.patch("/api/v1/users/%d" % d0, {"roles": ["deputy"]}), 200, what="the clerk: a deputy again")
    check(got["roles"] == ["deputy"] and got["unit_id"] is None, "the unit stayed", got)
    # refused
    expect(clerk.patch("/api/v1/users/%d" % d0, {"roles": ["clerk"]}), 403, "forbidden", what="a clerk makes a clerk")
    clerk_b_id = [u["id"] for u in everyone if u["login"] == "adm-clerk-b"][0]
    expect(clerk.patch("/api/v1/users/%d" % clerk_b_id, {"name": "改名"}), 403, "forbidden",
           what="a clerk edits another congress's clerk")
    expect(clerk.patch("/api/v1/users/%d" % d0, {"congress_id": b}), 403, "forbidden",
           what="a clerk moves a deputy out of its congress")
    expect(admin.patch("/api/v1/users/%d" % d0, {"roles": []}), 422, what="no roles")
    expect(admin.patch("/api/v1/users/%d" % d0, {"congress_id": 987654}), 422, "unknown_congress")
    admin_id = me[0]["id"]
    expect(admin.patch("/api/v1/users/%d" % admin_id, {"roles": ["clerk"], "congress_id": a}), 409,
           "cannot_change_self", what="the administrator drops its own role")
    expect(admin.post("/api/v1/users/%d/deactivation" % admin_id), 409, "cannot_change_self")
    expect(admin.patch("/api/v1/users/%d" % 987654, {"name": "无"}), 404, what="no such user")

    # deactivated: the session ends and the password no longer works, until a new code
    d1 = deps[1]
    s1 = login_session(srv, d1["login"], d1["password"])
    got = expect(clerk.post("/api/v1/users/%d/deactivation" % d1["id"]), 200, what="deactivate")
    check(got["status"] == "inactive", "the account is not inactive", got)
    expect(s1.get("/api/v1/me"), 401, what="the deactivated user's session")
    expect(Session(srv.base).login(d1["login"], d1["password"]), 401, "bad_credentials", what="a deactivated login")
    check([e for e in _audit(admin, "?action=user.deactivate") if e["object"] == "user/%d" % d1["id"]],
          "the deactivation is not audited")
    expect(clerk.post("/api/v1/users/%d/activation" % d1["id"]), 201, what="a new code")
    again = [u for u in list_all(clerk, "/api/v1/users")[0] if u["id"] == d1["id"]]
    check(again and again[0]["status"] == "pending", "a new code leaves the account pending", again)


def test_audit_filters(ctx):
    """the audit log narrowed by actor, action, kind, congress and days returns exactly the entries that match"""
    srv = ctx.new_server()
    admin = admin_session(srv)
    a, b = create_congress(admin), create_congress(admin)
    create_user(admin, "adm-clerk-f", "clerk-pass-f", "丙秘书", ["clerk"], a)
    clerk = login_session(srv, "adm-clerk-f", "clerk-pass-f")
    import_deputies(clerk, a, make_deputies(2, prefix="admf"))
    expect(admin.patch("/api/v1/congresses/%d" % b, {"name": "改名的人大"}), 200)
    everything = _audit(admin)
    check(len(everything) >= 8, "too few entries to filter", everything)
    clerk_id = clerk.user["id"] if clerk.user else expect(clerk.get("/api/v1/me"), 200)["user"]["id"]

    def ids(entries):
        return [e["id"] for e in entries]

    cases = [
        ("?user_id=%d" % clerk_id, lambda e: e["user_id"] == clerk_id),
        ("?action=congress", lambda e: e["action"].startswith("congress.")),
        ("?action=congress.update", lambda e: e["action"] == "congress.update"),
        ("?action=user.create", lambda e: e["action"] == "user.create"),
        ("?congress_id=%d" % a, lambda e: e["congress_id"] == a),
        ("?congress_id=%d&action=user" % a, lambda e: e["congress_id"] == a and e["action"].startswith("user.")),
    ]
    today = datetime.datetime.now(datetime.timezone.utc).date()
    day = lambda d: d.isoformat()  # noqa: E731
    cases += [
        ("?from=%s" % day(today), lambda e: e["at"][:10] >= day(today)),
        ("?to=%s" % day(today - datetime.timedelta(days=1)), lambda e: False),
        ("?from=%s&to=%s&user_id=%d" % (day(today), day(today), clerk_id),
         lambda e: e["user_id"] == clerk_id and e["at"][:10] == day(today)),
        ("?from=%s" % day(today + datetime.timedelta(days=1)), lambda e: False),
    ]
    for query, match in cases:
        want = ids(e for e in everything if match(e))
        got = ids(_audit(admin, query))
        check(got == want, "GET /audit%s: want %d entries, got %d" % (query, len(want), len(got)), want, got)
    check(ids(_audit(admin, "?user_id=%d" % clerk_id)), "the clerk's entries are none: the test proves nothing")
    # paged: the pages of a filter are its list
    first = expect(admin.get("/api/v1/audit?action=user&per_page=2&page=1"), 200)
    second = expect(admin.get("/api/v1/audit?action=user&per_page=2&page=2"), 200)
    want = ids(e for e in everything if e["action"].startswith("user."))
    check(ids(first["items"]) + ids(second["items"]) == want[:4] and first["total"] == len(want),
          "the pages of a filter", first, second)
    # a clerk: its own congress's, whatever it asks
    mine = _audit(clerk, "?action=user.create")
    check(ids(mine) == ids(e for e in everything if e["action"] == "user.create" and e["congress_id"] == a),
          "a clerk's filtered list", mine)
    expect(clerk.get("/api/v1/audit?congress_id=%d" % b), 403, "forbidden")
    for bad in ("from=2026-13", "to=yesterday", "from=2026/01/01", "from=2026-99-99", "to=2025-02-29", "action=USER",
                "action=a%27b", "user_id=x"):
        expect(admin.get("/api/v1/audit?" + bad), 400, "invalid_query", what=bad)


def test_audit_verify(ctx):
    """the administrator sees the chain verify, and an entry changed behind its back named; nobody else may ask"""
    srv = ctx.new_server()
    admin = admin_session(srv)
    a = create_congress(admin)
    create_user(admin, "adm-clerk-v", "clerk-pass-v", "丁秘书", ["clerk"], a)
    clerk = login_session(srv, "adm-clerk-v", "clerk-pass-v")
    v = expect(admin.get("/api/v1/audit/verify"), 200, what="verify")
    newest = expect(admin.get("/api/v1/audit?per_page=1"), 200)["items"][0]
    check(v["ok"] is True and v["problem"] is None and v["entries"] >= 3 and v["triggers"] > 0
          and v["head_id"] == newest["id"] and v["head"] == newest["hash"], "the chain does not verify", v, newest)
    expect(clerk.get("/api/v1/audit/verify"), 403, "forbidden")
    expect(Session(srv.base).get("/api/v1/audit/verify"), 401, "unauthenticated")
    # an entry changed behind the application's back (its update trigger dropped first): named, ok false
    db = srv.db
    err = db_exec(db, "DROP TRIGGER audit_no_update ON audit" if is_pg(db) else "DROP TRIGGER audit_no_update")
    check(err is None, "dropping the trigger", err)
    entry = v["head_id"] - 1
    check(db_exec(db, "UPDATE audit SET detail = '{\"x\":1}' WHERE id = %d" % entry) is None, "the detail changes")
    bad = expect(admin.get("/api/v1/audit/verify"), 200, what="verify a tampered log")
    check(bad["ok"] is False and bad["problem_code"] == "audit_link_broken"
          and ("entry %d " % entry) in bad["problem"] and bad["problem_zh"], "a tampered log verifies", bad)


def test_two_admins_cannot_remove_each_other_at_once(ctx):
    """two administrators each deactivating the other at the same moment: one wins, the other is refused 409
    last_admin (the rows are locked on PostgreSQL; SQLite's writers go one at a time), and one active administrator
    is left"""
    import threading
    srv = ctx.new_server()
    first = admin_session(srv)
    create_user(first, "adm-second", "second-pass-1234", "第二管理员", ["admin"], None)
    second = login_session(srv, "adm-second", "second-pass-1234")
    ids = {u["login"]: u["id"] for u in list_all(first, "/api/v1/users?role=admin")[0]}
    go = threading.Barrier(2)
    got = {}

    def remove(name, sess, target):
        go.wait()
        got[name] = sess.post("/api/v1/users/%d/deactivation" % target)

    ts = [threading.Thread(target=remove, args=("first", first, ids["adm-second"])),
          threading.Thread(target=remove, args=("second", second, ids[harness.ADMIN_LOGIN]))]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    statuses = sorted((r.status, r.code) for r in got.values())
    check(statuses[0][0] == 200 and statuses[1][0] in (401, 409), "one wins, the other is refused", statuses)
    if statuses[1][0] == 409:
        check(statuses[1][1] == "last_admin", "the refusal names the last administrator", statuses)
    admins = [u for u in list_all(first if got["first"].status == 200 else second, "/api/v1/users?role=admin")[0]
              if u["status"] == "active"]
    check(len(admins) == 1, "exactly one active administrator is left", admins)
