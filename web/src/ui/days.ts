// Days as the server counts them: `YYYY-MM-DD` in China's time zone, and
// working days over the congress's holiday calendar (weekends off, `off` days
// off, `on` days — the adjusted working weekends, 调休 — on), as a red
// project's supervision task is given its due day.
import type { components } from '../api/schema'

export type CalendarDay = components['schemas']['CalendarDay']

/** Today in China (UTC+8), as the server judges dates. */
export function chinaToday(): string {
  return new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
}

function utc(day: string): number {
  return Date.parse(day + 'T00:00:00Z')
}

/** Days from `a` to `b` (negative when b is before a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((utc(b) - utc(a)) / 86400e3)
}

/** Whether `day` is a working day under this calendar. */
export function isWorkingDay(day: string, calendar: CalendarDay[]): boolean {
  const c = calendar.find((d) => d.day === day)
  if (c) return c.kind === 'on'
  const wd = new Date(utc(day)).getUTCDay()
  return wd !== 0 && wd !== 6
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysUntil(from: string, to: string, calendar: CalendarDay[]): number {
  let n = 0
  for (let t = utc(from) + 86400e3; t <= utc(to); t += 86400e3)
    if (isWorkingDay(new Date(t).toISOString().slice(0, 10), calendar)) n++
  return n
}
