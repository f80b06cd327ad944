// Legislative contact points (基层立法联系点) and referral up or down a level
// (三级联动) in a real browser, on the demo's Jiangbei district. A resident on a
// phone goes from the district's public page to its drafts, opens the open
// draft through the contact point (?point=), comments on its second article,
// is shown the code once and follows it on the track page (received, no name
// or contact); a closed draft has no form and says so. clerk_jb pastes a
// draft's whole text and sees the articles the server split it into, changes
// it (split anew), publishes it; on the open draft enters a meeting's
// comment, compiles it with the resident's into an opinion, submits it and
// records it adopted: the resident's code then reads 已采纳 with where; the
// funnel on the page is the API's; the feedback list names the resident with
// the contact; the submission's PDF and XLSX answer with their types; a
// district clerk opening a town's draft is told why it cannot read its
// feedback list. clerk_cg refers a town's demand up to Jiangbei (a reason
// required), it leaves the town's list and is in the district's, and the
// resident's tracking page shows the referral. A draft whose last day is
// today takes comments (the form shows); the day after it, on a second
// server over the same database with MINSHENG_TODAY moved on, the open draft
// no longer does (the server's accepting, and 409 to a comment): the page
// says the period has ended and has no form. axe-clean throughout.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, serve, launch, newPage, field, checkA11y, login, apiCall, assertNoOverflow, assertClean, screenshot, DESKTOP } from './harness.mjs'

const PHONE = { width: 390, height: 844 }
const COMMENT = '建议明确电动自行车登记的办理地点和时限，方便群众就近办理。（浏览器测试）'
const AUTHOR = '李建国'
const CONTACT = '13700001111'
const MEETING = '座谈会上居民提出：登记应当实行“一次办好”。（浏览器测试）'
const OPINION = '建议第二条增加“登记应当就近办理、当场发放号牌”的规定。'
const SUBMIT_TO = '江州市人大常委会法制工作委员会'
const WHERE = '草案修改稿第二条第二款采纳（浏览器测试）'
const NEW_TITLE = '江州市养犬管理条例（草案征求意见稿）（浏览器测试）'
const NEW_TEXT = [
  '江州市养犬管理条例（草案征求意见稿）',
  '为了规范养犬行为，现公开征求意见。',
  '第一章 总则',
  '第一条 为了规范养犬行为，保障公民健康和人身安全，制定本条例。',
  '第二条 本市行政区域内养犬和相关管理活动，适用本条例。',
  '第二章 养犬登记',
  '第三条 个人饲养犬只的，应当办理养犬登记。',
].join('\n')
const DEMAND = '城关镇与柳河镇交界处道路积水（浏览器测试）'
const REASON = '该路段涉及两镇，需区人大统筹协调（浏览器测试）'

let server
let browser
let anon
let ids
let openDraft // the demo's open draft (电动自行车)
let closedDraft // the demo's closed draft (物业管理)
let point // the demo's contact point
let code // the resident's comment code

before(async () => {
  server = await startServer()
  browser = await launch()
  anon = await newPage(browser, DESKTOP)
  await anon.goto(server.url + '/')
  const all = (await apiCall(anon, 'GET', '/congresses?per_page=200')).body.items
  const find = (part) => {
    const c = all.find((x) => x.name.includes(part))
    assert.ok(c, `the demo has ${part}`)
    return c
  }
  ids = { jiangbei: find('江北区人民'), chengguan: find('城关镇') }
  const drafts = (await apiCall(anon, 'GET', `/congresses/${ids.jiangbei.id}/drafts`)).body.items
  openDraft = drafts.find((d) => d.status === 'open' && d.title.includes('电动自行车'))
  closedDraft = drafts.find((d) => d.status === 'closed' && d.title.includes('物业管理'))
  assert.ok(openDraft && closedDraft, 'the demo has an open and a closed draft')
  point = (await apiCall(anon, 'GET', `/congresses/${ids.jiangbei.id}/legis-points`)).body.items[0]
  assert.match(point.name, /东门街道基层立法联系点/)
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

const text = async (page, sel) => (await page.locator(sel).first().innerText()).trim()

test('a resident on a phone comments on an article through the contact point and follows the code', async () => {
  const page = await newPage(browser, PHONE)
  await page.goto(`${server.url}/congress/${ids.jiangbei.id}`)
  await page.locator('[data-test=drafts-link]').click()
  await page.waitForURL(new RegExp(`/congress/${ids.jiangbei.id}/drafts$`))
  const rows = page.locator('[data-test=draft-row]')
  await rows.first().waitFor()
  assert.equal(await rows.count(), 2, 'the two published drafts')
  await checkA11y(page, 'the drafts of a congress (phone)')
  await assertNoOverflow(page)
  await page.locator('[data-test=draft-link]', { hasText: '电动自行车' }).click()
  await page.waitForURL(new RegExp(`/drafts/${openDraft.id}$`))
  // the address of the contact point's poster names it
  await page.goto(`${server.url}/drafts/${openDraft.id}?point=${point.id}`)
  await page.locator('[data-test=article]').first().waitFor()
  const api = (await apiCall(page, 'GET', `/drafts/${openDraft.id}`)).body
  assert.equal(await page.locator('[data-test=article]').count(), api.article_list.length)
  assert.match(await text(page, '[data-test=draft-point]'), new RegExp(point.name))
  assert.equal(await text(page, '[data-test=draft-status]'), '征求意见中')
  const before2 = api.article_list.find((a) => a.no === 2).comments
  await page.locator('[data-test=comment-article-2]').click()
  await page.locator('[data-test=comment-form]').waitFor()
  assert.match(await page.locator('[data-test=comment-form]').innerText(), /仅供|只供人大工作人员/)
  await checkA11y(page, 'the comment form (phone)')
  await assertNoOverflow(page)
  await field(page, 'comment-text').fill(COMMENT)
  await field(page, 'comment-author').fill(AUTHOR)
  await field(page, 'comment-contact').fill(CONTACT)
  await page.locator('[data-test=comment-send]').click()
  await page.locator('[data-test=comment-done]').waitFor()
  code = await text(page, '[data-test=comment-code]')
  assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
  assert.equal(await page.locator('[data-test=comment-form]').count(), 0, 'the form is gone once sent')
  // the article's count and the funnel follow
  await page.waitForFunction((n) => document.querySelector('[data-test=article][data-no="2"] [data-test=article-comments]')?.textContent?.includes(String(n)), before2 + 1)
  const funnel = (await apiCall(page, 'GET', `/drafts/${openDraft.id}/funnel`)).body
  assert.equal(await text(page, '[data-test=funnel-heard]'), String(funnel.comments.heard))
  await checkA11y(page, 'the code shown (phone)')
  await assertNoOverflow(page)
  await screenshot(page, 'legislate-code-phone')
  await page.locator('[data-test=comment-track]').click()
  await page.waitForURL(/\/drafts\/track\?code=/)
  await page.locator('[data-test=ctrack-result]').waitFor()
  assert.equal(await text(page, '[data-test=ctrack-state]'), '已收到，待汇总')
  assert.equal(await text(page, '[data-test=ctrack-article]'), '第二条')
  const shown = await page.locator('[data-test=ctrack-result]').innerText()
  assert.ok(!shown.includes(AUTHOR) && !shown.includes(CONTACT), 'no name or contact on the track page')
  await checkA11y(page, 'the comment track page (phone)')
  await assertNoOverflow(page)
  // the comment came through the point (the staff's list says so)
  assertClean(page)
  await page.context().close()
})

test('a closed draft has no form and says it is closed; the demand tracking page links to the comment tracking', async () => {
  const page = await newPage(browser, PHONE)
  await page.goto(`${server.url}/drafts/${closedDraft.id}`)
  await page.locator('[data-test=draft-closed]').waitFor()
  assert.equal(await text(page, '[data-test=draft-status]'), '已截止')
  assert.equal(await page.locator('[data-test=comment-whole], [data-test^=comment-article-], [data-test=comment-form]').count(), 0)
  const funnel = (await apiCall(page, 'GET', `/drafts/${closedDraft.id}/funnel`)).body
  for (const s of ['heard', 'compiled', 'submitted', 'adopted'])
    assert.equal(await text(page, `[data-test=funnel-${s}]`), String(funnel.comments[s]), s)
  await page.locator('[data-test=funnel-chart] svg').waitFor()
  await checkA11y(page, 'a closed draft (phone)')
  await assertNoOverflow(page)
  await page.goto(`${server.url}/track`)
  await page.locator('[data-test=track-comment-link]').click()
  await page.waitForURL(/\/drafts\/track$/)
  await field(page, 'ctrack-code').fill(code)
  await page.locator('[data-test=ctrack-go]').click()
  assert.equal((await page.locator('[data-test=ctrack-state]').innerText()).trim(), '已收到，待汇总')
  assertClean(page)
  await page.context().close()
})

test('a draft takes comments until its last day, and says the period has ended the day after', async () => {
  // closing today (China's day, as the server judges it): published, it takes comments
  const clerk = await newPage(browser, DESKTOP)
  await login(clerk, server.url, 'clerk_jb', 'clerk-demo')
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
  const d = await apiCall(clerk, 'POST', `/congresses/${ids.jiangbei.id}/drafts`, { title: '今日截止的草案（浏览器测试）', issuer: '江北区人大常委会', closes_on: today, text: '第一条 测试条文。' })
  assert.equal(d.status, 201, JSON.stringify(d.body))
  assert.equal((await apiCall(clerk, 'POST', `/drafts/${d.body.id}/open`, {})).status, 200)
  await clerk.context().close()
  const page = await newPage(browser, PHONE)
  await page.goto(`${server.url}/drafts/${d.body.id}`)
  await page.locator('[data-test=comment-whole]').waitFor()
  assert.equal((await apiCall(page, 'GET', `/drafts/${d.body.id}`)).body.accepting, true)
  assert.equal(await text(page, '[data-test=draft-status]'), '征求意见中')
  assert.equal(await page.locator('[data-test=comment-article-1]').count(), 1)
  assert.equal(await page.locator('[data-test=draft-ended], [data-test=draft-closed]').count(), 0)
  assertClean(page)
  await page.context().close()

  // the day after the open draft's last day: still open (the staff have not closed it), no longer taking comments
  const next = new Date(Date.parse(openDraft.closes_on + 'T00:00:00Z') + 86400e3).toISOString().slice(0, 10)
  const later = await serve(server.db, { MINSHENG_TODAY: next })
  try {
    const late = await newPage(browser, PHONE)
    await late.goto(`${later.url}/drafts/${openDraft.id}`)
    await late.locator('[data-test=draft-ended]').waitFor()
    const api = (await apiCall(late, 'GET', `/drafts/${openDraft.id}`)).body
    assert.deepEqual([api.status, api.accepting], ['open', false])
    assert.match(await text(late, '[data-test=draft-ended]'), new RegExp(`期限已于${openDraft.closes_on}届满，不再接收意见`))
    assert.equal(await text(late, '[data-test=draft-status]'), '征求意见期限已届满')
    assert.equal(await late.locator('[data-test=comment-whole], [data-test^=comment-article-], [data-test=comment-form], [data-test=draft-point]').count(), 0)
    await checkA11y(late, 'an open draft past its last day (phone)')
    await assertNoOverflow(late)
    await screenshot(late, 'legislate-ended-phone')
    assertClean(late)
    // the server refuses a comment too (from another tab, whose 409 in the console is expected)
    const probe = await late.context().newPage()
    await probe.goto(later.url + '/')
    const c = await apiCall(probe, 'POST', `/drafts/${openDraft.id}/comments`, { article_no: 1, text: '截止后的意见' })
    assert.deepEqual([c.status, c.body?.error?.code], [409, 'draft_not_open'], JSON.stringify(c.body))
    // the congress's list says so too, and puts the drafts still taking comments first
    await late.goto(`${later.url}/congress/${ids.jiangbei.id}/drafts`)
    const row = late.locator('[data-test=draft-row]', { has: late.locator(`a[href="/drafts/${openDraft.id}"]`) })
    await row.waitFor()
    assert.equal(await row.locator('[data-test=draft-row-status]').innerText(), '征求意见期限已届满')
    assert.equal((await apiCall(late, 'GET', `/congresses/${ids.jiangbei.id}/drafts`)).body.items.find((x) => x.id === openDraft.id).accepting, false)
    await late.context().close()
  } finally {
    await later.stop()
  }
})

test('the clerk pastes a draft, sees the articles split, changes it and publishes it', async () => {
  const page = await newPage(browser, DESKTOP)
  await login(page, server.url, 'clerk_jb', 'clerk-demo')
  await page.goto(server.url + '/clerk')
  await page.locator('[data-test=nav-legislate]').click()
  await page.waitForURL(/\/clerk\/legislate/)
  await page.locator('[data-test=lg-point]').first().waitFor()
  await page.locator(`[data-test=lg-show-${point.id}]`).click()
  await page.locator('[data-test=lg-informant]').first().waitFor()
  const inf = (await apiCall(page, 'GET', `/legis-points/${point.id}/informants`)).body.items
  assert.equal(await page.locator('[data-test=lg-informant]').count(), inf.length)
  assert.match(await page.locator('[data-test=lg-informants]').innerText(), new RegExp(inf[0].phone))
  await checkA11y(page, 'the clerk’s legislative contact points')
  const closes = new Date(Date.now() + 8 * 3600e3 + 30 * 86400e3).toISOString().slice(0, 10)
  await field(page, 'lg-title').fill(NEW_TITLE)
  await field(page, 'lg-issuer').fill('江州市人大常委会法制工作委员会')
  await field(page, 'lg-closes').fill(closes)
  await field(page, 'lg-text').fill(NEW_TEXT)
  await page.locator('[data-test=lg-create]').click()
  await page.waitForURL(/\/clerk\/drafts\/\d+$/)
  const id = Number(new URL(page.url()).pathname.split('/').pop())
  await page.locator('[data-test=cd-article]').first().waitFor()
  let api = (await apiCall(page, 'GET', `/drafts/${id}`)).body
  assert.equal(api.status, 'draft')
  assert.deepEqual(api.article_list.map((a) => a.label), ['第一条', '第二条', '第三条'])
  assert.deepEqual(await page.locator('[data-test=cd-article-label]').allInnerTexts(), api.article_list.map((a) => a.label))
  assert.match(await text(page, '[data-test=cd-split]'), /3/)
  assert.match(await page.locator('[data-test=cd-articles]').innerText(), /第二章 养犬登记/)
  // not yet public
  const pub = await apiCall(anon, 'GET', `/drafts/${id}`)
  assert.equal(pub.status, 404)
  await checkA11y(page, 'a draft split, not yet published')
  await screenshot(page, 'legislate-split')
  // changed: the text is split anew
  await field(page, 'cd-edit-text').fill(NEW_TEXT + '\n第四条 本条例自公布之日起施行。')
  await page.locator('[data-test=cd-edit-save]').click()
  await page.waitForFunction(() => document.querySelectorAll('[data-test=cd-article]').length === 4)
  api = (await apiCall(page, 'GET', `/drafts/${id}`)).body
  assert.equal(api.articles, 4)
  await page.locator('[data-test=cd-publish]').click()
  await page.locator('.el-message-box__btns .el-button--primary').click()
  await page.waitForFunction(() => document.querySelector('[data-test=cd-status]')?.textContent?.trim() === '征求意见中')
  const list = (await apiCall(anon, 'GET', `/congresses/${ids.jiangbei.id}/drafts`)).body.items
  assert.equal(list.find((d) => d.id === id)?.status, 'open', 'the public list has it')
  assertClean(page)
  await page.context().close()
})

test('the clerk enters a meeting’s comment, compiles it with the resident’s, submits and records it adopted', async () => {
  const page = await newPage(browser, DESKTOP)
  await login(page, server.url, 'clerk_jb', 'clerk-demo')
  await page.goto(`${server.url}/clerk/drafts/${openDraft.id}`)
  await page.locator('[data-test=cd-enter]').waitFor()
  await page.locator('[data-test=cd-enter-article]').selectOption('2')
  await page.locator('[data-test=cd-enter-point]').selectOption(String(point.id))
  await field(page, 'cd-enter-author').fill('座谈会：东门社区居民代表')
  await field(page, 'cd-enter-text').fill(MEETING)
  await page.locator('[data-test=cd-enter-save]').click()
  await page.locator('[data-test=cd-comment-text]', { hasText: MEETING }).waitFor()
  // the comments of article 2 not yet compiled, as the server filters them
  await page.locator('[data-test=cd-filter-article]').selectOption('2')
  await page.locator('[data-test=cd-filter-unassigned]').click()
  const want = (await apiCall(page, 'GET', `/drafts/${openDraft.id}/comments?article=2&unassigned=1`)).body.items
  assert.equal(want.length, 2, JSON.stringify(want))
  await page.waitForFunction((n) => document.querySelectorAll('[data-test=cd-comment]').length === n && [...document.querySelectorAll('[data-test=cd-comment]')].every((e) => e.dataset.article === '2'), want.length)
  const resident = want.find((c) => c.text === COMMENT)
  assert.equal(resident.point_id, point.id, 'the resident’s comment came through the point')
  assert.equal(resident.channel, 'online')
  const meeting = want.find((c) => c.text === MEETING)
  assert.equal(meeting.channel, 'meeting')
  await checkA11y(page, 'a draft’s comments (clerk)')
  for (const c of want) await page.locator(`[data-test=cd-pick-${c.id}]`).check()
  await field(page, 'cd-compile-text').fill(OPINION)
  await page.locator('[data-test=cd-compile-save]').click()
  const op = page.locator('[data-test=cd-opinion]', { hasText: OPINION })
  await op.waitFor()
  assert.equal((await op.locator('[data-test=cd-opinion-status]').innerText()).trim(), '已汇总')
  // both now in the opinion: the unassigned filter leaves none
  await page.waitForFunction(() => document.querySelectorAll('[data-test=cd-comment]').length === 0)
  await op.locator('[data-test=cd-submit]').click()
  await field(page, 'cd-submit-to').fill(SUBMIT_TO)
  await page.locator('[data-test=cd-submit-save]').click()
  await page.waitForFunction((t) => [...document.querySelectorAll('[data-test=cd-opinion]')].some((e) => e.textContent.includes(t) && e.querySelector('[data-test=cd-opinion-status]').textContent.trim() === '已报送'), OPINION)
  await op.locator('[data-test=cd-outcome]').click()
  await page.locator('[data-test=cd-adopted-yes]').click()
  await field(page, 'cd-outcome-note').fill(WHERE)
  await page.locator('[data-test=cd-outcome-save]').click()
  await page.waitForFunction((t) => [...document.querySelectorAll('[data-test=cd-opinion]')].some((e) => e.textContent.includes(t) && e.querySelector('[data-test=cd-opinion-status]').textContent.trim() === '已采纳'), OPINION)
  const ops = (await apiCall(page, 'GET', `/drafts/${openDraft.id}/opinions`)).body.items
  const mine = ops.find((o) => o.text === OPINION)
  assert.deepEqual([mine.status, mine.comments, mine.submitted_to, mine.outcome_note], ['adopted', 2, SUBMIT_TO, WHERE])

  // the funnel on the page is the API's, overall and per article
  const funnel = (await apiCall(page, 'GET', `/drafts/${openDraft.id}/funnel`)).body
  assert.equal(funnel.comments.adopted, 2)
  await page.waitForFunction((n) => document.querySelector('[data-test=funnel-adopted]')?.textContent?.trim() === String(n), funnel.comments.adopted)
  for (const s of ['heard', 'compiled', 'submitted', 'adopted'])
    assert.equal(await text(page, `[data-test=funnel-${s}]`), String(funnel.comments[s]), s)
  const rows = await page.locator('[data-test=funnel-row]').evaluateAll((rs) => rs.map((r) => [Number(r.dataset.article), ...['heard', 'compiled', 'submitted', 'adopted'].map((s) => Number(r.querySelector(`[data-test=funnel-row-${s}]`).textContent))]))
  assert.deepEqual(rows, funnel.articles.map((a) => [a.article_no, a.heard, a.compiled, a.submitted, a.adopted]))
  assert.match(await text(page, '[data-test=funnel-opinions]'), new RegExp(`被采纳 ${funnel.opinions.adopted} 条`))

  // the people to tell: the resident with the contact
  const fb = page.locator('[data-test=cd-feedback-row]', { hasText: AUTHOR })
  await fb.waitFor()
  assert.match(await fb.innerText(), new RegExp(CONTACT))
  const apiFb = (await apiCall(page, 'GET', `/drafts/${openDraft.id}/feedback`)).body.items
  assert.equal(await page.locator('[data-test=cd-feedback-row]').count(), apiFb.length)
  await checkA11y(page, 'a draft’s opinions, funnel and feedback (clerk)')
  await screenshot(page, 'legislate-clerk-draft')

  // the submission as PDF and XLSX
  for (const [sel, type, magic] of [['cd-pdf', 'application/pdf', '%PDF'], ['cd-xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'PK']]) {
    const href = await page.locator(`[data-test=${sel}]`).getAttribute('href')
    assert.equal(href, `/api/v1/drafts/${openDraft.id}/submission.${sel.slice(3)}`)
    const res = await page.request.get(server.url + href)
    assert.equal(res.status(), 200, sel)
    assert.equal(res.headers()['content-type'], type)
    assert.equal((await res.body()).subarray(0, magic.length).toString(), magic)
  }
  assertClean(page)
  await page.context().close()
})

test('the resident’s code then reads adopted, with where', async () => {
  const page = await newPage(browser, PHONE)
  await page.goto(`${server.url}/drafts/track?code=${encodeURIComponent(code)}`)
  await page.locator('[data-test=ctrack-result]').waitFor()
  assert.equal(await text(page, '[data-test=ctrack-state]'), '已采纳')
  assert.match(await text(page, '[data-test=ctrack-note]'), new RegExp(WHERE.replace(/[()（）]/g, '.')))
  assert.match(await text(page, '[data-test=ctrack-to]'), new RegExp(SUBMIT_TO))
  await checkA11y(page, 'an adopted comment (phone)')
  await assertNoOverflow(page)
  assertClean(page)
  await page.context().close()
})

test('a district clerk opening a town’s draft is told the feedback list is the town’s staff’s', async () => {
  const town = await newPage(browser, DESKTOP)
  await login(town, server.url, 'clerk_cg', 'clerk-demo')
  const closes = new Date(Date.now() + 8 * 3600e3 + 20 * 86400e3).toISOString().slice(0, 10)
  const d = await apiCall(town, 'POST', `/congresses/${ids.chengguan.id}/drafts`, { title: '城关镇测试草案（浏览器测试）', issuer: '城关镇人大主席团', closes_on: closes, text: '第一条 测试。' })
  assert.equal(d.status, 201)
  assert.equal((await apiCall(town, 'POST', `/drafts/${d.body.id}/open`, {})).status, 200)
  await town.context().close()
  const page = await newPage(browser, DESKTOP)
  await login(page, server.url, 'clerk_jb', 'clerk-demo')
  await page.goto(`${server.url}/clerk/drafts/${d.body.id}`)
  await page.locator('[data-test=cd-feedback-error]').waitFor()
  // the server refuses it too (asked from another tab, whose 403 in the console is expected)
  const probe = await page.context().newPage()
  await probe.goto(server.url + '/')
  assert.equal((await apiCall(probe, 'GET', `/drafts/${d.body.id}/feedback`)).status, 403)
  await probe.close()
  assert.match(await text(page, '[data-test=cd-feedback-error]'), /仅供草案所属人大的工作人员查看/)
  assert.equal(await page.locator('[data-test=cd-feedback]').count(), 0)
  assertClean(page)
  await page.context().close()
})

test('a town clerk refers a demand up to the district, which then has it; the resident sees the referral', async () => {
  const filed = await apiCall(anon, 'POST', '/demands', { congress_id: ids.chengguan.id, title: DEMAND, text: '雨后积水深达二十厘米，两镇都说不归自己管。', area: '', litigation: false })
  assert.equal(filed.status, 201, JSON.stringify(filed.body))
  const dcode = filed.body.code
  const page = await newPage(browser, DESKTOP)
  await login(page, server.url, 'clerk_cg', 'clerk-demo')
  await page.goto(server.url + '/clerk')
  await page.locator('[data-test=nav-liaison]').click()
  await page.waitForURL(/\/clerk\/liaison/)
  const item = page.locator('[data-test=lc-demand]', { hasText: DEMAND })
  await item.waitFor()
  await item.locator('[data-test=lc-refer]').click()
  const to = item.locator('[data-test=lc-refer-to]')
  // offered: the district above (the town has no congress below)
  const offered = await to.locator('option:not([disabled])').allInnerTexts()
  assert.deepEqual(offered, [`上级：${ids.jiangbei.name}`])
  // a reason is required
  await to.selectOption(String(ids.jiangbei.id))
  await item.locator('[data-test=lc-refer-send]').click()
  await item.locator('.el-form-item__error', { hasText: '请填写转办理由' }).waitFor()
  await checkA11y(page, 'referring a demand (town clerk)')
  await field(item, 'lc-refer-note').fill(REASON)
  await item.locator('[data-test=lc-refer-send]').click()
  await item.waitFor({ state: 'detached' })
  const left = (await apiCall(page, 'GET', `/congresses/${ids.chengguan.id}/demands?status=new`)).body.items
  assert.ok(!left.some((d) => d.title === DEMAND), 'gone from the town')
  assertClean(page)
  await page.context().close()

  const district = await newPage(browser, DESKTOP)
  await login(district, server.url, 'clerk_jb', 'clerk-demo')
  await district.goto(server.url + '/clerk/liaison')
  const there = district.locator('[data-test=lc-demand]', { hasText: DEMAND })
  await there.waitFor()
  // and the district may send it down again: its towns and street are offered, not its parent only
  await there.locator('[data-test=lc-refer]').click()
  const down = await there.locator('[data-test=lc-refer-to] option:not([disabled])').allInnerTexts()
  assert.ok(down.some((o) => o === `下级：${ids.chengguan.name}`) && down.some((o) => o.startsWith('上级：')), down.join(' / '))
  assertClean(district)
  await district.context().close()

  const resident = await newPage(browser, PHONE)
  await resident.goto(`${server.url}/track?code=${encodeURIComponent(dcode)}`)
  await resident.locator('[data-test=track-result]').waitFor()
  const step = resident.locator('[data-test=track-step]', { hasText: '转上级或下级人大办理' })
  await step.waitFor()
  const note = await step.locator('[data-test=track-note]').innerText()
  assert.ok(note.includes(ids.chengguan.name) && note.includes(ids.jiangbei.name) && note.includes(REASON), note)
  await checkA11y(resident, 'a referred demand’s tracking (phone)')
  await assertNoOverflow(resident)
  assertClean(resident)
  await resident.context().close()
})
