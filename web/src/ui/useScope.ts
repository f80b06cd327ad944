// Which congress a clerk's page shows (三级联动): the clerk's own, or one
// below it. A clerk of a congress reads the staff pages of every congress
// below it with the same GET routes (docs/api.md, "Scopes"), but writes only
// for its own: a congress below is shown read-only. The choices are the
// clerk's own congress and those below it, from its public roll-up's
// `congresses` (itself first, then by depth), as the audit log offers them.
// An administrator, who belongs to no congress, works on the congress chosen
// on /clerk and is offered no choice here.
import { computed, ref, watch, type Ref } from 'vue'
import { api } from '../api/client'
import { session } from '../auth/session'
import type { RollupNode } from '../api/types'

export function useScope(congressId: Ref<number | null>) {
  /** The clerk's own congress and those below it; empty for an administrator or before they load. */
  const nodes = ref<RollupNode[]>([])
  const picked = ref<number | null>(null)
  const own = computed(() => session.user?.congress_id ?? null)
  watch(
    congressId,
    async (id) => {
      picked.value = id
      nodes.value = []
      if (!id || id !== own.value) return
      try {
        nodes.value = (await api.get('/congresses/{id}/rollup', { id })).congresses
      } catch {
        /* no choice offered: the page shows the clerk's own congress */
      }
    },
    { immediate: true },
  )
  /** The congress the page shows. */
  const viewed = computed(() => picked.value ?? congressId.value)
  /** A congress below the clerk's own: read only (the server answers 403 to writes there). */
  const readOnly = computed(() => viewed.value != null && viewed.value !== congressId.value)
  /** The shown congress's names (for a page's heading), once the roll-up has them. */
  const viewedNode = computed(() => nodes.value.find((n) => n.id === viewed.value) ?? null)
  return { nodes, picked, viewed, readOnly, viewedNode }
}
