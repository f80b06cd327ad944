"""PostgreSQL connections: a node survives the database dropping its pooled
connections (a restart, a failover, an idle timeout) — each connection is
reopened at its next use, and no request after the drop fails."""
from harness import build_world, check, expect, psql

BACKENDS = ("postgresql",)


def test_connections_dropped_by_the_server(ctx):
    """every pooled connection killed by the server: the next requests still succeed"""
    w = build_world(ctx, n_deputies=3, open_poll=False)
    for _ in range(20):  # use several pool connections
        expect(w.clerk.get("/api/v1/polls/%d" % w.poll), 200, what="poll before")
    p = psql(w.srv.db, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")
    killed = int(p.stdout.decode().strip() or 0)
    check(p.returncode == 0 and killed >= 1, "the server's connections were terminated (%d)" % killed,
          p.stderr.decode("utf-8", "replace"))
    for i in range(40):
        expect(w.clerk.get("/api/v1/polls/%d" % w.poll), 200, what="read %d after the drop" % i)
    unit = expect(w.clerk.post("/api/v1/congresses/%d/units" % w.congress, {"name": "断线后新建"}), 201,
                  what="a write after the drop")
    check(unit["name"] == "断线后新建", "the write went through", unit)
