// Shapes of the API's objects (see docs/api.md), shared by every page.
export type Phase = 'collect' | 'compile' | 'vote' | 'implement' | 'evaluate' | 'closed'
export const PHASES: Phase[] = ['collect', 'compile', 'vote', 'implement', 'evaluate', 'closed']
export type BallotForm = 'pick' | 'approve_oppose' | 'ranked'
export type ThresholdBase = 'all' | 'present' | 'cast'
export type PollStatus = 'draft' | 'open' | 'closed'

export interface Congress {
  id: number
  name: string
  name_en: string | null
  level: 'city' | 'district' | 'town'
  parent_id: number | null
  deputies: number
}

export interface Cycle {
  id: number
  congress_id: number
  year: number
  title: string
  title_en: string | null
  phase: Phase
  candidates?: number
  created_at?: string
}

export interface Deputy {
  id: number
  login: string
  name: string
  congress_id: number
}

export interface Unit {
  id: number
  congress_id: number
  name: string
  name_en: string | null
}

export interface Candidate {
  id: number
  cycle_id: number
  title: string
  title_en: string | null
  description: string | null
  description_en: string | null
  category: string | null
  cost: number
  unit_id: number | null
  unit_name: string | null
  unit_name_en: string | null
  location: string | null
}

/** A candidate as a poll lists it (GET /polls/{id}). */
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

/** One row of GET /cycles/{id}/polls. */
export interface PollSummary {
  id: number
  cycle_id: number
  title: string
  status: PollStatus
  ballot_form?: BallotForm
  slots: number
  max_approvals: number
  created_at?: string
  opened_at?: string | null
  closed_at?: string | null
}

export interface Poll extends PollSummary {
  congress_id: number
  threshold_base: ThresholdBase
  threshold_num: number
  threshold_den: number
  threshold_strict: boolean
  quorum_num: number
  quorum_den: number
  budget: number | null
  deputies_all: number
  deputies_present: number
  ballots_cast: number
  quorum_met: boolean
  rule_text: { zh: string; en: string }
  candidates: PollCandidate[]
  /** Only for a logged-in deputy of the poll's congress. */
  me?: { present: boolean; voted: boolean }
}

/** One row of GET /polls/{id}/attendance. */
export interface Attendee {
  id: number
  login: string
  name: string
  present: boolean
  voted: boolean
}

export interface ResultCandidate {
  candidate_id: number
  title: string
  title_en: string | null
  cost: number
  unit_name: string | null
  unit_name_en: string | null
  approvals: number
  opposes?: number
  abstains?: number
  points?: number
  rank: number
  margin: number
  status: 'selected' | 'not_selected' | 'failed' | 'over_budget' | 'runoff'
}

export interface PollResult {
  poll_id: number
  ballot_form?: BallotForm
  status: 'final' | 'runoff' | 'invalid'
  rule_text: { zh: string; en: string }
  deputies_all: number
  deputies_present: number
  ballots_issued: number
  ballots_returned: number
  valid: number
  blank: number
  void: number
  slots: number
  max_approvals: number
  base_value: number
  threshold_votes: number
  budget: number | null
  cost_selected: number
  n_selected: number
  runoff_slots: number
  candidates: ResultCandidate[]
  counted_at: string
}
