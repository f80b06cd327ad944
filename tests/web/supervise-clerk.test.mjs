// The clerk's supervision dashboard (/clerk/supervise, issue 12) in a real
// browser, on the demo's 2026 round under delivery seen 40 days after the
// demo was made (the server's MINSHENG_TODAY; the demo itself is made today):
// the red project's supervision task is then past its working-day deadline
// and the letter past its reply deadline. The clerk sees the red project and
// its overdue task, publishes a waiting progress report (the public API then
// shows it), judges the lights again (the silent projects change, the task
// escalates), edits a threshold and reads it back in words, adds a holiday,
// closes the task, and exports the quarterly report as XLSX and PDF (opened:
// the workbook's cells and the PDF's text hold a project's Chinese title).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer, launch, newPage, assertClean, screenshot, checkA11y, login, apiCall, dropdownsClosed, assertNoOverflow, DESKTOP, PHONE } from './harness.mjs'

const chinaDay = (n) => new Date(Date.now() + 8 * 3600e3 + n * 86400e3).toISOString().slice(0, 10)
const LATER = chinaDay(40)

let server
let browser
let page // the clerk's dashboard, across steps
let projects // the demo congress's projects
let red // the red project
const tmp = mkdtempSync(join(tmpdir(), 'minsheng-sup-'))

async function ok(method, path, body, status = 200) {
  const r = await apiCall(page, method, path, body)
  assert.equal(r.status, status, `${method} ${path}: ${JSON.stringify(r.body)}`)
  return r.body
}

/** The public's view (no cookie), from Node. */
async function publicGet(path) {
  const r = await fetch(server.url + '/api/v1' + path)
  assert.equal(r.status, 200, path)
  return r.json()
}

before(async () => {
  server = await startServer({ serveEnv: { MINSHENG_TODAY: LATER } })
  browser = await launch()
  page = await newPage(browser, DESKTOP)
  await login(page, server.url, 'clerk', 'clerk-demo')
})
after(async () => {
  await browser?.close()
  await server?.stop()
  rmSync(tmp, { recursive: true, force: true })
})

test('from the clerk\'s home to the dashboard: tiles, the chart, every project with its light; the red one and its overdue task', async () => {
  projects = (await ok('GET', '/congresses/1/projects?per_page=200')).items
  red = projects.find((p) => p.light === 'red')
  assert.ok(red, 'the demo has a red project')
  await page.goto(server.url + '/clerk')
  await page.locator('[data-test=nav-supervise]').click()
  await page.waitForURL((u) => u.pathname === '/clerk/supervise')
  await page.getByRole('heading', { name: '民生实事项目监督' }).waitFor()
  const table = page.locator('[data-test=sup-projects]')
  const row = table.locator('tr', { hasText: red.title })
  await row.waitFor()
  assert.equal(await row.locator('[data-test=project-light]').getAttribute('data-light'), 'red')
  assert.equal(await row.locator('a[data-test=project-link]').getAttribute('href'), `/projects/${red.id}`)
  const reds = projects.filter((p) => p.year === red.year && p.light === 'red').length
  assert.equal((await page.locator('[data-test=tile-red] .n').innerText()).trim(), String(reds))
  assert.equal((await page.locator('[data-test=tile-total]').innerText()).trim(), String(projects.filter((p) => p.year === red.year).length))
  await page.locator('[data-test=light-chart] svg').waitFor()
  // The filter by light leaves the red ones.
  await page.locator('[data-test=filter-light]').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: '红灯' }).click()
  await dropdownsClosed(page)
  assert.equal(await table.locator('tbody tr').count(), reds)
  await page.getByRole('button', { name: '清除筛选' }).click()
  assert.equal(await table.locator('tbody tr').count(), projects.filter((p) => p.year === red.year).length)

  const [task] = (await ok('GET', '/congresses/1/tasks?state=open')).items.filter((x) => x.project_id === red.id)
  assert.ok(task && task.overdue, 'the red project\'s task is overdue by then: ' + JSON.stringify(task))
  const trow = page.locator('[data-test=tasks] tr', { hasText: red.title })
  assert.equal((await trow.locator('[data-test=task-due]').innerText()).trim(), task.due_on)
  assert.match(await trow.locator('[data-test=task-state]').innerText(), /已逾期/)
  const letters = (await ok('GET', '/congresses/1/letters/overdue')).items
  assert.ok(letters.length >= 1, 'the demo letter is overdue by then')
  assert.equal(await page.locator('[data-test=letters] [data-test=letter-deadline]').count(), letters.length)
  await checkA11y(page, 'clerk-supervise')
  await screenshot(page, 'clerk-supervise')
})

test('a waiting progress report is published and the public API shows it', async () => {
  const waiting = (await ok('GET', '/congresses/1/reports?state=submitted')).items
  assert.ok(waiting.length >= 1, 'the demo has reports waiting')
  const rows = page.locator('[data-test=reports] tbody tr')
  assert.equal(await rows.count(), waiting.length)
  const first = waiting[0]
  assert.equal(((await publicGet(`/projects/${first.project_id}/reports`)).items).some((r) => r.id === first.id), false)
  await rows.filter({ hasText: first.project_title }).first().locator('[data-test=report-publish]').click()
  await page.locator('.el-message--success', { hasText: '进度报告已公开' }).waitFor()
  await page.waitForFunction((n) => document.querySelectorAll('[data-test=reports] tbody tr').length === n, waiting.length - 1)
  const pub = await publicGet(`/projects/${first.project_id}/reports`)
  assert.ok(pub.items.some((r) => r.id === first.id && r.published_on === LATER), 'published today: ' + JSON.stringify(pub.items))
})

test('a draft plan waiting is published as the next version', async () => {
  const target = projects.find((p) => p.id !== red.id && p.state !== 'finished')
  const before = await ok('GET', `/projects/${target.id}/plan`)
  assert.ok(before.plan && before.version >= 1, 'the demo project has a published plan')
  const { milestones, ...rest } = before.plan
  await ok('PUT', `/projects/${target.id}/plan`, { ...rest, milestones, targets: before.plan.targets + '（调整）' })
  await page.reload()
  const row = page.locator('[data-test=plans] tr', { hasText: target.title })
  await row.waitFor()
  assert.equal(await page.locator('[data-test=plans] [data-test=plan-publish]').count(), 1, 'only the changed draft waits')
  await row.locator('[data-test=plan-publish]').click()
  await page.locator('.el-message--success', { hasText: '实施方案已公布' }).waitFor()
  await row.waitFor({ state: 'detached' })
  const after = await ok('GET', `/projects/${target.id}/plan`)
  assert.equal(after.version, before.version + 1)
  assert.match(after.plan.targets, /（调整）$/)
  projects = (await ok('GET', '/congresses/1/projects?per_page=200')).items // publishing judged its light again
})

test('judging the lights again says what changed; the overdue task escalates', async () => {
  await page.locator('[data-test=relight]').click()
  const status = page.locator('[data-test=relit]')
  await status.waitFor()
  assert.match(await status.innerText(), /已评定 \d+ 个项目/)
  const now = (await ok('GET', '/congresses/1/projects?per_page=200')).items
  const changed = now.filter((p) => projects.find((q) => q.id === p.id)?.light !== p.light)
  assert.equal(await status.locator('[data-test=relit-change]').count(), changed.length)
  for (const p of changed) await status.locator('[data-test=relit-change]', { hasText: p.title }).waitFor()
  projects = now
  const [task] = (await ok('GET', '/congresses/1/tasks?state=open')).items.filter((x) => x.project_id === red.id)
  assert.ok(task.level >= 1, 'escalated: ' + JSON.stringify(task))
  await page.locator('[data-test=tasks] tr', { hasText: red.title }).locator('[data-test=task-level]', { hasText: `已升级 ${task.level} 次` }).waitFor()
})

test('a threshold edited is printed in words; a holiday added is kept', async () => {
  const box = page.locator('[data-test=setting-task_days] input, input[data-test=setting-task_days]').first()
  await box.fill('12')
  await page.locator('[data-test=settings-save]').click()
  await page.locator('.el-message--success', { hasText: '规则已保存' }).waitFor()
  await page.locator('[data-test=settings-words]', { hasText: '须在12个工作日内办结' }).waitFor()
  assert.equal((await ok('GET', '/congresses/1/supervision')).task_days, 12)

  const year = Number(LATER.slice(0, 4))
  await page.locator('[data-test=holiday-year]').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: String(year) }).click()
  await dropdownsClosed(page)
  const day = `${year}-10-08`
  await page.locator('[data-test=holiday-day] input, input[data-test=holiday-day]').first().fill(day)
  await page.locator('[data-test=holiday-name] input, input[data-test=holiday-name]').first().fill('测试假日')
  await page.locator('[data-test=holiday-add]').click()
  await page.locator('[data-test=holiday-days] tr', { hasText: day }).waitFor()
  await page.locator('[data-test=holidays-save]').click()
  await page.locator('.el-message--success', { hasText: '节假日安排已保存' }).waitFor()
  const kept = await ok('GET', `/congresses/1/holidays?year=${year}`)
  assert.ok(kept.days.some((d) => d.day === day && d.kind === 'off' && d.name === '测试假日'), JSON.stringify(kept))
})

test('the clerk marks the task done', async () => {
  await page.locator('[data-test=tasks] tr', { hasText: red.title }).locator('[data-test=task-done]').click()
  const box = page.locator('.el-message-box')
  await box.locator('textarea').fill('已约谈牵头单位并督促整改')
  await box.locator('.el-message-box__btns .el-button--primary').click()
  await page.locator('.el-message--success', { hasText: '督办事项已办结' }).waitFor()
  await page.locator('[data-test=tasks] tr', { hasText: red.title }).waitFor({ state: 'detached' })
  const done = (await ok('GET', '/congresses/1/tasks?state=done')).items.filter((x) => x.project_id === red.id)
  assert.equal(done.length, 1)
  assert.equal(done[0].done_note, '已约谈牵头单位并督促整改')
  await checkA11y(page, 'clerk-supervise-after')
  await screenshot(page, 'clerk-supervise-after')
  // Not a phone role, but the page holds together on one: the tables scroll inside themselves.
  await page.setViewportSize(PHONE)
  await page.waitForTimeout(300)
  await assertNoOverflow(page)
  await page.setViewportSize(DESKTOP)
  assertClean(page)
})

test('acceptance (验收): refused in words before the unit reports 100 %, then the project is finished, blue, on the public page', async () => {
  const row = () => page.locator('[data-test=sup-projects] tr', { hasText: red.title })
  const acceptWith = async (note) => {
    await row().locator('[data-test=project-accept]').click()
    const box = page.locator('.el-message-box')
    await box.locator('textarea').fill(note)
    await box.locator('.el-message-box__btns .el-button--primary').click()
  }
  await acceptWith('尚未完成，试验收')
  await page.locator('.el-message--error', { hasText: '100%' }).waitFor()
  assert.equal((await publicGet(`/projects/${red.id}`)).state, 'delivering', 'the refusal finished nothing')
  // unit01 reports the project complete
  const unit = await newPage(browser, DESKTOP)
  await login(unit, server.url, 'unit01', 'unit-demo')
  const r = await apiCall(unit, 'POST', `/projects/${red.id}/reports`, { body: '全部完工，申请验收', percent_done: 100, spent: 1000 })
  assert.equal(r.status, 201, JSON.stringify(r.body))
  await unit.close()
  await acceptWith('经验收，工程质量合格，同意通过验收。')
  await page.locator('.el-message--success', { hasText: '通过验收' }).waitFor()
  await row().locator('[data-test=project-accepted]', { hasText: LATER }).waitFor() // dated by the server's today
  assert.equal(await row().locator('[data-test=project-accept]').count(), 0, 'no second acceptance')
  const p = await publicGet(`/projects/${red.id}`)
  assert.equal(p.state, 'finished')
  assert.equal(p.light, 'blue')
  assert.equal(p.percent_done, 100, 'the final figures are public')
  const pub = await newPage(browser, DESKTOP)
  await pub.goto(`${server.url}/projects/${red.id}`)
  await pub.locator('[data-test=fact-acceptance]', { hasText: '经验收，工程质量合格' }).waitFor()
  await checkA11y(pub, 'public-project-accepted')
  await pub.close()
  assertClean(page)
})

test('in English: the page, the rules in English words, a refused threshold under its field and nothing saved', async () => {
  await page.locator('[data-test=lang]').click()
  await page.getByRole('heading', { name: 'Supervision of livelihood projects' }).waitFor()
  await page.locator('[data-test=settings-words]', { hasText: 'due in 12 working days' }).waitFor()
  const box = page.locator('[data-test=setting-task_days] input, input[data-test=setting-task_days]').first()
  await box.fill('0')
  await page.locator('[data-test=settings-save]').click()
  const err = page.locator('[data-test=settings] .el-form-item__error')
  await err.waitFor()
  assert.match(await err.innerText(), /[A-Za-z]/, 'the server\'s English message')
  assert.equal((await ok('GET', '/congresses/1/supervision')).task_days, 12, 'nothing saved')
  await box.fill('12')
  await err.waitFor({ state: 'detached' }) // the field changed: its error goes
  await page.locator('[data-test=relit]', { hasText: 'projects judged' }).waitFor() // what the lights did, in English now
  await checkA11y(page, 'clerk-supervise-en')
  await screenshot(page, 'clerk-supervise-en')
  assertClean(page)
})

test('the quarterly progress report, exported as XLSX and PDF through the page', async () => {
  const year = Number(red.year)
  await page.locator('[data-test=export-year]').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: String(year) }).click()
  await dropdownsClosed(page)
  const files = {}
  for (const kind of ['xlsx', 'pdf']) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-test=export-${kind}]`).click()])
    const path = join(tmp, 'progress.' + kind)
    await download.saveAs(path)
    assert.ok(statSync(path).size > 0, kind + ' is not empty')
    files[kind] = path
  }
  const members = execFileSync('unzip', ['-Z1', files.xlsx], { encoding: 'utf8' }).split('\n')
  assert.ok(members.some((m) => /^xl\/worksheets\/sheet\d+\.xml$/.test(m)), 'a workbook with sheets: ' + members.join(' '))
  // The cells' text: shared strings, or inline strings in the sheets (libxlsxwriter's constant-memory mode).
  const cells = execFileSync('unzip', ['-p', files.xlsx], { encoding: 'utf8', maxBuffer: 64 << 20 })
  assert.ok(cells.includes(red.title), 'the workbook holds the red project\'s title')
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', files.pdf, '-'], { encoding: 'utf8' })
  assert.ok(text.replace(/\s+/g, '').includes(red.title.replace(/\s+/g, '')), 'the PDF\'s text holds the title:\n' + text.slice(0, 400))
})
