// The shapes of guidance from above (指导意见) and its progress view, named for
// the pages (the server's own schemas, generated into api/schema.d.ts).
import type { components } from '../api/schema'

type Schemas = components['schemas']

/** A congress's guidance for the rounds of a year below it (GET /guidance/{id}). */
export type Guidance = Schemas['Guidance']
/** A guidance in a congress's list (GET /congresses/{id}/guidance): its own, or from above. */
export type GuidanceListed = Schemas['GuidanceListed']
/** Every congress below the issuer against the guidance's days (GET /guidance/{id}/progress). */
export type GuidanceProgress = Schemas['GuidanceProgress']
/** One congress below and its round of the year. */
export type GuidanceBelow = Schemas['GuidanceBelow']

/** The least ratio of candidates to places, e.g. 6/5 → “1.2”; '' when none is asked. */
export function ratioText(g: { ratio_num: number | null; ratio_den: number | null }): string {
  if (!g.ratio_num || !g.ratio_den) return ''
  return String(Math.round((g.ratio_num / g.ratio_den) * 100) / 100)
}
