// A paginated, searchable list backed by one API list endpoint
// ({items,total,page,per_page} with ?q=&page=&per_page=). The search is
// debounced; a failed load keeps the old rows and exposes the error.
import { reactive, ref, watch } from 'vue'
import { api, type Page } from '../api'
import { describe } from '../errors'

export function usePagedList<T>(path: () => string | null, perPage = 20) {
  const state = reactive({ q: '', page: 1, perPage, total: 0, loading: false, error: '' })
  const items = ref<T[]>([]) as { value: T[] }
  let timer: ReturnType<typeof setTimeout> | undefined
  let seq = 0

  async function load() {
    const p = path()
    if (!p) return
    const mine = ++seq
    state.loading = true
    try {
      const r = await api.get<Page<T>>(p, { q: state.q, page: state.page, per_page: state.perPage })
      if (mine !== seq) return
      items.value = r.items
      state.total = r.total
      state.error = ''
    } catch (e) {
      if (mine === seq) state.error = describe(e)
    } finally {
      if (mine === seq) state.loading = false
    }
  }
  watch(
    () => state.q,
    () => {
      clearTimeout(timer)
      timer = setTimeout(() => {
        state.page = 1
        load()
      }, 250)
    },
  )
  watch(() => [state.page, state.perPage], load)
  return { state, items, load }
}
