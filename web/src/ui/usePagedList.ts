// A paginated, searchable list over one of the API's list endpoints
// (?q=&page=&per_page= → {items, total, page, per_page}). Typing in the search
// box reloads from page 1 after a short pause; answers that arrive out of
// order are dropped, so the table always shows the latest query.
import { onBeforeUnmount, reactive, watch } from 'vue'
import { api, fill, type Answer, type Params, type PathOf } from '../api/client'
import { describe } from './errors'

/** The document's paged lists: routes whose answer is {items, total, page, per_page}. */
export type ListPath = {
  [P in PathOf<'get'>]: Answer<P, 'get'> extends { items: unknown[]; total: number } ? P : never
}[PathOf<'get'>]
/** One item of such a list. */
export type ListItem<P extends ListPath> = Answer<P, 'get'> extends { items: (infer I)[] } ? I : never

export interface PagedList<T> {
  items: T[]
  total: number
  page: number
  perPage: number
  q: string
  loading: boolean
  error: string
  load: () => Promise<void>
  /** The whole list again from its first page, the search cleared (after an import). */
  restart: () => Promise<void>
}

/** `route()` names the list and its parameters, e.g. ['/cycles/{id}/candidates', { id }], or null for none yet. */
export function usePagedList<P extends ListPath>(route: () => readonly [P, Params<P>] | null, perPage = 20): PagedList<ListItem<P>> {
  type T = ListItem<P>
  const path = () => {
    const r = route()
    return r ? fill(r[0], r[1] as Record<string, string | number>) : null
  }
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
    restart,
  }) as PagedList<T>

  async function load(): Promise<void> {
    const r0 = route()
    if (!r0) return
    const mine = ++seq
    list.loading = true
    try {
      const query = { q: list.q.trim(), page: list.page, per_page: list.perPage }
      const r = (await (api.get as (p: string, params: unknown, q: unknown) => Promise<unknown>)(r0[0], r0[1], query)) as {
        items: T[]
        total: number
      }
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

  function restart(): Promise<void> {
    list.q = ''
    list.page = 1
    return load()
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
