// Shapes of the API's objects that several pages use (see docs/api.md).
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
  phase: string
  candidates?: number
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
  status: 'draft' | 'open' | 'closed'
  slots: number
  max_approvals: number
  created_at: string
  opened_at: string | null
  closed_at: string | null
}

export interface Poll extends PollSummary {
  congress_id: number
  ballot_form: 'pick' | 'approve_oppose' | 'ranked'
  threshold_base: string
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
  candidates: { id: number; title: string; title_en: string | null; cost: number; unit_name: string | null; unit_name_en?: string | null; location: string | null }[]
  me?: { present: boolean; voted: boolean }
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
  status: 'final' | 'runoff' | 'invalid'
  ballot_form: 'pick' | 'approve_oppose' | 'ranked'
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
  threshold_votes: number
  base_value: number
  budget: number | null
  cost_selected: number
  n_selected: number
  runoff_slots: number
  candidates: ResultCandidate[]
  counted_at: string
}
