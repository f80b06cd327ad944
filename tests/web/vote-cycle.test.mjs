// The whole vote in a real browser, in order: the public pages, login, the
// clerk sets up a poll and checks deputies in, three deputies vote on a phone,
// one tries again, the clerk closes, and the public result shows the right
// numbers and chart — in Chinese, then in English. Each step is one test (one
// TAP line); later steps use what earlier ones built.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import {
  startServer, launch, newPage, assertClean, screenshot, checkA11y, login, assertNoOverflow, apiCall, PHONE, DESKTOP,
} from './harness.mjs'

let server
let browser
let clerk // the clerk's page, kept logged in across steps
let pollId
let cands // the new poll's candidates [{id,title}]
const ballots = [] // the choices each deputy cast, by candidate index

before(async () => {
  server = await startServer()
  browser = await launch()
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

test('public pages: home and congress in Chinese by default, accessible, no overflow on a phone', async () => {
  const page = await newPage(browser, DESKTOP)
  await page.goto(server.url + '/')
  await assert.doesNotReject(page.getByRole('heading', { name: '民生实事项目人大代表票决' }).waitFor())
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN')
  await checkA11y(page, 'public home')
  await screenshot(page, 'public-home')
  await page.locator('[data-test=congress-link]').first().click()
  await page.waitForURL(/\/congress\/1$/)
  await page.getByRole('heading', { name: '江州市人民代表大会' }).waitFor()
  await page.locator('[data-test=phase]', { hasText: '票决' }).waitFor()
  await page.getByText('共 12 条').waitFor()
  await page.getByText('老旧小区加装电梯').first().waitFor()
  // Search narrows the list (server-side ?q=).
  await page.locator('[data-test=search] input').fill('电梯')
  await page.getByText('共 1 条').waitFor()
  await checkA11y(page, 'public congress')
  await screenshot(page, 'public-congress')
  await page.setViewportSize(PHONE)
  await page.waitForTimeout(200)
  await assertNoOverflow(page)
  await screenshot(page, 'public-congress-phone')
  assertClean(page)
  await page.context().close()
})

test('login: a wrong password is refused on the form; the demo clerk gets in', async () => {
  const page = await newPage(browser, DESKTOP)
  await page.goto(server.url + '/login')
  await page.locator('[data-test=login] input').fill('clerk')
  await page.locator('[data-test=password] input').fill('wrong-password')
  await page.locator('[data-test=submit]').click()
  await page.locator('[data-test=login-error]').waitFor()
  assert.equal(new URL(page.url()).pathname, '/login')
  await checkA11y(page, 'login')
  await screenshot(page, 'login')
  await page.locator('[data-test=password] input').fill('clerk-demo')
  await page.locator('[data-test=submit]').click()
  await page.waitForURL(/\/clerk$/)
  await page.locator('[data-test=user]').waitFor()
  await page.locator('[data-test=cycle-link]').first().waitFor()
  await checkA11y(page, 'clerk home')
  await screenshot(page, 'clerk-home')
  clerk = page
  assertClean(page)
})
