// The clerk's set-up pages in a real browser: the deputies' roster (paginated,
// searchable, CSV import whose preview lists every bad row before anything is
// saved), responsible units, a new cycle moved through its phases, and
// candidate projects created, edited and imported, and a poll set up with the
// server's rule in words as the clerk types — with the API's errors shown next
// to the field they concern, in the reader's language.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, field, assertClean, screenshot, checkA11y, login, apiCall, DESKTOP, dropdownsClosed } from './harness.mjs'

let server
let browser
let page
let cycleId

before(async () => {
  server = await startServer()
  browser = await launch()
  page = await newPage(browser, DESKTOP)
  await login(page, server.url, 'clerk', 'clerk-demo')
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

test('deputies: the list is paginated and searchable', async () => {
  await page.goto(server.url + '/clerk/deputies')
  await page.locator('[data-test=total]', { hasText: '60' }).waitFor()
  const rows = page.locator('[data-test=deputies] .el-table__body .el-table__row')
  await rows.first().waitFor()
  const first = await rows.count()
  assert.ok(first > 0 && first < 60, `one page of the 60 deputies, got ${first}`)
  await page.locator('.el-pagination .btn-next').click()
  await page.locator('[data-test=deputies] .el-table__row', { hasText: 'deputy' + String(first + 1).padStart(2, '0') }).waitFor()
  await field(page, 'search').fill('deputy07')
  await page.locator('[data-test=total]', { hasText: /\b1\b/ }).waitFor()
  assert.equal(await rows.count(), 1)
  await checkA11y(page, 'deputies')
  assertClean(page)
})

test('roster CSV: the preview shows every bad row; nothing is saved until the whole file is good', async () => {
  await page.goto(server.url + '/clerk/deputies')
  await page.locator('[data-test=total]', { hasText: '60' }).waitFor()
  // The roster has no password column any more (a deputy chooses the password with an activation code).
  const bad = 'name,login\n张新,deputy101\n李重,deputy01\n王坏,bad login!\n'
  await field(page, 'csv').fill(bad)
  await page.locator('[data-test=preview]').click()
  const errors = page.locator('[data-test=csv-errors]')
  await errors.waitFor()
  const text = await errors.innerText()
  assert.match(text, /\b3\b/, 'line 3 (taken login) listed: ' + text)
  assert.match(text, /\b4\b/, 'line 4 (invalid login) listed: ' + text)
  assert.match(text, /login/, text)
  assert.ok(await page.locator('[data-test=import]').isDisabled(), 'cannot save a file with bad rows')
  // Each row's fault in the server's Chinese, never its English, on a Chinese page.
  const dry = await apiCall(page, 'POST', '/congresses/1/deputies/import', { csv: bad, dry_run: true })
  assert.equal(dry.body.error.code, 'invalid_csv')
  const faults = dry.body.error.details.errors
  assert.equal(faults.length, 2)
  for (const f of faults) {
    assert.match(f.message_zh, /[\u4e00-\u9fff]/, 'the server words the fault in Chinese: ' + f.message_zh)
    assert.ok(text.includes(f.message_zh), `the fault of line ${f.line} in Chinese: ${text}`)
    assert.ok(!text.includes(f.message), `no English server message on a Chinese page: ${f.message}`)
  }
  const summary = await page.locator('.csv-errors .ms-error').innerText()
  assert.ok(!summary.includes(dry.body.error.message), summary)
  await screenshot(page, 'clerk-deputies-csv-errors')
  await checkA11y(page, 'roster preview with errors')
  // Nothing was saved by the preview.
  assert.equal((await apiCall(page, 'GET', '/congresses/1/deputies?q=deputy101')).body.total, 0)
  const good = 'name,login\n张新,deputy101\n李重,deputy102\n'
  await field(page, 'csv').fill(good)
  assert.ok(await page.locator('[data-test=import]').isDisabled(), 'a changed text needs a new preview')
  await page.locator('[data-test=preview]').click()
  await page.locator('[data-test=csv-clean]').waitFor()
  await page.locator('[data-test=import]').click()
  await page.locator('[data-test=csv-done]').waitFor()
  await page.locator('[data-test=total]', { hasText: '62' }).waitFor()
  for (const l of ['deputy101', 'deputy102']) assert.equal((await apiCall(page, 'GET', '/congresses/1/deputies?q=' + l)).body.total, 1, l)
  assertClean(page)
})

test('units: create one; the list finds it', async () => {
  await page.goto(server.url + '/clerk/units')
  await page.locator('[data-test=total]', { hasText: '10' }).waitFor()
  await field(page, 'unit-name').fill('江州市文化广电旅游局')
  await field(page, 'unit-name-en').fill('Jiangzhou Culture and Tourism Bureau')
  await page.locator('[data-test=unit-create]').click()
  await page.locator('[data-test=total]', { hasText: '11' }).waitFor()
  await field(page, 'search').fill('文化')
  await page.locator('[data-test=units] .el-table__row', { hasText: '江州市文化广电旅游局' }).waitFor()
  await checkA11y(page, 'units')
  await screenshot(page, 'clerk-units')
  assertClean(page)
})

test('a new cycle: created on the clerk home, moved from collect to compile', async () => {
  await page.goto(server.url + '/clerk')
  await field(page, 'cycle-year').fill('2028')
  await field(page, 'cycle-title').fill('2028年江州市民生实事项目')
  await field(page, 'cycle-title-en').fill('Jiangzhou livelihood projects 2028')
  await page.locator('[data-test=cycle-create]').click()
  const link = page.locator('[data-test=cycle-link]', { hasText: '2028' })
  await link.waitFor()
  await link.click()
  await page.waitForURL(/\/clerk\/cycles\/\d+$/)
  cycleId = Number(new URL(page.url()).pathname.split('/').pop())
  await page.locator('[data-test=cycle-phase]', { hasText: '征集' }).waitFor()
  await page.locator('[data-test=next-phase]').click()
  await page.locator('.el-message-box__btns .el-button--primary').click()
  await page.locator('[data-test=cycle-phase]', { hasText: '编制' }).waitFor()
  assert.equal((await apiCall(page, 'GET', `/cycles/${cycleId}`)).body.phase, 'compile')
  assertClean(page)
})

test('candidates: the API error appears next to its field; create, edit, and CSV import with preview', async () => {
  await page.locator('[data-test=new-candidate]').click()
  const dialog = page.locator('[data-test=candidate-dialog]')
  await dialog.waitFor()
  await field(page, 'cand-title').fill('社区食堂')
  await field(page, 'cand-cost').fill('-5')
  await page.locator('[data-test=cand-save]').click()
  // The server refuses a negative cost and names the field; the message sits under the cost input.
  const costItem = page.locator('.el-form-item', { has: page.locator('[data-test=cand-cost]') })
  await costItem.locator('.el-form-item__error').waitFor()
  await checkA11y(page, 'candidate dialog with an error')
  await screenshot(page, 'clerk-candidate-error')
  await field(page, 'cand-cost').fill('3000000')
  await field(page, 'cand-location').fill('江北区')
  await page.locator('[data-test=cand-save]').click()
  await dialog.waitFor({ state: 'hidden' })
  await page.locator('[data-test=candidates] .el-table__row', { hasText: '社区食堂' }).waitFor()
  // Edit it.
  await page.locator('[data-test=candidates] .el-table__row', { hasText: '社区食堂' }).locator('[data-test=edit-candidate]').click()
  await dialog.waitFor()
  await field(page, 'cand-title').fill('社区长者食堂')
  // the rationale and the completion day (typed into the date picker, as a clerk would)
  await field(page, 'cand-rationale').fill('老年人口占比高，就餐难问题突出')
  const day = page.locator('[data-test=cand-finish-by] input')
  await day.fill('2026-11-30')
  await day.press('Enter')
  await page.locator('[data-test=cand-save]').click()
  await dialog.waitFor({ state: 'hidden' })
  await page.locator('[data-test=candidates] .el-table__row', { hasText: '社区长者食堂' }).waitFor()
  const saved = (await apiCall(page, 'GET', `/cycles/${cycleId}/candidates?q=社区长者食堂`)).body.items[0]
  assert.equal(saved.rationale, '老年人口占比高，就餐难问题突出')
  assert.equal(saved.finish_by, '2026-11-30')
  // Import two more by CSV; the first attempt names an unknown unit.
  const csv = field(page, 'csv')
  await csv.fill('title,cost,unit\n口袋公园,2000000,江州市城市管理局\n夜间公交,1500000,不存在的局\n')
  await page.locator('[data-test=preview]').click()
  await page.locator('[data-test=csv-errors]', { hasText: '3' }).waitFor()
  assert.ok(await page.locator('[data-test=import]').isDisabled())
  await csv.fill('title,cost,unit\n口袋公园,2000000,江州市城市管理局\n夜间公交,1500000,江州市交通运输局\n')
  await page.locator('[data-test=preview]').click()
  await page.locator('[data-test=csv-clean]').waitFor()
  await page.locator('[data-test=import]').click()
  await page.locator('[data-test=csv-done]').waitFor()
  const list = await apiCall(page, 'GET', `/cycles/${cycleId}/candidates?per_page=50`)
  assert.deepEqual(list.body.items.map((c) => c.title).sort(), ['口袋公园', '夜间公交', '社区长者食堂'].sort())
  assert.equal(list.body.items.find((c) => c.title === '夜间公交').unit_name, '江州市交通运输局')
  await checkA11y(page, 'clerk cycle (compile)')
  await screenshot(page, 'clerk-cycle-compile')
  assertClean(page)
})

test('poll set-up: the rule preview is the server’s words; a bad setting shows the server’s error under its field, in each language', async () => {
  await page.goto(server.url + `/clerk/cycles/${cycleId}`)
  await page.locator('[data-test=new-poll]').click()
  const dialog = page.locator('[data-test=poll-dialog]')
  await dialog.waitFor()
  const region = page.locator('[data-test=preview-region]')
  assert.equal(await region.getAttribute('aria-live'), 'polite', 'the preview is announced as it changes')
  // Three candidates: the dialog proposes 2 places; the server states the rule.
  await field(page, 'poll-title').fill('设置测试票决')
  await field(page, 'poll-slots').fill('2')
  const preview = page.locator('[data-test=rule-preview]')
  await preview.filter({ hasText: '3个候选项目中的2个' }).waitFor()
  const asked = await apiCall(page, 'POST', `/cycles/${cycleId}/polls/preview`, { slots: 2, title: '设置测试票决' })
  assert.equal(asked.status, 200)
  const zh = (await preview.innerText()).trim()
  const en = (await page.locator('[data-test=rule-preview-other]').innerText()).trim()
  assert.equal(zh, asked.body.zh, 'the preview is the server’s Chinese text')
  assert.equal(en, asked.body.en, 'and its English text')

  // A threshold above one: the server's Chinese message under the threshold's field, no rule text.
  const thresholdItem = page.locator('.el-form-item', { has: page.locator('[data-test=poll-num]') })
  await field(page, 'poll-num').fill('3')
  const bad = await apiCall(page, 'POST', `/cycles/${cycleId}/polls/preview`, { slots: 2, threshold_num: 3, threshold_den: 2 })
  assert.equal(bad.status, 422)
  assert.equal(bad.body.error.field, 'threshold_num')
  await thresholdItem.locator('.el-form-item__error', { hasText: bad.body.error.message_zh }).waitFor()
  assert.match(bad.body.error.message_zh, /[\u4e00-\u9fff]/, 'the server words it in Chinese')
  await page.locator('[data-test=rule-preview-error]').waitFor()
  assert.equal(await preview.count(), 0, 'no rule in words for settings the server refuses')
  assert.ok(!(await dialog.innerText()).includes(bad.body.error.message), 'no English server message on a Chinese page')
  await checkA11y(page, 'poll set-up with an error')
  await screenshot(page, 'clerk-poll-setup-error')

  // Corrected: the rule comes back; creating the poll prints the same words.
  await field(page, 'poll-num').fill('1')
  await preview.filter({ hasText: zh }).waitFor()
  await thresholdItem.locator('.el-form-item__error').waitFor({ state: 'detached' })
  await page.locator('[data-test=poll-create]').click()
  await page.waitForURL(/\/clerk\/polls\/\d+$/)
  const pollId = Number(new URL(page.url()).pathname.split('/').pop())
  const poll = await apiCall(page, 'GET', `/polls/${pollId}`)
  assert.deepEqual(poll.body.rule_text, { zh, en }, 'the created poll’s rule_text is what the preview said')
  await page.locator('[data-test=rule-text]', { hasText: zh }).waitFor()

  // In English: the preview and the error in English.
  await page.goto(server.url + `/clerk/cycles/${cycleId}`)
  await page.locator('[data-test=lang]').click()
  await page.waitForFunction(() => document.documentElement.lang === 'en')
  await page.locator('[data-test=new-poll]').click()
  await dialog.waitFor()
  await field(page, 'poll-slots').fill('2')
  await preview.filter({ hasText: en }).waitFor()
  assert.equal((await page.locator('[data-test=rule-preview-other]').innerText()).trim(), zh)
  await field(page, 'poll-num').fill('3')
  await thresholdItem.locator('.el-form-item__error', { hasText: bad.body.error.message }).waitFor()
  assert.ok(!(await dialog.innerText()).includes(bad.body.error.message_zh), 'no Chinese server message on an English page')
  await checkA11y(page, 'poll set-up with an error (English)')
  await page.locator('[data-test=poll-dialog] .el-dialog__footer .el-button').first().click()
  await dialog.waitFor({ state: 'hidden' })
  await page.locator('[data-test=lang]').click()
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN')
  assertClean(page)
})

test('poll set-up with scrutineers: more shares than scrutineers is refused under its field; the poll page lists them', async () => {
  await page.goto(server.url + `/clerk/cycles/${cycleId}`)
  await page.locator('[data-test=new-poll]').click()
  const dialog = page.locator('[data-test=poll-dialog]')
  await dialog.waitFor()
  await field(page, 'poll-title').fill('监票人测试票决')
  await field(page, 'poll-slots').fill('2')
  for (const l of ['deputy11', 'deputy12']) {
    await dialog.locator('[data-test=scrutineer-select] input').fill(l)
    await page.locator('.el-select-dropdown__item', { hasText: l }).click()
  }
  await page.keyboard.press('Escape')
  await dropdownsClosed(page)
  await dialog.locator('[data-test=shares-help]', { hasText: /2\D+2/ }).waitFor() // a majority of two is two
  await field(page, 'shares-needed').fill('3')
  await page.locator('[data-test=poll-create]').click()
  const kItem = page.locator('.el-form-item', { has: page.locator('[data-test=shares-needed]') })
  const err = kItem.locator('.el-form-item__error')
  await err.waitFor()
  // The same settings through the API: refused (and nothing saved), with the message the form shows.
  const ids = (await apiCall(page, 'GET', '/congresses/1/deputies?per_page=200')).body.items.filter((d) => ['deputy11', 'deputy12'].includes(d.login)).map((d) => d.id)
  const before = (await apiCall(page, 'GET', `/cycles/${cycleId}/polls`)).body.total
  const bad = await apiCall(page, 'POST', `/cycles/${cycleId}/polls`, { slots: 2, scrutineer_ids: ids, shares_needed: 3 })
  assert.equal(bad.status, 422)
  assert.equal(bad.body.error.code, 'scrutineer_count')
  assert.equal(bad.body.error.field, 'shares_needed')
  assert.equal((await err.innerText()).trim(), bad.body.error.message_zh)
  assert.equal((await apiCall(page, 'GET', `/cycles/${cycleId}/polls`)).body.total, before, 'no poll made by a refused set-up')
  await checkA11y(page, 'poll set-up with scrutineers and an error')
  await screenshot(page, 'clerk-poll-setup-scrutineers')
  await field(page, 'shares-needed').fill('2')
  await page.locator('[data-test=poll-create]').click()
  await page.waitForURL(/\/clerk\/polls\/\d+$/)
  const rows = page.locator('[data-test=scrutineer-row]')
  await rows.nth(1).waitFor()
  assert.equal(await page.locator('[data-test=scrutineer-state]', { hasText: '未准备' }).count(), 2)
  await page.locator('[data-test=shares-needed-line]', { hasText: /2\D+2/ }).waitFor()
  assertClean(page)
})
