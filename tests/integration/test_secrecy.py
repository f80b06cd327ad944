"""Secret ballot: the stored ballots cannot be joined back to deputies; the
audit log records state changes, never choices, and is append-only.

The database is read directly after close, on either backend (db_query):
SQLite's file, or the test's PostgreSQL database through psql. Checks that
exist on one backend only: SQLite's hidden rowid (the table must be WITHOUT
ROWID); PostgreSQL's hidden row-version columns (ctid, the row's place in the
heap, and xmin, the transaction that wrote it)."""
import itertools
import json
import random
import sqlite3

from harness import (build_world, cast, check, close_poll, db_bytes, db_columns, db_exec, db_foreign_keys,
                     db_query, dep_session, expect, find_table, is_pg, list_all, only, open_ro)

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
    if isinstance(v, (bytes, memoryview)):
        return bytes(v).hex()
    v = str(v).lower()
    return v[2:] if v.startswith("\\x") else v


def test_ballot_table_unlinkable(ctx):
    """the ballot table has no user or time column, random 16-byte ids, and no order that follows casting"""
    w, combos = _cast_in_order(ctx)
    cast_order = [tuple(sorted(c)) for c in combos]
    db = w.srv.db
    bt = find_table(db, ["ballot", "ballots"])
    cols = db_columns(db, bt)
    bad = [c for c in cols if any(u in c.lower() for u in USER_WORDS) or _time_like(c)]
    check(not bad, "the ballot table has columns that can link to deputies or time: %r" % bad, "columns %r" % cols)
    fks = db_foreign_keys(db)
    refs = [r for t, r in fks if t == bt]
    check(all(t in ("poll", "polls") for t in refs), "the ballot table references %r" % refs)
    for t, r in fks:
        check(r not in ("ballot", "ballots"), "table %s references the ballots" % t)
    if not is_pg(db):
        conn = open_ro(db)
        try:
            sql = conn.execute("SELECT sql FROM sqlite_master WHERE name=?", (bt,)).fetchone()[0]
            rowid_ok = True
            try:
                conn.execute("SELECT rowid FROM %s" % bt).fetchall()
            except sqlite3.OperationalError:
                rowid_ok = False
        finally:
            conn.close()
        check(not rowid_ok, "the ballot table has a rowid (insertion order); want WITHOUT ROWID", sql)
    pcol = "poll_id" if "poll_id" in cols else None
    where = (" WHERE %s = %d" % (pcol, w.poll)) if pcol else ""
    rows = db_query(db, "SELECT * FROM %s%s" % (bt, where))
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

    raw_ids = [db_bytes(row[ii]) for row in rows]
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
        orders["ORDER BY %s" % c] = db_query(db, "SELECT * FROM %s%s ORDER BY %s" % (bt, where, c))
        orders["ORDER BY %s DESC" % c] = db_query(db, "SELECT * FROM %s%s ORDER BY %s DESC" % (bt, where, c))
    for name, rs in orders.items():
        seq = [ballot_of(r) for r in rs]
        check(seq != cast_order, "stored ballots %s come back in the order of casting" % name)
    # the scrutiny list is not in casting order either
    items = list_all(w.clerk, "/api/v1/polls/%d/ballots" % w.poll)[0]
    seq = [tuple(sorted(it["choices"])) for it in items]
    check(sorted(seq) == sorted(cast_order), "the ballots list does not hold the cast ballots", seq)
    check(seq != cast_order, "GET /polls/{id}/ballots lists ballots in the order of casting")
    check(all(it.get("paper") is False for it in items), "electronic ballots marked paper")
    ids = [it["id"] for it in items]
    check(ids == sorted(ids), "GET /polls/{id}/ballots is not in id order: %r" % ids[:5])


@only("postgresql")
def test_ballot_row_versions(ctx):
    """PostgreSQL: after close, the hidden row columns ctid (heap place) and xmin (writing transaction) neither follow the casting order nor join a ballot to a participation row"""
    w, combos = _cast_in_order(ctx)
    cast_order = [tuple(sorted(c)) for c in combos]
    db = w.srv.db
    bt = find_table(db, ["ballot", "ballots"])
    pt = find_table(db, ["participation", "participations"])
    api = {_idtext(it["id"]): tuple(sorted(it["choices"]))
           for it in list_all(w.clerk, "/api/v1/polls/%d/ballots" % w.poll)[0]}
    rows = db_query(db, "SELECT id, ctid::text, xmin::text FROM %s WHERE poll_id = ? ORDER BY ctid" % bt, (w.poll,))
    check(len(rows) == N, "%d stored ballots, want %d" % (len(rows), N))
    by_ctid = [api.get(_idtext(r[0])) for r in rows]
    check(None not in by_ctid, "cannot match the stored ballots to the API's ballot ids", rows[:3])
    check(by_ctid != cast_order and by_ctid != cast_order[::-1],
          "the ballots' physical order (ctid) is the order of casting: whoever reads the table learns who cast "
          "what (the participation rows are in the same order)")
    xmin = {api.get(_idtext(r[0])): int(r[2]) for r in rows}
    seq = [xmin[b] for b in cast_order]
    check(len(set(seq)) == 1 or seq != sorted(seq),
          "the ballots' xmin (the transaction that wrote each row) grows with the order of casting",
          "xmin in casting order: %r" % seq)
    pxmin = {int(r[0]) for r in db_query(db, "SELECT xmin::text FROM %s WHERE poll_id = ?" % pt, (w.poll,))}
    # one transaction that wrote every ballot of the poll (a rewrite at close) links nothing
    shared = set(seq) & pxmin
    check(not shared or len(set(seq)) == 1,
          "%d ballot rows share their writing transaction (xmin) with a participation row: "
          "SELECT ... FROM %s b JOIN %s p ON b.xmin = p.xmin names each ballot's deputy" % (len(shared), bt, pt))


def test_participation_no_time(ctx):
    """who voted is stored without a timestamp and without the choices"""
    w, combos = _cast_in_order(ctx)
    db = w.srv.db
    pt = find_table(db, ["participation", "participations"])
    cols = db_columns(db, pt)
    check(not [c for c in cols if _time_like(c)], "participation has a time-like column: %r" % cols)
    check(not [c for c in cols if "choice" in c.lower() or "ballot" in c.lower()],
          "participation has a ballot/choices column: %r" % cols)
    n = int(db_query(db, "SELECT count(*) FROM %s WHERE poll_id = ?" % pt, (w.poll,))[0][0])
    check(n == N, "participation has %d rows for the poll, want %d" % (n, N))


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


def test_audit_append_only(ctx):
    """UPDATE and DELETE on the audit table fail in the database itself"""
    w, combos = _cast_in_order(ctx)
    db = w.srv.db
    at = find_table(db, ["audit", "audit_log"])
    before = db_query(db, "SELECT * FROM %s ORDER BY 1" % at)
    check(len(before) > N, "the audit table has only %d rows" % len(before))
    cols = db_columns(db, at)
    col = "action" if "action" in cols else cols[-1]
    err = db_exec(db, "UPDATE %s SET %s = 'tampered'" % (at, col))
    check(err is not None, "UPDATE on %s succeeded" % at)
    err = db_exec(db, "DELETE FROM %s" % at)
    check(err is not None, "DELETE on %s succeeded" % at)
    after = db_query(db, "SELECT * FROM %s ORDER BY 1" % at)
    check(after == before, "the audit table changed after the refused UPDATE/DELETE")
    # the server still works and appends
    expect(w.clerk.post("/api/v1/congresses/%d/units" % w.congress, {"name": "新局", "name_en": "New"}), 201,
           what="create unit after the tampering attempts")
