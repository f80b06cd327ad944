// Where a demand or a case may be referred (三级联动): the congress one level
// up (its parent), then those right below it — the server's rule
// (ms_liaison_refer_check), for the referral forms' choices.
import type { Congress } from '../api/types'
import { pick } from './format'

export interface ReferTarget {
  id: number
  label: string
}

/** up(name) and down(name) word each choice. */
export function referTargets(congresses: Congress[], congressId: number, up: (name: string) => string,
  down: (name: string) => string): ReferTarget[] {
  const me = congresses.find((c) => c.id === congressId)
  const out: ReferTarget[] = []
  const parent = congresses.find((c) => c.id === me?.parent_id)
  if (parent) out.push({ id: parent.id, label: up(pick(parent.name, parent.name_en)) })
  for (const c of congresses.filter((x) => x.parent_id === congressId))
    out.push({ id: c.id, label: down(pick(c.name, c.name_en)) })
  return out
}
