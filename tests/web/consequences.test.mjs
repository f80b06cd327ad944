// The year-end evaluation's consequences (测评后续整改) in a real browser, on
// the demo congress. Set up through the API: a 2024 round votes and enters
// 实施 with two projects (the roads one led by the housing bureau, unit01),
// then 评议. The clerk opens 测评后续整改 from the workspace and sets the
// consequence rules in the form — a rectification without its deadline is
// refused in the server's words naming the rule's number — and reads them
// back in the server's words. An evaluation with a weighted composite (a
// survey entered for the roads project) is then set up, rated by three
// deputies under a scrutineer and closed through the API (the roads project
// dissatisfied, the river one basically satisfied), which makes the
// consequences. The clerk's list shows them with their states, filters them
// by state and unit on the server, and records the talk (约谈) in its dialog:
// a day after today refused under its field, then today; the talk is done.
// The public project page shows the verdicts with their tallies, a link to
// the evaluation's result, the weighted composite's score beside it, and the
// public consequences with their state — not the talk, which is not public. The housing bureau's workspace lists its
// consequences, the talk too. axe finds nothing serious on any of them.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startWithClerk, stopAll, apiOk as ok, newPage, field, checkA11y, login, apiCall, finishPage, dropdownsClosed, screenshot, DESKTOP } from './harness.mjs'
import { prepare, fetchShares, session, deputyIds } from './scrutineers.mjs'

const YEAR = 2024
const CANDS = {
  roads: { title: '背街小巷路面整治', title_en: 'Back-lane paving', category: '交通', cost: 2000000, unit: '江州市住房和城乡建设局', location: '老城区' },
  river: { title: '滨江步道照明提升', title_en: 'Riverside walk lighting', category: '环境', cost: 1000000, unit: '江州市交通运输局', location: '滨江区' },
  other: { title: '社区助餐点建设', title_en: 'Community meal points', category: '养老', cost: 800000, unit: '江州市民政局', location: '全市' },
}
const TALK = '约谈市住房和城乡建设局分管负责人，明确 30 日内完成整改（浏览器测试）'
/** China's date n days from today. */
const day = (n) => new Date(Date.now() + 8 * 3600e3 + n * 86400e3).toISOString().slice(0, 10)

let server
let browser
let clerk // the clerk's page
let cycle
let cand = {}
let roads
let river
let evaluation

async function call(s, method, path, body, status = 200) {
  const r = await s.call(method, path, body)
  assert.equal(r.status, status, `${s.login} ${method} ${path}: ${JSON.stringify(r.body)}`)
  return r.body
}
/** Choose an option of the Element Plus select marked data-test=NAME inside `scope`. */
async function choose(page, scope, name, text) {
  await scope.locator(`[data-test=${name}]`).click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).click()
  await dropdownsClosed(page)
}
/** The input of the Element Plus input marked data-test=NAME inside `scope`. */
function input(scope, name) {
  return scope.locator(`input[data-test=${name}], [data-test=${name}] input`).first()
}

before(async () => ({ server, browser, clerk } = await startWithClerk()))
after(() => stopAll({ browser, server }))

test('set-up through the API: a 2024 round voted, two projects, the round in 评议', async () => {
  await ok(clerk, 'PUT', '/congresses/1/consequence-rules', { rules: [] }) // the demo's rules withdrawn: the clerk sets new ones
  const us = await ok(clerk, 'GET', '/congresses/1/units?per_page=200')
  const units = Object.fromEntries(us.items.map((u) => [u.name, u.id]))
  cycle = await ok(clerk, 'POST', '/congresses/1/cycles', { year: YEAR, title: `${YEAR}年江州市民生实事项目`, title_en: `Jiangzhou livelihood projects ${YEAR}` }, 201)
  for (const [k, c] of Object.entries(CANDS)) {
    assert.ok(units[c.unit], 'demo unit ' + c.unit)
    const { unit, ...rest } = c
    cand[k] = await ok(clerk, 'POST', `/cycles/${cycle.id}/candidates`, { ...rest, unit_id: units[unit] }, 201)
  }
  await ok(clerk, 'POST', `/cycles/${cycle.id}/phase`, { phase: 'compile' })
  await ok(clerk, 'POST', `/cycles/${cycle.id}/phase`, { phase: 'vote' })
  const [scrutineer] = await deputyIds((m, p) => apiCall(clerk, m, p), ['deputy05'])
  const poll = await ok(clerk, 'POST', `/cycles/${cycle.id}/polls`, {
    title: `${YEAR}年民生实事项目票决`, slots: 2, candidate_ids: [cand.roads.id, cand.river.id, cand.other.id],
    threshold_base: 'cast', scrutineer_ids: [scrutineer],
  }, 201)
  const all = await ok(clerk, 'GET', '/congresses/1/deputies?per_page=200')
  await ok(clerk, 'POST', `/polls/${poll.id}/checkin`, { deputy_ids: all.items.map((d) => d.id) })
  const held = await prepare(server.url, poll.id, ['deputy05'])
  await ok(clerk, 'POST', `/polls/${poll.id}/open`)
  const shares = await fetchShares(poll.id, held)
  for (let i = 1; i <= 3; i++) {
    const d = await session(server.url, `deputy0${i}`, 'deputy-demo')
    await call(d, 'POST', `/polls/${poll.id}/ballot`, { choices: [cand.roads.id, cand.river.id] }, 201)
  }
  await ok(clerk, 'POST', `/polls/${poll.id}/close`, { shares })
  await ok(clerk, 'POST', `/cycles/${cycle.id}/phase`, { phase: 'implement' })
  const ps = (await ok(clerk, 'GET', `/cycles/${cycle.id}/projects`)).items
  roads = ps.find((p) => p.candidate_id === cand.roads.id)
  river = ps.find((p) => p.candidate_id === cand.river.id)
  assert.ok(roads && river && ps.length === 2)
  await ok(clerk, 'POST', `/cycles/${cycle.id}/phase`, { phase: 'evaluate' })
})

test('the clerk sets the consequence rules: a refusal names the rule, then the rules in the server’s words', async () => {
  await clerk.goto(server.url + '/clerk')
  await clerk.locator('[data-test=nav-consequences]').click()
  await clerk.waitForURL(/\/clerk\/consequences$/)
  await clerk.getByRole('heading', { name: '测评后续整改' }).waitFor()
  await clerk.locator('[data-test=cq-words]', { hasText: '测评结果不引起后续措施' }).waitFor()
  const rules = clerk.locator('[data-test=cq-rule]')
  // rule 1: rectification (the default) of a dissatisfied project, first without its deadline
  await clerk.locator('[data-test=cq-rule-add]').click()
  await input(rules.nth(0), 'cq-rule-days').fill('0')
  await clerk.locator('[data-test=cq-rules-save]').click()
  const err = clerk.locator('[data-test=cq-rules-error]')
  await err.waitFor()
  assert.match(await err.innerText(), /第 1 条规则：限期整改和重新报告须设期限/)
  assert.equal((await ok(clerk, 'GET', '/congresses/1/consequence-rules')).rules.length, 0, 'nothing saved')
  await input(rules.nth(0), 'cq-rule-days').fill('10')
  // rule 2: a talk with the unit head, not public
  await clerk.locator('[data-test=cq-rule-add]').click()
  await choose(clerk, rules.nth(1), 'cq-rule-kind', '约谈单位负责人')
  await rules.nth(1).locator('[data-test=cq-rule-public]').click()
  // rule 3: a penalty of 3 points
  await clerk.locator('[data-test=cq-rule-add]').click()
  await choose(clerk, rules.nth(2), 'cq-rule-kind', '考核扣分')
  await input(rules.nth(2), 'cq-rule-points').fill('3')
  // rule 4: a basically satisfied project reports again within 20 working days
  await clerk.locator('[data-test=cq-rule-add]').click()
  await choose(clerk, rules.nth(3), 'cq-rule-verdict', '基本满意')
  await choose(clerk, rules.nth(3), 'cq-rule-kind', '重新报告')
  await input(rules.nth(3), 'cq-rule-days').fill('20')
  await clerk.locator('[data-test=cq-rules-save]').click()
  const words = clerk.locator('[data-test=cq-words]')
  await words.filter({ hasText: '10 个工作日内完成整改' }).waitFor()
  assert.equal(await err.count(), 0, 'the refusal is gone')
  const got = await ok(clerk, 'GET', '/congresses/1/consequence-rules')
  const key = (r) => `${r.verdict}:${r.kind}`
  assert.deepEqual([...got.rules].sort((a, b) => key(a).localeCompare(key(b))), [
    { verdict: 'dissatisfied', kind: 'rectify', days: 10, points: 0, public: true },
    { verdict: 'dissatisfied', kind: 'talk', days: 0, points: 0, public: false },
    { verdict: 'dissatisfied', kind: 'penalty', days: 0, points: 3, public: true },
    { verdict: 'basic', kind: 'rereport', days: 20, points: 0, public: true },
  ].sort((a, b) => key(a).localeCompare(key(b))))
  assert.equal((await words.innerText()).replace(/^规则全文：\s*/, '').trim(), got.words.zh, 'the page shows the server’s words')
  assert.match(got.words.zh, /约谈承办单位负责人（不公开）/)
  assert.match(got.words.zh, /扣 3 分/)
  await clerk.reload()
  await words.filter({ hasText: '20 个工作日内重新报告' }).waitFor()
  assert.equal(await rules.count(), 4, 'the form reads the rules back')
  await checkA11y(clerk, 'the clerk’s consequence rules')
  await screenshot(clerk, 'consequences-rules')
})

test('an evaluation through the API: rated by three deputies and closed — roads dissatisfied, river basically satisfied', async () => {
  const composite = { components: [{ name: '公众满意度调查', name_en: 'Public survey', weight: 60, source: 'survey' }, { name: '代表测评', name_en: 'Deputies', weight: 40, source: 'deputies' }] }
  const ev = await ok(clerk, 'POST', `/cycles/${cycle.id}/evaluations`, { threshold_base: 'cast', composite }, 201)
  evaluation = ev.poll
  const eid = evaluation.id
  const [scrutineer] = await deputyIds((m, p) => apiCall(clerk, m, p), ['deputy05'])
  await ok(clerk, 'PUT', `/polls/${eid}/scrutineers`, { scrutineer_ids: [scrutineer] })
  const held = await prepare(server.url, eid, ['deputy05'])
  const all = await ok(clerk, 'GET', '/congresses/1/deputies?per_page=200')
  await ok(clerk, 'POST', `/polls/${eid}/checkin`, { deputy_ids: all.items.map((d) => d.id) })
  await ok(clerk, 'POST', `/polls/${eid}/open`)
  const shares = await fetchShares(eid, held)
  const R = String(cand.roads.id)
  const V = String(cand.river.id)
  const ballots = [
    { [R]: 'dissatisfied', [V]: 'satisfied' },
    { [R]: 'dissatisfied', [V]: 'basic' },
    { [R]: 'basic', [V]: 'basic' },
  ]
  for (const [i, ratings] of ballots.entries()) {
    const d = await session(server.url, `deputy0${i + 1}`, 'deputy-demo')
    await call(d, 'POST', `/polls/${eid}/ballot`, { ratings }, 201)
  }
  const res = await ok(clerk, 'POST', `/evaluations/${eid}/close`, { shares })
  await ok(clerk, 'PUT', `/evaluations/${eid}/survey`, { project_id: roads.id, component: 0, satisfied: 20, basic: 30, dissatisfied: 50 })
  const verdict = Object.fromEntries(res.candidates.map((c) => [c.project_id, c.verdict]))
  assert.deepEqual(verdict, { [roads.id]: 'dissatisfied', [river.id]: 'basic' })
  const cqs = (await ok(clerk, 'GET', '/congresses/1/consequences?per_page=200')).items
  assert.deepEqual(cqs.map((c) => `${c.project_id}:${c.kind}`).sort(), [`${roads.id}:penalty`, `${roads.id}:rectify`, `${roads.id}:talk`, `${river.id}:rereport`].sort())
})

test('the clerk’s list: the states, the filters on the server, and 登记约谈 (a future day refused, then today)', async () => {
  const asked = []
  clerk.on('request', (r) => {
    if (/\/api\/v1\/congresses\/1\/consequences\?/.test(r.url())) asked.push(new URL(r.url()).searchParams)
  })
  await clerk.reload()
  const table = clerk.locator('[data-test=cq-table]')
  const rows = table.locator('.el-table__row')
  const count = clerk.locator('[data-test=cq-count]')
  await count.filter({ hasText: '共 4 项' }).waitFor()
  const row = (kind) => rows.filter({ has: clerk.locator('[data-test=cq-kind]', { hasText: kind }) })
  assert.equal((await row('考核扣分').locator('[data-test=cq-state]').innerText()).trim(), '已执行')
  assert.equal((await row('限期整改').locator('[data-test=cq-state]').innerText()).trim(), '待落实')
  assert.equal((await row('约谈单位负责人').locator('[data-test=cq-state]').innerText()).trim(), '待落实')
  assert.match(await row('约谈单位负责人').innerText(), /不公开/)
  const cqs = (await ok(clerk, 'GET', '/congresses/1/consequences?per_page=200')).items
  const rect = cqs.find((c) => c.kind === 'rectify')
  assert.match(await row('限期整改').innerText(), new RegExp(`${rect.due_on} 前完成`), 'the rectification’s deadline is the API’s')

  await choose(clerk, clerk, 'cq-filter-state', '已执行')
  await count.filter({ hasText: '共 1 项' }).waitFor()
  assert.ok(asked.some((q) => q.get('state') === 'applied'), 'the state is asked of the server')
  await choose(clerk, clerk, 'cq-filter-state', '全部落实情况')
  await count.filter({ hasText: '共 4 项' }).waitFor()
  await choose(clerk, clerk, 'cq-filter-unit', '江州市交通运输局')
  await count.filter({ hasText: '共 1 项' }).waitFor()
  await row('重新报告').waitFor()
  assert.ok(asked.some((q) => q.get('unit_id') === String(river.lead_unit_id)), 'the unit is asked of the server')
  await choose(clerk, clerk, 'cq-filter-unit', '全部承办单位')
  await count.filter({ hasText: '共 4 项' }).waitFor()

  // the talk: only its row offers 登记约谈
  assert.equal(await table.locator('[data-test=cq-talk]').count(), 1)
  await row('约谈单位负责人').locator('[data-test=cq-talk]').click()
  const dialog = clerk.locator('[data-test=talk-dialog]')
  await dialog.waitFor()
  await field(clerk, 'talk-on').fill(day(3))
  await field(clerk, 'talk-note').fill(TALK)
  await dialog.locator('[data-test=talk-save]').click()
  const onErr = dialog.locator('.el-form-item', { has: clerk.locator('[data-test=talk-on]') }).locator('.el-form-item__error')
  await onErr.waitFor()
  assert.match(await onErr.innerText(), /不能晚于今天/)
  await checkA11y(clerk, 'the talk dialog with its refusal')
  await field(clerk, 'talk-on').fill(day(0))
  await dialog.locator('[data-test=talk-save]').click()
  await dialog.waitFor({ state: 'hidden' })
  await row('约谈单位负责人').locator('[data-test=cq-state]', { hasText: '已落实' }).waitFor()
  assert.match(await row('约谈单位负责人').innerText(), new RegExp(`${day(0)} 落实`))
  assert.equal(await table.locator('[data-test=cq-talk]').count(), 0, 'a recorded talk is not recorded again')
  const talk = (await ok(clerk, 'GET', `/projects/${roads.id}/consequences`)).items.find((c) => c.kind === 'talk')
  assert.equal(talk.state, 'done')
  assert.equal(talk.done_on, day(0))
  assert.equal(talk.note, TALK)
  await finishPage(clerk, 'consequences-clerk')
})

test('the public project page: the verdict with its tallies, the link to the result, the public consequences', async () => {
  const page = await newPage(browser, DESKTOP)
  await page.goto(`${server.url}/projects/${roads.id}`)
  const block = page.locator('[data-test=section-evaluation]')
  await block.getByRole('heading', { name: '满意度测评' }).waitFor()
  const v = block.locator('[data-test=verdict]')
  await v.waitFor()
  assert.equal(await v.count(), 1)
  assert.equal((await v.locator('[data-test=verdict-tag]').innerText()).trim(), '不满意')
  const api = (await apiCall(page, 'GET', `/projects/${roads.id}/verdicts`)).body.items[0]
  for (const k of ['satisfied', 'basic', 'dissatisfied', 'abstain'])
    assert.equal(Number(await v.locator(`[data-test=tally-${k}]`).innerText()), api[k], k)
  assert.deepEqual([api.satisfied, api.basic, api.dissatisfied], [0, 1, 2])
  assert.equal(await v.locator('[data-test=verdict-link]').getAttribute('href'), `/evaluations/${evaluation.id}/result`)
  // the weighted composite beside the deputies' verdict, as the API scores it
  const comp = (await apiCall(page, 'GET', `/evaluations/${evaluation.id}/composite`)).body.projects.find((p) => p.project_id === roads.id)
  assert.ok(comp.score_decimal, 'the composite has a score')
  const compText = await v.locator('[data-test=verdict-composite]').innerText()
  assert.match(compText, new RegExp(`综合测评得分 ${comp.score_decimal.replace('.', '\\.')} 分`))
  assert.match(compText, new RegExp({ satisfied: '满意', basic: '基本满意', dissatisfied: '不满意' }[comp.verdict]))
  const cqs = block.locator('[data-test=project-cq]')
  await cqs.first().waitFor()
  const kinds = (await cqs.locator('[data-test=cq-kind]').allInnerTexts()).map((s) => s.trim()).sort()
  assert.deepEqual(kinds, ['考核扣分', '限期整改'].sort(), 'the talk is not public')
  const rect = cqs.filter({ hasText: '限期整改' })
  assert.equal((await rect.locator('[data-test=cq-state]').innerText()).trim(), '待落实')
  assert.equal((await cqs.filter({ hasText: '考核扣分' }).locator('[data-test=cq-state]').innerText()).trim(), '已执行')
  assert.doesNotMatch(await block.innerText(), /约谈/)
  await checkA11y(page, 'the project page’s evaluation block')
  // the river project: basically satisfied, its re-report to do
  await page.goto(`${server.url}/projects/${river.id}`)
  await block.locator('[data-test=verdict-tag]', { hasText: '基本满意' }).waitFor()
  await block.locator('[data-test=project-cq]', { hasText: '重新报告' }).locator('[data-test=cq-state]', { hasText: '待落实' }).waitFor()
  // in English
  await page.locator('[data-test=lang]').click()
  await block.getByRole('heading', { name: 'Satisfaction evaluation' }).waitFor()
  await block.locator('[data-test=verdict-tag]', { hasText: 'Basically satisfied' }).waitFor()
  await checkA11y(page, 'the project page’s evaluation block in English')
  await page.locator('[data-test=lang]').click()
  await block.getByRole('heading', { name: '满意度测评' }).waitFor()
  await finishPage(page, 'consequences-project')
})

test('the housing bureau’s workspace lists its consequences, the talk too', async () => {
  const page = await newPage(browser, { width: 390, height: 844 })
  await login(page, server.url, 'unit01', 'unit-demo')
  await page.waitForURL(/\/unit$/)
  const sec = page.locator('[data-test=unit-cq]')
  await sec.getByRole('heading', { name: '测评后续整改事项' }).waitFor()
  const items = sec.locator('[data-test=unit-cq-item]')
  await items.first().waitFor()
  const kinds = (await items.locator('[data-test=cq-kind]').allInnerTexts()).map((s) => s.trim()).sort()
  assert.deepEqual(kinds, ['约谈单位负责人', '考核扣分', '限期整改'].sort())
  const rect = items.filter({ hasText: '限期整改' })
  assert.equal((await rect.locator('[data-test=cq-state]').innerText()).trim(), '待落实')
  await rect.locator('[data-test=cq-task]').waitFor()
  assert.equal((await items.filter({ hasText: '约谈单位负责人' }).locator('[data-test=cq-state]').innerText()).trim(), '已落实')
  assert.equal(await items.filter({ hasText: '重新报告' }).count(), 0, 'another unit’s consequence is not listed')
  // the rounds below still show the vote's outcome: the evaluation is a poll of the round, but no selection poll
  await page.locator('[data-test=unit-projects] .el-table__row', { hasText: CANDS.roads.title }).locator('[data-test=unit-outcome]').waitFor()
  assert.deepEqual(await page.locator('[role=alert]').allInnerTexts(), [], 'no part of the workspace failed (the evaluation is no selection poll)')
  await finishPage(page, 'consequences-unit')
})
