// A deputy keeps their history after the round moves on (issue 15). Set up
// through the API: the demo's 2027 round (in 票决) gets a poll of two places
// (the threshold on the ballots cast) with deputy05 as its scrutineer
// (played from Node); everyone is checked in and the poll opens. deputy01
// votes on a 360 px phone and keeps the receipt and tracker; two more
// ballots through the API. The clerk closes the poll with the share and
// moves the round to 实施, where the two selected candidates become
// projects. Then deputy01's home — which has no vote open any more — still
// shows the vote in its history: voted, the receipt, the tracker found on
// the public bulletin, the result's figures, and each selected project's
// state and light with a link to it; the full history page lists it too,
// and deputy04, checked in but silent, sees that they did not vote.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, checkA11y, login, assertNoOverflow, screenshot, assertClean, PHONE } from './harness.mjs'
import { deputyIds, prepare, fetchShares, session } from './scrutineers.mjs'

let server
let browser
let clerk
let cycle
let poll
let held
let tracker
let receipt
let phone // deputy01's phone: the tracker and receipt are kept on it (localStorage), so it stays open

async function ok(sess, method, path, body, status = 200) {
  const r = await sess.call(method, path, body)
  assert.equal(r.status, status, `${method} ${path}: ${JSON.stringify(r.body)}`)
  return r.body
}

before(async () => {
  server = await startServer()
  browser = await launch()
  clerk = await session(server.url, 'clerk', 'clerk-demo')
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

test('set-up through the API: a poll of two places in the 2027 round, everyone checked in, open', async () => {
  const cycles = (await ok(clerk, 'GET', '/congresses/1/cycles?per_page=200')).items
  cycle = cycles.find((c) => c.phase === 'vote')
  assert.ok(cycle, 'the demo has a round in 票决')
  poll = await ok(clerk, 'POST', `/cycles/${cycle.id}/polls`, { title: '履职记录测试票决', slots: 2, threshold_base: 'cast' }, 201)
  const [scrutineer] = await deputyIds((m, p) => clerk.call(m, p), ['deputy05'])
  await ok(clerk, 'PUT', `/polls/${poll.id}/scrutineers`, { scrutineer_ids: [scrutineer] })
  const all = (await ok(clerk, 'GET', '/congresses/1/deputies?per_page=200')).items
  await ok(clerk, 'POST', `/polls/${poll.id}/checkin`, { deputy_ids: all.map((d) => d.id) })
  held = await prepare(server.url, poll.id, ['deputy05'])
  await ok(clerk, 'POST', `/polls/${poll.id}/open`, {})
})

test('deputy01 votes on a phone: review with the tracker, receipt', async () => {
  const page = (phone = await newPage(browser, PHONE))
  await login(page, server.url, 'deputy01', 'deputy-demo')
  await page.goto(`${server.url}/deputy/polls/${poll.id}`)
  const [a, b] = poll.candidates
  await page.locator(`[data-test=choice-${a.id}]`).click()
  await page.locator(`[data-test=choice-${b.id}]`).click()
  await page.locator('[data-test=review]').click()
  await page.locator('[data-test=review-list]').waitFor()
  const drawn = await page.locator('[data-test=review-tracker]').getAttribute('data-tracker')
  await page.locator('[data-test=cast]').click()
  await page.locator('[data-test=receipt-code]').waitFor()
  receipt = (await page.locator('[data-test=receipt-code]').innerText()).replace(/\s+/g, '')
  tracker = await page.locator('[data-test=receipt-tracker]').getAttribute('data-tracker')
  assert.equal(tracker, drawn)
  // while the vote is open the history page has it too: voted, the tracker kept, no result yet (the home shows
  // it in the vote above, not twice)
  await page.goto(server.url + '/deputy')
  await page.locator(`[data-test=poll-card][data-poll-id="${poll.id}"][data-state=voted]`).waitFor()
  await page.locator('[data-test=history] :is([data-test=history-empty], [data-test=history-card])').first().waitFor()
  assert.equal(await page.locator(`[data-test=history-card][data-poll-id="${poll.id}"]`).count(), 0)
  await page.goto(server.url + '/deputy/history')
  const card = page.locator(`[data-test=history-card][data-poll-id="${poll.id}"]`)
  await card.waitFor()
  assert.equal(await card.getAttribute('data-cast'), 'yes')
  assert.equal(await card.locator('[data-test=history-result]').count(), 0)
  assert.equal(await card.locator('[data-test=history-kept]').getAttribute('data-tracker'), tracker)
  assertClean(page)
})

test('two more ballots; the clerk closes the poll and moves the round to 实施', async () => {
  const [a, b] = poll.candidates
  for (const l of ['deputy02', 'deputy03']) {
    const d = await session(server.url, l, 'deputy-demo')
    await ok(d, 'POST', `/polls/${poll.id}/ballot`, { choices: [a.id, b.id] }, 201)
  }
  const shares = await fetchShares(poll.id, held)
  const res = await ok(clerk, 'POST', `/polls/${poll.id}/close`, { shares })
  assert.equal(res.n_selected, 2)
  const moved = await ok(clerk, 'POST', `/cycles/${cycle.id}/phase`, { phase: 'implement' })
  assert.equal(moved.phase, 'implement')
})

test("after the round moved on, deputy01's home still shows the vote, receipt, tracker, result and the projects' fate", async () => {
  const page = phone // the same phone, still logged in
  await page.goto(server.url + '/deputy')
  // nothing of this round to vote on any more (the demo's open review, which every deputy rates, aside)…
  await page.locator('[data-test=review-card][data-state=canVote]').waitFor()
  assert.equal(await page.locator('[data-test=poll-card][data-state=canVote], [data-test=eval-card][data-state=canVote]').count(), 0)
  const card = page.locator(`[data-test=history-card][data-poll-id="${poll.id}"]`)
  await card.waitFor() // …but the vote is kept
  assert.equal(await card.getAttribute('data-cast'), 'yes')
  assert.match(await card.locator('[data-test=history-cast]').innerText(), /您已投票/)
  assert.match(await card.locator('[data-test=history-status]').innerText(), /已结束|结束/)
  assert.equal((await card.locator('[data-test=history-receipt] code').innerText()).replace(/\s+/g, ''), receipt)
  // the tracker kept on this phone, found on the public bulletin (looked up in the browser)
  assert.equal(await card.locator('[data-test=kept-tracker]').getAttribute('data-tracker'), tracker)
  await card.locator('[data-test=kept-result][data-found=yes]').waitFor()
  // the result's figures and a link to the public result
  const figures = await card.locator('[data-test=history-result]').innerText()
  assert.match(figures, /有效票\s*3/, figures)
  assert.match(figures, /入选\s*2\s*项/, figures)
  assert.equal(await card.locator('[data-test=history-result-link]').getAttribute('href'), `/polls/${poll.id}/result`)
  // each selected candidate: 入选 with its votes, and what became of it — its project's state and light
  const projects = (await ok(clerk, 'GET', `/cycles/${cycle.id}/projects?per_page=200`)).items
  assert.equal(projects.length, 2)
  const lines = card.locator('[data-test=history-project]')
  assert.equal(await lines.count(), 2)
  for (const p of projects) {
    const line = card.locator(`[data-test=history-project][data-candidate-id="${p.candidate_id}"]`)
    assert.match(await line.locator('[data-test=history-outcome]').innerText(), /入选\s*·\s*3\s*票/)
    const fate = line.locator('[data-test=history-fate]')
    assert.equal(await fate.getAttribute('data-light'), p.light)
    assert.match(await fate.innerText(), /编制实施方案/)
    assert.equal(await fate.locator('[data-test=history-project-link]').getAttribute('href'), `/projects/${p.id}`)
  }
  await assertNoOverflow(page)
  await checkA11y(page, 'deputy home with history')
  await screenshot(page, 'deputy-history-home-phone')
  // the full history page, in English too
  await page.locator('[data-test=history-link]').click()
  await page.waitForURL(/\/deputy\/history$/)
  const full = page.locator(`[data-test=history-card][data-poll-id="${poll.id}"]`)
  await full.waitFor()
  await full.locator('[data-test=kept-result][data-found=yes]').waitFor()
  await checkA11y(page, 'deputy history')
  await assertNoOverflow(page)
  await screenshot(page, 'deputy-history-phone')
  assertClean(page)
  await page.context().close()
})

test('deputy04, checked in but silent, sees that they did not vote, and the same result', async () => {
  const page = await newPage(browser, PHONE, 'en')
  await page.addInitScript(() => localStorage.setItem('minsheng.locale', 'en'))
  await login(page, server.url, 'deputy04', 'deputy-demo')
  await page.goto(server.url + '/deputy/history')
  const card = page.locator(`[data-test=history-card][data-poll-id="${poll.id}"]`)
  await card.waitFor()
  assert.equal(await card.getAttribute('data-cast'), 'no')
  assert.match(await card.locator('[data-test=history-cast]').innerText(), /checked in but did not vote/)
  assert.equal(await card.locator('[data-test=kept-tracker]').count(), 0, 'no tracker on a device that never voted')
  assert.match(await card.locator('[data-test=history-result]').innerText(), /3 valid ballots/)
  await checkA11y(page, 'deputy history (English)')
  await assertNoOverflow(page)
  assertClean(page)
  await page.context().close()
})
