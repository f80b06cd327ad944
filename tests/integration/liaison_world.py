"""The world the liaison tests share: congress A (its clerk, three deputies, two child congresses whose names are
its areas), congress B (its clerk and a deputy); a station of A with deputies 0 and 1; helpers."""
import datetime
import struct
import zlib

from client import Session
from harness import admin_session, create_congress, create_user, expect, import_deputies, login_session, make_deputies


class LWorld:
    pass


def today():
    """Today in China (the server's ms_day_today)."""
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date()


def png(width, height, rgb=(30, 120, 200)):
    """A PNG of one colour, made with the standard library."""
    row = b"\x00" + bytes(rgb) * width
    raw = zlib.compress(row * height, 9)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


def world(ctx, srv=None):
    w = LWorld()
    w.srv = srv or ctx.new_server()
    w.admin = admin_session(w.srv)
    w.congress = create_congress(w.admin)
    w.other = create_congress(w.admin)
    w.areas = []
    for name in ("江北街道", "江南街道"):
        create_congress(w.admin, name="%s人大%d" % (name, w.congress), level="district", parent_id=w.congress)
        w.areas.append("%s人大%d" % (name, w.congress))
    create_user(w.admin, "lclerk%d" % w.congress, "clerk-pass-l", "联络秘书", ["clerk"], w.congress)
    create_user(w.admin, "lclerk%d" % w.other, "clerk-pass-l", "乙秘书", ["clerk"], w.other)
    w.clerk = login_session(w.srv, "lclerk%d" % w.congress, "clerk-pass-l")
    w.clerk_b = login_session(w.srv, "lclerk%d" % w.other, "clerk-pass-l")
    w.deputies = import_deputies(w.clerk, w.congress, make_deputies(3))
    w.deputies_b = import_deputies(w.clerk_b, w.other, make_deputies(1))
    w.dep = [d["id"] for d in w.deputies]
    w.sessions = {}
    w.public = Session(w.srv.base)
    w.station = expect(w.clerk.post("/api/v1/congresses/%d/stations" % w.congress,
                                    {"kind": "station", "name": "江北代表联络站", "address": "江北路1号",
                                     "area": "江北街道", "deputy_ids": [w.dep[0], w.dep[1]]}), 201, what="station")
    return w


def dep(w, i):
    if i not in w.sessions:
        d = w.deputies[i]
        w.sessions[i] = login_session(w.srv, d["login"], d["password"])
    return w.sessions[i]


def dep_b(w):
    if "b" not in w.sessions:
        d = w.deputies_b[0]
        w.sessions["b"] = login_session(w.srv, d["login"], d["password"])
    return w.sessions["b"]


def form(w, **kw):
    body = {"congress_id": w.congress, "title": "小区路灯不亮", "text": "三号楼前的路灯坏了一个月", "area": w.areas[0],
            "litigation": False}
    body.update(kw)
    return {k: v for k, v in body.items() if v is not None}


def take(public, congress, title, text="说明", channel="web", area="", station=None, desk=None, visitor=None):
    """A demand of `congress` taken through the intake's own routes, by channel: `web` the public form,
    `station_code` the form through `station`'s QR token, `desk` the station desk (`desk`: a session of its staff
    or deputy), `visit` a home visit of one household by `visitor` (a deputy's session). Its answer: id, channel,
    status and the tracking code (shown this once). Every demand taken is indexed for search in its transaction."""
    body = {"title": title, "text": text, "area": area}
    if channel == "web":
        return expect(public.post("/api/v1/demands", dict(body, congress_id=congress, litigation=False)), 201,
                      what="form " + title)
    if channel == "station_code":
        return expect(public.post("/api/v1/demands", dict(body, t=station["token"], litigation=False)), 201,
                      what="station code " + title)
    if channel == "desk":
        return expect(desk.post("/api/v1/stations/%d/demands" % station["id"], dict(body, litigation=False)), 201,
                      what="desk " + title)
    if channel == "visit":
        return expect(visitor.post("/api/v1/congresses/%d/visits" % congress,
                                   {"households": [dict(body, litigation=False)]}), 201,
                      what="visit " + title)["items"][0]
    raise ValueError("no route takes a demand by channel " + channel)
