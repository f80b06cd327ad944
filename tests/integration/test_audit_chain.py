"""The tamper-evident audit log (docs/audit.md), on the database itself after a real vote: the statements a normal
connection can run that once rewrote a row past the triggers (INSERT OR REPLACE, an upsert, deleting a result) are
refused; what only dropping a trigger lets through — a result deleted and inserted again, an entry's detail changed,
an entry deleted — `minsheng audit verify` names (the entry or poll, exit 1); so does a dropped or disabled trigger.
An intact database verifies after a full vote, its chain recomputed here independently (BLAKE2b-256 in Python) and
its head equal to the one GET /audit shows; on PostgreSQL two nodes appending at once keep one chain."""
import concurrent.futures
import hashlib
import json
import os
import re
import struct

from harness import (admin_session, build_world, cast, check, cli, close_poll, db_bytes, db_exec, db_query,
                     dep_session, expect, is_pg, list_all, login_session, make_deputies, import_deputies, only)

HEAD_RX = re.compile(r"head: entry (\d+) ([0-9a-f]{64})")


def _voted(ctx, n=5):
    """A congress's poll with three ballots cast and closed."""
    w = build_world(ctx, n_deputies=n, costs=(100, 200, 300, 400))
    for i, choices in enumerate([[w.cands[0], w.cands[1]], [w.cands[0]], [w.cands[2]]]):
        cast(dep_session(w, i), w.poll, choices)
    w.result = close_poll(w.clerk, w.poll)
    return w


def _verify(db, *extra, env=None):
    """minsheng audit verify: (exit status, stdout + stderr)."""
    p = cli(["audit", "verify", "--db", db] + list(extra), expect_ok=False, env=env)
    return p.returncode, p.stdout.decode("utf-8", "replace") + p.stderr.decode("utf-8", "replace")


def _broken(db, *words):
    rc, out = _verify(db)
    check(rc == 1, "audit verify exits 1 on a tampered database (got %d)" % rc, out)
    for w in words:
        check(w in out, "audit verify names %r" % w, out)
    return out


def _drop_trigger(db, name, table):
    err = db_exec(db, "DROP TRIGGER %s ON %s" % (name, table) if is_pg(db) else "DROP TRIGGER %s" % name)
    check(err is None, "dropping trigger %s (as the database's owner may)" % name, err)


def _close_entry(db, poll):
    rows = db_query(db, "SELECT id, detail FROM audit WHERE action = 'poll.close' AND object = ?", ("poll/%d" % poll,))
    check(len(rows) == 1, "one poll.close entry for poll %d" % poll, rows)
    return int(rows[0][0]), json.loads(rows[0][1])


def _encode(row):
    """The canonical encoding (docs/audit.md) of (id, at, user_id, congress_id, action, object, detail)."""
    out = b""
    for kind, v in zip("itiittt", row):
        if v is None:
            out += b"\0"
        elif kind == "i":
            out += b"\1" + struct.pack(">q", int(v))
        else:
            b = str(v).encode("utf-8")
            out += b"\2" + struct.pack(">Q", len(b)) + b
    return out


def _blake(data):
    return hashlib.blake2b(data, digest_size=32).digest()


def test_intact_after_a_vote(ctx):
    """after a full vote audit verify passes (English and Chinese), the chain recomputes, the head is GET /audit's"""
    w = _voted(ctx)
    db = w.srv.db
    rc, out = _verify(db)
    check(rc == 0 and "the audit log holds" in out, "audit verify passes on an untouched database", out)
    check("results: 1 match" in out, "the closed poll's result is checked", out)
    m = HEAD_RX.search(out)
    check(m, "audit verify prints the head", out)
    rc, zh = _verify(db, env={"LANG": "zh_CN.UTF-8", "LC_ALL": ""})
    check(rc == 0 and "审计日志完好" in zh and m.group(2) in zh, "under a zh locale the line is Chinese", zh)

    # The chain recomputed independently from the rows.
    rows = db_query(db, "SELECT id, at, user_id, congress_id, action, object, detail, hash FROM audit ORDER BY id")
    check(len(rows) > 10, "the vote left entries", len(rows))
    prev = _blake(b"")
    for r in rows:
        want = _blake(prev + _encode(r[:7]))
        check(r[7] is not None and db_bytes(r[7]) == want, "entry %s's hash is BLAKE2b-256(prev || encoding)" % r[0],
              r)
        prev = want
    check(prev.hex() == m.group(2) and int(rows[-1][0]) == int(m.group(1)), "the printed head is the newest entry's",
          out, prev.hex())
    entry, detail = _close_entry(db, w.poll)
    text = db_query(db, "SELECT result FROM poll_result WHERE poll_id = ?", (w.poll,))[0][0]
    check(detail.get("result_hash") == _blake(text.encode("utf-8")).hex(),
          "poll.close records the BLAKE2b-256 of the stored result", detail)

    # Anyone the log is shown to can record the head; verify finds it.
    items = list_all(w.admin, "/api/v1/audit")[0]
    check(all(re.fullmatch(r"[0-9a-f]{64}", it.get("hash") or "") for it in items), "every entry shows its hash",
          [it.get("hash") for it in items[:3]])
    check(items[0]["hash"] == m.group(2), "GET /audit's newest hash is the head", items[0], out)
    rc, out = _verify(db, "--head", items[len(items) // 2]["hash"].upper())
    check(rc == 0 and "the recorded head is in the chain" in out, "a head recorded earlier is found", out)
    rc, out = _verify(db, "--head", "ab" * 32)
    check(rc == 1 and "no audit entry has the recorded head" in out, "a head not in the chain is reported", out)


def _replace_statements(db, table, key, row):
    """The statements that would write over the row of key: SQLite's INSERT OR REPLACE and REPLACE, and the
    upsert both engines know."""
    cols = ", ".join(row)
    vals = ", ".join(row.values())
    sets = ", ".join("%s = excluded.%s" % (c, c) for c in row if c != key)
    upsert = "INSERT INTO %s(%s) VALUES (%s) ON CONFLICT (%s) DO UPDATE SET %s" % (table, cols, vals, key, sets)
    if is_pg(db):
        return [upsert, "INSERT INTO %s(%s) VALUES (%s)" % (table, cols, vals)]
    return ["INSERT OR REPLACE INTO %s(%s) VALUES (%s)" % (table, cols, vals),
            "REPLACE INTO %s(%s) VALUES (%s)" % (table, cols, vals), upsert]


def test_insert_or_replace_refused(ctx):
    """INSERT OR REPLACE, REPLACE, an upsert over an audit entry, a result, a ballot, a result's DELETE: all refused"""
    w = _voted(ctx)
    db = w.srv.db
    before = {t: db_query(db, "SELECT * FROM %s ORDER BY 1" % t) for t in ("audit", "poll_result", "ballot")}
    entry, _ = _close_entry(db, w.poll)
    bid = db_bytes(db_query(db, "SELECT id FROM ballot WHERE poll_id = ? ORDER BY id", (w.poll,))[0][0]).hex()
    blob = "'\\x%s'::bytea" % bid if is_pg(db) else "x'%s'" % bid
    attempts = (
        _replace_statements(db, "audit", "id", {"id": str(entry), "at": "'2000-01-01T00:00:00Z'",
                                                "action": "'poll.close'", "object": "'poll/%d'" % w.poll,
                                                "detail": "'{\"status\":\"invalid\"}'"})
        + _replace_statements(db, "poll_result", "poll_id", {"poll_id": str(w.poll), "result": "'{\"forged\":1}'",
                                                             "counted_at": "'2000-01-01T00:00:00Z'"})
        + _replace_statements(db, "ballot", "id", {"id": blob, "poll_id": str(w.poll), "choices": "'[%d]'" % w.cands[3]})
        + ["DELETE FROM poll_result WHERE poll_id = %d" % w.poll])
    for sql in attempts:
        err = db_exec(db, sql)
        check(err is not None, "the database took a statement that rewrites a kept row: %s" % sql)
    after = {t: db_query(db, "SELECT * FROM %s ORDER BY 1" % t) for t in before}
    for t in before:
        check(after[t] == before[t], "table %s changed although every statement was refused" % t)
    rc, out = _verify(db)
    check(rc == 0, "the log still verifies", out)
    again = expect(w.clerk.get("/api/v1/polls/%d/result" % w.poll), 200, what="result")
    check(again == w.result, "the published result is unchanged", again, w.result)


def test_result_deleted_and_reinserted(ctx):
    """a result deleted and inserted again (its trigger dropped first) is named by audit verify with its entry"""
    w = _voted(ctx)
    db = w.srv.db
    entry, _ = _close_entry(db, w.poll)
    text, counted = db_query(db, "SELECT result, counted_at FROM poll_result WHERE poll_id = ?", (w.poll,))[0]
    forged = json.loads(text)
    forged["n_selected"] = forged.get("n_selected", 0) + 1
    _drop_trigger(db, "poll_result_undeletable", "poll_result")
    check(db_exec(db, "DELETE FROM poll_result WHERE poll_id = %d" % w.poll) is None, "the result is deleted")
    err = db_exec(db, "INSERT INTO poll_result(poll_id, result, counted_at) VALUES (%d, '%s', '%s')"
                  % (w.poll, json.dumps(forged).replace("'", "''"), counted))
    check(err is None, "a changed result is inserted in its place", err)
    _broken(db, "the stored result of poll %d does not match the result_hash of audit entry %d" % (w.poll, entry))
    rc, zh = _verify(db, env={"LANG": "zh_CN.UTF-8", "LC_ALL": ""})
    check(rc == 1 and ("投票 %d 存储的结果" % w.poll) in zh, "in Chinese too", zh)


def test_dropped_trigger_reported(ctx):
    """a protective trigger dropped, and nothing else changed: audit verify names the trigger"""
    w = _voted(ctx, n=3)
    _drop_trigger(w.srv.db, "ballot_no_replace", "ballot")
    _broken(w.srv.db, "the protective trigger ballot_no_replace on table ballot is missing")


@only("postgresql")
def test_disabled_trigger_reported(ctx):
    """PostgreSQL: ALTER TABLE … DISABLE TRIGGER (the owner may) is named by audit verify"""
    w = _voted(ctx, n=3)
    check(db_exec(w.srv.db, "ALTER TABLE audit DISABLE TRIGGER audit_no_delete") is None, "the trigger is disabled")
    _broken(w.srv.db, "the protective trigger audit_no_delete on table audit is disabled")


def test_detail_changed_reported(ctx):
    """an audit entry's detail changed (its update trigger dropped first) is named with its id"""
    w = _voted(ctx)
    db = w.srv.db
    rows = db_query(db, "SELECT id FROM audit WHERE action = 'poll.open' AND object = ?", ("poll/%d" % w.poll,))
    entry = int(rows[0][0])
    _drop_trigger(db, "audit_no_update", "audit")
    check(db_exec(db, "UPDATE audit SET detail = '{\"present\":99}' WHERE id = %d" % entry) is None, "the detail changes")
    _broken(db, "audit entry %d does not match its hash" % entry)


def test_deleted_middle_entry_reported(ctx):
    """an entry deleted from the middle of the log (its delete trigger dropped first) is named by the entry after it"""
    w = _voted(ctx)
    db = w.srv.db
    ids = [int(r[0]) for r in db_query(db, "SELECT id FROM audit ORDER BY id")]
    gone = ids[len(ids) // 2]
    _drop_trigger(db, "audit_no_delete", "audit")
    check(db_exec(db, "DELETE FROM audit WHERE id = %d" % gone) is None, "the entry is deleted")
    after, before = ids[ids.index(gone) + 1], ids[ids.index(gone) - 1]
    _broken(db, "audit entry %d does not match its hash" % after, "the one before it now is entry %d" % before)


def test_copy_keeps_the_chain(ctx):
    """minsheng copy moves the chain with the log: the copy verifies with the same head"""
    w = _voted(ctx, n=3)
    rc, out = _verify(w.srv.db)
    head = HEAD_RX.search(out)
    other = "sqlite:" + os.path.join(ctx.dir, "copy.sqlite")
    cli(["copy", "--from", w.srv.db, "--to", other])
    rc2, out2 = _verify(other)
    check(rc == 0 and rc2 == 0 and head and head.group(0) in out2, "the copy verifies with the same head", out, out2)


@only("postgresql")
def test_two_nodes_one_chain(ctx):
    """PostgreSQL: two nodes append at once (40 logins, 16 at a time, alternating nodes) and the chain does not fork"""
    a = ctx.new_server()
    b = ctx.add_server(a.db, name="node-b")
    admin = admin_session(a)
    w = build_world(ctx, n_deputies=0, srv=a, admin=admin, open_poll=False)
    deps = import_deputies(w.clerk, w.congress, make_deputies(40))

    def login(i):
        login_session((a, b)[i % 2], deps[i]["login"], deps[i]["password"])

    with concurrent.futures.ThreadPoolExecutor(16) as ex:
        list(ex.map(login, range(len(deps))))
    rc, out = _verify(a.db)
    check(rc == 0, "two nodes appending at once keep one chain", out)
    n = int(db_query(a.db, "SELECT count(*) FROM audit WHERE action = 'user.login'")[0][0])
    check(n >= 40, "every login is in the log (%d)" % n)
