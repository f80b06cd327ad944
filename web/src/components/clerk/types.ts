// The clerk pages' own shapes and helpers; the API's objects are in src/types.ts.
export * from '../../types'

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
