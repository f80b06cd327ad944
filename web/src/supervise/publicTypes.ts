// The shapes the public project page reads (the server's schemas), and the
// small date arithmetic its timeline and chart share. Dates are the API's
// calendar days, "YYYY-MM-DD", in China's time.
import type { components } from '../api/schema'
import { daysBetween } from '../ui/days'

type S = components['schemas']
export type Plan = S['Plan']
export type PlanVersion = S['PlanVersion']
export type ProgressReport = S['ProgressReport']
export type Attachment = S['Attachment']
export type Inspection = S['Inspection']
export type SupervisionLetter = S['SupervisionLetter']

/** Why a project's light is what it is (Project.light_why), as last judged. */
export interface LightWhy {
  light: string
  planned: number
  behind?: { light: string; amount: number }
  late?: { light: string; amount: number }
  silent?: { light: string; amount: number }
}


/** One milestone of the published plan, planned against actual. */
export interface MilestoneRow {
  n: number
  title: string
  percent: number
  planned: string
  /** The first day a published report says it was reached, or null. */
  actual: string | null
  status: 'on_time' | 'late' | 'overdue' | 'upcoming'
  /** Days late (reached late, or still not reached after the planned day). */
  late: number
}

export function milestoneRows(plan: Plan | null, reports: ProgressReport[], today: string): MilestoneRow[] {
  if (!plan) return []
  return (plan.milestones ?? []).map((m, i) => {
    const n = i + 1
    const days = reports.flatMap((r) => (r.milestones ?? []).filter((x) => x.milestone === n).map((x) => x.reached_on)).sort()
    const actual = days[0] ?? null
    let status: MilestoneRow['status']
    let late = 0
    if (actual) {
      late = Math.max(0, daysBetween(m.planned_on, actual))
      status = late > 0 ? 'late' : 'on_time'
    } else if (today > m.planned_on) {
      late = daysBetween(m.planned_on, today)
      status = 'overdue'
    } else status = 'upcoming'
    return { n, title: m.title, percent: m.percent, planned: m.planned_on, actual, status, late }
  })
}
