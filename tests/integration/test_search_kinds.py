"""Full-text search over cases and suggestions (GET /congresses/{id}/search?kind=case|suggestion, issue 14): a case
is found by its title and text and, once a unit replies, by the reply's words; a suggestion by its own words and
those of the suggestions merged into it; two-character words and longer phrases alike on both engines. Who may
search what follows who may list it: the staff everything; a unit's officer the cases and suggestions in its own
queue; every deputy of the congress the suggestions (as GET /congresses/{id}/suggestions), no deputy cases or
demands; another congress's clerk nothing; the public nothing. `minsheng search reindex` rebuilds cases and
suggestions with the demands. The demands come through the intake's own routes."""
from urllib.parse import quote

from client import Session
from harness import (admin_session, check, create_congress, create_user, db_exec, db_query, expect, import_deputies, is_pg,
                     login_session, make_deputies, uniq)
from liaison_world import take
from test_search import reindex

CW_KEYS = {"id", "congress_id", "kind", "title", "status", "created_at", "case_type", "demand_id", "unit_id",
           "unit_name", "reply_class", "merged_into"}


class _W:
    pass


def _world(ctx):
    """A congress with a clerk, two units with an officer each, three deputies; another congress's clerk. Case
    `lift` (unit 0) and case `park` (unit 1) referred from residents' demands; a demand left as it is."""
    w = _W()
    w.srv = ctx.new_server()
    w.admin = admin_session(w.srv)
    w.congress, w.other = create_congress(w.admin), create_congress(w.admin)
    n = uniq()
    create_user(w.admin, "skclerk%d" % n, "clerk-pass-%d" % n, "检索秘书", ["clerk"], w.congress)
    create_user(w.admin, "skclerkb%d" % n, "clerk-pass-b%d" % n, "他处秘书", ["clerk"], w.other)
    w.clerk = login_session(w.srv, "skclerk%d" % n, "clerk-pass-%d" % n)
    w.clerk_other = login_session(w.srv, "skclerkb%d" % n, "clerk-pass-b%d" % n)
    w.units = [expect(w.clerk.post("/api/v1/congresses/%d/units" % w.congress, {"name": "检索单位%d-%d" % (n, i)}),
                      201)["id"] for i in range(2)]
    w.off = []
    for i in range(2):
        create_user(w.clerk, "skoff%d_%d" % (n, i), "off-pass-%d" % i, "科长%d" % i, ["unit"], w.congress, w.units[i])
        w.off.append(login_session(w.srv, "skoff%d_%d" % (n, i), "off-pass-%d" % i))
    w.deputies = import_deputies(w.clerk, w.congress, make_deputies(3))
    w.dep = [login_session(w.srv, d["login"], d["password"]) for d in w.deputies]
    w.public = Session(w.srv.base)
    w.demand = {
        "lift": take(w.public, w.congress, "电梯坏了", "三号楼电梯坏了三天没人修，小区老人出不了门")["id"],
        "park": take(w.public, w.congress, "停车难", "小区停车位太少，晚上停车难")["id"],
        "lamp": take(w.public, w.congress, "路灯不亮", "小区门口路灯不亮")["id"],
    }
    w.case = {}
    for k, unit in (("lift", w.units[0]), ("park", w.units[1])):
        w.case[k] = expect(w.clerk.post("/api/v1/demands/%d/cases" % w.demand[k],
                                        {"case_type": "general", "unit_id": unit}), 201, what="case " + k)["id"]
    return w


def _search(sess, w, kind, q, status=200, code=None, congress=None):
    url = "/api/v1/congresses/%d/search?kind=%s&q=%s" % (congress or w.congress, kind, quote(q))
    js = expect(sess.get(url), status, code, what="search %s %s" % (kind, q))
    return [x["id"] for x in js["items"]] if status == 200 else None, js


def _suggest(w, i, title, text):
    return expect(w.dep[i].post("/api/v1/congresses/%d/suggestions" % w.congress, {"title": title, "text": text}),
                  201, what="suggestion " + title)["id"]


def test_cases_found_by_words_and_replies(ctx):
    """电梯 and 停车 (two characters) and 电梯坏了三天 (longer) find their cases, 加装电梯 none; a reply's words are
    found once the unit has replied and not before; a hit shows the case in brief; demands are a kind of their own"""
    w = _world(ctx)
    got, js = _search(w.clerk, w, "case", "电梯")
    check(got == [w.case["lift"]], "电梯: the lift case", js)
    hit = js["items"][0]
    check(set(hit) == CW_KEYS, "a case hit's fields", hit)
    check(hit["kind"] == "case" and hit["title"] == "电梯坏了" and hit["status"] == "assigned" and
          hit["unit_id"] == w.units[0] and hit["demand_id"] == w.demand["lift"] and hit["reply_class"] is None,
          "the case in brief", hit)
    got, _ = _search(w.clerk, w, "case", "停车")
    check(got == [w.case["park"]], "停车: the parking case", got)
    got, _ = _search(w.clerk, w, "case", "电梯坏了三天")
    check(got == [w.case["lift"]], "a longer phrase", got)
    got, _ = _search(w.clerk, w, "case", "加装电梯")
    check(got == [], "a phrase no case contains", got)
    got, _ = _search(w.clerk, w, "case", "小区")
    check(got == [w.case["park"], w.case["lift"]], "newest first", got)
    _search(w.clerk, w, "case", "梯", 422, "search_query_short")
    got, _ = _search(w.clerk, w, "demand", "路灯")
    check(got == [w.demand["lamp"]], "demands stay their own kind", got)
    got, _ = _search(w.clerk, w, "case", "路灯")
    check(got == [], "a demand not referred is no case", got)
    # the reply's words
    got, _ = _search(w.clerk, w, "case", "曳引机")
    check(got == [], "nothing before the reply", got)
    expect(w.off[0].post("/api/v1/casework/%d/reply" % w.case["lift"], {"class": "A", "text": "已更换曳引机钢丝绳"}),
           200, what="reply")
    got, js = _search(w.clerk, w, "case", "曳引机")
    check(got == [w.case["lift"]], "the reply's words find the case", js)
    check(js["items"][0]["reply_class"] == "A" and js["items"][0]["status"] == "replied", "replied", js)
    got, _ = _search(w.off[0], w, "case", "钢丝绳")
    check(got == [w.case["lift"]], "the unit finds it by its reply", got)
    # the resident's demand is still found as a demand by its own words, not by the reply
    got, _ = _search(w.clerk, w, "demand", "曳引机")
    check(got == [], "a demand is not found by its case's reply", got)


def test_who_searches_what(ctx):
    """each unit's officer finds only its own queue's cases (a co-handling unit too); a deputy searches suggestions
    but not cases or demands; another congress's clerk and the public are refused; without a kind each searches
    the first kind it may"""
    w = _world(ctx)
    got, js = _search(w.off[0], w, "case", "小区")
    check(got == [w.case["lift"]] and js["total"] == 1, "unit 0: its own case only", js)
    got, js = _search(w.off[1], w, "case", "小区")
    check(got == [w.case["park"]] and js["total"] == 1, "unit 1: its own case only", js)
    got, _ = _search(w.off[1], w, "case", "电梯")
    check(got == [], "unit 1 does not find unit 0's case", got)
    _search(w.off[0], w, "demand", "电梯", 403, "forbidden")
    _search(w.off[0], w, "case", "电梯", 403, congress=w.other)
    for d in w.dep:
        _search(d, w, "case", "电梯", 403, "forbidden")
        _search(d, w, "demand", "电梯", 403, "forbidden")
    _search(w.clerk_other, w, "case", "电梯", 403)
    _search(w.clerk_other, w, "suggestion", "电梯", 403)
    _search(w.public, w, "case", "电梯", 401)
    _search(w.public, w, "suggestion", "电梯", 401)
    # without a kind: the first the caller may search
    js = expect(w.off[0].get("/api/v1/congresses/%d/search?q=%s" % (w.congress, quote("小区"))), 200)
    check([x["id"] for x in js["items"]] == [w.case["lift"]] and js["items"][0]["kind"] == "case",
          "a unit: its cases", js)
    sug = _suggest(w, 0, "小区充电桩", "小区电动车充电桩不够")
    js = expect(w.dep[1].get("/api/v1/congresses/%d/search?q=%s" % (w.congress, quote("小区"))), 200)
    check([x["id"] for x in js["items"]] == [sug], "a deputy: the suggestions", js)
    js = expect(w.clerk.get("/api/v1/congresses/%d/search?q=%s" % (w.congress, quote("路灯"))), 200)
    check([x["id"] for x in js["items"]] == [w.demand["lamp"]] and "kind" not in js["items"][0], "the staff: demands",
          js)
    # a co-handling unit's queue holds the case: so do its hits
    third = take(w.public, w.congress, "楼道漏水", "楼道顶上漏水")["id"]
    case = expect(w.clerk.post("/api/v1/demands/%d/cases" % third, {"case_type": "general"}), 201)["id"]
    got, _ = _search(w.off[1], w, "case", "漏水")
    check(got == [], "not yet in unit 1's queue", got)
    expect(w.clerk.post("/api/v1/casework/%d/assign" % case, {"unit_id": w.units[0], "cohandlers": [w.units[1]]}),
           200)
    for off in w.off:
        got, _ = _search(off, w, "case", "漏水")
        check(got == [case], "the lead and the co-handling unit find it", got)
    # paging over a unit's hits
    got, js = _search(w.off[0], w, "case", "小区")
    check(got == [w.case["lift"]], "the lead unit's", js)
    js = expect(w.clerk.get("/api/v1/congresses/%d/search?kind=case&q=%s&per_page=1&page=2" % (w.congress,
                                                                                              quote("小区"))), 200)
    check([x["id"] for x in js["items"]] == [w.case["lift"]] and js["total"] == 2, "the staff's second page", js)


def test_suggestions_merged_and_answered(ctx):
    """a suggestion is found by its words by the staff and every deputy (as the suggestions list shows them all), by
    a unit only once assigned to it; merged into another, the other is found by the merged one's words too; the
    reply's words find it"""
    w = _world(ctx)
    a = _suggest(w, 0, "关于加装电梯的建议", "老旧小区加装电梯，财政给予补贴")
    b = _suggest(w, 2, "楼道照明", "老旧小区楼道声控灯坏了没人换")
    other = expect(w.dep[1].post("/api/v1/congresses/%d/suggestions" % w.congress,
                                 {"title": "公交线路", "text": "增开夜班公交"}), 201)["id"]
    got, js = _search(w.clerk, w, "suggestion", "加装电梯")
    check(got == [a], "加装电梯: the suggestion", js)
    hit = js["items"][0]
    check(set(hit) == CW_KEYS and hit["kind"] == "suggestion" and hit["case_type"] == "suggestion" and
          hit["demand_id"] is None, "a suggestion hit", hit)
    got, _ = _search(w.clerk, w, "case", "加装电梯")
    check(got == [], "a suggestion is not a case", got)
    got, _ = _search(w.clerk, w, "suggestion", "电梯")
    check(got == [a], "not the lift case", got)
    for d in w.dep:
        got, _ = _search(d, w, "suggestion", "公交")
        check(got == [other], "every deputy of the congress finds it", got)
    got, _ = _search(w.off[0], w, "suggestion", "电梯")
    check(got == [], "no unit has it yet", got)
    # merged
    got, _ = _search(w.clerk, w, "suggestion", "声控灯")
    check(got == [b], "before the merge: only b", got)
    expect(w.clerk.post("/api/v1/casework/%d/merge" % b, {"into": a}), 200, what="merge")
    got, js = _search(w.clerk, w, "suggestion", "声控灯")
    check(sorted(got) == sorted([a, b]), "after the merge: a, by b's words, and b itself", js)
    merged = [x for x in js["items"] if x["id"] == b][0]
    check(merged["status"] == "merged" and merged["merged_into"] == a, "b shows where it went", merged)
    # assigned and answered
    expect(w.clerk.post("/api/v1/casework/%d/assign" % a, {"unit_id": w.units[0]}), 200)
    got, _ = _search(w.off[0], w, "suggestion", "电梯")
    check(got == [a], "the unit finds the suggestion it handles", got)
    got, _ = _search(w.off[1], w, "suggestion", "电梯")
    check(got == [], "another unit does not", got)
    expect(w.off[0].post("/api/v1/casework/%d/reply" % a, {"class": "B", "text": "已纳入明年民生实事计划"}), 200)
    got, _ = _search(w.dep[1], w, "suggestion", "民生实事")
    check(got == [a], "the reply's words", got)
    # a suggestion made from a demand by its deputy
    d = take(w.public, w.congress, "垃圾分类", "垃圾分类点太臭", "visit", visitor=w.dep[1])["id"]
    s = expect(w.dep[1].post("/api/v1/demands/%d/suggestion" % d, {}), 201)["id"]
    got, _ = _search(w.dep[0], w, "suggestion", "垃圾分类")
    check(got == [s], "a suggestion from a demand", got)


def test_reindex_covers_cases_and_suggestions(ctx):
    """the reindex rebuilds cases and suggestions with the demands: the same hits after it, reply and merged words
    included; a title changed behind the index's back is found by its new words only after the reindex"""
    w = _world(ctx)
    a = _suggest(w, 0, "关于加装电梯的建议", "老旧小区加装电梯")
    b = _suggest(w, 1, "楼道照明", "楼道声控灯坏了")
    expect(w.clerk.post("/api/v1/casework/%d/merge" % b, {"into": a}), 200)
    expect(w.off[0].post("/api/v1/casework/%d/reply" % w.case["lift"], {"class": "A", "text": "已更换曳引机"}), 200)
    before = {(k, q): _search(w.clerk, w, k, q)[0]
              for k, q in (("case", "曳引机"), ("case", "小区"), ("suggestion", "声控灯"), ("suggestion", "电梯"),
                           ("demand", "路灯"))}
    check(reindex(w.srv.db) == 3 + 2 + 2, "three demands, two cases and two suggestions")
    after = {key: _search(w.clerk, w, *key)[0] for key in before}
    check(after == before, "the same hits after the reindex", (before, after))
    check(db_exec(w.srv.db, "UPDATE casework SET title = '化粪池外溢' WHERE id = %d" % w.case["park"]) is None,
          "the title changed directly")
    got, _ = _search(w.clerk, w, "case", "化粪池")
    check(got == [], "not yet indexed", got)
    reindex(w.srv.db)
    got, _ = _search(w.clerk, w, "case", "化粪池")
    check(got == [w.case["park"]], "found after the reindex", got)
    got, _ = _search(w.clerk, w, "case", "停车")
    check(got == [w.case["park"]], "still found by its text and its demand's", got)


def test_upgrade_indexes_what_exists(ctx):
    """a database upgraded to the version that searches cases and suggestions (migration 23 leaves a marker) has the
    cases and suggestions it already holds indexed when `serve` (or `init`) next starts, once: the marker is taken. A
    change made behind the index's back stands in for the cases written before the upgrade (before: `serve` indexed
    nothing, the case was found by its new words only after a manual `minsheng search reindex`)"""
    w = _world(ctx)
    marker = "SELECT count(*) FROM meta WHERE key = 'search_reindex'"
    check(int(db_query(w.srv.db, marker)[0][0]) == 0, "a new database's marker was taken by init")
    check(db_exec(w.srv.db, "UPDATE casework SET title = '化粪池外溢' WHERE id = %d" % w.case["park"]) is None, "title")
    got, _ = _search(w.clerk, w, "case", "化粪池")
    check(got == [], "not yet indexed", got)
    value = "convert_to('23', 'UTF8')" if is_pg(w.srv.db) else "CAST('23' AS BLOB)"
    check(db_exec(w.srv.db, "INSERT INTO meta(key, value) VALUES ('search_reindex', %s)" % value) is None, "marker")
    w.srv.stop()
    srv = ctx.add_server(w.srv.db, name="upgraded")
    w.clerk.base, w.clerk.port = srv.base, srv.port
    got, _ = _search(w.clerk, w, "case", "化粪池")
    check(got == [w.case["park"]], "found after the upgraded server started", got)
    check(int(db_query(w.srv.db, marker)[0][0]) == 0, "the marker is taken")


def test_unit_finds_its_older_cases(ctx):
    """a unit's officer finds its own case by a common word when more than 1000 newer matches of the congress are
    other units' (1500 index documents of cases it does not handle, written straight into the index after its own):
    before, a unit's search kept its own among the first 1000 matches only and found nothing; pages past the
    total's 1000 read nothing for the staff"""
    w = _world(ctx)
    db = w.srv.db
    top = int(db_query(db, "SELECT max(id) FROM search_doc")[0][0])
    series = "WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < 1500) "
    check(db_exec(db, series + "INSERT INTO search_doc(id, kind, doc_id, congress_id, tokens) SELECT %d + g, 'case', "
                  "900000000 + g, %d, '小区 电梯 坏了' FROM s" % (top, w.congress)) is None, "foreign documents")
    if not is_pg(db):
        check(db_exec(db, "INSERT INTO search_fts(search_fts) VALUES ('rebuild')") is None, "FTS5 rebuilt")
    got, js = _search(w.off[0], w, "case", "电梯")
    check(got == [w.case["lift"]] and js["total"] == 1, "unit 0 finds its own older case", js)
    got, js = _search(w.off[1], w, "case", "电梯")
    check(got == [] and js["total"] == 0, "unit 1 has none", js)
    deep = expect(w.clerk.get("/api/v1/congresses/%d/search?kind=case&q=%s&page=60&per_page=20"
                              % (w.congress, quote("电梯"))), 200, what="a page past the total")
    check(deep["items"] == [] and deep["total"] == 1000, "no page past the total's 1000", deep)
