// Money and dates in the reader's locale. Money is whole yuan; large sums in
// Chinese read in 万元 (ten-thousands), as the budget papers print them.
import { locale } from '../app/i18n'

function loc(): string {
  return locale.value === 'en' ? 'en' : 'zh-CN'
}

export function money(yuan: number | null | undefined): string {
  if (yuan === null || yuan === undefined) return '—'
  if (loc() === 'zh-CN') {
    if (Math.abs(yuan) >= 10000)
      return new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 }).format(yuan / 10000) + ' 万元'
    return new Intl.NumberFormat('zh-CN').format(yuan) + ' 元'
  }
  return new Intl.NumberFormat('en', { style: 'currency', currency: 'CNY', currencyDisplay: 'code', maximumFractionDigits: 0 }).format(yuan)
}

export function num(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—'
  return new Intl.NumberFormat(loc()).format(n)
}

/** A fraction 0..1 as a percent in the reader's locale (one decimal at most); null: '—'. */
export function percent(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—'
  return new Intl.NumberFormat(loc(), { style: 'percent', maximumFractionDigits: 1 }).format(v)
}

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  const d = new Date(iso)
  if (isNaN(d.getTime())) return iso
  return new Intl.DateTimeFormat(loc(), { dateStyle: 'medium', timeStyle: 'short' }).format(d)
}

/** A calendar day "YYYY-MM-DD" in the reader's language: 2026年12月31日, 31 Dec 2026. */
export function calendarDay(iso: string | null | undefined): string {
  if (!iso) return '—'
  const d = new Date(iso + 'T00:00:00Z')
  if (isNaN(d.getTime())) return iso
  return new Intl.DateTimeFormat(loc(), { dateStyle: 'medium', timeZone: 'UTC' }).format(d)
}

/** Pick the English or Chinese variant of a bilingual field. */
export function pick(zh: string | null | undefined, en: string | null | undefined): string {
  if (loc() === 'en' && en) return en
  return zh || en || ''
}
