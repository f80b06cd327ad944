"""Secret ballot: the stored ballots cannot be joined back to deputies; the
audit log records state changes, never choices, and is append-only."""
import itertools
import json
import random
import sqlite3
import time

from harness import (Failure, build_world, cast, check, close_poll, dep_session, expect, find_table,
                     list_all, open_ro)

N = 20
USER_WORDS = ("user", "deputy", "voter", "member", "session", "receipt", "login", "person", "who")
TIME_WORDS = ("time", "date", "created", "updated", "stamp", "when", "seq", "order", "counter")


def _time_like(col):
    c = col.lower()
    return (c in ("at", "ts", "t", "n", "no", "num", "idx", "position", "pos")
            or c.endswith("_at") or c.endswith("_ts") or any(w in c for w in TIME_WORDS))


def _cast_in_order(ctx):
    """20 deputies cast, one after the other, 20 different ballots."""
    w = build_world(ctx, n_deputies=N, costs=(10, 20, 30, 40, 50, 60), poll={"slots": 3, "max_approvals": 3})
    combos = [list(c) for c in itertools.combinations(w.cands, 3)]  # 20 distinct ballots
    assert len(combos) == N
    random.Random(20261122).shuffle(combos)  # the casting order is known to the test only
    for i, ch in enumerate(combos):
        cast(dep_session(w, i), w.poll, ch)
    res = close_poll(w.clerk, w.poll)
    check(res.get("ballots_returned") == N, "ballots_returned %r, want %d" % (res.get("ballots_returned"), N))
    return w, combos


def _parse_choices(v):
    if isinstance(v, bytes):
        try:
            v = v.decode("utf-8")
        except UnicodeDecodeError:
            return None
    if isinstance(v, str):
        try:
            js = json.loads(v)
            if isinstance(js, list):
                return sorted(int(x) for x in js)
        except ValueError:
            pass
        try:
            return sorted(int(x) for x in v.replace(",", " ").split())
        except ValueError:
            return None
    return None


def _idtext(v):
    if isinstance(v, bytes):
        return v.hex()
    return str(v).lower()


def test_ballot_table_unlinkable(ctx):
    """the ballot table has no user or time column, random 16-byte ids, and no order that follows casting"""
    w, combos = _cast_in_order(ctx)
    cast_order = [tuple(sorted(c)) for c in combos]
    conn = open_ro(w.srv.db)
    try:
        bt = find_table(conn, ["ballot", "ballots"])
        cols = [r[1] for r in conn.execute("PRAGMA table_info(%s)" % bt)]
        bad = [c for c in cols if any(u in c.lower() for u in USER_WORDS) or _time_like(c)]
        check(not bad, "the ballot table has columns that can link to deputies or time: %r" % bad, "columns %r" % cols)
        fks = [r[2] for r in conn.execute("PRAGMA foreign_key_list(%s)" % bt)]
        check(all(t in ("poll", "polls") for t in fks), "the ballot table references %r" % fks)
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name=?", (bt,)).fetchone()[0]
        rowid_ok = True
        try:
            conn.execute("SELECT rowid FROM %s" % bt).fetchall()
        except sqlite3.OperationalError:
            rowid_ok = False
        check(not rowid_ok, "the ballot table has a rowid (insertion order); want WITHOUT ROWID", sql)
        for tbl, in conn.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall():
            for fk in conn.execute("PRAGMA foreign_key_list(%s)" % tbl):
                check(fk[2] not in ("ballot", "ballots"), "table %s references the ballots (%r)" % (tbl, fk))
        pcol = "poll_id" if "poll_id" in cols else None
        where = (" WHERE %s = %d" % (pcol, w.poll)) if pcol else ""
        rows = conn.execute("SELECT * FROM %s%s" % (bt, where)).fetchall()
        check(len(rows) == N, "%d stored ballots, want %d" % (len(rows), N))
        ci = cols.index("choices") if "choices" in cols else None
        ii = cols.index("id") if "id" in cols else 0
        # map each row to its ballot: by the choices column, else via the API's ballot ids
        api = {_idtext(it["id"]): tuple(sorted(it["choices"]))
               for it in list_all(w.clerk, "/api/v1/polls/%d/ballots" % w.poll)[0]}

        def ballot_of(row):
            if ci is not None:
                p = _parse_choices(row[ci])
                if p is not None and tuple(p) in cast_order:
                    return tuple(p)
            return api.get(_idtext(row[ii]))

        ids = [row[ii] for row in rows]
        raw_ids = [bytes(i) if isinstance(i, (bytes, memoryview)) else bytes.fromhex(str(i)) for i in ids]
        check(all(len(b) == 16 for b in raw_ids), "ballot ids are not 16 bytes: %r" % [b.hex() for b in raw_ids[:3]])
        check(len(set(raw_ids)) == N, "ballot ids are not unique")
        distinct_bytes = len(set(b"".join(raw_ids)))
        check(distinct_bytes >= 100, "ballot ids look sequential, not random (%d distinct byte values in %d ids)"
              % (distinct_bytes, N), [b.hex() for b in raw_ids[:5]])
        by_ballot = {ballot_of(r): r for r in rows}
        check(None not in by_ballot and len(by_ballot) == N, "cannot match the stored ballots to the cast ones",
              [repr(r)[:200] for r in rows[:3]])
        id_in_cast_order = [int.from_bytes(raw_ids[rows.index(by_ballot[b])], "big") for b in cast_order]
        check(id_in_cast_order != sorted(id_in_cast_order) and id_in_cast_order != sorted(id_in_cast_order, reverse=True),
              "ballot ids grow (or shrink) with the order of casting")
        orders = {"(no ORDER BY)": rows}
        for c in cols:
            orders["ORDER BY %s" % c] = conn.execute("SELECT * FROM %s%s ORDER BY %s" % (bt, where, c)).fetchall()
            orders["ORDER BY %s DESC" % c] = conn.execute(
                "SELECT * FROM %s%s ORDER BY %s DESC" % (bt, where, c)).fetchall()
        for name, rs in orders.items():
            seq = [ballot_of(r) for r in rs]
            check(seq != cast_order, "stored ballots %s come back in the order of casting" % name)
    finally:
        conn.close()
    # the scrutiny list is not in casting order either
    items = list_all(w.clerk, "/api/v1/polls/%d/ballots" % w.poll)[0]
    seq = [tuple(sorted(it["choices"])) for it in items]
    check(sorted(seq) == sorted(cast_order), "the ballots list does not hold the cast ballots", seq)
    check(seq != cast_order, "GET /polls/{id}/ballots lists ballots in the order of casting")
    check(all(it.get("paper") is False for it in items), "electronic ballots marked paper")
    ids = [it["id"] for it in items]
    check(ids == sorted(ids), "GET /polls/{id}/ballots is not in id order: %r" % ids[:5])


def test_participation_no_time(ctx):
    """who voted is stored without a timestamp and without the choices"""
    w, combos = _cast_in_order(ctx)
    conn = open_ro(w.srv.db)
    try:
        pt = find_table(conn, ["participation", "participations"])
        cols = [r[1] for r in conn.execute("PRAGMA table_info(%s)" % pt)]
        check(not [c for c in cols if _time_like(c)], "participation has a time-like column: %r" % cols)
        check(not [c for c in cols if "choice" in c.lower() or "ballot" in c.lower()],
              "participation has a ballot/choices column: %r" % cols)
        n = conn.execute("SELECT count(*) FROM %s WHERE poll_id = ?" % pt, (w.poll,)).fetchone()[0]
        check(n == N, "participation has %d rows for the poll, want %d" % (n, N))
    finally:
        conn.close()


def test_audit_log(ctx):
    """the audit log records state changes (newest first) and ballot.cast without the choices"""
    w, combos = _cast_in_order(ctx)
    items = list_all(w.admin, "/api/v1/audit")[0]
    actions = [it.get("action") for it in items]
    for a in ("poll.open", "poll.close", "ballot.cast"):
        check(a in actions, "the audit log has no %r entry" % a, "actions: %r" % sorted(set(actions)))
    check(actions.count("ballot.cast") == N, "%d ballot.cast entries, want %d" % (actions.count("ballot.cast"), N))
    ids = [it.get("id") for it in items]
    check(ids == sorted(ids, reverse=True), "the audit log is not newest first", ids[:10])
    cast_users = sorted(it.get("user_id") for it in items if it.get("action") == "ballot.cast")
    check(cast_users == sorted(d["id"] for d in w.deputies),
          "ballot.cast entries do not name the deputies who voted")
    for it in items:
        if it.get("action") == "ballot.cast":
            text = json.dumps(it.get("detail"))
            check("choice" not in text, "a ballot.cast entry records the choices: %s" % text)
            check(it.get("congress_id") == w.congress, "ballot.cast entry has congress_id %r" % it.get("congress_id"))
    open_i, close_i = actions.index("poll.open"), actions.index("poll.close")
    check(close_i < open_i, "poll.close is not newer than poll.open")
    # a clerk sees its congress only
    citems = list_all(w.clerk, "/api/v1/audit")[0]
    check(citems and all(it.get("congress_id") == w.congress for it in citems),
          "the clerk's audit view has entries of other congresses", [it.get("congress_id") for it in citems][:20])


def _try_write(db, sql):
    """Run sql in its own connection; return None on success or the error text."""
    for _ in range(50):
        conn = sqlite3.connect(db, timeout=10)
        try:
            conn.execute(sql)
            conn.commit()
            return None
        except sqlite3.Error as e:
            msg = str(e)
            if "locked" in msg or "busy" in msg:
                time.sleep(0.1)
                continue
            return msg
        finally:
            conn.close()
    raise Failure("the database stayed locked: cannot try %s" % sql)


def test_audit_append_only(ctx):
    """UPDATE and DELETE on the audit table fail in the database itself"""
    w, combos = _cast_in_order(ctx)
    conn = open_ro(w.srv.db)
    try:
        at = find_table(conn, ["audit", "audit_log"])
        before = conn.execute("SELECT * FROM %s ORDER BY 1" % at).fetchall()
    finally:
        conn.close()
    check(len(before) > N, "the audit table has only %d rows" % len(before))
    cols = None
    conn = open_ro(w.srv.db)
    try:
        cols = [r[1] for r in conn.execute("PRAGMA table_info(%s)" % at)]
    finally:
        conn.close()
    col = "action" if "action" in cols else cols[-1]
    err = _try_write(w.srv.db, "UPDATE %s SET %s = 'tampered'" % (at, col))
    check(err is not None, "UPDATE on %s succeeded" % at)
    err = _try_write(w.srv.db, "DELETE FROM %s" % at)
    check(err is not None, "DELETE on %s succeeded" % at)
    conn = open_ro(w.srv.db)
    try:
        after = conn.execute("SELECT * FROM %s ORDER BY 1" % at).fetchall()
    finally:
        conn.close()
    check(after == before, "the audit table changed after the refused UPDATE/DELETE")
    # the server still works and appends
    expect(w.clerk.post("/api/v1/congresses/%d/units" % w.congress, {"name": "新局", "name_en": "New"}), 201,
           what="create unit after the tampering attempts")
