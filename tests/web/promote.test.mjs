// From demands to candidates in a real browser, on the demo. The clerk
// makes next year's round, sets its collection window (征集期) and reads it
// in words; picks a resident's demand put forward for the candidates (the
// demo's) with a deputy's suggestion and makes a candidate of them; the
// candidate is in the round, and the congress's public page says who asked
// for it — counts and channels, never a resident. axe-clean throughout.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, field, checkA11y, login, apiCall, assertClean, screenshot, PHONE } from './harness.mjs'

let server
let browser
let page
let cycleId
let candidate

before(async () => {
  server = await startServer()
  browser = await launch()
  page = await newPage(browser)
  await login(page, server.url, 'clerk', 'clerk-demo')
  await page.waitForURL(/\/clerk/)
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

test('a new round: its collection window set and said in words', async () => {
  const r = await apiCall(page, 'POST', '/congresses/1/cycles', { year: 2028, title: '2028年江州市民生实事项目' })
  assert.equal(r.status, 201)
  cycleId = r.body.id
  await page.goto(`${server.url}/clerk/cycles/${cycleId}`)
  const card = page.locator('[data-test=collection]')
  await card.waitFor()
  assert.match(await card.locator('[data-test=collection-words]').innerText(), /征集期尚未设定/)
  await page.locator('[data-test=collection-opens] input, input[data-test=collection-opens]').first().fill('2027-09-01')
  await page.locator('[data-test=collection-closes] input, input[data-test=collection-closes]').first().fill('2027-09-30')
  await page.locator('[data-test=collection-save]').click()
  await card.locator('[data-test=collection-words]', { hasText: '2027年9月1日至2027年9月30日' }).waitFor()
  const w = (await apiCall(page, 'GET', `/cycles/${cycleId}/collection`)).body
  assert.equal(w.opens_on, '2027-09-01')
  assert.equal(w.closes_on, '2027-09-30')
  await checkA11y(page, 'the round with its collection window')
  assertClean(page)
})

test('a demand put forward and a suggestion become a candidate naming them as its sources', async () => {
  const proposals = (await apiCall(page, 'GET', '/congresses/1/proposals?pending=1')).body
  assert.ok(proposals.total >= 1, 'the demo has a demand put forward')
  const demand = proposals.items[0]
  const sugg = (await apiCall(page, 'GET', '/congresses/1/suggestions')).body.items.find((s) => s.status !== 'merged')
  assert.ok(sugg, 'the demo has a suggestion')
  const row = page.locator('[data-test=proposal-list] .el-table__row', { hasText: demand.title })
  await row.waitFor()
  await row.locator('.el-checkbox').click()
  await page.locator('[data-test=promote-suggestions]').click()
  await page.locator('.el-select-dropdown__item', { hasText: sugg.title }).last().click()
  await page.keyboard.press('Escape')
  await page.locator('[data-test=promote]').click()
  const dialog = page.locator('[data-test=candidate-dialog]')
  await dialog.waitFor()
  assert.match(await dialog.locator('[data-test=cand-sources]').innerText(), /1 件群众诉求、1 件代表建议/)
  await checkA11y(page, 'the promotion dialog')
  await field(page, 'cand-title').fill('群众提出的社区民生项目')
  await field(page, 'cand-cost').fill('1200000')
  await page.locator('[data-test=cand-save]').click()
  await dialog.waitFor({ state: 'hidden' })
  await page.locator('[data-test=candidates] .el-table__row', { hasText: '群众提出的社区民生项目' }).waitFor()
  await row.locator('[data-test=proposal-promoted]').waitFor()
  candidate = (await apiCall(page, 'GET', `/cycles/${cycleId}/candidates`)).body.items.find((c) => c.title === '群众提出的社区民生项目')
  const src = (await apiCall(page, 'GET', `/candidates/${candidate.id}/sources`)).body
  assert.equal(src.demands, 1)
  assert.equal(src.suggestions, 1)
  await screenshot(page, 'promote-clerk')
  assertClean(page)
})

test('the public page says who asked for the candidate, on a phone', async () => {
  const phone = await newPage(browser, PHONE)
  await phone.goto(`${server.url}/congress/1`)
  // the newest round, 2028, is the one shown first
  await phone.locator('[data-test=phase]', { hasText: '征集' }).waitFor()
  await phone.locator('[data-test=collection-words]', { hasText: '2027年9月1日' }).waitFor()
  const row = phone.locator('[data-test=candidates] .el-table__row', { hasText: '群众提出的社区民生项目' })
  await row.waitFor()
  await row.locator('.el-table__expand-icon').click()
  const words = phone.locator('[data-test=sources-words]')
  await words.waitFor()
  assert.match(await words.innerText(), /1 件群众诉求和 1 件代表建议/)
  await checkA11y(phone, 'the public congress page with a candidate’s sources (phone)')
  await screenshot(phone, 'promote-public-phone')
  assertClean(phone)
})
