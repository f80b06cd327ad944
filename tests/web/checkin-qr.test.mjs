// Self check-in by QR code (扫码报到): the clerk's desk shows the rotating
// check-in QR code; the URL it encodes (read back with zbarimg from a
// screenshot, and the same as the code's data-url) opens the deputy's phone
// page, which checks the deputy in; the desk's attendance list then shows the
// deputy present, marked as checked in by phone; the clerk undoes one check-in
// before the poll opens, with confirmation. A stale or forged code tells the
// deputy to scan again; the hall screen shows the code only to staff
// (/hall/:id?qr=1 with the clerk's session). axe on each page.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer, launch, newPage, checkA11y, screenshot, login, apiCall, assertClean, assertNoOverflow, DESKTOP, PHONE } from './harness.mjs'

let server
let browser
let clerk
let poll
let dir
const call = (m, p, b) => apiCall(clerk, m, p, b)

before(async () => {
  server = await startServer()
  browser = await launch()
  dir = mkdtempSync(join(tmpdir(), 'checkin-qr-'))
  clerk = await newPage(browser, DESKTOP)
  await login(clerk, server.url, 'clerk', 'clerk-demo')
  const made = await call('POST', '/cycles/1/polls', { title: '扫码报到测试票决', slots: 2 })
  assert.equal(made.status, 201, JSON.stringify(made.body))
  poll = made.body
})
after(async () => {
  await browser?.close()
  await server?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** The attendance row of a deputy (by login), found with the desk's search. */
async function row(login) {
  await clerk.locator('[data-test=checkin-search] input, input[data-test=checkin-search]').first().fill(login)
  const r = clerk.locator('[data-test=attendance] .el-table__body tr', { hasText: login })
  await r.first().waitFor()
  return r.first()
}

test('a deputy scans the desk QR code on a phone and is checked in; the desk marks it; the clerk undoes it before the open', async () => {
  await clerk.goto(`${server.url}/clerk/polls/${poll.id}`)
  const qr = clerk.locator('[data-test=checkin-qr]')
  await qr.waitFor()
  // the picture carries the same URL (the code changes every minute: a picture taken across a change is taken again)
  const png = join(dir, 'qr.png')
  let url, read
  for (let tries = 0; tries < 3; tries++) {
    url = await qr.getAttribute('data-url')
    await clerk.locator('[data-test=checkin-qr-img]').screenshot({ path: png })
    if ((await qr.getAttribute('data-url')) !== url) continue
    read = spawnSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', png], { encoding: 'utf8' })
    break
  }
  assert.match(url, new RegExp(`^${server.url}/deputy/checkin/${poll.id}\\?t=[0-9a-f]{16}$`))
  assert.equal(read?.stdout.trim(), url, 'zbarimg reads the URL from the QR code: ' + read?.stderr)
  await checkA11y(clerk, 'the desk with the check-in QR code')
  await screenshot(clerk, 'checkin-qr-desk')

  const phone = await newPage(browser, PHONE)
  await login(phone, server.url, 'deputy07', 'deputy-demo')
  await phone.goto(url)
  const ok = phone.locator('[data-test=checkin-ok]')
  await ok.waitFor()
  assert.match(await ok.textContent(), /报到成功/)
  assert.match(await ok.textContent(), /扫码报到测试票决/)
  await checkA11y(phone, 'the deputy checked in by phone')
  await assertNoOverflow(phone)
  await screenshot(phone, 'checkin-qr-phone')
  // a second scan says so
  await phone.goto(url)
  await phone.locator('[data-test=checkin-ok]', { hasText: '您已报到' }).waitFor()
  // a forged or stale code: scan again or go to the desk
  await phone.goto(`${server.url}/deputy/checkin/${poll.id}?t=0000000000000000`)
  const bad = phone.locator('[data-test=checkin-expired]')
  await bad.waitFor()
  assert.match(await bad.textContent(), /已过期/)
  assert.match(await bad.textContent(), /签到处/)
  await checkA11y(phone, 'a stale check-in code')
  assertClean(phone)
  await phone.context().close()

  // the desk (pushed by the server) shows the deputy present, checked in by phone
  await clerk.waitForFunction(() => /1/.test(document.querySelector('[data-test=present-count]')?.textContent ?? ''))
  const r7 = await row('deputy07')
  await r7.locator('[data-test=self-tag]').waitFor()
  assert.match(await r7.locator('[data-test=present-tag]').textContent(), /已|出席|签到/)
  assert.equal(await clerk.locator('[data-test=attendance] [data-test=self-tag]').count(), 1)
  assert.match(await r7.locator('[data-test=self-tag]').textContent(), /^\s*扫码报到\s*$/)

  // the clerk confirms the check-in by phone: the mark stays, confirmed, and the audit names the deputy
  await r7.locator('[data-test=checkin-confirm]').click()
  await r7.locator('[data-test=self-tag]', { hasText: '已确认' }).waitFor()
  await r7.locator('[data-test=checkin-confirm]').waitFor({ state: 'detached' })
  await checkA11y(clerk, 'the desk after a confirmation')
  const confirmed = (await call('GET', '/audit?action=poll.checkin')).body.items
    .filter((e) => e.object === `poll/${poll.id}` && (e.detail?.confirmed ?? []).length)
  assert.equal(confirmed.length, 1, JSON.stringify(confirmed))
  assert.equal(confirmed[0].detail.confirmed.length, 1)

  // the desk checks another deputy in; no phone mark on that one
  const d8 = (await call('GET', '/congresses/1/deputies?q=deputy08')).body.items.find((d) => d.login === 'deputy08')
  assert.equal((await call('POST', `/polls/${poll.id}/checkin`, { deputy_ids: [d8.id] })).status, 200)
  const r8 = await row('deputy08')
  await r8.locator('[data-test=checkin-undo]').waitFor()
  assert.equal(await r8.locator('[data-test=self-tag]').count(), 0)
  assert.equal(await r8.locator('[data-test=checkin-confirm]').count(), 0, 'a desk check-in has nothing to confirm')

  // undo deputy07's check-in, with confirmation
  const again = await row('deputy07')
  await again.locator('[data-test=checkin-undo]').click()
  await clerk.locator('.el-message-box', { hasText: '撤销' }).waitFor()
  await checkA11y(clerk, 'the undo confirmation')
  await clerk.locator('.el-message-box__btns .el-button--primary').click()
  await clerk.locator('[data-test=checkin-done]', { hasText: '已撤销' }).waitFor()
  const after7 = await row('deputy07')
  await after7.locator('[data-test=checkin-one]').waitFor()
  await after7.locator('[data-test=self-tag]').waitFor({ state: 'detached' }) // el-tag leaves with a transition
  const audit = (await call('GET', '/audit?action=poll.checkin_undo')).body.items
  assert.ok(audit.some((e) => e.object === `poll/${poll.id}` && e.user_login === 'clerk'), JSON.stringify(audit))
  assertClean(clerk)
})

test('the hall screen shows the check-in QR code to staff only', async () => {
  const hall = await newPage(browser, { width: 1920, height: 1080 })
  await login(hall, server.url, 'clerk', 'clerk-demo')
  await hall.goto(`${server.url}/hall/${poll.id}?qr=1`)
  const qr = hall.locator('[data-test=checkin-qr]')
  await qr.waitFor()
  assert.match(await qr.getAttribute('data-url'), /\/deputy\/checkin\/\d+\?t=[0-9a-f]{16}$/)
  await checkA11y(hall, 'the hall screen with the check-in QR code')
  await screenshot(hall, 'checkin-qr-hall')
  assertClean(hall)
  await hall.context().close()

  const visitor = await newPage(browser, { width: 1920, height: 1080 })
  await visitor.goto(`${server.url}/hall/${poll.id}?qr=1`)
  await visitor.locator('[data-test=hall-present]').waitFor()
  await visitor.waitForTimeout(800)
  assert.equal(await visitor.locator('[data-test=checkin-qr]').count(), 0, 'no QR code without a staff session')
  await visitor.context().close()
})
