// Target lists (任务清单) in a real browser, on the demo's city congress and
// its published 2026 list. The public reaches the list from the congress
// page and reads it as a tree — every task with its light in colour and word,
// 4.1.1 under 4.1 under 4, the rule in the server's words, the lights counted
// as the API counts them — on a desktop and on a phone. The clerk creates a
// 2027 list (the rule said in words as the thresholds change), imports a CSV
// whose bad line is named by its number and field, fixes it and imports it,
// adds one sub-task by the form and publishes the list. The housing bureau's
// officer (unit01) reports a value for 2.2 of the 2026 list on the unit's
// workspace; the clerk accepts it (and returns 2.1's waiting report, which
// needs a reason) and the public tree then shows the new value. axe-clean on
// every page.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, field, checkA11y, login, apiCall, assertNoOverflow, assertClean, screenshot, finishPage, PHONE, DESKTOP, assertDownloads, xlsxAndPdf } from './harness.mjs'

const LIST_2027 = '2027年江州市政府工作报告重点任务清单（浏览器测试）'
const HEADER = 'code,title,parent_code,indicator,measure,direction,baseline,target,weight,deadline,lead_unit,co_units,official'
const GOOD = [
  '1,推进教育优质均衡,,,,,,,2,,江州市教育局,,分管副市长',
  '1.1,新建改扩建中小学,1,新建改扩建学校数,所,up,0,12,1,2027-08-31,江州市教育局,江州市交通运输局,分管副市长',
]
const BAD = '1.2,降低大班额比例,9,大班额比例,%,sideways,abc,0,1,2027-12-31,江州市教育局,,分管副市长'
const FIXED = '1.2,降低大班额比例,1,大班额比例,%,down,6.5,0,1,2027-12-31,江州市教育局,,分管副市长'
const VALUE = '6100'
const EVIDENCE = '市住建局12月保障性租赁住房筹集台账（浏览器测试）'
const REASON = '开工清单与施工许可数量不一致，请核实后重报（浏览器测试）'

let server
let browser
let city
let list2026

before(async () => {
  server = await startServer()
  browser = await launch()
  const page = await newPage(browser)
  await page.goto(server.url + '/')
  const all = (await apiCall(page, 'GET', '/congresses?per_page=200')).body.items
  city = all.find((c) => c.name === '江州市人民代表大会')
  assert.ok(city, 'the demo has the city congress')
  const lists = (await apiCall(page, 'GET', `/congresses/${city.id}/target-lists`)).body.items
  list2026 = lists.find((l) => l.year === 2026 && l.status === 'published')
  assert.ok(list2026, 'the demo has a published 2026 list')
  await page.context().close()
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

const text = async (loc) => (await loc.first().innerText()).trim()
const WORDS = { green: '绿灯', yellow: '黄灯', red: '红灯', blue: '蓝灯' }

/** The public tree of a list agrees with the API: every task, its light's word, its nesting, the counts. */
async function checkTree(page, id) {
  const api = (await apiCall(page, 'GET', `/target-lists/${id}`)).body
  const rows = page.locator('[data-test=tl-task]')
  await rows.first().waitFor()
  assert.equal(await rows.count(), api.items.length, 'every task is shown')
  for (const item of api.items) {
    const row = page.locator(`[data-test=tl-task][data-code="${item.code}"]`).first()
    const light = row.locator('[data-test=tl-light]').first()
    assert.equal(await light.getAttribute('data-light'), item.light, `${item.code}'s light`)
    assert.match(await light.innerText(), new RegExp(WORDS[item.light]), `${item.code}'s light is said in words`)
    assert.match(await text(row.locator('[data-test=tl-progress]')), new RegExp(`完成进度 ${item.progress.percent.replace('.', '\\.')}%.*计划进度 ${item.planned.percent.replace('.', '\\.')}%`))
  }
  assert.equal(await text(page.locator('[data-test=tl-rule]')), api.rule.zh)
  for (const [l, word] of Object.entries(WORDS)) {
    const n = api.items.filter((i) => i.light === l).length
    const chip = page.locator(`[data-test=tl-summary] li[data-light=${l}]`)
    assert.match(await chip.innerText(), new RegExp(`${word}[\\s\\S]*${n} 项`), `${word} counted`)
  }
  return api
}

test('the public reads the 2026 list as a tree with its lights in words, on a desktop and a phone', async () => {
  const page = await newPage(browser, DESKTOP)
  await page.goto(`${server.url}/congress/${city.id}`)
  await page.locator('[data-test=targets-link]').click()
  await page.waitForURL(`**/congress/${city.id}/targets`)
  const entry = page.locator('[data-test=tl-list]', { hasText: list2026.title })
  await entry.waitFor()
  assert.match(await entry.innerText(), /2026年度[\s\S]*共 11 项任务/)
  await checkA11y(page, 'the task lists of a congress')
  await entry.locator('[data-test=tl-list-link]').click()
  await page.waitForURL(`**/targets/${list2026.id}`)
  assert.equal(await text(page.locator('[data-test=tl-title]')), list2026.title)
  const api = await checkTree(page, list2026.id)
  // three levels: 4.1.1 is inside 4.1, which is inside 4
  assert.equal(await page.locator('[data-test=tl-task][data-code="4"] [data-test=tl-task][data-code="4.1"] [data-test=tl-task][data-code="4.1.1"]').count(), 1)
  const t22 = api.items.find((i) => i.code === '2.2')
  const v22 = await text(page.locator('[data-test=tl-task][data-code="2.2"] [data-test=tl-value]'))
  assert.match(v22, new RegExp(`^${t22.value} 套`))
  assert.match(await text(page.locator('[data-test=tl-task][data-code="2.2"] [data-test=tl-lead]')), /住房和城乡建设局/)
  assert.match(await text(page.locator('[data-test=tl-task][data-code="2.2"] [data-test=tl-indicator]')), /筹集房源套数：基期值 0 → 目标值 8000 套/)
  // the list as a workbook and a PDF, from the links the page offers
  await assertDownloads(page, server.url, xlsxAndPdf('tl-xlsx', 'tl-pdf'))
  await finishPage(page, 'target-list-public')

  const phone = await newPage(browser, PHONE)
  await phone.goto(`${server.url}/targets/${list2026.id}`)
  await checkTree(phone, list2026.id)
  await assertNoOverflow(phone)
  await checkA11y(phone, 'a task list on a phone')
  await screenshot(phone, 'target-list-phone')
  assertClean(phone)
  await phone.context().close()
})

let list2027

test('the clerk creates the 2027 list, imports a CSV with a bad line, fixes it, adds a task and publishes', async () => {
  const page = await newPage(browser, DESKTOP)
  await login(page, server.url, 'clerk', 'clerk-demo')
  await page.goto(server.url + '/clerk')
  await page.locator('[data-test=nav-targets]').click()
  await page.waitForURL('**/clerk/targets')
  await page.locator('[data-test=tl-clerk-list]', { hasText: list2026.title }).waitFor()
  await checkA11y(page, 'the clerk’s task lists')

  await page.locator('[data-test=tl-new-open]').click()
  await field(page, 'tl-new-year').fill('2027')
  await field(page, 'tl-new-title').fill(LIST_2027)
  await page.locator('[data-test=tl-new-rollup] .el-radio', { hasText: '加权' }).click()
  await field(page, 'tl-new-yellow').fill('15')
  await field(page, 'tl-new-red').fill('30')
  const words = page.locator('[data-test=tl-new-words]')
  await page.waitForFunction(() => /超过 15 个百分点为黄灯，超过 30 个百分点为红灯/.test(document.querySelector('[data-test=tl-new-words]')?.textContent ?? ''))
  assert.match(await words.innerText(), /按权重加权平均/)
  await checkA11y(page, 'a new task list')
  await page.locator('[data-test=tl-new-create]').click()
  await page.waitForURL(/list=\d+/)
  list2027 = Number(new URL(page.url()).searchParams.get('list'))
  await page.locator('[data-test=tl-status]', { hasText: '草稿' }).waitFor()
  assert.match(await text(page.locator('[data-test=tl-rule]')), /超过 15 个百分点为黄灯，超过 30 个百分点为红灯/)

  // a CSV with a bad third data line: every fault named by its line and field, nothing saved
  await field(page, 'csv').fill([HEADER, ...GOOD, BAD].join('\n'))
  await page.locator('[data-test=preview]').click()
  const errors = page.locator('[data-test=csv-errors]')
  await errors.waitFor()
  const faults = await errors.locator('tbody tr').allInnerTexts()
  assert.ok(faults.length >= 3, 'each fault listed: ' + faults.join(' | '))
  for (const f of faults) assert.match(f, /^4\s/, 'every fault is on line 4: ' + f)
  assert.ok(faults.some((f) => /parent_code/.test(f)) && faults.some((f) => /direction/.test(f)) && faults.some((f) => /baseline/.test(f)), faults.join(' | '))
  assert.ok(await page.locator('[data-test=import]').isDisabled(), 'a faulty file cannot be imported')
  await checkA11y(page, 'a CSV import with a bad line')
  await screenshot(page, 'target-clerk-csv-errors')

  await field(page, 'csv').fill([HEADER, ...GOOD, FIXED].join('\n'))
  await page.locator('[data-test=preview]').click()
  await page.locator('[data-test=csv-clean]').waitFor()
  await page.locator('[data-test=import]').click()
  await page.locator('[data-test=csv-done]').waitFor()
  await page.waitForFunction(() => document.querySelectorAll('[data-test=tl-task]').length === 3)

  // one sub-task by the form, under 1
  await field(page, 'tl-task-code').fill('1.3')
  await page.locator('[data-test=tl-task-parent]').selectOption({ label: '1 推进教育优质均衡' })
  await field(page, 'tl-task-title').fill('新增普惠性幼儿园学位')
  await field(page, 'tl-task-indicator').fill('新增学位数')
  await field(page, 'tl-task-measure').fill('个')
  await field(page, 'tl-task-baseline').fill('0')
  await field(page, 'tl-task-target').fill('3000.5')
  await field(page, 'tl-task-deadline').fill('2027-12-31')
  await page.locator('[data-test=tl-task-lead]').selectOption({ label: '江州市教育局' })
  // a wrong target first: the server's message under the field
  await field(page, 'tl-task-target').fill('3000.1234')
  await page.locator('[data-test=tl-task-add]').click()
  await page.locator('[data-test=tl-task-form] .el-form-item.is-error', { hasText: '三位小数' }).waitFor()
  await field(page, 'tl-task-target').fill('3000')
  await page.locator('[data-test=tl-task-add]').click()
  await page.waitForFunction(() => document.querySelectorAll('[data-test=tl-task]').length === 4)
  assert.equal(await page.locator('[data-test=tl-task][data-code="1"] [data-test=tl-task][data-code="1.3"]').count(), 1, '1.3 is under 1')
  await checkA11y(page, 'a draft list with its tasks')

  await page.locator('[data-test=tl-publish]').click()
  await page.locator('.el-message-box__btns .el-button--primary').click()
  await page.locator('[data-test=tl-status]', { hasText: '已公布' }).waitFor()
  await page.locator('[data-test=tl-waiting-none]').waitFor()
  const api = (await apiCall(page, 'GET', `/target-lists/${list2027}`)).body
  assert.equal(api.status, 'published')
  assert.equal(api.rollup, 'weighted')
  assert.deepEqual(api.items.map((i) => i.code), ['1', '1.1', '1.2', '1.3'])
  await finishPage(page, 'target-clerk')
})

test('unit01 reports a value for 2.2 of the 2026 list on the unit’s workspace', async () => {
  const page = await newPage(browser, PHONE)
  await login(page, server.url, 'unit01', 'unit-demo')
  await page.goto(server.url + '/unit')
  const task = page.locator(`[data-test=unit-target][data-list="${list2026.id}"][data-code="2.2"]`)
  await task.waitFor()
  // only the housing bureau's tasks
  const codes = await page.locator(`[data-test=unit-target][data-list="${list2026.id}"]`).evaluateAll((ls) => ls.map((l) => l.dataset.code))
  assert.deepEqual(codes.sort(), ['2', '2.1', '2.2'])
  await task.locator('[data-test=unit-target-open]').click()
  await field(task, 'unit-target-value').fill(VALUE)
  await field(task, 'unit-target-evidence').fill(EVIDENCE)
  await checkA11y(page, 'reporting a task’s value (phone)')
  await task.locator('[data-test=unit-target-send]').click()
  const filed = task.locator('[data-test=unit-target-report][data-state=filed]')
  await filed.waitFor()
  assert.match(await filed.innerText(), new RegExp(`待审核[\\s\\S]*${VALUE} 套`))
  await assertNoOverflow(page)
  await checkA11y(page, 'the unit’s tasks (phone)')
  await screenshot(page, 'target-unit-phone')
  assertClean(page)
  await page.context().close()
})

test('the clerk accepts 2.2’s value and returns 2.1’s with a reason; the public tree shows the new value', async () => {
  const page = await newPage(browser, DESKTOP)
  await login(page, server.url, 'clerk', 'clerk-demo')
  await page.goto(`${server.url}/clerk/targets?list=${list2026.id}`)
  const w22 = page.locator('[data-test=tl-waiting][data-code="2.2"]')
  const w21 = page.locator('[data-test=tl-waiting][data-code="2.1"]')
  await w22.waitFor()
  await w21.waitFor()
  assert.match(await text(w22.locator('[data-test=tl-waiting-value]')), new RegExp(`^${VALUE} 套`))
  await checkA11y(page, 'reports waiting for review')

  // returning needs a reason
  await w21.locator('[data-test=tl-return-open]').click()
  await w21.locator('[data-test=tl-return]').click()
  await w21.locator('.el-form-item.is-error').waitFor()
  await field(w21, 'tl-return-note').fill(REASON)
  await w21.locator('[data-test=tl-return]').click()
  await w21.waitFor({ state: 'detached' })

  await w22.locator('[data-test=tl-accept]').click()
  await w22.waitFor({ state: 'detached' })
  await page.locator('[data-test=tl-waiting-none]').waitFor()
  await finishPage(page, 'target-clerk-waiting')

  const pub = await newPage(browser, DESKTOP)
  await pub.goto(`${server.url}/targets/${list2026.id}`)
  const v = await text(pub.locator('[data-test=tl-task][data-code="2.2"] [data-test=tl-value]'))
  assert.match(v, new RegExp(`^${VALUE} 套`), 'the accepted value shows: ' + v)
  await checkTree(pub, list2026.id)
  await checkA11y(pub, 'the task list after the review')
  assertClean(pub)
  await pub.context().close()

  // the unit sees 2.1's report returned with the reason
  const unit = await newPage(browser, PHONE)
  await login(unit, server.url, 'unit01', 'unit-demo')
  await unit.goto(server.url + '/unit')
  const returned = unit.locator(`[data-test=unit-target][data-list="${list2026.id}"][data-code="2.1"] [data-test=unit-target-report][data-state=returned]`)
  await returned.waitFor()
  assert.match(await returned.innerText(), /已退回[\s\S]*退回理由/)
  assertClean(unit)
  await unit.context().close()
})
