"""Near-duplicate clusters of a congress's demands: the clustering proposes the demands that say the same thing in
other words, the staff confirm (the merge: every demand kept as it was, counted by channel), reject, or add and take
out demands; decided clusters are final and their demands are left out of later runs; staff only. The demands come
through the intake's routes by their channels (the form, the station's code, the desk, a home visit)."""
from client import Session
from harness import (admin_session, check, create_congress, create_user, db_query, expect, import_deputies,
                     login_session, make_deputies, uniq)
from liaison_world import take

LIFT = [("电梯坏了", "小区电梯坏了三天没人修", "web"),
        ("电梯又坏了", "我们小区的电梯已经坏了三天，一直没人来修", "desk"),
        ("电梯故障", "小区电梯坏了三天没人修理", "visit"),
        ("电梯坏", "小区电梯坏了三天了，没人修", "web")]
LAMP = [("路灯", "3号楼前的路灯不亮了", "station_code"), ("路灯不亮", "３号楼前面路灯不亮", "web")]
OTHER = [("停车", "小区停车难，晚上找不到车位", "web"), ("绿化", "希望小区多种一些树木", "desk")]


def _world(ctx):
    class W:
        pass
    w = W()
    w.srv = ctx.new_server()
    w.admin = admin_session(w.srv)
    w.congress, w.other = create_congress(w.admin), create_congress(w.admin)
    n = uniq()
    create_user(w.admin, "cclerk%d" % n, "clerk-pass-%d" % n, "合并秘书", ["clerk"], w.congress)
    w.clerk = login_session(w.srv, "cclerk%d" % n, "clerk-pass-%d" % n)
    w.deputies = import_deputies(w.clerk, w.congress, make_deputies(1))
    w.deputy = login_session(w.srv, w.deputies[0]["login"], w.deputies[0]["password"])
    public = Session(w.srv.base)
    station = expect(w.clerk.post("/api/v1/congresses/%d/stations" % w.congress,
                                  {"kind": "station", "name": "合并测试联络站", "deputy_ids": [w.deputies[0]["id"]]}),
                     201, what="station")

    def add(congress, title, text, channel="web"):
        return take(public, congress, title, text, channel, station=station, desk=w.clerk, visitor=w.deputy)["id"]
    w.lift = [add(w.congress, t, x, c) for t, x, c in LIFT]
    w.lamp = [add(w.congress, t, x, c) for t, x, c in LAMP]
    w.others = [add(w.congress, t, x, c) for t, x, c in OTHER]
    w.elsewhere = add(w.other, "电梯坏了", "小区电梯坏了三天没人修")
    return w


def _run(w, want):
    js = expect(w.clerk.post("/api/v1/congresses/%d/clusters/run" % w.congress, {}), 200, what="run")
    check(js == {"proposed": want}, "clusters proposed", js, want)


def _clusters(w, status=None):
    q = "?status=%s" % status if status else ""
    return expect(w.clerk.get("/api/v1/congresses/%d/clusters%s" % (w.congress, q)), 200, what="list")["items"]


def _by_members(items):
    return {tuple(d["id"] for d in c["demands"]): c for c in items}


def test_cluster_propose_confirm(ctx):
    """the four elevator demands and the two street-lamp demands are proposed; parking and greenery stay alone,
    as does the other congress's demand; confirming keeps every demand as it was and counts them by channel"""
    w = _world(ctx)
    before = db_query(w.srv.db, "SELECT id, congress_id, channel, title, text, status FROM demand ORDER BY id")
    _run(w, 2)
    got = _by_members(_clusters(w, "proposed"))
    check(set(got) == {tuple(w.lift), tuple(w.lamp)}, "the proposals", list(got))
    lift = got[tuple(w.lift)]
    check(lift["size"] == 4 and lift["status"] == "proposed" and lift["decided_at"] is None, "a proposal", lift)
    check(lift["channels"] == [{"channel": "desk", "count": 1}, {"channel": "visit", "count": 1},
                               {"channel": "web", "count": 2}], "counts by channel", lift["channels"])
    js = expect(w.clerk.post("/api/v1/clusters/%d/confirm" % lift["id"], {}), 200, what="confirm")
    check(js["status"] == "confirmed" and js["decided_by"] is not None and js["size"] == 4, "confirmed", js)
    check([d["id"] for d in js["demands"]] == w.lift, "every demand kept", js)
    after = db_query(w.srv.db, "SELECT id, congress_id, channel, title, text, status FROM demand ORDER BY id")
    check(before == after, "no demand deleted or rewritten", before, after)
    expect(w.clerk.post("/api/v1/clusters/%d/confirm" % lift["id"], {}), 409, "cluster_decided", what="again")
    expect(w.clerk.post("/api/v1/clusters/%d/reject" % lift["id"], {}), 409, "cluster_decided", what="reject after")
    lamp = got[tuple(w.lamp)]
    js = expect(w.clerk.post("/api/v1/clusters/%d/reject" % lamp["id"], {}), 200, what="reject")
    check(js["status"] == "rejected", "rejected", js)
    # a new run leaves decided demands out: nothing is left to propose
    _run(w, 0)
    check(len(_clusters(w)) == 2 and _clusters(w, "proposed") == [], "the decided clusters stay", _clusters(w))
    check(expect(w.clerk.get("/api/v1/clusters/%d" % lift["id"]), 200)["status"] == "confirmed", "one cluster")
    n = db_query(w.srv.db, "SELECT count(*) FROM audit WHERE action IN ('cluster.propose', 'cluster.confirm', "
                           "'cluster.reject')")
    check(int(n[0][0]) == 4, "every write audited", n)


def test_cluster_edit(ctx):
    """the staff add and take out demands of a proposal; a demand of another congress, one already in a cluster,
    one not a member are refused; a cluster of one cannot be confirmed; a new run replaces undecided proposals"""
    w = _world(ctx)
    _run(w, 2)
    lamp = _by_members(_clusters(w))[tuple(w.lamp)]
    url = "/api/v1/clusters/%d/members" % lamp["id"]
    js = expect(w.clerk.post(url, {"demand_id": w.others[0]}), 200, what="add parking")
    check([d["id"] for d in js["demands"]] == w.lamp + [w.others[0]] and js["size"] == 3, "added", js)
    expect(w.clerk.post(url, {"demand_id": w.lift[0]}), 409, "cluster_demand_taken", what="taken")
    expect(w.clerk.post(url, {"demand_id": w.elsewhere}), 422, "cluster_demand_elsewhere", what="elsewhere")
    expect(w.clerk.post(url, {"demand_id": 999999}), 404, what="no such demand")
    js = expect(w.clerk.post(url + "/remove", {"demand_id": w.others[0]}), 200, what="take out")
    check([d["id"] for d in js["demands"]] == w.lamp, "taken out", js)
    expect(w.clerk.post(url + "/remove", {"demand_id": w.others[1]}), 404, "cluster_not_member", what="not a member")
    expect(w.clerk.post(url + "/remove", {"demand_id": w.lamp[0]}), 200, what="split")
    expect(w.clerk.post("/api/v1/clusters/%d/confirm" % lamp["id"], {}), 422, "cluster_too_small", what="one")
    # a run replaces the undecided proposals with the same clusters
    _run(w, 2)
    check(set(_by_members(_clusters(w, "proposed"))) == {tuple(w.lift), tuple(w.lamp)}, "proposed again")
    check(len(_clusters(w)) == 2, "the old proposals are gone", _clusters(w))


def test_cluster_staff_only(ctx):
    """a deputy neither runs nor reads the clusters"""
    w = _world(ctx)
    _run(w, 2)
    cid = _clusters(w)[0]["id"]
    expect(w.deputy.post("/api/v1/congresses/%d/clusters/run" % w.congress, {}), 403, what="deputy runs")
    expect(w.deputy.get("/api/v1/congresses/%d/clusters" % w.congress), 403, what="deputy lists")
    expect(w.deputy.get("/api/v1/clusters/%d" % cid), 403, what="deputy reads")
    expect(w.deputy.post("/api/v1/clusters/%d/confirm" % cid, {}), 403, what="deputy confirms")
    expect(w.admin.get("/api/v1/clusters/%d" % cid), 200, what="the administrator reads")
    expect(w.clerk.get("/api/v1/clusters/999999"), 404, what="no such cluster")
