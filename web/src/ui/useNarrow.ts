// True on narrow screens (phones, down to 360 px): forms put labels on top,
// dialogs go full screen and the pager shows fewer buttons.
import { onBeforeUnmount, ref } from 'vue'

export function useNarrow(maxWidth = 700) {
  const mq = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(`(max-width: ${maxWidth}px)`) : null
  const narrow = ref(mq ? mq.matches : false)
  const update = (e: MediaQueryListEvent) => (narrow.value = e.matches)
  mq?.addEventListener('change', update)
  onBeforeUnmount(() => mq?.removeEventListener('change', update))
  return narrow
}
