// The names of the API's enums on screen (a round's phase, a poll's status,
// the ballot form, the threshold's base, a role, a congress's level): one
// table per enum, the server's x-enums labels (api/enums.ts, generated from the
// OpenAPI document), in the reader's language. In English a label stands
// alone on screen, so it starts with a capital. Where the web app has kept a
// wording of its own, it is in ui/locale/public.json5 under `wording` (the
// differences from the server's labels are listed there).
import { ENUMS, type EnumKey, type EnumName } from '../api/enums'
import { i18n, locale } from '../app/i18n'

/** An enum's keys in the server's order. */
export function enumKeys<E extends EnumName>(name: E): EnumKey<E>[] {
  return ENUMS[name].map((i) => i.key) as EnumKey<E>[]
}

/** A key's label in the reader's language. */
export function enumLabel<E extends EnumName>(name: E, key: EnumKey<E>): string {
  const { t, te } = i18n.global
  const own = `wording.${name}.${key}`
  if (te(own, locale.value)) return t(own)
  const item = (ENUMS[name] as readonly { key: string; zh: string; en: string }[]).find((i) => i.key === key)
  if (!item) return key
  return locale.value === 'zh-CN' ? item.zh : item.en.charAt(0).toUpperCase() + item.en.slice(1)
}
