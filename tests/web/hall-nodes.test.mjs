// The hall's big screen on two nodes behind nginx (issue 15): two Minsheng
// nodes share one PostgreSQL; nginx fronts each (tests/web/nodes.mjs). The
// clerk works through node 0; the big screen is open on node 1, the other
// node; deputies vote through both. Each check-in, the open, each ballot and
// the close reach the screen within a second of the API call that made it —
// carried from node to node by PostgreSQL's LISTEN/NOTIFY, through nginx's
// proxy — and the screen asks nothing again after its stream opened.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, checkA11y, screenshot, login, apiCall, assertClean, timed, reads, DESKTOP } from './harness.mjs'
import { startNodes } from './nodes.mjs'
import { deputyIds as idsOf, prepare, fetchShares, session } from './scrutineers.mjs'

const SCREEN = { width: 1920, height: 1080 }
const WITHIN = 1000 // ms: the "within a second of each event"

let cluster
let browser
let clerk
let poll
let deputies
let held
const call = (m, p, b) => apiCall(clerk, m, p, b)

before(async () => {
  cluster = await startNodes(2)
  browser = await launch()
  clerk = await newPage(browser, DESKTOP)
  await login(clerk, cluster.urls[0], 'clerk', 'clerk-demo')
  deputies = (await call('GET', '/congresses/1/deputies?per_page=200')).body.items.map((d) => d.id)
  const [scrutineer] = await idsOf(call, ['deputy60'])
  const made = await call('POST', '/cycles/1/polls', { title: '双节点大屏测试票决', slots: 2, max_approvals: 3, threshold_base: 'cast', scrutineer_ids: [scrutineer] })
  assert.equal(made.status, 201, JSON.stringify(made.body))
  poll = made.body
  held = await prepare(cluster.urls[0], poll.id, ['deputy60'])
})
after(async () => {
  await browser?.close()
  await cluster?.stop()
})

test('the screen on the other node follows check-in, the open, each ballot and the close, each within a second', async () => {
  const screen = await newPage(browser, SCREEN)
  const asked = []
  await screen.goto(`${cluster.urls[1]}/hall/${poll.id}`)
  await screen.locator('[data-test=hall-present]').waitFor()
  await screen.waitForFunction(() => document.querySelector('[data-test=hall-live]')?.textContent?.includes('实时'))
  screen.on('request', (r) => {
    if (r.url().includes('/api/')) asked.push(r.url())
  })
  assert.equal((await screen.locator('[data-test=hall-title]').textContent()).trim(), '双节点大屏测试票决')
  assert.equal(await screen.locator('[data-test=hall-present]').textContent(), '0')

  const delays = {}
  delays.checkin = await timed(screen, () => call('POST', `/polls/${poll.id}/checkin`, { deputy_ids: deputies.slice(0, 50) }), reads, ['[data-test=hall-present]', 50])
  assert.match(await screen.locator('[data-test=hall-quorum]').textContent(), /已达法定人数/)
  delays.open = await timed(screen, () => call('POST', `/polls/${poll.id}/open`, {}), reads, ['[data-test=hall-stage]', '投票进行中'])
  const shares = await fetchShares(poll.id, held)
  const [A, B] = poll.candidates.map((c) => c.id)
  // deputies vote through both nodes; the screen hears of each
  for (let i = 0; i < 4; i++) {
    const s = await session(cluster.urls[i % 2], `deputy${10 + i}`, 'deputy-demo')
    delays[`ballot${i + 1}@node${i % 2}`] = await timed(screen, async () => {
      const r = await s.call('POST', `/polls/${poll.id}/ballot`, { choices: i < 3 ? [A, B] : [A] })
      assert.equal(r.status, 201, JSON.stringify(r.body))
    }, reads, ['[data-test=hall-returned]', i + 1])
  }
  await checkA11y(screen, 'the hall on the other node while voting')
  delays.close = await timed(screen, async () => {
    const r = await call('POST', `/polls/${poll.id}/close`, { shares })
    assert.equal(r.status, 200, JSON.stringify(r.body))
  }, reads, ['[data-test=hall-stage]', '表决结果'])
  await screen.locator('[data-test=hall-selected]').waitFor()
  const selected = await screen.locator('[data-test=hall-selected] li').allTextContents()
  assert.deepEqual(selected, poll.candidates.slice(0, 2).map((c) => c.title), 'the selected projects, in rank order')
  assert.match(await screen.locator('[data-test=hall-figures]').textContent(), /收回 4 张，有效 4 张/)
  await screenshot(screen, 'hall-two-nodes-result')

  for (const [what, ms] of Object.entries(delays)) assert.ok(ms <= WITHIN, `${what} shown after ${ms} ms (more than ${WITHIN})`)
  assert.deepEqual(asked, [], 'the screen asked nothing again: everything was pushed across the nodes')
  console.log('# hall delays across nodes (ms): ' + JSON.stringify(delays))
  assertClean(screen)
  assertClean(clerk)
})
