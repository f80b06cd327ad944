// Field errors for forms: the API names the offending field (error.field), so
// the message goes next to that field; anything else shows above the form.
import { reactive } from 'vue'
import { ApiError } from '../api/client'
import { i18n, locale } from '../app/i18n'

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
    if (e instanceof ApiError && e.field) errors.fields[e.field] = errors.general
  }
  return { errors, clear, apply }
}

// Codes whose server message carries the particulars (which field, which
// value): in Chinese the translated code comes first, then the message.
const DETAILED = new Set(['invalid_json', 'unknown_field', 'invalid_field', 'missing_field', 'invalid_value', 'invalid_request', 'duplicate', 'invalid_pb'])

/**
 * A sentence for any error in the reader's language: the API's messages are
 * English, so under zh-CN a known error code is translated (locale/public.json5
 * apiError), keeping the server's particulars where they matter.
 */
export function describe(e: unknown): string {
  const { t, te } = i18n.global
  if (e instanceof ApiError) {
    if (e.status === 0) return t('error.network')
    const key = 'apiError.' + e.code
    if (locale.value === 'zh-CN' && te(key)) return DETAILED.has(e.code) ? `${t(key)}：${e.message}` : t(key)
    return e.message
  }
  return t('error.generic', { msg: String((e as Error)?.message ?? e) })
}
