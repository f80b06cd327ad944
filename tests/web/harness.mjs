// Browser-test harness: a real `minsheng serve` on a free loopback port with a
// fresh demo database and the built front end (web/dist), Debian's Chromium
// driven by playwright-core, axe-core for accessibility, screenshots into
// build/screenshots/. Every page the tests open is watched for JavaScript
// errors and Content-Security-Policy violations; either fails the test.
import { spawn, spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import assert from 'node:assert/strict'

export const ROOT = process.env.MINSHENG_ROOT ?? resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const require = createRequire(join(ROOT, 'web', 'package.json'))
const { chromium } = require('playwright-core')
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

export const BIN = process.env.MINSHENG_BIN ?? join(ROOT, 'build', 'minsheng')
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium'
export const SHOTS = join(ROOT, 'build', 'screenshots')
export const PHONE = { width: 360, height: 740 }
export const DESKTOP = { width: 1280, height: 900 }

const SANITIZER = /ERROR: (Address|Leak)Sanitizer|SUMMARY: \w+Sanitizer|runtime error:/

/** The environment of every minsheng process a test starts. */
function baseEnv() {
  // leaks inside system libraries, each reproduced without Minsheng (tests/lsan.supp)
  return { LSAN_OPTIONS: `suppressions=${join(ROOT, 'tests', 'lsan.supp')}`, ...process.env, MINSHENG_PWHASH_COST: 'min' }
}

/** `minsheng init` and `minsheng demo` on db (a SQLite path or a postgresql:// URI). */
export function makeDemo(db) {
  for (const args of [['init', '--db', db], ['demo', '--db', db]]) {
    const r = spawnSync(BIN, args, { env: baseEnv(), encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`minsheng ${args[0]} failed: ${r.stderr}`)
  }
}

/**
 * `minsheng serve` on db with the built front end, on a free loopback port.
 * Resolves, once it listens, to {url, stop()}; stop() ends it with SIGTERM
 * and asserts a clean exit with no sanitizer report.
 */
export async function serve(db, serveEnv = {}) {
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--web', process.env.MINSHENG_WEB_DIST ?? join(ROOT, 'web', 'dist')], {
    env: { ...baseEnv(), ...serveEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('server did not start: ' + log)), 20000)
    const onData = (d) => {
      log += d
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(log)
      if (m) {
        clearTimeout(timer)
        ok(m[1])
      }
    }
    proc.stdout.on('data', onData)
    proc.stderr.on('data', onData)
    proc.on('exit', (code) => fail(new Error(`server exited ${code}: ${log}`)))
  })
  return {
    url,
    async stop() {
      const done = new Promise((ok) => proc.on('exit', (code, sig) => ok({ code, sig })))
      proc.kill('SIGTERM')
      const { code } = await done
      assert.ok(!SANITIZER.test(log), 'sanitizer report from the server:\n' + log)
      assert.equal(code, 0, 'server exit status\n' + log)
    },
  }
}

/**
 * Start a server on a fresh demo database. Resolves to {url, db, stop()}.
 * `serveEnv` is added to the server's environment only (not the demo's): e.g.
 * MINSHENG_TODAY weeks after the day the demo was made.
 */
export async function startServer({ serveEnv = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'minsheng-web-'))
  const db = join(dir, 'test.db')
  makeDemo(db)
  const node = await serve(db, serveEnv)
  return {
    url: node.url,
    db,
    async stop() {
      try {
        await node.stop()
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run', '--disable-extensions'],
  })
}

/**
 * A new browser context + page with the given viewport. Problems (uncaught
 * errors, CSP violations, failed script/style loads) are collected in
 * page.problems; call assertClean(page) at the end of a test.
 */
export async function newPage(browser, viewport = DESKTOP, locale = 'zh-CN') {
  const context = await browser.newContext({ viewport, locale, deviceScaleFactor: 1, hasTouch: viewport.width < 600 })
  const page = await context.newPage()
  page.problems = []
  page.on('pageerror', (e) => page.problems.push('page error: ' + e.message))
  page.on('console', (m) => {
    const text = m.text()
    if (/Content[- ]Security[- ]Policy|Refused to (execute|load|apply)/i.test(text)) page.problems.push('CSP: ' + text)
    else if (m.type() === 'error' && !/status of (401|404|409|422)/.test(text)) page.problems.push('console error: ' + text)
  })
  page.on('requestfailed', (r) => {
    // A load the page itself gave up on (a navigation away while a chunk was still loading) is not a fault.
    if (r.failure()?.errorText === 'net::ERR_ABORTED') return
    if (['script', 'stylesheet', 'document'].includes(r.resourceType())) page.problems.push('failed to load ' + r.url() + ' (' + (r.failure()?.errorText ?? '') + ')')
  })
  page.setDefaultTimeout(15000)
  return page
}

export function assertClean(page) {
  assert.deepEqual(page.problems, [], 'problems on ' + page.url())
}

/**
 * Wait until no Element Plus select dropdown is showing. Escape starts a
 * closing transition; until it ends the (possibly long, scrollable) option
 * list is still in the page, and axe would judge the half-closed popup.
 */
export async function dropdownsClosed(page) {
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.el-select__popper')].every((e) => {
      const s = getComputedStyle(e)
      return s.display === 'none' || s.visibility === 'hidden' || e.getClientRects().length === 0
    }),
  )
}

/** Save build/screenshots/NAME.png (the whole page). */
export async function screenshot(page, name) {
  mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: join(SHOTS, name + '.png'), fullPage: true })
}

/**
 * Run axe-core on the page (WCAG 2 A/AA rules); fail on any serious or
 * critical violation, listing each with the elements concerned.
 */
export async function checkA11y(page, name) {
  // page.evaluate runs through the DevTools protocol, so the page's CSP (no
  // inline scripts) stays in force for the app itself while axe is injected.
  // Measure the page at rest: a tag still fading in is text at a tenth of its
  // colour. Vue starts an entering element's transition two frames after it is
  // inserted, so let three frames pass (or 200 ms), then wait (up to 5 s) for
  // every finite animation and transition; if one started while axe ran,
  // measure again, at most four times — a fault really there is found each time.
  let result
  for (let round = 0; ; round++) {
    await page.evaluate(() => new Promise((ok) => {
      setTimeout(ok, 200)
      requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(ok)))
    }))
    await page.evaluate(() => Promise.race([
      Promise.all(document.getAnimations()
        .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => null))),
      new Promise((ok) => setTimeout(ok, 5000)),
    ]))
    if (round === 0) await page.evaluate(AXE_SOURCE)
    const { violations, moved } = await page.evaluate(async () => {
      let moved = 0
      const count = () => { moved++ }
      for (const e of ['transitionstart', 'animationstart']) document.addEventListener(e, count, true)
      const running = () => document.getAnimations().some((a) => a.playState === 'running' && a.effect?.getComputedTiming().iterations !== Infinity)
      if (running()) moved++
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
      if (running()) moved++
      for (const e of ['transitionstart', 'animationstart']) document.removeEventListener(e, count, true)
      return {
        moved,
        violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' ' + n.html.slice(0, 160) + contrast(n)) })),
      }
      // the colours axe measured, for a contrast failure
      function contrast(n) {
        const d = (n.any ?? []).map((c) => c.data).find((x) => x && x.fgColor)
        return d ? ` [${d.fgColor} on ${d.bgColor}: ${d.contrastRatio}:1]` : ''
      }
    })
    result = violations
    const serious = violations.some((v) => v.impact === 'serious' || v.impact === 'critical')
    if (!serious || !moved || round === 3) break
  }
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  assert.deepEqual(bad, [], `axe: serious/critical violations on ${name}`)
  return result
}

/** Log in through the login page. */
export async function login(page, base, user, password) {
  await page.goto(base + '/login')
  await field(page, 'login').fill(user)
  await field(page, 'password').fill(password)
  await page.locator('[data-test=submit]').click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
}

/** No horizontal scrolling of the page itself at this width. */
export async function assertNoOverflow(page) {
  const { sw, w } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, w: window.innerWidth }))
  assert.ok(sw <= w + 1, `page is ${sw}px wide in a ${w}px viewport (${page.url()})`)
}

/**
 * A page's last checks: axe, a screenshot (NAME), the same page on a phone
 * (no sideways scrolling, NAME-phone), no page error or CSP violation; then
 * the page's browser context closes.
 */
export async function finishPage(page, name, settle = 200) {
  await checkA11y(page, name)
  await screenshot(page, name)
  await page.setViewportSize(PHONE)
  await page.waitForTimeout(settle)
  await assertNoOverflow(page)
  await screenshot(page, name + '-phone')
  assertClean(page)
  await page.context().close()
}

/**
 * What most files set up before their tests: the server on a fresh demo, a
 * browser, and the clerk logged in on a desktop page. Should a step fail,
 * what was started is stopped before the error is thrown. Stop with stopAll.
 */
export async function startWithClerk() {
  const server = await startServer()
  let browser
  try {
    browser = await launch()
    const clerk = await newPage(browser, DESKTOP)
    await login(clerk, server.url, 'clerk', 'clerk-demo')
    return { server, browser, clerk }
  } catch (e) {
    await browser?.close()
    await server.stop()
    throw e
  }
}

/** Closes the browser and stops the server of startWithClerk (either may be missing). */
export async function stopAll({ browser, server }) {
  await browser?.close()
  await server?.stop()
}

/** JSON API call with the page's cookies (fetch inside the page, same origin). */
export async function apiCall(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      let csrf = ''
      if (method !== 'GET') {
        const me = await fetch('/api/v1/me')
        if (me.ok) csrf = (await me.json()).csrf_token
      }
      const r = await fetch('/api/v1' + path, {
        method,
        headers: { 'Content-Type': 'application/json', ...(csrf ? { 'X-CSRF-Token': csrf } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      return { status: r.status, body: await r.json().catch(() => null) }
    },
    { method, path, body },
  )
}

/** apiCall that must answer `status` (200 unless told): its body, else the test fails with the answer. */
export async function apiOk(page, method, path, body, status = 200) {
  const r = await apiCall(page, method, path, body)
  assert.equal(r.status, status, `${method} ${path}: ${JSON.stringify(r.body)}`)
  return r.body
}

/** The text field marked data-test=NAME (Element Plus puts the attribute on the <input> itself or on its wrapper). */
export function field(page, name) {
  const n = JSON.stringify(name)
  return page.locator(`input[data-test=${n}], textarea[data-test=${n}], [data-test=${n}] input, [data-test=${n}] textarea`).first()
}

/** Run fn (an API call) and wait until page shows what pred finds (waitForFunction with arg); the delay in ms. */
export async function timed(page, fn, pred, arg) {
  const t0 = Date.now()
  await fn()
  await page.waitForFunction(pred, arg, { timeout: 5000 })
  return Date.now() - t0
}

/** For waitForFunction with [sel, want]: the page's element sel reads want. */
export const reads = ([sel, want]) => document.querySelector(sel)?.textContent?.trim() === String(want)

/** Each link [data-test=SEL] of the page answers 200 with TYPE (a regular
 * expression's text) and a body that starts with MAGIC: downloads, as
 * [[sel, type, magic], ...]. */
export async function assertDownloads(page, base, links) {
  for (const [sel, type, magic] of links) {
    const href = await page.locator(`[data-test=${sel}]`).getAttribute('href')
    const got = await page.request.get(base + href)
    assert.equal(got.status(), 200, `${sel}: ${href}`)
    assert.match(got.headers()['content-type'], new RegExp(type))
    assert.equal((await got.body()).subarray(0, magic.length).toString('latin1'), magic)
  }
}

/** An XLSX workbook and a PDF, as assertDownloads takes them. */
export function xlsxAndPdf(xlsx, pdf) {
  return [[xlsx, 'spreadsheetml', 'PK'], [pdf, 'application/pdf', '%PDF']]
}
