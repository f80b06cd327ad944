"""The hostile database administrator's arithmetic (issue 10): what a ballot
looks like to someone who reads the data without the server, the orders an
attacker observes (of ballots and of deputies), the guesses made from them,
how many of those guesses are right, and the bound chance sets.

The readers of the copies are dba_sqlite.py (SQLite's file format: b-tree
pages and WAL frames) and dba_pg.py (PostgreSQL: hidden row columns,
pg_dump output, the heap files). Each turns a copy into Orders; this module
matches them and counts.

The attacker's guesses. An Order lists ballots (by their choices) or deputies
(by user id) oldest first, as one place of one copy shows them (ballot cells
by their offset in a page, audit rows by id, a participation page, WAL
frames, ctid, xmin, pg_dump's rows ...). A guess pairs a ballot order with a
deputy order:
  - forward: the k-th ballot is the k-th deputy's;
  - reverse: the k-th ballot is the k-th deputy from the end;
  - when the two lengths differ, both aligned at the newest end too, and
    scaled (the ballot at fraction f of its order is the deputy at f);
  - together: when both orders carry a group per item of the same kind (the
    writing transaction, xmin, or the WAL commit that first shows it), the
    ballots and deputies of one group are paired in order, and nothing
    across groups.
An attack's figure is its best guess: the largest number of ballots
assigned to the right deputy over every pair of orders and every guess.

The bound. If the stored order of the ballots says nothing about who cast
them, each guess is a random assignment of ballots to deputies, and the
number it gets right is the number of fixed points of a random permutation:
Poisson(1) in the limit (mean 1; P(X >= 9) = 1.1e-6, P(X >= 11) = 1.0e-8).
An attack that tries S guesses takes the best of them, so its bound is the
smallest B with S * P(X > B) <= ALPHA (Bonferroni): a correct design fails a
figure with probability at most ALPHA = 1e-6, and a figure above B shows
that the copy links ballots to deputies better than chance.
"""
import itertools
import json
import math

ALPHA = 1e-6
_n = itertools.count(1)


def uniq():
    return next(_n)


# ---------------------------------------------------------------- ballots

def choices_key(v):
    """The ballot a stored value holds, or None: a JSON array of candidate
    ids (sorted: a pick or approval ballot), or {"approve": [...],
    "oppose": [...]}, or an object with such an array as "choices" — as
    text or UTF-8 bytes. A sealed (encrypted) blob,
    a number, or any other JSON gives None: no choices, no link."""
    if isinstance(v, (bytes, bytearray, memoryview)):
        try:
            v = bytes(v).decode("utf-8")
        except UnicodeDecodeError:
            return None
    if not isinstance(v, str):
        return None
    v = v.strip()
    if not v or v[0] not in "[{":
        return None
    try:
        js = json.loads(v)
    except ValueError:
        return None

    def ids(a):
        if isinstance(a, list) and all(isinstance(x, int) and not isinstance(x, bool) for x in a):
            return tuple(sorted(a))
        return None

    if isinstance(js, list):
        k = ids(js)
        return ("pick",) + k if k is not None and k else None
    if isinstance(js, dict) and "choices" in js:
        k = ids(js["choices"])
        return ("pick",) + k if k is not None and k else None
    if isinstance(js, dict) and js and set(js) <= {"approve", "oppose"}:
        a, o = ids(js.get("approve", [])), ids(js.get("oppose", []))
        if a is not None and o is not None:
            return ("ao", a, o)
    return None


def truth_key(choices):
    """The key of a ballot the test cast (a list of candidate ids)."""
    return choices_key(json.dumps(list(choices)))


def row_key(values):
    """The ballot held by any value of a row (a list of values), or None."""
    for v in values:
        k = choices_key(v)
        if k is not None:
            return k
    return None


USER_COLUMNS = ("user_id", "deputy_id", "voter_id")


def user_column(cols):
    for c in USER_COLUMNS:
        if c in cols:
            return c
    return None


def is_ballot_cast(row, poll_id):
    """An audit row saying that a deputy cast a ballot in this poll."""
    if row.get("action") != "ballot.cast":
        return False
    obj = row.get("object")
    return obj is None or obj == "poll/%d" % poll_id or str(obj).endswith("/%d" % poll_id)


def of_poll(row, poll_id):
    """A row of this poll (or of a table without a poll_id column)."""
    p = row.get("poll_id")
    if p is None:
        return True
    try:
        return int(p) == poll_id
    except (TypeError, ValueError):
        return False


def blobs(row):
    """The binary values of a row long enough to identify it (bytes, or
    PostgreSQL's text form of bytea, '\\x' and hex)."""
    out = []
    for v in row.values():
        if isinstance(v, (bytes, bytearray)) and len(v) >= 8:
            out.append(bytes(v))
        elif isinstance(v, str) and v.startswith("\\x") and len(v) >= 18:
            try:
                out.append(bytes.fromhex(v[2:]))
            except ValueError:
                pass
    return out


class Classifier:
    """What a row says to the attacker: a ballot (its choices, or a copy of a
    known ballot's id, e.g. an index entry or a row of another table keyed by
    it), or a deputy's trace in this poll (an audit row 'ballot.cast', or a
    row of a table with the poll and a user). Tables that name a user never
    hold ballots. learn() every ballot row first, then ask."""

    def __init__(self, poll_id, voters):
        self.poll_id, self.voters = poll_id, voters
        self.by_blob = {}
        self.shared = ([], [])      # (value, ballot key), (value, user id): see shared_orders

    def learn(self, cols, row):
        if cols is not None and user_column(cols):
            return
        k = row_key(row.values())
        if k is not None and of_poll(row, self.poll_id):
            for b in blobs(row):
                self.by_blob.setdefault(b, k)

    def ballot(self, cols, row):
        if cols is not None and user_column(cols):
            return None
        if not of_poll(row, self.poll_id):
            return None
        k = row_key(row.values())
        if k is None:
            for b in blobs(row):
                if b in self.by_blob:
                    k = self.by_blob[b]
                    break
        if k is not None:
            self.shared[0].extend((v, k) for v in _values(row))
        return k

    def deputy(self, table, cols, row):
        """(source, user id) for a row naming a voter of this poll, else None."""
        uc = user_column(cols)
        if not uc:
            return None
        try:
            u = int(row.get(uc))
        except (TypeError, ValueError):
            return None
        if u not in self.voters:
            return None
        if "action" in cols:
            if not is_ballot_cast(row, self.poll_id):
                return None
        elif "poll_id" not in cols or not of_poll(row, self.poll_id):
            return None
        self.shared[1].extend((v, u) for v in _values(row))
        return (table, u)

    def shared_orders(self):
        """A join on any value a ballot's row and a deputy's row both hold (a
        blob, or a text of 12 characters or more: an id, a tracker, a time):
        one group per value, for the guess 'together'."""
        common = {v for v, _ in self.shared[0]} & {v for v, _ in self.shared[1]}
        if not common:
            return [], []
        return ([Order("ballot rows by a value a deputy's row holds", [k for v, k in self.shared[0] if v in common],
                       [v for v, _ in self.shared[0] if v in common], "shared value")],
                [Order("deputies' rows by a value a ballot's row holds", [u for v, u in self.shared[1] if v in common],
                       [v for v, _ in self.shared[1] if v in common], "shared value")])


def _values(row):
    """The values of a row that could identify another row."""
    out = [("blob", b) for b in blobs(row)]
    for v in row.values():
        if isinstance(v, str) and len(v) >= 12 and not v.startswith("\\x") and choices_key(v) is None:
            out.append(("text", v))
    return out


# ---------------------------------------------------------------- orders

class Order:
    """An observed order, oldest first: items (ballot keys or deputy ids),
    and optionally a group per item (group_kind: what the group is, e.g.
    'xmin' or 'wal-commit'; only groups of one kind are matched)."""

    def __init__(self, label, items, groups=None, group_kind=None):
        seen = set()
        self.items, self.groups = [], []
        for i, it in enumerate(items):
            if it in seen:
                continue
            seen.add(it)
            self.items.append(it)
            self.groups.append(groups[i] if groups is not None else None)
        self.label = label
        self.group_kind = group_kind if groups is not None else None

    def __len__(self):
        return len(self.items)


def sort_order(label, entries, group_kind=None):
    """An Order from (sort key, item, group) entries; first sight of an item wins."""
    entries = sorted(entries, key=lambda e: e[0])
    return Order(label, [e[1] for e in entries], [e[2] for e in entries] if group_kind else None, group_kind)


def page_share_order(label, cells):
    """The casting order a b-tree holds, from (page, offset, item) cells:
    a cell written later sits at a lower offset of its page (SQLite fills a
    page's cell area downwards), so a page's cells ordered by falling offset
    are oldest first. Pages are interleaved by their share: a cell with k
    newer cells on a page holding m of all n cells was written about
    k * n / m insertions before the end."""
    by_page = {}
    for pg, off, item in cells:
        by_page.setdefault(pg, []).append((off, item))
    n = sum(len(v) for v in by_page.values())
    entries = []
    for pg, lst in by_page.items():
        lst.sort()  # lowest offset (newest) first
        m = len(lst)
        for k, (off, item) in enumerate(lst):
            entries.append(((-k * n / m, pg, -off), item, None))
    return sort_order(label, entries)


def page_by_page_order(label, cells):
    """Pages in page-number order, each oldest first (falling offset)."""
    return sort_order(label, [((pg, -off), item, None) for pg, off, item in cells])


# ---------------------------------------------------------------- guesses

def _score(pairs, truth):
    return sum(1 for b, d in pairs if truth.get(d) == b)


def guesses(border, dorder):
    """(name, pairs) for each guess from a ballot order and a deputy order."""
    B, D = border.items, dorder.items
    out = []
    if not B or not D:
        return out
    out.append(("forward", list(zip(B, D))))
    out.append(("reverse", list(zip(B, D[::-1]))))
    if len(B) != len(D):
        out.append(("forward, from the newest", list(zip(B[::-1], D[::-1]))))
        out.append(("reverse, from the newest", list(zip(B[::-1], D))))
        if len(B) > 1:
            out.append(("scaled", [(b, D[round(i * (len(D) - 1) / (len(B) - 1))]) for i, b in enumerate(B)]))
    if border.group_kind and border.group_kind == dorder.group_kind:
        bg, dg = {}, {}
        for it, g in zip(B, border.groups):
            bg.setdefault(g, []).append(it)
        for it, g in zip(D, dorder.groups):
            dg.setdefault(g, []).append(it)
        pairs = []
        for g, bl in bg.items():
            pairs.extend(zip(bl, dg.get(g, [])))
        out.append(("together (same %s)" % border.group_kind, pairs))
    return out


def poisson1_tail(b):
    """P(X > b) for X ~ Poisson(1)."""
    return math.exp(-1) * sum(1 / math.factorial(k) for k in range(b + 1, b + 40))


def chance_bound(s):
    """The smallest B with s * P(Poisson(1) > B) <= ALPHA."""
    b = 0
    while max(s, 1) * poisson1_tail(b) > ALPHA:
        b += 1
    return b


class Attack:
    """One attack on one copy: the best guess over every pair of orders."""

    def __init__(self, engine, n_deputies, copy, method, cast, ballot_orders, deputy_orders, truth, kinds="all"):
        """kinds: "all" guesses, "rank" (forward, reverse, ...) or "groups" (together) only."""
        self.engine, self.n_deputies, self.copy, self.method = engine, n_deputies, copy, method
        self.cast = cast                    # ballots cast when the copy was taken
        self.found = max([len(o) for o in ballot_orders] or [0])
        self.links, self.best, self.tries = 0, "no ballot or no deputy order readable", 0
        for bo in ballot_orders:
            for do in deputy_orders:
                for name, pairs in guesses(bo, do):
                    together = name.startswith("together")
                    if (kinds == "rank" and together) or (kinds == "groups" and not together):
                        continue
                    self.tries += 1
                    s = _score(pairs, truth)
                    if s > self.links or (self.tries == 1):
                        self.links = s
                        self.best = "%s x %s, %s" % (bo.label, do.label, name)
        self.bound = chance_bound(self.tries)

    @property
    def ok(self):
        return self.links <= self.bound

    def figure(self):
        return ("%s %s, %s, %d deputies: %d/%d linked (%d ballots readable; best: %s; chance bound %d over %d "
                "guesses)" % (self.engine, self.copy, self.method, self.n_deputies, self.links, self.cast,
                              self.found, self.best, self.bound, self.tries))
