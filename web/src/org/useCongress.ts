// Which congress the clerk pages work on: the clerk's own, or for an admin
// (who belongs to none) the one chosen on /clerk and kept in ?congress=ID;
// `congress` is that congress's record, loaded whenever the choice changes
// (`error` says why it could not be).
import { computed, ref, watch } from 'vue'
import { useRoute } from 'vue-router'
import { api } from '../api/client'
import { describe } from '../ui/errors'
import { session } from '../auth/session'
import type { Congress } from '../api/types'

export function useCongress() {
  const route = useRoute()
  const own = computed(() => session.user?.congress_id ?? null)
  const congressId = computed<number | null>(() => {
    if (own.value) return own.value
    const q = Number(route.query.congress)
    return Number.isInteger(q) && q > 0 ? q : null
  })
  /** The query to carry along on links to other clerk pages. */
  const query = computed(() => (!own.value && congressId.value ? { congress: String(congressId.value) } : {}))
  const congress = ref<Congress | null>(null)
  const error = ref('')
  watch(
    congressId,
    async (id) => {
      congress.value = null
      error.value = ''
      if (!id) return
      try {
        congress.value = await api.get('/congresses/{id}', { id })
      } catch (e) {
        error.value = describe(e)
      }
    },
    { immediate: true },
  )
  return { congressId, congress, error, canPick: computed(() => !own.value), query }
}
