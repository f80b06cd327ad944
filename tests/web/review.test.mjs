// Report-and-rate reviews (述职评议) in a real browser. Set up through the
// API: the demo congress's clerk sets up a review of three units — the
// housing bureau (unit01's) and two more — rated by all deputies on the
// ballots cast, 弃权 allowed, units rated 不满意 to rectify; deputy60 is its
// scrutineer (played from Node), every deputy is checked in. Then: unit01
// attaches its head's report in the unit workspace; the ballot opens;
// deputy01 on a 360 px phone finds the review on the deputy's home, reads the
// report, rates every unit, leaves a comment on the housing bureau (sealed
// like the ballot: nobody reads it before the close), confirms
// with the tracker and gets the receipt with the comment counted. Two more
// ballots through the API; the clerk closes on the review's page with the
// scrutineer's share; the public page shows the verdicts and tallies the
// API gives, the comments and the housing bureau's rectification, overdue
// or not. unit01 reports on the rectification in its workspace, the clerk
// returns it once and accepts it the second time: done, on the public page
// too. Last, the clerk's set-up form: the settings in words, a review made.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startWithClerk, stopAll, apiOk as ok, newPage, field, checkA11y, login, apiCall, assertNoOverflow, finishPage, screenshot, assertClean, PHONE, DESKTOP, assertDownloads, xlsxAndPdf } from './harness.mjs'
import { deputyIds as idsOf, prepare, fetchShares, session } from './scrutineers.mjs'

let server
let browser
let clerk
let rv // the review as created
let held // the scrutineer's key, for the share
let shares
let housing // unit01's unit id
let rectId // its rectification after the close
const REPORT = '2026年，市住房和城乡建设局围绕老旧小区改造、保障性住房建设等重点工作……（述职报告全文）'
const COMMENT = '老旧小区改造进度偏慢，加装电梯协调不够，建议加快推进。'

const unitOf = (id) => rv.units.find((u) => u.unit_id === id)

before(async () => ({ server, browser, clerk } = await startWithClerk()))
after(() => stopAll({ browser, server }))

test('set-up through the API: a review of three units, its scrutineer prepared, every deputy checked in', async () => {
  const officer = await session(server.url, 'unit01', 'unit-demo')
  housing = officer.user.unit_id
  assert.ok(housing, 'unit01 belongs to a unit')
  const units = (await ok(clerk, 'GET', '/congresses/1/units?per_page=200')).items
  const others = units.filter((u) => u.id !== housing).slice(0, 2)
  assert.equal(others.length, 2, 'the demo has more units')
  const today = new Date().toISOString().slice(0, 10)
  rv = await ok(clerk, 'POST', '/congresses/1/reviews', {
    title: `${today.slice(0, 4)}年度部分政府组成部门述职评议`,
    year: Number(today.slice(0, 4)),
    meeting: '市人大常委会第二十次会议',
    held_on: today,
    units: [
      { unit_id: housing, head: '王某某 局长' },
      { unit_id: others[0].id, head: '李某某 局长' },
      { unit_id: others[1].id, head: '张某某 主任' },
    ],
    rectify_at: 'dissatisfied',
    rectify_days: 20,
    threshold_base: 'cast',
    abstain: true,
  }, 201)
  assert.equal(rv.poll.ballot_form, 'rate')
  assert.deepEqual(rv.units.map((u) => u.unit_id), [housing, others[0].id, others[1].id])
  assert.ok(rv.units.every((u) => u.report === '' && u.verdict === null))
  const [scrutineer] = await idsOf((m, p) => apiCall(clerk, m, p), ['deputy60'])
  await ok(clerk, 'PUT', `/polls/${rv.poll_id}/scrutineers`, { scrutineer_ids: [scrutineer] })
  const all = (await ok(clerk, 'GET', '/congresses/1/deputies?per_page=200')).items
  await ok(clerk, 'POST', `/polls/${rv.poll_id}/checkin`, { deputy_ids: all.map((d) => d.id) })
  held = await prepare(server.url, rv.poll_id, ['deputy60'])
})

test('the unit attaches its head’s report in its workspace; the clerk’s page shows it', async () => {
  const page = await newPage(browser, PHONE)
  await login(page, server.url, 'unit01', 'unit-demo')
  await page.goto(server.url + '/unit')
  const item = page.locator(`[data-test=unit-rv][data-review="${rv.id}"]`)
  await item.waitFor()
  assert.match(await item.innerText(), /王某某 局长/)
  assert.match(await item.locator('[data-test=unit-rv-state]').innerText(), /尚未提交述职报告/)
  await item.locator('[data-test=unit-rv-open]').click()
  await field(page, 'unit-rv-input').fill(REPORT)
  await checkA11y(page, 'unit workspace: the report form')
  await item.locator('[data-test=unit-rv-send]').click()
  await item.locator('[data-test=unit-rv-state]').filter({ hasText: '已提交述职报告' }).waitFor()
  await assertNoOverflow(page)
  assertClean(page)
  await page.context().close()
  const now = await ok(clerk, 'GET', `/reviews/${rv.id}`)
  assert.equal(now.units.find((u) => u.unit_id === housing).report, REPORT)
  // the clerk's review page: the report under its unit, the ballot a draft with a link to the desk
  await clerk.goto(`${server.url}/clerk/reviews/${rv.id}`)
  const unit = clerk.locator(`[data-test=rv-unit][data-unit="${housing}"]`)
  await unit.waitFor()
  assert.equal((await unit.locator('[data-test=rv-report]').textContent()).trim(), REPORT)
  assert.equal(await clerk.locator('[data-test=rv-desk]').getAttribute('href'), `/clerk/polls/${rv.poll_id}?review=${rv.id}`)
  assert.ok((await clerk.locator('[data-test=rule-text]').innerText()).includes(rv.poll.rule_text.zh))
  assert.ok((await clerk.locator('[data-test=rectify-words]').innerText()).includes(rv.rectify_words.zh))
  await checkA11y(clerk, 'clerk review page (draft)')
  // the desk the evaluation uses, for this review's poll: back to the review, not to a round
  await clerk.locator('[data-test=rv-desk]').click()
  await clerk.locator('[data-test=review-link]').waitFor()
  await ok(clerk, 'POST', `/polls/${rv.poll_id}/open`, {})
  shares = await fetchShares(rv.poll_id, held)
})

test('a deputy rates every unit on a phone and comments on one: review, receipt, the comment sent; then voted', async () => {
  const page = await newPage(browser, PHONE)
  await login(page, server.url, 'deputy01', 'deputy-demo')
  await page.goto(server.url + '/deputy')
  const card = page.locator(`[data-test=review-card][data-review-id="${rv.id}"]`)
  await card.waitFor()
  assert.equal(await card.getAttribute('data-state'), 'canVote')
  await card.locator('[data-test=review-link]').click()
  await page.waitForURL(`**/deputy/reviews/${rv.id}`)
  const cards = page.locator('[data-test=rate-card]')
  await cards.first().waitFor()
  assert.equal(await cards.count(), 3)
  assert.ok((await page.locator('[data-test=rule-text]').innerText()).includes(rv.poll.rule_text.zh), 'the rule in words')
  const [h, a, b] = rv.units
  const first = page.locator(`[data-test=rate-card][data-unit="${housing}"]`)
  assert.match(await first.innerText(), /王某某 局长/)
  // the report folded, opened on a tap
  assert.equal(await first.locator('[data-test=report] .text').isVisible(), false)
  await first.locator('[data-test=report] summary').click()
  assert.ok((await first.locator('[data-test=report] .text').innerText()).includes('老旧小区改造'))
  assert.equal(await first.locator('input[type=radio]').count(), 4, '弃权 allowed')
  const review = page.locator('[data-test=review]')
  assert.ok(await review.isDisabled(), 'review waits for every unit')
  await page.locator(`[data-test=rate-${h.candidate_id}-dissatisfied]`).click()
  await page.locator(`[data-test=comment-${h.candidate_id}]`).fill(COMMENT)
  await page.locator('[data-test=counter]').filter({ hasText: '已评议 1 / 3 个单位' }).waitFor()
  await checkA11y(page, 'review ballot')
  await assertNoOverflow(page)
  await screenshot(page, 'review-ballot-phone')
  await page.locator(`[data-test=rate-${a.candidate_id}-satisfied]`).click()
  await page.locator(`[data-test=rate-${b.candidate_id}-basic]`).click()
  await page.locator('[data-test=counter]').filter({ hasText: '已评议 3 / 3 个单位' }).waitFor()
  await review.click()
  await page.locator('[data-test=review-screen]').waitFor()
  const rows = page.locator('[data-test=review-row]')
  assert.match(await rows.nth(0).innerText(), /不满意/)
  assert.ok((await rows.nth(0).locator('[data-test=review-comment]').innerText()).includes(COMMENT))
  assert.match(await rows.nth(2).innerText(), /基本满意/)
  const drawn = await page.locator('[data-test=review-tracker]').getAttribute('data-tracker')
  assert.match(drawn, /^[0-9A-HJKMNP-TV-Z]{10}$/)
  await checkA11y(page, 'review confirmation')
  await page.locator('[data-test=cast]').click()
  await page.locator('[data-test=receipt-code]').waitFor()
  assert.equal(await page.locator('[data-test=receipt-tracker]').getAttribute('data-tracker'), drawn)
  assert.match(await page.locator('[data-test=comments-sent]').innerText(), /1 条/)
  assert.equal(await page.locator('[data-test=comments-failed]').count(), 0)
  await checkA11y(page, 'review receipt')
  await assertNoOverflow(page)
  await page.goto(`${server.url}/deputy/reviews/${rv.id}`)
  await page.locator('[data-test=already-voted]').waitFor()
  assert.equal(await page.locator('[data-test=ballot]').count(), 0)
  assertClean(page)
  await page.context().close()
  // the comment is sealed like the ballot: nobody reads it before the close, the staff neither
  const sealed = await apiCall(clerk, 'GET', `/reviews/${rv.id}/comments`)
  assert.equal(sealed.status, 409)
  assert.equal(sealed.body.error.code, 'review_comments_later')
})

test('the clerk closes on the review page with the scrutineer’s share; the public page shows the API’s verdicts', async () => {
  const [h, a, b] = rv.units
  for (const [i, ratings] of [
    { [h.candidate_id]: 'dissatisfied', [a.candidate_id]: 'satisfied', [b.candidate_id]: 'basic' },
    { [h.candidate_id]: 'basic', [a.candidate_id]: 'satisfied', [b.candidate_id]: 'abstain' },
  ].entries()) {
    const d = await session(server.url, `deputy0${i + 2}`, 'deputy-demo')
    const r = await d.call('POST', `/polls/${rv.poll_id}/ballot`, { ratings })
    assert.equal(r.status, 201, JSON.stringify(r.body))
  }
  await clerk.goto(`${server.url}/clerk/reviews/${rv.id}`)
  await clerk.locator('[data-test=rv-cast]').filter({ hasText: '3' }).waitFor()
  assert.equal(await clerk.locator('[data-test=rv-comment]').count(), 0, 'the comments are sealed until the close')
  await clerk.locator('[data-test=rv-close]').click()
  const dialog = clerk.locator('[data-test=close-dialog]')
  await dialog.waitFor()
  await field(clerk, 'share-input-0').fill(shares[0])
  await clerk.locator('[data-test=close-submit]').click()
  await clerk.locator('[data-test=result-table]').waitFor()
  // opened at the close, with no author
  await clerk.locator('[data-test=rv-comment]').first().waitFor()
  const comments = (await ok(clerk, 'GET', `/reviews/${rv.id}/comments`)).items
  assert.deepEqual(comments.map((c) => [c.unit_id, c.body]), [[housing, COMMENT]])
  const res = await ok(clerk, 'GET', `/reviews/${rv.id}/result`)
  assert.equal(res.status, 'final')
  const verdictOf = (c) => c.score_verdict ?? c.verdict // a review that scores takes the score's band
  for (const c of res.candidates)
    assert.equal(await clerk.locator(`[data-test=result-row][data-candidate="${c.candidate_id}"] [data-test=verdict]`).getAttribute('data-verdict'), verdictOf(c))
  // on the ballots cast (3): housing 满意 0, 满意+基本满意 1 → 不满意; A 满意 3 → 满意; B 满意+基本满意 2 → 基本满意
  const verdict = Object.fromEntries(res.candidates.map((c) => [c.unit_id, verdictOf(c)]))
  assert.deepEqual([verdict[h.unit_id], verdict[a.unit_id], verdict[b.unit_id]], ['dissatisfied', 'satisfied', 'basic'])
  const rect = clerk.locator(`[data-test=rect][data-unit="${housing}"]`)
  await rect.waitFor()
  assert.equal(await rect.getAttribute('data-state'), 'open')
  assert.equal(await clerk.locator('[data-test=rect]').count(), 1, 'only the unit rated 不满意 rectifies')
  const rects = (await ok(clerk, 'GET', `/reviews/${rv.id}/rectifications`)).items
  assert.deepEqual(rects.map((x) => [x.unit_id, x.state]), [[housing, 'open']])
  rectId = rects[0].id
  await checkA11y(clerk, 'clerk review page (closed)')

  const page = await newPage(browser, DESKTOP)
  await page.goto(`${server.url}/reviews/${rv.id}`)
  await page.locator('[data-test=result-table]').waitFor()
  assert.equal(await page.locator('[data-test=result-status]').getAttribute('data-status'), 'final')
  assert.equal((await page.locator('[data-test=fig-returned]').innerText()).trim(), String(res.ballots_returned))
  for (const c of res.candidates) {
    const row = page.locator(`[data-test=result-row][data-candidate="${c.candidate_id}"]`)
    for (const k of ['satisfied', 'basic', 'dissatisfied'])
      assert.equal((await row.locator(`[data-test=n-${k}]`).innerText()).trim(), String(c[k]), `${c.title}: ${k}`)
    assert.equal((await row.locator('[data-test=n-abstain]').innerText()).trim(), String(c.abstain + c.invalid))
    assert.equal(await row.locator('[data-test=verdict]').getAttribute('data-verdict'), verdictOf(c))
    assert.ok((await row.innerText()).includes(unitOf(c.unit_id).head), 'the official who reported')
  }
  // the result as files, for the meeting's record
  await assertDownloads(page, server.url, xlsxAndPdf('result-xlsx', 'result-pdf'))
  assert.ok((await page.locator('[data-test=rule-text]').innerText()).includes(res.rule_text.zh), 'the rule in words')
  assert.equal((await page.locator('[data-test=rv-comment]').innerText()).trim(), COMMENT, 'the comment, public after the close')
  const pub = page.locator(`[data-test=rect][data-unit="${housing}"]`)
  assert.equal(await pub.getAttribute('data-state'), 'open')
  assert.equal(await pub.getAttribute('data-overdue'), '0')
  assert.match(await pub.innerText(), /待整改/)
  await finishPage(page, 'review-result')
})

test('the unit reports on its rectification; the clerk returns it once, then accepts it: done, in public too', async () => {
  const unit = await newPage(browser, PHONE)
  await login(unit, server.url, 'unit01', 'unit-demo')
  async function report(text) {
    await unit.goto(server.url + '/unit')
    const item = unit.locator(`[data-test=unit-rect][data-id="${rectId}"]`)
    await item.waitFor()
    assert.equal(await item.getAttribute('data-state'), 'open')
    await item.locator('[data-test=unit-rect-open]').click()
    await field(unit, 'unit-rect-input').fill(text)
    await item.locator('[data-test=unit-rect-send]').click()
    await unit.locator(`[data-test=unit-rect][data-id="${rectId}"][data-state=reported]`).waitFor()
  }
  await report('已制定整改方案，完成12个小区的改造。')
  await checkA11y(unit, 'unit workspace: rectification reported')
  // returned with what is missing: open again, the note shown to the unit
  await clerk.goto(`${server.url}/clerk/reviews/${rv.id}`)
  const rect = clerk.locator(`[data-test=rect][data-unit="${housing}"]`)
  await rect.locator('[data-test=rect-return]').click()
  await rect.locator('[data-test=rect-error]').filter({ hasText: '退回时须写明理由' }).waitFor()
  await field(clerk, 'rect-note-input').fill('请补充加装电梯的进展。')
  await rect.locator('[data-test=rect-return]').click()
  await clerk.locator(`[data-test=rect][data-unit="${housing}"][data-state=open]`).waitFor()
  await unit.goto(server.url + '/unit')
  assert.match(await unit.locator(`[data-test=unit-rect][data-id="${rectId}"] [data-test=unit-rect-note]`).innerText(), /请补充加装电梯的进展/)
  await report('已制定整改方案，完成12个小区的改造；加装电梯8部，另有15部在建。')
  await assertNoOverflow(unit)
  assertClean(unit)
  await unit.context().close()
  // accepted: done
  await clerk.reload()
  await clerk.locator(`[data-test=rect][data-unit="${housing}"][data-state=reported]`).waitFor()
  await clerk.locator(`[data-test=rect][data-unit="${housing}"] [data-test=rect-accept]`).click()
  const done = clerk.locator(`[data-test=rect][data-unit="${housing}"][data-state=done]`)
  await done.waitFor()
  assert.match(await done.locator('[data-test=rect-state]').innerText(), /整改完成/)
  const items = (await ok(clerk, 'GET', `/reviews/${rv.id}/rectifications`)).items
  assert.equal(items[0].state, 'done')
  const page = await newPage(browser, PHONE)
  await page.goto(`${server.url}/reviews/${rv.id}`)
  await page.locator(`[data-test=rect][data-unit="${housing}"][data-state=done]`).waitFor()
  assert.ok((await page.locator('[data-test=rect-report]').innerText()).includes('加装电梯8部'))
  await checkA11y(page, 'public review page, rectified')
  await assertNoOverflow(page)
  // the congress's reviews in public: this one listed, the rectifications not done beneath
  await page.locator('[data-test=rv-all]').click()
  await page.locator(`[data-test=rv-listed][data-id="${rv.id}"]`).waitFor()
  assert.equal(await page.locator(`[data-test=rect][data-id="${rectId}"]`).count(), 0, 'done: no longer pending')
  await checkA11y(page, 'public list of reviews')
  await assertNoOverflow(page)
  assertClean(page)
  await page.context().close()
})

test('the clerk’s set-up form: the settings in words (a score too), the server’s objection under its field, a review made', async () => {
  await clerk.goto(`${server.url}/clerk/reviews`)
  await clerk.locator(`[data-test=rv-listed][data-id="${rv.id}"]`).waitFor()
  const open = clerk.locator('[data-test=rv-new-open]')
  await open.click()
  const form = clerk.locator('[data-test=rv-new]')
  await form.waitFor()
  await field(clerk, 'rv-new-title').fill('专项工作评议')
  await clerk.locator('[data-test=rv-rectify-basic]').click()
  await field(clerk, 'rv-rectify-days').fill('30')
  const words = clerk.locator('[data-test=rv-new-words]')
  await words.filter({ hasText: '评为基本满意或不满意的单位，应在 30 个工作日内整改' }).waitFor()
  await clerk.locator('[data-test=rv-scored]').click()
  await field(clerk, 'rv-satisfied_min').fill('90')
  await words.filter({ hasText: '得分达到 90 分的评为满意' }).waitFor()
  // no unit chosen: the server's objection
  await clerk.locator('[data-test=rv-new-create]').click()
  await form.locator('.ms-error, .el-form-item__error').first().waitFor()
  await clerk.locator(`[data-test=rv-new-unit-${housing}]`).click()
  await field(clerk, `rv-new-head-${housing}`).fill('王某某 局长')
  await checkA11y(clerk, 'review set-up form')
  await clerk.locator('[data-test=rv-new-create]').click()
  await clerk.waitForURL(/\/clerk\/reviews\/\d+/)
  await clerk.locator('[data-test=rv-unit]').first().waitFor()
  assert.equal(await clerk.locator('[data-test=rv-unit]').count(), 1)
  assert.ok((await clerk.locator('[data-test=rectify-words]').innerText()).includes('30'))
  assert.ok((await clerk.locator('[data-test=scoring-words]').innerText()).includes('90'), 'the score in the server’s words')
  assertClean(clerk)
})
