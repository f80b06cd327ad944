// Casework in a real browser, on the demo. The housing bureau's officer
// (unit01) on a phone opens 群众诉求和代表建议办理 from the unit's home page:
// the queue shows the overdue case in red first and the case just assigned
// with the time left; the officer accepts the new case and replies class A
// from the queue, and the server has it replied A. The clerk's dashboard
// lists the overdue and escalated matters and the three rates' table with the
// rule in words; the deputy's suggestions page shows the merged suggestion
// with its three signers. The search box on each page: the unit finds its
// case by the reply's words, the clerk a suggestion by its reply's, the
// deputy a merged suggestion by its own words and the one it went into.
// axe-clean throughout.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, field, checkA11y, login, apiCall, assertNoOverflow, screenshot, PHONE } from './harness.mjs'

const NEW_CASE = '小区垃圾分类投放点设置不合理'
const OVERDUE_CASE = '小区路灯损坏多日未修'
const REPLY = '已将投放点移至小区北侧空地，并增加清运频次（浏览器测试）'

let server
let browser

before(async () => {
  server = await startServer()
  browser = await launch()
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

test('a unit officer on a phone replies class A to a case from the queue', async () => {
  const page = await newPage(browser, PHONE)
  await login(page, server.url, 'unit01', 'unit-demo')
  await page.waitForURL(/\/unit$/)
  await page.locator('[data-test=casework-link]').click()
  await page.waitForURL(/\/unit\/casework$/)
  const items = page.locator('[data-test=cw-item]')
  await items.first().waitFor()
  const first = items.first()
  assert.match(await first.innerText(), new RegExp(OVERDUE_CASE), 'the overdue case comes first')
  assert.equal(await first.locator('[data-test=cw-clock]').getAttribute('data-clock'), 'overdue')
  assert.match(await first.locator('[data-test=cw-clock]').innerText(), /已超期/)
  const item = page.locator('[data-test=cw-item]', { hasText: NEW_CASE })
  assert.match(await item.locator('[data-test=cw-clock]').innerText(), /还剩/)
  await checkA11y(page, 'the unit’s queue (phone)')
  await assertNoOverflow(page)
  await item.locator('[data-test=cw-accept]').click()
  await item.locator('[data-test=cw-status]', { hasText: '办理中' }).waitFor()
  await item.locator('[data-test=cw-reply]').click()
  await item.locator('[data-test=cw-class-A]').click()
  await field(item, 'cw-text').fill(REPLY)
  await checkA11y(page, 'the reply form (phone)')
  await item.locator('[data-test=cw-submit]').click()
  await item.locator('[data-test=cw-status]', { hasText: '已答复' }).waitFor()
  const id = Number(await item.getAttribute('data-id'))
  const got = (await apiCall(page, 'GET', `/casework/${id}`)).body
  assert.equal(got.status, 'replied')
  assert.equal(got.reply_class, 'A')
  assert.equal(got.reply_text, REPLY)
  assert.equal(got.clock, null, 'the clock stops with the reply')
  // the reply's words find the case in the unit's own search box
  await field(page, 'ks-q').fill('北侧空地')
  await page.locator('[data-test=ks-go]').click()
  const hit = page.locator('[data-test=ks-hit]')
  await hit.first().waitFor()
  assert.equal(await hit.count(), 1)
  assert.equal(Number(await hit.getAttribute('data-id')), id, 'the case, by its reply')
  assert.match(await hit.innerText(), /已答复/)
  await page.locator('[data-test=ks-kind-suggestion]').click()
  await page.locator('[data-test=ks-go]').click()
  await page.locator('[data-test=ks-total]', { hasText: '共找到 0 条' }).waitFor()
  await checkA11y(page, 'the unit’s search (phone)')
  await assertNoOverflow(page)
  await screenshot(page, 'casework-unit-phone')
})

test('the clerk’s dashboard: overdue, escalated and the three rates in words', async () => {
  const page = await newPage(browser)
  await login(page, server.url, 'clerk', 'clerk-demo')
  await page.waitForURL(/\/clerk/)
  await page.locator('[data-test=nav-casework]').click()
  await page.waitForURL(/\/clerk\/casework/)
  await page.locator('[data-test=cwc-item]').first().waitFor()
  assert.ok(Number(await page.locator('[data-test=cwc-overdue-n]').innerText()) >= 1, 'an overdue case counted')
  await page.locator('[data-test=cwc-filter] label', { hasText: '升级督办' }).click()
  const esc = page.locator('[data-test=cwc-item]')
  await esc.first().waitFor()
  assert.match(await esc.first().innerText(), /经3个单位办理/)
  assert.match(await page.locator('[data-test=cwc-rule]').innerText(), /响应率/)
  // the search box: a suggestion by its reply's words
  await page.locator('[data-test=ks-kind-suggestion]').click()
  await field(page, 'ks-q').fill('养老服务站')
  await page.locator('[data-test=ks-go]').click()
  await page.locator('[data-test=ks-hit]', { hasText: '关于增设社区养老服务站的建议' }).waitFor()
  await checkA11y(page, 'the clerk’s casework dashboard')
})

test('the deputy’s suggestions: the merged suggestion with its three signers', async () => {
  const page = await newPage(browser, PHONE)
  await login(page, server.url, 'deputy03', 'deputy-demo')
  await page.waitForURL(/\/deputy$/)
  await page.locator('[data-test=suggestions-link]').click()
  await page.waitForURL(/\/deputy\/suggestions$/)
  const item = page.locator('[data-test=sug-item]', { hasText: '关于加快老旧小区加装电梯的建议' })
  await item.waitFor()
  assert.match(await item.innerText(), /3 名代表联名/)
  // the search box finds the suggestion merged into it by its own words (补助), and the one it went into
  await field(page, 'ks-q').fill('加装电梯 补助')
  await page.locator('[data-test=ks-go]').click()
  const hits = page.locator('[data-test=ks-hit]')
  await hits.first().waitFor()
  const shown = await hits.allInnerTexts()
  assert.ok(shown.some((x) => x.includes('关于加快老旧小区加装电梯的建议')), 'the suggestion it was merged into')
  assert.ok(shown.some((x) => /关于老旧小区加装电梯补助的建议[\s\S]*已并入/.test(x)), 'the merged one, saying where it went')
  await checkA11y(page, 'the deputy’s suggestions (phone)')
  await assertNoOverflow(page)
})

test('co-signing is by invitation: the invited deputy accepts on a phone and becomes a signer', async () => {
  const host = await newPage(browser)
  await login(host, server.url, 'deputy04', 'deputy-demo')
  await host.waitForURL(/\/deputy$/)
  const guest = await newPage(browser, PHONE)
  await login(guest, server.url, 'deputy03', 'deputy-demo')
  await guest.waitForURL(/\/deputy$/)
  const me = (await apiCall(guest, 'GET', '/me')).body.user
  const title = '关于增设社区公共充电桩的建议（浏览器测试）'
  const filed = await apiCall(host, 'POST', `/congresses/${me.congress_id}/suggestions`, {
    title, text: '建议在老旧小区增设电动自行车充电桩。', cosigners: [me.id],
  })
  assert.equal(filed.status, 201)
  assert.equal(filed.body.signers, 1, 'invited, not yet a signer')
  await guest.locator('[data-test=suggestions-link]').click()
  await guest.waitForURL(/\/deputy\/suggestions$/)
  const inv = guest.locator('[data-test=sug-invitation]', { hasText: title })
  await inv.waitFor()
  await checkA11y(guest, 'an invitation to co-sign (phone)')
  await assertNoOverflow(guest)
  await inv.locator('[data-test=sug-accept]').click()
  const item = guest.locator('[data-test=sug-item]', { hasText: title })
  await item.waitFor()
  assert.match(await item.innerText(), /2 名代表联名/)
  const got = (await apiCall(guest, 'GET', `/casework/${filed.body.id}`)).body
  assert.deepEqual(got.signer_list.map((s) => s.status).sort(), ['accepted', 'accepted'])
})
