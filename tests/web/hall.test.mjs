// The hall's big screen (/hall/:id) and the clerk's desk, pushed by the server
// (server-sent events): a poll of the demo's voting round is made through the
// API; the screen, on a projector-sized page with no site chrome and no login,
// shows each check-in, the open, each ballot and the close within a second
// of the API call that made it — without asking again (the test counts the
// page's requests: none after the stream opened). The clerk's poll page,
// open beside it, shows the deputies present and ballots returned as they
// change without its old 3-second polling. After a dropped connection the
// screen resumes. A poll set up in the dialog for an open count (公开计数)
// shows each project's count on the screen as each ballot arrives. axe on
// each stage.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, checkA11y, screenshot, login, apiCall, assertClean, field, timed, reads, DESKTOP } from './harness.mjs'
import { deputyIds as idsOf, prepare, fetchShares, session } from './scrutineers.mjs'

const SCREEN = { width: 1920, height: 1080 }
const WITHIN = 1000 // ms: the "within a second of each event"

let server
let browser
let clerk // the clerk's page (logged in), for API calls and the desk
let screen // the hall screen (no login)
let poll
let deputies
let held
let apiRequests = [] // the screen's requests to /api after its stream opened
const call = (m, p, b) => apiCall(clerk, m, p, b)

before(async () => {
  server = await startServer()
  browser = await launch()
  clerk = await newPage(browser, DESKTOP)
  await login(clerk, server.url, 'clerk', 'clerk-demo')
  deputies = (await call('GET', '/congresses/1/deputies?per_page=200')).body.items.map((d) => d.id)
  const [scrutineer] = await idsOf(call, ['deputy60'])
  const made = await call('POST', '/cycles/1/polls', { title: '大屏测试票决', slots: 2, max_approvals: 3, threshold_base: 'cast', scrutineer_ids: [scrutineer] })
  assert.equal(made.status, 201, JSON.stringify(made.body))
  poll = made.body
  held = await prepare(server.url, poll.id, ['deputy60'])
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

test('the hall screen follows check-in, the open, each ballot and the close, each within a second, asking nothing again', async () => {
  screen = await newPage(browser, SCREEN)
  await screen.goto(`${server.url}/hall/${poll.id}`)
  await screen.locator('[data-test=hall-present]').waitFor()
  assert.equal(await screen.locator('header.ms-header').count(), 0, 'no site chrome on the big screen')
  assert.equal(await screen.locator('[data-test=login-link]').count(), 0, 'no login button on the big screen')
  assert.equal((await screen.locator('[data-test=hall-title]').textContent()).trim(), '大屏测试票决')
  assert.equal((await screen.locator('[data-test=hall-stage]').textContent()).trim(), '代表报到')
  await screen.waitForFunction(() => document.querySelector('[data-test=hall-live]')?.textContent?.includes('实时'))
  screen.on('request', (r) => {
    if (r.url().includes('/api/')) apiRequests.push(r.url())
  })
  assert.equal(await screen.locator('[data-test=hall-present]').textContent(), '0')
  await checkA11y(screen, 'the hall at check-in')

  const delays = {}
  delays.checkin20 = await timed(screen, () => call('POST', `/polls/${poll.id}/checkin`, { deputy_ids: deputies.slice(0, 20) }), reads, ['[data-test=hall-present]', 20])
  assert.match(await screen.locator('[data-test=hall-quorum]').textContent(), /尚未达到/)
  delays.checkin = await timed(screen, () => call('POST', `/polls/${poll.id}/checkin`, { deputy_ids: deputies.slice(20, 50) }), reads, ['[data-test=hall-present]', 50])
  assert.match(await screen.locator('[data-test=hall-quorum]').textContent(), /已达法定人数/)
  await screenshot(screen, 'hall-checkin')

  delays.open = await timed(screen, () => call('POST', `/polls/${poll.id}/open`, {}), reads, ['[data-test=hall-stage]', '投票进行中'])
  assert.equal(await screen.locator('[data-test=hall-returned]').textContent(), '0')
  await checkA11y(screen, 'the hall while voting')
  const shares = await fetchShares(poll.id, held)
  const [A, B] = poll.candidates.map((c) => c.id)
  for (let i = 0; i < 3; i++) {
    const s = await session(server.url, `deputy${10 + i}`, 'deputy-demo')
    delays['ballot' + (i + 1)] = await timed(screen, async () => {
      const r = await s.call('POST', `/polls/${poll.id}/ballot`, { choices: i < 2 ? [A, B] : [A] })
      assert.equal(r.status, 201, JSON.stringify(r.body))
    }, reads, ['[data-test=hall-returned]', i + 1])
  }
  await screenshot(screen, 'hall-voting')

  delays.close = await timed(screen, async () => {
    const r = await call('POST', `/polls/${poll.id}/close`, { shares })
    assert.equal(r.status, 200, JSON.stringify(r.body))
  }, reads, ['[data-test=hall-stage]', '表决结果'])
  await screen.locator('[data-test=hall-selected]').waitFor()
  const selected = await screen.locator('[data-test=hall-selected] li').allTextContents()
  assert.deepEqual(selected, poll.candidates.slice(0, 2).map((c) => c.title), 'the selected projects, in rank order')
  assert.match(await screen.locator('[data-test=hall-figures]').textContent(), /收回 3 张，有效 3 张/)
  await checkA11y(screen, 'the hall at the result')
  await screenshot(screen, 'hall-result')

  for (const [what, ms] of Object.entries(delays)) assert.ok(ms <= WITHIN, `${what} shown after ${ms} ms (more than ${WITHIN})`)
  assert.deepEqual(apiRequests, [], 'the screen asked nothing again: everything was pushed')
  console.log('# hall delays (ms): ' + JSON.stringify(delays))
  assertClean(screen)
})

test('the clerk’s desk shows a check-in made elsewhere at once, without asking every 3 seconds', async () => {
  const made = await call('POST', '/cycles/1/polls', { title: '报到台测试票决', slots: 2 })
  assert.equal(made.status, 201, JSON.stringify(made.body))
  const other = made.body
  await clerk.goto(`${server.url}/clerk/polls/${other.id}`)
  const present = clerk.locator('[data-test=present-count]')
  await present.waitFor()
  assert.equal(await clerk.locator('[data-test=hall-link]').getAttribute('href'), `/hall/${other.id}`)
  const before = (await present.textContent()).trim()
  // another desk (a second session of the clerk) checks five deputies in
  const desk2 = await newPage(browser, DESKTOP)
  await login(desk2, server.url, 'clerk', 'clerk-demo')
  const t0 = Date.now()
  const r = await apiCall(desk2, 'POST', `/polls/${other.id}/checkin`, { deputy_ids: deputies.slice(0, 5) })
  assert.equal(r.status, 200)
  await clerk.waitForFunction((b) => document.querySelector('[data-test=present-count]')?.textContent?.trim() !== b, before, { timeout: 2500 })
  const ms = Date.now() - t0
  assert.ok(ms <= 2 * WITHIN, `the desk showed the other desk's check-in after ${ms} ms`)
  assert.match(await present.textContent(), /已签到 5 \//)
  assertClean(clerk)
  await desk2.close()
})

test('after a dropped connection the screen resumes and shows what changed meanwhile', async () => {
  const made = await call('POST', '/cycles/1/polls', { title: '断线重连测试票决', slots: 2 })
  const p = made.body
  const page = await newPage(browser, SCREEN)
  await page.goto(`${server.url}/hall/${p.id}`)
  await page.locator('[data-test=hall-present]').waitFor()
  await page.locator('[data-test=lang]').click()
  await page.waitForFunction(() => document.querySelector('[data-test=hall-stage]')?.textContent?.trim() === 'Check-in')
  // the network drops: the stream fails and the screen says so
  await page.context().setOffline(true)
  await page.evaluate(() => window.dispatchEvent(new Event('offline')))
  await call('POST', `/polls/${p.id}/checkin`, { deputy_ids: deputies.slice(0, 7) })
  await page.context().setOffline(false)
  // the browser reconnects by itself (retry: 2 s) and is sent the current state
  await page.waitForFunction(() => document.querySelector('[data-test=hall-present]')?.textContent === '7', null, { timeout: 10000 })
  assert.equal((await page.locator('[data-test=hall-stage]').textContent()).trim(), 'Check-in')
  await checkA11y(page, 'the hall in English')
  await page.close()
})

test('an open count: set up in the dialog with its warning, each project’s count on the screen as each ballot arrives', async () => {
  await clerk.goto(`${server.url}/clerk/cycles/1`)
  await clerk.locator('[data-test=new-poll]').click()
  await clerk.locator('[data-test=poll-dialog]').waitFor()
  await field(clerk, 'poll-title').fill('公开计数测试票决')
  await field(clerk, 'poll-slots').fill('2')
  await field(clerk, 'poll-max').fill('3')
  const help = clerk.locator('[data-test=poll-live-help]')
  assert.match(await help.innerText(), /只显示已投票人数/)
  await clerk.locator('[data-test=poll-live]').click()
  await help.filter({ hasText: '推测' }).waitFor() // the warning: who sees the voters can guess their choices
  await checkA11y(clerk, 'poll set-up with an open count')
  await clerk.locator('[data-test=poll-create]').click()
  await clerk.waitForURL(/\/clerk\/polls\/\d+$/)
  const id = Number(new URL(clerk.url()).pathname.split('/').pop())
  await clerk.locator('[data-test=live-setting]').waitFor()
  const made = (await call('GET', `/polls/${id}`)).body
  assert.equal(made.live_counts, true)
  const [scrutineer] = await idsOf(call, ['deputy59'])
  assert.equal((await call('PUT', `/polls/${id}/scrutineers`, { scrutineer_ids: [scrutineer], shares_needed: 1 })).status, 200)
  const keys = await prepare(server.url, id, ['deputy59'])
  await call('POST', `/polls/${id}/checkin`, { deputy_ids: deputies.slice(0, 40) })
  assert.equal((await call('POST', `/polls/${id}/open`, {})).status, 200)

  const page = await newPage(browser, SCREEN)
  await page.goto(`${server.url}/hall/${id}`)
  await page.locator('[data-test=hall-live-count]').waitFor()
  const [A, B] = made.candidates.map((c) => c.id)
  const approvals = (cid) => page.locator(`[data-test=hall-live-${cid}] [data-test=live-approve]`)
  assert.equal((await approvals(A).textContent()).trim(), '0')
  // four ballots move nothing (batches of five); the fifth shows all five at once
  const delays = []
  for (let i = 0; i < 5; i++) {
    const s = await session(server.url, `deputy${20 + i}`, 'deputy-demo')
    const t0 = Date.now()
    const r = await s.call('POST', `/polls/${id}/ballot`, { choices: i < 2 ? [A, B] : [A] })
    assert.equal(r.status, 201, JSON.stringify(r.body))
    if (i < 4) {
      await page.waitForFunction(([n]) => document.querySelector('[data-test=hall-returned]')?.textContent?.trim() === String(n), [i + 1], { timeout: 5000 })
      assert.equal((await approvals(A).textContent()).trim(), '0', `ballot ${i + 1} alone moves no figure`)
    } else {
      await page.waitForFunction(([sel]) => document.querySelector(sel)?.textContent?.trim() === '5', [`[data-test=hall-live-${A}] [data-test=live-approve]`], { timeout: 5000 })
      delays.push(Date.now() - t0)
    }
  }
  assert.equal((await approvals(B).textContent()).trim(), '2')
  assert.match(await page.locator('[data-test=hall-live-note]').textContent(), /已计入电子表决票 5 张（每满 5 张更新一次）/)
  // the projects in order of their count
  const order = await page.locator('[data-test=hall-live-count] tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.test))
  assert.deepEqual(order.slice(0, 2), [`hall-live-${A}`, `hall-live-${B}`])
  for (const ms of delays) assert.ok(ms <= WITHIN, `a live count shown after ${ms} ms`)
  await checkA11y(page, 'the hall with an open count')
  await screenshot(page, 'hall-live-count')
  // at the close the count gives way to the result
  const shares = await fetchShares(id, keys)
  assert.equal((await call('POST', `/polls/${id}/close`, { shares })).status, 200)
  await page.locator('[data-test=hall-figures]').waitFor()
  assert.match(await page.locator('[data-test=hall-figures]').textContent(), /收回 5 张/)
  assert.equal(await page.locator('[data-test=hall-live-count]').count(), 0)
  assertClean(page)
  assertClean(clerk)
  await page.close()
})
