// The whole of Collect in a real browser, on the demo, residents and
// deputies on phones. A resident sends a demand through 江北代表联络站's form
// (/intake) and gets its tracking code, and follows it at /track (no case
// yet). deputy04, a deputy of that station, refers it to a government unit
// from 群众诉求 (转交承办单位, a case type); the clerk assigns the housing
// bureau on /clerk/casework, and the tracking page shows the unit and when
// its reply is due. unit01, the bureau's officer, replies class A from its
// queue. The resident opens /track with the code, sees the reply with its
// class in words, rates it satisfied, and the page thanks them and shows the
// matter closed with their rating. The clerk finds the demand by its words
// and puts it into next year's candidates; the tracking page names the
// candidate with its round and links to the congress's public page.
// axe-clean at every page.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, field, checkA11y, login, apiCall, assertNoOverflow, assertClean, screenshot, PHONE } from './harness.mjs'

const TITLE = '小区二次供水水压不足（全流程浏览器测试）'
const REPLY = '已更换二次供水加压泵，高层住户水压恢复正常（浏览器测试）'
const UNIT = '江州市住房和城乡建设局'

let server
let browser
let resident
let code

before(async () => {
  server = await startServer()
  browser = await launch()
  resident = await newPage(browser, PHONE)
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

test('a resident on a phone sends a demand through a station’s form and follows it by its code', async () => {
  await resident.goto(server.url + '/')
  const list = await apiCall(resident, 'GET', '/congresses')
  const city = (list.body.items ?? list.body).find((c) => c.level === 'city')
  await resident.goto(`${server.url}/congress/${city.id}`)
  await resident.locator('[data-test=stations-link]').click()
  await resident.locator('[data-test=station-link]', { hasText: '江北代表联络站' }).click()
  await resident.locator('[data-test=station-form]').click()
  await resident.waitForURL(/\/intake\?t=/)
  await field(resident, 'intake-title').fill(TITLE)
  await field(resident, 'intake-text').fill('十八楼以上住户早晚用水高峰时几乎没有水')
  await resident.locator('[data-test=intake-area]').selectOption({ index: 1 })
  await field(resident, 'intake-phone').fill('13700002222')
  await resident.locator('[data-test=intake-lit-no]').check()
  await checkA11y(resident, 'the public form (phone)')
  await resident.locator('[data-test=intake-send]').click()
  await resident.locator('[data-test=intake-done]').waitFor()
  code = (await resident.locator('[data-test=intake-code]').innerText()).trim()
  assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
  await checkA11y(resident, 'the code shown (phone)')
  await resident.locator('[data-test=intake-track]').click()
  await resident.locator('[data-test=track-result]').waitFor()
  assert.equal((await resident.locator('[data-test=track-status]').innerText()).trim(), '待处理')
  assert.equal(await resident.locator('[data-test=track-case]').count(), 0, 'no case before it is referred')
  await checkA11y(resident, 'the tracking page (phone)')
  await assertNoOverflow(resident)
})

test('the station’s deputy refers it to a government unit from a phone', async () => {
  const deputy = await newPage(browser, PHONE)
  await login(deputy, server.url, 'deputy04', 'deputy-demo')
  await deputy.waitForURL(/\/deputy$/)
  await deputy.locator('[data-test=demands-link]').click()
  await deputy.waitForURL(/\/deputy\/demands$/)
  const item = deputy.locator('[data-test=ws-list] li', { hasText: TITLE })
  await item.locator('button').first().click()
  await deputy.locator('[data-test=ws-refer]').waitFor()
  await deputy.locator('[data-test=ws-case-type]').selectOption('standard')
  await checkA11y(deputy, 'referring a demand (phone)')
  await assertNoOverflow(deputy)
  await deputy.locator('[data-test=ws-refer-send]').click()
  await item.locator('[data-test=ws-status]', { hasText: '转交办' }).waitFor()
  assert.equal(await deputy.locator('[data-test=ws-refer]').count(), 0, 'referred once')
  assertClean(deputy)
  await deputy.context().close()
})

test('the clerk assigns the housing bureau; the tracking page shows the unit and the due date', async () => {
  const clerk = await newPage(browser)
  await login(clerk, server.url, 'clerk', 'clerk-demo')
  await clerk.waitForURL(/\/clerk/)
  await clerk.locator('[data-test=nav-casework]').click()
  await clerk.waitForURL(/\/clerk\/casework/)
  const item = clerk.locator('[data-test=cwc-item]', { hasText: TITLE })
  await item.waitFor()
  await item.locator('[data-test=cwc-assign]').click()
  await item.locator('[data-test=cwc-unit]').click()
  await clerk.locator('.el-select-dropdown__item:visible', { hasText: UNIT }).click()
  await item.locator('[data-test=cwc-submit]').click()
  await item.locator('[data-test=cwc-assign]').waitFor({ state: 'detached' })
  assert.match(await item.innerText(), new RegExp(UNIT))
  await checkA11y(clerk, 'the clerk’s casework after the assignment')
  assertClean(clerk)
  await clerk.context().close()

  await resident.goto(`${server.url}/track?code=${encodeURIComponent(code)}`)
  await resident.locator('[data-test=track-case]').waitFor()
  assert.match(await resident.locator('[data-test=track-unit]').innerText(), new RegExp(UNIT))
  assert.match(await resident.locator('[data-test=track-due]').innerText(), /答复期限：\d{4}-\d{2}-\d{2}前/)
  assert.equal(await resident.locator('[data-test=track-rate]').count(), 0, 'nothing to rate before a reply')
  await checkA11y(resident, 'the case with its unit (phone)')
})

test('unit01 replies class A from its queue on a phone', async () => {
  const page = await newPage(browser, PHONE)
  await login(page, server.url, 'unit01', 'unit-demo')
  await page.waitForURL(/\/unit$/)
  await page.locator('[data-test=casework-link]').click()
  await page.waitForURL(/\/unit\/casework$/)
  const item = page.locator('[data-test=cw-item]', { hasText: TITLE })
  await item.waitFor()
  await item.locator('[data-test=cw-reply]').click()
  await item.locator('[data-test=cw-class-A]').click()
  await field(item, 'cw-text').fill(REPLY)
  await checkA11y(page, 'the unit’s reply form (phone)')
  await item.locator('[data-test=cw-submit]').click()
  await item.locator('[data-test=cw-status]', { hasText: '已答复' }).waitFor()
  assertClean(page)
  await page.context().close()
})

test('the resident sees the reply by the code and rates it satisfied', async () => {
  await resident.goto(`${server.url}/track?code=${encodeURIComponent(code)}`)
  await resident.locator('[data-test=track-reply]').waitFor()
  assert.equal((await resident.locator('[data-test=track-reply-class]').innerText()).trim(), 'A 已解决或基本解决')
  assert.equal((await resident.locator('[data-test=track-reply-text]').innerText()).trim(), REPLY)
  assert.match(await resident.locator('[data-test=track-case-status]').innerText(), /已答复/)
  const shown = await resident.locator('[data-test=track-result]').innerText()
  assert.ok(!shown.includes('13700002222') && !shown.includes('李科长'), 'no contact, no officer’s name')
  await resident.locator('[data-test=track-rate]').waitFor()
  await checkA11y(resident, 'the reply and the rating form (phone)')
  await assertNoOverflow(resident)
  await resident.locator('[data-test=rate-satisfied]').click()
  await field(resident, 'rate-comment').fill('水压正常了，谢谢')
  await resident.locator('[data-test=rate-send]').click()
  await resident.locator('[data-test=track-thanks]').waitFor()
  assert.match(await resident.locator('[data-test=track-thanks]').innerText(), /感谢您的评价。[\s\S]*此事项已办结/)
  assert.match(await resident.locator('[data-test=track-rated]').innerText(), /您的评价：满意/)
  assert.match(await resident.locator('[data-test=track-case-status]').innerText(), /已办结/)
  assert.equal(await resident.locator('[data-test=track-rate]').count(), 0, 'rated once')
  await checkA11y(resident, 'rated (phone)')
  await assertNoOverflow(resident)
  await screenshot(resident, 'collect-flow-rated-phone')
  assertClean(resident)
})

test('put into next year’s candidates, the tracking page names the candidate and links to its public page', async () => {
  const clerk = await newPage(browser)
  await login(clerk, server.url, 'clerk', 'clerk-demo')
  await clerk.waitForURL(/\/clerk/)
  const found = (await apiCall(clerk, 'GET', `/congresses/1/search?kind=demand&q=${encodeURIComponent('二次供水 水压不足')}`)).body
  const demand = found.items.find((d) => d.title === TITLE)
  assert.ok(demand, 'the clerk finds the demand by its words')
  const round = await apiCall(clerk, 'POST', '/congresses/1/cycles', { year: 2028, title: '2028年江州市民生实事项目' })
  assert.equal(round.status, 201)
  const made = await apiCall(clerk, 'POST', `/cycles/${round.body.id}/promotions`, {
    candidate: { title: '高层住宅二次供水改造（浏览器测试）', cost: 3000000 },
    demand_ids: [demand.id],
  })
  assert.equal(made.status, 201)
  await clerk.context().close()

  await resident.goto(`${server.url}/track?code=${encodeURIComponent(code)}`)
  const cand = resident.locator('[data-test=track-candidate]')
  await cand.waitFor()
  assert.equal((await cand.locator('[data-test=track-candidate-title]').innerText()).trim(), '高层住宅二次供水改造（浏览器测试）')
  assert.match(await cand.innerText(), /2028 年度候选项目/)
  assert.equal(await cand.locator('[data-test=track-project-link]').count(), 0, 'no project yet')
  await checkA11y(resident, 'the tracking page naming the candidate (phone)')
  await assertNoOverflow(resident)
  await cand.locator('[data-test=track-candidate-link]').click()
  await resident.waitForURL(/\/congress\/1$/)
  assertClean(resident)
})
