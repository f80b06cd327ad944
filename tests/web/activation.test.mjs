// Deputies own their credentials, in a real browser: the clerk adds a deputy
// without choosing a password and is shown a one-time activation code; the
// deputy reaches the activation page from the login page, and from the
// letter's QR code address (login and code after '#', taken out of the
// address at once), chooses a password and lands on the deputy's home; a used
// code is refused; the password is changed on the account page; the clerk's
// new code ends the deputy's sessions; "log out everywhere".
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startWithClerk, stopAll, newPage, field, assertClean, screenshot, checkA11y, login, apiCall, PHONE, DESKTOP } from './harness.mjs'

let server
let browser
let clerk
let code

before(async () => ({ server, browser, clerk } = await startWithClerk()))
after(() => stopAll({ browser, server }))

test('the clerk adds a deputy: no password to choose, a one-time code shown once', async () => {
  await clerk.goto(server.url + '/clerk/deputies')
  await clerk.locator('[data-test=total]', { hasText: '60' }).waitFor()
  assert.equal(await clerk.locator('[data-test=deputy-password]').count(), 0, 'no password field for the clerk')
  await field(clerk, 'deputy-name').fill('周新代表')
  await field(clerk, 'deputy-login').fill('deputy201')
  await clerk.locator('[data-test=deputy-add]').click()
  const shown = clerk.locator('[data-test=issued-code-value]')
  await shown.waitFor()
  code = (await shown.innerText()).trim()
  assert.match(code, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/, code)
  await checkA11y(clerk, 'deputies with a new code')
  await screenshot(clerk, 'clerk-deputies-activation-code')
  assertClean(clerk)
})

test('the deputy activates from the login page and chooses the password', async () => {
  const page = await newPage(browser, PHONE)
  await page.goto(server.url + '/login')
  await page.locator('[data-test=to-activate]').click()
  await page.waitForURL((u) => u.pathname === '/activate')
  await field(page, 'activate-login').fill('deputy201')
  await field(page, 'activate-code').fill(code.toLowerCase())
  await field(page, 'activate-password').fill('only-mine-123')
  await field(page, 'activate-again').fill('only-mine-124')
  await page.locator('[data-test=activate-submit]').click()
  await page.getByText('两次输入的密码不一致').waitFor()
  await field(page, 'activate-again').fill('only-mine-123')
  await checkA11y(page, 'activation')
  await screenshot(page, 'activate-phone')
  await page.locator('[data-test=activate-submit]').click()
  await page.waitForURL((u) => u.pathname === '/deputy')
  assertClean(page)
  await page.close()
  // the code is used up
  const again = await newPage(browser, PHONE)
  await again.goto(server.url + '/activate')
  await field(again, 'activate-login').fill('deputy201')
  await field(again, 'activate-code').fill(code)
  await field(again, 'activate-password').fill('someone-else-1')
  await field(again, 'activate-again').fill('someone-else-1')
  await again.locator('[data-test=activate-submit]').click()
  // the server's error names the field code: it shows under it, in Chinese
  const under = again.locator('.el-form-item__error', { hasText: '激活码' })
  await under.waitFor()
  assert.match(await under.innerText(), /激活码错误|已使用/)
  assertClean(again)
  await again.close()
})

test('the letter QR address fills the form and leaves the address; the account page changes the password', async () => {
  // the clerk issues a new code (the deputy's password and sessions end)
  const a = await apiCall(clerk, 'POST', '/users/' + (await apiCall(clerk, 'GET', '/congresses/1/deputies?q=deputy201')).body.items[0].id + '/activation')
  assert.equal(a.status, 201)
  const page = await newPage(browser, PHONE)
  await page.goto(`${server.url}/activate#deputy201.${a.body.activation_code}`)
  await page.waitForFunction(() => window.location.hash === '')
  assert.equal(await field(page, 'activate-login').inputValue(), 'deputy201')
  assert.equal(await field(page, 'activate-code').inputValue(), a.body.activation_code)
  await field(page, 'activate-password').fill('second-mine-1')
  await field(page, 'activate-again').fill('second-mine-1')
  await page.locator('[data-test=activate-submit]').click()
  await page.waitForURL((u) => u.pathname === '/deputy')
  await page.locator('[data-test=user]').click()
  await page.waitForURL((u) => u.pathname === '/account')
  await field(page, 'old-password').fill('second-mine-1')
  await field(page, 'new-password').fill('third-mine-1')
  await field(page, 'new-again').fill('third-mine-1')
  await page.locator('[data-test=password-submit]').click()
  await page.getByText('密码已修改').first().waitFor()
  await checkA11y(page, 'account')
  await screenshot(page, 'account-phone')
  // log out everywhere: a second device's session ends too
  const other = await newPage(browser, DESKTOP)
  await login(other, server.url, 'deputy201', 'third-mine-1')
  await page.locator('[data-test=logout-all]').click()
  await page.locator('.el-message-box .el-button--primary').click()
  await page.waitForURL((u) => u.pathname === '/login')
  assert.equal((await apiCall(other, 'GET', '/me')).status, 401, 'the other device is logged out')
  assertClean(page)
  await other.close()
  await page.close()
})

test('a login turned away while every hashing slot is taken (503, Retry-After) is sent again after the wait, a few times', async () => {
  const busy = { error: { code: 'login_busy', message: 'too many logins at once, try again in a moment', message_zh: '同时登录的人数过多，请稍后重试' } }
  const refuse = (route, after) => route.fulfill({ status: 503, headers: { 'Content-Type': 'application/json', 'Retry-After': after }, body: JSON.stringify(busy) })
  // Turned away once, with "come back in 1 s": the page waits, sends it again and gets in.
  const page = await newPage(browser, PHONE)
  const sent = []
  await page.route('**/api/v1/login', (route) => {
    sent.push(Date.now())
    return sent.length === 1 ? refuse(route, '1') : route.continue()
  })
  await login(page, server.url, 'deputy02', 'deputy-demo')
  await page.waitForURL((u) => u.pathname === '/deputy')
  assert.equal(sent.length, 2, 'sent twice')
  assert.ok(sent[1] - sent[0] >= 1000, `waited ${sent[1] - sent[0]} ms, Retry-After said 1 s`)
  page.problems = page.problems.filter((p) => !/status of 503/.test(p)) // the refusal the browser logs
  assertClean(page)
  await page.close()
  // Turned away every time: after three more tries the form says why, in the reader's language.
  const again = await newPage(browser, PHONE)
  let tries = 0
  await again.route('**/api/v1/login', (route) => {
    tries++
    return refuse(route, '0')
  })
  await again.goto(server.url + '/login')
  await field(again, 'login').fill('deputy02')
  await field(again, 'password').fill('deputy-demo')
  await again.locator('[data-test=submit]').click()
  await again.locator('[data-test=login-error]', { hasText: '同时登录的人数过多' }).waitFor()
  assert.equal(tries, 4, 'the first try and three more')
  await again.close()
})
