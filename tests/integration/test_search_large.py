"""Search over more demands than one window of PostgreSQL's newest-first walk (store/search.c pg_find) and more than
the search's budget for walking, checked against the answer worked out here, on both engines: a common term with
more than 1000 matches (the total stops at 1000) paged across the walk's windows and past the thousandth match; a
term that was common long ago and is rare since (the page from the GIN index's sorted older matches); a term rare
enough that the walk fills the page but not the total (the rest counted through the GIN index); a rare phrase (all
its matches from the GIN index); a term in no demand.

The 70,000 demands and their search documents are written straight into the database in two statements (a reindex
of that many through the application would take minutes under the sanitizers): each text is phrases of Chinese
characters joined by '，', and its token string is their overlapping bigrams, as store/search.c cuts them (the
phrases are chosen so that no bigram spans two of them: '，' separates). Demand g (1 = oldest) holds:
电梯坏了 when g is even, 路灯不亮 when g % 100 == 7, 垃圾分类 when g <= 1500, 加装电梯 when g is one of RARE."""
from urllib.parse import quote

from harness import admin_session, check, create_congress, create_user, db_exec, expect, is_pg, login_session, uniq

N = 70000
RARE = (12, 111, 22222, 44444, 55555, 69998, 69999)
PHRASES = (("电梯坏了", lambda g: g % 2 == 0), ("路灯不亮", lambda g: g % 100 == 7),
           ("垃圾分类", lambda g: g <= 1500), ("加装电梯", lambda g: g in RARE))


def bigrams(p):
    return " ".join(p[i:i + 2] for i in range(len(p) - 1))


def _sql_parts(make):
    """An SQL expression of g joining, with sep, make(phrase) of each phrase the demand holds."""
    return " || ".join("(CASE WHEN %s THEN '%s' ELSE '' END)" % (cond, make(p)) for p, cond in (
        ("电梯坏了", "g % 2 = 0"), ("路灯不亮", "g % 100 = 7"), ("垃圾分类", "g <= 1500"),
        ("加装电梯", "g IN (%s)" % ",".join(map(str, RARE)))))


def _world(ctx):
    class W:
        pass
    w = W()
    w.srv = ctx.new_server()
    w.admin = admin_session(w.srv)
    w.congress = create_congress(w.admin)
    n = uniq()
    create_user(w.admin, "lclerk%d" % n, "clerk-pass-%d" % n, "检索秘书", ["clerk"], w.congress)
    w.clerk = login_session(w.srv, "lclerk%d" % n, "clerk-pass-%d" % n)
    series = "WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < %d) " % N
    text = "'群众反映，' || " + _sql_parts(lambda p: p + "，")
    check(db_exec(w.srv.db, series + "INSERT INTO demand(congress_id, channel, title, text, status, created_at) "
                  "SELECT %d, 'web', '诉求', %s, 'new', '2026-01-01T00:00:00Z' FROM s ORDER BY g"
                  % (w.congress, text)) is None, "the demands written")
    w.base = int(_scalar(w.srv.db, "SELECT min(id) FROM demand WHERE congress_id = %d" % w.congress))
    # tokens: the title's, the opening phrase's, then each phrase's bigrams (search_doc.id in the demands' order)
    tokens = "'诉求 群众 众反 反映' || " + _sql_parts(lambda p: " " + bigrams(p))
    check(db_exec(w.srv.db, series + "INSERT INTO search_doc(id, kind, doc_id, congress_id, tokens) "
                  "SELECT %d + g, 'demand', %d + g - 1, %d, %s FROM s ORDER BY g"
                  % (w.base + 100000, w.base, w.congress, tokens)) is None, "their search documents written")
    if not is_pg(w.srv.db):
        check(db_exec(w.srv.db, "INSERT INTO search_fts(search_fts) VALUES ('rebuild')") is None, "FTS5 rebuilt")
    return w


def _scalar(db, sql):
    if is_pg(db):
        from harness import psql
        return psql(db, sql).stdout.decode().strip().splitlines()[-1].strip()
    import sqlite3
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def _want(w, phrases):
    """The demand ids holding every phrase, newest first (电梯 alone: in 电梯坏了 and in 加装电梯)."""
    holds = [f for p, f in PHRASES if p in phrases]
    if "电梯" in phrases:
        holds.append(lambda g: g % 2 == 0 or g in RARE)
    return [w.base + g - 1 for g in range(N, 0, -1) if all(f(g) for f in holds)]


def _page(w, q, page=1, per_page=20):
    js = expect(w.clerk.get("/api/v1/congresses/%d/search?q=%s&page=%d&per_page=%d"
                            % (w.congress, quote(q), page, per_page)), 200, what="search %s page %d" % (q, page))
    return [x["id"] for x in js["items"]], js["total"]


def test_search_large_common(ctx):
    """电梯 (35,001 matches): the total stops at 1000; the first page, pages across the walk's first window (1024
    demands: 512 matches), the page that ends at the thousandth match and one past it are the newest-first
    matches at their offsets, the page that crosses it cut there and one past it empty (pages end with the total:
    a deep page reads nothing); 电梯坏了 (a phrase) the same"""
    w = _world(ctx)
    for q in ("电梯", "电梯坏了"):
        want = _want(w, (q,))
        for page, per in ((1, 20), (26, 20), (6, 100), (50, 20), (10, 100), (20, 52), (61, 20), (5000, 200)):
            got, total = _page(w, q, page, per)
            check(total == 1000, "%s: the total stops at 1000" % q, total)
            exp = want[:1000][(page - 1) * per:page * per]
            check(got == exp and (len(got) == 12 if (page, per) == (20, 52) else True),
                  "%s page %d of %d: the matches at that offset" % (q, page, per), got[:3], exp[:3])


def test_search_large_old_term(ctx):
    """垃圾分类 is in the 1500 oldest demands only: the walk of the newest finds none, the GIN index gives the page
    (the newest of the old ones) and the total (1000); the last page of the total too; 垃圾分类 with 路灯不亮 (two
    terms) are the 15 old demands holding both"""
    w = _world(ctx)
    want = _want(w, ("垃圾分类",))
    for page, per in ((1, 20), (2, 20), (10, 100)):
        got, total = _page(w, "垃圾分类", page, per)
        check(total == 1000 and got == want[(page - 1) * per:page * per], "垃圾分类 page %d" % page, total, got[:3])
    want = _want(w, ("垃圾分类", "路灯不亮"))
    got, total = _page(w, "垃圾分类 路灯不亮")
    check(len(want) == 15 and total == 15 and got == want[:20], "two terms: the 15 holding both", total, got)


def test_search_large_counted(ctx):
    """路灯不亮 (one demand in a hundred: 700): the walk fills the first page, the walk's budget is too small for the
    total, which the GIN index counts: 700; the last page (15 of 20) and the one past it (empty)"""
    w = _world(ctx)
    want = _want(w, ("路灯不亮",))
    check(len(want) == 700, "700 demands hold 路灯不亮", len(want))
    for page in (1, 2, 35, 36):
        got, total = _page(w, "路灯不亮", page)
        check(total == 700 and got == want[(page - 1) * 20:page * 20], "路灯不亮 page %d" % page, total, got[:3])
    got, total = _page(w, "路灯")
    check(total == 700 and got == want[:20], "路灯 the same", total)


def test_search_large_rare(ctx):
    """加装电梯 in seven demands, two of them among the newest three: all seven, newest first, total 7; page 2 of 5 the last
    two; 加装电梯 with 路灯不亮 none; a phrase in no demand none"""
    w = _world(ctx)
    want = _want(w, ("加装电梯",))
    got, total = _page(w, "加装电梯")
    check(total == 7 and got == want and got[0] == w.base + 69999 - 1, "加装电梯: all seven, newest first", total, got)
    got, total = _page(w, "加装电梯", 2, 5)
    check(total == 7 and got == want[5:], "page 2 of 5", got)
    got, total = _page(w, "加装电梯 路灯不亮")
    check(total == 0 and got == [], "no demand holds both", got)
    got, total = _page(w, "地铁站")
    check(total == 0 and got == [], "none", got)
