// A poll's scrutineers (监票人, docs/secrecy.md) played from Node for the browser
// tests that are about something else: each scrutineer logs in over the API,
// makes a one-time key pair with libsodium-wrappers (the package the web app
// uses) and registers its public key before the open; after the open each
// fetches its sealed share and opens it; the close takes the shares.
// The Scrutiny page itself is tested through the browser (scrutiny.test.mjs).
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { ROOT } from './harness.mjs'

const require = createRequire(join(ROOT, 'web', 'package.json'))
const sodiumReady = (async () => {
  const s = require('libsodium-wrappers')
  await s.ready
  return s
})()

/** A logged-in API session from Node: call(method, path, body) → {status, body}. */
export async function session(base, login, password) {
  const r = await fetch(base + '/api/v1/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login, password }),
  })
  const body = await r.json()
  assert.equal(r.status, 200, `login ${login}: ${JSON.stringify(body)}`)
  const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
  const csrf = body.csrf_token
  return {
    login,
    user: body.user,
    async call(method, path, payload) {
      const res = await fetch(base + '/api/v1' + path, {
        method,
        headers: { Cookie: cookie, 'Content-Type': 'application/json', ...(method === 'GET' ? {} : { 'X-CSRF-Token': csrf }) },
        body: payload === undefined ? undefined : JSON.stringify(payload),
      })
      const text = await res.text()
      return { status: res.status, body: text ? JSON.parse(text) : null }
    },
  }
}

/** The ids of the demo deputies with these logins (asked by a clerk's session or page call). */
export async function deputyIds(call, logins) {
  const ids = []
  for (const l of logins) {
    const r = await call('GET', `/congresses/1/deputies?q=${encodeURIComponent(l)}`)
    const d = r.body.items.find((x) => x.login === l)
    assert.ok(d, 'deputy ' + l)
    ids.push(d.id)
  }
  return ids
}

/**
 * The scrutineers of a poll prepare from Node: each logs in and registers a
 * one-time public key. Answers what they hold, for fetchShares.
 */
export async function prepare(base, pollId, logins, password = 'deputy-demo') {
  const s = await sodiumReady
  const held = []
  for (const l of logins) {
    const sess = await session(base, l, password)
    const kp = s.crypto_box_keypair()
    const pub = s.to_base64(kp.publicKey, s.base64_variants.URLSAFE_NO_PADDING)
    const r = await sess.call('PUT', `/polls/${pollId}/scrutineers/me/key`, { public_key: pub })
    assert.equal(r.status, 200, `${l} prepares: ${JSON.stringify(r.body)}`)
    held.push({ sess, kp })
  }
  return held
}

/** After the open: each scrutineer's share, opened with its key (the texts, in the order of `held`). */
export async function fetchShares(pollId, held) {
  const s = await sodiumReady
  const out = []
  for (const { sess, kp } of held) {
    const r = await sess.call('GET', `/polls/${pollId}/scrutineers/me/share`)
    assert.equal(r.status, 200, `${sess.login}'s share: ${JSON.stringify(r.body)}`)
    const box = s.from_base64(r.body.sealed_share, s.base64_variants.URLSAFE_NO_PADDING)
    out.push(s.to_string(s.crypto_box_seal_open(box, kp.publicKey, kp.privateKey)))
  }
  return out
}
