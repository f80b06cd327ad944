// A paginated, searchable list over one of the API's list endpoints
// (?q=&page=&per_page= → {items, total, page, per_page}). Typing in the search
// box reloads from page 1 after a short pause; answers that arrive out of
// order are dropped, so the table always shows the latest query.
import { onBeforeUnmount, reactive, watch } from 'vue'
import { api, type Page } from '../api/client'
import { describe } from './errors'

export interface PagedList<T> {
  items: T[]
  total: number
  page: number
  perPage: number
  q: string
  loading: boolean
  error: string
  load: () => Promise<void>
}

export function usePagedList<T>(path: () => string | null, perPage = 20): PagedList<T> {
  let seq = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  const list = reactive({
    items: [] as T[],
    total: 0,
    page: 1,
    perPage,
    q: '',
    loading: false,
    error: '',
    load,
  }) as PagedList<T>

  async function load(): Promise<void> {
    const p = path()
    if (!p) return
    const mine = ++seq
    list.loading = true
    try {
      const r = await api.get<Page<T>>(p, { q: list.q.trim(), page: list.page, per_page: list.perPage })
      if (mine !== seq) return
      list.error = ''
      if (r.items.length === 0 && r.total > 0 && list.page > 1) {
        // The page ran past the end (the list shrank): show the last one.
        list.page = Math.max(1, Math.ceil(r.total / list.perPage))
        return
      }
      list.items = r.items
      list.total = r.total
    } catch (e) {
      if (mine === seq) list.error = describe(e)
    } finally {
      if (mine === seq) list.loading = false
    }
  }

  watch(
    () => list.q,
    (q, old) => {
      // Narrow what is on screen at once (the server's search is a substring
      // match too); the server's answer for the whole list follows.
      const needle = q.trim().toLowerCase()
      if (needle && needle.startsWith(old.trim().toLowerCase()))
        list.items = list.items.filter((it) =>
          Object.values(it as Record<string, unknown>).some((v) => typeof v === 'string' && v.toLowerCase().includes(needle)),
        )
      clearTimeout(timer)
      timer = setTimeout(() => {
        if (list.page !== 1) list.page = 1 // the page watcher reloads
        else load()
      }, 300)
    },
  )
  watch(() => [list.page, list.perPage], () => load())
  watch(
    path,
    (p, old) => {
      if (p === old) return
      if (old !== undefined) list.page = 1
      load()
    },
    { immediate: true },
  )
  onBeforeUnmount(() => clearTimeout(timer))
  return list
}
