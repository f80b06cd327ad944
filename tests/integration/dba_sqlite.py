"""A forensic reader of SQLite's file format, for the hostile-DBA tests
(issue 10): it reads a copy of the main file and of its WAL byte by byte —
b-tree pages, cells and their offsets, records, overflow chains, WAL frames
and commits — never through SQL, which hides the physical order.

What an attacker sees (https://www.sqlite.org/fileformat2.html):
  - a b-tree page keeps its cells' content at the end of the page, filled
    downwards: a cell written later lies at a lower offset, until a balance
    rebuilds the page (then in key order);
  - a WAL holds page images in the order they were written, a transaction's
    pages before its commit frame; a checkpoint lets the next writer start
    again from the first frame (salt-1 grows by one), so a WAL file holds the
    newest generation from its start and older frames after it;
  - a table's rows are records (a header of serial types, then the values);
    a WITHOUT ROWID table stores its primary key columns first.

The schema (which page is whose root, the columns) is read from the copy's
own sqlite_master page by this reader; sqlite3 is used only to turn each
CREATE statement into a column layout, in an empty in-memory database.

Observations (orders of ballots and of deputies, see dba.py) come from the
newest state of the copy (main file with the WAL's committed frames laid
over it: page order) and from the WAL's frames (the order and the commit in
which each record first appears)."""
import re
import sqlite3
import struct

import dba

WAL_MAGIC = (0x377F0682, 0x377F0683)


def varint(b, i):
    v = 0
    for k in range(8):
        c = b[i + k]
        v = (v << 7) | (c & 0x7F)
        if c < 0x80:
            return v, i + k + 1
    return (v << 8) | b[i + 8], i + 9


_INT_SIZES = {1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8}


def record(p):
    """The values of a record (a truncated record gives what it holds)."""
    h, i = varint(p, 0)
    types = []
    while i < h:
        t, i = varint(p, i)
        types.append(t)
    out, q = [], h
    for t in types:
        if t == 0:
            out.append(None)
        elif t in _INT_SIZES:
            n = _INT_SIZES[t]
            out.append(int.from_bytes(p[q:q + n], "big", signed=True))
            q += n
        elif t == 7:
            out.append(struct.unpack(">d", bytes(p[q:q + 8]).ljust(8, b"\0"))[0])
            q += 8
        elif t in (8, 9):
            out.append(t - 8)
        elif t >= 12:
            n = (t - 12) // 2
            raw = bytes(p[q:q + n])
            q += n
            out.append(raw if t % 2 == 0 else raw.decode("utf-8", "replace"))
        else:
            raise ValueError("serial type %d" % t)
    return out


class Cell:
    __slots__ = ("pgno", "offset", "leaf", "table", "rowid", "values", "child")

    def __init__(self, pgno, offset, leaf, table, rowid, values, child):
        self.pgno, self.offset, self.leaf, self.table = pgno, offset, leaf, table
        self.rowid, self.values, self.child = rowid, values, child


class Obj:
    """A table or index of the schema and the layout of its records."""

    def __init__(self, kind, name, tbl, root, sql):
        self.kind, self.name, self.tbl, self.root, self.sql = kind, name, tbl, root, sql
        self.columns = []       # names in record order
        self.alias = None       # INTEGER PRIMARY KEY column (stored as NULL, the rowid instead)

    def row(self, cell):
        vals = list(cell.values)
        cols = self.columns or ["v%d" % i for i in range(len(vals))]    # a layout not read: values by place
        if len(vals) < len(cols):
            vals += [None] * (len(cols) - len(vals))
        d = dict(zip(cols, vals))
        if self.alias is not None:
            d[self.alias] = cell.rowid
        if self.kind == "table" and self.alias is None and cell.rowid is not None:
            d.setdefault("rowid", cell.rowid)
        return d


class SqliteCopy:
    """A copy of a database: the main file's bytes and, optionally, its WAL's."""

    def __init__(self, main, wal=None):
        self.main = main or b""
        self.wal = wal or b""
        if len(self.main) >= 100:
            ps = struct.unpack(">H", self.main[16:18])[0]
            self.page_size = 65536 if ps == 1 else ps
            self.usable = self.page_size - self.main[20]
        elif len(self.wal) >= 32:
            self.page_size = struct.unpack(">I", self.wal[8:12])[0]
            self.usable = self.page_size
        else:
            self.page_size = self.usable = 0
        self.frames = self._frames()
        self.latest = self._overlay()
        self._objs = None
        self._owner = None

    # -------------------------------------------------------------- pages
    def _frames(self):
        """Every frame of the WAL file: dicts index, pgno, commit, salt, current, data."""
        w = self.wal
        if len(w) < 32 or struct.unpack(">I", w[:4])[0] not in WAL_MAGIC:
            return []
        ps = struct.unpack(">I", w[8:12])[0]
        salt = struct.unpack(">II", w[16:24])
        out, off, i = [], 32, 0
        while off + 24 + ps <= len(w):
            pgno, commit, s1, s2 = struct.unpack(">IIII", w[off:off + 16])
            out.append({"index": i, "pgno": pgno, "commit": commit, "salt": (s1, s2),
                        "current": (s1, s2) == salt, "data": w[off + 24:off + 24 + ps]})
            off += 24 + ps
            i += 1
        return out

    def _overlay(self):
        """The committed WAL frames of the newest generation: page -> image."""
        latest, staged = {}, {}
        for f in self.frames:
            if not f["current"]:
                break
            if f["pgno"] == 0:
                break
            staged[f["pgno"]] = f["data"]
            if f["commit"]:
                latest.update(staged)
                staged = {}
        return latest

    def n_pages(self):
        n = len(self.main) // self.page_size if self.page_size else 0
        return max([n] + list(self.latest))

    def page(self, pgno):
        if pgno in self.latest:
            return self.latest[pgno]
        a = (pgno - 1) * self.page_size
        if pgno < 1 or a + self.page_size > len(self.main):
            return None
        return self.main[a:a + self.page_size]

    def _payload(self, data, i, size, index):
        """The payload of a cell at i of size bytes, following an overflow chain."""
        u = self.usable
        x = (u - 12) * 64 // 255 - 23 if index else u - 35
        if size <= x:
            return data[i:i + size]
        m = (u - 12) * 32 // 255 - 23
        k = m + (size - m) % (u - 4)
        local = k if k <= x else m
        out = bytearray(data[i:i + local])
        nxt = struct.unpack(">I", data[i + local:i + local + 4])[0]
        hops = 0
        while nxt and len(out) < size and hops < 10000:
            pg = self.page(nxt)
            if pg is None:
                break
            nxt = struct.unpack(">I", pg[:4])[0]
            out += pg[4:min(u, 4 + size - len(out))]
            hops += 1
        return bytes(out)

    def cells(self, data, pgno):
        """The cells of a b-tree page image (None when it is not one)."""
        if data is None:
            return None
        h = 100 if pgno == 1 else 0
        if len(data) < h + 8:
            return None
        t = data[h]
        if t not in (2, 5, 10, 13):
            return None
        leaf = t in (10, 13)
        table = t in (5, 13)
        n = struct.unpack(">H", data[h + 3:h + 5])[0]
        start = h + (8 if leaf else 12)
        if start + 2 * n > len(data):
            return None
        out = []
        for k in range(n):
            off = struct.unpack(">H", data[start + 2 * k:start + 2 * k + 2])[0]
            if off < start + 2 * n or off >= len(data):
                continue
            try:
                i, child, rowid, vals = off, None, None, None
                if not leaf:
                    child = struct.unpack(">I", data[i:i + 4])[0]
                    i += 4
                if table and not leaf:
                    rowid, i = varint(data, i)
                else:
                    size, i = varint(data, i)
                    if table:
                        rowid, i = varint(data, i)
                    vals = record(self._payload(data, i, size, not table))
                out.append(Cell(pgno, off, leaf, table, rowid, vals, child))
            except (IndexError, ValueError, struct.error):
                continue
        return out

    def right_child(self, data, pgno):
        h = 100 if pgno == 1 else 0
        if data is None or len(data) < h + 12 or data[h] not in (2, 5):
            return None
        return struct.unpack(">I", data[h + 8:h + 12])[0]

    def tree(self, root):
        """The pages of the b-tree rooted at root, each once."""
        seen, todo, out = set(), [root], []
        while todo:
            pg = todo.pop()
            if pg in seen or pg < 1 or pg > self.n_pages():
                continue
            seen.add(pg)
            data = self.page(pg)
            cs = self.cells(data, pg)
            if cs is None:
                continue
            out.append(pg)
            todo.extend(c.child for c in cs if c.child)
            r = self.right_child(data, pg)
            if r:
                todo.append(r)
        return out

    # -------------------------------------------------------------- schema
    def objects(self):
        """Tables and indexes of the copy's sqlite_master, with their layouts."""
        if self._objs is not None:
            return self._objs
        objs = []
        for pg in self.tree(1):
            for c in self.cells(self.page(pg), pg) or []:
                if c.values is None or len(c.values) < 5:
                    continue
                kind, name, tbl, root, sql = c.values[:5]
                if kind in ("table", "index") and isinstance(root, int) and root > 0:
                    objs.append(Obj(kind, name, tbl, root, sql))
        mem = sqlite3.connect(":memory:")
        try:
            for o in objs:
                if o.kind == "table" and o.sql and not o.name.startswith("sqlite_"):
                    try:
                        mem.execute(o.sql)
                    except sqlite3.Error:
                        pass
            for o in objs:
                if o.kind == "index" and o.sql:
                    try:
                        mem.execute(o.sql)
                    except sqlite3.Error:
                        pass
            for o in objs:
                try:
                    if o.kind == "table":
                        info = mem.execute("PRAGMA table_info(%s)" % _q(o.name)).fetchall()
                        pk = sorted((r[5], r[1]) for r in info if r[5])
                        if o.sql and re.search(r"\bWITHOUT\s+ROWID\b", o.sql, re.I):
                            keys = [n for _, n in pk]
                            o.columns = keys + [r[1] for r in info if r[1] not in keys]
                        else:
                            o.columns = [r[1] for r in info]
                            if len(pk) == 1 and any(r[1] == pk[0][1] and r[2].upper() == "INTEGER" for r in info):
                                o.alias = pk[0][1]
                    else:
                        info = mem.execute("PRAGMA index_xinfo(%s)" % _q(o.name)).fetchall()
                        o.columns = [r[2] if r[2] is not None else "rowid" for r in info]
                except sqlite3.Error:
                    pass
        finally:
            mem.close()
        self._objs = objs
        return objs

    def owners(self):
        """page -> the object whose b-tree holds it (in the newest state)."""
        if self._owner is None:
            self._owner = {}
            for o in self.objects():
                for pg in self.tree(o.root):
                    self._owner.setdefault(pg, o)
        return self._owner

    def rows(self, obj):
        """(page, offset, row dict) of every record of a table or index, newest state."""
        out = []
        for pg in self.tree(obj.root):
            for c in self.cells(self.page(pg), pg) or []:
                if c.values is not None:
                    out.append((pg, c.offset, obj.row(c)))
        return out


def _q(name):
    return '"%s"' % name.replace('"', '""')


def page_orders(copy, poll_id, voters):
    """Ballot and deputy orders of the copy's newest state (page order)."""
    objs = copy.objects()
    cl = dba.Classifier(poll_id, voters)
    rows = {o.name: copy.rows(o) for o in objs}
    for o in objs:
        for _, _, r in rows[o.name]:
            cl.learn(o.columns, r)
    owned = copy.owners()
    bcells, dcells, by_id = {}, {}, {}
    for o in objs:
        for pg, off, r in rows[o.name]:
            k = cl.ballot(o.columns, r)
            if k is not None:
                bcells.setdefault("%s %s" % (o.kind, o.name), []).append((pg, off, k))
            d = cl.deputy(o.name, o.columns, r) if o.kind == "table" else None
            if d is not None:
                dcells.setdefault(d[0], []).append((pg, off, d[1]))
                if "action" in o.columns:
                    by_id.setdefault(d[0], []).append((r.get(o.alias or "rowid") or 0, d[1]))
    # pages in no b-tree (freed, or a table's former pages): ballot-shaped records only
    for pg in range(1, copy.n_pages() + 1):
        if pg in owned:
            continue
        for c in copy.cells(copy.page(pg), pg) or []:
            if c.values is not None:
                k = cl.ballot(None, {"v%d" % i: v for i, v in enumerate(c.values)})
                if k is not None:
                    bcells.setdefault("pages in no b-tree", []).append((pg, c.offset, k))
    border = []
    for name, cells in bcells.items():
        border.append(dba.page_share_order("%s [page order, pages by share]" % name, cells))
        if len({c[0] for c in cells}) > 1:
            border.append(dba.page_by_page_order("%s [page order, page by page]" % name, cells))
    dorder = [dba.page_share_order("%s [page order]" % name, cells) for name, cells in dcells.items()]
    dorder += [dba.sort_order("%s ballot.cast by id" % name, [(i, u, None) for i, u in lst])
               for name, lst in by_id.items()]
    b, d = cl.shared_orders()
    return border + b, dorder + d


def wal_orders(copy, poll_id, voters):
    """Ballot and deputy orders of the WAL's frames: each record at the frame
    (and, inside it, the offset) where it first appears, grouped by the
    commit that wrote it; frames ordered by generation (salt-1), then index."""
    if not copy.frames:
        return [], []
    objs = copy.objects()
    owned = copy.owners()
    cl = dba.Classifier(poll_id, voters)
    frames = sorted(copy.frames, key=lambda f: (f["salt"][0], f["index"]))
    # the commit (generation, frame index of its commit frame) that wrote each frame
    commit_of, pending = {}, []
    for f in frames:
        pending.append(f)
        if f["commit"]:
            for g in pending:
                commit_of[id(g)] = (f["salt"][0], f["index"])
            pending = []
    for g in pending:
        commit_of[id(g)] = ("uncommitted", g["index"])
    decoded = []
    for t, f in enumerate(frames):
        o = owned.get(f["pgno"])
        cs = copy.cells(f["data"], f["pgno"]) or []
        rows = []
        for c in cs:
            if c.values is None:
                continue
            # a record that does not fit the page's owner today (a page since
            # freed or renumbered, e.g. by VACUUM) is read by its shape
            fits = o is not None and len(c.values) == len(o.columns)
            r = o.row(c) if fits else {"v%d" % i: v for i, v in enumerate(c.values)}
            cl.learn(o.columns if fits else None, r)
            rows.append((c.offset, r, fits))
        decoded.append((t, f, o, rows))
    for o in objs:
        for _, _, r in copy.rows(o):
            cl.learn(o.columns, r)
    bent, dent = {}, {}
    for t, f, o, rows in decoded:
        for off, r, fits in rows:
            grp = commit_of[id(f)]
            k = cl.ballot(o.columns if fits else None, r)
            if k is not None:
                bent.setdefault("all ballot records", []).append(((t, -off), k, grp))
            d = cl.deputy(o.name, o.columns, r) if fits and o.kind == "table" else None
            if d is not None:
                dent.setdefault(d[0], []).append(((t, -off), d[1], grp))
    border = [dba.sort_order("WAL frames: %s [first appearance]" % n, e, "WAL commit") for n, e in bent.items()]
    dorder = [dba.sort_order("WAL frames: %s [first appearance]" % n, e, "WAL commit") for n, e in dent.items()]
    return border, dorder
