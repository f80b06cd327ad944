// The public accountability pages of issue 12, in a real browser. Set up
// through the API on the demo congress: a 2024 round votes and enters 实施
// (two projects). The roads project gets a plan published twice (an earlier
// version to compare), a photo taken in the browser (a canvas saved as
// JPEG) and uploaded, two published progress reports (one with the photo,
// one milestone reached late and one on time) and one left unpublished; its
// oversight group (deputy07 leads) records an inspection and sends a letter
// the housing bureau (unit01) answers — each published — and one more of
// each left unpublished. The river project's plan ended long ago with
// nothing reported: red.
//
// Then: the congress page's filters narrow the list on the server, change the
// address, survive a reload and undo with the back button; the project page
// shows the plan and its earlier version, the milestones planned against
// actual, the chart, the reports with the photo's thumbnail (loaded), the
// inspection and the letter with its reply, the light and why, the vote it
// came from — and nothing unpublished, even to the clerk, whom the API tells
// more; axe finds nothing on a desktop and a phone; in print there is no
// header and the chart fits an A4 page.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startWithClerk, stopAll, apiOk as ok, newPage, assertClean, screenshot, checkA11y, login, apiCall, assertNoOverflow, dropdownsClosed, PHONE, DESKTOP } from './harness.mjs'
import { prepare, fetchShares, session, deputyIds } from './scrutineers.mjs'

let server
let browser
let clerk // the clerk's page, logged in
let roads // the roads project
let river // the river project
let photoId
let units // the demo congress's units by name

const YEAR = 2024
const CANDS = {
  roads: { title: '城区道路微循环改造', title_en: 'Urban road micro-circulation', category: '交通', cost: 5000000, unit: '江州市住房和城乡建设局', location: '江北区、滨江区' },
  river: { title: '南湖水系连通工程', title_en: 'Linking the South Lake waterways', category: '环境', cost: 3000000, unit: '江州市交通运输局', location: '南湖区' },
  other: { title: '社区食堂建设', title_en: 'Community canteens', category: '养老', cost: 1000000, unit: '江州市民政局', location: '全市' },
}
const TEXT = {
  report1: '第一批道路完成设计与招标，施工单位进场。',
  report2: '三条支路完成改造，已通车。',
  hidden: '尚未公布的进度报告内容',
  findings: '视察发现：施工围挡规范，但夜间施工噪音扰民。',
  hiddenFindings: '内部视察记录，不公开',
  letter: '请于期限内说明夜间施工噪音的整改措施。',
  reply: '已调整施工时段，夜间停止高噪音作业。',
  hiddenLetter: '内部督办函，不公开',
  targetsV1: '改造城区道路8条',
  targetsV2: '改造城区道路10条，打通断头路2处',
}
/** China's date n days from today. */
const day = (n) => new Date(Date.now() + 8 * 3600e3 + n * 86400e3).toISOString().slice(0, 10)

async function call(s, method, path, body, status = 200) {
  const r = await s.call(method, path, body)
  assert.equal(r.status, status, `${s.login} ${method} ${path}: ${JSON.stringify(r.body)}`)
  return r.body
}

before(async () => ({ server, browser, clerk } = await startWithClerk()))
after(() => stopAll({ browser, server }))

test('set-up through the API: two projects of 2024, a plan in two versions, reports, a photo, an inspection, a letter and its reply', async () => {
  const us = await ok(clerk, 'GET', '/congresses/1/units?per_page=200')
  units = Object.fromEntries(us.items.map((u) => [u.name, u.id]))
  const cy = await ok(clerk, 'POST', '/congresses/1/cycles', { year: YEAR, title: `${YEAR}年江州市民生实事项目`, title_en: `Jiangzhou livelihood projects ${YEAR}` }, 201)
  const cand = {}
  for (const [k, c] of Object.entries(CANDS)) {
    assert.ok(units[c.unit], 'demo unit ' + c.unit)
    const { unit, ...rest } = c
    cand[k] = await ok(clerk, 'POST', `/cycles/${cy.id}/candidates`, { ...rest, description: `${c.title}（测试项目说明）`, unit_id: units[unit] }, 201)
  }
  await ok(clerk, 'POST', `/cycles/${cy.id}/phase`, { phase: 'compile' })
  await ok(clerk, 'POST', `/cycles/${cy.id}/phase`, { phase: 'vote' })
  const [scrutineer] = await deputyIds((m, p) => apiCall(clerk, m, p), ['deputy05'])
  const poll = await ok(clerk, 'POST', `/cycles/${cy.id}/polls`, {
    title: `${YEAR}年民生实事项目票决`, slots: 2, candidate_ids: [cand.roads.id, cand.river.id, cand.other.id],
    threshold_base: 'cast', scrutineer_ids: [scrutineer],
  }, 201)
  const all = await ok(clerk, 'GET', '/congresses/1/deputies?per_page=200')
  await ok(clerk, 'POST', `/polls/${poll.id}/checkin`, { deputy_ids: all.items.map((d) => d.id) })
  const held = await prepare(server.url, poll.id, ['deputy05'])
  await ok(clerk, 'POST', `/polls/${poll.id}/open`)
  const shares = await fetchShares(poll.id, held)
  for (const [i, choices] of [[cand.roads.id, cand.river.id], [cand.roads.id, cand.river.id], [cand.roads.id, cand.other.id]].entries()) {
    const d = await session(server.url, `deputy0${i + 1}`, 'deputy-demo')
    await call(d, 'POST', `/polls/${poll.id}/ballot`, { choices }, 201)
  }
  await ok(clerk, 'POST', `/polls/${poll.id}/close`, { shares })
  await ok(clerk, 'POST', `/cycles/${cy.id}/phase`, { phase: 'implement' })
  const ps = (await ok(clerk, 'GET', `/cycles/${cy.id}/projects`)).items
  roads = ps.find((p) => p.candidate_id === cand.roads.id)
  river = ps.find((p) => p.candidate_id === cand.river.id)
  assert.ok(roads && river && ps.length === 2)

  // The roads plan, published, then changed and published again.
  const milestones = [
    { title: '完成设计和招标', planned_on: day(-90), percent: 20 },
    { title: '三条支路完工', planned_on: day(-30), percent: 50 },
    { title: '全部道路完工', planned_on: day(60), percent: 90 },
  ]
  const v1 = {
    targets: TEXT.targetsV1, start_on: day(-120), finish_on: day(120), budget: 5000000,
    funding: [{ source: '市级财政', amount: 3000000 }, { source: '区级财政', amount: 2000000 }],
    co_unit_ids: [units['江州市交通运输局']], milestones, annual_targets: [{ year: Number(day(0).slice(0, 4)), target: '完成全部改造' }],
  }
  await ok(clerk, 'PUT', `/projects/${roads.id}/plan`, v1)
  await ok(clerk, 'POST', `/projects/${roads.id}/plan/publish`, {})
  await ok(clerk, 'PUT', `/projects/${roads.id}/plan`, { ...v1, targets: TEXT.targetsV2, budget: 5600000, funding: [{ source: '市级财政', amount: 3600000 }, { source: '区级财政', amount: 2000000 }] })
  await ok(clerk, 'POST', `/projects/${roads.id}/plan/publish`, {})
  // The river plan ended 20 days ago and nothing was reported: red.
  await ok(clerk, 'PUT', `/projects/${river.id}/plan`, { targets: '连通南湖水系', start_on: day(-200), finish_on: day(-20), budget: 3000000 })
  await ok(clerk, 'POST', `/projects/${river.id}/plan/publish`, {})
  assert.equal((await ok(clerk, 'GET', `/projects/${river.id}`)).light, 'red')

  // A photo made in the browser (a JPEG from a canvas), uploaded as the app would.
  const up = await clerk.evaluate(async (id) => {
    const c = document.createElement('canvas')
    c.width = 640
    c.height = 480
    const g = c.getContext('2d')
    g.fillStyle = '#4a7bb7'
    g.fillRect(0, 0, 640, 480)
    g.fillStyle = '#f2c14e'
    g.fillRect(100, 300, 440, 80)
    const blob = await new Promise((ok) => c.toBlob(ok, 'image/jpeg', 0.9))
    const me = await (await fetch('/api/v1/me')).json()
    const r = await fetch(`/api/v1/projects/${id}/files?name=${encodeURIComponent('施工现场.jpg')}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', 'X-CSRF-Token': me.csrf_token },
      body: blob,
    })
    return { status: r.status, body: await r.json() }
  }, roads.id)
  assert.equal(up.status, 201, JSON.stringify(up.body))
  assert.equal(up.body.kind, 'photo')
  photoId = up.body.id

  const r1 = await ok(clerk, 'POST', `/projects/${roads.id}/reports`, { body: TEXT.report1, percent_done: 25, spent: 1200000, milestones: [{ milestone: 1, reached_on: day(-80) }], attachment_ids: [photoId] }, 201)
  await ok(clerk, 'POST', `/reports/${r1.id}/publish`, {})
  const r2 = await ok(clerk, 'POST', `/projects/${roads.id}/reports`, { body: TEXT.report2, percent_done: 58, spent: 2900000, milestones: [{ milestone: 2, reached_on: day(-32) }] }, 201)
  await ok(clerk, 'POST', `/reports/${r2.id}/publish`, {})
  await ok(clerk, 'POST', `/projects/${roads.id}/reports`, { body: TEXT.hidden, percent_done: 60, spent: 3000000 }, 201)

  // The oversight group: an inspection and a letter, published, and one of each not.
  const [d7, d8] = await deputyIds((m, p) => apiCall(clerk, m, p), ['deputy07', 'deputy08'])
  const group = await ok(clerk, 'POST', '/congresses/1/oversight-groups', {
    name: '道路微循环监督组', scope: 'project', leader_id: d7, member_ids: [d8], project_ids: [roads.id],
  }, 201)
  const lead = await session(server.url, 'deputy07', 'deputy-demo')
  const ins = await call(lead, 'POST', `/oversight-groups/${group.id}/inspections`, { project_id: roads.id, day: day(-10), participant_ids: [d7, d8], findings: TEXT.findings }, 201)
  await ok(clerk, 'POST', `/inspections/${ins.id}/publish`, {})
  await call(lead, 'POST', `/oversight-groups/${group.id}/inspections`, { project_id: roads.id, day: day(-5), participant_ids: [d7], findings: TEXT.hiddenFindings }, 201)
  const letter = await call(lead, 'POST', `/oversight-groups/${group.id}/letters`, { project_id: roads.id, body: TEXT.letter, deadline: day(20) }, 201)
  const unit = await session(server.url, 'unit01', 'unit-demo')
  await call(unit, 'POST', `/supervision-letters/${letter.id}/reply`, { reply: TEXT.reply })
  await ok(clerk, 'POST', `/supervision-letters/${letter.id}/publish`, {})
  await call(lead, 'POST', `/oversight-groups/${group.id}/letters`, { project_id: roads.id, body: TEXT.hiddenLetter, deadline: day(30) }, 201)
})

/** Choose an option of the Element Plus select marked data-test=NAME. */
async function choose(page, name, text) {
  await page.locator(`[data-test=${name}]`).click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).click()
  await dropdownsClosed(page)
}

test('the congress page: the filters narrow the list on the server, live in the address, survive a reload and go back', async () => {
  const page = await newPage(browser, DESKTOP)
  const asked = []
  page.on('request', (r) => {
    if (/\/api\/v1\/congresses\/1\/projects\?/.test(r.url())) asked.push(new URL(r.url()).searchParams)
  })
  await page.goto(`${server.url}/congress/1?year=${YEAR}`)
  const list = page.locator('[data-test=projects]')
  const rows = list.locator('[data-test=project-row]')
  const count = page.locator('[data-test=projects-count]')
  await count.filter({ hasText: '共 2 个项目' }).waitFor()
  assert.ok(asked.some((q) => q.get('year') === String(YEAR)), 'the year is asked of the server')

  await choose(page, 'filter-district', '滨江区')
  await count.filter({ hasText: '共 1 个项目' }).waitFor()
  await rows.filter({ hasText: CANDS.roads.title }).waitFor()
  assert.equal(new URL(page.url()).searchParams.get('district'), '滨江区', 'the district is in the address')
  assert.ok(asked.some((q) => q.get('district') === '滨江区' && q.get('year') === String(YEAR)), 'the district is asked of the server')
  await page.locator('[data-test=district-note]').waitFor()
  // A reload keeps it.
  await page.reload()
  await count.filter({ hasText: '共 1 个项目' }).waitFor()
  await rows.filter({ hasText: CANDS.roads.title }).waitFor()
  assert.match(await page.locator('[data-test=filter-district]').innerText(), /滨江区/)
  // Back: the district goes.
  await page.goBack()
  await count.filter({ hasText: '共 2 个项目' }).waitFor()
  assert.equal(new URL(page.url()).searchParams.get('district'), null)

  await choose(page, 'filter-light', '红灯')
  await count.filter({ hasText: '共 1 个项目' }).waitFor()
  await rows.filter({ hasText: CANDS.river.title }).waitFor()
  assert.equal(new URL(page.url()).searchParams.get('light'), 'red')
  await page.goBack()
  await count.filter({ hasText: '共 2 个项目' }).waitFor()

  await choose(page, 'filter-unit', CANDS.river.unit)
  await count.filter({ hasText: '共 1 个项目' }).waitFor()
  assert.equal(new URL(page.url()).searchParams.get('unit'), String(river.lead_unit_id))
  await choose(page, 'filter-category', CANDS.roads.category)
  await page.locator('[data-test=projects-nomatch]').waitFor()
  assert.equal(await rows.count(), 0)
  // A shared address with every filter opens filtered.
  const shared = `${server.url}/congress/1?year=${YEAR}&category=${encodeURIComponent('交通')}&district=${encodeURIComponent('江北区')}&light=green`
  await page.goto(shared)
  await count.filter({ hasText: '共 1 个项目' }).waitFor()
  await rows.filter({ hasText: CANDS.roads.title }).waitFor()
  await checkA11y(page, 'congress page, filtered')
  await screenshot(page, 'public-projects-filtered')
  await page.setViewportSize(PHONE)
  await page.waitForTimeout(200)
  await assertNoOverflow(page)
  await checkA11y(page, 'congress page, filtered (phone)')
  assertClean(page)
  await page.context().close()
})

/** What the project page shows, checked on page. */
async function checkProject(page) {
  await page.locator('[data-test=project-title]', { hasText: CANDS.roads.title }).waitFor()
  // The plan, its latest version, and the earlier one behind the expander.
  const plan = page.locator('[data-test=plan]')
  await plan.locator('[data-test=plan-targets]', { hasText: TEXT.targetsV2 }).waitFor()
  assert.match(await plan.locator('[data-test=plan-version]').innerText(), /第 2 版/)
  assert.equal((await plan.locator('[data-test=plan-lead]').innerText()).trim(), CANDS.roads.unit)
  // the units' names arrive with their own request: wait for them rather than read the "#3" shown meanwhile
  await plan.locator('[data-test=plan-co-units]', { hasText: '江州市交通运输局' }).waitFor()
  assert.equal((await plan.locator('[data-test=plan-co-units]').innerText()).trim(), '江州市交通运输局')
  assert.equal((await plan.locator('[data-test=plan-budget]').innerText()).replace(/\s+/g, ' ').trim(), '560 万元 (5,600,000 元)')
  assert.equal(await plan.locator('[data-test=plan-funding] li').count(), 2)
  await plan.locator('[data-test=plan-annual]', { hasText: '完成全部改造' }).waitFor()
  assert.equal((await plan.locator('[data-test=plan-start]').innerText()).trim(), day(-120))
  assert.equal((await plan.locator('[data-test=plan-finish]').innerText()).trim(), day(120))
  await plan.locator('[data-test=plan-versions] summary').click()
  const old = plan.locator('[data-test=plan-old-version]')
  await old.filter({ hasText: TEXT.targetsV1 }).waitFor()
  assert.equal(await old.count(), 1)
  // The milestones, planned against actual.
  const ms = page.locator('[data-test=milestone]')
  assert.equal(await ms.count(), 3)
  assert.equal(await ms.nth(0).getAttribute('data-status'), 'late')
  assert.equal((await ms.nth(0).locator('[data-test=milestone-state]').innerText()).trim(), '滞后 10 天完成')
  assert.equal((await ms.nth(0).locator('[data-test=milestone-actual]').innerText()).trim(), day(-80))
  assert.equal(await ms.nth(1).getAttribute('data-status'), 'on_time')
  assert.equal(await ms.nth(2).getAttribute('data-status'), 'upcoming')
  await page.locator('[data-test=timeline-summary]', { hasText: '共 3 个节点，其中 1 个滞后' }).waitFor()
  // The chart is drawn: the planned curve and the reported points.
  const chart = page.locator('[data-test=chart] svg')
  await chart.waitFor()
  const drawn = await chart.evaluate((svg) => ({ w: svg.getBoundingClientRect().width, paths: svg.querySelectorAll('path').length, text: svg.textContent }))
  assert.ok(drawn.w > 200 && drawn.paths > 5, 'the chart is drawn: ' + JSON.stringify(drawn))
  assert.match(drawn.text, /计划进度/)
  // The published reports, newest first, and the photo's thumbnail, loaded, opening the full image.
  const reports = page.locator('[data-test=report]')
  assert.equal(await reports.count(), 2)
  await reports.nth(0).locator('[data-test=report-body]', { hasText: TEXT.report2 }).waitFor()
  await reports.nth(1).locator('[data-test=report-body]', { hasText: TEXT.report1 }).waitFor()
  const thumb = page.locator(`img[src="/api/v1/files/${photoId}/thumb"]`)
  await thumb.scrollIntoViewIfNeeded()
  await page.waitForFunction((sel) => document.querySelector(sel)?.complete && document.querySelector(sel).naturalWidth > 0, `img[src="/api/v1/files/${photoId}/thumb"]`)
  assert.ok((await thumb.evaluate((i) => i.naturalWidth)) > 0, 'the thumbnail loads')
  assert.match(await thumb.getAttribute('alt'), /施工现场\.jpg/)
  assert.equal(await page.locator('[data-test=report-photo]').getAttribute('href'), `/api/v1/files/${photoId}`)
  // The inspection and the letter with the unit's reply.
  await page.locator('[data-test=inspection-findings]', { hasText: TEXT.findings }).waitFor()
  assert.equal(await page.locator('[data-test=inspection]').count(), 1)
  await page.locator('[data-test=letter-body]', { hasText: TEXT.letter }).waitFor()
  await page.locator('[data-test=letter-reply]', { hasText: TEXT.reply }).waitFor()
  assert.equal(await page.locator('[data-test=letter]').count(), 1)
  // Nothing unpublished.
  const body = await page.locator('main, body').first().innerText()
  for (const s of [TEXT.hidden, TEXT.hiddenFindings, TEXT.hiddenLetter]) assert.ok(!body.includes(s), 'unpublished shown: ' + s)
  // The light and why; the vote it came from.
  await page.locator('[data-test=light-why]').waitFor()
  await page.locator('[data-test=light-rule]').waitFor()
  await page.locator('[data-test=vote-candidate]', { hasText: CANDS.roads.title }).waitFor()
  await page.locator('[data-test=vote-result]', { hasText: '赞成 3 票' }).waitFor()
}

test('the project page: plan and versions, milestones planned vs actual, chart, reports with a photo, inspection, letter and reply — nothing unpublished', async () => {
  const page = await newPage(browser, DESKTOP)
  await page.goto(`${server.url}/projects/${roads.id}`)
  await checkProject(page)
  await checkA11y(page, 'public project page')
  await screenshot(page, 'public-project-full')
  // The river project: red, and why in words.
  await page.goto(`${server.url}/projects/${river.id}`)
  await page.locator('[data-test=project-title]', { hasText: CANDS.river.title }).waitFor()
  await page.locator('[data-test=light-why]', { hasText: '仍未开工' }).waitFor()
  await page.locator('[data-test=reports-none]').waitFor()
  await page.locator('[data-test=inspections-none]').waitFor()
  assert.equal(await page.locator('[data-test=milestone]').count(), 0)
  await page.locator('[data-test=section-chart] [data-test=chart] svg').waitFor()
  await checkA11y(page, 'public project page, red')
  assertClean(page)
  await page.context().close()

  // On a phone, opened from a shared address.
  const phone = await newPage(browser, PHONE)
  await phone.goto(`${server.url}/projects/${roads.id}`)
  await checkProject(phone)
  await assertNoOverflow(phone)
  await checkA11y(phone, 'public project page (phone)')
  await screenshot(phone, 'public-project-full-phone')
  // In English.
  await phone.locator('[data-test=lang]').click()
  await phone.locator('[data-test=timeline-summary]', { hasText: '3 milestones, 1 of them late' }).waitFor()
  await phone.locator('[data-test=milestone-state]', { hasText: 'Reached 10 days late' }).waitFor()
  await assertNoOverflow(phone)
  await checkA11y(phone, 'public project page (phone, English)')
  await phone.locator('[data-test=lang]').click()
  await phone.locator('[data-test=timeline-summary]', { hasText: '共 3 个节点' }).waitFor()
  assertClean(phone)
  await phone.context().close()

  // The clerk, whom the API also gives the unpublished ones, sees the public page all the same.
  const seen = await ok(clerk, 'GET', `/projects/${roads.id}/reports`)
  assert.equal(seen.total, 3, 'the clerk is given the unpublished report too')
  await clerk.goto(`${server.url}/projects/${roads.id}`)
  await checkProject(clerk)
})

test('the project page prints: no header, navigation or buttons; the chart fits an A4 page', async () => {
  const page = await newPage(browser, DESKTOP)
  await page.goto(`${server.url}/projects/${roads.id}`)
  await page.locator('[data-test=chart] svg').waitFor()
  await page.locator('[data-test=report]').first().waitFor()
  await page.emulateMedia({ media: 'print' })
  await page.waitForTimeout(300)
  // The photo prints too: its thumbnail is loaded though it was never scrolled to.
  await page.waitForFunction(() => [...document.querySelectorAll('[data-test=report-thumb]')].every((i) => i.complete && i.naturalWidth > 0))
  const look = await page.evaluate(() => {
    const shown = (sel) => {
      const e = document.querySelector(sel)
      return !!e && getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0
    }
    return {
      header: shown('.ms-header'),
      print: shown('[data-test=print]'),
      crumbs: shown('[data-test=to-congress]'),
      figures: shown('[data-test=progress-chart] details'),
      plan: shown('[data-test=plan]'),
      reports: shown('[data-test=reports]'),
      chartWidth: document.querySelector('[data-test=chart]').getBoundingClientRect().width,
      svgWidth: document.querySelector('[data-test=chart] svg').getBoundingClientRect().width,
      breakReport: getComputedStyle(document.querySelector('[data-test=report]')).breakInside,
    }
  })
  assert.equal(look.header, false, 'no header or navigation in print')
  assert.equal(look.print, false, 'no print button in print')
  assert.equal(look.crumbs, false, 'no link back in print')
  assert.equal(look.figures, false, 'no expander in print')
  assert.equal(look.plan, true, 'the plan prints')
  assert.equal(look.reports, true, 'the reports print')
  // 170 mm at 96 px per inch: the chart within the A4 page's printable width, and drawn at that size.
  assert.ok(Math.abs(look.chartWidth - 642.5) < 2, 'the chart is 170 mm wide: ' + look.chartWidth)
  assert.ok(Math.abs(look.svgWidth - look.chartWidth) < 2, 'the chart is drawn again at the print width: ' + look.svgWidth)
  assert.equal(look.breakReport, 'avoid', 'a report is not split across pages')
  await screenshot(page, 'public-project-full-print')
  assertClean(page)
  await page.context().close()
})
