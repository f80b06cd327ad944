// The unit assessment's league table (承办单位考核排名, "赛马", issue 14) in a
// real browser, on the demo congress (its round of 2026 under delivery:
// plans published, reports, one project accepted, one red): the public page
// shows the table the API computes — every unit, its rank, exact score on
// hover, class, the components as num/den or 暂无数据 — the bar chart (SVG),
// the red and black lists, the rule in words and each component's
// definition; it switches to a month; axe finds nothing serious on a desktop
// and a phone, which does not scroll sideways. The housing bureau (unit01)
// sees its own assessment and the records behind it, axe clean too.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, apiCall, login, finishPage, DESKTOP } from './harness.mjs'

let server
let browser

before(async () => {
  server = await startServer()
  browser = await launch()
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

test('the public league table shows the API’s table, the chart, the lists and the rule; axe clean', async () => {
  const page = await newPage(browser, DESKTOP)
  await page.goto(server.url + '/assessment/1')
  await page.locator('[data-test=league] .el-table__body tr').first().waitFor()
  const period = await page.locator('[data-test=period]').innerText()
  const year = Number((period.match(/(\d{4})-01-01/) ?? [])[1])
  assert.ok(year >= 2000, 'a year is chosen: ' + year)
  const api = (await apiCall(page, 'GET', `/congresses/1/assessment?year=${year}`)).body
  assert.ok(api.units.length > 0 && api.scored > 0, 'the demo congress has units with a score in ' + year)
  const rows = await page.locator('[data-test=league] .el-table__body tr').allInnerTexts()
  assert.equal(rows.length, api.units.length, 'one row a unit')
  api.units.forEach((u, i) => {
    const cells = rows[i].split(/\t|\n/).map((s) => s.trim()).filter(Boolean)
    assert.equal(cells[0], u.rank === null ? '—' : String(u.rank), `row ${i}: rank`)
    assert.equal(cells[1], u.name, `row ${i}: unit`)
    assert.ok(rows[i].includes(u.score_decimal ?? '无得分'), `row ${i}: score ${u.score_decimal}`)
    assert.ok(rows[i].includes(u.class_name), `row ${i}: class ${u.class_name}`)
    for (const c of u.components)
      assert.ok(rows[i].includes(c.no_data ? '暂无数据' : `${c.num}/${c.den}`), `row ${i}: ${c.key}`)
  })
  assert.ok(await page.locator('[data-test=score-chart] svg').count(), 'the chart is drawn')
  const red = await page.locator('[data-test=red-list]').innerText()
  const black = await page.locator('[data-test=black-list]').innerText()
  for (const id of api.red_list) assert.ok(red.includes(api.units.find((u) => u.unit_id === id).name), 'red list')
  for (const id of api.black_list) assert.ok(black.includes(api.units.find((u) => u.unit_id === id).name), 'black list')
  const rule = await page.locator('[data-test=rule]').innerText()
  assert.ok(rule.includes(api.settings.words.zh.slice(0, 20)) && rule.includes('群众诉求'), 'the rule in words')
  const xlsx = await page.locator('[data-test=xlsx]').getAttribute('href')
  assert.equal(xlsx, `/api/v1/congresses/1/assessment.xlsx?year=${year}`)
  // a month
  await page.locator('[data-test=month]').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: /^6月$/ }).click()
  await page.locator('[data-test=period]', { hasText: `${year}-06-01` }).waitFor()
  await page.keyboard.press('Escape')
  await finishPage(page, 'assessment-league')
})

test('the unit sees its own assessment and what drove it; axe clean', async () => {
  const page = await newPage(browser, DESKTOP)
  await login(page, server.url, 'unit01', 'unit-demo')
  await page.goto(server.url + '/unit/assessment')
  await page.locator('[data-test=my-score]').waitFor()
  const me = (await apiCall(page, 'GET', '/me')).body.user
  const period = await page.locator('[data-test=my-score] [data-test=period]').innerText()
  const year = Number((period.match(/(\d{4})-01-01/) ?? [])[1])
  const api = (await apiCall(page, 'GET', `/units/${me.unit_id}/assessment?year=${year}`)).body
  const score = await page.locator('[data-test=my-score]').innerText()
  assert.ok(score.includes(api.unit.name) && score.includes(api.unit.class_name), `the unit, its class: ${score} ${JSON.stringify(api.unit)}`)
  const ms = await page.locator('[data-test=milestones] .el-table__body tr').count()
  assert.equal(ms, api.records.on_time.length, 'each milestone behind on_time')
  await finishPage(page, 'assessment-unit')
})
