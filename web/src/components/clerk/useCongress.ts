// Which congress the clerk pages work on: the clerk's own, or for an admin
// (who belongs to none) the one chosen on /clerk and kept in ?congress=ID.
import { computed } from 'vue'
import { useRoute } from 'vue-router'
import { session } from '../../session'

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
  return { congressId, canPick: computed(() => !own.value), query }
}
