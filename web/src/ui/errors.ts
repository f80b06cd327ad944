// Errors in the reader's language, and field errors for forms. The server
// words every error in both languages (message, message_zh; its catalogue is
// x-error-catalogue of the OpenAPI document), so the page only picks one: the
// Chinese under zh-CN, the English otherwise. What the server did not word
// (no connection, an answer without an error body) has the client's strings.
import { reactive } from 'vue'
import { ApiError } from '../api/client'
import { STATUS_MESSAGES } from '../api/catalogue'
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
  /** Take an error; `alias` maps a field the server names by other words to the form's (e.g. `base` → `threshold_base`). */
  function apply(e: unknown, alias: Record<string, string> = {}) {
    clear()
    errors.general = describe(e)
    if (e instanceof ApiError && e.field) errors.fields[alias[e.field] ?? e.field] = errors.general
  }
  return { errors, clear, apply }
}

/** A server text given in both languages ({message, message_zh}: an error, a CSV row's fault) in the reader's. */
export function inLocale(m: { message: string; message_zh: string }): string {
  return locale.value === 'zh-CN' && m.message_zh ? m.message_zh : m.message
}

/** A sentence for any error in the reader's language. */
export function describe(e: unknown): string {
  const { t } = i18n.global
  if (e instanceof ApiError) {
    if (e.status === 0) return t('error.network')
    if (e.messageZh) return inLocale({ message: e.message, message_zh: e.messageZh })
    if (e.status < 400) return t('error.badResponse')
    // An error answer the server did not word (e.g. a proxy's page): its
    // status class in the server's catalogue, else the status itself.
    const c = STATUS_MESSAGES[e.status]
    if (c) return locale.value === 'zh-CN' ? c.zh : c.en
    return t('error.status', { status: e.status })
  }
  return t('error.generic', { msg: String((e as Error)?.message ?? e) })
}
