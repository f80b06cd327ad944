// The passing rule and the quorum as the clerk's set-up forms hold them
// (vote/PollDialog, evaluate/EvaluationDialog, review/NewReviewForm, each with
// ThresholdFields): the settings a new form starts with, and the figures the
// forms work out from what is typed. An empty number field is ''.
import type { ThresholdBase } from '../api/types'

/** The rule's and the quorum's fields of a new form: more than half of all members; a quorum of more than half. */
export function ruleDefaults() {
  return {
    threshold_base: 'all' as ThresholdBase,
    threshold_num: 1 as number | '',
    threshold_den: 2 as number | '',
    threshold_strict: true,
    quorum_num: 1 as number | '',
    quorum_den: 2 as number | '',
  }
}

/** A number field's whole value, or `d` when it is empty or not a number. */
export function wholeOr(v: number | '', d: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : d
}

/** Members who must be present of `all`: strictly more than the fraction num/den (1/2 for an empty field); 0 when den is 0. */
export function quorumOf(all: number, num: number | '', den: number | ''): number {
  const n = wholeOr(num, 1)
  const d = wholeOr(den, 2)
  return d > 0 ? Math.floor((all * n) / d) + 1 : 0
}
