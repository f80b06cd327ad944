// Projects under delivery (issue 12, its first web part), in a real browser.
// The state is set up through the API: a 2024 round of the demo congress with
// four candidates, a poll on three of them with one scrutineer (played from
// Node: scrutineers.mjs), the deputies checked in, three ballots, the close,
// and the step to 实施 — two candidates become projects, the other two go to
// the reserve pool. Then: the public congress page lists the projects with
// their lights (colour and word) and its filters work; a project's page shows
// its facts on a desktop and a phone, links to the vote that chose it, and
// prints without the navigation, black on white; the clerk sees the round's
// projects, and takes a candidate from the reserve pool into a new round (a
// refusal first, shown under the field).
//
// One project falls behind through its plan and a progress report, to see a
// second light on the pages.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { startWithClerk, stopAll, apiOk as ok, newPage, field, assertClean, screenshot, checkA11y, apiCall, finishPage, assertNoOverflow, dropdownsClosed, PHONE, DESKTOP, SHOTS } from './harness.mjs'
import { prepare, fetchShares, session, deputyIds } from './scrutineers.mjs'

let server
let browser
let clerk // the clerk's page, logged in across steps
let cycleId // the 2024 round, in 实施
let pollId
const cand = {} // the 2024 candidates by key: {id, title}
let projects // the 2024 round's projects [{id, candidate_id, …}]
let units // the demo congress's units by name

const CANDS = {
  kg: { title: '城区公办幼儿园扩容', title_en: 'More places in public kindergartens', category: '教育', cost: 12000000, unit: '江州市教育局', location: '江北区' },
  care: { title: '社区养老服务中心建设', title_en: 'Community elderly care centres', category: '养老', cost: 8500000, unit: '江州市民政局', location: '全市' },
  market: { title: '农贸市场提升改造', title_en: 'Farmers’ markets upgraded', category: '商贸', cost: 3000000, unit: '江州市市场监督管理局', location: '江南区' },
  lamps: { title: '背街小巷路灯改造', title_en: 'Street lamps in back lanes', category: '市政', cost: 2000000, unit: '江州市城市管理局', location: '老城区' },
}

before(async () => ({ server, browser, clerk } = await startWithClerk()))
after(() => stopAll({ browser, server }))

test('set-up through the API: a 2024 round votes and enters 实施; two projects, two in the reserve pool', async () => {
  const us = await ok(clerk, 'GET', '/congresses/1/units?per_page=200')
  units = Object.fromEntries(us.items.map((u) => [u.name, u.id]))
  const cy = await ok(clerk, 'POST', '/congresses/1/cycles', { year: 2024, title: '2024年江州市民生实事项目', title_en: 'Jiangzhou livelihood projects 2024' }, 201)
  cycleId = cy.id
  for (const [k, c] of Object.entries(CANDS)) {
    assert.ok(units[c.unit], 'demo unit ' + c.unit)
    const { unit, ...rest } = c
    const made = await ok(clerk, 'POST', `/cycles/${cycleId}/candidates`, { ...rest, description: `${c.title}（测试项目说明）`, unit_id: units[unit] }, 201)
    cand[k] = made
  }
  await ok(clerk, 'POST', `/cycles/${cycleId}/phase`, { phase: 'compile' })
  await ok(clerk, 'POST', `/cycles/${cycleId}/phase`, { phase: 'vote' })
  const [scrutineer] = await deputyIds((m, p) => apiCall(clerk, m, p), ['deputy05'])
  const poll = await ok(clerk, 'POST', `/cycles/${cycleId}/polls`, {
    title: '2024年民生实事项目票决',
    slots: 2,
    candidate_ids: [cand.kg.id, cand.care.id, cand.market.id],
    threshold_base: 'cast',
    scrutineer_ids: [scrutineer],
  }, 201)
  pollId = poll.id
  const all = await ok(clerk, 'GET', '/congresses/1/deputies?per_page=200')
  await ok(clerk, 'POST', `/polls/${pollId}/checkin`, { deputy_ids: all.items.map((d) => d.id) })
  const held = await prepare(server.url, pollId, ['deputy05'])
  await ok(clerk, 'POST', `/polls/${pollId}/open`)
  const shares = await fetchShares(pollId, held)
  const votes = [[cand.kg.id, cand.care.id], [cand.kg.id, cand.care.id], [cand.kg.id, cand.market.id]]
  for (const [i, choices] of votes.entries()) {
    const d = await session(server.url, `deputy0${i + 1}`, 'deputy-demo')
    const r = await d.call('POST', `/polls/${pollId}/ballot`, { choices })
    assert.equal(r.status, 201, JSON.stringify(r.body))
  }
  await ok(clerk, 'POST', `/polls/${pollId}/close`, { shares })
  const after = await ok(clerk, 'POST', `/cycles/${cycleId}/phase`, { phase: 'implement' })
  assert.equal(after.phase, 'implement')
  projects = (await ok(clerk, 'GET', `/cycles/${cycleId}/projects`)).items
  assert.deepEqual(projects.map((p) => p.candidate_id).sort(), [cand.kg.id, cand.care.id].sort())
  const reserve = (await ok(clerk, 'GET', '/congresses/1/reserve')).items.filter((e) => e.cycle_id === cycleId) // the demo's 2026 round has its own
  assert.deepEqual(reserve.map((e) => [e.candidate_id, e.reason]).sort(), [[cand.market.id, 'not_selected'], [cand.lamps.id, 'not_voted']].sort())
  // The care centres fall behind: a plan from 100 days ago to 100 days on (half done by now, as planned), then a
  // progress report of 35 % done and 2 100 000 yuan spent — 15 points behind: yellow.
  const care = projects.find((p) => p.candidate_id === cand.care.id)
  const day = (n) => new Date(Date.now() + 8 * 3600e3 + n * 86400e3).toISOString().slice(0, 10) // China's date
  await ok(clerk, 'PUT', `/projects/${care.id}/plan`, { targets: '新建社区养老服务中心', start_on: day(-100), finish_on: day(100), budget: 6000000 })
  await ok(clerk, 'POST', `/projects/${care.id}/plan/publish`, {})
  const report = await ok(clerk, 'POST', `/projects/${care.id}/reports`, { body: '主体结构施工中', percent_done: 35, spent: 2100000 }, 201)
  assert.equal((await ok(clerk, 'GET', `/projects/${care.id}`)).percent_done, 0, 'the figures wait for the report to be published')
  await ok(clerk, 'POST', `/reports/${report.id}/publish`, {})
  const now = await ok(clerk, 'GET', `/projects/${care.id}`)
  assert.equal(now.percent_done, 35)
  assert.equal(now.light, 'yellow')
})

/** Choose an option of the Element Plus select marked data-test=NAME. */
async function choose(page, name, text) {
  await page.locator(`[data-test=${name}]`).click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).click()
  await dropdownsClosed(page) // a single choice closes the list (Escape would close a dialog too)
}

test('public congress page: the projects of 2024 with their lights (colour and word); the filters work', async () => {
  const page = await newPage(browser, DESKTOP)
  // The demo's own 2026 round is under delivery too: the 2024 round's projects are looked at by its year.
  const y2024 = server.url + '/congress/1?year=2024'
  await page.goto(y2024)
  const list = page.locator('[data-test=projects]')
  await list.getByRole('heading', { name: '民生实事项目', exact: true }).waitFor()
  await list.getByRole('heading', { name: '2024年度民生实事项目' }).waitFor()
  const rows = list.locator('[data-test=project-row]')
  await rows.nth(1).waitFor()
  assert.equal(await rows.count(), 2)
  const kg = rows.filter({ hasText: CANDS.kg.title })
  const care = rows.filter({ hasText: CANDS.care.title })
  assert.equal((await kg.locator('[data-test=project-light]').innerText()).trim(), '绿灯')
  assert.equal((await care.locator('[data-test=project-light]').innerText()).trim(), '黄灯')
  assert.equal(await care.getAttribute('data-light'), 'yellow')
  assert.equal((await kg.locator('[data-test=project-state]').innerText()).trim(), '编制实施方案')
  assert.equal(await care.locator('[data-test=project-percent] [role=progressbar], [data-test=project-percent][role=progressbar]').first().getAttribute('aria-valuenow'), '35')
  // The colour is not alone: each light has its word, and the legend says what each means.
  const bg = await care.locator('[data-test=project-light]').evaluate((e) => getComputedStyle(e).backgroundColor)
  assert.notEqual(bg, await kg.locator('[data-test=project-light]').evaluate((e) => getComputedStyle(e).backgroundColor))
  await list.getByText('黄灯表示进度滞后').waitFor()
  assert.equal(await list.locator('[data-test=project-row]', { hasText: CANDS.market.title }).count(), 0, 'not selected: not a project')

  const count = page.locator('[data-test=projects-count]')
  await count.filter({ hasText: '共 2 个项目' }).waitFor()
  await choose(page, 'filter-light', '黄灯')
  await count.filter({ hasText: '共 1 个项目' }).waitFor()
  assert.equal(await rows.count(), 1)
  await rows.filter({ hasText: CANDS.care.title }).waitFor()
  assert.match(page.url(), /light=yellow/, 'the filter is in the address')
  await screenshot(page, 'projects-filter-yellow')
  await page.goto(y2024)
  await count.filter({ hasText: '共 2 个项目' }).waitFor()
  await choose(page, 'filter-category', '教育')
  await count.filter({ hasText: '共 1 个项目' }).waitFor()
  await rows.filter({ hasText: CANDS.kg.title }).waitFor()
  await choose(page, 'filter-light', '红灯')
  await page.locator('[data-test=projects-nomatch]').waitFor()
  assert.equal(await rows.count(), 0)
  await page.goto(y2024)
  await choose(page, 'filter-unit', '江州市民政局')
  await count.filter({ hasText: '共 1 个项目' }).waitFor()
  await rows.filter({ hasText: CANDS.care.title }).waitFor()
  await page.goto(y2024)
  await field(page, 'filter-q').fill('幼儿园')
  await count.filter({ hasText: '共 1 个项目' }).waitFor()
  await field(page, 'filter-q').fill('')
  await count.filter({ hasText: '共 2 个项目' }).waitFor()
  // A filtered address opens filtered.
  await page.goto(server.url + '/congress/1?year=2024&light=yellow')
  await count.filter({ hasText: '共 1 个项目' }).waitFor()
  // Clearing the filters shows every year: the 2024 round's two, the demo's ten of 2026 and its five of 2025.
  await page.locator('[data-test=filter-clear]').click()
  await count.filter({ hasText: '共 17 个项目' }).waitFor()
  await page.goto(y2024)
  await count.filter({ hasText: '共 2 个项目' }).waitFor()
  // Each links to its page.
  await kg.locator('[data-test=project-link]').click()
  await page.waitForURL(/\/projects\/\d+$/)
  await page.locator('[data-test=project-title]', { hasText: CANDS.kg.title }).waitFor()
  await page.goBack()
  await rows.nth(1).waitFor()
  await finishPage(page, 'public-congress-projects')
})

async function checkFacts(page, c, want) {
  await page.locator('[data-test=project-title]', { hasText: c.title }).waitFor()
  const fact = (n) => page.locator(`[data-test=fact-${n}]`).innerText()
  assert.equal((await fact('year')).trim(), '2024')
  assert.equal((await fact('category')).trim(), c.category)
  assert.equal((await fact('location')).trim(), c.location)
  assert.equal((await fact('cost')).replace(/\s+/g, ' ').trim(), want.cost)
  assert.equal((await fact('unit')).trim(), c.unit)
  assert.equal((await fact('light')).trim(), want.light)
  assert.equal((await fact('percent')).trim(), want.percent)
  assert.match((await fact('spent')).trim(), want.spent)
  assert.equal((await page.locator('[data-test=project-light]').innerText()).replace(/\s+/g, ' ').trim(), want.tag)
  const bar = page.locator('[data-test=project-percent][role=progressbar], [data-test=project-percent] [role=progressbar]').first()
  assert.equal(await bar.getAttribute('aria-valuenow'), want.percent.replace('%', ''))
  for (const p of ['plan', 'reports', 'oversight']) await page.locator(`[data-test=section-${p}]`).waitFor()
}

test('a project page: its facts, its light in words, the vote that chose it — desktop and phone, accessible', async () => {
  const care = projects.find((p) => p.candidate_id === cand.care.id)
  const page = await newPage(browser, DESKTOP)
  await page.goto(`${server.url}/projects/${care.id}`)
  const want = { cost: '850 万元 (8,500,000 元)', light: '黄灯：进度滞后', percent: '35%', spent: /^210 万元/, tag: '黄灯 · 进度滞后' }
  await checkFacts(page, CANDS.care, want)
  await page.locator('[data-test=to-congress]', { hasText: '江州市人民代表大会' }).waitFor()
  assert.equal(await page.title(), `${CANDS.care.title} · 民生实事项目`)
  await checkA11y(page, 'project page')
  await screenshot(page, 'public-project')
  // The vote that chose it.
  await page.locator('[data-test=poll-link]').click()
  await page.waitForURL(new RegExp(`/polls/${pollId}/result$`))
  await page.locator('[data-test=result-row][data-status=selected]', { hasText: CANDS.care.title }).waitFor()
  assert.equal(await page.title(), '民生实事项目票决 · Minsheng', 'the app title again')
  assertClean(page)
  await page.context().close()

  // A phone, opening the shared address directly.
  const phone = await newPage(browser, PHONE)
  const kg = projects.find((p) => p.candidate_id === cand.kg.id)
  await phone.goto(`${server.url}/projects/${kg.id}`)
  await checkFacts(phone, CANDS.kg, { cost: '1,200 万元 (12,000,000 元)', light: '绿灯：按计划推进', percent: '0%', spent: /^0 元/, tag: '绿灯 · 按计划推进' })
  await assertNoOverflow(phone)
  await checkA11y(phone, 'project page (phone)')
  await screenshot(phone, 'public-project-phone')
  // In English.
  await phone.locator('[data-test=lang]').click()
  await phone.locator('[data-test=fact-light]', { hasText: 'Green: On schedule' }).waitFor()
  await phone.locator('[data-test=project-title]', { hasText: CANDS.kg.title_en }).waitFor()
  assert.equal((await phone.locator('[data-test=fact-cost]').innerText()).replace(/\s+/g, ' ').trim(), 'CNY 12,000,000')
  await assertNoOverflow(phone)
  await checkA11y(phone, 'project page (phone, English)')
  await screenshot(phone, 'public-project-phone-en')
  await phone.locator('[data-test=lang]').click()
  await phone.locator('[data-test=fact-light]', { hasText: '绿灯' }).waitFor()
  assertClean(phone)
  await phone.context().close()

  const missing = await newPage(browser, DESKTOP)
  await missing.goto(`${server.url}/projects/999999`)
  await missing.locator('[data-test=project-missing]').waitFor()
  await missing.context().close()
})

test('a project page prints: no navigation, no buttons, black on white', async () => {
  const care = projects.find((p) => p.candidate_id === cand.care.id)
  const page = await newPage(browser, DESKTOP)
  await page.goto(`${server.url}/projects/${care.id}`)
  await page.locator('[data-test=project-title]').waitFor()
  await page.emulateMedia({ media: 'print' })
  const look = await page.evaluate(() => {
    const shown = (sel) => {
      const e = document.querySelector(sel)
      return !!e && getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0
    }
    const css = (sel, p) => getComputedStyle(document.querySelector(sel))[p]
    return {
      header: shown('.ms-header'),
      print: shown('[data-test=print]'),
      crumbs: shown('[data-test=to-congress]'),
      facts: shown('[data-test=project-facts]'),
      body: css('body', 'backgroundColor'),
      title: css('[data-test=project-title]', 'color'),
      light: css('[data-test=project-light]', 'color'),
      lightBg: css('[data-test=project-light]', 'backgroundColor'),
    }
  })
  assert.equal(look.header, false, 'no header or navigation in print')
  assert.equal(look.print, false, 'no print button in print')
  assert.equal(look.crumbs, false, 'no link back in print')
  assert.equal(look.facts, true, 'the facts print')
  assert.match(look.body, /rgb\(255, 255, 255\)|rgba\(0, 0, 0, 0\)/)
  assert.equal(look.title, 'rgb(0, 0, 0)')
  assert.equal(look.light, 'rgb(0, 0, 0)')
  assert.equal(look.lightBg, 'rgb(255, 255, 255)')
  // The word prints with it, and what it means.
  assert.equal((await page.locator('[data-test=project-light]').innerText()).replace(/\s+/g, ' ').trim(), '黄灯 · 进度滞后')
  await page.waitForTimeout(400) // Element Plus tags zoom in when they appear
  await screenshot(page, 'public-project-print')
  mkdirSync(SHOTS, { recursive: true })
  await page.pdf({ path: join(SHOTS, 'public-project.pdf'), format: 'A4', printBackground: true })
  assertClean(page)
  await page.context().close()
})

test("the clerk's page of the 2024 round lists its projects with their lights", async () => {
  await clerk.goto(`${server.url}/clerk/cycles/${cycleId}`)
  await clerk.locator('[data-test=cycle-phase]', { hasText: '实施' }).waitFor()
  const table = clerk.locator('[data-test=cycle-projects]')
  const care = table.locator('.el-table__row', { hasText: CANDS.care.title })
  await care.waitFor()
  assert.equal(await table.locator('.el-table__body .el-table__row').count(), 2)
  assert.equal((await care.locator('[data-test=project-light]').innerText()).trim(), '黄灯')
  await care.getByText('35%').waitFor()
  assert.equal(await clerk.locator('[data-test=from-reserve]').count(), 0, 'a round in 实施 takes nothing from the pool')
  await checkA11y(clerk, 'clerk cycle with projects')
  await screenshot(clerk, 'clerk-cycle-projects')
  assertClean(clerk)
})

test('the clerk takes a candidate from the reserve pool into a new round; a refusal shows under the field', async () => {
  const page = clerk
  const next = await ok(page, 'POST', '/congresses/1/cycles', { year: 2028, title: '2028年江州市民生实事项目', title_en: 'Jiangzhou livelihood projects 2028' }, 201)
  // This round already has a candidate titled as the markets one: taking that one is refused.
  await ok(page, 'POST', `/cycles/${next.id}/candidates`, { title: CANDS.market.title, cost: 100000 }, 201)
  await page.goto(`${server.url}/clerk/cycles/${next.id}`)
  await page.locator('[data-test=cycle-phase]', { hasText: '征集' }).waitFor()
  assert.equal(await page.locator('[data-test=cycle-projects]').count(), 0, 'no projects before 实施')
  await page.locator('[data-test=from-reserve]').click()
  const dialog = page.locator('[data-test=reserve-dialog]')
  await dialog.getByText('从储备库选取候选项目').waitFor()
  // Taking nothing: the field says to choose.
  await dialog.locator('[data-test=reserve-take]').click()
  await dialog.locator('.el-form-item__error', { hasText: '请选择一个储备项目' }).waitFor()
  await choose(page, 'reserve-select', CANDS.market.title)
  await dialog.locator('[data-test=reserve-chosen]', { hasText: '票决未入选' }).waitFor()
  await dialog.locator('[data-test=reserve-take]').click()
  await dialog.locator('.el-form-item__error', { hasText: `本轮已有名为「${CANDS.market.title}」的候选项目` }).waitFor()
  await checkA11y(page, 'reserve dialog with a refusal')
  await screenshot(page, 'clerk-reserve-refused')
  await choose(page, 'reserve-select', CANDS.lamps.title)
  await dialog.locator('[data-test=reserve-chosen]', { hasText: '未提交票决' }).waitFor()
  await dialog.locator('.el-form-item__error').waitFor({ state: 'detached' }) // the refusal goes once the field changes
  await dialog.locator('[data-test=reserve-take]').click()
  await dialog.waitFor({ state: 'hidden' })
  const row = page.locator('[data-test=candidates] .el-table__row', { hasText: CANDS.lamps.title })
  await row.waitFor()
  await row.locator('[data-test=from-reserve-tag]', { hasText: '来自储备库' }).waitFor()
  const cands = (await ok(page, 'GET', `/cycles/${next.id}/candidates`)).items
  const taken = cands.find((c) => c.title === CANDS.lamps.title)
  assert.equal(taken.origin_id, cand.lamps.id, 'the new candidate names where it came from')
  assert.equal(taken.cost, CANDS.lamps.cost)
  const entry = (await ok(page, 'GET', '/congresses/1/reserve')).items.find((e) => e.candidate_id === cand.lamps.id)
  assert.equal(entry.taken_by, taken.id)
  // Taken once: the dialog no longer offers it. In English, the refusal is the server's English.
  await page.locator('[data-test=lang]').click()
  await page.locator('[data-test=from-reserve]', { hasText: 'Take from the reserve pool' }).click()
  await dialog.getByText('Take a candidate from the reserve pool').waitFor()
  await dialog.locator('[data-test=reserve-select]').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: CANDS.market.title_en }).waitFor()
  assert.equal(await page.locator('.el-select-dropdown__item:visible', { hasText: CANDS.lamps.title_en }).count(), 0)
  await page.locator('.el-select-dropdown__item:visible', { hasText: CANDS.market.title_en }).click()
  await dropdownsClosed(page)
  await dialog.locator('[data-test=reserve-chosen]', { hasText: 'Not selected by the vote' }).waitFor()
  await dialog.locator('[data-test=reserve-take]').click()
  await dialog.locator('.el-form-item__error', { hasText: `this cycle already has a candidate titled '${CANDS.market.title}'` }).waitFor()
  await page.setViewportSize(PHONE)
  await page.waitForTimeout(200)
  await checkA11y(page, 'reserve dialog (phone, English)')
  await screenshot(page, 'clerk-reserve-dialog-phone-en')
  await page.setViewportSize(DESKTOP)
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await dialog.waitFor({ state: 'hidden' })
  await page.locator('[data-test=lang]').click()
  await page.locator('[data-test=from-reserve]', { hasText: '从储备库选取' }).waitFor()
  assertClean(page)
})
