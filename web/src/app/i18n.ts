// vue-i18n set-up: zh-CN by default, English as a toggle remembered in
// localStorage. Strings live beside the pages that show them, one file per
// domain and audience: src/<domain>/locale/<audience>.json5, each
// { 'zh-CN': {...}, en: {...} }. The `public` files come with the first page;
// the others (clerk, deputy, unit) are fetched with that role's pages
// (loadMessages, called by the router for a route's meta.role). The build
// precompiles every message (@intlify/unplugin-vue-i18n, vite.config.ts), so
// the browser runs the runtime-only vue-i18n: no message compiler, no eval.
import { createI18n } from 'vue-i18n'

export type Locale = 'zh-CN' | 'en'
type Messages = Partial<Record<Locale, Record<string, any>>>
const LOCALES: Locale[] = ['zh-CN', 'en']

const eager = import.meta.glob<Messages>('../*/locale/public.json5', { eager: true, import: 'default' })
const lazy = import.meta.glob<Messages>(['../*/locale/*.json5', '!../*/locale/public.json5'], { import: 'default' })
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
  messages: { 'zh-CN': {}, en: {} },
  missingWarn: false,
  fallbackWarn: false,
})

/** Merge one file's strings (a domain's files may share a top-level key, e.g. `pub` or `clerk`). */
function add(m: Messages) {
  for (const l of LOCALES) if (m[l]) i18n.global.mergeLocaleMessage(l, m[l])
}
for (const m of Object.values(eager)) add(m)

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

/** Make an audience's strings available (once); resolves when they are. */
export async function loadMessages(audience: string): Promise<void> {
  if (loaded.has(audience)) return
  const files = Object.keys(lazy).filter((path) => path.endsWith(`/locale/${audience}.json5`))
  if (!files.length) return
  for (const m of await Promise.all(files.map((path) => lazy[path]()))) add(m)
  loaded.add(audience)
}
