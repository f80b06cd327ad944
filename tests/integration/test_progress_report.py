"""The quarterly progress report (季度进展报告, issue 12): GET /congresses/{id}/progress.xlsx and .pdf. A round in 实施
with two projects: one reports on time (green), the other stays silent and turns red with its supervision task. The
clerk fetches both files; the XLSX is opened with zipfile and read through its XML (sheet names from workbook.xml,
cell text through sharedStrings.xml), the PDF read back with pdftotext. Only the congress's staff may fetch them;
a bad year or quarter is a 400 JSON error in both languages."""
import io
import json
import os
import re
import subprocess
import urllib.parse
import xml.etree.ElementTree as ET
import zipfile

from harness import build_world, cast, check, cli, close_poll, dep_session, expect, login_session
from test_plan import PLAN, _at, _delivery

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def read_xlsx(data):
    """{sheet name: {cell ref "B2": its value (text, or a float)}}, read from the workbook's XML."""
    z = zipfile.ZipFile(io.BytesIO(data))
    strings = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            strings.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
    rels = {r.get("Id"): r.get("Target") for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
    book = {}
    for sh in ET.fromstring(z.read("xl/workbook.xml")).find("m:sheets", NS):
        target = rels[sh.get("{%s}id" % NS["r"])]
        cells = {}
        for c in ET.fromstring(z.read("xl/" + target.lstrip("/").replace("xl/", "", 1))).iter("{%s}c" % NS["m"]):
            v = c.find("m:v", NS)
            if v is None:
                continue
            cells[c.get("r")] = strings[int(v.text)] if c.get("t") == "s" else float(v.text)
        book[sh.get("name")] = cells
    return book


def row_of(cells, col, value):
    """The row number whose cell in column col holds value, or None."""
    for ref, v in cells.items():
        m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
        if m.group(1) == col and v == value:
            return int(m.group(2))
    return None


def fetch(sess, path):
    r = sess.get(path)
    check(r.status == 200, "GET %s" % path, r.describe(200))
    return r


def _plan_of(year):
    """test_plan's PLAN moved into the round's year (the harness numbers rounds' years as it goes)."""
    plan = json.loads(json.dumps(PLAN).replace("2026-", "%d-" % year))
    plan["annual_targets"][0]["year"] = year
    return plan


def _world(ctx):
    """Two projects with published plans in the round's year Y: the first files reports (a milestone reached, both
    published) and stays green; the second never reports and is red on Y-05-06 (66 days silent) with its task."""
    d = _delivery(ctx, "2026-03-02")
    c = d.w.congress
    d.year = y = d.project["year"]
    _at(ctx, d, "%d-03-02" % y)
    projects = expect(d.clerk.get("/api/v1/cycles/%d/projects" % d.w.cycle), 200)["items"]
    check(len(projects) == 2, "two projects under delivery", projects)
    a, b = projects
    for p in (a, b):
        expect(d.clerk.put("/api/v1/projects/%d/plan" % p["id"], _plan_of(y)), 200, what="plan")
        expect(d.clerk.post("/api/v1/projects/%d/plan/publish" % p["id"]), 200, what="publish")
    first = expect(d.clerk.post("/api/v1/projects/%d/reports" % a["id"], {
        "body": "完成设计招标，开始现场勘察", "percent_done": 15, "spent": 40,
        "milestones": [{"milestone": 1, "reached_on": "%d-03-01" % y}]}), 201, what="a report")
    expect(d.clerk.post("/api/v1/reports/%d/publish" % first["id"]), 200, what="publish the report")
    _at(ctx, d, "%d-05-06" % y)
    second = expect(d.clerk.post("/api/v1/projects/%d/reports" % a["id"], {
        "body": "主体施工已完成三成，资金按进度拨付", "percent_done": 30, "spent": 120}), 201, what="a second report")
    expect(d.clerk.post("/api/v1/reports/%d/publish" % second["id"]), 200, what="publish it")
    expect(d.clerk.post("/api/v1/congresses/%d/lights" % c), 200, what="relight")
    deps = [x["id"] for x in d.w.deputies]
    g = expect(d.clerk.post("/api/v1/congresses/%d/oversight-groups" % c, {
        "name": "民生实事监督组", "scope": "area", "area": "全市", "leader_id": deps[0], "member_ids": deps[1:3],
        "project_ids": [a["id"], b["id"]]}), 201, what="an oversight group")
    member = login_session(d.srv, d.w.deputies[1]["login"], d.w.deputies[1]["password"])
    expect(member.post("/api/v1/oversight-groups/%d/letters" % g["id"], {
        "project_id": b["id"], "body": "请书面说明项目未报送进度的原因及整改措施。", "deadline": "%d-05-20" % y}), 201,
        what="a supervision letter awaiting its reply")
    d.a = expect(d.clerk.get("/api/v1/projects/%d" % a["id"]), 200)
    d.b = expect(d.clerk.get("/api/v1/projects/%d" % b["id"]), 200)
    check(d.a["light"] == "green" and d.b["light"] == "red", "one green, one red", d.a, d.b)
    d.tasks = expect(d.clerk.get("/api/v1/congresses/%d/tasks" % c), 200)["items"]
    check(len(d.tasks) == 1 and d.tasks[0]["project_id"] == b["id"], "the red project's task", d.tasks)
    d.congress = expect(d.clerk.get("/api/v1/congresses/%d" % c), 200)
    return d


def test_progress_xlsx_and_pdf(ctx):
    """the XLSX has the four sheets, the projects with their percent (a percent format), light in words, money, the
    quarter's milestones planned vs reached and the open task; the PDF is A4 landscape with the Chinese title, the
    quarter, the projects and page numbers; without ?year and ?quarter: the newest round, today's quarter"""
    d = _world(ctx)
    c, y = d.w.congress, d.year
    r = fetch(d.clerk, "/api/v1/congresses/%d/progress.xlsx?year=%d&quarter=2" % (c, y))
    check(r.header("Content-Type") == XLSX_TYPE and r.body[:2] == b"PK", "an XLSX workbook", r.header("Content-Type"))
    check("progress-%d-q2.xlsx" % y in (r.header("Content-Disposition") or ""), "a file name with the period",
          r.header("Content-Disposition"))
    book = read_xlsx(r.body)
    check(list(book) == ["汇总", "项目进展", "里程碑", "督办事项"], "the four sheets in order", list(book))
    s = book["汇总"]
    check("%d年第二季度民生实事项目实施进展情况" % y in s["A1"] and d.congress["name"] in s["A1"], "the title", s["A1"])
    summary = {s.get("A%d" % i): s.get("B%d" % i) for i in range(5, 16)}
    check(summary["项目总数 Projects"] == 2 and summary["绿灯 Green (on schedule)"] == 1
          and summary["红灯 Red"] == 1 and summary["计划投资（元）Budget (yuan)"] == 600
          and summary["已支出（元）Spent (yuan)"] == 120 and summary["未办结督办事项 Open supervision tasks"] == 1
          and summary["平均完成进度 Average percent done"] == 0.15
          and summary["待答复督办函 Letters awaiting a reply"] == 1,
          "the summary counts the lights, the money, the task and the letter", summary)
    p = book["项目进展"]
    check(p["B1"] == "项目名称" and p["H1"] == "完成进度" and p["K1"] == "预警灯", "the projects' header", p)
    ra, rb = row_of(p, "B", d.a["title"]), row_of(p, "B", d.b["title"])
    check(ra and rb, "both projects listed by title", p)
    check(p["H%d" % ra] == 0.3 and p["I%d" % ra] == 120 and p["J%d" % ra] == 300 and p["K%d" % ra] == "绿灯"
          and p["M%d" % ra] == "主体施工已完成三成，资金按进度拨付" and p["L%d" % ra] == "%d-05-06" % y,
          "the first project: 30%, 120 of 300 yuan, green, its latest published report", p)
    check(p["H%d" % rb] == 0 and p["K%d" % rb] == "红灯" and p["N%d" % rb] == 1, "the second: red, one open task", p)
    z = zipfile.ZipFile(io.BytesIO(r.body))
    sheet2 = z.read("xl/worksheets/sheet2.xml").decode()
    check('state="frozen"' in sheet2 and "<cols>" in sheet2 and "<autoFilter" in sheet2
          and 'orientation="landscape"' in sheet2, "a frozen, filtered header, column widths, printed landscape",
          sheet2[:800])
    check("_xlnm.Print_Titles" in z.read("xl/workbook.xml").decode(), "the header row repeats on printed pages")
    styles = z.read("xl/styles.xml").decode()
    check('formatCode="#,##0"' in styles and "0%" in styles, "number formats for yuan and percent", styles[:600])
    m = book["里程碑"]
    ma = row_of(m, "B", d.a["title"])
    check(ma and m["C%d" % ma] == "1. 完成设计" and m["D%d" % ma] == "%d-04-30" % y and m["E%d" % ma] == "%d-03-01" % y
          and m["F%d" % ma] == "按期完成", "a milestone planned in the quarter, reached before it", m)
    mb = row_of(m, "B", d.b["title"])
    check(mb and "E%d" % mb not in m and m["F%d" % mb] == "逾期未完成", "the silent project's missed milestone", m)
    t = book["督办事项"]
    tb = row_of(t, "B", d.b["title"])
    check(tb and t["F%d" % tb] == d.tasks[0]["due_on"] and "天未报送进度" in t["D%d" % tb]
          and t["C%d" % tb] == d.tasks[0]["unit_name"], "the task with its unit, reason in words and due day", t)
    check(row_of(t, "B", d.a["title"]) is None, "the green project has no task", t)

    r = fetch(d.clerk, "/api/v1/congresses/%d/progress.pdf?year=%d&quarter=2" % (c, y))
    check(r.header("Content-Type") == "application/pdf" and r.body.startswith(b"%PDF"), "a PDF", r.describe(200))
    path = os.path.join(ctx.dir, "progress.pdf")
    with open(path, "wb") as f:
        f.write(r.body)
    text = subprocess.run(["pdftotext", path, "-"], stdout=subprocess.PIPE, check=True).stdout.decode()
    flat = re.sub(r"\s+", "", text)
    for want in (d.congress["name"], "%d年第二季度民生实事项目实施进展情况" % y, d.a["title"], d.b["title"], "红灯",
                 "绿灯", "一、项目实施进展", "二、本季度里程碑", "三、未办结督办事项", "待答复督办函1件",
                 "第1页共1页"):
        check(want.replace(" ", "") in flat, "the PDF says %s" % want, text[:1500])
    info = subprocess.run(["pdfinfo", path], stdout=subprocess.PIPE, check=True).stdout.decode()
    check(re.search(r"Page size:\s+841\.\d+ x 595\.\d+|Page size:\s+842 x 595", info), "A4 landscape", info)

    r = fetch(d.clerk, "/api/v1/congresses/%d/progress.xlsx" % c)
    check("progress-%d-q2.xlsx" % y in r.header("Content-Disposition"), "by default the newest year, today's quarter",
          r.header("Content-Disposition"))
    check(read_xlsx(r.body)["汇总"]["A1"] == s["A1"], "the same report")
    q1 = read_xlsx(fetch(d.clerk, "/api/v1/congresses/%d/progress.xlsx?year=%d&quarter=1" % (c, y)).body)["项目进展"]
    r1 = row_of(q1, "B", d.a["title"])
    check(q1["M%d" % r1] == "完成设计招标，开始现场勘察" and q1["L%d" % r1] == "%d-03-02" % y,
          "the first quarter's report: the latest published by the quarter's end", q1)
    empty = read_xlsx(fetch(d.clerk, "/api/v1/congresses/%d/progress.xlsx?year=%d&quarter=1" % (c, y + 1 if y < 2100 else y - 1)).body)
    check(empty["汇总"]["B5"] == 0 and list(empty["项目进展"]) == ["A1", "B1", "C1", "D1", "E1", "F1", "G1", "H1",
                                                                   "I1", "J1", "K1", "L1", "M1", "N1"],
          "a year without projects: an empty report", empty)
    fetch(d.clerk, "/api/v1/congresses/%d/progress.pdf?year=%d&quarter=1" % (c, y + 1 if y < 2100 else y - 1))
    check(not [f for f in os.listdir(os.environ.get("TMPDIR", "/tmp")) if f.startswith("minsheng-xlsx-")],
          "no workbook left behind in the temporary directory")


def test_progress_refusals(ctx):
    """only the congress's staff: a unit officer and a deputy 403, no one logged in 401; ?quarter=5, 0, ?year=abc,
    1999 are 400 JSON errors with their messages in both languages; a congress that does not exist 404"""
    d = _delivery(ctx, "2026-03-02")
    c = d.w.congress
    deputy = login_session(d.srv, d.w.deputies[0]["login"], d.w.deputies[0]["password"])
    for ext in ("xlsx", "pdf"):
        path = "/api/v1/congresses/%d/progress.%s" % (c, ext)
        expect(d.unit.get(path), 403, "forbidden", what="a unit officer")
        expect(deputy.get(path), 403, "forbidden", what="a deputy")
        expect(d.anon.get(path), 401, what="no one logged in")
        for query, code in (("quarter=5", "invalid_quarter"), ("quarter=0", "invalid_quarter"),
                            ("year=abc", "invalid_query"), ("year=1999", "invalid_year"),
                            ("quarter=-1", "invalid_query"), ("year=2026&quarter=" + urllib.parse.quote("二"),
                                                              "invalid_query")):
            e = expect(d.clerk.get(path + "?" + query), 400, code, what=query)["error"]
            check(e["message"] and e.get("message_zh") and e["message"] != e["message_zh"],
                  "the refusal in both languages", e)
        expect(d.clerk.get("/api/v1/congresses/999999/progress.%s" % ext), 404, what="no such congress")
    ok = d.clerk.get("/api/v1/congresses/%d/progress.pdf" % c)
    check(ok.status == 200, "staff may", ok.describe(200))


def test_progress_cli(ctx):
    """`minsheng report progress` writes the same workbook and PDF through the same functions; a bad quarter or
    format is refused"""
    d = _world(ctx)
    c, y = d.w.congress, d.year
    env = {"MINSHENG_TODAY": "%d-05-06" % y}
    out = os.path.join(ctx.dir, "cli.xlsx")
    cli(["report", "progress", "--db", d.db, "--congress", str(c), "--year", str(y), "--quarter", "2",
         "--format", "xlsx", "--out", out], env=env)
    with open(out, "rb") as f:
        mine = read_xlsx(f.read())
    http = read_xlsx(fetch(d.clerk, "/api/v1/congresses/%d/progress.xlsx?year=%d&quarter=2" % (c, y)).body)
    check(mine == http, "the CLI's workbook holds what the API's does", mine, http)
    pdf = os.path.join(ctx.dir, "cli.pdf")
    cli(["report", "progress", "--db", d.db, "--congress", str(c), "--format", "pdf", "--out", pdf], env=env)
    text = subprocess.run(["pdftotext", pdf, "-"], stdout=subprocess.PIPE, check=True).stdout.decode()
    check("%d年第二季度" % y in re.sub(r"\s+", "", text), "the default period is today's quarter", text[:600])
    bad = cli(["report", "progress", "--db", d.db, "--congress", str(c), "--quarter", "5", "--format", "pdf",
               "--out", pdf], env=env, expect_ok=False)
    check(bad.returncode == 1 and b"quarter" in bad.stderr, "quarter 5 refused", bad.stderr)
    bad = cli(["report", "progress", "--db", d.db, "--congress", str(c), "--format", "doc", "--out", pdf],
              env=env, expect_ok=False)
    check(bad.returncode == 2, "an unknown format: the usage", bad.stderr)
    check("  report progress" in cli(["--help"]).stdout.decode(), "minsheng --help names the command")
    check(cli(["report", "--help"]).stdout.decode().startswith("Usage: minsheng report progress"), "its own help")


def test_progress_pdf_pages(ctx):
    """fourteen projects do not fit one landscape page: the table goes on over the next page with its header
    repeated, and every page is numbered 第 N 页 共 M 页"""
    w = build_world(ctx, n_deputies=3, costs=(100,) * 15, poll={"slots": 14})
    for i in range(3):
        cast(dep_session(w, i), w.poll, w.cands[:14])
    close_poll(w.clerk, w.poll)
    expect(w.clerk.post("/api/v1/cycles/%d/phase" % w.cycle, {"phase": "implement"}), 200, what="implement")
    projects = expect(w.clerk.get("/api/v1/cycles/%d/projects" % w.cycle), 200)
    check(projects["total"] == 14, "fourteen projects", projects)
    r = fetch(w.clerk, "/api/v1/congresses/%d/progress.pdf?quarter=1" % w.congress)
    path = os.path.join(ctx.dir, "pages.pdf")
    with open(path, "wb") as f:
        f.write(r.body)
    info = subprocess.run(["pdfinfo", path], stdout=subprocess.PIPE, check=True).stdout.decode()
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    check(pages >= 2, "more than one page", info)
    heads = 0
    for n in range(1, pages + 1):
        page = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), path, "-"], stdout=subprocess.PIPE,
                              check=True).stdout.decode()
        flat = re.sub(r"\s+", "", page)
        check("第%d页共%d页" % (n, pages) in flat, "page %d says 第 %d 页 共 %d 页" % (n, n, pages), page[-300:])
        heads += "牵头单位/协办单位" in flat
    check(heads >= 2, "the projects' header on the first page and again after the break", heads)
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", path, "-"], stdout=subprocess.PIPE,
                                              check=True).stdout.decode())
    for p in projects["items"]:
        check(p["title"].replace(" ", "") in text, "every project printed: %s" % p["title"])
