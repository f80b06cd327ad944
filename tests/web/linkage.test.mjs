// Street councils, the three tiers and guidance from above (三级联动), on the
// demo. The Dongmen street's 2026 round is a council round under delivery:
// clerk_dm's round page says 居民议事会议定, offers no poll, and shows the
// council's recorded meeting (attendance, the rule in the server's words,
// four of five adopted); the public congress page shows the same record, and
// a small matter's project page its tier and how it was decided. The city's
// clerk creates a 2028 guidance as a draft, edits and publishes it, and reads
// the progress of the 2027 one (Jiangbei's round follows it, every congress
// below is behind its days); clerk_jb reads it from above. clerk_dm opens a
// 2027 round (a street's: the council), adopts the city's 2027
// guidance, adds a project, a small matter and a small wish, moves the round
// to 票决 and records a meeting on a phone-sized screen: too many hands are
// refused by the server under the form, then the record shows what was
// adopted under the two-thirds rule. axe-clean on every page.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, field, checkA11y, login, apiCall, assertClean, assertNoOverflow, screenshot, dropdownsClosed, DESKTOP, PHONE } from './harness.mjs'

const GUIDANCE_2028 = '关于做好2028年度民生实事项目工作的指导意见（浏览器测试）'
const ROUND_2027 = '2027年东门街道民生微实事（浏览器测试）'

let server
let browser
let anon
let ids

before(async () => {
  server = await startServer()
  browser = await launch()
  anon = await newPage(browser, DESKTOP)
  await anon.goto(server.url + '/')
  const all = (await apiCall(anon, 'GET', '/congresses?per_page=200')).body.items
  const find = (part) => {
    const c = all.find((x) => x.name.includes(part))
    assert.ok(c, `the demo has ${part}`)
    return c
  }
  ids = { city: find('江州市人民'), jiangbei: find('江北区人民'), dongmen: find('东门街道') }
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

const texts = async (loc) => (await loc.allInnerTexts()).map((s) => s.trim())

test('the street’s council round: decided by the residents’ council, its meeting on record, in public too', async () => {
  const rounds = (await apiCall(anon, 'GET', `/congresses/${ids.dongmen.id}/cycles`)).body.items
  const round = rounds.find((c) => c.year === 2026)
  assert.equal(round.decision, 'council')
  const meetings = (await apiCall(anon, 'GET', `/cycles/${round.id}/council-meetings`)).body.items
  assert.equal(meetings.length, 1)

  const page = await newPage(browser, DESKTOP)
  await login(page, server.url, 'clerk_dm', 'clerk-demo')
  await page.goto(server.url + '/clerk')
  const row = page.locator('[data-test=cycles] .el-table__row', { hasText: '2026' })
  assert.equal((await row.locator('[data-test=cycle-decision]').innerText()).trim(), '居民议事会议定')
  await row.locator('[data-test=cycle-link]').click()
  await page.waitForURL(/\/clerk\/cycles\/\d+$/)
  assert.equal((await page.locator('[data-test=cycle-decision]').innerText()).trim(), '居民议事会议定')
  const meeting = page.locator('[data-test=council-meeting]')
  await meeting.waitFor()
  assert.equal(await page.locator('[data-test=new-poll]').count(), 0, 'a council round offers no poll')
  assert.ok(await page.locator('[data-test=council-new]').isDisabled(), 'no meeting is recorded in 实施')
  assert.equal((await meeting.locator('[data-test=council-attendance]').innerText()).trim(), '应到 15 人，实到 13 人')
  assert.equal((await meeting.locator('[data-test=council-rule]').innerText()).trim(), meetings[0].rule.zh)
  const adopted = await meeting.locator('[data-test=council-adopted]').evaluateAll((es) => es.map((e) => e.dataset.adopted))
  assert.deepEqual(adopted, meetings[0].decisions.map((d) => (d.adopted ? 'yes' : 'no')))
  assert.equal(adopted.filter((a) => a === 'yes').length, 4)
  // the candidates carry their tiers
  const tiers = await page.locator('[data-test=candidates] [data-test=cand-tier]').evaluateAll((es) => es.map((e) => e.dataset.tier))
  assert.deepEqual([...new Set(tiers)].sort(), ['micro', 'project', 'wish'])
  await checkA11y(page, 'a council round (street clerk)')
  await screenshot(page, 'council-round-clerk')
  assertClean(page)
  await page.context().close()

  // the public round page: the same record in place of the votes
  const pub = await newPage(browser, DESKTOP)
  await pub.goto(`${server.url}/congress/${ids.dongmen.id}`)
  await pub.locator('[data-test=council-section] [data-test=council-meeting]').waitFor()
  assert.match(await pub.locator('[data-test=decision]').innerText(), /居民议事会议定/)
  assert.equal((await pub.locator('[data-test=council-rule]').innerText()).trim(), meetings[0].rule.zh)
  await checkA11y(pub, 'the public council record')
  await screenshot(pub, 'council-record-public')

  // a small matter the council adopted: its tier, and no ballot
  const projects = (await apiCall(pub, 'GET', `/cycles/${round.id}/projects?per_page=200`)).body.items
  const micro = projects.find((p) => p.tier === 'micro')
  assert.ok(micro && micro.poll_id === null, 'the small matter stands on no ballot')
  await pub.goto(`${server.url}/projects/${micro.id}`)
  await pub.locator('[data-test=project-title]').waitFor()
  assert.equal((await pub.locator('[data-test=project-tier]').innerText()).trim(), '微实事')
  assert.match(await pub.locator('[data-test=decided-by]').innerText(), /居民议事会/)
  await checkA11y(pub, 'a council project in public')
  assertClean(pub)
  await pub.context().close()
})

test('the city’s clerk issues guidance as a draft, edits and publishes it, and follows the congresses below', async () => {
  const page = await newPage(browser, DESKTOP)
  await login(page, server.url, 'clerk', 'clerk-demo')
  await page.goto(server.url + '/clerk')
  await page.locator('[data-test=nav-guidance]').click()
  await page.waitForURL(/\/clerk\/guidance/)
  const own = page.locator('[data-test=gd-own-list] .el-table__row')
  await own.first().waitFor()
  const y2027 = own.filter({ hasText: '2027' })
  assert.equal((await y2027.locator('[data-test=gd-status]').innerText()).trim(), '已发布')

  // a draft for 2028: the days out of order are refused under the field, then saved
  await page.locator('[data-test=gd-new]').click()
  const dialog = page.locator('[data-test=guidance-dialog]')
  await dialog.waitFor()
  await field(page, 'gd-year').fill('2028')
  await field(page, 'gd-title').fill(GUIDANCE_2028)
  await field(page, 'gd-body').fill('各区、街道按本意见的类别和时间安排开展2028年度民生实事项目工作。')
  await field(page, 'gd-categories').fill('养老、城建')
  await field(page, 'gd-ratio-num').fill('6')
  await field(page, 'gd-ratio-den').fill('5')
  await field(page, 'gd-collect_by').fill('2027-09-30')
  await field(page, 'gd-compile_by').fill('2027-08-31')
  await page.locator('[data-test=gd-save]').click()
  await dialog.locator('.el-form-item__error, [data-test=gd-error]').first().waitFor()
  await checkA11y(page, 'the guidance dialog with an error')
  await field(page, 'gd-compile_by').fill('2027-12-05')
  await page.locator('[data-test=gd-save]').click()
  await dialog.waitFor({ state: 'hidden' })
  const draft = own.filter({ hasText: GUIDANCE_2028 })
  await draft.waitFor()
  assert.equal((await draft.locator('[data-test=gd-status]').innerText()).trim(), '草稿')
  // edit the draft
  await draft.locator('[data-test=gd-edit]').click()
  await dialog.waitFor()
  assert.equal(await field(page, 'gd-categories').inputValue(), '养老、城建')
  await field(page, 'gd-vote_by').fill('2028-02-28')
  await page.locator('[data-test=gd-save]').click()
  await dialog.waitFor({ state: 'hidden' })
  await checkA11y(page, 'the city’s guidance list')
  await screenshot(page, 'guidance-clerk')
  // publish it
  await draft.locator('[data-test=gd-publish]').click()
  await page.locator('.el-message-box__btns .el-button--primary').click()
  await draft.locator('[data-test=gd-status]', { hasText: '已发布' }).waitFor()
  const list = (await apiCall(page, 'GET', `/congresses/${ids.city.id}/guidance`)).body.items
  const g2028 = list.find((g) => g.title === GUIDANCE_2028)
  assert.deepEqual([g2028.status, g2028.vote_by, g2028.ratio_num, g2028.ratio_den], ['published', '2028-02-28', 6, 5])

  // the 2027 guidance's progress: Jiangbei's round follows it
  await y2027.locator('[data-test=gd-progress]').click()
  await page.waitForURL(/\/guidance\/\d+\/progress$/)
  const gid = Number(new URL(page.url()).pathname.split('/')[2])
  const progress = (await apiCall(page, 'GET', `/guidance/${gid}/progress`)).body
  const rows = page.locator('[data-test=progress-table] .el-table__row')
  await rows.first().waitFor()
  assert.equal(await rows.count(), progress.congresses.length)
  const jb = rows.filter({ has: page.locator(`[data-test=progress-name][data-id="${ids.jiangbei.id}"]`) })
  assert.equal(await jb.locator('[data-test=progress-follows]').getAttribute('data-follows'), 'yes')
  assert.equal((await jb.locator('[data-test=progress-phase]').innerText()).trim(), '征集')
  const jbBehind = progress.congresses.find((c) => c.congress_id === ids.jiangbei.id).behind
  assert.equal(await jb.locator('[data-test=progress-behind] .el-tag').count(), jbBehind.length)
  if (jbBehind.length) assert.match(await jb.getAttribute('class'), /is-behind/)
  const dm = rows.filter({ has: page.locator(`[data-test=progress-name][data-id="${ids.dongmen.id}"]`) })
  assert.equal(await dm.locator('[data-test=progress-follows]').getAttribute('data-follows'), 'no')
  for (const k of ['congresses', 'rounds', 'following', 'behind'])
    assert.equal((await page.locator(`[data-test=progress-sum-${k}] strong`).innerText()).trim(), String(progress.summary[k]), k)
  assert.equal(progress.summary.following, 1)
  await checkA11y(page, 'the guidance’s progress')
  await screenshot(page, 'guidance-progress')
  assertClean(page)
  await page.context().close()
})

test('a district’s clerk reads the city’s guidance from above; the public reads it', async () => {
  const page = await newPage(browser, DESKTOP)
  await login(page, server.url, 'clerk_jb', 'clerk-demo')
  await page.goto(server.url + '/clerk/guidance')
  const above = page.locator('[data-test=gd-above-list] .el-table__row')
  await above.first().waitFor()
  const titles = await texts(above.locator('[data-test=gd-link]'))
  assert.ok(titles.some((t) => t.includes('2027年度')), titles.join(' / '))
  assert.ok(titles.includes(GUIDANCE_2028), titles.join(' / '))
  // the district may issue its own (it has congresses below)
  await page.locator('[data-test=gd-new]').waitFor()
  // its 2027 round follows the city's guidance, shown on the round page
  await checkA11y(page, 'guidance from above (district clerk)')
  await above.filter({ hasText: '2027年度' }).locator('[data-test=gd-link]').click()
  await page.waitForURL(/\/guidance\/\d+$/)
  await page.locator('[data-test=guidance-title]').waitFor()
  assert.match(await page.locator('[data-test=guidance-ratio]').innerText(), /1\.2 倍/)
  assert.equal(await page.locator('[data-test=guidance-categories] .el-tag').count(), 6)
  await checkA11y(page, 'a published guidance')
  await screenshot(page, 'guidance-public')
  const jbRound = (await apiCall(page, 'GET', `/congresses/${ids.jiangbei.id}/cycles`)).body.items.find((c) => c.year === 2027)
  await page.goto(`${server.url}/clerk/cycles/${jbRound.id}`)
  assert.match(await page.locator('[data-test=cycle-guidance]').innerText(), /2027年度/)
  assert.equal((await page.locator('[data-test=cycle-decision]').innerText()).trim(), '人大代表票决')
  assertClean(page)
  await page.context().close()
})

test('a street’s new round: the council by default, the city’s guidance adopted, three tiers, a meeting recorded on a phone', async () => {
  const page = await newPage(browser, DESKTOP)
  await login(page, server.url, 'clerk_dm', 'clerk-demo')
  await page.goto(server.url + '/clerk')
  // a street's round is decided by its council: the level decides, shown in the form
  await page.locator('[data-test=cycle-decision-council]').waitFor()
  // 2027: a council meets no earlier than the year before its round's, and not after today
  await field(page, 'cycle-year').fill('2027')
  await field(page, 'cycle-title').fill(ROUND_2027)
  await page.locator('[data-test=cycle-create]').click()
  const link = page.locator('[data-test=cycle-link]', { hasText: ROUND_2027 })
  await link.waitFor()
  await link.click()
  await page.waitForURL(/\/clerk\/cycles\/\d+$/)
  const cycleId = Number(new URL(page.url()).pathname.split('/').pop())
  assert.equal((await page.locator('[data-test=cycle-decision]').innerText()).trim(), '居民议事会议定')

  // adopt the city's 2027 guidance (from two levels above)
  await page.locator('[data-test=adopt-guidance-pick]').waitFor()
  await checkA11y(page, 'a new council round with guidance to adopt')
  await page.locator('[data-test=adopt-guidance-go]').click()
  await page.locator('[data-test=cycle-guidance]', { hasText: '2027年度' }).waitFor()
  assert.equal(await page.locator('[data-test=adopt-guidance]').count(), 0)

  // three candidates of the three tiers (categories from the guidance's)
  const dialog = page.locator('[data-test=candidate-dialog]')
  const cands = [
    { title: '东门街道适老化改造（浏览器测试）', cost: '400000', tier: 'project', category: '养老' },
    { title: '东门街道破损井盖更换（浏览器测试）', cost: '20000', tier: 'micro', category: '城建' },
    { title: '东门街道困难老人助浴（浏览器测试）', cost: '8000', tier: 'wish', category: '养老' },
  ]
  for (const c of cands) {
    await page.locator('[data-test=new-candidate]').click()
    await dialog.waitFor()
    await field(page, 'cand-title').fill(c.title)
    await field(page, 'cand-cost').fill(c.cost)
    await field(page, 'cand-category').fill(c.category)
    await dialog.locator(`[data-test=cand-tier-${c.tier}]`).click()
    if (c.tier !== 'project') await dialog.locator('[data-test=cand-tier-hint]').waitFor()
    if (c.tier === 'wish') await checkA11y(page, 'the candidate dialog with its tier')
    await page.locator('[data-test=cand-save]').click()
    await dialog.waitFor({ state: 'hidden' })
    const r = page.locator('[data-test=candidates] .el-table__row', { hasText: c.title })
    await r.waitFor()
    assert.equal(await r.locator('[data-test=cand-tier]').getAttribute('data-tier'), c.tier)
  }
  const saved = (await apiCall(page, 'GET', `/cycles/${cycleId}/candidates?per_page=200`)).body.items
  assert.deepEqual(cands.map((c) => saved.find((s) => s.title === c.title)?.tier), ['project', 'micro', 'wish'])

  // collect → compile → vote
  for (const phase of ['编制', '票决']) {
    await page.locator('[data-test=next-phase]').click()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await page.locator('[data-test=cycle-phase]', { hasText: phase }).waitFor()
  }
  assert.equal(await page.locator('[data-test=new-poll]').count(), 0, 'a council round offers no poll')
  await page.locator('[data-test=council-none]').waitFor()

  // the meeting, recorded on a phone
  await page.setViewportSize(PHONE)
  await page.locator('[data-test=council-new]').click()
  const form = page.locator('[data-test=council-form]')
  await form.waitFor()
  const rows = form.locator('[data-test=council-row]')
  assert.equal(await rows.count(), 3)
  const yesterday = new Date(Date.now() - 86400000)
  const day = `${yesterday.getFullYear()}-${String(yesterday.getMonth() + 1).padStart(2, '0')}-${String(yesterday.getDate()).padStart(2, '0')}`
  await field(form, 'council-held-on').fill(day)
  await field(form, 'council-place').fill('东门街道社区党群服务中心')
  await field(form, 'council-members').fill('15')
  await field(form, 'council-present').fill('12')
  await form.locator('[data-test=council-share-two_thirds]').click()
  assert.equal(
    (await form.locator('[data-test=council-rule-words]').innerText()).trim(),
    '议决规则：实到人数超过应到人数的二分之一方可议决；赞成人数达到实到人数的三分之二以上为通过',
  )
  await field(form, 'council-minutes-input').fill('议事会成员逐项听取说明，就资金、施工和管护协商讨论后举手表决。（浏览器测试）')
  const hands = [
    [10, 1, 1],
    [7, 3, 2],
    [12, 0, 1], // 13 hands for 12 present: refused
  ]
  for (let i = 0; i < 3; i++) {
    const r = rows.nth(i)
    const title = (await r.locator('.cand-title').innerText()).trim()
    const h = hands[cands.findIndex((c) => c.title === title)]
    await field(r, 'council-yes-input').fill(String(h[0]))
    await field(r, 'council-no-input').fill(String(h[1]))
    await field(r, 'council-abstain-input').fill(String(h[2]))
  }
  const wish = rows.filter({ hasText: cands[2].title })
  assert.match(await wish.locator('.sum').innerText(), /多于实到 12 人/)
  await assertNoOverflow(page)
  // too many hands: the server's refusal (council_hands) on the form
  const submit = form.locator('[data-test=council-submit]')
  const answer = (status) => page.waitForResponse((r) => r.url().endsWith(`/cycles/${cycleId}/council-meetings`) && r.request().method() === 'POST' && r.status() === status)
  await Promise.all([answer(422), submit.click()])
  const refused = form.locator('.ms-error[role=alert]')
  await refused.waitFor()
  assert.match(await refused.innerText(), /多于实到的 12 人/)
  await checkA11y(page, 'the council meeting form refused (phone)')
  await screenshot(page, 'council-form-phone')
  await field(wish, 'council-abstain-input').fill('0')
  await Promise.all([answer(201), submit.click()])
  await form.waitFor({ state: 'detached' })

  // the record: the two-thirds rule in the server's words, 10 and 12 of 12 adopted, 7 not
  const meeting = page.locator('[data-test=council-meeting]')
  await meeting.waitFor()
  assert.match(await meeting.locator('[data-test=council-rule]').innerText(), /三分之二/)
  assert.equal((await meeting.locator('[data-test=council-attendance]').innerText()).trim(), '应到 15 人，实到 12 人')
  const got = {}
  for (const r of await meeting.locator('[data-test=council-decisions] .el-table__row').all())
    got[(await r.locator('[data-test=council-decision-title]').innerText()).trim()] = await r.locator('[data-test=council-adopted]').getAttribute('data-adopted')
  assert.deepEqual(got, { [cands[0].title]: 'yes', [cands[1].title]: 'no', [cands[2].title]: 'yes' })
  const record = (await apiCall(page, 'GET', `/cycles/${cycleId}/council-meetings`)).body.items
  assert.equal(record.length, 1)
  assert.deepEqual(record[0].decisions.map((d) => d.adopted).sort(), [false, true, true])
  await assertNoOverflow(page)
  await checkA11y(page, 'the council record after a meeting (phone)')
  await screenshot(page, 'council-record-phone')
  // a second meeting offers only what was not adopted
  await page.locator('[data-test=council-new]').click()
  await page.locator('[data-test=council-row]').first().waitFor()
  assert.deepEqual(await texts(page.locator('[data-test=council-row] .cand-title')), [cands[1].title])
  await dropdownsClosed(page)
  assertClean(page)
  await page.context().close()
})
