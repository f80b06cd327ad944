// Field errors for forms: the API names the offending field (error.field), so
// the message goes next to that field; anything else shows above the form.
import { reactive } from 'vue'
import { ApiError } from './api'
import { i18n } from './i18n'

export interface FormErrors {
  fields: Record<string, string>
  general: string
}

export function useFormErrors() {
  const errors = reactive<FormErrors>({ fields: {}, general: '' })
  function clear() {
    errors.fields = {}
    errors.general = ''
  }
  function apply(e: unknown) {
    clear()
    errors.general = describe(e)
    if (e instanceof ApiError && e.field) errors.fields[e.field] = e.message
  }
  return { errors, clear, apply }
}

/** A sentence for any error, in the reader's language where we have one. */
export function describe(e: unknown): string {
  const t = i18n.global.t
  if (e instanceof ApiError) {
    if (e.status === 0) return t('error.network')
    if (e.status === 403) return t('error.forbidden') + '（' + e.message + '）'
    return e.message
  }
  return t('error.generic', { msg: String((e as Error)?.message ?? e) })
}
