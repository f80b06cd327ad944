// The oversight member's view in a real browser, on phones (390×844): the
// demo's group overseeing the red project is led by deputy04. From the
// deputy's home deputy04 opens their groups and the project; records an
// inspection (a participant added, a photo chosen through the file input);
// a letter whose deadline is not after today is refused by the server under
// the field, then a letter is sent. The housing bureau's officer (unit01)
// answers it on its phone; deputy04 sees the reply, comments, and reads the
// page in English. A deputy not in the
// group (deputy01) has no groups, and on the project's page sees only what
// is published: not the new inspection, not the letter.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer, launch, newPage, field, screenshot, checkA11y, login, apiCall, assertNoOverflow, finishPage } from './harness.mjs'

const PHONE = { width: 390, height: 844 }
const RED = '城区老旧小区改造提升'
const FINDINGS = '第三片区已进场施工，围挡完好；第五片区征迁仍未完成（浏览器测试）'
const LETTER = '请于期限内书面说明第五片区征迁延误原因及整改计划（浏览器测试）'
const REPLY = '第五片区征迁协议已签订百分之九十，预计两周内进场（浏览器测试）'

let server
let browser
let member // deputy04's phone page
let redId
let dir

function chinaDay(n) {
  return new Date(Date.now() + 8 * 3600e3 + n * 86400e3).toISOString().slice(0, 10)
}

before(async () => {
  server = await startServer()
  browser = await launch()
  dir = mkdtempSync(join(tmpdir(), 'minsheng-ovs-'))
  member = await newPage(browser, PHONE)
  await login(member, server.url, 'deputy04', 'deputy-demo')
})
after(async () => {
  await browser?.close()
  await server?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

test('a member on a phone: from the deputy’s home to the group and its project', async () => {
  await member.waitForURL(/\/deputy$/)
  await member.locator('[data-test=oversight-link]').click()
  await member.waitForURL(/\/deputy\/oversight$/)
  const group = member.locator('[data-test=ovs-group]', { hasText: '民生实事项目第一监督小组' })
  await group.waitFor()
  const project = group.locator('[data-test=ovs-project]', { hasText: RED })
  assert.equal(await project.locator('[data-light]').getAttribute('data-light'), 'red')
  await checkA11y(member, 'oversight groups (phone)')
  await assertNoOverflow(member)
  await screenshot(member, 'oversight-groups-phone')
  await project.locator('a').click()
  await member.waitForURL(/\/deputy\/oversight\/projects\/\d+$/)
  redId = Number(/projects\/(\d+)/.exec(member.url())[1])
  await member.locator('[data-test=member-of]').waitFor()
  // The demo's published inspection, and its letter awaiting the reply (internal: the group sees it).
  await member.locator('[data-test=inspection]').first().waitFor()
  await member.locator('[data-test=letter] [data-test=letter-waiting]').first().waitFor()
})

test('a member records an inspection with a photo, and sends a letter (a deadline not after today refused first)', async () => {
  const me = (await apiCall(member, 'GET', '/me')).body.user
  const groups = (await apiCall(member, 'GET', '/me/oversight-groups')).body.items
  const other = groups[0].members.find((m) => m.id !== me.id)
  await member.locator('[data-test=ins-participants] label', { hasText: other.name }).click()
  await field(member, 'ins-findings').fill(FINDINGS)
  const b64 = await member.evaluate(async () => {
    const c = document.createElement('canvas')
    c.width = 480
    c.height = 360
    const g = c.getContext('2d')
    g.fillStyle = '#a53'
    g.fillRect(0, 0, 480, 360)
    const blob = await new Promise((ok) => c.toBlob(ok, 'image/jpeg', 0.9))
    const bytes = new Uint8Array(await blob.arrayBuffer())
    let s = ''
    for (const b of bytes) s += String.fromCharCode(b)
    return btoa(s)
  })
  const photo = join(dir, '视察现场.jpg')
  writeFileSync(photo, Buffer.from(b64, 'base64'))
  await member.locator('[data-test=upload-input]').first().setInputFiles(photo)
  await member.locator('[data-test=upload][data-state=done]').waitFor()
  await member.locator('[data-test=ins-save]').click()
  const ins = member.locator('[data-test=inspection]', { hasText: FINDINGS })
  await ins.waitFor()
  assert.match(await ins.innerText(), /内部记录/)
  assert.match(await ins.innerText(), new RegExp(other.name))
  const thumb = ins.locator('img[src*="/files/"]')
  await thumb.waitFor()
  await member.waitForFunction((el) => el.complete && el.naturalWidth > 0, await thumb.elementHandle())
  const stored = (await apiCall(member, 'GET', `/projects/${redId}/inspections`)).body.items.find((i) => i.findings === FINDINGS)
  assert.deepEqual(stored.participants.sort(), [me.id, other.id].sort())
  assert.equal(stored.published, false)

  await field(member, 'letter-body').fill(LETTER)
  await field(member, 'letter-deadline').fill(chinaDay(0))
  await member.locator('[data-test=letter-send]').click()
  const err = member.locator('.el-form-item', { has: member.locator('[data-test=letter-deadline]') }).locator('.el-form-item__error')
  await err.waitFor()
  const expected = await apiCall(member, 'POST', `/oversight-groups/${groups[0].id}/letters`, { project_id: redId, body: 'x', deadline: chinaDay(0) })
  assert.equal(expected.status, 422)
  assert.equal((await err.innerText()).trim(), expected.body.error.message_zh)
  await field(member, 'letter-deadline').fill(chinaDay(10))
  await member.locator('[data-test=letter-send]').click()
  const letter = member.locator('[data-test=letter]', { hasText: LETTER })
  await letter.waitFor()
  await letter.locator('[data-test=letter-waiting]').waitFor()
  await checkA11y(member, 'oversight project (phone)')
  await assertNoOverflow(member)
  await screenshot(member, 'oversight-project-phone')
})

test('the unit officer replies on its phone; the member sees the reply', async () => {
  const unit = await newPage(browser, PHONE)
  await login(unit, server.url, 'unit01', 'unit-demo')
  await unit.waitForURL(/\/unit$/)
  const letter = unit.locator('[data-test=unit-letter]', { hasText: LETTER })
  await letter.waitFor()
  await letter.locator('[data-test=letter-open]').click()
  await field(letter, 'letter-reply').fill(REPLY)
  await letter.locator('[data-test=letter-send]').click()
  await letter.waitFor({ state: 'detached' })
  await checkA11y(unit, 'unit after the reply')
  await finishPage(unit, 'unit-letter-replied')

  await member.reload()
  const mine = member.locator('[data-test=letter]', { hasText: LETTER })
  await mine.locator('[data-test=letter-reply]', { hasText: REPLY }).waitFor()
})

test('a comment from a member', async () => {
  await field(member, 'comment-body').fill('建议施工期间增设临时便道（浏览器测试）')
  await member.locator('[data-test=comment-send]').click()
  await member.locator('[data-test=comment]', { hasText: '增设临时便道' }).waitFor()
  await member.locator('[data-test=lang]').click()
  await member.locator('#ins-h', { hasText: 'Inspections' }).waitFor()
  assert.match(await member.locator('[data-test=inspection]', { hasText: FINDINGS }).innerText(), /Taking part: [^、]+, /)
  await checkA11y(member, 'oversight project in English')
  await member.locator('[data-test=lang]').click()
  await member.locator('#ins-h', { hasText: '视察' }).waitFor()
  await finishPage(member, 'oversight-project')
})

test('a deputy not in the group: no groups, and only what is published on the project', async () => {
  const page = await newPage(browser, PHONE)
  await login(page, server.url, 'deputy01', 'deputy-demo')
  await page.goto(server.url + '/deputy/oversight')
  await page.locator('[data-test=no-groups]').waitFor()
  await checkA11y(page, 'oversight, no groups')
  await page.goto(`${server.url}/deputy/oversight/projects/${redId}`)
  await page.locator('[data-test=not-member]').waitFor()
  await page.locator('[data-test=inspection]').first().waitFor() // the demo's published one
  const text = await page.locator('main').innerText()
  assert.ok(!text.includes(FINDINGS), 'the internal inspection is not shown')
  assert.ok(!text.includes(LETTER), 'the internal letter is not shown')
  assert.equal(await page.locator('[data-test=ins-save]').count(), 0, 'no inspection form')
  assert.equal(await page.locator('[data-test=letter-send]').count(), 0, 'no letter form')
  // The server decides: the same route answers this deputy without the internal notes.
  const ins = (await apiCall(page, 'GET', `/projects/${redId}/inspections`)).body.items
  assert.ok(ins.length >= 1 && ins.every((i) => i.published))
  await finishPage(page, 'oversight-not-member')
})
