// The general line above a form's buttons repeats nothing: when the API's
// error names a field the form shows, the message is already next to it.
import type { FormErrors } from './errors'

export function generalError(errors: FormErrors, shown: string[]): string {
  if (!errors.general) return ''
  return shown.some((f) => errors.fields[f]) ? '' : errors.general
}
