// A deputy's pages follow the poll's stream (vote/hall.ts), as the desk and
// the hall's screen do, instead of asking every few seconds: on a phone, the
// deputy's home and the ballot page of a vote not yet open; the desk checks
// others in, then this deputy, and opens the vote — both pages show it
// without a tap, and the ballot page reads the poll again only a few times
// (when it changes for this deputy), not at every check-in.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, checkA11y, login, apiCall, assertClean, DESKTOP, PHONE } from './harness.mjs'
import { deputyIds as idsOf, prepare } from './scrutineers.mjs'

let server
let browser
let clerk
let deputies
const call = (m, p, b) => apiCall(clerk, m, p, b)

before(async () => {
  server = await startServer()
  browser = await launch()
  clerk = await newPage(browser, DESKTOP)
  await login(clerk, server.url, 'clerk', 'clerk-demo')
  deputies = (await call('GET', '/congresses/1/deputies?per_page=200')).body.items.map((d) => d.id)
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

test('a deputy’s home and ballot follow the poll: checked in and opened show without a tap', async () => {
  const made = await call('POST', '/cycles/1/polls', { title: '代表页面跟随测试票决', slots: 2, max_approvals: 3, threshold_base: 'cast' })
  assert.equal(made.status, 201, JSON.stringify(made.body))
  const id = made.body.id
  const [scrutineer] = await idsOf(call, ['deputy58'])
  assert.equal((await call('PUT', `/polls/${id}/scrutineers`, { scrutineer_ids: [scrutineer], shares_needed: 1 })).status, 200)
  await prepare(server.url, id, ['deputy58'])
  const [me] = await idsOf(call, ['deputy33'])
  const phone = await newPage(browser, PHONE)
  await login(phone, server.url, 'deputy33', 'deputy-demo')
  const home = await newPage(browser, PHONE)
  await login(home, server.url, 'deputy33', 'deputy-demo')
  await home.goto(`${server.url}/deputy`)
  const card = home.locator(`[data-test=poll-card][data-poll-id="${id}"]`)
  await card.waitFor()
  assert.equal(await card.getAttribute('data-state'), 'notOpen')
  await phone.goto(`${server.url}/deputy/polls/${id}`)
  await phone.locator('[data-test=not-open]').waitFor()
  const asked = []
  phone.on('request', (r) => {
    if (r.url().includes(`/api/v1/polls/${id}`) && !r.url().includes('/events')) asked.push(r.url())
  })
  // the desk checks others in, then this deputy, and opens: no tap on either page
  await call('POST', `/polls/${id}/checkin`, { deputy_ids: deputies.slice(0, 40).filter((d) => d !== me) })
  await call('POST', `/polls/${id}/checkin`, { deputy_ids: [me] })
  await call('POST', `/polls/${id}/open`, {})
  await phone.locator('[data-test=ballot]').waitFor({ timeout: 5000 })
  await home.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-state') === 'canVote', `[data-test=poll-card][data-poll-id="${id}"]`, { timeout: 5000 })
  assert.ok(asked.length >= 1 && asked.length <= 4, `the ballot page read the poll again a few times, not on every change: ${asked.length}`)
  await checkA11y(phone, 'the ballot opened by the stream')
  assertClean(phone)
  assertClean(home)
  await phone.close()
  await home.close()
})
