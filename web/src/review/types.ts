// Report-and-rate reviews (述职评议): the shapes the pages use, each a
// generated schema, and what they share — the rating words of the ballot are
// the evaluation's (evaluate/rating.ts), a unit being one candidate of the
// review's rating poll.
import type { components } from '../api/schema'

type Schemas = components['schemas']
export type Review = Schemas['Review']
/** One row of GET /congresses/{id}/reviews. */
export type ReviewListed = Schemas['ReviewSummary']
export type ReviewUnit = Schemas['ReviewUnit']
/** The result of a review's rating poll: the evaluation's shape, each candidate with its unit_id. */
export type ReviewResult = Schemas['EvaluationResult']
export type ReviewComment = Schemas['ReviewComment']
export type Rectification = Schemas['Rectification']
export type RectifyAt = Review['rectify_at']
export type RectificationState = Rectification['state']

/** A unit's verdict in the result: the score's band when the review scores, else the rule's. */
export function finalVerdict(c: ReviewResult['candidates'][number]): ReviewResult['candidates'][number]['verdict'] {
  return c.score_verdict ?? c.verdict
}

/** The review's rectification rule in the reader's language (the server's words). */
export function rectifyWords(r: Pick<Review, 'rectify_words'>, locale: string): string {
  return locale === 'en' ? r.rectify_words.en : r.rectify_words.zh
}

/** Comments grouped by unit, in the order of the review's units. */
export function commentsByUnit(units: ReviewUnit[], comments: ReviewComment[]): { unit: ReviewUnit; bodies: ReviewComment[] }[] {
  return units.map((unit) => ({ unit, bodies: comments.filter((c) => c.unit_id === unit.unit_id) }))
}
