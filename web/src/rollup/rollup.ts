// Three-level linkage (三级联动): a congress's roll-up for a year
// (GET /congresses/{id}/rollup?year=), loaded for the dashboard and the big
// screen; the years a reader may choose; a congress's short name on a chart
// axis or a tile (江北区 for 江州市江北区人民代表大会 under the city); and the
// series the charts draw, each with its colour and word.
import { ref, watch, type Ref } from 'vue'
import { api } from '../api/client'
import { describe } from '../ui/errors'
import { chinaToday } from '../ui/days'
import { pick } from '../ui/format'
import type { Rollup, RollupFigures, RollupNode } from '../api/types'

/** The server's years (invalid_year outside them). */
const YEAR_MIN = 2000
const YEAR_MAX = 2100

/** This year in China, as the server counts the roll-up's default year. */
export function thisYear(): number {
  return Number(chinaToday().slice(0, 4))
}

/** The years offered: this one and four before it, and `also` if it is another. */
export function yearChoices(also?: number): number[] {
  const y = thisYear()
  const ys = [y, y - 1, y - 2, y - 3, y - 4]
  if (also && !ys.includes(also)) ys.push(also)
  return ys.sort((a, b) => b - a)
}

/** The year of an address's ?year=, when it is one the server takes; else null. */
export function yearOf(q: unknown): number | null {
  const n = typeof q === 'string' && /^\d{4}$/.test(q) ? Number(q) : NaN
  return n >= YEAR_MIN && n <= YEAR_MAX ? n : null
}

/**
 * A congress's name without what the reader already knows: its parent's
 * place (江州市江北区东门街道居民议事会 under 江州市江北区人民代表大会 is
 * 东门街道居民议事会) and "人民代表大会" / "People's Congress".
 */
export function shortName(node: Pick<RollupNode, 'name' | 'name_en'>, parent?: Pick<RollupNode, 'name' | 'name_en'> | null): string {
  const full = pick(node.name, node.name_en)
  const en = full !== node.name
  let s = full
  if (!en && parent) {
    const place = parent.name.replace(/人民代表大会$/, '')
    if (place && s.startsWith(place) && s.length > place.length) s = s.slice(place.length)
  }
  s = en ? s.replace(/\s*People['’]s Congress$/i, '') : s.replace(/人民代表大会$/, '')
  return s || full
}

/** The roll-up of congress `id` for `year`, loaded again whenever either changes (and by load()). */
export function useRollup(id: Ref<number>, year: Ref<number>) {
  const data = ref<Rollup | null>(null) as Ref<Rollup | null>
  const error = ref('')
  const loading = ref(false)
  let seq = 0
  async function load() {
    const mine = ++seq
    loading.value = true
    try {
      const r = await api.get('/congresses/{id}/rollup', { id: id.value }, { year: year.value })
      if (mine !== seq) return
      data.value = r
      error.value = ''
    } catch (e) {
      if (mine === seq) error.value = describe(e)
    } finally {
      if (mine === seq) loading.value = false
    }
  }
  watch([id, year], load, { immediate: true })
  return { data, error, loading, load }
}

/** A figure's key in RollupFigures that is a count (not a rate). */
export type Count = { [K in keyof RollupFigures]: RollupFigures[K] extends number ? K : never }[keyof RollupFigures]

/** A chart's series: the figure it draws, its colour and the colour of the numbers on it. */
export interface Series {
  key: Count
  colour: string
  text: string
}

/** Projects by warning light: the light's colour (as LightTag and LightChart), white numbers on it. */
export const LIGHT_SERIES: Series[] = [
  { key: 'green', colour: '#2b6e2f', text: '#fff' },
  { key: 'yellow', colour: '#8a5300', text: '#fff' },
  { key: 'red', colour: '#b42318', text: '#fff' },
  { key: 'blue', colour: '#1d4ed8', text: '#fff' },
]

/** Year-end verdicts: as the evaluation's chart, then those without a verdict and those not yet evaluated in greys. */
export const VERDICT_SERIES: Series[] = [
  { key: 'satisfied', colour: '#2b6e2f', text: '#fff' },
  { key: 'basic', colour: '#1d4ed8', text: '#fff' },
  { key: 'dissatisfied', colour: '#b42318', text: '#fff' },
  { key: 'no_verdict', colour: '#56595f', text: '#fff' },
  { key: 'unevaluated', colour: '#d6d8dc', text: '#1d1f23' },
]

/** Casework: cases filed, of them closed, of them overdue (side by side, not stacked: the last two are parts of the first). */
export const CASE_SERIES: Series[] = [
  { key: 'cases', colour: '#45474c', text: '#1d1f23' },
  { key: 'cases_closed', colour: '#2b6e2f', text: '#1d1f23' },
  { key: 'cases_overdue', colour: '#b42318', text: '#1d1f23' },
]

/* The big screen's series: the same figures on a dark wall, in brighter tones with dark numbers on them. */
export const SCREEN_LIGHT_SERIES: Series[] = [
  { key: 'green', colour: '#3fb950', text: '#0b1424' },
  { key: 'yellow', colour: '#f2c14e', text: '#0b1424' },
  { key: 'red', colour: '#ff6b5e', text: '#0b1424' },
  { key: 'blue', colour: '#6ea8ff', text: '#0b1424' },
]
export const SCREEN_VERDICT_SERIES: Series[] = [
  { key: 'satisfied', colour: '#3fb950', text: '#0b1424' },
  { key: 'basic', colour: '#6ea8ff', text: '#0b1424' },
  { key: 'dissatisfied', colour: '#ff6b5e', text: '#0b1424' },
  { key: 'no_verdict', colour: '#a3acb9', text: '#0b1424' },
  { key: 'unevaluated', colour: '#4b5a70', text: '#fff' },
]
/** Demands received, cases filed, of them overdue (side by side; the closed are a headline figure). */
export const SCREEN_VOLUME_SERIES: Series[] = [
  { key: 'demands', colour: '#b69cff', text: '#fff' },
  { key: 'cases', colour: '#c9d1d9', text: '#fff' },
  { key: 'cases_overdue', colour: '#ff6b5e', text: '#fff' },
]

/** The three rates of casework (each a fraction summed over the units). */
export type RateKey = 'response' | 'resolution' | 'satisfaction'
export interface RateSeries {
  key: RateKey
  colour: string
}
export const RATE_SERIES: RateSeries[] = [
  { key: 'response', colour: '#1d4ed8' },
  { key: 'resolution', colour: '#0b6e6e' },
  { key: 'satisfaction', colour: '#8e1f17' },
]
export const SCREEN_RATE_SERIES: RateSeries[] = [
  { key: 'response', colour: '#6ea8ff' },
  { key: 'resolution', colour: '#2ec4b6' },
  { key: 'satisfaction', colour: '#f2c14e' },
]

/** A click on a chart (ECharts' event): on a bar (its index among the rows drawn) or on a name on an axis. */
export interface ChartClick {
  componentType?: string
  dataIndex?: number
  value?: unknown
}

/** The row a click picks: a bar's row, or the row named on the category axis (axis) by the text clicked. */
export function pickedRow<R>(p: ChartClick, rows: R[], labels: string[], axis: 'xAxis' | 'yAxis'): R | undefined {
  if (p.componentType === 'series' && typeof p.dataIndex === 'number') return rows[p.dataIndex]
  if (p.componentType === axis) return rows[labels.indexOf(String(p.value))]
  return undefined
}
