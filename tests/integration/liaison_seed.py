"""Demands for the search and cluster tests, written straight into the database.

INTAKE's demand routes are not on this branch yet: the demands are INSERTed with harness.db_exec and indexed with
`minsheng search reindex`. At the merge the coordinator switches these to the API (POST of a demand, which calls
ms_search_index_demand in its transaction) — then the reindex call goes away."""
from harness import Failure, check, cli, db_exec, db_query


def sql_text(s):
    return "'" + s.replace("'", "''") + "'"


def add_demand(db, congress, title, text="", channel="web", area="", at="2026-03-01T08:00:00Z"):
    """One demand of `congress`; its id."""
    err = db_exec(db, "INSERT INTO demand(congress_id, channel, area, title, text, track_hash, status, created_at) "
                      "VALUES (%d, %s, %s, %s, %s, NULL, 'new', %s)"
                  % (congress, sql_text(channel), sql_text(area), sql_text(title), sql_text(text), sql_text(at)))
    if err:
        raise Failure("cannot seed a demand", err)
    return int(db_query(db, "SELECT max(id) FROM demand")[0][0])


def reindex(db):
    """`minsheng search reindex`: the number of documents it reports."""
    out = cli(["search", "reindex", "--db", db], what="reindex").stdout.decode("utf-8")
    words = [w for w in out.replace("：", " ").split() if w.isdigit()]
    check(bool(words), "the reindex says how many documents", out)
    return int(words[-1])
