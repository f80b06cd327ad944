// The shapes of the year-end evaluation's consequences (测评后续整改事项) and a
// project's verdicts, each the server's own schema (api/schema.d.ts), and the
// words and colours the pages give them.
import type { components } from '../api/schema'

type Schemas = components['schemas']

/** A consequence of a poor verdict with its state on today (GET /congresses/{id}/consequences). */
export type Consequence = Schemas['Consequence']
/** A congress's consequence rules and the rules in words (GET/PUT /congresses/{id}/consequence-rules). */
export type ConsequenceRules = Schemas['ConsequenceRules']
export type ConsequenceRule = ConsequenceRules['rules'][number]
export type CqKind = Consequence['kind']
export type CqState = Consequence['state']
export type PoorVerdict = Consequence['verdict']
/** A project's verdict in one evaluation (GET /projects/{id}/verdicts). */
export type ProjectVerdict = Schemas['ProjectVerdicts']['items'][number]
export type Verdict = ProjectVerdict['verdict']
/** One project's weighted composite in an evaluation that has one (GET /evaluations/{id}/composite). */
export type CompositeProject = Schemas['EvaluationComposite']['projects'][number]

export const CQ_KINDS: readonly CqKind[] = ['rectify', 'rereport', 'reevaluate', 'inquiry', 'talk', 'penalty']
export const CQ_STATES: readonly CqState[] = ['open', 'overdue', 'done', 'applied']
export const POOR: readonly PoorVerdict[] = ['dissatisfied', 'basic']

type Tone = 'primary' | 'success' | 'info' | 'warning' | 'danger'
/** A state's colour: open amber, overdue red, done green, applied (a penalty) grey. The tag always says its word too. */
export const STATE_TONE: Record<CqState, Tone> = { open: 'warning', overdue: 'danger', done: 'success', applied: 'info' }
/** A verdict's colour: satisfied green, basically satisfied amber, dissatisfied red, none grey. */
export const VERDICT_TONE: Record<string, Tone> = { satisfied: 'success', basic: 'warning', dissatisfied: 'danger', none: 'info' }

/** Kinds with a deadline in working days: required for a rectification and a re-report, optional for a re-evaluation. */
export function hasDays(kind: CqKind): boolean {
  return kind === 'rectify' || kind === 'rereport' || kind === 'reevaluate'
}

/** Every page of a paged list. */
export async function allPages<T>(get: (page: number) => Promise<{ items: T[]; total: number }>): Promise<T[]> {
  const out: T[] = []
  for (let page = 1; ; page++) {
    const r = await get(page)
    out.push(...r.items)
    if (!r.items.length || out.length >= r.total) return out
  }
}
