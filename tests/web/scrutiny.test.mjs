// Sealed ballots in a real browser (docs/secrecy.md), in order: the clerk names
// three scrutineers of whom two shares open the ballots, and the poll page
// says who has not prepared; two scrutineers prepare on their phones (the
// Scrutiny page, reached from the deputy's home), the third from Node; the
// clerk opens; the two receive their key shares once, as text and QR code;
// two deputies vote and see their trackers; the clerk closes with the shares
// typed into the dialog (a wrong one named next to its box first); the deputy
// finds the tracker on the bulletin from home, checked in the browser; and
// anyone reads the public bulletin, searches it and downloads it, and
// `minsheng verify` recounts the download.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startWithClerk, stopAll, newPage, field, assertClean, screenshot, checkA11y, login, apiCall, assertNoOverflow, finishPage, BIN, PHONE, DESKTOP, dropdownsClosed } from './harness.mjs'
import { deputyIds, prepare } from './scrutineers.mjs'

const TRACKER = /^[0-9A-HJKMNP-TV-Z]{10}$/

let server
let browser
let clerk // the clerk's page (desktop), logged in throughout
let pollId
let cands
const SCRUTINEERS = ['deputy07', 'deputy08', 'deputy09']
let names // login → name of the scrutineers
const scrutineerPages = {} // login → the phone page each prepared on (the key lives in its storage)
const shares = {} // login → the share text its page showed
const voters = {} // login → { page, tracker, picks }

before(async () => ({ server, browser, clerk } = await startWithClerk()))
after(() => stopAll({ browser, server }))

const call = (page) => (m, p, b) => apiCall(page, m, p, b)

test('the clerk names three scrutineers, two shares to open; the poll page says who has not prepared, and the open waits', async () => {
  const made = await apiCall(clerk, 'POST', '/cycles/1/polls', { title: '密封选票测试', slots: 2, max_approvals: 2 })
  assert.equal(made.status, 201, JSON.stringify(made.body))
  pollId = made.body.id
  cands = made.body.candidates
  const page = clerk
  await page.goto(`${server.url}/clerk/polls/${pollId}`)
  await page.locator('[data-test=no-scrutineers]').waitFor()
  await page.locator('[data-test=set-scrutineers]').click()
  await page.locator('[data-test=scrutineers-dialog]').waitFor()
  const ids = await deputyIds(call(page), SCRUTINEERS)
  for (const [i, l] of SCRUTINEERS.entries()) {
    await page.locator('[data-test=scrutineers-dialog] [data-test=scrutineer-select] input').fill(l)
    await page.locator(`[data-test=scrutineer-option-${ids[i]}]`).click()
  }
  await page.keyboard.press('Escape')
  await dropdownsClosed(page)
  // The default is a majority (2 of 3); the clerk states it.
  await page.locator('[data-test=scrutineers-dialog] [data-test=shares-help]', { hasText: /2\D+3/ }).waitFor()
  await field(page, 'shares-needed').fill('2')
  await checkA11y(page, 'scrutineers dialog')
  await screenshot(page, 'clerk-scrutineers-dialog')
  await page.locator('[data-test=scrutineers-save]').click()
  await page.locator('[data-test=scrutineers-dialog]').waitFor({ state: 'hidden' })
  const rows = page.locator('[data-test=scrutineer-row]')
  await rows.nth(2).waitFor()
  assert.equal(await rows.count(), 3)
  assert.equal(await page.locator('[data-test=scrutineer-state]', { hasText: '未准备' }).count(), 3)
  const list = await apiCall(page, 'GET', `/polls/${pollId}/scrutineers`)
  assert.equal(list.body.shares_needed, 2)
  names = Object.fromEntries(SCRUTINEERS.map((l, i) => [l, list.body.scrutineers.find((s) => s.user_id === ids[i]).name]))
  const waiting = await page.locator('[data-test=scrutineers-waiting]').innerText()
  for (const l of SCRUTINEERS) assert.ok(waiting.includes(names[l]), `${names[l]} named in: ${waiting}`)
  // The quorum is met, the open still waits for the scrutineers; the server says the same.
  const deputies = (await apiCall(page, 'GET', '/congresses/1/deputies?per_page=200')).body.items.map((d) => d.id)
  assert.equal((await apiCall(page, 'POST', `/polls/${pollId}/checkin`, { deputy_ids: deputies.slice(0, 40) })).status, 200)
  await page.locator('[data-test=quorum]', { hasText: '已达到法定人数' }).waitFor()
  await page.locator('[data-test=open-needs-scrutineers]').waitFor()
  assert.ok(await page.locator('[data-test=open-poll]').isDisabled())
  const refused = await apiCall(page, 'POST', `/polls/${pollId}/open`, {})
  assert.equal(refused.status, 409)
  assert.equal(refused.body.error.code, 'scrutineer_no_key')
  await checkA11y(page, 'poll waiting for its scrutineers')
  await screenshot(page, 'clerk-poll-scrutineers-waiting')
  assertClean(page)
})

test('two scrutineers prepare on their phones from the Scrutiny page; the key stays on the device; the clerk opens', async () => {
  for (const l of SCRUTINEERS.slice(0, 2)) {
    const page = await newPage(browser, PHONE)
    await login(page, server.url, l, 'deputy-demo')
    await page.waitForURL(/\/deputy$/)
    await page.locator('[data-test=scrutiny-notice]', { hasText: '密封选票测试' }).waitFor()
    await page.locator('[data-test=scrutiny-notice] [data-test=scrutiny-link]').click()
    await page.waitForURL(/\/deputy\/scrutiny$/)
    const card = page.locator(`[data-test=scrutiny-card][data-poll-id="${pollId}"]`)
    await card.locator('[data-test=prepare]').waitFor()
    assert.equal(await card.getAttribute('data-state'), 'prepare')
    if (l === 'deputy07') {
      await assertNoOverflow(page)
      await checkA11y(page, 'scrutiny: prepare')
      await screenshot(page, 'scrutiny-prepare-phone')
    }
    await card.locator('[data-test=prepare]').click()
    await card.locator('[data-test=prepared]').waitFor()
    assert.equal(await card.getAttribute('data-state'), 'prepared')
    const kept = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)), `minsheng.scrutiny.u${(await apiCall(page, 'GET', '/me')).body.user.id}.p${pollId}`)
    assert.equal(kept.state, 'prepared')
    assert.match(kept.secret_key, /^[A-Za-z0-9_-]{43}$/)
    if (l === 'deputy07') {
      await checkA11y(page, 'scrutiny: prepared')
      await screenshot(page, 'scrutiny-prepared-phone')
    }
    assertClean(page)
    scrutineerPages[l] = page
  }
  await prepare(server.url, pollId, SCRUTINEERS.slice(2)) // the third, from Node: it will not give its share
  const page = clerk
  await page.locator('[data-test=scrutineers-ready]').waitFor() // the page asks every 3 s
  assert.equal(await page.locator('[data-test=scrutineer-state]', { hasText: '已准备' }).count(), 3)
  await page.locator('[data-test=open-poll]:not([disabled])').click()
  await page.locator('.el-message-box__btns .el-button--primary').click()
  await page.locator('[data-test=poll-status]', { hasText: '投票中' }).waitFor()
  await page.locator('[data-test=scrutineer-state]', { hasText: '密钥份额已生成' }).nth(2).waitFor()
  assertClean(page)
})

test('each scrutineer receives the key share once: text and QR code, a print button; then the key is gone from the device', async () => {
  for (const l of SCRUTINEERS.slice(0, 2)) {
    const page = scrutineerPages[l]
    await page.locator('[data-test=refresh]').click()
    const card = page.locator(`[data-test=scrutiny-card][data-poll-id="${pollId}"]`)
    await card.locator('[data-test=receive]').waitFor()
    await card.locator('[data-test=receive]').click()
    const sheet = card.locator('[data-test=share-sheet]')
    await sheet.waitFor()
    const text = await sheet.locator('[data-test=share-text]').getAttribute('data-share')
    assert.match(text, new RegExp(`^ms1-${pollId}-[A-Za-z0-9_-]{44}$`))
    // The text on screen is the share in groups; without its spaces it is the share.
    assert.equal((await sheet.locator('[data-test=share-text]').innerText()).replace(/\s+/g, ''), text)
    const qr = sheet.locator('[data-test=share-qr]')
    await qr.waitFor()
    assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth >= 100), 'the QR code is drawn')
    await sheet.locator('[data-test=share-print]').waitFor()
    assert.match(await sheet.innerText(), /只显示这一次/)
    const userId = (await apiCall(page, 'GET', '/me')).body.user.id
    const kept = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)), `minsheng.scrutiny.u${userId}.p${pollId}`)
    assert.equal(kept.state, 'received')
    assert.equal(kept.secret_key, undefined, 'the one-time key is forgotten once the share is open')
    if (l === 'deputy07') {
      await assertNoOverflow(page)
      await checkA11y(page, 'scrutiny: the share')
      await screenshot(page, 'scrutiny-share-phone')
    }
    shares[l] = text
    await sheet.locator('[data-test=share-done]').click()
    await card.locator('[data-test=received]').waitFor()
    // Shown once: after a reload the page can only say it was received.
    await page.reload()
    await card.locator('[data-test=received]').waitFor()
    assert.equal(await card.locator('[data-test=receive]').count(), 0)
    assertClean(page)
    await page.context().close()
  }
  assert.notEqual(shares.deputy07, shares.deputy08)
})

test('two deputies vote on a phone: the tracker is drawn on the device, sent, shown with the receipt and kept', async () => {
  const picks = { deputy20: [0, 1], deputy21: [2] }
  for (const [l, idx] of Object.entries(picks)) {
    const page = await newPage(browser, PHONE)
    await login(page, server.url, l, 'deputy-demo')
    await page.goto(`${server.url}/deputy/polls/${pollId}`)
    for (const i of idx) await page.locator(`[data-test=choice-${cands[i].id}]`).click()
    await page.locator('[data-test=review]').click()
    const drawn = await page.locator('[data-test=review-tracker]').getAttribute('data-tracker')
    assert.match(drawn, TRACKER)
    const sent = page.waitForRequest((r) => r.url().endsWith(`/polls/${pollId}/ballot`) && r.method() === 'POST')
    await page.locator('[data-test=cast]').click()
    const body = JSON.parse((await sent).postData())
    assert.equal(body.tracker, drawn, 'the device sends the tracker it drew')
    const shown = page.locator('[data-test=receipt-tracker]')
    await shown.waitFor()
    assert.equal(await shown.getAttribute('data-tracker'), drawn)
    assert.equal(await shown.innerText(), drawn.slice(0, 5) + '-' + drawn.slice(5))
    await page.locator('[data-test=tracker-kept]', { hasText: '本设备已保存' }).waitFor()
    const userId = (await apiCall(page, 'GET', '/me')).body.user.id
    const kept = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)), `minsheng.tracker.u${userId}.p${pollId}`)
    assert.equal(kept.tracker, drawn)
    assert.equal(kept.state, 'cast')
    assert.equal(kept.choices, undefined, 'the choices are never stored')
    if (l === 'deputy20') {
      await assertNoOverflow(page)
      await checkA11y(page, 'receipt with tracker')
      await screenshot(page, 'ballot-receipt-tracker-phone')
      await page.locator('[data-test=home]').click()
      await page.locator('[data-test=open-kept]', { hasText: drawn.slice(0, 5) }).waitFor()
    }
    assertClean(page)
    voters[l] = { page, tracker: drawn, picks: idx }
  }
  await voters.deputy21.page.context().close()
})

test('the clerk closes with two shares typed into the dialog; a wrong share is named next to its box', async () => {
  const page = clerk
  await page.locator('[data-test=close-poll]').click()
  const dialog = page.locator('[data-test=close-dialog]')
  await dialog.waitFor()
  await dialog.locator('[data-test=shares-count]', { hasText: /0\D+2/ }).waitFor()
  assert.ok(await page.locator('[data-test=close-submit]').isDisabled())
  // Not a share at all: the page says so before the server is asked.
  await field(page, 'share-input-0').fill('hello')
  await dialog.locator('[data-test=share-look-0]', { hasText: '不像密钥份额' }).waitFor()
  // deputy07's share with its last character changed: still share No. 1, but not the one it was given.
  const good = shares.deputy07
  const last = good.at(-1) === 'A' ? 'B' : 'A'
  const wrong = good.slice(0, -1) + last
  // Typed as a scrutineer reads it out: in groups, with spaces.
  await field(page, 'share-input-0').fill(wrong.replace(/(.{4})/g, '$1 '))
  await dialog.locator('[data-test=share-look-0]', { hasText: names.deputy07 }).waitFor()
  await field(page, 'share-input-1').fill(shares.deputy08)
  await dialog.locator('[data-test=share-look-1]', { hasText: names.deputy08 }).waitFor()
  await dialog.locator('[data-test=shares-count]', { hasText: /2\D+2/ }).waitFor()
  await page.locator('[data-test=close-submit]').click()
  const err = dialog.locator('[data-test=share-item-0] .el-form-item__error')
  await err.waitFor()
  const refused = await apiCall(page, 'POST', `/polls/${pollId}/close`, { shares: [wrong, shares.deputy08] })
  assert.equal(refused.body.error.code, 'wrong_share')
  assert.equal((await err.innerText()).trim(), refused.body.error.message_zh)
  assert.ok((await err.innerText()).includes(names.deputy07), 'the error names the share’s scrutineer')
  assert.equal(await dialog.locator('[data-test=share-item-1] .el-form-item__error').count(), 0)
  assert.equal((await apiCall(page, 'GET', `/polls/${pollId}`)).body.status, 'open', 'the poll stays open')
  await checkA11y(page, 'close dialog with a wrong share')
  await screenshot(page, 'clerk-close-wrong-share')
  await field(page, 'share-input-0').fill(good)
  await page.locator('[data-test=close-submit]').click()
  await dialog.waitFor({ state: 'hidden' })
  await page.locator('[data-test=poll-status]', { hasText: '已结束' }).waitFor()
  await page.locator('[data-test=result] [data-test=returned]', { hasText: '2' }).waitFor()
  await page.locator('[data-test=bulletin-link]').waitFor()
  assertClean(page)
})

test('after the close the deputy finds the tracker on the bulletin from home, checked in the browser; a tracker typed in too', async () => {
  const { page, tracker, picks } = voters.deputy20
  const asked = []
  page.on('request', (r) => asked.push(r.url() + ' ' + (r.postData() ?? '')))
  await page.goto(`${server.url}/deputy`)
  const check = page.locator(`[data-test=tracker-check][data-poll-id="${pollId}"]`)
  await check.waitFor()
  const input = check.locator('input[data-test=tracker-input], [data-test=tracker-input] input')
  assert.equal(await check.locator('[data-test=kept-tracker]').getAttribute('data-tracker'), tracker)
  const found = check.locator('[data-test=kept-result]')
  await found.waitFor()
  assert.equal(await found.getAttribute('data-found'), 'yes')
  const titles = await found.locator('[data-test=choice-title]').evaluateAll((els) => els.map((e) => Number(e.dataset.id)))
  assert.deepEqual(titles.sort(), picks.map((i) => cands[i].id).sort(), 'the bulletin records the choices made')
  // By hand: small letters, a space in place of the hyphen, O for zero.
  await input.fill((tracker.slice(0, 5) + ' ' + tracker.slice(5)).toLowerCase().replace(/0/g, 'o'))
  await check.locator('[data-test=tracker-check-btn]').click()
  await check.locator('[data-test=typed-result][data-found=yes]').waitFor()
  await input.fill('ZZZZZ-ZZZZZ')
  await check.locator('[data-test=tracker-check-btn]').click()
  await check.locator('[data-test=typed-result][data-found=no]').waitFor()
  await input.fill('ABC')
  await check.locator('[data-test=tracker-check-btn]').click()
  await check.locator('[data-test=tracker-input-error]').waitFor()
  // The server was asked for the whole bulletin, never about one tracker.
  assert.ok(asked.some((u) => u.includes(`/api/v1/polls/${pollId}/bulletin`)))
  for (const u of asked) assert.ok(!u.toUpperCase().includes(tracker) && !u.includes('ZZZZZ'), 'no tracker sent: ' + u)
  await assertNoOverflow(page)
  await checkA11y(page, 'deputy home: tracker on the bulletin')
  await screenshot(page, 'deputy-home-tracker-phone')
  assertClean(page)
  await page.context().close()
})

test('the public bulletin: every ballot with its tracker and choices, the hash, a search, and the download that minsheng verify recounts', async () => {
  const page = await newPage(browser, DESKTOP)
  await page.goto(`${server.url}/polls/${pollId}/result`)
  await page.locator('[data-test=bulletin-link]').click()
  await page.waitForURL(new RegExp(`/polls/${pollId}/bulletin$`))
  await page.locator('[data-test=bulletin-count]', { hasText: '2' }).waitFor()
  const trackers = await page.locator('[data-test=bulletin-tracker]').evaluateAll((els) => els.map((e) => e.dataset.tracker))
  assert.deepEqual(trackers.sort(), [voters.deputy20.tracker, voters.deputy21.tracker].sort())
  await page.locator('[data-test=hash-check]', { hasText: '一致' }).waitFor()
  const result = await apiCall(page, 'GET', `/polls/${pollId}/result`)
  assert.equal((await page.locator('[data-test=bulletin-hash]').innerText()).trim(), result.body.bulletin_hash)
  // deputy21's ballot: one project, by title.
  const row = page.locator('.el-table__row', { has: page.locator(`[data-tracker="${voters.deputy21.tracker}"]`) })
  await row.getByText(cands[2].title).waitFor()
  // The search, in the browser.
  await field(page, 'tracker-search').fill(voters.deputy21.tracker.toLowerCase())
  await page.locator('[data-test=tracker-search-result][data-state=found]').waitFor()
  assert.equal(await page.locator('[data-test=bulletin-tracker]').count(), 1)
  await field(page, 'tracker-search').fill('ZZZZZZZZZZ')
  await page.locator('[data-test=tracker-search-result][data-state=missing]').waitFor()
  await field(page, 'tracker-search').fill('')
  await page.locator('[data-test=bulletin-tracker]').nth(1).waitFor()
  // The download is the server's bulletin, and minsheng verify recounts it to the published result.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=bulletin-download]').click()])
  assert.equal(download.suggestedFilename(), `bulletin-${pollId}.json`)
  const dir = mkdtempSync(join(tmpdir(), 'minsheng-bulletin-'))
  try {
    const file = join(dir, download.suggestedFilename())
    await download.saveAs(file)
    const doc = JSON.parse(readFileSync(file, 'utf8'))
    assert.equal(doc.format, 'minsheng-bulletin-1')
    assert.equal(doc.ballots.length, 2)
    const verify = spawnSync(BIN, ['verify', file], { encoding: 'utf8', env: { ...process.env, LANG: 'C' } })
    assert.equal(verify.status, 0, verify.stdout + verify.stderr)
    assert.match(verify.stdout, /matches/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  assert.match(await page.locator('[data-test=verify-command]').innerText(), new RegExp(`minsheng verify bulletin-${pollId}\\.json`))
  await finishPage(page, 'public-bulletin')
})

test('the Scrutiny page after the close: nothing is left to do', async () => {
  const page = await newPage(browser, PHONE)
  await login(page, server.url, 'deputy07', 'deputy-demo')
  await page.goto(`${server.url}/deputy/scrutiny`)
  await page.locator('[data-test=no-scrutiny]').waitFor()
  await checkA11y(page, 'scrutiny: nothing to do')
  assertClean(page)
  await page.context().close()
})
