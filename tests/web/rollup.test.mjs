// Three-level linkage (三级联动) in a real browser, on the demo's city, its
// districts, towns and street: the overview (/congress/:id/dashboard) reached
// from the public congress page shows the API's roll-up figures, rates and
// table, on a desktop and on a phone (axe clean, no sideways scrolling) and in
// print (no site chrome); a year chosen shows that year's figures; a click on
// 江北区's bar drills down to its overview, a click on 城关镇's name to the
// town's, and one of its projects to the project's page; the breadcrumb goes
// back up; the XLSX link answers the spreadsheet; the big screen at 1920×1080
// (dark, axe clean, all on one screen) shows the figures, draws its four
// charts on a canvas (the lights and the verdicts as donuts with their
// legends in numbers, the three rates and the volumes per congress), each
// described in words with the API's figures, a tile per congress below, and
// asks again after a minute. The administrator adds a street's residents' council under
// a district (only districts are offered as its parent); clerk_jb's audit log
// picks 城关镇 among its own congress and those below, clerk_cg's offers only
// its own; the clerk's workspace links to its congress's overview.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { startServer, launch, newPage, checkA11y, screenshot, login, apiCall, assertClean, assertNoOverflow, field, dropdownsClosed, DESKTOP, PHONE, SHOTS } from './harness.mjs'

const SCREEN = { width: 1920, height: 1080 }
/** This year in China, the roll-up's default. */
const YEAR = Number(new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 4))
const CITY = 1

let server
let browser
let anon // a page without login, for the public API
let ids // the demo's congresses by name
/** The year of the demo's rounds under delivery, whose roll-up has something in every figure; the overview's query for it (none when it is this year). */
let DEMO_YEAR
let Q
/** The overview of congress id for the demo's year, as the address reads. */
const dash = (id) => new RegExp(`/congress/${id}/dashboard${Q.replace('?', '\\?')}$`)

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
  ids = { jiangbei: find('江北区人民'), jiangnan: find('江南区'), binjiang: find('滨江区'), chengguan: find('城关镇'), dongmen: find('东门街道') }
  const cycles = (await apiCall(anon, 'GET', `/congresses/${CITY}/cycles?per_page=200`)).body.items
  DEMO_YEAR = cycles.find((c) => c.phase === 'implement').year
  Q = DEMO_YEAR === YEAR ? '' : `?year=${DEMO_YEAR}`
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

const rollup = async (id, year = DEMO_YEAR) => {
  const r = await apiCall(anon, 'GET', `/congresses/${id}/rollup?year=${year}`)
  assert.equal(r.status, 200, JSON.stringify(r.body))
  return r.body
}
const text = async (page, sel) => (await page.locator(sel).first().innerText()).trim()
const pct = (v) => new Intl.NumberFormat('zh-CN', { style: 'percent', maximumFractionDigits: 1 }).format(v)
/** The three rates of figures f as a chart's description says them. */
const ratesSaid = (f) =>
  [['按时响应率', f.response], ['按时解决率', f.resolution], ['满意率', f.satisfaction]]
    .map(([name, r]) => `${name} ${r.den ? `${pct(r.value)}（${r.num}/${r.den}）` : '暂无数据'}`)
    .join('，')

/** The overview's figures are the API's totals of the congress (every one the page shows). */
async function assertFigures(page, r) {
  const f = r.congress.total
  await page.locator('[data-test=rollup-name]', { hasText: r.congress.name }).waitFor()
  await page.locator('[data-test=fig-projects]', { hasText: new RegExp(`^${f.projects}$`) }).waitFor()
  assert.equal(await text(page, '[data-test=fig-red]'), String(f.red))
  assert.equal(await text(page, '[data-test=fig-yellow]'), String(f.yellow))
  assert.equal(await text(page, '[data-test=fig-satisfied]'), String(f.satisfied))
  assert.equal(await text(page, '[data-test=fig-verdicts]'), `基本满意 ${f.basic} 个，不满意 ${f.dissatisfied} 个，尚未测评 ${f.unevaluated} 个`)
  assert.equal(await text(page, '[data-test=fig-demands]'), String(f.demands))
  assert.equal(await text(page, '[data-test=fig-cases]'), String(f.cases))
  assert.equal(await text(page, '[data-test=fig-cases-overdue]'), `超期 ${f.cases_overdue} 件`)
  assert.equal(await text(page, '[data-test=fig-suggestions]'), String(f.suggestions))
  for (const k of ['response', 'resolution', 'satisfaction']) {
    const rate = f[k]
    assert.equal(await text(page, `[data-test=fig-${k}]`), rate.value === null ? '—' : pct(rate.value), k)
    assert.equal(await text(page, `[data-test=fig-${k}-frac]`), rate.den ? `${rate.num}/${rate.den}` : '暂无数据', k)
  }
  assert.equal(await text(page, '[data-test=fig-tasks]'), String(f.tasks_open))
  assert.equal(await text(page, '[data-test=fig-tasks-overdue]'), `其中超期 ${f.tasks_overdue} 项`)
  assert.equal(await text(page, '[data-test=fig-deputies]'), String(f.deputies))
  // the table: this level's own figures, each congress below with its total, the sum
  const rows = page.locator('[data-test=rollup-line]')
  await page.waitForFunction((n) => document.querySelectorAll('[data-test=rollup-line]').length === n,
    1 + r.children.length + (r.children.length ? 1 : 0))
  const cell = async (i, col) => (await rows.nth(i).locator(`[data-test=col-${col}]`).innerText()).trim()
  for (const col of ['projects', 'red', 'yellow', 'cases', 'cases_overdue']) {
    assert.equal(await cell(0, col), String(r.congress.own[col]), `本级 ${col}`)
    for (const [i, c] of r.children.entries()) {
      assert.equal(await cell(1 + i, col), String(c.total[col]), `${c.name} ${col}`)
      assert.equal((await rows.nth(1 + i).locator(`[data-test=rollup-child-${c.id}]`).innerText()).trim(), c.name)
    }
    if (r.children.length) assert.equal(await cell(1 + r.children.length, col), String(f[col]), `合计 ${col}`)
  }
}

test('the overview: from the congress page, the API’s figures on a desktop, a phone and in print, and another year', async () => {
  const page = await newPage(browser, DESKTOP)
  await page.goto(`${server.url}/congress/${CITY}`)
  await page.locator('[data-test=dashboard-link]').click()
  await page.waitForURL(new RegExp(`/congress/${CITY}/dashboard$`))
  await assertFigures(page, await rollup(CITY, YEAR)) // this year's by default
  if (Q) await page.goto(`${server.url}/congress/${CITY}/dashboard${Q}`)
  const r = await rollup(CITY)
  // the demo gives the test something to find: projects below the city, a red one, a case overdue, a rate
  assert.ok(r.congress.total.projects > r.congress.own.projects && r.congress.total.red > 0 && r.congress.total.cases_overdue > 0, JSON.stringify(r.congress.total))
  assert.ok(r.congress.total.response.den > 0)
  assert.equal(r.children.length, 3)
  await assertFigures(page, r)
  assert.equal(await page.locator('[data-test=rollup-crumbs] li').count(), 1, 'a city has no congress above it')
  // the charts: drawn, described in words with every congress below
  for (const c of ['lights', 'verdicts', 'cases', 'rates']) {
    await page.locator(`[data-test=chart-${c}] svg`).waitFor()
    const desc = (await page.locator(`[data-test=chart-${c}]`).getAttribute('aria-label')) ?? ''
    for (const ch of r.children) assert.ok(desc.includes(ch.name), `chart ${c} describes ${ch.name}: ${desc}`)
  }
  const lightsDesc = await page.locator('[data-test=chart-lights]').getAttribute('aria-label')
  const jb = r.children.find((c) => c.id === ids.jiangbei.id)
  assert.ok(lightsDesc.includes(`${jb.name}：绿灯 ${jb.total.green}，黄灯 ${jb.total.yellow}，红灯 ${jb.total.red}，蓝灯 ${jb.total.blue}`), lightsDesc)
  const ratesDesc = await page.locator('[data-test=chart-rates]').getAttribute('aria-label')
  assert.ok(ratesDesc.includes(`${jb.name}：${ratesSaid(jb.total)}`), ratesDesc)
  // the city's own projects of the year, each linking to its page
  const projects = (await apiCall(anon, 'GET', `/congresses/${CITY}/projects?year=${DEMO_YEAR}&per_page=200`)).body.items
  assert.ok(projects.length > 0)
  const links = page.locator('[data-test=rollup-project]')
  await page.waitForFunction((n) => document.querySelectorAll('[data-test=rollup-project]').length === n, projects.length)
  assert.deepEqual(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href'))), projects.map((p) => `/projects/${p.id}`))
  await checkA11y(page, 'the overview')
  await screenshot(page, 'rollup-dashboard')

  // in print, on an A4 page's printable width: no site chrome, no controls, the figures and the whole table
  await page.emulateMedia({ media: 'print' })
  await page.setViewportSize({ width: 700, height: 1000 })
  await page.waitForTimeout(300)
  const look = await page.evaluate(() => {
    const shown = (sel) => {
      const e = document.querySelector(sel)
      return !!e && getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0
    }
    return {
      header: shown('.ms-header'), year: shown('[data-test=rollup-year]'), xlsx: shown('[data-test=rollup-xlsx]'),
      figures: shown('[data-test=rollup-figures]'), table: shown('[data-test=rollup-table]'),
      tableFits: document.querySelector('[data-test=rollup-table]').getBoundingClientRect().right <= 700,
    }
  })
  assert.deepEqual(look, { header: false, year: false, xlsx: false, figures: true, table: true, tableFits: true })
  await screenshot(page, 'rollup-dashboard-print')
  await page.pdf({ path: join(SHOTS, 'rollup-dashboard.pdf'), format: 'A4' })
  await page.emulateMedia({ media: 'screen' })
  await page.setViewportSize(DESKTOP)

  // on a phone: nothing wider than the screen, axe clean
  await page.setViewportSize(PHONE)
  await page.waitForTimeout(400)
  await assertNoOverflow(page)
  await checkA11y(page, 'the overview on a phone')
  await screenshot(page, 'rollup-dashboard-phone')
  await page.setViewportSize(DESKTOP)

  // another year: that year's roll-up, in the address and in the XLSX link
  const last = await rollup(CITY, DEMO_YEAR - 1)
  assert.notEqual(last.congress.total.satisfied, r.congress.total.satisfied, 'the years differ in what the test reads')
  await page.locator('[data-test=rollup-year]').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: `${DEMO_YEAR - 1}年` }).click()
  await dropdownsClosed(page)
  await page.waitForURL(new RegExp(`/congress/${CITY}/dashboard\\?year=${DEMO_YEAR - 1}$`))
  await page.locator('[data-test=fig-satisfied]', { hasText: new RegExp(`^${last.congress.total.satisfied}$`) }).waitFor()
  await assertFigures(page, last)
  assert.equal(await page.locator('[data-test=rollup-xlsx]').getAttribute('href'), `/api/v1/congresses/${CITY}/rollup.xlsx?year=${DEMO_YEAR - 1}`)
  assertClean(page)
  await page.context().close()
})

test('drill-down: the city’s bar of 江北区, then 城关镇 by its name, then one of its projects; the breadcrumb back up', async () => {
  const page = await newPage(browser, DESKTOP)
  await page.goto(`${server.url}/congress/${CITY}/dashboard${Q}`)
  // a click on 江北区's bar in the lights chart (just right of its name on the axis)
  const label = page.locator('[data-test=chart-lights] svg text', { hasText: /^江北区$/ })
  await label.scrollIntoViewIfNeeded()
  const box = await label.boundingBox()
  await page.mouse.click(box.x + box.width + 30, box.y + box.height / 2)
  await page.waitForURL(dash(ids.jiangbei.id))
  const jb = await rollup(ids.jiangbei.id)
  assert.deepEqual(jb.path.map((p) => p.id), [CITY])
  assert.equal(jb.children.length, 3)
  for (const n of ['城关镇', '柳河镇', '东门街道居民议事会']) assert.ok(jb.children.some((c) => c.name.includes(n)), n)
  await assertFigures(page, jb)
  assert.equal(await text(page, '[data-test=crumb-here]'), ids.jiangbei.name)
  await checkA11y(page, 'the district’s overview')

  // a click on 城关镇's name on the verdicts chart's axis
  const town = page.locator('[data-test=chart-verdicts] svg text', { hasText: /^城关镇$/ })
  await town.waitFor()
  await town.click()
  await page.waitForURL(dash(ids.chengguan.id))
  const cg = await rollup(ids.chengguan.id)
  assert.deepEqual(cg.path.map((p) => p.id), [CITY, ids.jiangbei.id])
  assert.equal(cg.children.length, 0)
  await assertFigures(page, cg)
  await page.locator('[data-test=rollup-no-children]').waitFor()
  assert.deepEqual(await page.locator('[data-test=rollup-crumbs] li a').allInnerTexts(), [ (await rollup(CITY)).congress.name, ids.jiangbei.name ])
  // one of the town's projects of the year, to its page
  const projects = (await apiCall(anon, 'GET', `/congresses/${ids.chengguan.id}/projects?year=${DEMO_YEAR}`)).body.items
  assert.ok(projects.length > 0, 'the town has projects this year')
  const red = projects.find((p) => p.light === 'red') ?? projects[0]
  await page.locator('[data-test=rollup-project]', { hasText: red.title }).click()
  await page.waitForURL(new RegExp(`/projects/${red.id}$`))
  await page.locator('h1', { hasText: red.title }).waitFor()

  // back, and up the breadcrumb: the district, then the city
  await page.goBack()
  await page.waitForURL(dash(ids.chengguan.id))
  await page.locator(`[data-test=crumb-${ids.jiangbei.id}]`).click()
  await page.waitForURL(dash(ids.jiangbei.id))
  await page.locator('[data-test=rollup-name]', { hasText: ids.jiangbei.name }).waitFor()
  await page.locator(`[data-test=crumb-${CITY}]`).click()
  await page.waitForURL(dash(CITY))
  await assertFigures(page, await rollup(CITY))
  // the table's link drills down too (by keyboard as well as by mouse)
  await page.locator(`[data-test=rollup-child-${ids.jiangnan.id}]`).focus()
  await page.keyboard.press('Enter')
  await page.waitForURL(dash(ids.jiangnan.id))
  await assertFigures(page, await rollup(ids.jiangnan.id))
  assertClean(page)
  await page.context().close()
})

test('the XLSX link answers the spreadsheet', async () => {
  const page = await newPage(browser, DESKTOP)
  await page.goto(`${server.url}/congress/${ids.jiangbei.id}/dashboard${Q}`)
  const href = await page.locator('[data-test=rollup-xlsx]').getAttribute('href')
  assert.equal(href, `/api/v1/congresses/${ids.jiangbei.id}/rollup.xlsx?year=${DEMO_YEAR}`)
  const res = await page.request.get(server.url + href)
  assert.equal(res.status(), 200)
  assert.equal(res.headers()['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  const body = await res.body()
  assert.equal(body.subarray(0, 2).toString(), 'PK', 'a zip file (XLSX)')
  assertClean(page)
  await page.context().close()
})

/** The big screen shows the API's roll-up r: its figures, and a tile for its own and each congress below with its lights. */
async function assertScreen(screen, r) {
  const f = r.congress.total
  await screen.locator('[data-test=screen-name]', { hasText: r.congress.name }).waitFor()
  await screen.locator('[data-test=screen-projects]', { hasText: new RegExp(`^${f.projects}$`) }).waitFor()
  assert.equal(await screen.locator('header.ms-header').count(), 0, 'no site chrome on the big screen')
  for (const l of ['green', 'yellow', 'red', 'blue']) assert.equal(await text(screen, `[data-test=screen-${l}]`), String(f[l]), l)
  assert.equal(await text(screen, '[data-test=screen-demands]'), String(f.demands))
  assert.equal(await text(screen, '[data-test=screen-cases]'), String(f.cases))
  assert.equal(await text(screen, '[data-test=screen-cases-overdue]'), `超期 ${f.cases_overdue} 件`)
  for (const k of ['response', 'resolution', 'satisfaction']) {
    assert.equal(await text(screen, `[data-test=screen-${k}]`), f[k].den ? pct(f[k].value) : '—', k)
    assert.equal(await text(screen, `[data-test=screen-${k}-frac]`), f[k].den ? `${f[k].num}/${f[k].den}` : '暂无数据', k)
  }
  assert.equal(await text(screen, '[data-test=screen-tasks]'), String(f.tasks_open))
  // the donuts' legends: every light and verdict with its number, in words
  const VERDICTS = ['satisfied', 'basic', 'dissatisfied', 'no_verdict', 'unevaluated']
  for (const k of VERDICTS) assert.equal(await text(screen, `[data-test=screen-${k}]`), String(f[k]), k)
  // the four charts: drawn on a canvas of a wall's size, each described with the API's figures
  for (const c of ['lights', 'verdicts', 'rates', 'volumes']) {
    const chart = screen.locator(`[data-test=screen-chart-${c}]`)
    await chart.locator('canvas').waitFor()
    const box = await chart.boundingBox()
    assert.ok(box.width >= 250 && box.height >= 200, `chart ${c} is ${box.width}×${box.height}`)
    const inked = await chart.locator('canvas').first().evaluate((cv) => {
      const d = cv.getContext('2d').getImageData(0, 0, cv.width, cv.height).data
      let n = 0
      for (let i = 3; i < d.length; i += 4) if (d[i]) n++
      return n
    })
    assert.ok(inked > 2000, `chart ${c} has something drawn (${inked} pixels)`)
  }
  const desc = async (c) => (await screen.locator(`[data-test=screen-chart-${c}]`).getAttribute('aria-label')) ?? ''
  const lights = await desc('lights')
  assert.ok(lights.includes(`共${f.green + f.yellow + f.red + f.blue}个项目：绿灯 ${f.green}，黄灯 ${f.yellow}，红灯 ${f.red}，蓝灯 ${f.blue}`), lights)
  const verdicts = await desc('verdicts')
  assert.ok(verdicts.includes(`满意 ${f.satisfied}，基本满意 ${f.basic}，不满意 ${f.dissatisfied}，未达表决要求 ${f.no_verdict}，尚未测评 ${f.unevaluated}`), verdicts)
  const rates = await desc('rates')
  const volumes = await desc('volumes')
  assert.ok(rates.includes(`${r.congress.name}（本级）：${ratesSaid(r.congress.own)}`), rates)
  for (const c of r.children) {
    assert.ok(rates.includes(`${c.name}：${ratesSaid(c.total)}`), `${c.name}: ${rates}`)
    assert.ok(volumes.includes(`${c.name}：群众意见 ${c.total.demands}，交办件 ${c.total.cases}，已超期 ${c.total.cases_overdue}`), `${c.name}: ${volumes}`)
  }
  // the tiles: this level's own, then each congress right under it with its lights
  const own = screen.locator('[data-test=screen-own]')
  assert.equal(await text(own, '[data-test=tile-projects]'), String(r.congress.own.projects))
  const tiles = screen.locator('[data-test=screen-child]')
  assert.equal(await tiles.count(), r.children.length)
  for (const [i, c] of r.children.entries()) {
    const tile = tiles.nth(i)
    assert.equal(await tile.getAttribute('data-id'), String(c.id))
    assert.equal(await text(tile, '[data-test=tile-projects]'), String(c.total.projects), c.name)
    for (const l of ['green', 'yellow', 'red', 'blue']) {
      assert.equal(await tile.locator(`[data-test=tile-${l}]`).getAttribute('data-n'), String(c.total[l]), `${c.name} ${l}`)
      assert.match(await text(tile, `[data-test=tile-${l}]`), new RegExp(`^[绿黄红蓝]灯 ${c.total[l]}$`), 'the light in words, not colour alone')
    }
  }
}

test('the big screen at 1920×1080: the figures large, four charts drawn and described, a tile per congress below, asked again after a minute', async () => {
  const page = await newPage(browser, DESKTOP)
  await page.goto(`${server.url}/congress/${CITY}/dashboard${Q}`)
  const href = await page.locator('[data-test=rollup-screen]').getAttribute('href')
  assert.equal(href, `/congress/${CITY}/screen${Q}`)
  assert.equal(await page.locator('[data-test=rollup-screen]').getAttribute('target'), '_blank')
  await page.context().close()

  const screen = await newPage(browser, SCREEN)
  await screen.clock.install()
  let asked = 0
  screen.on('request', (q) => {
    if (q.url().includes(`/api/v1/congresses/${CITY}/rollup`)) asked++
  })
  await screen.goto(server.url + href)
  const r = await rollup(CITY)
  const f = r.congress.total
  await assertScreen(screen, r)
  // everything on the projector's one screen, nothing sideways
  const { sw, sh } = await screen.evaluate(() => {
    const s = document.querySelector('[data-test=rollup-screen]')
    return { sw: s.scrollWidth, sh: s.scrollHeight }
  })
  assert.ok(sw <= SCREEN.width && sh <= SCREEN.height, `the screen's content is ${sw}×${sh}`)
  await checkA11y(screen, 'the big screen')
  await screenshot(screen, 'rollup-screen')

  // a resident's demand to a town; a minute later the screen has it
  const before = asked
  const made = await apiCall(anon, 'POST', '/demands', { congress_id: ids.chengguan.id, title: '大屏刷新测试', text: '路口的路灯不亮，请尽快修复。', litigation: false })
  assert.equal(made.status, 201, JSON.stringify(made.body))
  await screen.clock.fastForward(30_000)
  await screen.waitForTimeout(300)
  assert.equal(asked, before, 'not asked again before the minute is up')
  assert.equal(await text(screen, '[data-test=screen-demands]'), String(f.demands))
  const now = (await rollup(CITY)).congress.total.demands
  if (DEMO_YEAR === YEAR) assert.equal(now, f.demands + 1, 'the demand counts this year')
  await screen.clock.fastForward(30_000)
  await screen.locator('[data-test=screen-demands]', { hasText: new RegExp(`^${now}$`) }).waitFor()
  await screen.waitForTimeout(300)
  assert.equal(asked, before + 1, 'asked again once')
  // a district's tile opens the district's screen: its towns and street as tiles
  await screen.locator(`[data-test=screen-child][data-id="${ids.jiangbei.id}"] h3 a`).click()
  await screen.waitForURL(new RegExp(`/congress/${ids.jiangbei.id}/screen${Q.replace('?', '\\?')}$`))
  const jb = await rollup(ids.jiangbei.id)
  assert.ok(jb.children.some((c) => c.total.red !== c.total.yellow), 'a tile where red and yellow differ')
  await assertScreen(screen, jb)
  await checkA11y(screen, 'the district’s big screen')
  assertClean(screen)
  await screen.context().close()
})

test('the administrator adds a street’s residents’ council under a district, the districts its only possible parents', async () => {
  const page = await newPage(browser, DESKTOP)
  await login(page, server.url, 'admin', 'admin-demo')
  await page.goto(server.url + '/admin/congresses')
  const all = (await apiCall(page, 'GET', '/congresses?per_page=200')).body.items
  const districts = all.filter((c) => c.level === 'district').map((c) => c.name).sort()
  assert.equal(districts.length, 3)
  // the demo's street, with its level in words
  await page.locator('[data-test=congresses] .el-table__row', { hasText: ids.dongmen.name }).filter({ hasText: '街道（居民议事会）' }).first().waitFor()
  await field(page, 'congress-name').fill('江州市江南区南门街道居民议事会')
  await field(page, 'congress-name-en').fill("Nanmen Street Residents' Council")
  await page.locator('[data-test=level-street]').click()
  await page.locator('[data-test=congress-parent]').click()
  await page.locator('.el-select-dropdown__item:visible').first().waitFor()
  const offered = (await page.locator('.el-select-dropdown__item:visible').allInnerTexts()).map((s) => s.trim()).sort()
  assert.deepEqual(offered, districts, 'a street sits under a district')
  await page.locator('.el-select-dropdown__item:visible', { hasText: ids.jiangnan.name }).click()
  await dropdownsClosed(page)
  await page.locator('[data-test=congress-submit]').click()
  await page.locator('[data-test=congresses] .el-table__row', { hasText: '南门街道居民议事会' }).waitFor()
  const street = (await apiCall(page, 'GET', '/congresses?q=南门街道')).body.items[0]
  assert.equal(street.level, 'street')
  assert.equal(street.parent_id, ids.jiangnan.id)
  assert.match(await page.locator('[data-test=congresses] .el-table__row', { hasText: '南门街道居民议事会' }).innerText(), /街道（居民议事会）[\s\S]*江州市江南区人民代表大会/)
  // a town likewise: the districts
  await page.locator('[data-test=level-town]').click()
  await page.locator('[data-test=congress-parent]').click()
  await page.locator('.el-select-dropdown__item:visible').first().waitFor()
  assert.deepEqual((await page.locator('.el-select-dropdown__item:visible').allInnerTexts()).map((s) => s.trim()).sort(), districts)
  await page.keyboard.press('Escape')
  await dropdownsClosed(page)
  // the new council is under 江南区 in its roll-up, and its name links to its overview
  assert.ok((await rollup(ids.jiangnan.id)).children.some((c) => c.id === street.id))
  await page.locator(`[data-test=congress-dashboard-${street.id}]`).click()
  await page.waitForURL(new RegExp(`/congress/${street.id}/dashboard$`))
  await page.locator('[data-test=rollup-name]', { hasText: '南门街道居民议事会' }).waitFor()
  assert.deepEqual(await page.locator('[data-test=rollup-crumbs] li a').allInnerTexts(), [(await rollup(CITY)).congress.name, ids.jiangnan.name])
  await checkA11y(page, 'a new street’s overview')
  assertClean(page)
  await page.context().close()
})

test('audit log: clerk_jb picks 城关镇 among its own congress and those below; clerk_cg has only its own', async () => {
  const page = await newPage(browser, DESKTOP)
  await login(page, server.url, 'clerk_jb', 'clerk-demo')
  // the workspace links to the district's overview
  await page.goto(server.url + '/clerk')
  await page.locator('[data-test=nav-rollup]').click()
  await page.waitForURL(new RegExp(`/congress/${ids.jiangbei.id}/dashboard$`))
  await page.locator('[data-test=rollup-name]', { hasText: ids.jiangbei.name }).waitFor()

  await page.goto(server.url + '/clerk')
  await page.locator('[data-test=nav-audit]').click()
  await page.waitForURL(/\/clerk\/audit$/)
  const own = (await apiCall(page, 'GET', '/audit?per_page=20')).body
  await page.locator('[data-test=audit-total]', { hasText: `共 ${own.total} 条记录` }).waitFor()
  const scope = (await rollup(ids.jiangbei.id)).congresses
  assert.equal(scope.length, 4)
  await page.locator('[data-test=audit-scope]').click()
  await page.locator('.el-select-dropdown__item:visible').first().waitFor()
  const offered = (await page.locator('.el-select-dropdown__item:visible').allInnerTexts()).map((s) => s.trim())
  assert.deepEqual(offered, scope.map((c) => c.name), 'its own congress, then those below it')
  await page.locator('.el-select-dropdown__item:visible', { hasText: ids.chengguan.name }).click()
  await dropdownsClosed(page)
  const town = (await apiCall(page, 'GET', `/audit?congress_id=${ids.chengguan.id}&per_page=20`)).body
  assert.ok(town.total > 0 && town.total !== own.total, `the town has entries of its own: ${town.total}`)
  await page.locator('[data-test=audit-total]', { hasText: `共 ${town.total} 条记录` }).waitFor()
  const rows = page.locator('[data-test=audit] .el-table__body .el-table__row')
  await page.waitForFunction((n) => document.querySelectorAll('[data-test=audit] .el-table__body .el-table__row').length === n, town.items.length)
  const texts = await rows.allInnerTexts()
  for (const [i, e] of town.items.entries()) {
    assert.ok(texts[i].includes(e.action) && texts[i].includes(e.object), `row ${i}: ${texts[i]} is ${e.action} ${e.object}`)
  }
  // the action filter keeps the congress chosen
  await field(page, 'audit-action').fill('project')
  await page.locator('[data-test=audit-apply]').click()
  const projects = (await apiCall(page, 'GET', `/audit?congress_id=${ids.chengguan.id}&action=project`)).body
  assert.ok(projects.total > 0 && projects.total < town.total)
  await page.locator('[data-test=audit-total]', { hasText: `共 ${projects.total} 条记录` }).waitFor()
  await checkA11y(page, 'the audit log of a town, for the district’s clerk')
  await screenshot(page, 'rollup-audit-scope')
  assertClean(page)
  await page.context().close()

  const cg = await newPage(browser, DESKTOP)
  await login(cg, server.url, 'clerk_cg', 'clerk-demo')
  await cg.goto(server.url + '/clerk/audit')
  const mine = (await apiCall(cg, 'GET', '/audit?per_page=20')).body
  await cg.locator('[data-test=audit-total]', { hasText: `共 ${mine.total} 条记录` }).waitFor()
  await cg.locator('[data-test=audit-scope]').click()
  await cg.locator('.el-select-dropdown__item:visible').first().waitFor()
  assert.deepEqual((await cg.locator('.el-select-dropdown__item:visible').allInnerTexts()).map((s) => s.trim()), [ids.chengguan.name])
  await cg.keyboard.press('Escape')
  await dropdownsClosed(cg)
  assertClean(cg)
  assert.equal((await apiCall(cg, 'GET', `/audit?congress_id=${ids.jiangbei.id}`)).status, 403, 'not the district above it')
  await cg.context().close()
})
