// Three-level linkage (三级联动) on the staff's pages, on the demo's Jiangbei
// district and its town 城关镇. clerk_cg files a resident's demand as a case
// to a town unit, which returns it (the staff act for the unit); on the
// casework page the case is referable up only (the town has no congress
// below), a reason is required, a case assigned meanwhile is refused under
// the field (409 case_state), and once returned again it is referred to the
// district and leaves the town's list; clerk_jb finds it in the district's
// list, filed, and assigns it to a district unit. A district clerk reads the
// congresses below (本级或下级人大): clerk_jb picks 城关镇 on the roster, the
// casework page, the liaison page's demands, the supervision page and the
// deputies' performance files and sees the town's rows as the API has them
// (its projects, open tasks and reports waiting; its deputies), read-only
// (下级人大（只读）, no write action), and its own district again with its
// actions; clerk_cg is offered no choice. axe-clean throughout.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, field, checkA11y, login, apiCall, assertClean, screenshot, dropdownsClosed, DESKTOP } from './harness.mjs'

const CASE = '城关镇老街排水管网改造涉及区管道路（浏览器测试）'
const REASON = '排水管网属区住建部门管理，需区人大交办（浏览器测试）'
const DISTRICT_UNIT = '江北区住房和城乡建设局'

let server
let browser
let anon
let ids
let caseId

before(async () => {
  server = await startServer()
  browser = await launch()
  anon = await newPage(browser, DESKTOP)
  await anon.goto(server.url + '/')
  const all = (await apiCall(anon, 'GET', '/congresses?per_page=200')).body.items
  const find = (part) => {
    const c = all.find((x) => x.name.includes(part))
    assert.ok(c, `the demo has ${part}`)
    return c
  }
  ids = { jiangbei: find('江北区人民'), chengguan: find('城关镇') }
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

const text = async (page, sel) => (await page.locator(sel).first().innerText()).trim()
const post = async (page, path, body, want = 200) => {
  const r = await apiCall(page, 'POST', path, body)
  assert.equal(r.status, want, `${path}: ${JSON.stringify(r.body)}`)
  return r.body
}

test('a town clerk refers a case its unit returned up to the district, which assigns it', async () => {
  const page = await newPage(browser, DESKTOP)
  await login(page, server.url, 'clerk_cg', 'clerk-demo')
  // a resident's demand to the town, filed as a case to a town unit, which returns it (the staff act for it)
  const demand = await post(anon, '/demands', { congress_id: ids.chengguan.id, title: CASE, text: '老街雨后积水严重，排水管网老化，需整体改造。', area: '', litigation: false }, 201)
  const townUnits = (await apiCall(page, 'GET', `/congresses/${ids.chengguan.id}/units`)).body.items
  assert.ok(townUnits.length >= 2, 'the town has two units')
  const filed = await post(page, `/demands/${demand.id}/cases`, { case_type: 'standard', unit_id: townUnits[0].id }, 201)
  caseId = filed.id
  assert.equal((await post(page, `/casework/${caseId}/return`, { reason: '不属于镇政府职责（浏览器测试）' })).status, 'returned')

  await page.goto(server.url + '/clerk')
  await page.locator('[data-test=nav-casework]').click()
  await page.waitForURL(/\/clerk\/casework/)
  const item = page.locator(`[data-test=cwc-item][data-id="${caseId}"]`)
  await item.waitFor()
  await item.locator('[data-test=cwc-refer]').click()
  const to = item.locator('[data-test=cwc-refer-to]')
  // offered: the district above only (the town has no congress below)
  assert.deepEqual(await to.locator('option:not([disabled])').allInnerTexts(), [`上级：${ids.jiangbei.name}`])
  await to.selectOption(String(ids.jiangbei.id))
  await item.locator('[data-test=cwc-refer-send]').click()
  await item.locator('.el-form-item__error', { hasText: '请填写转办理由' }).waitFor()
  await checkA11y(page, 'referring a case (town clerk)')
  // assigned meanwhile (another tab): the server's refusal under the field
  await post(page, `/casework/${caseId}/assign`, { unit_id: townUnits[1].id, cohandlers: [] })
  await field(item, 'cwc-refer-note').fill(REASON)
  await item.locator('[data-test=cwc-refer-send]').click()
  const err = item.locator('.el-form-item__error', { hasText: '不能转上下级人大' })
  await err.waitFor()
  assert.match(await err.innerText(), /已交办/)
  await checkA11y(page, 'a referral refused (town clerk)')
  await screenshot(page, 'casework-refer-refused')
  // returned again by that unit: now it goes
  await post(page, `/casework/${caseId}/return`, { reason: '亦不属于本办职责（浏览器测试）' })
  await page.reload()
  await item.locator('[data-test=cwc-refer]').click()
  await item.locator('[data-test=cwc-refer-to]').selectOption(String(ids.jiangbei.id))
  await field(item, 'cwc-refer-note').fill(REASON)
  await item.locator('[data-test=cwc-refer-send]').click()
  await item.waitFor({ state: 'detached' })
  const left = (await apiCall(page, 'GET', `/congresses/${ids.chengguan.id}/casework?per_page=200`)).body.items
  assert.ok(!left.some((c) => c.id === caseId), 'gone from the town')
  assertClean(page)
  await page.context().close()

  const district = await newPage(browser, DESKTOP)
  await login(district, server.url, 'clerk_jb', 'clerk-demo')
  const moved = (await apiCall(district, 'GET', `/casework/${caseId}`)).body
  assert.deepEqual([moved.congress_id, moved.status], [ids.jiangbei.id, 'filed'])
  await district.goto(server.url + '/clerk/casework')
  await field(district, 'cwc-q').fill('排水管网改造')
  await district.locator('[data-test=cwc-search]').click()
  const there = district.locator(`[data-test=cwc-item][data-id="${caseId}"]`)
  await there.waitFor()
  assert.match(await there.innerText(), /待交办/)
  // the district may send it on down again: its towns and street are offered, and its parent
  await there.locator('[data-test=cwc-refer]').click()
  const offered = await there.locator('[data-test=cwc-refer-to] option:not([disabled])').allInnerTexts()
  assert.ok(offered.includes(`下级：${ids.chengguan.name}`) && offered.some((o) => o.startsWith('上级：')), offered.join(' / '))
  await there.getByRole('button', { name: '取消' }).click()
  await there.locator('[data-test=cwc-assign]').click()
  await there.locator('[data-test=cwc-unit]').click()
  await district.locator('.el-select-dropdown__item:visible', { hasText: DISTRICT_UNIT }).click()
  await there.locator('[data-test=cwc-submit]').click()
  await there.locator('[data-test=cwc-assign]').waitFor({ state: 'detached' })
  const got = (await apiCall(district, 'GET', `/casework/${caseId}`)).body
  assert.deepEqual([got.status, got.unit_name], ['assigned', DISTRICT_UNIT])
  await checkA11y(district, 'the district’s casework after the referral')
  assertClean(district)
  await district.context().close()
})

/** Pick congress `id` in the scope picker `name` (data-test) and wait for the read-only mark to say whether it is below. */
async function pickScope(page, name, id, below) {
  await page.locator(`[data-test=${name}-select]`).click()
  await page.locator(`.el-select-dropdown__item[data-test=${name}-${id}]:visible`).click()
  await dropdownsClosed(page)
  await page.locator(`[data-test=${name}-readonly]`).waitFor({ state: below ? 'visible' : 'detached' })
}

test('a district clerk reads its towns’ roster, casework, demands, supervision and performance files, read-only', async () => {
  // the town has a case under way and a new demand (filed by its own clerk and a resident)
  const town = await newPage(browser, DESKTOP)
  await login(town, server.url, 'clerk_cg', 'clerk-demo')
  const d1 = await post(anon, '/demands', { congress_id: ids.chengguan.id, title: '城关镇菜市场周边占道经营（浏览器测试）', text: '早市摊贩占用机动车道，影响通行。', area: '', litigation: false }, 201)
  const unit = (await apiCall(town, 'GET', `/congresses/${ids.chengguan.id}/units`)).body.items[0]
  await post(town, `/demands/${d1.id}/cases`, { case_type: 'standard', unit_id: unit.id }, 201)
  await post(anon, '/demands', { congress_id: ids.chengguan.id, title: '城关镇中心小学门前缺少斑马线（浏览器测试）', text: '上下学时段学生横穿马路存在安全隐患。', area: '', litigation: false }, 201)
  // the town's clerk has nothing below: no choice offered
  await town.goto(server.url + '/clerk/deputies')
  await town.locator('[data-test=deputies] .el-table__row').first().waitFor()
  await town.goto(server.url + '/clerk/casework')
  await town.locator('[data-test=cwc-item]').first().waitFor()
  await town.goto(server.url + '/clerk/liaison')
  await town.locator('[data-test=lc-demand]').first().waitFor()
  for (const [path, sel] of [['/clerk/deputies', 'dep-scope'], ['/clerk/casework', 'cwc-scope'], ['/clerk/liaison', 'lc-scope'], ['/clerk/supervise', 'sup-scope'], ['/clerk/records', 'recs-scope']]) {
    await town.goto(server.url + path)
    await town.waitForLoadState('networkidle')
    assert.equal(await town.locator(`[data-test=${sel}]`).count(), 0, `${path}: no picker for a town`)
  }
  assertClean(town)
  await town.context().close()

  const page = await newPage(browser, DESKTOP)
  await login(page, server.url, 'clerk_jb', 'clerk-demo')
  const scope = (await apiCall(page, 'GET', `/congresses/${ids.jiangbei.id}/rollup`)).body.congresses
  const cg = ids.chengguan.id

  // the roster
  await page.goto(server.url + '/clerk/deputies')
  await page.locator('[data-test=deputy-add]').waitFor()
  await page.locator('[data-test=dep-scope-select]').click()
  await page.locator(`.el-select-dropdown__item[data-test=dep-scope-${cg}]`).waitFor()
  const offered = await page.locator('.el-select-dropdown__item:visible').allInnerTexts()
  assert.deepEqual(offered.map((o) => o.trim()), scope.map((c) => c.name), 'its own congress and those below it')
  await page.keyboard.press('Escape')
  await dropdownsClosed(page)
  await pickScope(page, 'dep-scope', cg, true)
  assert.equal((await page.locator('[data-test=dep-scope-readonly]').innerText()).trim(), '下级人大（只读）')
  const deps = (await apiCall(page, 'GET', `/congresses/${cg}/deputies?per_page=20`)).body.items
  await page.waitForFunction((n) => document.querySelectorAll('[data-test=deputies] .el-table__body-wrapper .el-table__row').length === n && document.querySelector('#dep-h')?.textContent?.includes('城关镇'), deps.length)
  const rows = await page.locator('[data-test=deputies] .el-table__body-wrapper .el-table__row').evaluateAll((rs) => rs.map((r) => r.querySelectorAll('td')[1].textContent.trim()))
  assert.deepEqual(rows, deps.map((d) => d.login))
  assert.equal(await page.locator('[data-test^=letter-], [data-test^=new-code-], [data-test=letters-page], [data-test=deputy-add], [data-test=committee-edit], [data-test=csv], #imp-h, #add-h').count(), 0, 'no write action on the roster below')
  await checkA11y(page, 'a town’s roster read by the district')
  await screenshot(page, 'scope-deputies-town')
  // its own again: the actions are back
  await pickScope(page, 'dep-scope', ids.jiangbei.id, false)
  await page.locator('[data-test=deputy-add]').waitFor()
  assert.ok(await page.locator('[data-test^=letter-]').count() > 0)

  // the casework
  await page.goto(server.url + '/clerk/casework')
  await page.locator('[data-test=cwc-item]').first().waitFor()
  await pickScope(page, 'cwc-scope', cg, true)
  const cases = (await apiCall(page, 'GET', `/congresses/${cg}/casework?per_page=20`)).body
  assert.ok(cases.total >= 1, 'the town has a case')
  await page.waitForFunction(([sel, n]) => document.querySelector(sel)?.textContent?.trim() === String(n), ['[data-test=cwc-total-n]', cases.total])
  await page.waitForFunction((ids) => [...document.querySelectorAll('[data-test=cwc-item]')].map((e) => Number(e.dataset.id)).join() === ids.join(), cases.items.map((c) => c.id))
  assert.match(await page.locator('#cwc-h').innerText(), /城关镇/)
  assert.equal(await page.locator('[data-test=cwc-assign], [data-test=cwc-merge], [data-test=cwc-refer], [data-test=cwc-approve], [data-test=cwc-refuse]').count(), 0, 'no write action on the casework below')
  await checkA11y(page, 'a town’s casework read by the district')
  await screenshot(page, 'scope-casework-town')

  // the liaison page's demands to handle
  await page.goto(server.url + '/clerk/liaison')
  await page.locator('[data-test=lc-scope-select]').waitFor()
  await pickScope(page, 'lc-scope', cg, true)
  const want = [
    ...(await apiCall(page, 'GET', `/congresses/${cg}/demands?status=new&per_page=200`)).body.items,
    ...(await apiCall(page, 'GET', `/congresses/${cg}/demands?status=office&per_page=200`)).body.items,
  ]
  assert.ok(want.length >= 1, 'the town has a new demand')
  await page.waitForFunction((ids) => [...document.querySelectorAll('[data-test=lc-demand]')].map((e) => Number(e.dataset.id)).sort((a, b) => a - b).join() === ids.join(), want.map((d) => d.id).sort((a, b) => a - b))
  assert.equal(await page.locator('[data-test=lc-refer]').count(), 0, 'no referral from a congress below')
  await checkA11y(page, 'a town’s demands read by the district')

  // the supervision page: the town's projects of its latest year, its open tasks and reports waiting, no write action
  await page.goto(server.url + '/clerk/supervise')
  await page.locator('[data-test=relight]').waitFor()
  await page.locator('[data-test=sup-projects] .el-table__body-wrapper .el-table__row').first().waitFor()
  await pickScope(page, 'sup-scope', cg, true)
  const projects = (await apiCall(page, 'GET', `/congresses/${cg}/projects?per_page=200`)).body.items
  const latest = Math.max(...projects.map((p) => p.year))
  const ofYear = projects.filter((p) => p.year === latest)
  assert.ok(ofYear.length > 0, 'the town has projects')
  const tasks = (await apiCall(page, 'GET', `/congresses/${cg}/tasks?state=open&per_page=200`)).body.items
  const reports = (await apiCall(page, 'GET', `/congresses/${cg}/reports?state=submitted&per_page=200`)).body.items
  assert.ok(tasks.length > 0 && reports.length > 0, `the town has open tasks (${tasks.length}) and reports waiting (${reports.length})`)
  await page.waitForFunction(
    (titles) => document.querySelector('#sup-h')?.textContent?.includes('城关镇') &&
      [...document.querySelectorAll('[data-test=sup-projects] .el-table__body-wrapper [data-test=project-link]')].map((a) => a.textContent.trim()).sort().join('|') === titles.join('|'),
    ofYear.map((p) => p.title).sort(),
  )
  assert.equal(await text(page, '[data-test=tile-total]'), String(ofYear.length))
  await page.waitForFunction((n) => document.querySelectorAll('[data-test=tasks] .el-table__body-wrapper .el-table__row').length === n, tasks.length)
  await page.waitForFunction((n) => document.querySelectorAll('[data-test=reports] [data-test=report-project]').length === n, reports.length)
  assert.deepEqual(await page.locator('[data-test=tasks] [data-test=task-project]').allInnerTexts(), tasks.map((x) => x.project_title))
  assert.equal(
    await page.locator('[data-test=relight], [data-test=project-accept], [data-test=task-done], [data-test=report-publish], [data-test=plan-publish], [data-test=settings-save], [data-test=holidays-save], [data-test=holiday-add]').count(),
    0,
    'no write action on the supervision page below',
  )
  await page.locator('[data-test=settings-words]').waitFor()
  const href = await page.locator('[data-test=export-xlsx]').getAttribute('href')
  assert.match(href, new RegExp(`^/api/v1/congresses/${cg}/progress\\.xlsx\\?`))
  const xlsx = await page.request.get(server.url + href)
  assert.equal(xlsx.status(), 200, 'the town’s quarterly report, read by the district')
  await checkA11y(page, 'a town’s supervision read by the district')
  await screenshot(page, 'scope-supervise-town')
  // its own again: the actions are back
  await pickScope(page, 'sup-scope', ids.jiangbei.id, false)
  await page.locator('[data-test=relight]').waitFor()
  await page.locator('[data-test=settings-save]').waitFor()
  await page.waitForFunction(() => !document.querySelector('#sup-h')?.textContent?.includes('城关镇'))

  // the deputies' performance files: the town's deputies, a file opened, no entry, decision or points set
  await page.goto(server.url + '/clerk/records')
  await page.locator('[data-test=recs-points-save]').waitFor()
  await pickScope(page, 'recs-scope', cg, true)
  const year = Number(new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 4))
  const files = (await apiCall(page, 'GET', `/congresses/${cg}/records?year=${year}`)).body.items
  assert.ok(files.length > 0, 'the town has deputies')
  await page.waitForFunction(
    (names) => document.querySelector('#recs-h')?.textContent?.includes('城关镇') &&
      [...document.querySelectorAll('[data-test=recs-table] .el-table__body-wrapper [data-test=recs-open]')].map((b) => b.textContent.trim()).sort().join('|') === names.join('|'),
    files.map((f) => f.name).sort(),
  )
  await page.locator('[data-test=recs-open]').first().click()
  await page.locator('[data-test=recs-file]').waitFor()
  assert.equal(await page.locator('[data-test=recs-entry-save], [data-test=recs-approve], [data-test=recs-reject], [data-test=recs-points-save]').count(), 0, 'no write action on the files below')
  await checkA11y(page, 'a town’s performance files read by the district')
  assertClean(page)
  await page.context().close()
})
