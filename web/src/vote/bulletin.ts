// The public bulletin of a closed poll (GET /polls/{id}/bulletin): every
// counted ballot with its tracker, in random order. A tracker is always
// looked up here, in the browser, over the whole bulletin: the server is
// never asked about one tracker, so it never learns whose it is.
import { api } from '../api/client'
import type { Bulletin, BulletinBallot, Candidate } from '../api/types'

const cache = new Map<string, Promise<Bulletin>>()

/** The bulletin of a poll, fetched once per page load (it never changes after the close). */
export function loadBulletin(pollId: number | string): Promise<Bulletin> {
  const id = String(pollId)
  let p = cache.get(id)
  if (!p) {
    p = api.get('/polls/{id}/bulletin', { id })
    cache.set(id, p)
    p.catch(() => cache.delete(id))
  }
  return p
}

/** The ballot with this tracker (already parsed: ten capitals of the alphabet), or null. */
export function findTracker(b: Bulletin, tracker: string): BulletinBallot | null {
  return b.ballots.find((x) => x.tracker === tracker) ?? null
}

/** A ballot's choices as the candidates they name: approved (in the deputy's order on a ranked ballot) and opposed. */
export interface ChoiceList {
  approve: Candidate[]
  oppose: Candidate[]
  /** The approved list is in order of priority. */
  ranked: boolean
}

export function choicesOf(b: Bulletin, ballot: BulletinBallot): ChoiceList {
  const byId = new Map(b.candidates.map((c) => [c.id, c]))
  const list = (ids: unknown): Candidate[] =>
    Array.isArray(ids) ? ids.map((id) => byId.get(Number(id))).filter((c): c is Candidate => !!c) : []
  const ch = ballot.choices as unknown
  const ranked = b.result.ballot_form === 'ranked'
  if (Array.isArray(ch)) return { approve: list(ch), oppose: [], ranked }
  const o = (ch ?? {}) as { approve?: unknown; oppose?: unknown }
  return { approve: list(o.approve), oppose: list(o.oppose), ranked }
}
