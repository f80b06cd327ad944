"""A poll's printables (issue 15): GET /polls/{id}/ballot.pdf (the paper ballot of each form: pick, approve_oppose,
the ranked A3 ballot), /polls/{id}/tally-sheet.pdf (计票结果报告单, once closed) and /polls/{id}/result.xlsx (the
published result). The PDFs are read back with pdftotext (the Chinese titles, the figures, the signature lines), the
workbook with zipfile and its XML (cells: titles, counts, outcomes). A tally sheet of a poll not yet closed is a 409
JSON error in both languages; the staff of the poll's congress may print, anyone may read the result once closed."""
import os
import re
import subprocess

from client import Session
from harness import (admin_session, cast, check, checkin, close_poll, create_congress, create_user, dep_session,
                     expect, import_deputies, login_session, make_cycle, make_deputies, name_scrutineers,
                     post_open, uniq)
from test_progress_report import XLSX_TYPE, read_xlsx, row_of

TITLES = ("老旧小区加装电梯", "背街小巷路灯改造", "社区食堂建设", "城区公厕提升")


class World:
    pass


def _world(ctx, form, slots=2, max_approvals=None, n_deputies=5, srv=None, admin=None):
    """A congress with its clerk and deputies, a round whose four candidates carry TITLES (costs 1.2 million yuan
    and up), a poll of the given ballot form titled in Chinese, every deputy checked in, the first the scrutineer;
    the poll opened."""
    w = World()
    w.srv = srv or ctx.new_server()
    w.admin = admin or admin_session(w.srv)
    w.congress = create_congress(w.admin)
    n = uniq()
    create_user(w.admin, "pclerk%d" % n, "clerk-pass-%d" % n, "印秘书%d" % n, ["clerk"], w.congress)
    w.clerk = login_session(w.srv, "pclerk%d" % n, "clerk-pass-%d" % n)
    w.deputies = import_deputies(w.clerk, w.congress, make_deputies(n_deputies))
    w.cycle, w.cands = make_cycle(w.clerk, w.congress, [1200000, 800000, 650000, 300000], to_phase="collect")
    for cid, title in zip(w.cands, TITLES):
        expect(w.clerk.patch("/api/v1/candidates/%d" % cid, {"title": title}), 200, what="title a candidate")
    # the first to be finished by the end of November (完成时限, on the ranked ballot); the others have no day
    expect(w.clerk.patch("/api/v1/candidates/%d" % w.cands[0], {"finish_by": "2026-11-30"}), 200,
           what="a completion day")
    for ph in ("compile", "vote"):
        expect(w.clerk.post("/api/v1/cycles/%d/phase" % w.cycle, {"phase": ph}), 200, what="phase " + ph)
    w.title = "印刷测试%d号民生实事项目票决" % n
    body = {"title": w.title, "slots": slots, "ballot_form": form}
    if max_approvals:
        body["max_approvals"] = max_approvals
    w.poll = expect(w.clerk.post("/api/v1/cycles/%d/polls" % w.cycle, body), 201, what="create poll")["id"]
    w.sessions = {}
    checkin(w.clerk, w.poll, [d["id"] for d in w.deputies])
    name_scrutineers(w.clerk, w.poll, [(w.deputies[0]["id"], dep_session(w, 0))])
    w.congress_name = expect(w.clerk.get("/api/v1/congresses/%d" % w.congress), 200)["name"]
    return w


def _pdf_text(ctx, r, name):
    check(r.status == 200, "the PDF %s answered %s" % (name, r.status), r.describe(200))
    check((r.header("content-type") or "").startswith("application/pdf"), "a PDF's type", r.headers)
    path = os.path.join(ctx.dir, name)
    with open(path, "wb") as f:
        f.write(r.body)
    text = subprocess.run(["pdftotext", "-layout", path, "-"], stdout=subprocess.PIPE, check=True).stdout.decode()
    info = subprocess.run(["pdfinfo", path], stdout=subprocess.PIPE, check=True).stdout.decode()
    return text, re.sub(r"\s+", "", text), info


def _ballot(ctx, w, name):
    text, flat, info = _pdf_text(ctx, w.clerk.get("/api/v1/polls/%d/ballot.pdf" % w.poll), name)
    for want in (w.congress_name, w.title, "民生实事项目代表票决票", "填写说明", "计票规则") + TITLES:
        check(want in flat, "the ballot %s says %s" % (name, want), text[:2000])
    # the candidates in the poll's order
    at = [flat.index(t) for t in TITLES]
    check(at == sorted(at), "the ballot lists the candidates as the poll holds them", text[:2000])
    return text, flat, info


def test_ballot_pick(ctx):
    """the pick ballot (A4): title, congress, the instructions with its N, the candidates with a 同意 box each"""
    w = _world(ctx, "pick", slots=2, max_approvals=3)
    text, flat, info = _ballot(ctx, w, "pick.pdf")
    check("最多同意3个项目" in flat and "多于3个的为无效票" in flat and "确定2个民生实事项目" in flat,
          "the pick ballot states its limit", text[:2000])
    check("同意" in flat and "1,200,000" in flat, "the pick ballot's columns", text[:2000])
    check(re.search(r"Page size:\s+595(\.\d+)? x 842", info), "the pick ballot is A4 portrait", info)


def test_ballot_approve_oppose(ctx):
    """the approve / oppose / abstain ballot (A4): three columns of boxes"""
    w = _world(ctx, "approve_oppose", slots=2)
    text, flat, info = _ballot(ctx, w, "ao.pdf")
    check(all(c in flat for c in ("赞成", "反对", "弃权")) and "三栏中任选一栏" in flat, "the approve / oppose ballot",
          text[:2000])


def test_ballot_ranked(ctx):
    """the ranked ballot: A3 landscape, each candidate's unit, cost and completion day, a rank box"""
    w = _world(ctx, "ranked", slots=2, max_approvals=3)
    text, flat, info = _ballot(ctx, w, "ranked.pdf")
    check(re.search(r"Page size:\s+1191(\.\d+)? x 842", info), "the ranked ballot is A3 landscape", info)
    check("排序" in flat and "最多排序3个项目" in flat and "1,200,000" in flat and "800,000" in flat
          and "责任单位" in flat and "市交通运输局" in flat, "the ranked ballot lists units, costs and a rank box",
          text[:2000])
    check("完成时限" in flat and "2026年11月30日" in flat, "the ranked ballot has the completion day column", text[:3000])
    row = next((ln for ln in text.splitlines() if TITLES[0] in ln), "")
    check("2026年11月30日" in row, "the completion day is on its candidate's row", text[:3000])
    later = "".join(ln for ln in text.splitlines() if TITLES[1] in ln)
    check("2026年" not in later and "—" in later, "a candidate without a day shows a dash", later)


def test_tally_sheet_and_result(ctx):
    """a pick poll voted and closed: the tally sheet has the figures, each candidate's count and outcome in the
    result's order, the rule, the signature lines with the scrutineer's name; the XLSX the same figures and rows"""
    w = _world(ctx, "pick", slots=2, max_approvals=2, n_deputies=5)
    a, b, c, d = w.cands
    # refused before the close (draft, then open), in both languages
    for state in ("draft", "open"):
        r = w.clerk.get("/api/v1/polls/%d/tally-sheet.pdf" % w.poll)
        expect(r, 409, "tally_sheet_not_closed", what="the tally sheet of a %s poll" % state)
        err = r.json["error"]
        check("计票结果报告单" in err["message_zh"] and "tally sheet" in err["message"], "zh and en", err)
        expect(w.clerk.get("/api/v1/polls/%d/result.xlsx" % w.poll), 409, "poll_not_closed",
               what="the result workbook of a %s poll" % state)
        if state == "draft":
            expect(post_open(w.clerk, w.poll), 200, what="open")
    cast(dep_session(w, 0), w.poll, [a, b])
    cast(dep_session(w, 1), w.poll, [a, b])
    cast(dep_session(w, 2), w.poll, [a, c])
    cast(dep_session(w, 3), w.poll, [a])
    cast(dep_session(w, 4), w.poll, [])
    res = close_poll(w.clerk, w.poll)
    by = {x["candidate_id"]: x for x in res["candidates"]}
    check(by[a]["approvals"] == 4 and by[b]["approvals"] == 2 and by[a]["status"] == "selected", "the count", res)

    text, flat, _ = _pdf_text(ctx, w.clerk.get("/api/v1/polls/%d/tally-sheet.pdf" % w.poll), "tally.pdf")
    for want in (w.congress_name, w.title, "计票结果报告单", "应到代表（人）5", "实到代表（人）5", "发出选票（张）5",
                 "收回选票（张）5", "有效票（张）4", "无效票（张）0", "空白票（张）1", "计票规则",
                 "即同意票不少于3票", "监票人（签名）", "计票人（签名）", "总监票人（签名）", "日期",
                 "（%s）" % w.deputies[0]["name"]) + TITLES:
        check(want in flat, "the tally sheet says %s" % want, text)
    # each candidate: rank, title, cost, votes, outcome — in the result's order
    order = [x["title"] for x in sorted(res["candidates"], key=lambda x: x["rank"])]
    at = [flat.index(t) for t in order]
    check(at == sorted(at), "the tally sheet lists the candidates in the result's order", order, text)
    for x in res["candidates"]:
        line = next((ln for ln in text.splitlines() if x["title"] in ln), "")
        words = "入选" if x["status"] == "selected" else "未入选"
        check(re.search(r"\b%d\b" % x["approvals"], line) and words in line and
              (x["status"] == "selected") == ("未入选" not in line),
              "the tally sheet's row of %s: %d votes, %s" % (x["title"], x["approvals"], words), line)
    check("本次投票有效" in flat, "the status of the vote", text)

    # the workbook: anyone may read it once the result is public
    r = Session(w.srv.base).get("/api/v1/polls/%d/result.xlsx" % w.poll)
    check(r.status == 200 and (r.header("content-type") or "").startswith(XLSX_TYPE), "the result workbook",
          r.describe(200))
    book = read_xlsx(r.body)
    check(list(book) == ["投票结果"], "one sheet 投票结果", list(book))
    cells = book["投票结果"]
    check(w.title in cells["A1"] and w.congress_name in cells["A1"], "the workbook's title", cells.get("A1"))
    for label, value in (("应到代表（人）", 5), ("收回选票（张）", 5), ("有效票（张）", 4), ("空白票（张）", 1),
                         ("无效票（张）", 0), ("入选项目（个）", res["n_selected"])):
        row = row_of(cells, "A", label)
        check(row and cells.get("C%d" % row) == value, "the workbook's %s is %s" % (label, value), cells)
    head = row_of(cells, "A", "名次")
    check(head and [cells.get("%s%d" % (col, head)) for col in "BEFIJ"] ==
          ["项目名称", "计划投资（元）", "同意票", "得票率（占有效票）", "结果"], "the table's Chinese headers", cells)
    for k, x in enumerate(sorted(res["candidates"], key=lambda x: x["rank"])):
        row = head + 1 + k
        want = [float(x["rank"]), x["title"], float(x["cost"]), float(x["approvals"]),
                "入选" if x["status"] == "selected" else None]
        got = [cells.get("%s%d" % (col, row)) for col in "ABEFJ"]
        check(got[:4] == want[:4] and (want[4] is None or got[4] == want[4]) and
              got[4].startswith("入选" if x["status"] == "selected" else "未入选"),
              "the workbook's row %d" % row, got, want)
        check(abs(cells.get("I%d" % row) - x["approvals"] / 4) < 1e-9, "the share of the valid ballots",
              cells.get("I%d" % row))


def test_access_by_role(ctx):
    """the ballot and the tally sheet: the staff of the poll's congress only; the workbook: anyone once closed"""
    w = _world(ctx, "pick", slots=1, n_deputies=3)
    expect(post_open(w.clerk, w.poll), 200, what="open")
    cast(dep_session(w, 0), w.poll, [w.cands[0]])
    close_poll(w.clerk, w.poll)
    other = create_congress(w.admin)
    n = uniq()
    create_user(w.admin, "pother%d" % n, "other-pass-%d" % n, "他秘书", ["clerk"], other)
    clerk_other = login_session(w.srv, "pother%d" % n, "other-pass-%d" % n)
    sessions = {"anonymous": Session(w.srv.base), "deputy": dep_session(w, 1), "clerk_other": clerk_other,
                "clerk": w.clerk, "admin": w.admin}
    want = {"ballot.pdf": {"anonymous": 401, "deputy": 403, "clerk_other": 403, "clerk": 200, "admin": 200},
            "tally-sheet.pdf": {"anonymous": 401, "deputy": 403, "clerk_other": 403, "clerk": 200, "admin": 200},
            "result.xlsx": {"anonymous": 200, "deputy": 200, "clerk_other": 200, "clerk": 200, "admin": 200}}
    for what, roles in want.items():
        for role, status in roles.items():
            r = sessions[role].get("/api/v1/polls/%d/%s" % (w.poll, what))
            check(r.status == status, "%s as %s: %s, want %s" % (what, role, r.status, status), r.describe())
            if status != 200:
                check(r.code, "a JSON error", r.describe())
    expect(w.clerk.get("/api/v1/polls/999999/tally-sheet.pdf"), 404, what="no such poll")


def test_tally_sheet_and_result_other_forms(ctx):
    """an approve / oppose poll: the tally sheet and the workbook give each project's 反对票 and 弃权票 beside its
    同意票; a ranked poll: 得分 (Borda points) and, in the workbook, each one's share of all points"""
    w = _world(ctx, "approve_oppose", slots=2, n_deputies=5)
    a, b, c, d = w.cands
    expect(post_open(w.clerk, w.poll), 200, what="open")
    ballots = [({"choices": [a, b], "oppose": [c]}), ({"choices": [a], "oppose": [b, c]}), ({"choices": [a, c]}),
               ({"choices": [a], "oppose": [d]}), ({"choices": [], "oppose": [a]})]
    for i, body in enumerate(ballots):
        expect(dep_session(w, i).post("/api/v1/polls/%d/ballot" % w.poll, body), 201, what="ballot %d" % i)
    res = close_poll(w.clerk, w.poll)
    by = {x["candidate_id"]: x for x in res["candidates"]}
    check((by[a]["approvals"], by[a]["opposes"], by[a]["abstains"]) == (4, 1, 0) and
          (by[c]["approvals"], by[c]["opposes"], by[c]["abstains"]) == (1, 2, 2), "the count", res)
    text, flat, _ = _pdf_text(ctx, w.clerk.get("/api/v1/polls/%d/tally-sheet.pdf" % w.poll), "ao-tally.pdf")
    check("反对票" in flat and "弃权票" in flat, "the columns", text)
    for x in res["candidates"]:
        line = next((ln for ln in text.splitlines() if x["title"] in ln), "")
        nums = [int(n) for n in re.findall(r"(?<![\d,])\d+(?![\d,])", line.split(x["title"], 1)[1])]
        check(nums[:3] == [x["approvals"], x["opposes"], x["abstains"]],
              "the tally sheet's row of %s: %s" % (x["title"], (x["approvals"], x["opposes"], x["abstains"])), line)
    cells = read_xlsx(expect_ok(w.clerk.get("/api/v1/polls/%d/result.xlsx" % w.poll)))["投票结果"]
    head = row_of(cells, "A", "名次")
    for k, x in enumerate(sorted(res["candidates"], key=lambda x: x["rank"])):
        row = head + 1 + k
        got = [cells.get("%s%d" % (col, row)) for col in "BFGH"]
        check(got == [x["title"], float(x["approvals"]), float(x["opposes"]), float(x["abstains"])],
              "the workbook's row %d" % row, got, x)

    r = _world(ctx, "ranked", slots=2, max_approvals=3, n_deputies=3, srv=w.srv, admin=w.admin)
    a, b, c, d = r.cands
    expect(post_open(r.clerk, r.poll), 200, what="open")
    cast(dep_session(r, 0), r.poll, [c, a, b])  # c 4, a 3, b 2
    cast(dep_session(r, 1), r.poll, [a, c])     # a 4, c 3
    cast(dep_session(r, 2), r.poll, [b])        # b 4
    res = close_poll(r.clerk, r.poll)
    pts = {x["candidate_id"]: x["approvals"] for x in res["candidates"]}
    check(pts == {a: 7, b: 6, c: 7, d: 0}, "Borda points", pts)
    text, flat, _ = _pdf_text(ctx, r.clerk.get("/api/v1/polls/%d/tally-sheet.pdf" % r.poll), "ranked-tally.pdf")
    check("得分" in flat and "票数线：" not in flat, "a ranked tally sheet has points and no majority line", text)
    cells = read_xlsx(expect_ok(r.clerk.get("/api/v1/polls/%d/result.xlsx" % r.poll)))["投票结果"]
    head = row_of(cells, "A", "名次")
    check(cells.get("F%d" % head) == "得分" and cells.get("I%d" % head) == "得分占比", "the ranked headers", cells)
    for k, x in enumerate(sorted(res["candidates"], key=lambda x: x["rank"])):
        row = head + 1 + k
        check(cells.get("F%d" % row) == x["approvals"] and abs(cells.get("I%d" % row) - x["approvals"] / 20) < 1e-9,
              "the ranked row %d" % row, cells.get("F%d" % row), cells.get("I%d" % row), x)


def expect_ok(r):
    check(r.status == 200, "%s %s" % (r.method, r.path), r.describe(300))
    return r.body


def test_evaluation_has_none(ctx):
    """an evaluation's poll (form rate) has no paper ballot, tally sheet or workbook here: 409 evaluation_elsewhere"""
    from test_access import _evaluation
    srv = ctx.new_server()
    admin = admin_session(srv)
    congress = create_congress(admin)
    n = uniq()
    create_user(admin, "pev%d" % n, "clerk-pass-%d" % n, "评秘书", ["clerk"], congress)
    clerk = login_session(srv, "pev%d" % n, "clerk-pass-%d" % n)
    deps = import_deputies(clerk, congress, make_deputies(2))
    unit = expect(clerk.post("/api/v1/congresses/%d/units" % congress, {"name": "评议测试局"}), 201)["id"]
    ev, _ = _evaluation(srv, clerk, congress, deps, unit)
    for what in ("ballot.pdf", "tally-sheet.pdf", "result.xlsx"):
        expect(clerk.get("/api/v1/polls/%d/%s" % (ev, what)), 409, "evaluation_elsewhere", what=what)
