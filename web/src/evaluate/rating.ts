// The evaluation's own shapes for the pages: a rating and the ratings of a
// ballot while a deputy fills it in (kept in memory only, cleared once cast),
// and how a ballot's ratings go to the API (POST /polls/{id}/ballot, ratings).
import type { components } from '../api/schema'

type Schemas = components['schemas']
export type Evaluation = Schemas['Evaluation']
export type EvaluationProject = Schemas['EvaluationProject']
export type EvaluationResult = Schemas['EvaluationResult']
export type EvaluationProjectResult = Schemas['EvaluationProjectResult']
export type EvaluationSummary = Schemas['EvaluationSummary']
export type EvaluationBulletin = Schemas['EvaluationBulletin']

export type Rating = 'satisfied' | 'basic' | 'dissatisfied' | 'abstain'
export const RATINGS: readonly Rating[] = ['satisfied', 'basic', 'dissatisfied', 'abstain']
export type Verdict = 'satisfied' | 'basic' | 'dissatisfied' | 'none'

/** One project's ratings: one per sub-item (one when rated as a whole); '' not yet rated. */
export type Marks = Record<number, (Rating | '')[]>

/** The ratings a deputy may give: 弃权 only where the evaluation allows it. */
export function choicesOf(abstain: boolean): Rating[] {
  return abstain ? [...RATINGS] : RATINGS.filter((r) => r !== 'abstain')
}

/** How many marks a project takes: its sub-items, or one. */
export function marksPer(items: unknown[] | null | undefined): number {
  return items && items.length ? items.length : 1
}

/** The ratings object of POST /polls/{id}/ballot: {"<candidate id>": rating} or, with sub-items, an array per project. */
export function ratingsBody(marks: Marks, subItems: boolean): Record<string, Rating | Rating[]> {
  const out: Record<string, Rating | Rating[]> = {}
  for (const [id, m] of Object.entries(marks)) {
    const done = m.filter((r): r is Rating => r !== '')
    out[id] = subItems ? done : done[0]
  }
  return out
}

/** A bulletin letter as a rating: s 满意, b 基本满意, d 不满意, - unmarked. */
export function letterRating(ch: string): Rating | 'unmarked' {
  return ch === 's' ? 'satisfied' : ch === 'b' ? 'basic' : ch === 'd' ? 'dissatisfied' : 'unmarked'
}

/** A fraction as a percentage in the reader's language (one decimal), or '—'. */
export function percent(r: { num: number; den: number } | null | undefined, locale: string): string {
  if (!r || !r.den) return '—'
  return new Intl.NumberFormat(locale === 'en' ? 'en' : 'zh-CN', { style: 'percent', maximumFractionDigits: 1 }).format(r.num / r.den)
}
