"""A closed rating's result as files (GET /evaluations/{id}/result.xlsx|pdf, /reviews/{id}/result.xlsx|pdf):
checked against the result the API gives."""
import datetime
import io
import os
import re
import subprocess
import urllib.parse
import zipfile

from harness import check

VERDICT_ZH = {"satisfied": "满意", "basic": "基本满意", "dissatisfied": "不满意", "none": "无测评结果"}


def _rate_name(c):
    """a rating's row as the exports name it: a project with its responsible unit, a unit alone"""
    u = c.get("unit_name")
    return "%s（%s）" % (c["title"], u) if u and u != c["title"] else c["title"]


def check_rate_exports(sess, path, res, tmpdir):
    """PATH.xlsx and PATH.pdf of a closed rating's result RES (GET PATH): the workbook's cells and the PDF's text
    name every project or unit in the ballot's order with its five counts and its verdict in words, the verdicts'
    summary and the bulletin's hash; both are public"""
    x = sess.get(path + ".xlsx")
    check(x.status == 200 and (x.header("Content-Type") or "").startswith("application/vnd.openxmlformats")
          and x.body[:2] == b"PK", "the result as a workbook", x.describe())
    z = zipfile.ZipFile(io.BytesIO(x.body))
    strings = z.read("xl/sharedStrings.xml").decode("utf-8")
    cells = [urllib.parse.unquote(s) for s in re.findall(r"<t[^>]*>([^<]*)</t>", strings)]
    sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    v = res["verdicts"]
    summary = "满意 %d 个，基本满意 %d 个，不满意 %d 个" % (v["satisfied"], v["basic"], v["dissatisfied"])
    check(summary in cells and any(res["bulletin_hash"] in s for s in cells), "the summary and the hash", cells)
    # each row: its name (a shared string) then the five counts as numbers, the verdict in words
    rows = re.findall(r"<row [^>]*>(.*?)</row>", sheet)
    marks = ("satisfied", "basic", "dissatisfied", "abstain", "invalid")
    for i, c in enumerate(res["candidates"]):
        name = _rate_name(c)
        found = False
        for row in rows:
            vals = re.findall(r'<c ([^>]*)>(?:<v>([^<]*)</v>)?', row)
            texts = [cells[int(val)] if 't="s"' in attrs else val for attrs, val in vals]
            if len(texts) >= 10 and texts[1] == name:
                found = texts[0] == str(i + 1) and [int(float(t)) for t in texts[2:7]] == [c[m] for m in marks] \
                    and texts[9] == VERDICT_ZH[c["verdict"]]
                check(found, "row %d of the workbook: %s" % (i + 1, name), texts, c)
        check(found, "the workbook has no row for %s" % name, rows[-3:])
    p = sess.get(path + ".pdf")
    check(p.status == 200 and p.header("Content-Type") == "application/pdf" and p.body[:5] == b"%PDF-",
          "the result as a PDF", p.describe())
    pdf = os.path.join(tmpdir, "rate-result-%d.pdf" % res["poll_id"])
    with open(pdf, "wb") as f:
        f.write(p.body)
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, check=True).stdout.decode()
    check("测评结果" in text and re.search(r"第\s*1\s*页", text) and summary in text, "the PDF's head and foot",
          text[:800])
    # counted at, in China's time (UTC+8)
    at = datetime.datetime.strptime(res["counted_at"], "%Y-%m-%dT%H:%M:%SZ") + datetime.timedelta(hours=8)
    when = "%d年%d月%d日 %02d:%02d（北京时间）" % (at.year, at.month, at.day, at.hour, at.minute)
    check(when in text and res["bulletin_hash"] in text, "the time counted, in China's, and the hash", when, text[-600:])
    for i, c in enumerate(res["candidates"]):
        name = _rate_name(c)
        want = r"\b%d\s+%s\s+%s\s" % (i + 1, re.escape(name), r"\s+".join(str(c[m]) for m in marks))
        line = next((ln for ln in text.splitlines() if name in ln), "")
        check(re.search(want, line) and VERDICT_ZH[c["verdict"]] in line, "the PDF's row for %s" % name, line)
