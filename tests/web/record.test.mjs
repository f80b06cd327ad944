// Deputies' performance files (履职档案) in a real browser, on the demo. A
// deputy (deputy01) on a phone opens 我的履职档案 from the home page: the
// totals by kind and quarter are the server's, and a vote lists the poll
// only, never how; the deputy enters a training, which waits for review. The
// clerk opens 代表履职档案 from the workspace, approves the entry, enters a
// constituent contact for the deputy and approves it, and publishes points; the deputy then sees the entry approved, the points and
// the rule in words, and the page reads in English. axe-clean throughout.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, field, checkA11y, login, apiCall, assertNoOverflow, finishPage, screenshot, dropdownsClosed } from './harness.mjs'

const PHONE = { width: 390, height: 844 }
const TEXT = '参加市人大常委会组织的代表履职专题培训（浏览器测试）'
const CONTACT = '在代表联络站接待选民，收集加装电梯意见（浏览器测试）'

let server
let browser
let deputy // deputy01's phone page
let me

before(async () => {
  server = await startServer()
  browser = await launch()
  deputy = await newPage(browser, PHONE)
  await login(deputy, server.url, 'deputy01', 'deputy-demo')
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

test('a deputy on a phone: from the home page to the file, whose totals are the server’s', async () => {
  await deputy.waitForURL(/\/deputy$/)
  await deputy.locator('[data-test=record-link]').click()
  await deputy.waitForURL(/\/deputy\/record$/)
  await deputy.locator('[data-test=record-totals]').waitFor()
  me = (await apiCall(deputy, 'GET', '/me')).body.user
  const file = (await apiCall(deputy, 'GET', `/deputies/${me.id}/record`)).body
  for (const k of ['attendance', 'vote', 'inspection', 'letter', 'training']) {
    const cells = await deputy.locator(`[data-test=total-${k}] td`).allInnerTexts()
    assert.equal(Number(cells[0]), file.totals.counts[k], `the year's ${k}`)
    assert.deepEqual(cells.slice(1).map(Number), file.totals.quarters.map((q) => q.counts[k]), `${k} by quarter`)
  }
  assert.equal(await deputy.locator('[data-test=total-points]').count(), 0, 'no points before the congress sets them')
  for (const v of file.votes) assert.deepEqual(Object.keys(v).sort(), ['day', 'id', 'title'], 'a vote names its poll only')
  assert.match(await deputy.locator('[data-test=rec-votes]').innerText(), /不涉及如何投票/)
  await checkA11y(deputy, 'my performance file (phone)')
  await assertNoOverflow(deputy)
  await screenshot(deputy, 'record-deputy-phone')
})

test('the deputy enters a training: refused without its text, then waiting for review', async () => {
  await deputy.locator('[data-test=entry-save]').click()
  const err = deputy.locator('.el-form-item', { has: deputy.locator('[data-test=entry-text]') }).locator('.el-form-item__error')
  await err.waitFor()
  await field(deputy, 'entry-text').fill(TEXT)
  await field(deputy, 'entry-hours').fill('3')
  await deputy.locator('[data-test=entry-save]').click()
  const entry = deputy.locator('[data-test=rec-entry]', { hasText: TEXT })
  await entry.waitFor()
  assert.match(await entry.innerText(), /参加培训/)
  assert.match(await entry.innerText(), /3 小时/)
  assert.equal((await entry.locator('[data-test=rec-entry-status]').innerText()).trim(), '待审核')
  await checkA11y(deputy, 'my file with a pending entry')
})

test('the clerk approves the entry and publishes points', async () => {
  const clerk = await newPage(browser)
  await login(clerk, server.url, 'clerk', 'clerk-demo')
  await clerk.waitForURL(/\/clerk/)
  await clerk.locator('[data-test=nav-records]').click()
  await clerk.waitForURL(/\/clerk\/records/)
  const row = clerk.locator('[data-test=recs-table] .el-table__row', { hasText: me.name })
  await row.waitFor()
  const item = clerk.locator('[data-test=recs-entry]', { hasText: TEXT })
  await item.waitFor()
  await checkA11y(clerk, 'the clerk’s performance files')
  await item.locator('[data-test=recs-approve]').click()
  await item.waitFor({ state: 'detached' })
  await row.locator('[data-test=recs-open]').click()
  await clerk.locator('[data-test=recs-file]', { hasText: TEXT }).waitFor()
  // the clerk enters a constituent contact for the deputy: it waits for review too
  await field(clerk, 'recs-entry-text').fill(CONTACT)
  await clerk.locator('[data-test=recs-entry-save]').click()
  const waiting = clerk.locator('[data-test=recs-entry]', { hasText: CONTACT })
  await waiting.waitFor()
  assert.match(await waiting.innerText(), new RegExp(me.name))
  await waiting.locator('[data-test=recs-approve]').click()
  await waiting.waitFor({ state: 'detached' })
  // points: on, 2 for a session attended, 1 for training
  await clerk.locator('[data-test=recs-points-on]').click()
  await field(clerk, 'recs-points-attendance').fill('2')
  await field(clerk, 'recs-points-training').fill('1')
  await clerk.locator('[data-test=recs-points-save]').click()
  await clerk.locator('[data-test=recs-rule]', { hasText: '出席会议每次 2 分' }).waitFor()
  const pts = (await apiCall(clerk, 'GET', `/congresses/${me.congress_id}/record-points`)).body
  assert.equal(pts.enabled, true)
  assert.equal(pts.points.find((p) => p.kind === 'attendance').points, 2)
  assert.equal(pts.points.find((p) => p.kind === 'training').points, 1)
  await dropdownsClosed(clerk)
  await finishPage(clerk, 'record-clerk')
})

test('the deputy sees the entry approved and the points, in Chinese and English', async () => {
  await deputy.reload()
  const entry = deputy.locator('[data-test=rec-entry]', { hasText: TEXT })
  await entry.waitFor()
  assert.equal((await entry.locator('[data-test=rec-entry-status]').innerText()).trim(), '已通过')
  const file = (await apiCall(deputy, 'GET', `/deputies/${me.id}/record`)).body
  assert.equal(file.totals.points, file.totals.counts.attendance * 2 + file.totals.counts.training)
  assert.equal(file.entries.find((e) => e.text === CONTACT)?.status, 'approved', 'the clerk’s entry counts once approved')
  await deputy.locator('[data-test=rec-entry]', { hasText: CONTACT }).waitFor()
  await deputy.locator('[data-test=rec-points]', { hasText: `${file.totals.points} 分` }).waitFor()
  assert.match(await deputy.locator('[data-test=rec-rule]').innerText(), /出席会议每次 2 分/)
  await deputy.locator('[data-test=lang]').click()
  await deputy.locator('#rec-h', { hasText: 'My performance file' }).waitFor()
  assert.match(await deputy.locator('[data-test=rec-rule]').innerText(), /2 for each session attended/)
  await checkA11y(deputy, 'my performance file in English')
  await deputy.locator('[data-test=lang]').click()
  await deputy.locator('#rec-h', { hasText: '我的履职档案' }).waitFor()
  await finishPage(deputy, 'record-deputy')
})
