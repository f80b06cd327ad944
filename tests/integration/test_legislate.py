"""Grassroots legislative contact points (issue 16): a draft published article by article, residents' comments online
(each with a code to follow it) and the staff's from a meeting and an informant, opinions compiled from them, submitted
up the chain and adopted or not, the funnel (heard → submitted → adopted) per draft, article and point, and the feedback
to the people whose comments were adopted. Bad input is refused with a clear error and changes nothing."""
import datetime
import io
import os
import subprocess
import urllib.parse
import zipfile

from client import Session
from harness import admin_session, check, create_congress, create_user, db_exec, db_query, expect, login_session

DRAFT = """中华人民共和国社区服务促进法（草案）

第一章　总　则

第一条　为了促进社区服务发展，满足居民生活需要，制定本法。

第二条　本法所称社区服务，是指在城乡社区开展的公益性和便民利民服务。
社区服务应当坚持以人民为中心。

第二章　服务设施
第一节 规划建设

第三条 新建住宅小区应当按照规划配套建设社区综合服务设施。

第十二条　县级以上人民政府应当将社区服务设施建设纳入国土空间规划。
"""


def _day(days):
    return ((datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date()
            + datetime.timedelta(days=days)).isoformat()


def _world(ctx):
    srv = ctx.new_server()
    admin = admin_session(srv)
    congress = create_congress(admin, level="district")
    create_user(admin, "legis-clerk", "legis-pass-1", "立法联系点秘书", ["clerk"], congress)
    clerk = login_session(srv, "legis-clerk", "legis-pass-1")
    return srv, clerk, congress


def test_draft_by_article(ctx):
    """the whole text is split at each 第…条 with its chapter and section; the public sees a draft only once
    published; its articles change only before"""
    srv, clerk, congress = _world(ctx)
    pub = Session(srv.base)
    d = expect(clerk.post("/api/v1/congresses/%d/drafts" % congress,
                          {"title": "社区服务促进法（草案）", "issuer": "全国人大常委会法制工作委员会",
                           "summary": "征求基层意见", "closes_on": _day(20), "text": DRAFT}), 201, what="a draft")
    arts = d["article_list"]
    check([a["label"] for a in arts] == ["第一条", "第二条", "第三条", "第十二条"], "four articles", arts)
    check(arts[0]["chapter"] == "第一章 总 则" and arts[2]["chapter"] == "第二章 服务设施 / 第一节 规划建设"
          and arts[3]["chapter"] == arts[2]["chapter"], "their chapters and section", [a["chapter"] for a in arts])
    check(arts[1]["text"] == "本法所称社区服务，是指在城乡社区开展的公益性和便民利民服务。\n社区服务应当坚持以人民为中心。",
          "an article's text runs to the next article", arts[1]["text"])
    check(d["status"] == "draft" and d["articles"] == 4, "not yet published", d)
    expect(pub.get("/api/v1/drafts/%d" % d["id"]), 404, "not_found", what="the public does not see it yet")
    listed = expect(pub.get("/api/v1/congresses/%d/drafts" % congress), 200, what="public list")
    check(listed["total"] == 0, "nor in the list", listed)
    plain = expect(clerk.post("/api/v1/congresses/%d/drafts" % congress,
                              {"title": "关于某事项的决定（草案）", "issuer": "省人大常委会法工委", "closes_on": _day(5),
                               "text": "  为了做好某项工作，特作如下决定。 "}), 201, what="no articles")
    check([(a["label"], a["text"]) for a in plain["article_list"]] == [("全文", "为了做好某项工作，特作如下决定。")],
          "a text without articles is one", plain["article_list"])
    edited = expect(clerk.patch("/api/v1/drafts/%d" % d["id"], {"text": DRAFT + "\n第十三条　本法自公布之日起施行。"}),
                    200, what="edit before publishing")
    check(edited["articles"] == 5, "the articles split anew", edited)
    expect(clerk.post("/api/v1/congresses/%d/drafts" % congress,
                      {"title": "过去", "issuer": "某", "closes_on": _day(-1), "text": "第一条 过去。"}), 201)
    past = expect(clerk.get("/api/v1/congresses/%d/drafts?q=%s" % (congress, urllib.parse.quote("过去"))), 200)["items"][0]
    expect(clerk.post("/api/v1/drafts/%d/open" % past["id"], {}), 422, "draft_closes", what="closing day passed")
    opened = expect(clerk.post("/api/v1/drafts/%d/open" % d["id"], {}), 200, what="publish")
    check(opened["status"] == "open" and opened["opened_at"], "open", opened)
    expect(clerk.patch("/api/v1/drafts/%d" % d["id"], {"text": "第一条 改。"}), 409, "draft_not_editable",
           what="no change once published")
    got = expect(pub.get("/api/v1/drafts/%d" % d["id"]), 200, what="the public reads it")
    check(len(got["article_list"]) == 5, "with its articles", got)
    too_many = "".join("第%d条 内容。\n" % i for i in range(1, 2003))
    expect(clerk.post("/api/v1/congresses/%d/drafts" % congress,
                      {"title": "过长", "issuer": "某", "closes_on": _day(3), "text": too_many}), 422, "draft_too_long")
    n = int(db_query(srv.db, "SELECT count(*) FROM draft")[0][0])
    check(n == 3, "the refused draft stored nothing", n)


def test_comments_to_adoption(ctx):
    """comments online and entered, compiled into opinions, submitted, adopted; the funnel counts each stage per
    article and per point; the resident follows the comment by its code; the feedback list names those to tell"""
    srv, clerk, congress = _world(ctx)
    pub = Session(srv.base)
    point = expect(clerk.post("/api/v1/congresses/%d/legis-points" % congress,
                              {"name": "东门街道基层立法联系点", "address": "东门街道办事处三楼"}), 201, what="a point")["id"]
    other_point = expect(clerk.post("/api/v1/congresses/%d/legis-points" % congress, {"name": "城关镇联系点"}), 201)["id"]
    expect(clerk.post("/api/v1/congresses/%d/legis-points" % congress, {"name": "东门街道基层立法联系点"}), 409,
           "legis_point_taken")
    informant = expect(clerk.post("/api/v1/legis-points/%d/informants" % point,
                                  {"name": "周信息员", "organization": "东门社区", "phone": "13900001111"}), 201)["id"]
    expect(clerk.post("/api/v1/legis-points/%d/informants" % point, {"name": "某", "phone": "call me"}), 422,
           "phone_invalid")
    d = expect(clerk.post("/api/v1/congresses/%d/drafts" % congress,
                          {"title": "社区服务促进法（草案）", "issuer": "全国人大常委会法制工作委员会",
                           "closes_on": _day(20), "text": DRAFT}), 201)["id"]
    expect(pub.post("/api/v1/drafts/%d/comments" % d, {"article_no": 1, "text": "尚未发布"}), 404, "not_found",
           what="no comment before it is published")
    expect(clerk.post("/api/v1/drafts/%d/open" % d, {}), 200)
    codes = []
    for art, text, author, contact, pt in [(3, "建议明确配套设施的最低面积标准", "刘女士", "13800138000", point),
                                           (3, "配套设施应与住宅同步交付", None, None, point),
                                           (4, "建议增加对老旧小区补建设施的规定", "王先生", "wang@example.cn", None),
                                           (0, "总体赞成，建议加快出台", None, None, None)]:
        r = expect(pub.post("/api/v1/drafts/%d/comments" % d,
                            {"article_no": art, "text": text, "author": author, "contact": contact, "point_id": pt}),
                   201, what="a comment online")
        check(len(r["code"]) == 19 and r["code"].count("-") == 3, "a code to follow it", r)
        codes.append(r)
    expect(pub.post("/api/v1/drafts/%d/comments" % d, {"article_no": 9, "text": "没有这一条"}), 422, "draft_article")
    expect(pub.post("/api/v1/drafts/%d/comments" % d, {"article_no": 1, "text": "某", "point_id": 99999}), 422,
           "legis_point_unknown")
    expect(pub.post("/api/v1/drafts/%d/comments" % d, {"article_no": 1, "text": ""}), 422, "invalid_value")
    meeting = expect(clerk.post("/api/v1/drafts/%d/comments/entered" % d,
                                {"article_no": 3, "channel": "meeting", "point_id": point, "author": "座谈会：李代表",
                                 "text": "设施建设资金来源应当明确"}), 201, what="from a meeting")["id"]
    by_informant = expect(clerk.post("/api/v1/drafts/%d/comments/entered" % d,
                                     {"article_no": 2, "channel": "informant", "point_id": point,
                                      "informant_id": informant, "text": "“以人民为中心”的表述建议保留"}), 201)["id"]
    expect(clerk.post("/api/v1/drafts/%d/comments/entered" % d,
                      {"article_no": 2, "channel": "informant", "point_id": other_point, "informant_id": informant,
                       "text": "某"}), 422, "legis_informant_unknown", what="an informant of another point")
    expect(clerk.post("/api/v1/drafts/%d/comments/entered" % d, {"article_no": 2, "channel": "online", "text": "某"}),
           422, "invalid_value", what="the staff enter no online comment")
    comments = expect(clerk.get("/api/v1/drafts/%d/comments?article=3" % d), 200, what="article 3's comments")
    check(comments["total"] == 3 and all("contact" not in c for c in comments["items"]),
          "three on article 3, no contact in the list", comments)
    ids3 = [c["id"] for c in comments["items"]]
    # compile: article 3's three comments into one opinion; article 4's into another; one on article 2 left alone
    expect(clerk.post("/api/v1/drafts/%d/opinions" % d, {"article_no": 4, "text": "某", "comment_ids": [ids3[0]]}), 422,
           "comment_article", what="a comment of another article")
    op3 = expect(clerk.post("/api/v1/drafts/%d/opinions" % d,
                            {"article_no": 3, "text": "建议第三条明确配套设施最低面积标准、资金来源，并与住宅同步交付。",
                             "comment_ids": ids3}), 201, what="compile article 3")
    check(op3["comments"] == 3 and op3["status"] == "compiled" and op3["label"] == "第三条", "compiled", op3)
    expect(clerk.post("/api/v1/drafts/%d/opinions" % d, {"article_no": 3, "text": "再", "comment_ids": [ids3[1]]}),
           422, "comment_unknown", what="a comment already in an opinion")
    c4 = expect(clerk.get("/api/v1/drafts/%d/comments?article=4&unassigned=1" % d), 200)["items"]
    op4 = expect(clerk.post("/api/v1/drafts/%d/opinions" % d,
                            {"article_no": 4, "text": "建议增加老旧小区补建社区服务设施的规定。",
                             "comment_ids": [c["id"] for c in c4]}), 201)
    expect(clerk.post("/api/v1/legis-opinions/%d/outcome" % op3["id"], {"adopted": True}), 409, "opinion_state",
           what="an outcome before it is submitted")
    for op in (op3, op4):
        s = expect(clerk.post("/api/v1/legis-opinions/%d/submit" % op["id"],
                              {"submitted_to": "全国人大常委会法制工作委员会"}), 200, what="submit")
        check(s["status"] == "submitted" and s["submitted_at"], "submitted", s)
    expect(clerk.post("/api/v1/legis-opinions/%d/submit" % op3["id"], {"submitted_to": "再"}), 409, "opinion_state")
    expect(clerk.post("/api/v1/legis-opinions/%d/outcome" % op3["id"],
                      {"adopted": True, "note": "草案二审稿第三条第二款采纳"}), 200, what="adopted")
    expect(clerk.post("/api/v1/legis-opinions/%d/outcome" % op4["id"], {"adopted": False, "note": "另行研究"}), 200)
    # the funnel: comments 6 heard → 5 compiled/submitted → 3 adopted; opinions 2 → 2 → 1
    f = expect(pub.get("/api/v1/drafts/%d/funnel" % d), 200, what="the funnel")
    check(f["comments"] == {"heard": 6, "compiled": 4, "submitted": 4, "adopted": 3}
          and f["opinions"] == {"heard": 2, "compiled": 2, "submitted": 2, "adopted": 1}, "the draft's funnel", f)
    arts = {a["article_no"]: a for a in f["articles"]}
    check(arts[3]["heard"] == 3 and arts[3]["adopted"] == 3 and arts[3]["label"] == "第三条"
          and arts[0]["label"] == "全文" and arts[2]["compiled"] == 0 and arts[4]["submitted"] == 1
          and arts[4]["adopted"] == 0, "per article", f["articles"])
    pts = {p["point_id"]: p for p in f["points"]}
    check(pts[point]["heard"] == 4 and pts[point]["adopted"] == 3 and pts[None]["heard"] == 2
          and pts[point]["point_name"] == "东门街道基层立法联系点", "per point (online ones without a point apart)",
          f["points"])
    # the resident follows the comment
    t = expect(pub.post("/api/v1/legis-comments/track", {"code": codes[0]["code"]}), 200, what="track")
    check(t["state"] == "adopted" and t["outcome_note"] == "草案二审稿第三条第二款采纳" and t["label"] == "第三条"
          and "contact" not in t and "author" not in t, "adopted, and where", t)
    t4 = expect(pub.post("/api/v1/legis-comments/track", {"code": codes[2]["code"].replace("-", "").lower()}), 200)
    check(t4["state"] == "not_adopted", "typed without hyphens, lower case", t4)
    t0 = expect(pub.post("/api/v1/legis-comments/track", {"code": codes[3]["code"]}), 200)
    check(t0["state"] == "received" and t0["label"] is None, "the whole draft's comment, received", t0)
    expect(pub.post("/api/v1/legis-comments/track", {"code": "AAAA-BBBB-CCCC-DDDD"}), 404, "legis_track_unknown")
    fb = expect(clerk.get("/api/v1/drafts/%d/feedback" % d), 200, what="the feedback list")["items"]
    check(sorted((x["author"], x["contact"], x["channel"], x["has_code"]) for x in fb if x["author"]) ==
          [("刘女士", "13800138000", "online", True), ("座谈会：李代表", None, "meeting", False)]
          and len(fb) == 3 and all(x["outcome_note"] == "草案二审稿第三条第二款采纳" for x in fb),
          "the three whose comments were adopted, with how to reach them", fb)
    expect(pub.get("/api/v1/drafts/%d/feedback" % d), 401, what="not for the public")
    # the submission as PDF (CJK text rendered) and XLSX
    pdf = clerk.get("/api/v1/drafts/%d/submission.pdf" % d)
    check(pdf.status == 200 and pdf.body.startswith(b"%PDF"), "the submission as PDF", pdf.status)
    path = os.path.join(ctx.dir, "submission.pdf")
    with open(path, "wb") as f:
        f.write(pdf.body)
    text = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, check=True).stdout.decode()
    flat = "".join(text.split())
    check("关于社区服务促进法（草案）的意见建议" in flat and "已采纳：草案" in flat and "未采纳" in flat
          and "征集意见6条，汇总为2条意见建议，报送2条（含原始意见4条），已采纳1条（含原始意见3条）" in flat,
          "the PDF says the opinions, their outcomes and the funnel", text)
    x = clerk.get("/api/v1/drafts/%d/submission.xlsx" % d)
    check(x.status == 200, "the submission as XLSX", x.status)
    z = zipfile.ZipFile(io.BytesIO(x.body))
    strings = z.read("xl/sharedStrings.xml").decode()
    check("意见建议汇总" in z.read("xl/workbook.xml").decode() and "建议第三条明确配套设施最低面积标准" in strings
          and "第三条" in strings, "the workbook's sheet and opinions", strings[:300])
    expect(pub.get("/api/v1/drafts/%d/submission.pdf" % d), 401, what="the submission is the staff's")
    # closed: no more online comments; the staff still record a meeting held before the close
    expect(clerk.post("/api/v1/drafts/%d/close" % d, {}), 200)
    expect(pub.post("/api/v1/drafts/%d/comments" % d, {"article_no": 1, "text": "晚了"}), 409, "draft_not_open")
    expect(clerk.post("/api/v1/drafts/%d/comments/entered" % d,
                      {"article_no": 1, "channel": "meeting", "text": "截止前座谈会意见补录"}), 201)
    audit = [r[0] for r in db_query(srv.db, "SELECT action FROM audit WHERE action LIKE 'legis.%' ORDER BY id")]
    check(audit.count("legis.comment_online") == 4 and audit.count("legis.opinion_outcome") == 2
          and "legis.draft_open" in audit and "legis.draft_close" in audit, "every write audited", audit)
    stored = db_query(srv.db, "SELECT count(*) FROM audit WHERE detail LIKE '%13800138000%' OR detail LIKE '%刘女士%'")
    check(int(stored[0][0]) == 0, "the audit log keeps no resident's name or contact", stored)


def test_closing_day_limits_and_long_exports(ctx):
    """past its closing day a draft takes no resident's comment even before the staff close it; comments keep their
    own count per address and hour, apart from the demand form's; an opinion of 5,000 characters with a long
    addressee and note comes out whole in the PDF and the XLSX"""
    srv, clerk, congress = _world(ctx)
    pub = Session(srv.base)
    d = expect(clerk.post("/api/v1/congresses/%d/drafts" % congress,
                          {"title": "某条例（草案）", "issuer": "某", "closes_on": _day(3), "text": DRAFT}), 201)["id"]
    expect(clerk.post("/api/v1/drafts/%d/open" % d, {}), 200)
    check(expect(pub.get("/api/v1/drafts/%d" % d), 200)["accepting"] is True, "accepting while open")
    # the public form's limit: comments until refused, and the demand form still takes this address's demand
    sent = 0
    for _ in range(60):
        r = pub.post("/api/v1/drafts/%d/comments" % d, {"article_no": 1, "text": "意见%d" % sent})
        if r.status == 429:
            check(r.code == "demand_rate", "the limit's code", r.describe())
            break
        check(r.status == 201, "a comment", r.describe())
        sent += 1
    check(0 < sent < 60, "the comments' hourly limit is reached", sent)
    expect(pub.post("/api/v1/demands", {"congress_id": congress, "title": "路灯", "text": "路灯坏了",
                                        "litigation": False}), 201, what="a demand from the same address")
    # past the closing day
    yesterday = _day(-1)
    check(db_exec(srv.db, "UPDATE draft SET closes_on = '%s' WHERE id = %d" % (yesterday, d)) is None, "moved back")
    check(expect(pub.get("/api/v1/drafts/%d" % d), 200)["accepting"] is False, "no longer accepting")
    db_exec(srv.db, "DELETE FROM intake_rate")
    expect(pub.post("/api/v1/drafts/%d/comments" % d, {"article_no": 1, "text": "晚了"}), 409, "draft_not_open",
           what="past the closing day")
    # a long opinion, addressee and note, whole in both exports
    ids = [c["id"] for c in expect(clerk.get("/api/v1/drafts/%d/comments?article=1&per_page=200" % d), 200)["items"]]
    long_text = "意见" * 2500
    op = expect(clerk.post("/api/v1/drafts/%d/opinions" % d, {"article_no": 1, "text": long_text, "comment_ids": ids}),
                201)["id"]
    to, note = "全" * 128, "采" * 1999 + "终"
    expect(clerk.post("/api/v1/legis-opinions/%d/submit" % op, {"submitted_to": to}), 200)
    expect(clerk.post("/api/v1/legis-opinions/%d/outcome" % op, {"adopted": True, "note": note}), 200)
    pdf = clerk.get("/api/v1/drafts/%d/submission.pdf" % d)
    path = os.path.join(ctx.dir, "long.pdf")
    with open(path, "wb") as f:
        f.write(pdf.body)
    flat = "".join(subprocess.run(["pdftotext", path, "-"], capture_output=True, check=True).stdout.decode().split())
    check(flat.count("意见") >= 2500 and flat.count("采") >= 1999 and "终" in flat and flat.count("全") >= 128,
          "the PDF holds the whole opinion, addressee and note", flat.count("意见"), flat.count("采"))
    x = clerk.get("/api/v1/drafts/%d/submission.xlsx" % d)
    strings = zipfile.ZipFile(io.BytesIO(x.body)).read("xl/sharedStrings.xml").decode("utf-8")
    check(long_text in strings and ("已采纳：" + note) in strings and to in strings, "the XLSX too, valid UTF-8")
