// Shapes of the API objects the clerk pages use (see docs/api.md).
export type Phase = 'collect' | 'compile' | 'vote' | 'implement' | 'evaluate' | 'closed'
export const PHASES: Phase[] = ['collect', 'compile', 'vote', 'implement', 'evaluate', 'closed']
export type BallotForm = 'pick' | 'approve_oppose' | 'ranked'
export type ThresholdBase = 'all' | 'present' | 'cast'
export type PollStatus = 'draft' | 'open' | 'closed'

export interface Congress {
  id: number
  name: string
  name_en: string | null
  level: string
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
  candidates: number
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

export interface PollSummary {
  id: number
  cycle_id: number
  title: string
  status: PollStatus
  ballot_form?: BallotForm
  slots: number
  max_approvals: number
  created_at: string
  opened_at: string | null
  closed_at: string | null
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
  candidates: Candidate[]
}

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
  base_value: number
  threshold_votes: number
  budget: number | null
  cost_selected: number
  n_selected: number
  runoff_slots: number
  candidates: ResultCandidate[]
  counted_at: string
}

/** One row of a CSV import's answer, and one bad row. */
export type CsvRow = Record<string, unknown> & { line: number }
export interface CsvRowError {
  line: number
  field: string
  message: string
}
export interface CsvImportAnswer {
  created: number
  dry_run: boolean
  rows: CsvRow[]
  errors: CsvRowError[]
}

/** Element Plus tag colours for phases and statuses (all AA in style.css). */
export function phaseTagType(p: string): 'info' | 'warning' | 'primary' | 'success' | 'danger' {
  switch (p) {
    case 'collect':
      return 'info'
    case 'compile':
      return 'warning'
    case 'vote':
      return 'primary'
    case 'implement':
    case 'evaluate':
      return 'success'
    default:
      return 'info'
  }
}

export function pollTagType(s: string): 'info' | 'success' | 'warning' | 'primary' {
  return s === 'open' ? 'success' : s === 'closed' ? 'info' : 'warning'
}

export function candTagType(s: string): 'success' | 'info' | 'danger' | 'warning' {
  switch (s) {
    case 'selected':
      return 'success'
    case 'failed':
      return 'danger'
    case 'runoff':
    case 'over_budget':
      return 'warning'
    default:
      return 'info'
  }
}
