// A code-sheet poll (匿名票码, docs/secrecy.md) in a real browser, in order: the
// clerk sets it up (the voting mode explained), names a scrutineer, who
// prepares a one-time key (played here through the API with libsodium, as
// tests/integration/scrutineers.py does); the clerk prints the slips (the PDF
// is downloaded, its codes read back with pdftotext and its QR codes with
// zbarimg), hands slips at the desk; a phone that happens to be logged in
// scans a slip before the vote opens, waits, votes without sending its
// session, and keeps its tracker; a second phone types its code by hand, in
// English; a used code is refused; a spoiled slip is voided and refused; the
// reconciliation adds up; the poll closes with the scrutineer's share and
// both trackers are on the bulletin, where the first phone finds its own.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  ROOT, startServer, launch, newPage, field, assertClean, screenshot, checkA11y, login, assertNoOverflow, apiCall, finishPage, PHONE, DESKTOP,
} from './harness.mjs'

const sodium = createRequire(join(ROOT, 'web', 'package.json'))('libsodium-wrappers')
const CODE_RX = /[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){4}/g
const TRACKER_RX = /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/
const SLIPS = 8

let server
let browser
let dir // the downloaded PDF and its pages
let clerk // the clerk's page, kept logged in across steps
let scrutineer // { page, keys } of the poll's one scrutineer
let share // the scrutineer's key share, opened after the open
let pollId
let cands // the poll's candidates
const codes = new Map() // slip number → code (no hyphens)
const cast = [] // { tracker (no hyphen), choices (candidate ids) } of each code ballot
let phone // the first phone's page (logged in as a deputy)

before(async () => {
  // cairo keeps a block after drawing the slips' PDF: the suppression make test uses (scripts/run-tests.sh).
  process.env.LSAN_OPTIONS ??= 'suppressions=' + join(ROOT, 'tests', 'lsan.supp')
  await sodium.ready
  dir = mkdtempSync(join(tmpdir(), 'minsheng-slips-'))
  server = await startServer()
  browser = await launch()
})
after(async () => {
  await browser?.close()
  await server?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** The text of a figure of the reconciliation card. */
async function figure(page, name) {
  return (await page.locator(`[data-test=count-${name}] dd`).innerText()).trim()
}

test('clerk sets up a code-sheet poll: the voting modes explained; a scrutineer named and prepared', async () => {
  const page = await newPage(browser, DESKTOP)
  await login(page, server.url, 'clerk', 'clerk-demo')
  await page.locator('[data-test=cycle-link]').first().click()
  await page.waitForURL(/\/clerk\/cycles\/\d+$/)
  await page.locator('[data-test=new-poll]').click()
  await page.locator('[data-test=poll-dialog]').waitFor()
  await field(page, 'poll-title').fill('匿名票码测试票决')
  await field(page, 'poll-slots').fill('3')
  await field(page, 'poll-max').fill('3')
  // Both modes are offered with the server's labels; each is explained.
  const help = page.locator('[data-test=poll-mode-help]')
  await page.locator('[data-test=poll-mode-login]', { hasText: '代表登录投票' }).waitFor()
  assert.match(await help.innerText(), /登录/)
  await page.locator('[data-test=poll-mode-code_sheet]', { hasText: '匿名票码投票' }).click()
  await help.filter({ hasText: '票码' }).waitFor()
  assert.match(await help.innerText(), /不知道由谁投出/)
  await page.locator('[data-test=rule-preview]').filter({ hasText: '12个候选项目中的3个' }).waitFor()
  await checkA11y(page, 'poll set-up (code sheet)')
  await screenshot(page, 'code-sheet-setup')
  await page.locator('[data-test=poll-create]').click()
  await page.waitForURL(/\/clerk\/polls\/\d+$/)
  pollId = Number(new URL(page.url()).pathname.split('/').pop())
  const poll = await apiCall(page, 'GET', `/polls/${pollId}`)
  assert.equal(poll.body.voting_mode, 'code_sheet')
  cands = poll.body.candidates
  await page.locator('[data-test=code-sheet]').waitFor()
  await page.locator('[data-test=printed-count]', { hasText: '尚未打印票码' }).waitFor()

  // The session approved deputy60 as the scrutineer; one share opens the ballots.
  const dep = await apiCall(page, 'GET', '/congresses/1/deputies?q=deputy60')
  const named = await apiCall(page, 'PUT', `/polls/${pollId}/scrutineers`, { scrutineer_ids: [dep.body.items[0].id], shares_needed: 1 })
  assert.equal(named.status, 200, JSON.stringify(named.body))
  const sp = await newPage(browser, DESKTOP)
  await login(sp, server.url, 'deputy60', 'deputy-demo')
  const keys = sodium.crypto_box_keypair()
  const pub = sodium.to_base64(keys.publicKey, sodium.base64_variants.URLSAFE_NO_PADDING)
  const prepared = await apiCall(sp, 'PUT', `/polls/${pollId}/scrutineers/me/key`, { public_key: pub })
  assert.equal(prepared.status, 200, JSON.stringify(prepared.body))
  scrutineer = { page: sp, keys }
  clerk = page
  assertClean(page)
})

test('print the slips: a default of the deputies and a tenth, the PDF downloaded, its codes and QR codes read back', async () => {
  const page = clerk
  await page.locator('[data-test=print-open]').click()
  await page.locator('[data-test=print-dialog]').waitFor()
  assert.equal(await field(page, 'print-count').inputValue(), '66', '60 deputies and a tenth')
  await checkA11y(page, 'print slips dialog')
  await field(page, 'print-count').fill(String(SLIPS))
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=print-submit]').click()])
  assert.equal(download.suggestedFilename(), `minsheng-poll-${pollId}-slips-1-${SLIPS}.pdf`)
  const pdf = join(dir, 'slips.pdf')
  await download.saveAs(pdf)
  await page.locator('[data-test=print-done]', { hasText: `第 1–${SLIPS} 号` }).waitFor()
  await page.locator('[data-test=printed-count]', { hasText: `已印制票码 ${SLIPS} 张` }).waitFor()
  await page.locator('[data-test=print-open]', { hasText: '再打印一批' }).waitFor()

  // The slips as printed: numbers and codes in the text, the voting page's address in each QR code.
  const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout
  const serials = [...text.matchAll(/第\s*(\d+)\s*号/g)].map((m) => Number(m[1]))
  const printed = text.match(CODE_RX) ?? []
  assert.deepEqual(serials, Array.from({ length: SLIPS }, (_, i) => i + 1))
  assert.equal(new Set(printed).size, SLIPS, 'distinct codes: ' + printed)
  serials.forEach((s, i) => codes.set(s, printed[i].replace(/-/g, '')))
  // each QR code read at 150 and at 300 dpi (zbar once missed one of eight at 150 alone): every code must read
  for (const dpi of ['150', '300']) assert.equal(spawnSync('pdftoppm', ['-r', dpi, '-png', pdf, join(dir, `page${dpi}`)]).status, 0)
  const urls = new Set(readdirSync(dir)
    .filter((f) => f.startsWith('page') && f.endsWith('.png'))
    .flatMap((png) => spawnSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', join(dir, png)], { encoding: 'utf8' }).stdout.split(/\s+/))
    .filter(Boolean))
  assert.deepEqual([...urls].sort(), [...codes.values()].map((c) => `${server.url}/v#${pollId}.${c}`).sort())
  assertClean(page)
})

test('the desk hands slips to checked-in deputies, one and several at once, never recording which', async () => {
  const page = clerk
  // 40 deputies check in (the desk's own table does this; here the API, for speed).
  const att = await apiCall(page, 'GET', `/polls/${pollId}/attendance?per_page=200`)
  const ids = Object.fromEntries(att.body.items.map((d) => [d.login, d.id]))
  const present = att.body.items.slice(0, 40).map((d) => d.id)
  assert.equal((await apiCall(page, 'POST', `/polls/${pollId}/checkin`, { deputy_ids: present })).status, 200)
  assert.ok(!present.includes(ids.deputy50), 'deputy50 stays away')

  const list = page.locator('[data-test=slip-handout]')
  await field(page, 'slip-search').fill('deputy05')
  const row5 = list.locator('.el-table__row', { hasText: 'deputy05' })
  await row5.locator('[data-test=hand-one]').click()
  await row5.locator('[data-test=slip-tag]', { hasText: '已领取' }).waitFor()
  await page.locator('[data-test=hand-done]', { hasText: '已登记 1 名代表领取票码' }).waitFor()
  // One not checked in gets no slip.
  await field(page, 'slip-search').fill('deputy50')
  const row50 = list.locator('.el-table__row', { hasText: 'deputy50' })
  await row50.getByText('须先签到').waitFor()
  assert.equal(await row50.locator('[data-test=hand-one]').count(), 0)
  // Three at once.
  await field(page, 'slip-search').fill('')
  for (const login of ['deputy06', 'deputy07', 'deputy08']) await list.locator('.el-table__row', { hasText: login }).locator('.el-checkbox').click()
  await list.locator('[data-test=hand-selected]', { hasText: '已选 3 人' }).click()
  await page.locator('[data-test=hand-done]', { hasText: '已登记 3 名代表领取票码' }).waitFor()
  await list.locator('.el-table__row', { hasText: 'deputy08' }).locator('[data-test=slip-tag]').waitFor()
  await page.locator('[data-test=count-handed] dd', { hasText: '4' }).waitFor()
  const after = await apiCall(page, 'GET', `/polls/${pollId}/attendance?per_page=200`)
  const slips = after.body.items.filter((d) => d.slip).map((d) => d.login).sort()
  assert.deepEqual(slips, ['deputy05', 'deputy06', 'deputy07', 'deputy08'])
  await checkA11y(page, 'slip desk')
  await screenshot(page, 'code-sheet-desk')
  assertClean(page)
})

test('a phone scans a slip before the vote opens, waits, then votes without its session and keeps the tracker', async () => {
  // A deputy's phone that is logged in: the voting page must not send its cookie.
  const page = await newPage(browser, PHONE)
  await login(page, server.url, 'deputy05', 'deputy-demo')
  await page.goto('about:blank') // leave the deputy's home, which refreshes itself with the session
  const apiRequests = []
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/')) apiRequests.push(r)
  })
  await page.goto(`${server.url}/v#${pollId}.${codes.get(1)}`)
  await page.locator('[data-test=code-problem][data-problem=notOpen]').waitFor()
  // The code left the address and the history at once.
  assert.equal(new URL(page.url()).hash, `#${pollId}`)
  assert.ok(!JSON.stringify(await page.evaluate(() => history.state)).includes(codes.get(1)), 'the code in history.state')
  await checkA11y(page, 'slip: not open yet')
  await screenshot(page, 'slip-not-open-phone')

  // The clerk opens the vote (the scrutineer is prepared); the scrutineer opens the share sealed to them.
  const opened = await apiCall(clerk, 'POST', `/polls/${pollId}/open`, {})
  assert.equal(opened.status, 200, JSON.stringify(opened.body))
  const sealed = await apiCall(scrutineer.page, 'GET', `/polls/${pollId}/scrutineers/me/share`)
  assert.equal(sealed.status, 200, JSON.stringify(sealed.body))
  const box = sodium.from_base64(sealed.body.sealed_share, sodium.base64_variants.URLSAFE_NO_PADDING)
  share = sodium.to_string(sodium.crypto_box_seal_open(box, scrutineer.keys.publicKey, scrutineer.keys.privateKey))
  assert.match(share, new RegExp(`^ms1-${pollId}-`))
  await scrutineer.page.context().close()

  // The waiting page finds the vote open by itself.
  await page.locator('[data-test=code-valid]').waitFor({ timeout: 15000 })
  const counter = page.locator('[data-test=counter]')
  const picks = [cands[0].id, cands[2].id]
  for (const [k, id] of picks.entries()) {
    await page.locator(`[data-test=choice-${id}]`).click()
    await counter.filter({ hasText: new RegExp(`已赞成\\s*${k + 1}\\s*项`) }).waitFor()
  }
  await assertNoOverflow(page)
  await checkA11y(page, 'slip ballot')
  await screenshot(page, 'slip-ballot-phone')
  await page.locator('[data-test=review]').click()
  await page.locator('[data-test=review-list]').waitFor()
  assert.equal(await page.locator('[data-test=review-item]').count(), 2)
  await page.locator('[data-test=cast]').click()
  const shown = page.locator('[data-test=tracker]')
  await shown.waitFor()
  const tracker = (await shown.innerText()).trim()
  assert.match(tracker, TRACKER_RX)
  await page.locator('[data-test=tracker-kept]', { hasText: '已保存在本机' }).waitFor()
  await page.getByText('不能向任何人证明您投了什么').waitFor()
  cast.push({ tracker: tracker.replace('-', ''), choices: picks })
  // Only the tracker is kept on the phone: not the code, not the choices.
  const stored = await page.evaluate(() => localStorage.getItem('minsheng.trackers'))
  assert.ok(stored.includes(tracker.replace('-', '')), stored)
  assert.ok(!stored.includes(codes.get(1)) && !stored.includes('choices'), stored)

  // Every API call of the voting page went without the session, and none asked who is logged in.
  assert.ok(apiRequests.some((r) => r.url().endsWith('/code-ballot')), 'the ballot was sent')
  for (const r of apiRequests) {
    const h = await r.allHeaders()
    assert.ok(!h.cookie, `${r.method()} ${r.url()} sent a cookie`)
    assert.ok(!h['x-csrf-token'], `${r.method()} ${r.url()} sent the CSRF token`)
    assert.ok(!r.url().endsWith('/api/v1/me'), 'the voting page asked /me')
  }
  await assertNoOverflow(page)
  await checkA11y(page, 'slip tracker')
  await screenshot(page, 'slip-tracker-phone')
  assertClean(page)
  phone = page
})

test('a second phone types its code by hand, in English; a used code and a bad one are refused', async () => {
  const page = await newPage(browser, PHONE)
  await page.goto(`${server.url}/v`)
  await page.locator('[data-test=lang]').click()
  const entry = page.locator('[data-test=code-entry]')
  await entry.getByText('Enter the code').waitFor()
  // The open code-sheet poll is found and chosen.
  await page.locator(`[data-test=entry-poll] option[value="${pollId}"]`).waitFor({ state: 'attached' })
  assert.equal(await page.locator('[data-test=entry-poll]').inputValue(), String(pollId))
  await page.locator('[data-test=entry-code]').fill('ABC')
  await page.locator('[data-test=entry-submit]').click()
  await page.locator('[data-test=entry-fault]', { hasText: '20 letters or digits' }).waitFor()
  await checkA11y(page, 'slip code entry')
  await screenshot(page, 'slip-entry-phone-en')
  // As typed from the slip: lower case, with its hyphens.
  const typed = codes.get(2).toLowerCase().match(/.{4}/g).join('-')
  await page.locator('[data-test=entry-code]').fill(typed)
  await page.locator('[data-test=entry-submit]').click()
  await page.locator('[data-test=code-valid]', { hasText: 'The code is valid' }).waitFor()
  await page.locator(`[data-test=choice-${cands[1].id}]`).click()
  await page.locator('[data-test=counter]', { hasText: /approved 1 of at most 3/ }).waitFor()
  await page.locator('[data-test=review]').click()
  await page.locator('[data-test=cast]').click()
  const tracker = (await page.locator('[data-test=tracker]').innerText()).trim()
  assert.match(tracker, TRACKER_RX)
  await page.getByText('proves nothing to anyone else').waitFor()
  cast.push({ tracker: tracker.replace('-', ''), choices: [cands[1].id] })

  // Slip 1 again (scanned while the page is open): refused as used.
  await page.goto(`${server.url}/v#${pollId}.${codes.get(1)}`)
  await page.locator('[data-test=code-problem][data-problem=used]', { hasText: 'already been used' }).waitFor()
  assert.equal(await page.locator('[data-test=ballot]').count(), 0)
  // A code of no slip.
  await page.goto(`${server.url}/v#${pollId}.${'0'.repeat(20)}`)
  await page.locator('[data-test=entry-error]', { hasText: 'not a voting code of this vote' }).waitFor()
  await checkA11y(page, 'slip refused')
  await screenshot(page, 'slip-refused-phone-en')
  // The server refuses a used code too.
  const again = await page.evaluate(
    async ({ poll, code }) => {
      const r = await fetch(`/api/v1/polls/${poll}/code-ballot`, { method: 'POST', credentials: 'omit', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code, choices: [] }) })
      return { status: r.status, body: await r.json() }
    },
    { poll: pollId, code: codes.get(2) },
  )
  assert.equal(again.status, 409)
  assert.equal(again.body.error.code, 'code_used')
  assertClean(page)
  await page.context().close()
})

test('the desk voids a spoiled slip, which the phone then refuses; a used slip cannot be voided; the reconciliation adds up', async () => {
  const page = clerk
  const box = page.locator('[data-test=void-slips]')
  await field(page, 'void-serials').fill('3')
  await page.locator('[data-test=void-submit]').click()
  await page.locator('.el-message-box', { hasText: '确认作废第 3 号票码' }).waitFor()
  await page.locator('.el-message-box__btns .el-button--primary').click()
  await page.locator('[data-test=count-voided] dd', { hasText: '1' }).waitFor()
  // Slip 1 voted: the server refuses, under the field, in Chinese.
  await field(page, 'void-serials').fill('1')
  await page.locator('[data-test=void-submit]').click()
  await page.locator('.el-message-box__btns .el-button--primary').click()
  await box.locator('.el-form-item__error', { hasText: '第 1 号票码已投过票，不能作废' }).waitFor()
  // Not numbers at all: said before asking the server.
  await field(page, 'void-serials').fill('三号')
  await page.locator('[data-test=void-submit]').click()
  await box.locator('.el-form-item__error', { hasText: '请输入票码编号' }).waitFor()

  const p = await newPage(browser, PHONE)
  await p.goto(`${server.url}/v#${pollId}.${codes.get(3)}`)
  await p.locator('[data-test=code-problem][data-problem=void]', { hasText: '该票码已作废' }).waitFor()
  await finishPage(p, 'slip-void')

  await page.locator('[data-test=counts-refresh]').click()
  const want = { printed: 8, handed: 4, used: 2, voided: 1, unused: 5, ballots: 2, slips_not_returned: 2 }
  for (const [k, v] of Object.entries(want)) await page.locator(`[data-test=count-${k}] dd`, { hasText: new RegExp(`^${v}$`) }).waitFor()
  for (const k of Object.keys(want)) assert.equal(await figure(page, k), String(want[k]), k)
  assert.match(await page.locator('[data-test=count-sum]').innerText(), /印制 8 张 = 已投票 2 张 \+ 已作废 1 张 \+ 未使用 5 张/)
  await page.locator('[data-test=slips-match]').waitFor()
  const api = await apiCall(page, 'GET', `/polls/${pollId}/codes`)
  assert.deepEqual(api.body, want)
  await checkA11y(page, 'slip reconciliation')
  await screenshot(page, 'code-sheet-reconciliation')
  assertClean(page)
})

test("the poll closes with the scrutineer's share; both trackers are on the bulletin; the phone finds its own", async () => {
  const closed = await apiCall(clerk, 'POST', `/polls/${pollId}/close`, { shares: [share] })
  assert.equal(closed.status, 200, JSON.stringify(closed.body))
  assert.equal(closed.body.ballots_returned, 2)
  const bulletin = await (await fetch(`${server.url}/api/v1/polls/${pollId}/bulletin`)).json()
  const on = new Map(bulletin.ballots.map((b) => [b.tracker, [...b.choices].sort((x, y) => x - y)]))
  assert.equal(on.size, 2)
  for (const c of cast) assert.deepEqual(on.get(c.tracker), [...c.choices].sort((x, y) => x - y), c.tracker)

  // The clerk's page keeps the final reconciliation, with nothing left to print, hand or void.
  await clerk.locator('[data-test=poll-status]', { hasText: '已结束' }).waitFor()
  await clerk.locator('[data-test=slip-reconcile]').waitFor()
  assert.equal(await clerk.locator('[data-test=print-slips], [data-test=slip-handout], [data-test=void-slips]').count(), 0)
  assert.equal(await figure(clerk, 'used'), '2')
  assertClean(clerk)

  // The first phone looks its tracker up in the downloaded bulletin.
  const page = phone
  await page.goto(`${server.url}/v`)
  const mine = page.locator(`[data-test=kept-tracker][data-tracker="${cast[0].tracker}"]`)
  await mine.locator('[data-test=kept-check]').click()
  const found = mine.locator('[data-test=kept-found][data-found=true]')
  await found.waitFor()
  for (const id of cast[0].choices) await found.getByText(cands.find((c) => c.id === id).title, { exact: false }).waitFor()
  await finishPage(page, 'slip-bulletin-lookup')
})
