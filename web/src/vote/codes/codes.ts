// Voting codes, slips and trackers of code-sheet polls (docs/secrecy.md): what
// the voting page reads from the address a slip's QR code opens, a code typed
// by hand, the slip numbers the desk voids, and the tracker a phone draws.

/** Crockford's base32 (0-9 A-Z without I L O U): the codes' and the trackers' alphabet. */
export const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
/** Characters of a voting code (100 bits). */
export const CODE_LEN = 20
/** Characters of a tracker (50 bits). */
export const TRACKER_LEN = 10

/**
 * A code as scanned or typed (any case; spaces, hyphens ignored; O read as 0,
 * I and L as 1, as Crockford's base32 reads them) in its canonical form, or
 * null when it cannot be a code.
 */
export function normaliseCode(text: string): string | null {
  const s = text
    .toUpperCase()
    .replace(/[\s\-－—_.·]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1')
  if (s.length !== CODE_LEN) return null
  for (const c of s) if (!ALPHABET.includes(c)) return null
  return s
}

/** The code in groups of four, as the slip prints it. */
export function groupCode(code: string): string {
  return (code.match(/.{1,4}/g) ?? []).join('-')
}

/**
 * The address's fragment, `#<poll id>.<code>` as a slip's QR code reads, or
 * `#<poll id>` alone (the voting page leaves only that in the address once it
 * has read the code). Null when it is neither.
 */
export function parseFragment(hash: string): { poll: number; code: string } | null {
  const m = /^#?(\d{1,12})(?:\.([0-9A-Za-z-]*))?$/.exec(hash.trim())
  if (!m) return null
  const poll = Number(m[1])
  if (!Number.isSafeInteger(poll) || poll < 1) return null
  return { poll, code: m[2] ?? '' }
}

/**
 * Slip numbers as the desk types them: separated by spaces, commas or 、, and
 * ranges such as 5-8. Null when something else is in the text or a range is
 * backwards or over `max` numbers long.
 */
export function parseSerials(text: string, max = 2000): number[] | null {
  const out = new Set<number>()
  const parts = text.split(/[\s,，、;；]+/).filter(Boolean)
  if (!parts.length) return null
  for (const p of parts) {
    const m = /^(\d{1,6})(?:\s*[-–—~～至到]\s*(\d{1,6}))?$/.exec(p)
    if (!m) return null
    const a = Number(m[1])
    const b = m[2] === undefined ? a : Number(m[2])
    if (a < 1 || b < a || b - a >= max) return null
    for (let n = a; n <= b; n++) out.add(n)
    if (out.size > max) return null
  }
  return [...out].sort((x, y) => x - y)
}

/** A fresh tracker drawn on this device (crypto.getRandomValues): 10 characters of Crockford's base32. */
export function drawTracker(): string {
  const bytes = new Uint8Array(TRACKER_LEN)
  crypto.getRandomValues(bytes)
  // 256 is a multiple of 32: the low five bits of a random byte are uniform.
  return Array.from(bytes, (b) => ALPHABET[b & 31]).join('')
}

/** A tracker as it is shown and read aloud: XXXXX-XXXXX. */
export function showTracker(tracker: string): string {
  const t = tracker.replace(/-/g, '').toUpperCase()
  return t.length === TRACKER_LEN ? t.slice(0, 5) + '-' + t.slice(5) : t
}

/** A tracker this device drew and cast, kept so the deputy can look for it on the bulletin after the close. */
export interface KeptTracker {
  poll: number
  title: string
  tracker: string
  at: string
}

const KEY = 'minsheng.trackers'

/** The trackers kept on this device, newest first (none when storage is off). */
export function keptTrackers(): KeptTracker[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '[]')
    return Array.isArray(v)
      ? v.filter((k): k is KeptTracker => k && typeof k.poll === 'number' && typeof k.tracker === 'string')
      : []
  } catch {
    return []
  }
}

/** Keep a tracker (only the tracker, the poll and the time: never the choices); false when storage is off. */
export function keepTracker(k: KeptTracker): boolean {
  try {
    const all = keptTrackers().filter((x) => !(x.poll === k.poll && x.tracker === k.tracker))
    localStorage.setItem(KEY, JSON.stringify([k, ...all].slice(0, 50)))
    return true
  } catch {
    return false
  }
}

/** Forget one kept tracker. */
export function forgetTracker(k: KeptTracker): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(keptTrackers().filter((x) => !(x.poll === k.poll && x.tracker === k.tracker))))
  } catch {
    /* storage disabled */
  }
}
