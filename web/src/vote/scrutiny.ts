// A scrutineer's (监票人) part of a sealed poll on their own device
// (docs/secrecy.md): before the open, a one-time X25519 key pair is made here
// (libsodium.js) and only its public key is sent; after the open, the share of
// the poll's key that the server sealed to it is opened here and shown once;
// then the secret key is forgotten. The secret key lives in localStorage only
// between the two steps. libsodium.js comes only with the Scrutiny page.
//
// The app's Content-Security-Policy has no 'wasm-unsafe-eval', so the browser
// refuses to compile WebAssembly: libsodium-wrappers 0.7 is used because it
// carries an asm.js build beside its WebAssembly (0.8 has none), and sodium()
// shows it no WebAssembly where the page may not compile any, so it goes
// straight to asm.js instead of tripping the CSP first.
import type { SealedShare } from '../api/types'

type Sodium = typeof import('libsodium-wrappers')
let loading: Promise<Sodium> | null = null

/** Whether this page may compile WebAssembly (the CSP may forbid it); the probe is an empty module. */
async function wasmAllowed(): Promise<boolean> {
  try {
    await WebAssembly.instantiate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))
    return true
  } catch {
    return false
  }
}

const NO_WASM = 'minsheng: no WebAssembly on this page (CSP), libsodium.js runs its asm.js build'

async function load(): Promise<Sodium> {
  const g = globalThis as { WebAssembly?: unknown }
  const native = g.WebAssembly
  const blocked = !native || !(await wasmAllowed())
  // libsodium.js's failed WebAssembly attempt leaves a rejected promise that
  // nothing awaits before it turns to asm.js: that one is expected, not an error.
  const expected = (e: PromiseRejectionEvent) => {
    if (String((e.reason as Error)?.message ?? e.reason).includes(NO_WASM)) e.preventDefault()
  }
  if (blocked) {
    window.addEventListener('unhandledrejection', expected)
    g.WebAssembly = { instantiate: () => Promise.reject(new Error(NO_WASM)), RuntimeError: Error }
  }
  try {
    const m = await import('libsodium-wrappers')
    const s = ((m as unknown as { default?: Sodium }).default ?? m) as Sodium
    await s.ready
    return s
  } finally {
    if (blocked) {
      g.WebAssembly = native
      setTimeout(() => window.removeEventListener('unhandledrejection', expected), 5000)
    }
  }
}

export function sodium(): Promise<Sodium> {
  if (!loading) {
    loading = load()
    loading.catch(() => (loading = null))
  }
  return loading
}

/** What this device keeps for one poll: the one-time key until the share is opened, then only that it was. */
export type KeptKey =
  | { state: 'prepared'; public_key: string; secret_key: string; at: string }
  | { state: 'received'; x: number; at: string }

const key = (userId: number, pollId: number) => `minsheng.scrutiny.u${userId}.p${pollId}`

export function keptKey(userId: number, pollId: number): KeptKey | null {
  try {
    const v = JSON.parse(localStorage.getItem(key(userId, pollId)) ?? 'null')
    if (v?.state === 'prepared' && typeof v.public_key === 'string' && typeof v.secret_key === 'string') return v
    if (v?.state === 'received' && typeof v.x === 'number') return v
  } catch {
    /* storage disabled or damaged */
  }
  return null
}

function keep(userId: number, pollId: number, v: KeptKey | null) {
  if (v) localStorage.setItem(key(userId, pollId), JSON.stringify(v))
  else localStorage.removeItem(key(userId, pollId))
}

/** Forget whatever this device keeps for the poll (e.g. after the close). */
export function forgetKey(userId: number, pollId: number) {
  try {
    keep(userId, pollId, null)
  } catch {
    /* storage disabled */
  }
}

/**
 * Make a one-time key pair and keep it on this device; answers the public key
 * as the server takes it (base64url without padding, 32 bytes). Throws when
 * the device cannot keep it (storage disabled): preparing would be useless.
 */
export async function prepareKey(userId: number, pollId: number): Promise<string> {
  const s = await sodium()
  const kp = s.crypto_box_keypair()
  const b64 = (b: Uint8Array) => s.to_base64(b, s.base64_variants.URLSAFE_NO_PADDING)
  const v: KeptKey = { state: 'prepared', public_key: b64(kp.publicKey), secret_key: b64(kp.privateKey), at: new Date().toISOString() }
  s.memzero(kp.privateKey)
  keep(userId, pollId, v)
  return v.public_key
}

export class NoKeyError extends Error {}
export class WrongKeyError extends Error {}

/**
 * Open the sealed share with the key kept for this poll; the key is then
 * forgotten (only "received" is kept). Throws NoKeyError when this device
 * keeps no key, WrongKeyError when the share was not sealed to it.
 */
export async function openShare(userId: number, pollId: number, share: SealedShare): Promise<string> {
  const k = keptKey(userId, pollId)
  if (k?.state !== 'prepared') throw new NoKeyError()
  const s = await sodium()
  const v = s.base64_variants.URLSAFE_NO_PADDING
  const pk = s.from_base64(k.public_key, v)
  const sk = s.from_base64(k.secret_key, v)
  let text: string
  try {
    text = s.to_string(s.crypto_box_seal_open(s.from_base64(share.sealed_share, v), pk, sk))
  } catch {
    throw new WrongKeyError()
  } finally {
    s.memzero(sk)
  }
  keep(userId, pollId, { state: 'received', x: share.x, at: new Date().toISOString() })
  return text
}

/** A share as the close takes it: `ms1-<poll>-<44 characters>`, spaces and line breaks dropped. */
export function cleanShare(input: string): string {
  return input.replace(/\s+/g, '')
}

const SHARE = /^ms1-(\d+)-([A-Za-z0-9_-]{44})$/

/** The poll and share number a share names, or null when it is not a share's shape. */
export function shareInfo(share: string): { poll: number; x: number } | null {
  const m = SHARE.exec(share)
  if (!m) return null
  // The first base64url character and the top two bits of the second hold the share number x.
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  const x = (alphabet.indexOf(m[2][0]) << 2) | (alphabet.indexOf(m[2][1]) >> 4)
  return { poll: Number(m[1]), x }
}
