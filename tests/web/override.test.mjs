// A presidium decision on a verdict and a run-off in one step, in the browser:
// a poll of the demo's voting round is set up and voted through the API with a
// tie at the cut (5 ballots: A on all, B and C on four, D on none; 2 places);
// on the clerk's poll page the clerk overrides D's verdict (未达到通过票数 →
// 入选) with the presidium as the deciding body and a reason, then creates the
// run-off among B and C; the public result shows the decision and its reason
// beside the count (the count's own verdict unchanged) and links to the
// run-off; in English the outcomes read Selected / Not selected.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, checkA11y, screenshot, finishPage, login, apiCall, assertClean, field, DESKTOP } from './harness.mjs'
import { deputyIds as idsOf, prepare, fetchShares, session } from './scrutineers.mjs'

let server
let browser
let clerk
let poll // the first poll, closed with a tie at the cut
const REASON = '该项目与区重点工程合并实施，经大会主席团审议决定列入'

before(async () => {
  server = await startServer()
  browser = await launch()
  clerk = await newPage(browser, DESKTOP)
  await login(clerk, server.url, 'clerk', 'clerk-demo')
  const call = (m, p, b) => apiCall(clerk, m, p, b)
  const deputies = (await call('GET', '/congresses/1/deputies?per_page=200')).body.items.map((d) => d.id)
  const [scrutineer] = await idsOf(call, ['deputy60'])
  const made = await call('POST', '/cycles/1/polls', { title: '同票待决票决', slots: 2, max_approvals: 3, threshold_base: 'cast', scrutineer_ids: [scrutineer] })
  assert.equal(made.status, 201, JSON.stringify(made.body))
  poll = made.body
  assert.equal((await call('POST', `/polls/${poll.id}/checkin`, { deputy_ids: deputies.slice(0, 40) })).status, 200)
  const held = await prepare(server.url, poll.id, ['deputy60'])
  assert.equal((await call('POST', `/polls/${poll.id}/open`, {})).status, 200)
  const shares = await fetchShares(poll.id, held)
  const [A, B, C] = poll.candidates.map((c) => c.id)
  const ballots = [[A, B, C], [A, B, C], [A, B, C], [A, B, C], [A]]
  for (const [i, choices] of ballots.entries()) {
    const s = await session(server.url, `deputy${10 + i}`, 'deputy-demo')
    const r = await s.call('POST', `/polls/${poll.id}/ballot`, { choices })
    assert.equal(r.status, 201, JSON.stringify(r.body))
  }
  const closed = await call('POST', `/polls/${poll.id}/close`, { shares })
  assert.equal(closed.status, 200, JSON.stringify(closed.body))
  assert.equal(closed.body.status, 'runoff')
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

test('the clerk overrides a verdict with its reason and creates the run-off of the tie', async () => {
  const [, B, C, D] = poll.candidates
  await clerk.goto(`${server.url}/clerk/polls/${poll.id}`)
  await clerk.locator('[data-test=result-table]').waitFor()
  await clerk.locator('[data-test=create-runoff]').waitFor()
  const row = clerk.locator('[data-test=result-table] tbody tr', { hasText: D.title })
  await row.locator('[data-test=override-btn]').click()
  const dialog = clerk.locator('[data-test=override-dialog]')
  await dialog.waitFor()
  assert.equal(await field(clerk, 'override-body').inputValue(), '大会主席团')
  await dialog.locator('[data-test=override-status-selected]').click()
  await checkA11y(clerk, 'override dialog')
  await screenshot(clerk, 'override-dialog')
  await field(clerk, 'override-reason').fill(REASON)
  await dialog.locator('[data-test=override-save]').click()
  await row.locator('[data-test=override-shown]').waitFor()
  const shown = await row.locator('[data-test=override-shown]').innerText()
  assert.match(shown, /大会主席团决定：入选/)
  assert.ok(shown.includes(REASON), shown)
  // the count's own verdict stays beside it
  assert.match(await row.innerText(), /未达到通过票数/)
  const res = (await apiCall(clerk, 'GET', `/polls/${poll.id}/result`)).body
  const d = res.candidates.find((c) => c.candidate_id === D.id)
  assert.equal(d.status, 'failed')
  assert.equal(d.override.status, 'selected')
  assert.equal(d.override.reason, REASON)
  await checkA11y(clerk, 'clerk poll with an override')
  await screenshot(clerk, 'clerk-poll-override')
  // the run-off in one step
  await clerk.locator('[data-test=create-runoff]').click()
  await clerk.locator('.el-message-box__btns .el-button--primary').click()
  await clerk.waitForURL((u) => u.pathname.startsWith('/clerk/polls/') && u.pathname !== `/clerk/polls/${poll.id}`)
  await clerk.locator('[data-test=runoff-of-link]').waitFor()
  const runoffId = Number(new URL(clerk.url()).pathname.split('/').pop())
  const ro = (await apiCall(clerk, 'GET', `/polls/${runoffId}`)).body
  assert.deepEqual(ro.candidates.map((c) => c.id).sort((x, y) => x - y), [B.id, C.id].sort((x, y) => x - y))
  assert.equal(ro.slots, 1)
  assert.equal(ro.runoff_of, poll.id)
  assert.equal(ro.status, 'draft')
  assertClean(clerk)
})

test('the public result shows the decision and its reason beside the original count, and the run-off', async () => {
  const D = poll.candidates[3]
  const page = await newPage(browser, DESKTOP)
  await page.goto(`${server.url}/polls/${poll.id}/result`)
  await page.locator('[data-test=result-table]').waitFor()
  const row = page.locator('[data-test=result-table] tbody tr', { hasText: D.title })
  assert.equal(await row.locator('[data-test=result-row]').getAttribute('data-status'), 'failed')
  const shown = await row.locator('[data-test=override-shown]').innerText()
  assert.match(shown, /大会主席团决定：入选/)
  assert.ok(shown.includes(REASON), shown)
  const decisions = await page.locator('[data-test=decisions]').innerText()
  assert.ok(decisions.includes(D.title) && decisions.includes(REASON), decisions)
  assert.match(decisions, /计票：未过半数/)
  await page.locator('[data-test=runoff-link]').waitFor()
  const text = await page.locator('main').innerText()
  assert.ok(!text.includes('当选'), 'no 当选 for projects on the result: ' + text)
  assert.match(text, /入选/)
  // English: Selected / Not selected
  await page.locator('[data-test=lang]').click()
  await page.locator('[data-test=override-shown]', { hasText: 'Decided by 大会主席团: Selected' }).waitFor()
  await page.locator('[data-test=result-row]').first().waitFor()
  assert.match(await page.locator('[data-test=result-table]').innerText(), /Selected/)
  await page.locator('[data-test=lang]').click()
  await page.locator('[data-test=override-shown]', { hasText: '大会主席团决定：入选' }).waitFor()
  await finishPage(page, 'public-result-override')
})
