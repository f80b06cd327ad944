"""`minsheng copy`: a whole installation moved to another database and back
(on the PostgreSQL run: PostgreSQL → SQLite → PostgreSQL; on the SQLite run:
file to file), verified by row counts and checksums, and still working after
the move: the same published result, the same logins, new objects numbered
after the copied ones. A non-empty target is refused and left as it was."""
import os
import re

from client import Session
from harness import build_world, cast, check, cli, close_poll, db_query, dep_session, expect, login_session


def _tables(out):
    """{table: (rows, checksum)} from copy's output lines."""
    got = {}
    for m in re.finditer(r"^\s+(\w+)\s+(\d+) rows\s+checksum ([0-9a-f]{16})$", out, re.M):
        got[m.group(1)] = (int(m.group(2)), m.group(3))
    return got


def _copy(src, dst, expect_ok=True):
    p = cli(["copy", "--from", src, "--to", dst], expect_ok=expect_ok)
    return p, p.stdout.decode("utf-8", "replace") + p.stderr.decode("utf-8", "replace")


def test_round_trip(ctx):
    """copy there and back: counts and checksums agree, the copy serves the same result and logins"""
    w = build_world(ctx, n_deputies=6, costs=(100, 200, 300, 400))
    for i, choices in enumerate([[w.cands[0], w.cands[1]], [w.cands[0]], [w.cands[2]], []]):
        cast(dep_session(w, i), w.poll, choices)
    result = close_poll(w.clerk, w.poll)

    other = "sqlite:" + os.path.join(ctx.dir, "moved.sqlite")
    p1, out1 = _copy(w.srv.db, other)
    back = ctx.new_db("back")
    p2, out2 = _copy(other, back)
    t1, t2 = _tables(out1), _tables(out2)
    check(len(t1) >= 15, "copy prints every table", out1)
    check(t1 == t2, "the second copy has the same rows and checksums as the first", out1, out2)
    for table, want in (("ballot", 4), ("participation", 4), ("poll_result", 1)):
        check(t1[table][0] == want, "%s rows copied: %d, want %d" % (table, t1[table][0], want), out1)
    check("every table's row count and checksum match" in out2, "copy reports the verification", out2)

    # The copy serves: same result, same passwords, ids continue after the copied ones.
    srv2 = ctx.add_server(back, name="copy")
    again = expect(login_session(srv2, w.clerk_login, w.clerk_password).get("/api/v1/polls/%d/result" % w.poll),
                   200, what="result on the copy")
    check(again == result, "the copy publishes the same result", str(again)[:500], str(result)[:500])
    d = w.deputies[0]
    login_session(srv2, d["login"], d["password"])
    clerk2 = login_session(srv2, w.clerk_login, w.clerk_password)
    top = max(int(r[0]) for r in db_query(back, "SELECT id FROM unit"))
    unit = expect(clerk2.post("/api/v1/congresses/%d/units" % w.congress, {"name": "复制后新建的单位"}), 201,
                  what="a unit created on the copy")
    check(unit["id"] > top, "new ids follow the copied ones (%d > %d)" % (unit["id"], top))
    poll = expect(clerk2.get("/api/v1/polls/%d" % w.poll), 200, what="poll on the copy")
    check(poll["status"] == "closed" and poll["ballots_cast"] == 4, "the poll is closed with its 4 ballots", poll)


def test_refuses_a_non_empty_target(ctx):
    """copy into a database that holds data: refused, and the target is left as it was"""
    a = build_world(ctx, n_deputies=2, open_poll=False)
    b = ctx.new_server("b")
    before = int(db_query(b.db, "SELECT COUNT(*) FROM \"user\"")[0][0])
    p, out = _copy(a.srv.db, b.db, expect_ok=False)
    check(p.returncode != 0, "copy into a non-empty database fails", out)
    check("not empty" in out, "copy says why", out)
    after = int(db_query(b.db, "SELECT COUNT(*) FROM \"user\"")[0][0])
    check(before == after, "the target is unchanged (%d users before, %d after)" % (before, after))


def test_sqlite_installation_moves(ctx):
    """a SQLite installation (the demo, made by `minsheng demo` on a file) moves into the run's database — on the
    PostgreSQL run the way a deployment outgrows one machine: every table verified (meta's text values come back from
    bytea as the same bytes), the audit log still verifies, and the copy serves the same roll-up"""
    src = "sqlite:" + os.path.join(ctx.dir, "installation.sqlite")
    cli(["demo", "--db", src])
    dst = ctx.new_db("moved")
    p, out = _copy(src, dst)
    check("every table's row count and checksum match" in out and _tables(out)["meta"][0] >= 2,
          "the demo is copied, meta with it", out)
    audit = cli(["audit", "verify", "--db", dst], what="audit verify of the copy").stdout.decode()
    check("11 polls match" in audit and "1 reviews match" in audit, "the copy's audit log, results and ballots verify",
          audit)
    a, b = ctx.add_server(src, name="source"), ctx.add_server(dst, name="copy")
    for path in ("/api/v1/congresses/1/rollup?year=2026", "/api/v1/congresses/2/rollup?year=2025"):
        one = expect(Session(a.base).get(path), 200, what=path)
        two = expect(Session(b.base).get(path), 200, what=path + " on the copy")
        check(one == two, "the copy serves the same roll-up", path)
