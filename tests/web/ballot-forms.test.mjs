// The other ballot forms in the browser, and the ballot by keyboard alone:
// an approve / oppose / abstain poll and a ranked poll (set up through the API
// by the clerk, with a scrutineer played from Node, voted through the UI by
// deputies on phones), each counted at close with the scrutineer's key share
// and checked against what was cast; money and dates in each locale.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, assertClean, screenshot, checkA11y, login, apiCall, assertNoOverflow, PHONE, DESKTOP } from './harness.mjs'
import { deputyIds as idsOf, prepare, fetchShares } from './scrutineers.mjs'

let server
let browser
let clerk
let deputyIds
let closedPoll // a poll counted by the first test
let scrutineer // the id of deputy60, each poll's scrutineer (not among the voters)
const shares = new Map() // poll id → the scrutineer's key share

before(async () => {
  server = await startServer()
  browser = await launch()
  clerk = await newPage(browser, DESKTOP)
  await login(clerk, server.url, 'clerk', 'clerk-demo')
  deputyIds = (await apiCall(clerk, 'GET', '/congresses/1/deputies?per_page=200')).body.items.map((d) => d.id)
  scrutineer = (await idsOf((m, p, b) => apiCall(clerk, m, p, b), ['deputy60']))[0]
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

/** A new open poll of the demo's voting cycle with the given settings and deputy60 as its scrutineer
 *  (prepared, and holding its share after the open); returns the poll. */
async function openPoll(settings) {
  const made = await apiCall(clerk, 'POST', '/cycles/1/polls', { ...settings, scrutineer_ids: [scrutineer] })
  assert.equal(made.status, 201, JSON.stringify(made.body))
  const id = made.body.id
  assert.equal((await apiCall(clerk, 'POST', `/polls/${id}/checkin`, { deputy_ids: deputyIds.slice(0, 40) })).status, 200)
  const held = await prepare(server.url, id, ['deputy60'])
  const opened = await apiCall(clerk, 'POST', `/polls/${id}/open`, {})
  assert.equal(opened.status, 200, JSON.stringify(opened.body))
  assert.equal(opened.body.sealed, true)
  shares.set(id, await fetchShares(id, held))
  return made.body
}

async function closePoll(id) {
  const r = await apiCall(clerk, 'POST', `/polls/${id}/close`, { shares: shares.get(id) })
  assert.equal(r.status, 200, JSON.stringify(r.body))
  return r.body
}

async function deputyPage(n, pollId) {
  const page = await newPage(browser, PHONE)
  await login(page, server.url, `deputy${String(n).padStart(2, '0')}`, 'deputy-demo')
  await page.goto(`${server.url}/deputy/polls/${pollId}`)
  await page.locator('[data-test=counter]').waitFor()
  return page
}

async function cast(page) {
  await page.locator('[data-test=review]').click()
  await page.locator('[data-test=review-list]').waitFor()
  await page.locator('[data-test=cast]').click()
  await page.locator('[data-test=receipt-code]').waitFor()
  assert.match(await page.locator('[data-test=receipt-tracker]').innerText(), /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/)
}

test('the pick ballot by keyboard alone: Tab, Space, Enter', async () => {
  const poll = await openPoll({ title: '键盘投票', slots: 2, max_approvals: 2 })
  const page = await deputyPage(10, poll.id)
  const counter = page.locator('[data-test=counter]')
  // Tab until the first choice's checkbox has the focus, tick it with Space.
  const first = page.locator(`[data-test=choice-${poll.candidates[0].id}] input`)
  for (let i = 0; i < 40 && !(await first.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab')
  assert.ok(await first.evaluate((el) => el === document.activeElement), 'the first choice is reachable by Tab')
  await page.keyboard.press('Space')
  await counter.filter({ hasText: /已赞成\s*1\s*项/ }).waitFor()
  await page.keyboard.press('Tab')
  await page.keyboard.press('Space')
  await counter.filter({ hasText: /已赞成\s*2\s*项/ }).waitFor()
  // The review button is reachable and works with Enter; so is "cast".
  const review = page.locator('[data-test=review]')
  for (let i = 0; i < 40 && !(await review.evaluate((el) => el === document.activeElement || el.contains(document.activeElement))); i++)
    await page.keyboard.press('Tab')
  await page.keyboard.press('Enter')
  await page.locator('[data-test=review-list]').waitFor()
  assert.equal(await page.locator('[data-test=review-item]').count(), 2)
  await page.locator('[data-test=cast]').focus()
  await page.keyboard.press('Enter')
  await page.locator('[data-test=receipt-code]').waitFor()
  const result = await closePoll(poll.id)
  closedPoll = poll.id
  const approvals = Object.fromEntries(result.candidates.map((c) => [c.candidate_id, c.approvals]))
  assert.equal(approvals[poll.candidates[0].id], 1)
  assert.equal(approvals[poll.candidates[1].id], 1)
  assert.equal(result.ballots_returned, 1)
  assertClean(page)
  await page.context().close()
})

test('approve / oppose / abstain: each project marked on a phone, counted per mark', async () => {
  const poll = await openPoll({ title: '赞成反对弃权票决', slots: 2, ballot_form: 'approve_oppose', threshold_base: 'cast' })
  const [a, b, c] = poll.candidates.map((x) => x.id)
  // deputy11 approves a and b, opposes c; deputy12 approves a, opposes b.
  const marks = [{ approve: [a, b], oppose: [c] }, { approve: [a], oppose: [b] }]
  for (const [i, m] of marks.entries()) {
    const page = await deputyPage(11 + i, poll.id)
    for (const id of m.approve) await page.locator(`[data-test=choice-${id}-approve]`).click()
    for (const id of m.oppose) await page.locator(`[data-test=choice-${id}-oppose]`).click()
    const counter = await page.locator('[data-test=counter]').innerText()
    assert.match(counter, new RegExp(`赞成\\s*${m.approve.length}\\s*项，反对\\s*${m.oppose.length}\\s*项`), counter)
    if (i === 0) {
      await assertNoOverflow(page)
      await checkA11y(page, 'approve/oppose ballot')
      await screenshot(page, 'ballot-approve-oppose-phone')
    }
    await page.locator('[data-test=review]').click()
    await page.locator('[data-test=review-item-oppose]').first().waitFor()
    await page.locator('[data-test=cast]').click()
    await page.locator('[data-test=receipt-code]').waitFor()
    assertClean(page)
    await page.context().close()
  }
  const result = await closePoll(poll.id)
  const by = Object.fromEntries(result.candidates.map((x) => [x.candidate_id, x]))
  assert.deepEqual([by[a].approvals, by[a].opposes], [2, 0])
  assert.deepEqual([by[b].approvals, by[b].opposes], [1, 1])
  assert.deepEqual([by[c].approvals, by[c].opposes], [0, 1])
  assert.equal(by[a].status, 'selected') // 2 of 2 ballots cast: more than half
  assert.equal(by[b].status, 'failed')
})

test('ranked: candidates tapped in order, reordered, the order kept by the count', async () => {
  const poll = await openPoll({ title: '排序票决', slots: 2, max_approvals: 3, ballot_form: 'ranked' })
  const [a, b, c] = poll.candidates.map((x) => x.id)
  const page = await deputyPage(13, poll.id)
  // each candidate's completion day (完成时限), as the paper A3 ballot prints it
  const due = poll.candidates.find((x) => x.id === a).finish_by
  assert.match(due ?? '', /^\d{4}-\d{2}-\d{2}$/, 'the demo candidates carry a completion day')
  const [y, mo, d] = due.split('-').map(Number)
  await page.locator('[data-test=cand-finish]', { hasText: `完成时限：${y}年${mo}月${d}日` }).first().waitFor()
  for (const id of [a, b, c]) await page.locator(`[data-test=choice-${id}]`).click()
  await page.locator('[data-test=counter]', { hasText: /已排序\s*3\s*项/ }).waitFor()
  await page.locator(`[data-test=rank-up-${c}]`).click() // a, c, b
  const order = await page.locator('[data-test=ranking] [data-rank-id]').evaluateAll((els) => els.map((e) => Number(e.dataset.rankId)))
  assert.deepEqual(order, [a, c, b])
  await assertNoOverflow(page)
  await checkA11y(page, 'ranked ballot')
  await screenshot(page, 'ballot-ranked-phone')
  await cast(page)
  assertClean(page)
  await page.context().close()
  const result = await closePoll(poll.id)
  const m = poll.candidates.length
  const points = Object.fromEntries(result.candidates.map((x) => [x.candidate_id, x.approvals]))
  assert.deepEqual([points[a], points[c], points[b]], [m, m - 1, m - 2])
})

test('money and dates follow the language: 万元 in Chinese, CNY in English', async () => {
  const page = await newPage(browser, DESKTOP)
  await page.goto(server.url + '/congress/1')
  await page.getByText('3,800 万元').first().waitFor() // the lifts: 38,000,000 yuan
  await page.locator('[data-test=lang]').click()
  await page.getByText('CNY 38,000,000').first().waitFor()
  await page.goto(`${server.url}/polls/${closedPoll}/result`)
  const figures = page.locator('[data-test=figures]')
  await figures.filter({ hasText: /Counted at/ }).waitFor()
  assert.match(await figures.innerText(), /[A-Z][a-z]{2} \d{1,2}, \d{4}/) // e.g. Nov 22, 2026
  await page.locator('[data-test=lang]').click()
  await figures.filter({ hasText: /计票时间/ }).waitFor()
  assert.match(await figures.innerText(), /\d{4}年\d{1,2}月\d{1,2}日/)
  assertClean(page)
  await page.context().close()
})
