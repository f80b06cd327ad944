// The year-end satisfaction evaluation (满意度测评) in a real browser. Set up
// through the API: the demo's 2026 round steps into 评议, the clerk sets up an
// evaluation of two of its projects (the rule on the ballots cast, 弃权
// allowed) with deputy60 as its scrutineer (played from Node), checks the
// deputies in and opens it. Then: deputy01 on a 360 px phone finds it on the
// deputy's home, rates both projects (review held until both are rated),
// confirms with the tracker and gets the receipt; a second visit says voted.
// Two more ballots through the API, the close with the scrutineer's share;
// the public result page's figures and tallies are the API's, the chart is
// drawn, and the bulletin lists the three ballots in words, deputy01's
// tracker among them.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startWithClerk, stopAll, apiOk as ok, newPage, field, checkA11y, login, apiCall, assertNoOverflow, finishPage, screenshot, assertClean, PHONE, DESKTOP, assertDownloads, xlsxAndPdf } from './harness.mjs'
import { deputyIds as idsOf, prepare, fetchShares, session } from './scrutineers.mjs'

let server
let browser
let clerk
let ev // the evaluation as created
let shares
let tracker // deputy01's tracker, shown with the receipt
const CYCLE = 2 // the demo's 2026 round, under delivery

before(async () => ({ server, browser, clerk } = await startWithClerk()))
after(() => stopAll({ browser, server }))

test('set-up through the API: the 2026 round in 评议, an evaluation of two projects, open', async () => {
  const cy = await ok(clerk, 'POST', `/cycles/${CYCLE}/phase`, { phase: 'evaluate' })
  assert.equal(cy.phase, 'evaluate')
  const projects = (await ok(clerk, 'GET', `/cycles/${CYCLE}/projects?per_page=200`)).items
  assert.ok(projects.length >= 2, 'the demo round has projects')
  ev = await ok(clerk, 'POST', `/cycles/${CYCLE}/evaluations`, {
    title: '2026年民生实事项目满意度测评',
    threshold_base: 'cast',
    project_ids: projects.slice(0, 2).map((p) => p.id),
  }, 201)
  assert.equal(ev.poll.ballot_form, 'rate')
  assert.equal(ev.projects.length, 2)
  const [scrutineer] = await idsOf((m, p) => apiCall(clerk, m, p), ['deputy60'])
  await ok(clerk, 'PUT', `/polls/${ev.poll.id}/scrutineers`, { scrutineer_ids: [scrutineer] })
  const all = (await ok(clerk, 'GET', '/congresses/1/deputies?per_page=200')).items
  await ok(clerk, 'POST', `/polls/${ev.poll.id}/checkin`, { deputy_ids: all.map((d) => d.id) })
  const held = await prepare(server.url, ev.poll.id, ['deputy60'])
  await ok(clerk, 'POST', `/polls/${ev.poll.id}/open`, {})
  shares = await fetchShares(ev.poll.id, held)
})

test('a deputy rates both projects on a phone: review held until both are rated, confirmation, receipt; then voted', async () => {
  const page = await newPage(browser, PHONE)
  await login(page, server.url, 'deputy01', 'deputy-demo')
  await page.goto(server.url + '/deputy')
  const card = page.locator(`[data-test=eval-card][data-evaluation-id="${ev.poll.id}"]`)
  await card.waitFor()
  assert.equal(await card.getAttribute('data-state'), 'canVote')
  await checkA11y(page, 'deputy home with an evaluation')
  await card.locator('[data-test=eval-link]').click()
  await page.waitForURL(`**/deputy/evaluations/${ev.poll.id}`)
  const cards = page.locator('[data-test=rate-card]')
  await cards.first().waitFor()
  assert.equal(await cards.count(), 2)
  assert.equal(await page.locator('[data-test=rule-text]').innerText().then((s) => s.includes(ev.poll.rule_text.zh)), true, 'the rule in words')
  const [a, b] = ev.projects
  assert.ok((await cards.first().innerText()).includes(a.title))
  assert.equal(await cards.first().locator('[data-test=project-link]').getAttribute('href'), `/projects/${a.project_id}`)
  // four choices each (弃权 allowed), none chosen; review disabled
  assert.equal(await cards.first().locator('input[type=radio]').count(), 4)
  const review = page.locator('[data-test=review]')
  assert.ok(await review.isDisabled(), 'review waits for every project')
  await page.locator(`[data-test=rate-${a.candidate_id}-0-satisfied]`).click()
  await page.locator('[data-test=counter]').filter({ hasText: '已评价 1 / 2 项' }).waitFor()
  assert.ok(await review.isDisabled(), 'still one to rate')
  await checkA11y(page, 'evaluation ballot')
  await assertNoOverflow(page)
  await screenshot(page, 'evaluation-ballot-phone')
  await page.locator(`[data-test=rate-${b.candidate_id}-0-basic]`).click()
  await page.locator('[data-test=counter]').filter({ hasText: '已评价 2 / 2 项' }).waitFor()
  assert.ok(await review.isEnabled())
  await review.click()
  const screen = page.locator('[data-test=review-screen]')
  await screen.waitFor()
  const rows = page.locator('[data-test=review-row]')
  assert.match(await rows.nth(0).innerText(), /满意/)
  assert.match(await rows.nth(1).innerText(), /基本满意/)
  const drawn = await page.locator('[data-test=review-tracker]').getAttribute('data-tracker')
  assert.match(drawn, /^[0-9A-HJKMNP-TV-Z]{10}$/)
  await checkA11y(page, 'evaluation review')
  await page.locator('[data-test=cast]').click()
  await page.locator('[data-test=receipt-code]').waitFor()
  tracker = await page.locator('[data-test=receipt-tracker]').getAttribute('data-tracker')
  assert.equal(tracker, drawn, 'the receipt shows the tracker drawn at the review')
  await checkA11y(page, 'evaluation receipt')
  await assertNoOverflow(page)
  await screenshot(page, 'evaluation-receipt-phone')
  // a second visit: voted, the kept tracker
  await page.goto(`${server.url}/deputy/evaluations/${ev.poll.id}`)
  await page.locator('[data-test=already-voted]').waitFor()
  assert.equal(await page.locator('[data-test=kept-tracker]').getAttribute('data-tracker'), tracker)
  assert.equal(await page.locator('[data-test=ballot]').count(), 0)
  await page.goto(server.url + '/deputy')
  await card.waitFor()
  assert.equal(await card.getAttribute('data-state'), 'voted')
  assertClean(page)
  await page.context().close()
})

test('the public result: the figures and tallies are the API’s; the chart; the bulletin in words', async () => {
  const [a, b] = ev.projects
  const ballots = [
    { [a.candidate_id]: 'satisfied', [b.candidate_id]: 'dissatisfied' },
    { [a.candidate_id]: 'basic', [b.candidate_id]: 'abstain' },
  ]
  for (const [i, ratings] of ballots.entries()) {
    const d = await session(server.url, `deputy0${i + 2}`, 'deputy-demo')
    const r = await d.call('POST', `/polls/${ev.poll.id}/ballot`, { ratings })
    assert.equal(r.status, 201, JSON.stringify(r.body))
  }
  const res = await ok(clerk, 'POST', `/evaluations/${ev.poll.id}/close`, { shares })
  assert.equal(res.status, 'final')
  const page = await newPage(browser, DESKTOP)
  await page.goto(`${server.url}/evaluations/${ev.poll.id}/result`)
  await page.locator('[data-test=result-table]').waitFor()
  assert.equal(await page.locator('[data-test=result-status]').getAttribute('data-status'), 'final')
  const fig = async (n) => (await page.locator(`[data-test=${n}]`).innerText()).trim()
  assert.equal(await fig('fig-all'), String(res.deputies_all))
  assert.equal(await fig('fig-returned'), String(res.ballots_returned))
  assert.equal(await fig('fig-base'), String(res.base_value))
  assert.equal(await fig('fig-satisfied-votes'), String(res.satisfied_votes))
  assert.equal(res.ballots_returned, 3)
  assert.ok((await fig('fig-rate')).includes(`${res.satisfaction_rate.num}/${res.satisfaction_rate.den}`), 'the overall rate as a fraction')
  for (const c of res.candidates) {
    const row = page.locator(`[data-test=result-row][data-candidate="${c.candidate_id}"]`)
    for (const k of ['satisfied', 'basic', 'dissatisfied', 'abstain'])
      assert.equal((await row.locator(`[data-test=n-${k}]`).first().innerText()).trim(), String(c[k]), `${c.title}: ${k}`)
    assert.equal(await row.locator('[data-test=verdict]').first().getAttribute('data-verdict'), c.verdict)
    const pct = `${((100 * c.satisfaction_rate.num) / c.satisfaction_rate.den).toFixed(1).replace(/\.0$/, '')}%`
    assert.ok((await row.locator('[data-test=n-rate]').innerText()).includes(pct), `${c.title}: rate ${pct}`)
  }
  // the result as files, for the meeting's record
  await assertDownloads(page, server.url, xlsxAndPdf('result-xlsx', 'result-pdf'))
  // the tallies are those cast: A 满意 2 基本满意 1; B 基本满意 1 不满意 1 弃权 1
  const ra = res.candidates.find((c) => c.candidate_id === a.candidate_id)
  const rb = res.candidates.find((c) => c.candidate_id === b.candidate_id)
  assert.deepEqual([ra.satisfied, ra.basic, ra.dissatisfied, ra.abstain], [2, 1, 0, 0])
  assert.deepEqual([rb.satisfied, rb.basic, rb.dissatisfied, rb.abstain], [0, 1, 1, 1])
  // the chart: one bar per project and rating with votes
  await page.locator('[data-test=chart] svg').waitFor()
  const bars = await page.locator('[data-test=chart] svg path[fill="#2b6e2f"], [data-test=chart] svg path[fill="#1d4ed8"], [data-test=chart] svg path[fill="#b42318"], [data-test=chart] svg path[fill="#8c8f94"]').count()
  assert.ok(bars >= 5, `bars drawn (${bars})`)
  await checkA11y(page, 'evaluation result')
  await page.emulateMedia({ media: 'print' })
  assert.equal(await page.locator('[data-test=print]').isVisible(), false, 'no buttons in print')
  await page.emulateMedia({ media: 'screen' })
  await page.locator('[data-test=bulletin-link]').click()
  await page.waitForURL(`**/evaluations/${ev.poll.id}/bulletin`)
  await page.locator('[data-test=bulletin-table]').waitFor()
  assert.equal((await page.locator('[data-test=bulletin-count]').innerText()).trim(), '3')
  assert.equal(await page.locator('[data-test=hash-check]').getAttribute('class'), 'ok')
  assert.equal(await page.locator(`[data-test=bulletin-tracker][data-tracker="${tracker}"]`).count(), 1, 'deputy01’s tracker is on the bulletin')
  const mine = page.locator('[data-test=bulletin-row]').filter({ has: page.locator(`[data-tracker="${tracker}"]`) })
  const words = await mine.innerText()
  assert.ok(words.includes(a.title + '：满意') && words.includes(b.title + '：基本满意'), words)
  await field(page, 'tracker-search').fill(tracker.toLowerCase())
  await page.locator('[data-test=tracker-search-result][data-state=found]').waitFor()
  await finishPage(page, 'evaluation-bulletin')
})

test('the clerk’s run page shows the closed evaluation’s verdicts and links to the result', async () => {
  const res = await ok(clerk, 'GET', `/evaluations/${ev.poll.id}/result`)
  await clerk.goto(`${server.url}/clerk/evaluations/${ev.poll.id}`)
  await clerk.locator('[data-test=result-table]').waitFor()
  for (const c of res.candidates)
    assert.equal(await clerk.locator(`[data-test=result-row][data-candidate="${c.candidate_id}"] [data-test=verdict]`).getAttribute('data-verdict'), c.verdict)
  assert.equal(await clerk.locator('[data-test=result-link]').getAttribute('href'), `/evaluations/${ev.poll.id}/result`)
  assert.ok((await clerk.locator('[data-test=rule-text]').innerText()).includes(res.rule_text.zh))
  await checkA11y(clerk, 'clerk evaluation page (closed)')
})

test('the standing committee marked on the deputies’ page; an evaluation set up in the dialog, the server’s objection under its field', async () => {
  await ok(clerk, 'PUT', '/congresses/1/committee', { deputy_ids: [] }) // the demo's committee (deputy01 … deputy33) stood down
  await clerk.goto(`${server.url}/clerk/deputies`)
  await clerk.locator('[data-test=committee-edit]').click()
  const dialog = clerk.locator('[data-test=committee-dialog]')
  await dialog.waitFor()
  for (const l of ['deputy01', 'deputy02', 'deputy03', 'deputy04']) await clerk.locator(`[data-test=committee-${l}]`).click()
  await checkA11y(clerk, 'committee dialog')
  await clerk.locator('[data-test=committee-save]').click()
  await clerk.locator('[data-test=committee-members][data-count="4"]').waitFor()
  const deps = (await ok(clerk, 'GET', '/congresses/1/deputies?per_page=200')).items
  assert.deepEqual(deps.filter((d) => d.standing_committee).map((d) => d.login).sort(), ['deputy01', 'deputy02', 'deputy03', 'deputy04'])
  await clerk.locator('[data-test=committee-tag]').first().waitFor()

  await clerk.goto(`${server.url}/clerk/cycles/${CYCLE}`)
  await clerk.locator('[data-test=evaluation-link]').first().waitFor()
  await clerk.locator('[data-test=new-evaluation]').click()
  const form = clerk.locator('[data-test=evaluation-dialog]')
  await form.waitFor()
  await clerk.locator('[data-test=ev-electorate-committee]').click()
  await clerk.locator('[data-test=ev-base-present]').click()
  await field(clerk, 'ev-num').fill('3')
  await field(clerk, 'ev-den').fill('2')
  await clerk.locator('[data-test=ev-sub-items]').click()
  await field(clerk, 'ev-item-name-0').fill('进度')
  await field(clerk, 'ev-item-en-0').fill('Progress')
  await field(clerk, 'ev-item-name-1').fill('质量')
  await clerk.locator('[data-test=ev-combine-worst]').click()
  await clerk.locator('[data-test=ev-create]').click()
  // the server refuses 3/2: its words under the rule's field, nothing created
  const err = form.locator('.el-form-item__error').first()
  await err.waitFor()
  assert.match(await err.innerText(), /[\u4e00-\u9fff]/, 'the server’s message in Chinese')
  assert.equal((await ok(clerk, 'GET', `/cycles/${CYCLE}/evaluations`)).total, 1)
  await field(clerk, 'ev-num').fill('2')
  await field(clerk, 'ev-den').fill('3')
  assert.match(await clerk.locator('[data-test=ev-summary]').innerText(), /2\/3/)
  await checkA11y(clerk, 'evaluation dialog')
  await screenshot(clerk, 'evaluation-dialog')
  await clerk.locator('[data-test=ev-create]').click()
  await clerk.waitForURL(/\/clerk\/evaluations\/\d+$/)
  const id = Number(/(\d+)$/.exec(clerk.url())[1])
  const made = await ok(clerk, 'GET', `/evaluations/${id}`)
  assert.equal(made.poll.electorate, 'committee')
  assert.equal(made.poll.threshold_base, 'present')
  assert.deepEqual([made.poll.threshold_num, made.poll.threshold_den], [2, 3])
  assert.equal(made.poll.rate_combine, 'worst')
  assert.deepEqual(made.poll.rate_items.map((i) => i.name), ['进度', '质量'])
  await clerk.locator('[data-test=rule-text]').filter({ hasText: made.poll.rule_text.zh }).waitFor()
  await clerk.locator('[data-test=present-count]').waitFor()
  // the status tags fade in: judge their contrast once no transition runs
  await clerk.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'))
  await checkA11y(clerk, 'clerk evaluation page (draft)')
  await screenshot(clerk, 'clerk-evaluation')
  assertClean(clerk)
})

test('paper ballots at the desk: issued to two members, entered as marked (sub-items) and recorded together; counted at the close', async () => {
  const id = Number(/(\d+)$/.exec(clerk.url())[1]) // the committee's evaluation the dialog set up
  const made = await ok(clerk, 'GET', `/evaluations/${id}`)
  const [scrutineer] = await idsOf((m, p) => apiCall(clerk, m, p), ['deputy01'])
  await ok(clerk, 'PUT', `/polls/${id}/scrutineers`, { scrutineer_ids: [scrutineer] })
  const members = (await ok(clerk, 'GET', '/congresses/1/deputies?per_page=200')).items.filter((d) => d.standing_committee)
  await ok(clerk, 'POST', `/polls/${id}/checkin`, { deputy_ids: members.map((d) => d.id) })
  const held = await prepare(server.url, id, ['deputy01'])
  await ok(clerk, 'POST', `/polls/${id}/open`, {})
  const sh = await fetchShares(id, held)
  await clerk.reload()
  const card = clerk.locator('[data-test=paper]')
  await card.waitFor()
  await clerk.locator('[data-test=paper-who]').click()
  for (const l of ['deputy03', 'deputy04']) await clerk.locator('.el-select-dropdown__item:visible', { hasText: l }).click()
  await clerk.keyboard.press('Escape')
  await clerk.locator('[data-test=paper-issue]').click()
  await clerk.locator('[data-test=paper-counts]').filter({ hasText: '已发放纸质票 2 张' }).waitFor()
  const [a, b] = made.projects.map((p) => p.candidate_id)
  const mark = (c, j, m) => clerk.locator(`[data-test=paper-${c}-${j}-${m}]`).click()
  await mark(a, 0, 'satisfied')
  await mark(a, 1, 'basic')
  await mark(b, 0, 'dissatisfied')
  await mark(b, 1, 'dissatisfied')
  await clerk.locator('[data-test=paper-add]').click()
  await mark(b, 0, 'satisfied')
  await mark(b, 1, 'satisfied')
  await clerk.locator('[data-test=paper-add]').click()
  await clerk.locator('[data-test=paper-batch][data-count="2"]').waitFor()
  await checkA11y(clerk, 'paper ballots')
  await clerk.locator('[data-test=paper-record]').click()
  await clerk.locator('.el-message-box .el-button--primary').click()
  await clerk.locator('[data-test=paper-batch][data-count="0"]').waitFor()
  const res = await ok(clerk, 'POST', `/evaluations/${id}/close`, { shares: sh })
  assert.equal(res.ballots_returned, 2)
  const ra = res.candidates.find((c) => c.candidate_id === a)
  const rb = res.candidates.find((c) => c.candidate_id === b)
  assert.deepEqual(ra.sub_items.map((s) => [s.satisfied, s.basic, s.dissatisfied]), [[1, 0, 0], [0, 1, 0]])
  assert.deepEqual(rb.sub_items.map((s) => [s.satisfied, s.basic, s.dissatisfied]), [[1, 0, 1], [1, 0, 1]])
  assert.equal(ra.sub_items[0].abstain + ra.sub_items[0].invalid, 1, 'the second ballot left A unmarked')
  // the public result shows the sub-items
  const page = await newPage(browser, DESKTOP)
  await page.goto(`${server.url}/evaluations/${id}/result`)
  await page.locator('[data-test=result-table]').waitFor()
  assert.equal(await page.locator(`[data-test=result-row][data-candidate="${a}"] [data-test=sub-row]`).count(), 2)
  await page.locator('[data-test=lang]').click()
  await page.locator('[data-test=result-status]', { hasText: 'The evaluation is valid' }).waitFor()
  await checkA11y(page, 'evaluation result with sub-items (English)')
  await screenshot(page, 'evaluation-result-en')
  await page.locator('[data-test=lang]').click()
  assertClean(page)
  await page.context().close()
  assertClean(clerk)
})
