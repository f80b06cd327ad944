// The whole vote in a real browser, in order: the public pages, login, the
// clerk sets up a poll with its scrutineer and checks deputies in; the
// scrutineer (played from Node: scrutineers.mjs) prepares, the clerk opens,
// three deputies vote on a phone, one tries again, the clerk closes with the
// scrutineer's key share, and the public result shows the right numbers and
// chart — in Chinese, then in English. Each step is one test (one TAP line);
// later steps use what earlier ones built.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import {
  startServer, launch, newPage, field, assertClean, screenshot, checkA11y, login, assertNoOverflow, apiCall, finishPage, PHONE, DESKTOP, dropdownsClosed,
} from './harness.mjs'
import { prepare, fetchShares } from './scrutineers.mjs'

let server
let browser
let clerk // the clerk's page, kept logged in across steps
let pollId
let cands // the new poll's candidates [{id,title}]
const ballots = [] // the choices each deputy cast, by candidate index
let held // what the scrutineer (deputy05) holds: its session and one-time key
let share // its key share, after the open

before(async () => {
  server = await startServer()
  browser = await launch()
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

test('public pages: home and congress in Chinese by default, accessible, no overflow on a phone', async () => {
  const page = await newPage(browser, DESKTOP)
  await page.goto(server.url + '/')
  await assert.doesNotReject(page.getByRole('heading', { name: '民生实事项目人大代表票决' }).waitFor())
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN')
  await checkA11y(page, 'public home')
  await screenshot(page, 'public-home')
  await page.locator('[data-test=congress-link]').first().click()
  await page.waitForURL(/\/congress\/1$/)
  await page.getByRole('heading', { name: '江州市人民代表大会' }).waitFor()
  await page.locator('[data-test=phase]', { hasText: '票决' }).waitFor()
  await page.getByText('共 12 条').waitFor()
  await page.getByText('老旧小区加装电梯').first().waitFor()
  // Search narrows the list (server-side ?q=).
  await field(page, 'search').fill('电梯')
  await page.getByText('共 1 条').waitFor()
  await finishPage(page, 'public-congress')
})

test('login: a wrong password is refused on the form; the demo clerk gets in', async () => {
  const page = await newPage(browser, DESKTOP)
  await page.goto(server.url + '/login')
  await field(page, 'login').fill('clerk')
  await field(page, 'password').fill('wrong-password')
  await page.locator('[data-test=submit]').click()
  await page.locator('[data-test=login-error]').waitFor()
  assert.equal(new URL(page.url()).pathname, '/login')
  await checkA11y(page, 'login')
  await screenshot(page, 'login')
  await field(page, 'password').fill('clerk-demo')
  await page.locator('[data-test=submit]').click()
  await page.waitForURL(/\/clerk$/)
  await page.locator('[data-test=user]').waitFor()
  await page.locator('[data-test=cycle-link]').first().waitFor()
  await checkA11y(page, 'clerk home')
  await screenshot(page, 'clerk-home')
  clerk = page
  assertClean(page)
})

test('clerk sets up a poll: the rule is stated in words as the form is filled', async () => {
  const page = clerk
  await page.locator('[data-test=cycle-link]').first().click()
  await page.waitForURL(/\/clerk\/cycles\/\d+$/)
  await page.locator('[data-test=poll-link]').first().waitFor()
  await checkA11y(page, 'clerk cycle')
  await screenshot(page, 'clerk-cycle')
  await page.locator('[data-test=new-poll]').click()
  await page.locator('[data-test=poll-dialog]').waitFor()
  await field(page, 'poll-title').fill('浏览器测试票决')
  await field(page, 'poll-slots').fill('3')
  await field(page, 'poll-max').fill('3')
  await page.locator('[data-test=poll-base-cast]').click()
  // The scrutineer, as the session approved: deputy05, found by login; one share opens the ballots.
  await page.locator('[data-test=scrutineer-select]').click()
  await page.locator('[data-test=scrutineer-select] input').fill('deputy05')
  const option = page.locator('.el-select-dropdown__item', { hasText: 'deputy05' })
  await option.click()
  await page.keyboard.press('Escape')
  await dropdownsClosed(page)
  await page.locator('[data-test=shares-help]', { hasText: /1\D+1/ }).waitFor()
  // The preview follows the form: 3 of 12, a majority of the ballots cast, top 3.
  const preview = page.locator('[data-test=rule-preview]')
  await assert.doesNotReject(preview.filter({ hasText: '3' }).filter({ hasText: '12' }).waitFor())
  const words = await preview.innerText()
  assert.match(words, /最多赞成\s*12\s*个候选项目中的\s*3\s*个/, words)
  assert.match(words, /所投选票|投票/, words)
  await checkA11y(page, 'poll set-up')
  await screenshot(page, 'clerk-poll-setup')
  await page.locator('[data-test=poll-create]').click()
  await page.waitForURL(/\/clerk\/polls\/\d+$/)
  pollId = Number(new URL(page.url()).pathname.split('/').pop())
  await page.locator('[data-test=poll-status]', { hasText: '未开始' }).waitFor()
  const rule = await page.locator('[data-test=rule-text]').innerText()
  assert.match(rule, /12个候选项目中的3个/, rule)
  const poll = await apiCall(page, 'GET', `/polls/${pollId}`)
  assert.equal(poll.status, 200)
  assert.equal(poll.body.slots, 3)
  assert.equal(poll.body.max_approvals, 3)
  assert.equal(poll.body.threshold_base, 'cast')
  assert.equal(poll.body.candidates.length, 12)
  cands = poll.body.candidates
  assert.equal(poll.body.shares_needed, 1)
  const sc = await apiCall(page, 'GET', `/polls/${pollId}/scrutineers`)
  assert.deepEqual(sc.body.scrutineers.map((s) => [s.x, s.key_registered]), [[1, false]])
  await page.locator('[data-test=scrutineer-row]', { hasText: sc.body.scrutineers[0].name }).waitFor()
  assertClean(page)
})

test('check-in desk: search a deputy, mark present, live count against the quorum; open', async () => {
  const page = clerk
  const count = page.locator('[data-test=present-count]')
  await count.filter({ hasText: /0\D+60/ }).waitFor()
  for (const [i, login] of ['deputy01', 'deputy02', 'deputy03'].entries()) {
    await field(page, 'checkin-search').fill(login)
    const row = page.locator('.el-table__row', { hasText: login })
    await row.waitFor()
    assert.equal(await page.locator('.el-table__body .el-table__row').count(), 1, 'search finds exactly ' + login)
    await row.locator('[data-test=checkin-one]').click()
    await count.filter({ hasText: new RegExp(`\\b${i + 1}\\D+60`) }).waitFor()
  }
  await page.locator('[data-test=quorum]').filter({ hasText: /28/ }).waitFor() // 31 needed, 3 present
  await field(page, 'checkin-search').fill('')
  await page.locator('.el-table__body .el-table__row').nth(20).waitFor()
  // Select the whole page of the attendance list and mark it present at once.
  await page.locator('.el-table__header .el-checkbox').first().click()
  await page.locator('[data-test=checkin-selected]').click()
  await count.filter({ hasText: /\b([3-5]\d|60)\D+60/ }).waitFor()
  const poll = await apiCall(page, 'GET', `/polls/${pollId}`)
  assert.ok(poll.body.deputies_present >= 31, 'present: ' + poll.body.deputies_present)
  assert.equal(poll.body.quorum_met, true)
  await page.locator('[data-test=quorum]').filter({ hasText: /法定人数|已达|met/ }).waitFor()
  // The quorum is met, but the scrutineer has not prepared: the open waits, and the page says why.
  await page.locator('[data-test=scrutineers-waiting]').waitFor()
  await page.locator('[data-test=open-needs-scrutineers]').waitFor()
  assert.ok(await page.locator('[data-test=open-poll]').isDisabled(), 'no open before the scrutineers prepare')
  await checkA11y(page, 'check-in desk')
  await screenshot(page, 'clerk-checkin')
  held = await prepare(server.url, pollId, ['deputy05'])
  await page.locator('[data-test=scrutineer-state]', { hasText: '已准备' }).waitFor() // the page asks every 3 s
  await page.locator('[data-test=scrutineers-ready]').waitFor()
  await page.locator('[data-test=open-poll]:not([disabled])').waitFor()
  await page.locator('[data-test=open-poll]').click()
  await page.locator('.el-message-box__btns .el-button--primary').click()
  await page.locator('[data-test=poll-status]', { hasText: '投票中' }).waitFor()
  await page.locator('[data-test=scrutineer-state]', { hasText: '密钥份额已生成' }).waitFor()
  ;[share] = await fetchShares(pollId, held)
  assertClean(page)
})

// What each of the three deputies approves, as indexes into the poll's candidates.
const CHOICES = [[0, 1, 2], [0, 1], [0, 3]]

test('three deputies vote on a phone: counter, confirmation screen, receipt', async () => {
  for (const [i, picks] of CHOICES.entries()) {
    const page = await newPage(browser, PHONE)
    await login(page, server.url, `deputy0${i + 1}`, 'deputy-demo')
    await page.waitForURL(/\/deputy$/)
    await page.locator('[data-test=poll-link]').first().waitFor() // only the new poll is open
    if (i === 0) {
      await checkA11y(page, 'deputy home')
      await screenshot(page, 'deputy-home-phone')
    }
    await page.goto(`${server.url}/deputy/polls/${pollId}`)
    const counter = page.locator('[data-test=counter]')
    await counter.filter({ hasText: /0/ }).waitFor()
    assert.match(await counter.innerText(), /最多\D*3/)
    for (const [k, idx] of picks.entries()) {
      await page.locator(`[data-test=choice-${cands[idx].id}]`).click()
      await counter.filter({ hasText: new RegExp(`已赞成\\s*${k + 1}\\s*项`) }).waitFor()
    }
    if (i === 0) {
      // At the maximum, the other choices are disabled: a fourth tap changes nothing.
      await page.locator(`[data-test=choice-${cands[5].id}]`).click({ force: true })
      await page.waitForTimeout(200)
      assert.match(await counter.innerText(), /已赞成\s*3\s*项/)
      await assertNoOverflow(page)
      await checkA11y(page, 'ballot')
      await screenshot(page, 'ballot-phone')
    }
    await page.locator('[data-test=review]').click()
    const review = page.locator('[data-test=review-list]')
    await review.waitFor()
    // The tracker is drawn on the phone and shown before the ballot is cast.
    const drawn = await page.locator('[data-test=review-tracker]').getAttribute('data-tracker')
    assert.match(drawn, /^[0-9A-HJKMNP-TV-Z]{10}$/)
    for (const idx of picks) await review.getByText(cands[idx].title).waitFor()
    assert.equal(await review.locator('[data-test=review-item]').count(), picks.length)
    if (i === 0) {
      await checkA11y(page, 'ballot review')
      await screenshot(page, 'ballot-review-phone')
    }
    await page.locator('[data-test=cast]').click()
    const code = page.locator('[data-test=receipt-code]')
    await code.waitFor()
    const hex = (await code.innerText()).replace(/\s+/g, '')
    assert.match(hex, /^[0-9a-f]{16,}$/)
    assert.equal(await page.locator('[data-test=receipt-tracker]').getAttribute('data-tracker'), drawn)
    if (i === 0) {
      await assertNoOverflow(page)
      await checkA11y(page, 'receipt')
      await screenshot(page, 'ballot-receipt-phone')
    }
    ballots.push(picks)
    assertClean(page)
    await page.context().close()
  }
})

test('a deputy who already voted sees that, not the ballot; a second ballot is refused', async () => {
  const page = await newPage(browser, PHONE)
  await login(page, server.url, 'deputy01', 'deputy-demo')
  await page.goto(`${server.url}/deputy/polls/${pollId}`)
  await page.locator('[data-test=already-voted]').waitFor()
  assert.equal(await page.locator('[data-test^=choice-]').count(), 0, 'no ballot shown again')
  const again = await apiCall(page, 'POST', `/polls/${pollId}/ballot`, { choices: [cands[4].id] })
  assert.equal(again.status, 409)
  assert.equal(again.body.error.code, 'already_voted')
  await checkA11y(page, 'already voted')
  await screenshot(page, 'ballot-already-voted-phone')
  assertClean(page)
  await page.context().close()
})

test("clerk closes with the scrutineer's key share; the public result shows the right result and chart", async () => {
  const page = clerk
  await page.locator('[data-test=close-poll]').click()
  await page.locator('[data-test=close-dialog]').waitFor()
  await field(page, 'share-input-0').fill(share)
  await page.locator('[data-test=share-look-0]', { hasText: '第 1 号份额' }).waitFor()
  await page.locator('[data-test=close-submit]').click()
  await page.locator('[data-test=poll-status]', { hasText: '已结束' }).waitFor()
  await screenshot(page, 'clerk-poll-closed')
  // The expected result, counted here: approvals per candidate index.
  const approvals = new Map()
  for (const b of ballots) for (const idx of b) approvals.set(idx, (approvals.get(idx) ?? 0) + 1)
  const threshold = Math.floor(ballots.length / 2) + 1 // more than half of the 3 ballots cast: 2
  const selected = [...approvals].filter(([, n]) => n >= threshold).map(([idx]) => idx)
  assert.deepEqual(selected.sort(), [0, 1])

  const pub = await newPage(browser, DESKTOP)
  await pub.goto(`${server.url}/polls/${pollId}/result`)
  await pub.locator('[data-test=result-status]', { hasText: '结果有效' }).waitFor()
  assert.equal((await pub.locator('[data-test=returned]').innerText()).trim(), String(ballots.length))
  assert.equal((await pub.locator('[data-test=threshold]').innerText()).trim(), `${threshold} 票`)
  const rows = pub.locator('[data-test=result-row]')
  assert.equal(await rows.count(), 12)
  for (let idx = 0; idx < cands.length; idx++) {
    const row = pub.locator('[data-test=result-row]', { hasText: cands[idx].title }).first()
    const want = selected.includes(idx) ? 'selected' : 'failed'
    assert.equal(await row.getAttribute('data-status'), want, cands[idx].title)
  }
  // The chart: one bar per project, the threshold line labelled, the counts drawn.
  const svg = pub.locator('[data-test=chart] svg')
  await svg.waitFor()
  const text = await svg.evaluate((s) => [...s.querySelectorAll('text')].map((t) => t.textContent))
  assert.ok(text.includes(`入选线 ${threshold} 票`), 'threshold label in ' + JSON.stringify(text))
  for (const [, n] of approvals) assert.ok(text.includes(String(n)), `bar label ${n}`)
  const aria = await pub.locator('[data-test=chart]').getAttribute('aria-label')
  assert.match(aria ?? '', /12/, 'chart has a description')
  await finishPage(pub, 'public-result', 300)
})

test("a responsible unit's home: its projects and whether the vote chose them", async () => {
  const page = await newPage(browser, DESKTOP)
  await login(page, server.url, 'unit01', 'unit-demo')
  await page.waitForURL(/\/unit$/)
  await page.locator('[data-test=unit-name]', { hasText: '江州市住房和城乡建设局' }).waitFor()
  // The housing bureau's project in the demo is the lifts; the poll above chose it iff it was candidate 0 or 1.
  const idx = cands.findIndex((c) => c.title === '老旧小区加装电梯')
  assert.ok(idx >= 0)
  const row = page.locator('[data-test=unit-projects] .el-table__row', { hasText: '老旧小区加装电梯' })
  await row.waitFor()
  const outcome = (await row.locator('[data-test=unit-outcome]').innerText()).trim()
  assert.equal(outcome, idx <= 1 ? '已确定为民生实事项目' : '未过半数')
  await checkA11y(page, 'unit home')
  await screenshot(page, 'unit-home')
  assertClean(page)
  await page.context().close()
})

test('language switch: English on a toggle, remembered across reloads, and back', async () => {
  const page = await newPage(browser, DESKTOP)
  await page.goto(`${server.url}/polls/${pollId}/result`)
  await page.locator('[data-test=result-status]').waitFor()
  await page.locator('[data-test=lang]').click()
  await page.locator('[data-test=result-status]', { hasText: 'Final result' }).waitFor()
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en')
  assert.match(await page.locator('[data-test=rule-text]').innerText(), /Deputies approve up to 3 of 12/)
  await page.locator('[data-test=chart] svg text', { hasText: 'Threshold 2' }).waitFor()
  await page.reload()
  await page.locator('[data-test=result-status]', { hasText: 'Final result' }).waitFor()
  await checkA11y(page, 'public result (English)')
  await screenshot(page, 'public-result-en')
  await page.locator('[data-test=lang]').click()
  await page.locator('[data-test=result-status]', { hasText: '结果有效' }).waitFor()
  assertClean(page)
  await page.context().close()
})
