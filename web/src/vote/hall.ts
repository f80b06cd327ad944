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

  let retry: ReturnType<typeof setTimeout> | undefined
  let backoff = 2000

  function close() {
    clearTimeout(retry)
    source?.close()
    source = null
    connected.value = false
  }

  function open(poll: number) {
    close()
    const es = new EventSource(`/api/v1/polls/${poll}/events`)
    source = es
    es.addEventListener('open', () => {
      connected.value = true
      backoff = 2000
    })
    es.addEventListener('error', () => {
      connected.value = es.readyState === EventSource.OPEN
      // The browser retries a dropped stream by itself, but gives up for good
      // on an answer that is not a stream (a 502 while a node restarts, a 503):
      // then open it again, waiting longer each time (up to 30 s).
      if (es.readyState === EventSource.CLOSED && source === es) {
        retry = setTimeout(() => {
          if (source === es) open(poll)
        }, backoff)
        backoff = Math.min(30000, backoff * 2)
      }
    })
    es.addEventListener('hall', (ev) => {
      const h = JSON.parse((ev as MessageEvent<string>).data) as Hall
      state.value = h
      connected.value = true
      onChange?.(h)
    })
  }

  watch(
    id,
    (v) => {
      state.value = null
      if (v) open(v)
      else close()
    },
    { immediate: true },
  )
  onBeforeUnmount(close)
  return { state, connected }
}
