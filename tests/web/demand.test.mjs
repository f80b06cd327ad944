// Residents' demands in a real browser, on the demo. A resident on a phone
// finds the city's liaison stations from the city's public page, opens one and its form (the station's
// code), sends a demand and gets its tracking code once; looks it up on the
// tracking page (received, no contact shown). deputy04, a deputy of that
// station, logs in on a phone, opens 群众诉求 from the home page, sees the
// resident's contact, and answers it on the spot; the resident then sees
// the answer by the code. axe-clean throughout.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, field, checkA11y, login, apiCall, assertNoOverflow, assertClean, screenshot } from './harness.mjs'

const PHONE = { width: 390, height: 844 }
const TITLE = '公交站台缺少遮雨棚（浏览器测试）'
const ANSWER = '已联系公交公司，下月加装遮雨棚'

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

test('a resident on a phone sends a demand through a station and gets its tracking code', async () => {
  await resident.goto(server.url + '/')
  const list = await apiCall(resident, 'GET', '/congresses')
  const city = (list.body.items ?? list.body).find((c) => c.level === 'city')
  await resident.goto(`${server.url}/congress/${city.id}`)
  await resident.locator('[data-test=stations-link]').click()
  await resident.waitForURL(/\/stations$/)
  await resident.locator('[data-test=station-link]', { hasText: '江北代表联络站' }).click()
  await resident.locator('[data-test=rota-entry]').first().waitFor()
  await checkA11y(resident, 'a station page (phone)')
  await assertNoOverflow(resident)
  await resident.locator('[data-test=station-form]').click()
  await resident.waitForURL(/\/intake\?t=/)
  assert.match(await resident.locator('[data-test=intake-where]').innerText(), /江北代表联络站/)
  await checkA11y(resident, 'the public form (phone)')
  await assertNoOverflow(resident)
  // refused without the litigation answer, said next to it
  await field(resident, 'intake-title').fill(TITLE)
  await field(resident, 'intake-text').fill('雨天候车的老人没有地方避雨')
  await resident.locator('[data-test=intake-area]').selectOption({ index: 1 })
  await field(resident, 'intake-name').fill('王阿姨')
  await field(resident, 'intake-phone').fill('13812345678')
  await resident.locator('[data-test=intake-send]').click()
  await resident.locator('#lit-err').waitFor()
  await resident.locator('[data-test=intake-lit-no]').check()
  await resident.locator('[data-test=intake-send]').click()
  await resident.locator('[data-test=intake-done]').waitFor()
  code = (await resident.locator('[data-test=intake-code]').innerText()).trim()
  assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
  await checkA11y(resident, 'the code shown (phone)')
  await screenshot(resident, 'demand-code-phone')
  await resident.locator('[data-test=intake-track]').click()
  await resident.locator('[data-test=track-result]').waitFor()
  assert.equal((await resident.locator('[data-test=track-status]').innerText()).trim(), '待处理')
  const shown = await resident.locator('[data-test=track-result]').innerText()
  assert.ok(!shown.includes('13812345678') && !shown.includes('王阿姨'), 'tracking shows no contact')
  await checkA11y(resident, 'the tracking page (phone)')
  await assertNoOverflow(resident)
})

test('a deputy of the station answers it on the spot from a phone', async () => {
  const deputy = await newPage(browser, PHONE)
  await login(deputy, server.url, 'deputy04', 'deputy-demo')
  await deputy.waitForURL(/\/deputy$/)
  await deputy.locator('[data-test=demands-link]').click()
  await deputy.waitForURL(/\/deputy\/demands$/)
  const item = deputy.locator('[data-test=ws-list] li', { hasText: TITLE })
  await item.waitFor()
  await checkA11y(deputy, 'the deputy’s demands (phone)')
  await assertNoOverflow(deputy)
  await item.locator('button').first().click()
  await deputy.locator('[data-test=ws-detail]').waitFor()
  assert.match(await deputy.locator('[data-test=ws-contact]').innerText(), /13812345678/)
  await deputy.locator('[data-test=ws-outcome]').selectOption('spot')
  await field(deputy, 'ws-note').fill(ANSWER)
  await deputy.locator('[data-test=ws-save]').click()
  await item.locator('[data-test=ws-status]', { hasText: '当场答复' }).waitFor()
  await checkA11y(deputy, 'a demand answered (phone)')
  assertClean(deputy)
  await deputy.context().close()
})

test('the resident sees the answer by the code', async () => {
  await resident.goto(`${server.url}/track?code=${encodeURIComponent(code)}`)
  await resident.locator('[data-test=track-note]', { hasText: ANSWER }).waitFor()
  assert.equal((await resident.locator('[data-test=track-status]').innerText()).trim(), '当场答复')
  const steps = await resident.locator('[data-test=track-step]').allInnerTexts()
  assert.equal(steps.length, 2)
  assert.match(steps[1], /人大代表/)
  await checkA11y(resident, 'the answer (phone)')
  await assertNoOverflow(resident)
  await screenshot(resident, 'demand-answer-phone')
  assertClean(resident)
})

test('a deputy on a home visit is asked, for each household, whether the matter is in litigation', async () => {
  const deputy = await newPage(browser, PHONE)
  await login(deputy, server.url, 'deputy04', 'deputy-demo')
  await deputy.waitForURL(/\/deputy$/)
  await deputy.locator('[data-test=demands-link]').click()
  await deputy.waitForURL(/\/deputy\/demands$/)
  await field(deputy, 'v-title-0').fill('邻里漏水纠纷')
  await field(deputy, 'v-text-0').fill('楼上漏水，双方协商未果')
  const area = deputy.locator('[data-test=v-area-0]')
  if (await area.count()) await area.selectOption({ index: 0 })
  await deputy.locator('[data-test=v-send]').click()
  await deputy.getByText('请选择该事项是否已进入诉讼、行政复议或仲裁程序').first().waitFor()
  await deputy.locator('[data-test=v-lit-yes-0]').check()
  await deputy.locator('[data-test=v-send]').click()
  await deputy.getByText('代表联络站不予受理').first().waitFor()
  assert.equal(await deputy.locator('[data-test=ws-codes]').count(), 0, 'nothing taken')
  await checkA11y(deputy, 'the visit refused: in litigation (phone)')
  await deputy.locator('[data-test=v-lit-no-0]').check()
  await deputy.locator('[data-test=v-send]').click()
  await deputy.locator('[data-test=ws-codes] li').first().waitFor()
  await assertNoOverflow(deputy)
  await deputy.context().close()
})

test('the clerk records a reception already held, and the reception check counts it', async () => {
  const page = await newPage(browser)
  await login(page, server.url, 'clerk', 'clerk-demo')
  await page.waitForURL(/\/clerk/)
  await page.locator('[data-test=nav-liaison]').click()
  await page.waitForURL(/\/clerk\/liaison/)
  const me = (await apiCall(page, 'GET', '/me')).body.user
  const st = (await apiCall(page, 'GET', `/congresses/${me.congress_id}/stations`)).body.items.find((s) => s.name === '江州市江北代表联络站')
  const who = st.deputies[0]
  const year = new Date(Date.now() + 8 * 3600e3).getUTCFullYear()
  const heldOf = async () =>
    (await apiCall(page, 'GET', `/congresses/${me.congress_id}/receptions?year=${year}`)).body.items.find((d) => d.deputy_id === who.id).held
  const before = await heldOf()
  const form = page.locator('[data-test=lc-held]')
  await form.waitFor()
  await form.locator('[data-test=lc-held-station]').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: st.name }).click()
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
  await field(form, 'lc-held-day').fill(today)
  await field(form, 'lc-held-residents').fill('8')
  await form.locator('[data-test=lc-held-deputies]').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: who.name }).first().click()
  await page.keyboard.press('Escape')
  await form.locator('[data-test=lc-held-save]').click()
  await page.getByText('已登记').first().waitFor()
  assert.equal(await heldOf(), before + 1, 'the reception held counts')
  await checkA11y(page, 'the liaison administration with a reception recorded')
  await page.context().close()
})
