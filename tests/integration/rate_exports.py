"""A closed rating's result as files (GET /evaluations/{id}/result.xlsx|pdf, /reviews/{id}/result.xlsx|pdf):
checked against the result the API gives."""
import datetime
import html
import io
import os
import re
import subprocess
import zipfile

from harness import check

VERDICT_ZH = {"satisfied": "满意", "basic": "基本满意", "dissatisfied": "不满意", "none": "无测评结果"}


def _rate_name(c):
    """a rating's row as the exports name it: a project with its responsible unit, a unit alone"""
    u = c.get("unit_name")
    return "%s（%s）" % (c["title"], u) if u and u != c["title"] else c["title"]


def _verdict(c):
    """the verdict a row stands with, in words: the score's band where the rating scores, the rule's beside it when
    they differ"""
    fin = c.get("score_verdict") or c["verdict"]
    if fin != c["verdict"]:
        return "%s（按评议规则：%s）" % (VERDICT_ZH[fin], VERDICT_ZH[c["verdict"]])
    return VERDICT_ZH[fin]


def _rate(o):
    r = o.get("satisfaction_rate")
    return None if not r or not r["den"] else r["num"] / r["den"]


FIGURES = (("应到（人）", "deputies_all"), ("实到（人）", "deputies_present"), ("发出选票（张）", "ballots_issued"),
           ("收回选票（张）", "ballots_returned"), ("有效票（张）", "valid"), ("空白票（张）", "blank"),
           ("无效票（张）", "void"))


def check_rate_exports(sess, path, res, tmpdir, scoring=None):
    """PATH.xlsx and PATH.pdf of a closed rating's result RES (GET PATH): the workbook's cells and the PDF's text
    give the figures, the verdicts that stand counted, every project or unit in the ballot's order with its five
    counts, satisfaction rate, score and verdict in words (a scoring review's band, the rule's beside it), the rule
    of scores in words (SCORING), the time counted in China's and the bulletin's hash; both are public"""
    x = sess.get(path + ".xlsx")
    check(x.status == 200 and (x.header("Content-Type") or "").startswith("application/vnd.openxmlformats")
          and x.body[:2] == b"PK", "the result as a workbook", x.describe())
    z = zipfile.ZipFile(io.BytesIO(x.body))
    strings = z.read("xl/sharedStrings.xml").decode("utf-8")
    cells = [html.unescape(t) for t in re.findall(r"<t[^>]*>([^<]*)</t>", strings)]
    sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    rows = []
    for row in re.findall(r"<row [^>]*>(.*?)</row>", sheet):
        vals = re.findall(r'<c ([^>]*)>(?:<v>([^<]*)</v>)?', row)
        rows.append([cells[int(val)] if 't="s"' in attrs else val for attrs, val in vals])
    final = [c.get("score_verdict") or c["verdict"] for c in res["candidates"]]
    summary = "满意 %d 个，基本满意 %d 个，不满意 %d 个" % tuple(final.count(k) for k in ("satisfied", "basic",
                                                                                  "dissatisfied"))
    check(summary in cells and any(res["bulletin_hash"] in s for s in cells), "the summary and the hash", cells)
    check(scoring is None or any(scoring in s for s in cells), "the rule of scores in words", scoring, cells)
    for label, key in FIGURES:
        got = [r for r in rows if r and r[0] == label]
        check(got and len(got[0]) >= 2 and float(got[0][-1]) == res[key], "the workbook's %s" % label, got, res[key])
    marks = ("satisfied", "basic", "dissatisfied", "abstain", "invalid")
    for i, c in enumerate(res["candidates"]):
        name = _rate_name(c)
        mine = [r for r in rows if len(r) >= 10 and r[1] == name]
        check(len(mine) == 1, "the workbook has one row for %s" % name, rows[-3:])
        r = mine[0]
        rate = _rate(c)
        check(r[0] == str(i + 1) and [int(float(t)) for t in r[2:7]] == [c[m] for m in marks]
              and (r[7] == "—" if rate is None else abs(float(r[7]) - rate) < 1e-9)
              and (r[8] == "—" if not c.get("score_decimal") else abs(float(r[8]) - float(c["score_decimal"])) < 1e-9)
              and r[9] == _verdict(c), "row %d of the workbook: %s" % (i + 1, name), r, c)
    p = sess.get(path + ".pdf")
    check(p.status == 200 and p.header("Content-Type") == "application/pdf" and p.body[:5] == b"%PDF-",
          "the result as a PDF", p.describe())
    pdf = os.path.join(tmpdir, "rate-result-%d.pdf" % res["poll_id"])
    with open(pdf, "wb") as f:
        f.write(p.body)
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, check=True).stdout.decode()
    check("测评结果" in text and re.search(r"第\s*1\s*页", text) and summary in text, "the PDF's head and foot",
          text[:800])
    flat = re.sub(r"\s+", "", text)
    check(scoring is None or re.sub(r"\s+", "", scoring) in flat, "the PDF's rule of scores", scoring, text[:1200])
    for label, key in FIGURES:
        check("%s %d" % (label, res[key]) in text, "the PDF's %s" % label, text[:600])
    # counted at, in China's time (UTC+8)
    at = datetime.datetime.strptime(res["counted_at"], "%Y-%m-%dT%H:%M:%SZ") + datetime.timedelta(hours=8)
    when = "%d年%d月%d日 %02d:%02d（北京时间）" % (at.year, at.month, at.day, at.hour, at.minute)
    check(when in text and res["bulletin_hash"] in text, "the time counted, in China's, and the hash", when, text[-600:])
    for i, c in enumerate(res["candidates"]):
        name = _rate_name(c)
        rate = _rate(c)
        want = r"\b%d\s+%s\s+%s\s+%s\s+%s" % (i + 1, re.escape(name), r"\s+".join(str(c[m]) for m in marks),
                                             "—" if rate is None else re.escape("%.1f%%" % (rate * 100)),
                                             re.escape(c.get("score_decimal") or "—"))
        lines = text.splitlines()
        at_ = next((k for k, ln in enumerate(lines) if name in ln), None)
        line = lines[at_] if at_ is not None else ""
        # a long verdict may wrap, its first line above the row's others
        cell = re.sub(r"\s+", "", "".join(lines[max(at_ - 1, 0):at_ + 2])) if at_ is not None else ""
        check(re.search(want, line) and re.sub(r"\s+", "", _verdict(c)) in cell, "the PDF's row for %s" % name,
              line, want)
