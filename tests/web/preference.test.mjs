// The public preference poll (群众网络投票) in a real browser, on the demo's
// open poll of the 2027 round (set up while the round compiled). A resident on a phone opens the
// poll from its list, asks for a code by phone (the server runs with the
// spool sender: the message is a file this test reads), types the code,
// picks projects within the budget (the running total and a project that no
// longer fits), votes and is thanked; the page says the result is advice,
// never the congress's decision. The clerk opens 网络投票 from the workspace
// and sees the result with its chart, the new ballot counted. axe-clean.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer, launch, newPage, field, checkA11y, login, apiCall, assertNoOverflow, finishPage, screenshot } from './harness.mjs'

const PHONE = { width: 390, height: 844 }
const spool = mkdtempSync(join(tmpdir(), 'minsheng-spool-'))
let server
let browser
let poll

before(async () => {
  server = await startServer({ serveEnv: { MINSHENG_SENDER: 'spool:' + spool } })
  browser = await launch()
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

test('a resident on a phone gets a code by phone, picks projects within the budget and votes', async () => {
  const page = await newPage(browser, PHONE)
  await page.goto(server.url + '/preference')
  const item = page.locator('[data-test^=pref-item-]').first()
  await item.waitFor()
  await checkA11y(page, 'the preference polls (phone)')
  await item.locator('a').click()
  await page.waitForURL(/\/preference\/\d+$/)
  poll = Number(/\/preference\/(\d+)$/.exec(page.url())[1])
  const advice = await page.locator('[data-test=pref-advice]').first().innerText()
  assert.match(advice, /不是人大的决定/, 'the page says the result is advice')
  await page.locator('[data-test=pref-code-stage]').waitFor()
  await checkA11y(page, 'the preference poll: code entry (phone)')
  await assertNoOverflow(page)

  await field(page, 'pref-phone').fill('139 0000 1234')
  await page.locator('[data-test=pref-send]').click()
  await page.locator('[data-test=pref-sent]').waitFor()
  const files = readdirSync(spool).filter((f) => f.endsWith('.msg'))
  assert.equal(files.length, 1, 'one message spooled')
  const msg = readFileSync(join(spool, files[0]), 'utf8')
  assert.match(msg, /^To: 13900001234\n/)
  const code = /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(msg)[0]

  await field(page, 'pref-code').fill(code)
  await page.locator('[data-test=pref-next]').click()
  await page.locator('[data-test=pref-pick-stage]').waitFor()
  const p = (await apiCall(page, 'GET', `/preference-polls/${poll}`)).body
  const byTitle = Object.fromEntries(p.projects.map((x) => [x.title, x]))
  const want = ['老旧小区加装电梯', '新建公办幼儿园10所', '社区居家养老服务中心']
  for (const t of want) await page.locator(`[data-test=pref-project-${byTitle[t].id}]`).click()
  const total = want.reduce((s, t) => s + byTitle[t].cost, 0)
  const text = (await page.locator('[data-test=pref-total]').innerText()).replace(/,/g, '')
  assert.match(text, /已选 3 个项目/)
  assert.match(text, new RegExp(String(total / 10000)), 'the running total in 万元')
  // the parking spaces (60,000,000) no longer fit 200,000,000 − 184,000,000
  const parking = page.locator(`[data-test=pref-project-${byTitle['新增公共停车泊位3000个'].id}]`)
  assert.ok(await parking.locator('input').isDisabled(), 'a project over the budget cannot be ticked')
  await checkA11y(page, 'the preference poll: projects (phone)')
  await assertNoOverflow(page)
  await screenshot(page, 'preference-pick-phone')
  const before = (await apiCall(page, 'GET', `/preference-polls/${poll}/result`)).body.ballots
  await page.locator('[data-test=pref-vote]').click()
  await page.locator('[data-test=pref-thanks]').waitFor()
  const after = (await apiCall(page, 'GET', `/preference-polls/${poll}/result`)).body
  assert.equal(after.ballots, before + 1, 'the ballot is counted')
  for (const t of want) assert.ok(after.projects.find((x) => x.id === byTitle[t].id).approvals > 0)
  await finishPage(page, 'preference-thanks')
})

test('the clerk sees the result with its chart, labelled as advice', async () => {
  const page = await newPage(browser)
  await login(page, server.url, 'clerk', 'clerk-demo')
  await page.waitForURL(/\/clerk/)
  await page.locator('[data-test=nav-preference]').click()
  await page.waitForURL(/\/clerk\/preference/)
  await page.locator('[data-test=pref-result]').waitFor()
  await page.locator('[data-test=pref-chart] svg').waitFor()
  const res = (await apiCall(page, 'GET', `/preference-polls/${poll}/result`)).body
  assert.match(await page.locator('[data-test=pref-result]').innerText(), new RegExp(`共 ${res.ballots} 张`))
  assert.match(await page.locator('[data-test=pref-result] [data-test=pref-advice]').innerText(), /不是人大的决定/)
  const greedy = await page.locator('[data-test=pref-greedy] li').allInnerTexts()
  assert.equal(greedy.length, res.greedy.selected.length, 'the greedy advice as the server counts it')
  assert.equal(await page.locator('[data-test=pref-batches] .el-table__row').count(), 1, 'the demo batch')
  await finishPage(page, 'preference-clerk')
})

test('the clerk changes a draft poll on its page; the public does not see the draft', async () => {
  const page = await newPage(browser)
  await login(page, server.url, 'clerk', 'clerk-demo')
  await page.waitForURL(/\/clerk/)
  // a round that collects, with three candidates, and a draft poll on it
  const cid = (await apiCall(page, 'GET', '/me')).body.user.congress_id
  const unit = (await apiCall(page, 'GET', `/congresses/${cid}/units?per_page=1`)).body.items[0].id
  const cycle = (await apiCall(page, 'POST', `/congresses/${cid}/cycles`, { year: 2031, title: '2031年民生实事项目', title_en: '2031 livelihood projects' })).body.id
  const cands = []
  for (const [title, cost] of [['口袋公园5处', 3000000], ['背街小巷改造', 5000000], ['社区食堂10家', 2000000]]) {
    const r = await apiCall(page, 'POST', `/cycles/${cycle}/candidates`, { title, description: '说明', category: '民生', cost, unit_id: unit, location: '江北区' })
    assert.equal(r.status, 201, JSON.stringify(r.body))
    cands.push(r.body.id)
  }
  const d = await apiCall(page, 'POST', `/cycles/${cycle}/preference-polls`, { title: '2031年网络投票（草稿）', budget: 6000000, opens_at: '2030-12-01T00:00:00Z', closes_at: '2030-12-31T00:00:00Z' })
  assert.equal(d.status, 201, JSON.stringify(d.body))
  const draft = d.body.id

  await page.locator('[data-test=nav-preference]').click()
  await page.waitForURL(/\/clerk\/preference/)
  await page.locator(`[data-test=pref-poll-${draft}]`).click()
  await page.locator('[data-test=pref-edit]').click()
  await page.locator('[data-test=pref-edit-form]').waitFor()
  await field(page, 'pref-edit-title').fill('2031年民生实事候选项目群众网络投票')
  await page.locator(`[data-test=pref-edit-cand-${cands[1]}]`).click()
  await checkA11y(page, 'the clerk changes a draft poll')
  await page.locator('[data-test=pref-save]').click()
  await page.locator('[data-test=pref-edit-form]').waitFor({ state: 'detached' })
  const p = (await apiCall(page, 'GET', `/preference-polls/${draft}`)).body
  assert.equal(p.title, '2031年民生实事候选项目群众网络投票')
  assert.deepEqual(p.projects.map((x) => x.id).sort((a, b) => a - b), [cands[0], cands[2]].sort((a, b) => a - b), 'the candidate unticked is out')
  assert.equal(p.status, 'draft')

  // the public: no draft in the round's list, 404 on the poll
  const anon = await newPage(browser)
  await anon.goto(server.url + '/preference')
  assert.equal((await apiCall(anon, 'GET', `/preference-polls/${draft}`)).status, 404, 'a draft is not public')
  assert.deepEqual((await apiCall(anon, 'GET', `/cycles/${cycle}/preference-polls`)).body.items, [], 'nor in the round list')
  await anon.close()
  // once open it cannot be changed: the page offers no change
  assert.equal((await apiCall(page, 'POST', `/preference-polls/${draft}/open`, {})).status, 200)
  assert.equal((await apiCall(page, 'PATCH', `/preference-polls/${draft}`, { title: 'x' })).status, 409)
  await page.reload()
  await page.locator(`[data-test=pref-poll-${draft}]`).click()
  await page.locator('[data-test=pref-close]').waitFor()
  assert.equal(await page.locator('[data-test=pref-edit]').count(), 0, 'no change once open')
  await finishPage(page, 'preference-clerk-edit')
})

test('closed, the result says how far each project is from selection by greedy and by Equal Shares, in words, on a phone too', async () => {
  const page = await newPage(browser)
  await page.goto(`${server.url}/preference/${poll}`)
  await page.locator('[data-test=pref-result]').waitFor()
  assert.equal(await page.locator('[data-test=pref-measure]').count(), 0, 'no measures while the poll is open')
  // the clerk closes the poll
  const clerk = await newPage(browser)
  await login(clerk, server.url, 'clerk', 'clerk-demo')
  await clerk.waitForURL(/\/clerk/)
  assert.equal((await apiCall(clerk, 'POST', `/preference-polls/${poll}/close`, {})).status, 200)
  await clerk.close()
  await page.reload()
  await page.locator('[data-test=pref-measure-note]').waitFor()
  const res = (await apiCall(page, 'GET', `/preference-polls/${poll}/result`)).body
  const sorted = [...res.projects].sort((a, b) => b.approvals - a.approvals || a.id - b.id)
  assert.ok(sorted.every((p) => p.measures && p.measures.rule === 'greedy'), 'every project measured at the close')
  assert.ok(sorted.every((p) => p.mes_measures && p.mes_measures.rule === 'mes'), 'under Equal Shares too (the demo poll uses both)')
  assert.deepEqual(await page.locator('[data-test=pref-measure]').allInnerTexts(), sorted.map((p) => '按得票贪心：' + p.measures.text.zh),
    'each row says what the server computed, in order, under its rule')
  assert.deepEqual(await page.locator('[data-test=pref-mes-measure]').allInnerTexts(), sorted.map((p) => '平等份额法：' + p.mes_measures.text.zh),
    'and under Equal Shares')
  assert.equal(await page.locator('[data-test=pref-measure-left]').count(), 0, 'nothing left out')
  const short = sorted.filter((p) => !p.measures.selected && p.measures.add_singletons)
  for (const p of short) assert.match(p.measures.text.zh, new RegExp(`还需 ${p.measures.add_singletons} 票赞成`))
  const reach = sorted.filter((p) => !p.mes_measures.selected && p.mes_measures.add_approvals)
  assert.ok(reach.length > 0, 'some project short of the voters’ approvals under Equal Shares')
  for (const p of reach) assert.match(p.mes_measures.text.zh, new RegExp(`未赞成的投票人中至少还需 ${p.mes_measures.add_approvals} 人赞成`))
  const chosen = sorted.filter((p) => p.measures.selected)
  assert.ok(chosen.length > 0 && chosen.every((p) => p.measures.lose_approvals !== null),
    'greedy says how many approvals each selected project could lose')
  // any that many may leave (greedy), those counting least for it (Equal Shares), or all of them
  const lose = (m, some) => !m.lose_approvals ? /少 1 票赞成即落选/
    : new RegExp(`${some ? `赞成者中对其影响最小的 ${m.lose_approvals} 人不再赞成时仍入选` : `减少 ${m.lose_approvals} 票赞成仍入选`}|即使全部 ${m.lose_approvals} 名赞成者都不再赞成仍入选|即使其唯一的赞成者不再赞成仍入选`)
  for (const p of chosen) assert.match(p.measures.text.zh, lose(p.measures, false))
  const kept = sorted.filter((p) => p.mes_measures.selected)
  assert.ok(kept.length > 0 && kept.every((p) => p.mes_measures.lose_approvals !== null),
    'and so does Equal Shares, for the approvers counting least')
  for (const p of kept) assert.match(p.mes_measures.text.zh, lose(p.mes_measures, true))
  await checkA11y(page, 'the closed result with its measures')
  await page.close()
  // the public page on a phone, in English
  const phone = await newPage(browser, PHONE, 'en')
  await phone.addInitScript(() => localStorage.setItem('minsheng.locale', 'en'))
  await phone.goto(`${server.url}/preference/${poll}`)
  await phone.locator('[data-test=pref-measure-note]').waitFor()
  const texts = await phone.locator('[data-test=pref-measure]').allInnerTexts()
  assert.deepEqual(texts, sorted.map((p) => 'Greedy: ' + p.measures.text.en), 'in English')
  assert.deepEqual(await phone.locator('[data-test=pref-mes-measure]').allInnerTexts(),
    sorted.map((p) => 'Equal Shares: ' + p.mes_measures.text.en), 'Equal Shares in English')
  await assertNoOverflow(phone, 'the measures on a phone')
  await finishPage(phone, 'preference-measures-phone')
})

test('a poll beyond what the close computes of Equal Shares says so, and greedy\'s lines need no rule name', async () => {
  const other = await startServer({ serveEnv: { MINSHENG_PREF_MEASURES_WORK: '0' } })
  try {
    const clerk = await newPage(browser)
    await login(clerk, other.url, 'clerk', 'clerk-demo')
    await clerk.waitForURL(/\/clerk/)
    await clerk.goto(other.url + '/preference')
    const item = clerk.locator('[data-test^=pref-item-]').first()
    await item.waitFor()
    await item.locator('a').click()
    await clerk.waitForURL(/\/preference\/\d+$/)
    const id = Number(/\/preference\/(\d+)$/.exec(clerk.url())[1])
    assert.equal((await apiCall(clerk, 'POST', `/preference-polls/${id}/close`, {})).status, 200)
    await clerk.reload()
    const note = clerk.locator('[data-test=pref-measure-left]')
    await note.waitFor()
    assert.equal(await note.innerText(), '本次投票规模较大，平等份额法的入选距离超出结束时的计算上限，未予计算。', 'the note names the rule left out')
    const res = (await apiCall(clerk, 'GET', `/preference-polls/${id}/result`)).body
    assert.ok(res.mes && res.projects.every((p) => p.measures && !p.mes_measures), 'greedy\'s measures only')
    const sorted = [...res.projects].sort((a, b) => b.approvals - a.approvals || a.id - b.id)
    assert.deepEqual(await clerk.locator('[data-test=pref-measure]').allInnerTexts(), sorted.map((p) => p.measures.text.zh),
      'one rule measured: its lines without the rule\'s name')
    assert.equal(await clerk.locator('[data-test=pref-mes-measure]').count(), 0)
    await checkA11y(clerk, 'the result without Equal Shares\' measures')
    await finishPage(clerk, 'preference-measures-left')
  } finally {
    await other.stop()
  }
})
