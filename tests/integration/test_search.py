"""Full-text search of a congress's demands (GET /congresses/{id}/search): Chinese two-character words and longer
phrases found on both engines, single characters refused, full-width letters found by their plain form, a document
gone from the index once its demand is gone, newest first with paging, the staff of the congress only, and never a
resident's contact details or tracking hash. The demands come through the intake's routes (the form, the station
desk, a home visit), each indexed as it is taken."""
from urllib.parse import quote

from client import Session
from harness import (admin_session, check, cli, create_congress, create_user, db_exec, expect, import_deputies,
                     login_session, make_deputies, uniq)
from liaison_world import take

HIT_KEYS = {"id", "congress_id", "title", "channel", "status", "area", "created_at"}


def _world(ctx):
    class W:
        pass
    w = W()
    w.srv = ctx.new_server()
    w.admin = admin_session(w.srv)
    w.congress, w.other = create_congress(w.admin), create_congress(w.admin)
    n = uniq()
    w.clerk_login, w.clerk_password = "sclerk%d" % n, "clerk-pass-%d" % n
    create_user(w.admin, w.clerk_login, w.clerk_password, "检索秘书", ["clerk"], w.congress)
    create_user(w.admin, "sclerkb%d" % n, "clerk-pass-b%d" % n, "他处秘书", ["clerk"], w.other)
    w.clerk = login_session(w.srv, w.clerk_login, w.clerk_password)
    w.clerk_other = login_session(w.srv, "sclerkb%d" % n, "clerk-pass-b%d" % n)
    w.deputies = import_deputies(w.clerk, w.congress, make_deputies(1))
    w.deputy = login_session(w.srv, w.deputies[0]["login"], w.deputies[0]["password"])
    w.public = Session(w.srv.base)
    w.station = expect(w.clerk.post("/api/v1/congresses/%d/stations" % w.congress,
                                    {"kind": "station", "name": "江北代表联络站", "deputy_ids": [w.deputies[0]["id"]]}),
                       201, what="station")
    w.d = {}
    w.d["lift"] = _take(w, w.congress, "加装电梯", "我们楼是老旧小区，希望加装电梯")
    w.d["broken"] = _take(w, w.congress, "电梯坏了", "3号楼电梯坏了三天没人修", "desk", "江北区")
    w.d["park"] = _take(w, w.congress, "停车难", "小区停车位太少，晚上停车难", "visit")
    w.d["mixed"] = _take(w, w.congress, "电动车", "电动车充电桩不够，楼道里电线乱拉")
    w.d["latin"] = _take(w, w.congress, "ABC小区路灯", "abc小区路灯不亮")
    w.d["fw"] = _take(w, w.congress, "ＸＹＺ花园", "ＸＹＺ花园垃圾分类点太臭")
    w.d["elsewhere"] = _take(w, w.other, "电梯异响", "别处的电梯异响")
    return w


def _take(w, congress, title, text, channel="web", area=""):
    """A demand taken through the intake (newest last): its id."""
    return take(w.public, congress, title, text, channel, area, station=w.station, desk=w.clerk,
                visitor=w.deputy)["id"]


def reindex(db):
    """`minsheng search reindex`: the number of documents it reports."""
    out = cli(["search", "reindex", "--db", db], what="reindex").stdout.decode("utf-8")
    words = [x for x in out.replace("：", " ").split() if x.isdigit()]
    check(bool(words), "the reindex says how many documents", out)
    return int(words[-1])


def _ids(w, q, sess=None, extra=""):
    js = expect((sess or w.clerk).get("/api/v1/congresses/%d/search?q=%s%s" % (w.congress, quote(q), extra)), 200,
                what="search %s" % q)
    return [x["id"] for x in js["items"]], js


def test_search_words(ctx):
    """电梯 finds every demand with 电梯 (not the other congress's), 加装电梯 only the one that contains it, 停车
    finds parking; a term of one character is refused; several terms must all appear"""
    w = _world(ctx)
    got, js = _ids(w, "电梯")
    check(got == [w.d["broken"], w.d["lift"]], "电梯: both elevator demands, newest first", js)
    check(js["total"] == 2 and js["page"] == 1, "the total and the page", js)
    got, _ = _ids(w, "加装电梯")
    check(got == [w.d["lift"]], "加装电梯: only the demand that contains it", got)
    got, _ = _ids(w, "停车")
    check(got == [w.d["park"]], "停车", got)
    got, _ = _ids(w, "电梯 三天")
    check(got == [w.d["broken"]], "two terms: both must appear", got)
    got, _ = _ids(w, "电梯坏了三天")
    check(got == [w.d["broken"]], "a long phrase", got)
    got, _ = _ids(w, "梯坏了四天")
    check(got == [], "a phrase that is not there finds nothing", got)
    got, _ = _ids(w, "电线")
    check(got == [w.d["mixed"]], "电线 (not 电 alone)", got)
    for q, code in (("电", "search_query_short"), ("电梯 车", "search_query_short"), ("", "search_query_empty"),
                    ("，。", "search_query_empty"), ("a b c d e f g h i", "search_query_short"),
                    ("aa bb cc dd ee ff gg hh ii", "search_query_many")):
        expect(w.clerk.get("/api/v1/congresses/%d/search?q=%s" % (w.congress, quote(q))), 422, code, what="q=%s" % q)
    expect(w.clerk.get("/api/v1/congresses/%d/search" % w.congress), 422, "search_query_empty", what="no q")


def test_search_normalised(ctx):
    """full-width ＡＢＣ finds abc and full-width text is found by plain letters; case does not matter"""
    w = _world(ctx)
    got, _ = _ids(w, "ＡＢＣ")
    check(got == [w.d["latin"]], "ＡＢＣ finds abc", got)
    got, _ = _ids(w, "xyz")
    check(got == [w.d["fw"]], "xyz finds ＸＹＺ", got)
    got, _ = _ids(w, "XyZ花园")
    check(got == [w.d["fw"]], "mixed case and Chinese", got)


def test_search_index_follows(ctx):
    """a demand taken after the others is found at once (indexed in its own transaction); the reindex rebuilds the
    same index; a demand removed is gone from the index after the reindex; paging"""
    w = _world(ctx)
    late = _take(w, w.congress, "电梯噪音", "夜里电梯噪音大")
    got, _ = _ids(w, "噪音")
    check(got == [late], "taken: found at once", got)
    got, js = _ids(w, "电梯", extra="&per_page=1&page=2")
    check(got == [w.d["broken"]] and js["total"] == 3 and js["per_page"] == 1, "the second page of one", js)
    check(reindex(w.srv.db) == 8, "the reindex indexes every demand")
    got, _ = _ids(w, "电梯")
    check(got == [late, w.d["broken"], w.d["lift"]], "the rebuilt index finds the same, newest first", got)
    # no route removes a demand (what is taken stays on record): the removal is made in the database, as an
    # operator's repair would be, and the reindex is what brings the index in line with it
    check(db_exec(w.srv.db, "DELETE FROM demand_step WHERE demand_id = %d" % late) is None
          and db_exec(w.srv.db, "DELETE FROM demand WHERE id = %d" % late) is None, "a demand removed")
    check(reindex(w.srv.db) == 7, "the reindex counts what is left")
    got, _ = _ids(w, "噪音")
    check(got == [], "removed: gone", got)


def test_search_staff_only(ctx):
    """the clerks of the congress (and the administrator) search; a deputy, another congress's clerk and an
    anonymous caller do not; a hit shows no contact details nor tracking hash"""
    w = _world(ctx)
    url = "/api/v1/congresses/%d/search?q=%s" % (w.congress, quote("电梯"))
    expect(w.deputy.get(url + "&kind=demand"), 403, "forbidden", what="a deputy, for demands")
    expect(w.clerk_other.get(url), 403, what="another congress's clerk")
    expect(Session(w.srv.base).get(url), 401, what="anonymous")
    js = expect(w.admin.get(url), 200, what="the administrator")
    check(len(js["items"]) == 2, "the administrator finds them", js)
    for x in js["items"]:
        check(set(x) == HIT_KEYS, "a hit's fields: no contact details, no tracking hash", x)
    broken = [x for x in js["items"] if x["id"] == w.d["broken"]][0]
    check(broken["channel"] == "desk" and broken["area"] == "江北区" and broken["title"] == "电梯坏了", "the hit", broken)


def test_search_after_copy(ctx):
    """`minsheng copy` moves the index with the installation: to an SQLite file (its FTS5 table rebuilt from the
    copied documents) and back to the test's engine; both copies find what the original finds"""
    import os
    w = _world(ctx)
    want, _ = _ids(w, "电梯")
    other = "sqlite:" + os.path.join(ctx.dir, "moved.sqlite")
    cli(["copy", "--from", w.srv.db, "--to", other])
    back = ctx.new_db("back")
    cli(["copy", "--from", other, "--to", back])
    for db, name in ((other, "sqlite-copy"), (back, "copy-back")):
        srv = ctx.add_server(db, name=name)
        clerk = login_session(srv, w.clerk_login, w.clerk_password)
        js = expect(clerk.get("/api/v1/congresses/%d/search?q=%s" % (w.congress, quote("电梯"))), 200,
                    what="search on %s" % name)
        check([x["id"] for x in js["items"]] == want, "the copy %s finds the same" % name, js, want)
        js = expect(clerk.get("/api/v1/congresses/%d/search?q=%s" % (w.congress, quote("加装电梯"))), 200)
        check([x["id"] for x in js["items"]] == [w.d["lift"]], "and the phrase", js)
