// Element Plus tag colours for a round's phase, a poll's status and a project's
// outcome on the clerk's pages (all AA in style.css).

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
