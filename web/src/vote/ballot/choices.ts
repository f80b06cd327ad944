// The ballot's own shapes: a deputy's choices while filling it in; the API's
// objects are in api/types.ts.
import type { BallotForm } from '../../api/types'

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
