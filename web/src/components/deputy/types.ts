// Shapes of the poll objects the deputy pages read (docs/api.md, Polls).
export type BallotForm = 'pick' | 'approve_oppose' | 'ranked'
export type PollStatus = 'draft' | 'open' | 'closed'

export interface PollCandidate {
  id: number
  title: string
  title_en?: string | null
  description?: string | null
  description_en?: string | null
  category?: string | null
  cost: number
  unit_name?: string | null
  unit_name_en?: string | null
  location?: string | null
}

export interface Poll {
  id: number
  cycle_id: number
  congress_id: number
  title: string
  status: PollStatus
  ballot_form?: BallotForm
  slots: number
  max_approvals: number
  budget: number | null
  opened_at?: string | null
  closed_at?: string | null
  rule_text: { zh: string; en: string }
  candidates: PollCandidate[]
  me?: { present: boolean; voted: boolean }
}

/** One row of GET /cycles/{id}/polls. */
export interface PollSummary {
  id: number
  cycle_id: number
  title: string
  status: PollStatus
  ballot_form?: BallotForm
  slots: number
  max_approvals: number
  opened_at?: string | null
  closed_at?: string | null
}

export interface Cycle {
  id: number
  congress_id: number
  year: number
  title: string
  title_en?: string | null
  phase: string
}

/** A mark on one project of an approve / oppose / abstain ballot. */
export type Mark = 'approve' | 'oppose' | 'abstain'

/**
 * The deputy's choices while filling in the ballot. Kept only in memory (a
 * secret ballot is never written to storage) and cleared after casting.
 *  - pick: `approve` holds the approved ids;
 *  - approve_oppose: `marks` holds each project's mark (absent = abstain);
 *  - ranked: `approve` holds the ids in order of priority.
 */
export interface Choices {
  approve: number[]
  marks: Record<number, Mark>
}

export function formOf(p: { ballot_form?: BallotForm }): BallotForm {
  return p.ballot_form ?? 'pick'
}
