// Paper ballots in the browser (issue 15): a poll of the demo's voting round is
// opened through the API with 40 deputies present; two vote on their phones and
// the desk issues three paper ballots. Two tellers — the demo clerk and a second
// clerk made by the administrator — each enter the three returned sheets on
// /clerk/polls/:id/paper with the keyboard (sheet number, ballot numbers, Enter).
// Sheet 3 is entered differently: it is shown side by side, does not count and
// blocks the close (paper_sheets_unresolved) until the second teller enters it
// again; then the poll closes and the result reconciles issued against returned
// (发出 40 张，收回 5 张: 2 electronic + 3 paper) on the page and in the result.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, checkA11y, screenshot, finishPage, login, apiCall, assertClean, field, DESKTOP } from './harness.mjs'
import { deputyIds as idsOf, prepare, fetchShares, session } from './scrutineers.mjs'

let server
let browser
let clerk
let teller
let poll
let shares

before(async () => {
  server = await startServer()
  browser = await launch()
  const admin = await newPage(browser, DESKTOP)
  await login(admin, server.url, 'admin', 'admin-demo')
  const made = await apiCall(admin, 'POST', '/users', { login: 'teller2', name: '李计票', roles: ['clerk'], congress_id: 1 })
  assert.equal(made.status, 201, JSON.stringify(made.body))
  const act = await fetch(server.url + '/api/v1/activate', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: 'teller2', code: made.body.activation_code, new_password: 'teller-pass-2' }),
  })
  assert.equal(act.status, 200, await act.text())
  await admin.context().close()

  clerk = await newPage(browser, DESKTOP)
  await login(clerk, server.url, 'clerk', 'clerk-demo')
  teller = await newPage(browser, DESKTOP)
  await login(teller, server.url, 'teller2', 'teller-pass-2')
  const call = (m, p, b) => apiCall(clerk, m, p, b)
  const deputies = (await call('GET', '/congresses/1/deputies?per_page=200')).body.items.map((d) => d.id)
  const [scrutineer] = await idsOf(call, ['deputy60'])
  const created = await call('POST', '/cycles/1/polls', { title: '纸质选票双人录入票决', slots: 2, max_approvals: 2, scrutineer_ids: [scrutineer] })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  poll = created.body
  assert.equal((await call('POST', `/polls/${poll.id}/checkin`, { deputy_ids: deputies.slice(0, 40) })).status, 200)
  const held = await prepare(server.url, poll.id, ['deputy60'])
  assert.equal((await call('POST', `/polls/${poll.id}/open`, {})).status, 200)
  shares = await fetchShares(poll.id, held)
  const [A, B, C] = poll.candidates.map((c) => c.id)
  for (const [i, choices] of [[A, B], [C]].entries()) {
    const s = await session(server.url, `deputy${10 + i}`, 'deputy-demo')
    const r = await s.call('POST', `/polls/${poll.id}/ballot`, { choices })
    assert.equal(r.status, 201, JSON.stringify(r.body))
  }
  const voted = await idsOf(call, ['deputy10', 'deputy11'])
  const paper = deputies.slice(0, 40).filter((id) => !voted.includes(id)).slice(0, 3)
  const issued = await call('POST', `/polls/${poll.id}/paper-issue`, { deputy_ids: paper })
  assert.equal(issued.status, 200, JSON.stringify(issued.body))
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

/** Type one sheet on the keyboard: its number, the marks, Enter; wait for the sheet's new state. */
async function enter(page, sheet, marks, state) {
  const n = field(page, 'paper-sheet')
  await n.fill(String(sheet))
  const m = field(page, 'paper-marks')
  await m.fill(marks)
  await m.press('Enter')
  await page.locator(`[data-test=sheet-${sheet}][data-state=${state}]`).waitFor()
}

test('two tellers enter three sheets; a mismatch is shown, blocks the close and is resolved by re-entry', async () => {
  await clerk.goto(`${server.url}/clerk/polls/${poll.id}`)
  await clerk.locator('[data-test=paper-link]').click()
  await clerk.waitForURL((u) => u.pathname === `/clerk/polls/${poll.id}/paper`)
  await clerk.locator('[data-test=paper-issued]', { hasText: '3' }).waitFor()
  await enter(clerk, 1, '1 2', 'single')
  // the number moves on by itself: the next sheet is typed straight away
  assert.equal(await field(clerk, 'paper-sheet').inputValue(), '2')
  await enter(clerk, 2, 'b', 'single')
  await enter(clerk, 3, '3', 'single')
  // the same teller again on a sheet: refused with the reason
  await field(clerk, 'paper-sheet').fill('1')
  await field(clerk, 'paper-marks').fill('1 2')
  await field(clerk, 'paper-marks').press('Enter')
  await clerk.locator('[data-test=paper-error]', { hasText: '另一名计票人' }).waitFor()
  await checkA11y(clerk, 'paper entry, first teller')

  await teller.goto(`${server.url}/clerk/polls/${poll.id}/paper`)
  await teller.locator('[data-test=paper-sheets]').waitFor()
  await enter(teller, 1, '2 1', 'agreed') // the order of a pick ballot does not matter
  await enter(teller, 2, 'b', 'agreed')
  await enter(teller, 3, '1', 'mismatch')
  const mm = teller.locator('[data-test=mismatch-3]')
  await mm.waitFor()
  const side = await mm.innerText()
  const [A, , C] = poll.candidates
  assert.ok(side.includes(A.title) && side.includes(C.title) && side.includes('李计票'), side)
  await teller.locator('[data-test=close-blocked]').waitFor()
  await checkA11y(teller, 'paper entry with a mismatch')
  await screenshot(teller, 'paper-entry-mismatch')
  const blocked = await apiCall(clerk, 'POST', `/polls/${poll.id}/close`, { shares })
  assert.equal(blocked.status, 409, JSON.stringify(blocked.body))
  assert.equal(blocked.body.error.code, 'paper_sheets_unresolved')
  // the second teller looks at the sheet again and re-enters it
  await teller.locator('[data-test=reenter-3]').click()
  assert.equal(await field(teller, 'paper-sheet').inputValue(), '3')
  await field(teller, 'paper-marks').fill('3')
  await field(teller, 'paper-marks').press('Enter')
  await teller.locator('[data-test=sheet-3][data-state=agreed]').waitFor()
  await teller.locator('[data-test=mismatches]').waitFor({ state: 'detached' })
  await teller.locator('[data-test=pending]', { hasText: '0' }).waitFor()
  assertClean(teller)
  assertClean(clerk)
})

test('the poll closes and the result reconciles issued against returned', async () => {
  const closed = await apiCall(clerk, 'POST', `/polls/${poll.id}/close`, { shares })
  assert.equal(closed.status, 200, JSON.stringify(closed.body))
  const r = closed.body
  assert.deepEqual(
    [r.ballots_issued, r.ballots_returned, r.paper_issued, r.paper_returned, r.electronic_issued, r.electronic_returned, r.blank],
    [40, 5, 3, 3, 37, 2, 1],
  )
  await clerk.goto(`${server.url}/clerk/polls/${poll.id}/paper`)
  await clerk.locator('[data-test=reconcile-line]', { hasText: '发出 40 张，收回 5 张' }).waitFor()
  assert.equal(await clerk.locator('[data-test=paper-returned]').innerText(), '3')
  await clerk.goto(`${server.url}/clerk/polls/${poll.id}`)
  await clerk.locator('[data-test=result-summary]').waitFor()
  assert.equal(await clerk.locator('[data-test=issued]').innerText(), '40')
  assert.equal(await clerk.locator('[data-test=returned]').innerText(), '5')
  await clerk.goto(`${server.url}/clerk/polls/${poll.id}/paper`)
  await clerk.locator('[data-test=lang]').click()
  await clerk.locator('[data-test=reconcile-line]', { hasText: 'Issued 40, returned 5' }).waitFor()
  await clerk.locator('[data-test=lang]').click()
  await clerk.locator('[data-test=reconcile-line]', { hasText: '发出 40 张' }).waitFor()
  await finishPage(clerk, 'paper-entry-closed')
})
