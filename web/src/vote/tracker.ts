// A ballot's tracker (核验码, docs/secrecy.md): ten characters of Crockford's
// base32, drawn on the deputy's own device with crypto.getRandomValues, sent
// sealed inside the ballot, and listed beside it on the public bulletin after
// the close. The server keeps no link between a deputy and a tracker, so the
// device is where the deputy keeps theirs: localStorage, one entry per poll
// and user. Only the tracker (and the receipt) is kept, never the choices.

/** Crockford's base32: digits and capitals without I, L, O and U (the server's alphabet). */
export const TRACKER_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
export const TRACKER_LEN = 10

/** A new tracker from the device's random numbers (32 symbols: a byte's low five bits are uniform). */
export function drawTracker(): string {
  const bytes = new Uint8Array(TRACKER_LEN)
  crypto.getRandomValues(bytes)
  let t = ''
  for (const b of bytes) t += TRACKER_ALPHABET[b & 31]
  return t
}

/** XXXXX-XXXXX, as it is shown and read aloud. */
export function formatTracker(t: string): string {
  return t.length === TRACKER_LEN ? `${t.slice(0, 5)}-${t.slice(5)}` : t
}

/**
 * A tracker as typed by hand: spaces and hyphens dropped, small letters
 * made capitals, and Crockford's look-alikes read as what they stand for
 * (O → 0, I and L → 1). null when it is not ten characters of the alphabet.
 */
export function parseTracker(input: string): string | null {
  const t = input
    .toUpperCase()
    .replace(/[\s\-_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1')
  if (t.length !== TRACKER_LEN) return null
  for (const c of t) if (!TRACKER_ALPHABET.includes(c)) return null
  return t
}

/** What this device keeps of one ballot: 'sent' until the server's answer came, then 'cast'. */
export interface KeptTracker {
  tracker: string
  state: 'sent' | 'cast'
  receipt?: string
  /** ISO time of the cast (or of the attempt). */
  at: string
}

const key = (userId: number, pollId: number) => `minsheng.tracker.u${userId}.p${pollId}`

export function keptTracker(userId: number, pollId: number): KeptTracker | null {
  try {
    const v = JSON.parse(localStorage.getItem(key(userId, pollId)) ?? 'null')
    if (v && typeof v.tracker === 'string' && parseTracker(v.tracker) === v.tracker && (v.state === 'sent' || v.state === 'cast')) return v
  } catch {
    /* storage disabled or damaged: nothing kept */
  }
  return null
}

/** Keep (or replace) this device's record of the deputy's ballot in a poll; false when storage is unavailable. */
export function keepTracker(userId: number, pollId: number, v: KeptTracker): boolean {
  try {
    localStorage.setItem(key(userId, pollId), JSON.stringify(v))
    return true
  } catch {
    return false
  }
}

/** Forget this device's record for a poll (a ballot the server refused was not cast). */
export function forgetTracker(userId: number, pollId: number) {
  try {
    localStorage.removeItem(key(userId, pollId))
  } catch {
    /* storage disabled */
  }
}
