// The administrators' screens in a real browser: a town congress created
// under a district and edited (/admin/congresses), a user created with a role
// and the role changed (/clerk/users), and both found in the audit log viewer
// with its filters (/clerk/audit), whose hash chain verifies — each page axe
// clean, and usable on a phone.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, field, assertClean, checkA11y, login, apiCall, DESKTOP, dropdownsClosed, finishPage } from './harness.mjs'

let server
let browser
let page
let townId
let userId

before(async () => {
  server = await startServer()
  browser = await launch()
  page = await newPage(browser, DESKTOP)
  await login(page, server.url, 'admin', 'admin-demo')
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

async function choose(selectTest, text) {
  await page.locator(`[data-test=${selectTest}]`).click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
  await dropdownsClosed(page)
}

test('congresses: the administrator creates a town under a district and edits it', async () => {
  await page.goto(server.url + '/clerk')
  await page.locator('[data-test=nav-admin-congresses]').click()
  await page.waitForURL(/\/admin\/congresses$/)
  const all = (await apiCall(page, 'GET', '/congresses?per_page=200')).body.items
  const district = all.find((c) => c.level === 'district')
  assert.ok(district, 'the demo has a district congress')
  await page.locator(`[data-test=congress-dashboard-${district.id}]`, { hasText: district.name }).waitFor() // its row (the towns under it name it too)
  await field(page, 'congress-name').fill('测试镇人民代表大会')
  await field(page, 'congress-name-en').fill('Test Town Congress')
  await page.locator('[data-test=level-town]').click()
  await choose('congress-parent', district.name)
  await page.locator('[data-test=congress-submit]').click()
  await page.locator('[data-test=congresses] .el-table__row', { hasText: '测试镇人民代表大会' }).waitFor()
  const town = (await apiCall(page, 'GET', '/congresses?q=测试镇')).body.items[0]
  assert.equal(town.level, 'town')
  assert.equal(town.parent_id, district.id, 'the town is under the district chosen')
  townId = town.id
  // a town directly under the city: the server's rule, shown on the form
  await page.locator(`[data-test=congress-edit-${town.id}]`).click()
  assert.equal(await field(page, 'congress-name').inputValue(), '测试镇人民代表大会')
  await field(page, 'congress-name').fill('测试镇人大（改）')
  await page.locator('[data-test=congress-submit]').click()
  await page.locator('[data-test=congresses] .el-table__row', { hasText: '测试镇人大（改）' }).waitFor()
  const edited = (await apiCall(page, 'GET', `/congresses/${town.id}`)).body
  assert.equal(edited.name, '测试镇人大（改）')
  assert.equal(edited.parent_id, district.id, 'the edit kept the parent')
  await checkA11y(page, 'admin congresses')
  assertClean(page)
})

test('users: the administrator creates a user with a role and changes the role and the name', async () => {
  await page.goto(server.url + '/clerk')
  await page.locator('[data-test=nav-users]').click()
  await page.waitForURL(/\/clerk\/users$/)
  await page.locator('[data-test=users] .el-table__row', { hasText: 'clerk' }).first().waitFor()
  await field(page, 'user-login').fill('town-staff')
  await field(page, 'user-name').fill('赵干事')
  await choose('user-congress', '测试镇人大（改）')
  await page.locator('[data-test=user-create]').click()
  await page.locator('[data-test=activation-code]').waitFor()
  assert.match(await page.locator('[data-test=activation-code]').innerText(), /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
  await field(page, 'search').fill('town-staff')
  await page.locator('[data-test=roles-town-staff]', { hasText: '人大代表' }).waitFor()
  assert.equal(await page.locator('[data-test=status-town-staff]').innerText(), '待激活')
  await checkA11y(page, 'admin users')
  // the deputy becomes the town congress's staff as well
  await page.locator('[data-test=user-edit-town-staff]').click()
  await page.locator('[data-test=edit-role-clerk]').click()
  assert.equal(await field(page, 'edit-name').inputValue(), '赵干事')
  await field(page, 'edit-name').fill('赵文书')
  await page.locator('[data-test=edit-congress]').waitFor() // an administrator may move an account to another congress
  await checkA11y(page, 'the account dialog')
  await page.locator('[data-test=user-save]').click()
  await page.locator('[data-test=roles-town-staff]', { hasText: '人大工作人员、人大代表' }).waitFor()
  const u = (await apiCall(page, 'GET', '/users?q=town-staff')).body.items[0]
  assert.deepEqual(u.roles, ['clerk', 'deputy'])
  assert.equal(u.name, '赵文书')
  assert.equal(u.congress_id, townId)
  userId = u.id
  assertClean(page)
})

test('audit log: the entries are found with the filters, and the chain verifies', async () => {
  await page.goto(server.url + '/clerk')
  await page.locator('[data-test=nav-audit]').click()
  await page.waitForURL(/\/clerk\/audit$/)
  await page.locator('[data-test=audit] .el-table__row').first().waitFor()
  // the role change, by its action
  await field(page, 'audit-action').fill('user.update')
  await page.locator('[data-test=audit-apply]').click()
  await page.locator('[data-test=audit-total]', { hasText: '共 1 条记录' }).waitFor()
  const rows = page.locator('[data-test=audit] .el-table__body .el-table__row')
  assert.equal(await rows.count(), 1)
  assert.match(await rows.first().innerText(), new RegExp(`user/${userId}`))
  // what the administrator did to congresses (the demo's were made by the system): the town's creation and edit
  await field(page, 'audit-action').fill('congress')
  await choose('audit-actor', '（admin）')
  const today = new Date().toISOString().slice(0, 10)
  await field(page, 'audit-from').fill(today)
  await field(page, 'audit-to').fill(today)
  await page.locator('[data-test=audit-apply]').click()
  await page.locator('[data-test=audit-total]', { hasText: '共 2 条记录' }).waitFor()
  const texts = await rows.allInnerTexts()
  assert.equal(texts.length, 2)
  assert.match(texts[0], /congress\.update/)
  assert.match(texts[1], /congress\.create/)
  assert.ok(texts.every((t) => t.includes(`congress/${townId}`)), texts.join('\n'))
  // the day before: nothing
  const yesterday = new Date(Date.now() - 86400000).toISOString().slice(0, 10)
  await field(page, 'audit-from').fill(yesterday)
  await field(page, 'audit-to').fill(yesterday)
  await page.locator('[data-test=audit-apply]').click()
  await page.locator('[data-test=audit-total]', { hasText: '共 0 条记录' }).waitFor()
  await page.locator('[data-test=audit-clear]').click()
  await page.locator('[data-test=audit-verify]').click()
  await page.locator('[data-test=audit-verified]', { hasText: '验证通过' }).waitFor()
  await finishPage(page, 'admin-audit')
})
