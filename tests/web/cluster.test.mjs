// Residents' demands for the clerk in a real browser, on the demo: the clerk
// on a phone opens 群众诉求检索与合并 from the workspace, searches 电梯 (both the
// elevator and the 加装电梯 demands, newest first, the server's count) and is
// refused a single character; the demo's proposed groups list their demands
// and channels; the clerk confirms the elevator group — every demand stays,
// the group counts three by channel — and the page reads in English.
// axe-clean throughout.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, field, checkA11y, login, apiCall, assertNoOverflow, finishPage } from './harness.mjs'

const PHONE = { width: 390, height: 844 }

let server
let browser
let clerk
let congress

before(async () => {
  server = await startServer()
  browser = await launch()
  clerk = await newPage(browser, PHONE)
  await login(clerk, server.url, 'clerk', 'clerk-demo')
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

test('the clerk on a phone searches the demands', async () => {
  await clerk.waitForURL(/\/clerk/)
  await clerk.locator('[data-test=nav-clusters]').click()
  await clerk.waitForURL(/\/clerk\/clusters/)
  congress = (await apiCall(clerk, 'GET', '/me')).body.user.congress_id
  await field(clerk, 'cl-q').fill('电梯')
  await clerk.locator('[data-test=cl-search]').click()
  await clerk.locator('[data-test=cl-hit]').first().waitFor()
  const api = (await apiCall(clerk, 'GET', `/congresses/${congress}/search?q=${encodeURIComponent('电梯')}`)).body
  assert.ok(api.total >= 4, 'the demo’s three about a broken lift and one asking for one')
  const shown = await clerk.locator('[data-test=cl-hit] strong').allInnerTexts()
  assert.deepEqual(shown, api.items.map((h) => h.title), 'the hits as the server lists them')
  assert.match(await clerk.locator('[data-test=cl-total]').innerText(), new RegExp(`共找到 ${api.total} 条`))
  await field(clerk, 'cl-q').fill('加装电梯')
  await clerk.locator('[data-test=cl-search]').click()
  const lift = (await apiCall(clerk, 'GET', `/congresses/${congress}/search?q=${encodeURIComponent('加装电梯')}`)).body
  assert.ok(lift.total >= 1 && lift.total < api.total, 'the phrase finds fewer')
  await clerk.locator('[data-test=cl-total]', { hasText: `共找到 ${lift.total} 条` }).waitFor()
  await field(clerk, 'cl-q').fill('电')
  await clerk.locator('[data-test=cl-search]').click()
  assert.match(await clerk.locator('[data-test=cl-search-error]').innerText(), /至少两个字/)
  await checkA11y(clerk, 'search (phone)')
  await assertNoOverflow(clerk)
})

test('the clerk confirms the elevator group: every demand kept, counted by channel', async () => {
  const group = clerk.locator('[data-test=cl-cluster]', { hasText: '电梯又坏了' })
  await group.waitFor()
  assert.equal(await group.locator('[data-test=cl-demand]').count(), 3)
  assert.equal((await group.locator('[data-test=cl-status]').innerText()).trim(), '待确认')
  const lamp = clerk.locator('[data-test=cl-cluster]', { hasText: '路灯不亮' })
  assert.equal(await lamp.locator('[data-test=cl-demand]').count(), 2, 'the street-lamp group too')
  await checkA11y(clerk, 'proposed groups (phone)')
  await group.locator('[data-test=cl-confirm]').click()
  await group.locator('[data-test=cl-status]', { hasText: '已确认合并' }).waitFor()
  assert.equal(await group.locator('[data-test=cl-confirm]').count(), 0, 'no more decision')
  const list = (await apiCall(clerk, 'GET', `/congresses/${congress}/clusters?status=confirmed`)).body.items
  assert.equal(list.length, 1)
  assert.equal(list[0].size, 3)
  assert.deepEqual(list[0].channels, [{ channel: 'desk', count: 1 }, { channel: 'visit', count: 1 }, { channel: 'web', count: 1 }])
  assert.match(await group.locator('[data-test=cl-channels]').innerText(), /接待窗口 1/)
  await clerk.locator('[data-test=lang]').click()
  await clerk.locator('#cl-h', { hasText: 'Search and merge demands' }).waitFor()
  await checkA11y(clerk, 'groups in English')
  await clerk.locator('[data-test=lang]').click()
  await clerk.locator('#cl-h', { hasText: '群众诉求检索与合并' }).waitFor()
  await finishPage(clerk, 'clusters-clerk')
})
