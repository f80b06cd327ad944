// A poll's printables in a real browser (issue 15): on the clerk's page of
// the demo's closed poll the clerk downloads the paper ballot, the tally
// sheet (计票结果报告单) and the result workbook — each file read back
// (pdftotext; the workbook's XML through unzip) holds the poll's Chinese
// title, a candidate's title and the figures; a draft poll's page offers
// the ballot only; the public result page offers the workbook, and printed
// (print media) it shows the result without the site's header, navigation,
// login link or the download links.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer, launch, newPage, assertClean, screenshot, checkA11y, login, apiCall, DESKTOP } from './harness.mjs'

let server
let browser
let clerk
let closed // the Poll of the demo's closed selection poll
let result // its result
const tmp = mkdtempSync(join(tmpdir(), 'minsheng-print-'))
const flat = (s) => s.replace(/\s+/g, '')

before(async () => {
  server = await startServer()
  browser = await launch()
  clerk = await newPage(browser, DESKTOP)
  await login(clerk, server.url, 'clerk', 'clerk-demo')
  const cycles = (await apiCall(clerk, 'GET', '/congresses/1/cycles?per_page=100')).body.items
  for (const c of cycles) {
    const polls = (await apiCall(clerk, 'GET', `/cycles/${c.id}/polls?per_page=100`)).body.items
    const p = polls.find((x) => x.status === 'closed' && x.ballot_form !== 'rate')
    if (p) {
      closed = (await apiCall(clerk, 'GET', `/polls/${p.id}`)).body
      break
    }
  }
  assert.ok(closed, 'the demo has a closed selection poll')
  result = (await apiCall(clerk, 'GET', `/polls/${closed.id}/result`)).body
})
after(async () => {
  await browser?.close()
  await server?.stop()
  rmSync(tmp, { recursive: true, force: true })
})

async function download(page, hook, name) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-test=${hook}]`).click()])
  const path = join(tmp, name)
  await d.saveAs(path)
  assert.ok(statSync(path).size > 0, name + ' is not empty')
  return path
}

const pdfText = (path) => execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' })

test('the clerk downloads the ballot, the tally sheet and the result workbook from the closed poll\'s page', async () => {
  await clerk.goto(`${server.url}/clerk/polls/${closed.id}`)
  await clerk.locator('[data-test=printables]').waitFor()
  const top = result.candidates.find((c) => c.rank === 1)
  const ballot = flat(pdfText(await download(clerk, 'ballot-pdf', 'ballot.pdf')))
  for (const want of [closed.title, '民生实事项目代表票决票', '填写说明', ...closed.candidates.map((c) => c.title)])
    assert.ok(ballot.includes(flat(want)), `the ballot says ${want}`)
  const tally = flat(pdfText(await download(clerk, 'tally-pdf', 'tally.pdf')))
  for (const want of [closed.title, '计票结果报告单', `收回选票（张）${result.ballots_returned}`, `有效票（张）${result.valid}`,
    `应到代表（人）${result.deputies_all}`, top.title, '监票人（签名）', '总监票人（签名）'])
    assert.ok(tally.includes(flat(want)), `the tally sheet says ${want}`)
  const xlsx = await download(clerk, 'result-xlsx', 'result.xlsx')
  const cells = execFileSync('unzip', ['-p', xlsx], { encoding: 'utf8', maxBuffer: 64 << 20 })
  for (const want of [closed.title, top.title, '投票结果', '入选', '得票率（占有效票）'])
    assert.ok(cells.includes(want), `the workbook holds ${want}`)
  assert.ok(cells.includes(`<v>${top.approvals}</v>`), 'the workbook holds the first project\'s votes')
  await checkA11y(clerk, 'clerk poll with printables')
  assertClean(clerk)
})

test('a draft poll\'s page offers the paper ballot only', async () => {
  const made = await apiCall(clerk, 'POST', '/cycles/1/polls', { title: '打印测试票决', slots: 2, ballot_form: 'ranked', max_approvals: 3 })
  assert.equal(made.status, 201, JSON.stringify(made.body))
  await clerk.goto(`${server.url}/clerk/polls/${made.body.id}`)
  await clerk.locator('[data-test=ballot-pdf]').waitFor()
  assert.equal(await clerk.locator('[data-test=tally-pdf]').count(), 0)
  assert.equal(await clerk.locator('[data-test=result-xlsx]').count(), 0)
  const text = flat(pdfText(await download(clerk, 'ballot-pdf', 'ranked.pdf')))
  assert.ok(text.includes('打印测试票决') && text.includes('排序'), 'the ranked ballot')
  assertClean(clerk)
})

test('the public result page offers the workbook, and prints without the site\'s header, nav or login link', async () => {
  const page = await newPage(browser, DESKTOP)
  await page.goto(`${server.url}/polls/${closed.id}/result`)
  await page.locator('[data-test=result-table]').waitFor()
  await page.locator('[data-test=result-xlsx]').waitFor()
  assert.equal(await page.locator('[data-test=ballot-pdf]').count(), 0, 'no ballot for the public')
  assert.equal(await page.locator('[data-test=tally-pdf]').count(), 0, 'no tally sheet for the public')
  await page.locator('[data-test=login-link]').waitFor()
  await checkA11y(page, 'public result with printables')
  await page.emulateMedia({ media: 'print' })
  for (const sel of ['header.ms-header', '.ms-nav', '[data-test=login-link]', '[data-test=lang]', '[data-test=printables]'])
    assert.equal(await page.locator(sel).isVisible(), false, `${sel} is hidden in print`)
  assert.ok(await page.locator('[data-test=result-table]').isVisible(), 'the result prints')
  assert.ok(await page.locator('h1', { hasText: closed.title }).isVisible(), 'the title prints')
  const link = await page.locator('[data-test=bulletin-link]').evaluate((a) => {
    const s = getComputedStyle(a)
    return { color: s.color, line: s.textDecorationLine }
  })
  assert.deepEqual(link, { color: 'rgb(0, 0, 0)', line: 'none' }, 'links print as plain black text')
  await screenshot(page, 'public-result-print')
  await page.emulateMedia({ media: 'screen' })
  assert.ok(await page.locator('header.ms-header').isVisible(), 'the header is back on screen')
  assertClean(page)
  await page.context().close()
})
