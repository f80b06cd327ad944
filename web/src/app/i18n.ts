// vue-i18n set-up: zh-CN by default, English as a toggle remembered in
// localStorage. Messages live per area in src/locales/<area>.ts, each exporting
// { 'zh-CN': {...}, en: {...} } under its own top-level key. The shared and
// public strings are bundled with the first page; the clerk's and deputies'
// are fetched with their pages (loadMessages, called by the router).
import { createI18n } from 'vue-i18n'
import common from '../locales/common'
import publicMsgs from '../locales/public'

export type Locale = 'zh-CN' | 'en'
type Area = Record<Locale, Record<string, any>>
const messages: Area = { 'zh-CN': {}, en: {} }
for (const a of [common, publicMsgs]) for (const l of ['zh-CN', 'en'] as Locale[]) Object.assign(messages[l], a[l])

const lazy: Record<string, () => Promise<{ default: Area }>> = {
  clerk: () => import('../locales/clerk'),
  deputy: () => import('../locales/deputy'),
  unit: () => import('../locales/unit'),
}
const loaded = new Set<string>()

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

/** Make an area's strings available (once); resolves when they are. */
export async function loadMessages(area: string): Promise<void> {
  if (loaded.has(area) || !lazy[area]) return
  const m = (await lazy[area]()).default
  for (const l of ['zh-CN', 'en'] as Locale[]) i18n.global.mergeLocaleMessage(l, m[l])
  loaded.add(area)
}
