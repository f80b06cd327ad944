"""政府办、人大督, progress reports (issue 12): the lead unit uploads photos and documents — judged by their content,
photos re-encoded without their metadata (the GPS position of where they were taken) and thumbnailed — and files
reports: text, percent done, money spent, milestones reached; the project's figures and light follow. The public sees
a report and its files once the clerk publishes it. Bad files and bad reports are refused with a 4xx and store
nothing."""
import struct
import urllib.parse
import zlib

from harness import check, db_query, expect, login_session
from test_plan import PLAN, _at, _delivery, _plan


def png(width, height, rgb=(200, 30, 30)):
    """A PNG of one colour, made with the standard library."""
    row = b"\x00" + bytes(rgb) * width
    raw = zlib.compress(row * height, 9)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


# 30°15'N 120°10'E, the place a photo was taken, as EXIF writes it (GPS IFD, rationals).
GPS_MARK = b"MINSHENG-GPS-TEST"


def with_gps(jpeg):
    """The JPEG with an EXIF segment holding a GPS position (and a marker text) after its SOI."""
    le = b"II*\x00" + struct.pack("<I", 8)
    # IFD0: one entry, GPSInfo (0x8825) → the GPS IFD at offset 26; then ImageDescription text.
    ifd0 = struct.pack("<H", 2) + struct.pack("<HHII", 0x8825, 4, 1, 38) + struct.pack(
        "<HHII", 0x010E, 2, len(GPS_MARK) + 1, 90) + struct.pack("<I", 0)
    gps = struct.pack("<H", 2) + struct.pack("<HHII", 1, 2, 2, ord("N")) + struct.pack(
        "<HHII", 2, 5, 3, 60) + struct.pack("<I", 0)
    lat = struct.pack("<IIIIII", 30, 1, 15, 1, 0, 1)
    body = le + ifd0 + gps + lat + GPS_MARK + b"\x00"
    app1 = b"Exif\x00\x00" + body
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + jpeg[2:]


PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")


def upload(sess, project, data, name=None, status=201, code=None, what="upload"):
    path = "/api/v1/projects/%d/files" % project + ("?name=%s" % urllib.parse.quote(name) if name else "")
    return expect(sess.request("POST", path, raw=data, headers={"Content-Type": "application/octet-stream"}), status,
                  code, what=what)


def fetch(sess, path):
    """A file (not JSON): the response, checked 200."""
    r = sess.get(path)
    check(r.status == 200, "GET %s" % path, r.describe(200))
    return r


def count(db, table):
    return int(db_query(db, "SELECT count(*) FROM %s" % table)[0][0])


def test_files_judged_by_content(ctx):
    """a PNG comes back a JPEG scaled to 2560 with a 320 thumbnail; a JPEG's EXIF GPS position is gone; a PDF is
    kept; text, HTML named .jpg, a broken JPEG, a pixel bomb and a file over 10 MiB are refused and store nothing;
    another unit cannot upload"""
    d = _delivery(ctx, "2026-03-02")
    pid = d.project["id"]
    a = upload(d.unit, pid, png(3000, 40), name="施工现场.png")
    check(a["kind"] == "photo" and a["mime"] == "image/jpeg" and a["width"] == 2560 and a["height"] < 40
          and a["name"] == "施工现场.png" and a["report_id"] is None, "a PNG photo, scaled to 2560", a)
    jpeg = fetch(d.unit, "/api/v1/files/%d" % a["id"]).body
    check(jpeg[:2] == b"\xff\xd8", "the photo is a JPEG")
    thumb = fetch(d.unit, "/api/v1/files/%d/thumb" % a["id"]).body
    check(thumb[:2] == b"\xff\xd8" and len(thumb) < len(jpeg), "a smaller thumbnail")
    tagged = with_gps(jpeg)
    check(GPS_MARK in tagged, "the test photo carries its GPS segment")
    b = upload(d.unit, pid, tagged, name="gps.jpg")
    kept = fetch(d.unit, "/api/v1/files/%d" % b["id"]).body
    check(GPS_MARK not in kept and b"Exif" not in kept, "the EXIF segment with the position is not kept")
    c = upload(d.unit, pid, PDF, name="验收报告.pdf")
    check(c["kind"] == "document" and c["mime"] == "application/pdf", "a PDF document", c)
    r = d.unit.get("/api/v1/files/%d" % c["id"])
    check(r.body == PDF and "sandbox" in (r.header("Content-Security-Policy") or "")
          and r.header("Content-Type") == "application/pdf", "the PDF as sent, sandboxed", r.describe())
    before = count(d.db, "attachment")
    for data, code, what in ((b"just some text\n", "file_type", "text"),
                             (b"<html><script>alert(1)</script></html>", "file_type", "HTML named .jpg"),
                             (b"\xff\xd8\xff\xe0" + b"\x00" * 64, "file_unreadable", "a broken JPEG"),
                             (png(20000, 20000)[:200], "file_unreadable", "a pixel bomb's header")):
        upload(d.unit, pid, data, name="x.jpg", status=422, code=code, what=what)
    upload(d.unit, pid, b"\xff\xd8" + b"\x00" * (10 * 1024 * 1024), status=413, code="payload_too_large",
           what="over 10 MiB")
    upload(d.other, pid, png(10, 10), status=403, code="not_lead_unit", what="another unit")
    upload(d.unit, pid, png(10, 10), name="\u202eevil", status=422, code="invalid_value", what="a bidi name")
    check(count(d.db, "attachment") == before, "the refused files stored nothing")


def test_reports_move_the_project(ctx):
    """a report before the plan is published is refused; after it: bad milestones and files refused field by field
    and nothing stored; a good report moves percent, spent, started and the light, marks the milestone; its files
    are hidden from the public (404) until the clerk publishes the report"""
    d = _delivery(ctx, "2026-03-02")
    pid = d.project["id"]
    body = {"body": "完成设计招标，开始现场勘察", "percent_done": 15, "spent": 40,
            "milestones": [{"milestone": 1, "reached_on": "2026-03-01"}]}
    expect(d.unit.post("/api/v1/projects/%d/reports" % pid, body), 409, "plan_not_published", what="no plan yet")
    _plan(d.unit, d, PLAN)
    expect(d.clerk.post("/api/v1/projects/%d/plan/publish" % pid), 200, what="publish")
    photo = upload(d.unit, pid, png(800, 600), name="现场.png")
    before = count(d.db, "report")
    for change, code in (({"milestones": [{"milestone": 9, "reached_on": "2026-03-01"}]}, "milestone_unknown"),
                         ({"milestones": [{"milestone": 1, "reached_on": "2026-03-09"}]}, "day_in_future"),
                         ({"milestones": [{"milestone": 1, "reached_on": "2026-03-01"},
                                          {"milestone": 1, "reached_on": "2026-03-01"}]}, "milestone_reached"),
                         ({"attachment_ids": [999999]}, "attachment_unusable"),
                         ({"percent_done": 101}, "invalid_value"), ({"spent": -1}, "invalid_value"),
                         ({"body": " "}, "invalid_value")):
        r = d.unit.post("/api/v1/projects/%d/reports" % pid, dict(body, **change))
        check(r.status in (400, 422) and r.json["error"]["code"] in (code, "invalid_field"),
              "a bad report %r: want %s" % (change, code), r.describe())
    expect(d.other.post("/api/v1/projects/%d/reports" % pid, body), 403, "not_lead_unit", what="another unit")
    check(count(d.db, "report") == before, "the refused reports stored nothing")
    rep = expect(d.unit.post("/api/v1/projects/%d/reports" % pid, dict(body, attachment_ids=[photo["id"]])), 201,
                 what="a report")
    check(rep["percent_done"] == 15 and rep["published_on"] is None and rep["reported_on"] == "2026-03-02",
          "filed today, not yet published", rep)
    p = expect(d.anon.get("/api/v1/projects/%d" % pid), 200)
    check(p["percent_done"] == 0 and p["spent"] == 0 and p["light"] == "yellow" and p["light_why"]["late"]["amount"] == 1
          and p["last_report_on"] == "2026-03-02",
          "the public figures, and the light judged on them (not started a day after the planned start: yellow), wait "
          "for the report's publication; its day is known", p)
    again = d.unit.post("/api/v1/projects/%d/reports" % pid, dict(body, attachment_ids=[photo["id"]]))
    check(again.status == 422 and again.json["error"]["code"] in ("milestone_reached", "attachment_unusable"),
          "a milestone and a file are used once", again.describe())
    check(expect(d.anon.get("/api/v1/projects/%d/reports" % pid), 200)["total"] == 0, "the public sees no report")
    expect(d.anon.get("/api/v1/files/%d" % photo["id"]), 404, "not_found", what="the unpublished photo")
    deputy = login_session(d.srv, d.w.deputies[1]["login"], d.w.deputies[1]["password"])
    seen = expect(deputy.get("/api/v1/projects/%d/reports" % pid), 200)["items"]
    check(len(seen) == 1 and seen[0]["milestones"][0]["title"] == "完成设计"
          and seen[0]["files"][0]["id"] == photo["id"], "a deputy sees it with its milestone and file", seen)
    expect(d.unit.post("/api/v1/reports/%d/publish" % rep["id"]), 403, "forbidden", what="the unit publishes")
    expect(d.clerk.post("/api/v1/reports/%d/publish" % rep["id"]), 200, what="publish")
    expect(d.clerk.post("/api/v1/reports/%d/publish" % rep["id"]), 409, "already_published", what="twice")
    pub = expect(d.anon.get("/api/v1/projects/%d/reports" % pid), 200)["items"]
    check(len(pub) == 1 and pub[0]["published_on"] == "2026-03-02", "published", pub)
    p = expect(d.anon.get("/api/v1/projects/%d" % pid), 200)
    check(p["percent_done"] == 15 and p["spent"] == 40 and p["light"] == "green",
          "published: the public figures are the report's, and the light follows (15 points done on plan, started)", p)
    later = expect(d.unit.post("/api/v1/projects/%d/reports" % pid, {"body": "继续推进", "percent_done": 20,
                                                                      "spent": 50}), 201, what="a second report")
    check(expect(d.anon.get("/api/v1/projects/%d" % pid), 200)["percent_done"] == 15, "not yet its figures")
    expect(d.clerk.post("/api/v1/reports/%d/publish" % later["id"]), 200, what="publish the second")
    p = expect(d.anon.get("/api/v1/projects/%d" % pid), 200)
    check(p["percent_done"] == 20 and p["spent"] == 50, "the latest published report's figures", p)
    r = d.anon.get("/api/v1/files/%d/thumb" % photo["id"])
    check(r.status == 200 and r.body[:2] == b"\xff\xd8", "the public sees the thumbnail", r.describe())


def test_congress_reports(ctx):
    """the clerk's recent reports across the congress: newest first with the project's title, filtered by
    state=submitted (waiting to be published) or published, paged; the project shows the day of its last report;
    a unit officer, a deputy and the public are refused, and a state that is not one of the three is a 400"""
    d = _delivery(ctx, "2026-03-02")
    pid, cid = d.project["id"], d.project["congress_id"]
    url = "/api/v1/congresses/%d/reports" % cid
    check(expect(d.clerk.get(url), 200)["total"] == 0, "no report yet")
    check(expect(d.anon.get("/api/v1/projects/%d" % pid), 200)["last_report_on"] is None, "no last report yet")
    _plan(d.unit, d, PLAN)
    expect(d.clerk.post("/api/v1/projects/%d/plan/publish" % pid), 200, what="publish the plan")
    first = expect(d.unit.post("/api/v1/projects/%d/reports" % pid, {"body": "开始勘察", "percent_done": 5, "spent": 10}),
                   201, what="the first report")
    second = expect(d.unit.post("/api/v1/projects/%d/reports" % pid,
                                {"body": "完成设计招标", "percent_done": 12, "spent": 30,
                                 "milestones": [{"milestone": 1, "reached_on": "2026-03-01"}]}),
                    201, what="the second report")
    got = expect(d.clerk.get(url), 200)
    ids = [r["id"] for r in got["items"]]
    check(got["total"] == 2 and ids == [second["id"], first["id"]], "both, newest first", got)
    top = got["items"][0]
    check(top["project_title"] == d.project["title"] and top["project_id"] == pid and top["published_on"] is None
          and top["milestones"][0]["title"] == "完成设计" and top["files"] == [],
          "with the project's title, its milestone and no file", top)
    paged = expect(d.clerk.get(url + "?per_page=1&page=2"), 200)
    check(paged["total"] == 2 and [r["id"] for r in paged["items"]] == [first["id"]], "paged", paged)
    expect(d.clerk.post("/api/v1/reports/%d/publish" % first["id"]), 200, what="publish the first")
    waiting = expect(d.clerk.get(url + "?state=submitted"), 200)["items"]
    check([r["id"] for r in waiting] == [second["id"]], "waiting: the second only", waiting)
    out = expect(d.clerk.get(url + "?state=published"), 200)["items"]
    check([r["id"] for r in out] == [first["id"]] and out[0]["published_on"] == "2026-03-02",
          "published: the first only", out)
    check(len(expect(d.clerk.get(url + "?state=all"), 200)["items"]) == 2, "all: both")
    expect(d.clerk.get(url + "?state=draft"), 400, "invalid_query", what="an unknown state")
    check(expect(d.anon.get("/api/v1/projects/%d" % pid), 200)["last_report_on"] == "2026-03-02",
          "the project's last report day")
    deputy = login_session(d.srv, d.w.deputies[1]["login"], d.w.deputies[1]["password"])
    expect(d.unit.get(url), 403, "forbidden", what="a unit officer")
    expect(deputy.get(url), 403, "forbidden", what="a deputy")
    expect(d.anon.get(url), 401, "unauthenticated", what="the public")


def test_unused_uploads_swept(ctx):
    """an upload that joins no report within 7 days is removed by the daily relight (counted, audited); one in a
    report stays"""
    import datetime
    day0 = (datetime.datetime.utcnow() + datetime.timedelta(hours=8)).date()  # uploads are stamped by the real clock

    def day(n):
        return (day0 + datetime.timedelta(days=n)).isoformat()
    d = _delivery(ctx, day(0))
    pid = d.project["id"]
    _plan(d.unit, d, PLAN)
    expect(d.clerk.post("/api/v1/projects/%d/plan/publish" % pid), 200, what="publish")
    left = upload(d.unit, pid, png(20, 20), name="未用.png")
    used = upload(d.unit, pid, png(20, 20), name="已用.png")
    expect(d.unit.post("/api/v1/projects/%d/reports" % pid, {"body": "进展顺利", "percent_done": 10, "spent": 10,
                                                             "attachment_ids": [used["id"]]}), 201, what="a report")
    for n, swept in ((7, 0), (8, 1), (9, 0)):
        _at(ctx, d, day(n))
        r = expect(d.clerk.post("/api/v1/congresses/%d/lights" % d.w.congress), 200, what="relight on day %d" % n)
        check(r["swept"] == swept, "day %d: %d unused upload(s) removed" % (n, swept), r)
    expect(d.unit.get("/api/v1/files/%d" % left["id"]), 404, "not_found", what="the unused upload")
    check(d.unit.get("/api/v1/files/%d" % used["id"]).status == 200, "the report's file stays")
    audit = expect(d.clerk.get("/api/v1/audit?congress_id=%d" % d.w.congress), 200)["items"]
    sweeps = [a for a in audit if a["action"] == "attachment.sweep"]
    check(len(sweeps) == 1 and sweeps[0]["detail"]["removed"] == 1, "the removal is audited", sweeps)


def test_who_sees_and_uses_uploads(ctx):
    """an upload waiting for its report is its uploader's and the staff's alone; a report takes only its filer's
    uploads; another unit's officer sees no unpublished report; 20 uploads may wait per user and project"""
    d = _delivery(ctx, "2026-03-02")
    pid = d.project["id"]
    _plan(d.unit, d, PLAN)
    expect(d.clerk.post("/api/v1/projects/%d/plan/publish" % pid), 200, what="publish")
    mine = upload(d.unit, pid, png(16, 16), name="待用.png")
    staff = upload(d.clerk, pid, png(16, 16), name="秘书上传.png")
    deputy = login_session(d.srv, d.w.deputies[1]["login"], d.w.deputies[1]["password"])
    for who, status, what in ((d.anon, 404, "the public"), (deputy, 404, "a deputy"), (d.other, 404, "another unit"),
                              (d.unit, 200, "its uploader"), (d.clerk, 200, "the clerk")):
        r = who.get("/api/v1/files/%d" % mine["id"])
        check(r.status == status, "%s: GET a waiting upload → %d" % (what, status), r.describe(status))
    r = d.unit.post("/api/v1/projects/%d/reports" % pid, {"body": "进展", "percent_done": 5, "spent": 1,
                                                          "attachment_ids": [staff["id"]]})
    check(r.status == 422 and r.json["error"]["code"] == "attachment_unusable", "the clerk's upload is not the unit's",
          r.describe())
    rep = expect(d.unit.post("/api/v1/projects/%d/reports" % pid, {"body": "进展", "percent_done": 5, "spent": 1,
                                                                   "attachment_ids": [mine["id"]]}), 201)
    check(expect(deputy.get("/api/v1/projects/%d/reports" % pid), 200)["total"] == 1, "a deputy sees it unpublished")
    check(expect(d.other.get("/api/v1/projects/%d/reports" % pid), 200)["total"] == 0,
          "another unit's officer does not")
    check(deputy.get("/api/v1/files/%d" % mine["id"]).status == 200, "nor its file, which a deputy sees")
    expect(d.other.get("/api/v1/files/%d" % mine["id"]), 404, "not_found", what="another unit, the report's file")
    expect(d.clerk.post("/api/v1/reports/%d/publish" % rep["id"]), 200, what="publish")
    for _ in range(20):
        upload(d.unit, pid, png(4, 4))
    upload(d.unit, pid, png(4, 4), status=409, code="too_many_uploads", what="a 21st waiting upload")
    upload(d.clerk, pid, png(4, 4), what="another user's are counted apart")


def test_acceptance_publishes_the_final_figures(ctx):
    """acceptance publishes the report that says 100 percent; a report published after it changes no figure; the
    acceptance cannot predate the latest report"""
    d = _delivery(ctx, "2026-03-10")
    pid = d.project["id"]
    _plan(d.unit, d, PLAN)
    expect(d.clerk.post("/api/v1/projects/%d/plan/publish" % pid), 200, what="publish")
    old = expect(d.unit.post("/api/v1/projects/%d/reports" % pid, {"body": "过半", "percent_done": 60, "spent": 100}),
                 201)
    done = expect(d.unit.post("/api/v1/projects/%d/reports" % pid, {"body": "完工", "percent_done": 100, "spent": 290}),
                  201)
    accept = "/api/v1/projects/%d/accept" % pid
    expect(d.clerk.post(accept, {"accepted_on": "2026-03-09", "note": "同意验收"}), 422, "accept_before_report",
           what="accepted before the latest report")
    p = expect(d.clerk.post(accept, {"note": "同意验收"}), 200, what="accepted, dated today")
    check(p["light"] == "blue" and p["percent_done"] == 100 and p["spent"] == 290 and p["accepted_on"] == "2026-03-10",
          "the final figures, public; the server's today", p)
    pub = expect(d.anon.get("/api/v1/projects/%d/reports" % pid), 200)["items"]
    check([r["id"] for r in pub] == [done["id"]], "the 100 percent report published with the acceptance", pub)
    expect(d.clerk.post("/api/v1/reports/%d/publish" % old["id"]), 200, what="an older report published later")
    p = expect(d.anon.get("/api/v1/projects/%d" % pid), 200)
    check(p["percent_done"] == 100 and p["spent"] == 290 and p["light"] == "blue", "the figures stay final", p)
