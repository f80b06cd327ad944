"""The hostile DBA on PostgreSQL (issue 10): what a superuser of the
database server sees, read three ways, each turned into orders of ballots
and of deputies (dba.py matches them):

  - SQL: every row of every table with its hidden columns, ctid (its place
    in the heap) and xmin (the transaction that wrote it): a ballot written
    by the transaction that wrote a deputy's participation and audit rows
    names that deputy; the ctid order is the order rows were written;
  - pg_dump --data-only (plain): the rows of each table in the order the
    dump prints them (a sequential scan: the heap's order);
  - the heap files themselves (a file-level backup or a replica's data
    directory), after a CHECKPOINT, read page by page: every row version,
    dead ones too (a deleted or rewritten row stays in its page until
    VACUUM), with its xmin and its values decoded from pg_attribute's
    lengths and alignments.

Rows are classified as in dba.Classifier: a ballot is a row holding choices
(or the id of such a row); a deputy's trace is an audit row 'ballot.cast' of
the poll or a row of a table with the poll and a user id."""
import json
import os
import re
import struct
import subprocess

import dba
from harness import Failure, db_exec, db_query, psql

PG_BIN = "/usr/lib/postgresql/15/bin"
PG_DUMP = os.path.join(PG_BIN, "pg_dump")


def _ctid(text):
    m = re.match(r"\((\d+),(\d+)\)", text)
    return (int(m.group(1)), int(m.group(2)))


def _orders(entries, cl, place="ctid"):
    """Ballot and deputy orders from {table: [(place, xmin, row dict, cols)]}:
    by place (ctid, a dump's line, an LSN; groups: xmin), by xmin, and the
    audit's ballot.cast by id."""
    for t, rows in entries.items():
        for _, _, r, cols in rows:
            cl.learn(cols, r)
    border, dorder = [], []
    for t, rows in entries.items():
        bl, dl, ids = [], [], []
        for at, xmin, r, cols in rows:
            k = cl.ballot(cols, r)
            if k is not None:
                bl.append((at, xmin, k))
            d = cl.deputy(t, cols, r)
            if d is not None:
                dl.append((at, xmin, d[1]))
                if "action" in cols and r.get("id") is not None:
                    ids.append((int(r["id"]), d[1], xmin))
        for lst, out in ((bl, border), (dl, dorder)):
            if lst and lst[0][1] is None:      # no xmin (a dump)
                out.append(dba.sort_order("%s by %s" % (t, place), [(p, it, None) for p, x, it in lst]))
            elif lst:
                out.append(dba.sort_order("%s by %s" % (t, place), [(p, it, x) for p, x, it in lst], "xmin"))
                out.append(dba.sort_order("%s by xmin" % t, [((x, p), it, x) for p, x, it in lst], "xmin"))
        if ids:
            kind = "xmin" if ids[0][2] is not None else None
            dorder.append(dba.sort_order("%s ballot.cast by id" % t, [(i, u, x) for i, u, x in ids], kind))
    b, d = cl.shared_orders()
    return border + b, dorder + d


# ---------------------------------------------------------------- SQL

def catalog(db):
    """The settings and every table's file, relfilenode and columns
    (name, attlen, attalign, type, dropped; dropped ones too: they keep
    their place in a tuple), in one query."""
    rows = db_query(db, "SELECT current_setting('data_directory'), current_setting('block_size'), "
                        "(SELECT setting FROM pg_settings WHERE name = 'wal_segment_size'), "
                        "(SELECT oid FROM pg_database WHERE datname = current_database()), "
                        "c.relname, c.relfilenode, pg_relation_filepath(c.oid), "
                        "(SELECT json_agg(json_build_array(a.attname, a.attlen, a.attalign, a.atttypid::regtype::text, "
                        "a.attisdropped) ORDER BY a.attnum) FROM pg_attribute a WHERE a.attrelid = c.oid AND "
                        "a.attnum > 0), c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = "
                        "c.relnamespace WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', "
                        "'information_schema') AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 9")
    if not rows:
        raise Failure("no table in the database's public schema")
    cat = {"datadir": rows[0][0], "block_size": int(rows[0][1]), "wal_segment_size": int(rows[0][2]),
           "dboid": int(rows[0][3]), "tables": {}}
    for r in rows:      # named as regclass prints it: schema-qualified outside the search path, quoted
        cat["tables"][r[8]] = {"relfilenode": int(r[5]), "path": r[6],
                               "atts": [tuple(a) for a in json.loads(r[7])]}
    return cat


def sql_orders(db, poll_id, voters):
    """Every table's rows with ctid and xmin, as a superuser's psql shows them."""
    tables = sorted(catalog(db)["tables"])
    rows = db_query(db, " UNION ALL ".join("SELECT '%s', ctid::text, xmin::text, row_to_json(dba_row)::text FROM %s dba_row"
                                           % (t.replace("'", "''"), t) for t in tables))
    entries = {t: [] for t in tables}
    for t, c, x, j in rows:
        r = json.loads(j)
        entries[t].append((_ctid(c), int(x), r, list(r)))
    return _orders(entries, dba.Classifier(poll_id, voters))


# ---------------------------------------------------------------- pg_dump

_COPY_ESC = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\"}


def _copy_field(f):
    if f == "\\N":
        return None
    out, i = [], 0
    while i < len(f):
        ch = f[i]
        if ch == "\\" and i + 1 < len(f):
            nxt = f[i + 1]
            if nxt in _COPY_ESC:
                out.append(_COPY_ESC[nxt])
                i += 2
                continue
            m = re.match(r"[0-7]{1,3}", f[i + 1:])
            if m:
                out.append(chr(int(m.group(0), 8)))
                i += 1 + len(m.group(0))
                continue
            out.append(nxt)
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def pg_dump(db, path):
    """pg_dump --data-only, plain, of the database into path; its text."""
    p = subprocess.run([PG_DUMP, "--data-only", "--format=plain", "--no-owner", "--no-privileges", "-f", path,
                        "-d", db], stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                       timeout=120, env=dict(os.environ, PGCONNECT_TIMEOUT="10"))
    if p.returncode != 0:
        raise Failure("pg_dump failed (exit %d)" % p.returncode, p.stderr.decode("utf-8", "replace"))
    with open(path, encoding="utf-8") as f:
        return f.read()


def dump_orders(text, poll_id, voters):
    """The rows of each table in the order of the dump's COPY blocks."""
    entries, table, cols, n = {}, None, None, 0
    for line in text.split("\n"):
        if table is None:
            m = re.match(r"COPY (?:\w+\.)?\"?([^\s\"(]+)\"? \(([^)]*)\) FROM stdin;$", line)
            if m:
                table = m.group(1)
                cols = [c.strip().strip('"') for c in m.group(2).split(",")]
                entries.setdefault(table, [])
                n = 0
            continue
        if line == "\\.":
            table = None
            continue
        r = dict(zip(cols, [_copy_field(f) for f in line.split("\t")]))
        entries[table].append((n, None, r, cols))
        n += 1
    return _orders(entries, dba.Classifier(poll_id, voters), "dump order")


# ---------------------------------------------------------------- heap files

def _align(off, a):
    n = {"c": 1, "s": 2, "i": 4, "d": 8}[a]
    return (off + n - 1) // n * n


def _value(raw, typ, attlen):
    if typ in ("smallint", "integer", "bigint") or (attlen in (2, 4, 8) and typ in ("oid", "xid")):
        return int.from_bytes(raw, "little", signed=typ != "oid")
    if typ == "boolean":
        return raw[:1] != b"\0"
    if typ in ("text", "character varying", "name", "json"):
        return raw.decode("utf-8", "replace")
    return bytes(raw)


def heap_tuple(data, atts):
    """(xmin, xmax, values) of one heap tuple; atts: (name, attlen, attalign,
    type, dropped) of every column, dropped ones too."""
    xmin, xmax = struct.unpack_from("<II", data, 0)
    infomask2, infomask, hoff = struct.unpack_from("<HHB", data, 18)
    natts = infomask2 & 0x07FF
    bits = data[23:hoff] if infomask & 0x0001 else None
    off, vals = hoff, {}
    for i, (name, attlen, align, typ, dropped) in enumerate(atts):
        if i >= natts or (bits is not None and not (bits[i >> 3] >> (i & 7)) & 1):
            vals[name] = None
            continue
        if attlen == -1:
            if data[off] == 0:
                off = _align(off, align)
            b = data[off]
            if b == 1:          # a TOAST pointer: 1 + 1 + its size (18 on disk)
                size = {18: 16}.get(data[off + 1], 0)
                raw, off = None, off + 2 + size
            elif b & 1:         # a short varlena: 1-byte header
                n = b >> 1
                raw, off = data[off + 1:off + n], off + n
            else:
                off = _align(off, align)
                v = struct.unpack_from("<I", data, off)[0]
                n = v >> 2
                raw = None if v & 3 else data[off + 4:off + n]
                off += max(n, 4)
        elif attlen == -2:
            end = data.index(b"\0", off)
            raw, off = data[off:end], end + 1
        else:
            off = _align(off, align)
            raw, off = data[off:off + attlen], off + attlen
        if not dropped:
            vals[name] = None if raw is None else _value(raw, typ, attlen)
    return xmin, xmax, vals


def heap_file_rows(path, atts, block_size):
    """((block, line pointer), xmin, xmax, values) of every tuple with storage
    in a heap file: live, deleted and updated ones alike."""
    out = []
    paths = [path] + ["%s.%d" % (path, i) for i in range(1, 64)]
    blk = 0
    for p in paths:
        if not os.path.exists(p):
            break
        with open(p, "rb") as f:
            data = f.read()
        for a in range(0, len(data) - block_size + 1, block_size):
            page = data[a:a + block_size]
            lower, upper = struct.unpack_from("<HH", page, 12)
            if lower < 24 or lower > block_size:
                blk += 1
                continue
            for i in range((lower - 24) // 4):
                v = struct.unpack_from("<I", page, 24 + 4 * i)[0]
                lp_off, flags, lp_len = v & 0x7FFF, (v >> 15) & 3, v >> 17
                if flags not in (1, 3) or lp_len < 24 or lp_off + lp_len > block_size:
                    continue
                try:
                    xmin, xmax, vals = heap_tuple(page[lp_off:lp_off + lp_len], atts)
                except (IndexError, ValueError, struct.error):
                    continue
                out.append(((blk, i + 1), xmin, xmax, vals))
            blk += 1
    return out


def heap_orders(db, poll_id, voters):
    """Every row version in the heap files of every table (after a
    CHECKPOINT, so the files hold what the server has written)."""
    err = db_exec(db, "CHECKPOINT")
    if err:
        raise Failure("CHECKPOINT failed: %s" % err)
    cat = catalog(db)
    entries = {}
    for t, rel in cat["tables"].items():
        cols = [a[0] for a in rel["atts"] if not a[4]]
        entries[t] = [(place, xmin, vals, cols) for place, xmin, xmax, vals in
                      heap_file_rows(os.path.join(cat["datadir"], rel["path"]), rel["atts"], cat["block_size"])]
    return _orders(entries, dba.Classifier(poll_id, voters), "place in the heap")


# ---------------------------------------------------------------- WAL

XLOG_BLCKSZ = 8192
RM_HEAP2_ID = 9
RM_HEAP_ID = 10


class _Wal:
    """The server's WAL segments (pg_wal), read by LSN across page headers."""

    def __init__(self, waldir, seg_size, tli=1):
        self.dir, self.seg_size, self.tli, self.segs = waldir, seg_size, tli, {}

    def _seg(self, segno):
        if segno not in self.segs:
            per = 0x100000000 // self.seg_size
            name = "%08X%08X%08X" % (self.tli, segno // per, segno % per)
            try:
                with open(os.path.join(self.dir, name), "rb") as f:
                    self.segs[segno] = f.read()
            except FileNotFoundError:
                self.segs[segno] = None
        return self.segs[segno]

    def page(self, lsn):
        """(page bytes, header size) of the page holding lsn, or None if it is not that page."""
        start = lsn - lsn % XLOG_BLCKSZ
        seg = self._seg(start // self.seg_size)
        if seg is None:
            return None
        off = start % self.seg_size
        pg = seg[off:off + XLOG_BLCKSZ]
        if len(pg) < XLOG_BLCKSZ:
            return None
        info, = struct.unpack_from("<H", pg, 2)
        addr, = struct.unpack_from("<Q", pg, 8)
        if addr != start:
            return None     # a recycled segment's old page: the end of the WAL
        return pg, (40 if info & 0x0002 else 24)

    def first_record(self, lsn):
        """The first record boundary at or after the start of lsn's page."""
        p = self.page(lsn)
        if p is None:
            return None
        pg, h = p
        rem, = struct.unpack_from("<I", pg, 16)
        info, = struct.unpack_from("<H", pg, 2)
        start = lsn - lsn % XLOG_BLCKSZ + h
        if info & 0x0001:
            start = _rec_end(self, start, rem)
        return start

    def read(self, lsn, n):
        """(n bytes from lsn, the LSN after them), skipping page headers; None past the end."""
        out = bytearray()
        while len(out) < n:
            p = self.page(lsn)
            if p is None:
                return None
            pg, h = p
            off = lsn % XLOG_BLCKSZ
            if off < h:
                lsn += h - off
                off = h
            take = min(n - len(out), XLOG_BLCKSZ - off)
            out += pg[off:off + take]
            lsn += take
        return bytes(out), lsn


def _rec_end(wal, lsn, n):
    """The aligned LSN after n bytes from lsn."""
    r = wal.read(lsn, n)
    if r is None:
        return None
    return (r[1] + 7) // 8 * 8


def _blocks(rec):
    """{block id: (data or None, image or None, image header, relfilenode)}
    and the main data of a WAL record (xlogrecord.h), read as PostgreSQL's
    own decoder does: headers while more bytes are left than the images and
    data declared so far, the main data's length last when there is any (a
    page image for hint bits has none). Raises ValueError on a record it
    cannot read."""
    pos, blocks, main_len, rel, declared = 24, [], 0, None, 0
    while len(rec) - pos > declared:
        bid = rec[pos]
        if bid in (255, 254):       # the main data's length, short or long: always last
            main_len = rec[pos + 1] if bid == 255 else struct.unpack_from("<I", rec, pos + 1)[0]
            pos += 2 if bid == 255 else 5
            declared += main_len
            break
        if bid in (253, 252):       # replication origin, top-level xid
            pos += 3 if bid == 253 else 5
            continue
        if bid > 32:                # XLR_MAX_BLOCK_ID
            raise ValueError("block id %d" % bid)
        flags = rec[pos + 1]
        dlen, = struct.unpack_from("<H", rec, pos + 2)
        pos += 4
        declared += dlen
        img = None
        if flags & 0x10:            # BKPBLOCK_HAS_IMAGE
            ilen, hole_off, binfo = struct.unpack_from("<HHB", rec, pos)
            pos += 5
            if binfo & 0x01 and binfo & 0x1C:
                pos += 2
            img = (ilen, hole_off, binfo)
            declared += ilen
        if not flags & 0x80:        # not BKPBLOCK_SAME_REL
            rel = struct.unpack_from("<III", rec, pos)
            pos += 12
        elif rel is None:
            raise ValueError("a block of the same relation as none")
        pos += 4
        blocks.append((bid, flags, dlen, img, rel))
    if len(rec) - pos != declared:
        raise ValueError("%d bytes left for %d declared" % (len(rec) - pos, declared))
    out = {}
    for bid, flags, dlen, img, rel in blocks:
        image = body = None
        if img:
            image = rec[pos:pos + img[0]]
            pos += img[0]
        if flags & 0x20:            # BKPBLOCK_HAS_DATA
            body = rec[pos:pos + dlen]
            pos += dlen
        out[bid] = (body, image, img, rel)
    return out, rec[pos:pos + main_len]


def _image_tuples(image, img, offnums):
    ilen, hole_off, binfo = img
    if binfo & 0x1C:
        return []           # a compressed image (wal_compression): not read here
    if binfo & 0x01:
        image = image[:hole_off] + b"\0" * (XLOG_BLCKSZ - ilen) + image[hole_off:]
    out = []
    for off in offnums:
        v, = struct.unpack_from("<I", image, 24 + 4 * (off - 1))
        out.append(image[v & 0x7FFF:(v & 0x7FFF) + (v >> 17)])
    return out


def _tuple(xid, infomask2, infomask, hoff, rest):
    """A heap tuple from a WAL record's header fields and the bytes after
    the fixed header (null bitmap, padding, data), with xmin = xid."""
    return struct.pack("<IIIHHHHHB", xid, 0, 0, 0, 0, 0, infomask2, infomask, hoff) + rest   # 23 bytes


def _heap_inserts(rec, xid):
    """(relfilenode, [heap tuples]) of a heap INSERT or heap2 MULTI_INSERT
    (COPY) record, from the block's data or its full-page image; None for
    any other record."""
    info, rmid = rec[16], rec[17]
    insert = rmid == RM_HEAP_ID and (info & 0x70) == 0x00
    multi = rmid == RM_HEAP2_ID and (info & 0x70) == 0x50
    if not insert and not multi:
        return None
    blocks, main = _blocks(rec)
    if 0 not in blocks:
        return None
    body, image, img, rel = blocks[0]
    if insert:
        offnums = [struct.unpack_from("<H", main, 0)[0]]
    else:
        n, = struct.unpack_from("<H", main, 2)
        offnums = (list(range(1, n + 1)) if info & 0x80 else       # XLOG_HEAP_INIT_PAGE: 1..n
                   list(struct.unpack_from("<%dH" % n, main, 4)))
    if body is None:
        return (rel, _image_tuples(image, img, offnums)) if image is not None else None
    if insert:
        infomask2, infomask, hoff = struct.unpack_from("<HHB", body, 0)
        return rel, [_tuple(xid, infomask2, infomask, hoff, body[5:])]
    out, pos = [], 0
    for _ in offnums:
        pos = (pos + 1) // 2 * 2
        dlen, infomask2, infomask, hoff = struct.unpack_from("<HHHB", body, pos)
        out.append(_tuple(xid, infomask2, infomask, hoff, body[pos + 7:pos + 7 + dlen]))
        pos += 7 + dlen
    return rel, out


def _wal_row(node, tup, rels, atts):
    """(label, values, columns) of a tuple the WAL inserted into relfilenode
    node: a table's current file, or an earlier one (rewritten since, e.g.
    by VACUUM FULL or TRUNCATE) read with the layout of any table under
    which it holds a ballot; (None, None, None) otherwise."""
    def decode(t):
        try:
            return heap_tuple(tup, atts[t])[2], [a[0] for a in atts[t] if not a[4]]
        except (IndexError, ValueError, struct.error):
            return None, None
    if node in rels:
        vals, cols = decode(rels[node])
        return (rels[node], vals, cols) if vals is not None else (None, None, None)
    for t in atts:
        vals, cols = decode(t)
        if vals is not None and not dba.user_column(cols) and dba.row_key(vals.values()) is not None:
            return "%s (an earlier file)" % t, vals, cols
    return None, None, None


def _records(cat, start_lsn):
    """Every WAL record from start_lsn on, in LSN order: (lsn, xid, record bytes)."""
    hi, lo = start_lsn.split("/")
    lsn = (int(hi, 16) << 32) | int(lo, 16)
    wal = _Wal(os.path.join(cat["datadir"], "pg_wal"), cat["wal_segment_size"])
    lsn = wal.first_record(lsn)
    while lsn is not None:
        h = wal.read(lsn, 24)
        if h is None:
            break
        tot, xid = struct.unpack_from("<II", h[0], 0)
        if tot < 24 or tot > 1 << 30:
            break
        r = wal.read(lsn, tot)
        if r is None:
            break
        rec = r[0]
        yield lsn, xid, rec
        lsn = (r[1] + 7) // 8 * 8
        if rec[17] == 0 and rec[16] & 0xF0 == 0x40:     # XLOG_SWITCH: the next record starts the next segment
            lsn = (lsn + wal.seg_size - 1) // wal.seg_size * wal.seg_size


def wal_orders(db, poll_id, voters, start_lsn):
    """Every heap INSERT into a table of this database in the WAL from
    start_lsn on (what a WAL archive keeps for ever: see keep_wal), in LSN
    order, with its writing transaction: ballots and deputies' rows by order
    and by xid."""
    cat = catalog(db)
    rels = {rel["relfilenode"]: t for t, rel in cat["tables"].items()}
    atts = {t: rel["atts"] for t, rel in cat["tables"].items()}
    dboid = cat["dboid"]
    entries = {}
    for lsn, xid, rec in _records(cat, start_lsn):
        try:
            got = _heap_inserts(rec, xid)
        except (IndexError, ValueError, struct.error):
            got = None
        if got and got[0] and got[0][1] == dboid:
            for k, tup in enumerate(got[1]):
                label, vals, cols = _wal_row(got[0][2], tup, rels, atts)
                if label is not None:
                    entries.setdefault(label, []).append(((lsn, k), xid, vals, cols))
    return _orders(entries, dba.Classifier(poll_id, voters), "LSN")


def wal_touches(db, start_lsn):
    """Every WAL record from start_lsn on as (xid, {relfilenode of each block
    it touches in this database}): which transaction wrote to which table's
    pages, whatever the record (an insert, an update, a row lock, a page
    image for hint bits, a prune)."""
    cat = catalog(db)
    out = []
    for lsn, xid, rec in _records(cat, start_lsn):
        try:
            blocks, _ = _blocks(rec)
        except (IndexError, ValueError, struct.error) as err:     # a record not read is a record not checked
            raise Failure("WAL record at %X/%X (rmgr %d) not read: %s" % (lsn >> 32, lsn & 0xFFFFFFFF, rec[17], err))
        out.append((xid, {b[3][2] for b in blocks.values() if b[3] and b[3][1] == cat["dboid"]}))
    return out


def keep_wal(db, name):
    """Keep the server's WAL from now on, as a WAL archive or a replica
    would (a physical replication slot reserving WAL at once: a CHECKPOINT
    would otherwise recycle the segments); returns the LSN it keeps from.
    release_wal(db, name) drops it."""
    p = psql(db, "SELECT lsn::text FROM pg_create_physical_replication_slot('%s', true)" % name)
    if p.returncode != 0:
        raise Failure("cannot create the replication slot %s" % name, p.stderr.decode("utf-8", "replace"))
    return p.stdout.decode().strip()


def release_wal(db, name):
    psql(db, "SELECT pg_drop_replication_slot('%s') FROM pg_replication_slots WHERE slot_name = '%s'" % (name, name))
