// vue-i18n set-up: zh-CN by default, English as a toggle remembered in
// localStorage. Messages live per area in src/locales/<area>.ts, each exporting
// { 'zh-CN': {...}, en: {...} } under its own top-level key, merged here.
import { createI18n } from 'vue-i18n'
import common from './locales/common'
import publicMsgs from './locales/public'
import clerk from './locales/clerk'
import deputy from './locales/deputy'

export type Locale = 'zh-CN' | 'en'
const areas = [common, publicMsgs, clerk, deputy]
const messages: Record<Locale, Record<string, any>> = { 'zh-CN': {}, en: {} }
for (const a of areas) for (const l of ['zh-CN', 'en'] as Locale[]) Object.assign(messages[l], a[l])

function initial(): Locale {
  try {
    const saved = localStorage.getItem('minsheng.locale')
    if (saved === 'en' || saved === 'zh-CN') return saved
  } catch {
    /* storage disabled */
  }
  return 'zh-CN'
}

export const i18n = createI18n<false>({
  legacy: false,
  locale: initial(),
  fallbackLocale: 'zh-CN',
  messages,
  missingWarn: false,
  fallbackWarn: false,
})

/** The current locale as a ref (the Composition-API global). */
export const locale = i18n.global.locale as unknown as { value: Locale }

export function setLocale(l: Locale) {
  locale.value = l
  document.documentElement.lang = l
  try {
    localStorage.setItem('minsheng.locale', l)
  } catch {
    /* storage disabled */
  }
}
