// The live state of a poll's hall (GET /api/v1/polls/{id}/events): one
// EventSource per page, pushed by the server at every change of the poll
// (check-in, open, each ballot, close), the same on whichever node the page
// talks to. The browser reconnects by itself after a dropped connection and
// sends Last-Event-ID, so the server sends only what is newer.
import { onBeforeUnmount, ref, watch, type Ref } from 'vue'
import type { Hall } from '../api/types'

/** Follow poll id's hall; onChange is called with each state, the first included. */
export function useHall(id: Ref<number | null>, onChange?: (h: Hall) => void) {
  const state = ref<Hall | null>(null) as Ref<Hall | null>
  const connected = ref(false)
  let source: EventSource | null = null

  function close() {
    source?.close()
    source = null
    connected.value = false
  }

  function open(poll: number) {
    close()
    state.value = null
    const es = new EventSource(`/api/v1/polls/${poll}/events`)
    source = es
    es.addEventListener('open', () => (connected.value = true))
    es.addEventListener('error', () => (connected.value = es.readyState === EventSource.OPEN))
    es.addEventListener('hall', (ev) => {
      const h = JSON.parse((ev as MessageEvent<string>).data) as Hall
      state.value = h
      connected.value = true
      onChange?.(h)
    })
  }

  watch(id, (v) => (v ? open(v) : close()), { immediate: true })
  onBeforeUnmount(close)
  return { state, connected }
}
